#!/usr/bin/env bash
# Install amtui into ./.venv (created if missing) and open it on the demo workspace.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${AMTUI_VENV:-.venv}"
PY="${PYTHON:-python3}"
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e .
exec "$VENV/bin/amtui" demo "$@"
