/* Drawing helpers and the input field, all laid out by display width. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "widgets.h"
#include "jifen/text.h"

int ui_text(int y, int x, int cols, const char *s, int pad)
{
	char buf[1024];
	if (cols <= 0)
		return 0;
	int w =
	    pad ? jf_text_pad(s, cols, 0, buf, sizeof buf) : jf_text_fit(s, cols, buf, sizeof buf);
	mvaddstr(y, x, buf);
	return w;
}

int ui_text_right(int y, int x, int cols, const char *s)
{
	char buf[1024];
	if (cols <= 0)
		return 0;
	int w = jf_text_pad(s, cols, 1, buf, sizeof buf);
	mvaddstr(y, x, buf);
	return w;
}

void ui_blank(int y, int x, int cols)
{
	if (cols > 0)
		mvhline(y, x, ' ', cols);
}

void ui_text_center(int y, int x, int cols, const char *s)
{
	int w = jf_text_width(s);
	if (w > cols)
		w = cols;
	ui_text(y, x + (cols - w) / 2, cols - (cols - w) / 2, s, 0);
}

void ui_points(int64_t v, char *buf, size_t len)
{
	char digits[32];
	int neg = v < 0;
	uint64_t u = neg ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	snprintf(digits, sizeof digits, "%llu", (unsigned long long)u);
	size_t n = strlen(digits), o = 0;
	char out[48];
	if (neg)
		out[o++] = '-';
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	snprintf(buf, len, "%s", out);
}

/* --- big figures ----------------------------------------------------------
 * A 3x5 font; each '#' becomes a reverse-video space, so it needs no
 * block characters, whose width some terminals draw ambiguously. */
static const char *const big_font[11][5] = {
    {"###", "# #", "# #", "# #", "###"}, {"  #", "  #", "  #", "  #", "  #"},
    {"###", "  #", "###", "#  ", "###"}, {"###", "  #", "###", "  #", "###"},
    {"# #", "# #", "###", "  #", "  #"}, {"###", "#  ", "###", "  #", "###"},
    {"###", "#  ", "###", "# #", "###"}, {"###", "  #", "  #", "  #", "  #"},
    {"###", "# #", "###", "# #", "###"}, {"###", "# #", "###", "  #", "###"},
    {"   ", "   ", "###", "   ", "   "}, /* minus */
};

int ui_big_number(const ui_app *app, int y, int x, int cols, int64_t v)
{
	char digits[32];
	snprintf(digits, sizeof digits, "%lld", (long long)v);
	int n = (int)strlen(digits);
	int need = n * 4 - 1;
	if (need > cols)
		return 0;
	attr_t on = ui_attr(app, UI_C_BIG);
	for (int row = 0; row < 5; row++) {
		for (int i = 0; i < n; i++) {
			int g = digits[i] == '-' ? 10 : digits[i] - '0';
			const char *line = big_font[g][row];
			for (int c = 0; c < 3; c++) {
				if (line[c] == '#')
					attron(on);
				mvaddch(y + row, x + i * 4 + c, ' ');
				if (line[c] == '#')
					attroff(on);
			}
			if (i + 1 < n)
				mvaddch(y + row, x + i * 4 + 3, ' ');
		}
	}
	return need;
}

/* --- the list ------------------------------------------------------------- */

void ui_list_count(ui_list *l, int n)
{
	l->n = n > 0 ? n : 0;
	ui_list_move(l, 0);
}

void ui_list_move(ui_list *l, int delta)
{
	if (l->n <= 0) {
		l->sel = 0;
		l->top = 0;
		return;
	}
	l->sel += delta;
	if (l->sel < 0)
		l->sel = 0;
	if (l->sel >= l->n)
		l->sel = l->n - 1;
}

int ui_list_key(ui_list *l, ui_action a, int page)
{
	if (page < 1)
		page = 1;
	switch (a) {
	case UI_A_UP:
		ui_list_move(l, -1);
		return 1;
	case UI_A_DOWN:
		ui_list_move(l, 1);
		return 1;
	case UI_A_PAGEUP:
		ui_list_move(l, -page);
		return 1;
	case UI_A_PAGEDOWN:
		ui_list_move(l, page);
		return 1;
	default:
		return 0;
	}
}

