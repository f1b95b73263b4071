"""Exporting tables: safe in a spreadsheet, numbers stay numbers, JSON objects, owner-only atomic
files, and an export re-imports to the same data (same workspace and a fresh one)."""

from __future__ import annotations

import csv
import io
import json
import stat
from datetime import date
from pathlib import Path

import pytest
from tests.io.test_import_support import NOW, count, rows, run

from amtui.config import resolve_target
from amtui.db import Database, open_database
from amtui.demo import seed_demo
from amtui.io.export import TABLE_NAMES, export_table, export_text, neutralise, write_private
from amtui.models import Client, ClientContact, Interaction, TeamMember
from amtui.services.clients import ClientForm, get_client, update_client

IMPORTABLE = ("clients", "contacts", "interactions")


@pytest.fixture
def demo(db: Database) -> Database:
    seed_demo(db, today=date(2026, 11, 24))
    return db


def parse(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://evil\")", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx",
                                   "'=still"])
def test_formula_cells_are_neutralised(value: str) -> None:
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["-12.5", "1250.50", "-2", "0", "Acme", "", "2026-11-24T08:00:00Z", "'quoted'"])
def test_numbers_and_text_stay(value: str) -> None:
    assert neutralise(value) == value


def test_hostile_names_export_neutralised_and_reimport_exactly(db: Database) -> None:
    hostile = ['=cmd|"/c calc"!A1', "+49 30 1234", "@SUM(1)", "-minus", "'=quoted"]
    with db.write() as s:
        s.add_all([Client(name=n, notes=n, monthly_retainer=125_050) for n in hostile])
    text = export_text(db, "clients", "csv")
    cells = parse(text)
    assert [c["name"] for c in cells] == ["'" + n for n in hostile]
    assert {c["monthly_retainer"] for c in cells} == {"1250.50"}  # a number, unquoted
    assert ",1250.50," in text
    summary = run(db, "clients", text)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, len(hostile)), summary.errors


def test_every_table_exports_as_csv_and_json(demo: Database) -> None:
    for table in TABLE_NAMES:
        data = json.loads(export_text(demo, table, "json"))
        assert isinstance(data, list), table
        cells = parse(export_text(demo, table, "csv"))
        assert len(cells) == len(data), table
        if data:
            assert list(cells[0]) == list(data[0]), table
    [ws] = json.loads(export_text(demo, "workspace", "json"))
    assert ws["currency"] == "EUR" and ws["is_demo"] is True
    budgets = json.loads(export_text(demo, "projects", "json"))
    assert all(isinstance(p["budget"], int | float) and p["start_on"][4] == "-" for p in budgets)
    bookings = json.loads(export_text(demo, "bookings", "json"))
    assert all(b["starts_at"].endswith("Z") for b in bookings)
    with pytest.raises(ValueError, match="unknown table"):
        export_text(demo, "secrets", "csv")


def test_money_is_major_units_in_both_formats(db: Database) -> None:
    with db.write() as s:
        s.add_all([Client(name="A", monthly_retainer=125_050), Client(name="B", monthly_retainer=950_000),
                   Client(name="C", monthly_retainer=7)])
    assert [c["monthly_retainer"] for c in parse(export_text(db, "clients", "csv"))] == ["1250.50", "9500.00", "0.07"]
    assert [c["monthly_retainer"] for c in json.loads(export_text(db, "clients", "json"))] == [1250.5, 9500, 0.07]


def test_export_reimports_into_the_same_workspace_unchanged(demo: Database) -> None:
    exported = {t: export_text(demo, t, "csv") for t in IMPORTABLE}
    for table in IMPORTABLE:
        summary = run(demo, table, exported[table])
        assert summary.ok, summary.errors[:3]
        assert (summary.created, summary.updated) == (0, 0), table
        assert summary.unchanged == summary.rows == count(demo, {"clients": Client, "contacts": ClientContact,
                                                                 "interactions": Interaction}[table])


def test_edits_are_undone_by_reimporting_an_export(demo: Database) -> None:
    before = export_text(demo, "clients", "csv")
    harbor = next(c for c in rows(demo, Client) if c.name == "Harbor Foods")
    record = get_client(demo, harbor.id)
    update_client(demo, harbor.id, record.version, ClientForm(
        name="Harbor Foods", status=record.status, tier=record.tier, industry="Changed", monthly_retainer=1,
        contract_start=record.contract_start, renewal_date=None, cadence_ideal_days=3, cadence_max_days=4,
        owner_id=None, notes="changed"))
    summary = run(demo, "clients", before)
    assert (summary.updated, summary.created) == (1, 0)
    assert export_text(demo, "clients", "csv") == before


def test_export_reimports_into_a_fresh_workspace(demo: Database, tmp_path: Path) -> None:
    fresh = open_database(resolve_target(str(tmp_path / "fresh.db")))
    try:
        with fresh.write() as s:  # the team is not importable: copy it
            s.add_all([TeamMember(name=m.name, discipline=m.discipline, email=m.email) for m in rows(demo, TeamMember)])
        for table in IMPORTABLE:
            summary = run(fresh, table, export_text(demo, table, "csv"), now=NOW)
            assert summary.ok and summary.created == summary.rows, (table, summary.errors[:3])
        for table in IMPORTABLE:
            def strip_ids(text: str) -> list[dict[str, str]]:
                return [{k: v for k, v in row.items() if k != "amtui_id"} for row in parse(text)]
            assert strip_ids(export_text(fresh, table, "csv")) == strip_ids(export_text(demo, table, "csv")), table
    finally:
        fresh.dispose()


def test_files_are_written_whole_and_owner_only(demo: Database, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / "clients.csv"
    out.write_text("old")
    out.chmod(0o644)
    n = write_private(out, lambda fh: export_table(demo, "clients", "csv", fh), bom=True)
    assert n == 15
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    assert list(folder.iterdir()) == [out]  # no temporary file left behind

    def boom(fh: object) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_private(out, boom)
    assert out.read_bytes() == data and list(folder.iterdir()) == [out]
