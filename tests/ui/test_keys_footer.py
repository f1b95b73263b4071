"""KeysFooter: rebuilt once per burst of binding updates, and only when what it shows changed."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from amtui.widgets.footer import KeysFooter


class Keys(App[None]):
    BINDINGS = [Binding("a", "alpha", "Alpha"), Binding("b", "beta", "Beta")]

    def __init__(self, footer: type[Footer], **footer_args: Any) -> None:
        super().__init__()
        self.footer_type = footer
        self.footer_args = footer_args
        self.beta_enabled = True

    def compose(self) -> ComposeResult:
        yield self.footer_type(**self.footer_args)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "alpha" and isinstance(self.screen, ModalScreen):
            return False  # hidden over a dialog, as amtui hides its mode keys
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


async def _key_restyles(footer: type[Footer], **footer_args: Any) -> tuple[list[str], Keys]:
    """Which keys were restyled (``App.update_styles``) while the footer appeared."""
    app = Keys(footer, **footer_args)
    restyled: list[str] = []
    real = app.update_styles

    def update_styles(node: Any = None, animate: bool = True) -> None:
        if type(node).__name__ == "FooterKey":
            restyled.append(node.key)
        real(node, animate)

    app.update_styles = update_styles  # type: ignore[method-assign]
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.pause()
        assert set(keys(app)) >= {"a", "b"}
        app.footer_state = sorted((k, w.compact, frozenset(w.classes), tuple(w.region)) for k, w in keys(app).items())
        return restyled, app


async def test_keys_are_born_in_the_footers_compact_state() -> None:
    """A key is styled as it mounts and not again for its compact state (the stock footer
    restyles each key twice more: compact by default, then not, once bound to the footer).
    The command palette's key is Textual's own (compact, never bound): restyled once."""
    restyled, _ = await _key_restyles(KeysFooter)
    assert restyled == ["ctrl+p"]
    stock, _ = await _key_restyles(Footer)
    assert stock.count("a") == stock.count("b") == 2


async def test_keys_end_in_the_same_state_as_textuals() -> None:
    """Compact or not, every key (the command palette's too, which Textual leaves compact and
    unbound) ends with the compact value, classes and place the stock footer gives it."""
    for compact in (False, True):
        _, ours = await _key_restyles(KeysFooter, compact=compact)
        _, stock = await _key_restyles(Footer, compact=compact)
        assert ours.footer_state == stock.footer_state
        assert ("ctrl+p", True, True) in {(k, c, "-compact" in cls) for k, c, cls, _ in ours.footer_state}


class Dialog(ModalScreen[None]):
    def compose(self) -> ComposeResult:
        yield Static("dialog")


async def test_a_dialog_opening_and_closing_does_not_rebuild_the_keys_under_it() -> None:
    app = Keys(KeysFooter)
    async with app.run_test() as pilot:
        await pilot.pause()
        base = app.screen
        before = keys(app)
        await app.push_screen(Dialog())
        await pilot.pause()
        await pilot.pause()
        assert {k.key: k for k in base.query("FooterKey")} == before  # not rebuilt under the dialog
        app.pop_screen()
        await pilot.pause()
        await pilot.pause()
        assert keys(app) == before  # and not when it closes: nothing changed
        app.beta_enabled = False
        app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert keys(app)["b"].has_class("-disabled")  # changes still show once it is current
