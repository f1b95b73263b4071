"""The member view under the heat map: a member's open tasks (filterable) and their time off.

:class:`MemberPanel` shows what :class:`~amtui.screens.team.TeamScreen` hands it (a
:class:`~amtui.services.team.MemberTasks`), filters the task list as you type, and looks after
the time off list: Enter (and the screen's ``e``) opens the time off form on the highlighted
stretch, the screen's ``d`` deletes it after a question. Each write publishes a
:class:`~amtui.messages.DataChange`, so the heat map and this view reload at once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label
from textual.worker import Worker, WorkerState

from amtui.messages import DataChange
from amtui.rules.text import one_line
from amtui.rules.workload import day_span
from amtui.screens.forms import host, user_text
from amtui.screens.team_text import task_columns, time_off_columns
from amtui.screens.time_off_form import TimeOffFormScreen, confirm_delete
from amtui.services.errors import ServiceError, StaleEditError
from amtui.services.team import RECENT_TIME_OFF_DAYS, MemberTasks, TaskRow, TimeOffRow, delete_time_off
from amtui.widgets.virtual_table import VirtualTable


class MemberPanel(Vertical):
    """Title, task filter (hidden until ``/``), tasks, then the time off title and list."""

    def __init__(self, today: Callable[[], date], *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.today = today
        self.data: MemberTasks | None = None

    def compose(self) -> ComposeResult:
        yield Label(id="team-tasks-title")
        yield Input(placeholder="Filter tasks by title, client or project…", id="team-tasks-filter",
                    classes="-hidden")
        yield VirtualTable(task_columns(self.today), row_key=lambda t: t.id,
                           search_text=lambda t: f"{t.title}\n{t.client}\n{t.project}",
                           empty_message="No open tasks.", id="team-tasks")
        yield Label(id="team-off-title")
        yield VirtualTable(time_off_columns(self.today), row_key=lambda o: o.id, search_text=lambda o: o.reason,
                           empty_message="No time off booked.", id="team-off")

    @property
    def tasks_table(self) -> VirtualTable:
        return self.query_one("#team-tasks", VirtualTable)

    @property
    def off_table(self) -> VirtualTable:
        return self.query_one("#team-off", VirtualTable)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#team-tasks-filter", Input)

    @property
    def highlighted_task(self) -> TaskRow | None:
        """The highlighted task."""
        return self.tasks_table.highlighted_row  # type: ignore[no-any-return]

    @property
    def highlighted_time_off(self) -> TimeOffRow | None:
        """The highlighted time off."""
        return self.off_table.highlighted_row  # type: ignore[no-any-return]

    # ------------------------------------------------------------ showing
    def clear_for(self, member_id: int) -> None:
        """Waiting for ``member_id``'s tasks (another member's rows are cleared at once)."""
        self.query_one("#team-tasks-title", Label).update(Content("Loading tasks…"))
        if self.data is None or self.data.member.id != member_id:
            self.data = None
            self.tasks_table.empty_message = self.off_table.empty_message = "Loading…"
            self.tasks_table.set_rows([])
            self.off_table.set_rows([])
            self.query_one("#team-off-title", Label).update("")

    def show(self, data: MemberTasks) -> None:
        """Show ``data``; cursors stay on the same rows (another member: on their next time off)."""
        other = self.data is None or self.data.member.id != data.member.id
        self.data = data
        self.tasks_table.set_rows(data.tasks)
        today = self.today()
        coming = [o for o in data.time_off if o.last_day >= today]
        self.off_table.empty_message = f"No time off now, coming or in the last {RECENT_TIME_OFF_DAYS} days."
        self.off_table.set_rows(data.time_off, focus_key=coming[0].id if other and coming else None)
        self.query_one("#team-off-title", Label).update(Content.assemble(
            ("Time off", "bold"),
            f" · {len(coming)} now or coming, {len(data.time_off) - len(coming)} in the last "
            f"{RECENT_TIME_OFF_DAYS} days", ("  ·  tab to the list: e edit, d delete", "dim")))
        self.refilter()

    def refilter(self) -> None:
        """Apply the task filter as typed; the title says how many match."""
        table, data = self.tasks_table, self.data
        table.set_filter(self.filter_input.value)
        if data is None:
            return
        query = one_line(self.filter_input.value, 30).strip()
        hours = sum(t.estimate_hours for t in data.tasks)
        self.query_one("#team-tasks-title", Label).update(Content.assemble(
            user_text(data.member.name, 40, "bold"), f" · {len(data.tasks)} open tasks, {hours:g} h, by due date",
            (f" · {table.row_count} match “{query}”" if query else "", "bold")))
        table.empty_message = (f"No tasks match “{query}”. Press escape to clear the filter." if query and data.tasks
                               else "No open tasks.")

    def clear_filter(self) -> None:
        self.filter_input.value = ""
        self.filter_input.add_class("-hidden")
        self.refilter()

    @on(Input.Changed, "#team-tasks-filter")
    def _typed(self, _event: Input.Changed) -> None:
        self.refilter()

    @on(Input.Submitted, "#team-tasks-filter")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.tasks_table.focus()

    # ------------------------------------------------------------ time off
    @on(VirtualTable.RowSelected, "#team-off")
    def _selected(self, event: VirtualTable.RowSelected) -> None:
        event.stop()
        self.edit_time_off()

    def edit_time_off(self) -> None:
        """Open the time off form on the highlighted stretch."""
        data, item = self.data, self.highlighted_time_off
        if data is not None and item is not None:
            self.app.push_screen(TimeOffFormScreen(item.member_id, data.member.name, item=item))

    def delete_time_off(self) -> None:
        """Ask, then delete the highlighted stretch (version-checked) in a thread worker."""
        data, item = self.data, self.highlighted_time_off
        if data is None or item is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(item)

        self.app.push_screen(confirm_delete(data.member.name, item), answered)

    def _delete(self, item: TimeOffRow) -> None:
        db = host(self).db

        def run() -> TimeOffRow:
            delete_time_off(db, item.id, item.version)
            return item

        self.run_worker(run, thread=True, name="time-off-delete", exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker: Worker[Any] = event.worker
        if worker.name != "time-off-delete":
            return
        if event.state is WorkerState.SUCCESS and isinstance(item := worker.result, TimeOffRow):
            reason = f" ({one_line(item.reason, 40)})" if item.reason else ""
            self.notify(f"Time off deleted: {day_span(item.first_day, item.last_day)}{reason}.", markup=False)
            host(self).publish(DataChange(frozenset({"time_off"})))
        elif event.state is WorkerState.ERROR:
            error = worker.error
            self.notify("This time off changed since it was loaded; nothing was deleted. Look again and retry."
                        if isinstance(error, StaleEditError) else
                        str(error) if isinstance(error, ServiceError) else f"{type(error).__name__}: {error}",
                        title="Not deleted", severity="error", markup=False)
            host(self).publish(DataChange(frozenset({"time_off"})))  # reload: show what is stored now
