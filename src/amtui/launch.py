"""Opening the workspace for the TUI, off the UI thread: resolve the location, open (and
migrate) the database, find who "me" is.

The CLI hands :func:`opener` to the app, which paints its first frame and then runs it in a
worker thread; the database stack (SQLAlchemy, SQLModel, the drivers) is imported there, not
before the first frame. Every failure a user can act on is an :class:`OpenError` carrying the
one line the CLI prints (passwords masked); the CLI's subcommands use the same functions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from amtui.config import DbTarget
    from amtui.db import Database
    from amtui.services.identity import Me

ME_SOURCES = "set by --me, $AMTUI_ME or 'amtui me'"


class OpenError(Exception):
    """The workspace cannot be opened; the message is the one line to show the user."""


@dataclass(frozen=True)
class Opened:
    """An open workspace and who is using it (None: nobody, the whole team)."""

    db: Database
    me: Me | None


def resolve(flag: str | None) -> DbTarget:
    """``--db`` > ``$AMTUI_DB`` > the default file, or OpenError."""
    from amtui.config import ConfigError, resolve_target

    try:
        return resolve_target(flag)
    except ConfigError as exc:
        raise OpenError(str(exc)) from None


def open_target(target: DbTarget, *, migrate: bool = True) -> Database:
    """Open (creating or upgrading when ``migrate``) the workspace at ``target``, or OpenError."""
    from amtui.db import DatabaseError, open_database

    try:
        return open_database(target, migrate=migrate)
    except DatabaseError as exc:
        raise OpenError(str(exc)) from None
    except OSError as exc:
        raise OpenError(f"cannot use {target.display}: {exc.strerror or exc}") from None


def resolve_me(db: Database, flag: str | None) -> Me | None:
    """Who is using amtui (``--me`` > ``$AMTUI_ME`` > the saved setting), or None; an unknown
    name is OpenError with close matches (and ``db`` is closed)."""
    from amtui.services.identity import UnknownMemberError, resolve_member
    from amtui.settings import chosen_me

    name = chosen_me(flag, db.target.display)
    if name is None:
        return None
    try:
        return resolve_member(db, name)
    except UnknownMemberError as exc:
        db.dispose()
        raise OpenError(f"{exc} ({ME_SOURCES})") from None


def opener(db_flag: str | None, me_flag: str | None) -> Callable[[], Opened]:
    """What the app calls in its opening worker to get the workspace named by the flags."""

    def open_workspace() -> Opened:
        db = open_target(resolve(db_flag))
        return Opened(db, resolve_me(db, me_flag))

    return open_workspace
