"""Reading one CSV cell into a typed value: dates, instants, money, numbers, yes/no and the
enumerations with the words CRMs use for them. Each parser raises ``ValueError`` with a message
for the user (the caller adds the row and column). Pure: no database, no Textual.

Dates: ISO (``2026-11-24``), ``2026/11/24``, dotted day-first (``24.11.2026``), slashed
(``11/24/2026`` or ``24/11/2026``) and month names (``Nov 24, 2026``, ``24 Nov 2026``,
``24-Nov-26``). Slashed dates are read day-first or month-first as decided for the whole file
(:func:`slash_order`). Instants may add a time (``14:30``, ``2:30 PM``, ``14:30:05``) and a zone
(``Z``, ``UTC``, ``+01:00``); a time without zone is local, a date without time is noon local.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from enum import StrEnum
from typing import Literal, TypeVar

from amtui.enums import ClientStatus, ClientTier, Direction, InteractionKind
from amtui.rules.relative import parse_money
from amtui.rules.text import clean_text, one_line
from amtui.rules.when import MAX_DURATION_MINUTES, MAX_YEAR, MIN_YEAR, WhenError, parse_duration

DayOrder = Literal["dmy", "mdy"]
E = TypeVar("E", bound=StrEnum)

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_ISO_DAY = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})")
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})")
_NAMED_DMY = re.compile(r"(\d{1,2})\.?[ -]([a-z]{3,9})\.?,?[ -](\d{2}|\d{4})")
_NAMED_MDY = re.compile(r"([a-z]{3,9})\.? (\d{1,2}),? (\d{4})")
_INSTANT = re.compile(
    r"(?P<day>.+?)(?:(?:,? +|t)(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:\.(?P<f>\d{1,6}))?)?"
    r" ?(?P<ampm>am|pm)?(?: ?(?P<zone>z|utc|gmt|[+-]\d{2}:?\d{2}))?)?")

STATUS_WORDS: dict[str, ClientStatus] = {
    "customer": ClientStatus.ACTIVE, "client": ClientStatus.ACTIVE, "evangelist": ClientStatus.ACTIVE,
    "lead": ClientStatus.PROSPECT, "opportunity": ClientStatus.PROSPECT, "subscriber": ClientStatus.PROSPECT,
    "marketingqualifiedlead": ClientStatus.PROSPECT, "salesqualifiedlead": ClientStatus.PROSPECT,
    "on hold": ClientStatus.PAUSED, "inactive": ClientStatus.PAUSED, "former customer": ClientStatus.CHURNED,
    "lost": ClientStatus.CHURNED, "closed lost": ClientStatus.CHURNED, "at risk": ClientStatus.AT_RISK,
}
KIND_WORDS: dict[str, InteractionKind] = {
    "phone": InteractionKind.CALL, "phone call": InteractionKind.CALL, "logged call": InteractionKind.CALL,
    "e mail": InteractionKind.EMAIL, "incoming email": InteractionKind.EMAIL, "forwarded email": InteractionKind.EMAIL,
    "outgoing email": InteractionKind.EMAIL, "event": InteractionKind.MEETING, "video call": InteractionKind.MEETING,
    "sms": InteractionKind.MESSAGE, "chat": InteractionKind.MESSAGE, "linkedin message": InteractionKind.MESSAGE,
    "whatsapp": InteractionKind.MESSAGE, "task": InteractionKind.NOTE, "other": InteractionKind.NOTE,
}
DIRECTION_WORDS: dict[str, Direction] = {
    "in": Direction.INBOUND, "incoming": Direction.INBOUND, "out": Direction.OUTBOUND,
    "outgoing": Direction.OUTBOUND,
}
SENTIMENT_WORDS = {"very negative": -2, "negative": -1, "neutral": 0, "positive": 1, "very positive": 2}
TRUE_WORDS = frozenset({"true", "yes", "y", "1", "x", "✓", "ja", "oui", "wahr"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "nein", "non", "falsch"})


_NEEDS_CLEANING = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")


def clean(value: str, *, multiline: bool = False) -> str:
    """:func:`~amtui.rules.text.clean_text`, fast for the common cell without control characters
    or line breaks (then it is only stripped): an import cleans millions of cells."""
    return clean_text(value, multiline=multiline) if _NEEDS_CLEANING.search(value) else value.strip()


def _words(value: str) -> str:
    return re.sub(r"[\s_\-]+", " ", clean(value).casefold()).strip()


def parse_enum(value: str, enum: type[E], words: dict[str, E] | None = None) -> E:
    """An enum member from its value or a CRM word (``"Customer - Direct"`` → active)."""
    w = _words(value)
    for candidate in (w, w.split(" ")[0] if w else w):
        for member in enum:
            if candidate in (member.value, member.value.replace("_", " ")):
                return member
        if words and candidate in words:
            return words[candidate]
    raise ValueError(f"'{one_line(value, 30)}' is not one of: {', '.join(m.value for m in enum)}")


def parse_status(value: str) -> ClientStatus:
    return parse_enum(value, ClientStatus, STATUS_WORDS)


def parse_tier(value: str) -> ClientTier:
    return parse_enum(value, ClientTier)


def parse_kind(value: str) -> InteractionKind:
    return parse_enum(value, InteractionKind, KIND_WORDS)


def parse_direction(value: str) -> Direction:
    return parse_enum(value, Direction, DIRECTION_WORDS)


def parse_bool(value: str) -> bool:
    w = _words(value)
    if w in TRUE_WORDS:
        return True
    if w in FALSE_WORDS:
        return False
    raise ValueError(f"'{one_line(value, 20)}' is not yes/no (use true or false)")


def parse_whole(value: str, *, low: int, high: int) -> int:
    t = clean(value).replace(" ", "")
    if not re.fullmatch(r"[+-]?[0-9]{1,18}(\.0+)?", t):
        raise ValueError(f"'{one_line(value, 20)}' is not a whole number")
    n = int(t.partition(".")[0])
    if not low <= n <= high:
        raise ValueError(f"{n} is out of range ({low} to {high})")
    return n


def parse_sentiment(value: str) -> int:
    w = _words(value)
    if w in SENTIMENT_WORDS:
        return SENTIMENT_WORDS[w]
    try:
        return parse_whole(value, low=-2, high=2)
    except ValueError:
        raise ValueError(f"'{one_line(value, 20)}': use -2 (very unhappy) to +2 (very happy)") from None


def parse_minutes(value: str) -> int:
    """``30``, ``30m``, ``1h30m``, ``1:30`` (h:mm) or ``01:30:00`` (h:mm:ss); at most 24 hours."""
    t = clean(value)
    if m := re.fullmatch(r"([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?", t):
        if int(m[2]) > 59 or int(m[3] or 0) > 59:
            raise ValueError(f"'{one_line(value, 20)}' is not a duration: minutes and seconds go to 59")
        minutes = int(m[1]) * 60 + int(m[2]) + (1 if m[3] and int(m[3]) >= 30 else 0)
        if minutes > MAX_DURATION_MINUTES:
            raise ValueError(f"duration '{one_line(value, 20)}' is over 24 hours")
        return minutes
    try:
        return parse_duration(t)
    except WhenError as exc:
        raise ValueError(str(exc)) from None


def parse_amount(value: str, *, decimal_comma: bool) -> int:
    """Money in cents; in a ``;``-separated file ``1.234,50`` and ``1234,5`` are read European-style."""
    t = clean(value)
    if decimal_comma and re.fullmatch(r"[^\d]*\d{1,3}(\.\d{3})*(,\d{1,2})?[^\d]*|[^\d]*\d+,\d{1,2}[^\d]*", t):
        t = t.replace(".", "").replace(",", ".")
    return parse_money(t)


def _year(text: str) -> int:
    y = int(text)
    return y + (2000 if y < 69 else 1900) if len(text) == 2 else y


def _month(name: str) -> int:
    month = _MONTHS.get(name[:3])
    if month is None or (len(name) > 3 and not any(full.startswith(name) for full in _FULL_MONTHS)):
        raise ValueError(f"'{name}' is not a month")
    return month


_FULL_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december", "sept")


def _day(y: int, m: int, d: int, shown: str) -> date:
    try:
        day = date(y, m, d)
    except ValueError:
        raise ValueError(f"'{shown}' is not a real date") from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(f"'{shown}': the year is out of range")
    return day


def parse_day(value: str, order: DayOrder) -> date:
    """A calendar day in any accepted form (see the module docstring)."""
    t = clean(value).casefold()
    shown = one_line(value, 30)
    if m := _ISO_DAY.fullmatch(t):
        return _day(int(m[1]), int(m[2]), int(m[3]), shown)
    if m := _DOTTED.fullmatch(t):
        return _day(_year(m[3]), int(m[2]), int(m[1]), shown)
    if m := _SLASHED.fullmatch(t):
        a, b = int(m[1]), int(m[2])
        day, month = (a, b) if order == "dmy" else (b, a)
        return _day(_year(m[3]), month, day, shown)
    try:
        if m := _NAMED_DMY.fullmatch(t):
            return _day(_year(m[3]), _month(m[2]), int(m[1]), shown)
        if m := _NAMED_MDY.fullmatch(t):
            return _day(int(m[3]), _month(m[1]), int(m[2]), shown)
    except ValueError:
        pass
    raise ValueError(f"couldn't read '{shown}' as a date: use 2026-11-24, 24.11.2026, 11/24/2026 or Nov 24, 2026")


def _zone(text: str | None) -> tzinfo | None:
    if text is None:
        return None
    if text in ("z", "utc", "gmt"):
        return UTC
    sign = 1 if text[0] == "+" else -1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:
        raise ValueError(f"'{text.upper()}' is not a time zone offset: use -23:59 to +23:59, e.g. +01:00")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_instant(value: str, order: DayOrder, tz: tzinfo) -> datetime:
    """An aware instant; a naive time is in ``tz``; a bare date is noon in ``tz``."""
    t = clean(value).casefold()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}.*", t):
        try:
            moment = datetime.fromisoformat(t.upper().replace("UTC", "+00:00"))
        except ValueError:
            pass
        else:
            _day(moment.year, moment.month, moment.day, one_line(value, 30))  # the year's range
            return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)
    m = _INSTANT.fullmatch(t)
    if m is None or m["h"] is None:
        return datetime.combine(parse_day(value, order), time(12, 0), tzinfo=tz)
    day = parse_day(m["day"], order)
    hour, minute = int(m["h"]), int(m["m"])
    if m["ampm"]:
        if not 1 <= hour <= 12:
            raise ValueError(f"'{one_line(value, 30)}': {hour} is not an hour on a 12-hour clock")
        hour = hour % 12 + (12 if m["ampm"] == "pm" else 0)
    if hour > 23 or minute > 59 or int(m["s"] or 0) > 59:
        raise ValueError(f"'{one_line(value, 30)}' is not a real time")
    at = time(hour, minute, int(m["s"] or 0), int((m["f"] or "0").ljust(6, "0")))
    return datetime.combine(day, at, tzinfo=_zone(m["zone"]) or tz)


def slash_order(values: Iterable[str], default: DayOrder) -> DayOrder:
    """Day-first or month-first for the slashed dates of a file: ``24/11/2026`` proves day-first,
    ``11/24/2026`` month-first; neither (all days ≤ 12) gives ``default``. A file proving both
    raises ValueError."""
    dmy = mdy = None
    for value in values:
        m = _SLASHED.match(clean(value))
        if m is None:
            continue
        a, b = int(m[1]), int(m[2])
        if a > 12 >= b:
            dmy = dmy or value
        elif b > 12 >= a:
            mdy = mdy or value
    if dmy and mdy:
        raise ValueError(f"the file mixes day-first ('{one_line(dmy, 12)}') and month-first "
                         f"('{one_line(mdy, 12)}') dates; use --dates dmy or --dates mdy after fixing them")
    return "dmy" if dmy else "mdy" if mdy else default
