"""A private PostgreSQL server for tests that stop and start it (the shared one must stay up).

:class:`PrivateServer` runs ``initdb`` into a fresh folder under ``/tmp`` and ``pg_ctl``
start/stop on a free TCP port of 127.0.0.1 (trust auth, superuser ``postgres``). As root, the
commands run as the ``postgres`` user (``initdb`` refuses root); otherwise as the current user.
Without the server binaries the test skips with the reason — or fails in CI, where it must run.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest


def server_bin() -> Path:
    """The folder holding ``initdb`` and ``pg_ctl``, or skip (fail in CI)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    if on_path := shutil.which("initdb"):
        return Path(on_path).parent
    reason = "no PostgreSQL server binaries (initdb, pg_ctl) to run a private server"
    if os.environ.get("CI"):
        pytest.fail(f"the server-restart test must run in CI: {reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateServer:
    """One throwaway cluster; :meth:`start`, :meth:`stop`, :meth:`remove`."""

    def __init__(self) -> None:
        self.bin = server_bin()
        self.root = Path(tempfile.mkdtemp(prefix="amtui-pg-", dir="/tmp"))
        self.data = self.root / "data"
        self.port = free_port()
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            shutil.chown(self.root, user="postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{tool} failed ({result.returncode}): {result.stderr or result.stdout}")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "log"), "-w", "start")

    def stop(self) -> None:
        """A fast shutdown: sessions are cut, as in a server restart."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(RuntimeError):  # already stopped
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
