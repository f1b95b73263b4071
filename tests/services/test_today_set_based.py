"""The Today queue's set-based path equals the rule-by-rule one, on SQLite and PostgreSQL.

``today_queue`` reads every client's facts with a few grouped queries and scores health
without its explanations, explaining only the clients that turn out to be at risk. The
reference here does it the slow way: each client's facts with its own queries (the detail
view's path) and the full explained health of every client. Both must give the same queue,
item for item, on a scaled-down benchmark workspace plus edge cases: clients never contacted,
overdue follow-ups, archived and churned clients, and clients tied on every fact.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Connection, select

from amtui.db import Database
from amtui.demo import seed_demo
from amtui.demo.large import LargeSizes
from amtui.enums import ClientStatus, ProjectStatus, TaskStatus
from amtui.models import Client, Interaction, Project, Snooze, Task
from amtui.rules.cadence import cadence_status
from amtui.rules.health import HealthInputs, client_health, health_score
from amtui.services import today as today_service
from amtui.services.clients import get_client, health_for, roster
from amtui.services.roster_query import ClientFacts, Facts, health_inputs, load_all_facts, load_facts

TZ = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=TZ)
TODAY = NOW.date()


def _edge_cases(db: Database) -> None:
    ago = lambda days: (NOW - timedelta(days=days)).astimezone(UTC)  # noqa: E731
    with db.write() as s:
        never = Client(name="Edge never contacted", status=ClientStatus.ACTIVE, renewal_date=TODAY + timedelta(days=5))
        prospect = Client(name="Edge prospect", status=ClientStatus.PROSPECT)
        owed = Client(name="Edge owed", status=ClientStatus.ACTIVE, cadence_ideal_days=7, cadence_max_days=14)
        archived = Client(name="Edge archived", status=ClientStatus.AT_RISK, archived_at=ago(3))
        churned = Client(name="Edge churned", status=ClientStatus.CHURNED)
        twins = [Client(name=f"Edge twin {n}", status=ClientStatus.ACTIVE, monthly_retainer=100_000,
                        renewal_date=TODAY + timedelta(days=20)) for n in "ba"]
        s.add_all([never, prospect, owed, archived, churned, *twins])
        s.flush()
        s.add_all([Interaction(client_id=owed.id, kind="call", summary="promised", occurred_at=ago(30),
                               sentiment=-2, follow_up_on=TODAY - timedelta(days=d)) for d in (1, 4, 9)])
        s.add_all([Interaction(client_id=c.id, kind="email", summary="same", occurred_at=ago(40), sentiment=s_)
                   for c in (*twins, archived, churned) for s_ in (2, 1, -1, -2, -2)])


@pytest.fixture
def workspace(db: Database) -> Database:
    seed_demo(db, size="large", today=TODAY, large_sizes=LargeSizes().scaled(0.02))
    _edge_cases(db)
    return db


def _open_tasks_counted_in_python(conn: Connection, today: date) -> dict[int, tuple[int, int]]:
    """(open, overdue) tasks per client from every task row, filtered here: no index-shaped SQL."""
    counts: dict[int, tuple[int, int]] = {}
    rows = conn.execute(select(Project.client_id, Project.status, Task.status, Task.due_on)
                        .join(Project, Project.id == Task.project_id)).all()
    for cid, project_status, status, due in rows:
        if status is not TaskStatus.DONE and project_status is not ProjectStatus.CANCELLED:
            n_open, n_late = counts.get(cid, (0, 0))
            counts[cid] = (n_open + 1, n_late + int(due is not None and due < today))
    return counts


def _one_by_one(db: Database, today: date, tz: tzinfo) -> Facts:
    """Every client's facts from its own queries (the client detail's path); task counts from
    every task row, filtered in Python."""
    with db.engine.connect() as conn:
        ids = conn.execute(select(Client.id)).scalars().all()
        facts = {cid: load_facts(conn, today, tz, client_id=cid).get(cid) or ClientFacts() for cid in ids}
        tasks = _open_tasks_counted_in_python(conn, today)
    for cid, f in facts.items():
        f.open_tasks, f.overdue_tasks = tasks.get(cid, (0, 0))
    return facts


def _tasks_due(workspace: Database) -> set[int]:
    with workspace.read() as s:
        return set(s.execute(select(Task.id).join(Project, Project.id == Task.project_id)
                             .where(Task.status != TaskStatus.DONE, Task.due_on <= TODAY,
                                    Project.status.not_in((ProjectStatus.CANCELLED, ProjectStatus.COMPLETED))))
                   .scalars())


def _explained_score(inputs: HealthInputs) -> int:
    return client_health(inputs).score


def test_set_based_queue_equals_rule_by_rule(workspace: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = today_service.today_queue(workspace, NOW)
    monkeypatch.setattr(today_service, "load_all_facts", _one_by_one)
    monkeypatch.setattr(today_service, "health_score", _explained_score)
    monkeypatch.setattr(today_service, "open_task_clause", lambda: Task.status != TaskStatus.DONE)
    slow = today_service.today_queue(workspace, NOW)

    assert [i.as_dict() for i in fast.items] == [i.as_dict() for i in slow.items]
    assert (fast.counts, fast.snoozed) == (slow.counts, slow.snoozed)
    kinds = {i.kind.value for i in fast.items}
    assert {"at_risk", "cadence", "renewal", "follow_up"} <= kinds  # the comparison covers each client kind
    subjects = [i.subject for i in fast.items]
    assert "Edge never contacted" in subjects and "Edge owed" in subjects
    assert not any(s in subjects for s in ("Edge archived", "Edge churned"))
    shown_tasks = {i.ref_id for i in fast.items if i.kind.value == "task"}
    assert shown_tasks == _tasks_due(workspace) - _archived_tasks(workspace) - _snoozed_tasks(workspace)
    assert len(shown_tasks) > 10
    twins = [i for i in fast.items if i.subject.startswith("Edge twin")]
    assert [t.subject for t in twins] == ["Edge twin a", "Edge twin b"] and twins[0].score == twins[1].score


def test_every_clients_score_equals_its_explained_health(workspace: Database) -> None:
    facts = load_all_facts(workspace, TODAY, TZ)
    with workspace.read() as s:
        clients = s.execute(select(Client.id, Client.status, Client.cadence_ideal_days, Client.cadence_max_days,
                                   Client.renewal_date)).all()
    scores = {}
    for cid, status, ideal, most, renewal in clients:
        inputs = health_inputs(facts.get(cid) or ClientFacts(), TODAY, status=status, cadence_ideal=ideal,
                               cadence_max=most, renewal_date=renewal)
        scores[cid] = (health_score(inputs), client_health(inputs).score)
    assert all(fast == explained for fast, explained in scores.values())
    assert len({fast for fast, _ in scores.values()}) > 20  # a spread of scores, not one value


def test_roster_health_and_band_equal_each_clients_explained_health(workspace: Database) -> None:
    rows = roster(workspace, TODAY, TZ, include_archived=True)
    explained = {r.id: health_for(workspace, r.id, TODAY, TZ) for r in rows}
    assert [(r.health, r.health_band) for r in rows] == \
        [(explained[r.id].score, explained[r.id].band.value) for r in rows]
    assert len({r.health_band for r in rows}) == 3  # good, watch and at risk all compared
    facts = _one_by_one(workspace, TODAY, TZ)
    assert [r.cadence for r in rows] == [
        cadence_status(facts[r.id].last_contact, TODAY, *_cadence_of(workspace, r.id)).status.value for r in rows]


def _cadence_of(workspace: Database, client_id: int) -> tuple[int, int]:
    record = get_client(workspace, client_id)
    ideal = max(record.cadence_ideal_days, 1)
    return ideal, max(record.cadence_max_days, ideal)


def _archived_tasks(workspace: Database) -> set[int]:
    """Tasks of archived or churned clients (Today leaves them out)."""
    with workspace.read() as s:
        return set(s.execute(select(Task.id).join(Project, Project.id == Task.project_id)
                             .join(Client, Client.id == Project.client_id)
                             .where((Client.archived_at.is_not(None)) | (Client.status == ClientStatus.CHURNED)))
                   .scalars())


def _snoozed_tasks(workspace: Database) -> set[int]:
    with workspace.read() as s:
        keys = s.execute(select(Snooze.item_key).where(Snooze.until > TODAY)).scalars()
        return {int(k.split(":")[1]) for k in keys if k.startswith("task:")}
