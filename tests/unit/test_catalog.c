/* The catalog: activities, sponsors, items, verifiers; roles, checks and
 * resolving what a user typed. */
#include "testlib.h"

#include <sqlite3.h>

#include "jifen/catalog.h"
#include "jifen/ledger.h"
#include "jifen/resident.h"

typedef struct {
	test_env *e;
	jf_op *staff, *vol;
	int64_t ding, grid, sponsor;
	int64_t t0;
} fixture;

static int setup(void **state)
{
	if (test_env_setup(state) != 0)
		return -1;
	fixture *f = calloc(1, sizeof *f);
	f->e = *state;
	jf_db *db = f->e->db;
	f->t0 = 1781085600; /* 2026-06-10 */
	jf_db_set_time(db, f->t0);
	assert_int_equal(jf_activity_load_defaults(db), JF_OK);
	assert_int_equal(jf_operator_add(db, f->e->admin, "staff", "杨阿强", JF_ROLE_STAFF, "2468", 0),
	                 JF_OK);
	assert_int_equal(jf_operator_add(db, f->e->admin, "counter", "任丽娟", JF_ROLE_VOLUNTEER,
	                                 "2468", 0),
	                 JF_OK);
	assert_int_equal(jf_login(db, "staff", "2468", &f->staff), JF_OK);
	assert_int_equal(jf_login(db, "counter", "2468", &f->vol), JF_OK);
	jf_resident_new r = {.name = "丁美英", .compound = "开发楼家属楼", .card = "FX000001"};
	assert_int_equal(jf_resident_add(db, f->staff, &r, &f->ding), JF_OK);
	assert_int_equal(jf_verifier_add(db, f->staff, "原冬梅", JF_VERIFIER_GRID, "", "13753921068",
	                                 0, &f->grid),
	                 JF_OK);
	assert_int_equal(jf_sponsor_ensure(db, f->staff, "河津市惠民商贸有限公司",
	                                   JF_SPONSOR_ENTERPRISE, &f->sponsor),
	                 JF_OK);
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

static int64_t count_rows(fixture *f, const char *sql)
{
	sqlite3 *raw;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(f->e->path, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(raw, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(raw);
	return n;
}

static jf_item item_of(const char *code, const char *name, jf_item_kind kind, int64_t points,
                       const char *unit, int64_t sponsor, int64_t limit)
{
	jf_item it;
	memset(&it, 0, sizeof it);
	snprintf(it.code, sizeof it.code, "%s", code);
	snprintf(it.name, sizeof it.name, "%s", name);
	snprintf(it.unit, sizeof it.unit, "%s", unit);
	it.kind = kind;
	it.points = points;
	it.sponsor_id = sponsor;
	it.monthly_limit = limit;
	it.valid_days = 30;
	return it;
}

static int64_t add_item(fixture *f, const char *code, const char *name, jf_item_kind kind,
                        int64_t points, int64_t limit)
{
	jf_item it = item_of(code, name, kind, points, "包", f->sponsor, limit);
	int64_t id = 0;
	assert_int_equal(jf_item_add(f->e->db, f->e->admin, &it, &id), JF_OK);
	return id;
}

static int64_t activity_id(fixture *f, const char *code)
{
	jf_activity a;
	assert_int_equal(jf_activity_resolve(f->e->db, code, &a), JF_OK);
	return a.id;
}

static void test_defaults(void **state)
{
	fixture *f = *state;
	jf_activity *v;
	size_t n;
	assert_int_equal(jf_activity_list(f->e->db, 0, &v, &n), JF_OK);
	assert_int_equal(n, 48);
	/* by category, in the order of the scheme, every category present */
	int per[JF_CATEGORY_COUNT] = {0};
	int last = 0;
	for (size_t i = 0; i < n; i++) {
		int c = -1;
		for (int k = 0; k < JF_CATEGORY_COUNT; k++)
			if (strcmp(v[i].category, jf_categories[k]) == 0)
				c = k;
		assert_true(c >= 0);
		assert_true(c >= last);
		last = c;
		per[c]++;
		assert_true(v[i].points > 0);
		assert_true(v[i].active);
	}
	for (int k = 0; k < JF_CATEGORY_COUNT; k++)
		assert_true(per[k] > 0);
	free(v);
	jf_activity a;
	assert_int_equal(jf_activity_resolve(f->e->db, "V01", &a), JF_OK);
	assert_string_equal(a.name, "为高龄老人打扫卫生整理家务");
	assert_int_equal(a.points, 3);
	assert_string_equal(a.category, "志愿服务");
	assert_string_equal(a.initials, "wgllrdswszljw");
	/* every default has its 'load' row in the history; loading twice is refused */
	assert_int_equal(count_rows(f, "SELECT count(*) FROM activity_log WHERE what = 'load'"), 48);
	assert_int_equal(jf_activity_load_defaults(f->e->db), JF_EXISTS);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM activities"), 48);
}

static void test_roles(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	int64_t ac = activity_id(f, "G04"), id = 0;
	int64_t tissue = add_item(f, "ZJ01", "纸巾", JF_ITEM_GOODS, 2, 0);
	jf_item it = item_of("XZ01", "香皂", JF_ITEM_GOODS, 2, "块", 0, 0);
	jf_op *who[] = {f->staff, f->vol};
	for (int i = 0; i < 2; i++) {
		assert_int_equal(jf_activity_add(db, who[i], "X01", "志愿服务", "新活动", 2, &id),
		                 JF_DENIED);
		assert_non_null(strstr(jf_db_error(db), jf_op_name(who[i])));
		assert_int_equal(jf_activity_set_points(db, who[i], ac, 9), JF_DENIED);
		assert_int_equal(jf_activity_retire(db, who[i], ac), JF_DENIED);
		assert_int_equal(jf_item_add(db, who[i], &it, &id), JF_DENIED);
		assert_int_equal(jf_item_set_points(db, who[i], tissue, 9), JF_DENIED);
		assert_int_equal(jf_item_retire(db, who[i], tissue), JF_DENIED);
	}
	/* sponsors and verifiers: staff may, a volunteer may not */
	assert_int_equal(jf_sponsor_ensure(db, f->vol, "福满园饭店", JF_SPONSOR_MERCHANT, &id),
	                 JF_DENIED);
	assert_int_equal(jf_verifier_add(db, f->vol, "李保平", JF_VERIFIER_LEADER, "开发楼家属楼", "",
	                                 0, &id),
	                 JF_DENIED);
	assert_int_equal(jf_activity_add(db, NULL, "X01", "志愿服务", "新活动", 2, &id),
	                 JF_NO_OPERATOR);
	/* nothing was written */
	assert_int_equal(count_rows(f, "SELECT count(*) FROM activities"), 48);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM activity_log"), 48);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM items"), 1);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM sponsors"), 1);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM verifiers"), 1);
	jf_activity a;
	assert_int_equal(jf_activity_get(db, ac, &a), JF_OK);
	assert_int_equal(a.points, 3);
	assert_true(a.active);
	jf_item cur;
	assert_int_equal(jf_item_get(db, tissue, &cur), JF_OK);
	assert_int_equal(cur.points, 2);
	assert_true(cur.active);

	/* what admin and staff may do */
	assert_int_equal(jf_sponsor_ensure(db, f->staff, "福满园饭店", JF_SPONSOR_MERCHANT, &id),
	                 JF_OK);
	assert_int_equal(jf_verifier_add(db, f->staff, "李保平", JF_VERIFIER_LEADER, "开发楼家属楼",
	                                 "", 0, &id),
	                 JF_OK);
	assert_int_equal(jf_activity_add(db, f->e->admin, "X01", "志愿服务", "新活动", 2, &id), JF_OK);
	assert_int_equal(jf_item_add(db, f->e->admin, &it, &id), JF_OK);
	assert_int_equal(jf_item_set_points(db, f->e->admin, tissue, 3), JF_OK);
	assert_int_equal(jf_item_get(db, tissue, &cur), JF_OK);
	assert_int_equal(cur.points, 3);
}

