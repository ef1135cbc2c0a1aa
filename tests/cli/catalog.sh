#!/bin/sh
# Activities, items, stock, verifiers and operators from the command line.
. "$(dirname "$0")/lib.sh.inc"

demo
export JIFEN_PIN=2468

# --- activities ------------------------------------------------------------------
run 0 activity list
for c in 小区治理 文明帮创 废旧利用 绿色环保 志愿服务; do out_has "$c"; done
out_has "化解邻里矛盾"
out_has "共 48 项"
# columns line up by display width: the points of every activity row end in
# the same column
rows=$(grep -cE ' [A-Z][0-9]{2}  ' "$T/out")
equal "$rows" 48 "activity rows"
widths=$(grep -E ' [A-Z][0-9]{2}  ' "$T/out" | while IFS= read -r l; do
  printf '%s\n' "$l" | LC_ALL=C.UTF-8 wc -L; done | sort -u | wc -l)
equal "$widths" 1 "right edge of the activity table"
run 0 activity list --json
json_valid "$T/out"
equal "$(json "$T/out" '$[#-1].category')" 志愿服务 "last category"

snap
run 5 -o staff activity add V99 志愿服务 测试活动 2
run 2 -o admin activity add V99 不存在的类别 测试活动 2
run 2 -o admin activity add V99 志愿服务 测试活动 0
run 2 -o admin activity add V99 志愿服务 测试活动 -3
run 2 -o admin activity add V99 志愿服务 测试活动 99999999999999999999
run 2 -o admin activity add V99 志愿服务 "$(head -c 10240 /dev/zero | tr '\0' x)" 2
run 3 -o admin activity add G04 志愿服务 重复代码 2
unchanged "refused activity adds"
run 0 -o admin activity add V99 志愿服务 测试活动 2
run 0 activity list
out_has "测试活动"
out_has "共 49 项"
run 0 -o admin activity price V99 5
out_has "5"
equal "$(sql "select points from activities where code = 'V99'")" 5 "re-priced activity"
run 5 -o staff activity price V99 6
run 2 -o admin activity price V99 0
run 3 -o admin activity price 无此活动 6
run 0 -o staff award dmy V99 --verifier 原冬梅
run 5 -o staff activity retire V99
run 0 -o admin activity retire V99
run 0 activity list
out_lacks "测试活动"
run 0 activity list --all
out_has "测试活动"
out_has "已停用"
# a retired activity stays in the history, and cannot be awarded
run 0 passbook dmy
out_has "测试活动"
run 3 -o staff award dmy V99 --verifier 原冬梅

# --- items -------------------------------------------------------------------------
run 0 item list
out_has "纸巾"
out_has "不计"
snap
run 5 -o staff item add T01 测试毛巾 goods 3
run 2 -o admin item add T01 测试毛巾 toys 3
run 2 -o admin item add T01 测试毛巾 goods 0
run 2 -o admin item add T01 测试毛巾 goods 3 --limit 0
run 2 -o admin item add T01 测试毛巾 goods 3 --limit -1
run 2 -o admin item add T01 测试毛巾 goods 3 --sponsor-kind nosuch --sponsor 某企业
run 3 -o admin item add ZJ01 重复代码 goods 3
unchanged "refused item adds"
run 0 -o admin item add T01 测试毛巾 goods 3 --unit 条 --sponsor 测试企业 --sponsor-kind enterprise --limit 1
run 0 -o admin item add T02 测试理发 service 4 --valid-days 60
run 0 item list --json
equal "$(sqlite3 -batch :memory: "select json_extract(value, '\$.stock') || ',' || json_extract(value, '\$.sponsor') || ',' || json_extract(value, '\$.monthly_limit') from json_each(cast(readfile('$T/out') as text)) where json_extract(value, '\$.code') = 'T01'")" \
  "0,测试企业,1" "new item"
equal "$(sqlite3 -batch :memory: "select coalesce(json_extract(value, '\$.stock'), 'null') || ',' || json_extract(value, '\$.valid_days') from json_each(cast(readfile('$T/out') as text)) where json_extract(value, '\$.code') = 'T02'")" \
  "null,60" "new voucher item"
