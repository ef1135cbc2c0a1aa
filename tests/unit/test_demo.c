/* The demo database of `jifen init --demo`: the article's people and their
 * history, a catalog of every kind, balances that add up. */
#include "testlib.h"

#include <sqlite3.h>
#include <time.h>

#include "jifen/catalog.h"
#include "jifen/demo.h"
#include "jifen/ledger.h"
#include "jifen/resident.h"

typedef struct {
	char dir[256];
	char path[300];
	jf_db *db;
} demo_db;

typedef struct {
	demo_db main, same, other;
	int64_t t;       /* the clock of main and same: 2026-11-20 12:00 */
	int64_t t_other; /* 2026-03-01 12:00, before this year's 7 July */
} fixture;

static int64_t local_time(int y, int m, int d, int hh)
{
	struct tm tm = {0};
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = hh;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

static int make_demo(demo_db *d, unsigned seed, int64_t t)
{
	char err[512];
	snprintf(d->dir, sizeof d->dir, "/tmp/jifen-demo-XXXXXX");
	if (!mkdtemp(d->dir))
		return -1;
	snprintf(d->path, sizeof d->path, "%s/demo.db", d->dir);
	if (jf_db_create_test(d->path, "府西社区", "FX", 0, &d->db, err, sizeof err) != JF_OK) {
		fprintf(stderr, "create: %s\n", err);
		return -1;
	}
	jf_db_set_time(d->db, t);
	if (jf_activity_load_defaults(d->db) != JF_OK || jf_demo_populate(d->db, seed) != JF_OK) {
		fprintf(stderr, "demo: %s\n", jf_db_error(d->db));
		return -1;
	}
	return 0;
}

static void drop_demo(demo_db *d)
{
	char cmd[400];
	jf_db_close(d->db);
	if (d->dir[0]) {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", d->dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", d->dir);
	}
}

static int group_setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	*state = f;
	f->t = local_time(2026, 11, 20, 12);
	f->t_other = local_time(2026, 3, 1, 12);
	if (make_demo(&f->main, 7, f->t) != 0 || make_demo(&f->same, 7, f->t) != 0 ||
	    make_demo(&f->other, 8, f->t_other) != 0)
		return -1;
	return 0;
}

static int group_teardown(void **state)
{
	fixture *f = *state;
	drop_demo(&f->main);
	drop_demo(&f->same);
	drop_demo(&f->other);
	free(f);
	return 0;
}

