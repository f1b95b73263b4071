"""Client health score: examples and properties."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtui.enums import ClientStatus
from amtui.rules.health import (
    HEALTH_WEIGHTS,
    BudgetPace,
    Health,
    HealthBand,
    HealthInputs,
    band_for,
    client_health,
)

TODAY = date(2026, 11, 24)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


HEALTHY = HealthInputs(
    today=TODAY,
    last_contact=ago(3),
    cadence_ideal=14,
    cadence_max=30,
    recent_sentiments=(1, 1, 0),
    overdue_followups=0,
    budget_paces=(BudgetPace(40.0, 45.0),),
    overdue_tasks=0,
    open_tasks=5,
    renewal_date=TODAY + timedelta(days=200),
    status=ClientStatus.ACTIVE,
)


def parts(h: Health) -> dict[str, tuple[float, str]]:
    return {p.group: (p.points, p.reason) for p in h.parts}


def test_weights_sum_to_100_and_cover_groups() -> None:
    assert sum(HEALTH_WEIGHTS.values()) == 100
    assert list(HEALTH_WEIGHTS) == ["contact", "sentiment", "follow_ups", "budget", "tasks", "renewal"]


def test_healthy_client() -> None:
    h = client_health(HEALTHY)
    assert h.band is HealthBand.GOOD
    assert h.score >= 85
    assert [p.group for p in h.parts] == list(HEALTH_WEIGHTS)
    assert h.weakest() == tuple(p for p in h.parts if p.group == "sentiment")


def test_harbor_foods_from_the_design() -> None:
    h = client_health(
        replace(
            HEALTHY,
            last_contact=ago(23),
            overdue_followups=2,
            renewal_date=TODAY + timedelta(41),
            budget_paces=(BudgetPace(71.0, 48.0, "Q1 retainer"),),
        )
    )
    reasons = {p.group: p.reason for p in h.parts}
    assert reasons["contact"] == "23 days since last touch, cadence 14/30"
    assert reasons["follow_ups"] == "2 follow-ups overdue"
    assert reasons["budget"] == "Q1 retainer: budget 71% used at 48% of time"
    assert reasons["renewal"] == "renews in 41 days"
    assert h.band is HealthBand.WATCH
    assert h.weakest(1)[0].group in {"contact", "budget", "follow_ups"}


def test_contact_points_along_the_cadence() -> None:
    def pts(days: int | None) -> float:
        last = None if days is None else ago(days)
        return parts(client_health(replace(HEALTHY, last_contact=last)))["contact"][0]

    assert pts(0) == pts(14) == 30
    assert pts(30) == pytest.approx(12)  # 40% at the maximum
    assert pts(60) == 0  # nothing at twice the maximum
    assert pts(None) == 0
    assert parts(client_health(replace(HEALTHY, last_contact=ago(0))))["contact"][1] == ("touched today, cadence 14/30")


def test_paused_client_has_no_cadence() -> None:
    h = client_health(replace(HEALTHY, last_contact=None, status=ClientStatus.PAUSED))
    assert parts(h)["contact"] == (30, "no cadence while paused")


def test_missing_data_is_neutral_or_good() -> None:
    h = client_health(HealthInputs(today=TODAY, last_contact=ago(1), cadence_ideal=14, cadence_max=30))
    p = parts(h)
    assert p["sentiment"] == (10, "no sentiment logged in 90 days")
    assert p["budget"] == (15, "no active projects")
    assert p["tasks"] == (10, "no open tasks")
    assert p["renewal"] == (10, "no renewal date")
    assert p["follow_ups"] == (15, "no follow-ups overdue")
    assert h.score == 90


def test_recent_sentiment_weighs_more() -> None:
    recent_bad = client_health(replace(HEALTHY, recent_sentiments=(-2, 2)))
    recent_good = client_health(replace(HEALTHY, recent_sentiments=(2, -2)))
    assert parts(recent_good)["sentiment"][0] > parts(recent_bad)["sentiment"][0]
    assert parts(client_health(replace(HEALTHY, recent_sentiments=(2,))))["sentiment"] == (
        20,
        "sentiment +2.0 over 1 touch",
    )


def test_budget_worst_project_counts() -> None:
    h = client_health(replace(HEALTHY, budget_paces=(BudgetPace(40, 50, "A"), BudgetPace(95, 50, "B"))))
    assert parts(h)["budget"] == (0, "B: budget 95% used at 50% of time (worst of 2)")
    on_pace = client_health(replace(HEALTHY, budget_paces=(BudgetPace(54, 50),)))
    assert parts(on_pace)["budget"][0] == 15
    overrun = client_health(replace(HEALTHY, budget_paces=(BudgetPace(110, 100),)))
    assert parts(overrun)["budget"][0] == pytest.approx(7.5)
    unknown = client_health(replace(HEALTHY, budget_paces=(BudgetPace(math.nan, 10),)))
    assert parts(unknown)["budget"] == (15, "no active projects")


def test_tasks() -> None:
    h = client_health(replace(HEALTHY, overdue_tasks=3, open_tasks=12))
    points, reason = parts(h)["tasks"]
    assert reason == "3 of 12 open tasks overdue"
    assert 0 < points < 10


@pytest.mark.parametrize(
    ("days", "points", "reason"),
    [
        (None, 10, "no renewal date"),
        (200, 10, "renews in 200 days"),
        (60, 10, "renews in 60 days"),
        (30, 5, "renews in 30 days"),
        (1, 10 / 60, "renews in 1 day"),
        (0, 0, "renews today"),
        (-5, 0, "renewal date passed 5 days ago"),
    ],
)
def test_renewal(days: int | None, points: float, reason: str) -> None:
    renewal = None if days is None else TODAY + timedelta(days=days)
    p = parts(client_health(replace(HEALTHY, renewal_date=renewal)))["renewal"]
    assert p == (pytest.approx(points), reason)


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (100, HealthBand.GOOD),
        (70, HealthBand.GOOD),
        (69, HealthBand.WATCH),
        (40, HealthBand.WATCH),
        (39, HealthBand.AT_RISK),
        (0, HealthBand.AT_RISK),
    ],
)
def test_bands(score: int, band: HealthBand) -> None:
    assert band_for(score) is band


def test_at_risk_client() -> None:
    h = client_health(
        replace(
            HEALTHY,
            last_contact=ago(70),
            recent_sentiments=(-2, -1),
            overdue_followups=3,
            budget_paces=(BudgetPace(120, 60),),
            overdue_tasks=4,
            open_tasks=5,
            renewal_date=TODAY + timedelta(days=10),
        )
    )
    assert h.band is HealthBand.AT_RISK


INPUTS = st.builds(
    HealthInputs,
    today=st.just(TODAY),
    last_contact=st.one_of(st.none(), st.integers(-10, 2000).map(ago)),
    cadence_ideal=st.integers(-2, 90),
    cadence_max=st.integers(-2, 365),
    recent_sentiments=st.lists(st.integers(-5, 5), max_size=30).map(tuple),
    overdue_followups=st.integers(-2, 50),
    budget_paces=st.lists(
        st.builds(
            BudgetPace, st.floats(allow_nan=True, allow_infinity=True), st.floats(allow_nan=True, allow_infinity=True)
        ),
        max_size=4,
    ).map(tuple),
    overdue_tasks=st.integers(-2, 100),
    open_tasks=st.integers(-2, 200),
    renewal_date=st.one_of(st.none(), st.integers(-400, 400).map(lambda d: TODAY + timedelta(d))),
    status=st.sampled_from(list(ClientStatus)),
)


@given(INPUTS)
def test_score_is_consistent(inputs: HealthInputs) -> None:
    h = client_health(inputs)
    assert 0 <= h.score <= 100
    assert h.score == round(sum(p.points for p in h.parts))
    assert h.band is band_for(h.score)
    for part in h.parts:
        assert 0 <= part.points <= part.max_points == HEALTH_WEIGHTS[part.group]
        assert part.reason


@given(INPUTS, st.integers(1, 20))
def test_more_overdue_follow_ups_never_raise_the_score(inputs: HealthInputs, extra: int) -> None:
    base = replace(inputs, overdue_followups=max(inputs.overdue_followups, 0))
    worse = replace(base, overdue_followups=base.overdue_followups + extra)
    assert client_health(worse).score <= client_health(base).score


@given(INPUTS, st.integers(1, 500))
def test_more_days_since_contact_never_raise_the_score(inputs: HealthInputs, extra: int) -> None:
    if inputs.last_contact is None:
        return
    older = replace(inputs, last_contact=inputs.last_contact - timedelta(days=extra))
    assert client_health(older).score <= client_health(inputs).score
    never = replace(inputs, last_contact=None)
    assert client_health(never).score <= client_health(older).score
