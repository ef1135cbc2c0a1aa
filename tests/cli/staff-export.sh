#!/bin/sh
# Data out: jifen export --format csv|ledger (the journal read back by
# hledger with jifen's balances) and jifen backup.
. "$(dirname "$0")/lib.sh.inc"

demo

# staff only: the export holds every resident's name
run 5 export --format csv
err_has "-o 登录名"
run_env JIFEN_PIN=2468 5 -o counter export --format csv
export JIFEN_PIN=2468
run 2 -o staff export
run 2 -o staff export --format xml
err_has "xml"

# CSV: a header and one row per entry, with Excel's BOM when asked
run 0 -o staff export --format csv --bom -o "$T/ledger.csv"
CHECKS=$((CHECKS + 1))
[ "$(head -c 3 "$T/ledger.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "no BOM"
entries=$(sql "select count(*) from ledger")
equal "$(wc -l <"$T/ledger.csv" | tr -d ' ')" $((entries + 1)) "lines of the CSV"
equal "$(stat -c %a "$T/ledger.csv")" 600 "mode of the export"
run 0 -o staff export --format csv
out_has "编号,时间,营业日,类型"

# the journal: hledger reads it, checks every balance assertion in it, and
# shows each resident the balance jifen keeps
run 0 -o staff export --format ledger -o "$T/fx.journal"
CHECKS=$((CHECKS + 1))
grep -q '^; jifen 积分台账：府西社区' "$T/fx.journal" || fail "no header in the journal"
equal "$(grep -c ' ; jifen:[0-9]*' "$T/fx.journal")" "$entries" "transactions in the journal"
if command -v hledger >/dev/null 2>&1; then
	hledger -f "$T/fx.journal" balance --flat -N -O csv '^居民:' >"$T/hl.csv" 2>"$T/err" ||
		fail "hledger refused the journal: $(head -3 "$T/err")"
	# "居民:丁美英 #1","2 分" -> "1 2"
	sed -n 's/^"居民:.* #\([0-9]*\)","\(-*[0-9]*\) 分"$/\1 \2/p' "$T/hl.csv" | sort -n >"$T/hl.txt"
	sql "select id || ' ' || balance from residents where balance <> 0 order by id" >"$T/db.txt"
	CHECKS=$((CHECKS + 1))
	[ -s "$T/db.txt" ] || fail "no balances in the demo"
	cmp -s "$T/hl.txt" "$T/db.txt" ||
		fail "hledger's balances differ from jifen's: $(diff "$T/db.txt" "$T/hl.txt" | head -5)"
	total=$(hledger -f "$T/fx.journal" balance -N --depth 1 -O csv '^居民' | sed -n 's/^"居民","\(-*[0-9]*\) 分"$/\1/p')
	equal "$total" "$(sql "select sum(balance) from residents")" "all residents' points in hledger"
else
	echo "SKIP staff-export: hledger is not installed (make deps installs it); journal not read back"
fi

# backup: a new private file, a whole database with the same ledger
run 5 -o counter backup "$T/copy.db"
CHECKS=$((CHECKS + 1))
[ ! -e "$T/copy.db" ] || fail "a refused backup left a file"
run 0 -o staff backup "$T/copy.db"
out_has "已备份到 $T/copy.db"
equal "$(stat -c %a "$T/copy.db")" 600 "mode of the backup"
CHECKS=$((CHECKS + 1))
[ ! -e "$T/copy.db-wal" ] || fail "the backup is not one file"
"$JIFEN" audit | tail -1 >"$T/a1"
"$JIFEN" -d "$T/copy.db" audit | tail -1 >"$T/a2"
CHECKS=$((CHECKS + 1))
cmp -s "$T/a1" "$T/a2" || fail "the backup's chain head differs"
run 3 -o staff backup "$T/copy.db"
err_has "不会覆盖"
run 6 -o staff backup "$T/no/such/dir/copy.db"
run 2 -o staff backup

pass
