/* src/resident.c: adding residents, their search keys, search and resolve. */
#include <sqlite3.h>

#include "testlib.h"
#include "jifen/resident.h"

typedef struct {
	test_env *e;
	jf_op *staff, *vol;
	int64_t ding, yang, dingjx, zeng, shan;
} fixture;

static int setup(void **state)
{
	if (test_env_setup(state) != 0)
		return -1;
	fixture *f = calloc(1, sizeof *f);
	f->e = *state;
	jf_db *db = f->e->db;
	if (jf_operator_add(db, f->e->admin, "staff", "杨阿强", JF_ROLE_STAFF, "2468", 0) ||
	    jf_operator_add(db, f->e->admin, "counter", "李志愿", JF_ROLE_VOLUNTEER, "2468", 0) ||
	    jf_login(db, "staff", "2468", &f->staff) || jf_login(db, "counter", "2468", &f->vol)) {
		fprintf(stderr, "operators: %s\n", jf_db_error(db));
		return -1;
	}
	jf_resident_new r[] = {
		{.name = "丁美英", .compound = "开发楼家属楼", .building = "3", .unit = "2",
		 .room = "501", .phone = "13812345678", .card = "FX0001"},
		{.name = "杨效文", .compound = "世纪楼家属楼", .phone = "13900001111", .card = "FX0002"},
		{.name = "丁建玺", .compound = "安康小区", .building = "5号楼", .unit = "1单元",
		 .room = "302室", .phone = "13700002222"},
		{.name = "曾凡华", .compound = "公安小区", .phone = "13600003333"},
		{.name = "单雪梅", .compound = "公安小区", .party = 1},
	};
	int64_t *ids[] = {&f->ding, &f->yang, &f->dingjx, &f->zeng, &f->shan};
	for (size_t i = 0; i < sizeof r / sizeof *r; i++)
		if (jf_resident_add(db, f->staff, &r[i], ids[i]) != JF_OK) {
			fprintf(stderr, "add %s: %s\n", r[i].name, jf_db_error(db));
			return -1;
		}
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

/* Search; returns the count and fills out. */
static int search(fixture *f, const char *q, int inactive, jf_resident *out, int max, int *exact)
{
	int n = -1, ex = -1;
	assert_int_equal(jf_resident_search(f->e->db, q, inactive, out, max, &n, &ex), JF_OK);
	if (exact)
		*exact = ex;
	return n;
}

/* 1 if the resident with this id is among the results of q. */
static int finds(fixture *f, const char *q, int64_t id)
{
	jf_resident out[20];
	int n = search(f, q, 0, out, 20, NULL);
	for (int i = 0; i < n; i++)
		if (out[i].id == id)
			return 1;
	return 0;
}

static int64_t count(fixture *f, int active_only)
{
	int64_t n = -1;
	assert_int_equal(jf_resident_count(f->e->db, active_only, &n), JF_OK);
	return n;
}

/* Rows of a table, read with SQLite itself. */
static int64_t raw_count(fixture *f, const char *table)
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

static void test_add_and_get(void **state)
{
	fixture *f = *state;
	jf_resident r;
	assert_int_equal(jf_resident_get(f->e->db, f->ding, &r), JF_OK);
	assert_string_equal(r.name, "丁美英");
	assert_string_equal(r.compound, "开发楼家属楼");
	assert_string_equal(r.building, "3");
	assert_string_equal(r.unit, "2");
	assert_string_equal(r.room, "501");
	assert_string_equal(r.phone, "13812345678");
	assert_string_equal(r.card, "FX0001");
	assert_string_equal(r.pinyin, "ding mei ying");
	assert_int_equal(r.active, 1);
	assert_int_equal(r.party, 0);
	assert_int_equal(r.balance, 0);
	assert_int_equal(jf_resident_get(f->e->db, f->shan, &r), JF_OK);
	assert_int_equal(r.party, 1);
	assert_string_equal(r.card, "");
	assert_int_equal(jf_resident_get(f->e->db, 9999, &r), JF_NOT_FOUND);
	assert_non_null(strstr(jf_db_error(f->e->db), "9999"));
	assert_int_equal(count(f, 0), 5);
	assert_int_equal(count(f, 1), 5);
}

static void test_initials(void **state)
{
	fixture *f = *state;
	jf_resident out[10];
	int exact;
	int n = search(f, "dmy", 0, out, 10, &exact);
	assert_int_equal(n, 1);
	assert_string_equal(out[0].name, "丁美英");
	assert_int_equal(exact, 0);
	/* as typed, in capitals, with spaces, full-width */
	assert_true(finds(f, "DMY", f->ding));
	assert_true(finds(f, "d m y", f->ding));
	assert_true(finds(f, "ｄｍｙ", f->ding));
	/* a prefix of the initials */
	assert_true(finds(f, "dm", f->ding));
	assert_false(finds(f, "dmx", f->ding));
}

static void test_full_pinyin(void **state)
{
	fixture *f = *state;
	jf_resident out[10];
	assert_true(finds(f, "dingmeiying", f->ding));
	assert_true(finds(f, "dingm", f->ding));
	assert_true(finds(f, "ding mei", f->ding));
	assert_false(finds(f, "dingmeiyingx", f->ding));
	/* both 丁, by their pinyin: ding jian xi before ding mei ying */
	int n = search(f, "ding", 0, out, 10, NULL);
	assert_int_equal(n, 2);
	assert_int_equal(out[0].id, f->dingjx);
	assert_int_equal(out[1].id, f->ding);
	/* max is respected */
	assert_int_equal(search(f, "ding", 0, out, 1, NULL), 1);
	assert_int_equal(out[0].id, f->dingjx);
}

static void test_chinese_prefix(void **state)
{
	fixture *f = *state;
	jf_resident out[10];
	int n = search(f, "丁美", 0, out, 10, NULL);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].id, f->ding);
	assert_int_equal(search(f, "丁", 0, out, 10, NULL), 2);
	assert_int_equal(search(f, "丁美英", 0, out, 10, NULL), 1);
	assert_int_equal(search(f, "美英", 0, out, 10, NULL), 0);
	assert_int_equal(search(f, "丁美英英", 0, out, 10, NULL), 0);
}

