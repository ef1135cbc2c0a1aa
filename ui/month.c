/* Staff: the monthly public notice (每月公示).  Choose the month (Left and
 * Right step one), see its totals — the residents' points, participation,
 * redemptions, the categories, the ledger's chain hash — and write the
 * notice as HTML (for the bulletin board, A4), CSV or text to a file whose
 * path the user confirms: in the folder jifen.conf's [reports] folder names,
 * else the user's documents folder, never the folder the program was
 * started in (a relative path is taken inside that folder).  Names are
 * masked (丁*英) unless asked. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "staff.h"
#include "jifen/access.h"
#include "jifen/outfile.h"
#include "jifen/report.h"
#include "jifen/text.h"

enum { F_MONTH, F_FORMAT, F_NAMES, F_PATH, F_COUNT };

static const struct {
	jf_report_format fmt;
	const char *label;
	const char *ext;
} formats[] = {
    {JF_REPORT_HTML, N_("HTML 网页（A4 打印，贴公告栏）"), "html"},
    {JF_REPORT_CSV, N_("CSV 表格"), "csv"},
    {JF_REPORT_TEXT, N_("文本"), "txt"},
};
#define NFORMATS ((int)(sizeof formats / sizeof formats[0]))

static struct {
	ui_field month, path;
	int focus;
	int format; /* index into formats */
	int full_names;
	int path_edited; /* the user typed the path: no longer follows the month */
	jf_month_report *r;
	char this_month[8];
	char question[1536];
	char target[UI_FIELD_BYTES + 512]; /* the path confirmed */
	char dir[512];                     /* where notices go (jf_config_report_dir) */
	int dir_configured;                /* 1: from jifen.conf, 0: documents */
} M;

static void default_path(void)
{
	if (M.path_edited)
		return;
	char p[UI_FIELD_BYTES + 512];
	snprintf(p, sizeof p, _("%s/积分公示-%s.%s"), strcmp(M.dir, "/") == 0 ? "" : M.dir,
	         M.r ? M.r->month : M.month.buf, formats[M.format].ext);
	ui_field_set(&M.path, p);
}

static void load(ui_app *app, const char *month)
{
	jf_month_report *r = NULL;
	ui_say(app, 0, "%s", _("正在统计，请稍候"));
	ui_draw_now(app);
	if (jf_month_report_load(app->db, month, &r) != JF_OK) {
		ui_say(app, 1, "%s", jf_db_error(app->db));
		if (M.r)
			ui_field_set(&M.month, M.r->month);
		return;
	}
	ui_say_clear(app);
	jf_month_report_free(M.r);
	M.r = r;
	ui_field_set(&M.month, r->month);
	default_path();
}

static void step_month(ui_app *app, int delta)
{
	int y, m;
	const char *cur = M.r ? M.r->month : M.this_month;
	if (sscanf(cur, "%d-%d", &y, &m) != 2)
		return;
	m += delta;
	if (m < 1) {
		m = 12;
		y--;
	} else if (m > 12) {
		m = 1;
		y++;
	}
	char next[16];
	snprintf(next, sizeof next, "%04d-%02d", y, m);
	if (strcmp(next, M.this_month) > 0) {
		ui_say(app, 1, _("%s 还没到"), next);
		return;
	}
	load(app, next);
}

/* --- writing ----------------------------------------------------------------- */

static void write_yes(ui_app *app, void *ctx)
{
	(void)ctx;
	if (!M.r)
		return;
	if (M.full_names) {
		/* every participant's full name: on the record, staff only */
		char detail[256];
		snprintf(detail, sizeof detail, "%s %.200s", M.r->month, M.target);
		if (jf_access_record(app->db, app->op, JF_ACCESS_MONTH_NAMES, detail) != JF_OK) {
			ui_say(app, 1, "%s", jf_db_error(app->db));
			return;
		}
	}
	/* the documents folder may not exist yet on a fresh account */
	size_t dl = strlen(M.dir);
	if (dl && strncmp(M.target, M.dir, dl) == 0 && M.target[dl] == '/' &&
	    mkdir(M.dir, 0700) != 0 && errno != EEXIST) {
		ui_say(app, 1, _("无法创建文件夹 %s：%s"), M.dir, strerror(errno));
		return;
	}
	jf_outfile out;
	int e = jf_outfile_open(&out, M.target);
	if (e) {
		ui_say(app, 1, _("无法写入 %s：%s"), M.target, strerror(e));
		return;
	}
	jf_month_report_write(M.r, formats[M.format].fmt, M.full_names, 80, out.f);
	if ((e = jf_outfile_close(&out, 1)) != 0) {
		ui_say(app, 1, _("写入 %s 失败：%s"), M.target, strerror(e));
		return;
	}
	ui_say(app, 0, _("已写出 %s 的公示：%s"), M.r->month, M.target);
}

