"""Vendor bookings as an RFC 5545 iCalendar file (``amtui export bookings --format ics``).

What a calendar app needs to accept the file and to *update* rather than duplicate events on
re-import:

* ``VCALENDAR`` with ``VERSION:2.0`` and ``PRODID``; one ``VEVENT`` per booking (cancelled ones
  too, as ``STATUS:CANCELLED``, so a re-import removes them from the calendar).
* **Stable UID** ``booking-<id>-<created, UTC, YYYYMMDDTHHMMSS>@amtui``: a booking's id and the
  instant it was created never change, so every export of one workspace gives a booking the same
  UID, while two workspaces (each with its own booking #1) practically never collide. The
  workspace has no id of its own, and the agency name can be renamed, so neither is used.
* ``SEQUENCE`` = the booking's version − 1 and ``LAST-MODIFIED``: an edited booking replaces
  the copy already imported. ``DTSTAMP`` is the time of the export; ``CREATED`` the booking's.
* Times are UTC (``…Z``): timezone-aware, never floating, and valid without a VTIMEZONE.
* Text is cleaned of control characters and escaped (``\\,`` ``\\;`` ``\\\\`` ``\\n``) by
  icalendar; lines are folded at 75 octets (never inside a UTF-8 character) and end in CRLF.
* Holds are ``STATUS:TENTATIVE``, confirmed and completed ``CONFIRMED``; all events are
  ``TRANSP:TRANSPARENT`` — booking a vendor does not make the account manager busy.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from icalendar import Calendar, Event, vText
from sqlalchemy import select

from amtui.db import Database
from amtui.enums import BookingStatus as BS
from amtui.enums import VendorService
from amtui.models import Booking, Client, Project, Vendor, Workspace
from amtui.rules.bookings import STATUS_LABELS
from amtui.rules.relative import format_money
from amtui.rules.text import clean_text

PRODID = "-//amtui//Vendor bookings//EN"
ICS_STATUS = {BS.HOLD_1: "TENTATIVE", BS.HOLD_2: "TENTATIVE", BS.CONFIRMED: "CONFIRMED",
              BS.COMPLETED: "CONFIRMED", BS.CANCELLED: "CANCELLED"}


@dataclass(frozen=True)
class ExportBooking:
    id: int
    created_at: datetime
    updated_at: datetime
    version: int
    vendor: str
    service: VendorService
    project: str
    client: str
    starts_at: datetime
    ends_at: datetime
    cost: int
    status: BS
    hold_expires_at: datetime | None
    po_reference: str
    notes: str


def read_bookings(db: Database, since: datetime | None = None) -> tuple[tuple[str, str], list[ExportBooking]]:
    """(agency name, currency) and every booking (ending after ``since`` when given), by start."""
    q = (select(Booking.id, Booking.created_at, Booking.updated_at, Booking.version, Vendor.name, Vendor.service,
                Project.name, Client.name, Booking.starts_at, Booking.ends_at, Booking.cost, Booking.status,
                Booking.hold_expires_at, Booking.po_reference, Booking.notes)
         .join(Vendor, Vendor.id == Booking.vendor_id).join(Project, Project.id == Booking.project_id)
         .join(Client, Client.id == Project.client_id).order_by(Booking.starts_at, Booking.id))
    if since is not None:
        q = q.where(Booking.ends_at > since)
    with db.read() as session:
        conn = session.connection()
        ws = conn.execute(select(Workspace.agency_name, Workspace.currency)).first()
        rows = [ExportBooking(*r) for r in conn.execute(q)]
    return ((ws[0], ws[1]) if ws else ("amtui", "EUR")), rows


def booking_uid(booking_id: int, created_at: datetime) -> str:
    """The stable UID of a booking's event (see the module docstring)."""
    return f"booking-{booking_id}-{created_at.astimezone(UTC):%Y%m%dT%H%M%S}@amtui"


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(microsecond=0)


def _event(b: ExportBooking, currency: str, stamp: datetime) -> Event:
    vendor, project, client = clean_text(b.vendor), clean_text(b.project), clean_text(b.client)
    label = STATUS_LABELS[b.status]
    lines = [f"Vendor: {vendor} ({b.service.value})", f"Client: {client}", f"Project: {project}",
             f"Status: {label}"]
    if b.status in (BS.HOLD_1, BS.HOLD_2) and b.hold_expires_at is not None:
        lines.append(f"Hold expires: {_utc(b.hold_expires_at):%Y-%m-%d %H:%M} UTC")
    lines.append(f"Cost: {format_money(b.cost, currency)}")
    if po := clean_text(b.po_reference):
        lines.append(f"PO: {po}")
    if notes := clean_text(b.notes, multiline=True):
        lines += ["", notes]
    return Event.new(
        uid=booking_uid(b.id, b.created_at), stamp=stamp, created=_utc(b.created_at),
        last_modified=_utc(b.updated_at), sequence=max(b.version - 1, 0),
        start=_utc(b.starts_at), end=_utc(b.ends_at),
        summary=f"{vendor} · {project} ({client})" + ("" if b.status is BS.CONFIRMED else f" [{label}]"),
        description="\n".join(lines), categories=[b.service.value],
        status=ICS_STATUS[b.status], transparency="TRANSPARENT",  # type: ignore[arg-type]
    )


def bookings_calendar(bookings: list[ExportBooking], agency: str, currency: str, stamp: datetime,
                      progress: Callable[[int], None] | None = None) -> bytes:
    """The iCalendar file (CRLF lines, folded) for ``bookings``, stamped ``stamp``.

    ``progress(n)`` is called as events are built (icalendar takes ~2 ms per event)."""
    cal = Calendar.new(prodid=PRODID)
    del cal["UID"]  # a random calendar UID would make identical exports differ
    name = f"{clean_text(agency) or 'amtui'} — vendor bookings"
    cal.add("NAME", vText(name))  # vText: icalendar leaves NAME unescaped otherwise
    cal.add("X-WR-CALNAME", vText(name))
    for n, b in enumerate(bookings, 1):
        cal.add_component(_event(b, currency, _utc(stamp)))
        if progress is not None and n % 100 == 0:
            progress(100)
    if progress is not None and len(bookings) % 100:
        progress(len(bookings) % 100)
    return cal.to_ical()


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, so a reader never sees half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export_bookings(db: Database, now: datetime, *, since: datetime | None = None) -> tuple[bytes, int]:
    """The calendar of the bookings in ``db`` (ending after ``since``) and how many events it holds."""
    (agency, currency), rows = read_bookings(db, since)
    return bookings_calendar(rows, agency, currency, now), len(rows)
