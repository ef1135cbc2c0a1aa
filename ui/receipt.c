/* The receipt screen: the receipt as the receipt module lays it out, read
 * back from the database, with its QR code drawn on screen so the resident
 * can scan it with a phone; printed first when a printer is set up.  Any
 * key returns to the lookup, and a character typed or scanned starts it
 * (the arrows scroll a long receipt, whose last row says more follows). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "jifen/printer.h"
#include "jifen/receipt.h"
#include "jifen/text.h"

/* Light modules around the code: the standard asks for 4; phones read 2
 * well, and 2 lets a version 3 code fit an 80x24 screen. */
#define QR_QUIET 2

/* The receipt screen's own state (ui_self). */
typedef struct {
	int loaded;
	jf_receipt r;
	jf_receipt_row *rows;
	size_t nrows;
	int layout_cols; /* the width the rows were laid out for */
	jf_qr qr;
	int has_qr;
	char qr_error[256];
	int scroll;
	char printed[512]; /* what printing said, "" if not printed */
	int print_bad;
	unsigned long frame; /* app->frames when opened: keys read before the
	                      * receipt was first shown were meant for the
	                      * confirmation (a second y), not the next lookup */
	char print_error[512]; /* the printer's own words, shown under the receipt;
	                        * while print_bad the receipt stays until printed
	                        * (F6, no staff needed: it never printed) or
	                        * dismissed (Esc) */
} receipt_state;

static void receipt_free(receipt_state *R)
{
	if (R->loaded)
		jf_receipt_free(&R->r);
	free(R->rows);
	if (R->has_qr)
		jf_qr_free(&R->qr);
	memset(R, 0, sizeof *R);
}

static void print_receipt(ui_app *app, int reprint)
{
	receipt_state *R = ui_self(app);
	if (app->cfg.printer == JF_PRINTER_NONE)
		return;
	ui_say(app, 0, "%s", _("正在打印小票，请稍候"));
	ui_draw_now(app);
	jf_status st = reprint ? jf_receipt_reprint(app->db, app->op, &app->cfg, R->r.no)
	                       : jf_receipt_print(app->db, &app->cfg, R->r.no);
	if (st == JF_OK) {
		snprintf(R->printed, sizeof R->printed, "%s", _("小票已打印"));
		R->print_bad = 0;
	} else {
		/* short, to fit the message line at 80 columns; the printer's own
		 * words go under the receipt */
		snprintf(R->print_error, sizeof R->print_error, "%s", jf_db_error(app->db));
		snprintf(R->printed, sizeof R->printed, "%s",
		         _("打印失败：检查打印机后按 F6 再打印，Esc 不打印"));
		R->print_bad = 1;
	}
	ui_say(app, R->print_bad, "%s", R->printed);
}

/* After a failed print: F6 prints again, Esc leaves the receipt unprinted
 * (it waits in the day's list of unprinted receipts); anything else keeps
 * the receipt on screen and says so.  The first print after a checkout is
 * any operator's, so a print that never succeeded needs no staff. */
static int failed_print_key(ui_app *app, receipt_state *R, ui_action action, int key)
{
	/* only Esc dismisses: Enter or a scan must not lose the receipt */
	if (action == UI_A_CLOSE && key != UI_ESC)
		action = UI_A_NONE;
	switch (action) {
	case UI_A_PRINT: {
		jf_receipt now;
		int printed = 0;
		if (jf_receipt_load(app->db, R->r.no, &now) == JF_OK) {
			printed = now.printed;
			jf_receipt_free(&now);
		}
		if (printed) {
			/* printed meanwhile (a reprint elsewhere): a second paper is staff's */
			R->print_bad = 0;
			ui_say(app, 0, "%s", _("小票已打印"));
			return UI_HANDLED;
		}
		print_receipt(app, 0);
		return UI_HANDLED;
	}
	case UI_A_CLOSE:
		R->print_bad = 0;
		ui_say(app, 0, "%s", _("小票未打印，日结时会列在未打印的小票中"));
		ui_pop(app);
		return UI_HANDLED;
	default:
		ui_say(app, 1, "%s", R->printed);
		return UI_HANDLED;
	}
}

