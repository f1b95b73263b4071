"""The app shell: start and quit, modes on keys 1 to 5, header, help, palette, quick-log wiring."""

from __future__ import annotations

import gc
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import pytest
from tests.ui.test_roster_support import TODAY, settle, show_roster
from textual.app import App
from textual.command import CommandPalette
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from amtui.app import AmtuiApp, header_date, make_app
from amtui.cli import run_tui
from amtui.db import Database
from amtui.launch import Opened, OpenError, opener
from amtui.messages import DataChange
from amtui.screens.clients import ClientsScreen
from amtui.screens.help import HelpScreen
from amtui.screens.opening import OpeningScreen
from amtui.services.identity import Me


async def test_starts_and_quits_on_an_empty_workspace(empty_db, app_factory) -> None:
    app = app_factory(empty_db)
    async with app.run_test(size=(120, 35)) as pilot:
        await show_roster(app, pilot)
        assert isinstance(app.screen, ClientsScreen)
        assert app.workspace is not None
        assert app.screen.table.total_count == 0
        assert "No clients yet" in app.screen.table.render_line(1).text
        await pilot.press("q")
    assert app.return_code == 0


async def test_starts_and_quits_on_a_seeded_workspace(seeded_db, app_factory) -> None:
    db, _ = seeded_db
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await show_roster(app, pilot)
        assert app.title == "amtui — Nordlicht & Partner"
        assert app.sub_title == header_date(TODAY) == "Tue 24 Nov 2026"
        assert app.screen.table.total_count == 6
        await pilot.press("q")
    assert app.return_code == 0


async def test_header_says_demo_once(seeded_db, app_factory) -> None:
    from sqlmodel import select

    from amtui.models import Workspace

    db, _ = seeded_db
    for name, expected in (("Nordlicht & Partner", "Tue 24 Nov 2026 · demo"),
                           ("Northwind Creative (demo)", "Tue 24 Nov 2026")):
        with db.write() as session:
            ws = session.exec(select(Workspace)).one()
            ws.agency_name, ws.is_demo = name, True
        app = app_factory(db)
        async with app.run_test(size=(120, 35)) as pilot:
            await show_roster(app, pilot)
            assert app.title == f"amtui — {name}"
            assert app.sub_title == expected


async def test_number_keys_switch_modes_and_hide_the_current_one(seeded_db, app_factory) -> None:
    app = app_factory(seeded_db[0])
    async with app.run_test(size=(120, 35)) as pilot:
        await show_roster(app, pilot)
        assert app.current_mode == "clients"
        shown = {b.binding.key for b in app.screen.active_bindings.values()}
        assert {"1", "3", "4", "5"} <= shown and "2" not in shown
        for key, mode in (("1", "today"), ("3", "team"), ("4", "vendors"), ("5", "budgets")):
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode
            assert type(app.screen).__name__ == f"{mode.capitalize()}Screen"
            shown = {b.binding.key for b in app.screen.active_bindings.values()}
            assert key not in shown and "2" in shown
        await pilot.press("2")
        await pilot.pause()
        assert app.current_mode == "clients"


async def test_question_mark_lists_every_key(seeded_db, app_factory) -> None:
    app = app_factory(seeded_db[0])
    async with app.run_test(size=(120, 35)) as pilot:
        await show_roster(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = {k.key for k in app.screen.keys}
        expected = {"1", "2", "3", "4", "5", "l", "c", "?", "^p", "q", "/", "f", "a", "n", "e", "x", "z", "Z",
                    "s", "S", "⏎", "↑", "↓", "home", "end", "pgup", "pgdn"}
        assert expected <= keys, expected - keys
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ClientsScreen)


