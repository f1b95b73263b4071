"""Today: one ranked triage queue (follow-ups, quiet and at-risk clients, tasks, capacity, vendor
holds, budgets, renewals) and the actions taken from it.

:func:`today_queue` is the one source for the Today screen and ``amtui today``: same items, same
order. It reuses the areas' services (health and cadence from ``roster_query``, capacity from
``team``, holds from ``vendors``, pace from ``budgets``), read in parallel on their own
connections; scores are :mod:`amtui.rules.urgency`'s. Snoozed items (a ``Snooze`` row, or a
follow-up moved to a later day) stay hidden until their day.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm.exc import StaleDataError

from amtui.db import Database
from amtui.enums import ClientStatus, ProjectStatus, TaskStatus
from amtui.models import Client, ClientContact, Interaction, Project, Snooze, Task, TeamMember, Workspace
from amtui.rules import urgency as ur
from amtui.rules.cadence import CadenceStatus, cadence_status
from amtui.rules.health import client_health, health_score
from amtui.rules.relative import format_money
from amtui.rules.text import one_line
from amtui.rules.workload import week_start
from amtui.services import budgets, team, vendors
from amtui.services.errors import NotFoundError, StaleEditError, ValidationError
from amtui.services.interactions import complete_follow_up, snooze_follow_up
from amtui.services.roster_query import (
    ClientFacts,
    Facts,
    done_follow_up_clause,
    health_inputs,
    load_all_facts,
    local_midnight,
    open_follow_up_clause,
    open_task_clause,
)
from amtui.types import utc_now

K = ur.ItemKind
NAME = 60
TEXT = 160
HOLD_WINDOW = timedelta(hours=48)
RENEWAL_PAST_DAYS = 30
QUIET = (CadenceStatus.DUE, CadenceStatus.OVERDUE, CadenceStatus.NEVER)
CONTACTED = (ClientStatus.ACTIVE, ClientStatus.AT_RISK, ClientStatus.PROSPECT)
UNDER_CONTRACT = (ClientStatus.ACTIVE, ClientStatus.AT_RISK, ClientStatus.PAUSED)


@dataclass(frozen=True)
class TodayItem:
    """One row of the queue. ``ref_id`` is what Enter opens: the follow-up's interaction, the
    task, booking, project, team member or client; ``member_id`` is the task's assignee or the
    overloaded member; ``week`` is a capacity item's Monday."""

    key: str
    kind: ur.ItemKind
    subject: str
    reason: str
    urgency: ur.Urgency
    client_id: int | None
    ref_id: int
    member_id: int | None = None
    week: date | None = None

    @property
    def score(self) -> float:
        return self.urgency.score

    @property
    def breakdown(self) -> str:
        """``Follow-up 7.0 + late 1.8 (2 days overdue) + … = 11.3``."""
        return ur.describe_parts(self.urgency)

    @property
    def can_complete(self) -> bool:
        """``x`` applies: a follow-up or a task."""
        return self.kind in (K.FOLLOW_UP, K.TASK)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-able data (``amtui today --json``)."""
        return {"key": self.key, "kind": self.kind.value, "kind_label": self.kind.label, "subject": self.subject,
                "reason": self.reason, "score": round(self.score, 2), "breakdown": self.breakdown,
                "client_id": self.client_id, "ref_id": self.ref_id, "member_id": self.member_id,
                "week": self.week.isoformat() if self.week else None,
                "parts": [{"name": p.name, "factor": round(p.factor, 4), "coefficient": p.coefficient,
                           "points": round(p.points, 2), "note": p.note} for p in self.urgency.parts]}


@dataclass(frozen=True)
class TodayQueue:
    """The ranked items, counts per kind, what was cleared today and how many are snoozed."""

    today: date
    items: tuple[TodayItem, ...]
    counts: dict[ur.ItemKind, int] = field(default_factory=dict)
    cleared_follow_ups: int = 0
    cleared_tasks: int = 0
    snoozed: int = 0


def _text(s: str | None, width: int = TEXT) -> str:
    """User text cleaned to one line of at most ``width`` cells. Fast when there is nothing to
    clean: printable ASCII (one cell a character), or printable text short enough even if wide."""
    s = s or ""
    if s.isprintable() and (s.isascii() or 2 * len(s) <= width):
        s = s.strip()
        return s if len(s) <= width else s[: width - 1].rstrip() + "…"
    return one_line(s[: width * 2], width)


# ----------------------------------------------------------------------------- readers

def _clients(db: Database, today: date, tz: Any) -> tuple[list[TodayItem], Facts]:
    """At-risk, quiet and renewing clients (one item per client at most), from the roster's
    health and cadence; and the facts they were judged on (every client's)."""
    facts = load_all_facts(db, today, tz)
    with db.read() as s:
        conn = s.connection()
        currency = conn.execute(select(Workspace.currency)).scalar() or "EUR"
        rows = conn.execute(select(Client.id, Client.name, Client.status, Client.monthly_retainer,
                                   Client.renewal_date, Client.cadence_ideal_days, Client.cadence_max_days)
                            .where(Client.archived_at.is_(None), Client.status != ClientStatus.CHURNED)).all()
    largest = max((r[3] for r in rows), default=0)
    out: list[TodayItem] = []
    for cid, name, status, retainer, renewal, ideal, most in rows:
        f = facts.get(cid) or ClientFacts()
        inputs = health_inputs(f, today, status=status, cadence_ideal=ideal, cadence_max=most, renewal_date=renewal)
        days = None if renewal is None else (renewal - today).days
        near = days is not None and days <= ur.RENEWAL_WINDOW_DAYS
        renews = "" if days is None or not near else (
            f", renewal in {ur.days_phrase(days)}" if days >= 0 else f", renewal {ur.days_phrase(-days)} overdue")
        drop, marked = ur.sentiment_drop(f.sentiments), status is ClientStatus.AT_RISK
        kind, u, reason = K.RENEWAL, None, ""
        # The score alone decides whether a client is at risk; only those get the explained health.
        if status in (ClientStatus.ACTIVE, ClientStatus.AT_RISK) and ur.is_at_risk(health_score(inputs), marked, drop):
            health = client_health(inputs)
            why = "; ".join(p.reason for p in health.weakest(2)) or "marked at risk"
            falling = f", sentiment falling {drop:.1f}" if drop >= 1 else ""
            kind, reason = K.AT_RISK, f"health {health.score}{falling}: {_text(why, 100)}{renews}"
            u = ur.at_risk_urgency(health.score, marked, drop, retainer, largest, days)
        elif status in CONTACTED and (cadence := cadence_status(f.last_contact, today, inputs.cadence_ideal,
                                                              inputs.cadence_max)).status in QUIET:
            since = "never contacted" if cadence.days_since is None else \
                f"{ur.days_phrase(cadence.days_since)} since last touch"
            kind, reason = K.CADENCE, f"{since}, cadence {ideal}{renews}"
            u = ur.cadence_urgency(cadence.days_since, ideal, most, retainer, largest, days)
        elif near and status in UNDER_CONTRACT and renewal is not None and days is not None \
                and days >= -RENEWAL_PAST_DAYS:
            when = f"renews in {ur.days_phrase(days)}" if days >= 0 else f"renewal passed {ur.days_phrase(-days)} ago"
            money = f" · {format_money(retainer, currency)}/month" if retainer else ""
            reason = f"{when} ({renewal.day} {renewal:%b %Y}){money}"
            u = ur.renewal_urgency(days, retainer, largest)
        if u is not None:
            out.append(TodayItem(f"{kind.value}:{cid}", kind, _text(name, NAME), reason, u, cid, cid))
    return out, facts


def _follow_ups_and_tasks(db: Database, today: date) -> list[TodayItem]:
    """Open follow-ups due by today and open tasks due by today, of clients not archived."""
    live = (Client.archived_at.is_(None), Client.status != ClientStatus.CHURNED)
    with db.read() as s:
        conn = s.connection()
        largest = conn.execute(select(func.max(Client.monthly_retainer)).where(*live)).scalar() or 0
        follow_ups = conn.execute(
            select(Interaction.id, Interaction.follow_up_on, Interaction.summary, ClientContact.name, Client.id,
                   Client.name, Client.monthly_retainer)
            .join(Client, Client.id == Interaction.client_id)
            .outerjoin(ClientContact, ClientContact.id == Interaction.contact_id)
            .where(open_follow_up_clause(), Interaction.follow_up_on <= today, *live)).all()
        tasks = conn.execute(
            select(Task.id, Task.title, Task.due_on, Task.priority, Task.status, TeamMember.name, Task.assignee_id,
                   Client.id, Client.name, Project.name)
            .join(Project, Project.id == Task.project_id).join(Client, Client.id == Project.client_id)
            .outerjoin(TeamMember, TeamMember.id == Task.assignee_id)
            .where(open_task_clause(), Task.due_on <= today,
                   Project.status.not_in((ProjectStatus.CANCELLED, ProjectStatus.COMPLETED)), *live)).all()
    out = []
    for iid, due, summary, contact, cid, name, retainer in follow_ups:
        if due is None:  # text another tool wrote that is no day (it compared as one in SQL)
            continue
        late = (today - due).days
        who = _text(contact, 40) or "no contact named"
        out.append(TodayItem(f"followup:{iid}", K.FOLLOW_UP, _text(name, NAME),
                             f"{ur.late_phrase(late)} · {who}: {_text(summary, 100)}",
                             ur.follow_up_urgency(late, retainer, largest), cid, iid))
    for tid, title, due, priority, status, who, member, cid, client, project in tasks:
        if due is None:
            continue
        late = (today - due).days
        reason = (f"{ur.late_phrase(late)} · {_text(who, 40) or 'unassigned'} · {_text(client, 40)} / "
                  f"{_text(project, 40)}" + (" · blocked" if status is TaskStatus.BLOCKED else ""))
        out.append(TodayItem(f"task:{tid}", K.TASK, _text(title, NAME), reason,
                             ur.task_urgency(late, priority), cid, tid, member))
    return out


def _capacity(db: Database, today: date) -> list[TodayItem]:
    """Members over capacity this week (or, first, next week) from the workload rules."""
    out = []
    for o in team.over_capacity_this_week(db, today, weeks=2):
        this_week = o.week == week_start(today)
        share = "no capacity" if o.utilisation is None else f"{o.utilisation:.0%}"
        reason = f"at {share} {'this' if this_week else 'next'} week: {o.allocated:.1f} h booked of {o.capacity:.1f} h"
        out.append(TodayItem(f"capacity:{o.member_id}:{o.week.isoformat()}", K.CAPACITY,
                             f"{_text(o.name, 40)} ({o.discipline.value})", reason,
                             ur.capacity_urgency(o.utilisation, this_week), None, o.member_id, o.member_id, o.week))
    return out


def _bookings(db: Database, now: datetime) -> list[TodayItem]:
    """Holds expiring within 48 h, then holds starting within 7 days (each booking once)."""
    today, tz = now.date(), now.tzinfo
    out, seen = [], set()
    for b in vendors.expiring_holds(db, now, HOLD_WINDOW):
        hours = (b.hold_expires_at - now).total_seconds() / 3600 if b.hold_expires_at else 0.0
        waiting = "2nd hold is waiting" in b.reason
        seen.add(b.booking_id)
        out.append(TodayItem(f"hold:{b.booking_id}", K.HOLD, f"{_text(b.client, 40)} · {_text(b.vendor, 40)}",
                             _text(b.reason), ur.hold_urgency(hours, waiting), b.client_id, b.booking_id))
    for b in vendors.unconfirmed_soon(db, today, 7, tz=tz):
        if b.booking_id not in seen:
            days = (b.starts_at.astimezone(tz).date() - today).days
            out.append(TodayItem(f"booking:{b.booking_id}", K.BOOKING, f"{_text(b.client, 40)} · {_text(b.vendor, 40)}",
                                 _text(b.reason), ur.booking_urgency(days), b.client_id, b.booking_id))
    return out


def _budgets(db: Database, today: date, tz: Any) -> list[TodayItem]:
    """Active projects off pace or forecast over budget."""
    return [TodayItem(f"budget:{r.project_id}", K.BUDGET, f"{_text(r.client, 40)} · {_text(r.project, 40)}",
                      _text(r.reason), ur.budget_urgency(r.variance_pct, r.pct_used, r.pct_elapsed),
                      r.client_id, r.project_id)
            for r in budgets.budget_overview(db, today, tz) if ur.is_off_pace(r.flagged, r.pct_used, r.pct_elapsed)]


def cleared_queries(start: datetime, end: datetime) -> tuple[Select[Any], Select[Any]]:
    """Counts of follow-ups and of tasks completed in ``[start, end)``: index range searches
    (``ix_interaction_done_follow_up``, ``ix_task_status_completed_at``), not table scans."""
    follow_ups = select(func.count()).where(done_follow_up_clause(), Interaction.updated_at >= start,
                                            Interaction.updated_at < end)
    tasks = select(func.count()).where(Task.status == TaskStatus.DONE, Task.completed_at >= start,
                                       Task.completed_at < end)
    return follow_ups, tasks


def _bookkeeping(db: Database, today: date, tz: Any) -> tuple[dict[str, date], int, int]:
    """Snoozes still in force, and follow-ups and tasks completed today (stored facts only)."""
    cleared = cleared_queries(local_midnight(today, tz), local_midnight(today + timedelta(days=1), tz))
    with db.read() as s:
        conn = s.connection()
        snoozed = dict(conn.execute(select(Snooze.item_key, Snooze.until).where(Snooze.until > today)).all())
        follow_ups, tasks = (conn.execute(q).scalar_one() for q in cleared)
    return snoozed, int(follow_ups), int(tasks)


def today_queue(db: Database, now: datetime) -> TodayQueue:
    """Every Today item for the local day of ``now`` (aware), ranked by urgency; snoozed ones
    hidden. Ties: kind order, then subject, then key (see :func:`amtui.rules.urgency.rank_key`)."""
    return today_queue_and_facts(db, now)[0]


def today_queue_and_facts(db: Database, now: datetime) -> tuple[TodayQueue, Facts]:
    """:func:`today_queue`, and the health and cadence facts of every client it read (what
    :func:`amtui.services.clients.roster` needs for the same day, so it need not read them again)."""
    if now.tzinfo is None:
        raise ValueError("today_queue needs an aware 'now'")
    today, tz = now.date(), now.tzinfo
    readers: list[tuple[Callable[..., Any], tuple[Any, ...]]] = [  # slowest first
        (_clients, (db, today, tz)), (_budgets, (db, today, tz)), (_follow_ups_and_tasks, (db, today)),
        (_capacity, (db, today)), (_bookings, (db, now)), (_bookkeeping, (db, today, tz))]
    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="amtui-today") as pool:
        results = [f.result() for f in [pool.submit(fn, *args) for fn, args in readers]]
    snoozed, cleared_follow_ups, cleared_tasks = results.pop()
    results[0], facts = results[0]  # _clients
    every = [item for found in results for item in found]
    items = sorted((i for i in every if not ur.is_snoozed(snoozed.get(i.key), today)),
                   key=lambda i: ur.rank_key(i.score, i.kind, i.subject, i.key))
    return TodayQueue(today, tuple(items), dict(Counter(i.kind for i in items)), cleared_follow_ups, cleared_tasks,
                      len(every) - len(items)), facts


