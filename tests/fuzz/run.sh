#!/bin/sh
# Run each libFuzzer harness given with the options given (a short run in
# `make check`, long ones in `make fuzz`), starting from its seeds in
# tests/fuzz/corpus/NAME/ and what earlier runs found in BUILD/corpus/NAME/.
# Usage: run.sh BUILD 'OPTIONS' HARNESS...
# The harnesses run TEST_JOBS at a time (tests/run-par.sh), each by this
# script again with FUZZ_ONE set.
build=$1; opts=$2; shift 2
if [ -z "${FUZZ_ONE:-}" ]; then
  for h in "$@"; do
    set -- "$@" "FUZZ_ONE=1 sh $0 '$build' '$opts' $h"
    shift
  done
  exec sh "$(dirname "$0")/../run-par.sh" "fuzz harnesses" "$@"
fi
pass=0; fail=0
for h in "$@"; do
  name=$(basename "$h")
  seeds=tests/fuzz/corpus/$name
  work=$build/corpus/$name
  mkdir -p "$work" "$seeds"
  dict=""; [ -f "tests/fuzz/$name.dict" ] && dict="-dict=tests/fuzz/$name.dict"
  # shellcheck disable=SC2086
  if "$h" $opts $dict -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$build/crash-$name-" "$work" "$seeds" >"$build/$name.log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/$name.log")
    echo "fuzz $name: ${runs:-?} inputs, no crash"
    pass=$((pass + 1))
  else
    echo "FUZZ $name FAILED; the input is in $build/crash-$name-*; the end of $build/$name.log:"
    tail -40 "$build/$name.log"
    fail=$((fail + 1))
  fi
done
[ "$fail" -eq 0 ]
