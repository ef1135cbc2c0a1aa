/* Reports over any period (jifen/period.h): periods parsed, and each
 * figure on a small community built for the test — people who only
 * redeemed, a void in the month after its redemption, a resident counted
 * once across months, clean-ups as events (one per activity and deed
 * date), services and coupons delivered. */
#include "testlib.h"

#include <sqlite3.h>
#include <time.h>

#include "jifen/catalog.h"
#include "jifen/ledger.h"
#include "jifen/period.h"
#include "jifen/resident.h"
#include "jifen/voucher.h"

#define DAY 86400
/* 2026-05-20 10:00 UTC; the tests run with TZ=UTC */
#define MAY20 1779271200
#define MAY(d) (MAY20 + ((d)-20) * DAY)
#define JUN(d) (MAY(31) + (d)*DAY)

static void parse_ok(const char *s, const char *from, const char *to)
{
	char f[11], t[11];
	assert_int_equal(jf_period_parse(s, "2026-03-02", "2026-12-03", f, t), 0);
	assert_string_equal(f, from);
	assert_string_equal(t, to);
}

static void test_parse(void **state)
{
	(void)state;
	char f[11], t[11];
	parse_ok("2026-10", "2026-10-01", "2026-10-31");
	parse_ok("2026-02", "2026-02-01", "2026-02-28");
	parse_ok("2024-02", "2024-02-01", "2024-02-29");
	parse_ok("2026Q3", "2026-07-01", "2026-09-30");
	parse_ok("2026q4", "2026-10-01", "2026-12-31");
	parse_ok("2026", "2026-01-01", "2026-12-31");
	parse_ok("2026-05-20", "2026-05-20", "2026-05-20");
	parse_ok("2026-03..2026-06", "2026-03-01", "2026-06-30");
	parse_ok("2026-03-15..2026Q3", "2026-03-15", "2026-09-30");
	parse_ok("..2026-04", "2026-03-02", "2026-04-30");
	parse_ok("2026-11..", "2026-11-01", "2026-12-03");
	parse_ok("all", "2026-03-02", "2026-12-03");
	static const char *const bad[] = {"",        "2026-13",    "2026Q5",     "26",
	                                  "2026-1",  "2026-02-30", "2026-06..2026-03",
	                                  "x..2026", "2026..y",    "2026-06-01x", "ALL"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(jf_period_parse(bad[i], "2026-03-02", "2026-12-03", f, t), -1);
	/* all on an empty ledger: today alone */
	assert_int_equal(jf_period_parse("all", "", "2026-12-03", f, t), 0);
	assert_string_equal(f, "2026-12-03");
}

typedef struct {
	test_env *e;
	jf_op *staff;
	int64_t ids[8]; /* ids[1..7] */
	int64_t grid, soap, clean, coupon, sponsor;
	jf_activity c01, v01;
	char void_no[32];
} fixture;

static void award(fixture *f, const jf_activity *a, const int64_t *who, size_t n, const char *deed)
{
	jf_award_req req = {a->id, f->grid, deed, NULL, NULL};
	assert_int_equal(jf_award(f->e->db, f->staff, who, n, &req, NULL), JF_OK);
}

static int64_t add_item(fixture *f, const char *code, jf_item_kind kind, int64_t points)
{
	jf_item it;
	int64_t id = 0;
	memset(&it, 0, sizeof it);
	snprintf(it.code, sizeof it.code, "%s", code);
	snprintf(it.name, sizeof it.name, "物品%s", code);
	it.kind = kind;
	it.points = points;
	it.sponsor_id = f->sponsor;
	it.valid_days = 30;
	assert_int_equal(jf_item_add(f->e->db, f->e->admin, &it, &id), JF_OK);
	return id;
}

static void redeem(fixture *f, int who, int64_t item, int64_t qty, char *no)
{
	jf_cart_line l[] = {{item, qty}};
	jf_redeem_result res;
	assert_int_equal(jf_redeem(f->e->db, f->staff, f->ids[who], l, 1, &res), JF_OK);
	if (no)
		strcpy(no, res.receipt_no);
}

/* Residents 1-4 in 东院 (1, 2 in building 1; 3, 4 in building 2; 1 a party
 * member), 5-7 in 西院.
 *   May 20: a clean-up (C01) with 1, 2, 5 — residents of two compounds at
 *   one event; 3 visits the elderly (V01).
 *   May 25: 6 (points by adjustment only) redeems 3 soaps, voided June 2;
 *   7 (adjustment only) redeems a housekeeping voucher and a coupon.
 *   June 3: 3 at May 20's clean-up, recorded late (it joins May's event,
 *   not a new one); June 5: a clean-up with 1 and
 *   4 (deed June 5).  The housekeeping voucher done June 6, the coupon June
 *   7. */
static int setup(void **state)
{
	if (test_env_setup(state) != 0)
		return -1;
	fixture *f = calloc(1, sizeof *f);
	f->e = *state;
	jf_db *db = f->e->db;
	jf_db_set_time(db, MAY(20));
	assert_int_equal(jf_activity_load_defaults(db), JF_OK);
	assert_int_equal(
	    jf_operator_add(db, f->e->admin, "staff", "杨阿强", JF_ROLE_STAFF, "2468", 0), JF_OK);
	assert_int_equal(jf_login(db, "staff", "2468", &f->staff), JF_OK);
	assert_int_equal(
	    jf_verifier_add(db, f->staff, "原冬梅", JF_VERIFIER_GRID, "", "", 0, &f->grid), JF_OK);
	assert_int_equal(jf_activity_resolve(db, "C01", &f->c01), JF_OK);
	assert_int_equal(jf_activity_resolve(db, "V01", &f->v01), JF_OK);
	static const char *const names[] = {"", "丁美英", "杨效文", "丁建玺", "张常有",
	                                    "薛志安", "房德英", "李秀兰"};
	for (int i = 1; i <= 7; i++) {
		jf_resident_new r;
		memset(&r, 0, sizeof r);
		r.name = names[i];
		r.compound = i <= 4 ? "东院" : "西院";
		r.building = i <= 2 ? "1" : "2";
		r.party = i == 1;
		assert_int_equal(jf_resident_add(db, f->staff, &r, &f->ids[i]), JF_OK);
	}
	assert_int_equal(
	    jf_sponsor_ensure(db, f->staff, "惠民商贸", JF_SPONSOR_ENTERPRISE, &f->sponsor), JF_OK);
	f->soap = add_item(f, "XZ", JF_ITEM_GOODS, 2);
	f->clean = add_item(f, "JZ", JF_ITEM_HOUSEKEEPING, 5);
	f->coupon = add_item(f, "QJ", JF_ITEM_COUPON, 3);
	assert_int_equal(jf_stock_in(db, f->staff, f->soap, 20, f->sponsor, NULL), JF_OK);

	int64_t may[] = {f->ids[1], f->ids[2], f->ids[5]};
	award(f, &f->c01, may, 3, "2026-05-20");
	award(f, &f->v01, &f->ids[3], 1, "2026-05-20");
	jf_db_set_time(db, MAY(25));
	assert_int_equal(jf_adjust(db, f->e->admin, f->ids[6], 10, "补录", NULL), JF_OK);
	assert_int_equal(jf_adjust(db, f->e->admin, f->ids[7], 10, "补录", NULL), JF_OK);
	redeem(f, 6, f->soap, 3, f->void_no);
	redeem(f, 7, f->clean, 1, NULL);
	redeem(f, 7, f->coupon, 1, NULL);
	jf_db_set_time(db, JUN(2));
	assert_int_equal(jf_void(db, f->staff, f->void_no, "重复兑换", NULL), JF_OK);
	jf_db_set_time(db, JUN(3));
	int64_t late[] = {f->ids[1], f->ids[3]};
	award(f, &f->c01, late, 2, "2026-05-20");
	jf_db_set_time(db, JUN(5));
	int64_t jun[] = {f->ids[1], f->ids[4]};
	award(f, &f->c01, jun, 2, "2026-06-05");
	jf_voucher_entry *v;
	size_t nv;
	assert_int_equal(jf_voucher_list(db, JF_VOUCHER_OPEN, 0, &v, &nv), JF_OK);
	assert_int_equal(nv, 2);
	jf_db_set_time(db, JUN(6));
	assert_int_equal(jf_voucher_fulfil(db, f->staff, v[0].id, NULL), JF_OK);
	jf_db_set_time(db, JUN(7));
	assert_int_equal(jf_voucher_fulfil(db, f->staff, v[1].id, NULL), JF_OK);
	free(v);
	jf_db_set_time(db, JUN(10));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	jf_op_free(f->staff);
	*state = f->e;
	free(f);
	return test_env_teardown(state);
}

static jf_period_report *load(fixture *f, const char *period)
{
	jf_period_report *r = NULL;
	assert_int_equal(jf_period_report_load(f->e->db, period, &r), JF_OK);
	return r;
}

static void test_may(void **state)
{
	fixture *f = *state;
	jf_period_report *r = load(f, "2026-05");
	/* 1 2 5 3 earned; 6 and 7 only redeemed (6's void is in June) */
	assert_int_equal(r->participants, 6);
	assert_int_equal(r->party_members, 1);
	assert_int_equal(r->earners, 4);
	assert_int_equal(r->redeemers, 2);
	assert_int_equal(r->cleanups, 1); /* 东院 and 西院 together */
	assert_int_equal(r->volunteer_services, 1);
	assert_int_equal(r->items_redeemed, 5);
	assert_int_equal(r->services_delivered, 0);
	assert_int_equal(r->coupons_used, 0);
	assert_int_equal(r->n_verifiers, 1);
	assert_int_equal(r->verifiers[0].deeds, 4);
	assert_int_equal(r->verifiers[0].points, 3 * 2 + 3);
	assert_int_equal(r->n_sponsors, 1);
	assert_int_equal(r->sponsors[0].given, 20);
	assert_int_equal(r->sponsors[0].redeemed, 5);
	jf_period_report_free(r);
}

static void test_june(void **state)
{
	fixture *f = *state;
	jf_period_report *r = load(f, "2026-06");
	assert_int_equal(r->participants, 3); /* 1 3 4 */
	assert_int_equal(r->cleanups, 1);     /* the late award joins May's event */
	assert_int_equal(r->volunteer_services, 0);
	assert_int_equal(r->items_redeemed, -3); /* the void counts against June */
	assert_int_equal(r->services_delivered, 1);
	assert_int_equal(r->housekeeping_delivered, 1);
	assert_int_equal(r->coupons_used, 1);
	assert_int_equal(r->sponsors[0].redeemed, -3);
	assert_int_equal(r->sponsors[0].fulfilled, 2);
	jf_period_report_free(r);
}

static void test_both_months(void **state)
{
	fixture *f = *state;
	jf_period_report *r = load(f, "2026-05..2026-06");
	assert_string_equal(r->from, "2026-05-01");
	assert_string_equal(r->to, "2026-06-30");
	/* 1 (both months) once; 6's redemption voided within the period */
	assert_int_equal(r->participants, 6);
	assert_int_equal(r->party_members, 1);
	assert_int_equal(r->earners, 5);
	assert_int_equal(r->redeemers, 1);
	assert_int_equal(r->cleanups, 2);
	assert_int_equal(r->volunteer_services, 1);
	assert_int_equal(r->items_redeemed, 2);
	assert_int_equal(r->services_delivered, 1);
	assert_int_equal(r->coupons_used, 1);
	assert_int_equal(r->awards, 4 + 2 + 2);
	/* by building: 东院 1 (1, 2), 东院 2 (3, 4), 西院 2 (5, 7) */
	assert_int_equal(r->n_buildings, 3);
	assert_string_equal(r->buildings[0].name, "东院");
	assert_string_equal(r->buildings[0].code, "1");
	assert_int_equal(r->buildings[0].participants, 2);
	assert_int_equal(r->buildings[0].party, 1);
	assert_int_equal(r->buildings[0].points, 3 * 2 + 2);
	assert_int_equal(r->buildings[1].participants, 2);
	assert_int_equal(r->buildings[2].participants, 2);
	/* by category and activity */
	for (int i = 0; i < 5; i++)
		if (!strcmp(r->categories[i].name, f->c01.category)) {
			assert_int_equal(r->categories[i].participants, 5); /* 1 2 5 3 4 */
			assert_int_equal(r->categories[i].events, 2);
		}
	assert_int_equal(r->n_activities, 2);
	assert_string_equal(r->activities[0].code, "C01");
	assert_int_equal(r->activities[0].awards, 7);
	assert_int_equal(r->activities[0].events, 2);
	/* month by month, each as its own report counts it */
	assert_int_equal(r->n_months, 2);
	assert_int_equal(r->months[0].participants, 6);
	assert_int_equal(r->months[0].items_redeemed, 5);
	assert_int_equal(r->months[1].participants, 3);
	assert_int_equal(r->months[1].items_redeemed, -3);
	/* the head at the period's end: the newest entry */
	assert_int_equal(r->entries, r->entries_now);
	assert_string_equal(r->head, r->head_now);
	jf_period_report_free(r);

	r = load(f, "2026-05-01..2026-05-19");
	assert_int_equal(r->participants, 0);
	assert_int_equal(r->entries, 0);
	assert_string_equal(r->head, "");
	jf_period_report_free(r);
	jf_period_report *x;
	assert_int_equal(jf_period_report_load(f->e->db, "2026-07", &x), JF_BAD_DATE);
	assert_int_equal(jf_period_report_load(f->e->db, "2026-13", &x), JF_BAD_DATE);
}

/* Names are masked and the page has its charts, and nothing to run. */
static void test_formats(void **state)
{
	fixture *f = *state;
	jf_period_report *r = load(f, "all");
	static const jf_report_format fmts[] = {JF_REPORT_TEXT, JF_REPORT_CSV, JF_REPORT_HTML};
	for (size_t i = 0; i < 3; i++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *mf = open_memstream(&buf, &len);
		jf_period_report_write(r, fmts[i], 80, mf);
		fclose(mf);
		assert_non_null(strstr(buf, "原*梅"));
		assert_null(strstr(buf, "原冬梅"));
		assert_non_null(strstr(buf, r->head));
		if (fmts[i] == JF_REPORT_HTML) {
			assert_non_null(strstr(buf, "<svg"));
			assert_null(strstr(buf, "<script"));
		}
		free(buf);
	}
	jf_period_report_free(r);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	test_init();
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test_setup_teardown(test_may, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_june, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_both_months, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_formats, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
