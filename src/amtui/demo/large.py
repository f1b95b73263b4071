"""``amtui demo --size large``: the benchmark-scale workspace.

About 1.9 million rows (10,000 clients, 1,000,000 interactions, 200,000 tasks, 500,000 spend
rows …) written in one transaction through :class:`~amtui.demo.bulk.BulkWriter`, generated in
chunks so memory stays modest. Ids are assigned here, so rows can refer to each other without
reading anything back; PostgreSQL's id sequences are moved past them at the end.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, replace

from sqlalchemy import Connection
from sqlmodel import Session

from amtui.demo.builder import reset_sequences
from amtui.demo.bulk import BulkWriter, Row
from amtui.demo.large_activity import booking_rows, interaction_rows, spend_rows, task_rows
from amtui.demo.large_rows import (
    COLUMNS,
    LargeState,
    change_order_rows,
    client_rows,
    contact_rows,
    project_rows,
    team_rows,
    time_off_rows,
    vendor_rows,
)
from amtui.demo.prefetch import prefetch
from amtui.demo.timebase import DemoTime

LARGE_SEED = 1_000_003
AGENCY_NAME = "Benchmark Agency (demo)"
CHUNK = 25_000
SWITCH_INTERVAL = 0.0005
"""Seconds between forced GIL hand-offs while seeding (default 0.005). The row generator runs
in a thread; without a short interval the writer waits up to 5 ms for the GIL after every
multi-row statement (measured: the threaded seed was then slower than a sequential one)."""


@dataclass(frozen=True)
class LargeSizes:
    """How many rows the large demo writes (contacts and projects are per client, on average)."""

    clients: int = 10_000
    interactions: int = 1_000_000
    tasks: int = 200_000
    team: int = 500
    vendors: int = 2_000
    bookings: int = 100_000
    spend: int = 500_000
    change_orders: int = 10_000
    time_off: int = 1_000
    contacts_per_client: int = 2
    projects_per_client: int = 3

    def scaled(self, factor: float) -> LargeSizes:
        """Every count times ``factor`` (at least 1); per-client averages stay as they are."""
        per_client = {"contacts_per_client", "projects_per_client"}
        return replace(self, **{
            f.name: max(1, round(getattr(self, f.name) * factor))
            for f in fields(self) if f.name not in per_client
        })

    @property
    def expected_rows(self) -> int:
        """Roughly how many rows will be written (for progress)."""
        return (1 + self.team + self.time_off + self.vendors + self.change_orders + self.interactions
                + self.tasks + self.bookings + self.spend
                + self.clients * (1 + self.contacts_per_client + self.projects_per_client))


@dataclass(frozen=True)
class LargeResult:
    """What :func:`seed_large` wrote and how fast."""

    rows: int
    seconds: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def seed_large(session: Session, time_: DemoTime, sizes: LargeSizes,
               progress: Callable[[float], None]) -> LargeResult:
    """Write the large demo in ``session``'s transaction (the caller commits)."""
    started = time.perf_counter()
    conn: Connection = session.connection()
    writer = BulkWriter(conn)
    expected = sizes.expected_rows
    switch = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL)  # hand the GIL back quickly after each SQLite step
    try:
        for table, rows in prefetch(all_rows(time_, sizes)):
            writer.insert(table, COLUMNS[table], rows)
            progress(min(writer.rows_written / expected, 0.99))
    finally:
        sys.setswitchinterval(switch)
    reset_sequences(session)
    return LargeResult(writer.rows_written, time.perf_counter() - started)


def all_rows(time_: DemoTime, sizes: LargeSizes) -> Iterator[tuple[str, list[Row]]]:
    """Every chunk of the large demo as (table, rows), parents before children."""
    s = LargeState(random.Random(LARGE_SEED), time_.today)
    now = s.stamp(-1, 8)
    yield "workspace", [(1, now, now, 1, AGENCY_NAME, "EUR", 5.0, 14, 30, "mon,tue,wed,thu,fri", True)]
    tables: tuple[tuple[str, Iterator[list[Row]]], ...] = (
        ("team_member", team_rows(s, sizes.team)),
        ("time_off", time_off_rows(s, sizes.time_off, sizes.team)),
        ("client", client_rows(s, sizes.clients, sizes.team, CHUNK)),
        ("client_contact", contact_rows(s, sizes.clients, sizes.contacts_per_client, CHUNK)),
        ("vendor", vendor_rows(s, sizes.vendors)),
        ("project", project_rows(s, sizes.clients, sizes.projects_per_client, CHUNK)),
        ("change_order", change_order_rows(s, sizes.change_orders)),
        ("interaction", interaction_rows(s, sizes.interactions, CHUNK)),
        ("task", task_rows(s, sizes.tasks, sizes.team, CHUNK)),
        ("booking", booking_rows(s, sizes.bookings, CHUNK)),
        ("spend", spend_rows(s, sizes.spend, CHUNK)),
    )
    for table, chunks in tables:  # generators run lazily, one table after the other
        for rows in chunks:
            if rows:
                yield table, rows
