"""The one-line capture grammar: examples, errors and properties."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtui.enums import Direction, InteractionKind
from amtui.rules.capture import Capture, CaptureError, describe_capture, parse_capture
from amtui.rules.when import When

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))  # a Tuesday
TODAY = NOW.date()


def cap(line: str, known: tuple[str, ...] = ()) -> Capture:
    return parse_capture(line, NOW, known)


def test_full_example() -> None:
    c = cap('acme call "Q3 brief" yesterday 30m +1 follow:+3d')
    assert c == Capture(
        client_query="acme",
        kind=InteractionKind.CALL,
        summary="Q3 brief",
        when=When(date(2026, 11, 23)),
        duration_minutes=30,
        sentiment=1,
        follow_up=When(date(2026, 11, 27)),
    )


def test_morning_example_without_client() -> None:
    c = cap('call "walked through revised figures, happy" +1 follow:fri')
    assert c.client_query is None
    assert c.kind is InteractionKind.CALL
    assert c.summary == "walked through revised figures, happy"
    assert c.sentiment == 1
    assert c.follow_up == When(date(2026, 11, 27))
    assert c.when is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("acme email x", InteractionKind.EMAIL),
        ("acme MEETING x", InteractionKind.MEETING),
        ("acme message x", InteractionKind.MESSAGE),
        ("acme note x", InteractionKind.NOTE),
        ("acme mail x", InteractionKind.EMAIL),
        ("acme mtg x", InteractionKind.MEETING),
    ],
)
def test_kinds(line: str, expected: InteractionKind) -> None:
    assert cap(line).kind is expected


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("in", Direction.INBOUND),
        ("inbound", Direction.INBOUND),
        ("out", Direction.OUTBOUND),
        ("OUTBOUND", Direction.OUTBOUND),
        ("internal", Direction.INTERNAL),
    ],
)
def test_directions(token: str, expected: Direction) -> None:
    assert cap(f'acme call {token} "x"').direction is expected


@pytest.mark.parametrize(
    ("token", "expected"),
    [("+2", 2), ("+1", 1), ("0", 0), ("-1", -1), ("-2", -2), ("++", 2), ("--", -2), ("+0", 0)],
)
def test_sentiments(token: str, expected: int) -> None:
    assert cap(f'acme call "x" {token}').sentiment == expected


@pytest.mark.parametrize(("token", "minutes"), [("30m", 30), ("1h", 60), ("1h30m", 90), ("1.5h", 90), ("45min", 45)])
def test_durations(token: str, minutes: int) -> None:
    assert cap(f'acme call "x" {token}').duration_minutes == minutes


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        ("yesterday", When(date(2026, 11, 23))),
        ("fri", When(date(2026, 11, 27))),
        ("2026-11-01", When(date(2026, 11, 1))),
        ("16:30", When(date(2026, 11, 24), time(16, 30))),
        ("fri 14:00", When(date(2026, 11, 27), time(14, 0))),
        ("yesterday 16:30", When(date(2026, 11, 23), time(16, 30))),
        ("2026-12-01 09:15", When(date(2026, 12, 1), time(9, 15))),
        ("-1d", When(date(2026, 11, 23))),
        ("+1d", When(date(2026, 11, 25))),
        ("now", When(date(2026, 11, 24), time(10, 0))),
        ("at:yesterday", When(date(2026, 11, 23))),
        ('at:"fri 14:00"', When(date(2026, 11, 27), time(14, 0))),
        ("at:fri 14:00", When(date(2026, 11, 27), time(14, 0))),
        ("AT:“mon 9:00”", When(date(2026, 11, 30), time(9, 0))),
        ("at: -2d", When(date(2026, 11, 22))),
    ],
)
def test_occurred_at(tokens: str, expected: When) -> None:
    assert cap(f'acme call "x" {tokens}').when == expected


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        ("follow:fri", When(date(2026, 11, 27))),
        ("fu:+3d", When(date(2026, 11, 27))),
        ('follow:"fri 9:30"', When(date(2026, 11, 27), time(9, 30))),
        ("follow: tomorrow", When(date(2026, 11, 25))),
    ],
)
def test_follow_up(tokens: str, expected: When) -> None:
    assert cap(f'acme call "x" {tokens}').follow_up == expected


@pytest.mark.parametrize(
    ("tokens", "contact"),
    [
        ("@Jane", "Jane"),
        ('with:"Jane Doe"', "Jane Doe"),
        ("with:Jane", "Jane"),
        ('@"Jane Doe"', "Jane Doe"),
        ("with: Bob", "Bob"),
        ("with:'Ann Lee'", "Ann Lee"),
    ],
)
def test_contact(tokens: str, contact: str) -> None:
    assert cap(f'acme call "x" {tokens}').contact == contact


def test_plus_one_is_sentiment_and_plus_one_d_is_when() -> None:
    c = cap('acme call "x" +1 +1d')
    assert (c.sentiment, c.when) == (1, When(date(2026, 11, 25)))


@pytest.mark.parametrize(
    ("line", "summary"),
    [
        ("acme call 'Q3 brief'", "Q3 brief"),
        ("acme call “Q3 brief”", "Q3 brief"),
        ("acme call \u2018Q3 brief\u2019", "Q3 brief"),
        ("acme call „Q3 brief“", "Q3 brief"),
        ('acme call "part one" "part two"', "part one part two"),
        ("acme note 'don't forget the deck'", "don't forget the deck"),
        ("acme note don't forget it", "don't forget it"),
        ("acme note 'twas fine", "'twas fine"),
        ('acme call ""', ""),
        ('acme call "  \x1b[31m red \x07"', "[31m red"),
    ],
)
def test_quotes(line: str, summary: str) -> None:
    assert cap(line).summary == summary


def test_unquoted_summary_keeps_words_inside_the_span() -> None:
    c = cap("acme call checked in with bob about fri plans yesterday 14:00 +1 @Bob")
    assert c.summary == "checked in with bob about fri plans"
    assert c.when == When(date(2026, 11, 23), time(14, 0))
    assert c.sentiment == 1
    assert c.contact == "Bob"
    assert c.direction is None


def test_unquoted_summary_with_fields_before_it() -> None:
    c = cap("acme email out yesterday pricing pushback -1 fu:+2d")
    assert (c.kind, c.direction, c.summary, c.sentiment) == (
        InteractionKind.EMAIL,
        Direction.OUTBOUND,
        "pricing pushback",
        -1,
    )
    assert c.follow_up == When(date(2026, 11, 26))


def test_kind_word_after_unquoted_summary_is_text() -> None:
    c = cap("acme call left a message")
    assert (c.kind, c.summary) == (InteractionKind.CALL, "left a message")


class TestClientQuery:
    def test_leading_words_until_first_recognised_token(self) -> None:
        assert cap('harbor foods call "x"').client_query == "harbor foods"

    def test_absent(self) -> None:
        assert cap('"x" +1').client_query is None

    def test_known_client_prefix_wins(self) -> None:
        c = cap("harbor foods pricing pushback", ("Acme", "Harbor Foods"))
        assert (c.client_query, c.summary) == ("harbor foods", "pricing pushback")

    def test_known_client_containing_grammar_words(self) -> None:
        c = cap('sunday studio call "x"', ("Sunday Studio",))
        assert (c.client_query, c.kind, c.when) == ("sunday studio", InteractionKind.CALL, None)
        c = cap("out there call hi", ("Out There",))
        assert (c.client_query, c.direction, c.summary) == ("out there", None, "hi")

    def test_longest_known_client_wins(self) -> None:
        known = ("Nord", "Nord Licht")
        assert cap("nord licht call x", known).client_query == "nord licht"

    def test_unknown_client_falls_back_to_leading_words(self) -> None:
        assert cap('acme call "x"', ("Harbor Foods",)).client_query == "acme"

    def test_without_known_clients_a_grammar_word_is_not_a_client(self) -> None:
        c = cap("sunday call hello")
        assert c.client_query is None
        assert c.when == When(date(2026, 11, 29))


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        ('acme call "Q3 brief', "summary", "unterminated quote"),
        ("acme call “Q3 brief", "summary", "add a closing ”"),
        ('acme call "x" at:"fri 14:00', "when", "unterminated quote"),
        ('acme call "x" with:"Jane', "contact", "unterminated quote"),
        ('acme call "x" follow:"fri', "follow_up", "unterminated quote"),
        ('acme call "x" follow:flurb', "follow_up", "couldn't read 'flurb' as a date"),
        ('acme call "x" fu:2026-02-30', "follow_up", "'2026-02-30' is not a valid date"),
        ('acme call "x" follow:', "follow_up", "follow: needs a date"),
        ('acme call email "x"', "kind", "two kinds: 'call' and 'email'"),
        ('acme call "x" +3', "sentiment", "sentiment +3 is out of range"),
        ('acme call "x" -5', "sentiment", "out of range"),
        ('acme call "x" +1 -1', "sentiment", "two sentiments"),
        ('acme call "x" fri sat', "when", "two times"),
        ('acme call "x" yesterday at:fri', "when", "two times"),
        ('acme call "x" 25h', "duration_minutes", "over 24 hours"),
        ('acme call "x" 30m 1h', "duration_minutes", "two durations"),
        ('acme call "x" in out', "direction", "two directions"),
        ('acme call "x" @Jane @Bob', "contact", "two contacts"),
        ('acme call "x" with:', "contact", "contact needs a name"),
        ('acme call "x" 24:00', "when", "not a valid time"),
        ('acme call "x" 3d', "when", "needs a sign"),
        ('acme call "x" yestrday', "summary", "didn't understand 'yestrday'"),
        ("acme call x" + " y" * 1500, "summary", "too long"),
    ],
)
def test_errors(line: str, field: str, message: str) -> None:
    with pytest.raises(CaptureError) as info:
        cap(line)
    assert info.value.field == field
    assert message in str(info.value)


def test_describe_capture() -> None:
    c = cap('acme call in "Q3 brief" yesterday 1h30m +1 follow:+3d @Jane')
    assert describe_capture(c, TODAY) == [
        ("Client", "acme"),
        ("Kind", "call"),
        ("Direction", "inbound"),
        ("When", "Mon 23 Nov 2026 (yesterday)"),
        ("Duration", "1h 30m"),
        ("Sentiment", "+1 positive"),
        ("Contact", "Jane"),
        ("Follow-up", "Fri 27 Nov 2026 (in 3 days)"),
        ("Summary", "Q3 brief"),
    ]
    assert describe_capture(Capture(sentiment=0), TODAY) == [("Sentiment", "0 neutral"), ("Summary", "—")]


def test_empty_line() -> None:
    assert cap("") == Capture()
    assert cap("   ") == Capture()


TOKENS = st.sampled_from(
    [
        "acme",
        "call",
        "email",
        "in",
        "out",
        '"',
        "'",
        "“",
        "”",
        "\u2018",
        "\u2019",
        '"Q3 brief"',
        "+1",
        "+3",
        "--",
        "++",
        "0",
        "-1d",
        "+1m",
        "30m",
        "25h",
        "fri",
        "14:00",
        "99:99",
        "yesterday",
        "now",
        "at:",
        "at:fri",
        'at:"fri',
        "follow:",
        "fu:+3d",
        "with:",
        "@",
        "@Jane",
        "with:'A B'",
        "2026-02-30",
        "3d",
        "x",
        "\x00",
        "\u202e",
        '@"',
        'at:""',
    ]
)
LINES = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=()), max_size=60),
    st.lists(st.one_of(TOKENS, st.text(max_size=3)), max_size=10).map(" ".join),
    st.lists(TOKENS, max_size=10).map("".join),
)


@given(LINES, st.lists(st.sampled_from(["Acme", "Sunday Studio", "in", "", "fri 14:00"]), max_size=3))
def test_parse_capture_only_raises_capture_error(line: str, known: list[str]) -> None:
    try:
        c = parse_capture(line, NOW, known)
    except CaptureError as e:
        assert e.field in {
            "kind",
            "direction",
            "summary",
            "when",
            "duration_minutes",
            "sentiment",
            "follow_up",
            "contact",
        }
        assert str(e)
        return
    assert c.sentiment is None or -2 <= c.sentiment <= 2
    assert c.duration_minutes is None or 0 <= c.duration_minutes <= 1440
    assert "\x00" not in c.summary
    describe_capture(c, TODAY)
