/* For the receipt tests: a database with residents, sponsors, goods and
 * vouchers, and one real redemption made through the ledger's public API.
 * Include after testlib.h. */
#ifndef JIFEN_RECEIPTLIB_H
#define JIFEN_RECEIPTLIB_H

#include "jifen/catalog.h"
#include "jifen/ledger.h"
#include "jifen/receipt.h"
#include "jifen/resident.h"

/* 2026-06-10, mid-morning in China */
#define FIX_T0 1781085600

typedef struct {
	test_env *e;
	jf_op *staff, *vol;
	int64_t ding, yang;
	int64_t tissue, rice, soap, clean, haircut;
	jf_redeem_result r; /* 丁美英's redemption */
} fixture;

static int64_t fix_item(fixture *f, const char *code, const char *name, jf_item_kind kind,
                        int64_t points, const char *sponsor, jf_sponsor_kind sk)
{
	jf_item it;
	int64_t id = 0;
	memset(&it, 0, sizeof it);
	snprintf(it.code, sizeof it.code, "%s", code);
	snprintf(it.name, sizeof it.name, "%s", name);
	snprintf(it.unit, sizeof it.unit, "%s", jf_item_kind_stocked(kind) ? "件" : "次");
	it.kind = kind;
	it.points = points;
	it.valid_days = 30;
	if (sponsor)
		assert_int_equal(jf_sponsor_ensure(f->e->db, f->e->admin, sponsor, sk, &it.sponsor_id),
		                 JF_OK);
	assert_int_equal(jf_item_add(f->e->db, f->e->admin, &it, &id), JF_OK);
	if (jf_item_kind_stocked(kind))
		assert_int_equal(jf_stock_in(f->e->db, f->e->admin, id, 20, it.sponsor_id, NULL),
		                 JF_OK);
	return id;
}

/* The fixture, with 丁美英 (100 points) redeeming: 2 tissues, 1 bag of rice
 * with a long name, 1 washing liquid whose name has · and —, 1 housekeeping
 * service, 2 haircut coupons. */
static int fix_setup(void **state)
{
	if (test_env_setup(state) != 0)
		return -1;
	fixture *f = calloc(1, sizeof *f);
	f->e = *state;
	jf_db *db = f->e->db;
	jf_db_set_time(db, FIX_T0);
	assert_int_equal(jf_operator_add(db, f->e->admin, "staff", "杨阿强", JF_ROLE_STAFF, "2468", 0),
	                 JF_OK);
	assert_int_equal(jf_operator_add(db, f->e->admin, "counter", "李志愿", JF_ROLE_VOLUNTEER,
	                                 "2468", 0),
	                 JF_OK);
	assert_int_equal(jf_login(db, "staff", "2468", &f->staff), JF_OK);
	assert_int_equal(jf_login(db, "counter", "2468", &f->vol), JF_OK);
	jf_resident_new r1 = {.name = "丁美英", .compound = "开发楼家属楼", .building = "3",
	                      .unit = "2", .room = "501", .phone = "13812345678", .card = "FX0001"};
	jf_resident_new r2 = {.name = "杨效文", .compound = "世纪楼家属楼", .card = "FX0002"};
	assert_int_equal(jf_resident_add(db, f->staff, &r1, &f->ding), JF_OK);
	assert_int_equal(jf_resident_add(db, f->staff, &r2, &f->yang), JF_OK);
	assert_int_equal(jf_adjust(db, f->e->admin, f->ding, 100, "开户积分", NULL), JF_OK);
	assert_int_equal(jf_adjust(db, f->e->admin, f->yang, 50, "开户积分", NULL), JF_OK);

	f->tissue = fix_item(f, "ZJ", "纸巾", JF_ITEM_GOODS, 2, NULL, 0);
	f->rice = fix_item(f, "DM", "五常稻花香大米（东北产）精选五公斤装", JF_ITEM_PRODUCE, 20,
	                   "共建单位粮油站", JF_SPONSOR_UNIT);
	f->soap = fix_item(f, "XYY", "洗衣液·薰衣草—2L", JF_ITEM_GOODS, 8, NULL, 0);
	f->clean = fix_item(f, "JZ", "家政保洁两小时", JF_ITEM_HOUSEKEEPING, 10,
	                    "爱心家政服务公司", JF_SPONSOR_ENTERPRISE);
	f->haircut = fix_item(f, "LF", "理发优惠券", JF_ITEM_COUPON, 3, "惠民理发店",
	                      JF_SPONSOR_MERCHANT);

	jf_cart_line cart[] = {{f->tissue, 2}, {f->rice, 1}, {f->soap, 1}, {f->clean, 1},
	                       {f->haircut, 2}};
	if (jf_redeem(db, f->vol, f->ding, cart, 5, &f->r) != JF_OK) {
		fprintf(stderr, "redeem: %s\n", jf_db_error(db));
		return -1;
	}
	*state = f;
	return 0;
}

static int fix_teardown(void **state)
{
	fixture *f = *state;
	jf_op_free(f->staff);
	jf_op_free(f->vol);
	*state = f->e;
	free(f);
	return test_env_teardown(state);
}

/* Points of the fixture's redemption: 2*2 + 20 + 8 + 10 + 2*3. */
#define FIX_TOTAL 48

#endif
