"""Team: workload against capacity per member and week, their tasks, reassignment, time off.

Reads are a few set-based Core queries: the active members, time off from this week on, and the
open tasks whose window touches the horizon, grouped in SQL by member and window (every overdue
task of a member collapses into one row). The spreading and the bands are the pure rules of
:mod:`amtui.rules.workload`. Writes validate everything first and write nothing on error
(:class:`ValidationError` per field); a stale version raises :class:`StaleEditError`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar

from sqlalchemy import Date, String, case, func, literal, select, type_coerce
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from amtui.db import Database
from amtui.enums import Discipline, ProjectStatus, TaskPriority, TaskStatus
from amtui.models import Client, Project, Task, TeamMember, TimeOff, Workspace
from amtui.rules.text import clean_text
from amtui.rules.workload import (
    WEEKS,
    Band,
    Calendar,
    WeekLoad,
    Work,
    allocate,
    member_weeks,
    parse_working_days,
    utilisation,
    week_start,
    weekly_spread,
    window,
)
from amtui.services.errors import NotFoundError, StaleEditError, ValidationError
from amtui.types import utc_now

T = TypeVar("T")
MAX_WEEKS = 53
MAX_HOURS = 1000.0
STALE = "someone else changed this {what} after you opened it; reload and try again"
CLOSED = (ProjectStatus.COMPLETED, ProjectStatus.CANCELLED)
OPEN = (TaskStatus.TODO, TaskStatus.DOING, TaskStatus.BLOCKED)


@dataclass(frozen=True)
class TrayTask:
    """An open task without a due date (the member's unscheduled tray)."""

    id: int
    title: str
    hours: float


@dataclass(frozen=True)
class MemberLoad:
    id: int
    name: str
    discipline: Discipline
    weekly_capacity: float
    weeks: tuple[WeekLoad, ...]
    unscheduled: tuple[TrayTask, ...]


@dataclass(frozen=True)
class TeamWorkload:
    """Active members (by discipline, then name), each with one :class:`WeekLoad` per week."""

    today: date
    weeks: tuple[date, ...]  # the Mondays
    members: tuple[MemberLoad, ...]
    unassigned: int  # open dated tasks in these weeks (or overdue) with nobody on them

    def member(self, member_id: int) -> MemberLoad | None:
        return next((m for m in self.members if m.id == member_id), None)


@dataclass(frozen=True)
class TaskRow:
    id: int
    version: int
    title: str
    project_id: int
    project: str
    client_id: int
    client: str
    assignee_id: int | None
    estimate_hours: float
    start_on: date | None
    due_on: date | None
    status: TaskStatus
    priority: TaskPriority


@dataclass(frozen=True)
class MemberTasks:
    """One member's open tasks by due date (no due date last) and their coming time off."""

    member: MemberLoad
    tasks: tuple[TaskRow, ...]
    time_off: tuple[tuple[date, date, str], ...]


@dataclass(frozen=True)
class Candidate:
    """A member the task could move to, measured over the task's weeks."""

    member_id: int
    name: str
    discipline: Discipline
    same_discipline: bool
    capacity: float
    allocated: float
    after: float  # allocated once the move is made

    @property
    def room(self) -> float:
        return self.capacity - self.allocated

    @property
    def utilisation_after(self) -> float | None:
        return utilisation(self.after, self.capacity)


@dataclass(frozen=True)
class ReassignChoice:
    """The task, the weeks measured (its window; undated: the whole view), the current assignee
    (``after``: without the task) and the others, best first."""

    task: TaskRow
    weeks: tuple[date, ...]
    current: Candidate | None
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True)
class OverCapacity:
    member_id: int
    name: str
    discipline: Discipline
    week: date
    allocated: float
    capacity: float

    @property
    def utilisation(self) -> float | None:
        return utilisation(self.allocated, self.capacity)


@dataclass(frozen=True)
class TimeOffForm:
    member_id: int
    first_day: date
    last_day: date
    reason: str = ""


