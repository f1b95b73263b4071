"""The Clients screen's first load builds its rows from the facts Today's load read, and reads
its own whenever those could be stale."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from tests.ui.test_roster_support import NOW, TODAY, settle

from amtui.enums import Direction, InteractionKind
from amtui.messages import DataChange
from amtui.models import Interaction
from amtui.screens import clients as clients_screen
from amtui.screens.roster_handoff import RosterHandoff, roster_handoff
from amtui.services import client_reads
from amtui.services.clients import roster


def _count_calls(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Count the Clients screen's ``roster`` loads (True: from facts handed in)."""
    calls: list[bool] = []
    real = clients_screen.roster

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(kwargs.get("facts") is not None)
        return real(*args, **kwargs)

    monkeypatch.setattr(clients_screen, "roster", counted)
    return calls


async def test_first_load_builds_the_roster_from_todays_facts(seeded_db, app_factory, monkeypatch) -> None:
    db, _ = seeded_db
    loaded_by_clients = _count_calls(monkeypatch)
    expected = roster(db, TODAY, NOW.tzinfo)
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(app, pilot)
        queried: list[object] = []
        monkeypatch.setattr(client_reads, "load_all_facts", lambda *a: queried.append(a) or {})
        await app.switch_mode("clients")
        await settle(app, pilot)
        assert loaded_by_clients == [True] and queried == []  # Today's facts, no fact queries of its own
        assert app.screen.table.rows == expected
        assert app.screen.query_one("#roster-count").render().plain == "6 clients"
        await app.switch_mode("today")
        app.screen.reload()
        await settle(app, pilot)
        assert roster_handoff(app).take(TODAY) is None  # Clients has loaded: nothing is handed over again


async def test_a_change_after_todays_load_makes_clients_load_itself(seeded_db, app_factory, monkeypatch) -> None:
    db, seeded = seeded_db
    loaded_by_clients = _count_calls(monkeypatch)
    app = app_factory(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(app, pilot)
        nordwind = seeded.clients["Nordwind Energy"]
        with db.write() as s:  # last touched 40 days ago; now today
            s.add(Interaction(client_id=nordwind, kind=InteractionKind.CALL, direction=Direction.OUTBOUND,
                              occurred_at=(NOW - timedelta(hours=1)).astimezone(UTC), summary="call"))
        app.publish(DataChange(frozenset({"interaction"}), nordwind))
        await app.switch_mode("clients")
        await settle(app, pilot)
        assert loaded_by_clients and not any(loaded_by_clients)  # its own facts (live refresh may load again)
        rows = {r.id: r for r in app.screen.table.rows}
        assert rows[nordwind].last_contact == TODAY
        assert app.screen.table.rows == roster(db, TODAY, NOW.tzinfo)


def test_facts_read_before_a_change_are_never_handed_over() -> None:
    rows: dict = {1: object()}
    handoff = RosterHandoff()
    read_at = handoff.generation
    handoff.changed(DataChange(frozenset({"task"})))
    handoff.offer(rows, TODAY, read_at)  # the worker read its facts before the change
    assert handoff.take(TODAY) is None

    handoff = RosterHandoff()
    handoff.changed(DataChange(frozenset({"workspace"})))  # settings: not what rows show
    handoff.changed(DataChange(frozenset({"me"})))
    handoff.offer(rows, TODAY, 0)
    assert handoff.take(TODAY + timedelta(days=1)) is None  # a new day: every row changes
    handoff.offer(rows, TODAY, 0)
    assert not handoff.wanted and handoff.take(TODAY) is None  # once taken (or refused), never again

    handoff = RosterHandoff()
    handoff.offer(rows, TODAY, 0)
    assert handoff.take(TODAY) is rows and handoff.take(TODAY) is None
