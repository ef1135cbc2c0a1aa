/* F1: every key of the screen below, from the one table of actions. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "jifen/text.h"

/* The help's own state (ui_self). */
typedef struct {
	unsigned screen; /* the UI_S_* bit whose keys are shown */
	int scroll;
	int rows; /* rows of keys in all */
} help_state;

static void help_open(ui_app *app, const void *arg)
{
	help_state *H = ui_self(app);
	(void)arg;
	const ui_screen *below = ui_below(app);
	H->screen = below ? below->id : UI_S_LOGIN;
	H->scroll = 0;
	H->rows = 0;
}

static int offered(const ui_app *app, const help_state *H, const ui_action_info *ai)
{
	if (!ui_action_offered(app, ai->id))
		return 0;
	return (ai->screens & H->screen) != 0;
}

static void help_draw(ui_app *app)
{
	help_state *H = ui_self(app);
	int top = UI_TOP, bottom = ui_bottom();
	char title[160];
	snprintf(title, sizeof title, _("按键一览：%s"), ui_screen_name(H->screen));
	attr_t h = ui_attr(app, UI_C_HEAD);
	attron(h);
	ui_text(top, 2, COLS - 4, title, 0);
	attroff(h);
	int keyw = 18, labelw = 8;
	int y = top + 2, row = 0;
	for (int a = 1; a < UI_A_COUNT; a++) {
		const ui_action_info *ai = &ui_actions[a];
		if (!offered(app, H, ai))
			continue;
		if (row++ < H->scroll)
			continue;
		if (y > bottom)
			continue;
		char keys[64], k2[32];
		ui_key_name(ai->key, keys, sizeof keys);
		if (ai->alt != UI_NOKEY) {
			ui_key_name(ai->alt, k2, sizeof k2);
			strncat(keys, " / ", sizeof keys - strlen(keys) - 1);
			strncat(keys, k2, sizeof keys - strlen(keys) - 1);
		}
		attr_t k = ui_attr(app, UI_C_HEAD);
		attron(k);
		ui_text(y, 2, keyw, keys, 1);
		attroff(k);
		ui_text(y, 2 + keyw, labelw, _(ai->label), 1);
		ui_text(y, 2 + keyw + labelw, COLS - 4 - keyw - labelw, _(ai->help), 0);
		y++;
	}
	H->rows = row;
	if (y <= bottom) {
		attr_t d = ui_attr(app, UI_C_DIM);
		attron(d);
		ui_text(y + 1, 2, COLS - 4, _("按任意键返回"), 0);
		attroff(d);
	}
}

static int help_key(ui_app *app, ui_action action, int key)
{
	help_state *H = ui_self(app);
	(void)key;
	/* the keys from two rows under the title to the bottom */
	ui_list l = {.n = H->rows, .top = H->scroll};
	if (ui_list_scroll(&l, action, ui_bottom() - UI_TOP - 1)) {
		H->scroll = l.top;
		return UI_HANDLED;
	}
	ui_pop(app);
	return UI_HANDLED;
}

const ui_screen ui_help_screen = {
    .id = UI_S_HELP,
    .title = N_("帮助"),
    .size = sizeof(help_state),
    .draw = help_draw,
    .key = help_key,
    .open = help_open,
};