async def test_palette_lists_actions_and_finds_a_client_by_name(seeded_db, app_factory) -> None:
    db, seeded = seeded_db
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await show_roster(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert CommandPalette.is_open(app)
        await pilot.press(*"harbor")
        await settle(app, pilot)
        palette = app.screen
        prompts = [str(option.prompt) for option in palette.query_one("CommandList").options]
        assert "Open client: Harbor Foods" in prompts
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.current_mode == "clients"
        assert getattr(app.screen, "client_id", None) == seeded.clients["Harbor Foods"]
        assert app.screen_stack[0].table.highlighted_key == seeded.clients["Harbor Foods"]


async def test_palette_goes_to_a_screen(seeded_db, app_factory) -> None:
    app = app_factory(seeded_db[0])
    async with app.run_test(size=(120, 35)) as pilot:
        await show_roster(app, pilot)
        await pilot.press("ctrl+p", *"go to budgets")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.current_mode == "budgets"


async def test_l_and_c_open_quick_log_and_capture_for_the_highlighted_client(seeded_db, app_factory) -> None:
    db, seeded = seeded_db
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await show_roster(app, pilot)
        await pilot.press("down")
        client = app.screen.context_client_id
        assert client == seeded.clients["Beacon Health"]
        for key, name in (("l", "QuickLogScreen"), ("c", "CaptureScreen")):
            await pilot.press(key)
            await settle(app, pilot)
            assert type(app.screen).__name__ == name
            assert app.screen.client_id == client
            await app.pop_screen()
            await settle(app, pilot)


async def test_a_published_change_reloads_the_roster(seeded_db, app_factory) -> None:
    db, _seeded = seeded_db
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await show_roster(app, pilot)
        from amtui.models import Client

        with db.write() as s:
            s.add(Client(name="Zephyr Air"))
        assert app.screen.table.total_count == 6
        app.publish(DataChange(frozenset({"client"})))
        await settle(app, pilot)
        assert app.screen.table.total_count == 7


# ------------------------------------------------------------ opening: first frame before the database
class BlockedOpener:
    """An opener that opens ``db`` only once released: the app paints and waits meanwhile."""

    def __init__(self, db: Database, me: Me | None = None) -> None:
        self.db, self.me = db, me
        self.started = threading.Event()
        self.release = threading.Event()

    def __call__(self) -> Opened:
        self.started.set()
        assert self.release.wait(30), "the test never released the opener"
        return Opened(self.db, self.me)


async def wait_for(pilot, check: Callable[[], bool], what: str) -> None:
    for _ in range(500):
        if check():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"{what} did not happen")


@asynccontextmanager
async def opening_app(db: Database, clock) -> AsyncIterator[tuple[AmtuiApp, object, BlockedOpener]]:
    """The app as ``amtui`` starts it, its opener blocked until released (the app, its pilot, the opener)."""
    opener = BlockedOpener(db)
    app = make_app(None, clock=clock, opener=opener)
    try:
        async with app.run_test(size=(120, 35)) as pilot:
            await wait_for(pilot, opener.started.is_set, "the opener starting")
            yield app, pilot, opener
    finally:
        opener.release.set()


def footer_keys(app) -> set[str]:
    return {key.key for key in app.screen.query(FooterKey)}


async def test_paints_today_chrome_before_the_workspace_opens_then_shows_its_data(seeded_db, clock) -> None:
    db, _ = seeded_db
    async with opening_app(db, clock) as (app, pilot, opener):
        await pilot.pause(0.2)
        assert app.opening and app.db is None
        assert isinstance(app.screen, OpeningScreen)
        assert app.sub_title == header_date(TODAY)
        assert app.screen.query_one("#today-summary", Static).render().plain == "Opening the workspace…"
        assert {"1", "2", "3", "4", "5", "l", "c", "q"} <= footer_keys(app)
        opener.release.set()
        await wait_for(pilot, lambda: app.current_mode == "today", "Today")
        await settle(app, pilot)
        assert app.db is db and not app.opening
        assert app.title == "amtui — Nordlicht & Partner"
        assert app.screen.queue is not None and app.screen.table.total_count == len(app.screen.queue.items) > 0
        assert app.screen.query_one("#today-cleared", Static).render().plain.startswith("cleared today:")
        assert app.OPENING_MODE not in app._modes  # the opening screen is gone
        assert app.live.running


async def test_keys_typed_while_opening_go_after_it_opens(seeded_db, clock) -> None:
    async with opening_app(seeded_db[0], clock) as (app, pilot, opener):
        await pilot.press("2")
        await pilot.pause(0.1)
        assert isinstance(app.screen, OpeningScreen)
        opener.release.set()
        await wait_for(pilot, lambda: app.current_mode == "clients", "Clients after the typed 2")
        await settle(app, pilot)
        assert app.screen.table.total_count == 6


