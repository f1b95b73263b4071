"""Planning an import of interactions (calls, emails, meetings … from a CRM's activity export).

An interaction matches a stored one by external id, else by its natural key: the same client,
instant (to the microsecond), kind and summary. The checks are those of logging a touch
(:mod:`amtui.services.interactions`): a summary, a time not in the future, duration and
sentiment in range, a follow-up not before the touch. Unlike logging, touches of archived
clients are accepted: an import brings history in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from amtui.enums import Direction
from amtui.io.import_plan import SKIP, Context, Lookup, Plan, RowReader, changed, fold, put, stamp
from amtui.io.import_values import (
    parse_bool,
    parse_day,
    parse_direction,
    parse_instant,
    parse_kind,
    parse_minutes,
    parse_sentiment,
)
from amtui.models import ClientContact, Interaction
from amtui.rules.text import one_line
from amtui.services.interactions import CLOCK_SKEW, EPOCH, MAX_DURATION_MINUTES, SUMMARY_MAX

Rows = Sequence[tuple[int, list[str]]]
COLUMNS = ("client_id", "contact_id", "logged_by_id", "kind", "direction", "occurred_at", "duration_minutes",
           "summary", "sentiment", "follow_up_on", "follow_up_done", "external_id")
DEFAULTS = {"contact_id": None, "logged_by_id": None, "direction": Direction.OUTBOUND, "duration_minutes": 0,
            "sentiment": 0, "follow_up_on": None, "follow_up_done": False, "external_id": None}
CHUNK = 500


class Contacts:
    """A client's contacts by external id, email and name."""

    def __init__(self, ctx: Context) -> None:
        self.by: dict[object, list[int]] = {}
        self.client_of: dict[int, int] = {}
        for cid, client_id, name, email, ext in ctx.conn.execute(
                select(ClientContact.id, ClientContact.client_id, ClientContact.name, ClientContact.email,
                       ClientContact.external_id).order_by(ClientContact.id)):
            self.client_of[cid] = client_id
            for key in (("ext", ext), ("email", client_id, fold(email)), ("name", client_id, fold(name))):
                if key[-1]:
                    self.by.setdefault(key, []).append(cid)

    def find(self, r: RowReader, client_id: int) -> Any:
        """The contact the row names (None when it names none); SKIP with an error when unknown."""
        ext, email, name = (r.raw(k) for k in ("contact_external_id", "contact_email", "contact"))
        if not (r.has("contact_external_id") or r.has("contact_email") or r.has("contact")):
            return SKIP
        given = []
        for field, key in (("contact_external_id", ("ext", ext)), ("contact_email", ("email", client_id, fold(email))),
                           ("contact", ("name", client_id, fold(name)))):
            if not key[-1]:
                continue
            given.append(field)
            found = [c for c in self.by.get(key, []) if self.client_of[c] == client_id]
            if len(found) > 1:
                r.error(field, f"{len(found)} contacts of this client are named '{one_line(name, 40)}': "
                               "add a contact email column to say which")
                return SKIP
            if found:
                return found[0]
        if given:
            r.error(given[0], f"'{one_line(r.raw(given[0]), 40)}' is not a contact of this client: import the "
                              f"contacts first, or leave the column out with --map '{r.header.headers[given[0]]}='")
            return SKIP
        return None


def _values(r: RowReader, ctx: Context, look: Lookup, people: Contacts) -> dict[str, Any]:
    v: dict[str, Any] = {}
    client_id = look.client(r)
    at = r.typed("occurred_at", lambda s: parse_instant(s, ctx.order, ctx.tz))
    if at is None:
        r.error("occurred_at", "when it happened is missing")
    elif at is not SKIP:
        if at > ctx.now + CLOCK_SKEW:
            r.error("occurred_at", "that is in the future: import touches that already happened")
        elif at < EPOCH:
            r.error("occurred_at", "that is before 1970: check the date")
        v["occurred_at"] = at.astimezone(UTC)
    kind = r.typed("kind", parse_kind)
    if kind is None:
        r.error("kind", "the kind is missing (call, email, meeting, message or note)")
    put(v, "kind", kind, nullable=False)
    summary = r.text("summary", SUMMARY_MAX)
    if summary == "":
        r.error("summary", "the summary is missing")
    put(v, "summary", summary, nullable=False)
    put(v, "direction", r.typed("direction", parse_direction), nullable=False)
    minutes = r.typed("duration_minutes", parse_minutes)
    if minutes not in (SKIP, None) and minutes > MAX_DURATION_MINUTES:
        r.error("duration_minutes", f"at most {MAX_DURATION_MINUTES} minutes (24 hours)")
    put(v, "duration_minutes", minutes, nullable=False)
    put(v, "sentiment", r.typed("sentiment", parse_sentiment), nullable=False)
    follow = r.typed("follow_up_on", lambda s: parse_day(s, ctx.order))
    day = v["occurred_at"].astimezone(ctx.tz).date() if "occurred_at" in v else None
    if follow not in (SKIP, None) and day is not None and follow < day:
        r.error("follow_up_on", f"the follow-up can't be before the touch ({day.isoformat()})")
    put(v, "follow_up_on", follow, nullable=True)
    put(v, "follow_up_done", r.typed("follow_up_done", parse_bool), nullable=False)
    put(v, "logged_by_id", look.member(r, "logged_by"), nullable=True)
    if client_id is None and not r.failed:
        r.error("client" if r.has("client") else "client_external_id", "the client is missing")
    if client_id is not None:
        v["client_id"] = client_id
        put(v, "contact_id", people.find(r, client_id), nullable=True)
    ext = r.text("external_id", 200)
    if ext and ext is not SKIP:
        v["external_id"] = ext
    return v


