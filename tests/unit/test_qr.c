/* The QR code and its payload: every rendering scans back to the payload,
 * and verification refuses what it must. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sodium.h>

#include "qrcheck.h"
#include "jifen/config.h"
#include "jifen/db.h"
#include "jifen/i18n.h"
#include "jifen/receipt.h"
#include "jifen/text.h"

static const unsigned char key1[JF_RECEIPT_KEY_BYTES] = "0123456789abcdef0123456789abcde";

static void make_payload(char *out, size_t outsz)
{
	assert_int_equal(jf_payload_make(key1, "FX", "FX20261129-0007", 26, 16, out, outsz), 0);
}

static void test_payload_format(void **state)
{
	(void)state;
	char p[JF_PAYLOAD_MAX + 1];
	make_payload(p, sizeof p);
	/* version, code, number, points, balance, then a 14-character MAC */
	const char *prefix = "JF1.FX.FX20261129-0007.26.16.";
	assert_int_equal(strncmp(p, prefix, strlen(prefix)), 0);
	const char *mac = p + strlen(prefix);
	assert_int_equal(strlen(mac), 14);
	for (const char *c = mac; *c; c++)
		assert_true(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
		                   *c) != NULL);
	/* the same inputs give the same payload; another key another MAC */
	char again[JF_PAYLOAD_MAX + 1], other[JF_PAYLOAD_MAX + 1];
	make_payload(again, sizeof again);
	assert_string_equal(p, again);
	unsigned char key2[JF_RECEIPT_KEY_BYTES];
	memcpy(key2, key1, sizeof key2);
	key2[0] ^= 1;
	assert_int_equal(jf_payload_make(key2, "FX", "FX20261129-0007", 26, 16, other, sizeof other),
	                 0);
	assert_int_equal(strncmp(p, other, strlen(prefix)), 0);
	assert_string_not_equal(p, other);
	/* what a payload cannot hold */
	assert_int_equal(jf_payload_make(key1, "FX", "N1", 0, 16, other, sizeof other), -1);
	assert_int_equal(jf_payload_make(key1, "FX", "N1", 5, -1, other, sizeof other), -1);
	assert_int_equal(jf_payload_make(key1, "FX", "", 5, 1, other, sizeof other), -1);
	assert_int_equal(jf_payload_make(key1, "FX", "N1", 5, 1, other, 20), -1);
}

static void test_payload_escapes_unsafe_bytes(void **state)
{
	(void)state;
	char p[JF_PAYLOAD_MAX + 1];
	/* a dot, a slash, a space and Chinese in the number: all escaped, so
	 * the payload stays short ASCII that fits in a URL path */
	assert_int_equal(jf_payload_make(key1, "府西", "A.B/C 中", 3, 0, p, sizeof p), 0);
	for (const char *c = p; *c; c++)
		assert_true(*c > ' ' && *c < 0x7F && *c != '/' && *c != ' ');
	assert_int_equal(strncmp(p, "JF1.%E5%BA%9C%E8%A5%BF.A%2EB%2FC%20%E4%B8%AD.3.0.", 48), 0);
}

static void test_qr_encode_sizes(void **state)
{
	(void)state;
	char p[JF_PAYLOAD_MAX + 1];
	make_payload(p, sizeof p);
	jf_qr qr;
	assert_int_equal(jf_qr_encode(p, JF_QR_ECC_M, &qr), JF_OK);
	/* version 4 or smaller: with a quiet zone of 2 the half-block text is
	 * at most 37 columns and 19 lines, inside an 80x24 screen */
	assert_true(qr.width >= 21 && qr.width <= 33);
	int cols = 0;
	char *t = jf_qr_text(&qr, JF_QR_TEXT_HALF, 2, 0, &cols);
	assert_non_null(t);
	assert_int_equal(cols, qr.width + 4);
	int lines = 0;
	for (char *c = t; *c; c++)
		lines += *c == '\n';
	assert_int_equal(lines, (qr.width + 4 + 1) / 2);
	assert_true(cols <= 80 && lines <= 24);
	free(t);
	jf_qr_free(&qr);

	assert_int_equal(jf_qr_encode("", JF_QR_ECC_M, &qr), JF_INVALID);
	char *big = malloc(4000);
	memset(big, 'x', 3999);
	big[3999] = '\0';
	assert_int_equal(jf_qr_encode(big, JF_QR_ECC_H, &qr), JF_TOO_LONG);
	free(big);
}

