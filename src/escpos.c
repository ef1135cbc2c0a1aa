/* ESC/POS byte streams for receipt printers. */
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "jifen/escpos.h"
#include "jifen/text.h"

#define ESC 0x1B
#define FS 0x1C
#define GS 0x1D
#define LF 0x0A

/* Modules of light margin around a raster QR, and the largest module. */
#define RASTER_QUIET 4
#define MAX_MODULE_DOTS 6

int jf_paper_cols(int paper_mm)
{
	return paper_mm == 80 ? 48 : 32;
}

int jf_paper_dots(int paper_mm)
{
	return paper_mm == 80 ? 576 : 384;
}

static void put(jf_escpos *b, const void *p, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 4096;
		while (cap < b->len + n)
			cap *= 2;
		unsigned char *d = realloc(b->data, cap);
		if (!d) {
			b->failed = 1;
			return;
		}
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

static void put_bytes(jf_escpos *b, int n, ...)
{
	unsigned char buf[16];
	va_list ap;
	va_start(ap, n);
	for (int i = 0; i < n && i < (int)sizeof buf; i++)
		buf[i] = (unsigned char)va_arg(ap, int);
	va_end(ap);
	put(b, buf, (size_t)n);
}

void jf_escpos_begin(jf_escpos *b)
{
	memset(b, 0, sizeof *b);
	put_bytes(b, 2, ESC, '@');
	put_bytes(b, 2, FS, '&');
}

void jf_escpos_free(jf_escpos *b)
{
	free(b->data);
	memset(b, 0, sizeof *b);
}

void jf_escpos_align(jf_escpos *b, int align)
{
	put_bytes(b, 3, ESC, 'a', align < 0 || align > 2 ? 0 : align);
}

void jf_escpos_bold(jf_escpos *b, int on)
{
	put_bytes(b, 3, ESC, 'E', on ? 1 : 0);
}

void jf_escpos_tall(jf_escpos *b, int on)
{
	put_bytes(b, 3, GS, '!', on ? 0x01 : 0x00);
}

void jf_escpos_feed(jf_escpos *b, int n)
{
	put_bytes(b, 3, ESC, 'd', n < 0 ? 0 : n > 255 ? 255 : n);
}

void jf_escpos_cut(jf_escpos *b)
{
	put_bytes(b, 4, GS, 'V', 66, 0);
}

void jf_escpos_line(jf_escpos *b, const char *utf8, int cols)
{
	char fitted[1024];
	jf_text_fit_print(utf8, cols, fitted, sizeof fitted);
	/* GB18030 covers all of Unicode, so only bytes that are no UTF-8
	 * could fail; jf_text_fit_print has turned those into '?'. */
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	if (cd == (iconv_t)-1) {
		b->failed = 1;
		return;
	}
	char out[2048];
	char *in = fitted, *o = out;
	size_t inleft = strlen(fitted), outleft = sizeof out;
	while (inleft > 0) {
		if (iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1)
			break;
		if (errno == E2BIG || outleft == 0)
			break;
		/* an unconvertible character: one '?' in its place */
		unsigned cp;
		int n = jf_utf8_decode(in, inleft, &cp);
		size_t skip = n > 0 ? (size_t)n : 1;
		in += skip;
		inleft -= skip;
		*o++ = '?';
		outleft--;
	}
	iconv(cd, NULL, NULL, &o, &outleft);
	iconv_close(cd);
	/* No byte of a line is a printer command: GB18030 of clean text has
	 * none, and this holds it whatever the conversion did. */
	for (char *c = out; c < o; c++)
		if ((unsigned char)*c < 0x20 || (unsigned char)*c == 0x7F)
			*c = '?';
	put(b, out, (size_t)(o - out));
	put_bytes(b, 1, LF);
}

/* GS ( k with its two-byte length: cn fn then the parameters. */
static void qr_fn(jf_escpos *b, int fn, const void *params, size_t n)
{
	size_t len = n + 2;
	put_bytes(b, 7, GS, '(', 'k', (int)(len & 0xFF), (int)(len >> 8), 49, fn);
	put(b, params, n);
}

void jf_escpos_qr_native(jf_escpos *b, const char *data, int module_dots)
{
	size_t n = strlen(data);
	if (n == 0 || n + 3 > 0xFFFF) {
		b->failed = 1;
		return;
	}
	unsigned char model[2] = {50, 0}; /* model 2 */
	unsigned char size = (unsigned char)(module_dots < 1 ? 1 : module_dots > 16 ? 16 : module_dots);
	unsigned char ecc = 49;           /* M */
	unsigned char store = 48, print = 48;
	qr_fn(b, 65, model, sizeof model);
	qr_fn(b, 67, &size, 1);
	qr_fn(b, 69, &ecc, 1);
	/* fn 80: store the data; its length counts the m byte too (k + 3) */
	size_t len = n + 3;
	put_bytes(b, 8, GS, '(', 'k', (int)(len & 0xFF), (int)(len >> 8), 49, 80, store);
	put(b, data, n);
	qr_fn(b, 81, &print, 1);
}

void jf_escpos_qr_raster(jf_escpos *b, const jf_qr *qr, int scale)
{
	int w, h;
	unsigned char *bits = jf_qr_bitmap(qr, scale, RASTER_QUIET, &w, &h);
	if (!bits) {
		b->failed = 1;
		return;
	}
	int xbytes = (w + 7) / 8;
	put_bytes(b, 8, GS, 'v', '0', 0, xbytes & 0xFF, xbytes >> 8, h & 0xFF, h >> 8);
	put(b, bits, (size_t)xbytes * (size_t)h);
	free(bits);
}

jf_status jf_escpos_receipt(const jf_receipt *r, const jf_config *cfg, jf_escpos *out)
{
	jf_config defaults;
	if (!cfg) {
		jf_config_defaults(&defaults);
		cfg = &defaults;
	}
	int cols = jf_paper_cols(cfg->paper), dots = jf_paper_dots(cfg->paper);
	jf_receipt_row *rows = NULL;
	size_t nrows = 0;
	jf_qr qr = {0};
	char text[JF_QR_TEXT_MAX];
	memset(out, 0, sizeof *out);

	if (jf_receipt_qr_text(r, cfg, text, sizeof text) != 0)
		return JF_TOO_LONG;
	jf_status st = jf_qr_encode(text, JF_QR_ECC_M, &qr);
	if (st != JF_OK)
		return st;
	st = jf_receipt_layout(r, cfg->community_name, cols, 1, &rows, &nrows);
	if (st != JF_OK)
		goto cleanup;

	int module = dots / (qr.width + 2 * RASTER_QUIET);
	if (module > MAX_MODULE_DOTS)
		module = MAX_MODULE_DOTS;
	if (module < 1) {
		st = JF_TOO_LONG;
		goto cleanup;
	}
	jf_escpos_begin(out);
	for (size_t i = 0; i < nrows; i++) {
		if (rows[i].style == JF_ROW_TITLE) {
			jf_escpos_bold(out, 1);
			jf_escpos_tall(out, 1);
			jf_escpos_line(out, rows[i].text, cols);
			jf_escpos_tall(out, 0);
			jf_escpos_bold(out, 0);
		} else if (rows[i].style == JF_ROW_QR) {
			jf_escpos_align(out, 1);
			if (cfg->qr_mode == JF_QR_NATIVE)
				jf_escpos_qr_native(out, text, module);
			else
				jf_escpos_qr_raster(out, &qr, module);
			jf_escpos_align(out, 0);
		} else if (rows[i].style == JF_ROW_STRONG) {
			jf_escpos_bold(out, 1);
			jf_escpos_line(out, rows[i].text, cols);
			jf_escpos_bold(out, 0);
		} else {
			jf_escpos_line(out, rows[i].text, cols);
		}
	}
	jf_escpos_feed(out, 3);
	jf_escpos_cut(out);
	st = out->failed ? JF_NOMEM : JF_OK;
cleanup:
	if (st != JF_OK)
		jf_escpos_free(out);
	free(rows);
	jf_qr_free(&qr);
	return st;
}