static void write_notice(ui_app *app)
{
	if (!M.r) {
		M.focus = F_MONTH;
		ui_say(app, 1, "%s", _("请先选定月份"));
		return;
	}
	if (M.path.len == 0) {
		M.focus = F_PATH;
		ui_say(app, 1, "%s", _("请输入要写出的文件路径"));
		return;
	}
	const char *p = M.path.buf;
	const char *home = getenv("HOME");
	if (p[0] == '~' && p[1] == '/' && home) {
		size_t hl = strlen(home), pl = strlen(p + 1);
		if (hl + pl + 1 > sizeof M.target) {
			ui_say(app, 1, "%s", jf_status_message(JF_TOO_LONG));
			return;
		}
		memcpy(M.target, home, hl);
		memcpy(M.target + hl, p + 1, pl + 1);
	} else if (p[0] == '/') {
		snprintf(M.target, sizeof M.target, "%s", p);
	} else {
		/* a bare name goes into the notices' folder, not the folder the
		 * program was started in */
		if (!M.dir[0]) {
			ui_say(app, 1, "%s", _("请给出完整路径（以 / 开头）"));
			return;
		}
		snprintf(M.target, sizeof M.target, "%s/%s", M.dir, p);
	}
	int exists = access(M.target, F_OK) == 0;
	snprintf(M.question, sizeof M.question, _("把 %s 的公示（%s，%s）写到：\n%s\n%s确认吗？"),
	         M.r->month, _(formats[M.format].label), M.full_names ? _("全名") : _("姓名遮蔽"),
	         M.target, exists ? _("这个文件已经存在，将被覆盖。\n") : "");
	ui_confirm_arg arg = {.question = M.question, .yes = write_yes, .ctx = NULL};
	ui_push(app, &ui_confirm_screen, &arg);
}

/* --- drawing ----------------------------------------------------------------- */

#define LABEL_W 10

static void line(ui_app *app, int *y, int bottom, ui_color c, const char *s)
{
	if (*y > bottom)
		return;
	attr_t a = ui_attr(app, c);
	attron(a);
	ui_text(*y, 2, COLS - 4, s, 0);
	attroff(a);
	(*y)++;
}

