"""Hostile text in names and summaries: shown literally, never markup, actions or control codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.ui.test_forms_support import (
    interactions,
    open_detail,
    rendered_problems,
    screen_text,
    seed_world,
    settle,
)
from textual.events import Paste

from amtui.config import resolve_target
from amtui.db import Database, open_database
from amtui.models import Client, ClientContact, Interaction
from amtui.screens.capture import CaptureScreen
from amtui.screens.client_form import ClientFormScreen
from amtui.screens.contact_form import ContactFormScreen
from amtui.screens.quick_log import QuickLogScreen

HOSTILE = [
    "[bold]x[/]",
    "[/]",
    "[@click=app.quit]x",
    "esc \x1b[31mred\x1b[0m osc \x1b]0;pwned\x07 bel\x07 c1\x9b2J",
    "مرحبا بالعميل",
    "🚀 Rocket 👩‍👩‍👧 Labs",
    "W" * 5000,
]
SHOWN = ["[bold]x[/]", "[/]", "[@click=app.quit]x", "esc [31mred", "مرحبا بالعميل", "🚀 Rocket"]


@pytest.fixture
def db(tmp_path: Path):
    database = open_database(resolve_target(str(tmp_path / "ws" / "amtui.db")))
    yield database
    database.dispose()


@pytest.mark.parametrize("index", range(len(HOSTILE)))
async def test_hostile_client_name_and_summary_on_the_detail(db: Database, app_factory, index: int) -> None:
    hostile = HOSTILE[index]
    world = seed_world(db, acme_name=hostile[:200], summary=hostile)
    acme = world.clients["acme"]
    with db.write() as s:  # the worst text everywhere the detail shows user data
        contact = s.get(ClientContact, world.contacts["jane"])
        contact.name, contact.role, contact.email = hostile, hostile, hostile
        s.get(Client, acme).industry = hostile[:100]
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await open_detail(pilot, acme)
        problems = rendered_problems(app.screen)
        assert problems == []
        text = screen_text(app.screen)
        if index < len(SHOWN):
            assert SHOWN[index] in text
        await pilot.press("down")  # the overdue row carries the hostile summary
        await pilot.pause()
        assert rendered_problems(app.screen) == []
        for screen in (QuickLogScreen(acme), CaptureScreen(acme), ClientFormScreen(acme),
                       ContactFormScreen(acme, world.contacts["jane"])):
            await app.push_screen(screen)
            await settle(pilot)
            assert rendered_problems(app.screen) == [], type(screen).__name__
            if index < len(SHOWN) and not isinstance(screen, CaptureScreen):
                assert SHOWN[index][:8] in screen_text(app.screen), type(screen).__name__
            await pilot.press("escape")
            await settle(pilot)
        assert app.is_running  # no click action ran, nothing crashed


async def test_hostile_text_typed_into_the_quick_log_is_stored_clean(db: Database, app_factory) -> None:
    world = seed_world(db)
    acme = world.clients["acme"]
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await app.push_screen(QuickLogScreen(acme))
        await settle(pilot)
        summary = app.screen.query_one("#summary")
        summary.post_message(Paste("[@click=app.quit]hi\x1b]0;x\x07 [/] \u202eevil\x9b"))
        await settle(pilot)
        assert summary.value == "[@click=app.quit]hi]0;x [/] \u202eevil"  # controls dropped as pasted
        assert rendered_problems(app.screen) == []
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running
        assert rendered_problems(app.screen) == []
    row = interactions(db, acme)[-1]
    assert row.summary == "[@click=app.quit]hi]0;x [/] \u202eevil"
    assert isinstance(row, Interaction)
