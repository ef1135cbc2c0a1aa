/* The counter: a lookup field that is always ready, the resident panel
 * (balance in large figures, this month, the last entries), the catalog
 * grouped by kind with what the resident can afford standing out, and the
 * cart with its total and the balance after. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app.h"
#include "jifen/catalog.h"
#include "jifen/dayclose.h"
#include "jifen/ledger.h"
#include "jifen/match.h"
#include "jifen/resident.h"
#include "jifen/text.h"

#define RESULTS_MAX 60
#define RECENT_MAX 10
#define CART_MAX JF_CART_MAX

enum { F_LOOKUP, F_CATALOG, F_CART };

/* What the counter knows about one catalog item beyond the core's record. */
typedef struct {
	int64_t used;       /* redeemed by the picked resident this month */
	jf_match_keys keys; /* the name's pinyin, for the filter */
} item_extra;

typedef struct {
	int64_t item_id;
	int64_t qty;
} cart_line;

static struct {
	ui_field lookup; /* the resident lookup */
	ui_field filter; /* the catalog filter */
	int focus;
	int dirty; /* the lookup changed since the last search */
	jf_resident results[RESULTS_MAX];
	int nresults;
	ui_list rl; /* the highlighted result and the first shown */
	/* how many results match the lookup exactly (a card, a phone, a name
	 * ...): more than one is ambiguous, and Enter only picks after the
	 * list was shown and a choice made (chosen) */
	int nexact, chosen;
	char search_error[256];

	int picked;
	jf_resident res;
	int64_t earned, spent;
	jf_entry recent[RECENT_MAX];
	int nrecent;

	jf_item *items; /* owned; jf_item_list's array */
	item_extra *extra;
	size_t nitems;
	int *shown; /* indexes into items that pass the filter */
	jf_match_tier *tier; /* how well the filter names each shown item */
	size_t nshown;
	int isel, itop; /* selection and first visible row, in shown[] */

	cart_line cart[CART_MAX];
	int ncart, csel;
	/* the figures the confirmation showed: y redeems only on these */
	int64_t shown_total, shown_balance;
} C;

/* --- the catalog ---------------------------------------------------------- */

static void catalog_free(void)
{
	free(C.items);
	free(C.extra);
	free(C.shown);
	free(C.tier);
	C.items = NULL;
	C.extra = NULL;
	C.shown = NULL;
	C.tier = NULL;
	C.nitems = C.nshown = 0;
}

static int item_index(int64_t id)
{
	for (size_t i = 0; i < C.nitems; i++)
		if (C.items[i].id == id)
			return (int)i;
	return -1;
}

static int64_t cart_qty(int64_t item_id)
{
	for (int i = 0; i < C.ncart; i++)
		if (C.cart[i].item_id == item_id)
			return C.cart[i].qty;
	return 0;
}

static int64_t cart_total(void)
{
	int64_t t = 0;
	for (int i = 0; i < C.ncart; i++) {
		int k = item_index(C.cart[i].item_id);
		if (k >= 0)
			t += C.items[k].points * C.cart[i].qty;
	}
	return t;
}

/* Refilter: the items the core's jf_match says the filter names, at any
 * tier; the selection goes to the first of the best tier (the item
 * `jifen redeem` takes for the same query), or stays on the same item when
 * the filter is empty. */
static void catalog_filter(void)
{
	int64_t keep = C.nshown > 0 && C.isel >= 0 && (size_t)C.isel < C.nshown
	                   ? C.items[C.shown[C.isel]].id
	                   : 0;
	const char *q = C.filter.buf;
	C.nshown = 0;
	int same = -1;
	for (size_t i = 0; i < C.nitems; i++) {
		jf_match_tier t = jf_match(q, C.items[i].code, C.items[i].name, &C.extra[i].keys);
		if (t == JF_MATCH_NONE)
			continue;
		if (C.items[i].id == keep)
			same = (int)C.nshown;
		C.tier[C.nshown] = t;
		C.shown[C.nshown++] = (int)i;
	}
	long best = jf_match_best(C.tier, C.nshown, NULL);
	if (*q)
		C.isel = best >= 0 ? (int)best : 0;
	else if (same >= 0)
		C.isel = same;
	else
		C.isel = 0;
	C.itop = 0;
}

/* Load the active items with their pinyin keys; the month's use comes when
 * a resident is picked. */
static void catalog_load(ui_app *app)
{
	catalog_free();
	jf_item *items = NULL;
	size_t n = 0;
	if (jf_item_list(app->db, 0, &items, &n) != JF_OK) {
		ui_say(app, 1, "%s", jf_db_error(app->db));
		return;
	}
	C.items = items;
	C.nitems = n;
	C.extra = calloc(n ? n : 1, sizeof *C.extra);
	C.shown = calloc(n ? n : 1, sizeof *C.shown);
	C.tier = calloc(n ? n : 1, sizeof *C.tier);
	if (!C.extra || !C.shown || !C.tier)
		ui_fatal("calloc");
	for (size_t i = 0; i < n; i++)
		jf_match_keys_make(items[i].name, 0, &C.extra[i].keys);
	catalog_filter();
}

static void catalog_month_use(ui_app *app)
{
	int64_t now = jf_db_now(app->db);
	for (size_t i = 0; i < C.nitems; i++) {
		C.extra[i].used = 0;
		if (C.picked && C.items[i].monthly_limit > 0 &&
		    jf_item_month_used(app->db, C.res.id, C.items[i].id, now, &C.extra[i].used) !=
		        JF_OK)
			ui_say(app, 1, "%s", jf_db_error(app->db));
	}
}

