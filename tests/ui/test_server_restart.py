"""A PostgreSQL server restart while the app is open (issue 8): the banner shows, a save made
meanwhile is refused with the typing kept and nothing written, and once the server is back the
banner goes, the screens reload and the same save goes through exactly once."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Iterator

import pytest
from sqlmodel import select
from tests.live.private_pg import PrivateServer
from tests.ui.test_live_refresh import wait_until as live_wait_until
from tests.ui.test_roster_support import TODAY, seed_small, settle

from amtui.app import AmtuiApp
from amtui.config import resolve_target
from amtui.db import open_database
from amtui.live.watcher import Timing
from amtui.models import Interaction
from amtui.screens.clients import ClientsScreen
from amtui.screens.forms import LOST_WHILE_LOADING, LOST_WHILE_SAVING
from amtui.screens.quick_log import QuickLogScreen
from amtui.widgets.link_banner import LinkBanner

WITHIN = 15.0
"""Seconds a step may take before the test gives up (a bound on the wait, not a speed check)."""
SUMMARY = "called while the server restarted"


@pytest.fixture
def server() -> Iterator[PrivateServer]:
    server = PrivateServer()
    server.start()
    yield server
    server.remove()


async def wait_until(pilot, condition: Callable[[], bool], what: str) -> None:
    await live_wait_until(pilot, condition, what, WITHIN)


@contextlib.asynccontextmanager
async def open_app(server: PrivateServer, app_factory) -> AsyncIterator[tuple[AmtuiApp, object, int]]:
    """The seeded workspace on ``server`` open in the app (reconnecting quickly): app, pilot, Café's id."""
    db = open_database(resolve_target(server.url))
    try:
        cafe = seed_small(db).clients["Café Øresund"]
        app = app_factory(db)
        app.live.timing = Timing(backoff_first=0.1, backoff_most=0.5)
        async with app.run_test(size=(120, 35)) as pilot:
            await settle(app, pilot)
            yield app, pilot, cafe
    finally:
        db.dispose()


def logged(app: AmtuiApp) -> int:
    """How many interactions carry :data:`SUMMARY`."""
    with app.db.read() as session:
        return len(session.exec(select(Interaction).where(Interaction.summary == SUMMARY)).all())


def banner_on(screen) -> bool:
    return bool(list(screen.query_children(LinkBanner)))


def notices(app: AmtuiApp) -> list[str]:
    """Every message ``app`` notifies from now on, kept after its toast times out (on a loaded
    machine the five seconds of a toast can pass before the test looks)."""
    told: list[str] = []
    notify = app.notify

    def recording(message: str, **options: object) -> None:
        told.append(message)
        notify(message, **options)

    app.notify = recording  # type: ignore[method-assign]
    return told


def form_error(form: QuickLogScreen) -> str:
    label = form.query_one("#form-error")
    return str(label.render()) if label.display else ""


async def test_server_restart_while_open(server: PrivateServer, app_factory) -> None:
    async with open_app(server, app_factory) as (app, pilot, cafe):
        await pilot.press("2")
        await settle(app, pilot)
        roster = app.screen
        assert isinstance(roster, ClientsScreen)
        await app.push_screen(QuickLogScreen(cafe))
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, QuickLogScreen)
        form.query_one("#summary").value = SUMMARY
        told = notices(app)

        await asyncio.to_thread(server.stop)
        await wait_until(pilot, lambda: banner_on(form) and banner_on(roster), "the banner")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not form.saving and form_error(form) != "", "the refused save")
        assert app.screen is form and form_error(form) == LOST_WHILE_SAVING
        assert form.query_one("#summary").value == SUMMARY  # typing kept

        await asyncio.to_thread(server.start)
        await wait_until(pilot, lambda: not banner_on(form) and not banner_on(roster), "the banner gone")
        assert any("Reconnected" in message for message in told)
        assert logged(app) == 0  # the refused save wrote nothing
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is roster, "the saved log")
        await settle(app, pilot)
        cafe_row = next(row for row in roster.table.rows if row.id == cafe)
        assert cafe_row.last_contact == TODAY  # the roster reloaded
        assert logged(app) == 1


async def test_a_form_opened_while_the_server_is_down_fills_in_once_it_is_back(server: PrivateServer,
                                                                              app_factory) -> None:
    async with open_app(server, app_factory) as (app, pilot, cafe):
        await asyncio.to_thread(server.stop)
        await wait_until(pilot, lambda: banner_on(app.screen), "the banner")
        await app.push_screen(QuickLogScreen(cafe))
        form = app.screen
        assert isinstance(form, QuickLogScreen)
        await wait_until(pilot, lambda: form_error(form) == LOST_WHILE_LOADING, "the failed load")
        assert form.client is None
        form.query_one("#summary").value = SUMMARY  # typed while it could not load

        await asyncio.to_thread(server.start)
        await wait_until(pilot, lambda: form.client is not None, "the form filled in")
        assert form.client.id == cafe and form_error(form) == ""
        assert form.query_one("#summary").value == SUMMARY
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is not form, "the saved log")
        assert logged(app) == 1
