#!/bin/sh
# Run test commands a few at a time and print one summary line at the end.
# Usage: run-par.sh WHAT COMMAND...   (each COMMAND a shell command line)
# TEST_JOBS commands run at once (2 unless set; 1 runs them one by one).
# Each command's output goes to a file and is printed whole when it ends,
# so that tests running side by side stay readable; the exit status is 1
# if any command failed, and the summary names those.
what=$1
shift
jobs=${TEST_JOBS:-2}
dir=$(mktemp -d "${TMPDIR:-/tmp}/jifen-run.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT INT TERM
n=0
for c in "$@"; do
  n=$((n + 1))
  printf '%s\n' "$c" >"$dir/cmd.$n"
done
[ "$n" -gt 0 ] || { echo "$what: 0 passed, 0 failed"; exit 0; }

# one job: run command N, keep its status, print its output in one piece
export dir
seq 1 "$n" | xargs -P "$jobs" -I{} sh -c '
  cmd=$(cat "$dir/cmd.$1")
  sh -c "$cmd" >"$dir/out.$1" 2>&1
  echo $? >"$dir/rc.$1"
  if command -v flock >/dev/null 2>&1; then
    flock "$dir/lock" cat "$dir/out.$1"
  else
    cat "$dir/out.$1"
  fi' sh {}

pass=0; fail=0; failed=""
i=0
while [ $i -lt "$n" ]; do
  i=$((i + 1))
  if [ "$(cat "$dir/rc.$i" 2>/dev/null)" = 0 ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1)); failed="$failed $(cat "$dir/cmd.$i")"
  fi
done
echo "$what: $pass passed, $fail failed"
[ "$fail" -eq 0 ] || { echo "failed:$failed"; exit 1; }
