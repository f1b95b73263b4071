"""``amtui import``, ``amtui export TABLE`` and ``amtui export report`` from the shell."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from tests.io.test_import_support import HUBSPOT_COMPANIES, SALESFORCE_ACTIVITIES, count, team

from amtui.cli import cli
from amtui.config import resolve_target
from amtui.db import open_database
from amtui.demo import seed_demo
from amtui.models import Client


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty workspace with the account team; Berlin time."""
    monkeypatch.setenv("AMTUI_TZ", "Europe/Berlin")
    path = tmp_path / "ws.db"
    db = open_database(resolve_target(str(path)))
    team(db)
    db.dispose()
    return path


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AMTUI_TZ", "Europe/Berlin")
    path = tmp_path / "demo.db"
    db = open_database(resolve_target(str(path)))
    seed_demo(db, today=date.today())
    db.dispose()
    return path


def amtui(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "--db", str(db)])


def clients_in(path: Path) -> int:
    db = open_database(resolve_target(str(path)))
    try:
        return count(db, Client)
    finally:
        db.dispose()


def test_import_a_hubspot_export(workspace: Path, tmp_path: Path) -> None:
    file = tmp_path / "hubspot-companies.csv"
    file.write_bytes(HUBSPOT_COMPANIES.encode())
    dry = amtui(workspace, "import", "clients", str(file), "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert dry.stdout == "3 clients: 3 created, 0 updated, 0 unchanged (skipped) — dry run, nothing written\n"
    assert "'Company name' → name" in dry.stderr and "ignored: 'Create Date'" in dry.stderr
    assert clients_in(workspace) == 0
    done = amtui(workspace, "import", "clients", str(file))
    assert done.exit_code == 0 and done.stdout == "3 clients: 3 created, 0 updated, 0 unchanged (skipped)\n"
    again = amtui(workspace, "import", "clients", str(file))
    assert again.stdout == "3 clients: 0 created, 0 updated, 3 unchanged (skipped)\n"
    assert clients_in(workspace) == 3


def test_import_errors_go_to_stderr_and_write_nothing(workspace: Path, tmp_path: Path) -> None:
    file = tmp_path / "bad.csv"
    file.write_text("Name,Company owner,Tier\nGood Ltd,Maya Lindqvist,core\nBad Ltd,Nobody,gold\n", encoding="utf-8")
    result = amtui(workspace, "import", "clients", str(file))
    assert result.exit_code == 1 and result.stdout == ""
    assert "  row 3, column 'Company owner': no team member named 'Nobody'" in result.stderr
    assert "  row 3, column 'Tier': 'gold' is not one of" in result.stderr
    assert result.stderr.rstrip().endswith("amtui: 2 errors in the file: nothing was written")
    assert clients_in(workspace) == 0
    ignored = amtui(workspace, "import", "clients", str(file), "--map", "Company owner=", "--map", "tier=")
    assert ignored.exit_code == 0, ignored.stderr
    assert clients_in(workspace) == 2


def test_import_refuses_bad_options_and_files(workspace: Path, tmp_path: Path) -> None:
    file = tmp_path / "x.csv"
    file.write_text("Name\nA\n", encoding="utf-8")
    assert "'website' is not a clients field" in amtui(workspace, "import", "clients", str(file), "--map",
                                                       "Name=website").stderr
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b'Name,Notes\nA,"never closed\nB,x\n')
    result = amtui(workspace, "import", "clients", str(broken))
    assert result.exit_code == 1 and "row 2: a quoted cell is never closed" in result.stderr
    assert amtui(workspace, "import", "clients", str(tmp_path / "missing.csv")).exit_code == 2
    nowhere = amtui(tmp_path / "none" / "ws.db", "import", "clients", str(file))
    assert nowhere.exit_code == 1 and "no workspace at" in nowhere.stderr


def test_import_uses_dates_option(workspace: Path, tmp_path: Path) -> None:
    file = tmp_path / "acts.csv"
    file.write_bytes(SALESFORCE_ACTIVITIES.encode())
    clients = tmp_path / "c.csv"
    clients.write_bytes(HUBSPOT_COMPANIES.encode())
    assert amtui(workspace, "import", "clients", str(clients)).exit_code == 0
    result = amtui(workspace, "import", "interactions", str(file), "--map", "Contact=", "--dates", "dmy")
    assert result.exit_code == 1 and "row 2, column 'Date': '11/20/2026' is not a real date" in result.stderr
    ok = amtui(workspace, "import", "interactions", str(file), "--map", "Contact=")
    assert ok.exit_code == 0 and ok.stdout.startswith("3 interactions: 3 created"), ok.stderr


def test_export_round_trip_through_files(demo: Path, tmp_path: Path) -> None:
    for table in ("clients", "contacts", "interactions"):
        out = tmp_path / f"{table}.csv"
        result = amtui(demo, "export", table, "--out", str(out))
        assert result.exit_code == 0, result.stderr
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        assert out.read_bytes().startswith(b"\xef\xbb\xbf")
        back = amtui(demo, "import", table, str(out))
        assert back.exit_code == 0, back.stderr
        assert " 0 created, 0 updated, " in back.stdout


def test_export_json_to_stdout_and_every_table(demo: Path) -> None:
    result = amtui(demo, "export", "projects", "--format", "json")
    assert result.exit_code == 0
    projects = json.loads(result.stdout)
    assert projects and {"id", "client_id", "budget", "start_on"} <= set(projects[0])
    for table in ("team", "time-off", "change-orders", "tasks", "vendors", "spend", "snoozes", "workspace"):
        assert amtui(demo, "export", table).exit_code == 0, table
    bookings = amtui(demo, "export", "bookings", "--format", "csv")
    assert bookings.exit_code == 0 and bookings.stdout.startswith("id,vendor_id,project_id,starts_at")
    assert "--from applies to --format ics only" in amtui(demo, "export", "bookings", "--format", "json",
                                                          "--from", "today").stderr


def test_export_report(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "harbor.md"
    result = amtui(demo, "export", "report", "harbor", "--period", "30d", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Harbor Foods — status report") and "## Projects — budget pace and forecast" in text
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    printed = amtui(demo, "export", "report", "nordlicht")
    assert printed.exit_code == 0 and "## Open follow-ups" in printed.stdout
    assert "--period: 'fortnight' is not a period" in amtui(demo, "export", "report", "harbor", "--period",
                                                             "fortnight").stderr
    assert "no client matches 'zzz'" in amtui(demo, "export", "report", "zzz").stderr
    ambiguous = amtui(demo, "export", "report", "er")
    assert ambiguous.exit_code == 1 and "matches more than one client" in ambiguous.stderr


def test_help_stays_light() -> None:
    code = "import sys, amtui.cli; print(any(m.startswith(('sqlalchemy', 'textual')) for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
