"""The one source of "now" and "today", so tests and the demo can fix the date.

The local zone is ``$AMTUI_TZ`` (an IANA name) when set, else the system's.
Instants are stored in UTC; calendar days (follow-ups, due dates) are local days.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def local_tz() -> tzinfo:
    """``$AMTUI_TZ`` if it names a zone, else the system's local zone."""
    name = os.environ.get("AMTUI_TZ")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return datetime.now().astimezone().tzinfo or UTC


@dataclass(frozen=True)
class Clock:
    """Tells the time in a zone; ``fixed`` pins it (tests, reproducible demos)."""

    tz: tzinfo
    fixed: datetime | None = None

    @classmethod
    def system(cls) -> Clock:
        return cls(local_tz())

    @classmethod
    def at(cls, moment: datetime) -> Clock:
        """A clock stopped at ``moment`` (aware), in ``moment``'s zone."""
        if moment.tzinfo is None:
            raise ValueError("Clock.at needs an aware datetime")
        return cls(moment.tzinfo, moment)

    def now(self) -> datetime:
        """The current instant, aware, in the local zone."""
        return self.fixed if self.fixed is not None else datetime.now(self.tz)

    def today(self) -> date:
        return self.now().date()

    def local_day(self, instant: datetime) -> date:
        """The local calendar day of an aware instant."""
        return instant.astimezone(self.tz).date()
