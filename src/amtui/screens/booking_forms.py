"""The booking form (new/edit) and the booking detail, both modal.

The form checks each field as it is typed (times in the WHEN grammar, money), then the service
checks for clashes before saving: its message names the booking in the way and lands at the
start field. The detail shows one booking with its clashes and hold queue, and dismisses with
the key pressed (``edit``, ``confirm``, ``release``, ``complete``, ``cancel``) so the Vendors
screen runs it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, TextArea

from amtui.db import Database
from amtui.enums import BookingStatus as BS
from amtui.messages import DataChange
from amtui.rules.bookings import HOLDS, STATUS_LABELS, booking_days, format_moment, format_span, hold_left
from amtui.rules.relative import format_money
from amtui.rules.text import clean_text
from amtui.rules.when import WhenError, is_time_form, parse_time, parse_when
from amtui.screens.forms import (
    Choice,
    Field,
    FormScreen,
    Option,
    Picker,
    currency_of,
    host,
    parse_amount,
    user_block,
    user_text,
)
from amtui.services.vendors import BookingDetail, BookingForm, booking_detail, form_options, save_booking

HELP = "enter / ctrl+s: save    esc: cancel    tab: next field    times: 2026-12-01 09:00, fri 14:00, +3d"
STATUS_OPTIONS = [Option("1st hold", BS.HOLD_1, "1"), Option("2nd hold", BS.HOLD_2, "2"),
                  Option("confirmed", BS.CONFIRMED, "c")]
START_TIME, END_TIME, EXPIRY_TIME = time(9, 0), time(18, 0), time(17, 0)


def parse_moment(text: str, now: datetime, default: time, day_of: datetime | None = None) -> datetime:
    """A WHEN text as an aware datetime in ``now``'s zone; a day alone is at ``default``;
    a time alone is on ``day_of``'s day when given (the end of a booking), else today."""
    t = clean_text(text)
    if not t:
        raise ValueError("enter a day and time, e.g. 2026-12-01 09:00 or fri")
    try:
        if day_of is not None and is_time_form(t):
            return datetime.combine(day_of.astimezone(now.tzinfo).date(), parse_time(t), tzinfo=now.tzinfo)
        when = parse_when(t, now)
    except WhenError as e:
        raise ValueError(str(e)) from None
    return datetime.combine(when.day, when.time or default, tzinfo=now.tzinfo)


@dataclass(frozen=True)
class FormData:
    vendors: list[tuple[int, str, int]]
    projects: list[tuple[int, str, str]]
    detail: BookingDetail | None


