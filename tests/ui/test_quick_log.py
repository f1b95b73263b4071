"""Quick log: the fast path, typing the client, keys for kind/direction, errors at the field."""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

import pytest
from tests.ui.test_forms_support import (
    NOW,
    TODAY,
    field_error,
    interactions,
    open_detail,
    seed_world,
    settle,
    type_text,
)
from textual.events import Key

from amtui.config import resolve_target
from amtui.db import Database, open_database
from amtui.enums import Direction, InteractionKind
from amtui.screens.client_detail import ClientDetailScreen
from amtui.screens.quick_log import QuickLogScreen


@pytest.fixture
def db(tmp_path: Path):
    database = open_database(resolve_target(str(tmp_path / "ws" / "amtui.db")))
    yield database
    database.dispose()


async def test_fast_path_from_the_detail(db: Database, app_factory) -> None:
    """l, the summary, tab, +3d, enter: 4 keys beyond the text typed."""
    world = seed_world(db)
    acme = world.clients["acme"]
    before = len(interactions(db, acme))
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await open_detail(pilot, acme)
        keys = 0
        await pilot.press("l")
        keys += 1
        await settle(pilot)
        assert isinstance(app.screen, QuickLogScreen)
        text = await type_text(pilot, "Agreed the Q3 brief")
        await pilot.press("tab")
        keys += 1
        text += await type_text(pilot, "+3d")
        await pilot.press("enter")
        keys += 1
        await settle(pilot)
        assert isinstance(app.screen, ClientDetailScreen)
        assert keys == 3  # beyond the summary and "+3d" typed
        timeline = app.screen.query_one("#timeline")
        assert len(interactions(db, acme)) == before + 1
        assert timeline.row_count == before + 1  # the detail reloaded at once
    row = interactions(db, acme)[-1]
    assert (row.summary, row.kind, row.direction) == ("Agreed the Q3 brief", InteractionKind.CALL, Direction.OUTBOUND)
    assert row.follow_up_on == TODAY + timedelta(days=3)
    assert row.occurred_at == NOW.astimezone(UTC)
    assert (row.sentiment, row.duration_minutes, row.contact_id) == (0, 0, None)


async def test_from_the_roster_with_the_client_under_the_cursor(db: Database, app_factory) -> None:
    world = seed_world(db)
    acme = world.clients["acme"]  # first in the roster
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, QuickLogScreen) and app.screen.client_id == acme
        await type_text(pilot, "Quick check-in")
        await pilot.press("enter")
        await settle(pilot)
    assert interactions(db, acme)[-1].summary == "Quick check-in"


async def test_every_field_by_keys(db: Database, app_factory) -> None:
    world = seed_world(db)
    acme = world.clients["acme"]
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await app.push_screen(QuickLogScreen(acme))
        await settle(pilot)
        await pilot.press("ctrl+k", "ctrl+k")  # call → email → meeting
        await pilot.press("ctrl+d")  # out → internal
        await type_text(pilot, "Workshop [b]notes[/]")
        await pilot.press("tab", "tab")  # follow-up empty, to when
        await pilot.press("end", "ctrl+u")  # ctrl+k cycles the kind here
        await type_text(pilot, "yesterday 14:30")
        await pilot.press("tab")
        await type_text(pilot, "1h30m")
        await pilot.press("tab", "plus", "plus")  # sentiment +2
        await pilot.press("tab", "i")  # kind focused: i is not a kind; stays meeting
        await pilot.press("tab", "i")  # direction: inbound
        await pilot.press("ctrl+s")
        await settle(pilot)
    row = interactions(db, acme)[-1]
    assert row.kind is InteractionKind.MEETING and row.direction is Direction.INBOUND
    assert row.summary == "Workshop [b]notes[/]"
    assert row.duration_minutes == 90 and row.sentiment == 2 and row.follow_up_on is None
    assert row.occurred_at == (NOW - timedelta(days=1)).replace(hour=14, minute=30).astimezone(UTC)


