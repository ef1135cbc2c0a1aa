/* Checking a receipt at the counter (核验小票, F6), for every operator: the
 * QR scanned (a scanner types the code's text, each of its lines ended by
 * Enter; the last line is the payload) or the receipt number typed.  The
 * verdict fills the screen in large plain words, with the receipt's time,
 * masked resident, items and points.  Nothing is written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "jifen/receipt.h"
#include "jifen/text.h"

#define SCAN_MAX 1024

static struct {
	ui_field f;
	char scan[SCAN_MAX]; /* the lines typed before this one */
	int lines;
	int shown; /* a verdict is on the screen */
	jf_verification v;
	int has_receipt;
	jf_receipt r;
} V;

static void verify_reset(void)
{
	if (V.has_receipt)
		jf_receipt_free(&V.r);
	V.has_receipt = 0;
	V.shown = 0;
	V.scan[0] = '\0';
	V.lines = 0;
	ui_field_clear(&V.f);
}

static void verify_open(ui_app *app, const void *arg)
{
	(void)app;
	(void)arg;
	memset(&V, 0, sizeof V);
	ui_field_init(&V.f, 0);
}

static void verify_close(ui_app *app)
{
	(void)app;
	verify_reset();
}

/* A receipt number as typed: ASCII letters, digits and '-', nothing else. */
static int number_shaped(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= 'a' && *s <= 'z') || *s == '-'))
			return 0;
	return 1;
}

static void show(ui_app *app, jf_status st)
{
	if (st != JF_OK) {
		ui_say(app, 1, "%s", jf_db_error(app->db));
		verify_reset();
		return;
	}
	ui_say_clear(app);
	char keep[JF_RECEIPT_NO_MAX + 1];
	snprintf(keep, sizeof keep, "%s", V.v.no);
	jf_verification v = V.v;
	verify_reset();
	V.v = v;
	V.shown = 1;
	if (v.verdict != JF_VERDICT_FORGED && v.verdict != JF_VERDICT_OTHER_DB &&
	    jf_receipt_load(app->db, keep, &V.r) == JF_OK)
		V.has_receipt = 1;
}

static void submit(ui_app *app)
{
	const char *line = V.f.buf;
	size_t have = strlen(V.scan);
	char all[SCAN_MAX + UI_FIELD_BYTES + 2];
	snprintf(all, sizeof all, "%s%s%s", V.scan, have ? "\n" : "", line);
	if (jf_payload_present(all)) {
		show(app, jf_receipt_verify(app->db, all, &V.v));
		return;
	}
	if (!have && number_shaped(line)) {
		show(app, jf_receipt_verify_no(app->db, line, &V.v));
		return;
	}
	if (!*line) {
		if (have)
			show(app, jf_receipt_verify(app->db, all, &V.v));
		else
			ui_say(app, 1, "%s", _("请扫描小票上的二维码，或输入小票号"));
		return;
	}
	/* one of the code's Chinese lines: the payload comes last */
	if (have + strlen(line) + 2 < sizeof V.scan) {
		snprintf(V.scan + have, sizeof V.scan - have, "%s%s", have ? "\n" : "", line);
		V.lines++;
	}
	ui_field_clear(&V.f);
	ui_say(app, 0, _("已读入 %d 行，继续扫描；只按 Enter 则就此核验"), V.lines);
}

/* The verdict in plain words, as big as the screen allows: a band of
 * colour, the words spaced out in its middle. */
static const char *big_words(jf_verdict v)
{
	switch (v) {
	case JF_VERDICT_GENUINE:
		return _("真实有效");
	case JF_VERDICT_VOIDED:
		return _("已作废");
	case JF_VERDICT_USED:
		return _("券已用过");
	case JF_VERDICT_EXPIRED:
		return _("券已过期");
	case JF_VERDICT_OTHER_DB:
		return _("不是本社区的小票");
	case JF_VERDICT_FORGED:
	default:
		return _("伪造或无法识别");
	}
}