class BookingFormScreen(FormScreen[int | None]):
    """New (``booking_id`` None) or edit; dismisses with the booking's id once saved."""

    RECORD = "this booking"

    def __init__(self, booking_id: int | None = None, vendor_id: int | None = None) -> None:
        super().__init__(classes="form booking-form")
        self.booking_id = booking_id
        self.vendor_id = vendor_id
        self.data: FormData | None = None

    def compose(self) -> ComposeResult:
        new = self.booking_id is None
        with Vertical(classes="form-box wide"):
            yield Label(Content.styled("New booking" if new else f"Edit booking #{self.booking_id}", "bold"),
                        id="form-title", classes="form-title")
            yield Field("Vendor", Picker[int]([], prompt="— choose —", compact=True, id="vendor"), key="vendor")
            yield Field("Project", Picker[int]([], prompt="— choose —", compact=True, id="project"), key="project")
            yield Field("Starts", Input(placeholder="2026-12-01 09:00", compact=True, id="starts_at"),
                        key="starts_at", hint=True)
            yield Field("Ends", Input(placeholder="18:00 or 2026-12-02 18:00", compact=True, id="ends_at"),
                        key="ends_at", hint=True)
            yield Field("Cost", Input(placeholder="empty: days × day rate", compact=True, id="cost"), key="cost",
                        hint=True)
            if new:
                yield Field("Status", Choice(STATUS_OPTIONS, BS.HOLD_1, id="status"), key="status")
            else:
                yield Field("Status", Label("", id="status-label"), key="status")
            yield Field("Hold expires", Input("+2d", compact=True, id="hold_expires_at"), key="hold_expires_at",
                        hint=True)
            yield Field("PO reference", Input(compact=True, id="po_reference"), key="po_reference")
            yield Field("Notes", TextArea(compact=True, id="notes"), key="notes")
            yield Label("", id="form-error", classes="form-error")
            yield Label(Content(HELP), classes="form-keys")

    def on_mount(self) -> None:
        self.set_form_error(None)
        self.query_one("#vendor", Select).focus()
        db = host(self).db
        self.load(lambda: self.read_record(db))

    def can_reload(self) -> bool:
        return self.booking_id is not None

    def read_record(self, db: Database) -> FormData:
        bid, tz = self.booking_id, host(self).clock.tz
        return FormData(*form_options(db), booking_detail(db, bid, tz) if bid is not None else None)

    def loaded(self, data: FormData) -> None:
        self.show_record(data)
        if self.vendor_id is not None and data.detail is None and any(v[0] == self.vendor_id for v in data.vendors):
            self.query_one("#vendor", Select).value = self.vendor_id

    def use_record(self, data: FormData) -> None:
        self.data = data
        vendors = [(user_text(name, 40), vid) for vid, name, _rate in data.vendors]
        projects = [(Content.assemble(user_text(client, 24), " · ", user_text(name, 30)), pid)
                    for pid, name, client in data.projects]
        if data.detail is not None:
            r = data.detail.row
            if not any(v[0] == r.vendor_id for v in data.vendors):  # archived since: still shown
                vendors.append((user_text(r.vendor, 40), r.vendor_id))
            if not any(p[0] == r.project_id for p in data.projects):
                projects.append((user_text(r.project, 40), r.project_id))
            self.query_one("#status-label", Label).update(Content(STATUS_LABELS[r.status] + "  (change it with keys)"))
            self.field("hold_expires_at").display = r.status in HOLDS
        self.query_one("#vendor", Select).set_options(vendors)
        self.query_one("#project", Select).set_options(projects)

    def record_values(self, data: FormData) -> dict[str, Any]:
        if data.detail is None:
            return {}
        r, tz = data.detail.row, host(self).clock.tz
        return {"vendor": r.vendor_id, "project": r.project_id,
                "starts_at": f"{r.starts_at.astimezone(tz):%Y-%m-%d %H:%M}",
                "ends_at": f"{r.ends_at.astimezone(tz):%Y-%m-%d %H:%M}",
                "cost": format_money(r.cost, currency_of(self)), "po_reference": clean_text(r.po_reference),
                "hold_expires_at": f"{r.hold_expires_at.astimezone(tz):%Y-%m-%d %H:%M}" if r.hold_expires_at else "",
                "notes": clean_text(data.detail.notes, multiline=True)}

    # --- checking as the user types ---

    def on_input_changed(self, event: Input.Changed) -> None:
        self._preview()

    def on_select_changed(self, _event: Select.Changed) -> None:
        self._preview()

    def on_choice_changed(self, event: Choice.Changed) -> None:
        self.field("hold_expires_at").display = event.value in HOLDS

    def _text(self, key: str) -> str:
        return self.query_one(f"#{key}", Input).value

    def _times(self) -> tuple[datetime | None, datetime | None]:
        now = host(self).clock.now()
        start = self.check("starts_at", lambda: parse_moment(self._text("starts_at"), now, START_TIME))
        end = None
        if start is not None:
            end = self.check("ends_at", lambda: parse_moment(self._text("ends_at"), now, END_TIME, start))
        return start, end  # type: ignore[return-value]

    def _rate(self) -> int | None:
        vid = self.query_one("#vendor", Select).value
        return next((rate for i, _n, rate in (self.data.vendors if self.data else []) if i == vid), None)

    def _cost(self, start: datetime | None, end: datetime | None) -> int:
        """The typed cost, or days × the vendor's day rate when the field is empty."""
        if clean_text(self._text("cost")):
            return parse_amount(self._text("cost"))
        rate = self._rate()
        if rate is None or start is None or end is None:
            raise ValueError("enter the cost (or choose the vendor and times to use its day rate)")
        return booking_days(start, end, host(self).clock.tz) * rate

    def _preview(self) -> None:
        tz, cur = host(self).clock.tz, currency_of(self)
        try:
            start = parse_moment(self._text("starts_at"), host(self).clock.now(), START_TIME)
            end = parse_moment(self._text("ends_at"), host(self).clock.now(), END_TIME, start)
        except ValueError:
            start = end = None
        self.field("starts_at").set_hint(format_moment(start, tz) if start else "")
        self.field("ends_at").set_hint(format_span(start, end, tz) if start and end and end > start else "")
        try:
            expiry = parse_moment(self._text("hold_expires_at"), host(self).clock.now(), EXPIRY_TIME)
        except ValueError:
            self.field("hold_expires_at").set_hint("")
        else:
            left = hold_left(expiry, host(self).clock.now())
            self.field("hold_expires_at").set_hint(f"{format_moment(expiry, tz)} ({left})")
        try:
            cost = self._cost(start, end)
        except ValueError:
            self.field("cost").set_hint("")
        else:
            auto = not clean_text(self._text("cost")) and start and end
            days = booking_days(start, end, tz) if auto else 0  # type: ignore[arg-type]
            self.field("cost").set_hint(f"{days} day(s) × day rate = {format_money(cost, cur)}" if auto
                                        else format_money(cost, cur))

    # --- saving ---

    def _status(self) -> BS:
        if self.booking_id is None:
            return self.query_one("#status", Choice).value  # type: ignore[no-any-return]
        return self.data.detail.row.status if self.data and self.data.detail else BS.HOLD_1

    def collect(self) -> BookingForm | None:
        if self.data is None or (self.booking_id is not None and self.data.detail is None):
            self.set_form_error("still loading; try again in a moment")
            return None
        self.clear_errors()
        start, end = self._times()
        cost = self.check("cost", lambda: self._cost(start, end))
        status = self._status()
        expiry = None
        if status in HOLDS:
            now = host(self).clock.now()
            expiry = self.check("hold_expires_at",
                                lambda: parse_moment(self._text("hold_expires_at"), now, EXPIRY_TIME))
        vendor, project = self.query_one("#vendor", Select).value, self.query_one("#project", Select).value
        if not isinstance(vendor, int):
            self.field("vendor").set_error("choose the vendor")
        if not isinstance(project, int):
            self.field("project").set_error("choose the project")
        invalid = {f.key: f.error for f in self.query(Field) if f.error}
        if invalid:
            self.show_errors(invalid)
            return None
        return BookingForm(vendor, project, start, end, cost, status, expiry,  # type: ignore[arg-type]
                           self._text("po_reference"), self.query_one("#notes", TextArea).text, self.booking_id)

    def write(self, form: BookingForm) -> int:
        version = self.data.detail.row.version if self.data and self.data.detail else None
        return save_booking(host(self).db, form, version, now=host(self).clock.now(), tz=host(self).clock.tz)

    def saved(self, booking_id: int) -> None:
        verb = "Booked" if self.booking_id is None else "Saved"
        self.notify(f"{verb}: booking #{booking_id}.", title="Saved", markup=False)
        host(self).publish(DataChange(tables=frozenset({"booking"})))
        self.dismiss(booking_id)


