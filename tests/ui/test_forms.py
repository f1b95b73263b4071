"""Client and contact forms: validation at the field, nothing half-saved, stale edits refused."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from tests.ui.test_forms_support import (
    clear_and_type,
    client_row,
    contacts,
    dialog_lines,
    field_error,
    seed_world,
    settle,
    type_text,
)

from amtui.config import resolve_target
from amtui.db import Database, open_database
from amtui.models import Client, ClientContact, TeamMember
from amtui.screens.client_form import ClientFormScreen
from amtui.screens.contact_form import ContactFormScreen
from amtui.screens.stale_edit import StaleEditScreen


@pytest.fixture
def db(tmp_path: Path):
    database = open_database(resolve_target(str(tmp_path / "ws" / "amtui.db")))
    yield database
    database.dispose()


async def test_edit_client_errors_at_fields_then_fix_and_save(db: Database, app_factory) -> None:
    world = seed_world(db)
    acme = world.clients["acme"]
    before = client_row(db, acme)
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await app.push_screen(ClientFormScreen(acme))
        await settle(pilot)
        assert app.screen.query_one("#name").value == "Acme GmbH"
        await clear_and_type(pilot, "#name", "globex")
        await clear_and_type(pilot, "#retainer", "12,5x")
        await clear_and_type(pilot, "#cadence_ideal", "40")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "already exists" in field_error(pilot, "name")
        assert "amount" in field_error(pilot, "retainer")
        assert "shorter than the ideal" in field_error(pilot, "cadence_max")
        assert isinstance(app.screen, ClientFormScreen)
        assert client_row(db, acme).version == before.version  # nothing written
        assert app.screen.query_one("#retainer").value == "12,5x"  # typing kept

        await clear_and_type(pilot, "#name", "Acme Group")
        await clear_and_type(pilot, "#retainer", "€14,000.50")
        await clear_and_type(pilot, "#cadence_ideal", "10")
        await clear_and_type(pilot, "#renewal", "2027-03-01")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ClientFormScreen)
    after = client_row(db, acme)
    assert (after.name, after.monthly_retainer, after.cadence_ideal_days) == ("Acme Group", 1_400_050, 10)
    assert after.renewal_date.isoformat() == "2027-03-01"
    assert after.version == before.version + 1


async def test_service_errors_land_at_the_field(db: Database, app_factory) -> None:
    """The renewal-before-start rule is checked locally and by the service."""
    world = seed_world(db)
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await app.push_screen(ClientFormScreen(world.clients["acme"]))
        await settle(pilot)
        await clear_and_type(pilot, "#contract_start", "2027-06-01")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "before the contract start" in field_error(pilot, "renewal")
    assert client_row(db, world.clients["acme"]).contract_start.isoformat() == "2025-01-01"


async def test_new_client(db: Database, app_factory) -> None:
    world = seed_world(db)
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await app.push_screen(ClientFormScreen(None))
        await settle(pilot)
        await type_text(pilot, "Harbor Foods")
        await clear_and_type(pilot, "#retainer", "-5")
        await pilot.press("enter")
        await settle(pilot)
        assert "negative" in field_error(pilot, "retainer")
        await clear_and_type(pilot, "#retainer", "8000")
        await clear_and_type(pilot, "#renewal", "+2m")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ClientFormScreen)
    with db.read() as s:
        from sqlmodel import select

        harbor = s.exec(select(Client).where(Client.name == "Harbor Foods")).one()
    assert harbor.monthly_retainer == 800_000
    assert harbor.renewal_date.isoformat() == "2027-01-24"
    assert world.clients["acme"] != harbor.id


async def test_stale_edit_is_refused_and_typing_kept(db: Database, app_factory) -> None:
    """A save over a newer version opens the dialog (what they changed vs what I have); esc keeps
    my typing and refuses again; r reloads their values, keeps my field, and the save goes in."""
    world = seed_world(db)
    acme = world.clients["acme"]
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await app.push_screen(ClientFormScreen(acme))
        await settle(pilot)
        with db.write() as s:  # someone else saves meanwhile
            row = s.get(Client, acme)
            row.industry = "Changed elsewhere"
            row.renewal_date = date(2027, 3, 1)
        await clear_and_type(pilot, "#industry", "Mine")
        await pilot.press("ctrl+s")
        await settle(pilot)
        lines = dialog_lines(app)
        assert len(lines) == 2
        industry = next(line for line in lines if line.startswith("Industry"))
        assert "Changed elsewhere" in industry and "Mine" in industry and "you changed it too" in industry
        renewal = next(line for line in lines if line.startswith("Renewal"))
        assert "2027-03-01" in renewal and "2027-01-15" in renewal and "you changed it too" not in renewal
        assert client_row(db, acme).industry == "Changed elsewhere"

        await pilot.press("escape")  # back to the form: typing kept, still the old version
        await settle(pilot)
        assert isinstance(app.screen, ClientFormScreen)
        assert app.screen.query_one("#industry").value == "Mine"
        assert "refused until you reload" in str(app.screen.query_one("#form-error").content)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, StaleEditScreen)  # refused again: never a silent overwrite

        await pilot.press("r")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ClientFormScreen)
        assert form.query_one("#industry").value == "Mine"  # my change kept
        assert form.query_one("#renewal").value == "2027-03-01"  # theirs filled in
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ClientFormScreen | StaleEditScreen)
    saved = client_row(db, acme)
    assert (saved.industry, saved.renewal_date) == ("Mine", date(2027, 3, 1))


async def test_stale_edit_of_a_deleted_record_says_so_and_keeps_typing(db: Database, app_factory) -> None:
    world = seed_world(db)
    bob = world.contacts["bob"]
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await app.push_screen(ContactFormScreen(world.clients["acme"], bob))
        await settle(pilot)
        with db.write() as s:  # someone else archives the person meanwhile
            row = s.get(ClientContact, bob)
            row.archived_at = datetime.now(UTC)
        await clear_and_type(pilot, "#role", "Head of brand")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ContactFormScreen)
        message = str(app.screen.query_one("#form-error").content)
        assert "this person no longer exists" in message and "typing is kept" in message
        assert app.screen.query_one("#role").value == "Head of brand"


async def test_add_contact_with_validation(db: Database, app_factory) -> None:
    world = seed_world(db)
    acme = world.clients["acme"]
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await app.push_screen(ContactFormScreen(acme))
        await settle(pilot)
        await type_text(pilot, "Carla Mendes")
        await pilot.press("tab")
        await type_text(pilot, "CFO")
        await pilot.press("tab")
        await type_text(pilot, "carla.example")
        await pilot.press("enter")
        await settle(pilot)
        assert "email" in field_error(pilot, "email")
        assert len(contacts(db, acme)) == 2
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "carla@acme.example")
        await pilot.press("tab", "tab", "space")  # phone, then primary on
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ContactFormScreen)
    people = {c.name: c for c in contacts(db, acme)}
    assert people["Carla Mendes"].email == "carla@acme.example"
    assert people["Carla Mendes"].role == "CFO"
    assert people["Carla Mendes"].is_primary and not people["Jane Doe"].is_primary


async def test_edit_contact_keeps_control_chars_out(db: Database, app_factory) -> None:
    world = seed_world(db)
    acme, bob = world.clients["acme"], world.contacts["bob"]
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await app.push_screen(ContactFormScreen(acme, bob))
        await settle(pilot)
        assert app.screen.query_one("#name").value == "Bob Stone"
        name_input = app.screen.query_one("#name")
        name_input.value = "Bob \x1b[31mStone\x07 [b]x[/]"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert {c.id: c.name for c in contacts(db, acme)}[bob] == "Bob [31mStone [b]x[/]"


async def test_inactive_owner_is_kept(db: Database, app_factory) -> None:
    world = seed_world(db)
    acme = world.clients["acme"]
    with db.write() as s:
        s.get(TeamMember, world.members["Maya Brandt"]).active = False
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await app.push_screen(ClientFormScreen(acme))
        await settle(pilot)
        assert app.screen.query_one("#owner").value == world.members["Maya Brandt"]
        await clear_and_type(pilot, "#industry", "Retail & online")
        await pilot.press("enter")
        await settle(pilot)
    after = client_row(db, acme)
    assert (after.industry, after.owner_id) == ("Retail & online", world.members["Maya Brandt"])
