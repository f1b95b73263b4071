"""The app's end of live refresh: a :class:`~amtui.live.watcher.Watcher` on the workspace,
its reports turned into messages on the app.

Constructing a :class:`LiveLink` starts nothing; :meth:`LiveLink.start` (called once the
database is open, by ``AmtuiApp.start_live``) starts the watcher thread, :meth:`LiveLink.stop`
ends it. The thread only posts messages (``post_message`` is thread-safe and never waits, so
stopping cannot deadlock with a callback waiting for the UI thread); the app handles them on the
UI thread: :class:`LiveChanged` → ``app.publish(DataChange(tables))``, :class:`LiveLost` /
:class:`LiveRestored` → the connection banner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from amtui.live.watcher import ChangeSource, Timing, Watcher

if TYPE_CHECKING:
    from textual.app import App

    from amtui.db import Database


class LiveChanged(Message):
    """Another process committed to ``tables`` (empty: maybe all)."""

    def __init__(self, tables: frozenset[str]) -> None:
        super().__init__()
        self.tables = tables


class LiveLost(Message):
    """The database stopped answering; ``reason`` is one password-free line."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class LiveRestored(Message):
    """The database answers again after :class:`LiveLost`."""


def source_for(db: Database) -> ChangeSource:
    """The change source for ``db``: ``PRAGMA data_version`` on SQLite, LISTEN on PostgreSQL."""
    if db.target.path is not None:
        from amtui.live.sqlite_source import SqliteSource

        return SqliteSource(db.target.path)
    from amtui.live.pg_source import PgSource

    return PgSource.for_database(db)


class LiveLink:
    """Watches ``app.db`` for other processes' writes while started.

    Attributes:
        timing: the watcher's waits (tests may shorten the backoff).
        lost_reason: why the database is unreachable, None while it answers.
    """

    def __init__(self, app: App[object], *, timing: Timing = Timing()) -> None:
        self.app = app
        self.timing = timing
        self.lost_reason: str | None = None
        self._watcher: Watcher | None = None

    @property
    def running(self) -> bool:
        return self._watcher is not None and self._watcher.running

    def start(self, db: Database) -> None:
        """Start watching ``db`` (a second call while running does nothing)."""
        if self._watcher is not None:
            return
        self._watcher = Watcher(
            source_for(db), timing=self.timing,
            changed=lambda tables: self.app.post_message(LiveChanged(tables)),
            lost=lambda reason: self.app.post_message(LiveLost(reason)),
            restored=lambda: self.app.post_message(LiveRestored()),
        )
        self._watcher.start()

    def stop(self) -> None:
        """Stop the watcher thread and close its connection."""
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.stop()
