/* The receipt laid out for a screen or paper (jf_receipt_layout) and
 * rendered as ESC/POS (jf_escpos_receipt), for a receipt made from any
 * input: names, units, vouchers, community names and payloads of any text
 * and length, any numbers, any width.  Properties: every row fits its
 * columns (counted as the terminal or the printer counts them); the stream
 * starts by initializing the printer and ends with a cut; no crash. */
#include "fuzz.h"

#include "jifen/config.h"
#include "jifen/escpos.h"
#include "jifen/receipt.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	jf_i18n_init(NULL);
	return 0;
}

/* The next '\n'-separated field of the input (NUL-terminated in place). */
static const char *next_field(char **p)
{
	char *s = *p, *nl = strchr(s, '\n');
	if (nl) {
		*nl = '\0';
		*p = nl + 1;
	} else {
		*p = s + strlen(s);
	}
	return s;
}

#define COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	if (n < 4)
		return 0;
	int cols = 20 + data[0] % 70; /* 20 .. 89: below 24 is refused */
	int flags = data[1];
	size_t nlines = data[2] % 6, nvouchers = (data[2] >> 4) % 4;
	int64_t big = (int64_t)data[3] * 1000003;
	char *text = fuzz_string(data + 4, n - 4), *p = text;

	jf_receipt r;
	memset(&r, 0, sizeof r);
	COPY(r.community_name, next_field(&p));
	COPY(r.no, next_field(&p));
	COPY(r.operator_name, next_field(&p));
	COPY(r.resident_masked, next_field(&p));
	COPY(r.phone_masked, next_field(&p));
	COPY(r.payload, next_field(&p));
	r.time = big * 1000;
	r.total = big;
	r.balance_after = flags & 8 ? -big : big;
	r.voided = flags & 1;
	r.void_time = r.time + 3600;
	COPY(r.void_reason, next_field(&p));
	jf_receipt_line lines[6];
	jf_voucher vouchers[4];
	memset(lines, 0, sizeof lines);
	memset(vouchers, 0, sizeof vouchers);
	for (size_t i = 0; i < nlines; i++) {
		COPY(lines[i].name, next_field(&p));
		COPY(lines[i].unit, next_field(&p));
		lines[i].kind = (jf_item_kind)(1 + i % JF_ITEM_KIND_COUNT);
		lines[i].qty = (int64_t)(i + 1) * (flags & 16 ? 999 : 1);
		lines[i].points_each = big % 100000 + 1;
		lines[i].points = lines[i].qty * lines[i].points_each;
	}
	for (size_t i = 0; i < nvouchers; i++) {
		vouchers[i].id = big + (int64_t)i;
		COPY(vouchers[i].what, next_field(&p));
		COPY(vouchers[i].sponsor, next_field(&p));
		COPY(vouchers[i].expires, next_field(&p));
		vouchers[i].kind = (jf_item_kind)(3 + i % 3);
	}
	r.lines = lines;
	r.nlines = nlines;
	r.vouchers = vouchers;
	r.nvouchers = nvouchers;
	const char *community = next_field(&p);

	/* on a terminal and on paper */
	for (int paper = 0; paper < 2; paper++) {
		jf_receipt_row *rows = NULL;
		size_t nrows = 0;
		jf_status st = jf_receipt_layout(&r, community, cols, paper, &rows, &nrows);
		if (cols < 24) {
			CHECK(st == JF_INVALID);
			continue;
		}
		CHECK(st == JF_OK);
		int qr_rows = 0;
		for (size_t i = 0; i < nrows; i++) {
			const char *t = rows[i].text;
			CHECK(strlen(t) < sizeof rows[i].text);
			CHECK((paper ? jf_text_print_width(t) : jf_text_width(t)) <= cols);
			CHECK(strchr(t, '\n') == NULL);
			qr_rows += rows[i].style == JF_ROW_QR;
		}
		CHECK(qr_rows == 1);
		free(rows);
	}

	/* as ESC/POS for the printer */
	jf_config cfg;
	jf_config_defaults(&cfg);
	cfg.paper = flags & 2 ? 80 : 58;
	cfg.qr_mode = flags & 4 ? JF_QR_NATIVE : JF_QR_RASTER;
	COPY(cfg.community_name, community);
	if (flags & 32)
		COPY(cfg.url_template, "https://jifen.example.org/r/{payload}");
	jf_escpos out;
	jf_status st = jf_escpos_receipt(&r, &cfg, &out);
	if (st != JF_OK && st != JF_TOO_LONG)
		fprintf(stderr, "jf_escpos_receipt: %s\n", jf_status_name(st));
	/* an empty payload (never from jf_receipt_load) makes no QR */
	CHECK(st == JF_OK || st == JF_TOO_LONG || (st == JF_INVALID && !r.payload[0]));
	if (st == JF_OK) {
		CHECK(out.len >= 6 && !out.failed);
		CHECK(out.data[0] == 0x1B && out.data[1] == '@');
		/* GS V 66 0: the cut, last */
		CHECK(out.data[out.len - 4] == 0x1D && out.data[out.len - 3] == 'V');
		jf_escpos_free(&out);
	}
	free(text);
	return 0;
}
