/* Staff: goods received (入库) — the item, how many, the sponsor who gave
 * them — and a physical count (盘点) — the item and the figure counted,
 * the difference from the book recorded as a count.  One screen, two
 * titles; only goods and produce have stock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "staff.h"
#include "jifen/catalog.h"
#include "jifen/ledger.h"
#include "jifen/resident.h"
#include "jifen/text.h"

enum { F_ITEM, F_QTY, F_SPONSOR, F_KIND, F_NOTE, F_COUNT };

typedef struct {
	char name[97];
	jf_sponsor_kind kind;
} sponsor;

static struct {
	int counting; /* 盘点 rather than 入库 */
	ui_field f[F_COUNT];
	int focus;

	jf_item *items; /* stocked items only */
	staff_keys *keys;
	int *shown;
	int nitems, nshown;
	ui_list il; /* over shown[] */
	int has_item;
	jf_item item;

	sponsor *sponsors; /* the sponsors named on items */
	int nsponsors;
	int *sshown;
	int nsshown, ssel, stop;
	char squery[UI_FIELD_BYTES]; /* what was typed, before a suggestion */
	jf_sponsor_kind new_kind;    /* for a sponsor not seen before */

	char last[256]; /* what the last commit did */
	char question[1024];
} S;

static void free_all(void)
{
	free(S.items);
	free(S.keys);
	free(S.shown);
	free(S.sponsors);
	free(S.sshown);
	S.items = NULL;
	S.keys = NULL;
	S.shown = NULL;
	S.sponsors = NULL;
	S.sshown = NULL;
	S.nitems = S.nshown = S.nsponsors = S.nsshown = 0;
}

static void items_filter(void)
{
	const char *q = S.f[F_ITEM].buf;
	int exact = -1;
	S.nshown = 0;
	for (int i = 0; i < S.nitems; i++) {
		if (!staff_match(q, S.items[i].code, S.items[i].name, &S.keys[i]))
			continue;
		if (*q && exact < 0 && strcasecmp(S.items[i].code, q) == 0)
			exact = S.nshown;
		S.shown[S.nshown++] = i;
	}
	S.il.sel = exact >= 0 ? exact : 0;
	S.il.top = 0;
}

static void sponsors_filter(void)
{
	S.nsshown = 0;
	for (int i = 0; i < S.nsponsors; i++)
		if (!S.squery[0] || strstr(S.sponsors[i].name, S.squery))
			S.sshown[S.nsshown++] = i;
	S.ssel = -1; /* nothing taken from the list yet */
	S.stop = 0;
}

/* The known sponsor of that name, or NULL: a new one needs its kind. */
static const sponsor *sponsor_known(const char *name)
{
	for (int i = 0; i < S.nsponsors; i++)
		if (strcmp(S.sponsors[i].name, name) == 0)
			return &S.sponsors[i];
	return NULL;
}

static void load(ui_app *app)
{
	int64_t keep = S.has_item ? S.item.id : 0;
	free_all();
	jf_item *all = NULL;
	size_t n = 0;
	if (jf_item_list(app->db, 1, &all, &n) != JF_OK) {
		ui_say(app, 1, "%s", jf_db_error(app->db));
		n = 0;
	}
	S.items = calloc(n ? n : 1, sizeof *S.items);
	S.keys = calloc(n ? n : 1, sizeof *S.keys);
	S.shown = calloc(n ? n : 1, sizeof *S.shown);
	S.sponsors = calloc(n ? n : 1, sizeof *S.sponsors);
	S.sshown = calloc(n ? n : 1, sizeof *S.sshown);
	if (!S.items || !S.keys || !S.shown || !S.sponsors || !S.sshown)
		ui_fatal("calloc");
	for (size_t i = 0; i < n; i++) {
		const jf_item *it = &all[i];
		if (it->sponsor[0] && !sponsor_known(it->sponsor)) {
			sponsor *s = &S.sponsors[S.nsponsors++];
			snprintf(s->name, sizeof s->name, "%s", it->sponsor);
			s->kind = it->sponsor_kind;
		}
		if (!it->active || !jf_item_kind_stocked(it->kind))
			continue;
		S.items[S.nitems] = *it;
		staff_keys_make(it->name, 0, &S.keys[S.nitems]);
		if (it->id == keep)
			S.item = *it; /* its stock as it is now */
		S.nitems++;
	}
	free(all);
	items_filter();
	sponsors_filter();
}

