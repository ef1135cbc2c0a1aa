#!/bin/sh
# Spreadsheets (issue 16): --format xlsx (or -o FILE.xlsx) on resident
# export, export, month report and day report writes a real workbook whose
# codes, rooms and phones are text cells (000123 stays 000123, 00E12 is not
# a number), read back by python3's zipfile and by gnumeric's ssconvert
# (make deps) for a round trip into a new database; resident import reads
# UTF-8 with a BOM and GBK, and refuses by line a code a spreadsheet mangled
# (leading zeros lost, scientific notation, 123.0).
. "$(dirname "$0")/lib.sh.inc"

demo
export JIFEN_PIN=2468
check() { CHECKS=$((CHECKS + 1)); }

# cells FILE.xlsx: every cell of the first sheet, "REF TYPE VALUE" a line
# (TYPE n for a number, s for text), whatever the writer's string storage.
cat >"$T/cells.py" <<'PY'
import sys, zipfile, xml.etree.ElementTree as ET
ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
z = zipfile.ZipFile(sys.argv[1])
shared = []
if 'xl/sharedStrings.xml' in z.namelist():
    for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall('m:si', ns):
        shared.append(''.join(t.text or '' for t in si.iter('{%s}t' % ns['m'])))
sheet = ET.fromstring(z.read('xl/worksheets/sheet1.xml'))
for c in sheet.iter('{%s}c' % ns['m']):
    t = c.get('t', 'n')
    if t == 's':
        v = shared[int(c.find('m:v', ns).text)]
    elif t == 'inlineStr':
        v = ''.join(x.text or '' for x in c.iter('{%s}t' % ns['m']))
    else:
        v = c.find('m:v', ns).text if c.find('m:v', ns) is not None else ''
    print(c.get('r'), 'n' if t == 'n' else 's', v)
PY
cells() { python3 "$T/cells.py" "$1" >"$T/cells" 2>"$T/err" || fail "$1 is not a workbook: $(tail -2 "$T/err")"; }
cell_is() { # cell_is TYPE VALUE: some cell of the last `cells` holds VALUE as TYPE
  check; grep -q "^[A-Z]*[0-9]* $1 $2\$" "$T/cells" || fail "no $1 cell '$2' in the workbook: $(grep -- "$2" "$T/cells" | head -3)"
}

run 0 -o staff resident add 零号 --phone 13900000001 --card 000123 --compound 测试小区 \
  --building 3 --room 0502
run 0 -o staff resident add 二号 --phone 13900000002 --card 00E12
run 0 -o staff resident add 三号 --phone 13900000003 --card 1234567890123

# --- resident export: staff, on the record, text cells -----------------------
logged=$(sql "select count(*) from access_log where what = 'residents'")
run 5 resident export -o "$T/r.xlsx"
run 2 -o staff resident export --format xlsx
err_has "-o"
run 2 -o staff resident export --format ods -o "$T/r.ods"
check; [ ! -e "$T/r.xlsx" ] && [ ! -e "$T/r.ods" ] || fail "a refused export left a file"
equal "$(sql "select count(*) from access_log where what = 'residents'")" "$logged" "access log after refused exports"
run 0 -o staff resident export -o "$T/r.xlsx"
equal "$(sql "select count(*) from access_log where what = 'residents'")" "$((logged + 1))" "the xlsx export in the access log"
equal "$(stat -c %a "$T/r.xlsx")" 600 "mode of the workbook"
equal "$(head -c 2 "$T/r.xlsx")" PK "a zip file"
cells "$T/r.xlsx"
cell_is s 000123
cell_is s 0502
cell_is s 00E12
cell_is s 1234567890123
cell_is s 13900000001
check; ! grep -q '^[A-Z]*[0-9]* n ' "$T/cells" || fail "numbers in the resident workbook: $(grep ' n ' "$T/cells" | head -3)"
run 0 -o staff resident export --format xlsx "$T/r2.xlsx"
equal "$(head -c 2 "$T/r2.xlsx")" PK "resident export FILE --format xlsx"

# the round trip through a spreadsheet engine and back into a new database
if command -v ssconvert >/dev/null 2>&1; then
  ssconvert "$T/r.xlsx" "$T/back.csv" >/dev/null 2>&1 || fail "ssconvert refused the workbook"
  check; grep -q '^零号,13900000001,测试小区,3,,0502,000123,否' "$T/back.csv" || fail "ssconvert: $(grep 零号 "$T/back.csv")"
  check; grep -q '^二号,13900000002,.*,00E12,' "$T/back.csv" || fail "ssconvert: $(grep 二号 "$T/back.csv")"
  JIFEN_PIN=2468 "$JIFEN" -d "$T/fresh.db" init --test >/dev/null 2>&1 || fail "fresh init"
  run 0 -d "$T/fresh.db" -o admin resident import "$T/back.csv"
  a=$(sql "select group_concat(x, '|') from (select name || phone || compound || building || unit || room || coalesce(card, '') || party as x from residents where active = 1 order by 1)")
  b=$(sqlite3 "$T/fresh.db" "select group_concat(x, '|') from (select name || phone || compound || building || unit || room || coalesce(card, '') || party as x from residents order by 1)")
  equal "$b" "$a" "residents after xlsx, ssconvert and import"