static void receipt_open(ui_app *app, const void *arg)
{
	const ui_receipt_arg *a = arg;
	receipt_state *R = ui_self(app);
	R->frame = app->frames;
	if ((a->reprint ? jf_receipt_reopen(app->db, app->op, a->receipt_no, &R->r)
	                : jf_receipt_load(app->db, a->receipt_no, &R->r)) != JF_OK) {
		ui_say(app, 1, "%s", jf_db_error(app->db));
		return;
	}
	R->loaded = 1;
	jf_status st = jf_receipt_qr(&R->r, &app->cfg, JF_QR_ECC_L, &R->qr);
	if (st == JF_OK)
		R->has_qr = 1;
	else
		snprintf(R->qr_error, sizeof R->qr_error, "%s", jf_status_message(st));
	if (a->print)
		print_receipt(app, a->reprint);
}

static void relayout(ui_app *app, int cols)
{
	receipt_state *R = ui_self(app);
	if (R->rows && R->layout_cols == cols)
		return;
	free(R->rows);
	R->rows = NULL;
	R->nrows = 0;
	R->layout_cols = cols;
	const char *community = app->cfg.community_name[0] ? app->cfg.community_name : NULL;
	if (jf_receipt_layout(&R->r, community, cols, 0, &R->rows, &R->nrows) != JF_OK)
		ui_say(app, 1, "%s", jf_status_message(JF_NOMEM));
}

/* The QR, dark modules black on white.  Two module rows per text row with
 * half blocks where the terminal draws them one column wide; else two
 * columns per module in reverse video, which needs no special character
 * but twice the room.  Returns the columns used, 0 if it did not fit. */
static int receipt_draw_qr(ui_app *app, int y, int x, int rows, int cols)
{
	receipt_state *R = ui_self(app);
	if (!R->has_qr) {
		if (R->qr_error[0])
			ui_text(y, x, cols, R->qr_error, 0);
		return 0;
	}
	int side = R->qr.width + 2 * QR_QUIET;
	attr_t a = ui_attr(app, UI_C_QR);
	if (side * 2 <= cols && side <= rows) {
		for (int my = 0; my < side; my++)
			for (int mx = 0; mx < side; mx++) {
				int dark = jf_qr_dark(&R->qr, mx - QR_QUIET, my - QR_QUIET);
				attr_t cell = dark ? a | A_REVERSE : a;
				attron(cell);
				mvaddstr(y + my, x + 2 * mx, "  ");
				attroff(cell);
			}
		return side * 2;
	}
	int trows = (side + 1) / 2;
	if (app->ambiguous_wide == 1 || side > cols || trows > rows)
		return 0;
	static const char *const half[4] = {" ", "\xE2\x96\x80", "\xE2\x96\x84", "\xE2\x96\x88"};
	attron(a);
	for (int ty = 0; ty < trows; ty++)
		for (int mx = 0; mx < side; mx++) {
			int top = jf_qr_dark(&R->qr, mx - QR_QUIET, 2 * ty - QR_QUIET);
			int bottom = 2 * ty + 1 < side &&
			             jf_qr_dark(&R->qr, mx - QR_QUIET, 2 * ty + 1 - QR_QUIET);
			mvaddstr(y + ty, x + mx, half[top | bottom << 1]);
		}
	attroff(a);
	return side;
}

