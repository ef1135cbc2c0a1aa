/* Receipts read back from a real redemption: contents, payload and
 * verification, void, the print queue, the layout. */
#include "testlib.h"
#include "receiptlib.h"

#include "qrcheck.h"
#include "jifen/escpos.h"
#include "jifen/text.h"

static void test_load(void **state)
{
	fixture *f = *state;
	jf_receipt r;
	assert_int_equal(jf_receipt_load(f->e->db, f->r.receipt_no, &r), JF_OK);
	assert_string_equal(r.no, f->r.receipt_no);
	assert_int_equal(r.id, f->r.receipt_id);
	assert_int_equal(r.time, FIX_T0);
	char day[11];
	jf_day_of(FIX_T0, day);
	assert_string_equal(r.day, day);
	assert_string_equal(r.community_name, "府西社区");
	assert_string_equal(r.community_code, "FX");
	assert_string_equal(r.operator_name, "李志愿");
	assert_string_equal(r.resident_masked, "丁*英");
	assert_string_equal(r.phone_masked, "138****5678");
	assert_int_equal(r.total, FIX_TOTAL);
	assert_int_equal(r.balance_after, 100 - FIX_TOTAL);
	assert_int_equal(f->r.total, FIX_TOTAL);

	assert_int_equal(r.nlines, 5);
	assert_string_equal(r.lines[0].name, "纸巾");
	assert_int_equal(r.lines[0].qty, 2);
	assert_int_equal(r.lines[0].points_each, 2);
	assert_int_equal(r.lines[0].points, 4);
	assert_int_equal(r.lines[0].kind, JF_ITEM_GOODS);
	assert_string_equal(r.lines[4].name, "理发优惠券");
	assert_int_equal(r.lines[4].qty, 2);
	assert_int_equal(r.lines[4].points, 6);
	int64_t sum = 0;
	for (size_t i = 0; i < r.nlines; i++)
		sum += r.lines[i].points;
	assert_int_equal(sum, r.total);

	/* one voucher per unit of a service or coupon, with its sponsor and
	 * last valid day (30 days counting the day of redemption) */
	assert_int_equal(r.nvouchers, 3);
	assert_string_equal(r.vouchers[0].what, "家政保洁两小时");
	assert_int_equal(r.vouchers[0].kind, JF_ITEM_HOUSEKEEPING);
	assert_string_equal(r.vouchers[0].sponsor, "爱心家政服务公司");
	assert_string_equal(r.vouchers[0].expires, "2026-07-09");
	assert_string_equal(r.vouchers[1].what, "理发优惠券");
	assert_string_equal(r.vouchers[1].sponsor, "惠民理发店");
	assert_string_equal(r.vouchers[2].what, "理发优惠券");
	assert_true(r.vouchers[1].id != r.vouchers[2].id);

	assert_false(r.voided);
	assert_false(r.printed);
	assert_int_equal(r.print_attempts, 0);
	assert_int_equal(strncmp(r.payload, "JF2.FX.", 7), 0);
	char want[64];
	/* JF2: code, number, MAC; points and balance are under the MAC only */
	snprintf(want, sizeof want, ".%s.", f->r.receipt_no);
	assert_non_null(strstr(r.payload, want));
	assert_int_equal(strlen(strstr(r.payload, want) + strlen(want)), 14);
	jf_receipt_free(&r);

	assert_int_equal(jf_receipt_load(f->e->db, "20260610-9999", &r), JF_NOT_FOUND);
	assert_non_null(strstr(jf_db_error(f->e->db), "20260610-9999"));
	assert_int_equal(jf_receipt_load(f->e->db, "", &r), JF_INVALID);
}

