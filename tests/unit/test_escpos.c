/* ESC/POS: every byte of a receipt's stream accounted for by a strict
 * reader, text in GB18030 within the paper's columns, and the QR read back
 * from the raster image (or the printer's own QR command) and verified. */
#include "testlib.h"
#include "qrcheck.h"
#include "receiptlib.h"

#include "jifen/config.h"
#include "jifen/escpos.h"
#include "jifen/text.h"

#include <sqlite3.h>

static jf_config config(int paper, jf_qr_mode mode, const char *url)
{
	jf_config c;
	jf_config_defaults(&c);
	c.paper = paper;
	c.qr_mode = mode;
	if (url)
		snprintf(c.url_template, sizeof c.url_template, "%s", url);
	return c;
}

static int find_line(const pos_doc *d, const char *needle)
{
	for (int i = 0; i < d->nlines; i++)
		if (strstr(d->lines[i], needle))
			return i;
	return -1;
}

/* The stream of the fixture's receipt, parsed strictly. */
static void parse_receipt(fixture *f, const jf_config *c, pos_doc *d, jf_receipt *r)
{
	jf_escpos out;
	assert_int_equal(jf_receipt_load(f->e->db, f->r.receipt_no, r), JF_OK);
	assert_int_equal(jf_escpos_receipt(r, c, &out), JF_OK);
	int rc = pos_parse(out.data, out.len, jf_paper_cols(c->paper), jf_paper_dots(c->paper), d);
	if (rc != 0)
		fail_msg("ESC/POS: %s", d->error);
	/* it starts by initialising and entering Chinese mode, ends with a cut */
	assert_memory_equal(out.data, "\x1b@\x1c&", 4);
	assert_memory_equal(out.data + out.len - 4, "\x1dV\x42\x00", 4);
	jf_escpos_free(&out);
}

static void check_verifies(fixture *f, const char *scanned, jf_verdict want)
{
	jf_verification v;
	assert_int_equal(jf_receipt_verify(f->e->db, scanned, &v), JF_OK);
	assert_int_equal(v.verdict, want);
}

static void test_58mm_raster(void **state)
{
	fixture *f = *state;
	jf_config c = config(58, JF_QR_RASTER, NULL);
	pos_doc d;
	jf_receipt r;
	parse_receipt(f, &c, &d, &r);
	assert_int_equal(d.inits, 1);
	assert_int_equal(d.cuts, 1);
	assert_int_equal(d.raster_images, 1);
	assert_int_equal(d.native_qr_prints, 0);
	assert_int_equal(d.tall_lines, 1); /* the community's name */

	/* what the resident reads */
	assert_true(find_line(&d, "府西社区") >= 0);
	assert_true(find_line(&d, f->r.receipt_no) >= 0);
	assert_true(find_line(&d, "丁*英 138****5678") >= 0);
	assert_true(find_line(&d, "丁美英") < 0);
	assert_true(find_line(&d, "李志愿") >= 0);
	assert_true(find_line(&d, "爱心家政服务公司") >= 0);
	assert_true(find_line(&d, "有效期至：2026-07-09") >= 0);
	int total = find_line(&d, "合计");
	assert_true(total >= 0);
	assert_non_null(strstr(d.lines[total], "48"));
	/* · and — are two columns each on paper: the soap's row, name and
	 * numbers flush right, fills exactly the 32 columns */
	int soap = find_line(&d, "洗衣液·薰衣草—2L");
	assert_true(soap >= 0);
	assert_int_equal(d.widths[soap], 32);
	const char *tail = "   x1      8";
	size_t sl = strlen(d.lines[soap]);
	assert_true(sl > strlen(tail));
	assert_string_equal(d.lines[soap] + sl - strlen(tail), tail);

	/* the paper says what the layout says, line for line: nothing was cut
	 * on the way to the printer */
	jf_receipt_row *rows;
	size_t n, k = 0;
	assert_int_equal(jf_receipt_layout(&r, NULL, 32, 1, &rows, &n), JF_OK);
	for (size_t i = 0; i < n; i++) {
		if (rows[i].style == JF_ROW_QR)
			continue;
		assert_true((int)k < d.nlines);
		assert_string_equal(d.lines[k], rows[i].text);
		k++;
	}
	assert_int_equal((int)k, d.nlines);
	free(rows);

	/* the raster QR scans back, as UTF-8, to the text a phone shows
	 * (the Chinese lines, then the payload), which verifies */
	char got[512], want[JF_QR_TEXT_MAX];
	assert_true(d.raster_w <= 384);
	assert_int_equal(zbar_decode_bits(d.raster, d.raster_w, d.raster_h, d.raster_row, 2, 0,
	                                  got, sizeof got),
	                 1);
	assert_int_equal(jf_receipt_qr_text(&r, NULL, want, sizeof want), 0);
	assert_string_equal(got, want);
	assert_non_null(strstr(got, "爱心超市"));
	assert_string_equal(got + strlen(got) - strlen(r.payload), r.payload);
	check_verifies(f, got, JF_VERDICT_GENUINE);
	pos_free(&d);
	jf_receipt_free(&r);
}

