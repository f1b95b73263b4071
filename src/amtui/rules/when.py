"""The WHEN grammar: one parser for forms, the capture line and the command line.

Accepted (case-insensitive, surrounding whitespace ignored)::

    today  yesterday  tomorrow  now
    mon … sun, monday … sunday      the next such day strictly after today
    +3d  -1d  +2w  +1m              signed offsets in days, weeks, months (clamped to month end)
    2026-12-01                      ISO date
    14:30                           today at that time
    DATE HH:MM                      any day form above (not ``now``) at that time

Durations (``parse_duration``): ``30m``, ``1h``, ``1h30m``, ``1.5h``, ``90`` (minutes).
"""

from __future__ import annotations

import math
import re
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from amtui.rules.text import one_line

MIN_YEAR = 1900
MAX_YEAR = 2200
MAX_DURATION_MINUTES = 24 * 60
DEFAULT_TIME = time(9, 0)
EXAMPLES = "try today, fri, +3d, 2026-12-01 or 14:30"

WEEKDAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAYS: dict[str, int] = {
    **{name: i for i, name in enumerate(_WEEKDAY_NAMES)},
    **{name[:3]: i for i, name in enumerate(_WEEKDAY_NAMES)},
    "tues": 1,
    "thur": 3,
    "thurs": 3,
}
DAY_WORDS: dict[str, int] = {"yesterday": -1, "today": 0, "tomorrow": 1}

_OFFSET = re.compile(r"([+-])([0-9]{1,6})([dwm])")
_UNSIGNED_OFFSET = re.compile(r"[0-9]{1,6}[dwm]")
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_TIME = re.compile(r"([0-9]{1,2}):([0-9]{2})")
_ISO_T = re.compile(r"([0-9]{4}-[0-9]{1,2}-[0-9]{1,2})t([0-9]{1,2}:[0-9]{2})")
_NUMBER = r"[0-9]+(?:\.[0-9]+)?|\.[0-9]+"
_DURATION = re.compile(
    rf"(?:(?P<h>{_NUMBER})\s*(?:h|hr|hrs|hour|hours))?\s*"
    rf"(?:(?P<m>{_NUMBER})\s*(?:m|min|mins|minute|minutes))?"
)
_DURATION_TOKEN = re.compile(
    r"[0-9]+(?:\.[0-9]+)?(?:h|hr|hrs)(?:[0-9]+(?:m|min|mins))?|[0-9]+(?:\.[0-9]+)?(?:m|min|mins)"
)


class WhenError(ValueError):
    """A WHEN or duration text could not be read; the message is meant for the user."""


def _show(text: str) -> str:
    """User text made safe and short for an error message."""
    return one_line(text, 40)


@dataclass(frozen=True)
class When:
    """A parsed WHEN: a calendar day and, when one was given, a wall-clock time.

    ``ref`` is the ``now`` the text was parsed against (kept out of equality).
    """

    day: date
    time: time | None = None
    ref: datetime | None = field(default=None, compare=False, repr=False)

    def as_datetime(self, now: datetime | None = None) -> datetime:
        """The aware datetime meant, in the time zone of ``now`` (default: ``ref``).

        With a time: that time on ``day``. Without: ``now`` itself when ``day`` is today,
        otherwise 09:00 local on ``day``.
        """
        ref = now if now is not None else self.ref
        if ref is None:
            raise ValueError("When.as_datetime needs a reference 'now'")
        if self.time is not None:
            return datetime.combine(self.day, self.time, tzinfo=ref.tzinfo)
        if self.day == ref.date():
            return ref
        return datetime.combine(self.day, DEFAULT_TIME, tzinfo=ref.tzinfo)

    def describe(self, today: date | None = None) -> str:
        """A live-preview label, e.g. ``"Fri 27 Nov 2026 (in 3 days)"``."""
        if today is None:
            today = self.ref.date() if self.ref is not None else self.day
        label = format_day(self.day)
        if self.time is not None:
            label += f" {self.time.hour:02d}:{self.time.minute:02d}"
        return f"{label} ({relative_phrase(self.day, today)})"


def format_day(d: date) -> str:
    """``"Fri 27 Nov 2026"``, independent of the process locale."""
    return f"{WEEKDAY_ABBR[d.weekday()]} {d.day} {MONTH_ABBR[d.month - 1]} {d.year}"


def relative_phrase(d: date, today: date) -> str:
    """``"today"``, ``"tomorrow"``, ``"yesterday"``, ``"in 3 days"`` or ``"5 days ago"``."""
    n = (d - today).days
    if n == 0:
        return "today"
    if n == 1:
        return "tomorrow"
    if n == -1:
        return "yesterday"
    return f"in {n} days" if n > 0 else f"{-n} days ago"


def add_months(d: date, months: int) -> date:
    """``d`` moved by ``months`` calendar months, clamped to the end of the target month."""
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise OverflowError("year out of range")
    return date(year, month + 1, min(d.day, monthrange(year, month + 1)[1]))


def _check_year(d: date, text: str) -> date:
    if not MIN_YEAR <= d.year <= MAX_YEAR:
        raise WhenError(f"'{_show(text)}' is out of range: years {MIN_YEAR}-{MAX_YEAR} only")
    return d


def is_day_form(text: str) -> bool:
    """True when ``text`` has the shape of a day form (it may still be invalid, e.g. 2026-02-30)."""
    t = text.strip().lower()
    return t in DAY_WORDS or t in WEEKDAYS or _OFFSET.fullmatch(t) is not None or _ISO.fullmatch(t) is not None


