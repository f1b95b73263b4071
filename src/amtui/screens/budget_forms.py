"""Budget forms: add a spend entry, propose a change order, and the approve/reject question.

Both forms are :class:`~amtui.screens.forms.FormScreen` modals: an error line under each field,
Enter or ctrl+s saves in a thread worker, nothing is written while anything is invalid. After a
save they publish a :class:`~amtui.messages.DataChange` so every screen reloads.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label

from amtui.enums import SpendCategory
from amtui.messages import DataChange
from amtui.rules.relative import format_money, parse_money
from amtui.rules.text import clean_text, one_line
from amtui.rules.when import WhenError, parse_when
from amtui.screens.forms import Choice, Field, FormScreen, Option, currency_of, host, user_text
from amtui.services.budgets import SpendForm, add_spend, propose_change_order

if TYPE_CHECKING:
    from amtui.services.budgets import BudgetRow, ChangeOrderRow

KEYS_HELP = "enter / ctrl+s: save    esc: cancel    tab: next field"
CATEGORY_OPTIONS = [Option(c.value, c, c.value[0]) for c in SpendCategory]


def decision_question(co: ChangeOrderRow, row: BudgetRow, approve: bool, currency: str) -> tuple[Content, str]:
    """The confirmation asked before approving or rejecting ``co`` (question, detail line)."""
    amount = ("+" if co.amount > 0 else "") + format_money(co.amount, currency)
    verb = "Approve" if approve else "Reject"
    question = Content.assemble(f"{verb} {amount} ", ("“", "dim"), user_text(co.reason, 40), ("”", "dim"),
                                " for ", user_text(row.project, 30, "bold"), "?")
    if approve:
        detail = f"The budget goes from {format_money(row.budget, currency)} to " \
                 f"{format_money(row.budget + co.amount, currency)}."
    else:
        detail = "The budget stays as it is; the change order is kept as rejected."
    return question, detail


class _BudgetForm(FormScreen[int | None]):
    """Common parts: the title, the keys line, saving through :meth:`write`."""

    TITLE = ""

    def __init__(self, project_id: int, project: str, client_id: int) -> None:
        super().__init__(classes="form budget-form")
        self.project_id = project_id
        self.project = project
        self.client_id = client_id

    def fields(self) -> ComposeResult:  # pragma: no cover - abstract
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Label(Content.assemble((self.TITLE, "bold"), " · ", user_text(self.project, 50, "bold $accent")),
                        classes="form-title")
            yield from self.fields()
            yield Label("", id="form-error", classes="form-error")
            yield Label(Content(KEYS_HELP), classes="form-keys")

    def on_mount(self) -> None:
        self.set_form_error(None)
        self.query(Input).first().focus()
        for f in self.query(Input):
            self._preview(f.id or "", f.value)

    def value(self, key: str) -> str:
        return self.query_one(f"#{key}", Input).value

    def on_input_changed(self, event: Input.Changed) -> None:
        self._preview(event.input.id or "", event.value)

    def _preview(self, key: str, value: str) -> None:
        """Live hints beside fields (subclasses)."""

    def done(self, result: int, message: str, table: str) -> None:
        self.notify(message, markup=False)
        host(self).publish(DataChange(frozenset({table}), self.client_id))
        self.dismiss(result)


def parse_amount_text(text: str, *, allow_negative: bool) -> int:
    """Money in cents from a field; 0 is refused."""
    cents = parse_money(clean_text(text), allow_negative=allow_negative)
    if cents == 0:
        raise ValueError("enter an amount other than 0" if allow_negative else "enter an amount above 0")
    return cents


class SpendFormScreen(_BudgetForm):
    """Add a spend entry to a project; dismisses with its id (None when cancelled)."""

    TITLE = "Add spend"

    def fields(self) -> ComposeResult:
        yield Field("Date", Input("today", compact=True, id="spent_on"), key="spent_on", hint=True)
        yield Field("Amount", Input(placeholder="e.g. 1,250 or 1250.50", compact=True, id="amount"), key="amount",
                    hint=True)
        yield Field("Category", Choice(CATEGORY_OPTIONS, SpendCategory.LABOUR, id="category"), key="category")
        yield Field("Note", Input(placeholder="what it was for (optional)", compact=True, id="note"), key="note")

    def _day(self, text: str) -> date:
        now = host(self).clock.now()
        try:
            day = parse_when(clean_text(text), now).day
        except WhenError as e:
            raise ValueError(str(e)) from None
        if day > now.date():
            raise ValueError("spend can't be in the future: book a future cost as a booking")
        return day

    def _preview(self, key: str, value: str) -> None:
        if key == "spent_on":
            try:
                day = self._day(value)
            except ValueError:
                self.field(key).set_hint("")
            else:
                self.field(key).set_hint(parse_when(day.isoformat(), host(self).clock.now()).describe())
        elif key == "amount":
            try:
                self.field(key).set_hint(format_money(parse_amount_text(value, allow_negative=False),
                                                      currency_of(self)))
            except ValueError:
                self.field(key).set_hint("")

    def collect(self) -> SpendForm | None:
        day = self.check("spent_on", lambda: self._day(self.value("spent_on")))
        amount = self.check("amount", lambda: parse_amount_text(self.value("amount"), allow_negative=False))
        if day is None or amount is None:
            return None
        category = self.query_one("#category", Choice).value
        return SpendForm(self.project_id, day, amount, category, clean_text(self.value("note")))  # type: ignore[arg-type]

    def write(self, payload: SpendForm) -> int:
        return add_spend(host(self).db, payload, today=host(self).clock.today())

    def saved(self, result: int) -> None:
        amount = parse_amount_text(self.value("amount"), allow_negative=False)
        self.done(result, f"Added {format_money(amount, currency_of(self))} of spend to {one_line(self.project, 40)}.",
                  "spend")


class ChangeOrderFormScreen(_BudgetForm):
    """Propose a change order (negative for a reduction); dismisses with its id."""

    TITLE = "Propose change order"

    def __init__(self, project_id: int, project: str, client_id: int, budget: int) -> None:
        super().__init__(project_id, project, client_id)
        self.budget = budget

    def fields(self) -> ComposeResult:
        yield Field("Amount", Input(placeholder="+5,000 or -2,000", compact=True, id="amount"), key="amount",
                    hint=True)
        yield Field("Reason", Input(placeholder="what the client asked for", compact=True, id="reason"),
                    key="reason")

    def _preview(self, key: str, value: str) -> None:
        if key != "amount":
            return
        cur = currency_of(self)
        try:
            cents = parse_amount_text(value, allow_negative=True)
        except ValueError:
            self.field(key).set_hint("")
            return
        self.field(key).set_hint(f"budget {format_money(self.budget, cur)} → "
                                 f"{format_money(self.budget + cents, cur)} once approved")

    def collect(self) -> tuple[int, str] | None:
        amount = self.check("amount", lambda: parse_amount_text(self.value("amount"), allow_negative=True))
        reason = self.check("reason", lambda: _required(self.value("reason"), "enter the reason the client will see"))
        if amount is None or reason is None:
            return None
        return amount, reason  # type: ignore[return-value]

    def write(self, payload: tuple[int, str]) -> int:
        return propose_change_order(host(self).db, self.project_id, *payload)

    def saved(self, result: int) -> None:
        self.done(result, f"Change order proposed for {one_line(self.project, 40)}.", "change_order")


def _required(text: str, message: str) -> str:
    cleaned = clean_text(text)
    if not cleaned:
        raise ValueError(message)
    return cleaned
