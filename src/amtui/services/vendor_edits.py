"""Writing the vendor directory: add, edit, archive and restore a vendor.
Import these from :mod:`amtui.services.vendors`.

Every check runs before anything is written and reports every problem at its field. Names are
unique regardless of case (Unicode case folding, archived vendors included: restore one rather
than adding it twice). The check runs inside the write transaction, which is serialised: SQLite
by ``BEGIN IMMEDIATE``, PostgreSQL by a transaction-scoped advisory lock, so two people cannot
add "Ida Krogh" and "ida krogh" at once. An edit made on a stale version is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from amtui.db import Database
from amtui.enums import VendorService
from amtui.models import Vendor
from amtui.rules.relative import MAX_MONEY_CENTS
from amtui.services.booking_types import VendorForm
from amtui.services.client_edits import looks_like_email, text_field
from amtui.services.errors import NotFoundError, StaleEditError, ValidationError
from amtui.types import utc_now

T = TypeVar("T")
STALE = "someone else saved this vendor after you opened it; reload and try again"
NAME_LOCK = 0x616D_7476  # "amtv": serialises vendor name checks on PostgreSQL
LIMITS = {"name": 200, "contact_name": 200, "email": 320, "phone": 64, "notes": 20_000}


def vendor_values(form: VendorForm) -> dict[str, object]:
    """The columns to store for ``form``, or ValidationError naming every bad field.
    (The name's uniqueness is checked on save, against the stored names.)"""
    errors: dict[str, str] = {}
    values: dict[str, object] = {key: text_field(errors, key, getattr(form, key), limit, required=key == "name",
                                                 multiline=key == "notes")
                                 for key, limit in LIMITS.items()}
    if "name" in errors and not values["name"]:
        errors["name"] = "enter the vendor's name"
    try:
        values["service"] = VendorService(form.service)
    except ValueError:
        errors["service"] = f"choose one of: {', '.join(s.value for s in VendorService)}"
    email = str(values["email"])
    if "email" not in errors and email and not looks_like_email(email):
        errors["email"] = "that doesn't look like an email address (name@example.com)"
    rate = form.day_rate
    if isinstance(rate, bool) or not isinstance(rate, int) or not 0 <= rate <= MAX_MONEY_CENTS:
        errors["day_rate"] = "enter a day rate of 0 or more"
    values["day_rate"] = rate
    if errors:
        raise ValidationError(errors)
    return values


def name_taken(names: list[tuple[int, str, bool]], name: str, vendor_id: int | None) -> str | None:
    """The message when ``name`` is another vendor's, ignoring case (None when free)."""
    folded = name.casefold()
    for other_id, other, archived in names:
        if other_id != vendor_id and other.casefold() == folded:
            return f"{'an archived' if archived else 'a'} vendor named '{other}' already exists"
    return None


def _check_name(session: Session, name: str, vendor_id: int | None) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": NAME_LOCK})
    rows = session.execute(select(Vendor.id, Vendor.name, Vendor.archived_at.is_not(None))).all()
    problem = name_taken([(i, n, bool(a)) for i, n, a in rows], name, vendor_id)
    if problem:
        raise ValidationError({"name": problem})


def _load(session: Session, vendor_id: int, version: int) -> Vendor:
    row = session.get(Vendor, vendor_id)
    if row is None:
        raise NotFoundError("this vendor no longer exists")
    if row.version != version:
        raise StaleEditError(STALE)
    return row


def _commit(db: Database, work: Callable[[Session], T]) -> T:
    try:
        with db.write() as session:
            return work(session)
    except StaleDataError:
        raise StaleEditError(STALE) from None
    except IntegrityError as exc:
        if "name" in str(exc.orig).lower():
            raise ValidationError({"name": "a vendor with this name was just saved by someone else"}) from None
        raise ValidationError({"form": "the database refused this change; check it and save again"}) from None


def create_vendor(db: Database, form: VendorForm) -> int:
    """Validate ``form`` and add the vendor; returns its id. Raises ValidationError."""
    values = vendor_values(form)

    def work(session: Session) -> int:
        _check_name(session, str(values["name"]), None)
        vendor = Vendor(**values)  # type: ignore[arg-type]
        session.add(vendor)
        session.flush()
        assert vendor.id is not None
        return vendor.id

    return _commit(db, work)


def update_vendor(db: Database, vendor_id: int, version: int, form: VendorForm) -> None:
    """Save ``form`` over vendor ``vendor_id`` loaded at ``version``. Raises NotFoundError,
    StaleEditError (someone saved since) or ValidationError; each time nothing is written."""
    values = vendor_values(form)

    def work(session: Session) -> None:
        vendor = _load(session, vendor_id, version)
        _check_name(session, str(values["name"]), vendor_id)
        for key, value in values.items():
            setattr(vendor, key, value)
        session.flush()

    _commit(db, work)


def set_vendor_archived(db: Database, vendor_id: int, version: int, archived: bool) -> None:
    """Archive (hide from the directory and the booking form; its bookings stay) or restore."""

    def work(session: Session) -> None:
        vendor = _load(session, vendor_id, version)
        if (vendor.archived_at is not None) != archived:
            vendor.archived_at = utc_now() if archived else None
            session.flush()

    _commit(db, work)
