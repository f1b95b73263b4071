"""Crash safety: a writer killed with SIGKILL mid-work, 30+ times, loses no acknowledged write
and leaves a consistent SQLite file (integrity check, foreign keys, every ack present); a budget
writer killed the same way leaves every figure the Budgets service reports equal to the sum of
its rows, and no orphan or half-written rows."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

from amtui.config import resolve_target
from amtui.db import open_database
from amtui.enums import BookingStatus, VendorService
from amtui.models import Client, Project, Vendor
from amtui.services.budgets import budget_overview, project_budget

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


# Budget writes through the service layer, each acknowledged after its commit: spend entries,
# change orders proposed then approved (two transactions), confirmed vendor bookings, and half of
# them completed (booking status and its spend row written in one transaction).
BUDGET_WRITER = r"""
import sys
from datetime import UTC, date, datetime, timedelta
from amtui.config import resolve_target
from amtui.db import open_database
from amtui.enums import BookingStatus
from amtui.services.budgets import SpendForm, add_spend, decide_change_order, propose_change_order
from amtui.services.vendors import BookingForm, change_status, save_booking

db = open_database(resolve_target(sys.argv[1]))
project_id, vendor_id, round_no = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
base = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(hours=200 * round_no)
n = 0
while True:
    n += 1
    spend_id = add_spend(db, SpendForm(project_id, date(2025, 6, 1), 100 + n, note=f"r{round_no}-{n}"))
    print(f"spend {spend_id} {100 + n}", flush=True)
    order_id = propose_change_order(db, project_id, n, f"r{round_no}-{n}")
    decide_change_order(db, order_id, 1, True)
    print(f"approved {order_id} {n}", flush=True)
    start = base + timedelta(hours=2 * n)
    form = BookingForm(vendor_id, project_id, start, start + timedelta(hours=1), 1000 + n,
                       status=BookingStatus.CONFIRMED)
    booking_id = save_booking(db, form)
    print(f"booking {booking_id} {1000 + n}", flush=True)
    if n % 2:
        done = change_status(db, booking_id, 1, "complete")
        print(f"completed {booking_id} {done.spend_id}", flush=True)
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


def budget_workspace(path: Path) -> tuple[int, int]:
    """A new workspace at ``path`` with one client's active project (budget 1,000.00) and a
    vendor; returns (project id, vendor id)."""
    client_id = one_client_workspace(path)
    db = open_database(resolve_target(str(path)))
    with db.write() as s:
        project = Project(client_id=client_id, name="Launch", budget=100_000,
                          start_on=date(2025, 1, 1), end_on=date(2027, 12, 31))
        vendor = Vendor(name="Studio Nord", service=VendorService.PHOTOGRAPHY)
        s.add_all([project, vendor])
        s.flush()
        assert project.id is not None and vendor.id is not None
        ids = project.id, vendor.id
    db.dispose()
    return ids


def run_budget_writer(path: Path, project_id: int, vendor_id: int, round_no: int, acks: int) -> list[list[str]]:
    """Start the budget writer, SIGKILL it after ``acks`` acknowledgements; every ack it printed."""
    proc = subprocess.Popen([sys.executable, "-c", BUDGET_WRITER, str(path), str(project_id), str(vendor_id),
                             str(round_no)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    lines = []
    for _ in range(acks):
        line = proc.stdout.readline()
        assert line.split()[:1] in (["spend"], ["approved"], ["booking"], ["completed"]), (
            line, proc.stderr.read() if proc.stderr else "")
        lines.append(line.split())
    os.kill(proc.pid, signal.SIGKILL)
    rest, _ = proc.communicate(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    return lines + [line.split() for line in rest.splitlines()]


def test_sigkilled_budget_writer_keeps_totals_equal_to_their_rows(tmp_path: Path) -> None:
    path = tmp_path / "budget.db"
    project_id, vendor_id = budget_workspace(path)
    rng = random.Random(12)
    acked: list[list[str]] = []
    for round_no in range(24):
        acked += run_budget_writer(path, project_id, vendor_id, round_no, rng.randint(1, 9))

    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        spend = dict(con.execute("SELECT id, amount FROM spend"))
        approved = dict(con.execute("SELECT id, amount FROM change_order WHERE status = 'approved'"))
        bookings = {i: (cost, status) for i, cost, status in con.execute("SELECT id, cost, status FROM booking")}
        linked = dict(con.execute("SELECT booking_id, id FROM spend WHERE booking_id IS NOT NULL"))
        (budget,) = con.execute("SELECT budget FROM project").fetchone()
        (orphans,) = con.execute(
            "SELECT (SELECT count(*) FROM spend WHERE project_id NOT IN (SELECT id FROM project)"
            " OR booking_id NOT IN (SELECT id FROM booking))"
            " + (SELECT count(*) FROM change_order WHERE project_id NOT IN (SELECT id FROM project))"
            " + (SELECT count(*) FROM booking WHERE project_id NOT IN (SELECT id FROM project)"
            " OR vendor_id NOT IN (SELECT id FROM vendor))").fetchone()
    finally:
        con.close()
    assert orphans == 0

    # every acknowledged write is there, as acknowledged
    kinds = [a[0] for a in acked]
    assert {"spend", "approved", "booking", "completed"} <= set(kinds)
    for kind, row_id, value in acked:
        if kind == "spend":
            assert spend.get(int(row_id)) == int(value)
        elif kind == "approved":
            assert approved.get(int(row_id)) == int(value)
        elif kind == "booking":
            assert bookings[int(row_id)][0] == int(value)
        else:
            assert linked.get(int(row_id)) == int(value)
    # a booking is completed exactly when its cost is spend (status and spend row written together)
    completed = {i for i, (_, status) in bookings.items() if status == BookingStatus.COMPLETED.value}
    assert completed == set(linked)
    assert all(spend[linked[i]] == bookings[i][0] for i in completed)

    # the Budgets service reports the sums of the rows that survived
    db = open_database(resolve_target(str(path)))
    try:
        row = project_budget(db, project_id, date(2026, 1, 1)).row
        (overview,) = budget_overview(db, date(2026, 1, 1))
    finally:
        db.dispose()
    committed = sum(cost for cost, status in bookings.values() if status == BookingStatus.CONFIRMED.value)
    for figures in (row, overview):
        assert figures.spent == sum(spend.values())
        assert figures.budget == budget + sum(approved.values())
        assert figures.committed == committed
        assert figures.remaining == figures.budget - figures.spent - figures.committed
