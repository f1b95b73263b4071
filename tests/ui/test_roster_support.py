"""Helpers for the shell and roster UI tests: seeds by direct model inserts, a fixed now,
waiting for workers, and reading the painted roster.

Nothing here depends on the demo package. The clock is stopped at Tue 24 Nov 2026 09:00 in
Berlin, so relative days and snapshots never drift.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from textual.worker import WorkerCancelled

from amtui.app import AmtuiApp
from amtui.db import Database
from amtui.enums import ClientStatus, Direction, Discipline, InteractionKind
from amtui.models import Client, Interaction, TeamMember, Workspace

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
TODAY = NOW.date()

HOSTILE_NAMES = (
    "[bold]Acme[/]",
    "[/]",
    "[@click=app.quit]Evil",
    "\x1b[31mRed\x1b]0;title\x07",
    "مرحبا عميل",
    "客户名称很长很长很长很长很长很长",
    "Rocket 🚀 Labs 👩‍👩‍👧",
    "L" * 5000,
)


@dataclass
class Seeded:
    """Ids of what a seed inserted, by name."""

    clients: dict[str, int] = field(default_factory=dict)
    members: dict[str, int] = field(default_factory=dict)
    follow_ups: dict[str, int] = field(default_factory=dict)




def touch(session, client_id: int, days_ago: int, *, follow_up: date | None = None,
          sentiment: int = 0) -> Interaction:
    """An outbound call ``days_ago`` days before the fixed now."""
    row = Interaction(client_id=client_id, kind=InteractionKind.CALL, direction=Direction.OUTBOUND,
                      occurred_at=(NOW - timedelta(days=days_ago)).astimezone(UTC), summary="call",
                      sentiment=sentiment, follow_up_on=follow_up)
    session.add(row)
    return row


def seed_small(db: Database) -> Seeded:
    """An agency with two people and six clients in every status and cadence state."""
    out = Seeded()
    with db.write() as s:
        s.add(Workspace(agency_name="Nordlicht & Partner", currency="EUR"))
        maya = TeamMember(name="Maya Brandt", discipline=Discipline.ACCOUNT)
        tom = TeamMember(name="Tom Okafor", discipline=Discipline.ACCOUNT)
        s.add_all([maya, tom])
        s.flush()
        out.members = {"Maya Brandt": maya.id, "Tom Okafor": tom.id}
        specs = [
            ("Harbor Foods", ClientStatus.ACTIVE, "Food", 1_250_000, maya.id, date(2027, 1, 4)),
            ("Café Øresund", ClientStatus.AT_RISK, "Hospitality", 480_000, tom.id, date(2026, 12, 15)),
            ("Lumen Optics", ClientStatus.ACTIVE, "Retail", 900_000, maya.id, date(2027, 6, 30)),
            ("Beacon Health", ClientStatus.PROSPECT, "Healthcare", 0, None, None),
            ("Nordwind Energy", ClientStatus.PAUSED, "Energy", 300_000, tom.id, date(2027, 3, 1)),
            ("Atlas Freight", ClientStatus.CHURNED, "Logistics", 0, tom.id, None),
        ]
        clients = {}
        for name, status, industry, retainer, owner, renewal in specs:
            c = Client(name=name, status=status, industry=industry, monthly_retainer=retainer,
                       owner_id=owner, renewal_date=renewal)
            s.add(c)
            clients[name] = c
        s.flush()
        out.clients = {n: c.id for n, c in clients.items()}
        touch(s, clients["Harbor Foods"].id, 3, sentiment=1)
        overdue = touch(s, clients["Harbor Foods"].id, 10, follow_up=TODAY - timedelta(days=2))
        touch(s, clients["Café Øresund"].id, 23, sentiment=-1)
        touch(s, clients["Lumen Optics"].id, 1, follow_up=TODAY + timedelta(days=3))
        touch(s, clients["Nordwind Energy"].id, 40)
        s.flush()
        out.follow_ups = {"Harbor Foods": overdue.id}
    return out




def seed_hostile(db: Database) -> Seeded:
    """Clients and owners whose names try markup, actions, escape codes, RTL, CJK, emoji and length."""
    out = Seeded()
    with db.write() as s:
        s.add(Workspace(agency_name="[b]Agency[/] \x1b[2J", currency="EUR"))
        owners = [TeamMember(name=f"{n[:150]} owner", discipline=Discipline.ACCOUNT) for n in HOSTILE_NAMES[:4]]
        s.add_all(owners)
        s.flush()
        for i, name in enumerate(HOSTILE_NAMES):
            c = Client(name=name[:200] if i < len(HOSTILE_NAMES) - 1 else name, industry="[red]x",
                       owner_id=owners[i % len(owners)].id, monthly_retainer=100_000 * (i + 1))
            s.add(c)
            s.flush()
            out.clients[name] = c.id
            touch(s, c.id, i + 1)
    return out




async def settle(app: AmtuiApp, pilot) -> None:
    """Wait until every worker finished and the messages they posted were handled.

    A worker cancelled meanwhile (an exclusive load replaced by a newer one, as when live
    refresh hears the app's own write on SQLite) counts as finished; the round is waited again.
    """
    rounds = cancelled = 0
    while rounds < 4:
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:
            cancelled += 1  # the others may still run: wait for them, and for the load that replaced it
            assert cancelled < 100, "workers keep being cancelled"
            await pilot.pause()
            continue
        await pilot.pause()
        rounds += 1


def table_lines(app: AmtuiApp) -> list[str]:
    """The roster's lines as painted now (header first)."""
    from amtui.widgets.virtual_table import VirtualTable

    table = app.screen.query_one(VirtualTable)
    return [table.render_line(y).text for y in range(table.scrollable_content_region.height)]


async def show_roster(app: AmtuiApp, pilot) -> None:
    """Switch to Clients (whatever mode the app starts in) and wait until the roster has loaded."""
    await settle(app, pilot)
    await app.switch_mode("clients")
    await settle(app, pilot)
