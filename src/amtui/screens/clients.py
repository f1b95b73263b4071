"""Clients (``2``): the roster as a virtual table, filterable as you type, sortable, by status.

Loading and writes run in thread workers that return plain data; the widgets change only in
the worker-state handler on the UI thread. The screen reloads on ``app.data_changed``,
keeping the cursor on the same client and the filter as typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Header, Input, Static
from textual.worker import Worker, WorkerState

from amtui.db import failure_text
from amtui.enums import ClientStatus
from amtui.messages import DataChange
from amtui.rules.text import one_line
from amtui.screens.client_detail import ClientDetailScreen
from amtui.screens.client_form import ClientFormScreen
from amtui.screens.load_failure import show_load_failure
from amtui.screens.mode_screen import ModeScreen
from amtui.screens.roster_handoff import ROSTER_TABLES, roster_handoff
from amtui.screens.who_am_i import have_identity
from amtui.services.clients import RosterRow, roster, roster_row
from amtui.widgets.footer import KeysFooter
from amtui.widgets.roster_columns import roster_columns, search_text
from amtui.widgets.virtual_table import VirtualTable

if TYPE_CHECKING:
    from amtui.app import AmtuiApp
    from amtui.services.roster_query import Facts

STATUS_CYCLE: tuple[ClientStatus | None, ...] = (
    None, ClientStatus.ACTIVE, ClientStatus.PROSPECT, ClientStatus.AT_RISK, ClientStatus.PAUSED, ClientStatus.CHURNED,
)


@dataclass(frozen=True)
class RosterLoad:
    """What the loading worker hands back to the UI thread."""

    rows: list[RosterRow]
    today: date
    include_archived: bool


@dataclass(frozen=True)
class RowLoad:
    """What the one-row worker hands back: the client's row, or None when it is no longer listed."""

    client_id: int
    row: RosterRow | None
    today: date