static void test_reprice_keeps_history(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	int64_t ac = activity_id(f, "V01");
	jf_award_req req = {.activity_id = ac, .verifier_id = f->grid, .deed_date = "2026-05-10"};
	assert_int_equal(jf_award(db, f->staff, &f->ding, 1, &req, NULL), JF_OK);
	jf_db_set_time(db, f->t0 + 3600);
	assert_int_equal(jf_activity_set_points(db, f->e->admin, ac, 4), JF_OK);
	req.deed_date = "2026-06-09";
	assert_int_equal(jf_award(db, f->staff, &f->ding, 1, &req, NULL), JF_OK);

	jf_entry *pb;
	size_t n;
	assert_int_equal(jf_passbook(db, f->ding, &pb, &n), JF_OK);
	assert_int_equal(n, 2);
	assert_int_equal(pb[0].points, 3);
	assert_int_equal(pb[1].points, 4);
	assert_int_equal(pb[1].balance_after, 7);
	free(pb);
	jf_activity a;
	assert_int_equal(jf_activity_get(db, ac, &a), JF_OK);
	assert_int_equal(a.points, 4);
	/* the log has the load at 3 and the change to 4, by the admin */
	assert_int_equal(count_rows(f, "SELECT count(*) FROM activity_log l JOIN activities a ON "
	                               "a.id = l.activity_id WHERE a.code = 'V01'"),
	                 2);
	assert_int_equal(count_rows(f, "SELECT l.points FROM activity_log l JOIN activities a ON "
	                               "a.id = l.activity_id WHERE a.code = 'V01' AND "
	                               "l.what = 'points' AND l.operator_id IS NOT NULL"),
	                 4);
	/* re-pricing to the same points changes and logs nothing */
	assert_int_equal(jf_activity_set_points(db, f->e->admin, ac, 4), JF_OK);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM activity_log"), 49);
}

