#!/bin/sh
# Nothing from the data reaches a terminal, a printer, a spreadsheet or a
# page raw: residents named with a screen clear, a bell, a line break, a
# spreadsheet formula and a script, and a scanned payload full of escape
# sequences, come out inert through every output.  Personal data leaves
# only with a staff login, on the record.  The community's name and code
# are checked at init; a NUL byte in an input file is an error with its line.
. "$(dirname "$0")/lib.sh.inc"

demo
export JIFEN_PIN=2468
export JIFEN_CONFIG="$T/jifen.conf"
: >"$JIFEN_CONFIG"

# Control bytes (C0 but line ends, DEL) and C1 controls in UTF-8 (U+0080..9F).
CTRL=$(printf '[\001-\011\013\014\016-\037\177]')
C1=$(printf '\302[\200-\237]')
# inert FILE WHAT: the file holds no control byte but line ends
inert() {
  CHECKS=$((CHECKS + 1))
  if LC_ALL=C grep -q "$CTRL" "$1" || LC_ALL=C grep -q "$C1" "$1"; then
    fail "$2: control bytes reached the output: $(LC_ALL=C grep -n "$CTRL\|$C1" "$1" | head -2 | od -c | head -4)"
  fi
}

# --- the names -------------------------------------------------------------------
# What people can type is kept as typed, shown as text; a control character is
# refused at the door.
run 0 -o staff resident add "=cmd|'/C calc'!A0" --phone 13900000001
run 0 -o staff resident add '<script>alert(1)</script>' --phone 13900000002
out_has '已登记居民 <script>alert(1)</script>'
run 2 -o staff resident add "$(printf 'a\033[2Jb')"
# both earn points this month, so that they are on the month's notice
run 0 -o staff award 13900000001 13900000002 C01 --verifier 原冬梅
# What only a file-holder can write: the escape sequences go in with sqlite3.
# 丁美英 (id 1) has awards and a redemption; the search still finds her by dmy.
tamper "update residents set name = char(27) || '[2J' || char(7) || '丁' || char(10) ||
  '已作废小票' || char(27) || ']0;pwned' || char(7) || char(155) || '31m美英' where id = 1;
  update operators set name = char(27) || '[2J' || char(10) || '操作员' where login = 'counter';
  update items set name = char(27) || '[31m纸巾' || char(10) || '<b>' where name = '纸巾';
  update meta set value = char(27) || '[2J<i>府西社区' || char(7) where key = 'community_name';"

# --- terminal: every command that shows her --------------------------------------
run 0 passbook dmy
out_has '积分存折  ?[2J?丁?已作废小票?]0;pwned??31m美英'
inert "$T/out" "passbook"
run 0 resident find dmy
inert "$T/out" "resident find"
run 0 resident list
inert "$T/out" "resident list"
run 0 statement dmy
inert "$T/out" "statement"
run 0 -o counter redeem dmy ZJ01:1
inert "$T/out" "redeem confirmation"
no=$(sed -n 's/^小票 \([0-9-]*\) .*/\1/p' "$T/out")
[ -n "$no" ] || fail "no receipt number in: $(head -2 "$T/out")"
run 0 -o staff award dmy C01 --verifier 原冬梅
inert "$T/out" "award confirmation"
run 0 -o admin adjust dmy 1 --reason 测试
inert "$T/out" "adjust confirmation"
run 0 -o staff receipt show "$no"
inert "$T/out" "receipt show"
out_has '?[2J<i>府西社区?'
run 0 day report
inert "$T/out" "day report"
run 0 month report 2024-06
inert "$T/out" "month report"
# the names went in with the change log's triggers dropped: audit names the
# change (exit 7), and its words are inert too
run 7 audit
inert "$T/out" "audit"
inert "$T/err" "audit's error"
err_has 'community_name'
run 3 resident find "$(printf 'x\033[2J\007')"
inert "$T/err" "an error naming the query"

