/* Staff: the receipts of a day that were never printed (a printer out of
 * paper, a receipt dismissed unprinted), as `jifen receipt pending`.  Type
 * a day or step with Left and Right (an empty day lists every day); F6
 * prints the highlighted receipt, F5 every one listed, after a
 * confirmation (jf_receipt_reprint: staff, recorded like every print). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "staff.h"
#include "jifen/printer.h"
#include "jifen/receipt.h"
#include "jifen/text.h"

static struct {
	ui_field day;
	jf_receipt_pending *list;
	int n, sel, top;
	char question[512];
} U;

static void load(ui_app *app)
{
	size_t n = 0;
	free(U.list);
	U.list = NULL;
	U.n = 0;
	if (U.day.len && !jf_day_valid(U.day.buf)) {
		ui_say(app, 1, _("日期要写成 YYYY-MM-DD：%s"), U.day.buf);
		return;
	}
	if (jf_receipt_pending_list(app->db, U.day.len ? U.day.buf : NULL, &U.list, &n) != JF_OK) {
		ui_say(app, 1, "%s", jf_db_error(app->db));
		n = 0;
	}
	U.n = (int)n;
	if (U.sel >= U.n)
		U.sel = U.n ? U.n - 1 : 0;
}

static void step_day(ui_app *app, int delta)
{
	struct tm tm;
	char day[11];
	memset(&tm, 0, sizeof tm);
	if (!U.day.len)
		jf_day_of(jf_db_now(app->db), day);
	else
		snprintf(day, sizeof day, "%.10s", U.day.buf);
	if (sscanf(day, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_mday += U.day.len ? delta : 0;
	tm.tm_hour = 12; /* away from any daylight-saving edge */
	tm.tm_isdst = -1;
	if (mktime(&tm) == (time_t)-1)
		return;
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	ui_field_set(&U.day, day);
	U.sel = 0;
	load(app);
}

/* Print one; returns 1 if it printed. */
static int print_one(ui_app *app, const char *no)
{
	if (jf_receipt_reprint(app->db, app->op, &app->cfg, no) != JF_OK) {
		ui_say(app, 1, "%s", jf_db_error(app->db));
		return 0;
	}
	return 1;
}

static void print_sel(ui_app *app)
{
	if (U.n == 0) {
		ui_say(app, 0, "%s", _("没有未打印的小票"));
		return;
	}
	if (app->cfg.printer == JF_PRINTER_NONE) {
		ui_say(app, 1, "%s", _("没有设置打印机（jifen.conf 的 [printer]）"));
		return;
	}
	char no[JF_RECEIPT_NO_MAX + 1];
	snprintf(no, sizeof no, "%s", U.list[U.sel].no);
	ui_say(app, 0, "%s", _("正在打印小票，请稍候"));
	ui_draw_now(app);
	if (print_one(app, no))
		ui_say(app, 0, _("已打印小票 %s"), no);
	load(app);
}

static void print_all_yes(ui_app *app, void *ctx)
{
	(void)ctx;
	int done = 0, total = U.n;
	char (*nos)[JF_RECEIPT_NO_MAX + 1] = malloc((size_t)(total ? total : 1) * sizeof *nos);
	if (!nos)
		ui_fatal("malloc");
	for (int i = 0; i < total; i++)
		snprintf(nos[i], sizeof nos[i], "%s", U.list[i].no);
	ui_say(app, 0, "%s", _("正在打印小票，请稍候"));
	ui_draw_now(app);
	for (int i = 0; i < total; i++) {
		if (!print_one(app, nos[i]))
			break; /* the printer's message stands; the rest wait */
		done++;
	}
	free(nos);
	if (done == total)
		ui_say(app, 0, _("已打印 %d 张小票"), done);
	load(app);
}

static void print_all(ui_app *app)
{
	if (U.n == 0) {
		ui_say(app, 0, "%s", _("没有未打印的小票"));
		return;
	}
	if (app->cfg.printer == JF_PRINTER_NONE) {
		ui_say(app, 1, "%s", _("没有设置打印机（jifen.conf 的 [printer]）"));
		return;
	}
	snprintf(U.question, sizeof U.question,
	         _("依次打印列出的 %d 张未打印小票？\n确认吗？"), U.n);
	ui_confirm_arg arg = {.question = U.question, .yes = print_all_yes, .ctx = NULL};
	ui_push(app, &ui_confirm_screen, &arg);
}

