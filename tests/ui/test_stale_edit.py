"""Stale edits across processes and forms: a save over a newer version opens the stale-edit
dialog; reload keeps what was typed and the second save goes in; nothing is ever overwritten.

Two apps on one database (SQLite file and PostgreSQL), a CLI import between opening and saving,
and the reload of every edit form (vendor, booking, task, time off).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select
from tests.ui.test_forms_support import clear_and_type, client_row, dialog_lines, seed_world, settle

from amtui.app import make_app
from amtui.config import DbTarget
from amtui.db import Database, open_database
from amtui.models import Booking, Task, TimeOff, Vendor
from amtui.screens.booking_forms import BookingFormScreen
from amtui.screens.client_form import ClientFormScreen
from amtui.screens.clients import ClientsScreen
from amtui.screens.forms import Field
from amtui.screens.stale_edit import StaleEditScreen
from amtui.screens.team_forms import TaskFormScreen, TimeOffFormScreen
from amtui.screens.vendor_form import VendorFormScreen
from amtui.services.team import task_row, time_off_row


@pytest.fixture
def two_dbs(any_target: DbTarget) -> Iterator[tuple[Database, Database]]:
    """Two connections (as two amtui processes would have) to one workspace."""
    first = open_database(any_target)
    second = open_database(any_target)
    yield first, second
    second.dispose()
    first.dispose()


async def open_client_form(app: Any, pilot: Any, client_id: int) -> None:
    """Clients (key 2), the cursor on the client, e: the way a user opens the form."""
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    assert isinstance(app.screen, ClientsScreen)
    assert app.screen.table.move_to_key(client_id)
    await pilot.press("e")
    await settle(pilot)
    assert isinstance(app.screen, ClientFormScreen)


async def reload_and_save(app: Any, pilot: Any, key: str, expected: dict[str, str]) -> None:
    """Reload from the dialog with ``key``, check the client form's values, save: it closes."""
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(app.screen, ClientFormScreen)
    assert {selector: app.screen.query_one(selector).value for selector in expected} == expected
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert not isinstance(app.screen, ClientFormScreen | StaleEditScreen)


async def test_two_apps_one_database_stale_save_reload_keeps_typing(two_dbs, clock) -> None:
    db_a, db_b = two_dbs
    acme = seed_world(db_a).clients["acme"]
    app_a, app_b = make_app(db_a, clock=clock), make_app(db_b, clock=clock)
    async with app_a.run_test(size=(120, 35)) as pa, app_b.run_test(size=(120, 35)) as pb:
        await open_client_form(app_a, pa, acme)
        await open_client_form(app_b, pb, acme)
        await clear_and_type(pb, "#industry", "Food retail")  # B starts typing
        await clear_and_type(pa, "#renewal", "2027-06-30")  # A changes the renewal and saves first
        await pa.press("ctrl+s")
        await settle(pa)
        assert not isinstance(app_a.screen, ClientFormScreen)
        assert client_row(db_a, acme).renewal_date == date(2027, 6, 30)

        await pb.press("ctrl+s")  # B's save is over an older version: refused, with the dialog
        await settle(pb)
        [line] = dialog_lines(app_b)
        assert line.startswith("Renewal") and "2027-06-30" in line and "2027-01-15" in line
        assert client_row(db_b, acme).industry == "Retail"
        await reload_and_save(app_b, pb, "r", {"#industry": "Food retail", "#renewal": "2027-06-30"})
    saved = client_row(db_a, acme)
    assert (saved.industry, saved.renewal_date) == ("Food retail", date(2027, 6, 30))


def db_arg(target: DbTarget) -> str:
    return str(target.path) if target.path is not None else target.url.render_as_string(hide_password=False)


