/* The access log: who took residents' names and phones out of jifen, and
 * when.  Every export that holds them (jf_export_residents, jf_export_csv,
 * jf_export_journal, jf_backup, the month notice with full names) needs a
 * staff login and writes one row here before it writes anything; the rows
 * cannot be changed or removed (triggers, data/schema/007-access.sql). */
#ifndef JIFEN_ACCESS_H
#define JIFEN_ACCESS_H

#include <stddef.h>
#include <stdint.h>
#include "jifen/db.h"
#include "jifen/operator.h"

/* What was taken out (the column access_log.what). */
#define JF_ACCESS_RESIDENTS "residents"          /* resident export: names, phones, doors */
#define JF_ACCESS_LEDGER_CSV "ledger-csv"        /* export --format csv */
#define JF_ACCESS_JOURNAL "ledger-journal"       /* export --format ledger */
#define JF_ACCESS_BACKUP "backup"                /* a copy of the whole file */
#define JF_ACCESS_MONTH_NAMES "month-full-names" /* the month notice with full names */

/* One row of the log. */
typedef struct {
	int64_t id;
	int64_t time;
	char login[JF_LOGIN_MAX + 1]; /* the operator's login and name */
	char name[97];
	char what[32];    /* one of JF_ACCESS_... */
	char detail[257]; /* the month, the file, how many rows */
} jf_access;

/* Staff: record that `op` is taking `what` (one of JF_ACCESS_...) out, with
 * a detail (may be NULL; cleaned and cut to 256 bytes).  JF_OK, JF_DENIED or
 * JF_NO_OPERATOR (nothing recorded, and the caller must not export),
 * JF_INVALID for an unknown `what`, or a database error. */
jf_status jf_access_record(jf_db *db, const jf_op *op, const char *what, const char *detail);

/* Staff: the whole log, oldest first, in *out (the caller frees it). */
jf_status jf_access_list(jf_db *db, const jf_op *op, jf_access **out, size_t *n);

/* "居民名单" / "resident list" ... for a JF_ACCESS_ code (localized). */
const char *jf_access_label(const char *what);

#endif
