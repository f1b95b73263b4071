"""Vendors screen by keys: bookings by start with markers, filters, the directory, status keys."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select
from tests.ui.test_roster_support import settle as settle_app

from amtui.app import AmtuiApp
from amtui.db import Database
from amtui.enums import BookingStatus as BS
from amtui.enums import SpendCategory, VendorService
from amtui.messages import DataChange
from amtui.models import Booking, Client, Project, Spend, Vendor, Workspace
from amtui.screens.booking_forms import BookingDetailScreen
from amtui.screens.forms import ConfirmScreen
from amtui.screens.vendors import VendorsScreen

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=BERLIN)
HOSTILE = "[@click=app.quit]Evil [/] \x1b[31m"
KEY_NAMES = {" ": "space", "-": "minus", ":": "colon", "/": "slash", ",": "comma", ".": "full_stop", "+": "plus"}


def keys(text: str) -> list[str]:
    return [KEY_NAMES.get(ch, ch) for ch in text]


def at(day: int, hour: int, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def _vendors_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    """Register the screen for these tests (app.py may still show a placeholder)."""
    monkeypatch.setattr(AmtuiApp, "MODES", {**AmtuiApp.MODES, "vendors": VendorsScreen})


def seed(db: Database) -> dict[str, int]:
    with db.write() as s:
        s.add(Workspace(agency_name="Test agency", currency="EUR"))
        studio, harbor = Client(name="Studio Nord"), Client(name="Harbor Foods")
        s.add_all([studio, harbor])
        s.flush()
        lumen = Project(client_id=studio.id, name="Lumen shoot", start_on=date(2026, 11, 1), end_on=date(2026, 12, 31))
        menu = Project(client_id=harbor.id, name="Menu shoot", start_on=date(2026, 11, 1), end_on=date(2026, 12, 31))
        ida = Vendor(name="Ida Krogh", service=VendorService.PHOTOGRAPHY, day_rate=180_000, email="ida@example.com")
        reel = Vendor(name="Reel Films", service=VendorService.VIDEO, day_rate=320_000)
        evil = Vendor(name=HOSTILE, service=VendorService.OTHER, day_rate=1_000)
        s.add_all([lumen, menu, ida, reel, evil])
        s.flush()

        def book(key: str, vendor: Vendor, project: Project, start: datetime, end: datetime, status: BS,
                 expires: datetime | None = None, cost: int = 180_000) -> Booking:
            b = Booking(vendor_id=vendor.id, project_id=project.id, starts_at=start, ends_at=end, status=status,
                        hold_expires_at=expires, cost=cost, notes=f"{key} [b]notes[/]")
            s.add(b)
            return b

        rows = {
            "hold1": book("hold1", ida, lumen, at(26, 9), at(26, 18), BS.HOLD_1, NOW + timedelta(hours=20)),
            "hold2": book("hold2", ida, menu, at(26, 9), at(26, 18), BS.HOLD_2, NOW + timedelta(days=3)),
            "clash_a": book("clash_a", reel, lumen, at(8, 9, 12), at(10, 18, 12), BS.CONFIRMED, cost=960_000),
            "clash_b": book("clash_b", reel, menu, at(9, 10, 12), at(10, 19, 12), BS.CONFIRMED, cost=640_000),
            "running": book("running", reel, lumen, at(23, 9), at(24, 18), BS.CONFIRMED, cost=640_000),
            "evil": book("evil", evil, menu, at(30, 9), at(30, 12), BS.CONFIRMED, cost=5_000),
            "old": book("old", ida, lumen, at(2, 9), at(2, 18), BS.COMPLETED),
        }
        s.flush()
        return {k: b.id for k, b in rows.items()} | {"ida": ida.id, "reel": reel.id, "lumen": lumen.id}


@pytest.fixture
def vendor_db(empty_db: Database) -> tuple[Database, dict[str, int]]:
    return empty_db, seed(empty_db)


async def settle(app: AmtuiApp, pilot) -> None:
    await settle_app(app, pilot)


async def open_vendors(app: AmtuiApp, pilot) -> VendorsScreen:
    await pilot.press("4")
    await settle(app, pilot)
    assert isinstance(app.screen, VendorsScreen)
    return app.screen


def status_of(db: Database, booking_id: int) -> BS:
    with db.read() as s:
        return s.get(Booking, booking_id).status


async def test_bookings_by_start_with_markers_and_literal_names(vendor_db, app_factory) -> None:
    db, ids = vendor_db
    app = app_factory(db)
    async with app.run_test(size=(130, 30)) as pilot:
        screen = await open_vendors(app, pilot)
        order = ["running", "hold1", "hold2", "evil", "clash_a", "clash_b"]
        assert screen.table.visible_keys() == [ids[k] for k in order]
        lines = [screen.table.render_line(y).text for y in range(8)]
        for label in ("When", "Vendor", "Client · project", "Cost", "Status", "Clash", "Hold"):
            assert label in lines[0]
        hold1 = lines[2]
        for cell in ("Thu 26 Nov 09:00–18:00", "Ida Krogh", "Studio Nord · Lumen shoot", "€1,800", "1st hold",
                     f"2nd #{ids['hold2']}", "20h left"):
            assert cell in hold1, (cell, hold1)
        assert f"behind #{ids['hold1']}" in lines[3] and "2nd hold" in lines[3]
        assert f"⚠ #{ids['clash_b']}" in lines[5] and f"⚠ #{ids['clash_a']}" in lines[6]
        assert "[@click=app.quit]Evil" in lines[4] and "\x1b" not in lines[4]
        assert app.screen.query_one("#vendor-count").render().plain == "6 bookings"
        await pilot.click("#bookings", offset=(5, 5))  # clicking the hostile name runs nothing
        assert app.is_running


async def test_directory_is_read_when_first_shown(vendor_db, app_factory, monkeypatch) -> None:
    """Switching to Vendors reads the bookings only; the directory is read the first time it is
    shown (and from then on again on every change), not before."""
    import amtui.screens.vendor_loading as loading

    reads: list[bool] = []
    real = loading.vendor_directory
    monkeypatch.setattr(loading, "vendor_directory", lambda *a, **k: reads.append(True) or real(*a, **k))
    db, ids = vendor_db
    app = app_factory(db)
    async with app.run_test(size=(130, 30)) as pilot:
        screen = await open_vendors(app, pilot)
        assert len(screen.table.visible_keys()) == 6 and reads == []
        assert screen.directory.total_count == 0 and screen.directory.empty_message == "Loading vendors…"
        app.publish(DataChange(frozenset({"vendor"})))
        await settle(app, pilot)
        assert reads == []  # the bookings reloaded, the directory still unread
        await pilot.press("v")
        await settle(app, pilot)
        assert reads == [True] and screen.directory.total_count == 3
        assert "Ida Krogh" in screen.directory.render_line(2).text
        app.publish(DataChange(frozenset({"vendor"})))
        await settle(app, pilot)
        assert reads == [True, True]


async def test_filters_and_directory_by_keys(vendor_db, app_factory) -> None:
    db, ids = vendor_db
    app = app_factory(db)
    async with app.run_test(size=(130, 30)) as pilot:
        screen = await open_vendors(app, pilot)
        await pilot.press("f")  # 1st holds
        await settle(app, pilot)
        assert screen.table.visible_keys() == [ids["hold1"]]
        assert "Status: 1st hold" in app.screen.query_one("#vendor-filters").render().plain
        await pilot.press("f", "f", "f")  # 2nd hold, confirmed, completed
        await settle(app, pilot)
        assert screen.table.visible_keys() == []
        await pilot.press("p", "p", "p")  # next 7 days, next 30 days, past
        await settle(app, pilot)
        assert screen.table.visible_keys() == [ids["old"]]
        await pilot.press("f", "f", "p")  # active, all dates
        await settle(app, pilot)
        assert len(screen.table.visible_keys()) == 7
        await pilot.press("slash", *keys("harbor"))
        assert screen.table.visible_keys() == [ids["hold2"], ids["evil"], ids["clash_b"]]
        assert app.screen.query_one("#vendor-count").render().plain == "3 of 7 bookings"
        await pilot.press("escape", "escape")
        assert len(screen.table.visible_keys()) == 7 and screen.table.has_focus
        await pilot.press("v")
        await settle(app, pilot)
        assert screen.showing_directory and screen.directory.has_focus
        lines = [screen.directory.render_line(y).text for y in range(4)]
        assert "Ida Krogh" in lines[2] and "photography" in lines[2] and "€1,800" in lines[2]
        assert "ida@example.com" in lines[2]
        await pilot.press("down", "enter")  # Ida Krogh: her bookings
        await settle(app, pilot)
        assert not screen.showing_directory
        assert screen.table.visible_keys() == [ids["old"], ids["hold1"], ids["hold2"]]
        assert "vendor: Ida Krogh" in app.screen.query_one("#vendor-filters").render().plain
        await pilot.press("escape")
        await settle(app, pilot)
        assert screen.filters.vendor_id is None and len(screen.table.visible_keys()) == 7


async def test_confirm_releases_the_second_hold(vendor_db, app_factory) -> None:
    db, ids = vendor_db
    app = app_factory(db)
    async with app.run_test(size=(130, 30)) as pilot:
        screen = await open_vendors(app, pilot)
        await pilot.press("down", "C")
        await settle(app, pilot)
        assert status_of(db, ids["hold1"]) is BS.CONFIRMED and status_of(db, ids["hold2"]) is BS.CANCELLED
        assert screen.table.visible_keys()[:2] == [ids["running"], ids["hold1"]]
        assert ids["hold2"] not in screen.table.visible_keys() and screen.table.highlighted_key == ids["hold1"]
        await pilot.press("R")  # a confirmed booking is not released: told why, nothing changes
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(app, pilot)
        assert status_of(db, ids["hold1"]) is BS.CONFIRMED
        assert any("cancel a confirmed booking instead" in n.message for n in app._notifications)


async def test_release_promotes_and_complete_records_spend_once(vendor_db, app_factory) -> None:
    db, ids = vendor_db
    app = app_factory(db)
    async with app.run_test(size=(130, 30)) as pilot:
        screen = await open_vendors(app, pilot)
        await pilot.press("down", "R")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(app, pilot)
        assert status_of(db, ids["hold1"]) is BS.CANCELLED and status_of(db, ids["hold2"]) is BS.HOLD_1
        await pilot.press("home", "D", "y")  # the booking running since yesterday
        await settle(app, pilot)
        with db.read() as s:
            spend = s.exec(select(Spend)).all()
        assert [(x.booking_id, x.amount, x.category, x.spent_on) for x in spend] == [
            (ids["running"], 640_000, SpendCategory.VENDOR, date(2026, 11, 24))]
        assert status_of(db, ids["running"]) is BS.COMPLETED
        assert screen.table.highlighted_key == ids["running"]
        assert "completed" in screen.table.render_line(1).text
        await pilot.press("X")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # declined: nothing changes
        await settle(app, pilot)
        assert status_of(db, screen.table.highlighted_key) is not BS.CANCELLED


async def test_enter_opens_the_booking_and_its_keys_work(vendor_db, app_factory) -> None:
    db, ids = vendor_db
    app = app_factory(db)
    async with app.run_test(size=(130, 36)) as pilot:
        screen = await open_vendors(app, pilot)
        await pilot.press("end", "enter")
        await settle(app, pilot)
        detail = app.screen
        assert isinstance(detail, BookingDetailScreen) and detail.detail.row.id == ids["clash_b"]
        text = "\n".join(str(label.render()) for label in detail.query(".fact"))
        assert f"clashes with booking #{ids['clash_a']}: Lumen shoot, Studio Nord" in text
        assert "clash_b [b]notes[/]" in text and "Wed 9 Dec 10:00 – Thu 10 Dec 19:00" in text
        await pilot.press("X", "y")
        await settle(app, pilot)
        assert app.screen is screen and status_of(db, ids["clash_b"]) is BS.CANCELLED
        await pilot.press("home", "down", "down", "down", "enter")  # the hostile vendor's booking
        await settle(app, pilot)
        assert isinstance(app.screen, BookingDetailScreen)
        assert any(HOSTILE.replace("\x1b", "") in str(label.render()) for label in app.screen.query(".fact"))
        await pilot.press("escape")
        assert app.screen is screen and app.is_running


async def test_long_periods_show_a_first_page_then_the_whole_list(vendor_db, app_factory, monkeypatch) -> None:
    import amtui.screens.vendor_loading as loading
    import amtui.screens.vendors as screen_module

    monkeypatch.setattr(loading, "FIRST_PAGE", 2)
    pages: list[int] = []
    original = screen_module.VendorsScreen._show_bookings
    monkeypatch.setattr(screen_module.VendorsScreen, "_show_bookings",
                        lambda self, loaded: (pages.append(len(loaded.rows)), original(self, loaded)))
    db, _ids = vendor_db
    app = app_factory(db)
    async with app.run_test(size=(130, 30)) as pilot:
        screen = await open_vendors(app, pilot)
        await pilot.press("p", "p", "p", "p")  # all dates
        await settle(app, pilot)
        assert pages[-2:] == [2, 7] and not screen.partial  # the first page, then every booking
        assert len(screen.table.visible_keys()) == 7
        assert app.screen.query_one("#vendor-count").render().plain == "7 bookings"
