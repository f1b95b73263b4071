"""Team screen by keys: the heat map and its cell line, filter, tasks, reassign, time off, task forms."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select
from tests.ui.test_roster_support import settle as settle_app

from amtui.app import AmtuiApp
from amtui.db import Database
from amtui.enums import Discipline, TaskStatus
from amtui.messages import DataChange
from amtui.models import Client, Project, Task, TeamMember, TimeOff, Workspace
from amtui.screens.team import TeamScreen
from amtui.screens.team_forms import ReassignScreen, TaskFormScreen, TimeOffFormScreen
from amtui.widgets.heatmap import HeatMap

NEXT = date(2026, 11, 30)  # the Monday after the fixed today (Tue 24 Nov 2026)
HOSTILE = "[@click=app.quit]Evil [/] \x1b[31m"
KEY_NAMES = {" ": "space", "-": "minus", ".": "full_stop", ",": "comma", "/": "slash", "+": "plus"}


@pytest.fixture(autouse=True)
def _team_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    """Register the screen for these tests (app.py may still show a placeholder)."""
    monkeypatch.setattr(AmtuiApp, "MODES", {**AmtuiApp.MODES, "team": TeamScreen})


def keys(text: str) -> list[str]:
    return [KEY_NAMES.get(ch, ch) for ch in text]


async def settle(app: AmtuiApp, pilot) -> None:
    await settle_app(app, pilot)


def seed(db: Database) -> dict[str, int]:
    with db.write() as s:
        s.add(Workspace(agency_name="Test agency"))
        people = {"priya": TeamMember(name="Priya Raman", discipline=Discipline.DESIGN, weekly_capacity_hours=37.5),
                  "tom": TeamMember(name="Tom Becker", discipline=Discipline.DESIGN),
                  "evil": TeamMember(name=HOSTILE, discipline=Discipline.COPY, weekly_capacity_hours=24)}
        client = Client(name="Harbor Foods")
        s.add_all([*people.values(), client])
        s.flush()
        project = Project(client_id=client.id, name="Pack refresh", start_on=date(2026, 11, 1),
                          end_on=date(2027, 1, 31))
        s.add(project)
        s.flush()
        tasks = {
            "lookbook": Task(project_id=project.id, assignee_id=people["priya"].id, title="Lookbook layout",
                             estimate_hours=16, start_on=NEXT, due_on=NEXT + timedelta(2)),
            "pack": Task(project_id=project.id, assignee_id=people["priya"].id, title="Pack artwork",
                         estimate_hours=32, start_on=NEXT + timedelta(1), due_on=NEXT + timedelta(4)),
            "undated": Task(project_id=project.id, assignee_id=people["priya"].id, title="[b]Social[/b] plan",
                            estimate_hours=6),
            "banners": Task(project_id=project.id, assignee_id=people["tom"].id, title="Route banners",
                            estimate_hours=8, start_on=NEXT, due_on=NEXT + timedelta(1), status=TaskStatus.DOING),
        }
        s.add_all(tasks.values())
        s.flush()
        return {k: v.id for k, v in {**people, **tasks}.items()} | {"project": project.id}  # type: ignore[misc]


@pytest.fixture
def team_db(empty_db: Database) -> tuple[Database, dict[str, int]]:
    return empty_db, seed(empty_db)


async def open_team(app: AmtuiApp, pilot) -> TeamScreen:
    await pilot.press("3")
    await settle(app, pilot)
    assert isinstance(app.screen, TeamScreen)
    return app.screen


def text(screen: TeamScreen, selector: str) -> str:
    return screen.query_one(selector).render().plain  # type: ignore[union-attr]


def row_text(screen: TeamScreen, name: str) -> str:
    heatmap = screen.query_one(HeatMap)
    return next(t for y in range(1, 10) if name in (t := heatmap.render_line(y).text))


async def test_heat_map_cells_and_the_selected_cell_line(team_db, app_factory) -> None:
    db, ids = team_db
    app = app_factory(db)
    async with app.run_test(size=(110, 30)) as pilot:
        screen = await open_team(app, pilot)
        heatmap = screen.query_one(HeatMap)
        assert [m.id for m in heatmap.rows] == [ids["evil"], ids["priya"], ids["tom"]]  # copy, design, design
        header = heatmap.render_line(0).text
        assert "23 Nov" in header and "30 Nov" in header and "11 Jan" in header
        assert "128%▲" in row_text(screen, "Priya Raman")
        evil = heatmap.render_line(1).text
        assert "[@click=app.quit]Evil [/] […" in evil and "\x1b" not in evil  # literal, cut to its column
        await pilot.press("down", "right")
        assert text(screen, "#team-cell") == "Priya Raman · week of 30 Nov: 48.0 h allocated / 37.5 h capacity (128%)"
        assert text(screen, "#team-tray") == "Undated (1, 6 h): [b]Social[/b] plan 6 h"
        assert text(screen, "#team-count") == "3 people · 0 over this week · 0 unassigned tasks"
        await pilot.press("up")
        assert text(screen, "#team-cell").startswith("[@click=app.quit]Evil [/] [31m · week of 30 Nov: 0.0 h")
        await pilot.press("f")  # copy
        assert [m.id for m in heatmap.rows] == [ids["evil"]]
        await pilot.press("f")  # design
        assert [m.id for m in heatmap.rows] == [ids["priya"], ids["tom"]]
        assert text(screen, "#team-filters").startswith("Discipline: design")
        await pilot.press("f")
        assert len(heatmap.rows) == 3


async def test_reassign_by_keys_moves_hours_on_both_rows(team_db, app_factory) -> None:
    db, ids = team_db
    app = app_factory(db)
    async with app.run_test(size=(110, 30)) as pilot:
        screen = await open_team(app, pilot)
        await pilot.press("down", "right", "enter")
        await settle(app, pilot)
        assert screen.table.has_focus
        assert [t.title for t in screen.table._rows] == ["Lookbook layout", "Pack artwork", "[b]Social[/b] plan"]
        assert "Priya Raman · 3 open tasks, 54 h, by due date" in text(screen, "#team-tasks-title")
        await pilot.press("r")
        await settle(app, pilot)
        picker = app.screen
        assert isinstance(picker, ReassignScreen)
        first = picker.table.highlighted_row
        assert (first.name, first.room, first.after) == ("Tom Becker", 32, 24)
        assert "Priya Raman: 128% now, 85% without this task." in picker.query_one("#reassign-now").render().plain
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
        with db.read() as s:
            assert s.get(Task, ids["lookbook"]).assignee_id == ids["tom"]  # type: ignore[union-attr]
        assert "85%" in row_text(screen, "Priya Raman") and "128%" not in row_text(screen, "Priya Raman")
        assert " 60%" in row_text(screen, "Tom Becker")
        assert [t.title for t in screen.table._rows] == ["Pack artwork", "[b]Social[/b] plan"]
        assert screen.heatmap.member.id == ids["priya"] and screen.heatmap.col == 1  # cursor kept
        await pilot.press("escape")
        assert screen.heatmap.has_focus


async def test_add_time_off_then_the_heat_map_changes(team_db, app_factory) -> None:
    db, ids = team_db
    app = app_factory(db)
    async with app.run_test(size=(110, 30)) as pilot:
        screen = await open_team(app, pilot)
        await pilot.press("down", "down", "right", "t")  # Tom, week of 30 Nov
        form = app.screen
        assert isinstance(form, TimeOffFormScreen)
        assert form.value("first_day") == "2026-11-30"
        await pilot.press("tab", *keys("2026-11-27"), "enter")  # last day before the first
        await settle(app, pilot)
        assert "before the first day" in form.field("last_day").error
        await pilot.press("ctrl+u", *keys("fri"), "tab", *keys("Leave"), "enter")  # fri = Fri 27 Nov < first
        await settle(app, pilot)
        assert app.screen is form
        assert form.focused is form.query_one("#last_day")  # the field in error has the focus
        await pilot.press("ctrl+u", *keys("2026-12-04"), "enter")
        await settle(app, pilot)
        assert app.screen is screen
        with db.read() as s:
            off = s.exec(select(TimeOff)).one()
        assert (off.member_id, off.first_day, off.last_day, off.reason) == (
            ids["tom"], NEXT, date(2026, 12, 4), "Leave")
        assert "8h▲" in row_text(screen, "Tom Becker")
        assert text(screen, "#team-cell").endswith("8.0 h allocated / 0.0 h capacity (no capacity) · 5 days off")


async def test_new_and_edited_tasks_through_the_form(team_db, app_factory) -> None:
    db, ids = team_db
    app = app_factory(db)
    async with app.run_test(size=(110, 34)) as pilot:
        screen = await open_team(app, pilot)
        await pilot.press("down", "down", "n")  # for Tom
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, TaskFormScreen)
        await pilot.press(*keys("Stand graphics"), "tab", *keys("pack"), "tab", "tab", *keys("abc"), "enter")
        await settle(app, pilot)
        assert "not a number of hours" in form.field("estimate_hours").error
        assert form.field("project_id").error == ""
        await pilot.press("ctrl+u", "1", "2", "tab", *keys("2026-12-01"), "tab", *keys("2026-12-03"), "enter")
        await settle(app, pilot)
        assert app.screen is screen
        with db.read() as s:
            task = s.exec(select(Task).where(Task.title == "Stand graphics")).one()
        assert (task.assignee_id, task.project_id, task.estimate_hours, task.due_on) == (
            ids["tom"], ids["project"], 12.0, date(2026, 12, 3))
        assert " 50%" in row_text(screen, "Tom Becker")  # 8 h + 12 h of 40 h
        await pilot.press("enter")  # Tom's tasks
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, TaskFormScreen) and form.value("title") == "Route banners"
        for _ in range(4):
            await pilot.press("tab")
        await pilot.press("ctrl+u", *keys("2026-12-31"), "enter")  # start after due
        await settle(app, pilot)
        assert "before the start" in form.field("due_on").error
        await pilot.press("escape")
        with db.read() as s:
            assert s.get(Task, ids["banners"]).start_on == NEXT  # type: ignore[union-attr]


async def test_reloads_on_data_change_keeping_the_cursor(team_db, app_factory) -> None:
    db, ids = team_db
    app = app_factory(db)
    async with app.run_test(size=(110, 30)) as pilot:
        screen = await open_team(app, pilot)
        await pilot.press("down", "down", "right", "right")
        with db.write() as s:
            s.add(Task(project_id=ids["project"], assignee_id=ids["tom"], title="More", estimate_hours=40,
                       due_on=date(2026, 12, 9)))
        app.publish(DataChange(frozenset({"task"})))
        await settle(app, pilot)
        assert (screen.heatmap.member.id, screen.heatmap.col) == (ids["tom"], 2)
        assert text(screen, "#team-cell").startswith("Tom Becker · week of 7 Dec: 40.0 h allocated / 40.0 h")
        screen.focus_member(ids["priya"], 1)
        assert screen.heatmap.member.id == ids["priya"] and screen.heatmap.col == 1
