/* src/text.c: display width, fitting, padding, masks and UTF-8 decoding. */
#include "testlib.h"
#include "jifen/text.h"

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(jf_text_width(""), 0);
	assert_int_equal(jf_text_width(NULL), 0);
	assert_int_equal(jf_text_width("abc"), 3);
	assert_int_equal(jf_text_width("丁美英"), 6);
	assert_int_equal(jf_text_width("丁a英"), 5);
	/* full-width letters and the ideographic comma are wide too */
	assert_int_equal(jf_text_width("ＡＢ，"), 6);
	/* an invalid byte and a control character are drawn as one '?' each */
	assert_int_equal(jf_text_width("a\xFF" "b"), 3);
	assert_int_equal(jf_text_width("a\tb"), 3);
	/* a cut-off character: each stray byte is one column */
	assert_int_equal(jf_text_width("\xE4\xB8"), 2);
}

static void test_print_width(void **state)
{
	(void)state;
	/* on the printer every non-ASCII character is two columns, the middle
	 * dot and the dash too, which a terminal draws one column wide */
	assert_int_equal(jf_text_print_width("纸巾 x2"), 7);
	assert_int_equal(jf_text_print_width("·—"), 4);
	assert_int_equal(jf_text_width("·"), 1);
}

static void test_fit(void **state)
{
	(void)state;
	char out[64];
	/* fits: unchanged */
	assert_int_equal(jf_text_fit("丁美英", 6, out, sizeof out), 6);
	assert_string_equal(out, "丁美英");
	assert_int_equal(jf_text_fit("丁美英", 10, out, sizeof out), 6);
	assert_string_equal(out, "丁美英");
	/* cut, with the ellipsis inside the limit */
	assert_int_equal(jf_text_fit("丁美英", 5, out, sizeof out), 5);
	assert_string_equal(out, "丁美…");
	/* a wide character never straddles the edge */
	assert_int_equal(jf_text_fit("丁美英", 4, out, sizeof out), 3);
	assert_string_equal(out, "丁…");
	assert_int_equal(jf_text_fit("开发楼家属楼", 7, out, sizeof out), 7);
	assert_string_equal(out, "开发楼…");
	assert_int_equal(jf_text_width(out), 7);
	assert_int_equal(jf_text_fit("丁美英", 1, out, sizeof out), 1);
	assert_string_equal(out, "…");
	assert_int_equal(jf_text_fit("丁美英", 0, out, sizeof out), 0);
	assert_string_equal(out, "");
	assert_int_equal(jf_text_fit("abcdef", 4, out, sizeof out), 4);
	assert_string_equal(out, "abc…");
	/* control and invalid bytes become '?' */
	assert_int_equal(jf_text_fit("a\x1b[2Jb\xFFz", 20, out, sizeof out), 8);
	assert_string_equal(out, "a?[2Jb?z");
}

static void test_fit_small_buffer(void **state)
{
	(void)state;
	char out[8];
	memset(out, 'X', sizeof out);
	int w = jf_text_fit("丁美英张三李四", 20, out, sizeof out);
	/* never past the buffer, always terminated, never half a character */
	assert_true(strlen(out) < sizeof out);
	assert_true(jf_text_valid(out, strlen(out)));
	assert_int_equal(jf_text_width(out), w);
	assert_true(w <= 20);
}

static void test_pad(void **state)
{
	(void)state;
	char out[64];
	assert_int_equal(jf_text_pad("丁美英", 8, 0, out, sizeof out), 8);
	assert_string_equal(out, "丁美英  ");
	assert_int_equal(jf_text_pad("12", 5, 1, out, sizeof out), 5);
	assert_string_equal(out, "   12");
	/* cut and padded: exactly the columns asked for */
	assert_int_equal(jf_text_pad("丁美英", 4, 0, out, sizeof out), 4);
	assert_string_equal(out, "丁… ");
	assert_int_equal(jf_text_width(out), 4);
}

