"""SQLite connection settings, write locking and file permissions."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from amtui.config import resolve_target
from amtui.db import Database, open_database
from amtui.models import Client


def _pragmas(conn) -> dict[str, object]:
    return {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")}


def _assert_amtui_pragmas(p: dict[str, object]) -> None:
    assert p["journal_mode"] == "wal"
    assert p["foreign_keys"] == 1
    assert p["synchronous"] == 2  # FULL
    assert p["busy_timeout"] >= 5000


def test_pragmas_on_every_pooled_connection(sqlite_db: Database) -> None:
    engine = sqlite_db.engine
    conns = [engine.connect() for _ in range(4)]  # checked out together: four DB-API connections
    try:
        assert len({id(c.connection.driver_connection) for c in conns}) == 4
        for c in conns:
            _assert_amtui_pragmas(_pragmas(c))
    finally:
        for c in conns:
            c.close()

    def in_thread() -> dict[str, object]:
        with engine.connect() as c:
            return _pragmas(c)

    with ThreadPoolExecutor(2) as pool:
        for p in pool.map(lambda _: in_thread(), range(2)):
            _assert_amtui_pragmas(p)


def test_foreign_keys_enforced_in_sessions(sqlite_db: Database) -> None:
    with pytest.raises(Exception, match="FOREIGN KEY"), sqlite_db.write() as s:
        s.execute(text("INSERT INTO client_contact (version, created_at, updated_at, client_id, name, role, email, "
                       "phone, is_primary) VALUES (1, '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000', "
                       "999, 'x', '', '', '', 0)"))


def _try_begin_immediate(path: Path) -> str:
    raw = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("ROLLBACK")
        return "got the write lock"
    except sqlite3.OperationalError as exc:
        return str(exc)
    finally:
        raw.close()


def test_write_session_takes_write_lock_at_begin_read_session_does_not(sqlite_db: Database) -> None:
    path = sqlite_db.target.path
    with sqlite_db.read() as s:
        s.execute(text("SELECT count(*) FROM client")).scalar()
        assert _try_begin_immediate(path) == "got the write lock"
    with sqlite_db.write() as s:
        s.execute(text("SELECT 1")).scalar()  # only a read so far, yet the write lock is held
        assert _try_begin_immediate(path) == "database is locked"
    assert _try_begin_immediate(path) == "got the write lock"


def test_contended_read_modify_write_waits_instead_of_failing(sqlite_db: Database) -> None:
    """B reads then writes while A holds the lock; with a deferred BEGIN, B's stale snapshot would
    fail at once with 'database is locked'. BEGIN IMMEDIATE makes B wait and see A's row."""
    a_has_lock = threading.Event()
    seen: dict[str, int] = {}

    def writer_a() -> None:
        with sqlite_db.write() as s:
            s.add(Client(name="A"))
            s.flush()
            a_has_lock.set()
            time.sleep(0.4)

    def writer_b() -> None:
        assert a_has_lock.wait(5)
        with sqlite_db.write() as s:
            seen["b"] = s.scalar(select(func.count()).select_from(Client))
            s.add(Client(name=f"B after {seen['b']}"))

    with ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(writer_a), pool.submit(writer_b)]
        for f in futures:
            f.result(timeout=20)  # re-raises a writer's error
    assert seen["b"] == 1
    with sqlite_db.read() as s:
        assert sorted(s.scalars(select(Client.name))) == ["A", "B after 1"]


def _mode(p: Path) -> int:
    return stat.S_IMODE(os.stat(p).st_mode)


@pytest.mark.usefixtures("umask0")
def test_file_modes_owner_only_under_umask_0(tmp_path: Path) -> None:
    target = resolve_target(str(tmp_path / "new" / "deeper" / "amtui.db"))
    db = open_database(target)
    try:
        with db.write() as s:
            s.add(Client(name="Acme"))
        path = target.path
        for suffix in ("", "-wal", "-shm"):  # -wal/-shm exist while a connection is open
            assert Path(f"{path}{suffix}").exists(), suffix
            assert _mode(Path(f"{path}{suffix}")) == 0o600, suffix
        assert _mode(tmp_path / "new" / "deeper") == 0o700
        assert _mode(tmp_path / "new") == 0o700  # every folder amtui created, not only the last
    finally:
        db.dispose()


@pytest.mark.usefixtures("umask0")
def test_existing_empty_file_made_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "amtui.db"
    path.touch(0o666)
    assert _mode(path) == 0o666
    open_database(resolve_target(str(path))).dispose()
    assert _mode(path) == 0o600
