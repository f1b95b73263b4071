"""Schema creation, upgrades with a backup, and refusal of newer or foreign databases."""

from __future__ import annotations

import os
import sqlite3
import stat
import warnings
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel

from amtui import schema
from amtui.config import DbTarget, resolve_target
from amtui.db import Database, DatabaseError, make_engine, open_database
from amtui.models import ALL_TABLES, Client, ClientContact, Interaction

OCCURRED = datetime(2026, 3, 28, 20, 0, tzinfo=UTC)  # as seeded by conftest.seed_at_0001


def _version(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())


def _schema_diff(engine: Engine) -> list[object]:
    with engine.connect() as conn, warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based index")
        return compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata)


def _index_names(engine: Engine) -> set[str]:
    """Index names from the catalogue (SQLAlchemy's SQLite reflection skips expression indexes)."""
    sql = ("SELECT name FROM sqlite_master WHERE type = 'index'" if engine.dialect.name == "sqlite"
           else "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
    with engine.connect() as conn:
        return set(conn.execute(text(sql)).scalars())


EXPECTED_INDEXES = {ix.name for t in SQLModel.metadata.tables.values() for ix in t.indexes}


def test_revisions_match_alembic_history() -> None:
    script = ScriptDirectory.from_config(schema.alembic_config())
    history = [rev.revision for rev in script.walk_revisions()][::-1]  # walk_revisions: newest first
    assert list(schema.REVISIONS) == history
    assert script.get_heads() == [schema.HEAD]


def test_empty_database_gets_newest_schema(db: Database) -> None:
    assert _version(db.engine) == [schema.HEAD]
    tables = set(inspect(db.engine).get_table_names())
    assert {m.__tablename__ for m in ALL_TABLES} <= tables
    assert set(SQLModel.metadata.tables) <= tables
    assert _schema_diff(db.engine) == []
    assert EXPECTED_INDEXES <= _index_names(db.engine)  # incl. the expression index compare_metadata skips


def test_upgrade_from_0001_keeps_children_and_constraints(any_target: DbTarget, seeded_0001) -> None:
    counts = seeded_0001(any_target)
    db = open_database(any_target)
    try:
        assert _version(db.engine) == [schema.HEAD]
        with db.read() as s:
            for table, n in counts.items():
                assert s.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == n, table
            client = s.get(Client, 1)
            assert client.monthly_retainer == 250000 and client.archived_at is None
            assert s.scalars(select(Interaction.occurred_at)).first() == OCCURRED
        if db.dialect == "sqlite":
            with db.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # switched back on
        assert _schema_diff(db.engine) == []
        assert EXPECTED_INDEXES <= _index_names(db.engine)
        refusals = [  # (row, what the error must name): constraints survived the rebuild of client
            (Client(name="ACME"), "uq_client_name_ci"),
            (Client(name="Other", monthly_retainer=-1), "ck_client_retainer_nonneg"),
            (ClientContact(client_id=999, name="Ghost"), "(?i)foreign key"),
        ]
        for row, error in refusals:
            with pytest.raises(IntegrityError, match=error), db.write() as s:
                s.add(row)
        with db.write() as s:  # deleting the rebuilt parent still cascades to its children
            s.delete(s.get(Client, 1))
        with db.read() as s:
            assert s.scalar(select(func.count()).select_from(ClientContact)) == 0
    finally:
        db.dispose()


def _mode(p: Path) -> int:
    return stat.S_IMODE(os.stat(p).st_mode)


@pytest.mark.usefixtures("umask0")
def test_upgrade_makes_numbered_owner_only_backups(sqlite_target: DbTarget, seeded_0001) -> None:
    path = sqlite_target.path
    seeded_0001(sqlite_target)
    original = path.read_bytes()
    first = path.with_name("amtui.db.schema-0001.1.bak")
    second = path.with_name("amtui.db.schema-0001.2.bak")

    open_database(sqlite_target).dispose()
    assert first.exists() and not second.exists()
    assert _mode(first) == 0o600
    with sqlite3.connect(f"{first.as_uri()}?mode=ro", uri=True) as bak:
        assert bak.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert bak.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        assert bak.execute("SELECT count(*) FROM client_contact").fetchone()[0] == 2
        assert "archived_at" not in {r[1] for r in bak.execute("PRAGMA table_info(client)")}
    first_bytes = first.read_bytes()

    path.write_bytes(original)  # back to 0001 (as if restored); upgrading again numbers the next backup
    open_database(sqlite_target).dispose()
    assert second.exists() and _mode(second) == 0o600
    assert first.read_bytes() == first_bytes  # the earlier backup is never overwritten


def test_migrate_false_on_old_schema_asks_for_db_upgrade(sqlite_target: DbTarget, seeded_0001) -> None:
    seeded_0001(sqlite_target)
    with pytest.raises(DatabaseError, match=r"amtui db upgrade"):
        open_database(sqlite_target, migrate=False)
    assert list(sqlite_target.path.parent.glob("*.bak")) == []  # no backup, no upgrade
    with sqlite3.connect(sqlite_target.path) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]


def _make_newer(path: Path, journal: str) -> None:
    with sqlite3.connect(path, isolation_level=None) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
        raw.execute(f"PRAGMA journal_mode = {journal}")
    raw.close()


@pytest.mark.parametrize("journal", ["wal", "delete"])  # delete: e.g. a backup copy made by `amtui backup`
def test_newer_schema_refused_file_untouched(sqlite_target: DbTarget, snapshot, journal: str) -> None:
    open_database(sqlite_target).dispose()
    path = sqlite_target.path
    _make_newer(path, journal)
    before = snapshot(path)
    with pytest.raises(DatabaseError, match="newer amtui") as info:
        open_database(sqlite_target)
    assert "9999" in str(info.value)
    assert snapshot(path) == before


def test_foreign_sqlite_database_refused_untouched(tmp_path: Path, snapshot) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        raw.execute("INSERT INTO invoices VALUES (1, 9.5)")
    raw.close()
    before = snapshot(path)
    with pytest.raises(DatabaseError, match="not an amtui workspace"):
        open_database(resolve_target(str(path)))
    assert snapshot(path) == before


@pytest.mark.pg
def test_newer_and_foreign_schema_refused_on_postgresql(pg_target: DbTarget) -> None:
    db = open_database(pg_target)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    db.dispose()
    with pytest.raises(DatabaseError, match="newer amtui"):
        open_database(pg_target)
    engine = make_engine(pg_target)
    try:
        assert _version(engine) == ["9999"]
        assert "client" in inspect(engine).get_table_names()  # nothing dropped or rebuilt
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE alembic_version"))
        with pytest.raises(DatabaseError, match="not an amtui workspace"):
            open_database(pg_target)
        assert "alembic_version" not in inspect(engine).get_table_names()  # not stamped either
    finally:
        engine.dispose()
