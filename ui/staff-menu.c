/* The staff menu, F9 on the counter after a staff login: recording points,
 * goods received, counts, the day's reconciliation, the monthly notice,
 * service vouchers, a resident's passbook statement, residents (register,
 * edit, move out), adjusting points, verifiers, the receipts not printed
 * and, for an administrator, the operators' lockouts and PINs.  A digit opens a screen at once; the arrows
 * and Enter do it too.  Esc goes back to the counter. */
#include <stdio.h>

#include "staff.h"
#include "jifen/text.h"

static const struct {
	ui_action action;
	const ui_screen *screen;
} entries[] = {
    {UI_A_AWARD, &ui_award_screen},        {UI_A_STOCKIN, &ui_stock_in_screen},
    {UI_A_TALLY, &ui_stock_count_screen},  {UI_A_DAY, &ui_day_screen},
    {UI_A_MONTH, &ui_month_screen},        {UI_A_VOUCHERS, &ui_voucher_screen},
    {UI_A_STATEMENT, &ui_passbook_screen}, {UI_A_OPERATORS, &ui_operators_screen},
    {UI_A_RESIDENTS, &ui_residents_screen}, {UI_A_ADJUST, &ui_adjust_screen},
    {UI_A_VERIFIERS, &ui_verifiers_screen}, {UI_A_UNPRINTED, &ui_unprinted_screen},
};
#define NENTRIES ((int)(sizeof entries / sizeof entries[0]))

static ui_list menu = {.n = NENTRIES}; /* the highlighted entry */

static void menu_open(ui_app *app, const void *arg)
{
	(void)app;
	(void)arg;
	menu = (ui_list){.n = NENTRIES};
}

static void menu_draw(ui_app *app)
{
	int w = COLS - 4 > 76 ? 76 : COLS - 4;
	int x = (COLS - w) / 2, y = UI_TOP + 1;
	staff_heading(app, y, x, w, _("工作人员后台"));
	y += 2;
	/* a blank row between entries when they all fit so */
	int step = y + 2 * NENTRIES <= ui_bottom() ? 2 : 1;
	for (int i = 0; i < NENTRIES && y <= ui_bottom(); i++, y += step) {
		const ui_action_info *ai = &ui_actions[entries[i].action];
		char key[32];
		ui_key_name(ai->key, key, sizeof key);
		attr_t a = i == menu.sel ? ui_attr(app, UI_C_SELECT) : A_NORMAL;
		attron(a);
		ui_blank(y, x, w);
		int cx = x + 1;
		attr_t k = i == menu.sel ? A_NORMAL : ui_attr(app, UI_C_HEAD);
		attron(k);
		cx += ui_text(y, cx, 3, key, 1);
		attroff(k);
		cx += ui_text(y, cx, 10, _(ai->label), 1) + 1;
		ui_text(y, cx, x + w - cx, _(ai->help), 0);
		attroff(a);
	}
	if (y <= ui_bottom())
		staff_hint(app, y, x, w,
		           _("按数字键直接打开，或用上下键选择后按 Enter；Esc 回到柜台"));
}

static int menu_key(ui_app *app, ui_action action, int key)
{
	(void)key;
	for (int i = 0; i < NENTRIES; i++)
		if (entries[i].action == action) {
			menu.sel = i;
			ui_say_clear(app);
			ui_push(app, entries[i].screen, NULL);
			return UI_HANDLED;
		}
	switch (action) {
	case UI_A_LEAVE:
		ui_pop(app);
		return UI_HANDLED;
	case UI_A_UP:
	case UI_A_PAGEUP:
	case UI_A_DOWN:
	case UI_A_PAGEDOWN:
		ui_list_key(&menu, action, NENTRIES);
		return UI_HANDLED;
	case UI_A_SUBMIT:
		ui_say_clear(app);
		ui_push(app, entries[menu.sel].screen, NULL);
		return UI_HANDLED;
	default:
		return UI_IGNORED;
	}
}

const ui_screen ui_staff_screen = {
    .id = UI_S_STAFF,
    .title = N_("后台"),
    .open = menu_open,
    .draw = menu_draw,
    .key = menu_key,
};
