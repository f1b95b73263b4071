"""Helpers shared by the detail, form, quick-log and capture tests (no tests here).

A small client world built by direct model inserts, screen-opening helpers and a check that no
rendered segment carries a control character or a click action.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select
from tests.ui.test_roster_support import settle as settle_app
from textual.app import App
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget

from amtui.db import Database
from amtui.enums import (
    BookingStatus,
    ClientStatus,
    ClientTier,
    Direction,
    Discipline,
    InteractionKind,
    ProjectKind,
    TaskStatus,
    VendorService,
)
from amtui.models import (
    Booking,
    Client,
    ClientContact,
    Interaction,
    Project,
    Spend,
    Task,
    TeamMember,
    Vendor,
    Workspace,
)

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
TODAY = NOW.date()


@dataclass
class World:
    clients: dict[str, int] = field(default_factory=dict)
    members: dict[str, int] = field(default_factory=dict)
    contacts: dict[str, int] = field(default_factory=dict)
    interactions: dict[str, int] = field(default_factory=dict)


def seed_world(db: Database, *, acme_name: str = "Acme GmbH", summary: str | None = None) -> World:
    """Acme (people, a timeline with open/overdue/done follow-ups, a project, tasks, a booking),
    Acorn Studios and Globex (for type-ahead and ambiguity)."""
    w = World()
    with db.write() as s:
        s.add(Workspace(agency_name="Nordlicht & Partner", currency="EUR"))
        maya = TeamMember(name="Maya Brandt", discipline=Discipline.ACCOUNT)
        priya = TeamMember(name="Priya Shah", discipline=Discipline.DESIGN)
        s.add_all([maya, priya])
        s.flush()
        w.members = {"Maya Brandt": maya.id, "Priya Shah": priya.id}
        acme = Client(name=acme_name, status=ClientStatus.ACTIVE, tier=ClientTier.STRATEGIC, industry="Retail",
                      monthly_retainer=1_250_000, owner_id=maya.id, renewal_date=date(2027, 1, 15),
                      contract_start=date(2025, 1, 1), cadence_ideal_days=14, cadence_max_days=30)
        acorn = Client(name="Acorn Studios", industry="Media", owner_id=priya.id)
        globex = Client(name="Globex", industry="Energy")
        s.add_all([acme, acorn, globex])
        s.flush()
        w.clients = {"acme": acme.id, "acorn": acorn.id, "globex": globex.id}
        jane = ClientContact(client_id=acme.id, name="Jane Doe", role="CMO", email="jane@acme.example",
                             phone="+49 30 1234", is_primary=True)
        bob = ClientContact(client_id=acme.id, name="Bob Stone", role="Brand lead", email="bob@acme.example")
        s.add_all([jane, bob])
        s.flush()
        w.contacts = {"jane": jane.id, "bob": bob.id}

        def touch(key: str, days_ago: int, text: str, **kw: object) -> None:
            row = Interaction(client_id=acme.id, kind=kw.pop("kind", InteractionKind.CALL),
                              direction=kw.pop("direction", Direction.OUTBOUND),
                              occurred_at=(NOW - timedelta(days=days_ago)).astimezone(UTC), summary=text, **kw)
            s.add(row)
            s.flush()
            w.interactions[key] = row.id

        touch("overdue", 10, summary or "Walked through the Q3 figures", follow_up_on=TODAY - timedelta(days=2),
              sentiment=-1, contact_id=jane.id)
        touch("open", 5, "Sent revised media plan", kind=InteractionKind.EMAIL,
              follow_up_on=TODAY + timedelta(days=3), sentiment=1)
        touch("done", 20, "Kick-off meeting", kind=InteractionKind.MEETING, direction=Direction.INBOUND,
              follow_up_on=TODAY - timedelta(days=15), follow_up_done=True, sentiment=2, duration_minutes=60)
        touch("plain", 23, "Internal prep note", kind=InteractionKind.NOTE, direction=Direction.INTERNAL)
        project = Project(client_id=acme.id, name="Website relaunch", kind=ProjectKind.PROJECT, budget=4_000_000,
                          start_on=date(2026, 10, 1), end_on=date(2027, 1, 31))
        s.add(project)
        s.flush()
        s.add(Spend(project_id=project.id, spent_on=date(2026, 11, 1), amount=2_200_000))
        s.add_all([
            Task(project_id=project.id, title="Draft homepage copy", assignee_id=priya.id,
                 due_on=TODAY - timedelta(days=1), estimate_hours=6, status=TaskStatus.DOING),
            Task(project_id=project.id, title="Design review", assignee_id=maya.id, due_on=TODAY + timedelta(days=4),
                 estimate_hours=2),
        ])
        vendor = Vendor(name="Lumen Photo", service=VendorService.PHOTOGRAPHY, day_rate=120_000)
        s.add(vendor)
        s.flush()
        start = datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Europe/Berlin")).astimezone(UTC)
        s.add(Booking(vendor_id=vendor.id, project_id=project.id, starts_at=start, ends_at=start + timedelta(hours=8),
                      cost=240_000, status=BookingStatus.HOLD_1))
    return w


def interactions(db: Database, client_id: int | None = None) -> list[Interaction]:
    with db.read() as s:
        q = select(Interaction).order_by(Interaction.id)
        if client_id is not None:
            q = q.where(Interaction.client_id == client_id)
        return list(s.exec(q).all())


def interaction(db: Database, interaction_id: int) -> Interaction:
    with db.read() as s:
        row = s.get(Interaction, interaction_id)
        assert row is not None
        return row


def client_row(db: Database, client_id: int) -> Client:
    with db.read() as s:
        row = s.get(Client, client_id)
        assert row is not None
        return row


def contacts(db: Database, client_id: int) -> list[ClientContact]:
    with db.read() as s:
        return list(s.exec(select(ClientContact).where(ClientContact.client_id == client_id)
                           .order_by(ClientContact.id)).all())


async def settle(pilot: Pilot) -> None:
    """Every worker done and the messages they posted handled (a cancelled one counts as done)."""
    await settle_app(pilot.app, pilot)


async def open_detail(pilot: Pilot, client_id: int) -> None:
    from amtui.screens.client_detail import ClientDetailScreen

    await settle(pilot)
    await pilot.app.push_screen(ClientDetailScreen(client_id))
    await settle(pilot)


async def type_text(pilot: Pilot, text: str) -> int:
    """Type ``text`` one key per character (returns the number of key presses)."""
    keys = [_key(ch) for ch in text]
    await pilot.press(*keys)
    return len(keys)


async def clear_and_type(pilot: Pilot, selector: str, text: str) -> None:
    """Empty the field ``selector`` of the open screen and type ``text`` into it."""
    pilot.app.screen.query_one(selector).focus()
    await pilot.press("ctrl+a", "ctrl+k")
    await type_text(pilot, text)


def _key(ch: str) -> str:
    names = {" ": "space", "+": "plus", "-": "minus", '"': "quotation_mark", ":": "colon", "@": "at",
             "/": "slash", ".": "full_stop", ",": "comma", "'": "apostrophe"}
    return names.get(ch, ch)


def dialog_lines(app: App[object]) -> list[str]:
    """The change lines of the open stale-edit dialog (fails when another screen is open)."""
    from amtui.screens.stale_edit import StaleEditScreen

    assert isinstance(app.screen, StaleEditScreen), type(app.screen).__name__
    return [str(label.content) for label in app.screen.query(".stale-change")]


def field_error(pilot: Pilot, key: str) -> str:
    from amtui.screens.forms import Field

    return pilot.app.screen.query_one(f"#field-{key}", Field).error


def rendered_problems(screen_root: Widget) -> list[str]:
    """Control characters or click actions in any segment any visible widget renders."""
    problems: list[str] = []
    for widget in [screen_root, *screen_root.query("*")]:
        if not widget.display or widget.size.area == 0:
            continue
        for strip in widget.render_lines(Region(0, 0, widget.size.width, widget.size.height)):
            for seg in strip:
                bad = [ch for ch in seg.text if unicodedata.category(ch) == "Cc"]
                if bad:
                    problems.append(f"{type(widget).__name__}: control {bad!r} in {seg.text[:40]!r}")
                meta = seg.style.meta if seg.style is not None else {}
                if any("quit" in str(v) for k, v in meta.items() if k.startswith("@")):
                    problems.append(f"{type(widget).__name__}: action {meta!r}")
    return problems


def screen_text(screen_root: Widget) -> str:
    """All text the visible widgets render, line by line."""
    lines: list[str] = []
    for widget in [screen_root, *screen_root.query("*")]:
        if not widget.display or widget.size.area == 0:
            continue
        for strip in widget.render_lines(Region(0, 0, widget.size.width, widget.size.height)):
            lines.append(strip.text)
    return "\n".join(lines)
