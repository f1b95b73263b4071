"""The facts Today's load read, handed to the Clients screen's first load.

The Today queue reads every client's health and cadence facts; the roster needs the same facts
for the same day. So, until the Clients screen has loaded once, Today's load hands them over,
and the Clients screen's first load builds its rows from them (the client select and the
scoring, a few hundred ms) instead of reading them again (a second or two of queries on the
large workspace). Any change published after the facts were read that touches what rows show
(``changed``, from Today's change handler) discards them: the Clients screen then reads its
own. Everything but the workers' reads happens on the UI thread.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from textual.app import App

from amtui.messages import DataChange

if TYPE_CHECKING:
    from amtui.services.roster_query import Facts

ROSTER_TABLES = ("client", "interaction", "team_member", "project", "task", "spend", "change_order")
"""What roster rows are computed from: a change to any of them makes rows read before stale."""


@dataclass(frozen=True)
class Offered:
    today: date
    facts: Facts


class RosterHandoff:
    """One app's handoff. ``generation`` counts changes; facts read at an older one are stale."""

    def __init__(self) -> None:
        self.generation = 0
        self.wanted = True  # until the Clients screen has loaded once
        self._offered: Offered | None = None

    def changed(self, change: DataChange) -> None:
        """A published change: facts read before it are stale if it touches what rows show."""
        if change.touches(*ROSTER_TABLES):
            self.generation += 1
            self._offered = None

    def offer(self, facts: Facts | None, today: date, generation: int) -> None:
        """Facts of ``today`` read at ``generation``; kept only if nothing changed since."""
        if facts is not None and self.wanted and generation == self.generation:
            self._offered = Offered(today, facts)

    def take(self, today: date) -> Facts | None:
        """The offered facts if they are of ``today`` (once); the Clients screen reads its own after."""
        offered, self._offered, self.wanted = self._offered, None, False
        return offered.facts if offered is not None and offered.today == today else None


_HANDOFFS: WeakKeyDictionary[App[object], RosterHandoff] = WeakKeyDictionary()


def roster_handoff(app: App[object]) -> RosterHandoff:
    """The handoff of ``app`` (created on first use)."""
    found = _HANDOFFS.get(app)
    if found is None:
        found = _HANDOFFS[app] = RosterHandoff()
    return found
