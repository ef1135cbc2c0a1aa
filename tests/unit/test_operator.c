/* Operators: PINs, lockout, roles. */
#include "testlib.h"

#include <time.h>

static void test_login_and_wrong_pin(void **state)
{
	test_env *e = *state;
	jf_op *op = NULL;
	assert_int_equal(jf_operator_add(e->db, e->admin, "counter", "李志愿", JF_ROLE_VOLUNTEER,
	                                 "1357", 0),
	                 JF_OK);
	assert_int_equal(jf_login(e->db, "counter", "1357", &op), JF_OK);
	assert_int_equal(jf_op_role(op), JF_ROLE_VOLUNTEER);
	assert_string_equal(jf_op_name(op), "李志愿");
	jf_op_free(op);
	assert_int_equal(jf_login(e->db, "counter", "0000", &op), JF_BAD_PIN);
	assert_null(op);
	assert_non_null(strstr(jf_db_error(e->db), "还可再试 4 次"));
	assert_int_equal(jf_login(e->db, "nobody", "1357", &op), JF_BAD_PIN);
	/* a right PIN resets the count */
	assert_int_equal(jf_login(e->db, "counter", "1357", &op), JF_OK);
	jf_op_free(op);
	assert_int_equal(jf_login(e->db, "counter", "0000", &op), JF_BAD_PIN);
	assert_non_null(strstr(jf_db_error(e->db), "还可再试 4 次"));
}

/* Login names are matched without case (issue 11); a second login that
 * differs only in case is refused. */
static void test_login_any_case(void **state)
{
	test_env *e = *state;
	jf_op *op = NULL;
	assert_int_equal(jf_operator_add(e->db, e->admin, "counter", "李志愿", JF_ROLE_VOLUNTEER,
	                                 "1357", 0),
	                 JF_OK);
	assert_int_equal(jf_login(e->db, "Counter", "1357", &op), JF_OK);
	assert_string_equal(jf_op_name(op), "李志愿");
	jf_op_free(op);
	assert_int_equal(jf_login(e->db, "COUNTER", "0000", &op), JF_BAD_PIN);
	assert_non_null(strstr(jf_db_error(e->db), "还可再试 4 次"));
	assert_int_equal(jf_operator_add(e->db, e->admin, "COUNTER", "别人", JF_ROLE_VOLUNTEER,
	                                 "1357", 0),
	                 JF_EXISTS);
}

static void test_lockout(void **state)
{
	test_env *e = *state;
	jf_op *op = NULL;
	int64_t t0 = 1780000000;
	jf_db_set_time(e->db, t0);
	assert_int_equal(jf_operator_add(e->db, e->admin, "staff", "杨阿强", JF_ROLE_STAFF, "2468", 0),
	                 JF_OK);
	for (int i = 1; i < JF_PIN_MAX_FAILS; i++)
		assert_int_equal(jf_login(e->db, "staff", "1111", &op), JF_BAD_PIN);
	assert_int_equal(jf_login(e->db, "staff", "1111", &op), JF_LOCKED);
	/* locked: even the right PIN is refused */
	assert_int_equal(jf_login(e->db, "staff", "2468", &op), JF_LOCKED);
	assert_null(op);
	jf_db_set_time(e->db, t0 + JF_PIN_LOCK_SECONDS + 1);
	assert_int_equal(jf_login(e->db, "staff", "2468", &op), JF_OK);
	jf_op_free(op);
	/* an admin can reset a PIN and clear a lockout */
	for (int i = 0; i < JF_PIN_MAX_FAILS; i++)
		jf_login(e->db, "staff", "1111", &op);
	assert_int_equal(jf_operator_set_pin(e->db, e->admin, "staff", "97531"), JF_OK);
	assert_int_equal(jf_login(e->db, "staff", "97531", &op), JF_OK);
	jf_op_free(op);
}

