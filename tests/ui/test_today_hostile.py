"""Today with hostile user text: markup, actions and escape codes in names and summaries show
literally, in the table, the detail line and toasts, and nothing breaks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, timedelta

import pytest
from tests.ui.test_roster_support import HOSTILE_NAMES, NOW, TODAY, Seeded, settle, table_lines

from amtui.app import AmtuiApp
from amtui.db import Database
from amtui.models import Interaction
from amtui.screens.today import TodayScreen


@pytest.fixture
def hostile_app(hostile_db: tuple[Database, Seeded], app_factory: Callable[..., AmtuiApp],
                monkeypatch: pytest.MonkeyPatch) -> AmtuiApp:
    db, seeded = hostile_db
    with db.write() as s:
        for name, client_id in seeded.clients.items():
            s.add(Interaction(client_id=client_id, kind="call", occurred_at=(NOW - timedelta(days=1)).astimezone(UTC),
                              summary=f"promised {name[:40]} [@click=app.quit]x[/]",
                              follow_up_on=TODAY - timedelta(days=1)))
    monkeypatch.setattr(AmtuiApp, "MODES", {**AmtuiApp.MODES, "today": TodayScreen})
    monkeypatch.setattr(AmtuiApp, "DEFAULT_MODE", "today")
    return app_factory(db)


async def test_hostile_text_renders_as_data(hostile_app: AmtuiApp) -> None:
    async with hostile_app.run_test(size=(140, 30)) as pilot:
        await settle(hostile_app, pilot)
        screen = hostile_app.screen
        assert isinstance(screen, TodayScreen)
        assert screen.queue is not None and len(screen.queue.items) == len(HOSTILE_NAMES)
        lines = "\n".join(table_lines(hostile_app))
        assert "[bold]Acme[/]" in lines and "[@click=app.quit]Evil" in lines
        assert "\x1b" not in lines and "\x07" not in lines
        for _ in HOSTILE_NAMES:
            detail = str(screen.query_one("#today-detail").render())
            assert "\x1b" not in detail
            await pilot.press("down")
        await pilot.press("x")  # completes the last one; its toast carries the raw name safely
        await settle(hostile_app, pilot)
        assert hostile_app.is_running
        assert len(screen.queue.items) == len(HOSTILE_NAMES) - 1
