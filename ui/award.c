/* Staff: recording points (后台赋分).  One activity for one resident or for
 * many at once (the event form: a stairwell clean-up with twenty people):
 * the residents picked with the counter's search, the activity from the
 * five categories (browsed by category or filtered by code, name or pinyin
 * initials), the verifier (楼长 or 网格员), the deed's date (today unless
 * typed), a note and the page and row of the paper 台账.  A likely duplicate
 * (the same resident, activity and day) is marked in the list and named in
 * the confirmation; the core then writes all the awards or none. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "staff.h"
#include "jifen/catalog.h"
#include "jifen/ledger.h"
#include "jifen/resident.h"
#include "jifen/text.h"

#define RESULTS_MAX 60
/* More than any event form needs; the core takes them in one transaction. */
#define CHOSEN_MAX 500

enum { F_WHO, F_WHAT, F_VERIFIER, F_DATE, F_NOTE, F_REF, F_COUNT };

static const char *const field_labels[F_COUNT] = {
    N_("居民"), N_("活动"), N_("核实人"), N_("日期"), N_("备注"), N_("台账"),
};

typedef struct {
	jf_resident r;
	int64_t dups; /* earlier awards of the activity on the day; -1 unknown */
} chosen;

typedef struct {
	char name[JF_NAME_MAX + 1];
	int64_t balance;
} done_row;

static struct {
	ui_field f[F_COUNT];
	int focus;

	/* the lookup */
	int dirty;
	jf_resident results[RESULTS_MAX];
	int nres;
	ui_list rl; /* over results[] */
	/* results matching exactly; more than one is a choice (chosen) */
	int nexact, chosen;
	char search_error[256];

	/* the residents picked */
	chosen *who;
	int nwho;
	ui_list wl; /* over who[] */
	int dups_dirty;

	/* activities: all active ones, and those the filter and category show */
	jf_activity *acts;
	staff_keys *akeys;
	int *ashown;
	int nacts, nashown;
	ui_list al; /* over ashown[] */
	int category; /* 0: every category; 1..5: jf_categories[category - 1] */
	int has_act;
	jf_activity act;

	/* verifiers, active ones */
	jf_verifier *vers;
	staff_keys *vkeys;
	int *vshown;
	int nvers, nvshown;
	ui_list vl; /* over vshown[] */
	int has_ver;
	jf_verifier ver;

	/* the last award written, shown until the next one is prepared */
	done_row *done;
	int ndone;
	char done_what[400];

	char question[1024];
} A;

/* --- loading and filtering ------------------------------------------------- */

static void free_all(void)
{
	free(A.who);
	free(A.acts);
	free(A.akeys);
	free(A.ashown);
	free(A.vers);
	free(A.vkeys);
	free(A.vshown);
	free(A.done);
	memset(&A, 0, sizeof A);
}

static void acts_filter(void)
{
	const char *q = A.f[F_WHAT].buf;
	A.nashown = 0;
	int exact = -1;
	for (int i = 0; i < A.nacts; i++) {
		const jf_activity *a = &A.acts[i];
		/* typing searches every category; browsing shows one */
		if (!*q && A.category > 0 &&
		    strcmp(a->category, jf_categories[A.category - 1]) != 0)
			continue;
		if (!staff_match(q, a->code, a->name, &A.akeys[i]))
			continue;
		if (*q && exact < 0 && strcasecmp(a->code, q) == 0)
			exact = A.nashown;
		A.ashown[A.nashown++] = i;
	}
	A.al.sel = exact >= 0 ? exact : 0;
	A.al.top = 0;
}

static void vers_filter(void)
{
	const char *q = A.f[F_VERIFIER].buf;
	A.nvshown = 0;
	for (int i = 0; i < A.nvers; i++)
		if (staff_match(q, NULL, A.vers[i].name, &A.vkeys[i]))
			A.vshown[A.nvshown++] = i;
	A.vl.sel = 0;
	A.vl.top = 0;
}

