"""The demo workspace: deterministic, complete, idempotent, refuses real data, and tells the story.

The story facts below are what screens may rely on (see ``amtui.demo``): they are checked
against the stored rows, relative to a fixed ``TODAY``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlmodel import Session

from amtui.cli import cli
from amtui.clock import local_tz
from amtui.config import resolve_target
from amtui.db import Database, open_database
from amtui.demo import DemoError, seed_demo
from amtui.demo.large import LargeSizes
from amtui.enums import (
    BookingStatus,
    ChangeOrderStatus,
    ClientStatus,
    Direction,
    InteractionKind,
    ProjectStatus,
    SpendCategory,
    TaskStatus,
)
from amtui.models import (
    ALL_TABLES,
    Booking,
    ChangeOrder,
    Client,
    ClientContact,
    Interaction,
    Project,
    Snooze,
    Spend,
    Task,
    TeamMember,
    TimeOff,
    Vendor,
    Workspace,
)
from amtui.rules.health import BudgetPace, HealthBand, HealthInputs, client_health
from amtui.schema import integrity_report

TODAY = date(2026, 3, 18)  # a Wednesday
NEXT_MONDAY = TODAY + timedelta(days=7 - TODAY.weekday())
TINY = LargeSizes().scaled(0.001)


def snapshot(db: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in primary-key order."""
    out = {}
    with db.engine.connect() as conn:
        for model in ALL_TABLES:
            table = model.__table__  # type: ignore[attr-defined]
            rows = conn.execute(select(table).order_by(*table.primary_key.columns)).all()
            out[table.name] = [tuple(r) for r in rows]
    return out


def counts(db: Database) -> dict[str, int]:
    with db.read() as s:
        return {m.__tablename__: s.scalar(select(func.count()).select_from(m))  # type: ignore[misc]
                for m in ALL_TABLES}


def local_day(instant: datetime) -> date:
    return instant.astimezone(local_tz()).date()


@pytest.fixture
def demo(db: Database) -> Database:
    """The small demo seeded for TODAY (SQLite and PostgreSQL)."""
    assert seed_demo(db, today=TODAY) is True
    return db


def client_by_name(s: Session, name: str) -> Client:
    return s.exec(select(Client).where(Client.name == name)).scalars().one()  # type: ignore[call-overload]


def spent(s: Session, project_id: int) -> int:
    return int(s.scalar(select(func.coalesce(func.sum(Spend.amount), 0)).where(Spend.project_id == project_id)))


def total_budget(s: Session, p: Project) -> int:
    extra = s.scalar(select(func.coalesce(func.sum(ChangeOrder.amount), 0)).where(
        ChangeOrder.project_id == p.id, ChangeOrder.status == ChangeOrderStatus.APPROVED))
    return p.budget + int(extra)


def elapsed(p: Project) -> float:
    return (TODAY - p.start_on).days / (p.end_on - p.start_on).days


# --- determinism, coverage, idempotence, refusal ---------------------------------------------

def test_same_today_gives_identical_rows(demo: Database, tmp_path: Path) -> None:
    other = open_database(resolve_target(str(tmp_path / "other.db")))
    try:
        assert seed_demo(other, today=TODAY)
        assert snapshot(demo) == snapshot(other)
    finally:
        other.dispose()


