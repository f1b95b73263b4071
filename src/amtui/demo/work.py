"""The small demo's projects and retainer periods, change orders, and spend.

Spend is generated to a target per project so the budget story holds: the Café Øresund
retainer period is 71% used at ~48% of its time, Lumen's shoot burns well ahead of time, and
Meridian's app launch forecasts over budget once confirmed bookings are counted.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import NamedTuple

from amtui.demo.builder import DemoBuilder
from amtui.demo.timebase import short_date
from amtui.enums import ChangeOrderStatus as COS
from amtui.enums import ProjectKind as PK
from amtui.enums import ProjectStatus as PS
from amtui.enums import SpendCategory as SC
from amtui.models import ChangeOrder, Project, Spend

MONTH_NAMES = ("", "January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")

CAFE_SPENT_CENTS = 603_500
"""71% of Café Øresund's €8,500 retainer period."""
CAFE_FRONT_LOADED_MEDIA = 278_000
"""Paid social bought on the period's first day: the rest of the spend burns at the pace that
forecasts about +12% at completion."""


class ProjectSpec(NamedTuple):
    key: str
    client: str
    name: str  # "" for retainers: named after their period
    kind: PK
    status: PS
    budget_eur: int
    start: int | str  # offset, "month" (this calendar month) or "prev" (last month)
    end: int | None
    used: float | None = None  # share of the budget (incl. approved changes) spent so far
    pace: float = 1.0  # when used is None: spend = elapsed share × pace
    media_share: float = 0.0
    carry_over: bool = False


R, P = PK.RETAINER, PK.PROJECT
PROJECTS: tuple[ProjectSpec, ...] = (
    ProjectSpec("nl_ret", "Nordlicht Energie", "", R, PS.ACTIVE, 14_000, "month", None, pace=0.95, media_share=0.5),
    ProjectSpec("nl_ret_prev", "Nordlicht Energie", "", R, PS.COMPLETED, 14_000, "prev", None, used=0.98,
                media_share=0.5, carry_over=True),
    ProjectSpec("nl_film", "Nordlicht Energie", "Brand campaign film", P, PS.ACTIVE, 95_000, -40, 50),
    ProjectSpec("nl_media", "Nordlicht Energie", "Brand media burst", P, PS.ACTIVE, 120_000, -45, 15, pace=1.02,
                media_share=0.8),
    ProjectSpec("harbor_ret", "Harbor Foods", "", R, PS.ACTIVE, 9_500, "month", None, pace=0.9),
    ProjectSpec("harbor_ret_prev", "Harbor Foods", "", R, PS.COMPLETED, 9_500, "prev", None, used=1.03),
    ProjectSpec("harbor_pack", "Harbor Foods", "Pack refresh", P, PS.ACTIVE, 36_000, -60, 20, pace=1.09),
    ProjectSpec("harbor_shoot", "Harbor Foods", "Ready-meal range shoot", P, PS.PLANNED, 28_000, 5, 30),
    ProjectSpec("lumen_ret", "Lumen Optics", "", R, PS.ACTIVE, 6_000, "month", None),
    ProjectSpec("lumen_shoot", "Lumen Optics", "New collection shoot", P, PS.ACTIVE, 42_000, -20, 40, used=0.58),
    ProjectSpec("cafe_ret", "Café Øresund", "", R, PS.ACTIVE, 8_500, -14, 15),
    ProjectSpec("cafe_ret_prev", "Café Øresund", "", R, PS.COMPLETED, 8_500, -44, -15, used=0.97, media_share=0.3),
    ProjectSpec("cafe_menu", "Café Øresund", "New menu launch", P, PS.PLANNED, 12_000, 20, 60),
    ProjectSpec("kestrel_ret", "Kestrel Outdoor", "", R, PS.ACTIVE, 7_200, "month", None, pace=0.8),
    ProjectSpec("kestrel_launch", "Kestrel Outdoor", "New range launch", P, PS.ACTIVE, 55_000, -30, 30,
                pace=1.5, media_share=0.4),
    ProjectSpec("kestrel_amb", "Kestrel Outdoor", "Ambassador programme", P, PS.CANCELLED, 18_000, -60, 40, used=0.12),
    ProjectSpec("aster_ret", "Aster Health", "", R, PS.ACTIVE, 18_000, "month", None, pace=0.97),
    ProjectSpec("aster_video", "Aster Health", "Patient stories video", P, PS.ACTIVE, 64_000, -25, 45, pace=0.9),
    ProjectSpec("aster_audit", "Aster Health", "Website accessibility audit", P, PS.COMPLETED, 18_000, -70, -5,
                used=0.967),
    ProjectSpec("meridian_ret", "Meridian Bank", "", R, PS.ACTIVE, 22_000, "month", None, media_share=0.3),
    ProjectSpec("meridian_app", "Meridian Bank", "Savings app launch", P, PS.ACTIVE, 150_000, -50, 20, used=0.90,
                media_share=0.3),
    ProjectSpec("meridian_podcast", "Meridian Bank", "Podcast series", P, PS.ACTIVE, 24_000, -10, 60, pace=0.8),
    ProjectSpec("tidewater_ret", "Tidewater Logistics", "", R, PS.ACTIVE, 3_500, "month", None),
    ProjectSpec("tidewater_show", "Tidewater Logistics", "Trade show stand", P, PS.ACTIVE, 22_000, -15, 10, pace=0.95),
    ProjectSpec("fjord_ret", "Fjordline Ferries", "", R, PS.ACTIVE, 5_500, "month", None, pace=0.92),
    ProjectSpec("fjord_routes", "Fjordline Ferries", "New routes campaign", P, PS.ACTIVE, 48_000, -35, 55,
                media_share=0.5),
    ProjectSpec("greenleaf_loyalty", "Greenleaf Grocers", "Loyalty relaunch", P, PS.ON_HOLD, 30_000, -90, 60, used=0.4),
    ProjectSpec("orbit_pitch", "Orbit Robotics", "Launch campaign pitch", P, PS.PLANNED, 3_500, 1, 21),
    ProjectSpec("copper_content", "Copperline Architects", "Content programme", P, PS.COMPLETED, 40_000, -400, -40,
                used=0.98),
    ProjectSpec("pine_ret", "Pinecrest Hotels", "", R, PS.ACTIVE, 7_800, "month", None, pace=0.95),
    ProjectSpec("pine_photo", "Pinecrest Hotels", "Spa opening photography", P, PS.ACTIVE, 16_000, -5, 25),
    ProjectSpec("brio_trailer", "Brio Games", "Launch trailer", P, PS.COMPLETED, 35_000, -300, -200, used=1.04),
)

