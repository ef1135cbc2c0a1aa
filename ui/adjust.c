/* Administrator: adjust a resident's points (积分调整), a correcting entry
 * of + or - points with the reason, as `jifen adjust`.  Find the resident
 * (Enter picks the highlighted one), type the points (-5, +3, 3) and the
 * reason, F5 asks and records (jf_adjust, which refuses anyone but an
 * administrator and points to oneself). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staff.h"
#include "jifen/ledger.h"
#include "jifen/resident.h"
#include "jifen/text.h"

#define MAXR 20

enum { F_WHO, F_POINTS, F_REASON, F_COUNT };

static struct {
	ui_field who, points, reason;
	jf_resident found[MAXR];
	int n, sel, top;
	jf_resident picked;
	int has_picked;
	int focus;
	int64_t value;
	char question[1024];
} A;

static void search(ui_app *app)
{
	int n = 0, exact = 0;
	A.n = 0;
	A.sel = A.top = 0;
	if (!A.who.len)
		return;
	if (jf_resident_search(app->db, A.who.buf, 0, A.found, MAXR, &n, &exact) != JF_OK) {
		ui_say(app, 1, "%s", jf_db_error(app->db));
		n = 0;
	}
	A.n = n;
}

/* "+5", "-3", "5": a signed whole number, not 0. */
static int parse_points(const char *s, int64_t *v)
{
	char *end;
	if (!*s)
		return 0;
	long long n = strtoll(s, &end, 10);
	if (*end || n == 0 || n > 100000 || n < -100000)
		return 0;
	*v = n;
	return 1;
}

static void adjust_yes(ui_app *app, void *ctx)
{
	(void)ctx;
	int64_t entry = 0;
	if (jf_adjust(app->db, app->op, A.picked.id, A.value, A.reason.buf, &entry) != JF_OK) {
		ui_say(app, 1, "%s", jf_db_error(app->db));
		return;
	}
	jf_resident now;
	char sv[32];
	staff_signed(A.value, sv, sizeof sv);
	if (jf_resident_get(app->db, A.picked.id, &now) == JF_OK)
		ui_say(app, 0, _("已给 %s 调整 %s 分，余额 %lld 分"), now.name, sv,
		       (long long)now.balance);
	else
		ui_say(app, 0, _("已给 %s 调整 %s 分"), A.picked.name, sv);
	A.has_picked = 0;
	ui_field_clear(&A.who);
	ui_field_clear(&A.points);
	ui_field_clear(&A.reason);
	A.n = 0;
	A.focus = F_WHO;
}

static void submit(ui_app *app)
{
	if (!A.has_picked) {
		A.focus = F_WHO;
		ui_say(app, 1, "%s", _("请先查找并选定一位居民（Enter）"));
		return;
	}
	if (!parse_points(A.points.buf, &A.value)) {
		A.focus = F_POINTS;
		ui_say(app, 1, "%s", _("分数写成 +5 或 -3 这样的整数，不能为 0"));
		return;
	}
	if (!A.reason.len) {
		A.focus = F_REASON;
		ui_say(app, 1, "%s", _("请写明调整原因"));
		return;
	}
	char sv[32];
	staff_signed(A.value, sv, sizeof sv);
	snprintf(A.question, sizeof A.question,
	         _("给 %s 调整 %s 分（余额 %lld → %lld），原因：%s\n确认吗？"), A.picked.name, sv,
	         (long long)A.picked.balance, (long long)(A.picked.balance + A.value), A.reason.buf);
	ui_confirm_arg arg = {.question = A.question, .yes = adjust_yes, .ctx = NULL};
	ui_push(app, &ui_confirm_screen, &arg);
}

