/* The end-of-day reconciliation (日结) and closing a day. */
#include "testlib.h"

#include <sqlite3.h>
#include <time.h>

#include "jifen/catalog.h"
#include "jifen/dayclose.h"
#include "jifen/ledger.h"
#include "jifen/resident.h"
#include "jifen/text.h"
#include "jifen/voucher.h"

#define DAY 86400
/* 2026-06-10 09:00 UTC; the tests run with TZ=UTC */
#define T1 1781082000
#define D1 "2026-06-10"
#define D2 "2026-06-11"
#define D3 "2026-06-12"

typedef struct {
	test_env *e;
	jf_op *staff, *vol;
	int64_t ding, yang, grid, tissue, rice, clean, sponsor, act;
	char no_a[32], no_b[32], no_c[32], no_d[32];
	int64_t voucher_b;
} fixture;

static int64_t add_item(fixture *f, const char *code, const char *name, jf_item_kind kind,
                        int64_t points, const char *unit)
{
	jf_item it;
	int64_t id = 0;
	memset(&it, 0, sizeof it);
	snprintf(it.code, sizeof it.code, "%s", code);
	snprintf(it.name, sizeof it.name, "%s", name);
	snprintf(it.unit, sizeof it.unit, "%s", unit);
	it.kind = kind;
	it.points = points;
	it.valid_days = 30;
	assert_int_equal(jf_item_add(f->e->db, f->e->admin, &it, &id), JF_OK);
	return id;
}

static void redeem(fixture *f, jf_op *op, int64_t who, const jf_cart_line *lines, size_t n,
                   char *no)
{
	jf_redeem_result res;
	assert_int_equal(jf_redeem(f->e->db, op, who, lines, n, &res), JF_OK);
	strcpy(no, res.receipt_no);
}

/* Run one statement on the file with a connection of its own. */
static int raw_exec(fixture *f, const char *sql)
{
	sqlite3 *raw;
	assert_int_equal(sqlite3_open(f->e->path, &raw), SQLITE_OK);
	sqlite3_busy_timeout(raw, 2000);
	int rc = sqlite3_exec(raw, sql, NULL, NULL, NULL);
	sqlite3_close(raw);
	return rc;
}

