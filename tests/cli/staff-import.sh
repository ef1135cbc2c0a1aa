#!/bin/sh
# Awards from a CSV file as Excel writes it (jifen award import): GBK and
# UTF-8, every bad row named by its line, nothing written until the file is
# clean unless --skip-bad.
. "$(dirname "$0")/lib.sh.inc"

demo
entries() { sql "select count(*) from ledger"; }

# the 台账 in Excel: CRLF, a quoted note with a comma and a line break
printf '%s\r\n' \
	'居民,活动,核实人,日期,备注' \
	'丁美英,C01,原冬梅,2024/6/9,"3号楼楼道, 上午"' \
	'杨效文,参加人居环境整治,原冬梅,2024-06-09,' \
	'王不存在,C01,原冬梅,2024/6/9,' \
	'丁建玺,C99,原冬梅,2024/6/9,"备注' \
	'两行"' \
	'丁建玺,C01,原冬梅,2024/2/30,' \
	',,,,' \
	'丁建玺,C01,没这人,2024-06-08,' >"$T/utf8.csv"
iconv -f UTF-8 -t GBK "$T/utf8.csv" >"$T/gbk.csv" || fail "iconv could not make the GBK file"
CHECKS=$((CHECKS + 1))
! iconv -f UTF-8 -t UTF-8 "$T/gbk.csv" >/dev/null 2>&1 || fail "the GBK file is valid UTF-8"

run 5 award import "$T/gbk.csv"
export JIFEN_PIN=2468
run 5 -o counter award import "$T/gbk.csv"

# every bad row, one line each, then what happened; nothing written
snap
"$JIFEN" -o staff award import "$T/gbk.csv" >"$T/out" 2>"$T/err"
equal "$?" 2 "exit status of an import with bad rows"
err_has "gbk.csv 第 4 行：找不到"
err_has "王不存在"
err_has "gbk.csv 第 5 行：找不到"
err_has "gbk.csv 第 7 行：日期无效"
err_has "gbk.csv 第 9 行：找不到"
err_has "没有导入任何赋分"
equal "$(wc -l <"$T/err" | tr -d ' ')" 5 "lines on stderr"
equal "$(grep -vc '^jifen: ' "$T/err")" 0 "lines not starting with jifen:"
unchanged "an import with bad rows"

# the good rows only, when asked
before=$(entries)
run 0 -o staff award import "$T/gbk.csv" --skip-bad
out_has "导入 2 条赋分"
out_has "GBK"
out_has "跳过了 4 行"
equal "$(entries)" $((before + 2)) "entries after --skip-bad"
equal "$(sql "select note from ledger order by id desc limit 1 offset 1")" "3号楼楼道, 上午" "the note"
equal "$(sql "select deed_date from ledger order by id desc limit 1")" "2024-06-09" "the deed date"

# the same file again: the good rows are now likely duplicates
"$JIFEN" -o staff award import "$T/gbk.csv" >"$T/out" 2>"$T/err"
equal "$?" 2 "exit status of a repeated import"
err_has "第 2 行：已存在：可能重复"

# UTF-8 with a BOM, no header, all good
printf '\357\273\277丁建玺,C01,原冬梅,2024-06-10,\r\n杨效文,G04,ydm,,\r\n' >"$T/bom.csv"
before=$(entries)
run 0 -o staff award import "$T/bom.csv"
out_has "UTF-8 (BOM)"
out_has "导入 2 条赋分，共 5 分"
equal "$(entries)" $((before + 2)) "entries after the UTF-8 import"

# files that cannot be read
run 3 -o staff award import "$T/none.csv"
printf 'a,b\n\200\377\n' >"$T/binary.csv"
run 2 -o staff award import "$T/binary.csv"
err_has "第 2 行"
run 2 -o staff award import
run 0 audit

pass