# receipt verify: the scanned payload is whatever the scanner read; its
# percent-encoded community code holds ESC [2J, a BEL and a line break
"$JIFEN" receipt verify "JF1.%1B%5B2J%07%0A%C2%9BFX.20240615-0001.5.5.AAAAAAAAAAAAAA" \
  >"$T/out" 2>"$T/err"
equal $? 9 "exit status of a verdict on another community's receipt"
out_has '不是本数据库的小票'
out_has '?[2J??'
inert "$T/out" "receipt verify"
printf 'JF1.%%1B%%5D0%%3Bpwned%%07.%%1B%%5B2J.5.5.AAAAAAAAAAAAAA\n' >"$T/scan"
"$JIFEN" receipt verify - <"$T/scan" >"$T/out" 2>"$T/err"
equal $? 9 "exit status of a verdict on a scanned payload"
out_has '?]0;pwned?'
inert "$T/out" "receipt verify from a scanner"

# --- the printer: the receipt's ESC/POS bytes -------------------------------------
printf '[printer]\ndevice = %s/lp0\npaper = 58\nqr = native\n' "$T" >"$JIFEN_CONFIG"
: >"$T/lp0"
run 0 -o staff receipt print "$no"
# the stream, less the commands jifen sends, holds no control byte but LF:
# ESC @, FS &, ESC a n, ESC E n, GS ! n, ESC d n, GS V 66 0 and the QR (GS ( k)
CHECKS=$((CHECKS + 1))
LC_ALL=C grep -a -c "$(printf '\033\\[2J')" "$T/lp0" >/dev/null &&
  fail "the screen clear reached the printer"
od -An -v -tu1 "$T/lp0" | tr -s ' ' '\n' | sed '/^$/d' | awk '
  function cmd(n) { skip = n }
  skip > 0 { skip--; next }
  qr > 0 { qr--; next }
  $1 == 27 { getline a; if (a == 64) next; if (a == 97 || a == 69 || a == 100) { cmd(1); next }
             print "ESC " a; bad = 1; next }
  $1 == 28 { getline a; if (a == 38) next; print "FS " a; bad = 1; next }
  $1 == 29 { getline a
             if (a == 33) { cmd(1); next }
             if (a == 86) { cmd(2); next }
             if (a == 40) { getline k; getline pl; getline ph; qr = pl + 256 * ph; next }
             print "GS " a; bad = 1; next }
  $1 < 32 && $1 != 10 || $1 == 127 { print "control " $1; bad = 1 }
  END { exit bad }' >"$T/pos" || fail "control bytes in the printed text: $(head -3 "$T/pos")"
: >"$JIFEN_CONFIG"

# --- CSV: every export ------------------------------------------------------------
run 0 -o staff resident export "$T/residents.csv"
inert "$T/residents.csv" "resident export"
CHECKS=$((CHECKS + 1))
grep -q "^'=cmd|'/C calc'!A0,13900000001," "$T/residents.csv" ||
  fail "resident export: no guarded formula in $(grep calc "$T/residents.csv")"
CHECKS=$((CHECKS + 1))
! grep -q '^=' "$T/residents.csv" || fail "resident export: a cell starts with ="
run 0 -o staff export --format csv -o "$T/ledger.csv"
inert "$T/ledger.csv" "ledger CSV"
run 0 -o staff month report 2024-06 --format csv --full-names -o "$T/month.csv"
inert "$T/month.csv" "month CSV"
CHECKS=$((CHECKS + 1))
grep -q "^'=cmd|'/C calc'!A0," "$T/month.csv" || fail "month CSV: no guarded formula"

# --- HTML: the notice -------------------------------------------------------------
run 0 -o staff month report 2024-06 --format html --full-names -o "$T/month.html"
inert "$T/month.html" "month notice"
CHECKS=$((CHECKS + 1))
! grep -q '<script>alert\|<i>府西\|纸巾.<b>' "$T/month.html" ||
  fail "markup from the data in the notice: $(grep -o '.\{0,20\}<script>alert.\{0,10\}\|<i>府西' "$T/month.html" | head -3)"
CHECKS=$((CHECKS + 1))
grep -q '&lt;i&gt;府西社区' "$T/month.html" || fail "the community's name is not escaped"
CHECKS=$((CHECKS + 1))
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$T/month.html" || fail "the name is not escaped"

