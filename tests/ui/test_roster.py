"""Clients screen: rows and columns, filter as you type, status filter, sorting, opening, follow-ups."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select
from tests.ui.test_roster_support import TODAY, settle, show_roster, table_lines

from amtui.models import Client, Interaction

BY_NAME = ["Atlas Freight", "Beacon Health", "Café Øresund", "Harbor Foods", "Lumen Optics", "Nordwind Energy"]


def names(app) -> list[str]:
    """Names of the visible rows, in display order (via the painted lines)."""
    lines = table_lines(app)[1:]
    return [re.split(r"\s{2,}", line.strip())[0] for line in lines[: app.screen.table.row_count]]


async def test_roster_shows_every_column_in_name_order(seeded_db, app_factory) -> None:
    app = app_factory(seeded_db[0])
    async with app.run_test(size=(120, 35)) as pilot:
        await show_roster(app, pilot)
        lines = table_lines(app)
        header = lines[0]
        for label in ("Client ▲", "Status", "Health", "Contacted", "Follow-up", "Renewal", "Retainer", "Owner"):
            assert label in header
        assert names(app) == BY_NAME
        harbor = lines[1 + BY_NAME.index("Harbor Foods")]
        for cell in ("active", "good", "3d ago", "2d ago", "4 Jan 2027", "€12,500", "Maya Brandt"):
            assert cell in harbor, (cell, harbor)
        cafe = lines[1 + BY_NAME.index("Café Øresund")]
        assert "at risk" in cafe and "3w ago" in cafe and "€4,800" in cafe
        assert "never" in lines[1 + BY_NAME.index("Beacon Health")]
        assert app.screen.query_one("#roster-count").render().plain == "6 clients"


async def test_slash_filters_as_you_type_and_escape_clears(seeded_db, app_factory) -> None:
    app = app_factory(seeded_db[0])
    async with app.run_test(size=(120, 35)) as pilot:
        await show_roster(app, pilot)
        await pilot.press("slash", *"tom")  # owner
        assert names(app) == ["Atlas Freight", "Café Øresund", "Nordwind Energy"]
        assert app.screen.query_one("#roster-count").render().plain == "3 of 6 clients"
        await pilot.press("backspace", "backspace", "backspace", *"ENERGY")  # industry, any case
        assert names(app) == ["Nordwind Energy"]
        await pilot.press(*"zzz")
        assert names(app) == []
        assert "No clients match" in table_lines(app)[1]
        await pilot.press("escape")
        assert names(app) == BY_NAME
        assert app.screen.filter_input.has_class("-hidden")
        assert app.screen.table.has_focus


async def test_filter_keeps_the_cursor_on_the_same_client(seeded_db, app_factory) -> None:
    db, seeded = seeded_db
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await show_roster(app, pilot)
        await pilot.press("down", "down", "down")
        assert app.screen.context_client_id == seeded.clients["Harbor Foods"]
        await pilot.press("slash", *"a")
        assert app.screen.context_client_id == seeded.clients["Harbor Foods"]
        await pilot.press("enter", "down")  # back to the table, which moves on
        assert app.screen.context_client_id == seeded.clients["Lumen Optics"]


async def test_f_cycles_the_status_filter(seeded_db, app_factory) -> None:
    app = app_factory(seeded_db[0])
    async with app.run_test(size=(120, 35)) as pilot:
        await show_roster(app, pilot)
        await pilot.press("f")
        assert names(app) == ["Harbor Foods", "Lumen Optics"]
        assert "Status: active" in app.screen.query_one("#roster-filters").render().plain
        await pilot.press("f")
        assert names(app) == ["Beacon Health"]
        await pilot.press("f")
        assert names(app) == ["Café Øresund"]
        await pilot.press("f", "f")
        assert names(app) == ["Atlas Freight"]
        await pilot.press("f")
        assert names(app) == BY_NAME


async def test_s_cycles_the_sort_column_and_shift_s_reverses(seeded_db, app_factory) -> None:
    app = app_factory(seeded_db[0])
    async with app.run_test(size=(120, 35)) as pilot:
        await show_roster(app, pilot)
        await pilot.press("S")
        assert names(app) == BY_NAME[::-1]
        assert "Client ▼" in table_lines(app)[0]
        await pilot.press("s", "s")  # status, then health
        assert "Health ▲" in table_lines(app)[0]
        healths = [int(re.search(r"(\d+) (good|watch|risk)", line)[1]) for line in table_lines(app)[1:7]]
        assert healths == sorted(healths)
        await pilot.press("s", "s", "s")  # renewal: dates ascending, none last
        assert "Renewal ▲" in table_lines(app)[0]
        assert names(app)[:4] == ["Café Øresund", "Harbor Foods", "Nordwind Energy", "Lumen Optics"]


async def test_a_shows_archived_clients(seeded_db, app_factory) -> None:
    db, _seeded = seeded_db
    from datetime import UTC, datetime

    with db.write() as s:
        s.add(Client(name="Old Mill Bakery", archived_at=datetime(2026, 1, 1, tzinfo=UTC)))
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await show_roster(app, pilot)
        assert "Old Mill Bakery" not in names(app)
        await pilot.press("a")
        await settle(app, pilot)
        assert "Old Mill Bakery (archived)" in names(app)
        assert "archived shown" in app.screen.query_one("#roster-filters").render().plain


async def test_enter_opens_the_client_detail(seeded_db, app_factory) -> None:
    db, seeded = seeded_db
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await show_roster(app, pilot)
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ClientDetailScreen"
        assert app.screen.client_id == seeded.clients["Beacon Health"]


def open_follow_up(db, client_id: int):
    with db.read() as s:
        return s.exec(select(Interaction).where(Interaction.client_id == client_id,
                                                Interaction.follow_up_on.is_not(None))).one()


async def test_x_marks_the_next_follow_up_done(seeded_db, app_factory) -> None:
    db, seeded = seeded_db
    harbor = seeded.clients["Harbor Foods"]
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await show_roster(app, pilot)
        app.screen.table.move_to_key(harbor)
        await pilot.press("x")
        await settle(app, pilot)
        assert open_follow_up(db, harbor).follow_up_done is True
        row = table_lines(app)[1 + BY_NAME.index("Harbor Foods")]
        assert "2d ago" not in row  # no open follow-up any more


@pytest.mark.parametrize(("key", "days"), [("z", 1), ("Z", 7)])
async def test_z_snoozes_the_next_follow_up(seeded_db, app_factory, key: str, days: int) -> None:
    db, seeded = seeded_db
    harbor = seeded.clients["Harbor Foods"]
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await show_roster(app, pilot)
        app.screen.table.move_to_key(harbor)
        await pilot.press(key)
        await settle(app, pilot)
        assert open_follow_up(db, harbor).follow_up_on == TODAY + timedelta(days=days)


@pytest.mark.parametrize("start", ["amtui-light", "amtui-dark"])
async def test_muted_cells_stay_readable_in_the_light_theme(seeded_db, app_factory, start: str) -> None:
    """Beacon Health has no follow-up, renewal, retainer or owner: "—" in the muted colour, which
    must be a real colour against the row's background (a partial style made it white)."""
    from textual.color import Color

    from amtui.rules.relative import NONE_MARK

    app = app_factory(seeded_db[0], theme=start)
    async with app.run_test(size=(120, 35)) as pilot:
        await show_roster(app, pilot)
        if start != "amtui-light":  # switched while running: no style cached from the dark theme
            app.theme = "amtui-light"
            await pilot.pause()
        table = app.screen.table
        for position in (1, 2):  # an even and an odd row, neither under the cursor
            assert table.cursor != position
            muted = [s.style for s in table.render_line(1 + position) if s.text.strip() == NONE_MARK]
            assert muted, table.render_line(1 + position).text
            for style in muted:
                ink, paper = Color.from_rich_color(style.color), Color.from_rich_color(style.bgcolor)
                assert ink != paper
                assert abs(ink.brightness - paper.brightness) > 0.3, (ink, paper)


