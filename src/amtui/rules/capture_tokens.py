"""The tokens of a capture line: split on whitespace honouring quotes, each classified by shape.

Double, single and smart quotes work, as does ``key:"quoted value"``; a ``key:`` is joined with
the value after it and a day with a following time. What the tokens mean is decided in
:mod:`amtui.rules.capture` (the grammar is described there).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from amtui.enums import Direction, InteractionKind
from amtui.rules.when import is_day_form, is_duration_token, is_time_form

KIND_WORDS: dict[str, InteractionKind] = {
    **{k.value: k for k in InteractionKind},
    "mail": InteractionKind.EMAIL,
    "e-mail": InteractionKind.EMAIL,
    "mtg": InteractionKind.MEETING,
    "msg": InteractionKind.MESSAGE,
}
DIRECTION_WORDS: dict[str, Direction] = {
    **{d.value: d for d in Direction},
    "in": Direction.INBOUND,
    "out": Direction.OUTBOUND,
}
KEYS: dict[str, str] = {"at": "when", "follow": "follow_up", "fu": "follow_up", "with": "contact"}
# opener -> accepted closers: straight, curly (\u201c \u201d), low-9 (\u201e), guillemets,
# single straight and curly (\u2018 \u2019).
_OPENERS = {'"': '"', "\u201c": '\u201d"', "\u201e": '\u201c\u201d"', "«": "»", "'": "'", "\u2018": "\u2019'"}
_SOFT = frozenset("'\u2018")  # also apostrophes: open at a word start, close before a space only
_KEY = re.compile(r"(at|follow|fu|with):", re.IGNORECASE)
_SENTIMENT = re.compile(r"[+-][0-9]{1,6}|0|\+\+|--")
_ISO_T = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}[tT][0-9]{1,2}:[0-9]{2}")
_UNSIGNED_OFFSET = re.compile(r"[0-9]{1,6}[dw]")  # an error ("needs a sign") outside a summary


class CaptureError(ValueError):
    """A piece of the capture line is invalid; ``field`` names the ``Capture`` field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


Cat = Enum("Cat", "TEXT QUOTED KIND DIRECTION SENTIMENT DURATION DAY TIME WHEN KEYED CONTACT")
"""What a token is."""


_SHAPES: tuple[tuple[Callable[[str], object], Cat], ...] = (
    (KIND_WORDS.__contains__, Cat.KIND),
    (DIRECTION_WORDS.__contains__, Cat.DIRECTION),
    (_SENTIMENT.fullmatch, Cat.SENTIMENT),
    (is_duration_token, Cat.DURATION),
    (lambda t: is_day_form(t) or _UNSIGNED_OFFSET.fullmatch(t), Cat.DAY),
    (is_time_form, Cat.TIME),
    (lambda t: t == "now" or _ISO_T.fullmatch(t), Cat.WHEN),
)
"""Shape tests for unquoted tokens, first match wins."""


@dataclass
class Token:
    """One token of the line (its category may change while the summary is resolved)."""

    cat: Cat
    text: str
    quoted: bool = False
    key: str = ""  # for KEYED: the Capture field
    value: str = ""  # for KEYED and CONTACT


def tokenize(line: str) -> list[Token]:
    """The line's tokens, classified, with ``key:`` joined to its value and a day to its time."""
    return _merge(_split(line))


def _field_for_prefix(prefix: str) -> str:
    m = _KEY.match(prefix)
    return KEYS[m[1].lower()] if m else ("contact" if prefix == "@" else "summary")


def _find_close(line: str, start: int, opener: str) -> int | None:
    for j in range(start + 1, len(line)):
        if line[j] in _OPENERS[opener] and (opener not in _SOFT or j + 1 == len(line) or line[j + 1].isspace()):
            return j
    return None


def _split(line: str) -> list[Token]:
    """Split on whitespace, honouring quotes; classify each token."""
    items: list[Token] = []
    i, n = 0, len(line)
    while i < n:
        if line[i].isspace():
            i += 1
            continue
        buf: list[str] = []
        bare: str | None = None
        while i < n and not line[i].isspace():
            ch = line[i]
            if ch in _OPENERS and (not buf or buf[-1] in ":@"):
                close = _find_close(line, i, ch)
                if close is not None:
                    bare = "".join(buf) if bare is None else bare
                    buf.append(line[i + 1 : close])
                    i = close + 1
                    continue
                if ch not in _SOFT:
                    closer = _OPENERS[ch][0]
                    raise CaptureError(_field_for_prefix("".join(buf)), f"unterminated quote: add a closing {closer}")
            buf.append(ch)
            i += 1
        items.append(_classify("".join(buf), bare))
    return items


def _classify(text: str, bare: str | None) -> Token:
    prefix = text if bare is None else bare
    if bare == "":
        return Token(Cat.QUOTED, text, True)
    if m := _KEY.match(prefix):
        return Token(Cat.KEYED, text, bare is not None, KEYS[m[1].lower()], text[m.end() :])
    if prefix.startswith("@") and len(text) > 1:
        return Token(Cat.CONTACT, text, bare is not None, "contact", text[1:])
    if bare is None:
        low = text.lower()
        for test, cat in _SHAPES:
            if test(low):
                return Token(cat, text)
    return Token(Cat.TEXT, text, bare is not None)


def _merge(items: list[Token]) -> list[Token]:
    """Join ``key:`` with a following value, and a day with a following time."""
    out: list[Token] = []
    for item in items:
        prev = out[-1] if out else None
        if prev and prev.cat is Cat.KEYED and not prev.value.strip() and item.cat not in (Cat.KEYED, Cat.CONTACT):
            prev.value, prev.text = item.text, f"{prev.text} {item.text}"
        elif (
            prev
            and item.cat is Cat.TIME
            and (prev.cat is Cat.DAY or (prev.cat is Cat.KEYED and prev.key != "contact" and is_day_form(prev.value)))
        ):
            prev.text = f"{prev.text} {item.text}"
            prev.value = f"{prev.value} {item.text}" if prev.cat is Cat.KEYED else ""
            prev.cat = Cat.WHEN if prev.cat is Cat.DAY else prev.cat
        else:
            out.append(item)
    return out