async def test_q_quits_while_the_workspace_is_still_opening(seeded_db, clock) -> None:
    async with opening_app(seeded_db[0], clock) as (app, pilot, _opener):
        await pilot.press("l", "q")
        await pilot.pause(0.1)
    assert app.return_code == 0 and app.open_error is None


async def test_an_opener_failure_ends_the_app_with_its_message(clock) -> None:
    def failing() -> Opened:
        raise OpenError("cannot use the workspace at postgresql+psycopg://u:***@h/db: connection refused")

    app = make_app(None, clock=clock, opener=failing)
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_for(pilot, lambda: app._exit, "the app exiting")
    assert app.return_code == 1
    assert app.open_error == "cannot use the workspace at postgresql+psycopg://u:***@h/db: connection refused"


def run_tui_headless(monkeypatch, open_workspace: Callable[[], Opened]) -> object:
    """What ``amtui`` with no command does (``run_tui``), headless; the code it exits with."""
    monkeypatch.setattr(AmtuiApp, "run", lambda self: App.run(self, headless=True, size=(100, 30)))
    try:
        with pytest.raises(SystemExit) as exited:
            run_tui(opener=open_workspace)
    finally:
        gc.unfreeze()  # run_tui froze this test process's objects
    return exited.value.code


def test_the_cli_prints_an_open_failure_on_stderr_without_the_password(monkeypatch, capsys) -> None:
    """``amtui --db URL`` on a server that is down: the app ends, the CLI fails with one line."""
    secret = "S3cretPW-opening"
    assert run_tui_headless(monkeypatch, opener(f"postgresql+psycopg://postgres:{secret}@127.0.0.1:1/test", None)) == 1
    err = capsys.readouterr().err
    assert err.startswith("amtui: cannot use the workspace at postgresql+psycopg://postgres:***@127.0.0.1:1/test")
    assert secret not in err and "Traceback" not in err


def test_the_cli_reports_an_unknown_me_after_opening(empty_db, monkeypatch, capsys) -> None:
    monkeypatch.delenv("AMTUI_ME", raising=False)
    assert run_tui_headless(monkeypatch, opener(str(empty_db.target.path), "Nobody Here")) == 1
    assert "no team member called 'Nobody Here'" in capsys.readouterr().err


def test_no_garbage_collection_until_the_first_frame_then_as_usual(monkeypatch) -> None:
    """``amtui`` starts with the collector off; it is back on when the opener runs (after the
    first frame), and after the app ends whatever happened."""
    states: dict[str, bool] = {}

    def opener_seeing_gc() -> Opened:
        states["opener"] = gc.isenabled()
        raise OpenError("stop here")

    def run_seeing_gc(self: AmtuiApp) -> None:
        states["start"] = gc.isenabled()
        App.run(self, headless=True, size=(100, 30))

    monkeypatch.setattr(AmtuiApp, "run", run_seeing_gc)
    try:
        with pytest.raises(SystemExit):
            run_tui(opener=opener_seeing_gc)
    finally:
        gc.unfreeze()
    assert states == {"start": False, "opener": True}
    assert gc.isenabled()


FIRST_FRAME_PROBE = """
import sys
import amtui.app as A
heavy = ("sqlalchemy", "sqlmodel", "psycopg", "pendulum", "alembic", "amtui.db", "amtui.services", "amtui.models")
def begin(self):
    print(sorted({m.split(".")[0] if not m.startswith("amtui") else m for m in sys.modules if m.startswith(heavy)}))
    self.exit()
A.AmtuiApp.begin_opening = begin
from amtui.cli import run_tui
from amtui.launch import opener
A.AmtuiApp.run(A.make_app(None, opener=opener(sys.argv[1], None)), headless=True)
"""


def test_nothing_heavy_is_imported_before_the_first_frame(empty_db) -> None:
    """From the CLI module to the painted opening screen: no database stack, no services."""
    done = subprocess.run([sys.executable, "-c", FIRST_FRAME_PROBE, str(empty_db.target.path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