static void test_80mm_native_with_url(void **state)
{
	fixture *f = *state;
	jf_config c = config(80, JF_QR_NATIVE, "https://jf.example.org/r/{payload}");
	pos_doc d;
	jf_receipt r;
	parse_receipt(f, &c, &d, &r);
	assert_int_equal(d.raster_images, 0);
	assert_int_equal(d.native_qr_prints, 1);
	char url[JF_QR_TEXT_MAX];
	snprintf(url, sizeof url, "https://jf.example.org/r/%s", r.payload);
	assert_string_equal(d.native_qr, url);
	/* the printer draws it: at the module size asked for, the code fits the
	 * 576 dots with its quiet zone */
	jf_qr qr;
	assert_int_equal(jf_qr_encode(d.native_qr, JF_QR_ECC_M, &qr), JF_OK);
	assert_true((qr.width + 8) * d.native_module <= 576);
	assert_true(d.native_module >= 3);
	jf_qr_free(&qr);
	check_verifies(f, d.native_qr, JF_VERDICT_GENUINE);
	/* 80 mm rows are laid out for 48 columns */
	int widest = 0;
	for (int i = 0; i < d.nlines; i++)
		if (d.widths[i] > widest)
			widest = d.widths[i];
	assert_int_equal(widest, 48);
	pos_free(&d);
	jf_receipt_free(&r);
}

static void test_80mm_raster_with_url(void **state)
{
	fixture *f = *state;
	jf_config c = config(80, JF_QR_RASTER, "https://jf.example.org/verify?p={payload}&v=1");
	pos_doc d;
	jf_receipt r;
	parse_receipt(f, &c, &d, &r);
	char got[512];
	assert_int_equal(zbar_decode_bits(d.raster, d.raster_w, d.raster_h, d.raster_row, 2, 0,
	                                  got, sizeof got),
	                 1);
	assert_int_equal(strncmp(got, "https://jf.example.org/verify?p=JF2.FX.", 39), 0);
	check_verifies(f, got, JF_VERDICT_GENUINE);
	pos_free(&d);
	jf_receipt_free(&r);
}

static void test_voided_receipt_says_so(void **state)
{
	fixture *f = *state;
	assert_int_equal(jf_void(f->e->db, f->staff, f->r.receipt_no, "录错了", NULL), JF_OK);
	jf_config c = config(58, JF_QR_RASTER, NULL);
	pos_doc d;
	jf_receipt r;
	parse_receipt(f, &c, &d, &r);
	assert_true(find_line(&d, "已作废") >= 0);
	char got[512];
	assert_int_equal(zbar_decode_bits(d.raster, d.raster_w, d.raster_h, d.raster_row, 2, 0,
	                                  got, sizeof got),
	                 1);
	check_verifies(f, got, JF_VERDICT_VOIDED);
	pos_free(&d);
	jf_receipt_free(&r);
}

