"""Budget writes: spend entries and change orders, validated first, all or nothing.

Implementation behind the functions of :mod:`amtui.services.budgets` (import them from there).
Every problem is reported per field (:class:`ValidationError`) before anything is written; a
stale version raises :class:`StaleEditError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from amtui.db import Database
from amtui.enums import ChangeOrderStatus, ProjectStatus, SpendCategory
from amtui.models import Booking, ChangeOrder, Project, Spend
from amtui.rules.relative import MAX_MONEY_CENTS, format_money
from amtui.services.client_edits import text_field
from amtui.services.errors import NotFoundError, StaleEditError, ValidationError
from amtui.services.guarded_write import guarded_write, insert
from amtui.types import money_sum, utc_now

TEXT_MAX = 500
STALE = "someone else changed this change order after you opened it; reload and try again"


@dataclass(frozen=True)
class SpendForm:
    project_id: int
    spent_on: date
    amount: int
    category: SpendCategory | str = SpendCategory.OTHER
    note: str = ""
    booking_id: int | None = None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def add_spend(db: Database, form: SpendForm, *, today: date | None = None) -> int:
    """Record a spend entry; returns its id. ``today`` refuses entries dated after it."""
    errors: dict[str, str] = {}
    if not _is_int(form.amount) or not 0 < form.amount <= MAX_MONEY_CENTS:
        errors["amount"] = "enter an amount above 0"
    if not isinstance(form.spent_on, date) or isinstance(form.spent_on, datetime):
        errors["spent_on"] = "enter the day the money was spent"
    elif today is not None and form.spent_on > today:
        errors["spent_on"] = "spend can't be in the future: book a future cost as a booking"
    try:
        category = SpendCategory(form.category)
    except ValueError:
        errors["category"] = f"choose one of: {', '.join(c.value for c in SpendCategory)}"
    note = text_field(errors, "note", form.note, TEXT_MAX)

    def work(session: Session) -> int:
        if session.get(Project, form.project_id) is None:
            errors["project_id"] = "this project no longer exists"
        if form.booking_id is not None:
            booking = session.get(Booking, form.booking_id)
            taken = session.execute(select(Spend.id).where(Spend.booking_id == form.booking_id)).first()
            if booking is None or booking.project_id != form.project_id:
                errors["booking_id"] = "that booking is not one of this project's"
            elif taken is not None:
                errors["booking_id"] = "that booking's spend is already recorded"
        if errors:
            raise ValidationError(errors)
        return insert(session, Spend(project_id=form.project_id, spent_on=form.spent_on, amount=form.amount,
                                     category=category, note=note, booking_id=form.booking_id))

    return guarded_write(db, work, STALE)


def _approved_total(session: Session, project_id: int) -> int:
    q = select(func.coalesce(money_sum(ChangeOrder.amount), 0)).where(
        ChangeOrder.project_id == project_id, ChangeOrder.status == ChangeOrderStatus.APPROVED)
    return int(session.execute(q).scalar_one())


def _below_zero(session: Session, project: Project, amount: int) -> str | None:
    total = project.budget + _approved_total(session, project.id or 0)
    if total + amount < 0:
        return f"this would take the budget below zero (it is {format_money(total)})"
    return None


def propose_change_order(db: Database, project_id: int, amount: int, reason: str) -> int:
    """Propose a change order of ``amount`` cents (negative: a reduction); returns its id."""
    errors: dict[str, str] = {}
    if not _is_int(amount) or amount == 0 or abs(amount) > MAX_MONEY_CENTS:
        errors["amount"] = "enter an amount other than 0 (negative for a reduction)"
    text = text_field(errors, "reason", reason, TEXT_MAX, required=True)

    def work(session: Session) -> int:
        project = session.get(Project, project_id)
        if project is None:
            errors["project_id"] = "this project no longer exists"
        elif project.status in (ProjectStatus.COMPLETED, ProjectStatus.CANCELLED):
            errors["project_id"] = f"this project is {project.status.value}"
        elif "amount" not in errors and (message := _below_zero(session, project, amount)):
            errors["amount"] = message
        if errors:
            raise ValidationError(errors)
        return insert(session, ChangeOrder(project_id=project_id, amount=amount, reason=text))

    return guarded_write(db, work, STALE)


def decide_change_order(db: Database, change_order_id: int, version: int, approve: bool, *,
                        now: datetime | None = None) -> int:
    """Approve or reject a proposed change order, decided at ``now``; returns its new version."""

    def work(session: Session) -> int:
        row = session.get(ChangeOrder, change_order_id)
        if row is None:
            raise NotFoundError("this change order no longer exists")
        if row.version != version:
            raise StaleEditError(STALE)
        if row.status is not ChangeOrderStatus.PROPOSED:
            raise ValidationError({"status": f"this change order was already {row.status.value}"})
        project = session.get(Project, row.project_id)
        if approve and project is not None and (message := _below_zero(session, project, row.amount)):
            raise ValidationError({"amount": message})
        row.status = ChangeOrderStatus.APPROVED if approve else ChangeOrderStatus.REJECTED
        row.decided_at = now or utc_now()
        session.flush()
        return row.version

    return guarded_write(db, work, STALE)
