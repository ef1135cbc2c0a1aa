/* The clock: a real database takes only the computer's clock; no entry is
 * dated before the latest one; a clock far ahead needs a confirm; a
 * correction lets a database go on after a clock that ran ahead. */
#include "testlib.h"

#include <sqlite3.h>
#include <time.h>

#include "jifen/catalog.h"
#include "jifen/clock.h"
#include "jifen/dayclose.h"
#include "jifen/demo.h"
#include "jifen/ledger.h"

#define T0 1718445600 /* 2024-06-15 10:00 UTC */
#define DAY 86400

/* A real database (jf_db_create), with its admin. */
typedef struct {
	char dir[256], path[300];
	jf_db *db;
	jf_op *admin;
} real_env;

static int real_setup(void **state)
{
	real_env *e = calloc(1, sizeof *e);
	snprintf(e->dir, sizeof e->dir, "/tmp/jifen-clock-XXXXXX");
	if (!mkdtemp(e->dir))
		return -1;
	snprintf(e->path, sizeof e->path, "%s/real.db", e->dir);
	char err[512];
	if (jf_db_create(e->path, "府西社区", "FX", &e->db, err, sizeof err) != JF_OK ||
	    jf_operator_bootstrap(e->db, "admin", "管理员", "2468") != JF_OK ||
	    jf_login(e->db, "admin", "2468", &e->admin) != JF_OK)
		return -1;
	*state = e;
	return 0;
}

static int real_teardown(void **state)
{
	real_env *e = *state;
	jf_op_free(e->admin);
	jf_db_close(e->db);
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", e->dir);
	if (system(cmd) != 0)
		return -1;
	free(e);
	return 0;
}

