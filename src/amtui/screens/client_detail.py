"""One client (Enter on the roster): header, health with reasons, people, the interaction
timeline, projects with budget pace, open tasks and upcoming bookings.

Every piece of user text is shown as literal :class:`Content` (see ``forms.user_text``); the
tables hold only ``Content``/``Text`` cells. Loads in a thread worker and reloads when
``app.data_changed`` says this client changed, keeping the timeline cursor.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import Any, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static
from textual.widgets.data_table import RowDoesNotExist
from textual.worker import Worker, WorkerState

from amtui.enums import Direction
from amtui.messages import DataChange
from amtui.rules.relative import format_money, relative_day
from amtui.rules.text import clean_text, one_line
from amtui.rules.when import format_day
from amtui.screens.forms import ConfirmScreen, currency_of, host, user_text
from amtui.services.clients import (
    BookingRow,
    ClientDetail,
    ContactRow,
    InteractionRow,
    ProjectRow,
    TaskRow,
    archive_contact,
    client_detail,
    set_archived,
)
from amtui.services.errors import ServiceError
from amtui.services.interactions import complete_follow_up, snooze_follow_up

ARROW = {Direction.INBOUND: "←", Direction.OUTBOUND: "→", Direction.INTERNAL: "↻"}
MOOD = {-2: ("−−", "bold red"), -1: ("−", "red"), 0: ("·", "dim"), 1: ("+", "green"),  # noqa: RUF001
        2: ("++", "bold green")}
CADENCE_STYLE = {"ok": "green", "due": "yellow", "overdue": "bold red", "never": "bold red"}
BAND_STYLE = {"good": "bold green", "watch": "bold yellow", "at_risk": "bold red"}
SUMMARY_WIDTH = 40


def cell(text: str, style: str = "", width: int | None = None) -> Text:
    """A table cell that renders literally (a rich ``Text``, never markup)."""
    s = one_line(text, width) if width else clean_text(text)
    return Text(s, style=style, no_wrap=True, end="")


def local_stamp(at: datetime, tz: tzinfo, today: date) -> str:
    local = at.astimezone(tz)
    day = format_day(local.date())
    if local.year == today.year:
        day = day.rsplit(" ", 1)[0]
    return f"{day} {local:%H:%M}"


def follow_up_cell(row: InteractionRow, today: date) -> Text:
    """Follow-up state: done (dim, struck), overdue (red), today (yellow), open."""
    d = row.follow_up_on
    if d is None:
        return cell("")
    label = format_day(d).rsplit(" ", 1)[0] if d.year == today.year else format_day(d)
    if row.follow_up_done:
        return cell(f"✓ {label}", "dim strike")
    if d < today:
        return cell(f"! {label} · {(today - d).days}d late", "bold red")
    if d == today:
        return cell(f"● {label} · today", "bold yellow")
    return cell(f"→ {label} · {relative_day(d, today)}", "cyan")


def timeline_cells(row: InteractionRow, tz: tzinfo, today: date) -> list[Text]:
    glyph, style = MOOD.get(row.sentiment, ("?", ""))
    return [
        cell(local_stamp(row.occurred_at, tz, today)),
        cell(row.kind.value),
        cell(ARROW.get(row.direction, "?")),
        cell(glyph, style),
        cell(row.summary, width=SUMMARY_WIDTH),
        cell(row.contact, "dim", width=14),
        follow_up_cell(row, today),
    ]


def header(detail: ClientDetail, today: date, currency: str) -> Content:
    c = detail.client
    line1: list[Any] = [user_text(c.name, 60, "bold"), "  ", (f" {c.status.value.replace('_', ' ')} ", "reverse"),
             f"  {c.tier.value}"]
    if c.industry:
        line1 += ["  ·  ", user_text(c.industry, 30)]
    if c.archived:
        line1 += ["  ", (" ARCHIVED ", "bold reverse $text-warning")]
    owner = user_text(c.owner, 30) if c.owner else Content.styled("no owner", "dim")
    line2: list[Any] = ["Owner ", owner, f"  ·  Retainer {format_money(c.monthly_retainer, currency)}/mo"]
    if c.contract_start:
        line2.append(f"  ·  Since {format_day(c.contract_start)}")
    if c.renewal_date:
        line2.append(f"  ·  Renews {format_day(c.renewal_date)} ({relative_day(c.renewal_date, today)})")
    cad = detail.cadence
    since = "never contacted" if cad.days_since is None else f"{cad.days_since}d since last touch"
    line3 = Content.assemble((since, CADENCE_STYLE.get(cad.status.value, "")),
                             f" · cadence {cad.ideal_days}/{cad.max_days}",
                             (f" · {cad.status.value}", CADENCE_STYLE.get(cad.status.value, "")))
    return Content("\n").join([Content.assemble(*line1), Content.assemble(*line2), line3])


def health_block(detail: ClientDetail) -> Content:
    h = detail.health
    lines = [Content.assemble(("Health ", "bold"), (f"{h.score}", BAND_STYLE.get(h.band.value, "bold")),
                              (f" · {h.band.value.replace('_', ' ')}", BAND_STYLE.get(h.band.value, "")))]
    for part in h.parts:
        frac = part.points / part.max_points if part.max_points else 1
        style = "green" if frac >= 0.99 else "yellow" if frac >= 0.5 else "red"
        lines.append(Content.assemble(f" {part.group.replace('_', '-'):<11}",
                                      (f"{part.points:>4.0f}/{part.max_points:<3}", style), " ",
                                      user_text(part.reason, 46)))
    return Content("\n").join(lines)


def pace_bar(p: ProjectRow, width: int = 10) -> Content:
    filled = max(0, min(width, round(p.pct_used / 100 * width)))
    mark = max(0, min(width - 1, round(p.pct_elapsed / 100 * width) - 1))
    ahead = p.pct_used - p.pct_elapsed
    style = "red" if ahead > 5 or p.pct_used > 100 else "green"
    cells = [("█" if i < filled else "░", style if i < filled else "dim") for i in range(width)]
    cells[mark] = ("│", f"bold on {style}" if mark < filled else "bold")
    return Content.assemble(*cells)


def projects_block(projects: list[ProjectRow], currency: str) -> Content:
    if not projects:
        return Content.styled("no projects", "dim")
    lines = []
    for p in projects:
        dim = "dim" if p.status.value in ("completed", "cancelled") else ""
        money = f" · {format_money(p.spent, currency)} of {format_money(p.budget, currency)}"
        lines.append(Content.assemble(user_text(p.name, 30, dim or "bold"),
                                      (f"  {p.kind.value} · {p.status.value}", "dim")))
        lines.append(Content.assemble(" ", pace_bar(p), f" {p.pct_used:.0f}% used · {p.pct_elapsed:.0f}% time",
                                      (money, "dim")))
    return Content("\n").join(lines)


def tasks_block(tasks: list[TaskRow], today: date) -> Content:
    if not tasks:
        return Content.styled("no open tasks", "dim")
    lines = []
    for t in tasks:
        due = format_day(t.due_on).rsplit(" ", 1)[0] if t.due_on else "no date"
        style = "bold red" if t.due_on and t.due_on < today else ""
        who = user_text(t.assignee, 14, "dim") if t.assignee else Content.styled("unassigned", "dim")
        lines.append(Content.assemble((f"{due:<11}", style), user_text(t.title, 24), " · ", who,
                                      (f" · {t.status.value}", "dim")))
    return Content("\n").join(lines)


def bookings_block(bookings: list[BookingRow], tz: tzinfo, currency: str) -> Content:
    if not bookings:
        return Content.styled("no upcoming bookings", "dim")
    lines = []
    for b in bookings:
        start = format_day(b.starts_at.astimezone(tz).date()).rsplit(" ", 1)[0]
        status = b.status.value.replace("_", " ")
        lines.append(Content.assemble(f"{start:<11}", user_text(b.vendor, 18), " · ", user_text(b.project, 14, "dim"),
                                      (f" · {status}", "yellow" if status.startswith("hold") else "green"),
                                      f" · {format_money(b.cost, currency)}"))
    return Content("\n").join(lines)


class ClientDetailScreen(Screen[None]):
    """Everything about one client; keys act on it and on the selected timeline row."""

    CSS_PATH = "../styles/detail.tcss"
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
        yield Footer()

    def on_mount(self) -> None:
        people = self.query_one("#people", DataTable)
        for label, width in (("", 1), ("Name", 15), ("Role", 10), ("Email / phone", 15)):
            people.add_column(Text(label), width=width, key=label or "primary")
        timeline = self.query_one("#timeline", DataTable)
        for label, width in (("When", 16), ("Kind", 7), ("", 1), ("±", 2), ("Summary", SUMMARY_WIDTH),
                             ("With", 14), ("Follow-up", 22)):
            timeline.add_column(Text(label), width=width, key=label or "dir")
        timeline.focus()
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
                    Content.styled(f"Can't show this client: {worker.error}", "bold $text-error"))
        elif worker.group == "detail-write":
            if state is WorkerState.SUCCESS:
                message, tables = cast(tuple[str, set[str]], worker.result)
                self.notify(message, title="Saved", markup=False)
                host(self).publish(DataChange(tables=frozenset(tables), client_id=self.client_id))
            elif isinstance(worker.error, ServiceError):
                self.notify(str(worker.error), title="Not saved", severity="error", markup=False)
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
        self._fill_people(detail.contacts)
        self._fill_timeline(detail.timeline, tz, today)
        self.query_one("#detail-projects", Static).update(projects_block(detail.projects, currency))
        self.query_one("#detail-tasks", Static).update(tasks_block(detail.open_tasks, today))
        self.query_one("#detail-bookings", Static).update(bookings_block(detail.upcoming_bookings, tz, currency))
        self.refresh_bindings()

    def _fill_people(self, contacts: list[ContactRow]) -> None:
        table = self.query_one("#people", DataTable)
        keep = self._row_key(table)
        table.clear()
        for c in contacts:
            table.add_row(cell("★" if c.is_primary else "", "bold yellow"), cell(c.name, width=15),
                          cell(c.role, "dim", 10), cell(c.email or c.phone, width=15), key=str(c.id))
        if not contacts:
            table.add_row(cell(""), cell("nobody yet — p adds", "dim"), cell(""), cell(""), key="none")
        self._restore(table, keep)

    def _fill_timeline(self, rows: list[InteractionRow], tz: tzinfo, today: date) -> None:
        table = self.query_one("#timeline", DataTable)
        keep = self._row_key(table)
        table.clear()
        for r in rows:
            table.add_row(*timeline_cells(r, tz, today), key=str(r.id))
        if not rows:
            table.add_row(*[cell("")] * 4, cell("nothing logged yet — l logs a touch", "dim"), cell(""), cell(""),
                          key="none")
        self._restore(table, keep)
        self._show_selected()

    @staticmethod
    def _row_key(table: DataTable[Any]) -> str | None:
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    @staticmethod
    def _restore(table: DataTable[Any], key: str | None) -> None:
        if key is None:
            return
        try:
            table.move_cursor(row=table.get_row_index(key), animate=False)
        except RowDoesNotExist:
            return  # the row is gone: the cursor stays where it was

    def selected_interaction(self) -> InteractionRow | None:
        if self.detail is None:
            return None
        key = self._row_key(self.query_one("#timeline", DataTable))
        return next((r for r in self.detail.timeline if str(r.id) == key), None)

    def selected_contact(self) -> ContactRow | None:
        if self.detail is None:
            return None
        key = self._row_key(self.query_one("#people", DataTable))
        return next((c for c in self.detail.contacts if str(c.id) == key), None)

    @on(DataTable.RowHighlighted, "#timeline")
    def _show_selected(self) -> None:
        row = self.selected_interaction()
        target = self.query_one("#timeline-selected", Static)
        if row is None:
            target.update("")
            return
        extra = f"{row.duration_minutes}m · " if row.duration_minutes else ""
        target.update(Content.assemble((extra, "dim"), user_text(row.summary, 400)))

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

        def snooze(db: Any) -> date:
            return snooze_follow_up(db, row.id, later, today)

        self._write(snooze, "Follow-up moved to {}", {"interaction"})

    def _write(self, fn: Any, message: str, tables: set[str]) -> None:
        db = host(self).db

        def run() -> tuple[str, set[str]]:
            result = fn(db)
            return (message.format(format_day(result)) if isinstance(result, date) else message), tables

        self.run_worker(run, thread=True, group="detail-write", exit_on_error=False)
