"""The ``amtui`` command: opens the TUI, or runs a subcommand on the workspace.

Imports of the database stack happen inside commands, so ``amtui --help`` stays instant.
Errors a user can act on go to stderr as one line and exit with status 1; nothing is written.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

if TYPE_CHECKING:
    from amtui.clock import Clock
    from amtui.config import DbTarget
    from amtui.db import Database
    from amtui.launch import Opened
    from amtui.services.identity import Me
    from amtui.services.quick_log import LogArgs, ParsedLog

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = 1) -> NoReturn:
    """Print ``amtui: message`` to stderr and exit non-zero."""
    from amtui.rules.text import clean_text

    click.echo(f"amtui: {clean_text(message, multiline=True)}", err=True)
    sys.exit(code)


def _context_option(flag: str, key: str, metavar: str, help: str) -> Callable[[F], F]:
    """An option on the group and on every subcommand, kept in ``ctx.obj[key]`` (the subcommand's wins)."""

    def remember(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
        if value:
            ctx.ensure_object(dict)[key] = value
        return value

    return click.option(flag, f"{key}_flag", metavar=metavar, expose_value=False, callback=remember,
                        is_eager=True, help=help)


db_option = _context_option(
    "--db", "db", "PATH|URL",
    "Workspace: a SQLite file or postgresql+psycopg://… URL (default: $AMTUI_DB, then the user data dir).")
me_option = _context_option(
    "--me", "me", "NAME", "The team member using amtui (default: $AMTUI_ME, then 'amtui me NAME').")


def _from_ctx(ctx: click.Context, key: str) -> str | None:
    node: click.Context | None = ctx
    while node is not None:
        if node.obj and node.obj.get(key):
            return str(node.obj[key])
        node = node.parent
    return None


def me_from(ctx: click.Context, db: Database) -> Me | None:
    """Who is using amtui (``--me`` > ``$AMTUI_ME`` > the saved setting), or None; an unknown
    name fails with close matches (and closes ``db``)."""
    from amtui.launch import OpenError, resolve_me

    try:
        return resolve_me(db, _from_ctx(ctx, "me"))
    except OpenError as exc:
        fail(str(exc))


def target_from(ctx: click.Context) -> DbTarget:
    from amtui.launch import OpenError, resolve

    try:
        return resolve(_from_ctx(ctx, "db"))
    except OpenError as exc:
        fail(str(exc))


def open_db(target: DbTarget, *, migrate: bool = True) -> Database:
    from amtui.launch import OpenError, open_target

    try:
        return open_target(target, migrate=migrate)
    except OpenError as exc:
        fail(str(exc))


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@db_option
@me_option
@click.version_option(package_name="amtui")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """amtui — the account manager's terminal workspace.

    With no command, opens the workspace in the terminal UI.
    """
    ctx.ensure_object(dict)
    if ctx.invoked_subcommand is None:
        from amtui.launch import opener

        run_tui(opener=opener(_from_ctx(ctx, "db"), _from_ctx(ctx, "me")))


def run_tui(db: Database | None = None, me: Me | None = None, *, opener: Callable[[], Opened] | None = None) -> None:
    """Open the Textual app on ``db`` (used by ``me``), or on what ``opener`` opens once the
    first frame is painted; close the database afterwards. A workspace that cannot be opened
    ends the app and fails here, on stderr, like any command."""
    if opener is not None:
        opener = _collect_after_first_frame(opener)
    from amtui.app import make_app

    app = make_app(db, me=me, opener=opener)
    try:
        app.run()
    finally:
        gc.enable()
        if app.db is not None:
            app.db.dispose()
    if app.open_error is not None:
        fail(app.open_error)


def _collect_after_first_frame(opener: Callable[[], Opened]) -> Callable[[], Opened]:
    """Turn the cyclic garbage collector off until the first frame is painted (the app runs
    the opener then): what Textual and amtui build to start lives for the whole run, and the
    collections it set off cost ~15 ms of the start (5%). Then freeze it, so later collections
    skip it too, and collect as usual."""
    gc.disable()

    def open_workspace() -> Opened:
        gc.freeze()
        gc.enable()
        return opener()

    return open_workspace


@cli.command()
@db_option
@me_option
@click.option("--size", type=click.Choice(["small", "large"]), default="small", show_default=True,
              help="small: a living agency to explore; large: the benchmark-scale workspace.")
@click.option("--open/--no-open", "open_app", default=True, help="Open the TUI after seeding.")
@click.pass_context
def demo(ctx: click.Context, size: str, open_app: bool) -> None:
    """Open a demo workspace, creating it first if absent.

    Without --db the demo lives in its own file in the user data dir, never in your real
    workspace ($AMTUI_DB is ignored here). A database with real data is never seeded.
    """
    from amtui.config import resolve_target
    from amtui.demo import DemoError, seed_demo

    target = target_from(ctx) if (ctx.obj or {}).get("db") else resolve_target(str(default_demo_path()))
    db = open_db(target)
    try:
        with click.progressbar(length=100, label=f"Seeding the {size} demo", file=sys.stderr) as bar:
            done = 0

            def progress(fraction: float) -> None:
                nonlocal done
                step = int(fraction * 100) - done
                if step > 0:
                    bar.update(step)
                    done += step

            created = seed_demo(db, size=size, progress=progress)
    except DemoError as exc:
        db.dispose()
        fail(str(exc))
    click.echo(("Created" if created else "Opened") + f" the demo workspace at {target.display}", err=True)
    if open_app:
        run_tui(db, me_from(ctx, db))
    else:
        db.dispose()


def default_demo_path() -> Path:
    from amtui.config import default_db_path

    return default_db_path().with_name("demo.db")


@cli.group("db")
def db_group() -> None:
    """Integrity check, migrations and schema version."""


@db_group.command("version")
@db_option
@click.pass_context
def db_version(ctx: click.Context) -> None:
    """Print the workspace's schema version and the newest this amtui knows."""
    from sqlalchemy.exc import DBAPIError

    from amtui import schema
    from amtui.db import DatabaseError, describe_db_error, make_engine, prepare_sqlite_file

    target = target_from(ctx)
    if target.path is not None and not target.path.exists():
        fail(f"no workspace at {target.display}")
    try:
        if target.path is not None:
            prepare_sqlite_file(target.path)
        engine = make_engine(target)
        try:
            state = schema.inspect_state(engine)
        finally:
            engine.dispose()
    except DatabaseError as exc:
        fail(str(exc))
    except DBAPIError as exc:  # server unreachable, no permission…: one line, no traceback
        fail(describe_db_error(target, exc))
    click.echo(f"schema {state.current or 'empty'} (newest known: {state.head})")


@db_group.command("upgrade")
@db_option
@click.pass_context
def db_upgrade(ctx: click.Context) -> None:
    """Upgrade the workspace to the newest schema (a backup is made first)."""
    db = open_db(target_from(ctx), migrate=True)
    db.dispose()
    click.echo(f"{db.target.display} is at the newest schema")


@db_group.command("check")
@db_option
@click.pass_context
def db_check(ctx: click.Context) -> None:
    """Report on the workspace: backend and server version, schema revision, integrity and
    references, journal mode, file permissions (PostgreSQL: its schema and triggers).
    Exit 1 when anything is wrong; the problems are repeated on stderr."""
    from amtui.db import DatabaseError
    from amtui.db_check import check_workspace

    target = target_from(ctx)
    if target.path is not None and not target.path.exists():
        fail(f"no workspace at {target.display}")
    try:
        report = check_workspace(target)
    except DatabaseError as exc:
        fail(str(exc))
    click.echo(f"amtui db check: {report.location}")
    for line in report.lines():
        click.echo(f"  {line}")
    if report.problems:
        for problem in report.problems:
            click.echo(f"{problem.topic}: {problem.detail}", err=True)
        fail(f"{len(report.problems)} problem(s) found in {report.location}")
    click.echo(f"ok: {report.location} (schema {report.schema}, {report.backend})")


@db_group.command("restore")
@db_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace without asking.")
@click.pass_context
def db_restore(ctx: click.Context, file: Path, yes: bool) -> None:
    """Replace the workspace with FILE, a backup ('amtui backup'), after asking.

    FILE is checked first (integrity, references, an amtui schema); the replaced workspace
    is kept beside it as NAME.replaced-DATE-TIME.db. Quit amtui elsewhere before restoring.
    """
    from datetime import datetime

    from amtui.restore import RestoreError, finish_restore, kept_name, stage_restore

    target = target_from(ctx)
    if target.path is None:
        fail("PostgreSQL workspaces are restored with pg_restore or psql from a pg_dump; "
             "amtui db restore replaces SQLite files")
    if target.path.exists() and file.resolve() == target.path.resolve():
        fail(f"{file} is the workspace itself; name a backup to restore")
    try:
        staged = stage_restore(file, target.path)
    except RestoreError as exc:
        fail(str(exc))
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        if not yes:
            keep = f"; the current file is kept as {kept_name(target.path, stamp).name}" if target.path.exists() else ""
            click.confirm(f"Replace {target.display} with {file} (schema {staged.schema}){keep}?", abort=True, err=True)
        kept = finish_restore(staged, target.path, stamp)
    except RestoreError as exc:
        fail(str(exc))
    finally:
        staged.discard()
    click.echo(f"restored {file} to {target.display}" + (f"; the replaced file is kept as {kept}" if kept else ""))


@cli.command()
@db_option
@click.argument("dest", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def backup(ctx: click.Context, dest: Path | None) -> None:
    """Copy the workspace to DEST (default: a dated file in a backups folder beside it).

    Safe while amtui is open elsewhere: the copy is one consistent snapshot.
    """
    from datetime import datetime

    from amtui.backup import BackupError, sqlite_backup

    target = target_from(ctx)
    if target.path is None:
        fail("backups of PostgreSQL workspaces are made with pg_dump; amtui backup copies SQLite files")
    if not target.path.exists():
        fail(f"no workspace at {target.display}")
    open_db(target, migrate=False).dispose()  # refuse corrupt or foreign files first
    if dest is None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        dest = target.path.parent / "backups" / f"{target.path.stem}-{stamp}.db"
    try:
        written = sqlite_backup(target.path, dest)
    except BackupError as exc:
        fail(str(exc))
    click.echo(str(written))


@cli.command("log")
@db_option
@me_option
@click.argument("client")
@click.argument("summary")
@click.option("--kind", default="call", show_default=True, metavar="call|email|meeting|message|note",
              help="What kind of touch.")
@click.option("--direction", default="outbound", show_default=True, metavar="inbound|outbound|internal",
              help="Who reached out (internal: a note for the team).")
@click.option("--at", "at", metavar="WHEN", help="When it happened (default now): 14:30, yesterday 16:00, 2026-11-20 …")
@click.option("--duration", metavar="30m", help="How long: 30m, 1h, 1h30m or minutes.")
@click.option("--sentiment", metavar="-2..2", help="How the client felt, -2 (very unhappy) to +2 (very happy).")
@click.option("--follow-up", "follow_up", metavar="WHEN", help="Set a follow-up day: fri, +3d, 2026-12-01 …")
@click.option("--contact", metavar="NAME", help="Who at the client (a name or its unambiguous start).")
@click.pass_context
def log(ctx: click.Context, client: str, summary: str, kind: str, direction: str, at: str | None,
        duration: str | None, sentiment: str | None, follow_up: str | None, contact: str | None) -> None:
    """Log a call, email, meeting, message or note with CLIENT without opening the TUI.

    CLIENT is matched case-insensitively: an exact name, else an unambiguous start of one.
    The touch is recorded as logged by you (--me, $AMTUI_ME or 'amtui me').
    Prints one confirmation line; on any error prints why and writes nothing.
    """
    from amtui.clock import Clock
    from amtui.services.errors import ValidationError
    from amtui.services.quick_log import LogArgs, by_option, parse_log_args

    clock = Clock.system()
    args = LogArgs(summary, kind, direction, at, duration, sentiment, follow_up, contact)
    try:
        parsed = parse_log_args(args, clock.now())
    except ValidationError as exc:  # keyed by option
        fail(by_option(exc))
    target = target_from(ctx)
    if target.path is not None and not target.path.exists():
        fail(f"no workspace at {target.display}: run 'amtui' once to create it, then add clients")
    db = open_db(target)
    me = me_from(ctx, db)
    try:
        click.echo(_log_with(db, client, args, parsed, clock, me))
    finally:
        db.dispose()


def _log_with(db: Database, client_query: str, args: LogArgs, parsed: ParsedLog, clock: Clock,
              me: Me | None = None) -> str:
    """Find the client, log the touch and return the confirmation line (or ``fail``)."""
    from sqlalchemy.exc import DBAPIError

    from dataclasses import replace

    from amtui.db import describe_db_error
    from amtui.services.clients import find_client
    from amtui.services.errors import AmbiguousError, NotFoundError, ServiceError, ValidationError
    from amtui.services.interactions import log_interaction
    from amtui.services.quick_log import build_request, by_option, confirmation

    try:
        ref = find_client(db, client_query)
        request = replace(build_request(db, ref, args, parsed), logged_by_id=me.member_id if me else None)
        log_interaction(db, request, now=clock.now())
    except AmbiguousError as exc:
        fail(f"'{exc.query}' matches more than one client; say which:\n" + "\n".join(f"  {n}" for n in exc.candidates))
    except NotFoundError as exc:
        fail(str(exc))
    except ValidationError as exc:
        fail(by_option(exc))
    except ServiceError as exc:
        fail(str(exc))
    except DBAPIError as exc:
        fail(describe_db_error(db.target, exc))
    local = parsed.occurred_at.astimezone(clock.tz)
    return confirmation(parsed.kind, ref, local, parsed.follow_up_on, clock.today())


def _fraction_bar(label: str, show: bool) -> tuple[Any, Callable[[float], None]]:
    """(context manager, ``progress(fraction)``): a progress bar on stderr when ``show``."""
    from contextlib import nullcontext

    bar = click.progressbar(length=100, label=label, file=sys.stderr) if show else None
    done = 0

    def progress(fraction: float) -> None:
        nonlocal done
        step = int(fraction * 100) - done
        if bar is not None and step > 0:
            bar.update(step)
            done += step

    return bar if bar is not None else nullcontext(), progress


@cli.command("import")
@db_option
@click.argument("kind", type=click.Choice(["clients", "contacts", "interactions"]))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--map", "mapping", multiple=True, metavar="COLUMN=FIELD",
              help="Read COLUMN into FIELD (repeatable); COLUMN= ignores a column.")
@click.option("--dry-run", is_flag=True, help="Check the file and show what would change; write nothing.")
@click.option("--dates", type=click.Choice(["auto", "dmy", "mdy"]), default="auto", show_default=True,
              help="Read 01/02/2026 day-first (dmy) or month-first (mdy); auto: as the file shows.")
@click.pass_context
def import_file(ctx: click.Context, kind: str, file: Path, mapping: tuple[str, ...], dry_run: bool,
                dates: str) -> None:
    """Import clients, contacts or interactions from a CSV export (HubSpot, Salesforce, a spreadsheet).

    Columns are recognised by their usual names ('Company name', 'Record ID', 'Account Name',
    'Email' …; --map overrides). Rows match by external id, else by name (or client + time +
    kind + summary), so importing a file again changes nothing. A file with any error writes
    nothing: every error is listed with its row and column.
    """
    from sqlalchemy.exc import DBAPIError

    from amtui.clock import Clock
    from amtui.db import describe_db_error
    from amtui.services.errors import ServiceError
    from amtui.services.imports import import_csv

    try:
        data = file.read_bytes()
    except OSError as exc:
        fail(f"cannot read {file}: {exc.strerror or exc}")
    target = target_from(ctx)
    if target.path is not None and not target.path.exists():
        fail(f"no workspace at {target.display}: run 'amtui' once to create it")
    db = open_db(target)
    bar, progress = _fraction_bar(f"Importing {kind}", len(data) > 256 * 1024)
    try:
        with bar:
            summary = import_csv(db, kind, data, now=Clock.system().now(), overrides=mapping,  # type: ignore[arg-type]
                                 dates=dates, dry_run=dry_run, progress=progress)  # type: ignore[arg-type]
    except ServiceError as exc:
        fail(str(exc))
    except DBAPIError as exc:
        fail(describe_db_error(db.target, exc))
    finally:
        db.dispose()
    if summary.mapping:
        click.echo(f"columns: {summary.mapping}", err=True)
    if summary.ignored:
        click.echo("ignored: " + ", ".join(f"'{h}'" for h in summary.ignored), err=True)
    for error in summary.errors:
        click.echo(f"  {error}", err=True)
    if summary.error_count > len(summary.errors):
        click.echo(f"  … and {summary.error_count - len(summary.errors)} more", err=True)
    if not summary.ok:
        fail(summary.headline())
    click.echo(summary.headline())


@cli.group("export")
@db_option
def export_group() -> None:
    """Export workspace data: any table as CSV or JSON, bookings as iCalendar, a client's status report."""


@export_group.command("bookings")
@db_option
@click.option("--format", "fmt", type=click.Choice(["ics", "csv", "json"]), default="ics", show_default=True,
              help="ics: an iCalendar file any calendar app imports; re-importing updates events. csv/json: the table.")
@click.option("--out", "out", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE (replaced whole); default: standard output.")
@click.option("--from", "since", metavar="WHEN",
              help="Only bookings ending on or after this day: today, -30d, 2026-01-01 …")
@click.pass_context
def export_bookings(ctx: click.Context, fmt: str, out: Path | None, since: str | None) -> None:
    """Export vendor bookings (cancelled ones marked cancelled) as an iCalendar file."""
    if fmt != "ics":
        if since is not None:
            fail("--from applies to --format ics only")
        _export_table(ctx, "bookings", fmt, out)
        return
    from datetime import datetime, time

    from sqlalchemy.exc import DBAPIError

    from amtui.clock import Clock
    from amtui.db import describe_db_error
    from amtui.io.ics import bookings_calendar, read_bookings, write_atomic
    from amtui.rules.when import WhenError, parse_when

    clock = Clock.system()
    start = None
    if since is not None:
        try:
            start = datetime.combine(parse_when(since, clock.now()).day, time(), tzinfo=clock.tz)
        except WhenError as exc:
            fail(f"--from: {exc}")
    target = target_from(ctx)
    if target.path is not None and not target.path.exists():
        fail(f"no workspace at {target.display}")
    if out is not None and not out.parent.is_dir():
        fail(f"cannot write {out}: the folder {out.parent} does not exist")
    db = open_db(target)
    try:
        (agency, currency), rows = read_bookings(db, start)
    except DBAPIError as exc:
        fail(describe_db_error(db.target, exc))
    finally:
        db.dispose()
    count = len(rows)
    if count == 0:
        fail("no bookings to export (an iCalendar file needs at least one event); nothing written")
    with click.progressbar(length=count, label="Exporting bookings", file=sys.stderr) as bar:
        data = bookings_calendar(rows, agency, currency, clock.now(), bar.update)
    if out is None:
        click.echo(data, nl=False)  # bytes go to the binary stdout untouched (CRLF kept)
        return
    try:
        write_atomic(out, data)
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror or exc}")
    click.echo(f"{count} booking{'s' if count != 1 else ''} written to {out} ({fmt})", err=True)


def _export_table(ctx: click.Context, table: str, fmt: str, out: Path | None) -> None:
    """Write ``table`` as CSV/JSON to ``out`` (atomically, owner-only) or to standard output."""
    from sqlalchemy.exc import DBAPIError

    from amtui.db import describe_db_error
    from amtui.io.export import export_table, write_private

    target = target_from(ctx)
    if target.path is not None and not target.path.exists():
        fail(f"no workspace at {target.display}")
    if out is not None and not out.parent.is_dir():
        fail(f"cannot write {out}: the folder {out.parent} does not exist")
    db = open_db(target)
    bar, progress = _fraction_bar(f"Exporting {table}", out is not None)
    try:
        with bar:
            if out is None:
                count = export_table(db, table, fmt, sys.stdout)  # type: ignore[arg-type]
            else:
                count = write_private(out, lambda fh: export_table(db, table, fmt, fh,  # type: ignore[arg-type]
                                                                   lambda n, total: progress(n / total)),
                                      bom=fmt == "csv")
    except DBAPIError as exc:
        fail(describe_db_error(db.target, exc))
    except OSError as exc:
        fail(f"cannot write {out or 'to standard output'}: {exc.strerror or exc}")
    finally:
        db.dispose()
    if out is not None:
        click.echo(f"{count} row{'s' if count != 1 else ''} written to {out} ({fmt})", err=True)


def _table_command(table: str) -> click.Command:
    @click.command(table)
    @db_option
    @click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True,
                  help="csv: opens safely in a spreadsheet (formulas neutralised); json: a list of objects.")
    @click.option("--out", "out", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path),
                  help="Write to FILE (replaced whole, owner-only); default: standard output.")
    @click.pass_context
    def command(ctx: click.Context, fmt: str, out: Path | None) -> None:
        _export_table(ctx, table, fmt, out)

    command.help = (f"Export the {table} table as CSV or JSON. Money is in major units (1250.50), dates "
                    "ISO, times UTC." + (" Re-imports with 'amtui import'." if table in
                                          ("clients", "contacts", "interactions") else ""))
    return command


