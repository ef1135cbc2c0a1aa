#!/bin/sh
# jifen report PERIOD: the article's figures over any period, counted once
# across months, on residents made for the test in July and August 2024
# (after the demo's history): people who only redeemed, a void in the month
# after its redemption, events from batch awards, services and coupons
# delivered, verifiers' and sponsors' work; JSON read by python3.
. "$(dirname "$0")/lib.sh.inc"

demo
export JIFEN_PIN=2468
DAY=86400
JUN15=$JIFEN_NOW
at() { # at DAYS-AFTER-JUNE-15: move the test clock
  JIFEN_NOW=$((JUN15 + $1 * DAY))
  export JIFEN_NOW
}
py() { # py FILE EXPR: a value from a JSON file, by python3
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}
report_json() { # report_json PERIOD: the report as JSON in $T/r.json
  run 0 report "$1" --json -o "$T/r.json"
  json_valid "$T/r.json"
}
voucher_of() {
  sql "select v.id from vouchers v join receipts r on r.id = v.receipt_id where r.no = '$1'"
}

# --- July ---------------------------------------------------------------------
at 18 # 2024-07-03
for p in 甲一 乙二 丙三; do
  run 0 -o staff resident add "期$p" --compound 期测院 --building 1
done
run 0 -o staff resident add 期党员 --compound 期测院 --building 2 --party
run 0 -o staff resident add 期只兑 --compound 期测院 --building 2
run 0 -o staff resident add 期作废 --compound 期测院 --building 2
run 0 -o admin item add QC01 期测香皂 goods 2 --sponsor 期测商行 --sponsor-kind merchant
run 0 -o staff stock in QC01 10 --sponsor 期测商行
# one clean-up: a batch award, one activity, one deed date
run 0 -o staff award 期甲一 期乙二 期党员 C01 --verifier 原冬梅 --date 2024-07-03
# two volunteer services: the same activity on two deed dates
run 0 -o staff award 期甲一 V01 --verifier 柴晓燕 --date 2024-07-03
run 0 -o staff award 期乙二 V01 --verifier 柴晓燕 --date 2024-07-02
# people who only redeem: points by an adjustment, which is not earning
run 0 -o admin adjust 期只兑 60 --reason 期测
run 0 -o admin adjust 期作废 10 --reason 期测
run 0 -o counter redeem 期只兑 QC01:2 家庭保洁两小时 QJ03 --json
NO_ONLY=$(json "$T/out" '$.receipt')
at 35 # 2024-07-20
run 0 -o counter redeem 期作废 QC01:3 --json
NO_VOID=$(json "$T/out" '$.receipt')

