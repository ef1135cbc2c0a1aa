/* The residents' own balance terminal (jifen query): a resident is found
 * by card, or by full phone and the last two of the room, and nothing
 * else; what they see is theirs; nothing is written. */
#include "testlib.h"
#include "receiptlib.h"

#include <sqlite3.h>

#include "jifen/selfquery.h"

/* The database's data_version as another connection sees it: it changes
 * whenever the program's connection commits a write. */
static int64_t db_changes(fixture *f)
{
	static sqlite3 *watch;
	if (!watch)
		assert_int_equal(sqlite3_open_v2(f->e->path, &watch, SQLITE_OPEN_READONLY, NULL),
		                 SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(watch, "PRAGMA data_version", -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void test_who(void **state)
{
	fixture *f = *state;
	int64_t id = -1;
	assert_int_equal(jf_self_by_card(f->e->db, "FX0001", &id), JF_OK);
	assert_int_equal(id, f->ding);
	assert_int_equal(jf_self_by_phone(f->e->db, "13812345678", "01", &id), JF_OK);
	assert_int_equal(id, f->ding);
	/* every failure is the same failure */
	const char *wrong[][2] = {
	    {"13812345678", "02"}, /* wrong room */
	    {"13812345678", "1"},  /* one character is not two */
	    {"13812345678", ""},   {"5678", "01"}, /* a phone tail is not the phone */
	    {"13899999999", "01"}, {"", "01"},
	};
	for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
		assert_int_equal(jf_self_by_phone(f->e->db, wrong[i][0], wrong[i][1], &id),
		                 JF_NOT_FOUND);
		assert_int_equal(id, 0);
	}
	assert_int_equal(jf_self_by_card(f->e->db, "FX9999", &id), JF_NOT_FOUND);
	assert_int_equal(jf_self_by_card(f->e->db, "", &id), JF_NOT_FOUND);
	/* a name or a phone number is not a card */
	assert_int_equal(jf_self_by_card(f->e->db, "丁美英", &id), JF_NOT_FOUND);
	assert_int_equal(jf_self_by_card(f->e->db, "13812345678", &id), JF_NOT_FOUND);
	/* an inactive resident is not served */
	assert_int_equal(jf_resident_set_active(f->e->db, f->staff, f->ding, 0), JF_OK);
	assert_int_equal(jf_self_by_card(f->e->db, "FX0001", &id), JF_NOT_FOUND);
}

static void test_view(void **state)
{
	fixture *f = *state;
	int64_t before = db_changes(f);
	jf_self_view v;
	assert_int_equal(jf_self_load(f->e->db, f->ding, &v), JF_OK);
	assert_string_equal(v.name_masked, "丁*英");
	assert_int_equal(v.balance, 100 - FIX_TOTAL);
	/* the newest first: the redemption, then the opening points */
	assert_int_equal(v.nrecent, 2);
	assert_string_equal(v.recent[0].kind, "redeem");
	assert_int_equal(v.recent[0].points, -FIX_TOTAL);
	assert_int_equal(v.recent[1].points, 100);
	/* owed: the housekeeping service and two haircut coupons */
	assert_int_equal(v.nowed, 3);
	for (size_t i = 0; i < v.nowed; i++)
		assert_int_equal(v.owed[i].resident_id, f->ding);
	/* affordable with 52: everything priced 52 or less and in stock */
	assert_true(v.nafford >= 4);
	for (size_t i = 0; i < v.nafford; i++)
		assert_true(v.afford[i].points <= v.balance);
	jf_self_free(&v);
	assert_int_equal(db_changes(f), before);

	/* the other resident sees only their own */
	assert_int_equal(jf_self_load(f->e->db, f->yang, &v), JF_OK);
	assert_int_equal(v.balance, 50);
	assert_int_equal(v.nowed, 0);
	assert_int_equal(v.nrecent, 1);
	jf_self_free(&v);
	assert_int_equal(db_changes(f), before);
	/* the check itself sees a write */
	assert_int_equal(jf_adjust(f->e->db, f->e->admin, f->yang, 1, "测试", NULL), JF_OK);
	assert_int_not_equal(db_changes(f), before);
}

int main(void)
{
	test_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_who, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_view, fix_setup, fix_teardown),
	};
	return cmocka_run_group_tests_name("selfquery", tests, NULL, NULL);
}
