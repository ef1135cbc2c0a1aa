#!/bin/sh
# A quick binary Debian package of jifen, without debian/ or debhelper:
#   sh data/mkdeb.sh STAGE OUT.deb
# STAGE is a `make install PREFIX=/usr DESTDIR=STAGE` tree of a build made
# with dpkg-buildflags (see `make deb`).  This script strips the binary,
# compresses the manual pages and the changelog, adds the copyright file,
# computes the dependencies with dpkg-shlibdeps and writes the control file.
set -eu
stage=$1 out=$2
top=$(pwd)
umask 022
version=$(sed -n '1s/^jifen (\([^)]*\)).*/\1/p' CHANGELOG)
arch=$(dpkg --print-architecture)
[ -n "$version" ] || { echo "mkdeb: no version in CHANGELOG" >&2; exit 1; }

strip --remove-section=.comment --remove-section=.note --strip-unneeded \
  "$stage/usr/bin/jifen"
find "$stage/usr/share/man" -type f -name '*.[0-9]' -exec gzip -9nf {} +
doc=$stage/usr/share/doc/jifen
install -d "$doc"
gzip -9nc CHANGELOG > "$doc/changelog.gz"
cat > "$doc/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: jifen

Files: *
Copyright: 2024-2026 the jifen developers
License: GPL-3+

License: GPL-3+
 This program is free software: you can redistribute it and/or modify
 it under the terms of the GNU General Public License as published by
 the Free Software Foundation, either version 3 of the License, or
 (at your option) any later version.
 .
 This program is distributed in the hope that it will be useful,
 but WITHOUT ANY WARRANTY; without even the implied warranty of
 MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
 GNU General Public License for more details.
 .
 On Debian systems, the complete text of the GNU General Public License
 version 3 can be found in "/usr/share/common-licenses/GPL-3".
COPYRIGHT

# dpkg-shlibdeps wants a debian/control beside the tree it reads.
work=$(mktemp -d "${TMPDIR:-/tmp}/jifen-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
mkdir -p "$work/debian"
printf 'Source: jifen\n\nPackage: jifen\nArchitecture: any\n' > "$work/debian/control"
bin=$(cd "$stage" && pwd)/usr/bin/jifen
depends=$(cd "$work" && dpkg-shlibdeps -O "$bin" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "mkdeb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)

install -d "$stage/DEBIAN"
cat > "$stage/DEBIAN/control" <<CONTROL
Package: jifen
Version: $version
Architecture: $arch
Maintainer: jifen developers <jifen@example.org>
Installed-Size: $size
Depends: $depends
Section: misc
Priority: optional
Description: community points exchange counter
 jifen runs a community points exchange (love supermarket): residents
 earn points for good deeds that staff record, and spend them at the
 counter.  A full-screen counter finds a resident by pinyin, phone, room
 or card, redeems items and prints a receipt with a QR code; a command
 line serves staff and scripts.  One SQLite file holds everything, with
 a hash-chained ledger.
CONTROL
(cd "$stage" && find usr -type f -exec md5sum {} + | sort -k 2) > "$stage/DEBIAN/md5sums"
cd "$top"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$out" >/dev/null
echo "$out"
