"""Vendors and bookings: the public face of the feature (screens, Today, Budgets, the CLI and
the tests import from here).

* reading bookings — :mod:`~amtui.services.booking_reads`: the list with clash and hold-queue
  markers, one booking, the booking form's choices, holds for Today, committed cost for Budgets;
* writing bookings — :mod:`~amtui.services.booking_writes`: saving with a clash check, status
  changes with their effects;
* the directory — :mod:`~amtui.services.vendor_directory` (reads) and
  :mod:`~amtui.services.vendor_edits` (add, edit, archive, restore);
* the dataclasses they take and return — :mod:`~amtui.services.booking_types`.
"""

from __future__ import annotations

from amtui.enums import BookingStatus as BS
from amtui.services.booking_reads import (
    booking_detail,
    committed_by_project,
    expiring_holds,
    form_options,
    unconfirmed_soon,
    upcoming_bookings,
)
from amtui.services.booking_types import (
    BookingDetail,
    BookingDue,
    BookingFilters,
    BookingForm,
    BookingRow,
    Period,
    StatusChange,
    VendorForm,
    VendorRecord,
    VendorRow,
)
from amtui.services.booking_writes import STALE, change_status, save_booking
from amtui.services.vendor_directory import get_vendor, vendor_directory, vendor_names
from amtui.services.vendor_edits import create_vendor, name_taken, set_vendor_archived, update_vendor, vendor_values

__all__ = [
    "BS",
    "STALE",
    "BookingDetail",
    "BookingDue",
    "BookingFilters",
    "BookingForm",
    "BookingRow",
    "Period",
    "StatusChange",
    "VendorForm",
    "VendorRecord",
    "VendorRow",
    "booking_detail",
    "change_status",
    "committed_by_project",
    "create_vendor",
    "expiring_holds",
    "form_options",
    "get_vendor",
    "name_taken",
    "save_booking",
    "set_vendor_archived",
    "unconfirmed_soon",
    "upcoming_bookings",
    "update_vendor",
    "vendor_directory",
    "vendor_names",
    "vendor_values",
]
