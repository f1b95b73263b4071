"""``amtui today``: the Today queue for scripts and mornings, in the screen's order, as a plain
table or JSON, with user text cleaned of control codes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner, Result
from tests.ui.test_roster_support import settle

from amtui.app import make_app
from amtui.cli import cli
from amtui.clock import Clock
from amtui.config import resolve_target
from amtui.db import open_database
from amtui.demo import seed_demo
from amtui.models import Client, Interaction
from amtui.screens.today import TodayScreen
from amtui.services.today import today_queue

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
CLOCK = Clock.at(NOW)


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The table sizes itself to the terminal; tests must not depend on the runner's."""
    monkeypatch.setenv("COLUMNS", "160")


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small demo around Tue 24 Nov 2026 09:00 Berlin, with the system clock stopped there."""
    monkeypatch.setenv("AMTUI_TZ", "Europe/Berlin")
    monkeypatch.setattr(Clock, "system", classmethod(lambda cls: CLOCK))
    path = tmp_path / "demo.db"
    db = open_database(resolve_target(str(path)))
    seed_demo(db, today=NOW.date())
    db.dispose()
    return path


def run(path: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["today", *args, "--db", str(path)])


def test_json_lists_the_queue_with_every_score_part(demo: Path) -> None:
    result = run(demo, "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    db = open_database(resolve_target(str(demo)))
    try:
        expected = [i.key for i in today_queue(db, NOW).items]
    finally:
        db.dispose()
    assert [r["key"] for r in rows] == expected
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    first = rows[0]
    assert first["kind"] == "follow_up" and first["parts"][0]["name"] == "kind.follow_up"
    assert first["score"] == pytest.approx(sum(p["points"] for p in first["parts"]), abs=0.05)
    harbor = next(r for r in rows if r["kind"] == "cadence" and r["subject"] == "Harbor Foods")
    assert harbor["reason"] == "23 days since last touch, cadence 14, renewal in 41 days"
    assert "cleared today: 0 follow-ups, 0 tasks" in result.stderr


def test_text_table_and_limit(demo: Path) -> None:
    db = open_database(resolve_target(str(demo)))
    try:
        full = today_queue(db, NOW).items
    finally:
        db.dispose()
    result = run(demo, "--limit", "5")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["#", "Kind", "Subject", "Why", "Score"]
    assert len(lines) == 6
    for n, (line, item) in enumerate(zip(lines[1:], full, strict=False), 1):
        assert line.split()[0] == str(n)
        assert item.kind.label in line and item.subject[:12] in line
        assert line.rstrip().endswith(f"{item.score:.1f}")
    assert len(json.loads(run(demo, "--json", "--limit", "3").stdout)) == 3


async def test_the_cli_order_is_the_screens_order(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from amtui.app import AmtuiApp

    cli_keys = [r["key"] for r in json.loads(run(demo, "--json").stdout)]
    monkeypatch.setattr(AmtuiApp, "MODES", {**AmtuiApp.MODES, "today": TodayScreen})
    monkeypatch.setattr(AmtuiApp, "DEFAULT_MODE", "today")
    db = open_database(resolve_target(str(demo)))
    app = make_app(db, clock=CLOCK, theme="amtui-dark")
    try:
        async with app.run_test(size=(140, 40)) as pilot:
            await settle(app, pilot)
            screen = app.screen
            assert isinstance(screen, TodayScreen)
            assert screen.table.visible_keys() == cli_keys
    finally:
        db.dispose()


def test_user_text_reaches_stdout_without_control_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Clock, "system", classmethod(lambda cls: CLOCK))
    path = tmp_path / "ws.db"
    db = open_database(resolve_target(str(path)))
    with db.write() as s:
        client = Client(name="\x1b]0;pwned\x07Evil \x1b[31mCorp")
        s.add(client)
        s.flush()
        s.add(Interaction(client_id=client.id, kind="call", summary="call \x1b[2J back\x9b",
                          occurred_at=(NOW - timedelta(days=3)).astimezone(UTC), follow_up_on=NOW.date()))
    db.dispose()
    for args in ((), ("--json",)):
        result = run(path, *args)
        assert result.exit_code == 0, result.output
        assert not any(ch in result.stdout for ch in "\x1b\x07\x9b")
        assert "Evil [31mCorp" in result.stdout


def test_a_missing_workspace_is_an_error(tmp_path: Path) -> None:
    result = run(tmp_path / "nope.db")
    assert result.exit_code == 1
    assert "no workspace" in result.stderr and not (tmp_path / "nope.db").exists()
