"""The vendor directory by keys: add a vendor (errors at the field), edit one (a stale edit keeps
the typing), archive and restore; archived vendors leave the directory and the booking form."""

from __future__ import annotations

import pytest
from sqlmodel import select
from tests.ui.test_forms_support import type_text
from tests.ui.test_vendors import HOSTILE, open_vendors, seed, settle

from amtui.app import AmtuiApp
from amtui.enums import VendorService
from amtui.models import Vendor
from amtui.screens.booking_forms import BookingFormScreen
from amtui.screens.forms import ConfirmScreen
from amtui.screens.stale_edit import StaleEditScreen
from amtui.screens.vendor_form import VendorFormScreen
from amtui.screens.vendors import VendorsScreen
from amtui.services.vendors import VendorForm, update_vendor


@pytest.fixture(autouse=True)
def _vendors_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AmtuiApp, "MODES", {**AmtuiApp.MODES, "vendors": VendorsScreen})


def vendor_named(db, name: str) -> Vendor | None:
    with db.read() as s:
        return s.exec(select(Vendor).where(Vendor.name == name)).first()


def directory_names(screen: VendorsScreen) -> list[str]:
    rows = {v.id: v for v in screen.directory._rows}
    return [rows[k].name for k in screen.directory.visible_keys()]


async def test_add_a_vendor_with_errors_at_the_fields(empty_db, app_factory) -> None:
    db, _ids = empty_db, seed(empty_db)
    app = app_factory(db)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_vendors(app, pilot)
        await pilot.press("v")
        assert screen.showing_directory and screen.directory.has_focus
        assert screen.active_bindings["n"].binding.action == "new_vendor"  # the directory's n, not a booking
        assert "Vendor directory" in screen.query_one("#vendor-filters").render().plain
        await pilot.press("n")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, VendorFormScreen)
        await pilot.press("ctrl+s")
        assert form.field("name").error == "enter the vendor's name"
        await type_text(pilot, "ida KROGH")
        assert form.field("name").error == "a vendor named 'Ida Krogh' already exists"
        await pilot.press("ctrl+u")
        await type_text(pilot, "Nordlicht Print")
        assert form.field("name").error == ""
        await pilot.press("tab", "enter", "down", "enter")  # service: print
        await pilot.press("tab")
        await type_text(pilot, "Jens Ahrens")
        await pilot.press("tab")
        await type_text(pilot, "jens at nordlicht")
        assert "doesn't look like an email" in form.field("email").error
        await pilot.press("tab", "tab", "ctrl+u")
        await type_text(pilot, "9,50")
        assert form.field("day_rate").error  # 9,50: a comma groups thousands
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form and form.focused is form.query_one("#email")  # the first bad field
        assert vendor_named(db, "Nordlicht Print") is None  # nothing written
        await pilot.press("ctrl+u")
        await type_text(pilot, "jens@nordlicht.de")
        form.query_one("#day_rate").focus()
        await pilot.press("ctrl+u")
        await type_text(pilot, "950")
        assert "€950 a day" in str(form.field("day_rate").query_one(".field-hint").render())
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        made = vendor_named(db, "Nordlicht Print")
        assert made is not None
        assert (made.service, made.contact_name, made.email, made.day_rate) == (
            VendorService.PRINT, "Jens Ahrens", "jens@nordlicht.de", 95_000)
        assert screen.directory.highlighted_key == made.id
        assert any("Added Nordlicht Print" in n.message for n in app._notifications)


async def test_a_stale_edit_keeps_what_was_typed(empty_db, app_factory) -> None:
    db, ids = empty_db, seed(empty_db)
    app = app_factory(db)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_vendors(app, pilot)
        await pilot.press("v", "down", "e")  # Ida Krogh (the hostile name sorts first)
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, VendorFormScreen) and form.vendor_id == ids["ida"]
        assert form.query_one("#email").value == "ida@example.com"
        assert form.query_one("#day_rate").value == "€1,800"
        update_vendor(db, ids["ida"], 1, VendorForm("Ida Krogh", VendorService.PHOTOGRAPHY, phone="+45 1111",
                                                    day_rate=190_000))  # someone else saves meanwhile
        form.query_one("#phone").focus()
        await type_text(pilot, "+45 2222")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, StaleEditScreen)  # refused: what changed, theirs vs mine
        lines = [str(label.content) for label in app.screen.query(".stale-change")]
        assert [line.split()[0] for line in lines] == ["Email", "Phone", "Day"]  # their save cleared the email
        assert "(empty)" in lines[0] and "ida@example.com" in lines[0]
        assert "+45 1111" in lines[1] and "+45 2222" in lines[1] and "you changed it too" in lines[1]
        assert "€1,900" in lines[2] and "€1,800" in lines[2] and "you changed it too" not in lines[2]
        ida = vendor_named(db, "Ida Krogh")
        assert (ida.phone, ida.day_rate, ida.version) == ("+45 1111", 190_000, 2)
        await pilot.press("escape")  # back to the form, not saved
        await settle(app, pilot)
        assert app.screen is form
        assert form.query_one("#phone").value == "+45 2222"  # the typing is kept
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen
        await pilot.press("e")  # opened again: the stored values, and the edit goes through
        await settle(app, pilot)
        assert app.screen.query_one("#phone").value == "+45 1111"
        app.screen.query_one("#phone").focus()
        await pilot.press("ctrl+u")
        await type_text(pilot, "+45 2222")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen and vendor_named(db, "Ida Krogh").phone == "+45 2222"


async def test_archive_hides_and_restore_brings_back(empty_db, app_factory) -> None:
    db, ids = empty_db, seed(empty_db)
    app = app_factory(db)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_vendors(app, pilot)
        await pilot.press("v")
        assert directory_names(screen) == [HOSTILE, "Ida Krogh", "Reel Films"]
        await pilot.press("end")
        assert screen.active_bindings["A"].binding.description == "Archive"
        await pilot.press("A")
        assert isinstance(app.screen, ConfirmScreen)
        assert "still to come" in str(app.screen.query_one(".form-help").render())  # Reel has bookings ahead
        await pilot.press("y")
        await settle(app, pilot)
        assert vendor_named(db, "Reel Films").archived_at is not None
        assert directory_names(screen) == [HOSTILE, "Ida Krogh"]
        await pilot.press("a")  # show archived
        await settle(app, pilot)
        assert directory_names(screen) == [HOSTILE, "Ida Krogh", "Reel Films"]
        assert "Reel Films (archived)" in screen.directory.render_line(3).text
        assert "archived shown" in screen.query_one("#vendor-filters").render().plain
        await pilot.press("v", "n")  # the booking form does not offer the archived vendor
        await settle(app, pilot)
        assert isinstance(app.screen, BookingFormScreen)
        offered = [vid for vid, _name, _rate in app.screen.data.vendors]
        assert ids["reel"] not in offered and ids["ida"] in offered
        await pilot.press("escape", "v", "end")
        assert screen.active_bindings["A"].binding.description == "Restore"
        await pilot.press("A")  # restore: no question asked
        await settle(app, pilot)
        assert vendor_named(db, "Reel Films").archived_at is None
        assert "(archived)" not in screen.directory.render_line(3).text
        await pilot.press("a")
        await settle(app, pilot)
        assert directory_names(screen) == [HOSTILE, "Ida Krogh", "Reel Films"]
