/* The counter program's loop: one place owns the terminal, the input
 * (get_wch), resizes, the screen stack, colours, the title bar, the message
 * line and the key bar (htop's ScreenManager). */
#include <errno.h>
#include <locale.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "jifen/i18n.h"
#include "jifen/text.h"
#include "jifen/clock.h"
#include "ui.h"

/* --- the action table ----------------------------------------------------- */

const ui_action_info ui_actions[UI_A_COUNT] = {[UI_A_NONE] = {0},
#define UI_ACTION_ROW(id_, key_, alt_, screens_, bar_, label_, help_)                              \
	[UI_A_##id_] = {.id = UI_A_##id_,                                                          \
	                .key = (key_),                                                             \
	                .alt = (alt_),                                                             \
	                .screens = (screens_),                                                     \
	                .in_bar = (bar_),                                                          \
	                .label = (label_),                                                         \
	                .help = (help_)},
                                               UI_ACTIONS(UI_ACTION_ROW)
#undef UI_ACTION_ROW
};

ui_action ui_action_for_key(unsigned screen, int key)
{
	if (key == UI_NOKEY)
		return UI_A_NONE;
	for (int a = 1; a < UI_A_COUNT; a++) {
		const ui_action_info *ai = &ui_actions[a];
		if ((ai->screens & screen) && (ai->key == key || ai->alt == key))
			return (ui_action)a;
	}
	return UI_A_NONE;
}

void ui_key_name(int key, char *buf, size_t len)
{
	if (UI_IS_FKEY(key)) {
		int k = key & ~0x1000000;
		if (k >= KEY_F(1) && k <= KEY_F(24)) {
			snprintf(buf, len, "F%d", k - KEY_F0);
			return;
		}
		const char *n = "?";
		switch (k) {
		case KEY_UP:
			n = "Up";
			break;
		case KEY_DOWN:
			n = "Down";
			break;
		case KEY_LEFT:
			n = "Left";
			break;
		case KEY_RIGHT:
			n = "Right";
			break;
		case KEY_PPAGE:
			n = "PgUp";
			break;
		case KEY_NPAGE:
			n = "PgDn";
			break;
		case KEY_HOME:
			n = "Home";
			break;
		case KEY_END:
			n = "End";
			break;
		case KEY_DC:
			n = "Del";
			break;
		case KEY_IC:
			n = "Ins";
			break;
		case KEY_ENTER:
			n = "KP-Enter";
			break;
		case KEY_BTAB:
			n = "Shift-Tab";
			break;
		case KEY_BACKSPACE:
			n = "Backspace";
			break;
		default:
			break;
		}
		snprintf(buf, len, "%s", n);
		return;
	}
	switch (key) {
	case '\n':
		snprintf(buf, len, "Enter");
		return;
	case '\t':
		snprintf(buf, len, "Tab");
		return;
	case UI_ESC:
		snprintf(buf, len, "Esc");
		return;
	case ' ':
		snprintf(buf, len, "Space");
		return;
	default:
		break;
	}
	if (key > 0 && key < 0x20)
		snprintf(buf, len, "^%c", key + '@');
	else
		snprintf(buf, len, "%c", key);
}

static const struct {
	unsigned id;
	const char *name;
} screen_names[] = {
    {UI_S_LOGIN, N_("登录")},       {UI_S_COUNTER, N_("柜台")},  {UI_S_CONFIRM, N_("确认")},
    {UI_S_RECEIPT, N_("小票")},     {UI_S_VOID, N_("作废小票")}, {UI_S_REPRINT, N_("补打小票")},
    {UI_S_HELP, N_("帮助")},        {UI_S_STAFF, N_("后台")},    {UI_S_AWARD, N_("后台赋分")},
    {UI_S_STOCK, N_("入库和盘点")}, {UI_S_DAY, N_("日结")},      {UI_S_MONTH, N_("每月公示")},
    {UI_S_VOUCHER, N_("服务券")},   {UI_S_BOOK, N_("积分存折")},
    {UI_S_OPERS, N_("操作员")},
    {UI_S_VERIFY, N_("核验小票")},  {UI_S_QUERY, N_("积分查询")},
    {UI_S_PEOPLE, N_("居民、核实人、调整")},
    {UI_S_UNPRINTED, N_("未打印小票")},
};

const char *ui_screen_name(unsigned screen)
{
	for (size_t i = 0; i < sizeof screen_names / sizeof screen_names[0]; i++)
		if (screen_names[i].id == screen)
			return _(screen_names[i].name);
	return "?";
}

