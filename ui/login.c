/* The login screen: operator and PIN, the PIN masked.  A wrong PIN says
 * so and lets them try again; the core counts it toward the lockout. */
#include <string.h>

#include "app.h"
#include "jifen/text.h"

enum { F_LOGIN, F_PIN };

static struct {
	ui_field login, pin;
	int focus;
} L;

static void login_open(ui_app *app, const void *arg)
{
	(void)arg;
	ui_field_init(&L.login, JF_LOGIN_MAX);
	ui_field_init(&L.pin, 12);
	L.pin.masked = 1;
	L.pin.digits_only = 1;
	L.focus = F_LOGIN;
	if (app->fixed_login) {
		ui_field_set(&L.login, app->fixed_login);
		L.focus = F_PIN;
	}
}

static void login_close(ui_app *app)
{
	(void)app;
	/* do not leave the PIN in memory longer than needed */
	memset(&L.pin, 0, sizeof L.pin);
}

static void login_draw(ui_app *app)
{
	int w = 44;
	int x = (COLS - w) / 2;
	int y = (UI_TOP + ui_bottom()) / 2 - 4;
	attr_t h = ui_attr(app, UI_C_HEAD);
	attron(h);
	ui_text_center(y, x, w, _("柜台登录"));
	attroff(h);
	if (app->community[0])
		ui_text_center(y + 1, x, w, app->community);
	int lw = 10;
	ui_text(y + 3, x, lw, _("操作员"), 1);
	if (app->fixed_login)
		ui_text(y + 3, x + lw, w - lw, L.login.buf, 0);
	else
		ui_field_draw(app, &L.login, y + 3, x + lw, w - lw);
	ui_text(y + 5, x, lw, _("PIN"), 1);
	ui_field_draw(app, &L.pin, y + 5, x + lw, 14);
	attr_t d = ui_attr(app, UI_C_DIM);
	attron(d);
	ui_text(y + 7, x, w, _("输入操作员和 PIN，按 Enter 登录"), 0);
	attroff(d);
}

static void login_cursor(ui_app *app)
{
	(void)app;
	ui_field_place_cursor(L.focus == F_LOGIN ? &L.login : &L.pin);
}

static void try_login(ui_app *app)
{
	if (L.login.len == 0) {
		L.focus = F_LOGIN;
		ui_say(app, 1, "%s", _("请输入操作员"));
		return;
	}
	if (L.pin.len == 0) {
		L.focus = F_PIN;
		ui_say(app, 1, "%s", _("请输入 PIN"));
		return;
	}
	jf_op *op = NULL;
	jf_status st = jf_login(app->db, L.login.buf, L.pin.buf, &op);
	ui_field_clear(&L.pin);
	if (st != JF_OK) {
		ui_say(app, 1, "%s", jf_db_error(app->db));
		L.focus = F_PIN;
		return;
	}
	jf_op_free(app->op);
	app->op = op;
	ui_say(app, 0, _("欢迎，%s"), jf_op_name(op));
	ui_reset(app, &ui_counter_screen, NULL);
}

static void quit_yes(ui_app *app, void *ctx)
{
	(void)ctx;
	app->quit = 1;
}

static int login_key(ui_app *app, ui_action action, int key)
{
	ui_field *f = L.focus == F_LOGIN ? &L.login : &L.pin;
	switch (action) {
	case UI_A_QUIT: {
		/* closing the program by a slip of the finger leaves the counter
		 * dark until someone starts it again: asked first */
		ui_confirm_arg arg = {.question = _("关闭柜台程序吗？"), .yes = quit_yes, .ctx = NULL};
		ui_push(app, &ui_confirm_screen, &arg);
		return UI_HANDLED;
	}
	case UI_A_SUBMIT:
		if (L.focus == F_LOGIN && L.login.len > 0) {
			L.focus = F_PIN;
			return UI_HANDLED;
		}
		try_login(app);
		return UI_HANDLED;
	case UI_A_FOCUS:
		if (!app->fixed_login)
			L.focus = L.focus == F_LOGIN ? F_PIN : F_LOGIN;
		return UI_HANDLED;
	case UI_A_LEAVE:
		if (L.focus == F_PIN && !app->fixed_login)
			L.focus = F_LOGIN;
		else
			ui_field_clear(f);
		ui_field_clear(&L.pin);
		return UI_HANDLED;
	case UI_A_CLEAR:
		ui_field_clear(f);
		return UI_HANDLED;
	default:
		break;
	}
	if (L.focus == F_LOGIN && app->fixed_login)
		return UI_IGNORED;
	if (ui_field_key(f, key)) {
		if (app->message_bad)
			ui_say_clear(app);
		return UI_HANDLED;
	}
	return UI_IGNORED;
}

const ui_screen ui_login_screen = {
    .id = UI_S_LOGIN,
    .title = N_("登录"),
    .open = login_open,
    .draw = login_draw,
    .key = login_key,
    .cursor = login_cursor,
    .close = login_close,
};