# project key, amount (EUR, may be negative), reason, status, decided (offset) or None
CHANGE_ORDERS: tuple[tuple[str, int, str, COS, int | None], ...] = (
    ("nl_film", 12_000, "Extra cut-downs for social", COS.APPROVED, -20),
    ("nl_film", 6_500, "Additional radio edit", COS.PROPOSED, None),
    ("lumen_shoot", 4_000, "Second location day", COS.APPROVED, -10),
    ("lumen_shoot", 9_000, "Drone footage", COS.REJECTED, -7),
    ("meridian_app", 20_000, "Accessibility review and fixes", COS.APPROVED, -30),
    ("meridian_app", 15_000, "Extra launch market (NL)", COS.PROPOSED, None),
    ("kestrel_launch", -5_000, "Influencer strand descoped", COS.PROPOSED, None),
    ("harbor_pack", 3_000, "Additional pack size", COS.REJECTED, -25),
    ("aster_video", 7_500, "Third clinic interviews", COS.APPROVED, -12),
)


def period(b: DemoBuilder, spec: ProjectSpec) -> tuple[date, date]:
    """The first and last day of a project (calendar months for "month"/"prev")."""
    t = b.time
    if spec.start in ("month", "prev"):
        first = t.today.replace(day=1)
        if spec.start == "prev":
            first = (first - timedelta(days=1)).replace(day=1)
        return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])
    assert isinstance(spec.start, int) and spec.end is not None
    return t.day(spec.start), t.day(spec.end)


def project_name(spec: ProjectSpec, first: date, last: date) -> str:
    """Campaigns keep their name; retainers are named after their period."""
    if spec.name:
        return spec.name
    if first.day == 1 and (last + timedelta(days=1)).day == 1:
        return f"{MONTH_NAMES[first.month]} {first.year} retainer"
    return f"Retainer {short_date(first)} – {short_date(last)}"


