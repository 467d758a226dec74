#!/usr/bin/env bash
# Set everything up on a fresh machine and run every test (Rust and Python).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${PYRER_VENV:-.venv}"
PY="${PYTHON:-python3}"

[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
echo "== building and installing pyrer (maturin, release) and the test tools"
"$VENV/bin/python" -m pip install --quiet ".[test]"

echo "== cargo test (pure Rust, no Python needed)"
(cd native && cargo test --quiet 2>&1 | tail -n 20)

echo "== pytest"

"$VENV/bin/python" -m pytest -q -p no:cacheprovider "$@"
