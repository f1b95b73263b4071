"""What the Team screen says, as plain functions of its data: the lines around the heat map, the
columns of the member's task and time off lists, and the people filter.

Every piece of user text goes through :func:`~amtui.screens.forms.user_text` or a
:class:`~amtui.widgets.columns.Column` cell, so names and reasons are shown literally.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual.content import Content

from amtui.enums import Discipline, TaskStatus
from amtui.rules.relative import relative_day
from amtui.rules.text import one_line
from amtui.rules.workload import Band, WeekLoad, day_span, percent
from amtui.screens.forms import user_text
from amtui.screens.team_form_base import hours_text
from amtui.services.team import MemberLoad, TaskRow, TeamWorkload, TimeOffRow
from amtui.widgets.columns import Cell, Column
from amtui.widgets.heatmap import week_label

STATUS_STYLES = {TaskStatus.DOING: "accent", TaskStatus.BLOCKED: "warning", TaskStatus.DONE: "muted"}


def matches(member: MemberLoad, query: str) -> bool:
    """True when ``query`` (already casefolded) is in the member's name or job title."""
    return query in member.name.casefold() or query in member.title.casefold()


def visible_members(data: TeamWorkload, discipline: Discipline | None, query: str) -> list[MemberLoad]:
    """The members of ``discipline`` (None: all) whose name or job title contains ``query``."""
    q = query.strip().casefold()
    return [m for m in data.members if (discipline is None or m.discipline is discipline) and (not q or matches(m, q))]


def map_empty_message(data: TeamWorkload, query: str) -> str:
    """What the heat map says when no row is shown."""
    if not data.members:
        return "Nobody on the team yet."
    if query.strip():
        return f"Nobody matches “{one_line(query, 30)}”. Press escape to clear the filter."
    return "Nobody in this discipline."


def filters_line(discipline: Discipline | None, first_week: date) -> Content:
    """``Discipline: all  ·  8 weeks from 23 Nov`` (a name filter shows in its own field)."""
    return Content.assemble(("Discipline: ", "dim"), (discipline.value if discipline else "all", "bold"),
                            ("  ·  8 weeks from ", "dim"), week_label(first_week))


def count_line(data: TeamWorkload, shown: int) -> Content:
    """``2 of 10 people · 3 over this week · 5 unassigned tasks``."""
    over = sum(1 for m in data.members if m.weeks and m.weeks[0].band is Band.OVER)
    count = f"{shown} of {len(data.members)}" if shown != len(data.members) else f"{shown}"
    return Content(f"{count} people · {over} over this week · {data.unassigned} unassigned tasks")


def cell_line(m: MemberLoad, w: WeekLoad) -> Content:
    """``Priya Raman · week of 30 Nov: 48.0 h allocated / 37.5 h capacity (128%) · 1 day off``."""
    off = f" · {w.days_off} day{'s' if w.days_off != 1 else ''} off" if w.days_off else ""
    pct = percent(w.utilisation) if w.capacity > 0 else "no capacity"
    return Content.assemble(user_text(m.name, 40, "bold"), f" · week of {week_label(w.week)}: ",
                            (f"{w.allocated:.1f} h allocated / {w.capacity:.1f} h capacity ({pct})",
                             "bold $text-error" if w.band is Band.OVER else "bold"), off)


def tray_line(m: MemberLoad) -> Content:
    """``Undated (2, 9 h): Social plan 6 h · Moodboard 3 h`` or ``No undated tasks.``."""
    tray = m.unscheduled
    if not tray:
        return Content.styled("No undated tasks.", "dim")
    items = [Content.assemble(user_text(t.title, 40), (f" {t.hours:g} h", "dim")) for t in tray.biggest]
    return Content.assemble((f"Undated ({tray.count}, {tray.hours:g} h): ", "dim"),
                            Content.styled(" · ", "dim").join(items))


def task_columns(today: Callable[[], date]) -> list[Column[TaskRow]]:
    """Task, client, project, due (with how far off), estimate, status."""

    def due(t: TaskRow) -> Cell:
        now = today()
        if t.due_on is None:
            return "undated", "muted"
        label = week_label(t.due_on) + (f" {t.due_on.year}" if t.due_on.year != now.year else "")
        return f"{label} · {relative_day(t.due_on, now)}", "error" if t.due_on < now else None

    return [
        Column("title", "Task", lambda t: (t.title, None), width=12, flex=3),
        Column("client", "Client", lambda t: (t.client, None), width=8, flex=1),
        Column("project", "Project", lambda t: (t.project, "muted"), width=8, flex=1),
        Column("due", "Due", due, width=19),
        Column("estimate", "Est.", lambda t: (f"{hours_text(t.estimate_hours)} h", None), width=6, align="right"),
        Column("status", "Status", lambda t: (t.status.value, STATUS_STYLES.get(t.status)), width=7),
    ]


def time_off_when(item: TimeOffRow, today: date) -> Cell:
    """``"now"`` (accent), ``"in 6d"``, or ``"ended 3d ago"`` (muted)."""
    if item.last_day < today:
        return f"ended {relative_day(item.last_day, today)}", "muted"
    if item.first_day <= today:
        return "now", "accent"
    return relative_day(item.first_day, today), None


def time_off_columns(today: Callable[[], date]) -> list[Column[TimeOffRow]]:
    """Days, length, when, reason."""
    return [
        Column("days", "Time off", lambda o: (day_span(o.first_day, o.last_day), None), width=25),
        Column("length", "Days", lambda o: (f"{o.days}", None), width=4, align="right"),
        Column("when", "When", lambda o: time_off_when(o, today()), width=13),
        Column("reason", "Reason", lambda o: (o.reason, "muted"), width=10, flex=1),
    ]
