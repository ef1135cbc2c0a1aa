/* Administrator: the operators and their PIN lockouts.  Highlight an
 * operator; F5 lifts the lockout (the PIN stays), F6 sets a new PIN, typed
 * twice, which lifts it too (jifen operator unlock / operator pin).  The
 * core refuses both to anyone but an administrator and records them like
 * every change of an operator. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "staff.h"
#include "jifen/text.h"

enum { F_PIN1, F_PIN2 };

static struct {
	jf_operator *ops;
	int n;
	ui_list list; /* over ops[] */
	int setting; /* typing a new PIN for ops[list.sel] */
	ui_field pin1, pin2;
	int focus;
} O;

static void pins_wipe(void)
{
	/* the PIN does not stay in memory longer than needed */
	memset(&O.pin1, 0, sizeof O.pin1);
	memset(&O.pin2, 0, sizeof O.pin2);
	ui_field_init(&O.pin1, 12);
	ui_field_init(&O.pin2, 12);
	O.pin1.masked = O.pin2.masked = 1;
	O.pin1.digits_only = O.pin2.digits_only = 1;
	O.focus = F_PIN1;
}

static void load(ui_app *app)
{
	char login[JF_LOGIN_MAX + 1] = "";
	if (O.n > 0 && O.list.sel < O.n)
		snprintf(login, sizeof login, "%s", O.ops[O.list.sel].login);
	free(O.ops);
	O.ops = NULL;
	O.n = 0;
	size_t n = 0;
	if (jf_operator_list(app->db, &O.ops, &n) != JF_OK) {
		ui_say(app, 1, "%s", jf_db_error(app->db));
		n = 0;
	}
	O.n = (int)n;
	/* keep the highlight on the same operator */
	for (int i = 0; i < O.n; i++)
		if (login[0] && strcmp(O.ops[i].login, login) == 0)
			O.list.sel = i;
	ui_list_count(&O.list, O.n);
}

/* "在用", "锁定到 15:42", "PIN 连续输错 2 次" ... */
static void state_of(ui_app *app, const jf_operator *o, char *buf, size_t len)
{
	int64_t now = jf_db_now(app->db);
	if (!o->active) {
		snprintf(buf, len, "%s", _("停用"));
	} else if (o->locked_until > now) {
		time_t u = (time_t)o->locked_until, n = (time_t)now;
		struct tm tu, tn;
		char when[32] = "";
		if (localtime_r(&u, &tu) && localtime_r(&n, &tn))
			strftime(when, sizeof when,
			         tu.tm_year == tn.tm_year && tu.tm_yday == tn.tm_yday ? "%H:%M"
			                                                             : "%Y-%m-%d %H:%M",
			         &tu);
		snprintf(buf, len, _("锁定到 %s"), when);
	} else if (o->failed_pins > 0) {
		snprintf(buf, len, _("在用，PIN 连续输错 %d 次"), o->failed_pins);
	} else {
		snprintf(buf, len, "%s", _("在用"));
	}
}

static void unlock(ui_app *app)
{
	if (O.n == 0)
		return;
	const jf_operator *o = &O.ops[O.list.sel];
	char login[JF_LOGIN_MAX + 1], name[97];
	snprintf(login, sizeof login, "%s", o->login);
	snprintf(name, sizeof name, "%s", o->name);
	if (jf_operator_unlock(app->db, app->op, login) != JF_OK) {
		ui_say(app, 1, "%s", jf_db_error(app->db));
		return;
	}
	ui_say(app, 0, _("已解除操作员 %s（%s）的锁定，PIN 不变"), login, name);
	load(app);
}

static void set_pin(ui_app *app)
{
	if (O.n == 0)
		return;
	if (!jf_pin_valid(O.pin1.buf)) {
		ui_say(app, 1, "%s", _("PIN 须为 4 到 12 位数字"));
		O.focus = F_PIN1;
		return;
	}
	if (strcmp(O.pin1.buf, O.pin2.buf) != 0) {
		ui_say(app, 1, "%s", _("两次输入的 PIN 不一致，请重输"));
		pins_wipe();
		return;
	}
	const jf_operator *o = &O.ops[O.list.sel];
	char login[JF_LOGIN_MAX + 1];
	snprintf(login, sizeof login, "%s", o->login);
	jf_status st = jf_operator_set_pin(app->db, app->op, login, O.pin1.buf);
	pins_wipe();
	O.setting = 0;
	if (st != JF_OK) {
		ui_say(app, 1, "%s", jf_db_error(app->db));
		return;
	}
	ui_say(app, 0, _("已重设操作员 %s 的 PIN，并已解除锁定"), login);
	load(app);
}

/* --- drawing ---------------------------------------------------------------- */