static void load(ui_app *app)
{
	jf_activity *acts = NULL;
	size_t na = 0;
	if (jf_activity_list(app->db, 0, &acts, &na) != JF_OK) {
		ui_say(app, 1, "%s", jf_db_error(app->db));
		na = 0;
	}
	A.acts = acts;
	A.nacts = (int)na;
	A.akeys = calloc(na ? na : 1, sizeof *A.akeys);
	A.ashown = calloc(na ? na : 1, sizeof *A.ashown);
	if (!A.akeys || !A.ashown)
		ui_fatal("calloc");
	for (size_t i = 0; i < na; i++)
		staff_keys_make(acts[i].name, 0, &A.akeys[i]);
	acts_filter();

	jf_verifier *vers = NULL;
	size_t nv = 0;
	if (jf_verifier_list(app->db, &vers, &nv) != JF_OK) {
		ui_say(app, 1, "%s", jf_db_error(app->db));
		nv = 0;
	}
	/* only those still serving */
	size_t k = 0;
	for (size_t i = 0; i < nv; i++)
		if (vers[i].active)
			vers[k++] = vers[i];
	A.vers = vers;
	A.nvers = (int)k;
	A.vkeys = calloc(k ? k : 1, sizeof *A.vkeys);
	A.vshown = calloc(k ? k : 1, sizeof *A.vshown);
	if (!A.vkeys || !A.vshown)
		ui_fatal("calloc");
	for (size_t i = 0; i < k; i++)
		staff_keys_make(vers[i].name, 1, &A.vkeys[i]);
	vers_filter();
}

static void search(ui_app *app)
{
	A.dirty = 0;
	A.rl.sel = A.rl.top = 0;
	A.search_error[0] = '\0';
	A.nres = A.nexact = A.chosen = 0;
	if (A.f[F_WHO].len == 0)
		return;
	if (jf_resident_lookup(app->db, A.f[F_WHO].buf, 0, A.results, RESULTS_MAX, &A.nres,
	                       &A.nexact) != JF_OK) {
		A.nres = A.nexact = 0;
		snprintf(A.search_error, sizeof A.search_error, "%s", jf_db_error(app->db));
	}
}

/* Count the earlier awards of the activity on the day for every resident
 * picked; unknown (-1) while the activity or the date is missing. */
static void dups_update(ui_app *app)
{
	A.dups_dirty = 0;
	const char *day = A.f[F_DATE].buf;
	int ready = A.has_act && jf_day_valid(day);
	for (int i = 0; i < A.nwho; i++) {
		A.who[i].dups = -1;
		if (ready && jf_award_duplicates(app->db, A.who[i].r.id, A.act.id, day,
		                                 &A.who[i].dups) != JF_OK) {
			A.who[i].dups = -1;
			ui_say(app, 1, "%s", jf_db_error(app->db));
		}
	}
}

static void done_clear(void)
{
	free(A.done);
	A.done = NULL;
	A.ndone = 0;
}

/* --- picking --------------------------------------------------------------- */

static void add_resident(ui_app *app, const jf_resident *r)
{
	for (int i = 0; i < A.nwho; i++)
		if (A.who[i].r.id == r->id) {
			A.wl.sel = i;
			ui_say(app, 1, _("%s 已在名单中"), r->name);
			return;
		}
	if (A.nwho == CHOSEN_MAX) {
		ui_say(app, 1, _("一次最多 %d 位居民"), CHOSEN_MAX);
		return;
	}
	chosen *w = realloc(A.who, (size_t)(A.nwho + 1) * sizeof *w);
	if (!w)
		ui_fatal("realloc");
	A.who = w;
	A.who[A.nwho].r = *r;
	A.who[A.nwho].dups = -1;
	A.wl.sel = A.nwho++;
	A.dups_dirty = 1;
	done_clear();
	ui_say(app, 0, _("已加入 %s（共 %d 位）"), r->name, A.nwho);
}

static void drop_resident(ui_app *app)
{
	if (A.nwho == 0) {
		ui_say(app, 1, "%s", _("名单是空的"));
		return;
	}
	ui_say(app, 0, _("已移除 %s"), A.who[A.wl.sel].r.name);
	memmove(&A.who[A.wl.sel], &A.who[A.wl.sel + 1],
	        (size_t)(A.nwho - A.wl.sel - 1) * sizeof *A.who);
	A.nwho--;
	ui_list_count(&A.wl, A.nwho);
}

static void pick_activity(ui_app *app)
{
	if (A.nashown == 0) {
		ui_say(app, 1, _("没有匹配「%s」的活动"), A.f[F_WHAT].buf);
		return;
	}
	A.act = A.acts[A.ashown[A.al.sel]];
	A.has_act = 1;
	A.dups_dirty = 1;
	ui_field_clear(&A.f[F_WHAT]);
	acts_filter();
	A.focus = F_VERIFIER;
	ui_say_clear(app);
}

/* The date field as the core will take it: a real day, not after today.
 * 0 with the reason in why (localized) otherwise. */
