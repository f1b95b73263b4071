"""Fast bulk inserts for the large demo: SQLite multi-row ``INSERT``, PostgreSQL ``COPY``.

Rows are plain tuples laid out by a :class:`Layout`: the values that vary per row, in a fixed
order; columns that hold the same value on every row (``version = 1``) or repeat another
column (``updated_at = created_at``) are written by the statement, not carried by each tuple.
Instants are UTC text in SQLite's stored format (``YYYY-MM-DD HH:MM:SS.ffffff``, see
FACTS.md), which PostgreSQL also reads once the session's time zone is UTC; days are ISO
text; booleans are 0/1 (what SQLite stores for them; PostgreSQL's ``COPY`` reads ``0``/``1``
as booleans). Binding through the ORM or Core types would cost several times more per row.

Why multi-row statements on SQLite: with a one-row ``executemany`` each row is a separate
statement run, and SQLite rebuilds the ``IN (…)`` lists of the enum CHECK constraints on
every run (measured here: a one-row ``executemany`` costs ~1.8x a 200-row statement per row).
``INSERT … VALUES (…), (…), …`` with a few hundred rows per run pays that once per run; every
CHECK constraint and unique index is still checked row by row.

:class:`SqliteLoader` is the fast path for a new SQLite file (see its docstring for why the
shortcuts it takes are safe); :class:`BulkWriter` writes through an existing SQLAlchemy
connection (PostgreSQL, or SQLite without a file).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

Row = tuple[Any, ...]
ROWS_PER_STATEMENT = 200
MAX_PARAMETERS = 32_000  # SQLite >= 3.32 allows 32,766 bound parameters per statement
LOAD_CACHE_KIB = 16 * 1024
"""Page cache of the loading connection (SQLite's default is 2 MiB, with which pages of the
growing indexes were spilled to the WAL and read back over and over: measured 4.9 s of
system time for the old seed, 2.5 s with 64 MiB). Now that the randomly ordered indexes are
built at the end, 8 to 256 MiB measured the same; 16 MiB keeps the peak memory down."""
BUSY_TIMEOUT_MS = 10_000


@dataclass(frozen=True)
class Layout:
    """How a generator's tuples map onto a table's columns.

    Attributes:
        table: the table name.
        fields: the columns each row tuple carries, in tuple order.
        constants: (column, value) pairs written with the same value on every row.
        copies: (column, field) pairs: the column repeats that field's value.
        nulls: (field, stand-in) pairs: the row carries the stand-in (``0``, ``""``) for NULL.
            Binding ``None`` through :mod:`sqlite3` costs ~10x an int (measured: 580 vs 53 ns;
            ``None`` takes the adapter lookup path), so SQLite gets ``CASE WHEN ? <> stand-in
            THEN ? END`` (inline; ``NULLIF`` is a function call and measured slower).
    """

    table: str
    fields: tuple[str, ...]
    constants: tuple[tuple[str, Any], ...] = ()
    copies: tuple[tuple[str, str], ...] = ()
    nulls: tuple[tuple[str, Any], ...] = ()
    _copy_index: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _null_index: tuple[tuple[int, Any], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_copy_index", tuple(self.fields.index(f) for _, f in self.copies))
        object.__setattr__(self, "_null_index", tuple((self.fields.index(f), v) for f, v in self.nulls))

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column written: the fields, then the constant, then the copied columns."""
        return (*self.fields, *(c for c, _ in self.constants), *(c for c, _ in self.copies))

    def full_row(self, row: Row) -> Row:
        """``row`` with NULLs restored, extended to :attr:`columns` (for ``COPY``)."""
        if self._null_index:
            values = list(row)
            for i, stand_in in self._null_index:
                if values[i] == stand_in:
                    values[i] = None
            row = tuple(values)
        extra = tuple(v for _, v in self.constants)
        return row + extra + tuple(row[i] for i in self._copy_index)

    def sqlite_values(self, rows: int) -> str:
        """``VALUES (?1, …), (…)`` for ``rows`` rows: constants inline, copies as repeated numbers."""
        width = len(self.fields)
        constants = [_sql_literal(v) for _, v in self.constants]
        groups = []
        for r in range(rows):
            base = r * width
            params = [f"?{base + i + 1}" for i in range(width)]
            for i, stand_in in self._null_index:
                params[i] = f"CASE WHEN {params[i]} <> {_sql_literal(stand_in)} THEN {params[i]} END"
            groups.append("(" + ", ".join([*params, *constants, *(params[i] for i in self._copy_index)]) + ")")
        return "VALUES " + ", ".join(groups)


