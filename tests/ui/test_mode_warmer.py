"""Screens built in idle moments (amtui.mode_warmer): once the first screen has its data, the
other four are built and loaded in the background, one at a time and only while nothing else
loads, so a first visit shows data already there and stays fresh after a write."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator

import pytest
from tests.ui.test_roster_support import TODAY, settle
from tests.ui.test_shell import wait_for

from amtui.app import MODE_KEYS, AmtuiApp
from amtui.enums import InteractionKind
from amtui.messages import DataChange
from amtui.models import Interaction
from amtui.screens.budgets import BudgetsScreen
from amtui.screens.clients import ClientsScreen
from amtui.screens.team import TeamScreen
from amtui.screens.today import TodayScreen
from amtui.screens.vendors import VendorsScreen

MODES = [mode for _key, mode, _label, _tip in MODE_KEYS]

HAS_DATA: dict[type, Callable[[object], bool]] = {
    TodayScreen: lambda screen: screen.queue is not None,
    ClientsScreen: lambda screen: screen._loaded and screen.table.total_count > 0,
    TeamScreen: lambda screen: screen.data is not None,
    VendorsScreen: lambda screen: screen.loaded,
    BudgetsScreen: lambda screen: screen._loaded,
}


@pytest.fixture(autouse=True)
def _warm_modes(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """These tests drive the app as the CLI makes it: building modes in idle moments (and
    freezing the heap after; unfrozen again so the test's own objects can be collected)."""
    monkeypatch.setattr(AmtuiApp, "WARM_MODES", True)
    yield
    gc.unfreeze()


def built(app: AmtuiApp) -> dict[str, object]:
    """Each mode's built screen (the bottom of its stack), by mode."""
    return {mode: stack[0] for mode, stack in app._screen_stacks.items() if stack}


def loaded(screen: object) -> bool:
    return HAS_DATA[type(screen)](screen) and not any(widget.loading for widget in screen.query("*"))


async def all_warm(app: AmtuiApp, pilot) -> None:
    """Every mode built, its data loaded, the heap frozen and the warmer stopped."""
    await wait_for(pilot, lambda: app.warmer.done, "every mode built")
    await settle(app, pilot)


async def test_an_idle_app_builds_every_mode_with_its_data_and_stays_on_today(seeded_db, app_factory) -> None:
    db, _seeded = seeded_db
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await all_warm(app, pilot)
        screens = built(app)
        assert set(MODES) <= set(screens)
        assert {mode: loaded(screens[mode]) for mode in MODES} == dict.fromkeys(MODES, True)
        assert app.current_mode == "today" and isinstance(app.screen, TodayScreen)
        assert gc.get_freeze_count() > 0  # what the screens hold, out of the collector's walks

        roster = screens["clients"]
        loads = sum(1 for worker in app.workers if worker.name == "roster")
        await pilot.press("2")
        assert app.screen is roster and roster.table.total_count == 6  # there at once
        await settle(app, pilot)
        assert sum(1 for worker in app.workers if worker.name == "roster") == loads  # no load on the visit


async def test_building_waits_while_a_load_runs(seeded_db, app_factory, monkeypatch: pytest.MonkeyPatch) -> None:
    import amtui.screens.today as today_module

    release = threading.Event()
    real = today_module.today_queue_and_facts

    def slow_queue(*args: object, **kwargs: object):
        assert release.wait(30), "the test never released Today's load"
        return real(*args, **kwargs)

    monkeypatch.setattr(today_module, "today_queue_and_facts", slow_queue)
    db, _seeded = seeded_db
    app = app_factory(db)
    try:
        async with app.run_test(size=(120, 35)) as pilot:
            await wait_for(pilot, lambda: "today" in built(app), "Today built")
            await pilot.pause(1.0)  # four idle checks' time, Today still loading
            assert set(built(app)) == {"today"}
            release.set()
            await all_warm(app, pilot)
            assert set(MODES) <= set(built(app))
    finally:
        release.set()


async def test_a_write_shows_on_a_screen_built_in_the_background(seeded_db, app_factory) -> None:
    db, seeded = seeded_db
    cafe = seeded.clients["Café Øresund"]
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await all_warm(app, pilot)
        with db.write() as s:
            s.add(Interaction(client_id=cafe, kind=InteractionKind.CALL, summary="checked in",
                              occurred_at=app.clock.now()))
        app.publish(DataChange(frozenset({"interaction"}), client_id=cafe))
        await settle(app, pilot)
        await pilot.press("2")
        row = next(row for row in app.screen.table.rows if row.id == cafe)
        assert row.last_contact == TODAY


async def test_without_warming_a_mode_is_built_on_its_first_visit(seeded_db, app_factory) -> None:
    db, _seeded = seeded_db
    app = app_factory(db, warm_modes=False)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(app, pilot)
        await pilot.pause(0.6)
        assert app.warmer is None and set(built(app)) == {"today"}
        await pilot.press("3")
        await settle(app, pilot)
        assert set(built(app)) == {"today", "team"}


async def test_a_screen_built_in_the_background_has_its_footer_ready(seeded_db, app_factory) -> None:
    """Its footer hides its own mode's key (not the shown one's), so showing it rebuilds nothing."""
    from textual.widgets._footer import FooterKey

    db, _seeded = seeded_db
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await all_warm(app, pilot)
        roster = built(app)["clients"]
        keys = list(roster.query(FooterKey))
        assert {"1", "3"} <= {key.key for key in keys} and "2" not in {key.key for key in keys}
        await pilot.press("2")
        await settle(app, pilot)
        assert app.screen is roster and list(roster.query(FooterKey)) == keys  # the same widgets
        await pilot.press("1")
        await settle(app, pilot)
        assert "1" not in {key.key for key in app.screen.query(FooterKey)}  # Today hides its own
