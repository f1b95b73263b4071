"""The app shell: start and quit, modes on keys 1 to 5, header, help, palette, quick-log wiring."""

from __future__ import annotations

from tests.ui.test_roster_support import TODAY, settle, show_roster
from textual.command import CommandPalette

from amtui.app import AmtuiApp, header_date
from amtui.messages import DataChange
from amtui.screens.clients import ClientsScreen
from amtui.screens.help import HelpScreen


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
            assert type(app.screen) is AmtuiApp.MODES[mode]
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
