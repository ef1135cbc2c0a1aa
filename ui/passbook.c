/* Staff: a resident's passbook statement (积分存折) for a period — the
 * balance brought forward, every entry with the balance after it, the
 * balance carried — shown on screen and printed on the receipt printer
 * (F6), as `jifen statement` does.  The resident is found with the
 * counter's search; the period is open at either end unless typed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staff.h"
#include "jifen/escpos.h"
#include "jifen/report.h"
#include "jifen/resident.h"
#include "jifen/text.h"

#define RESULTS_MAX 60

enum { F_WHO, F_FROM, F_TO, F_COUNT };

static struct {
	ui_field f[F_COUNT];
	int focus;
	int dirty;
	jf_resident results[RESULTS_MAX];
	int nres;
	ui_list rl; /* over results[] */
	/* results matching exactly; more than one is a choice (chosen) */
	int nexact, chosen;
	int picked;
	jf_resident res;
	char *text; /* the statement as laid out for the screen; owned */
	int *lines; /* the offset of each line in text */
	int nlines, top;
	int cols; /* the width it was laid out for */
	char error[512];
} P;

static void text_free(void)
{
	free(P.text);
	free(P.lines);
	P.text = NULL;
	P.lines = NULL;
	P.nlines = 0;
}

/* Write the statement with the core's layout, `cols` wide. */
static jf_status statement(ui_app *app, int cols, int printer, char **out)
{
	size_t len = 0;
	*out = NULL;
	FILE *f = open_memstream(out, &len);
	if (!f)
		ui_fatal("open_memstream");
	jf_status st =
	    jf_statement_write(app->db, P.res.id, P.f[F_FROM].len ? P.f[F_FROM].buf : NULL,
	                       P.f[F_TO].len ? P.f[F_TO].buf : NULL, f, cols, printer);
	fclose(f);
	if (st != JF_OK) {
		free(*out);
		*out = NULL;
	}
	return st;
}