/* Why the item cannot take one more in the cart, or NULL: the core's rule
 * (jf_cart_line_problem) on the figures loaded for the screen. */
static const char *item_refusal(size_t i, int64_t more)
{
	const jf_item *it = &C.items[i];
	switch (jf_cart_line_problem(it, C.extra[i].used, cart_qty(it->id) + more, NULL)) {
	case JF_OK:
		return NULL;
	case JF_OUT_OF_STOCK:
		return it->stock <= 0 ? _("缺货") : _("库存不足");
	case JF_OVER_LIMIT:
		return _("超限");
	default:
		return _("已下架");
	}
}

/* --- the resident --------------------------------------------------------- */

static void resident_refresh(ui_app *app)
{
	jf_resident r;
	if (jf_resident_get(app->db, C.res.id, &r) == JF_OK)
		C.res = r;
	else
		ui_say(app, 1, "%s", jf_db_error(app->db));
	int64_t now = jf_db_now(app->db);
	if (jf_month_totals(app->db, C.res.id, now, &C.earned, &C.spent) != JF_OK) {
		C.earned = C.spent = 0;
		ui_say(app, 1, "%s", jf_db_error(app->db));
	}
	if (jf_recent_entries(app->db, C.res.id, C.recent, RECENT_MAX, &C.nrecent) != JF_OK) {
		C.nrecent = 0;
		ui_say(app, 1, "%s", jf_db_error(app->db));
	}
}

/* The cart as the core takes it. */
static size_t cart_lines(jf_cart_line *lines)
{
	for (int i = 0; i < C.ncart; i++) {
		lines[i].item_id = C.cart[i].item_id;
		lines[i].qty = C.cart[i].qty;
	}
	return (size_t)C.ncart;
}

/* Read again what the screen shows of the open resident: balance, month,
 * catalog with stock and this month's use; the cart keeps the items still
 * offered. */
static void reload_figures(ui_app *app)
{
	resident_refresh(app);
	int64_t keep_ids[CART_MAX], keep_qty[CART_MAX];
	int n = C.ncart;
	for (int i = 0; i < n; i++) {
		keep_ids[i] = C.cart[i].item_id;
		keep_qty[i] = C.cart[i].qty;
	}
	catalog_load(app);
	catalog_month_use(app);
	C.ncart = 0;
	for (int i = 0; i < n; i++)
		if (item_index(keep_ids[i]) >= 0) {
			C.cart[C.ncart].item_id = keep_ids[i];
			C.cart[C.ncart].qty = keep_qty[i];
			C.ncart++;
		}
	if (C.csel >= C.ncart)
		C.csel = C.ncart > 0 ? C.ncart - 1 : 0;
}

/* Another counter or the command line changed the database: show the new
 * figures (a resident's balance, an item's stock). */
static void follow_changes(ui_app *app)
{
	if (!jf_db_changed(app->db))
		return;
	if (C.picked)
		reload_figures(app);
	else
		C.dirty = C.lookup.len > 0;
}

static void pick(ui_app *app, const jf_resident *r)
{
	jf_db_changed(app->db); /* what is read next is the truth */
	C.res = *r;
	C.picked = 1;
	C.ncart = 0;
	C.csel = 0;
	resident_refresh(app);
	catalog_load(app);
	catalog_month_use(app);
	ui_field_clear(&C.filter);
	catalog_filter();
	C.focus = F_CATALOG;
	ui_say_clear(app);
}

static void leave(ui_app *app, int say)
{
	if (C.picked && say) {
		if (C.ncart > 0)
			ui_say(app, 0, _("已离开%s，购物车已清空"), C.res.name);
		else
			ui_say(app, 0, _("已离开%s"), C.res.name);
	}
	C.picked = 0;
	C.ncart = 0;
	C.csel = 0;
	C.focus = F_LOOKUP;
	ui_field_clear(&C.lookup);
	ui_field_clear(&C.filter);
	C.nresults = 0;
	C.rl = (ui_list){0};
	C.dirty = 0;
	C.search_error[0] = '\0';
}

/* --- the lookup ----------------------------------------------------------- */

static void search(ui_app *app)
{
	C.dirty = 0;
	C.rl = (ui_list){0};
	C.chosen = 0;
	C.search_error[0] = '\0';
	if (C.lookup.len == 0) {
		C.nresults = 0;
		C.nexact = 0;
		return;
	}
	if (jf_resident_lookup(app->db, C.lookup.buf, 0, C.results, RESULTS_MAX, &C.nresults,
	                       &C.nexact) != JF_OK) {
		C.nresults = 0;
		C.nexact = 0;
		snprintf(C.search_error, sizeof C.search_error, "%s", jf_db_error(app->db));
	}
}

/* --- the cart ------------------------------------------------------------- */