static void test_retire(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	jf_activity a;
	int64_t ac = activity_id(f, "G04");
	jf_award_req req = {.activity_id = ac, .verifier_id = f->grid, .deed_date = "2026-06-07"};
	assert_int_equal(jf_award(db, f->staff, &f->ding, 1, &req, NULL), JF_OK);
	assert_int_equal(jf_activity_retire(db, f->e->admin, ac), JF_OK);

	/* not resolvable by code, name or pinyin */
	assert_int_not_equal(jf_activity_resolve(db, "G04", &a), JF_OK);
	assert_int_equal(jf_activity_resolve(db, "化解邻里矛盾", &a), JF_INACTIVE);
	assert_non_null(strstr(jf_db_error(db), "化解邻里矛盾"));
	assert_int_not_equal(jf_activity_resolve(db, "hjllmd", &a), JF_OK);
	/* listed only with include_retired */
	jf_activity *v;
	size_t n;
	assert_int_equal(jf_activity_list(db, 0, &v, &n), JF_OK);
	assert_int_equal(n, 47);
	for (size_t i = 0; i < n; i++)
		assert_string_not_equal(v[i].code, "G04");
	free(v);
	assert_int_equal(jf_activity_list(db, 1, &v, &n), JF_OK);
	assert_int_equal(n, 48);
	int seen = 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].code, "G04") == 0) {
			seen = 1;
			assert_false(v[i].active);
			assert_int_equal(v[i].points, 3);
		}
	assert_true(seen);
	free(v);
	/* no new awards for it, no re-pricing, no second retirement */
	assert_int_equal(jf_award(db, f->staff, &f->ding, 1, &req, NULL), JF_INACTIVE);
	assert_int_equal(jf_activity_set_points(db, f->e->admin, ac, 5), JF_INACTIVE);
	assert_int_equal(jf_activity_retire(db, f->e->admin, ac), JF_INACTIVE);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM activity_log WHERE what = 'retire'"), 1);
	/* the award made before stays in the passbook with its name */
	jf_entry *pb;
	assert_int_equal(jf_passbook(db, f->ding, &pb, &n), JF_OK);
	assert_int_equal(n, 1);
	assert_int_equal(pb[0].points, 3);
	assert_non_null(strstr(pb[0].what, "化解邻里矛盾"));
	free(pb);

	/* a retired item is not resolvable and not listed */
	int64_t tissue = add_item(f, "ZJ01", "纸巾", JF_ITEM_GOODS, 2, 0);
	assert_int_equal(jf_item_retire(db, f->e->admin, tissue), JF_OK);
	jf_item it;
	assert_int_equal(jf_item_resolve(db, "zj", &it), JF_NOT_FOUND);
	assert_int_equal(jf_item_resolve(db, "ZJ01", &it), JF_INACTIVE);
	jf_item *items;
	assert_int_equal(jf_item_list(db, 0, &items, &n), JF_OK);
	assert_int_equal(n, 0);
	free(items);
	assert_int_equal(jf_item_list(db, 1, &items, &n), JF_OK);
	assert_int_equal(n, 1);
	assert_false(items[0].active);
	free(items);
}

