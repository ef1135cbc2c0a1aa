/* The database file: creation, refusal of foreign and newer files. */
#include "testlib.h"

#include <sqlite3.h>
#include <sys/stat.h>

static char dir[256];

static void path_in(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", dir, name);
}

static size_t read_all(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t n = fread(buf, 1, len, f);
	fclose(f);
	return n;
}

/* The community's name and code are checked like any name and code, and
 * refused (no file left) rather than cut. */
static void test_create_checks_name_and_code(void **state)
{
	(void)state;
	char path[300], err[512];
	struct stat sb;
	jf_db *db = NULL;
	path_in(path, sizeof path, "community.db");
	static const struct {
		const char *name, *code;
		jf_status want;
	} bad[] = {
	    {"府西\x1b[2J社区", "FX", JF_BAD_UTF8},
	    {"府西\n社区", "FX", JF_BAD_UTF8},
	    {"府西\xFF", "FX", JF_BAD_UTF8},
	    {"府西社区府西社区府西社区府西社区府西社区府西社区府西社区府西社区府", "FX", JF_TOO_LONG},
	    {"府西社区", "F.X", JF_INVALID},
	    {"府西社区", "F X", JF_INVALID},
	    {"府西社区", "府西", JF_INVALID},
	    {"府西社区", "F\x1bX", JF_INVALID},
	    {"府西社区", "F%41", JF_INVALID},
	    {"府西社区", "ABCDEFGHIJKLMNOPQ", JF_TOO_LONG},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(jf_db_create(path, bad[i].name, bad[i].code, &db, err, sizeof err),
		                 bad[i].want);
		assert_null(db);
		assert_true(err[0] != '\0');
		assert_int_not_equal(stat(path, &sb), 0);
		assert_int_equal(jf_community_valid(bad[i].name, bad[i].code, err, sizeof err),
		                 bad[i].want);
	}
	/* the longest code, every kind of character in it; and none at all */
	assert_int_equal(jf_db_create(path, "府西社区", "Az09-_Az09-_Az09", &db, err, sizeof err),
	                 JF_OK);
	char code[64];
	assert_int_equal(jf_db_meta(db, "community_code", code, sizeof code), JF_OK);
	assert_string_equal(code, "Az09-_Az09-_Az09");
	jf_db_close(db);
	assert_int_equal(jf_community_valid("", "", err, sizeof err), JF_OK);
}

static void test_create_is_private_and_wal(void **state)
{
	(void)state;
	char path[300], err[512];
	jf_db *db = NULL;
	path_in(path, sizeof path, "new.db");
	assert_int_equal(jf_db_create(path, "府西社区", "FX", &db, err, sizeof err), JF_OK);
	char name[64];
	assert_int_equal(jf_db_meta(db, "community_name", name, sizeof name), JF_OK);
	assert_string_equal(name, "府西社区");
	jf_db_close(db);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);

	sqlite3 *raw;
	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(raw, "PRAGMA journal_mode", -1, &st, NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	sqlite3_prepare_v2(raw, "PRAGMA user_version", -1, &st, NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), jf_db_schema_version());
	sqlite3_finalize(st);
	sqlite3_close(raw);

	/* a second create never overwrites */
	assert_int_equal(jf_db_create(path, "x", "X", &db, err, sizeof err), JF_EXISTS);
	assert_null(db);
	assert_non_null(strstr(err, path));
	assert_int_equal(jf_db_open(path, &db, err, sizeof err), JF_OK);
	assert_int_equal(jf_db_meta(db, "community_name", name, sizeof name), JF_OK);
	assert_string_equal(name, "府西社区");
	jf_db_close(db);
}

static void test_refuses_text_file_untouched(void **state)
{
	(void)state;
	char path[300], err[512], before[256], after[256];
	path_in(path, sizeof path, "notes.txt");
	FILE *f = fopen(path, "w");
	fputs("这不是数据库，只是一份笔记。\n", f);
	fclose(f);
	size_t n1 = read_all(path, before, sizeof before);
	jf_db *db = NULL;
	assert_int_equal(jf_db_open(path, &db, err, sizeof err), JF_DB_NOT_JIFEN);
	assert_null(db);
	assert_non_null(strstr(err, "不是 jifen 数据库"));
	size_t n2 = read_all(path, after, sizeof after);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);
}

static void test_refuses_other_sqlite_and_newer(void **state)
{
	(void)state;
	char path[300], err[512];
	jf_db *db = NULL;
	sqlite3 *raw;
	path_in(path, sizeof path, "other.db");
	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, "CREATE TABLE t(x); INSERT INTO t VALUES (42);", NULL,
	                              NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(raw);
	assert_int_equal(jf_db_open(path, &db, err, sizeof err), JF_DB_NOT_JIFEN);
	/* still the other program's file: its table and no jifen tables */
	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(raw, "SELECT count(*) FROM sqlite_master", -1, &st, NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	sqlite3_finalize(st);
	sqlite3_close(raw);

	/* a jifen file from the future */
	path_in(path, sizeof path, "future.db");
	assert_int_equal(jf_db_create(path, "府西社区", "FX", &db, err, sizeof err), JF_OK);
	jf_db_close(db);
	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", jf_db_schema_version() + 1);
	assert_int_equal(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
	assert_int_equal(jf_db_open(path, &db, err, sizeof err), JF_DB_TOO_NEW);
	assert_null(db);
	assert_non_null(strstr(err, "升级"));
}

static void test_missing_file(void **state)
{
	(void)state;
	char path[300], err[512];
	jf_db *db = NULL;
	path_in(path, sizeof path, "nothing-here.db");
	assert_int_equal(jf_db_open(path, &db, err, sizeof err), JF_DB_MISSING);
	assert_int_equal(access(path, F_OK), -1);
}

static void test_days(void **state)
{
	(void)state;
	assert_true(jf_day_valid("2026-02-28"));
	assert_false(jf_day_valid("2026-02-29"));
	assert_true(jf_day_valid("2028-02-29"));
	assert_false(jf_day_valid("2026-13-01"));
	assert_false(jf_day_valid("2026-1-01"));
	assert_false(jf_day_valid("2026-01-01x"));
	assert_false(jf_day_valid(""));
	/* a time past year 9999 (from a fuzzed receipt) still gives ten
	 * characters and a terminated string */
	char day[11];
	jf_day_of(INT64_C(400000000000), day);
	assert_string_equal(day, "0000-00-00");
	jf_day_of(INT64_C(1781085600), day);
	assert_int_equal(strlen(day), 10);
	assert_true(jf_day_valid(day));
}

int main(void)
{
	test_init();
	snprintf(dir, sizeof dir, "/tmp/jifen-dbtest-XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_is_private_and_wal),
		cmocka_unit_test(test_create_checks_name_and_code),
		cmocka_unit_test(test_refuses_text_file_untouched),
		cmocka_unit_test(test_refuses_other_sqlite_and_newer),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_days),
	};
	int rc = cmocka_run_group_tests_name("db", tests, NULL, NULL);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 1;
	return rc;
}
