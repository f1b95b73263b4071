"""Client detail: sections, follow-ups done/snoozed, archive, people; snapshots."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from tests.ui.test_forms_support import (
    NOW,
    TODAY,
    client_row,
    contacts,
    interaction,
    open_detail,
    screen_text,
    seed_world,
    settle,
    type_text,
)
from textual.widgets import DataTable

from amtui.clock import Clock
from amtui.config import resolve_target
from amtui.db import Database, open_database
from amtui.screens.client_detail import ClientDetailScreen
from amtui.screens.contact_form import ContactFormScreen
from amtui.screens.quick_log import QuickLogScreen


@pytest.fixture
def db(tmp_path: Path):
    database = open_database(resolve_target(str(tmp_path / "ws" / "amtui.db")))
    yield database
    database.dispose()


def timeline(app) -> DataTable:
    return app.screen.query_one("#timeline", DataTable)


async def test_detail_shows_every_section(db: Database, app_factory) -> None:
    world = seed_world(db)
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await open_detail(pilot, world.clients["acme"])
        text = screen_text(app.screen)
        for expected in ("Acme GmbH", "strategic", "Maya Brandt", "€12,500/mo", "5d since last touch · cadence 14/30",
                         "Health 78", "Jane Doe", "Sent revised media plan", "! Sun 22 Nov · 2d late",
                         "Website relaunch", "55% used · 45% time", "Draft homepage copy", "Lumen Photo"):
            assert expected in text, expected
        assert timeline(app).row_count == 4


async def test_follow_up_done_and_snoozed_from_the_timeline(db: Database, app_factory) -> None:
    world = seed_world(db)
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await open_detail(pilot, world.clients["acme"])
        await pilot.press("z")  # first row: the open follow-up in 3 days → +1d
        await settle(pilot)
        assert interaction(db, world.interactions["open"]).follow_up_on == TODAY + timedelta(days=4)
        await pilot.press("down", "Z")  # the overdue one → a week from today
        await settle(pilot)
        overdue = interaction(db, world.interactions["overdue"])
        assert overdue.follow_up_on == TODAY + timedelta(days=7) and not overdue.follow_up_done
        await pilot.press("x")
        await settle(pilot)
        assert interaction(db, world.interactions["overdue"]).follow_up_done
        assert timeline(app).cursor_row == 1  # the cursor stayed on the row after the reload
        await pilot.press("down", "x")  # already done: nothing changes
        await settle(pilot)
        assert interaction(db, world.interactions["done"]).follow_up_on == TODAY - timedelta(days=15)


async def test_archive_and_restore(db: Database, app_factory) -> None:
    world = seed_world(db)
    acme = world.clients["acme"]
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await open_detail(pilot, acme)
        await pilot.press("A", "n")  # declined
        await settle(pilot)
        assert client_row(db, acme).archived_at is None
        await pilot.press("A", "y")
        await settle(pilot)
        assert client_row(db, acme).archived_at is not None
        assert "ARCHIVED" in screen_text(app.screen)
        await pilot.press("A", "enter")
        await settle(pilot)
        assert client_row(db, acme).archived_at is None


async def test_add_edit_and_archive_people(db: Database, app_factory) -> None:
    world = seed_world(db)
    acme = world.clients["acme"]
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await open_detail(pilot, acme)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ContactFormScreen)
        await type_text(pilot, "Carla Mendes")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClientDetailScreen)
        assert app.screen.query_one("#people", DataTable).row_count == 3
        await pilot.press("shift+tab")  # to People
        await pilot.press("enter")  # edit the primary (Jane)
        await settle(pilot)
        assert isinstance(app.screen, ContactFormScreen)
        await pilot.press("tab")
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "Chief marketing officer")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("down", "d", "y")  # archive the next person
        await settle(pilot)
    people = {c.name: c for c in contacts(db, acme)}
    assert people["Jane Doe"].role == "Chief marketing officer"
    assert "Carla Mendes" in people
    assert sum(c.archived_at is not None for c in people.values()) == 1


async def test_quick_log_updates_detail_and_escape_goes_back(db: Database, app_factory) -> None:
    world = seed_world(db)
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await open_detail(pilot, world.clients["acme"])
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, QuickLogScreen)
        await type_text(pilot, "Fresh news")
        await pilot.press("enter")
        await settle(pilot)
        assert "Fresh news" in screen_text(app.screen)
        assert "today" in screen_text(app.screen) or "0d since" in screen_text(app.screen)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ClientDetailScreen)


def _app_on_detail(tmp_path: Path, screen: str):
    from amtui.app import make_app

    database = open_database(resolve_target(str(tmp_path / "snap" / "amtui.db")))
    world = seed_world(database)
    app = make_app(database, clock=Clock.at(NOW), theme="amtui-dark")

    async def run_before(pilot) -> None:
        await open_detail(pilot, world.clients["acme"])
        if screen == "quick_log":
            await pilot.press("l")
            await settle(pilot)
            await type_text(pilot, "Agreed the Q3 brief")
            await pilot.press("tab")
            await type_text(pilot, "+3d")
            await settle(pilot)

    return app, run_before


def test_snapshot_detail(snap_compare, tmp_path: Path) -> None:
    """You should see Acme GmbH's header (owner, retainer, renewal, cadence), health with six reasons,
    People with Jane Doe starred, a timeline of four touches newest first with an open, an overdue
    (red) and a done (struck) follow-up, the Website relaunch pace bar, two open tasks and a booking."""
    app, run_before = _app_on_detail(tmp_path, "detail")
    assert snap_compare(app, run_before=run_before, terminal_size=(120, 35))


def test_snapshot_quick_log(snap_compare, tmp_path: Path) -> None:
    """You should see the quick-log modal over Acme's detail: title "Log call → Acme GmbH", the summary
    "Agreed the Q3 brief", follow-up "+3d" previewed as "Fri 27 Nov 2026 (in 3 days)", when "now" as
    today 09:00, the sentiment/kind/direction pickers and the key help."""
    app, run_before = _app_on_detail(tmp_path, "quick_log")
    assert snap_compare(app, run_before=run_before, terminal_size=(120, 35))
