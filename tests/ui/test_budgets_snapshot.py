"""Whole-screen snapshot of Budgets on the demo agency (fixed clock, 100x32)."""

from __future__ import annotations

from datetime import date

import pytest
from tests.ui.test_budgets import settle
from textual.pilot import Pilot

from amtui.app import AmtuiApp
from amtui.demo import seed_demo
from amtui.screens.budgets import BudgetsScreen


def test_budgets_burndown_snapshot_on_the_demo(empty_db, app_factory, snap_compare,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """You should see Budgets for the demo agency on Tue 24 Nov 2026: "Worst first" and the count of
    projects and of those off pace; the table (Client, Project, Budget, Spent, Commit, Left,
    Used │ time, Var, Fcast, Out) worst first, flagged rows red with ▲ in Var. The cursor is on
    Meridian Bank's "Savings app launch" (▲ about +39%, Out "gone"): a three-line summary (budget
    = original + approved changes, spent, committed, a negative left in red, forecast over by more
    than 5%); below it a braille burndown with the dim ideal diagonal, the bold actual remaining
    down to today (▲24 Nov on the date axis), a short committed drop at today and the red dashed
    forecast running below the €0 line to the end date; on the right its spend entries (newest
    first) and change orders, the proposed one highlighted above the approved one."""
    monkeypatch.setenv("AMTUI_TZ", "Europe/Berlin")
    monkeypatch.setattr(AmtuiApp, "MODES", {**AmtuiApp.MODES, "budgets": BudgetsScreen})
    seed_demo(empty_db, today=date(2026, 11, 24))
    app = app_factory(empty_db)

    async def run_before(pilot: Pilot) -> None:
        await pilot.press("5")
        await settle(app, pilot)
        for _ in range(30):
            if app.screen.selected.project == "Savings app launch":
                break
            await pilot.press("down")
            await settle(app, pilot)

    assert snap_compare(app, terminal_size=(100, 32), run_before=run_before)
