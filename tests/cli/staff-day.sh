#!/bin/sh
# The staff's day: jifen day report, day close (a closed day refuses every
# entry and changes nothing), and the service vouchers.
. "$(dirname "$0")/lib.sh.inc"

demo
export JIFEN_PIN=2468
TODAY=2024-06-15
balance() { sql "select balance from residents where name = '$1'"; }

# two residents with points enough, and names nobody else has
R1=$(sql "select name from residents where balance >= 10 and active
  and name in (select name from residents group by name having count(*) = 1) order by id limit 1")
R2=$(sql "select name from residents where balance >= 10 and active and name <> '$R1'
  and name in (select name from residents group by name having count(*) = 1) order by id limit 1")
[ -n "$R1" ] && [ -n "$R2" ] || fail "no residents with points in the demo"

# a morning at the counter: two redemptions, one with a service voucher
run 0 -o counter redeem "$R1" 纸巾:2
NO1=$(sql "select no from receipts order by id desc limit 1")
run 0 -o counter redeem "$R2" 上门理发
NO2=$(sql "select no from receipts order by id desc limit 1")
BOOK=$(sql "select stock from items where code = 'ZJ01'")
run 0 -o staff stock count 纸巾 $((BOOK - 1)) --note "少了一包"

run 0 day report
out_has "府西社区爱心超市日结报表"
out_has "日期 $TODAY"
out_has "未日结"
out_has "兑换 2 笔"
out_has "纸巾 x2包"
out_has "上门理发 x1次"
out_has "$NO1"
out_has "$NO2"
out_has "未打印的小票"
out_has "服务券 发出 1 张"
out_has "差异"
out_has "1 种商品实盘与账面不符"

# the same report for scripts: every figure as the text report has it
run 0 day report --json
cp "$T/out" "$T/day.json"
json_valid "$T/day.json"
run 0 day report --width 100
cp "$T/out" "$T/day.txt"
HEAD=$(sql "select hash from ledger order by id desc limit 1")
CHECKS=$((CHECKS + 1))
python3 -c '
import json, re, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
text = open(sys.argv[2], encoding="utf-8").read()
def figure(label):
    m = re.search(r"^  " + label + r".*?(-?\d+) 分$", text, re.M)
    return int(m.group(1))
assert d["date"] == sys.argv[3], d["date"]
assert d["closed"] is False
assert d["head"] == sys.argv[4], (d["head"], sys.argv[4])
p = d["points"]
assert p["redemptions"] == 2 and -p["redeemed"] == figure("兑换"), p
assert p["returned"] == figure("作废退回") and p["awarded"] == figure("赋分"), p
assert p["adjusted"] == figure("调整"), p
assert p["opening"] == figure("全体居民结余 期初"), p
assert p["closing"] == figure("全体居民结余 期末"), p
assert p["closing"] == p["opening"] - p["redeemed"] + p["returned"] + p["awarded"] + p["adjusted"]
assert len(d["stock"]) > 0
for s in d["stock"]:
    line = re.search(r"^  " + re.escape(s["item"] + "（" + s["unit"] + "）") + r"(.*)$", text, re.M)
    want = [s["opening"], s["received"], s["redeemed"], s["returned"], s["adjusted"], s["expected"]]
    if s["counted"] is not None:
        want.append(s["counted"])
        if s["difference"]:
            want.append(s["difference"])
    got = [int(x) for x in re.findall(r"-?\d+", line.group(1))]
    assert got == want, (s, got)
    assert s["opening"] + s["received"] - s["redeemed"] + s["returned"] + s["adjusted"] == s["expected"]
zj = [s for s in d["stock"] if s["item"] == "纸巾"][0]
assert zj["difference"] == -1 and zj["adjusted"] == -1 and zj["counted"] == zj["expected"], zj
assert [s for s in d["stock"] if s["counted"] is None]
assert d["stock_differences"] == 1
assert len(d["unprinted"]) == 2 and d["unprinted"][0]["receipt"] in text
' "$T/day.json" "$T/day.txt" "$TODAY" "$HEAD" || fail "day report --json does not match the text report"
equal "$(sql "select stock from items where code = 'ZJ01'")" $((BOOK - 1)) "the book stock after the count"
run 2 day report --json --print
run 2 day report --json --width 80
run 0 day report "$TODAY" --printer
out_has "纸巾（包）"
run 0 day report "$TODAY" --width 100
run 2 day report 2024-02-30
err_has "2024-02-30"
run 2 day report "$TODAY" --width 10

# on the receipt printer: none configured, one that is off, a device file
export JIFEN_CONFIG="$T/jifen.conf"
: >"$JIFEN_CONFIG"
run 10 day report --print
printf '[printer]\ntcp = 127.0.0.1:1\ntimeout = 1\n' >"$JIFEN_CONFIG"
run 10 day report --print
printf '[printer]\ndevice = %s/lp0\npaper = 58\n' "$T" >"$JIFEN_CONFIG"
: >"$T/lp0"
run 0 day report --print
out_has "已送到打印机 $T/lp0"
equal "$(head -c 4 "$T/lp0" | od -An -tx1 | tr -d ' \n')" 1b401c26 "the printer's first bytes"
printf '日结报表' | iconv -f UTF-8 -t GB18030 >"$T/gb"
CHECKS=$((CHECKS + 1))
grep -qF "$(cat "$T/gb")" "$T/lp0" || fail "the printer was not sent the report in GB18030"
CHECKS=$((CHECKS + 1))
grep -qF "$NO1" "$T/lp0" || fail "the printed report lacks receipt $NO1"
unset JIFEN_CONFIG
run 2 day report a b

# the voucher for the haircut
VID=$(sql "select max(id) from vouchers")
run 0 voucher list
out_has "上门理发"
out_has "$R2"
out_has "待服务"
run 0 voucher list --json
json_valid "$T/out"
run 0 voucher list --resident "$R1"
out_lacks "上门理发"
run 5 -o counter voucher fulfil "$VID"
run 0 -o staff voucher fulfil "$VID" --note "理发店张师傅"
out_has "服务券 #$VID 已登记完成"
run 11 -o staff voucher fulfil "$VID"
err_has "已由 杨阿强"
run 3 -o staff voucher fulfil 99999
run 2 -o staff voucher fulfil abc
run 0 voucher list --all
out_has "已完成"
run 0 day report
out_has "服务券 完成 1 张"

# closing: staff only, once, never a day still to come
run 5 -o counter day close
run 2 -o staff day close 2024-06-16
err_has "还没到"
run 0 -o staff day close --note "盘点完毕"
out_has "已日结 $TODAY"
out_has "注意：1 种商品实盘与账面不符"
OPEN_BEFORE=$(sql "select count(distinct day) from (select day from ledger union select day from stock_moves) where day < '$TODAY'")
out_has "注意：之前还有 $OPEN_BEFORE 天没有日结（最近的是 $(sql "select max(day) from ledger where day < '$TODAY'")）"
run 3 -o staff day close "$TODAY"
err_has "已由 杨阿强"
equal "$(sql "select operator_id = (select id from operators where login = 'staff') from day_closes where day = '$TODAY'")" 1 "who closed the day"

# the closed day refuses every entry, and nothing changes
snap
run 4 -o counter redeem "$R1" 纸巾:1
err_has "已日结"
run 4 -o staff award "$R1" C01 --verifier 原冬梅
run 4 -o staff void "$NO1" --reason 错了
run 4 -o staff stock in 纸巾 10
run 4 -o staff stock count 纸巾 1
run 4 -o admin adjust "$R1" 5 --reason 补录
unchanged "entries on a closed day"
run 0 day report "$TODAY"
out_has "已日结 杨阿强"
out_has "日结备注：盘点完毕"
run 0 day report "$TODAY" --json
CHECKS=$((CHECKS + 1))
python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["closed"] is True and d["closed_by"] == "杨阿强" and d["note"] == "盘点完毕", d
assert d["head"] == sys.argv[2], (d["head"], sys.argv[2])
' "$T/out" "$(sql "select ledger_head from day_closes where day = '$TODAY'")" ||
  fail "the closed day in JSON"

# the next day is open: the correction goes there
BEFORE=$(balance "$R1")
run_env JIFEN_NOW=$((JIFEN_NOW + 86400)) 0 -o staff void "$NO1" --reason 错了
equal "$(balance "$R1")" $((BEFORE + 4)) "$R1 after the void"
run_env JIFEN_NOW=$((JIFEN_NOW + 86400)) 0 day report
out_has "日期 2024-06-16"
out_has "作废退回 1 笔"
out_has "（$TODAY 的小票）"
out_has "错了"

# a clock set back before the closed day writes nothing
snap
run_env JIFEN_NOW=$((JIFEN_NOW - 86400)) 4 -o counter redeem "$R1" 纸巾:1
err_has "早于最近一笔记录 2024-06-16 10:00"
unchanged "a redemption dated before a closed day"
run 0 audit

# names that need escaping in JSON: a quote, a backslash, control bytes
tamper "update items set name = 'A\"B\\C' || char(9) || char(1) || 'D' where code = 'ZJ01'"
run 0 day report "$TODAY" --json
CHECKS=$((CHECKS + 1))
python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert any(s["item"] == "A\"B\\C\t\x01D" for s in d["stock"]), [s["item"] for s in d["stock"]]
' "$T/out" || fail "a name with a quote, a backslash and control bytes in JSON"

pass
