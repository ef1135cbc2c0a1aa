/* The change log and the audit (src/audit.c): every change to what decides
 * points is recorded with who, when, old and new; a change behind the
 * program's back (the sqlite3 library on the file, the triggers dropped) is
 * named by jf_audit down to the field; and whatever the file holds, the
 * audit ends, in bounded time, with a status, never a crash. */
#include "testlib.h"

#include <sqlite3.h>
#include <time.h>

#include "jifen/audit.h"
#include "jifen/catalog.h"
#include "jifen/dayclose.h"
#include "jifen/demo.h"
#include "jifen/ledger.h"
#include "jifen/resident.h"

#define T0 1718445600 /* 2024-06-15 10:00 UTC */

/* Run SQL on the file with the plain SQLite library, as a file-holder
 * would; returns SQLite's status. */
static int raw_exec(const char *path, const char *sql)
{
	sqlite3 *raw;
	if (sqlite3_open(path, &raw) != SQLITE_OK)
		return SQLITE_CANTOPEN;
	int rc = sqlite3_exec(raw, sql, NULL, NULL, NULL);
	sqlite3_close(raw);
	return rc;
}

static void test_fresh_database_passes(void **state)
{
	test_env *e = *state;
	jf_audit_report rep;
	assert_int_equal(jf_audit(e->db, &rep), JF_OK);
	assert_true(rep.changes > 0); /* the meta rows, the admin */
	assert_int_equal(strlen(rep.changes_head), 64);
}

/* The triggers call functions only jifen's connections have. */
static void test_shell_write_refused(void **state)
{
	test_env *e = *state;
	assert_int_not_equal(raw_exec(e->path, "UPDATE operators SET role = 'volunteer'"),
	                     SQLITE_OK);
	assert_int_not_equal(raw_exec(e->path, "UPDATE meta SET value = 'XX'"
	                                       " WHERE key = 'community_code'"),
	                     SQLITE_OK);
	assert_int_not_equal(raw_exec(e->path, "INSERT INTO sponsors(name, kind)"
	                                       " VALUES ('x', 'unit')"),
	                     SQLITE_OK);
	jf_audit_report rep;
	assert_int_equal(jf_audit(e->db, &rep), JF_OK);
}

/* A change through the core: recorded with the operator, the time, the old
 * and the new value, and the audit passes. */
static void test_change_recorded(void **state)
{
	test_env *e = *state;
	jf_db_set_time(e->db, T0);
	jf_item it;
	memset(&it, 0, sizeof it);
	snprintf(it.code, sizeof it.code, "ZJ01");
	snprintf(it.name, sizeof it.name, "纸巾");
	it.kind = JF_ITEM_GOODS;
	it.points = 2;
	int64_t id;
	assert_int_equal(jf_item_add(e->db, e->admin, &it, &id), JF_OK);
	jf_db_set_time(e->db, T0 + 60);
	assert_int_equal(jf_item_set_points(e->db, e->admin, id, 7), JF_OK);
	jf_change *c;
	size_t n;
	assert_int_equal(jf_changes_list(e->db, "items", 0, 0, 0, &c, &n), JF_OK);
	assert_int_equal(n, 2);
	assert_string_equal(c[0].op, "update");
	assert_int_equal(c[0].time, T0 + 60);
	assert_int_equal(c[0].operator_id, jf_op_id(e->admin));
	assert_string_equal(c[0].operator_name, "管理员");
	assert_non_null(strstr(c[0].old_value, "\"points\":2"));
	assert_non_null(strstr(c[0].new_value, "\"points\":7"));
	assert_string_equal(c[1].op, "insert");
	assert_null(c[1].old_value);
	jf_changes_free(c, n);
	/* the receipt key is recorded as a digest, never itself */
	char key[80];
	assert_int_equal(jf_db_meta(e->db, "receipt_key", key, sizeof key), JF_OK);
	assert_int_equal(jf_changes_list(e->db, "meta", 0, 0, 0, &c, &n), JF_OK);
	for (size_t i = 0; i < n; i++)
		assert_null(strstr(c[i].new_value ? c[i].new_value : "", key));
	jf_changes_free(c, n);
	jf_audit_report rep;
	assert_int_equal(jf_audit(e->db, &rep), JF_OK);
}