class BookingDetailScreen(ModalScreen[str | None]):
    """One booking; dismisses with the action chosen by key (or None)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "choose(None)", "Close"),
        Binding("e", "choose('edit')", "Edit"),
        Binding("C", "choose('confirm')", "Confirm"),
        Binding("R", "choose('release')", "Release"),
        Binding("D", "choose('complete')", "Complete"),
        Binding("X", "choose('cancel')", "Cancel booking"),
    ]

    def __init__(self, detail: BookingDetail) -> None:
        super().__init__(classes="booking-detail")
        self.detail = detail

    def compose(self) -> ComposeResult:
        d, r = self.detail, self.detail.row
        app = host(self)
        tz, cur = app.clock.tz, currency_of(self)
        left = hold_left(r.hold_expires_at, app.clock.now()) if r.status in HOLDS else ""
        facts: list[tuple[str, Content]] = [
            ("Vendor", Content.assemble(user_text(r.vendor, 50), (f"  {r.service.value}", "dim"))),
            ("Contact", user_text(d.contact, 70)),
            ("Client", user_text(r.client, 60)), ("Project", user_text(r.project, 60)),
            ("When", Content(format_span(r.starts_at, r.ends_at, tz))),
            ("Cost", Content(format_money(r.cost, cur))),
            ("Status", Content.assemble((STATUS_LABELS[r.status], "bold"), (f"  {left}" if left else "", "dim"))),
            ("PO", user_text(r.po_reference, 60)),
            ("Spent", Content(format_money(d.spent, cur) if d.spent is not None else "—")),
        ]
        with Vertical(classes="form-box"):
            yield Label(Content.assemble((f"Booking #{r.id}", "bold")), classes="form-title")
            with VerticalScroll(id="booking-facts"):
                for name, value in facts:
                    yield Label(Content.assemble((name.ljust(9), "dim"), value), classes="fact")
                for line in d.clashes:
                    yield Label(Content.styled(f"⚠ clashes with {clean_text(line)}", "$text-error"), classes="fact")
                for line in d.queue:
                    yield Label(Content.styled(f"⇄ hold queue: {clean_text(line)}", "$text-warning"), classes="fact")
                if clean_text(d.notes):
                    yield Label(user_block(d.notes), classes="fact booking-notes")
            yield Label(Content("e edit · C confirm · R release · D complete · X cancel · esc close"),
                        classes="form-keys")

    def action_choose(self, action: str | None) -> None:
        self.dismiss(action)

