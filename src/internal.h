/* Shared by the core's own files only: the database handle and helpers. */
#ifndef JIFEN_INTERNAL_H
#define JIFEN_INTERNAL_H

#include <sqlite3.h>
#include <stdarg.h>
#include "jifen/audit.h"
#include "jifen/db.h"
#include "jifen/i18n.h"
#include "jifen/operator.h"

/* Statements kept prepared for the life of a handle (jf_cached). */
#define JF_STMT_CACHE 64

struct jf_db {
	sqlite3 *sql;
	char path[4096];
	char error[1024];
	int64_t fixed_time; /* 0 = real clock */
	int test_clock;     /* meta clock = 'test': a test or demo database */
	int64_t clock_checked; /* the clock jf_clock_check passed in this transaction */
	int in_tx;
	int64_t actor;      /* the operator of the current write, for the change log */
	int64_t data_version; /* PRAGMA data_version last seen, -1 before */
	struct {
		const char *sql;  /* the string constant, its address the key */
		sqlite3_stmt *st;
		int taken;        /* handed out and not yet given back */
	} cache[JF_STMT_CACHE];
	int ncache;
};

struct jf_op {
	int64_t id;
	jf_role role;
	int64_t resident_id;
	char login[JF_LOGIN_MAX + 1];
	char name[97];
};

/* Record "<status message>：<detail>" (detail printf-style, may be NULL)
 * as the handle's error, and return st. */
jf_status jf_fail(jf_db *db, jf_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Map a failed SQLite call to a status (busy, full, read-only, I/O ...),
 * record it with SQLite's own message, and return it. */
jf_status jf_sql_fail(jf_db *db, int rc);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK.  A commit that fails rolls back.
 * Called inside a transaction they nest as a savepoint, so that one step of
 * a larger all-or-nothing job (an import) can fail and be undone alone. */
jf_status jf_tx_begin(jf_db *db);
jf_status jf_tx_commit(jf_db *db);
void jf_tx_rollback(jf_db *db);

/* A read snapshot: a deferred transaction, so that a report, an export, a
 * day's figures or the audit read one consistent state while counters
 * write.  Inside a transaction already, nothing to do: *began = 0.  Else
 * *began = 1 once begun; pass it to jf_read_end, which ends the snapshot
 * only if this call began it. */
jf_status jf_read_begin(jf_db *db, int *began);
void jf_read_end(jf_db *db, int began);

/* Prepare a statement (cached by SQLite's own cache is not used: callers
 * finalize).  Returns NULL with the error recorded. */
sqlite3_stmt *jf_prepare(jf_db *db, const char *sql);

/* A statement prepared once per handle and kept, for the paths that run on
 * every keystroke or every redemption, where preparing anew costs more than
 * running (10 to 30 us a statement, and a redemption runs some twenty).
 * `sql` must be a string constant: its address is the key.  Give it back
 * with jf_release, never sqlite3_finalize.  The same text asked for again
 * while taken gets a second statement.  NULL with the error recorded. */
sqlite3_stmt *jf_cached(jf_db *db, const char *sql);

/* Give back a statement from jf_cached: reset, bindings cleared, ready for
 * the next use (one that did not fit in the cache is finalized).  NULL is
 * fine. */
void jf_release(jf_db *db, sqlite3_stmt *st);

/* Bind a C string as text (NULL binds NULL). */
int jf_bind_text(sqlite3_stmt *st, int i, const char *s);

/* Copy column i as text into buf (empty for NULL). */
void jf_col_text(sqlite3_stmt *st, int i, char *buf, size_t len);

/* Check a user-given text field: valid UTF-8, no control characters, at
 * most `max` bytes; `field` names it in the message.  Empty allowed only if
 * `may_be_empty`. */
jf_status jf_check_text(jf_db *db, const char *field, const char *s, size_t max,
                        int may_be_empty);

/* The clock rules for a new entry (ledger, stock, voucher event, day close
 * or reopen) dated jf_db_now: JF_CLOCK, with a message saying both times and
 * what to do, if the clock is behind the latest entry or more than
 * JF_CLOCK_JUMP_DAYS ahead of it (see jifen/clock.h).  Inside the writer's
 * transaction. */
jf_status jf_clock_check(jf_db *db);

/* The change log (src/audit.c): register jf_now(), jf_actor(), jf_chain()
 * and jf_digest() on a connection; create the triggers of the audited tables
 * that the file does not cover yet (after the migrations, in a transaction
 * of its own; `new_log`: the change log was made by this open, so rows
 * already there get their baseline even though the log is empty); the
 * ledger's part of the audit (src/ledger.c). */
int jf_audit_register(jf_db *db);
jf_status jf_audit_install(jf_db *db, int new_log);
jf_status jf_audit_ledger(jf_db *db, jf_audit_report *rep);

/* The operator whose writes follow, for the change log (0 = none). */
void jf_db_act(jf_db *db, const jf_op *op);

/* Copy with truncation, always NUL-terminated. */
void jf_strlcpy(char *dst, const char *src, size_t len);

/* --- src/days.c: the business day ------------------------------------------ */

/* The closes of days that are closed now: a day_closes row, and the day's
 * newest day_events row (if any) a close, not a reopen.  Columns: the day,
 * when and by whom it was last closed, the note, and the newest event's kind
 * (NULL for none). */
#define JF_CLOSED_DAYS                                                                             \
	"SELECT d.day, coalesce(e.time, d.time), coalesce(eo.name, o.name),"                       \
	" coalesce(e.note, d.note), e.kind FROM day_closes d"                                      \
	" JOIN operators o ON o.id = d.operator_id"                                                \
	" LEFT JOIN day_events e ON e.id = (SELECT max(x.id) FROM day_events x WHERE x.day = d.day)" \
	" LEFT JOIN operators eo ON eo.id = e.operator_id"

/* The first second (local time) of a YYYY-MM-DD day. */
int64_t jf_day_start(const char *day);

/* "HH:MM" and "YYYY-MM-DD HH:MM" of a time, local (buf >= 6 / 17 bytes). */
void jf_time_hhmm(int64_t t, char *buf, size_t len);
void jf_time_datetime(int64_t t, char *buf, size_t len);

/* Make room for one more element of `size` bytes in *v (n used, *cap
 * allocated); returns a pointer to the new, zeroed element or NULL. */
void *jf_grow(void *v, size_t *cap, size_t n, size_t size);

/* Append a zeroed element to arr (n used, *cap allocated, see jf_grow), or
 * return JF_NOMEM from the calling function. */
#define JF_PUSH(db, arr, n, cap, elem)                                                             \
	do {                                                                                       \
		if (!((elem) = jf_grow(&(arr), (cap), (n), sizeof *(arr))))                        \
			return jf_fail((db), JF_NOMEM, NULL);                                      \
		(n)++;                                                                             \
	} while (0)

/* A report's row reader: one row of st into ctx (the report), *cap the
 * capacity of the array it appends to, zero at the first row. */
typedef jf_status (*jf_row_fn)(jf_db *db, sqlite3_stmt *st, void *ctx, size_t *cap);

/* Run sql with ?1 = from and ?2 = next (a half-open range of days) and, if
 * it has a third parameter, ?3 = the clean-up activity's code; hand every
 * row to row(ctx).  The first failure is returned. */
jf_status jf_each_row(jf_db *db, const char *sql, const char *from, const char *next,
                      jf_row_fn row, void *ctx);

#endif
