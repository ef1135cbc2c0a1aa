/* UTF-8 text by display width, and masking of names and phones. */
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "jifen/text.h"

int jf_utf8_decode(const char *s, size_t len, unsigned *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	if (len == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	int n;
	unsigned c, min;
	if ((u[0] & 0xE0) == 0xC0) {
		n = 2, c = u[0] & 0x1F, min = 0x80;
	} else if ((u[0] & 0xF0) == 0xE0) {
		n = 3, c = u[0] & 0x0F, min = 0x800;
	} else if ((u[0] & 0xF8) == 0xF0) {
		n = 4, c = u[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len < (size_t)n)
		return 0;
	for (int i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (u[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

int jf_text_is_control(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 || cp == 0x2029 ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

#define is_control jf_text_is_control

int jf_text_valid(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned cp;
		int n = jf_utf8_decode(s + i, len - i, &cp);
		if (n == 0 || is_control(cp))
			return 0;
		i += (size_t)n;
	}
	return 1;
}

/* Width of one code point on a terminal; '?' for what we replace. */
static int cp_width(unsigned cp)
{
	if (is_control(cp))
		return 1;
	int w = wcwidth((wchar_t)cp);
	if (w < 0)
		return 1;
	return w;
}

/* Walk s: at each character, its bytes (0 = invalid byte), code point and
 * width (print: printer columns). */
static int next_char(const char *s, unsigned *cp, int *w, int print)
{
	size_t len = strnlen(s, 4);
	int n = jf_utf8_decode(s, len, cp);
	if (n == 0 || is_control(*cp)) {
		*cp = '?';
		*w = 1;
		return n ? n : 1;
	}
	*w = print ? (*cp < 0x80 ? 1 : 2) : cp_width(*cp);
	return n;
}

static int width_of(const char *s, int print)
{
	int total = 0;
	while (s && *s) {
		unsigned cp;
		int w;
		s += next_char(s, &cp, &w, print);
		total += w;
	}
	return total;
}

int jf_text_width(const char *s)
{
	return width_of(s, 0);
}

int jf_text_print_width(const char *s)
{
	return width_of(s, 1);
}

static int fit(const char *s, int cols, char *out, size_t outsz, int print)
{
	const char *ell = print ? ".." : "\xE2\x80\xA6"; /* … */
	int ell_w = print ? 2 : 1;
	size_t o = 0;
	int used = 0;
	if (outsz == 0)
		return 0;
	if (!s)
		s = "";
	int full = width_of(s, print);
	int limit = full <= cols ? cols : cols - ell_w;
	if (limit < 0)
		limit = 0;
	while (*s) {
		unsigned cp;
		int w;
		const char *start = s;
		int n = next_char(s, &cp, &w, print);
		if (used + w > limit)
			break;
		int valid = !(cp == '?' && *start != '?');
		size_t need = valid ? (size_t)n : 1;
		if (o + need + 4 >= outsz)
			break;
		if (valid)
			memcpy(out + o, start, (size_t)n);
		else
			out[o] = '?';
		o += need;
		used += w;
		s += n;
	}
	if (*s && used + ell_w <= cols && o + strlen(ell) < outsz) {
		memcpy(out + o, ell, strlen(ell));
		o += strlen(ell);
		used += ell_w;
	}
	out[o] = '\0';
	return used;
}

int jf_text_fit(const char *s, int cols, char *out, size_t outsz)
{
	return fit(s, cols, out, outsz, 0);
}

int jf_text_fit_print(const char *s, int cols, char *out, size_t outsz)
{
	return fit(s, cols, out, outsz, 1);
}

int jf_text_pad(const char *s, int cols, int right, char *out, size_t outsz)
{
	char tmp[1024];
	int w = jf_text_fit(s, cols, tmp, sizeof tmp);
	size_t tl = strlen(tmp), pad = (size_t)(cols - w), o = 0;
	if (tl + pad + 1 > outsz) {
		jf_text_fit(s, cols, out, outsz);
		return w;
	}
	if (right) {
		memset(out, ' ', pad);
		o = pad;
	}
	memcpy(out + o, tmp, tl);
	o += tl;
	if (!right) {
		memset(out + o, ' ', pad);
		o += pad;
	}
	out[o] = '\0';
	return cols;
}

/* --- sanitisers ------------------------------------------------------------- */

char *jf_text_clean(const char *s, char *out, size_t outsz)
{
	size_t o = 0;
	if (outsz == 0)
		return out;
	for (size_t len = s ? strlen(s) : 0, i = 0; i < len;) {
		unsigned cp;
		int n = jf_utf8_decode(s + i, len - i, &cp);
		if (n == 0 || is_control(cp)) {
			if (o + 1 >= outsz)
				break;
			out[o++] = '?';
			i += n ? (size_t)n : 1;
			continue;
		}
		if (o + (size_t)n >= outsz)
			break;
		memcpy(out + o, s + i, (size_t)n);
		o += (size_t)n;
		i += (size_t)n;
	}
	out[o] = '\0';
	return out;
}

void jf_text_put(FILE *f, const char *s)
{
	for (size_t len = s ? strlen(s) : 0, i = 0; i < len;) {
		unsigned cp;
		int n = jf_utf8_decode(s + i, len - i, &cp);
		if (n == 0 || is_control(cp)) {
			fputc('?', f);
			i += n ? (size_t)n : 1;
		} else {
			fwrite(s + i, 1, (size_t)n, f);
			i += (size_t)n;
		}
	}
}

void jf_html_put(FILE *f, const char *s)
{
	for (size_t len = s ? strlen(s) : 0, i = 0; i < len;) {
		unsigned cp;
		int n = jf_utf8_decode(s + i, len - i, &cp);
		if (n == 0 || is_control(cp)) {
			fputc('?', f);
			i += n ? (size_t)n : 1;
			continue;
		}
		switch (cp) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			fwrite(s + i, 1, (size_t)n, f);
		}
		i += (size_t)n;
	}
}

/* The journal's own characters and their full-width stand-ins. */
static const char *journal_rep(unsigned cp, int account)
{
	switch (cp) {
	case ';':
		return "\xEF\xBC\x9B"; /* ； */
	case ':':
		return "\xEF\xBC\x9A"; /* ： */
	case ',':
		return "\xEF\xBC\x8C"; /* ， */
	case '|':
		return "\xEF\xBD\x9C"; /* ｜ */
	case '(':
		return account ? "\xEF\xBC\x88" : NULL; /* （ */
	case ')':
		return account ? "\xEF\xBC\x89" : NULL; /* ） */
	case '[':
		return account ? "\xE3\x80\x94" : NULL; /* 〔 */
	case ']':
		return account ? "\xE3\x80\x95" : NULL; /* 〕 */
	default:
		return NULL;
	}
}

static char *journal(const char *s, char *out, size_t outsz, int account)
{
	size_t o = 0;
	int space = account; /* an account part drops leading spaces */
	if (outsz == 0)
		return out;
	for (size_t len = s ? strlen(s) : 0, i = 0; i < len;) {
		unsigned cp;
		char one[4];
		const char *put = one;
		size_t pn = 1;
		int n = jf_utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			one[0] = '?';
			n = 1;
			space = 0;
		} else if (is_control(cp) || cp == ' ' || cp == 0x3000) {
			if (account && space) {
				i += (size_t)n;
				continue;
			}
			one[0] = ' ';
			space = 1;
		} else if ((put = journal_rep(cp, account)) != NULL ||
		           (o == 0 && (cp == '*' || cp == '!'))) {
			if (!put)
				put = cp == '*' ? "\xEF\xBC\x8A" : "\xEF\xBC\x81"; /* ＊ ！ */
			pn = strlen(put);
			space = 0;
		} else {
			put = s + i;
			pn = (size_t)n;
			space = 0;
		}
		if (o + pn >= outsz)
			break;
		memcpy(out + o, put, pn);
		o += pn;
		i += (size_t)n;
	}
	if (account) {
		while (o > 0 && out[o - 1] == ' ')
			o--;
		if (o == 0 && outsz > 1)
			out[o++] = '?';
	}
	out[o] = '\0';
	return out;
}

char *jf_journal_text(const char *s, char *out, size_t outsz)
{
	return journal(s, out, outsz, 0);
}

char *jf_journal_account(const char *s, char *out, size_t outsz)
{
	return journal(s, out, outsz, 1);
}

void jf_mask_name(const char *name, char *out, size_t outsz)
{
	size_t len = strlen(name), o = 0;
	unsigned cp;
	int first = jf_utf8_decode(name, len, &cp);
	if (outsz == 0)
		return;
	if (first <= 0 || (size_t)first >= len) {
		/* one character, or not text we can cut: keep as is */
		size_t n = len < outsz - 1 ? len : outsz - 1;
		memcpy(out, name, n);
		out[n] = '\0';
		return;
	}
	/* last character */
	size_t last = len;
	while (last > (size_t)first && ((unsigned char)name[last - 1] & 0xC0) == 0x80)
		last--;
	if (last > (size_t)first)
		last--;
	int count = 0;
	for (size_t i = (size_t)first; i < len;) {
		int n = jf_utf8_decode(name + i, len - i, &cp);
		i += n > 0 ? (size_t)n : 1;
		count++;
	}
	if ((size_t)first + 1 >= outsz) {
		out[0] = '\0';
		return;
	}
	memcpy(out, name, (size_t)first);
	o = (size_t)first;
	out[o++] = '*';
	if (count >= 2 && o + (len - last) < outsz) {
		memcpy(out + o, name + last, len - last);
		o += len - last;
	}
	out[o] = '\0';
}

void jf_mask_phone(const char *phone, char *out, size_t outsz)
{
	char digits[32];
	size_t n = 0;
	for (const char *p = phone; *p && n < sizeof digits - 1; p++)
		if (*p >= '0' && *p <= '9')
			digits[n++] = *p;
	digits[n] = '\0';
	if (outsz == 0)
		return;
	/* +86 13812345678: mask the number, not the country code */
	const char *d = digits;
	if (phone[0] == '+' && n == 13 && strncmp(digits, "86", 2) == 0) {
		d += 2;
		n -= 2;
	}
	if (n == 0) {
		out[0] = '\0';
	} else if (n >= 11) {
		snprintf(out, outsz, "%.3s****%s", d, d + n - 4);
	} else if (n > 4) {
		snprintf(out, outsz, "****%s", d + n - 4);
	} else {
		snprintf(out, outsz, "%s", d);
	}
}
