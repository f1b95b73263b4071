"""Time off: book it or change it (one form), and the question before deleting it.

Saving is version-checked: time off changed by someone else since the list was loaded is refused
(nothing written) with the stale-edit dialog, which reloads it keeping what was typed. Overlapping time off of the same member is
refused with a message naming the overlap, at the day that falls inside it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input

from amtui.db import Database
from amtui.rules.text import clean_text, one_line
from amtui.rules.workload import day_span
from amtui.screens.forms import ConfirmScreen, Field, TextInput, host, parse_optional_day, user_text
from amtui.screens.team_form_base import TeamForm
from amtui.services.team import TimeOffForm, TimeOffRow, add_time_off, time_off_row, update_time_off


class TimeOffFormScreen(TeamForm):
    """Book time off for a member (``item`` None, starting on ``first_day``) or edit ``item``;
    dismisses with the time off's id (None when cancelled)."""

    RECORD = "this time off"

    def __init__(self, member_id: int, member: str, first_day: date | None = None,
                 item: TimeOffRow | None = None) -> None:
        super().__init__()
        self.member_id, self.member, self.item = member_id, member, item
        self.first_day = item.first_day if item else first_day or host(self).clock.today()

    def heading(self) -> str:
        return "Time off · " if self.item is None else "Edit time off · "

    def subject(self) -> Content:
        return user_text(self.member, 50, "bold $accent")

    def fields(self) -> ComposeResult:
        item = self.item
        last = item.last_day.isoformat() if item and item.last_day != item.first_day else ""
        yield Field("First day", TextInput(self.first_day.isoformat(), compact=True, id="first_day"), key="first_day",
                    hint=True)
        yield Field("Last day", TextInput(last, placeholder="same day", compact=True, id="last_day"), key="last_day",
                    hint=True)
        yield Field("Reason", TextInput(clean_text(item.reason) if item else "",
                                        placeholder="e.g. annual leave (optional)", compact=True, id="reason"),
                    key="reason")

    def on_mount(self) -> None:
        self.set_form_error(None)
        self.day_hint("first_day")
        self.day_hint("last_day")
        self.query_one("#first_day", Input).focus()
        if self.item is not None:
            self.remember(self.item)

    def can_reload(self) -> bool:
        return self.item is not None

    def read_record(self, db: Database) -> TimeOffRow:
        assert self.item is not None
        return time_off_row(db, self.item.id)

    def use_record(self, data: TimeOffRow) -> None:
        self.item = data

    def record_values(self, data: TimeOffRow) -> dict[str, Any]:
        return {"first_day": data.first_day.isoformat(),
                "last_day": data.last_day.isoformat() if data.last_day != data.first_day else "",
                "reason": clean_text(data.reason)}

    def collect(self) -> TimeOffForm | None:
        now = host(self).clock.now()
        first = self.check("first_day", lambda: parse_optional_day(self.value("first_day"), now))
        last = self.check("last_day", lambda: parse_optional_day(self.value("last_day"), now))
        if first is None:
            if not self.field("first_day").error:
                self.field("first_day").set_error("enter the first day off")
            return None
        if self.field("last_day").error:
            return None
        return TimeOffForm(self.member_id, first, last or first, clean_text(self.value("reason")))  # type: ignore[arg-type]

    def write(self, payload: TimeOffForm) -> int:
        if self.item is None:
            return add_time_off(host(self).db, payload)
        update_time_off(host(self).db, self.item.id, self.item.version, payload)
        return self.item.id

    def saved(self, result: int) -> None:
        done = "booked" if self.item is None else "saved"
        self.done(result, f"Time off {done} for {one_line(self.member, 40)}.", "time_off")


def confirm_delete(member: str, item: TimeOffRow) -> ConfirmScreen:
    """“Delete Priya Raman's time off, 30 Nov to 4 Dec 2026?” with the reason under it."""
    question = Content.assemble("Delete ", user_text(member, 40, "bold"), "'s time off, ",
                                (day_span(item.first_day, item.last_day), "bold"), "?")
    return ConfirmScreen(question, one_line(item.reason, 80) if item.reason else "")