static void test_pbm_scans_back(void **state)
{
	(void)state;
	char p[JF_PAYLOAD_MAX + 1], got[512];
	make_payload(p, sizeof p);
	jf_qr qr;
	assert_int_equal(jf_qr_encode(p, JF_QR_ECC_M, &qr), JF_OK);
	size_t len = 0;
	unsigned char *pbm = jf_qr_pbm(&qr, 4, 4, &len);
	assert_non_null(pbm);
	char head[32];
	snprintf(head, sizeof head, "P4\n%d %d\n", (qr.width + 8) * 4, (qr.width + 8) * 4);
	assert_memory_equal(pbm, head, strlen(head));
	assert_int_equal(zbar_decode_pbm(pbm, len, got, sizeof got), 1);
	assert_string_equal(got, p);
	free(pbm);
	jf_qr_free(&qr);
}

static void test_bitmap_layout(void **state)
{
	(void)state;
	jf_qr qr;
	assert_int_equal(jf_qr_encode("JF1.X.1.1.0.AAAAAAAAAAAAAA", JF_QR_ECC_M, &qr), JF_OK);
	int w, h;
	unsigned char *bits = jf_qr_bitmap(&qr, 3, 4, &w, &h);
	assert_non_null(bits);
	assert_int_equal(w, (qr.width + 8) * 3);
	assert_int_equal(h, w);
	size_t row = ((size_t)w + 7) / 8;
	/* the quiet zone is white, the corner of the finder pattern black */
	for (int x = 0; x < w; x++)
		assert_false(bits[(size_t)(4 * 3 - 1) * row + (size_t)x / 8] & (0x80 >> (x % 8)));
	int fx = 4 * 3, fy = 4 * 3;
	assert_true(bits[(size_t)fy * row + (size_t)fx / 8] & (0x80 >> (fx % 8)));
	assert_true(jf_qr_dark(&qr, 0, 0));
	assert_false(jf_qr_dark(&qr, -1, 0));
	assert_false(jf_qr_dark(&qr, 0, qr.width));
	free(bits);
	jf_qr_free(&qr);
}

static void scan_text(const jf_qr *qr, jf_qr_text_style style, int quiet, int ansi,
                      const char *want)
{
	char got[512];
	int cols;
	char *t = jf_qr_text(qr, style, quiet, ansi, &cols);
	assert_non_null(t);
	assert_int_equal(zbar_decode_text(t, got, sizeof got), 1);
	assert_string_equal(got, want);
	/* every line is as wide as promised, in terminal columns */
	for (char *line = t; *line;) {
		char *nl = strchr(line, '\n');
		assert_non_null(nl);
		*nl = '\0';
		char plain[4096];
		size_t o = 0;
		for (char *c = line; *c;) {
			if (*c == '\033')
				c = strchr(c, 'm') + 1;
			else
				plain[o++] = *c++;
		}
		plain[o] = '\0';
		assert_int_equal(jf_text_width(plain), cols);
		if (ansi)
			assert_int_equal(strncmp(line, "\033[", 2), 0);
		line = nl + 1;
	}
	free(t);
}

static void test_text_scans_back(void **state)
{
	(void)state;
	char p[JF_PAYLOAD_MAX + 1];
	make_payload(p, sizeof p);
	jf_qr qr;
	assert_int_equal(jf_qr_encode(p, JF_QR_ECC_M, &qr), JF_OK);
	scan_text(&qr, JF_QR_TEXT_HALF, 2, 0, p);
	scan_text(&qr, JF_QR_TEXT_HALF, 4, 1, p);
	scan_text(&qr, JF_QR_TEXT_HALF, 1, 1, p);
	scan_text(&qr, JF_QR_TEXT_WIDE, 2, 0, p);
	scan_text(&qr, JF_QR_TEXT_WIDE, 2, 1, p);
	jf_qr_free(&qr);
}