for _table in ("clients", "contacts", "interactions", "team", "time-off", "projects", "change-orders", "tasks",
               "vendors", "spend", "snoozes", "workspace"):
    export_group.add_command(_table_command(_table))


@export_group.command("report")
@db_option
@click.argument("client")
@click.option("--period", default="7d", show_default=True, metavar="7d|30d|qtd",
              help="What to look back on (and ahead to): 7 days, 30 days, or the quarter to date.")
@click.option("--out", "out", metavar="FILE.md", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE (replaced whole, owner-only); default: standard output.")
@click.pass_context
def export_report(ctx: click.Context, client: str, period: str, out: Path | None) -> None:
    """A client's status report as Markdown, ready for an email or a QBR deck.

    Recent contacts and sentiment, open follow-ups, budget pace and forecast per project, tasks
    due, upcoming bookings, and health with its reasons. CLIENT: a name or its unambiguous start.
    """
    from sqlalchemy.exc import DBAPIError

    from amtui.clock import Clock
    from amtui.db import describe_db_error
    from amtui.io.export import write_private
    from amtui.io.report import client_report
    from amtui.io.report_markdown import parse_period
    from amtui.services.clients import find_client
    from amtui.services.errors import AmbiguousError, NotFoundError

    clock = Clock.system()
    try:
        parse_period(period, clock.today())
    except ValueError as exc:
        fail(f"--period: {exc}")
    target = target_from(ctx)
    if target.path is not None and not target.path.exists():
        fail(f"no workspace at {target.display}")
    db = open_db(target)
    try:
        ref = find_client(db, client)
        text = client_report(db, ref.id, period, clock.now())
    except AmbiguousError as exc:
        fail(f"'{exc.query}' matches more than one client; say which:\n" + "\n".join(f"  {n}" for n in exc.candidates))
    except NotFoundError as exc:
        fail(str(exc))
    except DBAPIError as exc:
        fail(describe_db_error(db.target, exc))
    finally:
        db.dispose()
    if out is None:
        click.echo(text, nl=False)
        return
    try:
        write_private(out, lambda fh: fh.write(text))
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror or exc}")
    click.echo(f"status report written to {out}", err=True)


