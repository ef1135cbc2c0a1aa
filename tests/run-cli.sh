#!/bin/sh
# Run every tests/cli/*.sh against $JIFEN (the real binary), TEST_JOBS at a
# time (see tests/run-par.sh); each script exits non-zero on the first
# failed check and says which.  The demo database is made once for all of
# them (JIFEN_TEST_CACHE, see demo in tests/cli/lib.sh.inc).
: "${JIFEN:?set JIFEN to the jifen binary}"
JIFEN=$(cd "$(dirname "$JIFEN")" && pwd)/$(basename "$JIFEN")
export JIFEN
JIFEN_TEST_CACHE=$(mktemp -d "${TMPDIR:-/tmp}/jifen-cache.XXXXXX") || exit 1
export JIFEN_TEST_CACHE
trap 'rm -rf "$JIFEN_TEST_CACHE"' EXIT INT TERM
set --
for t in tests/cli/*.sh; do
  [ -e "$t" ] && set -- "$@" "sh $t"
done
sh "$(dirname "$0")/run-par.sh" "command-line test scripts" "$@"