async def test_quick_log_updates_only_that_row_keeping_cursor_and_filter(seeded_db, app_factory, monkeypatch) -> None:
    """After a quick log the client's row shows today as last contact, the cursor and the filter
    stay, and the roster reloads that one row, not all of them."""
    import amtui.screens.clients as clients_screen

    db, seeded = seeded_db
    nordwind = seeded.clients["Nordwind Energy"]
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await show_roster(app, pilot)
        await pilot.press("slash", *"o", "enter")  # every name with an "o" but Atlas and Beacon
        shown = names(app)
        app.screen.table.move_to_key(nordwind)
        assert "5w ago" in table_lines(app)[1 + shown.index("Nordwind Energy")]
        # The live watcher reports every commit, the app's own too, as "maybe all" (a full
        # reload); this test is about what the quick log's own announcement reloads.
        app.live.stop()
        full_loads = []
        real_roster = clients_screen.roster
        monkeypatch.setattr(clients_screen, "roster", lambda *a, **k: full_loads.append(1) or real_roster(*a, **k))
        await pilot.press("l")
        await settle(app, pilot)
        await pilot.press(*"Checked in", "enter")
        await settle(app, pilot)
        assert app.screen is not None and app.screen.context_client_id == nordwind
        assert app.screen.filter_input.value == "o"
        assert names(app) == shown
        assert "today" in table_lines(app)[1 + shown.index("Nordwind Energy")]
        assert full_loads == []