@dataclass(frozen=True)
class TaskForm:
    project_id: int | None
    title: str
    assignee_id: int | None = None
    estimate_hours: float = 0.0
    start_on: date | None = None
    due_on: date | None = None
    status: TaskStatus | str = TaskStatus.TODO
    priority: TaskPriority | str = TaskPriority.NORMAL


# ------------------------------------------------------------------------------------ reads

@dataclass
class _Team:
    weekdays: frozenset[int]
    members: list[tuple[int, str, Discipline, float]]
    calendars: dict[int, Calendar]


def _team(session: Session, since: date, member_id: int | None = None) -> _Team:
    weekdays = parse_working_days(session.execute(select(Workspace.working_days)).scalar())
    q = (select(TeamMember.id, TeamMember.name, TeamMember.discipline, TeamMember.weekly_capacity_hours)
         .where(TeamMember.active).order_by(TeamMember.discipline, TeamMember.name, TeamMember.id))
    members = [(i, n, d, float(c)) for i, n, d, c in session.execute(
        q if member_id is None else q.where(TeamMember.id == member_id))]
    off: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for mid, a, b in session.execute(select(TimeOff.member_id, TimeOff.first_day, TimeOff.last_day)
                                     .where(TimeOff.last_day >= since)):
        off[mid].append((a, b))
    base = Calendar.of(weekdays)
    return _Team(weekdays, members, {m[0]: Calendar.of(weekdays, off[m[0]]) if m[0] in off else base for m in members})


def _day(value: object) -> date | None:
    """A date from a raw column value (SQLite hands back ISO text, PostgreSQL dates)."""
    return date.fromisoformat(value) if isinstance(value, str) else value  # type: ignore[return-value]


def _open_work(session: Session, today: date, last_day: date,
               member_id: int | None) -> list[tuple[int | None, Work, int]]:
    """(assignee, work, task count): open dated tasks touching ``..last_day``, grouped by window
    clipped to today (all the overdue tasks of a member make one row).

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
        .group_by(inner.c.who, inner.c.a, inner.c.b)).all()
    days = {raw: _day(raw) for raw in {raw for row in rows for raw in row[1:3]}}
    return [(who, Work(float(h or 0), days[a], days[b]), int(n)) for who, a, b, h, n in rows]


def _tray(session: Session, member_id: int | None) -> dict[int, list[TrayTask]]:
    """Each member's open tasks without a due date, biggest first."""
    tray: dict[int, list[TrayTask]] = defaultdict(list)
    who = Task.assignee_id.is_not(None) if member_id is None else Task.assignee_id == member_id
    for tid, mid, title, hours in session.connection().execute(
            select(Task.id, Task.assignee_id, Task.title, Task.estimate_hours)
            .where(Task.status.in_(OPEN), Task.due_on.is_(None), who)):  # IN: a seek on (status, due_on)
        tray[mid].append(TrayTask(tid, title, float(hours)))
    for items in tray.values():
        items.sort(key=lambda t: (-t.hours, t.id))
    return tray


def _workload(session: Session, today: date, weeks: int, *, tray: bool = True,
              member_id: int | None = None) -> tuple[TeamWorkload, _Team]:
    first = week_start(today)
    team = _team(session, first, member_id)
    work = _open_work(session, today, first + timedelta(days=7 * weeks - 1), member_id)
    trays = _tray(session, member_id) if tray else {}
    hours = allocate(team.calendars, ((w, t) for w, t, _ in work if w is not None), today, first, weeks)
    members = tuple(MemberLoad(mid, name, disc, cap, member_weeks(cap, team.calendars[mid], hours[mid], today, first),
                               tuple(trays.get(mid, ()))) for mid, name, disc, cap in team.members)
    unassigned = sum(n for w, _, n in work if w is None)
    mondays = tuple(first + timedelta(days=7 * w) for w in range(weeks))
    return TeamWorkload(today, mondays, members, unassigned), team


