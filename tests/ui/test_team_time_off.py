"""Team screen by keys: the member's time off list (edit, delete, overlap, stale) and the `/` filters."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select
from tests.ui.test_team import HOSTILE, NEXT, keys, open_team, row_text, seed, settle, text

from amtui.app import AmtuiApp
from amtui.db import Database
from amtui.models import TeamMember, TimeOff
from amtui.screens.forms import ConfirmScreen
from amtui.screens.stale_edit import StaleEditScreen
from amtui.screens.team import TeamScreen
from amtui.screens.team_forms import TimeOffFormScreen


@pytest.fixture
def off_db(empty_db: Database) -> tuple[Database, dict[str, int]]:
    """The Team seed, Tom titled "Senior designer", with Tom off 30 Nov-1 Dec ("Leave") and
    7-8 Dec ("Conference"), and a stretch that ended in October ("Autumn break")."""
    ids = seed(empty_db)
    with empty_db.write() as s:
        tom = s.get(TeamMember, ids["tom"])
        assert tom is not None
        tom.title = "Senior designer"
        rows = {"leave": TimeOff(member_id=ids["tom"], first_day=NEXT, last_day=NEXT + timedelta(1), reason="Leave"),
                "trip": TimeOff(member_id=ids["tom"], first_day=NEXT + timedelta(7), last_day=NEXT + timedelta(8),
                                reason="Conference"),
                "autumn": TimeOff(member_id=ids["tom"], first_day=date(2026, 10, 19), last_day=date(2026, 10, 23),
                                  reason="Autumn break")}
        s.add_all(rows.values())
        s.flush()
        ids |= {k: v.id for k, v in rows.items()}  # type: ignore[misc]
    return empty_db, ids


def stored(db: Database) -> list[tuple[date, date, str, int]]:
    with db.read() as s:
        return [(o.first_day, o.last_day, o.reason, o.version) for o in s.exec(select(TimeOff).order_by(TimeOff.id))]


async def open_toms_time_off(app: AmtuiApp, pilot) -> TeamScreen:
    """Team, Tom's member view, the focus on his time off list."""
    screen = await open_team(app, pilot)
    await pilot.press("down", "down", "enter")
    await settle(app, pilot)
    await pilot.press("tab")
    assert screen.off_table.has_focus
    return screen


