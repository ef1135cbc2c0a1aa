/* For the receipt tests: read QR codes back with libzbar from every
 * rendering (1-bit images, PBM, terminal text), and take an ESC/POS stream
 * apart strictly, byte by byte. */
#ifndef JIFEN_QRCHECK_H
#define JIFEN_QRCHECK_H

#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zbar.h>

/* --- decoding ------------------------------------------------------------- */

/* Decode the one QR code in an 8-bit grey image (0 black, 255 white) with
 * zbar in binary mode.  Returns how many symbols were found; the first one's
 * bytes go to out. */
static inline int zbar_decode_gray(const unsigned char *gray, int w, int h, char *out, size_t outsz)
{
	zbar_image_scanner_t *sc = zbar_image_scanner_create();
	zbar_image_scanner_set_config(sc, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
	zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
	zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
	zbar_image_t *img = zbar_image_create();
	zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(img, (unsigned)w, (unsigned)h);
	zbar_image_set_data(img, gray, (unsigned long)w * (unsigned long)h, NULL);
	int n = zbar_scan_image(sc, img);
	out[0] = '\0';
	const zbar_symbol_t *sym = zbar_image_first_symbol(img);
	if (n > 0 && sym) {
		unsigned len = zbar_symbol_get_data_length(sym);
		if (len >= outsz)
			len = (unsigned)outsz - 1;
		memcpy(out, zbar_symbol_get_data(sym), len);
		out[len] = '\0';
	}
	zbar_image_destroy(img);
	zbar_image_scanner_destroy(sc);
	return n;
}

/* A 1-bit image (rows of row_bytes, high bit first, 1 = black) scaled by
 * `scale` with a white border of `border` pixels, decoded. */
static inline int zbar_decode_bits(const unsigned char *bits, int w, int h, size_t row_bytes,
                            int scale, int border, char *out, size_t outsz)
{
	int W = w * scale + 2 * border, H = h * scale + 2 * border;
	unsigned char *g = malloc((size_t)W * (size_t)H);
	memset(g, 255, (size_t)W * (size_t)H);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			if (bits[(size_t)y * row_bytes + (size_t)x / 8] & (0x80 >> (x % 8)))
				for (int dy = 0; dy < scale; dy++)
					memset(g + (size_t)(border + y * scale + dy) * (size_t)W +
					               (size_t)(border + x * scale),
					       0, (size_t)scale);
	int n = zbar_decode_gray(g, W, H, out, outsz);
	free(g);
	return n;
}

/* A binary PBM (P4) file in memory, decoded; -1 if it is not a valid one. */
static inline int zbar_decode_pbm(const unsigned char *pbm, size_t len, char *out, size_t outsz)
{
	int w, h, used = 0;
	if (len < 3 || memcmp(pbm, "P4", 2) != 0)
		return -1;
	char head[64];
	size_t hl = len < sizeof head - 1 ? len : sizeof head - 1;
	memcpy(head, pbm, hl);
	head[hl] = '\0';
	if (sscanf(head, "P4 %d %d%n", &w, &h, &used) != 2 || w <= 0 || h <= 0)
		return -1;
	used++; /* the single whitespace after the height */
	size_t row = ((size_t)w + 7) / 8;
	if (len != (size_t)used + row * (size_t)h)
		return -1;
	return zbar_decode_bits(pbm + used, w, h, row, 2, 16, out, outsz);
}

/* --- terminal text back to pixels ----------------------------------------- */

/* The cells a terminal would show for the text of jf_qr_text: each cell a
 * top and a bottom half, black or white.  ANSI SGR 30/40 (black) and
 * 37/47 (white) and 0 are interpreted; without them the foreground is
 * black and the background white, as the receipt screen draws it, and
 * "##" cells are drawn in reverse video.  Returns a grey image (`scale`
 * pixels per half-cell row and per column), NULL on text it cannot read. */
static unsigned char *text_to_gray(const char *text, int scale, int *W, int *H)
{
	int rows = 0, cols = 0, c = 0;
	/* first pass: the size in cells */
	for (const char *p = text; *p;) {
		if (*p == '\033') {
			const char *m = strchr(p, 'm');
			if (!m)
				return NULL;
			p = m + 1;
			continue;
		}
		if (*p == '\n') {
			rows++;
			if (c > cols)
				cols = c;
			c = 0;
			p++;
			continue;
		}
		unsigned char u = (unsigned char)*p;
		p += u < 0x80 ? 1 : u < 0xE0 ? 2 : u < 0xF0 ? 3 : 4;
		c++;
	}
	int border = 8;
	*W = cols * scale + 2 * border;
	*H = rows * 2 * scale + 2 * border;
	unsigned char *g = malloc((size_t)*W * (size_t)*H);
	memset(g, 255, (size_t)*W * (size_t)*H);
	int fg = 0, bg = 255, row = 0;
	c = 0;
	for (const char *p = text; *p;) {
		if (*p == '\033') {
			/* ESC [ n ; n m */
			const char *q = p + 2;
			while (*q != 'm') {
				int n = (int)strtol(q, (char **)&q, 10);
				if (n == 0)
					fg = 0, bg = 255;
				else if (n == 30)
					fg = 0;
				else if (n == 37)
					fg = 255;
				else if (n == 40)
					bg = 0;
				else if (n == 47)
					bg = 255;
				if (*q == ';')
					q++;
			}
			p = q + 1;
			continue;
		}
		if (*p == '\n') {
			row++;
			c = 0;
			p++;
			continue;
		}
		int top, bottom;
		if (strncmp(p, "\xE2\x96\x80", 3) == 0) /* ▀ */
			top = fg, bottom = bg, p += 3;
		else if (strncmp(p, "\xE2\x96\x84", 3) == 0) /* ▄ */
			top = bg, bottom = fg, p += 3;
		else if (strncmp(p, "\xE2\x96\x88", 3) == 0) /* █ */
			top = bottom = fg, p += 3;
		else if (*p == ' ')
			top = bottom = bg, p++;
		else if (*p == '#')
			top = bottom = fg, p++; /* reverse video: a black cell */
		else
			{ free(g); return NULL; }
		for (int half = 0; half < 2; half++)
			for (int dy = 0; dy < scale; dy++)
				memset(g + (size_t)(border + (row * 2 + half) * scale + dy) * (size_t)*W +
				               (size_t)(border + c * scale),
				       half ? bottom : top, (size_t)scale);
		c++;
	}
	return g;
}

/* In WIDE text each module is two columns wide and one row (two half-rows)
 * tall: square modules, as a terminal with 1:2 cells shows them. */
static inline int zbar_decode_text(const char *text, char *out, size_t outsz)
{
	int W, H;
	unsigned char *g = text_to_gray(text, 4, &W, &H);
	if (!g)
		return -1;
	int n = zbar_decode_gray(g, W, H, out, outsz);
	free(g);
	return n;
}

/* --- a strict ESC/POS reader ----------------------------------------------- */

#define POS_MAX_LINES 200

typedef struct {
	/* what was printed */
	char lines[POS_MAX_LINES][512]; /* each text line, back in UTF-8 */
	int widths[POS_MAX_LINES];      /* its printer columns */
	int nlines;
	int raster_images;
	unsigned char *raster; /* the last raster image, owned */
	int raster_w, raster_h; /* in dots */
	size_t raster_row;
	int native_qr_prints;
	char native_qr[1024]; /* data stored with GS ( k fn 80 */
	int native_module;
	int inits, chinese_on, cuts, bold_on, tall_lines;
	/* the first problem, with the offset of its byte */
	char error[256];
} pos_doc;

static inline void pos_free(pos_doc *d)
{
	free(d->raster);
	d->raster = NULL;
}

/* Convert GB18030 to UTF-8 strictly; -1 on any invalid sequence. */
static inline int gb18030_to_utf8(const unsigned char *in, size_t n, char *out, size_t outsz)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		return -1;
	char *ip = (char *)in, *op = out;
	size_t il = n, ol = outsz - 1;
	size_t rc = iconv(cd, &ip, &il, &op, &ol);
	if (rc != (size_t)-1)
		rc = iconv(cd, NULL, NULL, &op, &ol);
	iconv_close(cd);
	if (rc == (size_t)-1 || il != 0)
		return -1;
	*op = '\0';
	return 0;
}

