"""Budget rules: budget, spent, committed, remaining, pace, burn, forecast and the variance flag.

Pure: plain dates and integer cents in, plain dataclasses out. Definitions, for one period:

* **period** — a project is one period, ``start_on..end_on``. A retainer is a run of monthly
  periods from ``start_on`` (calendar months when it starts on the 1st): period *k* runs from
  ``start_on + k months`` to the day before ``start_on + (k+1) months``, the last one cut at
  ``end_on``. For retainers ``Project.budget`` is the amount **per month**; a cut last period
  gets it pro-rated by days. The current period is the one holding today (the first before
  the start, the last after the end).
* **budget** = original (the period's base) + approved change orders dated in the period (by
  the day they were decided) + carry-in. Carry-in is 0 for projects and for retainers without
  ``carry_over``; with it, every earlier period's under- or overspend rolls forward:
  ``carry-in = Σ earlier (base + changes) - everything spent before the period``.
* **spent** — spend entries dated in the period. Entries before the first period count in the
  first, entries after the last in the last; entries dated ahead of today count too.
* **committed** — confirmed bookings not completed, net of spend already linked to them,
  starting on or before the period's end. **remaining** = budget - spent - committed.
* **pace** — % used (spent / budget) against % of the period elapsed (by the end of today).
* **burn rate** (cents per day) — spend of the last 30 days ÷ 30 once 30 days of the period
  have passed; before that, spend since the period's start ÷ days elapsed.
* **forecast at completion** = spent + committed + burn rate x days left after today, never
  below spent + committed. Before the period starts it is the budget (the plan is the only
  evidence). **run-out date** — the first day remaining reaches 0 at the burn rate; today when
  remaining is already ≤ 0; ``None`` when that never happens by the period's end.
* **variance** = (forecast - budget) / budget; **flagged** when the forecast exceeds the budget
  by more than the threshold (``Workspace.variance_threshold_pct``, default 5%). A budget of 0
  or less is flagged as soon as the forecast exceeds it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from amtui.rules.budget_burndown import Burndown, burndown, cumulative_spent
from amtui.rules.budget_periods import (
    DAY,
    Period,
    current_period,
    pct_elapsed,
    period_base,
    period_count,
    prorate,
    retainer_period,
)
from amtui.rules.budget_text import describe_pace, short_money

__all__ = [
    "BURN_WINDOW_DAYS", "DEFAULT_THRESHOLD_PCT", "BudgetInputs", "BudgetStatus", "Burndown", "Period", "SpendLog",
    "assess_budget", "burndown", "cumulative_spent", "current_period", "describe_pace", "is_flagged", "pct_elapsed",
    "period_base", "period_count", "retainer_period", "short_money", "worst_first_key",
]

BURN_WINDOW_DAYS = 30
DEFAULT_THRESHOLD_PCT = 5.0


@dataclass(frozen=True)
class SpendLog:
    """One project's spend: daily totals from ``since`` on, plus the total dated before it."""

    daily: Mapping[date, int]
    before: int = 0
    since: date = date.min

    @classmethod
    def summary(cls, total: int, recent: int, ahead: int, today: date) -> SpendLog:
        """A log known by three sums: every entry, those of the 30 days up to ``today`` and those
        after ``today``. Exact for everything :func:`assess_budget` asks of a (one-period) project."""
        since = today - timedelta(days=BURN_WINDOW_DAYS - 1)
        return cls({today: recent, today + DAY: ahead}, total - recent - ahead, since)

    @property
    def total(self) -> int:
        return self.before + sum(self.daily.values())

    def between(self, first: date | None, last: date | None) -> int:
        """Spend dated ``first..last`` (``None``: unbounded). ``first`` must be ``>= since``."""
        if first is not None and first < self.since:
            raise ValueError(f"spend before {self.since} is only known as a total")
        total = self.before if first is None else 0
        for day, amount in self.daily.items():
            if (first is None or day >= first) and (last is None or day <= last):
                total += amount
        return total


@dataclass(frozen=True)
class BudgetInputs:
    """The stored facts about one project's money.

    ``approved`` are (decision day, amount) of approved change orders; ``commitments`` are
    (start day, amount not yet spent) of confirmed bookings. Projects may pass one pre-summed
    pair each (their dates are not used).
    """

    budget: int
    start_on: date
    end_on: date
    retainer: bool = False
    carry_over: bool = False
    approved: Sequence[tuple[date, int]] = ()
    commitments: Sequence[tuple[date, int]] = ()
    spend: SpendLog = field(default_factory=lambda: SpendLog({}))


