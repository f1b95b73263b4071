"""Shared pieces of amtui's modal forms.

* :func:`user_text` turns stored or typed user text into a :class:`Content` that is always
  shown literally (no markup, no control characters, optionally cut to a width).
* :class:`FormScreen` is the base of every form: ``ctrl+s``/Enter saves in a thread worker,
  ``escape`` cancels, service errors land at their field, nothing is written while invalid.
* :class:`ConfirmScreen` asks a yes/no question.
* The field widgets (:class:`Field`, :class:`Choice`, :class:`TextInput`) and the ``parse_*``
  helpers live in :mod:`amtui.screens.form_fields` and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.events import Key
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label
from textual.worker import Worker, WorkerState

from amtui.rules.text import clean_text, one_line
from amtui.screens.form_fields import (
    Choice,
    Field,
    Option,
    TextInput,
    parse_amount,
    parse_int,
    parse_optional_day,
    without_controls,
)
from amtui.db import NO_SPACE, is_out_of_space
from amtui.services.errors import NotFoundError, ServiceError, StaleEditError, ValidationError

if TYPE_CHECKING:
    from amtui.clock import Clock
    from amtui.db import Database
    from amtui.messages import DataChange

__all__ = [
    "SERVICE_FIELDS", "AmtuiHost", "Choice", "ConfirmScreen", "Field", "FormScreen", "Option", "TextInput",
    "currency_of", "host", "parse_amount", "parse_int", "parse_optional_day", "user_block", "user_text",
    "without_controls",
]

T = TypeVar("T")


class AmtuiHost(Protocol):
    """What screens need from the app (``AmtuiApp`` provides it)."""

    db: Database
    clock: Clock

    @property
    def workspace(self) -> Any: ...

    def publish(self, change: DataChange) -> None: ...


def host(widget: Widget) -> AmtuiHost:
    """The running app, typed as what amtui screens rely on."""
    return cast(AmtuiHost, widget.app)


def currency_of(widget: Widget) -> str:
    """The workspace currency code (``EUR`` when the app has none yet)."""
    workspace = getattr(widget.app, "workspace", None)
    return getattr(workspace, "currency", None) or "EUR"


def _literal(text: str, style: str) -> Content:
    return Content.styled(text, style) if style else Content(text)


def user_text(text: str | None, width: int | None = None, style: str = "") -> Content:
    """User text as literal :class:`Content`: controls stripped, one line, cut to ``width``."""
    return _literal(one_line(text or "", width) if width is not None else clean_text(text or ""), style)


def user_block(text: str | None, style: str = "") -> Content:
    """Multi-line user text (notes) as literal :class:`Content`."""
    return _literal(clean_text(text or "", multiline=True), style)


class ConfirmScreen(ModalScreen[bool]):
    """Yes/no: ``y``/Enter confirms, ``n``/Esc declines."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: Content, detail: str = "") -> None:
        super().__init__(classes="confirm")
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box confirm-box"):
            yield Label(self.question, classes="form-title")
            if self.detail:
                yield Label(Content(self.detail), classes="form-help")
            yield Label(Content("y / enter: yes    n / esc: no"), classes="form-keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


# --- the form base ---------------------------------------------------------------------------------

SERVICE_FIELDS: Mapping[str, str] = {
    "occurred_at": "when", "follow_up_on": "follow_up", "duration_minutes": "duration",
    "client_id": "client", "contact_id": "contact", "monthly_retainer": "retainer",
    "cadence_ideal_days": "cadence_ideal", "cadence_max_days": "cadence_max",
    "owner_id": "owner", "renewal_date": "renewal", "contract_start": "contract_start",
    "is_primary": "primary",
}


class FormScreen(ModalScreen[T]):
    """Base of the modal forms: errors at fields, saving in a thread worker.

    Subclasses compose :class:`Field` widgets, implement :meth:`collect` (local validation:
    return the value to save or ``None`` after calling :meth:`show_errors`) and :meth:`write`
    (runs in a thread), and :meth:`saved` (UI thread, after a successful write).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save", priority=True),
        # Priority: focus moves when tab arrives, so keys typed right after it follow it
        # instead of landing in the field still busy with the keys before.
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
    ]
    saving: reactive[bool] = reactive(False)

    def on_key(self, event: Key) -> None:
        """Type-ahead: keys that reached the screen before a field had focus (typed while the
        form was opening) go into the focused text field."""
        focused = self.focused
        if event.is_printable and event.character and isinstance(focused, Input):
            event.stop()
            focused.insert_text_at_cursor(event.character)

    def field(self, key: str) -> Field:
        return self.query_one(f"#field-{key}", Field)

    def field_keys(self) -> list[str]:
        return [f.key for f in self.query(Field)]

    def show_errors(self, errors: Mapping[str, str], *, focus: bool = True) -> None:
        """Put each message at its field (unknown fields go to the form message)."""
        keys = self.field_keys()
        stray: list[str] = []
        first: Field | None = None
        for name, message in errors.items():
            key = SERVICE_FIELDS.get(name, name)
            if key in keys:
                f = self.field(key)
                f.set_error(message)
                first = first or f
            else:
                stray.append(message)
        if stray:
            self.set_form_error("; ".join(stray))
        if focus and first is not None and first.widget.focusable:
            first.widget.focus()

    def clear_errors(self) -> None:
        for f in self.query(Field):
            f.set_error(None)
        self.set_form_error(None)

    def set_form_error(self, message: str | None) -> None:
        label = self.query_one("#form-error", Label)
        label.update(Content(clean_text(message or "")))
        label.display = bool(message)

    def check(self, key: str, parse: Callable[[], object]) -> object | None:
        """Run ``parse``; on ``ValueError`` put its message at field ``key`` and return None."""
        try:
            value = parse()
        except ValueError as e:
            self.field(key).set_error(str(e))
            return None
        self.field(key).set_error(None)
        return value

    # --- saving ---

    def collect(self) -> object | None:  # pragma: no cover - abstract
        raise NotImplementedError

    def write(self, payload: Any) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def saved(self, result: Any) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def failed(self, error: BaseException) -> None:
        """Show a service error in the form; typed values stay."""
        if isinstance(error, ValidationError):
            self.show_errors(error.errors)
        elif isinstance(error, StaleEditError):
            self.set_form_error(
                "Someone saved this record after you opened it, so your changes were NOT saved. "
                "Your typing is kept: copy what you need, press esc and open it again.")
        elif isinstance(error, NotFoundError):
            self.set_form_error(f"{error} — it may have been deleted meanwhile; nothing was saved.")
        elif isinstance(error, ServiceError):
            self.set_form_error(str(error))
        elif is_out_of_space(error):
            self.set_form_error(f"Not saved: {NO_SPACE}. Your typing is kept.")
        else:
            self.set_form_error(f"Could not save ({type(error).__name__}: {error}); nothing was saved.")
            self.notify(f"Save failed: {type(error).__name__}", severity="error", markup=False)

    def action_save(self) -> None:
        if self.saving:
            return
        self.set_form_error(None)
        payload = self.collect()
        if payload is None:
            return
        self.saving = True
        self.run_worker(lambda: self.write(payload), thread=True, group="form-save",
                        name="save", exit_on_error=False)

    def action_cancel(self) -> None:
        if not self.saving:
            self.dismiss(None)

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Worker.StateChanged)
    def _worker_done(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        if worker.group == "form-save":
            self.saving = False
            if event.state is WorkerState.SUCCESS:
                self.saved(worker.result)
            elif worker.error is not None:
                self.failed(worker.error)
        elif worker.group == "form-load":
            if event.state is WorkerState.SUCCESS:
                self.loaded(worker.result)
            else:
                self.set_form_error(f"Could not load: {worker.error}")
        else:
            self.worker_finished(worker)

    def worker_finished(self, worker: Worker[Any]) -> None:
        """A worker of another group finished (subclasses that run others override)."""

    def load(self, fn: Callable[[], Any]) -> None:
        """Run ``fn`` in a thread; its result goes to :meth:`loaded`."""
        self.run_worker(fn, thread=True, group="form-load", name="load", exit_on_error=False)

    def loaded(self, result: Any) -> None:
        """Called on the UI thread with what :meth:`load` read."""
