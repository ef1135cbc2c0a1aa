/* A yes/no dialog drawn over the screen below it, in a box with a border
 * (ui_box): y or Enter confirms, n or Esc goes back. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "jifen/text.h"

/* One dialog's own state (ui_self): a dialog may stand over another. */
typedef struct {
	char question[512];
	void (*yes)(ui_app *app, void *ctx);
	void *ctx;
} confirm_state;

static void confirm_open(ui_app *app, const void *arg)
{
	confirm_state *Q = ui_self(app);
	const ui_confirm_arg *a = arg;
	snprintf(Q->question, sizeof Q->question, "%s", a->question);
	Q->yes = a->yes;
	Q->ctx = a->ctx;
}

/* Split the question into lines of at most `cols` columns: at its own
 * newlines, and by character where a line is too long. */
static int wrap(const char *s, int cols, char lines[][256], int max)
{
	int n = 0;
	while (*s && n < max) {
		size_t para = strcspn(s, "\n");
		char one[512];
		snprintf(one, sizeof one, "%.*s", (int)para, s);
		char fit[256];
		jf_text_fit(one, cols, fit, sizeof fit);
		size_t len = strlen(fit);
		/* jf_text_fit ends a cut line with "…": cut before it instead */
		if (len < strlen(one) && len >= 3 && strcmp(fit + len - 3, "\xE2\x80\xA6") == 0)
			len -= 3;
		if (len == 0 && para > 0)
			break;
		memcpy(lines[n], s, len);
		lines[n][len] = '\0';
		n++;
		s += len;
		if (len == para && *s == '\n')
			s++;
	}
	return n;
}

static void confirm_draw(ui_app *app)
{
	const confirm_state *Q = ui_self(app);
	int w = COLS - 8 > 72 ? 72 : COLS - 8;
	char lines[6][256];
	int n = wrap(Q->question, w - 4, lines, 6);
	int h = n + 4;
	int y0 = (UI_TOP + ui_bottom()) / 2 - h / 2, x0 = (COLS - w) / 2;
	attr_t a = ui_attr(app, UI_C_TITLE);
	ui_box(y0, x0, h, w, a, app->ambiguous_wide == 1);
	attron(a);
	for (int i = 0; i < n; i++)
		ui_text(y0 + 1 + i, x0 + 2, w - 4, lines[i], 0);
	ui_text(y0 + h - 2, x0 + 2, w - 4, _("按 y 或 Enter 确认，按 n 或 Esc 取消"), 0);
	attroff(a);
}

static int confirm_key(ui_app *app, ui_action action, int key)
{
	const confirm_state *Q = ui_self(app);
	if (action == UI_A_YES || key == 'Y') {
		void (*yes)(ui_app *, void *) = Q->yes;
		void *ctx = Q->ctx;
		/* gone before the action runs, so a second y cannot run it again */
		ui_pop(app);
		if (yes)
			yes(app, ctx);
		return UI_HANDLED;
	}
	if (action == UI_A_NO || key == 'N') {
		ui_pop(app);
		ui_say(app, 0, "%s", _("已取消"));
		return UI_HANDLED;
	}
	return UI_IGNORED;
}

const ui_screen ui_confirm_screen = {
    .id = UI_S_CONFIRM,
    .title = N_("确认"),
    .modal = 1,
    .size = sizeof(confirm_state),
    .open = confirm_open,
    .draw = confirm_draw,
    .key = confirm_key,
};