static void cart_add(ui_app *app, size_t i)
{
	const jf_item *it = &C.items[i];
	int line = -1;
	for (int k = 0; k < C.ncart; k++)
		if (C.cart[k].item_id == it->id)
			line = k;
	if (line < 0 && C.ncart == CART_MAX) {
		ui_say(app, 1, "%s", _("购物车已满"));
		return;
	}
	if (line >= 0 && C.cart[line].qty >= JF_QTY_MAX) {
		ui_say(app, 1, "%s", _("数量已到上限"));
		return;
	}
	/* the core checks the cart with this one more, on today's figures */
	jf_cart_line lines[CART_MAX + 1];
	size_t n = cart_lines(lines);
	lines[n].item_id = it->id;
	lines[n++].qty = 1;
	jf_cart_check_result *chk = malloc(sizeof *chk);
	if (!chk)
		ui_fatal("malloc");
	jf_cart_check(app->db, C.res.id, lines, n, chk);
	if (!chk->lines_checked) {
		ui_say(app, 1, "%s", jf_db_error(app->db));
		free(chk);
		return;
	}
	/* what the screen shows is what the core read */
	C.res.balance = chk->balance;
	const jf_cart_check_line *l = NULL;
	for (size_t k = 0; k < chk->n; k++) {
		int x = item_index(chk->lines[k].item.id);
		if (x >= 0) {
			C.items[x] = chk->lines[k].item;
			C.extra[x].used = chk->lines[k].used;
		}
		if (chk->lines[k].item.id == it->id)
			l = &chk->lines[k];
	}
	if (l && l->problem == JF_OVER_LIMIT) {
		ui_say(app, 1, _("%s：本月已兑 %lld / 上限 %lld，不能加入"), it->name,
		       (long long)l->used, (long long)it->monthly_limit);
		free(chk);
		return;
	}
	const char *why = item_refusal(i, 1);
	if (why) {
		ui_say(app, 1, _("%s：%s，不能加入"), it->name, why);
		free(chk);
		return;
	}
	int64_t short_by = chk->short_by;
	free(chk);
	if (line < 0) {
		line = C.ncart++;
		C.cart[line].item_id = it->id;
		C.cart[line].qty = 0;
	}
	C.cart[line].qty++;
	C.csel = line;
	if (short_by > 0)
		ui_say(app, 1, _("已加入 %s；积分不够：还差 %lld 分"), it->name, (long long)short_by);
	else
		ui_say(app, 0, _("已加入 %s，共 %lld 件"), it->name, (long long)C.cart[line].qty);
}

static void cart_change(ui_app *app, int delta)
{
	if (C.ncart == 0) {
		ui_say(app, 1, "%s", _("购物车是空的"));
		return;
	}
	cart_line *l = &C.cart[C.csel];
	int k = item_index(l->item_id);
	if (k < 0)
		return;
	if (delta > 0) {
		cart_add(app, (size_t)k);
		return;
	}
	l->qty--;
	if (l->qty <= 0) {
		ui_say(app, 0, _("已移除 %s"), C.items[k].name);
		memmove(&C.cart[C.csel], &C.cart[C.csel + 1],
		        (size_t)(C.ncart - C.csel - 1) * sizeof C.cart[0]);
		C.ncart--;
		if (C.csel >= C.ncart)
			C.csel = C.ncart > 0 ? C.ncart - 1 : 0;
		if (C.ncart == 0 && C.focus == F_CART)
			C.focus = F_CATALOG;
	} else {
		ui_say(app, 0, _("%s 现在 %lld 件"), C.items[k].name, (long long)l->qty);
	}
}

/* --- checkout ------------------------------------------------------------- */

/* The day is closed, or the cart cannot be redeemed: say why (what to take
 * out) with the figures the screen now shows. */
static void refuse(ui_app *app, jf_status st)
{
	char why[1024], last[11], today[11];
	snprintf(why, sizeof why, "%s", jf_db_error(app->db));
	reload_figures(app);
	jf_day_of(jf_db_now(app->db), today);
	if (st == JF_DAY_CLOSED && jf_day_last_closed(app->db, last) == JF_OK &&
	    strcmp(last, today) == 0)
		ui_say(app, 1, "%s", _("今天已日结，不能再兑换；日结有误请找管理员"));
	else /* a later day closed: the clock is wrong, as the core says */
		ui_say(app, 1, "%s", why);
}

static void checkout_yes(ui_app *app, void *ctx)
{
	(void)ctx;
	if (!C.picked || C.ncart == 0)
		return; /* a second y: the cart was already charged and cleared */
	jf_cart_line lines[CART_MAX];
	size_t n = cart_lines(lines);
	/* the figures asked about are the ones redeemed: if another counter
	 * moved them since, ask again */
	jf_cart_check_result *chk = malloc(sizeof *chk);
	if (!chk)
		ui_fatal("malloc");
	jf_status st = jf_cart_check(app->db, C.res.id, lines, n, chk);
	int moved = chk->balance != C.shown_balance || chk->total != C.shown_total;
	free(chk);
	if (st != JF_OK) {
		refuse(app, st);
		return;
	}
	if (moved) {
		reload_figures(app);
		ui_say(app, 1, "%s", _("余额或库存刚被改动，请看新的数字后再按 F5"));
		return;
	}
	jf_redeem_result res;
	ui_say(app, 0, "%s", _("正在兑换，请稍候"));
	ui_draw_now(app);
	st = jf_redeem(app->db, app->op, C.res.id, lines, n, &res);
	if (st != JF_OK) {
		/* the cart stays: the volunteer can fix it or try again */
		refuse(app, st);
		return;
	}
	ui_say(app, 0, _("兑换成功：小票 %s，%s 余额 %lld 分"), res.receipt_no, C.res.name,
	       (long long)res.balance_after);
	leave(app, 0);
	ui_receipt_arg arg = {.receipt_no = res.receipt_no, .print = 1};
	ui_push(app, &ui_receipt_screen, &arg);
}

