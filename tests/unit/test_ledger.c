/* The ledger: awards, redemptions, voids, stock, the audit. */
#include "testlib.h"

#include <sqlite3.h>

#include "jifen/catalog.h"
#include "jifen/dayclose.h"
#include "jifen/ledger.h"
#include "jifen/resident.h"

typedef struct {
	test_env *e;
	jf_op *staff, *vol;
	int64_t ding, yang, moved, grid, tissue, rice, clean, ac;
	int64_t t0;
} fixture;

static int64_t add_item(fixture *f, const char *code, const char *name, jf_item_kind kind,
                        int64_t points, int64_t limit)
{
	jf_item it;
	int64_t id = 0;
	memset(&it, 0, sizeof it);
	snprintf(it.code, sizeof it.code, "%s", code);
	snprintf(it.name, sizeof it.name, "%s", name);
	snprintf(it.unit, sizeof it.unit, "%s", kind == JF_ITEM_GOODS ? "包" : "次");
	it.kind = kind;
	it.points = points;
	it.monthly_limit = limit;
	it.valid_days = 30;
	assert_int_equal(jf_item_add(f->e->db, f->e->admin, &it, &id), JF_OK);
	return id;
}

static int setup(void **state)
{
	if (test_env_setup(state) != 0)
		return -1;
	fixture *f = calloc(1, sizeof *f);
	f->e = *state;
	jf_db *db = f->e->db;
	/* 2026-06-10 10:00 local-ish: a fixed clock */
	f->t0 = 1781085600;
	jf_db_set_time(db, f->t0);
	assert_int_equal(jf_activity_load_defaults(db), JF_OK);
	assert_int_equal(jf_operator_add(db, f->e->admin, "staff", "杨阿强", JF_ROLE_STAFF, "2468", 0),
	                 JF_OK);
	assert_int_equal(jf_operator_add(db, f->e->admin, "counter", "李志愿", JF_ROLE_VOLUNTEER,
	                                 "2468", 0),
	                 JF_OK);
	assert_int_equal(jf_login(db, "staff", "2468", &f->staff), JF_OK);
	assert_int_equal(jf_login(db, "counter", "2468", &f->vol), JF_OK);
	jf_resident_new r1 = {.name = "丁美英", .compound = "开发楼家属楼", .building = "3",
	                      .unit = "2", .room = "501", .phone = "13812345678", .card = "FX0001"};
	jf_resident_new r2 = {.name = "杨效文", .compound = "世纪楼家属楼", .phone = "13900001111",
	                      .card = "FX0002"};
	jf_resident_new r3 = {.name = "薛志安", .compound = "安康小区", .card = "FX0003"};
	assert_int_equal(jf_resident_add(db, f->staff, &r1, &f->ding), JF_OK);
	assert_int_equal(jf_resident_add(db, f->staff, &r2, &f->yang), JF_OK);
	assert_int_equal(jf_resident_add(db, f->staff, &r3, &f->moved), JF_OK);
	assert_int_equal(jf_resident_set_active(db, f->staff, f->moved, 0), JF_OK);
	assert_int_equal(jf_verifier_add(db, f->staff, "原冬梅", JF_VERIFIER_GRID, "", "", 0, &f->grid),
	                 JF_OK);
	f->tissue = add_item(f, "ZJ", "纸巾", JF_ITEM_GOODS, 2, 0);
	f->rice = add_item(f, "DM", "大米", JF_ITEM_PRODUCE, 5, 1);
	f->clean = add_item(f, "JZ", "家政保洁", JF_ITEM_HOUSEKEEPING, 10, 0);
	assert_int_equal(jf_stock_in(db, f->staff, f->tissue, 10, 0, "爱心企业捐赠"), JF_OK);
	assert_int_equal(jf_stock_in(db, f->staff, f->rice, 5, 0, NULL), JF_OK);
	jf_activity a;
	assert_int_equal(jf_activity_resolve(db, "V01", &a), JF_OK);
	f->ac = a.id;
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

static int64_t balance(fixture *f, int64_t id)
{
	jf_resident r;
	assert_int_equal(jf_resident_get(f->e->db, id, &r), JF_OK);
	return r.balance;
}

static int64_t stock(fixture *f, int64_t id)
{
	jf_item it;
	assert_int_equal(jf_item_get(f->e->db, id, &it), JF_OK);
	return it.stock;
}

static int64_t count_rows(fixture *f, const char *table)
{
	sqlite3 *raw;
	sqlite3_stmt *st;
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	assert_int_equal(sqlite3_open(f->e->path, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(raw, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(raw);
	return n;
}

static void award(fixture *f, int64_t who, int64_t times)
{
	jf_award_req req = {.activity_id = f->ac, .verifier_id = f->grid, .note = "打扫卫生"};
	for (int64_t i = 0; i < times; i++)
		assert_int_equal(jf_award(f->e->db, f->staff, &who, 1, &req, NULL), JF_OK);
}

static void test_award_and_passbook(void **state)
{
	fixture *f = *state;
	jf_award_req req = {.activity_id = f->ac, .verifier_id = f->grid, .deed_date = "2026-05-10",
	                    .ref = "第3页第2行", .note = "为高龄老人打扫卫生"};
	int64_t ids[1];
	assert_int_equal(jf_award(f->e->db, f->staff, &f->ding, 1, &req, ids), JF_OK);
	assert_int_equal(balance(f, f->ding), 3);
	jf_entry *e;
	size_t n;
	assert_int_equal(jf_passbook(f->e->db, f->ding, &e, &n), JF_OK);
	assert_int_equal(n, 1);
	assert_int_equal(e[0].id, ids[0]);
	assert_string_equal(e[0].kind, "award");
	assert_int_equal(e[0].points, 3);
	assert_int_equal(e[0].balance_after, 3);
	assert_string_equal(e[0].verifier_name, "原冬梅");
	assert_string_equal(e[0].operator_name, "杨阿强");
	assert_string_equal(e[0].deed_date, "2026-05-10");
	assert_string_equal(e[0].ref, "第3页第2行");
	assert_non_null(strstr(e[0].what, "高龄老人"));
	free(e);
	int64_t dup = 0;
	assert_int_equal(jf_award_duplicates(f->e->db, f->ding, f->ac, "2026-05-10", &dup), JF_OK);
	assert_int_equal(dup, 1);
	int64_t earned, spent;
	assert_int_equal(jf_month_totals(f->e->db, f->ding, f->t0, &earned, &spent), JF_OK);
	assert_int_equal(earned, 3);
	assert_int_equal(spent, 0);
}

static void test_award_refusals_write_nothing(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	jf_award_req req = {.activity_id = f->ac, .verifier_id = f->grid};
	int64_t both[2] = {f->ding, f->moved};
	int64_t before = count_rows(f, "ledger");
	/* one moved-out resident in a batch: nobody gets points */
	assert_int_equal(jf_award(db, f->staff, both, 2, &req, NULL), JF_INACTIVE);
	assert_int_equal(balance(f, f->ding), 0);
	/* a volunteer may not award */
	assert_int_equal(jf_award(db, f->vol, &f->ding, 1, &req, NULL), JF_DENIED);
	/* the future, and nonsense dates */
	req.deed_date = "2026-06-11";
	assert_int_equal(jf_award(db, f->staff, &f->ding, 1, &req, NULL), JF_BAD_DATE);
	req.deed_date = "2026-02-30";
	assert_int_equal(jf_award(db, f->staff, &f->ding, 1, &req, NULL), JF_BAD_DATE);
	req.deed_date = NULL;
	/* the same resident twice in one batch */
	int64_t twice[2] = {f->ding, f->ding};
	assert_int_equal(jf_award(db, f->staff, twice, 2, &req, NULL), JF_INVALID);
	/* invalid UTF-8 in the note */
	req.note = "\xe4\xb8";
	assert_int_equal(jf_award(db, f->staff, &f->ding, 1, &req, NULL), JF_BAD_UTF8);
	req.note = NULL;
	/* a retired activity */
	assert_int_equal(jf_activity_retire(db, f->e->admin, f->ac), JF_OK);
	assert_int_equal(jf_award(db, f->staff, &f->ding, 1, &req, NULL), JF_INACTIVE);
	assert_int_equal(count_rows(f, "ledger"), before);
	jf_audit_report rep;
	assert_int_equal(jf_audit(db, &rep), JF_OK);
}

static void test_no_self_award(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	jf_op *self = NULL;
	int64_t leader = 0;
	assert_int_equal(jf_operator_add(db, f->e->admin, "ding", "丁美英", JF_ROLE_STAFF, "2468",
	                                 f->ding),
	                 JF_OK);
	assert_int_equal(jf_login(db, "ding", "2468", &self), JF_OK);
	jf_award_req req = {.activity_id = f->ac, .verifier_id = f->grid};
	assert_int_equal(jf_award(db, self, &f->ding, 1, &req, NULL), JF_SELF_AWARD);
	assert_int_equal(jf_adjust(db, f->e->admin, f->ding, 5, "补录", NULL), JF_OK);
	/* she may award others */
	assert_int_equal(jf_award(db, self, &f->yang, 1, &req, NULL), JF_OK);
	jf_op_free(self);
	/* a building leader cannot confirm their own deed */
	assert_int_equal(jf_verifier_add(db, f->staff, "杨效文", JF_VERIFIER_LEADER, "世纪楼家属楼", "",
	                                 f->yang, &leader),
	                 JF_OK);
	req.verifier_id = leader;
	assert_int_equal(jf_award(db, f->staff, &f->yang, 1, &req, NULL), JF_SELF_AWARD);
	assert_int_equal(balance(f, f->yang), 3);
}

/* The operator's or the verifier's own person on a second record: the same
 * name with the same phone, or with the same address, is still them. */
static void test_no_self_award_second_record(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	jf_op *self = NULL, *boss = NULL;
	assert_int_equal(jf_operator_add(db, f->e->admin, "ding", "丁美英", JF_ROLE_STAFF, "2468",
	                                 f->ding),
	                 JF_OK);
	assert_int_equal(jf_operator_add(db, f->e->admin, "boss", "丁美英", JF_ROLE_ADMIN, "2468",
	                                 f->ding),
	                 JF_OK);
	assert_int_equal(jf_login(db, "ding", "2468", &self), JF_OK);
	assert_int_equal(jf_login(db, "boss", "2468", &boss), JF_OK);
	int64_t by_phone, by_home, namesake;
	jf_resident_new a = {.name = "丁美英", .compound = "公安小区", .phone = "138 1234 5678"};
	jf_resident_new b = {.name = "丁 美英", .compound = "开发楼家属楼", .building = "3号楼",
	                     .unit = "2单元", .room = "501室"};
	jf_resident_new c = {.name = "丁美英", .compound = "开发楼家属楼", .building = "5",
	                     .unit = "1", .room = "101", .phone = "13711112222"};
	assert_int_equal(jf_resident_add(db, f->staff, &a, &by_phone), JF_OK);
	assert_int_equal(jf_resident_add(db, f->staff, &b, &by_home), JF_OK);
	assert_int_equal(jf_resident_add(db, f->staff, &c, &namesake), JF_OK);
	int64_t before = count_rows(f, "ledger");
	jf_award_req req = {.activity_id = f->ac, .verifier_id = f->grid};
	assert_int_equal(jf_award(db, self, &by_phone, 1, &req, NULL), JF_SELF_AWARD);
	assert_non_null(strstr(jf_db_error(db), "同手机号"));
	assert_int_equal(jf_award(db, self, &by_home, 1, &req, NULL), JF_SELF_AWARD);
	assert_non_null(strstr(jf_db_error(db), "同住址"));
	/* in a batch: none written */
	int64_t batch[2] = {f->yang, by_phone};
	assert_int_equal(jf_award(db, self, batch, 2, &req, NULL), JF_SELF_AWARD);
	assert_int_equal(count_rows(f, "ledger"), before);
	/* a namesake elsewhere with another phone is somebody else */
	assert_int_equal(jf_award(db, self, &namesake, 1, &req, NULL), JF_OK);
	/* others may award the second record */
	assert_int_equal(jf_award(db, f->staff, &by_phone, 1, &req, NULL), JF_OK);
	/* an upward adjustment is an award; a downward one is not */
	assert_int_equal(jf_adjust(db, boss, by_phone, 5, "补录", NULL), JF_SELF_AWARD);
	assert_non_null(strstr(jf_db_error(db), "同手机号"));
	assert_int_equal(jf_adjust(db, boss, by_home, 5, "补录", NULL), JF_SELF_AWARD);
	assert_int_equal(jf_adjust(db, boss, by_phone, -1, "多记了", NULL), JF_OK);
	jf_op_free(self);
	jf_op_free(boss);

	/* a verifier linked to her own record confirms a deed of her second one */
	int64_t leader, grid2, yang2, zeng, zeng2;
	assert_int_equal(jf_verifier_add(db, f->staff, "杨效文", JF_VERIFIER_LEADER, "世纪楼家属楼",
	                                 "", f->yang, &leader),
	                 JF_OK);
	jf_resident_new y2 = {.name = "杨效文", .compound = "安康小区", .phone = "+8613900001111"};
	assert_int_equal(jf_resident_add(db, f->staff, &y2, &yang2), JF_OK);
	req.verifier_id = leader;
	assert_int_equal(jf_award(db, f->staff, &yang2, 1, &req, NULL), JF_SELF_AWARD);
	assert_non_null(strstr(jf_db_error(db), "确认人"));
	/* a verifier with no linked record, known by name and phone */
	assert_int_equal(jf_verifier_add(db, f->staff, "曾凡华", JF_VERIFIER_GRID, "公安小区",
	                                 "13600003333", 0, &grid2),
	                 JF_OK);
	jf_resident_new z = {.name = "曾凡华", .compound = "公安小区", .phone = "13600003333"};
	jf_resident_new z2 = {.name = "曾凡华", .compound = "安康小区", .phone = "13600004444"};
	assert_int_equal(jf_resident_add(db, f->staff, &z, &zeng), JF_OK);
	assert_int_equal(jf_resident_add(db, f->staff, &z2, &zeng2), JF_OK);
	req.verifier_id = grid2;
	assert_int_equal(jf_award(db, f->staff, &zeng, 1, &req, NULL), JF_SELF_AWARD);
	assert_int_equal(jf_award(db, f->staff, &zeng2, 1, &req, NULL), JF_OK);
	jf_audit_report rep;
	assert_int_equal(jf_audit(db, &rep), JF_OK);
}

static void test_redeem_and_void(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	award(f, f->ding, 6); /* 6 x 3 = 18 points */
	jf_cart_line cart[] = {{f->tissue, 2}, {f->clean, 1}};
	jf_redeem_result res;
	assert_int_equal(jf_redeem(db, f->vol, f->ding, cart, 2, &res), JF_OK);
	assert_int_equal(res.total, 14);
	assert_int_equal(res.balance_after, 4);
	assert_int_equal(balance(f, f->ding), 4);
	assert_int_equal(stock(f, f->tissue), 8);
	assert_int_equal(strlen(res.receipt_no), 13);
	assert_string_equal(res.receipt_no + 8, "-0001");
	assert_int_equal(count_rows(f, "vouchers"), 1);

	/* overdraft: refused, nothing written */
	int64_t ledger = count_rows(f, "ledger"), receipts = count_rows(f, "receipts");
	jf_cart_line three = {f->tissue, 3};
	assert_int_equal(jf_redeem(db, f->vol, f->ding, &three, 1, &res), JF_INSUFFICIENT);
	assert_non_null(strstr(jf_db_error(db), "余额 4 分，需要 6 分"));
	assert_int_equal(count_rows(f, "ledger"), ledger);
	assert_int_equal(count_rows(f, "receipts"), receipts);
	assert_int_equal(stock(f, f->tissue), 8);

	/* the first receipt of the day was 0001; void it, once */
	jf_entry *e;
	size_t n;
	assert_int_equal(jf_passbook(db, f->ding, &e, &n), JF_OK);
	assert_int_equal(n, 7);
	assert_string_equal(e[6].kind, "redeem");
	assert_int_equal(e[6].points, -14);
	assert_non_null(strstr(e[6].what, "纸巾 2包"));
	char no[32];
	snprintf(no, sizeof no, "%s", e[6].receipt_no);
	free(e);
	assert_int_equal(jf_void(db, f->vol, no, "录错了", NULL), JF_DENIED);
	assert_int_equal(jf_void(db, f->staff, no, "", NULL), JF_INVALID);
	assert_int_equal(jf_void(db, f->staff, no, "居民改选其他物品", NULL), JF_OK);
	assert_int_equal(balance(f, f->ding), 18);
	assert_int_equal(stock(f, f->tissue), 10);
	assert_int_equal(jf_void(db, f->staff, no, "再作废一次", NULL), JF_ALREADY_VOIDED);
	assert_int_equal(jf_void(db, f->staff, "20260610-9999", "没有这张", NULL), JF_NOT_FOUND);
	assert_int_equal(balance(f, f->ding), 18);
	int64_t earned, spent;
	assert_int_equal(jf_month_totals(db, f->ding, f->t0, &earned, &spent), JF_OK);
	assert_int_equal(earned, 18);
	assert_int_equal(spent, 0);

	/* the next receipt gets the next number */
	jf_cart_line one = {f->tissue, 1};
	assert_int_equal(jf_redeem(db, f->vol, f->ding, &one, 1, &res), JF_OK);
	assert_string_equal(res.receipt_no + 8, "-0002");
	jf_audit_report rep;
	assert_int_equal(jf_audit(db, &rep), JF_OK);
	assert_int_equal(rep.entries, 9);
	assert_int_equal(rep.points_outstanding, 16);
	assert_int_equal(rep.receipts, 2);
}

static void test_stock_and_limits(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	jf_redeem_result res;
	award(f, f->yang, 10); /* 30 points */
	jf_cart_line rice = {f->rice, 1};
	assert_int_equal(jf_redeem(db, f->vol, f->yang, &rice, 1, &res), JF_OK);
	int64_t used = 0;
	assert_int_equal(jf_item_month_used(db, f->yang, f->rice, f->t0, &used), JF_OK);
	assert_int_equal(used, 1);
	assert_int_equal(jf_redeem(db, f->vol, f->yang, &rice, 1, &res), JF_OVER_LIMIT);
	assert_non_null(strstr(jf_db_error(db), "大米"));
	/* the same item twice in one cart counts together */
	jf_db_set_time(db, f->t0 + 31 * 86400);
	jf_cart_line two[] = {{f->rice, 1}, {f->rice, 1}};
	assert_int_equal(jf_redeem(db, f->vol, f->yang, two, 2, &res), JF_OVER_LIMIT);
	assert_int_equal(jf_redeem(db, f->vol, f->yang, &rice, 1, &res), JF_OK);
	assert_int_equal(balance(f, f->yang), 20);

	jf_cart_line many = {f->tissue, 11};
	assert_int_equal(jf_redeem(db, f->vol, f->yang, &many, 1, &res), JF_OUT_OF_STOCK);
	assert_non_null(strstr(jf_db_error(db), "纸巾 库存 10包"));
	jf_cart_line bad[] = {{f->tissue, 0}, {f->tissue, -1}, {f->tissue, JF_QTY_MAX + 1}};
	for (int i = 0; i < 3; i++)
		assert_int_equal(jf_redeem(db, f->vol, f->yang, &bad[i], 1, &res), JF_BAD_QTY);
	assert_int_equal(jf_redeem(db, f->vol, f->yang, NULL, 0, &res), JF_INVALID);
	assert_int_equal(jf_redeem(db, f->vol, f->moved, &rice, 1, &res), JF_INACTIVE);
	jf_cart_line ghost = {424242, 1};
	assert_int_equal(jf_redeem(db, f->vol, f->yang, &ghost, 1, &res), JF_NOT_FOUND);
	assert_int_equal(balance(f, f->yang), 20);

	/* stock: counts, and who may move it */
	assert_int_equal(jf_stock_count(db, f->staff, f->tissue, 7, "月底盘点"), JF_OK);
	assert_int_equal(stock(f, f->tissue), 7);
	assert_int_equal(jf_stock_in(db, f->staff, f->clean, 5, 0, NULL), JF_INVALID);
	assert_int_equal(jf_stock_in(db, f->staff, f->tissue, 0, 0, NULL), JF_BAD_QTY);
	assert_int_equal(jf_stock_in(db, f->vol, f->tissue, 5, 0, NULL), JF_DENIED);
	assert_int_equal(stock(f, f->tissue), 7);
	jf_audit_report rep;
	assert_int_equal(jf_audit(db, &rep), JF_OK);
}

/* The cart check: the figures and the problem of every line, what to take
 * out, and jf_redeem refusing exactly what it refuses. */
static void test_cart_check(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	jf_cart_check_result *r = malloc(sizeof *r);
	jf_redeem_result res;
	award(f, f->yang, 10); /* 30 points */

	jf_cart_line ok[] = {{f->tissue, 1}, {f->rice, 1}, {f->tissue, 2}};
	assert_int_equal(jf_cart_check(db, f->yang, ok, 3, r), JF_OK);
	assert_int_equal(r->n, 2); /* the same item twice is one line */
	assert_int_equal(r->lines[0].qty, 3);
	assert_int_equal(r->total, 3 * 2 + 5);
	assert_int_equal(r->balance, 30);
	assert_int_equal(r->short_by, 0);
	assert_int_equal(r->lines[1].item.stock, 5);

	/* over the monthly limit: the limit and what was had are said */
	jf_cart_line lim = {f->rice, 2};
	assert_int_equal(jf_cart_check(db, f->yang, &lim, 1, r), JF_OVER_LIMIT);
	assert_int_equal(r->lines[0].problem, JF_OVER_LIMIT);
	assert_int_equal(r->lines[0].remove, 1);
	assert_non_null(strstr(jf_db_error(db), "大米 本月已兑 0 / 上限 1次：请从购物车减去 1次"));
	assert_int_equal(jf_redeem(db, f->vol, f->yang, &lim, 1, &res), JF_OVER_LIMIT);
	assert_non_null(strstr(jf_db_error(db), "本月已兑 0 / 上限 1"));
	jf_cart_line one = {f->rice, 1};
	assert_int_equal(jf_redeem(db, f->vol, f->yang, &one, 1, &res), JF_OK);
	assert_int_equal(jf_cart_check(db, f->yang, &one, 1, r), JF_OVER_LIMIT);
	assert_int_equal(r->lines[0].used, 1);
	assert_non_null(strstr(jf_db_error(db), "本月已兑 1 / 上限 1次：请从购物车减去 1次"));

	/* beyond the stock */
	jf_cart_line many = {f->tissue, 12};
	assert_int_equal(jf_cart_check(db, f->yang, &many, 1, r), JF_OUT_OF_STOCK);
	assert_int_equal(r->lines[0].remove, 2);
	assert_non_null(strstr(jf_db_error(db), "请从购物车减去 2包"));

	/* the balance (25 now): the fewest of one line that cover what is missing */
	jf_cart_line dear[] = {{f->tissue, 3}, {f->clean, 2}};
	assert_int_equal(jf_cart_check(db, f->yang, dear, 2, r), JF_INSUFFICIENT);
	assert_int_equal(r->short_by, 1);
	assert_int_equal(r->lines[0].problem, JF_OK);
	assert_non_null(strstr(jf_db_error(db), "余额 25 分，需要 26 分：请从购物车减去 纸巾 1包"));
	assert_int_equal(jf_redeem(db, f->vol, f->yang, dear, 2, &res), JF_INSUFFICIENT);
	assert_int_equal(balance(f, f->yang), 25);

	/* several problems: each line has its own, the first is said */
	jf_cart_line both[] = {{f->clean, 3}, {f->tissue, 11}, {f->rice, 1}};
	assert_int_equal(jf_cart_check(db, f->yang, both, 3, r), JF_OUT_OF_STOCK);
	assert_int_equal(r->lines[0].problem, JF_OK);
	assert_int_equal(r->lines[1].problem, JF_OUT_OF_STOCK);
	assert_int_equal(r->lines[2].problem, JF_OVER_LIMIT);
	assert_true(r->short_by > 0);

	/* a closed day comes first, with every figure still there */
	char today[11];
	jf_day_of(jf_db_now(db), today);
	assert_int_equal(jf_day_close(db, f->staff, today, NULL), JF_OK);
	jf_cart_line small = {f->tissue, 1};
	assert_int_equal(jf_cart_check(db, f->yang, &small, 1, r), JF_DAY_CLOSED);
	assert_true(r->lines_checked);
	assert_int_equal(r->balance, 25);
	assert_int_equal(jf_redeem(db, f->vol, f->yang, &small, 1, &res), JF_DAY_CLOSED);
	free(r);
}

/* jf_db_changed: another connection's commit is seen, one's own is not. */
static void test_db_changed(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db, *other = NULL;
	char err[256];
	assert_int_equal(jf_db_open(f->e->path, &other, err, sizeof err), JF_OK);
	/* the other counter on the same (test) clock */
	assert_int_equal(jf_db_set_time(other, jf_db_now(db) + 60), JF_OK);
	jf_op *op = NULL;
	assert_int_equal(jf_login(other, "staff", "2468", &op), JF_OK);
	assert_int_equal(jf_db_changed(db), 1); /* the first call: unknown */
	assert_int_equal(jf_db_changed(db), 0);
	assert_int_equal(jf_stock_in(db, f->staff, f->tissue, 1, 0, NULL), JF_OK);
	assert_int_equal(jf_db_changed(db), 0);
	assert_int_equal(jf_stock_in(other, op, f->tissue, 1, 0, NULL), JF_OK);
	assert_int_equal(jf_db_changed(db), 1);
	assert_int_equal(jf_db_changed(db), 0);
	jf_op_free(op);
	jf_db_close(other);
}

static void raw_exec(fixture *f, const char *sql, int expect_ok)
{
	sqlite3 *raw;
	assert_int_equal(sqlite3_open(f->e->path, &raw), SQLITE_OK);
	int rc = sqlite3_exec(raw, sql, NULL, NULL, NULL);
	if (expect_ok)
		assert_int_equal(rc, SQLITE_OK);
	else
		assert_int_not_equal(rc, SQLITE_OK);
	sqlite3_close(raw);
}

/* A monthly-limited item twice in one month by setting the clock back to
 * the month before: refused, no entry is dated before the latest one. */
static void test_limit_not_reset_by_clock_back(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	jf_redeem_result res;
	award(f, f->yang, 10);
	jf_cart_line rice = {f->rice, 1};
	assert_int_equal(jf_redeem(db, f->vol, f->yang, &rice, 1, &res), JF_OK);
	char no[sizeof res.receipt_no];
	memcpy(no, res.receipt_no, sizeof no);
	assert_int_equal(jf_redeem(db, f->vol, f->yang, &rice, 1, &res), JF_OVER_LIMIT);
	int64_t b = balance(f, f->yang);
	jf_db_set_time(db, f->t0 - 20 * 86400); /* May */
	assert_int_equal(jf_redeem(db, f->vol, f->yang, &rice, 1, &res), JF_CLOCK);
	assert_non_null(strstr(jf_db_error(db), "早于最近一笔记录"));
	assert_int_equal(balance(f, f->yang), b);
	/* nor an award, a void or stock dated back */
	jf_award_req req = {.activity_id = f->ac, .verifier_id = f->grid};
	assert_int_equal(jf_award(db, f->staff, &f->ding, 1, &req, NULL), JF_CLOCK);
	assert_int_equal(jf_stock_in(db, f->staff, f->tissue, 1, 0, NULL), JF_CLOCK);
	assert_int_equal(jf_void(db, f->staff, no, "退货", NULL), JF_CLOCK);
	jf_audit_report rep;
	assert_int_equal(jf_audit(db, &rep), JF_OK);
}

static void test_append_only(void **state)
{
	fixture *f = *state;
	award(f, f->ding, 2);
	raw_exec(f, "UPDATE ledger SET points = 30 WHERE id = 1", 0);
	raw_exec(f, "DELETE FROM ledger WHERE id = 1", 0);
	raw_exec(f, "DELETE FROM stock_moves", 0);
	assert_int_equal(balance(f, f->ding), 6);
}

static void test_audit_finds_edit(void **state)
{
	fixture *f = *state;
	jf_audit_report rep;
	award(f, f->ding, 2);
	award(f, f->yang, 2);
	assert_int_equal(jf_audit(f->e->db, &rep), JF_OK);
	assert_int_equal(rep.entries, 4);
	assert_int_equal(strlen(rep.ledger_head), 64);
	raw_exec(f, "DROP TRIGGER ledger_no_update;"
	            "UPDATE ledger SET points = 30, balance_after = 30 WHERE id = 3;"
	            "UPDATE residents SET balance = 33 WHERE name = '杨效文'", 1);
	assert_int_equal(jf_audit(f->e->db, &rep), JF_TAMPERED);
	assert_string_equal(rep.table, "ledger");
	assert_int_equal(rep.row_id, 3);
	assert_non_null(strstr(jf_db_error(f->e->db), "ledger #3"));
}

static void test_audit_finds_delete_and_insert(void **state)
{
	fixture *f = *state;
	jf_audit_report rep;
	award(f, f->ding, 3);
	raw_exec(f, "DROP TRIGGER ledger_no_delete; DELETE FROM ledger WHERE id = 2;"
	            "UPDATE residents SET balance = 6 WHERE name = '丁美英'", 1);
	assert_int_equal(jf_audit(f->e->db, &rep), JF_TAMPERED);
	assert_int_equal(rep.row_id, 3);
}

static void test_audit_finds_forged_row_and_balance(void **state)
{
	fixture *f = *state;
	jf_audit_report rep;
	award(f, f->ding, 1);
	raw_exec(f, "INSERT INTO ledger(id, time, day, kind, resident_id, points, balance_after,"
	            " operator_id, note, hash) SELECT 2, time, day, 'adjust', resident_id, 100, 103,"
	            " operator_id, 'x', 'deadbeef' FROM ledger WHERE id = 1;"
	            "UPDATE residents SET balance = 103 WHERE name = '丁美英'", 1);
	assert_int_equal(jf_audit(f->e->db, &rep), JF_TAMPERED);
	assert_int_equal(rep.row_id, 2);
	assert_non_null(strstr(jf_db_error(f->e->db), "ledger #2"));
}

static void test_audit_finds_cached_balance(void **state)
{
	fixture *f = *state;
	jf_audit_report rep;
	award(f, f->ding, 1);
	raw_exec(f, "UPDATE residents SET balance = 50 WHERE name = '丁美英'", 1);
	assert_int_equal(jf_audit(f->e->db, &rep), JF_TAMPERED);
	assert_string_equal(rep.table, "residents");
	assert_int_equal(rep.row_id, f->ding);
	raw_exec(f, "UPDATE residents SET balance = 3 WHERE name = '丁美英';"
	            "UPDATE items SET stock = 99 WHERE code = 'ZJ'", 1);
	assert_int_equal(jf_audit(f->e->db, &rep), JF_TAMPERED);
	assert_string_equal(rep.table, "items");
	assert_int_equal(rep.row_id, f->tissue);
}

int main(void)
{
	test_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_award_and_passbook, setup, teardown),
		cmocka_unit_test_setup_teardown(test_award_refusals_write_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_self_award, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_self_award_second_record, setup, teardown),
		cmocka_unit_test_setup_teardown(test_redeem_and_void, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stock_and_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit_not_reset_by_clock_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cart_check, setup, teardown),
		cmocka_unit_test_setup_teardown(test_db_changed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_finds_edit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_finds_delete_and_insert, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_finds_forged_row_and_balance, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_finds_cached_balance, setup, teardown),
	};
	return cmocka_run_group_tests_name("ledger", tests, NULL, NULL);
}