static void adjust_draw(ui_app *app)
{
	int y = UI_TOP, lw = 10, x = 1 + lw, bottom = ui_bottom();
	staff_heading(app, y++, 1, COLS - 2, _("积分调整：加分或减分，须写明原因"));
	staff_hint(app, y++, 1, COLS - 2,
	           jf_op_role(app->op) >= JF_ROLE_ADMIN
	               ? _("Enter 选定居民，再填分数和原因；F5 记入（先确认）；Esc 返回")
	               : _("只有管理员可以调整积分"));
	y++;
	staff_label(app, y, 1, lw, _("居民"), A.focus == F_WHO);
	ui_field_draw(app, &A.who, y, x, 24);
	if (A.has_picked) {
		char who[300], addr[300];
		staff_address(A.picked.compound, A.picked.building, A.picked.unit, A.picked.room, addr,
		              sizeof addr);
		snprintf(who, sizeof who, _("%s  %s  余额 %lld"), A.picked.name, addr,
		         (long long)A.picked.balance);
		staff_heading(app, y, x + 26, COLS - x - 27, who);
	}
	y++;
	staff_label(app, y, 1, lw, _("分数"), A.focus == F_POINTS);
	ui_field_draw(app, &A.points, y, x, 10);
	staff_hint(app, y++, x + 12, COLS - x - 13, _("如 +5 或 -3"));
	staff_label(app, y, 1, lw, _("原因"), A.focus == F_REASON);
	ui_field_draw(app, &A.reason, y++, x, COLS - x - 2);
	y++;
	if (A.focus != F_WHO || A.n == 0)
		return;
	staff_scroll(A.sel, &A.top, bottom - y + 1);
	for (int i = A.top; i < A.n && y <= bottom; i++, y++) {
		const jf_resident *r = &A.found[i];
		char addr[300], bal[32];
		staff_address(r->compound, r->building, r->unit, r->room, addr, sizeof addr);
		ui_points(r->balance, bal, sizeof bal);
		attr_t a = i == A.sel ? ui_attr(app, UI_C_SELECT) : A_NORMAL;
		attron(a);
		ui_blank(y, 0, COLS);
		int cx = 1;
		cx += ui_text(y, cx, 10, r->name, 1) + 1;
		cx += ui_text(y, cx, 30, addr, 1) + 1;
		ui_text_right(y, cx, 8, bal);
		attroff(a);
	}
}

static void adjust_cursor(ui_app *app)
{
	(void)app;
	ui_field_place_cursor(A.focus == F_WHO ? &A.who : A.focus == F_POINTS ? &A.points : &A.reason);
}

static int adjust_key(ui_app *app, ui_action action, int key)
{
	ui_field *f = A.focus == F_WHO ? &A.who : A.focus == F_POINTS ? &A.points : &A.reason;
	switch (action) {
	case UI_A_LEAVE:
		if (A.focus != F_WHO)
			A.focus = F_WHO;
		else if (A.who.len || A.has_picked) {
			ui_field_clear(&A.who);
			A.has_picked = 0;
			A.n = 0;
		} else
			ui_pop(app);
		return UI_HANDLED;
	case UI_A_SAVE:
		submit(app);
		return UI_HANDLED;
	case UI_A_SUBMIT:
		if (A.focus == F_WHO) {
			if (A.n > 0) {
				A.picked = A.found[A.sel];
				A.has_picked = 1;
				ui_field_set(&A.who, A.picked.name);
				A.n = 0;
				A.focus = F_POINTS;
				ui_say_clear(app);
			} else if (A.has_picked) {
				A.focus = F_POINTS;
			} else {
				ui_say(app, 1, "%s", _("没有相符的居民"));
			}
		} else if (A.focus == F_POINTS) {
			A.focus = F_REASON;
		} else {
			submit(app);
		}
		return UI_HANDLED;
	case UI_A_FOCUS:
		A.focus = key == UI_FKEY(KEY_BTAB) ? (A.focus + F_COUNT - 1) % F_COUNT
		                                   : (A.focus + 1) % F_COUNT;
		return UI_HANDLED;
	case UI_A_UP:
	case UI_A_DOWN:
	case UI_A_PAGEUP:
	case UI_A_PAGEDOWN:
		if (A.focus == F_WHO)
			staff_move(&A.sel, A.n,
			           action == UI_A_UP || action == UI_A_PAGEUP ? -1 : 1);
		return UI_HANDLED;
	case UI_A_CLEAR:
		ui_field_clear(f);
		if (f == &A.who) {
			A.has_picked = 0;
			search(app);
		}
		return UI_HANDLED;
	default:
		break;
	}
	int r = ui_field_key(f, key);
	if (r == 1) {
		if (app->message_bad)
			ui_say_clear(app);
		if (f == &A.who) {
			A.has_picked = 0;
			search(app);
		}
	}
	return r ? UI_HANDLED : UI_IGNORED;
}

static void adjust_open(ui_app *app, const void *arg)
{
	(void)app;
	(void)arg;
	memset(&A, 0, sizeof A);
	ui_field_init(&A.who, 64);
	ui_field_init(&A.points, 8);
	ui_field_init(&A.reason, 240);
}

static void adjust_close(ui_app *app)
{
	(void)app;
	memset(&A, 0, sizeof A);
}

const ui_screen ui_adjust_screen = {
    .id = UI_S_PEOPLE,
    .title = N_("积分调整"),
    .open = adjust_open,
    .draw = adjust_draw,
    .key = adjust_key,
    .cursor = adjust_cursor,
    .close = adjust_close,
};
