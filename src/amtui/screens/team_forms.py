"""Team dialogs: add time off, add or edit a task, and the reassign picker.

The forms are :class:`~amtui.screens.forms.FormScreen` modals (errors at their field, saving in
a thread worker, nothing written while invalid). Each write publishes a
:class:`~amtui.messages.DataChange` so the heat map and every other screen reload.
"""

from __future__ import annotations

from datetime import date
from pathlib import PurePath
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Select
from textual.worker import Worker, WorkerState

from amtui.enums import TaskPriority, TaskStatus
from amtui.messages import DataChange
from amtui.rules.text import clean_text, one_line
from amtui.rules.when import parse_when
from amtui.rules.workload import Band, band_of, percent, utilisation
from amtui.screens.forms import Choice, Field, FormScreen, Option, TextInput, host, parse_optional_day, user_text
from amtui.services.errors import ServiceError, StaleEditError
from amtui.services.team import (
    Candidate,
    ReassignChoice,
    TaskForm,
    TaskRow,
    TimeOffForm,
    add_time_off,
    reassign_candidates,
    reassign_task,
    save_task,
    task_choices,
)
from amtui.widgets.columns import Column
from amtui.widgets.heatmap import week_label
from amtui.widgets.virtual_table import VirtualTable

KEYS = "enter / ctrl+s: save    esc: cancel    tab: next field"
STATUS_OPTIONS = [Option("todo", TaskStatus.TODO, "t"), Option("doing", TaskStatus.DOING, "g"),
                  Option("blocked", TaskStatus.BLOCKED, "b"), Option("done", TaskStatus.DONE, "d")]
PRIORITY_OPTIONS = [Option(p.value, p, p.value[0]) for p in TaskPriority]
BAND_STYLES = {Band.OVER: "error", Band.NEAR: "warning", Band.OK: "success", Band.OFF: "muted"}


def hours_text(hours: float) -> str:
    """``6.0`` → ``"6"``, ``1.5`` → ``"1.5"``."""
    return f"{hours:g}"


def parse_hours(text: str) -> float:
    """Hours from ``"6"``, ``"1.5"``, ``"6h"``; 0-1000."""
    t = clean_text(text).lower().removesuffix("h").strip()
    try:
        value = float(t) if t else 0.0
    except ValueError:
        raise ValueError(f"'{one_line(text, 20)}' is not a number of hours (e.g. 6 or 1.5)") from None
    if not 0 <= value <= 1000:
        raise ValueError("enter hours from 0 to 1000")
    return value


class _TeamForm(FormScreen[int | None]):
    HEADING = ""

    def heading(self) -> str:
        return self.HEADING

    def subject(self) -> Content:
        return Content("")

    def fields(self) -> ComposeResult:  # pragma: no cover - abstract
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Label(Content.assemble((self.heading(), "bold"), self.subject()), classes="form-title")
            yield from self.fields()
            yield Label("", id="form-error", classes="form-error")
            yield Label(Content(KEYS), classes="form-keys")

    def value(self, key: str) -> str:
        return self.query_one(f"#{key}", Input).value

    def day_hint(self, key: str) -> None:
        try:
            day = parse_optional_day(self.value(key), host(self).clock.now())
        except ValueError:
            day = None
        self.field(key).set_hint(parse_when(day.isoformat(), host(self).clock.now()).describe() if day else "")

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id in ("first_day", "last_day", "start_on", "due_on"):
            self.day_hint(event.input.id)

    def done(self, result: int, message: str, table: str) -> None:
        self.notify(message, markup=False)
        host(self).publish(DataChange(frozenset({table})))
        self.dismiss(result)


class TimeOffFormScreen(_TeamForm):
    """Book time off for a member; dismisses with its id (None when cancelled)."""

    HEADING = "Time off · "

    def __init__(self, member_id: int, member: str, first_day: date) -> None:
        super().__init__(classes="form team-form")
        self.member_id, self.member, self.first_day = member_id, member, first_day

    def subject(self) -> Content:
        return user_text(self.member, 50, "bold $accent")

    def fields(self) -> ComposeResult:
        yield Field("First day", TextInput(self.first_day.isoformat(), compact=True, id="first_day"), key="first_day",
                    hint=True)
        yield Field("Last day", TextInput(placeholder="same day", compact=True, id="last_day"), key="last_day",
                    hint=True)
        yield Field("Reason", TextInput(placeholder="e.g. annual leave (optional)", compact=True, id="reason"),
                    key="reason")

    def on_mount(self) -> None:
        self.set_form_error(None)
        self.day_hint("first_day")
        self.query_one("#first_day", Input).focus()

    def collect(self) -> TimeOffForm | None:
        now = host(self).clock.now()
        first = self.check("first_day", lambda: parse_optional_day(self.value("first_day"), now))
        last = self.check("last_day", lambda: parse_optional_day(self.value("last_day"), now))
        if first is None:
            self.field("first_day").set_error("enter the first day off")
            return None
        return TimeOffForm(self.member_id, first, last or first, clean_text(self.value("reason")))  # type: ignore[arg-type]

    def write(self, payload: TimeOffForm) -> int:
        return add_time_off(host(self).db, payload)

    def saved(self, result: int) -> None:
        self.done(result, f"Time off booked for {one_line(self.member, 40)}.", "time_off")


