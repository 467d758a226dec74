#!/usr/bin/env bash
# A short coverage-guided fuzz run of every target in native/fuzz (cargo-fuzz + libFuzzer), on stable Rust.
# FUZZ_SECONDS per target (default 12: about a minute in all); a crash fails the run and leaves its input in
# native/fuzz/artifacts/<target>/. New inputs go to a temporary folder, never into the committed corpus.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../native"
SECONDS_PER_TARGET="${FUZZ_SECONDS:-12}"
TOOLS="${PYRER_TOOLS:-$HOME/.cache/pyrer-tools}"
export PATH="$TOOLS/bin:$PATH"
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "(installing cargo-fuzz into $TOOLS)"
    cargo install --quiet --locked --root "$TOOLS" cargo-fuzz
fi
# libFuzzer's instrumentation flags are nightly-only; RUSTC_BOOTSTRAP lets stable accept them (no sanitizer)
export RUSTC_BOOTSTRAP=1
cargo fuzz build --sanitizer none -O 2>&1 | tail -n 2
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
total=0
for target in version range requirement package_py solve; do
    mkdir -p "$scratch/$target"
    log="$scratch/$target.log"
    if ! cargo fuzz run --sanitizer none -O "$target" "$scratch/$target" "fuzz/corpus/$target" -- \
        -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1; then
        tail -n 40 "$log"
        echo "fuzz target $target FAILED (input saved under native/fuzz/artifacts/$target/)"
        exit 1
    fi
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
    total=$((total + ${runs:-0}))
    echo "fuzz $target: ${runs:-0} inputs in ${SECONDS_PER_TARGET}s, $(ls "$scratch/$target" | wc -l) new, no crash"
done
echo "fuzz: $total inputs executed, 0 crashes"
