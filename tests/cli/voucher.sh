#!/bin/sh
# Service vouchers and coupons: used once; a receipt whose service was
# delivered is not voided silently (an explicit refund with a reason
# instead, in the ledger and the passbook); an expired voucher is fulfilled
# only with a recorded override and reason, and its points stay spent unless
# its receipt is voided.
. "$(dirname "$0")/lib.sh.inc"

demo
export JIFEN_PIN=2468
balance() { sql "select balance from residents where name = '$1'"; }
voucher_of() {
  sql "select v.id from vouchers v join receipts r on r.id = v.receipt_id where r.no = '$1'"
}

run 0 -o staff resident add 券测试 --phone 13900001111
run 0 -o admin adjust 券测试 60 --reason 测试
run 0 -o admin item add QJ09 一日理发券 coupon 3 --sponsor 府西美发店 --sponsor-kind merchant --valid-days 1

# --- fulfilled once ---------------------------------------------------------------
run 0 -o counter redeem 券测试 上门理发 --json
NO1=$(json "$T/out" '$.receipt')
V1=$(voucher_of "$NO1")
run 0 -o staff voucher fulfil "$V1" --note 张师傅
snap
run 11 -o staff voucher fulfil "$V1"
err_has "服务券 #$V1（上门理发）已由 杨阿强"
err_has "不能再用"
unchanged "fulfilling twice"
equal "$(sql "select count(*) from voucher_events where voucher_id = $V1")" 1 "events of voucher $V1"

# --- a delivered service is not voided silently ----------------------------------
B=$(balance 券测试)
snap
run 11 -o staff void "$NO1" --reason 居民不要了
err_has "服务券 #$V1（上门理发）已由 杨阿强 登记完成"
err_has "--refund-delivered"
unchanged "a void after the service was delivered"
# the refund is explicit, with a reason, and shows in the ledger and passbook
run 5 -o counter void "$NO1" --reason 服务不满意 --refund-delivered
run 2 -o staff void "$NO1" --refund-delivered
run 0 -o staff void "$NO1" --reason 服务不满意 --refund-delivered
PTS=$(sql "select total from receipts where no = '$NO1'")
equal "$(balance 券测试)" $((B + PTS)) "balance after the refund"
equal "$(sql "select note from ledger where kind = 'void' and receipt_id = (select id from receipts where no = '$NO1')")" \
  "退还已服务的兑换（服务券 #$V1 上门理发）：服务不满意" "the refund's note"
run 0 passbook 券测试
out_has "退还已服务的兑"
run 0 passbook 券测试 --json
out_has "退还已服务的兑换（服务券 #$V1 上门理发）：服务不满意"
run 0 audit
# an open voucher's receipt is voided as before
run 0 -o counter redeem 券测试 上门理发 --json
NO2=$(json "$T/out" '$.receipt')
run 0 -o staff void "$NO2" --reason 登记错了
run 0 passbook 券测试 --json
out_has "登记错了"

# --- an expired voucher ---------------------------------------------------------
run 0 -o counter redeem 券测试 一日理发券 --json
NO3=$(json "$T/out" '$.receipt')
V3=$(voucher_of "$NO3")
# an override is refused on a voucher still valid (nothing to override)
run 2 -o staff voucher fulfil "$V3" --override-expired --reason 晚报
err_has "还没有过期"
NOW0=$JIFEN_NOW
export JIFEN_NOW=$((NOW0 + 2 * 86400))
B=$(balance 券测试)
snap
run 12 -o staff voucher fulfil "$V3"
err_has "已过期"
err_has "--override-expired"
run 2 -o staff voucher fulfil "$V3" --override-expired
run 2 -o staff voucher fulfil "$V3" --reason 晚报
run 5 -o counter voucher fulfil "$V3" --override-expired --reason 晚报
unchanged "an expired voucher without an override"
run 0 voucher list --all --json
json_valid "$T/out"
equal "$(json "$T/out" "\$[#-1].state")" expired "state of the expired voucher"
# the points stay spent: nothing moved by the expiry
equal "$(balance 券测试)" "$B" "balance after the expiry"
run 0 -o staff voucher fulfil "$V3" --override-expired --reason "理发店月底才报" --note 王师傅
equal "$(sql "select override || '|' || reason || '|' || note from voucher_events where voucher_id = $V3")" \
  "expired|理发店月底才报|王师傅" "the override recorded"
run 0 voucher list --all --json
equal "$(json "$T/out" "\$[#-1].override_expired")" 1 "override in the JSON list"
equal "$(json "$T/out" "\$[#-1].override_reason")" "理发店月底才报" "reason in the JSON list"
run 0 voucher list --all
out_has "已完成（逾期登记）"
run 11 -o staff voucher fulfil "$V3" --override-expired --reason 再来一次
# an expired voucher never used: its receipt may be voided, which gives the
# points back (the stated rule)
run 0 -o counter redeem 券测试 一日理发券 --json
NO4=$(json "$T/out" '$.receipt')
export JIFEN_NOW=$((NOW0 + 4 * 86400))
B=$(balance 券测试)
run 0 -o staff void "$NO4" --reason 过期未用，退分
equal "$(balance 券测试)" $((B + 3)) "balance after voiding an expired voucher's receipt"
export JIFEN_NOW=$NOW0
run 0 audit

pass