void jf_ui_print_keys(FILE *f, int roff)
{
	for (size_t s = 0; s < sizeof screen_names / sizeof screen_names[0]; s++) {
		unsigned id = screen_names[s].id;
		if (roff)
			fprintf(f, ".SS %s\n", _(screen_names[s].name));
		else
			fprintf(f, "%s\n", _(screen_names[s].name));
		for (int a = 1; a < UI_A_COUNT; a++) {
			const ui_action_info *ai = &ui_actions[a];
			if (!(ai->screens & id))
				continue;
			char k1[32], k2[32] = "";
			ui_key_name(ai->key, k1, sizeof k1);
			if (ai->alt != UI_NOKEY)
				ui_key_name(ai->alt, k2, sizeof k2);
			if (roff)
				fprintf(f, ".TP\n.BR %s%s%s\n%s: %s\n", k1, k2[0] ? " \", \" " : "",
				        k2, _(ai->label), _(ai->help));
			else
				fprintf(f, "  %-10s %-10s %s: %s\n", k1, k2, _(ai->label),
				        _(ai->help));
		}
	}
}

/* --- the stack ------------------------------------------------------------ */

const ui_screen *ui_top(const ui_app *app)
{
	return app->depth > 0 ? app->stack[app->depth - 1].screen : NULL;
}

const ui_screen *ui_below(const ui_app *app)
{
	return app->depth > 1 ? app->stack[app->depth - 2].screen : NULL;
}

void *ui_self(const ui_app *app)
{
	return app->running >= 0 && app->running < app->depth ? app->stack[app->running].self
	                                                       : NULL;
}

/* Make frame `i` the one whose operation runs; returns the one before, to
 * give back to frame_leave(). */
static int frame_enter(ui_app *app, int i)
{
	int was = app->running;
	app->running = i;
	return was;
}

static void frame_leave(ui_app *app, int was)
{
	app->running = was;
}

void ui_push(ui_app *app, const ui_screen *s, const void *arg)
{
	if (app->depth == UI_STACK_MAX)
		return;
	void *self = NULL;
	if (s->size > 0 && !(self = calloc(1, s->size)))
		ui_fatal("calloc");
	int i = app->depth++;
	app->stack[i] = (ui_frame){.screen = s, .self = self};
	if (s->open) {
		int was = frame_enter(app, i);
		s->open(app, arg);
		frame_leave(app, was);
	}
}

/* Close the top screen; `resume` tells the one below it it is back. */
static void pop(ui_app *app, int resume)
{
	if (app->depth == 0)
		return;
	int i = app->depth - 1;
	ui_frame f = app->stack[i];
	int was = frame_enter(app, i);
	if (f.screen->close)
		f.screen->close(app);
	app->depth--;
	free(f.self);
	const ui_screen *top = ui_top(app);
	if (resume && top && top->resume) {
		app->running = app->depth - 1;
		top->resume(app);
	}
	/* a screen that popped itself goes on for the one now on top (a
	 * dialog's yes runs for the screen that asked) */
	frame_leave(app, was >= app->depth ? app->depth - 1 : was);
}

void ui_pop(ui_app *app)
{
	pop(app, 1);
}

void ui_reset(ui_app *app, const ui_screen *s, const void *arg)
{
	while (app->depth > 0)
		pop(app, 0);
	ui_push(app, s, arg);
}

/* --- messages ------------------------------------------------------------- */

void ui_say(ui_app *app, int bad, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(app->message, sizeof app->message, fmt, ap);
	va_end(ap);
	app->message_bad = bad;
	if (bad)
		beep();
}

void ui_say_clear(ui_app *app)
{
	app->message[0] = '\0';
	app->message_bad = 0;
}

int ui_is_staff(const ui_app *app)
{
	return app->op && jf_op_role(app->op) >= JF_ROLE_STAFF;
}

/* --- drawing the frame ---------------------------------------------------- */

int ui_bottom(void)
{
	return LINES - 3;
}

static void draw_title(ui_app *app)
{
	attr_t a = ui_attr(app, UI_C_TITLE);
	attron(a);
	ui_blank(0, 0, COLS);
	char left[512], right[256], day[11];
	const ui_screen *top = ui_top(app);
	/* A test or demo database says so first, in the place of the
	 * program's name, where nothing cuts it off. */
	char mark[64];
	snprintf(mark, sizeof mark, "※%s※", jf_clock_mark(app->db));
	snprintf(left, sizeof left, " %s  %s  %s",
	         jf_db_is_test(app->db) ? mark : _("爱心超市积分兑换"), app->community,
	         top && top->title ? _(top->title) : "");
	jf_day_of(jf_db_now(app->db), day);
	if (app->op)
		snprintf(right, sizeof right, _("%s %s（%s）  %s "), _("操作员"),
		         jf_op_name(app->op), jf_role_label(jf_op_role(app->op)), day);
	else
		snprintf(right, sizeof right, "%s ", day);
	int rw = jf_text_width(right);
	if (rw > COLS / 2)
		rw = COLS / 2;
	ui_text(0, 0, COLS - rw, left, 1);
	ui_text_right(0, COLS - rw, rw, right);
	attroff(a);
}

