"""Today's "cleared today" counts are index range searches on SQLite, not table scans."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from amtui.config import resolve_target
from amtui.db import open_database
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
