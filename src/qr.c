/* The QR code (libqrencode) and its renderings: a 1-bit image (for PBM and
 * the printer's raster command) and text for a terminal. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "jifen/receipt.h"
#include "jifen/text.h"

jf_status jf_qr_encode(const char *text, jf_qr_ecc ecc, jf_qr *out)
{
	static const QRecLevel level[] = {QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q, QR_ECLEVEL_H};
	memset(out, 0, sizeof *out);
	if ((unsigned)ecc > JF_QR_ECC_H)
		return JF_INVALID;
	size_t len = strlen(text);
	if (len == 0)
		return JF_INVALID;
	if (len > 2953)
		return JF_TOO_LONG;
	/* 8-bit mode for all of it: what was put in is what a scanner in
	 * binary mode gives back. */
	errno = 0;
	QRcode *code = QRcode_encodeData((int)len, (const unsigned char *)text, 0, level[ecc]);
	if (!code)
		return errno == ENOMEM ? JF_NOMEM : JF_TOO_LONG;
	size_t n = (size_t)code->width * (size_t)code->width;
	out->modules = malloc(n);
	if (!out->modules) {
		QRcode_free(code);
		return JF_NOMEM;
	}
	/* libqrencode: the lowest bit of each byte is 1 for a dark module */
	for (size_t i = 0; i < n; i++)
		out->modules[i] = code->data[i] & 1;
	out->width = code->width;
	QRcode_free(code);
	return JF_OK;
}