/* One integer from a query on the file, read apart from the core. */
static int64_t sql_int(const demo_db *d, const char *sql)
{
	sqlite3 *raw;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open_v2(d->path, &raw, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	if (sqlite3_prepare_v2(raw, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(raw));
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(raw);
	return n;
}

/* All rows of a query as one text, to compare two databases. */
static char *sql_dump(const demo_db *d, const char *sql)
{
	sqlite3 *raw;
	sqlite3_stmt *st;
	size_t len = 0, cap = 1 << 16;
	char *out = malloc(cap);
	assert_non_null(out);
	out[0] = '\0';
	assert_int_equal(sqlite3_open_v2(d->path, &raw, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(raw, sql, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const char *v = (const char *)sqlite3_column_text(st, i);
			size_t n = strlen(v ? v : "") + 2;
			if (len + n + 1 > cap) {
				cap = (len + n + 1) * 2;
				out = realloc(out, cap);
				assert_non_null(out);
			}
			len += (size_t)snprintf(out + len, cap - len, "%s%c", v ? v : "",
			                        i + 1 < sqlite3_column_count(st) ? '|' : '\n');
		}
	}
	sqlite3_finalize(st);
	sqlite3_close(raw);
	return out;
}

static void test_ding_meiying(void **state)
{
	fixture *f = *state;
	jf_db *db = f->main.db;
	jf_resident r;
	assert_int_equal(jf_resident_resolve(db, "丁美英", &r), JF_OK);
	assert_string_equal(r.compound, "开发楼家属楼");
	jf_resident by_initials;
	assert_int_equal(jf_resident_resolve(db, "dmy", &by_initials), JF_OK);
	assert_int_equal(by_initials.id, r.id);

	jf_entry *pb;
	size_t n;
	assert_int_equal(jf_passbook(db, r.id, &pb, &n), JF_OK);
	assert_int_equal(n, 4);
	static const struct {
		const char *deed, *what;
		int64_t points;
	} awards[] = {
		{"2026-05-10", "为高龄老人打扫卫生整理家务", 3},
		{"2026-06-07", "化解邻里矛盾", 3},
		{"2026-07-01", "为居民义务理发", 2},
	};
	for (size_t i = 0; i < 3; i++) {
		assert_string_equal(pb[i].kind, "award");
		assert_int_equal(pb[i].points, awards[i].points);
		assert_string_equal(pb[i].deed_date, awards[i].deed);
		assert_non_null(strstr(pb[i].what, awards[i].what));
		assert_string_equal(pb[i].verifier_name, "原冬梅");
	}
	assert_int_equal(pb[2].balance_after, 8);
	assert_string_equal(pb[3].kind, "redeem");
	assert_string_equal(pb[3].day, "2026-07-07");
	assert_non_null(strstr(pb[3].what, "纸巾"));
	/* 8 points earned, 2 packs of tissues at 2 and a bar of soap at 2 */
	assert_int_equal(pb[3].points, -6);
	assert_int_equal(pb[3].balance_after, 2);
	assert_int_equal(r.balance, 2);
	free(pb);

	/* in a database made before 7 July, her story is last year's */
	assert_int_equal(jf_resident_resolve(f->other.db, "丁美英", &r), JF_OK);
	assert_int_equal(jf_passbook(f->other.db, r.id, &pb, &n), JF_OK);
	assert_int_equal(n, 4);
	assert_string_equal(pb[0].deed_date, "2025-05-10");
	assert_string_equal(pb[3].day, "2025-07-07");
	free(pb);
}

static void test_balances_add_up(void **state)
{
	fixture *f = *state;
	jf_audit_report rep;
	assert_int_equal(jf_audit(f->main.db, &rep), JF_OK);
	assert_true(rep.entries > 500);
	assert_true(rep.receipts > 50);
	assert_int_equal(jf_audit(f->other.db, &rep), JF_OK);
	/* and counted apart from the core */
	assert_int_equal(sql_int(&f->main, "SELECT count(*) FROM residents r WHERE balance <> "
	                                   "(SELECT COALESCE(SUM(points), 0) FROM ledger l "
	                                   "WHERE l.resident_id = r.id)"),
	                 0);
	assert_int_equal(sql_int(&f->main, "SELECT count(*) FROM items i WHERE stock <> "
	                                   "(SELECT COALESCE(SUM(qty), 0) FROM stock_moves m "
	                                   "WHERE m.item_id = i.id)"),
	                 0);
	assert_true(sql_int(&f->main, "SELECT SUM(balance) FROM residents") > 0);
	/* nobody confirmed their own deed */
	assert_int_equal(sql_int(&f->main, "SELECT count(*) FROM ledger l JOIN verifiers v ON "
	                                   "v.id = l.verifier_id WHERE v.resident_id = l.resident_id"),
	                 0);
}

static void test_catalog_of_every_kind(void **state)
{
	fixture *f = *state;
	jf_item *v;
	size_t n;
	assert_int_equal(jf_item_list(f->main.db, 0, &v, &n), JF_OK);
	int kinds[JF_ITEM_KIND_COUNT + 1] = {0}, sponsors[4] = {0}, limited = 0;
	for (size_t i = 0; i < n; i++) {
		assert_true(v[i].kind >= 1 && v[i].kind <= JF_ITEM_KIND_COUNT);
		kinds[v[i].kind]++;
		if (v[i].sponsor_id)
			sponsors[v[i].sponsor_kind]++;
		limited += v[i].monthly_limit > 0;
	}
	free(v);
	for (int k = 1; k <= JF_ITEM_KIND_COUNT; k++)
		assert_true(kinds[k] > 0);
	assert_true(sponsors[JF_SPONSOR_ENTERPRISE] > 0);
	assert_true(sponsors[JF_SPONSOR_UNIT] > 0);
	assert_true(sponsors[JF_SPONSOR_MERCHANT] > 0);
	assert_true(limited >= 3);

	jf_item it;
	assert_int_equal(jf_item_resolve(f->main.db, "zj", &it), JF_OK);
	assert_string_equal(it.name, "纸巾");
	assert_int_equal(it.points, 2);
	assert_int_equal(it.monthly_limit, 0);
	assert_int_equal(it.kind, JF_ITEM_GOODS);
	assert_true(it.stock >= 100);

	jf_activity *a;
	assert_int_equal(jf_activity_list(f->main.db, 0, &a, &n), JF_OK);
	assert_int_equal(n, 48);
	int per[JF_CATEGORY_COUNT] = {0};
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < JF_CATEGORY_COUNT; k++)
			per[k] += strcmp(a[i].category, jf_categories[k]) == 0;
	free(a);
	for (int k = 0; k < JF_CATEGORY_COUNT; k++)
		assert_true(per[k] > 0);
}

static void test_people(void **state)
{
	fixture *f = *state;
	jf_db *db = f->main.db;
	int64_t all = 0, active = 0;
	assert_int_equal(jf_resident_count(db, 0, &all), JF_OK);
	assert_int_equal(jf_resident_count(db, 1, &active), JF_OK);
	assert_true(all >= 200);
	assert_int_equal(all - active, 4);
	assert_true(sql_int(&f->main, "SELECT count(*) FROM residents WHERE party = 1") >= 10);
	assert_int_equal(sql_int(&f->main, "SELECT count(*) FROM residents WHERE length(phone) <> 11 "
	                                   "OR phone GLOB '*[^0-9]*'"),
	                 0);
	assert_int_equal(sql_int(&f->main, "SELECT count(*) - count(DISTINCT phone) FROM residents"),
	                 0);
	assert_int_equal(sql_int(&f->main, "SELECT count(*) FROM residents WHERE card NOT GLOB "
	                                   "'FX[0-9][0-9][0-9][0-9][0-9][0-9]'"),
	                 0);
	/* the polyphonic surnames are among the names */
	assert_true(sql_int(&f->main, "SELECT count(*) FROM residents WHERE substr(name, 1, 1) "
	                              "IN ('曾', '单', '解', '仇', '查', '覃')") > 0);

	static const struct {
		const char *name, *compound;
		int party;
	} named[] = {
		{"杨效文", "世纪楼家属楼", 0}, {"丁建玺", "安康小区", 0}, {"张常有", NULL, 1},
		{"薛志安", NULL, -1},          {"房德英", NULL, -1},      {"陈秀兰", "公安小区", -1},
	};
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
		jf_resident r;
		if (jf_resident_resolve(db, named[i].name, &r) != JF_OK)
			fail_msg("%s: %s", named[i].name, jf_db_error(db));
		assert_string_equal(r.name, named[i].name);
		if (named[i].compound)
			assert_string_equal(r.compound, named[i].compound);
		if (named[i].party >= 0)
			assert_int_equal(r.party, named[i].party);
		/* and a history of their own */
		jf_entry *pb;
		size_t n;
		assert_int_equal(jf_passbook(db, r.id, &pb, &n), JF_OK);
		assert_true(n >= 3);
		assert_string_equal(pb[0].kind, "award");
		free(pb);
	}

	jf_verifier v;
	assert_int_equal(jf_verifier_resolve(db, "原冬梅", &v), JF_OK);
	assert_int_equal(v.role, JF_VERIFIER_GRID);
	assert_true(sql_int(&f->main, "SELECT count(*) FROM verifiers WHERE role = 'leader' AND "
	                              "resident_id IS NOT NULL") >= 4);

	static const struct {
		const char *login, *name;
		jf_role role;
	} ops[] = {
		{"admin", "薛亚云", JF_ROLE_ADMIN},
		{"staff", "杨阿强", JF_ROLE_STAFF},
		{"counter", NULL, JF_ROLE_VOLUNTEER},
	};
	for (size_t i = 0; i < 3; i++) {
		jf_op *op = NULL;
		assert_int_equal(jf_login(db, ops[i].login, "2468", &op), JF_OK);
		assert_int_equal(jf_op_role(op), ops[i].role);
		if (ops[i].name)
			assert_string_equal(jf_op_name(op), ops[i].name);
		jf_op_free(op);
	}
}

static void test_history(void **state)
{
	fixture *f = *state;
	const demo_db *d = &f->main;
	/* 36 clean-ups, with many residents each */
	assert_int_equal(sql_int(d, "SELECT count(DISTINCT l.deed_date) FROM ledger l JOIN "
	                            "activities a ON a.id = l.activity_id WHERE a.code = 'C01'"),
	                 36);
	assert_true(sql_int(d, "SELECT count(*) FROM ledger l JOIN activities a ON "
	                       "a.id = l.activity_id WHERE a.code = 'C01'") >= 300);
	assert_true(sql_int(d, "SELECT count(*) FROM ledger l JOIN activities a ON a.id = "
	                       "l.activity_id WHERE a.category = '志愿服务'") >= 30);
	/* the duties the article tells of */
	assert_true(sql_int(d, "SELECT count(*) FROM ledger l JOIN activities a ON a.id = "
	                       "l.activity_id JOIN residents r ON r.id = l.resident_id "
	                       "WHERE r.name = '杨效文' AND a.code = 'G01'") >= 3);
	assert_true(sql_int(d, "SELECT count(DISTINCT a.code) FROM ledger l JOIN activities a ON "
	                       "a.id = l.activity_id JOIN residents r ON r.id = l.resident_id "
	                       "WHERE r.name = '张常有' AND a.code IN ('G02', 'G03')") == 2);
	/* redemptions: some 200 things, housekeeping among them, two voided */
	assert_true(sql_int(d, "SELECT SUM(qty) FROM receipt_lines") >= 150);
	assert_true(sql_int(d, "SELECT count(*) FROM receipt_lines rl JOIN items i ON "
	                       "i.id = rl.item_id WHERE i.kind = 'housekeeping'") >= 3);
	assert_true(sql_int(d, "SELECT count(DISTINCT i.kind) FROM receipt_lines rl JOIN items i "
	                       "ON i.id = rl.item_id") == 5);
	assert_int_equal(sql_int(d, "SELECT count(*) FROM ledger WHERE kind = 'void'"), 2);
	assert_true(sql_int(d, "SELECT count(*) FROM stock_moves WHERE kind = 'in'") >= 10);
	/* everything in the past, in time order; the history spans four months */
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM ledger WHERE time > %lld", (long long)f->t);
	assert_int_equal(sql_int(d, sql), 0);
	assert_int_equal(sql_int(d, "SELECT count(*) FROM ledger a JOIN ledger b ON b.id = a.id + 1 "
	                            "WHERE b.time < a.time"),
	                 0);
	assert_int_equal(sql_int(d, "SELECT count(*) FROM ledger WHERE deed_date > day"), 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM ledger WHERE time >= %lld",
	         (long long)(f->t - 30 * 86400));
	assert_true(sql_int(d, sql) > 50);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM ledger WHERE time < %lld",
	         (long long)(f->t - 125 * 86400));
	assert_int_equal(sql_int(d, sql), 4); /* 丁美英's story, in May to July */
	/* moved-out residents did nothing after they moved */
	snprintf(sql, sizeof sql, "SELECT count(*) FROM ledger l JOIN residents r ON "
	         "r.id = l.resident_id WHERE r.active = 0 AND l.time > %lld",
	         (long long)(f->t - 30 * 86400));
	assert_int_equal(sql_int(d, sql), 0);
	/* the clock is as it was */
	assert_int_equal(jf_db_now(d->db), f->t);
}

