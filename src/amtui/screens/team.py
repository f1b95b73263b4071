"""Team (``3``): who has room in the coming weeks — a capacity heat map of members by 8 weeks.

Under the map: the selected cell's hours and the member's undated tasks. ``/`` filters the map by
name or job title as you type (``f``: a discipline), Esc clears. Enter opens the member view
(:class:`~amtui.screens.team_tasks.MemberPanel`): their tasks (``/`` filters, ``r`` reassigns,
``e`` edits) and recent and coming time off (``e`` edits, ``d`` deletes), the map still in view.
Loading runs in thread workers returning plain data; the screen reloads on ``app.data_changed``.
"""

from __future__ import annotations

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
from amtui.enums import Discipline
from amtui.screens.load_failure import show_load_failure
from amtui.screens.mode_screen import ModeScreen
from amtui.screens.team_forms import ReassignScreen, TaskFormScreen, TimeOffFormScreen
from amtui.screens.team_tasks import MemberPanel
from amtui.screens.team_text import cell_line, count_line, filters_line, map_empty_message, tray_line, visible_members
from amtui.services.team import MemberTasks, TaskRow, TeamWorkload, member_tasks, workload
from amtui.widgets.footer import KeysFooter
from amtui.widgets.heatmap import HeatMap
from amtui.widgets.virtual_table import VirtualTable

if TYPE_CHECKING:
    from amtui.app import AmtuiApp
    from amtui.messages import DataChange

TEAM_TABLES = ("task", "time_off", "team_member", "project", "client", "workspace")


