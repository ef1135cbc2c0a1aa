#!/bin/sh
# jifen audit: a summary when the ledger holds, exit 7 naming the first
# broken entry after someone edits the file with the sqlite3 shell.
. "$(dirname "$0")/lib.sh.inc"

demo
run 0 audit
out_has "台账完好"
entries=$(sql "select count(*) from ledger")
out_has "$entries"
run 0 audit --json
json_valid "$T/out"
equal "$(json "$T/out" '$.ok')" 1 "audit ok"
equal "$(json "$T/out" '$.entries')" "$entries" "entries counted"
equal "$(json "$T/out" '$.points_outstanding')" "$(sql "select sum(balance) from residents")" \
  "points outstanding"
equal "$(json "$T/out" '$.ledger_head')" "$(sql "select hash from ledger order by id desc limit 1")" \
  "ledger head"

cp "$JIFEN_DB" "$T/pristine.db"
restore() {
  rm -f "$JIFEN_DB" "$JIFEN_DB-wal" "$JIFEN_DB-shm"
  cp "$T/pristine.db" "$JIFEN_DB"
}

# points of one entry changed behind the program's back (the triggers that
# keep the ledger append-only dropped first)
id=$(sql "select id from ledger where kind = 'award' order by id limit 1 offset 10")
sql "drop trigger ledger_no_update; update ledger set points = points + 5 where id = $id;" ||
  fail "tampering failed"
run 7 audit
err_has "台账校验失败"
err_has "$id"
run 7 audit --json
equal "$(json "$T/out" '$.ok')" 0 "audit --json after tampering"
equal "$(json "$T/out" '$.row')" "$id" "first broken entry"

# a balance edited
restore
rid=$(sql "select id from residents where name = '丁美英'")
sql "update residents set balance = balance + 100 where id = $rid;"
run 7 audit
err_has "$rid"

# an entry deleted
restore
sql "drop trigger ledger_no_delete; delete from ledger where id = $id;"
run 7 audit

# a stock level edited
restore
sql "update items set stock = stock + 1 where name = '纸巾';"
run 7 audit

restore
run 0 audit
pass
