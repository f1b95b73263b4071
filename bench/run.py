"""The benchmark: one command, every measurement of issue 10, medians over fresh processes.

    python bench/run.py            # full: 7 first paints each, 3+3 app runs, 5 Today queues, 3 filter runs, 1 seed
    python bench/run.py --quick    # fewer repeats; seeding as measured when the workspace was built

Builds the large workspace once (``bench/workspace.py``, cached under ``bench/.cache/``), then
runs each probe in a new process and prints one table: the median, the anchor measured in the
same run where there is one (a hello-world Textual app started the same way in tmux; a plain
``DataTable`` cleared and refilled per keystroke), the ratio and the target. The machine's
load average is printed too: other processes share the cores, so single runs are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from workspace import seed_in_fresh_process, workspace  # noqa: E402

PY = sys.executable
AMTUI = str(Path(PY).with_name("amtui"))
MARKER = "Quit"  # in the footer of both apps' first frame
DATA_MARKER = "cleared today"  # in Today's summary strip once its queue is painted
SCREENS = ("today", "clients", "team", "vendors", "budgets")


def run_json(*args: str) -> dict[str, float]:
    """Run ``python ARGS`` in a fresh process; its last stdout line is JSON."""
    done = subprocess.run([PY, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"bench: {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def repeat(n: int, *args: str) -> dict[str, list[float]]:
    runs: dict[str, list[float]] = {}
    for _ in range(n):
        for key, value in run_json(*args).items():
            runs.setdefault(key, []).append(value)
    return runs


def first_paints(n: int, db: Path) -> tuple[list[float], list[float], list[float]]:
    """amtui (first frame, then Today's data) and hello-world, alternated so both see the same load."""
    paint = str(HERE / "first_paint.py")
    amtui, data, hello = [], [], []
    for _ in range(n):
        hello.append(run_json(paint, "--marker", MARKER, "--", PY, str(HERE / "hello_app.py"))["first_paint"])
        run = run_json(paint, "--marker", MARKER, "--data-marker", DATA_MARKER, "--", AMTUI, "--db", str(db))
        amtui.append(run["first_paint"])
        data.append(run["first_data"])
    return amtui, data, hello


def measure_seeding(fresh: bool, cached: dict[str, float]) -> tuple[float, str]:
    if not fresh:
        when = time.strftime("%H:%M", time.localtime(cached.get("built_at", 0)))
        return cached["rows"] / cached["seconds"], f"when the cache was built ({when})"
    with tempfile.TemporaryDirectory(prefix="amtui-seed-") as folder:
        seeded = seed_in_fresh_process(Path(folder) / "seed.db")
    return seeded["rows"] / seeded["seconds"], f"{seeded['rows']:,.0f} rows in {seeded['seconds']:.1f} s"


def med(values: list[float]) -> float:
    return statistics.median(values)


def line(num: str, name: str, value: str, anchor: str, ratio: str, target: str, met: bool | None) -> str:
    mark = "" if met is None else ("yes" if met else "NO")
    return f"{num:<2} {name:<30} {value:>12} {anchor:>12} {ratio:>7}  {target:<16} {mark}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, seeding from the cache build")
    args = parser.parse_args()
    n_paint, n_app, n_queue, n_filter = (3, 2, 3, 1) if args.quick else (7, 3, 5, 3)
    load_before = os.getloadavg()
    db, cached, built = workspace(log=lambda m: print(m, file=sys.stderr))
    print(f"workspace {db.name}; {os.cpu_count()} cores; load average {load_before[0]:.1f} at start", file=sys.stderr)

    amtui, data, hello = first_paints(n_paint, db)
    app = repeat(n_app, str(HERE / "app_probe.py"), "--db", str(db))
    cold = repeat(n_app, str(HERE / "app_probe.py"), "--db", str(db), "--cold")
    queue = repeat(n_queue, str(HERE / "app_probe.py"), "--db", str(db), "--what", "today_queue")
    filt = repeat(n_filter, str(HERE / "roster_filter.py"), "--json")
    seed_rate, seed_note = (cached["rows"] / cached["seconds"], "measured building the cache now") if built \
        else measure_seeding(not args.quick, cached)

    rows = [line("#", "measurement (median)", "amtui", "anchor", "ratio", "target", None)]
    a, h = med(amtui), med(hello)
    rows.append(line("1", f"first paint, tmux ×{n_paint}", f"{a * 1000:.0f} ms", f"{h * 1000:.0f} ms",
                     f"{a / h:.2f}×", "≤ 1.3× hello", a / h <= 1.3))
    rows.append(line("", "  (Today's data painted)", f"{med(data) * 1000:.0f} ms", "", "", "", None))
    v = med(app["warm_all"])
    rows.append(line("2", f"other screens built, idle ×{n_app}", f"{v:.0f} ms", "", "", "", None))
    for screen in SCREENS:
        v = med(app[f"screen.{screen}"])
        rows.append(line("2", f"{screen} data shown ×{n_app}", f"{v:.0f} ms", "", "", "≤ 150 ms", v <= 150))
        if screen != "today":
            c = med(cold[f"screen.{screen}"])
            rows.append(line("", "  (first visit, unbuilt)", f"{c:.0f} ms", "", "", "", None))
    v, d = med(filt["filter.virtual"]), med(filt["filter.datatable"])
    rows.append(line("3", f"filter keystroke 10k ×{n_filter}", f"{v:.1f} ms", f"{d:.0f} ms", f"{v / d:.3f}×",
                     "≤ 50 ms", v <= 50))
    v, c = med(queue["today_queue"]), med(queue["today_queue_cpu"])
    rows.append(line("4", f"today_queue() wall ×{n_queue}", f"{v:.0f} ms", "", "", "≤ 200 ms", v <= 200))
    rows.append(line("", "  (CPU, all threads)", f"{c:.0f} ms", "", "", "", None))
    v = med(app["quick_log"])
    rows.append(line("5", f"quick log → roster row ×{n_app}", f"{v:.0f} ms", "", "", "≤ 50 ms", v <= 50))
    v = med(app["rss_peak"])
    rows.append(line("6", f"peak RSS, all screens ×{n_app}", f"{v:.0f} MB", "", "", "≤ 200 MB", v <= 200))
    rows.append(line("7", "seeding", f"{seed_rate / 1000:.0f}k rows/s", "", "", "≥ 150k rows/s",
                     seed_rate >= 150_000))
    print("\n".join(rows))
    print(f"seeding: {seed_note}; Today queue: {med(queue['today_items']):.0f} items; "
          f"load average {load_before[0]:.1f} → {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
