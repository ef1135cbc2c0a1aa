/* Staff: service vouchers (服务券) waiting for their service — housekeeping,
 * community services, merchant coupons redeemed at the counter.  When the
 * sponsor reports the service done, pick the voucher (type to filter by
 * resident, pinyin initials, item, sponsor or receipt number) and mark it
 * fulfilled (a coupon used), with a note if wanted.  Expired ones are shown
 * too, after the others: the sponsor often reports late, and an expired
 * one is marked only with a reason in the note field, recorded as an
 * override of its expiry.  A search also shows the vouchers already used,
 * last, so that nobody marks one twice (the core refuses it anyway). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "staff.h"
#include "jifen/text.h"
#include "jifen/voucher.h"

enum { F_FILTER, F_NOTE };

static struct {
	ui_field filter, note;
	int focus;
	jf_voucher_entry *v;
	staff_keys *keys; /* the resident's pinyin */
	int *shown;
	int n, nshown;
	ui_list list; /* over shown[] */
	int64_t marking; /* the voucher the confirmation is about */
	int marking_expired; /* it is expired: the note is the override's reason */
	int nwaiting;        /* shown and not yet fulfilled */
	char question[1024];
} V;

static void vouchers_free(void)
{
	free(V.v);
	free(V.keys);
	free(V.shown);
	V.v = NULL;
	V.keys = NULL;
	V.shown = NULL;
	V.n = V.nshown = 0;
}

static void refilter(void)
{
	const char *q = V.filter.buf;
	V.nshown = 0;
	V.nwaiting = 0;
	/* those still valid first, oldest first; then the expired; then, when
	 * searching, those already used */
	for (int pass = 0; pass < 3; pass++)
		for (int i = 0; i < V.n; i++) {
			const jf_voucher_entry *e = &V.v[i];
			int p = e->state == JF_VOUCHER_OPEN ? 0 : e->state == JF_VOUCHER_EXPIRED ? 1 : 2;
			if (p != pass || (pass == 2 && !*q))
				continue;
			if (staff_match(q, e->receipt_no, e->resident, &V.keys[i]) ||
			    (*q && (strstr(e->item, q) || strstr(e->sponsor, q)))) {
				V.shown[V.nshown++] = i;
				V.nwaiting += pass < 2;
			}
		}
	ui_list_count(&V.list, V.nshown);
}

static void load(ui_app *app)
{
	vouchers_free();
	jf_voucher_entry *v = NULL;
	size_t n = 0;
	if (jf_voucher_list(app->db, JF_VOUCHER_OPEN | JF_VOUCHER_EXPIRED | JF_VOUCHER_FULFILLED, 0,
	                    &v, &n) != JF_OK) {
		ui_say(app, 1, "%s", jf_db_error(app->db));
		n = 0;
	}
	V.v = v;
	V.n = (int)n;
	V.keys = calloc(n ? n : 1, sizeof *V.keys);
	V.shown = calloc(n ? n : 1, sizeof *V.shown);
	if (!V.keys || !V.shown)
		ui_fatal("calloc");
	for (size_t i = 0; i < n; i++)
		staff_keys_make(v[i].resident, 1, &V.keys[i]);
	refilter();
}

/* --- marking ------------------------------------------------------------------- */

static void fulfil_yes(ui_app *app, void *ctx)
{
	(void)ctx;
	if (!V.marking)
		return;
	int64_t id = V.marking;
	V.marking = 0;
	/* an expired voucher: the note is the reason of the recorded override */
	jf_status st = V.marking_expired
	                   ? jf_voucher_fulfil_ex(app->db, app->op, id, NULL, V.note.buf)
	                   : jf_voucher_fulfil(app->db, app->op, id, V.note.len ? V.note.buf : NULL);
	if (st != JF_OK) {
		ui_say(app, 1, "%s", jf_db_error(app->db));
		return;
	}
	jf_voucher_entry e;
	if (jf_voucher_get(app->db, id, &e) == JF_OK)
		ui_say(app, 0, _("已登记完成：%s 的%s（服务券 %lld）"), e.resident, e.item,
		       (long long)id);
	else
		ui_say(app, 0, _("已登记完成：服务券 %lld"), (long long)id);
	ui_field_clear(&V.note);
	V.focus = F_FILTER;
	load(app);
}

