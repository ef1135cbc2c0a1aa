/* Staff: void a receipt.  The receipt number and a reason, then a
 * confirmation; the core writes the reversing entry, once. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "jifen/ledger.h"
#include "jifen/text.h"

enum { F_NO, F_REASON };

static struct {
	ui_field no, reason;
	int focus;
	char question[512];
} V;

static void void_open(ui_app *app, const void *arg)
{
	(void)app;
	(void)arg;
	ui_field_init(&V.no, JF_RECEIPT_NO_MAX);
	ui_field_init(&V.reason, JF_NOTE_MAX);
	V.focus = F_NO;
}

static void void_draw(ui_app *app)
{
	int x = 2, y = UI_TOP + 1, lw = 12;
	int w = COLS - 4 > 70 ? 70 : COLS - 4;
	attr_t h = ui_attr(app, UI_C_HEAD);
	attron(h);
	ui_text(y, x, w, _("作废小票"), 0);
	attroff(h);
	y += 2;
	ui_text(y, x, lw, _("小票号"), 1);
	ui_field_draw(app, &V.no, y, x + lw, 28);
	y += 2;
	ui_text(y, x, lw, _("作废原因"), 1);
	ui_field_draw(app, &V.reason, y, x + lw, w - lw);
	y += 2;
	attr_t d = ui_attr(app, UI_C_DIM);
	attron(d);
	ui_text(y, x, w,
	        _("作废会冲回该小票的积分和库存，只能作废一次。Enter 下一项/提交，Esc 返回。"), 0);
	attroff(d);
}

static void void_cursor(ui_app *app)
{
	(void)app;
	ui_field_place_cursor(V.focus == F_NO ? &V.no : &V.reason);
}

static void refund_yes(ui_app *app, void *ctx);

/* Void the receipt; a refund of a delivered service only when asked for
 * (refund_yes). */
static void void_do(ui_app *app, int refund)
{
	int64_t entry = 0;
	jf_status st = jf_void_ex(app->db, app->op, V.no.buf, V.reason.buf,
	                          refund ? JF_VOID_REFUND_DELIVERED : 0, &entry);
	if (st == JF_VOUCHER_USED && !refund) {
		/* the service on it was delivered: asked again, as a refund */
		snprintf(V.question, sizeof V.question, _("%s\n仍要作为退款作废、退回积分吗？"),
		         jf_db_error(app->db));
		ui_confirm_arg arg = {.question = V.question, .yes = refund_yes, .ctx = NULL};
		ui_push(app, &ui_confirm_screen, &arg);
		return;
	}
	if (st != JF_OK) {
		ui_say(app, 1, "%s", jf_db_error(app->db));
		return;
	}
	ui_say(app, 0, _("已作废小票 %s"), V.no.buf);
	ui_pop(app); /* back to the counter, which reloads the balance */
}

static void void_yes(ui_app *app, void *ctx)
{
	(void)ctx;
	void_do(app, 0);
}

static void refund_yes(ui_app *app, void *ctx)
{
	(void)ctx;
	void_do(app, 1);
}

static int void_key(ui_app *app, ui_action action, int key)
{
	ui_field *f = V.focus == F_NO ? &V.no : &V.reason;
	switch (action) {
	case UI_A_LEAVE:
		if (V.focus == F_REASON) {
			V.focus = F_NO;
			return UI_HANDLED;
		}
		ui_pop(app);
		return UI_HANDLED;
	case UI_A_FOCUS:
		V.focus = V.focus == F_NO ? F_REASON : F_NO;
		return UI_HANDLED;
	case UI_A_CLEAR:
		ui_field_clear(f);
		return UI_HANDLED;
	case UI_A_SUBMIT:
		if (V.no.len == 0) {
			V.focus = F_NO;
			ui_say(app, 1, "%s", _("请输入小票号"));
			return UI_HANDLED;
		}
		if (V.focus == F_NO || V.reason.len == 0) {
			if (V.focus == F_REASON)
				ui_say(app, 1, "%s", _("请填写作废原因"));
			V.focus = F_REASON;
			return UI_HANDLED;
		}
		snprintf(V.question, sizeof V.question, _("作废小票 %s\n原因：%s\n确认作废吗？"),
		         V.no.buf, V.reason.buf);
		ui_confirm_arg arg = {.question = V.question, .yes = void_yes, .ctx = NULL};
		ui_push(app, &ui_confirm_screen, &arg);
		return UI_HANDLED;
	default:
		break;
	}
	int r = ui_field_key(f, key);
	if (r == 1 && app->message_bad)
		ui_say_clear(app);
	return r ? UI_HANDLED : UI_IGNORED;
}

const ui_screen ui_void_screen = {
    .id = UI_S_VOID,
    .title = N_("作废小票"),
    .open = void_open,
    .draw = void_draw,
    .key = void_key,
    .cursor = void_cursor,
};