/* The triggers dropped, a field changed: named. */
static void test_field_named(void **state)
{
	test_env *e = *state;
	jf_audit_report rep;
	assert_int_equal(raw_exec(e->path, "DROP TRIGGER jfa_operators_u;"
	                                   " UPDATE operators SET failed_pins = 0, locked_until = 0,"
	                                   " name = 'x' WHERE login = 'admin'"),
	                 SQLITE_OK);
	assert_int_equal(jf_audit(e->db, &rep), JF_TAMPERED);
	assert_string_equal(rep.table, "operators");
	assert_int_equal(rep.row_id, jf_op_id(e->admin));
	assert_string_equal(rep.field, "name");
	assert_non_null(strstr(rep.problem, "名称"));
}

/* Awards by an operator to a resident the same operator added. */
static void test_self_awards(void **state)
{
	test_env *e = *state;
	jf_db *db = e->db;
	jf_db_set_time(db, T0);
	assert_int_equal(jf_activity_load_defaults(db), JF_OK);
	int64_t ver, res, other;
	assert_int_equal(jf_verifier_add(db, e->admin, "原冬梅", JF_VERIFIER_GRID, "", "", 0, &ver),
	                 JF_OK);
	jf_resident_new r = {.name = "丁美英", .phone = "13900000001"};
	assert_int_equal(jf_resident_add(db, e->admin, &r, &res), JF_OK);
	jf_op *staff;
	assert_int_equal(jf_operator_add(db, e->admin, "staff", "杨阿强", JF_ROLE_STAFF, "2468", 0),
	                 JF_OK);
	assert_int_equal(jf_login(db, "staff", "2468", &staff), JF_OK);
	jf_resident_new r2 = {.name = "杨效文", .phone = "13900000002"};
	assert_int_equal(jf_resident_add(db, staff, &r2, &other), JF_OK);
	jf_activity act;
	assert_int_equal(jf_activity_resolve(db, "G04", &act), JF_OK);
	jf_award_req req = {.activity_id = act.id, .verifier_id = ver};
	int64_t ids[2] = {res, other};
	jf_db_set_time(db, T0 + 3600);
	assert_int_equal(jf_award(db, staff, ids, 2, &req, NULL), JF_OK);
	jf_self_award *a;
	size_t n;
	assert_int_equal(jf_self_awards(db, NULL, NULL, &a, &n), JF_OK);
	assert_int_equal(n, 1); /* staff added 杨效文, not 丁美英 */
	assert_int_equal(a[0].resident_id, other);
	assert_int_equal(a[0].operator_id, jf_op_id(staff));
	assert_string_equal(a[0].resident_name, "杨效文");
	free(a);
	/* outside the days asked for: none */
	assert_int_equal(jf_self_awards(db, "2024-07-01", NULL, &a, &n), JF_OK);
	assert_int_equal(n, 0);
	free(a);
	jf_op_free(staff);
}

/* --- nasty files ------------------------------------------------------------ */

static char pristine[300];

static void make_pristine(const char *dir)
{
	char err[512];
	jf_db *db;
	snprintf(pristine, sizeof pristine, "%s/demo.db", dir);
	assert_int_equal(jf_db_create_test(pristine, "府西社区", "FX", T0, &db, err, sizeof err), JF_OK);
	jf_db_set_time(db, T0);
	assert_int_equal(jf_activity_load_defaults(db), JF_OK);
	assert_int_equal(jf_demo_populate(db, 1), JF_OK);
	jf_db_close(db);
}

static void copy_file(const char *from, const char *to)
{
	FILE *a = fopen(from, "rb"), *b = fopen(to, "wb");
	assert_non_null(a);
	assert_non_null(b);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, a)) > 0)
		assert_int_equal(fwrite(buf, 1, n, b), n);
	fclose(a);
	fclose(b);
}

