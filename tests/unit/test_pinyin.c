/* src/pinyin.c and its generated tables: readings, surnames, search keys. */
#include "testlib.h"
#include "jifen/pinyin.h"
#include "jifen/text.h"

/* The generated tables (build/gen/pinyin-table.c), checked here. */
struct jf_pinyin_row {
	unsigned cp;
	const char *readings;
};
struct jf_surname_row {
	const char *han;
	const char *readings;
};
extern const struct jf_pinyin_row jf_pinyin_table[];
extern const size_t jf_pinyin_table_len;
extern const struct jf_surname_row jf_surname_table[];
extern const size_t jf_surname_table_len;

static unsigned cp_of(const char *s)
{
	unsigned cp = 0;
	assert_true(jf_utf8_decode(s, strlen(s), &cp) > 0);
	return cp;
}

static int has_reading(unsigned cp, const char *reading)
{
	const char *r[16];
	int n = jf_pinyin_readings(cp, r, 16);
	for (int i = 0; i < n; i++)
		if (strcmp(r[i], reading) == 0)
			return 1;
	return 0;
}

static void test_table_sorted(void **state)
{
	(void)state;
	/* the whole CJK range, the rare extensions included */
	assert_true(jf_pinyin_table_len > 40000);
	for (size_t i = 1; i < jf_pinyin_table_len; i++)
		if (jf_pinyin_table[i - 1].cp >= jf_pinyin_table[i].cp)
			fail_msg("row %zu (U+%X) is not after U+%X", i, jf_pinyin_table[i].cp,
			         jf_pinyin_table[i - 1].cp);
}

static void test_readings(void **state)
{
	(void)state;
	const char *r[16];
	assert_int_equal(jf_pinyin_readings(cp_of("丁"), r, 16) >= 1, 1);
	assert_string_equal(r[0], "ding");
	assert_int_equal(jf_pinyin_readings(cp_of("美"), r, 16), 1);
	assert_string_equal(r[0], "mei");
	/* 曾: ceng (曾经) is the main reading, zeng another */
	int n = jf_pinyin_readings(cp_of("曾"), r, 16);
	assert_true(n >= 2);
	assert_string_equal(r[0], "ceng");
	assert_true(has_reading(cp_of("曾"), "zeng"));
	/* toneless, ü as v */
	assert_true(has_reading(cp_of("绿"), "lv"));
	assert_true(has_reading(cp_of("女"), "nv"));
	/* first and last of the table, and an extension B character */
	assert_true(jf_pinyin_readings(0x4E00, r, 16) >= 1);
	assert_string_equal(r[0], "yi");
	assert_true(jf_pinyin_readings(0x20000, r, 16) >= 1);
	/* not Chinese */
	assert_int_equal(jf_pinyin_readings('a', r, 16), 0);
	assert_int_equal(jf_pinyin_readings(0x3000, r, 16), 0);
	assert_int_equal(jf_pinyin_readings(0x10FFFF, r, 16), 0);
	/* max is respected */
	assert_int_equal(jf_pinyin_readings(cp_of("曾"), r, 1), 1);
	assert_int_equal(jf_pinyin_readings(cp_of("曾"), r, 0), 0);
}

/* data/surnames.tsv: every surname reading is one Unihan knows for that
 * character, one per character. */
static void test_surname_data(void **state)
{
	(void)state;
	assert_true(jf_surname_table_len >= 8);
	for (size_t i = 0; i < jf_surname_table_len; i++) {
		const char *han = jf_surname_table[i].han;
		const char *r = jf_surname_table[i].readings;
		size_t len = strlen(han), o = 0;
		while (o < len) {
			unsigned cp;
			int n = jf_utf8_decode(han + o, len - o, &cp);
			assert_true(n > 0);
			if (!*r)
				fail_msg("%s: fewer readings than characters", han);
			if (!has_reading(cp, r))
				fail_msg("%s: %s is not a reading of its character", han, r);
			o += (size_t)n;
			r += strlen(r) + 1;
		}
		if (*r)
			fail_msg("%s: more readings than characters", han);
	}
}

