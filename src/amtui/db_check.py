"""``amtui db check``: what the workspace is, and whether anything about it is wrong.

:func:`check_workspace` reads (never writes) a SQLite file or a PostgreSQL schema and returns a
:class:`CheckReport`, one :class:`Check` per topic:

* ``backend`` — SQLite library version, or the PostgreSQL server version and its schema;
* ``schema`` — the workspace's revision against this amtui's newest (older: run upgrade);
* ``integrity`` — SQLite's ``integrity_check``; on every backend, rows whose reference points
  at nothing (one ``NOT EXISTS`` query per foreign key of the model) and foreign-key
  constraints the database is missing (a bulk load that dropped them and never put them back);
* ``journal`` — SQLite's journal mode (WAL; a restored or copied file is not WAL until amtui
  next opens it, which is reported, not failed);
* ``permissions`` — the file, its ``-wal``/``-shm``/``-journal`` and the backups amtui makes
  (``NAME.schema-*.bak``, ``NAME.replaced-*``, ``backups/STEM-*.db``) are owner-only;
* ``triggers`` — PostgreSQL: every table has live refresh's notify trigger (migration 0003);
  a table without it fails, with the SQL that puts it back.

Locations are printed with the password masked; nothing here prints a URL as typed.
"""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, exists, func, inspect, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from amtui.config import DbTarget

OWNER_ONLY_MASK = 0o077


@dataclass(frozen=True)
class Check:
    """One topic of the report: ``ok`` False is a problem, None is information only."""

    topic: str
    ok: bool | None
    detail: str


@dataclass
class CheckReport:
    """Every check of one workspace, in order; ``location`` is password-free."""

    location: str
    backend: str
    schema: str | None = None
    checks: list[Check] = field(default_factory=list)

    @property
    def problems(self) -> list[Check]:
        return [c for c in self.checks if c.ok is False]

    def add(self, topic: str, ok: bool | None, detail: str) -> None:
        self.checks.append(Check(topic, ok, detail))

    def lines(self) -> list[str]:
        """``ok    schema       0002 …`` for each check."""
        marks = {True: "ok", False: "FAIL", None: "info"}
        return [f"{marks[c.ok]:<5} {c.topic:<12} {c.detail}" for c in self.checks]


def check_workspace(target: DbTarget) -> CheckReport:
    """Check the workspace at ``target`` (which must exist). Raises DatabaseError when it cannot
    be read at all (not a SQLite file, damaged, from a newer amtui, server unreachable) with a
    password-free message."""
    from amtui.db import DatabaseError, describe_db_error, make_engine, prepare_sqlite_file

    report = CheckReport(target.display, target.url.get_backend_name())
    if target.path is not None:
        prepare_sqlite_file(target.path)  # not SQLite, damaged, foreign or newer: DatabaseError, untouched
        _permissions(target.path, report)
        _journal(target.path, report)
    engine = _read_only_engine(target.path) if target.path is not None else make_engine(target)
    try:
        with engine.connect() as conn:
            _backend(conn, report)
            if _schema(engine, report):
                _integrity(conn, report)
                if target.path is None:
                    _triggers(conn, report)
    except DBAPIError as exc:
        raise DatabaseError(describe_db_error(target, exc)) from None
    finally:
        engine.dispose()
    order = ("backend", "schema", "integrity", "journal", "permissions", "triggers")
    report.checks.sort(key=lambda c: order.index(c.topic))
    return report


def _read_only_engine(path: Path) -> Engine:
    """SQLite opened read-only: the check leaves no -wal/-shm behind and never switches the journal mode."""
    from amtui.db import read_only_uri

    uri = read_only_uri(path)
    return create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True), poolclass=NullPool)


def _backend(conn: Connection, report: CheckReport) -> None:
    if conn.dialect.name == "sqlite":
        report.add("backend", None, f"SQLite {sqlite3.sqlite_version} (a file on this machine)")
        return
    version = conn.execute(text("SHOW server_version")).scalar()
    schema = conn.execute(text("SELECT current_schema()")).scalar()
    report.add("backend", None, f"PostgreSQL {version} (server), schema {schema}")


def _schema(engine: Engine, report: CheckReport) -> bool:
    """Report the revision; True when the tables can be checked (the newest schema)."""
    from amtui import schema
    from amtui.db import DatabaseError

    try:
        state = schema.inspect_state(engine)
    except DatabaseError as exc:
        report.add("schema", False, str(exc))
        return False
    report.schema = state.current
    if state.current is None:
        report.add("schema", False, "no amtui schema yet (amtui creates it when it first opens the workspace)")
        return False
    if state.needs_upgrade:
        report.add("schema", False, f"{state.current}, older than this amtui's {state.head}: run 'amtui db upgrade'")
        return False
    report.add("schema", True, f"{state.current} (the newest this amtui knows)")
    return True