static void test_phone(void **state)
{
	fixture *f = *state;
	jf_resident out[10];
	int exact;
	int n = search(f, "13812345678", 0, out, 10, &exact);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].id, f->ding);
	assert_int_equal(exact, 1);
	/* the last four digits */
	n = search(f, "5678", 0, out, 10, &exact);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].id, f->ding);
	assert_int_equal(exact, 0);
	assert_true(finds(f, "1111", f->yang));
	/* a prefix of the number */
	assert_true(finds(f, "138123", f->ding));
	assert_false(finds(f, "138123", f->yang));
	/* digits grouped with spaces */
	assert_true(finds(f, "138 1234 5678", f->ding));
}

static void test_card(void **state)
{
	fixture *f = *state;
	jf_resident out[10];
	int exact;
	jf_resident_new other = {.name = "房德英", .card = "FX00011"};
	int64_t fang;
	assert_int_equal(jf_resident_add(f->e->db, f->staff, &other, &fang), JF_OK);
	/* the exact card first, then what only begins with it */
	int n = search(f, "FX0001", 0, out, 10, &exact);
	assert_int_equal(n, 2);
	assert_int_equal(out[0].id, f->ding);
	assert_int_equal(out[1].id, fang);
	assert_int_equal(exact, 1);
	n = search(f, "fx00011", 0, out, 10, &exact);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].id, fang);
	assert_int_equal(exact, 1);
	/* a prefix is not an exact match */
	n = search(f, "FX000", 0, out, 10, &exact);
	assert_int_equal(n, 3);
	assert_int_equal(exact, 0);
}

static void test_room(void **state)
{
	fixture *f = *state;
	jf_resident out[10];
	int n = search(f, "3-2-501", 0, out, 10, NULL);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].id, f->ding);
	/* 5号楼 1单元 302室 is 5-1-302 */
	assert_true(finds(f, "5-1-302", f->dingjx));
	assert_true(finds(f, "3-2-", f->ding));
	assert_false(finds(f, "3-2-502", f->ding));
}

static void test_polyphonic_surnames(void **state)
{
	fixture *f = *state;
	jf_resident r;
	assert_int_equal(jf_resident_get(f->e->db, f->zeng, &r), JF_OK);
	assert_string_equal(r.pinyin, "zeng fan hua");
	assert_int_equal(jf_resident_get(f->e->db, f->shan, &r), JF_OK);
	assert_string_equal(r.pinyin, "shan xue mei");
	/* the surname's reading, and any other reading of the character */
	assert_true(finds(f, "zeng", f->zeng));
	assert_true(finds(f, "zfh", f->zeng));
	assert_true(finds(f, "ceng", f->zeng));
	assert_true(finds(f, "cengfanhua", f->zeng));
	assert_true(finds(f, "cfh", f->zeng));
	assert_true(finds(f, "shanxuemei", f->shan));
	assert_true(finds(f, "sxm", f->shan));
	assert_true(finds(f, "danxuemei", f->shan));
	assert_true(finds(f, "dxm", f->shan));
	/* the other surnames of the brief, by their surname reading */
	const char *names[] = {"解放", "仇大海", "区志文", "朴正浩", "查文杰", "覃海燕"};
	const char *full[] = {"xiefang", "qiudahai", "ouzhiwen", "piaozhenghao", "zhawenjie",
	                      "qinhaiyan"};
	for (int i = 0; i < 6; i++) {
		int64_t id;
		jf_resident_new n = {.name = names[i]};
		assert_int_equal(jf_resident_add(f->e->db, f->staff, &n, &id), JF_OK);
		if (!finds(f, full[i], id))
			fail_msg("%s is not found by %s", names[i], full[i]);
	}
}

static void test_ascii_name(void **state)
{
	fixture *f = *state;
	int64_t id;
	jf_resident_new n = {.name = "Anna Li", .phone = "+8613512345678"};
	assert_int_equal(jf_resident_add(f->e->db, f->staff, &n, &id), JF_OK);
	assert_true(finds(f, "anna", id));
	assert_true(finds(f, "Anna L", id));
	assert_true(finds(f, "annali", id));
	assert_true(finds(f, "+8613512345678", id));
	assert_true(finds(f, "13512345678", id));
	assert_true(finds(f, "5678", id));
}