/* The fields in their order on this screen: 盘点 has no sponsor, and the
 * kind is asked only for a sponsor not seen before. */
static int field_shown(int f)
{
	if (f == F_SPONSOR)
		return !S.counting;
	if (f == F_KIND)
		return !S.counting && S.f[F_SPONSOR].len > 0 && !sponsor_known(S.f[F_SPONSOR].buf);
	return 1;
}

static void focus_step(int dir)
{
	int f = S.focus;
	do
		f = (f + dir + F_COUNT) % F_COUNT;
	while (!field_shown(f));
	S.focus = f;
}

static void pick_item(ui_app *app)
{
	if (S.nshown == 0) {
		ui_say(app, 1, _("没有匹配「%s」的物品（只有生活用品和农副产品计库存）"),
		       S.f[F_ITEM].buf);
		return;
	}
	S.item = S.items[S.shown[S.il.sel]];
	S.has_item = 1;
	ui_field_clear(&S.f[F_ITEM]);
	items_filter();
	if (!S.counting && S.item.sponsor[0]) {
		ui_field_set(&S.f[F_SPONSOR], S.item.sponsor);
		snprintf(S.squery, sizeof S.squery, "%s", "");
		sponsors_filter();
	}
	S.focus = F_QTY;
	ui_say_clear(app);
}

static int qty_value(int64_t *v)
{
	if (S.f[F_QTY].len == 0)
		return 0;
	*v = strtoll(S.f[F_QTY].buf, NULL, 10);
	return 1;
}

/* --- committing ------------------------------------------------------------ */

static void stock_yes(ui_app *app, void *ctx)
{
	(void)ctx;
	int64_t qty;
	if (!S.has_item || !qty_value(&qty))
		return;
	jf_status st;
	const char *note = S.f[F_NOTE].len ? S.f[F_NOTE].buf : NULL;
	int64_t before = S.item.stock;
	if (S.counting) {
		st = jf_stock_count(app->db, app->op, S.item.id, qty, note);
	} else {
		int64_t sid = 0;
		st = JF_OK;
		if (S.f[F_SPONSOR].len) {
			const sponsor *k = sponsor_known(S.f[F_SPONSOR].buf);
			st = jf_sponsor_ensure(app->db, app->op, S.f[F_SPONSOR].buf,
			                       k ? k->kind : S.new_kind, &sid);
		}
		if (st == JF_OK)
			st = jf_stock_in(app->db, app->op, S.item.id, qty, sid, note);
	}
	if (st != JF_OK) {
		ui_say(app, 1, "%s", jf_db_error(app->db));
		return;
	}
	jf_item now;
	if (jf_item_get(app->db, S.item.id, &now) != JF_OK)
		now = S.item;
	if (S.counting)
		snprintf(S.last, sizeof S.last, _("%s 盘点：账面 %lld，实点 %lld（差额 %+lld）"),
		         now.name, (long long)before, (long long)now.stock,
		         (long long)(now.stock - before));
	else
		snprintf(S.last, sizeof S.last, _("%s 入库 %lld%s，现有库存 %lld"), now.name,
		         (long long)qty, now.unit, (long long)now.stock);
	ui_say(app, 0, "%s", S.last);
	S.has_item = 0;
	ui_field_clear(&S.f[F_QTY]);
	ui_field_clear(&S.f[F_NOTE]);
	ui_field_clear(&S.f[F_SPONSOR]);
	S.squery[0] = '\0';
	S.focus = F_ITEM;
	load(app);
}