# ----------------------------------------------------------------------------- actions

def complete_task(db: Database, task_id: int, now: datetime | None = None) -> bool:
    """Mark a task done (completed at ``now``); False when it already was. Raises NotFoundError."""
    try:
        with db.write() as s:
            task = s.get(Task, task_id)
            if task is None:
                raise NotFoundError("this task no longer exists")
            done_already = task.status is TaskStatus.DONE
            if not done_already:
                task.status, task.completed_at = TaskStatus.DONE, now or utc_now()
            return not done_already
    except StaleDataError:
        raise StaleEditError("someone else changed this task; reload and try again") from None


def complete_item(db: Database, item: TodayItem, now: datetime) -> tuple[str, frozenset[str]]:
    """``x``: mark a follow-up or task done. Returns a message and the tables written."""
    if item.kind is K.FOLLOW_UP:
        complete_follow_up(db, item.ref_id)
        return f"Follow-up with {one_line(item.subject, 40)} marked done.", frozenset({"interaction"})
    if item.kind is K.TASK:
        complete_task(db, item.ref_id, now)
        return f"Task “{one_line(item.subject, 40)}” marked done.", frozenset({"task"})
    raise ValidationError({"kind": f"a {item.kind.label.lower()} item can't be completed here; open it with Enter"})


def snooze_item(db: Database, item: TodayItem, days: int, today: date) -> tuple[str, frozenset[str]]:
    """``z``: hide an item until ``today + days``; a follow-up moves to that day instead."""
    if not 1 <= days <= 366:
        raise ValidationError({"days": "snooze by 1 to 366 days"})
    if item.kind is K.FOLLOW_UP:
        until = snooze_follow_up(db, item.ref_id, days, today)
        tables = frozenset({"interaction"})
    else:
        until = today + timedelta(days=days)
        with db.write() as s:
            s.merge(Snooze(item_key=item.key, until=until))  # a second snooze moves the same row
            s.execute(Snooze.__table__.delete().where(Snooze.until <= today))  # type: ignore[attr-defined]
        tables = frozenset({"snooze"})
    return f"{one_line(item.subject, 40)} snoozed until {until:%a} {until.day} {until:%b}.", tables

