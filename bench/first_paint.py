"""Cold start to the first painted screen in a real terminal.

Starts the command in a detached tmux session (120×40, on a private tmux server), polls
``capture-pane`` every few milliseconds and reports the time from starting tmux until
``--marker`` is on the screen (``first_paint``) and, with ``--data-marker``, until that is on
the screen too (``first_data``: for amtui, Today's queue painted, not just its chrome); then
quits the session. Prints one JSON line.

    python bench/first_paint.py --marker Quit --data-marker "cleared today" -- .venv/bin/amtui --db PATH
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import time

SOCKET = f"amtui-bench-{os.getpid()}"
POLL_SECONDS = 0.003
TIMEOUT_SECONDS = 30.0


def tmux(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True)


def first_paint(command: list[str], marker: str, size: tuple[int, int] = (120, 40),
                data_marker: str | None = None) -> dict[str, float]:
    """Seconds from starting ``command`` in tmux until ``marker`` is painted (``first_paint``)
    and, given ``data_marker``, until it is painted too (``first_data``)."""
    session = "paint"
    wanted = {"first_paint": marker, **({"first_data": data_marker} if data_marker else {})}
    seen: dict[str, float] = {}
    tmux("kill-server")
    started = time.perf_counter()
    tmux("new-session", "-d", "-s", session, "-x", str(size[0]), "-y", str(size[1]), shlex.join(command))
    try:
        while time.perf_counter() - started < TIMEOUT_SECONDS:
            screen = tmux("capture-pane", "-p", "-t", session).stdout
            for key, text in wanted.items():
                if key not in seen and text in screen:
                    seen[key] = time.perf_counter() - started
            if len(seen) == len(wanted):
                return seen
            time.sleep(POLL_SECONDS)
        missing = [text for key, text in wanted.items() if key not in seen]
        raise TimeoutError(f"{missing!r} not painted within {TIMEOUT_SECONDS:.0f} s by {shlex.join(command)}")
    finally:
        tmux("kill-server")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--marker", required=True)
    parser.add_argument("--data-marker", help="also time until this is painted (first_data)")
    parser.add_argument("command", nargs="+")
    args = parser.parse_args()
    print(json.dumps(first_paint(args.command, args.marker, data_marker=args.data_marker)))


if __name__ == "__main__":
    main()