int ui_action_offered(const ui_app *app, ui_action a)
{
	if ((a == UI_A_VOID || a == UI_A_REPRINT || a == UI_A_STAFF) && !ui_is_staff(app))
		return 0;
	return 1;
}

/* An action's key in the key bar, "F5" or with the Ctrl alternative "F5/^Y":
 * the buffer holds both names whole, so nothing is cut. */
#define KEYBAR_NAME 32
#define KEYBAR_KEY (2 * KEYBAR_NAME + 1)
static void keybar_key(const ui_action_info *ai, int with_alt, char out[KEYBAR_KEY])
{
	char k1[KEYBAR_NAME], k2[KEYBAR_NAME];
	ui_key_name(ai->key, k1, sizeof k1);
	if (with_alt && ai->alt != UI_NOKEY &&
	    (ai->alt < 0x20 || ai->alt == 0x7f) && ai->alt != '\n' &&
	    ai->alt != '\t' && ai->alt != UI_ESC) {
		ui_key_name(ai->alt, k2, sizeof k2);
		snprintf(out, KEYBAR_KEY, "%s/%s", k1, k2);
	} else {
		snprintf(out, KEYBAR_KEY, "%s", k1);
	}
}

/* The key bar: every action of the top screen marked for it, with the Ctrl
 * alternative when everything fits. */
static void draw_keybar(ui_app *app)
{
	const ui_screen *top = ui_top(app);
	int y = LINES - 1;
	ui_blank(y, 0, COLS);
	if (!top)
		return;
	for (int with_alt = 1; with_alt >= 0; with_alt--) {
		int total = 0;
		for (int a = 1; a < UI_A_COUNT; a++) {
			const ui_action_info *ai = &ui_actions[a];
			if (!ai->in_bar || !(ai->screens & top->id) ||
			    !ui_action_offered(app, ai->id))
				continue;
			char k[KEYBAR_KEY];
			keybar_key(ai, with_alt, k);
			total += jf_text_width(k) + jf_text_width(_(ai->label)) + 1;
		}
		if (total > COLS && with_alt)
			continue;
		int x = 0;
		for (int a = 1; a < UI_A_COUNT && x < COLS; a++) {
			const ui_action_info *ai = &ui_actions[a];
			if (!ai->in_bar || !(ai->screens & top->id) ||
			    !ui_action_offered(app, ai->id))
				continue;
			char k[KEYBAR_KEY];
			keybar_key(ai, with_alt, k);
			attr_t ka = ui_attr(app, UI_C_KEY);
			attron(ka);
			x += ui_text(y, x, COLS - x, k, 0);
			attroff(ka);
			x += ui_text(y, x, COLS - x, _(ai->label), 0);
			x += 1;
		}
		break;
	}
}

/* How many bytes of s fit in `cols` columns, at a character boundary. */
static size_t fit_bytes(const char *s, int cols)
{
	char buf[1024];
	size_t fit = 0, i = 0, n = strlen(s);
	while (i < n && i < sizeof buf - 1) {
		size_t j = i + 1;
		while (j < n && ((unsigned char)s[j] & 0xC0) == 0x80)
			j++;
		if (j >= sizeof buf)
			break;
		memcpy(buf, s, j);
		buf[j] = '\0';
		if (jf_text_width(buf) > cols)
			break;
		fit = i = j;
	}
	return fit;
}

/* The message line; a message too long for it (a refusal saying what to
 * do, as the clock's) wraps upwards over the screen's last rows, three at
 * most, until the next key. */
static void draw_message(ui_app *app)
{
	enum { MAX_LINES = 3 };
	int y = LINES - 2, cols = COLS - 2;
	ui_blank(y, 0, COLS);
	if (!app->message[0])
		return;
	const char *part[MAX_LINES];
	int n = 0;
	const char *p = app->message;
	while (*p && n < MAX_LINES) {
		part[n++] = p;
		size_t k = n < MAX_LINES ? fit_bytes(p, cols) : strlen(p);
		if (k == 0)
			break;
		p += k;
	}
	attr_t a = ui_attr(app, app->message_bad ? UI_C_BAD : UI_C_GOOD);
	attron(a);
	for (int i = 0; i < n; i++) {
		char line[1024];
		size_t len = i + 1 < n ? (size_t)(part[i + 1] - part[i]) : strlen(part[i]);
		if (len >= sizeof line)
			len = sizeof line - 1;
		memcpy(line, part[i], len);
		line[len] = '\0';
		int row = y - (n - 1) + i;
		ui_blank(row, 0, COLS);
		ui_text(row, 1, cols, line, 0);
	}
	attroff(a);
}