/* --- the builder on its own ----------------------------------------------- */

static void test_lines_converted_and_cut(void **state)
{
	(void)state;
	jf_escpos b;
	pos_doc d;
	jf_escpos_begin(&b);
	/* 20 Chinese characters are 40 columns: cut to 32 with ".." */
	jf_escpos_line(&b, "社区积分兑换爱心超市社区积分兑换爱心超市", 32);
	/* ASCII exactly 32 */
	jf_escpos_line(&b, "0123456789abcdef0123456789ABCDEF", 32);
	/* · — and a character outside GBK (4 bytes in GB18030) */
	jf_escpos_line(&b, "A·B—C\xF0\xA0\x80\x80", 32);
	/* control characters and invalid bytes never reach the printer raw */
	jf_escpos_line(&b, "x\x1b@y\xff\x0az", 32);
	jf_escpos_cut(&b);
	assert_false(b.failed);
	assert_int_equal(pos_parse(b.data, b.len, 32, 384, &d), 0);
	assert_int_equal(d.nlines, 4);
	assert_int_equal(d.widths[0], 32);
	assert_string_equal(d.lines[0], "社区积分兑换爱心超市社区积分兑..");
	assert_string_equal(d.lines[1], "0123456789abcdef0123456789ABCDEF");
	assert_string_equal(d.lines[2], "A·B—C\xF0\xA0\x80\x80");
	assert_int_equal(d.widths[2], 9);
	assert_int_equal(d.widths[2], jf_text_print_width("A·B—C\xF0\xA0\x80\x80"));
	assert_string_equal(d.lines[3], "x?@y??z");
	/* the GB18030 bytes themselves: · is A1A4, — is A1AA */
	const unsigned char want[] = {'A', 0xA1, 0xA4, 'B', 0xA1, 0xAA, 'C', 0x95, 0x32, 0x82, 0x36,
	                              '\n'};
	int found = 0;
	for (size_t i = 0; i + sizeof want <= b.len; i++)
		found |= memcmp(b.data + i, want, sizeof want) == 0;
	assert_true(found);
	pos_free(&d);
	jf_escpos_free(&b);
}

/* The reader is strict: it must catch broken streams, or its passes mean
 * nothing. */
static void test_reader_catches_breakage(void **state)
{
	fixture *f = *state;
	jf_receipt r;
	jf_escpos out;
	pos_doc d;
	jf_config c = config(58, JF_QR_RASTER, NULL);
	assert_int_equal(jf_receipt_load(f->e->db, f->r.receipt_no, &r), JF_OK);
	assert_int_equal(jf_escpos_receipt(&r, &c, &out), JF_OK);
	unsigned char *s = malloc(out.len + 8);

	/* a raster height one too many runs past the end */
	memcpy(s, out.data, out.len);
	unsigned char *gv = memmem(s, out.len, "\x1dv0\x00", 4);
	assert_non_null(gv);
	gv[7]++; /* 256 more rows than there are bytes */
	assert_int_equal(pos_parse(s, out.len, 32, 384, &d), -1);
	pos_free(&d);
	/* a stray bell */
	memcpy(s, out.data, out.len);
	s[out.len - 4] = 0x07;
	assert_int_equal(pos_parse(s, out.len, 32, 384, &d), -1);
	pos_free(&d);
	/* the same stream on paper too narrow for it */
	assert_int_equal(pos_parse(out.data, out.len, 30, 384, &d), -1);
	assert_non_null(strstr(d.error, "columns"));
	pos_free(&d);
	/* a native QR store whose length is off by one */
	jf_escpos b;
	jf_escpos_begin(&b);
	jf_escpos_qr_native(&b, "JF1.X", 4);
	unsigned char *store = memmem(b.data, b.len, "\x1d(k\x08\x00\x31\x50", 7);
	assert_non_null(store);
	store[3] = 0x09;
	assert_int_equal(pos_parse(b.data, b.len, 32, 384, &d), -1);
	pos_free(&d);
	jf_escpos_free(&b);

	free(s);
	jf_escpos_free(&out);
	jf_receipt_free(&r);
}

