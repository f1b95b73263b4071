"""Engines, sessions and the safe opening of a workspace database.

SQLite gets WAL, ``foreign_keys=ON``, ``synchronous=FULL`` and a busy timeout on every pooled
connection; write transactions start with ``BEGIN IMMEDIATE`` so that concurrent writers wait
instead of failing. New files and folders are created owner-only whatever the umask.
PostgreSQL URLs use the same code. Opening checks the file and the schema version before
anything is written; see :func:`open_database`.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool
from sqlmodel import Session

from amtui.config import DbTarget

BUSY_TIMEOUT_MS = 10_000
SQLITE_HEADER = b"SQLite format 3\x00"
_WRITE = "amtui_write"


class DatabaseError(Exception):
    """The workspace cannot be opened or used; the message is meant for the user."""


def _chmod_owner_only(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        p = Path(f"{path}{suffix}")
        if p.exists():
            os.chmod(p, 0o600)


def read_only_uri(path: Path) -> str:
    """A SQLite URI opening ``path`` read-only, and "immutable" unless another connection may
    have a journal in use: a plain read-only open of a WAL file leaves -wal/-shm behind."""
    busy = any(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-journal"))
    return f"{path.as_uri()}?mode=ro" + ("" if busy else "&immutable=1")


def prepare_sqlite_file(path: Path) -> bool:
    """Make sure ``path`` can hold a workspace; return True when the file is new (empty).

    Creates missing folders 0700 and the file 0600. An existing non-empty file must carry the
    SQLite header and a readable schema that is not newer or foreign (checked read-only);
    otherwise :class:`DatabaseError` is raised and the file is left exactly as it was.
    """
    missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
    for folder in reversed(missing):  # every folder created here is owner-only, not only the last
        folder.mkdir(mode=0o700)
        os.chmod(folder, 0o700)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.fchmod(fd, 0o600)
        os.close(fd)
        return True
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a workspace file")
    if path.stat().st_size == 0:
        os.chmod(path, 0o600)
        return True
    with path.open("rb") as fh:
        header = fh.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise DatabaseError(f"{path} is not an amtui workspace (not a SQLite database); it was left untouched")
    from amtui import schema

    # amtui's own connections would switch the file to WAL before the version check could refuse it.
    uri = read_only_uri(path)
    ro = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True), poolclass=NullPool)
    try:
        schema.inspect_state(ro)  # refuses newer and foreign databases before anything writes
    except DBAPIError as exc:
        raise DatabaseError(f"{path} is damaged and cannot be opened ({exc.orig}); it was left untouched") from None
    finally:
        ro.dispose()
    return False


def _decode_text(value: bytes) -> str:
    """A TEXT value as str; bytes that are not UTF-8 (written by another tool) become U+FFFD
    instead of failing the whole query."""
    return value.decode("utf-8", "replace")


def _on_sqlite_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # SQLAlchemy's "begin" event emits BEGIN itself
    dbapi_conn.text_factory = _decode_text
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = FULL")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.close()


def _on_sqlite_begin(conn: Any) -> None:
    immediate = conn.get_execution_options().get(_WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(target: DbTarget) -> Engine:
    """An engine for ``target`` with amtui's connection settings (no schema work)."""
    if target.is_sqlite:
        engine = create_engine(target.url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    return create_engine(target.url, pool_pre_ping=True, connect_args={"connect_timeout": 5})


class Database:
    """An open workspace: an engine plus read and write session factories.

    Attributes:
        target: where the workspace lives (password-safe to print).
        engine: the SQLAlchemy engine.
    """

    def __init__(self, target: DbTarget, engine: Engine) -> None:
        self.target = target
        self.engine = engine
        self._write_engine = engine.execution_options(**{_WRITE: True}) if target.is_sqlite else engine

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; rolled back on exit."""
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose work is committed on exit (``BEGIN IMMEDIATE`` on SQLite)."""
        with Session(self._write_engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
        if self.target.path is not None:
            _chmod_owner_only(self.target.path)

    def dispose(self) -> None:
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Database({self.target.display!r})"


def open_database(target: DbTarget, *, migrate: bool = True) -> Database:
    """Open (creating or upgrading as needed) the workspace at ``target``.

    Empty database → newest schema. Older schema → numbered backup beside the file (SQLite),
    then upgrade. Newer schema or a file that is not a workspace → :class:`DatabaseError`
    with nothing touched.
    """
    from amtui import schema

    if target.path is not None:
        prepare_sqlite_file(target.path)
    engine = make_engine(target)
    try:
        state = schema.inspect_state(engine)
        if state.needs_upgrade:
            if not migrate:
                raise DatabaseError(
                    f"the workspace schema is {state.current or 'empty'}; run 'amtui db upgrade' to reach {state.head}"
                )
            schema.upgrade(engine, target, state)
        if target.path is not None:
            _chmod_owner_only(target.path)
    except DBAPIError as exc:
        engine.dispose()
        raise DatabaseError(describe_db_error(target, exc)) from None
    except BaseException:
        engine.dispose()
        raise
    return Database(target, engine)


NO_SPACE = "the disk is full (or the file may not grow), so nothing was saved; free some space and try again"


def is_out_of_space(exc: BaseException) -> bool:
    """True when a write failed for lack of space: SQLite's SQLITE_FULL or a failed write
    (a file-size limit), PostgreSQL's disk_full (53100)."""
    orig = getattr(exc, "orig", exc)
    name = getattr(orig, "sqlite_errorname", "")
    return name in ("SQLITE_FULL", "SQLITE_IOERR_WRITE") or getattr(orig, "sqlstate", None) == "53100"


CONNECTION_LOST = "the connection to the database was lost (amtui reconnects by itself)"
_CONNECTION_STATES = ("57P01", "57P02", "57P03")  # admin/crash shutdown, cannot connect now


def is_connection_lost(exc: BaseException) -> bool:
    """True when ``exc`` says the PostgreSQL server went away or cannot be reached: SQLAlchemy
    saw the connection die (``connection_invalidated``), SQLSTATE class 08 (connection
    exception) or 57P01–57P03 (server shutting down or starting), or a psycopg
    ``OperationalError`` without a SQLSTATE (libpq's own "connection refused", "server closed
    the connection unexpectedly"). A SQLite error never is: its file does not go away."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    orig = getattr(exc, "orig", exc)
    module = type(orig).__module__ or ""
    if not module.startswith("psycopg"):
        return False
    state = getattr(orig, "sqlstate", None)
    if state is not None:
        return state.startswith("08") or state in _CONNECTION_STATES
    import psycopg

    return isinstance(orig, psycopg.OperationalError)


def failure_text(exc: BaseException) -> str:
    """What to tell the user about a failed read or write: the disk full, the connection
    lost, a driver's own first line (without SQLAlchemy's statement and help link), or the
    exception's message."""
    if is_out_of_space(exc):
        return NO_SPACE
    if is_connection_lost(exc):
        return CONNECTION_LOST
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        lines = str(exc.orig).strip().splitlines()
        return lines[0] if lines else type(exc.orig).__name__
    return str(exc) or type(exc).__name__


def describe_db_error(target: DbTarget, exc: DBAPIError) -> str:
    """A one-line, password-free explanation of a driver error."""
    if is_out_of_space(exc):
        return f"cannot write to the workspace at {target.display}: {NO_SPACE}"
    detail = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else type(exc).__name__
    if target.url.password:
        detail = detail.replace(str(target.url.password), "***")
    return f"cannot use the workspace at {target.display}: {detail}"


def ping(db: Database) -> None:
    """Run a trivial query; raises DBAPIError when the server is gone."""
    with db.engine.connect() as conn:
        conn.execute(text("SELECT 1"))
