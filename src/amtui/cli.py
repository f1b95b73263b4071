"""The ``amtui`` command: opens the TUI, or runs a subcommand on the workspace.

Imports of the database stack happen inside commands, so ``amtui --help`` stays instant.
Errors a user can act on go to stderr as one line and exit with status 1; nothing is written.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

if TYPE_CHECKING:
    from amtui.config import DbTarget
    from amtui.db import Database

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = 1) -> NoReturn:
    """Print ``amtui: message`` to stderr and exit non-zero."""
    from amtui.rules.text import clean_text

    click.echo(f"amtui: {clean_text(message, multiline=True)}", err=True)
    sys.exit(code)


def db_option(func: F) -> F:
    """``--db PATH|URL`` on the group and on every subcommand (the subcommand's wins)."""

    def remember(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
        if value:
            ctx.ensure_object(dict)["db"] = value
        return value

    return click.option(
        "--db",
        "db_flag",
        metavar="PATH|URL",
        expose_value=False,
        callback=remember,
        is_eager=True,
        help="Workspace: a SQLite file or postgresql+psycopg://… URL (default: $AMTUI_DB, then the user data dir).",
    )(func)


def target_from(ctx: click.Context) -> DbTarget:
    from amtui.config import ConfigError, resolve_target

    flag = None
    node: click.Context | None = ctx
    while node is not None:
        if node.obj and node.obj.get("db"):
            flag = node.obj["db"]
            break
        node = node.parent
    try:
        return resolve_target(flag)
    except ConfigError as exc:
        fail(str(exc))


def open_db(target: DbTarget, *, migrate: bool = True) -> Database:
    from amtui.db import DatabaseError, open_database

    try:
        return open_database(target, migrate=migrate)
    except DatabaseError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot use {target.display}: {exc.strerror or exc}")


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@db_option
@click.version_option(package_name="amtui")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """amtui — the account manager's terminal workspace.

    With no command, opens the workspace in the terminal UI.
    """
    ctx.ensure_object(dict)
    if ctx.invoked_subcommand is None:
        run_tui(open_db(target_from(ctx)))


def run_tui(db: Database) -> None:
    """Open the Textual app on ``db`` and close the database afterwards."""
    from amtui.app import make_app

    try:
        make_app(db).run()
    finally:
        db.dispose()


@cli.command()
@db_option
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
        run_tui(db)
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
    """Check the workspace's integrity and references; exit 1 on any problem."""
    from amtui import schema

    target = target_from(ctx)
    if target.path is not None and not target.path.exists():
        fail(f"no workspace at {target.display}")
    db = open_db(target, migrate=False)
    try:
        problems = schema.integrity_report(db.engine)
    finally:
        db.dispose()
    if problems:
        for line in problems:
            click.echo(line, err=True)
        fail(f"{len(problems)} problem(s) found in {db.target.display}")
    click.echo(f"ok: {db.target.display} (schema {schema.HEAD}, {db.dialect})")


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


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="amtui")
