"""The small demo's 90-day interaction log: scripted story touches plus generated history.

Generated follow-ups never become overdue: one due before today is marked done (or dropped
when it would fall after the client's last touch), one due later stays open. The only overdue
follow-ups are scripted: Nordlicht's CMO (2 days), Kestrel Outdoor (5 and 9 days) and
Tidewater Logistics (4 days).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from amtui.demo.builder import DemoBuilder
from amtui.demo.interactions_data import DURATION, KIND_WEIGHTS, PROFILES, SCRIPTED, TEMPLATES, Profile
from amtui.enums import Direction, InteractionKind, ProjectStatus
from amtui.models import Interaction, Project

HISTORY_DAYS = 90

SENTIMENTS = {  # mood → (sentiment values, weights)
    "good": ((2, 1, 0, -1), (2.0, 5.0, 3.0, 0.4)),
    "mixed": ((1, 0, -1), (3.0, 5.0, 1.5)),
    "bad": ((1, 0, -1, -2), (1.0, 3.0, 4.0, 1.0)),
}


def build_interactions(b: DemoBuilder) -> None:
    """Add the scripted touches and each client's generated history, oldest first."""
    drafts: list[tuple[date, int, dict[str, object]]] = []
    last_touch: dict[str, int] = {}
    for s in SCRIPTED:
        last_touch[s.client] = max(last_touch.get(s.client, -999), s.day)
    for client, profile in PROFILES.items():
        last_touch[client] = max(last_touch.get(client, -999), profile.newest)
    for s in SCRIPTED:
        contact_id = b.id("contact", s.contact) if s.contact else None
        fields = dict(client=s.client, contact_id=contact_id, kind=s.kind, direction=s.direction,
                      minutes=s.minutes, summary=s.summary, sentiment=s.sentiment,
                      follow_up=b.time.day(s.follow_up) if s.follow_up is not None else None, done=s.done)
        drafts.append((b.time.day(s.day), s.hour * 60 + s.minute, fields))
    for client, profile in PROFILES.items():
        drafts.extend(generate(b, client, profile, b.time.day(last_touch[client])))
    drafts.sort(key=lambda d: (d[0], d[1], str(d[2]["client"])))
    for day, minute, f in drafts:
        occurred = b.time.at(day, minute // 60, minute % 60)
        client = str(f["client"])
        b.add(Interaction, client_id=b.id("client", client), contact_id=f["contact_id"],
              logged_by_id=b.id("owner", client), kind=f["kind"], direction=f["direction"], occurred_at=occurred,
              duration_minutes=f["minutes"], summary=f["summary"], sentiment=f["sentiment"],
              follow_up_on=f["follow_up"], follow_up_done=f["done"],
              created=occurred + timedelta(minutes=int(f["minutes"]) + 4))  # type: ignore[arg-type]


def project_names(b: DemoBuilder, client: str) -> list[str]:
    """Names of the client's live projects (campaigns first), for summaries."""
    cid = b.id("client", client)
    live = (ProjectStatus.ACTIVE, ProjectStatus.PLANNED, ProjectStatus.ON_HOLD)
    rows = [p for p in b.rows[Project] if p.client_id == cid and p.status in live]  # type: ignore[attr-defined]
    rows.sort(key=lambda p: (p.kind != "project", p.id))  # type: ignore[attr-defined]
    return [p.name for p in rows] or ["the account"]  # type: ignore[attr-defined]


def generate(
    b: DemoBuilder, client: str, profile: Profile, last_touch: date
) -> Iterator[tuple[date, int, dict[str, object]]]:
    """Yield (day, minute of day, fields) drafts from ``profile.newest`` back 90 days."""
    rng, t = b.rng, b.time
    contacts = b.contacts[client]
    projects = project_names(b, client)
    values, weights = SENTIMENTS[profile.mood]
    kinds = [k for k, _ in KIND_WEIGHTS]
    kind_weights = [w for _, w in KIND_WEIGHTS]
    offset = profile.newest
    while offset >= -HISTORY_DAYS:
        day = t.workday(offset)
        offset -= rng.randint(*profile.gaps)
        if day < t.day(-HISTORY_DAYS):
            break
        kind: InteractionKind = rng.choices(kinds, kind_weights)[0]
        sentiment = 0 if kind is InteractionKind.NOTE else rng.choices(values, weights)[0]
        tone = (sentiment > 0) - (sentiment < 0)
        options = [x for x in TEMPLATES[kind] if x[1] == tone] or [x for x in TEMPLATES[kind] if x[1] == 0]
        direction, _, text = rng.choice(options)
        contact_id, first = contacts[0] if rng.random() < 0.6 else rng.choice(contacts)
        summary = text.format(c=first, p=rng.choice(projects[:2]), client=client)
        follow_up, done = None, False
        if direction is Direction.OUTBOUND and rng.random() < 0.3:
            follow_up = day + timedelta(days=rng.randint(2, 7))
            if follow_up < t.today:
                if follow_up <= last_touch:
                    done = True
                else:
                    follow_up = None
        if kind in DURATION:
            low, high, step = DURATION[kind]
            minutes = rng.randrange(low, high + 1, step)
        else:
            minutes = 0
        fields = dict(client=client, contact_id=None if kind is InteractionKind.NOTE else contact_id,
                      kind=kind, direction=direction, minutes=minutes, summary=summary, sentiment=sentiment,
                      follow_up=follow_up, done=done)
        yield day, rng.randrange(8 * 60 + 30, 17 * 60 + 30, 15), fields
