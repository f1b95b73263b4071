"""Client health: a 0-100 score from six independent, weighted groups.

Each group turns one kind of evidence into a fraction 0..1 of its weight; the score is the
rounded sum. Missing data is neutral-to-good: it must not make a quiet but fine account look
sick. The weights live in ``HEALTH_WEIGHTS`` only:

==============  ======  ==================================================================
group           points  why this weight
==============  ======  ==================================================================
contact           30    Neglect is the earliest and most controllable churn signal; the
                        account manager owns it. Full within ideal cadence, 40% at the
                        maximum, 0 at twice the maximum. Never contacted: 0. Paused or
                        churned clients have no cadence: full.
sentiment         20    How the client actually feels, from logged -2..+2 sentiments of
                        the last 90 days, newest weighted most (each older one x0.75).
                        ``(avg + 2) / 4`` of the weight; none logged: half (neutral).
follow_ups        15    A promise not kept erodes trust fast: x0.6 per overdue follow-up.
budget            15    Overspend ahead of time becomes a hard conversation. Worst active
                        project counts: full up to 5 points ahead of time (the default
                        variance threshold), 0 at 30 points ahead or 20% over budget.
                        No active projects: full.
tasks             10    Overdue delivery, scaled by share and count of open tasks.
                        No open tasks: full.
renewal           10    Exposure, not sentiment: full beyond 60 days or with no date,
                        linear to 0 on the renewal day; a passed renewal date scores 0
                        (lapsed or stale). Churned clients: full.
==============  ======  ==================================================================

Bands: good ``>= 70``, watch ``40..69``, at risk ``< 40``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from operator import mul
from types import MappingProxyType

from amtui.enums import ClientStatus
from amtui.rules.cadence import CadenceStatus, cadence_status

HEALTH_WEIGHTS: Mapping[str, int] = MappingProxyType(
    {
        "contact": 30,
        "sentiment": 20,
        "follow_ups": 15,
        "budget": 15,
        "tasks": 10,
        "renewal": 10,
    }
)
"""Points per group; they sum to 100. See the module docstring for the reasoning."""

GROUP_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "contact": "Contact",
        "sentiment": "Sentiment",
        "follow_ups": "Follow-ups",
        "budget": "Budget",
        "tasks": "Tasks",
        "renewal": "Renewal",
    }
)
SENTIMENT_DECAY = 0.75
FOLLOW_UP_DECAY = 0.6
TASK_DECAY = 0.75
BUDGET_TOLERANCE_PP = 5.0
BUDGET_ZERO_PP = 30.0
BUDGET_OVERRUN_ZERO_PCT = 20.0
RENEWAL_WINDOW_DAYS = 60
GOOD_MIN, WATCH_MIN = 70, 40


class HealthBand(StrEnum):
    GOOD = "good"
    WATCH = "watch"
    AT_RISK = "at_risk"


@dataclass(frozen=True)
class BudgetPace:
    """One active project: percent of budget used and of its time elapsed (71.0 = 71%)."""

    pct_used: float
    pct_elapsed: float
    name: str = ""


@dataclass(frozen=True)
class HealthInputs:
    """Everything the score looks at. ``recent_sentiments``: last 90 days, newest first.
    ``open_tasks`` counts every task not done, overdue ones included."""

    today: date
    last_contact: date | None
    cadence_ideal: int
    cadence_max: int
    recent_sentiments: Sequence[int] = ()
    overdue_followups: int = 0
    budget_paces: Sequence[BudgetPace] = ()
    overdue_tasks: int = 0
    open_tasks: int = 0
    renewal_date: date | None = None
    status: ClientStatus = ClientStatus.ACTIVE


@dataclass(frozen=True)
class HealthPart:
    """One group's contribution: ``0 <= points <= max_points``, and why."""

    group: str
    points: float
    max_points: int
    reason: str

    @property
    def lost(self) -> float:
        """Points this group is missing."""
        return self.max_points - self.points


@dataclass(frozen=True)
class Health:
    """A client's score, band and the parts that explain it."""

    score: int
    band: HealthBand
    parts: tuple[HealthPart, ...]

    def weakest(self, limit: int = 2) -> tuple[HealthPart, ...]:
        """The parts that lost the most points (only those that lost any), worst first."""
        losing = [p for p in self.parts if p.lost > 0.5]
        return tuple(sorted(losing, key=lambda p: -p.lost)[:limit])


def band_for(score: int) -> HealthBand:
    """good >= 70, watch 40..69, at risk < 40."""
    if score >= GOOD_MIN:
        return HealthBand.GOOD
    return HealthBand.WATCH if score >= WATCH_MIN else HealthBand.AT_RISK


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _contact(i: HealthInputs, explain: bool) -> tuple[float, str]:
    if i.status in (ClientStatus.PAUSED, ClientStatus.CHURNED):
        return 1.0, f"no cadence while {i.status.value}" if explain else ""
    ideal = max(int(i.cadence_ideal), 1)
    most = max(int(i.cadence_max), ideal)
    c = cadence_status(i.last_contact, i.today, ideal, most)
    if c.status is CadenceStatus.NEVER or c.days_since is None:
        return 0.0, "no contact logged yet"
    d = c.days_since
    if d <= ideal:
        frac = 1.0
    elif d <= most:
        frac = 1.0 - 0.6 * (d - ideal) / (most - ideal)
    else:
        frac = 0.4 * max(0.0, 1.0 - (d - most) / most)
    if not explain:
        return frac, ""
    when = "touched today" if d == 0 else f"{_plural(d, 'day')} since last touch"
    return frac, f"{when}, cadence {ideal}/{most}"


