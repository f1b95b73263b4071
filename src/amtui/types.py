"""Column types shared by every table: money, calendar days and timezone-aware UTC timestamps.

``Money`` stores integer minor units (cents) and refuses anything that is not an ``int``
(floats are never money). ``UTCDateTime`` refuses naive datetimes, stores UTC, and reads
back aware UTC datetimes on SQLite and PostgreSQL alike. ``Day`` is a plain ``DATE``.

SQLite keeps whatever text another tool wrote in a date column (``2026-02-30``, ``soon``,
``0000-01-01``); ``Day`` and ``UTCDateTime`` read such a value as ``None`` (no date) instead of
failing the whole query, and :func:`stored_day` / :func:`stored_instant` do the same for values
selected raw. PostgreSQL's types refuse such values on the way in.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import BigInteger, Date, DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator

MAX_STORED_MONEY = 2**53
"""The largest amount read back from a column holding something other than an int."""


class Money(TypeDecorator[int]):
    """Integer minor units of the workspace currency (e.g. cents)."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"money must be an int of minor units, not {type(value).__name__}")
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> int | None:
        """An int as stored; what another tool may have put in the column instead (SQLite keeps
        a REAL such as 1250.5 or 9e999 in an INTEGER column), or a PostgreSQL SUM's Decimal, as
        the nearest int within ``MAX_STORED_MONEY``."""
        if value is None or type(value) is int:
            return value
        try:
            number = float(value)
        except (TypeError, ValueError):
            return 0
        if math.isnan(number):
            return 0
        return int(max(-MAX_STORED_MONEY, min(MAX_STORED_MONEY, round(number))) if math.isfinite(number)
                   else MAX_STORED_MONEY if number > 0 else -MAX_STORED_MONEY)


class money_sum(FunctionElement[int]):  # noqa: N801 - used like func.sum
    """``SUM`` of a money expression that never overflows, read back as :class:`Money`.

    SQLite's SUM of integers fails the whole query with "integer overflow" past 2**63 (two
    amounts another tool wrote near it), so there it sums them as REAL: exact below 2**53, then
    clamped by ``Money`` like any amount beyond ``MAX_STORED_MONEY``. PostgreSQL's SUM of BIGINT is
    already NUMERIC. ``NULL`` for no rows, as ``SUM``.
    """

    type = Money()
    name = "money_sum"
    inherit_cache = True


@compiles(money_sum)
def _money_sum(element: money_sum, compiler: Any, **kw: Any) -> str:
    return f"sum({compiler.process(element.clauses, **kw)})"


@compiles(money_sum, "sqlite")
def _money_sum_sqlite(element: money_sum, compiler: Any, **kw: Any) -> str:
    return f"sum(CAST({compiler.process(element.clauses, **kw)} AS REAL))"


def stored_day(value: Any) -> date | None:
    """A day as SQLite stores it (``YYYY-MM-DD`` text); ``None`` for anything that is not a real day."""
    if value is None or type(value) is date:
        return value
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def stored_instant(value: Any) -> datetime | None:
    """An instant as SQLite stores it (UTC text) or a driver gives it, aware in UTC; ``None`` for
    anything that is not a real instant."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Day(TypeDecorator[date]):
    """A calendar day (``DATE``); on SQLite a stored text that is no real day reads as ``None``."""

    impl = Date
    cache_ok = True

    def result_processor(self, dialect: Dialect, coltype: Any) -> Callable[[Any], date | None] | None:
        if dialect.name == "sqlite":
            return stored_day
        return super().result_processor(dialect, coltype)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware instant, stored in UTC.

    SQLite keeps ``YYYY-MM-DD HH:MM:SS.ffffff`` in UTC (so text comparison orders instants);
    PostgreSQL keeps ``timestamptz``. Naive datetimes are refused on the way in.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, not {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime refused: timestamps must carry a timezone")
        utc = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return utc.replace(tzinfo=None)
        return utc

    def result_processor(self, dialect: Dialect, coltype: Any) -> Callable[[Any], datetime | None] | None:
        if dialect.name == "sqlite":
            return stored_instant  # the text as stored; what is no real instant reads as None
        return super().result_processor(dialect, coltype)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return stored_instant(value)


def utc_now() -> datetime:
    """The current instant, aware, in UTC."""
    return datetime.now(UTC)
