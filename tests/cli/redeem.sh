#!/bin/sh
# jifen redeem and jifen void: atomic carts, refusals that write nothing,
# and a receipt voided once.
. "$(dirname "$0")/lib.sh.inc"

demo
export JIFEN_PIN=2468

# a fresh resident with a known balance: 3 + 3 + 2 = 8 points
run 0 -o staff resident add 测试居民 --compound 公安小区 --building 9 --unit 1 --room 101
run 0 -o staff award 测试居民 G04 --verifier 原冬梅
run 0 -o staff award 测试居民 G04 --verifier 原冬梅
run 0 -o staff award 测试居民 为居民义务理发 --verifier 原冬梅
run 0 passbook 测试居民 --json
equal "$(json "$T/out" '$.balance')" 8 "starting balance"

zj_stock() { sql "select stock from items where name = '纸巾'"; }
s0=$(zj_stock)

# a volunteer redeems two packs of tissues by pinyin initials: 4 points
run 0 -o counter redeem 测试居民 zj:2 --json
json_valid "$T/out"
receipt=$(json "$T/out" '$.receipt')
CHECKS=$((CHECKS + 1))
[ -n "$receipt" ] || fail "no receipt number"
equal "$(json "$T/out" '$.balance')" 4 "balance after 2 × 纸巾"
equal "$(json "$T/out" '$.total')" 4 "total"
equal "$(json "$T/out" '$.lines[0].qty')" 2 "qty"
equal "$(zj_stock)" "$((s0 - 2))" "纸巾 stock after redemption"
run 0 passbook 测试居民 --json
n=$(sqlite3 -batch :memory: "select count(*) from json_each(json_extract(cast(readfile('$T/out') as text), '\$.entries'))")
equal "$(json "$T/out" "\$.entries[$((n - 1))].kind")" redeem "last entry"
equal "$(json "$T/out" "\$.entries[$((n - 1))].points")" -4 "last entry's points"
equal "$(json "$T/out" "\$.entries[$((n - 1))].receipt")" "$receipt" "last entry's receipt"

# text output: receipt number and new balance
run 0 -o counter redeem 测试居民 纸巾
out_has "小票"
out_has "余额 2 分"

# --- refused, and nothing written --------------------------------------------
snap
# overdraft (2 points left, 纸巾 × 2 is 4)
run 4 -o counter redeem 测试居民 纸巾:2
err_has "积分不足"
# two items, the second unaffordable: neither is taken
run 4 -o counter redeem 测试居民 纸巾 大米
# zero, negative, huge, non-numeric quantities
run 2 -o counter redeem 测试居民 纸巾:0
err_has "数量"
run 2 -o counter redeem 测试居民 纸巾:-1
run 2 -o counter redeem 测试居民 纸巾:1000
run 2 -o counter redeem 测试居民 纸巾:99999999999999999999
run 2 -o counter redeem 测试居民 纸巾:abc
run 2 -o counter redeem 测试居民 纸巾:
# unknown and ambiguous residents and items
run 3 -o counter redeem 无此人 纸巾
run 3 -o counter redeem 丁 纸巾
err_has "丁美英"
run 3 -o counter redeem 测试居民 无此物
err_has "无此物"
run 3 -o counter redeem 测试居民 家电
err_has "家电安全检查"
err_has "家电维修上门"
# no item, no operator, wrong PIN, invalid UTF-8
run 2 -o counter redeem 测试居民
run 5 redeem 测试居民 纸巾
run_env JIFEN_PIN=0000 5 -o counter redeem 测试居民 纸巾
run 2 -o counter redeem 测试居民 "$(printf '\377')"
unchanged "refused redemptions"

# out of stock
run 0 -o admin adjust 测试居民 +200 --reason 测试库存
run 0 -o staff stock count 小米 1
snap
run 4 -o counter redeem 测试居民 小米:2
err_has "库存不足"
unchanged "a redemption beyond the stock"
run 0 -o counter redeem 测试居民 小米

# over the monthly limit: the same item in one cart counts together, and
# earlier redemptions this month count too
lim=$(sql "select name || ':' || monthly_limit from items where monthly_limit > 0 and active = 1 and kind in ('goods', 'produce') and stock >= 10 order by monthly_limit limit 1")
item=${lim%%:*}
max=${lim##*:}
CHECKS=$((CHECKS + 1))
[ -n "$item" ] || fail "no stocked item with a monthly limit in the demo"
snap
run 4 -o counter redeem 测试居民 "$item:$((max + 1))"
err_has "上限"
run 4 -o counter redeem 测试居民 "$item:$max" "$item"
unchanged "redemptions over the monthly limit"
run 0 -o counter redeem 测试居民 "$item:$max" --json
lim_receipt=$(json "$T/out" '$.receipt')
snap
run 4 -o counter redeem 测试居民 "$item"
unchanged "one more of a limited item in the same month"

# --- void ------------------------------------------------------------------------
run 0 passbook 测试居民 --json
b0=$(json "$T/out" '$.balance')
s0=$(zj_stock)
snap
run 5 -o counter void "$receipt" --reason 登记错了
run 2 -o staff void "$receipt"
run 3 -o staff void NO-SUCH-RECEIPT --reason 无
unchanged "refused voids"
run 0 -o staff void "$receipt" --reason 登记错了
run 0 passbook 测试居民 --json
equal "$(json "$T/out" '$.balance')" "$((b0 + 4))" "balance after the void"
equal "$(zj_stock)" "$((s0 + 2))" "纸巾 stock after the void"
snap
run 4 -o staff void "$receipt" --reason 再来一次
err_has "作废"
unchanged "a second void"
# a voided limited item counts no more against the month
run 0 -o staff void "$lim_receipt" --reason 退货
run 0 -o counter redeem 测试居民 "$item"

# next month the limit starts again
export JIFEN_NOW=1720000000
run 0 -o counter redeem 测试居民 "$item"
# and setting the clock back to May for one more is refused: no entry is
# dated before the latest one (a real database takes no JIFEN_NOW at all)
snap
run_env JIFEN_NOW=1717156800 4 -o counter redeem 测试居民 "$item"
err_has "早于最近一笔记录 2024-07-03 09:46"
unchanged "a second month's limit by a clock set back"

run 0 audit
pass