# --- the journal -------------------------------------------------------------------
run 0 -o staff export --format ledger -o "$T/fx.journal"
inert "$T/fx.journal" "journal"
entries=$(sql "select count(*) from ledger")
equal "$(grep -c '^[0-9]' "$T/fx.journal")" "$entries" "transactions in the journal"
if command -v hledger >/dev/null 2>&1; then
  hledger -f "$T/fx.journal" balance -N >/dev/null 2>"$T/err" ||
    fail "hledger refused the journal: $(head -3 "$T/err")"
fi

# --- who took the data out --------------------------------------------------------
run 5 access-log
run 5 -o counter access-log
run 0 -o staff access-log
out_has '居民名单'
out_has '台账 CSV'
out_has '台账 journal'
out_has '月度公示（全名）'
out_has 'staff'
inert "$T/out" "access log"
run 0 -o staff access-log --json
json_valid "$T/out"
equal "$(json "$T/out" '$[0].what')" "residents" "first access"
run 0 -o staff backup "$T/copy.db"
equal "$(sql "select count(*) from access_log where what = 'backup'")" 1 "backup recorded"
CHECKS=$((CHECKS + 1))
! sql "delete from access_log" 2>/dev/null || fail "the access log can be emptied"
CHECKS=$((CHECKS + 1))
! sql "update access_log set operator_id = 1" 2>/dev/null || fail "the access log can be changed"

# --- init: the community's name and code ------------------------------------------
for bad in "$(printf 'A\033[2J')" "F.X" "府西" "FX X" "ABCDEFGHIJKLMNOPQ"; do
  rm -f "$T/new.db"
  run 2 -d "$T/new.db" init --test --code "$bad"
  err_has '社区'
  CHECKS=$((CHECKS + 1))
  [ ! -e "$T/new.db" ] || fail "init --code '$bad' left a file"
done
# refused before the PIN is asked for or checked
run_env JIFEN_PIN= 2 -d "$T/new.db" init --test --code "F.X"
err_has '社区代码'
run 2 -d "$T/new.db" init --test --code "$(printf 'F\001X')"
err_has '社区代码'
run 2 -d "$T/new.db" init --test --code "ABCDEFGHIJKLMNOPQ"
err_has '不会截短'
run 2 -d "$T/new.db" init --test --community "$(printf '府西\033[2J社区')"
err_has '社区名称'
run 2 -d "$T/new.db" init --test --community "$(printf '府西\n社区')"
run 2 -d "$T/new.db" init --test --community "$(printf '%0100d' 0)"
CHECKS=$((CHECKS + 1))
[ ! -e "$T/new.db" ] || fail "a refused init left a file"
run 0 -d "$T/new.db" init --test --community 府西社区 --code FX-01_b
equal "$(sqlite3 "$T/new.db" "select value from meta where key = 'community_code'")" "FX-01_b" \
  "the code as typed"

# --- NUL bytes in input files ------------------------------------------------------
printf '丁美英\n杨效文\000张常有\n' >"$T/who.txt"
snap
run 2 -o staff award --residents "$T/who.txt" C01 --verifier 原冬梅
err_has '第 2 行'
err_has 'NUL'
unchanged "award --residents with a NUL byte"
printf '姓名,手机\n王一,13900000011\n王二\000,13900000012\n' >"$T/nul.csv"
run 2 -o staff resident import "$T/nul.csv"
err_has '第 3 行'
err_has 'NUL'
unchanged "resident import with a NUL byte"
printf 'date,resident,activity,verifier\n2024-06-15,丁美英\000,C01,原冬梅\n' >"$T/awards.csv"
run 2 -o staff award import "$T/awards.csv"
err_has '第 2 行'
unchanged "award import with a NUL byte"
printf '[printer]\npaper = 58\n\000\n' >"$JIFEN_CONFIG"
run 2 receipt show "$no"
err_has 'jifen.conf:3'
err_has 'NUL'
: >"$JIFEN_CONFIG"

pass
