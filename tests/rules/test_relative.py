"""Relative days and times, money formatting and parsing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtui.rules.relative import MAX_MONEY_CENTS, format_money, parse_money, relative_ago, relative_day

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.mark.parametrize(
    ("offset", "label"),
    [
        (0, "today"),
        (-1, "yesterday"),
        (1, "tomorrow"),
        (-3, "3d ago"),
        (2, "in 2d"),
        (-13, "13d ago"),
        (-14, "2w ago"),
        (-35, "5w ago"),
        (-60, "8w ago"),
        (-61, "2mo ago"),
        (-125, "4mo ago"),
        (-364, "12mo ago"),
        (-365, "1y ago"),
        (-800, "2y ago"),
        (20, "in 2w"),
    ],
)
def test_relative_day(offset: int, label: str) -> None:
    assert relative_day(TODAY + timedelta(days=offset), TODAY) == label


def test_relative_day_none() -> None:
    assert relative_day(None, TODAY) == "—"


@pytest.mark.parametrize(
    ("delta", "label"),
    [
        (timedelta(seconds=0), "just now"),
        (timedelta(seconds=59), "just now"),
        (timedelta(seconds=-30), "just now"),
        (timedelta(minutes=5), "5m ago"),
        (timedelta(minutes=59, seconds=59), "59m ago"),
        (timedelta(hours=3), "3h ago"),
        (timedelta(hours=-2), "in 2h"),
        (timedelta(minutes=-5), "in 5m"),
        (timedelta(hours=30), "yesterday"),
        (timedelta(days=3), "3d ago"),
        (timedelta(days=-3), "in 3d"),
    ],
)
def test_relative_ago(delta: timedelta, label: str) -> None:
    assert relative_ago(NOW - delta, NOW) == label


def test_relative_ago_naive_is_utc_and_days_are_local() -> None:
    # 23:30 UTC on the 22nd is 00:30 on the 23rd in Berlin: "yesterday", not "2d ago".
    assert relative_ago(datetime(2026, 11, 22, 23, 30), NOW) == "yesterday"
    assert relative_ago(datetime(2026, 11, 24, 8, 55), NOW) == "5m ago"  # 09:55 Berlin
    assert relative_ago(None, NOW) == "—"
    assert relative_ago(datetime(2026, 11, 24, 9, 0, tzinfo=UTC), datetime(2026, 11, 24, 10, 0)) == "1h ago"


@pytest.mark.parametrize(
    ("cents", "currency", "text"),
    [
        (1_250_000, "EUR", "€12,500"),
        (1_250_050, "EUR", "€12,500.50"),
        (-120_000, "EUR", "-€1,200"),
        (0, "EUR", "€0"),
        (5, "EUR", "€0.05"),
        (123_400, "USD", "$1,234"),
        (99, "gbp", "£0.99"),
        (123_400, "SEK", "1,234 SEK"),
        (-123_450, "SEK", "-1,234.50 SEK"),
        (123_456_789_00, "EUR", "€123,456,789"),
    ],
)
def test_format_money(cents: int, currency: str, text: str) -> None:
    assert format_money(cents, currency) == text


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("12500", 1_250_000),
        ("12,500", 1_250_000),
        ("12500.50", 1_250_050),
        ("12500.5", 1_250_050),
        ("€12,500", 1_250_000),
        ("€ 12,500.50", 1_250_050),
        ("12 500 EUR", 1_250_000),
        ("USD 1,234,567", 123_456_700),
        ("$99.99", 9_999),
        ("0", 0),
        ("0.05", 5),
        (".5", 50),
        ("  42  ", 4_200),
        ("1\u202f000", 100_000),
    ],
)
def test_parse_money(text: str, cents: int) -> None:
    assert parse_money(text) == cents


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-5", "can't be negative"),
        ("€-1,200", "can't be negative"),
        ("nan", "is not an amount"),
        ("inf", "is not an amount"),
        ("-Infinity", "is not an amount"),
        ("12.345", "more than 2 decimal places"),
        ("abc", "couldn't read 'abc' as an amount"),
        ("", "enter an amount"),
        ("€", "enter an amount"),
        ("12,50", "use a point for decimals"),
        ("1,2345", "couldn't read"),
        ("1.2.3", "couldn't read"),
        ("12.", "couldn't read"),
        ("1e5", "couldn't read"),
        ("9" * 20, "too large"),
        ("١٢", "couldn't read"),
    ],
)
def test_parse_money_errors(text: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_money(text)
    assert message in str(info.value)


def test_parse_money_negative_when_allowed() -> None:
    assert parse_money("-1,200.50", allow_negative=True) == -120_050
    assert parse_money("-€1,200", allow_negative=True) == -120_000


@given(st.integers(-MAX_MONEY_CENTS, MAX_MONEY_CENTS), st.sampled_from(["EUR", "USD", "GBP", "SEK"]))
def test_money_round_trip(cents: int, currency: str) -> None:
    assert parse_money(format_money(cents, currency), allow_negative=True) == cents


@given(st.text(max_size=30))
def test_parse_money_only_raises_value_error(text: str) -> None:
    try:
        cents = parse_money(text)
    except ValueError:
        return
    assert cents >= 0


@pytest.mark.parametrize(
    ("cents", "currency", "shown"),
    [(float("inf"), "EUR", "€∞"), (float("-inf"), "USD", "-$∞"), (float("inf"), "SEK", "∞ SEK"),
     (float("nan"), "EUR", "—")],
)
def test_format_money_of_a_non_finite_real(cents: float, currency: str, shown: str) -> None:
    """Another tool's REAL in a money column (SQLite keeps 9e999 in an INTEGER column)."""
    assert format_money(cents, currency) == shown  # type: ignore[arg-type]
