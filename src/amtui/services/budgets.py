"""Budgets: every active project against its budget, one project in detail, spend and change orders.

Reads are a handful of set-based Core queries grouped by project (never one query per project;
see :mod:`amtui.services.budget_queries`). The formulas live in :mod:`amtui.rules.budget`.
Writes (:mod:`amtui.services.budget_writes`, re-exported here) validate everything first and
write nothing on error (:class:`ValidationError` per field; a stale version raises
:class:`StaleEditError`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import ColumnElement, case, select

from amtui.clock import local_tz
from amtui.db import Database
from amtui.enums import ChangeOrderStatus, ProjectKind, ProjectStatus, SpendCategory
from amtui.models import ChangeOrder, Project, Spend
from amtui.rules.budget import BudgetStatus, Burndown, assess_budget, burndown, describe_pace, worst_first_key
from amtui.services.budget_queries import WINDOW_DAYS, budget_inputs, variance_threshold
from amtui.services.budget_writes import SpendForm, add_spend, decide_change_order, propose_change_order
from amtui.services.errors import NotFoundError

__all__ = [
    "BudgetRow", "ChangeOrderRow", "ProjectBudget", "SpendEntry", "SpendForm", "add_spend", "budget_overview",
    "client_budgets", "decide_change_order", "off_pace_projects", "project_budget", "propose_change_order",
]

LIST_MAX = 500


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


def _row(p: tuple[Any, ...], status: BudgetStatus) -> BudgetRow:
    pid, client_id, client, name, kind = p[:5]
    s = status
    return BudgetRow(pid, client_id, client, name, kind, s.budget, s.spent, s.committed, s.remaining, s.forecast,
                     s.pct_used, s.pct_elapsed, s.variance_pct, s.run_out, s.flagged,
                     describe_pace(s, retainer=kind is ProjectKind.RETAINER), s)


def _overview(db: Database, today: date, tz: tzinfo | None, where: list[ColumnElement[bool]]) -> list[BudgetRow]:
    with db.read() as session:
        conn = session.connection()
        threshold = variance_threshold(conn)
        found = budget_inputs(conn, [Project.status == ProjectStatus.ACTIVE, *where], today, tz or local_tz(),
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
        threshold = variance_threshold(conn)
        found = budget_inputs(conn, [Project.id == project_id], today, tz or local_tz(), None)
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