static void draw_too_small(void)
{
	erase();
	char buf[256];
	int y = LINES / 2 - 1;
	if (y < 0)
		y = 0;
	ui_text_center(y, 0, COLS, _("窗口太小"));
	snprintf(buf, sizeof buf, _("请把窗口放大到至少 %dx%d（现在 %dx%d）"), UI_MIN_COLS,
	         UI_MIN_LINES, COLS, LINES);
	if (y + 1 < LINES)
		ui_text_center(y + 1, 0, COLS, buf);
	curs_set(0);
	refresh();
}

static void draw_all(ui_app *app);

void ui_draw_now(ui_app *app)
{
	draw_all(app);
}

static void draw_all(ui_app *app)
{
	if (app->too_small) {
		draw_too_small();
		return;
	}
	erase();
	/* a dialog is drawn over what is below it */
	int from = app->depth - 1;
	while (from > 0 && app->stack[from].screen->modal)
		from--;
	int was = app->running;
	for (int i = from < 0 ? 0 : from; i < app->depth; i++) {
		app->running = i;
		app->stack[i].screen->draw(app);
	}
	app->running = app->depth - 1;
	draw_title(app);
	draw_message(app);
	draw_keybar(app);
	const ui_screen *top = ui_top(app);
	if (top && top->cursor)
		top->cursor(app);
	else
		curs_set(0);
	app->running = was;
	refresh();
}

/* --- input ---------------------------------------------------------------- */

/* An Alt-key, or an escape sequence curses does not know (a terminal's
 * own): one key that means nothing on any screen.  Without it the Esc at
 * its start would leave a resident (or a form) and the rest be typed. */
#define KEY_UNKNOWN UI_FKEY(0xfffff)

/* The top screen's key handler, with its state as ui_self. */
static int top_key(ui_app *app, ui_action act, int key)
{
	const ui_screen *top = ui_top(app);
	int was = frame_enter(app, app->depth - 1);
	int r = top->key(app, act, key);
	frame_leave(app, was);
	return r;
}

int ui_pass_key(ui_app *app, int key)
{
	const ui_screen *top = ui_top(app);
	if (!top)
		return UI_IGNORED;
	return top_key(app, ui_action_for_key(top->id, key), key);
}

static void handle_key(ui_app *app, int key)
{
	const ui_screen *top = ui_top(app);
	if (!top)
		return;
	if (key == KEY_UNKNOWN) {
		ui_say(app, 1, "%s", _("不认识的按键（Alt 组合键或终端的转义序列），没有执行"));
		return;
	}
	ui_action act = ui_action_for_key(top->id, key);
	if (act == UI_A_HELP) {
		ui_push(app, &ui_help_screen, NULL);
		return;
	}
	if (act == UI_A_REDRAW) {
		clearok(curscr, TRUE);
		return;
	}
	int r = top_key(app, act, key);
	if (r & UI_QUIT)
		app->quit = 1;
}

/* After an Esc: if more is already there, the rest of its sequence (ESC x,
 * ESC [ parameters final, ESC O x) is read and the whole is KEY_UNKNOWN;
 * a lone Esc, or one followed by another Esc, is Esc. */
static int escape_tail(void)
{
	int delay = wgetdelay(stdscr);
	int key = UI_ESC;
	wint_t wc;
	wtimeout(stdscr, 0);
	int r = get_wch(&wc);
	if (r == OK && wc == UI_ESC) {
		unget_wch(wc);
	} else if (r != ERR) {
		key = KEY_UNKNOWN;
		if (r == OK && (wc == '[' || wc == 'O')) {
			int csi = wc == '[';
			while ((r = get_wch(&wc)) != ERR)
				if (r == KEY_CODE_YES || !csi || (wc >= 0x40 && wc <= 0x7e))
					break;
		}
	}
	wtimeout(stdscr, delay);
	return key;
}

/* Read one key as the loop sees it; 0 when there is none (timeout). */
static int read_key(void)
{
	wint_t wc;
	int r = get_wch(&wc);
	if (r == ERR)
		return 0;
	if (r == KEY_CODE_YES)
		return UI_FKEY((int)wc);
	if (wc == UI_ESC)
		return escape_tail();
	return (int)wc;
}

