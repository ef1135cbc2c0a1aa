#!/bin/sh
# jifen receipt: show a receipt again, verify its QR payload (exit 0, 8, 9,
# 11 for a coupon already used, 12 for an expired one), print it (exit 10
# when the printer fails, the redemption stays), and list the receipts
# waiting for a printer.  Showing or printing a receipt again is a reprint:
# staff only, as F8 on the counter.
. "$(dirname "$0")/lib.sh.inc"

demo
export JIFEN_PIN=2468
export JIFEN_CONFIG="$T/jifen.conf"
: >"$JIFEN_CONFIG"

# verify STATUS ARGS...: a verdict is the command's answer, not an error:
# it is on stdout, whatever the exit status, and stderr stays empty.
verify() {
	want=$1
	shift
	"$JIFEN" receipt verify "$@" >"$T/out" 2>"$T/err"
	got=$?
	CHECKS=$((CHECKS + 1))
	[ "$got" -eq "$want" ] || fail "jifen receipt verify $* exited $got, expected $want"
	[ ! -s "$T/err" ] || fail "jifen receipt verify $*: stderr not empty"
	[ "$(wc -l <"$T/out")" -ge 2 ] || fail "jifen receipt verify $*: no verdict and reason"
}

run 0 -o staff resident add 测试居民 --phone 13812345678 --compound 公安小区
run 0 -o admin adjust 测试居民 50 --reason 测试
run 0 -o counter redeem 测试居民 纸巾:2 --json
receipt=$(json "$T/out" '$.receipt')
CHECKS=$((CHECKS + 1))
[ -n "$receipt" ] || fail "no receipt number"

# --- show -----------------------------------------------------------------
run 0 -o staff receipt show "$receipt"
out_has "$receipt"
out_has "测*民 138****5678"
out_lacks "测试居民"
out_lacks "13812345678"
out_has "纸巾"
out_has "▀"
payload=$(grep '^JF2\.' "$T/out")
CHECKS=$((CHECKS + 1))
case "$payload" in
JF2.*."$receipt".*) ;;
*) fail "payload line: '$payload'" ;;
esac
# the QR's text, as a phone shows it: Chinese lines, then the code
sed -n '/^[^ ].*爱心超市$/,/^JF2\./p' "$T/out" >"$T/qrtext"
equal "$(wc -l <"$T/qrtext" | tr -d ' ')" 4 "the QR text has four lines"
equal "$(sed -n 1p "$T/qrtext")" "府西社区爱心超市" "the QR text's first line"
equal "$(sed -n 2p "$T/qrtext")" "2024-06-15 兑换2件" "the QR text's second line"
equal "$(sed -n 3p "$T/qrtext")" "用4分 余46分" "the QR text's third line"
# the fallback for terminals that draw blocks two columns wide
run 0 -o staff receipt show "$receipt" --wide
out_has "##"
out_lacks "▀"
# the printer's bytes and the QR image
run 0 -o staff receipt show "$receipt" --format escpos
equal "$(head -c 4 "$T/out" | od -An -tx1 | tr -d ' \n')" 1b401c26 "ESC @ FS & first"
equal "$(tail -c 4 "$T/out" | od -An -tx1 | tr -d ' \n')" 1d564200 "a cut last"
run 0 -o staff receipt show "$receipt" --format pbm
equal "$(head -n 1 "$T/out")" "P4" "PBM magic"
equal "$(sed -n 2p "$T/out")" "392 392" "PBM size: (41 + 8) modules of 8 pixels"
run 2 -o staff receipt show "$receipt" --format png
run 3 -o staff receipt show 20240615-9999
run 2 -o staff receipt show
run 2 receipt
# a reprint hands out a QR that verifies: staff, as F8 on the counter, and
# the core refuses it to a volunteer whatever the interface
run 5 -o counter receipt show "$receipt"
err_has "工作人员"
run 5 receipt show "$receipt"
snap
run 5 -o counter receipt print "$receipt"
err_has "工作人员"
unchanged "a volunteer's reprint"

# a URL in the QR, from the configuration
printf '[receipt]\nurl_template = https://jf.example.org/r/{payload}\n' >"$JIFEN_CONFIG"
run 0 -o staff receipt show "$receipt"
out_has "https://jf.example.org/r/$payload"

# --- verify -----------------------------------------------------------------
verify 0 "$payload"
out_has "真实有效"
out_has "测*民"
verify 0 "https://jf.example.org/r/$payload"
printf '%s\n' "$payload" >"$T/scan"
"$JIFEN" receipt verify - <"$T/scan" >"$T/out" 2>"$T/err"
checked $? 0 receipt verify -
out_has "真实有效"
# the whole scanned text: as an argument, on stdin with or without -, with
# the line ends a scanner may send
verify 0 "$(cat "$T/qrtext")"
out_has "真实有效"
"$JIFEN" receipt verify <"$T/qrtext" >"$T/out" 2>"$T/err"
checked $? 0 receipt verify from stdin
out_has "真实有效"
sed 's/$/\r/' "$T/qrtext" | "$JIFEN" receipt verify - >"$T/out" 2>"$T/err"
checked $? 0 receipt verify of CRLF lines
: | "$JIFEN" receipt verify >"$T/out" 2>"$T/err"
checked $? 2 receipt verify of nothing
# a receipt printed before JF2: the JF1 code, made here with openssl from
# the database's key, verifies as it always did
key=$(sql "select value from meta where key = 'receipt_key'")
jf1="JF1.FX.$receipt.4.46"
mac=$(printf '%s' "$jf1" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key" -binary |
	head -c 10 | base64 | tr '+/' '-_' | tr -d '=')
