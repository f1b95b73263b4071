"""The watcher thread: bursts merged, outages reported once, restored after a retry, stops."""

from __future__ import annotations

import queue
import threading

import pytest

from amtui.live.watcher import Timing, Watcher, merge

FAST = Timing(quiet=0.05, most=0.2, backoff_first=0.01, backoff_most=0.02, idle_poll=0.02)


class FakeSource:
    """Reports what the test puts in ``reports`` (a table set, None, or an exception)."""

    def __init__(self) -> None:
        self.reports: queue.Queue[object] = queue.Queue()
        self.open_failures = 0
        self.opened = 0
        self.closed = threading.Event()

    def open(self) -> None:
        if self.open_failures:
            self.open_failures -= 1
            raise ConnectionError("server gone")
        self.opened += 1

    def poll(self, timeout: float) -> frozenset[str] | None:
        try:
            item = self.reports.get(timeout=timeout)
        except queue.Empty:
            return None
        if isinstance(item, BaseException):
            raise item
        return item  # type: ignore[return-value]

    def close(self) -> None:
        self.closed.set()


class Events:
    def __init__(self) -> None:
        self.seen: queue.Queue[tuple[str, object]] = queue.Queue()

    def watcher(self, source: FakeSource, timing: Timing = FAST) -> Watcher:
        return Watcher(source, timing=timing,
                       changed=lambda t: self.seen.put(("changed", t)),
                       lost=lambda r: self.seen.put(("lost", r)),
                       restored=lambda: self.seen.put(("restored", None)))

    def next(self) -> tuple[str, object]:
        return self.seen.get(timeout=5)

    def none_within(self, seconds: float) -> bool:
        try:
            self.seen.get(timeout=seconds)
        except queue.Empty:
            return True
        return False


@pytest.fixture
def events() -> Events:
    return Events()


def test_merge_treats_empty_as_everything() -> None:
    assert merge(None, frozenset({"a"})) == {"a"}
    assert merge(frozenset({"a"}), frozenset({"b"})) == {"a", "b"}
    assert merge(frozenset({"a"}), frozenset()) == frozenset()
    assert merge(frozenset({"a"}), None) == {"a"}


def test_a_burst_is_reported_once_with_every_table(events: Events) -> None:
    source = FakeSource()
    w = events.watcher(source)
    w.start()
    try:
        for table in ("client", "interaction", "task"):
            source.reports.put(frozenset({table}))
        assert events.next() == ("changed", frozenset({"client", "interaction", "task"}))
        assert events.none_within(0.3)
    finally:
        w.stop()
    assert not w.running and source.closed.is_set()


def test_a_steady_stream_is_still_reported_after_the_longest_wait(events: Events) -> None:
    source = FakeSource()
    w = events.watcher(source, Timing(quiet=0.2, most=0.3, backoff_first=0.01, backoff_most=0.02, idle_poll=0.02))
    stop_feeding = threading.Event()

    def feed() -> None:  # a change every 0.05 s: never quiet for 0.2 s
        while not stop_feeding.wait(0.05):
            source.reports.put(frozenset({"client"}))

    feeder = threading.Thread(target=feed, daemon=True)
    w.start()
    feeder.start()
    try:
        assert events.next() == ("changed", frozenset({"client"}))  # despite no quiet gap
    finally:
        stop_feeding.set()
        w.stop()


def test_an_outage_is_reported_once_then_restored(events: Events) -> None:
    source = FakeSource()
    w = events.watcher(source)
    w.start()
    try:
        source.open_failures = 3  # the next three reconnects fail
        source.reports.put(ConnectionError("server closed the connection unexpectedly"))
        assert events.next() == ("lost", "server closed the connection unexpectedly")
        assert events.next() == ("restored", None)
        assert source.opened == 2
        source.reports.put(frozenset({"client"}))
        assert events.next() == ("changed", frozenset({"client"}))
    finally:
        w.stop()


def test_unreachable_at_start_is_reported_then_restored(events: Events) -> None:
    source = FakeSource()
    source.open_failures = 2
    w = events.watcher(source)
    w.start()
    try:
        assert events.next() == ("lost", "server gone")
        assert events.next() == ("restored", None)
    finally:
        w.stop()


def test_stop_while_lost_ends_the_thread(events: Events) -> None:
    source = FakeSource()
    source.open_failures = 10**6
    w = events.watcher(source)
    w.start()
    assert events.next()[0] == "lost"
    w.stop()
    assert not w.running
