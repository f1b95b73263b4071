"""The client detail's sections, each built from plain data: header, health, the timeline's
cells, projects, open tasks and upcoming bookings.

Every piece of user text is literal: :func:`cell` makes a rich ``Text`` for the tables and
:func:`~amtui.screens.forms.user_text` a :class:`Content` for the blocks; nothing is markup.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import Any

from rich.text import Text
from textual.content import Content

from amtui.enums import Direction
from amtui.rules.relative import format_money, relative_day
from amtui.rules.text import clean_text, one_line
from amtui.rules.when import format_day
from amtui.screens.forms import user_text
from amtui.services.clients import BookingRow, ClientDetail, ContactRow, InteractionRow, ProjectRow, TaskRow
from amtui.widgets.pace_bar import pace_bar

ARROWS = {Direction.INBOUND: "←", Direction.OUTBOUND: "→", Direction.INTERNAL: "↻"}
MOOD = {-2: ("−−", "bold red"), -1: ("−", "red"), 0: ("·", "dim"), 1: ("+", "green"),  # noqa: RUF001
        2: ("++", "bold green")}
CADENCE_STYLE = {"ok": "green", "due": "yellow", "overdue": "bold red", "never": "bold red"}
BAND_STYLE = {"good": "bold green", "watch": "bold yellow", "at_risk": "bold red"}
SUMMARY_WIDTH = 40
PEOPLE_COLUMNS = (("", 1, "primary"), ("Name", 15, "Name"), ("Role", 10, "Role"),
                  ("Email / phone", 15, "Email / phone"))
"""(label, width, key) of the People table's columns, as :func:`person_cells` fills them."""
TIMELINE_COLUMNS = (("When", 16, "When"), ("Kind", 7, "Kind"), ("", 1, "dir"), ("±", 2, "±"),
                    ("Summary", SUMMARY_WIDTH, "Summary"), ("With", 14, "With"), ("Follow-up", 22, "Follow-up"))
"""(label, width, key) of the timeline's columns, as :func:`timeline_cells` fills them."""


def cell(text: str, style: str = "", width: int | None = None) -> Text:
    """A table cell that renders literally (a rich ``Text``, never markup)."""
    s = one_line(text, width) if width else clean_text(text)
    return Text(s, style=style, no_wrap=True, end="")


def day_text(d: date, today: date | None = None) -> str:
    """``Tue 24 Nov``: :func:`format_day` without the year, which stays when ``d`` falls in
    another year than ``today`` (no ``today``: always left out)."""
    full = format_day(d)
    return full if today is not None and d.year != today.year else full.rsplit(" ", 1)[0]


def local_stamp(at: datetime | None, tz: tzinfo, today: date) -> str:
    """``Tue 24 Nov 14:30`` in ``tz`` (the year shown when it is not this year's); ``no date`` for
    ``None`` (a stored text that is no instant)."""
    if at is None:
        return "no date"
    local = at.astimezone(tz)
    return f"{day_text(local.date(), today)} {local:%H:%M}"


def follow_up_cell(row: InteractionRow, today: date) -> Text:
    """Follow-up state: done (dim, struck), overdue (red), today (yellow), open."""
    d = row.follow_up_on
    if d is None:
        return cell("")
    label = day_text(d, today)
    if row.follow_up_done:
        return cell(f"✓ {label}", "dim strike")
    if d < today:
        return cell(f"! {label} · {(today - d).days}d late", "bold red")
    if d == today:
        return cell(f"● {label} · today", "bold yellow")
    return cell(f"→ {label} · {relative_day(d, today)}", "cyan")


def person_cells(c: ContactRow) -> list[Text]:
    """The People row of one contact: primary star, name, role, email (else phone)."""
    return [cell("★" if c.is_primary else "", "bold yellow"), cell(c.name, width=15), cell(c.role, "dim", 10),
            cell(c.email or c.phone, width=15)]


def placeholder_row(message: str, column: int, columns: int) -> list[Text]:
    """The row of an empty table: ``message`` (dim) in ``column``, blank cells elsewhere."""
    return [cell(message, "dim") if i == column else cell("") for i in range(columns)]


def timeline_cells(row: InteractionRow, tz: tzinfo, today: date) -> list[Text]:
    """The timeline row of one interaction: when, kind, direction, mood, summary, who, follow-up."""
    glyph, style = MOOD.get(row.sentiment, ("?", ""))
    return [
        cell(local_stamp(row.occurred_at, tz, today)),
        cell(row.kind.value),
        cell(ARROWS.get(row.direction, "?")),
        cell(glyph, style),
        cell(row.summary, width=SUMMARY_WIDTH),
        cell(row.contact, "dim", width=14),
        follow_up_cell(row, today),
    ]


