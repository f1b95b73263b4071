"""Dates another tool wrote that are no dates (``2026-02-30``, ``soon``, ``0000-01-01``) in the
date and instant columns, which SQLite keeps as text: every screen still loads and the CLI still
prints. A bad day where the model allows none reads as no day; a row that needs the date (a
project's period, a booking's slot) is left out. And a load that fails all the same says so on
the screen, lastingly, with the reason, until the next change reads the data again."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from click.testing import CliRunner
from tests.ui.test_forms_support import screen_text
from tests.ui.test_hostile_db import MODES, control_codes, run_statements, spoiled_workspace, visit_every_screen
from textual.widgets import Static
from textual.worker import WorkerCancelled, WorkerFailed

from amtui.app import AmtuiApp
from amtui.cli import cli
from amtui.db import Database
from amtui.io.export import TABLE_NAMES
from amtui.messages import DataChange
from amtui.models import Client, Interaction, Project, Task

EVERY_FIFTH = "WHERE id % 5 = 1"
NO_DATES = (
    f"UPDATE interaction SET follow_up_on = '2026-02-30' {EVERY_FIFTH}",
    "UPDATE interaction SET occurred_at = 'soon' WHERE id % 5 = 2",
    f"UPDATE task SET start_on = NULL, due_on = '0000-01-01' {EVERY_FIFTH}",
    "UPDATE task SET start_on = '2026-02-30', due_on = NULL WHERE id % 5 = 2",
    f"UPDATE booking SET starts_at = '0000-01-01 10:00:00' {EVERY_FIFTH}",
    "UPDATE booking SET ends_at = 'soon', hold_expires_at = '2026-02-30 12:00:00' WHERE id % 5 = 2",
    "UPDATE project SET start_on = '0000-01-01' WHERE id % 3 = 1",
    "UPDATE project SET end_on = 'soon' WHERE id % 3 = 2",
    f"UPDATE spend SET spent_on = 'soon' {EVERY_FIFTH}",
    "UPDATE client SET renewal_date = '2026-13-01', updated_at = 'soon' WHERE id % 3 = 1",
    "UPDATE client SET contract_start = '0000-00-00', archived_at = 'x' WHERE id % 3 = 2 AND renewal_date IS NULL",
    "UPDATE time_off SET first_day = '0000-01-01'",
    "UPDATE change_order SET decided_at = 'soon'",
)


@pytest.fixture(scope="module")
def no_dates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The small demo with ``NO_DATES`` written by another connection; built once (the tests only read it)."""
    yield from spoiled_workspace(tmp_path_factory, lambda path: run_statements(path, NO_DATES))


def test_a_day_that_is_no_day_reads_as_none(no_dates: Database) -> None:
    with no_dates.read() as s:
        assert s.get(Interaction, 1).follow_up_on is None  # type: ignore[union-attr]
        assert s.get(Task, 1).due_on is None  # type: ignore[union-attr]
        assert s.get(Project, 1).start_on is None  # type: ignore[union-attr]
        assert s.get(Client, 1).renewal_date is None  # type: ignore[union-attr]
        assert s.get(Interaction, 2).occurred_at is None  # type: ignore[union-attr]
        assert s.get(Interaction, 3).occurred_at.tzinfo is not None  # type: ignore[union-attr]  # real ones as before


async def test_every_screen_loads_with_dates_that_are_no_dates(no_dates: Database,
                                                               app_factory: Callable[..., AmtuiApp]) -> None:
    seen = await visit_every_screen(app_factory(no_dates))  # fails when a load fails
    for where, text in seen.items():
        assert "Loading" not in text, f"{where} never loaded: {text[:300]}"


@pytest.mark.parametrize("args", [("today",), ("today", "--all"), ("today", "--json"), ("db", "check"),
                                  *(("export", table) for table in TABLE_NAMES),
                                  *(("export", t, "--format", "json") for t in ("clients", "bookings", "tasks"))],
                         ids=" ".join)
def test_cli_prints_dates_that_are_no_dates(no_dates: Database, args: tuple[str, ...],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMTUI_TZ", "Europe/Berlin")
    result = CliRunner().invoke(cli, [*args, "--db", str(no_dates.target.path)])
    assert result.exit_code == 0, result.stderr or repr(result.exception)
    assert not control_codes(result.stdout + result.stderr)


# A load that fails: each screen's status line names it, with the reason, until a change reloads.
LOADS = {  # module attribute the screen's load worker calls -> (mode, status line, what)
    "amtui.screens.today.today_queue_and_facts": ("today", "#today-summary", "the queue"),
    "amtui.screens.clients.roster": ("clients", "#roster-count", "clients"),
    "amtui.screens.team.workload": ("team", "#team-filters", "the team"),
    "amtui.screens.vendors.load_bookings": ("vendors", "#vendor-count", "bookings"),
    "amtui.screens.budgets.budget_overview": ("budgets", "#budget-count", "budgets"),
}
REASON = "the disk \x1b[31mmelted\x1b[0m [bold]here[/]"


def broken(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError(REASON)


async def settle_failing(app: AmtuiApp, pilot: object) -> None:
    """Wait for every worker, a failed one included (``settle`` stops at a failure)."""
    for _ in range(3):
        try:
            await app.workers.wait_for_complete()
        except (WorkerFailed, WorkerCancelled):
            continue
        await pilot.pause()  # type: ignore[attr-defined]


def status(app: AmtuiApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_a_failed_load_says_so_on_the_screen_until_a_change_reloads(
        tmp_path_factory: pytest.TempPathFactory, app_factory: Callable[..., AmtuiApp],
        monkeypatch: pytest.MonkeyPatch) -> None:
    db = next(spoiled_workspace(tmp_path_factory, lambda _path: None))
    real = {}
    for target in LOADS:
        module, name = target.rsplit(".", 1)
        real[target] = getattr(__import__(module, fromlist=[name]), name)
        monkeypatch.setattr(target, broken)
    app = app_factory(db)
    async with app.run_test(size=(160, 45)) as pilot:
        for mode, selector, what in LOADS.values():
            await app.switch_mode(mode)
            await settle_failing(app, pilot)
            app.clear_notifications()  # the toast times out; the screen must still say it
            await pilot.pause()
            line = status(app, selector)
            assert line.startswith(f"Could not load {what}: the disk "), f"{mode}: {line}"
            assert "melted" in line and "[bold]here[/]." in line and "\x1b" not in line, f"{mode}: {line}"
            text = screen_text(app.screen)
            assert "Loading" not in text, f"{mode}: {text[:300]}"
            assert not control_codes(app.export_screenshot())
        for target, function in real.items():
            monkeypatch.setattr(target, function)
        monkeypatch.undo()
        app.publish(DataChange())  # the next change (another tool's write, heard by the watcher) reloads
        for mode, selector, _what in LOADS.values():
            await app.switch_mode(mode)
            await settle_failing(app, pilot)
            assert "Could not" not in screen_text(app.screen), f"{mode} did not recover: {status(app, selector)}"
            assert "Loading" not in status(app, selector), mode
    db.dispose()
    assert set(MODES) == {mode for mode, _s, _w in LOADS.values()}