static void fulfil(ui_app *app)
{
	if (V.nshown == 0) {
		ui_say(app, 1, "%s", V.n ? _("没有匹配的服务券") : _("没有待服务的服务券"));
		return;
	}
	const jf_voucher_entry *e = &V.v[V.shown[V.list.sel]];
	if (e->state == JF_VOUCHER_FULFILLED) {
		char when[32];
		time_t t = (time_t)e->fulfilled_time;
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
		ui_say(app, 1, _("服务券 %lld 已由 %s 于 %s 登记完成，不能再用"), (long long)e->id,
		       e->fulfilled_by, when);
		return;
	}
	int expired = e->state == JF_VOUCHER_EXPIRED;
	if (expired && V.note.len == 0) {
		ui_say(app, 1,
		       _("服务券 %lld 有效期至 %s，已过期：在“完成说明”里写明原因，才能越过有效期登记"),
		       (long long)e->id, e->expires);
		V.focus = F_NOTE;
		return;
	}
	V.marking = e->id;
	V.marking_expired = expired;
	char note[400] = "";
	if (V.note.len)
		snprintf(note, sizeof note, expired ? _("越过有效期的原因：%s\n") : _("说明：%s\n"),
		         V.note.buf);
	snprintf(V.question, sizeof V.question,
	         _("服务券 %lld：%s 的%s\n提供方 %s，小票 %s%s\n%s登记为已完成吗？"),
	         (long long)e->id, e->resident, e->item, e->sponsor[0] ? e->sponsor : "-",
	         e->receipt_no, expired ? _("（已过期）") : "", note);
	ui_confirm_arg arg = {.question = V.question, .yes = fulfil_yes, .ctx = NULL};
	ui_push(app, &ui_confirm_screen, &arg);
}

/* --- drawing --------------------------------------------------------------------- */

static void vouchers_draw(ui_app *app)
{
	int y = UI_TOP, lw = 10;
	staff_label(app, y, 1, lw, _("查找"), V.focus == F_FILTER);
	ui_field_draw(app, &V.filter, y, 1 + lw, 24);
	staff_hint(app, y, 1 + lw + 26, COLS - lw - 28,
	           _("居民、拼音首字母、物品、提供方或小票号"));
	y++;
	staff_label(app, y, 1, lw, _("完成说明"), V.focus == F_NOTE);
	ui_field_draw(app, &V.note, y, 1 + lw, COLS - lw - 3 > 50 ? 50 : COLS - lw - 3);
	y += 2;
	char head[128];
	snprintf(head, sizeof head, _("未完成的服务券 %d 张（Enter 或 F5 登记完成）"), V.nwaiting);
	staff_heading(app, y++, 1, COLS - 2, head);
	int idw = 5, dayw = 5, stw = 6, expw = 10;
	int rest = COLS - 2 - idw - dayw - stw - expw - 5;
	int namew = rest * 3 / 10, itemw = rest * 4 / 10, sponw = rest - namew - itemw - 2;
	attr_t d = ui_attr(app, UI_C_DIM);
	attron(d);
	int x = 1;
	x += ui_text_right(y, x, idw, _("编号")) + 1;
	x += ui_text(y, x, dayw, _("发出"), 1) + 1;
	x += ui_text(y, x, namew, _("居民"), 1) + 1;
	x += ui_text(y, x, itemw, _("服务"), 1) + 1;
	x += ui_text(y, x, sponw, _("提供方"), 1) + 1;
	x += ui_text(y, x, expw, _("有效期至"), 1) + 1;
	ui_text(y, x, stw, _("状态"), 0);
	attroff(d);
	y++;
	int bottom = ui_bottom();
	if (V.nshown == 0) {
		ui_text(y, 1, COLS - 2, V.n ? _("没有匹配的服务券") : _("没有待服务的服务券"), 0);
		return;
	}
	ui_list_show(&V.list, bottom - y + 1);
	for (int i = V.list.top; i < V.nshown && y <= bottom; i++, y++) {
		const jf_voucher_entry *e = &V.v[V.shown[i]];
		char id[32], day[16];
		snprintf(id, sizeof id, "%lld", (long long)e->id);
		time_t t = (time_t)e->issued_time;
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(day, sizeof day, "%m-%d", &tm);
		int expired = e->state != JF_VOUCHER_OPEN;
		attr_t a = i == V.list.sel ? ui_attr(app, UI_C_SELECT)
		           : expired  ? ui_attr(app, UI_C_DIM)
		                      : A_NORMAL;
		attron(a);
		ui_blank(y, 0, COLS);
		x = 1;
		x += ui_text_right(y, x, idw, id) + 1;
		x += ui_text(y, x, dayw, day, 1) + 1;
		x += ui_text(y, x, namew, e->resident, 1) + 1;
		x += ui_text(y, x, itemw, e->item, 1) + 1;
		x += ui_text(y, x, sponw, e->sponsor[0] ? e->sponsor : "-", 1) + 1;
		x += ui_text(y, x, expw, e->expires, 1) + 1;
		ui_text(y, x, stw, jf_voucher_state_label(e->state), 0);
		attroff(a);
	}
}

