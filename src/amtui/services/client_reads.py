"""Reading clients: the roster, one client's detail, references and name lookup.

Implementation behind the functions of :mod:`amtui.services.clients` (import them from there).
Lists use Core selects returning tuples; nothing ORM leaves this module.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import Any

from sqlalchemy import ColumnElement, Row, case, select
from sqlalchemy.orm import Session, aliased

from amtui.db import Database
from amtui.enums import BookingStatus, TaskStatus
from amtui.models import Booking, Client, ClientContact, Interaction, Project, Task, TeamMember, Vendor
from amtui.rules.health import Health, band_for
from amtui.rules.text import clean_text
from amtui.services.clients import (
    BookingRow,
    ClientDetail,
    ClientRecord,
    ClientRef,
    ContactRow,
    InteractionRow,
    MemberRef,
    ProjectRow,
    RosterRow,
    TaskRow,
)
from amtui.services.errors import AmbiguousError, NotFoundError
from amtui.services.project_pace import project_paces
from amtui.services.roster_query import (
    ClientFacts,
    Facts,
    assess,
    health_inputs,
    load_all_facts,
    load_facts,
    local_midnight,
    rate,
)

TIMELINE_LIMIT = 500
MAX_CANDIDATES = 10

_Owner = aliased(TeamMember)
_RECORD_COLUMNS = (
    Client.id, Client.version, Client.name, Client.status, Client.tier, Client.industry,
    Client.monthly_retainer, Client.contract_start, Client.renewal_date, Client.cadence_ideal_days,
    Client.cadence_max_days, Client.owner_id, _Owner.name, Client.notes, Client.archived_at,
)


def _roster_select(include_archived: bool) -> Any:
    q = (
        select(
            Client.id, Client.name, Client.status, Client.tier, Client.industry, Client.renewal_date,
            Client.monthly_retainer, Client.owner_id, _Owner.name, Client.archived_at,
            Client.cadence_ideal_days, Client.cadence_max_days,
        )
        .outerjoin(_Owner, _Owner.id == Client.owner_id)
    )
    return q if include_archived else q.where(Client.archived_at.is_(None))


def _roster_row(client: Row[Any], f: ClientFacts, today: date) -> RosterRow:
    cid, name, status, tier, industry, renewal, retainer, owner_id, owner, archived_at, ideal, most = client
    health, cadence = rate(health_inputs(f, today, status=status, cadence_ideal=ideal, cadence_max=most,
                                         renewal_date=renewal))
    return RosterRow(
        id=cid, name=name, status=status, tier=tier, industry=industry, health=health,
        health_band=band_for(health).value, cadence=cadence.status.value, last_contact=f.last_contact,
        next_follow_up=f.next_follow_up, renewal_date=renewal, monthly_retainer=retainer,
        owner_id=owner_id, owner=owner or "", archived=archived_at is not None,
    )


def roster(db: Database, today: date, tz: tzinfo, *, include_archived: bool = False,
           facts: Facts | None = None) -> list[RosterRow]:
    """Every client (archived ones only when asked) with health and cadence, by name
    (case-insensitive). A handful of set-based queries, whatever the number of clients;
    ``facts`` already read for ``today`` and ``tz`` (by the Today queue) save most of them."""
    if facts is None:
        facts = load_all_facts(db, today, tz)
    with db.read() as session:
        clients = session.connection().execute(_roster_select(include_archived)).all()
    empty = ClientFacts()
    rows = [_roster_row(client, facts.get(client[0], empty), today) for client in clients]
    rows.sort(key=lambda r: (r.name.casefold(), r.id))
    return rows


def roster_row(db: Database, client_id: int, today: date, tz: tzinfo, *,
               include_archived: bool = False) -> RosterRow | None:
    """One client's roster row, exactly as :func:`roster` computes it (the same fact queries,
    narrowed to the client); None when the client is gone, or archived and not asked for."""
    with db.read() as session:
        conn = session.connection()
        client = conn.execute(_roster_select(include_archived).where(Client.id == client_id)).first()
        if client is None:
            return None
        facts = load_facts(conn, today, tz, client_id)
    return _roster_row(client, facts.get(client_id, ClientFacts()), today)


def _record(session: Session, client_id: int) -> ClientRecord:
    q = select(*_RECORD_COLUMNS).outerjoin(_Owner, _Owner.id == Client.owner_id).where(Client.id == client_id)
    row = session.connection().execute(q).first()
    if row is None:
        raise NotFoundError(f"client #{client_id} does not exist (it may have been deleted)")
    (cid, version, name, status, tier, industry, retainer, start, renewal, ideal, most,
     owner_id, owner, notes, archived_at) = row
    return ClientRecord(
        id=cid, version=version, name=name, status=status, tier=tier, industry=industry,
        monthly_retainer=retainer, contract_start=start, renewal_date=renewal, cadence_ideal_days=ideal,
        cadence_max_days=most, owner_id=owner_id, owner=owner or "", notes=notes, archived=archived_at is not None,
    )


def get_client(db: Database, client_id: int) -> ClientRecord:
    """Every stored field of one client (archived or not). Raises NotFoundError."""
    with db.read() as session:
        return _record(session, client_id)


def _contacts(session: Session, client_id: int) -> list[ContactRow]:
    q = (
        select(ClientContact.id, ClientContact.version, ClientContact.client_id, ClientContact.name,
               ClientContact.role, ClientContact.email, ClientContact.phone, ClientContact.is_primary)
        .where(ClientContact.client_id == client_id, ClientContact.archived_at.is_(None))
    )
    rows = [ContactRow(*r) for r in session.connection().execute(q)]
    rows.sort(key=lambda c: (not c.is_primary, c.name.casefold(), c.id))
    return rows


def contacts_of(db: Database, client_id: int) -> list[ContactRow]:
    """A client's current (not archived) contacts, the primary one first, then by name."""
    with db.read() as session:
        return _contacts(session, client_id)


