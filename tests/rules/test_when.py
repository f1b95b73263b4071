"""The WHEN grammar and durations: examples, errors and properties."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtui.rules.when import (
    When,
    WhenError,
    add_months,
    format_duration,
    parse_duration,
    parse_when,
)

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=BERLIN)  # a Tuesday
TODAY = NOW.date()


def day(text: str) -> date:
    return parse_when(text, NOW).day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2026, 11, 24)),
        ("yesterday", date(2026, 11, 23)),
        ("tomorrow", date(2026, 11, 25)),
        ("  TOMORROW ", date(2026, 11, 25)),
        ("wed", date(2026, 11, 25)),
        ("friday", date(2026, 11, 27)),
        ("Fri", date(2026, 11, 27)),
        ("mon", date(2026, 11, 30)),
        ("tue", date(2026, 12, 1)),  # today is Tuesday: the next one, a week on
        ("tuesday", date(2026, 12, 1)),
        ("thurs", date(2026, 11, 26)),
        ("+3d", date(2026, 11, 27)),
        ("+0d", date(2026, 11, 24)),
        ("-1d", date(2026, 11, 23)),
        ("+2w", date(2026, 12, 8)),
        ("-1w", date(2026, 11, 17)),
        ("+1m", date(2026, 12, 24)),
        ("+2M", date(2027, 1, 24)),
        ("-12m", date(2025, 11, 24)),
        ("2026-12-01", date(2026, 12, 1)),
        ("2026-3-7", date(2026, 3, 7)),
        ("1900-01-01", date(1900, 1, 1)),
        ("2200-12-31", date(2200, 12, 31)),
    ],
)
def test_day_forms(text: str, expected: date) -> None:
    when = parse_when(text, NOW)
    assert when.day == expected
    assert when.time is None


@pytest.mark.parametrize(
    ("text", "expected_day", "expected_time"),
    [
        ("14:30", date(2026, 11, 24), time(14, 30)),
        ("9:05", date(2026, 11, 24), time(9, 5)),
        ("00:00", date(2026, 11, 24), time(0, 0)),
        ("23:59", date(2026, 11, 24), time(23, 59)),
        ("fri 14:00", date(2026, 11, 27), time(14, 0)),
        ("yesterday 16:30", date(2026, 11, 23), time(16, 30)),
        ("2026-12-01 09:15", date(2026, 12, 1), time(9, 15)),
        ("2026-12-01T09:15", date(2026, 12, 1), time(9, 15)),
        ("+1d 8:00", date(2026, 11, 25), time(8, 0)),
        ("  Fri    14:00  ", date(2026, 11, 27), time(14, 0)),
        ("now", date(2026, 11, 24), time(10, 0)),
        ("NOW", date(2026, 11, 24), time(10, 0)),
    ],
)
def test_forms_with_time(text: str, expected_day: date, expected_time: time) -> None:
    assert parse_when(text, NOW) == When(expected_day, expected_time)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_plus_one_month_from_month_end() -> None:
    now = datetime(2026, 1, 31, 12, 0, tzinfo=BERLIN)
    assert parse_when("+1m", now).day == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("flurb", "couldn't read 'flurb' as a date: try today, fri, +3d, 2026-12-01 or 14:30"),
        ("", "enter a date"),
        ("   ", "enter a date"),
        ("2026-02-30", "'2026-02-30' is not a valid date"),
        ("2026-13-01", "'2026-13-01' is not a valid date"),
        ("3d", "'3d' needs a sign: +3d (ahead) or -3d (ago)"),
        ("24:00", "'24:00' is not a valid time: hours 0-23, minutes 0-59"),
        ("12:60", "'12:60' is not a valid time"),
        ("fri 25:00", "'25:00' is not a valid time"),
        ("1899-12-31", "out of range: years 1900-2200 only"),
        ("2201-01-01", "out of range"),
        ("+999999d", "out of range"),
        ("+999999w", "out of range"),
        ("-999999m", "out of range"),
        ("now 14:00", "couldn't read 'now 14:00'"),
        ("14:00 fri", "couldn't read"),
        ("fri 14:00 extra", "couldn't read"),
        ("friyay", "couldn't read"),
        ("+3x", "couldn't read"),
        ("3", "couldn't read"),
        ("١٢:٣٠", "couldn't read"),  # non-ASCII digits are not accepted
    ],
)
def test_errors_have_clear_messages(text: str, message: str) -> None:
    with pytest.raises(WhenError) as info:
        parse_when(text, NOW)
    assert message in str(info.value)


def test_error_message_hides_control_characters() -> None:
    with pytest.raises(WhenError) as info:
        parse_when("\x1b[31mred", NOW)
    assert "\x1b" not in str(info.value)


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        parse_when("today", datetime(2026, 11, 24, 10, 0))


def test_equality_ignores_reference_now() -> None:
    other_now = NOW + timedelta(minutes=5)
    assert parse_when("fri", NOW) == parse_when("fri", other_now)


class TestAsDatetime:
    def test_with_time(self) -> None:
        assert parse_when("fri 14:00", NOW).as_datetime() == datetime(2026, 11, 27, 14, 0, tzinfo=BERLIN)

    def test_today_without_time_is_now(self) -> None:
        assert parse_when("today", NOW).as_datetime() == NOW

    def test_other_day_without_time_is_nine_local(self) -> None:
        assert parse_when("yesterday", NOW).as_datetime() == datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)

    def test_keeps_zone_across_dst(self) -> None:
        summer = parse_when("2026-07-01 12:00", NOW).as_datetime()
        assert summer.utcoffset() == timedelta(hours=2)
        assert summer.astimezone(UTC).hour == 10

    def test_explicit_now_and_missing_ref(self) -> None:
        bare = When(date(2026, 11, 27))
        with pytest.raises(ValueError):
            bare.as_datetime()
        assert bare.as_datetime(NOW) == datetime(2026, 11, 27, 9, 0, tzinfo=BERLIN)

    def test_now_is_now(self) -> None:
        assert parse_when("now", NOW).as_datetime() == NOW


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("fri", "Fri 27 Nov 2026 (in 3 days)"),
        ("yesterday", "Mon 23 Nov 2026 (yesterday)"),
        ("14:30", "Tue 24 Nov 2026 14:30 (today)"),
        ("tomorrow 9:05", "Wed 25 Nov 2026 09:05 (tomorrow)"),
        ("-5d", "Thu 19 Nov 2026 (5 days ago)"),
        ("2026-12-01", "Tue 1 Dec 2026 (in 7 days)"),
    ],
)
def test_describe(text: str, label: str) -> None:
    assert parse_when(text, NOW).describe(TODAY) == label
    assert parse_when(text, NOW).describe() == label


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("30m", 30),
        ("1h", 60),
        ("1h30m", 90),
        ("1h 30m", 90),
        ("1.5h", 90),
        ("90", 90),
        ("0", 0),
        ("45 min", 45),
        ("2 hours", 120),
        ("0.25h", 15),
        ("24h", 1440),
        (" 1H ", 60),
        (".5h", 30),
        ("1.5", 2),
    ],
)
def test_parse_duration(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-30m", "can't be negative"),
        ("nan", "is not a duration"),
        ("inf", "is not a duration"),
        ("25h", "over 24 hours"),
        ("1441", "over 24 hours"),
        ("1e9", "couldn't read"),
        ("", "enter a duration"),
        ("abc", "couldn't read 'abc' as a duration"),
        ("h", "couldn't read"),
        ("9" * 400 + "h", "over 24 hours"),
    ],
)
def test_parse_duration_errors(text: str, message: str) -> None:
    with pytest.raises(WhenError) as info:
        parse_duration(text)
    assert message in str(info.value)


@pytest.mark.parametrize(("minutes", "label"), [(45, "45m"), (60, "1h"), (90, "1h 30m"), (0, "0m")])
def test_format_duration(minutes: int, label: str) -> None:
    assert format_duration(minutes) == label


PIECES = st.sampled_from(
    [
        "today",
        "fri",
        "+3d",
        "-1w",
        "+1m",
        "2026-12-01",
        "14:30",
        "25:61",
        "now",
        "T",
        "-",
        "+",
        ":",
        "2026-02-30",
        "9999-99-99",
        "+99999999d",
        "3d",
        " ",
        "\x00",
        "٣",
    ]
)
WHEN_TEXT = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=()), max_size=40),
    st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=4).map(" ".join),
)
NOWS = st.datetimes(
    min_value=datetime(1950, 1, 1),
    max_value=datetime(2150, 1, 1),
    timezones=st.sampled_from([BERLIN, ZoneInfo("America/New_York"), UTC]),
)


@given(WHEN_TEXT, NOWS)
def test_parse_when_only_raises_when_error(text: str, now: datetime) -> None:
    try:
        result = parse_when(text, now)
    except WhenError:
        return
    assert 1900 <= result.day.year <= 2200
    assert result.as_datetime().tzinfo is not None


@given(st.integers(0, 5000), NOWS)
def test_plus_n_days_is_n_days_ahead(n: int, now: datetime) -> None:
    assert parse_when(f"+{n}d", now).day == now.date() + timedelta(days=n)
    assert parse_when(f"-{n}d", now).day == now.date() - timedelta(days=n)


@given(st.integers(0, 6), st.booleans(), NOWS)
def test_weekday_lands_one_to_seven_days_ahead(weekday: int, short: bool, now: datetime) -> None:
    names = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    name = names[weekday][:3] if short else names[weekday]
    result = parse_when(name, now).day
    assert 1 <= (result - now.date()).days <= 7
    assert result.weekday() == weekday


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    st.times().map(lambda t: t.replace(second=0, microsecond=0)),
)
def test_iso_date_and_time_round_trip(d: date, t: time) -> None:
    parsed = parse_when(f"{d.isoformat()} {t:%H:%M}", NOW)
    assert (parsed.day, parsed.time) == (d, t)


@given(st.text(max_size=20))
def test_parse_duration_only_raises_when_error(text: str) -> None:
    try:
        minutes = parse_duration(text)
    except WhenError:
        return
    assert 0 <= minutes <= 1440


def test_pendulum_now_gives_plain_types() -> None:
    import pendulum

    now = pendulum.datetime(2026, 11, 24, 10, 0, tz="Europe/Berlin")
    when = parse_when("fri 14:00", now)
    assert type(when.day) is date and type(when.time) is time
    assert when.as_datetime() == datetime(2026, 11, 27, 14, 0, tzinfo=BERLIN)
