"""The footer of every screen: Textual's ``Footer``, rebuilt only when what it shows changed.

Textual's footer recomposes all its keys (about 45 widgets here, each styled afresh) on every
"bindings updated" signal, and a screen sends several while it loads: focus moving, rows
arriving, a cursor landing. Switching to a screen rebuilt the footer 6-7 times, 0.2-0.7 s of
the UI thread. This one answers a burst of signals once, after the next refresh, and only
when the keys, their labels or their enabled state differ from what is shown.

Each key is also born in the footer's compact state. Textual's key widget starts compact and
only learns the footer's state once mounted, so every key was restyled twice more as it
appeared (about a fifth of the UI thread's work in a screen switch).
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer


class KeysFooter(Footer):
    """A ``Footer`` that coalesces binding updates and skips the ones that change nothing."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._shown: Hashable | None = None
        self._pending = False

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if type(widget).__name__ == "FooterKey" and not widget.has_class("-command-palette"):
                self._born_bound(widget)  # FooterKey is not public: known by its CSS type name
            yield widget

    def _born_bound(self, key: Widget) -> None:
        """Give a key its ``compact`` value and class before it mounts, so binding it to the
        footer's (``data_bind``) changes nothing and restyles nothing. The command palette's key
        is not bound (it stays compact, as Textual makes it)."""
        key.set_reactive(type(key).compact, self.compact)  # type: ignore[attr-defined]
        key.set_class(self.compact, "-compact", update=False)

    def bindings_changed(self, screen: Screen) -> None:
        if not self._pending:
            self._pending = True
            self.call_after_refresh(self._update_keys, screen)

    def keys_signature(self, screen: Screen) -> Hashable:
        """Everything the footer draws: each shown binding's key, label, group, tooltip and state."""
        return (self.compact, self.show_command_palette, tuple(
            (b.key, b.action, b.description, b.group, enabled, tooltip)
            for _node, b, enabled, tooltip in screen.active_bindings.values() if b.show))

    def _update_keys(self, screen: Screen) -> None:
        self._pending = False
        if not (self.is_attached and screen is self.screen and screen.app.app_focus):
            super().bindings_changed(screen)  # Textual's own rules: marks bindings ready, may skip
            return
        app = screen.app
        if self._shown is not None and app.screen is not screen and screen in app.screen_stack:
            # Under a dialog: its keys are the dialog's. Rebuilding here (the app hides mode
            # keys over a dialog) and again when it closes cost ~45 new key widgets each time,
            # between a quick log's Enter and its row on the roster; checked again once shown.
            # A screen of another mode, built in the background, keeps its footer up to date.
            return
        signature = self.keys_signature(screen)
        if signature != self._shown:
            self._shown = signature
            super().bindings_changed(screen)
