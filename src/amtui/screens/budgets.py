"""Budgets (``5``): every active project against its budget, worst first, and the selected
project's burndown chart, spend entries and change orders.

Loading runs in thread workers that return plain data; widgets change only on the UI thread
(in the worker-state handler). The screen reloads on ``app.data_changed``, keeping the cursor
and the filter. Writes happen in the forms of :mod:`amtui.screens.budget_forms`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Static
from textual.worker import Worker, WorkerState

from amtui.enums import ChangeOrderStatus, ProjectKind
from amtui.messages import DataChange
from amtui.rules.budget import short_money
from amtui.rules.relative import CURRENCY_SYMBOLS, format_money
from amtui.rules.text import one_line
from amtui.rules.when import MONTH_ABBR
from amtui.screens.budget_forms import ChangeOrderFormScreen, SpendFormScreen, decision_question
from amtui.screens.forms import ConfirmScreen, user_text
from amtui.services.budgets import (
    BudgetRow,
    ChangeOrderRow,
    ProjectBudget,
    budget_overview,
    decide_change_order,
    project_budget,
)
from amtui.widgets.burndown import BurndownChart
from amtui.widgets.columns import Cell, Column
from amtui.widgets.virtual_table import VirtualTable

if TYPE_CHECKING:
    from amtui.app import AmtuiApp

BUDGET_TABLES = ("project", "spend", "change_order", "booking", "client", "workspace")
CO_STYLES = {ChangeOrderStatus.PROPOSED: "accent", ChangeOrderStatus.APPROVED: "success",
             ChangeOrderStatus.REJECTED: "muted"}


def day_label(d: date) -> str:
    return f"{d.day} {MONTH_ABBR[d.month - 1]}"


def whole(cents: int, currency: str) -> str:
    """An estimate in whole currency units: ``€77,499``."""
    return format_money(round(cents / 100) * 100, currency)


def pace_cell(r: BudgetRow, width: int = 6) -> str:
    """``████┃░ 71%``: spent as a bar, ``┃`` where time is (``▓`` when inside the bar)."""
    used = r.pct_used if r.pct_used is not None else 100.0
    filled = max(0, min(width, round(used / 100 * width)))
    mark = max(0, min(width - 1, round(r.pct_elapsed / 100 * width) - 1))
    bar = ["█" if i < filled else "░" for i in range(width)]
    bar[mark] = "▓" if mark < filled else "┃"
    return "".join(bar) + " " + (f"{used:.0f}%" if r.pct_used is not None else "—").rjust(4)


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


class DetailList(VirtualTable):
    """Spend entries or change orders of the selected project."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Select", show=False)]


