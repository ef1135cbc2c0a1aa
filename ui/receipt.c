/* The receipt screen after a checkout: receipt number, items, total and
 * the balance after.  Any key returns to an empty lookup. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "jifen/text.h"

static ui_receipt_data R;

static void receipt_open(ui_app *app, const void *arg)
{
	(void)app;
	memcpy(&R, arg, sizeof R);
}

/* The hook where the receipt's QR code is drawn, to the right of the text,
 * by the receipt module (include/jifen/receipt.h, issue 4), which owns its
 * content and signature.  Until that module is part of the program there is
 * no QR to draw, and none is made up here: it returns the columns used, 0. */
static int receipt_draw_qr(ui_app *app, const ui_receipt_data *rd, int y, int x,
                           int rows, int cols)
{
	(void)app;
	(void)rd;
	(void)y;
	(void)x;
	(void)rows;
	(void)cols;
	return 0;
}

static void row2(int y, int x, int w, const char *label, const char *value)
{
	int lw = jf_text_width(label);
	ui_text(y, x, w, label, 0);
	ui_text_right(y, x + lw, w - lw, value);
}

static void receipt_draw(ui_app *app)
{
	int w = 44;
	int x = 2;
	int y = UI_TOP + 1, bottom = ui_bottom();
	char buf[256], when[32], who[128];
	struct tm tm;
	time_t t = (time_t)R.time;
	localtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	jf_mask_name(R.resident, who, sizeof who);

	attr_t h = ui_attr(app, UI_C_HEAD);
	attron(h);
	snprintf(buf, sizeof buf, "%s %s", app->community, _("爱心超市兑换小票"));
	ui_text_center(y++, x, w, buf);
	attroff(h);
	row2(y++, x, w, _("小票号"), R.receipt_no);
	row2(y++, x, w, _("时间"), when);
	row2(y++, x, w, _("居民"), who);
	if (app->op)
		row2(y++, x, w, _("操作员"), jf_op_name(app->op));
	mvhline(y++, x, '-', w);
	int namew = w - 16;
	for (int i = 0; i < R.nlines && y <= bottom - 5; i++) {
		const ui_receipt_line *l = &R.lines[i];
		char q[32], p[32];
		snprintf(q, sizeof q, "x%lld", (long long)l->qty);
		snprintf(p, sizeof p, "%lld", (long long)(l->qty * l->points));
		ui_text(y, x, namew, l->name, 1);
		ui_text_right(y, x + namew, 6, q);
		ui_text_right(y, x + namew + 6, 10, p);
		y++;
	}
	if (R.nlines > 0 && y > bottom - 5)
		ui_text(y++, x, w, "...", 0);
	mvhline(y++, x, '-', w);
	char n[32];
	ui_points(R.total, n, sizeof n);
	snprintf(buf, sizeof buf, _("%s 分"), n);
	row2(y++, x, w, _("合计"), buf);
	ui_points(R.balance_after, n, sizeof n);
	snprintf(buf, sizeof buf, _("%s 分"), n);
	attron(h);
	row2(y++, x, w, _("结账后余额"), buf);
	attroff(h);
	y++;
	attr_t d = ui_attr(app, UI_C_DIM);
	attron(d);
	ui_text(y, x, w, _("按任意键接待下一位"), 0);
	attroff(d);
	receipt_draw_qr(app, &R, UI_TOP + 1, x + w + 2, bottom - UI_TOP, COLS - x - w - 3);
}

static int receipt_key(ui_app *app, ui_action action, int key)
{
	(void)action;
	(void)key;
	/* the key is not typed into the lookup: a second y or F5 after the
	 * confirmation only closes this screen */
	ui_pop(app);
	ui_counter_refresh(app);
	return UI_HANDLED;
}

const ui_screen ui_receipt_screen = {
	.id = UI_S_RECEIPT,
	.title = N_("小票"),
	.open = receipt_open,
	.draw = receipt_draw,
	.key = receipt_key,
};
