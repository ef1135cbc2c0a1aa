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
sql "drop trigger receipt_lines_no_update; drop trigger jfa_receipt_lines_u; update receipt_lines set qty = qty + 1 where receipt_id = $rcp and line = 1;"
tampered ledger "$rcp_entry" "receipt line"

# 9. the receipt's total
fresh
sql "drop trigger receipts_no_update; drop trigger jfa_receipts_u; update receipts set total = total + 1 where id = $rcp;"
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


# --- the change log: everything else that decides points ---------------------

# changed TABLE KEY FIELD LABEL WHAT: jifen audit refuses (exit 7), naming
# the table, the row's key and the field (in words on stderr, by name in
# the JSON).
changed() {
	run 7 audit
	err_has "台账校验失败"
	err_has "（$1）"
	err_has "$2"
	[ -n "$4" ] && err_has "$4"
	"$JIFEN" audit --json >"$T/out" 2>/dev/null
	CHECKS=$((CHECKS + 1))
	grep -q '"ok":false' "$T/out" || fail "$5: audit --json does not say ok:false"
	grep -q "\"table\":\"$1\"" "$T/out" || fail "$5: audit --json does not name table $1"
	grep -q "\"key\":\"$2\"" "$T/out" || fail "$5: audit --json does not name row $2"
	[ -z "$3" ] || grep -q "\"field\":\"$3\"" "$T/out" || fail "$5: audit --json does not name field $3"
}

counter=$(sql "select id from operators where login = 'counter'")
[ -n "$counter" ] || fail "no operator counter in the demo"

# 15. the plain sqlite3 shell cannot write a watched table at all: the
#     triggers that keep the change log call functions only jifen has
fresh
CHECKS=$((CHECKS + 1))
if sqlite3 -batch "$JIFEN_DB" "update operators set role = 'admin' where login = 'counter'" 2>/dev/null; then
	fail "the sqlite3 shell changed an operator's role"
fi
equal "$(sql "select role from operators where login = 'counter'")" volunteer "role after a refused shell write"
run 0 audit

# 16. an operator's role (the triggers dropped first)
fresh
sql "drop trigger jfa_operators_u; update operators set role = 'admin' where login = 'counter';"
changed operators "$counter" role "角色" "operator role"

# 17. an operator's PIN hash (the admin's copied onto the volunteer)
fresh
sql "drop trigger jfa_operators_u;
     update operators set pin_hash = (select pin_hash from operators where login = 'admin')
       where login = 'counter';"
changed operators "$counter" pin_hash "PIN" "operator PIN hash"

# 18. the lock state: locked by wrong PINs, unlocked with the shell
fresh
i=0
while [ $i -lt 8 ]; do
	JIFEN_PIN=0000 "$JIFEN" -o counter redeem dmy ZJ01 >/dev/null 2>&1
	i=$((i + 1))
done
locked=$(sql "select locked_until > 0 from operators where login = 'counter'")
equal "$locked" 1 "counter locked after wrong PINs"
run 0 audit
sql "drop trigger jfa_operators_u; update operators set locked_until = 0, failed_pins = 0 where login = 'counter';"
changed operators "$counter" locked_until "锁定" "lock reset"

# 19. the receipt key and the community code in meta
fresh
sql "drop trigger jfa_meta_u; update meta set value = '$(printf '%064d' 0)' where key = 'receipt_key';"
changed meta receipt_key value "" "receipt key"
CHECKS=$((CHECKS + 1))
grep -q "$(printf '%064d' 0)" "$T/err" && fail "audit prints the receipt key"
fresh
sql "drop trigger jfa_meta_u; update meta set value = 'XX' where key = 'community_code';"
changed meta community_code value "" "community code"

# 20. an activity's points, an item's points and monthly limit
act=$(sql "select id from activities where active order by id limit 1")
fresh
sql "drop trigger jfa_activities_u; update activities set points = points + 10 where id = $act;"
changed activities "$act" points "积分" "activity points"
itm=$(sql "select id from items where code = 'ZJ01'")
fresh
sql "drop trigger jfa_items_u; update items set points = 1 where id = $itm;"
changed items "$itm" points "积分" "item points"
fresh
sql "drop trigger jfa_items_u; update items set monthly_limit = 99 where id = $itm;"
changed items "$itm" monthly_limit "每月限兑" "item limit"

