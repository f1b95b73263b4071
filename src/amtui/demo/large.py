"""``amtui demo --size large``: the benchmark-scale workspace.

About 1.9 million rows (10,000 clients, 1,000,000 interactions, 200,000 tasks, 500,000 spend
rows …) written in one transaction, generated in chunks so memory stays modest. Ids are
assigned here, so rows can refer to each other without reading anything back.

* SQLite file: a :class:`~amtui.demo.bulk.SqliteLoader` (its own connection and
  transaction, foreign keys checked per table instead of per row, no syncs until the
  commit) writes every row in this process, generating as it goes. When a core is free
  (:func:`use_workers`), worker processes (:mod:`amtui.demo.large_workers`) build the
  interactions, and the bookings and spend, in scratch files meanwhile; each finished table
  is then copied in. Either way the rows are identical.
* PostgreSQL (or in-memory SQLite): ``COPY`` (multi-row inserts) in the caller's
  transaction, foreign keys and plain indexes added back after the rows, rows generated in
  a thread; the id sequences are moved past the ids at the end.

Measured with ``amtui demo --size large`` on the shared 2-core machine (load 3-5): 14-15
CPU-seconds and 16-24 s (was ~26 CPU-seconds and 67 s at load 6), peak RSS 134 MB.
"""

from __future__ import annotations

import gc
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection
from sqlmodel import Session

from amtui.demo.builder import reset_sequences
from amtui.demo.bulk import BulkWriter, Row, SqliteLoader
from amtui.demo.large_plan import (
    BULK_TABLES,
    LARGE_SEED,
    LATE_INDEX_TABLES,
    PARENT_TABLES,
    LargeSizes,
    all_rows,
)
from amtui.demo.large_rows import LAYOUTS, LargeState
from amtui.demo.prefetch import prefetch
from amtui.demo.timebase import DemoTime

__all__ = ["LargeResult", "LargeSizes", "seed_large"]

LOAD_SHARE = 0.9
"""Part of the progress bar for writing rows; the rest is indexes, checks and the checkpoint."""
COPY_WEIGHT = 0.25
"""Progress weight of copying a row from a scratch file, relative to generating and writing it."""
PARALLEL_MIN_ROWS = 200_000
"""Below this many rows the worker processes are not worth starting (tests, tiny sizes)."""
SWITCH_INTERVAL = 0.0005
"""Seconds between forced GIL hand-offs while rows are generated in a thread (default 0.005):
without a short interval the writer waits up to 5 ms for the GIL after every multi-row
statement (measured: the threaded seed was then slower than a sequential one)."""
MUST_BE_EMPTY = ("workspace", "client", "team_member", "vendor")


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
    """Write the large demo into the empty workspace behind ``session``.

    On a SQLite file the rows are loaded in one transaction of their own, committed here:
    ``session``'s transaction (which only checked that the workspace is empty) is committed
    first to release the write lock, and the emptiness is checked again inside the load's
    transaction. Elsewhere the rows are written in ``session``'s transaction; the caller commits.
    """
    started = time.perf_counter()
    path = sqlite_file(session)
    if path is None:
        writer = BulkWriter(session.connection())
        writer.defer_constraints(PARENT_TABLES + BULK_TABLES)
        collecting = gc.isenabled()
        gc.disable()  # millions of new tuples (no cycles) would trigger ~1,800 pointless collections
        try:
            write_rows(writer, all_rows(LargeState(LARGE_SEED, time_.today), sizes), sizes.expected_rows,
                       progress, LOAD_SHARE)
        finally:
            if collecting:
                gc.enable()
        writer.restore_constraints(progress, LOAD_SHARE)
        reset_sequences(session)
        rows = writer.rows_written
    else:
        session.commit()  # nothing was written; frees the lock for the loader's connection
        rows = load_sqlite(path, time_.today, sizes, progress)
    return LargeResult(rows, time.perf_counter() - started)


def sqlite_file(session: Session) -> str | None:
    """The file behind a SQLite session (None for PostgreSQL or an in-memory database)."""
    conn: Connection = session.connection()
    if conn.dialect.name != "sqlite":
        return None
    for _seq, name, file in conn.exec_driver_sql("PRAGMA database_list").all():
        if name == "main":
            return file or None
    return None


