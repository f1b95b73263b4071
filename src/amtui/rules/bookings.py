"""Vendor booking rules: the hold/challenge lifecycle, clashes, hold expiry and committed cost.

Pure: plain values in, plain values out. Intervals are half-open ``[starts_at, ends_at)``, so
back-to-back bookings (one ends at 13:00, the next starts at 13:00) never overlap.

**Which pairs clash** — two bookings of one vendor whose times overlap (``rel`` is symmetric):

=============  ==========  ==========  ==========  ==========  =========
a \\ b          hold_1      hold_2      confirmed   completed   cancelled
=============  ==========  ==========  ==========  ==========  =========
hold_1          clash       challenge*  clash       clash       —
hold_2          challenge*  clash       clash       clash       —
confirmed       clash       clash       clash       clash       —
completed       clash       clash       clash       clash       —
cancelled       —           —           —           —           —
=============  ==========  ==========  ==========  ==========  =========

``challenge``: a 2nd hold of *another* project waiting behind a 1st hold — the freelancers'
convention, expected and never a clash (*of the same project it is a duplicate: a clash).
Two 1st holds (or two 2nd holds) on one slot leave the queue ambiguous: a clash. A hold on a
slot already confirmed to someone else is dead on arrival: a clash. Completed counts like
confirmed (the vendor was busy). Cancelled never clashes. An expired hold still counts until
it is released: expiry is shown and surfaced on Today, never applied silently.

**Transitions** (:func:`next_status`; anything else raises :class:`IllegalTransition`):

=============  ===========  ===========  ===========  ===========
from \\ action  confirm      release      complete     cancel
=============  ===========  ===========  ===========  ===========
hold_1          confirmed    cancelled    —            cancelled
hold_2          confirmed†   cancelled    —            cancelled
confirmed       —            —            completed    cancelled
completed       —            —            —            —
cancelled       —            —            —            —
=============  ===========  ===========  ===========  ===========

Effects (applied by ``services.booking_writes``): confirming a 1st hold **releases** the 2nd holds
challenging it (the convention: once the first confirms, the second falls away); † a 2nd hold
can only be confirmed once nothing clashing is left in front of it (its 1st hold released).
When a booking is released or cancelled, each 2nd hold that overlapped it is **promoted** to
1st hold (oldest first) if that leaves it clashing with nothing. Completing records the cost as
one vendor spend entry on the project, dated the local day the booking ended (today at the
latest); a spend already linked to the booking (a deposit) is topped up to the cost instead.

**Committed cost** of a project = Σ over its confirmed bookings of ``max(cost − linked spend, 0)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import NamedTuple, Protocol, TypeVar

from amtui.enums import BookingStatus as BS
from amtui.rules.when import MONTH_ABBR, WEEKDAY_ABBR

HOLDS = frozenset({BS.HOLD_1, BS.HOLD_2})
BUSY = frozenset({BS.CONFIRMED, BS.COMPLETED})
STATUS_LABELS = {BS.HOLD_1: "1st hold", BS.HOLD_2: "2nd hold", BS.CONFIRMED: "confirmed",
                 BS.COMPLETED: "completed", BS.CANCELLED: "cancelled"}


class Action(StrEnum):
    """A status change made by key."""

    CONFIRM = "confirm"
    RELEASE = "release"
    COMPLETE = "complete"
    CANCEL = "cancel"


class Relation(StrEnum):
    NONE = "none"
    CHALLENGE = "challenge"
    CLASH = "clash"


class IllegalTransition(ValueError):
    """The action does not apply to the booking's status; the message is for the user."""


TRANSITIONS: dict[tuple[BS, Action], BS] = {
    (BS.HOLD_1, Action.CONFIRM): BS.CONFIRMED,
    (BS.HOLD_1, Action.RELEASE): BS.CANCELLED,
    (BS.HOLD_1, Action.CANCEL): BS.CANCELLED,
    (BS.HOLD_2, Action.CONFIRM): BS.CONFIRMED,
    (BS.HOLD_2, Action.RELEASE): BS.CANCELLED,
    (BS.HOLD_2, Action.CANCEL): BS.CANCELLED,
    (BS.CONFIRMED, Action.COMPLETE): BS.COMPLETED,
    (BS.CONFIRMED, Action.CANCEL): BS.CANCELLED,
}
_REFUSALS = {
    Action.CONFIRM: {BS.CONFIRMED: "it is already confirmed", BS.COMPLETED: "it is already completed"},
    Action.RELEASE: {BS.CONFIRMED: "only holds are released; cancel a confirmed booking instead"},
    Action.COMPLETE: {BS.HOLD_1: "a hold can't be completed: confirm it first",
                      BS.HOLD_2: "a hold can't be completed: confirm it first",
                      BS.COMPLETED: "it is already completed; its cost is already in spend"},
    Action.CANCEL: {BS.COMPLETED: "it is completed; its cost is already in spend"},
}


def next_status(status: BS, action: Action) -> BS:
    """The status after ``action``; raises :class:`IllegalTransition` saying why not."""
    new = TRANSITIONS.get((BS(status), Action(action)))
    if new is None:
        why = _REFUSALS[Action(action)].get(BS(status), f"it is {STATUS_LABELS[BS(status)]}")
        raise IllegalTransition(f"can't {Action(action).value} this booking: {why}")
    return new


