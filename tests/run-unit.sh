#!/bin/sh
# Run each cmocka unit test binary given, TEST_JOBS at a time (see
# tests/run-par.sh); print one summary line at the end.  The programs with
# the largest sources (tests/unit/NAME.c) start first, so that a long one
# does not end up running alone at the end.
set -- $(for t in "$@"; do
  printf '%s %s\n' "$(wc -c 2>/dev/null <"tests/unit/$(basename "$t").c" || echo 0)" "$t"
done | sort -rn | cut -d' ' -f2-)
exec sh "$(dirname "$0")/run-par.sh" "unit test programs" "$@"