def load_sqlite(path: str, today: date, sizes: LargeSizes, progress: Callable[[float], None],
                parallel: bool | None = None) -> int:
    """Load the large demo into the empty SQLite workspace at ``path``; return the rows written.

    ``parallel`` (default: :func:`use_workers`) uses the worker processes; both ways write
    identical rows.
    """
    if parallel is None:
        parallel = use_workers(sizes)
    folder = tempfile.mkdtemp(prefix=".amtui-demo-", dir=os.path.dirname(os.path.abspath(path))) if parallel else None
    collecting = gc.isenabled()
    gc.disable()  # millions of new tuples (no cycles) would trigger ~1,800 pointless collections
    try:
        with SqliteLoader(path) as loader:
            loader.begin()
            if loader.scalar("SELECT " + " OR ".join(f'EXISTS (SELECT 1 FROM "{t}")' for t in MUST_BE_EMPTY)):
                from amtui.demo import DemoError

                raise DemoError(f"{path} was changed while the demo was being prepared; nothing was written")
            if folder is None:
                loader.drop_indexes(LATE_INDEX_TABLES)  # rebuilt sorted by finish()
                write_rows(loader, all_rows(LargeState(LARGE_SEED, today), sizes), sizes.expected_rows,
                           progress, LOAD_SHARE, threaded=False)
            else:
                _load_with_workers(loader, today, sizes, progress, folder)
            loader.finish(progress, LOAD_SHARE)
            return loader.rows_written
    finally:
        if collecting:
            gc.enable()
        if folder is not None:  # after the loader's connection (which attached the files) is closed
            shutil.rmtree(folder, ignore_errors=True)


def use_workers(sizes: LargeSizes) -> bool:
    """Whether worker processes should build the bulk tables: many rows and a core to spare.

    Workers cost ~15% more CPU in all (scratch files, copying) for ~30% less wall time when
    a second core is free; on a busy machine the CPU share of a session is what it is (Linux
    schedules sessions fairly), so there the single process finished first (measured with
    load 4-5 on the 2-core machine, 3 runs each: 17.7-25.1 s alone, 20.7-28.3 s with workers).
    """
    return sizes.expected_rows >= PARALLEL_MIN_ROWS and spare_cores() >= 1.0


def spare_cores() -> float:
    """Cores idle on average over the last minute (0 when the system does not say)."""
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # Windows has no load average
        return 0.0
    return max(0.0, (os.cpu_count() or 1) - load)


def _load_with_workers(loader: SqliteLoader, today: date, sizes: LargeSizes,
                       progress: Callable[[float], None], folder: str) -> None:
    """The workers' tables (``JOBS``) in scratch files, copied in when ready; the rest here."""
    from amtui.demo.large_workers import JOBS, Workers

    s = LargeState(LARGE_SEED, today)
    parents = list(all_rows(s, sizes, PARENT_TABLES))  # ~73k rows; making them yields the facts
    by_workers = tuple(t for job in JOBS for t in job)
    here = tuple(t for t in BULK_TABLES if t not in by_workers)
    schemas = {t: loader.schema(t) for t in by_workers}
    total = sizes.expected_rows + COPY_WEIGHT * sum(sizes.expected(t) for t in by_workers)
    done = 0.0

    def advance(units: float) -> None:
        nonlocal done
        done += units
        progress(LOAD_SHARE * min(done / total, 1.0))

    def copy(ready: Iterator[tuple[str, str]] | list[tuple[str, str]]) -> None:
        for table, scratch in ready:
            advance(COPY_WEIGHT * loader.copy_from(scratch, table))
            loader.check_references(table)  # now rather than at the end

    # the workers start (fork) before this process runs any thread of its own
    with Workers(today, sizes, s.facts(), schemas, folder, loader.scalar("PRAGMA page_size")) as workers:
        for table, rows in parents:
            loader.insert(LAYOUTS[table], rows)
            advance(len(rows))
        parents.clear()
        loader.check_references(*PARENT_TABLES)
        loader.drop_indexes([t for t in here if t in LATE_INDEX_TABLES])
        for table, rows in all_rows(s, sizes, here):
            loader.insert(LAYOUTS[table], rows)
            advance(len(rows))
            copy(workers.poll(advance))  # a worker's finished table, between two chunks of ours
        loader.recreate_indexes()
        loader.check_references(*here)
        copy(workers.wait(advance))


def _threaded(chunks: Iterator[tuple[str, list[Row]]]) -> Iterator[tuple[str, list[Row]]]:
    """``chunks`` generated in a thread a few ahead, with quick GIL hand-offs."""
    switch = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL)  # hand the GIL back quickly after each SQLite step
    try:
        yield from prefetch(chunks)
    finally:
        sys.setswitchinterval(switch)


def write_rows(writer: BulkWriter | SqliteLoader, chunks: Iterator[tuple[str, list[Row]]], expected: int,
               progress: Callable[[float], None], share: float, *, threaded: bool = True) -> None:
    """Write ``chunks`` (``threaded``: generated in a thread); progress goes from 0 to ``share``.

    The thread pays off on PostgreSQL, whose server works in a process of its own (measured
    3.6 s against 3.9-4.4 s for 375k rows); on SQLite it cost ~15% more CPU for a small overlap.
    """
    for table, rows in _threaded(chunks) if threaded else chunks:
        writer.insert(LAYOUTS[table], rows)
        progress(share * min(writer.rows_written / expected, 1.0))