# 21. a resident's name, phone and card (the balance alone is the ledger's)
fresh
sql "drop trigger jfa_residents_u; update residents set name = '丁美丽' where id = $who;"
changed residents "$who" name "名称" "resident name"
fresh
sql "drop trigger jfa_residents_u; update residents set phone = '13900000000' where id = $who;"
changed residents "$who" phone "电话" "resident phone"
fresh
sql "drop trigger jfa_residents_u; update residents set card = 'X999' where id = $who;"
changed residents "$who" card "卡号" "resident card"

# 22. a verifier, a voucher's expiry, a receipt's column no chain covers
ver=$(sql "select min(id) from verifiers")
fresh
sql "drop trigger jfa_verifiers_u; update verifiers set name = '张三' where id = $ver;"
changed verifiers "$ver" name "名称" "verifier"
vch=$(sql "select min(id) from vouchers")
fresh
sql "drop trigger jfa_vouchers_u; update vouchers set expires = '2099-12-31' where id = $vch;"
changed vouchers "$vch" expires "有效期" "voucher expiry"
fresh
sql "drop trigger receipts_no_update; drop trigger jfa_receipts_u;
     update receipts set balance_after = balance_after + 100 where id = $rcp;"
changed receipts "$rcp" balance_after "余额" "receipt balance"

# 23. a row put in with the shell (a second admin), one taken out
fresh
sql "drop trigger jfa_operators_i;
     insert into operators(login, name, role, pin_hash, created)
       select 'boss', 'boss', 'admin', pin_hash, created from operators where login = 'admin';"
boss=$(sql "select id from operators where login = 'boss'")
changed operators "$boss" "" "jifen" "operator inserted"
closed=$(sql "select min(day) from day_closes")
fresh
sql "drop trigger day_closes_no_delete; drop trigger jfa_day_closes_d;
     delete from day_closes where day = '$closed';"
changed day_closes "$closed" "" "删除" "day close deleted"

# 24. the change log itself: an entry taken out of the middle, a trigger gone
fresh
sql "drop trigger changes_no_delete; delete from changes where id = 20;"
changed changes 21 "" "" "change log entry deleted (the next one no longer follows)"
fresh
sql "drop trigger jfa_items_u;"
run 7 audit
err_has "jfa_items_u"

# 25. the newest entries cut off after the day was closed, the balance put
#     back: the head the close pinned is gone (audit and day report)
fresh
run_env JIFEN_PIN=2468 0 -o staff award dmy G04 --verifier 原冬梅
today=$(sql "select day from ledger order by id desc limit 1")
run_env JIFEN_PIN=2468 0 -o staff day close
run 0 day report "$today"
out_has "台账末条哈希："
out_has "$(sql "select hash from ledger order by id desc limit 1")"
run 0 audit
last=$(sql "select max(id) from ledger")
sql "drop trigger ledger_no_delete;
     update residents set balance = balance - (select points from ledger where id = $last)
       where id = (select resident_id from ledger where id = $last);
     delete from ledger where id = $last;"
changed day_closes "$today" ledger_head "" "entries cut off after a close"
run 0 day report "$today"
out_has "日结时记下的末条已不在台账中"

# 26. a legitimate change through jifen passes the audit and is listed with
#     who, when, the old and the new value
fresh
run_env JIFEN_PIN=2468 0 -o admin item price ZJ01 7
run_env JIFEN_PIN=2468 0 -o staff resident add 测试居民 --phone 13912345678
run 0 audit
out_has "变更记录完好"
run_env JIFEN_PIN=2468 0 -o staff audit --changes --table items --json
json_valid "$T/out"
equal "$(json "$T/out" '$[0].table')" items "change listed"
equal "$(json "$T/out" '$[0].op')" update "change op"
equal "$(json "$T/out" '$[0].new.points')" 7 "new price"
equal "$(json "$T/out" '$[0].operator')" "$(sql "select name from operators where login = 'admin'")" "who changed the price"
[ "$(json "$T/out" '$[0].old.points')" != 7 ] || fail "old price not kept"
run_env JIFEN_PIN=2468 0 -o staff audit --changes --table residents
out_has "测试居民"
out_has "$(sql "select name from operators where login = 'staff'")"
run_env JIFEN_PIN=2468 5 -o counter audit --changes

# the untouched copy still passes after all this
fresh
run 0 audit
out_has "台账完好"

pass
