"""Keys typed fast after a key that opens a dialog or the filter go there, not to the roster.

``Pilot.press`` waits for the app after every key. A terminal does not: when the app is busy,
a fast typist's keys queue up and reach the app together. :func:`type_at_once` queues them
the same way, before the app handles the first.
"""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest
from sqlmodel import select
from tests.ui.test_roster_support import TODAY, settle, show_roster
from textual import events
from textual.widgets import Input

from amtui.app import AmtuiApp
from amtui.models import Interaction
from amtui.screens.capture import CaptureScreen
from amtui.screens.clients import ClientsScreen
from amtui.screens.quick_log import QuickLogScreen

SUMMARY = "x z e n called about budget"  # x done, z snooze, e edit, n new client: on the roster
CHARACTERS = {"space": " ", "slash": "/", "enter": "\r"}


def type_at_once(app: AmtuiApp, *keys: str) -> None:
    """Queue ``keys`` (Textual key names or single characters) as one burst from the terminal."""
    for key in keys:
        name = "space" if key == " " else key
        event = events.Key(name, CHARACTERS.get(name, name if len(name) == 1 else None))
        event.set_sender(app)
        app.post_message(event)


async def typed(app: AmtuiApp, pilot) -> None:
    """Wait until the app has handled every key sent so far, then for the workers they started."""
    received = asyncio.Event()
    app.call_later(received.set)  # the App's queue is in order: runs once it has taken every key
    await asyncio.wait_for(received.wait(), 30)
    for _ in range(1500):
        if not app.typing:
            break
        await pilot.pause(0.02)
    assert not app.typing
    await settle(app, pilot)


def follow_up_of(app: AmtuiApp, client_id: int) -> tuple[date | None, bool]:
    """(due day, done) of the client's follow-up."""
    with app.db.read() as s:
        row = s.exec(select(Interaction).where(Interaction.client_id == client_id,
                                               Interaction.follow_up_on.is_not(None))).one()
        return row.follow_up_on, row.follow_up_done


@pytest.mark.parametrize("burst", ["pilot", "terminal"])
@pytest.mark.parametrize(("key", "screen", "field"), [("l", QuickLogScreen, "#summary"),
                                                      ("c", CaptureScreen, "#capture-line")])
async def test_keys_typed_right_after_l_or_c_land_in_the_dialog(seeded_db, app_factory, burst: str, key: str,
                                                                 screen: type, field: str) -> None:
    db, seeded = seeded_db
    harbor = seeded.clients["Harbor Foods"]
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await show_roster(app, pilot)
        assert app.screen.table.move_to_key(harbor)
        due = follow_up_of(app, harbor)
        assert due == (TODAY - timedelta(days=2), False)
        if burst == "pilot":
            await pilot.press(key, *SUMMARY)
        else:
            type_at_once(app, key, *SUMMARY)
        await typed(app, pilot)
        assert [type(s) for s in app.screen_stack] == [ClientsScreen, screen]  # no client form from e or n
        assert app.screen.client_id == harbor
        assert app.screen.query_one(field, Input).value == SUMMARY
        assert follow_up_of(app, harbor) == due  # neither done (x) nor snoozed (z)


@pytest.mark.parametrize("burst", ["pilot", "terminal"])
async def test_keys_typed_right_after_slash_land_in_the_filter(seeded_db, app_factory, burst: str) -> None:
    db, seeded = seeded_db
    harbor = seeded.clients["Harbor Foods"]
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await show_roster(app, pilot)
        app.screen.table.move_to_key(harbor)
        due = follow_up_of(app, harbor)
        keys = ("slash", *"xzen")
        if burst == "pilot":
            await pilot.press(*keys)
        else:
            type_at_once(app, *keys)
        await typed(app, pilot)
        assert [type(s) for s in app.screen_stack] == [ClientsScreen]
        assert app.screen.filter_input.value == "xzen"
        assert app.screen.filter_input.has_focus
        assert follow_up_of(app, harbor) == due


async def test_a_burst_still_means_what_it_says_in_order(seeded_db, app_factory) -> None:
    """Filter to Harbor, enter back to the table, x: the x is meant for the roster, and works."""
    db, seeded = seeded_db
    harbor = seeded.clients["Harbor Foods"]
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await show_roster(app, pilot)
        type_at_once(app, "slash", *"harb", "enter", "x")
        await typed(app, pilot)
        assert app.screen.filter_input.value == "harb"
        assert app.screen.table.has_focus
        assert follow_up_of(app, harbor)[1] is True
