"""The burndown chart of one budget period: ideal line, actual remaining, committed, forecast.

Pure: built from the :class:`~amtui.rules.budget.BudgetInputs` and the
:class:`~amtui.rules.budget.BudgetStatus` already assessed; import these names from
:mod:`amtui.rules.budget`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from amtui.rules.budget_periods import DAY, Period, prorate

if TYPE_CHECKING:
    from amtui.rules.budget import BudgetInputs, BudgetStatus, SpendLog


@dataclass(frozen=True)
class Burndown:
    """The chart of one period, one point per day boundary (point 0 = the start, point *j* =
    the end of day *j*). ``actual`` is None after today; ``forecast`` None before today."""

    start: date
    end: date
    budget: int
    ideal: tuple[int, ...]
    actual: tuple[int | None, ...]
    committed: int
    forecast: tuple[int | None, ...]
    today_index: int | None  # point of the end of today, None outside the period

    def day_of(self, point: int) -> date:
        """The day whose end point ``point`` marks (point 0: the start day)."""
        return self.start + timedelta(days=max(point - 1, 0))


def burndown(inp: BudgetInputs, status: BudgetStatus, today: date) -> Burndown:
    """Ideal line, actual remaining, committed and forecast of ``status``'s period."""
    p, budget = status.period, status.budget
    n = p.days
    ideal = tuple(budget - prorate(budget, j, n) for j in range(n + 1))
    opening = inp.spend.between(None, p.start - DAY) if p.index == 0 else 0
    spent_by = [opening, *cumulative_spent(inp.spend, p)]
    last_known = min((today - p.start).days + 1, n)
    actual: list[int | None] = [budget - spent_by[j] if j <= last_known else None for j in range(n + 1)]
    forecast: list[int | None] = [None] * (n + 1)
    if last_known >= 0:
        base = (actual[last_known] or 0) - status.committed
        for j in range(last_known, n + 1):
            forecast[j] = base - status.burned(j - last_known)
    else:
        forecast = [budget - status.committed] * (n + 1)
    today_index = last_known if 0 <= (today - p.start).days < n else None
    return Burndown(p.start, p.end, budget, ideal, tuple(actual), status.committed, tuple(forecast), today_index)


def cumulative_spent(spend: SpendLog, period: Period) -> list[int]:
    """Spent in ``period`` by the end of each of its days (the first includes earlier entries
    that belong to it)."""
    first = None if period.index == 0 else period.start
    running = spend.between(first, period.start - DAY) if first is None else 0
    out = []
    for k in range(period.days):
        day = period.start + timedelta(days=k)
        running += spend.daily.get(day, 0)
        out.append(running)
    if period.is_last:
        out[-1] += spend.between(period.end + DAY, None)
    return out
