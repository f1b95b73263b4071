"""Files that are not (healthy) workspaces are refused with a clear message and left untouched."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from amtui.config import DbTarget, resolve_target
from amtui.db import DatabaseError, open_database
from amtui.models import Client

PAGE = 4096


@pytest.fixture(scope="module")
def healthy_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of a real, checkpointed workspace with a few rows."""
    path = tmp_path_factory.mktemp("healthy") / "amtui.db"
    db = open_database(resolve_target(str(path)))
    with db.write() as s:
        s.add_all([Client(name=f"Client {i}", notes="x" * 500) for i in range(40)])
    db.dispose()
    data = path.read_bytes()
    assert data[:16] == b"SQLite format 3\x00" and len(data) > 10 * PAGE
    return data


def _garbage(n: int, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(n)


def _corrupt_table(path: Path, table: str) -> None:
    """Overwrite the root page of ``table`` in the file at ``path`` with garbage."""
    with sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True) as raw:
        page = raw.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    raw.close()
    data = path.read_bytes()
    start = (page - 1) * PAGE
    path.write_bytes(data[:start] + _garbage(PAGE) + data[start + PAGE:])


def _in_file(tmp: Path, data: bytes, table: str) -> bytes:
    scratch = tmp / "scratch.db"
    scratch.write_bytes(data)
    _corrupt_table(scratch, table)
    return scratch.read_bytes()


CASES = {
    "text file": lambda h: b"name,retainer\nAcme,2500\n" * 200,
    "truncated sqlite file": lambda h: h[:100],
    "valid header, garbage pages": lambda h: h[:100] + _garbage(len(h) - 100),
    "garbage in the schema version table": "alembic_version",
    "zero-filled after the header": lambda h: h[:100] + bytes(len(h) - 100),
}


@pytest.mark.parametrize("case", list(CASES))
def test_corrupt_file_refused_untouched(tmp_path: Path, healthy_bytes: bytes, snapshot, case: str) -> None:
    path = tmp_path / "ws" / "amtui.db"
    path.parent.mkdir()
    make = CASES[case]
    path.write_bytes(make(healthy_bytes) if callable(make) else _in_file(tmp_path, healthy_bytes, make))
    before = snapshot(path)
    with pytest.raises(DatabaseError) as info:
        open_database(resolve_target(str(path)))
    message = str(info.value)
    assert str(path) in message
    assert "untouched" in message
    assert any(w in message for w in ("not a SQLite database", "damaged", "not an amtui workspace")), message
    assert snapshot(path) == before  # same bytes, same mtime, and no -wal/-shm/-journal left beside it


def test_damaged_table_in_old_workspace_refused_without_backup(
    sqlite_target: DbTarget, seeded_0001, snapshot
) -> None:
    """The upgrade path reads the whole file (backup, rebuild): damage found there is refused too."""
    seeded_0001(sqlite_target)
    path = sqlite_target.path
    _corrupt_table(path, "client_contact")
    before = snapshot(path)
    with pytest.raises(DatabaseError, match="untouched|nothing was changed|damaged|integrity"):
        open_database(sqlite_target)
    assert snapshot(path) == before  # in particular, no backup or partial backup beside it


def test_folder_instead_of_file_refused(tmp_path: Path) -> None:
    (tmp_path / "amtui.db").mkdir()
    with pytest.raises(DatabaseError, match="is a folder"):
        open_database(resolve_target(str(tmp_path / "amtui.db")))
