"""Helpers for the storage tests: file snapshots, umask 0, and a workspace seeded at 0001."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Date, bindparam, text

from amtui import schema
from amtui.config import DbTarget
from amtui.db import make_engine, prepare_sqlite_file
from amtui.types import UTCDateTime

FileState = tuple[str, int, list[str]]


def file_state(path: Path) -> FileState:
    """Content hash, mtime (ns) and the folder listing: everything 'untouched' must keep."""
    return (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns, sorted(os.listdir(path.parent)))


@pytest.fixture
def snapshot() -> Callable[[Path], FileState]:
    return file_state


@pytest.fixture
def umask0() -> Iterator[None]:
    """Run the test with umask 0 (everything world-writable unless amtui restricts it)."""
    old = os.umask(0o000)
    try:
        yield
    finally:
        os.umask(old)


SEEDED = {"client": 1, "client_contact": 2, "interaction": 3, "project": 1, "task": 1}
OCCURRED = datetime(2026, 3, 28, 20, 0, tzinfo=UTC)


def _insert(conn, sql: str, **values) -> None:
    stmt = text(sql)
    typed = [bindparam(k, type_=UTCDateTime() if isinstance(v, datetime) else Date())
             for k, v in values.items() if isinstance(v, date)]
    conn.execute(stmt.bindparams(*typed) if typed else stmt, values)


def seed_at_0001(target: DbTarget) -> dict[str, int]:
    """A workspace at schema 0001 holding a client with contacts, interactions, a project and a task."""
    if target.path is not None:
        prepare_sqlite_file(target.path)
    engine = make_engine(target)
    try:
        schema.run_alembic(engine, "0001")
        now = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
        stamps = "1, :now, :now"
        with engine.begin() as conn:
            _insert(conn, "INSERT INTO client (id, version, created_at, updated_at, name, status, tier, industry, "
                    "monthly_retainer, cadence_ideal_days, cadence_max_days, notes) "
                    f"VALUES (1, {stamps}, 'Acme', 'active', 'core', 'retail', 250000, 14, 30, '')", now=now)
            for cid in (1, 2):
                _insert(conn, "INSERT INTO client_contact (id, version, created_at, updated_at, client_id, name, role, "
                        f"email, phone, is_primary) VALUES (:id, {stamps}, 1, :name, '', '', '', false)",
                        id=cid, name=f"Contact {cid}", now=now)
            for iid in (1, 2, 3):
                _insert(conn, "INSERT INTO interaction (id, version, created_at, updated_at, client_id, contact_id, kind, "
                        "direction, occurred_at, duration_minutes, summary, sentiment, follow_up_done) "
                        f"VALUES (:id, {stamps}, 1, 1, 'call', 'outbound', :at, 30, 'hi', 1, false)",
                        id=iid, now=now, at=OCCURRED)
            _insert(conn, "INSERT INTO project (id, version, created_at, updated_at, client_id, name, kind, status, budget, "
                    f"start_on, end_on, carry_over) VALUES (1, {stamps}, 1, 'Launch', 'project', 'active', 900000, "
                    ":start, :end, false)", now=now, start=date(2026, 1, 1), end=date(2026, 6, 30))
            _insert(conn, "INSERT INTO task (id, version, created_at, updated_at, project_id, title, estimate_hours, "
                    f"status, priority) VALUES (1, {stamps}, 1, 'Brief', 4.0, 'todo', 'normal')", now=now)
        if engine.dialect.name == "postgresql":  # explicit ids: move the sequences past them
            with engine.begin() as conn:
                for table in SEEDED:
                    conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 10)"))
    finally:
        engine.dispose()
    return dict(SEEDED)


@pytest.fixture
def seeded_0001() -> Callable[[DbTarget], dict[str, int]]:
    return seed_at_0001
