"""Filter-as-you-type latency of the roster at 10,000 clients: virtual table vs a plain DataTable.

Runs headless (Textual's ``run_test``): each keystroke is timed from the moment the app
receives the key event until the screen refresh that follows the filter has been painted
(``call_after_refresh``), so Input echo, filtering and painting the visible lines are included;
Pilot's own waiting is not. A real terminal adds writing the frame (a few ms at 120x35).

    python bench/roster_filter.py [--rows 10000] [--size 120x35] [--json]

``--json`` prints one line (medians in ms) for ``bench/run.py`` instead of the report.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time
from datetime import date, timedelta

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Input

from amtui.enums import ClientStatus, ClientTier
from amtui.services.clients import RosterRow
from amtui.widgets.roster_columns import roster_columns, search_text
from amtui.widgets.virtual_table import VirtualTable

TODAY = date(2026, 11, 24)
WORDS = ("North", "Harbor", "Lumen", "Atlas", "Beacon", "Café", "Nord", "Wind", "Freight", "Optics",
         "Foods", "Energy", "Health", "Labs", "Studio", "Bank", "Ferries", "Hotels", "Robotics", "Games")
OWNERS = ("Maya Lindqvist", "Tom Okafor", "Sofia Marin", "Jonas Weber", "Priya Shah", "")
KEYS = ("n", "o", "r", "backspace", "backspace", "backspace", "h", "a", "r", "b", "backspace", "backspace",
        "backspace", "backspace")


def make_rows(n: int) -> list[RosterRow]:
    rng = random.Random(7)
    rows = []
    for i in range(n):
        last = TODAY - timedelta(days=rng.randint(0, 90)) if rng.random() > 0.05 else None
        rows.append(RosterRow(
            id=i + 1, name=f"{rng.choice(WORDS)} {rng.choice(WORDS)} {i}", status=rng.choice(list(ClientStatus)),
            tier=ClientTier.STANDARD, industry=rng.choice(("Retail", "Food", "Energy", "Finance")),
            health=rng.randint(10, 100), health_band=rng.choice(("good", "watch", "at_risk")),
            cadence=rng.choice(("ok", "due", "overdue")), last_contact=last,
            next_follow_up=TODAY + timedelta(days=rng.randint(-5, 20)) if rng.random() > 0.6 else None,
            renewal_date=TODAY + timedelta(days=rng.randint(-10, 400)), monthly_retainer=rng.randint(0, 3_000_000),
            owner_id=None, owner=rng.choice(OWNERS), archived=False,
        ))
    return rows


class Timed(App[None]):
    """Records key-event-to-painted-frame times in ``latencies`` (ms)."""

    def __init__(self, rows: list[RosterRow]) -> None:
        super().__init__()
        self.rows = rows
        self.latencies: list[float] = []
        self.key_at = 0.0

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self.key_at = time.perf_counter()
        await super().on_event(event)

    def painted(self) -> None:
        self.latencies.append((time.perf_counter() - self.key_at) * 1000)


class EchoBench(Timed):
    """Only the Input: the cost of echoing a keystroke, for reference."""

    def compose(self) -> ComposeResult:
        yield Input(id="q")

    def on_input_changed(self, _event: Input.Changed) -> None:
        self.call_after_refresh(self.painted)


class VirtualBench(Timed):
    def compose(self) -> ComposeResult:
        yield Input(id="q")
        yield VirtualTable(roster_columns(lambda: TODAY, lambda: "EUR"), row_key=lambda r: r.id,
                           search_text=search_text)

    def on_mount(self) -> None:
        self.query_one(VirtualTable).set_rows(self.rows)
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one(VirtualTable).set_filter(event.value)
        self.call_after_refresh(self.painted)


class DataTableBench(Timed):
    def __init__(self, rows: list[RosterRow]) -> None:
        super().__init__(rows)
        self.columns = roster_columns(lambda: TODAY, lambda: "EUR")
        self.cells = [tuple(c.render(r)[0] for c in self.columns) for r in rows]
        self.hay = [search_text(r).casefold() for r in rows]

    def compose(self) -> ComposeResult:
        yield Input(id="q")
        yield DataTable(cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*(c.label for c in self.columns))
        table.add_rows(self.cells)
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        q = event.value.casefold()
        table = self.query_one(DataTable)
        table.clear()
        table.add_rows([cells for cells, hay in zip(self.cells, self.hay, strict=True) if q in hay])
        self.call_after_refresh(self.painted)


async def measure(app: Timed, size: tuple[int, int]) -> tuple[float, list[float]]:
    start = time.perf_counter()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        mounted = time.perf_counter() - start
        for key in KEYS:
            await pilot.press(key)
            await pilot.pause()
    return mounted * 1000, app.latencies


def report(name: str, mounted: float, times: list[float]) -> None:
    print(f"{name:<28} first paint {mounted:7.0f} ms   keystroke median {statistics.median(times):6.1f} ms"
          f"   max {max(times):6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--size", default="120x35")
    parser.add_argument("--json", action="store_true", help="one JSON line of keystroke medians (ms)")
    args = parser.parse_args()
    size = tuple(int(x) for x in args.size.split("x"))
    rows = make_rows(args.rows)
    if args.json:
        virtual = asyncio.run(measure(VirtualBench(rows), size))[1]  # type: ignore[arg-type]
        plain = asyncio.run(measure(DataTableBench(rows), size))[1]  # type: ignore[arg-type]
        print(json.dumps({"filter.virtual": statistics.median(virtual), "filter.datatable": statistics.median(plain)}))
        return
    print(f"{args.rows:,} clients, terminal {args.size}, {len(KEYS)} keystrokes (typing and deleting)")
    t0 = time.perf_counter()
    table = VirtualTable(roster_columns(lambda: TODAY, lambda: "EUR"), row_key=lambda r: r.id,
                         search_text=search_text)
    table.set_rows(rows)
    set_rows = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    for q in ("n", "no", "nor", "no", "n", ""):
        table.set_filter(q)
    per_filter = (time.perf_counter() - t0) * 1000 / 6
    print(f"virtual table: set_rows {set_rows:.1f} ms, set_filter {per_filter:.2f} ms (compute only, unmounted)")
    report("Input echo only", *asyncio.run(measure(EchoBench(rows), size)))  # type: ignore[arg-type]
    report("virtual table (amtui)", *asyncio.run(measure(VirtualBench(rows), size)))  # type: ignore[arg-type]
    report("DataTable clear+add_rows", *asyncio.run(measure(DataTableBench(rows), size)))  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
