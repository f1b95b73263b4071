"""UI test fixtures: isolated workspaces, a fixed clock and the app as the CLI builds it.

Helpers (seeds, ``settle``, ``table_lines``) live in ``test_roster_support.py``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tests.ui.test_roster_support import NOW, Seeded, seed_hostile, seed_small

from amtui.app import AmtuiApp, make_app
from amtui.clock import Clock
from amtui.config import resolve_target
from amtui.db import Database, open_database


@pytest.fixture(autouse=True)
def _fixed_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """No theme or time-zone hints from the developer's terminal."""
    for name in ("AMTUI_THEME", "COLORFGBG", "AMTUI_TZ"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def clock() -> Clock:
    """Stopped at Tue 24 Nov 2026 09:00, Europe/Berlin."""
    return Clock.at(NOW)


@pytest.fixture
def empty_db(tmp_path: Path) -> Iterator[Database]:
    """A new, migrated, empty SQLite workspace file."""
    db = open_database(resolve_target(str(tmp_path / "ws" / "amtui.db")))
    yield db
    db.dispose()


@pytest.fixture
def seeded_db(empty_db: Database) -> tuple[Database, Seeded]:
    """Six clients in every status, two owners, follow-ups overdue and ahead."""
    return empty_db, seed_small(empty_db)


@pytest.fixture
def hostile_db(empty_db: Database) -> tuple[Database, Seeded]:
    """Clients and owners named with markup, actions, escape codes, RTL, CJK, emoji, 5,000 chars."""
    return empty_db, seed_hostile(empty_db)


@pytest.fixture
def app_factory(clock: Clock) -> Callable[..., AmtuiApp]:
    """``app_factory(db)``: the app as the CLI builds it (``make_app``), on the fixed clock."""

    def build(db: Database, **kwargs: object) -> AmtuiApp:
        return make_app(db, clock=clock, **kwargs)  # type: ignore[arg-type]

    return build


@pytest.fixture
def snap_compare(snap_compare: Callable[..., bool]) -> Callable[..., bool]:
    """pytest-textual-snapshot's ``snap_compare`` with every text cursor held still (shown, not
    blinking) before the picture: a cursor blinks every 0.5 s, so on a loaded machine the same
    screen was photographed with it on or off."""

    def compare(app: object, press: tuple[str, ...] = (), terminal_size: tuple[int, int] = (80, 24),
                run_before: Callable[..., object] | None = None) -> bool:
        async def before(pilot) -> None:
            if run_before is not None:
                result = run_before(pilot)
                if inspect.isawaitable(result):
                    await result
            for widget in pilot.app.screen.query("Input, TextArea"):
                widget.cursor_blink = False
            await pilot.pause()

        return snap_compare(app, press=press, terminal_size=terminal_size, run_before=before)

    return compare