else
  echo "SKIP spreadsheet: no ssconvert (make deps installs gnumeric); read back with python3 only"
fi

# --- the ledger, the month and the day as workbooks -----------------------------
run 2 -o staff export --format xlsx
run 5 -o counter export -o "$T/l.xlsx"
run 0 -o staff export -o "$T/l.xlsx"
cells "$T/l.xlsx"
cell_is s 校验码
check; grep -q '^H[0-9]* n ' "$T/cells" || fail "the ledger's points are not numbers"
check; grep -q '^C[0-9]* s 20[0-9-]*$' "$T/cells" || fail "the business day is not text"
run 0 -o staff export --format xlsx -o "$T/l2.data"
equal "$(head -c 2 "$T/l2.data")" PK "export --format xlsx"
month=$(date -u -d @"$JIFEN_NOW" +%Y-%m)
run 0 month report "$month" --format xlsx -o "$T/m.xlsx"
cells "$T/m.xlsx"
cell_is s 参与情况
logged=$(sql "select count(*) from access_log")
run 0 -o staff month report "$month" --full-names -o "$T/m2.xlsx"
equal "$(sql "select count(*) from access_log")" "$((logged + 1))" "full names in a workbook, on the record"
run 0 day report -o "$T/d.xlsx"
cells "$T/d.xlsx"
cell_is s 日报
run 2 day report -o "$T/d.txt"
run 2 day report --format xlsx --json -o "$T/d3.xlsx"
if command -v ssconvert >/dev/null 2>&1; then
  for f in l m d; do
    ssconvert "$T/$f.xlsx" "$T/$f.csv" >/dev/null 2>&1 || fail "ssconvert refused $f.xlsx"
  done
  check; grep -q '^日报,' "$T/d.csv" || fail "the day report read back: $(head -2 "$T/d.csv")"
fi

# --- import: encodings, and codes a spreadsheet mangled -------------------------
cd "$T" || exit 1
snap
printf '姓名,手机,卡号\n新人,13900000009,123\n' >zeros.csv
run 2 -o staff resident import zeros.csv
err_has "第 2 行"
err_has "000123"
printf '姓名,手机,小区,楼栋,房号\n新人,13900000009,测试小区,3,502\n' >room.csv
run 2 -o staff resident import room.csv
err_has "第 2 行"
err_has "0502"
printf '姓名,手机,卡号\n新人,1.39E+10,\n' >sci.csv
run 2 -o staff resident import sci.csv
err_has "第 2 行"
printf '姓名,手机,卡号\r\n甲,13900000011,A1\r\n乙,13900000012,4.5E+11\r\n丙,13900000013,77.0\r\n丁,13900000014,123\r\n' >many.csv
run 2 -o staff resident import many.csv
err_has "第 3 行"
err_has "4, 5"
unchanged "imports of mangled codes"
# a room 502 elsewhere is no one's lost zero; UTF-8 with a BOM, GBK
printf '\357\273\277姓名,手机,小区,楼栋,房号,卡号\n新人,13900000009,测试小区,4,502,NEW01\n' >bom.csv
run 0 -o staff resident import bom.csv
equal "$(sql "select room || card from residents where name = '新人'")" 502NEW01 "the BOM file's resident"
printf '姓名,手机,卡号\n张国庆,13900000021,GBK01\n' | iconv -f UTF-8 -t GB18030 >gbk.csv
run 0 -o staff resident import gbk.csv
equal "$(sql "select count(*) from residents where name = '张国庆' and card = 'GBK01'")" 1 "the GBK file's resident"
# award --residents: a list saved by a Chinese Excel (GBK), one per line
printf '# 大扫除\r\n张国庆\r\n新人,\r\n' | iconv -f UTF-8 -t GB18030 >who.csv
b1=$(sql "select balance from residents where name = '张国庆'")
run 0 -o staff award --residents who.csv G04 --verifier 原冬梅
check; [ "$(sql "select balance from residents where name = '张国庆'")" -gt "$b1" ] || fail "award --residents from a GBK list"
printf '张国庆,新人\n' >two.csv
run 2 -o staff award --residents two.csv G04 --verifier 原冬梅
err_has "第 1 行"
cd - >/dev/null || exit 1
pass