static void checkout(ui_app *app)
{
	if (!C.picked) {
		ui_say(app, 1, "%s", _("请先查找并选定居民"));
		return;
	}
	if (C.ncart == 0) {
		ui_say(app, 1, "%s", _("购物车是空的"));
		return;
	}
	/* the core decides, on the figures it would use, before the
	 * confirmation: a closed day, the balance, stock, monthly limits */
	follow_changes(app);
	jf_cart_line lines[CART_MAX];
	size_t n = cart_lines(lines);
	jf_cart_check_result *chk = malloc(sizeof *chk);
	if (!chk)
		ui_fatal("malloc");
	jf_status st = jf_cart_check(app->db, C.res.id, lines, n, chk);
	if (st != JF_OK) {
		free(chk);
		refuse(app, st);
		return;
	}
	static char q[512];
	int64_t qty = 0;
	for (size_t i = 0; i < chk->n; i++)
		qty += chk->lines[i].qty;
	C.shown_total = chk->total;
	C.shown_balance = chk->balance;
	C.res.balance = chk->balance;
	free(chk);
	char t[32], b[32], a[32];
	ui_points(C.shown_total, t, sizeof t);
	ui_points(C.shown_balance, b, sizeof b);
	ui_points(C.shown_balance - C.shown_total, a, sizeof a);
	/* "1 item", "2 items" in English */
	snprintf(q, sizeof q,
	         ngettext("为 %s 兑换 %lld 件，共 %s 分\n余额 %s 分，兑换后 %s 分\n确认兑换吗？",
	                  "为 %s 兑换 %lld 件，共 %s 分\n余额 %s 分，兑换后 %s 分\n确认兑换吗？",
	                  (unsigned long)qty),
	         C.res.name, (long long)qty, t, b, a);
	ui_confirm_arg arg = {.question = q, .yes = checkout_yes, .ctx = NULL};
	ui_push(app, &ui_confirm_screen, &arg);
}

/* --- drawing -------------------------------------------------------------- */

static int left_width(void)
{
	return COLS >= 110 ? 40 : COLS >= 96 ? 34 : 30;
}

/* 1 when today (or a later day) is closed: the counter says so in its
 * header, before anyone fills a cart. */
static int today_closed(ui_app *app)
{
	char today[11];
	jf_day_of(jf_db_now(app->db), today);
	return jf_day_check_open(app->db, today) == JF_DAY_CLOSED;
}

static void draw_lookup(ui_app *app)
{
	int x = 1;
	int closed = today_closed(app);
	attr_t h = ui_attr(app, UI_C_HEAD);
	attron(h);
	x += ui_text(UI_TOP, x, 12, _("查找居民"), 0) + 1;
	attroff(h);
	if (C.picked) {
		char who[256];
		snprintf(who, sizeof who, _("%s（Esc 或 F2 离开，换下一位）"), C.res.name);
		x += ui_text(UI_TOP, x, COLS - x - 1, who, 0) + 1;
		if (closed && x < COLS - 1) {
			attr_t b = ui_attr(app, UI_C_BAD);
			attron(b);
			ui_text(UI_TOP, x, COLS - x - 1, _("今天已日结，不能兑换"), 0);
			attroff(b);
		}
		return;
	}
	int fw = COLS >= 100 ? 36 : 24;
	ui_field_draw(app, &C.lookup, UI_TOP, x, fw);
	attr_t d = ui_attr(app, UI_C_DIM);
	char hint[160];
	if (C.lookup.len == 0 || C.search_error[0])
		snprintf(hint, sizeof hint, "%s", _("拼音首字母、姓名、电话后四位、房号或刷卡"));
	else if (C.nexact > 1)
		snprintf(hint, sizeof hint, _("%d 位居民都对应这个号码或名字，请选择"), C.nexact);
	else if (C.nresults >= RESULTS_MAX)
		snprintf(hint, sizeof hint, _("只显示前 %d 位，请再多输入几个字"), RESULTS_MAX);
	else
		snprintf(hint, sizeof hint, _("找到 %d 位"), C.nresults);
	if (closed) {
		/* the day is over: say it where the volunteer looks first */
		snprintf(hint, sizeof hint, "%s", _("今天已日结：只能查询，不能兑换"));
		d = ui_attr(app, UI_C_BAD);
	}
	attron(d);
	ui_text(UI_TOP, x + fw + 1, COLS - x - fw - 2, hint, 0);
	attroff(d);
}

static void address(const jf_resident *r, char *buf, size_t len)
{
	char room[128];
	if (r->unit[0])
		snprintf(room, sizeof room, "%s-%s-%s", r->building, r->unit, r->room);
	else if (r->building[0])
		snprintf(room, sizeof room, "%s-%s", r->building, r->room);
	else
		snprintf(room, sizeof room, "%s", r->room);
	snprintf(buf, len, "%s %s", r->compound, room);
}

