#!/usr/bin/env bash
# Set everything up on a fresh machine and resolve the bundled example requests.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${PYRER_VENV:-.venv}"
PY="${PYTHON:-python3}"

[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
echo "== building and installing pyrer"
"$VENV/bin/python" -m pip install --quiet .
echo "== resolving examples/rez-requests.txt against examples/repo"
"$VENV/bin/pyrer" solve --paths examples/repo --requests examples/rez-requests.txt
echo
echo "== checking the example workspace: pyrer check (diagnostics as path:line:col)"
"$VENV/bin/pyrer" check examples --packages-path examples/repo || echo "(pyrer check exits 1 when it finds errors: the example has some on purpose)"