static void draw_totals(ui_app *app, int y, int bottom)
{
	const jf_month_report *r = M.r;
	char buf[512], a[32], b[32], c[32], d[32], e[32];
	if (!r)
		return;
	snprintf(buf, sizeof buf, _("%s %s 每月积分公示%s"), r->month, r->community,
	         r->month_over ? "" : _("（本月还没有结束）"));
	attr_t h = ui_attr(app, UI_C_HEAD);
	attron(h);
	ui_text(y++, 1, COLS - 2, buf, 0);
	attroff(h);
	ui_points(r->points_opening, a, sizeof a);
	ui_points(r->points_earned, b, sizeof b);
	ui_points(r->points_spent, c, sizeof c);
	ui_points(r->points_deducted, d, sizeof d);
	ui_points(r->points_closing, e, sizeof e);
	snprintf(buf, sizeof buf,
	         _("居民 %zu 位：期初 %s 分，获得 %s，兑换 %s，扣减 %s，期末 %s 分"),
	         r->n_residents, a, b, c, d, e);
	line(app, &y, bottom, UI_C_NORMAL, buf);
	snprintf(buf, sizeof buf, _("参与：%lld 位居民获得积分（党员 %lld 位），赋分 %lld 条"),
	         (long long)r->participants, (long long)r->party_participants,
	         (long long)r->awards);
	line(app, &y, bottom, UI_C_NORMAL, buf);
	snprintf(buf, sizeof buf, _("      环境整治 %lld 次，志愿服务 %lld 次"),
	         (long long)r->cleanups, (long long)r->volunteer_services);
	line(app, &y, bottom, UI_C_NORMAL, buf);
	snprintf(buf, sizeof buf,
	         _("兑换：%lld 笔，物品 %lld 件；服务完成 %lld 次（其中家政 %lld 次）"),
	         (long long)r->redemptions, (long long)r->items_redeemed,
	         (long long)r->services_delivered, (long long)r->housekeeping_delivered);
	line(app, &y, bottom, UI_C_NORMAL, buf);
	if (y > bottom)
		return;
	y++;
	attron(h);
	if (y <= bottom) {
		int x = 2;
		x += ui_text(y, x, 12, _("类别"), 1) + 1;
		x += ui_text_right(y, x, 8, _("赋分条数")) + 1;
		x += ui_text_right(y, x, 8, _("积分")) + 1;
		ui_text_right(y, x, 8, _("人数"));
		y++;
	}
	attroff(h);
	for (int i = 0; i < 5 && y <= bottom; i++, y++) {
		const jf_month_category *k = &r->categories[i];
		int x = 2;
		snprintf(a, sizeof a, "%lld", (long long)k->awards);
		snprintf(b, sizeof b, "%lld", (long long)k->points);
		snprintf(c, sizeof c, "%lld", (long long)k->residents);
		x += ui_text(y, x, 12, k->category, 1) + 1;
		x += ui_text_right(y, x, 8, a) + 1;
		x += ui_text_right(y, x, 8, b) + 1;
		ui_text_right(y, x, 8, c);
	}
	if (y > bottom)
		return;
	y++;
	snprintf(buf, sizeof buf, _("爱心鸣谢 %zu 项，兑换物品 %zu 种，服务 %zu 种"), r->n_gifts,
	         r->n_items, r->n_services);
	line(app, &y, bottom, UI_C_NORMAL, buf);
	snprintf(buf, sizeof buf, _("台账校验码（%s）：%.16s...，共 %lld 条"),
	         r->month_over ? _("月末") : _("现在"),
	         r->month_over ? r->head_month_end : r->head_now,
	         (long long)(r->month_over ? r->entries_month_end : r->entries_now));
	line(app, &y, bottom, UI_C_DIM, buf);
}

static void month_draw(ui_app *app)
{
	static const char *const labels[F_COUNT] = {N_("月份"), N_("格式"), N_("姓名"), N_("文件")};
	int y = UI_TOP;
	for (int f = 0; f < F_COUNT; f++, y++) {
		staff_label(app, y, 1, LABEL_W, _(labels[f]), M.focus == f);
		int x = 1 + LABEL_W;
		char buf[256];
		switch (f) {
		case F_MONTH:
			ui_field_draw(app, &M.month, y, x, 9);
			staff_hint(app, y, x + 11, COLS - x - 12,
			           _("YYYY-MM，左右键换一个月，Enter 统计"));
			break;
		case F_FORMAT:
			snprintf(buf, sizeof buf, "< %s >", _(formats[M.format].label));
			ui_text(y, x, COLS - x - 1, buf, 0);
			break;
		case F_NAMES:
			snprintf(buf, sizeof buf, "< %s >",
			         M.full_names ? _("全名") : _("遮蔽（丁*英）"));
			ui_text(y, x, COLS - x - 1, buf, 0);
			break;
		default:
			ui_field_draw(app, &M.path, y, x, COLS - x - 2);
			break;
		}
	}
	staff_hint(app, y++, 1, COLS - 2,
	           _("F5 写出文件（先确认路径）；Tab 换项，格式和姓名用左右键切换"));
	if (M.dir[0]) {
		char where[700];
		snprintf(where, sizeof where,
		         M.dir_configured ? _("文件夹：%s（jifen.conf 的 [reports] folder）")
		                          : _("文件夹：%s（你的文档文件夹；jifen.conf 的 [reports] folder 可改）"),
		         M.dir);
		staff_hint(app, y++, 1, COLS - 2, where);
	}
	draw_totals(app, y + 1, ui_bottom());
}

