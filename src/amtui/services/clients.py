"""Clients: the roster, one client's detail, and client/contact edits.

CONTRACT (being implemented): the dataclasses below are final; the functions' bodies are
written by the services engineer. Screens may import and use them now.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

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
