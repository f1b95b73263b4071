"""Budget periods: a project's one period, a retainer's monthly ones, and pro-rating by days.

Pure: plain dates and integer cents. The definitions are in :mod:`amtui.rules.budget`'s
docstring; import these names from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from amtui.rules.when import add_months

DAY = timedelta(days=1)


def prorate(cents: int, part: int, whole: int) -> int:
    """``cents x part / whole`` rounded half up, in integers (0 when ``whole`` is 0)."""
    return (cents * part * 2 + whole) // (2 * whole) if whole else 0


@dataclass(frozen=True)
class Period:
    """Days ``start..end`` (inclusive): period ``index`` of ``count``."""

    start: date
    end: date
    index: int = 0
    count: int = 1

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def is_last(self) -> bool:
        return self.index == self.count - 1

    def holds(self, day: date) -> bool:
        """True when something dated ``day`` belongs here (see :mod:`amtui.rules.budget`)."""
        return (self.index == 0 or day >= self.start) and (self.is_last or day <= self.end)


def _months_between(a: date, b: date) -> int:
    """Whole months from ``a`` to ``b`` counted on ``a``'s day of the month (may be negative)."""
    k = (b.year - a.year) * 12 + b.month - a.month
    return k - 1 if add_months(a, k) > b else k


def period_count(start: date, end: date) -> int:
    """How many monthly periods a retainer ``start..end`` has (at least 1)."""
    return max(_months_between(start, end) + 1, 1)


def retainer_period(start: date, end: date, index: int) -> Period:
    """Period ``index`` of a retainer (clamped to the existing ones)."""
    count = period_count(start, end)
    k = min(max(index, 0), count - 1)
    last = min(add_months(start, k + 1) - DAY, end)
    return Period(add_months(start, k), max(last, add_months(start, k)), k, count)


@lru_cache(maxsize=8192)
def current_period(start: date, end: date, today: date, *, retainer: bool) -> Period:
    """The period holding ``today``: the whole project, or the retainer's month."""
    if not retainer:
        return Period(start, max(end, start))
    return retainer_period(start, end, _months_between(start, today))


def period_base(monthly: int, start: date, period: Period) -> int:
    """A retainer period's base budget: ``monthly``, pro-rated by days when cut short."""
    if not period.is_last:
        return monthly
    full = (add_months(start, period.index + 1) - add_months(start, period.index)).days
    if period.days >= full:
        return monthly
    return prorate(monthly, period.days, full)


def pct_elapsed(period: Period, today: date) -> float:
    """Percent (0..100) of the period's days elapsed by the end of ``today``."""
    done = (today - period.start).days + 1
    return min(max(done / period.days * 100.0, 0.0), 100.0)
