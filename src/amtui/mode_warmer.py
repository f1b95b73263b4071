"""Building the mode screens not yet shown, in the background, while the app is idle.

A mode screen's first visit composes it and loads its data (on the large workspace the load
alone is 0.3–2 s). Once the first screen has its data, :class:`ModeWarmer` builds the other
modes' screens one at a time, each only when no worker is running and no typed key is on its
way, so nothing the user asked for waits behind it. A built screen loads its data at once and
from then on is kept fresh exactly like a screen visited before, so pressing its key later
shows data already loaded.

Textual builds a mode's screen only on :meth:`~textual.app.App.switch_mode`; building one
without showing it uses ``App._init_mode``, the step ``switch_mode`` itself runs first
(``textual>=8.2.8,<9``; ``tests/ui/test_mode_warmer.py`` fails if that changes).

Once every screen is built and idle, the warmer collects garbage once and freezes what survives
(:func:`settle_heap`): the screens and the data they hold live as long as the app, and each full
collection walked them all again (~240k objects on the large workspace, 150–450 ms) in the
middle of a later switch or keystroke.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.timer import Timer

    from amtui.app import AmtuiApp

IDLE_CHECK = 0.25
"""Seconds between looks for an idle moment to build the next screen."""


class ModeWarmer:
    """Builds ``modes`` (in order, those not built yet) in idle moments of ``app``."""

    def __init__(self, app: AmtuiApp, modes: Sequence[str]) -> None:
        self.app = app
        self.modes = tuple(modes)
        self._timer: Timer | None = None

    def start(self) -> None:
        """Look for idle moments from now on (a second call does nothing)."""
        if self._timer is None and self.pending():
            self._timer = self.app.set_interval(IDLE_CHECK, self._tick, name="mode-warmer")

    @property
    def done(self) -> bool:
        """Every mode built and the heap settled: the warmer has stopped."""
        return self._timer is None and not self.pending()

    def pending(self) -> list[str]:
        """The modes whose screen is not built yet."""
        built = self.app._screen_stacks
        return [mode for mode in self.modes if not built.get(mode)]

    def idle(self) -> bool:
        """Nothing is loading (no worker pending or running) and no typed key is on its way."""
        app = self.app
        return app.db is not None and not app.typing and all(worker.is_finished for worker in app.workers)

    def _tick(self) -> None:
        pending = self.pending()
        if not self.idle():
            return
        if pending:
            self.app._init_mode(pending[0])
        else:
            settle_heap()
            self.stop()

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None


def settle_heap() -> None:
    """Collect garbage once, then move every surviving object out of the collector's sight
    (``gc.freeze``): later collections walk only what was made after. Frozen objects are still
    freed when their last reference goes; only a reference cycle among them stays."""
    gc.collect()
    gc.freeze()
