"""Textual's crash screen never shows a PostgreSQL password.

Textual prints an unhandled exception with every frame's local variables, and the database
drivers' frames hold the password in plain text (SQLAlchemy's ``cparams``, psycopg's
``conninfo``). The app prints its traceback without locals; these tests crash it on a real
connection attempt whose URL carries a password.
"""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest
from rich.console import Console
from sqlalchemy import create_engine

from amtui.app import AmtuiApp, make_app
from amtui.clock import Clock
from amtui.config import resolve_target
from amtui.db import open_database

SECRET = "S3cretPW-do-not-print"
URL = f"postgresql+psycopg://postgres:{SECRET}@127.0.0.1:1/test"  # port 1: nothing listens


def crash_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the app headless, crash it inside a driver connect to ``URL``, return what it prints."""
    db = open_database(resolve_target(str(tmp_path / "amtui.db")))
    app = make_app(db, clock=Clock.system())
    printed: list[object] = []
    print_errors = AmtuiApp._print_error_renderables

    def keep_and_print(self: AmtuiApp) -> None:
        printed.extend(self._exit_renderables)  # printing clears them
        print_errors(self)

    monkeypatch.setattr(AmtuiApp, "_print_error_renderables", keep_and_print)

    def connect_to_server() -> None:
        engine = create_engine(URL)
        engine.connect()  # raises OperationalError from deep inside psycopg, password in locals

    async def run() -> None:
        async with app.run_test() as pilot:
            app.call_later(connect_to_server)
            await pilot.pause(0.5)

    try:
        asyncio.run(run())
    except Exception:  # noqa: BLE001 - run_test re-raises the app's error; we want the print
        pass
    finally:
        db.dispose()
    assert printed, "the app did not crash, so nothing was checked"
    out = io.StringIO()
    console = Console(file=out, width=200, color_system=None)
    for renderable in printed:
        console.print(renderable)
    return out.getvalue()


def test_crash_screen_shows_the_error_but_not_the_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    printed = crash_output(tmp_path, monkeypatch)
    assert "OperationalError" in printed
    assert SECRET not in printed


def test_textual_default_would_have_shown_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard is needed: with Textual's own crash handler the password is printed."""
    from textual.app import App

    monkeypatch.setattr(AmtuiApp, "_fatal_error", App._fatal_error)
    assert SECRET in crash_output(tmp_path, monkeypatch)
