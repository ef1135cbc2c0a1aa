#!/bin/sh
# Who a resident is: a card code never stands for someone else's phone or
# initials; nobody awards their own person through a second record; the PIN
# lockout says until when, and an administrator lifts it.
. "$(dirname "$0")/lib.sh.inc"

demo
export JIFEN_PIN=2468
# 丁美英 (dmy) has the phone 13935921486 in the demo

# --- a card code that is someone else's phone or initials is refused ---------
snap
run 3 -o staff resident add 马立 --compound 公安小区 --card 13935921486
err_has "丁美英"
err_has "手机号"
run 3 -o staff resident add 马立 --compound 公安小区 --card DMY
err_has "丁美英"
err_has "姓名首字母"
run 3 -o staff resident add 马立 --compound 公安小区 --card +8613935921486
err_has "手机号"
run 3 -o staff resident add 马立 --card dingmeiying
err_has "姓名拼音"
unchanged "adding a card that is another's phone or initials"
cat >"$T/res.csv" <<EOF
姓名,手机,小区,楼栋,单元,房号,卡号
马立,13500001111,公安小区,1,1,101,ML0001
高红,13500002222,公安小区,1,1,102,dmy
EOF
run 3 -o staff resident import "$T/res.csv"
err_has "第 3 行"
err_has "丁美英"
unchanged "an import with a card that is another's initials"
# one's own phone as one's card is fine
run 0 -o staff resident add 马立 --compound 公安小区 --phone 13500001111 --card 13500001111

# --- a collision made before the check (older data, the sqlite3 shell) -------
ml=$(sql "select id from residents where name = '马立'")
tamper "update residents set card = '13935921486' where id = $ml;
     insert into resident_keys values ('13935921486', $ml, 1), ('dmy', $ml, 1);"
snap
for q in 13935921486 dmy; do
  run 3 -o staff award "$q" C01 --verifier 原冬梅
  err_has "丁美英"
  err_has "马立"
  run 3 -o counter redeem "$q" ZJ01
  err_has "丁美英"
  err_has "马立"
  run 3 passbook "$q"
  # find lists both, and says the value is ambiguous
  run 0 resident find "$q"
  out_has "丁美英"
  out_has "马立"
  err_has "2 位居民"
done
unchanged "award and redeem by an ambiguous phone or initials"
# each is still found by what is theirs alone
run 0 -o counter redeem FX000001 ZJ01
out_has "丁美英"
run 0 -o staff award 13500001111 C01 --verifier 原冬梅
out_has "马立"

# --- no points to oneself through a second record -----------------------------
# 丁建玺 (5-1-201 安康小区, 15903591427) becomes an operator linked to himself
run_env JIFEN_NEW_PIN=1357 0 -o admin operator add djx 丁建玺 --role admin --resident FX000003
run 0 -o staff resident add 丁建玺 --compound 府西新村 --phone 15903591427 --card DJX2
run 0 -o staff resident add 丁建玺 --compound 安康小区 --building 5号楼 --unit 1单元 --room 201室 --card DJX3
run 0 -o staff resident add 丁建玺 --compound 公安小区 --phone 13000000003 --card DJX4
snap
run_env JIFEN_PIN=1357 5 -o djx award DJX2 C01 --verifier 原冬梅
err_has "同手机号"
run_env JIFEN_PIN=1357 5 -o djx award DJX3 C01 --verifier 原冬梅
err_has "同住址"
run_env JIFEN_PIN=1357 5 -o djx award FX000002 DJX2 C01 --verifier 原冬梅
run_env JIFEN_PIN=1357 5 -o djx adjust DJX3 5 --reason 补录
err_has "同住址"
unchanged "awards to the operator's second records"
# a namesake elsewhere with another phone is someone else
run_env JIFEN_PIN=1357 0 -o djx award DJX4 C01 --verifier 原冬梅
# a building leader (李保平, linked, 13593817264) confirming his second record's deed
run 0 -o staff resident add 李保平 --compound 府西新村 --phone 13593817264 --card LBP2
snap
run 5 -o staff award LBP2 C01 --verifier 李保平
err_has "确认人"
err_has "同手机号"
unchanged "a verifier confirming his own deed on a second record"

# --- PIN lockout and unlock -----------------------------------------------------
for i in 1 2 3 4; do
  run_env JIFEN_PIN=0000 5 -o counter redeem FX000002 ZJ01
  err_has "还可再试"
done
run_env JIFEN_PIN=0000 5 -o counter redeem FX000002 ZJ01
CHECKS=$((CHECKS + 1))
grep -qE '锁定到 [0-9]{2}:[0-9]{2}' "$T/err" || fail "the lock does not say until when"
run 5 -o counter redeem FX000002 ZJ01
err_has "锁定到"
run 0 operator list
out_has "锁定到"
# only an administrator lifts it
run 5 -o staff operator unlock counter
run 3 -o admin operator unlock nobody
run 0 -o admin operator unlock counter
out_has "counter"
run 0 -o counter redeem FX000002 ZJ01
# a PIN reset lifts it too, and says so
for i in 1 2 3 4 5; do run_env JIFEN_PIN=0000 5 -o counter redeem FX000002 ZJ01; done
run_env JIFEN_NEW_PIN=8642 0 -o admin operator pin counter
out_has "解除锁定"
run_env JIFEN_PIN=8642 0 -o counter redeem FX000002 ZJ01

pass