static int date_ok(ui_app *app, char *why, size_t len)
{
	char today[11];
	const char *d = A.f[F_DATE].buf;
	if (!jf_day_valid(d)) {
		snprintf(why, len, _("日期「%s」无效，应为 YYYY-MM-DD"), d);
		return 0;
	}
	jf_day_of(jf_db_now(app->db), today);
	if (strcmp(d, today) > 0) {
		snprintf(why, len, _("%s 还没到，不能为将来的事赋分"), d);
		return 0;
	}
	return 1;
}

static void pick_verifier(ui_app *app)
{
	if (A.nvshown == 0) {
		ui_say(app, 1, _("没有匹配「%s」的核实人"), A.f[F_VERIFIER].buf);
		return;
	}
	A.ver = A.vers[A.vshown[A.vl.sel]];
	A.has_ver = 1;
	ui_field_clear(&A.f[F_VERIFIER]);
	vers_filter();
	A.focus = F_DATE;
	ui_say_clear(app);
}

/* --- committing ------------------------------------------------------------ */

static void award_yes(ui_app *app, void *ctx)
{
	(void)ctx;
	if (A.nwho == 0)
		return; /* already written: a second y */
	int64_t *ids = malloc((size_t)A.nwho * sizeof *ids);
	if (!ids)
		ui_fatal("malloc");
	for (int i = 0; i < A.nwho; i++)
		ids[i] = A.who[i].r.id;
	jf_award_req req = {
	    .activity_id = A.act.id,
	    .verifier_id = A.ver.id,
	    .deed_date = A.f[F_DATE].buf,
	    .ref = A.f[F_REF].len ? A.f[F_REF].buf : NULL,
	    .note = A.f[F_NOTE].len ? A.f[F_NOTE].buf : NULL,
	};
	ui_say(app, 0, "%s", _("正在记入，请稍候"));
	ui_draw_now(app);
	jf_status st = jf_award(app->db, app->op, ids, (size_t)A.nwho, &req, NULL);
	free(ids);
	if (st != JF_OK) {
		/* nothing was written; the form stays as it was */
		ui_say(app, 1, "%s", jf_db_error(app->db));
		return;
	}
	done_clear();
	A.done = calloc((size_t)A.nwho, sizeof *A.done);
	if (!A.done)
		ui_fatal("calloc");
	for (int i = 0; i < A.nwho; i++) {
		jf_resident r;
		snprintf(A.done[i].name, sizeof A.done[i].name, "%s", A.who[i].r.name);
		A.done[i].balance = jf_resident_get(app->db, A.who[i].r.id, &r) == JF_OK
		                        ? r.balance
		                        : A.who[i].r.balance + A.act.points;
	}
	A.ndone = A.nwho;
	snprintf(A.done_what, sizeof A.done_what, "%s %s  %s", A.act.code, A.act.name,
	         A.f[F_DATE].buf);
	char today[11];
	jf_day_of(jf_db_now(app->db), today);
	if (strcmp(A.f[F_DATE].buf, today) != 0) {
		/* an earlier day is not carried silently to the next award: the
		 * date goes back to today, and the message says so */
		ui_field_set(&A.f[F_DATE], today);
		A.dups_dirty = 1;
		ui_say(app, 0, _("已给 %d 位居民记「%s」，每位 %lld 分，共 %lld 分；日期已改回今天"),
		       A.nwho, A.act.name, (long long)A.act.points,
		       (long long)(A.act.points * A.nwho));
	} else {
		ui_say(app, 0, _("已给 %d 位居民记「%s」，每位 %lld 分，共 %lld 分"), A.nwho,
		       A.act.name, (long long)A.act.points, (long long)(A.act.points * A.nwho));
	}
	/* ready for the next batch: same activity and verifier; today */
	A.nwho = A.wl.sel = A.wl.top = 0;
	ui_field_clear(&A.f[F_NOTE]);
	ui_field_clear(&A.f[F_REF]);
	A.focus = F_WHO;
}

