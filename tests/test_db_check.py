"""``amtui db check`` on SQLite and PostgreSQL: what it reports, the exit code, the password.

Every check is made to fail once on purpose (an old schema, a broken reference, a dropped
constraint, a file or backup readable by others; a journal that is not WAL is reported) and the healthy
workspace passes with exit 0. The check itself writes nothing.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import text

from amtui import schema
from amtui.cli import cli
from amtui.config import DbTarget, resolve_target
from amtui.db import make_engine, open_database, prepare_sqlite_file
from amtui.models import Client

SECRET = "n0t-Pr1nted"
ORPHAN = ("INSERT INTO client_contact (version, created_at, updated_at, client_id, name, role, email, phone, "
          "is_primary) VALUES (1, '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000', 999, 'Ghost', '', "
          "'', '', false)")


def check(target: DbTarget | str) -> Result:
    where = target if isinstance(target, str) else db_arg(target)
    return CliRunner().invoke(cli, ["db", "check", "--db", where], catch_exceptions=True)


def db_arg(target: DbTarget) -> str:
    return str(target.path) if target.path is not None else target.url.render_as_string(hide_password=False)


def lines_of(result: Result) -> dict[str, list[str]]:
    """Report lines by topic: {"schema": ["ok    schema       0002 …"], …}."""
    out: dict[str, list[str]] = {}
    for line in result.stdout.splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 2 and parts[0] in ("ok", "FAIL", "info"):
            out.setdefault(parts[1], []).append(line.strip())
    return out


@pytest.fixture
def workspace(any_target: DbTarget) -> DbTarget:
    db = open_database(any_target)
    with db.write() as s:
        s.add(Client(name="Acme"))
    db.dispose()
    return any_target


def test_a_healthy_workspace_passes_with_every_topic_reported(workspace: DbTarget) -> None:
    result = check(workspace)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    topics = lines_of(result)
    assert topics["schema"] == [f"ok    schema       {schema.HEAD} (the newest this amtui knows)"]
    assert topics["integrity"][0].startswith("ok    integrity")
    assert "none broken" in topics["integrity"][0]
    if workspace.is_sqlite:
        assert "SQLite" in topics["backend"][0]
        assert topics["journal"][0].startswith("ok    journal      WAL")
        assert topics["permissions"][0].startswith("ok    permissions  owner-only (0600)")
        assert result.stdout.endswith(f"ok: {workspace.path} (schema {schema.HEAD}, sqlite)\n")
    else:
        search_path = workspace.url.query["options"].removeprefix("-csearch_path=")
        assert "PostgreSQL 1" in topics["backend"][0] and f"schema {search_path}" in topics["backend"][0]
        assert topics["triggers"][0].startswith("ok    triggers     live-refresh notify trigger on all")
        assert "journal" not in topics and "permissions" not in topics


def test_broken_references_and_dropped_constraints_fail(workspace: DbTarget) -> None:
    if workspace.is_sqlite:
        with sqlite3.connect(workspace.path) as raw:  # foreign_keys is off on a plain connection
            raw.execute(ORPHAN)
        raw.close()
    else:
        engine = make_engine(workspace)
        with engine.begin() as conn:
            name = conn.execute(text(
                "SELECT conname FROM pg_constraint WHERE conrelid = 'client_contact'::regclass AND contype = 'f'"
            )).scalar_one()
            conn.execute(text(f'ALTER TABLE client_contact DROP CONSTRAINT "{name}"'))
            conn.execute(text(ORPHAN))
        engine.dispose()
    result = check(workspace)
    assert result.exit_code == 1, result.output
    problems = lines_of(result)["integrity"]
    assert any("broken reference in client_contact: 1 row(s) whose client_id points at no client" in p
               for p in problems)
    assert "broken reference in client_contact" in result.stderr
    if not workspace.is_sqlite:
        assert any("constraint(s) missing: client_contact.client_id → client" in p for p in problems)
    assert f"problem(s) found in {workspace.display}" in result.stderr


def test_postgresql_password_is_never_printed(pg_target: DbTarget) -> None:
    open_database(pg_target).dispose()
    url = pg_target.url.set(password=SECRET)  # trust auth: the server accepts and ignores it
    result = check(url.render_as_string(hide_password=False))
    assert result.exit_code == 0, result.output
    assert SECRET not in result.output
    assert "postgres:***@" in result.stdout
    unreachable = check(url.set(port=1).render_as_string(hide_password=False))
    assert unreachable.exit_code == 1
    assert SECRET not in unreachable.output and "***" in unreachable.stderr


@pytest.mark.pg
def test_a_table_without_its_notify_trigger_fails(pg_target: DbTarget) -> None:
    open_database(pg_target).dispose()
    engine = make_engine(pg_target)
    with engine.begin() as conn:
        conn.execute(text('DROP TRIGGER amtui_change ON "vendor"'))
    engine.dispose()
    result = check(pg_target)
    assert result.exit_code == 1
    (line,) = lines_of(result)["triggers"]
    assert line.startswith("FAIL  triggers     1 table(s) lack the live-refresh notify trigger")
    assert ': vendor; recreate each with: CREATE TRIGGER amtui_change AFTER INSERT' in line
    assert 'ON "vendor" FOR EACH STATEMENT EXECUTE FUNCTION amtui_notify_change()' in line


def _fingerprint(path: Path) -> tuple[str, list[str]]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), sorted(os.listdir(path.parent))


def test_an_old_schema_fails_and_is_left_untouched(sqlite_target: DbTarget) -> None:
    prepare_sqlite_file(sqlite_target.path)
    engine = make_engine(sqlite_target)
    schema.run_alembic(engine, "0001")
    engine.dispose()
    with sqlite3.connect(sqlite_target.path) as raw:
        raw.execute("PRAGMA journal_mode = DELETE")
    raw.close()
    before = _fingerprint(sqlite_target.path)
    result = check(sqlite_target)
    assert result.exit_code == 1
    topics = lines_of(result)
    assert topics["schema"] == [f"FAIL  schema       0001, older than this amtui's {schema.HEAD}: "
                                "run 'amtui db upgrade'"]
    assert topics["journal"][0].startswith("info  journal      rollback journal, not WAL yet")  # WAL on the next open
    assert "amtui: 1 problem(s) found" in result.stderr
    assert _fingerprint(sqlite_target.path) == before  # not switched to WAL, no backup made


def test_files_and_backups_readable_by_others_fail(sqlite_target: DbTarget) -> None:
    open_database(sqlite_target).dispose()
    path = sqlite_target.path
    backup = path.parent / "backups" / f"{path.stem}-20261207-0900.db"
    backup.parent.mkdir()
    backup.write_bytes(path.read_bytes())
    upgrade_copy = path.with_name(f"{path.name}.schema-0001.1.bak")
    upgrade_copy.write_bytes(b"")
    for copy in (backup, upgrade_copy):
        os.chmod(copy, 0o600)
    fine = check(sqlite_target)  # owner-only backups are fine
    assert fine.exit_code == 0 and "2 backup(s)" in lines_of(fine)["permissions"][0]
    os.chmod(path, 0o640)
    os.chmod(backup, 0o644)
    result = check(sqlite_target)
    assert result.exit_code == 1
    problems = lines_of(result)["permissions"]
    assert [p.split()[2] for p in problems] == [path.name, backup.name]
    assert "0640" in problems[0] and "0644" in problems[1] and "chmod 600" in problems[1]


def test_a_missing_file_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nope" / "amtui.db"
    result = check(resolve_target(str(path)))
    assert result.exit_code == 1 and "no workspace" in result.stderr
    assert not path.parent.exists()


def test_a_workspace_from_a_newer_amtui_is_refused_untouched(workspace: DbTarget) -> None:
    engine = make_engine(workspace)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    result = check(workspace)
    assert result.exit_code == 1
    assert "newer amtui" in result.stderr and "9999" in result.stderr