verify 0 "$jf1.$mac"
out_has "真实有效"
verify 9 "JF1.FX.$receipt.3.46.$mac"
# another receipt number, cut short, nonsense: forged (9), said on stdout
tampered=$(printf '%s' "$payload" | sed "s/\.$receipt\./.${receipt%?}9./")
CHECKS=$((CHECKS + 1))
[ "$tampered" != "$payload" ] || fail "tampering did not change the payload"
verify 9 "$tampered"
out_has "伪造"
verify 9 "$(printf '%s' "$payload" | cut -c1-30)"
verify 9 hello
# another community's database
JIFEN_DB="$T/other.db" "$JIFEN" init --test --community 阳湖社区 --code YH >"$T/out" 2>"$T/err" ||
	fail "init other"
ours=$JIFEN_DB
JIFEN_DB="$T/other.db"
verify 9 "$payload"
out_has "不是本数据库"
JIFEN_DB=$ours

# --- the residents' query terminal ---------------------------------------------
run 2 query
err_has "enabled = yes"
printf '[query]\nenabled = yes\nidle = 5\n' >"$JIFEN_CONFIG"
run 2 query
err_has "终端"
printf '[query]\nenabled = maybe\n' >"$JIFEN_CONFIG"
run 2 query
err_has "jifen.conf:2:"
: >"$JIFEN_CONFIG"

# --- print and pending --------------------------------------------------------
run 0 receipt pending
out_has "$receipt"
# a printer that refuses: exit 10, one line, and the redemption stays
snap
printf '[printer]\ntcp = 127.0.0.1:1\ntimeout = 2\n' >"$JIFEN_CONFIG"
run 10 -o staff receipt print "$receipt"
err_has "127.0.0.1:1"
unchanged "a failed print"
run 0 receipt pending
out_has "$receipt"
out_has "127.0.0.1:1"
# a device file takes it
printf '[printer]\ndevice = %s/lp0\npaper = 80\n' "$T" >"$JIFEN_CONFIG"
: >"$T/lp0"
run 0 -o staff receipt print "$receipt"
equal "$(head -c 4 "$T/lp0" | od -An -tx1 | tr -d ' \n')" 1b401c26 "the printer's first bytes"
run 0 receipt pending
out_lacks "$receipt"
equal "$(sql "select count(*) || ':' || sum(ok) from receipt_prints p join receipts r on r.id = p.receipt_id where r.no = '$receipt'")" "2:1" "print attempts"
run 0 receipt pending --day 2024-06-15
run 2 receipt pending --day 2024-13-01

# a bad configuration stops show and print, naming the line
printf '[printer]\npaper = 57\n' >"$JIFEN_CONFIG"
run 2 -o staff receipt print "$receipt"
err_has "jifen.conf:2:"

# --- a coupon is used once ----------------------------------------------------
: >"$JIFEN_CONFIG"
run 0 -o counter redeem 测试居民 福满园饭店十元代金券 --json
coupon=$(json "$T/out" '$.receipt')
run 0 -o staff receipt show "$coupon"
cpay=$(grep '^JF2\.' "$T/out")
VID=$(sql "select v.id from vouchers v join receipts r on r.id = v.receipt_id where r.no = '$coupon'")
verify 0 "$cpay"
out_has "真实有效"
out_has "券 #$VID 福满园饭店十元代金券：可以使用"
# checking changes nothing: the merchant may scan as often as it likes
verify 0 "$cpay"
# the merchant takes the coupon: staff record it used, once
run 0 -o staff voucher fulfil "$VID" --note "福满园收券"
verify 11 "$cpay"
out_has "真实，但券已使用过"
out_has "券 #$VID（福满园饭店十元代金券）已于 2024-06-15 10:00 用过，不能再用"
out_lacks "真实有效"
run 11 -o staff voucher fulfil "$VID"
err_has "不能再用"
# an expired coupon: its own status, never "valid"
run 0 -o admin item add QJ09 一日券 coupon 1 --sponsor 福满园饭店 --sponsor-kind merchant --valid-days 1
run 0 -o counter redeem 测试居民 一日券 --json
oneday=$(json "$T/out" '$.receipt')
run 0 -o staff receipt show "$oneday"
opay=$(grep '^JF2\.' "$T/out")
verify 0 "$opay"
NOW0=$JIFEN_NOW
JIFEN_NOW=$((NOW0 + 2 * 86400))
verify 12 "$opay"
JIFEN_NOW=$NOW0
out_has "真实，但券已过期"
out_has "有效期至 2024-06-15，已过期"
out_lacks "真实有效"

# --- voided -----------------------------------------------------------------
run 0 -o staff void "$receipt" --reason 测试作废
verify 8 "$payload"
out_has "已作废"
: >"$JIFEN_CONFIG"
run 0 -o staff receipt show "$receipt"
out_has "已作废"

pass
