"""Logging touches and working follow-ups, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest

from amtui.db import Database
from amtui.enums import Direction, InteractionKind
from amtui.models import Interaction
from amtui.services.errors import NotFoundError, ValidationError
from amtui.services.interactions import (
    LogRequest,
    complete_follow_up,
    get_interaction,
    log_interaction,
    open_follow_ups,
    reopen_follow_up,
    snooze_follow_up,
)

if TYPE_CHECKING:
    from conftest import Seed

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 24, 14, 3, tzinfo=BERLIN)
TODAY = NOW.date()


def stored(db: Database, interaction_id: int) -> Interaction:
    with db.read() as s:
        row = s.get(Interaction, interaction_id)
        assert row is not None
        return row


def test_log_stores_a_clean_touch(db: Database, seed: Seed) -> None:
    cid = seed.client(db, "Acme")
    jane = seed.contact(db, cid, "Jane")
    summary = "  walked\x1b]0;pwn\x07 through\nfigures \x9b"
    req = LogRequest(client_id=cid, kind=InteractionKind.MEETING, summary=summary,
                     occurred_at=NOW - timedelta(hours=2), direction=Direction.INBOUND, duration_minutes=45,
                     sentiment=1, follow_up_on=date(2026, 11, 27), contact_id=jane)
    row = stored(db, log_interaction(db, req, now=NOW))
    assert row.summary == "walked]0;pwn through figures"
    assert (row.kind, row.direction, row.duration_minutes, row.sentiment) == ("meeting", "inbound", 45, 1)
    assert row.occurred_at == datetime(2026, 11, 24, 11, 3, tzinfo=UTC)
    assert (row.follow_up_on, row.follow_up_done, row.contact_id) == (date(2026, 11, 27), False, jane)
    shown = get_interaction(db, row.id)
    assert shown.contact == "Jane" and shown.occurred_at == row.occurred_at


def test_log_completes_the_follow_up_it_answers(db: Database, seed: Seed) -> None:
    cid = seed.client(db, "Acme")
    promised = seed.touch(db, cid, NOW - timedelta(days=5), follow_up_on=TODAY - timedelta(days=2))
    new = log_interaction(db, LogRequest(cid, InteractionKind.CALL, "sent the figures", NOW,
                                         follow_up_on=TODAY + timedelta(days=3), completes_follow_up_id=promised),
                          now=NOW)
    assert stored(db, promised).follow_up_done
    assert stored(db, promised).version == 2
    assert [r.id for r in open_follow_ups(db, cid)] == [new]


def _base(cid: int) -> LogRequest:
    return LogRequest(client_id=cid, kind=InteractionKind.CALL, summary="hello", occurred_at=NOW)


@pytest.mark.parametrize(("changes", "field"), [
    ({"summary": " \n\t "}, "summary"),
    ({"summary": "x" * 2001}, "summary"),
    ({"occurred_at": datetime(2026, 11, 24, 10, 0)}, "occurred_at"),  # naive
    ({"occurred_at": NOW + timedelta(minutes=2)}, "occurred_at"),
    ({"occurred_at": datetime(1969, 12, 31, 23, 0, tzinfo=UTC)}, "occurred_at"),
    ({"duration_minutes": -1}, "duration_minutes"),
    ({"duration_minutes": 1441}, "duration_minutes"),
    ({"sentiment": 3}, "sentiment"),
    ({"sentiment": -3}, "sentiment"),
    ({"kind": "fax"}, "kind"),
    ({"direction": "sideways"}, "direction"),
    # 23:30 UTC on the 23rd is already the 24th in Berlin: a follow-up on the 23rd is before it
    ({"occurred_at": datetime(2026, 11, 23, 23, 30, tzinfo=UTC), "follow_up_on": date(2026, 11, 23)}, "follow_up_on"),
    ({"client_id": 999}, "client_id"),
])
def test_invalid_requests_write_nothing(db: Database, seed: Seed, changes: dict, field: str) -> None:
    cid = seed.client(db, "Acme")
    with pytest.raises(ValidationError) as caught:
        log_interaction(db, replace(_base(cid), **changes), now=NOW)
    assert field in caught.value.errors
    assert seed.count(db, Interaction) == 0


def test_edges_that_are_allowed(db: Database, seed: Seed) -> None:
    cid = seed.client(db, "Acme")
    late_night = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)
    ok = [
        replace(_base(cid), occurred_at=NOW + timedelta(seconds=50)),  # clock skew
        replace(_base(cid), occurred_at=late_night, follow_up_on=date(2026, 11, 24)),  # its local day
        replace(_base(cid), duration_minutes=1440, sentiment=-2, summary="x" * 2000),
        replace(_base(cid), occurred_at=datetime(2020, 2, 29, 9, 0, tzinfo=BERLIN)),  # the past is fine
    ]
    for req in ok:
        log_interaction(db, req, now=NOW)
    assert seed.count(db, Interaction) == len(ok)


def test_references_must_belong_to_the_client(db: Database, seed: Seed) -> None:
    cid, other = seed.client(db, "Acme"), seed.client(db, "Other")
    theirs = seed.contact(db, other, "Not ours")
    their_follow_up = seed.touch(db, other, NOW - timedelta(days=1), follow_up_on=TODAY)
    done = seed.touch(db, cid, NOW - timedelta(days=1), follow_up_on=TODAY, follow_up_done=True)
    plain = seed.touch(db, cid, NOW - timedelta(days=1))
    before = seed.count(db, Interaction)
    with pytest.raises(ValidationError) as caught:
        log_interaction(db, replace(_base(cid), contact_id=theirs, completes_follow_up_id=their_follow_up), now=NOW)
    assert set(caught.value.errors) == {"contact_id", "completes_follow_up_id"}
    for target in (done, plain, 999):
        with pytest.raises(ValidationError, match="not an open follow-up"):
            log_interaction(db, replace(_base(cid), completes_follow_up_id=target), now=NOW)
    assert seed.count(db, Interaction) == before
    assert not stored(db, their_follow_up).follow_up_done


def test_archived_clients_take_no_new_touches(db: Database, seed: Seed) -> None:
    cid = seed.client(db, "Gone", archived_at=NOW)
    with pytest.raises(ValidationError) as caught:
        log_interaction(db, _base(cid), now=NOW)
    assert "archived" in caught.value.errors["client_id"]


def test_snooze_complete_and_reopen(db: Database, seed: Seed) -> None:
    cid = seed.client(db, "Acme")
    fid = seed.touch(db, cid, NOW - timedelta(days=3), follow_up_on=TODAY - timedelta(days=1))
    assert snooze_follow_up(db, fid, 3, TODAY) == date(2026, 11, 27)
    assert stored(db, fid).follow_up_on == date(2026, 11, 27)
    complete_follow_up(db, fid)
    assert stored(db, fid).follow_up_done
    complete_follow_up(db, fid)  # twice: still done, nothing else changes
    with pytest.raises(ValidationError, match="already done"):
        snooze_follow_up(db, fid, 2, TODAY)
    reopen_follow_up(db, fid)
    assert not stored(db, fid).follow_up_done
    with pytest.raises(ValidationError) as caught:
        snooze_follow_up(db, fid, 0, TODAY)
    assert "days" in caught.value.errors
    plain = seed.touch(db, cid, NOW)
    with pytest.raises(ValidationError, match="no follow-up"):
        complete_follow_up(db, plain)
    with pytest.raises(NotFoundError):
        snooze_follow_up(db, 999, 1, TODAY)


def test_open_follow_ups_earliest_first(db: Database, seed: Seed) -> None:
    cid, other = seed.client(db, "Acme"), seed.client(db, "Other")
    late = seed.touch(db, cid, NOW - timedelta(days=9), follow_up_on=TODAY + timedelta(days=4))
    soon = seed.touch(db, cid, NOW - timedelta(days=2), follow_up_on=TODAY - timedelta(days=1))
    seed.touch(db, cid, NOW - timedelta(days=2), follow_up_on=TODAY, follow_up_done=True)
    seed.touch(db, cid, NOW)
    seed.touch(db, other, NOW, follow_up_on=TODAY)
    assert [r.id for r in open_follow_ups(db, cid)] == [soon, late]
