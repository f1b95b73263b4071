"""Reading, setting and showing the value of a form field's widget, whatever widget it is.

A form's fields hold text inputs, text areas, pickers (:class:`Select`), one-line choices and
checkboxes. These three functions let :class:`~amtui.screens.forms.FormScreen` take a snapshot
of what the form holds, fill it from a stored record, and show a value as the user sees it (the
stale-edit dialog) without knowing which widget each field uses. A blank picker reads ``None``.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, TextArea

from amtui.rules.text import clean_text, one_line
from amtui.screens.form_fields import Choice, Picker

VALUE_WIDGETS = (Input, TextArea, Select, Choice, Checkbox)
"""The widgets that hold a value (a field holding anything else, e.g. a label, is skipped)."""

SHOWN_WIDTH = 30


def holds_value(widget: Widget) -> bool:
    """Whether ``widget`` is one of the :data:`VALUE_WIDGETS`."""
    return isinstance(widget, VALUE_WIDGETS)


def value_of(widget: Widget) -> Any:
    """What ``widget`` holds now: text, the chosen value (``None`` when blank) or a bool."""
    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, Select):
        return None if widget.is_blank() else widget.value
    if isinstance(widget, Input | Choice | Checkbox):
        return widget.value
    raise TypeError(f"{type(widget).__name__} holds no form value")


def put_value(widget: Widget, value: Any) -> None:
    """Make ``widget`` hold ``value`` (``None``, or a value a :class:`Picker` does not offer,
    blanks a picker)."""
    if isinstance(widget, TextArea):
        widget.text = value or ""
    elif isinstance(widget, Select):
        if value is None or (isinstance(widget, Picker) and value not in widget.labels):
            if not widget.is_blank():
                widget.clear()
        else:
            widget.value = value
    elif isinstance(widget, Input):
        widget.value = value or ""
    elif isinstance(widget, Choice | Checkbox):
        widget.value = value
    else:
        raise TypeError(f"{type(widget).__name__} holds no form value")


def _literal(label: object) -> Content:
    if isinstance(label, Content):
        return label.truncate(SHOWN_WIDTH, ellipsis=True)
    return Content(one_line(str(label), SHOWN_WIDTH))


def shown(widget: Widget, value: Any) -> Content:
    """``value`` as ``widget`` would show it, on one line, literally (never markup)."""
    empty = Content.styled("(empty)", "dim")
    if isinstance(widget, Checkbox):
        return Content("yes" if value else "no")
    if isinstance(widget, Choice):
        label = next((o.label for o in widget.options if o.value == value), None)
        return Content(label) if label is not None else Content(one_line(str(value), SHOWN_WIDTH))
    if isinstance(widget, Select):
        if value is None:
            return Content.styled(str(widget.prompt) or "(none)", "dim")
        if isinstance(widget, Picker) and value in widget.labels:
            return _literal(widget.labels[value])
        text = value.value if isinstance(value, Enum) else value
        return Content(one_line(str(text).replace("_", " "), SHOWN_WIDTH))
    text = clean_text(str(value or ""), multiline=False)
    return Content(one_line(text, SHOWN_WIDTH)) if text else empty
