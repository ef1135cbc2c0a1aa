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

/* Staff: every resident who lives here (not moved out), by the pinyin of
 * the name, as the CSV that `resident import` reads (姓名,手机,小区,楼栋,
 * 单元,房号,卡号,党员; CRLF; a UTF-8 BOM first if `bom`); every cell through
 * the formula guard (jf_csv_write_text).  *count (may be NULL) is set to the
 * residents written.  Recorded in the access log (jifen/access.h), as are
 * the ledger exports and backups below.  Read in one snapshot. */
jf_status jf_export_residents(jf_db *db, const jf_op *op, FILE *f, int bom, size_t *count);

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
