"""The Budgets screen's summary of the selected project: what the budget is made of, where the
money went, and the outlook (pace, forecast, burn, run-out).

User text (project and client names) is literal :class:`Content` via ``forms.user_text``.
"""

from __future__ import annotations

from textual.content import Content

from amtui.enums import ProjectKind
from amtui.rules.budget_text import day_month, pace_phrase, run_out_phrase
from amtui.rules.relative import format_money
from amtui.screens.forms import user_text
from amtui.services.budgets import ProjectBudget


def whole(cents: int, currency: str) -> str:
    """An estimate in whole currency units: ``€77,499``."""
    return format_money(round(cents / 100) * 100, currency)


def project_summary(d: ProjectBudget, currency: str) -> Content:
    """Three lines: project, client and period (flagged when over); the budget and where it
    went; the outlook."""
    r, s, cur = d.row, d.row.status, currency
    p = s.period
    span = f"{day_month(p.start)} – {day_month(p.end)} {p.end.year}"  # noqa: RUF001 - a date range
    if r.kind is ProjectKind.RETAINER:
        span = f"retainer, month {p.index + 1} of {p.count}: {span}"
    made_of = format_money(s.original, cur)
    for amount, label in ((s.changes, "changes"), (s.carry_in, "carried over")):
        if amount:
            made_of += f" {'+' if amount > 0 else '-'} {format_money(abs(amount), cur)} {label}"
    made_of = f" ({made_of})" if s.changes or s.carry_in else ""
    flag = (f"  ▲ forecast over by more than {d.threshold_pct:g}%", "bold $text-error") if r.flagged else ""
    return Content.assemble(
        user_text(r.project, 40, "bold"), (" · ", "dim"), user_text(r.client, 30), (f" · {span}", "dim"), flag,
        "\n",
        f"Budget {format_money(r.budget, cur)}{made_of} · spent {format_money(r.spent, cur)}"
        f" · committed {format_money(r.committed, cur)} · left ", (format_money(r.remaining, cur),
                                                                  "$text-error" if r.remaining < 0 else ""), "\n",
        *outlook(d, currency),
    )


def outlook(d: ProjectBudget, currency: str) -> list[str | tuple[str, str]]:
    """``71% used at 48% of the month · forecast €77,499 (+12.0%) · burn €1,200/day · runs out 3 Dec``."""
    r, s = d.row, d.row.status
    variance = "" if r.variance_pct is None else f" ({r.variance_pct:+.1f}%)"
    out: list[str | tuple[str, str]] = [
        f"{pace_phrase(s, retainer=r.kind is ProjectKind.RETAINER)} · forecast ",
        (whole(r.forecast, currency) + variance, "bold $text-error" if r.flagged else "bold"),
        f" · burn {whole(round(s.burn_rate), currency)}/day",
    ]
    if (run_out := run_out_phrase(s)) is not None:
        out.append((f" · {run_out}", "$text-error"))
    return out
