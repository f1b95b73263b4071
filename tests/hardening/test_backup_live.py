"""`amtui backup` while another process keeps committing: every copy passes the integrity
check, is owner-only and holds a prefix of the writer's acknowledged touches."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from tests.hardening.test_crash_safety import WRITER, one_client_workspace

from amtui.cli import cli

COPIES = 4


def test_backups_taken_during_writes_are_intact(tmp_path: Path) -> None:
    path = tmp_path / "live.db"
    client_id = one_client_workspace(path)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(client_id), "live"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert writer.stdout is not None
    copies: list[tuple[Path, int]] = []
    try:
        for n in range(COPIES):
            for _ in range(3):  # a few commits between copies
                assert writer.stdout.readline().startswith("ack ")
            dest = tmp_path / "copies" / f"copy-{n}.db"
            result = CliRunner().invoke(cli, ["backup", "--db", str(path), str(dest)])
            assert result.exit_code == 0, result.output
            copies.append((dest, n))
        assert writer.poll() is None  # still writing all along
    finally:
        writer.kill()
        writer.communicate(timeout=10)
    counts = []
    for dest, _ in copies:
        assert stat.S_IMODE(dest.stat().st_mode) == 0o600
        con = sqlite3.connect(f"{dest.as_uri()}?mode=ro", uri=True)
        try:
            assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert con.execute("PRAGMA foreign_key_check").fetchall() == []
            summaries = [r[0] for r in con.execute("SELECT summary FROM interaction ORDER BY id")]
        finally:
            con.close()
        assert summaries == [f"live-{i}" for i in range(1, len(summaries) + 1)]  # a consistent prefix
        counts.append(len(summaries))
    assert counts == sorted(counts) and counts[0] >= 3
