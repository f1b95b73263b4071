"""The connection banner: shown on the screen in front while the database does not answer, on
every screen shown meanwhile (dialogs included), gone on every one once it answers again; the
reason is shown literally."""

from __future__ import annotations

from tests.ui.test_roster_support import settle

from amtui.app import AmtuiApp
from amtui.live_link import LiveLost, LiveRestored
from amtui.screens.quick_log import QuickLogScreen
from amtui.widgets.link_banner import LinkBanner

REASON = 'connection to server at "127.0.0.1", port 5432 failed: Connection refused [bold red]x\x1b[2J'


def banners(app: AmtuiApp) -> list[LinkBanner]:
    return list(app.screen.query_children(LinkBanner))


def banner_text(app: AmtuiApp) -> str:
    (banner,) = banners(app)
    return str(banner.render())


async def lose(app: AmtuiApp, pilot, reason: str = REASON) -> None:
    app.post_message(LiveLost(reason))
    await pilot.pause()
    await pilot.pause()


async def test_banner_follows_the_link_across_screens_and_dialogs(seeded_db, app_factory) -> None:
    db, seeded = seeded_db
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(app, pilot)
        assert banners(app) == []
        await lose(app, pilot)
        text = banner_text(app)
        assert "No connection to the database since 09:00:00" in text
        assert "[bold red]x" in text and "\x1b" not in text  # literal, control code gone
        # The banner sits below the header and pushes the screen's content down.
        (banner,) = banners(app)
        assert banner.region.y == 1 and banner.region.height >= 2
        await lose(app, pilot, "server closed the connection unexpectedly")
        assert len(banners(app)) == 1 and "closed the connection" in banner_text(app)
        assert "since 09:00:00" in banner_text(app)  # still the first loss's time

        await pilot.press("2")  # another mode: its screen shows the banner too
        await settle(app, pilot)
        assert len(banners(app)) == 1
        await app.push_screen(QuickLogScreen(seeded.clients["Café Øresund"]))
        await settle(app, pilot)
        (docked,) = banners(app)  # a dialog: docked over the dimmed screen
        assert docked.has_class("-docked") and docked.region.y == 1

        app.post_message(LiveRestored())
        await settle(app, pilot)
        assert banners(app) == []
        assert any("Reconnected" in n.message for n in app._notifications)
        await pilot.press("escape")
        await settle(app, pilot)
        assert banners(app) == []  # the roster under the dialog lost its banner too
        await pilot.press("1")  # Today, shown before the loss and not since
        await settle(app, pilot)
        assert banners(app) == []


async def test_a_screen_first_shown_while_lost_gets_the_banner(seeded_db, app_factory) -> None:
    db, _seeded = seeded_db
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(app, pilot)
        await lose(app, pilot)
        await pilot.press("5")  # Budgets: composed for the first time now
        await settle(app, pilot)
        (banner,) = banners(app)
        assert banner.region.y == 1