static void test_resolve(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	jf_activity a;
	jf_item it;
	jf_verifier v;
	/* activities: code in any case, exact name, initials, name prefix, part */
	assert_int_equal(jf_activity_resolve(db, "g04", &a), JF_OK);
	assert_string_equal(a.code, "G04");
	assert_int_equal(jf_activity_resolve(db, "化解邻里矛盾", &a), JF_OK);
	assert_string_equal(a.code, "G04");
	assert_int_equal(jf_activity_resolve(db, "hjllmd", &a), JF_OK);
	assert_string_equal(a.code, "G04");
	assert_int_equal(jf_activity_resolve(db, "HJLL", &a), JF_OK);
	assert_string_equal(a.code, "G04");
	assert_int_equal(jf_activity_resolve(db, "化解", &a), JF_OK);
	assert_string_equal(a.code, "G04");
	assert_int_equal(jf_activity_resolve(db, "义务理发", &a), JF_OK);
	assert_string_equal(a.code, "V02");
	assert_int_equal(jf_activity_resolve(db, "wujiandianchi", &a), JF_NOT_FOUND);
	assert_int_equal(jf_activity_resolve(db, "huishoufeijiu", &a), JF_OK);
	assert_string_equal(a.code, "R02");

	/* ambiguous: the candidates are named */
	assert_int_equal(jf_activity_resolve(db, "回收", &a), JF_AMBIGUOUS);
	const char *msg = jf_db_error(db);
	assert_non_null(strstr(msg, "R02 回收废旧电池"));
	assert_non_null(strstr(msg, "R03 回收废纸箱"));
	assert_non_null(strstr(msg, "R08 回收过期药品"));
	assert_null(strstr(msg, "R01"));

	/* not found names the query */
	assert_int_equal(jf_activity_resolve(db, "跳广场舞", &a), JF_NOT_FOUND);
	assert_non_null(strstr(jf_db_error(db), "跳广场舞"));
	assert_int_equal(jf_activity_resolve(db, "", &a), JF_INVALID);
	assert_int_equal(jf_activity_resolve(db, "\xff\xfe", &a), JF_BAD_UTF8);

	/* items: zj is 纸巾; 纸 alone could be 纸巾 or 纸杯 */
	int64_t tissue = add_item(f, "ZJ01", "纸巾", JF_ITEM_GOODS, 2, 0);
	int64_t cups = add_item(f, "ZB01", "纸杯", JF_ITEM_GOODS, 1, 0);
	add_item(f, "XYF01", "洗衣粉", JF_ITEM_GOODS, 5, 2);
	assert_int_equal(jf_item_resolve(db, "zj", &it), JF_OK);
	assert_int_equal(it.id, tissue);
	assert_string_equal(it.name, "纸巾");
	assert_string_equal(it.sponsor, "河津市惠民商贸有限公司");
	assert_int_equal(it.sponsor_kind, JF_SPONSOR_ENTERPRISE);
	assert_int_equal(jf_item_resolve(db, "zhijin", &it), JF_OK);
	assert_int_equal(it.id, tissue);
	assert_int_equal(jf_item_resolve(db, "zb01", &it), JF_OK);
	assert_int_equal(it.id, cups);
	assert_int_equal(jf_item_resolve(db, "纸", &it), JF_AMBIGUOUS);
	assert_non_null(strstr(jf_db_error(db), "ZJ01 纸巾"));
	assert_non_null(strstr(jf_db_error(db), "ZB01 纸杯"));
	assert_int_equal(jf_item_resolve(db, "xyf", &it), JF_OK);
	assert_int_equal(it.monthly_limit, 2);
	assert_int_equal(jf_item_resolve(db, "大米", &it), JF_NOT_FOUND);

	/* verifiers: name, initials; the same name in two compounds is ambiguous */
	assert_int_equal(jf_verifier_resolve(db, "ydm", &v), JF_OK);
	assert_int_equal(v.id, f->grid);
	assert_int_equal(v.role, JF_VERIFIER_GRID);
	assert_int_equal(jf_verifier_add(db, f->staff, "王建国", JF_VERIFIER_LEADER, "安康小区", "", 0,
	                                 NULL),
	                 JF_OK);
	assert_int_equal(jf_verifier_add(db, f->staff, "王建国", JF_VERIFIER_LEADER, "公安小区", "", 0,
	                                 NULL),
	                 JF_OK);
	assert_int_equal(jf_verifier_resolve(db, "王建国", &v), JF_AMBIGUOUS);
	assert_non_null(strstr(jf_db_error(db), "安康小区"));
	assert_non_null(strstr(jf_db_error(db), "公安小区"));
	assert_int_equal(jf_verifier_resolve(db, "原冬梅", &v), JF_OK);
	assert_string_equal(v.phone, "13753921068");
	assert_int_equal(jf_verifier_resolve(db, "张三", &v), JF_NOT_FOUND);
}

