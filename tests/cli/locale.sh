#!/bin/sh
# A terminal that is not UTF-8 (issue 16): in a GB18030 or GBK locale jifen
# refuses at start with one line in both languages, its Chinese in the
# terminal's encoding, exit status 2; it never prints UTF-8 bytes there.
# The C locale and UTF-8 locales run as before.  The GB18030 locale is made
# with localedef (package locales, make deps) into the test's folder.
. "$(dirname "$0")/lib.sh.inc"

check() { CHECKS=$((CHECKS + 1)); }

# not installed: the locale's name says GBK
run_env LANG=zh_CN.GBK 2 --version
err_has "GBK"
err_has "UTF-8"
run_env LC_ALL=zh_CN.gb2312 2 resident list
err_has "gb2312"
# the C locale and UTF-8 run
run_env LANG=C 0 --version
run_env LC_ALL=C.UTF-8 0 --version

if command -v localedef >/dev/null 2>&1 && [ -e /usr/share/i18n/charmaps/GB18030.gz ]; then
  mkdir -p "$T/loc"
  localedef -i zh_CN -f GB18030 "$T/loc/zh_CN.GB18030" >/dev/null 2>&1 || fail "localedef zh_CN.GB18030"
  LOCPATH="$T/loc" LC_ALL=zh_CN.GB18030 "$JIFEN" --version >"$T/out" 2>"$T/err"
  equal "$?" 2 "exit status in a GB18030 locale"
  equal "$(wc -l <"$T/err")" 1 "lines of the refusal"
  check; [ ! -s "$T/out" ] || fail "output in a GB18030 locale"
  iconv -f GB18030 -t UTF-8 <"$T/err" >"$T/err.utf8" || fail "the refusal is not GB18030"
  check; grep -q '只支持 UTF-8' "$T/err.utf8" || fail "no Chinese in the terminal's encoding: $(cat "$T/err.utf8")"
  check; grep -q "jifen needs UTF-8" "$T/err" || fail "no English"
  check; ! iconv -f UTF-8 -t UTF-8 <"$T/err" >/dev/null 2>&1 || fail "the refusal is UTF-8, not GB18030"
else
  echo "SKIP locale: no localedef or GB18030 charmap (make deps installs locales)"
fi
pass
