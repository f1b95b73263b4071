"""Vendors and bookings: the upcoming list with clash markers, the directory, one booking, saving
with a clash check, status changes with their effects, and what Today and Budgets need.

Lists are Core selects; clashes for lists are one self-join on ``(vendor_id, starts_at)``; the
form's pre-save check and the status changes use :mod:`amtui.rules.bookings` on the overlapping
rows, inside the write transaction (the vendor row is locked on PostgreSQL; SQLite writers are
serialised by ``BEGIN IMMEDIATE``), so two people cannot book one slot twice at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any, Literal, TypeVar

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.exc import StaleDataError

from amtui.clock import local_tz
from amtui.db import Database
from amtui.enums import BookingStatus as BS
from amtui.enums import SpendCategory, VendorService
from amtui.models import Booking, Client, Project, Spend, Vendor
from amtui.rules import bookings as rules
from amtui.rules.bookings import Action, IllegalTransition, Slot
from amtui.rules.relative import MAX_MONEY_CENTS
from amtui.rules.text import clean_text, one_line
from amtui.services.errors import NotFoundError, StaleEditError, ValidationError
from amtui.types import utc_now

T = TypeVar("T")
Period = Literal["week", "month", "upcoming", "past", "all"]
PERIOD_DAYS = {"week": 7, "month": 30}
STALE = "someone changed this booking after you opened it; reload and try again"
NEW_STATUSES = (BS.HOLD_1, BS.HOLD_2, BS.CONFIRMED)


@dataclass(frozen=True)
class BookingFilters:
    """``status`` None: every status but cancelled. ``period`` counts from the start of today."""

    vendor_id: int | None = None
    status: BS | None = None
    period: Period = "upcoming"


@dataclass(frozen=True)
class BookingRow:
    id: int
    version: int
    vendor_id: int
    vendor: str
    service: VendorService
    project_id: int
    project: str
    client_id: int
    client: str
    starts_at: datetime
    ends_at: datetime
    cost: int
    status: BS
    hold_expires_at: datetime | None
    po_reference: str
    clashes: tuple[int, ...] = ()  # ids of bookings it clashes with
    queue: tuple[int, ...] = ()  # ids in its hold queue (2nd holds behind it, or the 1st hold ahead)


@dataclass(frozen=True)
class VendorRow:
    id: int
    name: str
    service: VendorService
    contact_name: str
    email: str
    phone: str
    day_rate: int
    notes: str
    upcoming: int  # bookings not cancelled and not over
    next_start: datetime | None


@dataclass(frozen=True)
class BookingDetail:
    row: BookingRow
    notes: str
    contact: str  # the vendor's contact name, email and phone, as one line
    clashes: list[str]  # described, e.g. "booking #12: Lumen shoot, Studio Nord, … (confirmed)"
    queue: list[str]
    spent: int | None  # the linked spend entry's amount


@dataclass(frozen=True)
class BookingForm:
    """What the booking form submits (typed values; validated here). ``status`` only counts for
    a new booking: later changes go through :func:`change_status`."""

    vendor_id: int | None
    project_id: int | None
    starts_at: datetime
    ends_at: datetime
    cost: int
    status: BS = BS.HOLD_1
    hold_expires_at: datetime | None = None
    po_reference: str = ""
    notes: str = ""
    booking_id: int | None = None


@dataclass(frozen=True)
class StatusChange:
    booking_id: int
    status: BS
    version: int
    message: str
    released: tuple[int, ...] = ()
    promoted: tuple[int, ...] = ()
    spend_id: int | None = None


@dataclass(frozen=True)
class BookingDue:
    """A hold expiring or a booking starting soon, for Today (``reason`` says why)."""

    booking_id: int
    client_id: int
    client: str
    vendor: str
    project: str
    status: BS
    starts_at: datetime
    hold_expires_at: datetime | None
    reason: str


# ------------------------------------------------------------------------------------ reads

def _midnight(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=tz)


def _where(b: Any, today: date, tz: tzinfo, f: BookingFilters) -> list[Any]:
    start = _midnight(today, tz)
    where: list[Any] = [b.status == f.status] if f.status is not None else [b.status != BS.CANCELLED]
    if f.vendor_id is not None:
        where.append(b.vendor_id == f.vendor_id)
    if f.period == "past":
        where.append(b.ends_at <= start)
    elif f.period != "all":
        where.append(b.ends_at > start)
        if f.period in PERIOD_DAYS:
            where.append(b.starts_at < _midnight(today + timedelta(days=PERIOD_DAYS[f.period]), tz))
    return where


def _overlap(a: Any, b: Any) -> Any:
    """Bookings ``b`` of ``a``'s vendor that share time with it, neither cancelled."""
    return and_(b.vendor_id == a.vendor_id, b.id != a.id, b.starts_at < a.ends_at, a.starts_at < b.ends_at,
                a.status != BS.CANCELLED, b.status != BS.CANCELLED)