typedef struct {
	jf_status want;
	const char *field; /* named in the message */
} expect;

static void test_bad_input_writes_nothing(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	jf_op *ad = f->e->admin;
	int64_t id = 0;
	char big[10240];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';

	struct {
		const char *code, *category, *name;
		int64_t points;
		jf_status want;
		const char *field;
	} bad_acts[] = {
		{"", "志愿服务", "新活动", 2, JF_INVALID, "编号"},
		{"A B", "志愿服务", "新活动", 2, JF_INVALID, "编号"},
		{"X'1", "志愿服务", "新活动", 2, JF_INVALID, "编号"},
		{"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", "志愿服务", "新活动", 2, JF_TOO_LONG, "编号"},
		{"X01", "跳舞", "新活动", 2, JF_INVALID, "类别"},
		{"X01", NULL, "新活动", 2, JF_INVALID, "类别"},
		{"X01", "志愿服务", "", 2, JF_INVALID, "名称"},
		{"X01", "志愿服务", "\xe4\xb8", 2, JF_BAD_UTF8, "名称"},
		{"X01", "志愿服务", "新\n活动", 2, JF_BAD_UTF8, "名称"},
		{"X01", "志愿服务", big, 2, JF_TOO_LONG, "名称"},
		{"X01", "志愿服务", "新活动", 0, JF_INVALID, "积分"},
		{"X01", "志愿服务", "新活动", -3, JF_INVALID, "积分"},
		{"X01", "志愿服务", "新活动", 10001, JF_INVALID, "积分"},
		{"G01", "志愿服务", "新活动", 2, JF_EXISTS, "G01"},
		{"g01", "志愿服务", "新活动", 2, JF_EXISTS, "g01"},
	};
	for (size_t i = 0; i < sizeof bad_acts / sizeof bad_acts[0]; i++) {
		jf_status st = jf_activity_add(db, ad, bad_acts[i].code, bad_acts[i].category,
		                               bad_acts[i].name, bad_acts[i].points, &id);
		if (st != bad_acts[i].want || !strstr(jf_db_error(db), bad_acts[i].field))
			fail_msg("activity case %zu: %s: %s", i, jf_status_name(st), jf_db_error(db));
	}
	assert_int_equal(count_rows(f, "SELECT count(*) FROM activities"), 48);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM activity_log"), 48);
	/* re-pricing out of range, an unknown activity */
	int64_t ac = activity_id(f, "V01");
	assert_int_equal(jf_activity_set_points(db, ad, ac, 0), JF_INVALID);
	assert_int_equal(jf_activity_set_points(db, ad, ac, 10001), JF_INVALID);
	assert_int_equal(jf_activity_set_points(db, ad, 9999, 3), JF_NOT_FOUND);
	assert_int_equal(jf_activity_retire(db, ad, 9999), JF_NOT_FOUND);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM activity_log"), 48);

	/* SQL in a name is only text */
	assert_int_equal(jf_activity_add(db, ad, "X01", "志愿服务", "'); DROP TABLE activities;--", 2,
	                                 &id),
	                 JF_OK);
	jf_activity a;
	assert_int_equal(jf_activity_get(db, id, &a), JF_OK);
	assert_string_equal(a.name, "'); DROP TABLE activities;--");
	assert_int_equal(count_rows(f, "SELECT count(*) FROM activities"), 49);

	/* items */
	jf_item good = item_of("ZJ01", "纸巾", JF_ITEM_GOODS, 2, "包", f->sponsor, 0);
	jf_item it;
	expect want[12];
	jf_item cases[12];
	size_t n = 0;
	cases[n] = good, cases[n].kind = 0, want[n++] = (expect){JF_INVALID, "种类"};
	cases[n] = good, cases[n].kind = 6, want[n++] = (expect){JF_INVALID, "种类"};
	cases[n] = good, cases[n].points = 0, want[n++] = (expect){JF_INVALID, "积分"};
	cases[n] = good, cases[n].points = 20000, want[n++] = (expect){JF_INVALID, "积分"};
	cases[n] = good, cases[n].monthly_limit = -1,
	want[n++] = (expect){JF_INVALID, "每月限兑"};
	cases[n] = good, cases[n].valid_days = 366,
	want[n++] = (expect){JF_INVALID, "有效天数"};
	cases[n] = good, cases[n].valid_days = -1,
	want[n++] = (expect){JF_INVALID, "有效天数"};
	cases[n] = good, snprintf(cases[n].unit, sizeof cases[n].unit, "%s", "包包包包包\xe5"),
	want[n++] = (expect){JF_BAD_UTF8, "单位"};
	cases[n] = good, cases[n].name[0] = '\0', want[n++] = (expect){JF_INVALID, "名称"};
	cases[n] = good, cases[n].code[0] = '\0', want[n++] = (expect){JF_INVALID, "编号"};
	cases[n] = good, cases[n].sponsor_id = 777,
	want[n++] = (expect){JF_NOT_FOUND, "赞助方"};
	for (size_t i = 0; i < n; i++) {
		jf_status st = jf_item_add(db, ad, &cases[i], &id);
		if (st != want[i].want || !strstr(jf_db_error(db), want[i].field))
			fail_msg("item case %zu: %s: %s", i, jf_status_name(st), jf_db_error(db));
	}
	assert_int_equal(count_rows(f, "SELECT count(*) FROM items"), 0);
	assert_int_equal(jf_item_add(db, ad, &good, &id), JF_OK);
	it = good;
	snprintf(it.code, sizeof it.code, "zj01");
	assert_int_equal(jf_item_add(db, ad, &it, NULL), JF_EXISTS);
	assert_int_equal(jf_item_set_points(db, ad, id, 0), JF_INVALID);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM items"), 1);
	assert_int_equal(jf_item_get(db, id, &it), JF_OK);
	assert_int_equal(it.points, 2);
	assert_int_equal(it.stock, 0);
	assert_int_equal(it.valid_days, 30);

	/* sponsors and verifiers */
	assert_int_equal(jf_sponsor_ensure(db, f->staff, "", JF_SPONSOR_UNIT, &id), JF_INVALID);
	assert_int_equal(jf_sponsor_ensure(db, f->staff, "某单位", 0, &id), JF_INVALID);
	assert_int_equal(jf_sponsor_ensure(db, f->staff, big, JF_SPONSOR_UNIT, &id), JF_TOO_LONG);
	assert_int_equal(jf_verifier_add(db, f->staff, "李保平", 0, "", "", 0, &id), JF_INVALID);
	assert_int_equal(jf_verifier_add(db, f->staff, "李保平", JF_VERIFIER_LEADER, "", "abc", 0, &id),
	                 JF_INVALID);
	assert_non_null(strstr(jf_db_error(db), "电话"));
	assert_int_equal(jf_verifier_add(db, f->staff, "李保平", JF_VERIFIER_LEADER, "", "", 4242, &id),
	                 JF_NOT_FOUND);
	assert_int_equal(jf_verifier_add(db, f->staff, "原冬梅", JF_VERIFIER_GRID, "", "", 0, &id),
	                 JF_EXISTS);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM sponsors"), 1);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM verifiers"), 1);
}

