"""Concurrent writers on one SQLite file: two `amtui log` loops and the running app logging
through its quick log at the same time. Every write lands once; no "database is locked"
reaches the user (CLI stderr or the form)."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest
from tests.ui.test_forms_support import interactions, seed_world, settle

from amtui.config import resolve_target
from amtui.db import Database, open_database
from amtui.screens.quick_log import QuickLogScreen

CLI_LOGS = 6  # per logger process loop
MIN_APP_LOGS = 5


@pytest.fixture
def db(tmp_path: Path):
    database = open_database(resolve_target(str(tmp_path / "ws" / "amtui.db")))
    yield database
    database.dispose()


def _cli_logger(path: Path, tag: str, failures: list[str]) -> None:
    for n in range(1, CLI_LOGS + 1):
        result = subprocess.run([sys.executable, "-m", "amtui", "log", "acme", f"{tag}-{n}", "--db", str(path)],
                                capture_output=True, text=True, timeout=60)
        if result.returncode != 0 or result.stderr:
            failures.append(f"{tag}-{n}: {result.returncode} {result.stderr}")


async def test_two_cli_loggers_and_the_app_lose_and_duplicate_nothing(db: Database, app_factory) -> None:
    world = seed_world(db)
    acme = world.clients["acme"]
    before = {r.summary for r in interactions(db)}
    assert db.target.path is not None
    failures: list[str] = []
    loggers = [threading.Thread(target=_cli_logger, args=(db.target.path, tag, failures)) for tag in ("cli-a", "cli-b")]
    app_summaries: list[str] = []
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        for t in loggers:
            t.start()
        while any(t.is_alive() for t in loggers) or len(app_summaries) < MIN_APP_LOGS:
            summary = f"app-{len(app_summaries) + 1}"
            await app.push_screen(QuickLogScreen(acme))
            await settle(pilot)
            app.screen.query_one("#summary").value = summary
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert not isinstance(app.screen, QuickLogScreen), str(app.screen.query_one("#form-error").render())
            app_summaries.append(summary)
        for t in loggers:
            t.join()
    assert failures == []
    rows = Counter(r.summary for r in interactions(db) if r.summary not in before)
    expected = {f"{tag}-{n}" for tag in ("cli-a", "cli-b") for n in range(1, CLI_LOGS + 1)} | set(app_summaries)
    assert set(rows) == expected
    assert all(count == 1 for count in rows.values())
