"""Cleaning user text so it is safe to store and to show in a terminal.

User text is data, never markup or terminal commands: control characters (C0, DEL, C1) and
lone surrogates are removed. Everything printable stays, including right-to-left text and the
bidi embedding/override/isolate marks it may need (they are format characters, not controls).
"""

from __future__ import annotations

import re
import unicodedata

ELLIPSIS = "…"

# Characters that end a line. \r\n counts as one break.
_BREAKS = "\n\r\v\f\x85\u2028\u2029"
_KEEP_CONTROLS = frozenset(_BREAKS + "\t")
_SINGLE_LINE_RUN = re.compile(r"[\t\n\r\v\f\x85\u2028\u2029]+")
_MULTI_LINE_BREAK = re.compile(r"\r\n|[\r\v\f\x85\u2028\u2029]")


# Category Cc is exactly U+0000-U+001F and U+007F-U+009F, Cs exactly U+D800-U+DFFF; the
# line breaks and tab in _KEEP_CONTROLS (\t \n \v \f \r NEL) are left for the break rules.
_DROPPED = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]+")
MAX_CHARS_PER_CELL = 4
"""``one_line`` keeps at most this many characters per cell of width: combining and format
marks take no cell, and a name of a million bidi marks must not fit into 20 cells."""


_CONTROL_CODES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]+")


def without_control_codes(s: str) -> str:
    """``s`` minus control characters and lone surrogates, nothing else changed: tab, LF and CR
    are kept (for data written to files, e.g. an export, where trimming would alter it)."""
    return _CONTROL_CODES.sub("", s)


def _drop_controls(s: str) -> str:
    """Remove C0/C1/DEL controls (except line breaks and tabs) and lone surrogates."""
    return _DROPPED.sub("", s)


def clean_text(s: str, *, multiline: bool = False, max_len: int | None = None) -> str:
    """Return ``s`` without control characters, trimmed, and at most ``max_len`` characters.

    * C0 controls, DEL, C1 controls (U+0080-U+009F) and lone surrogates are removed.
    * ``multiline=False``: each run of line breaks and tabs becomes a single space.
    * ``multiline=True``: ``\\n`` and ``\\t`` are kept; ``\\r\\n``, ``\\r`` and the other line
      separators (VT, FF, NEL, U+2028, U+2029) become ``\\n``.
    * Bidi marks (LRE, RLO, LRI, …), zero-width joiners and all printable text are kept.
    * Leading and trailing whitespace is stripped. ``max_len`` cuts the result (``<= 0``
      gives ``""``). Never raises; ``None`` gives ``""``. The function is idempotent.
    """
    if not isinstance(s, str):
        s = "" if s is None else str(s)
    s = _drop_controls(s)
    s = _MULTI_LINE_BREAK.sub("\n", s) if multiline else _SINGLE_LINE_RUN.sub(" ", s)
    s = s.strip()
    if max_len is not None and len(s) > max(max_len, 0):
        s = s[: max(max_len, 0)].rstrip()
    return s


def char_width(ch: str) -> int:
    """Terminal cells taken by one character: 0 for combining/format marks, 2 for wide."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(s: str) -> int:
    """Terminal cells taken by ``s`` (an approximation good for truncation)."""
    return sum(char_width(ch) for ch in s)


def one_line(s: str, width: int) -> str:
    """Clean ``s`` to a single line and cut it to ``width`` terminal cells, ending in "…".

    Wide (CJK) characters count as two cells; at most ``MAX_CHARS_PER_CELL`` characters are
    kept per cell. ``width <= 0`` gives ``""``.
    """
    if width <= 0:
        return ""
    limit = width * MAX_CHARS_PER_CELL
    text = clean_text(s)
    if len(text) <= limit and display_width(text) <= width:
        return text
    budget = width - 1  # room left for the ellipsis
    used = 0
    out: list[str] = []
    for ch in text[: limit - 1]:
        w = char_width(ch)
        if used + w > budget:
            break
        out.append(ch)
        used += w
    return "".join(out).rstrip() + ELLIPSIS
