/* Staff: the end-of-day reconciliation (日结), the screen the design card
 * names.  For a chosen day (today unless another is typed, Left and Right
 * step a day): the redemptions and points by kind, item and operator, the
 * voids with who and why, per item opening + received - redeemed + voided
 * ± adjusted = expected next to the counted figure (typed in right here for
 * today) with differences flagged, the receipts not yet printed, the
 * service vouchers issued and fulfilled.  Until the day is closed the
 * screen says what closing means and lists the earlier days never closed;
 * F5 closes the day, with the note typed in its field, after a
 * confirmation that warns of this counter's resident still open; F6 prints
 * the report on the receipt printer. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* open_memstream */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "staff.h"
#include "jifen/catalog.h"
#include "jifen/dayclose.h"
#include "jifen/escpos.h"
#include "jifen/report.h"
#include "jifen/text.h"

enum { F_DATE, F_STOCK, F_NOTE };

/* Earlier days never closed that the screen lists by date. */
#define OPEN_DAYS_SHOWN 6

/* One line of the report as the screen lays it out. */
typedef enum {
	ROW_BLANK,
	ROW_HEAD,       /* a section heading */
	ROW_KV,         /* text on the left, a figure on the right */
	ROW_TEXT,       /* a line of its own */
	ROW_STOCK_HEAD, /* the stock table's column names */
	ROW_STOCK,      /* one item of the stock table: idx into r->stock */
} row_kind;

typedef struct {
	row_kind kind;
	ui_color color;
	int idx;
	char left[512];
	char right[48];
} day_row;

static struct {
	ui_field date;  /* the day asked for */
	ui_field count; /* the figure counted, for the highlighted item */
	ui_field note;  /* the note written on the close */
	int focus;
	char day[11];
	char today[11];
	jf_day_report *r;
	day_row *rows;
	int nrows, cap;
	int top;  /* the first row shown */
	int ssel; /* the highlighted item of the stock table */
	char question[1024];
	char open_days[OPEN_DAYS_SHOWN][11]; /* earlier days never closed */
	size_t n_open_days;                  /* how many in all */
	int64_t count_item; /* the item the confirmation is about */
	int64_t count_value;
} D;

/* --- the rows ---------------------------------------------------------------- */

static day_row *row_add(row_kind kind, ui_color color)
{
	if (D.nrows == D.cap) {
		int cap = D.cap ? D.cap * 2 : 64;
		day_row *n = realloc(D.rows, (size_t)cap * sizeof *n);
		if (!n)
			ui_fatal("realloc");
		D.rows = n;
		D.cap = cap;
	}
	day_row *r = &D.rows[D.nrows++];
	memset(r, 0, sizeof *r);
	r->kind = kind;
	r->color = color;
	return r;
}

static void row_head(const char *s)
{
	if (D.nrows > 0)
		row_add(ROW_BLANK, UI_C_NORMAL);
	snprintf(row_add(ROW_HEAD, UI_C_HEAD)->left, sizeof D.rows[0].left, "%s", s);
}

static void row_kv(ui_color c, const char *left, const char *right)
{
	day_row *r = row_add(ROW_KV, c);
	snprintf(r->left, sizeof r->left, "  %s", left);
	snprintf(r->right, sizeof r->right, "%s", right);
}

static void row_text(ui_color c, const char *s)
{
	snprintf(row_add(ROW_TEXT, c)->left, sizeof D.rows[0].left, "  %s", s);
}

static void hhmm(int64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	strftime(buf, len, "%H:%M", &tm);
}

static const char *sgn(int64_t v, char *buf, size_t len)
{
	staff_signed(v, buf, len);
	return buf;
}

static const char *kind_label(const char *code)
{
	jf_item_kind k = jf_item_kind_parse(code);
	return k ? jf_item_kind_label(k) : code;
}

