/* Text layout for reports: by display columns, never by bytes. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jifen/text.h"
#include "layout.h"

int jf_lay_width(const jf_lay *o, const char *s)
{
	return o->printer ? jf_text_print_width(s) : jf_text_width(s);
}

char *jf_lay_cell(const jf_lay *o, const char *s, int cols, int right, char *out, size_t outsz)
{
	char fit[1024];
	if (cols < 0)
		cols = 0;
	int w = o->printer ? jf_text_fit_print(s ? s : "", cols, fit, sizeof fit)
	                   : jf_text_fit(s ? s : "", cols, fit, sizeof fit);
	size_t fl = strlen(fit), pad = w < cols ? (size_t)(cols - w) : 0, k = 0;
	if (fl + pad + 1 > outsz) {
		/* no room to pad: the fitted text alone */
		if (outsz) {
			size_t n = fl < outsz - 1 ? fl : outsz - 1;
			memcpy(out, fit, n);
			out[n] = '\0';
		}
		return out;
	}
	if (right) {
		memset(out, ' ', pad);
		k = pad;
	}
	memcpy(out + k, fit, fl);
	k += fl;
	if (!right) {
		memset(out + k, ' ', pad);
		k += pad;
	}
	out[k] = '\0';
	return out;
}

void jf_lay_rule(const jf_lay *o, char ch)
{
	for (int i = 0; i < o->cols; i++)
		fputc(ch, o->f);
	fputc('\n', o->f);
}

static void put_trimmed(FILE *f, const char *s)
{
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	fwrite(s, 1, n, f);
	fputc('\n', f);
}

void jf_lay_lr(const jf_lay *o, const char *left, const char *right)
{
	char l[1024], line[2048], r[1024];
	right = jf_text_clean(right, r, sizeof r);
	int rw = jf_lay_width(o, right);
	int lw = o->cols - rw - 1;
	if (lw < 1) {
		/* no room: right part on its own line */
		jf_lay_cell(o, left, o->cols, 0, l, sizeof l);
		put_trimmed(o->f, l);
		jf_lay_cell(o, right, o->cols, 1, l, sizeof l);
		put_trimmed(o->f, l);
		return;
	}
	jf_lay_cell(o, left, lw, 0, l, sizeof l);
	snprintf(line, sizeof line, "%s %s", l, right);
	put_trimmed(o->f, line);
}

void jf_lay_center(const jf_lay *o, const char *s)
{
	char fit[1024];
	int w = o->printer ? jf_text_fit_print(s, o->cols, fit, sizeof fit)
	                   : jf_text_fit(s, o->cols, fit, sizeof fit);
	for (int i = 0; i < (o->cols - w) / 2; i++)
		fputc(' ', o->f);
	put_trimmed(o->f, fit);
}

void jf_lay_row(const jf_lay *o, int n, const char *const *cells, const int *widths,
                const char *align)
{
	char line[4096], cell[1024];
	size_t k = 0;
	int used = 0;
	line[0] = '\0';
	for (int i = 0; i < n; i++) {
		int w = widths[i];
		if (w <= 0) {
			int rest = 0;
			for (int j = i + 1; j < n; j++)
				rest += widths[j] + 1;
			w = o->cols - used - (i > 0) - rest;
			if (w < 1)
				w = 1;
		}
		jf_lay_cell(o, cells[i], w, align && align[i] == 'r', cell, sizeof cell);
		size_t cl = strlen(cell);
		if (k + cl + 2 >= sizeof line)
			break;
		if (i > 0)
			line[k++] = ' ';
		memcpy(line + k, cell, cl);
		k += cl;
		line[k] = '\0';
		used += w + (i > 0);
	}
	put_trimmed(o->f, line);
}

void jf_lay_wrap(const jf_lay *o, const char *s, int indent)
{
	char line[2048];
	size_t len = strlen(s), i = 0, k = 0;
	int col = 0;
	while (i < len) {
		unsigned cp;
		int n = jf_utf8_decode(s + i, len - i, &cp);
		char ch[8];
		if (n <= 0) {
			ch[0] = '?';
			ch[1] = '\0';
			n = 1;
		} else {
			memcpy(ch, s + i, (size_t)n);
			ch[n] = '\0';
			if (jf_text_is_control(cp))
				ch[0] = ' ', ch[1] = '\0';
		}
		int w = jf_lay_width(o, ch);
		size_t cl = strlen(ch);
		/* an ASCII word or number is not cut: it moves to the next line whole */
		int need = w;
		if (isalnum((unsigned char)ch[0]) &&
		    (i == 0 || !isalnum((unsigned char)s[i - 1]))) {
			size_t j = i;
			while (j < len &&
			       (isalnum((unsigned char)s[j]) || s[j] == '-' || s[j] == '.'))
				j++;
			need = (int)(j - i);
			if (need > o->cols - indent)
				need = w;
		}
		if ((col + need > o->cols && col > indent) || k + cl + 1 >= sizeof line) {
			line[k] = '\0';
			put_trimmed(o->f, line);
			for (k = 0; k < (size_t)indent && k < sizeof line / 2; k++)
				line[k] = ' ';
			col = (int)k;
			if (ch[0] == ' ') {
				/* no space at the start of a continued line */
				i += (size_t)n;
				continue;
			}
		}
		memcpy(line + k, ch, cl);
		k += cl;
		col += w;
		i += (size_t)n;
	}
	line[k] = '\0';
	put_trimmed(o->f, line);
}
