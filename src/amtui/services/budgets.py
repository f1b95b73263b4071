"""Budgets: every active project against its budget, one project in detail, spend and change orders.

Reads are a handful of set-based Core queries grouped by project (never one query per project):
spend is summed per project and day for the last 31 days and as one total before that, which is
all the rules need for the current period, the burn rates and the retainer carry-over. The
formulas live in :mod:`amtui.rules.budget`. Writes validate everything first and write nothing
on error (:class:`ValidationError` per field; a stale version raises :class:`StaleEditError`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from amtui.clock import local_tz
from amtui.db import Database
from amtui.enums import BookingStatus, ChangeOrderStatus, ProjectKind, ProjectStatus, SpendCategory
from amtui.models import Booking, ChangeOrder, Client, Project, Spend, Workspace
from amtui.rules.budget import (
    BURN_WINDOW_DAYS,
    DEFAULT_THRESHOLD_PCT,
    BudgetInputs,
    BudgetStatus,
    Burndown,
    SpendLog,
    assess_budget,
    burndown,
    current_period,
    describe_pace,
    worst_first_key,
)
from amtui.rules.relative import MAX_MONEY_CENTS, format_money
from amtui.rules.text import clean_text
from amtui.services.errors import NotFoundError, StaleEditError, ValidationError
from amtui.types import utc_now

T = TypeVar("T")
WINDOW_DAYS = 31  # spend by day this far back: covers a month-long period and the 30-day burn
TEXT_MAX = 500
LIST_MAX = 500
STALE = "someone else changed this change order after you opened it; reload and try again"


@dataclass(frozen=True)
class BudgetRow:
    """One project (a retainer: its current period) against its budget. Money in cents."""

    project_id: int
    client_id: int
    client: str
    project: str
    kind: ProjectKind
    budget: int  # original + approved change orders (+ carry-in for retainers)
    spent: int
    committed: int
    remaining: int
    forecast: int
    pct_used: float | None
    pct_elapsed: float
    variance_pct: float | None
    run_out: date | None
    flagged: bool
    reason: str  # e.g. "71% used at 48% of the month · forecast +12%"
    status: BudgetStatus  # everything else: period, burn rates, carry-in …


@dataclass(frozen=True)
class SpendEntry:
    id: int
    version: int
    spent_on: date
    amount: int
    category: SpendCategory
    note: str
    booking_id: int | None


@dataclass(frozen=True)
class ChangeOrderRow:
    id: int
    version: int
    amount: int
    reason: str
    status: ChangeOrderStatus
    created_at: datetime
    decided_at: datetime | None


@dataclass(frozen=True)
class ProjectBudget:
    """One project's budget, its burndown chart, spend entries (newest first) and change orders
    (proposed ones first, then newest first)."""

    row: BudgetRow
    burndown: Burndown
    spend: list[SpendEntry]
    change_orders: list[ChangeOrderRow]
    threshold_pct: float


@dataclass(frozen=True)
class SpendForm:
    project_id: int
    spent_on: date
    amount: int
    category: SpendCategory | str = SpendCategory.OTHER
    note: str = ""
    booking_id: int | None = None


# ------------------------------------------------------------------------------------ reads

def _threshold(conn: Connection) -> float:
    value = conn.execute(select(Workspace.variance_threshold_pct)).scalar()
    return DEFAULT_THRESHOLD_PCT if value is None else float(value)


def _dated(conn: Connection, model: Any, at: Any, amount: Any, where: list[Any], tz: tzinfo,
           outer: tuple[Any, Any] | None = None) -> dict[int, list[tuple[date, int]]]:
    """(local day, amount) per project of ``model`` rows: one summed pair for projects, one per row
    for retainers (whose periods need the day). Projects' pairs carry ``date.min`` (day unused)."""

    def query(*columns: Any) -> Any:
        q = select(*columns).select_from(model).join(Project, Project.id == model.project_id)
        return q.outerjoin(*outer) if outer is not None else q

    out: dict[int, list[tuple[date, int]]] = defaultdict(list)
    pid = model.project_id
    summed = query(pid, func.sum(amount)).where(*where, Project.kind != ProjectKind.RETAINER)
    for project_id, total in conn.execute(summed.group_by(pid)):
        out[project_id].append((date.min, int(total)))
    rows = query(pid, at, amount).where(*where, Project.kind == ProjectKind.RETAINER)
    for project_id, when, value in conn.execute(rows):
        out[project_id].append((date.min if when is None else when.astimezone(tz).date(), int(value)))
    return out