static void build_rows(void)
{
	D.nrows = 0;
	const jf_day_report *r = D.r;
	if (!r)
		return;
	char a[256], b[48], pts[32];

	if (!r->closed) {
		/* what closing means, before anyone presses F5 */
		row_text(UI_C_DIM, _("按 F5 日结：锁定这一天，此后不能再兑换、赋分、作废、入库或盘点，"));
		row_text(UI_C_DIM, _("更正记在今后的营业日。日结前请核对库存、补打小票，可写日结备注。"));
	}
	if (D.n_open_days) {
		snprintf(a, sizeof a, _("之前还有 %zu 天没有日结"), D.n_open_days);
		row_head(a);
		size_t shown = D.n_open_days < OPEN_DAYS_SHOWN ? D.n_open_days : OPEN_DAYS_SHOWN;
		size_t l = 0;
		a[0] = '\0';
		for (size_t i = 0; i < shown && l < sizeof a; i++)
			l += (size_t)snprintf(a + l, sizeof a - l, "%s%s", i ? "  " : "",
			                      D.open_days[i]);
		if (shown < D.n_open_days && l < sizeof a)
			snprintf(a + l, sizeof a - l, "%s", _("  ……"));
		row_text(UI_C_BAD, a);
		row_text(UI_C_DIM, _("输入日期或按左键查看，逐日核对后按 F5 日结"));
	}

	row_head(_("积分"));
	snprintf(a, sizeof a, _("兑换 %lld 笔"), (long long)r->redemptions);
	snprintf(b, sizeof b, _("%s 分"), sgn(-r->points_redeemed, pts, sizeof pts));
	row_kv(UI_C_NORMAL, a, b);
	snprintf(a, sizeof a, _("作废退回 %lld 笔"), (long long)r->voids);
	snprintf(b, sizeof b, _("%s 分"), sgn(r->points_voided, pts, sizeof pts));
	row_kv(UI_C_NORMAL, a, b);
	snprintf(a, sizeof a, _("赋分 %lld 条"), (long long)r->awards);
	snprintf(b, sizeof b, _("%s 分"), sgn(r->points_awarded, pts, sizeof pts));
	row_kv(UI_C_NORMAL, a, b);
	snprintf(a, sizeof a, _("调整 %lld 条"), (long long)r->adjustments);
	snprintf(b, sizeof b, _("%s 分"), sgn(r->points_adjusted, pts, sizeof pts));
	row_kv(UI_C_NORMAL, a, b);
	ui_points(r->points_opening, pts, sizeof pts);
	snprintf(b, sizeof b, _("%s 分"), pts);
	row_kv(UI_C_NORMAL, _("全体居民结余 期初"), b);
	ui_points(r->points_closing, pts, sizeof pts);
	snprintf(b, sizeof b, _("%s 分"), pts);
	row_kv(UI_C_NORMAL, _("全体居民结余 期末"), b);

	if (r->n_kind) {
		row_head(_("兑换 按类别"));
		for (size_t i = 0; i < r->n_kind; i++) {
			snprintf(a, sizeof a, _("%s %lld 件"), kind_label(r->by_kind[i].kind),
			         (long long)r->by_kind[i].qty);
			snprintf(b, sizeof b, _("%lld 分"), (long long)r->by_kind[i].points);
			row_kv(UI_C_NORMAL, a, b);
		}
	}
	if (r->n_item) {
		row_head(_("兑换 按物品"));
		for (size_t i = 0; i < r->n_item; i++) {
			snprintf(a, sizeof a, "%s %lld%s", r->by_item[i].name,
			         (long long)r->by_item[i].qty, r->by_item[i].unit);
			snprintf(b, sizeof b, _("%lld 分"), (long long)r->by_item[i].points);
			row_kv(UI_C_NORMAL, a, b);
		}
	}
	if (r->n_operator) {
		row_head(_("兑换 按操作员"));
		for (size_t i = 0; i < r->n_operator; i++) {
			snprintf(a, sizeof a, _("%s %lld 笔"), r->by_operator[i].name,
			         (long long)r->by_operator[i].receipts);
			snprintf(b, sizeof b, _("%lld 分"), (long long)r->by_operator[i].points);
			row_kv(UI_C_NORMAL, a, b);
		}
	}

	snprintf(a, sizeof a, _("作废 %zu 笔"), r->n_void);
	row_head(a);
	for (size_t i = 0; i < r->n_void; i++) {
		const jf_day_void *v = &r->voids_list[i];
		char t[16];
		hhmm(v->time, t, sizeof t);
		snprintf(a, sizeof a, _("%s %s %s，%s 作废：%s"), t, v->receipt_no, v->resident,
		         v->operator_name, v->reason);
		snprintf(b, sizeof b, _("%+lld 分"), (long long)v->points);
		row_kv(UI_C_NORMAL, a, b);
	}

	row_head(_("库存核对：期初 + 入库 - 兑出 + 退回 ± 调整（含盘点）= 应有"));
	if (r->n_stock == 0) {
		row_text(UI_C_DIM, _("（没有计库存的物品）"));
	} else {
		row_add(ROW_STOCK_HEAD, UI_C_DIM);
		for (size_t i = 0; i < r->n_stock; i++) {
			const jf_day_stock *s = &r->stock[i];
			day_row *row = row_add(
			    ROW_STOCK, s->counted_set && s->count_diff ? UI_C_BAD : UI_C_NORMAL);
			row->idx = (int)i;
			if (s->counted_set && s->counted != s->expected) {
				/* as on paper: the count came before later movements */
				char t[16];
				hhmm(s->counted_time, t, sizeof t);
				snprintf(a, sizeof a, _("    %s 盘点后又进出 %+lld"), t,
				         (long long)(s->expected - s->counted));
				row_text(UI_C_DIM, a + 4);
			}
		}
		if (r->stock_differences) {
			snprintf(a, sizeof a, _("注意：%lld 种物品实盘与账面不符"),
			         (long long)r->stock_differences);
			row_text(UI_C_BAD, a);
		}
	}

	snprintf(a, sizeof a, _("未打印的小票 %zu 张"), r->n_unprinted);
	row_head(a);
	for (size_t i = 0; i < r->n_unprinted; i++) {
		const jf_day_unprinted *u = &r->unprinted[i];
		char t[16];
		hhmm(u->time, t, sizeof t);
		snprintf(a, sizeof a, "%s %s %s", t, u->receipt_no, u->resident);
		if (u->attempts)
			snprintf(a + strlen(a), sizeof a - strlen(a), _("（打印失败 %d 次：%s）"),
			         u->attempts, u->last_error);
		snprintf(b, sizeof b, _("%lld 分"), (long long)u->total);
		row_kv(UI_C_BAD, a, b);
	}

	snprintf(a, sizeof a, _("服务券 发出 %zu 张"), r->n_issued);
	row_head(a);
	for (size_t i = 0; i < r->n_issued; i++) {
		const jf_day_voucher *v = &r->issued[i];
		snprintf(a, sizeof a, _("%s %s，%s，有效期至 %s%s"), v->receipt_no, v->item,
		         v->resident, v->expires, v->voided ? _("（已作废）") : "");
		row_text(v->voided ? UI_C_DIM : UI_C_NORMAL, a);
	}
	snprintf(a, sizeof a, _("服务券 完成 %zu 张"), r->n_fulfilled);
	row_head(a);
	for (size_t i = 0; i < r->n_fulfilled; i++) {
		const jf_day_voucher *v = &r->fulfilled[i];
		snprintf(a, sizeof a, _("%s %s，%s，%s"), v->receipt_no, v->item, v->resident,
		         v->sponsor[0] ? v->sponsor : "-");
		row_text(UI_C_NORMAL, a);
	}
	if (r->closed && r->close_note[0]) {
		row_head(_("日结说明"));
		row_text(UI_C_NORMAL, r->close_note);
	}
	if (r->n_event) {
		row_head(_("重开和时钟记录"));
		for (size_t i = 0; i < r->n_event; i++) {
			jf_day_event_text(&r->events[i], a, sizeof a);
			row_text(UI_C_NORMAL, a);
		}
	}
	/* the chain heads the report stands on (pinned by the close) */
	row_head(r->closed ? _("日结时记下的末条哈希") : _("当前的末条哈希"));
	snprintf(a, sizeof a, _("台账末条哈希：%s"), r->ledger_head[0] ? r->ledger_head : "-");
	row_text(r->heads_missing ? UI_C_BAD : UI_C_NORMAL, a);
	snprintf(a, sizeof a, _("库存末条哈希：%s"), r->stock_head[0] ? r->stock_head : "-");
	row_text(r->heads_missing ? UI_C_BAD : UI_C_NORMAL, a);
	if (r->heads_missing)
		row_text(UI_C_BAD,
		         _("※ 日结时记下的末条已不在台账中：日结后有记录被删除，请运行 jifen audit"));
}