class TaskFormScreen(_TeamForm):
    """Add a task (``task`` None; assigned to ``assignee_id``) or edit one; dismisses with its id."""

    def __init__(self, task: TaskRow | None = None, assignee_id: int | None = None) -> None:
        super().__init__(classes="form team-form")
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
        yield Field("Assignee", Select[int]([], prompt="— unassigned —", compact=True, id="assignee_id"),
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


class ReassignScreen(ModalScreen[int | None]):
    """Members by room in the task's weeks (same discipline first); Enter moves the task."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["../styles/forms.tcss", "../styles/team.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "confirm", "Move here", priority=True),
    ]

    def __init__(self, task: TaskRow) -> None:
        super().__init__(classes="form team-form")
        self.item = task
        self.choice: ReassignChoice | None = None
        self.moving: Candidate | None = None  # set while the move is being written
        self.busy = False

    def compose(self) -> ComposeResult:
        def pct(c: Candidate, after: bool) -> tuple[str, str | None]:
            used = c.after if after else c.allocated
            return percent(utilisation(used, c.capacity)), BAND_STYLES[band_of(used, c.capacity)]

        with Vertical(classes="form-box wide"):
            yield Label(Content.assemble(("Reassign · ", "bold"), user_text(self.item.title, 60, "bold $accent"),
                                         f" ({hours_text(self.item.estimate_hours)} h)"), classes="form-title")
            yield Label(Content("Loading who has room…"), id="reassign-now", classes="form-help")
            yield VirtualTable([
                Column("name", "Member", lambda c: (c.name, None), width=12, flex=2),
                Column("discipline", "Discipline", lambda c: (c.discipline.value, "muted"), width=11),
                Column("room", "Room", lambda c: (f"{c.room:.1f} h", "error" if c.room < 0 else None), width=8,
                       align="right"),
                Column("now", "Now", lambda c: pct(c, False), width=6, align="right"),
                Column("after", "After", lambda c: pct(c, True), width=6, align="right"),
            ], row_key=lambda c: c.member_id, search_text=lambda c: c.name, empty_message="Loading…", id="candidates")
            yield Label("", id="form-error", classes="form-error")
            yield Label(Content("enter: move the task to the highlighted member    esc: cancel"), classes="form-keys")

    def on_mount(self) -> None:
        self.query_one("#form-error", Label).display = False
        db, today, tid = host(self).db, host(self).clock.today(), self.item.id
        self.run_worker(lambda: reassign_candidates(db, tid, today), thread=True, name="candidates",
                        exit_on_error=False)

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#candidates", VirtualTable)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if event.state is WorkerState.ERROR:
            self.busy = False
            error = worker.error
            stale = isinstance(error, StaleEditError)
            message = str(error) if isinstance(error, ServiceError) else f"{type(error).__name__}: {error}"
            label = self.query_one("#form-error", Label)
            label.update(Content("The task changed since it was loaded; nothing was moved. Press esc and try again."
                                 if stale else f"Nothing was moved: {message}"))
            label.display = True
        elif event.state is WorkerState.SUCCESS and isinstance(worker.result, ReassignChoice):
            self._show(worker.result)
        elif event.state is WorkerState.SUCCESS and worker.name == "reassign" and self.moving is not None:
            member = self.moving
            self.notify(f"Moved “{one_line(self.item.title, 40)}” to {one_line(member.name, 40)}.", markup=False)
            host(self).publish(DataChange(frozenset({"task"})))
            self.dismiss(member.member_id)

    def _show(self, choice: ReassignChoice) -> None:
        self.choice = choice
        weeks = ", ".join(week_label(w) for w in choice.weeks[:4]) + ("…" if len(choice.weeks) > 4 else "")
        c = choice.current
        now = Content(f"Room and load in the week{'s' if len(choice.weeks) > 1 else ''} of {weeks}.")
        if c is not None:
            now = Content.assemble(now, " ", user_text(c.name, 30, "bold"),
                                   f": {percent(utilisation(c.allocated, c.capacity))} now, "
                                   f"{percent(c.utilisation_after)} without this task.")
        self.query_one("#reassign-now", Label).update(now)
        self.table.set_rows(choice.candidates)
        self.table.empty_message = "Nobody else is active on the team."
        self.table.focus()

    def action_confirm(self) -> None:
        member = self.table.highlighted_row
        if member is None or self.busy or self.choice is None:
            return
        self.busy, self.moving = True, member
        db, task = host(self).db, self.choice.task
        self.run_worker(lambda: reassign_task(db, task.id, task.version, member.member_id), thread=True,
                        name="reassign", exit_on_error=False)

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)