/* Everything an entry could change, as one string. */
static void snapshot(fixture *f, char *out, size_t len)
{
	sqlite3 *raw;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(f->e->path, &raw), SQLITE_OK);
	assert_int_equal(
	    sqlite3_prepare_v2(
	        raw,
	        "SELECT (SELECT count(*) || '/' || coalesce(max(hash), '') FROM ledger)"
	        " || '|' || (SELECT count(*) || '/' || total(qty) FROM stock_moves)"
	        " || '|' || (SELECT count(*) FROM receipts)"
	        " || '|' || (SELECT count(*) FROM receipt_lines)"
	        " || '|' || (SELECT count(*) FROM vouchers)"
	        " || '|' || (SELECT count(*) FROM voucher_events)"
	        " || '|' || (SELECT group_concat(balance) FROM residents)"
	        " || '|' || (SELECT group_concat(stock) FROM items)",
	        -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(out, len, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(raw);
}

/* Two days at the counter:
 *   day 1: stock in tissue 20 (from a sponsor) and rice 10; 100 points
 *          each to 丁美英 and 杨效文; A = 丁美英 tissue×3 (6 points);
 *          B = 杨效文 tissue×1, rice×1, housekeeping×1 (2+5+10 = 17).
 *   day 2: C = 丁美英 tissue×2 (4) by the volunteer, printed; A voided
 *          by staff; 5 tissue in; D = 杨效文 rice×1 (5) by staff, not
 *          printed; count tissue 21 (book 22), rice 8 (book 8); B's
 *          housekeeping voucher fulfilled. */
static int setup(void **state)
{
	if (test_env_setup(state) != 0)
		return -1;
	fixture *f = calloc(1, sizeof *f);
	f->e = *state;
	jf_db *db = f->e->db;
	jf_db_set_time(db, T1);
	assert_int_equal(jf_activity_load_defaults(db), JF_OK);
	assert_int_equal(
	    jf_operator_add(db, f->e->admin, "staff", "杨阿强", JF_ROLE_STAFF, "2468", 0), JF_OK);
	assert_int_equal(
	    jf_operator_add(db, f->e->admin, "counter", "李志愿", JF_ROLE_VOLUNTEER, "2468", 0),
	    JF_OK);
	assert_int_equal(jf_login(db, "staff", "2468", &f->staff), JF_OK);
	assert_int_equal(jf_login(db, "counter", "2468", &f->vol), JF_OK);
	jf_resident_new r1 = {.name = "丁美英", .compound = "开发楼家属楼", .card = "FX0001"};
	jf_resident_new r2 = {.name = "杨效文", .compound = "世纪楼家属楼", .card = "FX0002"};
	assert_int_equal(jf_resident_add(db, f->staff, &r1, &f->ding), JF_OK);
	assert_int_equal(jf_resident_add(db, f->staff, &r2, &f->yang), JF_OK);
	assert_int_equal(
	    jf_verifier_add(db, f->staff, "原冬梅", JF_VERIFIER_GRID, "", "", 0, &f->grid), JF_OK);
	jf_activity a;
	assert_int_equal(jf_activity_resolve(db, "C01", &a), JF_OK);
	f->act = a.id;
	assert_int_equal(
	    jf_sponsor_ensure(db, f->staff, "惠民商贸", JF_SPONSOR_ENTERPRISE, &f->sponsor), JF_OK);
	f->tissue = add_item(f, "ZJ", "纸巾", JF_ITEM_GOODS, 2, "包");
	f->rice = add_item(f, "DM", "大米", JF_ITEM_PRODUCE, 5, "袋");
	f->clean = add_item(f, "JZ", "家政保洁", JF_ITEM_HOUSEKEEPING, 10, "次");

	/* day 1 */
	assert_int_equal(jf_stock_in(db, f->staff, f->tissue, 20, f->sponsor, "捐赠"), JF_OK);
	assert_int_equal(jf_stock_in(db, f->staff, f->rice, 10, 0, NULL), JF_OK);
	assert_int_equal(jf_adjust(db, f->e->admin, f->ding, 100, "期初积分", NULL), JF_OK);
	assert_int_equal(jf_adjust(db, f->e->admin, f->yang, 100, "期初积分", NULL), JF_OK);
	jf_db_set_time(db, T1 + 3600);
	jf_cart_line a1[] = {{f->tissue, 3}};
	redeem(f, f->staff, f->ding, a1, 1, f->no_a);
	jf_cart_line b1[] = {{f->tissue, 1}, {f->rice, 1}, {f->clean, 1}};
	redeem(f, f->staff, f->yang, b1, 3, f->no_b);

	/* day 2 */
	jf_db_set_time(db, T1 + DAY);
	jf_cart_line c1[] = {{f->tissue, 2}};
	redeem(f, f->vol, f->ding, c1, 1, f->no_c);
	char sql[256];
	snprintf(sql, sizeof sql,
	         "INSERT INTO receipt_prints(receipt_id, time, ok) SELECT id, %d, 1 FROM receipts"
	         " WHERE no = '%s'",
	         T1 + DAY, f->no_c);
	assert_int_equal(raw_exec(f, sql), SQLITE_OK);
	jf_db_set_time(db, T1 + DAY + 600);
	assert_int_equal(jf_void(db, f->staff, f->no_a, "误操作，重复兑换", NULL), JF_OK);
	assert_int_equal(jf_stock_in(db, f->staff, f->tissue, 5, f->sponsor, NULL), JF_OK);
	jf_cart_line d1[] = {{f->rice, 1}};
	redeem(f, f->staff, f->yang, d1, 1, f->no_d);
	assert_int_equal(jf_stock_count(db, f->staff, f->tissue, 21, "盘点"), JF_OK);
	assert_int_equal(jf_stock_count(db, f->staff, f->rice, 8, "盘点"), JF_OK);
	jf_voucher_entry *v;
	size_t nv;
	assert_int_equal(jf_voucher_list(db, JF_VOUCHER_OPEN, f->yang, &v, &nv), JF_OK);
	assert_int_equal(nv, 1);
	f->voucher_b = v[0].id;
	free(v);
	assert_int_equal(jf_voucher_fulfil(db, f->staff, f->voucher_b, "保洁公司王师傅"), JF_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	jf_op_free(f->staff);
	jf_op_free(f->vol);
	*state = f->e;
	free(f);
	return test_env_teardown(state);
}

static const jf_day_stock *stock_of(const jf_day_report *r, int64_t item)
{
	for (size_t i = 0; i < r->n_stock; i++)
		if (r->stock[i].item_id == item)
			return &r->stock[i];
	fail_msg("item %lld not in the report", (long long)item);
	return NULL;
}

static void test_day_report_balances(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	jf_day_report *r;
	assert_int_equal(jf_day_report_load(db, D2, &r), JF_OK);
	assert_string_equal(r->day, D2);
	assert_false(r->closed);

	/* points */
	assert_int_equal(r->redemptions, 2);
	assert_int_equal(r->points_redeemed, 4 + 5);
	assert_int_equal(r->voids, 1);
	assert_int_equal(r->points_voided, 6);
	assert_int_equal(r->awards, 0);
	assert_int_equal(r->adjustments, 0);
	assert_int_equal(r->points_opening, 200 - 6 - 17);
	assert_int_equal(r->points_closing, 200 - 6 - 17 - 4 - 5 + 6);
	jf_resident a, b;
	assert_int_equal(jf_resident_get(db, f->ding, &a), JF_OK);
	assert_int_equal(jf_resident_get(db, f->yang, &b), JF_OK);
	assert_int_equal(r->points_closing, a.balance + b.balance);

	/* by kind, item and operator */
	assert_int_equal(r->n_kind, 2);
	assert_string_equal(r->by_kind[0].kind, "goods");
	assert_int_equal(r->by_kind[0].qty, 2);
	assert_int_equal(r->by_kind[0].points, 4);
	assert_string_equal(r->by_kind[1].kind, "produce");
	assert_int_equal(r->by_kind[1].points, 5);
	assert_int_equal(r->n_item, 2);
	assert_string_equal(r->by_item[0].name, "纸巾");
	assert_int_equal(r->by_item[0].qty, 2);
	assert_string_equal(r->by_item[1].name, "大米");
	assert_int_equal(r->n_operator, 2);
	assert_string_equal(r->by_operator[0].name, "李志愿"); /* counter */
	assert_int_equal(r->by_operator[0].receipts, 1);
	assert_int_equal(r->by_operator[0].points, 4);
	assert_string_equal(r->by_operator[1].name, "杨阿强"); /* staff */
	assert_int_equal(r->by_operator[1].points, 5);

	/* the void: who, why, of which day's receipt */
	assert_int_equal(r->n_void, 1);
	assert_string_equal(r->voids_list[0].receipt_no, f->no_a);
	assert_string_equal(r->voids_list[0].receipt_day, D1);
	assert_string_equal(r->voids_list[0].resident, "丁美英");
	assert_string_equal(r->voids_list[0].operator_name, "杨阿强");
	assert_string_equal(r->voids_list[0].reason, "误操作，重复兑换");
	assert_int_equal(r->voids_list[0].points, 6);

	/* stock, to the last item: 16 + 5 - 2 + 3 - 1 (the count) = 21 */
	assert_int_equal(r->n_stock, 2);
	const jf_day_stock *t = stock_of(r, f->tissue);
	assert_int_equal(t->opening, 16);
	assert_int_equal(t->received, 5);
	assert_int_equal(t->redeemed, 2);
	assert_int_equal(t->voided, 3);
	assert_int_equal(t->adjusted, -1);
	assert_int_equal(t->expected, 21);
	assert_true(t->counted_set);
	assert_int_equal(t->counted, 21);
	assert_int_equal(t->count_diff, -1);
	const jf_day_stock *m = stock_of(r, f->rice);
	assert_int_equal(m->opening, 9);
	assert_int_equal(m->redeemed, 1);
	assert_int_equal(m->expected, 8);
	assert_true(m->counted_set);
	assert_int_equal(m->count_diff, 0);
	for (size_t i = 0; i < r->n_stock; i++) {
		const jf_day_stock *s = &r->stock[i];
		jf_item it;
		assert_int_equal(jf_item_get(db, s->item_id, &it), JF_OK);
		assert_int_equal(s->opening + s->received - s->redeemed + s->voided + s->adjusted,
		                 s->expected);
		assert_int_equal(s->expected, s->book);
		assert_int_equal(s->book, it.stock);
	}
	assert_int_equal(r->stock_differences, 1);
	assert_true(r->balanced);

	/* receipts waiting for the printer: D only (C printed, A is day 1's) */
	assert_int_equal(r->n_unprinted, 1);
	assert_string_equal(r->unprinted[0].receipt_no, f->no_d);
	assert_int_equal(r->unprinted[0].total, 5);

	/* vouchers: none issued on day 2, B's fulfilled */
	assert_int_equal(r->n_issued, 0);
	assert_int_equal(r->n_fulfilled, 1);
	assert_int_equal(r->fulfilled[0].voucher_id, f->voucher_b);
	assert_string_equal(r->fulfilled[0].item, "家政保洁");
	jf_day_report_free(r);

	/* day 1: the voucher issued, and the stock from nothing */
	assert_int_equal(jf_day_report_load(db, D1, &r), JF_OK);
	assert_int_equal(r->n_issued, 1);
	assert_string_equal(r->issued[0].receipt_no, f->no_b);
	assert_int_equal(r->issued[0].voided, 0);
	t = stock_of(r, f->tissue);
	assert_int_equal(t->opening, 0);
	assert_int_equal(t->received, 20);
	assert_int_equal(t->redeemed, 4);
	assert_int_equal(t->expected, 16);
	assert_false(t->counted_set);
	assert_int_equal(r->points_opening, 0);
	assert_int_equal(r->adjustments, 2);
	assert_int_equal(r->points_adjusted, 200);
	/* A is voided now, so it no longer waits for the printer */
	assert_int_equal(r->n_unprinted, 1);
	assert_string_equal(r->unprinted[0].receipt_no, f->no_b);
	assert_true(r->balanced);
	jf_day_report_free(r);

	/* a day with nothing at all still reconciles the stock on hand */
	assert_int_equal(jf_day_report_load(db, "2026-06-01", &r), JF_OK);
	assert_int_equal(r->n_stock, 0);
	assert_int_equal(r->redemptions, 0);
	jf_day_report_free(r);
	assert_int_equal(jf_day_report_load(db, D3, &r), JF_OK);
	assert_int_equal(r->n_stock, 2);
	assert_int_equal(stock_of(r, f->tissue)->opening, 21);
	assert_int_equal(stock_of(r, f->tissue)->expected, 21);
	jf_day_report_free(r);

	assert_int_equal(jf_day_report_load(db, "2026-13-01", &r), JF_BAD_DATE);
	assert_null(r);
}

/* Every line of the text fits the page, as the page counts columns. */
static void check_width(const char *text, int cols, int printer)
{
	char *copy = strdup(text), *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		int w = printer ? jf_text_print_width(line) : jf_text_width(line);
		if (w > cols)
			fail_msg("line wider than %d columns (%d): %s", cols, w, line);
	}
	free(copy);
}

static void test_day_report_text(void **state)
{
	fixture *f = *state;
	jf_day_report *r;
	char *buf;
	size_t len;
	assert_int_equal(jf_day_report_load(f->e->db, D2, &r), JF_OK);
	for (int printer = 0; printer <= 1; printer++) {
		int cols = printer ? 32 : 64;
		FILE *mf = open_memstream(&buf, &len);
		jf_day_report_write(f->e->db, r, mf, cols, printer);
		fclose(mf);
		assert_non_null(strstr(buf, "府西社区爱心超市日结报表"));
		assert_non_null(strstr(buf, D2));
		assert_non_null(strstr(buf, "未日结"));
		assert_non_null(strstr(buf, f->no_a));
		assert_non_null(strstr(buf, "误操作，重复兑换"));
		assert_non_null(strstr(buf, f->no_d));
		assert_non_null(strstr(buf, "纸巾"));
		assert_non_null(strstr(buf, "※"));
		assert_non_null(strstr(buf, "1 种商品实盘与账面不符"));
		check_width(buf, cols, printer);
		free(buf);
	}
	jf_day_report_free(r);
}

static void test_close_refuses_entries(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	char before[4096], after[4096];

	assert_int_equal(jf_day_close(db, f->vol, D2, NULL), JF_DENIED);
	assert_int_equal(jf_day_close(db, f->staff, "2026-06-13", NULL), JF_BAD_DATE);
	assert_int_equal(jf_day_close(db, f->staff, "2026-02-30", NULL), JF_BAD_DATE);
	assert_int_equal(jf_day_close(db, f->staff, NULL, "盘点完毕，差一包纸巾"), JF_OK);
	assert_int_equal(jf_day_close(db, f->staff, D2, NULL), JF_EXISTS);
	assert_non_null(strstr(jf_db_error(db), "杨阿强"));
	char last[11];
	assert_int_equal(jf_day_last_closed(db, last), JF_OK);
	assert_string_equal(last, D2);

	/* day 1 has entries and was never closed: it is listed as still open */
	char open[4][11];
	size_t nopen = 99;
	assert_int_equal(jf_day_open_before(db, "2026-06-20", open, 4, &nopen), JF_OK);
	assert_int_equal(nopen, 1);
	assert_string_equal(open[0], D1);
	assert_int_equal(jf_day_open_before(db, D1, open, 4, &nopen), JF_OK);
	assert_int_equal(nopen, 0);

	/* the closed day takes nothing, and nothing changes */
	snapshot(f, before, sizeof before);
	jf_award_req req = {.activity_id = f->act, .verifier_id = f->grid};
	jf_cart_line c[] = {{f->tissue, 1}};
	jf_redeem_result res;
	assert_int_equal(jf_award(db, f->staff, &f->ding, 1, &req, NULL), JF_DAY_CLOSED);
	assert_non_null(strstr(jf_db_error(db), "杨阿强"));
	assert_int_equal(jf_redeem(db, f->vol, f->ding, c, 1, &res), JF_DAY_CLOSED);
	assert_int_equal(jf_void(db, f->staff, f->no_d, "更正", NULL), JF_DAY_CLOSED);
	assert_int_equal(jf_adjust(db, f->e->admin, f->ding, 5, "更正", NULL), JF_DAY_CLOSED);
	assert_int_equal(jf_stock_in(db, f->staff, f->tissue, 3, 0, NULL), JF_DAY_CLOSED);
	assert_int_equal(jf_stock_count(db, f->staff, f->tissue, 22, NULL), JF_DAY_CLOSED);
	int64_t vid = 0;
	{
		jf_voucher_entry *v;
		size_t nv;
		jf_cart_line h[] = {{f->clean, 1}};
		/* a voucher from day 1 would do, but there is none open: make one on day 3 */
		jf_db_set_time(db, T1 + 2 * DAY);
		assert_int_equal(jf_redeem(db, f->vol, f->ding, h, 1, &res), JF_OK);
		assert_int_equal(jf_voucher_list(db, JF_VOUCHER_OPEN, f->ding, &v, &nv), JF_OK);
		assert_int_equal(nv, 1);
		vid = v[0].id;
		free(v);
		/* a clock set back into the closed day: refused, it is behind
		 * the latest entry */
		jf_db_set_time(db, T1 + DAY + 7200);
		snapshot(f, before, sizeof before);
		assert_int_equal(jf_voucher_fulfil(db, f->staff, vid, NULL), JF_CLOCK);
		assert_non_null(strstr(jf_db_error(db), "早于最近一笔记录"));
	}
	snapshot(f, after, sizeof after);
	assert_string_equal(before, after);
	jf_audit_report rep;
	assert_int_equal(jf_audit(db, &rep), JF_OK);

	/* a clock set back before the closed day is refused too */
	jf_db_set_time(db, T1 + 7200);
	assert_int_equal(jf_award(db, f->staff, &f->ding, 1, &req, NULL), JF_CLOCK);
	snapshot(f, after, sizeof after);
	assert_string_equal(before, after);

	/* the next day is open: the correction goes there */
	jf_db_set_time(db, T1 + 2 * DAY + 60);
	assert_int_equal(jf_void(db, f->staff, f->no_d, "更正", NULL), JF_OK);
	assert_int_equal(jf_voucher_fulfil(db, f->staff, vid, NULL), JF_OK);
	jf_day_report *r;
	assert_int_equal(jf_day_report_load(db, D3, &r), JF_OK);
	assert_int_equal(r->n_void, 1);
	assert_string_equal(r->voids_list[0].receipt_day, D2);
	jf_day_report_free(r);

	/* day 3 has entries now and is open; only counted before day 4, newest first */
	assert_int_equal(jf_day_open_before(db, "2026-06-13", open, 1, &nopen), JF_OK);
	assert_int_equal(nopen, 2);
	assert_string_equal(open[0], D3);
	assert_int_equal(jf_day_open_before(db, D3, open, 4, &nopen), JF_OK);
	assert_int_equal(nopen, 1);
	assert_string_equal(open[0], D1);

	/* the closed day's report says who closed it, and is as it was */
	assert_int_equal(jf_day_report_load(db, D2, &r), JF_OK);
	assert_true(r->closed);
	assert_string_equal(r->closed_by, "杨阿强");
	assert_string_equal(r->close_note, "盘点完毕，差一包纸巾");
	assert_int_equal(r->redemptions, 2);
	assert_int_equal(r->n_void, 1);
	jf_day_report_free(r);

	/* and the record of closing cannot be undone behind jifen's back */
	assert_int_not_equal(raw_exec(f, "DELETE FROM day_closes"), SQLITE_OK);
	assert_int_not_equal(raw_exec(f, "UPDATE day_closes SET day = '2026-06-09'"), SQLITE_OK);
	assert_int_equal(jf_day_last_closed(db, last), JF_OK);
	assert_string_equal(last, D2);
}

/* Today closed by mistake: an administrator reopens it with a reason, the
 * business goes on, the day is closed again; all of it in the report.  A
 * past day is not reopened; a day to come is not closed. */
static void test_reopen(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	jf_cart_line c[] = {{f->tissue, 1}};
	jf_redeem_result res;
	assert_int_equal(jf_day_close(db, f->staff, D1, NULL), JF_OK);
	assert_int_equal(jf_day_close(db, f->staff, D3, NULL), JF_BAD_DATE);
	assert_int_equal(jf_day_close(db, f->staff, NULL, "下班"), JF_OK);
	assert_int_equal(jf_redeem(db, f->vol, f->ding, c, 1, &res), JF_DAY_CLOSED);
	assert_int_equal(jf_day_reopen(db, f->staff, D2, "日结早了"), JF_DENIED);
	assert_int_equal(jf_day_reopen(db, f->e->admin, D2, NULL), JF_INVALID);
	assert_int_equal(jf_day_reopen(db, f->e->admin, D2, ""), JF_INVALID);
	assert_int_equal(jf_day_reopen(db, f->e->admin, D1, "补记"), JF_INVALID);
	assert_non_null(strstr(jf_db_error(db), "已经过去"));
	assert_int_equal(jf_day_reopen(db, f->e->admin, D3, "没日结"), JF_INVALID);
	assert_int_equal(jf_day_reopen(db, f->e->admin, D2, "日结早了"), JF_OK);
	assert_int_equal(jf_day_reopen(db, f->e->admin, D2, "再来一次"), JF_INVALID);
	char last[11];
	assert_int_equal(jf_day_last_closed(db, last), JF_OK);
	assert_string_equal(last, D1);
	assert_int_equal(jf_redeem(db, f->vol, f->ding, c, 1, &res), JF_OK);
	jf_day_report *r;
	assert_int_equal(jf_day_report_load(db, D2, &r), JF_OK);
	assert_int_equal(r->closed, 0);
	assert_int_equal(r->n_event, 2);
	assert_string_equal(r->events[0].kind, "first");
	assert_string_equal(r->events[1].kind, "reopen");
	assert_string_equal(r->events[1].note, "日结早了");
	assert_string_equal(r->events[1].operator_name, "管理员");
	jf_day_report_free(r);
	assert_int_equal(jf_day_close(db, f->staff, NULL, "真下班了"), JF_OK);
	assert_int_equal(jf_day_close(db, f->staff, NULL, NULL), JF_EXISTS);
	assert_int_equal(jf_redeem(db, f->vol, f->ding, c, 1, &res), JF_DAY_CLOSED);
	assert_int_equal(jf_day_last_closed(db, last), JF_OK);
	assert_string_equal(last, D2);
	assert_int_equal(jf_day_report_load(db, D2, &r), JF_OK);
	assert_int_equal(r->closed, 1);
	assert_string_equal(r->closed_by, "杨阿强");
	assert_string_equal(r->close_note, "真下班了");
	assert_int_equal(r->n_event, 3);
	assert_int_equal(r->redemptions, 3);
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	jf_day_report_write(db, r, out, 80, 0);
	fclose(out);
	assert_non_null(strstr(text, "演示/测试数据库"));
	assert_non_null(strstr(text, "管理员 重开了 " D2 "：日结早了"));
	assert_non_null(strstr(text, "杨阿强 再次日结 " D2 "：真下班了"));
	assert_non_null(strstr(text, "杨阿强 日结 " D2 "：下班"));
	free(text);
	jf_day_report_free(r);
	/* the first close stays in day_closes, the rest are day_events */
	assert_int_not_equal(raw_exec(f, "DELETE FROM day_events"), SQLITE_OK);
	jf_audit_report rep;
	assert_int_equal(jf_audit(db, &rep), JF_OK);
}

static void test_vouchers(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	jf_voucher_entry v;
	jf_db_set_time(db, T1 + 2 * DAY);
	assert_int_equal(jf_voucher_get(db, f->voucher_b, &v), JF_OK);
	assert_int_equal(v.state, JF_VOUCHER_FULFILLED);
	assert_string_equal(v.fulfilled_by, "杨阿强");
	assert_string_equal(v.note, "保洁公司王师傅");
	assert_string_equal(v.receipt_no, f->no_b);
	/* once only */
	assert_int_equal(jf_voucher_fulfil(db, f->staff, f->voucher_b, NULL), JF_VOUCHER_USED);
	assert_int_equal(jf_voucher_fulfil(db, f->staff, 999, NULL), JF_NOT_FOUND);
	/* a volunteer may not */
	jf_cart_line h[] = {{f->clean, 2}};
	jf_redeem_result res;
	assert_int_equal(jf_redeem(db, f->vol, f->ding, h, 1, &res), JF_OK);
	jf_voucher_entry *list;
	size_t n;
	assert_int_equal(jf_voucher_list(db, JF_VOUCHER_OPEN, 0, &list, &n), JF_OK);
	assert_int_equal(n, 2);
	int64_t first = list[0].id;
	free(list);
	assert_int_equal(jf_voucher_fulfil(db, f->vol, first, NULL), JF_DENIED);
	/* a voided receipt's vouchers are void */
	assert_int_equal(jf_void(db, f->staff, res.receipt_no, "不要了", NULL), JF_OK);
	assert_int_equal(jf_voucher_fulfil(db, f->staff, first, NULL), JF_ALREADY_VOIDED);
	assert_int_equal(jf_voucher_list(db, JF_VOUCHER_VOIDED, 0, &list, &n), JF_OK);
	assert_int_equal(n, 2);
	free(list);
	/* past the last valid day: expired; the sponsor may still report it,
	 * with a recorded override */
	jf_cart_line h1[] = {{f->clean, 1}};
	assert_int_equal(jf_redeem(db, f->vol, f->yang, h1, 1, &res), JF_OK);
	jf_db_set_time(db, T1 + 40 * DAY);
	assert_int_equal(jf_voucher_list(db, JF_VOUCHER_EXPIRED, 0, &list, &n), JF_OK);
	assert_int_equal(n, 1);
	int64_t late = list[0].id;
	free(list);
	assert_int_equal(jf_voucher_fulfil(db, f->staff, late, "月初已做"), JF_EXPIRED);
	assert_int_equal(jf_voucher_fulfil_ex(db, f->staff, late, "月初已做", "提供方晚报"), JF_OK);
	assert_int_equal(jf_voucher_get(db, late, &v), JF_OK);
	assert_int_equal(v.state, JF_VOUCHER_FULFILLED);
	assert_true(v.override_expired);
	assert_int_equal(jf_voucher_list(db, JF_VOUCHER_ALL, 0, &list, &n), JF_OK);
	assert_int_equal(n, 4);
	free(list);
}

/* The figures of the line of `text` that names `name`, after the name. */
static int row_figures(const char *text, const char *name, long long *v, int max)
{
	const char *p = strstr(text, name);
	int n = 0;
	if (!p)
		fail_msg("no line for %s in:\n%s", name, text);
	p = strstr(p, "）");
	assert_non_null(p);
	p += strlen("）");
	while (n < max && *p && *p != '\n') {
		char *end;
		long long x = strtoll(p, &end, 10);
		if (end == p) {
			p++;
			continue;
		}
		v[n++] = x;
		p = end;
	}
	return n;
}

/* A count is a movement of the day: the report's chain ends at the book
 * stock whatever came before or after the count (issue 11's rows:
 * `纸巾 582 0 4 1 0 579 575 -3` and `食用油 60 30 0 0 0 90 30 -60`). */
static void test_day_report_counts_during_the_day(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	jf_day_report *r;
	jf_redeem_result res;

	/* the stock on hand before day 3 */
	int64_t paper = add_item(f, "ZC", "纸抽", JF_ITEM_GOODS, 1, "包");
	int64_t oil = add_item(f, "SY", "食用油", JF_ITEM_GOODS, 1, "瓶");
	int64_t soap = add_item(f, "FZ", "肥皂", JF_ITEM_GOODS, 1, "块");
	jf_db_set_time(db, T1 + DAY + 3600);
	assert_int_equal(jf_stock_in(db, f->staff, paper, 582, 0, NULL), JF_OK);
	assert_int_equal(jf_stock_in(db, f->staff, oil, 60, 0, NULL), JF_OK);
	assert_int_equal(jf_stock_in(db, f->staff, soap, 12, 0, NULL), JF_OK);

	/* day 3 */
	jf_db_set_time(db, T1 + 2 * DAY);
	jf_cart_line p3[] = {{paper, 3}}, p1[] = {{paper, 1}};
	char no_p1[32];
	assert_int_equal(jf_redeem(db, f->vol, f->ding, p3, 1, &res), JF_OK);
	redeem(f, f->vol, f->yang, p1, 1, no_p1);
	/* a count during the day that finds fewer: book 578, counted 575 */
	jf_db_set_time(db, T1 + 2 * DAY + 3600);
	assert_int_equal(jf_stock_count(db, f->staff, paper, 575, "盘点"), JF_OK);
	/* then a receipt voided: one back on the shelf after the count */
	jf_db_set_time(db, T1 + 2 * DAY + 7200);
	assert_int_equal(jf_void(db, f->staff, no_p1, "退回", NULL), JF_OK);
	/* stock received, then counted */
	assert_int_equal(jf_stock_in(db, f->staff, oil, 30, 0, NULL), JF_OK);
	assert_int_equal(jf_stock_count(db, f->staff, oil, 30, "盘点"), JF_OK);
	/* a miscount put right by a recount: book 8, counted 6, then 8 again */
	assert_int_equal(jf_stock_count(db, f->staff, f->rice, 6, "盘点"), JF_OK);
	assert_int_equal(jf_stock_count(db, f->staff, f->rice, 8, "复盘"), JF_OK);
	/* a count that agrees */
	assert_int_equal(jf_stock_count(db, f->staff, soap, 12, "盘点"), JF_OK);

	assert_int_equal(jf_day_report_load(db, D3, &r), JF_OK);
	const jf_day_stock *p = stock_of(r, paper);
	assert_int_equal(p->opening, 582);
	assert_int_equal(p->received, 0);
	assert_int_equal(p->redeemed, 4);
	assert_int_equal(p->voided, 1);
	assert_int_equal(p->adjusted, -3);
	assert_int_equal(p->expected, 576);
	assert_true(p->counted_set);
	assert_int_equal(p->counted, 575);
	assert_int_equal(p->count_diff, -3);
	const jf_day_stock *o = stock_of(r, oil);
	assert_int_equal(o->opening, 60);
	assert_int_equal(o->received, 30);
	assert_int_equal(o->adjusted, -60);
	assert_int_equal(o->expected, 30);
	assert_int_equal(o->counted, 30);
	assert_int_equal(o->count_diff, -60);
	const jf_day_stock *m = stock_of(r, f->rice);
	assert_int_equal(m->adjusted, 0);
	assert_int_equal(m->expected, 8);
	assert_int_equal(m->counted, 8);
	assert_int_equal(m->count_diff, 0);
	const jf_day_stock *s = stock_of(r, soap);
	assert_int_equal(s->count_diff, 0);
	assert_int_equal(s->expected, 12);
	/* every row: the chain of the day ends at what the item list shows */
	for (size_t i = 0; i < r->n_stock; i++) {
		const jf_day_stock *x = &r->stock[i];
		jf_item it;
		assert_int_equal(jf_item_get(db, x->item_id, &it), JF_OK);
		assert_int_equal(x->opening + x->received - x->redeemed + x->voided + x->adjusted,
		                 x->expected);
		assert_int_equal(x->expected, it.stock);
		assert_int_equal(x->book, it.stock);
	}
	/* only the two items that were short are differences */
	assert_int_equal(r->stock_differences, 2);
	assert_true(r->balanced);

	/* the same figures in text, wide and on paper */
	char *buf;
	size_t len;
	long long v[8];
	FILE *mf = open_memstream(&buf, &len);
	jf_day_report_write(db, r, mf, 80, 0);
	fclose(mf);
	assert_int_equal(row_figures(buf, "纸抽（包）", v, 8), 8);
	long long want_p[8] = {582, 0, 4, 1, -3, 576, 575, -3};
	for (int i = 0; i < 8; i++)
		assert_int_equal(v[i], want_p[i]);
	assert_non_null(strstr(buf, "盘点后又进出 +1"));
	assert_int_equal(row_figures(buf, "食用油（瓶）", v, 8), 8);
	long long want_o[8] = {60, 30, 0, 0, -60, 30, 30, -60};
	for (int i = 0; i < 8; i++)
		assert_int_equal(v[i], want_o[i]);
	/* the recount and the agreeing count: no difference */
	assert_int_equal(row_figures(buf, "大米（袋）", v, 8), 7);
	assert_int_equal(v[4], 0);
	assert_int_equal(v[5], 8);
	assert_int_equal(v[6], 8);
	assert_non_null(strstr(strstr(buf, "大米（袋）"), "相符"));
	assert_non_null(strstr(strstr(buf, "肥皂（块）"), "相符"));
	assert_non_null(strstr(buf, "2 种商品实盘与账面不符"));
	assert_null(strstr(buf, "不符，请运行"));
	check_width(buf, 80, 0);
	free(buf);
	mf = open_memstream(&buf, &len);
	jf_day_report_write(db, r, mf, 32, 1);
	fclose(mf);
	assert_non_null(strstr(buf, "582 + 0 - 4 + 1 -3 = 576"));
	assert_non_null(strstr(buf, "实盘 575，差异 -3"));
	assert_non_null(strstr(buf, "60 + 30 - 0 + 0 -60 = 30"));
	assert_non_null(strstr(buf, "实盘 30，差异 -60"));
	assert_non_null(strstr(buf, "实盘 8，相符"));
	check_width(buf, 32, 1);
	free(buf);
	jf_day_report_free(r);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	test_init();
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_day_report_balances, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_day_report_text, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_day_report_counts_during_the_day, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_close_refuses_entries, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reopen, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_vouchers, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
