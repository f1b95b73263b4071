"""The columns of the Vendors screen's two tables: bookings and the vendor directory.

Cells are plain text with a style name (see :mod:`amtui.widgets.columns`): user text is never
markup. Time zone, currency and "now" come in as callables so that the columns follow the
app's clock and workspace settings as they load.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from amtui.enums import BookingStatus as BS
from amtui.rules.bookings import HOLDS, STATUS_LABELS, hold_left, short_span
from amtui.rules.relative import NONE_MARK, format_money
from amtui.rules.when import format_day
from amtui.services.vendors import BookingRow, VendorRow
from amtui.widgets.columns import Cell, Column

STATUS_STYLES = {BS.HOLD_1: "accent", BS.HOLD_2: "warning", BS.CONFIRMED: "success", BS.COMPLETED: "muted",
                 BS.CANCELLED: "muted"}
SOON_HOURS = 48  # a hold expiring within this is shown as a warning


def clash_cell(r: BookingRow) -> Cell:
    """``⚠ #12`` (+ how many more) when it clashes; ``2nd #14`` on a 1st hold with a challenger;
    ``behind #12`` on a 2nd hold waiting."""
    if r.clashes:
        return f"⚠ #{r.clashes[0]}" + (f" +{len(r.clashes) - 1}" if len(r.clashes) > 1 else ""), "error"
    if r.queue and r.status is BS.HOLD_1:
        return f"2nd #{r.queue[0]}", "warning"
    return (f"behind #{r.queue[0]}", "muted") if r.queue else ("", None)


def hold_cell(r: BookingRow, now: datetime) -> Cell:
    """Time left on a hold: red once expired, amber within two days."""
    if r.status not in HOLDS or r.hold_expires_at is None:
        return NONE_MARK, "muted"
    hours = (r.hold_expires_at - now).total_seconds() / 3600
    return hold_left(r.hold_expires_at, now), "error" if hours <= 0 else "warning" if hours <= SOON_HOURS else None


def booking_columns(tz: Callable[[], tzinfo], currency: Callable[[], str],
                    now: Callable[[], datetime]) -> list[Column[BookingRow]]:
    """When, vendor, client · project, cost, status, clash marker, hold left."""
    return [
        Column("when", "When", lambda r: (short_span(r.starts_at, r.ends_at, tz()), None), width=23,
               sort_key=lambda r: r.starts_at),
        Column("vendor", "Vendor", lambda r: (r.vendor, None), width=12, flex=2, sort_key=lambda r: r.vendor),
        Column("project", "Client · project", lambda r: (f"{r.client} · {r.project}", None), width=14, flex=3,
               sort_key=lambda r: f"{r.client}\n{r.project}"),
        Column("cost", "Cost", lambda r: (format_money(r.cost, currency()), None), width=9, align="right",
               sort_key=lambda r: r.cost),
        Column("status", "Status", lambda r: (STATUS_LABELS[r.status], STATUS_STYLES[r.status]), width=9,
               sort_key=lambda r: r.status.value),
        Column("clash", "Clash", clash_cell, width=9, sort_key=lambda r: (not r.clashes, not r.queue)),
        Column("hold", "Hold", lambda r: hold_cell(r, now()), width=8, sort_key=lambda r: r.hold_expires_at),
    ]


def _next(v: VendorRow, tz: tzinfo) -> Cell:
    if v.next_start is None:
        return NONE_MARK, "muted"
    return format_day(v.next_start.astimezone(tz).date()), None


def vendor_columns(tz: Callable[[], tzinfo], currency: Callable[[], str]) -> list[Column[VendorRow]]:
    """Vendor (archived ones marked and dimmed), service, day rate, contact, bookings to come, next."""
    return [
        Column("name", "Vendor", lambda v: (f"{v.name} (archived)", "muted") if v.archived else (v.name, None),
               width=12, flex=2, sort_key=lambda v: v.name),
        Column("service", "Service", lambda v: (v.service.value, "muted"), width=11,
               sort_key=lambda v: v.service.value),
        Column("rate", "Day rate", lambda v: (format_money(v.day_rate, currency()), None), width=9,
               align="right", sort_key=lambda v: v.day_rate),
        Column("contact", "Contact", lambda v: (" · ".join(x for x in (v.contact_name, v.email, v.phone) if x),
                                                None), width=14, flex=3),
        Column("upcoming", "Booked", lambda v: (str(v.upcoming) if v.upcoming else NONE_MARK, None), width=6,
               align="right", sort_key=lambda v: v.upcoming),
        Column("next", "Next booking", lambda v: _next(v, tz()), width=15, sort_key=lambda v: v.next_start),
    ]
