#!/bin/sh
# Readable by their owner only, whatever the umask: the database, its
# backups, every export (the ledger as CSV and as a journal, the residents,
# the monthly notice), also when an export replaces a file that anyone
# could read.
. "$(dirname "$0")/../cli/lib.sh.inc"

umask 000
export JIFEN_PIN=2468

# mode FILE: 600, the owner's alone
mode() {
	CHECKS=$((CHECKS + 1))
	m=$(stat -c %a "$1") || fail "no file $1"
	[ "$m" = 600 ] || fail "$1 is mode $m, not 600"
}

run 0 init --demo
mode "$JIFEN_DB"
run 0 -o staff backup "$T/backup.db"
mode "$T/backup.db"
run 0 -o staff export --format csv -o "$T/ledger.csv"
mode "$T/ledger.csv"
run 0 -o staff export --format ledger -o "$T/ledger.journal"
mode "$T/ledger.journal"
run 0 -o staff resident export "$T/residents.csv"
mode "$T/residents.csv"
run 0 -o staff month report 2024-05 --full-names -o "$T/notice.txt"
mode "$T/notice.txt"
run 0 month report 2024-05 --format html -o "$T/notice.html"
mode "$T/notice.html"

# an export over a file that everyone may read leaves one that nobody else may
for f in ledger.csv residents.csv notice.txt; do
	rm -f "$T/$f"
	echo "旧内容" >"$T/$f"
	chmod 666 "$T/$f"
done
run 0 -o staff export --format csv -o "$T/ledger.csv"
mode "$T/ledger.csv"
run 0 -o staff resident export "$T/residents.csv"
mode "$T/residents.csv"
run 0 month report 2024-05 -o "$T/notice.txt"
mode "$T/notice.txt"

# the backup is a whole database that passes the audit on its own
run 0 -d "$T/backup.db" audit
pass