class TeamScreen(ModeScreen):
    """The heat map, the selected cell's numbers and undated work, and the member view."""

    MODE = "team"
    HELP_GROUP = "Team"
    AUTO_FOCUS = "#heatmap"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", tooltip="Filter people (or the member's tasks) as you type",
                id="team.filter"),
        Binding("f", "cycle_discipline", "Discipline", tooltip="Show one discipline (again: the next)",
                id="team.discipline"),
        Binding("t", "time_off", "Time off", tooltip="Book time off for the selected member", id="team.time_off"),
        Binding("n", "new_task", "New task", tooltip="Add a task for the selected member", id="team.new_task"),
        Binding("e", "edit_task", "Edit task", tooltip="Edit the highlighted task", id="team.edit_task"),
        Binding("e", "edit_time_off", "Edit time off", tooltip="Change the highlighted time off",
                id="team.edit_time_off"),
        Binding("d,delete", "delete_time_off", "Delete time off", tooltip="Delete the highlighted time off",
                id="team.delete_time_off"),
        Binding("r", "reassign", "Reassign", tooltip="Move the highlighted task to someone with room",
                id="team.reassign"),
        Binding("escape", "clear_filter", "Clear filter", id="team.clear_filter"),
        Binding("escape", "close_tasks", "Back", tooltip="Close the member view", id="team.close_tasks"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: TeamWorkload | None = None
        self.discipline: Discipline | None = None
        self.tasks_member: int | None = None  # whose view is open below the map
        self._focus: tuple[int, int | None] | None = None

    @property
    def amtui(self) -> AmtuiApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="team-bar"):
            yield Static(Content("Loading the team…"), id="team-filters")
            yield Static(id="team-count")
        yield Input(placeholder="Filter people by name or job title…", id="team-filter", classes="-hidden")
        yield HeatMap(empty_message="Loading the team…", id="heatmap")
        yield Static(id="team-cell")
        yield Static(id="team-tray")
        yield MemberPanel(self._today, id="team-member", classes="-hidden")
        yield KeysFooter()

    def _today(self) -> date:
        return self.data.today if self.data else self.amtui.clock.today()

    @property
    def context_client_id(self) -> int | None:
        """The client of the highlighted task (for ``l`` and ``c``), when the member view is open."""
        task = self.current_task
        return task.client_id if task is not None else None

    @property
    def heatmap(self) -> HeatMap:
        return self.query_one("#heatmap", HeatMap)

    @property
    def panel(self) -> MemberPanel:
        return self.query_one("#team-member", MemberPanel)

    @property
    def table(self) -> VirtualTable:
        return self.panel.tasks_table

    @property
    def off_table(self) -> VirtualTable:
        return self.panel.off_table

    @property
    def map_filter(self) -> Input:
        return self.query_one("#team-filter", Input)

    @property
    def current_task(self) -> TaskRow | None:
        """The highlighted task while the member view is open."""
        return self.panel.highlighted_task if self.tasks_member is not None else None

    @property
    def tasks(self) -> MemberTasks | None:
        """What the member view shows (None while closed or loading another member)."""
        return self.panel.data if self.tasks_member is not None else None

    def on_mount(self) -> None:
        self.amtui.data_changed.subscribe(self, self.on_data_change)
        self.heatmap.loading = True
        self.reload()

    # ------------------------------------------------------------ loading
    def reload(self) -> None:
        """Load the workload (and the open member view) again; cursors and filters stay."""
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
            self.notify(failure_text(worker.error), title="Could not load the team", severity="error", markup=False)
            if worker.name == "team":
                show_load_failure(self.query_one("#team-filters", Static), self.heatmap, "the team", worker.error)
        elif event.state is WorkerState.SUCCESS and isinstance(worker.result, TeamWorkload):
            self.data = worker.result
            self.heatmap.loading = False
            self._show_map()
        elif (event.state is WorkerState.SUCCESS and isinstance(worker.result, MemberTasks)
              and worker.result.member.id == self.tasks_member):
            self.panel.show(worker.result)
            self.refresh_bindings()

    # ------------------------------------------------------------ the map
    def _show_map(self, *, bindings: bool = True) -> None:
        data = self.data
        if data is None:
            return
        rows = visible_members(data, self.discipline, self.map_filter.value)
        focus, week = self._focus or (None, None)
        self._focus = None
        self.heatmap.empty_message = map_empty_message(data, self.map_filter.value)
        self.heatmap.show(rows, data.weeks, focus=focus, week=week)
        if bindings:
            self.refresh_bindings()
        self.query_one("#team-filters", Static).update(filters_line(self.discipline, data.weeks[0]))
        self.query_one("#team-count", Static).update(count_line(data, len(rows)))
        self._show_cell()

    def _show_cell(self) -> None:
        m, w = self.heatmap.member, self.heatmap.week
        self.query_one("#team-cell", Static).update(cell_line(m, w) if m and w else "")
        self.query_one("#team-tray", Static).update(tray_line(m) if m and w else "")

    @on(HeatMap.CellHighlighted, "#heatmap")
    def _cell_moved(self, _event: HeatMap.CellHighlighted) -> None:
        self._show_cell()  # no refresh_bindings here: rebuilding the footer per key costs ~50 ms

    # ------------------------------------------------------------ filters
    def _in_panel(self) -> bool:
        return self.tasks_member is not None and self.focused in (self.table, self.off_table, self.panel.filter_input)

    @on(Input.Changed, "#team-filter")
    def _map_typed(self, _event: Input.Changed) -> None:
        self._show_map(bindings=False)

    @on(Input.Submitted, "#team-filter")
    def _map_submitted(self, _event: Input.Submitted) -> None:
        self.heatmap.focus()

    def action_filter(self) -> None:
        target = self.panel.filter_input if self._in_panel() else self.map_filter
        target.remove_class("-hidden")
        target.focus()

    def _filter_to_clear(self) -> Input | None:
        """The filter Esc clears: the one being typed in, else the one of the focused list."""
        tasks, people = self.panel.filter_input, self.map_filter
        if self.focused in (tasks, people):
            return self.focused  # type: ignore[return-value]
        if self.focused is self.table and (tasks.value or not tasks.has_class("-hidden")):
            return tasks
        if self.focused is self.heatmap and (people.value or not people.has_class("-hidden")):
            return people
        return None

    def action_clear_filter(self) -> None:
        target = self._filter_to_clear()
        if target is self.panel.filter_input:
            self.panel.clear_filter()
            self.table.focus()
        elif target is not None:
            target.value = ""
            target.add_class("-hidden")
            self.heatmap.focus()
            self._show_map()

    # ------------------------------------------------------------ the member view
    @on(HeatMap.MemberSelected, "#heatmap")
    def _member_selected(self, event: HeatMap.MemberSelected) -> None:
        self.open_tasks(event.member_id)

    def open_tasks(self, member_id: int) -> None:
        """Show ``member_id``'s tasks and time off under the map and move the focus there."""
        if self.tasks_member != member_id and self.panel.filter_input.value:
            self.panel.clear_filter()
        self.tasks_member = member_id
        self.panel.remove_class("-hidden")
        self.add_class("-tasks")
        self.panel.clear_for(member_id)
        self.call_after_refresh(self.table.focus)  # once it is displayed
        self._load_tasks(self.amtui.db, member_id, self.amtui.clock.today())
        self.refresh_bindings()

    def action_close_tasks(self) -> None:
        self.tasks_member = None
        self.panel.add_class("-hidden")
        self.remove_class("-tasks")
        self.heatmap.focus()
        self.refresh_bindings()

    @on(VirtualTable.RowSelected, "#team-tasks")
    def _task_selected(self, _event: VirtualTable.RowSelected) -> None:
        self.action_edit_task()

    # ------------------------------------------------------------ actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        on_off = self.tasks_member is not None and self.focused is self.off_table
        if action in ("edit_task", "reassign"):  # hidden on the map and time off, greyed out on an empty list
            return self.tasks_member is not None and not on_off and (self.current_task is not None or None)
        if action in ("edit_time_off", "delete_time_off"):  # only on the time off list
            return on_off and (self.panel.highlighted_time_off is not None or None)
        if action == "clear_filter":
            return self._filter_to_clear() is not None
        if action == "close_tasks":
            return self.tasks_member is not None
        if action in ("time_off", "new_task"):
            return self.heatmap.member is not None or self.tasks is not None or None
        return True

    def action_cycle_discipline(self) -> None:
        present = sorted({m.discipline for m in self.data.members}) if self.data else []
        cycle: list[Discipline | None] = [None, *present]
        self.discipline = cycle[(cycle.index(self.discipline) + 1) % len(cycle)] if self.discipline in cycle else None
        self._show_map()

    def action_time_off(self) -> None:
        if self._in_panel() and self.tasks is not None:
            member = self.tasks.member
            self.app.push_screen(TimeOffFormScreen(member.id, member.name, self.amtui.clock.today()))
        elif (m := self.heatmap.member) is not None:
            w, today = self.heatmap.week, self.amtui.clock.today()
            self.app.push_screen(TimeOffFormScreen(m.id, m.name, max(w.week, today) if w else today))

    def action_edit_time_off(self) -> None:
        self.panel.edit_time_off()

    def action_delete_time_off(self) -> None:
        self.panel.delete_time_off()

    def action_new_task(self) -> None:
        m = self.heatmap.member
        self.app.push_screen(TaskFormScreen(None, self.tasks_member or (m.id if m else None)))

    def action_edit_task(self) -> None:
        if (task := self.current_task) is not None:
            self.app.push_screen(TaskFormScreen(task))

    def action_reassign(self) -> None:
        if (task := self.current_task) is not None:
            self.app.push_screen(ReassignScreen(task))

    def focus_member(self, member_id: int, week: int | None = None) -> None:
        """Put the cursor on ``member_id`` (and week index ``week``), now or once loaded; a
        member hidden by the filters shows them all again."""
        if self.data is None or not self.heatmap.move_to(member_id, week):
            self._focus = (member_id, week)
            if self.data is not None:
                self.discipline = None
                self.map_filter.value = ""
                self.map_filter.add_class("-hidden")
                self._show_map()
