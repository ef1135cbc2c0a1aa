#!/bin/sh
# jifen init: a new database with its first admin, and init --demo with the
# people and places of the article.
. "$(dirname "$0")/lib.sh.inc"

# --- a plain database --------------------------------------------------------

# no PIN and no terminal: a clear error, no file left behind
run 2 init
err_has "JIFEN_PIN"
CHECKS=$((CHECKS + 1))
[ ! -e "$JIFEN_DB" ] || fail "init without a PIN left a file"

# a PIN that is not 4 to 12 digits
run_env JIFEN_PIN=12 2 init
err_has "PIN"
run_env JIFEN_PIN=abcd 2 init
CHECKS=$((CHECKS + 1))
[ ! -e "$JIFEN_DB" ] || fail "init with a bad PIN left a file"

# a real database takes only the computer's clock: JIFEN_NOW is refused,
# naming it, and no file is left behind
run_env JIFEN_PIN=5678 2 -o boss init --community 测试社区 --code CS --name 薛亚云
err_has "JIFEN_NOW"
CHECKS=$((CHECKS + 1))
[ ! -e "$JIFEN_DB" ] || fail "init with JIFEN_NOW left a file"

export JIFEN_NOW=
run_env JIFEN_PIN=5678 0 -o boss init --community 测试社区 --code CS --name 薛亚云
out_has "48"
out_lacks "演示/测试数据库"
equal "$(sql "select count(*) from meta where key = 'clock'")" 0 "a real database's clock mark"
equal "$(sql "select login || ' ' || name || ' ' || role from operators")" "boss 薛亚云 admin" \
  "the first operator"
equal "$(sql "select value from meta where key = 'community_name'")" "测试社区" "community name"
equal "$(sql "select count(*) from activities")" 48 "default activities"
equal "$(sql "select count(distinct category) from activities")" 5 "activity categories"
equal "$(sql "select count(*) from residents")" 0 "residents of a new database"
mode=$(stat -c %a "$JIFEN_DB")
equal "$mode" 600 "mode of the database file"

# the admin works with that PIN, and only with it
export JIFEN_PIN=5678
run 0 -o boss resident add 张三
run_env JIFEN_PIN=0000 5 -o boss resident add 李四
err_has "PIN"
run 5 -o nobody resident add 李四

# an existing file is never overwritten
before=$(sql "select count(*) from residents")
run 3 init
err_has "已存在"
run 3 init --demo
equal "$(sql "select count(*) from residents")" "$before" "residents after a refused init"

# the default login is admin
run 0 -d "$T/second.db" init
equal "$(sqlite3 "$T/second.db" "select login || ' ' || role from operators")" "admin admin" \
  "default first operator"

# JIFEN_NOW on a real database is refused by every command, with exit 2,
# rather than silently ignored: no backdating, no second month, no 2099
snap
run_env JIFEN_NOW=1718445600 2 -o boss resident add 王五
err_has "JIFEN_NOW"
run_env JIFEN_NOW=4102444800 2 -o boss day close
err_has "JIFEN_NOW"
run_env JIFEN_NOW=1718445600 2 audit
err_has "JIFEN_NOW"
unchanged "JIFEN_NOW on a real database"
# and the clock of a real database is the computer's
run 0 clock
out_has "正式数据库"
unset JIFEN_PIN
export JIFEN_NOW=1718445600

# --- a test database ---------------------------------------------------------

run_env JIFEN_PIN=5678 0 -d "$T/test.db" init --test
out_has "演示/测试数据库"
equal "$(sqlite3 "$T/test.db" "select value from meta where key = 'clock'")" test \
  "a test database's clock mark"
run 0 -d "$T/test.db" clock
out_has "演示/测试数据库"
out_has "2024-06-15 10:00"

# --- the demo ----------------------------------------------------------------

rm -f "$JIFEN_DB"
run 0 init --demo
out_has "2468"
run 0 audit

