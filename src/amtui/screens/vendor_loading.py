"""What the Vendors screen's loading workers run and hand back to the UI thread.

Long periods (past, all dates: up to 100k bookings) load in two steps: the first page, with
exact markers, is posted at once (:class:`FirstPage`, a few hundred milliseconds), then the
whole list follows as the worker's result. Each load carries the ``generation`` of the reload
that asked for it, so a page of a load since replaced is never shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from textual.message import Message

from amtui.db import Database
from amtui.services.vendors import BookingFilters, BookingRow, VendorRow, upcoming_bookings, vendor_directory

FIRST_PAGE = 200  # rows shown at once for a long period, before the whole list
LONG_PERIODS = ("past", "all")


@dataclass(frozen=True)
class BookingsLoaded:
    """Bookings for the table (``partial``: the first page only)."""

    rows: list[BookingRow]
    generation: int  # which reload it answers
    partial: bool = False


@dataclass(frozen=True)
class DirectoryLoaded:
    """Vendors for the directory."""

    vendors: list[VendorRow]


class FirstPage(Message):
    """The first page of a long list, posted by the loading worker before the whole list."""

    def __init__(self, loaded: BookingsLoaded) -> None:
        super().__init__()
        self.loaded = loaded


def load_bookings(db: Database, today: date, tz: tzinfo, filters: BookingFilters, generation: int,
                  post: Callable[[FirstPage], object]) -> BookingsLoaded:
    """The bookings for ``filters`` (runs in a thread); ``post`` gets the first page of a long one."""
    if filters.period in LONG_PERIODS:
        first = upcoming_bookings(db, today, filters, tz, limit=FIRST_PAGE)
        if len(first) == FIRST_PAGE:
            post(FirstPage(BookingsLoaded(first, generation, partial=True)))
    return BookingsLoaded(upcoming_bookings(db, today, filters, tz), generation)


def load_directory(db: Database, now: datetime, include_archived: bool) -> DirectoryLoaded:
    """The vendor directory (runs in a thread)."""
    return DirectoryLoaded(vendor_directory(db, now, include_archived=include_archived))