static void test_empty_query(void **state)
{
	fixture *f = *state;
	jf_resident out[10];
	int exact = 7;
	assert_int_equal(search(f, "", 0, out, 10, &exact), 0);
	assert_int_equal(exact, 0);
	assert_int_equal(search(f, "   ", 0, out, 10, NULL), 0);
	assert_int_equal(search(f, NULL, 0, out, 10, NULL), 0);
	assert_int_equal(search(f, "ding", 0, out, 0, NULL), 0);
	/* punctuation and bytes that are no text match nothing */
	assert_int_equal(search(f, "\xFF\xFE", 0, out, 10, NULL), 0);
	assert_int_equal(search(f, "%", 0, out, 10, NULL), 0);
	assert_int_equal(search(f, "_", 0, out, 10, NULL), 0);
}

static void test_bad_names(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	int64_t keys = raw_count(f, "resident_keys");
	/* invalid UTF-8 */
	jf_resident_new bad = {.name = "丁\xE4\xB8"};
	assert_int_equal(jf_resident_add(db, f->staff, &bad, NULL), JF_BAD_UTF8);
	assert_non_null(strstr(jf_db_error(db), "姓名"));
	/* a control character */
	bad.name = "丁\n美";
	assert_int_equal(jf_resident_add(db, f->staff, &bad, NULL), JF_BAD_UTF8);
	/* a 10 KB name */
	char *big = malloc(10241);
	memset(big, 'a', 10240);
	big[10240] = '\0';
	bad.name = big;
	assert_int_equal(jf_resident_add(db, f->staff, &bad, NULL), JF_TOO_LONG);
	assert_non_null(strstr(jf_db_error(db), "姓名"));
	free(big);
	/* empty, or only spaces */
	bad.name = "";
	assert_int_equal(jf_resident_add(db, f->staff, &bad, NULL), JF_INVALID);
	bad.name = " 　 ";
	assert_int_equal(jf_resident_add(db, f->staff, &bad, NULL), JF_INVALID);
	bad.name = NULL;
	assert_int_equal(jf_resident_add(db, f->staff, &bad, NULL), JF_INVALID);
	/* a too long room */
	jf_resident_new room = {.name = "丁一", .room = "501501501501501501501501501501501"};
	assert_int_equal(jf_resident_add(db, f->staff, &room, NULL), JF_TOO_LONG);
	assert_non_null(strstr(jf_db_error(db), "房号"));
	/* nothing was written */
	assert_int_equal(count(f, 0), 5);
	assert_int_equal(raw_count(f, "resident_keys"), keys);
}

static void test_sql_in_name(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	const char *name = "x'); DROP TABLE residents; --";
	int64_t id;
	jf_resident_new r = {.name = name, .compound = "'OR'1'='1", .card = "';--"};
	assert_int_equal(jf_resident_add(db, f->staff, &r, &id), JF_OK);
	jf_resident got;
	assert_int_equal(jf_resident_get(db, id, &got), JF_OK);
	assert_string_equal(got.name, name);
	assert_string_equal(got.compound, "'OR'1'='1");
	assert_string_equal(got.card, "';--");
	assert_int_equal(count(f, 0), 6);
	assert_true(finds(f, "x');", id));
	assert_true(finds(f, "';--", id));
	/* a query that looks like SQL finds only what it says */
	jf_resident out[10];
	assert_int_equal(search(f, "' OR 1=1 --", 0, out, 10, NULL), 0);
}

static void test_phone_and_card_checks(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	jf_resident_new r = {.name = "丁一"};
	const char *bad_phones[] = {"1234", "12ab5678", "1380000000000000", "++138123", "138+1234",
	                            "+"};
	for (int i = 0; i < 6; i++) {
		r.phone = bad_phones[i];
		if (jf_resident_add(db, f->staff, &r, NULL) != JF_INVALID)
			fail_msg("phone %s was taken", bad_phones[i]);
		assert_non_null(strstr(jf_db_error(db), "手机号"));
	}
	r.phone = NULL;
	const char *bad_cards[] = {"FX 0001", "卡0001", "FX\x01"};
	jf_status expect[] = {JF_INVALID, JF_INVALID, JF_BAD_UTF8};
	for (int i = 0; i < 3; i++) {
		r.card = bad_cards[i];
		assert_int_equal(jf_resident_add(db, f->staff, &r, NULL), expect[i]);
		assert_non_null(strstr(jf_db_error(db), "卡号"));
	}
	char card[66];
	memset(card, 'C', 65);
	card[65] = '\0';
	r.card = card;
	assert_int_equal(jf_resident_add(db, f->staff, &r, NULL), JF_TOO_LONG);
	assert_int_equal(count(f, 0), 5);

	/* a phone written with spaces or hyphens is stored as digits */
	int64_t id;
	jf_resident got;
	r.card = NULL;
	r.phone = "138-0000-9999";
	assert_int_equal(jf_resident_add(db, f->staff, &r, &id), JF_OK);
	assert_int_equal(jf_resident_get(db, id, &got), JF_OK);
	assert_string_equal(got.phone, "13800009999");
	/* fields are trimmed */
	jf_resident_new t = {.name = "  丁二 ", .compound = " 安康小区", .card = " FX9 "};
	assert_int_equal(jf_resident_add(db, f->staff, &t, &id), JF_OK);
	assert_int_equal(jf_resident_get(db, id, &got), JF_OK);
	assert_string_equal(got.name, "丁二");
	assert_string_equal(got.compound, "安康小区");
	assert_string_equal(got.card, "FX9");
}

