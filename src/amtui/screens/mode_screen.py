"""The base of the five mode screens (Today, Clients, Team, Vendors, Budgets).

Textual restyles the whole app (``App.refresh_css``: reparse every stylesheet, restyle every
node) whenever it shows a screen whose "CSS generation" is older than the app's. A screen made
for a mode's first visit starts at generation 0, so each first visit paid that twice — about
0.1–0.2 s each on the large workspace — although the new screen's widgets are styled from the
current stylesheet as they mount anyway. A :class:`ModeScreen` starts at the app's current
generation, so only a real change (the theme) restyles it.

The app hides the key of the mode being shown ("2 Clients" on the roster). A mode screen built
in the background (:mod:`amtui.mode_warmer`) works out its footer while another mode is shown:
:attr:`ModeScreen.active_bindings` names the screen asking (:data:`asking_screen`), so the app
hides the screen's own key and the footer is already right when the screen is shown, instead of
being rebuilt then (about 45 styled keys: 0.2–0.3 s of the UI thread on a switch).
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import ClassVar

from textual._context import active_app
from textual.binding import ActiveBinding
from textual.screen import Screen

asking_screen: ContextVar[ModeScreen | None] = ContextVar("asking_screen", default=None)
"""The mode screen whose bindings are being checked now (None: the screen shown)."""


class ModeScreen(Screen[None]):
    """A mode's screen, born up to date with the app's stylesheet."""

    MODE: ClassVar[str] = ""
    """The app mode this screen is the base of."""

    def __init__(self, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        app = active_app.get(None)
        if app is not None:
            self._css_update_count = app._css_update_count

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        token = asking_screen.set(self)
        try:
            return super().active_bindings
        finally:
            asking_screen.reset(token)
