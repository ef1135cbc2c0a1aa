/* The audit (jf_audit) on a database a file-holder has edited in any way:
 * the small community of fuzz.h is made once; per input, a copy of it has
 * every trigger dropped and NOT NULL and CHECK taken off, then the input
 * drives a few UPDATE, DELETE and INSERT statements with the plain SQLite
 * library (ids negative, huge or pointing nowhere, NULLs, text where numbers
 * were, blobs, rows copied), and jf_audit runs on it.  Properties: it never
 * crashes or reads out of bounds (ASan), it ends (libFuzzer's timeout), and
 * it answers with a status: OK only when nothing was changed that it
 * watches, TAMPERED naming a table and a problem, or an error of the file
 * itself (corrupt, I/O). */
#include "fuzz.h"

#include <sqlite3.h>

#include "jifen/audit.h"

static char pristine[400], work[400];

/* The tables and columns an input may touch. */
static const struct {
	const char *table;
	const char *cols[8];
} targets[] = {
	{"ledger", {"id", "resident_id", "points", "balance_after", "receipt_id", "hash", "kind", "day"}},
	{"stock_moves", {"id", "item_id", "qty", "stock_after", "hash", "receipt_id"}},
	{"residents", {"id", "name", "phone", "card", "balance", "active"}},
	{"operators", {"id", "role", "pin_hash", "locked_until", "failed_pins", "resident_id"}},
	{"meta", {"key", "value"}},
	{"items", {"id", "points", "monthly_limit", "stock", "kind", "sponsor_id"}},
	{"activities", {"id", "points", "active"}},
	{"receipts", {"id", "no", "total", "resident_id", "time"}},
	{"receipt_lines", {"receipt_id", "line", "item_id", "qty", "points_each"}},
	{"vouchers", {"id", "receipt_id", "expires", "item_id"}},
	{"verifiers", {"id", "resident_id", "name"}},
	{"day_closes", {"day", "ledger_head", "stock_head", "operator_id"}},
	{"notices", {"id", "ledger_head", "month"}},
	{"changes", {"id", "tbl", "row_id", "op", "old", "new", "hash", "operator_id"}},
};
#define N_TARGETS (sizeof targets / sizeof targets[0])

static int ncols(size_t t)
{
	int n = 0;
	while (n < 8 && targets[t].cols[n])
		n++;
	return n;
}

static void copy_file(const char *from, const char *to)
{
	FILE *a = fopen(from, "rb"), *b = fopen(to, "wb");
	if (!a || !b)
		abort();
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, a)) > 0)
		if (fwrite(buf, 1, n, b) != n)
			abort();
	fclose(a);
	fclose(b);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_world *w = fuzz_world_get();
	/* a day closed and a notice, so that their pins are there to break */
	jf_db_close(w->db);
	w->db = NULL;
	char err[512];
	jf_db *db;
	if (jf_db_open(w->path, &db, err, sizeof err) != JF_OK)
		exit(2);
	w->db = db;
	snprintf(pristine, sizeof pristine, "%s/pristine.db", w->dir);
	snprintf(work, sizeof work, "%s/work.db", w->dir);
	sqlite3 *raw;
	if (sqlite3_open(w->path, &raw) != SQLITE_OK)
		exit(2);
	char sql[512];
	snprintf(sql, sizeof sql, "VACUUM INTO '%s'", pristine);
	if (sqlite3_exec(raw, sql, NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "vacuum: %s\n", sqlite3_errmsg(raw));
		exit(2);
	}
	sqlite3_close(raw);
	/* every trigger dropped, NOT NULL and CHECK taken off, in the copy */
	if (sqlite3_open(pristine, &raw) != SQLITE_OK)
		exit(2);
	sqlite3_stmt *st;
	char *names[256];
	int n = 0;
	if (sqlite3_prepare_v2(raw, "SELECT name FROM sqlite_master WHERE type = 'trigger'", -1, &st,
	                       NULL) != SQLITE_OK)
		exit(2);
	while (sqlite3_step(st) == SQLITE_ROW && n < 256)
		names[n++] = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	for (int i = 0; i < n; i++) {
		snprintf(sql, sizeof sql, "DROP TRIGGER \"%s\"", names[i]);
		sqlite3_exec(raw, sql, NULL, NULL, NULL);
		free(names[i]);
	}
	if (sqlite3_exec(raw,
	                 "PRAGMA writable_schema = ON;"
	                 "UPDATE sqlite_master SET sql = replace(replace(replace(replace(sql,"
	                 " 'IS NOT NULL', '@@'), 'NOT NULL', ''), '@@', 'IS NOT NULL'),"
	                 " 'CHECK (', 'CHECK (1 OR ') WHERE type = 'table';"
	                 "PRAGMA writable_schema = OFF;",
	                 NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "unguard: %s\n", sqlite3_errmsg(raw));
		exit(2);
	}
	sqlite3_close(raw);
	return 0;
}

