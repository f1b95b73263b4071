"""Changes to a PostgreSQL workspace, heard with ``LISTEN amtui_change``.

Migration 0003 makes every table ``pg_notify`` ``schema.table`` at commit. The source holds
its own autocommit connection (TCP keepalives on), keeps only notifications for its own
schema (several workspaces may share a database) and reports the table names. After
:data:`SILENCE_PING` seconds without a word it runs ``SELECT 1``, so a server that died
without closing the socket is noticed. Notifications sent by the app's own sessions (their
backend pids, collected as the app's pool hands connections out) are skipped: the app has
already published those writes itself.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import psycopg
from sqlalchemy import Engine, event

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

    from amtui.db import Database

CHANNEL = "amtui_change"
SILENCE_PING = 5.0
KEEPALIVES = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 3}


class OwnSessions:
    """The backend pids of the connections an engine's pool has handed out (and not closed)."""

    def __init__(self, engine: Engine) -> None:
        self.pids: set[int] = set()
        event.listen(engine, "checkout", self._checkout)
        event.listen(engine, "close", self._gone)
        event.listen(engine, "invalidate", self._gone_invalid)

    @staticmethod
    def _pid(dbapi_conn: Any) -> int | None:
        info = getattr(dbapi_conn, "info", None)
        return getattr(info, "backend_pid", None)

    def _checkout(self, dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        if (pid := self._pid(dbapi_conn)) is not None:
            record.info["amtui_pid"] = pid
            self.pids.add(pid)

    def _gone(self, _dbapi_conn: Any, record: Any) -> None:
        self.pids.discard(record.info.pop("amtui_pid", None))

    def _gone_invalid(self, dbapi_conn: Any, record: Any, _exc: Any) -> None:
        self._gone(dbapi_conn, record)


class PgSource:
    """A :class:`~amtui.live.watcher.ChangeSource` over the server at ``url``."""

    def __init__(self, url: URL, own: OwnSessions | None = None, silence_ping: float = SILENCE_PING) -> None:
        self._conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._password = str(url.password) if url.password else None
        self.own = own
        self.silence_ping = silence_ping
        self.schema: str | None = None
        self._conn: psycopg.Connection[Any] | None = None
        self._heard = 0.0

    def __repr__(self) -> str:  # never the conninfo: it holds the password
        return f"PgSource(schema={self.schema!r}, connected={self._conn is not None})"

    @classmethod
    def for_database(cls, db: Database) -> PgSource:
        """The source for the workspace ``db``, skipping ``db``'s own sessions."""
        return cls(db.target.url, OwnSessions(db.engine))

    def _scrubbed(self, exc: BaseException) -> ConnectionError:
        text = str(exc).strip().splitlines()
        line = text[0] if text else type(exc).__name__
        if self._password:
            line = line.replace(self._password, "***")
        return ConnectionError(line)

    def open(self) -> None:
        try:
            conn = psycopg.connect(self._conninfo, autocommit=True, connect_timeout=5, **KEEPALIVES)
        except psycopg.Error as exc:
            raise self._scrubbed(exc) from None
        try:
            self.schema = conn.execute("SELECT current_schema()").fetchone()[0]  # type: ignore[index]
            conn.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error as exc:
            conn.close()
            raise self._scrubbed(exc) from None
        self._conn = conn
        self._heard = time.monotonic()

    def poll(self, timeout: float) -> frozenset[str] | None:
        conn = self._conn
        if conn is None:
            raise ConnectionError("not connected")
        tables: set[str] = set()
        try:
            for note in conn.notifies(timeout=timeout, stop_after=1):
                self._heard = time.monotonic()
                if self.own is not None and note.pid in self.own.pids:
                    continue
                schema, _, table = note.payload.partition(".")
                if schema == self.schema and table:
                    tables.add(table)
            if time.monotonic() - self._heard >= self.silence_ping:
                conn.execute("SELECT 1")
                self._heard = time.monotonic()
        except psycopg.Error as exc:
            raise self._scrubbed(exc) from None
        return frozenset(tables) if tables else None

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()