def interaction_rows(session: Session, *conditions: ColumnElement[bool], newest_first: bool = True,
                     limit: int | None = None) -> list[InteractionRow]:
    """Interactions matching ``conditions`` as rows, with the contact's name."""
    order = Interaction.occurred_at.desc() if newest_first else Interaction.occurred_at
    q = (
        select(Interaction.id, Interaction.version, Interaction.client_id, Interaction.occurred_at,
               Interaction.kind, Interaction.direction, ClientContact.name, Interaction.duration_minutes,
               Interaction.sentiment, Interaction.summary, Interaction.follow_up_on, Interaction.follow_up_done,
               TeamMember.name)
        .outerjoin(ClientContact, ClientContact.id == Interaction.contact_id)
        .outerjoin(TeamMember, TeamMember.id == Interaction.logged_by_id)
        .where(*conditions)
        .order_by(order, Interaction.id.desc() if newest_first else Interaction.id)
    )
    if limit is not None:
        q = q.limit(limit)
    return [_interaction_row(r) for r in session.connection().execute(q)]


def _interaction_row(r: Row[Any]) -> InteractionRow:
    (iid, version, cid, at, kind, direction, contact, minutes, sentiment, summary, follow_up, done, by) = r
    return InteractionRow(
        id=iid, version=version, client_id=cid, occurred_at=at, kind=kind, direction=direction,
        contact=contact or "", duration_minutes=minutes, sentiment=sentiment, summary=summary,
        follow_up_on=follow_up, follow_up_done=bool(done), logged_by=by or "",
    )


def _projects(session: Session, client_id: int, today: date, tz: tzinfo) -> list[ProjectRow]:
    paces = project_paces(session.connection(), [Project.client_id == client_id], today, tz)
    paces.sort(key=lambda p: (p.start_on, p.id), reverse=True)
    return [
        ProjectRow(id=p.id, name=p.name, kind=p.kind, status=p.status, start_on=p.start_on, end_on=p.end_on,
                   budget=p.budget, spent=p.spent, pct_used=p.pct_used or 0.0, pct_elapsed=p.pct_elapsed)
        for p in paces
    ]


def _open_tasks(session: Session, client_id: int) -> list[TaskRow]:
    q = (
        select(Task.id, Project.name, Task.title, TeamMember.name, Task.due_on, Task.estimate_hours,
               Task.status, Task.priority)
        .join(Project, Project.id == Task.project_id)
        .outerjoin(TeamMember, TeamMember.id == Task.assignee_id)
        .where(Project.client_id == client_id, Task.status != TaskStatus.DONE)
        .order_by(case((Task.due_on.is_(None), 1), else_=0), Task.due_on, Task.id)
    )
    return [
        TaskRow(id=tid, project=project, title=title, assignee=assignee or "", due_on=due, estimate_hours=hours,
                status=status, priority=priority)
        for tid, project, title, assignee, due, hours, status, priority in session.connection().execute(q)
    ]


