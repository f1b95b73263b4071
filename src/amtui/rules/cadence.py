"""Contact cadence: is a client due (or overdue) for a touch?

A client's cadence is two numbers of days: ``ideal`` (aim to touch at least this often) and
``max`` (never let it go longer). Green while days since the last contact ``<= ideal``, yellow
while ``ideal < days <= max``, red past ``max``; a client never contacted ranks like red.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class CadenceStatus(StrEnum):
    """Where a client stands against its cadence."""

    OK = "ok"
    DUE = "due"
    OVERDUE = "overdue"
    NEVER = "never"

    @property
    def colour(self) -> str:
        """Traffic-light colour name: green, yellow or red."""
        return {"ok": "green", "due": "yellow"}.get(self.value, "red")

    @property
    def severity(self) -> int:
        """0 (ok), 1 (due) or 2 (overdue and never); higher is worse."""
        return {"ok": 0, "due": 1}.get(self.value, 2)


@dataclass(frozen=True)
class Cadence:
    """The cadence verdict for one client on one day.

    ``days_until_due`` counts down to the ideal date: negative once past it; ``None`` (like
    ``days_since``) when there was never a contact.
    """

    status: CadenceStatus
    days_since: int | None
    days_until_due: int | None
    ideal_days: int
    max_days: int

    @property
    def days_until_overdue(self) -> int | None:
        """Days left before the maximum is passed (negative once past it)."""
        return None if self.days_since is None else self.max_days - self.days_since


def validate_cadence(ideal_days: int, max_days: int) -> None:
    """Raise ``ValueError`` unless ``1 <= ideal_days <= max_days``."""
    if ideal_days < 1:
        raise ValueError(f"ideal cadence must be at least 1 day (got {ideal_days})")
    if max_days < ideal_days:
        raise ValueError(f"maximum cadence ({max_days} days) can't be shorter than the ideal ({ideal_days} days)")


def cadence_status(last_contact: date | None, today: date, ideal_days: int, max_days: int) -> Cadence:
    """Classify the time since ``last_contact`` against the cadence.

    A ``last_contact`` after ``today`` (a logged future meeting) counts as today.
    Raises ``ValueError`` for an invalid cadence.
    """
    validate_cadence(ideal_days, max_days)
    if last_contact is None:
        return Cadence(CadenceStatus.NEVER, None, None, ideal_days, max_days)
    days = max((today - last_contact).days, 0)
    if days <= ideal_days:
        status = CadenceStatus.OK
    elif days <= max_days:
        status = CadenceStatus.DUE
    else:
        status = CadenceStatus.OVERDUE
    return Cadence(status, days, ideal_days - days, ideal_days, max_days)
