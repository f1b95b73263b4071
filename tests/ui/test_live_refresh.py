"""Live refresh: what another app or process commits shows on a watching app's screen without a
key press, with its cursor (by row id) and filter kept."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Callable

import pytest
from tests.ui.test_roster_support import TODAY, seed_small, settle

from amtui.app import AmtuiApp
from amtui.config import DbTarget
from amtui.db import open_database
from amtui.screens.clients import ClientsScreen
from amtui.screens.quick_log import QuickLogScreen

SHOWS_WITHIN = 4.0
"""Seconds a test waits for the change to arrive (a bound on the wait, not an assertion on speed)."""


async def wait_until(pilot, condition: Callable[[], bool], what: str, within: float = SHOWS_WITHIN) -> None:
    """Let the app run (no key pressed) until ``condition`` holds, for up to ``within`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not condition():
        assert loop.time() < deadline, f"not seen within {within} s: {what}"
        await pilot.pause(0.05)


def roster(app: AmtuiApp) -> ClientsScreen:
    assert isinstance(app.screen, ClientsScreen)
    return app.screen


async def watch_cafe_filtered_by_tom(app: AmtuiApp, pilot, cafe: int) -> None:
    """Clients, filter "tom" (Atlas, Café, Nordwind), cursor on Café Øresund."""
    await settle(app, pilot)
    await pilot.press("2")
    await settle(app, pilot)
    await pilot.press("slash", *"tom", "enter", "down")
    screen = roster(app)
    assert screen.table.row_count == 3
    assert screen.context_client_id == cafe
    assert screen.table.highlighted_row.last_contact != TODAY


def cafe_contacted_today(app: AmtuiApp, cafe: int) -> bool:
    screen = app.screen
    return (isinstance(screen, ClientsScreen) and screen.context_client_id == cafe
            and screen.table.highlighted_row.last_contact == TODAY)


def assert_cursor_and_filter_kept(app: AmtuiApp, cafe: int) -> None:
    screen = roster(app)
    assert screen.filter_input.value == "tom"
    assert screen.table.row_count == 3
    assert screen.context_client_id == cafe


async def _two_apps_one_workspace(target: DbTarget, app_factory) -> None:
    first = open_database(target)
    second = open_database(target)  # its own engine and connections, as another user's app
    try:
        cafe = seed_small(first).clients["Café Øresund"]
        watcher, writer = app_factory(first), app_factory(second)
        async with watcher.run_test(size=(120, 35)) as seen, writer.run_test(size=(120, 35)) as typed:
            await watch_cafe_filtered_by_tom(watcher, seen, cafe)
            await settle(writer, typed)
            await writer.push_screen(QuickLogScreen(cafe))
            await settle(writer, typed)
            writer.screen.query_one("#summary").value = "called from the other desk"
            await typed.press("ctrl+s")
            await settle(writer, typed)
            assert not isinstance(writer.screen, QuickLogScreen)
            await wait_until(seen, lambda: cafe_contacted_today(watcher, cafe), "the other app's log")
            assert_cursor_and_filter_kept(watcher, cafe)
    finally:
        first.dispose()
        second.dispose()


async def test_a_write_by_one_app_shows_on_the_other_sqlite(sqlite_target: DbTarget, app_factory) -> None:
    await _two_apps_one_workspace(sqlite_target, app_factory)


@pytest.mark.pg
async def test_a_write_by_one_app_shows_on_the_other_postgresql(pg_target: DbTarget, app_factory) -> None:
    await _two_apps_one_workspace(pg_target, app_factory)


async def test_amtui_log_in_a_shell_shows_on_the_open_app(sqlite_target: DbTarget, app_factory) -> None:
    db = open_database(sqlite_target)
    try:
        cafe = seed_small(db).clients["Café Øresund"]
        app = app_factory(db)
        async with app.run_test(size=(120, 35)) as pilot:
            await watch_cafe_filtered_by_tom(app, pilot, cafe)
            result = await asyncio.to_thread(
                subprocess.run, [sys.executable, "-m", "amtui", "log", "caf", "called from the shell",
                                 "--db", str(sqlite_target.path), "--at", TODAY.isoformat() + " 08:30"],
                capture_output=True, text=True, timeout=60)
            assert result.returncode == 0, result.stderr
            await wait_until(pilot, lambda: cafe_contacted_today(app, cafe), "amtui log from the shell")
            assert_cursor_and_filter_kept(app, cafe)
    finally:
        db.dispose()


@pytest.mark.pg
async def test_amtui_import_in_a_shell_shows_on_the_open_app_postgresql(pg_target: DbTarget, app_factory,
                                                                         tmp_path) -> None:
    db = open_database(pg_target)
    try:
        cafe = seed_small(db).clients["Café Øresund"]
        csv = tmp_path / "companies.csv"
        csv.write_text("Name,Company owner\nAcme Tomatoes,Tom Okafor\n", encoding="utf-8")
        app = app_factory(db)
        async with app.run_test(size=(120, 35)) as pilot:
            await watch_cafe_filtered_by_tom(app, pilot, cafe)
            result = await asyncio.to_thread(
                subprocess.run, [sys.executable, "-m", "amtui", "import", "clients", str(csv),
                                 "--db", pg_target.url.render_as_string(hide_password=False)],
                capture_output=True, text=True, timeout=60)
            assert result.returncode == 0, result.stderr
            screen = roster(app)
            await wait_until(pilot, lambda: screen.table.row_count == 4, "the imported client")
            assert screen.context_client_id == cafe  # Acme sorts first: the cursor followed the row
            assert screen.filter_input.value == "tom"
    finally:
        db.dispose()
