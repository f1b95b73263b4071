"""Cross-screen events.

Writes announce themselves on ``app.data_changed`` (a :class:`textual.signal.Signal`):
every screen showing data subscribes and reloads what it shows, keeping cursor and filter.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DataChange:
    """Something was written. ``tables`` names what changed; ``client_id`` narrows it."""

    tables: frozenset[str] = field(default_factory=frozenset)
    client_id: int | None = None

    def touches(self, *names: str) -> bool:
        """True when any of ``names`` changed (an empty ``tables`` means: maybe all)."""
        return not self.tables or any(n in self.tables for n in names)
