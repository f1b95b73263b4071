"""Test isolation: every test gets its own workspace, never the developer's real one.

``db`` runs a test on SQLite and on PostgreSQL (when ``AMTUI_TEST_PG`` names a server);
each PostgreSQL test gets a fresh schema, dropped afterwards. In CI (``CI=true``) a missing
PostgreSQL server is an error, not a skip.
"""

from __future__ import annotations

import gc
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from amtui.config import DbTarget, resolve_target
from amtui.db import Database, open_database

PG_ENV = "AMTUI_TEST_PG"


@pytest.fixture(autouse=True)
def _modes_on_first_visit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Apps made in tests build each mode's screen on its first visit, which is what each test
    drives and counts; ``tests/ui/test_mode_warmer.py`` tests the idle-time building the CLI's
    app does (apps the tests start as subprocesses do it too)."""
    from amtui.app import AmtuiApp

    monkeypatch.setattr(AmtuiApp, "WARM_MODES", False)


@pytest.fixture(autouse=True)
def _isolate_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's AMTUI_DB / AMTUI_ME or touches their data or config dir."""
    monkeypatch.delenv("AMTUI_DB", raising=False)
    monkeypatch.delenv("AMTUI_ME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


def pg_base_url() -> str:
    """The PostgreSQL server for tests, or skip (fail in CI) with the reason."""
    raw = os.environ.get(PG_ENV)
    reason = None
    if not raw:
        reason = f"{PG_ENV} is not set (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)"
    else:
        try:
            engine = create_engine(raw, connect_args={"connect_timeout": 3})
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            engine.dispose()
        except Exception as exc:  # noqa: BLE001 - any failure means "no server"
            reason = f"PostgreSQL at {make_url(raw).render_as_string(hide_password=True)} does not answer: {type(exc).__name__}"
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL tests must run in CI: {reason}")
        pytest.skip(reason)
    return raw  # type: ignore[return-value]


@pytest.fixture
def pg_target() -> Iterator[DbTarget]:
    """A target on a fresh, empty PostgreSQL schema."""
    raw = pg_base_url()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(raw)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(raw).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield resolve_target(url.render_as_string(hide_password=False))
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def sqlite_target(tmp_path: Path) -> DbTarget:
    """A target for a new SQLite file in a new folder."""
    return resolve_target(str(tmp_path / "ws" / "amtui.db"))


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def any_target(request: pytest.FixtureRequest) -> DbTarget:
    """The same test on SQLite and on PostgreSQL."""
    name = "sqlite_target" if request.param == "sqlite" else "pg_target"
    return request.getfixturevalue(name)


@pytest.fixture
def db(any_target: DbTarget) -> Iterator[Database]:
    """An open, migrated, empty workspace on each backend."""
    database = open_database(any_target)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(sqlite_target: DbTarget) -> Iterator[Database]:
    """An open, migrated, empty SQLite workspace."""
    database = open_database(sqlite_target)
    yield database
    database.dispose()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """On an xdist worker, collect the run's garbage before the worker reports it has finished,
    then freeze what survives.

    pytest's unraisable-exception cleanup runs ``gc.collect()`` five times at unconfigure, after
    the worker has told the controller it is done. Over the heap a whole run leaves behind that
    took longer than the 5 s execnet waits before it interrupts a worker with SIGINT, and the
    KeyboardInterrupt surfaced as a PytestUnraisableExceptionWarning from inside hypothesis's gc
    callback. Collecting here (the unraisable hook is still installed, so nothing is missed) and
    freezing the survivors makes those five passes cheap.
    """
    if not hasattr(session.config, "workerinput"):
        return
    for _ in range(5):
        gc.collect()
    gc.freeze()
