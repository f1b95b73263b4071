"""Markdown building blocks for reports: escaped user text, tables, the period a report covers.

User text is data: control characters are removed (:func:`~amtui.rules.text.clean_text`) and the
characters Markdown would act on are backslash-escaped, so a client named ``*[Acme](x)*`` or
``<script>`` shows literally wherever the report is pasted. Pure: no database, no Textual.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from amtui.rules.text import clean_text, one_line
from amtui.rules.when import MONTH_ABBR

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
PERIODS = ("7d", "30d", "qtd")


def md(text: str | None, width: int | None = None) -> str:
    """User text on one line, safe inside Markdown (and inside a table cell)."""
    s = one_line(text or "", width) if width else clean_text(text or "")
    return _SPECIAL.sub(r"\\\1", s)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> list[str]:
    """A GitHub-flavoured Markdown table (cells already escaped); columns in ``right`` align right."""
    rule = ["---:" if i in right else "---" for i in range(len(headers))]
    return ["| " + " | ".join(r) + " |" for r in (list(headers), rule, *[list(r) for r in rows])]


def short_day(d: date, today: date | None = None) -> str:
    """``24 Nov`` (``24 Nov 2027`` outside ``today``'s year)."""
    text = f"{d.day} {MONTH_ABBR[d.month - 1]}"
    return text if today is not None and d.year == today.year else f"{text} {d.year}"


@dataclass(frozen=True)
class ReportPeriod:
    """What a report looks back on (``since`` … ``today``) and ahead to (… ``until``)."""

    name: str
    since: date
    today: date
    until: date

    @property
    def label(self) -> str:
        """``last 7 days (18 Nov–24 Nov 2026)`` / ``quarter to date (1 Oct–24 Nov 2026)``."""  # noqa: RUF002
        what = "quarter to date" if self.name == "qtd" else f"last {(self.today - self.since).days + 1} days"
        return f"{what} ({short_day(self.since, self.today)}–{short_day(self.today)})"  # noqa: RUF001

    @property
    def ahead(self) -> str:
        """``the next 7 days (to 1 Dec)``."""
        return f"the next {(self.until - self.today).days} days (to {short_day(self.until, self.today)})"


def parse_period(text: str, today: date) -> ReportPeriod:
    """``7d`` (or any ``Nd`` up to 366), ``30d`` or ``qtd``. Days look back N days including today
    and ahead N days; ``qtd`` looks back to the quarter's first day and ahead to its last (at
    least 7 days). Raises ValueError with a message for the user."""
    t = clean_text(text).lower()
    if t == "qtd":
        first = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        next_quarter = date(first.year + (first.month == 10), (first.month + 2) % 12 + 1, 1)
        until = max(next_quarter - timedelta(days=1), today + timedelta(days=7))
        return ReportPeriod("qtd", first, today, until)
    m = re.fullmatch(r"(\d{1,3})d", t)
    if m is None or not 1 <= int(m[1]) <= 366:
        raise ValueError(f"'{one_line(text, 20)}' is not a period: use 7d, 30d or qtd")
    days = int(m[1])
    return ReportPeriod(t, today - timedelta(days=days - 1), today, today + timedelta(days=days))