@cli.command("today")
@db_option
@me_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of items (with every score part).")
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="Only the N most urgent items.")
@click.option("--all", "whole_team", is_flag=True, help="The whole team's queue, not only yours.")
@click.pass_context
def today(ctx: click.Context, as_json: bool, limit: int | None, whole_team: bool) -> None:
    """Print today's ranked triage queue: the Today screen's items, in the same order.

    With an identity (--me, $AMTUI_ME or 'amtui me') only your clients and you are shown;
    --all shows the whole team.

    Columns: rank, kind, subject, why, score. The summary (counts, what was cleared today) goes
    to stderr, so stdout holds only the queue.
    """
    import json
    import shutil

    from sqlalchemy.exc import DBAPIError

    from amtui.clock import Clock
    from amtui.db import describe_db_error
    from amtui.rules.text import clean_text as clean
    from amtui.services.identity import mine, my_client_ids
    from amtui.services.today import today_queue

    target = target_from(ctx)
    if target.path is not None and not target.path.exists():
        fail(f"no workspace at {target.display}: run 'amtui' once to create it")
    db = open_db(target)
    me = None if whole_team else me_from(ctx, db)
    try:
        queue = today_queue(db, Clock.system().now())
        scoped = list(queue.items) if me is None else mine(queue.items, my_client_ids(db, me.member_id), me.member_id)
    except DBAPIError as exc:
        fail(describe_db_error(db.target, exc))
    finally:
        db.dispose()
    items = scoped[:limit] if limit else scoped
    if as_json:
        click.echo(json.dumps([{"rank": n, **i.as_dict()} for n, i in enumerate(items, 1)],
                              ensure_ascii=False, indent=2))
    else:
        width = max(shutil.get_terminal_size((120, 24)).columns, 80)
        for line in _today_lines(items, width):
            click.echo(line)
    click.echo(_today_summary(queue), err=True)
    if me is not None:
        click.echo(f"scope: {clean(me.name)} — {len(scoped)} of {len(queue.items)} items are about your clients "
                   "or you; --all for the whole team", err=True)