void ui_list_show(ui_list *l, int rows)
{
	if (rows < 1)
		rows = 1;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + rows)
		l->top = l->sel - rows + 1;
	if (l->top < 0)
		l->top = 0;
}

int ui_list_more(const ui_list *l, int rows)
{
	return l->top + rows < l->n;
}

int ui_list_scroll(ui_list *l, ui_action a, int rows)
{
	if (rows < 1)
		rows = 1;
	int page = rows > 1 ? rows - 1 : 1;
	switch (a) {
	case UI_A_UP:
		l->top--;
		break;
	case UI_A_DOWN:
		l->top++;
		break;
	case UI_A_PAGEUP:
		l->top -= page;
		break;
	case UI_A_PAGEDOWN:
		l->top += page;
		break;
	default:
		return 0;
	}
	if (l->top > l->n - rows)
		l->top = l->n - rows;
	if (l->top < 0)
		l->top = 0;
	return 1;
}

/* --- dialog boxes --------------------------------------------------------- */

/* The display width of the character at (y, x) of stdscr: 2 for the first
 * half of a wide character, 1 otherwise. */
static int cell_width(int y, int x)
{
	cchar_t c;
	wchar_t wch[CCHARW_MAX + 1] = {0};
	attr_t at;
	short pair;
	if (mvin_wch(y, x, &c) == ERR || getcchar(&c, wch, &at, &pair, NULL) == ERR)
		return 1;
	int w = wcwidth(wch[0]);
	return w == 2 ? 2 : 1;
}

/* Blank a wide character of row y that the column edge `x` cuts (one half
 * at x - 1, the other at x). */
static void uncut(int y, int x)
{
	if (x <= 0 || x >= COLS)
		return;
	for (int c = 0; c < x;) {
		int w = cell_width(y, c);
		if (w == 2 && c + 1 == x) {
			mvhline(y, c, ' ', 2);
			return;
		}
		c += w;
	}
}

void ui_box(int y0, int x0, int h, int w, attr_t a, int ascii)
{
	if (h < 2 || w < 2)
		return;
	attr_t saved = getattrs(stdscr);
	for (int y = y0; y < y0 + h; y++) {
		attrset(A_NORMAL);
		uncut(y, x0);
		uncut(y, x0 + w);
	}
	attrset(a);
	for (int y = y0; y < y0 + h; y++)
		mvhline(y, x0, ' ', w);
	chtype hl = ascii ? '-' : ACS_HLINE, vl = ascii ? '|' : ACS_VLINE;
	mvhline(y0, x0 + 1, hl, w - 2);
	mvhline(y0 + h - 1, x0 + 1, hl, w - 2);
	mvvline(y0 + 1, x0, vl, h - 2);
	mvvline(y0 + 1, x0 + w - 1, vl, h - 2);
	mvaddch(y0, x0, ascii ? '+' : ACS_ULCORNER);
	mvaddch(y0, x0 + w - 1, ascii ? '+' : ACS_URCORNER);
	mvaddch(y0 + h - 1, x0, ascii ? '+' : ACS_LLCORNER);
	mvaddch(y0 + h - 1, x0 + w - 1, ascii ? '+' : ACS_LRCORNER);
	attrset(saved);
}

/* --- the input field ------------------------------------------------------ */

void ui_field_init(ui_field *f, int max_bytes)
{
	memset(f, 0, sizeof *f);
	f->max_bytes = max_bytes > 0 && max_bytes < UI_FIELD_BYTES ? max_bytes : UI_FIELD_BYTES - 1;
}

void ui_field_clear(ui_field *f)
{
	f->buf[0] = '\0';
	f->len = 0;
	f->nchars = 0;
	f->cur = 0;
	f->scroll = 0;
	f->off[0] = 0;
	f->col[0] = 0;
}

/* Recompute the per-character byte offsets and columns from buf. */
static void field_index(ui_field *f)
{
	int i = 0, b = 0, c = 0;
	while (b < f->len && i < UI_FIELD_CHARS) {
		unsigned cp;
		int n = jf_utf8_decode(f->buf + b, (size_t)(f->len - b), &cp);
		if (n <= 0)
			n = 1;
		char one[5] = {0};
		memcpy(one, f->buf + b, (size_t)n);
		f->off[i] = b;
		f->col[i] = c;
		c += jf_text_width(one);
		b += n;
		i++;
	}
	f->len = b;
	f->buf[b] = '\0';
	f->nchars = i;
	f->off[i] = b;
	f->col[i] = c;
	if (f->cur > i)
		f->cur = i;
}

