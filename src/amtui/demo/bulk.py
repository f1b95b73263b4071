"""Fast bulk inserts for the large demo: SQLite multi-row ``INSERT``, PostgreSQL ``COPY``.

Rows are plain tuples in a given column order. Instants are passed as UTC text in SQLite's
stored format (``YYYY-MM-DD HH:MM:SS.ffffff``, see FACTS.md), which PostgreSQL also reads
once the transaction's time zone is UTC; days are ISO text; booleans are Python bools.
Binding through the ORM or Core types would cost several times more per row.

Why multi-row statements on SQLite: with a one-row ``executemany`` each row is a separate
statement run, and SQLite rebuilds the ``IN (…)`` lists of the enum CHECK constraints on
every run (measured here: ~6 of the ~15 µs a row costs). ``INSERT … VALUES (…), (…), …``
with a few hundred rows per run pays that once per run; every constraint, foreign key and
index is still checked row by row.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from typing import Any

from sqlalchemy import Connection

Row = tuple[Any, ...]
ROWS_PER_STATEMENT = 200
MAX_PARAMETERS = 32_000  # SQLite >= 3.32 allows 32,766 bound parameters per statement


class BulkWriter:
    """Writes chunks of tuples into tables on one connection's open transaction.

    Attributes:
        conn: the SQLAlchemy connection (its transaction is the caller's).
        rows_written: running total, for progress and the rows/s figure.
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.postgres = conn.dialect.name == "postgresql"
        self.rows_written = 0
        self._raw = conn.connection.driver_connection
        if self.postgres:
            conn.exec_driver_sql("SET LOCAL TIME ZONE 'UTC'")

    def insert(self, table: str, columns: Sequence[str], rows: list[Row]) -> int:
        """Insert ``rows`` (tuples in ``columns`` order) into ``table``; return how many."""
        names = ", ".join(columns)
        cursor = self._raw.cursor()  # type: ignore[union-attr]
        try:
            if self.postgres:
                with cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                self._sqlite_insert(cursor, table, names, len(columns), rows)
        finally:
            cursor.close()
        self.rows_written += len(rows)
        return len(rows)

    @staticmethod
    def _sqlite_insert(cursor: Any, table: str, names: str, width: int, rows: list[Row]) -> None:
        per = max(1, min(ROWS_PER_STATEMENT, MAX_PARAMETERS // width))
        one = "(" + ", ".join("?" * width) + ")"
        full = len(rows) // per * per
        if full:
            sql = f'INSERT INTO "{table}" ({names}) VALUES ' + ", ".join([one] * per)
            cursor.executemany(sql, (tuple(chain.from_iterable(rows[i:i + per])) for i in range(0, full, per)))
        rest = rows[full:]
        if rest:
            sql = f'INSERT INTO "{table}" ({names}) VALUES ' + ", ".join([one] * len(rest))
            cursor.execute(sql, tuple(chain.from_iterable(rest)))