def _challenge(a: Any, b: Any) -> Any:
    pair = or_(and_(a.status == BS.HOLD_1, b.status == BS.HOLD_2), and_(a.status == BS.HOLD_2, b.status == BS.HOLD_1))
    return and_(pair, a.project_id != b.project_id)


ROW_COLUMNS = (Booking.id, Booking.version, Booking.vendor_id, Vendor.name, Vendor.service, Booking.project_id,
               Project.name, Client.id, Client.name, Booking.starts_at, Booking.ends_at, Booking.cost,
               Booking.status, Booking.hold_expires_at, Booking.po_reference)


def _joined(*columns: Any) -> Any:
    return (select(*columns).join(Vendor, Vendor.id == Booking.vendor_id)
            .join(Project, Project.id == Booking.project_id).join(Client, Client.id == Project.client_id))


def upcoming_bookings(db: Database, today: date, filters: BookingFilters | None = None,
                      tz: tzinfo | None = None) -> list[BookingRow]:
    """Bookings in the period (default: not over before today), by start (past: latest first),
    each with the ids it clashes with and its hold queue, found by one self-join."""
    f, tz = filters or BookingFilters(), tz or local_tz()
    order = (Booking.starts_at.desc(), Booking.id.desc()) if f.period == "past" else (Booking.starts_at, Booking.id)
    a, b = aliased(Booking), aliased(Booking)
    clashes: dict[int, list[int]] = {}
    queue: dict[int, list[int]] = {}
    with db.read() as session:
        conn = session.connection()
        rows = conn.execute(_joined(*ROW_COLUMNS).where(*_where(Booking, today, tz, f)).order_by(*order)).all()
        # An exact floor for b.starts_at keeps each (vendor_id, starts_at) index range short: any b
        # overlapping a listed booking ends after the earliest listed start (6x faster at 100k).
        first = min((r[9] for r in rows), default=None)
        floor = first and conn.execute(select(func.min(Booking.starts_at)).where(
            Booking.status != BS.CANCELLED, Booking.ends_at > first)).scalar()
        if floor is not None:
            pairs = (select(a.id, b.id, case((_challenge(a, b), 1), else_=0))
                     .join(b, and_(_overlap(a, b), b.starts_at >= floor)).where(*_where(a, today, tz, f)))
            for mine, other, is_challenge in conn.execute(pairs.order_by(a.id, b.id)):
                (queue if is_challenge else clashes).setdefault(mine, []).append(other)
    return [BookingRow(*r, tuple(clashes.get(r[0], ())), tuple(queue.get(r[0], ()))) for r in rows]


def vendor_directory(db: Database, now: datetime | None = None) -> list[VendorRow]:
    """Vendors not archived, by name, with their count of bookings still to come."""
    now = now or utc_now()
    live = and_(Booking.vendor_id == Vendor.id, Booking.status != BS.CANCELLED, Booking.ends_at > now)
    upcoming = select(func.count()).where(live).correlate(Vendor).scalar_subquery()
    first = select(func.min(Booking.starts_at)).where(live).correlate(Vendor).scalar_subquery()
    q = (select(Vendor.id, Vendor.name, Vendor.service, Vendor.contact_name, Vendor.email, Vendor.phone,
                Vendor.day_rate, Vendor.notes, upcoming, first)
         .where(Vendor.archived_at.is_(None)).order_by(func.lower(Vendor.name), Vendor.id))
    with db.read() as session:
        rows = session.connection().execute(q).all()
    return [VendorRow(*r) for r in rows]


def _neighbours(session: Session, vendor_id: int, starts_at: datetime, ends_at: datetime,
                exclude: int | None) -> list[tuple[Slot, str, str]]:
    """Bookings of the vendor overlapping the interval, not cancelled: (slot, project, client)."""
    q = (_joined(Booking.id, Booking.vendor_id, Booking.project_id, Booking.starts_at, Booking.ends_at,
                 Booking.status, Project.name, Client.name)
         .where(Booking.vendor_id == vendor_id, Booking.status != BS.CANCELLED, Booking.starts_at < ends_at,
                Booking.ends_at > starts_at, Booking.id != (exclude or 0)).order_by(Booking.starts_at, Booking.id))
    return [(Slot(*r[:6]), r[6], r[7]) for r in session.connection().execute(q)]