class Booked(Protocol):
    """What the clash rules read of a booking: a :class:`Slot`, or any row with these fields."""

    @property
    def id(self) -> int | None: ...
    @property
    def vendor_id(self) -> int: ...
    @property
    def project_id(self) -> int: ...
    @property
    def starts_at(self) -> datetime: ...
    @property
    def ends_at(self) -> datetime: ...
    @property
    def status(self) -> BS: ...


B = TypeVar("B", bound=Booked)


class Slot(NamedTuple):
    """What the rules need of a booking (a named tuple: lists build 100k of them)."""

    id: int | None
    vendor_id: int
    project_id: int
    starts_at: datetime
    ends_at: datetime
    status: BS


def overlaps(a: Booked, b: Booked) -> bool:
    """Half-open intervals of one vendor share time."""
    return a.vendor_id == b.vendor_id and a.starts_at < b.ends_at and b.starts_at < a.ends_at


def relation(a: Booked, b: Booked) -> Relation:
    """How two bookings relate (see the table above). A booking never relates to itself."""
    if (a.id is not None and a.id == b.id) or BS.CANCELLED in (a.status, b.status) or not overlaps(a, b):
        return Relation.NONE
    if {a.status, b.status} == HOLDS and a.project_id != b.project_id:
        return Relation.CHALLENGE
    return Relation.CLASH


def is_clash(a: Booked, b: Booked) -> bool:
    return relation(a, b) is Relation.CLASH


def clashes_with(candidate: Slot, others: Iterable[Slot]) -> list[Slot]:
    """The bookings ``candidate`` clashes with, by start then id."""
    found = [o for o in others if is_clash(candidate, o)]
    return sorted(found, key=lambda s: (s.starts_at, s.id or 0))


def overlapping_pairs(bookings: Iterable[B]) -> Iterator[tuple[B, B]]:
    """Every pair of overlapping bookings of one vendor (earlier start first), cancelled ones left out.

    A sweep over the bookings sorted by vendor, then start: each meets only the earlier ones of
    its vendor still running when it starts, so the cost is O(n log n + pairs), not O(n²).
    """
    live = [b for b in bookings if b.status is not BS.CANCELLED]
    vendors, starts, ends = [b.vendor_id for b in live], [b.starts_at for b in live], [b.ends_at for b in live]
    order = sorted(range(len(live)), key=starts.__getitem__)  # cheap when already by start (a list is)
    order.sort(key=vendors.__getitem__)  # stable: by start within each vendor
    running: list[int] = []  # earlier bookings of this vendor that may still be running
    vendor, reach = None, None  # the vendor swept, and the latest end among ``running``
    for i in order:
        start, end = starts[i], ends[i]
        if vendors[i] != vendor or start >= reach:  # type: ignore[operator]  # all that ran before has ended
            running, vendor, reach = [i], vendors[i], end
            continue
        running = [j for j in running if ends[j] > start]
        for j in running:
            if starts[j] < end:  # half-open: an empty booking at another's start overlaps nothing
                yield live[j], live[i]
        running.append(i)
        reach = max(reach, end)  # type: ignore[type-var]


def marks(bookings: Iterable[Booked]) -> dict[int, tuple[tuple[int, ...], tuple[int, ...]]]:
    """For each booking that clashes or queues: (ids it clashes with, ids in its hold queue),
    each by id. Exactly :func:`relation` over every pair, found by :func:`overlapping_pairs`."""
    found: dict[int, tuple[list[int], list[int]]] = {}
    for a, b in overlapping_pairs(bookings):
        rel = relation(a, b)
        if rel is Relation.NONE or a.id is None or b.id is None:
            continue
        side = 0 if rel is Relation.CLASH else 1
        found.setdefault(a.id, ([], []))[side].append(b.id)
        found.setdefault(b.id, ([], []))[side].append(a.id)
    return {i: (tuple(sorted(c)), tuple(sorted(q))) for i, (c, q) in found.items()}


def challengers(hold_1: Slot, others: Iterable[Slot]) -> list[Slot]:
    """The 2nd holds waiting behind ``hold_1`` (oldest id first)."""
    if hold_1.status is not BS.HOLD_1:
        return []
    found = [o for o in others if o.status is BS.HOLD_2 and relation(hold_1, o) is Relation.CHALLENGE]
    return sorted(found, key=lambda s: s.id or 0)


def confirm_plan(booking: Slot, others: Iterable[Slot]) -> tuple[list[Slot], list[Slot]]:
    """Confirming ``booking``: (2nd holds released by it, bookings that block it).

    Blocking bookings make the confirmation impossible; the service refuses and names them.
    """
    pool = list(others)
    confirmed = booking._replace(status=next_status(booking.status, Action.CONFIRM))
    released = challengers(booking, pool)
    gone = {o.id for o in released}
    return released, [o for o in clashes_with(confirmed, pool) if o.id not in gone]


