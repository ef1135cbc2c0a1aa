/* Importing awards from a CSV file (the 台账 kept in Excel): every row is
 * checked as the counter would check it, every bad row is reported with its
 * line, and nothing is written until the whole file is clean, unless the
 * caller asks for the good rows only. */
#ifndef JIFEN_IMPORT_H
#define JIFEN_IMPORT_H

#include <stddef.h>
#include <stdint.h>
#include "jifen/csv.h"
#include "jifen/db.h"
#include "jifen/operator.h"

/* A refused row (line 0: the file as a whole). */
typedef struct {
	long line;
	jf_status status;
	char message[640];
} jf_import_problem;

typedef struct {
	size_t rows;                 /* data rows read (blank rows are skipped) */
	size_t imported;             /* awards written */
	int64_t points;              /* points awarded by them */
	jf_import_problem *problems; /* every refused row, in file order */
	size_t n_problems;
} jf_import_result;

/* Write the good rows and report the bad ones, instead of writing nothing. */
#define JF_IMPORT_SKIP_BAD 1u
/* Accept a row that repeats an award already made (same resident, activity
 * and deed day, in the ledger or earlier in the file). */
#define JF_IMPORT_ALLOW_DUPLICATES 2u

/* Called after each row with how far the reader is. */
typedef void (*jf_progress_fn)(size_t done, size_t total, void *arg);

/* Staff: award from `csv`.  The first row is a header when it names columns
 * (居民/姓名/resident, 活动/activity, 核实人/确认人/verifier, 日期/date,
 * 备注/note, 台账/ref, in any order; resident, activity and verifier are
 * required); otherwise the columns are resident, activity, verifier, date,
 * note.  Residents, activities and verifiers are found as on the command
 * line (name, pinyin initials, code, card, phone); dates may be written
 * 2024-06-15, 2024/6/15 or 2024年6月15日 and default to today.
 *
 * Returns JF_OK when it wrote: every row, or with JF_IMPORT_SKIP_BAD the good
 * ones (res->n_problems says how many were left out).  Returns JF_INVALID
 * when rows were bad and nothing was written.  A failure of the database
 * itself (busy, full ...) writes nothing, whatever the flags.  res is
 * filled in every case; free it with jf_import_result_free. */
jf_status jf_award_import(jf_db *db, const jf_op *op, jf_csv *csv, unsigned flags,
                          jf_progress_fn progress, void *arg, jf_import_result *res);

void jf_import_result_free(jf_import_result *res);

/* Normalize a date as Excel writes it (2024/6/15, 2024-6-15, 2024.6.15,
 * 2024年6月15日) to YYYY-MM-DD in out (11 bytes); 1 if it is a real day. */
int jf_import_date(const char *s, char out[11]);

#endif
