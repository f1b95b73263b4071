"""The Budgets overview's set-based path equals the rule applied to every stored row, on SQLite
and PostgreSQL.

``budget_overview`` reads grouped sums (per project, per retainer day, spend before a window)
and hands the rules a summary of each project's money. The reference here reads every change
order, confirmed booking and spend entry of each active project as stored, builds the rules'
inputs from them one by one, and assesses them. On a scaled-down benchmark workspace (projects
and retainers, spend ahead of today and long before it, change orders, linked and unlinked
confirmed bookings) both must give the same figures for every project, in the same order.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from amtui.db import Database
from amtui.demo import seed_demo
from amtui.demo.large import LargeSizes
from amtui.enums import BookingStatus, ChangeOrderStatus, ProjectKind, ProjectStatus
from amtui.models import Booking, ChangeOrder, Client, Project, Spend
from amtui.rules.budget import BudgetInputs, SpendLog, assess_budget, worst_first_key
from amtui.services.budgets import budget_overview

TZ = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 11, 24)


def _edge_cases(db: Database) -> None:
    """What the demo lacks: a carry-over retainer with spend and a change long before the spend
    window, a retainer past its end, spend dated ahead, a booking partly spent."""
    from datetime import UTC, datetime, timedelta

    from amtui.enums import VendorService
    from amtui.models import Vendor

    with db.write() as s:
        client, vendor = Client(name="Edge budgets"), Vendor(name="Edge vendor", service=VendorService.PRINT)
        s.add_all([client, vendor])
        s.flush()
        carry = Project(client_id=client.id, name="Carry retainer", kind=ProjectKind.RETAINER, budget=300_000,
                        start_on=date(2026, 3, 10), end_on=date(2027, 3, 9), carry_over=True)
        ended = Project(client_id=client.id, name="Ended retainer", kind=ProjectKind.RETAINER, budget=100_000,
                        start_on=date(2026, 1, 1), end_on=date(2026, 6, 30), carry_over=True)
        ahead = Project(client_id=client.id, name="Spend ahead", budget=900_000,
                        start_on=date(2026, 10, 1), end_on=date(2027, 1, 31))
        s.add_all([carry, ended, ahead])
        s.flush()
        for project, day, amount in ((carry, date(2026, 4, 2), 250_000), (carry, date(2026, 8, 30), 410_000),
                                     (carry, TODAY - timedelta(days=3), 90_000), (ended, date(2026, 2, 3), 50_000),
                                     (ended, date(2026, 6, 29), 120_000), (ahead, TODAY + timedelta(days=9), 70_000),
                                     (ahead, date(2026, 10, 2), 300_000)):
            s.add(Spend(project_id=project.id, spent_on=day, amount=amount))
        s.add_all([ChangeOrder(project_id=carry.id, amount=40_000, reason="earlier", status=ChangeOrderStatus.APPROVED,
                               decided_at=datetime(2026, 5, 1, 9, tzinfo=UTC)),
                   ChangeOrder(project_id=ahead.id, amount=-20_000, reason="descoped",
                               status=ChangeOrderStatus.APPROVED, decided_at=datetime(2026, 11, 2, 9, tzinfo=UTC))])
        booked = Booking(vendor_id=vendor.id, project_id=ahead.id, starts_at=datetime(2026, 12, 3, 8, tzinfo=UTC),
                         ends_at=datetime(2026, 12, 3, 17, tzinfo=UTC), cost=80_000, status=BookingStatus.CONFIRMED)
        s.add(booked)
        s.flush()
        s.add(Spend(project_id=ahead.id, spent_on=TODAY, amount=30_000, booking_id=booked.id))


def _one_by_one(db: Database, today: date) -> dict[int, tuple[str, BudgetInputs]]:
    """Every active project's inputs from its stored rows, one row at a time."""
    with db.read() as s:
        projects = s.execute(select(Project.id, Client.name, Project.kind, Project.budget, Project.start_on,
                                    Project.end_on, Project.carry_over).join(Client)
                             .where(Project.status == ProjectStatus.ACTIVE)).all()
        orders = s.execute(select(ChangeOrder.project_id, ChangeOrder.decided_at, ChangeOrder.amount)
                           .where(ChangeOrder.status == ChangeOrderStatus.APPROVED)).all()
        bookings = s.execute(select(Booking.project_id, Booking.starts_at, Booking.cost, Spend.amount)
                             .outerjoin(Spend, Spend.booking_id == Booking.id)
                             .where(Booking.status == BookingStatus.CONFIRMED)).all()
        spend = s.execute(select(Spend.project_id, Spend.spent_on, Spend.amount)).all()
    approved, committed = defaultdict(list), defaultdict(list)
    daily: dict[int, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for pid, decided, amount in orders:
        approved[pid].append((date.min if decided is None else decided.astimezone(TZ).date(), amount))
    for pid, starts, cost, linked in bookings:
        committed[pid].append((starts.astimezone(TZ).date(), max(cost - (linked or 0), 0)))
    for pid, day, amount in spend:
        daily[pid][day] += amount
    return {pid: (client, BudgetInputs(budget=budget, start_on=start, end_on=end, retainer=kind is ProjectKind.RETAINER,
                                       carry_over=carry, approved=approved[pid], commitments=committed[pid],
                                       spend=SpendLog(dict(daily[pid]))))
            for pid, client, kind, budget, start, end, carry in projects}


@pytest.mark.parametrize("today", [TODAY, date(2026, 12, 1), date(2027, 3, 31)])
def test_overview_equals_the_rules_on_every_stored_row(db: Database, today: date) -> None:
    seed_demo(db, size="large", today=TODAY, large_sizes=LargeSizes().scaled(0.02))
    _edge_cases(db)
    reference = _one_by_one(db, today)
    rows = budget_overview(db, today, TZ)
    kinds = {r.kind for r in rows}
    assert len(rows) == len(reference) > 20 and kinds == {ProjectKind.PROJECT, ProjectKind.RETAINER}
    assert any(r.status.carry_in for r in rows) and any(r.committed for r in rows)
    assert any(r.status.changes for r in rows)
    for r in rows:
        client, inputs = reference[r.project_id]
        want = assess_budget(inputs, today)
        assert (r.client, r.budget, r.spent, r.committed, r.remaining, r.forecast, r.run_out, r.flagged) == (
            client, want.budget, want.spent, want.committed, want.remaining, want.forecast, want.run_out, want.flagged)
        assert (r.status.period, r.status.burn, r.status.carry_in) == (want.period, want.burn, want.carry_in)
    keys = [(*worst_first_key(r.status), r.client.casefold(), r.project_id) for r in rows]
    assert keys == sorted(keys)
