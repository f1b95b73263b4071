"""The one-line capture grammar, e.g. ``acme call "Q3 brief" yesterday 30m +1 follow:+3d``.

A small tokenizer (:mod:`amtui.rules.capture_tokens`: double, single and smart quotes;
``key:"quoted value"``) feeds a classifier per token. Recognised tokens, anywhere on the line:

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

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from amtui.enums import Direction, InteractionKind
from amtui.rules.capture_tokens import DIRECTION_WORDS, KEYS, KIND_WORDS, CaptureError, Cat, Token, tokenize
from amtui.rules.name_match import fold_name
from amtui.rules.text import clean_text, one_line
from amtui.rules.when import When, WhenError, format_duration, parse_duration, parse_when

__all__ = ["DIRECTION_WORDS", "KEYS", "KIND_WORDS", "MAX_LINE", "SENTIMENT_LABELS", "Capture", "CaptureError",
           "describe_capture", "parse_capture"]

MAX_LINE = 2000
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


def _client_prefix(items: list[Token], known_clients: Sequence[str]) -> int:
    words = 0
    while words < len(items) and not items[words].quoted and items[words].cat not in (Cat.KEYED, Cat.CONTACT):
        words += 1
    names = {fold_name(k) for k in known_clients if k}
    for n in range(words, 0, -1):
        if " ".join(it.text for it in items[:n]).casefold() in names:
            return n
    n = 0
    while n < words and items[n].cat is Cat.TEXT:
        n += 1
    return n


def _mark_summary(items: list[Token]) -> None:
    """Resolve which tokens are summary text (see the module docstring)."""
    if any(it.cat is Cat.QUOTED for it in items):
        for it in items:
            if it.cat is Cat.TEXT:
                raise CaptureError(
                    "summary",
                    (
                        f"didn't understand '{one_line(it.text, 30)}': put the whole summary in "
                        "quotes, or use forms like yesterday, 30m, +1, follow:fri, @Jane"
                    ),
                )
        return
    texts = [k for k, it in enumerate(items) if it.cat is Cat.TEXT]
    if not texts:
        return
    for it in items[texts[0] :]:
        if it.cat in (Cat.KIND, Cat.DIRECTION):
            it.cat = Cat.TEXT
    last = max(k for k, it in enumerate(items) if it.cat is Cat.TEXT)
    for it in items[texts[0] : last + 1]:
        if it.cat not in (Cat.KEYED, Cat.CONTACT):
            it.cat = Cat.TEXT


def _when(field: str, text: str, now: datetime) -> When:
    try:
        return parse_when(text, now)
    except WhenError as e:
        label = "follow-up" if field == "follow_up" else "when"
        raise CaptureError(field, f"{label}: {e}") from None


def _value(item: Token, now: datetime) -> tuple[str, object]:
    """The (Capture field, value) an item sets; raises ``CaptureError`` when invalid."""
    cat, low = item.cat, item.text.lower()
    if cat is Cat.KIND:
        return "kind", KIND_WORDS[low]
    if cat is Cat.DIRECTION:
        return "direction", DIRECTION_WORDS[low]
    if cat is Cat.SENTIMENT:
        value = 2 if low == "++" else -2 if low == "--" else int(low)
        if not -2 <= value <= 2:
            raise CaptureError(
                "sentiment", f"sentiment {item.text} is out of range: use -2, -1, 0, +1 or +2 (or ++ / --)"
            )
        return "sentiment", value
    if cat is Cat.DURATION:
        try:
            return "duration_minutes", parse_duration(item.text)
        except WhenError as e:
            raise CaptureError("duration_minutes", str(e)) from None
    if cat in (Cat.DAY, Cat.TIME, Cat.WHEN):
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
    items = tokenize(line)
    start = _client_prefix(items, known_clients)
    client = " ".join(it.text for it in items[:start]) or None
    rest = items[start:]
    _mark_summary(rest)
    values: dict[str, object] = {}
    sources: dict[str, str] = {}
    summary: list[str] = []
    for item in rest:
        if item.cat in (Cat.TEXT, Cat.QUOTED):
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
