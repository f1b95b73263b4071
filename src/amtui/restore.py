"""Putting a backup back in place of a SQLite workspace, keeping the file it replaces.

:func:`stage_restore` copies the backup beside the workspace and checks the copy (SQLite
header, integrity, foreign keys, an amtui schema this amtui can open) before anything is
replaced; :func:`finish_restore` keeps a consistent copy of the current workspace, removes its
journals and moves the checked copy into place. All files written are owner-only.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from amtui.backup import BackupError, sqlite_backup
from amtui.db import SQLITE_HEADER, DatabaseError

JOURNALS = ("-wal", "-shm", "-journal")


class RestoreError(Exception):
    """The backup cannot be restored; the message is meant for the user. Nothing was replaced."""


@dataclass(frozen=True)
class Staged:
    """A checked copy of the backup, waiting beside the workspace."""

    path: Path
    schema: str

    def discard(self) -> None:
        for suffix in ("", *JOURNALS):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)


def _check_copy(path: Path) -> str:
    """The copy's schema version, after its integrity and references checked out."""
    from amtui import schema

    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(path), poolclass=NullPool)
    try:
        state = schema.inspect_state(engine)
        if state.current is None:
            raise RestoreError("it holds no amtui workspace (an empty database)")
        problems = schema.integrity_report(engine)
    except DatabaseError as exc:
        raise RestoreError(str(exc)) from None
    except DBAPIError as exc:
        raise RestoreError(f"it cannot be read ({exc.orig})") from None
    finally:
        engine.dispose()
    if problems:
        raise RestoreError(f"it fails the integrity check: {problems[0]}"
                           + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""))
    return state.current


def stage_restore(source: Path, workspace: Path) -> Staged:
    """Copy ``source`` beside ``workspace`` and check the copy; raises RestoreError."""
    with source.open("rb") as fh:
        if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise RestoreError(f"{source} is not an amtui workspace (not a SQLite database); nothing was replaced")
    staged = Staged(workspace.with_name(f".{workspace.name}.restoring"), "")
    staged.discard()
    try:
        sqlite_backup(source, staged.path)
        version = _check_copy(staged.path)
    except (BackupError, RestoreError) as exc:
        staged.discard()
        raise RestoreError(f"{source} cannot be restored: {exc}; nothing was replaced") from None
    except BaseException:
        staged.discard()
        raise
    return Staged(staged.path, version)


def kept_name(workspace: Path, stamp: str) -> Path:
    """Where the replaced workspace is kept: ``NAME.replaced-STAMP.SUFFIX`` beside it."""
    return workspace.with_name(f"{workspace.stem}.replaced-{stamp}{workspace.suffix}")


def finish_restore(staged: Staged, workspace: Path, stamp: str) -> Path | None:
    """Replace ``workspace`` with the staged copy; returns where the old file is kept (None
    when there was none). The workspace's old -wal/-shm go with it: left behind they would
    be replayed onto the restored file."""
    kept = None
    try:
        if workspace.exists() and workspace.stat().st_size > 0:
            kept = sqlite_backup(workspace, kept_name(workspace, stamp))  # includes what the WAL holds
            con = sqlite3.connect(workspace)
            try:
                con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                con.close()
        for suffix in JOURNALS:
            Path(f"{workspace}{suffix}").unlink(missing_ok=True)
        os.replace(staged.path, workspace)
    except (BackupError, OSError, sqlite3.Error) as exc:
        staged.discard()
        raise RestoreError(f"the restore failed ({exc}); the workspace was not replaced") from None
    os.chmod(workspace, 0o600)
    return kept
