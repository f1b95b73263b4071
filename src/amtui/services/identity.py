"""Who is using the app: a team member picked by name, and what is "mine".

:func:`resolve_member` turns a typed name into a :class:`Me` (exact, else a unique start of a
name, case-insensitive) or raises :class:`UnknownMemberError` listing close matches.
:func:`my_client_ids` and :func:`mine` scope lists to the clients I own.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from amtui.db import Database
from amtui.models import Client, TeamMember
from amtui.rules.text import clean_text, one_line
from amtui.services.errors import ServiceError


@dataclass(frozen=True)
class Me:
    """The team member using the app."""

    member_id: int
    name: str


class UnknownMemberError(ServiceError):
    """No (single) active team member has that name; ``suggestions`` are close names."""

    def __init__(self, query: str, suggestions: list[str], ambiguous: bool = False) -> None:
        self.query = query
        self.suggestions = suggestions
        shown = one_line(query, 40)
        if ambiguous:
            text = f"'{shown}' matches several team members: " + ", ".join(suggestions)
        elif suggestions:
            text = f"no team member called '{shown}'; did you mean " + ", ".join(suggestions) + "?"
        else:
            text = f"no team member called '{shown}' (add them on the Team screen)"
        super().__init__(text)


def active_members(db: Database) -> list[tuple[int, str]]:
    """Every active team member as (id, name), by name."""
    with db.read() as session:
        rows = session.connection().execute(
            select(TeamMember.id, TeamMember.name).where(TeamMember.active)).all()
    return sorted(((mid, name) for mid, name in rows), key=lambda r: (r[1].casefold(), r[0]))


def pick_member(query: str, members: list[tuple[int, str]]) -> Me:
    """The member ``query`` names among ``members``: exact (case-insensitive), else the one
    whose name (or a word of it) starts with it. Raises UnknownMemberError."""
    q = clean_text(query).strip().casefold()
    if not q:
        raise UnknownMemberError(query, [])
    exact = [m for m in members if m[1].casefold() == q]
    starts = exact or [m for m in members
                       if m[1].casefold().startswith(q) or any(w.startswith(q) for w in m[1].casefold().split())]
    if len(starts) == 1:
        return Me(*starts[0])
    if starts:
        raise UnknownMemberError(query, [one_line(n, 40) for _, n in starts[:8]], ambiguous=True)
    raise UnknownMemberError(query, close_names(q, [n for _, n in members]))


def close_names(folded_query: str, names: list[str], limit: int = 4) -> list[str]:
    """Names like the query: compared whole, and word by word with as many words as it has
    (``maia`` is close to ``Maya Brandt``)."""
    words = len(folded_query.split())

    def likeness(name: str) -> float:
        parts = name.casefold().split()
        pieces = [name.casefold()] + [" ".join(parts[i:i + words]) for i in range(len(parts))]
        return max(difflib.SequenceMatcher(None, folded_query, p).ratio() for p in pieces)

    scored = sorted(((likeness(n), n) for n in names), key=lambda sn: (-sn[0], sn[1].casefold()))
    return [one_line(n, 40) for score, n in scored[:limit] if score >= 0.6]


def resolve_member(db: Database, query: str) -> Me:
    """:func:`pick_member` over the workspace's active members."""
    return pick_member(query, active_members(db))


def my_client_ids(db: Database, member_id: int) -> frozenset[int]:
    """Ids of the clients ``member_id`` owns (archived ones included)."""
    with db.read() as session:
        rows = session.connection().execute(select(Client.id).where(Client.owner_id == member_id))
        return frozenset(cid for (cid,) in rows)


def mine(items: Iterable[Any], client_ids: frozenset[int], member_id: int) -> list[Any]:
    """The items about my clients or about me (my tasks, my capacity)."""
    return [i for i in items if (i.client_id is not None and i.client_id in client_ids)
            or getattr(i, "member_id", None) == member_id]
