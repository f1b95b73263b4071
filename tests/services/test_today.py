"""The Today queue on SQLite and PostgreSQL: every kind of item, ranking and ties, snoozing,
completing, what was cleared today, and user text kept as plain data."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from amtui.db import Database
from amtui.enums import BookingStatus, ClientStatus, Discipline, TaskPriority, TaskStatus, VendorService
from amtui.models import Booking, Client, Interaction, Project, Snooze, Spend, Task, TeamMember, Vendor, Workspace
from amtui.rules.urgency import ItemKind, rank_key
from amtui.services.errors import ValidationError
from amtui.services.today import complete_item, complete_task, snooze_item, today_queue

TZ = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=TZ)  # a Tuesday
TODAY = NOW.date()


def day(n: int) -> date:
    return TODAY + timedelta(days=n)


def touch(client_id: int, days_ago: int, **kw) -> Interaction:
    kw.setdefault("kind", "call")
    kw.setdefault("summary", "call")
    return Interaction(client_id=client_id, occurred_at=(NOW - timedelta(days=days_ago)).astimezone(UTC), **kw)


@pytest.fixture
def world(db: Database) -> dict[str, int]:
    """One item of every kind, plus rows that must stay out of the queue."""
    ids: dict[str, int] = {}
    with db.write() as s:
        s.add(Workspace(agency_name="Test", currency="EUR"))
        priya = TeamMember(name="Priya", discipline=Discipline.DESIGN, weekly_capacity_hours=10)
        acme = Client(name="Acme", monthly_retainer=1_000_000, cadence_ideal_days=7, cadence_max_days=14,
                      renewal_date=day(30))
        beta = Client(name="Beta", monthly_retainer=500_000, renewal_date=day(10))
        gone = Client(name="Gone", status=ClientStatus.CHURNED)
        hidden = Client(name="Hidden", archived_at=NOW)
        cold = Client(name="Cold", status=ClientStatus.AT_RISK)
        ida = Vendor(name="Ida Krogh", service=VendorService.PHOTOGRAPHY)
        s.add_all([priya, acme, beta, gone, hidden, cold, ida])
        s.flush()
        promise = touch(acme.id, 20, follow_up_on=day(-3), summary="Promised \x1b[31mfigures[/]")
        s.add_all([promise, touch(beta.id, 1), touch(gone.id, 50, follow_up_on=day(-5)),
                   touch(hidden.id, 50, follow_up_on=day(-5)), touch(cold.id, 2)])
        project = Project(client_id=acme.id, name="Launch", budget=100_000, start_on=day(-10), end_on=day(20))
        s.add(project)
        s.flush()
        late = Task(project_id=project.id, assignee_id=priya.id, title="Artwork", estimate_hours=30,
                    start_on=day(-1), due_on=day(0), priority=TaskPriority.HIGH)
        done = Task(project_id=project.id, title="Done already", due_on=day(-2), status=TaskStatus.DONE)
        hold = Booking(vendor_id=ida.id, project_id=project.id, starts_at=NOW + timedelta(days=20),
                       ends_at=NOW + timedelta(days=20, hours=8), status=BookingStatus.HOLD_1,
                       hold_expires_at=NOW + timedelta(hours=10))
        soon = Booking(vendor_id=ida.id, project_id=project.id, starts_at=NOW + timedelta(days=3),
                       ends_at=NOW + timedelta(days=3, hours=8), status=BookingStatus.HOLD_1,
                       hold_expires_at=NOW + timedelta(days=2, hours=12))
        s.add_all([late, done, hold, soon, Spend(project_id=project.id, spent_on=day(-5), amount=90_000)])
        s.flush()
        ids.update(acme=acme.id, beta=beta.id, cold=cold.id, promise=promise.id, task=late.id, priya=priya.id,
                   hold=hold.id, soon=soon.id, project=project.id)
    return ids


def keys(db: Database, now: datetime = NOW) -> list[str]:
    return [i.key for i in today_queue(db, now).items]


def test_every_kind_of_item_with_its_reason(db: Database, world: dict[str, int]) -> None:
    queue = today_queue(db, NOW)
    by_key = {i.key: i for i in queue.items}
    monday = TODAY - timedelta(days=TODAY.weekday())
    assert set(by_key) == {
        f"followup:{world['promise']}", f"cadence:{world['acme']}", f"at_risk:{world['cold']}",
        f"renewal:{world['beta']}",
        f"task:{world['task']}", f"capacity:{world['priya']}:{monday.isoformat()}", f"hold:{world['hold']}",
        f"booking:{world['soon']}", f"budget:{world['project']}",
    }
    follow_up = by_key[f"followup:{world['promise']}"]
    assert follow_up.subject == "Acme" and follow_up.kind is ItemKind.FOLLOW_UP
    assert follow_up.reason == "3 days overdue · no contact named: Promised [31mfigures[/]"  # ESC gone
    assert follow_up.can_complete and follow_up.client_id == world["acme"]
    assert by_key[f"cadence:{world['acme']}"].reason == "20 days since last touch, cadence 7, renewal in 30 days"
    assert by_key[f"at_risk:{world['cold']}"].reason.startswith("health ")
    assert by_key[f"renewal:{world['beta']}"].reason == "renews in 10 days (4 Dec 2026) · €5,000/month"
    assert by_key[f"task:{world['task']}"].reason == "due today · Priya · Acme / Launch"
    assert by_key[f"task:{world['task']}"].member_id == world["priya"]
    assert "this week" in by_key[f"capacity:{world['priya']}:{monday.isoformat()}"].reason
    assert "expires in 10h" in by_key[f"hold:{world['hold']}"].reason
    assert "starts in 3 days" in by_key[f"booking:{world['soon']}"].reason
    assert "90% used" in by_key[f"budget:{world['project']}"].reason
    assert queue.counts[ItemKind.FOLLOW_UP] == 1 and sum(queue.counts.values()) == len(queue.items)
    ranked = sorted(queue.items, key=lambda i: rank_key(i.score, i.kind, i.subject, i.key))
    assert list(queue.items) == ranked
    for item in queue.items:
        assert item.score == pytest.approx(sum(p.points for p in item.urgency.parts))
        assert item.as_dict()["parts"][0]["name"] == f"kind.{item.kind.value}"


def test_ties_break_by_kind_then_subject(db: Database) -> None:
    with db.write() as s:
        clients = [Client(name=n, monthly_retainer=100) for n in ("delta", "Alpha", "charlie")]
        s.add_all(clients)
        s.flush()
        s.add_all([touch(c.id, 1, follow_up_on=day(-1)) for c in clients])
    assert [i.subject for i in today_queue(db, NOW).items] == ["Alpha", "charlie", "delta"]


def test_snoozed_items_vanish_until_their_day(db: Database, world: dict[str, int]) -> None:
    queue = today_queue(db, NOW)
    budget = next(i for i in queue.items if i.kind is ItemKind.BUDGET)
    message, tables = snooze_item(db, budget, 1, TODAY)
    assert "snoozed until Wed 25 Nov" in message and tables == {"snooze"}
    assert budget.key not in keys(db)
    assert today_queue(db, NOW).snoozed == 1
    assert budget.key in keys(db, NOW + timedelta(days=1))  # back on its day
    snooze_item(db, budget, 7, TODAY)  # snoozing again moves the same row
    with db.read() as s:
        assert s.execute(select(Snooze.until)).scalars().all() == [day(7)]
    assert budget.key not in keys(db, NOW + timedelta(days=6))


def test_snoozing_a_follow_up_moves_its_day(db: Database, world: dict[str, int]) -> None:
    item = next(i for i in today_queue(db, NOW).items if i.kind is ItemKind.FOLLOW_UP)
    assert snooze_item(db, item, 7, TODAY)[1] == {"interaction"}
    with db.read() as s:
        assert s.get(Interaction, world["promise"]).follow_up_on == day(7)
        assert s.execute(select(Snooze)).first() is None
    assert item.key not in keys(db)
    assert item.key in keys(db, NOW + timedelta(days=7))


def test_completing_a_task_and_refusing_other_kinds(db: Database, world: dict[str, int]) -> None:
    queue = today_queue(db, NOW)
    task = next(i for i in queue.items if i.kind is ItemKind.TASK)
    assert complete_item(db, task, NOW)[1] == {"task"}
    with db.read() as s:
        row = s.get(Task, world["task"])
        assert row.status is TaskStatus.DONE and row.completed_at == NOW
    after = today_queue(db, NOW)
    assert task.key not in [i.key for i in after.items] and after.cleared_tasks == 1
    assert complete_task(db, world["task"], NOW) is False  # already done: nothing changes
    budget = next(i for i in queue.items if i.kind is ItemKind.BUDGET)
    with pytest.raises(ValidationError):
        complete_item(db, budget, NOW)


def test_completing_a_follow_up_counts_as_cleared_today(db: Database, world: dict[str, int]) -> None:
    now = datetime.now(TZ)  # updated_at is the real time of the write
    with db.write() as s:
        s.get(Interaction, world["promise"]).follow_up_on = now.date() - timedelta(days=1)
    item = next(i for i in today_queue(db, now).items if i.kind is ItemKind.FOLLOW_UP)
    complete_item(db, item, now)
    queue = today_queue(db, now)
    assert item.key not in [i.key for i in queue.items]
    assert queue.cleared_follow_ups == 1
    with db.read() as s:
        assert s.get(Interaction, world["promise"]).follow_up_done


def test_an_empty_workspace_has_an_empty_queue(db: Database) -> None:
    queue = today_queue(db, NOW)
    assert queue.items == () and queue.counts == {} and queue.snoozed == 0
    with pytest.raises(ValueError):
        today_queue(db, NOW.replace(tzinfo=None))
