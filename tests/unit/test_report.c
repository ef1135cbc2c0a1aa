/* The monthly public notice, for a community of 1,000 residents, and the
 * passbook statement. */
#include "testlib.h"

#include <sqlite3.h>
#include <time.h>

#include "jifen/catalog.h"
#include "jifen/csv.h"
#include "jifen/ledger.h"
#include "jifen/report.h"
#include "jifen/resident.h"
#include "jifen/text.h"
#include "jifen/voucher.h"

#define N 1000
#define DAY 86400
/* 2026-05-20 10:00 UTC; the tests run with TZ=UTC */
#define MAY20 1779271200
#define JUN(d) (MAY20 + (11 + (d)) * DAY)
#define JUL(d) (JUN(30) + (d)*DAY)

typedef struct {
	test_env *e;
	jf_op *staff;
	int64_t ids[N + 1]; /* ids[1..N] */
	int64_t grid, tissue, rice, clean, huimin, longmen;
	jf_activity c01, v01, g04;
	char void_no[32];
} fixture;

static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
                                       "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"};
static const char *const given[] = {
    "建国", "秀兰", "志强", "桂芳", "海燕", "国庆", "淑珍", "文华", "晓东", "玉兰",
    "德明", "春梅", "永红", "振华", "丽娟", "卫东", "金凤", "少华", "红霞", "长青",
    "新民", "秋菊", "宝山", "翠萍", "立军", "雪梅", "志安", "凤英", "俊杰", "小燕",
    "家明", "淑华", "保平", "月娥", "文斌", "素琴", "福生", "爱莲", "庆丰", "巧云",
    "学文", "彩霞", "建军", "玉珍", "效忠", "美玲", "天佑", "桂香", "明亮", "粉娥"};

static void award(fixture *f, const jf_activity *a, int from, int to, const char *deed)
{
	jf_award_req req = {.activity_id = a->id, .verifier_id = f->grid, .deed_date = deed};
	assert_int_equal(
	    jf_award(f->e->db, f->staff, &f->ids[from], (size_t)(to - from + 1), &req, NULL),
	    JF_OK);
}

static int64_t add_item(fixture *f, const char *code, const char *name, jf_item_kind kind,
                        int64_t points, const char *unit, int64_t sponsor)
{
	jf_item it;
	int64_t id = 0;
	memset(&it, 0, sizeof it);
	snprintf(it.code, sizeof it.code, "%s", code);
	snprintf(it.name, sizeof it.name, "%s", name);
	snprintf(it.unit, sizeof it.unit, "%s", unit);
	it.kind = kind;
	it.points = points;
	it.sponsor_id = sponsor;
	it.valid_days = 30;
	assert_int_equal(jf_item_add(f->e->db, f->e->admin, &it, &id), JF_OK);
	return id;
}

/* One month of a community of 1,000:
 *   May 20: everybody at a clean-up (C01, 2 points).
 *   June: clean-ups on the 5th (residents 1-300) and the 12th (200-500,
 *   and 600-650 recorded a day later); visits to the elderly (V01, 3) by
 *   1-40; a dispute settled (G04, 3) by 41-50; tissue for 1-100, one of
 *   them voided; housekeeping for 1-5, two of them done; 500 tissue and 50
 *   rice received from sponsors; +4 and -1 adjustments.
 *   July 2: 1-10 at another clean-up, after the month. */
