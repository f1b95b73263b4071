"""Every table as CSV or JSON (``amtui export TABLE --format csv|json``).

* **Clients, contacts, interactions** are written in the import format: the headers are the
  import's field names, references are by name and external id (``owner``, ``client``,
  ``contact``), so an export re-imports to the same data — into the same workspace (nothing
  changes) or into another one that has the same team members. ``amtui_id`` is for reference
  only; an import ignores it.
* **Other tables** are their stored columns, ``id`` first, references as ids.
* **Money** is decimal major units (``1250.50``: cents are exact, a spreadsheet reads a number);
  the currency is the workspace's (``amtui export workspace``). **Dates** are ISO
  (``2026-11-24``), **instants** ISO 8601 UTC (``2026-11-24T08:30:00Z``), yes/no ``true``/``false``.
* **CSV** is UTF-8 with a BOM (so Excel reads accents), CRLF, quoted where needed. A text cell
  that a spreadsheet would run as a formula (starting ``= + - @``, tab or CR) gets a leading
  ``'``; numbers like ``-12.5`` stay numbers. The import removes that quote again.
* **Text** loses control characters (ESC, C1, NUL …) another tool may have stored; tab and line
  breaks stay.
* **JSON** is a list of objects with the same keys; money is a number in major units.
* Files are written atomically (a temporary file renamed over the target) and owner-only (0600).

Heavy imports happen inside functions: ``amtui --help`` imports this module's names.
"""

from __future__ import annotations

import csv
import json
import os
import re
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

from amtui.rules.text import without_control_codes

if TYPE_CHECKING:
    from sqlalchemy import Select

    from amtui.db import Database

Format = Literal["csv", "json"]
TABLE_NAMES = ("clients", "contacts", "interactions", "team", "time-off", "projects", "change-orders", "tasks",
               "vendors", "bookings", "spend", "snoozes", "workspace")
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def neutralise(cell: str) -> str:
    """``=1+1`` → ``'=1+1``; ``-12.5`` stays. Reversible: the import strips exactly one quote."""
    return "'" + cell if _FORMULA.match(cell) and not _NUMBER.fullmatch(cell) else cell


def money_text(cents: int) -> str:
    """``125050`` → ``"1250.50"``; ``-500`` → ``"-5.00"``."""
    units, rest = divmod(abs(int(cents)), 100)
    return f"{'-' if cents < 0 else ''}{units}.{rest:02d}"


def instant_text(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def plain(value: Any, money: bool = False) -> Any:
    """A JSON value: ISO dates and instants, enum values, money as a major-unit number."""
    if value is None or isinstance(value, bool):
        return value
    if money:
        return int(value) // 100 if int(value) % 100 == 0 else int(value) / 100
    if isinstance(value, datetime):
        return instant_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str):
        return without_control_codes(value)  # another tool may have stored escape codes
    return value