static void test_text_forces_black_on_white(void **state)
{
	(void)state;
	jf_qr qr;
	assert_int_equal(jf_qr_encode("JF1.FX.1.2.3.AAAAAAAAAAAAAA", JF_QR_ECC_M, &qr), JF_OK);
	char *t = jf_qr_text(&qr, JF_QR_TEXT_HALF, 2, 1, NULL);
	assert_non_null(t);
	/* each line: black on white, the quiet rows plain white cells */
	assert_int_equal(strncmp(t, "\033[30;47m", 8), 0);
	char first[256];
	snprintf(first, sizeof first, "\033[30;47m%*s\033[0m\n", qr.width + 4, "");
	assert_int_equal(strncmp(t, first, strlen(first)), 0);
	free(t);
	/* the fallback for terminals that draw blocks two columns wide: only
	 * spaces, coloured by background */
	t = jf_qr_text(&qr, JF_QR_TEXT_WIDE, 2, 1, NULL);
	for (const char *c = t; *c;) {
		if (*c == '\033') {
			c = strchr(c, 'm') + 1;
			continue;
		}
		assert_true(*c == ' ' || *c == '\n');
		c++;
	}
	assert_non_null(strstr(t, "\033[40m  "));
	free(t);
	jf_qr_free(&qr);
}

/* --- verification without receipts: what is refused before the ledger --- */

typedef struct {
	char dir[256];
	jf_db *a, *b, *c; /* a: FX, b: also FX (another key), c: YH */
} two_dbs;

static int dbs_setup(void **state)
{
	two_dbs *t = calloc(1, sizeof *t);
	snprintf(t->dir, sizeof t->dir, "/tmp/jifen-qr-XXXXXX");
	if (!mkdtemp(t->dir))
		return -1;
	char path[300], err[256];
	snprintf(path, sizeof path, "%s/a.db", t->dir);
	if (jf_db_create_test(path, "府西社区", "FX", 0, &t->a, err, sizeof err) != JF_OK)
		return -1;
	snprintf(path, sizeof path, "%s/b.db", t->dir);
	if (jf_db_create_test(path, "府西社区", "FX", 0, &t->b, err, sizeof err) != JF_OK)
		return -1;
	snprintf(path, sizeof path, "%s/c.db", t->dir);
	if (jf_db_create_test(path, "阳湖社区", "YH", 0, &t->c, err, sizeof err) != JF_OK)
		return -1;
	*state = t;
	return 0;
}

static int dbs_teardown(void **state)
{
	two_dbs *t = *state;
	jf_db_close(t->a);
	jf_db_close(t->b);
	jf_db_close(t->c);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", t->dir);
	int rc = system(cmd);
	free(t);
	return rc == 0 ? 0 : -1;
}

static jf_verdict verdict_of(jf_db *db, const char *text)
{
	jf_verification v;
	assert_int_equal(jf_receipt_verify(db, text, &v), JF_OK);
	assert_true(v.why[0] != '\0');
	return v.verdict;
}

