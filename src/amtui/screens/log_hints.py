"""What the quick-log fields say while you type: the live hints and finding the typed client.

Each ``describe_*`` returns (the hint, whether the text is acceptable); a refused hint is the
message shown at the field. Pure functions of the text and ``now``, plus the suggester that
completes a client name from the list the screen loaded.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from textual.content import Content
from textual.suggester import Suggester

from amtui.rules.name_match import exact_and_prefix, fold_name
from amtui.rules.text import clean_text
from amtui.rules.when import WhenError, format_day, format_duration, parse_duration, parse_when
from amtui.services.clients import ClientRef

FUTURE_SLACK = timedelta(minutes=1)


def resolve_local(query: str, clients: list[ClientRef]) -> tuple[ClientRef | None, list[ClientRef]]:
    """Match ``query`` like ``find_client``: exact name, else a unique case-insensitive prefix.

    Returns (the match or None, the candidates).
    """
    if not fold_name(query):
        return None, []
    exact, prefix = exact_and_prefix(query, clients, lambda c: c.name)
    if len(exact) == 1:
        return exact[0], exact
    return (prefix[0] if len(prefix) == 1 else None), prefix


class ClientSuggester(Suggester):
    """Completes a client name from the list the screen loaded."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self.names: list[str] = []

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        for name in self.names:
            if name.casefold().startswith(value):
                return name
        return None


def describe_follow_up(text: str, now: datetime) -> tuple[Content, bool]:
    """The live preview of a follow-up field and whether it is acceptable."""
    t = clean_text(text)
    if not t:
        return Content.styled("no follow-up", "dim"), True
    try:
        when = parse_when(t, now)
    except WhenError as e:
        return Content(str(e)), False
    if when.day < now.date():
        return Content(f"{format_day(when.day)} is in the past"), False
    return Content(when.describe(now.date())), True


def describe_when(value: str, now: datetime) -> tuple[Content, bool]:
    """The live preview of the when field: refused when it is in the future (beyond a minute)."""
    try:
        when = parse_when(clean_text(value), now)
    except WhenError as e:
        return Content(str(e)), False
    if when.as_datetime(now) > now + FUTURE_SLACK:
        return Content(f"{when.describe(now.date())} is in the future: log what already happened"), False
    return Content(when.describe(now.date())), True


def describe_duration(value: str) -> tuple[Content, bool]:
    """The live preview of the duration field (empty is fine: no duration)."""
    if not clean_text(value):
        return Content(""), True
    try:
        return Content(format_duration(parse_duration(value))), True
    except WhenError as e:
        return Content(str(e)), False
