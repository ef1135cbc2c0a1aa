#!/bin/sh
# `make bench`: generate the databases, measure every figure at every size
# side by side with its reference, and print one table, one line per figure
# (NAME: VALUE UNIT (goal GOAL) ok|missed) and the growth with the number of
# residents.  See BENCHMARKS.md.
#
# Environment (all optional):
#   BENCH_SIZES     resident counts to measure (default "10000 100000")
#   BENCH_GOAL_SIZE the size the goals are judged at (default 100000, or the
#                   largest size when 100000 is not measured)
#   BENCH_ENTRIES   ledger entries per resident (default 10) ...
#   BENCH_MAX_ENTRIES  ... but at most this many (default 1000000)
#   BENCH_DIR       where the databases are kept (default build/bench/data);
#                   a database is made again only when bench-gen is newer
#   BENCH_HLEDGER   0 to skip hledger (run at the goal size only)
#   BENCH_REUSE     1 to keep a size's results from an earlier run when they
#                   are newer than its database and the programs (to add a
#                   size, e.g. BENCH_SIZES="10000 100000 1000000")
#   JIFEN, BENCH_BIN   the program and the benchmark programs (from make)
set -eu

: "${BENCH_SIZES:=10000 100000}"
: "${BENCH_ENTRIES:=10}"
: "${BENCH_MAX_ENTRIES:=1000000}"
: "${BENCH_DIR:=build/bench/data}"
: "${BENCH_HLEDGER:=1}"
: "${BENCH_REUSE:=0}"
command -v hledger >/dev/null 2>&1 || BENCH_HLEDGER=0
: "${JIFEN:=build/jifen}"
: "${BENCH_BIN:=build/bench}"
GEN=$BENCH_BIN/gen
BENCH=$BENCH_BIN/bench
here=$(dirname "$0")
mkdir -p "$BENCH_DIR"
export TZ=CST-8 LANG=C.UTF-8 LANGUAGE=zh_CN
unset LC_ALL || true

if [ -z "${BENCH_GOAL_SIZE:-}" ]; then
	BENCH_GOAL_SIZE=
	for n in $BENCH_SIZES; do
		[ "$n" = 100000 ] && BENCH_GOAL_SIZE=100000
	done
	[ -n "$BENCH_GOAL_SIZE" ] || BENCH_GOAL_SIZE=$(echo $BENCH_SIZES | tr ' ' '\n' | sort -n | tail -1)
fi

log() { echo "bench: $*" >&2; }
start=$(date +%s)
log "sizes: $BENCH_SIZES; load: $(uptime | sed 's/.*load average: //')"

for n in $BENCH_SIZES; do
	e=$((n * BENCH_ENTRIES))
	[ "$e" -le "$BENCH_MAX_ENTRIES" ] || e=$BENCH_MAX_ENTRIES
	db=$BENCH_DIR/r$n-e$e.db
	csv=$BENCH_DIR/r$n.csv
	journal=$BENCH_DIR/r$n-e$e.journal
	res=$BENCH_DIR/results-$n.txt
	if [ ! -f "$db" ] || [ "$GEN" -nt "$db" ] || [ build/libjifen.a -nt "$db" ]; then
		log "generating $n residents, $e entries -> $db"
		rm -f "$db" "$db-wal" "$db-shm" "$journal"
		t0=$(date +%s)
		"$GEN" -r "$n" -e "$e" "$db.tmp" > "$BENCH_DIR/gen-$n.txt"
		mv "$db.tmp" "$db"
		echo "gen_s $(($(date +%s) - t0))" >> "$BENCH_DIR/gen-$n.txt"
	fi
	if [ ! -f "$csv" ] || [ "$GEN" -nt "$csv" ]; then
		"$GEN" --csv -r "$n" "$csv"
	fi
	# hledger at the goal size only: it takes minutes and gigabytes there
	hl=$BENCH_HLEDGER
	[ "$n" = "$BENCH_GOAL_SIZE" ] || hl=0
	if [ "$hl" = 1 ] && { [ ! -f "$journal" ] || [ "$db" -nt "$journal" ]; }; then
		JIFEN_PIN=2468 "$JIFEN" -d "$db" -o staff export --format ledger -o "$journal.tmp" \
			>/dev/null 2>&1
		mv "$journal.tmp" "$journal"
	fi
	[ "$hl" = 1 ] || journal=

	if [ "$BENCH_REUSE" = 1 ] && [ -f "$res" ] && [ "$res" -nt "$db" ] &&
		[ "$res" -nt "$BENCH" ] && [ "$res" -nt "$JIFEN" ]; then
		log "$n residents: results of $(date -r "$res" '+%H:%M') kept"
		continue
	fi
	log "$n residents: search"
	{
		echo "residents $n"
		echo "entries $e"
		echo "load $(cut -d' ' -f1 /proc/loadavg)"
		sed -n 's/.*gen_s \([0-9]*\).*/gen_s \1/p' "$BENCH_DIR/gen-$n.txt"
		"$BENCH" search "$db"
		log "$n residents: redemption commits"
		work=$BENCH_DIR/work.db
		cp "$db" "$work"
		"$BENCH" redeem "$work"
		rm -f "$work" "$work-wal" "$work-shm"
		log "$n residents: day reconciliation"
		"$BENCH" day "$db" 2025-12-31 day
		"$BENCH" day "$db" 2025-06-18 day_past
		log "$n residents: monthly notice"
		"$BENCH" notice "$db" "$here/notice.sql" $journal
		log "$n residents: counter screen and memory"
		"$BENCH" screen "$db" "$JIFEN"
		log "$n residents: CSV import"
		"$BENCH" import "$csv" "$JIFEN" "$BENCH_DIR"
		rm -f "$BENCH_DIR/import.db" "$BENCH_DIR/import.db-wal" "$BENCH_DIR/import.db-shm"
	} > "$res.tmp"
	mv "$res.tmp" "$res"