# --- August ---------------------------------------------------------------------
at 47 # 2024-08-01
run 0 -o staff void "$NO_VOID" --reason 期测作废
# the second clean-up; 期甲一 takes part in both months
run 0 -o staff award 期甲一 期丙三 C01 --verifier 原冬梅 --date 2024-08-01
HK=$(sql "select v.id from vouchers v join receipts r on r.id = v.receipt_id join items i
  on i.id = v.item_id where r.no = '$NO_ONLY' and i.code = 'JZ01'")
CP=$(sql "select v.id from vouchers v join receipts r on r.id = v.receipt_id join items i
  on i.id = v.item_id where r.no = '$NO_ONLY' and i.code = 'QJ03'")
run 0 -o staff voucher fulfil "$HK"
run 0 -o staff voucher fulfil "$CP"

# --- July alone -------------------------------------------------------------------
report_json 2024-07
equal "$(py "$T/r.json" "d['from'], d['to']")" "('2024-07-01', '2024-07-31')" "July's bounds"
# 甲一 乙二 党员 earned; 只兑 and 作废 redeemed (作废's void is in August)
equal "$(py "$T/r.json" "d['participants']")" 5 "July's participants"
equal "$(py "$T/r.json" "d['party_members']")" 1 "July's party members"
equal "$(py "$T/r.json" "d['redeemers']")" 2 "July's residents who redeemed"
equal "$(py "$T/r.json" "d['cleanups']")" 1 "July's clean-ups"
equal "$(py "$T/r.json" "d['volunteer_services']")" 2 "July's volunteer services"
# 2 soaps + a housekeeping voucher + a coupon, then 3 soaps not yet voided
equal "$(py "$T/r.json" "d['items_redeemed']")" 7 "July's items redeemed"
equal "$(py "$T/r.json" "d['services_delivered']")" 0 "July's services delivered"
equal "$(py "$T/r.json" "d['coupons_used']")" 0 "July's coupons used"
equal "$(py "$T/r.json" "[(s['given'], s['redeemed']) for s in d['sponsors'] if s['name'] == '期测商行']")" \
  "[(10, 5)]" "July's sponsor"

# --- August alone: the void counts against August -----------------------------------
report_json 2024-08
equal "$(py "$T/r.json" "d['participants']")" 2 "August's participants"
equal "$(py "$T/r.json" "d['cleanups']")" 1 "August's clean-ups"
equal "$(py "$T/r.json" "d['volunteer_services']")" 0 "August's volunteer services"
equal "$(py "$T/r.json" "d['items_redeemed']")" -3 "August's items redeemed (the void)"
equal "$(py "$T/r.json" "d['services_delivered']")" 1 "August's services delivered"
equal "$(py "$T/r.json" "d['housekeeping_delivered']")" 1 "August's housekeeping delivered"
equal "$(py "$T/r.json" "d['coupons_used']")" 1 "August's coupons used"

# --- both months: each resident once, the voided redemption gone ----------------------
report_json 2024-07..2024-08
equal "$(py "$T/r.json" "d['from'], d['to']")" "('2024-07-01', '2024-08-31')" "bounds of two months"
# 甲一 (both months) once; 乙二 党员 丙三 earned; 只兑 redeemed; 作废's redemption was voided
equal "$(py "$T/r.json" "d['participants']")" 5 "participants over two months"
equal "$(py "$T/r.json" "d['party_members']")" 1 "party members over two months"
equal "$(py "$T/r.json" "d['earners']")" 4 "earners over two months"
equal "$(py "$T/r.json" "d['redeemers']")" 1 "residents who redeemed over two months"
equal "$(py "$T/r.json" "d['cleanups']")" 2 "clean-ups over two months"
equal "$(py "$T/r.json" "d['volunteer_services']")" 2 "volunteer services over two months"
equal "$(py "$T/r.json" "d['items_redeemed']")" 4 "items redeemed over two months"
equal "$(py "$T/r.json" "d['services_delivered']")" 1 "services delivered over two months"
equal "$(py "$T/r.json" "d['coupons_used']")" 1 "coupons used over two months"
equal "$(py "$T/r.json" "[(b['building'], b['participants'], b['party_members'], b['points']) for b in d['buildings'] if b['compound'] == '期测院']")" \
  "[('1', 3, 0, 14), ('2', 2, 1, 2)]" "by building"
equal "$(py "$T/r.json" "[(v['name'], v['deeds'], v['points']) for v in d['verifiers']]")" \
  "[('原*梅', 5, 10), ('柴*燕', 2, 6)]" "by verifier"
equal "$(py "$T/r.json" "[(s['given'], s['redeemed']) for s in d['sponsors'] if s['name'] == '期测商行']")" \
  "[(10, 2)]" "the sponsor over two months"
equal "$(py "$T/r.json" "[(c['category'], c['events']) for c in d['categories'] if c['events']]")" \
  "[('文明帮创', 2), ('志愿服务', 2)]" "events by category"
equal "$(py "$T/r.json" "[(m['month'], m['participants'], m['items_redeemed']) for m in d['months']]")" \
  "[('2024-07', 5, 7), ('2024-08', 2, -3)]" "month by month"
head=$(sql "select hash from ledger where day <= '2024-08-31' order by id desc limit 1")
equal "$(py "$T/r.json" "d['head']")" "$head" "the head at the period's end"
# the same period, written other ways
report_json 2024Q3
equal "$(py "$T/r.json" "d['from'], d['to'], d['participants']")" "('2024-07-01', '2024-09-30', 5)" "a quarter"
report_json 2024-07-01..2024-08-31
equal "$(py "$T/r.json" "d['participants'], d['cleanups']")" "(5, 2)" "a period of days"
report_json 2024-07..
equal "$(py "$T/r.json" "d['to']")" "2024-08-01" "an open end is today"
report_json 2024
equal "$(py "$T/r.json" "d['from'], d['to']")" "('2024-01-01', '2024-12-31')" "a year"
report_json all
equal "$(py "$T/r.json" "d['to']")" "2024-08-01" "all ends today"
all=$(sql "select count(distinct resident_id) from ledger l where kind = 'award' or (kind = 'redeem'
  and not exists (select 1 from ledger v where v.kind = 'void' and v.receipt_id = l.receipt_id))")
equal "$(py "$T/r.json" "d['participants']")" "$all" "participants since the start"

# --- text, CSV, HTML ---------------------------------------------------------------------
run 0 report 2024-07..2024-08 --width 100
out_has "积分统计 2024-07-01 至 2024-08-31"
out_has "人居环境整治（次）"
out_has "期测院 1栋"
out_has "原*梅"
out_lacks "原冬梅"
out_has "$head"
out_has "jifen audit"
run 0 report 2024-07..2024-08 --format csv -o "$T/r.csv"
CHECKS=$((CHECKS + 1))
[ "$(head -c 3 "$T/r.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "no BOM in the CSV"
grep -q "^期测院,1,3,0,6,14" "$T/r.csv" || fail "the building's row in the CSV"
run 0 report 2024-07..2024-08 --format html -o "$T/r.html"
CHECKS=$((CHECKS + 1))
head -c 15 "$T/r.html" | grep -q '<!DOCTYPE html>' || fail "not an HTML page"
grep -q '<svg' "$T/r.html" || fail "no chart"
grep -q '@page { size: A4' "$T/r.html" || fail "not for A4"
! grep -qi '<script\|https\?://[^w]' "$T/r.html" || fail "a script or a fetch in the page"
grep -q "$head" "$T/r.html" || fail "no head in the page"

# --- refused ----------------------------------------------------------------------------
run 2 report 2024-13
run 2 report 2024-08..2024-07
run 2 report 2025
run 2 report 2024Q5
run 2 report 2024 --json --format csv
pass
