"""Disk full at a form: the save fails with a plain message at the form, nothing is written,
the typing stays and the database passes its integrity check."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event
from tests.ui.test_forms_support import interactions, seed_world, settle

from amtui.config import resolve_target
from amtui.db import Database, open_database
from amtui.screens.quick_log import QuickLogScreen


def _cap_pages(db: Database) -> None:
    """Every new connection may not grow the file past its current page count (SQLITE_FULL)."""

    @event.listens_for(db.engine, "connect")
    def _limit(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    db.engine.dispose()  # pooled connections reconnect with the cap


@pytest.fixture
def db(tmp_path: Path):
    database = open_database(resolve_target(str(tmp_path / "ws" / "amtui.db")))
    yield database
    database.dispose()


def _integrity(path: Path | None) -> list[tuple[str]]:
    assert path is not None
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA integrity_check").fetchall()
    finally:
        con.close()


async def test_quick_log_on_a_full_disk_keeps_the_typing(db: Database, app_factory) -> None:
    world = seed_world(db)
    acme = world.clients["acme"]
    before = len(interactions(db))
    # 1,900 four-byte characters: the row needs overflow pages, so the file must grow
    summary = "Relaunch call " + "\N{GRINNING FACE}" * 1886
    assert db.target.path is not None
    con = sqlite3.connect(db.target.path)
    con.execute("VACUUM")  # no free pages left to reuse
    assert con.execute("PRAGMA freelist_count").fetchone() == (0,)
    con.close()
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await app.push_screen(QuickLogScreen(acme))
        await settle(pilot)
        app.screen.query_one("#summary").value = summary
        _cap_pages(db)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, QuickLogScreen)  # still open
        message = str(app.screen.query_one("#form-error").render())
        assert "disk is full" in message and "nothing was saved" in message
        assert app.screen.query_one("#summary").value == summary  # the typing is kept
    assert len(interactions(db)) == before
    assert _integrity(db.target.path) == [("ok",)]