def is_time_form(text: str) -> bool:
    """True when ``text`` has the shape ``H:MM``/``HH:MM`` (it may still be out of range)."""
    return _TIME.fullmatch(text.strip()) is not None


def is_duration_token(text: str) -> bool:
    """True for a duration with a unit and no sign (``30m``, ``1h``, ``1h30m``, ``1.5h``)."""
    return _DURATION_TOKEN.fullmatch(text.strip().lower()) is not None


def parse_day(text: str, today: date) -> date:
    """Parse a day form (no time) relative to ``today``. Raises ``WhenError``."""
    t = " ".join(text.split()).lower()
    if not t:
        raise WhenError(f"enter a date: {EXAMPLES}")
    if t in DAY_WORDS:
        return _check_year(today + timedelta(days=DAY_WORDS[t]), t)
    if t in WEEKDAYS:
        ahead = (WEEKDAYS[t] - today.weekday() - 1) % 7 + 1
        return _check_year(today + timedelta(days=ahead), t)
    if m := _OFFSET.fullmatch(t):
        n = int(m[2]) * (1 if m[1] == "+" else -1)
        try:
            step = 7 if m[3] == "w" else 1
            result = add_months(today, n) if m[3] == "m" else today + timedelta(days=n * step)
        except OverflowError:
            raise WhenError(f"'{_show(text)}' is out of range: years {MIN_YEAR}-{MAX_YEAR} only") from None
        return _check_year(result, text)
    if m := _ISO.fullmatch(t):
        try:
            result = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise WhenError(f"'{_show(text)}' is not a valid date") from None
        return _check_year(result, text)
    if _UNSIGNED_OFFSET.fullmatch(t):
        raise WhenError(f"'{_show(text)}' needs a sign: +{t} (ahead) or -{t} (ago)")
    raise WhenError(f"couldn't read '{_show(text)}' as a date: {EXAMPLES}")


def parse_time(text: str) -> time:
    """Parse ``H:MM`` or ``HH:MM`` (hours 0-23, minutes 0-59). Raises ``WhenError``."""
    m = _TIME.fullmatch(text.strip())
    if m is None:
        raise WhenError(f"couldn't read '{_show(text)}' as a time: try 9:15 or 14:30")
    hour, minute = int(m[1]), int(m[2])
    if hour > 23 or minute > 59:
        raise WhenError(f"'{_show(text)}' is not a valid time: hours 0-23, minutes 0-59 (e.g. 14:30)")
    return time(hour, minute)


def parse_when(text: str, now: datetime) -> When:
    """Parse WHEN ``text`` against ``now`` (an aware datetime in the user's zone).

    Raises ``WhenError`` with a message naming what was wrong and giving examples.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("parse_when needs a timezone-aware 'now'")
    if not isinstance(text, str):
        raise WhenError(f"enter a date: {EXAMPLES}")
    today = date(now.year, now.month, now.day)  # plain types even for pendulum's subclasses
    t = " ".join(text.split()).lower()
    if not t:
        raise WhenError(f"enter a date: {EXAMPLES}")
    if t == "now":
        return When(today, time(now.hour, now.minute, now.second), now)
    if m := _ISO_T.fullmatch(t):
        t = f"{m[1]} {m[2]}"
    parts = t.split(" ")
    if len(parts) == 1:
        if is_time_form(t):
            return When(today, parse_time(t), now)
        return When(parse_day(t, today), None, now)
    if len(parts) == 2 and is_time_form(parts[1]) and parts[0] != "now":
        return When(parse_day(parts[0], today), parse_time(parts[1]), now)
    raise WhenError(f"couldn't read '{_show(text)}' as a date: {EXAMPLES}")


def parse_duration(text: str) -> int:
    """Parse a duration into whole minutes: ``30m``, ``1h``, ``1h30m``, ``1.5h``, ``90``.

    Fractions are rounded to the nearest minute. Raises ``WhenError`` for negative, non-finite,
    unreadable or absurd (over 24 hours) values.
    """
    t = " ".join(str(text).split()).lower()
    if not t:
        raise WhenError("enter a duration, e.g. 30m, 1h, 1h30m or 90")
    if t.startswith("-"):
        raise WhenError(f"duration '{_show(text)}' can't be negative")
    if t.lstrip("+") in ("nan", "inf", "infinity"):
        raise WhenError(f"'{_show(text)}' is not a duration: try 30m, 1h, 1h30m or 90")
    t = t.lstrip("+")
    if re.fullmatch(_NUMBER, t):
        minutes = float(t)
    else:
        m = _DURATION.fullmatch(t)
        if m is None or (m["h"] is None and m["m"] is None):
            raise WhenError(f"couldn't read '{_show(text)}' as a duration: try 30m, 1h, 1h30m or 90")
        minutes = float(m["h"] or 0) * 60 + float(m["m"] or 0)
    if not math.isfinite(minutes) or minutes > MAX_DURATION_MINUTES:
        raise WhenError(f"duration '{_show(text)}' is over 24 hours: check the units (30m, 1h)")
    return math.floor(minutes + 0.5)


def format_duration(minutes: int) -> str:
    """``90`` → ``"1h 30m"``, ``45`` → ``"45m"``, ``120`` → ``"2h"``."""
    hours, mins = divmod(max(int(minutes), 0), 60)
    if hours and mins:
        return f"{hours}h {mins}m"
    return f"{hours}h" if hours else f"{mins}m"
