"""Import from CSV (command palette): choose what the file holds, name the file, see the preview,
then import.

Enter runs a dry run in a thread worker and shows what would change — rows created, updated,
unchanged, the column mapping and the first errors with their row and column. ``ctrl+s``
imports, and only a file whose preview is shown and clean: the import re-checks everything in
one transaction, so a file changed meanwhile is refused with nothing written. A successful
import publishes a :class:`~amtui.messages.DataChange` so every screen reloads, and dismisses
with the :class:`~amtui.services.imports.ImportSummary`.

Styles come from ``forms.tcss``; ``DEFAULT_CSS`` only widens the path field and sizes the preview.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static
from textual.worker import Worker, WorkerState

from amtui.messages import DataChange
from amtui.rules.text import clean_text
from amtui.screens.forms import Choice, Field, Option, TextInput, host, user_text
from amtui.services.imports import TABLES, ImportSummary, import_csv

KINDS = (Option("Clients", "clients", "c"), Option("Contacts", "contacts", "o"),
         Option("Interactions", "interactions", "i"))
KEYS = "enter: preview    ctrl+s: import    esc: close    tab: next field"
SHOWN_ERRORS = 8


@dataclass(frozen=True)
class ImportRequest:
    """What to import: the kind, the file and the ``COLUMN=FIELD`` overrides."""

    kind: str
    path: Path
    overrides: tuple[str, ...]


def split_overrides(text: str) -> tuple[str, ...]:
    """``"Owner=, Domain=notes"`` → ``("Owner=", "Domain=notes")``."""
    return tuple(p.strip() for p in clean_text(text).split(",") if p.strip())


def preview_lines(summary: ImportSummary) -> Content:
    """The preview as literal Content: the headline, the mapping, ignored columns, first errors."""
    lines = [Content.styled(summary.headline(), "bold" if summary.ok else "bold $text-error")]
    if summary.mapping:
        lines.append(Content.assemble(("Columns  ", "dim"), user_text(summary.mapping, 300)))
    if summary.ignored:
        lines.append(Content.assemble(("Ignored  ", "dim"), user_text(", ".join(summary.ignored), 200)))
    for error in summary.errors[:SHOWN_ERRORS]:
        lines.append(Content.assemble(("• ", "$text-error"), user_text(str(error), 200)))
    if summary.error_count > SHOWN_ERRORS:
        lines.append(Content.styled(f"… and {summary.error_count - SHOWN_ERRORS} more (amtui import --dry-run "
                                    "lists them all)", "dim"))
    if summary.ok and not summary.dry_run:
        return Content("\n").join(lines)
    if summary.ok:
        hint = "ctrl+s imports" if summary.created or summary.updated else "nothing to change"
        lines.append(Content.styled(hint, "$text-success"))
    return Content("\n").join(lines)


class ImportScreen(ModalScreen[ImportSummary | None]):
    """Preview a CSV file, then import it (dismisses with the summary, None when closed)."""

    DEFAULT_CSS = """
    ImportScreen .field-row > Input { max-width: 80; }
    ImportScreen #import-preview { height: auto; max-height: 14; padding: 1 0 0 0; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="import.close"),
        Binding("ctrl+s", "import", "Import", priority=True, id="import.run"),
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
    ]

    def __init__(self, kind: str = "clients", path: str = "") -> None:
        super().__init__(classes="form import-form")
        self.kind, self.path = kind, path
        self.previewed: tuple[ImportRequest, ImportSummary] | None = None
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box wide"):
            yield Label(Content.styled("Import from CSV", "bold"), classes="form-title")
            yield Field("Holds", Choice(KINDS, self.kind, id="import-kind"), key="kind")
            yield Field("File", TextInput(self.path, placeholder="~/Downloads/hubspot-companies.csv", compact=True,
                                          id="import-path"), key="path")
            yield Field("Columns", TextInput("", placeholder="optional: Company Domain=notes, Owner=", compact=True,
                                             id="import-map"), key="map")
            yield Static(Content.styled("Enter shows what the file would change; nothing is written yet.", "dim"),
                         id="import-preview")
            yield Label("", id="form-error", classes="form-error")
            yield Label(Content(KEYS), classes="form-keys")

    def on_mount(self) -> None:
        self.set_error(None)
        self.query_one("#import-path", Input).focus()

    def set_error(self, message: str | None) -> None:
        label = self.query_one("#form-error", Label)
        label.update(Content(clean_text(message or "")))
        label.display = bool(message)

    def request(self) -> ImportRequest | None:
        """The form as a request, or None (with the message at the file) when no file is named."""
        raw = clean_text(self.query_one("#import-path", Input).value)
        field = self.query_one("#field-path", Field)
        if not raw:
            field.set_error("name the CSV file to import")
            return None
        field.set_error(None)
        kind = self.query_one("#import-kind", Choice).value
        return ImportRequest(kind, Path(raw).expanduser(), split_overrides(self.query_one("#import-map", Input).value))

    def _run(self, request: ImportRequest, *, dry_run: bool) -> None:
        app = host(self)
        db, now = app.db, app.clock.now()

        def work() -> tuple[ImportRequest, ImportSummary]:
            data = request.path.read_bytes()
            return request, import_csv(db, request.kind, data, now=now, overrides=request.overrides,  # type: ignore[arg-type]
                                       dry_run=dry_run)

        self.busy = True
        self.set_error(None)
        self.query_one("#import-preview", Static).update(Content.styled(
            "Checking the file…" if dry_run else "Importing…", "dim"))
        self.run_worker(work, thread=True, exclusive=True, group="import-preview" if dry_run else "import-run",
                        exit_on_error=False)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.preview()

    def preview(self) -> None:
        """Dry-run the file named in the form (enter)."""
        if not self.busy and (request := self.request()) is not None:
            self._run(request, dry_run=True)

    @on(Choice.Changed)
    @on(Input.Changed)
    def _forget_preview(self) -> None:
        self.previewed = None

    def action_import(self) -> None:
        request = self.request()
        if self.busy or request is None:
            return
        if self.previewed is None or self.previewed[0] != request:
            self.set_error("Press enter to preview this file first: nothing is imported unseen.")
            return
        summary = self.previewed[1]
        if not summary.ok:
            self.set_error("The file has errors: fix them (or map the columns) and preview again.")
            return
        self._run(request, dry_run=False)

    def action_close(self) -> None:
        if not self.busy:
            self.dismiss(None)

    @on(Worker.StateChanged)
    def _worker_done(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if event.state not in (WorkerState.SUCCESS, WorkerState.ERROR) or worker.group not in (
                "import-preview", "import-run"):
            return
        self.busy = False
        preview = self.query_one("#import-preview", Static)
        if event.state is WorkerState.ERROR:
            error = worker.error
            text = f"{error.strerror}: {error.filename}" if isinstance(error, OSError) else str(error)
            preview.update(Content.styled("Nothing was written.", "dim"))
            self.set_error(f"Could not {'read' if isinstance(error, OSError) else 'import'} the file — {text}")
            return
        request, summary = worker.result  # type: ignore[misc]
        preview.update(preview_lines(summary))
        if worker.group == "import-preview":
            self.previewed = (request, summary)
        elif summary.ok:
            self.notify(summary.headline(), title="Imported", markup=False)
            host(self).publish(DataChange(TABLES[summary.kind]))
            self.dismiss(summary)
        else:
            self.previewed = None