/* A local time as seconds. */
static int64_t local_time(int y, int mon, int d, int h, int min)
{
	struct tm tm = {0};
	tm.tm_year = y - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = min;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

/* The lockout says until when: the time of day, and the date when that is
 * not today; every try while locked says it again. */
static void test_locked_says_until_when(void **state)
{
	test_env *e = *state;
	jf_op *op = NULL;
	char want[64];
	assert_int_equal(jf_operator_add(e->db, e->admin, "staff", "杨阿强", JF_ROLE_STAFF, "2468", 0),
	                 JF_OK);
	int64_t t0 = local_time(2026, 6, 10, 10, 0);
	jf_db_set_time(e->db, t0);
	for (int i = 1; i < JF_PIN_MAX_FAILS; i++)
		assert_int_equal(jf_login(e->db, "staff", "1111", &op), JF_BAD_PIN);
	assert_int_equal(jf_login(e->db, "staff", "1111", &op), JF_LOCKED);
	snprintf(want, sizeof want, "锁定到 10:%02d", JF_PIN_LOCK_SECONDS / 60);
	assert_non_null(strstr(jf_db_error(e->db), want));
	assert_null(strstr(jf_db_error(e->db), "2026-"));
	jf_db_set_time(e->db, t0 + 60);
	assert_int_equal(jf_login(e->db, "staff", "2468", &op), JF_LOCKED);
	assert_non_null(strstr(jf_db_error(e->db), want));

	/* locked late in the evening: until tomorrow, with the date */
	assert_int_equal(jf_operator_unlock(e->db, e->admin, "staff"), JF_OK);
	int64_t t1 = local_time(2026, 6, 10, 23, 55);
	jf_db_set_time(e->db, t1);
	for (int i = 0; i < JF_PIN_MAX_FAILS; i++)
		jf_login(e->db, "staff", "1111", &op);
	assert_int_equal(jf_login(e->db, "staff", "2468", &op), JF_LOCKED);
	time_t end = (time_t)(t1 + JF_PIN_LOCK_SECONDS);
	struct tm tm;
	localtime_r(&end, &tm);
	strftime(want, sizeof want, "锁定到 %Y-%m-%d %H:%M", &tm);
	assert_non_null(strstr(jf_db_error(e->db), want));
}

/* An administrator unlocks an operator, keeping the PIN; nobody else can. */
static void test_unlock(void **state)
{
	test_env *e = *state;
	jf_op *op = NULL, *staff = NULL;
	assert_int_equal(jf_operator_add(e->db, e->admin, "staff", "杨阿强", JF_ROLE_STAFF, "2468", 0),
	                 JF_OK);
	assert_int_equal(jf_operator_add(e->db, e->admin, "other", "李志愿", JF_ROLE_STAFF, "1357", 0),
	                 JF_OK);
	assert_int_equal(jf_login(e->db, "other", "1357", &staff), JF_OK);
	for (int i = 0; i < JF_PIN_MAX_FAILS; i++)
		jf_login(e->db, "staff", "1111", &op);
	assert_int_equal(jf_login(e->db, "staff", "2468", &op), JF_LOCKED);
	assert_int_equal(jf_operator_unlock(e->db, staff, "staff"), JF_DENIED);
	assert_int_equal(jf_login(e->db, "staff", "2468", &op), JF_LOCKED);
	assert_int_equal(jf_operator_unlock(e->db, e->admin, "nobody"), JF_NOT_FOUND);
	assert_int_equal(jf_operator_unlock(e->db, e->admin, "staff"), JF_OK);
	jf_operator *ops = NULL;
	size_t n = 0;
	assert_int_equal(jf_operator_list(e->db, &ops, &n), JF_OK);
	for (size_t i = 0; i < n; i++)
		if (strcmp(ops[i].login, "staff") == 0) {
			assert_int_equal(ops[i].failed_pins, 0);
			assert_int_equal(ops[i].locked_until, 0);
		}
	free(ops);
	/* the full allowance again, and the same PIN */
	assert_int_equal(jf_login(e->db, "staff", "1111", &op), JF_BAD_PIN);
	assert_non_null(strstr(jf_db_error(e->db), "还可再试 4 次"));
	assert_int_equal(jf_login(e->db, "staff", "2468", &op), JF_OK);
	jf_op_free(op);
	jf_op_free(staff);
}

static void test_roles(void **state)
{
	test_env *e = *state;
	jf_op *vol = NULL, *staff = NULL;
	assert_int_equal(jf_operator_add(e->db, e->admin, "v", "志愿者甲", JF_ROLE_VOLUNTEER, "1234", 0),
	                 JF_OK);
	assert_int_equal(jf_operator_add(e->db, e->admin, "s", "工作人员乙", JF_ROLE_STAFF, "1234", 0),
	                 JF_OK);
	assert_int_equal(jf_login(e->db, "v", "1234", &vol), JF_OK);
	assert_int_equal(jf_login(e->db, "s", "1234", &staff), JF_OK);
	assert_int_equal(jf_op_require(e->db, vol, JF_ROLE_STAFF), JF_DENIED);
	assert_non_null(strstr(jf_db_error(e->db), "志愿者甲"));
	assert_int_equal(jf_op_require(e->db, staff, JF_ROLE_STAFF), JF_OK);
	assert_int_equal(jf_op_require(e->db, NULL, JF_ROLE_VOLUNTEER), JF_NO_OPERATOR);
	/* only an admin adds operators */
	assert_int_equal(jf_operator_add(e->db, staff, "x", "某人", JF_ROLE_ADMIN, "1234", 0),
	                 JF_DENIED);
	assert_int_equal(jf_operator_bootstrap(e->db, "boot", "再来一个", "1234"), JF_DENIED);
	jf_operator *list;
	size_t n;
	assert_int_equal(jf_operator_list(e->db, &list, &n), JF_OK);
	assert_int_equal(n, 3);
	free(list);
	jf_op_free(vol);
	jf_op_free(staff);
}

static void test_bad_operator_input(void **state)
{
	test_env *e = *state;
	assert_int_equal(jf_operator_add(e->db, e->admin, "a b", "名", JF_ROLE_STAFF, "1234", 0),
	                 JF_INVALID);
	assert_int_equal(jf_operator_add(e->db, e->admin, "ok", "名", JF_ROLE_STAFF, "12a4", 0),
	                 JF_INVALID);
	assert_int_equal(jf_operator_add(e->db, e->admin, "ok", "名", JF_ROLE_STAFF, "123", 0),
	                 JF_INVALID);
	assert_int_equal(jf_operator_add(e->db, e->admin, "ok", "\xff\xfe", JF_ROLE_STAFF, "1234", 0),
	                 JF_BAD_UTF8);
	assert_int_equal(jf_operator_add(e->db, e->admin, "admin", "重复", JF_ROLE_STAFF, "1234", 0),
	                 JF_EXISTS);
	assert_false(jf_pin_valid("1234567890123"));
	assert_true(jf_pin_valid("2468"));
	assert_int_equal(jf_role_parse("staff"), JF_ROLE_STAFF);
	assert_int_equal(jf_role_parse("boss"), 0);
}

int main(void)
{
	test_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_login_and_wrong_pin, test_env_setup, test_env_teardown),
		cmocka_unit_test_setup_teardown(test_locked_says_until_when, test_env_setup,
		                                test_env_teardown),
		cmocka_unit_test_setup_teardown(test_unlock, test_env_setup, test_env_teardown),
		cmocka_unit_test_setup_teardown(test_login_any_case, test_env_setup, test_env_teardown),
		cmocka_unit_test_setup_teardown(test_lockout, test_env_setup, test_env_teardown),
		cmocka_unit_test_setup_teardown(test_roles, test_env_setup, test_env_teardown),
		cmocka_unit_test_setup_teardown(test_bad_operator_input, test_env_setup, test_env_teardown),
	};
	return cmocka_run_group_tests_name("operator", tests, NULL, NULL);
}
