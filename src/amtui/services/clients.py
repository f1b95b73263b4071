"""Clients: the roster, one client's detail, and client/contact edits.

CONTRACT: the dataclasses below are final. The functions at the end are the public API; their
bodies live in :mod:`~amtui.services.client_reads` and :mod:`~amtui.services.client_edits`
(imported lazily, so those modules can use the dataclasses here without an import cycle).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from amtui.enums import (
    BookingStatus,
    ClientStatus,
    ClientTier,
    Direction,
    InteractionKind,
    ProjectKind,
    ProjectStatus,
    TaskPriority,
    TaskStatus,
)
from amtui.rules.cadence import Cadence
from amtui.rules.health import Health

if TYPE_CHECKING:
    from amtui.db import Database
    from amtui.services.roster_query import Facts


@dataclass(frozen=True)
class RosterRow:
    """One client in the roster (computed columns included)."""

    id: int
    name: str
    status: ClientStatus
    tier: ClientTier
    industry: str
    health: int  # 0..100
    health_band: str  # "good" | "watch" | "at_risk" (HealthBand value)
    cadence: str  # CadenceStatus value
    last_contact: date | None  # local calendar day of the newest interaction
    next_follow_up: date | None  # earliest open follow-up
    renewal_date: date | None
    monthly_retainer: int  # cents
    owner_id: int | None
    owner: str  # "" when none
    archived: bool


@dataclass(frozen=True)
class ClientRecord:
    """Every stored field of a client, with the version it was loaded at."""

    id: int
    version: int
    name: str
    status: ClientStatus
    tier: ClientTier
    industry: str
    monthly_retainer: int
    contract_start: date | None
    renewal_date: date | None
    cadence_ideal_days: int
    cadence_max_days: int
    owner_id: int | None
    owner: str
    notes: str
    archived: bool


@dataclass(frozen=True)
class ContactRow:
    id: int
    version: int
    client_id: int
    name: str
    role: str
    email: str
    phone: str
    is_primary: bool


@dataclass(frozen=True)
class InteractionRow:
    id: int
    version: int
    client_id: int
    occurred_at: datetime  # aware UTC
    kind: InteractionKind
    direction: Direction
    contact: str  # "" when none
    duration_minutes: int
    sentiment: int
    summary: str
    follow_up_on: date | None
    follow_up_done: bool
    logged_by: str = ""  # the team member who logged it; "" when not recorded


@dataclass(frozen=True)
class ProjectRow:
    id: int
    name: str
    kind: ProjectKind
    status: ProjectStatus
    start_on: date
    end_on: date
    budget: int  # original + approved change orders, cents
    spent: int  # cents
    pct_used: float  # 0..100+ (spent / budget * 100; 0 when budget is 0)
    pct_elapsed: float  # 0..100 of the project's period elapsed at today


@dataclass(frozen=True)
class TaskRow:
    id: int
    project: str
    title: str
    assignee: str
    due_on: date | None
    estimate_hours: float
    status: TaskStatus
    priority: TaskPriority


@dataclass(frozen=True)
class BookingRow:
    id: int
    vendor: str
    project: str
    starts_at: datetime
    ends_at: datetime
    cost: int
    status: BookingStatus


@dataclass(frozen=True)
class ClientDetail:
    client: ClientRecord
    health: Health
    cadence: Cadence
    last_contact: date | None
    contacts: list[ContactRow] = field(default_factory=list)
    timeline: list[InteractionRow] = field(default_factory=list)  # newest first
    projects: list[ProjectRow] = field(default_factory=list)
    open_tasks: list[TaskRow] = field(default_factory=list)  # by due date
    upcoming_bookings: list[BookingRow] = field(default_factory=list)  # by start


@dataclass(frozen=True)
class ClientForm:
    """What the client form submits (already-typed values; services validate)."""

    name: str
    status: ClientStatus = ClientStatus.ACTIVE
    tier: ClientTier = ClientTier.STANDARD
    industry: str = ""
    monthly_retainer: int = 0
    contract_start: date | None = None
    renewal_date: date | None = None
    cadence_ideal_days: int = 14
    cadence_max_days: int = 30
    owner_id: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class ContactForm:
    name: str
    role: str = ""
    email: str = ""
    phone: str = ""
    is_primary: bool = False


@dataclass(frozen=True)
class ClientRef:
    id: int
    name: str


@dataclass(frozen=True)
class MemberRef:
    id: int
    name: str


# --- reading -------------------------------------------------------------------------------


def roster(db: Database, today: date, tz: tzinfo, *, include_archived: bool = False,
           facts: Facts | None = None) -> list[RosterRow]:
    """Every client with health and cadence, sorted by name case-insensitively.

    Archived clients only with ``include_archived``. Set-based: a few queries whatever the size;
    fewer with ``facts`` already read for the same day (``today_queue_and_facts`` gives them).
    """
    from amtui.services import client_reads

    return client_reads.roster(db, today, tz, include_archived=include_archived, facts=facts)


def roster_row(db: Database, client_id: int, today: date, tz: tzinfo, *,
               include_archived: bool = False) -> RosterRow | None:
    """One client's roster row as :func:`roster` would give it (a few indexed queries, not the
    whole roster); None when the client is gone, or archived and ``include_archived`` is False."""
    from amtui.services import client_reads

    return client_reads.roster_row(db, client_id, today, tz, include_archived=include_archived)


def client_detail(db: Database, client_id: int, today: date, tz: tzinfo, *,
                  now: datetime | None = None) -> ClientDetail:
    """One client: contacts (primary first), timeline (newest first, max 500), projects with pace,
    open tasks (by due date, undated last), bookings ending at or after ``now`` (default: start
    of ``today``) and not cancelled, by start; with health, cadence and last contact.
    Raises NotFoundError."""
    from amtui.services import client_reads

    return client_reads.client_detail(db, client_id, today, tz, now=now)


def health_for(db: Database, client_id: int, today: date, tz: tzinfo) -> Health:
    """One client's health, computed exactly as in the roster. Raises NotFoundError."""
    from amtui.services import client_reads

    return client_reads.health_for(db, client_id, today, tz)


