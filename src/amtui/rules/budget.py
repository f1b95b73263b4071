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
from functools import lru_cache

from amtui.rules.when import MONTH_ABBR, add_months

DAY = timedelta(days=1)
BURN_WINDOW_DAYS = 30
DEFAULT_THRESHOLD_PCT = 5.0


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
        """True when something dated ``day`` belongs here (see the module docstring)."""
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
    return (monthly * period.days * 2 + full) // (2 * full)


def pct_elapsed(period: Period, today: date) -> float:
    """Percent (0..100) of the period's days elapsed by the end of ``today``."""
    done = (today - period.start).days + 1
    return min(max(done / period.days * 100.0, 0.0), 100.0)


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
        return (cents * days * 2 + per) // (2 * per) if per else 0

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
        forecast = floor + ((cents * days_left * 2 + per) // (2 * per) if per else 0)
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
    ideal = tuple(budget - (budget * j * 2 + n) // (2 * n) for j in range(n + 1))
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


def describe_pace(s: BudgetStatus, *, retainer: bool) -> str:
    """One line for the Today queue: ``"71% used at 48% of the month · forecast +12%"``."""
    span = "of the month" if retainer else "of the time"
    used = "no budget" if s.pct_used is None else f"{s.pct_used:.0f}% used"
    text = f"{used} at {s.pct_elapsed:.0f}% {span}"
    if s.variance_pct is not None:
        text += f" · forecast {s.variance_pct:+.0f}%"
    if s.run_out is not None:
        day = f"{s.run_out.day} {MONTH_ABBR[s.run_out.month - 1]}"
        text += " · budget gone" if s.remaining <= 0 else f" · runs out {day}"
    return text


def short_money(cents: int, symbol: str = "€") -> str:
    """Compact money for narrow columns: ``€950``, ``€12.5k``, ``€150k``, ``-€1.2M``."""
    sign, units = ("-" if cents < 0 else ""), abs(cents) / 100
    if units < 1000:
        return f"{sign}{symbol}{units:.0f}"
    for div, suffix in ((1_000_000_000, "B"), (1_000_000, "M"), (1000, "k")):
        if units >= div * 0.9995:
            value = units / div
            return f"{sign}{symbol}{value:.1f}{suffix}" if value < 99.95 else f"{sign}{symbol}{value:.0f}{suffix}"
    return f"{sign}{symbol}{units:.0f}"  # pragma: no cover - the loop always returns
