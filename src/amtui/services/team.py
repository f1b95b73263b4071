"""Team: workload against capacity per member and week, their tasks, reassignment, time off.

CONTRACT: the dataclasses below are what screens see. The functions at the end are the public
API; their bodies live in :mod:`~amtui.services.team_reads` (set-based Core reads, the spreading
done by :mod:`amtui.rules.workload`) and :mod:`~amtui.services.team_edits` (validated,
version-checked writes: :class:`ValidationError` per field, :class:`StaleEditError` on a stale
version, nothing written on error). They are imported lazily, so those modules can use the
dataclasses here without an import cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from amtui.enums import Discipline, TaskPriority, TaskStatus
from amtui.rules.workload import WEEKS, WeekLoad, utilisation

if TYPE_CHECKING:
    from amtui.db import Database

RECENT_TIME_OFF_DAYS = 90
"""How far back a member's time off list reaches (time off that ended this long ago or less)."""
TRAY_SHOWN = 8
"""How many of a member's undated tasks come by name (the biggest); the rest are only counted."""


@dataclass(frozen=True)
class TrayTask:
    """An open task without a due date (the member's unscheduled tray)."""

    id: int
    title: str
    hours: float


@dataclass(frozen=True)
class Tray:
    """A member's open tasks without a due date: how many, their hours, and the
    :data:`TRAY_SHOWN` biggest (biggest first, then by id)."""

    count: int = 0
    hours: float = 0.0
    biggest: tuple[TrayTask, ...] = ()

    def __bool__(self) -> bool:
        return self.count > 0


@dataclass(frozen=True)
class MemberLoad:
    id: int
    name: str
    discipline: Discipline
    weekly_capacity: float
    weeks: tuple[WeekLoad, ...]
    unscheduled: Tray
    title: str = ""  # the job title ("Senior designer"), for the filter


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
class TimeOffRow:
    """One stretch of a member's time off, first to last day inclusive, with its version."""

    id: int
    version: int
    member_id: int
    first_day: date
    last_day: date
    reason: str

    @property
    def days(self) -> int:
        """Calendar days, both ends counted."""
        return (self.last_day - self.first_day).days + 1


@dataclass(frozen=True)
class MemberTasks:
    """One member's open tasks by due date (no due date last) and their time off: every stretch
    not over yet and those that ended in the last :data:`RECENT_TIME_OFF_DAYS` days, by first day."""

    member: MemberLoad
    tasks: tuple[TaskRow, ...]
    time_off: tuple[TimeOffRow, ...]


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


# --- reading -------------------------------------------------------------------------------


def workload(db: Database, today: date, weeks: int = WEEKS) -> TeamWorkload:
    """Every active member's capacity, allocated hours, utilisation and band for ``weeks`` weeks
    from the week of ``today``, with their unscheduled tasks."""
    from amtui.services import team_reads

    return team_reads.workload(db, today, weeks)


def over_capacity_this_week(db: Database, today: date, weeks: int = 1) -> list[OverCapacity]:
    """Members over capacity this week, worst first (for Today). ``weeks=2`` also reports a member
    whose first over week is next week ("Priya (design) at 128% next week")."""
    from amtui.services import team_reads

    return team_reads.over_capacity_this_week(db, today, weeks)


def member_tasks(db: Database, member_id: int, today: date, weeks: int = WEEKS) -> MemberTasks:
    """One member's open tasks (client, project, due, estimate, status) by due date, their load
    and their upcoming and recent time off. Raises NotFoundError."""
    from amtui.services import team_reads

    return team_reads.member_tasks(db, member_id, today, weeks)


def reassign_candidates(db: Database, task_id: int, today: date) -> ReassignChoice:
    """Who could take the task: active members, same discipline first, most room in the task's
    weeks first, each with their load once the task is theirs. Raises NotFoundError."""
    from amtui.services import team_reads

    return team_reads.reassign_candidates(db, task_id, today)


def task_row(db: Database, task_id: int) -> TaskRow:
    """One task as stored now, with its version (to reload an edit form). Raises NotFoundError."""
    from amtui.services import team_reads

    return team_reads.task_row(db, task_id)


def time_off_row(db: Database, time_off_id: int) -> TimeOffRow:
    """One time off as stored now, with its version. Raises NotFoundError."""
    from amtui.services import team_reads

    return team_reads.time_off_row(db, time_off_id)


def task_choices(db: Database, include_project: int | None = None,
                 ) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """For the task form: open projects as (id, "Client · Project") and active members as (id, name)."""
    from amtui.services import team_reads

    return team_reads.task_choices(db, include_project)


# --- writing -------------------------------------------------------------------------------


def reassign_task(db: Database, task_id: int, version: int, member_id: int) -> int:
    """Give task ``task_id`` (loaded at ``version``) to ``member_id``; returns its new version."""
    from amtui.services import team_edits

    return team_edits.reassign_task(db, task_id, version, member_id)


def save_task(db: Database, form: TaskForm, task_id: int | None = None, version: int | None = None) -> int:
    """Create a task (``task_id`` None) or update one loaded at ``version``; returns its id."""
    from amtui.services import team_edits

    return team_edits.save_task(db, form, task_id, version)


def add_time_off(db: Database, form: TimeOffForm) -> int:
    """Record time off (first to last day, inclusive); returns its id. Raises ValidationError,
    also when it overlaps the member's other time off (the message names the overlap)."""
    from amtui.services import team_edits

    return team_edits.add_time_off(db, form)


def update_time_off(db: Database, time_off_id: int, version: int, form: TimeOffForm) -> int:
    """Save ``form`` over time off loaded at ``version``; returns its new version. Raises
    ValidationError (as :func:`add_time_off`), NotFoundError or StaleEditError."""
    from amtui.services import team_edits

    return team_edits.update_time_off(db, time_off_id, version, form)


def delete_time_off(db: Database, time_off_id: int, version: int) -> None:
    """Delete time off loaded at ``version``. Raises NotFoundError or StaleEditError."""
    from amtui.services import team_edits

    team_edits.delete_time_off(db, time_off_id, version)