static void main_of(const char *s, int is_name, const char *expect)
{
	char out[256];
	jf_pinyin_main(s, is_name, out, sizeof out);
	assert_string_equal(out, expect);
}

static void test_main(void **state)
{
	(void)state;
	main_of("丁美英", 1, "ding mei ying");
	main_of("杨效文", 1, "yang xiao wen");
	main_of("", 1, "");
	main_of(NULL, 1, "");
	/* a surname is read as a surname, the same character elsewhere not */
	main_of("曾凡华", 1, "zeng fan hua");
	main_of("曾经", 0, "ceng jing");
	main_of("单雪梅", 1, "shan xue mei");
	main_of("单位", 0, "dan wei");
	main_of("解小东", 1, "xie xiao dong");
	main_of("仇建国", 1, "qiu jian guo");
	main_of("区志文", 1, "ou zhi wen");
	main_of("朴正浩", 1, "piao zheng hao");
	main_of("查文杰", 1, "zha wen jie");
	main_of("覃海燕", 1, "qin hai yan");
	main_of("盖丽丽", 1, "ge li li");
	main_of("缪一平", 1, "miao yi ping");
	main_of("翟志刚", 1, "zhai zhi gang");
	/* only the first character is a surname */
	main_of("丁曾", 1, "ding ceng");
	/* a compound surname, read as a whole */
	main_of("尉迟恭", 1, "yu chi gong");
	main_of("万俟明", 1, "mo qi ming");
	main_of("长孙无忌", 1, "zhang sun wu ji");
	/* ASCII letters and digits kept, lowercased; full-width ones too */
	main_of("A4纸", 0, "a 4 zhi");
	main_of("Tom李", 1, "tom li");
	main_of("ＡＢ大米5斤", 0, "ab da mi 5 jin");
	/* punctuation and spaces separate, and are left out */
	main_of("买买提·艾力", 1, "mai mai ti ai li");
	main_of("  丁 美英 ", 1, "ding mei ying");
}

static void test_main_small_buffer(void **state)
{
	(void)state;
	char out[12];
	memset(out, 'X', sizeof out);
	jf_pinyin_main("丁美英张三", 1, out, sizeof out);
	/* whole syllables only */
	assert_string_equal(out, "ding mei");
	jf_pinyin_main("丁", 1, out, 1);
	assert_string_equal(out, "");
}

static void test_main_bad_input(void **state)
{
	(void)state;
	char out[256];
	/* invalid bytes are skipped; the valid characters still read */
	jf_pinyin_main("丁\xFF\xFE美\xE4英", 1, out, sizeof out);
	assert_string_equal(out, "ding mei ying");
	/* a very long text stops at the buffer */
	char big[10000];
	for (size_t i = 0; i + 3 < sizeof big; i += 3)
		memcpy(big + i, "美", 3);
	big[sizeof big - 1 - (sizeof big - 1) % 3] = '\0';
	jf_pinyin_main(big, 1, out, sizeof out);
	assert_true(strlen(out) < sizeof out);
	assert_int_equal(strncmp(out, "mei mei mei", 11), 0);
}

static int find_key(const jf_pinyin_key *k, int n, const char *initials, const char *full)
{
	for (int i = 0; i < n; i++)
		if (strcmp(k[i].initials, initials) == 0 && strcmp(k[i].full, full) == 0)
			return i;
	return -1;
}

