"""Worker processes for the large demo on SQLite: the bulk tables built on the second core.

One SQLite connection writes at a time, and on it a row costs ~4-6 µs (binding, CHECKs,
the B-tree) on top of ~1.5 µs to generate it in Python; a generating thread helps only a
little because binding and generating both need the GIL (and it cost ~15% more CPU). So
when a core is free (see :func:`amtui.demo.large.use_workers`) each :data:`JOBS` entry runs in
its own process, writes each of its tables into a scratch file of its own
(:class:`~amtui.demo.bulk.ScratchWriter`) and reports it ready; the loading process, which
meanwhile writes the other tables, copies each finished table into the workspace with
SQLite's transfer optimization inside its one transaction
(:meth:`~amtui.demo.bulk.SqliteLoader.copy_from`, ~1.2 µs a row).

Workers start with ``fork`` on Linux when the caller runs no other thread (cheap: nothing is
imported again; the inherited connections are never touched and the child leaves with
``os._exit``), else with ``spawn``. Messages on the queue: ``("rows", n)``, ``("ready",
table, path)``, ``("failed", text)``, ``("done",)``.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from datetime import date
from multiprocessing.context import ForkContext, SpawnContext
from typing import Any

from amtui.demo.bulk import ScratchWriter
from amtui.demo.large_plan import LARGE_SEED, LATE_INDEX_TABLES, LargeSizes, all_rows
from amtui.demo.large_rows import LAYOUTS, LargeState

JOBS = (("interaction",), ("booking", "spend"))
"""Tables per worker process, in order: the interactions (1 M rows) in one, bookings and spend
(0.6 M) in the other; the loading process writes the small tables and the tasks meanwhile and
copies each table in when it is ready. (Measured on the loaded 2-core machine, 2 runs each:
one worker for the interactions only, 30.5-35.8 s; these two, 26.6-27.5 s and no more CPU.)"""
POLL_SECONDS = 0.2


def worker_context() -> ForkContext | SpawnContext:
    """``fork`` on Linux from a single-threaded process, else ``spawn``."""
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def run_job(tables: tuple[str, ...], today: date, sizes: LargeSizes, facts: dict[str, Any],
            schemas: dict[str, list[str]], folder: str, page_size: int, messages: Any) -> None:
    """Worker process body: write ``tables`` into scratch files in ``folder``, reporting on ``messages``."""
    gc.disable()  # millions of new tuples, no reference cycles
    try:
        s = LargeState(LARGE_SEED, today)
        for name, value in facts.items():
            setattr(s, name, value)
        writer: ScratchWriter | None = None
        for table, rows in all_rows(s, sizes, tables):  # no generating thread: see large.use_workers
            if writer is None or writer.table != table:
                if writer is not None:
                    writer.finish()
                    messages.put(("ready", writer.table, writer.path))
                writer = ScratchWriter(os.path.join(folder, f"{table}.db"), table, schemas[table], page_size,
                                       late_indexes=table in LATE_INDEX_TABLES)
            writer.insert(LAYOUTS[table], rows)
            messages.put(("rows", len(rows)))
        if writer is not None:
            writer.finish()
            messages.put(("ready", writer.table, writer.path))
        messages.put(("done",))
    except BaseException:  # reported to the loading process, which raises it
        messages.put(("failed", traceback.format_exc()))


class Workers:
    """The running worker processes of one load, and what they report.

    Use as a context manager: leaving it (normally or on an error) stops any worker still
    running; the scratch files are the caller's to delete.
    """

    def __init__(self, today: date, sizes: LargeSizes, facts: dict[str, Any],
                 schemas: dict[str, list[str]], folder: str, page_size: int) -> None:
        ctx = worker_context()
        self.messages = ctx.Queue()
        self.processes = [
            ctx.Process(target=run_job, name=f"amtui-demo-{job[0]}", daemon=True,
                        args=(job, today, sizes, facts, schemas, folder, page_size, self.messages))
            for job in JOBS
        ]
        for p in self.processes:
            p.start()
        self._running = len(self.processes)

    def poll(self, on_rows: Callable[[int], None]) -> list[tuple[str, str]]:
        """The (table, scratch path) pairs reported ready since the last call, without waiting."""
        ready = []
        while self._running:
            try:
                message = self.messages.get_nowait()
            except queue.Empty:
                break
            ready.extend(self._handle(message, on_rows))
        return ready

    def wait(self, on_rows: Callable[[int], None]) -> Iterator[tuple[str, str]]:
        """Yield (table, scratch path) as the workers finish tables, until all are done.

        Raises RuntimeError when a worker fails or stops without saying so.
        """
        while self._running:
            yield from self._handle(self._next_message(), on_rows)

    def _handle(self, message: tuple[Any, ...], on_rows: Callable[[int], None]) -> list[tuple[str, str]]:
        kind = message[0]
        if kind == "rows":
            on_rows(message[1])
        elif kind == "ready":
            return [(message[1], message[2])]
        elif kind == "done":
            self._running -= 1
        else:
            raise RuntimeError(f"a large-demo worker failed:\n{message[1]}")
        return []

    def _next_message(self) -> tuple[Any, ...]:
        while True:
            try:
                return self.messages.get(timeout=POLL_SECONDS)  # type: ignore[no-any-return]
            except queue.Empty:
                pass
            for p in self.processes:
                if p.exitcode not in (None, 0):
                    raise RuntimeError(f"the large-demo worker {p.name} stopped (exit code {p.exitcode})")
            if all(p.exitcode == 0 for p in self.processes):
                try:  # a finished worker's last messages are in the pipe by the time it exits
                    return self.messages.get(timeout=POLL_SECONDS)  # type: ignore[no-any-return]
                except queue.Empty:
                    raise RuntimeError("the large-demo workers stopped before finishing") from None

    def close(self) -> None:
        for p in self.processes:
            if p.is_alive():
                p.terminate()
        for p in self.processes:
            p.join()
        self.messages.close()
        self.messages.join_thread()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
