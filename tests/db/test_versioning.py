"""Optimistic locking: a stale update raises instead of overwriting somebody else's edit."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from amtui.db import Database
from amtui.models import Client


def _new_client(db: Database) -> int:
    with db.write() as s:
        client = Client(name="Acme", notes="original")
        s.add(client)
        s.flush()
        assert client.version == 1
        return client.id


def _stored(db: Database, cid: int) -> tuple[str, str, int]:
    with db.read() as s:
        row = s.execute(text("SELECT name, notes, version FROM client WHERE id = :i"), {"i": cid}).one()
    return tuple(row)  # type: ignore[return-value]


def test_version_increments_on_each_update(db: Database) -> None:
    cid = _new_client(db)
    for expected, notes in ((2, "one"), (3, "two")):
        with db.write() as s:
            client = s.get(Client, cid)
            client.notes = notes
        assert client.version == expected
        assert _stored(db, cid) == ("Acme", notes, expected)


def test_stale_edit_of_a_loaded_copy_raises_and_keeps_first_edit(db: Database) -> None:
    """Two screens load the client; the first saves; the second's save is refused."""
    cid = _new_client(db)
    with db.read() as s:
        first = s.get(Client, cid)
    with db.read() as s:
        second = s.get(Client, cid)
    assert first.version == second.version == 1

    with db.write() as s:
        s.add(first)
        first.name = "Acme Corp"
    assert first.version == 2

    with pytest.raises(StaleDataError), db.write() as s:
        s.add(second)
        second.notes = "overwritten?"
    assert _stored(db, cid) == ("Acme Corp", "original", 2)


def test_two_open_sessions_second_commit_raises(db: Database) -> None:
    cid = _new_client(db)
    s1 = Session(db.engine, expire_on_commit=False)
    s2 = Session(db.engine, expire_on_commit=False)
    try:
        a = s1.get(Client, cid)
        b = s2.get(Client, cid)
        s2.commit()  # end s2's read transaction (SQLite: its snapshot would block the upgrade to a write)
        a.notes = "first"
        s1.commit()
        b.notes = "second"
        with pytest.raises(StaleDataError):
            s2.commit()
        s2.rollback()
    finally:
        s1.close()
        s2.close()
    assert _stored(db, cid) == ("Acme", "first", 2)


def test_stale_delete_raises_and_row_survives(db: Database) -> None:
    cid = _new_client(db)
    with db.read() as s:
        stale = s.get(Client, cid)
    with db.write() as s:
        s.get(Client, cid).notes = "edited meanwhile"
    with pytest.raises(StaleDataError), db.write() as s:
        s.add(stale)
        s.delete(stale)
    assert _stored(db, cid) == ("Acme", "edited meanwhile", 2)