/* Bind a value the input chooses: NULL, a small, negative or huge integer,
 * a real, text or a blob from the input. */
static void bind_value(sqlite3_stmt *st, int i, const uint8_t **p, const uint8_t *end)
{
	uint8_t kind = *p < end ? *(*p)++ : 0;
	uint8_t a = *p < end ? *(*p)++ : 0;
	size_t len = a % 12;
	if (len > (size_t)(end - *p))
		len = (size_t)(end - *p);
	switch (kind % 8) {
	case 0:
		sqlite3_bind_null(st, i);
		break;
	case 1:
		sqlite3_bind_int64(st, i, a);
		break;
	case 2:
		sqlite3_bind_int64(st, i, -(int64_t)a);
		break;
	case 3:
		sqlite3_bind_int64(st, i, a & 1 ? INT64_MAX - a : INT64_MIN + a);
		break;
	case 4:
		sqlite3_bind_double(st, i, a / 3.0);
		break;
	case 5:
		sqlite3_bind_text(st, i, (const char *)*p, (int)len, SQLITE_TRANSIENT);
		*p += len;
		break;
	case 6:
		sqlite3_bind_blob(st, i, *p, (int)len, SQLITE_TRANSIENT);
		*p += len;
		break;
	default:
		/* a hash-looking or JSON-looking text */
		sqlite3_bind_text(st, i, a & 1 ? "{\"points\":1}" : "00", -1, SQLITE_STATIC);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	if (n < 3 || n > 512)
		return 0;
	unlink(work);
	char side[420];
	snprintf(side, sizeof side, "%s-wal", work);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", work);
	unlink(side);
	copy_file(pristine, work);

	sqlite3 *raw;
	if (sqlite3_open(work, &raw) != SQLITE_OK)
		abort();
	sqlite3_busy_timeout(raw, 1000);
	const uint8_t *p = data, *end = data + n;
	int changed = 0;
	for (int k = 0; k < 6 && end - p >= 3; k++) {
		uint8_t op = *p++, tb = *p++, cb = *p++;
		size_t t = tb % N_TARGETS;
		const char *col = targets[t].cols[cb % ncols(t)];
		const char *key = targets[t].cols[0];
		char sql[512];
		switch (op % 4) {
		case 0: /* UPDATE one row, chosen by its rank */
		case 1:
			snprintf(sql, sizeof sql,
			         "UPDATE \"%s\" SET \"%s\" = ?1 WHERE rowid = (SELECT rowid FROM \"%s\""
			         " ORDER BY rowid LIMIT 1 OFFSET ?2)",
			         targets[t].table, col, targets[t].table);
			break;
		case 2: /* DELETE one row */
			snprintf(sql, sizeof sql,
			         "DELETE FROM \"%s\" WHERE ?1 IS NULL OR rowid = (SELECT rowid FROM \"%s\""
			         " ORDER BY rowid DESC LIMIT 1 OFFSET ?2)",
			         targets[t].table, targets[t].table);
			break;
		default: /* INSERT a copy of a row with one column changed */
			snprintf(sql, sizeof sql,
			         "INSERT OR IGNORE INTO \"%s\" SELECT * FROM \"%s\""
			         " ORDER BY rowid LIMIT 1 OFFSET ?2",
			         targets[t].table, targets[t].table);
			break;
		}
		(void)key;
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(raw, sql, -1, &st, NULL) != SQLITE_OK) {
			sqlite3_finalize(st);
			continue;
		}
		if (sqlite3_bind_parameter_count(st) >= 1 && op % 4 != 3)
			bind_value(st, 1, &p, end);
		sqlite3_bind_int64(st, 2, p < end ? *p++ % 8 : 0);
		if (sqlite3_step(st) == SQLITE_DONE && sqlite3_changes(raw) > 0)
			changed = 1;
		sqlite3_finalize(st);
	}
	sqlite3_close(raw);

	char err[512];
	jf_db *db = NULL;
	jf_status st = jf_db_open(work, &db, err, sizeof err);
	if (st != JF_OK)
		return 0; /* refused at the door: fine */
	jf_audit_report rep;
	st = jf_audit(db, &rep);
	CHECK(st == JF_OK || st == JF_TAMPERED || st == JF_DB_CORRUPT || st == JF_DB_IO ||
	      st == JF_NOMEM || st == JF_DB_BUSY);
	CHECK(memchr(rep.problem, '\0', sizeof rep.problem) != NULL);
	CHECK(memchr(rep.table, '\0', sizeof rep.table) != NULL);
	CHECK(memchr(rep.key, '\0', sizeof rep.key) != NULL);
	if (st == JF_TAMPERED)
		CHECK(rep.table[0] != '\0' && rep.problem[0] != '\0');
	/* the copy has every trigger dropped: the audit always says so, so an
	 * OK is never given for an edited file */
	CHECK(st != JF_OK);
	(void)changed;
	jf_db_close(db);
	return 0;
}
