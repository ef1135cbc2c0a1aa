/* 积分查询 (`jifen query`): a resident's own points, on a second keyboard
 * and screen or on the counter between customers, with no operator logged
 * in.  The resident scans their card (the scanner types its code and
 * Enter), or types their full phone number, Tab, the last two characters
 * of their room number, Enter.  They see their masked name, balance, last
 * passbook entries, the service vouchers still owed to them and what they
 * can afford now; any key, or [query] idle seconds untouched, goes back to
 * the start.  Nothing is written; after three failed tries in a row the
 * terminal waits a while before it takes the next. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "jifen/selfquery.h"
#include "jifen/text.h"

#define TRIES 3
#define PAUSE_S 30

static struct {
	ui_field id, room;
	int focus; /* 0 card or phone, 1 room */
	int shown;
	jf_self_view v;
	int failures;
	time_t paused_until;
} Q;

static void query_start(ui_app *app)
{
	if (Q.shown)
		jf_self_free(&Q.v);
	Q.shown = 0;
	Q.focus = 0;
	ui_field_clear(&Q.id);
	ui_field_clear(&Q.room);
	ui_say_clear(app);
}

static void query_open(ui_app *app, const void *arg)
{
	(void)arg;
	memset(&Q, 0, sizeof Q);
	ui_field_init(&Q.id, JF_CARD_MAX);
	ui_field_init(&Q.room, 8);
	app->idle_ms = app->cfg.query_idle_ms > 0 ? app->cfg.query_idle_ms : 60000;
}

static void query_close(ui_app *app)
{
	(void)app;
	if (Q.shown)
		jf_self_free(&Q.v);
	Q.shown = 0;
}

static void submit(ui_app *app)
{
	time_t now = time(NULL);
	if (now < Q.paused_until) {
		ui_say(app, 1, _("请 %d 秒后再试"), (int)(Q.paused_until - now));
		return;
	}
	if (Q.id.len == 0) {
		ui_say(app, 1, "%s", _("请刷居民卡，或输入手机号"));
		return;
	}
	int64_t id = 0;
	jf_status st;
	if (Q.room.len == 0) {
		st = jf_self_by_card(app->db, Q.id.buf, &id);
		if (st == JF_NOT_FOUND && strspn(Q.id.buf, "0123456789") == (size_t)Q.id.len &&
		    Q.id.len >= 7) {
			/* a phone number: the room comes next */
			Q.focus = 1;
			ui_say(app, 0, "%s", _("请输入房号的最后两位，再按 Enter"));
			return;
		}
	} else {
		st = jf_self_by_phone(app->db, Q.id.buf, Q.room.buf, &id);
	}
	if (st == JF_OK)
		st = jf_self_load(app->db, id, &Q.v);
	if (st != JF_OK) {
		const char *msg = jf_db_error(app->db);
		query_start(app);
		ui_say(app, 1, "%s", msg && *msg ? msg : jf_status_message(st));
		if (++Q.failures >= TRIES) {
			Q.failures = 0;
			Q.paused_until = time(NULL) + PAUSE_S;
		}
		return;
	}
	Q.failures = 0;
	Q.shown = 1;
	ui_say_clear(app);
}

static void draw_start(ui_app *app)
{
	int x = 2, y = UI_TOP + 1, lw = 16;
	int w = COLS - 4 > 76 ? 76 : COLS - 4;
	attr_t h = ui_attr(app, UI_C_HEAD);
	attron(h | A_BOLD);
	ui_text_center(y, x, w, _("积分查询"));
	attroff(h | A_BOLD);
	y += 2;
	ui_text(y++, x, w, _("请刷居民卡；"), 0);
	ui_text(y++, x, w, _("或输入完整的手机号，按 Tab，再输入房号的最后两位，按 Enter。"), 0);
	y++;
	ui_text(y, x, lw, _("居民卡或手机号"), 1);
	ui_field_draw(app, &Q.id, y, x + lw, 24);
	y += 2;
	ui_text(y, x, lw, _("房号末两位"), 1);
	ui_field_draw(app, &Q.room, y, x + lw, 6);
	y += 2;
	attr_t d = ui_attr(app, UI_C_DIM);
	attron(d);
	ui_text(y++, x, w, _("只显示您本人的积分，不改变任何记录。查询完毕请按任意键。"), 0);
	attroff(d);
}

