#!/usr/bin/env bash
# Set everything up on a fresh machine, resolve the bundled example requests and check the example.
source "$(dirname "$0")/_venv.sh"

echo "== building and installing pyrer"
"$VENV/bin/python" -m pip install --quiet .
echo "== resolving examples/rez-requests.txt against examples/repo"
"$VENV/bin/pyrer" solve --paths examples/repo --requests examples/rez-requests.txt
echo
echo "== checking the example workspace: pyrer check (diagnostics as path:line:col)"
"$VENV/bin/pyrer" check examples --packages-path examples/repo || echo "(pyrer check exits 1 when it finds errors: the example has some on purpose)"
