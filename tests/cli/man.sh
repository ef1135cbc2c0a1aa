#!/bin/sh
# The manual pages and the release files (issue 16): mandoc -Tlint finds no
# error or warning on any page; every .TH date parses and all agree; the
# version in .TH, `jifen --version` and the CHANGELOG's latest entry agree;
# jifen(1)'s SEE ALSO names every other page; there is a LICENSE.
. "$(dirname "$0")/lib.sh.inc"

check() { CHECKS=$((CHECKS + 1)); }
command -v mandoc >/dev/null || fail "no mandoc (make deps)"

check; [ -s LICENSE ] && grep -q 'GNU GENERAL PUBLIC LICENSE' LICENSE || fail "no LICENSE"
version=$(sed -n '1s/^jifen (\([^)]*\)).*/\1/p' CHANGELOG)
check; [ -n "$version" ] || fail "CHANGELOG's first line names no version"
run 0 --version
check; grep -q "^jifen $version " "$T/out" || fail "jifen --version is not $version"

dates=
for page in man/*.[1-9]; do
  check; mandoc -Tlint -W warning "$page" >"$T/out" 2>&1 || fail "mandoc -Tlint $page: $(cat "$T/out")"
  th=$(grep -m1 '^\.TH ' "$page")
  d=$(echo "$th" | awk '{print $4}')
  check; date -d "$d" +%F >/dev/null 2>&1 && [ "$(date -d "$d" +%F)" = "$d" ] || fail "$page: .TH date $d"
  check; echo "$th" | grep -q "\"jifen $version\"" || fail "$page: .TH names another version: $th"
  dates="$dates $d"
  name=$(basename "$page"); sec=${name##*.}; name=${name%.*}
  if [ "$name" != jifen ] || [ "$sec" != 1 ]; then
    esc=$(echo "$name" | sed 's/-/\\\\-/g')
    check; sed -n '/^\.SH SEE ALSO/,/^\.SH/p' man/jifen.1 | grep -q "^\.BR $esc ($sec)" ||
      fail "jifen(1) SEE ALSO lacks $name($sec)"
  fi
done
check; [ "$(echo $dates | tr ' ' '\n' | sort -u | wc -l)" = 1 ] || fail "the .TH dates differ:$dates"
pass