static void draw_view(ui_app *app)
{
	int x = 2, y = UI_TOP + 1, bottom = ui_bottom();
	int w = COLS - 4;
	char buf[512], pts[32];
	attr_t h = ui_attr(app, UI_C_HEAD);
	attron(h);
	snprintf(buf, sizeof buf, _("%s，您好！您现在的积分："), Q.v.name_masked);
	ui_text(y, x, w, buf, 0);
	attroff(h);
	int bw = ui_big_number(app, y + 1, x, w / 2, Q.v.balance);
	if (bw == 0) {
		ui_points(Q.v.balance, pts, sizeof pts);
		ui_text(y + 1, x, w / 2, pts, 0);
	}
	/* right of the big figures: what they can afford now */
	int rx = x + w / 2 + 2, rw = w - w / 2 - 2, ry = y + 1;
	attron(h);
	ui_text(ry++, rx, rw, _("现在可以兑换："), 0);
	attroff(h);
	if (Q.v.nafford == 0)
		ui_text(ry++, rx, rw, _("（积分还不够兑换任何物品）"), 0);
	for (size_t i = 0; i < Q.v.nafford && ry < y + 7; i++) {
		if (ry == y + 6 && i + 1 < Q.v.nafford) {
			snprintf(buf, sizeof buf, _("……共 %zu 种"), Q.v.nafford);
			ui_text(ry++, rx, rw, buf, 0);
			break;
		}
		snprintf(pts, sizeof pts, _("%lld 分"), (long long)Q.v.afford[i].points);
		ui_text(ry, rx, rw - 10, Q.v.afford[i].name, 0);
		ui_text_right(ry++, rx + rw - 10, 10, pts);
	}
	y += 8;
	attron(h);
	ui_text(y++, x, w, _("最近的记录："), 0);
	attroff(h);
	if (Q.v.nrecent == 0)
		ui_text(y++, x + 2, w - 2, _("（还没有记录）"), 0);
	for (int i = 0; i < Q.v.nrecent && y < bottom - 3; i++) {
		const jf_entry *e = &Q.v.recent[i];
		snprintf(pts, sizeof pts, "%+lld", (long long)e->points);
		char bal[48];
		snprintf(bal, sizeof bal, _("余 %lld"), (long long)e->balance_after);
		ui_text(y, x + 2, 11, e->day, 0);
		ui_text(y, x + 14, w - 36, e->what, 0);
		ui_text_right(y, x + w - 22, 8, pts);
		ui_text_right(y++, x + w - 12, 12, bal);
	}
	if (y < bottom - 1) {
		attron(h);
		ui_text(y++, x, w, _("还未享受的服务券："), 0);
		attroff(h);
		if (Q.v.nowed == 0)
			ui_text(y++, x + 2, w - 2, _("（没有）"), 0);
		for (size_t i = 0; i < Q.v.nowed && y < bottom; i++) {
			snprintf(buf, sizeof buf, _("%s　有效期至 %s"), Q.v.owed[i].item,
			         Q.v.owed[i].expires);
			ui_text(y++, x + 2, w - 2, buf, 0);
		}
	}
	attr_t d = ui_attr(app, UI_C_DIM);
	attron(d);
	ui_text(bottom, x, w, _("按任意键结束查询"), 0);
	attroff(d);
}

static void query_draw(ui_app *app)
{
	if (Q.shown)
		draw_view(app);
	else
		draw_start(app);
}

static void query_cursor(ui_app *app)
{
	(void)app;
	if (Q.shown) {
		curs_set(0);
		return;
	}
	ui_field_place_cursor(Q.focus ? &Q.room : &Q.id);
}

static int query_key(ui_app *app, ui_action action, int key)
{
	if (key == UI_NOKEY && action == UI_A_NONE) {
		/* untouched for [query] idle seconds */
		if (Q.shown || Q.id.len || Q.room.len || app->message[0])
			query_start(app);
		return UI_HANDLED;
	}
	if (Q.shown) {
		query_start(app);
		return UI_HANDLED;
	}
	switch (action) {
	case UI_A_LEAVE:
	case UI_A_CLEAR:
		query_start(app);
		return UI_HANDLED;
	case UI_A_FOCUS:
		Q.focus = !Q.focus;
		return UI_HANDLED;
	case UI_A_SUBMIT:
		submit(app);
		return UI_HANDLED;
	default:
		break;
	}
	int r = ui_field_key(Q.focus ? &Q.room : &Q.id, key);
	if (r == 1 && app->message_bad)
		ui_say_clear(app);
	return r ? UI_HANDLED : UI_IGNORED;
}

const ui_screen ui_query_screen = {
    .id = UI_S_QUERY,
    .title = N_("积分查询"),
    .open = query_open,
    .draw = query_draw,
    .key = query_key,
    .cursor = query_cursor,
    .close = query_close,
};
