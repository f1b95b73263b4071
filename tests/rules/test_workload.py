"""Team workload rules (test names say "team" so `-k team` runs them): hand-worked examples, then
properties (conservation, time off, moves)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amtui.rules.workload import (
    MON_FRI,
    Band,
    Calendar,
    Work,
    allocate,
    band_of,
    count_weekdays,
    day_span,
    member_weeks,
    parse_working_days,
    percent,
    spread,
    week_start,
    weekly_spread,
    window,
)

TODAY = date(2026, 11, 24)  # a Tuesday
MON = week_start(TODAY)  # 23 Nov
D = date


def test_team_week_start_and_working_days() -> None:
    assert D(2026, 11, 23) == MON
    assert week_start(D(2026, 11, 29)) == MON
    assert parse_working_days("mon,tue,wed,thu,fri") == MON_FRI
    assert parse_working_days("Mon, Wed") == frozenset({0, 2})
    assert parse_working_days("garbage") == MON_FRI
    assert count_weekdays(D(2026, 11, 23).toordinal(), D(2026, 12, 6).toordinal(), MON_FRI) == 10
    assert count_weekdays(D(2026, 11, 28).toordinal(), D(2026, 11, 29).toordinal(), MON_FRI) == 0


@pytest.mark.parametrize(("allocated", "capacity", "band"), [
    (0, 40, Band.OK), (33.9, 40, Band.OK), (34, 40, Band.NEAR), (40, 40, Band.NEAR), (40.5, 40, Band.OVER),
    (0, 0, Band.OFF), (1, 0, Band.OVER),
])
def test_team_bands(allocated: float, capacity: float, band: Band) -> None:
    assert band_of(allocated, capacity) is band


def test_team_windows() -> None:
    assert window(Work(4, None, None), TODAY) is None  # unscheduled
    assert window(Work(4, None, D(2026, 12, 2)), TODAY) == (D(2026, 12, 2), D(2026, 12, 2))  # due day only
    assert window(Work(4, D(2026, 11, 2), D(2026, 11, 20)), TODAY) == (TODAY, TODAY)  # overdue → today
    assert window(Work(4, D(2026, 11, 20), D(2026, 11, 27)), TODAY) == (TODAY, D(2026, 11, 27))  # started
    saturday = D(2026, 11, 28)
    assert window(Work(4, None, D(2026, 11, 20)), saturday) == (D(2026, 11, 30), D(2026, 11, 30))  # next Monday


def test_team_spread_evenly_over_working_days() -> None:
    # Thu 26 Nov to Tue 1 Dec: Thu, Fri, Mon, Tue (the weekend gets nothing) → 3 h each.
    days = spread(Work(12, D(2026, 11, 26), D(2026, 12, 1)), TODAY, Calendar())
    assert days == {D(2026, 11, 26): 3, D(2026, 11, 27): 3, D(2026, 11, 30): 3, D(2026, 12, 1): 3}
    assert weekly_spread(Work(12, D(2026, 11, 26), D(2026, 12, 1)), TODAY, Calendar(), MON, 3) == [6, 6, 0]


def test_team_time_off_gets_no_hours_and_all_off_still_counts() -> None:
    off_fri = Calendar.of(MON_FRI, [(D(2026, 11, 27), D(2026, 11, 27))])
    days = spread(Work(12, D(2026, 11, 26), D(2026, 12, 1)), TODAY, off_fri)
    assert D(2026, 11, 27) not in days and sum(days.values()) == pytest.approx(12)
    away = Calendar.of(MON_FRI, [(D(2026, 11, 30), D(2026, 12, 4))])  # off all next week
    assert spread(Work(8, D(2026, 11, 30), D(2026, 12, 1)), TODAY, away) == {D(2026, 11, 30): 4, D(2026, 12, 1): 4}
    loads = member_weeks(40, away, [0, 8], TODAY, MON)
    assert loads[1].capacity == 0 and loads[1].days_off == 5 and loads[1].band is Band.OVER


def test_team_capacity_counts_from_today_and_net_of_time_off() -> None:
    cal = Calendar.of(MON_FRI, [(D(2026, 12, 3), D(2026, 12, 4))])
    loads = member_weeks(37.5, cal, [15.0, 51.0, 0.0], TODAY, MON)
    assert [w.capacity for w in loads] == [30.0, 22.5, 37.5]  # Tue-Fri; 3 days; a full week
    assert loads[1].days_off == 2
    assert percent(loads[1].utilisation) == "227%" and loads[1].band is Band.OVER
    assert loads[2].band is Band.OK and loads[0].band is Band.OK and loads[0].room == 15.0


def test_team_the_demo_story_priya_at_128_percent_next_week() -> None:
    nw = MON + timedelta(days=7)
    tasks = [Work(16, nw, nw + timedelta(2)), Work(14, nw + timedelta(1), nw + timedelta(3)),
             Work(10, nw + timedelta(2), nw + timedelta(4)), Work(8, nw + timedelta(3), nw + timedelta(4))]
    hours = allocate({"priya": Calendar()}, [("priya", t) for t in tasks], TODAY, MON)["priya"]
    week = member_weeks(37.5, Calendar(), hours, TODAY, MON)[1]
    assert week.allocated == 48 and percent(week.utilisation) == "128%"


# ------------------------------------------------------------------------------ properties

day_offsets = st.integers(-20, 45)
works = st.builds(
    lambda hours, a, length, kind: Work(hours, None if kind == 1 else TODAY + timedelta(a),
                                        None if kind == 2 else TODAY + timedelta(a + length)),
    st.floats(0, 80, allow_nan=False), day_offsets, st.integers(0, 12), st.integers(0, 4),
)
offs = st.lists(st.tuples(st.integers(-5, 60), st.integers(0, 9)), max_size=4).map(
    lambda r: [(TODAY + timedelta(a), TODAY + timedelta(a + n)) for a, n in r])
weekday_sets = st.sampled_from([MON_FRI, frozenset({0, 1, 2, 3}), frozenset({0, 2, 4, 5})])
todays = st.integers(0, 6).map(lambda n: TODAY + timedelta(n))


@settings(max_examples=300, deadline=None)
@given(works, offs, weekday_sets, todays)
def test_team_weekly_spread_agrees_with_the_daily_rule(work: Work, time_off: list, weekdays: frozenset,
                                                       today: date) -> None:
    cal = Calendar.of(weekdays, time_off)
    first = week_start(today)
    expected = [0.0] * 10
    for d, h in spread(work, today, cal).items():
        w = (d - first).days // 7
        if 0 <= w < 10:
            expected[w] += h
    assert weekly_spread(work, today, cal, first, 10) == pytest.approx(expected)


@settings(max_examples=300, deadline=None)
@given(st.lists(works, max_size=12), offs, weekday_sets, todays)
def test_team_total_allocated_equals_open_estimates_minus_unscheduled(tasks: list[Work], time_off: list,
                                                                 weekdays: frozenset, today: date) -> None:
    hours = allocate({1: Calendar.of(weekdays, time_off)}, [(1, t) for t in tasks], today, week_start(today), 10)[1]
    scheduled = sum(t.hours for t in tasks if t.due is not None)
    assert sum(hours) == pytest.approx(scheduled)  # every window ends inside the 10 weeks


@settings(max_examples=300, deadline=None)
@given(works, offs, weekday_sets, todays)
def test_team_time_off_never_gets_hours(work: Work, time_off: list, weekdays: frozenset, today: date) -> None:
    cal = Calendar.of(weekdays, time_off)
    days = spread(work, today, cal)
    assert sum(days.values()) == pytest.approx(work.hours if work.due is not None else 0)
    if any(cal.is_working(d) for d in days) or not days:
        assert all(cal.is_working(d) for d in days)
    assert all(d >= today for d in days)
    assert len({round(h, 9) for h in days.values()}) <= 1  # evenly


@settings(max_examples=200, deadline=None)
@given(st.lists(works, max_size=6), st.lists(works, max_size=6), works, offs, offs, todays)
def test_team_moving_a_task_conserves_hours(a_tasks: list[Work], b_tasks: list[Work], moved: Work,
                                       a_off: list, b_off: list, today: date) -> None:
    cals = {"a": Calendar.of(MON_FRI, a_off), "b": Calendar.of(MON_FRI, b_off)}
    first = week_start(today)
    rest = [*(("a", t) for t in a_tasks), *(("b", t) for t in b_tasks)]
    before = allocate(cals, [("a", moved), *rest], today, first, 10)
    after = allocate(cals, [("b", moved), *rest], today, first, 10)
    assert sum(before["a"]) + sum(before["b"]) == pytest.approx(sum(after["a"]) + sum(after["b"]))
    assert sum(before["a"]) - sum(after["a"]) == pytest.approx(moved.hours if moved.due is not None else 0)


def test_team_time_off_day_span_reads_naturally() -> None:
    assert day_span(date(2026, 11, 30), date(2026, 11, 30)) == "30 Nov 2026"
    assert day_span(date(2026, 11, 30), date(2026, 12, 4)) == "30 Nov to 4 Dec 2026"
    assert day_span(date(2026, 12, 28), date(2027, 1, 3)) == "28 Dec 2026 to 3 Jan 2027"
