"""Writing bookings: saving with a clash check, and status changes with their effects.
Import these from :mod:`amtui.services.vendors`.

Both use :mod:`amtui.rules.bookings` on the overlapping rows, inside the write transaction (the
vendor row is locked on PostgreSQL; SQLite writers are serialised by ``BEGIN IMMEDIATE``), so
two people cannot book one slot twice at once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from amtui.clock import local_tz
from amtui.db import Database
from amtui.enums import BookingStatus as BS
from amtui.enums import SpendCategory
from amtui.models import Booking, Project, Spend, Vendor
from amtui.rules import bookings as rules
from amtui.rules.bookings import Action, IllegalTransition, Slot
from amtui.rules.relative import MAX_MONEY_CENTS
from amtui.rules.text import clean_text, one_line
from amtui.services.booking_query import describe, neighbours
from amtui.services.booking_types import NEW_STATUSES, BookingForm, StatusChange
from amtui.services.errors import NotFoundError, StaleEditError, ValidationError
from amtui.types import utc_now

T = TypeVar("T")
STALE = "someone changed this booking after you opened it; reload and try again"


def _write(db: Database, work: Callable[[Session], T]) -> T:
    try:
        with db.write() as session:
            return work(session)
    except StaleDataError:
        raise StaleEditError(STALE) from None
    except IntegrityError:
        raise ValidationError({"form": "the database refused this change; reload and try again"}) from None


def _check_form(form: BookingForm, new: bool) -> tuple[dict[str, str], str, str]:
    errors: dict[str, str] = {}
    if form.vendor_id is None:
        errors["vendor"] = "choose the vendor"
    if form.project_id is None:
        errors["project"] = "choose the project"
    for key in ("starts_at", "ends_at"):
        value = getattr(form, key)
        if not isinstance(value, datetime) or value.tzinfo is None:
            errors[key] = "enter a day and time"
    if not errors.keys() & {"starts_at", "ends_at"} and form.ends_at <= form.starts_at:
        errors["ends_at"] = "the booking must end after it starts"
    if isinstance(form.cost, bool) or not isinstance(form.cost, int) or not 0 <= form.cost <= MAX_MONEY_CENTS:
        errors["cost"] = "enter a cost of 0 or more"
    if new and form.status not in NEW_STATUSES:
        errors["status"] = "a new booking is a 1st hold, a 2nd hold or confirmed"
    po, notes = clean_text(form.po_reference, max_len=100), clean_text(form.notes, multiline=True, max_len=5000)
    return errors, po, notes


def save_booking(db: Database, form: BookingForm, version: int | None = None, *, now: datetime | None = None,
                 tz: tzinfo | None = None) -> int:
    """Create (``version`` None) or update booking ``form.booking_id``; returns its id.

    Refuses a clash with a :class:`ValidationError` naming the other booking, e.g. ``{"starts_at":
    "clashes with booking #12: Lumen shoot, Studio Nord, Tue 1 Dec 09:00–18:00 (confirmed)"}``,
    and an archived vendor (unless the booking already had it).
    """
    tz, now = tz or local_tz(), now or utc_now()
    errors, po, notes = _check_form(form, version is None)

    def work(session: Session) -> int:
        vendor = session.get(Vendor, form.vendor_id, with_for_update=True) if form.vendor_id else None
        if form.vendor_id is not None and vendor is None:
            errors["vendor"] = "this vendor no longer exists"
        if form.project_id is not None and session.get(Project, form.project_id) is None:
            errors["project"] = "this project no longer exists"
        row = Booking(status=form.status) if version is None else session.get(Booking, form.booking_id)
        if row is None:
            raise NotFoundError(f"booking #{form.booking_id} no longer exists")
        if version is not None and row.version != version:
            raise StaleEditError(STALE)
        if vendor is not None and vendor.archived_at is not None and row.vendor_id != vendor.id:
            errors["vendor"] = "this vendor is archived: restore it in the directory first"
        moved = (form.vendor_id, form.project_id, form.starts_at, form.ends_at, form.cost) != (
            row.vendor_id, row.project_id, row.starts_at, row.ends_at, row.cost)
        if row.status is BS.COMPLETED and moved:
            errors["form"] = "a completed booking's vendor, project, times and cost are final (its cost is spend)"
        expiry = form.hold_expires_at if row.status in rules.HOLDS else None
        if not errors and (problem := rules.hold_problem(row.status, expiry, form.starts_at)):
            errors["hold_expires_at"] = problem
        if errors:
            raise ValidationError(errors)
        me = Slot(row.id, form.vendor_id or 0, form.project_id or 0, form.starts_at, form.ends_at, row.status)
        found = neighbours(session, me.vendor_id, me.starts_at, me.ends_at, row.id)
        if clash := rules.clashes_with(me, [s for s, _, _ in found]):
            first = clash[0]
            hint = ("; save it as a 2nd hold to challenge it"
                    if {me.status, first.status} == {BS.HOLD_1} and me.project_id != first.project_id else "")
            raise ValidationError({"starts_at": f"clashes with {describe(found, {first.id}, tz)[0]}{hint}"})
        if row.status is BS.HOLD_2 and not any(rules.relation(me, s) is rules.Relation.CHALLENGE for s, _, _ in found):
            raise ValidationError({"status": "no 1st hold of another project on this slot: make it a 1st hold"})
        row.vendor_id, row.project_id = me.vendor_id, me.project_id
        row.starts_at, row.ends_at = me.starts_at, me.ends_at
        row.cost, row.hold_expires_at, row.po_reference, row.notes = form.cost, expiry, po, notes
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id

    return _write(db, work)


def _complete(session: Session, row: Booking, vendor: Vendor | None, now: datetime, tz: tzinfo) -> int | None:
    """Record a completed booking's cost as vendor spend (a deposit is topped up); the spend's id."""
    if row.starts_at > now:
        raise ValidationError({"status": "can't complete a booking that hasn't started yet"})
    spend = session.execute(select(Spend).where(Spend.booking_id == row.id)).scalar_one_or_none()
    if spend is None:
        spend = Spend(project_id=row.project_id, booking_id=row.id, category=SpendCategory.VENDOR,
                      spent_on=rules.spend_day(row.ends_at, tz, now.astimezone(tz).date()), amount=0,
                      note=one_line(f"{vendor.name if vendor else 'Vendor'}: booking #{row.id}"
                                    + (f", PO {row.po_reference}" if row.po_reference else ""), 200))
    spend.amount = rules.completion_spend(row.cost, spend.amount or None)
    session.add(spend)
    session.flush()
    return spend.id


def change_status(db: Database, booking_id: int, version: int, action: Action | str, *,
                  now: datetime | None = None, tz: tzinfo | None = None) -> StatusChange:
    """Confirm, release, complete or cancel a booking, with the effects in :mod:`amtui.rules.bookings`."""
    tz, now = tz or local_tz(), now or utc_now()
    action = Action(action)

    def work(session: Session) -> StatusChange:
        row = session.get(Booking, booking_id)
        if row is None:
            raise NotFoundError(f"booking #{booking_id} no longer exists")
        if row.version != version:
            raise StaleEditError(STALE)
        vendor = session.get(Vendor, row.vendor_id, with_for_update=True)
        project = session.get(Project, row.project_id)
        try:
            new = rules.next_status(row.status, action)
        except IllegalTransition as exc:
            raise ValidationError({"status": str(exc)}) from None
        me = Slot(row.id, row.vendor_id, row.project_id, row.starts_at, row.ends_at, row.status)
        found = neighbours(session, row.vendor_id, row.starts_at, row.ends_at, row.id)
        others = [s for s, _, _ in found]
        released: list[Slot] = []
        promoted: list[Slot] = []
        spend_id = None
        if action is Action.CONFIRM:
            released, blocking = rules.confirm_plan(me, others)
            if blocking:
                raise ValidationError({"status": f"can't confirm: it clashes with "
                                                 f"{describe(found, {blocking[0].id}, tz)[0]}; release that first"})
            row.hold_expires_at = None
        elif action is Action.COMPLETE:
            spend_id = _complete(session, row, vendor, now, tz)
        if new is BS.CANCELLED:
            promoted = rules.promotions(me, others)
        for slot, status in [(s, BS.CANCELLED) for s in released] + [(s, BS.HOLD_1) for s in promoted]:
            other = session.get(Booking, slot.id)
            if other is not None:
                other.status = status
        row.status = new
        session.flush()
        what = f"{one_line(vendor.name if vendor else '', 40)} for {one_line(project.name if project else '', 40)}"
        message = f"Booking #{row.id} ({what}) is now {rules.STATUS_LABELS[new]}."
        message += "".join(f" 2nd hold #{s.id} released." for s in released)
        message += "".join(f" 2nd hold #{s.id} moved up to 1st hold." for s in promoted)
        return StatusChange(row.id or 0, new, row.version, message, tuple(s.id or 0 for s in released),
                            tuple(s.id or 0 for s in promoted), spend_id)

    return _write(db, work)
