"""A PostgreSQL password is never printed: not by Textual's crash screen, not by any command
whose connection fails (refused, unknown host, bad sslmode, malformed URL), not by the app launch.

Textual prints an unhandled exception with every frame's local variables, and the database
drivers' frames hold the password in plain text (SQLAlchemy's ``cparams``, psycopg's
``conninfo``). The app prints its traceback without locals; these tests crash it on a real
connection attempt whose URL carries a password.
"""

from __future__ import annotations

import asyncio
import io
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console
from sqlalchemy import create_engine

from amtui.app import AmtuiApp, make_app
from amtui.cli import cli
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


# --- the command line: every command, on every way a connection can fail -----------------------

ENCODED = "S3cret%40PW%3Aencoded"  # the password "S3cret@PW:encoded", as a URL must spell it
BAD_URLS = {
    "refused port": URL,
    "invalid host": f"postgresql+psycopg://postgres:{SECRET}@no-such-host.invalid/test",
    "bad sslmode": f"postgresql+psycopg://postgres:{SECRET}@127.0.0.1:1/test?sslmode=bogus",
    "ssl refused": f"postgresql+psycopg://postgres:{SECRET}@127.0.0.1:1/test?sslmode=require",
    "password in the query": f"postgresql+psycopg://postgres@127.0.0.1:1/test?password={SECRET}",
    "encoded password": f"postgresql+psycopg://postgres:{ENCODED}@127.0.0.1:1/test",
    "port not a number": f"postgresql+psycopg://postgres:{SECRET}@127.0.0.1:port/test",
    "libpq key=value string": f"host=127.0.0.1 port=1 user=postgres password={SECRET} dbname=test",
}
COMMANDS = {
    "today": ("today",),
    "today --json": ("today", "--json"),
    "db check": ("db", "check"),
    "db version": ("db", "version"),
    "db upgrade": ("db", "upgrade"),
    "log": ("log", "Acme", "called about the brief"),
    "export": ("export", "clients"),
    "export bookings": ("export", "bookings"),
    "export report": ("export", "report", "Acme"),
    "backup": ("backup",),
    "me": ("me",),
}


def leaks(text: str) -> list[str]:
    """The forms of the test passwords found in ``text``."""
    return [s for s in (SECRET, ENCODED, "S3cret@PW:encoded") if s in text]


@pytest.mark.parametrize("url", list(BAD_URLS.values()), ids=list(BAD_URLS))
@pytest.mark.parametrize("command", list(COMMANDS.values()), ids=list(COMMANDS))
def test_cli_errors_never_print_the_password(command: tuple[str, ...], url: str, tmp_path: Path) -> None:
    args = [*command, *((str(tmp_path / "copy.db"),) if command == ("backup",) else ())]
    for how, argv, env in (("--db", [*args, "--db", url], {}), ("AMTUI_DB", args, {"AMTUI_DB": url})):
        result = CliRunner().invoke(cli, argv, env=env)
        assert result.exit_code != 0, f"{how}: amtui {' '.join(args)} succeeded against {url}"
        assert isinstance(result.exception, SystemExit), f"{how}: crashed with {result.exception!r}"
        assert result.stderr.startswith("amtui: "), f"{how}: {result.stderr!r}"
        assert not leaks(result.stdout + result.stderr), f"{how}: {result.stdout + result.stderr}"


def run_in_terminal(argv: list[str], env: dict[str, str], seconds: float = 30) -> tuple[int | None, str]:
    """Run ``argv`` on a pseudo-terminal (as in a real shell); return its exit code (None when it
    had to be stopped) and everything it wrote."""
    main, child = pty.openpty()
    proc = subprocess.Popen(argv, stdin=child, stdout=child, stderr=child, env=env, close_fds=True)
    os.close(child)
    out = bytearray()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            out += chunk
        elif proc.poll() is not None:
            break
    code = proc.poll()
    if code is None:
        proc.kill()
    proc.wait()
    os.close(main)
    return code, out.decode("utf-8", "replace")


@pytest.mark.parametrize("url", list(BAD_URLS.values()), ids=list(BAD_URLS))
def test_app_launch_never_shows_the_password(url: str) -> None:
    """``amtui`` with no command opens the TUI: whether the failure is printed before the first
    frame or shown on screen, the password is not in what reaches the terminal."""
    env = {**os.environ, "AMTUI_DB": url, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    code, out = run_in_terminal([sys.executable, "-m", "amtui"], env)
    assert out.strip(), "the launch printed nothing"
    assert not leaks(out), out[-2000:]
    if code is not None:
        assert code != 0