/* The bytes of the first `n` characters of s (n < 0: all). */
static size_t utf8_prefix(const char *s, int n)
{
	size_t i = 0;
	for (int k = 0; s[i] && (n < 0 || k < n); k++) {
		i++;
		while (((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
	}
	return i;
}

int jf_receipt_qr_text(const jf_receipt *r, const jf_config *cfg, char *out, size_t outsz)
{
	if (cfg && cfg->url_template[0])
		return jf_config_qr_text(cfg, r->payload, out, outsz);
	const char *name = cfg && cfg->community_name[0] ? cfg->community_name : r->community_name;
	char clean[JF_CONFIG_VALUE_MAX * 3 + 4];
	jf_text_clean(name, clean, sizeof clean);
	/* one line: newlines and the like would end a scanner's typing */
	for (char *c = clean; *c; c++)
		if ((unsigned char)*c < 0x20)
			*c = '?';
	int64_t pieces = 0;
	for (size_t i = 0; i < r->nlines; i++)
		pieces += r->lines[i].qty;
	int chars = 0;
	for (size_t i = 0; clean[i]; i += utf8_prefix(clean + i, 1))
		chars++;
	/* Chinese whatever the program's language: it is the residents'.
	 * The whole name, then shorter ones, then the bare payload. */
	for (int keep = chars; keep >= 0; keep--) {
		int n = snprintf(out, outsz, "%.*s%s\n%s %s%lld%s\n%s%lld%s %s%lld%s\n%s",
		                 (int)utf8_prefix(clean, keep), clean, "爱心超市", r->day, "兑换",
		                 (long long)pieces, "件", "用", (long long)r->total, "分", "余",
		                 (long long)r->balance_after, "分", r->payload);
		if (n < 0 || (size_t)n >= outsz)
			return -1;
		if (n <= JF_QR_HUMAN_MAX)
			return 0;
	}
	int n = snprintf(out, outsz, "%s", r->payload);
	return n < 0 || (size_t)n >= outsz ? -1 : 0;
}

jf_status jf_receipt_qr(const jf_receipt *r, const jf_config *cfg, jf_qr_ecc ecc, jf_qr *out)
{
	char text[JF_QR_TEXT_MAX];
	memset(out, 0, sizeof *out);
	if (jf_receipt_qr_text(r, cfg, text, sizeof text) != 0)
		return JF_TOO_LONG;
	return jf_qr_encode(text, ecc, out);
}

void jf_qr_free(jf_qr *qr)
{
	if (!qr)
		return;
	free(qr->modules);
	qr->modules = NULL;
	qr->width = 0;
}

int jf_qr_dark(const jf_qr *qr, int x, int y)
{
	if (x < 0 || y < 0 || x >= qr->width || y >= qr->width)
		return 0;
	return qr->modules[(size_t)y * (size_t)qr->width + (size_t)x];
}

unsigned char *jf_qr_bitmap(const jf_qr *qr, int scale, int quiet, int *w, int *h)
{
	if (scale < 1 || quiet < 0 || qr->width <= 0)
		return NULL;
	int side = (qr->width + 2 * quiet) * scale;
	size_t row = ((size_t)side + 7) / 8;
	unsigned char *bits = calloc(row, (size_t)side);
	if (!bits)
		return NULL;
	for (int py = 0; py < side; py++) {
		int my = py / scale - quiet;
		for (int px = 0; px < side; px++) {
			if (jf_qr_dark(qr, px / scale - quiet, my))
				bits[(size_t)py * row + (size_t)px / 8] |= (unsigned char)(0x80 >> (px % 8));
		}
	}
	*w = side;
	*h = side;
	return bits;
}

unsigned char *jf_qr_pbm(const jf_qr *qr, int scale, int quiet, size_t *len)
{
	int w, h;
	unsigned char *bits = jf_qr_bitmap(qr, scale, quiet, &w, &h);
	if (!bits)
		return NULL;
	char head[64];
	int hn = snprintf(head, sizeof head, "P4\n%d %d\n", w, h);
	size_t body = ((size_t)w + 7) / 8 * (size_t)h;
	unsigned char *out = malloc((size_t)hn + body);
	if (out) {
		memcpy(out, head, (size_t)hn);
		memcpy(out + hn, bits, body);
		*len = (size_t)hn + body;
	}
	free(bits);
	return out;
}

/* A growing string. */
typedef struct {
	char *s;
	size_t len, cap;
	int failed;
} strbuf;

static void put(strbuf *b, const char *s)
{
	size_t n = strlen(s);
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 1024;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->s, cap);
		if (!p) {
			b->failed = 1;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

#define SGR_BLACK_ON_WHITE "\033[30;47m"
#define SGR_BG_BLACK "\033[40m"
#define SGR_BG_WHITE "\033[47m"
#define SGR_RESET "\033[0m"

char *jf_qr_text(const jf_qr *qr, jf_qr_text_style style, int quiet, int ansi, int *cols)
{
	static const char *const half[4] = {" ", "\xE2\x96\x80", "\xE2\x96\x84",
	                                    "\xE2\x96\x88"}; /* ' ' ▀ ▄ █ */
	strbuf b = {0};
	if (quiet < 0 || qr->width <= 0)
		return NULL;
	int lo = -quiet, hi = qr->width + quiet; /* modules lo .. hi-1 */
	if (style == JF_QR_TEXT_HALF) {
		for (int y = lo; y < hi; y += 2) {
			if (ansi)
				put(&b, SGR_BLACK_ON_WHITE);
			for (int x = lo; x < hi; x++) {
				/* past the bottom edge is quiet zone too */
				int top = jf_qr_dark(qr, x, y);
				int bottom = y + 1 < hi && jf_qr_dark(qr, x, y + 1);
				put(&b, half[top | bottom << 1]);
			}
			if (ansi)
				put(&b, SGR_RESET);
			put(&b, "\n");
		}
	} else {
		for (int y = lo; y < hi; y++) {
			int was = -1;
			for (int x = lo; x < hi; x++) {
				int dark = jf_qr_dark(qr, x, y);
				if (!ansi) {
					put(&b, dark ? "##" : "  ");
					continue;
				}
				if (dark != was)
					put(&b, dark ? SGR_BG_BLACK : SGR_BG_WHITE);
				put(&b, "  ");
				was = dark;
			}
			if (ansi)
				put(&b, SGR_RESET);
			put(&b, "\n");
		}
	}
	if (b.failed) {
		free(b.s);
		return NULL;
	}
	if (cols)
		*cols = (hi - lo) * (style == JF_QR_TEXT_HALF ? 1 : 2);
	return b.s;
}
