#!/bin/sh
# The monthly public notice (jifen month report) in its three formats, and
# a resident's statement (jifen statement).
. "$(dirname "$0")/lib.sh.inc"

demo
MAY="day >= '2024-05-01' and day < '2024-06-01'"

run 0 month report 2024-05 --width 200
out_has "府西社区积分公示"
out_has "2024年5月"
out_has "丁*英"
out_lacks "丁美英"
out_has "【参与情况】"
out_has "【爱心鸣谢】"
out_has "【台账校验】"
earned=$(sql "select sum(points) from ledger where $MAY and (kind = 'award' or (kind = 'adjust' and points > 0))")
spent=$(sql "select coalesce(-sum(points), 0) from ledger where $MAY and kind in ('redeem', 'void')")
closing=$(sql "select sum(points) from ledger where day < '2024-06-01'")
out_has "本月获得 $earned 分，使用 $spent 分"
out_has "月末结余 $closing 分"
head=$(sql "select hash from ledger where day < '2024-06-01' order by id desc limit 1")
out_has "$head"
now=$(sql "select hash from ledger order by id desc limit 1")
out_has "$now"
cleanups=$(sql "select count(*) from (select distinct l.deed_date from ledger l join activities a
  on a.id = l.activity_id where a.code = 'C01' and l.kind = 'award' and l.$MAY)")
out_has "人居环境整治 $cleanups 次"
# full names: a staff login, and on the record
run 5 month report 2024-05 --full-names
run_env JIFEN_PIN=2468 5 -o counter month report 2024-05 --full-names
equal "$(sql "select count(*) from access_log")" 0 "access log after refused notices"
run_env JIFEN_PIN=2468 0 -o staff month report 2024-05 --full-names
out_has "丁美英"
equal "$(sql "select what || ' ' || detail from access_log")" "month-full-names 2024-05 text" \
  "access log"

# CSV: Excel's BOM, and the residents' closing balances add up to the ledger's
run 0 month report 2024-05 --format csv -o "$T/may.csv"
CHECKS=$((CHECKS + 1))
[ "$(head -c 3 "$T/may.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "no BOM in the CSV"
equal "$(stat -c %a "$T/may.csv")" 600 "mode of the CSV"
sum=$(tr -d '\r' <"$T/may.csv" | awk -F, '
  /^居民积分明细$/ { on = 1; head = 1; next }
  on && NF <= 1 { on = 0 }
  on && head { head = 0; next }
  on { s += $8; n++ }
  END { print s + 0, n + 0 }')
# on the notice: whoever had points before the month or an entry in it
people=$(sql "select count(*) from (select resident_id from ledger where day < '2024-06-01'
  group by resident_id having total(case when day < '2024-05-01' then points end) <> 0
  or max(day) >= '2024-05-01')")
equal "$sum" "$closing $people" "closing balances and residents in the CSV"

# HTML: a whole page for A4
run 0 month report 2024-05 --format html -o "$T/may.html"
CHECKS=$((CHECKS + 1))
head -c 15 "$T/may.html" | grep -q '<!DOCTYPE html>' || fail "not an HTML page"
grep -q '<title>府西社区积分公示 2024年5月</title>' "$T/may.html" || fail "no title"
grep -q '@page { size: A4' "$T/may.html" || fail "no A4 page size"
grep -q '@media print' "$T/may.html" || fail "no print style"
grep -q '</html>' "$T/may.html" || fail "the page does not end"
! grep -q '丁美英' "$T/may.html" || fail "a full name in the public notice"
rows=$(awk '/居民积分明细/ { on = 1 } on && /<\/tbody>/ { exit } on' "$T/may.html" | grep -c '<tr><td>')
equal "$rows" "$people" "rows in the HTML table"

# the month still running says so
run 0 month report 2024-06
out_has "本月尚未结束"
run 2 month report 2024-07
err_has "还没到"
run 2 month report 2024-5
run 2 month report 2024-05 --format pdf
err_has "pdf"
run 2 month report
run 2 month report 2024-05 --width 20

# a resident's statement for a period
run 0 statement dmy --from 2024-05-01 --to 2024-05-31
out_has "府西社区积分存折"
out_has "居民：丁美英"
out_has "期间：2024-05-01 至 2024-05-31"
out_has "上期结余"
run 0 statement dmy
bal=$(sql "select balance from residents where name = '丁美英'")
out_has "本期结余"
CHECKS=$((CHECKS + 1))
grep "本期结余" "$T/out" | grep -q " $bal 分" || fail "the statement does not end at the balance $bal"
run 0 statement dmy --printer
export JIFEN_CONFIG="$T/jifen.conf"
printf '[printer]\ndevice = %s/lp0\npaper = 80\n' "$T" >"$JIFEN_CONFIG"
: >"$T/lp0"
run 0 statement dmy --from 2024-05-01 --print
out_has "已送到打印机"
printf '积分存折' | iconv -f UTF-8 -t GB18030 >"$T/gb"
CHECKS=$((CHECKS + 1))
grep -qF "$(cat "$T/gb")" "$T/lp0" || fail "the statement did not reach the printer"
run 3 statement nobody --print
unset JIFEN_CONFIG
run 2 statement dmy --from 2024-06-01 --to 2024-05-01
run 3 statement 没有这个人

pass