/* Every trigger dropped, and NOT NULL taken off every table, so that any
 * edit can be made. */
static const char *const unguard =
	"PRAGMA writable_schema = ON;"
	"UPDATE sqlite_master SET sql = replace(replace(replace(replace(sql, 'IS NOT NULL', '@@'), 'NOT NULL', ''), '@@', 'IS NOT NULL'),"
	"  'CHECK (', 'CHECK (1 OR ')"
	"  WHERE type = 'table';"
	"PRAGMA writable_schema = OFF;";

static void drop_triggers(const char *path)
{
	sqlite3 *raw;
	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	sqlite3_stmt *st;
	char *names[256];
	int n = 0;
	assert_int_equal(sqlite3_prepare_v2(raw, "SELECT name FROM sqlite_master WHERE type = 'trigger'",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW && n < 256)
		names[n++] = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	for (int i = 0; i < n; i++) {
		char sql[300];
		snprintf(sql, sizeof sql, "DROP TRIGGER \"%s\"", names[i]);
		assert_int_equal(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
		free(names[i]);
	}
	sqlite3_close(raw);
}

static void test_nasty_files(void **state)
{
	test_env *e = *state;
	static const struct {
		const char *sql;
		const char *table; /* the table the audit must name, NULL = any */
	} cases[] = {
		{"UPDATE ledger SET resident_id = -5 WHERE id = 3", "ledger"},
		{"UPDATE ledger SET resident_id = 9223372036854775807 WHERE id = 3", "ledger"},
		{"UPDATE ledger SET receipt_id = -1 WHERE id = (SELECT min(id) FROM ledger"
		 " WHERE kind = 'redeem')", "ledger"},
		{"UPDATE ledger SET points = NULL, hash = NULL WHERE id = 7", "ledger"},
		{"UPDATE ledger SET kind = x'00ff', day = 42 WHERE id = 2", "ledger"},
		{"UPDATE residents SET id = 9223372036854775807 WHERE id = 1", NULL},
		{"UPDATE residents SET id = -9223372036854775808 WHERE id = 2", NULL},
		{"UPDATE residents SET name = NULL WHERE id = 3", "residents"},
		{"UPDATE residents SET phone = x'ff00fe' WHERE id = 4", "residents"},
		{"UPDATE operators SET pin_hash = 12.5 WHERE id = 1", "operators"},
		{"UPDATE meta SET value = NULL WHERE key = 'receipt_key'", "meta"},
		{"UPDATE meta SET key = NULL WHERE key = 'community_code'", "meta"},
		{"INSERT INTO meta(key, value) VALUES ('x', 'y')", "meta"},
		{"DELETE FROM changes WHERE id = (SELECT max(id) FROM changes)", NULL},
		{"UPDATE changes SET new = '{\"broken' WHERE id = 30", "changes"},
		{"UPDATE changes SET row_id = x'01', tbl = NULL WHERE id = 40", "changes"},
		{"UPDATE changes SET id = -id WHERE id = 50", "changes"},
		{"UPDATE changes SET hash = NULL", "changes"},
		{"DROP TABLE changes", NULL},
		{"DROP TABLE notices", NULL},
		{"INSERT INTO day_closes(day, time, operator_id, ledger_head)"
		 " VALUES ('2024-06-01', 1, 1, 'nowhere')", "day_closes"},
		{"UPDATE vouchers SET receipt_id = 999999, expires = NULL WHERE id = 1", "vouchers"},
		{"UPDATE receipt_lines SET item_id = -3, qty = 'many' WHERE receipt_id = 1",
		 "ledger"},
		{"UPDATE verifiers SET resident_id = id, active = 'yes'", "verifiers"},
		{"UPDATE items SET sponsor_id = id, monthly_limit = -1", "items"},
		{"DELETE FROM ledger WHERE id = (SELECT max(id) FROM ledger)", NULL},
		{"UPDATE stock_moves SET item_id = NULL WHERE id = 1", "stock_moves"},
		{"DELETE FROM receipts", NULL},
		/* the whole log emptied: the next open must not make a new baseline */
		{"DELETE FROM changes", NULL},
	};
	make_pristine(e->dir);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char path[400], err[512];
		snprintf(path, sizeof path, "%s/case.db", e->dir);
		unlink(path);
		copy_file(pristine, path);
		drop_triggers(path);
		if (raw_exec(path, unguard) != SQLITE_OK || raw_exec(path, cases[i].sql) != SQLITE_OK)
			fail_msg("case %zu: %s", i, cases[i].sql);
		jf_db *db;
		jf_status st = jf_db_open(path, &db, err, sizeof err);
		if (st != JF_OK)
			continue; /* refused at the door is fine too */
		jf_audit_report rep;
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		st = jf_audit(db, &rep);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (st != JF_TAMPERED)
			fail_msg("case %zu (%s): %s, not tampered", i, cases[i].sql, jf_status_name(st));
		if (cases[i].table && strcmp(rep.table, cases[i].table) != 0)
			fail_msg("case %zu (%s): names %s %s (%s), not %s", i, cases[i].sql,
			         rep.table, rep.key, rep.problem, cases[i].table);
		assert_true(rep.problem[0] != '\0');
		assert_true(memchr(rep.problem, '\0', sizeof rep.problem) != NULL);
		assert_true(t1.tv_sec - t0.tv_sec < 10);
		jf_db_close(db);
	}
}

/* A database from before the change log (its version one below, no log,
 * no triggers): opened, it is migrated, every row gets its baseline once,
 * and the audit passes; a change after that is recorded. */
/* The schema version of 008-audit (the seventh migration file): the old
 * database is one from before it.  What migrations after 008 create is
 * dropped too (each adds its objects to after_audit_drops), so that they
 * are applied again on top. */
static const int audit_version = 7;
static const char after_audit_drops[] = "";

static void test_old_database_migrated(void **state)
{
	test_env *e = *state;
	char sql[2000];
	make_pristine(e->dir);
	char path[400], err[512];
	snprintf(path, sizeof path, "%s/old.db", e->dir);
	copy_file(pristine, path);
	drop_triggers(path);
	snprintf(sql, sizeof sql,
	         "DROP TABLE changes; DROP TABLE notices;"
	         " CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger"
	         " BEGIN SELECT RAISE(ABORT, 'x'); END;"
	         "%s PRAGMA user_version = %d;",
	         after_audit_drops, audit_version - 1);
	assert_int_equal(raw_exec(path, sql), SQLITE_OK);
	jf_db *db;
	assert_int_equal(jf_db_open(path, &db, err, sizeof err), JF_OK);
	jf_audit_report rep;
	if (jf_audit(db, &rep) != JF_OK)
		fail_msg("%s", jf_db_error(db));
	assert_true(rep.changes > 100);
	jf_db_close(db);
	/* opened again: nothing new */
	assert_int_equal(jf_db_open(path, &db, err, sizeof err), JF_OK);
	jf_audit_report again;
	assert_int_equal(jf_audit(db, &again), JF_OK);
	assert_int_equal(again.changes, rep.changes);
	jf_db_close(db);
	assert_int_not_equal(raw_exec(path, "UPDATE items SET points = 99"), SQLITE_OK);
}

int main(void)
{
	test_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fresh_database_passes, test_env_setup,
		                                test_env_teardown),
		cmocka_unit_test_setup_teardown(test_shell_write_refused, test_env_setup,
		                                test_env_teardown),
		cmocka_unit_test_setup_teardown(test_change_recorded, test_env_setup,
		                                test_env_teardown),
		cmocka_unit_test_setup_teardown(test_field_named, test_env_setup, test_env_teardown),
		cmocka_unit_test_setup_teardown(test_self_awards, test_env_setup, test_env_teardown),
		cmocka_unit_test_setup_teardown(test_nasty_files, test_env_setup, test_env_teardown),
		cmocka_unit_test_setup_teardown(test_old_database_migrated, test_env_setup,
		                                test_env_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
