"""One client (Enter on the roster): header, health with reasons, people, the interaction
timeline, projects with budget pace, open tasks and upcoming bookings.

Every piece of user text is shown as literal :class:`Content` (see ``forms.user_text``); the
tables hold only ``Content``/``Text`` cells. The sections are drawn by
:mod:`amtui.screens.detail_sections`. Loads in a thread worker and reloads when
``app.data_changed`` says this client changed, keeping the timeline cursor.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static
from textual.widgets.data_table import RowDoesNotExist
from textual.worker import Worker, WorkerState

from amtui.db import failure_text
from amtui.messages import DataChange
from amtui.rules.text import one_line
from amtui.rules.when import format_day
from amtui.screens.detail_report import ReportAction
from amtui.screens.detail_sections import (
    PEOPLE_COLUMNS,
    TIMELINE_COLUMNS,
    bookings_block,
    header,
    health_block,
    person_cells,
    placeholder_row,
    projects_block,
    tasks_block,
    timeline_cells,
)
from amtui.screens.forms import ConfirmScreen, currency_of, host, user_text
from amtui.services.clients import (
    ClientDetail,
    ContactRow,
    InteractionRow,
    archive_contact,
    client_detail,
    set_archived,
)
from amtui.services.errors import ServiceError
from amtui.services.interactions import complete_follow_up, snooze_follow_up
from amtui.widgets.footer import KeysFooter


class ClientDetailScreen(ReportAction, Screen[None]):
    """Everything about one client; keys act on it and on the selected timeline row."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="detail.back"),
        # Priority: the form opens as the key arrives, so what is typed next lands in it.
        Binding("l", "quick_log", "Log", id="detail.log", priority=True),
        Binding("c", "capture", "Capture", id="detail.capture", priority=True),
        Binding("e", "edit", "Edit", id="detail.edit", priority=True),
        Binding("p", "add_person", "Add person", id="detail.add_person", priority=True),
        Binding("x", "follow_up_done", "Follow-up done", id="detail.follow_up_done"),
        Binding("z", "snooze(1)", "Snooze +1d", id="detail.snooze_day"),
        Binding("Z", "snooze(7)", "+1w", id="detail.snooze_week"),
        Binding("A", "archive", "Archive", id="detail.archive", priority=True),
        Binding("d", "archive_person", "Archive person", show=False, id="detail.archive_person"),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__(classes="client-detail")
        self.client_id = client_id
        self.detail: ClientDetail | None = None

    @property
    def context_client_id(self) -> int:
        """The client this screen is about (the app's ``l``/``c`` use it too)."""
        return self.client_id

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail-body"):
            yield Static(Content.styled("Loading…", "dim"), id="detail-header")
            with Horizontal(id="detail-top"):
                yield Static("", id="detail-health")
                with Vertical(id="detail-people-box"):
                    yield Label(Content.styled("People", "bold"), classes="section-title")
                    yield DataTable(id="people", cursor_type="row", zebra_stripes=False)
            yield Label(Content.styled("Timeline", "bold"), classes="section-title")
            yield DataTable(id="timeline", cursor_type="row")
            yield Static("", id="timeline-selected")
            with Horizontal(id="detail-bottom"):
                with Vertical(classes="detail-section"):
                    yield Label(Content.styled("Projects", "bold"), classes="section-title")
                    yield Static("", id="detail-projects")
                with Vertical(classes="detail-section"):
                    yield Label(Content.styled("Open tasks", "bold"), classes="section-title")
                    yield Static("", id="detail-tasks")
                    yield Label(Content.styled("Upcoming bookings", "bold"), classes="section-title")
                    yield Static("", id="detail-bookings")
        yield KeysFooter()

    def on_mount(self) -> None:
        for selector, columns in (("#people", PEOPLE_COLUMNS), ("#timeline", TIMELINE_COLUMNS)):
            table = self.query_one(selector, DataTable)
            for label, width, key in columns:
                table.add_column(Text(label), width=width, key=key)
        self.query_one("#timeline", DataTable).focus()
        signal = getattr(self.app, "data_changed", None)
        if signal is not None:
            signal.subscribe(self, self._data_changed)
        self.reload()

    def _data_changed(self, change: DataChange) -> None:
        if change.client_id in (None, self.client_id):
            self.reload()

    @work(thread=True, exclusive=True, group="detail-load", exit_on_error=False)
    def reload(self) -> ClientDetail:
        app = host(self)
        clock = app.clock
        return client_detail(app.db, self.client_id, clock.today(), clock.tz, now=clock.now())

    @on(Worker.StateChanged)
    def _worker_done(self, event: Worker.StateChanged) -> None:
        worker, state = event.worker, event.state
        if state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        if worker.group == "detail-load":
            if state is WorkerState.SUCCESS:
                self.show(cast(ClientDetail, worker.result))
            else:
                self.query_one("#detail-header", Static).update(
                    Content.styled(f"Can't show this client: {failure_text(worker.error)}", "bold $text-error"))
        elif worker.group == "detail-write":
            if state is WorkerState.SUCCESS:
                message, tables = cast(tuple[str, set[str]], worker.result)
                self.notify(message, title="Saved", markup=False)
                host(self).publish(DataChange(tables=frozenset(tables), client_id=self.client_id))
            elif isinstance(worker.error, ServiceError):
                self.notify(failure_text(worker.error), title="Not saved", severity="error", markup=False)
                self.reload()
            else:
                self.notify(f"Not saved: {type(worker.error).__name__}: {worker.error}", severity="error",
                            markup=False)

    # --- rendering ---

    def show(self, detail: ClientDetail) -> None:
        self.detail = detail
        clock = host(self).clock
        today, tz, currency = clock.today(), clock.tz, currency_of(self)
        self.sub_title = one_line(detail.client.name, 60)
        self.query_one("#detail-header", Static).update(header(detail, today, currency))
        self.query_one("#detail-health", Static).update(health_block(detail))
        self._refill("#people", [(person_cells(c), str(c.id)) for c in detail.contacts],
                     placeholder_row("nobody yet — p adds", 1, 4))
        self._refill("#timeline", [(timeline_cells(r, tz, today), str(r.id)) for r in detail.timeline],
                     placeholder_row("nothing logged yet — l logs a touch", 4, 7))
        self._show_selected()
        self.query_one("#detail-projects", Static).update(projects_block(detail.projects, currency))
        self.query_one("#detail-tasks", Static).update(tasks_block(detail.open_tasks, today))
        self.query_one("#detail-bookings", Static).update(bookings_block(detail.upcoming_bookings, tz, currency))
        self.refresh_bindings()

    def _refill(self, selector: str, rows: list[tuple[list[Text], str]], empty: list[Text]) -> None:
        """Replace a table's rows (``empty`` when there are none), the cursor staying on its row."""
        table = self.query_one(selector, DataTable)
        keep = self._row_key(table)
        table.clear()
        for cells, key in rows:
            table.add_row(*cells, key=key)
        if not rows:
            table.add_row(*empty, key="none")
        if keep is None:
            return
        try:
            table.move_cursor(row=table.get_row_index(keep), animate=False)
        except RowDoesNotExist:
            return  # the row is gone: the cursor stays where it was

    @staticmethod
    def _row_key(table: DataTable[Any]) -> str | None:
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _at_cursor(self, selector: str, rows: list[Any]) -> Any | None:
        key = self._row_key(self.query_one(selector, DataTable))
        return next((r for r in rows if str(r.id) == key), None)

    def selected_interaction(self) -> InteractionRow | None:
        return None if self.detail is None else self._at_cursor("#timeline", self.detail.timeline)

    def selected_contact(self) -> ContactRow | None:
        return None if self.detail is None else self._at_cursor("#people", self.detail.contacts)

    @on(DataTable.RowHighlighted, "#timeline")
    def _show_selected(self) -> None:
        row = self.selected_interaction()
        target = self.query_one("#timeline-selected", Static)
        if row is None:
            target.update("")
            return
        extra = f"{row.duration_minutes}m · " if row.duration_minutes else ""
        by = Content.assemble(("logged by ", "dim"), user_text(row.logged_by, 40, "dim"), (" · ", "dim")) \
            if row.logged_by else Content("")
        target.update(Content.assemble(by, (extra, "dim"), user_text(row.summary, 400)))

    # --- actions ---

    def action_back(self) -> None:
        self.dismiss(None)

    def action_quick_log(self) -> None:
        from amtui.screens.quick_log import QuickLogScreen

        self.app.push_screen(QuickLogScreen(self.client_id))

    def action_capture(self) -> None:
        from amtui.screens.capture import CaptureScreen

        self.app.push_screen(CaptureScreen(self.client_id))

    def action_edit(self) -> None:
        from amtui.screens.client_form import ClientFormScreen

        self.app.push_screen(ClientFormScreen(self.client_id))

    def action_add_person(self) -> None:
        from amtui.screens.contact_form import ContactFormScreen

        self.app.push_screen(ContactFormScreen(self.client_id))

    @on(DataTable.RowSelected, "#people")
    def _edit_person(self) -> None:
        from amtui.screens.contact_form import ContactFormScreen

        contact = self.selected_contact()
        if contact is not None:
            self.app.push_screen(ContactFormScreen(self.client_id, contact.id))

    def action_archive_person(self) -> None:
        contact = self.selected_contact()
        if contact is None or self.focused is not self.query_one("#people"):
            self.notify("Select a person in People first (tab), then press d.", markup=False)
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self._write(lambda db: archive_contact(db, contact.id, contact.version),
                            f"Archived {one_line(contact.name, 40)}", {"client_contact"})

        question = Content.assemble("Archive ", user_text(contact.name, 40, "bold"), "?")
        self.app.push_screen(ConfirmScreen(question, "They leave People; logged touches keep their name."), answer)

    def action_archive(self) -> None:
        if self.detail is None:
            return
        c = self.detail.client
        verb = "Restore" if c.archived else "Archive"

        def answer(yes: bool | None) -> None:
            if yes:
                self._write(lambda db: set_archived(db, c.id, c.version, not c.archived),
                            f"{'Restored' if c.archived else 'Archived'} {one_line(c.name, 40)}", {"client"})

        detail = ("It comes back into the roster and the Today queue." if c.archived else
                  "It leaves the roster and the Today queue; nothing is deleted.")
        self.app.push_screen(ConfirmScreen(Content.assemble(f"{verb} ", user_text(c.name, 40, "bold"), "?"),
                                           detail), answer)

    def _open_follow_up(self) -> InteractionRow | None:
        row = self.selected_interaction()
        if row is None or row.follow_up_on is None or row.follow_up_done:
            self.notify("The selected touch has no open follow-up.", severity="warning", markup=False)
            return None
        return row

    def action_follow_up_done(self) -> None:
        row = self._open_follow_up()
        if row is not None:
            self._write(lambda db: complete_follow_up(db, row.id), "Follow-up done", {"interaction"})

    def action_snooze(self, days: int) -> None:
        row = self._open_follow_up()
        if row is None:
            return
        today = host(self).clock.today()
        due = row.follow_up_on or today
        later = (max(due, today) - today).days + days  # pushed back from when it is due, like the roster
        self._write(lambda db: snooze_follow_up(db, row.id, later, today), "Follow-up moved to {}", {"interaction"})

    def _write(self, fn: Any, message: str, tables: set[str]) -> None:
        db = host(self).db

        def run() -> tuple[str, set[str]]:
            result = fn(db)
            return (message.format(format_day(result)) if isinstance(result, date) else message), tables

        self.run_worker(run, thread=True, group="detail-write", exit_on_error=False)
