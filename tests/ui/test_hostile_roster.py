"""User text is data: hostile client, owner and agency names show literally and do nothing."""

from __future__ import annotations

from rich.cells import cell_len
from tests.ui.test_roster_support import settle, show_roster, table_lines
from textual.command import CommandPalette

from amtui.widgets.virtual_table import VirtualTable


def painted_segments(table: VirtualTable) -> list[str]:
    """The text of every segment of every painted line of the table."""
    return [seg.text for y in range(table.scrollable_content_region.height) for seg in table.render_line(y)]


async def test_hostile_names_render_literally(hostile_db, app_factory) -> None:
    db, _seeded = hostile_db
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await show_roster(app, pilot)
        table = app.screen.query_one(VirtualTable)
        assert table.total_count == 8
        lines = table_lines(app)
        text = "\n".join(lines)
        for literal in ("[bold]Acme[/]", "[@click=app.quit]Evil", " [/] ", "[/] owner",
                        "[31mRed]0;title", "مرحبا عميل", "客户名称很长", "Rocket 🚀 Labs", "LLLLLLLLLL…"):
            assert literal in text, literal
        width = table.scrollable_content_region.width
        for line in lines:
            assert cell_len(line) == width  # wide characters cut on cell boundaries
        for segment in painted_segments(table):
            assert "\x1b" not in segment and "\x07" not in segment
        assert app.title == "amtui — [b]Agency[/] [2J"  # ESC removed, brackets literal
        await pilot.press("down")  # move across every hostile row and back
        await pilot.press("end", "home", "pagedown", "pageup")
        await pilot.click(VirtualTable, offset=(5, 3))  # the [@click=app.quit] row
        await pilot.click(VirtualTable, offset=(5, 3))
        await settle(app, pilot)
        assert app.is_running


async def test_filtering_on_brackets_and_sorting_hostile_rows(hostile_db, app_factory) -> None:
    app = app_factory(hostile_db[0])
    async with app.run_test(size=(120, 35)) as pilot:
        await show_roster(app, pilot)
        await pilot.press("slash", *"[/")
        table = app.screen.query_one(VirtualTable)
        assert table.row_count == 4  # two names and two owners contain "[/"
        await pilot.press("enter", "s", "S", "s", "s", "s", "s", "s", "s", "s", "s")
        await settle(app, pilot)
        assert app.is_running


async def test_palette_shows_hostile_names_literally(hostile_db, app_factory) -> None:
    db, _seeded = hostile_db
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await show_roster(app, pilot)
        await pilot.press("ctrl+p", *"evil")
        await settle(app, pilot)
        assert CommandPalette.is_open(app)
        prompts = [str(option.prompt) for option in app.screen.query_one("CommandList").options]
        assert "Open client: [@click=app.quit]Evil" in prompts
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"acme")
        await settle(app, pilot)
        prompts = [str(option.prompt) for option in app.screen.query_one("CommandList").options]
        assert "Open client: [bold]Acme[/]" in prompts
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.is_running
