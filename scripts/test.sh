#!/usr/bin/env bash
# Install amtui with its test extras into ./.venv (created if missing) and run the test suite.
# PostgreSQL tests run when AMTUI_TEST_PG names a server, e.g.
#   AMTUI_TEST_PG=postgresql+psycopg://postgres@127.0.0.1:5432/test bash scripts/test.sh
# Extra arguments go to pytest (e.g. bash scripts/test.sh -k roster).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${AMTUI_VENV:-.venv}"
PY="${PYTHON:-python3}"
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[test]"
exec "$VENV/bin/python" -m pytest -n 2 "$@"
