"""Today screen on the demo workspace (DESIGN.md's morning), driven by keys: the ranked queue,
x / z / Z / l / Enter on rows, the database afterwards, and re-ranking on every change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select
from tests.ui.test_forms_support import type_text
from tests.ui.test_roster_support import NOW, TODAY, settle

from amtui.app import AmtuiApp
from amtui.db import Database
from amtui.demo import seed_demo
from amtui.messages import DataChange
from amtui.models import Interaction, Snooze, Task
from amtui.rules.urgency import ItemKind
from amtui.screens.client_detail import ClientDetailScreen
from amtui.screens.quick_log import QuickLogScreen
from amtui.screens.today import TodayScreen
from amtui.services.interactions import complete_follow_up
from amtui.services.today import TodayItem

K = ItemKind
SIZE = (140, 40)


@pytest.fixture
def demo_db(empty_db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    """The small demo built around Tue 24 Nov 2026, in Berlin time."""
    monkeypatch.setenv("AMTUI_TZ", "Europe/Berlin")
    seed_demo(empty_db, today=TODAY)
    return empty_db


@pytest.fixture
def today_app(demo_db: Database, app_factory: Callable[..., AmtuiApp], monkeypatch: pytest.MonkeyPatch) -> AmtuiApp:
    """The app with Today registered as the default mode (as app.py will have it)."""
    monkeypatch.setattr(AmtuiApp, "MODES", {**AmtuiApp.MODES, "today": TodayScreen})
    monkeypatch.setattr(AmtuiApp, "DEFAULT_MODE", "today")
    return app_factory(demo_db)


def screen_of(app: AmtuiApp) -> TodayScreen:
    screen = app.screen_stack[0] if app.current_mode == "today" else app.screen
    assert isinstance(screen, TodayScreen)
    return screen


def items(app: AmtuiApp) -> list[TodayItem]:
    screen = screen_of(app)
    assert screen.queue is not None
    by_key = {i.key: i for i in screen.queue.items}
    return [by_key[k] for k in screen.table.visible_keys()]  # type: ignore[index]


def find(app: AmtuiApp, kind: ItemKind, subject: str) -> TodayItem:
    return next(i for i in items(app) if i.kind is kind and i.subject.startswith(subject))


def rank(app: AmtuiApp, kind: ItemKind, subject: str) -> int:
    return items(app).index(find(app, kind, subject))


async def cursor_on(app: AmtuiApp, pilot, item: TodayItem) -> None:
    assert screen_of(app).table.move_to_key(item.key)
    await pilot.pause()


def text_of(app: AmtuiApp, *widget_ids: str) -> str:
    return "\n".join(str(screen_of(app).query_one(w).render()) for w in widget_ids)


def summary(app: AmtuiApp) -> str:
    """The summary strip: counts per kind, then what was cleared today and how many are snoozed."""
    return text_of(app, "#today-summary", "#today-cleared")


async def test_the_demo_morning_ranks_sensibly(today_app: AmtuiApp) -> None:
    async with today_app.run_test(size=SIZE) as pilot:
        await settle(today_app, pilot)
        queue = items(today_app)
        assert queue[0].kind is K.FOLLOW_UP  # an overdue promise tops the day
        nordlicht = rank(today_app, K.FOLLOW_UP, "Nordlicht Energie")
        harbor = rank(today_app, K.CADENCE, "Harbor Foods")
        hold = rank(today_app, K.HOLD, "Lumen Optics")
        cafe = rank(today_app, K.BUDGET, "Café Øresund")
        priya = rank(today_app, K.CAPACITY, "Priya Raman")
        assert nordlicht < 5
        assert nordlicht < hold < harbor < cafe < priya  # the promise, the 20 h hold, the quiet renewal …
        assert [i.score for i in queue] == sorted((i.score for i in queue), reverse=True)
        assert queue[harbor].reason == "23 days since last touch, cadence 14, renewal in 41 days"
        assert "expires in 20h; a 2nd hold is waiting" in queue[hold].reason
        assert queue[cafe].reason.startswith("71% used")
        assert queue[priya].reason.startswith("at 128% next week")
        strip = summary(today_app)
        assert f"{len(queue)} items: " in strip and "cleared today: 0 follow-ups, 0 tasks" in strip
        assert queue[0].breakdown in text_of(today_app, "#today-detail")
        await pilot.press("down")
        assert queue[1].breakdown in text_of(today_app, "#today-detail")


async def test_x_completes_a_follow_up_and_the_queue_reranks_at_once(today_app: AmtuiApp, demo_db: Database) -> None:
    async with today_app.run_test(size=SIZE) as pilot:
        await settle(today_app, pilot)
        item = find(today_app, K.FOLLOW_UP, "Nordlicht Energie")
        after = items(today_app)[items(today_app).index(item) + 1]
        await cursor_on(today_app, pilot, item)
        await pilot.press("x")
        await settle(today_app, pilot)
        assert item.key not in [i.key for i in items(today_app)]
        assert screen_of(today_app).table.highlighted_key == after.key  # the cursor moves to the next item
    with demo_db.read() as s:
        assert s.get(Interaction, item.ref_id).follow_up_done


async def test_x_completes_a_task_and_counts_it_cleared(today_app: AmtuiApp, demo_db: Database) -> None:
    async with today_app.run_test(size=SIZE) as pilot:
        await settle(today_app, pilot)
        task = find(today_app, K.TASK, "Revised media figures")
        await cursor_on(today_app, pilot, task)
        await pilot.press("x")
        await settle(today_app, pilot)
        assert task.key not in [i.key for i in items(today_app)]
        assert "1 task" in summary(today_app)
        budget = find(today_app, K.BUDGET, "Café Øresund")
        await cursor_on(today_app, pilot, budget)
        await pilot.press("x")  # a budget can't be "done": nothing happens
        await settle(today_app, pilot)
        assert budget.key in [i.key for i in items(today_app)]
    with demo_db.read() as s:
        row = s.get(Task, task.ref_id)
        assert row.completed_at == NOW


async def test_z_snoozes_a_day_and_shift_z_a_week(today_app: AmtuiApp, demo_db: Database) -> None:
    async with today_app.run_test(size=SIZE) as pilot:
        await settle(today_app, pilot)
        harbor = find(today_app, K.CADENCE, "Harbor Foods")
        await cursor_on(today_app, pilot, harbor)
        await pilot.press("z")
        await settle(today_app, pilot)
        tidewater = find(today_app, K.FOLLOW_UP, "Tidewater Logistics")
        await cursor_on(today_app, pilot, tidewater)
        await pilot.press("Z")
        await settle(today_app, pilot)
        keys = [i.key for i in items(today_app)]
        assert harbor.key not in keys and tidewater.key not in keys
        assert "1 snoozed" in summary(today_app)
    with demo_db.read() as s:
        assert s.execute(select(Snooze.item_key, Snooze.until)).all() == [(harbor.key, TODAY + timedelta(days=1))]
        assert s.get(Interaction, tidewater.ref_id).follow_up_on == TODAY + timedelta(days=7)


async def test_l_on_a_follow_up_logs_a_touch_that_answers_it(today_app: AmtuiApp, demo_db: Database) -> None:
    async with today_app.run_test(size=SIZE) as pilot:
        await settle(today_app, pilot)
        item = find(today_app, K.FOLLOW_UP, "Nordlicht Energie")
        await cursor_on(today_app, pilot, item)
        await pilot.press("l")
        await settle(today_app, pilot)
        form = today_app.screen
        assert isinstance(form, QuickLogScreen)
        assert form.client_id == item.client_id and form.answers_follow_up_id == item.ref_id
        await type_text(pilot, "walked through revised figures, happy")
        await pilot.press("enter")
        await settle(today_app, pilot)
        assert isinstance(today_app.screen, TodayScreen)
        assert item.key not in [i.key for i in items(today_app)]
    with demo_db.read() as s:
        assert s.get(Interaction, item.ref_id).follow_up_done


async def test_enter_opens_the_subject(today_app: AmtuiApp) -> None:
    async with today_app.run_test(size=SIZE) as pilot:
        await settle(today_app, pilot)
        harbor = find(today_app, K.CADENCE, "Harbor Foods")
        await cursor_on(today_app, pilot, harbor)
        await pilot.press("enter")
        await settle(today_app, pilot)
        assert isinstance(today_app.screen, ClientDetailScreen)
        assert today_app.screen.client_id == harbor.client_id
        await pilot.press("escape")
        await settle(today_app, pilot)
        priya = find(today_app, K.CAPACITY, "Priya Raman")
        await cursor_on(today_app, pilot, priya)
        await pilot.press("enter")
        await settle(today_app, pilot)
        assert today_app.current_mode == "team"
        await pilot.press("1")
        await settle(today_app, pilot)
        await cursor_on(today_app, pilot, find(today_app, K.HOLD, "Lumen Optics"))
        await pilot.press("enter")
        await settle(today_app, pilot)
        assert today_app.current_mode == "vendors"


async def test_a_change_elsewhere_reranks_and_keeps_the_cursor(today_app: AmtuiApp, demo_db: Database) -> None:
    async with today_app.run_test(size=SIZE) as pilot:
        await settle(today_app, pilot)
        harbor = find(today_app, K.CADENCE, "Harbor Foods")
        gone = find(today_app, K.FOLLOW_UP, "Kestrel Outdoor")
        await cursor_on(today_app, pilot, harbor)
        before = rank(today_app, K.CADENCE, "Harbor Foods")
        complete_follow_up(demo_db, gone.ref_id)  # as if from another screen or process
        today_app.publish(DataChange(frozenset({"interaction"}), gone.client_id))
        await settle(today_app, pilot)
        assert gone.key not in [i.key for i in items(today_app)]
        assert screen_of(today_app).table.highlighted_key == harbor.key
        assert rank(today_app, K.CADENCE, "Harbor Foods") == before - 1


async def test_a_change_while_hidden_reranks_when_today_is_shown_again(today_app: AmtuiApp, demo_db: Database,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Hidden, Today ranks nothing (the change costs the other screen nothing); back on it, the
    queue is ranked again without the cleared follow-up."""
    import amtui.screens.today as today_screen

    async with today_app.run_test(size=SIZE) as pilot:
        await settle(today_app, pilot)
        gone = find(today_app, K.FOLLOW_UP, "Kestrel Outdoor")
        await today_app.switch_mode("clients")
        await settle(today_app, pilot)
        ranked = []
        real = today_screen.today_queue_and_facts
        monkeypatch.setattr(today_screen, "today_queue_and_facts", lambda *a: ranked.append(1) or real(*a))
        complete_follow_up(demo_db, gone.ref_id)
        today_app.publish(DataChange(frozenset({"interaction"}), gone.client_id))
        await settle(today_app, pilot)
        assert ranked == []
        await today_app.switch_mode("today")
        await settle(today_app, pilot)
        assert ranked  # once, or again for the live watcher's report of the same write
        assert gone.key not in [i.key for i in items(today_app)]