static void month_cursor(ui_app *app)
{
	(void)app;
	if (M.focus == F_MONTH)
		ui_field_place_cursor(&M.month);
	else if (M.focus == F_PATH)
		ui_field_place_cursor(&M.path);
	else
		curs_set(0);
}

/* --- keys ---------------------------------------------------------------------- */

static void cycle(int delta)
{
	if (M.focus == F_FORMAT) {
		M.format = (M.format + delta + NFORMATS) % NFORMATS;
		default_path();
	} else if (M.focus == F_NAMES) {
		M.full_names = !M.full_names;
	}
}

static int month_key(ui_app *app, ui_action action, int key)
{
	switch (action) {
	case UI_A_LEAVE:
		if (M.focus != F_MONTH)
			M.focus = F_MONTH;
		else
			ui_pop(app);
		return UI_HANDLED;
	case UI_A_WRITE:
		write_notice(app);
		return UI_HANDLED;
	case UI_A_FOCUS:
		M.focus = (M.focus + (key == UI_FKEY(KEY_BTAB) ? F_COUNT - 1 : 1)) % F_COUNT;
		return UI_HANDLED;
	case UI_A_PREV:
	case UI_A_NEXT:
		if (M.focus == F_MONTH)
			step_month(app, action == UI_A_PREV ? -1 : 1);
		else if (M.focus == F_PATH)
			break; /* the cursor in the path */
		else
			cycle(action == UI_A_PREV ? -1 : 1);
		return UI_HANDLED;
	case UI_A_UP:
	case UI_A_DOWN:
		cycle(action == UI_A_UP ? -1 : 1);
		return UI_HANDLED;
	case UI_A_SUBMIT:
		if (M.focus == F_MONTH) {
			load(app, M.month.buf);
			if (M.r && strcmp(M.r->month, M.month.buf) == 0)
				M.focus = F_FORMAT;
		} else if (M.focus == F_PATH) {
			write_notice(app);
		} else {
			M.focus++;
		}
		return UI_HANDLED;
	case UI_A_CLEAR:
		if (M.focus == F_MONTH)
			ui_field_clear(&M.month);
		else if (M.focus == F_PATH) {
			ui_field_clear(&M.path);
			M.path_edited = 1;
		}
		return UI_HANDLED;
	default:
		break;
	}
	ui_field *f = M.focus == F_MONTH ? &M.month : M.focus == F_PATH ? &M.path : NULL;
	if (!f)
		return UI_IGNORED;
	if (f == &M.month && ui_key_printable(key) && !(key >= '0' && key <= '9') && key != '-')
		return UI_IGNORED;
	int r = ui_field_key(f, key);
	if (r == 1) {
		if (f == &M.path)
			M.path_edited = 1;
		if (app->message_bad)
			ui_say_clear(app);
	}
	return r ? UI_HANDLED : UI_IGNORED;
}

static void month_open(ui_app *app, const void *arg)
{
	(void)arg;
	jf_month_report_free(M.r);
	memset(&M, 0, sizeof M);
	ui_field_init(&M.month, 7);
	ui_field_init(&M.path, UI_FIELD_BYTES - 1);
	char today[11];
	jf_day_of(jf_db_now(app->db), today);
	snprintf(M.this_month, sizeof M.this_month, "%.7s", today);
	ui_field_set(&M.month, M.this_month);
	M.focus = F_MONTH;
	M.dir_configured = jf_config_report_dir(&app->cfg, M.dir, sizeof M.dir) == 1;
	load(app, M.this_month);
}

static void month_close(ui_app *app)
{
	(void)app;
	jf_month_report_free(M.r);
	memset(&M, 0, sizeof M);
}

const ui_screen ui_month_screen = {
    .id = UI_S_MONTH,
    .title = N_("每月公示"),
    .open = month_open,
    .draw = month_draw,
    .key = month_key,
    .cursor = month_cursor,
    .close = month_close,
};
