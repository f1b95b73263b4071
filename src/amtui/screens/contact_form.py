"""Add or edit a person at a client (``p`` on the detail; Enter on a person edits)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Checkbox, Input, Label

from amtui.db import Database
from amtui.messages import DataChange
from amtui.rules.text import clean_text, one_line
from amtui.screens.forms import Field, FormScreen, TextInput, host, user_text
from amtui.services.clients import (
    ClientRecord,
    ContactForm,
    ContactRow,
    add_contact,
    contacts_of,
    get_client,
    update_contact,
)
from amtui.services.errors import NotFoundError

HELP = "ctrl+s or enter save · esc cancel · space toggles primary"
_PHONE_CHARS = set("0123456789+()-./ ")


def check_email(text: str) -> str:
    email = clean_text(text)
    if email and (" " in email or email.count("@") != 1 or not email.split("@")[0]
                  or "." not in email.split("@")[1].strip(".")):
        raise ValueError("that doesn't look like an email address (name@example.com)")
    return email


def check_phone(text: str) -> str:
    phone = clean_text(text)
    if phone and not set(phone) <= _PHONE_CHARS:
        raise ValueError("use digits, spaces and + ( ) - . / only")
    return phone


def check_name(text: str) -> str:
    name = clean_text(text)
    if not name:
        raise ValueError("enter the person's name")
    return name


@dataclass(frozen=True)
class ContactData:
    client: ClientRecord
    contact: ContactRow | None


class ContactFormScreen(FormScreen[int | None]):
    """Dismisses with the contact's id once saved (None when cancelled)."""

    RECORD = "this person"

    def __init__(self, client_id: int, contact_id: int | None = None) -> None:
        super().__init__(classes="form contact-form")
        self.client_id = client_id
        self.contact_id = contact_id
        self.data: ContactData | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Label(Content.styled("New person" if self.contact_id is None else "Edit person", "bold"),
                        id="form-title", classes="form-title")
            yield Field("Name", TextInput(placeholder="e.g. Jane Doe", compact=True, id="name"), key="name")
            yield Field("Role", TextInput(placeholder="e.g. CMO", compact=True, id="role"), key="role")
            yield Field("Email", TextInput(compact=True, id="email"), key="email")
            yield Field("Phone", TextInput(compact=True, id="phone"), key="phone")
            yield Field("Primary", Checkbox("main contact", id="primary"), key="primary")
            yield Label("", id="form-error", classes="form-error")
            yield Label(Content(HELP), classes="form-keys")

    def on_mount(self) -> None:
        self.set_form_error(None)
        self.query_one("#name", Input).focus()
        db = host(self).db
        self.load(lambda: self.read_record(db))

    def can_reload(self) -> bool:
        return self.contact_id is not None

    def read_record(self, db: Database) -> ContactData:
        client = get_client(db, self.client_id)
        contact = None
        if self.contact_id is not None:
            contact = next((c for c in contacts_of(db, self.client_id) if c.id == self.contact_id), None)
            if contact is None:
                raise NotFoundError("this person no longer exists")
        return ContactData(client, contact)

    def loaded(self, data: ContactData) -> None:
        self.show_record(data)

    def use_record(self, data: ContactData) -> None:
        self.data = data
        verb = "New person at " if data.contact is None else "Edit person at "
        self.query_one("#form-title", Label).update(Content.assemble((verb, "bold"),
                                                                     user_text(data.client.name, 50, "bold")))

    def record_values(self, data: ContactData) -> dict[str, Any]:
        c = data.contact
        if c is None:
            return {}
        return {**{key: clean_text(getattr(c, key)) for key in ("name", "role", "email", "phone")},
                "primary": c.is_primary}

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        checks = {"name": check_name, "email": check_email, "phone": check_phone}
        key = event.input.id or ""
        if key in checks:
            self.check(key, lambda: checks[key](event.value))

    def collect(self) -> ContactForm | None:
        if self.data is None:
            self.set_form_error("still loading; try again in a moment")
            return None
        self.clear_errors()
        text = {k: self.query_one(f"#{k}", Input).value for k in ("name", "role", "email", "phone")}
        name = self.check("name", lambda: check_name(text["name"]))
        email = self.check("email", lambda: check_email(text["email"]))
        phone = self.check("phone", lambda: check_phone(text["phone"]))
        invalid = {f.key: f.error for f in self.query(Field) if f.error}
        if invalid:
            self.show_errors(invalid)
            return None
        return ContactForm(name=str(name), role=clean_text(text["role"]), email=str(email), phone=str(phone),
                           is_primary=self.query_one("#primary", Checkbox).value)

    def write(self, form: ContactForm) -> int:
        db = host(self).db
        if self.contact_id is None:
            return add_contact(db, self.client_id, form)
        assert self.data is not None and self.data.contact is not None
        update_contact(db, self.contact_id, self.data.contact.version, form)
        return self.contact_id

    def saved(self, contact_id: int) -> None:
        name = one_line(self.query_one("#name", Input).value, 60)
        self.notify(f"{'Added' if self.contact_id is None else 'Saved'} {name}", title="Saved", markup=False)
        host(self).publish(DataChange(tables=frozenset({"client_contact"}), client_id=self.client_id))
        self.dismiss(contact_id)