static void test_fit_print(void **state)
{
	(void)state;
	char out[64];
	assert_int_equal(jf_text_fit_print("爱心超市纸巾", 12, out, sizeof out), 12);
	assert_string_equal(out, "爱心超市纸巾");
	assert_int_equal(jf_text_fit_print("爱心超市纸巾", 9, out, sizeof out), 8);
	assert_string_equal(out, "爱心超..");
	assert_int_equal(jf_text_print_width(out), 8);
}

static void test_mask_name(void **state)
{
	(void)state;
	char out[64];
	jf_mask_name("丁美英", out, sizeof out);
	assert_string_equal(out, "丁*英");
	jf_mask_name("张三", out, sizeof out);
	assert_string_equal(out, "张*");
	jf_mask_name("丁", out, sizeof out);
	assert_string_equal(out, "丁");
	jf_mask_name("欧阳娜娜", out, sizeof out);
	assert_string_equal(out, "欧*娜");
	jf_mask_name("", out, sizeof out);
	assert_string_equal(out, "");
	/* a buffer too small for even the first character: empty, not garbage */
	memset(out, 'X', sizeof out);
	jf_mask_name("丁美英", out, 3);
	assert_string_equal(out, "");
}

static void test_mask_phone(void **state)
{
	(void)state;
	char out[64];
	jf_mask_phone("13812345678", out, sizeof out);
	assert_string_equal(out, "138****5678");
	jf_mask_phone("6612345", out, sizeof out);
	assert_string_equal(out, "****2345");
	jf_mask_phone("0371-66123456", out, sizeof out);
	assert_string_equal(out, "037****3456");
	jf_mask_phone("5678", out, sizeof out);
	assert_string_equal(out, "5678");
	jf_mask_phone("", out, sizeof out);
	assert_string_equal(out, "");
	/* the country code is not the part to show */
	jf_mask_phone("+8613812345678", out, sizeof out);
	assert_string_equal(out, "138****5678");
}

