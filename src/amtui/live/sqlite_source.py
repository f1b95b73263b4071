"""Changes to a SQLite workspace from any other connection or process.

``PRAGMA data_version`` changes on a connection whenever another connection commits to the
file. The source holds its own connection (opened ``mode=rw``: it never creates a missing
file) and reads the pragma every :data:`POLL_SECONDS`. SQLite does not say which tables
changed, so every change is reported as "maybe all" (an empty frozenset).
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

POLL_SECONDS = 0.5


class SqliteSource:
    """A :class:`~amtui.live.watcher.ChangeSource` over the workspace file at ``path``."""

    def __init__(self, path: Path, interval: float = POLL_SECONDS) -> None:
        self.path = path
        self.interval = interval
        self._conn: sqlite3.Connection | None = None
        self._version: int | None = None
        self._due = 0.0

    def open(self) -> None:
        conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=rw", uri=True, timeout=1.0,
                               isolation_level=None, check_same_thread=False)
        try:
            self._version = self._read(conn)
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        self._due = time.monotonic() + self.interval

    @staticmethod
    def _read(conn: sqlite3.Connection) -> int:
        return int(conn.execute("PRAGMA data_version").fetchone()[0])

    def poll(self, timeout: float) -> frozenset[str] | None:
        if self._conn is None:
            raise ConnectionError("the workspace file is not open")
        wait = self._due - time.monotonic()
        if wait > timeout:
            time.sleep(max(timeout, 0.0))
            return None
        if wait > 0:
            time.sleep(wait)
        self._due = time.monotonic() + self.interval
        version = self._read(self._conn)
        if not self.path.exists():
            raise ConnectionError(f"the workspace file {self.path} is gone")
        if version == self._version:
            return None
        self._version = version
        return frozenset()

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()