static void receipt_draw(ui_app *app)
{
	receipt_state *R = ui_self(app);
	int top = UI_TOP + 1, bottom = ui_bottom();
	if (!R->loaded) {
		ui_text(top, 2, COLS - 4, _("无法读取这张小票"), 0);
		return;
	}
	int rows = bottom - top + 1;
	int side = R->has_qr ? R->qr.width + 2 * QR_QUIET : 0;
	/* the text beside the QR: as wide as a 80 mm receipt if there is room */
	int qr_cols = side * 2 <= COLS - 30 && side <= rows ? side * 2 : side;
	int cols = COLS - 4 - (qr_cols ? qr_cols + 3 : 0);
	if (cols > 48)
		cols = 48;
	if (cols < 24)
		cols = COLS - 4 < 48 ? COLS - 4 : 48;
	relayout(app, cols);
	int y = top;
	size_t next = (size_t)R->scroll; /* the first row not drawn */
	if (R->scroll > 0 && (size_t)R->scroll >= R->nrows)
		R->scroll = R->nrows ? (int)R->nrows - 1 : 0;
	/* the rows of text from the scroll position on; when they do not all
	 * fit, the last row says that more follows */
	size_t left = 0;
	for (size_t i = (size_t)R->scroll; i < R->nrows; i++)
		left += R->rows[i].style != JF_ROW_QR;
	int last = (size_t)(bottom - top + 1) < left ? bottom - 1 : bottom;
	for (size_t i = (size_t)R->scroll; i < R->nrows && y <= last; i++) {
		const jf_receipt_row *row = &R->rows[i];
		next = i + 1;
		if (row->style == JF_ROW_QR)
			continue; /* the QR is drawn beside the text */
		attr_t a = row->style == JF_ROW_TITLE || row->style == JF_ROW_STRONG
		               ? ui_attr(app, UI_C_HEAD)
		               : A_NORMAL;
		attron(a);
		ui_text(y++, 2, cols, row->text, 0);
		attroff(a);
	}
	int qx = 2 + cols + 3;
	/* from the row under the title bar: the Chinese lines make the code a
	 * version 5 (41 modules with the quiet zone), 21 rows at 80x24 */
	int used = receipt_draw_qr(app, UI_TOP, qx, rows + 1, COLS - qx - 1);
	if (R->has_qr && used == 0) {
		attr_t d = ui_attr(app, UI_C_BAD);
		attron(d);
		ui_text(top, qx, COLS - qx - 1, _("窗口太小，放不下二维码"), 0);
		if (app->ambiguous_wide == 1)
			ui_text(top + 1, qx, COLS - qx - 1, _("（本终端把方块字符画成两格宽）"), 0);
		attroff(d);
	}
	if (R->print_bad && y <= bottom) {
		/* why, in the printer's words, under the receipt */
		attr_t b = ui_attr(app, UI_C_BAD);
		attron(b);
		ui_text(y++, 2, COLS - 4, R->print_error, 0);
		attroff(b);
	}
	size_t unseen = 0;
	for (size_t i = next; i < R->nrows; i++)
		unseen += R->rows[i].style != JF_ROW_QR;
	if (unseen > 0) {
		char more[160];
		snprintf(more, sizeof more, _("下面还有 %zu 行：上下键翻看，其他键返回"), unseen);
		attr_t h = ui_attr(app, UI_C_HEAD);
		attron(h);
		ui_text(bottom, 2, cols, more, 0);
		attroff(h);
	} else if (y <= bottom) {
		attr_t d = ui_attr(app, UI_C_DIM);
		attron(d);
		ui_text(y + (y < bottom), 2, cols,
		        R->print_bad ? _("F6 再打印，Esc 不打印") : _("按任意键接待下一位"), 0);
		attroff(d);
	}
}

static int receipt_key(ui_app *app, ui_action action, int key)
{
	receipt_state *R = ui_self(app);
	if (R->print_bad && action != UI_A_UP && action != UI_A_DOWN && action != UI_A_PAGEUP &&
	    action != UI_A_PAGEDOWN)
		return failed_print_key(app, R, action, key);
	ui_list l = {.n = (int)R->nrows, .top = R->scroll};
	if (ui_list_scroll(&l, action, ui_bottom() - UI_TOP)) {
		R->scroll = l.top;
		return UI_HANDLED;
	}
	/* A character typed or scanned once the receipt is shown starts the
	 * next lookup on the counter below.  Other keys, and a second y or F5
	 * read before the receipt was first drawn, only close this screen. */
	int pass = ui_key_printable(key) && app->frames > R->frame;
	ui_pop(app);
	if (pass && ui_top(app) == &ui_counter_screen)
		return ui_pass_key(app, key);
	return UI_HANDLED;
}

static void receipt_close(ui_app *app)
{
	receipt_free(ui_self(app));
}

const ui_screen ui_receipt_screen = {
    .id = UI_S_RECEIPT,
    .title = N_("小票"),
    .size = sizeof(receipt_state),
    .open = receipt_open,
    .draw = receipt_draw,
    .key = receipt_key,
    .close = receipt_close,
};
