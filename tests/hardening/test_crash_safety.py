"""Crash safety: a writer killed with SIGKILL mid-work, 30+ times, loses no acknowledged write
and leaves a consistent SQLite file (integrity check, foreign keys, every ack present)."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from amtui.config import resolve_target
from amtui.db import open_database
from amtui.models import Client

KILLS = 32

# Logs touches in a loop through the service layer; prints "ack ID SUMMARY" only after the
# write transaction has committed (log_interaction returns after commit).
WRITER = r"""
import sys
from datetime import datetime, UTC
from amtui.config import resolve_target
from amtui.db import open_database
from amtui.enums import InteractionKind
from amtui.services.interactions import LogRequest, log_interaction

db = open_database(resolve_target(sys.argv[1]))
client_id, tag = int(sys.argv[2]), sys.argv[3]
n = 0
while True:
    n += 1
    summary = f"{tag}-{n}"
    now = datetime.now(UTC)
    row_id = log_interaction(db, LogRequest(client_id=client_id, kind=InteractionKind.CALL,
                                            summary=summary, occurred_at=now), now=now)
    print(f"ack {row_id} {summary}", flush=True)
"""


def one_client_workspace(path: Path) -> int:
    """A new workspace at ``path`` holding the client Acme; returns Acme's id."""
    db = open_database(resolve_target(str(path)))
    with db.write() as s:
        client = Client(name="Acme")
        s.add(client)
        s.flush()
        assert client.id is not None
        client_id = client.id
    db.dispose()
    return client_id


def test_sigkilled_writer_loses_no_acknowledged_write(tmp_path: Path) -> None:
    path = tmp_path / "crash.db"
    client_id = one_client_workspace(path)

    rng = random.Random(11)
    acked: dict[int, str] = {}
    for round_no in range(KILLS):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(client_id), f"r{round_no}"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        # let it commit a random number of writes, then kill it wherever it is
        for _ in range(rng.randint(1, 6)):
            line = proc.stdout.readline()
            assert line.startswith("ack "), (line, proc.stderr.read() if proc.stderr else "")
            _, row_id, summary = line.split()
            acked[int(row_id)] = summary
        os.kill(proc.pid, signal.SIGKILL)
        rest, _ = proc.communicate(timeout=10)
        assert proc.returncode == -signal.SIGKILL
        for line in rest.splitlines():  # acks printed before the kill landed
            _, row_id, summary = line.split()
            acked[int(row_id)] = summary

    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = dict(con.execute("SELECT id, summary FROM interaction"))
    finally:
        con.close()
    assert len(acked) >= KILLS
    missing = {i: s for i, s in acked.items() if rows.get(i) != s}
    assert missing == {}
    # no write appears twice (each summary is unique per writer run and counter)
    assert len(set(rows.values())) == len(rows)