def promotions(freed: Slot, others: Iterable[Slot]) -> list[Slot]:
    """2nd holds that move up to 1st hold once ``freed`` is released or cancelled.

    Each 2nd hold that overlapped ``freed`` is promoted, oldest first, when as a 1st hold it
    would clash with nothing still standing (including holds promoted just before it).
    """
    standing = [o for o in others if o.id != freed.id and o.status is not BS.CANCELLED]
    promoted: list[Slot] = []
    for hold in sorted((o for o in standing if o.status is BS.HOLD_2 and overlaps(freed, o)),
                       key=lambda s: s.id or 0):
        moved = hold._replace(status=BS.HOLD_1)
        rest = [o for o in standing if o.id != hold.id] + promoted
        if not clashes_with(moved, rest):
            promoted.append(moved)
    return promoted


def hold_problem(status: BS, expires_at: datetime | None, starts_at: datetime) -> str | None:
    """Why a hold's expiry is not acceptable (None when fine)."""
    if status in HOLDS and expires_at is None:
        return "a hold needs an expiry: when must the vendor hear back?"
    if status in HOLDS and expires_at is not None and expires_at > starts_at:
        return "a hold must expire before the booking starts"
    return None


def hold_left(expires_at: datetime | None, now: datetime) -> str:
    """``"20h left"``, ``"3d left"``, ``"expired"`` (``""`` without an expiry)."""
    if expires_at is None:
        return ""
    seconds = (expires_at - now).total_seconds()
    if seconds <= 0:
        return "expired"
    if seconds < 3600:
        return f"{max(int(seconds // 60), 1)}m left"
    if seconds < 48 * 3600:
        return f"{int(seconds // 3600)}h left"
    return f"{int(seconds // 86400)}d left"


def hold_reason(status: BS, vendor: str, project: str, expires_at: datetime, now: datetime,
                waiting: bool) -> str:
    """Why a hold is on Today: ``"1st hold on Ida Krogh for Lumen shoot expires in 20h; a 2nd
    hold is waiting"``."""
    left = hold_left(expires_at, now)
    when = "has expired" if left == "expired" else f"expires in {left.removesuffix(' left')}"
    text = f"{STATUS_LABELS[status]} on {vendor} for {project} {when}"
    return text + ("; a 2nd hold is waiting" if waiting else "")


def committed_amount(status: BS, cost: int, linked_spend: int = 0) -> int:
    """What a booking adds to its project's committed cost."""
    return max(cost - linked_spend, 0) if status is BS.CONFIRMED else 0


def completion_spend(cost: int, linked_spend: int | None) -> int:
    """The amount of the booking's spend entry once completed (a deposit is topped up)."""
    return cost if linked_spend is None else max(linked_spend, cost)


def spend_day(ends_at: datetime, tz: tzinfo, today: date) -> date:
    """The day a completed booking's cost is spent: the local day it ends, today at the latest."""
    return min(ends_at.astimezone(tz).date(), today)


def booking_days(starts_at: datetime, ends_at: datetime, tz: tzinfo) -> int:
    """Local calendar days a booking touches (at least 1), for day-rate costs."""
    last = ends_at - timedelta(microseconds=1) if ends_at > starts_at else ends_at
    return max((last.astimezone(tz).date() - starts_at.astimezone(tz).date()).days + 1, 1)


def _day(d: datetime) -> str:
    return f"{WEEKDAY_ABBR[d.weekday()]} {d.day} {MONTH_ABBR[d.month - 1]}"


def format_moment(moment: datetime, tz: tzinfo) -> str:
    """``"Tue 1 Dec 09:00"`` in ``tz``."""
    a = moment.astimezone(tz)
    return f"{_day(a)} {a:%H:%M}"


def format_span(starts_at: datetime, ends_at: datetime, tz: tzinfo) -> str:
    """``"Tue 1 Dec 09:00–18:00"`` or ``"Tue 1 Dec 09:00 – Thu 3 Dec 18:00"`` in ``tz``."""
    a, b = starts_at.astimezone(tz), ends_at.astimezone(tz)
    if a.date() == b.date():
        return f"{_day(a)} {a:%H:%M}–{b:%H:%M}"
    return f"{_day(a)} {a:%H:%M} – {_day(b)} {b:%H:%M}"


def short_span(starts_at: datetime, ends_at: datetime, tz: tzinfo) -> str:
    """For a table cell: ``"Tue 1 Dec 09:00–18:00"`` or ``"Tue 1 Dec – Thu 3 Dec"``."""
    a, b = starts_at.astimezone(tz), ends_at.astimezone(tz)
    return format_span(starts_at, ends_at, tz) if a.date() == b.date() else f"{_day(a)} – {_day(b)}"


def describe(booking_id: int, project: str, client: str, starts_at: datetime, ends_at: datetime,
             status: BS, tz: tzinfo) -> str:
    """``"booking #12: Lumen shoot, Studio Nord, Tue 1 Dec 09:00–18:00 (confirmed)"``."""
    span = format_span(starts_at, ends_at, tz)
    return f"booking #{booking_id}: {project}, {client}, {span} ({STATUS_LABELS[status]})"