def _stored(ctx: Context, parsed: list[tuple[RowReader, dict[str, Any]]]) -> list[Any]:
    """The stored interactions a row may match: by external id, or of the file's clients within
    the file's time span."""
    clients = sorted({v["client_id"] for _, v in parsed})
    times = [v["occurred_at"] for _, v in parsed]
    columns = (Interaction.id, Interaction.version, *(getattr(Interaction, c) for c in COLUMNS))
    found: dict[int, Any] = {}
    for i in range(0, len(clients) if times else 0, CHUNK):
        found.update((r.id, r) for r in ctx.conn.execute(select(*columns).where(
            Interaction.client_id.in_(clients[i:i + CHUNK]), Interaction.occurred_at.between(min(times), max(times)))))
    known = {r.external_id for r in found.values()}
    exts = sorted({v["external_id"] for _, v in parsed if "external_id" in v} - known)
    for i in range(0, len(exts), CHUNK):  # moved to another client or time: still the same interaction
        found.update((r.id, r) for r in ctx.conn.execute(select(*columns).where(
            Interaction.external_id.in_(exts[i:i + CHUNK]))))
    return list(found.values())


def _key(v: Any) -> tuple[int, datetime, str, str]:
    return v["client_id"], v["occurred_at"].astimezone(UTC), str(v["kind"]), v["summary"]


def plan_interactions(ctx: Context, rows: Rows, progress: Any = None) -> Plan:
    """The interactions ``rows`` create, update or leave unchanged (see the module docstring)."""
    plan = Plan(Interaction.__table__)  # type: ignore[attr-defined]
    look, people = Lookup(ctx.conn), Contacts(ctx)
    parsed = []
    for n, (number, cells) in enumerate(rows):
        if progress and n % 500 == 0:
            progress(n)
        r = RowReader(number, cells, ctx.header, plan)
        values = _values(r, ctx, look, people)
        if not r.failed:
            parsed.append((r, values))
    by_ext: dict[str, tuple[int, dict[str, Any]]] = {}
    by_key: dict[object, tuple[int, dict[str, Any]]] = {}
    rows_by_id: dict[int, tuple[int, dict[str, Any]]] = {}
    for row in _stored(ctx, parsed):
        data = {c: getattr(row, c) for c in COLUMNS}
        rows_by_id[row.id] = (row.version, data)
        if data["external_id"]:
            by_ext[data["external_id"]] = (row.id, data)
        by_key.setdefault(_key(data), (row.id, data))
    seen: dict[object, int] = {}
    for r, values in parsed:
        ext = values.get("external_id")
        match = by_ext.get(ext) if ext else None
        candidate = by_key.get(_key(values)) if match is None else None
        if candidate is not None and (not ext or candidate[1]["external_id"] in (None, ext)):
            match = candidate
        mark = ("id", match[0]) if match else ("ext", ext) if ext else ("key", _key(values))
        if mark in seen:
            r.error("summary" if mark[0] == "key" else "external_id", f"the same interaction as row {seen[mark]}")
            continue
        seen[mark] = r.number
        if match is None:
            plan.creates.append(stamp({**DEFAULTS, **values}, ctx.now))
            continue
        version, base = rows_by_id[match[0]]
        if diff := changed(base, {**base, **values}):
            plan.updates.append((match[0], version, diff))
        else:
            plan.unchanged += 1
    return plan
