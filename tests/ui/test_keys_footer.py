"""KeysFooter: rebuilt once per burst of binding updates, and only when what it shows changed."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer

from amtui.widgets.footer import KeysFooter


class Keys(App[None]):
    BINDINGS = [Binding("a", "alpha", "Alpha"), Binding("b", "beta", "Beta")]

    def __init__(self, footer: type[Footer]) -> None:
        super().__init__()
        self.footer_type = footer
        self.beta_enabled = True

    def compose(self) -> ComposeResult:
        yield self.footer_type()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "beta" and not self.beta_enabled else True  # None: shown disabled

    def action_alpha(self) -> None: ...

    def action_beta(self) -> None: ...


def keys(app: App[None]) -> dict[str, Any]:
    """The footer's key widgets by key (queried by CSS type name: FooterKey is not public)."""
    return {k.key: k for k in app.screen.query("FooterKey")}


async def test_updates_that_change_nothing_keep_the_keys() -> None:
    app = Keys(KeysFooter)
    async with app.run_test() as pilot:
        await pilot.pause()
        before = keys(app)
        assert set(before) >= {"a", "b"}
        for _ in range(5):
            app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert all(keys(app)[k] is w for k, w in before.items())  # the same widgets: no rebuild


async def test_a_change_is_shown() -> None:
    app = Keys(KeysFooter)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert not keys(app)["b"].has_class("-disabled")
        app.beta_enabled = False
        app.screen.refresh_bindings()
        app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert keys(app)["b"].has_class("-disabled")  # shown disabled


async def test_textual_footer_rebuilds_for_nothing() -> None:
    """Why KeysFooter exists: the stock footer replaces every key on each update."""
    app = Keys(Footer)
    async with app.run_test() as pilot:
        await pilot.pause()
        before = keys(app)
        app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert keys(app)["a"] is not before["a"]
