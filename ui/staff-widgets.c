/* Helpers shared by the staff screens: lists, labels, matching by code,
 * name or pinyin initials, addresses. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "staff.h"
#include "jifen/pinyin.h"
#include "jifen/text.h"

void staff_move(int *sel, int n, int delta)
{
	ui_list l = {.n = n, .sel = *sel};
	ui_list_move(&l, delta);
	*sel = l.sel;
}

void staff_scroll(int sel, int *top, int rows)
{
	ui_list l = {.n = sel + 1, .sel = sel, .top = *top};
	ui_list_show(&l, rows);
	*top = l.top;
}

void staff_label(const ui_app *app, int y, int x, int w, const char *label, int focused)
{
	char buf[128];
	snprintf(buf, sizeof buf, "%s%s", focused ? "> " : "  ", label);
	attr_t a = focused ? ui_attr(app, UI_C_HEAD) : A_NORMAL;
	attron(a);
	ui_text(y, x, w, buf, 1);
	attroff(a);
}

void staff_hint(const ui_app *app, int y, int x, int cols, const char *s)
{
	attr_t d = ui_attr(app, UI_C_DIM);
	attron(d);
	ui_text(y, x, cols, s, 0);
	attroff(d);
}

void staff_heading(const ui_app *app, int y, int x, int cols, const char *s)
{
	attr_t h = ui_attr(app, UI_C_HEAD);
	attron(h);
	ui_text(y, x, cols, s, 0);
	attroff(h);
}

void staff_keys_make(const char *text, int is_name, staff_keys *k)
{
	jf_pinyin_key keys[4];
	int n = jf_pinyin_keys(text, is_name, keys, 4);
	k->keys[0] = '\0';
	for (int i = 0; i < n; i++) {
		size_t l = strlen(k->keys);
		snprintf(k->keys + l, sizeof k->keys - l, "%s%s %s", i ? " " : "", keys[i].initials,
		         keys[i].full);
	}
}

/* Does any space-separated word of `words` start with `q` (any case)? */
static int word_prefix(const char *words, const char *q)
{
	size_t ql = strlen(q);
	const char *p = words;
	while (*p) {
		while (*p == ' ')
			p++;
		if (*p && strncasecmp(p, q, ql) == 0)
			return 1;
		while (*p && *p != ' ')
			p++;
	}
	return 0;
}

int staff_match(const char *q, const char *code, const char *text, const staff_keys *k)
{
	if (!q || !*q)
		return 1;
	if (code && strncasecmp(code, q, strlen(q)) == 0)
		return 1;
	if (text && strstr(text, q))
		return 1;
	return k && word_prefix(k->keys, q);
}

void staff_address(const char *compound, const char *building, const char *unit, const char *room,
                   char *buf, size_t len)
{
	char r[128];
	if (unit[0])
		snprintf(r, sizeof r, "%s-%s-%s", building, unit, room);
	else if (building[0])
		snprintf(r, sizeof r, "%s-%s", building, room);
	else
		snprintf(r, sizeof r, "%s", room);
	snprintf(buf, len, "%s %s", compound, r);
}

void staff_signed(int64_t v, char *buf, size_t len)
{
	snprintf(buf, len, "%+lld", (long long)v);
	if (v == 0)
		snprintf(buf, len, "0");
}
