"""What the vendor and booking services take and return: plain, frozen dataclasses.

Import them from :mod:`amtui.services.vendors` (the public face of the feature); they live here
so that the reading and writing modules share them without an import cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, NamedTuple

from amtui.enums import BookingStatus as BS
from amtui.enums import VendorService

Period = Literal["week", "month", "upcoming", "past", "all"]
PERIOD_DAYS = {"week": 7, "month": 30}
NEW_STATUSES = (BS.HOLD_1, BS.HOLD_2, BS.CONFIRMED)


@dataclass(frozen=True)
class BookingFilters:
    """``status`` None: every status but cancelled. ``period`` counts from the start of today."""

    vendor_id: int | None = None
    status: BS | None = None
    period: Period = "upcoming"


class BookingRow(NamedTuple):
    """One booking of the list. A named tuple, not a dataclass: the list holds up to 100k rows,
    and a frozen dataclass costs ~7x more to build."""

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
    """One vendor of the directory."""

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
    version: int = 1
    archived: bool = False


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
    a new booking: later changes go through :func:`~amtui.services.vendors.change_status`."""

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


@dataclass(frozen=True)
class VendorForm:
    """What the vendor form submits (typed values; validated by the service). ``day_rate`` in cents."""

    name: str
    service: VendorService | str
    contact_name: str = ""
    email: str = ""
    phone: str = ""
    day_rate: int = 0
    notes: str = ""


@dataclass(frozen=True)
class VendorRecord:
    """Every stored field of a vendor, with the version it was loaded at (for the edit form)."""

    id: int
    version: int
    name: str
    service: VendorService
    contact_name: str
    email: str
    phone: str
    day_rate: int
    notes: str
    archived: bool
    upcoming: int  # bookings not cancelled and not over