static void submit(ui_app *app)
{
	int64_t qty;
	if (!S.has_item) {
		S.focus = F_ITEM;
		ui_say(app, 1, "%s", _("请先选择物品"));
		return;
	}
	if (!qty_value(&qty)) {
		S.focus = F_QTY;
		ui_say(app, 1, "%s", S.counting ? _("请输入实际点到的数量") : _("请输入入库数量"));
		return;
	}
	if (S.counting) {
		snprintf(S.question, sizeof S.question,
		         _("盘点 %s %s：实点 %lld%s\n账面 %lld%s，差额 %+lld\n确认盘点吗？"),
		         S.item.code, S.item.name, (long long)qty, S.item.unit,
		         (long long)S.item.stock, S.item.unit, (long long)(qty - S.item.stock));
	} else {
		char who[256];
		const sponsor *k = sponsor_known(S.f[F_SPONSOR].buf);
		if (!S.f[F_SPONSOR].len)
			snprintf(who, sizeof who, "%s", _("捐赠方：无"));
		else
			snprintf(who, sizeof who, _("捐赠方：%s（%s%s）"), S.f[F_SPONSOR].buf,
			         jf_sponsor_kind_label(k ? k->kind : S.new_kind),
			         k ? "" : _("，新登记"));
		snprintf(S.question, sizeof S.question,
		         _("入库 %s %s：%lld%s\n%s\n入库后库存 %lld%s。确认入库吗？"), S.item.code,
		         S.item.name, (long long)qty, S.item.unit, who,
		         (long long)(S.item.stock + qty), S.item.unit);
	}
	ui_confirm_arg arg = {.question = S.question, .yes = stock_yes, .ctx = NULL};
	ui_push(app, &ui_confirm_screen, &arg);
}

/* --- drawing --------------------------------------------------------------- */

#define LABEL_W 10
#define FORM_Y (UI_TOP + 2)

static void draw_items(ui_app *app, int x, int w, int y, int bottom)
{
	int codew = 7, stockw = 7, unitw = 4, sponw = w >= 70 ? 24 : 0;
	int namew = w - codew - stockw - unitw - 4 - (sponw ? sponw + 1 : 0);
	attr_t d = ui_attr(app, UI_C_DIM);
	attron(d);
	int cx = x;
	cx += ui_text(y, cx, codew, _("代码"), 1) + 1;
	cx += ui_text(y, cx, namew, _("名称"), 1) + 1;
	cx += ui_text_right(y, cx, stockw, _("库存")) + 1;
	cx += ui_text(y, cx, unitw, "", 1) + 1;
	if (sponw)
		ui_text(y, cx, sponw, _("捐赠方"), 1);
	attroff(d);
	y++;
	if (S.nshown == 0) {
		ui_text(y, x, w, _("没有匹配的物品（只有生活用品和农副产品计库存）"), 0);
		return;
	}
	ui_list_show(&S.il, bottom - y + 1);
	for (int i = S.il.top; i < S.nshown && y <= bottom; i++, y++) {
		const jf_item *it = &S.items[S.shown[i]];
		char stock[32];
		snprintf(stock, sizeof stock, "%lld", (long long)it->stock);
		attr_t a = i == S.il.sel ? ui_attr(app, UI_C_SELECT) : A_NORMAL;
		attron(a);
		ui_blank(y, x, w);
		cx = x;
		cx += ui_text(y, cx, codew, it->code, 1) + 1;
		cx += ui_text(y, cx, namew, it->name, 1) + 1;
		cx += ui_text_right(y, cx, stockw, stock) + 1;
		cx += ui_text(y, cx, unitw, it->unit, 1) + 1;
		if (sponw)
			ui_text(y, cx, sponw, it->sponsor, 1);
		attroff(a);
	}
}

static void draw_sponsors(ui_app *app, int x, int w, int y, int bottom)
{
	staff_heading(app, y++, x, w, _("已有的捐赠方（上下键选用；新名称直接输入）"));
	staff_scroll(S.ssel < 0 ? 0 : S.ssel, &S.stop, bottom - y + 1);
	for (int i = S.stop; i < S.nsshown && y <= bottom; i++, y++) {
		const sponsor *s = &S.sponsors[S.sshown[i]];
		attr_t a = i == S.ssel ? ui_attr(app, UI_C_SELECT) : A_NORMAL;
		attron(a);
		ui_blank(y, x, w);
		int cx = x + 1;
		cx += ui_text(y, cx, w - 14, s->name, 1) + 1;
		ui_text(y, cx, 12, jf_sponsor_kind_label(s->kind), 0);
		attroff(a);
	}
}

