"""First visits to the mode screens do not restyle the whole app (``App.refresh_css``), and a
theme change still restyles every screen, including ones made after it."""

from __future__ import annotations

import pytest
from tests.ui.test_roster_support import settle
from textual.app import App
from textual.widgets import Header

from amtui.app import LIGHT_THEME


@pytest.fixture
def restyles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    original = App.refresh_css

    def counted(self: App, animate: bool = True) -> None:
        calls.append(self.current_mode)
        original(self, animate)

    monkeypatch.setattr(App, "refresh_css", counted)
    return calls


async def test_first_visits_do_not_restyle_the_app(seeded_db, app_factory, restyles: list[str]) -> None:
    db, _seeded = seeded_db
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(app, pilot)
        restyles.clear()
        for key in "2345":
            await pilot.press(key)
            await settle(app, pilot)
        assert restyles == []
        # Styled all the same: the header has the panel colour of the theme.
        header = app.screen.query_one(Header)
        assert header.styles.background == app.current_theme.to_color_system().panel


async def test_a_theme_change_restyles_screens_made_before_and_after(seeded_db, app_factory) -> None:
    db, _seeded = seeded_db
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        await settle(app, pilot)
        app.theme = LIGHT_THEME.name
        await settle(app, pilot)
        light_panel = app.current_theme.to_color_system().panel
        assert app.screen.query_one(Header).styles.background == light_panel
        for key in "135":  # Today (made before the change), Team and Budgets (made after)
            await pilot.press(key)
            await settle(app, pilot)
            assert app.screen.query_one(Header).styles.background == light_panel, key