static void test_same_seed_same_demo(void **state)
{
	fixture *f = *state;
	static const char *const people = "SELECT name, compound, building, unit, room, phone, "
	                                  "card, party, active, balance FROM residents ORDER BY id";
	static const char *const ledger = "SELECT l.time, l.kind, r.card, l.points, l.deed_date, "
	                                  "COALESCE(a.code, ''), l.note FROM ledger l JOIN "
	                                  "residents r ON r.id = l.resident_id LEFT JOIN "
	                                  "activities a ON a.id = l.activity_id ORDER BY l.id";
	char *a = sql_dump(&f->main, people), *b = sql_dump(&f->same, people);
	char *c = sql_dump(&f->other, people);
	assert_true(strlen(a) > 1000);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	free(a);
	free(b);
	free(c);
	a = sql_dump(&f->main, ledger);
	b = sql_dump(&f->same, ledger);
	assert_string_equal(a, b);
	free(a);
	free(b);
}

static void test_demo_needs_new_database(void **state)
{
	fixture *f = *state;
	/* operators exist already: refused, and nothing more is written */
	int64_t before = sql_int(&f->main, "SELECT count(*) FROM residents");
	assert_int_not_equal(jf_demo_populate(f->main.db, 7), JF_OK);
	assert_int_equal(sql_int(&f->main, "SELECT count(*) FROM residents"), before);
	assert_int_equal(jf_db_now(f->main.db), f->t);
}

int main(void)
{
	test_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ding_meiying),
		cmocka_unit_test(test_balances_add_up),
		cmocka_unit_test(test_catalog_of_every_kind),
		cmocka_unit_test(test_people),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_same_seed_same_demo),
		cmocka_unit_test(test_demo_needs_new_database),
	};
	return cmocka_run_group_tests_name("demo", tests, group_setup, group_teardown);
}
