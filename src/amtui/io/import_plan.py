"""What an import will do, worked out before anything is written, and the pieces every kind shares.

A :class:`Plan` lists the rows to insert, the rows to update (with the version they were read
at) and how many rows of the file change nothing; :class:`RowError` says what is wrong where.
:class:`RowReader` reads one CSV row field by field, recording errors instead of raising, so a
file reports all its problems at once. :class:`Lookup` resolves clients, contacts and team
members by external id, email or name (case-insensitive, exact: an import never guesses).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any, TypeVar

from sqlalchemy import Table, select
from sqlalchemy.engine import Connection

from amtui.io.csv_mapping import HeaderMap
from amtui.io.import_values import DayOrder, clean
from amtui.models import Client, TeamMember
from amtui.rules.text import one_line

T = TypeVar("T")
SKIP: Any = object()
"""A field the row does not set: its column is absent, or its cell could not be read."""
MAX_ERRORS = 500


@dataclass(frozen=True)
class RowError:
    """One problem: the spreadsheet row (None: the whole file), the column header, the message."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [f"row {self.row}"] if self.row is not None else []
        if self.column:
            where.append(f"column '{one_line(self.column, 40)}'")
        return (", ".join(where) + ": " if where else "") + self.message


@dataclass
class Plan:
    """The changes one file makes to ``table``; nothing is written while ``errors`` is not empty."""

    table: Table
    creates: list[dict[str, Any]] = field(default_factory=list)
    updates: list[tuple[int, int, dict[str, Any]]] = field(default_factory=list)  # id, version, values
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0

    def error(self, row: int | None, column: str | None, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowError(row, column, message))


@dataclass(frozen=True)
class Context:
    """What every planner needs: the open connection, the file's mapping and the clock."""

    conn: Connection
    header: HeaderMap
    order: DayOrder
    decimal_comma: bool
    now: datetime  # aware: bounds occurred_at and stamps created/updated rows

    @property
    def tz(self) -> tzinfo:
        assert self.now.tzinfo is not None
        return self.now.tzinfo


class RowReader:
    """One row's cells by field; parse errors go to the plan with row and column."""

    def __init__(self, number: int, cells: Sequence[str], header: HeaderMap, plan: Plan) -> None:
        self.number, self.cells, self.header, self.plan = number, cells, header, plan
        self.failed = False

    def has(self, name: str) -> bool:
        return name in self.header.columns

    def raw(self, name: str) -> str:
        return self.cells[self.header.columns[name]].strip() if self.has(name) else ""

    def error(self, name: str | None, message: str) -> None:
        self.failed = True
        self.plan.error(self.number, self.header.headers.get(name or "", None), message)

    def text(self, name: str, max_len: int, *, multiline: bool = False) -> Any:
        """Cleaned text ("" for an empty cell); SKIP when the column is absent or too long."""
        if not self.has(name):
            return SKIP
        value = clean(self.raw(name), multiline=multiline)
        if len(value) > max_len:
            self.error(name, f"at most {max_len} characters (this has {len(value)})")
            return SKIP
        return value

    def typed(self, name: str, parse: Callable[[str], T]) -> Any:
        """``parse(cell)``; None for an empty cell; SKIP when absent or unreadable."""
        if not self.has(name):
            return SKIP
        cell = self.raw(name)
        if not cell:
            return None
        try:
            return parse(cell)
        except ValueError as exc:
            self.error(name, str(exc))
            return SKIP


def put(values: dict[str, Any], column: str, value: Any, *, nullable: bool) -> None:
    """Set ``values[column]`` unless ``value`` is SKIP (or None for a non-nullable column)."""
    if value is SKIP or (value is None and not nullable):
        return
    values[column] = value


def changed(base: Mapping[str, Any], final: Mapping[str, Any]) -> dict[str, Any]:
    """The columns of ``final`` that differ from ``base``."""
    return {k: v for k, v in final.items() if base.get(k) != v}


def fold(text: str | None) -> str:
    return clean(text or "").casefold()


class Lookup:
    """Team members and clients, found exactly (case-insensitive) by name, email or external id."""

    def __init__(self, conn: Connection) -> None:
        self.members: dict[str, int] = {}
        for mid, name, email in conn.execute(select(TeamMember.id, TeamMember.name, TeamMember.email)):
            self.members.setdefault(fold(name), mid)
            if email:
                self.members.setdefault(fold(email), mid)
        self.client_by_ext: dict[str, int] = {}
        self.client_by_name: dict[str, int] = {}
        self.client_name: dict[int, str] = {}
        for cid, name, ext in conn.execute(select(Client.id, Client.name, Client.external_id)):
            self.client_by_name[fold(name)] = cid
            self.client_name[cid] = name
            if ext:
                self.client_by_ext[ext] = cid

    def member(self, reader: RowReader, name: str) -> Any:
        """The team member the cell names (None when empty); SKIP with an error when unknown."""
        cell = reader.raw(name) if reader.has(name) else None
        if cell is None:
            return SKIP
        if not cell:
            return None
        found = self.members.get(fold(cell))
        if found is None:
            reader.error(name, f"no team member named '{one_line(cell, 40)}': add them on the Team screen "
                               f"first, or leave the column out with --map '{reader.header.headers[name]}='")
            return SKIP
        return found

    def client(self, reader: RowReader) -> int | None:
        """The client a contact or interaction row belongs to (by external id, else by name); None
        when the row names none (no error) or one that does not exist (an error)."""
        if not (reader.has("client") or reader.has("client_external_id")):
            return None  # a file updating contacts by their own id
        ext = reader.raw("client_external_id").split(";")[0].strip()
        name = clean(reader.raw("client"))
        if ext and ext in self.client_by_ext:
            return self.client_by_ext[ext]
        if name and fold(name) in self.client_by_name:
            return self.client_by_name[fold(name)]
        if ext:
            reader.error("client_external_id", f"no client with external id '{one_line(ext, 40)}'"
                         + (f" or named '{one_line(name, 40)}'" if name else "") + ": import the clients first")
        elif name:
            reader.error("client", f"no client named '{one_line(name, 40)}': import the clients first")
        return None


def stamp(values: dict[str, Any], now: datetime) -> dict[str, Any]:
    """A new row's bookkeeping columns."""
    return {"version": 1, "created_at": now, "updated_at": now, **values}