def _sql_literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"no SQL literal for {value!r}")


class _SqliteStatements:
    """Prepared multi-row INSERT texts per layout (SQLite caches the compiled statements)."""

    def __init__(self) -> None:
        self._sql: dict[tuple[Layout, int], str] = {}

    def sql(self, layout: Layout, rows: int) -> str:
        key = (layout, rows)
        text = self._sql.get(key)
        if text is None:
            text = f'INSERT INTO "{layout.table}" ({", ".join(layout.columns)}) {layout.sqlite_values(rows)}'
            self._sql[key] = text
        return text

    def insert(self, cursor: Any, layout: Layout, rows: Sequence[Row]) -> None:
        """Insert ``rows`` in statements of ``ROWS_PER_STATEMENT`` rows, the rest in halving sizes.

        The halving sizes (100, 50, 25 … 1) keep the number of distinct statements, each
        compiled once per connection, small whatever the chunk sizes.
        """
        width = max(1, len(layout.fields))
        per = max(1, min(ROWS_PER_STATEMENT, MAX_PARAMETERS // width))
        start, size = 0, per
        while size:
            end = start + (len(rows) - start) // size * size
            if end > start:
                cursor.executemany(self.sql(layout, size),
                                   (tuple(chain.from_iterable(rows[i:i + size])) for i in range(start, end, size)))
                start = end
            size //= 2


class SqliteLoader:
    """Loads a new SQLite workspace in one transaction on its own connection, fast.

    The demo is only ever written into an empty workspace (``seed_demo`` refuses any other),
    so while loading this connection:

    * turns ``foreign_keys`` off (the pragma only takes effect outside a transaction, which
      is why the load has its own connection) and instead runs ``PRAGMA foreign_key_check``
      over the whole file before committing: any broken reference raises and rolls back;
    * sets ``synchronous = OFF`` and turns automatic checkpoints off: a WAL transaction that
      is not synced cannot damage the file, a crash before the commit is durable only loses
      the uncommitted load (the WAL frames carry checksums, so a torn tail is ignored), and
      the workspace is then still empty, so ``amtui demo`` simply seeds it again. After the
      commit, ``synchronous`` is back to FULL and a checkpoint syncs the WAL, copies it into
      the file and syncs that, so when :meth:`finish` returns the demo is durable;
    * uses a large page cache and may drop secondary indexes, recreating them (sorted, and
      still checking uniqueness) before the commit.

    CHECK constraints, NOT NULL and unique indexes are enforced on every row as usual.
    """

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                    check_same_thread=False)
        self.rows_written = 0
        self._statements = _SqliteStatements()
        self._dropped: list[str] = []
        self._open = False
        self._checked: set[str] = set()

    def begin(self) -> None:
        """Set the load pragmas and start the write transaction (``BEGIN IMMEDIATE``)."""
        c = self.conn
        c.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        c.execute("PRAGMA journal_mode = WAL")
        c.execute("PRAGMA foreign_keys = OFF")
        c.execute("PRAGMA synchronous = OFF")
        c.execute("PRAGMA wal_autocheckpoint = 0")
        c.execute(f"PRAGMA cache_size = -{LOAD_CACHE_KIB}")
        c.execute("BEGIN IMMEDIATE")
        self._open = True

    def scalar(self, sql: str) -> Any:
        return self.conn.execute(sql).fetchone()[0]

    def insert(self, layout: Layout, rows: Sequence[Row]) -> int:
        """Insert ``rows`` (tuples laid out by ``layout``); return how many."""
        self._statements.insert(self.conn.cursor(), layout, rows)
        self.rows_written += len(rows)
        return len(rows)

    def schema(self, table: str) -> list[str]:
        """The ``CREATE`` statements of ``table`` and its indexes, table first."""
        return [sql for (sql,) in self.conn.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL ORDER BY type = 'index', name",
            (table,))]

    def copy_from(self, path: str, table: str) -> int:
        """Copy every row of ``table`` from the finished scratch file at ``path``; return how many.

        The scratch table has this table's exact schema (see :class:`ScratchWriter`), so with
        foreign keys off SQLite copies records and index entries as they are ("transfer
        optimization"; measured ~1.2 µs a row against ~4-6 µs to insert one); its CHECK,
        NOT NULL and unique constraints were enforced when the scratch file was written.
        The file stays attached until the connection closes (``DETACH`` is not allowed
        inside a transaction).
        """
        alias = f"scratch_{table}"
        self.conn.execute("ATTACH DATABASE ? AS " + alias, (path,))
        cursor = self.conn.execute(f'INSERT INTO main."{table}" SELECT * FROM {alias}."{table}"')
        self.rows_written += cursor.rowcount
        return cursor.rowcount

    def drop_indexes(self, tables: Sequence[str]) -> None:
        """Drop the secondary indexes of ``tables`` (recreated by :meth:`finish`)."""
        marks = ", ".join("?" * len(tables))
        found = self.conn.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({marks})",
            tuple(tables)).fetchall()
        for name, sql in found:
            self.conn.execute(f'DROP INDEX "{name}"')
            self._dropped.append(sql)

    def check_references(self, *tables: str) -> None:
        """Raise RuntimeError if a row of ``tables`` (default: all not yet checked) breaks a foreign key."""
        if not tables:
            names = [n for (n,) in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            tables = tuple(n for n in names if n not in self._checked)
        for table in tables:
            broken = self.conn.execute(f'PRAGMA foreign_key_check("{table}")').fetchmany(5)
            if broken:
                raise RuntimeError(f"the large demo would break foreign keys, e.g. {broken}; nothing was written")
            self._checked.add(table)

    def recreate_indexes(self) -> None:
        while self._dropped:
            self.conn.execute(self._dropped.pop(0))

    def finish(self, progress: Callable[[float], None] = lambda _f: None, start: float = 0.9) -> None:
        """Recreate dropped indexes, check every reference, commit, then make it durable.

        ``progress`` is told about the steps, from ``start`` towards 1.
        """
        step = (1.0 - start) / 4
        self.recreate_indexes()
        progress(start + step)
        self.check_references()
        progress(start + 2 * step)
        self.conn.execute("COMMIT")
        self._open = False
        self.conn.execute("PRAGMA synchronous = FULL")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        progress(start + 3 * step)

    def close(self) -> None:
        """Roll back anything not finished, then close the connection."""
        try:
            if self._open:
                self.conn.execute("ROLLBACK")
        finally:
            self._open = False
            self.conn.close()

    def __enter__(self) -> SqliteLoader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ScratchWriter:
    """Writes one table into a new scratch SQLite file, for :meth:`SqliteLoader.copy_from`.

    Used by the worker processes of :mod:`amtui.demo.large_workers`. The file is disposable,
    so it has no journal and no syncs; it gets the target's exact ``CREATE TABLE`` (so
    every CHECK, NOT NULL and unique constraint is enforced here, row by row) and its
    indexes (with ``late_indexes``: built sorted after the rows are in).
    """

    def __init__(self, path: str, table: str, schema: Sequence[str], page_size: int, *,
                 late_indexes: bool = True, cache_kib: int = LOAD_CACHE_KIB // 2) -> None:
        self.path = path
        self.table = table
        self.conn = sqlite3.connect(path, isolation_level=None)
        c = self.conn
        c.execute(f"PRAGMA page_size = {int(page_size)}")
        c.execute("PRAGMA journal_mode = OFF")
        c.execute("PRAGMA synchronous = OFF")
        c.execute("PRAGMA locking_mode = EXCLUSIVE")
        c.execute(f"PRAGMA cache_size = -{int(cache_kib)}")
        c.execute("BEGIN")
        c.execute(schema[0])
        self._indexes = list(schema[1:])
        if not late_indexes:
            while self._indexes:
                c.execute(self._indexes.pop(0))
        self._statements = _SqliteStatements()
        self.rows_written = 0

    def insert(self, layout: Layout, rows: Sequence[Row]) -> int:
        self._statements.insert(self.conn.cursor(), layout, rows)
        self.rows_written += len(rows)
        return len(rows)

    def finish(self) -> None:
        """Build the indexes, commit and close (the file is then ready to copy from)."""
        for sql in self._indexes:
            self.conn.execute(sql)
        self.conn.execute("COMMIT")
        self.conn.close()

    def close(self) -> None:
        self.conn.close()


class BulkWriter:
    """Writes chunks of tuples on an existing SQLAlchemy connection's open transaction.

    PostgreSQL gets ``COPY``, with ``synchronous_commit`` off for this transaction (a server
    crash right after the commit could lose the demo, which is then simply seeded again).
    :meth:`defer_constraints` drops the foreign keys and plain indexes of the tables about
    to be loaded, and :meth:`restore_constraints` adds them back in the same transaction:
    PostgreSQL checks a foreign key with a query per inserted row (a trigger), and adding
    the constraint afterwards checks every row with one join instead; its foreign keys are
    not deferrable, so ``SET CONSTRAINTS … DEFERRED`` is no option. CHECK, NOT NULL and
    unique constraints stay in place. SQLite (an in-memory database) gets the multi-row
    statements, foreign keys on.

    Attributes:
        conn: the SQLAlchemy connection (its transaction is the caller's).
        rows_written: running total, for progress and the rows/s figure.
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.postgres = conn.dialect.name == "postgresql"
        self.rows_written = 0
        self._raw = conn.connection.driver_connection
        self._statements = _SqliteStatements()
        self._restore: list[str] = []
        if self.postgres:
            conn.exec_driver_sql("SET LOCAL TIME ZONE 'UTC'")
            conn.exec_driver_sql("SET LOCAL synchronous_commit = off")

    def defer_constraints(self, tables: Sequence[str]) -> None:
        """PostgreSQL: drop the foreign keys and non-unique indexes of ``tables`` until
        :meth:`restore_constraints` (no-op on SQLite)."""
        if not self.postgres:
            return
        try:
            with self.conn.begin_nested():  # not allowed (e.g. not the tables' owner): load without
                self._defer(list(tables))
        except DBAPIError:
            self._restore.clear()

    def _defer(self, names: list[str]) -> None:
        fks = self.conn.exec_driver_sql(
            "SELECT t.relname, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
            "JOIN pg_class t ON t.oid = c.conrelid "
            "WHERE c.contype = 'f' AND t.relnamespace = current_schema()::regnamespace AND t.relname = ANY(%(t)s) "
            "ORDER BY t.relname, c.conname", {"t": names}).all()
        indexes = self.conn.exec_driver_sql(
            "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
            "JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid "
            "WHERE NOT x.indisunique AND NOT x.indisprimary AND t.relnamespace = current_schema()::regnamespace "
            "AND t.relname = ANY(%(t)s) ORDER BY i.relname", {"t": names}).all()
        for table, name, definition in fks:
            self.conn.exec_driver_sql(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            self._restore.append(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        for name, definition in indexes:
            self.conn.exec_driver_sql(f'DROP INDEX "{name}"')
            self._restore.append(definition)

    def restore_constraints(self, progress: Callable[[float], None] = lambda _f: None,
                            start: float = 0.9, end: float = 0.98) -> None:
        """Recreate what :meth:`defer_constraints` dropped; a broken reference raises here."""
        total = len(self._restore)
        while self._restore:
            self.conn.exec_driver_sql(self._restore.pop())
            progress(start + (end - start) * (total - len(self._restore)) / total)

    def insert(self, layout: Layout, rows: Sequence[Row]) -> int:
        """Insert ``rows`` (tuples laid out by ``layout``); return how many."""
        cursor = self._raw.cursor()  # type: ignore[union-attr]
        try:
            if self.postgres:
                names = ", ".join(layout.columns)
                full_row = layout.full_row
                with cursor.copy(f'COPY "{layout.table}" ({names}) FROM STDIN') as copy:
                    write = copy.write_row
                    if layout.constants or layout.copies or layout.nulls:
                        for row in rows:
                            write(full_row(row))
                    else:
                        for row in rows:
                            write(row)
            else:
                self._statements.insert(cursor, layout, rows)
        finally:
            cursor.close()
        self.rows_written += len(rows)
        return len(rows)
