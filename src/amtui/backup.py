"""Consistent copies of a SQLite workspace, made while it may be in use."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from amtui.db import BUSY_TIMEOUT_MS


class BackupError(Exception):
    """The copy could not be made; the message is meant for the user."""


def sqlite_backup(source: Path, dest: Path) -> Path:
    """Copy ``source`` to ``dest`` with SQLite's online backup API; ``dest`` is owner-only.

    Consistent even while other processes write (the copy is one snapshot). Refuses to
    overwrite an existing file. The copy is written to a temporary name and renamed into
    place, so a failed backup leaves no half-written file under ``dest``.
    """
    if dest.exists():
        raise BackupError(f"{dest} already exists; choose another destination")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.partial")
    fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    os.fchmod(fd, 0o600)
    os.close(fd)
    try:
        src = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
                ok = dst.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                dst.close()
        finally:
            src.close()
        if ok != "ok":
            raise BackupError(f"the copy failed its integrity check ({ok})")
        os.replace(tmp, dest)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise BackupError(f"backup failed: {exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.chmod(dest, 0o600)
    return dest
