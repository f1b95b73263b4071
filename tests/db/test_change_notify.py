"""Migration 0003: every workspace table notifies ``amtui_change`` with ``schema.table`` at
commit on PostgreSQL; SQLite gets no triggers. The PostgreSQL change source hears other
sessions, not the app's own, and only its own schema."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel

from amtui.db import Database
from amtui.live.pg_source import PgSource
from amtui.models import Client

def _heard(source: PgSource, attempts: int = 10) -> set[str]:
    tables: set[str] = set()
    for _ in range(attempts):
        got = source.poll(0.2)
        if got:
            tables |= got
        elif tables:
            break
    return tables

def test_sqlite_gets_no_triggers(sqlite_db: Database) -> None:
    with sqlite_db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall() == []

@pytest.mark.pg
def test_every_table_has_the_notify_trigger(pg_target) -> None:
    from amtui.db import open_database

    db = open_database(pg_target)
    try:
        with db.engine.connect() as conn:
            with_trigger = set(conn.execute(text(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE t.tgname = 'amtui_change' AND n.nspname = current_schema()")).scalars())
        assert with_trigger == set(SQLModel.metadata.tables)
    finally:
        db.dispose()

@pytest.mark.pg
def test_a_commit_notifies_its_table_and_own_sessions_are_skipped(pg_target) -> None:
    from amtui.db import open_database

    db, other = open_database(pg_target), open_database(pg_target)
    source = PgSource.for_database(db)
    source.open()
    try:
        assert source.schema is not None and source.schema.startswith("t_")
        with other.write() as s:  # another user's session
            s.add(Client(name="Heard GmbH"))
        assert _heard(source) == {"client"}
        with db.write() as s:  # the app's own session: it publishes that change itself
            s.add(Client(name="Own GmbH"))
        assert _heard(source, attempts=3) == set()
        with other.engine.begin() as conn:  # a rolled-back write says nothing
            conn.execute(text("UPDATE client SET notes = 'x'"))
            conn.rollback()
        assert _heard(source, attempts=3) == set()
        with other.engine.begin() as conn:  # another workspace (schema) on the same server
            conn.execute(text("SELECT pg_notify('amtui_change', 'elsewhere.client')"))
        assert _heard(source, attempts=3) == set()
    finally:
        source.close()
        db.dispose()
        other.dispose()