def _describe(found: list[tuple[Slot, str, str]], ids: set[int | None], tz: tzinfo) -> list[str]:
    return [rules.describe(s.id or 0, one_line(p, 40), one_line(c, 40), s.starts_at, s.ends_at, s.status, tz)
            for s, p, c in found if s.id in ids]


def booking_detail(db: Database, booking_id: int, tz: tzinfo | None = None) -> BookingDetail:
    """One booking with its clashes, hold queue, vendor contact and linked spend."""
    tz = tz or local_tz()
    with db.read() as session:
        conn = session.connection()
        r = conn.execute(_joined(*ROW_COLUMNS, Booking.notes, Vendor.contact_name, Vendor.email, Vendor.phone)
                         .where(Booking.id == booking_id)).first()
        if r is None:
            raise NotFoundError(f"booking #{booking_id} no longer exists")
        spent = conn.execute(select(Spend.amount).where(Spend.booking_id == booking_id)).scalar()
        me = Slot(r[0], r[2], r[5], r[9], r[10], r[12])
        found = _neighbours(session, me.vendor_id, me.starts_at, me.ends_at, me.id)
    clash = {s.id for s, _, _ in found if rules.is_clash(me, s)}
    queue = {s.id for s, _, _ in found if rules.relation(me, s) is rules.Relation.CHALLENGE}
    row = BookingRow(*r[:15], tuple(sorted(i for i in clash if i)), tuple(sorted(i for i in queue if i)))
    contact = " · ".join(clean_text(x) for x in r[16:19] if clean_text(x))
    return BookingDetail(row, r[15], contact, _describe(found, clash, tz), _describe(found, queue, tz),
                         None if spent is None else int(spent))


def form_options(db: Database) -> tuple[list[tuple[int, str, int]], list[tuple[int, str, str]]]:
    """For the booking form: vendors (id, name, day rate) and projects not closed (id, name, client)."""
    with db.read() as session:
        conn = session.connection()
        vendors = conn.execute(select(Vendor.id, Vendor.name, Vendor.day_rate).where(Vendor.archived_at.is_(None))
                               .order_by(func.lower(Vendor.name))).all()
        projects = conn.execute(select(Project.id, Project.name, Client.name).join(Client)
                                .where(Project.status.in_(("planned", "active", "on_hold")))
                                .order_by(func.lower(Client.name), func.lower(Project.name))).all()
    return [tuple(v) for v in vendors], [tuple(p) for p in projects]  # type: ignore[misc]


def committed_by_project(db: Database) -> dict[int, int]:
    """Committed cost per project (cents): confirmed bookings net of spend already linked to them."""
    linked = func.coalesce(Spend.amount, 0)
    q = (select(Booking.project_id, func.sum(case((Booking.cost > linked, Booking.cost - linked), else_=0)))
         .outerjoin(Spend, Spend.booking_id == Booking.id).where(Booking.status == BS.CONFIRMED)
         .group_by(Booking.project_id))
    with db.read() as session:
        return {pid: int(total) for pid, total in session.connection().execute(q) if total}


def _due(q: Any) -> Any:
    return q.order_by(Booking.starts_at, Booking.id)


def expiring_holds(db: Database, now: datetime, within: timedelta = timedelta(hours=48)) -> list[BookingDue]:
    """Holds expiring before ``now + within`` (already expired ones too), soonest expiry first."""
    b = aliased(Booking)
    waiting = exists().where(_overlap(Booking, b), b.status == BS.HOLD_2, Booking.status == BS.HOLD_1,
                             b.project_id != Booking.project_id)
    q = (_joined(Booking.id, Client.id, Client.name, Vendor.name, Project.name, Booking.status, Booking.starts_at,
                 Booking.hold_expires_at, waiting)
         .where(Booking.status.in_((BS.HOLD_1, BS.HOLD_2)), Booking.hold_expires_at <= now + within,
                Booking.ends_at > now).order_by(Booking.hold_expires_at, Booking.id))
    with db.read() as session:
        rows = session.connection().execute(q).all()
    return [BookingDue(*r[:8], rules.hold_reason(r[5], one_line(r[3], 40), one_line(r[4], 40), r[7], now, bool(r[8])))
            for r in rows]