static void sql_exec(const char *path, const char *q)
{
	sqlite3 *s;
	assert_int_equal(sqlite3_open(path, &s), SQLITE_OK);
	assert_int_equal(sqlite3_exec(s, q, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(s);
}

/* A real database refuses a set clock, before and after it is reopened:
 * nothing can backdate an entry, redo a month, close 2099 or move the PIN
 * lockout's clock. */
static void test_real_database_takes_no_set_clock(void **state)
{
	real_env *e = *state;
	assert_int_equal(jf_db_is_test(e->db), 0);
	assert_int_equal(jf_db_set_time(e->db, T0), JF_DENIED);
	assert_non_null(strstr(jf_db_error(e->db), "正式数据库"));
	int64_t now = (int64_t)time(NULL);
	assert_true(jf_db_now(e->db) >= now && jf_db_now(e->db) <= now + 5);
	assert_int_equal(jf_db_set_time(e->db, 0), JF_OK);
	jf_db_close(e->db);
	char err[256];
	assert_int_equal(jf_db_open(e->path, &e->db, err, sizeof err), JF_OK);
	assert_int_equal(jf_db_is_test(e->db), 0);
	assert_int_equal(jf_db_set_time(e->db, 4102444800LL), JF_DENIED);
	assert_true(jf_db_now(e->db) < 4102444800LL);
	/* the demo, which sets the clock, is refused too */
	assert_int_equal(jf_demo_populate(e->db, 1), JF_DENIED);
	/* and the day close dated now works */
	assert_int_equal(jf_day_close(e->db, e->admin, NULL, NULL), JF_OK);
	jf_clock_info s;
	assert_int_equal(jf_clock_status(e->db, &s), JF_OK);
	assert_int_equal(s.test, 0);
	assert_int_equal(s.behind, 0);
	assert_int_equal(s.ahead, 0);
}

/* The real clock behind the database's creation (the file came from a
 * computer whose clock ran ahead): refused, saying so; an administrator's
 * correction lets it go on, recorded. */
static void test_real_clock_behind_creation(void **state)
{
	real_env *e = *state;
	char q[128];
	snprintf(q, sizeof q, "DROP TRIGGER jfa_meta_u; UPDATE meta SET value = '%lld' WHERE key = 'created'",
	         (long long)time(NULL) + 3 * DAY);
	sql_exec(e->path, q);
	assert_int_equal(jf_day_close(e->db, e->admin, NULL, NULL), JF_CLOCK);
	assert_non_null(strstr(jf_db_error(e->db), "早于数据库建立的时间"));
	assert_int_equal(jf_clock_correct(e->db, e->admin, "电脑换了主板"), JF_OK);
	assert_int_equal(jf_day_close(e->db, e->admin, NULL, NULL), JF_OK);
}

static void test_test_database(void **state)
{
	test_env *e = *state;
	assert_int_equal(jf_db_is_test(e->db), 1);
	assert_string_equal(jf_clock_mark(e->db), "演示/测试数据库");
	assert_int_equal(jf_db_set_time(e->db, T0), JF_OK);
	assert_int_equal(jf_db_now(e->db), T0);
	char v[16];
	assert_int_equal(jf_db_meta(e->db, "clock", v, sizeof v), JF_OK);
	assert_string_equal(v, "test");
	jf_db_close(e->db);
	char err[256];
	assert_int_equal(jf_db_open(e->path, &e->db, err, sizeof err), JF_OK);
	assert_int_equal(jf_db_is_test(e->db), 1);
	jf_op_free(e->admin);
	assert_int_equal(jf_login(e->db, "admin", "2468", &e->admin), JF_OK);
}

static int64_t tissue(test_env *e)
{
	jf_item it;
	int64_t id = 0;
	memset(&it, 0, sizeof it);
	snprintf(it.code, sizeof it.code, "ZJ");
	snprintf(it.name, sizeof it.name, "纸巾");
	snprintf(it.unit, sizeof it.unit, "包");
	it.kind = JF_ITEM_GOODS;
	it.points = 2;
	it.valid_days = 30;
	assert_int_equal(jf_item_add(e->db, e->admin, &it, &id), JF_OK);
	return id;
}

/* No entry before the latest one: a clock set back is refused with both
 * times; the same second is fine. */
static void test_never_before_latest(void **state)
{
	test_env *e = *state;
	jf_db_set_time(e->db, T0);
	int64_t zj = tissue(e);
	assert_int_equal(jf_stock_in(e->db, e->admin, zj, 5, 0, NULL), JF_OK);
	assert_int_equal(jf_stock_in(e->db, e->admin, zj, 5, 0, NULL), JF_OK);
	jf_db_set_time(e->db, T0 - 60);
	assert_int_equal(jf_stock_in(e->db, e->admin, zj, 5, 0, NULL), JF_CLOCK);
	assert_non_null(strstr(jf_db_error(e->db), "时钟 2024-06-15 09:59 早于最近一笔记录 "
	                                           "2024-06-15 10:00"));
	assert_non_null(strstr(jf_db_error(e->db), "jifen clock correct"));
	assert_int_equal(jf_day_close(e->db, e->admin, NULL, NULL), JF_CLOCK);
	jf_clock_info s;
	assert_int_equal(jf_clock_status(e->db, &s), JF_OK);
	assert_int_equal(s.behind, 1);
	assert_int_equal(s.latest, T0);
	/* a correction needs an administrator and a reason */
	jf_op *staff;
	assert_int_equal(jf_operator_add(e->db, e->admin, "staff", "杨阿强", JF_ROLE_STAFF, "2468",
	                                 0),
	                 JF_OK);
	assert_int_equal(jf_login(e->db, "staff", "2468", &staff), JF_OK);
	assert_int_equal(jf_clock_correct(e->db, staff, "时钟错了"), JF_DENIED);
	jf_op_free(staff);
	assert_int_equal(jf_clock_correct(e->db, e->admin, ""), JF_INVALID);
	assert_int_equal(jf_clock_confirm(e->db, e->admin, "不需要"), JF_INVALID);
}

/* Entries dated ten days ahead by a wrong clock; the clock set right:
 * refused until a correction, which is then the floor, and recorded. */
static void test_correction(void **state)
{
	test_env *e = *state;
	jf_db_set_time(e->db, T0 + 10 * DAY);
	int64_t zj = tissue(e);
	assert_int_equal(jf_stock_in(e->db, e->admin, zj, 5, 0, NULL), JF_OK);
	assert_int_equal(jf_day_close(e->db, e->admin, NULL, "时钟快了十天"), JF_OK);
	jf_db_set_time(e->db, T0);
	assert_int_equal(jf_stock_in(e->db, e->admin, zj, 5, 0, NULL), JF_CLOCK);
	assert_int_equal(jf_clock_correct(e->db, e->admin, "BIOS 时钟快了十天"), JF_OK);
	assert_int_equal(jf_clock_correct(e->db, e->admin, "再来一次"), JF_INVALID);
	/* the day closed by the wrong clock still keeps entries out, and says how
	 * to reopen it */
	assert_int_equal(jf_stock_in(e->db, e->admin, zj, 5, 0, NULL), JF_DAY_CLOSED);
	assert_non_null(strstr(jf_db_error(e->db), "jifen day reopen 2024-06-25"));
	assert_int_equal(jf_day_reopen(e->db, e->admin, "2024-06-25", "时钟快了，误日结"), JF_OK);
	assert_int_equal(jf_stock_in(e->db, e->admin, zj, 5, 0, NULL), JF_OK);
	/* the floor is now the correction's time */
	jf_db_set_time(e->db, T0 - 1);
	assert_int_equal(jf_stock_in(e->db, e->admin, zj, 5, 0, NULL), JF_CLOCK);
	jf_db_set_time(e->db, T0 + 60);
	assert_int_equal(jf_stock_in(e->db, e->admin, zj, 5, 0, NULL), JF_OK);
	jf_clock_event *ev;
	size_t n;
	assert_int_equal(jf_clock_events(e->db, NULL, &ev, &n), JF_OK);
	assert_int_equal(n, 1);
	assert_string_equal(ev[0].kind, "correct");
	assert_string_equal(ev[0].day, "2024-06-15");
	assert_int_equal(ev[0].time, T0);
	assert_int_equal(ev[0].latest, T0 + 10 * DAY);
	assert_string_equal(ev[0].reason, "BIOS 时钟快了十天");
	assert_string_equal(ev[0].operator_name, "管理员");
	free(ev);
	/* the day report of the correction's day shows it */
	jf_day_report *r;
	assert_int_equal(jf_day_report_load(e->db, "2024-06-15", &r), JF_OK);
	assert_int_equal(r->n_event, 1);
	assert_string_equal(r->events[0].kind, "correct");
	jf_day_report_free(r);
	jf_audit_report rep;
	assert_int_equal(jf_audit(e->db, &rep), JF_OK);
}

/* The computer's clock far ahead of the latest entry: refused until an
 * administrator confirms it. */
static void test_far_ahead_needs_confirm(void **state)
{
	test_env *e = *state;
	jf_db_set_time(e->db, T0);
	int64_t zj = tissue(e);
	assert_int_equal(jf_stock_in(e->db, e->admin, zj, 5, 0, NULL), JF_OK);
	/* a set clock on a test database may jump (a test of next month) */
	jf_db_set_time(e->db, T0 + 40 * DAY);
	assert_int_equal(jf_stock_in(e->db, e->admin, zj, 5, 0, NULL), JF_OK);
	/* the computer's clock, years after 2024: refused */
	jf_db_set_time(e->db, 0);
	assert_int_equal(jf_stock_in(e->db, e->admin, zj, 5, 0, NULL), JF_CLOCK);
	assert_non_null(strstr(jf_db_error(e->db), "比最近一笔记录 2024-07-25 10:00 晚了"));
	assert_non_null(strstr(jf_db_error(e->db), "jifen clock confirm"));
	jf_clock_info s;
	assert_int_equal(jf_clock_status(e->db, &s), JF_OK);
	assert_int_equal(s.ahead, 1);
	assert_int_equal(jf_clock_correct(e->db, e->admin, "不是慢了"), JF_INVALID);
	assert_int_equal(jf_clock_confirm(e->db, e->admin, "停业两年后重开"), JF_OK);
	assert_int_equal(jf_stock_in(e->db, e->admin, zj, 5, 0, NULL), JF_OK);
	assert_int_equal(jf_clock_confirm(e->db, e->admin, "再来一次"), JF_INVALID);
	jf_clock_event *ev;
	size_t n;
	assert_int_equal(jf_clock_events(e->db, NULL, &ev, &n), JF_OK);
	assert_int_equal(n, 1);
	assert_string_equal(ev[0].kind, "confirm");
	assert_int_equal(ev[0].latest, T0 + 40 * DAY);
	free(ev);
}

/* The steps are append-only. */
static void test_events_append_only(void **state)
{
	test_env *e = *state;
	jf_db_set_time(e->db, T0 + DAY);
	assert_int_equal(jf_day_close(e->db, e->admin, NULL, NULL), JF_OK);
	jf_db_set_time(e->db, T0);
	assert_int_equal(jf_clock_correct(e->db, e->admin, "时钟快了"), JF_OK);
	sqlite3 *s;
	assert_int_equal(sqlite3_open(e->path, &s), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(s, "DELETE FROM clock_events", NULL, NULL, NULL),
	                     SQLITE_OK);
	assert_int_not_equal(
	    sqlite3_exec(s, "UPDATE clock_events SET reason = 'x'", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(s);
}

int main(void)
{
	jf_i18n_init("zh_CN");
	setenv("TZ", "UTC", 1);
	tzset();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_real_database_takes_no_set_clock, real_setup,
		                                real_teardown),
		cmocka_unit_test_setup_teardown(test_real_clock_behind_creation, real_setup,
		                                real_teardown),
		cmocka_unit_test_setup_teardown(test_test_database, test_env_setup, test_env_teardown),
		cmocka_unit_test_setup_teardown(test_never_before_latest, test_env_setup,
		                                test_env_teardown),
		cmocka_unit_test_setup_teardown(test_correction, test_env_setup, test_env_teardown),
		cmocka_unit_test_setup_teardown(test_far_ahead_needs_confirm, test_env_setup,
		                                test_env_teardown),
		cmocka_unit_test_setup_teardown(test_events_append_only, test_env_setup,
		                                test_env_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