def _upcoming_bookings(session: Session, client_id: int, now: datetime) -> list[BookingRow]:
    q = (
        select(Booking.id, Vendor.name, Project.name, Booking.starts_at, Booking.ends_at, Booking.cost,
               Booking.status)
        .join(Project, Project.id == Booking.project_id)
        .join(Vendor, Vendor.id == Booking.vendor_id)
        .where(Project.client_id == client_id, Booking.ends_at >= now, Booking.status != BookingStatus.CANCELLED)
        .order_by(Booking.starts_at, Booking.id)
    )
    return [BookingRow(*r) for r in session.connection().execute(q)]


def client_detail(db: Database, client_id: int, today: date, tz: tzinfo, *,
                  now: datetime | None = None) -> ClientDetail:
    """One client with its people, timeline (newest first, at most 500), projects with pace,
    open tasks (by due date, undated last) and bookings not yet over (by start).

    ``now`` decides which bookings are upcoming; by default the start of ``today`` in ``tz``
    (bookings ending today still show). Raises NotFoundError.
    """
    since = now if now is not None else local_midnight(today, tz)
    with db.read() as session:
        record = _record(session, client_id)
        facts = load_facts(session.connection(), today, tz, client_id=client_id).get(client_id, ClientFacts())
        health, cadence = assess(health_inputs(facts, today, status=record.status,
                                               cadence_ideal=record.cadence_ideal_days,
                                               cadence_max=record.cadence_max_days, renewal_date=record.renewal_date))
        return ClientDetail(
            client=record,
            health=health,
            cadence=cadence,
            last_contact=facts.last_contact,
            contacts=_contacts(session, client_id),
            timeline=interaction_rows(session, Interaction.client_id == client_id, limit=TIMELINE_LIMIT),
            projects=_projects(session, client_id, today, tz),
            open_tasks=_open_tasks(session, client_id),
            upcoming_bookings=_upcoming_bookings(session, client_id, since),
        )


def health_for(db: Database, client_id: int, today: date, tz: tzinfo) -> Health:
    """One client's health, computed exactly as in the roster. Raises NotFoundError."""
    with db.read() as session:
        record = _record(session, client_id)
        facts = load_facts(session.connection(), today, tz, client_id=client_id).get(client_id, ClientFacts())
    health, _ = assess(health_inputs(facts, today, status=record.status, cadence_ideal=record.cadence_ideal_days,
                                     cadence_max=record.cadence_max_days, renewal_date=record.renewal_date))
    return health


def client_refs(db: Database) -> list[ClientRef]:
    """Every client not archived, as (id, name), by name."""
    with db.read() as session:
        rows = session.connection().execute(select(Client.id, Client.name).where(Client.archived_at.is_(None)))
        refs = [ClientRef(cid, name) for cid, name in rows]
    return sorted(refs, key=lambda r: (r.name.casefold(), r.id))


def member_refs(db: Database) -> list[MemberRef]:
    """Every active team member, as (id, name), by name."""
    with db.read() as session:
        rows = session.connection().execute(select(TeamMember.id, TeamMember.name).where(TeamMember.active))
        refs = [MemberRef(mid, name) for mid, name in rows]
    return sorted(refs, key=lambda r: (r.name.casefold(), r.id))


def match_names(query: str, refs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Case-insensitive matches of ``query``: the exact ones if any, else those the name starts
    with, else those containing it (possibly empty or several)."""
    q = clean_text(query).casefold()
    if not q:
        return []
    folded = [((ref_id, name), name.casefold()) for ref_id, name in refs]
    for test in (str.__eq__, str.startswith, str.__contains__):
        found = [ref for ref, name in folded if test(name, q)]
        if found:
            return found
    return []


def find_client(db: Database, query: str) -> ClientRef:
    """The one non-archived client ``query`` names: an exact (case-insensitive) name wins, else a
    unique prefix, else a unique substring. Raises AmbiguousError (up to 10 names, sorted) or
    NotFoundError."""
    shown = clean_text(query, max_len=60)
    with db.read() as session:
        rows = session.connection().execute(select(Client.id, Client.name).where(Client.archived_at.is_(None)))
        refs = [(cid, name) for cid, name in rows]
    found = match_names(query, refs)
    if not found:
        raise NotFoundError(f"no client matches '{shown}'")
    if len(found) > 1:
        names = sorted((name for _, name in found), key=lambda n: (n.casefold(), n))
        raise AmbiguousError(shown, names[:MAX_CANDIDATES], total=len(names))
    return ClientRef(*found[0])