static void test_sponsors_and_kinds(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	int64_t again = 0, unit = 0;
	assert_int_equal(jf_sponsor_ensure(db, f->staff, "河津市惠民商贸有限公司",
	                                   JF_SPONSOR_ENTERPRISE, &again),
	                 JF_OK);
	assert_int_equal(again, f->sponsor);
	assert_int_equal(jf_sponsor_ensure(db, f->staff, "城区街道社区卫生服务中心", JF_SPONSOR_UNIT,
	                                   &unit),
	                 JF_OK);
	assert_int_not_equal(unit, f->sponsor);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM sponsors"), 2);

	assert_int_equal(jf_item_kind_parse("goods"), JF_ITEM_GOODS);
	assert_int_equal(jf_item_kind_parse("家政服务"), JF_ITEM_HOUSEKEEPING);
	assert_int_equal(jf_item_kind_parse("Coupon"), JF_ITEM_COUPON);
	assert_int_equal(jf_item_kind_parse("衣服"), 0);
	assert_string_equal(jf_item_kind_label(JF_ITEM_PRODUCE), "农副产品");
	assert_string_equal(jf_item_kind_code(JF_ITEM_SERVICE), "service");
	assert_true(jf_item_kind_stocked(JF_ITEM_PRODUCE));
	assert_false(jf_item_kind_stocked(JF_ITEM_COUPON));
	assert_int_equal(jf_sponsor_kind_parse("共驻共建单位"), JF_SPONSOR_UNIT);
	assert_int_equal(jf_sponsor_kind_parse("merchant"), JF_SPONSOR_MERCHANT);
	assert_int_equal(jf_sponsor_kind_parse("x"), 0);
	assert_string_equal(jf_sponsor_kind_label(JF_SPONSOR_MERCHANT), "爱心商户");
	assert_int_equal(jf_verifier_role_parse("网格员"), JF_VERIFIER_GRID);
	assert_int_equal(jf_verifier_role_parse("leader"), JF_VERIFIER_LEADER);
	assert_string_equal(jf_verifier_role_label(JF_VERIFIER_LEADER), "楼长");

	/* the catalog by kind, then code */
	add_item(f, "QJ01", "福满园饭店十元代金券", JF_ITEM_COUPON, 8, 2);
	add_item(f, "ZJ01", "纸巾", JF_ITEM_GOODS, 2, 0);
	add_item(f, "DM01", "大米", JF_ITEM_PRODUCE, 10, 1);
	add_item(f, "JZ01", "家庭保洁两小时", JF_ITEM_HOUSEKEEPING, 20, 1);
	add_item(f, "FW01", "上门理发", JF_ITEM_SERVICE, 5, 0);
	add_item(f, "XZ01", "香皂", JF_ITEM_GOODS, 2, 0);
	jf_item *v;
	size_t n;
	assert_int_equal(jf_item_list(db, 0, &v, &n), JF_OK);
	assert_int_equal(n, 6);
	const char *order[] = {"XZ01", "ZJ01", "DM01", "JZ01", "FW01", "QJ01"};
	for (size_t i = 0; i < n; i++)
		assert_string_equal(v[i].code, order[i]);
	assert_int_equal(v[5].kind, JF_ITEM_COUPON);
	assert_int_equal(v[5].monthly_limit, 2);
	free(v);
}