static void draw_results(ui_app *app)
{
	int y = UI_TOP + 1, bottom = ui_bottom();
	if (C.search_error[0]) {
		attr_t b = ui_attr(app, UI_C_BAD);
		attron(b);
		ui_text(y + 1, 2, COLS - 4, C.search_error, 0);
		attroff(b);
		return;
	}
	if (C.lookup.len == 0) {
		attr_t d = ui_attr(app, UI_C_DIM);
		attron(d);
		ui_text(y + 1, 2, COLS - 4,
		        _("请输入：拼音首字母（如 dmy）、姓名、手机号或后四位、房号（如 "
		          "3-2-501），或直接刷居民卡"),
		        0);
		attroff(d);
		return;
	}
	if (C.nresults == 0) {
		ui_text(y + 1, 2, COLS - 4, _("没有找到匹配的居民"), 0);
		return;
	}
	int namew = 14, phonew = 12, balw = 10, cardw = COLS >= 100 ? 16 : 0;
	int addrw = COLS - 2 - namew - phonew - balw - cardw - 4;
	attr_t h = ui_attr(app, UI_C_HEAD);
	attron(h);
	int x = 1;
	x += ui_text(y, x, namew, _("姓名"), 1) + 1;
	x += ui_text(y, x, addrw, _("住址"), 1) + 1;
	x += ui_text(y, x, phonew, _("电话"), 1) + 1;
	if (cardw)
		x += ui_text(y, x, cardw, _("卡号"), 1) + 1;
	ui_text_right(y, x, balw, _("余额"));
	attroff(h);
	y++;
	ui_list_count(&C.rl, C.nresults);
	ui_list_show(&C.rl, bottom - y + 1);
	for (int i = C.rl.top; i < C.nresults && y <= bottom; i++, y++) {
		const jf_resident *r = &C.results[i];
		char addr[256], phone[32], bal[32];
		address(r, addr, sizeof addr);
		jf_mask_phone(r->phone, phone, sizeof phone);
		ui_points(r->balance, bal, sizeof bal);
		attr_t a = i == C.rl.sel ? ui_attr(app, UI_C_SELECT) : A_NORMAL;
		attron(a);
		ui_blank(y, 0, COLS);
		x = 1;
		x += ui_text(y, x, namew, r->name, 1) + 1;
		x += ui_text(y, x, addrw, addr, 1) + 1;
		x += ui_text(y, x, phonew, phone, 1) + 1;
		if (cardw)
			x += ui_text(y, x, cardw, r->card, 1) + 1;
		ui_text_right(y, x, balw, bal);
		attroff(a);
	}
}

static void draw_resident(ui_app *app, int w)
{
	int y = UI_TOP + 1, x = 1, bottom = ui_bottom();
	const jf_resident *r = &C.res;
	char buf[256], addr[256], phone[32], n1[32], n2[32];
	attr_t h = ui_attr(app, UI_C_HEAD);
	attron(h | A_BOLD);
	snprintf(buf, sizeof buf, "%s%s", r->name, r->party ? _("（党员）") : "");
	ui_text(y++, x, w, buf, 0);
	attroff(h | A_BOLD);
	address(r, addr, sizeof addr);
	ui_text(y++, x, w, addr, 0);
	jf_mask_phone(r->phone, phone, sizeof phone);
	snprintf(buf, sizeof buf, "%s %s", _("电话"), phone[0] ? phone : "-");
	ui_text(y++, x, w, buf, 0);
	y++;
	ui_points(r->balance, n1, sizeof n1);
	snprintf(buf, sizeof buf, _("余额 %s 分"), n1);
	attron(h);
	ui_text(y++, x, w, buf, 0);
	attroff(h);
	if (bottom - y >= 12 && ui_big_number(app, y, x, w, r->balance) > 0)
		y += 6;
	ui_points(C.earned, n1, sizeof n1);
	ui_points(C.spent, n2, sizeof n2);
	snprintf(buf, sizeof buf, _("本月 获得 %s 分，兑换 %s 分"), n1, n2);
	ui_text(y++, x, w, buf, 0);
	if (y + 1 > bottom)
		return;
	y++;
	attron(h);
	ui_text(y++, x, w, _("最近记录"), 0);
	attroff(h);
	if (C.nrecent == 0)
		ui_text(y++, x, w, _("（还没有记录）"), 0);
	/* the kind column is as wide as its widest label: 4 in Chinese, more in
	 * English ("Redeem") */
	static const char *const kinds[] = {"award", "redeem", "void", "adjust"};
	int kindw = 4;
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		int kw = jf_text_width(jf_entry_kind_label(kinds[k]));
		if (kw > kindw)
			kindw = kw;
	}
	for (int i = 0; i < C.nrecent && y <= bottom; i++) {
		const jf_entry *e = &C.recent[i];
		char pts[32];
		snprintf(pts, sizeof pts, "%+lld", (long long)e->points);
		x = 1;
		x += ui_text(y, x, 5, e->day + 5, 1) + 1;
		x += ui_text(y, x, kindw, jf_entry_kind_label(e->kind), 1) + 1;
		x += ui_text_right(y, x, 6, pts) + 1;
		ui_text(y, x, w - (x - 1), e->what, 0);
		y++;
	}
}

