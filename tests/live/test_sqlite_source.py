"""The SQLite change source: another connection's commit is seen; its own reads are not."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from amtui.live.sqlite_source import SqliteSource


def _poll_once(source: SqliteSource) -> frozenset[str] | None:
    return source.poll(source.interval + 0.01)


def test_a_commit_elsewhere_is_reported_as_maybe_everything(tmp_path: Path) -> None:
    path = tmp_path / "ws.db"
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA journal_mode = WAL")
    other.execute("CREATE TABLE t (x)")
    source = SqliteSource(path, interval=0.01)
    source.open()
    try:
        assert _poll_once(source) is None
        other.execute("INSERT INTO t VALUES (1)")
        assert _poll_once(source) == frozenset()
        assert _poll_once(source) is None  # reported once
        other.execute("SELECT * FROM t").fetchall()  # a read is not a change
        assert _poll_once(source) is None
    finally:
        source.close()
        other.close()


def test_a_missing_file_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "gone.db"
    source = SqliteSource(path)
    with pytest.raises(sqlite3.OperationalError):
        source.open()
    assert not path.exists()


def test_a_removed_file_is_an_outage(tmp_path: Path) -> None:
    path = tmp_path / "ws.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    source = SqliteSource(path, interval=0.01)
    source.open()
    try:
        path.unlink()
        with pytest.raises(ConnectionError, match="is gone"):
            _poll_once(source)
    finally:
        source.close()