class ClientsScreen(ModeScreen):
    """The roster. ``context_client_id`` is the highlighted client (for ``l`` and ``c``)."""

    MODE = "clients"
    HELP_GROUP = "Clients"
    AUTO_FOCUS = "#roster"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", id="clients.filter"),
        Binding("f", "cycle_status", "Status", id="clients.status"),
        Binding("m", "toggle_mine", "Mine", show=False, tooltip="Only my clients / the whole team (needs --me or 'amtui me')",
                id="clients.mine"),
        Binding("a", "toggle_archived", "Show archived", show=False, id="clients.archived"),
        Binding("n", "new_client", "New", id="clients.new"),
        Binding("e", "edit_client", "Edit client", show=False, id="clients.edit"),
        Binding("x", "follow_up_done", "Done", tooltip="Mark the next open follow-up done",
                id="clients.follow_up_done"),
        Binding("z", "snooze(1)", "Snooze", tooltip="Snooze the next open follow-up a day",
                id="clients.snooze_day"),
        Binding("Z", "snooze(7)", "Snooze a week", tooltip="Snooze the next open follow-up a week",
                show=False, id="clients.snooze_week"),
        Binding("escape", "clear_filter", "Clear filter", id="clients.clear_filter"),
        Binding("up", "cursor('up')", "Up", show=False),
        Binding("down", "cursor('down')", "Down", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.status_filter: ClientStatus | None = None
        self.include_archived = False
        self.mine_only = False
        self.today: date | None = None
        self._focus_after_load: int | None = None
        self._loaded = False

    @property
    def amtui(self) -> AmtuiApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="roster-bar"):
            yield Static(id="roster-filters")
            yield Static(Content("Loading clients…"), id="roster-count")
        yield Input(placeholder="Filter by name, owner or industry…", id="roster-filter", classes="-hidden")
        yield VirtualTable(
            roster_columns(self._today, lambda: self.amtui.currency),
            row_key=lambda r: r.id,
            search_text=search_text,
            empty_message="Loading clients…",
            id="roster",
        )
        yield KeysFooter()

    def on_mount(self) -> None:
        self.amtui.data_changed.subscribe(self, self.on_data_change)
        self._show_filters()
        self.table.sort_by("name")
        self.table.loading = True
        today = self.amtui.clock.today()
        facts = roster_handoff(self.app).take(today)  # read by Today's load, when nothing changed since
        if facts is not None:
            self._load(self.amtui.db, self.amtui.clock, self.include_archived, facts, today)
        else:
            self.reload()

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#roster", VirtualTable)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#roster-filter", Input)

    @property
    def context_client_id(self) -> int | None:
        """The highlighted client, or None."""
        key = self.table.highlighted_key
        return int(key) if isinstance(key, int) else None

    def _today(self) -> date:
        return self.today or self.amtui.clock.today()

    # ------------------------------------------------------------ loading
    def reload(self, focus_client: int | None = None) -> None:
        """Load the roster again in a worker (the cursor stays, or moves to ``focus_client``)."""
        if focus_client is not None:
            self._focus_after_load = focus_client
        self._load(self.amtui.db, self.amtui.clock, self.include_archived)

    @work(thread=True, exclusive=True, group="roster", name="roster", exit_on_error=False)
    def _load(self, db: Any, clock: Any, include_archived: bool, facts: Facts | None = None,
              day: date | None = None) -> RosterLoad:
        """The roster; from ``facts`` of ``day`` when Today's load handed them over."""
        today = day or clock.today()
        rows = roster(db, today, clock.tz, include_archived=include_archived, facts=facts)
        return RosterLoad(rows, today, include_archived)

    @work(thread=True, group="roster_row", name="roster_row", exit_on_error=False)
    def _load_row(self, db: Any, clock: Any, client_id: int, include_archived: bool) -> RowLoad:
        today = clock.today()
        return RowLoad(client_id, roster_row(db, client_id, today, clock.tz, include_archived=include_archived), today)

    def _roster_loading(self) -> bool:
        return any(w.name == "roster" and not w.is_finished for w in self.workers)

    def on_data_change(self, change: DataChange) -> None:
        if change.tables == frozenset({"me"}):
            self.mine_only = self.mine_only and self.amtui.me is not None
            self._show_filters()
            self._refilter()
        elif change.client_id is not None and change.touches(*ROSTER_TABLES) and self._loaded \
                and not self._roster_loading():
            # One client's data: reload its row only (the full roster is ~10k rows of facts).
            self._load_row(self.amtui.db, self.amtui.clock, change.client_id, self.include_archived)
        elif change.touches(*ROSTER_TABLES):
            self.reload()
        elif change.touches("workspace"):
            self.table.refresh()

    @on(Worker.StateChanged)
    def _worker_done(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if event.state is WorkerState.ERROR:
            self.table.loading = False
            self.notify(failure_text(worker.error), title="Could not load clients" if worker.name == "roster"
                        else "Not saved", severity="error", markup=False)
            if worker.name == "roster":
                show_load_failure(self.query_one("#roster-count", Static), self.table, "clients", worker.error)
        elif event.state is WorkerState.SUCCESS and isinstance(worker.result, RosterLoad):
            self._apply(worker.result)
        elif event.state is WorkerState.SUCCESS and isinstance(worker.result, RowLoad):
            self._apply_row(worker.result)
        elif event.state is WorkerState.SUCCESS and worker.name == "follow_up" and worker.result is not None:
            message, client_id = worker.result
            self.notify(message, markup=False)
            if client_id is not None:
                self.amtui.publish(DataChange(frozenset({"interaction"}), client_id))

    def _apply(self, load: RosterLoad) -> None:
        self.today = load.today
        self.table.loading = False
        self._loaded = True
        self.table.set_rows(load.rows, focus_key=self._focus_after_load)
        self._focus_after_load = None
        self._refilter()

    def _apply_row(self, load: RowLoad) -> None:
        if self._roster_loading():
            return  # a full load started after this row's did: it brings this row too
        if load.today != self.today:
            self.reload()  # a new day changes every row
        elif load.row is None:
            self.table.remove_row(load.client_id)
        else:
            self.table.put_row(load.row)
        self._show_count()

    # ------------------------------------------------------------ filtering
    def _refilter(self) -> None:
        status = self.status_filter
        me = self.amtui.me if self.mine_only else None
        keep = None
        if status is not None and me is not None:
            keep = lambda r: r.status is status and r.owner_id == me.member_id  # noqa: E731
        elif status is not None:
            keep = lambda r: r.status is status  # noqa: E731
        elif me is not None:
            keep = lambda r: r.owner_id == me.member_id  # noqa: E731
        self.table.set_filter(self.filter_input.value, keep)
        self._show_count()

    def _show_count(self) -> None:
        table = self.table
        if not self._loaded:
            return
        noun = "client" if table.total_count == 1 else "clients"
        if table.row_count == table.total_count:
            text = f"{table.total_count:,} {noun}"
        else:
            text = f"{table.row_count:,} of {table.total_count:,} {noun}"
        self.query_one("#roster-count", Static).update(Content(text))
        query = one_line(self.filter_input.value, 40)
        if table.total_count == 0:
            table.empty_message = "No clients yet. Press n to add the first one."
        elif query:
            table.empty_message = f"No clients match “{query}”. Press escape to clear the filter."
        else:
            table.empty_message = ("No clients of yours here. Press m for the whole team, f to change the status."
                                   if self.mine_only else "No clients with this status. Press f to change it.")

    def _show_filters(self) -> None:
        status = "all" if self.status_filter is None else self.status_filter.value.replace("_", " ")
        archived = "archived shown" if self.include_archived else "archived hidden"
        me = self.amtui.me
        owner = Content("")
        if me is not None:  # no identity: everything is the whole team, nothing to say
            scope = f"mine ({one_line(me.name, 30)})" if self.mine_only else "whole team (m: mine)"
            owner = Content.assemble(("Owner: ", "dim"), (scope, "bold"), ("  ·  ", "dim"))
        self.query_one("#roster-filters", Static).update(
            Content.assemble(("Status: ", "dim"), (status, "bold"), ("  ·  ", "dim"), owner, (archived, "dim"))
        )

    @on(Input.Changed, "#roster-filter")
    def _typed(self, _event: Input.Changed) -> None:
        self._refilter()

    @on(Input.Submitted, "#roster-filter")
    def _submitted(self, _event: Input.Submitted) -> None:
        self.table.focus()

    def action_filter(self) -> None:
        self.filter_input.remove_class("-hidden")
        self.filter_input.focus()
        self.refresh_bindings()

    def action_clear_filter(self) -> None:
        self.filter_input.value = ""
        self.filter_input.add_class("-hidden")
        self.table.focus()
        self._refilter()

    def action_cycle_status(self) -> None:
        self.status_filter = STATUS_CYCLE[(STATUS_CYCLE.index(self.status_filter) + 1) % len(STATUS_CYCLE)]
        self._show_filters()
        self._refilter()

    def action_toggle_mine(self) -> None:
        """``m``: only the clients I own, or the whole team again."""
        if not have_identity(self):
            return
        self.mine_only = not self.mine_only
        self._show_filters()
        self._refilter()

    def action_toggle_archived(self) -> None:
        self.include_archived = not self.include_archived
        self._show_filters()
        self.reload()

    def action_cursor(self, direction: str) -> None:
        (self.table.action_cursor_up if direction == "up" else self.table.action_cursor_down)()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return bool(self.filter_input.value) or not self.filter_input.has_class("-hidden")
        if action in ("edit_client", "follow_up_done", "snooze"):
            return self.context_client_id is not None or None
        return True

    @on(VirtualTable.RowHighlighted, "#roster")
    def _highlighted(self, _event: VirtualTable.RowHighlighted) -> None:
        self.refresh_bindings()

    # ------------------------------------------------------------ opening and editing
    @on(VirtualTable.RowSelected, "#roster")
    def _selected(self, event: VirtualTable.RowSelected) -> None:
        self.open_detail(int(event.row_key))  # type: ignore[call-overload]

    def focus_client(self, client_id: int) -> None:
        """Put the cursor on ``client_id`` now, or once the roster has loaded."""
        if not self.table.move_to_key(client_id):
            self._focus_after_load = client_id

    def open_detail(self, client_id: int) -> None:
        """Push the client's detail screen on this mode's stack."""
        self.app.push_screen(ClientDetailScreen(client_id))

    def action_new_client(self) -> None:
        self._open_form(None)

    def action_edit_client(self) -> None:
        if (client_id := self.context_client_id) is not None:
            self._open_form(client_id)

    def _open_form(self, client_id: int | None) -> None:
        def saved(result: object) -> None:
            saved_id = result if isinstance(result, int) else getattr(result, "id", None)
            if result is not None and result is not False:
                self.reload(focus_client=saved_id if isinstance(saved_id, int) else None)

        self.app.push_screen(ClientFormScreen(client_id=client_id), saved)

    # ------------------------------------------------------------ follow-ups
    def action_follow_up_done(self) -> None:
        row = self.table.highlighted_row
        if row is not None:
            self._follow_up(self.amtui.db, self._today(), row.id, row.name, None)

    def action_snooze(self, days: int) -> None:
        row = self.table.highlighted_row
        if row is not None:
            self._follow_up(self.amtui.db, self._today(), row.id, row.name, days)

    @work(thread=True, group="follow_up", name="follow_up", exit_on_error=False)
    def _follow_up(self, db: Any, today: date, client_id: int, name: str,
                   snooze_days: int | None) -> tuple[str, int | None]:
        """Mark done (``snooze_days`` None) or push back the client's earliest open follow-up."""
        from amtui.services.interactions import complete_follow_up, open_follow_ups, snooze_follow_up

        label = one_line(name, 40)
        pending = open_follow_ups(db, client_id)
        if not pending:
            return f"{label} has no open follow-up.", None
        first = pending[0]  # the earliest due
        if snooze_days is None:
            complete_follow_up(db, first.id)
            return f"Follow-up with {label} marked done.", client_id
        until = snooze_follow_up(db, first.id, snooze_days, today)
        return f"Follow-up with {label} moved to {until:%a} {until.day} {until:%b}.", client_id
