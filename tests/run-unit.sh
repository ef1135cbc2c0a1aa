#!/bin/sh
# Run each cmocka unit test binary given, TEST_JOBS at a time (see
# tests/run-par.sh); print one summary line at the end.
exec sh "$(dirname "$0")/run-par.sh" "unit test programs" "$@"
