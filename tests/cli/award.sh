#!/bin/sh
# jifen award, single and batch, and jifen adjust: roles, self-awards,
# verifiers, dates, and nothing written when refused.
. "$(dirname "$0")/lib.sh.inc"

demo
export JIFEN_PIN=2468
bal() {
  "$JIFEN" passbook "$1" --json >"$T/pb.json" 2>/dev/null || fail "passbook $1"
  json "$T/pb.json" '$.balance'
}

# one resident, by initials; the activity by code
b0=$(bal dmy)
run 0 -o staff award dmy G04 --verifier 原冬梅 --date 2024-06-14 --note 调解 --ref 第3页第2行
out_has "丁美英"
equal "$(bal dmy)" "$((b0 + 3))" "丁美英's balance after +3"
run 0 passbook dmy --json
n=$(sqlite3 -batch :memory: "select count(*) from json_each(json_extract(cast(readfile('$T/out') as text), '\$.entries'))")
last=$((n - 1))
equal "$(json "$T/out" "\$.entries[$last].kind")" award "kind of the new entry"
equal "$(json "$T/out" "\$.entries[$last].points")" 3 "points of the new entry"
equal "$(json "$T/out" "\$.entries[$last].verifier")" 原冬梅 "verifier of the new entry"
equal "$(json "$T/out" "\$.entries[$last].deed_date")" 2024-06-14 "deed date"
equal "$(json "$T/out" "\$.entries[$last].ref")" 第3页第2行 "reference"
equal "$(json "$T/out" "\$.entries[$last].note")" 调解 "note"
run 0 passbook dmy
out_has "原冬梅"
out_has "+3"

# the activity by its name too
b0=$(bal 杨效文)
run 0 -o staff award 杨效文 化解邻里矛盾 --verifier 原冬梅
equal "$(bal 杨效文)" "$((b0 + 3))" "award by activity name"
# recording the same deed again is allowed, with a reminder
run 0 -o staff award 杨效文 化解邻里矛盾 --verifier 原冬梅
err_has "提醒"

# batch: several residents on the command line and from a file, all or none
cat >"$T/cleanup.txt" <<EOF
# 6 月 15 日 小区大扫除
丁建玺
张常有

薛志安
EOF
for r in dmy 杨效文 丁建玺 张常有 薛志安 房德英; do eval "before_$(printf '%s' "$r" | od -An -tx1 | tr -d ' \n')=$(bal "$r")"; done
act=$(sql "select code from activities where category = '绿色环保' and active = 1 order by code limit 1")
pts=$(sql "select points from activities where code = '$act'")
run 0 -o staff award dmy 杨效文 房德英 "$act" --verifier 原冬梅 --residents "$T/cleanup.txt"
for r in dmy 杨效文 丁建玺 张常有 薛志安 房德英; do
  key=$(printf '%s' "$r" | od -An -tx1 | tr -d ' \n')
  eval "b=\$before_$key"
  equal "$(bal "$r")" "$((b + pts))" "batch award to $r"
done
out_has "6"

# --- refused, and nothing written --------------------------------------------
snap
# a batch with one unknown resident awards nobody
run 3 -o staff award dmy 杨效文 无此人 G04 --verifier 原冬梅
err_has "无此人"
# the same resident twice
run 2 -o staff award dmy 丁美英 G04 --verifier 原冬梅
printf '丁建玺\n无此人\n' >"$T/bad.txt"
run 3 -o staff award dmy G04 --verifier 原冬梅 --residents "$T/bad.txt"
err_has "第 2 行"
run 3 -o staff award dmy G04 --verifier 原冬梅 --residents "$T/no-such-file"
# ambiguous resident, unknown and ambiguous activity, unknown verifier
run 3 -o staff award 丁 G04 --verifier 原冬梅
err_has "丁美英"
run 3 -o staff award dmy 无此活动 --verifier 原冬梅
err_has "无此活动"
run 3 -o staff award dmy 参加 --verifier 原冬梅
run 3 -o staff award dmy G04 --verifier 无此人
# no verifier, no activity, bad and future dates
run 2 -o staff award dmy G04
err_has "--verifier"
run 2 -o staff award dmy --verifier 原冬梅
run 2 -o staff award dmy G04 --verifier 原冬梅 --date 2024-02-30
run 2 -o staff award dmy G04 --verifier 原冬梅 --date 15/06/2024
run 2 -o staff award dmy G04 --verifier 原冬梅 --date 2024-06-16
# a volunteer may not award; a wrong PIN; no operator; an unknown one
run 5 -o counter award dmy G04 --verifier 原冬梅
err_has "任丽娟"
run_env JIFEN_PIN=1357 5 -o staff award dmy G04 --verifier 原冬梅
run 5 award dmy G04 --verifier 原冬梅
# an operator but no PIN, and no terminal to ask on
unset JIFEN_PIN
run 5 -o staff award dmy G04 --verifier 原冬梅
err_has "JIFEN_PIN"
export JIFEN_PIN=2468
run 5 -o nobody award dmy G04 --verifier 原冬梅
# invalid UTF-8, a 10 KB note
run 2 -o staff award dmy G04 --verifier 原冬梅 --note "$(printf 'ok\377')"
run 2 -o staff award dmy G04 --verifier 原冬梅 --note "$(head -c 10240 /dev/zero | tr '\0' n)"
unchanged "refused awards"

# awarding oneself: an operator's own account, a verifier's own account
JIFEN_NEW_PIN=1234 "$JIFEN" -o admin operator add meiying 丁美英 --role staff --resident dmy \
  >/dev/null 2>&1 || fail "operator add meiying"
run 0 -o staff verifier add 杨效文 --role leader --compound 世纪楼家属楼 --resident 杨效文
snap
run_env JIFEN_PIN=1234 5 -o meiying award dmy G04 --verifier 原冬梅
err_has "丁美英"
run_env JIFEN_PIN=1234 5 -o meiying award 杨效文 dmy G04 --verifier 原冬梅
run 5 -o staff award 杨效文 G04 --verifier 杨效文
unchanged "self-awards"
run_env JIFEN_PIN=1234 0 -o meiying award 杨效文 G04 --verifier 原冬梅

# --- adjust (admin) ------------------------------------------------------------
b0=$(bal dmy)
run 0 -o admin adjust dmy +5 --reason "补录 5 月的纸质台账"
equal "$(bal dmy)" "$((b0 + 5))" "adjust +5"
run 0 -o admin adjust dmy -2 --reason 重复登记
equal "$(bal dmy)" "$((b0 + 3))" "adjust -2"
snap
run 5 -o staff adjust dmy +5 --reason 试试
run 2 -o admin adjust dmy 0 --reason 零
run 2 -o admin adjust dmy abc --reason 字母
run 2 -o admin adjust dmy 99999999999999999999 --reason 太大
run 2 -o admin adjust dmy +5
run 4 -o admin adjust dmy -5000 --reason 透支
run 2 -o admin adjust dmy -100000 --reason 太多
run 3 -o admin adjust 无此人 +5 --reason 无
unchanged "refused adjustments"

run 0 audit
pass
