#!/bin/sh
# Tampering shows: rows of the ledger, the stock movements and the receipts
# edited, deleted or inserted with the real sqlite3 shell (dropping the
# append-only triggers first, and fixing the cached balances so that the
# totals still look right) are found by the real `jifen audit`, which exits
# 7 and names the table and the row.
. "$(dirname "$0")/../cli/lib.sh.inc"

demo
cp "$JIFEN_DB" "$T/clean.db"
run 0 audit
out_has "台账完好"

# fresh: a new untouched copy of the demo database
fresh() {
	rm -f "$JIFEN_DB" "$JIFEN_DB-wal" "$JIFEN_DB-shm"
	cp "$T/clean.db" "$JIFEN_DB"
}

# tampered TABLE ROW WHAT: jifen audit refuses (exit 7), naming TABLE and
# ROW on stderr, and as "table" and "row" in its JSON.
tampered() {
	run 7 audit
	err_has "台账校验失败"
	err_has "（$1）"
	CHECKS=$((CHECKS + 1))
	grep -Eq "[^0-9]$2([^0-9]|\$)" "$T/err" || fail "$3: stderr does not name row $2"
	"$JIFEN" audit --json >"$T/out" 2>/dev/null
	grep -q '"ok":false' "$T/out" || fail "$3: audit --json does not say ok:false"
	grep -q "\"table\":\"$1\"" "$T/out" || fail "$3: audit --json does not name table $1"
	grep -q "\"row\":$2[,}]" "$T/out" || fail "$3: audit --json does not name row $2"
}

mid=$(sql "select id from ledger where kind = 'award' and id > 600 order by id limit 1")
who=$(sql "select resident_id from ledger where id = $mid")
[ -n "$mid" ] && [ -n "$who" ] || fail "no award in the demo ledger"

# 1. more points on an award, the resident's balance raised to match
fresh
sql "drop trigger ledger_no_update;
     update ledger set points = points + 50 where id = $mid;
     update ledger set balance_after = balance_after + 50 where resident_id = $who and id >= $mid;
     update residents set balance = balance + 50 where id = $who;"
tampered ledger "$mid" "raised award"

# 2. only the note of an entry
fresh
sql "drop trigger ledger_no_update; update ledger set note = '补录' where id = $mid;"
tampered ledger "$mid" "edited note"

# 3. another operator or verifier on an entry (who did it)
fresh
sql "drop trigger ledger_no_update;
     update ledger set operator_id = (select o.id from operators o
       where o.id <> ledger.operator_id limit 1) where id = $mid;"
tampered ledger "$mid" "other operator"

# 4. an entry moved to another day
fresh
sql "drop trigger ledger_no_update; update ledger set day = '2024-01-01', time = time - 86400 * 30 where id = $mid;"
tampered ledger "$mid" "other day"

# 5. a redemption deleted from the middle, the balance given back: the next
#    entry no longer follows
red=$(sql "select id from ledger where kind = 'redeem' and id < (select max(id) - 20 from ledger) order by id desc limit 1")
red_who=$(sql "select resident_id from ledger where id = $red")
red_pts=$(sql "select -points from ledger where id = $red")
next=$(sql "select min(id) from ledger where id > $red")
fresh
sql "drop trigger ledger_no_delete; drop trigger ledger_no_update;
     delete from ledger where id = $red;
     update ledger set balance_after = balance_after + $red_pts where resident_id = $red_who and id > $red;
     update residents set balance = balance + $red_pts where id = $red_who;"
tampered ledger "$next" "deleted redemption"

# 6. a forged award appended, with a made-up hash
fresh
last=$(sql "select max(id) from ledger")
sql "insert into ledger(id, time, day, kind, resident_id, points, balance_after, operator_id,
       verifier_id, activity_id, note, hash)
     select $last + 1, time, day, 'award', resident_id, 100, balance_after + 100, operator_id,
       (select min(id) from verifiers), (select min(id) from activities), '', 'deadbeef'
     from ledger where id = $last;
     update residents set balance = balance + 100 where id = (select resident_id from ledger where id = $last);"
