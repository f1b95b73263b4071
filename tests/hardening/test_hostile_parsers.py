"""Every parser and validator of typed or imported text, fed hostile text (see hostile_text).

Property: each returns a value in its documented range, or raises its module's documented error
with a short, clear message in the app's words; never another exception. Text that gets
displayed (parsed names and summaries, previews, error messages) holds no control code.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.hardening.hostile_text import GIANTS, HOSTILE, assert_clear_message, assert_shown_safely

from amtui.io import import_values as iv
from amtui.io.csv_mapping import MappingError, map_headers, parse_overrides
from amtui.io.report_markdown import parse_period
from amtui.rules import when
from amtui.rules.capture import Capture, CaptureError, describe_capture, parse_capture
from amtui.rules.capture_tokens import tokenize
from amtui.rules.name_match import exact_and_prefix, fold_name
from amtui.rules.relative import MAX_MONEY_CENTS, parse_money
from amtui.rules.workload import parse_working_days
from amtui.screens.booking_forms import parse_moment
from amtui.screens.budget_forms import parse_amount_text
from amtui.screens.capture import CaptureContext, preview, read_line
from amtui.screens.contact_form import check_email, check_name, check_phone
from amtui.screens.form_fields import parse_amount, parse_int, parse_optional_day, without_controls
from amtui.screens.import_preview import split_overrides
from amtui.screens.log_hints import describe_duration, describe_follow_up, describe_when
from amtui.screens.team_form_base import parse_hours
from amtui.services.clients import ClientRef
from amtui.services.errors import ValidationError
from amtui.services.quick_log import LogArgs, parse_log_args
from amtui.services.quick_log import parse_sentiment as parse_log_sentiment

NOW = datetime(2026, 11, 24, 14, 3, tzinfo=timezone(timedelta(hours=1)))
TODAY = NOW.date()
CLIENTS = [ClientRef(1, "Acme"), ClientRef(2, "Acme [bold]Labs[/]"), ClientRef(3, "\u202eevil"), ClientRef(4, "東京")]


@dataclass(frozen=True)
class Parser:
    """A parser under test: how to call it, what it may raise, what a result must satisfy."""

    call: Callable[[str], Any]
    raises: type[Exception] | tuple[type[Exception], ...] = ValueError
    check: Callable[[Any], None] = lambda _: None


def _in(low: float, high: float) -> Callable[[Any], None]:
    def check(value: Any) -> None:
        assert isinstance(value, int | float) and not isinstance(value, bool)
        assert math.isfinite(value) and low <= value <= high, value
        assert math.copysign(1, value) > 0 or value < 0, "negative zero"

    return check


def _year_ok(value: date | datetime) -> None:
    assert when.MIN_YEAR <= value.year <= when.MAX_YEAR, value


def _aware(value: datetime) -> None:
    assert value.tzinfo is not None and value.utcoffset() is not None
    _year_ok(value)


def _shown(value: str) -> None:
    assert_shown_safely(value)


def _capture(c: Capture) -> None:
    for text in (c.client_query or "", c.summary, c.contact or ""):
        assert_shown_safely(text)
    for moment in (c.when, c.follow_up):
        if moment is not None:
            _year_ok(moment.day)
    if c.duration_minutes is not None:
        _in(0, when.MAX_DURATION_MINUTES)(c.duration_minutes)
    assert c.sentiment is None or -2 <= c.sentiment <= 2
    for label, value in describe_capture(c, TODAY):
        assert_shown_safely(label + value)


def _reading(text: str, ctx: CaptureContext | None) -> None:
    reading = read_line(text, NOW, ctx)
    assert_shown_safely(reading.error)
    if reading.capture is not None:
        _capture(reading.capture)
    assert_shown_safely(preview(reading, TODAY).plain, multiline=True)


def _hint(describe: Callable[[str], tuple[Any, bool]]) -> Callable[[str], None]:
    def call(text: str) -> None:
        content, ok = describe(text)
        assert isinstance(ok, bool)
        assert_shown_safely(content.plain)

    return call


def _log_args(field: str) -> Callable[[str], Any]:
    def call(text: str) -> Any:
        args = LogArgs(summary="hello", **{field: text})
        return parse_log_args(args, NOW)

    return call


PARSERS: dict[str, Parser] = {
    # rules: names, money, the WHEN grammar, the capture line, working days
    "fold_name": Parser(fold_name, (), _shown),
    "exact_and_prefix": Parser(lambda s: exact_and_prefix(s, CLIENTS, lambda c: c.name), ()),
    "parse_money": Parser(parse_money, ValueError, _in(0, MAX_MONEY_CENTS)),
    "parse_money(negative)": Parser(lambda s: parse_money(s, allow_negative=True), ValueError,
                                    _in(-MAX_MONEY_CENTS, MAX_MONEY_CENTS)),
    "when.parse_day": Parser(lambda s: when.parse_day(s, TODAY), when.WhenError, _year_ok),
    "when.parse_time": Parser(when.parse_time, when.WhenError, lambda t: isinstance(t, time)),
    "parse_when": Parser(lambda s: when.parse_when(s, NOW).as_datetime(), when.WhenError, _aware),
    "parse_duration": Parser(when.parse_duration, when.WhenError, _in(0, when.MAX_DURATION_MINUTES)),
    "tokenize": Parser(tokenize, CaptureError),
    "parse_capture": Parser(lambda s: parse_capture(s, NOW, [c.name for c in CLIENTS]), CaptureError, _capture),
    "capture read_line": Parser(lambda s: _reading(s, CaptureContext(None, CLIENTS)), ()),
    "capture read_line(in context)": Parser(lambda s: _reading(s, CaptureContext(CLIENTS[1], CLIENTS)), ()),
    "capture read_line(no context)": Parser(lambda s: _reading(s, None), ()),
    "parse_working_days": Parser(parse_working_days, (), lambda days: days <= set(range(7)) and days),
    # the quick log (amtui log)
    "quick_log.parse_sentiment": Parser(parse_log_sentiment, ValueError, _in(-2, 2)),
    **{f"parse_log_args({f})": Parser(_log_args(f), ValidationError)
       for f in ("kind", "direction", "at", "duration", "sentiment", "follow_up")},
    # CSV import cells
    "import.clean": Parser(iv.clean, (), _shown),
    "import.clean(multiline)": Parser(lambda s: iv.clean(s, multiline=True), (),
                                      lambda v: assert_shown_safely(v, multiline=True)),
    "import.parse_status": Parser(iv.parse_status),
    "import.parse_tier": Parser(iv.parse_tier),
    "import.parse_kind": Parser(iv.parse_kind),
    "import.parse_direction": Parser(iv.parse_direction),
    "import.parse_bool": Parser(iv.parse_bool, ValueError, lambda v: isinstance(v, bool)),
    "import.parse_whole": Parser(lambda s: iv.parse_whole(s, low=-10, high=1000), ValueError, _in(-10, 1000)),
    "import.parse_sentiment": Parser(iv.parse_sentiment, ValueError, _in(-2, 2)),
    "import.parse_minutes": Parser(iv.parse_minutes, ValueError, _in(0, when.MAX_DURATION_MINUTES)),
    "import.parse_amount": Parser(lambda s: iv.parse_amount(s, decimal_comma=False), ValueError,
                                  _in(0, MAX_MONEY_CENTS)),
    "import.parse_amount(comma)": Parser(lambda s: iv.parse_amount(s, decimal_comma=True), ValueError,
                                         _in(0, MAX_MONEY_CENTS)),
    "import.parse_day(dmy)": Parser(lambda s: iv.parse_day(s, "dmy"), ValueError, _year_ok),
    "import.parse_day(mdy)": Parser(lambda s: iv.parse_day(s, "mdy"), ValueError, _year_ok),
    "import.parse_instant(dmy)": Parser(lambda s: iv.parse_instant(s, "dmy", UTC), ValueError, _aware),
    "import.parse_instant(mdy)": Parser(lambda s: iv.parse_instant(s, "mdy", NOW.tzinfo), ValueError, _aware),
    "import.slash_order": Parser(lambda s: iv.slash_order([s, "24/11/2026", s[::-1]], "mdy")),
    "import.parse_overrides": Parser(lambda s: parse_overrides([s, f"{s}=notes"], "clients"), MappingError),
    "import.map_headers": Parser(lambda s: map_headers("clients", [s, "name", s + "x"]), MappingError),
    "import_preview.split_overrides": Parser(split_overrides, (), lambda parts: [_shown(p) for p in parts]),
    "report.parse_period": Parser(lambda s: parse_period(s, TODAY), ValueError,
                                  lambda p: _shown(p.name) or _shown(p.label) or _year_ok(p.since)),
    # form fields
    "form.without_controls": Parser(without_controls, (), _shown),
    "form.without_controls(multiline)": Parser(lambda s: without_controls(s, multiline=True), (),
                                               lambda v: assert_shown_safely(v, multiline=True)),
    "form.parse_int": Parser(lambda s: parse_int(s, label="the cadence", minimum=1, maximum=365), ValueError,
                             _in(1, 365)),
    "form.parse_int(negative)": Parser(lambda s: parse_int(s, label="a number", minimum=-5, maximum=5),
                                       ValueError, _in(-5, 5)),
    "form.parse_optional_day": Parser(lambda s: parse_optional_day(s, NOW), ValueError,
                                      lambda d: d is None or _year_ok(d)),
    "form.parse_amount": Parser(parse_amount, ValueError, _in(0, MAX_MONEY_CENTS)),
    "budget.parse_amount_text": Parser(lambda s: parse_amount_text(s, allow_negative=False), ValueError,
                                       _in(1, MAX_MONEY_CENTS)),
    "budget.parse_amount_text(negative)": Parser(lambda s: parse_amount_text(s, allow_negative=True), ValueError,
                                                 _in(-MAX_MONEY_CENTS, MAX_MONEY_CENTS)),
    "team.parse_hours": Parser(parse_hours, ValueError, _in(0, 1000)),
    "booking.parse_moment": Parser(lambda s: parse_moment(s, NOW, time(9, 0)), ValueError, _aware),
    "booking.parse_moment(end)": Parser(lambda s: parse_moment(s, NOW, time(18, 0), NOW), ValueError, _aware),
    "contact.check_email": Parser(check_email, ValueError, _shown),
    "contact.check_phone": Parser(check_phone, ValueError, _shown),
    "contact.check_name": Parser(check_name, ValueError, _shown),
    "log_hints.describe_when": Parser(_hint(lambda s: describe_when(s, NOW)), ()),
    "log_hints.describe_follow_up": Parser(_hint(lambda s: describe_follow_up(s, NOW)), ()),
    "log_hints.describe_duration": Parser(_hint(describe_duration), ()),
}


def _run(parser: Parser, text: str) -> None:
    try:
        result = parser.call(text)
    except ValidationError as exc:
        assert parser.raises is ValidationError, f"unexpected {exc!r}"
        assert exc.errors
        for message in exc.errors.values():
            assert_clear_message(ValueError(message))
        return
    except Exception as exc:
        if not parser.raises or not isinstance(exc, parser.raises):
            raise
        assert_clear_message(exc)
        return
    parser.check(result)


@pytest.mark.parametrize("name", list(PARSERS))
@given(text=HOSTILE)
def test_parser_returns_a_value_or_its_error(name: str, text: str) -> None:
    _run(PARSERS[name], text)


@pytest.mark.parametrize("giant", list(GIANTS))
@pytest.mark.parametrize("name", list(PARSERS))
def test_parser_survives_a_megabyte(name: str, giant: str) -> None:
    _run(PARSERS[name], GIANTS[giant])


@given(st.lists(HOSTILE, max_size=6), st.sampled_from(["clients", "contacts", "interactions"]))
def test_map_headers_refuses_with_its_error(headers: list[str], kind: Any) -> None:
    try:
        mapping = map_headers(kind, headers)
    except MappingError as exc:
        assert_clear_message(exc)
        return
    assert mapping is not None


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        # Found by the properties above: each raised Python's own error or took a wrong value.
        ("form.parse_int", "--5", "is not a whole number"),
        ("form.parse_int", "9" * 5000, "is not a whole number"),
        ("import.parse_whole", "9" * 400 + ".0", "is not a whole number"),
        ("import.parse_whole", "9" * 5000, "is not a whole number"),
        ("import.parse_instant(dmy)", "2026-11-24 14:30 +99:99", "is not a time zone offset"),
        ("import.parse_instant(dmy)", "2026-11-24T14:30+25:00", "is not a time zone offset"),
        ("import.parse_instant(dmy)", "1000-01-01 10:00", "the year is out of range"),
        ("import.parse_instant(mdy)", "0001-01-01T00:00+01:00", "the year is out of range"),
        ("import.parse_minutes", "99:99", "is not a duration"),
        ("import.parse_minutes", "25:00", "over 24 hours"),
        ("team.parse_hours", "1_000", "is not a number of hours"),
        ("team.parse_hours", "\u0663", "is not a number of hours"),
    ],
    ids=lambda v: v if len(v) < 40 else f"{v[:8]}…({len(v)} characters)",
)
def test_found_cases_refused_clearly(name: str, text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as caught:
        PARSERS[name].call(text)
    assert_clear_message(caught.value)


def test_negative_zero_hours_read_as_zero() -> None:
    assert math.copysign(1, parse_hours("-0")) == 1
