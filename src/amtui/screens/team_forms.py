"""Team dialogs: add or edit a task. Time off and the reassign picker have their own modules
(:mod:`~amtui.screens.time_off_form`, :mod:`~amtui.screens.team_reassign`), re-exported here.

The task form is a :class:`~amtui.screens.team_form_base.TeamForm`: errors at their field,
saving in a thread worker, a version-checked edit, a :class:`~amtui.messages.DataChange` on save.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Input, Select

from amtui.db import Database
from amtui.enums import TaskPriority, TaskStatus
from amtui.rules.text import clean_text, one_line
from amtui.screens.forms import Choice, Field, Option, Picker, TextInput, host, parse_optional_day, user_text
from amtui.screens.team_form_base import TeamForm, hours_text, parse_hours
from amtui.screens.team_reassign import ReassignScreen
from amtui.screens.time_off_form import TimeOffFormScreen
from amtui.services.team import TaskForm, TaskRow, save_task, task_choices, task_row

__all__ = ["ReassignScreen", "TaskFormScreen", "TimeOffFormScreen", "hours_text", "parse_hours"]

STATUS_OPTIONS = [Option("todo", TaskStatus.TODO, "t"), Option("doing", TaskStatus.DOING, "g"),
                  Option("blocked", TaskStatus.BLOCKED, "b"), Option("done", TaskStatus.DONE, "d")]
PRIORITY_OPTIONS = [Option(p.value, p, p.value[0]) for p in TaskPriority]


class TaskFormScreen(TeamForm):
    """Add a task (``task`` None; assigned to ``assignee_id``) or edit one; dismisses with its id."""

    RECORD = "this task"

    def __init__(self, task: TaskRow | None = None, assignee_id: int | None = None) -> None:
        super().__init__()
        self.item, self.assignee_id = task, task.assignee_id if task else assignee_id
        self.projects: dict[str, int] = {}

    def heading(self) -> str:
        return "New task" if self.item is None else "Edit task"

    def fields(self) -> ComposeResult:
        t = self.item
        yield Field("Title", TextInput(clean_text(t.title) if t else "", compact=True, id="title"), key="title")
        yield Field("Project", TextInput(f"{clean_text(t.client)} · {clean_text(t.project)}" if t else "",
                                         placeholder="type a client or project", compact=True, id="project_id"),
                    key="project_id", hint=True)
        yield Field("Assignee", Picker[int]([], prompt="— unassigned —", compact=True, id="assignee_id"),
                    key="assignee_id")
        yield Field("Estimate (h)", TextInput(hours_text(t.estimate_hours) if t else "", placeholder="e.g. 6",
                                              compact=True, id="estimate_hours"), key="estimate_hours")
        yield Field("Start", TextInput(t.start_on.isoformat() if t and t.start_on else "", placeholder="optional",
                                       compact=True, id="start_on"), key="start_on", hint=True)
        yield Field("Due", TextInput(t.due_on.isoformat() if t and t.due_on else "", placeholder="empty: undated",
                                     compact=True, id="due_on"), key="due_on", hint=True)
        yield Field("Status", Choice(STATUS_OPTIONS, t.status if t else TaskStatus.TODO, id="status"), key="status")
        yield Field("Priority", Choice(PRIORITY_OPTIONS, t.priority if t else TaskPriority.NORMAL, id="priority"),
                    key="priority")

    def on_mount(self) -> None:
        self.set_form_error(None)
        self.query_one("#title", Input).focus()
        db, pid = host(self).db, self.item.project_id if self.item else None
        self.load(lambda: task_choices(db, pid))
        for key in ("start_on", "due_on"):
            self.day_hint(key)

    def loaded(self, result: tuple[list[tuple[int, str]], list[tuple[int, str]]]) -> None:
        projects, members = result
        self.projects = {label: pid for pid, label in projects}
        self.query_one("#project_id", Input).suggester = SuggestFromList(self.projects, case_sensitive=False)
        select = self.query_one("#assignee_id", Select)
        select.set_options([(user_text(name, 40), mid) for mid, name in members])
        if self.assignee_id is not None and any(mid == self.assignee_id for mid, _ in members):
            select.value = self.assignee_id
        self._project_hint()
        if self.item is not None:
            self.remember(self.item)

    def can_reload(self) -> bool:
        return self.item is not None

    def read_record(self, db: Database) -> TaskRow:
        assert self.item is not None
        return task_row(db, self.item.id)

    def use_record(self, data: TaskRow) -> None:
        self.item, self.assignee_id = data, data.assignee_id

    def record_values(self, data: TaskRow) -> dict[str, Any]:
        return {"title": clean_text(data.title), "project_id": f"{clean_text(data.client)} · {clean_text(data.project)}",
                "assignee_id": data.assignee_id, "estimate_hours": hours_text(data.estimate_hours),
                "start_on": data.start_on.isoformat() if data.start_on else "",
                "due_on": data.due_on.isoformat() if data.due_on else "",
                "status": data.status, "priority": data.priority}

    def on_input_changed(self, event: Input.Changed) -> None:
        super().on_input_changed(event)
        if event.input.id == "project_id":
            self._project_hint()

    def _project_hint(self) -> None:
        try:
            pid = self._project()
        except ValueError as e:
            self.field("project_id").set_hint(str(e), ok=False)
        else:
            self.field("project_id").set_hint(next(k for k, v in self.projects.items() if v == pid))

    def _project(self) -> int:
        text = clean_text(self.value("project_id")).casefold()
        if not text:
            raise ValueError("type part of a client or project name")
        exact = [pid for label, pid in self.projects.items() if label.casefold() == text]
        found = exact or [pid for label, pid in self.projects.items() if text in label.casefold()]
        if len(found) != 1:
            raise ValueError(f"{len(found)} open projects match: type more" if found else "no open project matches")
        return found[0]

    def collect(self) -> TaskForm | None:
        now = host(self).clock.now()
        project = self.check("project_id", self._project) if self.projects or not self.item else self.item.project_id
        hours = self.check("estimate_hours", lambda: parse_hours(self.value("estimate_hours")))
        start = self.check("start_on", lambda: parse_optional_day(self.value("start_on"), now))
        due = self.check("due_on", lambda: parse_optional_day(self.value("due_on"), now))
        errors = {key: self.field(key).error for key in ("project_id", "estimate_hours", "start_on", "due_on")}
        if any(errors.values()) or project is None:
            return None
        assignee = self.query_one("#assignee_id", Select).value
        return TaskForm(project, self.value("title"), assignee if isinstance(assignee, int) else None,  # type: ignore[arg-type]
                        hours, start, due,  # type: ignore[arg-type]
                        self.query_one("#status", Choice).value, self.query_one("#priority", Choice).value)

    def write(self, payload: TaskForm) -> int:
        t = self.item
        return save_task(host(self).db, payload, t.id if t else None, t.version if t else None)

    def saved(self, result: int) -> None:
        title = one_line(self.value("title"), 40)
        self.done(result, f"Task “{title}” {'added' if self.item is None else 'saved'}.", "task")