static void test_month_used(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	int64_t may = f->t0 - 21 * 86400, june = f->t0, july = f->t0 + 30 * 86400;
	jf_db_set_time(db, may - 86400);
	int64_t tissue = add_item(f, "ZJ01", "纸巾", JF_ITEM_GOODS, 2, 0);
	int64_t soap = add_item(f, "XZ01", "香皂", JF_ITEM_GOODS, 2, 0);
	assert_int_equal(jf_stock_in(db, f->staff, tissue, 100, f->sponsor, NULL), JF_OK);
	assert_int_equal(jf_stock_in(db, f->staff, soap, 100, f->sponsor, NULL), JF_OK);
	jf_award_req req = {.activity_id = activity_id(f, "V09"), .verifier_id = f->grid};
	for (int i = 0; i < 10; i++)
		assert_int_equal(jf_award(db, f->staff, &f->ding, 1, &req, NULL), JF_OK);

	/* 2026-05-20: one pack in May */
	jf_redeem_result r1, r2, r3;
	jf_cart_line one = {.item_id = tissue, .qty = 1};
	jf_db_set_time(db, may);
	assert_int_equal(jf_redeem(db, f->vol, f->ding, &one, 1, &r1), JF_OK);
	/* June: 3 packs and soap, then 2 more packs */
	jf_cart_line mix[2] = {{.item_id = tissue, .qty = 3}, {.item_id = soap, .qty = 1}};
	jf_cart_line two = {.item_id = tissue, .qty = 2};
	jf_db_set_time(db, june);
	assert_int_equal(jf_redeem(db, f->vol, f->ding, mix, 2, &r2), JF_OK);
	jf_db_set_time(db, june + 60);
	assert_int_equal(jf_redeem(db, f->vol, f->ding, &two, 1, &r3), JF_OK);

	int64_t q = -1;
	assert_int_equal(jf_item_month_used(db, f->ding, tissue, june, &q), JF_OK);
	assert_int_equal(q, 5);
	assert_int_equal(jf_item_month_used(db, f->ding, tissue, may, &q), JF_OK);
	assert_int_equal(q, 1);
	assert_int_equal(jf_item_month_used(db, f->ding, tissue, july, &q), JF_OK);
	assert_int_equal(q, 0);
	assert_int_equal(jf_item_month_used(db, f->ding, soap, june, &q), JF_OK);
	assert_int_equal(q, 1);
	/* a voided receipt no longer counts */
	jf_db_set_time(db, june + 120);
	assert_int_equal(jf_void(db, f->staff, r2.receipt_no, "录错了", NULL), JF_OK);
	assert_int_equal(jf_item_month_used(db, f->ding, tissue, june, &q), JF_OK);
	assert_int_equal(q, 2);
	assert_int_equal(jf_item_month_used(db, f->ding, soap, june, &q), JF_OK);
	assert_int_equal(q, 0);
	/* someone else's redemptions are theirs */
	assert_int_equal(jf_item_month_used(db, f->ding + 1000, tissue, june, &q), JF_OK);
	assert_int_equal(q, 0);
}

