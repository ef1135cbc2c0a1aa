/* Messages in Chinese and English: the language switch, status and core
 * messages in both languages, and the English catalog itself (complete,
 * printf formats marked, and the same conversions in the same order in
 * every translation, so that no printf can read the wrong argument). */
#include <limits.h>
#include <locale.h>
#include <stdint.h>

#include "testlib.h"
#include "jifen/resident.h"
#include "jifen/status.h"

/* The build tree's locale folder: the test runs as BUILD/tests/test_i18n. */
static char localedir[PATH_MAX + 16];

static int find_localedir(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return -1;
	exe[n] = '\0';
	for (int up = 0; up < 2; up++) {
		char *slash = strrchr(exe, '/');
		if (!slash)
			return -1;
		*slash = '\0';
	}
	snprintf(localedir, sizeof localedir, "%s/locale", exe);
	return 0;
}

/* A clean environment for jf_i18n_init: no locale variables but `lang`
 * (LANG), and LANGUAGE as given (NULL: unset). */
static void environment(const char *lang, const char *language)
{
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LC_CTYPE");
	if (lang)
		setenv("LANG", lang, 1);
	else
		unsetenv("LANG");
	if (language)
		setenv("LANGUAGE", language, 1);
	else
		unsetenv("LANGUAGE");
	setenv("JIFEN_LOCALEDIR", localedir, 1);
}

static void test_chinese_by_default(void **state)
{
	(void)state;
	environment("C.UTF-8", NULL);
	jf_i18n_init(NULL);
	assert_false(jf_i18n_is_english());
	assert_string_equal(jf_status_message(JF_INSUFFICIENT), "积分不足");
	assert_string_equal(jf_status_message(JF_OUT_OF_STOCK), "库存不足");
	assert_string_equal(jf_status_message(JF_BAD_PIN), "操作员或 PIN 错误");
	/* LANG alone does not choose English: the counter speaks Chinese */
	environment("en_US.UTF-8", NULL);
	jf_i18n_init(NULL);
	assert_false(jf_i18n_is_english());
	assert_string_equal(jf_status_message(JF_INSUFFICIENT), "积分不足");
}

static void test_english_status(void **state)
{
	(void)state;
	environment("C.UTF-8", NULL);
	jf_i18n_init("en");
	assert_true(jf_i18n_is_english());
	assert_string_equal(jf_status_message(JF_INSUFFICIENT), "Not enough points");
	assert_string_equal(jf_status_message(JF_OUT_OF_STOCK), "Not enough stock");
	assert_string_equal(jf_status_message(JF_OVER_LIMIT), "Over the monthly limit");
	assert_string_equal(jf_status_message(JF_SELF_AWARD),
	                    "You cannot award points to yourself");
	/* and back: a setting of "zh_CN" wins over LANGUAGE=en */
	environment("C.UTF-8", "en");
	jf_i18n_init("zh_CN");
	assert_false(jf_i18n_is_english());
	assert_string_equal(jf_status_message(JF_INSUFFICIENT), "积分不足");
}

/* Every status message has an English text with no Chinese left in it. */
static void test_every_status_in_english(void **state)
{
	(void)state;
	const char *zh[JF_STATUS_COUNT];
	environment("C.UTF-8", NULL);
	jf_i18n_init(NULL);
	for (int s = 0; s < JF_STATUS_COUNT; s++)
		zh[s] = jf_status_message((jf_status)s);
	jf_i18n_init("en");
	for (int s = 0; s < JF_STATUS_COUNT; s++) {
		const char *en = jf_status_message((jf_status)s);
		if (strcmp(en, zh[s]) == 0)
			fail_msg("JF_%s has no English message", jf_status_name((jf_status)s));
		for (const unsigned char *p = (const unsigned char *)en; *p; p++)
			if (*p >= 0x80)
				fail_msg("JF_%s in English is \"%s\"", jf_status_name((jf_status)s),
				         en);
	}
}

/* English works whatever the locale: LANG=C, C.UTF-8, none at all, and a
 * messages locale of C under a UTF-8 character type. */
static void test_english_in_any_locale(void **state)
{
	(void)state;
	const char *langs[] = {"C", "C.UTF-8", NULL, "POSIX"};
	for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
		environment(langs[i], "en");
		jf_i18n_init(NULL);
		assert_true(jf_i18n_is_english());
		assert_string_equal(jf_status_message(JF_INSUFFICIENT), "Not enough points");
		environment(langs[i], NULL);
		jf_i18n_init(NULL);
		assert_string_equal(jf_status_message(JF_INSUFFICIENT), "积分不足");
	}
	environment("C.UTF-8", "en");
	setenv("LC_MESSAGES", "C", 1);
	jf_i18n_init(NULL);
	assert_string_equal(jf_status_message(JF_INSUFFICIENT), "Not enough points");
	environment(NULL, "en");
	setenv("LC_CTYPE", "C.UTF-8", 1);
	jf_i18n_init(NULL);
	assert_string_equal(jf_status_message(JF_INSUFFICIENT), "Not enough points");
}