static void submit(ui_app *app)
{
	if (A.nwho == 0) {
		A.focus = F_WHO;
		ui_say(app, 1, "%s", _("请先查找并选定居民（可以选多位）"));
		return;
	}
	if (!A.has_act) {
		A.focus = F_WHAT;
		ui_say(app, 1, "%s", _("请选择活动"));
		return;
	}
	if (!A.has_ver) {
		A.focus = F_VERIFIER;
		ui_say(app, 1, "%s", _("请选择核实人（楼长或网格员）"));
		return;
	}
	char why[160];
	if (!date_ok(app, why, sizeof why)) {
		A.focus = F_DATE;
		ui_say(app, 1, "%s", why);
		return;
	}
	dups_update(app);
	char names[256] = "";
	int ndup = 0;
	for (int i = 0; i < A.nwho; i++)
		if (A.who[i].dups > 0) {
			size_t l = strlen(names);
			if (ndup < 3)
				snprintf(names + l, sizeof names - l, "%s%s", ndup ? _("、") : "",
				         A.who[i].r.name);
			ndup++;
		}
	char who[160];
	if (A.nwho == 1)
		snprintf(who, sizeof who, "%s", A.who[0].r.name);
	else
		snprintf(who, sizeof who, _("%s 等 %d 位居民"), A.who[0].r.name, A.nwho);
	char dup[400] = "";
	if (ndup > 0)
		snprintf(dup, sizeof dup, _("注意：%s%s 在 %s 已记过此项，可能重复\n"), names,
		         ndup > 3 ? _(" 等") : "", A.f[F_DATE].buf);
	char today[11];
	jf_day_of(jf_db_now(app->db), today);
	if (strcmp(A.f[F_DATE].buf, today) != 0) {
		/* a day other than today is said, never carried silently */
		size_t l = strlen(dup);
		snprintf(dup + l, sizeof dup - l, _("注意：日期 %s 不是今天\n"), A.f[F_DATE].buf);
	}
	snprintf(A.question, sizeof A.question,
	         _("给 %s 记「%s %s」\n每位 %lld 分，共 %lld 分；核实人 %s（%s），日期 "
	           "%s\n%s确认赋分吗？"),
	         who, A.act.code, A.act.name, (long long)A.act.points,
	         (long long)(A.act.points * A.nwho), A.ver.name, jf_verifier_role_label(A.ver.role),
	         A.f[F_DATE].buf, dup);
	ui_confirm_arg arg = {.question = A.question, .yes = award_yes, .ctx = NULL};
	ui_push(app, &ui_confirm_screen, &arg);
}

static void leave_yes(ui_app *app, void *ctx)
{
	(void)ctx;
	ui_say(app, 0, "%s", _("已放弃，未记入任何积分"));
	ui_pop(app);
}

/* --- drawing --------------------------------------------------------------- */

#define LABEL_W 10
#define FORM_Y (UI_TOP + 1)
#define LIST_Y (FORM_Y + F_COUNT + 1)

static int field_width(int f)
{
	switch (f) {
	case F_WHO:
		return 24;
	case F_WHAT:
	case F_VERIFIER:
		return 14;
	case F_DATE:
		return 12;
	case F_REF:
		return 20;
	default:
		return COLS - LABEL_W - 3;
	}
}

static void draw_form(ui_app *app)
{
	char buf[512];
	for (int f = 0; f < F_COUNT; f++) {
		int y = FORM_Y + f, x = 1;
		staff_label(app, y, x, LABEL_W, _(field_labels[f]), A.focus == f);
		x += LABEL_W;
		int fw = field_width(f);
		ui_field_draw(app, &A.f[f], y, x, fw);
		int rx = x + fw + 2, rw = COLS - rx - 1;
		if (rw <= 0)
			continue;
		switch (f) {
		case F_WHO:
			snprintf(buf, sizeof buf, _("已选 %d 位"), A.nwho);
			staff_heading(app, y, rx, rw, buf);
			break;
		case F_WHAT:
			if (A.has_act) {
				snprintf(buf, sizeof buf, _("%s %s  %lld 分（%s）"), A.act.code,
				         A.act.name, (long long)A.act.points, A.act.category);
				staff_heading(app, y, rx, rw, buf);
			} else {
				staff_hint(app, y, rx, rw, _("代码、名称或拼音首字母，未选"));
			}
			break;
		case F_VERIFIER:
			if (A.has_ver) {
				snprintf(buf, sizeof buf, _("%s（%s%s%s）"), A.ver.name,
				         jf_verifier_role_label(A.ver.role),
				         A.ver.compound[0] ? _("，") : "", A.ver.compound);
				staff_heading(app, y, rx, rw, buf);
			} else {
				staff_hint(app, y, rx, rw, _("楼长或网格员，未选"));
			}
			break;
		case F_DATE:
			if (!date_ok(app, buf, sizeof buf)) {
				attr_t b = ui_attr(app, UI_C_BAD);
				attron(b);
				ui_text(y, rx, rw, buf, 0);
				attroff(b);
			} else {
				staff_hint(app, y, rx, rw, _("做好事的日期，默认今天"));
			}
			break;
		case F_REF:
			staff_hint(app, y, rx, rw, _("纸质台账的页和行，可不填"));
			break;
		default:
			break;
		}
	}
}

