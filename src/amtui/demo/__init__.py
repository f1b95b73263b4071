"""``amtui demo``: a ready-made workspace so a new user sees a living agency at once.

``size="small"`` seeds a hand-written agency whose data tells the story of DESIGN.md's
"A morning with amtui"; ``size="large"`` seeds the benchmark-scale workspace (see
:mod:`amtui.demo.large`). Everything is generated relative to ``today`` with a fixed random
seed, so a given day (and local zone) always gives the same rows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import exists, select
from sqlmodel import Session

from amtui.clock import Clock
from amtui.db import Database
from amtui.demo.timebase import DemoTime
from amtui.models import Client, TeamMember, Vendor, Workspace

if TYPE_CHECKING:
    from amtui.demo.large import LargeSizes

SIZES = ("small", "large")


class DemoError(Exception):
    """The demo cannot be seeded here; the message is meant for the user."""


def seed_demo(
    db: Database,
    *,
    size: str = "small",
    today: date | None = None,
    progress: Callable[[float], None] | None = None,
    large_sizes: LargeSizes | None = None,
) -> bool:
    """Seed a demo workspace into ``db``; return False when it already holds one.

    Args:
        db: an open, migrated workspace.
        size: ``"small"`` (a living agency) or ``"large"`` (benchmark scale).
        today: the day the demo is built around; defaults to the local today.
        progress: called with the fraction done (0..1) as seeding goes on.
        large_sizes: row counts of the large demo (default :class:`LargeSizes`; tests scale it down).

    Raises:
        DemoError: ``db`` holds real data (nothing is written), or ``size`` is unknown.
    """
    if size not in SIZES:
        raise DemoError(f"unknown demo size {size!r}; choose one of: {', '.join(SIZES)}")
    report = progress or (lambda _fraction: None)
    clock = Clock.system()
    time = DemoTime(today or clock.today(), clock.tz)
    if size == "large":
        from amtui.demo import large

        with db.write() as session:
            if not _may_seed(db, session):
                return False
            large.seed_large(session, time, large_sizes or large.LargeSizes(), report)
    else:
        from amtui.demo.small import seed_small

        with db.write() as session:
            if not _may_seed(db, session):
                return False
            report(0.05)
            seed_small(session, time, report)
    report(1.0)
    return True


def _may_seed(db: Database, session: Session) -> bool:
    """True on an empty workspace, False when it is already a demo; DemoError on real data."""
    workspace = session.get(Workspace, 1)
    if workspace is not None and workspace.is_demo:
        return False
    real = workspace is not None or any(
        session.execute(select(exists().where(model.id.isnot(None)))).scalar()  # type: ignore[attr-defined]
        for model in (Client, TeamMember, Vendor)
    )
    if real:
        raise DemoError(
            f"{db.target.display} already holds a workspace that is not a demo; use --db to pick a new file"
        )
    return True
