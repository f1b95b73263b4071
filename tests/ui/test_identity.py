"""Identity in the app: the header says who you are; every way of logging a touch records you;
``m`` scopes the roster and Today (mine by default on Today); "Who am I…" picks or refuses a name."""

from __future__ import annotations

from sqlalchemy import select
from tests.ui.test_forms_support import type_text
from tests.ui.test_roster_support import seed_small, settle
from textual.widgets import Static

from amtui.db import Database
from amtui.models import Interaction
from amtui.screens.capture import CaptureScreen
from amtui.screens.client_detail import ClientDetailScreen
from amtui.screens.clients import ClientsScreen
from amtui.screens.forms import Field
from amtui.screens.quick_log import QuickLogScreen
from amtui.screens.today import TodayScreen
from amtui.screens.who_am_i import WhoAmIScreen
from amtui.services.identity import Me, resolve_member
from amtui.settings import saved_me

SIZE = (130, 36)


def logs(db: Database) -> list[tuple[str, int | None]]:
    with db.read() as s:
        rows = s.scalars(select(Interaction).where(Interaction.summary.like("by me%")).order_by(Interaction.id))
        return [(r.summary, r.logged_by_id) for r in rows]


async def test_header_and_every_log_path_records_me(empty_db: Database, app_factory) -> None:
    seeded = seed_small(empty_db)
    maya = resolve_member(empty_db, "maya")
    harbor = seeded.clients["Harbor Foods"]
    app = app_factory(empty_db, me=maya)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "you: Maya Brandt" in app.sub_title
        await pilot.press("2")
        await settle(app, pilot)
        app.screen.focus_client(harbor)
        await pilot.press("l")  # quick log on the roster row
        await settle(app, pilot)
        assert isinstance(app.screen, QuickLogScreen)
        await type_text(pilot, "by me quick")
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("c")  # the capture line
        await settle(app, pilot)
        assert isinstance(app.screen, CaptureScreen)
        await type_text(pilot, 'call "by me capture"')  # the roster's client is the context
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, CaptureScreen)
        await app.push_screen(ClientDetailScreen(harbor))
        await settle(app, pilot)
        await pilot.press("l")  # the detail's log
        await settle(app, pilot)
        await type_text(pilot, "by me detail")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ClientDetailScreen)
        selected = str(app.screen.query_one("#timeline-selected", Static).content)
        assert selected.startswith("logged by Maya Brandt")  # the newest row is under the cursor
    assert logs(empty_db) == [("by me quick", maya.member_id), ("by me capture", maya.member_id),
                              ("by me detail", maya.member_id)]


async def test_without_identity_logs_record_nobody_and_m_explains(empty_db: Database, app_factory) -> None:
    seed_small(empty_db)
    app = app_factory(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "you:" not in app.sub_title
        await pilot.press("2")
        await settle(app, pilot)
        rows = app.screen.table.row_count
        await pilot.press("m")
        await settle(app, pilot)
        assert app.screen.table.row_count == rows  # nothing hidden
        assert any("Who are you?" in str(n.message) for n in app._notifications)
        await pilot.press("l")
        await settle(app, pilot)
        await type_text(pilot, "by me nobody")
        await pilot.press("enter")
        await settle(app, pilot)
    assert logs(empty_db) == [("by me nobody", None)]


async def test_m_on_the_roster_shows_my_clients_then_the_team(empty_db: Database, app_factory) -> None:
    seeded = seed_small(empty_db)
    tom = resolve_member(empty_db, "tom")
    app = app_factory(empty_db, me=tom)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ClientsScreen)
        team = screen.table.row_count
        filters = lambda: str(screen.query_one("#roster-filters", Static).content)  # noqa: E731
        assert "whole team" in filters()
        await pilot.press("m")
        await settle(app, pilot)
        shown = set(screen.table.visible_keys())
        assert shown == {seeded.clients[n] for n in ("Café Øresund", "Nordwind Energy", "Atlas Freight")}
        assert "mine (Tom Okafor)" in filters()
        await pilot.press("m")
        await settle(app, pilot)
        assert screen.table.row_count == team and "whole team" in filters()


async def test_today_defaults_to_mine_and_m_widens(empty_db: Database, app_factory) -> None:
    seeded = seed_small(empty_db)
    maya = resolve_member(empty_db, "maya")
    mine_ids = {seeded.clients["Harbor Foods"], seeded.clients["Lumen Optics"]}
    app = app_factory(empty_db, me=maya)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TodayScreen) and screen.queue is not None
        keys = set(screen.table.visible_keys())
        rows = [r for r in screen.table.rows if r.key in keys]
        assert rows and all(r.client_id in mine_ids or r.member_id == maya.member_id for r in rows)
        whole = len(screen.queue.items)
        assert len(rows) < whole
        summary = str(screen.query_one("#today-summary", Static).content)
        assert f"yours (Maya Brandt) of {whole}" in summary
        await pilot.press("m")
        await settle(app, pilot)
        assert screen.table.row_count == whole
        assert "whole team" in str(screen.query_one("#today-summary", Static).content)


async def test_who_am_i_refuses_a_typo_then_saves(empty_db: Database, app_factory) -> None:
    seed_small(empty_db)
    app = app_factory(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await app.push_screen(WhoAmIScreen())
        await settle(app, pilot)
        await type_text(pilot, "Tom Okafr")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, WhoAmIScreen)
        error = app.screen.query_one("#field-name", Field).error
        assert "did you mean Tom Okafor?" in error
        assert app.me is None
        await pilot.press(*["backspace"] * 9)
        await type_text(pilot, "tom")
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, WhoAmIScreen)
        assert app.me == resolve_member(empty_db, "Tom Okafor") and isinstance(app.me, Me)
        assert "you: Tom Okafor" in app.sub_title
    assert saved_me(empty_db.target.display) == "Tom Okafor"
