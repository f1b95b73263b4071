"""``R`` on the client detail saves the client's status report and copies it to the clipboard."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from tests.ui.test_forms_support import open_detail, seed_world, settle

from amtui.config import resolve_target
from amtui.db import Database, open_database


@pytest.fixture
def db(tmp_path: Path):
    database = open_database(resolve_target(str(tmp_path / "ws" / "amtui.db")))
    yield database
    database.dispose()


async def test_R_saves_the_report_owner_only_and_copies_it(db: Database, app_factory, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    reports = tmp_path / "reports"
    monkeypatch.setenv("AMTUI_REPORTS", str(reports))
    world = seed_world(db)
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await open_detail(pilot, world.clients["acme"])
        await pilot.press("R")
        await settle(pilot)
        saved = list(reports.glob("*.md"))
        assert len(saved) == 1, saved
        text = saved[0].read_text(encoding="utf-8")
        assert "Acme GmbH" in text and "Sent revised media plan" in text
        assert stat.S_IMODE(saved[0].stat().st_mode) == 0o600
        assert app.clipboard == text
