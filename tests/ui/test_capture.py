"""The capture line: one line parsed into the quick log's fields, saved the same way."""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

import pytest
from tests.ui.test_forms_support import NOW, TODAY, interactions, open_detail, seed_world, settle, type_text
from textual.widgets import Static

from amtui.config import resolve_target
from amtui.db import Database, open_database
from amtui.enums import Direction, InteractionKind
from amtui.screens.capture import CaptureScreen
from amtui.screens.client_detail import ClientDetailScreen


@pytest.fixture
def db(tmp_path: Path):
    database = open_database(resolve_target(str(tmp_path / "ws" / "amtui.db")))
    yield database
    database.dispose()


def preview_text(app) -> str:
    return str(app.screen.query_one("#capture-preview", Static).content)


async def test_capture_line_with_client_words(db: Database, app_factory) -> None:
    world = seed_world(db)
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await app.push_screen(CaptureScreen(None))
        await settle(pilot)
        await type_text(pilot, 'acme meeting in "Q3 brief" yesterday 30m +1 follow:+3d @jane')
        text = preview_text(app)
        assert "Acme GmbH" in text and "Q3 brief" in text and "Fri 27 Nov 2026 (in 3 days)" in text
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, CaptureScreen)
    row = interactions(db, world.clients["acme"])[-1]
    assert (row.kind, row.direction, row.summary) == (InteractionKind.MEETING, Direction.INBOUND, "Q3 brief")
    assert (row.duration_minutes, row.sentiment, row.contact_id) == (30, 1, world.contacts["jane"])
    assert row.follow_up_on == TODAY + timedelta(days=3)
    assert row.occurred_at == (NOW - timedelta(days=1)).replace(hour=9).astimezone(UTC)


async def test_capture_uses_the_client_in_context(db: Database, app_factory) -> None:
    world = seed_world(db)
    acme = world.clients["acme"]
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await open_detail(pilot, acme)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CaptureScreen)
        await type_text(pilot, "email sent the deck follow:fri")
        assert "(this client)" in preview_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClientDetailScreen)
    row = interactions(db, acme)[-1]
    assert (row.kind, row.summary) == (InteractionKind.EMAIL, "sent the deck")
    assert row.follow_up_on.isoformat() == "2026-11-27"


@pytest.mark.parametrize(("line", "shown"), [
    ('acme call "x" follow:+3x', "follow-up"),
    ('acme call "x" +5', "out of range"),
    ('acme call "x" 30m 1h', "two durations"),
    ('nobody call "x"', "no client named"),
    ('acme call "x" tomorrow', "in the future"),
    ('acme call "unterminated', "unterminated quote"),
])
async def test_bad_lines_write_nothing(db: Database, app_factory, line: str, shown: str) -> None:
    seed_world(db)
    before = len(interactions(db))
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await app.push_screen(CaptureScreen(None))
        await settle(pilot)
        await type_text(pilot, line)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaptureScreen)
        assert shown in preview_text(app)
        assert app.screen.query_one("#capture-line").value == line
    assert len(interactions(db)) == before


async def test_unknown_contact_is_refused(db: Database, app_factory) -> None:
    seed_world(db)
    before = len(interactions(db))
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await app.push_screen(CaptureScreen(None))
        await settle(pilot)
        await type_text(pilot, 'acme call "hi" @zed')
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaptureScreen)
        assert "nobody called 'zed'" in preview_text(app)
    assert len(interactions(db)) == before