def record_toasts(app: AmtuiApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The messages of every toast from now on (kept, unlike toasts that time out)."""
    toasts: list[str] = []
    notify = app.notify

    def recording(message: str, **kwargs: object) -> None:
        toasts.append(message)
        notify(message, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(app, "notify", recording)
    return toasts


def off_rows(screen: TeamScreen) -> list[str]:
    return [o.reason for o in screen.off_table._rows]


async def test_time_off_list_and_editing_it_moves_the_heat_map(off_db, app_factory) -> None:
    db, ids = off_db
    app = app_factory(db)
    async with app.run_test(size=(110, 34)) as pilot:
        screen = await open_toms_time_off(app, pilot)
        assert off_rows(screen) == ["Autumn break", "Leave", "Conference"]  # recent and coming, by first day
        assert screen.panel.highlighted_time_off.id == ids["leave"]  # the cursor starts on the next one
        assert text(screen, "#team-off-title").startswith("Time off · 2 now or coming, 1 in the last 90 days")
        assert screen.off_table.render_line(2).text.split()[:7] == ["30", "Nov", "to", "1", "Dec", "2026", "2"]
        assert " 33%" in row_text(screen, "Tom Becker")  # 8 h of 24 h: two days off in 30 Nov's week
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, TimeOffFormScreen)
        assert (form.value("first_day"), form.value("last_day"), form.value("reason")) == (
            "2026-11-30", "2026-12-01", "Leave")
        await pilot.press("tab", "ctrl+u", *keys("2026-12-04"), "tab", "ctrl+u", *keys("Long leave"), "enter")
        await settle(app, pilot)
        assert app.screen is screen
        assert stored(db)[0] == (NEXT, date(2026, 12, 4), "Long leave", 2)
        assert "8h▲" in row_text(screen, "Tom Becker")  # no capacity left that week
        assert off_rows(screen) == ["Autumn break", "Long leave", "Conference"]
        assert screen.off_table.has_focus and screen.panel.highlighted_time_off.id == ids["leave"]
        await pilot.press("down", "enter")  # Enter opens the form too
        assert isinstance(app.screen, TimeOffFormScreen) and app.screen.value("reason") == "Conference"
        await pilot.press("escape")
        assert app.screen is screen


async def test_delete_time_off_after_the_question(off_db, app_factory, monkeypatch) -> None:
    db, _ = off_db
    app = app_factory(db)
    toasts = record_toasts(app, monkeypatch)
    async with app.run_test(size=(110, 34)) as pilot:
        screen = await open_toms_time_off(app, pilot)
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        question = app.screen.query_one(".form-title").render().plain
        assert question == "Delete Tom Becker's time off, 30 Nov to 1 Dec 2026?"
        await pilot.press("n")  # no: nothing deleted
        await settle(app, pilot)
        assert app.screen is screen and len(stored(db)) == 3
        await pilot.press("d", "y")
        await settle(app, pilot)
        assert [r[2] for r in stored(db)] == ["Conference", "Autumn break"]
        assert off_rows(screen) == ["Autumn break", "Conference"]
        assert " 20%" in row_text(screen, "Tom Becker")  # back to 8 h of 40 h
        assert "Time off deleted: 30 Nov to 1 Dec 2026 (Leave)." in toasts


async def test_overlapping_time_off_is_refused_at_the_field(off_db, app_factory) -> None:
    db, _ = off_db
    app = app_factory(db)
    async with app.run_test(size=(110, 34)) as pilot:
        screen = await open_toms_time_off(app, pilot)
        await pilot.press("down", "e")  # the conference, moved onto the leave
        form = app.screen
        assert isinstance(form, TimeOffFormScreen)
        await pilot.press("ctrl+u", *keys("2026-12-01"), "enter")
        await settle(app, pilot)
        assert app.screen is form
        assert form.field("first_day").error == "overlaps time off already booked: 30 Nov to 1 Dec 2026 (Leave)"
        assert form.focused is form.query_one("#first_day")
        await pilot.press("escape")
        await pilot.press("t")  # a new stretch from today over the leave
        form = app.screen
        assert isinstance(form, TimeOffFormScreen) and form.value("first_day") == "2026-11-24"
        await pilot.press("tab", *keys("2026-12-08"), "enter")
        await settle(app, pilot)
        assert form.field("last_day").error == (  # the day inside it; the leave it spans is counted
            "overlaps time off already booked: 7 Dec to 8 Dec 2026 (Conference) and 1 more")
        assert form.field("first_day").error == ""
        await pilot.press("escape")
        assert app.screen is screen and len(stored(db)) == 3 and all(r[3] == 1 for r in stored(db))


async def test_stale_time_off_edit_and_delete_are_refused(off_db, app_factory, monkeypatch) -> None:
    db, ids = off_db
    app = app_factory(db)
    toasts = record_toasts(app, monkeypatch)
    async with app.run_test(size=(110, 34)) as pilot:
        screen = await open_toms_time_off(app, pilot)
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, TimeOffFormScreen)
        with db.write() as s:  # someone else changes the leave meanwhile
            s.get(TimeOff, ids["leave"]).reason = "Theirs"  # type: ignore[union-attr]
        await pilot.press("tab", "tab", "ctrl+u", *keys("Mine"), "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, StaleEditScreen)
        assert [str(label.content).split()[0] for label in app.screen.query(".stale-change")] == ["Reason"]
        assert stored(db)[0] == (NEXT, NEXT + timedelta(1), "Theirs", 2)
        await pilot.press("escape")  # back to the form (typing kept), then close it
        await settle(app, pilot)
        assert app.screen is form and form.query_one("#reason").value == "Mine"
        await pilot.press("escape")
        await pilot.press("down", "d")  # the conference, changed behind the list's back too
        with db.write() as s:
            s.get(TimeOff, ids["trip"]).reason = "Moved"  # type: ignore[union-attr]
        await pilot.press("y")
        await settle(app, pilot)
        assert len(stored(db)) == 3
        assert any("nothing was deleted" in t for t in toasts)
        assert off_rows(screen) == ["Autumn break", "Theirs", "Moved"]  # reloaded


async def test_slash_filters_the_heat_map_by_name_or_title_and_escape_restores(off_db, app_factory) -> None:
    db, ids = off_db
    app = app_factory(db)
    async with app.run_test(size=(110, 34)) as pilot:
        screen = await open_team(app, pilot)
        heatmap = screen.heatmap
        await pilot.press("down", "slash", *keys("pri"))
        assert screen.map_filter.has_focus
        assert [m.id for m in heatmap.rows] == [ids["priya"]]
        assert text(screen, "#team-count") == "1 of 3 people · 0 over this week · 0 unassigned tasks"
        assert text(screen, "#team-filters") == "Discipline: all  ·  8 weeks from 23 Nov"
        await pilot.press("ctrl+u", *keys("SENIOR"))  # Tom's job title, any case
        assert [m.id for m in heatmap.rows] == [ids["tom"]]
        await pilot.press("ctrl+u", *keys("nobody"))
        assert heatmap.rows == [] and "Nobody matches “nobody”" in heatmap.render_line(1).text
        await pilot.press("ctrl+u", *keys("[@click"))  # markup in a name is only text
        assert [m.id for m in heatmap.rows] == [ids["evil"]] and HOSTILE[:7] in heatmap.render_line(1).text
        await pilot.press("ctrl+u", *keys("i"), "enter")  # Enter: to the narrowed map
        assert heatmap.has_focus and [m.id for m in heatmap.rows] == [ids["evil"], ids["priya"], ids["tom"]]
        await pilot.press("f", "f")  # design, still matching "i"
        assert [m.id for m in heatmap.rows] == [ids["priya"], ids["tom"]]
        await pilot.press("escape")
        assert screen.map_filter.value == "" and not screen.map_filter.display
        assert [m.id for m in heatmap.rows] == [ids["priya"], ids["tom"]]  # the discipline stays
        await pilot.press("slash", *keys("tom"), "escape")  # Esc while typing clears too
        assert heatmap.has_focus and len(heatmap.rows) == 2 and heatmap.member.id == ids["tom"]


async def test_slash_filters_the_members_tasks(off_db, app_factory) -> None:
    db, ids = off_db
    app = app_factory(db)
    async with app.run_test(size=(110, 34)) as pilot:
        screen = await open_team(app, pilot)
        await pilot.press("down", "enter")  # Priya's tasks
        await settle(app, pilot)
        await pilot.press("slash", *keys("PACK"))  # the project "Pack refresh" and the task "Pack artwork"
        assert screen.panel.filter_input.has_focus and screen.map_filter.value == ""
        assert screen.table.visible_keys() == [ids["lookbook"], ids["pack"], ids["undated"]]
        await pilot.press("ctrl+u", *keys("artw"))
        assert screen.table.visible_keys() == [ids["pack"]]
        assert "3 open tasks, 54 h, by due date · 1 match “artw”" in text(screen, "#team-tasks-title")
        await pilot.press("enter")
        assert screen.table.has_focus
        await pilot.press("escape")  # clears the filter first
        assert screen.table.visible_keys() == [ids["lookbook"], ids["pack"], ids["undated"]]
        assert screen.tasks_member == ids["priya"] and not screen.panel.filter_input.display
        await pilot.press("escape")  # then closes the member view
        assert screen.tasks_member is None and screen.heatmap.has_focus
