#!/usr/bin/env bash
# Set everything up on a fresh machine and run every test (Rust and Python).
source "$(dirname "$0")/_venv.sh"

echo "== building and installing pyrer (maturin, release) and the test tools"
"$VENV/bin/python" -m pip install --quiet ".[test]"

echo "== cargo fmt --check"
if cargo fmt --version >/dev/null 2>&1; then (cd native && cargo fmt --check); else echo "(rustfmt not installed: skipped)"; fi

echo "== cargo test (pure Rust, no Python needed)"
(cd native && cargo test --quiet 2>&1 | tail -n 20)

echo "== fuzz (short coverage-guided run of native/fuzz; FUZZ_SECONDS=0 skips it)"
if [ "${FUZZ_SECONDS:-12}" != "0" ]; then bash scripts/fuzz.sh; fi

echo "== pytest"
"$VENV/bin/python" -m pytest -q -p no:cacheprovider "$@"