def unconfirmed_soon(db: Database, today: date, within_days: int = 7, tz: tzinfo | None = None) -> list[BookingDue]:
    """Holds starting within ``within_days`` days (by the end of that day), by start."""
    tz = tz or local_tz()
    q = _due(_joined(Booking.id, Client.id, Client.name, Vendor.name, Project.name, Booking.status,
                     Booking.starts_at, Booking.hold_expires_at)
             .where(Booking.status.in_((BS.HOLD_1, BS.HOLD_2)), Booking.ends_at > _midnight(today, tz),
                    Booking.starts_at < _midnight(today + timedelta(days=within_days + 1), tz)))
    with db.read() as session:
        rows = session.connection().execute(q).all()
    out = []
    for r in rows:
        days = (r[6].astimezone(tz).date() - today).days
        when = ("has started" if days < 0 else "starts today" if days == 0 else "starts tomorrow" if days == 1
                else f"starts in {days} days")
        reason = f"{one_line(r[3], 40)} for {one_line(r[4], 40)} {when} and is only a {rules.STATUS_LABELS[r[5]]}"
        out.append(BookingDue(*r, reason))
    return out


# ----------------------------------------------------------------------------------- writes

def _write(db: Database, work: Callable[[Session], T]) -> T:
    try:
        with db.write() as session:
            return work(session)
    except StaleDataError:
        raise StaleEditError(STALE) from None
    except IntegrityError:
        raise ValidationError({"form": "the database refused this change; reload and try again"}) from None


def _check_form(form: BookingForm, new: bool) -> tuple[dict[str, str], str, str]:
    errors: dict[str, str] = {}
    if form.vendor_id is None:
        errors["vendor"] = "choose the vendor"
    if form.project_id is None:
        errors["project"] = "choose the project"
    for key in ("starts_at", "ends_at"):
        value = getattr(form, key)
        if not isinstance(value, datetime) or value.tzinfo is None:
            errors[key] = "enter a day and time"
    if not errors.keys() & {"starts_at", "ends_at"} and form.ends_at <= form.starts_at:
        errors["ends_at"] = "the booking must end after it starts"
    if isinstance(form.cost, bool) or not isinstance(form.cost, int) or not 0 <= form.cost <= MAX_MONEY_CENTS:
        errors["cost"] = "enter a cost of 0 or more"
    if new and form.status not in NEW_STATUSES:
        errors["status"] = "a new booking is a 1st hold, a 2nd hold or confirmed"
    po, notes = clean_text(form.po_reference, max_len=100), clean_text(form.notes, multiline=True, max_len=5000)
    return errors, po, notes


def save_booking(db: Database, form: BookingForm, version: int | None = None, *, now: datetime | None = None,
                 tz: tzinfo | None = None) -> int:
    """Create (``version`` None) or update booking ``form.booking_id``; returns its id.

    Refuses a clash with a :class:`ValidationError` naming the other booking, e.g. ``{"starts_at":
    "clashes with booking #12: Lumen shoot, Studio Nord, Tue 1 Dec 09:00–18:00 (confirmed)"}``.
    """
    tz, now = tz or local_tz(), now or utc_now()
    errors, po, notes = _check_form(form, version is None)

    def work(session: Session) -> int:
        vendor = session.get(Vendor, form.vendor_id, with_for_update=True) if form.vendor_id else None
        if form.vendor_id is not None and vendor is None:
            errors["vendor"] = "this vendor no longer exists"
        if form.project_id is not None and session.get(Project, form.project_id) is None:
            errors["project"] = "this project no longer exists"
        row = Booking(status=form.status) if version is None else session.get(Booking, form.booking_id)
        if row is None:
            raise NotFoundError(f"booking #{form.booking_id} no longer exists")
        if version is not None and row.version != version:
            raise StaleEditError(STALE)
        moved = (form.vendor_id, form.project_id, form.starts_at, form.ends_at, form.cost) != (
            row.vendor_id, row.project_id, row.starts_at, row.ends_at, row.cost)
        if row.status is BS.COMPLETED and moved:
            errors["form"] = "a completed booking's vendor, project, times and cost are final (its cost is spend)"
        expiry = form.hold_expires_at if row.status in rules.HOLDS else None
        if not errors and (problem := rules.hold_problem(row.status, expiry, form.starts_at)):
            errors["hold_expires_at"] = problem
        if errors:
            raise ValidationError(errors)
        me = Slot(row.id, form.vendor_id or 0, form.project_id or 0, form.starts_at, form.ends_at, row.status)
        found = _neighbours(session, me.vendor_id, me.starts_at, me.ends_at, row.id)
        if clash := rules.clashes_with(me, [s for s, _, _ in found]):
            first = clash[0]
            hint = ("; save it as a 2nd hold to challenge it"
                    if {me.status, first.status} == {BS.HOLD_1} and me.project_id != first.project_id else "")
            raise ValidationError({"starts_at": f"clashes with {_describe(found, {first.id}, tz)[0]}{hint}"})
        if row.status is BS.HOLD_2 and not any(rules.relation(me, s) is rules.Relation.CHALLENGE for s, _, _ in found):
            raise ValidationError({"status": "no 1st hold of another project on this slot: make it a 1st hold"})
        row.vendor_id, row.project_id = me.vendor_id, me.project_id
        row.starts_at, row.ends_at = me.starts_at, me.ends_at
        row.cost, row.hold_expires_at, row.po_reference, row.notes = form.cost, expiry, po, notes
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id

    return _write(db, work)


