"""The client status report on the demo agency: every section, its numbers, Markdown safety."""

from __future__ import annotations

import re
import stat
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from amtui.db import Database
from amtui.demo import seed_demo
from amtui.io.report import client_report, report_filename, save_client_report
from amtui.io.report_markdown import md, parse_period
from amtui.models import Client
from amtui.services.budgets import client_budgets
from amtui.services.clients import find_client, health_for
from amtui.services.errors import NotFoundError

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=BERLIN)
SECTIONS = ["## Health and its reasons", "## Recent contacts — last 7 days (18 Nov–24 Nov 2026)",  # noqa: RUF001
            "## Open follow-ups", "## Projects — budget pace and forecast",
            "## Tasks due — overdue and the next 7 days (to 1 Dec)",
            "## Upcoming bookings — the next 7 days (to 1 Dec)"]


@pytest.fixture
def demo(db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    monkeypatch.setenv("AMTUI_TZ", "Europe/Berlin")
    seed_demo(db, today=date(2026, 11, 24))
    return db


def section(text: str, title: str) -> str:
    start = text.index(title)
    end = text.find("\n## ", start + 1)
    return text[start: end if end > 0 else len(text)]


def test_nordlicht_weekly_report(demo: Database) -> None:
    client = find_client(demo, "Nordlicht")
    text = client_report(demo, client.id, "7d", NOW)
    assert text.startswith("# Nordlicht Energie — status report\n\n*Northwind Creative (demo) · last 7 days")
    assert [line for line in text.splitlines() if line.startswith("## ")] == SECTIONS
    health = health_for(demo, client.id, NOW.date(), BERLIN)
    assert f"- **Health:** {health.score}/100 ({health.band.value})" in text
    assert "- **Owner:** Maya Lindqvist" in text and "- **Retainer:** €14,000 a month" in text
    reasons = section(text, "## Health and its reasons")
    assert all(p.reason.split(":")[0] in reasons for p in health.parts)
    assert "| Follow-ups | 9 / 15 | 1 follow-up overdue |" in reasons
    touches = section(text, "## Recent contacts")
    assert "3 touches · average sentiment +0.3" in touches
    assert "| 18 Nov 10:00 | meeting (outbound) | Katrin Vogel | 0 neutral | Quarterly media review" in touches
    assert "| Katrin Vogel | 2 | +0.5 |" in touches
    follow_ups = section(text, "## Open follow-ups")
    assert "| 22 Nov | **overdue 2 days** | 18 Nov |" in follow_ups and "| 26 Nov | in 2 days |" in follow_ups
    projects = section(text, "## Projects")
    for row in client_budgets(demo, client.id, NOW.date(), BERLIN):
        assert f"| {row.project}" in projects
    assert "| **+11%** | runs out 4 Jan |" in projects  # the flagged film project, in bold
    tasks = section(text, "## Tasks due")
    assert "| 22 Nov **overdue** | Revised media figures for Katrin | Brand media burst | Elif Demir | doing |" in tasks
    assert "4 more open tasks due later or undated" in tasks
    assert "No vendor bookings coming up" in section(text, "## Upcoming bookings")


def test_lumen_monthly_report_shows_bookings(demo: Database) -> None:
    text = client_report(demo, find_client(demo, "Lumen").id, "30d", NOW)
    bookings = section(text, "## Upcoming bookings — the next 30 days (to 24 Dec)")
    assert "| 3 Dec 09:00 | Ida Krogh Photography | " in bookings and "| 1st hold | €3,600 |" in bookings


def test_a_quiet_client(demo: Database) -> None:
    text = client_report(demo, find_client(demo, "Harbor").id, "7d", NOW)
    assert "*No calls, emails, meetings or notes were logged in this period.*" in text
    assert "Last contact:** Sun 1 Nov 2026 (23 days ago)" in text
    assert "renews in 41 days" in text


def test_quarter_to_date(demo: Database) -> None:
    text = client_report(demo, find_client(demo, "Nordlicht").id, "qtd", NOW)
    assert "## Recent contacts — quarter to date (1 Oct–24 Nov 2026)" in text  # noqa: RUF001
    assert "## Tasks due — overdue and the next 37 days (to 31 Dec)" in text


def test_user_text_cannot_break_the_markdown(db: Database) -> None:
    with db.write() as s:
        client = Client(name="*[Acme](http://evil)* | <script>\x1b[31m", owner_id=None)
        s.add(client)
        s.flush()
        cid = client.id
    text = client_report(db, cid, "7d", datetime(2026, 11, 24, 9, tzinfo=UTC))
    assert text.startswith("# \\*\\[Acme\\](http://evil)\\* \\| \\<script\\>\\[31m — status report")
    assert "\x1b" not in text
    assert "*No active projects.*" in text and "*Nothing due.*" in text


def test_markdown_helpers_and_periods() -> None:
    assert md("a|b_c*d`e") == "a\\|b\\_c\\*d\\`e"
    assert md("line\nbreak") == "line break"
    p = parse_period("30d", date(2026, 11, 24))
    assert (p.since, p.until) == (date(2026, 10, 26), date(2026, 12, 24))
    q = parse_period("QTD", date(2026, 12, 30))
    assert (q.since, q.until) == (date(2026, 10, 1), date(2027, 1, 6))
    for bad in ("week", "0d", "400d", ""):
        with pytest.raises(ValueError, match="7d, 30d or qtd"):
            parse_period(bad, date(2026, 11, 24))


def test_saved_report_is_owner_only_and_named_after_the_client(demo: Database, tmp_path: Path) -> None:
    cafe = find_client(demo, "Café")
    path, text = save_client_report(demo, cafe.id, "7d", NOW, tmp_path / "reports")
    assert path.name == "cafe-oresund-status-2026-11-24.md"
    assert path.read_text(encoding="utf-8") == text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert report_filename("日本", NOW) == "client-status-2026-11-24.md"
    assert re.match(r"^# Café Øresund — status report", text)


def test_missing_client(demo: Database) -> None:
    with pytest.raises(NotFoundError):
        client_report(demo, 99_999, "7d", NOW)