def _today_cell(text: str, width: int, right: bool = False) -> str:
    """``text`` cleaned to one line and padded or cut to ``width`` terminal cells."""
    from amtui.rules.text import display_width, one_line

    cut = one_line(text, width)
    pad = " " * (width - display_width(cut))
    return pad + cut if right else cut + pad


def _today_lines(items: Any, width: int) -> list[str]:
    """The queue as a plain table: rank, kind, subject, why (the rest of the line), score."""
    if not items:
        return []
    subject = min(32, max(16, width // 4))
    why = max(width - subject - 4 - 10 - 6 - 4, 20)
    head = " ".join((_today_cell("#", 3, True), _today_cell("Kind", 9), _today_cell("Subject", subject),
                     _today_cell("Why", why), _today_cell("Score", 5, True)))
    return [head.rstrip()] + [
        " ".join((_today_cell(str(n), 3, True), _today_cell(i.kind.label, 9), _today_cell(i.subject, subject),
                  _today_cell(i.reason, why), _today_cell(f"{i.score:.1f}", 5, True)))
        for n, i in enumerate(items, 1)
    ]


def _today_summary(queue: Any) -> str:
    """``31 items (follow-up 5, …) · cleared today: 1 follow-up, 0 tasks · 2 snoozed``."""
    from amtui.rules.urgency import KIND_ORDER

    def n(count: int, word: str) -> str:
        return f"{count} {word}" + ("" if count == 1 else "s")

    kinds = ", ".join(f"{kind.label.lower()} {count}"
                      for kind, count in sorted(queue.counts.items(), key=lambda kc: KIND_ORDER[kc[0]]))
    text = n(len(queue.items), "item") + (f" ({kinds})" if kinds else "")
    text += f" · cleared today: {n(queue.cleared_follow_ups, 'follow-up')}, {n(queue.cleared_tasks, 'task')}"
    return text + (f" · {queue.snoozed} snoozed" if queue.snoozed else "")


@cli.command("me")
@db_option
@click.argument("name", required=False)
@click.option("--forget", is_flag=True, help="Forget who you are on this workspace.")
@click.pass_context
def me_command(ctx: click.Context, name: str | None, forget: bool) -> None:
    """Remember NAME (a team member) as you on this workspace; without NAME, say who you are.

    Saved in settings.json in your config dir, per workspace. --me and $AMTUI_ME override it.
    """
    from amtui.rules.text import clean_text
    from amtui.services.identity import UnknownMemberError, resolve_member
    from amtui.settings import ENV_ME, chosen_me, save_me

    target = target_from(ctx)
    if target.path is not None and not target.path.exists():
        fail(f"no workspace at {target.display}")
    if forget:
        save_me(target.display, None)
        click.echo(f"forgot who you are on {target.display}")
        return
    db = open_db(target)
    try:
        if name is None:
            chosen = chosen_me(_from_ctx(ctx, "me"), target.display)
            if chosen is None:
                fail(f"nobody yet: run 'amtui me NAME' (or set --me / ${ENV_ME})")
            me = resolve_member(db, chosen)
            click.echo(clean_text(me.name))
            return
        me = resolve_member(db, name)
    except UnknownMemberError as exc:
        fail(str(exc))
    finally:
        db.dispose()
    written = save_me(target.display, me.name)
    click.echo(f"you are {clean_text(me.name)} on {target.display} (saved in {written})")


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="amtui")
