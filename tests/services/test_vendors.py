"""Vendors and bookings services on SQLite and PostgreSQL: lists with clash markers, saving with
the clash check, status changes and their effects, what Today and Budgets read, and the vendor
directory's edits (add, edit, archive, restore)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import product
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from amtui.db import Database
from amtui.enums import BookingStatus as BS
from amtui.enums import SpendCategory, VendorService
from amtui.models import Booking, Client, Project, Spend, Vendor
from amtui.rules.bookings import Slot, relation
from amtui.services.budgets import budget_overview
from amtui.services.errors import StaleEditError, ValidationError
from amtui.services.vendors import (
    BookingFilters,
    BookingForm,
    VendorForm,
    booking_detail,
    change_status,
    committed_by_project,
    create_vendor,
    expiring_holds,
    form_options,
    get_vendor,
    save_booking,
    set_vendor_archived,
    unconfirmed_soon,
    upcoming_bookings,
    update_vendor,
    vendor_directory,
)

TZ = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=TZ)
TODAY = NOW.date()


def at(day: int, hour: int, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=TZ)


class World:
    def __init__(self, db: Database) -> None:
        self.db = db
        with db.write() as s:
            studio, harbor = Client(name="Studio Nord"), Client(name="Harbor Foods")
            s.add_all([studio, harbor])
            s.flush()
            self.lumen = Project(client_id=studio.id, name="Lumen shoot", budget=5_000_000,
                                 start_on=date(2026, 11, 1), end_on=date(2026, 12, 31))
            self.menu = Project(client_id=harbor.id, name="Menu shoot", budget=3_000_000,
                                start_on=date(2026, 11, 1), end_on=date(2026, 12, 31))
            self.ida = Vendor(name="Ida Krogh", service=VendorService.PHOTOGRAPHY, day_rate=180_000,
                              contact_name="Ida", email="ida@example.com")
            self.reel = Vendor(name="Reel Films", service=VendorService.VIDEO, day_rate=320_000)
            s.add_all([self.lumen, self.menu, self.ida, self.reel])
            s.flush()
            self.client = {self.lumen.id: studio.id, self.menu.id: harbor.id}

    def book(self, status: BS, start: datetime, end: datetime, *, project: Project | None = None,
             vendor: Vendor | None = None, cost: int = 100_000, expires: datetime | None = None) -> int:
        if status in (BS.HOLD_1, BS.HOLD_2) and expires is None:
            expires = start - timedelta(days=1)
        row = Booking(vendor_id=(vendor or self.ida).id, project_id=(project or self.lumen).id, starts_at=start,
                      ends_at=end, cost=cost, status=status, hold_expires_at=expires)
        with self.db.write() as s:
            s.add(row)
            s.flush()
            return row.id

    def status(self, booking_id: int) -> BS:
        with self.db.read() as s:
            return s.get(Booking, booking_id).status

    def version(self, booking_id: int) -> int:
        with self.db.read() as s:
            return s.get(Booking, booking_id).version

    def spends(self) -> list[Spend]:
        with self.db.read() as s:
            return list(s.execute(select(Spend)).scalars())

    def form(self, status: BS, start: datetime, end: datetime, *, project: Project | None = None,
             expires: datetime | None = None, **kw: object) -> BookingForm:
        cost = kw.pop("cost", 90_000)
        pid = (project or self.menu).id
        return BookingForm(self.ida.id, pid, start, end, cost, status, expires, **kw)  # type: ignore[arg-type]


@pytest.fixture
def w(db: Database) -> World:
    return World(db)


def test_upcoming_by_start_with_clash_and_queue_markers_and_filters(w: World) -> None:
    first = w.book(BS.HOLD_1, at(3, 9), at(3, 18))
    second = w.book(BS.HOLD_2, at(3, 9), at(3, 18), project=w.menu)
    a = w.book(BS.CONFIRMED, at(8, 9), at(10, 18), vendor=w.reel)
    b = w.book(BS.CONFIRMED, at(9, 10), at(10, 19), vendor=w.reel, project=w.menu)
    past = w.book(BS.COMPLETED, at(10, 9, 11), at(10, 18, 11))
    gone = w.book(BS.CANCELLED, at(4, 9), at(4, 18))
    rows = upcoming_bookings(w.db, TODAY, tz=TZ)
    assert [r.id for r in rows] == [first, second, a, b]
    by_id = {r.id: r for r in rows}
    assert by_id[first].queue == (second,) and by_id[second].queue == (first,) and not by_id[first].clashes
    assert by_id[a].clashes == (b,) and by_id[b].clashes == (a,)
    assert (by_id[a].vendor, by_id[a].client, by_id[a].project) == ("Reel Films", "Studio Nord", "Lumen shoot")
    assert [r.id for r in upcoming_bookings(w.db, TODAY, BookingFilters(vendor_id=w.reel.id), TZ)] == [a, b]
    assert [r.id for r in upcoming_bookings(w.db, TODAY, BookingFilters(status=BS.HOLD_2), TZ)] == [second]
    assert [r.id for r in upcoming_bookings(w.db, TODAY, BookingFilters(status=BS.CANCELLED), TZ)] == [gone]
    assert upcoming_bookings(w.db, TODAY, BookingFilters(period="week"), TZ) == []  # before Tue 1 Dec
    assert len(upcoming_bookings(w.db, TODAY, BookingFilters(period="month"), TZ)) == 4
    assert [r.id for r in upcoming_bookings(w.db, TODAY, BookingFilters(period="past"), TZ)] == [past]
    assert len(upcoming_bookings(w.db, TODAY, BookingFilters(period="all"), TZ)) == 5


def test_sql_clash_markers_agree_with_the_rules_for_every_pair(w: World) -> None:
    pairs = list(product(list(BS), list(BS), (True, False)))
    made = []
    for n, (sa, sb, same) in enumerate(pairs):
        with w.db.write() as s:
            v = Vendor(name=f"V{n}", service=VendorService.OTHER)
            s.add(v)
            s.flush()
        one = w.book(sa, at(1, 9), at(1, 18), vendor=v)
        two = w.book(sb, at(1, 12), at(1, 20), vendor=v, project=w.lumen if same else w.menu)
        made.append((sa, sb, same, one, two, v.id))
    rows = {r.id: r for st in (None, BS.CANCELLED) for r in
            upcoming_bookings(w.db, TODAY, BookingFilters(status=st, period="all"), TZ)}
    for sa, sb, same, one, two, vid in made:
        rel = relation(Slot(one, vid, 1, at(1, 9), at(1, 18), sa), Slot(two, vid, 1 if same else 2, at(1, 12),
                                                                        at(1, 20), sb))
        assert (two in rows[one].clashes) is (rel.value == "clash"), (sa, sb, same)
        assert (two in rows[one].queue) is (rel.value == "challenge"), (sa, sb, same)


def test_save_refuses_a_clash_naming_the_other_booking(w: World) -> None:
    taken = w.book(BS.CONFIRMED, at(1, 9), at(1, 18))
    with pytest.raises(ValidationError) as err:
        save_booking(w.db, w.form(BS.CONFIRMED, at(1, 12), at(1, 20)), tz=TZ, now=NOW)
    assert err.value.errors == {
        "starts_at": f"clashes with booking #{taken}: Lumen shoot, Studio Nord, Tue 1 Dec 09:00–18:00 (confirmed)"}
    assert len(upcoming_bookings(w.db, TODAY, tz=TZ)) == 1  # nothing written


def test_hold_queue_on_save(w: World) -> None:
    first = w.book(BS.HOLD_1, at(2, 9), at(2, 18))
    with pytest.raises(ValidationError, match="save it as a 2nd hold to challenge it"):
        save_booking(w.db, w.form(BS.HOLD_1, at(2, 9), at(2, 18), expires=at(1, 17)), tz=TZ, now=NOW)
    second = save_booking(w.db, w.form(BS.HOLD_2, at(2, 9), at(2, 18), expires=at(1, 17)), tz=TZ, now=NOW)
    assert booking_detail(w.db, second, TZ).row.queue == (first,)
    with pytest.raises(ValidationError, match="no 1st hold"):
        save_booking(w.db, w.form(BS.HOLD_2, at(5, 9), at(5, 18), expires=at(4, 17)), tz=TZ, now=NOW)
    with pytest.raises(ValidationError) as err:
        save_booking(w.db, w.form(BS.HOLD_1, at(6, 9), at(6, 9)), tz=TZ, now=NOW)
    assert set(err.value.errors) == {"ends_at"}
    with pytest.raises(ValidationError, match="needs an expiry"):
        save_booking(w.db, w.form(BS.HOLD_1, at(6, 9), at(6, 18)), tz=TZ, now=NOW)
    with pytest.raises(ValidationError, match="expire before the booking starts"):
        save_booking(w.db, w.form(BS.HOLD_1, at(6, 9), at(6, 18), expires=at(6, 10)), tz=TZ, now=NOW)


def test_edit_keeps_status_refuses_stale_and_back_to_back_is_fine(w: World) -> None:
    w.book(BS.CONFIRMED, at(1, 9), at(1, 13))
    mine = save_booking(w.db, w.form(BS.CONFIRMED, at(1, 13), at(1, 18)), tz=TZ, now=NOW)
    version = w.version(mine)
    edited = w.form(BS.HOLD_1, at(1, 14), at(1, 18), booking_id=mine, po_reference="PO-1", notes="a\nb")
    assert save_booking(w.db, edited, version, tz=TZ, now=NOW) == mine
    detail = booking_detail(w.db, mine, TZ)
    assert (detail.row.status, detail.row.po_reference, detail.notes) == (BS.CONFIRMED, "PO-1", "a\nb")
    with pytest.raises(StaleEditError):
        save_booking(w.db, edited, version, tz=TZ, now=NOW)


def test_confirming_a_first_hold_releases_the_second(w: World) -> None:
    first = w.book(BS.HOLD_1, at(3, 9), at(3, 18))
    second = w.book(BS.HOLD_2, at(3, 9), at(3, 18), project=w.menu)
    with pytest.raises(ValidationError, match=f"clashes with booking #{first}"):
        change_status(w.db, second, 1, "confirm", now=NOW, tz=TZ)
    result = change_status(w.db, first, 1, "confirm", now=NOW, tz=TZ)
    assert (result.status, result.released) == (BS.CONFIRMED, (second,))
    assert w.status(second) is BS.CANCELLED and "2nd hold" in result.message
    with pytest.raises(StaleEditError):
        change_status(w.db, first, 1, "cancel", now=NOW, tz=TZ)


def test_releasing_a_first_hold_promotes_the_second(w: World) -> None:
    first = w.book(BS.HOLD_1, at(3, 9), at(3, 18))
    second = w.book(BS.HOLD_2, at(3, 12), at(3, 18), project=w.menu)
    result = change_status(w.db, first, 1, "release", now=NOW, tz=TZ)
    assert result.promoted == (second,) and w.status(first) is BS.CANCELLED and w.status(second) is BS.HOLD_1
    with pytest.raises(ValidationError, match="cancel a confirmed booking instead"):
        change_status(w.db, w.book(BS.CONFIRMED, at(9, 9), at(9, 18)), 1, "release", now=NOW, tz=TZ)


def test_completing_moves_cost_from_committed_to_spent_exactly_once(w: World) -> None:
    done = w.book(BS.CONFIRMED, at(20, 9, 11), at(21, 18, 11), cost=360_000)
    w.book(BS.CONFIRMED, at(9, 9), at(9, 18), cost=50_000)
    w.book(BS.HOLD_1, at(10, 9), at(10, 18), cost=70_000)
    assert committed_by_project(w.db) == {w.lumen.id: 410_000}
    before = {r.project_id: (r.spent, r.committed) for r in budget_overview(w.db, TODAY, TZ)}
    assert before[w.lumen.id] == (0, 410_000)
    result = change_status(w.db, done, 1, "complete", now=NOW, tz=TZ)
    [spend] = w.spends()
    assert (spend.id, spend.booking_id, spend.project_id, spend.amount, spend.category, spend.spent_on) == (
        result.spend_id, done, w.lumen.id, 360_000, SpendCategory.VENDOR, date(2026, 11, 21))
    assert committed_by_project(w.db) == {w.lumen.id: 50_000}
    after = {r.project_id: (r.spent, r.committed) for r in budget_overview(w.db, TODAY, TZ)}
    assert after[w.lumen.id] == (360_000, 50_000)
    with pytest.raises(ValidationError, match="already completed"):
        change_status(w.db, done, result.version, "complete", now=NOW, tz=TZ)
    with pytest.raises(ValidationError, match="already in spend"):
        change_status(w.db, done, result.version, "cancel", now=NOW, tz=TZ)
    assert len(w.spends()) == 1


def test_completing_tops_up_a_deposit_and_refuses_holds_and_the_future(w: World) -> None:
    paid = w.book(BS.CONFIRMED, at(20, 9, 11), at(20, 18, 11), cost=300_000)
    with w.db.write() as s:
        s.add(Spend(project_id=w.lumen.id, booking_id=paid, spent_on=date(2026, 11, 1), amount=100_000))
    assert committed_by_project(w.db) == {w.lumen.id: 200_000}
    change_status(w.db, paid, 1, "complete", now=NOW, tz=TZ)
    assert [(s.amount, s.spent_on) for s in w.spends()] == [(300_000, date(2026, 11, 1))]
    assert committed_by_project(w.db) == {}
    with pytest.raises(ValidationError, match="confirm it first"):
        change_status(w.db, w.book(BS.HOLD_1, at(1, 9, 11), at(1, 18, 11)), 1, "complete", now=NOW, tz=TZ)
    with pytest.raises(ValidationError, match="hasn't started"):
        change_status(w.db, w.book(BS.CONFIRMED, at(1, 9), at(1, 18)), 1, "complete", now=NOW, tz=TZ)


def test_today_feeds_and_directory(w: World) -> None:
    soon = w.book(BS.HOLD_1, at(26, 9, 11), at(26, 18, 11), expires=NOW + timedelta(hours=20))
    w.book(BS.HOLD_2, at(26, 9, 11), at(26, 18, 11), project=w.menu, expires=NOW + timedelta(days=5))
    expired = w.book(BS.HOLD_1, at(15, 9), at(15, 18), vendor=w.reel, expires=NOW - timedelta(hours=1))
    w.book(BS.CONFIRMED, at(27, 9, 11), at(27, 18, 11), vendor=w.reel)
    holds = expiring_holds(w.db, NOW, timedelta(hours=48))
    assert [h.booking_id for h in holds] == [expired, soon]
    assert holds[1].reason == "1st hold on Ida Krogh for Lumen shoot expires in 20h; a 2nd hold is waiting"
    assert holds[0].reason.endswith("has expired") and holds[1].client == "Studio Nord"
    near = unconfirmed_soon(w.db, TODAY, 7, TZ)
    assert [n.booking_id for n in near][:1] == [soon] and len(near) == 2
    assert near[0].reason == "Ida Krogh for Lumen shoot starts in 2 days and is only a 1st hold"
    vendors = vendor_directory(w.db, NOW)
    assert [(v.name, v.upcoming) for v in vendors] == [("Ida Krogh", 2), ("Reel Films", 2)]
    assert vendors[0].next_start == at(26, 9, 11) and vendors[0].day_rate == 180_000
    assert booking_detail(w.db, soon, TZ).contact == "Ida · ida@example.com"


# --- the list's markers under every filter -----------------------------------------------------------

def test_markers_are_the_same_under_every_filter(w: World) -> None:
    """A listed booking shows its clashes and queue even when the other booking is not listed."""
    w.book(BS.CONFIRMED, at(20, 9, 11), at(25, 18, 11))  # running across today (24 Nov)
    w.book(BS.HOLD_1, at(22, 9, 11), at(22, 18, 11))  # past, clashes with the running one
    w.book(BS.CONFIRMED, at(25, 9, 11), at(25, 12, 11), project=w.menu)  # upcoming, clashes with it too
    w.book(BS.HOLD_1, at(3, 9), at(3, 18))
    w.book(BS.HOLD_2, at(3, 9), at(3, 18), project=w.menu)  # queued behind the 1st hold
    w.book(BS.CONFIRMED, at(29, 9), at(30, 18), vendor=w.reel)  # next month (beyond 30 days)
    w.book(BS.HOLD_1, at(30, 9), at(30, 12), vendor=w.reel, project=w.menu)
    w.book(BS.CANCELLED, at(3, 9), at(3, 18), project=w.menu)
    truth = {r.id: (r.clashes, r.queue) for st in (None, BS.CANCELLED)
             for r in upcoming_bookings(w.db, TODAY, BookingFilters(status=st, period="all"), TZ)}
    assert sum(1 for c, q in truth.values() if c) == 5 and sum(1 for c, q in truth.values() if q) == 2
    for status, period, vendor in product([None, *BS], ["upcoming", "week", "month", "past", "all"],
                                          [None, w.ida.id, w.reel.id]):
        rows = upcoming_bookings(w.db, TODAY, BookingFilters(vendor, status, period), TZ)  # type: ignore[arg-type]
        assert {r.id: (r.clashes, r.queue) for r in rows} == {r.id: truth[r.id] for r in rows}, (status, period)


def test_list_values_read_back_as_stored(w: World) -> None:
    """The list reads stored values raw (for speed): they must equal what the ORM reads."""
    b = w.book(BS.HOLD_1, at(3, 9), at(3, 18), expires=at(1, 17))
    [row] = upcoming_bookings(w.db, TODAY, tz=TZ)
    with w.db.read() as s:
        orm = s.get(Booking, b)
        assert (row.starts_at, row.ends_at, row.hold_expires_at, row.status, row.service, row.cost) == (
            orm.starts_at, orm.ends_at, orm.hold_expires_at, orm.status, VendorService.PHOTOGRAPHY, orm.cost)
    assert row.starts_at.tzinfo is not None and row.starts_at.utcoffset() == timedelta(0)


# --- the vendor directory: add, edit, archive, restore ---------------------------------------------------

def vendor_form(name: str = "Nordlicht Print", **kw: object) -> VendorForm:
    values: dict[str, object] = {"service": VendorService.PRINT, "contact_name": "Jens", "email": "jens@nordlicht.de",
                                 "phone": "+49 40 123", "day_rate": 95_000, "notes": "Fast proofs.\nCash only."}
    return VendorForm(name, **(values | kw))  # type: ignore[arg-type]


def test_add_edit_and_every_field_checked(w: World) -> None:
    vid = create_vendor(w.db, vendor_form("  Nordlicht Print \x1b[31m "))
    record = get_vendor(w.db, vid, NOW)
    assert (record.name, record.service, record.email, record.day_rate, record.notes, record.archived) == (
        "Nordlicht Print [31m", VendorService.PRINT, "jens@nordlicht.de", 95_000, "Fast proofs.\nCash only.", False)
    with pytest.raises(ValidationError) as err:
        create_vendor(w.db, vendor_form("", email="jens at nordlicht", day_rate=-1, service="catering"))
    assert set(err.value.errors) == {"name", "email", "day_rate", "service"}
    assert err.value.errors["name"] == "enter the vendor's name"
    with pytest.raises(ValidationError, match="at most 200 characters"):
        create_vendor(w.db, vendor_form("x" * 201))
    update_vendor(w.db, vid, record.version, vendor_form("Nordlicht Druck", phone="", day_rate=99_000))
    again = get_vendor(w.db, vid, NOW)
    assert (again.name, again.phone, again.day_rate, again.version) == ("Nordlicht Druck", "", 99_000, 2)
    assert [v.name for v in vendor_directory(w.db, NOW)] == ["Ida Krogh", "Nordlicht Druck", "Reel Films"]


def test_names_are_unique_whatever_the_case(w: World) -> None:
    with pytest.raises(ValidationError) as err:
        create_vendor(w.db, vendor_form("IDA KROGH"))
    assert err.value.errors == {"name": "a vendor named 'Ida Krogh' already exists"}
    oresund = create_vendor(w.db, vendor_form("Øresund Film"))
    with pytest.raises(ValidationError, match="'Øresund Film' already exists"):
        create_vendor(w.db, vendor_form("øresund film"))  # Unicode case folding, not SQL lower()
    record = get_vendor(w.db, oresund, NOW)
    update_vendor(w.db, oresund, record.version, vendor_form("ØRESUND FILM"))  # its own name, recased
    set_vendor_archived(w.db, w.reel.id, 1, True)
    with pytest.raises(ValidationError, match="an archived vendor named 'Reel Films'"):
        create_vendor(w.db, vendor_form("reel films"))
    with pytest.raises(ValidationError, match="already exists"):
        update_vendor(w.db, oresund, record.version + 1, vendor_form("Ida Krogh"))


def test_a_stale_edit_is_refused_and_nothing_is_written(w: World) -> None:
    record = get_vendor(w.db, w.ida.id, NOW)
    update_vendor(w.db, w.ida.id, record.version, vendor_form("Ida Krogh", phone="111"))
    with pytest.raises(StaleEditError):
        update_vendor(w.db, w.ida.id, record.version, vendor_form("Ida K.", phone="222"))
    with pytest.raises(StaleEditError):
        set_vendor_archived(w.db, w.ida.id, record.version, True)
    now = get_vendor(w.db, w.ida.id, NOW)
    assert (now.name, now.phone, now.archived, now.version) == ("Ida Krogh", "111", False, record.version + 1)


def test_archived_vendors_leave_the_directory_and_the_booking_form(w: World) -> None:
    kept = w.book(BS.CONFIRMED, at(8, 9), at(8, 18), vendor=w.reel)
    set_vendor_archived(w.db, w.reel.id, 1, True)
    assert [v.name for v in vendor_directory(w.db, NOW)] == ["Ida Krogh"]
    listed = vendor_directory(w.db, NOW, include_archived=True)
    assert [(v.name, v.archived, v.upcoming) for v in listed] == [("Ida Krogh", False, 0), ("Reel Films", True, 1)]
    assert [v[1] for v in form_options(w.db)[0]] == ["Ida Krogh"]
    assert [r.id for r in upcoming_bookings(w.db, TODAY, tz=TZ)] == [kept]  # its bookings stay
    with pytest.raises(ValidationError) as err:
        save_booking(w.db, BookingForm(w.reel.id, w.menu.id, at(9, 9), at(9, 18), 1_000, BS.CONFIRMED), tz=TZ, now=NOW)
    assert err.value.errors == {"vendor": "this vendor is archived: restore it in the directory first"}
    moved = BookingForm(w.reel.id, w.lumen.id, at(8, 10), at(8, 18), 1_000, BS.CONFIRMED, booking_id=kept)
    assert save_booking(w.db, moved, 1, tz=TZ, now=NOW) == kept  # its own bookings can still be edited
    set_vendor_archived(w.db, w.reel.id, 2, False)
    assert [v.name for v in vendor_directory(w.db, NOW)] == ["Ida Krogh", "Reel Films"]


def test_a_first_page_is_the_head_of_the_list_with_the_same_markers(w: World) -> None:
    w.book(BS.CONFIRMED, at(20, 9, 11), at(25, 18, 11))
    w.book(BS.HOLD_1, at(22, 9, 11), at(22, 18, 11))
    w.book(BS.HOLD_1, at(3, 9), at(3, 18))
    w.book(BS.HOLD_2, at(3, 9), at(3, 18), project=w.menu)
    w.book(BS.CONFIRMED, at(3, 12), at(4, 18), vendor=w.reel)
    w.book(BS.CONFIRMED, at(4, 9), at(4, 12), vendor=w.reel, project=w.menu)
    for period in ("all", "past", "upcoming"):
        f = BookingFilters(period=period)  # type: ignore[arg-type]
        whole = upcoming_bookings(w.db, TODAY, f, TZ)
        for n in range(1, len(whole) + 2):
            assert upcoming_bookings(w.db, TODAY, f, TZ, limit=n) == whole[:n], (period, n)
