"""Money, UTC timestamps and the model's CHECK/UNIQUE constraints, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, StatementError

from amtui.db import Database
from amtui.enums import Discipline, InteractionKind, VendorService
from amtui.models import Booking, Client, Interaction, Project, Task, TeamMember, TimeOff, Vendor
from amtui.types import Money, UTCDateTime

IST = timezone(timedelta(hours=5, minutes=30))


def _store_client(db: Database, **fields: Any) -> int:
    with db.write() as s:
        client = Client(name=fields.pop("name", "Acme"), **fields)
        s.add(client)
        s.flush()
        return client.id


@pytest.mark.parametrize("bad", [1.0, 1.5, True, False, Decimal("12.50"), "100"])
def test_money_refuses_non_int(bad: object) -> None:
    with pytest.raises(TypeError, match="money must be an int"):
        Money().process_bind_param(bad, None)  # type: ignore[arg-type]


def test_money_refused_through_orm_and_nothing_stored(db: Database) -> None:
    for bad in (12.5, True, Decimal("12")):
        with pytest.raises(StatementError) as info:
            _store_client(db, monthly_retainer=bad)
        assert isinstance(info.value.orig, TypeError), bad
    with db.read() as s:
        assert s.scalar(select(Client).limit(1)) is None


def test_money_round_trips_ints(db: Database) -> None:
    amounts = [0, 1, 199_999, 10**15, 2**62]
    ids = {_store_client(db, name=f"C{i}", monthly_retainer=c): c for i, c in enumerate(amounts)}
    with db.read() as s:
        for cid, cents in ids.items():
            back = s.get(Client, cid).monthly_retainer
            raw = s.execute(text("SELECT monthly_retainer FROM client WHERE id = :i"), {"i": cid}).scalar_one()
            assert back == cents and type(back) is int
            assert raw == cents  # stored as an integer, not text or float


def test_utc_datetime_refuses_naive(db: Database) -> None:
    with pytest.raises(ValueError, match="naive"):
        UTCDateTime().process_bind_param(datetime(2026, 3, 29, 1, 30), db.engine.dialect)
    with pytest.raises(StatementError) as info:
        _store_client(db, archived_at=datetime(2026, 3, 29, 1, 30))
    assert isinstance(info.value.orig, ValueError)


def test_offset_time_round_trips_as_same_instant_in_utc(db: Database) -> None:
    sent = datetime(2026, 3, 29, 1, 30, tzinfo=IST)
    cid = _store_client(db)
    with db.write() as s:
        s.add(Interaction(client_id=cid, kind=InteractionKind.CALL, occurred_at=sent))
    with db.read() as s:
        back = s.scalars(select(Interaction.occurred_at)).one()
        raw = s.execute(text("SELECT occurred_at FROM interaction")).scalar_one()
    assert back == sent  # the same instant
    assert back.utcoffset() == timedelta(0)
    assert (back.year, back.month, back.day, back.hour, back.minute) == (2026, 3, 28, 20, 0)
    if db.dialect == "sqlite":  # text ordering only works if every row is stored in UTC, same format
        assert raw == "2026-03-28 20:00:00.000000"
    else:
        assert raw == sent and raw.utcoffset() is not None


def test_instants_sort_by_time_not_by_offset(db: Database) -> None:
    cid = _store_client(db)
    early = datetime(2026, 3, 29, 1, 30, tzinfo=IST)  # 20:00 UTC the day before
    late = datetime(2026, 3, 28, 21, 0, tzinfo=UTC)
    with db.write() as s:
        s.add_all([Interaction(client_id=cid, kind=InteractionKind.NOTE, occurred_at=t, summary=n)
                   for n, t in (("late", late), ("early", early))])
    with db.read() as s:
        order = s.scalars(select(Interaction.summary).order_by(Interaction.occurred_at)).all()
    assert order == ["early", "late"]


# --- constraints -----------------------------------------------------------------------------

D1, D2 = date(2026, 5, 1), date(2026, 5, 31)
T1 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


@pytest.fixture
def parents(db: Database) -> dict[str, int]:
    with db.write() as s:
        member = TeamMember(name="Ana", discipline=Discipline.ACCOUNT)
        vendor = Vendor(name="Lens Co", service=VendorService.PHOTOGRAPHY)
        client = Client(name="Parent Ltd")
        s.add_all([member, vendor, client])
        s.flush()
        project = Project(client_id=client.id, name="P", start_on=D1, end_on=D2)
        s.add(project)
        s.flush()
        return {"member": member.id, "vendor": vendor.id, "client": client.id, "project": project.id}


Row = Callable[[dict[str, int], bool], object]
# name: (row builder taking (ids, bad), the constraint's name expected in the error)
CASES: dict[str, tuple[Row, str]] = {
    "negative retainer": (lambda i, bad: Client(name="C", monthly_retainer=-1 if bad else 0), "ck_client_retainer_nonneg"),
    "negative budget": (lambda i, bad: Project(client_id=i["client"], name="Q", start_on=D1, end_on=D2,
                                               budget=-1 if bad else 0), "ck_project_budget_nonneg"),
    "negative cost": (lambda i, bad: Booking(vendor_id=i["vendor"], project_id=i["project"], starts_at=T1, ends_at=T1,
                                             cost=-1 if bad else 0), "ck_booking_cost_nonneg"),
    "negative estimate": (lambda i, bad: Task(project_id=i["project"], title="T", estimate_hours=-0.5 if bad else 0.0),
                          "ck_task_estimate_nonneg"),
    "sentiment 3": (lambda i, bad: Interaction(client_id=i["client"], kind=InteractionKind.CALL, occurred_at=T1,
                                               sentiment=3 if bad else 2), "ck_interaction_sentiment_range"),
    "project ends before start": (lambda i, bad: Project(client_id=i["client"], name="Q", start_on=D2,
                                                         end_on=D1 if bad else D2), "ck_project_order"),
    "booking ends before start": (lambda i, bad: Booking(vendor_id=i["vendor"], project_id=i["project"], starts_at=T1,
                                                         ends_at=T1 - timedelta(minutes=1 if bad else 0)),
                                  "ck_booking_order"),
    "time off ends before start": (lambda i, bad: TimeOff(member_id=i["member"], first_day=D2,
                                                          last_day=D1 if bad else D2), "ck_time_off_order"),
    "task due before start": (lambda i, bad: Task(project_id=i["project"], title="T", start_on=D2,
                                                  due_on=D1 if bad else D2), "ck_task_order"),
    "client name differs only in case": (lambda i, bad: Client(name="PARENT LTD" if bad else "Parent Ltd 2"),
                                         "uq_client_name_ci"),
}


def test_constraints_refuse_bad_rows_and_accept_boundaries(db: Database, parents: dict[str, int]) -> None:
    failures = []
    for case, (build, constraint) in CASES.items():
        try:
            with db.write() as s:
                s.add(build(parents, True))
            failures.append(f"{case}: accepted")
        except IntegrityError as exc:
            if constraint not in str(exc.orig):
                failures.append(f"{case}: wrong error {exc.orig}")
        with db.write() as s:  # the boundary value passes: the refusal above came from this constraint
            s.add(build(parents, False))
    assert not failures


def test_duplicate_client_name_acme_vs_ACME(db: Database) -> None:
    _store_client(db, name="Acme")
    with pytest.raises(IntegrityError):
        _store_client(db, name="ACME")
    with db.read() as s:
        assert s.scalars(select(Client.name)).all() == ["Acme"]


def test_unknown_enum_value_via_raw_sql_refused(db: Database) -> None:
    cid = _store_client(db)
    with pytest.raises(IntegrityError), db.write() as s:
        s.execute(text("UPDATE client SET status = 'bogus' WHERE id = :i"), {"i": cid})
    with db.write() as s:  # a known value passes the same statement
        s.execute(text("UPDATE client SET status = 'paused' WHERE id = :i"), {"i": cid})
