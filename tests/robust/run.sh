#!/bin/sh
# Run every other tests/robust/*.sh against $JIFEN (the real binary), as
# tests/run-cli.sh does for tests/cli; one summary line at the end.
# CRASH_ROUNDS: how many kills tests/robust/crash.sh makes (a few in
# `make check`, many in `make check-long`).
: "${JIFEN:?set JIFEN to the jifen binary}"
JIFEN=$(cd "$(dirname "$JIFEN")" && pwd)/$(basename "$JIFEN")
export JIFEN
command -v sqlite3 >/dev/null || { echo "tests/robust: needs the sqlite3 shell (make deps)"; exit 1; }
JIFEN_TEST_CACHE=$(mktemp -d "${TMPDIR:-/tmp}/jifen-cache.XXXXXX") || exit 1
export JIFEN_TEST_CACHE
trap 'rm -rf "$JIFEN_TEST_CACHE"' EXIT INT TERM
set --
for t in tests/robust/*.sh; do
  [ "$t" = tests/robust/run.sh ] && continue
  set -- "$@" "sh $t"
done
sh "$(dirname "$0")/../run-par.sh" "robustness scripts" "$@"
