"""The one-line capture grammar, e.g. ``acme call "Q3 brief" yesterday 30m +1 follow:+3d``.

A small tokenizer (double, single and smart quotes; ``key:"quoted value"``) feeds a classifier
per token. Recognised tokens, anywhere on the line:

* kind: ``call email meeting message note`` (also ``mail mtg msg``)
* direction: ``in inbound out outbound internal``
* when (occurred at): any WHEN form (``yesterday``, ``fri 14:00``, ``+1d``, ``2026-12-01``,
  ``16:30``, ``now``) or ``at:WHEN`` / ``at:"fri 14:00"``
* duration: ``30m 1h 1h30m 1.5h`` (a unit and no sign: ``+1m`` is a WHEN, a month ahead)
* sentiment: ``+2 +1 0 -1 -2``, ``++``, ``--`` (``+1`` is sentiment, ``+1d`` a WHEN)
* follow-up: ``follow:WHEN`` or ``fu:WHEN``; contact: ``@Name`` or ``with:"Jane Doe"``

Leading unrecognised words are the client query (with ``known_clients``, the longest run of
leading words equal to a known name wins). The summary is the quoted text; without quotes it
is the unrecognised words after that, taken as one span: inside the span only ``key:`` and
``@`` tokens still count, so ``checked in with Bob yesterday`` keeps ``in`` in the summary.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum

from amtui.enums import Direction, InteractionKind
from amtui.rules.text import clean_text, one_line
from amtui.rules.when import (
    When,
    WhenError,
    format_duration,
    is_day_form,
    is_duration_token,
    is_time_form,
    parse_duration,
    parse_when,
)

MAX_LINE = 2000
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
SENTIMENT_LABELS = {-2: "very negative", -1: "negative", 0: "neutral", 1: "positive", 2: "very positive"}
_PLURALS = {
    "kind": "kinds",
    "direction": "directions",
    "when": "times",
    "duration_minutes": "durations",
    "sentiment": "sentiments",
    "follow_up": "follow-ups",
    "contact": "contacts",
}
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


@dataclass(frozen=True)
class Capture:
    """What a capture line says; ``None`` where the line said nothing."""

    client_query: str | None = None
    kind: InteractionKind | None = None
    direction: Direction | None = None
    summary: str = ""
    when: When | None = None
    duration_minutes: int | None = None
    sentiment: int | None = None
    follow_up: When | None = None
    contact: str | None = None


_Cat = Enum("_Cat", "TEXT QUOTED KIND DIRECTION SENTIMENT DURATION DAY TIME WHEN KEYED CONTACT")


_SHAPES: tuple[tuple[Callable[[str], object], _Cat], ...] = (
    (KIND_WORDS.__contains__, _Cat.KIND),
    (DIRECTION_WORDS.__contains__, _Cat.DIRECTION),
    (_SENTIMENT.fullmatch, _Cat.SENTIMENT),
    (is_duration_token, _Cat.DURATION),
    (lambda t: is_day_form(t) or _UNSIGNED_OFFSET.fullmatch(t), _Cat.DAY),
    (is_time_form, _Cat.TIME),
    (lambda t: t == "now" or _ISO_T.fullmatch(t), _Cat.WHEN),
)
"""Shape tests for unquoted tokens, first match wins."""


@dataclass
class _Item:
    cat: _Cat
    text: str
    quoted: bool = False
    key: str = ""  # for KEYED: the Capture field
    value: str = ""  # for KEYED and CONTACT


def _field_for_prefix(prefix: str) -> str:
    m = _KEY.match(prefix)
    return KEYS[m[1].lower()] if m else ("contact" if prefix == "@" else "summary")


def _find_close(line: str, start: int, opener: str) -> int | None:
    for j in range(start + 1, len(line)):
        if line[j] in _OPENERS[opener] and (opener not in _SOFT or j + 1 == len(line) or line[j + 1].isspace()):
            return j
    return None


def _tokenize(line: str) -> list[_Item]:
    """Split on whitespace, honouring quotes; classify each token."""
    items: list[_Item] = []
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


def _classify(text: str, bare: str | None) -> _Item:
    prefix = text if bare is None else bare
    if bare == "":
        return _Item(_Cat.QUOTED, text, True)
    if m := _KEY.match(prefix):
        return _Item(_Cat.KEYED, text, bare is not None, KEYS[m[1].lower()], text[m.end() :])
    if prefix.startswith("@") and len(text) > 1:
        return _Item(_Cat.CONTACT, text, bare is not None, "contact", text[1:])
    if bare is None:
        low = text.lower()
        for test, cat in _SHAPES:
            if test(low):
                return _Item(cat, text)
    return _Item(_Cat.TEXT, text, bare is not None)


def _merge(items: list[_Item]) -> list[_Item]:
    """Join ``key:`` with a following value, and a day with a following time."""
    out: list[_Item] = []
    for item in items:
        prev = out[-1] if out else None
        if prev and prev.cat is _Cat.KEYED and not prev.value.strip() and item.cat not in (_Cat.KEYED, _Cat.CONTACT):
            prev.value, prev.text = item.text, f"{prev.text} {item.text}"
        elif (
            prev
            and item.cat is _Cat.TIME
            and (prev.cat is _Cat.DAY or (prev.cat is _Cat.KEYED and prev.key != "contact" and is_day_form(prev.value)))
        ):
            prev.text = f"{prev.text} {item.text}"
            prev.value = f"{prev.value} {item.text}" if prev.cat is _Cat.KEYED else ""
            prev.cat = _Cat.WHEN if prev.cat is _Cat.DAY else prev.cat
        else:
            out.append(item)
    return out


def _client_prefix(items: list[_Item], known_clients: Sequence[str]) -> int:
    words = 0
    while words < len(items) and not items[words].quoted and items[words].cat not in (_Cat.KEYED, _Cat.CONTACT):
        words += 1
    names = {" ".join(clean_text(k).split()).casefold() for k in known_clients if k}
    for n in range(words, 0, -1):
        if " ".join(it.text for it in items[:n]).casefold() in names:
            return n
    n = 0
    while n < words and items[n].cat is _Cat.TEXT:
        n += 1
    return n


def _mark_summary(items: list[_Item]) -> None:
    """Resolve which tokens are summary text (see the module docstring)."""
    if any(it.cat is _Cat.QUOTED for it in items):
        for it in items:
            if it.cat is _Cat.TEXT:
                raise CaptureError(
                    "summary",
                    (
                        f"didn't understand '{one_line(it.text, 30)}': put the whole summary in "
                        "quotes, or use forms like yesterday, 30m, +1, follow:fri, @Jane"
                    ),
                )
        return
    texts = [k for k, it in enumerate(items) if it.cat is _Cat.TEXT]
    if not texts:
        return
    for it in items[texts[0] :]:
        if it.cat in (_Cat.KIND, _Cat.DIRECTION):
            it.cat = _Cat.TEXT
    last = max(k for k, it in enumerate(items) if it.cat is _Cat.TEXT)
    for it in items[texts[0] : last + 1]:
        if it.cat not in (_Cat.KEYED, _Cat.CONTACT):
            it.cat = _Cat.TEXT


def _when(field: str, text: str, now: datetime) -> When:
    try:
        return parse_when(text, now)
    except WhenError as e:
        label = "follow-up" if field == "follow_up" else "when"
        raise CaptureError(field, f"{label}: {e}") from None


def _value(item: _Item, now: datetime) -> tuple[str, object]:
    """The (Capture field, value) an item sets; raises ``CaptureError`` when invalid."""
    cat, low = item.cat, item.text.lower()
    if cat is _Cat.KIND:
        return "kind", KIND_WORDS[low]
    if cat is _Cat.DIRECTION:
        return "direction", DIRECTION_WORDS[low]
    if cat is _Cat.SENTIMENT:
        value = 2 if low == "++" else -2 if low == "--" else int(low)
        if not -2 <= value <= 2:
            raise CaptureError(
                "sentiment", f"sentiment {item.text} is out of range: use -2, -1, 0, +1 or +2 (or ++ / --)"
            )
        return "sentiment", value
    if cat is _Cat.DURATION:
        try:
            return "duration_minutes", parse_duration(item.text)
        except WhenError as e:
            raise CaptureError("duration_minutes", str(e)) from None
    if cat in (_Cat.DAY, _Cat.TIME, _Cat.WHEN):
        return "when", _when("when", item.text, now)
    field, text = item.key, clean_text(item.value)
    if field == "contact":
        if not text:
            raise CaptureError("contact", 'contact needs a name: @Jane or with:"Jane Doe"')
        return "contact", text
    if not text:
        key = item.text.rstrip(":").lower()
        raise CaptureError(field, f"{key}: needs a date, e.g. {key}:fri or {key}:+3d")
    return field, _when(field, text, now)


def parse_capture(line: str, now: datetime, known_clients: Sequence[str] = ()) -> Capture:
    """Parse a capture line against ``now`` (aware, user's zone). Raises ``CaptureError``."""
    line = clean_text(line)
    if len(line) > MAX_LINE:
        raise CaptureError("summary", f"the line is too long (over {MAX_LINE} characters)")
    items = _merge(_tokenize(line))
    start = _client_prefix(items, known_clients)
    client = " ".join(it.text for it in items[:start]) or None
    rest = items[start:]
    _mark_summary(rest)
    values: dict[str, object] = {}
    sources: dict[str, str] = {}
    summary: list[str] = []
    for item in rest:
        if item.cat in (_Cat.TEXT, _Cat.QUOTED):
            summary.append(item.text)
            continue
        field, value = _value(item, now)
        if field in values:
            raise CaptureError(
                field,
                f"two {_PLURALS[field]}: '{one_line(sources[field], 30)}' and '{one_line(item.text, 30)}', keep one",
            )
        values[field], sources[field] = value, item.text
    return Capture(client_query=clean_text(client) if client else None, summary=clean_text(" ".join(summary)), **values)  # type: ignore[arg-type]


def describe_capture(c: Capture, today: date) -> list[tuple[str, str]]:
    """(label, value) rows for a live preview: every field the line set, then the summary."""
    sentiment = None if c.sentiment is None else f"{c.sentiment:+d} {SENTIMENT_LABELS[c.sentiment]}".replace("+0", "0")
    rows = [
        ("Client", c.client_query),
        ("Kind", c.kind and c.kind.value),
        ("Direction", c.direction and c.direction.value),
        ("When", c.when and c.when.describe(today)),
        ("Duration", None if c.duration_minutes is None else format_duration(c.duration_minutes)),
        ("Sentiment", sentiment),
        ("Contact", c.contact),
        ("Follow-up", c.follow_up and c.follow_up.describe(today)),
    ]
    return [(label, value) for label, value in rows if value] + [("Summary", c.summary or "—")]
