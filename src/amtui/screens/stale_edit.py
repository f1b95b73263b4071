"""The stale-edit dialog: someone saved the record after this form opened it.

A save over a newer version is refused (nothing written). :class:`StaleEditScreen` then lists
each field the other save changed: what is stored now ("saved meanwhile") against what the form
holds ("yours"), marked when the user changed that field too. ``r``/Enter reloads (the form
takes the stored values and the new version, and every field the user changed keeps what they
typed); ``esc`` goes back to the form as typed, at the old version. There is no overwrite.
Every value is shown literally (user text is data).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label

from amtui.screens.form_fields import Field
from amtui.screens.form_values import shown

LABEL_WIDTH, VALUE_WIDTH = 16, 30
KEYS = "r / enter: reload (keeps your changes)    esc: back to the form (not saved)"


@dataclass(frozen=True)
class FieldChange:
    """One field someone else changed: its label, the stored value, the form's value, and
    whether the user changed it too (then their value is what the form keeps on reload)."""

    label: str
    theirs: Content
    yours: Content
    mine: bool


def change_line(change: FieldChange) -> Content:
    """``Renewal        2027-03-01        2027-02-01   ✎ you changed it too``."""
    mark = Content.styled("  ✎ you changed it too", "bold $text-warning") if change.mine else Content("")
    return Content.assemble(
        Content(change.label).truncate(LABEL_WIDTH, pad=True),
        change.theirs.truncate(VALUE_WIDTH, ellipsis=True, pad=True), " ",
        change.yours.truncate(VALUE_WIDTH, ellipsis=True), mark)


class StaleEditScreen(ModalScreen[bool]):
    """Dismisses with True to reload, False to go back to the form unsaved."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r,enter", "answer(True)", "Reload", id="stale.reload"),
        Binding("escape", "answer(False)", "Back to the form", id="stale.back"),
    ]

    def __init__(self, changes: list[FieldChange], what: str = "this record") -> None:
        super().__init__(classes="confirm stale-edit")
        self.changes = changes
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box stale-box"):
            yield Label(Content.styled(f"Someone saved {self.what} after you opened it", "bold"),
                        classes="form-title")
            yield Label(Content("Your changes were NOT saved. Nothing was overwritten."), classes="form-help")
            if self.changes:
                head = Content.assemble(Content("Field").truncate(LABEL_WIDTH, pad=True),
                                        Content("Saved meanwhile").truncate(VALUE_WIDTH, pad=True), " ", "Yours")
                yield Label(Content.styled(head.plain, "bold $text-secondary"), classes="stale-head")
                with VerticalScroll(id="stale-changes"):
                    for change in self.changes:
                        yield Label(change_line(change), classes="stale-change" + (" -mine" if change.mine else ""))
            else:
                yield Label(Content("No field on this form changed (something else about it did)."),
                            classes="form-help")
            yield Label(Content("Reload fills in what was saved; every field you changed keeps what you typed."),
                        classes="form-help")
            yield Label(Content(KEYS), classes="form-keys")

    def action_answer(self, reload: bool) -> None:
        self.dismiss(reload)


def changed_by_user(typed: Mapping[str, Any], as_loaded: Mapping[str, Any]) -> dict[str, Any]:
    """The fields whose value differs from what the form showed when it was filled."""
    return {key: value for key, value in typed.items() if key in as_loaded and value != as_loaded[key]}


def field_changes(fields: Mapping[str, Field], before: Mapping[str, Any], stored: Mapping[str, Any],
                  typed: Mapping[str, Any], as_loaded: Mapping[str, Any]) -> list[FieldChange]:
    """Each field whose stored value is no longer the one the form was filled with (``before``),
    in form order, with the user's current value and whether they changed it too."""
    mine = changed_by_user(typed, as_loaded)
    return [FieldChange(field.label, shown(field.widget, stored[key]), shown(field.widget, typed.get(key)),
                        key in mine)
            for key, field in fields.items()
            if key in stored and key in before and stored[key] != before[key]]