static void test_verify_genuine_then_voided(void **state)
{
	fixture *f = *state;
	jf_receipt r;
	jf_verification v;
	assert_int_equal(jf_receipt_load(f->e->db, f->r.receipt_no, &r), JF_OK);
	assert_int_equal(jf_receipt_verify(f->e->db, r.payload, &v), JF_OK);
	assert_int_equal(v.verdict, JF_VERDICT_GENUINE);
	assert_string_equal(v.no, f->r.receipt_no);
	assert_int_equal(v.points, FIX_TOTAL);
	assert_int_equal(v.balance, 100 - FIX_TOTAL);

	/* a payload that claims more points, even with a right MAC for those
	 * numbers, does not match the ledger */
	char other[JF_PAYLOAD_MAX + 1];
	assert_int_equal(jf_receipt_payload(f->e->db, f->r.receipt_no, FIX_TOTAL + 1,
	                                    100 - FIX_TOTAL, other, sizeof other),
	                 JF_OK);
	assert_int_equal(jf_receipt_verify(f->e->db, other, &v), JF_OK);
	assert_int_equal(v.verdict, JF_VERDICT_FORGED);

	/* a receipt printed before JF2 (a JF1 payload) still verifies */
	char bad[JF_PAYLOAD_MAX + 1];
	assert_int_equal(jf_receipt_payload_v(f->e->db, 1, f->r.receipt_no, FIX_TOTAL,
	                                      100 - FIX_TOTAL, bad, sizeof bad),
	                 JF_OK);
	assert_int_equal(strncmp(bad, "JF1.FX.", 7), 0);
	assert_int_equal(jf_receipt_verify(f->e->db, bad, &v), JF_OK);
	assert_int_equal(v.verdict, JF_VERDICT_GENUINE);
	/* a changed byte */
	char *pts = strstr(bad, ".48.52.");
	assert_non_null(pts);
	pts[1] = '8';
	pts[2] = '4';
	assert_int_equal(jf_receipt_verify(f->e->db, bad, &v), JF_OK);
	assert_int_equal(v.verdict, JF_VERDICT_FORGED);

	/* voided: still genuine, but says so */
	assert_int_equal(jf_void(f->e->db, f->staff, f->r.receipt_no, "录错了", NULL), JF_OK);
	assert_int_equal(jf_receipt_verify(f->e->db, r.payload, &v), JF_OK);
	assert_int_equal(v.verdict, JF_VERDICT_VOIDED);
	assert_non_null(strstr(v.why, f->r.receipt_no));
	jf_receipt_free(&r);

	assert_int_equal(jf_receipt_load(f->e->db, f->r.receipt_no, &r), JF_OK);
	assert_true(r.voided);
	assert_int_equal(r.void_time, FIX_T0);
	assert_string_equal(r.void_reason, "录错了");
	jf_receipt_free(&r);
}

/* A second database made the same way, with the same community code and
 * so the same receipt number: its receipts must not pass here. */
static void test_replay_from_another_db(void **state)
{
	fixture *f = *state;
	void *st2 = NULL;
	assert_int_equal(fix_setup(&st2), 0);
	fixture *g = st2;
	assert_string_equal(g->r.receipt_no, f->r.receipt_no);
	jf_receipt theirs, ours;
	assert_int_equal(jf_receipt_load(g->e->db, g->r.receipt_no, &theirs), JF_OK);
	assert_int_equal(jf_receipt_load(f->e->db, f->r.receipt_no, &ours), JF_OK);
	/* same number, points and balance: only the key tells them apart */
	assert_string_not_equal(theirs.payload, ours.payload);
	jf_verification v;
	assert_int_equal(jf_receipt_verify(f->e->db, theirs.payload, &v), JF_OK);
	assert_int_equal(v.verdict, JF_VERDICT_FORGED);
	assert_int_equal(jf_receipt_verify(g->e->db, theirs.payload, &v), JF_OK);
	assert_int_equal(v.verdict, JF_VERDICT_GENUINE);
	jf_receipt_free(&theirs);
	jf_receipt_free(&ours);
	assert_int_equal(fix_teardown(&st2), 0);
}

