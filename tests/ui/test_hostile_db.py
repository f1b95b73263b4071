"""A workspace edited by another tool: hostile text written straight into every text column with
raw SQL (ESC and OSC sequences, C1 controls, NUL, Rich markup and actions, bidi overrides, 1 MB
values, bytes that are not UTF-8), then every screen and the CLI read it. Nothing crashes, no
control code reaches the painted screen, the exported screenshot or stdout, and markup shows as
the literal text it is."""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Enum, String
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString
from tests.ui.test_forms_support import rendered_problems, screen_text
from tests.ui.test_roster_support import TODAY, settle

from amtui import models  # noqa: F401 - registers the tables in SQLModel.metadata
from amtui.app import AmtuiApp
from amtui.cli import cli
from amtui.config import resolve_target
from amtui.db import Database, open_database
from amtui.demo import seed_demo
from amtui.io.export import TABLE_NAMES

HOSTILE = (
    "esc \x1b[31mred\x1b[0m osc \x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\ bel\x07",
    "c1 \x9b2J \x9d0;pwned\x9c nul\x00",
    "[bold]Acme[/]",
    "[/]",
    "[link=http://evil.example]click[/link]",
    "[@click=app.quit]Evil",
    "\u202eevil bidi",
)
SHOWN = ("[bold]Acme[/]", "[@click=app.quit]Evil", "[link=http://evil.example]click[/link]")
MB = 1_000_000
MODES = ("today", "clients", "team", "vendors", "budgets")
# The 1 MB value goes to the row named fewest times in the interactions export, which repeats
# the client, contact and author of every touch (a 1 MB name on a busy client is 200 MB of CSV).
BIG_ROW = {
    table: f"SELECT id FROM {table} ORDER BY (SELECT count(*) FROM interaction WHERE {ref} = {table}.id), id LIMIT 1"
    for table, ref in (("client", "client_id"), ("client_contact", "contact_id"), ("team_member", "logged_by_id"))
}


def text_columns() -> dict[str, list[str]]:
    """Every free-text column by table (enumerations left out: their CHECK refuses other text;
    snooze keys are the app's own)."""
    out: dict[str, list[str]] = {}
    for table in SQLModel.metadata.sorted_tables:
        names = [c.name for c in table.columns
                 if (isinstance(c.type, AutoString) or isinstance(c.type, String) and not isinstance(c.type, Enum))
                 and table.name != "snooze"]
        if names:
            out[table.name] = names
    return out