/* The row layout of the visible catalog: group headings and items. */
static void draw_catalog(ui_app *app, int x0, int w, int y0, int y1)
{
	attr_t h = ui_attr(app, UI_C_HEAD);
	int y = y0;
	attron(h);
	int lx = x0 + ui_text(y, x0, 10, C.focus == F_CATALOG ? _("物品 >") : _("物品"), 0) + 1;
	attroff(h);
	ui_text(y, lx, 6, _("筛选"), 0);
	ui_field_draw(app, &C.filter, y, lx + 5, w - (lx + 5 - x0) - 1);
	y++;
	/* a wider terminal shows the monthly limit and the sponsor too */
	int codew = 7, ptsw = 6, stockw = 6, markw = 5;
	int limw = w >= 60 ? 9 : 0, sponw = w >= 90 ? 18 : 0;
	int namew =
	    w - codew - ptsw - stockw - markw - 4 - (limw ? limw + 1 : 0) - (sponw ? sponw + 1 : 0);
	attron(ui_attr(app, UI_C_DIM));
	int x = x0;
	x += ui_text(y, x, codew, _("代码"), 1) + 1;
	x += ui_text(y, x, namew, _("名称"), 1) + 1;
	x += ui_text_right(y, x, ptsw, _("积分")) + 1;
	x += ui_text_right(y, x, stockw, _("库存")) + 1;
	if (limw)
		x += ui_text_right(y, x, limw, _("本月/上限")) + 1;
	if (sponw)
		x += ui_text(y, x, sponw, _("捐赠方"), 1) + 1;
	ui_text(y, x, markw, _("状态"), 0);
	attroff(ui_attr(app, UI_C_DIM));
	y++;
	if (C.nshown == 0) {
		ui_text(y, x0, w, C.nitems ? _("没有匹配的物品") : _("目录是空的"), 0);
		return;
	}
	int rows = y1 - y + 1;
	if (rows < 1)
		return;
	/* rows needed from itop to isel, headings included */
	if (C.isel < C.itop)
		C.itop = C.isel;
	for (;;) {
		int need = 0;
		int prev_kind = -1;
		for (int i = C.itop; i <= C.isel; i++) {
			int k = (int)C.items[C.shown[i]].kind;
			if (k != prev_kind)
				need++;
			prev_kind = k;
			need++;
		}
		if (need <= rows || C.itop >= C.isel)
			break;
		C.itop++;
	}
	int64_t avail = C.res.balance - cart_total();
	int prev_kind = -1;
	for (int i = C.itop; i < (int)C.nshown && y <= y1; i++) {
		size_t k = (size_t)C.shown[i];
		const jf_item *it = &C.items[k];
		if ((int)it->kind != prev_kind) {
			attron(h | A_UNDERLINE);
			ui_text(y++, x0, w, jf_item_kind_label(it->kind), 0);
			attroff(h | A_UNDERLINE);
			prev_kind = (int)it->kind;
			if (y > y1)
				break;
		}
		const char *why = item_refusal(k, 1);
		char pts[32], stock[32];
		snprintf(pts, sizeof pts, "%lld", (long long)it->points);
		if (jf_item_kind_stocked(it->kind))
			snprintf(stock, sizeof stock, "%lld", (long long)it->stock);
		else
			snprintf(stock, sizeof stock, "-");
		attr_t a = A_NORMAL;
		if (why)
			a = ui_attr(app, UI_C_DIM);
		else if (it->points <= avail)
			a = ui_attr(app, UI_C_GOOD);
		if (i == C.isel && C.focus == F_CATALOG)
			a = ui_attr(app, UI_C_SELECT);
		attron(a);
		ui_blank(y, x0, w);
		x = x0;
		x += ui_text(y, x, codew, it->code, 1) + 1;
		x += ui_text(y, x, namew, it->name, 1) + 1;
		x += ui_text_right(y, x, ptsw, pts) + 1;
		x += ui_text_right(y, x, stockw, stock) + 1;
		if (limw) {
			char lim[32] = "-";
			if (it->monthly_limit > 0)
				snprintf(lim, sizeof lim, "%lld/%lld", (long long)C.extra[k].used,
				         (long long)it->monthly_limit);
			x += ui_text_right(y, x, limw, lim) + 1;
		}
		if (sponw)
			x += ui_text(y, x, sponw, it->sponsor, 1) + 1;
		const char *mark = why ? why : it->points > avail ? _("不够") : "";
		ui_text(y, x, markw, mark, 0);
		attroff(a);
		y++;
	}
}

static void draw_cart(ui_app *app, int x0, int w, int y0, int y1)
{
	attr_t h = ui_attr(app, UI_C_HEAD);
	int y = y0;
	attron(h);
	ui_text(y++, x0, w, C.focus == F_CART ? _("购物车 >") : _("购物车"), 0);
	attroff(h);
	int ptsw = 8, qtyw = 6;
	int namew = w - ptsw - qtyw - 2;
	int rows = y1 - y; /* the last row is the total */
	if (C.ncart == 0) {
		attron(ui_attr(app, UI_C_DIM));
		ui_text(y, x0, w, _("（空）按 Enter 把高亮的物品加入"), 0);
		attroff(ui_attr(app, UI_C_DIM));
	}
	ui_list cl = {.n = C.ncart, .sel = C.csel};
	ui_list_show(&cl, rows);
	for (int i = cl.top; i < C.ncart && y < y1; i++, y++) {
		int k = item_index(C.cart[i].item_id);
		if (k < 0)
			continue;
		char qty[32], pts[32];
		snprintf(qty, sizeof qty, "x%lld", (long long)C.cart[i].qty);
		snprintf(pts, sizeof pts, "%lld", (long long)(C.items[k].points * C.cart[i].qty));
		attr_t a = i == C.csel && C.focus == F_CART ? ui_attr(app, UI_C_SELECT) : A_NORMAL;
		attron(a);
		ui_blank(y, x0, w);
		int x = x0;
		x += ui_text(y, x, namew, C.items[k].name, 1) + 1;
		x += ui_text_right(y, x, qtyw, qty) + 1;
		ui_text_right(y, x, ptsw, pts);
		attroff(a);
	}
	int64_t total = cart_total(), after = C.res.balance - total;
	char t[32], af[32], buf[256];
	ui_points(total, t, sizeof t);
	ui_points(after, af, sizeof af);
	snprintf(buf, sizeof buf, _("合计 %s 分  结账后余额 %s 分"), t, af);
	attr_t a = after < 0 ? ui_attr(app, UI_C_BAD) : ui_attr(app, UI_C_HEAD);
	attron(a);
	ui_text(y1, x0, w, buf, 0);
	if (after < 0)
		ui_text(y1, x0 + jf_text_width(buf) + 1, w - jf_text_width(buf) - 1,
		        _("（积分不够）"), 0);
	attroff(a);
}

