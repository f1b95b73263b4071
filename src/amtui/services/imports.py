"""Importing clients, contacts and interactions from a CSV file (the CLI and the TUI call this).

All or nothing: the file is read, every row checked and matched against what is stored, and only
a file without a single error is written — in one transaction (``BEGIN IMMEDIATE`` on SQLite),
so nobody sees half an import. A dry run does the same work in a read transaction and writes
nothing. Importing the same file twice changes nothing the second time: rows match by external
id or natural key (see :mod:`amtui.io.import_clients` and :mod:`amtui.io.import_interactions`),
and rows whose values are already stored count as *unchanged*.

Inserts are Core ``executemany`` (fast); updates are checked against the version read in the
same transaction, so a concurrent edit aborts the import instead of being overwritten.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError

from amtui.db import Database
from amtui.io.csv_import import CsvFormatError, CsvTable, read_csv
from amtui.io.csv_mapping import KINDS, Kind, MappingError, map_headers, parse_overrides
from amtui.io.import_clients import plan_clients, plan_contacts
from amtui.io.import_interactions import plan_interactions
from amtui.io.import_plan import Context, Plan, RowError
from amtui.io.import_values import DayOrder, slash_order
from amtui.services.errors import StaleEditError

__all__ = ["KINDS", "TABLES", "ImportSummary", "Kind", "RowError", "import_csv"]

DateOption = Literal["auto", "dmy", "mdy"]
PLANNERS = {"clients": plan_clients, "contacts": plan_contacts, "interactions": plan_interactions}
TABLES: dict[str, frozenset[str]] = {"clients": frozenset({"client"}), "contacts": frozenset({"client_contact"}),
                                     "interactions": frozenset({"interaction"})}
"""The tables an import of each kind writes (for :class:`~amtui.messages.DataChange`)."""
DATE_FIELDS = ("contract_start", "renewal_date", "occurred_at", "follow_up_on")
WRITE_CHUNK = 1000


@dataclass(frozen=True)
class ImportSummary:
    """What an import did (or, dry run, would do). ``errors`` holds the first problems (row,
    column, message) of ``error_count``; with any error nothing was written."""

    kind: Kind
    rows: int
    created: int
    updated: int
    unchanged: int
    errors: tuple[RowError, ...]
    error_count: int
    mapping: str  # "'Company name' → name, 'Record ID' → external_id"
    ignored: tuple[str, ...]
    dry_run: bool

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run and bool(self.created or self.updated)

    def headline(self) -> str:
        """``12 clients: 3 created, 1 updated, 8 unchanged (skipped)`` (+ dry-run / error notes)."""
        if not self.ok:
            return f"{self.error_count} error{'s' if self.error_count != 1 else ''} in the file: nothing was written"
        text = (f"{self.rows} {self.kind if self.rows != 1 else self.kind[:-1]}: {self.created} created, "
                f"{self.updated} updated, {self.unchanged} unchanged (skipped)")
        return text + (" — dry run, nothing written" if self.dry_run else "")


def _failed(kind: Kind, message: str, rows: int = 0, mapping: str = "", dry_run: bool = False,
            errors: Sequence[RowError] = (), count: int = 0) -> ImportSummary:
    found = tuple(errors) or (RowError(None, None, message),)
    return ImportSummary(kind, rows, 0, 0, 0, found, count or len(found), mapping, (), dry_run)


def _day_order(table: CsvTable, columns: dict[str, int], dates: DateOption) -> DayOrder:
    if dates != "auto":
        return dates
    cells = [cells[i] for f, i in columns.items() if f in DATE_FIELDS for _n, cells in table.rows]
    return slash_order(cells, "dmy" if table.delimiter == ";" else "mdy")


def _apply(ctx: Context, plan: Plan, report: Callable[[float], None]) -> None:
    table, total = plan.table, max(len(plan.creates) + len(plan.updates), 1)
    for start in range(0, len(plan.creates), WRITE_CHUNK):
        ctx.conn.execute(insert(table), plan.creates[start:start + WRITE_CHUNK])
        report(0.5 + 0.5 * min(start + WRITE_CHUNK, total) / total)
    for n, (row_id, version, values) in enumerate(plan.updates, 1):
        result = ctx.conn.execute(update(table).where(table.c.id == row_id, table.c.version == version)
                                  .values(**values, version=version + 1, updated_at=ctx.now))
        if result.rowcount != 1:
            raise StaleEditError("someone changed the same records while importing; nothing was written — "
                                 "import the file again")
        if n % WRITE_CHUNK == 0:
            report(0.5 + 0.5 * (len(plan.creates) + n) / total)


class _RefusedError(Exception):
    """Carries a plan with errors out of the transaction (which then rolls back)."""

    def __init__(self, plan: Plan) -> None:
        super().__init__("the file has errors")
        self.plan = plan


def import_csv(db: Database, kind: Kind, data: bytes, *, now: datetime, overrides: Sequence[str] = (),
               dates: DateOption = "auto", dry_run: bool = False,
               progress: Callable[[float], None] | None = None) -> ImportSummary:
    """Import ``data`` (the bytes of a CSV file) as ``kind``; see the module docstring.

    ``now`` (aware, the user's zone) stamps the rows, bounds interaction times and is the zone
    of times written without one. ``overrides`` are ``COLUMN=FIELD`` pairs (``COLUMN=`` ignores
    a column); ``dates`` reads ``01/02/2026`` day-first (``dmy``), month-first (``mdy``) or as
    the file shows (``auto``: month-first unless a date proves otherwise or the file uses ``;``).
    ``progress(fraction)`` is called as rows are checked and written. Raises StaleEditError when
    a concurrent edit collides (nothing written); every problem with the file is in the summary.
    """
    if now.tzinfo is None:
        raise ValueError("import_csv needs an aware 'now'")
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}")
    report = progress or (lambda _fraction: None)
    try:
        table = read_csv(data)
        header = map_headers(kind, table.headers, parse_overrides(overrides, kind))
        order = _day_order(table, dict(header.columns), dates)
    except (CsvFormatError, MappingError) as exc:
        return _failed(kind, str(exc), dry_run=dry_run)
    except ValueError as exc:  # dates that contradict each other
        return _failed(kind, str(exc), len(table.rows), dry_run=dry_run)
    count = max(len(table.rows), 1)

    def planned(n: int) -> None:
        report(0.5 * n / count)

    try:
        with db.read() if dry_run else db.write() as session:
            ctx = Context(session.connection(), header, order, table.delimiter == ";", now)
            plan = PLANNERS[kind](ctx, table.rows, planned)
            if plan.error_count:
                raise _RefusedError(plan)
            if not dry_run:
                _apply(ctx, plan, report)
    except _RefusedError as refused:
        p = refused.plan
        return _failed(kind, "", len(table.rows), header.describe(), dry_run, p.errors, p.error_count)
    except IntegrityError as exc:
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else "a constraint"
        return _failed(kind, f"the database refused the import ({detail}); nothing was written",
                       len(table.rows), header.describe(), dry_run)
    report(1.0)
    return ImportSummary(kind, len(table.rows), len(plan.creates), len(plan.updates), plan.unchanged, (), 0,
                         header.describe(), header.ignored, dry_run)
