"""Team (``3``): who has room in the coming weeks — a capacity heat map of members by 8 weeks.

The selected cell's hours are spelled out under the map, with the member's undated tasks.
Enter opens the member's tasks (by due date) under the map, where ``r`` reassigns one and ``e``
edits it; the map stays in view, so a move shows on both rows at once. Loading runs in thread
workers that return plain data; widgets change only on the UI thread. The screen reloads on
``app.data_changed``, keeping the cursor.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, Static
from textual.worker import Worker, WorkerState

from amtui.enums import Discipline, TaskStatus
from amtui.rules.relative import relative_day
from amtui.rules.workload import Band, percent
from amtui.screens.forms import user_text
from amtui.screens.team_forms import ReassignScreen, TaskFormScreen, TimeOffFormScreen, hours_text
from amtui.services.team import MemberTasks, TaskRow, TeamWorkload, member_tasks, workload
from amtui.widgets.columns import Cell, Column
from amtui.widgets.heatmap import HeatMap, week_label
from amtui.widgets.virtual_table import VirtualTable

if TYPE_CHECKING:
    from amtui.app import AmtuiApp
    from amtui.messages import DataChange

TEAM_TABLES = ("task", "time_off", "team_member", "project", "client", "workspace")
STATUS_STYLES = {TaskStatus.DOING: "accent", TaskStatus.BLOCKED: "warning", TaskStatus.DONE: "muted"}


class TeamScreen(Screen[None]):
    """The heat map, the selected cell's numbers and undated work, and a member's tasks."""

    HELP_GROUP = "Team"
    CSS_PATH = "../styles/team.tcss"
    AUTO_FOCUS = "#heatmap"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "cycle_discipline", "Discipline", tooltip="Show one discipline (again: the next)",
                id="team.discipline"),
        Binding("t", "time_off", "Time off", tooltip="Book time off for the selected member", id="team.time_off"),
        Binding("n", "new_task", "New task", tooltip="Add a task for the selected member", id="team.new_task"),
        Binding("e", "edit_task", "Edit task", tooltip="Edit the highlighted task", id="team.edit_task"),
        Binding("r", "reassign", "Reassign", tooltip="Move the highlighted task to someone with room",
                id="team.reassign"),
        Binding("escape", "close_tasks", "Back", tooltip="Close the task list", id="team.close_tasks"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: TeamWorkload | None = None
        self.discipline: Discipline | None = None
        self.tasks: MemberTasks | None = None
        self.tasks_member: int | None = None  # whose tasks are open below the map
        self._focus: tuple[int, int | None] | None = None

    @property
    def amtui(self) -> AmtuiApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="team-bar"):
            yield Static(Content("Loading the team…"), id="team-filters")
            yield Static(id="team-count")
        yield HeatMap(empty_message="Loading the team…", id="heatmap")
        yield Static(id="team-cell")
        yield Static(id="team-tray")
        yield Label(id="team-tasks-title", classes="-hidden")
        yield VirtualTable(self._columns(), row_key=lambda t: t.id, search_text=lambda t: f"{t.title}\n{t.client}",
                           empty_message="No open tasks.", id="team-tasks", classes="-hidden")
        yield Footer()

    def _columns(self) -> list[Column[TaskRow]]:
        def due(t: TaskRow) -> Cell:
            today = self.data.today if self.data else self.amtui.clock.today()
            if t.due_on is None:
                return "undated", "muted"
            label = week_label(t.due_on) + (f" {t.due_on.year}" if t.due_on.year != today.year else "")
            return f"{label} · {relative_day(t.due_on, today)}", "error" if t.due_on < today else None

        return [
            Column("title", "Task", lambda t: (t.title, None), width=12, flex=3),
            Column("client", "Client", lambda t: (t.client, None), width=8, flex=1),
            Column("project", "Project", lambda t: (t.project, "muted"), width=8, flex=1),
            Column("due", "Due", due, width=19),
            Column("estimate", "Est.", lambda t: (f"{hours_text(t.estimate_hours)} h", None), width=6, align="right"),
            Column("status", "Status", lambda t: (t.status.value, STATUS_STYLES.get(t.status)), width=7),
        ]

    @property
    def context_client_id(self) -> int | None:
        """The client of the highlighted task (for ``l`` and ``c``), when the task list is open."""
        task = self.table.highlighted_row if self.tasks_member is not None else None
        return task.client_id if task is not None else None

    @property
    def heatmap(self) -> HeatMap:
        return self.query_one("#heatmap", HeatMap)

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#team-tasks", VirtualTable)

    def on_mount(self) -> None:
        self.amtui.data_changed.subscribe(self, self.on_data_change)
        self.heatmap.loading = True
        self.reload()

    # ------------------------------------------------------------ loading
    def reload(self) -> None:
        """Load the workload (and the open task list) again; the cursor stays."""
        self._load(self.amtui.db, self.amtui.clock.today())
        if self.tasks_member is not None:
            self._load_tasks(self.amtui.db, self.tasks_member, self.amtui.clock.today())

    @work(thread=True, exclusive=True, group="team", name="team", exit_on_error=False)
    def _load(self, db: Any, today: date) -> TeamWorkload:
        return workload(db, today)

    @work(thread=True, exclusive=True, group="team-tasks", name="team-tasks", exit_on_error=False)
    def _load_tasks(self, db: Any, member_id: int, today: date) -> MemberTasks:
        return member_tasks(db, member_id, today)

    def on_data_change(self, change: DataChange) -> None:
        if change.touches(*TEAM_TABLES):
            self.reload()

    @on(Worker.StateChanged)
    def _worker_done(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if event.state is WorkerState.ERROR and worker.name in ("team", "team-tasks"):
            self.heatmap.loading = False
            self.notify(str(worker.error), title="Could not load the team", severity="error", markup=False)
        elif event.state is WorkerState.SUCCESS and isinstance(worker.result, TeamWorkload):
            self.data = worker.result
            self.heatmap.loading = False
            self._show_map()
        elif event.state is WorkerState.SUCCESS and isinstance(worker.result, MemberTasks):
            self._show_tasks(worker.result)

    def _show_map(self) -> None:
        data = self.data
        if data is None:
            return
        rows = [m for m in data.members if self.discipline is None or m.discipline is self.discipline]
        focus, week = self._focus or (None, None)
        self._focus = None
        self.heatmap.empty_message = "Nobody on the team yet." if not data.members else "Nobody in this discipline."
        self.heatmap.show(rows, data.weeks, focus=focus, week=week)
        self.refresh_bindings()
        over = sum(1 for m in data.members if m.weeks and m.weeks[0].band is Band.OVER)
        shown = f"{len(rows)} of {len(data.members)}" if len(rows) != len(data.members) else f"{len(rows)}"
        self.query_one("#team-filters", Static).update(Content.assemble(
            ("Discipline: ", "dim"), (self.discipline.value if self.discipline else "all", "bold"),
            ("  ·  8 weeks from ", "dim"), week_label(data.weeks[0])))
        self.query_one("#team-count", Static).update(Content(
            f"{shown} people · {over} over this week · {data.unassigned} unassigned tasks"))
        self._show_cell()

    def _show_cell(self) -> None:
        m, w = self.heatmap.member, self.heatmap.week
        cell, tray = self.query_one("#team-cell", Static), self.query_one("#team-tray", Static)
        if m is None or w is None:
            cell.update("")
            tray.update("")
            return
        off = f" · {w.days_off} day{'s' if w.days_off != 1 else ''} off" if w.days_off else ""
        pct = percent(w.utilisation) if w.capacity > 0 else "no capacity"
        cell.update(Content.assemble(user_text(m.name, 40, "bold"), f" · week of {week_label(w.week)}: ",
                                     (f"{w.allocated:.1f} h allocated / {w.capacity:.1f} h capacity ({pct})",
                                      "bold $text-error" if w.band is Band.OVER else "bold"), off))
        if not m.unscheduled:
            tray.update(Content.styled("No undated tasks.", "dim"))
            return
        total = sum(t.hours for t in m.unscheduled)
        items = [Content.assemble(user_text(t.title, 40), (f" {t.hours:g} h", "dim")) for t in m.unscheduled[:8]]
        tray.update(Content.assemble((f"Undated ({len(m.unscheduled)}, {total:g} h): ", "dim"),
                                     Content.styled(" · ", "dim").join(items)))

    @on(HeatMap.CellHighlighted, "#heatmap")
    def _cell_moved(self, _event: HeatMap.CellHighlighted) -> None:
        self._show_cell()  # no refresh_bindings here: rebuilding the footer per key costs ~50 ms

    # ------------------------------------------------------------ the member's tasks
    @on(HeatMap.MemberSelected, "#heatmap")
    def _member_selected(self, event: HeatMap.MemberSelected) -> None:
        self.open_tasks(event.member_id)

    def open_tasks(self, member_id: int) -> None:
        """Show ``member_id``'s open tasks under the map and move the focus there."""
        self.tasks_member = member_id
        self.query_one("#team-tasks-title", Label).update(Content("Loading tasks…"))
        for widget in (self.query_one("#team-tasks-title"), self.table):
            widget.remove_class("-hidden")
        self.add_class("-tasks")
        if self.tasks is None or self.tasks.member.id != member_id:
            self.table.empty_message = "Loading tasks…"
            self.table.set_rows([])
        self.call_after_refresh(self.table.focus)  # once it is displayed
        self._load_tasks(self.amtui.db, member_id, self.amtui.clock.today())
        self.refresh_bindings()

    def _show_tasks(self, tasks: MemberTasks) -> None:
        if tasks.member.id != self.tasks_member:
            return
        self.tasks = tasks
        self.table.empty_message = "No open tasks."
        self.table.set_rows(tasks.tasks)
        hours = sum(t.estimate_hours for t in tasks.tasks)
        off = ", ".join(f"{week_label(a)}–{week_label(b)}" if a != b else week_label(a)  # noqa: RUF001
                        for a, b, _ in tasks.time_off[:3])
        self.query_one("#team-tasks-title", Label).update(Content.assemble(
            user_text(tasks.member.name, 40, "bold"), f" · {len(tasks.tasks)} open tasks, {hours:g} h, by due date",
            (f" · off {off}" if off else "", "dim")))
        self.refresh_bindings()

    def action_close_tasks(self) -> None:
        self.tasks_member, self.tasks = None, None
        for widget in (self.query_one("#team-tasks-title"), self.table):
            widget.add_class("-hidden")
        self.remove_class("-tasks")
        self.heatmap.focus()
        self.refresh_bindings()

    @on(VirtualTable.RowSelected, "#team-tasks")
    def _task_selected(self, _event: VirtualTable.RowSelected) -> None:
        self.action_edit_task()

    # ------------------------------------------------------------ actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit_task", "reassign"):  # hidden on the map, greyed out on an empty list
            return self.tasks_member is not None and (self.table.highlighted_row is not None or None)
        if action == "close_tasks":
            return self.tasks_member is not None
        if action in ("time_off", "new_task"):
            return self.heatmap.member is not None or None
        return True

    def action_cycle_discipline(self) -> None:
        present = sorted({m.discipline for m in self.data.members}) if self.data else []
        cycle: list[Discipline | None] = [None, *present]
        self.discipline = cycle[(cycle.index(self.discipline) + 1) % len(cycle)] if self.discipline in cycle else None
        self._show_map()

    def action_time_off(self) -> None:
        m, w = self.heatmap.member, self.heatmap.week
        if m is not None:
            today = self.amtui.clock.today()
            self.app.push_screen(TimeOffFormScreen(m.id, m.name, max(w.week, today) if w else today))

    def action_new_task(self) -> None:
        m = self.heatmap.member
        self.app.push_screen(TaskFormScreen(None, self.tasks_member or (m.id if m else None)))

    def action_edit_task(self) -> None:
        task = self.table.highlighted_row if self.tasks_member is not None else None
        if task is not None:
            self.app.push_screen(TaskFormScreen(task))

    def action_reassign(self) -> None:
        task = self.table.highlighted_row if self.tasks_member is not None else None
        if task is not None:
            self.app.push_screen(ReassignScreen(task))

    def focus_member(self, member_id: int, week: int | None = None) -> None:
        """Put the cursor on ``member_id`` (and week index ``week``), now or once loaded."""
        if self.data is None or not self.heatmap.move_to(member_id, week):
            self._focus = (member_id, week)
            if self.data is not None:
                self.discipline = None
                self._show_map()
