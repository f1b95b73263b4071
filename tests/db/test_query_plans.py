"""Today's counts and the roster's facts read their indexes on SQLite, not table scans."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event

from amtui.config import resolve_target
from amtui.db import Database, open_database
from amtui.services import today as today_service
from amtui.services.roster_query import load_all_facts
from amtui.services.today import cleared_queries


def test_cleared_today_counts_search_their_indexes(tmp_path: Path) -> None:
    db = open_database(resolve_target(str(tmp_path / "amtui.db")))
    try:
        start, end = datetime(2026, 11, 24, tzinfo=UTC), datetime(2026, 11, 25, tzinfo=UTC)
        plans = []
        with db.read() as session:
            conn = session.connection()
            for query in cleared_queries(start, end):
                compiled = query.compile(conn, compile_kwargs={"literal_binds": False})
                rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", tuple(compiled.params.values())).all()
                plans.append(" ".join(str(r[-1]) for r in rows))
        follow_ups, tasks = plans
        assert "USING INDEX ix_interaction_done_follow_up" in follow_ups, follow_ups
        assert "COVERING INDEX ix_task_status_completed_at" in tasks or \
            "USING INDEX ix_task_status_completed_at" in tasks, tasks
        assert "SCAN" not in follow_ups + tasks
    finally:
        db.dispose()


def _plans_of(db: Database, run: Callable[[], object]) -> list[str]:
    """The SQLite query plan of every statement ``run`` executes."""
    statements: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, params))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        run()
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    with db.engine.connect() as conn:
        return [" ".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params).all())
                for sql, params in statements]


def test_roster_facts_and_todays_tasks_read_their_covering_indexes(tmp_path: Path) -> None:
    db = open_database(resolve_target(str(tmp_path / "amtui.db")))
    try:
        today, tz = date(2026, 11, 24), ZoneInfo("Europe/Berlin")
        facts = " | ".join(_plans_of(db, lambda: load_all_facts(db, today, tz)))
        queue = " | ".join(_plans_of(db, lambda: today_service._follow_ups_and_tasks(db, today)))
        # Newest sentiments and last contact from the index alone; open tasks from the partial index.
        assert facts.count("COVERING INDEX ix_interaction_client_recent") == 2, facts
        assert "INDEX ix_task_open_project" in facts and not re.search(r"SCAN task(?! USING)", facts), facts
        assert "INDEX ix_task_open_project" in queue and "ix_task_status_due_on" not in queue, queue
    finally:
        db.dispose()
