"""Schema versions and migrations (alembic, shipped in ``amtui/migrations``).

Checking the version needs only one query, so opening an up-to-date workspace never imports
alembic (~0.5 s). ``REVISIONS`` lists every migration this amtui knows, oldest first; a test
keeps it equal to alembic's history.
"""

from __future__ import annotations


from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text

from amtui.config import DbTarget

REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005")
HEAD = REVISIONS[-1]


@dataclass(frozen=True)
class SchemaState:
    current: str | None  # None: no schema yet
    head: str

    @property
    def needs_upgrade(self) -> bool:
        return self.current != self.head


def inspect_state(engine: Engine) -> SchemaState:
    """Read the workspace's schema version; refuse newer or foreign databases."""
    from amtui.db import DatabaseError

    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        if "alembic_version" not in tables:
            if tables:
                raise DatabaseError(
                    "this database holds tables but no amtui schema version; it is not an amtui workspace "
                    "and was left untouched"
                )
            return SchemaState(current=None, head=HEAD)
        rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(rows) != 1:
        raise DatabaseError(f"the workspace's schema version is unreadable ({rows!r}); it was left untouched")
    current = rows[0]
    if current not in REVISIONS:
        raise DatabaseError(
            f"this workspace was created by a newer amtui (schema {current}; this amtui knows up to {HEAD}). "
            "Upgrade amtui to open it; the workspace was left untouched."
        )
    return SchemaState(current=current, head=HEAD)


def backup_before_upgrade(path: Path, current: str) -> Path:
    """Copy the SQLite file to a numbered backup beside it, owner-only; return the copy's path."""
    from amtui.backup import BackupError, sqlite_backup
    from amtui.db import DatabaseError

    n = 1
    while True:
        dest = path.with_name(f"{path.name}.schema-{current}.{n}.bak")
        if not dest.exists():
            break
        n += 1
    try:
        sqlite_backup(path, dest)
    except BackupError as exc:
        raise DatabaseError(f"could not back up {path} before upgrading ({exc}); nothing was changed") from None
    return dest


def upgrade(engine: Engine, target: DbTarget, state: SchemaState, revision: str = "head") -> Path | None:
    """Migrate to ``revision``; returns the backup's path when one was made."""
    backup = None
    if state.current is not None and target.path is not None:
        backup = backup_before_upgrade(target.path, state.current)
    run_alembic(engine, revision)
    return backup


def alembic_config(connection: Connection | None = None):  # -> alembic.config.Config
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "amtui:migrations")
    cfg.attributes["connection"] = connection
    return cfg


def run_alembic(engine: Engine, revision: str = "head") -> None:
    """Run ``alembic upgrade`` in one transaction.

    On SQLite, foreign keys are switched off on the raw connection first (inside a transaction
    the pragma is ignored) so batch table rebuilds do not cascade-delete child rows, and
    ``foreign_key_check`` must come back empty before the commit.
    """
    from alembic import command

    from amtui.db import DatabaseError

    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        if sqlite:
            raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                command.upgrade(alembic_config(conn), revision)
                if sqlite:
                    bad = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if bad:
                        raise DatabaseError(f"migration would break {len(bad)} references; nothing was changed")
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys = ON")


def integrity_report(engine: Engine) -> list[str]:
    """Problems found by the database's own checks (empty list: healthy)."""
    problems: list[str] = []
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            result = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
            if result != ["ok"]:
                problems.extend(f"integrity: {r}" for r in result)
            fks = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            problems.extend(f"broken reference in {r[0]} row {r[1]} → {r[2]}" for r in fks)
        else:
            conn.execute(text("SELECT 1"))
    return problems



