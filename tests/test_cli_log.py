"""``amtui log``: logging a touch from the shell, and every way it refuses (nothing written)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from amtui.cli import cli
from amtui.clock import Clock
from amtui.config import resolve_target
from amtui.db import open_database
from amtui.models import Client, ClientContact, Interaction
from amtui.services.quick_log import short_day


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace with Acme (contacts Jane and Janet), Acme Labs and Harbor Foods; Berlin time."""
    monkeypatch.setenv("AMTUI_TZ", "Europe/Berlin")
    path = tmp_path / "ws.db"
    db = open_database(resolve_target(str(path)))
    with db.write() as s:
        acme, labs, harbor = Client(name="Acme"), Client(name="Acme Labs"), Client(name="Harbor Foods")
        s.add_all([acme, labs, harbor])
        s.flush()
        s.add_all([ClientContact(client_id=acme.id, name="Jane Doe", is_primary=True),
                   ClientContact(client_id=acme.id, name="Janet Roe"),
                   ClientContact(client_id=harbor.id, name="Hugo")])
    db.dispose()
    return path


def run(workspace: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["log", *args, "--db", str(workspace)])


def touches(workspace: Path) -> list[Interaction]:
    db = open_database(resolve_target(str(workspace)))
    try:
        with db.read() as s:
            return list(s.scalars(select(Interaction).order_by(Interaction.id)))
    finally:
        db.dispose()


def test_logs_with_every_option(workspace: Path) -> None:
    result = run(workspace, "acme", "walked through figures", "--kind", "meeting", "--direction", "inbound",
                 "--at", "2025-03-14 14:03", "--duration", "1h30m", "--sentiment", "+1",
                 "--follow-up", "2025-03-21", "--contact", "jane d")
    assert result.exit_code == 0, result.stderr
    today = Clock.system().today()
    follow = date(2025, 3, 21)
    assert result.stdout == f"Logged meeting with Acme (2025-03-14 14:03), follow-up {short_day(follow, today)}\n"
    assert result.stderr == ""
    [row] = touches(workspace)
    assert row.occurred_at == datetime(2025, 3, 14, 13, 3, tzinfo=UTC)  # 14:03 in Berlin (CET)
    assert (row.kind, row.direction, row.duration_minutes, row.sentiment) == ("meeting", "inbound", 90, 1)
    assert row.follow_up_on == follow and row.summary == "walked through figures"


def test_defaults_log_an_outbound_call_now(workspace: Path) -> None:
    before = datetime.now(UTC)
    result = run(workspace, "HARBOR", "pricing\x1b[2J pushback\n", "--sentiment", "-1", "--follow-up", "+2d")
    assert result.exit_code == 0, result.stderr
    [row] = touches(workspace)
    assert before - timedelta(seconds=1) <= row.occurred_at <= datetime.now(UTC)
    assert (row.kind, row.direction, row.sentiment, row.contact_id) == ("call", "outbound", -1, None)
    assert row.summary == "pricing[2J pushback"  # control characters stripped
    today = Clock.system().today()
    assert row.follow_up_on == today + timedelta(days=2)
    local = row.occurred_at.astimezone(Clock.system().tz)
    assert result.stdout == (f"Logged call with Harbor Foods ({local:%Y-%m-%d %H:%M}), "
                             f"follow-up {short_day(today + timedelta(days=2), today)}\n")


def test_ambiguous_client_lists_the_candidates(workspace: Path) -> None:
    result = run(workspace, "ac", "hello")
    assert result.exit_code == 1
    assert "matches more than one client" in result.stderr
    assert "  Acme\n" in result.stderr and "  Acme Labs\n" in result.stderr
    assert result.stdout == "" and touches(workspace) == []


@pytest.mark.parametrize(("args", "message"), [
    (["nobody", "hello"], "no client matches 'nobody'"),
    (["acme", "hello", "--at", "someday"], "--at: couldn't read 'someday'"),
    (["acme", "hello", "--at", "+1d"], "--at: that is in the future"),
    (["acme", "hello", "--duration", "forever"], "--duration: couldn't read 'forever'"),
    (["acme", "hello", "--duration", "25h"], "--duration:"),
    (["acme", "hello", "--sentiment", "3"], "--sentiment: 3 is out of range"),
    (["acme", "hello", "--sentiment", "happy"], "--sentiment: 'happy' is not a number"),
    (["acme", "hello", "--follow-up", "never"], "--follow-up: couldn't read 'never'"),
    (["acme", "hello", "--at", "2025-11-20 10:00", "--follow-up", "2025-11-19"],
     "--follow-up: the follow-up can't be before"),
    (["acme", "hello", "--contact", "jan"], "--contact: 'jan' matches several contacts of Acme: Jane Doe, Janet Roe"),
    (["acme", "hello", "--contact", "hugo"], "--contact: no contact of Acme matches 'hugo'"),
    (["acme", "hello", "--kind", "fax"], "--kind: choose one of: call, email, meeting, message, note"),
    (["acme", " \x1b "], "SUMMARY: write a short summary"),
])
def test_errors_exit_1_with_one_line_and_write_nothing(workspace: Path, args: list[str], message: str) -> None:
    result = run(workspace, *args)
    assert result.exit_code == 1
    assert result.stderr.startswith("amtui: ") and message in result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stdout == "" and touches(workspace) == []


def test_several_bad_options_are_named_together(workspace: Path) -> None:
    result = run(workspace, "acme", "hello", "--sentiment", "9", "--duration", "x")
    assert result.exit_code == 1
    assert "--duration:" in result.stderr and "--sentiment:" in result.stderr
    assert touches(workspace) == []


def test_no_workspace_is_created_by_log(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    result = CliRunner().invoke(cli, ["log", "acme", "hello", "--db", str(missing)])
    assert result.exit_code == 1 and "no workspace at" in result.stderr
    assert not missing.exists()
