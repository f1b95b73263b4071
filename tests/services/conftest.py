"""Fixtures for the service tests: ``seed`` inserts model rows directly (no demo package)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, tzinfo
from typing import Any

import pytest
from sqlalchemy import func, select

from amtui.db import Database
from amtui.enums import Discipline, InteractionKind
from amtui.models import Client, ClientContact, Interaction, Project, TeamMember


def at(day: date, hour: int = 12, minute: int = 0, tz: tzinfo = UTC) -> datetime:
    """An aware instant on ``day`` at ``hour:minute`` in ``tz``."""
    return datetime.combine(day, time(hour, minute), tzinfo=tz)


class Seed:
    """Row factories; each inserts in its own transaction and returns the new id."""

    at = staticmethod(at)

    @staticmethod
    def add(db: Database, *rows: Any) -> list[int]:
        """Insert ``rows`` in one transaction; return their ids."""
        with db.write() as s:
            s.add_all(rows)
            s.flush()
            return [r.id for r in rows]

    def client(self, db: Database, name: str, **kw: Any) -> int:
        return self.add(db, Client(name=name, **kw))[0]

    def member(self, db: Database, name: str, **kw: Any) -> int:
        return self.add(db, TeamMember(name=name, discipline=kw.pop("discipline", Discipline.ACCOUNT), **kw))[0]

    def contact(self, db: Database, client_id: int, name: str, **kw: Any) -> int:
        return self.add(db, ClientContact(client_id=client_id, name=name, **kw))[0]

    def touch(self, db: Database, client_id: int, occurred_at: datetime, **kw: Any) -> int:
        kw.setdefault("kind", InteractionKind.CALL)
        kw.setdefault("summary", "touch")
        return self.add(db, Interaction(client_id=client_id, occurred_at=occurred_at, **kw))[0]

    def project(self, db: Database, client_id: int, name: str, start_on: date, end_on: date, **kw: Any) -> int:
        return self.add(db, Project(client_id=client_id, name=name, start_on=start_on, end_on=end_on, **kw))[0]

    @staticmethod
    def count(db: Database, model: type) -> int:
        with db.read() as s:
            return int(s.execute(select(func.count()).select_from(model)).scalar_one())


@pytest.fixture
def seed() -> Seed:
    """Row factories for service tests (see :class:`Seed`)."""
    return Seed()
