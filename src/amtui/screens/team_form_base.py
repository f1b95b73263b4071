"""What the Team forms share: the dialog frame, day hints, hours, and announcing a save.

The forms are :class:`~amtui.screens.forms.FormScreen` modals (errors at their field, saving in
a thread worker, nothing written while invalid). Each write publishes a
:class:`~amtui.messages.DataChange` so the heat map and every other screen reload.
"""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label

from amtui.messages import DataChange
from amtui.rules.text import clean_text, one_line
from amtui.rules.when import parse_when
from amtui.screens.forms import FormScreen, host, parse_optional_day

KEYS = "enter / ctrl+s: save    esc: cancel    tab: next field"
DAY_FIELDS = ("first_day", "last_day", "start_on", "due_on")
_HOURS = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")  # ASCII: no "1_000", "nan" or "1e3"


def hours_text(hours: float) -> str:
    """``6.0`` → ``"6"``, ``1.5`` → ``"1.5"``."""
    return f"{hours:g}"


def parse_hours(text: str) -> float:
    """Hours from ``"6"``, ``"1.5"``, ``"6h"``; 0-1000."""
    t = clean_text(text).lower().removesuffix("h").strip()
    if t and _HOURS.fullmatch(t) is None:
        raise ValueError(f"'{one_line(text, 20)}' is not a number of hours (e.g. 6 or 1.5)")
    value = float(t) if t else 0.0
    if not 0 <= value <= 1000:
        raise ValueError("enter hours from 0 to 1000")
    return abs(value)  # "-0" is 0


class TeamForm(FormScreen[int | None]):
    """A Team dialog: a title (:meth:`heading` + :meth:`subject`), the :meth:`fields`, the form
    error line and the keys. Day fields show the day they name beside them as you type."""

    HEADING = ""

    def __init__(self) -> None:
        super().__init__(classes="form team-form")

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
        """Spell out the day typed in field ``key`` ("Mon 30 Nov 2026"), or nothing."""
        try:
            day = parse_optional_day(self.value(key), host(self).clock.now())
        except ValueError:
            day = None
        self.field(key).set_hint(parse_when(day.isoformat(), host(self).clock.now()).describe() if day else "")

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id in DAY_FIELDS:
            self.day_hint(event.input.id)

    def done(self, result: int, message: str, table: str) -> None:
        """Toast ``message``, tell every screen ``table`` changed, close with ``result``."""
        self.notify(message, markup=False)
        host(self).publish(DataChange(frozenset({table})))
        self.dismiss(result)