static void test_pending(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	jf_receipt_pending *p;
	size_t n;
	char day[11];
	jf_day_of(FIX_T0, day);

	/* a second redemption, the next day */
	jf_db_set_time(db, FIX_T0 + 86400);
	jf_cart_line cart[] = {{f->tissue, 1}};
	jf_redeem_result r2;
	assert_int_equal(jf_redeem(db, f->vol, f->yang, cart, 1, &r2), JF_OK);

	assert_int_equal(jf_receipt_pending_list(db, NULL, &p, &n), JF_OK);
	assert_int_equal(n, 2);
	assert_string_equal(p[0].no, f->r.receipt_no);
	assert_string_equal(p[0].resident_masked, "丁*英");
	assert_int_equal(p[0].total, FIX_TOTAL);
	assert_int_equal(p[0].attempts, 0);
	assert_string_equal(p[0].day, day);
	assert_string_equal(p[1].no, r2.receipt_no);
	free(p);
	assert_int_equal(jf_receipt_pending_list(db, day, &p, &n), JF_OK);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].no, f->r.receipt_no);
	free(p);
	assert_int_equal(jf_receipt_pending_list(db, "2026-13-01", &p, &n), JF_BAD_DATE);

	/* a failed attempt leaves it waiting, with the reason */
	assert_int_equal(jf_receipt_record_print(db, f->r.receipt_id, 0, "打印机 lp0：缺纸"), JF_OK);
	assert_int_equal(jf_receipt_pending_list(db, day, &p, &n), JF_OK);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].attempts, 1);
	assert_string_equal(p[0].error, "打印机 lp0：缺纸");
	free(p);
	/* a good one takes it off the list */
	assert_int_equal(jf_receipt_record_print(db, f->r.receipt_id, 1, NULL), JF_OK);
	assert_int_equal(jf_receipt_pending_list(db, day, &p, &n), JF_OK);
	assert_int_equal(n, 0);
	assert_null(p);
	jf_receipt r;
	assert_int_equal(jf_receipt_load(db, f->r.receipt_no, &r), JF_OK);
	assert_true(r.printed);
	assert_int_equal(r.print_attempts, 2);
	assert_string_equal(r.print_error, "打印机 lp0：缺纸");
	jf_receipt_free(&r);

	/* a voided receipt waits for no printer */
	assert_int_equal(jf_void(db, f->staff, r2.receipt_no, "重复兑换", NULL), JF_OK);
	assert_int_equal(jf_receipt_pending_list(db, NULL, &p, &n), JF_OK);
	assert_int_equal(n, 0);
	free(p);

	/* the record is append-only history: a very long message is cut at a
	 * character boundary, and stays valid text */
	char longmsg[700] = "";
	for (int i = 0; i < 100; i++)
		strcat(longmsg, "缺纸");
	assert_int_equal(jf_receipt_record_print(db, r2.receipt_id, 0, longmsg), JF_OK);
	assert_int_equal(jf_receipt_load(db, r2.receipt_no, &r), JF_OK);
	assert_true(strlen(r.print_error) > 200);
	assert_true(jf_text_valid(r.print_error, strlen(r.print_error)));
	jf_receipt_free(&r);
}

/* Every row fits; the resident's full name and phone never appear. */
static void check_layout(const jf_receipt *r, int cols, int paper)
{
	jf_receipt_row *rows;
	size_t n;
	assert_int_equal(jf_receipt_layout(r, NULL, cols, paper, &rows, &n), JF_OK);
	int qr_rows = 0, found_soap = 0, found_rice = 0, found_total = 0;
	for (size_t i = 0; i < n; i++) {
		const char *t = rows[i].text;
		int w = paper ? jf_text_print_width(t) : jf_text_width(t);
		if (w > cols)
			fail_msg("row %zu is %d columns, more than %d: %s", i, w, cols, t);
		assert_null(strstr(t, "丁美英"));
		assert_null(strstr(t, "13812345678"));
		qr_rows += rows[i].style == JF_ROW_QR;
		found_soap |= strstr(t, "洗衣液·薰衣草—2L") != NULL;
		found_rice |= strstr(t, "五常稻花香") != NULL;
		if (strstr(t, "合计") && strstr(t, "48"))
			found_total = rows[i].style == JF_ROW_STRONG;
	}
	assert_int_equal(qr_rows, 1);
	assert_true(found_soap);
	assert_true(found_rice);
	assert_true(found_total);
	assert_int_equal(rows[0].style, JF_ROW_TITLE);
	assert_non_null(strstr(rows[0].text, "府西社区"));
	free(rows);
}

static int has_row(const jf_receipt *r, int cols, const char *needle)
{
	jf_receipt_row *rows;
	size_t n;
	int found = 0;
	assert_int_equal(jf_receipt_layout(r, "府西社区爱心超市", cols, 1, &rows, &n), JF_OK);
	for (size_t i = 0; i < n; i++)
		found |= strstr(rows[i].text, needle) != NULL;
	free(rows);
	return found;
}

