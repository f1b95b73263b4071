"""The booking form by keys: field checks, the clash check naming the other booking, edit."""

from __future__ import annotations

import pytest
from sqlmodel import select
from tests.ui.test_vendors import at, keys, open_vendors, seed, settle

from amtui.app import AmtuiApp
from amtui.enums import BookingStatus as BS
from amtui.models import Booking
from amtui.screens.booking_forms import BookingDetailScreen, BookingFormScreen
from amtui.screens.vendors import VendorsScreen


@pytest.fixture(autouse=True)
def _vendors_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AmtuiApp, "MODES", {**AmtuiApp.MODES, "vendors": VendorsScreen})


async def test_new_booking_checks_fields_refuses_a_clash_then_saves(empty_db, app_factory) -> None:
    db, ids = empty_db, seed(empty_db)
    app = app_factory(db)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_vendors(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, BookingFormScreen)
        await pilot.press("ctrl+s")
        assert form.field("vendor").error == "choose the vendor" and form.field("project").error
        assert "enter a day and time" in form.field("starts_at").error
        await pilot.press("enter", "down", "down", "enter")  # vendors by name: the hostile one, Ida Krogh, …
        await pilot.press("tab", "enter", "down", "down", "enter")  # projects by client: Harbor Foods · Menu shoot
        await pilot.press("tab", *keys("2026-11-26 10:00"), "tab", *keys("17:00"), "tab")
        assert "Thu 26 Nov 10:00–17:00" in str(form.field("ends_at").query_one(".field-hint").render())
        assert "1 day(s) × day rate = €1,800" in str(form.field("cost").query_one(".field-hint").render())
        await pilot.press("tab", "c", "ctrl+s")  # confirmed, on Ida's held Thursday
        await settle(app, pilot)
        assert app.screen is form
        assert form.field("starts_at").error == (
            f"clashes with booking #{ids['hold1']}: Lumen shoot, Studio Nord, Thu 26 Nov 09:00–18:00 (1st hold)")
        with db.read() as s:
            assert len(s.exec(select(Booking)).all()) == 7  # nothing written
        form.query_one("#starts_at").focus()
        await pilot.press("ctrl+u", *keys("2026-11-27 10:00"), "ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        with db.read() as s:
            new = s.exec(select(Booking).order_by(Booking.id.desc())).first()
        assert (new.vendor_id, new.starts_at, new.ends_at, new.cost, new.status, new.hold_expires_at) == (
            ids["ida"], at(27, 10), at(27, 17), 180_000, BS.CONFIRMED, None)
        assert screen.table.highlighted_key == new.id


async def test_edit_from_the_detail_keeps_status_and_saves(empty_db, app_factory) -> None:
    db, ids = empty_db, seed(empty_db)
    app = app_factory(db)
    async with app.run_test(size=(130, 40)) as pilot:
        await open_vendors(app, pilot)
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, BookingDetailScreen)
        await pilot.press("e")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, BookingFormScreen) and form.booking_id == ids["hold1"]
        assert form.query_one("#starts_at").value == "2026-11-26 09:00"
        assert form.query_one("#cost").value == "€1,800"
        assert "1st hold" in str(form.query_one("#status-label").render())
        form.query_one("#cost").focus()
        await pilot.press("ctrl+u", *keys("2,000"), "tab", "ctrl+u", *keys("2026-11-27 09:00"), "ctrl+s")
        await settle(app, pilot)
        assert "must expire before the booking starts" in form.field("hold_expires_at").error
        await pilot.press("ctrl+u", *keys("2026-11-25 17:00"), "tab", *keys("PO-9"), "ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, BookingFormScreen)
        with db.read() as s:
            row = s.get(Booking, ids["hold1"])
        assert (row.cost, row.status, row.po_reference, row.hold_expires_at, row.version) == (
            200_000, BS.HOLD_1, "PO-9", at(25, 17), 2)
