/* Helpers shared by the staff screens: lists, labels, addresses (matching
 * is the core's, jifen/match.h). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "staff.h"
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
