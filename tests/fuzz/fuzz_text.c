/* Text by display width and the masks: any bytes, any column count, any
 * buffer size.  Properties: the result fits the columns and the buffer,
 * is valid UTF-8 without control characters, and measures what the
 * function said; a mask never shows more than it should. */
#include "fuzz.h"

#include "jifen/import.h"
#include "jifen/pinyin.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	jf_i18n_init(NULL);
	return 0;
}

static int digits_in(const char *s, int *longest_run)
{
	int n = 0, run = 0;
	*longest_run = 0;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			n++;
			if (++run > *longest_run)
				*longest_run = run;
		} else {
			run = 0;
		}
	}
	return n;
}

/* Characters of a UTF-8 string (a stray byte counts as one). */
static int chars_in(const char *s)
{
	int n = 0;
	size_t len = strlen(s);
	for (size_t i = 0; i < len; n++) {
		unsigned cp;
		int k = jf_utf8_decode(s + i, len - i, &cp);
		i += k > 0 ? (size_t)k : 1;
	}
	return n;
}

static void check_fit(const char *s, int cols, size_t outsz, int print)
{
	char *out = malloc(outsz ? outsz : 1); /* exactly outsz: ASan sees one byte over */
	if (!out)
		abort();
	int w = print ? jf_text_fit_print(s, cols, out, outsz) : jf_text_fit(s, cols, out, outsz);
	CHECK(w >= 0);
	CHECK(w <= (cols > 0 ? cols : 0));
	if (outsz > 0) {
		size_t len = strnlen(out, outsz);
		CHECK(len < outsz);
		CHECK(jf_text_valid(out, len));
		CHECK((print ? jf_text_print_width(out) : jf_text_width(out)) == w);
	}
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	if (n < 2)
		return 0;
	int cols = (int)(data[0] % 72) - 4; /* -4 .. 67 */
	size_t outsz = data[1] % 96;        /* 0 .. 95 */
	char *s = fuzz_string(data + 2, n - 2);

	jf_text_width(s);
	jf_text_print_width(s);
	jf_text_valid(s, strlen(s));
	check_fit(s, cols, outsz, 0);
	check_fit(s, cols, outsz, 1);
	check_fit(s, cols, 1024, 0);

	/* padded: exactly `cols` wide when it fits the buffer */
	char pad[256];
	if (cols >= 0) {
		int w = jf_text_pad(s, cols, data[0] & 1, pad, sizeof pad);
		CHECK(strlen(pad) < sizeof pad);
		CHECK(jf_text_valid(pad, strlen(pad)));
		if (w == cols)
			CHECK(jf_text_width(pad) == cols);
	}

	/* a masked name (names are valid UTF-8: jifen refuses others) is its
	 * first character, a star, and its last if it had three or more:
	 * 丁美英 -> 丁*英, 张三 -> 张*, 丁 -> 丁 */
	char *masked = malloc(outsz ? outsz : 1);
	if (!masked)
		abort();
	jf_mask_name(s, masked, outsz);
	if (outsz > 0)
		CHECK(strnlen(masked, outsz) < outsz);
	size_t slen = strlen(s);
	if (outsz > slen + 2 && slen > 0 && jf_text_valid(s, slen)) {
		unsigned cp;
		int first = jf_utf8_decode(s, slen, &cp);
		size_t last = slen;
		while (last > 0 && ((unsigned char)s[last - 1] & 0xC0) == 0x80)
			last--;
		last--;
		char want[1100];
		int chars = chars_in(s);
		if (chars == 1)
			snprintf(want, sizeof want, "%s", s);
		else if (chars == 2)
			snprintf(want, sizeof want, "%.*s*", first, s);
		else
			snprintf(want, sizeof want, "%.*s*%s", first, s, s + last);
		CHECK(strcmp(masked, want) == 0);
	}
	/* a masked phone shows at most 7 digits, never more than 4 in a row,
	 * and never more than the number had */
	jf_mask_phone(s, masked, outsz);
	if (outsz > 0) {
		int run, run_in;
		CHECK(strnlen(masked, outsz) < outsz);
		int shown = digits_in(masked, &run), had = digits_in(s, &run_in);
		CHECK(shown <= 7);
		CHECK(shown <= had);
		if (had > 4)
			CHECK(run <= 4);
	}
	free(masked);

	/* dates as Excel writes them */
	char day[11];
	if (jf_import_date(s, day))
		CHECK(jf_day_valid(day));

	/* pinyin of anything */
	char py[256];
	jf_pinyin_key keys[8];
	jf_pinyin_main(s, data[0] & 1, py, sizeof py);
	CHECK(strlen(py) < sizeof py);
	int k = jf_pinyin_keys(s, data[0] & 1, keys, 8);
	CHECK(k >= 0 && k <= 8);
	for (int i = 0; i < k; i++)
		CHECK(strlen(keys[i].initials) < sizeof keys[i].initials &&
		      strlen(keys[i].full) < sizeof keys[i].full);

	/* one character at a time over the raw bytes */
	for (size_t i = 0; i + 2 < n;) {
		unsigned cp = 0;
		int len = jf_utf8_decode((const char *)data + 2 + i, n - 2 - i, &cp);
		CHECK(len >= 0 && len <= 4 && (size_t)len <= n - 2 - i);
		CHECK(len == 0 || cp <= 0x10FFFF);
		i += len > 0 ? (size_t)len : 1;
	}
	free(s);
	return 0;
}
