"""Run a generator in a background thread, a few items ahead of its consumer.

The large demo generates rows in Python (holding the GIL) while SQLite and PostgreSQL do
their share with the GIL released; overlapping the two uses the second core. Items come out
in the generator's order, so the result stays deterministic. An exception in the generator
is re-raised in the consumer; a consumer that stops early stops the thread.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import TypeVar

T = TypeVar("T")
_DONE = object()


class _Failure:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


def prefetch(items: Iterator[T], depth: int = 3) -> Iterator[T]:
    """Yield ``items`` while a thread computes up to ``depth`` of the next ones."""
    q: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                q.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def run() -> None:
        try:
            for item in items:
                if not put(item):
                    return
            put(_DONE)
        except BaseException as exc:  # handed to the consumer, re-raised there
            put(_Failure(exc))

    thread = threading.Thread(target=run, name="amtui-demo-rows", daemon=True)
    thread.start()
    try:
        while True:
            item = q.get()
            if item is _DONE:
                return
            if isinstance(item, _Failure):
                raise item.exc
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        thread.join()
