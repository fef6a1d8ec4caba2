#!/usr/bin/env bash
# Runs the Finish end-to-end tests (tests/e2e_wizard_finish.rs) RUNS times in a row while every
# CPU core is kept busy, and prints how many passed. Not part of ./dev test: it proves that
# Finish is enabled by the saved outcome, not by timing, on a machine as busy as CI's.
#
#   scripts/finish-under-load.sh [RUNS]     (default 10)
#
# The load is stress-ng when it is installed, otherwise one shell busy loop per core.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
cores=$(nproc)

cargo test --locked --test e2e_wizard_finish --no-run >/dev/null 2>&1 || { echo "the tests do not build" >&2; exit 2; }

load_pids=()
stop_load() { for pid in "${load_pids[@]}"; do kill "$pid" 2>/dev/null; done; wait 2>/dev/null; }
trap stop_load EXIT
if command -v stress-ng >/dev/null; then
  stress-ng --cpu "$cores" --quiet &
  load_pids+=($!)
else
  for _ in $(seq "$cores"); do
    ( while :; do :; done ) &
    load_pids+=($!)
  done
fi
echo "load: ${#load_pids[@]} process(es) keeping $cores core(s) busy"

passed=0
for i in $(seq "$runs"); do
  log=$(mktemp)
  if NO_AT_BRIDGE=1 cargo test --locked --test e2e_wizard_finish >"$log" 2>&1; then
    passed=$((passed + 1))
    echo "run $i: passed"
  else
    echo "run $i: FAILED"
    grep -E "panicked|timed out" "$log" | head -5
  fi
  rm -f "$log"
done
echo "Finish under load: $passed/$runs passed"
[ "$passed" -eq "$runs" ]
