"""Import from the TUI: the palette opens the dialog, enter previews (nothing written), ctrl+s
imports and every screen hears about it; a file with errors shows them and is never imported."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.io.test_import_support import HUBSPOT_COMPANIES, NOW, count, team
from tests.ui.test_roster_support import settle as settle_app
from textual.widgets import Input, Static

from amtui.app import AmtuiApp, make_app
from amtui.clock import Clock
from amtui.config import resolve_target
from amtui.db import Database, open_database
from amtui.messages import DataChange
from amtui.models import Client
from amtui.screens.import_preview import ImportScreen, split_overrides


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    for name in ("AMTUI_THEME", "COLORFGBG", "AMTUI_TZ"):
        monkeypatch.delenv(name, raising=False)
    database = open_database(resolve_target(str(tmp_path / "ws" / "amtui.db")))
    team(database)
    yield database
    database.dispose()


@pytest.fixture
def hubspot(tmp_path: Path) -> Path:
    path = tmp_path / "hubspot companies.csv"
    path.write_bytes(HUBSPOT_COMPANIES.encode())
    return path


async def settle(app: AmtuiApp, pilot: object) -> None:
    await settle_app(app, pilot)


def preview_text(app: AmtuiApp) -> str:
    return str(app.screen.query_one("#import-preview", Static).content)


async def test_palette_preview_then_import(db: Database, hubspot: Path) -> None:
    app = make_app(db, clock=Clock.at(NOW))
    heard: list[DataChange] = []
    async with app.run_test(size=(120, 40)) as pilot:
        app.data_changed.subscribe(app, heard.append)
        await settle(app, pilot)
        await pilot.press("ctrl+p", *"import clients")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ImportScreen)
        app.screen.query_one("#import-path", Input).value = str(hubspot)
        await pilot.press("enter")
        await settle(app, pilot)
        text = preview_text(app)
        assert "3 clients: 3 created, 0 updated, 0 unchanged (skipped) — dry run, nothing written" in text
        assert "'Company name' → name" in text and "ctrl+s imports" in text
        assert count(db, Client) == 0
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, ImportScreen)
        assert count(db, Client) == 3
        assert any(change.touches("client") and change.tables == frozenset({"client"}) for change in heard)


async def test_errors_are_shown_and_nothing_is_imported(db: Database, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Name,Company owner\nGood Ltd,Maya Lindqvist\nBad Ltd,Nobody\n", encoding="utf-8")
    app = make_app(db, clock=Clock.at(NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(ImportScreen(path=str(bad)))
        await settle(app, pilot)
        await pilot.press("ctrl+s")  # not previewed yet
        await settle(app, pilot)
        assert "preview this file first" in str(app.screen.query_one("#form-error").content)
        await pilot.press("enter")
        await settle(app, pilot)
        text = preview_text(app)
        assert "1 error in the file: nothing was written" in text
        assert "row 3, column 'Company owner': no team member named 'Nobody'" in text
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "The file has errors" in str(app.screen.query_one("#form-error").content)
        assert isinstance(app.screen, ImportScreen) and count(db, Client) == 0
        app.screen.query_one("#import-map", Input).value = "Company owner="
        await pilot.press("enter")
        await settle(app, pilot)
        assert "2 clients: 2 created" in preview_text(app)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert count(db, Client) == 2


async def test_a_missing_file_is_a_message(db: Database, tmp_path: Path) -> None:
    app = make_app(db, clock=Clock.at(NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(ImportScreen(kind="contacts", path=str(tmp_path / "nope.csv")))
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert "Could not read the file" in str(app.screen.query_one("#form-error").content)
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, ImportScreen)


def test_split_overrides() -> None:
    assert split_overrides(" Owner= , Domain=notes,,") == ("Owner=", "Domain=notes")