static void test_layout(void **state)
{
	fixture *f = *state;
	jf_receipt r;
	assert_int_equal(jf_receipt_load(f->e->db, f->r.receipt_no, &r), JF_OK);
	check_layout(&r, 32, 1);
	check_layout(&r, 48, 1);
	check_layout(&r, 32, 0);
	check_layout(&r, 40, 0);
	assert_true(has_row(&r, 32, "丁*英 138****5678"));
	assert_true(has_row(&r, 32, "李志愿"));
	assert_true(has_row(&r, 32, f->r.receipt_no));
	assert_true(has_row(&r, 32, "爱心家政服务公司"));
	assert_true(has_row(&r, 32, "2026-07-09"));
	assert_true(has_row(&r, 32, "府西社区爱心超市"));
	assert_false(has_row(&r, 32, "作废"));
	/* the kind name already ends in 券 (issue 11) */
	assert_true(has_row(&r, 32, "商户优惠券 No."));
	assert_false(has_row(&r, 32, "券券"));
	assert_true(has_row(&r, 32, "家政服务券 No."));

	/* the soap's row: the name, then quantity and points flush right;
	 * · and — count two columns each on paper, so the row is exactly 32 */
	jf_receipt_row *rows;
	size_t n;
	assert_int_equal(jf_receipt_layout(&r, NULL, 32, 1, &rows, &n), JF_OK);
	for (size_t i = 0; i < n; i++)
		if (strstr(rows[i].text, "洗衣液")) {
			const char *tail = "   x1      8";
			size_t tl = strlen(tail), rl = strlen(rows[i].text);
			assert_int_equal(jf_text_print_width(rows[i].text), 32);
			assert_true(rl > tl);
			assert_string_equal(rows[i].text + rl - tl, tail);
		}
	free(rows);
	assert_int_equal(jf_receipt_layout(&r, NULL, 10, 1, &rows, &n), JF_INVALID);
	jf_receipt_free(&r);

	assert_int_equal(jf_void(f->e->db, f->staff, f->r.receipt_no, "录错了", NULL), JF_OK);
	assert_int_equal(jf_receipt_load(f->e->db, f->r.receipt_no, &r), JF_OK);
	assert_true(has_row(&r, 32, "已作废"));
	jf_receipt_free(&r);
}

/* On the counter's screen: the receipt text takes 32 of 80 columns, the QR
 * gets the rest; drawn as half blocks it scans back and verifies. */
static void test_on_screen(void **state)
{
	fixture *f = *state;
	jf_receipt r;
	jf_qr qr;
	char got[512];
	int cols;
	assert_int_equal(jf_receipt_load(f->e->db, f->r.receipt_no, &r), JF_OK);
	assert_int_equal(jf_receipt_qr(&r, NULL, JF_QR_ECC_L, &qr), JF_OK);
	char *t = jf_qr_text(&qr, JF_QR_TEXT_HALF, 1, 0, &cols);
	assert_non_null(t);
	assert_true(cols <= 80 - 32 - 5);
	assert_int_equal(zbar_decode_text(t, got, sizeof got), 1);
	char want[JF_QR_TEXT_MAX];
	assert_int_equal(jf_receipt_qr_text(&r, NULL, want, sizeof want), 0);
	assert_string_equal(got, want);
	jf_verification v;
	assert_int_equal(jf_receipt_verify(f->e->db, got, &v), JF_OK);
	assert_int_equal(v.verdict, JF_VERDICT_GENUINE);
	free(t);
	/* the fallback, as the screen would draw it in reverse video */
	t = jf_qr_text(&qr, JF_QR_TEXT_WIDE, 1, 0, NULL);
	assert_int_equal(zbar_decode_text(t, got, sizeof got), 1);
	assert_string_equal(got, want);
	free(t);
	jf_qr_free(&qr);

	/* with a URL template, the URL */
	jf_config c;
	jf_config_defaults(&c);
	snprintf(c.url_template, sizeof c.url_template, "https://jf.example.org/r/{payload}");
	assert_int_equal(jf_receipt_qr(&r, &c, JF_QR_ECC_M, &qr), JF_OK);
	t = jf_qr_text(&qr, JF_QR_TEXT_HALF, 2, 1, NULL);
	assert_int_equal(zbar_decode_text(t, got, sizeof got), 1);
	assert_int_equal(strncmp(got, "https://jf.example.org/r/JF2.", 29), 0);
	assert_int_equal(jf_receipt_verify(f->e->db, got, &v), JF_OK);
	assert_int_equal(v.verdict, JF_VERDICT_GENUINE);
	free(t);
	jf_qr_free(&qr);
	jf_receipt_free(&r);
}

/* The QR of the fixture's five-item receipt reads as a receipt on a phone:
 * the community and 爱心超市, the day and the pieces, the points spent and
 * the balance after, then the code; it fits beside the receipt text at
 * 80x24 and scans back (as UTF-8) from the screen's half blocks, from the
 * PBM and from the ESC/POS raster at 58 and 80 mm, and what was scanned
 * verifies. */