static void check_size(ui_app *app)
{
	app->too_small = COLS < UI_MIN_COLS || LINES < UI_MIN_LINES;
}

/* How wide the terminal draws an ambiguous-width character, the way vim
 * finds out (its t_u7): write U+2580 at the start of the line, ask where
 * the cursor went (DSR 6), and wipe the line.  1 if two columns, 0 if one,
 * -1 if the terminal did not say in time.  Before curses starts. */
static int probe_ambiguous_width(void)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return -1;
	struct termios saved, raw;
	if (tcgetattr(STDIN_FILENO, &saved) != 0)
		return -1;
	raw = saved;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) != 0)
		return -1;
	static const char ask[] = "\r\xE2\x96\x80\033[6n";
	int result = -1;
	if (write(STDOUT_FILENO, ask, sizeof ask - 1) == (ssize_t)(sizeof ask - 1)) {
		/* the answer: ESC [ row ; col R */
		char buf[32];
		size_t n = 0;
		struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
		while (n < sizeof buf - 1 && poll(&p, 1, 500) > 0) {
			ssize_t r = read(STDIN_FILENO, buf + n, 1);
			if (r <= 0)
				break;
			n++;
			if (buf[n - 1] == 'R')
				break;
		}
		buf[n] = '\0';
		char *semi = strchr(buf, ';');
		if (n > 0 && buf[n - 1] == 'R' && semi) {
			int col = atoi(semi + 1);
			result = col == 3 ? 1 : col == 2 ? 0 : -1;
		}
	}
	static const char wipe[] = "\r\033[K";
	if (write(STDOUT_FILENO, wipe, sizeof wipe - 1) < 0)
		result = -1;
	tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	return result;
}

static int ui_run(jf_db *db, const char *login, const ui_screen *first);

int jf_ui_main(jf_db *db, const char *login)
{
	return ui_run(db, login, &ui_login_screen);
}

int jf_ui_query(jf_db *db)
{
	return ui_run(db, NULL, &ui_query_screen);
}

static int ui_run(jf_db *db, const char *login, const ui_screen *first)
{
	ui_app app;
	memset(&app, 0, sizeof app);
	app.running = -1;
	app.db = db;
	app.fixed_login = login && *login ? login : NULL;
	if (jf_db_meta(db, "community_name", app.community, sizeof app.community) != JF_OK)
		app.community[0] = '\0';

	if (MB_CUR_MAX == 1)
		jf_i18n_init(NULL);
	char cfg_err[1024] = "";
	if (jf_config_load(NULL, &app.cfg, cfg_err, sizeof cfg_err) != JF_OK) {
		/* the good lines still apply; say what was wrong, first line */
		cfg_err[strcspn(cfg_err, "\n")] = '\0';
		snprintf(app.message, sizeof app.message, "%s",
		         cfg_err[0] ? cfg_err : _("配置文件有误"));
		app.message_bad = 1;
	}
	if (app.cfg.busy_ms > 0)
		jf_db_set_busy_timeout(db, app.cfg.busy_ms);
	if (app.cfg.community_name[0])
		snprintf(app.community, sizeof app.community, "%s", app.cfg.community_name);
	app.ambiguous_wide = probe_ambiguous_width();
	/* a scanner types fast; Esc must still answer at once */
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		fprintf(stderr, "jifen: %s\n", _("无法打开终端（请检查 TERM 设置）"));
		return 1;
	}
	set_term(scr);
	raw();
	noecho();
	keypad(stdscr, TRUE);
	ui_colors_init();
	check_size(&app);

	ui_push(&app, first, NULL);
	timeout(app.idle_ms > 0 ? app.idle_ms : -1);
	while (!app.quit && app.depth > 0) {
		draw_all(&app);
		app.frames++;
		int key = read_key();
		if (key == 0) {
			if (app.idle_ms > 0 && ui_top(&app))
				ui_top(&app)->key(&app, UI_A_NONE, UI_NOKEY);
			continue;
		}
		/* everything already typed (a barcode scanner's burst) is handled
		 * before the next draw */
		timeout(0);
		do {
			if (key == UI_FKEY(KEY_RESIZE)) {
				check_size(&app);
				clearok(curscr, TRUE);
			} else if (!app.too_small) {
				handle_key(&app, key);
			}
		} while (!app.quit && app.depth > 0 && (key = read_key()) != 0);
		timeout(app.idle_ms > 0 ? app.idle_ms : -1);
	}
	while (app.depth > 0)
		ui_pop(&app);
	endwin();
	delscreen(scr);
	jf_op_free(app.op);
	return 0;
}
