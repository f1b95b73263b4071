"""Reading the team: workload, a member's tasks and time off, reassignment candidates, choices.

Implementation behind the read functions of :mod:`amtui.services.team` (import them from
there). A few set-based Core queries: the active members, time off from this week on, and the
open tasks whose window touches the horizon, grouped in SQL by member and window (every overdue
task of a member collapses into one row). The spreading and the bands are the pure rules of
:mod:`amtui.rules.workload`. Nothing ORM leaves this module.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Date, String, case, func, literal, select, type_coerce
from sqlalchemy.orm import Session

from amtui.db import Database
from amtui.enums import Discipline, ProjectStatus, TaskStatus
from amtui.models import Client, Project, Task, TeamMember, TimeOff, Workspace
from amtui.rules.text import clean_text
from amtui.rules.workload import (
    WEEKS,
    Band,
    Calendar,
    Work,
    allocate,
    member_weeks,
    parse_working_days,
    week_start,
    weekly_spread,
    window,
)
from amtui.services.errors import NotFoundError
from amtui.services.team import (
    RECENT_TIME_OFF_DAYS,
    TRAY_SHOWN,
    Candidate,
    MemberLoad,
    MemberTasks,
    OverCapacity,
    ReassignChoice,
    TaskRow,
    TeamWorkload,
    TimeOffRow,
    Tray,
    TrayTask,
)

MAX_WEEKS = 53
CLOSED = (ProjectStatus.COMPLETED, ProjectStatus.CANCELLED)
OPEN = (TaskStatus.TODO, TaskStatus.DOING, TaskStatus.BLOCKED)
TIME_OFF_LIMIT = 100  # rows in a member's time off list


@dataclass
class _Team:
    weekdays: frozenset[int]
    members: list[tuple[int, str, Discipline, float, str]]
    calendars: dict[int, Calendar]


def _team(session: Session, since: date, member_id: int | None = None) -> _Team:
    weekdays = parse_working_days(session.execute(select(Workspace.working_days)).scalar())
    q = (select(TeamMember.id, TeamMember.name, TeamMember.discipline, TeamMember.weekly_capacity_hours,
                TeamMember.title)
         .where(TeamMember.active).order_by(TeamMember.discipline, TeamMember.name, TeamMember.id))
    members = [(i, n, d, float(c), t or "") for i, n, d, c, t in session.execute(
        q if member_id is None else q.where(TeamMember.id == member_id))]
    off: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for mid, a, b in session.execute(select(TimeOff.member_id, TimeOff.first_day, TimeOff.last_day)
                                     .where(TimeOff.last_day >= since)):
        if a is not None and b is not None:  # not a stored text that is no day
            off[mid].append((a, b))
    base = Calendar.of(weekdays)
    return _Team(weekdays, members, {m[0]: Calendar.of(weekdays, off[m[0]]) if m[0] in off else base for m in members})


def _day(value: object) -> date | None:
    """A date from a raw column value (SQLite hands back ISO text, PostgreSQL dates)."""
    return date.fromisoformat(value) if isinstance(value, str) else value  # type: ignore[return-value]


class _Days(dict[object, "date | None"]):
    """Raw column values to dates, each distinct value converted once (see :func:`_day`)."""

    def __missing__(self, raw: object) -> date | None:
        got = self[raw] = _day(raw)
        return got


def _open_work(session: Session, today: date, last_day: date,
               member_id: int | None) -> Iterator[tuple[int | None, Work, int]]:
    """(assignee, work, task count): open dated tasks touching ``..last_day``, grouped by window
    clipped to today (all the overdue tasks of a member make one row). Streamed from the cursor:
    the 13k rows of the large demo are used once, so none is kept (holding them all made them
    live through collections and pushed the cyclic GC into a full pass, ~150 ms, mid-switch).

    Grouping by ``assignee_id + 0`` keeps SQLite from walking the (assignee, due) index for the
    GROUP BY: row by row through the index costs a second on 200k tasks, a scan 70 ms.
    """
    overdue = Task.due_on < today
    start = case((overdue, None), (Task.start_on < today, literal(today, Date)), else_=Task.start_on)
    due = case((overdue, literal(today - timedelta(days=1), Date)), else_=Task.due_on)
    inner = (select((Task.assignee_id + 0).label("who"), type_coerce(start, String).label("a"),
                    type_coerce(due, String).label("b"), Task.estimate_hours.label("hours"))
             .where(Task.status != TaskStatus.DONE, Task.due_on.is_not(None),
                    func.coalesce(Task.start_on, Task.due_on) <= last_day,
                    *([] if member_id is None else [Task.assignee_id == member_id])).subquery())
    rows = session.connection().execute(  # Core rows: the ORM session path costs 3x per row
        select(inner.c.who, inner.c.a, inner.c.b, func.sum(inner.c.hours), func.count())
        .group_by(inner.c.who, inner.c.a, inner.c.b))
    days = _Days()
    for who, a, b, h, n in rows:
        yield who, Work(float(h or 0), days[a], days[b]), int(n)


def _tray(session: Session, member_id: int | None) -> dict[int, Tray]:
    """Each member's open tasks without a due date: counted and summed in SQL, only the
    TRAY_SHOWN biggest read (a window function). The large demo has 10k undated tasks; keeping
    them all as objects cost as much CPU and ten thousand more objects for the GC to walk."""
    who = Task.assignee_id.is_not(None) if member_id is None else Task.assignee_id == member_id
    mine = {"partition_by": Task.assignee_id}
    ranked = (select(Task.id, Task.assignee_id.label("who"), Task.title, Task.estimate_hours.label("hours"),
                     func.row_number().over(**mine, order_by=(Task.estimate_hours.desc(), Task.id)).label("n"),
                     func.count().over(**mine).label("count"),
                     func.sum(Task.estimate_hours).over(**mine).label("total"))
              .where(Task.status.in_(OPEN), Task.due_on.is_(None), who)  # IN: a seek on (status, due_on)
              .subquery())
    found: dict[int, tuple[int, float, list[TrayTask]]] = {}
    for tid, mid, title, hours, count, total in session.connection().execute(
            select(ranked.c.id, ranked.c.who, ranked.c.title, ranked.c.hours, ranked.c.count, ranked.c.total)
            .where(ranked.c.n <= TRAY_SHOWN).order_by(ranked.c.who, ranked.c.n)):
        found.setdefault(mid, (int(count), float(total or 0), []))[2].append(TrayTask(tid, title, float(hours)))
    return {mid: Tray(count, total, tuple(items)) for mid, (count, total, items) in found.items()}


def _workload(session: Session, today: date, weeks: int, *, tray: bool = True,
              member_id: int | None = None) -> tuple[TeamWorkload, _Team]:
    first = week_start(today)
    team = _team(session, first, member_id)
    trays = _tray(session, member_id) if tray else {}
    unassigned = 0

    def assigned() -> Iterator[tuple[int, Work]]:
        nonlocal unassigned
        for who, work, n in _open_work(session, today, first + timedelta(days=7 * weeks - 1), member_id):
            if who is None:
                unassigned += n
            else:
                yield who, work

    hours = allocate(team.calendars, assigned(), today, first, weeks)
    members = tuple(MemberLoad(mid, name, disc, cap, member_weeks(cap, team.calendars[mid], hours[mid], today, first),
                               trays.get(mid, Tray()), title) for mid, name, disc, cap, title in team.members)
    mondays = tuple(first + timedelta(days=7 * w) for w in range(weeks))
    return TeamWorkload(today, mondays, members, unassigned), team


def workload(db: Database, today: date, weeks: int = WEEKS) -> TeamWorkload:
    """See :func:`amtui.services.team.workload`."""
    with db.read() as session:
        return _workload(session, today, max(1, min(weeks, MAX_WEEKS)))[0]


def over_capacity_this_week(db: Database, today: date, weeks: int = 1) -> list[OverCapacity]:
    """See :func:`amtui.services.team.over_capacity_this_week`."""
    with db.read() as session:
        team, _ = _workload(session, today, max(1, min(weeks, MAX_WEEKS)), tray=False)
    out = []
    for m in team.members:
        week = next((w for w in m.weeks if w.band is Band.OVER), None)
        if week is not None:
            out.append(OverCapacity(m.id, m.name, m.discipline, week.week, week.allocated, week.capacity))
    return sorted(out, key=lambda o: (o.week, -(o.utilisation or float("inf")), o.name.casefold()))


def _task_rows(session: Session, *where: object) -> list[TaskRow]:
    rows = session.execute(
        select(Task.id, Task.version, Task.title, Project.id, Project.name, Client.id, Client.name, Task.assignee_id,
               Task.estimate_hours, Task.start_on, Task.due_on, Task.status, Task.priority)
        .join(Project, Project.id == Task.project_id).join(Client, Client.id == Project.client_id).where(*where)
        .order_by(Task.due_on.is_(None), Task.due_on, Task.id))
    return [TaskRow(*r) for r in rows]


def _time_off_rows(session: Session, member_id: int, today: date) -> list[TimeOffRow]:
    """The member's time off not over yet or ended in the last RECENT_TIME_OFF_DAYS, by first day
    (the most recent ones kept when there are more than TIME_OFF_LIMIT)."""
    rows = session.execute(
        select(TimeOff.id, TimeOff.version, TimeOff.member_id, TimeOff.first_day, TimeOff.last_day, TimeOff.reason)
        .where(TimeOff.member_id == member_id,
               TimeOff.last_day >= today - timedelta(days=RECENT_TIME_OFF_DAYS))
        .order_by(TimeOff.first_day.desc(), TimeOff.id.desc()).limit(TIME_OFF_LIMIT)).all()
    return [TimeOffRow(*r) for r in reversed(rows)]


def task_row(db: Database, task_id: int) -> TaskRow:
    """See :func:`amtui.services.team.task_row`."""
    with db.read() as session:
        rows = _task_rows(session, Task.id == task_id)
    if not rows:
        raise NotFoundError("this task no longer exists")
    return rows[0]


def time_off_row(db: Database, time_off_id: int) -> TimeOffRow:
    """See :func:`amtui.services.team.time_off_row`."""
    with db.read() as session:
        r = session.execute(
            select(TimeOff.id, TimeOff.version, TimeOff.member_id, TimeOff.first_day, TimeOff.last_day,
                   TimeOff.reason).where(TimeOff.id == time_off_id)).first()
    if r is None:
        raise NotFoundError("this time off no longer exists")
    return TimeOffRow(*r)


def member_tasks(db: Database, member_id: int, today: date, weeks: int = WEEKS) -> MemberTasks:
    """See :func:`amtui.services.team.member_tasks`."""
    with db.read() as session:
        team, _ = _workload(session, today, weeks, member_id=member_id)
        member = team.member(member_id)
        if member is None:
            raise NotFoundError("this team member no longer exists or is inactive")
        tasks = _task_rows(session, Task.assignee_id == member_id, Task.status != TaskStatus.DONE)
        off = _time_off_rows(session, member_id, today)
    return MemberTasks(member, tuple(tasks), tuple(off))


def reassign_candidates(db: Database, task_id: int, today: date) -> ReassignChoice:
    """See :func:`amtui.services.team.reassign_candidates`."""
    with db.read() as session:
        found = _task_rows(session, Task.id == task_id)
        if not found:
            raise NotFoundError("this task no longer exists")
        task = found[0]
        work = Work(task.estimate_hours, task.start_on, task.due_on)
        span = window(work, today)
        first = week_start(today)
        weeks = WEEKS if span is None else max(WEEKS, min((span[1] - first).days // 7 + 1, MAX_WEEKS))
        team, internals = _workload(session, today, weeks, tray=False)
    in_view = range(weeks) if span is None else range((span[0] - first).days // 7, (span[1] - first).days // 7 + 1)
    owner = team.member(task.assignee_id) if task.assignee_id is not None else None
    out: list[Candidate] = []
    current = None
    for m in team.members:
        add = weekly_spread(work, today, internals.calendars[m.id], first, weeks)
        cap = sum(m.weeks[w].capacity for w in in_view if w < weeks)
        alloc = sum(m.weeks[w].allocated for w in in_view if w < weeks)
        moved = sum(add[w] for w in in_view if w < weeks)
        same = owner is not None and m.discipline is owner.discipline
        if m.id == task.assignee_id:
            current = Candidate(m.id, m.name, m.discipline, True, cap, alloc, alloc - moved)
        else:
            out.append(Candidate(m.id, m.name, m.discipline, same, cap, alloc, alloc + moved))
    out.sort(key=lambda c: (not c.same_discipline, -c.room, c.name.casefold()))
    return ReassignChoice(task, tuple(team.weeks[w] for w in in_view if w < weeks), current, tuple(out))


def task_choices(db: Database, include_project: int | None = None,
                 ) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """See :func:`amtui.services.team.task_choices`."""
    with db.read() as session:
        projects = session.execute(
            select(Project.id, Client.name, Project.name).join(Client, Client.id == Project.client_id)
            .where((Project.status.not_in(CLOSED) & Client.archived_at.is_(None)) | (Project.id == include_project))
            .order_by(Client.name, Project.name)).all()
        members = session.execute(select(TeamMember.id, TeamMember.name).where(TeamMember.active)
                                  .order_by(TeamMember.name)).all()
    return ([(pid, f"{clean_text(c)} · {clean_text(p)}") for pid, c, p in projects],
            [(mid, clean_text(n)) for mid, n in members])