static void test_verify_refuses(void **state)
{
	two_dbs *t = *state;
	char p[JF_PAYLOAD_MAX + 1], bad[JF_PAYLOAD_MAX + 64];
	/* a payload of database a, for a receipt it does not have (no ledger
	 * here): the MAC is right, the receipt unknown */
	assert_int_equal(jf_receipt_payload_v(t->a, 1, "FX-0001", 8, 42, p, sizeof p), JF_OK);
	jf_verification v;
	assert_int_equal(jf_receipt_verify(t->a, p, &v), JF_OK);
	assert_int_equal(v.verdict, JF_VERDICT_FORGED);
	assert_string_equal(v.no, "FX-0001");
	assert_string_equal(v.code, "FX");
	assert_int_equal(v.points, 8);
	assert_int_equal(v.balance, 42);
	assert_non_null(strstr(v.why, "FX-0001"));

	/* replayed into another database with the same code: the key differs */
	assert_int_equal(jf_receipt_verify(t->b, p, &v), JF_OK);
	assert_int_equal(v.verdict, JF_VERDICT_FORGED);
	assert_null(strstr(v.why, "FX-0001"));
	/* into another community's database */
	assert_int_equal(verdict_of(t->c, p), JF_VERDICT_OTHER_DB);

	/* tampered: each field changed by one character */
	snprintf(bad, sizeof bad, "%s", p);
	char *pts = strstr(bad, ".8.42.");
	pts[1] = '9';
	assert_int_equal(verdict_of(t->a, bad), JF_VERDICT_FORGED);
	assert_int_equal(jf_receipt_verify(t->a, bad, &v), JF_OK);
	assert_non_null(strstr(v.why, _("校验码不符")));
	snprintf(bad, sizeof bad, "%s", p);
	strstr(bad, "0001")[3] = '2';
	assert_int_equal(verdict_of(t->a, bad), JF_VERDICT_FORGED);
	snprintf(bad, sizeof bad, "%s", p);
	bad[strlen(bad) - 1] ^= 1; /* the MAC itself */
	assert_int_equal(verdict_of(t->a, bad), JF_VERDICT_FORGED);
	/* a leading zero is another byte string: refused, not read as 8 */
	snprintf(bad, sizeof bad, "%s", p);
	char *at = strstr(bad, ".8.42.");
	memmove(at + 2, at + 1, strlen(at + 1) + 1);
	at[1] = '0';
	assert_int_equal(verdict_of(t->a, bad), JF_VERDICT_FORGED);

	/* truncated anywhere */
	for (size_t n = 1; n < strlen(p); n++) {
		snprintf(bad, sizeof bad, "%.*s", (int)n, p);
		assert_int_equal(verdict_of(t->a, bad), JF_VERDICT_FORGED);
	}
	/* an unknown format version */
	snprintf(bad, sizeof bad, "JF3%s", p + 3);
	assert_int_equal(jf_receipt_verify(t->a, bad, &v), JF_OK);
	assert_int_equal(v.verdict, JF_VERDICT_FORGED);
	assert_non_null(strstr(v.why, "JF3"));
	/* JF1's six fields under JF2's name: not a payload */
	snprintf(bad, sizeof bad, "JF2%s", p + 3);
	assert_int_equal(verdict_of(t->a, bad), JF_VERDICT_FORGED);
	/* nonsense */
	assert_int_equal(verdict_of(t->a, ""), JF_VERDICT_FORGED);
	assert_int_equal(verdict_of(t->a, "hello"), JF_VERDICT_FORGED);
	assert_int_equal(verdict_of(t->a, "JF1....."), JF_VERDICT_FORGED);
}

static void test_verify_reads_urls(void **state)
{
	two_dbs *t = *state;
	char p[JF_PAYLOAD_MAX + 1], url[JF_QR_TEXT_MAX];
	/* a receipt number that itself looks like a version: the first
	 * well-formed payload is the one */
	assert_int_equal(jf_receipt_payload_v(t->a, 1, "JF12", 5, 0, p, sizeof p), JF_OK);
	jf_config cfg;
	jf_config_defaults(&cfg);
	snprintf(cfg.url_template, sizeof cfg.url_template,
	         "https://jf.example.org/r/{payload}?src=qr");
	assert_int_equal(jf_config_qr_text(&cfg, p, url, sizeof url), 0);
	assert_int_equal(strncmp(url, "https://jf.example.org/r/JF1.FX.JF12.5.0.", 41), 0);
	jf_verification v;
	assert_int_equal(jf_receipt_verify(t->a, url, &v), JF_OK);
	assert_string_equal(v.no, "JF12");
	assert_int_equal(v.points, 5);
	/* unknown receipt but a right MAC: the why says so */
	assert_non_null(strstr(v.why, "JF12"));
	/* the URL scans back whole from the QR */
	jf_qr qr;
	char got[JF_QR_TEXT_MAX];
	assert_int_equal(jf_qr_encode(url, JF_QR_ECC_M, &qr), JF_OK);
	size_t len;
	unsigned char *pbm = jf_qr_pbm(&qr, 3, 4, &len);
	assert_int_equal(zbar_decode_pbm(pbm, len, got, sizeof got), 1);
	assert_string_equal(got, url);
	free(pbm);
	jf_qr_free(&qr);
}

int main(void)
{
	jf_i18n_init(NULL);
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_payload_format),
		cmocka_unit_test(test_payload_escapes_unsafe_bytes),
		cmocka_unit_test(test_qr_encode_sizes),
		cmocka_unit_test(test_pbm_scans_back),
		cmocka_unit_test(test_bitmap_layout),
		cmocka_unit_test(test_text_scans_back),
		cmocka_unit_test(test_text_forces_black_on_white),
		cmocka_unit_test_setup_teardown(test_verify_refuses, dbs_setup, dbs_teardown),
		cmocka_unit_test_setup_teardown(test_verify_reads_urls, dbs_setup, dbs_teardown),
	};
	return cmocka_run_group_tests_name("qr", tests, NULL, NULL);
}