void ui_field_set(ui_field *f, const char *utf8)
{
	size_t n = strlen(utf8);
	if (n > (size_t)f->max_bytes)
		n = (size_t)f->max_bytes;
	/* never cut inside a character */
	while (n > 0 && ((unsigned char)utf8[n] & 0xC0) == 0x80)
		n--;
	memcpy(f->buf, utf8, n);
	f->len = (int)n;
	field_index(f);
	f->cur = f->nchars;
}

int ui_key_printable(int key)
{
	if (UI_IS_FKEY(key) || key < 0x20 || key == 0x7f)
		return 0;
	if (key >= 0x80 && key < 0xa0)
		return 0;
	return iswprint((wint_t)key) != 0;
}

static int field_insert(ui_field *f, int key)
{
	char mb[MB_LEN_MAX + 1];
	mbstate_t st;
	memset(&st, 0, sizeof st);
	if (f->digits_only && (key < '0' || key > '9'))
		return 0;
	size_t n = wcrtomb(mb, (wchar_t)key, &st);
	if (n == (size_t)-1 || n == 0)
		return 0;
	unsigned cp;
	if (jf_utf8_decode(mb, n, &cp) != (int)n)
		return 0; /* the locale is not UTF-8: refuse rather than store junk */
	if (f->len + (int)n > f->max_bytes || f->nchars >= UI_FIELD_CHARS) {
		beep();
		return 0;
	}
	int at = f->off[f->cur];
	memmove(f->buf + at + n, f->buf + at, (size_t)(f->len - at));
	memcpy(f->buf + at, mb, n);
	f->len += (int)n;
	f->cur++;
	field_index(f);
	return 1;
}

static void field_delete(ui_field *f, int i)
{
	if (i < 0 || i >= f->nchars)
		return;
	int a = f->off[i], b = f->off[i + 1];
	memmove(f->buf + a, f->buf + b, (size_t)(f->len - b));
	f->len -= b - a;
	field_index(f);
}

int ui_field_key(ui_field *f, int key)
{
	if (ui_key_printable(key))
		return field_insert(f, key);
	switch (key) {
	case UI_FKEY(KEY_BACKSPACE):
	case 0x7f:
	case UI_CTRL('h'):
		if (f->cur == 0)
			return 0;
		f->cur--;
		field_delete(f, f->cur);
		return 1;
	case UI_FKEY(KEY_DC):
		if (f->cur >= f->nchars)
			return 0;
		field_delete(f, f->cur);
		return 1;
	case UI_CTRL('u'):
		if (f->len == 0)
			return 0;
		ui_field_clear(f);
		return 1;
	case UI_CTRL('w'): {
		/* delete the word before the cursor */
		int i = f->cur;
		while (i > 0 && f->buf[f->off[i - 1]] == ' ')
			i--;
		while (i > 0 && f->buf[f->off[i - 1]] != ' ')
			i--;
		if (i == f->cur)
			return 0;
		int a = f->off[i], b = f->off[f->cur];
		memmove(f->buf + a, f->buf + b, (size_t)(f->len - b));
		f->len -= b - a;
		f->cur = i;
		field_index(f);
		return 1;
	}
	case UI_FKEY(KEY_LEFT):
		if (f->cur == 0)
			return 0;
		f->cur--;
		return 2;
	case UI_FKEY(KEY_RIGHT):
		if (f->cur >= f->nchars)
			return 0;
		f->cur++;
		return 2;
	case UI_FKEY(KEY_HOME):
		f->cur = 0;
		return 2;
	case UI_FKEY(KEY_END):
		f->cur = f->nchars;
		return 2;
	default:
		return 0;
	}
}

