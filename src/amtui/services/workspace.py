"""Workspace settings (the single ``workspace`` row)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select

from amtui.db import Database
from amtui.models import Workspace


@dataclass(frozen=True)
class WorkspaceInfo:
    agency_name: str
    currency: str
    is_demo: bool
    variance_threshold_pct: float
    default_cadence_ideal_days: int
    default_cadence_max_days: int
    location: str  # where the workspace lives, password masked


def workspace_info(db: Database) -> WorkspaceInfo:
    """The workspace's settings, defaults when the row was never written."""
    with db.read() as session:
        row = session.exec(select(Workspace)).first() or Workspace()
        return WorkspaceInfo(
            agency_name=row.agency_name,
            currency=row.currency,
            is_demo=row.is_demo,
            variance_threshold_pct=row.variance_threshold_pct,
            default_cadence_ideal_days=row.default_cadence_ideal_days,
            default_cadence_max_days=row.default_cadence_max_days,
            location=db.target.display,
        )