# 丁美英 of 开发楼家属楼, found by her initials, with her three awards (3, 3,
# 2 points) and her redemption of 纸巾
run 0 passbook dmy --json
cp "$T/out" "$T/dmy.json"
json_valid "$T/dmy.json"
equal "$(json "$T/dmy.json" '$.resident.name')" "丁美英" "dmy"
equal "$(json "$T/dmy.json" '$.resident.compound')" "开发楼家属楼" "丁美英's compound"
awards=$(sqlite3 -batch :memory: "select group_concat(json_extract(value, '\$.points'), ',') from
  json_each(json_extract(cast(readfile('$T/dmy.json') as text), '\$.entries'))
  where json_extract(value, '\$.kind') = 'award'")
equal "$awards" "3,3,2" "丁美英's awards"
redeemed=$(sqlite3 -batch :memory: "select count(*) from
  json_each(json_extract(cast(readfile('$T/dmy.json') as text), '\$.entries'))
  where json_extract(value, '\$.kind') = 'redeem' and json_extract(value, '\$.what') like '%纸巾%'")
equal "$redeemed" 1 "丁美英's redemption of 纸巾"
total=$(sqlite3 -batch :memory: "select sum(json_extract(value, '\$.points')) from
  json_each(json_extract(cast(readfile('$T/dmy.json') as text), '\$.entries'))")
equal "$(json "$T/dmy.json" '$.balance')" "$total" "丁美英's balance is the sum of her entries"

# the other people of the article
run 0 resident find 杨效文
out_has "世纪楼家属楼"
run 0 resident find 丁建玺
out_has "安康小区"
run 0 resident find 张常有 --json
equal "$(json "$T/out" '$[0].party')" 1 "张常有 is a party member"
run 0 resident find 薛志安
run 0 resident find 房德英
equal "$(sql "select count(*) > 0 from residents where compound = '公安小区'")" 1 \
  "a resident of 公安小区"
n=$(sql "select count(*) from residents")
CHECKS=$((CHECKS + 1))
[ "$n" -ge 200 ] || fail "only $n residents in the demo"

# verifiers: the grid worker 原冬梅 and building leaders
run 0 verifier list
out_has "原冬梅"
out_has "网格员"
out_has "楼长"

# a catalog with every kind; 纸巾 2 points a pack, no limit, plenty in stock;
# some items with a monthly limit
run 0 item list --json
cp "$T/out" "$T/items.json"
json_valid "$T/items.json"
kinds=$(sqlite3 -batch :memory: "select count(distinct json_extract(value, '\$.kind')) from
  json_each(cast(readfile('$T/items.json') as text))")
equal "$kinds" 5 "kinds of items"
zj=$(sqlite3 -batch :memory: "select json_extract(value, '\$.points') || ' ' ||
  json_extract(value, '\$.monthly_limit') || ' ' || (json_extract(value, '\$.stock') >= 50)
  from json_each(cast(readfile('$T/items.json') as text))
  where json_extract(value, '\$.name') = '纸巾'")
equal "$zj" "2 0 1" "纸巾: points, limit, plenty in stock"
limited=$(sqlite3 -batch :memory: "select count(*) from
  json_each(cast(readfile('$T/items.json') as text))
  where json_extract(value, '\$.monthly_limit') > 0")
CHECKS=$((CHECKS + 1))
[ "$limited" -ge 1 ] || fail "no item with a monthly limit"

# three operators, PIN 2468
run 0 operator list
equal "$(sql "select group_concat(login || ':' || role, ' ') from (select * from operators order by login)")" \
  "admin:admin counter:volunteer staff:staff" "demo operators"
export JIFEN_PIN=2468
run 0 -o counter redeem dmy 纸巾
run 0 -o staff stock in 纸巾 10
run 0 -o admin item price 纸巾 2

# the same seed gives the same demo
"$JIFEN" -d "$T/a.db" init --demo >/dev/null 2>&1 || fail "second demo"
"$JIFEN" -d "$T/b.db" init --demo >/dev/null 2>&1 || fail "third demo"
a=$(sqlite3 "$T/a.db" "select group_concat(name || balance) from residents")
b=$(sqlite3 "$T/b.db" "select group_concat(name || balance) from residents")
equal "$a" "$b" "two demos with the same clock and seed"

pass
