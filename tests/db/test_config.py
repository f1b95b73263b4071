"""Where the workspace lives, and that a database password never shows."""

from __future__ import annotations

import traceback
from pathlib import Path

import pytest

from amtui.config import ENV_DB, ConfigError, resolve_target
from amtui.db import Database, DatabaseError, make_engine, open_database

SECRET = "s3cr3tpw"
PG_WITH_PASSWORD = f"postgresql://alice:{SECRET}@db.example.com:5432/agency"
UNREACHABLE = f"postgresql+psycopg://u:{SECRET}@127.0.0.1:1/x"


def test_flag_beats_env_beats_default(tmp_path: Path) -> None:
    flag, env = tmp_path / "flag.db", tmp_path / "env.db"
    assert resolve_target(str(flag), env={ENV_DB: str(env)}).path == flag
    assert resolve_target(None, env={ENV_DB: str(env)}).path == env
    assert resolve_target("", env={ENV_DB: str(env)}).path == env
    default = resolve_target(None, env={}).path
    assert default == tmp_path / "xdg-data" / "amtui" / "amtui.db"  # conftest points XDG_DATA_HOME here


def test_env_read_from_process_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_DB, str(tmp_path / "from-env.db"))
    assert resolve_target().path == tmp_path / "from-env.db"
    monkeypatch.delenv(ENV_DB)
    assert resolve_target().path == tmp_path / "xdg-data" / "amtui" / "amtui.db"


def test_relative_and_home_paths_become_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert resolve_target("ws.db", env={}).path == tmp_path / "ws.db"
    assert resolve_target("~/ws.db", env={}).path == tmp_path / "home" / "ws.db"
    assert resolve_target(f"sqlite:///{tmp_path}/u.db", env={}).path == tmp_path / "u.db"


@pytest.mark.parametrize(("raw", "driver"), [
    ("postgresql://u@h/db", "postgresql+psycopg"),
    ("postgresql+psycopg://u@h/db", "postgresql+psycopg"),
])
def test_postgresql_urls_use_psycopg(raw: str, driver: str) -> None:
    target = resolve_target(raw, env={})
    assert target.url.drivername == driver
    assert target.path is None and not target.is_sqlite
    assert make_engine(target).dialect.driver == "psycopg"


@pytest.mark.parametrize(("raw", "message"), [
    ("mysql://u@h/db", "unsupported database"),
    ("oracle://u@h/db", "unsupported database"),
    ("sqlite:///:memory:", "in-memory"),
    ("sqlite://", "in-memory"),
    (":memory:", "in-memory"),
])
def test_unsupported_and_in_memory_refused(raw: str, message: str, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match=message):
        resolve_target(raw, env={})
    assert list(tmp_path.iterdir()) == []  # in particular no file called ':memory:'


def test_target_never_shows_password() -> None:
    target = resolve_target(PG_WITH_PASSWORD, env={})
    assert target.url.password == SECRET  # the password is kept, just never shown
    shown = [repr(target), str(target), f"{target}", target.display, repr(target.url), str(target.url),
             repr(vars(target)), repr(Database(target, make_engine(target)))]
    for text in shown:
        assert SECRET not in text, text
    assert "alice:***@db.example.com" in target.display


def test_unreachable_server_error_hides_password() -> None:
    target = resolve_target(UNREACHABLE, env={})
    with pytest.raises(DatabaseError) as info:
        open_database(target)
    message = str(info.value)
    assert message.startswith("cannot use the workspace at postgresql+psycopg://u:***@127.0.0.1:1/x")
    assert SECRET not in message
    full = "".join(traceback.format_exception(info.value))  # what a crash report would print
    assert SECRET not in full
