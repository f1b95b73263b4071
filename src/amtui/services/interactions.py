"""Logging interactions and working follow-ups.

CONTRACT: the dataclass below is final. Every write checks all of its input first and then
writes in one transaction: on any error nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from amtui.db import Database
from amtui.enums import Direction, InteractionKind
from amtui.models import Client, ClientContact, Interaction, TeamMember
from amtui.rules.text import clean_text
from amtui.services.client_reads import interaction_rows
from amtui.services.clients import InteractionRow
from amtui.services.errors import NotFoundError, StaleEditError, ValidationError
from amtui.services.roster_query import open_follow_up_clause

SUMMARY_MAX = 2000
MAX_DURATION_MINUTES = 24 * 60
MAX_SNOOZE_DAYS = 366
CLOCK_SKEW = timedelta(minutes=1)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class LogRequest:
    """A touch to log. ``occurred_at`` must be aware; the past is allowed, the future is not
    (beyond a minute of clock skew)."""

    client_id: int
    kind: InteractionKind
    summary: str
    occurred_at: datetime
    direction: Direction = Direction.OUTBOUND
    duration_minutes: int = 0
    sentiment: int = 0
    follow_up_on: date | None = None
    contact_id: int | None = None
    logged_by_id: int | None = None
    completes_follow_up_id: int | None = None  # an open follow-up this touch answers


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_day(value: object) -> bool:
    """A calendar day (``datetime`` is a ``date`` subclass, but not a day)."""
    return isinstance(value, date) and not isinstance(value, datetime)


def _check_values(req: LogRequest, now: datetime, errors: dict[str, str]) -> dict[str, object]:
    """Checks that need no database; returns the cleaned column values."""
    values: dict[str, object] = {}
    for key, enum in (("kind", InteractionKind), ("direction", Direction)):
        try:
            values[key] = enum(getattr(req, key))
        except ValueError:
            errors[key] = f"choose one of: {', '.join(m.value for m in enum)}"
    summary = clean_text(req.summary)
    if not summary:
        errors["summary"] = "write a short summary of the touch"
    elif len(summary) > SUMMARY_MAX:
        errors["summary"] = f"at most {SUMMARY_MAX} characters (this has {len(summary)})"
    values["summary"] = summary
    at = req.occurred_at
    if not isinstance(at, datetime) or at.tzinfo is None or at.utcoffset() is None:
        errors["occurred_at"] = "the time needs a time zone"
    elif at > now + CLOCK_SKEW:
        errors["occurred_at"] = "that is in the future: log touches that already happened"
    elif at < EPOCH:
        errors["occurred_at"] = "that is before 1970: check the date"
    elif req.follow_up_on is not None and _is_day(req.follow_up_on):
        local_day = at.astimezone(now.tzinfo).date()
        if req.follow_up_on < local_day:
            errors["follow_up_on"] = f"the follow-up can't be before the touch ({local_day.isoformat()})"
    if not _whole(req.duration_minutes) or not 0 <= req.duration_minutes <= MAX_DURATION_MINUTES:
        errors["duration_minutes"] = f"between 0 and {MAX_DURATION_MINUTES} minutes (24 hours)"
    if not _whole(req.sentiment) or not -2 <= req.sentiment <= 2:
        errors["sentiment"] = "from -2 (very unhappy) to +2 (very happy)"
    if req.follow_up_on is not None and not _is_day(req.follow_up_on):
        errors["follow_up_on"] = "enter a calendar day"
    values.update(occurred_at=at, duration_minutes=req.duration_minutes, sentiment=req.sentiment,
                  follow_up_on=req.follow_up_on)
    return values


def _check_references(session: Session, req: LogRequest, errors: dict[str, str]) -> Interaction | None:
    """Checks against stored rows; returns the follow-up this touch completes, if any."""
    client = session.get(Client, req.client_id)
    if client is None:
        errors["client_id"] = "this client no longer exists"
    elif client.archived_at is not None:
        errors["client_id"] = f"'{client.name}' is archived: restore it to log touches"
    if req.contact_id is not None:
        contact = session.get(ClientContact, req.contact_id)
        if contact is None or contact.client_id != req.client_id:
            errors["contact_id"] = "this person is not a contact of the client"
    if req.logged_by_id is not None and session.get(TeamMember, req.logged_by_id) is None:
        errors["logged_by_id"] = "that team member no longer exists"
    if req.completes_follow_up_id is None:
        return None
    done = session.get(Interaction, req.completes_follow_up_id)
    if done is None or done.client_id != req.client_id or done.follow_up_on is None or done.follow_up_done:
        errors["completes_follow_up_id"] = "that is not an open follow-up of this client"
        return None
    return done


def log_interaction(db: Database, req: LogRequest, *, now: datetime) -> int:
    """Validate and store one touch; returns its id.

    ``now`` (aware, in the user's zone) bounds ``occurred_at`` (at most a minute ahead) and
    decides its local day (a follow-up may not be before it). With ``completes_follow_up_id``
    that open follow-up is marked done in the same transaction. Raises ValidationError
    (field → message, nothing written) or StaleEditError.
    """
    if now.tzinfo is None:
        raise ValueError("log_interaction needs an aware 'now'")
    errors: dict[str, str] = {}
    values = _check_values(req, now, errors)
    try:
        with db.write() as session:
            completes = _check_references(session, req, errors)
            if errors:
                raise ValidationError(errors)
            row = Interaction(client_id=req.client_id, contact_id=req.contact_id, logged_by_id=req.logged_by_id,
                              **values)  # type: ignore[arg-type]
            session.add(row)
            if completes is not None:
                completes.follow_up_done = True
            session.flush()
            assert row.id is not None
            return row.id
    except StaleDataError:
        raise StaleEditError("that follow-up was changed by someone else; reload and try again") from None
    except IntegrityError:  # the client or contact was deleted meanwhile
        raise ValidationError({"client_id": "this client or contact no longer exists"}) from None


def _follow_up(session: Session, interaction_id: int) -> Interaction:
    row = session.get(Interaction, interaction_id)
    if row is None:
        raise NotFoundError("this interaction no longer exists")
    if row.follow_up_on is None:
        raise ValidationError({"follow_up_on": "this touch has no follow-up"})
    return row


def _set_done(db: Database, interaction_id: int, done: bool) -> None:
    try:
        with db.write() as session:
            row = _follow_up(session, interaction_id)
            if row.follow_up_done != done:
                row.follow_up_done = done
                session.flush()
    except StaleDataError:
        raise StaleEditError("that follow-up was changed by someone else; reload and try again") from None


def complete_follow_up(db: Database, interaction_id: int) -> None:
    """Mark a follow-up done (done already: nothing changes). Raises NotFoundError, or
    ValidationError when the touch has no follow-up."""
    _set_done(db, interaction_id, True)


def reopen_follow_up(db: Database, interaction_id: int) -> None:
    """Undo :func:`complete_follow_up`: the follow-up is open again on its date."""
    _set_done(db, interaction_id, False)


def snooze_follow_up(db: Database, interaction_id: int, days: int, today: date) -> date:
    """Move an open follow-up to ``today + days`` (1..366) and return the new date.

    A done follow-up is refused (ValidationError), as is a touch without one.
    """
    if not _whole(days) or not 1 <= days <= MAX_SNOOZE_DAYS:
        raise ValidationError({"days": f"snooze by 1 to {MAX_SNOOZE_DAYS} days"})
    new_day = today + timedelta(days=days)
    try:
        with db.write() as session:
            row = _follow_up(session, interaction_id)
            if row.follow_up_done:
                raise ValidationError({"follow_up_on": "this follow-up is already done; reopen it first"})
            row.follow_up_on = new_day
            session.flush()
    except StaleDataError:
        raise StaleEditError("that follow-up was changed by someone else; reload and try again") from None
    return new_day


def open_follow_ups(db: Database, client_id: int) -> list[InteractionRow]:
    """A client's open follow-ups, the earliest due first."""
    with db.read() as session:
        rows = interaction_rows(session, Interaction.client_id == client_id, open_follow_up_clause(),
                                newest_first=False)
    return sorted(rows, key=lambda r: (r.follow_up_on or date.max, r.occurred_at, r.id))


def get_interaction(db: Database, interaction_id: int) -> InteractionRow:
    """One interaction as a row. Raises NotFoundError."""
    with db.read() as session:
        rows = interaction_rows(session, Interaction.id == interaction_id)
    if not rows:
        raise NotFoundError("this interaction no longer exists")
    return rows[0]