static void test_duplicate_card(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	int64_t keys = raw_count(f, "resident_keys");
	jf_resident_new r = {.name = "丁小美", .phone = "13811112222", .card = "FX0001"};
	assert_int_equal(jf_resident_add(db, f->staff, &r, NULL), JF_EXISTS);
	/* the message names the card and whose it is */
	assert_non_null(strstr(jf_db_error(db), "FX0001"));
	assert_non_null(strstr(jf_db_error(db), "丁美英"));
	/* the same card in other letters is the same card */
	r.card = "fx0001";
	assert_int_equal(jf_resident_add(db, f->staff, &r, NULL), JF_EXISTS);
	/* nothing written */
	assert_int_equal(count(f, 0), 5);
	assert_int_equal(raw_count(f, "resident_keys"), keys);
	jf_resident out[10];
	assert_int_equal(search(f, "dingxiaomei", 0, out, 10, NULL), 0);
	assert_int_equal(search(f, "丁小美", 0, out, 10, NULL), 0);
	assert_int_equal(search(f, "2222", 0, out, 10, NULL), 1); /* 丁建玺's */
}

static void test_add_many(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	int64_t keys = raw_count(f, "resident_keys");
	size_t bad = 99;
	jf_resident_new rows[] = {
		{.name = "张常有", .party = 1, .card = "FX0100"},
		{.name = "薛志安", .phone = "12ab"},
		{.name = "房德英"},
	};
	assert_int_equal(jf_resident_add_many(db, f->staff, rows, 3, &bad), JF_INVALID);
	assert_int_equal(bad, 1);
	assert_int_equal(count(f, 0), 5);
	assert_int_equal(raw_count(f, "resident_keys"), keys);
	jf_resident out[10];
	assert_int_equal(search(f, "zcy", 0, out, 10, NULL), 0);
	assert_int_equal(search(f, "张常有", 0, out, 10, NULL), 0);

	/* a card twice in the same batch: the second is the bad row */
	rows[1].phone = NULL;
	rows[2].card = "fx0100";
	assert_int_equal(jf_resident_add_many(db, f->staff, rows, 3, &bad), JF_EXISTS);
	assert_int_equal(bad, 2);
	assert_non_null(strstr(jf_db_error(db), "张常有"));
	assert_int_equal(count(f, 0), 5);

	/* the last row bad: still nothing */
	rows[2].card = "FX0001";
	assert_int_equal(jf_resident_add_many(db, f->staff, rows, 3, &bad), JF_EXISTS);
	assert_int_equal(bad, 2);
	assert_int_equal(count(f, 0), 5);

	rows[2].card = "FX0102";
	assert_int_equal(jf_resident_add_many(db, f->staff, rows, 3, &bad), JF_OK);
	assert_int_equal(count(f, 0), 8);
	assert_int_equal(search(f, "zcy", 0, out, 10, NULL), 1);
	assert_int_equal(out[0].party, 1);
	assert_int_equal(search(f, "xuezhian", 0, out, 10, NULL), 1);
	assert_int_equal(search(f, "FX0102", 0, out, 10, NULL), 1);
	assert_string_equal(out[0].name, "房德英");
	/* an empty batch is fine */
	assert_int_equal(jf_resident_add_many(db, f->staff, rows, 0, &bad), JF_OK);
	assert_int_equal(count(f, 0), 8);
}

static void test_roles(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	size_t bad;
	jf_resident_new r = {.name = "丁一"};
	assert_int_equal(jf_resident_add(db, f->vol, &r, NULL), JF_DENIED);
	assert_int_equal(jf_resident_add_many(db, f->vol, &r, 1, &bad), JF_DENIED);
	assert_int_equal(jf_resident_set_active(db, f->vol, f->ding, 0), JF_DENIED);
	assert_int_equal(jf_resident_add(db, NULL, &r, NULL), JF_NO_OPERATOR);
	assert_int_equal(jf_resident_set_active(db, NULL, f->ding, 0), JF_NO_OPERATOR);
	assert_int_equal(count(f, 0), 5);
	assert_int_equal(count(f, 1), 5);
	/* an admin may */
	assert_int_equal(jf_resident_add(db, f->e->admin, &r, NULL), JF_OK);
	/* the volunteer can still search, as the counter does */
	assert_true(finds(f, "dmy", f->ding));
}

