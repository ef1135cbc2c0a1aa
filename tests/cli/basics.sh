#!/bin/sh
# The command line itself: help, version, global options, the database path,
# usage errors and their exit statuses.
. "$(dirname "$0")/lib.sh.inc"

run 0 --help
out_has "用法：jifen [-d DB] [-o LOGIN]"
out_has "resident import"
out_has "stock count"
run 0 --version
out_has "jifen "
run 0 help award
out_has "--verifier NAME"
run 0 award --help
out_has "用法：jifen award RESIDENT... ACTIVITY --verifier NAME"
run 0 resident --help
out_has "resident export"
run 0 redeem dmy --help
out_has "ITEM[:QTY]"

# usage errors: 2
run 2 frobnicate
err_has "没有命令 frobnicate"
run 2 resident
err_has "需要一个子命令"
run 2 resident frob
run 2 --bogus passbook dmy
run 2 -d
run 2 --lang fr --help
err_has "--lang"
run 2 help nosuch

# no database yet: 6, naming init
run 6 passbook dmy
err_has "jifen init"
run 6 audit

# a file that is not a jifen database is refused and left untouched
printf 'not a database\n' >"$T/notes.txt"
run 6 -d "$T/notes.txt" audit
equal "$(cat "$T/notes.txt")" "not a database" "the refused file"
sqlite3 "$T/other.db" "create table t(x); insert into t values (1);"
run 6 -d "$T/other.db" audit
equal "$(sqlite3 "$T/other.db" 'select count(*) from t')" 1 "the other SQLite file"

demo
run 0 audit
# no command: the counter, which needs a terminal (stdin here is /dev/null)
run 2
err_has "终端"
run 2 passbook
err_has "用法错误"
run 2 passbook dmy extra
run 2 passbook dmy --frob
err_has "--frob"

# -d beats $JIFEN_DB; --db=FILE; -dFILE
mv "$JIFEN_DB" "$T/moved.db"
run 6 passbook dmy
run 0 -d "$T/moved.db" passbook dmy
out_has "丁美英"
run 0 --db="$T/moved.db" passbook dmy
run 0 "-d$T/moved.db" passbook dmy
mv "$T/moved.db" "$JIFEN_DB"

# the default path: $XDG_DATA_HOME/jifen/jifen.db, else ~/.local/share/...
(
  unset JIFEN_DB
  export XDG_DATA_HOME="$T/xdg"
  "$JIFEN" init --demo >/dev/null 2>&1
) || fail "init --demo at the XDG default path failed"
CHECKS=$((CHECKS + 1))
[ -f "$T/xdg/jifen/jifen.db" ] || fail "no database at \$XDG_DATA_HOME/jifen/jifen.db"
mode=$(stat -c %a "$T/xdg/jifen")
equal "$mode" 700 "mode of the data folder"
mode=$(stat -c %a "$T/xdg/jifen/jifen.db")
equal "$mode" 600 "mode of the database"
(
  unset JIFEN_DB XDG_DATA_HOME
  "$JIFEN" init --demo >/dev/null 2>&1
) || fail "init --demo at ~/.local/share failed"
CHECKS=$((CHECKS + 1))
[ -f "$HOME/.local/share/jifen/jifen.db" ] || fail "no database at ~/.local/share/jifen/jifen.db"

# an argument that is not UTF-8: 2, shown with '?'
run 2 passbook "$(printf 'd\377my')"
err_has "UTF-8"
run 2 resident find "$(printf '\300\200')"

# $JIFEN_NOW must be seconds
run_env JIFEN_NOW=yesterday 2 passbook dmy
err_has "JIFEN_NOW"

# output that cannot be written is an error, not silence
if [ -w /dev/full ]; then
  "$JIFEN" item list >/dev/full 2>"$T/err"
  st=$?
  CHECKS=$((CHECKS + 1))
  [ "$st" -ne 0 ] || fail "item list >/dev/full exited 0"
fi

pass
