"""Add or edit a vendor of the directory in a modal form (``n`` / ``e`` in the directory).

Each field checks itself as it is typed: the name is required and not another vendor's (any
case, archived ones included), the email is loosely checked, the day rate is money. The service
checks again on save and its messages land at the same fields; a stale edit opens the
stale-edit dialog (reload keeps what was typed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, Select, TextArea

from amtui.db import Database
from amtui.enums import VendorService
from amtui.messages import DataChange
from amtui.rules.relative import format_money
from amtui.rules.text import clean_text, one_line
from amtui.screens.forms import Field, FormScreen, Picker, TextInput, currency_of, host, parse_amount, user_text
from amtui.services.client_edits import looks_like_email
from amtui.services.vendors import (
    VendorForm,
    VendorRecord,
    create_vendor,
    get_vendor,
    name_taken,
    update_vendor,
    vendor_names,
)

HELP = "ctrl+s or enter save · esc cancel · tab next field · day rate: 1800, 1,800 or 1800.50"
TEXT_FIELDS = ("name", "contact_name", "email", "phone", "day_rate")


@dataclass(frozen=True)
class VendorFormData:
    record: VendorRecord | None
    names: list[tuple[int, str, bool]]  # (id, name, archived) of every vendor


class VendorFormScreen(FormScreen[int | None]):
    """New (``vendor_id`` None) or edit; dismisses with the vendor's id once saved."""

    RECORD = "this vendor"

    def __init__(self, vendor_id: int | None = None) -> None:
        super().__init__(classes="form vendor-form")
        self.vendor_id = vendor_id
        self.data: VendorFormData | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Label(Content.styled("New vendor" if self.vendor_id is None else "Edit vendor", "bold"),
                        id="form-title", classes="form-title")
            yield Field("Name", TextInput(placeholder="e.g. Ida Krogh Photography", compact=True, id="name"),
                        key="name")
            yield Field("Service", Picker([(s.value.capitalize(), s) for s in VendorService], allow_blank=False,
                                          value=VendorService.PHOTOGRAPHY, compact=True, id="service"), key="service")
            yield Field("Contact", TextInput(placeholder="the person to call", compact=True, id="contact_name"),
                        key="contact_name")
            yield Field("Email", TextInput(placeholder="name@example.com", compact=True, id="email"), key="email")
            yield Field("Phone", TextInput(compact=True, id="phone"), key="phone")
            yield Field("Day rate", TextInput("0", compact=True, id="day_rate"), key="day_rate", hint=True)
            yield Field("Notes", TextArea(compact=True, id="notes"), key="notes")
            yield Label("", id="form-error", classes="form-error")
            yield Label(Content(HELP), classes="form-keys")

    def on_mount(self) -> None:
        self.set_form_error(None)
        self.query_one("#name", Input).focus()
        self.check_field("day_rate")
        db = host(self).db
        self.load(lambda: self.read_record(db))

    def can_reload(self) -> bool:
        return self.vendor_id is not None

    def read_record(self, db: Database) -> VendorFormData:
        vid, now = self.vendor_id, host(self).clock.now()
        return VendorFormData(get_vendor(db, vid, now) if vid is not None else None, vendor_names(db))

    def loaded(self, data: VendorFormData) -> None:
        self.show_record(data)

    def use_record(self, data: VendorFormData) -> None:
        self.data = data
        r = data.record
        if r is None:
            return
        title = Content.assemble(("Edit ", "bold"), user_text(r.name, 60, "bold"))
        if r.archived:
            title = Content.assemble(title, ("  (archived)", "dim"))
        self.query_one("#form-title", Label).update(title)

    def record_values(self, data: VendorFormData) -> dict[str, Any]:
        r = data.record
        if r is None:
            return {}
        return {"name": clean_text(r.name), "contact_name": clean_text(r.contact_name),
                "email": clean_text(r.email), "phone": clean_text(r.phone),
                "day_rate": format_money(r.day_rate, currency_of(self)), "service": r.service,
                "notes": clean_text(r.notes, multiline=True)}

    # --- checking as the user types ---

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input.id in TEXT_FIELDS:
            self.check_field(event.input.id)

    def check_field(self, key: str) -> Any:
        """Check one field; show its error (or the day rate's preview); return its value."""
        text = self.query_one(f"#{key}", Input).value
        if key == "name":
            return self.check("name", lambda: self._check_name(text))
        if key == "email":
            return self.check("email", lambda: self._check_email(text))
        if key == "day_rate":
            cents = self.check("day_rate", lambda: parse_amount(text))
            shown = f"{format_money(cast(int, cents), currency_of(self))} a day" if cents is not None else ""
            self.field("day_rate").set_hint(Content.styled(shown or currency_of(self), "dim"))
            return cents
        return clean_text(text)

    def _check_name(self, text: str) -> str:
        name = clean_text(text)
        if not name:
            raise ValueError("enter the vendor's name")
        if len(name) > 200:
            raise ValueError(f"at most 200 characters (this has {len(name)})")
        if self.data is not None and (problem := name_taken(self.data.names, name, self.vendor_id)):
            raise ValueError(one_line(problem, 80))
        return name

    @staticmethod
    def _check_email(text: str) -> str:
        email = clean_text(text)
        if email and not looks_like_email(email):
            raise ValueError("that doesn't look like an email address (name@example.com)")
        return email

    # --- saving ---

    def collect(self) -> VendorForm | None:
        if self.vendor_id is not None and (self.data is None or self.data.record is None):
            self.set_form_error("still loading; try again in a moment")
            return None
        self.clear_errors()
        values = {key: self.check_field(key) for key in TEXT_FIELDS}
        invalid = {f.key: f.error for f in self.query(Field) if f.error}
        if invalid:
            self.show_errors(invalid)
            return None
        return VendorForm(name=values["name"], service=cast(VendorService, self.query_one("#service", Select).value),
                          contact_name=values["contact_name"], email=values["email"], phone=values["phone"],
                          day_rate=values["day_rate"],
                          notes=clean_text(self.query_one("#notes", TextArea).text, multiline=True))

    def write(self, form: VendorForm) -> int:
        db = host(self).db
        if self.vendor_id is None:
            return create_vendor(db, form)
        assert self.data is not None and self.data.record is not None
        update_vendor(db, self.vendor_id, self.data.record.version, form)
        return self.vendor_id

    def saved(self, vendor_id: int) -> None:
        name = one_line(self.query_one("#name", Input).value, 60)
        self.notify(f"{'Added' if self.vendor_id is None else 'Saved'} {name}", title="Saved", markup=False)
        host(self).publish(DataChange(tables=frozenset({"vendor"})))
        self.dismiss(vendor_id)
