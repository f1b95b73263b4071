"""Disk full at the CLI: a write that fails for lack of space says so on stderr in one line,
writes nothing and leaves the database intact (integrity check passes afterwards).
The form side is tests/ui/test_disk_full_form.py."""

from __future__ import annotations

import resource
import sqlite3
import subprocess
import sys
from pathlib import Path


from amtui.config import resolve_target
from amtui.db import open_database
from amtui.models import Client

AMTUI = [sys.executable, "-m", "amtui"]


def _integrity(path: Path) -> list[tuple[str]]:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA integrity_check").fetchall()
    finally:
        con.close()


def test_cli_log_on_a_full_disk(tmp_path: Path) -> None:
    """The file-size limit stops the write of the WAL at commit: a one-line message, exit 1,
    no traceback, nothing written, the file still passes the integrity check."""
    path = tmp_path / "ws.db"
    db = open_database(resolve_target(str(path)))
    with db.write() as s:
        s.add(Client(name="Acme"))
    db.dispose()
    keeper = sqlite3.connect(path)  # holds -wal/-shm open so only the write itself can fail
    try:
        keeper.execute("SELECT count(*) FROM client").fetchall()
        limit = 4_096  # the WAL's header and first page frame already pass it

        def cap() -> None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        result = subprocess.run([*AMTUI, "log", "acme", "x" * 1999, "--db", str(path)], preexec_fn=cap,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 1
        assert result.stdout == ""
        assert "Traceback" not in result.stderr
        assert "disk is full" in result.stderr and "nothing was saved" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert keeper.execute("SELECT count(*) FROM interaction").fetchone() == (0,)
    finally:
        keeper.close()
    assert _integrity(path) == [("ok",)]
    ok = subprocess.run([*AMTUI, "log", "acme", "after space was freed", "--db", str(path)],
                        capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
