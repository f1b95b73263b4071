"""Hostile text for property tests, and the checks every parser's output must pass.

The strategies mix every Unicode category (lone surrogates included) with the pieces that have
broken terminal apps: C0/C1 controls, ESC/OSC sequences, bidi overrides, Rich markup, numbers
that are not numbers (NaN, inf, 1e309, -0) and impossible dates. ``GIANTS`` are 1 MB strings.
"""

from __future__ import annotations

import unicodedata

from hypothesis import strategies as st

from amtui.rules.text import display_width

ATOMS = (
    "\x1b[31m", "\x1b]8;;http://evil.example\x1b\\", "\x1b[2J", "\x1b", "\x9b", "\x9d", "\x07", "\x00", "\x7f",
    "\x85", "\r", "\n", "\t", "\v", "\u2028", "\u202e", "\u2066", "\u200b", "\ud800", "\udfff",
    "[bold]", "[/]", "[/", "]", "[link=http://evil.example]", "[@click=app.quit]", "[red on blue]",
    "NaN", "nan", "inf", "-inf", "Infinity", "1e309", "-1e309", "-0", "-0.0", "-1", "-", "+", "--", "++",
    "2026-02-30", "0000-01-01", "1000-01-01T10:00", "0001-01-01 00:00+01:00", "9999-12-31T23:59",
    "10000-01-01", "9999-12-31", "2026-13-01", "30.02.2026", "02/30/2026",
    "24:00", "99:99", "+99:99", "12:60", "0", "1", "12", "59", "1000", "99999999999999999999",
    "\u0663", "\U0001d7d7", "\uff11", " ", ",", ".", ":", "/", "h", "m", "d", "w", "€", "$", "EUR",
    "=", "@", '"', "'", "\u201c", "\u201d", "yes", "no", "call", "in", "fri", "today", "now", "+3d", "+1m",
    "30m", "1h30m", "1.5h", "pm", "Z", "UTC", "+01:00", "T", "follow:", "at:", "with:", "Acme", "東京",
    "ß", "İ", "\u0301",
)

ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=()), max_size=40)
HOSTILE = st.one_of(
    ANY_TEXT,
    st.lists(st.sampled_from(ATOMS), max_size=8).map("".join),
    st.lists(st.sampled_from(ATOMS), max_size=5).map(" ".join),
)

MB = 1_000_000
GIANTS = {
    "digits": "9" * MB,
    "digits-point": "9" * MB + ".0",
    "grouped": "1" + ",000" * (MB // 4),
    "words": "acme " * (MB // 5),
    "markup": "[b]" * (MB // 3),
    "escapes": "\x1b[31m" * (MB // 5),
    "bidi": "\u202e" * MB,
    "surrogates": "\ud800" * MB,
    "open-quote": '"' + "x" * MB,
    "spaces": " " * MB + "1",
}

INTERNAL_MESSAGES = (
    "invalid literal", "Exceeds the limit", "could not convert", "has no attribute", "offset must be",
    "object is not", "out of range for", "NoneType", "Traceback",
)
MAX_MESSAGE = 600  # cells; the widest real one: an interactions file missing every column, 8 columns named


def bad_chars(text: str, *, multiline: bool = False) -> list[str]:
    """The control characters and lone surrogates in ``text`` (newline and tab allowed when
    ``multiline``)."""
    allowed = "\n\t" if multiline else ""
    return [ch for ch in text if unicodedata.category(ch) in ("Cc", "Cs") and ch not in allowed]


def assert_shown_safely(text: str, *, multiline: bool = False) -> None:
    """``text`` is fit to display: no control character, no lone surrogate."""
    assert isinstance(text, str)
    assert not bad_chars(text, multiline=multiline), repr(text[:200])


def assert_clear_message(exc: BaseException) -> None:
    """A user-facing error: short, one safe line, in the app's words (not Python's)."""
    message = str(exc)
    assert message.strip(), f"{type(exc).__name__} without a message"
    width = display_width(message)
    assert width <= MAX_MESSAGE, f"message {width} cells wide: {message[:120]!r}…"
    assert_shown_safely(message)
    assert not any(word in message for word in INTERNAL_MESSAGES), message
