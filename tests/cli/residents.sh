#!/bin/sh
# jifen resident add/find/list/import/export/moveout/return, and the search
# the counter shares.
. "$(dirname "$0")/lib.sh.inc"

demo
export JIFEN_PIN=2468

# --- search ------------------------------------------------------------------
run 0 resident find dmy
out_has "丁美英"
run 0 resident find dingmeiying
out_has "丁美英"
run 0 resident find 丁美
out_has "丁美英"
phone=$(sql "select phone from residents where name = '丁美英'")
card=$(sql "select card from residents where name = '丁美英'")
room=$(sql "select building || '-' || unit || '-' || room from residents where name = '丁美英'")
tail4=$(printf '%s' "$phone" | tail -c 4)
for q in "$phone" "$card" "$room"; do
  run 0 resident find "$q" --json
  equal "$(json "$T/out" '$[0].name')" "丁美英" "find $q"
done
run 0 resident find "$tail4"
out_has "丁美英"
run 3 resident find zzzzqqq
err_has "zzzzqqq"

# the passbook takes a phone number or card code as well
run 0 passbook "$phone"
out_has "丁美英"
run 0 passbook "$card" --json
equal "$(json "$T/out" '$.resident.name')" "丁美英" "passbook by card"
# unknown and ambiguous residents: 3, naming the candidates
run 3 passbook 无此人
err_has "无此人"
run 3 passbook 丁
err_has "丁美英"
err_has "丁建玺"

# --- add -----------------------------------------------------------------------
run 5 resident add 王小明
err_has "-o"
run 5 -o counter resident add 王小明
snap
run_env JIFEN_PIN=9999 5 -o staff resident add 王小明
unchanged "a wrong PIN"
run 0 -o staff resident add 王小明 --phone 13912345678 --compound 公安小区 --building 3 \
  --unit 2 --room 501 --card FXT001 --party
run 0 resident find wxm --json
equal "$(json "$T/out" '$[0].phone')" "13912345678" "new resident's phone"
equal "$(json "$T/out" '$[0].party')" 1 "new resident is a party member"
equal "$(json "$T/out" '$[0].balance')" 0 "new resident's balance"
run 0 resident find FXT001
out_has "王小明"

# refused: card in use, bad phone, empty name, 10 KB name, invalid UTF-8
snap
run 3 -o staff resident add 王小红 --card FXT001
run 2 -o staff resident add 王小红 --phone 12ab
run 2 -o staff resident add ""
big=$(head -c 10240 /dev/zero | tr '\0' 'x')
run 2 -o staff resident add "$big"
err_has "10240"
run 2 -o staff resident add "$(printf '王\377红')"
err_has "UTF-8"
run 2 -o staff resident add "$(printf '王\t红')"
unchanged "refused resident adds"