static void test_moved_out(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	jf_resident out[10], r;
	assert_int_equal(jf_resident_set_active(db, f->staff, f->ding, 0), JF_OK);
	assert_int_equal(search(f, "dmy", 0, out, 10, NULL), 0);
	assert_int_equal(search(f, "13812345678", 0, out, 10, NULL), 0);
	assert_int_equal(search(f, "ding", 0, out, 10, NULL), 1);
	assert_int_equal(out[0].id, f->dingjx);
	/* still there when asked for */
	assert_int_equal(search(f, "dmy", 1, out, 10, NULL), 1);
	assert_int_equal(out[0].active, 0);
	assert_int_equal(count(f, 0), 5);
	assert_int_equal(count(f, 1), 4);
	/* resolve still names her (her passbook, moving her back in) */
	assert_int_equal(jf_resident_resolve(db, "FX0001", &r), JF_OK);
	assert_int_equal(r.id, f->ding);
	assert_int_equal(r.active, 0);
	/* but an active 丁 is the one meant by "ding" */
	assert_int_equal(jf_resident_resolve(db, "ding", &r), JF_OK);
	assert_int_equal(r.id, f->dingjx);
	assert_int_equal(jf_resident_set_active(db, f->staff, f->ding, 1), JF_OK);
	assert_int_equal(search(f, "dmy", 0, out, 10, NULL), 1);
	assert_int_equal(count(f, 1), 5);
	assert_int_equal(jf_resident_set_active(db, f->staff, 9999, 0), JF_NOT_FOUND);
}

static void test_resolve(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	jf_resident r;
	assert_int_equal(jf_resident_resolve(db, "dmy", &r), JF_OK);
	assert_int_equal(r.id, f->ding);
	assert_int_equal(jf_resident_resolve(db, "丁美英", &r), JF_OK);
	assert_int_equal(r.id, f->ding);
	assert_int_equal(jf_resident_resolve(db, "13812345678", &r), JF_OK);
	assert_int_equal(r.id, f->ding);
	assert_int_equal(jf_resident_resolve(db, "fx0002", &r), JF_OK);
	assert_int_equal(r.id, f->yang);
	assert_int_equal(jf_resident_resolve(db, "5-1-302", &r), JF_OK);
	assert_int_equal(r.id, f->dingjx);

	/* unknown */
	assert_int_equal(jf_resident_resolve(db, "wangwu", &r), JF_NOT_FOUND);
	assert_non_null(strstr(jf_db_error(db), "wangwu"));
	assert_int_equal(jf_resident_resolve(db, "", &r), JF_INVALID);

	/* ambiguous: both named, with where they live */
	assert_int_equal(jf_resident_resolve(db, "丁", &r), JF_AMBIGUOUS);
	const char *msg = jf_db_error(db);
	assert_non_null(strstr(msg, "丁美英（开发楼家属楼 3-2-501）"));
	assert_non_null(strstr(msg, "丁建玺（安康小区 5-1-302）"));
	assert_int_equal(jf_resident_resolve(db, "ding", &r), JF_AMBIGUOUS);

	/* an exact name wins over names that only begin with it */
	int64_t dm;
	jf_resident_new n = {.name = "丁美", .compound = "公安小区"};
	assert_int_equal(jf_resident_add(db, f->staff, &n, &dm), JF_OK);
	assert_int_equal(jf_resident_resolve(db, "丁美", &r), JF_OK);
	assert_int_equal(r.id, dm);
	assert_int_equal(jf_resident_resolve(db, "dingmei", &r), JF_OK);
	assert_int_equal(r.id, dm);

	/* two people with the same name: ambiguous even when typed in full */
	jf_resident_new twin = {.name = "丁美英", .compound = "公安小区", .phone = "13812345678"};
	int64_t twin_id;
	assert_int_equal(jf_resident_add(db, f->staff, &twin, &twin_id), JF_OK);
	assert_int_equal(jf_resident_resolve(db, "丁美英", &r), JF_AMBIGUOUS);
	assert_non_null(strstr(jf_db_error(db), "公安小区"));
	/* a phone both have is no person either; the card still is */
	assert_int_equal(jf_resident_resolve(db, "13812345678", &r), JF_AMBIGUOUS);
	assert_int_equal(jf_resident_resolve(db, "FX0001", &r), JF_OK);
	assert_int_equal(r.id, f->ding);
}

