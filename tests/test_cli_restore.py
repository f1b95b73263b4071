"""``amtui db restore FILE``: checks FILE first, asks (or --yes), keeps the replaced file beside
the workspace, leaves no stale -wal/-shm, writes owner-only files; refuses PostgreSQL."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from amtui.cli import cli
from amtui.config import resolve_target
from amtui.db import open_database
from amtui.models import Client

PG_URL = "postgresql+psycopg://u:s3cr3tpw@127.0.0.1:1/x"


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=True)


def names(path: Path) -> list[str]:
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return sorted(r[0] for r in con.execute("SELECT name FROM client"))
    finally:
        con.close()


def add_client(path: Path, name: str) -> None:
    db = open_database(resolve_target(str(path)))
    with db.write() as s:
        s.add(Client(name=name))
    db.dispose()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    """A workspace holding Old and New, and a backup taken when it held only Old."""
    ws = tmp_path / "ws" / "amtui.db"
    add_client(ws, "Old")
    backup = tmp_path / "old.db"
    assert run("backup", "--db", str(ws), str(backup)).exit_code == 0
    add_client(ws, "New")
    return ws, backup


def kept_files(ws: Path) -> list[Path]:
    return sorted(ws.parent.glob("amtui.replaced-*.db"))


def test_restore_with_yes_keeps_the_replaced_file_and_its_wal(setup: tuple[Path, Path]) -> None:
    ws, backup = setup
    old_umask = os.umask(0)
    wal_only = sqlite3.connect(ws, isolation_level=None)  # stays open: its commit lives only in -wal
    try:
        wal_only.execute("PRAGMA wal_autocheckpoint = 0")
        wal_only.execute("UPDATE client SET name = 'Only in WAL' WHERE name = 'New'")
        assert Path(f"{ws}-wal").stat().st_size > 0
        result = run("db", "restore", "--db", str(ws), str(backup), "--yes")
    finally:
        wal_only.close()
        os.umask(old_umask)
    assert result.exit_code == 0, result.output
    [kept] = kept_files(ws)
    assert result.stdout == f"restored {backup} to {ws}; the replaced file is kept as {kept}\n"
    assert names(ws) == ["Old"]
    assert names(kept) == ["Old", "Only in WAL"]  # the WAL's commit went into the kept copy
    for path in (ws, kept):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not list(ws.parent.glob(".*restoring*"))
    check = run("db", "check", "--db", str(ws))
    assert check.exit_code == 0, check.output
    log = run("log", "old", "after the restore", "--db", str(ws))  # the restored file is writable
    assert log.exit_code == 0, log.output


def test_restore_asks_first(setup: tuple[Path, Path]) -> None:
    ws, backup = setup
    before = digest(ws)
    no = run("db", "restore", "--db", str(ws), str(backup), stdin="n\n")
    assert no.exit_code == 1
    assert "Replace" in no.stderr and "kept as amtui.replaced-" in no.stderr
    assert digest(ws) == before and kept_files(ws) == []
    assert not list(ws.parent.glob(".*restoring*"))
    yes = run("db", "restore", "--db", str(ws), str(backup), stdin="y\n")
    assert yes.exit_code == 0, yes.output
    assert names(ws) == ["Old"] and len(kept_files(ws)) == 1


def _foreign(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (body TEXT)")
    con.commit()
    con.close()


def _empty_sqlite(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()


def _broken_reference(path: Path) -> None:
    add_client(path, "Acme")
    con = sqlite3.connect(path)
    con.execute("INSERT INTO client_contact (version, created_at, updated_at, client_id, name, role, email, phone, "
                "is_primary) VALUES (1, '2026-01-01', '2026-01-01', 999, 'Ghost', '', '', '', 0)")
    con.commit()
    con.close()


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: p.write_text("name,email\nAcme,a@b.c\n"), "not a SQLite database"),
    (_foreign, "not an amtui workspace"),
    (_empty_sqlite, "holds no amtui workspace"),
    (_broken_reference, "fails the integrity check: broken reference"),
])
def test_restore_refuses_what_is_not_a_sound_workspace(setup: tuple[Path, Path], tmp_path: Path,
                                                       make, message: str) -> None:
    ws, _ = setup
    bad = tmp_path / "bad.db"
    make(bad)
    before = digest(ws)
    result = run("db", "restore", "--db", str(ws), str(bad), "--yes")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("amtui: ") and message in result.stderr and "nothing was replaced" in result.stderr
    assert "Traceback" not in result.output
    assert digest(ws) == before and kept_files(ws) == []
    assert sorted(p.name for p in ws.parent.iterdir() if p.name.startswith(".")) == []


def test_restore_refuses_the_workspace_itself(setup: tuple[Path, Path]) -> None:
    ws, _ = setup
    result = run("db", "restore", "--db", str(ws), str(ws), "--yes")
    assert result.exit_code == 1 and "the workspace itself" in result.stderr


def test_restore_on_postgresql_points_to_pg_restore(setup: tuple[Path, Path]) -> None:
    _, backup = setup
    result = run("db", "restore", "--db", PG_URL, str(backup), "--yes")
    assert result.exit_code == 1
    assert "pg_restore" in result.stderr and "s3cr3tpw" not in result.output