def workload(db: Database, today: date, weeks: int = WEEKS) -> TeamWorkload:
    """Every active member's capacity, allocated hours, utilisation and band for ``weeks`` weeks
    from the week of ``today``, with their unscheduled tasks."""
    with db.read() as session:
        return _workload(session, today, max(1, min(weeks, MAX_WEEKS)))[0]


def over_capacity_this_week(db: Database, today: date, weeks: int = 1) -> list[OverCapacity]:
    """Members over capacity this week, worst first (for Today). ``weeks=2`` also reports a member
    whose first over week is next week ("Priya (design) at 128% next week")."""
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


def member_tasks(db: Database, member_id: int, today: date, weeks: int = WEEKS) -> MemberTasks:
    """One member's open tasks (client, project, due, estimate, status) by due date, their load
    and their time off from today on. Raises NotFoundError."""
    with db.read() as session:
        team, _ = _workload(session, today, weeks, member_id=member_id)
        member = team.member(member_id)
        if member is None:
            raise NotFoundError("this team member no longer exists or is inactive")
        tasks = _task_rows(session, Task.assignee_id == member_id, Task.status != TaskStatus.DONE)
        off = session.execute(select(TimeOff.first_day, TimeOff.last_day, TimeOff.reason)
                              .where(TimeOff.member_id == member_id, TimeOff.last_day >= today)
                              .order_by(TimeOff.first_day)).all()
    return MemberTasks(member, tuple(tasks), tuple((a, b, r) for a, b, r in off))


def reassign_candidates(db: Database, task_id: int, today: date) -> ReassignChoice:
    """Who could take the task: active members, same discipline first, most room in the task's
    weeks first, each with their load once the task is theirs. Raises NotFoundError."""
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


# ----------------------------------------------------------------------------------- writes

def _write(db: Database, work: Callable[[Session], T], what: str) -> T:
    try:
        with db.write() as session:
            return work(session)
    except StaleDataError:
        raise StaleEditError(STALE.format(what=what)) from None
    except IntegrityError:
        raise ValidationError({"form": "the database refused this change; reload and try again"}) from None


def _active_member(session: Session, member_id: object, errors: dict[str, str], key: str) -> TeamMember | None:
    member = session.get(TeamMember, member_id) if isinstance(member_id, int) else None
    if member is None or not member.active:
        errors[key] = "choose an active team member"
        return None
    return member


def _task(session: Session, task_id: int, version: int | None) -> Task:
    task = session.get(Task, task_id)
    if task is None:
        raise NotFoundError("this task no longer exists")
    if task.version != version:
        raise StaleEditError(STALE.format(what="task"))
    return task


def reassign_task(db: Database, task_id: int, version: int, member_id: int) -> int:
    """Give task ``task_id`` (loaded at ``version``) to ``member_id``; returns its new version."""

    def work(session: Session) -> int:
        task = _task(session, task_id, version)
        errors: dict[str, str] = {}
        member = _active_member(session, member_id, errors, "assignee_id")
        if member is not None and task.assignee_id == member_id:
            errors["assignee_id"] = f"the task is already {member.name}'s"
        if task.status is TaskStatus.DONE:
            errors["status"] = "this task is done"
        if errors:
            raise ValidationError(errors)
        task.assignee_id = member_id
        session.flush()
        return task.version

    return _write(db, work, "task")


def _is_day(value: object) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


def add_time_off(db: Database, form: TimeOffForm) -> int:
    """Record time off (first to last day, inclusive); returns its id. Overlaps are refused."""
    errors: dict[str, str] = {}
    reason = clean_text(form.reason)
    if len(reason) > 200:
        errors["reason"] = f"at most 200 characters (this has {len(reason)})"
    for key in ("first_day", "last_day"):
        if not _is_day(getattr(form, key)):
            errors[key] = f"enter the {key.replace('_', ' ')} off"
    if not errors.keys() & {"first_day", "last_day"} and not 0 <= (form.last_day - form.first_day).days <= 366:
        errors["last_day"] = ("the last day can't be before the first day" if form.last_day < form.first_day
                              else "at most a year at a time")

    def work(session: Session) -> int:
        _active_member(session, form.member_id, errors, "member_id")
        clash = None if errors else session.execute(select(TimeOff.first_day, TimeOff.last_day).where(
            TimeOff.member_id == form.member_id, TimeOff.first_day <= form.last_day,
            TimeOff.last_day >= form.first_day).limit(1)).first()
        if clash is not None:
            errors["first_day"] = f"overlaps time off already booked ({clash[0]:%d %b} to {clash[1]:%d %b %Y})"
        if errors:
            raise ValidationError(errors)
        row = TimeOff(member_id=form.member_id, first_day=form.first_day, last_day=form.last_day, reason=reason)
        session.add(row)
        session.flush()
        return row.id  # type: ignore[return-value]

    return _write(db, work, "time off")