static void draw_results(ui_app *app, int x, int w, int y, int bottom)
{
	if (A.search_error[0]) {
		attr_t b = ui_attr(app, UI_C_BAD);
		attron(b);
		ui_text(y, x, w, A.search_error, 0);
		attroff(b);
		return;
	}
	if (A.nres == 0) {
		ui_text(y, x, w, _("没有找到匹配的居民"), 0);
		return;
	}
	char head[64];
	snprintf(head, sizeof head, _("查找结果 %d 位，Enter 加入名单"), A.nres);
	staff_heading(app, y++, x, w, head);
	int rows = bottom - y + 1;
	ui_list_show(&A.rl, rows);
	int namew = 10, balw = 6, addrw = w - namew - balw - 2;
	for (int i = A.rl.top; i < A.nres && y <= bottom; i++, y++) {
		const jf_resident *r = &A.results[i];
		char addr[256], bal[32];
		staff_address(r->compound, r->building, r->unit, r->room, addr, sizeof addr);
		ui_points(r->balance, bal, sizeof bal);
		attr_t a = i == A.rl.sel ? ui_attr(app, UI_C_SELECT) : A_NORMAL;
		attron(a);
		ui_blank(y, x, w);
		int cx = x;
		cx += ui_text(y, cx, namew, r->name, 1) + 1;
		cx += ui_text(y, cx, addrw, addr, 1) + 1;
		ui_text_right(y, cx, balw, bal);
		attroff(a);
	}
}

static void draw_done(ui_app *app, int x, int w, int y, int bottom)
{
	char head[256];
	snprintf(head, sizeof head, _("已记入：%s"), A.done_what);
	attr_t g = ui_attr(app, UI_C_GOOD);
	attron(g);
	ui_text(y++, x, w, head, 0);
	attroff(g);
	staff_hint(app, y++, x, w, _("姓名        记入后余额"));
	for (int i = 0; i < A.ndone && y <= bottom; i++, y++) {
		char bal[32];
		ui_points(A.done[i].balance, bal, sizeof bal);
		int cx = x;
		cx += ui_text(y, cx, 12, A.done[i].name, 1) + 1;
		ui_text_right(y, cx, 8, bal);
	}
}

static void draw_activities(ui_app *app, int x, int w, int y, int bottom)
{
	char cat[160];
	const char *cname = A.category ? jf_categories[A.category - 1] : _("全部类别");
	if (A.f[F_WHAT].len)
		snprintf(cat, sizeof cat, _("按「%s」查找，全部类别"), A.f[F_WHAT].buf);
	else
		snprintf(cat, sizeof cat, _("类别 < %s >（左右键换类别）"), cname);
	staff_heading(app, y++, x, w, cat);
	if (A.nashown == 0) {
		ui_text(y, x, w, _("没有匹配的活动"), 0);
		return;
	}
	int rows = bottom - y + 1;
	/* the rows from al.top to al.sel, category headings included, must fit */
	if (A.al.sel < A.al.top)
		A.al.top = A.al.sel;
	for (;;) {
		int need = 0;
		const char *prev = NULL;
		for (int i = A.al.top; i <= A.al.sel; i++) {
			const char *c = A.acts[A.ashown[i]].category;
			if (!prev || strcmp(prev, c) != 0)
				need++;
			prev = c;
			need++;
		}
		if (need <= rows || A.al.top >= A.al.sel)
			break;
		A.al.top++;
	}
	const char *prev = NULL;
	attr_t h = ui_attr(app, UI_C_HEAD);
	for (int i = A.al.top; i < A.nashown && y <= bottom; i++) {
		const jf_activity *a = &A.acts[A.ashown[i]];
		if (!prev || strcmp(prev, a->category) != 0) {
			attron(h | A_UNDERLINE);
			ui_text(y++, x, w, a->category, 0);
			attroff(h | A_UNDERLINE);
			prev = a->category;
			if (y > bottom)
				break;
		}
		char pts[32];
		snprintf(pts, sizeof pts, _("%lld 分"), (long long)a->points);
		attr_t s = i == A.al.sel ? ui_attr(app, UI_C_SELECT) : A_NORMAL;
		attron(s);
		ui_blank(y, x, w);
		int cx = x + 1;
		cx += ui_text(y, cx, 5, a->code, 1) + 1;
		cx += ui_text(y, cx, w - 1 - 5 - 1 - 7, a->name, 1) + 1;
		ui_text_right(y, cx, 6, pts);
		attroff(s);
		y++;
	}
}

