"""A client's status report as Markdown (``amtui export report CLIENT`` and ``R`` on the detail).

Ready to paste into an email or a QBR deck: a header with health, owner, retainer, last contact
and renewal; the health score's reasons, worst first; the touches of the period with their
sentiment (and the average per person); open follow-ups; each active project's budget pace
and forecast; tasks due (and overdue); upcoming vendor bookings. The numbers are the ones the
client detail, Budgets and Today show: they come from the same services. Nothing here imports
Textual.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import defaultdict
from datetime import datetime
from pathlib import Path

from amtui.db import Database
from amtui.io.export import write_private
from amtui.io.report_markdown import ReportPeriod, md, parse_period, short_day, table
from amtui.rules.bookings import STATUS_LABELS
from amtui.rules.budget_text import pace_phrase, run_out_phrase
from amtui.rules.health import GROUP_LABELS
from amtui.rules.relative import format_money
from amtui.rules.when import format_day, relative_phrase
from amtui.services.budgets import BudgetRow, client_budgets
from amtui.services.clients import ClientDetail, client_detail, get_client
from amtui.services.interactions import open_follow_ups
from amtui.services.workspace import workspace_info

MOODS = {-2: "-2 very unhappy", -1: "-1 unhappy", 0: "0 neutral", 1: "+1 happy", 2: "+2 very happy"}
MAX_TOUCHES = 25
_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "å": "a", "ß": "ss", "ł": "l", "đ": "d", "þ": "th", "œ": "oe"})
MAX_ROWS = 30


def _header(d: ClientDetail, period: ReportPeriod, agency: str, currency: str) -> list[str]:
    c, today = d.client, period.today
    h = d.health
    last = d.last_contact
    contact = "never" if last is None else f"{format_day(last)} ({relative_phrase(last, today)})"
    lines = [f"# {md(c.name)} — status report", "",
             f"*{md(agency)} · {period.label} · prepared {format_day(today)}*", "",
             f"- **Health:** {h.score}/100 ({h.band.value.replace('_', ' ')})",
             f"- **Status:** {c.status.value.replace('_', ' ')} · {c.tier.value} tier"
             + (" · archived" if c.archived else ""),
             f"- **Owner:** {md(c.owner) or 'nobody yet'}",
             f"- **Retainer:** {format_money(c.monthly_retainer, currency)} a month",
             f"- **Last contact:** {contact} · cadence {d.cadence.ideal_days}/{d.cadence.max_days} days "
             f"({d.cadence.status.value})"]
    if c.renewal_date is not None:
        lines.append(f"- **Renewal:** {format_day(c.renewal_date)} ({relative_phrase(c.renewal_date, today)})")
    return lines


def _health(d: ClientDetail) -> list[str]:
    parts = sorted(d.health.parts, key=lambda p: -p.lost)
    rows = [(GROUP_LABELS.get(p.group, p.group), f"{p.points:.0f} / {p.max_points}", md(p.reason)) for p in parts]
    return ["## Health and its reasons", "", f"Score **{d.health.score}/100**; the areas losing most come first.",
            "", *table(("Area", "Points", "Why"), rows, right=(1,))]


def _touches(d: ClientDetail, period: ReportPeriod, now: datetime) -> list[str]:
    tz = now.tzinfo
    recent = [r for r in d.timeline if period.since <= r.occurred_at.astimezone(tz).date() <= period.today]
    out = [f"## Recent contacts — {period.label}", ""]
    if not recent:
        return [*out, "*No calls, emails, meetings or notes were logged in this period.*"]
    avg = sum(r.sentiment for r in recent) / len(recent)
    out += [f"{len(recent)} touch{'es' if len(recent) != 1 else ''} · average sentiment {avg:+.1f}", ""]
    rows = [(f"{short_day(local.date(), period.today)} {local:%H:%M}", f"{r.kind.value} ({r.direction.value})",
             md(r.contact, 40) or "—", MOODS.get(r.sentiment, str(r.sentiment)), md(r.summary, 200))
            for r in recent[:MAX_TOUCHES] for local in [r.occurred_at.astimezone(tz)]]
    out += table(("When", "Kind", "With", "Sentiment", "Summary"), rows)
    if len(recent) > MAX_TOUCHES:
        out += ["", f"*…and {len(recent) - MAX_TOUCHES} earlier touches in the period.*"]
    people: dict[str, list[int]] = defaultdict(list)
    for r in recent:
        if r.contact:
            people[r.contact].append(r.sentiment)
    if people:
        by_person = [(md(name, 40), str(len(s)), f"{sum(s) / len(s):+.1f}")
                     for name, s in sorted(people.items(), key=lambda kv: (-len(kv[1]), kv[0].casefold()))]
        out += ["", "**Sentiment by person**", "", *table(("Person", "Touches", "Average"), by_person, right=(1, 2))]
    return out


def _follow_ups(db: Database, d: ClientDetail, period: ReportPeriod, now: datetime) -> list[str]:
    rows = []
    for r in open_follow_ups(db, d.client.id)[:MAX_ROWS]:
        due = r.follow_up_on
        assert due is not None
        late = (period.today - due).days
        state = f"**overdue {late} day{'s' if late != 1 else ''}**" if late > 0 else relative_phrase(due, period.today)
        rows.append((short_day(due, period.today), state, short_day(r.occurred_at.astimezone(now.tzinfo).date(),
                                                                    period.today), md(r.summary, 160)))
    body = table(("Due", "", "From the touch on", "Summary"), rows) if rows else ["*No open follow-ups.*"]
    return ["## Open follow-ups", "", *body]


def _projects(rows: list[BudgetRow], currency: str, threshold: float) -> list[str]:
    out = ["## Projects — budget pace and forecast", ""]
    if not rows:
        return [*out, "*No active projects.*"]
    cells = []
    for r in rows:
        s = r.status
        variance = "—" if r.variance_pct is None else f"{r.variance_pct:+.0f}%"
        cells.append((md(r.project, 50) + (" (retainer, this month)" if r.kind.value == "retainer" else ""),
                      format_money(r.budget, currency), format_money(r.spent, currency),
                      format_money(r.committed, currency), pace_phrase(s, retainer=r.kind.value == "retainer"),
                      format_money(r.forecast, currency), f"**{variance}**" if r.flagged else variance,
                      run_out_phrase(s) or "lasts the period"))
    out += table(("Project", "Budget", "Spent", "Committed", "Pace", "Forecast", "Variance", "Runs out"), cells,
                 right=(1, 2, 3, 5, 6))
    return [*out, "", f"*Forecast: spend at completion at the current burn rate. Variance beyond "
                      f"{threshold:g}% is in bold.*"]


def _tasks(d: ClientDetail, period: ReportPeriod) -> list[str]:
    due = [t for t in d.open_tasks if t.due_on is not None and t.due_on <= period.until]
    rows = [(short_day(t.due_on, period.today) + (" **overdue**" if t.due_on < period.today else ""),
             md(t.title, 80), md(t.project, 40), md(t.assignee, 30) or "—", t.status.value)
            for t in due[:MAX_ROWS] if t.due_on is not None]
    later = len(d.open_tasks) - len(due)
    out = [f"## Tasks due — overdue and {period.ahead}", ""]
    out += table(("Due", "Task", "Project", "Assignee", "Status"), rows) if rows else ["*Nothing due.*"]
    if later:
        out += ["", f"*{later} more open task{'s' if later != 1 else ''} due later or undated.*"]
    return out


def _bookings(d: ClientDetail, period: ReportPeriod, now: datetime, currency: str) -> list[str]:
    tz = now.tzinfo
    soon = [b for b in d.upcoming_bookings if b.starts_at.astimezone(tz).date() <= period.until]
    rows = [(f"{short_day(b.starts_at.astimezone(tz).date(), period.today)} {b.starts_at.astimezone(tz):%H:%M}",
             md(b.vendor, 40), md(b.project, 40), STATUS_LABELS[b.status], format_money(b.cost, currency))
            for b in soon[:MAX_ROWS]]
    out = [f"## Upcoming bookings — {period.ahead}", ""]
    return out + (table(("Starts", "Vendor", "Project", "Status", "Cost"), rows, right=(4,)) if rows
                  else ["*No vendor bookings coming up.*"])


def client_report(db: Database, client_id: int, period: str, now: datetime) -> str:
    """The Markdown status report of one client over ``period`` (``7d``, ``30d``, ``qtd`` or any
    ``Nd``) as of ``now`` (aware; its zone is the report's). Raises ValueError for a bad period
    and NotFoundError for a missing client."""
    if now.tzinfo is None:
        raise ValueError("client_report needs an aware 'now'")
    span = parse_period(period, now.date())
    info = workspace_info(db)
    detail = client_detail(db, client_id, span.today, now.tzinfo, now=now)
    budgets = client_budgets(db, client_id, span.today, now.tzinfo)
    sections = [_header(detail, span, info.agency_name, info.currency), _health(detail),
                _touches(detail, span, now), _follow_ups(db, detail, span, now),
                _projects(budgets, info.currency, info.variance_threshold_pct), _tasks(detail, span),
                _bookings(detail, span, now, info.currency)]
    return "\n\n".join("\n".join(s) for s in sections) + "\n"


def report_filename(client: str, day: datetime | None = None) -> str:
    """``harbor-foods-status-2026-11-24.md`` (accents folded; ``client`` when nothing is left)."""
    folded = client.lower().translate(_LETTERS)
    ascii_name = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-") or "client"
    return f"{slug}-status-{(day or datetime.now()).date().isoformat()}.md"


def reports_dir() -> Path:
    """Where ``R`` saves reports: ``$AMTUI_REPORTS`` if set, else ``amtui reports`` in the user's
    documents folder."""
    import platformdirs

    chosen = os.environ.get("AMTUI_REPORTS")
    return Path(chosen).expanduser() if chosen else Path(platformdirs.user_documents_dir()) / "amtui reports"


def save_client_report(db: Database, client_id: int, period: str, now: datetime,
                       folder: Path | None = None) -> tuple[Path, str]:
    """Write the report to ``folder`` (default :func:`reports_dir`, created owner-only) as
    :func:`report_filename`, atomically and owner-only; return the path and the Markdown."""
    text = client_report(db, client_id, period, now)
    target = folder or reports_dir()
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = target / report_filename(get_client(db, client_id).name, now)
    write_private(path, lambda fh: fh.write(text))
    return path, text
