"""Reading bookings: the list with clash markers, one booking, the form's choices, and what
Today and Budgets need. Import these from :mod:`amtui.services.vendors`.

The list is one joined select of raw values (see :mod:`~amtui.services.booking_query`); its
clash and hold-queue markers come from :func:`amtui.rules.bookings.marks`, a sweep over the
bookings sorted by vendor and start — O(n log n) in Python instead of a self-join that made
the database compare each booking with every earlier one of its vendor (9 s at 100k).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from operator import attrgetter
from typing import Any

from sqlalchemy import and_, case, exists, func, not_, select
from sqlalchemy.orm import aliased

from amtui.clock import local_tz
from amtui.db import Database
from amtui.enums import BookingStatus as BS
from amtui.models import Booking, Client, Project, Spend, Vendor
from amtui.rules import bookings as rules
from amtui.rules.bookings import Slot
from amtui.rules.text import clean_text, one_line
from amtui.services.booking_query import (
    ROW_COLUMNS,
    SERVICES,
    STATUSES,
    Instants,
    describe,
    filter_where,
    joined,
    midnight,
    neighbours,
    overlap,
    raw,
)
from amtui.services.booking_types import BookingDetail, BookingDue, BookingFilters, BookingRow
from amtui.services.errors import NotFoundError
from amtui.types import money_sum

_ID, _START = attrgetter("id"), attrgetter("starts_at")
_SLOT_COLUMNS = (Booking.id, Booking.vendor_id, Booking.project_id, Booking.starts_at, Booking.ends_at,
                 Booking.status)


def _slots_around(conn: Any, listed: list[BookingRow], where: list[Any] | None, f: BookingFilters) -> list[Slot]:
    """The bookings not listed that may clash with those ``listed``: not cancelled, of the
    filtered vendor if any, overlapping the span of the listed ones. ``where``: the list's
    filter, when every booking matching it is listed (those are then left to the database)."""
    live = [r for r in listed if r.status is not BS.CANCELLED]
    if not live or (where is not None and f.status is None and f.period == "all"):
        return []  # every booking that could clash is already listed
    first, last = min(r.starts_at for r in live), max(r.ends_at for r in live)
    q = select(*(raw(c) for c in _SLOT_COLUMNS)).where(
        Booking.status != BS.CANCELLED, Booking.starts_at < last, Booking.ends_at > first)
    if where is not None:
        q = q.where(not_(and_(*where)))
    if f.vendor_id is not None:
        q = q.where(Booking.vendor_id == f.vendor_id)
    instant, shown = Instants(), {r.id for r in listed}
    return [Slot(i, v, p, instant[s], instant[e], STATUSES[st])  # type: ignore[arg-type]
            for i, v, p, s, e, st in conn.execute(q).all()
            if i not in shown and instant[s] is not None and instant[e] is not None]


def upcoming_bookings(db: Database, today: date, filters: BookingFilters | None = None,
                      tz: tzinfo | None = None, *, limit: int | None = None) -> list[BookingRow]:
    """Bookings in the period (default: not over before today), by start (past: latest first),
    each with the ids it clashes with and its hold queue. ``limit``: only the first rows (a page
    to show while the rest loads), their markers exact all the same."""
    f, tz = filters or BookingFilters(), tz or local_tz()
    where = filter_where(Booking, today, tz, f)
    past = f.period == "past"
    q = joined(*(raw(c) for c in ROW_COLUMNS)).where(*where)
    if limit is not None:
        q = q.order_by(*((Booking.starts_at.desc(), Booking.id.desc()) if past else (Booking.starts_at, Booking.id)))
        q = q.limit(limit)
    at, service, status = Instants(), SERVICES, STATUSES
    with db.read() as session:
        conn = session.connection()
        rows = [BookingRow(r[0], r[1], r[2], r[3], service[r[4]], r[5], r[6], r[7], r[8], at[r[9]], at[r[10]],  # type: ignore[arg-type]
                           r[11], status[r[12]], at[r[13]], r[14])
                for r in conn.execute(q).all() if at[r[9]] is not None and at[r[10]] is not None]  # real instants
        others = _slots_around(conn, rows, None if limit is not None else where, f)
    # Sorted here, not by the database: two stable passes on the instants read once beat SQLite's
    # temporary B-tree of whole rows (by id first: cheap, rows mostly come by id already).
    rows.sort(key=_ID, reverse=past)
    rows.sort(key=_START, reverse=past)
    position = {r.id: n for n, r in enumerate(rows)}
    for booking_id, (clashes, queue) in rules.marks([*rows, *others]).items():
        if (n := position.get(booking_id)) is not None:
            rows[n] = rows[n]._replace(clashes=clashes, queue=queue)
    return rows


def booking_detail(db: Database, booking_id: int, tz: tzinfo | None = None) -> BookingDetail:
    """One booking with its clashes, hold queue, vendor contact and linked spend."""
    tz = tz or local_tz()
    with db.read() as session:
        conn = session.connection()
        r = conn.execute(joined(*ROW_COLUMNS, Booking.notes, Vendor.contact_name, Vendor.email, Vendor.phone)
                         .where(Booking.id == booking_id)).first()
        if r is None:
            raise NotFoundError(f"booking #{booking_id} no longer exists")
        if r[9] is None or r[10] is None:
            raise NotFoundError(f"booking #{booking_id} has a start or end that is no date (written by another tool)")
        spent = conn.execute(select(Spend.amount).where(Spend.booking_id == booking_id)).scalar()
        me = Slot(r[0], r[2], r[5], r[9], r[10], r[12])
        found = neighbours(session, me.vendor_id, me.starts_at, me.ends_at, me.id)
    clash = {s.id for s, _, _ in found if rules.is_clash(me, s)}
    queue = {s.id for s, _, _ in found if rules.relation(me, s) is rules.Relation.CHALLENGE}
    row = BookingRow(*r[:15], tuple(sorted(i for i in clash if i)), tuple(sorted(i for i in queue if i)))
    contact = " · ".join(clean_text(x) for x in r[16:19] if clean_text(x))
    return BookingDetail(row, r[15], contact, describe(found, clash, tz), describe(found, queue, tz),
                         None if spent is None else int(spent))


def form_options(db: Database) -> tuple[list[tuple[int, str, int]], list[tuple[int, str, str]]]:
    """For the booking form: vendors not archived (id, name, day rate) and projects not closed
    (id, name, client)."""
    with db.read() as session:
        conn = session.connection()
        vendors = conn.execute(select(Vendor.id, Vendor.name, Vendor.day_rate).where(Vendor.archived_at.is_(None))
                               .order_by(func.lower(Vendor.name), Vendor.id)).all()
        projects = conn.execute(select(Project.id, Project.name, Client.name).join(Client)
                                .where(Project.status.in_(("planned", "active", "on_hold")))
                                .order_by(func.lower(Client.name), func.lower(Project.name))).all()
    return [tuple(v) for v in vendors], [tuple(p) for p in projects]  # type: ignore[misc]


def committed_by_project(db: Database) -> dict[int, int]:
    """Committed cost per project (cents): confirmed bookings net of spend already linked to them."""
    linked = func.coalesce(Spend.amount, 0)
    q = (select(Booking.project_id, money_sum(case((Booking.cost > linked, Booking.cost - linked), else_=0)))
         .outerjoin(Spend, Spend.booking_id == Booking.id).where(Booking.status == BS.CONFIRMED)
         .group_by(Booking.project_id))
    with db.read() as session:
        return {pid: int(total) for pid, total in session.connection().execute(q) if total}


def expiring_holds(db: Database, now: datetime, within: timedelta = timedelta(hours=48)) -> list[BookingDue]:
    """Holds expiring before ``now + within`` (already expired ones too), soonest expiry first."""
    b = aliased(Booking)
    waiting = exists().where(overlap(Booking, b), b.status == BS.HOLD_2, Booking.status == BS.HOLD_1,
                             b.project_id != Booking.project_id)
    q = (joined(Booking.id, Client.id, Client.name, Vendor.name, Project.name, Booking.status, Booking.starts_at,
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
    q = (joined(Booking.id, Client.id, Client.name, Vendor.name, Project.name, Booking.status,
                Booking.starts_at, Booking.hold_expires_at)
         .where(Booking.status.in_((BS.HOLD_1, BS.HOLD_2)), Booking.ends_at > midnight(today, tz),
                Booking.starts_at < midnight(today + timedelta(days=within_days + 1), tz))
         .order_by(Booking.starts_at, Booking.id))
    with db.read() as session:
        rows = session.connection().execute(q).all()
    out = []
    for r in rows:
        if r[6] is None:  # a stored text that is no instant
            continue
        days = (r[6].astimezone(tz).date() - today).days
        when = ("has started" if days < 0 else "starts today" if days == 0 else "starts tomorrow" if days == 1
                else f"starts in {days} days")
        reason = f"{one_line(r[3], 40)} for {one_line(r[4], 40)} {when} and is only a {rules.STATUS_LABELS[r[5]]}"
        out.append(BookingDue(*r, reason))
    return out