static void test_qr_reads_as_receipt(void **state)
{
	fixture *f = *state;
	jf_receipt r;
	char text[JF_QR_TEXT_MAX], got[JF_QR_TEXT_MAX], want[JF_QR_TEXT_MAX];
	assert_int_equal(jf_receipt_load(f->e->db, f->r.receipt_no, &r), JF_OK);
	assert_int_equal(r.nlines, 5);
	assert_int_equal(jf_receipt_qr_text(&r, NULL, text, sizeof text), 0);
	int64_t pieces = 0;
	for (size_t i = 0; i < r.nlines; i++)
		pieces += r.lines[i].qty;
	snprintf(want, sizeof want, "府西社区爱心超市\n%s 兑换%lld件\n用%d分 余%d分\n%s", r.day,
	         (long long)pieces, FIX_TOTAL, 100 - FIX_TOTAL, r.payload);
	assert_string_equal(text, want);
	assert_true(strlen(text) <= JF_QR_HUMAN_MAX);
	assert_int_equal(strncmp(r.payload, "JF2.", 4), 0);

	/* on screen: ECC L, quiet zone 2, half blocks: at most 21 rows (rows
	 * 1 to 21 of 24) and 41 columns, beside 32 columns of receipt text */
	jf_qr qr;
	int cols;
	assert_int_equal(jf_receipt_qr(&r, NULL, JF_QR_ECC_L, &qr), JF_OK);
	char *t = jf_qr_text(&qr, JF_QR_TEXT_HALF, 2, 0, &cols);
	int rows = 0;
	for (const char *c = t; *c; c++)
		rows += *c == '\n';
	assert_true(rows <= 21);
	assert_true(2 + 32 + 3 + cols <= 80 - 1);
	assert_int_equal(zbar_decode_text(t, got, sizeof got), 1);
	assert_string_equal(got, text);
	free(t);
	jf_qr_free(&qr);
	jf_verification v;
	assert_int_equal(jf_receipt_verify(f->e->db, got, &v), JF_OK);
	assert_int_equal(v.verdict, JF_VERDICT_GENUINE);

	/* paper: the PBM, and the raster and the native command at 58 and 80 mm */
	assert_int_equal(jf_receipt_qr(&r, NULL, JF_QR_ECC_M, &qr), JF_OK);
	size_t len;
	unsigned char *pbm = jf_qr_pbm(&qr, 8, 4, &len);
	assert_int_equal(zbar_decode_pbm(pbm, len, got, sizeof got), 1);
	assert_string_equal(got, text);
	free(pbm);
	jf_qr_free(&qr);
	static const int papers[2] = {58, 80};
	for (int i = 0; i < 2; i++) {
		for (int native = 0; native < 2; native++) {
			jf_config c;
			jf_config_defaults(&c);
			c.paper = papers[i];
			c.qr_mode = native ? JF_QR_NATIVE : JF_QR_RASTER;
			jf_escpos out;
			pos_doc d;
			assert_int_equal(jf_escpos_receipt(&r, &c, &out), JF_OK);
			int rc = pos_parse(out.data, out.len, jf_paper_cols(c.paper),
			                   jf_paper_dots(c.paper), &d);
			if (rc != 0)
				fail_msg("%d mm: %s", papers[i], d.error);
			if (native) {
				assert_string_equal(d.native_qr, text);
			} else {
				assert_int_equal(d.raster_images, 1);
				assert_int_equal(zbar_decode_bits(d.raster, d.raster_w, d.raster_h,
				                                  d.raster_row, 1, 16, got, sizeof got),
				                 1);
				assert_string_equal(got, text);
			}
			pos_free(&d);
			jf_escpos_free(&out);
		}
	}
	assert_int_equal(jf_receipt_verify(f->e->db, got, &v), JF_OK);
	assert_int_equal(v.verdict, JF_VERDICT_GENUINE);

	/* a long community name is cut to keep the code small; control
	 * characters cannot break the lines */
	jf_config c;
	jf_config_defaults(&c);
	snprintf(c.community_name, sizeof c.community_name, "%s",
	         "河津市城区街道府西社区居民委员会第一网格\n伪造行");
	assert_int_equal(jf_receipt_qr_text(&r, &c, text, sizeof text), 0);
	assert_true(strlen(text) <= JF_QR_HUMAN_MAX);
	assert_int_equal(strncmp(text, "河津市", strlen("河津市")), 0);
	assert_null(strstr(text, "伪造行\n"));
	assert_string_equal(text + strlen(text) - strlen(r.payload), r.payload);
	/* the URL form stays the URL */
	snprintf(c.url_template, sizeof c.url_template, "https://jf.example.org/r/{payload}");
	assert_int_equal(jf_receipt_qr_text(&r, &c, text, sizeof text), 0);
	snprintf(want, sizeof want, "https://jf.example.org/r/%s", r.payload);
	assert_string_equal(text, want);
	jf_receipt_free(&r);
}

