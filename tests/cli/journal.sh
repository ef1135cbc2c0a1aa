#!/bin/sh
# The ledger journal under the strict checks (issue 16): it declares its
# commodity and every account it posts to, so that `hledger check --strict`
# and `ledger --strict` accept the demo's whole ledger without a word; a note
# with commas and colons stays one tag's value.  Both tools: make deps.
. "$(dirname "$0")/lib.sh.inc"

demo
export JIFEN_PIN=2468
check() { CHECKS=$((CHECKS + 1)); }
run 0 -o staff award dmy G04 --verifier 原冬梅 --note "扫地, 拖地:三楼; 擦窗" --ref 第9页
run 0 -o staff export --format ledger -o "$T/fx.journal"
check; grep -q '^commodity 分$' "$T/fx.journal" || fail "no commodity directive"
check; grep -q '^account 居民:丁美英 #1$' "$T/fx.journal" || fail "no account directive for 丁美英"
if command -v hledger >/dev/null 2>&1; then
  hledger -f "$T/fx.journal" check --strict >"$T/out" 2>"$T/err" ||
    fail "hledger check --strict: $(head -3 "$T/err")"
  hledger -f "$T/fx.journal" tags >"$T/tags" 2>"$T/err" || fail "hledger tags"
  check; ! grep -q '拖地' "$T/tags" || fail "a note's comma made a tag: $(cat "$T/tags")"
  hledger -f "$T/fx.journal" tags 备注 --values >"$T/values" 2>"$T/err" || fail "hledger tags --values"
  check; grep -q '^扫地， 拖地：三楼； 擦窗$' "$T/values" || fail "the note as a tag: $(grep 扫地 "$T/values")"
else
  echo "SKIP journal: hledger is not installed (make deps installs it)"
fi
if command -v ledger >/dev/null 2>&1; then
  ledger -f "$T/fx.journal" --strict balance >"$T/out" 2>"$T/err" || fail "ledger --strict: $(head -3 "$T/err")"
  check; [ ! -s "$T/err" ] || fail "ledger --strict warns: $(head -3 "$T/err")"
  total=$(ledger -f "$T/fx.journal" --strict balance '^居民' --flat --no-total 2>/dev/null |
    awk '{s += $1} END {print s}')
  equal "$total" "$(sql "select sum(balance) from residents")" "all residents' points in ledger"
else
  echo "SKIP journal: ledger is not installed (make deps installs it)"
fi
pass
