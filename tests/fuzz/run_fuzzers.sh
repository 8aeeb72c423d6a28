#!/usr/bin/env bash
# Runs each fuzz target for a while and prints what it did: `make fuzz` (docs/fuzzing.md).
#   tests/fuzz/run_fuzzers.sh BUILD_DIR SECONDS [TARGET...]   (no TARGET: every target)
# Each target starts from its seed corpus, copied to BUILD_DIR/fuzz-work/<target>/corpus (the
# inputs a run finds stay there for the next run, never in the repository), with its
# dictionary. A crash, leak, timeout or wrong answer is kept in BUILD_DIR/fuzz-work/<target>/
# findings/ and named below; the script then exits 1. One target at a time, niced: the
# machine is shared.
set -uo pipefail

build=${1:?usage: run_fuzzers.sh BUILD_DIR SECONDS [TARGET...]}
seconds=${2:?usage: run_fuzzers.sh BUILD_DIR SECONDS [TARGET...]}
shift 2
here=$(cd "$(dirname "$0")" && pwd)
work=$build/fuzz-work
if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for dir in "$here"/corpus/*/; do targets+=("$(basename "$dir")"); done
fi

# The last value of libFuzzer's "stat::NAME:" lines, or of "NAME: N" in its final status line.
stat_of() { grep -o "stat::$1: *[0-9]*" "$2" | tail -1 | grep -o '[0-9]*$'; }
status_of() { grep -E '^#[0-9]+' "$2" | tail -1 | grep -o "$1: [0-9]*" | grep -o '[0-9]*$'; }

rows=()
found=()
for target in "${targets[@]}"; do
  program=$build/tests/fuzz/fuzz_$target
  [ -x "$program" ] || { echo "run_fuzzers: $program is missing (build the 'fuzzers' target)" >&2; exit 2; }
  # The findings of this run only: an earlier run's are fixed by now, or still in the corpus to replay.
  rm -rf "$work/$target/findings"
  mkdir -p "$work/$target/corpus" "$work/$target/findings"
  cp -n "$here/corpus/$target"/* "$work/$target/corpus/" 2>/dev/null
  log=$work/$target/log
  echo "fuzzing $target for ${seconds}s (log: $log)"
  # -timeout: an input taking 10 s is a hang (the generator's targets say "never a hang").
  nice -n 5 "$program" "$work/$target/corpus" -dict="$here/dict/$target.dict" -max_total_time="$seconds" \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$work/$target/findings/" >"$log" 2>&1
  findings=$(find "$work/$target/findings" -type f | wc -l)
  rows+=("$(printf '%-24s %12s %9s %7s %8s %9s' "$target" "$(stat_of number_of_executed_units "$log")" \
    "$(stat_of average_exec_per_sec "$log")" "$(status_of cov "$log")" "$(status_of ft "$log")" "$findings")")
  [ "$findings" -gt 0 ] && found+=("$work/$target/findings")
done

printf '\n%-24s %12s %9s %7s %8s %9s\n' target execs exec/s cov ft findings
printf '%s\n' "${rows[@]}"
if [ ${#found[@]} -gt 0 ]; then
  echo
  echo "findings (reproduce: <build>/tests/fuzz/fuzz_<target> FILE; keep the input in tests/fuzz/corpus/<target>/ with the fix):"
  find "${found[@]}" -type f
  exit 1
fi
