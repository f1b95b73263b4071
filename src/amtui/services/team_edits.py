"""Writing the team's work: tasks, reassignment and time off — validated, version-checked, all or
nothing.

Implementation behind the write functions of :mod:`amtui.services.team` (import them from
there). Every check runs before anything is written (:class:`ValidationError` lists each field's
problem); a stale version raises :class:`StaleEditError` with nothing written. Time off writes
lock the member's row first (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's write transaction
already serialises), so two people booking overlapping time off at once cannot both succeed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from amtui.db import Database
from amtui.enums import TaskPriority, TaskStatus
from amtui.models import Project, Task, TeamMember, TimeOff
from amtui.rules.text import clean_text, one_line
from amtui.rules.workload import day_span
from amtui.services.errors import NotFoundError, StaleEditError, ValidationError
from amtui.services.team import TaskForm, TimeOffForm
from amtui.types import utc_now

T = TypeVar("T")
MAX_HOURS = 1000.0
MAX_TIME_OFF_DAYS = 366
REASON_MAX = 200
MAX_CLASHES = 20  # overlaps looked at (the message counts them up to this)
STALE = "someone else changed this {what} after you opened it; reload and try again"


def _write(db: Database, work: Callable[[Session], T], what: str) -> T:
    try:
        with db.write() as session:
            return work(session)
    except StaleDataError:
        raise StaleEditError(STALE.format(what=what)) from None
    except IntegrityError:
        raise ValidationError({"form": "the database refused this change; reload and try again"}) from None


def _active_member(session: Session, member_id: object, errors: dict[str, str], key: str, *,
                   lock: bool = False) -> TeamMember | None:
    member = (session.get(TeamMember, member_id, with_for_update=lock)
              if isinstance(member_id, int) and not isinstance(member_id, bool) else None)
    if member is None or not member.active:
        errors[key] = "choose an active team member"
        return None
    return member


def _is_day(value: object) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


# ------------------------------------------------------------------------------------ tasks

def _task(session: Session, task_id: int, version: int | None) -> Task:
    task = session.get(Task, task_id)
    if task is None:
        raise NotFoundError("this task no longer exists")
    if task.version != version:
        raise StaleEditError(STALE.format(what="task"))
    return task


def reassign_task(db: Database, task_id: int, version: int, member_id: int) -> int:
    """See :func:`amtui.services.team.reassign_task`."""

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
    """See :func:`amtui.services.team.save_task`."""

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


# --------------------------------------------------------------------------------- time off

def _time_off_errors(form: TimeOffForm) -> tuple[dict[str, str], str]:
    """Problems of the form alone (no database needed) and the cleaned reason."""
    errors: dict[str, str] = {}
    reason = clean_text(form.reason)
    if len(reason) > REASON_MAX:
        errors["reason"] = f"at most {REASON_MAX} characters (this has {len(reason)})"
    for key in ("first_day", "last_day"):
        if not _is_day(getattr(form, key)):
            errors[key] = f"enter the {key.replace('_', ' ')} off"
    if not errors.keys() & {"first_day", "last_day"}:
        if form.last_day < form.first_day:
            errors["last_day"] = "the last day can't be before the first day"
        elif (form.last_day - form.first_day).days >= MAX_TIME_OFF_DAYS:
            errors["last_day"] = "at most a year at a time"
    return errors, reason


def _check_time_off(session: Session, form: TimeOffForm, errors: dict[str, str], exclude: int | None) -> None:
    """Add to ``errors``: the member must be active, and the days must not overlap the member's
    other time off. The message names an overlap and counts the others; it sits at the first or
    last day when that day falls inside it (else at the first day, naming the earliest)."""
    _active_member(session, form.member_id, errors, "member_id", lock=True)
    if errors:
        return
    clashes = session.execute(
        select(TimeOff.first_day, TimeOff.last_day, TimeOff.reason)
        .where(TimeOff.member_id == form.member_id, TimeOff.first_day <= form.last_day,
               TimeOff.last_day >= form.first_day, *([] if exclude is None else [TimeOff.id != exclude]))
        .order_by(TimeOff.first_day, TimeOff.id).limit(MAX_CLASHES)).all()
    if not clashes:
        return
    key, (a, b, reason) = next(
        ((k, c) for k in ("first_day", "last_day") for c in clashes if c[0] <= getattr(form, k) <= c[1]),
        ("first_day", clashes[0]))
    what = f"{day_span(a, b)} ({one_line(reason, 40)})" if reason else day_span(a, b)
    more = f" and {len(clashes) - 1}{'+' if len(clashes) == MAX_CLASHES else ''} more" if len(clashes) > 1 else ""
    errors[key] = f"overlaps time off already booked: {what}{more}"


def add_time_off(db: Database, form: TimeOffForm) -> int:
    """See :func:`amtui.services.team.add_time_off`."""
    errors, reason = _time_off_errors(form)

    def work(session: Session) -> int:
        _check_time_off(session, form, errors, None)
        if errors:
            raise ValidationError(errors)
        row = TimeOff(member_id=form.member_id, first_day=form.first_day, last_day=form.last_day, reason=reason)
        session.add(row)
        session.flush()
        return row.id  # type: ignore[return-value]

    return _write(db, work, "time off")


def _time_off(session: Session, time_off_id: int, version: int) -> TimeOff:
    row = session.get(TimeOff, time_off_id)
    if row is None:
        raise NotFoundError("this time off no longer exists")
    if row.version != version:
        raise StaleEditError(STALE.format(what="time off"))
    return row


def update_time_off(db: Database, time_off_id: int, version: int, form: TimeOffForm) -> int:
    """See :func:`amtui.services.team.update_time_off`."""
    errors, reason = _time_off_errors(form)

    def work(session: Session) -> int:
        row = _time_off(session, time_off_id, version)
        _check_time_off(session, form, errors, row.id)
        if errors:
            raise ValidationError(errors)
        row.member_id, row.first_day, row.last_day, row.reason = form.member_id, form.first_day, form.last_day, reason
        session.flush()
        return row.version

    return _write(db, work, "time off")


def delete_time_off(db: Database, time_off_id: int, version: int) -> None:
    """See :func:`amtui.services.team.delete_time_off`."""

    def work(session: Session) -> None:
        session.delete(_time_off(session, time_off_id, version))
        session.flush()  # DELETE … WHERE version = ?: a change since the read raises StaleDataError

    _write(db, work, "time off")
