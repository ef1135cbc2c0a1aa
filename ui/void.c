/* Staff: void a receipt.  The receipt number, typed or scanned from the
 * receipt's QR (the whole text, a URL or the bare payload); Enter shows the
 * receipt (resident, items, points, time) before the reason is asked for;
 * a number that is not one (a bare sequence "2") gets the format.  Then a
 * confirmation naming what is voided; the core writes the reversing entry,
 * once. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "jifen/ledger.h"
#include "jifen/receipt.h"
#include "jifen/text.h"

enum { F_NO, F_REASON };

static struct {
	ui_field no, reason;
	int focus;
	char question[1024];
	jf_receipt r; /* the receipt shown, when loaded */
	int loaded;
} V;

static void unload(void)
{
	if (V.loaded)
		jf_receipt_free(&V.r);
	V.loaded = 0;
}

static void void_open(ui_app *app, const void *arg)
{
	(void)app;
	(void)arg;
	unload();
	/* room for a scanned QR's whole text, not only a number */
	ui_field_init(&V.no, UI_FIELD_BYTES - 1);
	ui_field_init(&V.reason, JF_NOTE_MAX);
	V.focus = F_NO;
}

static void void_close(ui_app *app)
{
	(void)app;
	unload();
}

/* "20261203-0002": eight digits, a hyphen, digits. */
static int receipt_no_shape(const char *s)
{
	size_t n = strlen(s);
	if (n < 10 || n > JF_RECEIPT_NO_MAX || s[8] != '-')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (i != 8 && !isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* The receipt the field names, a number or a scanned QR text, loaded and
 * shown; the field then holds its number.  0 (and a message) if none. */
static int resolve(ui_app *app)
{
	char no[JF_RECEIPT_NO_MAX + 1], text[UI_FIELD_BYTES];
	unload();
	snprintf(text, sizeof text, "%s", V.no.buf);
	/* spaces a scanner or a person added */
	char *b = text, *e = text + strlen(text);
	while (*b == ' ')
		b++;
	while (e > b && e[-1] == ' ')
		*--e = '\0';
	if (*b && (unsigned char)*b >= 0x80 && !jf_payload_present(b)) {
		/* one of the Chinese lines a scanner types before the QR's
		 * verification code (it ends each line with Enter): wait for it */
		ui_field_clear(&V.no);
		ui_say(app, 0, "%s", _("已读入二维码的一行，继续扫描"));
		return 0;
	}
	if (jf_payload_present(b)) {
		jf_verification v;
		if (jf_receipt_verify(app->db, b, &v) != JF_OK) {
			ui_say(app, 1, "%s", jf_db_error(app->db));
			return 0;
		}
		if (v.verdict == JF_VERDICT_FORGED || v.verdict == JF_VERDICT_OTHER_DB) {
			ui_say(app, 1, _("二维码不是本社区的有效小票：%s"), v.why);
			return 0;
		}
		snprintf(no, sizeof no, "%s", v.no);
	} else if (receipt_no_shape(b)) {
		snprintf(no, sizeof no, "%s", b);
	} else {
		char today[11], ex[16];
		jf_day_of(jf_db_now(app->db), today);
		snprintf(ex, sizeof ex, "%.4s%.2s%.2s-0001", today, today + 5, today + 8);
		ui_say(app, 1, _("小票号写成“日期-序号”，如 %s；也可以扫小票上的二维码"), ex);
		return 0;
	}
	if (jf_receipt_reopen(app->db, app->op, no, &V.r) != JF_OK) {
		ui_say(app, 1, "%s", jf_db_error(app->db));
		return 0;
	}
	V.loaded = 1;
	ui_field_set(&V.no, V.r.no);
	if (V.r.voided)
		ui_say(app, 1, _("%s（原因：%s）"), jf_status_message(JF_ALREADY_VOIDED),
		       V.r.void_reason);
	else
		ui_say_clear(app);
	return 1;
}

/* The receipt under the form: who, when, what, how many points. */
static void draw_receipt(ui_app *app, int y, int x, int w)
{
	int bottom = ui_bottom();
	char buf[512], when[32] = "";
	time_t t = (time_t)V.r.time;
	struct tm tm;
	if (localtime_r(&t, &tm))
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	attr_t h = ui_attr(app, UI_C_HEAD);
	attron(h);
	snprintf(buf, sizeof buf, _("小票 %s  %s  居民 %s %s"), V.r.no, when, V.r.resident_masked,
	         V.r.phone_masked);
	ui_text(y++, x, w, buf, 0);
	attroff(h);
	for (size_t i = 0; i < V.r.nlines && y < bottom; i++) {
		const jf_receipt_line *l = &V.r.lines[i];
		char right[64];
		snprintf(right, sizeof right, _("x%lld  %lld 分"), (long long)l->qty,
		         (long long)l->points);
		ui_text(y, x + 2, w - 20, l->name, 1);
		ui_text_right(y++, x + w - 18, 18, right);
	}
	if (y < bottom && V.r.nlines && y + 1 >= bottom) {
		ui_text(y++, x + 2, w - 2, "…", 0);
	}
	if (y <= bottom) {
		snprintf(buf, sizeof buf, _("合计 %lld 分（兑换后余额 %lld 分）；经手 %s"),
		         (long long)V.r.total, (long long)V.r.balance_after, V.r.operator_name);
		attron(h);
		ui_text(y++, x, w, buf, 0);
		attroff(h);
	}
	if (V.r.voided && y <= bottom) {
		attr_t b = ui_attr(app, UI_C_BAD);
		attron(b);
		ui_text(y, x, w, _("已作废"), 0);
		attroff(b);
	}
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
	if (!V.loaded) {
		attr_t d0 = ui_attr(app, UI_C_DIM);
		attron(d0);
		ui_text(y, x + lw + 30, w - lw - 30, _("或扫小票上的二维码"), 0);
		attroff(d0);
	}
	y += 2;
	ui_text(y, x, lw, _("作废原因"), 1);
	ui_field_draw(app, &V.reason, y, x + lw, w - lw);
	y += 2;
	attr_t d = ui_attr(app, UI_C_DIM);
	attron(d);
	ui_text(y, x, w,
	        _("作废会冲回该小票的积分和库存，只能作废一次。Enter 下一项/提交，Esc 返回。"), 0);
	attroff(d);
	if (V.loaded)
		draw_receipt(app, y + 2, x, w);
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
		/* the receipt is shown before anything else is asked */
		if (!V.loaded || strcmp(V.no.buf, V.r.no) != 0) {
			V.focus = F_NO;
			if (resolve(app))
				V.focus = F_REASON;
			return UI_HANDLED;
		}
		if (V.r.voided) {
			ui_say(app, 1, _("%s（原因：%s）"), jf_status_message(JF_ALREADY_VOIDED),
			       V.r.void_reason);
			return UI_HANDLED;
		}
		if (V.focus == F_NO || V.reason.len == 0) {
			if (V.focus == F_REASON)
				ui_say(app, 1, "%s", _("请填写作废原因"));
			V.focus = F_REASON;
			return UI_HANDLED;
		}
		{
			char when[32] = "";
			time_t t = (time_t)V.r.time;
			struct tm tm;
			if (localtime_r(&t, &tm))
				strftime(when, sizeof when, "%m-%d %H:%M", &tm);
			snprintf(V.question, sizeof V.question,
			         _("作废小票 %s（%s，居民 %s，%lld 分）\n原因：%s\n确认作废吗？"),
			         V.no.buf, when, V.r.resident_masked, (long long)V.r.total,
			         V.reason.buf);
		}
		ui_confirm_arg arg = {.question = V.question, .yes = void_yes, .ctx = NULL};
		ui_push(app, &ui_confirm_screen, &arg);
		return UI_HANDLED;
	default:
		break;
	}
	int r = ui_field_key(f, key);
	/* a voided receipt's message stays while it is the one shown */
	if (r == 1 && app->message_bad && !(V.loaded && V.r.voided && f == &V.reason))
		ui_say_clear(app);
	/* another number: the receipt shown no longer is the one named */
	if (r == 1 && f == &V.no)
		unload();
	return r ? UI_HANDLED : UI_IGNORED;
}

const ui_screen ui_void_screen = {
    .id = UI_S_VOID,
    .title = N_("作废小票"),
    .open = void_open,
    .draw = void_draw,
    .key = void_key,
    .cursor = void_cursor,
    .close = void_close,
};