static void draw_verifiers(ui_app *app, int x, int w, int y, int bottom)
{
	staff_heading(app, y++, x, w, _("核实人（楼长、网格员）"));
	if (A.nvshown == 0) {
		ui_text(y, x, w, A.nvers ? _("没有匹配的核实人") : _("还没有登记核实人"), 0);
		return;
	}
	ui_list_show(&A.vl, bottom - y + 1);
	for (int i = A.vl.top; i < A.nvshown && y <= bottom; i++, y++) {
		const jf_verifier *v = &A.vers[A.vshown[i]];
		attr_t s = i == A.vl.sel ? ui_attr(app, UI_C_SELECT) : A_NORMAL;
		attron(s);
		ui_blank(y, x, w);
		int cx = x + 1;
		cx += ui_text(y, cx, 10, v->name, 1) + 1;
		cx += ui_text(y, cx, 8, jf_verifier_role_label(v->role), 1) + 1;
		ui_text(y, cx, x + w - cx, v->compound, 0);
		attroff(s);
	}
}

static void draw_summary(ui_app *app, int x, int w, int y, int bottom)
{
	char buf[256];
	staff_heading(app, y++, x, w, _("本次赋分"));
	snprintf(buf, sizeof buf, _("活动：%s"), A.has_act ? A.act.name : _("（未选）"));
	ui_text(y++, x, w, buf, 0);
	snprintf(buf, sizeof buf, _("核实人：%s"), A.has_ver ? A.ver.name : _("（未选）"));
	ui_text(y++, x, w, buf, 0);
	snprintf(buf, sizeof buf, _("日期：%s"), A.f[F_DATE].buf);
	ui_text(y++, x, w, buf, 0);
	if (A.has_act) {
		snprintf(buf, sizeof buf, _("%d 位，每位 %lld 分，共 %lld 分"), A.nwho,
		         (long long)A.act.points, (long long)(A.act.points * A.nwho));
		ui_text(y++, x, w, buf, 0);
	}
	if (y + 1 <= bottom)
		staff_hint(app, y + 1, x, w, _("F5 提交：确认后一次记入，全记或全不记"));
}

static void draw_chosen(ui_app *app, int x, int w, int y, int bottom)
{
	char head[128];
	snprintf(head, sizeof head, _("名单 %d 位"), A.nwho);
	staff_heading(app, y++, x, w, head);
	if (A.nwho == 0) {
		staff_hint(app, y, x, w, _("（空）查找居民后按 Enter 加入"));
		return;
	}
	int rows = bottom - y + 1;
	ui_list_show(&A.wl, rows);
	int active = A.focus == F_WHO && A.f[F_WHO].len == 0;
	for (int i = A.wl.top; i < A.nwho && y <= bottom; i++, y++) {
		const chosen *c = &A.who[i];
		char bal[32];
		ui_points(c->r.balance, bal, sizeof bal);
		attr_t s = active && i == A.wl.sel ? ui_attr(app, UI_C_SELECT) : A_NORMAL;
		attron(s);
		ui_blank(y, x, w);
		int cx = x;
		cx += ui_text(y, cx, 12, c->r.name, 1) + 1;
		cx += ui_text_right(y, cx, 6, bal) + 1;
		if (w >= 48) {
			char addr[256];
			staff_address(c->r.compound, c->r.building, c->r.unit, c->r.room, addr,
			              sizeof addr);
			cx += ui_text(y, cx, x + w - cx - 10, addr, 1) + 1;
		}
		attroff(s);
		if (c->dups > 0) {
			attr_t b = ui_attr(app, UI_C_BAD);
			attron(b);
			ui_text(y, cx, x + w - cx, _("可能重复"), 0);
			attroff(b);
		}
	}
}