static void test_utf8_decode(void **state)
{
	(void)state;
	unsigned cp = 0;
	assert_int_equal(jf_utf8_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(jf_utf8_decode("丁", 3, &cp), 3);
	assert_int_equal(cp, 0x4E01);
	assert_int_equal(jf_utf8_decode("\xF0\xA0\x80\x80", 4, &cp), 4); /* U+20000 */
	assert_int_equal(cp, 0x20000);
	assert_int_equal(jf_utf8_decode("丁", 2, &cp), 0);          /* truncated */
	assert_int_equal(jf_utf8_decode("\xC0\x80", 2, &cp), 0);     /* overlong */
	assert_int_equal(jf_utf8_decode("\xED\xA0\x80", 3, &cp), 0); /* surrogate */
	assert_int_equal(jf_utf8_decode("\x80", 1, &cp), 0);
	assert_int_equal(jf_utf8_decode("\xF4\x90\x80\x80", 4, &cp), 0); /* > U+10FFFF */
	assert_int_equal(jf_utf8_decode("", 0, &cp), 0);
}

static void test_valid(void **state)
{
	(void)state;
	assert_true(jf_text_valid("丁美英 3-2-501", strlen("丁美英 3-2-501")));
	assert_true(jf_text_valid("", 0));
	assert_false(jf_text_valid("a\tb", 3));
	assert_false(jf_text_valid("a\nb", 3));
	assert_false(jf_text_valid("\xE4\xB8", 2));
	assert_false(jf_text_valid("a\x7f", 2));
	/* a line separator would break a receipt or a CSV line */
	assert_false(jf_text_valid("a\xE2\x80\xA8", 4));
}

/* The names an attacker gives a resident, for every output's test. */
#define ESC_CLEAR "\x1b[2J"
#define C1_CSI "\xC2\x9B" "31m"          /* U+009B: CSI on some UTF-8 terminals */
#define RLO "\xE2\x80\xAE"               /* U+202E right-to-left override */

static void test_is_control(void **state)
{
	(void)state;
	assert_true(jf_text_is_control(0x1b));
	assert_true(jf_text_is_control(0x07));
	assert_true(jf_text_is_control('\n'));
	assert_true(jf_text_is_control(0x7f));
	assert_true(jf_text_is_control(0x9b));
	assert_true(jf_text_is_control(0x2028));
	assert_true(jf_text_is_control(0x202e));
	assert_true(jf_text_is_control(0x2066));
	assert_false(jf_text_is_control(' '));
	assert_false(jf_text_is_control(0x4e01)); /* 丁 */
	assert_false(jf_text_is_control(0xa0));
	/* so input refuses a bidirectional override */
	assert_false(jf_text_valid("a" RLO "b", strlen("a" RLO "b")));
}

/* The terminal sanitiser: no control byte, no invalid byte, text kept. */
static void test_clean(void **state)
{
	(void)state;
	char out[64];
	assert_string_equal(jf_text_clean("丁美英 3-2-501", out, sizeof out), "丁美英 3-2-501");
	assert_string_equal(jf_text_clean("a" ESC_CLEAR "\a\nb", out, sizeof out), "a?[2J??b");
	assert_string_equal(jf_text_clean("x" C1_CSI RLO "y\xFF", out, sizeof out), "x?31m?y?");
	assert_string_equal(jf_text_clean(NULL, out, sizeof out), "");
	/* cut on a character boundary, never half a character */
	assert_string_equal(jf_text_clean("丁美英", out, 7), "丁美");
	assert_string_equal(jf_text_clean("丁美英", out, 3), "");
	/* the stream version says the same */
	char *buf;
	size_t len;
	FILE *f = open_memstream(&buf, &len);
	jf_text_put(f, "a" ESC_CLEAR "\a\n" C1_CSI "丁\xE4\xB8");
	fclose(f);
	assert_string_equal(buf, "a?[2J???31m丁??");
	free(buf);
}

static void test_html(void **state)
{
	(void)state;
	char *buf;
	size_t len;
	FILE *f = open_memstream(&buf, &len);
	jf_html_put(f, "<script>alert('x')</script> & \"丁\"" ESC_CLEAR "\a\xFF");
	fclose(f);
	assert_string_equal(buf, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "
	                         "&quot;丁&quot;?[2J??");
	free(buf);
}

static void test_journal(void **state)
{
	(void)state;
	char out[128];
	/* a description or comment: one line, no comment, no tag, no payee split */
	assert_string_equal(jf_journal_text("a;b\nc:d,e|f", out, sizeof out),
	                    "a；b c：d，e｜f");
	assert_string_equal(jf_journal_text("* 2024-01-01 x", out, sizeof out), "＊ 2024-01-01 x");
	assert_string_equal(jf_journal_text("!x", out, sizeof out), "！x");
	assert_string_equal(jf_journal_text("a" ESC_CLEAR "\xFF", out, sizeof out), "a [2J?");
	assert_string_equal(jf_journal_text("2024-06-15", out, sizeof out), "2024-06-15");
	/* an account part: no separator, no virtual posting, no double space */
	assert_string_equal(jf_journal_account("  [a]  (b):c  ", out, sizeof out),
	                    "〔a〕 （b）：c");
	assert_string_equal(jf_journal_account("丁美英\n  资产:现金  100", out, sizeof out),
	                    "丁美英 资产：现金 100");
	assert_string_equal(jf_journal_account("", out, sizeof out), "?");
	assert_string_equal(jf_journal_account(" \t ", out, sizeof out), "?");
	/* cut on a character boundary */
	assert_string_equal(jf_journal_text("丁美英", out, 7), "丁美");
}

int main(void)
{
	/* no database here */
	(void)test_env_setup;
	(void)test_env_teardown;
	test_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_print_width),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_fit_small_buffer),
		cmocka_unit_test(test_pad),
		cmocka_unit_test(test_fit_print),
		cmocka_unit_test(test_mask_name),
		cmocka_unit_test(test_mask_phone),
		cmocka_unit_test(test_utf8_decode),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_is_control),
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_journal),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
