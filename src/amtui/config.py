"""Where the workspace database lives: ``--db`` flag, else ``AMTUI_DB``, else the user data dir.

A target is either a SQLite file path or a SQLAlchemy URL. URLs are kept as
:class:`sqlalchemy.engine.URL` objects, whose ``repr``/``str`` mask the password, so a
password never reaches a log line, an error message or Textual's crash screen.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

ENV_DB = "AMTUI_DB"
IN_MEMORY = "an in-memory SQLite database cannot hold a workspace; give a file path"
APP_NAME = "amtui"
SECRET_QUERY_KEYS = frozenset({"password", "sslpassword"})
"""libpq also takes a password in the query string (``?password=…``); it is masked like the other."""


_LIBPQ_KEYWORD = re.compile(r"(?:^|\s)(?:host|hostaddr|port|dbname|user|password|sslmode|service)=")


class ConfigError(Exception):
    """The database location cannot be understood."""


@dataclass(frozen=True)
class DbTarget:
    """A resolved workspace location: a SQLite file or a server URL."""

    url: URL
    path: Path | None  # the SQLite file, None for servers

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def display(self) -> str:
        """Human-readable location with any password masked."""
        if self.path is not None:
            return str(self.path)
        url = self.url
        secrets = {key: "***" for key in url.query if key.lower() in SECRET_QUERY_KEYS}
        shown = (url.update_query_dict(secrets) if secrets else url).render_as_string(hide_password=True)
        return shown.replace("=%2A%2A%2A", "=***")

    def __repr__(self) -> str:  # never show a password, even in tracebacks
        return f"DbTarget({self.display!r})"


def default_db_path() -> Path:
    """The workspace file in the user data directory (platform-specific)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "amtui.db"


def resolve_target(flag: str | None = None, env: dict[str, str] | None = None) -> DbTarget:
    """Resolve ``--db`` > ``AMTUI_DB`` > the default file into a :class:`DbTarget`."""
    environ = os.environ if env is None else env
    raw = flag or environ.get(ENV_DB) or None
    if raw is None:
        return _sqlite_target(default_db_path())
    if raw == ":memory:":  # SQLite's in-memory name, not a file to create in the current folder
        raise ConfigError(IN_MEMORY)
    if "://" not in raw and _LIBPQ_KEYWORD.search(raw):  # not a file to name after a password
        raise ConfigError("that looks like a libpq connection string (key=value …); give a URL instead, "
                          "e.g. postgresql+psycopg://user@host/db")
    if "://" in raw:
        try:
            url = make_url(raw)
        except (ArgumentError, ValueError):  # ValueError: a port that is not a number
            raise ConfigError("could not read the database URL (expected e.g. postgresql+psycopg://user@host/db)") from None
        backend = url.get_backend_name()
        if backend == "sqlite":
            if not url.database or url.database == ":memory:":
                raise ConfigError(IN_MEMORY)
            return _sqlite_target(Path(url.database))
        if backend != "postgresql":
            raise ConfigError(f"unsupported database {backend!r}: use a SQLite file path or postgresql+psycopg://…")
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        return DbTarget(url=url, path=None)
    return _sqlite_target(Path(raw))


def _sqlite_target(path: Path) -> DbTarget:
    path = path.expanduser().absolute()
    return DbTarget(url=URL.create("sqlite", database=str(path)), path=path)