static void award_draw(ui_app *app)
{
	if (A.dirty)
		search(app);
	if (A.dups_dirty)
		dups_update(app);
	staff_heading(app, UI_TOP, 1, COLS - 2,
	              _("后台赋分：一项活动，可同时记给多位居民（如楼道清扫的全体参加者）"));
	draw_form(app);
	int y = LIST_Y, bottom = ui_bottom();
	/* the list of the field on the left, the residents picked on the
	 * right; a wider terminal widens the right (with addresses) */
	int lw = COLS - 32 - 4 > 64 ? 64 : COLS - 32 - 4;
	int lx = 1, rx = lx + lw + 2;
	lw--; /* a column free before the bar */
	attr_t d = ui_attr(app, UI_C_DIM);
	attron(d);
	for (int yy = y; yy <= bottom; yy++)
		mvaddch(yy, rx - 2, '|');
	attroff(d);
	switch (A.focus) {
	case F_WHO:
		if (A.f[F_WHO].len || A.search_error[0])
			draw_results(app, lx, lw, y, bottom);
		else if (A.ndone)
			draw_done(app, lx, lw, y, bottom);
		else {
			staff_hint(app, y, lx, lw, _("查找居民：拼音首字母、姓名、电话后四位、"));
			staff_hint(app, y + 1, lx, lw,
			           _("房号或刷卡，Enter 把高亮的一位加入名单。"));
			staff_hint(app, y + 3, lx, lw, _("查找框为空时，上下键选名单中的人，"));
			staff_hint(app, y + 4, lx, lw, _("Del 把他移出名单。"));
			staff_hint(app, y + 6, lx, lw, _("选好居民后按 Tab 或 Enter 选活动。"));
		}
		break;
	case F_WHAT:
		draw_activities(app, lx, lw, y, bottom);
		break;
	case F_VERIFIER:
		draw_verifiers(app, lx, lw, y, bottom);
		break;
	default:
		draw_summary(app, lx, lw, y, bottom);
		break;
	}
	draw_chosen(app, rx, COLS - rx - 1, y, bottom);
}

static void award_cursor(ui_app *app)
{
	(void)app;
	ui_field_place_cursor(&A.f[A.focus]);
}

/* --- keys ------------------------------------------------------------------ */

static int list_move(ui_action action)
{
	int page = ui_bottom() - LIST_Y - 1;
	ui_list *l;
	int n;
	switch (A.focus) {
	case F_WHO:
		if (A.f[F_WHO].len) {
			l = &A.rl;
			n = A.nres;
			A.chosen = 1;
		} else {
			l = &A.wl;
			n = A.nwho;
		}
		break;
	case F_WHAT:
		l = &A.al;
		n = A.nashown;
		break;
	case F_VERIFIER:
		l = &A.vl;
		n = A.nvshown;
		break;
	default:
		return UI_IGNORED;
	}
	ui_list_count(l, n);
	ui_list_key(l, action, page);
	return UI_HANDLED;
}

static int enter_key(ui_app *app)
{
	switch (A.focus) {
	case F_WHO:
		if (A.dirty)
			search(app);
		if (A.f[F_WHO].len == 0) {
			if (A.nwho == 0)
				ui_say(app, 1, "%s", _("请先查找并选定居民（可以选多位）"));
			else
				A.focus = A.has_act ? A.has_ver ? F_DATE : F_VERIFIER : F_WHAT;
			return UI_HANDLED;
		}
		if (A.nres == 0) {
			ui_say(app, 1, _("没有找到「%s」"), A.f[F_WHO].buf);
			return UI_HANDLED;
		}
		/* several residents answer to it (a card that is another's
		 * phone): the list is a choice, never its first at once */
		if (A.nexact > 1 && !A.chosen) {
			A.chosen = 1;
			ui_say(app, 1, _("「%s」对应 %d 位居民：请用 ↑↓ 选出要找的那一位，再按 Enter"),
			       A.f[F_WHO].buf, A.nexact);
			return UI_HANDLED;
		}
		add_resident(app, &A.results[A.rl.sel]);
		ui_field_clear(&A.f[F_WHO]);
		A.dirty = 1;
		return UI_HANDLED;
	case F_WHAT:
		if (A.f[F_WHAT].len == 0 && A.has_act && A.nashown > 0 &&
		    A.acts[A.ashown[A.al.sel]].id == A.act.id) {
			A.focus = F_VERIFIER;
			return UI_HANDLED;
		}
		pick_activity(app);
		return UI_HANDLED;
	case F_VERIFIER:
		if (A.f[F_VERIFIER].len == 0 && A.has_ver && A.nvshown > 0 &&
		    A.vers[A.vshown[A.vl.sel]].id == A.ver.id) {
			A.focus = F_DATE;
			return UI_HANDLED;
		}
		pick_verifier(app);
		return UI_HANDLED;
	case F_DATE: {
		char why[160];
		if (!date_ok(app, why, sizeof why)) {
			ui_say(app, 1, "%s", why);
			return UI_HANDLED;
		}
		A.focus = F_NOTE;
		return UI_HANDLED;
	}
	case F_NOTE:
		A.focus = F_REF;
		return UI_HANDLED;
	default:
		submit(app);
		return UI_HANDLED;
	}
}

