/* Staff: residents (居民).  Find one by any key the counter takes (pinyin,
 * name, phone, card, room), moved-out residents too; Enter edits the
 * highlighted one, F6 registers a new one (a card scanned into the card
 * field is its code), F7 marks the highlighted one moved out or back.
 * Every change is confirmed first and goes through the core's checks
 * (jf_resident_add, jf_resident_edit, jf_resident_set_active): a card code
 * another resident answers to is refused with whose it is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staff.h"
#include "jifen/resident.h"
#include "jifen/text.h"

#define MAXR 50

enum { F_NAME, F_PHONE, F_COMPOUND, F_BUILDING, F_UNIT, F_ROOM, F_CARD, F_PARTY, F_COUNT };

static const char *const labels[F_COUNT] = {
    N_("姓名"), N_("手机号"), N_("小区"), N_("楼栋"), N_("单元"), N_("房号"), N_("卡号"), N_("党员"),
};

static struct {
	ui_field query;
	jf_resident found[MAXR];
	int n, sel, top;
	int editing;     /* the form is open */
	int64_t edit_id; /* 0: a new resident */
	ui_field f[F_PARTY];
	int party;
	int focus;
	char question[1024];
} P;

static void search(ui_app *app)
{
	int n = 0, exact = 0;
	P.n = 0;
	if (!P.query.len) {
		P.sel = P.top = 0;
		return;
	}
	if (jf_resident_search(app->db, P.query.buf, 1, P.found, MAXR, &n, &exact) != JF_OK) {
		ui_say(app, 1, "%s", jf_db_error(app->db));
		n = 0;
	}
	P.n = n;
	if (P.sel >= P.n)
		P.sel = P.n ? P.n - 1 : 0;
}

static void form_open(const jf_resident *r)
{
	static const int sizes[F_PARTY] = {JF_NAME_MAX,  JF_PHONE_MAX * 2, JF_PLACE_MAX, JF_SHORT_MAX,
	                                   JF_SHORT_MAX, JF_SHORT_MAX,     JF_CARD_MAX};
	for (int i = 0; i < F_PARTY; i++)
		ui_field_init(&P.f[i], sizes[i]);
	P.party = 0;
	P.edit_id = 0;
	if (r) {
		ui_field_set(&P.f[F_NAME], r->name);
		ui_field_set(&P.f[F_PHONE], r->phone);
		ui_field_set(&P.f[F_COMPOUND], r->compound);
		ui_field_set(&P.f[F_BUILDING], r->building);
		ui_field_set(&P.f[F_UNIT], r->unit);
		ui_field_set(&P.f[F_ROOM], r->room);
		ui_field_set(&P.f[F_CARD], r->card);
		P.party = r->party;
		P.edit_id = r->id;
	}
	P.focus = F_NAME;
	P.editing = 1;
}

static void form_values(jf_resident_new *r)
{
	memset(r, 0, sizeof *r);
	r->name = P.f[F_NAME].buf;
	r->phone = P.f[F_PHONE].buf;
	r->compound = P.f[F_COMPOUND].buf;
	r->building = P.f[F_BUILDING].buf;
	r->unit = P.f[F_UNIT].buf;
	r->room = P.f[F_ROOM].buf;
	r->card = P.f[F_CARD].buf;
	r->party = P.party;
}

static void save_yes(ui_app *app, void *ctx)
{
	(void)ctx;
	jf_resident_new r;
	int64_t id = P.edit_id;
	form_values(&r);
	jf_status st = id ? jf_resident_edit(app->db, app->op, id, &r)
	                  : jf_resident_add(app->db, app->op, &r, &id);
	if (st != JF_OK) {
		/* the form stays as typed, the card field first if it was the card */
		ui_say(app, 1, "%s", jf_db_error(app->db));
		if (st == JF_EXISTS)
			P.focus = F_CARD;
		return;
	}
	ui_say(app, 0, P.edit_id ? _("已修改居民 %s（编号 %lld）") : _("已登记居民 %s（编号 %lld）"),
	       P.f[F_NAME].buf, (long long)id);
	P.editing = 0;
	/* show the one just saved */
	ui_field_set(&P.query, P.f[F_CARD].len ? P.f[F_CARD].buf : P.f[F_NAME].buf);
	P.sel = 0;
	search(app);
}

