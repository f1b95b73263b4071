"""The small demo's vendor bookings, in every status, with the vendor spend of finished ones.

The story: Ida Krogh's first hold for the Lumen shoot expires 20 h after 09:00 today with
Harbor Foods' second hold waiting on the same day; Reel Harbour Films is confirmed twice on
overlapping days (a clash); several confirmed bookings start within a week.
"""

from __future__ import annotations

from datetime import timedelta
from typing import NamedTuple

from amtui.demo.builder import DemoBuilder
from amtui.demo.work import add_spend
from amtui.enums import BookingStatus as BS
from amtui.enums import SpendCategory
from amtui.models import Booking, Vendor

STORY_HOLD_HOURS = 20
"""The Lumen first hold expires this many hours after 09:00 local today."""


class BookingSpec(NamedTuple):
    vendor: str  # first word of the vendor's name
    project: str  # project key (see work.PROJECTS)
    start: int  # offset of the first day
    days: int
    status: BS
    expires: int | None  # hold expiry: days from today at 17:00; None = the story's 20 h
    po: str
    notes: str
    cost_eur: int | None = None  # None: days × day rate


BOOKINGS: tuple[BookingSpec, ...] = (
    BookingSpec("Ida", "lumen_shoot", 9, 2, BS.HOLD_1, None, "", "Collection shoot: studio day + location day"),
    BookingSpec("Ida", "harbor_shoot", 9, 1, BS.HOLD_2, 4, "", "Ready-meal stills; second in line behind Lumen"),
    BookingSpec("Reel", "nl_film", 14, 3, BS.CONFIRMED, None, "NW-PO-2381", "Brand film: three shoot days"),
    BookingSpec("Reel", "aster_video", 15, 2, BS.CONFIRMED, None, "NW-PO-2394", "Patient interviews at two clinics"),
    BookingSpec("Soundbay", "meridian_podcast", 3, 1, BS.CONFIRMED, None, "NW-PO-2402", "Record episodes 1 and 2"),
    BookingSpec("Polyglot", "fjord_routes", 2, 3, BS.CONFIRMED, None, "NW-PO-2399",
                "Norwegian and German versions of the route pages"),
    BookingSpec("Stagecraft", "tidewater_show", 6, 2, BS.CONFIRMED, None, "NW-PO-2377", "Stand build and de-rig"),
    BookingSpec("Northlight", "meridian_app", 8, 1, BS.CONFIRMED, None, "NW-PO-2405", "Launch posters, 48-sheet",
                9_500),
    BookingSpec("Stagecraft", "meridian_app", 12, 4, BS.CONFIRMED, None, "NW-PO-2406", "Launch event, AV and staging"),
    BookingSpec("Marta", "meridian_app", 5, 2, BS.CONFIRMED, None, "NW-PO-2407", "In-app onboarding copy"),
    BookingSpec("Soundbay", "meridian_podcast", 17, 1, BS.HOLD_1, 7, "", "Episodes 3 and 4"),
    BookingSpec("Ruth", "pine_photo", 10, 1, BS.HOLD_1, 5, "", "Spa treatment rooms"),
    BookingSpec("Ruth", "pine_photo", -3, 1, BS.COMPLETED, None, "NW-PO-2371", "Hotel exteriors and lobby"),
    BookingSpec("Northlight", "tidewater_show", -5, 1, BS.COMPLETED, None, "NW-PO-2365",
                "Leaflets and roller banners", 2_450),
    BookingSpec("Marta", "meridian_app", -20, 3, BS.COMPLETED, None, "NW-PO-2341", "App store and landing page copy"),
    BookingSpec("Inkwell", "cafe_ret", -12, 2, BS.COMPLETED, None, "NW-PO-2358", "Menu board illustrations"),
    BookingSpec("Polyglot", "cafe_ret", -8, 1, BS.COMPLETED, None, "NW-PO-2362", "Swedish menu translation"),
    BookingSpec("Reel", "nl_film", -18, 1, BS.COMPLETED, None, "NW-PO-2340", "Test shoot"),
    BookingSpec("Ida", "lumen_shoot", -15, 1, BS.COMPLETED, None, "NW-PO-2349", "Casting test shots"),
    BookingSpec("Polyglot", "aster_audit", -40, 2, BS.COMPLETED, None, "NW-PO-2288",
                "Accessibility statement translations"),
    BookingSpec("Reel", "brio_trailer", -250, 4, BS.COMPLETED, None, "NW-PO-1980", "Trailer shoot"),
    BookingSpec("Ruth", "copper_content", -200, 1, BS.COMPLETED, None, "NW-PO-2102", "Partner portraits"),
    BookingSpec("Stagecraft", "kestrel_amb", 20, 1, BS.CANCELLED, None, "", "Ambassador launch evening (cancelled)"),
    BookingSpec("Inkwell", "kestrel_launch", -10, 1, BS.CANCELLED, None, "", "Illustration route dropped by client"),
)


def build_bookings(b: DemoBuilder) -> dict[str, int]:
    """Add the bookings and the vendor spend of completed ones; return that spend per project."""
    t = b.time
    rates = {v.name.split()[0]: v.day_rate for v in b.rows[Vendor]}  # type: ignore[attr-defined]
    booked: dict[str, int] = {}
    for spec in BOOKINGS:
        cost = spec.cost_eur * 100 if spec.cost_eur is not None else spec.days * rates[spec.vendor]
        holding = spec.status in (BS.HOLD_1, BS.HOLD_2)
        if not holding:
            expires = None
        elif spec.expires is None:
            expires = t.morning + timedelta(hours=STORY_HOLD_HOURS)
        else:
            expires = t.at(spec.expires, 17)
        row = b.add(Booking, vendor_id=b.id("vendor", spec.vendor), project_id=b.id("project", spec.project),
                    starts_at=t.at(spec.start, 9), ends_at=t.at(spec.start + spec.days - 1, 18), cost=cost,
                    status=spec.status, hold_expires_at=expires, po_reference=spec.po, notes=spec.notes,
                    created=t.stamp(min(spec.start - 21, -1), 10))
        if spec.status is BS.COMPLETED:
            last_day = t.day(spec.start + spec.days - 1)
            add_spend(b, row.project_id, last_day, cost, SpendCategory.VENDOR, f"Invoice {spec.po}",
                      booking_id=row.id)
            booked[spec.project] = booked.get(spec.project, 0) + cost
    return booked
