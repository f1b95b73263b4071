"""What the large demo holds: its sizes, its tables in order, and each table's row chunks.

Shared by the loading process and the worker processes (see :mod:`amtui.demo.large_workers`):
a table's rows depend only on the seed, ``today``, the sizes and the id facts of the tables it
refers to (:meth:`~amtui.demo.large_rows.LargeState.facts`), so any process makes the same rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields, replace

from amtui.demo.bulk import Row
from amtui.demo.large_activity import booking_rows, interaction_rows, spend_rows, task_rows
from amtui.demo.large_rows import (
    LargeState,
    change_order_rows,
    client_rows,
    contact_rows,
    project_rows,
    team_rows,
    time_off_rows,
    vendor_rows,
)

LARGE_SEED = 1_000_003
AGENCY_NAME = "Benchmark Agency (demo)"
CHUNK = 10_000
PARENT_TABLES = ("workspace", "team_member", "time_off", "client", "client_contact", "vendor", "project",
                 "change_order")
"""Small tables, written first by the loading process; they yield the facts the rest need."""
BULK_TABLES = ("interaction", "task", "booking", "spend")
"""The 1.8 million rows; ``booking`` must come before ``spend`` (invoices of completed bookings)."""
LATE_INDEX_TABLES = ("task", "booking")
"""Tables whose secondary indexes are built after their rows are in, not kept up to date row
by row: their rows come in an order unrelated to those indexes (assignee, status, vendor), so
each insert lands on a random index page (measured: loading tasks and bookings -2.8 s,
building their six indexes +0.9 s).
Interactions and spend come in index order (client then time, project then day): keeping
their indexes up to date costs less than building them afterwards."""


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

    def expected(self, table: str) -> int:
        """Roughly how many rows ``table`` gets (exact for the bulk tables)."""
        per_client = {"client": 1, "client_contact": self.contacts_per_client, "project": self.projects_per_client}
        if table in per_client:
            return self.clients * per_client[table]
        return {"workspace": 1, "team_member": self.team, "time_off": self.time_off, "vendor": self.vendors,
                "change_order": self.change_orders, "interaction": self.interactions, "task": self.tasks,
                "booking": self.bookings, "spend": self.spend}[table]


def table_chunks(s: LargeState, table: str, sizes: LargeSizes) -> Iterator[list[Row]]:
    """The rows of ``table`` in chunks; records in ``s`` the facts later tables need."""
    if table == "workspace":
        now = s.stamp(-1, 8)
        return iter([[(now, 1, AGENCY_NAME, "EUR", 5.0, 14, 30, "mon,tue,wed,thu,fri", 1)]])
    chunks = {
        "team_member": lambda: team_rows(s, sizes.team),
        "time_off": lambda: time_off_rows(s, sizes.time_off, sizes.team),
        "client": lambda: client_rows(s, sizes.clients, sizes.team, CHUNK),
        "client_contact": lambda: contact_rows(s, sizes.clients, sizes.contacts_per_client, CHUNK),
        "vendor": lambda: vendor_rows(s, sizes.vendors),
        "project": lambda: project_rows(s, sizes.clients, sizes.projects_per_client, CHUNK),
        "change_order": lambda: change_order_rows(s, sizes.change_orders),
        "interaction": lambda: interaction_rows(s, sizes.interactions, CHUNK),
        "task": lambda: task_rows(s, sizes.tasks, sizes.team, CHUNK),
        "booking": lambda: booking_rows(s, sizes.bookings, CHUNK),
        "spend": lambda: spend_rows(s, sizes.spend, CHUNK),
    }
    return (rows for rows in chunks[table]() if rows)


def all_rows(s: LargeState, sizes: LargeSizes,
             tables: tuple[str, ...] = PARENT_TABLES + BULK_TABLES) -> Iterator[tuple[str, list[Row]]]:
    """Every chunk of ``tables`` as (table, rows), in order (parents before children)."""
    for table in tables:  # generators run lazily, one table after the other
        for rows in table_chunks(s, table, sizes):
            yield table, rows
