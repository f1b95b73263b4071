"""Add or edit a client in a modal form (``n`` on the roster, ``e`` on the detail).

Each field checks itself as it is typed (money, dates in the WHEN grammar, whole days, a name
not already taken); the service checks again on save and its messages land at the same fields.
A stale edit is refused with the stale-edit dialog (reload keeps what was typed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, Label, Select, TextArea

from amtui.db import Database

from amtui.enums import ClientStatus, ClientTier
from amtui.messages import DataChange
from amtui.rules.cadence import validate_cadence
from amtui.rules.relative import format_money
from amtui.rules.text import clean_text, one_line
from amtui.rules.when import format_day
from amtui.screens.forms import (
    Field,
    FormScreen,
    Picker,
    TextInput,
    currency_of,
    host,
    parse_amount,
    parse_int,
    parse_optional_day,
    user_text,
)
from amtui.services.clients import (
    ClientForm,
    ClientRecord,
    ClientRef,
    MemberRef,
    client_refs,
    create_client,
    get_client,
    member_refs,
    update_client,
)

HELP = "ctrl+s or enter save · esc cancel · tab next field · dates: 2027-01-15, +3m, fri"


@dataclass(frozen=True)
class ClientFormData:
    record: ClientRecord | None
    members: list[MemberRef]
    clients: list[ClientRef]


def _label(value: str) -> str:
    return value.replace("_", " ").capitalize()


class ClientFormScreen(FormScreen[int | None]):
    """Dismisses with the client's id once saved (None when cancelled)."""

    RECORD = "this client"

    def __init__(self, client_id: int | None = None) -> None:
        super().__init__(classes="form client-form")
        self.client_id = client_id
        self.data: ClientFormData | None = None

    def compose(self) -> ComposeResult:
        ws = getattr(self.app, "workspace", None)
        ideal = str(getattr(ws, "default_cadence_ideal_days", 14))
        most = str(getattr(ws, "default_cadence_max_days", 30))
        with Vertical(classes="form-box wide"):
            yield Label(Content.styled("New client" if self.client_id is None else "Edit client", "bold"),
                        id="form-title", classes="form-title")
            yield Field("Name", TextInput(placeholder="e.g. Harbor Foods", compact=True, id="name"), key="name")
            with Horizontal(classes="form-columns"):
                with Vertical():
                    yield Field("Status", Picker([(_label(s.value), s) for s in ClientStatus], allow_blank=False,
                                                 value=ClientStatus.ACTIVE, compact=True, id="status"), key="status")
                    yield Field("Industry", TextInput(compact=True, id="industry"), key="industry")
                    yield Field("Retainer/mo", TextInput("0", compact=True, id="retainer"), key="retainer", hint=True)
                    yield Field("Contract start", TextInput(placeholder="optional", compact=True, id="contract_start"),
                                key="contract_start", hint=True)
                    yield Field("Cadence ideal", TextInput(ideal, compact=True, id="cadence_ideal"),
                                key="cadence_ideal", hint=True)
                with Vertical():
                    yield Field("Tier", Picker([(_label(t.value), t) for t in ClientTier], allow_blank=False,
                                               value=ClientTier.STANDARD, compact=True, id="tier"), key="tier")
                    yield Field("Owner", Picker[int]([], prompt="— nobody —", compact=True, id="owner"), key="owner")
                    yield Field("Renewal", TextInput(placeholder="optional", compact=True, id="renewal"), key="renewal",
                                hint=True)
                    yield Field("Cadence max", TextInput(most, compact=True, id="cadence_max"), key="cadence_max",
                                hint=True)
            yield Field("Notes", TextArea(compact=True, id="notes"), key="notes")
            yield Label("", id="form-error", classes="form-error")
            yield Label(Content(HELP), classes="form-keys")

    def on_mount(self) -> None:
        self.set_form_error(None)
        self.query_one("#name", Input).focus()
        self.query_one("#field-retainer", Field).set_hint(Content.styled(currency_of(self), "dim"))
        db = host(self).db
        self.load(lambda: self.read_record(db))

    def can_reload(self) -> bool:
        return self.client_id is not None

    def read_record(self, db: Database) -> ClientFormData:
        cid = self.client_id
        return ClientFormData(get_client(db, cid) if cid is not None else None, member_refs(db), client_refs(db))

    def loaded(self, data: ClientFormData) -> None:
        self.show_record(data)

    def use_record(self, data: ClientFormData) -> None:
        self.data = data
        owner = self.query_one("#owner", Select)
        options = [(user_text(m.name, 40), m.id) for m in data.members]
        r = data.record
        if r is not None and r.owner_id is not None and all(m.id != r.owner_id for m in data.members):
            options.append((Content.assemble(user_text(r.owner or "?", 30), (" (inactive)", "dim")), r.owner_id))
        owner.set_options(options)
        if r is not None:
            self.query_one("#form-title", Label).update(Content.assemble(("Edit ", "bold"),
                                                                         user_text(r.name, 60, "bold")))

    def record_values(self, data: ClientFormData) -> dict[str, Any]:
        r = data.record
        if r is None:
            return {}
        return {
            "name": clean_text(r.name), "industry": clean_text(r.industry),
            "retainer": format_money(r.monthly_retainer, currency_of(self)),
            "contract_start": r.contract_start.isoformat() if r.contract_start else "",
            "renewal": r.renewal_date.isoformat() if r.renewal_date else "",
            "cadence_ideal": str(r.cadence_ideal_days), "cadence_max": str(r.cadence_max_days),
            "status": r.status, "tier": r.tier, "owner": r.owner_id,
            "notes": clean_text(r.notes, multiline=True),
        }

    # --- checking as the user types ---

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        key = event.input.id or ""
        if key:
            self.check_field(key)

    def check_field(self, key: str) -> Any:
        """Check one field; show its error or preview; return its value (None when invalid)."""
        text = self.query_one(f"#{key}", Input).value
        now = host(self).clock.now()
        field = self.field(key)
        if key == "name":
            return self.check("name", lambda: self._check_name(text))
        if key == "industry":
            return clean_text(text)
        if key == "retainer":
            cents = self.check("retainer", lambda: parse_amount(text))
            shown = format_money(cast(int, cents), currency_of(self)) if cents is not None else ""
            field.set_hint(Content.styled(shown if shown != clean_text(text) else currency_of(self), "dim"))
            return cents
        if key in ("contract_start", "renewal"):
            day = self.check(key, lambda: parse_optional_day(text, now))
            field.set_hint(format_day(day) if day else "")  # type: ignore[arg-type]
            self._check_order()
            return day
        if key in ("cadence_ideal", "cadence_max"):
            label = "the ideal cadence" if key == "cadence_ideal" else "the maximum cadence"
            days = self.check(key, lambda: parse_int(text, label=label, minimum=1, maximum=3650))
            field.set_hint(Content.styled("days", "dim"))
            self._check_cadence()
            return days
        return text

    def _check_name(self, text: str) -> str:
        name = clean_text(text)
        if not name:
            raise ValueError("enter the client's name")
        if len(name) > 200:
            raise ValueError(f"at most 200 characters (this has {len(name)})")
        if self.data is not None:
            for c in self.data.clients:
                if c.name.casefold() == name.casefold() and c.id != self.client_id:
                    raise ValueError(f"a client named '{one_line(c.name, 40)}' already exists")
        return name

    def _check_cadence(self) -> None:
        field = self.field("cadence_max")
        try:
            ideal = parse_int(self.query_one("#cadence_ideal", Input).value, label="", minimum=1)
            most = parse_int(self.query_one("#cadence_max", Input).value, label="", minimum=1)
        except ValueError:
            return
        try:
            validate_cadence(ideal, most)
        except ValueError as e:
            field.set_error(str(e))
        else:
            field.set_error(None)

    def _check_order(self) -> None:
        now = host(self).clock.now()
        try:
            start = parse_optional_day(self.query_one("#contract_start", Input).value, now)
            renewal = parse_optional_day(self.query_one("#renewal", Input).value, now)
        except ValueError:
            return
        ordered = not (start and renewal and renewal < start)
        self.field("renewal").set_error(None if ordered else "the renewal can't be before the contract start")

    # --- saving ---

    def collect(self) -> ClientForm | None:
        if self.client_id is not None and (self.data is None or self.data.record is None):
            self.set_form_error("still loading; try again in a moment")
            return None
        self.clear_errors()
        values = {key: self.check_field(key) for key in
                  ("name", "industry", "retainer", "contract_start", "renewal", "cadence_ideal", "cadence_max")}
        invalid = {f.key: f.error for f in self.query(Field) if f.error}
        if invalid:
            self.show_errors(invalid)
            return None
        owner = self.query_one("#owner", Select).value
        return ClientForm(
            name=values["name"], status=cast(ClientStatus, self.query_one("#status", Select).value),
            tier=cast(ClientTier, self.query_one("#tier", Select).value), industry=values["industry"],
            monthly_retainer=values["retainer"], contract_start=values["contract_start"],
            renewal_date=values["renewal"], cadence_ideal_days=values["cadence_ideal"],
            cadence_max_days=values["cadence_max"], owner_id=owner if isinstance(owner, int) else None,
            notes=clean_text(self.query_one("#notes", TextArea).text, multiline=True),
        )

    def write(self, form: ClientForm) -> int:
        db = host(self).db
        if self.client_id is None:
            return create_client(db, form)
        assert self.data is not None and self.data.record is not None
        update_client(db, self.client_id, self.data.record.version, form)
        return self.client_id

    def saved(self, client_id: int) -> None:
        name = one_line(self.query_one("#name", Input).value, 60)
        self.notify(f"{'Added' if self.client_id is None else 'Saved'} {name}", title="Saved", markup=False)
        host(self).publish(DataChange(tables=frozenset({"client"}), client_id=client_id))
        self.dismiss(client_id)
