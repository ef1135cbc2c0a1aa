/* Staff: verifiers (核实人), the building leaders and grid workers who
 * vouch for a deed before it earns points.  The list of them; F6 opens a
 * form for a new one (name, role, compound, phone), F5 asks and adds it
 * (jf_verifier_add, as `jifen verifier add`). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staff.h"
#include "jifen/catalog.h"
#include "jifen/text.h"

enum { F_NAME, F_ROLE, F_COMPOUND, F_PHONE, F_COUNT };

static struct {
	jf_verifier *list;
	int n, sel, top;
	int adding;
	ui_field name, compound, phone;
	jf_verifier_role role;
	int focus;
	char question[768];
} V;

static void load(ui_app *app)
{
	size_t n = 0;
	free(V.list);
	V.list = NULL;
	V.n = 0;
	if (jf_verifier_list(app->db, &V.list, &n) != JF_OK) {
		ui_say(app, 1, "%s", jf_db_error(app->db));
		n = 0;
	}
	V.n = (int)n;
	if (V.sel >= V.n)
		V.sel = V.n ? V.n - 1 : 0;
}

static void form_open(void)
{
	ui_field_init(&V.name, 96);
	ui_field_init(&V.compound, 96);
	ui_field_init(&V.phone, 40);
	V.role = JF_VERIFIER_LEADER;
	V.focus = F_NAME;
	V.adding = 1;
}

static void add_yes(ui_app *app, void *ctx)
{
	(void)ctx;
	int64_t id = 0;
	if (jf_verifier_add(app->db, app->op, V.name.buf, V.role, V.compound.buf, V.phone.buf, 0,
	                    &id) != JF_OK) {
		ui_say(app, 1, "%s", jf_db_error(app->db));
		return;
	}
	ui_say(app, 0, _("已新增核实人 %s（%s）"), V.name.buf, jf_verifier_role_label(V.role));
	V.adding = 0;
	load(app);
	for (int i = 0; i < V.n; i++)
		if (V.list[i].id == id)
			V.sel = i;
}

static void submit(ui_app *app)
{
	if (!V.name.len) {
		V.focus = F_NAME;
		ui_say(app, 1, _("%s不能为空"), _("姓名"));
		return;
	}
	snprintf(V.question, sizeof V.question, _("新增核实人 %s（%s，%s，%s）？\n确认吗？"),
	         V.name.buf, jf_verifier_role_label(V.role), V.compound.len ? V.compound.buf : _("无"),
	         V.phone.len ? V.phone.buf : _("无"));
	ui_confirm_arg arg = {.question = V.question, .yes = add_yes, .ctx = NULL};
	ui_push(app, &ui_confirm_screen, &arg);
}

static void verifiers_draw(ui_app *app)
{
	int y = UI_TOP, bottom = ui_bottom();
	staff_heading(app, y++, 1, COLS - 2, _("核实人：楼长和网格员"));
	if (V.adding) {
		int lw = 10, x = 1 + lw;
		staff_hint(app, y++, 1, COLS - 2,
		           _("Tab 或 Enter 下一项；角色用左右键切换；F5 新增（先确认）；Esc 放弃"));
		y++;
		staff_label(app, y, 1, lw, _("姓名"), V.focus == F_NAME);
		ui_field_draw(app, &V.name, y++, x, 20);
		staff_label(app, y, 1, lw, _("角色"), V.focus == F_ROLE);
		char buf[64];
		snprintf(buf, sizeof buf, "< %s >", jf_verifier_role_label(V.role));
		ui_text(y++, x, 20, buf, 0);
		staff_label(app, y, 1, lw, _("小区"), V.focus == F_COMPOUND);
		ui_field_draw(app, &V.compound, y++, x, 30);
		staff_label(app, y, 1, lw, _("手机号"), V.focus == F_PHONE);
		ui_field_draw(app, &V.phone, y++, x, 20);
		return;
	}
	staff_hint(app, y++, 1, COLS - 2, _("F6 新增一位核实人；Esc 返回"));
	y++;
	if (V.n == 0) {
		staff_hint(app, y, 1, COLS - 2, _("还没有核实人"));
		return;
	}
	staff_scroll(V.sel, &V.top, bottom - y + 1);
	for (int i = V.top; i < V.n && y <= bottom; i++, y++) {
		const jf_verifier *v = &V.list[i];
		attr_t a = i == V.sel ? ui_attr(app, UI_C_SELECT)
		           : !v->active ? ui_attr(app, UI_C_DIM)
		                        : A_NORMAL;
		attron(a);
		ui_blank(y, 0, COLS);
		int x = 1;
		x += ui_text(y, x, 12, v->name, 1) + 1;
		x += ui_text(y, x, 8, jf_verifier_role_label(v->role), 1) + 1;
		x += ui_text(y, x, 24, v->compound, 1) + 1;
		x += ui_text(y, x, 14, v->phone, 1) + 1;
		ui_text(y, x, COLS - x - 1, v->active ? "" : _("停用"), 0);
		attroff(a);
	}
}

static void verifiers_cursor(ui_app *app)
{
	(void)app;
	if (!V.adding || V.focus == F_ROLE)
		curs_set(0);
	else
		ui_field_place_cursor(V.focus == F_NAME       ? &V.name
		                      : V.focus == F_COMPOUND ? &V.compound
		                                              : &V.phone);
}

static int verifiers_key(ui_app *app, ui_action action, int key)
{
	int page = ui_bottom() - UI_TOP - 3;
	if (!V.adding) {
		switch (action) {
		case UI_A_LEAVE:
			ui_pop(app);
			return UI_HANDLED;
		case UI_A_NEWONE:
			ui_say_clear(app);
			form_open();
			return UI_HANDLED;
		case UI_A_UP:
		case UI_A_DOWN:
		case UI_A_PAGEUP:
		case UI_A_PAGEDOWN:
			staff_move(&V.sel, V.n,
			           action == UI_A_UP       ? -1
			           : action == UI_A_DOWN   ? 1
			           : action == UI_A_PAGEUP ? -page
			                                   : page);
			return UI_HANDLED;
		default:
			return UI_IGNORED;
		}
	}
	ui_field *f = V.focus == F_NAME       ? &V.name
	              : V.focus == F_COMPOUND ? &V.compound
	              : V.focus == F_PHONE    ? &V.phone
	                                      : NULL;
	switch (action) {
	case UI_A_LEAVE:
		V.adding = 0;
		ui_say_clear(app);
		return UI_HANDLED;
	case UI_A_SAVE:
		submit(app);
		return UI_HANDLED;
	case UI_A_SUBMIT:
		if (V.focus == F_COUNT - 1)
			submit(app);
		else
			V.focus++;
		return UI_HANDLED;
	case UI_A_FOCUS:
		V.focus = key == UI_FKEY(KEY_BTAB) ? (V.focus + F_COUNT - 1) % F_COUNT
		                                   : (V.focus + 1) % F_COUNT;
		return UI_HANDLED;
	case UI_A_UP:
		if (V.focus > 0)
			V.focus--;
		return UI_HANDLED;
	case UI_A_DOWN:
		if (V.focus < F_COUNT - 1)
			V.focus++;
		return UI_HANDLED;
	case UI_A_PREV:
	case UI_A_NEXT:
		if (!f) {
			V.role = V.role == JF_VERIFIER_LEADER ? JF_VERIFIER_GRID : JF_VERIFIER_LEADER;
			return UI_HANDLED;
		}
		break;
	case UI_A_CLEAR:
		if (f)
			ui_field_clear(f);
		return UI_HANDLED;
	default:
		break;
	}
	if (!f)
		return UI_IGNORED;
	int r = ui_field_key(f, key);
	if (r == 1 && app->message_bad)
		ui_say_clear(app);
	return r ? UI_HANDLED : UI_IGNORED;
}

static void verifiers_open(ui_app *app, const void *arg)
{
	(void)arg;
	free(V.list);
	memset(&V, 0, sizeof V);
	load(app);
}

static void verifiers_close(ui_app *app)
{
	(void)app;
	free(V.list);
	memset(&V, 0, sizeof V);
}

const ui_screen ui_verifiers_screen = {
    .id = UI_S_PEOPLE,
    .title = N_("核实人"),
    .open = verifiers_open,
    .draw = verifiers_draw,
    .key = verifiers_key,
    .cursor = verifiers_cursor,
    .close = verifiers_close,
};