static void counter_draw(ui_app *app)
{
	if (C.dirty)
		search(app);
	draw_lookup(app);
	if (!C.picked) {
		draw_results(app);
		return;
	}
	int lw = left_width();
	draw_resident(app, lw - 1);
	attr_t d = ui_attr(app, UI_C_DIM);
	attron(d);
	for (int y = UI_TOP + 1; y <= ui_bottom(); y++)
		mvaddch(y, lw, '|');
	attroff(d);
	int x0 = lw + 2, w = COLS - x0 - 1;
	int bottom = ui_bottom();
	int body = bottom - (UI_TOP + 1) + 1;
	int cart_rows = C.ncart < 1 ? 1 : C.ncart;
	int max_cart = body / 3;
	if (cart_rows > max_cart)
		cart_rows = max_cart;
	int cart_y0 = bottom - cart_rows - 1;
	draw_catalog(app, x0, w, UI_TOP + 1, cart_y0 - 2);
	draw_cart(app, x0, w, cart_y0 - 1 + 0, bottom);
}

static void counter_cursor(ui_app *app)
{
	(void)app;
	if (!C.picked)
		ui_field_place_cursor(&C.lookup);
	else if (C.focus == F_CATALOG)
		ui_field_place_cursor(&C.filter);
	else
		curs_set(0);
}

/* --- keys ----------------------------------------------------------------- */

static int lookup_key(ui_app *app, ui_action action, int key)
{
	int page = ui_bottom() - UI_TOP - 2;
	switch (action) {
	case UI_A_SUBMIT:
		if (C.dirty)
			search(app);
		if (C.lookup.len == 0) {
			ui_say(app, 1, "%s", _("请先输入要查找的居民"));
			return UI_HANDLED;
		}
		if (C.nresults == 0) {
			ui_say(app, 1, _("没有找到「%s」"), C.lookup.buf);
			return UI_HANDLED;
		}
		/* a card code, phone or name that several residents answer to
		 * (someone's card that is another's phone): never the first of
		 * them at once, as a scanner's Enter would; the list is there to
		 * choose from, and the next Enter takes the one chosen */
		if (C.nexact > 1 && !C.chosen) {
			C.chosen = 1;
			ui_say(app, 1, _("「%s」对应 %d 位居民：请用 ↑↓ 选出要找的那一位，再按 Enter"),
			       C.lookup.buf, C.nexact);
			return UI_HANDLED;
		}
		pick(app, &C.results[C.rl.sel]);
		return UI_HANDLED;
	case UI_A_UP:
	case UI_A_DOWN:
	case UI_A_PAGEUP:
	case UI_A_PAGEDOWN:
		ui_list_count(&C.rl, C.nresults);
		ui_list_key(&C.rl, action, page);
		C.chosen = 1;
		return UI_HANDLED;
	case UI_A_LEAVE:
		leave(app, 0);
		ui_say_clear(app);
		return UI_HANDLED;
	case UI_A_MORE:
	case UI_A_LESS:
	case UI_A_FOCUS:
	default:
		break;
	}
	int r = ui_field_key(&C.lookup, key);
	if (r == 1) {
		C.dirty = 1;
		if (app->message[0])
			ui_say_clear(app);
	}
	return r ? UI_HANDLED : UI_IGNORED;
}

static void leave_yes(ui_app *app, void *ctx)
{
	(void)ctx;
	leave(app, 1);
}

/* Esc or F2 with a resident open: a cart with something in it is never
 * emptied by one key (a stray Esc, a second one after a staff screen); the
 * volunteer is asked first. */
static void leave_asked(ui_app *app)
{
	if (C.ncart == 0) {
		leave(app, 1);
		return;
	}
	static char q[512];
	int64_t pieces = 0;
	for (int i = 0; i < C.ncart; i++)
		pieces += C.cart[i].qty;
	snprintf(q, sizeof q,
	         ngettext("购物车里有 %lld 件物品。\n离开%s并清空购物车吗？",
	                  "购物车里有 %lld 件物品。\n离开%s并清空购物车吗？", (unsigned long)pieces),
	         (long long)pieces, C.res.name);
	ui_confirm_arg arg = {.question = q, .yes = leave_yes, .ctx = NULL};
	ui_push(app, &ui_confirm_screen, &arg);
}