def get_client(db: Database, client_id: int) -> ClientRecord:
    """Every stored field of one client with its version. Raises NotFoundError."""
    from amtui.services import client_reads

    return client_reads.get_client(db, client_id)


def contacts_of(db: Database, client_id: int) -> list[ContactRow]:
    """A client's contacts that are not archived, the primary first, then by name."""
    from amtui.services import client_reads

    return client_reads.contacts_of(db, client_id)


def client_refs(db: Database) -> list[ClientRef]:
    """Clients not archived, by name (for pickers and the command palette)."""
    from amtui.services import client_reads

    return client_reads.client_refs(db)


def member_refs(db: Database) -> list[MemberRef]:
    """Active team members, by name."""
    from amtui.services import client_reads

    return client_reads.member_refs(db)


def find_client(db: Database, query: str) -> ClientRef:
    """The non-archived client ``query`` names, case-insensitively: an exact name wins, else a
    unique prefix, else a unique substring. Raises AmbiguousError (candidates sorted, at most
    10) or NotFoundError."""
    from amtui.services import client_reads

    return client_reads.find_client(db, query)


# --- writing -------------------------------------------------------------------------------


def create_client(db: Database, form: ClientForm) -> int:
    """Store a new client; returns its id. Raises ValidationError (nothing written)."""
    from amtui.services import client_edits

    return client_edits.create_client(db, form)


def update_client(db: Database, client_id: int, version: int, form: ClientForm) -> None:
    """Save ``form`` over a client loaded at ``version``.

    Raises NotFoundError, StaleEditError or ValidationError; nothing is written then."""
    from amtui.services import client_edits

    client_edits.update_client(db, client_id, version, form)


def set_archived(db: Database, client_id: int, version: int, archived: bool) -> None:
    """Archive or restore a client. Raises NotFoundError or StaleEditError."""
    from amtui.services import client_edits

    client_edits.set_archived(db, client_id, version, archived)


def add_contact(db: Database, client_id: int, form: ContactForm) -> int:
    """Add a contact to a client (a primary one un-primaries the others); returns its id."""
    from amtui.services import client_edits

    return client_edits.add_contact(db, client_id, form)


def update_contact(db: Database, contact_id: int, version: int, form: ContactForm) -> None:
    """Save ``form`` over a contact loaded at ``version``. Raises StaleEditError,
    NotFoundError or ValidationError."""
    from amtui.services import client_edits

    client_edits.update_contact(db, contact_id, version, form)


def archive_contact(db: Database, contact_id: int, version: int) -> None:
    """Hide a contact from the client's people (it stops being primary)."""
    from amtui.services import client_edits

    client_edits.archive_contact(db, contact_id, version)
