#!/bin/sh
# Crashes with the real binary: `jifen redeem` and `jifen award` run in a
# loop and the loop is killed with SIGKILL at random moments, again and
# again.  Afterwards `jifen audit` passes, and every redemption the command
# line printed (it prints after the commit) is in the file with its total.
# (tests/unit/test_crash.c does the same through the library, hundreds of
# times; this is the command a clerk types.)
. "$(dirname "$0")/../cli/lib.sh.inc"

# how many kills: a few in `make check`, many in `make check-long`
ROUNDS=${CRASH_ROUNDS:-12}
demo
export JIFEN_PIN=2468
cards=$(sql "select card from residents where active and card is not null
             order by balance desc limit 3")
set -- $cards
[ $# -eq 3 ] || fail "no three residents in the demo"
for c in "$@"; do run 0 -o admin adjust "$c" 5000 --reason "压力测试补录"; done
before=$(sql "select count(*) from receipts")

# sql with a busy timeout: a killed jifen in the middle of an fsync holds
# its lock until the kernel lets it die
q() {
	sqlite3 -batch -cmd ".timeout 10000" "$JIFEN_DB" "$1"
}

# a random number of milliseconds below $1
ms() {
	n=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
	echo $((n % $1))
}

: >"$T/printed"
k=0
while [ $k -lt $ROUNDS ]; do
	k=$((k + 1))
	# its own session (process group), so that the loop and the jifen it
	# runs die together; it says its group's number in $T/pg
	rm -f "$T/pg"
	setsid sh -c '
		echo $$ >"$4"
		while :; do
			"$JIFEN" -o counter redeem "$1" ZJ01 XZ01:2 --json
			"$JIFEN" -o counter redeem "$2" FW03 LJD01 --json
			"$JIFEN" -o staff award "$3" V01 --verifier 原冬梅 >/dev/null
		done' sh "$1" "$2" "$3" "$T/pg" >>"$T/printed" 2>>"$T/crash-err" &
	n=0
	while [ ! -s "$T/pg" ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n + 1)); done
	pg=$(cat "$T/pg")
	[ -n "$pg" ] || fail "the loop did not start"
	sleep "$(printf '0.%03d' "$(ms 400)")"
	# procps kill: the shell's own cannot signal a group
	env kill -KILL -- "-$pg" || fail "could not kill the group $pg"
	wait
	# every process of the group gone (a kill waits for an fsync to end)
	n=0
	while env kill -0 -- "-$pg" 2>/dev/null && [ $n -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	env kill -0 -- "-$pg" 2>/dev/null && fail "group $pg still alive after SIGKILL"
done

run 0 audit
out_has "台账完好"
# no command met a damaged, busy or failing database on its way
CHECKS=$((CHECKS + 1))
! grep -E '损坏|正忙|读写失败|出错|校验失败|不是 jifen' "$T/crash-err" >"$T/err" ||
	fail "a command failed between the kills: $(head -1 "$T/err")"
# a line cut by the kill is no report; every whole one is in the file
grep -o '"receipt":"[0-9-]*","resident":"[^"]*","total":[0-9]*' "$T/printed" |
	sed 's/"receipt":"\([0-9-]*\)".*"total":\([0-9]*\)/\1 \2/' >"$T/receipts"
reported=$(wc -l <"$T/receipts")
[ "$reported" -ge 1 ] || fail "no redemption got through in $ROUNDS rounds: $(head -3 "$T/crash-err")"
while read -r no total; do
	CHECKS=$((CHECKS + 1))
	[ "$(q "select count(*) from receipts r join ledger l on l.receipt_id = r.id
	          and l.kind = 'redeem' where r.no = '$no' and r.total = $total")" = 1 ] ||
		fail "printed receipt $no ($total points) is not in the file"
done <"$T/receipts"
in_file=$(($(q "select count(*) from receipts") - before))
CHECKS=$((CHECKS + 1))
[ "$in_file" -ge "$reported" ] && [ "$in_file" -le $((reported + ROUNDS)) ] ||
	fail "$in_file receipts in the file, $reported printed, $ROUNDS kills"
# and the next clerk goes on working
run 0 -o counter redeem "$1" ZJ01
run 0 audit
pass