def _inputs(conn: Connection, where: list[ColumnElement[bool]], today: date, tz: tzinfo,
            window: date | None) -> list[tuple[tuple[Any, ...], BudgetInputs]]:
    """Projects matching ``where`` with what the rules need; spend by day from ``window`` on."""
    projects = conn.execute(
        select(Project.id, Project.client_id, Client.name, Project.name, Project.kind, Project.budget,
               Project.start_on, Project.end_on, Project.carry_over)
        .join(Client, Client.id == Project.client_id).where(*where)
    ).all()
    approved = _dated(conn, ChangeOrder, ChangeOrder.decided_at, ChangeOrder.amount,
                      [ChangeOrder.status == ChangeOrderStatus.APPROVED, *where], tz)
    linked = func.coalesce(Spend.amount, 0)
    open_cost = case((Booking.cost > linked, Booking.cost - linked), else_=0)
    commitments = _dated(conn, Booking, Booking.starts_at, open_cost, [Booking.status == BookingStatus.CONFIRMED,
                         *where], tz, outer=(Spend, Spend.booking_id == Booking.id))
    spend = _spend(conn, where, today, window)
    stale = [p[0] for p in projects if window is not None and p[4] is ProjectKind.RETAINER
             and current_period(p[6], p[7], today, retainer=True).start < window]
    if stale:  # retainers past their end: their last period started before the window
        spend.update(_spend(conn, [Project.id.in_(stale)], today, None))
    return [(p, BudgetInputs(budget=int(p[5]), start_on=p[6], end_on=p[7], retainer=p[4] is ProjectKind.RETAINER,
                             carry_over=bool(p[8]), approved=approved.get(p[0], ()),
                             commitments=commitments.get(p[0], ()), spend=spend.get(p[0], SpendLog({}))))
            for p in projects]


def _spend(conn: Connection, where: list[Any], today: date, window: date | None) -> dict[int, SpendLog]:
    """Spend per project. ``window`` None: every day. Otherwise projects get three sums (all,
    last 30 days, ahead of today) and retainers their days from ``window`` on plus one total."""
    def query(*columns: Any) -> Any:
        return select(*columns).select_from(Project).join(Spend, Spend.project_id == Project.id)

    by_day = query(Project.id, Spend.spent_on, func.sum(Spend.amount)).where(*where)
    daily: dict[int, dict[date, int]] = defaultdict(dict)
    if window is None:
        for pid, day, total in conn.execute(by_day.group_by(Project.id, Spend.spent_on)):
            daily[pid][day] = int(total)
        return {pid: SpendLog(days) for pid, days in daily.items()}

    def summed(condition: Any) -> Any:
        return func.sum(case((condition, Spend.amount), else_=0))

    recent = today - timedelta(days=BURN_WINDOW_DAYS - 1)
    retainer = Project.kind == ProjectKind.RETAINER
    logs: dict[int, SpendLog] = {}
    q = query(Project.id, func.sum(Spend.amount), summed(and_(Spend.spent_on >= recent, Spend.spent_on <= today)),
              summed(Spend.spent_on > today)).where(*where, ~retainer).group_by(Project.id)
    for pid, total, last_30, ahead in conn.execute(q):
        logs[pid] = SpendLog.summary(int(total), int(last_30), int(ahead), today)
    q = query(Project.id, func.sum(Spend.amount)).where(*where, retainer).group_by(Project.id)
    totals = {pid: int(total) for pid, total in conn.execute(q)}
    for pid, day, total in conn.execute(by_day.where(retainer, Spend.spent_on >= window)
                                        .group_by(Project.id, Spend.spent_on)):
        daily[pid][day] = int(total)
    for pid, total in totals.items():
        days = daily.get(pid, {})
        logs[pid] = SpendLog(days, total - sum(days.values()), window)
    return logs


def _row(p: tuple[Any, ...], status: BudgetStatus) -> BudgetRow:
    pid, client_id, client, name, kind = p[:5]
    s = status
    return BudgetRow(pid, client_id, client, name, kind, s.budget, s.spent, s.committed, s.remaining, s.forecast,
                     s.pct_used, s.pct_elapsed, s.variance_pct, s.run_out, s.flagged,
                     describe_pace(s, retainer=kind is ProjectKind.RETAINER), s)


