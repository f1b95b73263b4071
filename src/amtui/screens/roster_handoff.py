"""The roster computed during Today's load, handed to the Clients screen's first load.

The Today queue reads every client's health and cadence facts; the roster needs the same facts
for the same day. So, until the Clients screen has loaded once, Today's load worker also builds
the roster rows from them (a few hundred ms instead of a second or two of queries), and the
Clients screen, when first shown, takes them instead of loading. Any change published after
the facts were read (``changed``, from Today's change handler) discards them: the Clients
screen then loads as usual. Everything but the worker's own read happens on the UI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from weakref import WeakKeyDictionary

from textual.app import App

from amtui.messages import DataChange
from amtui.services.clients import RosterRow

ROSTER_TABLES = ("client", "interaction", "team_member", "project", "task", "spend", "change_order")
"""What roster rows are computed from: a change to any of them makes rows read before stale."""


@dataclass(frozen=True)
class Offered:
    today: date
    rows: list[RosterRow]


class RosterHandoff:
    """One app's handoff. ``generation`` counts changes; rows read at an older one are stale."""

    def __init__(self) -> None:
        self.generation = 0
        self.wanted = True  # until the Clients screen has loaded once
        self._offered: Offered | None = None

    def changed(self, change: DataChange) -> None:
        """A published change: rows read before it are stale if it touches what they show."""
        if change.touches(*ROSTER_TABLES):
            self.generation += 1
            self._offered = None

    def offer(self, rows: list[RosterRow] | None, today: date, generation: int) -> None:
        """Rows built from facts read at ``generation``; kept only if nothing changed since."""
        if rows is not None and self.wanted and generation == self.generation:
            self._offered = Offered(today, rows)

    def take(self, today: date) -> list[RosterRow] | None:
        """The offered rows if they are for ``today`` (once); the Clients screen loads itself after."""
        offered, self._offered, self.wanted = self._offered, None, False
        return offered.rows if offered is not None and offered.today == today else None


_HANDOFFS: WeakKeyDictionary[App[object], RosterHandoff] = WeakKeyDictionary()


def roster_handoff(app: App[object]) -> RosterHandoff:
    """The handoff of ``app`` (created on first use)."""
    found = _HANDOFFS.get(app)
    if found is None:
        found = _HANDOFFS[app] = RosterHandoff()
    return found