def header(detail: ClientDetail, today: date, currency: str) -> Content:
    """Three lines: name, status and tier; owner, retainer and dates; cadence."""
    c = detail.client
    line1: list[Any] = [user_text(c.name, 60, "bold"), "  ", (f" {c.status.value.replace('_', ' ')} ", "reverse"),
             f"  {c.tier.value}"]
    if c.industry:
        line1 += ["  ·  ", user_text(c.industry, 30)]
    if c.archived:
        line1 += ["  ", (" ARCHIVED ", "bold reverse $text-warning")]
    owner = user_text(c.owner, 30) if c.owner else Content.styled("no owner", "dim")
    line2: list[Any] = ["Owner ", owner, f"  ·  Retainer {format_money(c.monthly_retainer, currency)}/mo"]
    if c.contract_start:
        line2.append(f"  ·  Since {format_day(c.contract_start)}")
    if c.renewal_date:
        line2.append(f"  ·  Renews {format_day(c.renewal_date)} ({relative_day(c.renewal_date, today)})")
    cad = detail.cadence
    since = "never contacted" if cad.days_since is None else f"{cad.days_since}d since last touch"
    line3 = Content.assemble((since, CADENCE_STYLE.get(cad.status.value, "")),
                             f" · cadence {cad.ideal_days}/{cad.max_days}",
                             (f" · {cad.status.value}", CADENCE_STYLE.get(cad.status.value, "")))
    return Content("\n").join([Content.assemble(*line1), Content.assemble(*line2), line3])


def health_block(detail: ClientDetail) -> Content:
    """The health score and band, then one line per part with its points and reason."""
    h = detail.health
    lines = [Content.assemble(("Health ", "bold"), (f"{h.score}", BAND_STYLE.get(h.band.value, "bold")),
                              (f" · {h.band.value.replace('_', ' ')}", BAND_STYLE.get(h.band.value, "")))]
    for part in h.parts:
        frac = part.points / part.max_points if part.max_points else 1
        style = "green" if frac >= 0.99 else "yellow" if frac >= 0.5 else "red"
        lines.append(Content.assemble(f" {part.group.replace('_', '-'):<11}",
                                      (f"{part.points:>4.0f}/{part.max_points:<3}", style), " ",
                                      user_text(part.reason, 46)))
    return Content("\n").join(lines)


def _listing(lines: list[Content], empty: str) -> Content:
    """``lines`` one under the other, or ``empty`` (dim) when there are none."""
    return Content("\n").join(lines) if lines else Content.styled(empty, "dim")


def projects_block(projects: list[ProjectRow], currency: str) -> Content:
    """Two lines per project: name, kind and status; the pace bar with used, time and money."""
    lines = []
    for p in projects:
        dim = "dim" if p.status.value in ("completed", "cancelled") else ""
        money = f" · {format_money(p.spent, currency)} of {format_money(p.budget, currency)}"
        lines.append(Content.assemble(user_text(p.name, 30, dim or "bold"),
                                      (f"  {p.kind.value} · {p.status.value}", "dim")))
        lines.append(Content.assemble(" ", pace_bar(p.pct_used, p.pct_elapsed),
                                      f" {p.pct_used:.0f}% used · {p.pct_elapsed:.0f}% time", (money, "dim")))
    return _listing(lines, "no projects")


def tasks_block(tasks: list[TaskRow], today: date) -> Content:
    """One line per open task: due day (red when overdue), title, assignee, status."""
    lines = []
    for t in tasks:
        due = day_text(t.due_on) if t.due_on else "no date"
        style = "bold red" if t.due_on and t.due_on < today else ""
        who = user_text(t.assignee, 14, "dim") if t.assignee else Content.styled("unassigned", "dim")
        lines.append(Content.assemble((f"{due:<11}", style), user_text(t.title, 24), " · ", who,
                                      (f" · {t.status.value}", "dim")))
    return _listing(lines, "no open tasks")


def bookings_block(bookings: list[BookingRow], tz: tzinfo, currency: str) -> Content:
    """One line per upcoming booking: start day, vendor, project, status, cost."""
    lines = []
    for b in bookings:
        start = day_text(b.starts_at.astimezone(tz).date())
        status = b.status.value.replace("_", " ")
        lines.append(Content.assemble(f"{start:<11}", user_text(b.vendor, 18), " · ", user_text(b.project, 14, "dim"),
                                      (f" · {status}", "yellow" if status.startswith("hold") else "green"),
                                      f" · {format_money(b.cost, currency)}"))
    return _listing(lines, "no upcoming bookings")
