"""The base of the five mode screens (Today, Clients, Team, Vendors, Budgets).

Textual restyles the whole app (``App.refresh_css``: reparse every stylesheet, restyle every
node) whenever it shows a screen whose "CSS generation" is older than the app's. A screen made
for a mode's first visit starts at generation 0, so each first visit paid that twice — about
0.1–0.2 s each on the large workspace — although the new screen's widgets are styled from the
current stylesheet as they mount anyway. A :class:`ModeScreen` starts at the app's current
generation, so only a real change (the theme) restyles it.
"""

from __future__ import annotations

from textual._context import active_app
from textual.screen import Screen


class ModeScreen(Screen[None]):
    """A mode's screen, born up to date with the app's stylesheet."""

    def __init__(self, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        app = active_app.get(None)
        if app is not None:
            self._css_update_count = app._css_update_count
