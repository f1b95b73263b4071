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

from amtui.db import NO_SPACE, failure_text, is_connection_lost, is_out_of_space
from amtui.rules.text import clean_text, one_line
from amtui.screens.form_fields import (
    Choice,
    Field,
    Option,
    Picker,
    TextInput,
    parse_amount,
    parse_int,
    parse_optional_day,
    without_controls,
)
from amtui.screens.form_reload import RecordReload
from amtui.screens.form_values import holds_value, put_value, value_of
from amtui.screens.stale_edit import changed_by_user
from amtui.services.errors import NotFoundError, ServiceError, StaleEditError, ValidationError

if TYPE_CHECKING:
    from amtui.clock import Clock
    from amtui.db import Database
    from amtui.messages import DataChange

__all__ = [
    "SERVICE_FIELDS", "AmtuiHost", "Choice", "ConfirmScreen", "Field", "FormScreen", "Option", "Picker",
    "TextInput",
    "currency_of", "host", "parse_amount", "parse_int", "parse_optional_day", "user_block", "user_text",
    "without_controls",
]

T = TypeVar("T")
LOST_WHILE_SAVING = ("Not saved: the connection to the database was lost. Your typing is kept: "
                     "press ctrl+s again once the banner at the top is gone.")
LOST_WHILE_LOADING = ("Could not load: the connection to the database was lost. This form fills itself in "
                      "once reconnected; what you type meanwhile is kept.")


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


class FormScreen(RecordReload, ModalScreen[T]):
    """Base of the modal forms: errors at fields, saving in a thread worker.

    Subclasses compose :class:`Field` widgets, implement :meth:`collect` (local validation:
    return the value to save or ``None`` after calling :meth:`show_errors`) and :meth:`write`
    (runs in a thread), and :meth:`saved` (UI thread, after a successful write).

    Edit forms also implement :meth:`can_reload`, :meth:`read_record` (thread: the record as
    stored now), :meth:`use_record` (adopt its version) and :meth:`record_values` (field key →
    widget value) and fill themselves with :meth:`show_record`. A save refused as stale then
    re-reads the record in a worker and opens :class:`StaleEditScreen`: reload fills in what is
    stored and the new version and puts back every field the user changed; esc keeps the form
    as typed at the old version.
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.base_values = {}
        self.as_loaded = {}
        self._load_fn: Callable[[], Any] | None = None
        self._load_lost = False
        self._as_opened: dict[str, Any] = {}
        self._typed_while_lost: dict[str, Any] = {}

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

    def snapshot(self) -> dict[str, Any]:
        """What every field holds now, by field key."""
        return {f.key: value_of(f.widget) for f in self.query(Field) if holds_value(f.widget)}

    def fill(self, values: Mapping[str, Any]) -> None:
        """Put each value into the field of its key."""
        for key, value in values.items():
            put_value(self.field(key).widget, value)

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
        elif isinstance(error, StaleEditError) and self.can_reload():
            self._stale()
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
        elif is_connection_lost(error):
            self.set_form_error(LOST_WHILE_SAVING)
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
        elif worker.group == "form-reread":
            self.saving = False
            if event.state is WorkerState.SUCCESS:
                self._reread(worker.result)
            elif isinstance(worker.error, NotFoundError):
                self.set_form_error(f"Not saved: {worker.error} (deleted or archived after you opened it). "
                                    "Your typing is kept: copy what you need, then press esc.")
            elif worker.error is not None and is_connection_lost(worker.error):
                self.set_form_error(LOST_WHILE_SAVING)
            else:
                self.set_form_error(f"Not saved, and could not read what changed: {worker.error}. "
                                    "Your typing is kept.")
        elif worker.group == "form-load":
            self._load_done(worker)
        else:
            self.worker_finished(worker)

    def worker_finished(self, worker: Worker[Any]) -> None:
        """A worker of another group finished (subclasses that run others override)."""

    def load(self, fn: Callable[[], Any]) -> None:
        """Run ``fn`` in a thread; its result goes to :meth:`loaded`. When it fails because the
        connection is lost, it runs again once the app is reconnected (the app publishes a
        data change then), and the fields typed meanwhile are put back after :meth:`loaded`."""
        if self._load_fn is None:
            self._as_opened = self.snapshot()
            signal = getattr(self.app, "data_changed", None)
            if signal is not None:
                signal.subscribe(self, self._retry_lost_load)
        self._load_fn = fn
        self.run_worker(fn, thread=True, group="form-load", name="load", exit_on_error=False)

    def _retry_lost_load(self, _change: DataChange) -> None:
        if self._load_lost and self._load_fn is not None:
            self._load_lost = False
            self._typed_while_lost = changed_by_user(self.snapshot(), self._as_opened)
            self.load(self._load_fn)

    def _load_done(self, worker: Worker[Any]) -> None:
        if worker.state is WorkerState.SUCCESS:
            self.loaded(worker.result)
            if self._typed_while_lost:
                self.fill(self._typed_while_lost)
                self._typed_while_lost = {}
                self.set_form_error(None)
        elif worker.state is WorkerState.ERROR and worker.error is not None:
            self._load_lost = is_connection_lost(worker.error)
            self.set_form_error(LOST_WHILE_LOADING if self._load_lost else f"Could not load: {failure_text(worker.error)}")

    def loaded(self, result: Any) -> None:
        """Called on the UI thread with what :meth:`load` read."""
