"""The one domain model: SQLModel tables shared by every screen, service and command.

Stored facts only. Health, last contact, utilisation, burn and urgency are computed in
``rules/`` from these rows, never stored. Money is integer minor units (:class:`Money`),
instants are aware UTC (:class:`UTCDateTime`), calendar days are ``date``. Every mutable row
carries a ``version`` used as SQLAlchemy's ``version_id_col``: a stale update raises
``StaleDataError`` instead of overwriting somebody else's edit.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, func, text
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from amtui.enums import (
    BookingStatus,
    ChangeOrderStatus,
    ClientStatus,
    ClientTier,
    Direction,
    Discipline,
    InteractionKind,
    ProjectKind,
    ProjectStatus,
    SpendCategory,
    TaskPriority,
    TaskStatus,
    VendorService,
)
from amtui.types import Day, Money, UTCDateTime, utc_now

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING


def enum_type(enum: type[StrEnum], name: str) -> SAEnum:
    """A portable enum column: stored as its lower-case value in a VARCHAR with a CHECK."""
    return SAEnum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=16,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


def fk(target: str, ondelete: str) -> ForeignKey:
    return ForeignKey(target, ondelete=ondelete)


class Versioned(SQLModel):
    """Mixin: an optimistic-lock version column and created/updated timestamps."""

    version: int = Field(default=1, nullable=False)
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(
        default_factory=utc_now,
        sa_type=UTCDateTime,
        nullable=False,
        sa_column_kwargs={"onupdate": utc_now},
    )

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, object]:  # noqa: N805 - declarative hook
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class Workspace(Versioned, table=True):
    """Workspace settings: one row (id = 1)."""

    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("variance_threshold_pct >= 0", name="variance_nonneg"),
        CheckConstraint("default_cadence_ideal_days >= 1", name="cadence_ideal_pos"),
        CheckConstraint("default_cadence_max_days >= default_cadence_ideal_days", name="cadence_order"),
    )

    id: int = Field(default=1, primary_key=True)
    agency_name: str = Field(default="My agency", max_length=200)
    currency: str = Field(default="EUR", max_length=3)
    variance_threshold_pct: float = 5.0
    default_cadence_ideal_days: int = 14
    default_cadence_max_days: int = 30
    working_days: str = Field(default="mon,tue,wed,thu,fri", max_length=40)
    is_demo: bool = False


class TeamMember(Versioned, table=True):
    __tablename__ = "team_member"
    __table_args__ = (
        CheckConstraint("weekly_capacity_hours >= 0 AND weekly_capacity_hours <= 168", name="capacity_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    discipline: Discipline = Field(sa_type=enum_type(Discipline, "discipline"))
    title: str = Field(default="", max_length=200)
    email: str = Field(default="", max_length=320)
    weekly_capacity_hours: float = 40.0
    active: bool = True


class TimeOff(Versioned, table=True):
    __tablename__ = "time_off"
    __table_args__ = (
        CheckConstraint("last_day >= first_day", name="order"),
        Index(None, "member_id", "first_day"),
    )

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(sa_column_args=[fk("team_member.id", "CASCADE")], nullable=False)
    first_day: date = Field(sa_type=Day)
    last_day: date = Field(sa_type=Day)
    reason: str = Field(default="", max_length=200)


class Client(Versioned, table=True):
    __table_args__ = (
        CheckConstraint("monthly_retainer >= 0", name="retainer_nonneg"),
        CheckConstraint("cadence_ideal_days >= 1", name="cadence_ideal_pos"),
        CheckConstraint("cadence_max_days >= cadence_ideal_days", name="cadence_order"),
        CheckConstraint("renewal_date IS NULL OR contract_start IS NULL OR renewal_date >= contract_start", name="renewal_after_start"),
        Index("uq_client_name_ci", func.lower(text("name")), unique=True),
        Index(None, "owner_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    status: ClientStatus = Field(default=ClientStatus.ACTIVE, sa_type=enum_type(ClientStatus, "client_status"))
    tier: ClientTier = Field(default=ClientTier.STANDARD, sa_type=enum_type(ClientTier, "client_tier"))
    industry: str = Field(default="", max_length=100)
    monthly_retainer: int = Field(default=0, sa_type=Money)
    contract_start: date | None = Field(default=None, sa_type=Day)
    renewal_date: date | None = Field(default=None, sa_type=Day)
    cadence_ideal_days: int = 14
    cadence_max_days: int = 30
    owner_id: int | None = Field(default=None, sa_column_args=[fk("team_member.id", "SET NULL")])
    notes: str = ""
    external_id: str | None = Field(default=None, max_length=200, unique=True)
    archived_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ClientContact(Versioned, table=True):
    __tablename__ = "client_contact"
    __table_args__ = (Index(None, "client_id"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(sa_column_args=[fk("client.id", "CASCADE")], nullable=False)
    name: str = Field(max_length=200)
    role: str = Field(default="", max_length=200)
    email: str = Field(default="", max_length=320)
    phone: str = Field(default="", max_length=64)
    is_primary: bool = False
    external_id: str | None = Field(default=None, max_length=200, unique=True)
    archived_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Interaction(Versioned, table=True):
    """One logged touch with a client: a call, email, meeting, message or note."""

    __table_args__ = (
        CheckConstraint("sentiment BETWEEN -2 AND 2", name="sentiment_range"),
        CheckConstraint("duration_minutes >= 0", name="duration_nonneg"),
        Index("ix_interaction_client_recent", "client_id", "occurred_at", "id", "sentiment"),  # migration 0005
        Index("ix_interaction_open_follow_up", "follow_up_on",
              sqlite_where=text("follow_up_on IS NOT NULL AND NOT follow_up_done"),
              postgresql_where=text("follow_up_on IS NOT NULL AND NOT follow_up_done")),
        Index("ix_interaction_done_follow_up", "updated_at",
              sqlite_where=text("follow_up_on IS NOT NULL AND follow_up_done"),
              postgresql_where=text("follow_up_on IS NOT NULL AND follow_up_done")),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(sa_column_args=[fk("client.id", "CASCADE")], nullable=False)
    contact_id: int | None = Field(default=None, sa_column_args=[fk("client_contact.id", "SET NULL")])
    logged_by_id: int | None = Field(default=None, sa_column_args=[fk("team_member.id", "SET NULL")])
    kind: InteractionKind = Field(sa_type=enum_type(InteractionKind, "interaction_kind"))
    direction: Direction = Field(default=Direction.OUTBOUND, sa_type=enum_type(Direction, "direction"))
    occurred_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    duration_minutes: int = 0
    summary: str = ""
    sentiment: int = 0
    follow_up_on: date | None = Field(default=None, sa_type=Day)
    follow_up_done: bool = False
    external_id: str | None = Field(default=None, max_length=200, unique=True)


class Project(Versioned, table=True):
    """A campaign, statement of work or retainer period of a client."""

    __table_args__ = (
        CheckConstraint("budget >= 0", name="budget_nonneg"),
        CheckConstraint("end_on >= start_on", name="order"),
        Index(None, "client_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(sa_column_args=[fk("client.id", "CASCADE")], nullable=False)
    name: str = Field(max_length=200)
    kind: ProjectKind = Field(default=ProjectKind.PROJECT, sa_type=enum_type(ProjectKind, "project_kind"))
    status: ProjectStatus = Field(default=ProjectStatus.ACTIVE, sa_type=enum_type(ProjectStatus, "project_status"))
    budget: int = Field(default=0, sa_type=Money)
    start_on: date = Field(sa_type=Day)
    end_on: date = Field(sa_type=Day)
    carry_over: bool = False


class ChangeOrder(Versioned, table=True):
    __tablename__ = "change_order"
    __table_args__ = (Index(None, "project_id"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(sa_column_args=[fk("project.id", "CASCADE")], nullable=False)
    amount: int = Field(sa_type=Money)
    reason: str = ""
    status: ChangeOrderStatus = Field(
        default=ChangeOrderStatus.PROPOSED, sa_type=enum_type(ChangeOrderStatus, "change_order_status")
    )
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Task(Versioned, table=True):
    __table_args__ = (
        CheckConstraint("estimate_hours >= 0", name="estimate_nonneg"),
        CheckConstraint("start_on IS NULL OR due_on IS NULL OR due_on >= start_on", name="order"),
        Index(None, "project_id"),
        Index(None, "assignee_id", "due_on"),
        Index(None, "status", "due_on"),
        Index(None, "status", "completed_at"),
        Index("ix_task_open_project", "project_id", "due_on",  # migration 0005
              sqlite_where=text("status != 'done'"), postgresql_where=text("status != 'done'")),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(sa_column_args=[fk("project.id", "CASCADE")], nullable=False)
    assignee_id: int | None = Field(default=None, sa_column_args=[fk("team_member.id", "SET NULL")])
    title: str = Field(max_length=300)
    estimate_hours: float = 0.0
    start_on: date | None = Field(default=None, sa_type=Day)
    due_on: date | None = Field(default=None, sa_type=Day)
    status: TaskStatus = Field(default=TaskStatus.TODO, sa_type=enum_type(TaskStatus, "task_status"))
    priority: TaskPriority = Field(default=TaskPriority.NORMAL, sa_type=enum_type(TaskPriority, "task_priority"))
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Vendor(Versioned, table=True):
    __table_args__ = (CheckConstraint("day_rate >= 0", name="day_rate_nonneg"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    service: VendorService = Field(sa_type=enum_type(VendorService, "vendor_service"))
    contact_name: str = Field(default="", max_length=200)
    email: str = Field(default="", max_length=320)
    phone: str = Field(default="", max_length=64)
    day_rate: int = Field(default=0, sa_type=Money)
    notes: str = ""
    archived_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Booking(Versioned, table=True):
    """A vendor booked for a project: a hold, a confirmed slot, or history."""

    __table_args__ = (
        CheckConstraint("ends_at >= starts_at", name="order"),
        CheckConstraint("cost >= 0", name="cost_nonneg"),
        Index(None, "vendor_id", "starts_at"),
        Index(None, "project_id"),
        Index(None, "status", "starts_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    vendor_id: int = Field(sa_column_args=[fk("vendor.id", "CASCADE")], nullable=False)
    project_id: int = Field(sa_column_args=[fk("project.id", "CASCADE")], nullable=False)
    starts_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    ends_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    cost: int = Field(default=0, sa_type=Money)
    status: BookingStatus = Field(default=BookingStatus.HOLD_1, sa_type=enum_type(BookingStatus, "booking_status"))
    hold_expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    po_reference: str = Field(default="", max_length=100)
    notes: str = ""


class Spend(Versioned, table=True):
    __table_args__ = (
        CheckConstraint("amount >= 0", name="amount_nonneg"),
        Index(None, "project_id", "spent_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(sa_column_args=[fk("project.id", "CASCADE")], nullable=False)
    booking_id: int | None = Field(
        default=None, sa_column_args=[fk("booking.id", "SET NULL")], unique=True
    )
    spent_on: date = Field(sa_type=Day)
    amount: int = Field(sa_type=Money)
    category: SpendCategory = Field(default=SpendCategory.OTHER, sa_type=enum_type(SpendCategory, "spend_category"))
    note: str = ""


class Snooze(SQLModel, table=True):
    """A Today-queue item hidden until a day (items are keyed like ``cadence:12``)."""

    item_key: str = Field(primary_key=True, max_length=200)
    until: date = Field(sa_type=Day)
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime, nullable=False)


ALL_TABLES = (
    Workspace, TeamMember, TimeOff, Client, ClientContact, Interaction,
    Project, ChangeOrder, Task, Vendor, Booking, Spend, Snooze,
)