static void save(ui_app *app)
{
	if (!P.f[F_NAME].len) {
		P.focus = F_NAME;
		ui_say(app, 1, _("%s不能为空"), _("姓名"));
		return;
	}
	char addr[400];
	staff_address(P.f[F_COMPOUND].buf, P.f[F_BUILDING].buf, P.f[F_UNIT].buf, P.f[F_ROOM].buf,
	              addr, sizeof addr);
	snprintf(P.question, sizeof P.question,
	         P.edit_id ? _("修改居民 %s：%s，手机 %s，卡号 %s%s。\n确认吗？")
	                   : _("登记居民 %s：%s，手机 %s，卡号 %s%s。\n确认吗？"),
	         P.f[F_NAME].buf, addr, P.f[F_PHONE].len ? P.f[F_PHONE].buf : _("无"),
	         P.f[F_CARD].len ? P.f[F_CARD].buf : _("无"), P.party ? _("，党员") : "");
	ui_confirm_arg arg = {.question = P.question, .yes = save_yes, .ctx = NULL};
	ui_push(app, &ui_confirm_screen, &arg);
}

static void move_yes(ui_app *app, void *ctx)
{
	(void)ctx;
	if (P.n == 0)
		return;
	const jf_resident *r = &P.found[P.sel];
	int active = !r->active;
	char name[JF_NAME_MAX + 1];
	snprintf(name, sizeof name, "%s", r->name);
	if (jf_resident_set_active(app->db, app->op, r->id, active) != JF_OK) {
		ui_say(app, 1, "%s", jf_db_error(app->db));
		return;
	}
	ui_say(app, 0, active ? _("%s 已恢复为在住") : _("%s 已标记为搬离，积分记录保留"), name);
	search(app);
}

static void move_resident(ui_app *app)
{
	if (P.n == 0) {
		ui_say(app, 1, "%s", _("先查找并高亮一位居民"));
		return;
	}
	const jf_resident *r = &P.found[P.sel];
	snprintf(P.question, sizeof P.question,
	         r->active ? _("把 %s 标记为搬离？积分记录保留，柜台上不再列出。\n确认吗？")
	                   : _("把已搬离的 %s 恢复为在住？\n确认吗？"),
	         r->name);
	ui_confirm_arg arg = {.question = P.question, .yes = move_yes, .ctx = NULL};
	ui_push(app, &ui_confirm_screen, &arg);
}

/* --- drawing ----------------------------------------------------------------- */

static void draw_form(ui_app *app, int y)
{
	int lw = 10, x = 1 + lw;
	staff_heading(app, y++, 1, COLS - 2,
	              P.edit_id ? _("修改居民") : _("登记新居民"));
	for (int i = 0; i < F_COUNT && y <= ui_bottom(); i++, y++) {
		staff_label(app, y, 1, lw, _(labels[i]), P.focus == i);
		if (i == F_PARTY) {
			char buf[64];
			snprintf(buf, sizeof buf, "< %s >", P.party ? _("是") : _("否"));
			ui_text(y, x, COLS - x - 1, buf, 0);
		} else {
			ui_field_draw(app, &P.f[i], y, x, i == F_CARD || i == F_COMPOUND ? 30 : 20);
		}
		if (i == F_CARD)
			staff_hint(app, y, x + 32, COLS - x - 33, _("可直接刷卡"));
	}
	if (y + 1 <= ui_bottom())
		staff_hint(app, y + 1, 1, COLS - 2,
		           _("Tab 或 Enter 下一项；党员用左右键切换；F5 保存（先确认）；Esc 放弃"));
}

static void draw_list(ui_app *app, int y)
{
	int bottom = ui_bottom();
	staff_label(app, y, 1, 10, _("查找"), 1);
	ui_field_draw(app, &P.query, y++, 11, 30);
	staff_hint(app, y++, 1, COLS - 2,
	           _("拼音、姓名、手机号、卡号或房号；Enter 修改高亮的居民，F6 登记，F7 搬离/回住"));
	if (!P.query.len || P.n == 0) {
		if (P.query.len)
			staff_hint(app, y + 1, 1, COLS - 2, _("没有相符的居民；F6 登记一位新居民"));
		return;
	}
	y++;
	staff_scroll(P.sel, &P.top, bottom - y + 1);
	for (int i = P.top; i < P.n && y <= bottom; i++, y++) {
		const jf_resident *r = &P.found[i];
		char addr[400], bal[32];
		staff_address(r->compound, r->building, r->unit, r->room, addr, sizeof addr);
		ui_points(r->balance, bal, sizeof bal);
		attr_t a = i == P.sel ? ui_attr(app, UI_C_SELECT)
		           : !r->active ? ui_attr(app, UI_C_DIM)
		                        : A_NORMAL;
		attron(a);
		ui_blank(y, 0, COLS);
		int x = 1;
		x += ui_text(y, x, 10, r->name, 1) + 1;
		x += ui_text(y, x, 26, addr, 1) + 1;
		x += ui_text(y, x, 12, r->phone, 1) + 1;
		x += ui_text(y, x, 10, r->card, 1) + 1;
		x += ui_text_right(y, x, 6, bal) + 1;
		ui_text(y, x, COLS - x - 1, r->active ? "" : _("已搬离"), 0);
		attroff(a);
	}
}

