"""Errors raised by services, with messages meant for the user."""

from __future__ import annotations


class ServiceError(Exception):
    """Base class: the message can be shown as is."""


class ValidationError(ServiceError):
    """Input refused; ``errors`` maps a field name to its message. Nothing was written."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


class NotFoundError(ServiceError):
    """The row asked for does not exist (or no longer does)."""


class StaleEditError(ServiceError):
    """Someone saved this row after it was loaded; the edit was refused, nothing written."""


class AmbiguousError(ServiceError):
    """A name matched several rows; ``candidates`` lists them."""

    def __init__(self, query: str, candidates: list[str], total: int | None = None) -> None:
        self.query = query
        self.candidates = candidates
        self.total = len(candidates) if total is None else total
        more = f" and {self.total - len(candidates)} more" if self.total > len(candidates) else ""
        super().__init__(f"'{query}' matches {self.total} clients: " + ", ".join(candidates) + more)
