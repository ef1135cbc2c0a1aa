#!/bin/sh
# A build a distribution accepts (issue 16): the Makefile adds the user's
# CPPFLAGS, CFLAGS and LDFLAGS to its own; -Werror only in the developers'
# build (DEV=1, set by the check targets); `make deb` builds with
# dpkg-buildflags (hardening=+all) without one compiler warning, and lintian
# finds no error, warning or hardening tag in the package.  Runs from the top
# of the tree (tests/run-cli.sh does); build-deb/ is kept between runs.
. "$(dirname "$0")/lib.sh.inc"

check() { CHECKS=$((CHECKS + 1)); }
# not the outer make's (make check DEV=0, SANITIZE=1, its jobserver)
unset MAKEFLAGS MFLAGS MAKELEVEL SANITIZE BUILD DEV WERROR

# make -n -B: the commands a build would run, none run.
make -n -B build/src/db.o CPPFLAGS=-DJF_FROM_USER >"$T/out" 2>"$T/err" || fail "make -n CPPFLAGS="
check; grep -q -- '-Iinclude .*-DJF_FROM_USER' "$T/out" || fail "make CPPFLAGS= dropped -Iinclude: $(cat "$T/out")"
make -n -B build/src/db.o CFLAGS=-O1 >"$T/out" 2>"$T/err" || fail "make -n CFLAGS="
check; grep -q -- '-Wall .*-O1' "$T/out" || fail "make CFLAGS= dropped the warnings or came first"
check; ! grep -q -- '-Werror\b' "$T/out" || fail "a plain make has -Werror"
make -n -B build/src/db.o DEV=1 >"$T/out" 2>"$T/err" || fail "make -n DEV=1"
check; grep -q -- '-Werror ' "$T/out" || fail "DEV=1 has no -Werror"
make -n -B check-unit >"$T/out" 2>"$T/err" || true
if grep -q ' -c -o ' "$T/out"; then
  check; ! grep ' -c -o ' "$T/out" | grep -qv -- '-Werror ' || fail "make check-unit compiles without -Werror"
fi
make -n -B build/jifen LDFLAGS=-Wl,-z,now >"$T/out" 2>"$T/err" || fail "make -n LDFLAGS="
check; grep -- '-o build/jifen ' "$T/out" | grep -q -- '-Wl,-z,now' || fail "LDFLAGS never reach the link"

# The package.
command -v lintian >/dev/null || fail "no lintian (make deps)"
# WERROR=1: any warning under dpkg-buildflags stops the build (and leaves
# no object, so a later run compiles that file again).
make -s deb WERROR=1 >"$T/out" 2>"$T/err" || fail "make deb WERROR=1 failed: $(grep -m3 'error' build-deb.log)"
check; [ -s build-deb/jifen.deb ] || fail "make deb made no build-deb/jifen.deb"
check; nm -D build-deb/jifen | grep -q '__[a-z]*_chk' || fail "make deb: no fortified calls (dpkg-buildflags unused?)"
check; readelf -d build-deb/jifen | grep -q 'BIND_NOW\|FLAGS.*NOW' || fail "make deb: not linked with -z now"
lintian --no-tag-display-limit -I build-deb/jifen.deb >"$T/out" 2>"$T/err"
check; ! grep -E '^[EW]: ' "$T/out" >/dev/null || fail "lintian: errors or warnings"
check; ! grep -q 'hardening' "$T/out" || fail "lintian: hardening"

# What the package holds: the program, its pages, the catalogs, the licence.
dpkg-deb -c build-deb/jifen.deb >"$T/out"
for f in ./usr/bin/jifen ./usr/share/man/man1/jifen.1.gz ./usr/share/man/man5/jifen.conf.5.gz \
         ./usr/share/locale/en/LC_MESSAGES/jifen.mo ./usr/share/doc/jifen/copyright \
         ./usr/share/doc/jifen/changelog.gz; do
  check; grep -q " $f\$" "$T/out" || fail "the package lacks $f"
done
pass
