"""The roster's columns: how each :class:`~amtui.services.clients.RosterRow` field is shown.

Renderers return plain text and a style name (see :mod:`amtui.widgets.columns`); colours come
from the theme. Relative days and money use :mod:`amtui.rules.relative`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from amtui.rules.relative import NONE_MARK, format_money, relative_day
from amtui.services.clients import RosterRow
from amtui.widgets.columns import Cell, Column

BAND_CELLS = {"good": ("good", "success"), "watch": ("watch", "warning"), "at_risk": ("risk", "error")}
CADENCE_STYLES = {"ok": "success", "due": "warning", "overdue": "error", "never": "error"}
STATUS_STYLES = {"active": None, "prospect": "accent", "at_risk": "error", "paused": "muted", "churned": "muted"}
RENEWAL_SOON_DAYS = 60


def day_label(d: date) -> str:
    """``24 Nov 2026``."""
    return f"{d.day} {d:%b %Y}"


def roster_columns(today: Callable[[], date], currency: Callable[[], str]) -> list[Column[RosterRow]]:
    """The roster's columns; ``today`` and ``currency`` are read at paint time."""

    def name(r: RosterRow) -> Cell:
        return (f"{r.name} (archived)", "muted") if r.archived else (r.name, None)

    def status(r: RosterRow) -> Cell:
        return r.status.value.replace("_", " "), STATUS_STYLES.get(r.status.value)

    def health(r: RosterRow) -> Cell:
        word, style = BAND_CELLS.get(r.health_band, (r.health_band, None))
        return f"{r.health:>3} {word}", style

    def last_contact(r: RosterRow) -> Cell:
        text = "never" if r.last_contact is None else relative_day(r.last_contact, today())
        return text, CADENCE_STYLES.get(r.cadence)

    def follow_up(r: RosterRow) -> Cell:
        if r.next_follow_up is None:
            return NONE_MARK, "muted"
        days = (r.next_follow_up - today()).days
        style = "error" if days < 0 else "warning" if days == 0 else None
        return relative_day(r.next_follow_up, today()), style

    def renewal(r: RosterRow) -> Cell:
        if r.renewal_date is None:
            return NONE_MARK, "muted"
        days = (r.renewal_date - today()).days
        style = "error" if days < 0 else "warning" if days <= RENEWAL_SOON_DAYS else None
        return day_label(r.renewal_date), style

    def retainer(r: RosterRow) -> Cell:
        if not r.monthly_retainer:
            return NONE_MARK, "muted"
        return format_money(r.monthly_retainer, currency()), None

    def owner(r: RosterRow) -> Cell:
        return (r.owner, None) if r.owner else (NONE_MARK, "muted")

    return [
        Column("name", "Client", name, width=16, flex=3, sort_key=lambda r: r.name),
        Column("status", "Status", status, width=8, sort_key=lambda r: r.status.value),
        Column("health", "Health", health, width=9, sort_key=lambda r: r.health),
        Column("last_contact", "Contacted", last_contact, width=9, sort_key=lambda r: r.last_contact),
        Column("follow_up", "Follow-up", follow_up, width=9, sort_key=lambda r: r.next_follow_up),
        Column("renewal", "Renewal", renewal, width=11, sort_key=lambda r: r.renewal_date),
        Column("retainer", "Retainer", retainer, width=10, align="right", sort_key=lambda r: r.monthly_retainer),
        Column("owner", "Owner", owner, width=10, flex=2, sort_key=lambda r: r.owner or None),
    ]


def search_text(r: RosterRow) -> str:
    """What the filter looks in: name, owner and industry."""
    return f"{r.name}\n{r.owner}\n{r.industry}"