static int picked_key(ui_app *app, ui_action action, int key)
{
	int page = ui_bottom() - UI_TOP - 4;
	switch (action) {
	case UI_A_LEAVE:
		leave_asked(app);
		return UI_HANDLED;
	case UI_A_FOCUS:
		if (C.focus == F_CATALOG && C.ncart > 0)
			C.focus = F_CART;
		else
			C.focus = F_CATALOG;
		return UI_HANDLED;
	case UI_A_MORE:
		cart_change(app, 1);
		return UI_HANDLED;
	case UI_A_LESS:
		cart_change(app, -1);
		return UI_HANDLED;
	case UI_A_UP:
	case UI_A_DOWN:
	case UI_A_PAGEUP:
	case UI_A_PAGEDOWN: {
		/* the cart's highlight and the catalog's (whose scroll counts
		 * its group headings, draw_catalog) move as one list widget */
		int cart = C.focus == F_CART;
		ui_list l = {.n = cart ? C.ncart : (int)C.nshown, .sel = cart ? C.csel : C.isel};
		ui_list_key(&l, action, page);
		*(cart ? &C.csel : &C.isel) = l.sel;
		return UI_HANDLED;
	}
	case UI_A_SUBMIT:
		if (C.focus == F_CART) {
			C.focus = F_CATALOG;
			return UI_HANDLED;
		}
		if (C.nshown == 0) {
			/* the next resident's card, scanned while this one is open */
			jf_resident r;
			int n = 0, exact = 0;
			if (C.filter.len > 0 &&
			    jf_resident_search(app->db, C.filter.buf, 0, &r, 1, &n, &exact) ==
			        JF_OK &&
			    n == 1 && !exact) {
				/* a card several residents answer to: choose in the list */
				jf_resident two[2];
				int nexact = 0;
				if (jf_resident_lookup(app->db, C.filter.buf, 0, two, 2, &n, &nexact) ==
				        JF_OK &&
				    nexact > 1) {
					ui_say(app, 1,
					       _("「%s」对应 %d 位居民：先按 Esc 离开，再在列表里选择"),
					       C.filter.buf, nexact);
					ui_field_clear(&C.filter);
					catalog_filter();
					return UI_HANDLED;
				}
				n = 0;
			}
			/* a resident's card is not an item: it never stays in the filter */
			if (n == 1 && exact && r.id == C.res.id) {
				ui_say(app, 0, _("这是%s的卡，已经打开"), C.res.name);
				ui_field_clear(&C.filter);
				catalog_filter();
				return UI_HANDLED;
			}
			if (n == 1 && exact) {
				if (C.ncart > 0) {
					ui_say(app, 1, _("这是%s的卡：先给%s结账，或按 Esc 离开"),
					       r.name, C.res.name);
					ui_field_clear(&C.filter);
					catalog_filter();
					return UI_HANDLED;
				}
				pick(app, &r);
				return UI_HANDLED;
			}
			ui_say(app, 1, _("没有匹配「%s」的物品"), C.filter.buf);
			return UI_HANDLED;
		}
		cart_add(app, (size_t)C.shown[C.isel]);
		/* ready for the next code */
		if (C.filter.len) {
			ui_field_clear(&C.filter);
			catalog_filter();
		}
		return UI_HANDLED;
	default:
		break;
	}
	if (C.focus == F_CART) {
		if (action == UI_A_REMOVE || key == UI_FKEY(KEY_BACKSPACE) || key == 0x7f) {
			if (C.ncart > 0) {
				C.cart[C.csel].qty = 1;
				cart_change(app, -1);
			}
			return UI_HANDLED;
		}
		if (!ui_key_printable(key))
			return UI_IGNORED;
		C.focus = F_CATALOG; /* typing goes to the filter */
	}
	int r = ui_field_key(&C.filter, key);
	if (r == 1)
		catalog_filter();
	return r ? UI_HANDLED : UI_IGNORED;
}

static int counter_key(ui_app *app, ui_action action, int key)
{
	/* after any key the screen shows what the database holds now */
	follow_changes(app);
	switch (action) {
	case UI_A_QUIT:
		if (C.picked && C.ncart > 0) {
			ui_say(app, 1, "%s", _("购物车里还有物品：先结账或按 Esc 离开该居民"));
			return UI_HANDLED;
		}
		jf_op_free(app->op);
		app->op = NULL;
		ui_say(app, 0, "%s", _("已退出登录"));
		ui_reset(app, &ui_login_screen, NULL);
		return UI_HANDLED;
	case UI_A_CHECKOUT:
		checkout(app);
		return UI_HANDLED;
	case UI_A_VOID:
	case UI_A_REPRINT:
		if (!ui_is_staff(app)) {
			ui_say(app, 1, "%s", _("需要工作人员登录"));
			return UI_HANDLED;
		}
		ui_push(app, action == UI_A_VOID ? &ui_void_screen : &ui_reprint_screen, NULL);
		return UI_HANDLED;
	case UI_A_VERIFY:
		ui_push(app, &ui_verify_screen, NULL);
		return UI_HANDLED;
	case UI_A_STAFF:
		if (!ui_is_staff(app)) {
			ui_say(app, 1, "%s", _("需要工作人员登录"));
			return UI_HANDLED;
		}
		ui_push(app, &ui_staff_screen, NULL);
		return UI_HANDLED;
	case UI_A_CLEAR:
		if (!C.picked) {
			ui_field_clear(&C.lookup);
			C.dirty = 1;
		} else {
			ui_field_clear(&C.filter);
			catalog_filter();
		}
		return UI_HANDLED;
	default:
		break;
	}
	return C.picked ? picked_key(app, action, key) : lookup_key(app, action, key);
}

static void counter_open(ui_app *app, const void *arg)
{
	(void)arg;
	memset(&C, 0, sizeof C);
	ui_field_init(&C.lookup, JF_CARD_MAX);
	ui_field_init(&C.filter, JF_CODE_MAX);
	catalog_load(app);
	leave(app, 0);
}

static void counter_close(ui_app *app)
{
	(void)app;
	catalog_free();
	memset(&C, 0, sizeof C);
}

/* Back on top after another screen (a void, a receipt, goods received):
 * the balances and the stock may have moved, on this very connection (which
 * jf_db_changed does not see). */
static void counter_resume(ui_app *app)
{
	if (C.picked)
		reload_figures(app);
	C.dirty = C.lookup.len > 0;
}

int ui_counter_busy(char *who, size_t len, int64_t *pieces)
{
	*pieces = 0;
	if (!C.picked)
		return 0;
	snprintf(who, len, "%s", C.res.name);
	for (int i = 0; i < C.ncart; i++)
		*pieces += C.cart[i].qty;
	return 1;
}

const ui_screen ui_counter_screen = {
    .id = UI_S_COUNTER,
    .title = N_("柜台"),
    .open = counter_open,
    .draw = counter_draw,
    .key = counter_key,
    .cursor = counter_cursor,
    .close = counter_close,
    .resume = counter_resume,
};
