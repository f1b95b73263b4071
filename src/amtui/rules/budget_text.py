"""Budget wording shared by Today, the Budgets screen and its chart: pace phrases and compact money.

Pure text from a :class:`~amtui.rules.budget.BudgetStatus` or from cents; import
``describe_pace`` and ``short_money`` from :mod:`amtui.rules.budget`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from amtui.rules.relative import format_money
from amtui.rules.when import MONTH_ABBR

if TYPE_CHECKING:
    from amtui.rules.budget import BudgetStatus


def day_month(d: date) -> str:
    """``24 Nov``."""
    return f"{d.day} {MONTH_ABBR[d.month - 1]}"


def pace_phrase(s: BudgetStatus, *, retainer: bool) -> str:
    """``"71% used at 48% of the month"`` (``"of the time"`` for a project)."""
    span = "of the month" if retainer else "of the time"
    used = "no budget" if s.pct_used is None else f"{s.pct_used:.0f}% used"
    return f"{used} at {s.pct_elapsed:.0f}% {span}"


def run_out_phrase(s: BudgetStatus) -> str | None:
    """``"budget gone"``, ``"runs out 3 Dec"``, or None when the budget lasts the period."""
    if s.run_out is None:
        return None
    return "budget gone" if s.remaining <= 0 else f"runs out {day_month(s.run_out)}"


def describe_pace(s: BudgetStatus, *, retainer: bool) -> str:
    """One line for the Today queue: ``"71% used at 48% of the month · forecast +12%"``."""
    text = pace_phrase(s, retainer=retainer)
    if s.variance_pct is not None:
        text += f" · forecast {s.variance_pct:+.0f}%"
    if (run_out := run_out_phrase(s)) is not None:
        text += f" · {run_out}"
    return text


def signed_money(cents: int, currency: str = "EUR") -> str:
    """Money with its sign always shown: ``+€1,000``, ``-€500`` (0 has none)."""
    return ("+" if cents > 0 else "") + format_money(cents, currency)


def short_money(cents: int, symbol: str = "€") -> str:
    """Compact money for narrow columns: ``€950``, ``€12.5k``, ``€150k``, ``-€1.2M``."""
    sign, units = ("-" if cents < 0 else ""), abs(cents) / 100
    if units < 1000:
        return f"{sign}{symbol}{units:.0f}"
    for div, suffix in ((1_000_000_000, "B"), (1_000_000, "M"), (1000, "k")):
        if units >= div * 0.9995:
            value = units / div
            return f"{sign}{symbol}{value:.1f}{suffix}" if value < 99.95 else f"{sign}{symbol}{value:.0f}{suffix}"
    return f"{sign}{symbol}{units:.0f}"  # pragma: no cover - the loop always returns
