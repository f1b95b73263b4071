"""Shared pieces of amtui's modal forms.

* :func:`user_text` turns stored or typed user text into a :class:`Content` that is always
  shown literally (no markup, no control characters, optionally cut to a width).
* :class:`Field` is one labelled form field: the input widget, a live hint beside it and an
  error line under it (hidden while empty).
* :class:`Choice` is a one-line picker changed with single keys (``c`` call, ``e`` email …),
  left/right, ``-``/``+``.
* :class:`FormScreen` is the base of every form: ``ctrl+s``/Enter saves in a thread worker,
  ``escape`` cancels, service errors land at their field, nothing is written while invalid.
* :class:`ConfirmScreen` asks a yes/no question.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Key
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, TextArea
from textual.worker import Worker, WorkerState

from amtui.rules.relative import parse_money
from amtui.rules.text import clean_text, one_line
from amtui.rules.when import WhenError, parse_when
from amtui.services.errors import NotFoundError, ServiceError, StaleEditError, ValidationError

if TYPE_CHECKING:
    from amtui.clock import Clock
    from amtui.db import Database
    from amtui.messages import DataChange

T = TypeVar("T")
V = TypeVar("V")


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


def without_controls(text: str, *, multiline: bool = False) -> str:
    """``text`` minus control characters (as typed: spaces and length kept); line breaks and
    tabs become spaces unless ``multiline``."""
    keep = "\n\t" if multiline else ""
    return "".join(
        ch if ch in keep or unicodedata.category(ch) not in ("Cc", "Cs")
        else (" " if ch in "\t\n\r" else "")
        for ch in text
    )


def user_text(text: str | None, width: int | None = None, style: str = "") -> Content:
    """User text as literal :class:`Content`: controls stripped, one line, cut to ``width``."""
    s = one_line(text or "", width) if width is not None else clean_text(text or "")
    return Content.styled(s, style) if style else Content(s)


def user_block(text: str | None, style: str = "") -> Content:
    """Multi-line user text (notes) as literal :class:`Content`."""
    s = clean_text(text or "", multiline=True)
    return Content.styled(s, style) if style else Content(s)


# --- parsing helpers: each returns the value or raises ValueError with a user message ----------

def parse_int(text: str, *, label: str, minimum: int = 0, maximum: int = 10_000) -> int:
    """A whole number in ``minimum..maximum``."""
    t = clean_text(text)
    if not t:
        raise ValueError(f"enter {label}")
    if not t.lstrip("-").isdigit() or not t.isascii():
        raise ValueError(f"'{one_line(t, 20)}' is not a whole number")
    value = int(t)
    if value < minimum:
        raise ValueError(f"{label} must be at least {minimum}")
    if value > maximum:
        raise ValueError(f"{label} must be at most {maximum}")
    return value


def parse_optional_day(text: str, now: datetime) -> date | None:
    """A calendar day in the WHEN grammar, or ``None`` for an empty field."""
    t = clean_text(text)
    if not t:
        return None
    try:
        return parse_when(t, now).day
    except WhenError as e:
        raise ValueError(str(e)) from None


def parse_amount(text: str) -> int:
    """Money in cents; an empty field is 0."""
    t = clean_text(text)
    return parse_money(t) if t else 0


# --- widgets -------------------------------------------------------------------------------------

class TextInput(Input):
    """An :class:`Input` that drops control characters from pasted or inserted text, so that
    escape sequences never enter a field (nor reach the terminal through it)."""

    def insert_text_at_cursor(self, text: str) -> None:
        super().insert_text_at_cursor(without_controls(text))

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(without_controls(text), start, end)


class Field(Vertical):
    """A labelled field: ``label  [widget]  hint`` with an error line under it."""

    def __init__(self, label: str, widget: Widget, *, key: str, hint: bool = False) -> None:
        super().__init__(id=f"field-{key}", classes="field")
        self.key = key
        self._label = label
        self.widget = widget
        self._has_hint = hint

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field-row"):
            yield Label(Content(self._label), classes="field-label")
            yield self.widget
            if self._has_hint:
                yield Label("", classes="field-hint")
        yield Label("", classes="field-error")

    @property
    def error(self) -> str:
        return str(self.query_one(".field-error", Label).content)

    def set_error(self, message: str | None) -> None:
        """Show ``message`` under the field (``None`` or ``""`` clears it)."""
        text = clean_text(message or "")
        self.query_one(".field-error", Label).update(Content(text))
        self.set_class(bool(text), "-invalid")

    def set_hint(self, hint: Content | str, *, ok: bool = True) -> None:
        """The live preview beside the input (``ok=False`` shows it as a warning)."""
        label = self.query_one(".field-hint", Label)
        label.update(hint if isinstance(hint, Content) else Content(hint))
        label.set_class(not ok, "-bad")


@dataclass(frozen=True)
class Option(Generic[V]):
    label: str
    value: V
    key: str = ""  # single-key shortcut, shown underlined


class Choice(Widget, Generic[V], can_focus=True):
    """A one-line picker: single keys, ``left``/``right`` or ``-``/``+`` change it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "step(-1)", "Previous", show=False),
        Binding("right", "step(1)", "Next", show=False),
    ]
    index: reactive[int] = reactive(0)

    class Changed(Message):
        def __init__(self, choice: Choice[Any], value: Any) -> None:
            super().__init__()
            self.choice = choice
            self.value = value

        @property
        def control(self) -> Choice[Any]:
            return self.choice

    def __init__(self, options: Sequence[Option[V]], value: V, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.options = list(options)
        self.set_reactive(Choice.index, self._index_of(value))

    def _index_of(self, value: V) -> int:
        for i, option in enumerate(self.options):
            if option.value == value:
                return i
        return 0

    @property
    def value(self) -> V:
        return self.options[self.index].value

    @value.setter
    def value(self, value: V) -> None:
        self.index = self._index_of(value)

    def cycle(self) -> None:
        self.index = (self.index + 1) % len(self.options)

    def action_step(self, delta: int) -> None:
        self.index = max(0, min(len(self.options) - 1, self.index + delta))

    def watch_index(self) -> None:
        self.post_message(self.Changed(self, self.value))

    @on(TextArea.Changed)
    def _strip_text_area_controls(self, event: TextArea.Changed) -> None:
        text = event.text_area.text
        cleaned = without_controls(text, multiline=True)
        if cleaned != text:
            event.text_area.text = cleaned

    def on_key(self, event: Key) -> None:
        ch = (event.character or "").lower()
        if ch in ("-", "+", "="):
            self.action_step(-1 if ch == "-" else 1)
            event.stop()
            return
        for i, option in enumerate(self.options):
            if option.key and ch == option.key:
                self.index = i
                event.stop()
                return
        if event.is_printable:
            event.stop()  # letters never leak to screen or app bindings from a picker

    def render(self) -> Content:
        parts: list[Content | str] = []
        for i, option in enumerate(self.options):
            selected = i == self.index
            base = "reverse bold" if selected else ""
            label = option.label
            pos = label.lower().find(option.key) if option.key else -1
            if pos >= 0:
                parts.append(Content.assemble(
                    (f" {label[:pos]}", base),
                    (label[pos], f"{base} underline".strip()),
                    (f"{label[pos + 1:]} ", base),
                ))
            else:
                parts.append(Content.styled(f" {label} ", base) if base else Content(f" {label} "))
            parts.append(" ")
        return Content.assemble(*parts)


class ConfirmScreen(ModalScreen[bool]):
    """Yes/no: ``y``/Enter confirms, ``n``/Esc declines."""

    CSS_PATH = "../styles/forms.tcss"
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

    CSS_PATH = "../styles/forms.tcss"
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
