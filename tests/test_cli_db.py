"""The ``amtui db …`` and ``amtui backup`` commands: exit codes, messages, files left alone."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from amtui import schema
from amtui.cli import cli
from amtui.config import DbTarget
from amtui.db import make_engine, open_database, prepare_sqlite_file
from amtui.models import Client

SECRET = "s3cr3tpw"
PG_URL = f"postgresql+psycopg://u:{SECRET}@127.0.0.1:1/x"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=True)


def _fails_cleanly(result: Result) -> None:
    """Exit 1 through ``fail()``: one 'amtui:' line on stderr, no traceback, no crash."""
    assert result.exit_code == 1, (result.output, result.exception)
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.stderr.startswith("amtui: ")
    assert "Traceback" not in result.output


def _fingerprint(path: Path) -> tuple[str, int, list[str]]:
    return (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns, sorted(os.listdir(path.parent)))


@pytest.fixture
def workspace(sqlite_target: DbTarget) -> Path:
    db = open_database(sqlite_target)
    with db.write() as s:
        s.add(Client(name="Acme"))
    db.dispose()
    return sqlite_target.path


def test_upgrade_version_check_on_a_fresh_file(tmp_path: Path) -> None:
    path = tmp_path / "ws" / "amtui.db"
    up = run("db", "upgrade", "--db", str(path))
    assert up.exit_code == 0, up.output
    assert up.stdout == f"{path} is at the newest schema\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    version = run("--db", str(path), "db", "version")  # --db on the group works too
    assert version.exit_code == 0, version.output
    assert version.stdout == f"schema {schema.HEAD} (newest known: {schema.HEAD})\n"
    check = run("db", "check", "--db", str(path))
    assert check.exit_code == 0, check.output
    assert check.stdout.endswith(f"ok: {path} (schema {schema.HEAD}, sqlite)\n")
    assert check.stderr == ""


def test_db_version_reports_old_schema_without_upgrading(sqlite_target: DbTarget) -> None:
    prepare_sqlite_file(sqlite_target.path)
    engine = make_engine(sqlite_target)
    schema.run_alembic(engine, "0001")
    engine.dispose()
    result = run("db", "version", "--db", str(sqlite_target.path))
    assert result.exit_code == 0
    assert result.stdout == f"schema 0001 (newest known: {schema.HEAD})\n"
    assert list(sqlite_target.path.parent.glob("*.bak")) == []


def test_db_check_on_corrupt_file_fails_untouched(tmp_path: Path) -> None:
    path = tmp_path / "amtui.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xde\xad" * 4000)
    before = _fingerprint(path)
    result = run("db", "check", "--db", str(path))
    _fails_cleanly(result)
    assert "damaged" in result.stderr and str(path) in result.stderr
    assert _fingerprint(path) == before


def test_db_check_reports_broken_references(workspace: Path) -> None:
    with sqlite3.connect(workspace) as raw:  # foreign_keys is off on a plain connection
        raw.execute("INSERT INTO client_contact (version, created_at, updated_at, client_id, name, role, email, "
                    "phone, is_primary) VALUES (1, '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000', "
                    "999, 'Ghost', '', '', '', 0)")
    raw.close()
    result = run("db", "check", "--db", str(workspace))
    assert result.exit_code == 1
    assert "broken reference in client_contact" in result.stderr
    assert "amtui: 1 problem(s) found" in result.stderr


def test_db_version_on_missing_file_fails_and_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "nope" / "amtui.db"
    result = run("db", "version", "--db", str(path))
    _fails_cleanly(result)
    assert "no workspace" in result.stderr
    assert not path.parent.exists()


def test_backup_is_a_consistent_owner_only_copy_while_a_writer_is_busy(workspace: Path, tmp_path: Path) -> None:
    committed = sqlite3.connect(workspace, isolation_level=None)  # stays open: its commit stays in -wal
    busy = sqlite3.connect(workspace, isolation_level=None)
    try:
        committed.execute("INSERT INTO client (version, created_at, updated_at, name, status, tier, industry, "
                          "monthly_retainer, cadence_ideal_days, cadence_max_days, notes) VALUES (1, "
                          "'2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000', 'Committed', 'active', "
                          "'core', '', 0, 14, 30, '')")
        assert Path(f"{workspace}-wal").stat().st_size > 0
        busy.execute("BEGIN IMMEDIATE")
        busy.execute("UPDATE client SET name = 'Uncommitted' WHERE name = 'Acme'")
        dest = tmp_path / "copies" / "snap.db"
        result = run("backup", "--db", str(workspace), str(dest))
        assert result.exit_code == 0, result.output
        assert result.stdout.strip() == str(dest)
    finally:
        busy.execute("ROLLBACK")
        busy.close()
        committed.close()
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    with sqlite3.connect(f"{dest.as_uri()}?mode=ro", uri=True) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert sorted(r[0] for r in copy.execute("SELECT name FROM client")) == ["Acme", "Committed"]
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # self-contained, no -wal needed
    copy.close()
    assert not list(dest.parent.glob(".*partial"))


def test_backup_refuses_existing_destination(workspace: Path, tmp_path: Path) -> None:
    dest = tmp_path / "taken.db"
    dest.write_bytes(b"precious")
    before = _fingerprint(dest)
    result = run("backup", "--db", str(workspace), str(dest))
    _fails_cleanly(result)
    assert "already exists" in result.stderr
    assert _fingerprint(dest) == before


def test_backup_of_postgresql_points_to_pg_dump(tmp_path: Path) -> None:
    result = run("backup", "--db", PG_URL, str(tmp_path / "x.db"))
    _fails_cleanly(result)
    assert "pg_dump" in result.stderr
    assert not (tmp_path / "x.db").exists()


@pytest.mark.parametrize("args", [
    ["db", "version", "--db", PG_URL],
    ["db", "upgrade", "--db", PG_URL],
    ["db", "check", "--db", PG_URL],
    ["--db", PG_URL, "db", "check"],
    ["backup", "--db", PG_URL],
    ["db", "check", "--db", "mysql://u:" + SECRET + "@h/db"],
])
def test_password_never_printed_by_failing_commands(args: list[str]) -> None:
    result = run(*args)
    _fails_cleanly(result)
    assert SECRET not in result.output


def _amtui(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "amtui", *args], capture_output=True, text=True, timeout=60, env=env)


def test_python_m_amtui_help_and_a_real_failure(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path)}
    env.pop("AMTUI_DB", None)
    helped = _amtui("--help", env=env)
    assert helped.returncode == 0, helped.stderr
    assert "Usage:" in helped.stdout and "backup" in helped.stdout
    failed = _amtui("db", "version", "--db", PG_URL, env=env)
    assert failed.returncode == 1
    assert failed.stderr.startswith("amtui: ") and "Traceback" not in failed.stderr
    assert SECRET not in failed.stdout + failed.stderr
    assert not (tmp_path / "xdg").exists()  # nothing was created in the default location
