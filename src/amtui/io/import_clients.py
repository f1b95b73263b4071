"""Planning an import of clients or of their contacts (see :mod:`amtui.io.import_plan`).

Clients match an existing client by external id, else by name (case-insensitive); a client found
by name that carries another external id is an error, never a silent merge. Contacts match by
external id, else within their client by email, else by name. Columns a file has set the value
(an empty cell clears optional text, dates and the owner); columns it lacks leave stored values alone.
The same checks as the forms apply (:mod:`amtui.services.client_edits`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from amtui.enums import ClientStatus, ClientTier
from amtui.io.import_plan import SKIP, Context, Lookup, Plan, RowReader, changed, fold, put, stamp
from amtui.io.import_values import parse_amount, parse_bool, parse_day, parse_status, parse_tier, parse_whole
from amtui.models import Client, ClientContact, Workspace
from amtui.rules.cadence import validate_cadence
from amtui.rules.text import one_line
from amtui.services.client_edits import looks_like_email

Rows = Sequence[tuple[int, list[str]]]
CLIENT_COLUMNS = ("name", "status", "tier", "industry", "monthly_retainer", "contract_start", "renewal_date",
                  "cadence_ideal_days", "cadence_max_days", "owner_id", "notes", "external_id", "archived_at")
CONTACT_COLUMNS = ("client_id", "name", "role", "email", "phone", "is_primary", "external_id", "archived_at")


def _archive(r: RowReader, values: dict[str, Any], base: dict[str, Any], ctx: Context) -> None:
    flag = r.typed("archived", parse_bool)
    if flag is not SKIP and flag is not None and flag != (base["archived_at"] is not None):
        values["archived_at"] = ctx.now if flag else None


def _client_values(r: RowReader, ctx: Context, look: Lookup) -> dict[str, Any]:
    v: dict[str, Any] = {}
    name = r.text("name", 200)
    if name:  # an empty cell keeps the stored name; a new client without one is refused later
        put(v, "name", name, nullable=False)
    put(v, "status", r.typed("status", parse_status), nullable=False)
    put(v, "tier", r.typed("tier", parse_tier), nullable=False)
    put(v, "industry", r.text("industry", 100), nullable=False)
    put(v, "monthly_retainer", r.typed("monthly_retainer", lambda s: parse_amount(s, decimal_comma=ctx.decimal_comma)),
        nullable=False)
    for key in ("contract_start", "renewal_date"):
        put(v, key, r.typed(key, lambda s: parse_day(s, ctx.order)), nullable=True)
    for key in ("cadence_ideal_days", "cadence_max_days"):
        put(v, key, r.typed(key, lambda s: parse_whole(s, low=1, high=3650)), nullable=False)
    put(v, "owner_id", look.member(r, "owner"), nullable=True)
    put(v, "notes", r.text("notes", 20_000, multiline=True), nullable=False)
    ext = r.text("external_id", 200)
    if ext and ext is not SKIP:
        v["external_id"] = ext
    return v


def _check_client(r: RowReader, final: dict[str, Any]) -> None:
    try:
        validate_cadence(final["cadence_ideal_days"], final["cadence_max_days"])
    except ValueError as exc:
        r.error("cadence_max_days" if r.has("cadence_max_days") else "cadence_ideal_days", str(exc))
    start, renewal = final["contract_start"], final["renewal_date"]
    if start and renewal and renewal < start:
        r.error("renewal_date" if r.has("renewal_date") else "contract_start",
                f"the renewal ({renewal.isoformat()}) can't be before the contract start ({start.isoformat()})")


def plan_clients(ctx: Context, rows: Rows, progress: Any = None) -> Plan:
    """The clients ``rows`` create, update or leave unchanged (see the module docstring)."""
    plan = Plan(Client.__table__)  # type: ignore[attr-defined]
    look = Lookup(ctx.conn)
    ws = ctx.conn.execute(select(Workspace.default_cadence_ideal_days, Workspace.default_cadence_max_days)).first()
    defaults = {"status": ClientStatus.ACTIVE, "tier": ClientTier.STANDARD, "industry": "", "monthly_retainer": 0,
                "contract_start": None, "renewal_date": None, "cadence_ideal_days": ws[0] if ws else 14,
                "cadence_max_days": ws[1] if ws else 30, "owner_id": None, "notes": "", "external_id": None,
                "archived_at": None}
    q = select(Client.id, Client.version, *(getattr(Client, c) for c in CLIENT_COLUMNS))
    stored = {row.id: (row.version, {c: getattr(row, c) for c in CLIENT_COLUMNS}) for row in ctx.conn.execute(q)}
    seen: dict[object, int] = {}
    for n, (number, cells) in enumerate(rows):
        if progress and n % 500 == 0:
            progress(n)
        r = RowReader(number, cells, ctx.header, plan)
        values = _client_values(r, ctx, look)
        if r.failed:
            continue
        name, ext = values.get("name", ""), values.get("external_id", "")
        target = look.client_by_ext.get(ext) if ext else None
        if target is None and not name:
            r.error("name" if r.has("name") else "external_id", "the client's name is missing"
                    + (f" (no client has external id '{one_line(ext, 40)}')" if ext else ""))
            continue
        if target is None:
            target = look.client_by_name.get(fold(name))
            other = stored[target][1]["external_id"] if target is not None else None
            if target is not None and ext and other:
                r.error("external_id", f"a client named '{one_line(name, 40)}' already exists with external id "
                                       f"'{one_line(other, 40)}', not '{one_line(ext, 40)}'")
                continue
        elif name and look.client_by_name.get(fold(name), target) != target:
            r.error("name", f"another client is already named '{one_line(name, 40)}'")
            continue
        version, base = stored[target] if target is not None else (0, defaults)
        _archive(r, values, base, ctx)
        final = {**base, **values}
        keys: list[tuple[str, object]] = [("id", target)] if target is not None else [("ext", ext)] if ext else []
        keys.append(("name", fold(final["name"])))
        for key in keys:
            if key in seen:
                r.error("name" if key[0] == "name" else "external_id", f"the same client as row {seen[key]}")
                break
        _check_client(r, final)
        if r.failed:
            continue
        seen.update(dict.fromkeys(keys, number))
        if target is None:
            plan.creates.append(stamp(final, ctx.now))
        elif diff := changed(base, final):
            plan.updates.append((target, version, diff))
        else:
            plan.unchanged += 1
    return plan


def _contact_values(r: RowReader, look: Lookup, ctx: Context) -> dict[str, Any]:
    v: dict[str, Any] = {}
    client_id = look.client(r)
    if client_id is not None:
        v["client_id"] = client_id
    name = r.text("name", 200) if r.has("name") else ""
    if name == "":
        parts = [r.text(k, 100) for k in ("first_name", "last_name")]
        name = " ".join(p for p in parts if p and p is not SKIP)
    if name and name is not SKIP:
        v["name"] = name
    for key, most in (("role", 200), ("email", 320), ("phone", 64)):
        put(v, key, r.text(key, most), nullable=False)
    if v.get("email") and not looks_like_email(v["email"]):
        r.error("email", f"'{one_line(v['email'], 40)}' doesn't look like an email address")
    put(v, "is_primary", r.typed("is_primary", parse_bool), nullable=False)
    ext = r.text("external_id", 200)
    if ext and ext is not SKIP:
        v["external_id"] = ext
    return v


def plan_contacts(ctx: Context, rows: Rows, progress: Any = None) -> Plan:
    """The contacts ``rows`` create, update or leave unchanged; a primary contact makes the
    client's other contacts not primary (as the contact form does)."""
    plan = Plan(ClientContact.__table__)  # type: ignore[attr-defined]
    look = Lookup(ctx.conn)
    stored: dict[int, tuple[int, dict[str, Any]]] = {}
    by_key: dict[object, int] = {}
    for row in ctx.conn.execute(select(ClientContact.id, ClientContact.version,
                                       *(getattr(ClientContact, c) for c in CONTACT_COLUMNS))
                                .order_by(ClientContact.id)):
        data = {c: getattr(row, c) for c in CONTACT_COLUMNS}
        stored[row.id] = (row.version, data)
        for key in (("ext", data["external_id"]), ("email", data["client_id"], fold(data["email"])),
                    ("name", data["client_id"], fold(data["name"]))):
            if key[-1]:
                by_key.setdefault(key, row.id)
    updates: dict[int, tuple[int, dict[str, Any]]] = {}
    primary: dict[int, tuple[int, int | None]] = {}  # client → (row, contact id or None when new)
    seen: dict[object, int] = {}
    unchanged: set[int] = set()
    for n, (number, cells) in enumerate(rows):
        if progress and n % 500 == 0:
            progress(n)
        r = RowReader(number, cells, ctx.header, plan)
        values = _contact_values(r, look, ctx)
        if r.failed:
            continue
        cid, ext, name = values.get("client_id"), values.get("external_id"), values.get("name")
        email = fold(values.get("email"))
        target = by_key.get(("ext", ext)) if ext else None
        if target is None and (cid is None or not name):
            missing = "client" if cid is None else "name"
            column = next((c for c in (("client", "client_external_id") if cid is None else
                                       ("name", "last_name", "first_name")) if r.has(c)), "external_id")
            r.error(column, f"the contact's {missing} is missing"
                    + (f" (no contact has external id '{one_line(ext, 40)}')" if ext else ""))
            continue
        for key in ([("email", cid, email)] if email else []) + [("name", cid, fold(name))]:
            found = by_key.get(key)
            if target is None and found is not None and (not ext or stored[found][1]["external_id"] in (None, ext)):
                target = found
        assert target is not None or cid is not None
        cid = cid if cid is not None else stored[target][1]["client_id"]  # type: ignore[index]
        mark = ("id", target) if target is not None else ("new", cid, ext or email or fold(name))
        if mark in seen:
            r.error("name", f"the same contact as row {seen[mark]}")
            continue
        seen[mark] = number
        base_version, base = stored[target] if target is not None else (0, {
            "role": "", "email": "", "phone": "", "is_primary": False, "external_id": None, "archived_at": None})
        _archive(r, values, base, ctx)
        final = {**base, **values}
        if final["archived_at"] is not None:
            final["is_primary"] = False
        if final["is_primary"]:
            if cid in primary:
                r.error("is_primary", f"row {primary[cid][0]} already makes a primary contact for this client")
                continue
            primary[cid] = (number, target)
        if target is None:
            plan.creates.append(stamp(final, ctx.now))
        elif diff := changed(base, final):
            updates[target] = (base_version, diff)
        else:
            unchanged.add(target)
    for cid, (_row, keep) in primary.items():
        for other, (version, data) in stored.items():
            if data["client_id"] == cid and other != keep and data["is_primary"]:
                diff = updates.get(other, (version, {}))[1]
                if diff.get("is_primary", True):
                    updates[other] = (version, {**diff, "is_primary": False})
    plan.updates = [(cid, version, diff) for cid, (version, diff) in updates.items()]
    plan.unchanged = len(unchanged - updates.keys())
    return plan