static void test_keys(void **state)
{
	(void)state;
	jf_pinyin_key k[16];
	int n = jf_pinyin_keys("丁美英", 1, k, 16);
	assert_true(n >= 1);
	/* the main reading first */
	assert_string_equal(k[0].initials, "dmy");
	assert_string_equal(k[0].full, "dingmeiying");
	/* no two alike */
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			assert_false(strcmp(k[i].full, k[j].full) == 0 &&
			             strcmp(k[i].initials, k[j].initials) == 0);

	/* every reading of a polyphonic surname gives keys; the surname's first */
	n = jf_pinyin_keys("曾凡华", 1, k, 16);
	assert_int_equal(find_key(k, n, "zfh", "zengfanhua"), 0);
	assert_true(find_key(k, n, "cfh", "cengfanhua") > 0);
	n = jf_pinyin_keys("单雪梅", 1, k, 16);
	assert_int_equal(find_key(k, n, "sxm", "shanxuemei"), 0);
	assert_true(find_key(k, n, "dxm", "danxuemei") > 0);
	assert_true(find_key(k, n, "cxm", "chanxuemei") > 0);
	/* not a name: the character's own main reading first */
	n = jf_pinyin_keys("曾经", 0, k, 16);
	assert_int_equal(find_key(k, n, "cj", "cengjing"), 0);
	assert_true(find_key(k, n, "zj", "zengjing") > 0);

	/* ASCII: a digit run is kept whole in the initials */
	n = jf_pinyin_keys("A4纸", 0, k, 16);
	assert_int_equal(find_key(k, n, "a4z", "a4zhi"), 0);

	/* nothing to read */
	assert_int_equal(jf_pinyin_keys("", 1, k, 16), 0);
	assert_int_equal(jf_pinyin_keys("·—！", 1, k, 16), 0);
	assert_int_equal(jf_pinyin_keys("丁美英", 1, k, 0), 0);
}

/* A cap on combinations: the main reading, then every single character
 * read another way, before any two at once. */
static void test_keys_cap(void **state)
{
	(void)state;
	jf_pinyin_key k[16];
	/* 单 (3 readings) 重 (3) 乐 (2) 行 (3) 长 (2): 108 combinations */
	const char *chars[] = {"单", "重", "乐", "行", "长"};
	const char *main_r[] = {"shan", "zhong", "le", "xing", "zhang"};
	int n = jf_pinyin_keys("单重乐行长", 1, k, 16);
	assert_int_equal(n, 16);
	assert_string_equal(k[0].full, "shanzhonglexingzhang");
	assert_string_equal(k[0].initials, "szlxz");
	/* each character read each of its ways, the others at their main */
	int singles = 0;
	for (int c = 0; c < 5; c++) {
		const char *r[16];
		int nr = jf_pinyin_readings(cp_of(chars[c]), r, 16);
		for (int j = 0; j < nr; j++) {
			if (strcmp(r[j], main_r[c]) == 0)
				continue;
			char full[64] = "", initials[8] = "";
			for (int i = 0; i < 5; i++) {
				const char *x = i == c ? r[j] : main_r[i];
				strcat(full, x);
				strncat(initials, x, 1);
			}
			int at = find_key(k, n, initials, full);
			if (at < 1)
				fail_msg("%s read %s (%s) is missing", chars[c], r[j], full);
			singles++;
			/* before any key with two characters read otherwise */
			assert_true(at <= 8);
		}
	}
	assert_int_equal(singles, 8);
	/* a small cap keeps the main reading */
	assert_int_equal(jf_pinyin_keys("单重乐行长", 1, k, 1), 1);
	assert_string_equal(k[0].initials, "szlxz");
}

static void test_keys_long_text(void **state)
{
	(void)state;
	jf_pinyin_key k[4];
	char big[10240];
	size_t o = 0;
	while (o + 3 < sizeof big) {
		memcpy(big + o, "庄", 3); /* zhuang: the longest syllable */
		o += 3;
	}
	big[o] = '\0';
	int n = jf_pinyin_keys(big, 1, k, 4);
	assert_true(n >= 1);
	assert_true(strlen(k[0].full) < sizeof k[0].full);
	assert_true(strlen(k[0].initials) < sizeof k[0].initials);
	assert_int_equal(strncmp(k[0].full, "zhuangzhuang", 12), 0);
	assert_int_equal(strlen(k[0].full) % 6, 0);
}

int main(void)
{
	(void)test_env_setup;
	(void)test_env_teardown;
	test_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_sorted),
		cmocka_unit_test(test_readings),
		cmocka_unit_test(test_surname_data),
		cmocka_unit_test(test_main),
		cmocka_unit_test(test_main_small_buffer),
		cmocka_unit_test(test_main_bad_input),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_keys_cap),
		cmocka_unit_test(test_keys_long_text),
	};
	return cmocka_run_group_tests_name("pinyin", tests, NULL, NULL);
}
