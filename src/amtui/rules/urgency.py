"""Urgency: one number per Today item, so different kinds of item rank against each other.

In the spirit of taskwarrior's urgency: ``score = Σ coefficient x factor``, each factor a
number in 0..1 computed from stored facts, each coefficient in :data:`COEFFICIENTS` (and only
there). Every item kind has a base (``kind.*``: what it means that the item exists at all)
plus the factors that say how pressing this one is:

=================  =====  =====================================================================
coefficient        value  factor (0..1) and why
=================  =====  =====================================================================
kind.follow_up       7.0  a promise made to a person and now due: the highest base
kind.hold            4.0  a vendor hold about to lapse loses the slot to someone else
kind.cadence         3.0  a client gone quiet past its cadence
kind.at_risk         3.0  health below the at-risk threshold, marked at risk, or falling
kind.capacity        3.0  a team member booked beyond capacity
kind.booking         3.0  a booking starting soon that is still only a hold
kind.task            2.0  a task due today or overdue
kind.budget          2.0  a project off pace or forecast over budget
kind.renewal         1.0  a renewal within 60 days (folded into the client's quiet or at-risk
                          item when there is one; a quiet client that is at risk is one item)
late                 6.0  days overdue, halving the distance to 1 every 4 days (0 on the day)
value                4.0  monthly retainer / the largest retainer in the workspace
renewal              5.0  0 at 60 days before renewal, rising linearly to 1 on the day (and past)
quiet                6.0  0 at the ideal cadence, 0.5 at the maximum, 1 at twice the maximum
                          (never contacted: 1)
risk                 5.0  (70 - health) / 70, at least 0.5 when the client is marked at risk
falling              3.0  how far the last 3 sentiments fell below the earlier ones (2 points: 1)
priority             3.0  low 0, normal 1/3, high 2/3, urgent 1
overload             6.0  (utilisation - 100%) / 50%
this_week            2.0  1 when the overload is this week, 0 when it is next week
expiry               6.0  1 - hours left on the hold / 48 (expired: 1)
waiting              1.5  1 when a 2nd hold is queued behind this 1st hold
start                5.0  1 - days until the booking starts / 7
overrun              4.0  forecast over budget, % / 50
pace                 3.0  % used minus % of time elapsed, points / 40
=================  =====  =====================================================================

Ties are broken by kind (the order of :class:`ItemKind`), then subject: see :func:`rank_key`.
Pure: no database, no UI.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import NamedTuple

from amtui.enums import TaskPriority


class ItemKind(StrEnum):
    """What a Today item is about; the definition order breaks score ties."""

    FOLLOW_UP = "follow_up"
    HOLD = "hold"
    CADENCE = "cadence"
    AT_RISK = "at_risk"
    BOOKING = "booking"
    CAPACITY = "capacity"
    TASK = "task"
    BUDGET = "budget"
    RENEWAL = "renewal"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS: Mapping[ItemKind, str] = MappingProxyType({
    ItemKind.FOLLOW_UP: "Follow-up", ItemKind.HOLD: "Hold", ItemKind.CADENCE: "Quiet",
    ItemKind.AT_RISK: "At risk", ItemKind.BOOKING: "Booking", ItemKind.CAPACITY: "Capacity",
    ItemKind.TASK: "Task", ItemKind.BUDGET: "Budget", ItemKind.RENEWAL: "Renewal",
})
KIND_ORDER: Mapping[ItemKind, int] = MappingProxyType({k: i for i, k in enumerate(ItemKind)})

COEFFICIENTS: Mapping[str, float] = MappingProxyType({
    "kind.follow_up": 7.0, "kind.hold": 4.0, "kind.cadence": 3.0, "kind.at_risk": 3.0,
    "kind.capacity": 3.0, "kind.booking": 3.0, "kind.task": 2.0, "kind.budget": 2.0, "kind.renewal": 1.0,
    "late": 6.0, "value": 4.0, "renewal": 5.0, "quiet": 6.0, "risk": 5.0, "falling": 3.0,
    "priority": 3.0, "overload": 6.0, "this_week": 2.0, "expiry": 6.0, "waiting": 1.5, "start": 5.0,
    "overrun": 4.0, "pace": 3.0,
})
"""Every coefficient of the urgency score; see the module docstring for the reasoning."""

LATE_HALF_DAYS = 4.0
RENEWAL_WINDOW_DAYS = 60
RISK_HEALTH = 40  # below this a client is an at-risk item (the health rule's at-risk band)
GOOD_HEALTH = 70
RECENT_SENTIMENTS = 3
HOLD_WINDOW_HOURS = 48.0
BOOKING_WINDOW_DAYS = 7
OVERLOAD_FULL = 0.5
OVERRUN_FULL_PCT = 50.0
PACE_FULL_PP = 40.0
OFF_PACE_PP = 15.0  # a budget this far ahead of time is off pace even when the forecast is fine
PRIORITY_FACTOR = {TaskPriority.LOW: 0.0, TaskPriority.NORMAL: 1 / 3, TaskPriority.HIGH: 2 / 3,
                   TaskPriority.URGENT: 1.0}


class Part(NamedTuple):
    """One term of a score: ``points = coefficient x factor``; ``note`` says what was measured.
    (Immutable tuples, not dataclasses: the queue builds ~40,000 of them, 3-4x faster.)"""

    name: str
    factor: float
    coefficient: float
    note: str = ""

    @property
    def points(self) -> float:
        return self.coefficient * self.factor


class Urgency(NamedTuple):
    score: float
    parts: tuple[Part, ...]


def clamp(x: float) -> float:
    """``x`` limited to 0..1 (NaN counts as 0)."""
    return 0.0 if not x > 0 else min(x, 1.0)


def urgency(kind: ItemKind, *factors: tuple[str, float, str]) -> Urgency:
    """The score of a ``kind`` item from ``(name, factor, note)`` terms (factors are clamped)."""
    base = f"kind.{kind.value}"
    parts = [Part(base, 1.0, COEFFICIENTS[base], kind.label)]
    parts += [Part(name, clamp(f), COEFFICIENTS[name], note) for name, f, note in factors]
    return Urgency(round(sum([p.coefficient * p.factor for p in parts]), 6), tuple(parts))  # Part.points


# ------------------------------------------------------------------------------- factors

def lateness(days_overdue: int) -> float:
    """0 on the due day (or before), then ``1 - 0.5 ** (days / 4)``: strictly rising toward 1."""
    return 0.0 if days_overdue <= 0 else 1.0 - 0.5 ** (days_overdue / LATE_HALF_DAYS)


def client_value(retainer: int, largest: int) -> float:
    """Monthly retainer relative to the largest in the workspace."""
    return clamp(retainer / largest) if largest > 0 else 0.0


def renewal_near(days_until: int | None) -> float:
    """0 beyond 60 days or with no date, 1 on the day (or after a missed one)."""
    if days_until is None:
        return 0.0
    return clamp((RENEWAL_WINDOW_DAYS - days_until) / RENEWAL_WINDOW_DAYS)


def quietness(days_since: int | None, ideal: int, most: int) -> float:
    """0 within the ideal cadence, 0.5 at the maximum, 1 at twice the maximum or never contacted."""
    if days_since is None:
        return 1.0
    ideal, most = max(ideal, 1), max(most, ideal, 1)
    if days_since <= ideal:
        return 0.0
    if days_since <= most:
        return 0.5 * (days_since - ideal) / max(most - ideal, 1)
    return 0.5 + 0.5 * clamp((days_since - most) / most)


def health_risk(health: int, marked_at_risk: bool) -> float:
    """How far health is below good (70 → 0, 0 → 1); at least 0.5 when marked at risk."""
    return max(clamp((GOOD_HEALTH - health) / GOOD_HEALTH), 0.5 if marked_at_risk else 0.0)


def sentiment_drop(sentiments: Sequence[int]) -> float:
    """Points the newest 3 sentiments average below the earlier ones (newest first; 0 if too few)."""
    recent, earlier = sentiments[:RECENT_SENTIMENTS], sentiments[RECENT_SENTIMENTS:]
    if len(recent) < 2 or len(earlier) < 2:
        return 0.0
    return max(sum(earlier) / len(earlier) - sum(recent) / len(recent), 0.0)


def is_at_risk(health: int, marked_at_risk: bool, drop: float) -> bool:
    """An at-risk item: health in the at-risk band, marked at risk, or sentiment falling by ≥ 1."""
    return health < RISK_HEALTH or marked_at_risk or drop >= 1.0


def overload(utilisation: float | None) -> float:
    """``(u - 1) / 0.5``: 0 at 100%, 1 at 150% (no capacity at all: 1)."""
    return 1.0 if utilisation is None else clamp((utilisation - 1.0) / OVERLOAD_FULL)


def expiry(hours_left: float) -> float:
    return clamp(1.0 - hours_left / HOLD_WINDOW_HOURS)


def starting(days_left: int) -> float:
    return clamp(1.0 - days_left / BOOKING_WINDOW_DAYS)


def is_off_pace(flagged: bool, pct_used: float | None, pct_elapsed: float) -> bool:
    """Forecast over budget (the budget rule's flag) or % used ≥ 15 points ahead of time."""
    return flagged or (pct_used is not None and pct_used - pct_elapsed >= OFF_PACE_PP)


def is_snoozed(until: date | None, today: date) -> bool:
    """A snoozed item stays hidden until its day comes."""
    return until is not None and until > today


def rank_key(score: float, kind: ItemKind, subject: str, key: str) -> tuple[float, int, str, str]:
    """Sort key: score high first, then kind order, then subject (any case), then the item key."""
    return (-round(score, 6), KIND_ORDER[kind], subject.casefold(), key)


# --------------------------------------------------------------------------- per kind

def days_phrase(n: int) -> str:
    """``1 day``, ``3 days``."""
    return "1 day" if n == 1 else f"{n} days"


def late_phrase(days_overdue: int) -> str:
    """``due today`` (or not yet due), ``2 days overdue``."""
    return "due today" if days_overdue <= 0 else f"{days_phrase(days_overdue)} overdue"


def _value(retainer: int, largest: int) -> tuple[str, float, str]:
    share = client_value(retainer, largest)
    return "value", share, f"retainer {share:.0%} of the largest"


def follow_up_urgency(days_overdue: int, retainer: int, largest: int) -> Urgency:
    return urgency(ItemKind.FOLLOW_UP, ("late", lateness(days_overdue), late_phrase(days_overdue)),
                   _value(retainer, largest))


def task_urgency(days_overdue: int, priority: TaskPriority) -> Urgency:
    return urgency(ItemKind.TASK, ("late", lateness(days_overdue), late_phrase(days_overdue)),
                   ("priority", PRIORITY_FACTOR.get(priority, 1 / 3), f"{priority.value} priority"))


def _renewal(days: int | None) -> tuple[str, float, str]:
    note = "no renewal date" if days is None else f"renews in {days_phrase(days)}" if days >= 0 else "renewal passed"
    return "renewal", renewal_near(days), note


def cadence_urgency(days_since: int | None, ideal: int, most: int, retainer: int, largest: int,
                    renewal_days: int | None) -> Urgency:
    note = "never contacted" if days_since is None else f"{days_phrase(days_since)} quiet, cadence {ideal}/{most}"
    return urgency(ItemKind.CADENCE, ("quiet", quietness(days_since, ideal, most), note),
                   _value(retainer, largest), _renewal(renewal_days))


def at_risk_urgency(health: int, marked: bool, drop: float, retainer: int, largest: int,
                    renewal_days: int | None) -> Urgency:
    note = f"health {health}" + (", marked at risk" if marked else "")
    return urgency(ItemKind.AT_RISK, ("risk", health_risk(health, marked), note),
                   ("falling", clamp(drop / 2), f"sentiment down {drop:.1f}"),
                   _value(retainer, largest), _renewal(renewal_days))


def renewal_urgency(days_until: int, retainer: int, largest: int) -> Urgency:
    return urgency(ItemKind.RENEWAL, _renewal(days_until), _value(retainer, largest))


def capacity_urgency(utilisation: float | None, this_week: bool) -> Urgency:
    shown = "no capacity" if utilisation is None else f"{utilisation:.0%} booked"
    return urgency(ItemKind.CAPACITY, ("overload", overload(utilisation), shown),
                   ("this_week", 1.0 if this_week else 0.0, "this week" if this_week else "next week"))


def hold_urgency(hours_left: float, waiting: bool) -> Urgency:
    left = "expired" if hours_left <= 0 else f"{hours_left:.0f} h left"
    return urgency(ItemKind.HOLD, ("expiry", expiry(hours_left), left),
                   ("waiting", 1.0 if waiting else 0.0, "2nd hold waiting" if waiting else "nobody waiting"))


def booking_urgency(days_left: int) -> Urgency:
    return urgency(ItemKind.BOOKING, ("start", starting(days_left), f"starts in {days_phrase(max(days_left, 0))}"))


def budget_urgency(variance_pct: float | None, pct_used: float | None, pct_elapsed: float) -> Urgency:
    over = variance_pct or 0.0
    gap = (pct_used - pct_elapsed) if pct_used is not None else 0.0
    return urgency(ItemKind.BUDGET, ("overrun", over / OVERRUN_FULL_PCT, f"forecast {over:+.0f}%"),
                   ("pace", gap / PACE_FULL_PP, f"{gap:+.0f} pts ahead of time"))


def describe_parts(u: Urgency) -> str:
    """``Follow-up 7.0 + late 1.8 (2 days overdue) + value 2.5 (…) = 11.3``; zero terms left out."""
    terms = [f"{u.parts[0].note} {u.parts[0].points:.1f}"]
    terms += [f"{p.name.replace('_', ' ')} {p.points:.1f} ({p.note})" for p in u.parts[1:] if p.points >= 0.05]
    return " + ".join(terms) + f" = {u.score:.1f}"
