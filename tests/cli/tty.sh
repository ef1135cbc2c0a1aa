#!/bin/sh
# PINs asked on the terminal: without echo, twice for a new PIN.  The
# terminal is a pseudo-terminal made by script(1); each answer is typed only
# once the prompt has appeared, as a person would.
. "$(dirname "$0")/lib.sh.inc"

if ! command -v script >/dev/null 2>&1; then
  echo "tty: script(1) is not installed; PIN prompts not checked"
  pass
fi

# on_tty TRANSCRIPT COMMAND ANSWER...: run COMMAND (a shell command line) on
# a pseudo-terminal; type each ANSWER after the next prompt ("：" or ":").
# The exit status is COMMAND's.
on_tty() {
  ts=$1
  cmd=$2
  shift 2
  : >"$ts"
  {
    n=0
    for answer in "$@"; do
      n=$((n + 1))
      i=0
      while [ "$(grep -o 'PIN\|再输入' "$ts" 2>/dev/null | wc -l)" -lt "$n" ] && [ $i -lt 300 ]; do
        sleep 0.1
        i=$((i + 1))
      done
      printf '%s\n' "$answer"
    done
    sleep 1
  } | timeout 60 script -qfec "$cmd" /dev/null >"$ts"
}

export JIFEN_PIN
unset JIFEN_PIN

# init asks for the first admin's PIN twice
on_tty "$T/init.txt" "'$JIFEN' -o admin init --test" 7531 7531
st=$?
CHECKS=$((CHECKS + 1))
[ "$st" -eq 0 ] || fail "init on a terminal exited $st: $(cat "$T/init.txt")"
CHECKS=$((CHECKS + 1))
! grep -q 7531 "$T/init.txt" || fail "the PIN was echoed: $(cat "$T/init.txt")"
equal "$(sql "select login from operators")" admin "first admin made on the terminal"

# a login asks once, without echo
on_tty "$T/add.txt" "'$JIFEN' -o admin resident add 终端居民" 7531
st=$?
CHECKS=$((CHECKS + 1))
[ "$st" -eq 0 ] || fail "resident add on a terminal exited $st: $(cat "$T/add.txt")"
CHECKS=$((CHECKS + 1))
grep -q 'PIN' "$T/add.txt" || fail "no PIN prompt: $(cat "$T/add.txt")"
CHECKS=$((CHECKS + 1))
! grep -q 7531 "$T/add.txt" || fail "the PIN was echoed: $(cat "$T/add.txt")"
equal "$(sql "select count(*) from residents where name = '终端居民'")" 1 "resident added after the prompt"

# a wrong PIN typed on the terminal is refused like one from JIFEN_PIN
on_tty "$T/wrong.txt" "'$JIFEN' -o admin resident add 另一位" 1111
st=$?
equal "$st" 5 "exit status after a wrong PIN on the terminal"
equal "$(sql "select count(*) from residents where name = '另一位'")" 0 "nothing added after a wrong PIN"

# two different new PINs: refused, nothing written
on_tty "$T/new.txt" "'$JIFEN' -o admin operator add vol 志愿者 --role volunteer" 7531 2468 2469
st=$?
equal "$st" 2 "exit status after two different new PINs"
equal "$(sql "select count(*) from operators")" 1 "no operator added"

pass