done

# --- the report ----------------------------------------------------------------
files=
for n in $BENCH_SIZES; do files="$files $BENCH_DIR/results-$n.txt"; done
cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
echo
echo "jifen benchmarks, $(date '+%Y-%m-%d %H:%M'), $cpu, $(nproc) cores," \
	"load $(uptime | sed 's/.*load average: //'), $(($(date +%s) - start)) s"
awk -v goal="$BENCH_GOAL_SIZE" -v sizes="$BENCH_SIZES" '
function v(n, k) { return ((n SUBSEP k) in val) ? val[n, k] : "" }
function f(x) { return x == "" ? "-" : (x >= 100 ? sprintf("%.0f", x) : (x >= 10 ? sprintf("%.1f", x) : sprintf("%.3g", x))) }
function ratio(a, b) { return (a == "" || b == "" || b + 0 == 0) ? "-" : sprintf("%.2f", a / b) }
function row(name, a, unit, rname, b) {
	printf "%-34s %10s %-4s %-30s %10s %-4s %7s\n", name, f(a), unit, rname, f(b), unit, ratio(a, b)
}
function line(name, value, unit, goaltext, ok) {
	printf "%s: %s %s (goal %s) %s\n", name, f(value), unit, goaltext, (value == "" ? "missed" : (ok ? "ok" : "missed"))
}
FNR == 1 { n = "" }
$1 == "residents" { n = $2 }
{ val[n, $1] = $2 }
END {
	g = goal
	printf "\nat %d residents, %d ledger entries:\n", g, v(g, "entries")
	printf "%-34s %15s %-30s %15s %7s\n", "figure", "jifen", "reference", "", "ratio"
	row("search per keystroke p50", v(g, "search_p50"), "ms", "bare index range p50", v(g, "search_ref_p50"))
	row("search per keystroke p99", v(g, "search_p99"), "ms", "bare index range p99", v(g, "search_ref_p99"))
	row("search per keystroke p99, CPU time", v(g, "search_cpu_p99"), "ms", "bare index range p99", v(g, "search_ref_p99"))
	row("redemption commit median", v(g, "redeem_median"), "ms", "4 KiB write+fdatasync median", v(g, "fsync_median"))
	row("redemption commit median, CPU time", v(g, "redeem_cpu_median"), "ms", "4 KiB write+fdatasync median", v(g, "fsync_median"))
	row("redemption commit p99", v(g, "redeem_p99"), "ms", "4 KiB write+fdatasync p99", v(g, "fsync_p99"))
	row("day reconciliation (" v(g, "day_redemptions") " redemptions)", v(g, "day_median"), "ms", "bare SQL sums of the day", v(g, "day_ref_median"))
	row("day reconciliation, CPU time", v(g, "day_cpu_median"), "ms", "bare SQL sums of the day", v(g, "day_ref_median"))
	row("day reconciliation, a past day", v(g, "day_past_median"), "ms", "bare SQL sums of the day", v(g, "day_past_ref_median"))
	row("monthly notice", v(g, "notice_median"), "ms", "sqlite3 shell, same SQL", v(g, "notice_sqlite_median"))
	row("monthly notice", v(g, "notice_median"), "ms", "hledger on exported journal", v(g, "notice_hledger"))
	row("open + first counter screen", v(g, "screen_median"), "ms", "sqlite3 shell open+query", v(g, "screen_ref_median"))
	row("import residents from CSV", v(g, "import_ms"), "ms", "sqlite3 .import, no checks", v(g, "import_ref_ms"))
	row("peak memory of the counter", v(g, "rss_kib") / 1024, "MiB", "sqlite3 shell, one query", v(g, "rss_ref_kib") / 1024)
	printf "(screen: %s ms from the start to the login screen + %s ms from Enter after the PIN to the counter screen)\n",
		f(v(g, "screen_login_screen")), f(v(g, "screen_counter_after_pin"))
	print ""

	ns = split(sizes, S, " ")
	lo = S[1]; hi = S[ns]
	line("search_p50", v(g, "search_p50"), "ms", "none, p99 <= 1 ms", 1)
	line("search_p99", v(g, "search_p99"), "ms", "<= 1 ms", v(g, "search_p99") <= 1)
	if (ns > 1 && hi + 0 > lo + 0) {
		# on the CPU time: the wall p99 of a shared machine is its load
		gr = v(hi, "search_cpu_p99") / v(lo, "search_cpu_p99")
		line("search_p99_cpu_growth", gr, "x for " hi / lo "x residents (" lo " to " hi ")", "< " hi / lo "x", gr < hi / lo)
		gr = v(hi, "search_p50") / v(lo, "search_p50")
		line("search_p50_growth", gr, "x for " hi / lo "x residents (" lo " to " hi ")", "< " hi / lo "x", gr < hi / lo)
	}
	lim = 4 * v(g, "fsync_median")
	line("redeem_commit_median", v(g, "redeem_median"), "ms", "<= 4 x fdatasync = " f(lim) " ms", v(g, "redeem_median") <= lim)
	line("redeem_commit_p99", v(g, "redeem_p99"), "ms", "none, fdatasync p99 " f(v(g, "fsync_p99")) " ms", 1)
	line("day_reconciliation", v(g, "day_median"), "ms", "<= 20 ms", v(g, "day_median") <= 20)
	lim = 1.5 * v(g, "notice_sqlite_median")
	line("monthly_notice", v(g, "notice_median"), "ms", "<= 1.5 x sqlite3 = " f(lim) " ms", v(g, "notice_median") <= lim)
	if (v(g, "notice_hledger") != "")
		line("monthly_notice_vs_hledger", v(g, "notice_median") / v(g, "notice_hledger"), "x hledger", "none, ratio printed", 1)
	line("open_first_screen", v(g, "screen_median"), "ms", "<= 50 ms", v(g, "screen_median") <= 50)
	line("import_csv", v(g, "import_ms") / 1000, "s", "<= 3 s", v(g, "import_ms") <= 3000)
	line("peak_memory", v(g, "rss_kib") / 1024, "MiB", "<= 32 MiB", v(g, "rss_kib") <= 32 * 1024)

	printf "\ngrowth with the number of residents (entries: %s per resident, at most %s):\n", ENVIRON["BENCH_ENTRIES"] ? ENVIRON["BENCH_ENTRIES"] : 10, ENVIRON["BENCH_MAX_ENTRIES"] ? ENVIRON["BENCH_MAX_ENTRIES"] : 1000000
	printf "%-34s", "figure"
	for (i = 1; i <= ns; i++) printf " %12s", S[i]
	printf "\n"
	split("entries search_p50 search_p99 search_cpu_p99 redeem_median redeem_cpu_median redeem_p99 fsync_median day_median day_cpu_median day_past_median notice_median notice_sqlite_median notice_hledger screen_median import_ms rss_kib gen_s load", K, " ")
	split("ledger entries|search p50 ms|search p99 ms|search p99 CPU ms|redemption median ms|redemption CPU median ms|redemption p99 ms|  fdatasync median ms|day reconciliation ms|day reconciliation CPU ms|a past day ms|monthly notice ms|  sqlite3 shell ms|  hledger ms|open + first screen ms|CSV import ms|counter peak KiB|generating the database s|load average (1 min)", L, "|")
	for (k = 1; k in K; k++) {
		printf "%-34s", L[k]
		for (i = 1; i <= ns; i++) printf " %12s", f(v(S[i], K[k]))
		printf "\n"
	}
}' $files