static void test_verifiers(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	int64_t id = 0;
	assert_int_equal(jf_verifier_add(db, f->staff, "李保平", JF_VERIFIER_LEADER, "开发楼家属楼",
	                                 "13593817264", f->ding, &id),
	                 JF_OK);
	jf_verifier v;
	assert_int_equal(jf_verifier_get(db, id, &v), JF_OK);
	assert_string_equal(v.name, "李保平");
	assert_string_equal(v.compound, "开发楼家属楼");
	assert_int_equal(v.resident_id, f->ding);
	assert_int_equal(v.role, JF_VERIFIER_LEADER);
	assert_true(v.active);
	jf_verifier *list;
	size_t n;
	assert_int_equal(jf_verifier_list(db, &list, &n), JF_OK);
	assert_int_equal(n, 2);
	free(list);
	assert_int_equal(jf_verifier_get(db, 4242, &v), JF_NOT_FOUND);
	/* a linked leader cannot confirm their own deed */
	jf_award_req req = {.activity_id = activity_id(f, "V01"), .verifier_id = id};
	assert_int_equal(jf_award(db, f->staff, &f->ding, 1, &req, NULL), JF_SELF_AWARD);
}

int main(void)
{
	test_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reprice_keeps_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retire, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resolve, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_input_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sponsors_and_kinds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_month_used, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verifiers, setup, teardown),
	};
	return cmocka_run_group_tests_name("catalog", tests, NULL, NULL);
}
