"""The set-based Core queries behind :mod:`amtui.services.budgets`: what the budget rules need.

Grouped by project, never one query per project: approved change orders and open commitments
(summed for projects, dated for retainers), and spend summed per project and day for the last
:data:`WINDOW_DAYS` days plus one total before that, which is all the rules need for the current
period, the burn rates and the retainer carry-over.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta, tzinfo
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.engine import Connection

from amtui.enums import BookingStatus, ChangeOrderStatus, ProjectKind
from amtui.models import Booking, ChangeOrder, Client, Project, Spend, Workspace
from amtui.rules.budget import BURN_WINDOW_DAYS, DEFAULT_THRESHOLD_PCT, BudgetInputs, SpendLog, current_period
from amtui.types import money_sum

WINDOW_DAYS = 31  # spend by day this far back: covers a month-long period and the 30-day burn


def variance_threshold(conn: Connection) -> float:
    """The workspace's variance threshold in percent (the default when unset)."""
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
    when = case((Project.kind == ProjectKind.RETAINER, at), else_=None)  # one pass: summed per instant
    for project_id, moment, total in conn.execute(query(pid, when, money_sum(amount)).where(*where)
                                                  .group_by(pid, when)):
        out[project_id].append((date.min if moment is None else moment.astimezone(tz).date(), int(total)))
    return out


def budget_inputs(conn: Connection, where: list[ColumnElement[bool]], today: date, tz: tzinfo,
                  window: date | None) -> list[tuple[tuple[Any, ...], BudgetInputs]]:
    """Projects matching ``where`` with what the rules need; spend by day from ``window`` on.

    Each project comes as (id, client id, client name, name, kind, budget, start, end, carry-over).
    """
    projects = conn.execute(
        select(Project.id, Project.client_id, Client.name, Project.name, Project.kind, Project.budget,
               Project.start_on, Project.end_on, Project.carry_over)
        .join(Client, Client.id == Project.client_id).where(*where)
    ).all()
    projects = [p for p in projects if p[6] is not None and p[7] is not None]  # not a stored text that is no day
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

    by_day = query(Project.id, Spend.spent_on, money_sum(Spend.amount)).where(*where)
    daily: dict[int, dict[date, int]] = defaultdict(dict)
    if window is None:
        for pid, day, total in conn.execute(by_day.group_by(Project.id, Spend.spent_on)):
            daily[pid][day or date.min] = daily[pid].get(day or date.min, 0) + int(total)  # no day: long ago
        return {pid: SpendLog(days) for pid, days in daily.items()}

    def summed(condition: Any) -> Any:
        return money_sum(case((condition, Spend.amount), else_=0))

    recent = today - timedelta(days=BURN_WINDOW_DAYS - 1)
    retainer = Project.kind == ProjectKind.RETAINER
    logs: dict[int, SpendLog] = {}
    q = query(Project.id, money_sum(Spend.amount), summed(and_(Spend.spent_on >= recent, Spend.spent_on <= today)),
              summed(Spend.spent_on > today)).where(*where, ~retainer).group_by(Project.id)
    for pid, total, last_30, ahead in conn.execute(q):
        logs[pid] = SpendLog.summary(int(total), int(last_30), int(ahead), today)
    day = case((Spend.spent_on >= window, Spend.spent_on), else_=None)  # None: before the window
    before: dict[int, int] = {}
    for pid, on, total in conn.execute(query(Project.id, day, money_sum(Spend.amount)).where(*where, retainer)
                                       .group_by(Project.id, day)):
        if on is None:
            before[pid] = int(total)
        else:
            daily[pid][on] = int(total)
    for pid in before.keys() | daily.keys():
        logs[pid] = SpendLog(daily.get(pid, {}), before.get(pid, 0), window)
    return logs