/* The row index of stock item `i`, or -1. */
static int stock_row(int i)
{
	for (int k = 0; k < D.nrows; k++)
		if (D.rows[k].kind == ROW_STOCK && D.rows[k].idx == i)
			return k;
	return -1;
}

static int can_count(void)
{
	return D.r && !D.r->closed && strcmp(D.day, D.today) == 0 && D.r->n_stock > 0;
}

/* --- loading ------------------------------------------------------------------ */

static void load(ui_app *app, const char *day)
{
	jf_day_report *r = NULL;
	jf_status st = jf_day_report_load(app->db, day, &r);
	if (st != JF_OK) {
		ui_say(app, 1, "%s", jf_db_error(app->db));
		ui_field_set(&D.date, D.day);
		return;
	}
	jf_day_report_free(D.r);
	D.r = r;
	snprintf(D.day, sizeof D.day, "%s", r->day);
	ui_field_set(&D.date, D.day);
	jf_day_of(jf_db_now(app->db), D.today);
	if (jf_day_open_before(app->db, D.today, D.open_days, OPEN_DAYS_SHOWN, &D.n_open_days) !=
	    JF_OK)
		D.n_open_days = 0;
	build_rows();
	if (D.ssel >= (int)r->n_stock)
		D.ssel = r->n_stock ? (int)r->n_stock - 1 : 0;
	if (D.top >= D.nrows)
		D.top = 0;
	if ((D.focus == F_STOCK && !can_count()) || (D.focus == F_NOTE && r->closed))
		D.focus = F_DATE;
}

