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
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