/* Printer columns of GB18030 bytes in Chinese mode: one per ASCII byte, two
 * per multi-byte character; -1 on a broken sequence. */
static inline int gb18030_cols(const unsigned char *s, size_t n)
{
	int cols = 0;
	for (size_t i = 0; i < n;) {
		if (s[i] < 0x80) {
			cols++, i++;
		} else if (i + 1 < n && s[i] >= 0x81 && s[i] <= 0xFE && s[i + 1] >= 0x40 &&
		           s[i + 1] <= 0xFE && s[i + 1] != 0x7F) {
			cols += 2, i += 2;
		} else if (i + 3 < n && s[i + 1] >= 0x30 && s[i + 1] <= 0x39 && s[i + 2] >= 0x81 &&
		           s[i + 3] >= 0x30 && s[i + 3] <= 0x39) {
			cols += 2, i += 4;
		} else {
			return -1;
		}
	}
	return cols;
}

#define POS_FAIL(d, off, ...)                                                   \
	do {                                                                   \
		int k_ = snprintf((d)->error, sizeof (d)->error, "byte %zu: ", (size_t)(off)); \
		snprintf((d)->error + k_, sizeof (d)->error - (size_t)k_, __VA_ARGS__); \
		return -1;                                                     \
	} while (0)

/* Take the stream apart.  Every byte must belong to a known command or to
 * a text line ended by LF; every length field must match; text must be
 * GB18030 in Chinese mode and no line wider than `cols` columns; a raster
 * image no wider than `dots`.  Returns 0, or -1 with d->error set. */