/* Run SQL on the file directly, as the sqlite3 shell would. */
static void raw_exec(fixture *f, const char *sql)
{
	sqlite3 *raw;
	char *err = NULL;
	assert_int_equal(sqlite3_open(f->e->path, &raw), SQLITE_OK);
	sqlite3_busy_timeout(raw, 5000);
	if (sqlite3_exec(raw, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
	sqlite3_close(raw);
}

/* A card code someone else answers to by another key (their phone, its last
 * four digits, +86 and the phone, their room, name, initials or pinyin) is
 * refused when added, one by one or in a batch, naming whose it is. */
static void test_card_is_anothers_key(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	int64_t tom;
	jf_resident_new t = {.name = "Tom Li", .compound = "公安小区"};
	assert_int_equal(jf_resident_add(db, f->staff, &t, &tom), JF_OK);
	static const struct {
		const char *card, *owner, *what;
	} bad[] = {
		{"13812345678", "丁美英", "手机号"},  {"+8613812345678", "丁美英", "手机号"},
		{"5678", "丁美英", "手机尾号"},       {"dmy", "丁美英", "姓名首字母"},
		{"DMY", "丁美英", "姓名首字母"},
		{"dingmeiying", "丁美英", "姓名拼音"}, {"3-2-501", "丁美英", "门牌"},
		{"tomli", "Tom Li", "姓名"},          {"fx0002", "杨效文", "卡号"},
	};
	int64_t keys = raw_count(f, "resident_keys"), people = count(f, 0);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		jf_resident_new r = {.name = "房德英", .compound = "公安小区", .card = bad[i].card};
		if (jf_resident_add(db, f->staff, &r, NULL) != JF_EXISTS)
			fail_msg("card %s was accepted", bad[i].card);
		const char *msg = jf_db_error(db);
		if (!strstr(msg, bad[i].owner) || !strstr(msg, bad[i].what))
			fail_msg("card %s: %s", bad[i].card, msg);
		/* the same in an import: the whole batch, naming the row */
		jf_resident_new rows[2] = {{.name = "曾小华", .card = "FX7777"}, r};
		size_t at = 99;
		assert_int_equal(jf_resident_add_many(db, f->staff, rows, 2, &at), JF_EXISTS);
		assert_int_equal(at, 1);
	}
	assert_int_equal(raw_count(f, "resident_keys"), keys);
	assert_int_equal(count(f, 0), people);

	/* a resident added earlier in the same import counts too */
	jf_resident_new rows[2] = {{.name = "方志强", .phone = "13512340000"},
	                           {.name = "曾小华", .card = "fzq"}};
	size_t at = 99;
	assert_int_equal(jf_resident_add_many(db, f->staff, rows, 2, &at), JF_EXISTS);
	assert_int_equal(at, 1);

	/* one's own phone as one's card is fine: it is the same person */
	jf_resident_new own = {.name = "方志强", .phone = "13512340000", .card = "13512340000"};
	int64_t fang;
	assert_int_equal(jf_resident_add(db, f->staff, &own, &fang), JF_OK);
	jf_resident r;
	assert_int_equal(jf_resident_resolve(db, "13512340000", &r), JF_OK);
	assert_int_equal(r.id, fang);

	/* the other way round the person is added, and the value is ambiguous */
	jf_resident_new card = {.name = "曾小华", .card = "lgx"};
	int64_t zeng;
	assert_int_equal(jf_resident_add(db, f->staff, &card, &zeng), JF_OK);
	int64_t liu;
	jf_resident_new name = {.name = "刘桂香", .compound = "安康小区"};
	assert_int_equal(jf_resident_add(db, f->staff, &name, &liu), JF_OK);
	assert_int_equal(jf_resident_resolve(db, "lgx", &r), JF_AMBIGUOUS);
	assert_non_null(strstr(jf_db_error(db), "曾小华"));
	assert_non_null(strstr(jf_db_error(db), "刘桂香"));
}

/* A card code that is someone else's phone or initials, made before the
 * check (older data, or the sqlite3 shell): looking up the phone or the
 * initials finds two people, never the card's holder alone. */
static void test_collision_is_ambiguous(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	int64_t mal;
	jf_resident_new m = {.name = "马立", .compound = "公安小区", .card = "MALI01"};
	assert_int_equal(jf_resident_add(db, f->staff, &m, &mal), JF_OK);
	char sql[256];
	snprintf(sql, sizeof sql,
	         "INSERT INTO resident_keys VALUES ('13812345678', %lld, 1), ('dmy', %lld, 1)",
	         (long long)mal, (long long)mal);
	raw_exec(f, sql);

	jf_resident r, out[10];
	int n, exact = -1, nexact = -1;
	const char *q[] = {"13812345678", "dmy", "DMY"};
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(jf_resident_resolve(db, q[i], &r), JF_AMBIGUOUS);
		const char *msg = jf_db_error(db);
		if (!strstr(msg, "丁美英") || !strstr(msg, "马立"))
			fail_msg("%s: %s", q[i], msg);
		/* the counter's search lists both and picks neither at once */
		n = search(f, q[i], 0, out, 10, &exact);
		assert_int_equal(n, 2);
		assert_int_equal(exact, 0);
		assert_int_equal(jf_resident_lookup(db, q[i], 0, out, 10, &n, &nexact), JF_OK);
		assert_int_equal(nexact, 2);
		/* with room for one result only, too */
		n = search(f, q[i], 0, out, 1, &exact);
		assert_int_equal(n, 1);
		assert_int_equal(exact, 0);
	}
	/* the card's own code and the phone alone still name one person */
	assert_int_equal(jf_resident_resolve(db, "MALI01", &r), JF_OK);
	assert_int_equal(r.id, mal);
	assert_int_equal(search(f, "13900001111", 0, out, 1, &exact), 1);
	assert_int_equal(exact, 1);
	/* a moved-out holder of the card is still a candidate */
	assert_int_equal(jf_resident_set_active(db, f->staff, mal, 0), JF_OK);
	assert_int_equal(jf_resident_resolve(db, "13812345678", &r), JF_AMBIGUOUS);
}