static void opers_draw(ui_app *app)
{
	int y = UI_TOP, bottom = ui_bottom();
	staff_heading(app, y++, 1, COLS - 2, _("操作员：解除 PIN 锁定，重设 PIN"));
	staff_hint(app, y++, 1, COLS - 2,
	           jf_op_role(app->op) >= JF_ROLE_ADMIN
	               ? _("F5 解除高亮操作员的锁定；F6 给他设新 PIN（同时解锁）；Esc 返回")
	               : _("只有管理员可以解锁或重设 PIN"));
	if (O.setting && O.n > 0) {
		int lw = 14;
		char who[160];
		snprintf(who, sizeof who, _("给 %s（%s）设新 PIN"), O.ops[O.list.sel].login,
		         O.ops[O.list.sel].name);
		y++;
		staff_heading(app, y++, 1, COLS - 2, who);
		staff_label(app, y, 1, lw, _("新 PIN"), O.focus == F_PIN1);
		ui_field_draw(app, &O.pin1, y++, 1 + lw, 14);
		staff_label(app, y, 1, lw, _("再输一次"), O.focus == F_PIN2);
		ui_field_draw(app, &O.pin2, y++, 1 + lw, 14);
		staff_hint(app, y++, 1, COLS - 2,
		           _("4 到 12 位数字；Enter 确认，Esc 放弃"));
	}
	y++;
	int loginw = 14, rolew = 10, namew = 16;
	int statew = COLS - 2 - loginw - rolew - namew - 3;
	attr_t d = ui_attr(app, UI_C_DIM);
	attron(d);
	int x = 1;
	x += ui_text(y, x, loginw, _("登录名"), 1) + 1;
	x += ui_text(y, x, namew, _("姓名"), 1) + 1;
	x += ui_text(y, x, rolew, _("角色"), 1) + 1;
	ui_text(y, x, statew, _("状态"), 0);
	attroff(d);
	y++;
	ui_list_show(&O.list, bottom - y + 1);
	for (int i = O.list.top; i < O.n && y <= bottom; i++, y++) {
		const jf_operator *o = &O.ops[i];
		char state[96];
		state_of(app, o, state, sizeof state);
		int locked = o->active && o->locked_until > jf_db_now(app->db);
		attr_t a = i == O.list.sel ? ui_attr(app, UI_C_SELECT)
		           : locked   ? ui_attr(app, UI_C_BAD)
		                      : A_NORMAL;
		attron(a);
		ui_blank(y, 0, COLS);
		x = 1;
		x += ui_text(y, x, loginw, o->login, 1) + 1;
		x += ui_text(y, x, namew, o->name, 1) + 1;
		x += ui_text(y, x, rolew, jf_role_label(o->role), 1) + 1;
		ui_text(y, x, statew, state, 0);
		attroff(a);
	}
}

static void opers_cursor(ui_app *app)
{
	(void)app;
	if (O.setting)
		ui_field_place_cursor(O.focus == F_PIN1 ? &O.pin1 : &O.pin2);
	else
		curs_set(0);
}

/* --- keys -------------------------------------------------------------------- */

static int opers_key(ui_app *app, ui_action action, int key)
{
	int page = ui_bottom() - UI_TOP - 4;
	ui_field *f = O.focus == F_PIN1 ? &O.pin1 : &O.pin2;
	switch (action) {
	case UI_A_LEAVE:
		if (O.setting) {
			pins_wipe();
			O.setting = 0;
			ui_say_clear(app);
		} else {
			ui_pop(app);
		}
		return UI_HANDLED;
	case UI_A_UNLOCK:
		if (!O.setting)
			unlock(app);
		return UI_HANDLED;
	case UI_A_NEWPIN:
		if (O.n > 0 && !O.setting) {
			pins_wipe();
			O.setting = 1;
			ui_say_clear(app);
		}
		return UI_HANDLED;
	case UI_A_SUBMIT:
		if (!O.setting)
			ui_say(app, 0, "%s", _("F5 解除锁定，F6 重设 PIN"));
		else if (O.focus == F_PIN1)
			O.focus = F_PIN2;
		else
			set_pin(app);
		return UI_HANDLED;
	case UI_A_FOCUS:
		if (O.setting)
			O.focus = O.focus == F_PIN1 ? F_PIN2 : F_PIN1;
		return UI_HANDLED;
	case UI_A_UP:
	case UI_A_DOWN:
	case UI_A_PAGEUP:
	case UI_A_PAGEDOWN:
		if (!O.setting) {
			ui_list_count(&O.list, O.n);
			ui_list_key(&O.list, action, page);
		}
		return UI_HANDLED;
	case UI_A_CLEAR:
		if (O.setting)
			ui_field_clear(f);
		return UI_HANDLED;
	default:
		break;
	}
	if (!O.setting)
		return UI_IGNORED;
	int r = ui_field_key(f, key);
	if (r == 1 && app->message_bad)
		ui_say_clear(app);
	return r ? UI_HANDLED : UI_IGNORED;
}

static void opers_open(ui_app *app, const void *arg)
{
	(void)arg;
	free(O.ops);
	memset(&O, 0, sizeof O);
	pins_wipe();
	load(app);
}

static void opers_close(ui_app *app)
{
	(void)app;
	free(O.ops);
	memset(&O, 0, sizeof O);
}

const ui_screen ui_operators_screen = {
    .id = UI_S_OPERS,
    .title = N_("操作员"),
    .open = opers_open,
    .draw = opers_draw,
    .key = opers_key,
    .cursor = opers_cursor,
    .close = opers_close,
};
