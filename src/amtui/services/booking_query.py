"""Query pieces shared by the booking reads and writes, and fast readers for long lists.

Long lists (100k bookings) select the stored values raw (:func:`raw`) and convert them here:
SQLAlchemy's per-value result processing of the ``UTCDateTime`` and enum columns took about
half of the 3.6 s that reading 87k bookings cost. :class:`Instants` gives exactly what
``UTCDateTime`` reads (aware UTC datetimes), parsing each distinct SQLite text once.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlalchemy import and_, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from amtui.enums import BookingStatus as BS
from amtui.enums import VendorService
from amtui.models import Booking, Client, Project, Vendor
from amtui.rules import bookings as rules
from amtui.rules.bookings import Slot
from amtui.rules.text import one_line
from amtui.services.booking_types import PERIOD_DAYS, BookingFilters
from amtui.types import stored_instant

STATUSES = {s.value: s for s in BS}
SERVICES = {s.value: s for s in VendorService}

ROW_COLUMNS = (Booking.id, Booking.version, Booking.vendor_id, Vendor.name, Vendor.service, Booking.project_id,
               Project.name, Client.id, Client.name, Booking.starts_at, Booking.ends_at, Booking.cost,
               Booking.status, Booking.hold_expires_at, Booking.po_reference)


def raw(column: Any) -> Any:
    """``column`` selected as stored: no result processing (convert with the readers below)."""
    return type_coerce(column, NullType())


class Instants(dict[Any, "datetime | None"]):
    """Raw instants to aware UTC datetimes: ``instants[raw]``, converted with
    :func:`~amtui.types.stored_instant` once per distinct stored value (a hit is a plain dict
    lookup); ``None``, and text that is no instant, read as ``None``."""

    def __missing__(self, value: datetime | str | None) -> datetime | None:
        got = self[value] = stored_instant(value)
        return got


def midnight(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=tz)


def filter_where(b: Any, today: date, tz: tzinfo, f: BookingFilters) -> list[Any]:
    """The conditions on booking ``b`` for the list filters ``f``."""
    start = midnight(today, tz)
    where: list[Any] = [b.status == f.status] if f.status is not None else [b.status != BS.CANCELLED]
    if f.vendor_id is not None:
        where.append(b.vendor_id == f.vendor_id)
    if f.period == "past":
        where.append(b.ends_at <= start)
    elif f.period != "all":
        where.append(b.ends_at > start)
        if f.period in PERIOD_DAYS:
            where.append(b.starts_at < midnight(today + timedelta(days=PERIOD_DAYS[f.period]), tz))
    return where


def overlap(a: Any, b: Any) -> Any:
    """Bookings ``b`` of ``a``'s vendor that share time with it, neither cancelled."""
    return and_(b.vendor_id == a.vendor_id, b.id != a.id, b.starts_at < a.ends_at, a.starts_at < b.ends_at,
                a.status != BS.CANCELLED, b.status != BS.CANCELLED)


def joined(*columns: Any) -> Any:
    """A select of ``columns`` from bookings with their vendor, project and client."""
    return (select(*columns).join(Vendor, Vendor.id == Booking.vendor_id)
            .join(Project, Project.id == Booking.project_id).join(Client, Client.id == Project.client_id))


def neighbours(session: Session, vendor_id: int, starts_at: datetime, ends_at: datetime,
               exclude: int | None) -> list[tuple[Slot, str, str]]:
    """Bookings of the vendor overlapping the interval, not cancelled: (slot, project, client)."""
    q = (joined(Booking.id, Booking.vendor_id, Booking.project_id, Booking.starts_at, Booking.ends_at,
                Booking.status, Project.name, Client.name)
         .where(Booking.vendor_id == vendor_id, Booking.status != BS.CANCELLED, Booking.starts_at < ends_at,
                Booking.ends_at > starts_at, Booking.id != (exclude or 0)).order_by(Booking.starts_at, Booking.id))
    return [(Slot(*r[:6]), r[6], r[7]) for r in session.connection().execute(q)
            if r[3] is not None and r[4] is not None]  # not a stored text that is no instant


def describe(found: list[tuple[Slot, str, str]], ids: set[int | None], tz: tzinfo) -> list[str]:
    """The bookings of ``found`` whose id is in ``ids``, described for a message."""
    return [rules.describe(s.id or 0, one_line(p, 40), one_line(c, 40), s.starts_at, s.ends_at, s.status, tz)
            for s, p, c in found if s.id in ids]