static void people_draw(ui_app *app)
{
	int y = UI_TOP;
	staff_heading(app, y++, 1, COLS - 2, _("居民：查找、登记、修改、搬离"));
	y++;
	if (P.editing)
		draw_form(app, y);
	else
		draw_list(app, y);
}

static void people_cursor(ui_app *app)
{
	(void)app;
	if (!P.editing)
		ui_field_place_cursor(&P.query);
	else if (P.focus < F_PARTY)
		ui_field_place_cursor(&P.f[P.focus]);
	else
		curs_set(0);
}

/* --- keys --------------------------------------------------------------------- */

static int form_key(ui_app *app, ui_action action, int key)
{
	switch (action) {
	case UI_A_LEAVE:
		P.editing = 0;
		ui_say_clear(app);
		return UI_HANDLED;
	case UI_A_SAVE:
		save(app);
		return UI_HANDLED;
	case UI_A_SUBMIT:
		if (P.focus == F_PARTY)
			save(app);
		else
			P.focus++;
		return UI_HANDLED;
	case UI_A_FOCUS:
		P.focus = key == UI_FKEY(KEY_BTAB) ? (P.focus + F_COUNT - 1) % F_COUNT
		                                   : (P.focus + 1) % F_COUNT;
		return UI_HANDLED;
	case UI_A_UP:
		if (P.focus > 0)
			P.focus--;
		return UI_HANDLED;
	case UI_A_DOWN:
		if (P.focus < F_COUNT - 1)
			P.focus++;
		return UI_HANDLED;
	case UI_A_PREV:
	case UI_A_NEXT:
		if (P.focus == F_PARTY) {
			P.party = !P.party;
			return UI_HANDLED;
		}
		break;
	case UI_A_CLEAR:
		if (P.focus < F_PARTY)
			ui_field_clear(&P.f[P.focus]);
		return UI_HANDLED;
	default:
		break;
	}
	if (P.focus == F_PARTY) {
		if (key == 'y' || key == '1' || key == ' ')
			P.party = key == ' ' ? !P.party : 1;
		else if (key == 'n' || key == '0')
			P.party = 0;
		return UI_HANDLED;
	}
	int r = ui_field_key(&P.f[P.focus], key);
	if (r == 1 && app->message_bad)
		ui_say_clear(app);
	return r ? UI_HANDLED : UI_IGNORED;
}

static int people_key(ui_app *app, ui_action action, int key)
{
	if (P.editing)
		return form_key(app, action, key);
	int page = ui_bottom() - UI_TOP - 5;
	switch (action) {
	case UI_A_LEAVE:
		if (P.query.len) {
			ui_field_clear(&P.query);
			search(app);
		} else {
			ui_pop(app);
		}
		return UI_HANDLED;
	case UI_A_NEWONE:
		ui_say_clear(app);
		form_open(NULL);
		return UI_HANDLED;
	case UI_A_MOVEOUT:
		move_resident(app);
		return UI_HANDLED;
	case UI_A_SUBMIT:
		if (P.n > 0) {
			ui_say_clear(app);
			form_open(&P.found[P.sel]);
		} else {
			ui_say(app, 0, "%s", _("没有相符的居民；F6 登记一位新居民"));
		}
		return UI_HANDLED;
	case UI_A_UP:
	case UI_A_DOWN:
	case UI_A_PAGEUP:
	case UI_A_PAGEDOWN:
		staff_move(&P.sel, P.n,
		           action == UI_A_UP       ? -1
		           : action == UI_A_DOWN   ? 1
		           : action == UI_A_PAGEUP ? -page
		                                   : page);
		return UI_HANDLED;
	case UI_A_CLEAR:
		ui_field_clear(&P.query);
		search(app);
		return UI_HANDLED;
	default:
		break;
	}
	int r = ui_field_key(&P.query, key);
	if (r == 1) {
		if (app->message_bad)
			ui_say_clear(app);
		P.sel = 0;
		search(app);
	}
	return r ? UI_HANDLED : UI_IGNORED;
}

static void people_open(ui_app *app, const void *arg)
{
	(void)app;
	(void)arg;
	memset(&P, 0, sizeof P);
	ui_field_init(&P.query, 64);
}

static void people_close(ui_app *app)
{
	(void)app;
	memset(&P, 0, sizeof P);
}

const ui_screen ui_residents_screen = {
    .id = UI_S_PEOPLE,
    .title = N_("居民"),
    .open = people_open,
    .draw = people_draw,
    .key = people_key,
    .cursor = people_cursor,
    .close = people_close,
};