static void unprinted_draw(ui_app *app)
{
	int y = UI_TOP, bottom = ui_bottom();
	staff_heading(app, y++, 1, COLS - 2, _("未打印的小票"));
	staff_label(app, y, 1, 10, _("日期"), 1);
	ui_field_draw(app, &U.day, y, 11, 11);
	staff_hint(app, y++, 24, COLS - 25, _("YYYY-MM-DD，左右键换一天；清空即列出所有日子"));
	staff_hint(app, y++, 1, COLS - 2, _("F6 打印高亮的一张，F5 全部打印（先确认）；Esc 返回"));
	y++;
	if (U.n == 0) {
		staff_hint(app, y, 1, COLS - 2, _("没有未打印的小票"));
		return;
	}
	staff_scroll(U.sel, &U.top, bottom - y + 1);
	for (int i = U.top; i < U.n && y <= bottom; i++, y++) {
		const jf_receipt_pending *p = &U.list[i];
		char when[32], pts[32];
		time_t t = (time_t)p->time;
		struct tm tm;
		when[0] = '\0';
		if (localtime_r(&t, &tm))
			strftime(when, sizeof when, "%m-%d %H:%M", &tm);
		snprintf(pts, sizeof pts, _("%lld 分"), (long long)p->total);
		attr_t a = i == U.sel ? ui_attr(app, UI_C_SELECT) : A_NORMAL;
		attron(a);
		ui_blank(y, 0, COLS);
		int x = 1;
		x += ui_text(y, x, 16, p->no, 1) + 1;
		x += ui_text(y, x, 11, when, 1) + 1;
		x += ui_text(y, x, 10, p->resident_masked, 1) + 1;
		x += ui_text_right(y, x, 8, pts) + 2;
		ui_text(y, x, COLS - x - 1, p->error, 0);
		attroff(a);
	}
}

static void unprinted_cursor(ui_app *app)
{
	(void)app;
	ui_field_place_cursor(&U.day);
}

static int unprinted_key(ui_app *app, ui_action action, int key)
{
	int page = ui_bottom() - UI_TOP - 4;
	switch (action) {
	case UI_A_LEAVE:
		ui_pop(app);
		return UI_HANDLED;
	case UI_A_PRINT:
		print_sel(app);
		return UI_HANDLED;
	case UI_A_PRINTALL:
		print_all(app);
		return UI_HANDLED;
	case UI_A_PREV:
	case UI_A_NEXT:
		step_day(app, action == UI_A_PREV ? -1 : 1);
		return UI_HANDLED;
	case UI_A_SUBMIT:
		U.sel = 0;
		load(app);
		return UI_HANDLED;
	case UI_A_UP:
	case UI_A_DOWN:
	case UI_A_PAGEUP:
	case UI_A_PAGEDOWN:
		staff_move(&U.sel, U.n,
		           action == UI_A_UP       ? -1
		           : action == UI_A_DOWN   ? 1
		           : action == UI_A_PAGEUP ? -page
		                                   : page);
		return UI_HANDLED;
	case UI_A_CLEAR:
		ui_field_clear(&U.day);
		load(app);
		return UI_HANDLED;
	default:
		break;
	}
	int r = ui_field_key(&U.day, key);
	if (r == 1) {
		if (app->message_bad)
			ui_say_clear(app);
		/* a whole date, or none: list at once */
		if (U.day.len == 0 || U.day.len == 10) {
			U.sel = 0;
			load(app);
		}
	}
	return r ? UI_HANDLED : UI_IGNORED;
}

static void unprinted_open(ui_app *app, const void *arg)
{
	(void)arg;
	char today[11];
	free(U.list);
	memset(&U, 0, sizeof U);
	ui_field_init(&U.day, 10);
	jf_day_of(jf_db_now(app->db), today);
	ui_field_set(&U.day, today);
	load(app);
}

static void unprinted_close(ui_app *app)
{
	(void)app;
	free(U.list);
	memset(&U, 0, sizeof U);
}

const ui_screen ui_unprinted_screen = {
    .id = UI_S_UNPRINTED,
    .title = N_("未打印小票"),
    .open = unprinted_open,
    .draw = unprinted_draw,
    .key = unprinted_key,
    .cursor = unprinted_cursor,
    .close = unprinted_close,
};
