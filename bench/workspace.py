"""The large benchmark workspace, built once and cached under ``bench/.cache/``.

The file is named by a hash of what decides its rows: the demo generator, the models, the
schema and migrations (their source text), the size and today's date (the demo is built
around today). When any of them changes, the next run builds a new file; older ones are
removed. The seeding speed measured while building is kept beside it (``.json``).

    python bench/workspace.py            # print the path, building it if needed
    python bench/workspace.py --seed-only PATH   # seed a fresh file at PATH, print JSON (rows, seconds)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "amtui"
CACHE = Path(__file__).resolve().parent / ".cache"
SIZE = "large"
TABLES = ("workspace", "team_member", "time_off", "client", "client_contact", "vendor", "project",
          "change_order", "interaction", "task", "booking", "spend")


def cache_key(today: date | None = None) -> str:
    """A short hash of the seed's inputs: generator, models, schema, migrations, size, today."""
    digest = hashlib.sha256(f"{SIZE}|{today or date.today()}".encode())
    sources = [*sorted((PACKAGE / "demo").glob("*.py")), PACKAGE / "models.py", PACKAGE / "enums.py",
               PACKAGE / "schema.py", *sorted((PACKAGE / "migrations" / "versions").glob("*.py"))]
    for path in sources:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def seed(path: Path) -> dict[str, float]:
    """Seed the large demo into a new file at ``path``; return rows written and seconds (seeding only)."""
    from amtui.config import resolve_target
    from amtui.db import open_database
    from amtui.demo import seed_demo

    db = open_database(resolve_target(str(path)))
    try:
        started = time.perf_counter()
        seed_demo(db, size=SIZE)
        seconds = time.perf_counter() - started
        with db.read() as session:
            conn = session.connection()
            rows = sum(conn.exec_driver_sql(f'SELECT count(*) FROM "{t}"').scalar_one() for t in TABLES)
    finally:
        db.dispose()
    return {"rows": rows, "seconds": seconds}


def seed_in_fresh_process(path: Path) -> dict[str, float]:
    """:func:`seed` in a new Python process (a clean heap, as ``amtui demo`` would run)."""
    out = subprocess.run([sys.executable, __file__, "--seed-only", str(path)], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def workspace(log=print) -> tuple[Path, dict[str, float], bool]:
    """The cached workspace: (path, seeding measured when it was built, built now?)."""
    CACHE.mkdir(exist_ok=True)
    key = cache_key()
    path = CACHE / f"large-{key}.db"
    meta = path.with_suffix(".json")
    if path.exists() and meta.exists():
        return path, json.loads(meta.read_text()), False
    for old in CACHE.glob("large-*"):
        old.unlink()
    log(f"building the large workspace at {path} (once; cached) …")
    measured = seed_in_fresh_process(path)
    measured["built_at"] = time.time()
    meta.write_text(json.dumps(measured))
    return path, measured, True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed-only", type=Path, metavar="PATH")
    args = parser.parse_args()
    if args.seed_only:
        print(json.dumps(seed(args.seed_only)))
    else:
        print(workspace(log=lambda m: print(m, file=sys.stderr))[0])


if __name__ == "__main__":
    main()