/* One person on two records: the same name with the same phone, or with
 * the same full address; a name alone, or empty phones, are not enough. */
static void test_same_person(void **state)
{
	(void)state;
	jf_resident a = {.id = 1, .name = "丁美英", .compound = "开发楼家属楼", .building = "3",
	                 .unit = "2", .room = "501", .phone = "13812345678"};
	jf_resident b = a;
	b.id = 2;
	assert_int_equal(jf_resident_same_person(&a, &a), JF_SAME_RECORD);
	assert_int_equal(jf_resident_same_person(&a, &b), JF_SAME_PHONE);
	/* +86, spaces in the name */
	snprintf(b.phone, sizeof b.phone, "+8613812345678");
	snprintf(b.name, sizeof b.name, "丁 美英");
	assert_int_equal(jf_resident_same_person(&a, &b), JF_SAME_PHONE);
	/* another phone, the same home written otherwise */
	snprintf(b.phone, sizeof b.phone, "13900000000");
	snprintf(b.building, sizeof b.building, "3号楼");
	snprintf(b.unit, sizeof b.unit, "2单元");
	snprintf(b.room, sizeof b.room, "501室");
	assert_int_equal(jf_resident_same_person(&a, &b), JF_SAME_ADDRESS);
	/* another home too: a namesake */
	snprintf(b.room, sizeof b.room, "502");
	assert_int_equal(jf_resident_same_person(&a, &b), JF_SAME_NONE);
	/* no phones and no rooms: a name is not a person */
	jf_resident c = {.id = 3, .name = "丁美英", .compound = "开发楼家属楼"};
	jf_resident d = {.id = 4, .name = "丁美英", .compound = "开发楼家属楼"};
	assert_int_equal(jf_resident_same_person(&c, &d), JF_SAME_NONE);
	/* the same phone under another name is another person (a family) */
	jf_resident e = a;
	e.id = 5;
	snprintf(e.name, sizeof e.name, "杨效文");
	assert_int_equal(jf_resident_same_person(&a, &e), JF_SAME_NONE);
}

/* Many names beginning alike: the candidates listed are at most five, and
 * the message says how many there are. */
static void test_resolve_many(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	const char *given[] = {"一", "二", "三", "四", "五", "六", "七", "八"};
	jf_resident_new rows[8];
	char names[8][16];
	for (int i = 0; i < 8; i++) {
		snprintf(names[i], sizeof names[i], "王%s", given[i]);
		rows[i] = (jf_resident_new){.name = names[i], .compound = "世纪楼家属楼"};
	}
	size_t bad;
	assert_int_equal(jf_resident_add_many(db, f->staff, rows, 8, &bad), JF_OK);
	jf_resident r;
	assert_int_equal(jf_resident_resolve(db, "王", &r), JF_AMBIGUOUS);
	const char *msg = jf_db_error(db);
	assert_non_null(strstr(msg, "8"));
	int listed = 0;
	for (const char *p = msg; (p = strstr(p, "（世纪楼家属楼）")); p++)
		listed++;
	assert_int_equal(listed, 5);
}

/* Far more prefix matches than the search looks at: the exact ones are
 * still found and first. */
static void test_many_prefix_matches(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	enum { N = 2600 };
	static const char *given[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九",
	                              "十", "明", "亮", "华", "文", "武", "兰", "芳", "军"};
	const size_t ng = sizeof given / sizeof *given;
	jf_resident_new *rows = calloc(N, sizeof *rows);
	char (*names)[32] = calloc(N, sizeof *names);
	char (*phones)[16] = calloc(N, sizeof *phones);
	for (int i = 0; i < N; i++) {
		snprintf(names[i], sizeof names[i], "丁%s%s%s", given[i % ng], given[(i / ng) % ng],
		         given[(i / ng / ng) % ng]);
		snprintf(phones[i], sizeof phones[i], "1590000%04d", i);
		rows[i] = (jf_resident_new){.name = names[i], .phone = phones[i]};
	}
	size_t bad;
	assert_int_equal(jf_resident_add_many(db, f->staff, rows, N, &bad), JF_OK);
	assert_int_equal(count(f, 0), 5 + N);

	/* and one whose name is just 丁 */
	int64_t just;
	jf_resident_new d = {.name = "丁", .compound = "公安小区"};
	assert_int_equal(jf_resident_add(db, f->staff, &d, &just), JF_OK);

	jf_resident out[10];
	int exact;
	/* the exact key first, though thousands of keys begin with it */
	const char *exact_queries[] = {"ding", "d", "丁"};
	for (int i = 0; i < 3; i++) {
		int n = search(f, exact_queries[i], 0, out, 10, NULL);
		assert_int_equal(n, 10);
		if (out[0].id != just)
			fail_msg("%s: %s first, not 丁", exact_queries[i], out[0].name);
	}
	jf_resident r;
	assert_int_equal(jf_resident_resolve(db, "丁", &r), JF_OK);
	assert_int_equal(r.id, just);
	/* one full phone among thousands sharing its first digits */
	int n = search(f, "15900001234", 0, out, 10, &exact);
	assert_int_equal(n, 1);
	assert_int_equal(exact, 1);
	assert_string_equal(out[0].phone, "15900001234");
	assert_int_equal(search(f, "1590000", 0, out, 10, &exact), 10);
	assert_int_equal(exact, 0);
	/* names deep in the list: 丁军军 + the eight given names that i / 324
	 * reaches below N */
	n = search(f, "丁军军", 0, out, 10, NULL);
	assert_int_equal(n, 8);
	for (int i = 0; i < n; i++)
		assert_int_equal(strncmp(out[i].name, "丁军军", strlen("丁军军")), 0);
	assert_int_equal(search(f, "dingjunjun", 0, out, 10, NULL), 8);
	free(rows);
	free(names);
	free(phones);
}

