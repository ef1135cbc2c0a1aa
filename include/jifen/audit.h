/* The audit (核对): the ledger's and the stock's hash chains, every cached
 * balance and stock level, and the change log (变更记录) that records every
 * change to what decides points: operators, the receipt key and community,
 * activities, items, residents' identity, verifiers, sponsors, day closes,
 * notices, vouchers and receipts.  See src/audit.c. */
#ifndef JIFEN_AUDIT_H
#define JIFEN_AUDIT_H

#include <stddef.h>
#include <stdint.h>
#include "jifen/db.h"

typedef struct {
	int64_t entries, stock_moves, residents, items, receipts;
	int64_t points_outstanding;
	int64_t changes;      /* entries in the change log */
	char ledger_head[65]; /* hex hash of the newest ledger entry */
	char stock_head[65];
	char changes_head[65];
	/* when the audit fails: */
	char table[16];   /* "ledger", "stock_moves", "residents", "operators", "meta" ... */
	int64_t row_id;   /* the first broken row (0 when its key is not a number) */
	char key[64];     /* the row's key as text ("receipt_key", "2026-05-01", "12/1") */
	char field[32];   /* the column that differs, "" when the whole row */
	char problem[256];
} jf_audit_report;

/* Recompute the hash chains, every balance and every stock level, the change
 * log's chain, and that every audited row is as its newest change says, and
 * that every head pinned by a day close or a notice is still there.  JF_OK
 * when all hold; JF_TAMPERED naming the first inconsistency in the report.
 * Never runs longer than the file is big, whatever the file holds. */
jf_status jf_audit(jf_db *db, jf_audit_report *rep);

/* One entry of the change log, for `jifen audit --changes`. */
typedef struct {
	int64_t id;
	int64_t time;
	int64_t operator_id;     /* 0 = none (the program itself, a baseline) */
	char operator_name[97];
	char table[32];
	char key[64];
	char op[12];             /* insert, update, delete, baseline, cover */
	char *old_value;         /* JSON object of the audited fields, or NULL */
	char *new_value;
} jf_change;

/* The newest `max` changes (0 = all) whose time is in [from, to) (0 = open),
 * of `table` (NULL = any), newest first.  Free with jf_changes_free. */
jf_status jf_changes_list(jf_db *db, const char *table, int64_t from, int64_t to, size_t max,
                          jf_change **out, size_t *n);
void jf_changes_free(jf_change *c, size_t n);

/* An award made by an operator to a resident that the same operator created
 * or edited in the JF_SELF_DAYS days before: what cannot be prevented is
 * shown. */
#define JF_SELF_DAYS 90
typedef struct {
	int64_t entry_id;
	int64_t time;
	int64_t points;
	int64_t operator_id;
	char operator_name[97];
	int64_t resident_id;
	char resident_name[97];
	int64_t changed;         /* when the operator last created/edited the resident */
} jf_self_award;

/* Such awards on the business days from `from_day` up to but not including
 * `to_day` (YYYY-MM-DD, NULL = open), oldest first.  Caller frees *out. */
jf_status jf_self_awards(jf_db *db, const char *from_day, const char *to_day,
                         jf_self_award **out, size_t *n);

/* The localized words for an audited table and for one of its fields
 * ("操作员", "角色"); the name itself when there are none. */
const char *jf_audit_table_label(const char *table);
const char *jf_audit_field_label(const char *field);

#endif
