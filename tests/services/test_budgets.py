"""Budget services on SQLite and PostgreSQL: the overview, one project, spend and change orders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from amtui.db import Database
from amtui.enums import BookingStatus, ChangeOrderStatus, ProjectKind, ProjectStatus, VendorService
from amtui.models import Booking, ChangeOrder, Client, Project, Spend, Vendor, Workspace
from amtui.services.budgets import (
    SpendForm,
    add_spend,
    budget_overview,
    client_budgets,
    decide_change_order,
    off_pace_projects,
    project_budget,
    propose_change_order,
)
from amtui.services.errors import NotFoundError, StaleEditError, ValidationError

TODAY = date(2026, 11, 15)


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@dataclass
class Ids:
    harbor: int = 0
    pack: int = 0
    retainer: int = 0
    old_retainer: int = 0
    done: int = 0
    cancelled: int = 0
    proposed: int = 0
    booking_other: int = 0
    booking_linked: int = 0


def seed(db: Database) -> Ids:
    ids = Ids()
    with db.write() as s:
        s.add(Workspace(variance_threshold_pct=5.0))
        harbor, cafe = Client(name="Harbor Foods"), Client(name="Café Øresund")
        vendor = Vendor(name="Ida Krogh", service=VendorService.PHOTOGRAPHY)
        s.add_all([harbor, cafe, vendor])
        s.flush()
        pack = Project(client_id=harbor.id, name="Pack refresh", budget=1_000_000,
                       start_on=date(2026, 11, 1), end_on=date(2026, 11, 30))
        ret = Project(client_id=cafe.id, name="Retainer", kind=ProjectKind.RETAINER, budget=500_000,
                      start_on=date(2026, 9, 1), end_on=date(2026, 12, 31), carry_over=True)
        old = Project(client_id=cafe.id, name="Old retainer", kind=ProjectKind.RETAINER, budget=200_000,
                      start_on=date(2026, 1, 1), end_on=date(2026, 8, 31))
        done = Project(client_id=harbor.id, name="Done", budget=100, status=ProjectStatus.COMPLETED,
                       start_on=date(2026, 1, 1), end_on=date(2026, 2, 1))
        cancelled = Project(client_id=harbor.id, name="Dropped", budget=100, status=ProjectStatus.CANCELLED,
                            start_on=date(2026, 1, 1), end_on=date(2026, 2, 1))
        s.add_all([pack, ret, old, done, cancelled])
        s.flush()
        for pid, day, amount in ((pack.id, date(2026, 11, 1), 300_000), (pack.id, date(2026, 11, 10), 150_000),
                                 (pack.id, date(2026, 11, 14), 150_000), (ret.id, date(2026, 9, 3), 400_000),
                                 (ret.id, date(2026, 10, 7), 550_000), (ret.id, date(2026, 11, 1), 200_000),
                                 (old.id, date(2026, 7, 30), 999_999), (old.id, date(2026, 8, 10), 100_000)):
            s.add(Spend(project_id=pid, spent_on=day, amount=amount))
        proposed = ChangeOrder(project_id=pack.id, amount=50_000, reason="Extra size")
        s.add_all([
            ChangeOrder(project_id=pack.id, amount=200_000, reason="Second market", status=ChangeOrderStatus.APPROVED,
                        decided_at=at(date(2026, 11, 5))),
            ChangeOrder(project_id=pack.id, amount=90_000, reason="No", status=ChangeOrderStatus.REJECTED,
                        decided_at=at(date(2026, 11, 6))),
            ChangeOrder(project_id=ret.id, amount=50_000, reason="Oct extra", status=ChangeOrderStatus.APPROVED,
                        decided_at=at(date(2026, 10, 15))),
            ChangeOrder(project_id=ret.id, amount=30_000, reason="Nov extra", status=ChangeOrderStatus.APPROVED,
                        decided_at=at(date(2026, 11, 5))),
            proposed,
        ])

        def booking(pid: int, day: date, cost: int, status: BookingStatus) -> Booking:
            b = Booking(vendor_id=vendor.id, project_id=pid, starts_at=at(day, 8), ends_at=at(day, 18), cost=cost,
                        status=status)
            s.add(b)
            return b

        booking(pack.id, date(2026, 11, 20), 100_000, BookingStatus.CONFIRMED)
        linked = booking(pack.id, date(2026, 11, 12), 50_000, BookingStatus.CONFIRMED)
        booking(pack.id, date(2026, 11, 21), 70_000, BookingStatus.HOLD_1)
        booking(ret.id, date(2026, 12, 3), 40_000, BookingStatus.CONFIRMED)  # next period: not committed now
        other = booking(ret.id, date(2026, 11, 20), 10_000, BookingStatus.CONFIRMED)
        s.flush()
        s.add(Spend(project_id=pack.id, spent_on=date(2026, 11, 12), amount=30_000, booking_id=linked.id))
        ids.__dict__.update(harbor=harbor.id, pack=pack.id, retainer=ret.id, old_retainer=old.id, done=done.id,
                            cancelled=cancelled.id, proposed=proposed.id, booking_other=other.id,
                            booking_linked=linked.id)
    return ids


def by_id(db: Database, today: date = TODAY) -> dict[int, object]:
    return {r.project_id: r for r in budget_overview(db, today, UTC)}


def test_overview_computes_every_column_worst_first(db: Database) -> None:
    ids = seed(db)
    rows = budget_overview(db, TODAY, UTC)
    assert rows[0].project_id == ids.pack
    assert {r.project_id for r in rows} == {ids.pack, ids.retainer, ids.old_retainer}
    pack, ret, old = (next(r for r in rows if r.project_id == i) for i in (ids.pack, ids.retainer, ids.old_retainer))
    assert (pack.client, pack.project, pack.kind) == ("Harbor Foods", "Pack refresh", ProjectKind.PROJECT)
    assert (pack.budget, pack.spent, pack.committed) == (1_200_000, 630_000, 100_000 + 20_000)
    assert pack.remaining == 1_200_000 - 630_000 - 120_000
    assert pack.forecast == 630_000 + 120_000 + 42_000 * 15 and pack.flagged
    assert pack.pct_elapsed == 50.0 and pack.reason.startswith("52% used at 50% of the time · forecast +15%")
    assert (ret.budget, ret.spent, ret.committed) == (630_000, 200_000, 10_000)
    assert ret.status.carry_in == 100_000 and not ret.flagged
    assert ret.reason.startswith("32% used at 50% of the month")
    assert (old.budget, old.spent) == (200_000, 100_000)  # past its end: its last period (August)
    assert [r.project_id for r in off_pace_projects(db, TODAY, UTC)] == [ids.pack]
    assert [r.project_id for r in client_budgets(db, ids.harbor, TODAY, UTC)] == [ids.pack]


def test_threshold_comes_from_the_workspace(db: Database) -> None:
    ids = seed(db)
    with db.write() as s:
        s.get(Workspace, 1).variance_threshold_pct = 20.0
    assert not by_id(db)[ids.pack].flagged
    assert project_budget(db, ids.pack, TODAY, UTC).threshold_pct == 20.0


def test_project_budget_has_the_chart_and_the_lists(db: Database) -> None:
    ids = seed(db)
    detail = project_budget(db, ids.pack, TODAY, UTC)
    assert detail.row.budget == 1_200_000 and detail.row.spent == 630_000
    assert [e.amount for e in detail.spend] == [150_000, 30_000, 150_000, 300_000]
    assert detail.change_orders[0].reason == "Extra size"
    assert {c.status for c in detail.change_orders} == set(ChangeOrderStatus)
    chart = detail.burndown
    assert len(chart.ideal) == 31 and chart.today_index == 15
    assert chart.actual[15] == 1_200_000 - 630_000 and chart.actual[16] is None
    assert chart.forecast[-1] == detail.row.budget - detail.row.forecast
    done = project_budget(db, ids.done, TODAY, UTC)
    assert done.row.budget == 100 and done.spend == []
    with pytest.raises(NotFoundError):
        project_budget(db, 99_999, TODAY, UTC)


def count(db: Database, model: type) -> int:
    with db.read() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def test_add_spend_moves_spent_and_validates_every_field(db: Database) -> None:
    ids = seed(db)
    new = add_spend(db, SpendForm(ids.pack, date(2026, 11, 15), 12_345, "media", "  Paid\x1b[31m social "),
                    today=TODAY)
    assert by_id(db)[ids.pack].spent == 630_000 + 12_345
    with db.read() as s:
        assert s.get(Spend, new).note == "Paid[31m social"
    before = count(db, Spend)
    with pytest.raises(ValidationError) as err:
        add_spend(db, SpendForm(99_999, date(2026, 11, 16), 0, "lunch", "x" * 501), today=TODAY)
    assert set(err.value.errors) == {"project_id", "spent_on", "amount", "category", "note"}
    with pytest.raises(ValidationError) as err:
        add_spend(db, SpendForm(ids.pack, TODAY, 100, booking_id=ids.booking_other))
    assert err.value.errors == {"booking_id": "that booking is not one of this project's"}
    with pytest.raises(ValidationError) as err:
        add_spend(db, SpendForm(ids.pack, TODAY, 100, booking_id=ids.booking_linked))
    assert "already recorded" in err.value.errors["booking_id"]
    assert count(db, Spend) == before


@pytest.mark.parametrize("amount", [1, 75_000, -150_000])
@pytest.mark.parametrize("which", ["pack", "retainer"])
def test_approving_moves_the_budget_by_exactly_the_amount(db: Database, amount: int, which: str) -> None:
    ids = seed(db)
    pid = getattr(ids, which)
    before = by_id(db)[pid].budget
    co = propose_change_order(db, pid, amount, "Scope change")
    assert by_id(db)[pid].budget == before
    decide_change_order(db, co, 1, True, now=at(TODAY, 10))
    assert by_id(db)[pid].budget == before + amount
    with db.read() as s:
        row = s.get(ChangeOrder, co)
        assert row.status is ChangeOrderStatus.APPROVED and row.decided_at == at(TODAY, 10)


def test_rejecting_stale_and_repeated_decisions(db: Database) -> None:
    ids = seed(db)
    before = by_id(db)[ids.pack].budget
    with pytest.raises(StaleEditError):
        decide_change_order(db, ids.proposed, 7, True)
    assert decide_change_order(db, ids.proposed, 1, False) == 2
    assert by_id(db)[ids.pack].budget == before
    with pytest.raises(ValidationError) as err:
        decide_change_order(db, ids.proposed, 2, True)
    assert err.value.errors == {"status": "this change order was already rejected"}
    with pytest.raises(NotFoundError):
        decide_change_order(db, 99_999, 1, True)


def test_propose_validates_and_writes_nothing_on_error(db: Database) -> None:
    ids = seed(db)
    before = count(db, ChangeOrder)
    with pytest.raises(ValidationError) as err:
        propose_change_order(db, ids.pack, 0, "  ")
    assert set(err.value.errors) == {"amount", "reason"}
    with pytest.raises(ValidationError) as err:
        propose_change_order(db, ids.cancelled, 100, "Kill fee")
    assert err.value.errors == {"project_id": "this project is cancelled"}
    with pytest.raises(ValidationError) as err:
        propose_change_order(db, ids.pack, -1_200_001, "Descope everything")
    assert "below zero" in err.value.errors["amount"]
    assert count(db, ChangeOrder) == before
