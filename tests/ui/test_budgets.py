"""Budgets screen by keys: worst first, filter, sort, detail, add spend, propose/approve/reject."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select
from tests.ui.test_roster_support import settle as settle_app

from amtui.app import AmtuiApp
from amtui.db import Database
from amtui.enums import ChangeOrderStatus, ProjectKind, SpendCategory
from amtui.messages import DataChange
from amtui.models import ChangeOrder, Client, Project, Spend, Workspace
from amtui.screens.budget_forms import ChangeOrderFormScreen, SpendFormScreen
from amtui.screens.budgets import BudgetsScreen
from amtui.screens.forms import ConfirmScreen
from amtui.widgets.burndown import BurndownChart

HOSTILE = "[@click=app.quit]Evil [/] \x1b[31m"


@pytest.fixture(autouse=True)
def _budgets_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    """Register the screen for these tests (app.py still shows a placeholder)."""
    monkeypatch.setattr(AmtuiApp, "MODES", {**AmtuiApp.MODES, "budgets": BudgetsScreen})


def seed(db: Database) -> dict[str, int]:
    ids: dict[str, int] = {}
    with db.write() as s:
        s.add(Workspace(agency_name="Test agency", currency="EUR"))
        clients = {n: Client(name=n) for n in ("Harbor Foods", "Café Øresund", "Lumen Optics", "[bold]Acme[/]")}
        s.add_all(clients.values())
        s.flush()
        projects = {
            "pack": Project(client_id=clients["Harbor Foods"].id, name="Pack refresh", budget=1_000_000,
                            start_on=date(2026, 11, 1), end_on=date(2026, 11, 30)),
            "cafe": Project(client_id=clients["Café Øresund"].id, name="Retainer", kind=ProjectKind.RETAINER,
                            budget=850_000, start_on=date(2026, 11, 10), end_on=date(2026, 12, 9)),
            "lumen": Project(client_id=clients["Lumen Optics"].id, name="Spring shoot", budget=4_200_000,
                             start_on=date(2026, 11, 4), end_on=date(2027, 1, 3)),
            "evil": Project(client_id=clients["[bold]Acme[/]"].id, name=HOSTILE, budget=100_000,
                            start_on=date(2026, 11, 1), end_on=date(2026, 11, 30)),
        }
        s.add_all(projects.values())
        s.flush()
        for key, day, amount in (("pack", 2, 400_000), ("pack", 20, 300_000), ("cafe", 10, 278_000),
                                 ("cafe", 20, 325_500), ("lumen", 10, 2_000_000)):
            s.add(Spend(project_id=projects[key].id, spent_on=date(2026, 11, day), amount=amount, note="[b]x"))
        s.add(ChangeOrder(project_id=projects["lumen"].id, amount=100_000, reason="Casting",
                          status=ChangeOrderStatus.APPROVED, decided_at=datetime(2026, 11, 12, tzinfo=UTC)))
        proposed = ChangeOrder(project_id=projects["lumen"].id, amount=400_000, reason="Second location day")
        s.add(proposed)
        s.flush()
        ids = {k: p.id for k, p in projects.items()} | {"proposed": proposed.id}
    return ids


KEY_NAMES = {" ": "space", "+": "plus", "-": "minus", ".": "full_stop", ",": "comma", "/": "slash"}


def keys(text: str) -> list[str]:
    """One key name per character of ``text``."""
    return [KEY_NAMES.get(ch, ch) for ch in text]


async def settle(app: AmtuiApp, pilot) -> None:
    """Every worker done and the messages they posted handled (a load superseded by a newer
    one is cancelled: that is expected, not a failure)."""
    await settle_app(app, pilot)


async def open_budgets(app: AmtuiApp, pilot) -> BudgetsScreen:
    await pilot.press("5")
    await settle(app, pilot)
    assert isinstance(app.screen, BudgetsScreen)
    return app.screen


@pytest.fixture
def budget_db(empty_db: Database) -> tuple[Database, dict[str, int]]:
    return empty_db, seed(empty_db)


async def test_worst_first_with_every_column_and_literal_names(budget_db, app_factory) -> None:
    db, ids = budget_db
    app = app_factory(db)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_budgets(app, pilot)
        assert screen.table.visible_keys() == [ids["cafe"], ids["lumen"], ids["pack"], ids["evil"]]
        lines = [screen.table.render_line(y).text for y in range(5)]
        for label in ("Client", "Project", "Budget", "Spent", "Commit", "Left", "Used │ time", "Var", "Fcast", "Out"):
            assert label in lines[0]
        cafe = lines[1]
        for cell in ("Café Øresund", "Retainer", "€8.5k", "€6.0k", "71%", "▲+42%", "€12.1k", "1 Dec"):
            assert cell in cafe, (cell, cafe)
        assert "[@click=app.quit]Evil [/] [" in lines[4] and "[bold]Acme[/]" in lines[4] and "\x1b" not in lines[4]
        assert app.screen.query_one("#budget-count").render().plain == "4 projects · 2 off pace"
        summary = app.screen.query_one("#budget-summary").render().plain
        assert "Retainer · Café Øresund · retainer, month 1 of 1: 10 Nov – 9 Dec 2026" in summary  # noqa: RUF001
        assert "forecast €12,070 (+42.0%)" in summary and "▲ forecast over by more than 5%" in summary
        chart = app.screen.query_one(BurndownChart)
        assert chart.chart is not None and chart.chart.today_index == 15
        assert any("⠀" < ch <= "⣿" for y in range(2, 8) for ch in chart.render_line(y).text)


async def test_each_load_reads_the_selected_detail_once(budget_db, app_factory, monkeypatch) -> None:
    """Opening the screen reads the first project's detail once, not twice (the first read would be
    thrown away); a reload keeping the cursor reads it once again; moving reads the new one."""
    import amtui.screens.budgets as budgets

    reads: list[int] = []
    real = budgets.project_budget
    monkeypatch.setattr(budgets, "project_budget", lambda db, pid, *a: reads.append(pid) or real(db, pid, *a))
    db, ids = budget_db
    app = app_factory(db)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_budgets(app, pilot)
        assert reads == [ids["cafe"]] and screen.detail.row.project_id == ids["cafe"]
        app.publish(DataChange(frozenset({"spend"})))
        await settle(app, pilot)
        assert reads == [ids["cafe"]] * 2
        await pilot.press("down")
        await settle(app, pilot)
        assert reads == [ids["cafe"]] * 2 + [ids["lumen"]] and screen.detail.row.project_id == ids["lumen"]


async def test_filter_sort_and_focus_by_keys(budget_db, app_factory) -> None:
    db, ids = budget_db
    app = app_factory(db)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_budgets(app, pilot)
        await pilot.press("slash", *keys("harb"))
        assert screen.table.visible_keys() == [ids["pack"]]
        assert app.screen.query_one("#budget-count").render().plain == "1 of 4 projects · 2 off pace"
        await pilot.press("escape")
        assert len(screen.table.visible_keys()) == 4 and screen.table.has_focus
        await pilot.press("s")  # by client
        assert screen.table.visible_keys() == [ids["evil"], ids["cafe"], ids["pack"], ids["lumen"]]
        assert app.screen.query_one("#budget-order").render().plain == "By client"
        await pilot.press("S")
        assert screen.table.visible_keys()[0] == ids["lumen"]
        await pilot.press("home")
        await settle(app, pilot)
        await pilot.press("enter")  # Lumen has a proposed change order: its list takes focus
        assert screen.co_list.has_focus
        await pilot.press("escape")
        assert screen.table.has_focus


async def test_add_spend_form_validates_then_saves_and_the_table_reloads(budget_db, app_factory) -> None:
    db, ids = budget_db
    app = app_factory(db)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_budgets(app, pilot)
        await pilot.press("down", "down")  # Pack refresh
        await settle(app, pilot)
        await pilot.press("n")
        assert isinstance(app.screen, SpendFormScreen)
        await pilot.press("ctrl+u", *keys("+3d"), "tab", *keys("abc"), "enter")
        await settle(app, pilot)
        form = app.screen
        assert "future" in form.field("spent_on").error and "amount" in form.field("amount").error
        await pilot.press("shift+tab", "ctrl+u", *keys("yesterday"), "tab", "ctrl+u", *keys("1,250.50"),
                          "tab", "m", "tab", *keys("Paid social"), "enter")
        await settle(app, pilot)
        assert app.screen is screen
        with db.read() as s:
            row = s.exec(select(Spend).where(Spend.amount == 125_050)).one()
        assert (row.project_id, row.spent_on, row.category, row.note) == (
            ids["pack"], date(2026, 11, 23), SpendCategory.MEDIA, "Paid social")
        assert screen.selected.project_id == ids["pack"] and screen.selected.spent == 825_050
        assert screen.detail.spend[0].amount == 125_050


async def test_propose_then_approve_and_reject_change_orders(budget_db, app_factory) -> None:
    db, ids = budget_db
    app = app_factory(db)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_budgets(app, pilot)
        await pilot.press("down")  # Lumen
        await settle(app, pilot)
        assert screen.selected.budget == 4_300_000
        await pilot.press("a")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(app, pilot)
        with db.read() as s:
            assert s.get(ChangeOrder, ids["proposed"]).status is ChangeOrderStatus.APPROVED
        assert screen.selected.budget == 4_700_000
        await pilot.press("o")
        assert isinstance(app.screen, ChangeOrderFormScreen)
        await pilot.press("enter")
        assert app.screen.field("amount").error and app.screen.field("reason").error
        await pilot.press(*keys("-2,000"), "tab", *keys("Descope drone"), "enter")
        await settle(app, pilot)
        assert screen.detail.change_orders[0].reason == "Descope drone"
        assert screen.detail.change_orders[0].status is ChangeOrderStatus.PROPOSED
        await pilot.press("r", "y")
        await settle(app, pilot)
        with db.read() as s:
            co = s.exec(select(ChangeOrder).where(ChangeOrder.reason == "Descope drone")).one()
        assert co.status is ChangeOrderStatus.REJECTED and co.amount == -200_000
        assert screen.selected.budget == 4_700_000
        await pilot.press("a")  # nothing proposed any more: the key does nothing
        assert app.screen is screen


async def test_reloads_on_data_change_keeping_cursor_and_filter(budget_db, app_factory) -> None:
    db, ids = budget_db
    app = app_factory(db)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_budgets(app, pilot)
        await pilot.press("slash", *keys("o"), "enter", "down")  # Lumen, Pack refresh, Acme (no "o" in Café)
        assert screen.selected.project_id == ids["pack"]
        with db.write() as s:
            s.add(Spend(project_id=ids["pack"], spent_on=date(2026, 11, 23), amount=500_000))
        app.publish(DataChange(frozenset({"spend"})))
        await settle(app, pilot)
        assert screen.table.visible_keys() == [ids["pack"], ids["lumen"], ids["evil"]]  # now over: worst
        assert screen.selected.project_id == ids["pack"] and screen.selected.spent == 1_200_000
        assert screen.filter_input.value == "o"