def _task_values(session: Session, form: TaskForm, current: Task | None) -> dict[str, object]:
    """The columns to store for ``form``, or ValidationError listing every problem."""
    errors: dict[str, str] = {}
    title = clean_text(form.title)
    if not title or len(title) > 300:
        errors["title"] = f"at most 300 characters (this has {len(title)})" if title else "enter a title"
    if not isinstance(form.project_id, int) or session.get(Project, form.project_id) is None:
        errors["project_id"] = "choose a project"
    if form.assignee_id is not None and (current is None or form.assignee_id != current.assignee_id):
        _active_member(session, form.assignee_id, errors, "assignee_id")
    hours = form.estimate_hours
    if isinstance(hours, bool) or not isinstance(hours, int | float) or not 0 <= hours <= MAX_HOURS:
        errors["estimate_hours"] = f"enter hours from 0 to {MAX_HOURS:.0f}"
    for key in ("start_on", "due_on"):
        if getattr(form, key) is not None and not _is_day(getattr(form, key)):
            errors[key] = "enter a day"
    if not errors.keys() & {"start_on", "due_on"} and form.start_on and form.due_on and form.due_on < form.start_on:
        errors["due_on"] = "the due date can't be before the start"
    values: dict[str, object] = {"title": title, "project_id": form.project_id, "assignee_id": form.assignee_id,
                                 "estimate_hours": hours, "start_on": form.start_on, "due_on": form.due_on}
    for key, enum in (("status", TaskStatus), ("priority", TaskPriority)):
        try:
            values[key] = enum(getattr(form, key))
        except ValueError:
            errors[key] = f"choose one of: {', '.join(m.value for m in enum)}"
    if errors:
        raise ValidationError(errors)
    return values


def save_task(db: Database, form: TaskForm, task_id: int | None = None, version: int | None = None) -> int:
    """Create a task (``task_id`` None) or update one loaded at ``version``; returns its id."""

    def work(session: Session) -> int:
        task = _task(session, task_id, version) if task_id is not None else None
        values = _task_values(session, form, task)
        was_done = task is not None and task.status is TaskStatus.DONE
        task = task or Task(**values)  # type: ignore[arg-type]
        for key, value in values.items():
            setattr(task, key, value)
        if (task.status is TaskStatus.DONE) != was_done:
            task.completed_at = utc_now() if task.status is TaskStatus.DONE else None
        session.add(task)
        session.flush()
        return task.id  # type: ignore[return-value]

    return _write(db, work, "task")


def task_choices(db: Database, include_project: int | None = None,
                 ) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """For the task form: open projects as (id, "Client · Project") and active members as (id, name)."""
    with db.read() as session:
        projects = session.execute(
            select(Project.id, Client.name, Project.name).join(Client, Client.id == Project.client_id)
            .where((Project.status.not_in(CLOSED) & Client.archived_at.is_(None)) | (Project.id == include_project))
            .order_by(Client.name, Project.name)).all()
        members = session.execute(select(TeamMember.id, TeamMember.name).where(TeamMember.active)
                                  .order_by(TeamMember.name)).all()
    return ([(pid, f"{clean_text(c)} · {clean_text(p)}") for pid, c, p in projects],
            [(mid, clean_text(n)) for mid, n in members])
