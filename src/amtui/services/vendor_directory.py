"""Reading the vendor directory: every vendor with its bookings still to come, one vendor for
the edit form, and the names taken. Import these from :mod:`amtui.services.vendors`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from amtui.db import Database
from amtui.enums import BookingStatus as BS
from amtui.models import Booking, Vendor
from amtui.services.booking_types import VendorRecord, VendorRow
from amtui.services.errors import NotFoundError
from amtui.types import utc_now


def _live(now: datetime) -> object:
    """Per vendor: how many bookings are not cancelled and not over, and the first one's start."""
    return (select(Booking.vendor_id, func.count().label("n"), func.min(Booking.starts_at).label("first"))
            .where(Booking.status != BS.CANCELLED, Booking.ends_at > now)
            .group_by(Booking.vendor_id).subquery())


def vendor_directory(db: Database, now: datetime | None = None, *, include_archived: bool = False) -> list[VendorRow]:
    """Vendors by name (archived ones only when asked), with their count of bookings still to come."""
    live = _live(now or utc_now())
    q = (select(Vendor.id, Vendor.name, Vendor.service, Vendor.contact_name, Vendor.email, Vendor.phone,
                Vendor.day_rate, Vendor.notes, func.coalesce(live.c.n, 0), live.c.first,  # type: ignore[attr-defined]
                Vendor.version, Vendor.archived_at.is_not(None))
         .outerjoin(live, live.c.vendor_id == Vendor.id)  # type: ignore[attr-defined]
         .order_by(func.lower(Vendor.name), Vendor.id))
    if not include_archived:
        q = q.where(Vendor.archived_at.is_(None))
    with db.read() as session:
        rows = session.connection().execute(q).all()
    return [VendorRow(*r[:8], int(r[8]), r[9], r[10], bool(r[11])) for r in rows]


def get_vendor(db: Database, vendor_id: int, now: datetime | None = None) -> VendorRecord:
    """One vendor as stored, with the version it is loaded at; raises NotFoundError."""
    now = now or utc_now()
    upcoming = (select(func.count()).where(Booking.vendor_id == Vendor.id, Booking.status != BS.CANCELLED,
                                           Booking.ends_at > now).correlate(Vendor).scalar_subquery())
    q = select(Vendor.id, Vendor.version, Vendor.name, Vendor.service, Vendor.contact_name, Vendor.email,
               Vendor.phone, Vendor.day_rate, Vendor.notes, Vendor.archived_at.is_not(None), upcoming)
    with db.read() as session:
        r = session.connection().execute(q.where(Vendor.id == vendor_id)).first()
    if r is None:
        raise NotFoundError("this vendor no longer exists")
    return VendorRecord(*r[:9], bool(r[9]), int(r[10]))


def vendor_names(db: Database) -> list[tuple[int, str, bool]]:
    """Every vendor's (id, name, archived), for checking a name as it is typed."""
    with db.read() as session:
        rows = session.connection().execute(select(Vendor.id, Vendor.name, Vendor.archived_at.is_not(None))).all()
    return [(i, n, bool(a)) for i, n, a in rows]