/* What a counter's scanner types: the whole text (any line ends), the bare
 * code, or the receipt number; voided and forged ones say so. */
static void test_verify_scanned_text(void **state)
{
	fixture *f = *state;
	jf_receipt r;
	jf_verification v;
	char text[JF_QR_TEXT_MAX], crlf[2 * JF_QR_TEXT_MAX];
	assert_int_equal(jf_receipt_load(f->e->db, f->r.receipt_no, &r), JF_OK);
	assert_int_equal(jf_receipt_qr_text(&r, NULL, text, sizeof text), 0);
	size_t o = 0;
	for (const char *c = text; *c; c++) {
		if (*c == '\n')
			crlf[o++] = '\r';
		crlf[o++] = *c;
	}
	strcpy(crlf + o, "\r\n");
	const char *forms[] = {text, crlf, r.payload};
	for (int i = 0; i < 3; i++) {
		assert_int_equal(jf_receipt_verify(f->e->db, forms[i], &v), JF_OK);
		assert_int_equal(v.verdict, JF_VERDICT_GENUINE);
		assert_int_equal(v.points, FIX_TOTAL);
		assert_int_equal(v.balance, 100 - FIX_TOTAL);
	}
	assert_true(jf_payload_present(text));
	assert_false(jf_payload_present("府西社区爱心超市"));
	assert_int_equal(jf_receipt_verify_no(f->e->db, f->r.receipt_no, &v), JF_OK);
	assert_int_equal(v.verdict, JF_VERDICT_GENUINE);
	assert_int_equal(jf_receipt_verify_no(f->e->db, "20990101-0001", &v), JF_OK);
	assert_int_equal(v.verdict, JF_VERDICT_FORGED);

	/* the human lines are not what is checked: the code is */
	char bad[JF_QR_TEXT_MAX];
	snprintf(bad, sizeof bad, "%s", text);
	bad[strlen(bad) - 1] ^= 1;
	assert_int_equal(jf_receipt_verify(f->e->db, bad, &v), JF_OK);
	assert_int_equal(v.verdict, JF_VERDICT_FORGED);
	/* a JF2 code that claims other numbers than the ledger's */
	assert_int_equal(jf_receipt_payload(f->e->db, f->r.receipt_no, FIX_TOTAL, 99, bad,
	                                    sizeof bad),
	                 JF_OK);
	assert_int_equal(jf_receipt_verify(f->e->db, bad, &v), JF_OK);
	assert_int_equal(v.verdict, JF_VERDICT_FORGED);
	/* another community's code */
	snprintf(bad, sizeof bad, "%s", r.payload);
	memcpy(bad + 4, "XY", 2);
	assert_int_equal(jf_receipt_verify(f->e->db, bad, &v), JF_OK);
	assert_int_equal(v.verdict, JF_VERDICT_OTHER_DB);

	/* voided: the same text, the same number, now say so */
	assert_int_equal(jf_void(f->e->db, f->staff, f->r.receipt_no, "录错了", NULL), JF_OK);
	assert_int_equal(jf_receipt_verify(f->e->db, text, &v), JF_OK);
	assert_int_equal(v.verdict, JF_VERDICT_VOIDED);
	assert_int_equal(jf_receipt_verify_no(f->e->db, f->r.receipt_no, &v), JF_OK);
	assert_int_equal(v.verdict, JF_VERDICT_VOIDED);
	jf_receipt_free(&r);
}

int main(void)
{
	test_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_load, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_verify_genuine_then_voided, fix_setup,
		                                fix_teardown),
		cmocka_unit_test_setup_teardown(test_replay_from_another_db, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_pending, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_layout, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_on_screen, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_qr_reads_as_receipt, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_verify_scanned_text, fix_setup, fix_teardown),
	};
	return cmocka_run_group_tests_name("receipt", tests, NULL, NULL);
}