def vandalise(path: Path) -> None:
    """Overwrite every text cell at ``path`` with hostile text, as another tool might: a value per
    row and column, then per column one 1 MB value and one that is not UTF-8."""
    con = sqlite3.connect(path)
    try:
        for table, columns in text_columns().items():
            ids = [row[0] for row in con.execute(f"SELECT rowid FROM {table} ORDER BY rowid")]  # noqa: S608
            sets = ", ".join(f"{c} = ?" for c in columns)
            for i, rowid in enumerate(ids):
                values = [f"{HOSTILE[(i + j) % len(HOSTILE)]} {rowid}" for j in range(len(columns))]
                con.execute(f"UPDATE {table} SET {sets} WHERE rowid = ?", (*values, rowid))  # noqa: S608
            big = con.execute(BIG_ROW[table]).fetchone()[0] if table in BIG_ROW else ids[0] if ids else None
            for column in columns if ids else ():
                con.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = ?", ("M" * MB + "\x1b[2J", big))  # noqa: S608
                con.execute(f"UPDATE {table} SET {column} = CAST(x'ff41' AS TEXT) || rowid WHERE rowid = ?",  # noqa: S608
                            (ids[-1],))
        con.commit()
    finally:
        con.close()


def control_codes(text: str) -> list[str]:
    """Control characters in ``text`` other than line breaks and tabs."""
    return sorted({ch for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t"})


def spoiled_workspace(tmp_path_factory: pytest.TempPathFactory, spoil: Callable[[Path], None]) -> Iterator[Database]:
    """The small demo with ``spoil(path)`` applied to its file by another connection, open."""
    path = tmp_path_factory.mktemp("spoiled") / "amtui.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AMTUI_TZ", "Europe/Berlin")
        db = open_database(resolve_target(str(path)))
        seed_demo(db, today=TODAY)
        db.dispose()
    spoil(path)
    db = open_database(resolve_target(str(path)))
    yield db
    db.dispose()


def run_statements(path: Path, statements: tuple[str, ...]) -> None:
    """Apply each raw SQL statement at ``path`` (another tool's connection); each must touch a row."""
    con = sqlite3.connect(path)
    try:
        for sql in statements:
            assert con.execute(sql).rowcount >= 1, sql
        con.commit()
    finally:
        con.close()


@pytest.fixture(scope="module")
def vandalised(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The small demo, vandalised; built once for the module (the tests only read it)."""
    yield from spoiled_workspace(tmp_path_factory, vandalise)


def painted(app: AmtuiApp, where: str) -> str:
    """The screen's text, after checking nothing on it is a control code or a live action."""
    assert app.is_running, f"the app stopped on {where}"
    assert not rendered_problems(app.screen), f"{where}: {rendered_problems(app.screen)[:5]}"
    assert not control_codes(app.export_screenshot()), f"{where}: control code in the exported screen"
    text = screen_text(app.screen)
    assert "Could not" not in text, f"{where} did not load: {text[:300]}"
    return text


async def visit_every_screen(app: AmtuiApp) -> dict[str, str]:
    """Each mode, and the detail behind its first and third rows (Enter), checked by
    :func:`painted`; their text by where it was seen."""
    seen: dict[str, str] = {}
    async with app.run_test(size=(160, 45)) as pilot:
        for mode in MODES:
            await app.switch_mode(mode)
            await settle(app, pilot)
            seen[mode] = painted(app, mode)
            for row in ("first", "third"):  # the client, member, booking or project of the row
                await pilot.press("enter")
                await settle(app, pilot)
                seen[f"{mode}, {row} row"] = painted(app, f"{mode}, {row} row")
                while len(app.screen_stack) > 1:
                    app.pop_screen()
                    await settle(app, pilot)
                await pilot.press("down", "down")
    return seen


async def test_every_screen_shows_a_vandalised_workspace_literally(
        vandalised: Database, app_factory: Callable[..., AmtuiApp]) -> None:
    seen = await visit_every_screen(app_factory(vandalised))
    for mode in MODES:
        assert any(literal in seen[mode] for literal in SHOWN), f"{mode} shows none of the hostile names"
    everything = "\n".join(seen.values())
    for literal in SHOWN:
        assert literal in everything
    assert "\ufffd" in everything  # the bytes that are not UTF-8, as the replacement character


def run_cli(db: Database, *args: str) -> tuple[str, str]:
    result = CliRunner().invoke(cli, [*args, "--db", str(db.target.path)])
    assert result.exit_code == 0, f"amtui {' '.join(args)}: {result.stderr or result.exception!r}"
    return result.stdout, result.stderr


@pytest.mark.parametrize(
    "args",
    [("today",), ("today", "--all"), ("today", "--json"), ("db", "check"), ("export", "bookings"),
     *(("export", table) for table in TABLE_NAMES),
     *(("export", table, "--format", "json") for table in ("clients", "bookings", "tasks"))],
    ids=" ".join,
)
def test_cli_prints_a_vandalised_workspace_without_control_codes(vandalised: Database, args: tuple[str, ...],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMTUI_TZ", "Europe/Berlin")
    out, err = run_cli(vandalised, *args)
    assert not control_codes(out), f"stdout: {control_codes(out)}"
    assert not control_codes(err), f"stderr: {control_codes(err)}"
    if args[0] == "export" and args[1] in ("clients", "vendors", "projects"):
        assert any(literal in out for literal in SHOWN)
