"""Which CSV column feeds which field: the header names of common CRM exports, and ``--map``.

Headers are compared *normalised*: case-folded, with ``_ - / . ( ) #`` and runs of spaces made
one space (``"Company_Name (Primary)"`` → ``"company name primary"``). Each field lists the
headers it accepts, best first; when a file has several (Salesforce's ``Subject`` and
``Comments``), the best one feeds the field and the others are reported as ignored.
``--map COLUMN=FIELD`` wins over the table; ``--map COLUMN=`` ignores a column. amtui's own
export writes the field names themselves as headers, so an export re-imports unchanged.

Pure: no database, no Textual.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from amtui.rules.text import clean_text, one_line

Kind = Literal["clients", "contacts", "interactions"]
KINDS: tuple[Kind, ...] = ("clients", "contacts", "interactions")

_SEPARATORS = re.compile(r"[\s_\-/.()#:\[\]]+")

# field → accepted headers, best first (the field's own name is always accepted, first).
_CLIENT_ID = ("external id", "record id", "company id", "account id", "id", "hubspot id", "salesforce id",
              "crm id", "company record id")
_PARENT_ID = ("client external id", "company id", "account id", "associated company id",
              "associated company ids", "associated company ids primary", "company record id")
_PARENT_NAME = ("client", "client name", "company name", "company", "account name", "account",
                "associated company", "associated company primary", "organization", "organisation")
HEADERS: Mapping[Kind, Mapping[str, tuple[str, ...]]] = {
    "clients": {
        "external_id": _CLIENT_ID,
        "name": ("name", "company name", "account name", "client name", "company", "account", "client",
                 "organization", "organisation", "organization name"),
        "status": ("status", "client status", "lifecycle stage", "account type", "type", "company type"),
        "tier": ("tier", "client tier", "account tier", "customer tier", "segment"),
        "industry": ("industry", "sector", "vertical"),
        "monthly_retainer": ("monthly retainer", "retainer", "mrr", "monthly recurring revenue",
                             "monthly fee"),
        "contract_start": ("contract start", "contract start date", "customer since",
                           "became a customer date", "start date"),
        "renewal_date": ("renewal date", "renewal", "contract end date", "contract end", "renewal due"),
        "cadence_ideal_days": ("cadence ideal days", "ideal cadence", "cadence ideal", "cadence days"),
        "cadence_max_days": ("cadence max days", "max cadence", "cadence max", "maximum cadence"),
        "owner": ("owner", "company owner", "account owner", "client owner", "hubspot owner",
                  "account manager", "owner name"),
        "notes": ("notes", "description", "company description", "account description", "about"),
        "archived": ("archived", "is archived"),
    },
    "contacts": {
        "external_id": ("external id", "record id", "contact id", "id", "hubspot id", "salesforce id",
                        "crm id", "contact record id"),
        "client_external_id": _PARENT_ID,
        "client": _PARENT_NAME,
        "name": ("name", "full name", "contact name", "contact"),
        "first_name": ("first name", "firstname", "given name"),
        "last_name": ("last name", "lastname", "surname", "family name"),
        "role": ("role", "job title", "title", "position"),
        "email": ("email", "email address", "e mail", "primary email"),
        "phone": ("phone", "phone number", "business phone", "mobile", "mobile phone", "mobile phone number",
                  "work phone"),
        "is_primary": ("primary", "is primary", "primary contact"),
        "archived": ("archived", "is archived"),
    },
    "interactions": {
        "external_id": ("external id", "record id", "activity id", "engagement id", "id", "task id",
                        "event id", "hubspot id", "salesforce id"),
        "client_external_id": _PARENT_ID,
        "client": _PARENT_NAME,
        "occurred_at": ("occurred at", "activity date", "date", "date time", "datetime", "timestamp",
                        "activity timestamp", "call date", "meeting date", "when", "start time"),
        "kind": ("kind", "activity type", "type", "engagement type", "task type", "channel"),
        "direction": ("direction", "call direction", "email direction"),
        "contact_external_id": ("contact external id", "contact id", "associated contact id",
                                "associated contact ids"),
        "contact": ("contact", "contact name", "associated contact", "name", "who"),
        "contact_email": ("contact email", "email", "associated contact email"),
        "duration_minutes": ("duration minutes", "duration", "duration min", "call duration minutes",
                             "minutes"),
        "summary": ("summary", "subject", "activity", "title", "call title", "meeting name", "notes",
                    "body", "description", "comments", "call notes", "note body", "body preview"),
        "sentiment": ("sentiment", "sentiment score", "mood"),
        "follow_up_on": ("follow up on", "follow up", "follow up date", "next follow up", "next step date"),
        "follow_up_done": ("follow up done", "follow up completed", "follow up complete"),
        "logged_by": ("logged by", "activity assigned to", "assigned to", "assigned", "activity owner",
                      "owner", "hubspot owner", "created by"),
    },
}

IGNORED_HEADERS = frozenset({"amtui id"})
"""Columns amtui's export adds for reference that an import never uses (not reported)."""


class MappingError(ValueError):
    """The header cannot feed the import; the message is meant for the user."""


