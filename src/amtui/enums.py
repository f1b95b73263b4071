"""Enumerations of the domain model.

Plain ``StrEnum`` classes with no database or UI dependency, so that ``rules/`` can use them
as well as ``models.py``. The stored value is the enum's ``value`` (lower case).
"""

from __future__ import annotations

from enum import StrEnum


class ClientStatus(StrEnum):
    PROSPECT = "prospect"
    ACTIVE = "active"
    AT_RISK = "at_risk"
    PAUSED = "paused"
    CHURNED = "churned"


class ClientTier(StrEnum):
    STRATEGIC = "strategic"
    CORE = "core"
    STANDARD = "standard"


class InteractionKind(StrEnum):
    CALL = "call"
    EMAIL = "email"
    MEETING = "meeting"
    MESSAGE = "message"
    NOTE = "note"


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"
    INTERNAL = "internal"


class Discipline(StrEnum):
    ACCOUNT = "account"
    STRATEGY = "strategy"
    CREATIVE = "creative"
    DESIGN = "design"
    COPY = "copy"
    DEVELOPMENT = "development"
    MEDIA = "media"
    PRODUCTION = "production"
    VIDEO = "video"
    OTHER = "other"


class ProjectKind(StrEnum):
    PROJECT = "project"
    RETAINER = "retainer"


class ProjectStatus(StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class ChangeOrderStatus(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"


class TaskStatus(StrEnum):
    TODO = "todo"
    DOING = "doing"
    BLOCKED = "blocked"
    DONE = "done"


class TaskPriority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class VendorService(StrEnum):
    PHOTOGRAPHY = "photography"
    PRINT = "print"
    VIDEO = "video"
    TRANSLATION = "translation"
    FREELANCE = "freelance"
    ILLUSTRATION = "illustration"
    AUDIO = "audio"
    EVENTS = "events"
    OTHER = "other"


class BookingStatus(StrEnum):
    HOLD_1 = "hold_1"
    HOLD_2 = "hold_2"
    CONFIRMED = "confirmed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class SpendCategory(StrEnum):
    LABOUR = "labour"
    VENDOR = "vendor"
    MEDIA = "media"
    OTHER = "other"