def test_every_table_and_status_is_present(demo: Database) -> None:
    assert all(n > 0 for t, n in counts(demo).items() if t != Snooze.__tablename__)
    with demo.read() as s:
        def values(col: object) -> set[object]:
            return set(s.scalars(select(col).distinct()))
        assert values(Client.status) == set(ClientStatus)
        assert values(Booking.status) == set(BookingStatus)
        assert values(Interaction.kind) == set(InteractionKind)
        assert values(Interaction.direction) == set(Direction)
        assert values(ChangeOrder.status) == set(ChangeOrderStatus)
        assert values(Task.status) == set(TaskStatus)
        assert values(Project.status) == set(ProjectStatus)
        assert values(Spend.category) == set(SpendCategory)
        ws = s.get(Workspace, 1)
        assert ws is not None and ws.is_demo and ws.currency == "EUR" and "(demo)" in ws.agency_name
        assert 8 <= s.scalar(select(func.count()).select_from(TeamMember)) <= 10
        assert {c.name for c in s.scalars(select(Client))} >= {"Café Øresund", "Harbor Foods", "Nordlicht Energie"}
        names = [*s.scalars(select(Client.name)), *s.scalars(select(Vendor.name)),
                 *s.scalars(select(ClientContact.name)), *s.scalars(select(TeamMember.name))]
        assert not [n for n in names if any(ch in n for ch in "[]\x1b")]
        for client in s.scalars(select(Client)):
            contacts = list(s.scalars(select(ClientContact).where(ClientContact.client_id == client.id)))
            assert 2 <= len(contacts) <= 4 and sum(c.is_primary for c in contacts) == 1, client.name
        oldest = s.scalar(select(func.min(Interaction.occurred_at)))
        assert 85 <= (TODAY - local_day(oldest)).days <= 91


def test_second_seed_reopens_and_changes_nothing(demo: Database) -> None:
    before = snapshot(demo)
    assert seed_demo(demo, today=TODAY + timedelta(days=3)) is False
    assert seed_demo(demo, size="large", large_sizes=TINY) is False
    assert snapshot(demo) == before


def test_real_data_is_refused_and_nothing_written(db: Database) -> None:
    with db.write() as s:
        s.add(Client(name="Acme"))
    before = snapshot(db)
    for size in ("small", "large"):
        with pytest.raises(DemoError, match="not a demo; use --db"):
            seed_demo(db, size=size, today=TODAY, large_sizes=TINY)
    assert snapshot(db) == before


def test_a_workspace_row_that_is_not_a_demo_is_refused(sqlite_db: Database) -> None:
    with sqlite_db.write() as s:
        s.add(Workspace(agency_name="Real agency"))
    with pytest.raises(DemoError):
        seed_demo(sqlite_db, today=TODAY)
    assert counts(sqlite_db)["team_member"] == 0


def test_new_rows_can_be_added_after_seeding(demo: Database) -> None:
    """Explicit ids are followed by working id sequences (PostgreSQL)."""
    with demo.write() as s:
        client = Client(name="Brand new client")
        s.add(client)
        s.flush()
        assert client.id is not None and client.id > 15


def test_progress_is_reported_up_to_one(sqlite_db: Database) -> None:
    seen: list[float] = []
    seed_demo(sqlite_db, today=TODAY, progress=seen.append)
    assert len(seen) >= 3 and seen == sorted(seen) and seen[-1] == 1.0