static int leave_key(ui_app *app)
{
	ui_field *f = &A.f[A.focus];
	if ((A.focus == F_WHO || A.focus == F_WHAT || A.focus == F_VERIFIER) && f->len) {
		ui_field_clear(f);
		if (A.focus == F_WHO)
			A.dirty = 1;
		else if (A.focus == F_WHAT)
			acts_filter();
		else
			vers_filter();
		return UI_HANDLED;
	}
	if (A.focus != F_WHO) {
		A.focus = F_WHO;
		return UI_HANDLED;
	}
	if (A.nwho > 0) {
		snprintf(A.question, sizeof A.question,
		         _("名单中有 %d 位居民还没有记入。\n放弃并离开赋分吗？"), A.nwho);
		ui_confirm_arg arg = {.question = A.question, .yes = leave_yes, .ctx = NULL};
		ui_push(app, &ui_confirm_screen, &arg);
		return UI_HANDLED;
	}
	ui_pop(app);
	return UI_HANDLED;
}

static int award_key(ui_app *app, ui_action action, int key)
{
	switch (action) {
	case UI_A_LEAVE:
		return leave_key(app);
	case UI_A_SAVE:
		submit(app);
		return UI_HANDLED;
	case UI_A_SUBMIT:
		return enter_key(app);
	case UI_A_FOCUS:
		A.focus = (A.focus + (key == UI_FKEY(KEY_BTAB) ? F_COUNT - 1 : 1)) % F_COUNT;
		return UI_HANDLED;
	case UI_A_UP:
	case UI_A_DOWN:
	case UI_A_PAGEUP:
	case UI_A_PAGEDOWN:
		return list_move(action);
	case UI_A_DROP:
		if (A.focus == F_WHO && A.f[F_WHO].len == 0) {
			drop_resident(app);
			return UI_HANDLED;
		}
		break;
	case UI_A_PREV:
	case UI_A_NEXT:
		if (A.focus == F_WHAT && A.f[F_WHAT].len == 0) {
			int n = JF_CATEGORY_COUNT + 1;
			A.category = (A.category + (action == UI_A_PREV ? n - 1 : 1)) % n;
			acts_filter();
			return UI_HANDLED;
		}
		break;
	case UI_A_CLEAR:
		ui_field_clear(&A.f[A.focus]);
		break;
	default:
		break;
	}
	int r = action == UI_A_CLEAR ? 1 : ui_field_key(&A.f[A.focus], key);
	if (r == 1) {
		if (app->message_bad)
			ui_say_clear(app);
		switch (A.focus) {
		case F_WHO:
			A.dirty = 1;
			break;
		case F_WHAT:
			acts_filter();
			break;
		case F_VERIFIER:
			vers_filter();
			break;
		case F_DATE:
			A.dups_dirty = 1;
			break;
		default:
			break;
		}
	}
	return r ? UI_HANDLED : UI_IGNORED;
}

static void award_open(ui_app *app, const void *arg)
{
	(void)arg;
	free_all();
	ui_field_init(&A.f[F_WHO], JF_CARD_MAX);
	ui_field_init(&A.f[F_WHAT], JF_CODE_MAX);
	ui_field_init(&A.f[F_VERIFIER], JF_NAME_MAX);
	ui_field_init(&A.f[F_DATE], 10);
	ui_field_init(&A.f[F_NOTE], JF_NOTE_MAX);
	ui_field_init(&A.f[F_REF], 63);
	char today[11];
	jf_day_of(jf_db_now(app->db), today);
	ui_field_set(&A.f[F_DATE], today);
	A.focus = F_WHO;
	load(app);
}

static void award_close(ui_app *app)
{
	(void)app;
	free_all();
}

const ui_screen ui_award_screen = {
    .id = UI_S_AWARD,
    .title = N_("后台赋分"),
    .open = award_open,
    .draw = award_draw,
    .key = award_key,
    .cursor = award_cursor,
    .close = award_close,
};
