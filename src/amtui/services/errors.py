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

    def __init__(self, query: str, candidates: list[str]) -> None:
        self.query = query
        self.candidates = candidates
        super().__init__(f"'{query}' matches {len(candidates)} clients: " + ", ".join(candidates))