static void draw_summary(ui_app *app, int x, int w, int y, int bottom)
{
	char buf[512];
	int64_t qty = 0;
	int has_qty = qty_value(&qty);
	if (S.has_item) {
		snprintf(buf, sizeof buf, _("%s %s：账面库存 %lld%s"), S.item.code, S.item.name,
		         (long long)S.item.stock, S.item.unit);
		staff_heading(app, y++, x, w, buf);
		if (has_qty && S.counting) {
			int64_t diff = qty - S.item.stock;
			snprintf(buf, sizeof buf, _("实点 %lld%s，差额 %+lld"), (long long)qty,
			         S.item.unit, (long long)diff);
			attr_t a = diff ? ui_attr(app, UI_C_BAD) : ui_attr(app, UI_C_GOOD);
			attron(a);
			ui_text(y++, x, w, buf, 0);
			attroff(a);
		} else if (has_qty) {
			snprintf(buf, sizeof buf, _("入库后 %lld%s"),
			         (long long)(S.item.stock + qty), S.item.unit);
			ui_text(y++, x, w, buf, 0);
		}
		y++;
	}
	if (S.last[0] && y <= bottom) {
		attr_t g = ui_attr(app, UI_C_GOOD);
		attron(g);
		snprintf(buf, sizeof buf, _("上一笔：%s"), S.last);
		ui_text(y++, x, w, buf, 0);
		attroff(g);
	}
	if (y + 1 <= bottom)
		staff_hint(app, y + 1, x, w,
		           S.counting ? _("F5 提交：确认后记下实点数，差额记为盘点")
		                      : _("F5 提交：确认后入库"));
}

static void stock_draw(ui_app *app)
{
	staff_heading(app, UI_TOP, 1, COLS - 2,
	              S.counting ? _("盘点：选物品，输入实际点到的数量")
	                         : _("入库：选物品，输入数量和捐赠方"));
	static const char *const labels[F_COUNT] = {
	    N_("物品"), N_("数量"), N_("捐赠方"), N_("类型"), N_("备注"),
	};
	int y = FORM_Y;
	for (int f = 0; f < F_COUNT; f++) {
		if (!field_shown(f))
			continue;
		const char *label = f == F_QTY && S.counting ? _("实点数量") : _(labels[f]);
		staff_label(app, y, 1, LABEL_W, label, S.focus == f);
		int x = 1 + LABEL_W, rx, rw;
		char buf[256];
		switch (f) {
		case F_ITEM:
			ui_field_draw(app, &S.f[f], y, x, 14);
			rx = x + 16;
			rw = COLS - rx - 1;
			if (S.has_item) {
				snprintf(buf, sizeof buf, _("%s %s（%s，库存 %lld%s）"),
				         S.item.code, S.item.name, jf_item_kind_label(S.item.kind),
				         (long long)S.item.stock, S.item.unit);
				staff_heading(app, y, rx, rw, buf);
			} else {
				staff_hint(app, y, rx, rw, _("代码、名称或拼音首字母，未选"));
			}
			break;
		case F_QTY:
			ui_field_draw(app, &S.f[f], y, x, 10);
			if (S.has_item)
				ui_text(y, x + 11, 8, S.item.unit, 0);
			break;
		case F_KIND:
			snprintf(buf, sizeof buf, "< %s >", jf_sponsor_kind_label(S.new_kind));
			ui_text(y, x, 20, buf, 0);
			staff_hint(app, y, x + 21, COLS - x - 22, _("新的捐赠方：上下键选类型"));
			break;
		default:
			ui_field_draw(app, &S.f[f], y, x, COLS - x - 2 > 60 ? 60 : COLS - x - 2);
			break;
		}
		y++;
	}
	y++;
	int bottom = ui_bottom();
	if (S.focus == F_ITEM)
		draw_items(app, 1, COLS - 2, y, bottom);
	else if (S.focus == F_SPONSOR)
		draw_sponsors(app, 1, COLS - 2, y, bottom);
	else
		draw_summary(app, 1, COLS - 2, y, bottom);
}

static void stock_cursor(ui_app *app)
{
	(void)app;
	if (S.focus == F_KIND)
		curs_set(0);
	else
		ui_field_place_cursor(&S.f[S.focus]);
}

/* --- keys ------------------------------------------------------------------ */