/* Rooms as people write them in the search box (issue 11). */
static void test_room_written_out(void **state)
{
	fixture *f = *state;
	assert_true(finds(f, "3号楼2单元501", f->ding));
	assert_true(finds(f, "3栋2单元501", f->ding));
	assert_true(finds(f, "3栋2单元501室", f->ding));
	assert_true(finds(f, "开发楼家属楼3号楼2单元501", f->ding));
	assert_true(finds(f, "开发楼家属楼 3-2-501", f->ding));
	assert_true(finds(f, "5号楼1单元302", f->dingjx));
	assert_false(finds(f, "3号楼2单元502", f->ding));
	jf_resident r;
	assert_int_equal(jf_resident_resolve(f->e->db, "3栋2单元501", &r), JF_OK);
	assert_int_equal(r.id, f->ding);
	/* names and phones are untouched */
	assert_true(finds(f, "丁美", f->ding));
	assert_true(finds(f, "5678", f->ding));
}

/* jf_resident_edit: fields, keys, and the card checks of add. */
static void test_edit(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	jf_resident r;
	jf_resident_new e = {.name = "丁美瑛", .compound = "开发楼家属楼", .building = "4",
	                     .unit = "1", .room = "101", .phone = "13812340000", .card = "FX0100",
	                     .party = 1};
	/* a volunteer may not */
	assert_int_equal(jf_resident_edit(db, f->vol, f->ding, &e), JF_DENIED);
	assert_int_equal(jf_resident_edit(db, f->staff, f->ding, &e), JF_OK);
	assert_int_equal(jf_resident_get(db, f->ding, &r), JF_OK);
	assert_string_equal(r.name, "丁美瑛");
	assert_string_equal(r.card, "FX0100");
	assert_int_equal(r.party, 1);
	/* the new keys find her, the old ones no longer */
	assert_true(finds(f, "FX0100", f->ding));
	assert_true(finds(f, "4-1-101", f->ding));
	assert_true(finds(f, "0000", f->ding));
	assert_false(finds(f, "FX0001", f->ding));
	assert_false(finds(f, "3-2-501", f->ding));
	assert_false(finds(f, "5678", f->ding));
	/* her own keys may be her card */
	e.card = "13812340000";
	assert_int_equal(jf_resident_edit(db, f->staff, f->ding, &e), JF_OK);
	/* another's card, phone, name or initials may not */
	const char *bad[] = {"FX0002", "13900001111", "yxw", "13700002222"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		e.card = bad[i];
		assert_int_equal(jf_resident_edit(db, f->staff, f->ding, &e), JF_EXISTS);
	}
	assert_int_equal(jf_resident_get(db, f->ding, &r), JF_OK);
	assert_string_equal(r.card, "13812340000");
	/* the same checks as add: a bad phone, an empty name */
	e.card = "";
	e.phone = "12ab";
	assert_int_equal(jf_resident_edit(db, f->staff, f->ding, &e), JF_INVALID);
	e.phone = "";
	e.name = " ";
	assert_int_equal(jf_resident_edit(db, f->staff, f->ding, &e), JF_INVALID);
	e.name = "丁美瑛";
	assert_int_equal(jf_resident_edit(db, f->staff, 9999, &e), JF_NOT_FOUND);
	assert_int_equal(jf_resident_edit(db, f->staff, f->ding, &e), JF_OK);
	assert_int_equal(jf_resident_get(db, f->ding, &r), JF_OK);
	assert_string_equal(r.card, "");
	assert_false(finds(f, "13812340000", f->ding));
}

int main(void)
{
	test_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_and_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_initials, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_pinyin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chinese_prefix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_phone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_card, setup, teardown),
		cmocka_unit_test_setup_teardown(test_room, setup, teardown),
		cmocka_unit_test_setup_teardown(test_polyphonic_surnames, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ascii_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_query, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sql_in_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_phone_and_card_checks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_card, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_many, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_moved_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resolve, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resolve_many, setup, teardown),
		cmocka_unit_test_setup_teardown(test_card_is_anothers_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_collision_is_ambiguous, setup, teardown),
		cmocka_unit_test(test_same_person),
		cmocka_unit_test_setup_teardown(test_many_prefix_matches, setup, teardown),
		cmocka_unit_test_setup_teardown(test_room_written_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edit, setup, teardown),
	};
	return cmocka_run_group_tests_name("resident", tests, NULL, NULL);
}
