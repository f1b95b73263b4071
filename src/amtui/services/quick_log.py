"""Logging a touch from text arguments (``amtui log``): WHEN, durations, sentiment, contact.

Turns what was typed into a :class:`~amtui.services.interactions.LogRequest`. Problems raise
:class:`ValidationError` keyed by the *option* the user typed (``--at``, ``--contact`` …), so a
command line can print them as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from amtui.db import Database
from amtui.enums import Direction, InteractionKind
from amtui.rules.text import clean_text
from amtui.rules.when import MONTH_ABBR, WEEKDAY_ABBR, WhenError, parse_duration, parse_when
from amtui.services.client_reads import contacts_of, match_names
from amtui.services.clients import ClientRef
from amtui.services.errors import ValidationError
from amtui.services.interactions import LogRequest

OPTION_OF_FIELD = {
    "client_id": "CLIENT", "summary": "SUMMARY", "occurred_at": "--at", "follow_up_on": "--follow-up",
    "duration_minutes": "--duration", "sentiment": "--sentiment", "contact_id": "--contact",
    "kind": "--kind", "direction": "--direction", "completes_follow_up_id": "--completes",
    "logged_by_id": "--by",
}


@dataclass(frozen=True)
class LogArgs:
    """The text of ``amtui log``'s options (``None``: not given)."""

    summary: str
    kind: str = "call"
    direction: str = "outbound"
    at: str | None = None
    duration: str | None = None
    sentiment: str | None = None
    follow_up: str | None = None
    contact: str | None = None


@dataclass(frozen=True)
class ParsedLog:
    """What the options mean, before any client is looked up."""

    kind: InteractionKind
    direction: Direction
    occurred_at: datetime
    duration_minutes: int
    sentiment: int
    follow_up_on: date | None


def parse_sentiment(text: str) -> int:
    """``-2`` … ``+2`` as an int; ValueError with a message otherwise."""
    try:
        value = int(text.strip())
    except ValueError:
        raise ValueError(f"'{clean_text(text, max_len=20)}' is not a number: use -2, -1, 0, +1 or +2") from None
    if not -2 <= value <= 2:
        raise ValueError(f"{value} is out of range: use -2 (very unhappy) to +2 (very happy)")
    return value


def parse_log_args(args: LogArgs, now: datetime) -> ParsedLog:
    """Read every option against ``now`` (aware, the user's zone); all problems at once."""
    errors: dict[str, str] = {}
    kind = direction = None
    try:
        kind = InteractionKind(args.kind.strip().lower())
    except ValueError:
        errors["--kind"] = f"choose one of: {', '.join(k.value for k in InteractionKind)}"
    try:
        direction = Direction(args.direction.strip().lower())
    except ValueError:
        errors["--direction"] = f"choose one of: {', '.join(d.value for d in Direction)}"
    at, minutes, sentiment, follow_up = now, 0, 0, None
    try:
        at = parse_when(args.at, now).as_datetime(now) if args.at is not None else now
    except WhenError as exc:
        errors["--at"] = str(exc)
    try:
        minutes = parse_duration(args.duration) if args.duration is not None else 0
    except WhenError as exc:
        errors["--duration"] = str(exc)
    try:
        sentiment = parse_sentiment(args.sentiment) if args.sentiment is not None else 0
    except ValueError as exc:
        errors["--sentiment"] = str(exc)
    try:
        follow_up = parse_when(args.follow_up, now).day if args.follow_up is not None else None
    except WhenError as exc:
        errors["--follow-up"] = str(exc)
    if errors:
        raise ValidationError(errors)
    assert kind is not None and direction is not None
    return ParsedLog(kind, direction, at, minutes, sentiment, follow_up)


def resolve_contact(db: Database, client: ClientRef, query: str) -> int:
    """The id of the one contact of ``client`` whose name ``query`` matches (exact, else
    prefix, else substring; case-insensitive). ValidationError keyed ``--contact`` otherwise."""
    people = [(c.id, c.name) for c in contacts_of(db, client.id)]
    found = match_names(query, people)
    shown = clean_text(query, max_len=60)
    if not found:
        known = ", ".join(name for _, name in people[:10]) or "none recorded"
        raise ValidationError({"--contact": f"no contact of {client.name} matches '{shown}' (contacts: {known})"})
    if len(found) > 1:
        names = ", ".join(sorted(name for _, name in found)[:10])
        raise ValidationError({"--contact": f"'{shown}' matches several contacts of {client.name}: {names}"})
    return found[0][0]


def build_request(db: Database, client: ClientRef, args: LogArgs, parsed: ParsedLog) -> LogRequest:
    """The request to log for ``client`` (resolving ``--contact``)."""
    contact_id = resolve_contact(db, client, args.contact) if args.contact is not None else None
    return LogRequest(
        client_id=client.id, kind=parsed.kind, summary=args.summary, occurred_at=parsed.occurred_at,
        direction=parsed.direction, duration_minutes=parsed.duration_minutes, sentiment=parsed.sentiment,
        follow_up_on=parsed.follow_up_on, contact_id=contact_id,
    )


def by_option(exc: ValidationError) -> str:
    """A service ValidationError as one line naming the options (``--at: …; --sentiment: …``)."""
    return "; ".join(f"{OPTION_OF_FIELD.get(k, k)}: {v}" for k, v in exc.errors.items())


def short_day(d: date, today: date) -> str:
    """``"Fri 27 Nov"`` (the year is added when it is not ``today``'s)."""
    label = f"{WEEKDAY_ABBR[d.weekday()]} {d.day} {MONTH_ABBR[d.month - 1]}"
    return label if d.year == today.year else f"{label} {d.year}"


def confirmation(kind: InteractionKind, client: ClientRef, at: datetime, follow_up: date | None,
                 today: date) -> str:
    """``"Logged call with Acme (2026-11-24 14:03), follow-up Fri 27 Nov"`` (``at`` in local time)."""
    line = f"Logged {kind.value} with {clean_text(client.name)} ({at:%Y-%m-%d %H:%M})"
    return line + (f", follow-up {short_day(follow_up, today)}" if follow_up else "")