@dataclass(frozen=True)
class HeaderMap:
    """Where each field's value is: ``columns[field]`` = cell index; the header per field for
    messages; the columns nobody reads (by header, as written in the file)."""

    columns: Mapping[str, int]
    headers: Mapping[str, str]
    ignored: tuple[str, ...]

    def describe(self) -> str:
        """``'Company name' → name, 'Record ID' → external_id``."""
        return ", ".join(f"'{self.headers[f]}' → {f}" for f in sorted(self.columns, key=self.columns.__getitem__))


def _shown(text: str) -> str:
    """A header or ``--map`` pair as quoted in a message: one clean line, cut short."""
    return f"'{one_line(text, 30)}'"


def _columns(headers: Sequence[str]) -> str:
    """The file's columns for a message: the first few, then how many more."""
    named = [h for h in headers if h.strip()]
    more = f" and {len(named) - 8} more" if len(named) > 8 else ""
    return (", ".join(_shown(h) for h in named[:8]) + more) or "none"


def normalise(header: str) -> str:
    """``"Company_Name (Primary)"`` → ``"company name primary"``."""
    return _SEPARATORS.sub(" ", header.replace("\ufeff", "").casefold()).strip()


def fields_of(kind: Kind) -> tuple[str, ...]:
    return tuple(HEADERS[kind])


def alias_table(kind: Kind) -> dict[str, tuple[str, int]]:
    """normalised header → (field, rank); the field's own name has rank 0."""
    table: dict[str, tuple[str, int]] = {}
    for field, aliases in HEADERS[kind].items():
        for rank, alias in enumerate((normalise(field), *aliases)):
            table.setdefault(alias, (field, rank))
    return table


def parse_overrides(pairs: Iterable[str], kind: Kind) -> dict[str, str | None]:
    """``["Company Domain=notes", "Owner="]`` → normalised column → field (None: ignore it)."""
    out: dict[str, str | None] = {}
    known = fields_of(kind)
    for pair in pairs:
        column, sep, field = pair.partition("=")
        column, field = column.strip(), field.strip().lower()
        if not sep or not column:
            raise MappingError(f"--map {_shown(pair)}: write COLUMN=FIELD (or COLUMN= to ignore a column)")
        if field and field not in known:
            raise MappingError(f"--map {_shown(pair)}: {_shown(field)} is not a {kind} field; "
                               f"fields: {', '.join(known)}")
        out[normalise(column)] = field or None
    return out


def map_headers(kind: Kind, headers: Sequence[str], overrides: Mapping[str, str | None] | None = None) -> HeaderMap:
    """Decide which column feeds which field. Raises MappingError when a ``--map`` column is not
    in the file, two columns are mapped to one field, or a required field has no column."""
    overrides = overrides or {}
    present = [normalise(h) for h in headers]
    missing = [c for c in overrides if c not in present]
    if missing:
        raise MappingError(f"--map names a column the file does not have ({', '.join(map(_shown, missing[:3]))}); "
                           f"columns: {_columns(headers)}")
    table = alias_table(kind)
    best: dict[str, tuple[int, int]] = {}  # field → (rank, index)
    forced: dict[str, int] = {}
    for index, norm in enumerate(present):
        if norm in overrides:
            field = overrides[norm]
            if field is not None:
                if field in forced:
                    both = f"{_shown(headers[forced[field]])} and {_shown(headers[index])}"
                    raise MappingError(f"--map sends both {both} to {field}")
                forced[field] = index
            continue
        if norm in table:
            field, rank = table[norm]
            if field not in best or rank < best[field][0]:
                best[field] = (rank, index)
    columns = {field: index for field, (_rank, index) in best.items()} | forced
    used = set(columns.values())
    ignored = tuple(clean_text(h) or f"column {i + 1} (no header)" for i, h in enumerate(headers)
                    if i not in used and present[i] not in IGNORED_HEADERS)
    header_map = HeaderMap(columns, {f: clean_text(headers[i]) for f, i in columns.items()}, ignored)
    _require(kind, header_map, headers)
    return header_map


def _require(kind: Kind, m: HeaderMap, headers: Sequence[str]) -> None:
    has = m.columns.__contains__
    needs: list[str] = []
    by_id = has("external_id") and kind != "interactions"  # a file that only updates rows by id
    if kind == "clients" and not (has("name") or by_id):
        needs.append("name (e.g. 'Name', 'Company name', 'Account Name')")
    if kind == "contacts" and not (has("name") or has("first_name") or has("last_name") or by_id):
        needs.append("name (e.g. 'Name', or 'First Name' and 'Last Name')")
    if kind in ("contacts", "interactions") and not (has("client") or has("client_external_id") or by_id):
        needs.append("the client (e.g. 'Client', 'Company name', 'Account Name' or 'Company ID')")
    if kind == "interactions":
        for field, example in (("occurred_at", "'Date', 'Activity date'"), ("kind", "'Type', 'Activity type'"),
                               ("summary", "'Summary', 'Subject', 'Notes'")):
            if not has(field):
                needs.append(f"{field} (e.g. {example})")
    if needs:
        raise MappingError(f"no column for {'; '.join(needs)}. The file's columns: {_columns(headers)}. "
                           "Name one with --map COLUMN=FIELD.")
