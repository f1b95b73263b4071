"""Collects the small demo's rows with explicit ids, then writes them in one flush.

Explicit ids keep the demo identical run after run (and let rows refer to each other before
anything is written). On PostgreSQL the id sequences are moved past them afterwards.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import text
from sqlmodel import Session, SQLModel

from amtui.demo.timebase import DemoTime
from amtui.models import ALL_TABLES

M = TypeVar("M", bound=SQLModel)

DEMO_SEED = 20_240_917
"""The one seed of the demo's random choices (never the global ``random``)."""


@dataclass
class DemoBuilder:
    """The rows of the small demo, keyed by model, plus lookups by name.

    Attributes:
        time: the demo's today and zone.
        rng: the demo's own random generator.
        rows: model objects to insert, per model class, in creation order.
        ids: name → id lookups per kind (``"member"``, ``"client"``, ``"project"`` …).
        contacts: client name → its contacts as (id, first name), primary first.
    """

    time: DemoTime
    rng: random.Random = field(default_factory=lambda: random.Random(DEMO_SEED))
    rows: dict[type[SQLModel], list[SQLModel]] = field(default_factory=lambda: defaultdict(list))
    ids: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    contacts: dict[str, list[tuple[int, str]]] = field(default_factory=lambda: defaultdict(list))

    def add(self, model: type[M], *, created: datetime | None = None, **values: Any) -> M:
        """Create a ``model`` row with the next id; ``created`` sets created_at/updated_at."""
        rows = self.rows[model]
        stamp = created or self.time.stamp(-120)
        obj = model(id=len(rows) + 1, created_at=stamp, updated_at=stamp, **values)
        rows.append(obj)
        return obj

    def remember(self, kind: str, key: str, row_id: int) -> int:
        """Record ``key`` → ``row_id`` under ``kind`` (e.g. a client's name)."""
        self.ids[kind][key] = row_id
        return row_id

    def id(self, kind: str, key: str) -> int:
        """The id recorded for ``key``; KeyError names the missing key."""
        return self.ids[kind][key]

    def count(self) -> int:
        """How many rows are waiting to be written."""
        return sum(len(v) for v in self.rows.values())

    def write(self, session: Session) -> None:
        """Insert every row, table by table in foreign-key order (``ALL_TABLES`` order)."""
        for model in ALL_TABLES:
            session.add_all(self.rows.get(model, []))
            session.flush()
        reset_sequences(session)


def reset_sequences(session: Session) -> None:
    """PostgreSQL: move each id sequence past the largest id (after explicit-id inserts)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for model in ALL_TABLES:
        table = model.__table__  # type: ignore[attr-defined]
        if "id" not in table.c:
            continue
        name = table.name
        session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
            f"COALESCE((SELECT max(id) FROM \"{name}\"), 0) + 1, false)"
        ))
