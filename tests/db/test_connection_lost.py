"""``is_connection_lost`` tells a server gone away from every other database error, on real
driver errors: what a form says ("lost the connection…") depends on it."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from tests.live.private_pg import free_port

from amtui.config import DbTarget
from amtui.db import CONNECTION_LOST, Database, failure_text, is_connection_lost, is_out_of_space
from amtui.live.pg_source import PgSource


def error_of(engine, *statements: str) -> DBAPIError:
    with pytest.raises(DBAPIError) as caught, engine.connect() as conn:
        for statement in statements:
            conn.execute(text(statement))
    return caught.value


def test_a_refused_connection_is_lost() -> None:
    engine = create_engine(f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/test")
    try:
        refused = error_of(engine, "SELECT 1")
        assert is_connection_lost(refused)
        assert failure_text(refused) == CONNECTION_LOST
    finally:
        engine.dispose()


def test_sqlite_errors_never_are(sqlite_db: Database) -> None:
    exc = error_of(sqlite_db.engine, "SELECT * FROM no_such_table")
    assert not is_connection_lost(exc)
    assert failure_text(exc) == "no such table: no_such_table"  # the driver's line, no SQL, no help link
    assert failure_text(ValueError("bad amount")) == "bad amount"


@pytest.mark.pg
def test_a_terminated_session_is_lost_and_other_errors_are_not(pg_target: DbTarget) -> None:
    engine = create_engine(pg_target.url)
    try:
        with engine.connect() as victim, engine.connect() as admin:
            pid = victim.execute(text("SELECT pg_backend_pid()")).scalar_one()
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            with pytest.raises(DBAPIError) as caught:
                victim.execute(text("SELECT 1"))
        assert is_connection_lost(caught.value)  # 57P01, and SQLAlchemy invalidated it
        assert not is_connection_lost(error_of(engine, "SELEC 1"))  # syntax error, 42601
        cancelled = error_of(engine, "SET statement_timeout = 1", "SELECT pg_sleep(1)")
        assert getattr(cancelled.orig, "sqlstate", None) == "57014"
        assert not is_connection_lost(cancelled)  # query cancelled: the server is there
        full = error_of(engine, "DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = 'disk_full'; END $$")
        assert is_out_of_space(full) and not is_connection_lost(full)
    finally:
        engine.dispose()


def test_the_live_source_never_shows_its_password() -> None:
    source = PgSource(make_url("postgresql+psycopg://amy:S3cretPw@db.example:5432/agency"))
    assert "S3cretPw" not in repr(source) and "S3cretPw" not in str(source)
