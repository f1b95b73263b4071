"""Whole-screen snapshot of Vendors on the demo agency (fixed clock, 120x35)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from tests.ui.test_vendors import settle
from textual.pilot import Pilot

from amtui.app import AmtuiApp, make_app
from amtui.clock import Clock
from amtui.demo import seed_demo
from amtui.screens.vendors import VendorsScreen

CLOCK = Clock.at(datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Europe/Berlin")))


def test_vendors_snapshot_on_the_demo(empty_db, snap_compare, monkeypatch: pytest.MonkeyPatch) -> None:
    """You should see Vendors for the demo agency on Tue 24 Nov 2026: "Status: active · upcoming" on
    the bar and "12 bookings" at its right; the table headed When, Vendor, Client · project, Cost,
    Status, Clash, Hold, by start from Thu 26 Nov, the cursor on the first row (Polyglot
    Translations, confirmed). On Thu 3 Dec Ida Krogh Photography's 1st hold for Lumen Optics shows
    "2nd #2" and "20h left" in amber (its hold expires tomorrow morning), and the Harbor Foods 2nd
    hold under it reads "behind #1" and "4d left". On 8–10 Dec the two confirmed Reel Harbour Films
    bookings (Nordlicht Energie, Aster Health) overlap: each shows a red "⚠" naming the other
    (#4, #3). Statuses are coloured; rows that are not holds show "—" for Hold. The footer lists
    Open, New, Edit, Confirm, Release, Done, Cancel, Filter, Status, Period, Directory."""
    monkeypatch.setenv("AMTUI_TZ", "Europe/Berlin")
    monkeypatch.setattr(AmtuiApp, "MODES", {**AmtuiApp.MODES, "vendors": VendorsScreen})
    seed_demo(empty_db, today=date(2026, 11, 24))
    app = make_app(empty_db, clock=CLOCK)

    async def run_before(pilot: Pilot) -> None:
        await pilot.press("4")
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(120, 35), run_before=run_before)
