/* Staff: a receipt again, by its number: shown with its QR code and sent
 * to the printer when one is set up (a printer that was off, or a resident
 * who lost the paper). */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "jifen/ledger.h"
#include "jifen/receipt.h"
#include "jifen/text.h"

static ui_field P;

static void reprint_open(ui_app *app, const void *arg)
{
	(void)app;
	(void)arg;
	ui_field_init(&P, JF_RECEIPT_NO_MAX);
}

static void reprint_draw(ui_app *app)
{
	int x = 2, y = UI_TOP + 1, lw = 12;
	int w = COLS - 4 > 70 ? 70 : COLS - 4;
	attr_t h = ui_attr(app, UI_C_HEAD);
	attron(h);
	ui_text(y, x, w, _("补打小票"), 0);
	attroff(h);
	y += 2;
	ui_text(y, x, lw, _("小票号"), 1);
	ui_field_draw(app, &P, y, x + lw, 28);
	y += 2;
	attr_t d = ui_attr(app, UI_C_DIM);
	attron(d);
	ui_text(y, x, w,
	        app->cfg.printer == JF_PRINTER_NONE
	            ? _("没有设置打印机：只在屏幕上显示小票。Enter 显示，Esc 返回。")
	            : _("Enter 显示并补打，Esc 返回。"),
	        0);
	attroff(d);
}

static void reprint_cursor(ui_app *app)
{
	(void)app;
	ui_field_place_cursor(&P);
}

static int reprint_key(ui_app *app, ui_action action, int key)
{
	switch (action) {
	case UI_A_LEAVE:
		ui_pop(app);
		return UI_HANDLED;
	case UI_A_CLEAR:
		ui_field_clear(&P);
		return UI_HANDLED;
	case UI_A_SUBMIT: {
		if (P.len == 0) {
			ui_say(app, 1, "%s", _("请输入小票号"));
			return UI_HANDLED;
		}
		jf_receipt r;
		if (jf_receipt_reopen(app->db, app->op, P.buf, &r) != JF_OK) {
			ui_say(app, 1, "%s", jf_db_error(app->db));
			return UI_HANDLED;
		}
		jf_receipt_free(&r);
		char no[UI_FIELD_BYTES];
		snprintf(no, sizeof no, "%s", P.buf);
		ui_say_clear(app);
		ui_pop(app);
		ui_receipt_arg arg = {.receipt_no = no, .print = 1, .reprint = 1};
		ui_push(app, &ui_receipt_screen, &arg);
		return UI_HANDLED;
	}
	default:
		break;
	}
	int r = ui_field_key(&P, key);
	if (r == 1 && app->message_bad)
		ui_say_clear(app);
	return r ? UI_HANDLED : UI_IGNORED;
}

const ui_screen ui_reprint_screen = {
    .id = UI_S_REPRINT,
    .title = N_("补打小票"),
    .open = reprint_open,
    .draw = reprint_draw,
    .key = reprint_key,
    .cursor = reprint_cursor,
};