def _decay_weights(n: int) -> Sequence[float]:
    """``SENTIMENT_DECAY ** k`` for ``k < n`` (computed once per length: the score asks 10,000 times)."""
    while len(_WEIGHTS) <= n:
        _WEIGHTS.append(tuple(SENTIMENT_DECAY**k for k in range(len(_WEIGHTS))))
    return _WEIGHTS[n]


_WEIGHTS: list[tuple[float, ...]] = []


_SENTIMENTS = frozenset(range(-2, 3))


def _sentiment(i: HealthInputs, explain: bool) -> tuple[float, str]:
    raw = i.recent_sentiments
    # Stored sentiments are already whole numbers in -2..2 (a CHECK constraint): clamp only when not.
    values = raw if _SENTIMENTS.issuperset(raw) else [min(2, max(-2, int(s))) for s in raw]
    if not values:
        return 0.5, "no sentiment logged in 90 days"
    weights = _decay_weights(len(values))
    avg = sum(map(mul, weights, values)) / sum(weights)
    if not explain:
        return (avg + 2) / 4, ""
    touches = "1 touch" if len(values) == 1 else f"{len(values)} touches"
    return (avg + 2) / 4, f"sentiment {avg:+.1f} over {touches}"


def _follow_ups(i: HealthInputs, explain: bool) -> tuple[float, str]:
    n = max(int(i.overdue_followups), 0)
    if n == 0:
        return 1.0, "no follow-ups overdue"
    return FOLLOW_UP_DECAY**n, f"{_plural(n, 'follow-up')} overdue" if explain else ""


def _pace_fraction(used: float, elapsed: float) -> float:
    ahead = used - elapsed
    pace = (
        1.0
        if ahead <= BUDGET_TOLERANCE_PP
        else max(0.0, 1.0 - (ahead - BUDGET_TOLERANCE_PP) / (BUDGET_ZERO_PP - BUDGET_TOLERANCE_PP))
    )
    over = 1.0 if used <= 100 else max(0.0, 1.0 - (used - 100) / BUDGET_OVERRUN_ZERO_PCT)
    return min(pace, over)


def _budget(i: HealthInputs, explain: bool) -> tuple[float, str]:
    scored = []
    for p in i.budget_paces:
        if not (math.isfinite(p.pct_used) and math.isfinite(p.pct_elapsed)):
            continue  # unknown pace: neutral, like no project
        used, elapsed = max(p.pct_used, 0.0), min(max(p.pct_elapsed, 0.0), 100.0)
        scored.append((_pace_fraction(used, elapsed), used, elapsed, p.name))
    if not scored:
        return 1.0, "no active projects"
    frac, used, elapsed, name = min(scored, key=lambda s: s[0])
    if not explain:
        return frac, ""
    reason = f"{name + ': ' if name else ''}budget {used:.0f}% used at {elapsed:.0f}% of time"
    if len(scored) > 1:
        reason += f" (worst of {len(scored)})"
    return frac, reason


def _tasks(i: HealthInputs, explain: bool) -> tuple[float, str]:
    overdue = max(int(i.overdue_tasks), 0)
    total = max(int(i.open_tasks), overdue)
    if total == 0:
        return 1.0, "no open tasks"
    if overdue == 0:
        return 1.0, f"no overdue tasks ({total} open)" if explain else ""
    frac = 0.5 * (1 - overdue / total) + 0.5 * TASK_DECAY**overdue
    return frac, f"{overdue} of {total} open tasks overdue" if explain else ""


def _renewal(i: HealthInputs, explain: bool) -> tuple[float, str]:
    if i.status is ClientStatus.CHURNED:
        return 1.0, "churned"
    if i.renewal_date is None:
        return 1.0, "no renewal date"
    days = (i.renewal_date - i.today).days
    if days < 0:
        return 0.0, f"renewal date passed {_plural(-days, 'day')} ago" if explain else ""
    if days == 0:
        return 0.0, "renews today"
    return min(days / RENEWAL_WINDOW_DAYS, 1.0), f"renews in {_plural(days, 'day')}" if explain else ""


_GROUPS = {
    "contact": _contact,
    "sentiment": _sentiment,
    "follow_ups": _follow_ups,
    "budget": _budget,
    "tasks": _tasks,
    "renewal": _renewal,
}

_WEIGHED = tuple((_GROUPS[group], weight) for group, weight in HEALTH_WEIGHTS.items())


def _score(points: Sequence[float]) -> int:
    return min(max(round(sum(points)), 0), 100)


def _clamp(frac: float) -> float:
    """``frac`` limited to 0..1, exactly as ``min(max(frac, 0.0), 1.0)``."""
    return 0.0 if frac < 0.0 else 1.0 if frac > 1.0 else frac


def client_health(inputs: HealthInputs) -> Health:
    """Score a client 0-100 with a band and one explained part per group."""
    parts = []
    for group, weight in HEALTH_WEIGHTS.items():
        frac, reason = _GROUPS[group](inputs, True)
        points = _clamp(frac) * weight
        parts.append(HealthPart(group, points, weight, reason))
    score = _score([p.points for p in parts])
    return Health(score, band_for(score), tuple(parts))


def health_score(inputs: HealthInputs) -> int:
    """``client_health(inputs).score`` without the explanations: the same fractions and sum,
    at a fraction of the cost (no reason text, no parts), for ranking many clients."""
    return _score([_clamp(group(inputs, False)[0]) * weight for group, weight in _WEIGHED])