void ui_field_draw(const ui_app *app, ui_field *f, int y, int x, int cols)
{
	if (cols < 2)
		return;
	/* keep the cursor inside the visible part, one column to spare */
	int cc = f->masked ? f->cur : f->col[f->cur];
	if (cc - f->scroll > cols - 1)
		f->scroll = cc - (cols - 1);
	if (cc < f->scroll)
		f->scroll = cc;
	if (f->scroll < 0)
		f->scroll = 0;
	attr_t a = ui_attr(app, UI_C_FIELD);
	attron(a);
	ui_blank(y, x, cols);
	for (int i = 0; i < f->nchars; i++) {
		int c0 = f->masked ? i : f->col[i];
		int w = f->masked ? 1 : f->col[i + 1] - f->col[i];
		if (c0 < f->scroll)
			continue;
		if (c0 - f->scroll + w > cols)
			break;
		if (f->masked) {
			mvaddch(y, x + c0 - f->scroll, '*');
		} else {
			char one[8];
			int n = f->off[i + 1] - f->off[i];
			memcpy(one, f->buf + f->off[i], (size_t)n);
			one[n] = '\0';
			ui_text(y, x + c0 - f->scroll, w, one, 0);
		}
	}
	attroff(a);
	f->screen_y = y;
	f->screen_x = x + cc - f->scroll;
}

void ui_field_place_cursor(const ui_field *f)
{
	curs_set(1);
	move(f->screen_y, f->screen_x);
}

/* --- colours -------------------------------------------------------------- */

/* The terminal's palette, one for the program (ui_colors_init). */
static int colors;    /* 1 when colour pairs are in use */
static int qr_colors; /* 1 when the QR can be forced black on white */

static attr_t mono_attr[UI_C_COUNT] = {
    [UI_C_NORMAL] = A_NORMAL,  [UI_C_TITLE] = A_REVERSE, [UI_C_KEY] = A_REVERSE,
    [UI_C_SELECT] = A_REVERSE, [UI_C_GOOD] = A_BOLD,     [UI_C_BAD] = A_BOLD | A_UNDERLINE,
    [UI_C_DIM] = A_DIM,        [UI_C_HEAD] = A_BOLD,     [UI_C_FIELD] = A_UNDERLINE,
    [UI_C_BIG] = A_REVERSE,
};

void ui_colors_init(void)
{
	const char *nc = getenv("NO_COLOR");
	colors = 0;
	qr_colors = 0;
	if (!has_colors() || start_color() != OK || COLORS < 8 || COLOR_PAIRS < UI_C_COUNT)
		return;
	use_default_colors();
	/* A QR code must be dark on light to scan, whatever the terminal's
	 * theme: the one place colour is used even under NO_COLOR. */
	init_pair(UI_C_QR, COLOR_BLACK, COLOR_WHITE);
	qr_colors = 1;
	if (nc && *nc)
		return;
	/* the 8 basic colours: right on 16-colour terminals too */
	init_pair(UI_C_TITLE, COLOR_WHITE, COLOR_BLUE);
	init_pair(UI_C_KEY, COLOR_BLACK, COLOR_CYAN);
	init_pair(UI_C_GOOD, COLOR_GREEN, -1);
	init_pair(UI_C_BAD, COLOR_RED, -1);
	init_pair(UI_C_HEAD, COLOR_CYAN, -1);
	init_pair(UI_C_BIG, COLOR_GREEN, -1);
	colors = 1;
}

attr_t ui_attr(const ui_app *app, ui_color c)
{
	(void)app;
	if (c == UI_C_QR)
		return qr_colors ? COLOR_PAIR(UI_C_QR) : A_NORMAL;
	if (!colors)
		return mono_attr[c];
	switch (c) {
	case UI_C_TITLE:
	case UI_C_KEY:
		return COLOR_PAIR(c);
	case UI_C_BIG:
		/* reverse video of the colour: blocks that stay blocks without it */
		return COLOR_PAIR(c) | A_REVERSE;
	case UI_C_GOOD:
	case UI_C_HEAD:
		return COLOR_PAIR(c) | A_BOLD;
	case UI_C_BAD:
		return COLOR_PAIR(c) | A_BOLD;
	default:
		return mono_attr[c];
	}
}

void ui_fatal(const char *what)
{
	endwin();
	fprintf(stderr, "jifen: %s: %s\n", what, strerror(errno ? errno : ENOMEM));
	abort();
}
