"""Booking rules by example (the clash and transition tables) and by property."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtui.enums import BookingStatus as BS
from amtui.rules.bookings import (
    Action,
    IllegalTransition,
    Relation,
    Slot,
    booking_days,
    clashes_with,
    committed_amount,
    completion_spend,
    confirm_plan,
    describe,
    format_moment,
    format_span,
    hold_left,
    hold_problem,
    hold_reason,
    is_clash,
    marks,
    next_status,
    overlapping_pairs,
    overlaps,
    promotions,
    relation,
    short_span,
    spend_day,
)

BERLIN = ZoneInfo("Europe/Berlin")
T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)  # Tue 1 Dec 09:00 in Berlin


def slot(i: int, status: BS, start_h: int = 0, hours: int = 9, project: int = 1, vendor: int = 1) -> Slot:
    start = T0 + timedelta(hours=start_h)
    return Slot(i, vendor, project, start, start + timedelta(hours=hours), status)


# --- the clash table -------------------------------------------------------------------------------

C, Q, N = Relation.CLASH, Relation.CHALLENGE, Relation.NONE
TABLE = {  # a, b (different projects, overlapping) -> relation
    BS.HOLD_1: {BS.HOLD_1: C, BS.HOLD_2: Q, BS.CONFIRMED: C, BS.COMPLETED: C, BS.CANCELLED: N},
    BS.HOLD_2: {BS.HOLD_1: Q, BS.HOLD_2: C, BS.CONFIRMED: C, BS.COMPLETED: C, BS.CANCELLED: N},
    BS.CONFIRMED: {BS.HOLD_1: C, BS.HOLD_2: C, BS.CONFIRMED: C, BS.COMPLETED: C, BS.CANCELLED: N},
    BS.COMPLETED: {BS.HOLD_1: C, BS.HOLD_2: C, BS.CONFIRMED: C, BS.COMPLETED: C, BS.CANCELLED: N},
    BS.CANCELLED: {s: N for s in BS},
}


@pytest.mark.parametrize("a", list(BS))
@pytest.mark.parametrize("b", list(BS))
def test_clash_table_for_different_projects(a: BS, b: BS) -> None:
    assert relation(slot(1, a, project=1), slot(2, b, 3, project=2)) is TABLE[a][b]


def test_same_project_hold_queue_is_a_duplicate_clash() -> None:
    assert relation(slot(1, BS.HOLD_1), slot(2, BS.HOLD_2, 2)) is Relation.CLASH


def test_back_to_back_other_vendors_and_itself_never_clash() -> None:
    first = slot(1, BS.CONFIRMED, 0, 4)
    assert not is_clash(first, slot(2, BS.CONFIRMED, 4, 4, project=2))  # 13:00 end, 13:00 start
    assert not is_clash(first, slot(3, BS.CONFIRMED, 0, 4, vendor=2))
    assert not is_clash(first, first)


def test_clashes_with_lists_by_start() -> None:
    me = slot(None, BS.CONFIRMED, 0, 24)  # type: ignore[arg-type]
    others = [slot(5, BS.CONFIRMED, 10, 2, project=2), slot(3, BS.HOLD_1, 2, 2, project=3),
              slot(4, BS.CANCELLED, 1, 2, project=4)]
    assert [s.id for s in clashes_with(me, others)] == [3, 5]


# --- transitions ------------------------------------------------------------------------------------

LEGAL = {
    (BS.HOLD_1, Action.CONFIRM): BS.CONFIRMED, (BS.HOLD_1, Action.RELEASE): BS.CANCELLED,
    (BS.HOLD_1, Action.CANCEL): BS.CANCELLED, (BS.HOLD_2, Action.CONFIRM): BS.CONFIRMED,
    (BS.HOLD_2, Action.RELEASE): BS.CANCELLED, (BS.HOLD_2, Action.CANCEL): BS.CANCELLED,
    (BS.CONFIRMED, Action.COMPLETE): BS.COMPLETED, (BS.CONFIRMED, Action.CANCEL): BS.CANCELLED,
}


@pytest.mark.parametrize("status", list(BS))
@pytest.mark.parametrize("action", list(Action))
def test_transition_table(status: BS, action: Action) -> None:
    if (status, action) in LEGAL:
        assert next_status(status, action) is LEGAL[status, action]
    else:
        with pytest.raises(IllegalTransition, match=f"can't {action.value} this booking"):
            next_status(status, action)


def test_illegal_transitions_say_why() -> None:
    with pytest.raises(IllegalTransition, match="confirm it first"):
        next_status(BS.HOLD_1, Action.COMPLETE)
    with pytest.raises(IllegalTransition, match="already completed"):
        next_status(BS.COMPLETED, Action.COMPLETE)
    with pytest.raises(IllegalTransition, match="cancel a confirmed booking instead"):
        next_status(BS.CONFIRMED, Action.RELEASE)


def test_confirming_a_first_hold_releases_its_challengers() -> None:
    first, second = slot(1, BS.HOLD_1), slot(2, BS.HOLD_2, 1, project=2)
    assert confirm_plan(first, [second]) == ([second], [])


def test_a_second_hold_cannot_confirm_past_the_first() -> None:
    first, second = slot(1, BS.HOLD_1), slot(2, BS.HOLD_2, 1, project=2)
    assert confirm_plan(second, [first]) == ([], [first])


def test_release_promotes_the_oldest_second_hold_that_then_clashes_with_nothing() -> None:
    first = slot(1, BS.HOLD_1, 0, 9)
    older, newer = slot(2, BS.HOLD_2, 0, 9, project=2), slot(3, BS.HOLD_2, 4, 9, project=3)
    assert [s.id for s in promotions(first, [older, newer])] == [2]  # 3 would clash with 2, now 1st
    assert promotions(first, [older, slot(4, BS.CONFIRMED, 2, 2, project=4)]) == []


# --- holds, money, text --------------------------------------------------------------------------

def test_hold_expiry_and_reasons() -> None:
    assert hold_problem(BS.HOLD_1, None, T0) and hold_problem(BS.HOLD_2, T0 + timedelta(minutes=1), T0)
    assert hold_problem(BS.HOLD_1, T0, T0) is None and hold_problem(BS.CONFIRMED, None, T0) is None
    assert [hold_left(T0 + d, T0) for d in (timedelta(hours=-1), timedelta(minutes=5), timedelta(hours=20),
                                            timedelta(days=3))] == ["expired", "5m left", "20h left", "3d left"]
    assert hold_left(None, T0) == ""
    assert hold_reason(BS.HOLD_1, "Ida", "Lumen shoot", T0 + timedelta(hours=20), T0, True) == (
        "1st hold on Ida for Lumen shoot expires in 20h; a 2nd hold is waiting")
    assert hold_reason(BS.HOLD_2, "Ida", "X", T0 - timedelta(hours=1), T0, False) == "2nd hold on Ida for X has expired"


def test_spans_descriptions_days() -> None:
    one_day = slot(12, BS.CONFIRMED)
    assert format_span(one_day.starts_at, one_day.ends_at, BERLIN) == "Tue 1 Dec 09:00–18:00"
    assert describe(12, "Lumen shoot", "Studio Nord", one_day.starts_at, one_day.ends_at, BS.CONFIRMED, BERLIN) == (
        "booking #12: Lumen shoot, Studio Nord, Tue 1 Dec 09:00–18:00 (confirmed)")
    three = slot(1, BS.HOLD_1, 0, 57)
    assert format_span(three.starts_at, three.ends_at, BERLIN) == "Tue 1 Dec 09:00 – Thu 3 Dec 18:00"
    assert short_span(three.starts_at, three.ends_at, BERLIN) == "Tue 1 Dec – Thu 3 Dec"
    assert short_span(one_day.starts_at, one_day.ends_at, BERLIN) == "Tue 1 Dec 09:00–18:00"
    assert format_moment(three.ends_at, BERLIN) == "Thu 3 Dec 18:00"
    assert booking_days(three.starts_at, three.ends_at, BERLIN) == 3
    midnight = datetime(2026, 12, 2, tzinfo=BERLIN)
    assert booking_days(midnight - timedelta(hours=8), midnight, BERLIN) == 1
    assert spend_day(three.ends_at, BERLIN, date(2026, 12, 31)) == date(2026, 12, 3)
    assert spend_day(three.ends_at, BERLIN, date(2026, 12, 2)) == date(2026, 12, 2)


# --- properties ---------------------------------------------------------------------------------------

statuses = st.sampled_from(list(BS))
slots = st.builds(
    lambda i, v, p, start, hours, status: Slot(i, v, p, T0 + timedelta(hours=start),
                                               T0 + timedelta(hours=start + hours), status),
    st.integers(1, 50), st.integers(1, 2), st.integers(1, 3), st.integers(0, 48), st.integers(0, 30), statuses,
)


@given(slots, slots)
def test_relation_is_symmetric(a: Slot, b: Slot) -> None:
    assert relation(a, b) is relation(b, a)


@given(slots, slots)
def test_cancelled_or_apart_never_clashes(a: Slot, b: Slot) -> None:
    if BS.CANCELLED in (a.status, b.status) or a.ends_at <= b.starts_at or b.ends_at <= a.starts_at:
        assert not is_clash(a, b)


@given(slots, st.lists(slots, max_size=8, unique_by=lambda s: s.id))
def test_promoted_holds_clash_with_nothing_left_standing(freed: Slot, others: list[Slot]) -> None:
    others = [o for o in others if o.id != freed.id]
    promoted = promotions(freed, others)
    ids = {p.id for p in promoted}
    standing = [o for o in others if o.id not in ids and o.status is not BS.CANCELLED] + promoted
    for p in promoted:
        assert p.status is BS.HOLD_1 and not clashes_with(p, [s for s in standing if s.id != p.id])


@given(st.integers(0, 10**9), st.one_of(st.none(), st.integers(0, 10**9)))
def test_completing_moves_cost_from_committed_to_spent_exactly_once(cost: int, deposit: int | None) -> None:
    spent = deposit or 0
    committed = committed_amount(BS.CONFIRMED, cost, spent)
    status = next_status(BS.CONFIRMED, Action.COMPLETE)
    spent_after = completion_spend(cost, deposit)
    assert committed_amount(status, cost, spent_after) == 0
    assert spent_after + 0 == spent + committed  # nothing lost, nothing counted twice
    assert spent_after >= cost
    with pytest.raises(IllegalTransition):
        next_status(status, Action.COMPLETE)


# --- the sweep that marks clashes in lists ----------------------------------------------------------

def brute_marks(all_slots: list[Slot]) -> dict[int, tuple[tuple[int, ...], tuple[int, ...]]]:
    """The definition: :func:`relation` over every pair."""
    out: dict[int, tuple[tuple[int, ...], tuple[int, ...]]] = {}
    for a in all_slots:
        clash = tuple(sorted(b.id for b in all_slots if relation(a, b) is C))
        queue = tuple(sorted(b.id for b in all_slots if relation(a, b) is Q))
        if clash or queue:
            out[a.id] = (clash, queue)
    return out


@given(st.lists(slots, max_size=40, unique_by=lambda s: s.id))
def test_sweep_marks_agree_with_relation_over_every_pair(all_slots: list[Slot]) -> None:
    assert marks(all_slots) == brute_marks(all_slots)
    pairs = {frozenset((a.id, b.id)) for a, b in overlapping_pairs(all_slots)}
    expected = {frozenset((a.id, b.id)) for a in all_slots for b in all_slots
                if a.id != b.id and BS.CANCELLED not in (a.status, b.status) and overlaps(a, b)}
    assert pairs == expected  # each overlapping pair once, whatever the input order


def test_sweep_edges_back_to_back_zero_length_and_long_bookings() -> None:
    long = slot(1, BS.CONFIRMED, 0, hours=72)
    inside = slot(2, BS.HOLD_1, 30, hours=0)  # zero length inside the long one: overlaps it
    at_start = slot(3, BS.HOLD_1, 0, hours=0)  # zero length at its start: empty, overlaps nothing
    after = slot(4, BS.CONFIRMED, 72, hours=5)  # back to back with the long one
    late = slot(5, BS.CONFIRMED, 70, hours=5)  # overlaps the long one and the one after it
    other_vendor = slot(6, BS.CONFIRMED, 10, vendor=2)
    got = marks([after, late, other_vendor, at_start, inside, long])
    assert got == {1: ((2, 5), ()), 2: ((1,), ()), 4: ((5,), ()), 5: ((1, 4), ())}
