"""Vendors (``4``): bookings by start with clash and hold markers, and the vendor directory.

Filters: ``/`` text (vendor, client, project, PO — or, in the directory, name, service and
contact), ``f`` status, ``p`` period, and a vendor (Enter on a vendor in the directory, ``v``).
Each table owns its keys: the bookings' in :mod:`~amtui.screens.vendor_bookings`, the
directory's in :mod:`~amtui.screens.vendor_directory`. Loading runs in thread workers that
return plain data (bookings and directory apart, so a filter change reads only the bookings);
widgets change only on the UI thread; long periods show a first page at once (see
:mod:`~amtui.screens.vendor_loading`). The directory is read the first time it is shown, not
with the bookings (it would double the work of switching to the screen). Reloads on
``app.data_changed``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Header, Input, Static
from textual.worker import Worker, WorkerState

from amtui.db import Database, failure_text
from amtui.enums import BookingStatus as BS
from amtui.messages import DataChange
from amtui.rules.bookings import STATUS_LABELS
from amtui.rules.text import one_line
from amtui.screens.forms import user_text
from amtui.screens.load_failure import load_failed_text, show_load_failure
from amtui.screens.mode_screen import ModeScreen
from amtui.screens.vendor_bookings import Bookings
from amtui.screens.vendor_directory import Directory
from amtui.screens.vendor_loading import BookingsLoaded, DirectoryLoaded, FirstPage, load_bookings, load_directory
from amtui.services.vendors import BookingFilters, BookingRow, Period, VendorRow
from amtui.widgets.footer import KeysFooter
from amtui.widgets.virtual_table import VirtualTable

if TYPE_CHECKING:
    from amtui.app import AmtuiApp

TABLES = ("booking", "spend", "vendor", "project", "client", "workspace")
STATUS_CYCLE: tuple[BS | None, ...] = (None, BS.HOLD_1, BS.HOLD_2, BS.CONFIRMED, BS.COMPLETED, BS.CANCELLED)
PERIODS: dict[Period, str] = {"upcoming": "upcoming", "week": "next 7 days", "month": "next 30 days",
                              "past": "past", "all": "all dates"}
BOOKINGS_ONLY = frozenset({"cycle_status", "cycle_period"})


class VendorsScreen(ModeScreen):
    """Bookings and the vendor directory. ``context_client_id``: the highlighted booking's client."""

    MODE = "vendors"
    HELP_GROUP = "Vendors"
    AUTO_FOCUS = "#bookings"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", id="vendors.filter"),
        Binding("f", "cycle_status", "Status", tooltip="Show one status (cycles)", id="vendors.status"),
        Binding("p", "cycle_period", "Period", tooltip="Upcoming, next 7 or 30 days, past, all", id="vendors.period"),
        Binding("v", "show_directory(True)", "Directory", tooltip="The vendor directory (Enter: a vendor's bookings)",
                id="vendors.directory"),
        Binding("v", "show_directory(False)", "Bookings", tooltip="Back to the bookings", id="vendors.bookings"),
        Binding("escape", "clear_filter", "Clear filters", id="vendors.clear"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filters = BookingFilters()
        self.vendors: list[VendorRow] = []
        self.loaded = False
        self.partial = False  # showing only the first page of a long list
        self._generation = self._shown = 0  # the latest bookings load asked for, and shown whole
        self.vendors_asked = False  # the directory has been asked for (the first time it is shown)
        self._focus_after_load: int | None = None
        self._focus_vendor_after_load: int | None = None
        self._failure: str | None = None  # why the bookings could not be read, until a load succeeds

    @property
    def amtui(self) -> AmtuiApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        app = self.amtui
        yield Header()
        with Horizontal(id="vendor-bar"):
            yield Static(id="vendor-filters")
            yield Static(Content("Loading bookings…"), id="vendor-count")
        yield Input(placeholder="Filter by vendor, client, project or PO…", id="vendor-filter", classes="-hidden")
        yield Bookings(lambda: app.clock.now(), lambda: app.clock.tz, lambda: app.currency,
                           empty_message="Loading bookings…", id="bookings")
        yield Directory(id="directory", classes="-hidden")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.amtui.data_changed.subscribe(self, self.on_data_change)
        self._show_filters()
        self.table.loading = True
        self.reload(directory=False)  # the directory loads when it is first shown

    @property
    def table(self) -> Bookings:
        return self.query_one("#bookings", Bookings)

    @property
    def directory(self) -> Directory:
        return self.query_one("#directory", Directory)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#vendor-filter", Input)

    @property
    def showing_directory(self) -> bool:
        return not self.directory.has_class("-hidden")

    @property
    def current(self) -> BookingRow | None:
        return None if self.showing_directory else self.table.current

    @property
    def context_client_id(self) -> int | None:
        row = self.current
        return row.client_id if row is not None else None

    def open_booking(self, booking_id: int) -> None:
        """Show the booking's detail (Today opens its holds and bookings here)."""
        self.table.open_booking(booking_id)

    # ------------------------------------------------------------ loading
    def reload(self, *, bookings: bool = True, directory: bool = True) -> None:
        """Read the bookings and/or the directory again, each in its own worker."""
        app, clock = self.amtui, self.amtui.clock
        if bookings:
            self._generation += 1
            self._load_bookings(app.db, clock.today(), clock.tz, self.filters, self._generation)
        if directory:
            self.vendors_asked = True
            self._load_directory(app.db, clock.now(), self.directory.include_archived)

    @work(thread=True, exclusive=True, group="vendors-load", name="vendors-load", exit_on_error=False)
    def _load_bookings(self, db: Database, today: date, tz: tzinfo, filters: BookingFilters,
                       generation: int) -> BookingsLoaded:
        return load_bookings(db, today, tz, filters, generation, self.post_message)

    @work(thread=True, exclusive=True, group="directory-load", name="directory-load", exit_on_error=False)
    def _load_directory(self, db: Database, now: datetime, include_archived: bool) -> DirectoryLoaded:
        return load_directory(db, now, include_archived)

    def on_data_change(self, change: DataChange) -> None:
        if change.touches(*TABLES):
            self.reload(directory=self.vendors_asked)

    @on(Worker.StateChanged)
    def _worker_done(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if event.state is WorkerState.ERROR:
            self.table.loading = False
            title = "Could not load the directory" if worker.group == "directory-load" else "Could not load bookings"
            self.notify(failure_text(worker.error), title=title, severity="error", markup=False)
            if worker.group == "vendors-load":
                self._failure = show_load_failure(self.query_one("#vendor-count", Static), self.table, "bookings",
                                                  worker.error)
            elif worker.group == "directory-load":
                self.directory.loading = False
                self.directory.empty_message = load_failed_text("vendors", worker.error)
                self.directory.refresh()
        elif event.state is WorkerState.SUCCESS and isinstance(worker.result, BookingsLoaded):
            self._show_bookings(worker.result)
        elif event.state is WorkerState.SUCCESS and isinstance(worker.result, DirectoryLoaded):
            self.vendors = worker.result.vendors
            self.directory.show(self.vendors, self._focus_vendor_after_load)
            self._focus_vendor_after_load = None
            self._refilter()
            self._show_filters()

    @on(FirstPage)
    def _first_page(self, message: FirstPage) -> None:
        if message.loaded.generation == self._generation > self._shown:  # the latest load, not yet whole
            self._show_bookings(message.loaded)

    def _show_bookings(self, loaded: BookingsLoaded) -> None:
        self.table.loading = False
        self.loaded = True
        self.partial = loaded.partial
        self.table.set_rows(loaded.rows, focus_key=self._focus_after_load)
        if not loaded.partial:
            self._shown = loaded.generation
            self._focus_after_load = None
        self._refilter()

    @on(Bookings.Saved)
    def _booking_saved(self, event: Bookings.Saved) -> None:
        if not self.table.move_to_key(event.booking_id):
            self._focus_after_load = event.booking_id
            self.reload(directory=False)  # exclusive: replaces the reload the form's DataChange started

    @on(Directory.Saved)
    def _vendor_saved(self, event: Directory.Saved) -> None:
        if not self.directory.move_to_key(event.vendor_id):
            self._focus_vendor_after_load = event.vendor_id
            self.reload(bookings=False)  # exclusive: replaces the reload the form's DataChange started

    @on(Directory.Reload)
    def _directory_reload(self, _event: Directory.Reload) -> None:
        self._show_filters()
        self.reload(bookings=False)

    # ------------------------------------------------------------ filters
    def _refilter(self) -> None:
        self.table.set_filter(self.filter_input.value)
        self.directory.set_filter(self.filter_input.value)
        self._show_count()

    def _show_count(self) -> None:
        table: VirtualTable = self.directory if self.showing_directory else self.table
        noun = "vendor" if self.showing_directory else "booking"
        noun += "" if table.total_count == 1 else "s"
        text = f"{table.row_count:,} of {table.total_count:,} {noun}" if table.row_count != table.total_count \
            else f"{table.total_count:,} {noun}"
        if self.partial and not self.showing_directory:
            text = f"first {table.total_count:,} bookings · loading the rest…"
        self.query_one("#vendor-count", Static).update(Content(text if self.loaded else self._failure or "Loading…"))
        if self.loaded and self.filter_input.value:
            self.table.empty_message = f"No bookings match “{one_line(self.filter_input.value, 30)}”. Esc clears."
        elif self.loaded:
            self.table.empty_message = "No bookings here. Press n to book a vendor, p or f to widen the view."

    def _show_filters(self) -> None:
        f = self.filters
        if self.showing_directory:
            shown = "archived shown" if self.directory.include_archived else "archived hidden"
            parts: list[Any] = [("Vendor directory", "bold"), ("  ·  ", "dim"), (shown, "bold"),
                                ("  ·  a shows or hides archived vendors", "dim")]
        else:
            status = "active" if f.status is None else STATUS_LABELS[f.status]
            parts = [("Status: ", "dim"), (status, "bold"), ("  ·  ", "dim"), (PERIODS[f.period], "bold")]
            if f.vendor_id is not None:
                name = next((v.name for v in self.vendors if v.id == f.vendor_id), f"#{f.vendor_id}")
                parts += [("  ·  vendor: ", "dim"), user_text(name, 30, "bold")]
        self.query_one("#vendor-filters", Static).update(Content.assemble(*parts))

    def _set_filters(self, **changes: Any) -> None:
        self.filters = replace(self.filters, **changes)
        self.table.vendor_id = self.filters.vendor_id
        self._show_filters()
        self.reload(directory=False)

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

    def action_show_directory(self, show: bool) -> None:
        if show and not self.vendors_asked:
            self.reload(bookings=False)
        self.directory.set_class(not show, "-hidden")
        self.table.set_class(show, "-hidden")
        (self.directory if show else self.table).focus()
        self._show_count()
        self._show_filters()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return bool(self.filter_input.value) or self.filter_input.has_focus or self.filters.vendor_id is not None
        if action == "show_directory":
            return parameters[0] is not self.showing_directory
        if action in BOOKINGS_ONLY:
            return not self.showing_directory
        return True

    @on(VirtualTable.RowHighlighted)
    def _highlighted(self, _event: VirtualTable.RowHighlighted) -> None:
        self.refresh_bindings()

    @on(VirtualTable.RowSelected, "#directory")
    def _vendor_selected(self, event: VirtualTable.RowSelected) -> None:
        self.action_show_directory(False)
        self._set_filters(vendor_id=int(event.row_key))  # type: ignore[call-overload]
