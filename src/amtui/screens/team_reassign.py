"""The reassign picker: who has room in the task's weeks, and the move on Enter.

Members come best first (same discipline, then most room), each with their load now and once the
task is theirs. Reading and moving run in thread workers; the move is version-checked, so a task
changed meanwhile is refused with nothing moved.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label
from textual.worker import Worker, WorkerState

from amtui.messages import DataChange
from amtui.rules.text import one_line
from amtui.rules.workload import Band, band_of, percent, utilisation
from amtui.screens.forms import host, user_text
from amtui.screens.team_form_base import hours_text
from amtui.services.errors import ServiceError, StaleEditError
from amtui.services.team import Candidate, ReassignChoice, TaskRow, reassign_candidates, reassign_task
from amtui.widgets.columns import Column
from amtui.widgets.heatmap import week_label
from amtui.widgets.virtual_table import VirtualTable

BAND_STYLES = {Band.OVER: "error", Band.NEAR: "warning", Band.OK: "success", Band.OFF: "muted"}


class ReassignScreen(ModalScreen[int | None]):
    """Members by room in the task's weeks (same discipline first); Enter moves the task."""

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