def build_projects(b: DemoBuilder) -> None:
    """Add every project and change order; remember each project's id, dates and budget."""
    for spec in PROJECTS:
        first, last = period(b, spec)
        row = b.add(Project, client_id=b.id("client", spec.client), name=project_name(spec, first, last),
                    kind=spec.kind, status=spec.status, budget=spec.budget_eur * 100, start_on=first, end_on=last,
                    carry_over=spec.carry_over, created=b.time.stamp(min((first - b.time.today).days, 0) - 7))
        b.remember("project", spec.key, row.id)  # type: ignore[arg-type]
    for key, amount, reason, status, decided in CHANGE_ORDERS:
        b.add(ChangeOrder, project_id=b.id("project", key), amount=amount * 100, reason=reason, status=status,
              decided_at=b.time.at(decided, 15) if decided is not None else None,
              created=b.time.stamp((decided or 0) - 4, 11))


def approved_budget(spec: ProjectSpec) -> int:
    """Budget in cents including approved change orders."""
    extra = sum(a for k, a, _, s, _ in CHANGE_ORDERS if k == spec.key and s is COS.APPROVED)
    return (spec.budget_eur + extra) * 100


def spend_target(b: DemoBuilder, spec: ProjectSpec) -> int:
    """How much (cents) the project should have spent by today."""
    if spec.key == "cafe_ret":
        return CAFE_SPENT_CENTS
    first, last = period(b, spec)
    if spec.used is not None:
        share = spec.used
    else:
        elapsed = (min(b.time.today, last) - first).days / max((last - first).days, 1)
        share = max(elapsed, 0.0) * spec.pace
    return round(approved_budget(spec) * share / 100) * 100  # whole euros


def build_spend(b: DemoBuilder, booked: dict[str, int]) -> None:
    """Add labour/media/other spend so each project reaches its target.

    ``booked`` is the vendor spend (cents) already added per project from completed bookings.
    """
    for spec in PROJECTS:
        first, last = period(b, spec)
        until = min(last, b.time.today)
        remaining = spend_target(b, spec) - booked.get(spec.key, 0)
        if until < first or remaining <= 0:
            continue
        pid = b.id("project", spec.key)
        if spec.key == "cafe_ret":
            add_spend(b, pid, first, CAFE_FRONT_LOADED_MEDIA, SC.MEDIA, "Paid social, period budget")
            remaining -= CAFE_FRONT_LOADED_MEDIA
            first += timedelta(days=1)
        media = int(remaining * spec.media_share) // 100 * 100
        spread(b, pid, first, until, media, SC.MEDIA)
        spread(b, pid, first, until, remaining - media, SC.LABOUR)


SPEND_NOTES = {
    SC.LABOUR: ("Team hours, week to date", "Design and copy hours", "Account and strategy hours",
                "Production hours", "Developer hours"),
    SC.MEDIA: ("Paid social", "Search ads", "Programmatic display", "Out-of-home booking", "Radio spots"),
    SC.OTHER: ("Stock imagery licence", "Couriers", "Props and materials"),
}


def spread(b: DemoBuilder, project_id: int, first: date, last: date, total: int, category: SC) -> None:
    """Split ``total`` cents into rows every few days between ``first`` and ``last``."""
    if total <= 0:
        return
    days: list[date] = []
    d = first
    while d <= last:
        days.append(d)
        d += timedelta(days=b.rng.randint(3, 6))
    weights = [b.rng.uniform(0.6, 1.4) for _ in days]
    scale = sum(weights)
    parts = [int(total * w / scale) // 100 * 100 for w in weights]
    parts[-1] += total - sum(parts)
    for day, amount in zip(days, parts):
        cat = SC.OTHER if category is SC.LABOUR and b.rng.random() < 0.12 else category
        add_spend(b, project_id, day, amount, cat, b.rng.choice(SPEND_NOTES[cat]))


def add_spend(b: DemoBuilder, project_id: int, day: date, amount: int, category: SC, note: str,
              booking_id: int | None = None) -> None:
    """One spend row, entered at the end of its day."""
    b.add(Spend, project_id=project_id, booking_id=booking_id, spent_on=day, amount=amount,
          category=category, note=note, created=b.time.stamp(day, 17))
