"""Honest empty states for the screens not built yet: what they will show, and no fake data."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Center, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class PlaceholderScreen(Screen[None]):
    """A top-level screen that says what it will be for and that it isn't built yet."""

    HEADING: ClassVar[str] = ""
    PURPOSE: ClassVar[str] = ""
    WILL_SHOW: ClassVar[tuple[str, ...]] = ()

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(classes="placeholder"), Center():
            yield Static(Content(self.HEADING), classes="placeholder--heading")
            yield Static(Content(self.PURPOSE), classes="placeholder--purpose")
            yield Static(
                Content("\n".join(f"• {line}" for line in self.WILL_SHOW)), classes="placeholder--list"
            )
            yield Static(
                Content("This screen isn't built yet, so it shows nothing rather than made-up rows. "
                        "Press 2 for Clients, ctrl+p for every command, ? for every key."),
                classes="placeholder--note",
            )
        yield Footer()


class TodayPlaceholder(PlaceholderScreen):
    HEADING = "Today"
    PURPOSE = "One ranked queue of what needs you today, each row saying why it ranks where it does:"
    WILL_SHOW = (
        "overdue follow-ups",
        "clients gone quiet past their contact cadence",
        "at-risk accounts and renewals coming up",
        "tasks due or overdue",
        "people over capacity this week",
        "vendor holds expiring and bookings soon",
        "budgets off pace",
    )


class TeamPlaceholder(PlaceholderScreen):
    HEADING = "Team"
    PURPOSE = "How loaded everyone is in the coming weeks:"
    WILL_SHOW = (
        "utilisation per person per week as a heat map",
        "capacity net of time off; who is over",
        "whose tasks are due",
        "reassigning a task to someone with room",
    )


class VendorsPlaceholder(PlaceholderScreen):
    HEADING = "Vendors"
    PURPOSE = "Outside vendors and their bookings:"
    WILL_SHOW = (
        "bookings by vendor, client and project, with dates and cost",
        "hold status: 1st hold, 2nd hold, confirmed, completed, cancelled",
        "clashes and holds about to expire",
        "the vendor directory, and bookings exported as iCalendar",
    )


class BudgetsPlaceholder(PlaceholderScreen):
    HEADING = "Budgets"
    PURPOSE = "Every project against its budget:"
    WILL_SHOW = (
        "budget (with approved change orders), spent, committed and remaining",
        "% used against % of time elapsed, with a variance flag beyond the threshold",
        "projected run-out date and forecast at completion",
        "a burndown chart for the selected project",
    )
