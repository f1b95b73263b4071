"""Budget rules: hand-computed examples, a retainer rollover, and properties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtui.rules.budget import (
    BudgetInputs,
    Period,
    SpendLog,
    assess_budget,
    burndown,
    cumulative_spent,
    current_period,
    describe_pace,
    is_flagged,
    period_count,
    retainer_period,
    short_money,
    worst_first_key,
)

D = date


def log(*entries: tuple[date, int]) -> SpendLog:
    daily: dict[date, int] = {}
    for day, amount in entries:
        daily[day] = daily.get(day, 0) + amount
    return SpendLog(daily)


NOV = BudgetInputs(budget=1_000_000, start_on=D(2026, 11, 1), end_on=D(2026, 11, 30),
                   spend=log((D(2026, 11, 1), 300_000), (D(2026, 11, 10), 150_000)),
                   commitments=((D(2026, 11, 20), 100_000),))


def test_project_on_track_with_a_change_order() -> None:
    inp = BudgetInputs(**{**NOV.__dict__, "approved": ((D(2026, 11, 5), 200_000),)})
    s = assess_budget(inp, D(2026, 11, 15))
    assert (s.original, s.changes, s.carry_in, s.budget) == (1_000_000, 200_000, 0, 1_200_000)
    assert (s.spent, s.committed, s.remaining) == (450_000, 100_000, 650_000)
    assert s.pct_elapsed == 50.0 and s.pct_used == pytest.approx(37.5)
    assert s.burn_rate == 30_000  # since start: 450,000 over 15 days (fewer than 30 elapsed)
    assert s.forecast == 450_000 + 100_000 + 30_000 * 15
    assert s.variance_pct == pytest.approx(-100 / 6)
    assert s.run_out is None  # 650,000 / 30,000 → 22 more days: after 30 Nov
    assert not s.flagged


def test_project_overrun_is_flagged_with_a_run_out_date() -> None:
    inp = BudgetInputs(**{**NOV.__dict__, "spend": log(*NOV.spend.daily.items(), (D(2026, 11, 14), 150_000))})
    s = assess_budget(inp, D(2026, 11, 15))
    assert s.spent == 600_000 and s.burn_rate == 40_000
    assert s.forecast == 600_000 + 100_000 + 40_000 * 15 == 1_300_000
    assert s.variance_pct == pytest.approx(30.0) and s.flagged
    assert s.run_out == D(2026, 11, 23)  # 300,000 left / 40,000 a day → 7.5 → 8 days
    assert describe_pace(s, retainer=False) == "60% used at 50% of the time · forecast +30% · runs out 23 Nov"


def test_threshold_is_exclusive_and_configurable() -> None:
    assert not is_flagged(105, 100, 5.0)
    assert is_flagged(106, 100, 5.0)
    assert not is_flagged(106, 100, 10.0)
    assert not is_flagged(0, 0, 5.0) and is_flagged(1, 0, 5.0)
    s = assess_budget(NOV, D(2026, 11, 15), threshold_pct=0.0)
    assert s.forecast == 1_000_000 and not s.flagged  # exactly on budget


def test_burn_uses_the_last_30_days_once_30_days_have_passed() -> None:
    inp = BudgetInputs(budget=2_000_000, start_on=D(2026, 9, 1), end_on=D(2026, 12, 31),
                       spend=log((D(2026, 9, 1), 900_000), (D(2026, 11, 10), 300_000)))
    s = assess_budget(inp, D(2026, 11, 24))
    assert s.burn_30d == 10_000 and s.burn_rate == 10_000
    assert s.burn_since_start == pytest.approx(1_200_000 / 85)
    assert s.forecast == 1_200_000 + 10_000 * 37


def test_retainer_rollover_carries_under_and_overspend() -> None:
    spend = log((D(2026, 9, 3), 400_000), (D(2026, 10, 7), 550_000), (D(2026, 11, 1), 200_000))
    approved = ((D(2026, 10, 15), 50_000), (D(2026, 11, 5), 30_000))
    inp = BudgetInputs(budget=500_000, start_on=D(2026, 9, 1), end_on=D(2026, 12, 31), retainer=True,
                       carry_over=True, approved=approved, spend=spend)
    s = assess_budget(inp, D(2026, 11, 10))
    assert s.period == Period(D(2026, 11, 1), D(2026, 11, 30), 2, 4)
    # Sep: 500k - 400k = +100k; Oct: 500k + 50k - 550k = 0  → carry-in 100k
    assert (s.original, s.changes, s.carry_in, s.budget) == (500_000, 30_000, 100_000, 630_000)
    assert s.spent == 200_000 and s.burn_rate == 20_000 and s.forecast == 600_000
    assert not s.flagged
    plain = assess_budget(BudgetInputs(**{**inp.__dict__, "carry_over": False}), D(2026, 11, 10))
    assert plain.carry_in == 0 and plain.budget == 530_000
    october = assess_budget(inp, D(2026, 10, 20))
    assert october.carry_in == 100_000 and october.budget == 650_000 and october.spent == 550_000


def test_retainer_periods_follow_the_start_day_and_prorate_a_short_last_month() -> None:
    assert period_count(D(2026, 1, 1), D(2026, 12, 31)) == 12
    assert retainer_period(D(2026, 1, 31), D(2026, 12, 31), 1) == Period(D(2026, 2, 28), D(2026, 3, 30), 1, 12)
    cafe = current_period(D(2026, 11, 10), D(2026, 12, 9), D(2026, 11, 24), retainer=True)
    assert cafe == Period(D(2026, 11, 10), D(2026, 12, 9), 0, 1)
    short = BudgetInputs(budget=620_000, start_on=D(2026, 9, 1), end_on=D(2026, 12, 15), retainer=True)
    s = assess_budget(short, D(2026, 12, 5))
    assert s.period == Period(D(2026, 12, 1), D(2026, 12, 15), 3, 4) and s.original == 300_000


def test_before_the_start_the_plan_is_the_forecast_and_after_the_end_nothing_more_burns() -> None:
    early = assess_budget(NOV, D(2026, 10, 20))
    assert early.forecast == 1_000_000 and early.pct_elapsed == 0 and early.run_out is None
    late = assess_budget(NOV, D(2026, 12, 20))
    assert late.forecast == 550_000 and late.pct_elapsed == 100 and late.run_out is None


def test_zero_budget_and_spent_out_budgets() -> None:
    s = assess_budget(BudgetInputs(budget=0, start_on=D(2026, 11, 1), end_on=D(2026, 11, 30),
                                   spend=log((D(2026, 11, 2), 100))), D(2026, 11, 10))
    assert s.pct_used is None and s.variance_pct is None and s.flagged and s.run_out == D(2026, 11, 10)
    assert describe_pace(s, retainer=False).startswith("no budget at 33% of the time")


def test_burndown_series_by_hand() -> None:
    inp = BudgetInputs(budget=400, start_on=D(2026, 11, 1), end_on=D(2026, 11, 4),
                       spend=log((D(2026, 11, 1), 100), (D(2026, 11, 2), 100)), commitments=((D(2026, 11, 3), 50),))
    s = assess_budget(inp, D(2026, 11, 2))
    chart = burndown(inp, s, D(2026, 11, 2))
    assert chart.ideal == (400, 300, 200, 100, 0)
    assert chart.actual == (400, 300, 200, None, None)
    assert chart.forecast == (None, None, 150, 50, -50)
    assert chart.forecast[-1] == s.budget - s.forecast
    assert chart.today_index == 2 and chart.day_of(2) == D(2026, 11, 2)
    assert cumulative_spent(inp.spend, s.period) == [100, 200, 200, 200]


def test_worst_first_and_short_money() -> None:
    over = assess_budget(BudgetInputs(**{**NOV.__dict__, "budget": 500_000}), D(2026, 11, 15))
    fine = assess_budget(NOV, D(2026, 11, 15))
    assert sorted([fine, over], key=worst_first_key) == [over, fine]
    assert [short_money(c) for c in (95_000, 1_250_000, 15_000_000, 99_990_000, -120_000_000)] == [
        "€950", "€12.5k", "€150k", "€1.0M", "-€1.2M"]


# ----------------------------------------------------------------------------- properties

START = D(2026, 1, 1)
entries = st.lists(st.tuples(st.integers(-40, 400), st.integers(0, 5_000_000)), max_size=40)
approvals = st.lists(st.tuples(st.integers(-40, 400), st.integers(-500_000, 5_000_000)), max_size=6)


def build(kind: bool, days: int, spend: list[tuple[int, int]], carry: bool,
          approved: list[tuple[int, int]] = ()) -> BudgetInputs:  # type: ignore[assignment]
    return BudgetInputs(
        budget=1_000_000, start_on=START, end_on=START + timedelta(days=days), retainer=kind, carry_over=carry,
        approved=tuple((START + timedelta(days=d), a) for d, a in approved),
        spend=log(*((START + timedelta(days=d), a) for d, a in spend)),
    )


@given(st.booleans(), st.integers(0, 370), entries, st.booleans(), st.integers(-30, 400))
def test_spent_never_exceeds_the_sum_of_entries(kind, days, spend, carry, offset) -> None:
    inp = build(kind, days, spend, carry)
    s = assess_budget(inp, START + timedelta(days=offset))
    total = sum(a for _, a in spend)
    assert 0 <= s.spent <= total
    if not kind:
        assert s.spent == total
    assert s.forecast >= s.spent + s.committed
    assert s.remaining == s.budget - s.spent - s.committed


@given(st.integers(0, 370), entries)
def test_retainer_periods_partition_the_spend(days, spend) -> None:
    inp = build(True, days, spend, False)
    count = period_count(inp.start_on, inp.end_on)
    spent = [assess_budget(inp, retainer_period(inp.start_on, inp.end_on, k).start).spent for k in range(count)]
    assert sum(spent) == sum(a for _, a in spend)


@given(st.booleans(), st.integers(0, 370), entries, approvals, st.integers(-30, 400),
       st.integers(-500_000, 5_000_000), st.booleans())
def test_approving_a_change_order_moves_the_budget_by_its_amount(kind, days, spend, approved, offset, amount,
                                                                 carry) -> None:
    today = START + timedelta(days=offset)
    before = build(kind, days, spend, carry, approved)
    after = BudgetInputs(**{**before.__dict__, "approved": (*before.approved, (today, amount))})
    s0, s1 = assess_budget(before, today), assess_budget(after, today)
    assert s1.budget - s0.budget == amount
    assert s1.spent == s0.spent