static int setup(void **state)
{
	if (test_env_setup(state) != 0)
		return -1;
	fixture *f = calloc(1, sizeof *f);
	f->e = *state;
	jf_db *db = f->e->db;
	jf_db_set_time(db, MAY20);
	assert_int_equal(jf_activity_load_defaults(db), JF_OK);
	assert_int_equal(
	    jf_operator_add(db, f->e->admin, "staff", "杨阿强", JF_ROLE_STAFF, "2468", 0), JF_OK);
	assert_int_equal(jf_login(db, "staff", "2468", &f->staff), JF_OK);
	assert_int_equal(
	    jf_verifier_add(db, f->staff, "原冬梅", JF_VERIFIER_GRID, "", "", 0, &f->grid), JF_OK);
	assert_int_equal(jf_activity_resolve(db, "C01", &f->c01), JF_OK);
	assert_int_equal(jf_activity_resolve(db, "V01", &f->v01), JF_OK);
	assert_int_equal(jf_activity_resolve(db, "G04", &f->g04), JF_OK);

	static char names[N][32], buildings[N][8];
	static const char *const compounds[] = {"开发楼家属楼", "世纪楼家属楼", "安康小区",
	                                        "公安小区"};
	jf_resident_new *rows = calloc(N, sizeof *rows);
	for (int i = 0; i < N; i++) {
		if (i == 0)
			snprintf(names[i], sizeof names[i], "丁美英");
		else
			snprintf(names[i], sizeof names[i], "%s%s", surnames[i % 20],
			         given[(i / 20) % 50]);
		snprintf(buildings[i], sizeof buildings[i], "%d", 1 + i % 6);
		rows[i].name = names[i];
		rows[i].compound = compounds[i % 4];
		rows[i].building = buildings[i];
		rows[i].party = i % 10 == 0;
	}
	size_t bad = 0;
	assert_int_equal(jf_resident_add_many(db, f->staff, rows, N, &bad), JF_OK);
	free(rows);
	sqlite3 *raw;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(f->e->path, &raw), SQLITE_OK);
	assert_int_equal(
	    sqlite3_prepare_v2(raw, "SELECT id FROM residents ORDER BY id", -1, &st, NULL),
	    SQLITE_OK);
	for (int i = 1; i <= N; i++) {
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		f->ids[i] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	sqlite3_close(raw);

	assert_int_equal(
	    jf_sponsor_ensure(db, f->staff, "惠民商贸", JF_SPONSOR_ENTERPRISE, &f->huimin), JF_OK);
	assert_int_equal(jf_sponsor_ensure(db, f->staff, "A&B粮油", JF_SPONSOR_UNIT, &f->longmen),
	                 JF_OK);
	f->tissue = add_item(f, "ZJ", "纸巾", JF_ITEM_GOODS, 2, "包", f->huimin);
	f->rice = add_item(f, "DM", "大米", JF_ITEM_PRODUCE, 5, "袋", f->longmen);
	f->clean = add_item(f, "JZ", "家政保洁", JF_ITEM_HOUSEKEEPING, 5, "次", f->huimin);

	award(f, &f->c01, 1, N, "2026-05-20");

	jf_db_set_time(db, JUN(1));
	assert_int_equal(jf_stock_in(db, f->staff, f->tissue, 500, f->huimin, NULL), JF_OK);
	assert_int_equal(jf_stock_in(db, f->staff, f->rice, 50, f->longmen, NULL), JF_OK);
	jf_db_set_time(db, JUN(5));
	award(f, &f->c01, 1, 300, "2026-06-05");
	jf_db_set_time(db, JUN(8));
	award(f, &f->v01, 1, 40, NULL);
	award(f, &f->g04, 41, 50, NULL);
	jf_db_set_time(db, JUN(12));
	award(f, &f->c01, 200, 500, NULL);
	jf_db_set_time(db, JUN(13));
	award(f, &f->c01, 600, 650, "2026-06-12");
	jf_db_set_time(db, JUN(15));
	for (int i = 1; i <= 100; i++) {
		jf_cart_line l[] = {{f->tissue, 1}};
		jf_redeem_result res;
		assert_int_equal(jf_redeem(db, f->staff, f->ids[i], l, 1, &res), JF_OK);
		if (i == 3)
			strcpy(f->void_no, res.receipt_no);
	}
	for (int i = 1; i <= 5; i++) {
		jf_cart_line l[] = {{f->clean, 1}};
		jf_redeem_result res;
		assert_int_equal(jf_redeem(db, f->staff, f->ids[i], l, 1, &res), JF_OK);
	}
	jf_db_set_time(db, JUN(20));
	assert_int_equal(jf_void(db, f->staff, f->void_no, "重复兑换", NULL), JF_OK);
	jf_voucher_entry *v;
	size_t nv;
	assert_int_equal(jf_voucher_list(db, JF_VOUCHER_OPEN, 0, &v, &nv), JF_OK);
	assert_int_equal(nv, 5);
	assert_int_equal(jf_voucher_fulfil(db, f->staff, v[0].id, NULL), JF_OK);
	assert_int_equal(jf_voucher_fulfil(db, f->staff, v[1].id, NULL), JF_OK);
	free(v);
	assert_int_equal(jf_adjust(db, f->e->admin, f->ids[998], 4, "补录", NULL), JF_OK);
	assert_int_equal(jf_adjust(db, f->e->admin, f->ids[999], -1, "多记", NULL), JF_OK);

	jf_db_set_time(db, JUL(2));
	award(f, &f->c01, 1, 10, NULL);
	jf_db_set_time(db, JUL(3));
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

/* One number from the ledger, by SQL of the test's own. */
static int64_t sql_int(fixture *f, const char *sql)
{
	sqlite3 *raw;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(f->e->path, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(raw, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(raw);
	return v;
}

static void sql_text(fixture *f, const char *sql, char *out, size_t len)
{
	sqlite3 *raw;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(f->e->path, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(raw, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(out, len, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(raw);
}

#define JUNE "day >= '2026-06-01' AND day < '2026-07-01'"

static void test_month_totals_equal_ledger(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	jf_month_report *r;
	assert_int_equal(jf_month_report_load(db, "2026-06", &r), JF_OK);
	assert_string_equal(r->month, "2026-06");
	assert_string_equal(r->community, "府西社区");
	assert_int_equal(r->n_residents, N);

	/* the totals are the ledger's sums */
	assert_int_equal(r->points_earned,
	                 sql_int(f, "SELECT sum(points) FROM ledger WHERE " JUNE
	                            " AND (kind = 'award' OR (kind = 'adjust' AND points > 0))"));
	assert_int_equal(r->points_spent, sql_int(f, "SELECT -sum(points) FROM ledger WHERE " JUNE
	                                             " AND kind IN ('redeem', 'void')"));
	assert_int_equal(r->points_deducted,
	                 sql_int(f, "SELECT -sum(points) FROM ledger WHERE " JUNE
	                            " AND kind = 'adjust' AND points < 0"));
	assert_int_equal(r->points_opening,
	                 sql_int(f, "SELECT sum(points) FROM ledger WHERE day < '2026-06-01'"));
	assert_int_equal(r->points_closing,
	                 sql_int(f, "SELECT sum(points) FROM ledger WHERE day < '2026-07-01'"));
	assert_int_equal(r->points_opening, 2 * N);
	assert_int_equal(r->points_earned, 2 * 300 + 3 * 40 + 3 * 10 + 2 * 301 + 2 * 51 + 4);
	assert_int_equal(r->points_spent, 2 * 99 + 5 * 5);
	assert_int_equal(r->points_deducted, 1);
	assert_int_equal(r->points_closing, r->points_opening + r->points_earned - r->points_spent -
	                                        r->points_deducted);

	/* each resident's line agrees with the ledger core's own month totals
	 * and with the balance after the month's last entry */
	int64_t sum_earned = 0;
	for (size_t i = 0; i < r->n_residents; i++) {
		const jf_month_resident *m = &r->residents[i];
		int64_t earned, spent;
		assert_int_equal(jf_month_totals(db, m->resident_id, JUN(10), &earned, &spent),
		                 JF_OK);
		assert_int_equal(m->earned, earned);
		assert_int_equal(m->spent, spent);
		assert_int_equal(m->closing, m->opening + m->earned - m->spent - m->deducted);
		sum_earned += m->earned;
	}
	assert_int_equal(sum_earned, r->points_earned);
	/* 丁美英 (no. 1): 2 + (2 + 3) - 2 - 5 = 0 at the end of June */
	const jf_month_resident *ding = NULL;
	for (size_t i = 0; i < r->n_residents; i++)
		if (r->residents[i].resident_id == f->ids[1])
			ding = &r->residents[i];
	assert_non_null(ding);
	assert_string_equal(ding->name, "丁美英");
	assert_int_equal(ding->opening, 2);
	assert_int_equal(ding->earned, 5);
	assert_int_equal(ding->spent, 7);
	assert_int_equal(ding->closing, 0);
	assert_int_equal(ding->awards, 2);
	char sql[256];
	snprintf(sql, sizeof sql,
	         "SELECT balance_after FROM ledger WHERE resident_id = %lld AND day < '2026-07-01'"
	         " ORDER BY id DESC LIMIT 1",
	         (long long)f->ids[1]);
	assert_int_equal(ding->closing, sql_int(f, sql));

	/* categories and activities */
	int64_t cat_points = 0, cat_awards = 0;
	for (int i = 0; i < JF_CATEGORY_COUNT; i++) {
		cat_points += r->categories[i].points;
		cat_awards += r->categories[i].awards;
	}
	assert_int_equal(cat_points, sql_int(f, "SELECT sum(points) FROM ledger WHERE " JUNE
	                                        " AND kind = 'award'"));
	assert_int_equal(cat_awards, r->awards);
	assert_string_equal(r->categories[1].category, "文明帮创");
	assert_int_equal(r->categories[1].awards, 300 + 301 + 51);
	assert_int_equal(r->categories[1].residents, 551);
	assert_string_equal(r->categories[4].category, "志愿服务");
	assert_int_equal(r->categories[4].points, 120);
	assert_int_equal(r->n_activities, 3);
	assert_string_equal(r->activities[0].code, "C01");
	assert_int_equal(r->activities[0].awards, 652);

	/* participation, as the article counts it */
	assert_int_equal(r->participants,
	                 sql_int(f, "SELECT count(DISTINCT resident_id) FROM ledger WHERE " JUNE
	                            " AND kind = 'award'"));
	assert_int_equal(r->participants, 551);
	assert_int_equal(r->party_participants,
	                 sql_int(f,
	                         "SELECT count(DISTINCT l.resident_id) FROM ledger l JOIN residents"
	                         " r ON r.id = l.resident_id WHERE r.party = 1 AND l." JUNE
	                         " AND l.kind = 'award'"));
	assert_int_equal(r->cleanups, 2);
	assert_int_equal(r->volunteer_services, 40);
	assert_int_equal(r->redemptions, 105 - 1);
	assert_int_equal(r->items_redeemed, 99 + 5);
	assert_int_equal(r->services_delivered, 2);
	assert_int_equal(r->housekeeping_delivered, 2);

	/* items, services, sponsors */
	assert_int_equal(r->n_items, 2);
	assert_string_equal(r->items[0].name, "纸巾");
	assert_int_equal(r->items[0].qty, 99);
	assert_int_equal(r->items[0].points, 198);
	assert_string_equal(r->items[1].name, "家政保洁");
	assert_int_equal(r->n_services, 1);
	assert_int_equal(r->services[0].issued, 5);
	assert_int_equal(r->services[0].fulfilled, 2);
	assert_int_equal(r->n_gifts, 3);
	/* A&B粮油 sorts first: rice received */
	assert_string_equal(r->gifts[0].sponsor, "A&B粮油");
	assert_int_equal(r->gifts[0].received, 50);
	assert_int_equal(r->gifts[0].redeemed, 0);
	for (size_t i = 1; i < 3; i++)
		assert_string_equal(r->gifts[i].sponsor, "惠民商贸");
	assert_string_equal(r->gifts[1].item, "家政保洁"); /* by item code: JZ, ZJ */
	assert_int_equal(r->gifts[1].redeemed, 5);
	assert_int_equal(r->gifts[1].fulfilled, 2);
	assert_string_equal(r->gifts[2].item, "纸巾");
	assert_int_equal(r->gifts[2].received, 500);
	assert_int_equal(r->gifts[2].redeemed, 99);

	/* the chain head at the month's end, and now */
	char hash[65];
	assert_true(r->month_over);
	sql_text(f, "SELECT hash FROM ledger WHERE day < '2026-07-01' ORDER BY id DESC LIMIT 1",
	         hash, sizeof hash);
	assert_string_equal(r->head_month_end, hash);
	assert_int_equal(r->entries_month_end,
	                 sql_int(f, "SELECT count(*) FROM ledger WHERE day < '2026-07-01'"));
	assert_int_equal(jf_ledger_head(db, hash), JF_OK);
	assert_string_equal(r->head_now, hash);
	assert_int_equal(r->entries_now, r->entries_month_end + 10);
	jf_month_report_free(r);

	/* the month still running pins the ledger as it is now */
	assert_int_equal(jf_month_report_load(db, "2026-07", &r), JF_OK);
	assert_false(r->month_over);
	assert_string_equal(r->head_month_end, r->head_now);
	assert_int_equal(r->participants, 10);
	assert_int_equal(r->cleanups, 1);
	jf_month_report_free(r);

	assert_int_equal(jf_month_report_load(db, "2026-08", &r), JF_BAD_DATE);
	assert_int_equal(jf_month_report_load(db, "2026-6", &r), JF_BAD_DATE);
	assert_int_equal(jf_month_report_load(db, "2026-13", &r), JF_BAD_DATE);
	assert_int_equal(jf_month_report_load(db, NULL, &r), JF_BAD_DATE);
}

static char *write_report(const jf_month_report *r, jf_report_format fmt, int full, int cols)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mf = open_memstream(&buf, &len);
	jf_month_report_write(r, fmt, full, cols, mf);
	fclose(mf);
	char *out = strdup(buf);
	free(buf);
	return out;
}

static void test_month_formats(void **state)
{
	fixture *f = *state;
	jf_month_report *r;
	assert_int_equal(jf_month_report_load(f->e->db, "2026-06", &r), JF_OK);

	/* text: names masked unless asked, every line within the width */
	char *t = write_report(r, JF_REPORT_TEXT, 0, 80);
	assert_non_null(strstr(t, "府西社区积分公示"));
	assert_non_null(strstr(t, "2026年6月"));
	assert_non_null(strstr(t, "丁*英"));
	assert_null(strstr(t, "丁美英"));
	assert_non_null(strstr(t, r->head_month_end));
	assert_non_null(strstr(t, r->head_now));
	assert_non_null(strstr(t, "感谢爱心企业 惠民商贸"));
	assert_non_null(strstr(t, "人居环境整治 2 次"));
	char *copy = strdup(t), *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (jf_text_width(line) > 80)
			fail_msg("wider than 80 columns: %s", line);
	free(copy);
	free(t);
	t = write_report(r, JF_REPORT_TEXT, 1, 80);
	assert_non_null(strstr(t, "丁美英"));
	free(t);

	/* HTML: a page for A4, names masked, text escaped */
	t = write_report(r, JF_REPORT_HTML, 0, 0);
	assert_true(strncmp(t, "<!DOCTYPE html>", 15) == 0);
	assert_non_null(strstr(t, "<title>府西社区积分公示 2026年6月</title>"));
	assert_non_null(strstr(t, "<h1>府西社区积分公示</h1>"));
	assert_non_null(strstr(t, "@page { size: A4"));
	assert_non_null(strstr(t, "@media print"));
	assert_non_null(strstr(t, "A&amp;B粮油"));
	assert_null(strstr(t, "A&B"));
	assert_non_null(strstr(t, "丁*英"));
	assert_null(strstr(t, "丁美英"));
	assert_non_null(strstr(t, "</html>"));
	/* one table row per resident in the residents' table */
	const char *body = strstr(t, "居民积分明细");
	assert_non_null(body);
	size_t rows = 0;
	for (const char *p = body; (p = strstr(p, "<tr><td>")) && p < strstr(body, "</tbody>"); p++)
		rows++;
	assert_int_equal(rows, N);
	free(t);

	/* CSV: read back with the reader; the residents' closing column adds up */
	t = write_report(r, JF_REPORT_CSV, 0, 0);
	jf_csv *c;
	char err[256];
	assert_int_equal(jf_csv_open_mem(t, strlen(t), &c, err, sizeof err), JF_OK);
	assert_int_equal(jf_csv_encoding_of(c), JF_CSV_UTF8_BOM);
	jf_csv_record rec;
	int in_residents = 0, header = 0;
	size_t n = 0;
	int64_t closing = 0, earned = 0;
	while (jf_csv_next(c, &rec) == 1) {
		if (rec.n == 1 && !strcmp(rec.fields[0], "居民积分明细")) {
			in_residents = 1;
			header = 1;
			continue;
		}
		if (rec.n == 1) {
			in_residents = 0;
			continue;
		}
		if (!in_residents)
			continue;
		if (header) {
			assert_string_equal(rec.fields[0], "姓名");
			assert_string_equal(rec.fields[7], "月末结余");
			header = 0;
			continue;
		}
		assert_int_equal(rec.n, 8);
		assert_null(strstr(rec.fields[0], "丁美英"));
		earned += strtoll(rec.fields[4], NULL, 10);
		closing += strtoll(rec.fields[7], NULL, 10);
		n++;
	}
	jf_csv_close(c);
	assert_int_equal(n, N);
	assert_int_equal(earned, r->points_earned);
	assert_int_equal(closing, r->points_closing);
	free(t);
	jf_month_report_free(r);

	assert_int_equal(jf_report_format_parse("html"), JF_REPORT_HTML);
	assert_int_equal(jf_report_format_parse("csv"), JF_REPORT_CSV);
	assert_int_equal(jf_report_format_parse("text"), JF_REPORT_TEXT);
	assert_int_equal(jf_report_format_parse("pdf"), 0);
}

static void test_statement(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	char *buf;
	size_t len;
	/* 丁美英 in June: 2 brought forward, +2 +3 -2 -5, 0 carried */
	FILE *mf = open_memstream(&buf, &len);
	assert_int_equal(jf_statement_write(db, f->ids[1], "2026-06-01", "2026-06-30", mf, 32, 1),
	                 JF_OK);
	fclose(mf);
	assert_non_null(strstr(buf, "府西社区积分存折"));
	assert_non_null(strstr(buf, "丁美英"));
	assert_non_null(strstr(buf, "2026-06-01 至 2026-06-30"));
	assert_non_null(strstr(buf, "参加人居环境整治"));
	assert_non_null(strstr(buf, "家政保洁"));
	assert_null(strstr(buf, "2026-07-02")); /* July is outside */
	assert_null(strstr(buf, "2026-05-20"));
	const char *brought = strstr(buf, "上期结余");
	const char *carried = strstr(buf, "本期结余");
	assert_non_null(brought);
	assert_non_null(carried);
	assert_non_null(strstr(brought, " 2 分"));
	assert_true(strstr(brought, " 2 分") < strstr(brought, "\n"));
	assert_non_null(strstr(carried, " 0 分"));
	assert_non_null(strstr(buf, "+5")); /* earned */
	assert_non_null(strstr(buf, "-7")); /* spent */
	char *copy = strdup(buf), *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (jf_text_print_width(line) > 32)
			fail_msg("wider than the paper: %s", line);
	free(copy);
	free(buf);

	/* the whole history to today: the balance the resident has */
	mf = open_memstream(&buf, &len);
	assert_int_equal(jf_statement_write(db, f->ids[1], NULL, NULL, mf, 64, 0), JF_OK);
	fclose(mf);
	jf_resident res;
	assert_int_equal(jf_resident_get(db, f->ids[1], &res), JF_OK);
	char want[64];
	snprintf(want, sizeof want, " %lld 分\n", (long long)res.balance);
	assert_non_null(strstr(strstr(buf, "本期结余"), want));
	assert_non_null(strstr(buf, "2026-07-02"));
	free(buf);

	mf = open_memstream(&buf, &len);
	assert_int_equal(jf_statement_write(db, f->ids[1], "2026-07-01", "2026-06-01", mf, 64, 0),
	                 JF_BAD_DATE);
	assert_int_equal(jf_statement_write(db, f->ids[1], "2026-06-31", NULL, mf, 64, 0),
	                 JF_BAD_DATE);
	assert_int_equal(jf_statement_write(db, 999999, NULL, NULL, mf, 64, 0), JF_NOT_FOUND);
	fclose(mf);
	free(buf);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	test_init();
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_month_totals_equal_ledger, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_month_formats, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_statement, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