run 0 -o admin item price T01 4
equal "$(sql "select points from items where code = 'T01'")" 4 "re-priced item"
run 5 -o counter item price T01 5

# --- stock ---------------------------------------------------------------------------
snap
run 4 -o counter redeem dmy 测试毛巾
err_has "库存"
run 5 -o counter stock in T01 10
run 2 -o staff stock in T01 0
run 2 -o staff stock in T01 -5
run 2 -o staff stock in T01 99999999999999999999
run 2 -o staff stock in T01 1000001
run 2 -o staff stock in T01 abc
run 2 -o staff stock in T02 10
err_has "不计库存"
run 3 -o staff stock in 无此物 10
run 2 -o staff stock in T01 10 --sponsor 新捐赠方 --sponsor-kind nosuch
run 2 -o staff stock count T01 -1
run 5 -o counter stock count T01 3
unchanged "refused stock movements"
run 0 -o staff stock in T01 10 --sponsor 府西超市 --sponsor-kind merchant --note 六月捐赠
out_has "10"
equal "$(sql "select stock from items where code = 'T01'")" 10 "stock after stock in"
equal "$(sql "select kind from sponsors where name = '府西超市'")" merchant "new sponsor"
run 0 -o staff stock count T01 7 --note 月末盘点
out_has "-3"
equal "$(sql "select stock from items where code = 'T01'")" 7 "stock after a count"
run 0 -o counter redeem dmy 测试毛巾
equal "$(sql "select stock from items where code = 'T01'")" 6 "stock after a redemption"
run 5 -o staff item retire T01
run 0 -o admin item retire T01
run 0 item list
out_lacks "测试毛巾"
run 0 item list --all
out_has "已下架"
run 3 -o counter redeem dmy T01

# --- verifiers -------------------------------------------------------------------------
run 0 -o staff verifier add 新楼长 --compound 公安小区 --phone 13900000000
run 0 -o staff verifier add 新网格员 --role grid
run 2 -o staff verifier add 某人 --role boss
run 5 -o counter verifier add 某人
run 3 -o staff verifier add 某人 --resident 无此人
run 0 verifier list
out_has "新楼长"
out_has "新网格员"
run 0 -o staff award dmy G04 --verifier 新网格员

# --- operators ---------------------------------------------------------------------------
run 0 operator list
out_has "counter"
out_has "志愿者"
snap
run 5 -o staff operator add vol2 新志愿者 --role volunteer
run_env JIFEN_NEW_PIN=1234 2 -o admin operator add vol2 新志愿者 --role boss
run_env JIFEN_NEW_PIN=12 2 -o admin operator add vol2 新志愿者 --role volunteer
run 2 -o admin operator add vol2 新志愿者 --role volunteer
err_has "JIFEN_NEW_PIN"
run_env JIFEN_NEW_PIN=1234 3 -o admin operator add counter 重复 --role volunteer
run_env JIFEN_NEW_PIN=1234 2 -o admin operator add vol2 新志愿者
unchanged "refused operator adds"
run_env JIFEN_NEW_PIN=1234 0 -o admin operator add vol2 新志愿者 --role volunteer
run_env JIFEN_PIN=1234 0 -o vol2 redeem dmy 纸巾
run_env JIFEN_PIN=1234 5 -o vol2 award dmy G04 --verifier 原冬梅

# five wrong PINs lock an operator; an admin's new PIN unlocks
for i in 1 2 3 4 5; do run_env JIFEN_PIN=9999 5 -o vol2 redeem dmy 纸巾; done
run_env JIFEN_PIN=1234 5 -o vol2 redeem dmy 纸巾
err_has "锁定"
run 0 operator list
out_has "锁定"
run_env JIFEN_NEW_PIN=4321 5 -o staff operator pin vol2
run_env JIFEN_NEW_PIN=4321 3 -o admin operator pin nobody
run_env JIFEN_NEW_PIN=4321 0 -o admin operator pin vol2
run_env JIFEN_PIN=4321 0 -o vol2 redeem dmy 纸巾

run 0 audit
pass
