"""Budgets (``5``): every active project against its budget, worst first, and the selected
project's burndown chart, spend entries and change orders.

Loading runs in thread workers that return plain data; widgets change only on the UI thread
(in the worker-state handler). The screen reloads on ``app.data_changed``, keeping the cursor
and the filter. The tables are :mod:`amtui.widgets.budget_tables`'s, the summary
:mod:`amtui.screens.budget_summary`'s. Writes happen in the forms of
:mod:`amtui.screens.budget_forms`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Header, Input, Label, Static
from textual.worker import Worker, WorkerState

from amtui.db import failure_text
from amtui.enums import ChangeOrderStatus
from amtui.messages import DataChange
from amtui.rules.relative import CURRENCY_SYMBOLS
from amtui.rules.text import one_line
from amtui.screens.budget_forms import ChangeOrderFormScreen, SpendFormScreen, decision_question
from amtui.screens.budget_summary import project_summary
from amtui.screens.forms import ConfirmScreen
from amtui.screens.load_failure import show_load_failure
from amtui.screens.mode_screen import ModeScreen
from amtui.services.budgets import (
    BudgetRow,
    ChangeOrderRow,
    ProjectBudget,
    budget_overview,
    decide_change_order,
    project_budget,
)
from amtui.widgets.budget_tables import (
    BudgetTable,
    DetailList,
    budget_columns,
    change_order_columns,
    spend_columns,
)
from amtui.widgets.burndown import BurndownChart
from amtui.widgets.footer import KeysFooter
from amtui.widgets.virtual_table import VirtualTable

if TYPE_CHECKING:
    from amtui.app import AmtuiApp

BUDGET_TABLES = ("project", "spend", "change_order", "booking", "client", "workspace")


class BudgetsScreen(ModeScreen):
    """Budgets. ``context_client_id`` is the selected project's client (for ``l`` and ``c``)."""

    MODE = "budgets"
    HELP_GROUP = "Budgets"
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

    def currency(self) -> str:
        return self.amtui.currency

    def symbol(self) -> str:
        code = self.amtui.currency
        return CURRENCY_SYMBOLS.get(code, f"{code} ")

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="budget-bar"):
            yield Static(Content("Worst first"), id="budget-order")
            yield Static(Content("Loading budgets…"), id="budget-count")
        yield Input(placeholder="Filter by client or project…", id="budget-filter", classes="-hidden")
        yield BudgetTable(budget_columns(self.symbol), row_key=lambda r: r.project_id,
                          search_text=lambda r: f"{r.client}\n{r.project}\n{r.kind.value}",
                          empty_message="Loading budgets…", id="budgets")
        yield Static(id="budget-summary")
        with Horizontal(id="budget-detail"):
            yield BurndownChart(id="burndown")
            with Vertical(id="budget-lists"):
                yield Label(Content("Spend"), classes="budget-heading")
                yield DetailList(spend_columns(self.currency), row_key=lambda e: e.id,
                                 search_text=lambda e: e.note, empty_message="No spend yet.", id="spend-list")
                yield Label(Content("Change orders"), classes="budget-heading")
                yield DetailList(change_order_columns(self.currency), row_key=lambda c: c.id,
                                 search_text=lambda c: c.reason, empty_message="No change orders.", id="co-list")
        yield KeysFooter()

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
            self.notify(failure_text(worker.error), title=title.get(worker.name, "Not saved"), severity="error",
                        markup=False)
            if worker.name == "budgets":
                show_load_failure(self.query_one("#budget-count", Static), self.table, "budgets", worker.error)
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
            before = self.table.highlighted_key
            self.table.set_rows(rows)
            self._refilter()
            if self.table.highlighted_key == before:  # another row posts RowHighlighted, which loads its detail
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
            summary.update(project_summary(detail, self.amtui.currency))
            chart.show(detail.burndown, symbol=self.symbol(), flagged=detail.row.flagged)
            same = previous is not None and previous.row.project_id == detail.row.project_id
            spend.set_rows(detail.spend)
            if not same:
                spend.action_first()
            self.co_list.show_change_orders(detail.change_orders, same)
        self.refresh_bindings()

    # ------------------------------------------------------------ filtering and focus
    def _refilter(self) -> None:
        table = self.table
        table.set_filter(self.filter_input.value)
        self.query_one("#budget-count", Static).update(Content(table.count_label(self._flagged)))
        self.query_one("#budget-order", Static).update(Content(table.order_label()))
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
            self.app.push_screen(ChangeOrderFormScreen(row.project_id, row.project, row.client_id, row.budget))

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
