"""The Budgets screen's tables: projects against their budgets, and the selected project's spend
entries and change orders, with the columns each shows.

Renderers return plain text and a style name (see :mod:`amtui.widgets.columns`); money and the
currency are read at paint time through the callables the screen passes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message

from amtui.enums import ChangeOrderStatus, ProjectKind
from amtui.rules.budget_text import day_month, short_money, signed_money
from amtui.rules.relative import format_money
from amtui.services.budgets import BudgetRow, ChangeOrderRow, SpendEntry
from amtui.widgets.columns import Cell, Column
from amtui.widgets.pace_bar import pace_cell
from amtui.widgets.virtual_table import VirtualTable

CO_STYLES = {ChangeOrderStatus.PROPOSED: "accent", ChangeOrderStatus.APPROVED: "success",
             ChangeOrderStatus.REJECTED: "muted"}


class BudgetTable(VirtualTable):
    """The projects table: ``s`` sorts (posting :class:`Sorted`), Enter moves into the detail."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "sort_next", "Sort", id="budgets.sort"),
        Binding("enter", "select", "Detail", id="budgets.detail"),
    ]

    class Sorted(Message):
        """The sort column or direction changed."""

    def sort_by(self, column: int | str | None, *, reverse: bool = False) -> None:
        super().sort_by(column, reverse=reverse)
        self.post_message(self.Sorted())

    def count_label(self, flagged: int) -> str:
        """``12 of 40 projects · 3 off pace`` (``40 projects · …`` when the filter hides none)."""
        total, shown = self.total_count, self.row_count
        count = f"{shown:,} of {total:,}" if shown != total else f"{total:,}"
        return f"{count} {'project' if total == 1 else 'projects'} · {flagged} off pace"

    def order_label(self) -> str:
        """``Worst first`` (the order the rows come in) or the sort column: ``By spent ▼``."""
        if self.sort_column is None:
            return "Worst first"
        return f"By {self.columns[self.sort_column].label.lower()}" + (" ▼" if self.sort_reverse else "")


class DetailList(VirtualTable):
    """Spend entries or change orders of the selected project."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Select", show=False)]

    def show_change_orders(self, orders: list[ChangeOrderRow], same_project: bool) -> None:
        """Show ``orders``: the cursor stays on a change order still awaiting a decision, else
        goes to the first one awaiting it (none, in another project: to the first row)."""
        kept = self.highlighted_row if same_project else None
        proposed = [c.id for c in orders if c.status is ChangeOrderStatus.PROPOSED]
        focus = kept.id if kept is not None and kept.id in proposed else (proposed[0] if proposed else None)
        self.set_rows(orders, focus_key=focus)
        if focus is None and not same_project:
            self.action_first()


def budget_columns(symbol: Callable[[], str]) -> list[Column[BudgetRow]]:
    """The projects table's columns; ``symbol`` is the currency symbol (``€``, or ``SEK ``)."""

    def money(get: Callable[[BudgetRow], int]) -> Callable[[BudgetRow], Cell]:
        return lambda r: (short_money(get(r), symbol()), None)

    def remaining(r: BudgetRow) -> Cell:
        return short_money(r.remaining, symbol()), "error" if r.remaining < 0 else None

    def pace(r: BudgetRow) -> Cell:
        gap = r.status.pace_gap
        return (pace_cell(r.pct_used, r.pct_elapsed),
                "error" if r.flagged else "warning" if gap is not None and gap > 5 else "success")

    def forecast(r: BudgetRow) -> Cell:
        return short_money(r.forecast, symbol()), "error" if r.flagged else None

    def run_out(r: BudgetRow) -> Cell:
        if r.run_out is None:
            return "—", "muted"
        return ("gone" if r.remaining <= 0 else day_month(r.run_out)), "error"

    def flag(r: BudgetRow) -> Cell:
        text = "no bgt" if r.variance_pct is None else f"{r.variance_pct:+.0f}%"
        style = "error" if r.flagged else "warning" if (r.variance_pct or 0) > 0 else "muted"
        return ("▲" + text if r.flagged else text), style

    return [
        Column("client", "Client", lambda r: (r.client, None), width=8, flex=1, sort_key=lambda r: r.client),
        Column("project", "Project", lambda r: (r.project, "accent" if r.kind is ProjectKind.RETAINER else None),
               width=10, flex=2, sort_key=lambda r: r.project),
        Column("budget", "Budget", money(lambda r: r.budget), width=6, align="right", sort_key=lambda r: r.budget),
        Column("spent", "Spent", money(lambda r: r.spent), width=6, align="right", sort_key=lambda r: r.spent),
        Column("committed", "Commit", money(lambda r: r.committed), width=6, align="right",
               sort_key=lambda r: r.committed),
        Column("remaining", "Left", remaining, width=7, align="right", sort_key=lambda r: r.remaining),
        Column("pace", "Used │ time", pace, width=11, sort_key=lambda r: r.status.pace_gap),
        Column("flag", "Var", flag, width=6, align="right", sort_key=lambda r: r.variance_pct),
        Column("forecast", "Fcast", forecast, width=7, align="right", sort_key=lambda r: r.forecast),
        Column("run_out", "Out", run_out, width=6, sort_key=lambda r: r.run_out),
    ]


def spend_columns(currency: Callable[[], str]) -> list[Column[SpendEntry]]:
    """The spend list's columns: day, amount, category, note."""
    return [
        Column("day", "Date", lambda e: (day_month(e.spent_on), None) if e.spent_on else ("no day", "muted"), width=6),
        Column("amount", "Amount", lambda e: (format_money(e.amount, currency()), None), width=10, align="right"),
        Column("category", "Kind", lambda e: (e.category.value, "muted"), width=6),
        Column("note", "Note", lambda e: (e.note, None), width=6, flex=1),
    ]


def change_order_columns(currency: Callable[[], str]) -> list[Column[ChangeOrderRow]]:
    """The change-order list's columns: signed amount, status, reason."""
    return [
        Column("amount", "Amount", lambda c: (signed_money(c.amount, currency()), None), width=10, align="right"),
        Column("status", "Status", lambda c: (c.status.value, CO_STYLES[c.status]), width=8),
        Column("reason", "Reason", lambda c: (c.reason, None), width=6, flex=1),
    ]
