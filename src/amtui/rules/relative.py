"""Pure display helpers: relative days and times, money formatting and parsing."""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime

from amtui.rules.text import one_line

NONE_MARK = "—"
MAX_MONEY_CENTS = 99_999_999_999_999  # 999,999,999,999.99: far beyond any agency budget
CURRENCY_SYMBOLS: dict[str, str] = {"EUR": "€", "USD": "$", "GBP": "£"}
_SYMBOL_CHARS = "€$£¥"
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f']+")
_PLAIN = re.compile(r"([0-9]*)(?:\.([0-9]+))?")
_GROUPED = re.compile(r"([0-9]{1,3}(?:,[0-9]{3})+)(?:\.([0-9]+))?")


def _span(n: int) -> str:
    """A positive number of days as ``3d``, ``5w``, ``4mo`` or ``2y``."""
    if n < 14:
        return f"{n}d"
    if n < 61:
        return f"{n // 7}w"
    if n < 365:
        return f"{n // 30}mo"
    return f"{n // 365}y"


def relative_day(d: date | None, today: date) -> str:
    """``"today"``, ``"yesterday"``, ``"tomorrow"``, ``"3d ago"``, ``"in 2d"``, ``"5w ago"``,
    ``"4mo ago"``, ``"2y ago"``; ``"—"`` for ``None``."""
    if d is None:
        return NONE_MARK
    n = (d - today).days
    if n == 0:
        return "today"
    if n == -1:
        return "yesterday"
    if n == 1:
        return "tomorrow"
    return f"in {_span(n)}" if n > 0 else f"{_span(-n)} ago"


def relative_ago(dt: datetime | None, now: datetime) -> str:
    """``"just now"``, ``"5m ago"``, ``"3h ago"`` (or ``"in 5m"``), then days as ``relative_day``.

    Naive datetimes are taken as UTC (how times are stored). Day differences are counted in
    ``now``'s time zone.
    """
    if dt is None:
        return NONE_MARK
    if dt.tzinfo is None and now.tzinfo is not None:
        dt = dt.replace(tzinfo=UTC)
    elif dt.tzinfo is not None and now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    seconds = (now - dt).total_seconds()
    ahead = seconds < 0
    seconds = abs(seconds)
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        label = f"{int(seconds // 60)}m"
    elif seconds < 86400:
        label = f"{int(seconds // 3600)}h"
    else:
        local = dt.astimezone(now.tzinfo) if now.tzinfo is not None else dt
        return relative_day(local.date(), now.date())
    return f"in {label}" if ahead else f"{label} ago"


def format_money(cents: int, currency: str = "EUR") -> str:
    """``1250000`` → ``"€12,500"``; ``1250050`` → ``"€12,500.50"``; ``-120000`` → ``"-€1,200"``.

    EUR, USD and GBP use their symbol in front; other currencies get the code after
    (``"1,234 SEK"``). Cents are shown only when non-zero. An infinite float (another tool's
    REAL in a money column) is ``"€∞"``, NaN ``"—"``.
    """
    code = (currency or "").strip().upper()
    sign = "-" if cents < 0 else ""
    if isinstance(cents, float) and not math.isfinite(cents):  # stored by another tool as a REAL
        if math.isnan(cents):
            return NONE_MARK
        number = "∞"
    else:
        units, rest = divmod(abs(int(cents)), 100)
        number = f"{units:,}" + (f".{rest:02d}" if rest else "")
    symbol = CURRENCY_SYMBOLS.get(code)
    if symbol is not None:
        return f"{sign}{symbol}{number}"
    return f"{sign}{number} {code}".rstrip()


def parse_money(text: str, *, allow_negative: bool = False) -> int:
    """Parse an amount into integer cents: ``"12500"``, ``"12,500"``, ``"12500.50"``,
    ``"€12,500"``, ``"12 500 EUR"``.

    Commas are thousands separators (groups of three); ``.`` is the decimal point with at most
    two decimals. Raises ``ValueError`` with a user-facing message for negatives (unless
    ``allow_negative``), NaN/infinity, too many decimals and anything unreadable.
    """
    raw = "" if text is None else str(text)
    shown = one_line(raw, 40)
    t = _SPACES.sub("", raw).upper()
    if t.strip(_SYMBOL_CHARS).lstrip("+-") in ("NAN", "INF", "INFINITY"):
        raise ValueError(f"'{shown}' is not an amount: try 12500, 12,500 or 12500.50")
    t = t.strip(_SYMBOL_CHARS)
    without_code = re.sub(r"^[A-Z]{3}|[A-Z]{3}$", "", t).strip(_SYMBOL_CHARS)
    if re.search(r"[0-9]", without_code):
        t = without_code
    if not t:
        raise ValueError("enter an amount, e.g. 12500 or 12,500.50")
    negative = t.startswith("-")
    if negative or t.startswith("+"):
        t = t[1:].lstrip(_SYMBOL_CHARS)
    if negative and not allow_negative:
        raise ValueError(f"amount '{shown}' can't be negative")
    m = _GROUPED.fullmatch(t) or _PLAIN.fullmatch(t)
    if m is None or not (m[1] or m[2]):
        if re.fullmatch(r"[0-9]+,[0-9]{1,2}", t):
            raise ValueError(f"'{shown}': use a point for decimals, e.g. {t.replace(',', '.')}")
        raise ValueError(f"couldn't read '{shown}' as an amount: try 12500, 12,500 or 12500.50")
    whole, frac = (m[1] or "0").replace(",", ""), m[2] or ""
    if len(frac) > 2:
        raise ValueError(f"'{shown}' has more than 2 decimal places")
    if len(whole) > 15:
        raise ValueError(f"amount '{shown}' is too large")
    cents = int(whole) * 100 + int(frac.ljust(2, "0"))
    if cents > MAX_MONEY_CENTS:
        raise ValueError(f"amount '{shown}' is too large")
    return -cents if negative else cents
