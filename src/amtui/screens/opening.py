"""The first screen while the workspace opens: Today's chrome, without its data yet.

``amtui`` paints this before the database stack is imported or the workspace opened: the
header (agency and date), Today's summary strip saying the workspace is opening, and the
footer with every key. It imports only Textual and the widgets it shows. Once painted it asks
the app to open the workspace in a worker; the app then switches to Today and removes this
screen. Keys typed meanwhile wait and go to Today (``q`` quits at once).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Header, Static

from amtui.screens.mode_screen import ModeScreen
from amtui.widgets.footer import KeysFooter

OPENING_TEXT = "Opening the workspace…"
OPEN_ANYWAY_AFTER = 0.5
"""Seconds after mounting to open the workspace even if the footer has not painted its keys."""


class OpeningFooter(KeysFooter):
    """The footer, telling its screen once its keys are painted (it fills them in a few
    refreshes after the first frame)."""

    class KeysPainted(Message):
        """The footer's keys are on the screen."""

    async def recompose(self) -> None:
        await super().recompose()
        if self.children:
            self.call_after_refresh(self.post_message, self.KeysPainted())


class OpeningScreen(ModeScreen):
    """Today's header, summary strip and footer, with the queue still to come."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="today-bar"):
            yield Static(Content(OPENING_TEXT), id="today-summary")
            yield Static(Content(""), id="today-cleared")
        yield Static(Content(""), id="opening-body")
        yield Static(Content(""), id="today-detail")
        yield OpeningFooter()

    def on_mount(self) -> None:
        self.set_timer(OPEN_ANYWAY_AFTER, self._begin)

    @on(OpeningFooter.KeysPainted)
    def _keys_painted(self) -> None:
        # Only now: the import and open work in the app's worker would hold up this frame.
        self._begin()

    def _begin(self) -> None:
        begin = getattr(self.app, "begin_opening", None)
        if callable(begin):
            begin()