static void draw_verdict(ui_app *app)
{
	int y = UI_TOP + 1, w = COLS - 4, bottom = ui_bottom();
	attr_t band = ui_attr(app, V.v.verdict == JF_VERDICT_GENUINE ? UI_C_GOOD : UI_C_BAD) |
	              A_REVERSE | A_BOLD;
	/* the words with a space between characters */
	char spaced[256];
	size_t o = 0;
	const char *s = big_words(V.v.verdict);
	while (*s && o + 8 < sizeof spaced) {
		unsigned cp;
		int n = jf_utf8_decode(s, strnlen(s, 4), &cp);
		if (n <= 0)
			break;
		if (o)
			spaced[o++] = ' ', spaced[o++] = ' ';
		memcpy(spaced + o, s, (size_t)n);
		o += (size_t)n;
		s += n;
	}
	spaced[o] = '\0';
	attron(band);
	for (int i = 0; i < 5; i++) {
		ui_blank(y + i, 2, w);
		if (i == 2)
			ui_text_center(y + i, 2, w, spaced);
	}
	attroff(band);
	y += 6;
	ui_text(y++, 2, w, V.v.why, 0);
	y++;
	if (!V.has_receipt) {
		attr_t d = ui_attr(app, UI_C_DIM);
		attron(d);
		ui_text(bottom, 2, w, _("扫描下一张或输入小票号；Esc 返回柜台"), 0);
		attroff(d);
		return;
	}
	char buf[512], when[32];
	time_t t = (time_t)V.r.time;
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	snprintf(buf, sizeof buf, _("小票号 %s　时间 %s　居民 %s"), V.r.no, when,
	         V.r.resident_masked);
	ui_text(y++, 2, w, buf, 0);
	for (size_t i = 0; i < V.r.nlines && y < bottom - 1; i++) {
		const jf_receipt_line *l = &V.r.lines[i];
		if (i == 6 && V.r.nlines > 7) {
			snprintf(buf, sizeof buf, _("……另有 %zu 项"), V.r.nlines - i);
			ui_text(y++, 4, w - 2, buf, 0);
			break;
		}
		char right[64];
		snprintf(right, sizeof right, _("x%lld  %lld 分"), (long long)l->qty,
		         (long long)l->points);
		ui_text(y, 4, w - 20, l->name, 0);
		ui_text_right(y++, 2 + w - 18, 18, right);
	}
	if (y < bottom) {
		attr_t h = ui_attr(app, UI_C_HEAD);
		attron(h);
		snprintf(buf, sizeof buf, _("合计 %lld 分　兑换后余额 %lld 分"), (long long)V.r.total,
		         (long long)V.r.balance_after);
		ui_text(y++, 2, w, buf, 0);
		attroff(h);
	}
	attr_t d = ui_attr(app, UI_C_DIM);
	attron(d);
	ui_text(bottom, 2, w, _("扫描下一张或输入小票号；Esc 返回柜台"), 0);
	attroff(d);
}

static void verify_draw(ui_app *app)
{
	if (V.shown) {
		draw_verdict(app);
		return;
	}
	int x = 2, y = UI_TOP + 1, lw = 12;
	int w = COLS - 4 > 76 ? 76 : COLS - 4;
	attr_t h = ui_attr(app, UI_C_HEAD);
	attron(h);
	ui_text(y, x, w, _("核验小票"), 0);
	attroff(h);
	y += 2;
	ui_text(y, x, lw, _("扫码或小票号"), 1);
	ui_field_draw(app, &V.f, y, x + lw, w - lw);
	y += 2;
	attr_t d = ui_attr(app, UI_C_DIM);
	attron(d);
	ui_text(y++, x, w, _("用扫码枪扫小票上的二维码，或输入小票号后按 Enter。"), 0);
	ui_text(y++, x, w, _("核验只读不写：不改变任何记录。Esc 返回柜台。"), 0);
	attroff(d);
	if (V.lines) {
		y++;
		char buf[64];
		snprintf(buf, sizeof buf, _("已读入 %d 行"), V.lines);
		ui_text(y, x, w, buf, 0);
	}
}

static void verify_cursor(ui_app *app)
{
	(void)app;
	if (V.shown) {
		curs_set(0);
		return;
	}
	ui_field_place_cursor(&V.f);
}

static int verify_key(ui_app *app, ui_action action, int key)
{
	switch (action) {
	case UI_A_LEAVE:
		if (V.shown || V.lines || V.f.len) {
			verify_reset();
			ui_say_clear(app);
			return UI_HANDLED;
		}
		ui_pop(app);
		return UI_HANDLED;
	case UI_A_CLEAR:
		verify_reset();
		return UI_HANDLED;
	case UI_A_SUBMIT:
		if (V.shown) {
			verify_reset();
			return UI_HANDLED;
		}
		submit(app);
		return UI_HANDLED;
	default:
		break;
	}
	if (V.shown) {
		/* the next scan starts at once */
		if (!ui_key_printable(key))
			return UI_HANDLED;
		verify_reset();
	}
	int r = ui_field_key(&V.f, key);
	if (r == 1 && app->message_bad)
		ui_say_clear(app);
	return r ? UI_HANDLED : UI_IGNORED;
}

const ui_screen ui_verify_screen = {
    .id = UI_S_VERIFY,
    .title = N_("核验小票"),
    .open = verify_open,
    .draw = verify_draw,
    .key = verify_key,
    .cursor = verify_cursor,
    .close = verify_close,
};
