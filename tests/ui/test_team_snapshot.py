"""Whole-screen snapshot of Team on the demo agency (fixed clock, 100x32)."""

from __future__ import annotations

from datetime import date

import pytest
from tests.ui.test_team import settle
from textual.pilot import Pilot

from amtui.app import AmtuiApp
from amtui.demo import seed_demo
from amtui.screens.team import TeamScreen


def test_team_heat_map_snapshot_on_the_demo(empty_db, app_factory, snap_compare,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """You should see Team for the demo agency on Tue 24 Nov 2026: "Discipline: all · 8 weeks
    from 23 Nov" and "10 people · 3 over this week · 5 unassigned tasks"; the heat map of
    ten members by discipline (account, copy, design, development, media, production, strategy)
    against eight weeks headed 23 Nov … 11 Jan and an Undated column. Lea (copy) is 109%▲ this
    week and "off" next week (on leave); Ravi 119%▲ and Nora 113%▲ this week in red; the cursor
    is on Priya Raman's 30 Nov cell (128%▲, next week), her row in bold, and Tom Becker (design)
    below her at 30%. Under the map: "Priya Raman · week of 30 Nov: 48.0 h allocated / 37.5 h
    capacity (128%)" and "No undated tasks."; the footer lists Tasks, Filter, Discipline, Time off,
    New task (at 100 columns the app's keys after Log are cut short)."""
    monkeypatch.setenv("AMTUI_TZ", "Europe/Berlin")
    monkeypatch.setattr(AmtuiApp, "MODES", {**AmtuiApp.MODES, "team": TeamScreen})
    seed_demo(empty_db, today=date(2026, 11, 24))
    app = app_factory(empty_db)

    async def run_before(pilot: Pilot) -> None:
        await pilot.press("3")
        await settle(app, pilot)
        await pilot.press("down", "down", "down", "down", "right")
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(100, 32), run_before=run_before)
