"""One headless run of the app on a workspace; prints one JSON line of measurements (ms, MB).

``--what app`` (default): the app (``make_app``, as the CLI builds it) under Textual's
``run_test`` at 120×40:

* ``screen.today`` — from the app's start until Today's data is shown (it is the first screen);
  ``warm_all`` — from the start until the other four screens, built in idle moments
  (:mod:`amtui.mode_warmer`), have their data too; ``screen.clients`` … ``screen.budgets`` —
  from pressing the screen's key, after that, until its data is shown. "Shown" means: no worker
  of the app or of that screen pending or running, no widget of the screen marked ``loading``,
  and the refresh after that painted (``call_after_refresh``). With ``--cold`` the app builds
  each screen on its first visit instead (no ``warm_all``): the switches then include the load.
* ``quick_log`` — on the roster, ``l``, a summary typed, then from Enter until the roster row
  of that client shows today as its last contact, painted.
* ``rss_peak`` — peak resident memory of the process after all of that (MB).

``--what today_queue``: :func:`amtui.services.today.today_queue` once in this fresh process
(wall and CPU ms; the database is opened before the clock starts).

    python bench/app_probe.py --db PATH [--what app|today_queue] [--cold]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

POLL = 0.002
TIMEOUT = 60.0
SCREENS = (("2", "clients"), ("3", "team"), ("4", "vendors"), ("5", "budgets"))


def open_db(path: Path) -> Any:
    from amtui.config import resolve_target
    from amtui.db import open_database

    return open_database(resolve_target(str(path)))


async def painted(app: Any) -> None:
    """Wait for the refresh after now to have been painted."""
    done = asyncio.Event()
    app.call_after_refresh(done.set)
    await done.wait()


async def until(check: Callable[[], bool], what: str) -> None:
    started = time.perf_counter()
    while not check():
        if time.perf_counter() - started > TIMEOUT:
            raise TimeoutError(f"{what} not reached in {TIMEOUT:.0f} s")
        await asyncio.sleep(POLL)


def settled(app: Any, everywhere: bool = False) -> bool:
    """No worker of the app or the current screen (``everywhere``: of any screen) pending or
    running, nothing on the screen loading."""
    from textual.worker import WorkerState

    screen = app.screen
    busy = any(w.state in (WorkerState.PENDING, WorkerState.RUNNING)
               and (everywhere or w.node is app or getattr(w.node, "screen", None) is screen) for w in app.workers)
    return not busy and not any(w.loading for w in screen.query("*"))


async def shown(app: Any, started: float) -> float:
    await asyncio.sleep(0)  # let the switch start its workers
    await until(lambda: settled(app), f"{app.current_mode} data")
    await painted(app)
    return (time.perf_counter() - started) * 1000


async def probe_app(path: Path, warm: bool = True) -> dict[str, float]:
    from amtui.app import make_app

    out: dict[str, float] = {}
    started = time.perf_counter()
    db = open_db(path)
    app = make_app(db, warm_modes=warm)
    async with app.run_test(size=(120, 40)) as pilot:
        out["screen.today"] = await shown(app, started)
        if warm:
            await until(lambda: app.warmer.done and settled(app, everywhere=True), "every screen built")
            out["warm_all"] = (time.perf_counter() - started) * 1000
        for key, mode in SCREENS:
            started = time.perf_counter()
            await pilot.press(key)
            out[f"screen.{mode}"] = await shown(app, started)
        out["quick_log"] = await quick_log(app, pilot)
    db.dispose()
    out["rss_peak"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


async def quick_log(app: Any, pilot: Any) -> float:
    """Enter in the quick log to the roster row showing today as last contact (ms)."""
    await pilot.press("2")
    await shown(app, time.perf_counter())
    screen = app.screen
    table = screen.query_one("#roster")
    table.action_cursor_down()  # not the first row: the cursor must stay where it was
    table.action_cursor_down()
    row = table.highlighted_row
    today = app.clock.today()
    await pilot.press("l")
    await until(lambda: app.screen is not screen and settled(app), "the quick log form")
    await pilot.press(*"bench check-in")
    await until(lambda: not app.typing, "typing")

    def updated() -> bool:
        now = table.highlighted_row
        return app.screen is screen and now is not None and now.id == row.id and now.last_contact == today

    started = time.perf_counter()
    await pilot.press("enter")
    await until(updated, "the roster row updated")
    await painted(app)
    return (time.perf_counter() - started) * 1000


def probe_today_queue(path: Path) -> dict[str, float]:
    from amtui.clock import Clock
    from amtui.services.today import today_queue

    db = open_db(path)
    now = Clock.system().now()
    wall, cpu = time.perf_counter(), time.process_time()
    queue = today_queue(db, now)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    db.dispose()
    return {"today_queue": wall * 1000, "today_queue_cpu": cpu * 1000, "today_items": len(queue.items)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--what", choices=("app", "today_queue"), default="app")
    parser.add_argument("--cold", action="store_true", help="build each screen on its first visit")
    args = parser.parse_args()
    result = asyncio.run(probe_app(args.db, warm=not args.cold)) if args.what == "app" else probe_today_queue(args.db)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