static void vouchers_cursor(ui_app *app)
{
	(void)app;
	ui_field_place_cursor(V.focus == F_FILTER ? &V.filter : &V.note);
}

/* --- keys ----------------------------------------------------------------------- */

static int vouchers_key(ui_app *app, ui_action action, int key)
{
	int page = ui_bottom() - UI_TOP - 5;
	ui_field *f = V.focus == F_FILTER ? &V.filter : &V.note;
	switch (action) {
	case UI_A_LEAVE:
		if (f->len) {
			ui_field_clear(f);
			if (f == &V.filter)
				refilter();
		} else if (V.focus == F_NOTE) {
			V.focus = F_FILTER;
		} else {
			ui_pop(app);
		}
		return UI_HANDLED;
	case UI_A_SAVE:
	case UI_A_SUBMIT:
		fulfil(app);
		return UI_HANDLED;
	case UI_A_FOCUS:
		V.focus = V.focus == F_FILTER ? F_NOTE : F_FILTER;
		return UI_HANDLED;
	case UI_A_UP:
	case UI_A_DOWN:
	case UI_A_PAGEUP:
	case UI_A_PAGEDOWN:
		ui_list_count(&V.list, V.nshown);
		ui_list_key(&V.list, action, page);
		return UI_HANDLED;
	case UI_A_CLEAR:
		ui_field_clear(f);
		if (f == &V.filter)
			refilter();
		return UI_HANDLED;
	default:
		break;
	}
	int r = ui_field_key(f, key);
	if (r == 1) {
		if (f == &V.filter) {
			V.list.sel = 0;
			V.list.top = 0;
			refilter();
		}
		if (app->message_bad)
			ui_say_clear(app);
	}
	return r ? UI_HANDLED : UI_IGNORED;
}

static void vouchers_open(ui_app *app, const void *arg)
{
	(void)arg;
	vouchers_free();
	memset(&V, 0, sizeof V);
	ui_field_init(&V.filter, 64);
	ui_field_init(&V.note, JF_NOTE_MAX);
	V.focus = F_FILTER;
	load(app);
}

static void vouchers_close(ui_app *app)
{
	(void)app;
	vouchers_free();
	memset(&V, 0, sizeof V);
}

const ui_screen ui_voucher_screen = {
    .id = UI_S_VOUCHER,
    .title = N_("服务券"),
    .open = vouchers_open,
    .draw = vouchers_draw,
    .key = vouchers_key,
    .cursor = vouchers_cursor,
    .close = vouchers_close,
};
