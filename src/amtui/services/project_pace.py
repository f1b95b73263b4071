"""Budget pace of many projects at once (% of budget used against % of time elapsed).

The definitions are :mod:`amtui.rules.budget`'s, so the Clients roster, the client detail and
the Budgets screen agree: a project is one period (budget + every approved change order against
all its spend); a retainer is its current monthly period (see ``assess_budget``). Four
set-based queries, whatever the number of projects.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, tzinfo

from sqlalchemy import ColumnElement, case, select
from sqlalchemy.engine import Connection

from amtui.enums import ChangeOrderStatus, ProjectKind, ProjectStatus
from amtui.models import ChangeOrder, Project, Spend
from amtui.rules.budget import BudgetInputs, Period, SpendLog, assess_budget, pct_elapsed
from amtui.types import money_sum


@dataclass(frozen=True)
class ProjectPace:
    """One project's money and pace on a day (a retainer: its current period)."""

    id: int
    client_id: int
    name: str
    kind: ProjectKind
    status: ProjectStatus
    start_on: date
    end_on: date
    budget: int  # cents: original + approved change orders (+ carry-in for retainers)
    spent: int  # cents, in the period
    pct_used: float | None  # None when the budget is 0 or less
    pct_elapsed: float


def project_paces(conn: Connection, where: list[ColumnElement[bool]], today: date, tz: tzinfo) -> list[ProjectPace]:
    """Pace of every project matching ``where`` (conditions on :class:`Project`)."""
    projects = conn.execute(
        select(Project.id, Project.client_id, Project.name, Project.kind, Project.status, Project.start_on,
               Project.end_on, Project.budget, Project.carry_over).where(*where)
    ).all()
    projects = [p for p in projects if p[5] is not None and p[6] is not None]  # not a stored text that is no day
    if not projects:
        return []
    retainer = Project.kind == ProjectKind.RETAINER
    # Approved change orders: a total for projects, by decision day for retainers.
    approved: dict[int, list[tuple[date, int]]] = defaultdict(list)
    q = (
        select(ChangeOrder.project_id, case((retainer, ChangeOrder.decided_at)), ChangeOrder.amount)
        .join(Project, Project.id == ChangeOrder.project_id)
        .where(ChangeOrder.status == ChangeOrderStatus.APPROVED, *where)
    )
    for pid, decided_at, amount in conn.execute(q):
        approved[pid].append((date.min if decided_at is None else decided_at.astimezone(tz).date(), int(amount)))
    # Spend: one total per project, per day for retainers (their period is a month). "IN
    # (projects)" walks the spend index of the matching projects only.
    total: dict[int, int] = dict(conn.execute(
        select(Spend.project_id, money_sum(Spend.amount))
        .where(Spend.project_id.in_(select(Project.id).where(~retainer, *where)))
        .group_by(Spend.project_id)
    ).all())
    daily: dict[int, dict[date, int]] = defaultdict(dict)
    q = (
        select(Spend.project_id, Spend.spent_on, money_sum(Spend.amount))
        .where(Spend.project_id.in_(select(Project.id).where(retainer, *where)))
        .group_by(Spend.project_id, Spend.spent_on)
    )
    for pid, spent_on, amount in conn.execute(q):  # a stored text that is no day: spent long ago
        daily[pid][spent_on or date.min] = daily[pid].get(spent_on or date.min, 0) + int(amount)
    out = []
    for pid, client_id, name, kind, status, start_on, end_on, budget, carry_over in projects:
        if kind is ProjectKind.RETAINER:
            inputs = BudgetInputs(budget=int(budget), start_on=start_on, end_on=end_on, retainer=True,
                                  carry_over=bool(carry_over), approved=approved.get(pid, ()),
                                  spend=SpendLog(daily.get(pid, {})))
            s = assess_budget(inputs, today)
            out.append(ProjectPace(pid, client_id, name, kind, status, start_on, end_on, s.budget, s.spent,
                                   s.pct_used, s.pct_elapsed))
            continue
        full = int(budget) + sum(a for _, a in approved.get(pid, ()))
        spent = int(total.get(pid) or 0)
        out.append(ProjectPace(
            pid, client_id, name, kind, status, start_on, end_on, full, spent,
            spent / full * 100.0 if full > 0 else None, pct_elapsed(Period(start_on, max(end_on, start_on)), today),
        ))
    return out


def active_paces(conn: Connection, today: date, tz: tzinfo, client_id: int | None = None) -> list[ProjectPace]:
    """Pace of the active projects (of one client when ``client_id`` is given)."""
    where: list[ColumnElement[bool]] = [Project.status == ProjectStatus.ACTIVE]
    if client_id is not None:
        where.append(Project.client_id == client_id)
    return project_paces(conn, where, today, tz)


def health_pace(p: ProjectPace) -> tuple[float, float]:
    """(pct_used, pct_elapsed) for the health score; an unknown pace (no budget) is NaN,
    which the health rule treats as neutral."""
    return (math.nan if p.pct_used is None else p.pct_used), p.pct_elapsed