tampered ledger "$((last + 1))" "forged award"

# 7. a forged row copied from a real one, with its real hash, at a new id
fresh
sql "insert into ledger(id, time, day, kind, resident_id, points, balance_after, operator_id,
       verifier_id, activity_id, receipt_id, deed_date, ref, note, hash)
     select $last + 1, time, day, kind, resident_id, points, balance_after, operator_id,
       verifier_id, activity_id, receipt_id, deed_date, ref, note, hash || ''
     from ledger where id = $mid;" 2>/dev/null
# the hash column is UNIQUE: the copy cannot even be stored with the same
# hash; with any other it is a broken link
CHECKS=$((CHECKS + 1))
[ "$(sql "select count(*) from ledger where id = $((last + 1))")" = 0 ] ||
	fail "a copy of a ledger row was stored with the same hash"

# 8. the quantity on a receipt line (the hash covers the receipt's lines)
rcp=$(sql "select receipt_id from ledger where kind = 'redeem' order by id limit 1")
rcp_entry=$(sql "select id from ledger where kind = 'redeem' and receipt_id = $rcp")
fresh
sql "drop trigger receipt_lines_no_update; update receipt_lines set qty = qty + 1 where receipt_id = $rcp and line = 1;"
tampered ledger "$rcp_entry" "receipt line"

# 9. the receipt's total
fresh
sql "drop trigger receipts_no_update; update receipts set total = total + 1 where id = $rcp;"
tampered ledger "$rcp_entry" "receipt total"

# 10. a stock movement: more goods received than were
mv_id=$(sql "select id from stock_moves where kind = 'in' order by id limit 1")
fresh
sql "drop trigger stock_no_update; update stock_moves set qty = qty + 5 where id = $mv_id;"
tampered stock_moves "$mv_id" "stock movement"

# 11. a balance changed without any entry
fresh
sql "update residents set balance = balance + 20 where id = $who;"
tampered residents "$who" "cached balance"

# 12. stock changed without any movement
item=$(sql "select item_id from stock_moves order by id limit 1")
fresh
sql "update items set stock = stock + 3 where id = $item;"
tampered items "$item" "cached stock"

# 13. the newest redemption taken out of the ledger (its entry is the last
#     row, so the chain before it still holds) and the balance given back:
#     its receipt is left without an entry
fresh
rlast=$(sql "select max(id) from ledger")
run_env JIFEN_PIN=2468 0 -o counter redeem dmy ZJ01
new_rcp=$(sql "select max(id) from receipts")
new_entry=$(sql "select max(id) from ledger")
[ "$new_entry" -gt "$rlast" ] || fail "the redemption made no entry"
sql "drop trigger ledger_no_delete;
     update residents set balance = balance - (select points from ledger where id = $new_entry)
       where id = (select resident_id from ledger where id = $new_entry);
     delete from ledger where id = $new_entry;"
tampered receipts "$new_rcp" "receipt without its entry"

# 14. a void whose goods never came back: the void's stock movements (the
#     newest rows of their chain) deleted, the stock put back as it was
fresh
rich=$(sql "select card from residents where active and card is not null order by balance desc limit 1")
run_env JIFEN_PIN=2468 0 -o counter redeem "$rich" ZJ01:2 XZ01
no=$(sql "select no from receipts order by id desc limit 1")
vr=$(sql "select id from receipts where no = '$no'")
run_env JIFEN_PIN=2468 0 -o staff void "$no" --reason "居民退回"
run 0 audit
sql "drop trigger stock_no_delete;
     update items set stock = stock - (select qty from stock_moves s
       where s.item_id = items.id and s.kind = 'void' and s.receipt_id = $vr)
       where id in (select item_id from stock_moves where kind = 'void' and receipt_id = $vr);
     delete from stock_moves where kind = 'void' and receipt_id = $vr;"
tampered receipts "$vr" "void without its stock"

# the untouched copy still passes after all this
fresh
run 0 audit
out_has "台账完好"

pass