def test_cli_demo_seeds_then_reopens(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    first = CliRunner().invoke(cli, ["demo", "--db", str(path), "--no-open"])
    assert first.exit_code == 0, first.output
    assert "Created the demo workspace" in first.output
    second = CliRunner().invoke(cli, ["demo", "--db", str(path), "--no-open"])
    assert second.exit_code == 0 and "Opened the demo workspace" in second.output


# --- the story of "A morning with amtui" -----------------------------------------------------

def test_nordlicht_cmo_follow_up_is_two_days_overdue(demo: Database) -> None:
    with demo.read() as s:
        nordlicht = client_by_name(s, "Nordlicht Energie")
        rows = s.execute(
            select(Interaction, ClientContact).join(ClientContact, Interaction.contact_id == ClientContact.id)
            .where(Interaction.client_id == nordlicht.id, Interaction.follow_up_on < TODAY,
                   Interaction.follow_up_done.is_(False))
        ).all()
    assert len(rows) == 1
    interaction, contact = rows[0]
    assert (TODAY - interaction.follow_up_on).days == 2
    assert contact.role == "CMO" and contact.name == "Katrin Vogel"
    assert "revised media figures" in interaction.summary


def test_harbor_foods_is_quiet_with_a_renewal_coming(demo: Database) -> None:
    with demo.read() as s:
        harbor = client_by_name(s, "Harbor Foods")
        last = s.scalar(select(func.max(Interaction.occurred_at)).where(Interaction.client_id == harbor.id))
    assert (TODAY - local_day(last)).days == 23
    assert (harbor.cadence_ideal_days, harbor.cadence_max_days) == (14, 30)
    assert harbor.renewal_date == TODAY + timedelta(days=41)


def test_priya_is_over_capacity_next_week_and_tom_has_room(demo: Database) -> None:
    week = (NEXT_MONDAY, NEXT_MONDAY + timedelta(days=4))
    with demo.read() as s:
        hours: dict[str, float] = defaultdict(float)
        rows = s.execute(
            select(TeamMember.name, Task.estimate_hours).join(Task, Task.assignee_id == TeamMember.id)
            .where(Task.status != TaskStatus.DONE, Task.start_on >= week[0], Task.due_on <= week[1]))
        for name, estimate in rows:
            hours[name] += estimate
        capacity = {n: c for n, c in s.execute(select(TeamMember.name, TeamMember.weekly_capacity_hours))}
        lea_off = s.execute(select(TimeOff).join(TeamMember).where(TeamMember.name == "Lea Novak",
                                                                  TimeOff.first_day <= week[0],
                                                                  TimeOff.last_day >= week[1])).first()
        lea_due = s.scalar(select(func.count()).select_from(Task).join(TeamMember).where(
            TeamMember.name == "Lea Novak", Task.due_on.between(*week)))
    assert hours["Priya Raman"] / capacity["Priya Raman"] == pytest.approx(1.28)
    assert hours["Tom Becker"] / capacity["Tom Becker"] < 0.5
    assert capacity["Lea Novak"] == 24 and lea_off is not None and lea_due == 0


def test_lumen_photographer_hold_expires_in_20_hours_with_a_second_hold_waiting(demo: Database) -> None:
    morning = datetime.combine(TODAY, datetime.min.time().replace(hour=9), tzinfo=local_tz())
    with demo.read() as s:
        first = s.execute(select(Booking).join(Project).where(
            Booking.status == BookingStatus.HOLD_1, Project.name == "New collection shoot")).scalars().one()
        vendor = s.get(Vendor, first.vendor_id)
        second = s.execute(select(Booking).where(
            Booking.status == BookingStatus.HOLD_2, Booking.vendor_id == first.vendor_id,
            Booking.starts_at <= first.ends_at, Booking.ends_at >= first.starts_at)).scalars().one()
    assert vendor is not None and vendor.service == "photography"
    assert first.hold_expires_at - morning == timedelta(hours=20)
    assert second.project_id != first.project_id and second.hold_expires_at > first.hold_expires_at


def test_bookings_clash_and_some_start_this_week(demo: Database) -> None:
    with demo.read() as s:
        confirmed = list(s.scalars(select(Booking).where(Booking.status == BookingStatus.CONFIRMED)))
        completed = list(s.scalars(select(Booking).where(Booking.status == BookingStatus.COMPLETED)))
        invoices = {sp.booking_id: sp for sp in s.scalars(select(Spend).where(Spend.booking_id.isnot(None)))}
    clashes = [(a.id, b.id) for a in confirmed for b in confirmed
               if a.id < b.id and a.vendor_id == b.vendor_id and a.starts_at <= b.ends_at and b.starts_at <= a.ends_at]
    assert clashes
    assert any(0 <= (local_day(b.starts_at) - TODAY).days <= 7 for b in confirmed)
    assert completed and set(invoices) == {b.id for b in completed}
    for b in completed:
        assert invoices[b.id].amount == b.cost and invoices[b.id].category == SpendCategory.VENDOR


def test_budgets_off_pace(demo: Database) -> None:
    with demo.read() as s:
        cafe = client_by_name(s, "Café Øresund")
        retainer = s.execute(select(Project).where(Project.client_id == cafe.id, Project.status == ProjectStatus.ACTIVE,
                                                   Project.kind == "retainer")).scalars().one()
        assert spent(s, retainer.id) / total_budget(s, retainer) == pytest.approx(0.71)
        assert 0.45 <= elapsed(retainer) <= 0.5
        ahead = [p.name for p in s.scalars(select(Project).where(Project.status == ProjectStatus.ACTIVE))
                 if spent(s, p.id) / total_budget(s, p) - elapsed(p) >= 0.15]
        assert "New collection shoot" in ahead
        app = s.execute(select(Project).where(Project.name == "Savings app launch")).scalars().one()
        committed = s.scalar(select(func.sum(Booking.cost)).where(Booking.project_id == app.id,
                                                                  Booking.status == BookingStatus.CONFIRMED))
        assert spent(s, app.id) + int(committed) > total_budget(s, app)
        assert s.scalar(select(func.min(Spend.amount))) >= 0


def test_kestrel_is_clearly_at_risk_and_the_rest_of_the_work_is_realistic(demo: Database) -> None:
    with demo.read() as s:
        kestrel = client_by_name(s, "Kestrel Outdoor")
        touches = list(s.scalars(select(Interaction).where(Interaction.client_id == kestrel.id)
                                 .order_by(Interaction.occurred_at.desc())))
        overdue = [i for i in touches if i.follow_up_on and i.follow_up_on < TODAY and not i.follow_up_done]
        paces = [BudgetPace(100 * spent(s, p.id) / total_budget(s, p), 100 * elapsed(p), p.name)
                 for p in s.scalars(select(Project).where(Project.client_id == kestrel.id,
                                                          Project.status == ProjectStatus.ACTIVE))]
        tasks = list(s.scalars(select(Task).join(Project).where(Project.client_id == kestrel.id,
                                                                Task.status != TaskStatus.DONE)))
        all_open = list(s.scalars(select(Task).where(Task.status != TaskStatus.DONE)))
        renewals = s.scalar(select(func.count()).select_from(Client).where(
            Client.renewal_date.between(TODAY, TODAY + timedelta(days=60))))
    recent = [i.sentiment for i in touches if (TODAY - local_day(i.occurred_at)).days <= 90]
    assert kestrel.status == ClientStatus.AT_RISK and len(overdue) >= 2
    assert (TODAY - local_day(touches[0].occurred_at)).days > kestrel.cadence_max_days
    assert sum(recent[:3]) < 0
    health = client_health(HealthInputs(
        today=TODAY, last_contact=local_day(touches[0].occurred_at), cadence_ideal=kestrel.cadence_ideal_days,
        cadence_max=kestrel.cadence_max_days, recent_sentiments=recent, overdue_followups=len(overdue),
        budget_paces=paces, overdue_tasks=sum(1 for t in tasks if t.due_on and t.due_on < TODAY),
        open_tasks=len(tasks), renewal_date=kestrel.renewal_date, status=kestrel.status))
    assert health.band is HealthBand.AT_RISK
    assert any(t.due_on and t.due_on < TODAY for t in all_open)
    assert any(t.assignee_id is None for t in all_open)
    assert any(t.start_on is None and t.due_on is None for t in all_open)
    assert renewals >= 3


# --- the large demo, scaled down -------------------------------------------------------------

def test_large_demo_at_a_thousandth_scale(db: Database, tmp_path: Path) -> None:
    seen: list[float] = []
    assert seed_demo(db, size="large", today=TODAY, large_sizes=TINY, progress=seen.append)
    n = counts(db)
    assert (n["interaction"], n["task"], n["booking"], n["spend"]) == (1000, 200, 100, 500)
    assert (n["client"], n["vendor"], n["team_member"], n["change_order"]) == (10, 2, 1, 10)
    assert 10 <= n["client_contact"] <= 30 and 20 <= n["project"] <= 40 and n["workspace"] == 1
    assert seen[-1] == 1.0 and seen == sorted(seen)
    with db.read() as s:
        ws = s.get(Workspace, 1)
        assert ws is not None and ws.is_demo
        assert s.scalar(select(func.count()).select_from(Booking).where(Booking.ends_at < Booking.starts_at)) == 0
        linked = s.scalar(select(func.count()).select_from(Spend).where(Spend.booking_id.isnot(None)))
        done = s.scalar(select(func.count()).select_from(Booking).where(Booking.status == BookingStatus.COMPLETED))
        assert linked == min(done, 500)
        assert s.scalar(select(func.min(Interaction.occurred_at))).tzinfo is not None
        s.add(Client(name="Added after the large seed"))
        s.flush()  # id sequences were moved past the explicit ids
    if db.dialect == "sqlite":
        assert integrity_report(db.engine) == []
    other = open_database(resolve_target(str(tmp_path / "large-again.db")))
    try:
        seed_demo(other, size="large", today=TODAY, large_sizes=TINY)
        assert snapshot(other) == snapshot(db)
    finally:
        other.dispose()


def _scratch_folders(db: Database) -> list[Path]:
    assert db.target.path is not None
    return list(db.target.path.parent.glob(".amtui-demo-*"))


def test_large_demo_worker_process_writes_the_same_rows(sqlite_db: Database, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The full-size path (interactions built by a worker, copied in) equals the in-process one."""
    from amtui.demo import large

    seen: list[float] = []
    monkeypatch.setattr(large, "use_workers", lambda _sizes: True)
    assert seed_demo(sqlite_db, size="large", today=TODAY, large_sizes=TINY, progress=seen.append)
    assert seen[-1] == 1.0 and seen == sorted(seen)
    assert integrity_report(sqlite_db.engine) == [] and not _scratch_folders(sqlite_db)
    monkeypatch.setattr(large, "use_workers", lambda _sizes: False)
    other = open_database(resolve_target(str(tmp_path / "in-process.db")))
    try:
        assert seed_demo(other, size="large", today=TODAY, large_sizes=TINY)
        assert snapshot(other) == snapshot(sqlite_db)
    finally:
        other.dispose()


def test_a_failing_large_seed_leaves_the_workspace_empty(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    from amtui.demo import large, large_plan
    from amtui.demo.large_workers import worker_context

    def broken(*_args: object) -> object:
        raise ValueError("generator broke")

    if worker_context().get_start_method() != "fork":
        pytest.skip("the broken generator only reaches a forked worker")
    monkeypatch.setattr(large, "use_workers", lambda _sizes: True)
    monkeypatch.setattr(large_plan, "interaction_rows", broken)
    with pytest.raises(RuntimeError, match="generator broke"):
        seed_demo(sqlite_db, size="large", today=TODAY, large_sizes=TINY)
    assert not any(counts(sqlite_db).values()) and not _scratch_folders(sqlite_db)
    monkeypatch.undo()
    assert seed_demo(sqlite_db, size="large", today=TODAY, large_sizes=TINY)


def test_a_broken_reference_in_the_large_seed_is_caught(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Foreign keys are off while loading: the check at the end must find a dangling id."""
    from amtui.demo import large_plan

    real = large_plan.task_rows

    def dangling(*args: object) -> object:
        for rows in real(*args):  # type: ignore[arg-type]
            rows[0] = (*rows[0][:3], 10**6, *rows[0][4:])  # project_id of the first task
            yield rows

    monkeypatch.setattr(large_plan, "task_rows", dangling)
    with pytest.raises(RuntimeError, match="foreign keys"):
        seed_demo(sqlite_db, size="large", today=TODAY, large_sizes=TINY)
    assert not any(counts(sqlite_db).values())



def test_large_demo_uses_workers_only_with_a_core_to_spare(monkeypatch: pytest.MonkeyPatch) -> None:
    from amtui.demo import large

    monkeypatch.setattr(large.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(large.os, "getloadavg", lambda: (0.3, 0.3, 0.3))
    assert large.use_workers(LargeSizes()) and not large.use_workers(TINY)
    monkeypatch.setattr(large.os, "getloadavg", lambda: (4.5, 4.5, 4.5))
    assert not large.use_workers(LargeSizes())
