"""Dates and instants of the demo, all derived from one ``today`` and the local zone.

Nothing here reads the real clock: the same ``today`` (and zone) always gives the same
values, which is what makes the demo deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
"""English month abbreviations (``strftime('%b')`` would follow the user's locale)."""

DayRef = int | str | None
"""A day relative to today: an ``int`` offset, ``"twN"``/``"nwN"`` (this/next week's
weekday N, Monday = 0), or ``None`` for no day."""


@dataclass(frozen=True)
class DemoTime:
    """The demo's "today" plus helpers to place days and times around it.

    Attributes:
        today: the local calendar day everything is relative to.
        tz: the local zone; times of day (a 10:00 call) are local, stored in UTC.
    """

    today: date
    tz: tzinfo

    def day(self, offset: int) -> date:
        """``today`` shifted by ``offset`` days."""
        return self.today + timedelta(days=offset)

    @property
    def this_monday(self) -> date:
        """Monday of the current week (may be today)."""
        return self.today - timedelta(days=self.today.weekday())

    @property
    def next_monday(self) -> date:
        """Monday of next week (1 to 7 days ahead)."""
        return self.this_monday + timedelta(days=7)

    def resolve(self, ref: DayRef) -> date | None:
        """Turn a :data:`DayRef` into a date (``None`` stays ``None``)."""
        if ref is None:
            return None
        if isinstance(ref, int):
            return self.day(ref)
        week = {"tw": self.this_monday, "nw": self.next_monday}[ref[:2]]
        return week + timedelta(days=int(ref[2:]))

    def at(self, day: date | int, hour: int, minute: int = 0) -> datetime:
        """An aware UTC instant at local ``hour:minute`` of ``day`` (a date or an offset)."""
        when = self.day(day) if isinstance(day, int) else day
        return datetime.combine(when, time(hour, minute), tzinfo=self.tz).astimezone(UTC)

    def workday(self, offset: int) -> date:
        """The day ``offset`` from today, moved back to Friday when it falls on a weekend."""
        d = self.day(offset)
        while d.weekday() >= 5:
            d -= timedelta(days=1)
        return d

    @property
    def morning(self) -> datetime:
        """Today at 09:00 local: the moment the story's "expires in 20 h" is measured from."""
        return self.at(self.today, 9)

    def stamp(self, day: date | int, hour: int = 9) -> datetime:
        """A created/updated timestamp: local ``hour`` on ``day``, never after this morning."""
        return min(self.at(day, hour), self.at(self.today, 8))


def short_date(d: date) -> str:
    """``14 Mar``: a locale-independent short day label for names."""
    return f"{d.day} {MONTHS[d.month]}"