# SQL in a name is stored literally
run 0 -o staff resident add "'); DROP TABLE residents;--"
equal "$(sql "select count(*) from residents where name = '''); DROP TABLE residents;--'")" 1 \
  "the SQL name stored as it was typed"
run 0 resident find "DROP" --json
equal "$(json "$T/out" '$[0].name')" "'); DROP TABLE residents;--" "found by the SQL name"
run 0 passbook "'); DROP TABLE residents;--" --json
json_valid "$T/out"

# a name with quotes, backslash and a long Chinese text keeps JSON valid
run 0 -o staff resident add '张"小\明'
run 0 passbook '张"小\明' --json
json_valid "$T/out"
equal "$(json "$T/out" '$.resident.name')" '张"小\明' "JSON escaping"

# --- edit ---------------------------------------------------------------------
run 5 -o counter resident edit 丁美英 --room 502
oldroom=$(sql "select room from residents where name = '丁美英'")
written=$(sql "select compound || building || '号楼' || unit || '单元502' from residents where name = '丁美英'")
run 0 -o staff resident edit 丁美英 --room 502 --card FXEDIT1
out_has "丁美英"
run 0 resident find "$written" --json
equal "$(json "$T/out" '$[0].name')" "丁美英" "find by written-out room after edit"
run 0 resident find FXEDIT1 --json
equal "$(json "$T/out" '$[0].name')" "丁美英" "find by new card"
equal "$(sql "select room || card || phone from residents where name = '丁美英'")" "502FXEDIT1$phone" "only the fields given change"
# a card that is another resident's phone is refused, nothing changes
other=$(sql "select phone from residents where name = '杨效文'")
run 3 -o staff resident edit 丁美英 --card "$other"
err_has "杨效文"
equal "$(sql "select card from residents where name = '丁美英'")" "FXEDIT1" "refused edit leaves the card"
run 0 -o staff resident edit FXEDIT1 --room "$oldroom" --card "$card"

# --- list, moveout, return -----------------------------------------------------
run 0 resident list
out_has "王小明"
n=$(sql "select count(*) from residents where active = 1")
out_has "共 $n 位"
run 5 -o counter resident moveout 王小明
run 0 -o staff resident moveout 王小明
run 3 resident find 王小明
run 0 resident find 王小明 --all
out_has "已搬离"
run 0 passbook 王小明
out_has "已搬离"
run 0 -o staff resident return 王小明
run 0 resident find 王小明

# --- import --------------------------------------------------------------------
cd "$T" || exit 1
# Chinese header in any order, a BOM, CRLF, quoted fields with a comma and a
# doubled quote, 是/否, a blank line
printf '\357\273\277房号,姓名,党员,手机,小区,楼栋,单元,卡号\r\n' >good.csv
printf '101,"赵, 一",是,13800000001,公安小区,1,1,IMP001\r\n' >>good.csv
printf '102,"钱""二",否,13800000002,"府西新村",1,1,\r\n' >>good.csv
printf '\r\n' >>good.csv
printf '103,孙三,,,安康小区,2,1,IMP003\r\n' >>good.csv
before=$(sql "select count(*) from residents")
run 0 -o staff resident import good.csv
out_has "3"
equal "$(sql "select count(*) from residents")" "$((before + 3))" "residents after import"
equal "$(sql "select party || phone || compound || building || unit || room || card from residents where name = '赵, 一'")" \
  "113800000001公安小区11101IMP001" "imported 赵, 一"
equal "$(sql "select count(*) from residents where name = '钱\"二' and party = 0")" 1 "imported 钱\"二"

# English header, LF only, any case
printf 'Name,PHONE,compound,party\nEnglish Li,13800000009,公安小区,yes\n' >en.csv
run 0 -o staff resident import en.csv
equal "$(sql "select party from residents where name = 'English Li'")" 1 "English header"

# GBK ("CSV" from a Chinese Excel): read by the core's CSV reader, as the
# award import is
printf '\320\325\303\373,\312\326\273\372\r\n\326\243\316\345,13800000021\r\n' >gbk.csv
run 0 -o staff resident import gbk.csv
equal "$(sql "select count(*) from residents where name = '郑五' and phone = '13800000021'")" 1 "GBK import"
# a spreadsheet's empty row (",") is skipped like an empty line
printf '姓名,手机\n,\n吴六,13800000022\n' >commas.csv
run 0 -o staff resident import commas.csv
equal "$(sql "select count(*) from residents where name = '吴六'")" 1 "import with an empty row"

# errors name the line; nothing is imported from a file with errors
snap
printf '姓名,手机,楼层\n周一,13800000011,3\n' >unknown.csv
run 2 -o staff resident import unknown.csv
err_has "第 1 行"
err_has "楼层"
printf '姓名,手机\n周一,13800000011\n周二,13800000012,多余\n' >fields.csv
run 2 -o staff resident import fields.csv
err_has "第 3 行"
printf '姓名,手机\n周一,13800000011\n周二,abc\n' >phone.csv
run 2 -o staff resident import phone.csv
err_has "第 3 行"
printf '姓名,党员\n周一,是\n周二,也许\n' >party.csv
run 2 -o staff resident import party.csv
err_has "第 3 行"
printf '姓名,卡号\n周一,IMP001\n' >card.csv
run 3 -o staff resident import card.csv
err_has "第 2 行"
printf '姓名,手机\n周一,13800000011\n"周二,13800000012\n' >quote.csv
run 2 -o staff resident import quote.csv
err_has "第 3 行"
printf '姓名,手机\n周一,13800000011\n周\377二,13800000012\n' >utf8.csv
run 2 -o staff resident import utf8.csv
err_has "第 3 行"
printf '姓名,手机\n周一,13800000011\n%s,13800000012\n' "$big" >big.csv
run 2 -o staff resident import big.csv
err_has "第 3 行"
printf '手机\n13800000011\n' >noname.csv
run 2 -o staff resident import noname.csv
err_has "姓名"
printf '姓名,name\n周一,周一\n' >twice.csv
run 2 -o staff resident import twice.csv
: >empty.csv
run 2 -o staff resident import empty.csv
run 3 -o staff resident import no-such-file.csv
printf '姓名\n周一\n' >ok.csv
run 5 -o counter resident import ok.csv
unchanged "refused imports"
cd - >/dev/null || exit 1

# --- export, and import of the export into a new database ----------------------
# names and phones: a staff login, and on the record
run 5 resident export
run 5 -o counter resident export
equal "$(sql "select count(*) from access_log")" 0 "access log after refused exports"
run 0 -o staff resident export
equal "$(sql "select count(*) from access_log where what = 'residents'")" 1 "access log"
head -1 "$T/out" | grep -q '^姓名,手机,小区,楼栋,单元,房号,卡号,党员' ||
  fail "export header: $(head -1 "$T/out")"
out_has '"赵, 一"'
out_has '"钱""二"'
n=$(sql "select count(*) from residents where active = 1")
equal "$(($(wc -l <"$T/out") - 1))" "$n" "exported rows"
run 0 -o staff resident export "$T/export.csv" --bom
equal "$(head -c 3 "$T/export.csv" | od -An -tx1 | tr -d ' ')" "efbbbf" "BOM"
equal "$(stat -c %a "$T/export.csv")" 600 "mode of the exported file"

JIFEN_PIN=2468 "$JIFEN" -d "$T/fresh.db" init --test >/dev/null 2>&1 || fail "fresh init"
run 0 -d "$T/fresh.db" -o admin resident import "$T/export.csv"
a=$(sql "select group_concat(x, '|') from (select name || phone || compound || building || unit || room || coalesce(card, '') || party as x from residents where active = 1 order by 1)")
b=$(sqlite3 "$T/fresh.db" "select group_concat(x, '|') from (select name || phone || compound || building || unit || room || coalesce(card, '') || party as x from residents order by 1)")
equal "$b" "$a" "residents after export and import"

pass
