"""Cleaning user text: examples and properties."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtui.rules.text import MAX_CHARS_PER_CELL, clean_text, display_width, one_line


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Acme  ", "Acme"),
        ("a\x00b\x07c", "abc"),
        ("\x1b[31mred\x1b[0m", "[31mred[0m"),
        ("del\x7f", "del"),
        ("c1\x80\x9b\x9f", "c1"),
        ("line\nbreak", "line break"),
        ("a\r\n\r\nb", "a b"),
        ("tab\there", "tab here"),
        ("a\u2028b", "a b"),
        ("lone\ud800surrogate", "lonesurrogate"),
        ("[bold]Acme[/]", "[bold]Acme[/]"),
        ("שלום עולם", "שלום עולם"),
        ("\u202eevil\u202c", "\u202eevil\u202c"),  # bidi override kept
        ("\u2067isolate\u2069", "\u2067isolate\u2069"),
        ("Café Øresund 東京", "Café Øresund 東京"),
        ("", ""),
    ],
)
def test_clean_single_line(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\nb", "a\nb"),
        ("a\r\nb\rc", "a\nb\nc"),
        ("col\tcol", "col\tcol"),
        ("\n\n  note \x00\n\n", "note"),
        ("x\x0by\x0cz", "x\ny\nz"),
        ("bell\x07\nnext", "bell\nnext"),
    ],
)
def test_clean_multiline(raw: str, clean: str) -> None:
    assert clean_text(raw, multiline=True) == clean


def test_max_len() -> None:
    assert clean_text("abcdef", max_len=3) == "abc"
    assert clean_text("ab    cd", max_len=4) == "ab"
    assert clean_text("abc", max_len=0) == ""
    assert clean_text("abc", max_len=-5) == ""
    assert clean_text("abc", max_len=10) == "abc"


def test_never_raises_on_none() -> None:
    assert clean_text(None) == ""  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "width", "shown"),
    [
        ("Harbor Foods", 20, "Harbor Foods"),
        ("Harbor Foods", 12, "Harbor Foods"),
        ("Harbor Foods", 8, "Harbor…"),
        ("Harbor Foods", 7, "Harbor…"),
        ("Harbor Foods", 1, "…"),
        ("Harbor Foods", 0, ""),
        ("multi\nline\ttext", 40, "multi line text"),
        ("東京東京", 5, "東京…"),
        ("東京東京", 8, "東京東京"),
        ("\u202e" * 100 + "abc", 5, "\u202e" * 19 + "…"),  # zero-width marks: 4 characters per cell
        ("\x1b" * 1000 + "Acme", 10, "Acme"),
    ],
)
def test_one_line(raw: str, width: int, shown: str) -> None:
    assert one_line(raw, width) == shown


def _is_bad(ch: str, multiline: bool) -> bool:
    cat = unicodedata.category(ch)
    if cat == "Cs":
        return True
    return cat == "Cc" and not (multiline and ch in "\n\t")


# Every category, surrogates included; plus a dense mix of the troublesome characters.
ANY_TEXT = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=()), max_size=60),
    st.text(alphabet=st.sampled_from("a \n\r\t\v\f\x00\x1b\x7f\x85\x9b\u2028\u202e\ud800東"), max_size=30),
)


@given(ANY_TEXT, st.booleans(), st.one_of(st.none(), st.integers(-3, 80)))
def test_clean_text_properties(raw: str, multiline: bool, max_len: int | None) -> None:
    out = clean_text(raw, multiline=multiline, max_len=max_len)
    assert not any(_is_bad(ch, multiline) for ch in out)
    assert out == out.strip()
    if max_len is not None:
        assert len(out) <= max(max_len, 0)
    assert clean_text(out, multiline=multiline, max_len=max_len) == out


@given(ANY_TEXT, st.integers(0, 50))
def test_one_line_fits(raw: str, width: int) -> None:
    out = one_line(raw, width)
    assert display_width(out) <= width
    assert len(out) <= width * MAX_CHARS_PER_CELL
    assert "\n" not in out
