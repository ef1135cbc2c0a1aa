#!/bin/sh
# Run every tests/cli/*.sh against $JIFEN (the real binary); each script
# exits non-zero on the first failed check and says which.
: "${JIFEN:?set JIFEN to the jifen binary}"
JIFEN=$(cd "$(dirname "$JIFEN")" && pwd)/$(basename "$JIFEN")
export JIFEN
pass=0; fail=0; failed=""
for t in tests/cli/*.sh; do
  [ -e "$t" ] || continue
  if sh "$t"; then pass=$((pass + 1)); else fail=$((fail + 1)); failed="$failed $t"; fi
done
echo "command-line test scripts: $pass passed, $fail failed"
[ "$fail" -eq 0 ] || { echo "failed:$failed"; exit 1; }
