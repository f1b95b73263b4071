"""One write transaction with the races mapped to service errors.

A version check that fails on flush (someone saved the row since it was read) becomes a
:class:`StaleEditError` with the caller's message; a constraint the database refuses becomes a
form-level :class:`ValidationError`. Either way nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from amtui.db import Database
from amtui.services.errors import StaleEditError, ValidationError

T = TypeVar("T")
REFUSED = "the database refused this change; reload and try again"


class HasId(Protocol):
    """A table row with an integer primary key (None until flushed)."""

    id: int | None


def guarded_write(db: Database, work: Callable[[Session], T], stale: str) -> T:
    """``work(session)`` in one write transaction; ``stale`` is the message of a stale edit."""
    try:
        with db.write() as session:
            return work(session)
    except StaleDataError:
        raise StaleEditError(stale) from None
    except IntegrityError:
        raise ValidationError({"form": REFUSED}) from None


def insert(session: Session, row: HasId) -> int:
    """Add ``row``, flush it, and return the id the database gave it."""
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id
