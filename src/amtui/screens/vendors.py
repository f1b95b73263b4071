"""Vendors (``4``): upcoming bookings by start with clash and hold markers, and the directory.

Filters: ``/`` text (vendor, client, project, PO), ``f`` status, ``p`` period, and a vendor
(Enter on a vendor in the directory, ``v``). Status changes by key (``C`` confirm, ``R`` release,
``D`` complete, ``X`` cancel; the last three ask first). Loading and writes run in thread workers
that return plain data; widgets change only on the UI thread. Reloads on ``app.data_changed``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static
from textual.worker import Worker, WorkerState

from amtui.enums import BookingStatus as BS
from amtui.messages import DataChange
from amtui.rules.bookings import HOLDS, STATUS_LABELS, Action, hold_left, short_span
from amtui.rules.relative import NONE_MARK, format_money
from amtui.rules.text import one_line
from amtui.screens.booking_forms import BookingDetailScreen, BookingFormScreen
from amtui.screens.forms import ConfirmScreen, user_text
from amtui.services.errors import ValidationError
from amtui.services.vendors import (
    BookingFilters,
    BookingRow,
    Period,
    VendorRow,
    booking_detail,
    change_status,
    upcoming_bookings,
    vendor_directory,
)
from amtui.widgets.columns import Cell, Column
from amtui.widgets.virtual_table import VirtualTable

if TYPE_CHECKING:
    from amtui.app import AmtuiApp

TABLES = ("booking", "spend", "vendor", "project", "client", "workspace")
STATUS_CYCLE: tuple[BS | None, ...] = (None, BS.HOLD_1, BS.HOLD_2, BS.CONFIRMED, BS.COMPLETED, BS.CANCELLED)
PERIODS: dict[Period, str] = {"upcoming": "upcoming", "week": "next 7 days", "month": "next 30 days",
                              "past": "past", "all": "all dates"}
STATUS_STYLES = {BS.HOLD_1: "accent", BS.HOLD_2: "warning", BS.CONFIRMED: "success", BS.COMPLETED: "muted",
                 BS.CANCELLED: "muted"}
ASK = {Action.RELEASE: "Release", Action.COMPLETE: "Complete", Action.CANCEL: "Cancel"}
ASK_DETAIL = {Action.RELEASE: "The hold is given up; a 2nd hold waiting behind it moves up.",
              Action.COMPLETE: "Its cost is recorded as vendor spend on the project, once.",
              Action.CANCEL: "The booking is cancelled; a 2nd hold waiting on the slot moves up."}


@dataclass(frozen=True)
class Loaded:
    """What the loading worker hands back to the UI thread."""

    rows: list[BookingRow]
    vendors: list[VendorRow]


class VendorsScreen(Screen[None]):
    """Bookings and the vendor directory. ``context_client_id``: the highlighted booking's client."""

    HELP_GROUP = "Vendors"
    CSS_PATH = "../styles/vendors.tcss"
    AUTO_FOCUS = "#bookings"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", id="vendors.filter"),
        Binding("f", "cycle_status", "Status", tooltip="Show one status (cycles)", id="vendors.status"),
        Binding("p", "cycle_period", "Period", tooltip="Upcoming, next 7 or 30 days, past, all", id="vendors.period"),
        Binding("v", "toggle_directory", "Directory", tooltip="The vendor directory (Enter: a vendor's bookings)",
                id="vendors.directory"),
        Binding("n", "new_booking", "New", tooltip="Book a vendor", id="vendors.new"),
        Binding("e", "edit_booking", "Edit", id="vendors.edit"),
        Binding("C", "act('confirm')", "Confirm", tooltip="Confirm the hold", id="vendors.confirm"),
        Binding("R", "act('release')", "Release", tooltip="Release the hold", id="vendors.release"),
        Binding("D", "act('complete')", "Done", tooltip="Complete: record its cost as spend", id="vendors.complete"),
        Binding("X", "act('cancel')", "Cancel", tooltip="Cancel the booking", id="vendors.cancel"),
        Binding("escape", "clear_filter", "Clear filters", id="vendors.clear"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filters = BookingFilters()
        self.vendors: list[VendorRow] = []
        self.loaded = False
        self._opened: BookingRow | None = None
        self._focus_after_load: int | None = None

    @property
    def amtui(self) -> AmtuiApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="vendor-bar"):
            yield Static(id="vendor-filters")
            yield Static(Content("Loading bookings…"), id="vendor-count")
        yield Input(placeholder="Filter by vendor, client, project or PO…", id="vendor-filter", classes="-hidden")
        yield VirtualTable(self._columns(), row_key=lambda r: r.id, empty_message="Loading bookings…", id="bookings",
                           search_text=lambda r: f"{r.vendor}\n{r.client}\n{r.project}\n{r.po_reference}")
        yield VirtualTable(self._vendor_columns(), row_key=lambda v: v.id, empty_message="No vendors yet.",
                           search_text=lambda v: f"{v.name}\n{v.service.value}\n{v.contact_name}\n{v.email}",
                           id="directory", classes="-hidden")
        yield Footer()

    def _columns(self) -> list[Column[BookingRow]]:
        tz, cur = (lambda: self.amtui.clock.tz), (lambda: self.amtui.currency)

        def marker(r: BookingRow) -> Cell:
            if r.clashes:
                return f"⚠ #{r.clashes[0]}" + (f" +{len(r.clashes) - 1}" if len(r.clashes) > 1 else ""), "error"
            if r.queue and r.status is BS.HOLD_1:
                return f"2nd #{r.queue[0]}", "warning"
            return (f"behind #{r.queue[0]}", "muted") if r.queue else ("", None)

        def hold(r: BookingRow) -> Cell:
            if r.status not in HOLDS or r.hold_expires_at is None:
                return NONE_MARK, "muted"
            left = hold_left(r.hold_expires_at, self.amtui.clock.now())
            hours = (r.hold_expires_at - self.amtui.clock.now()).total_seconds() / 3600
            return left, "error" if hours <= 0 else "warning" if hours <= 48 else None

        return [
            Column("when", "When", lambda r: (short_span(r.starts_at, r.ends_at, tz()), None), width=23,
                   sort_key=lambda r: r.starts_at),
            Column("vendor", "Vendor", lambda r: (r.vendor, None), width=12, flex=2, sort_key=lambda r: r.vendor),
            Column("project", "Client · project", lambda r: (f"{r.client} · {r.project}", None), width=14, flex=3,
                   sort_key=lambda r: f"{r.client}\n{r.project}"),
            Column("cost", "Cost", lambda r: (format_money(r.cost, cur()), None), width=9, align="right",
                   sort_key=lambda r: r.cost),
            Column("status", "Status", lambda r: (STATUS_LABELS[r.status], STATUS_STYLES[r.status]), width=9,
                   sort_key=lambda r: r.status.value),
            Column("clash", "Clash", marker, width=9, sort_key=lambda r: (not r.clashes, not r.queue)),
            Column("hold", "Hold", hold, width=8, sort_key=lambda r: r.hold_expires_at),
        ]

    def _vendor_columns(self) -> list[Column[VendorRow]]:
        return [
            Column("name", "Vendor", lambda v: (v.name, None), width=12, flex=2, sort_key=lambda v: v.name),
            Column("service", "Service", lambda v: (v.service.value, "muted"), width=11,
                   sort_key=lambda v: v.service.value),
            Column("rate", "Day rate", lambda v: (format_money(v.day_rate, self.amtui.currency), None), width=9,
                   align="right", sort_key=lambda v: v.day_rate),
            Column("contact", "Contact", lambda v: (" · ".join(x for x in (v.contact_name, v.email, v.phone) if x),
                                                    None), width=14, flex=3),
            Column("upcoming", "Booked", lambda v: (str(v.upcoming) if v.upcoming else NONE_MARK, None), width=6,
                   align="right", sort_key=lambda v: v.upcoming),
        ]

    def on_mount(self) -> None:
        self.amtui.data_changed.subscribe(self, self.on_data_change)
        self._show_filters()
        self.table.loading = True
        self.reload()

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#bookings", VirtualTable)

    @property
    def directory(self) -> VirtualTable:
        return self.query_one("#directory", VirtualTable)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#vendor-filter", Input)

    @property
    def showing_directory(self) -> bool:
        return not self.directory.has_class("-hidden")

    @property
    def current(self) -> BookingRow | None:
        return None if self.showing_directory else self.table.highlighted_row

    @property
    def context_client_id(self) -> int | None:
        row = self.current
        return row.client_id if row is not None else None

    # ------------------------------------------------------------ loading
    def reload(self) -> None:
        clock = self.amtui.clock
        self._load(self.amtui.db, clock.today(), clock.tz, clock.now(), self.filters)

    @work(thread=True, exclusive=True, group="vendors-load", name="vendors-load", exit_on_error=False)
    def _load(self, db: Any, today: date, tz: Any, now: Any, filters: BookingFilters) -> Loaded:
        return Loaded(upcoming_bookings(db, today, filters, tz), vendor_directory(db, now))

    def on_data_change(self, change: DataChange) -> None:
        if change.touches(*TABLES):
            self.reload()

    @on(Worker.StateChanged)
    def _worker_done(self, event: Worker.StateChanged) -> None:
        worker, ok = event.worker, event.state is WorkerState.SUCCESS
        if event.state is WorkerState.ERROR:
            self.table.loading = False
            error = worker.error
            text = "; ".join(error.errors.values()) if isinstance(error, ValidationError) else str(error)
            title = {"vendors-load": "Could not load bookings", "detail": "Could not open the booking"}
            self.notify(text, title=title.get(worker.name, "Not changed"), severity="error", markup=False)
        elif ok and isinstance(worker.result, Loaded):
            self._apply(worker.result)
        elif ok and worker.name == "status":
            self.notify(worker.result.message, title="Booking", markup=False)
            self.amtui.publish(DataChange(frozenset({"booking", "spend"})))
        elif ok and worker.name == "detail":
            self._opened = worker.result.row
            self.app.push_screen(BookingDetailScreen(worker.result), self._detail_closed)

    def _apply(self, loaded: Loaded) -> None:
        self.table.loading = False
        self.loaded = True
        self.vendors = loaded.vendors
        self.table.set_rows(loaded.rows, focus_key=self._focus_after_load)
        self._focus_after_load = None
        self.directory.set_rows(loaded.vendors)
        self._refilter()
        self._show_filters()

    # ------------------------------------------------------------ filters
    def _refilter(self) -> None:
        self.table.set_filter(self.filter_input.value)
        self.directory.set_filter(self.filter_input.value)
        self._show_count()

    def _show_count(self) -> None:
        table = self.directory if self.showing_directory else self.table
        noun = "vendor" if self.showing_directory else "booking"
        noun += "" if table.total_count == 1 else "s"
        text = f"{table.row_count:,} of {table.total_count:,} {noun}" if table.row_count != table.total_count \
            else f"{table.total_count:,} {noun}"
        self.query_one("#vendor-count", Static).update(Content(text if self.loaded else "Loading…"))
        if self.loaded and self.filter_input.value:
            self.table.empty_message = f"No bookings match “{one_line(self.filter_input.value, 30)}”. Esc clears."
        elif self.loaded:
            self.table.empty_message = "No bookings here. Press n to book a vendor, p or f to widen the view."

    def _show_filters(self) -> None:
        f = self.filters
        status = "active" if f.status is None else STATUS_LABELS[f.status]
        vendor = None if f.vendor_id is None else next(
            (v.name for v in self.vendors if v.id == f.vendor_id), f"#{f.vendor_id}")
        parts: list[Any] = [("Status: ", "dim"), (status, "bold"), ("  ·  ", "dim"), (PERIODS[f.period], "bold")]
        if vendor is not None:
            parts += [("  ·  vendor: ", "dim"), user_text(vendor, 30, "bold")]
        self.query_one("#vendor-filters", Static).update(Content.assemble(*parts))

    def _set_filters(self, **changes: Any) -> None:
        self.filters = replace(self.filters, **changes)
        self._show_filters()
        self.reload()

    @on(Input.Changed, "#vendor-filter")
    def _typed(self, _event: Input.Changed) -> None:
        self._refilter()

    @on(Input.Submitted, "#vendor-filter")
    def _submitted(self, _event: Input.Submitted) -> None:
        (self.directory if self.showing_directory else self.table).focus()

    def action_filter(self) -> None:
        self.filter_input.remove_class("-hidden")
        self.filter_input.focus()

    def action_clear_filter(self) -> None:
        self.filter_input.value = ""
        self.filter_input.add_class("-hidden")
        (self.directory if self.showing_directory else self.table).focus()
        self._refilter()
        if self.filters.vendor_id is not None:
            self._set_filters(vendor_id=None)

    def action_cycle_status(self) -> None:
        self._set_filters(status=STATUS_CYCLE[(STATUS_CYCLE.index(self.filters.status) + 1) % len(STATUS_CYCLE)])

    def action_cycle_period(self) -> None:
        keys = list(PERIODS)
        self._set_filters(period=keys[(keys.index(self.filters.period) + 1) % len(keys)])

    def action_toggle_directory(self) -> None:
        show = not self.showing_directory
        self.directory.set_class(not show, "-hidden")
        self.table.set_class(show, "-hidden")
        (self.directory if show else self.table).focus()
        self._show_count()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return bool(self.filter_input.value) or self.filter_input.has_focus or self.filters.vendor_id is not None
        if action in ("edit_booking", "act"):
            return None if self.current is None else True
        return True

    @on(VirtualTable.RowHighlighted)
    def _highlighted(self, _event: VirtualTable.RowHighlighted) -> None:
        self.refresh_bindings()

    # ------------------------------------------------------------ opening, editing, status
    @on(VirtualTable.RowSelected, "#directory")
    def _vendor_selected(self, event: VirtualTable.RowSelected) -> None:
        self.action_toggle_directory()
        self._set_filters(vendor_id=int(event.row_key))  # type: ignore[call-overload]

    @on(VirtualTable.RowSelected, "#bookings")
    def _booking_selected(self, event: VirtualTable.RowSelected) -> None:
        self.open_booking(int(event.row_key))  # type: ignore[call-overload]

    def open_booking(self, booking_id: int) -> None:
        """Show the booking's detail (loaded in a worker)."""
        db, tz = self.amtui.db, self.amtui.clock.tz
        self.run_worker(lambda: booking_detail(db, booking_id, tz), thread=True, name="detail", group="detail",
                        exclusive=True, exit_on_error=False)

    def _detail_closed(self, choice: str | None) -> None:
        row, self._opened = self._opened, None
        if row is not None and choice == "edit":
            self.app.push_screen(BookingFormScreen(row.id), self._saved)
        elif row is not None and choice is not None:
            self.action_act(choice, row)

    def action_new_booking(self) -> None:
        self.app.push_screen(BookingFormScreen(vendor_id=self.filters.vendor_id), self._saved)

    def action_edit_booking(self) -> None:
        if (row := self.current) is not None:
            self.app.push_screen(BookingFormScreen(row.id), self._saved)

    def _saved(self, booking_id: int | None) -> None:
        if booking_id is not None and not self.table.move_to_key(booking_id):
            self._focus_after_load = booking_id
            self.reload()  # exclusive: replaces the reload the form's DataChange started

    def action_act(self, action: str, row: BookingRow | None = None) -> None:
        row = row or self.current
        if row is None:
            return
        act = Action(action)
        if act not in ASK:
            self._change(row, act)
            return
        question = Content.assemble(f"{ASK[act]} booking #{row.id}: ", user_text(row.vendor, 30, "bold"), " for ",
                                    user_text(row.project, 30, "bold"), "?")
        self.app.push_screen(ConfirmScreen(question, ASK_DETAIL[act]),
                             lambda yes: self._change(row, act) if yes else None)

    def _change(self, row: BookingRow, action: Action) -> None:
        db, clock = self.amtui.db, self.amtui.clock
        self.run_worker(lambda: change_status(db, row.id, row.version, action, now=clock.now(), tz=clock.tz),
                        thread=True, name="status", group="status", exit_on_error=False)