def _overview(db: Database, today: date, tz: tzinfo | None, where: list[ColumnElement[bool]]) -> list[BudgetRow]:
    with db.read() as session:
        conn = session.connection()
        threshold = _threshold(conn)
        found = _inputs(conn, [Project.status == ProjectStatus.ACTIVE, *where], today, tz or local_tz(),
                        today - timedelta(days=WINDOW_DAYS))
    rows = [_row(p, assess_budget(inp, today, threshold)) for p, inp in found]
    rows.sort(key=lambda r: (*worst_first_key(r.status), r.client.casefold(), r.project_id))
    return rows


def budget_overview(db: Database, today: date, tz: tzinfo | None = None) -> list[BudgetRow]:
    """Every active project (retainers: the current period), worst first."""
    return _overview(db, today, tz, [])


def client_budgets(db: Database, client_id: int, today: date, tz: tzinfo | None = None) -> list[BudgetRow]:
    """The pace of one client's active projects (for the client detail), worst first."""
    return _overview(db, today, tz, [Project.client_id == client_id])


def off_pace_projects(db: Database, today: date, tz: tzinfo | None = None) -> list[BudgetRow]:
    """Active projects whose forecast exceeds the budget beyond the threshold (for Today), worst first."""
    return [r for r in budget_overview(db, today, tz) if r.flagged]


def project_budget(db: Database, project_id: int, today: date, tz: tzinfo | None = None) -> ProjectBudget:
    """One project (any status) with its chart series, spend entries and change orders."""
    with db.read() as session:
        conn = session.connection()
        threshold = _threshold(conn)
        found = _inputs(conn, [Project.id == project_id], today, tz or local_tz(), None)
        if not found:
            raise NotFoundError("this project no longer exists")
        spend = [SpendEntry(*r) for r in conn.execute(
            select(Spend.id, Spend.version, Spend.spent_on, Spend.amount, Spend.category, Spend.note, Spend.booking_id)
            .where(Spend.project_id == project_id).order_by(Spend.spent_on.desc(), Spend.id.desc()).limit(LIST_MAX))]
        orders = [ChangeOrderRow(*r) for r in conn.execute(
            select(ChangeOrder.id, ChangeOrder.version, ChangeOrder.amount, ChangeOrder.reason, ChangeOrder.status,
                   ChangeOrder.created_at, ChangeOrder.decided_at)
            .where(ChangeOrder.project_id == project_id)
            .order_by(case((ChangeOrder.status == ChangeOrderStatus.PROPOSED, 0), else_=1),
                      ChangeOrder.created_at.desc(), ChangeOrder.id.desc()))]
    p, inp = found[0]
    status = assess_budget(inp, today, threshold)
    return ProjectBudget(_row(p, status), burndown(inp, status, today), spend, orders, threshold)


# ----------------------------------------------------------------------------------- writes

def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(errors: dict[str, str], key: str, value: str, *, required: bool = False) -> str:
    cleaned = clean_text(value)
    if required and not cleaned:
        errors[key] = f"enter a {key}"
    elif len(cleaned) > TEXT_MAX:
        errors[key] = f"at most {TEXT_MAX} characters (this has {len(cleaned)})"
    return cleaned


def _write(db: Database, work: Callable[[Session], T]) -> T:
    try:
        with db.write() as session:
            return work(session)
    except StaleDataError:
        raise StaleEditError(STALE) from None
    except IntegrityError:
        raise ValidationError({"form": "the database refused this change; reload and try again"}) from None


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
    note = _text(errors, "note", form.note)

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
        row = Spend(project_id=form.project_id, spent_on=form.spent_on, amount=form.amount, category=category,
                    note=note, booking_id=form.booking_id)
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id

    return _write(db, work)


def _approved_total(session: Session, project_id: int) -> int:
    q = select(func.coalesce(func.sum(ChangeOrder.amount), 0)).where(
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
    text = _text(errors, "reason", reason, required=True)

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
        row = ChangeOrder(project_id=project_id, amount=amount, reason=text)
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id

    return _write(db, work)


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

    return _write(db, work)