def _foreign_keys() -> Iterator[tuple[str, str, str, str]]:
    """(table, column, referenced table, referenced column) of every reference in the model."""
    from sqlmodel import SQLModel

    import amtui.models  # noqa: F401 - registers the tables

    for table in SQLModel.metadata.sorted_tables:
        for fk in sorted(table.foreign_keys, key=lambda f: f.parent.name):
            yield table.name, fk.parent.name, fk.column.table.name, fk.column.name


def _integrity(conn: Connection, report: CheckReport) -> None:
    from sqlmodel import SQLModel

    problems: list[str] = []
    if conn.dialect.name == "sqlite":
        result = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
        if result != ["ok"]:
            problems.extend(f"integrity_check: {r}" for r in result[:20])
    tables = SQLModel.metadata.tables
    orphans = 0
    for child, column, parent, parent_column in _foreign_keys():
        c, p = tables[child].alias("c"), tables[parent].alias("p")
        count = conn.execute(select(func.count()).select_from(c).where(
            c.c[column].is_not(None), ~exists().where(p.c[parent_column] == c.c[column]))).scalar_one()
        if count:
            orphans += count
            problems.append(f"broken reference in {child}: {count} row(s) whose {column} points at no {parent}")
    declared = inspect(conn)
    missing = [f"{child}.{column} → {parent}" for child, column, parent, _ in _foreign_keys()
               if not any(fk["constrained_columns"] == [column] and fk["referred_table"] == parent
                          for fk in declared.get_foreign_keys(child))]
    if missing:
        problems.append(f"{len(missing)} foreign-key constraint(s) missing: {', '.join(missing[:5])}"
                        + (" …" if len(missing) > 5 else ""))
    for problem in problems:
        report.add("integrity", False, problem)
    if not problems:
        refs = len(list(_foreign_keys()))
        first = "integrity_check ok; " if conn.dialect.name == "sqlite" else ""
        report.add("integrity", True, f"{first}{refs} references checked, none broken, every constraint in place")


NOTIFY_TRIGGER = "amtui_change"
NOTIFY_SQL = ('CREATE TRIGGER amtui_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
              "FOR EACH STATEMENT EXECUTE FUNCTION amtui_notify_change()")


def _triggers(conn: Connection, report: CheckReport) -> None:
    """Every workspace table has migration 0003's notify trigger (live refresh hears nothing
    from a table without it: other users' writes there show only after a restart)."""
    from sqlmodel import SQLModel

    import amtui.models  # noqa: F401 - the tables

    have = set(conn.execute(text(
        "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "WHERE NOT t.tgisinternal AND t.tgname = :name AND c.relnamespace = current_schema()::regnamespace"),
        {"name": NOTIFY_TRIGGER}).scalars())
    missing = sorted(set(SQLModel.metadata.tables) - have)
    if not missing:
        report.add("triggers", True, f"live-refresh notify trigger on all {len(have)} tables")
        return
    report.add("triggers", False,
               f"{len(missing)} table(s) lack the live-refresh notify trigger, so other users' changes to them "
               f"do not show until a restart: {', '.join(missing)}; recreate each with: "
               + NOTIFY_SQL.format(table=missing[0]))


def _journal(path: Path, report: CheckReport) -> None:
    """WAL or not, from the file header (bytes 18-19 are 2 in WAL mode): no connection needed."""
    with path.open("rb") as fh:
        header = fh.read(20)
    if header[18:20] == b"\x02\x02":
        report.add("journal", True, "WAL (readers never wait for the writer)")
    else:
        report.add("journal", None, "rollback journal, not WAL yet: amtui switches it to WAL when it next opens the file")


def backup_files(path: Path) -> list[Path]:
    """The copies amtui makes of the workspace at ``path`` (upgrade, restore, ``amtui backup``)."""
    found = [*path.parent.glob(f"{path.name}.schema-*.bak"), *path.parent.glob(f"{path.name}.replaced-*"),
             *(path.parent / "backups").glob(f"{path.stem}-*.db")]
    return sorted(p for p in found if p.is_file())


def _permissions(path: Path, report: CheckReport) -> None:
    files = [p for p in (path, *(Path(f"{path}{s}") for s in ("-wal", "-shm", "-journal"))) if p.exists()]
    backups = backup_files(path)
    open_to_others = [p for p in (*files, *backups) if stat.S_IMODE(p.stat().st_mode) & OWNER_ONLY_MASK]
    for p in open_to_others:
        report.add("permissions", False, f"{p.name} is {stat.S_IMODE(p.stat().st_mode):04o}, readable beyond its "
                                         f"owner: chmod 600 '{p}'")
    if not open_to_others:
        names = ", ".join(p.name.removeprefix(path.name) or path.name for p in files)
        copies = f", {len(backups)} backup(s)" if backups else ""
        report.add("permissions", True, f"owner-only (0600): {names}{copies}")
