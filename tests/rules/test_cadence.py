"""Contact cadence: examples and properties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtui.rules.cadence import Cadence, CadenceStatus, cadence_status

TODAY = date(2026, 11, 24)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


@pytest.mark.parametrize(
    ("days", "status", "until_due"),
    [
        (0, CadenceStatus.OK, 14),
        (14, CadenceStatus.OK, 0),
        (15, CadenceStatus.DUE, -1),
        (30, CadenceStatus.DUE, -16),
        (31, CadenceStatus.OVERDUE, -17),
        (400, CadenceStatus.OVERDUE, -386),
    ],
)
def test_boundaries(days: int, status: CadenceStatus, until_due: int) -> None:
    c = cadence_status(ago(days), TODAY, 14, 30)
    assert (c.status, c.days_since, c.days_until_due) == (status, days, until_due)
    assert c.days_until_overdue == 30 - days


def test_never_contacted() -> None:
    c = cadence_status(None, TODAY, 14, 30)
    assert c == Cadence(CadenceStatus.NEVER, None, None, 14, 30)
    assert c.days_until_overdue is None
    assert c.status.colour == "red"
    assert c.status.severity == CadenceStatus.OVERDUE.severity


def test_colours() -> None:
    assert [s.colour for s in CadenceStatus] == ["green", "yellow", "red", "red"]


def test_future_contact_counts_as_today() -> None:
    c = cadence_status(TODAY + timedelta(days=3), TODAY, 7, 14)
    assert (c.status, c.days_since) == (CadenceStatus.OK, 0)


def test_equal_ideal_and_max() -> None:
    assert cadence_status(ago(7), TODAY, 7, 7).status is CadenceStatus.OK
    assert cadence_status(ago(8), TODAY, 7, 7).status is CadenceStatus.OVERDUE


@pytest.mark.parametrize(("ideal", "most"), [(0, 10), (-1, 10), (10, 9)])
def test_invalid_cadence(ideal: int, most: int) -> None:
    with pytest.raises(ValueError):
        cadence_status(ago(1), TODAY, ideal, most)


CADENCES = st.integers(1, 120).flatmap(lambda i: st.tuples(st.just(i), st.integers(i, 365)))


@given(CADENCES, st.integers(0, 2000), st.integers(0, 2000))
def test_more_days_never_better(cadence: tuple[int, int], a: int, b: int) -> None:
    ideal, most = cadence
    fewer, more = sorted((a, b))
    near = cadence_status(ago(fewer), TODAY, ideal, most)
    far = cadence_status(ago(more), TODAY, ideal, most)
    assert far.status.severity >= near.status.severity
    never = cadence_status(None, TODAY, ideal, most)
    assert never.status.severity >= far.status.severity
