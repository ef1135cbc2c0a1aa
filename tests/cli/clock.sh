#!/bin/sh
# The clock: no entry dated before the latest one or in a closed day, a
# clock far ahead confirmed by an administrator, recovery by a recorded
# correction or reopen, all shown by `jifen clock`, the audit and the day
# report.  (A real database refusing JIFEN_NOW is in init.sh.)
. "$(dirname "$0")/lib.sh.inc"

export JIFEN_PIN=2468
T0=$JIFEN_NOW            # 2024-06-15 10:00 UTC
TODAY=2024-06-15
demo

# the demo is a test database, and says so
run 0 clock
out_has "演示/测试数据库"
out_has "状态：正常"
run 0 audit
out_has "演示/测试数据库"
run 0 day report
out_has "演示/测试数据库"
run 0 month report 2024-06
out_has "演示/测试数据库"
run 0 month report 2024-06 --format csv
out_has "演示/测试数据库"
run 0 month report 2024-06 --format html
out_has "演示/测试数据库"
run 0 statement dmy
out_has "演示/测试数据库"
run 0 audit --json
equal "$(json "$T/out" '$.test_database')" 1 "audit --json test_database"

# --- backdating --------------------------------------------------------------

run 0 -o counter redeem dmy 纸巾 --json
no=$(json "$T/out" '$.receipt')
run 0 -o staff receipt show "$no"
out_has "演示/测试数据库"
# a redemption dated a year back, before the database existed: refused,
# saying both times and what to do
snap
run_env JIFEN_NOW=$((T0 - 365 * 86400)) 4 -o counter redeem 杨效文 纸巾
err_has "时钟 2023-06-16 10:00 早于最近一笔记录 2024-06-15 10:00"
err_has "jifen clock correct"
run_env JIFEN_NOW=$((T0 - 60)) 4 -o staff stock in 纸巾 5
run_env JIFEN_NOW=$((T0 - 60)) 4 -o staff day close
unchanged "entries dated before the latest entry"
# the same second is fine
run 0 -o staff stock in 纸巾 5

# --- a clock that ran ahead: 2099 -------------------------------------------

# a day in the future cannot be closed
run 2 -o staff day close 2099-01-01
err_has "还没到"
# (a clock set to 2099 on a test database writes there; on a real database
# JIFEN_NOW is refused, see init.sh)
Y2099=4070944800         # 2099-01-01 10:00 UTC
run_env JIFEN_NOW=$Y2099 0 -o staff day close --note 时钟错了
# back at the right time, nothing can be written ...
snap
run 4 -o counter redeem 杨效文 纸巾
err_has "早于最近一笔记录 2099-01-01 10:00"
unchanged "a write after entries dated 2099"
# ... until an administrator records a correction, with a reason
run 5 -o staff clock correct --reason 时钟错了
run 2 -o admin clock correct
run 0 -o admin clock correct --reason "主板电池没电，时钟跳到了2099年"
out_has "2024-06-15 10:00"
run 2 -o admin clock correct --reason 再来一次
err_has "不需要更正"
# the closed 2099-01-01 still keeps entries out: reopened with a reason
run 4 -o counter redeem 杨效文 纸巾
err_has "2099-01-01 已经日结"
err_has "jifen day reopen 2099-01-01"
run 5 -o staff day reopen 2099-01-01 --reason 时钟错了
run 2 -o admin day reopen 2099-01-01
run 0 -o admin day reopen 2099-01-01 --reason "时钟错了，误日结"
run 0 -o counter redeem 杨效文 纸巾
run 0 audit
out_has "更正时钟"
out_has "主板电池没电"
run 0 clock
out_has "更正时钟 薛亚云"
out_has "2099-01-01 10:00"
equal "$(sql "select kind || ' ' || day from clock_events")" "correct $TODAY" "the correction"
equal "$(sql "select kind || ' ' || day from day_events")" "reopen 2099-01-01" "the reopen"
# the day report of the day of the correction shows it
run 0 day report
out_has "更正了时钟"
out_has "主板电池没电"
# and that of 2099-01-01 its reopen
run 0 day report 2099-01-01
out_has "重开了 2099-01-01"
out_has "未日结"
# the steps are append-only
CHECKS=$((CHECKS + 1))
! sql "delete from clock_events" 2>/dev/null || fail "a clock event was deleted"
CHECKS=$((CHECKS + 1))
! sql "update day_events set note = ''" 2>/dev/null || fail "a day event was changed"

# --- reopening today ---------------------------------------------------------

run 0 -o staff day close --note 下班
run 4 -o counter redeem 杨效文 纸巾
err_has "已日结"
# a past day is not reopened: entries are dated now
run 2 -o admin day reopen 2024-06-14 --reason 补记
run 2 -o admin day reopen 2024-06-14 --reason 补记
run 0 -o staff day close 2024-06-14
run 2 -o admin day reopen 2024-06-14 --reason 补记
err_has "已经过去"
run 0 -o admin day reopen "$TODAY" --reason "日结早了"
run 0 -o counter redeem 杨效文 纸巾
run 0 -o staff day close --note 真下班了
run 4 -o counter redeem 杨效文 纸巾
run 0 day report
out_has "重开了 $TODAY：日结早了"
out_has "再次日结 $TODAY：真下班了"
out_has "日结 $TODAY：下班"
out_has "已日结 杨阿强"
out_has "兑换 3 笔"

# --- the computer's clock far ahead -------------------------------------------

# the entries are of 2024; without JIFEN_NOW the clock is the computer's,
# years later: refused until an administrator confirms it
export JIFEN_NOW=
snap
run 4 -o staff stock in 纸巾 5
err_has "比最近一笔记录 2024-06-15 10:00 晚了"
err_has "jifen clock confirm"
unchanged "a write far ahead of the latest entry"
run 5 -o staff clock confirm --reason 停业了
run 0 -o admin clock confirm --reason "社区停业两年后重开"
run 2 -o admin clock confirm --reason 再来一次
err_has "不需要确认"
run 0 -o staff stock in 纸巾 5
run 0 clock
out_has "确认时钟 薛亚云"
out_has "状态：正常"
run 0 audit

pass