/* The day `delta` days from the one shown. */
static void step_day(ui_app *app, int delta)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	if (sscanf(D.day, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_mday += delta;
	tm.tm_hour = 12; /* away from any daylight-saving edge */
	tm.tm_isdst = -1;
	if (mktime(&tm) == (time_t)-1)
		return;
	char day[11];
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	if (strcmp(day, D.today) > 0) {
		ui_say(app, 1, _("%s 还没有到"), day);
		return;
	}
	ui_say_clear(app);
	D.top = 0;
	load(app, day);
}

/* --- closing, counting, printing ----------------------------------------------- */

static void close_yes(ui_app *app, void *ctx)
{
	(void)ctx;
	char day[11];
	snprintf(day, sizeof day, "%s", D.day);
	if (jf_day_close(app->db, app->op, day, D.note.buf) != JF_OK) {
		ui_say(app, 1, "%s", jf_db_error(app->db));
		return;
	}
	ui_field_clear(&D.note);
	D.focus = F_DATE;
	load(app, day);
	ui_say(app, 0, _("已日结 %s：此后该日不能再记账，更正请记在今后的营业日"), day);
}

static void close_day(ui_app *app)
{
	const jf_day_report *r = D.r;
	if (!r)
		return;
	if (r->closed) {
		char when[32];
		time_t t = (time_t)r->closed_time;
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
		ui_say(app, 1, _("%s 已由 %s 于 %s 日结"), r->day, r->closed_by, when);
		return;
	}
	char warn[512] = "", who[128];
	size_t l = 0;
	int64_t pieces;
	/* Only this counter's own: other counters are not known here. */
	if (strcmp(r->day, D.today) == 0 && ui_counter_busy(who, sizeof who, &pieces)) {
		char name[64];
		jf_text_fit(who, 16, name, sizeof name);
		if (pieces)
			l += (size_t)snprintf(warn + l, sizeof warn - l,
			                      _("注意：柜台上 %s 还开着，购物车里有 %lld 件\n"), name,
			                      (long long)pieces);
		else
			l += (size_t)snprintf(warn + l, sizeof warn - l,
			                      _("注意：柜台上 %s 还开着\n"), name);
	}
	/* one line for both, so that the question always fits the dialog */
	if (r->stock_differences && r->n_unprinted && l < sizeof warn)
		l += (size_t)snprintf(warn + l, sizeof warn - l,
		                      _("注意：%lld 种物品实盘与账面不符；%zu 张小票还没有打印\n"),
		                      (long long)r->stock_differences, r->n_unprinted);
	else if (r->stock_differences && l < sizeof warn)
		l += (size_t)snprintf(warn + l, sizeof warn - l,
		                      _("注意：%lld 种物品实盘与账面不符\n"),
		                      (long long)r->stock_differences);
	else if (r->n_unprinted && l < sizeof warn)
		l += (size_t)snprintf(warn + l, sizeof warn - l, _("注意：%zu 张小票还没有打印\n"),
		                      r->n_unprinted);
	if (!r->balanced && l < sizeof warn)
		l += (size_t)snprintf(warn + l, sizeof warn - l, "%s\n",
		                      _("注意：合计与台账记录不符，请运行 jifen audit"));
	if (D.note.len && l < sizeof warn) {
		char note[160];
		jf_text_fit(D.note.buf, 50, note, sizeof note);
		snprintf(warn + l, sizeof warn - l, _("备注：%s\n"), note);
	}
	snprintf(D.question, sizeof D.question,
	         _("日结 %s：兑换 %lld 笔 %lld 分，作废 %lld 笔，赋分 %lld 条 %lld 分\n%s"
	           "日结后该日不能再记账。确认日结吗？"),
	         r->day, (long long)r->redemptions, (long long)r->points_redeemed,
	         (long long)r->voids, (long long)r->awards, (long long)r->points_awarded, warn);
	ui_confirm_arg arg = {.question = D.question, .yes = close_yes, .ctx = NULL};
	ui_push(app, &ui_confirm_screen, &arg);
}

static void count_yes(ui_app *app, void *ctx)
{
	(void)ctx;
	if (!D.count_item)
		return;
	int64_t item = D.count_item;
	D.count_item = 0;
	if (jf_stock_count(app->db, app->op, item, D.count_value, _("日结盘点")) != JF_OK) {
		ui_say(app, 1, "%s", jf_db_error(app->db));
		return;
	}
	ui_field_clear(&D.count);
	load(app, D.day);
	ui_say(app, 0, "%s", _("已记下实盘数"));
	/* on to the next item */
	if (D.r && D.ssel + 1 < (int)D.r->n_stock)
		D.ssel++;
}

static void count_enter(ui_app *app)
{
	if (!can_count()) {
		ui_say(app, 1, "%s", _("只能为今天盘点，且该日尚未日结"));
		return;
	}
	if (D.count.len == 0) {
		ui_say(app, 1, "%s", _("输入点到的数量，再按 Enter"));
		return;
	}
	const jf_day_stock *s = &D.r->stock[D.ssel];
	D.count_item = s->item_id;
	D.count_value = strtoll(D.count.buf, NULL, 10);
	/* the book now: the day's closing figure */
	snprintf(D.question, sizeof D.question,
	         _("盘点 %s：实点 %lld%s\n账面 %lld%s，差额 %+lld\n确认吗？"), s->name,
	         (long long)D.count_value, s->unit, (long long)s->expected, s->unit,
	         (long long)(D.count_value - s->expected));
	ui_confirm_arg arg = {.question = D.question, .yes = count_yes, .ctx = NULL};
	ui_push(app, &ui_confirm_screen, &arg);
}

static void print_report(ui_app *app)
{
	if (!D.r)
		return;
	if (app->cfg.printer == JF_PRINTER_NONE) {
		ui_say(app, 1, "%s", _("没有设置小票打印机（见 jifen.conf 的 [printer]）"));
		return;
	}
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		ui_fatal("open_memstream");
	jf_day_report_write(app->db, D.r, f, jf_paper_cols(app->cfg.paper), 1);
	fclose(f);
	ui_say(app, 0, "%s", _("正在打印日结报表，请稍候"));
	ui_draw_now(app);
	char err[512];
	jf_status st = jf_report_print(&app->cfg, text, err, sizeof err);
	free(text);
	if (st != JF_OK)
		ui_say(app, 1, _("打印失败：%s"), err);
	else
		ui_say(app, 0, _("日结报表已送到打印机 %s"), app->cfg.printer_target);
}

/* --- drawing ------------------------------------------------------------------ */

#define DOC_Y (UI_TOP + 4)

static void draw_stock_head(int y, int x, int namew)
{
	static const char *const cols[] = {N_("期初"), N_("入库"), N_("兑出"), N_("退回"),
	                                   N_("调整"), N_("应有"), N_("实盘"), N_("差异")};
	int cx = x + 2;
	cx += ui_text(y, cx, namew, _("物品"), 1) + 1;
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
		cx += ui_text_right(y, cx, 6, _(cols[i])) + 1;
}

static void draw_stock(ui_app *app, int y, int x, int namew, const day_row *row)
{
	const jf_day_stock *s = &D.r->stock[row->idx];
	int64_t v[6] = {s->opening, s->received, s->redeemed, s->voided, s->adjusted, s->expected};
	char name[160], num[32];
	snprintf(name, sizeof name, _("%s（%s）"), s->name, s->unit);
	int selected = D.focus == F_STOCK && row->idx == D.ssel;
	attr_t a = selected ? ui_attr(app, UI_C_SELECT) : ui_attr(app, row->color);
	attron(a);
	int cx = x + 2;
	cx += ui_text(y, cx, namew, name, 1) + 1;
	for (int i = 0; i < 6; i++) {
		if (i == 4)
			staff_signed(v[i], num, sizeof num);
		else
			snprintf(num, sizeof num, "%lld", (long long)v[i]);
		cx += ui_text_right(y, cx, 6, num) + 1;
	}
	attroff(a);
	if (selected) {
		/* the figure counted is typed here */
		ui_field_draw(app, &D.count, y, cx, 6);
		cx += 7;
	} else {
		attron(a);
		if (s->counted_set)
			snprintf(num, sizeof num, "%lld", (long long)s->counted);
		else
			snprintf(num, sizeof num, "-");
		cx += ui_text_right(y, cx, 6, num) + 1;
		attroff(a);
	}
	attr_t d = s->counted_set && s->count_diff ? ui_attr(app, UI_C_BAD) : a;
	attron(d);
	if (s->counted_set)
		staff_signed(s->count_diff, num, sizeof num);
	else
		snprintf(num, sizeof num, " ");
	ui_text_right(y, cx, 6, num);
	attroff(d);
}

static void day_draw(ui_app *app)
{
	int y = UI_TOP, x = 1, w = COLS - 2;
	staff_label(app, y, x, 8, _("日期"), D.focus == F_DATE);
	ui_field_draw(app, &D.date, y, x + 8, 12);
	char buf[512];
	if (D.r) {
		attr_t a;
		if (D.r->closed) {
			char when[32];
			time_t t = (time_t)D.r->closed_time;
			struct tm tm;
			localtime_r(&t, &tm);
			strftime(when, sizeof when, "%m-%d %H:%M", &tm);
			snprintf(buf, sizeof buf, _("已日结（%s，%s）"), D.r->closed_by, when);
			a = ui_attr(app, UI_C_HEAD);
		} else {
			snprintf(buf, sizeof buf, "%s", _("未日结"));
			a = ui_attr(app, UI_C_GOOD);
		}
		attron(a);
		int sx = x + 22;
		sx += ui_text(y, sx, w - sx, buf, 0) + 2;
		attroff(a);
		staff_hint(app, y, sx, COLS - sx - 1, _("左右键换一天，或输入日期按 Enter"));
		y++;
		a = ui_attr(app, D.r->balanced ? UI_C_GOOD : UI_C_BAD);
		attron(a);
		int bx =
		    x +
		    ui_text(y, x, w,
		            D.r->balanced ? _("账目平衡") : _("账目不平衡：请运行 jifen audit"),
		            0) +
		    2;
		attroff(a);
		snprintf(buf, sizeof buf, _("兑换 %lld 笔 %lld 分  赋分 %lld 条  作废 %lld 笔"),
		         (long long)D.r->redemptions, (long long)D.r->points_redeemed,
		         (long long)D.r->awards, (long long)D.r->voids);
		bx += ui_text(y, bx, COLS - bx - 1, buf, 0) + 2;
		if (D.r->stock_differences || D.r->n_unprinted) {
			snprintf(buf, sizeof buf, _("库存差异 %lld 种  未打印 %zu 张"),
			         (long long)D.r->stock_differences, D.r->n_unprinted);
			a = ui_attr(app, UI_C_BAD);
			attron(a);
			ui_text(y, bx, COLS - bx - 1, buf, 0);
			attroff(a);
		}
	}
	if (!D.r)
		return;
	y = DOC_Y - 2;
	if (!D.r->closed) {
		staff_label(app, y, x, 12, _("日结备注"), D.focus == F_NOTE);
		ui_field_draw(app, &D.note, y, x + 12, w - 12 > 60 ? 60 : w - 12);
	} else if (D.r->close_note[0]) {
		snprintf(buf, sizeof buf, _("日结备注：%s"), D.r->close_note);
		ui_text(y, x, w, buf, 0);
	}
	y = DOC_Y - 1;
	if (D.focus == F_NOTE)
		staff_hint(app, y, x, w, _("写下日结时要说明的事（可不填），按 F5 日结；Tab 回到日期"));
	else if (can_count())
		staff_hint(app, y, x, w,
		           D.focus == F_STOCK
		               ? _("盘点：上下键选物品，输入实点数按 Enter；Tab 回到日期")
		               : _("Tab 到库存表，可直接输入实盘数；上下键翻看"));
	else
		staff_hint(app, y, x, w, _("上下键、翻页键翻看"));
	int bottom = ui_bottom();
	int rows = bottom - DOC_Y + 1;
	if (D.focus == F_STOCK) {
		int k = stock_row(D.ssel);
		if (k >= 0) {
			/* keep the table's head in view above the highlight when it fits */
			if (k - 1 < D.top)
				D.top = k - 1 > 0 ? k - 1 : 0;
			if (k >= D.top + rows)
				D.top = k - rows + 1;
		}
	}
	if (D.top > D.nrows - rows)
		D.top = D.nrows - rows > 0 ? D.nrows - rows : 0;
	int width = w > 100 ? 100 : w;
	int namew = width - 2 - 8 * 7;
	if (namew < 10)
		namew = 10;
	y = DOC_Y;
	for (int i = D.top; i < D.nrows && y <= bottom; i++, y++) {
		const day_row *row = &D.rows[i];
		attr_t a = ui_attr(app, row->color);
		switch (row->kind) {
		case ROW_BLANK:
			break;
		case ROW_HEAD:
			staff_heading(app, y, x, width, row->left);
			break;
		case ROW_KV: {
			int rw = jf_text_width(row->right);
			attron(a);
			ui_text(y, x, width - rw - 1, row->left, 0);
			ui_text_right(y, x + width - rw, rw, row->right);
			attroff(a);
			break;
		}
		case ROW_TEXT:
			attron(a);
			ui_text(y, x, width, row->left, 0);
			attroff(a);
			break;
		case ROW_STOCK_HEAD:
			attron(a);
			draw_stock_head(y, x, namew);
			attroff(a);
			break;
		case ROW_STOCK:
			draw_stock(app, y, x, namew, row);
			break;
		}
	}
}

static void day_cursor(ui_app *app)
{
	(void)app;
	if (D.focus == F_DATE)
		ui_field_place_cursor(&D.date);
	else if (D.focus == F_NOTE)
		ui_field_place_cursor(&D.note);
	else if (D.r && stock_row(D.ssel) >= D.top)
		ui_field_place_cursor(&D.count);
	else
		curs_set(0);
}

/* --- keys ----------------------------------------------------------------------- */

static int day_key(ui_app *app, ui_action action, int key)
{
	int page = ui_bottom() - DOC_Y;
	switch (action) {
	case UI_A_LEAVE:
		if (D.focus == F_STOCK || D.focus == F_NOTE) {
			ui_field *fl = D.focus == F_STOCK ? &D.count : &D.note;
			if (fl->len)
				ui_field_clear(fl);
			else
				D.focus = F_DATE;
		} else {
			ui_pop(app);
		}
		return UI_HANDLED;
	case UI_A_CLOSEDAY:
		close_day(app);
		return UI_HANDLED;
	case UI_A_PRINT:
		print_report(app);
		return UI_HANDLED;
	case UI_A_PREV:
	case UI_A_NEXT:
		if (D.focus == F_NOTE)
			break; /* the cursor moves in the note */
		step_day(app, action == UI_A_PREV ? -1 : 1);
		return UI_HANDLED;
	case UI_A_FOCUS:
		/* the date, the stock table (today), the note (an open day) */
		if (D.focus == F_DATE && can_count()) {
			D.focus = F_STOCK;
			ui_field_clear(&D.count);
		} else if (D.focus != F_NOTE && D.r && !D.r->closed) {
			D.focus = F_NOTE;
		} else {
			D.focus = F_DATE;
		}
		return UI_HANDLED;
	case UI_A_SUBMIT:
		if (D.focus == F_STOCK) {
			count_enter(app);
			return UI_HANDLED;
		}
		if (D.focus == F_NOTE) {
			close_day(app);
			return UI_HANDLED;
		}
		if (!jf_day_valid(D.date.buf)) {
			ui_say(app, 1, _("日期「%s」无效，应为 YYYY-MM-DD"), D.date.buf);
			return UI_HANDLED;
		}
		if (strcmp(D.date.buf, D.today) > 0) {
			ui_say(app, 1, _("%s 还没有到"), D.date.buf);
			return UI_HANDLED;
		}
		ui_say_clear(app);
		D.top = 0;
		load(app, D.date.buf);
		return UI_HANDLED;
	case UI_A_UP:
	case UI_A_DOWN:
		if (D.focus == F_STOCK && D.r) {
			/* the highlight of the stock table (kept in view by
			 * day_draw, which counts the rows around it) */
			ui_list l = {.n = (int)D.r->n_stock, .sel = D.ssel};
			ui_list_key(&l, action, 1);
			if (l.sel != D.ssel)
				ui_field_clear(&D.count);
			D.ssel = l.sel;
			return UI_HANDLED;
		}
		/* fall through - the report scrolls */
	case UI_A_PAGEUP:
	case UI_A_PAGEDOWN: {
		ui_list l = {.n = D.nrows, .top = D.top};
		ui_list_scroll(&l, action, page + 1);
		D.top = l.top;
		return UI_HANDLED;
	}
	case UI_A_CLEAR:
		ui_field_clear(D.focus == F_DATE ? &D.date : D.focus == F_NOTE ? &D.note : &D.count);
		return UI_HANDLED;
	default:
		break;
	}
	ui_field *f = D.focus == F_DATE ? &D.date : D.focus == F_NOTE ? &D.note : &D.count;
	/* a date takes digits and dashes */
	if (D.focus == F_DATE && ui_key_printable(key) && !(key >= '0' && key <= '9') && key != '-')
		return UI_IGNORED;
	int r = ui_field_key(f, key);
	if (r == 1 && app->message_bad)
		ui_say_clear(app);
	return r ? UI_HANDLED : UI_IGNORED;
}

static void day_open(ui_app *app, const void *arg)
{
	(void)arg;
	memset(&D, 0, sizeof D);
	ui_field_init(&D.date, 10);
	ui_field_init(&D.count, 7);
	ui_field_init(&D.note, JF_NOTE_MAX);
	D.count.digits_only = 1;
	D.focus = F_DATE;
	jf_day_of(jf_db_now(app->db), D.today);
	snprintf(D.day, sizeof D.day, "%s", D.today);
	load(app, D.today);
}

static void day_close_screen(ui_app *app)
{
	(void)app;
	jf_day_report_free(D.r);
	free(D.rows);
	memset(&D, 0, sizeof D);
}

const ui_screen ui_day_screen = {
    .id = UI_S_DAY,
    .title = N_("日结"),
    .open = day_open,
    .draw = day_draw,
    .key = day_key,
    .cursor = day_cursor,
    .close = day_close_screen,
};
