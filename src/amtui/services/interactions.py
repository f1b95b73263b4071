"""Logging interactions and working follow-ups.

CONTRACT (being implemented): dataclasses final, functions written by the services engineer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from amtui.enums import Direction, InteractionKind


@dataclass(frozen=True)
class LogRequest:
    """A touch to log. ``occurred_at`` must be aware; the past is allowed, the future is not
    (beyond a minute of clock skew)."""

    client_id: int
    kind: InteractionKind
    summary: str
    occurred_at: datetime
    direction: Direction = Direction.OUTBOUND
    duration_minutes: int = 0
    sentiment: int = 0
    follow_up_on: date | None = None
    contact_id: int | None = None
    logged_by_id: int | None = None
    completes_follow_up_id: int | None = None  # an open follow-up this touch answers
