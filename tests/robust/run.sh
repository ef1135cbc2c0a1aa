#!/bin/sh
# Run every other tests/robust/*.sh against $JIFEN (the real binary), as
# tests/run-cli.sh does for tests/cli; one summary line at the end.
: "${JIFEN:?set JIFEN to the jifen binary}"
JIFEN=$(cd "$(dirname "$JIFEN")" && pwd)/$(basename "$JIFEN")
export JIFEN
command -v sqlite3 >/dev/null || { echo "tests/robust: needs the sqlite3 shell (make deps)"; exit 1; }
pass=0; fail=0; failed=""
for t in tests/robust/*.sh; do
  [ "$t" = tests/robust/run.sh ] && continue
  if sh "$t"; then pass=$((pass + 1)); else fail=$((fail + 1)); failed="$failed $t"; fi
done
echo "robustness scripts: $pass passed, $fail failed"
[ "$fail" -eq 0 ] || { echo "failed:$failed"; exit 1; }