static void render(ui_app *app)
{
	text_free();
	P.error[0] = '\0';
	P.top = 0;
	if (!P.picked)
		return;
	P.cols = COLS - 4 > 64 ? 64 : COLS - 4;
	if (statement(app, P.cols, 0, &P.text) != JF_OK) {
		snprintf(P.error, sizeof P.error, "%s", jf_db_error(app->db));
		ui_say(app, 1, "%s", P.error);
		return;
	}
	int cap = 64;
	P.lines = malloc((size_t)cap * sizeof *P.lines);
	if (!P.lines)
		ui_fatal("malloc");
	for (char *p = P.text; *p;) {
		if (P.nlines == cap) {
			cap *= 2;
			int *n = realloc(P.lines, (size_t)cap * sizeof *n);
			if (!n)
				ui_fatal("realloc");
			P.lines = n;
		}
		P.lines[P.nlines++] = (int)(p - P.text);
		char *nl = strchr(p, '\n');
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
}

static void search(ui_app *app)
{
	P.dirty = 0;
	P.rl = (ui_list){0};
	P.nres = P.nexact = P.chosen = 0;
	if (P.f[F_WHO].len == 0)
		return;
	if (jf_resident_lookup(app->db, P.f[F_WHO].buf, 1, P.results, RESULTS_MAX, &P.nres,
	                       &P.nexact) != JF_OK) {
		P.nres = 0;
		ui_say(app, 1, "%s", jf_db_error(app->db));
	}
}

static void print_statement(ui_app *app)
{
	if (!P.picked) {
		ui_say(app, 1, "%s", _("请先查找并选定居民"));
		return;
	}
	if (app->cfg.printer == JF_PRINTER_NONE) {
		ui_say(app, 1, "%s", _("没有设置小票打印机（见 jifen.conf 的 [printer]）"));
		return;
	}
	char *text;
	if (statement(app, jf_paper_cols(app->cfg.paper), 1, &text) != JF_OK) {
		ui_say(app, 1, "%s", jf_db_error(app->db));
		return;
	}
	ui_say(app, 0, "%s", _("正在打印积分存折，请稍候"));
	ui_draw_now(app);
	char err[512];
	jf_status st = jf_report_print(&app->cfg, text, err, sizeof err);
	free(text);
	if (st != JF_OK)
		ui_say(app, 1, _("打印失败：%s"), err);
	else
		ui_say(app, 0, _("%s 的积分存折已送到打印机 %s"), P.res.name,
		       app->cfg.printer_target);
}

/* --- drawing ------------------------------------------------------------------ */

#define LABEL_W 10
#define BODY_Y (UI_TOP + F_COUNT + 2)

static void passbook_draw(ui_app *app)
{
	if (P.dirty)
		search(app);
	if (P.picked && P.cols != (COLS - 4 > 64 ? 64 : COLS - 4))
		render(app);
	staff_heading(app, UI_TOP, 1, COLS - 2,
	              _("积分存折：查找居民，可填起止日期；F6 在小票打印机上打印"));
	static const char *const labels[F_COUNT] = {N_("居民"), N_("从"), N_("到")};
	for (int f = 0; f < F_COUNT; f++) {
		int y = UI_TOP + 1 + f, x = 1 + LABEL_W;
		staff_label(app, y, 1, LABEL_W, _(labels[f]), P.focus == f);
		ui_field_draw(app, &P.f[f], y, x, f == F_WHO ? 24 : 12);
		int rx = x + (f == F_WHO ? 26 : 14), rw = COLS - rx - 1;
		if (f == F_WHO && P.picked) {
			char buf[512], addr[256];
			staff_address(P.res.compound, P.res.building, P.res.unit, P.res.room, addr,
			              sizeof addr);
			snprintf(buf, sizeof buf, "%s  %s", P.res.name, addr);
			staff_heading(app, y, rx, rw, buf);
		} else if (f == F_FROM) {
			staff_hint(app, y, rx, rw, _("YYYY-MM-DD，空着从第一笔记录起"));
		} else if (f == F_TO) {
			staff_hint(app, y, rx, rw, _("YYYY-MM-DD，空着到今天"));
		}
	}
	int y = BODY_Y, bottom = ui_bottom();
	if (P.focus == F_WHO && P.f[F_WHO].len) {
		if (P.nres == 0) {
			ui_text(y, 2, COLS - 4, _("没有找到匹配的居民"), 0);
			return;
		}
		ui_list_show(&P.rl, bottom - y + 1);
		for (int i = P.rl.top; i < P.nres && y <= bottom; i++, y++) {
			const jf_resident *r = &P.results[i];
			char addr[256], bal[32];
			staff_address(r->compound, r->building, r->unit, r->room, addr,
			              sizeof addr);
			ui_points(r->balance, bal, sizeof bal);
			attr_t a = i == P.rl.sel ? ui_attr(app, UI_C_SELECT) : A_NORMAL;
			attron(a);
			ui_blank(y, 1, COLS - 2);
			int x = 1;
			x += ui_text(y, x, 12, r->name, 1) + 1;
			x += ui_text(y, x, COLS - 24, addr, 1) + 1;
			ui_text_right(y, x, 8, bal);
			attroff(a);
		}
		return;
	}
	if (!P.picked) {
		staff_hint(app, y, 2, COLS - 4,
		           _("查找居民：拼音首字母、姓名、电话后四位、房号或刷卡，Enter 选定"));
		return;
	}
	if (!P.text) {
		attr_t b = ui_attr(app, UI_C_BAD);
		attron(b);
		ui_text(y, 2, COLS - 4, P.error, 0);
		attroff(b);
		return;
	}
	int rows = bottom - y + 1;
	if (P.top > P.nlines - rows)
		P.top = P.nlines - rows > 0 ? P.nlines - rows : 0;
	for (int i = P.top; i < P.nlines && y <= bottom; i++, y++)
		ui_text(y, 2, COLS - 4, P.text + P.lines[i], 0);
}

static void passbook_cursor(ui_app *app)
{
	(void)app;
	ui_field_place_cursor(&P.f[P.focus]);
}

/* --- keys ------------------------------------------------------------------------ */

static int passbook_key(ui_app *app, ui_action action, int key)
{
	int page = ui_bottom() - BODY_Y;
	int listing = P.focus == F_WHO && P.f[F_WHO].len > 0;
	switch (action) {
	case UI_A_LEAVE:
		if (P.f[P.focus].len && P.focus == F_WHO) {
			ui_field_clear(&P.f[F_WHO]);
			P.dirty = 1;
		} else if (P.focus != F_WHO) {
			P.focus = F_WHO;
		} else {
			ui_pop(app);
		}
		return UI_HANDLED;
	case UI_A_PRINT:
		print_statement(app);
		return UI_HANDLED;
	case UI_A_FOCUS:
		P.focus = (P.focus + (key == UI_FKEY(KEY_BTAB) ? F_COUNT - 1 : 1)) % F_COUNT;
		return UI_HANDLED;
	case UI_A_SUBMIT:
		if (P.focus != F_WHO) {
			ui_say_clear(app);
			render(app);
			return UI_HANDLED;
		}
		if (P.dirty)
			search(app);
		if (P.f[F_WHO].len == 0) {
			if (!P.picked)
				ui_say(app, 1, "%s", _("请先查找并选定居民"));
			return UI_HANDLED;
		}
		if (P.nres == 0) {
			ui_say(app, 1, _("没有找到「%s」"), P.f[F_WHO].buf);
			return UI_HANDLED;
		}
		if (P.nexact > 1 && !P.chosen) {
			P.chosen = 1;
			ui_say(app, 1, _("「%s」对应 %d 位居民：请用 ↑↓ 选出要找的那一位，再按 Enter"),
			       P.f[F_WHO].buf, P.nexact);
			return UI_HANDLED;
		}
		P.res = P.results[P.rl.sel];
		P.picked = 1;
		ui_field_clear(&P.f[F_WHO]);
		P.dirty = 1;
		ui_say_clear(app);
		render(app);
		return UI_HANDLED;
	case UI_A_UP:
	case UI_A_DOWN:
	case UI_A_PAGEUP:
	case UI_A_PAGEDOWN: {
		int d = action == UI_A_UP       ? -1
		        : action == UI_A_DOWN   ? 1
		        : action == UI_A_PAGEUP ? -page
		                                : page;
		if (listing) {
			ui_list_count(&P.rl, P.nres);
			ui_list_key(&P.rl, action, page);
			P.chosen = 1;
		} else {
			P.top += d;
			if (P.top < 0)
				P.top = 0;
		}
		return UI_HANDLED;
	}
	case UI_A_CLEAR:
		ui_field_clear(&P.f[P.focus]);
		P.dirty = P.focus == F_WHO;
		return UI_HANDLED;
	default:
		break;
	}
	/* a date takes digits and dashes */
	if (P.focus != F_WHO && ui_key_printable(key) && !(key >= '0' && key <= '9') && key != '-')
		return UI_IGNORED;
	int r = ui_field_key(&P.f[P.focus], key);
	if (r == 1) {
		if (P.focus == F_WHO)
			P.dirty = 1;
		if (app->message_bad)
			ui_say_clear(app);
	}
	return r ? UI_HANDLED : UI_IGNORED;
}

static void passbook_open(ui_app *app, const void *arg)
{
	(void)app;
	(void)arg;
	text_free();
	memset(&P, 0, sizeof P);
	ui_field_init(&P.f[F_WHO], JF_CARD_MAX);
	ui_field_init(&P.f[F_FROM], 10);
	ui_field_init(&P.f[F_TO], 10);
	P.focus = F_WHO;
}

static void passbook_close(ui_app *app)
{
	(void)app;
	text_free();
	memset(&P, 0, sizeof P);
}

const ui_screen ui_passbook_screen = {
    .id = UI_S_BOOK,
    .title = N_("积分存折"),
    .open = passbook_open,
    .draw = passbook_draw,
    .key = passbook_key,
    .cursor = passbook_cursor,
    .close = passbook_close,
};