async def test_without_context_type_the_client(db: Database, app_factory) -> None:
    world = seed_world(db)
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await app.push_screen(QuickLogScreen(None))
        await settle(pilot)
        await type_text(pilot, "glo")
        await pilot.press("enter")  # completes to Globex, moves to the summary
        await settle(pilot)
        assert app.screen.query_one("#client").value == "Globex"
        assert field_error(pilot, "summary") == ""  # no save was attempted
        await type_text(pilot, "Intro call")
        await pilot.press("tab")
        await type_text(pilot, "fri")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, QuickLogScreen)
    row = interactions(db, world.clients["globex"])[-1]
    assert row.summary == "Intro call"
    assert row.follow_up_on.isoformat() == "2026-11-27"


async def test_contact_picked_from_the_client_people(db: Database, app_factory) -> None:
    world = seed_world(db)
    acme = world.clients["acme"]
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await app.push_screen(QuickLogScreen(acme))
        await settle(pilot)
        app.screen.query_one("#contact").value = world.contacts["bob"]
        await type_text(pilot, "Brand call")
        await pilot.press("enter")
        await settle(pilot)
    assert interactions(db, acme)[-1].contact_id == world.contacts["bob"]


@pytest.mark.parametrize(("field", "text", "message"), [
    ("follow_up", "+3x", "couldn't read"),
    ("follow_up", "-2d", "in the past"),
    ("duration", "-30m", "can't be negative"),
    ("when", "tomorrow", "in the future"),
    ("when", "2026-02-30", "not a valid date"),
])
async def test_bad_input_is_refused_at_the_field(db: Database, app_factory, field: str, text: str,
                                                 message: str) -> None:
    world = seed_world(db)
    acme = world.clients["acme"]
    before = len(interactions(db))
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await app.push_screen(QuickLogScreen(acme))
        await settle(pilot)
        await type_text(pilot, "Something happened")
        app.screen.query_one(f"#{field}").focus()
        await pilot.press("end", "ctrl+u")  # ctrl+k cycles the kind here
        await type_text(pilot, text)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QuickLogScreen)
        assert message in field_error(pilot, field)
        assert app.screen.query_one(f"#{field}").value == text
    assert len(interactions(db)) == before


@pytest.mark.parametrize(("query", "message"), [("nope", "no client"), ("ac", "matches 2 clients")])
async def test_unknown_or_ambiguous_client(db: Database, app_factory, query: str, message: str) -> None:
    seed_world(db)
    before = len(interactions(db))
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await app.push_screen(QuickLogScreen(None))
        await settle(pilot)
        await type_text(pilot, query)
        await pilot.press("tab")
        await type_text(pilot, "Hello")
        await pilot.press("enter")
        await settle(pilot)
        assert message in field_error(pilot, "client")
        assert isinstance(app.screen, QuickLogScreen)
    assert len(interactions(db)) == before


async def test_empty_summary_and_escape(db: Database, app_factory) -> None:
    world = seed_world(db)
    before = len(interactions(db))
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await app.push_screen(QuickLogScreen(world.clients["acme"]))
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "summary" in field_error(pilot, "summary")
        await type_text(pilot, "never saved")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, QuickLogScreen)
    assert len(interactions(db)) == before


async def test_keys_typed_in_one_burst_land_where_they_belong(db: Database, app_factory) -> None:
    """A fast typist's `l`, summary, tab, +3d, enter arrive before the app handled the first:
    the form opens at once, the keys typed while it opens fill the summary, and the keys after
    tab go to the follow-up, not to the field still busy with earlier keys."""
    world = seed_world(db)
    acme = world.clients["acme"]
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await open_detail(pilot, acme)
        burst = [("l", "l"), *[(ch if ch != " " else "space", ch) for ch in "Agreed the brief"],
                 ("tab", "\t"), ("plus", "+"), ("3", "3"), ("d", "d"), ("enter", "\r")]
        for key, character in burst:
            app.post_message(Key(key, character))
        await settle(pilot)
        assert isinstance(app.screen, ClientDetailScreen)
    row = interactions(db, acme)[-1]
    assert row.summary == "Agreed the brief"
    assert row.follow_up_on == TODAY + timedelta(days=3)