def change_status(db: Database, booking_id: int, version: int, action: Action | str, *,
                  now: datetime | None = None, tz: tzinfo | None = None) -> StatusChange:
    """Confirm, release, complete or cancel a booking, with the effects in :mod:`amtui.rules.bookings`."""
    tz, now = tz or local_tz(), now or utc_now()
    action = Action(action)

    def work(session: Session) -> StatusChange:
        row = session.get(Booking, booking_id)
        if row is None:
            raise NotFoundError(f"booking #{booking_id} no longer exists")
        if row.version != version:
            raise StaleEditError(STALE)
        vendor = session.get(Vendor, row.vendor_id, with_for_update=True)
        project = session.get(Project, row.project_id)
        try:
            new = rules.next_status(row.status, action)
        except IllegalTransition as exc:
            raise ValidationError({"status": str(exc)}) from None
        me = Slot(row.id, row.vendor_id, row.project_id, row.starts_at, row.ends_at, row.status)
        found = _neighbours(session, row.vendor_id, row.starts_at, row.ends_at, row.id)
        others = [s for s, _, _ in found]
        released: list[Slot] = []
        promoted: list[Slot] = []
        spend_id = None
        if action is Action.CONFIRM:
            released, blocking = rules.confirm_plan(me, others)
            if blocking:
                raise ValidationError({"status": f"can't confirm: it clashes with "
                                                 f"{_describe(found, {blocking[0].id}, tz)[0]}; release that first"})
            row.hold_expires_at = None
        elif action is Action.COMPLETE:
            if row.starts_at > now:
                raise ValidationError({"status": "can't complete a booking that hasn't started yet"})
            spend = session.execute(select(Spend).where(Spend.booking_id == row.id)).scalar_one_or_none()
            if spend is None:
                spend = Spend(project_id=row.project_id, booking_id=row.id, category=SpendCategory.VENDOR,
                              spent_on=rules.spend_day(row.ends_at, tz, now.astimezone(tz).date()), amount=0,
                              note=one_line(f"{vendor.name if vendor else 'Vendor'}: booking #{row.id}"
                                            + (f", PO {row.po_reference}" if row.po_reference else ""), 200))
            spend.amount = rules.completion_spend(row.cost, spend.amount or None)
            session.add(spend)
            session.flush()
            spend_id = spend.id
        if new is BS.CANCELLED:
            promoted = rules.promotions(me, others)
        for slot, status in [(s, BS.CANCELLED) for s in released] + [(s, BS.HOLD_1) for s in promoted]:
            other = session.get(Booking, slot.id)
            if other is not None:
                other.status = status
        row.status = new
        session.flush()
        what = f"{one_line(vendor.name if vendor else '', 40)} for {one_line(project.name if project else '', 40)}"
        message = f"Booking #{row.id} ({what}) is now {rules.STATUS_LABELS[new]}."
        message += "".join(f" 2nd hold #{s.id} released." for s in released)
        message += "".join(f" 2nd hold #{s.id} moved up to 1st hold." for s in promoted)
        return StatusChange(row.id or 0, new, row.version, message, tuple(s.id or 0 for s in released),
                            tuple(s.id or 0 for s in promoted), spend_id)

    return _write(db, work)

