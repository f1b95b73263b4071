"""The small demo: a living agency of fifteen clients, built in memory, written at once."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from amtui.demo.agency import build_agency
from amtui.demo.bookings import build_bookings
from amtui.demo.builder import DemoBuilder
from amtui.demo.interactions import build_interactions
from amtui.demo.tasks import build_tasks
from amtui.demo.timebase import DemoTime
from amtui.demo.work import build_projects, build_spend


def build_small(time: DemoTime) -> DemoBuilder:
    """Every row of the small demo for ``time``, not yet written (pure and deterministic)."""
    b = DemoBuilder(time)
    build_agency(b)
    build_projects(b)
    booked = build_bookings(b)
    build_spend(b, booked)
    build_tasks(b)
    build_interactions(b)
    return b


def seed_small(session: Session, time: DemoTime, progress: Callable[[float], None]) -> int:
    """Write the small demo in ``session`` (the caller commits); return the number of rows."""
    b = build_small(time)
    progress(0.4)
    b.write(session)
    progress(0.9)
    return b.count()