async def test_cli_import_between_opening_and_saving(any_target: DbTarget, tmp_path: Path, app_factory) -> None:
    db = open_database(any_target)
    try:
        acme = seed_world(db).clients["acme"]
        csv = tmp_path / "clients.csv"
        csv.write_text("Company name,Industry,Notes\nAcme GmbH,Wholesale,Imported from the CRM\n", encoding="utf-8")
        app = app_factory(db)
        async with app.run_test(size=(120, 35)) as pilot:
            await open_client_form(app, pilot, acme)
            await clear_and_type(pilot, "#cadence_max", "21")
            done = subprocess.run([sys.executable, "-m", "amtui", "import", "clients", str(csv),
                                   "--db", db_arg(any_target)], capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, done.stderr
            await pilot.press("ctrl+s")
            await settle(pilot)
            lines = dialog_lines(app)
            assert [line.split()[0] for line in lines] == ["Industry", "Notes"]
            assert "Wholesale" in lines[0] and "Retail" in lines[0]
            await reload_and_save(app, pilot, "enter", {"#cadence_max": "21", "#industry": "Wholesale"})
        saved = client_row(db, acme)
        assert (saved.industry, saved.notes, saved.cadence_max_days) == ("Wholesale", "Imported from the CRM", 21)
    finally:
        db.dispose()


@dataclass(frozen=True)
class Case:
    """An edit form, a change someone else saves to its row, a field the user changes."""

    open_form: Callable[[Database, Any], Any]
    model: type
    row_id: Callable[[Database, Any], int]
    theirs: tuple[str, Any]  # attribute, value saved meanwhile
    label: str  # the dialog's line for it starts with this
    shown: str  # and shows this
    mine: tuple[str, str]  # field selector, what the user types
    stored: tuple[str, Any]  # attribute, what the user's typing is saved as


def _id(db: Database, model: type, *where: Any) -> int:
    with db.read() as s:
        return s.exec(select(model.id).where(*where)).one()  # type: ignore[attr-defined, no-any-return]


def _time_off(db: Database, world: Any) -> int:
    with db.write() as s:
        row = TimeOff(member_id=world.members["Priya Shah"], first_day=date(2026, 12, 1), last_day=date(2026, 12, 2),
                      reason="Annual leave")
        s.add(row)
        s.flush()
        return row.id  # type: ignore[return-value]


def _vendor(db: Database, _w: Any) -> int:
    return _id(db, Vendor, Vendor.name == "Lumen Photo")


def _booking(db: Database, _w: Any) -> int:
    booking_id = _id(db, Booking)
    with db.write() as s:  # a hold as the form makes them: with its expiry
        row = s.get(Booking, booking_id)
        row.hold_expires_at = row.starts_at - timedelta(days=2)
    return booking_id


def _task(db: Database, _w: Any) -> int:
    return _id(db, Task, Task.title == "Draft homepage copy")


CASES = {
    "vendor": Case(lambda db, i: VendorFormScreen(i), Vendor, _vendor, ("phone", "+45 1111"), "Phone", "+45 1111",
                   ("#contact_name", "Ida Krogh"), ("contact_name", "Ida Krogh")),
    "booking": Case(lambda db, i: BookingFormScreen(i), Booking, _booking, ("po_reference", "PO-77"), "PO reference",
                    "PO-77", ("#cost", "2500"), ("cost", 250_000)),
    "task": Case(lambda db, i: TaskFormScreen(task_row(db, i)), Task, _task, ("estimate_hours", 9.0), "Estimate",
                 "9", ("#title", "Homepage copy v2"), ("title", "Homepage copy v2")),
    "time off": Case(lambda db, i: TimeOffFormScreen(time_off_row(db, i).member_id, "Priya Shah",
                                                     item=time_off_row(db, i)),
                     TimeOff, _time_off, ("reason", "Conference"), "Reason", "Conference",
                     ("#last_day", "2026-12-04"), ("last_day", date(2026, 12, 4))),
}


@pytest.mark.parametrize("name", list(CASES))
async def test_every_edit_form_reloads_and_keeps_typing(name: str, sqlite_db: Database, app_factory) -> None:
    case = CASES[name]
    world = seed_world(sqlite_db)
    row_id = case.row_id(sqlite_db, world)
    app = app_factory(sqlite_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.push_screen(case.open_form(sqlite_db, row_id))
        await settle(pilot)
        form_type = type(app.screen)
        with sqlite_db.write() as s:  # someone else saves meanwhile
            setattr(s.get(case.model, row_id), *case.theirs)
        await clear_and_type(pilot, *case.mine)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, StaleEditScreen), [(f.key, f.error) for f in app.screen.query(Field) if f.error]
        [line] = dialog_lines(app)
        assert line.startswith(case.label) and case.shown in line and "you changed it too" not in line
        await pilot.press("r")
        await settle(pilot)
        assert type(app.screen) is form_type
        assert app.screen.query_one(case.mine[0]).value == case.mine[1]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen) is not form_type, str(app.screen.query_one("#form-error").content)
    with sqlite_db.read() as s:
        row = s.get(case.model, row_id)
        assert getattr(row, case.theirs[0]) == case.theirs[1]
        assert getattr(row, case.stored[0]) == case.stored[1]