/* A LANGUAGE list: the first language jifen speaks decides. */
static void test_language_list(void **state)
{
	(void)state;
	const struct {
		const char *language;
		int english;
	} cases[] = {
	    {"en_GB:fr", 1}, {"fr:en", 1}, {"zh_CN:en", 0},    {"zh_TW", 0},
	    {"fr", 0},       {"eng", 0},   {"en_US.UTF-8", 1}, {"", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		environment("C.UTF-8", cases[i].language);
		jf_i18n_init(NULL);
		if (jf_i18n_is_english() != cases[i].english)
			fail_msg("LANGUAGE=%s: english %d", cases[i].language,
			         jf_i18n_is_english());
		assert_string_equal(jf_status_message(JF_INSUFFICIENT),
		                    cases[i].english ? "Not enough points" : "积分不足");
	}
}

/* The core's detailed messages (jf_fail) follow the language too. */
static void test_core_message_in_both(void **state)
{
	test_env *e = *state;
	jf_resident r;
	environment("C.UTF-8", NULL);
	jf_i18n_init("en");
	assert_int_equal(jf_resident_resolve(e->db, "nobody", &r), JF_NOT_FOUND);
	assert_string_equal(jf_db_error(e->db), "Not found: No resident matches \"nobody\"");
	jf_i18n_init("zh_CN");
	assert_int_equal(jf_resident_resolve(e->db, "nobody", &r), JF_NOT_FOUND);
	assert_string_equal(jf_db_error(e->db), "找不到：没有与“nobody”相符的居民");
}

/* --- the catalog ---------------------------------------------------------- */

/* The printf conversions of s, one token each ("s", "lld", "*" for a
 * star width or precision), joined by '|', in order.  Flags, widths and
 * precisions may differ between languages; argument types may not. */
static void conversions(const char *s, char *out, size_t len)
{
	size_t o = 0;
	out[0] = '\0';
	for (const char *p = s; *p; p++) {
		if (*p != '%')
			continue;
		p++;
		if (*p == '%')
			continue;
		char tok[16];
		size_t t = 0;
		const char *q = p;
		while (*q >= '0' && *q <= '9')
			q++;
		if (*q == '$') { /* a positional argument changes the order */
			while (p <= q && t < sizeof tok - 1)
				tok[t++] = *p++;
		}
		while (*p && strchr("-+ #0'I", *p))
			p++;
		for (int part = 0; part < 2; part++) {
			if (part == 1) {
				if (*p != '.')
					break;
				p++;
			}
			if (*p == '*') {
				snprintf(out + o, len - o, "%s*", o ? "|" : "");
				o += strlen(out + o);
				p++;
			}
			while (*p >= '0' && *p <= '9')
				p++;
		}
		while (*p && strchr("hlLqjzZt", *p) && t < sizeof tok - 2)
			tok[t++] = *p++;
		if (!*p)
			break;
		tok[t++] = *p;
		tok[t] = '\0';
		snprintf(out + o, len - o, "%s%s", o ? "|" : "", tok);
		o += strlen(out + o);
	}
}

static void test_conversions_parser(void **state)
{
	(void)state;
	char c[128];
	conversions("%s 余额 %lld 分，需要 %+lld 分 100%%", c, sizeof c);
	assert_string_equal(c, "s|lld|lld");
	conversions("%-10s %*d %.*s %zu %02d", c, sizeof c);
	assert_string_equal(c, "s|*|d|*|s|zu|d");
	conversions("%2$s %1$s", c, sizeof c);
	assert_string_equal(c, "2$s|1$s");
	conversions("no format", c, sizeof c);
	assert_string_equal(c, "");
}

static uint32_t word(const unsigned char *m, size_t at)
{
	return (uint32_t)m[at] | (uint32_t)m[at + 1] << 8 | (uint32_t)m[at + 2] << 16 |
	       (uint32_t)m[at + 3] << 24;
}

/* The compiled catalog that jifen loads: every translation has the
 * conversions of its msgid, in the same order. */
static void test_mo_formats_match(void **state)
{
	(void)state;
	char path[PATH_MAX + 64];
	snprintf(path, sizeof path, "%s/en/LC_MESSAGES/jifen.mo", localedir);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("no catalog at %s", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	long size = ftell(f);
	assert_true(size > 28);
	rewind(f);
	unsigned char *m = malloc((size_t)size + 1);
	assert_non_null(m);
	assert_int_equal(fread(m, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	m[size] = '\0';
	assert_int_equal(word(m, 0), 0x950412de); /* little-endian .mo, as msgfmt writes here */
	uint32_t n = word(m, 8), orig = word(m, 12), trans = word(m, 16);
	assert_true(n > 500);
	int with_formats = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t olen = word(m, orig + 8 * i), ooff = word(m, orig + 8 * i + 4);
		uint32_t tlen = word(m, trans + 8 * i), toff = word(m, trans + 8 * i + 4);
		assert_true(ooff + olen < (uint32_t)size && toff + tlen < (uint32_t)size);
		const char *id = (const char *)m + ooff, *str = (const char *)m + toff;
		if (!*id)
			continue; /* the header */
		char a[512], b[512];
		conversions(id, a, sizeof a);
		conversions(str, b, sizeof b);
		if (strcmp(a, b) != 0)
			fail_msg("\"%s\" has %s, its translation \"%s\" has %s", id, a, str, b);
		with_formats += a[0] != '\0';
	}
	assert_true(with_formats > 200);
	free(m);
}

/* One entry of a .po file. */
typedef struct {
	char msgid[8192], msgstr[8192];
	int c_format, fuzzy, obsolete;
} po_entry;

/* Append the C string literal at s (after its opening quote) to out. */
static void po_append(char *out, size_t len, const char *s)
{
	size_t o = strlen(out);
	for (; *s && *s != '"' && o + 1 < len; s++) {
		char c = *s;
		if (c == '\\' && s[1]) {
			s++;
			c = *s == 'n' ? '\n' : *s == 't' ? '\t' : *s;
		}
		out[o++] = c;
	}
	out[o] = '\0';
}

/* Read the next entry from f; 0 at the end. */
static int po_next(FILE *f, po_entry *e)
{
	char line[8192];
	char *field = NULL;
	int any = 0;
	memset(e, 0, sizeof *e);
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '\n') {
			if (any)
				return 1;
			continue;
		}
		any = 1;
		if (strncmp(line, "#~", 2) == 0)
			e->obsolete = 1;
		else if (strncmp(line, "#,", 2) == 0) {
			e->c_format |= strstr(line, " c-format") != NULL;
			e->fuzzy |= strstr(line, "fuzzy") != NULL;
		} else if (strncmp(line, "msgid \"", 7) == 0) {
			field = e->msgid;
			po_append(field, sizeof e->msgid, line + 7);
		} else if (strncmp(line, "msgstr \"", 8) == 0) {
			field = e->msgstr;
			po_append(field, sizeof e->msgstr, line + 8);
		} else if (strncmp(line, "msgid_plural \"", 14) == 0) {
			/* the plural's msgid: checked as the msgid is */
			field = NULL;
		} else if (strncmp(line, "msgstr[", 7) == 0 && strchr(line, '"')) {
			/* a plural: the first form stands for the msgstr (msgfmt
			 * --check sees that every form is there) */
			field = line[7] == '0' ? e->msgstr : NULL;
			if (field)
				po_append(field, sizeof e->msgstr, strchr(line, '"') + 1);
		} else if (line[0] == '"' && field) {
			po_append(field, sizeof e->msgid, line + 1);
		}
	}
	return any;
}

/* data/po/en.po, the source of the catalog: every message translated, none
 * fuzzy, and every message with a printf conversion marked c-format so that
 * msgfmt --check compares the formats at build time. */
static void test_po_complete_and_marked(void **state)
{
	(void)state;
	FILE *f = fopen("data/po/en.po", "r");
	if (!f)
		fail_msg("run from the top of the source tree: data/po/en.po not found");
	po_entry *e = malloc(sizeof *e);
	assert_non_null(e);
	int entries = 0, header = 0;
	while (po_next(f, e)) {
		if (e->obsolete)
			continue;
		if (!e->msgid[0]) {
			header = 1;
			assert_non_null(strstr(e->msgstr, "charset=UTF-8"));
			assert_non_null(strstr(e->msgstr, "Plural-Forms:"));
			assert_non_null(strstr(e->msgstr, "Language: en"));
			continue;
		}
		entries++;
		if (e->fuzzy)
			fail_msg("fuzzy translation of \"%s\"", e->msgid);
		if (!e->msgstr[0])
			fail_msg("no translation of \"%s\"", e->msgid);
		char c[512];
		conversions(e->msgid, c, sizeof c);
		if (c[0] && !e->c_format)
			fail_msg("\"%s\" has conversions %s but is not marked c-format", e->msgid,
			         c);
	}
	fclose(f);
	free(e);
	assert_true(header);
	assert_true(entries > 500);
}

int main(void)
{
	if (find_localedir() != 0) {
		fprintf(stderr, "test_i18n: cannot find the build folder\n");
		return 1;
	}
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_chinese_by_default),
	    cmocka_unit_test(test_english_status),
	    cmocka_unit_test(test_every_status_in_english),
	    cmocka_unit_test(test_english_in_any_locale),
	    cmocka_unit_test(test_language_list),
	    cmocka_unit_test_setup_teardown(test_core_message_in_both, test_env_setup,
	                                    test_env_teardown),
	    cmocka_unit_test(test_conversions_parser),
	    cmocka_unit_test(test_mo_formats_match),
	    cmocka_unit_test(test_po_complete_and_marked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