static inline int pos_parse(const unsigned char *s, size_t len, int cols, int dots, pos_doc *d)
{
	memset(d, 0, sizeof *d);
	unsigned char text[2048];
	size_t tl = 0;
	int tall = 0, stored = 0;
	size_t i = 0;
	while (i < len) {
		unsigned char b = s[i];
		size_t left = len - i;
		if (b == 0x0A) {
			if (d->nlines >= POS_MAX_LINES)
				POS_FAIL(d, i, "too many lines");
			char *u = d->lines[d->nlines];
			if (gb18030_to_utf8(text, tl, u, sizeof d->lines[0]) != 0)
				POS_FAIL(d, i, "line %d is not GB18030", d->nlines + 1);
			int w = gb18030_cols(text, tl);
			if (w < 0)
				POS_FAIL(d, i, "line %d: broken character", d->nlines + 1);
			if (w > cols)
				POS_FAIL(d, i, "line %d is %d columns, paper has %d: %s", d->nlines + 1,
				         w, cols, u);
			d->widths[d->nlines++] = w;
			if (tall)
				d->tall_lines++;
			tl = 0;
			i++;
		} else if (b >= 0x20 && b != 0x7F) {
			if (b >= 0x80 && !d->chinese_on)
				POS_FAIL(d, i, "a non-ASCII byte outside Chinese mode");
			if (tl >= sizeof text)
				POS_FAIL(d, i, "a line without end");
			text[tl++] = b;
			i++;
		} else if (tl > 0) {
			POS_FAIL(d, i, "command 0x%02X inside a line of text", b);
		} else if (b == 0x1B && left >= 2 && s[i + 1] == '@') {
			d->inits++, d->chinese_on = 0, tall = 0, i += 2;
		} else if (b == 0x1C && left >= 2 && s[i + 1] == '&') {
			d->chinese_on = 1, i += 2;
		} else if (b == 0x1C && left >= 2 && s[i + 1] == '.') {
			d->chinese_on = 0, i += 2;
		} else if (b == 0x1B && left >= 3 && s[i + 1] == 'a') {
			if (s[i + 2] > 2 && (s[i + 2] < '0' || s[i + 2] > '2'))
				POS_FAIL(d, i, "ESC a %d", s[i + 2]);
			i += 3;
		} else if (b == 0x1B && left >= 3 && s[i + 1] == 'E') {
			if (s[i + 2] > 1)
				POS_FAIL(d, i, "ESC E %d", s[i + 2]);
			d->bold_on += s[i + 2];
			i += 3;
		} else if (b == 0x1B && left >= 3 && s[i + 1] == 'd') {
			i += 3;
		} else if (b == 0x1D && left >= 3 && s[i + 1] == '!') {
			/* only double height: double width would halve the columns */
			if (s[i + 2] != 0x00 && s[i + 2] != 0x01)
				POS_FAIL(d, i, "GS ! 0x%02X", s[i + 2]);
			tall = s[i + 2] == 0x01;
			i += 3;
		} else if (b == 0x1D && left >= 4 && s[i + 1] == 'V' && s[i + 2] == 66) {
			d->cuts++, i += 4;
		} else if (b == 0x1D && left >= 3 && s[i + 1] == 'V' &&
		           (s[i + 2] == 0 || s[i + 2] == 1 || s[i + 2] == 48 || s[i + 2] == 49)) {
			d->cuts++, i += 3;
		} else if (b == 0x1D && left >= 8 && s[i + 1] == '(' && s[i + 2] == 'k') {
			size_t plen = (size_t)s[i + 3] | (size_t)s[i + 4] << 8;
			if (plen < 2 || left < 5 + plen)
				POS_FAIL(d, i, "GS ( k length %zu runs past the end", plen);
			const unsigned char *p = s + i + 5;
			if (p[0] != 49)
				POS_FAIL(d, i, "GS ( k cn %d is not QR", p[0]);
			switch (p[1]) {
			case 65:
				if (plen != 4 || (p[2] != 49 && p[2] != 50) || p[3] != 0)
					POS_FAIL(d, i, "QR model");
				break;
			case 67:
				if (plen != 3 || p[2] < 1 || p[2] > 16)
					POS_FAIL(d, i, "QR module size");
				d->native_module = p[2];
				break;
			case 69:
				if (plen != 3 || p[2] < 48 || p[2] > 51)
					POS_FAIL(d, i, "QR error correction");
				break;
			case 80:
				if (plen < 4 || p[2] != 48 || plen - 3 >= sizeof d->native_qr)
					POS_FAIL(d, i, "QR store");
				memcpy(d->native_qr, p + 3, plen - 3);
				d->native_qr[plen - 3] = '\0';
				if (strlen(d->native_qr) != plen - 3)
					POS_FAIL(d, i, "QR data with a NUL");
				stored = 1;
				break;
			case 81:
				if (plen != 3 || p[2] != 48 || !stored)
					POS_FAIL(d, i, "QR print without data");
				d->native_qr_prints++;
				break;
			default:
				POS_FAIL(d, i, "GS ( k fn %d", p[1]);
			}
			i += 5 + plen;
		} else if (b == 0x1D && left >= 8 && s[i + 1] == 'v' && s[i + 2] == '0') {
			if (s[i + 3] != 0)
				POS_FAIL(d, i, "GS v 0 mode %d", s[i + 3]);
			size_t xb = (size_t)s[i + 4] | (size_t)s[i + 5] << 8;
			size_t yb = (size_t)s[i + 6] | (size_t)s[i + 7] << 8;
			if (xb == 0 || yb == 0 || left < 8 + xb * yb)
				POS_FAIL(d, i, "GS v 0 of %zux%zu runs past the end", xb, yb);
			if ((int)(xb * 8) > dots)
				POS_FAIL(d, i, "raster %zu dots wide, paper has %d", xb * 8, dots);
			free(d->raster);
			d->raster = malloc(xb * yb);
			memcpy(d->raster, s + i + 8, xb * yb);
			d->raster_w = (int)xb * 8;
			d->raster_h = (int)yb;
			d->raster_row = xb;
			d->raster_images++;
			i += 8 + xb * yb;
		} else {
			POS_FAIL(d, i, "byte 0x%02X belongs to no known command", b);
		}
	}
	if (tl > 0)
		POS_FAIL(d, len, "text at the end without LF");
	return 0;
}

#endif