class BudgetsScreen(Screen[None]):
    """Budgets. ``context_client_id`` is the selected project's client (for ``l`` and ``c``)."""

    HELP_GROUP = "Budgets"
    CSS_PATH = "../styles/budgets.tcss"
    AUTO_FOCUS = "#budgets"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", id="budgets.filter"),
        Binding("n", "add_spend", "Add spend", id="budgets.add_spend"),
        Binding("o", "propose", "Propose change", id="budgets.propose"),
        Binding("a", "decide(True)", "Approve", id="budgets.approve"),
        Binding("r", "decide(False)", "Reject", id="budgets.reject"),
        Binding("escape", "back", "Back", id="budgets.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.detail: ProjectBudget | None = None
        self._loaded = False
        self._flagged = 0

    @property
    def amtui(self) -> AmtuiApp:
        return self.app  # type: ignore[return-value]

    def symbol(self) -> str:
        code = self.amtui.currency
        return CURRENCY_SYMBOLS.get(code, f"{code} ")

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="budget-bar"):
            yield Static(Content("Worst first"), id="budget-order")
            yield Static(Content("Loading budgets…"), id="budget-count")
        yield Input(placeholder="Filter by client or project…", id="budget-filter", classes="-hidden")
        yield BudgetTable(self._columns(), row_key=lambda r: r.project_id,
                          search_text=lambda r: f"{r.client}\n{r.project}\n{r.kind.value}",
                          empty_message="Loading budgets…", id="budgets")
        yield Static(id="budget-summary")
        with Horizontal(id="budget-detail"):
            yield BurndownChart(id="burndown")
            with Vertical(id="budget-lists"):
                yield Label(Content("Spend"), classes="budget-heading")
                yield DetailList(self._spend_columns(), row_key=lambda e: e.id,
                                 search_text=lambda e: e.note, empty_message="No spend yet.", id="spend-list")
                yield Label(Content("Change orders"), classes="budget-heading")
                yield DetailList(self._co_columns(), row_key=lambda c: c.id, search_text=lambda c: c.reason,
                                 empty_message="No change orders.", id="co-list")
        yield Footer()

    def _columns(self) -> list[Column[BudgetRow]]:
        def money(get: Any) -> Any:
            return lambda r: (short_money(get(r), self.symbol()), None)

        def remaining(r: BudgetRow) -> Cell:
            return short_money(r.remaining, self.symbol()), "error" if r.remaining < 0 else None

        def pace(r: BudgetRow) -> Cell:
            gap = r.status.pace_gap
            return pace_cell(r), "error" if r.flagged else "warning" if gap is not None and gap > 5 else "success"

        def forecast(r: BudgetRow) -> Cell:
            return short_money(r.forecast, self.symbol()), "error" if r.flagged else None

        def run_out(r: BudgetRow) -> Cell:
            if r.run_out is None:
                return "—", "muted"
            return ("gone" if r.remaining <= 0 else day_label(r.run_out)), "error"

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

    def _spend_columns(self) -> list[Column[Any]]:
        return [
            Column("day", "Date", lambda e: (day_label(e.spent_on), None), width=6),
            Column("amount", "Amount", lambda e: (format_money(e.amount, self.amtui.currency), None), width=10,
                   align="right"),
            Column("category", "Kind", lambda e: (e.category.value, "muted"), width=6),
            Column("note", "Note", lambda e: (e.note, None), width=6, flex=1),
        ]

    def _co_columns(self) -> list[Column[ChangeOrderRow]]:
        def amount(c: ChangeOrderRow) -> Cell:
            return ("+" if c.amount > 0 else "") + format_money(c.amount, self.amtui.currency), None

        return [
            Column("amount", "Amount", amount, width=10, align="right"),
            Column("status", "Status", lambda c: (c.status.value, CO_STYLES[c.status]), width=8),
            Column("reason", "Reason", lambda c: (c.reason, None), width=6, flex=1),
        ]

    # ------------------------------------------------------------ widgets
    @property
    def table(self) -> BudgetTable:
        return self.query_one("#budgets", BudgetTable)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#budget-filter", Input)

    @property
    def co_list(self) -> DetailList:
        return self.query_one("#co-list", DetailList)

    @property
    def selected(self) -> BudgetRow | None:
        return self.table.highlighted_row  # type: ignore[no-any-return]

    @property
    def context_client_id(self) -> int | None:
        row = self.selected
        return row.client_id if row is not None else None

    def selected_change_order(self) -> ChangeOrderRow | None:
        row = self.co_list.highlighted_row
        return row if self.detail is not None and row is not None else None

    # ------------------------------------------------------------ loading
    def on_mount(self) -> None:
        self.amtui.data_changed.subscribe(self, self.on_data_change)
        self.table.focus()
        self.table.loading = True
        self.reload()

    def reload(self) -> None:
        """Load the overview again (cursor and filter stay); the detail follows."""
        self._load(self.amtui.db, self.amtui.clock)

    @work(thread=True, exclusive=True, group="budgets", name="budgets", exit_on_error=False)
    def _load(self, db: Any, clock: Any) -> list[BudgetRow]:
        return budget_overview(db, clock.today(), clock.tz)

    def load_detail(self) -> None:
        row = self.selected
        if row is None:
            self._show_detail(None)
            return
        self._load_detail(self.amtui.db, self.amtui.clock, row.project_id)

    @work(thread=True, exclusive=True, group="budget-detail", name="budget-detail", exit_on_error=False)
    def _load_detail(self, db: Any, clock: Any, project_id: int) -> ProjectBudget:
        return project_budget(db, project_id, clock.today(), clock.tz)

    def on_data_change(self, change: DataChange) -> None:
        if change.touches(*BUDGET_TABLES):
            self.reload()

    @on(Worker.StateChanged)
    def _worker_done(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if event.state is WorkerState.ERROR:
            self.table.loading = False
            title = {"budgets": "Could not load budgets", "budget-detail": "Could not load the project"}
            self.notify(str(worker.error), title=title.get(worker.name, "Not saved"), severity="error", markup=False)
            if worker.name == "budget-decide":
                self.reload()
        elif event.state is not WorkerState.SUCCESS:
            return
        elif worker.name == "budget-decide":
            message, client_id = cast("tuple[str, int]", worker.result)
            self.notify(message, markup=False)
            self.amtui.publish(DataChange(frozenset({"change_order"}), client_id))
        elif worker.name == "budgets":
            rows = cast("list[BudgetRow]", worker.result)
            self.table.loading = False
            self._loaded = True
            self._flagged = sum(1 for r in rows if r.flagged)
            self.table.set_rows(rows)
            self._refilter()
            self.load_detail()
        elif worker.name == "budget-detail":
            detail = cast(ProjectBudget, worker.result)
            row = self.selected
            if row is not None and row.project_id == detail.row.project_id:
                self._show_detail(detail)

    def _show_detail(self, detail: ProjectBudget | None) -> None:
        previous, self.detail = self.detail, detail
        summary = self.query_one("#budget-summary", Static)
        chart = self.query_one("#burndown", BurndownChart)
        spend = self.query_one("#spend-list", DetailList)
        if detail is None:
            summary.update(Content(""))
            chart.show(None, empty_message="No project selected." if self._loaded else "Loading…")
            spend.set_rows([])
            self.co_list.set_rows([])
        else:
            summary.update(self._summary(detail))
            chart.show(detail.burndown, symbol=self.symbol(), flagged=detail.row.flagged)
            same = previous is not None and previous.row.project_id == detail.row.project_id
            spend.set_rows(detail.spend)
            if not same:
                spend.action_first()
            self._show_change_orders(detail, same)
        self.refresh_bindings()

    def _show_change_orders(self, detail: ProjectBudget, same_project: bool) -> None:
        """Keep the cursor on a change order still awaiting a decision, else go to the first one."""
        kept = self.co_list.highlighted_row if same_project else None
        proposed = [c.id for c in detail.change_orders if c.status is ChangeOrderStatus.PROPOSED]
        focus = kept.id if kept is not None and kept.id in proposed else (proposed[0] if proposed else None)
        self.co_list.set_rows(detail.change_orders, focus_key=focus)
        if focus is None and not same_project:
            self.co_list.action_first()

    def _summary(self, d: ProjectBudget) -> Content:
        r, s, cur = d.row, d.row.status, self.amtui.currency
        p = s.period
        span = f"{day_label(p.start)} – {day_label(p.end)} {p.end.year}"  # noqa: RUF001 - a date range
        if r.kind is ProjectKind.RETAINER:
            span = f"retainer, month {p.index + 1} of {p.count}: {span}"
        made_of = format_money(s.original, cur)
        for amount, label in ((s.changes, "changes"), (s.carry_in, "carried over")):
            if amount:
                made_of += f" {'+' if amount > 0 else '-'} {format_money(abs(amount), cur)} {label}"
        made_of = f" ({made_of})" if s.changes or s.carry_in else ""
        flag = (f"  ▲ forecast over by more than {d.threshold_pct:g}%", "bold $text-error") if r.flagged else ""
        return Content.assemble(
            user_text(r.project, 40, "bold"), (" · ", "dim"), user_text(r.client, 30), (f" · {span}", "dim"), flag,
            "\n",
            f"Budget {format_money(r.budget, cur)}{made_of} · spent {format_money(r.spent, cur)}"
            f" · committed {format_money(r.committed, cur)} · left ", (format_money(r.remaining, cur),
                                                                      "$text-error" if r.remaining < 0 else ""), "\n",
            *self._outlook(d),
        )

    def _outlook(self, d: ProjectBudget) -> list[str | tuple[str, str]]:
        r, s, cur = d.row, d.row.status, self.amtui.currency
        used = "no budget" if r.pct_used is None else f"{r.pct_used:.0f}% used"
        span = "of the month" if r.kind is ProjectKind.RETAINER else "of the time"
        variance = "" if r.variance_pct is None else f" ({r.variance_pct:+.1f}%)"
        out: list[str | tuple[str, str]] = [
            f"{used} at {r.pct_elapsed:.0f}% {span} · forecast ",
            (whole(r.forecast, cur) + variance, "bold $text-error" if r.flagged else "bold"),
            f" · burn {whole(round(s.burn_rate), cur)}/day",
        ]
        if r.run_out is not None:
            out.append((" · budget gone" if r.remaining <= 0 else f" · runs out {day_label(r.run_out)}",
                        "$text-error"))
        return out

    # ------------------------------------------------------------ filtering and focus
    def _refilter(self) -> None:
        self.table.set_filter(self.filter_input.value)
        table = self.table
        flagged = self._flagged
        noun = "project" if table.total_count == 1 else "projects"
        shown = f"{table.row_count:,} of {table.total_count:,}" if table.row_count != table.total_count \
            else f"{table.total_count:,}"
        self.query_one("#budget-count", Static).update(Content(f"{shown} {noun} · {flagged} off pace"))
        column = table.columns[table.sort_column].label if table.sort_column is not None else None
        order = "Worst first" if column is None else f"By {column.lower()}" + (" ▼" if table.sort_reverse else "")
        self.query_one("#budget-order", Static).update(Content(order))
        query = one_line(self.filter_input.value, 40)
        table.empty_message = (f"No projects match “{query}”. Press escape to clear the filter." if query
                               else "No active projects. Projects with status active appear here.")

    @on(Input.Changed, "#budget-filter")
    def _typed(self) -> None:
        self._refilter()

    @on(Input.Submitted, "#budget-filter")
    def _submitted(self) -> None:
        self.table.focus()

    @on(VirtualTable.RowHighlighted, "#budgets")
    def _highlighted(self) -> None:
        self.load_detail()

    @on(VirtualTable.RowHighlighted, "#co-list")
    def _co_highlighted(self) -> None:
        self.refresh_bindings()

    @on(VirtualTable.RowSelected, "#budgets")
    def _selected(self) -> None:
        proposed = any(c.status is ChangeOrderStatus.PROPOSED for c in (self.detail.change_orders if self.detail
                                                                        else []))
        self.query_one("#co-list" if proposed else "#spend-list").focus()

    def action_filter(self) -> None:
        self.filter_input.remove_class("-hidden")
        self.filter_input.focus()

    def action_back(self) -> None:
        if self.filter_input.has_focus or (self.filter_input.value and self.table.has_focus):
            self.filter_input.value = ""
            self.filter_input.add_class("-hidden")
            self._refilter()
        self.table.focus()

    @on(BudgetTable.Sorted)
    def _sorted(self) -> None:
        self._refilter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return not self.table.has_focus or bool(self.filter_input.value)
        if action in ("add_spend", "propose"):
            return self.selected is not None or None
        if action == "decide":
            co = self.selected_change_order()
            return (co is not None and co.status is ChangeOrderStatus.PROPOSED) or None
        return True

    # ------------------------------------------------------------ writes
    def action_add_spend(self) -> None:
        if (row := self.selected) is not None:
            self.app.push_screen(SpendFormScreen(row.project_id, row.project, row.client_id))

    def action_propose(self) -> None:
        if (row := self.selected) is not None:
            budget = row.budget
            self.app.push_screen(ChangeOrderFormScreen(row.project_id, row.project, row.client_id, budget))

    def action_decide(self, approve: bool) -> None:
        co, row = self.selected_change_order(), self.selected
        if co is None or row is None or co.status is not ChangeOrderStatus.PROPOSED:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._decide(self.amtui.db, self.amtui.clock, co, approve, row.client_id)

        question, detail = decision_question(co, row, approve, self.amtui.currency)
        self.app.push_screen(ConfirmScreen(question, detail), answered)

    @work(thread=True, group="budget-write", name="budget-decide", exit_on_error=False)
    def _decide(self, db: Any, clock: Any, co: ChangeOrderRow, approve: bool, client_id: int) -> tuple[str, int]:
        decide_change_order(db, co.id, co.version, approve, now=clock.now())
        return f"Change order {'approved' if approve else 'rejected'}.", client_id
