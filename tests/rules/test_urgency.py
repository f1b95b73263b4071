"""Urgency of Today items: examples, the coefficient table, and properties (factors stay in 0..1,
more pressing never ranks lower all else equal, snoozed items stay hidden until their day)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtui.enums import TaskPriority
from amtui.rules import urgency as ur
from amtui.rules.urgency import COEFFICIENTS, ItemKind

TODAY = date(2026, 11, 24)
days = st.integers(min_value=-400, max_value=4000)
money = st.integers(min_value=0, max_value=10**9)
renewal_days = st.none() | st.integers(min_value=-400, max_value=400)


class TestTodayUrgency:
    """Named for Today so ``pytest -k today`` selects these rules tests too."""

    def test_every_kind_has_a_base_and_every_term_a_coefficient(self) -> None:
        for kind in ItemKind:
            assert f"kind.{kind.value}" in COEFFICIENTS
            assert kind.label
        samples = [
            ur.follow_up_urgency(2, 100, 200), ur.task_urgency(1, TaskPriority.HIGH),
            ur.cadence_urgency(20, 14, 30, 1, 2, 10),
            ur.at_risk_urgency(30, True, 1.0, 1, 2, 5), ur.renewal_urgency(10, 1, 2), ur.capacity_urgency(1.2, True),
            ur.hold_urgency(10, True), ur.booking_urgency(2), ur.budget_urgency(20.0, 70.0, 40.0),
        ]
        for u in samples:
            assert u.parts[0].name.startswith("kind.")
            assert all(p.coefficient == COEFFICIENTS[p.name] for p in u.parts)
            assert u.score == pytest.approx(sum(p.points for p in u.parts))


    def test_follow_up_example_breaks_down_into_its_parts(self) -> None:
        u = ur.follow_up_urgency(2, 1_400_000, 2_200_000)  # Nordlicht: 2 days overdue, €14k of the largest €22k
        late = 1 - 0.5 ** (2 / 4)
        assert u.score == pytest.approx(7.0 + 6.0 * late + 4.0 * 14 / 22)
        assert [p.name for p in u.parts] == ["kind.follow_up", "late", "value"]
        assert ur.describe_parts(u) == (
            "Follow-up 7.0 + late 1.8 (2 days overdue) + value 2.5 (retainer 64% of the largest) = 11.3")


    def test_an_overdue_promise_outranks_a_richer_one_due_today(self) -> None:
        nordlicht = ur.follow_up_urgency(2, 1_400_000, 2_200_000)
        meridian = ur.follow_up_urgency(0, 2_200_000, 2_200_000)
        assert nordlicht.score > meridian.score


    def test_quiet_client_near_renewal_outranks_the_same_client_without_one(self) -> None:
        harbor = ur.cadence_urgency(23, 14, 30, 950_000, 2_200_000, 41)
        assert harbor.score > ur.cadence_urgency(23, 14, 30, 950_000, 2_200_000, None).score
        assert ur.describe_parts(harbor).startswith("Quiet 3.0 + quiet 1.7 (23 days quiet, cadence 14/30)")


    @pytest.mark.parametrize(("days_since", "expected"), [(None, 1.0), (10, 0.0), (14, 0.0), (22, 0.25), (30, 0.5),
                                                          (45, 0.75), (60, 1.0), (500, 1.0)])
    def test_quietness(self, days_since: int | None, expected: float) -> None:
        assert ur.quietness(days_since, 14, 30) == pytest.approx(expected)


    def test_hold_expiring_sooner_with_a_queue_is_more_urgent(self) -> None:
        assert ur.hold_urgency(20, True).score > ur.hold_urgency(20, False).score > ur.hold_urgency(40, False).score
        assert ur.hold_urgency(-3, False).score == ur.hold_urgency(0, False).score  # expired: as urgent as it gets


    def test_capacity_this_week_outranks_the_same_overload_next_week(self) -> None:
        assert ur.capacity_urgency(1.28, True).score > ur.capacity_urgency(1.28, False).score
        assert ur.capacity_urgency(None, False).parts[1].factor == 1.0  # booked with no capacity at all


    def test_off_pace_and_at_risk_thresholds(self) -> None:
        assert ur.is_off_pace(True, 40.0, 50.0)  # forecast over budget
        assert ur.is_off_pace(False, 71.0, 48.0)  # 23 points ahead of time
        assert not ur.is_off_pace(False, 55.0, 48.0)
        assert not ur.is_off_pace(False, None, 48.0)
        assert ur.is_at_risk(36, False, 0.0) and ur.is_at_risk(80, True, 0.0) and ur.is_at_risk(80, False, 1.5)
        assert not ur.is_at_risk(40, False, 0.5)


    def test_sentiment_drop_needs_enough_history(self) -> None:
        assert ur.sentiment_drop([-1, -1, 0, 1, 1, 2]) == pytest.approx(4 / 3 + 2 / 3)
        assert ur.sentiment_drop([-2, -2, 1]) == 0.0  # no earlier touches to compare with
        assert ur.sentiment_drop([2, 2, 2, -1, -1]) == 0.0  # rising is not falling


    def test_snoozed_items_vanish_until_their_day(self) -> None:
        until = TODAY + timedelta(days=1)
        assert ur.is_snoozed(until, TODAY)
        assert not ur.is_snoozed(until, until)
        assert not ur.is_snoozed(None, TODAY)


    @given(st.integers(min_value=-30, max_value=60))
    def test_snoozed_until_a_day_hides_exactly_the_days_before_it(self, offset: int) -> None:
        until = TODAY + timedelta(days=offset)
        for d in range(-5, 70):
            day = TODAY + timedelta(days=d)
            assert ur.is_snoozed(until, day) == (day < until)


    def test_rank_key_orders_by_score_then_kind_then_subject(self) -> None:
        rows = [(5.0, ItemKind.TASK, "b", "task:2"), (5.0, ItemKind.TASK, "A", "task:1"),
                (5.0, ItemKind.FOLLOW_UP, "z", "f:1"), (9.0, ItemKind.RENEWAL, "r", "renewal:1")]
        ranked = sorted(rows, key=lambda r: ur.rank_key(*r))
        assert [r[3] for r in ranked] == ["renewal:1", "f:1", "task:1", "task:2"]


    # ------------------------------------------------------------------------------ properties

    @given(days, money, money)
    def test_more_overdue_follow_ups_never_rank_lower(self, d: int, retainer: int, largest: int) -> None:
        assert ur.follow_up_urgency(d + 1, retainer, largest).score >= ur.follow_up_urgency(d, retainer, largest).score
        if 0 <= d <= 60:  # strictly rising while floats can tell the difference
            assert ur.lateness(d + 1) > ur.lateness(d)


    @given(days, st.sampled_from(list(TaskPriority)))
    def test_more_overdue_tasks_never_rank_lower(self, d: int, priority: TaskPriority) -> None:
        assert ur.task_urgency(d + 1, priority).score >= ur.task_urgency(d, priority).score


    @given(st.integers(0, 3000), st.integers(1, 60), st.integers(0, 120), money, money, renewal_days)
    def test_quieter_clients_never_rank_lower(self, d: int, ideal: int, extra: int, retainer: int, largest: int,
                                              renewal: int | None) -> None:
        most = ideal + extra
        later = ur.cadence_urgency(d + 1, ideal, most, retainer, largest, renewal).score
        assert later >= ur.cadence_urgency(d, ideal, most, retainer, largest, renewal).score


    @given(st.integers(min_value=-400, max_value=400), money, money)
    def test_nearer_renewals_never_rank_lower(self, d: int, retainer: int, largest: int) -> None:
        assert ur.renewal_urgency(d - 1, retainer, largest).score >= ur.renewal_urgency(d, retainer, largest).score


    @given(st.integers(0, 100), st.booleans(), st.floats(0, 4), money, money, renewal_days)
    def test_lower_health_never_ranks_lower(self, health: int, marked: bool, drop: float, retainer: int, largest: int,
                                            renewal: int | None) -> None:
        worse = ur.at_risk_urgency(max(health - 1, 0), marked, drop, retainer, largest, renewal).score
        assert worse >= ur.at_risk_urgency(health, marked, drop, retainer, largest, renewal).score


    @given(st.floats(0, 5), st.floats(0, 1), st.booleans())
    def test_more_overload_never_ranks_lower(self, u: float, more: float, this_week: bool) -> None:
        assert ur.capacity_urgency(u + more, this_week).score >= ur.capacity_urgency(u, this_week).score


    @given(st.floats(-100, 100), st.floats(0, 50), st.booleans(), st.integers(-10, 30))
    def test_sooner_holds_and_bookings_never_rank_lower(self, hours: float, less: float, waiting: bool, d: int) -> None:
        assert ur.hold_urgency(hours - less, waiting).score >= ur.hold_urgency(hours, waiting).score
        assert ur.booking_urgency(d - 1).score >= ur.booking_urgency(d).score


    @given(st.floats(-100, 500), st.floats(0, 100), st.floats(0, 300), st.floats(0, 100))
    def test_bigger_overruns_never_rank_lower(self, variance: float, more: float, used: float, elapsed: float) -> None:
        bigger = ur.budget_urgency(variance + more, used, elapsed).score
        assert bigger >= ur.budget_urgency(variance, used, elapsed).score


    @given(days, money, money, st.integers(0, 100), st.booleans(), st.floats(-10, 10), renewal_days,
           st.none() | st.floats(-5, 50), st.floats(-1e6, 1e6), st.none() | st.floats(-1e4, 1e4))
    def test_every_factor_stays_in_0_1(self, d: int, retainer: int, largest: int, health: int, flag: bool, drop: float,
                                       renewal: int | None, util: float | None, hours: float,
                                       variance: float | None) -> None:
        for u in (ur.follow_up_urgency(d, retainer, largest), ur.task_urgency(d, TaskPriority.URGENT),
                  ur.cadence_urgency(d if d >= 0 else None, 14, 30, retainer, largest, renewal),
                  ur.at_risk_urgency(health, flag, drop, retainer, largest, renewal), ur.capacity_urgency(util, flag),
                  ur.hold_urgency(hours, flag), ur.booking_urgency(d), ur.budget_urgency(variance, util, hours)):
            assert all(0.0 <= p.factor <= 1.0 for p in u.parts)
            assert u.score >= 0
