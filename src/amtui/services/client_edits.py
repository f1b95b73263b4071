"""Writing clients and their contacts: validated, version-checked, all or nothing.

Implementation behind the functions of :mod:`amtui.services.clients` (import them from there).
Every check runs before anything is written; a stale version is refused with nothing written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from amtui.db import Database
from amtui.enums import ClientStatus, ClientTier
from amtui.models import Client, ClientContact, TeamMember
from amtui.rules.cadence import validate_cadence
from amtui.rules.text import clean_text
from amtui.services.clients import ClientForm, ContactForm
from amtui.services.errors import NotFoundError, StaleEditError, ValidationError
from amtui.types import utc_now

T = TypeVar("T")
R = TypeVar("R", Client, ClientContact)
NAME_MAX = 200
STALE = "someone else saved this {what} after you opened it; reload and try again"

# Constraint name fragments → the form field a violation belongs to (for write races).
CLIENT_CONSTRAINTS = (
    ("uq_client_name_ci", "name"), ("client.name", "name"), ("retainer", "monthly_retainer"),
    ("cadence", "cadence_max_days"), ("renewal", "renewal_date"), ("owner", "owner_id"),
    ("foreign key", "owner_id"),
)
CONTACT_CONSTRAINTS = (("foreign key", "client_id"),)


def text_field(errors: dict[str, str], key: str, value: str, max_len: int, *,
               required: bool = False, multiline: bool = False) -> str:
    """``value`` cleaned; records a message in ``errors`` when missing or too long."""
    cleaned = clean_text(value, multiline=multiline)
    if required and not cleaned:
        errors[key] = f"enter a {key.replace('_', ' ')}"
    elif len(cleaned) > max_len:
        errors[key] = f"at most {max_len} characters (this has {len(cleaned)})"
    return cleaned


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _client_values(session: Session, form: ClientForm, client_id: int | None) -> dict[str, object]:
    """The columns to store for ``form``, or ValidationError listing every problem."""
    errors: dict[str, str] = {}
    name = text_field(errors, "name", form.name, NAME_MAX, required=True)
    values: dict[str, object] = {
        "name": name,
        "industry": text_field(errors, "industry", form.industry, 100),
        "notes": text_field(errors, "notes", form.notes, 20_000, multiline=True),
        "contract_start": form.contract_start,
        "renewal_date": form.renewal_date,
        "owner_id": form.owner_id,
    }
    for key, enum in (("status", ClientStatus), ("tier", ClientTier)):
        try:
            values[key] = enum(getattr(form, key))
        except ValueError:
            errors[key] = f"choose one of: {', '.join(m.value for m in enum)}"
    if not _is_int(form.monthly_retainer) or form.monthly_retainer < 0:
        errors["monthly_retainer"] = "the retainer can't be negative"
    values["monthly_retainer"] = form.monthly_retainer
    ideal, most = form.cadence_ideal_days, form.cadence_max_days
    if not _is_int(ideal) or ideal < 1:
        errors["cadence_ideal_days"] = "the ideal cadence is at least 1 day"
    elif not _is_int(most):
        errors["cadence_max_days"] = "enter a number of days"
    else:
        try:
            validate_cadence(ideal, most)
        except ValueError as exc:
            errors["cadence_max_days"] = str(exc)
    values.update(cadence_ideal_days=ideal, cadence_max_days=most)
    if form.renewal_date and form.contract_start and form.renewal_date < form.contract_start:
        errors["renewal_date"] = "the renewal can't be before the contract start"
    if form.owner_id is not None and session.get(TeamMember, form.owner_id) is None:
        errors["owner_id"] = "that team member no longer exists"
    if name and "name" not in errors:
        clash = select(Client.name, Client.archived_at).where(func.lower(Client.name) == func.lower(name))
        if client_id is not None:
            clash = clash.where(Client.id != client_id)
        other = session.execute(clash.limit(1)).first()
        if other is not None:
            archived = "an archived" if other.archived_at is not None else "a"
            errors["name"] = f"{archived} client named '{other.name}' already exists"
    if errors:
        raise ValidationError(errors)
    return values


def integrity_to_validation(exc: IntegrityError, constraints: tuple[tuple[str, str], ...]) -> ValidationError:
    """A constraint the checks did not catch (a concurrent write) as a field message."""
    detail = str(exc.orig).lower()
    for fragment, key in constraints:
        if fragment in detail:
            if key == "name":
                return ValidationError({key: "a client with this name was just saved by someone else"})
            if key == "client_id":
                return ValidationError({key: "this client no longer exists"})
            return ValidationError({key: "the database refused this value; check it and save again"})
    return ValidationError({"form": "the database refused this change; reload and try again"})


def _load(session: Session, model: type[R], row_id: int, version: int, what: str) -> R:
    """The row to edit, refused when missing or saved by someone since ``version``."""
    row = session.get(model, row_id)
    if row is None:
        raise NotFoundError(f"this {what} no longer exists")
    if row.version != version:
        raise StaleEditError(STALE.format(what=what))
    return row


def _commit(db: Database, work: Callable[[Session], T], what: str,
            constraints: tuple[tuple[str, str], ...] = CLIENT_CONSTRAINTS) -> T:
    """Run ``work(session)`` in one write transaction, mapping races to service errors."""
    try:
        with db.write() as session:
            return work(session)
    except StaleDataError:
        raise StaleEditError(STALE.format(what=what)) from None
    except IntegrityError as exc:
        raise integrity_to_validation(exc, constraints) from None


def create_client(db: Database, form: ClientForm) -> int:
    """Validate ``form`` and store a new client; returns its id. Raises ValidationError."""

    def work(session: Session) -> int:
        client = Client(**_client_values(session, form, None))  # type: ignore[arg-type]
        session.add(client)
        session.flush()
        assert client.id is not None
        return client.id

    return _commit(db, work, "client")


def update_client(db: Database, client_id: int, version: int, form: ClientForm) -> None:
    """Save ``form`` over client ``client_id`` loaded at ``version``.

    Raises NotFoundError, StaleEditError (someone saved since) or ValidationError; in each
    case nothing is written.
    """

    def work(session: Session) -> None:
        client = _load(session, Client, client_id, version, "client")
        for key, value in _client_values(session, form, client_id).items():
            setattr(client, key, value)
        session.flush()

    _commit(db, work, "client")


def set_archived(db: Database, client_id: int, version: int, archived: bool) -> None:
    """Archive (hide from roster, lookups and Today) or restore a client."""

    def work(session: Session) -> None:
        client = _load(session, Client, client_id, version, "client")
        if (client.archived_at is not None) != archived:
            client.archived_at = utc_now() if archived else None
            session.flush()

    _commit(db, work, "client")


def looks_like_email(email: str) -> bool:
    """Loose check: one ``@`` with something before it and a dot inside the part after it."""
    if " " in email or email.count("@") != 1:
        return False
    local, domain = email.split("@")
    return bool(local) and "." in domain.strip(".")


def _contact_values(form: ContactForm) -> dict[str, object]:
    errors: dict[str, str] = {}
    values: dict[str, object] = {
        "name": text_field(errors, "name", form.name, NAME_MAX, required=True),
        "role": text_field(errors, "role", form.role, 200),
        "email": text_field(errors, "email", form.email, 320),
        "phone": text_field(errors, "phone", form.phone, 64),
        "is_primary": bool(form.is_primary),
    }
    email = values["email"]
    if "email" not in errors and email and not looks_like_email(str(email)):
        errors["email"] = "that doesn't look like an email address (name@example.com)"
    if errors:
        raise ValidationError(errors)
    return values


def _unprimary_others(session: Session, client_id: int, keep_id: int, now: datetime) -> None:
    session.execute(
        update(ClientContact)
        .where(ClientContact.client_id == client_id, ClientContact.id != keep_id, ClientContact.is_primary)
        .values(is_primary=False, version=ClientContact.version + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )


def add_contact(db: Database, client_id: int, form: ContactForm) -> int:
    """Add a person to client ``client_id``; returns the contact's id. A primary contact
    un-primaries the client's others. Raises NotFoundError or ValidationError."""
    values = _contact_values(form)

    def work(session: Session) -> int:
        if session.get(Client, client_id) is None:
            raise NotFoundError("this client no longer exists")
        contact = ClientContact(client_id=client_id, **values)  # type: ignore[arg-type]
        session.add(contact)
        session.flush()
        assert contact.id is not None
        if contact.is_primary:
            _unprimary_others(session, client_id, contact.id, utc_now())
        return contact.id

    return _commit(db, work, "contact", CONTACT_CONSTRAINTS)


def update_contact(db: Database, contact_id: int, version: int, form: ContactForm) -> None:
    """Save ``form`` over contact ``contact_id`` loaded at ``version`` (see add_contact)."""
    values = _contact_values(form)

    def work(session: Session) -> None:
        contact = _load(session, ClientContact, contact_id, version, "contact")
        for key, value in values.items():
            setattr(contact, key, value)
        session.flush()
        if contact.is_primary:
            _unprimary_others(session, contact.client_id, contact_id, utc_now())

    _commit(db, work, "contact", CONTACT_CONSTRAINTS)


def archive_contact(db: Database, contact_id: int, version: int) -> None:
    """Hide a contact from the client's people (history keeps its name); it stops being primary."""

    def work(session: Session) -> None:
        contact = _load(session, ClientContact, contact_id, version, "contact")
        if contact.archived_at is None:
            contact.archived_at = utc_now()
            contact.is_primary = False
            session.flush()

    _commit(db, work, "contact", CONTACT_CONSTRAINTS)
