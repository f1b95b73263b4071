"""The pieces a form is made of: field widgets and the parsers of what is typed in them.

* :class:`TextInput` is an :class:`Input` that never takes in control characters.
* :class:`Field` is one labelled form field: the input widget, a live hint beside it and an
  error line under it (hidden while empty).
* :class:`Picker` is a :class:`Select` that knows the label of each of its values.
* :class:`Choice` is a one-line picker changed with single keys (``c`` call, ``e`` email …),
  left/right, ``-``/``+``; :class:`Option` is one of its choices.
* ``parse_*`` turn field text into a value or raise ``ValueError`` with a message for the field.

Import these from :mod:`amtui.screens.forms`, which re-exports them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar, Generic, TypeVar

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Key
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Label, Select

from amtui.rules.relative import parse_money
from amtui.rules.text import clean_text, one_line
from amtui.rules.when import WhenError, parse_when

V = TypeVar("V")
_WHOLE = re.compile(r"-?[0-9]{1,18}")  # ASCII digits; longer is beyond any field's range anyway


def without_controls(text: str, *, multiline: bool = False) -> str:
    """``text`` minus control characters (as typed: spaces and length kept); line breaks and
    tabs become spaces unless ``multiline``."""
    keep = "\n\t" if multiline else ""
    return "".join(
        ch if ch in keep or unicodedata.category(ch) not in ("Cc", "Cs")
        else (" " if ch in "\t\n\r" else "")
        for ch in text
    )


# --- parsing helpers: each returns the value or raises ValueError with a user message ----------

def parse_int(text: str, *, label: str, minimum: int = 0, maximum: int = 10_000) -> int:
    """A whole number in ``minimum..maximum``."""
    t = clean_text(text)
    if not t:
        raise ValueError(f"enter {label}")
    if _WHOLE.fullmatch(t) is None:
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
    def label(self) -> str:
        """The field's label as shown beside it ("Renewal")."""
        return self._label

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


class Picker(Select[V]):
    """A :class:`Select` that remembers the label of each value, so a value can be shown as the
    user sees it (the stale-edit dialog lists "theirs" and "yours" that way)."""

    def __init__(self, options: Iterable[tuple[RenderableType, V]], **kwargs: Any) -> None:
        options = list(options)
        self.labels: dict[Any, RenderableType] = {value: prompt for prompt, value in options}
        super().__init__(options, **kwargs)

    def set_options(self, options: Iterable[tuple[RenderableType, V]]) -> None:
        options = list(options)
        self.labels = {value: prompt for prompt, value in options}
        super().set_options(options)


@dataclass(frozen=True)
class Option(Generic[V]):
    """One choice of a :class:`Choice`: its label, its value and an optional key."""

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
