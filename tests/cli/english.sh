#!/bin/sh
# The English interface: --lang en and LANGUAGE=en speak English (errors,
# help, the passbook, a refused redemption) in any locale, LANG=C included;
# --lang zh wins over LANGUAGE; Chinese is the default.
. "$(dirname "$0")/lib.sh.inc"

mo="$(dirname "$JIFEN")/locale/en/LC_MESSAGES/jifen.mo"
CHECKS=$((CHECKS + 1))
[ -f "$mo" ] || fail "no English catalog at $mo"

# no_chinese FILE: not one CJK ideograph (UTF-8 lead bytes E4-E9) in FILE.
no_chinese() {
  CHECKS=$((CHECKS + 1))
  ! LC_ALL=C grep -q "$(printf '[\344-\351]')" "$1" || fail "Chinese left in $1: $(
    LC_ALL=C grep "$(printf '[\344-\351]')" "$1" | head -3)"
}

# aligned: in the last run's stdout, the option lines ("  --name VALUE  text")
# all start their text in one column.
aligned() {
  CHECKS=$((CHECKS + 1))
  cols=$(awk '/^  --[a-z-]+( [^ ]+)? +[^ ]/ {
    match($0, /^  --[a-z-]+( [^ ]+)? +/); print RLENGTH }' "$T/out" | sort -u)
  [ -n "$cols" ] || fail "no option lines"
  [ "$(echo "$cols" | wc -l)" -eq 1 ] || fail "option texts start in columns $(echo $cols)"
}

demo
export JIFEN_PIN=2468
run 0 -o staff resident add Zhang --compound 公安小区

# --- the switch --------------------------------------------------------------
run 4 -o counter redeem Zhang 纸巾
cp "$T/err" "$T/zh.txt"
err_has "积分不足"
run 4 --lang en -o counter redeem Zhang 纸巾
cp "$T/err" "$T/en1.txt"
run_env LANGUAGE=en 4 -o counter redeem Zhang 纸巾
cp "$T/err" "$T/en2.txt"
CHECKS=$((CHECKS + 1))
cmp -s "$T/en1.txt" "$T/en2.txt" || fail "--lang en and LANGUAGE=en differ"
run_env LANGUAGE=en 4 --lang zh -o counter redeem Zhang 纸巾
CHECKS=$((CHECKS + 1))
cmp -s "$T/err" "$T/zh.txt" || fail "--lang zh does not win over LANGUAGE=en"
run 2 --lang de --help

# --- a refused redemption, in every locale ------------------------------------
for loc in C C.UTF-8 POSIX unset; do
  if [ "$loc" = unset ]; then
    env -u LANG -u LC_ALL -u LC_MESSAGES -u LC_CTYPE LANGUAGE=en \
      "$JIFEN" -o counter redeem Zhang 纸巾 >"$T/out" 2>"$T/err"
  else
    env -u LC_ALL -u LC_MESSAGES -u LC_CTYPE LANG=$loc LANGUAGE=en \
      "$JIFEN" -o counter redeem Zhang 纸巾 >"$T/out" 2>"$T/err"
  fi
  checked $? 4 "redeem (LANG=$loc)"
  CHECKS=$((CHECKS + 1))
  [ "$(cat "$T/err")" = "jifen: Not enough points: Zhang has 0 points, needs 2: take 纸巾 1包 out of the cart" ] ||
    fail "LANG=$loc: refused redemption says '$(cat "$T/err")'"
done
run_env LC_MESSAGES=C 4 --lang en -o counter redeem Zhang 纸巾
err_has "Not enough points"

# --- errors -------------------------------------------------------------------
export LANGUAGE=en
run 3 passbook nobody
equal "$(cat "$T/err")" 'jifen: Not found: No resident matches "nobody"' "unknown resident"
run 6 -d "$T/none.db" passbook nobody
err_has "jifen: Database does not exist; run jifen init first"
run 2 redeem
err_has "Usage error: jifen redeem RESIDENT ITEM[:QTY]... [--json] (see jifen redeem --help)"
run 2 -o staff award 丁美英 G04
err_has "An award needs the building leader or grid worker who confirmed it: --verifier NAME"
run_env JIFEN_PIN=1111 5 -o counter redeem 丁美英 纸巾
err_has "Wrong operator or PIN: Wrong PIN; 4 tries left"
run 5 -o counter void 20230707-0001 --reason test
err_has "The current operator may not do this"
run 2 nosuchcommand
err_has "No command nosuchcommand (see jifen --help)"
run 2 -o counter redeem 丁美英 纸巾:0
err_has 'Invalid quantity: Quantity of "纸巾:0" must be a whole number from 1 to 999'
run 2 passbook "$(printf 'bad\377')"
err_has "Input is not valid UTF-8 text"
run 3 -o counter redeem 丁美英 nosuchitem
err_has 'No item with code, name or pinyin "nosuchitem"'

# --- help ---------------------------------------------------------------------
run 0 --help
out_has "Usage: jifen [-d DB] [-o LOGIN] [--lang en|zh] [COMMAND ...]"
out_has "Global options:"
out_has "  passbook          Passbook: the balance and every entry"
out_has "  redeem            Redeem items"
no_chinese "$T/out"
CHECKS=$((CHECKS + 1))
w=$(awk '{ if (length($0) > m) m = length($0) } END { print m }' "$T/out")
[ "$w" -le 80 ] || fail "jifen --help has a line of $w columns"
for cmd in init "resident add" award redeem "stock in" "item add" "operator add" \
  "day report" "month report" statement "voucher list" "award import" export; do
  # shellcheck disable=SC2086
  run 0 help $cmd
  aligned
done
run 0 help award
out_has "Usage: jifen award RESIDENT... ACTIVITY --verifier NAME"
out_has "  --note TEXT       note"
# an empty synopsis must not print the catalog's header
run 0 verifier list --help
out_has "Usage: jifen verifier list"
out_lacks "Project-Id-Version"
out_lacks "Content-Type"

# --- the passbook and a redemption --------------------------------------------
run 0 passbook 丁美英
out_has "Passbook  丁美英  开发楼家属楼"
out_has "Balance 2 points, 4 entries"
head -4 "$T/out" | tail -1 >"$T/head.txt"
for col in Time Type Points Balance Details Verifier By "Receipt / note"; do
  CHECKS=$((CHECKS + 1))
  grep -qF "$col" "$T/head.txt" || fail "passbook header lacks '$col': $(cat "$T/head.txt")"
done
out_has "Award"
out_has "Redeem"
run 0 -o staff award 张常有 G04 --verifier 原冬梅
out_has "points each; verifier 原冬梅"
run 0 -o counter redeem 张常有 纸巾
out_has "Receipt "
out_has "Total 2 points, balance"
run 0 item list
out_has "Monthly limit"
out_has "Daily goods"
run 0 activity list
out_has "Estate governance"

pass