/* What a file-holder can put in the names: a screen clear, a bell, a line
 * break, an ESC/POS command (ESC @, GS V: reset, cut), a C1 CSI. */
#define NASTY "\x1b[2J\a\n\x1b@\x1dV\x42\xC2\x9B<script>"

static void raw_sql(fixture *f, const char *sql)
{
	sqlite3 *raw;
	assert_int_equal(sqlite3_open(f->e->path, &raw), SQLITE_OK);
	char *err = NULL;
	/* a file-holder drops the change log's triggers first */
	int rc = sqlite3_exec(raw, "DROP TRIGGER IF EXISTS jfa_residents_u; DROP TRIGGER IF EXISTS jfa_operators_u; DROP TRIGGER IF EXISTS jfa_items_u; DROP TRIGGER IF EXISTS jfa_meta_u; DROP TRIGGER IF EXISTS jfa_sponsors_u; ", NULL, NULL, &err);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(raw, sql, NULL, NULL, &err);
	if (rc != SQLITE_OK)
		fail_msg("%s: %s", sql, err ? err : "?");
	sqlite3_close(raw);
}

/* Every name on the receipt holds control bytes: the stream still has no
 * byte the strict reader does not account for (a stray control byte fails
 * it), and no line of text holds one. */
static void test_names_cannot_command_the_printer(void **state)
{
	fixture *f = *state;
	char sql[1024];
	snprintf(sql, sizeof sql,
	         "UPDATE residents SET name = '%s丁%s' WHERE id = %lld;"
	         "UPDATE operators SET name = '%s';"
	         "UPDATE items SET name = '%s' || name;"
	         "UPDATE sponsors SET name = '%s' || name;"
	         "UPDATE meta SET value = '%s' WHERE key = 'community_name';",
	         NASTY, NASTY, (long long)f->ding, NASTY, NASTY, NASTY, NASTY);
	raw_sql(f, sql);
	for (int paper = 58; paper <= 80; paper += 22) {
		jf_config c = config(paper, paper == 58 ? JF_QR_RASTER : JF_QR_NATIVE, NULL);
		pos_doc d;
		jf_receipt r;
		parse_receipt(f, &c, &d, &r);
		assert_int_equal(d.inits, 1);
		assert_int_equal(d.cuts, 1);
		for (int i = 0; i < d.nlines; i++)
			for (const unsigned char *p = (const unsigned char *)d.lines[i]; *p; p++)
				assert_false(*p < 0x20 || *p == 0x7f);
		assert_true(find_line(&d, "?[2J") >= 0);
		pos_free(&d);
		jf_receipt_free(&r);
	}
	/* and one line alone: text in, text out */
	jf_escpos b;
	jf_escpos_begin(&b);
	jf_escpos_line(&b, NASTY, 48);
	assert_false(b.failed);
	const char want[] = "?[2J???@?VB?<script>\n";
	assert_int_equal(b.len, 4 + sizeof want - 1);
	assert_memory_equal(b.data + 4, want, sizeof want - 1);
	jf_escpos_free(&b);
}

int main(void)
{
	test_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_58mm_raster, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_80mm_native_with_url, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_80mm_raster_with_url, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_voided_receipt_says_so, fix_setup, fix_teardown),
		cmocka_unit_test(test_lines_converted_and_cut),
		cmocka_unit_test_setup_teardown(test_reader_catches_breakage, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_names_cannot_command_the_printer, fix_setup,
		                                fix_teardown),
	};
	return cmocka_run_group_tests_name("escpos", tests, NULL, NULL);
}
