"""The roster, client detail and health: computed columns on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest

from amtui.db import Database
from amtui.enums import BookingStatus, ChangeOrderStatus, ProjectKind, ProjectStatus, TaskStatus, VendorService
from amtui.models import Booking, ChangeOrder, Spend, Task, Vendor
from amtui.rules.health import HealthInputs, client_health
from amtui.services.clients import client_detail, health_for, roster, roster_row
from amtui.services.errors import NotFoundError
from amtui.types import utc_now

if TYPE_CHECKING:
    from conftest import Seed

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
UTC = ZoneInfo("UTC")
TODAY = date(2026, 11, 24)


def by_name(rows: list) -> dict:
    return {r.name: r for r in rows}


def test_last_contact_is_the_local_day_across_a_timezone_boundary(db: Database, seed: Seed) -> None:
    cid = seed.client(db, "Acme")
    # 23:30 UTC is 00:30 on the 24th in Berlin, 18:30 on the 23rd in New York
    seed.touch(db, cid, seed.at(date(2026, 11, 23), 23, 30))
    assert roster(db, TODAY, BERLIN)[0].last_contact == date(2026, 11, 24)
    assert roster(db, TODAY, NEW_YORK)[0].last_contact == date(2026, 11, 23)


def test_roster_columns(db: Database, seed: Seed) -> None:
    owner = seed.member(db, "Maya")
    cid = seed.client(db, "Acme", monthly_retainer=250_000, renewal_date=date(2027, 3, 1), owner_id=owner,
                 industry="Retail")
    seed.touch(db, cid, seed.at(TODAY - timedelta(days=3)), follow_up_on=date(2026, 11, 28))
    seed.touch(db, cid, seed.at(TODAY - timedelta(days=5)), follow_up_on=date(2026, 11, 26))
    seed.touch(db, cid, seed.at(TODAY - timedelta(days=6)), follow_up_on=date(2026, 11, 25), follow_up_done=True)
    row = roster(db, TODAY, BERLIN)[0]
    assert (row.name, row.owner, row.owner_id, row.industry) == ("Acme", "Maya", owner, "Retail")
    assert (row.monthly_retainer, row.renewal_date) == (250_000, date(2027, 3, 1))
    assert row.last_contact == TODAY - timedelta(days=3)
    assert row.next_follow_up == date(2026, 11, 26)
    assert row.cadence == "ok"
    assert not row.archived
    assert row.health == health_for(db, cid, TODAY, BERLIN).score


def test_cadence_status_per_client(db: Database, seed: Seed) -> None:
    for name, days in (("Ok", 3), ("Due", 20), ("Overdue", 40)):
        seed.touch(db, seed.client(db, name), seed.at(TODAY - timedelta(days=days)))
    seed.client(db, "Never")
    rows = by_name(roster(db, TODAY, BERLIN))
    assert {n: r.cadence for n, r in rows.items()} == {"Ok": "ok", "Due": "due", "Overdue": "overdue", "Never": "never"}
    assert rows["Never"].last_contact is None and rows["Never"].next_follow_up is None


def test_health_band_drops_when_a_follow_up_goes_overdue(db: Database, seed: Seed) -> None:
    # contact 30 + sentiment 0 (-2) + follow-ups 15 + budget 15 + tasks 10 + renewal 0 (today) = 70
    cid = seed.client(db, "Edge", renewal_date=TODAY)
    seed.touch(db, cid, seed.at(TODAY - timedelta(days=1), tz=BERLIN), sentiment=-2, follow_up_on=TODAY)
    before = roster(db, TODAY, BERLIN)[0]
    assert (before.health, before.health_band) == (70, "good")
    after = roster(db, TODAY + timedelta(days=1), BERLIN)[0]  # the follow-up is now a day late
    assert (after.health, after.health_band) == (64, "watch")
    parts = {p.group: p for p in health_for(db, cid, TODAY + timedelta(days=1), BERLIN).parts}
    assert parts["follow_ups"].reason == "1 follow-up overdue"


def test_archived_clients_are_left_out_unless_asked(db: Database, seed: Seed) -> None:
    seed.client(db, "Live")
    seed.client(db, "Gone", archived_at=utc_now())
    assert [r.name for r in roster(db, TODAY, BERLIN)] == ["Live"]
    rows = by_name(roster(db, TODAY, BERLIN, include_archived=True))
    assert rows["Gone"].archived and not rows["Live"].archived


def test_roster_is_sorted_by_name_case_insensitively(db: Database, seed: Seed) -> None:
    for name in ("beta", "Charlie", "alpha", "Álvaro"):
        seed.client(db, name)
    assert [r.name for r in roster(db, TODAY, BERLIN)] == ["alpha", "beta", "Charlie", "Álvaro"]


def test_sentiments_are_the_newest_ten_of_the_last_90_days(db: Database, seed: Seed) -> None:
    cid = seed.client(db, "Moody")
    sentiments = [2, 1, 2, 0, -1, 1, 2, 2, -2, 1, -2, -2]  # oldest first, one per day
    for i, s in enumerate(sentiments):
        seed.touch(db, cid, seed.at(TODAY - timedelta(days=len(sentiments) - i)), sentiment=s)
    seed.touch(db, cid, seed.at(TODAY - timedelta(days=100)), sentiment=-2)  # too old to count
    newest_ten = list(reversed(sentiments))[:10]
    expected = client_health(HealthInputs(today=TODAY, last_contact=TODAY - timedelta(days=1), cadence_ideal=14,
                                          cadence_max=30, recent_sentiments=newest_ten))
    assert health_for(db, cid, TODAY, BERLIN) == expected
    assert roster(db, TODAY, BERLIN)[0].health == expected.score


def _budget_fixture(db: Database, seed: Seed) -> int:
    cid = seed.client(db, "Spendy")
    pid = seed.project(db, cid, "Launch", date(2026, 11, 1), date(2026, 11, 30), budget=100_000)
    done = seed.project(db, cid, "Old", date(2026, 1, 1), date(2026, 2, 1), budget=10, status=ProjectStatus.COMPLETED)
    ret = seed.project(db, cid, "Retainer", date(2026, 9, 1), date(2026, 12, 31), budget=100_000,
                       kind=ProjectKind.RETAINER)
    seed.add(db,
        ChangeOrder(project_id=pid, amount=20_000, status=ChangeOrderStatus.APPROVED),
        ChangeOrder(project_id=pid, amount=50_000, status=ChangeOrderStatus.REJECTED),
        Spend(project_id=pid, spent_on=date(2026, 11, 3), amount=60_000),
        Spend(project_id=pid, spent_on=date(2026, 11, 20), amount=30_000),
        Spend(project_id=done, spent_on=date(2026, 1, 20), amount=500),
        Spend(project_id=ret, spent_on=date(2026, 10, 10), amount=80_000),
        Spend(project_id=ret, spent_on=date(2026, 11, 10), amount=50_000))
    return cid


def test_budget_pace_of_projects_and_the_current_retainer_month(db: Database, seed: Seed) -> None:
    cid = _budget_fixture(db, seed)
    projects = {p.name: p for p in client_detail(db, cid, TODAY, BERLIN).projects}
    launch, retainer = projects["Launch"], projects["Retainer"]
    assert (launch.budget, launch.spent, launch.pct_used, launch.pct_elapsed) == (120_000, 90_000, 75.0, 80.0)
    assert (retainer.budget, retainer.spent, retainer.pct_used, retainer.pct_elapsed) == (100_000, 50_000, 50.0, 80.0)
    assert projects["Old"].pct_used == 5000.0 and projects["Old"].pct_elapsed == 100.0
    assert [p.name for p in client_detail(db, cid, TODAY, BERLIN).projects] == ["Launch", "Retainer", "Old"]
    budget = {p.group: p for p in health_for(db, cid, TODAY, BERLIN).parts}["budget"]
    assert budget.points == 15 and "worst of 2" in budget.reason  # the completed project is not scored


def test_tasks_count_open_and_overdue(db: Database, seed: Seed) -> None:
    cid = seed.client(db, "Busy")
    who = seed.member(db, "Tom")
    pid = seed.project(db, cid, "Site", date(2026, 10, 1), date(2026, 12, 31))
    seed.add(db,
        Task(project_id=pid, title="late", due_on=TODAY - timedelta(days=2), assignee_id=who),
        Task(project_id=pid, title="undated"),
        Task(project_id=pid, title="soon", due_on=TODAY + timedelta(days=2), status=TaskStatus.DOING),
        Task(project_id=pid, title="finished", due_on=TODAY - timedelta(days=9), status=TaskStatus.DONE))
    tasks = {p.group: p for p in health_for(db, cid, TODAY, BERLIN).parts}["tasks"]
    assert tasks.reason == "1 of 3 open tasks overdue"
    detail = client_detail(db, cid, TODAY, BERLIN)
    assert [t.title for t in detail.open_tasks] == ["late", "soon", "undated"]
    assert detail.open_tasks[0].assignee == "Tom" and detail.open_tasks[0].project == "Site"


def test_client_detail(db: Database, seed: Seed) -> None:
    cid = seed.client(db, "Acme")
    other = seed.client(db, "Other")
    seed.contact(db, cid, "Zed Primary", is_primary=True)
    seed.contact(db, cid, "Anna")
    seed.contact(db, cid, "Old Timer", archived_at=utc_now())
    for days in (5, 1, 3):
        seed.touch(db, cid, seed.at(TODAY - timedelta(days=days)), summary=f"{days} days ago")
    seed.touch(db, other, seed.at(TODAY), summary="someone else")
    pid = seed.project(db, cid, "Shoot", date(2026, 11, 1), date(2026, 12, 31))
    vid = seed.add(db, Vendor(name="Ida Krogh", service=VendorService.PHOTOGRAPHY))[0]
    for start, status in ((3, BookingStatus.CONFIRMED), (1, BookingStatus.HOLD_1), (-5, BookingStatus.CONFIRMED),
                          (2, BookingStatus.CANCELLED), (0, BookingStatus.HOLD_2)):
        begin = seed.at(TODAY + timedelta(days=start), 9, tz=BERLIN)
        seed.add(db, Booking(vendor_id=vid, project_id=pid, starts_at=begin, ends_at=begin + timedelta(hours=8),
                        status=status, cost=1000 * (start + 10)))
    d = client_detail(db, cid, TODAY, BERLIN)
    assert d.client.name == "Acme" and d.last_contact == TODAY - timedelta(days=1)
    assert [c.name for c in d.contacts] == ["Zed Primary", "Anna"]
    assert [t.summary for t in d.timeline] == ["1 days ago", "3 days ago", "5 days ago"]
    assert [b.cost for b in d.upcoming_bookings] == [10_000, 11_000, 13_000]
    assert d.upcoming_bookings[0].vendor == "Ida Krogh" and d.upcoming_bookings[0].project == "Shoot"
    assert d.cadence.status == "ok" and d.health == health_for(db, cid, TODAY, BERLIN)


def test_detail_and_health_of_a_missing_client(db: Database, seed: Seed) -> None:
    with pytest.raises(NotFoundError):
        client_detail(db, 999, TODAY, BERLIN)
    with pytest.raises(NotFoundError):
        health_for(db, 999, TODAY, BERLIN)


def test_one_roster_row_is_the_row_the_whole_roster_gives(db: Database, seed: Seed) -> None:
    spendy = _budget_fixture(db, seed)
    owner = seed.member(db, "Maya")
    acme = seed.client(db, "Acme", owner_id=owner, renewal_date=TODAY + timedelta(days=30))
    seed.touch(db, acme, seed.at(TODAY - timedelta(days=20)), sentiment=-1, follow_up_on=TODAY - timedelta(days=1))
    pid = seed.project(db, acme, "Site", date(2026, 10, 1), date(2026, 12, 31))
    seed.add(db, Task(project_id=pid, title="late", due_on=TODAY - timedelta(days=2)))
    quiet = seed.client(db, "Quiet")
    gone = seed.client(db, "Gone", archived_at=utc_now())
    every = {r.id: r for r in roster(db, TODAY, BERLIN, include_archived=True)}
    for cid in (spendy, acme, quiet):
        assert roster_row(db, cid, TODAY, BERLIN) == every[cid]
    assert every[acme].next_follow_up == TODAY - timedelta(days=1) and every[acme].health < 100
    assert roster_row(db, gone, TODAY, BERLIN) is None
    assert roster_row(db, gone, TODAY, BERLIN, include_archived=True) == every[gone]
    assert roster_row(db, 999_999, TODAY, BERLIN) is None