def cell(value: Any, money: bool = False) -> str:
    """A CSV cell (before neutralising)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if money:
        return money_text(value)
    v = plain(value)
    return repr(v) if isinstance(v, float) else str(v)


def _query(table: str) -> tuple[list[str], set[str], Select[Any]]:
    """(headers, money headers, select) for ``table``."""
    from sqlalchemy import select
    from sqlalchemy.orm import aliased

    from amtui import models as m
    from amtui.types import Money

    if table == "clients":
        owner = aliased(m.TeamMember)
        q = (select(m.Client.external_id, m.Client.name, m.Client.status, m.Client.tier, m.Client.industry,
                    m.Client.monthly_retainer, m.Client.contract_start, m.Client.renewal_date,
                    m.Client.cadence_ideal_days, m.Client.cadence_max_days, owner.name, m.Client.notes,
                    m.Client.archived_at.is_not(None), m.Client.id)
             .outerjoin(owner, owner.id == m.Client.owner_id).order_by(m.Client.id))
        return ["external_id", "name", "status", "tier", "industry", "monthly_retainer", "contract_start",
                "renewal_date", "cadence_ideal_days", "cadence_max_days", "owner", "notes", "archived",
                "amtui_id"], {"monthly_retainer"}, q
    if table == "contacts":
        c = m.ClientContact
        q = (select(c.external_id, m.Client.external_id, m.Client.name, c.name, c.role, c.email, c.phone,
                    c.is_primary, c.archived_at.is_not(None), c.id)
             .join(m.Client, m.Client.id == c.client_id).order_by(c.id))
        return ["external_id", "client_external_id", "client", "name", "role", "email", "phone", "is_primary",
                "archived", "amtui_id"], set(), q
    if table == "interactions":
        i, who = m.Interaction, aliased(m.TeamMember)
        q = (select(i.external_id, m.Client.external_id, m.Client.name, i.occurred_at, i.kind, i.direction,
                    m.ClientContact.external_id, m.ClientContact.name, m.ClientContact.email, i.duration_minutes,
                    i.summary, i.sentiment, i.follow_up_on, i.follow_up_done, who.name, i.id)
             .join(m.Client, m.Client.id == i.client_id)
             .outerjoin(m.ClientContact, m.ClientContact.id == i.contact_id)
             .outerjoin(who, who.id == i.logged_by_id).order_by(i.occurred_at, i.id))
        return ["external_id", "client_external_id", "client", "occurred_at", "kind", "direction",
                "contact_external_id", "contact", "contact_email", "duration_minutes", "summary", "sentiment",
                "follow_up_on", "follow_up_done", "logged_by", "amtui_id"], set(), q
    model = {"team": m.TeamMember, "time-off": m.TimeOff, "projects": m.Project, "change-orders": m.ChangeOrder,
             "tasks": m.Task, "vendors": m.Vendor, "bookings": m.Booking, "spend": m.Spend, "snoozes": m.Snooze,
             "workspace": m.Workspace}[table]
    columns = list(model.__table__.columns)  # type: ignore[attr-defined]
    first = [c for c in columns if c.primary_key]
    last = [c for c in columns if c.name in ("version", "created_at", "updated_at")]
    ordered = first + [c for c in columns if c not in first and c not in last] + last
    money = {c.name for c in ordered if isinstance(c.type, Money)}
    return [c.name for c in ordered], money, select(*ordered).order_by(*first)


def _rows(db: Database, table: str) -> tuple[list[str], set[str], list[tuple[Any, ...]]]:
    headers, money, q = _query(table)
    with db.read() as session:
        rows = [tuple(r) for r in session.connection().execute(q)]
    return headers, money, rows


def _csv(out: IO[str], headers: list[str], money: set[str], rows: list[tuple[Any, ...]],
         tick: Callable[[], None]) -> None:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    flags = [h in money for h in headers]
    for row in rows:
        writer.writerow([neutralise(cell(v, f)) for v, f in zip(row, flags, strict=True)])
        tick()


def _json(out: IO[str], headers: list[str], money: set[str], rows: list[tuple[Any, ...]],
          tick: Callable[[], None]) -> None:
    flags = [h in money for h in headers]
    out.write("[")
    for n, row in enumerate(rows):
        item = {h: plain(v, f) for h, v, f in zip(headers, row, flags, strict=True)}
        out.write(("," if n else "") + "\n  " + json.dumps(item, ensure_ascii=False))
        tick()
    out.write("\n]\n" if rows else "]\n")


def export_table(db: Database, table: str, fmt: Format, out: IO[str],
                 progress: Callable[[int, int], None] | None = None) -> int:
    """Write ``table`` to ``out`` as ``fmt``; returns the number of rows.
    ``progress(done, total)`` is called every 1,000 rows."""
    if table not in TABLE_NAMES:
        raise ValueError(f"unknown table {table!r}; choose one of: {', '.join(TABLE_NAMES)}")
    headers, money, rows = _rows(db, table)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None and (done % 1000 == 0 or done == len(rows)):
            progress(done, len(rows))

    (_csv if fmt == "csv" else _json)(out, headers, money, rows, tick)
    return len(rows)


def export_text(db: Database, table: str, fmt: Format) -> str:
    """The whole export as one string (without the BOM a CSV file gets)."""
    import io

    buffer = io.StringIO(newline="")
    export_table(db, table, fmt, buffer)
    return buffer.getvalue()


def write_private(path: Path, write: Callable[[IO[str]], Any], *, bom: bool = False) -> Any:
    """Call ``write(stream)`` on a new owner-only (0600) temporary file beside ``path``, then
    rename it over ``path``: a reader never sees half a file. Returns what ``write`` returned."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
            result = write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return result