static int move_key(ui_action action)
{
	int page = ui_bottom() - FORM_Y - F_COUNT - 2;
	int d = action == UI_A_UP       ? -1
	        : action == UI_A_DOWN   ? 1
	        : action == UI_A_PAGEUP ? -page
	                                : page;
	switch (S.focus) {
	case F_ITEM:
		ui_list_count(&S.il, S.nshown);
		ui_list_key(&S.il, action, page);
		return UI_HANDLED;
	case F_SPONSOR:
		if (S.nsshown == 0)
			return UI_HANDLED;
		if (S.ssel < 0)
			S.ssel = d > 0 ? 0 : S.nsshown - 1;
		else
			staff_move(&S.ssel, S.nsshown, d);
		ui_field_set(&S.f[F_SPONSOR], S.sponsors[S.sshown[S.ssel]].name);
		return UI_HANDLED;
	case F_KIND: {
		int k = (int)S.new_kind - 1 + (d > 0 ? 1 : 2);
		S.new_kind = (jf_sponsor_kind)(k % 3 + 1);
		return UI_HANDLED;
	}
	default:
		return UI_IGNORED;
	}
}

static int stock_key(ui_app *app, ui_action action, int key)
{
	switch (action) {
	case UI_A_LEAVE:
		if (S.focus == F_ITEM && S.f[F_ITEM].len) {
			ui_field_clear(&S.f[F_ITEM]);
			items_filter();
		} else if (S.focus != F_ITEM) {
			S.focus = F_ITEM;
		} else {
			ui_pop(app);
		}
		return UI_HANDLED;
	case UI_A_SAVE:
		submit(app);
		return UI_HANDLED;
	case UI_A_SUBMIT:
		if (S.focus == F_ITEM) {
			if (S.f[F_ITEM].len == 0 && S.has_item)
				S.focus = F_QTY;
			else
				pick_item(app);
		} else if (S.focus == F_NOTE) {
			submit(app);
		} else if (S.focus == F_QTY && !S.f[F_QTY].len) {
			ui_say(app, 1, "%s",
			       S.counting ? _("请输入实际点到的数量") : _("请输入入库数量"));
		} else {
			focus_step(1);
		}
		return UI_HANDLED;
	case UI_A_FOCUS:
		focus_step(key == UI_FKEY(KEY_BTAB) ? -1 : 1);
		return UI_HANDLED;
	case UI_A_UP:
	case UI_A_DOWN:
	case UI_A_PAGEUP:
	case UI_A_PAGEDOWN:
		return move_key(action);
	default:
		break;
	}
	if (S.focus == F_KIND)
		return UI_IGNORED;
	ui_field *f = &S.f[S.focus];
	int r;
	if (action == UI_A_CLEAR) {
		ui_field_clear(f);
		r = 1;
	} else {
		r = ui_field_key(f, key);
	}
	if (r == 1) {
		if (app->message_bad)
			ui_say_clear(app);
		if (S.focus == F_ITEM) {
			items_filter();
		} else if (S.focus == F_SPONSOR) {
			snprintf(S.squery, sizeof S.squery, "%s", f->buf);
			sponsors_filter();
		}
	}
	return r ? UI_HANDLED : UI_IGNORED;
}

static void stock_open(ui_app *app, const void *arg)
{
	(void)arg;
	free_all();
	memset(&S, 0, sizeof S);
	/* the same operations serve both titles */
	S.counting = ui_top(app) == &ui_stock_count_screen;
	ui_field_init(&S.f[F_ITEM], JF_CODE_MAX);
	ui_field_init(&S.f[F_QTY], 9);
	S.f[F_QTY].digits_only = 1;
	ui_field_init(&S.f[F_SPONSOR], JF_NAME_MAX);
	ui_field_init(&S.f[F_KIND], 1);
	ui_field_init(&S.f[F_NOTE], JF_NOTE_MAX);
	S.new_kind = JF_SPONSOR_ENTERPRISE;
	S.focus = F_ITEM;
	load(app);
}

static void stock_close(ui_app *app)
{
	(void)app;
	free_all();
}

const ui_screen ui_stock_in_screen = {
    .id = UI_S_STOCK,
    .title = N_("入库"),
    .open = stock_open,
    .draw = stock_draw,
    .key = stock_key,
    .cursor = stock_cursor,
    .close = stock_close,
};

const ui_screen ui_stock_count_screen = {
    .id = UI_S_STOCK,
    .title = N_("盘点"),
    .open = stock_open,
    .draw = stock_draw,
    .key = stock_key,
    .cursor = stock_cursor,
    .close = stock_close,
};
