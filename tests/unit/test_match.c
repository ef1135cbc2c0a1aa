/* Matching (src/match.c): the tiers, and the same item for a query on the
 * command line's path (jf_item_resolve) and the counter's (the catalog
 * filter: jf_match over jf_item_list, the first of the best tier). */
#include "testlib.h"

#include "jifen/catalog.h"
#include "jifen/match.h"

static void test_tiers(void **state)
{
	(void)state;
	jf_match_keys k;
	jf_match_keys_make("纸巾", 0, &k);
	assert_non_null(strstr(k.words, "zj"));
	assert_non_null(strstr(k.words, "zhijin"));
	struct {
		const char *q, *code, *name;
		jf_match_tier want;
	} t[] = {
	    {"zj01", "ZJ01", "纸巾", JF_MATCH_CODE},    {"ZJ01", "zj01", "纸巾", JF_MATCH_CODE},
	    {"纸巾", "ZJ01", "纸巾", JF_MATCH_NAME},    {"zj", "ZJ01", "纸巾", JF_MATCH_PINYIN},
	    {"ZJ", "ZJ01", "纸巾", JF_MATCH_PINYIN},    {"zhijin", "ZJ01", "纸巾", JF_MATCH_PINYIN},
	    {"zhi", "ZJ01", "纸巾", JF_MATCH_PREFIX},   {"zj0", "ZJ01", "纸巾", JF_MATCH_PREFIX},
	    {"纸", "ZJ01", "纸巾", JF_MATCH_PREFIX},    {"纸巾", "SZJ", "湿纸巾", JF_MATCH_PART},
	    {"zj", "SZJ", "湿纸巾", JF_MATCH_NONE},     {"zj", "A1", "早教卡片", JF_MATCH_PREFIX},
	    {"x", "ZJ01", "纸巾", JF_MATCH_NONE},       {"", "ZJ01", "纸巾", JF_MATCH_PART},
	    {"zj", NULL, "纸巾", JF_MATCH_PINYIN},      {"zj01", NULL, "纸巾", JF_MATCH_NONE},
	    {"z j", "ZJ01", "纸巾", JF_MATCH_NONE},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		jf_match_keys_make(t[i].name, 0, &k);
		jf_match_tier got = jf_match(t[i].q, t[i].code, t[i].name, &k);
		if (got != t[i].want)
			fprintf(stderr, "query \"%s\" on %s %s: tier %d, want %d\n", t[i].q,
			        t[i].code ? t[i].code : "-", t[i].name, got, t[i].want);
		assert_int_equal(got, t[i].want);
		/* keys worked out on the spot give the same answer */
		assert_int_equal(jf_match(t[i].q, t[i].code, t[i].name, NULL), t[i].want);
	}
	/* a person's name: the surname reading (曾 zeng) */
	jf_match_keys_make("曾小红", 1, &k);
	assert_int_equal(jf_match("zxh", NULL, "曾小红", &k), JF_MATCH_PINYIN);

	jf_match_tier v[] = {JF_MATCH_PART, JF_MATCH_PREFIX, JF_MATCH_NONE, JF_MATCH_PREFIX};
	size_t count = 0;
	assert_int_equal(jf_match_best(v, 4, &count), 1);
	assert_int_equal(count, 2);
	jf_match_tier none[] = {JF_MATCH_NONE, JF_MATCH_NONE};
	assert_int_equal(jf_match_best(none, 2, &count), -1);
	assert_int_equal(count, 0);
	assert_int_equal(jf_match_best(NULL, 0, NULL), -1);
}

static void add(test_env *e, const char *code, const char *name, jf_item_kind kind)
{
	jf_item it;
	memset(&it, 0, sizeof it);
	snprintf(it.code, sizeof it.code, "%s", code);
	snprintf(it.name, sizeof it.name, "%s", name);
	snprintf(it.unit, sizeof it.unit, "%s", "个");
	it.kind = kind;
	it.points = 5;
	it.valid_days = 30;
	int64_t id;
	assert_int_equal(jf_item_add(e->db, e->admin, &it, &id), JF_OK);
}

/* The counter's choice: the first item of jf_item_list at the best tier. */
static int64_t counter_pick(test_env *e, const char *q)
{
	jf_item *items = NULL;
	size_t n = 0;
	assert_int_equal(jf_item_list(e->db, 0, &items, &n), JF_OK);
	jf_match_tier *tier = calloc(n, sizeof *tier);
	jf_match_keys *k = malloc(sizeof *k);
	for (size_t i = 0; i < n; i++) {
		jf_match_keys_make(items[i].name, 0, k);
		tier[i] = jf_match(q, items[i].code, items[i].name, k);
	}
	long best = jf_match_best(tier, n, NULL);
	int64_t id = best < 0 ? 0 : items[best].id;
	free(k);
	free(tier);
	free(items);
	return id;
}

static void test_cli_and_counter_agree(void **state)
{
	test_env *e = *state;
	/* listed by kind, then code: 早教卡片 (A1, "zjkp") and 湿纸巾 (SZJ)
	 * come before 纸巾 (ZJ01); the old counter took the first item whose
	 * pinyin or name merely contained the query */
	add(e, "A1", "早教卡片", JF_ITEM_GOODS);
	add(e, "SZJ", "湿纸巾", JF_ITEM_GOODS);
	add(e, "ZJ01", "纸巾", JF_ITEM_GOODS);
	add(e, "DM", "大米", JF_ITEM_PRODUCE);
	add(e, "JZ", "家政保洁", JF_ITEM_HOUSEKEEPING);
	struct {
		const char *q, *want;
	} t[] = {
	    {"zj", "纸巾"},      {"ZJ", "纸巾"},       {"zj01", "纸巾"},   {"纸巾", "纸巾"},
	    {"zhijin", "纸巾"},  {"zjk", "早教卡片"},  {"szj", "湿纸巾"},  {"湿", "湿纸巾"},
	    {"dm", "大米"},      {"jzbj", "家政保洁"}, {"保洁", "家政保洁"}, {"a1", "早教卡片"},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		jf_item cli;
		assert_int_equal(jf_item_resolve(e->db, t[i].q, &cli), JF_OK);
		if (strcmp(cli.name, t[i].want) != 0)
			fprintf(stderr, "\"%s\": the command line takes %s\n", t[i].q, cli.name);
		assert_string_equal(cli.name, t[i].want);
		int64_t at_counter = counter_pick(e, t[i].q);
		if (at_counter != cli.id)
			fprintf(stderr, "\"%s\": the counter takes item %lld, not %s\n", t[i].q,
			        (long long)at_counter, cli.name);
		assert_int_equal(at_counter, cli.id);
	}
	jf_item it;
	assert_int_equal(jf_item_resolve(e->db, "zhi", &it), JF_OK); /* 湿纸巾 is shizhijin */
	assert_string_equal(it.name, "纸巾");
	/* more than one at the best tier: the command line asks, the counter
	 * shows them all with the first selected */
	assert_int_equal(jf_item_resolve(e->db, "z", &it), JF_AMBIGUOUS);
	assert_non_null(strstr(jf_db_error(e->db), "早教卡片"));
	assert_non_null(strstr(jf_db_error(e->db), "纸巾"));
	assert_int_equal(jf_item_resolve(e->db, "a1", &it), JF_OK);
	assert_int_equal(counter_pick(e, "z"), it.id);
}

int main(void)
{
	test_init();
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tiers),
	    cmocka_unit_test_setup_teardown(test_cli_and_counter_agree, test_env_setup,
	                                    test_env_teardown),
	};
	return cmocka_run_group_tests_name("match", tests, NULL, NULL);
}
