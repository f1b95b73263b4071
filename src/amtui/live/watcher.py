"""A daemon thread that watches a change source and reports, through callbacks:

* ``changed(tables)`` — something was committed elsewhere; ``tables`` names the tables (an empty
  frozenset means "maybe all"). Bursts are merged: after a change the watcher waits until
  :attr:`Timing.quiet` has passed without another, but never longer than :attr:`Timing.most`.
* ``lost(reason)`` — the source failed (server gone, file unreadable); called once per outage.
* ``restored()`` — the source answers again after a loss.

While lost it reopens the source with a backoff from :attr:`Timing.backoff_first` doubling up
to :attr:`Timing.backoff_most`. The callbacks run on the watcher thread: the app turns them
into ``call_from_thread``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from time import monotonic
from typing import Protocol

log = logging.getLogger(__name__)


class ChangeSource(Protocol):
    """Where changes come from. Every method runs on the watcher thread only."""

    def open(self) -> None:
        """Connect; raise when the database cannot be reached."""

    def poll(self, timeout: float) -> frozenset[str] | None:
        """Wait up to ``timeout`` seconds for a change: the tables changed (empty: maybe all),
        or None when nothing changed. Raise when the connection failed."""

    def close(self) -> None:
        """Let go of the connection (never raises)."""


@dataclass(frozen=True)
class Timing:
    """Seconds the watcher waits (tests may shorten them; the defaults are the product's)."""

    quiet: float = 0.15
    most: float = 0.6
    backoff_first: float = 0.25
    backoff_most: float = 3.0
    idle_poll: float = 0.5


def merge(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """Two reports as one: None is "nothing", an empty set is "maybe all" and wins."""
    if a is None:
        return b
    if b is None:
        return a
    return a | b if a and b else frozenset()


class Watcher:
    """Watches ``source`` on a daemon thread from :meth:`start` until :meth:`stop`."""

    def __init__(self, source: ChangeSource, *, changed: Callable[[frozenset[str]], None],
                 lost: Callable[[str], None], restored: Callable[[], None],
                 timing: Timing = Timing(), name: str = "amtui-live") -> None:
        self.source = source
        self.timing = timing
        self._changed = changed
        self._lost = lost
        self._restored = restored
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the thread to end and wait for it (up to ``timeout`` seconds)."""
        self._stop.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    # ------------------------------------------------------------ the thread
    def _run(self) -> None:
        if not self._open(first=True):
            return
        while not self._stop.is_set():
            try:
                self._watch()
            except Exception as exc:  # noqa: BLE001 - any failure of the source is an outage
                self.source.close()
                if self._stop.is_set():
                    return
                self._lost(describe(exc))
                if not self._open(first=False):
                    return
                self._restored()
        self.source.close()

    def _open(self, *, first: bool) -> bool:
        """Open the source, retrying with backoff; False when stopped meanwhile."""
        delay = self.timing.backoff_first
        reported = not first
        while not self._stop.is_set():
            try:
                self.source.open()
                if first and reported:
                    self._restored()
                return True
            except Exception as exc:  # noqa: BLE001 - retried until it answers or we stop
                self.source.close()
                if not reported:
                    self._lost(describe(exc))
                    reported = True
                log.debug("live source still unreachable: %s", exc)
            if self._stop.wait(delay):
                break
            delay = min(delay * 2, self.timing.backoff_most)
        return False

    def _watch(self) -> None:
        """Poll until a change, gather its burst, report it; return when stopped."""
        timing = self.timing
        while not self._stop.is_set():
            tables = self.source.poll(timing.idle_poll)
            if tables is None:
                continue
            first = last = monotonic()
            while not self._stop.is_set():
                now = monotonic()
                wait = min(first + timing.most - now, last + timing.quiet - now)
                if wait <= 0:
                    break
                more = self.source.poll(wait)
                if more is not None:
                    tables = merge(tables, more)
                    last = monotonic()
            if not self._stop.is_set() and tables is not None:
                self._changed(tables)


def describe(exc: BaseException) -> str:
    """A one-line reason for the user (never a password: sources raise driver errors)."""
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