@dataclass(frozen=True)
class BudgetStatus:
    """Where one project (a retainer: its current period) stands on ``today``. Money in cents;
    burn rates in cents per day; ``pct_used``/``variance_pct`` are None for a budget <= 0."""

    period: Period
    original: int
    changes: int
    carry_in: int
    spent: int
    committed: int
    pct_used: float | None
    pct_elapsed: float
    burn_30d: float
    burn_since_start: float
    burn: tuple[int, int]  # the burn rate used, exactly: (cents, over days)
    forecast: int
    run_out: date | None
    variance_pct: float | None
    flagged: bool

    @property
    def budget(self) -> int:
        return self.original + self.changes + self.carry_in

    @property
    def remaining(self) -> int:
        return self.budget - self.spent - self.committed

    @property
    def burn_rate(self) -> float:
        """The burn rate used for the forecast, in cents per day."""
        cents, days = self.burn
        return cents / days if days else 0.0

    def burned(self, days: int) -> int:
        """Cents burnt in ``days`` more days at the burn rate (rounded half up)."""
        cents, per = self.burn
        return prorate(cents, days, per)

    @property
    def pace_gap(self) -> float | None:
        """Points of budget used ahead of time (negative: behind)."""
        return None if self.pct_used is None else self.pct_used - self.pct_elapsed


def is_flagged(forecast: int, budget: int, threshold_pct: float) -> bool:
    """True when ``forecast`` exceeds ``budget`` by more than ``threshold_pct`` percent."""
    if budget <= 0:
        return forecast > budget
    return forecast * 100 > budget * (100 + threshold_pct)


def assess_budget(inp: BudgetInputs, today: date, threshold_pct: float = DEFAULT_THRESHOLD_PCT) -> BudgetStatus:
    """The budget status of ``inp`` on ``today`` (see the module docstring for every term)."""
    period = current_period(inp.start_on, inp.end_on, today, retainer=inp.retainer)
    original = period_base(inp.budget, inp.start_on, period) if inp.retainer else inp.budget
    changes = sum(a for d, a in inp.approved if period.holds(d))
    carry = 0
    if inp.retainer and inp.carry_over and period.index > 0:
        earlier = sum(a for d, a in inp.approved if d < period.start)
        carry = inp.budget * period.index + earlier - inp.spend.between(None, period.start - DAY)
    first = None if period.index == 0 else period.start
    spent = inp.spend.between(first, None if period.is_last else period.end)
    committed = sum(a for d, a in inp.commitments if period.is_last or d <= period.end)
    budget = original + changes + carry

    elapsed_days = max((min(today, period.end) - period.start).days + 1, 0)
    to_date = inp.spend.between(first, today if period.is_last else min(today, period.end))
    window_start = max(period.start, today - timedelta(days=BURN_WINDOW_DAYS - 1))
    window_days = min(BURN_WINDOW_DAYS, elapsed_days)
    last_30 = inp.spend.between(window_start, today) if window_days else 0
    burn = (last_30, window_days) if elapsed_days >= BURN_WINDOW_DAYS else (to_date, elapsed_days)

    floor = spent + committed
    remaining = budget - floor
    run_out: date | None = None
    if today < period.start:
        forecast = max(budget, floor)
    else:
        days_left = max((period.end - today).days, 0)
        cents, per = burn
        forecast = floor + prorate(cents, days_left, per)
        if remaining > 0 and cents > 0 and (needed := -(-remaining * per // cents)) <= days_left:
            run_out = today + timedelta(days=needed)
    if remaining <= 0:
        run_out = today
    return BudgetStatus(
        period=period, original=original, changes=changes, carry_in=carry, spent=spent, committed=committed,
        pct_used=spent / budget * 100.0 if budget > 0 else None,
        pct_elapsed=pct_elapsed(period, today),
        burn_30d=last_30 / window_days if window_days else 0.0,
        burn_since_start=to_date / elapsed_days if elapsed_days else 0.0, burn=burn,
        forecast=forecast, run_out=run_out,
        variance_pct=(forecast - budget) / budget * 100.0 if budget > 0 else None,
        flagged=is_flagged(forecast, budget, threshold_pct),
    )


def worst_first_key(s: BudgetStatus) -> tuple[bool, float, float]:
    """Sort key putting flagged, most-over, most-ahead-of-time budgets first."""
    variance = s.variance_pct if s.variance_pct is not None else (math.inf if s.forecast > s.budget else 0.0)
    return (not s.flagged, -variance, -(s.pace_gap or 0.0))
