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
    Picker,
    TextInput,
    parse_amount,
    parse_int,
    parse_optional_day,
    without_controls,
)
from amtui.db import NO_SPACE, is_out_of_space
from amtui.screens.form_values import holds_value, put_value, value_of
from amtui.screens.stale_edit import StaleEditScreen, changed_by_user, field_changes
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

    Edit forms also implement :meth:`can_reload`, :meth:`read_record` (thread: the record as
    stored now), :meth:`use_record` (adopt its version) and :meth:`record_values` (field key →
    widget value) and fill themselves with :meth:`show_record`. A save refused as stale then
    re-reads the record in a worker and opens :class:`StaleEditScreen`: reload fills in what is
    stored and the new version and puts back every field the user changed; esc keeps the form
    as typed at the old version.
    """

    RECORD = "this record"
    """How the stale-edit dialog names what the form edits ("this client")."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save", priority=True),
        # Priority: focus moves when tab arrives, so keys typed right after it follow it
        # instead of landing in the field still busy with the keys before.
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
    ]
    saving: reactive[bool] = reactive(False)
    base_values: dict[str, Any]
    """:meth:`record_values` of the record the form was last filled from."""
    as_loaded: dict[str, Any]
    """What the fields held right after that filling (to tell what the user changed)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.base_values = {}
        self.as_loaded = {}

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

    # --- edit forms: filled from a record, reloaded after a stale save ---

    def can_reload(self) -> bool:
        """Whether this form edits a stored record (so a refused save can reload it)."""
        return False

    def read_record(self, db: Database) -> Any:  # pragma: no cover - abstract
        """The record as stored now (runs in a thread; raises NotFoundError when it is gone)."""
        raise NotImplementedError

    def use_record(self, data: Any) -> None:
        """Adopt ``data`` (its version, the options it brings) before its values are filled in."""

    def record_values(self, data: Any) -> dict[str, Any]:
        """Field key → widget value for ``data``."""
        return {}

    def show_record(self, data: Any) -> None:
        """Adopt ``data``, fill the fields from it and remember them as loaded."""
        self.use_record(data)
        self.fill(self.record_values(data))
        self.remember(data)

    def remember(self, data: Any) -> None:
        """Take the fields as they are now to be ``data`` as loaded (forms filled at compose)."""
        self.base_values = self.record_values(data)
        self.as_loaded = self.snapshot()

    def _stale(self) -> None:
        self.set_form_error("Not saved: someone saved this after you opened it. Checking what changed…")
        self.saving = True
        db = host(self).db
        self.run_worker(lambda: self.read_record(db), thread=True, group="form-reread", name="reread",
                        exit_on_error=False)

    def _reread(self, data: Any) -> None:
        fields = {f.key: f for f in self.query(Field)}
        changes = field_changes(fields, self.base_values, self.record_values(data), self.snapshot(),
                                self.as_loaded)
        self.app.push_screen(StaleEditScreen(changes, self.RECORD), lambda reload: self._answer(data, reload))

    def _answer(self, data: Any, reload: bool | None) -> None:
        if not reload:
            self.set_form_error("Not saved; your typing is kept. The form still holds the version you opened, "
                                "so saving again is refused until you reload (save, then r).")
            return
        mine = changed_by_user(self.snapshot(), self.as_loaded)
        self.show_record(data)
        self.fill(mine)
        self.set_form_error(None)
        kept = f"; your {len(mine)} changed field(s) kept" if mine else ""
        self.notify(f"Reloaded what was saved meanwhile{kept}. Check, then save again.", markup=False)

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
            else:
                self.set_form_error(f"Not saved, and could not read what changed: {worker.error}. "
                                    "Your typing is kept.")
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
