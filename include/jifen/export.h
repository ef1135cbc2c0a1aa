/* Getting the data out: the ledger as CSV for a spreadsheet, as a plain-text
 * journal that hledger and ledger read (man 5 jifen-ledger), and a whole
 * copy of the database made with SQLite's online backup. */
#ifndef JIFEN_EXPORT_H
#define JIFEN_EXPORT_H

#include <stdio.h>
#include "jifen/db.h"
#include "jifen/import.h"
#include "jifen/operator.h"

/* Staff: every ledger entry, oldest first, as CSV (CRLF, a header row; a
 * UTF-8 BOM first if `bom`, for Excel).  Read in one snapshot. */
jf_status jf_export_csv(jf_db *db, const jf_op *op, FILE *f, int bom);

/* Staff: the ledger as an hledger/ledger journal: one transaction per entry, the
 * resident's account 居民:NAME #ID, with a balance assertion wherever the
 * journal's date order gives jifen's own balance, so that `hledger balance
 * 居民` shows every resident's balance as jifen keeps it.  Read in one
 * snapshot. */
jf_status jf_export_journal(jf_db *db, const jf_op *op, FILE *f);

/* Staff: copy the whole database to a new file at `path` (created 0600;
 * refused with JF_EXISTS if it exists) with SQLite's online backup, which
 * other counters may keep writing through.  The copy is one self-contained
 * file (not WAL) and is checked before this returns; on any failure no file
 * is left behind.  progress (may be NULL) is told pages done and total. */
jf_status jf_backup(jf_db *db, const jf_op *op, const char *path, jf_progress_fn progress,
                    void *arg);

#endif
