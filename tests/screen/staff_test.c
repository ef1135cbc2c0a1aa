/* End-to-end tests of the staff screens: the real binary ($JIFEN) in a
 * pseudo-terminal read by libvterm, on a demo database made by
 * `jifen -d DB init --demo`; after each flow the database is read back
 * through the core's API (or SQL, for what the API does not show). */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "jifen/catalog.h"
#include "jifen/dayclose.h"
#include "jifen/db.h"
#include "jifen/ledger.h"
#include "jifen/operator.h"
#include "jifen/report.h"
#include "jifen/receipt.h"
#include "jifen/resident.h"
#include "jifen/status.h"
#include "jifen/voucher.h"
#include "staff_test.h"
#include "mankeys.h"
#include "vt.h"

/* The action table of the program, to press every key of it. */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include "../../ui/actions.h"

static const struct {
	ui_action id;
	int key, alt;
	unsigned screens;
	const char *label;
} actions[] = {
#define ACTION_ROW(id_, key_, alt_, screens_, bar_, label_, help_)                                 \
	{UI_A_##id_, (key_), (alt_), (screens_), (label_)},
    UI_ACTIONS(ACTION_ROW)
#undef ACTION_ROW
};

/* A bound for waiting (sanitizer builds, a shared machine), not a goal. */
#define WAIT 8000
#define PIN "2468"

static const char *jifen;
static int failed_checks;
static const char *test_name;

static int check_(vt_term *t, int ok, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int check_(vt_term *t, int ok, int line, const char *fmt, ...)
{
	if (ok)
		return 1;
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "  FAIL %s (staff_test.c:%d): ", test_name, line);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	if (t && t->vt)
		vt_dump(t, test_name);
	failed_checks++;
	return 0;
}
#define CHECK(t, cond, ...) check_((t), (cond), __LINE__, __VA_ARGS__)

/* --- the database ---------------------------------------------------------- */

typedef struct {
	char dir[128];
	char db[192];
	char conf[224];     /* an empty jifen.conf: no printer */
	char env_conf[256]; /* JIFEN_CONFIG=conf */
	/* three residents of our own, with no points, for an event form */
	jf_resident who[3];
	jf_item zj;      /* 纸巾, stocked */
	jf_activity c02; /* 清理楼道堆放杂物 */
	jf_verifier ver; /* the demo's first active verifier */
} fixture;

static jf_db *db_open(const fixture *fx)
{
	jf_db *db = NULL;
	char err[512];
	if (jf_db_open(fx->db, &db, err, sizeof err) != JF_OK) {
		fprintf(stderr, "  open %s: %s\n", fx->db, err);
		return NULL;
	}
	return db;
}

static jf_op *login_core(jf_db *db, const char *who)
{
	jf_op *op = NULL;
	if (jf_login(db, who, PIN, &op) != JF_OK)
		fprintf(stderr, "  login %s: %s\n", who, jf_db_error(db));
	return op;
}

/* The folder of a test: its database, made by fixture_build, and a
 * configuration with no printer. */
static int fixture_dir(fixture *fx)
{
	snprintf(fx->dir, sizeof fx->dir, "/tmp/jifen-staff-XXXXXX");
	if (!mkdtemp(fx->dir)) {
		fx->dir[0] = '\0';
		return -1;
	}
	snprintf(fx->db, sizeof fx->db, "%s/demo.db", fx->dir);
	snprintf(fx->conf, sizeof fx->conf, "%s/jifen.conf", fx->dir);
	snprintf(fx->env_conf, sizeof fx->env_conf, "JIFEN_CONFIG=%s", fx->conf);
	FILE *f = fopen(fx->conf, "w");
	if (!f)
		return -1;
	fputs("# no printer\n", f);
	fclose(f);
	return 0;
}

/* The demo database (made by the program itself) and three residents of
 * our own: made once, copied for each test (fixture_make). */
static int fixture_build(fixture *fx)
{
	memset(fx, 0, sizeof *fx);
	if (fixture_dir(fx) != 0)
		return -1;
	if (vt_demo_copy(jifen, fx->db) != 0) {
		fprintf(stderr, "  no demo database from %s init --demo\n", jifen);
		return -1;
	}
	jf_db *db = db_open(fx);
	if (!db)
		return -1;
	int ok = 0;
	jf_op *admin = login_core(db, "admin");
	jf_verifier *vers = NULL;
	size_t nv = 0;
	if (!admin)
		goto cleanup;
	static const jf_resident_new add[3] = {
	    {.name = "叶知秋",
	     .compound = "测试小区",
	     .building = "8",
	     .unit = "1",
	     .room = "101",
	     .phone = "13900001111",
	     .card = "STAFFCARD1"},
	    {.name = "林听雨",
	     .compound = "测试小区",
	     .building = "8",
	     .unit = "1",
	     .room = "102",
	     .phone = "13900002222",
	     .card = "STAFFCARD2"},
	    {.name = "苏望舒",
	     .compound = "测试小区",
	     .building = "8",
	     .unit = "1",
	     .room = "103",
	     .phone = "13900003333",
	     .card = "STAFFCARD3"},
	};
	for (int i = 0; i < 3; i++) {
		int64_t id;
		if (jf_resident_add(db, admin, &add[i], &id) != JF_OK ||
		    jf_resident_get(db, id, &fx->who[i]) != JF_OK) {
			fprintf(stderr, "  adding %s: %s\n", add[i].name, jf_db_error(db));
			goto cleanup;
		}
	}
	if (jf_item_resolve(db, "zj", &fx->zj) != JF_OK ||
	    jf_activity_resolve(db, "C02", &fx->c02) != JF_OK ||
	    jf_verifier_list(db, &vers, &nv) != JF_OK) {
		fprintf(stderr, "  the demo lacks zj, C02 or verifiers: %s\n", jf_db_error(db));
		goto cleanup;
	}
	for (size_t i = 0; i < nv && !fx->ver.id; i++)
		if (vers[i].active)
			fx->ver = vers[i];
	if (!fx->ver.id) {
		fprintf(stderr, "  the demo has no active verifier\n");
		goto cleanup;
	}
	ok = 1;
cleanup:
	free(vers);
	jf_op_free(admin);
	jf_db_close(db);
	return ok ? 0 : -1;
}

static fixture template;
static int template_state; /* 0 not built, 1 built, -1 failed */

static void template_remove(void)
{
	vt_remove_dir(template.dir);
}

static int fixture_make(fixture *fx)
{
	if (template_state == 0) {
		template_state = fixture_build(&template) == 0 ? 1 : -1;
		atexit(template_remove);
	}
	memset(fx, 0, sizeof *fx);
	if (template_state != 1)
		return -1;
	*fx = template;
	if (fixture_dir(fx) != 0)
		return -1;
	return vt_copy_file(template.db, fx->db);
}

static int64_t balance_of(const fixture *fx, int64_t rid)
{
	jf_db *db = db_open(fx);
	jf_resident r;
	int64_t b = -999999;
	if (db && jf_resident_get(db, rid, &r) == JF_OK)
		b = r.balance;
	jf_db_close(db);
	return b;
}

static int64_t stock_of(const fixture *fx, int64_t item_id)
{
	jf_db *db = db_open(fx);
	jf_item it;
	int64_t s = -999999;
	if (db && jf_item_get(db, item_id, &it) == JF_OK)
		s = it.stock;
	jf_db_close(db);
	return s;
}

/* The resident's passbook: how many entries, and the newest in *last. */
static size_t passbook(const fixture *fx, int64_t rid, jf_entry *last)
{
	jf_db *db = db_open(fx);
	jf_entry *e = NULL;
	size_t n = 0;
	memset(last, 0, sizeof *last);
	if (db && jf_passbook(db, rid, &e, &n) == JF_OK && n > 0)
		*last = e[n - 1];
	free(e);
	jf_db_close(db);
	return n;
}

/* One text value from a query on the database, "" if none. */
static void sql_text(const fixture *fx, const char *sql, char *out, size_t len)
{
	sqlite3 *s = NULL;
	sqlite3_stmt *st = NULL;
	out[0] = '\0';
	if (sqlite3_open_v2(fx->db, &s, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(s, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, len, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(s);
}

/* --- driving the program ----------------------------------------------------- */

static int start(vt_term *t, const fixture *fx, int rows, int cols, const char *conf_env)
{
	char *argv[] = {(char *)jifen, "-d", (char *)fx->db, NULL};
	const char *env[] = {conf_env ? conf_env : fx->env_conf, NULL};
	if (vt_start(t, rows, cols, argv, env) != 0)
		return 0;
	return CHECK(t, vt_wait(t, "柜台登录", WAIT), "the login screen did not appear");
}

static void enter(vt_term *t)
{
	vt_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
}

static void esc(vt_term *t)
{
	vt_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	vt_settle(t, 80, 2000);
}

static void key(vt_term *t, VTermKey k)
{
	vt_key(t, k, VTERM_MOD_NONE);
	vt_settle(t, 30, 2000);
}

static int login(vt_term *t, const char *who)
{
	vt_type(t, who);
	enter(t);
	vt_type(t, PIN);
	enter(t);
	return CHECK(t, vt_wait(t, "查找居民", WAIT), "login as %s did not reach the counter", who);
}

/* The title bar names the screen on top. */
static int on_screen(vt_term *t, const char *title)
{
	char row[4096], want[128];
	vt_row(t, 0, row, sizeof row);
	snprintf(want, sizeof want, "  %s ", title);
	strncat(row, " ", sizeof row - strlen(row) - 1);
	return strstr(row, want) != NULL;
}

/* From the counter, F9 and a digit of the staff menu; wait for `title`. */
static int open_staff(vt_term *t, char digit, const char *title)
{
	vt_fkey(t, 9);
	if (!CHECK(t, vt_wait(t, "工作人员后台", WAIT), "F9 did not open the staff menu"))
		return 0;
	char d[2] = {digit, '\0'};
	vt_type(t, d);
	for (int i = 0; i < 100 && !on_screen(t, title); i++)
		vt_settle(t, 50, 100);
	return CHECK(t, on_screen(t, title), "menu key %c did not open %s", digit, title);
}

/* Esc back to the counter, F10 to log out, F10 to close. */
static int stop(vt_term *t)
{
	for (int i = 0; i < 12 && vt_alive(t); i++) {
		if (on_screen(t, "确认"))
			/* leaving a form with residents on its list, the counter
			 * with a cart, or closing the program asks first */
			vt_type(t, vt_has(t, "放弃并离开") || vt_has(t, "清空购物车吗") ||
			                   vt_has(t, "关闭柜台程序吗")
			               ? "y"
			               : "n");
		else if (on_screen(t, "登录") || on_screen(t, "柜台")) {
			if (on_screen(t, "柜台"))
				esc(t);
			vt_fkey(t, 10);
		} else {
			vt_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
		}
		vt_settle(t, 100, 2000);
	}
	int rc = vt_finish(t, WAIT);
	return CHECK(NULL, rc == 0, "the program did not end cleanly (status %d)", rc);
}

/* The row of the screen that shows `text`, "" if none. */
static void row_of(vt_term *t, const char *text, char *out, size_t len)
{
	int r;
	out[0] = '\0';
	if (vt_find(t, text, &r, NULL))
		vt_row(t, r, out, len);
}

/* Does the row hold the number v as a word of its own? */
static int has_number(const char *row, int64_t v)
{
	char want[32];
	snprintf(want, sizeof want, "%lld", (long long)v);
	size_t n = strlen(want);
	for (const char *p = strstr(row, want); p; p = strstr(p + 1, want))
		if ((p == row || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

/* --- the tests ------------------------------------------------------------------ */

/* The event form: one activity for three residents in one step, with a note
 * and the paper ledger's page and row; the passbooks show it. */
static void test_award_event(fixture *fx)
{
	vt_term t;
	size_t before[3];
	jf_entry e;
	for (int i = 0; i < 3; i++)
		before[i] = passbook(fx, fx->who[i].id, &e);
	if (!start(&t, fx, 24, 80, NULL) || !login(&t, "staff") || !open_staff(&t, '1', "后台赋分"))
		goto out;
	/* a scanned card, a name typed through the input method, pinyin */
	vt_type(&t, fx->who[0].card);
	enter(&t);
	CHECK(&t, vt_wait(&t, "已选 1 位", WAIT), "the card did not put %s on the list",
	      fx->who[0].name);
	vt_type(&t, fx->who[1].name);
	CHECK(&t, vt_wait(&t, "查找结果 1 位", WAIT), "typing %s did not find one",
	      fx->who[1].name);
	enter(&t);
	CHECK(&t, vt_wait(&t, "已选 2 位", WAIT), "%s was not added", fx->who[1].name);
	vt_type(&t, "suwangshu");
	CHECK(&t, vt_wait(&t, "查找结果 1 位", WAIT), "suwangshu does not find one");
	enter(&t);
	CHECK(&t, vt_wait(&t, "已选 3 位", WAIT), "%s was not added", fx->who[2].name);
	/* the same resident twice is refused */
	vt_type(&t, fx->who[0].card);
	enter(&t);
	CHECK(&t, vt_wait(&t, "已在名单中", WAIT), "a resident was taken twice");
	CHECK(&t, vt_has(&t, "已选 3 位"), "the list grew on a repeat");
	for (int i = 0; i < 3; i++)
		CHECK(&t, vt_has(&t, fx->who[i].name), "%s is not on the list", fx->who[i].name);

	/* F5 before the activity: refused, nothing written */
	vt_fkey(&t, 5);
	CHECK(&t, vt_wait(&t, "请选择活动", WAIT), "F5 without an activity was not refused");

	/* browse by category: Right steps to 小区治理, then 文明帮创 */
	key(&t, VTERM_KEY_RIGHT);
	CHECK(&t, vt_wait(&t, "类别 < 小区治理 >", WAIT), "Right did not show one category");
	CHECK(&t, !vt_has(&t, fx->c02.name), "another category's activity is shown");
	key(&t, VTERM_KEY_RIGHT);
	CHECK(&t, vt_wait(&t, "类别 < 文明帮创 >", WAIT) && vt_has(&t, fx->c02.name),
	      "文明帮创 does not list %s", fx->c02.name);
	/* and pick it by its code */
	vt_type(&t, "c02");
	enter(&t);
	char want[256];
	snprintf(want, sizeof want, "%s %s", fx->c02.code, fx->c02.name);
	CHECK(&t, vt_wait(&t, want, WAIT), "the activity %s was not picked", want);
	/* the verifier by name, then the date as it is (today) */
	vt_type(&t, fx->ver.name);
	enter(&t);
	snprintf(want, sizeof want, "%s（%s", fx->ver.name, jf_verifier_role_label(fx->ver.role));
	CHECK(&t, vt_wait(&t, want, WAIT), "the verifier was not picked");
	enter(&t); /* date: today */
	vt_type(&t, "楼道清扫");
	enter(&t);
	vt_type(&t, "3-12");
	enter(&t); /* the last field submits */
	CHECK(&t, vt_wait(&t, "确认赋分吗", WAIT), "no confirmation");
	snprintf(want, sizeof want, "共 %lld 分", (long long)(3 * fx->c02.points));
	CHECK(&t, vt_has(&t, want), "the confirmation does not say %s", want);
	CHECK(&t, !vt_has(&t, "可能重复"), "a first award is called a duplicate");
	for (int i = 0; i < 3; i++)
		CHECK(&t, passbook(fx, fx->who[i].id, &e) == before[i],
		      "written before the confirmation");
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "已给 3 位居民记", WAIT), "the award was not confirmed on screen");
	CHECK(&t, vt_has(&t, "已记入"), "the result is not shown");

	for (int i = 0; i < 3; i++) {
		size_t n = passbook(fx, fx->who[i].id, &e);
		CHECK(&t, n == before[i] + 1, "%s has %zu entries, not %zu", fx->who[i].name, n,
		      before[i] + 1);
		CHECK(&t, strcmp(e.kind, "award") == 0 && e.points == fx->c02.points,
		      "%s: %s %+lld, not award %+lld", fx->who[i].name, e.kind, (long long)e.points,
		      (long long)fx->c02.points);
		CHECK(&t, strstr(e.what, fx->c02.name) != NULL, "%s: the entry is for %s",
		      fx->who[i].name, e.what);
		CHECK(&t, strcmp(e.verifier_name, fx->ver.name) == 0, "%s: verified by %s",
		      fx->who[i].name, e.verifier_name);
		CHECK(&t, strcmp(e.note, "楼道清扫") == 0 && strcmp(e.ref, "3-12") == 0,
		      "%s: note \"%s\", ref \"%s\"", fx->who[i].name, e.note, e.ref);
		CHECK(&t, strcmp(e.deed_date, e.day) == 0, "%s: deed %s, written %s",
		      fx->who[i].name, e.deed_date, e.day);
		CHECK(&t, balance_of(fx, fx->who[i].id) == fx->c02.points, "%s: balance %lld",
		      fx->who[i].name, (long long)balance_of(fx, fx->who[i].id));
	}
	/* the list is empty for the next batch; Esc leaves without asking */
	CHECK(&t, vt_has(&t, "已选 0 位"), "the list was not emptied after the award");
	esc(&t);
	CHECK(&t, vt_wait(&t, "工作人员后台", WAIT), "Esc did not go back to the staff menu");
out:
	stop(&t);
}

/* A likely duplicate — same resident, activity and day — is marked before it
 * is committed; n writes nothing, y writes it anyway. */
static void test_award_duplicate(fixture *fx)
{
	const jf_resident *r = &fx->who[1];
	jf_db *db = db_open(fx);
	jf_op *staff = db ? login_core(db, "staff") : NULL;
	jf_award_req req = {.activity_id = fx->c02.id, .verifier_id = fx->ver.id};
	int ok = staff && jf_award(db, staff, &r->id, 1, &req, NULL) == JF_OK;
	if (!ok && db)
		fprintf(stderr, "  award: %s\n", jf_db_error(db));
	jf_op_free(staff);
	jf_db_close(db);
	if (!CHECK(NULL, ok, "could not record the first award"))
		return;
	jf_entry e;
	size_t before = passbook(fx, r->id, &e);
	vt_term t;
	if (!start(&t, fx, 24, 80, NULL) || !login(&t, "staff") || !open_staff(&t, '1', "后台赋分"))
		goto out;
	vt_type(&t, r->card);
	enter(&t);
	CHECK(&t, vt_wait(&t, "已选 1 位", WAIT), "the card did not pick %s", r->name);
	enter(&t); /* the lookup is empty: on to the activity */
	vt_type(&t, fx->c02.code);
	enter(&t);
	CHECK(&t, vt_wait(&t, "可能重复", WAIT), "the list does not mark the likely duplicate");
	char row[4096];
	row_of(&t, "可能重复", row, sizeof row);
	CHECK(&t, strstr(row, r->name) != NULL, "the duplicate mark is not on %s's row: %s",
	      r->name, row);
	vt_type(&t, fx->ver.name);
	enter(&t);
	vt_fkey(&t, 5);
	CHECK(&t, vt_wait(&t, "确认赋分吗", WAIT), "no confirmation");
	char want[256];
	snprintf(want, sizeof want, "注意：%s", r->name);
	CHECK(&t, vt_has(&t, want) && vt_has(&t, "已记过此项"),
	      "the confirmation does not name the duplicate");
	vt_type(&t, "n");
	CHECK(&t, vt_wait(&t, "已取消", WAIT), "n did not cancel");
	CHECK(&t, passbook(fx, r->id, &e) == before, "n wrote the award");
	/* a staff member may still record it: two people did it twice */
	vt_fkey(&t, 5);
	CHECK(&t, vt_wait(&t, "确认赋分吗", WAIT), "no confirmation the second time");
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "已给 1 位居民记", WAIT), "y did not record it");
	CHECK(&t, passbook(fx, r->id, &e) == before + 1 && strcmp(e.kind, "award") == 0,
	      "the confirmed duplicate is not in the passbook");
	/* all or none: one resident of the list moves out before the award is
	 * written; the core's refusal is shown and nobody gets the points */
	vt_type(&t, fx->who[0].card);
	enter(&t);
	vt_type(&t, fx->who[2].card);
	enter(&t);
	CHECK(&t, vt_wait(&t, "已选 2 位", WAIT), "the two residents were not added");
	size_t b0 = passbook(fx, fx->who[0].id, &e);
	db = db_open(fx);
	jf_op *admin = db ? login_core(db, "admin") : NULL;
	ok = admin && jf_resident_set_active(db, admin, fx->who[2].id, 0) == JF_OK;
	jf_op_free(admin);
	jf_db_close(db);
	if (!CHECK(&t, ok, "could not move %s out", fx->who[2].name))
		goto out;
	vt_fkey(&t, 5);
	CHECK(&t, vt_wait(&t, "确认赋分吗", WAIT), "no confirmation");
	vt_type(&t, "y");
	snprintf(want, sizeof want, "居民 %s 已迁出", fx->who[2].name);
	CHECK(&t, vt_wait(&t, want, WAIT), "the core's refusal \"%s\" is not shown", want);
	CHECK(&t, passbook(fx, fx->who[0].id, &e) == b0, "%s got points from a refused award",
	      fx->who[0].name);
	CHECK(&t, vt_has(&t, "已选 2 位"), "the list was lost after a refusal");
out:
	stop(&t);
}

/* 入库 with a new sponsor, then 盘点 with a figure below the book. */
static void test_stock(fixture *fx)
{
	vt_term t;
	int64_t stock = stock_of(fx, fx->zj.id);
	if (!start(&t, fx, 24, 80, NULL) || !login(&t, "staff") || !open_staff(&t, '2', "入库"))
		goto out;
	vt_type(&t, "zj");
	CHECK(&t, vt_wait(&t, fx->zj.code, WAIT), "zj does not list %s", fx->zj.code);
	enter(&t);
	vt_type(&t, "50");
	enter(&t);
	/* the item's sponsor is offered; a new one is typed instead */
	CHECK(&t, vt_wait(&t, "已有的捐赠方", WAIT), "the sponsor field shows no sponsors");
	vt_ctrl(&t, 'u');
	vt_type(&t, "测试爱心单位");
	enter(&t);
	CHECK(&t, vt_wait(&t, "新的捐赠方", WAIT), "a new sponsor does not ask its kind");
	key(&t, VTERM_KEY_DOWN); /* 爱心企业 -> 共驻共建单位 */
	CHECK(&t, vt_wait(&t, "< 共驻共建单位 >", WAIT), "Down did not change the kind");
	enter(&t);
	vt_type(&t, "十月捐赠");
	vt_fkey(&t, 5);
	CHECK(&t, vt_wait(&t, "确认入库吗", WAIT), "no confirmation");
	char want[256];
	snprintf(want, sizeof want, "入库后库存 %lld", (long long)(stock + 50));
	CHECK(&t, vt_has(&t, want), "the confirmation does not say %s", want);
	CHECK(&t, stock_of(fx, fx->zj.id) == stock, "stock moved before the confirmation");
	vt_type(&t, "y");
	snprintf(want, sizeof want, "现有库存 %lld", (long long)(stock + 50));
	CHECK(&t, vt_wait(&t, want, WAIT), "the screen does not say %s", want);
	CHECK(&t, stock_of(fx, fx->zj.id) == stock + 50, "stock %lld, not %lld",
	      (long long)stock_of(fx, fx->zj.id), (long long)(stock + 50));
	char got[256];
	sql_text(fx,
	         "SELECT s.name || '/' || s.kind || '/' || m.qty || '/' || m.note"
	         " FROM stock_moves m JOIN sponsors s ON s.id = m.sponsor_id"
	         " WHERE m.kind = 'in' ORDER BY m.id DESC LIMIT 1",
	         got, sizeof got);
	CHECK(&t, strcmp(got, "测试爱心单位/unit/50/十月捐赠") == 0, "the stock move is %s", got);
	/* a quantity the core refuses: its message is shown */
	vt_type(&t, "zj");
	enter(&t);
	vt_type(&t, "0");
	vt_fkey(&t, 5);
	CHECK(&t, vt_wait(&t, "确认入库吗", WAIT), "no confirmation for 0");
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "入库数量须为", WAIT), "0 received was not refused with a reason");
	CHECK(&t, stock_of(fx, fx->zj.id) == stock + 50, "a refused entry moved the stock");
	esc(&t); /* to the item */
	esc(&t); /* out of the form */

	/* 盘点 */
	if (!CHECK(&t, vt_wait(&t, "工作人员后台", WAIT), "Esc did not reach the staff menu"))
		goto out;
	vt_type(&t, "3");
	CHECK(&t, vt_wait(&t, "实际点到的数量", WAIT), "3 did not open 盘点");
	vt_type(&t, fx->zj.code);
	enter(&t);
	snprintf(want, sizeof want, "%lld", (long long)(stock + 47));
	vt_type(&t, want);
	CHECK(&t, vt_wait(&t, "差额 -3", WAIT), "the difference is not shown before F5");
	vt_fkey(&t, 5);
	CHECK(&t, vt_wait(&t, "确认盘点吗", WAIT), "no confirmation");
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "差额 -3）", WAIT), "the count is not confirmed");
	CHECK(&t, stock_of(fx, fx->zj.id) == stock + 47, "stock %lld after the count",
	      (long long)stock_of(fx, fx->zj.id));
	sql_text(fx, "SELECT kind || '/' || qty FROM stock_moves ORDER BY id DESC LIMIT 1", got,
	         sizeof got);
	CHECK(&t, strcmp(got, "count/-3") == 0, "the last stock move is %s", got);
out:
	stop(&t);
}

/* The index of the item in the day's stock table, -1 if absent. */
static int stock_index(const fixture *fx, int64_t item_id, jf_day_stock *out)
{
	jf_db *db = db_open(fx);
	jf_day_report *r = NULL;
	int idx = -1;
	if (db && jf_day_report_load(db, NULL, &r) == JF_OK)
		for (size_t i = 0; i < r->n_stock; i++)
			if (r->stock[i].item_id == item_id) {
				idx = (int)i;
				*out = r->stock[i];
			}
	jf_day_report_free(r);
	jf_db_close(db);
	return idx;
}

/* 日结: the reconciliation balances; a count typed next to the item is
 * flagged; the report prints; closing the day locks it, and a redemption
 * on the counter afterwards is refused with the reason on screen. */
static void test_day_close(fixture *fx)
{
	char out_file[300], conf[300], env_conf[400];
	snprintf(out_file, sizeof out_file, "%s/printer.out", fx->dir);
	snprintf(conf, sizeof conf, "%s/printer.conf", fx->dir);
	snprintf(env_conf, sizeof env_conf, "JIFEN_CONFIG=%s", conf);
	FILE *f = fopen(conf, "w");
	if (!CHECK(NULL, f != NULL, "cannot write %s", conf))
		return;
	fprintf(f, "[printer]\ndevice = %s\n", out_file);
	fclose(f);
	f = fopen(out_file, "w");
	if (!CHECK(NULL, f != NULL, "cannot make %s", out_file))
		return;
	fclose(f);

	jf_day_stock s;
	int idx = stock_index(fx, fx->zj.id, &s);
	if (!CHECK(NULL, idx >= 0, "纸巾 is not in today's stock table"))
		return;
	vt_term t;
	if (!start(&t, fx, 24, 80, env_conf) || !login(&t, "staff") || !open_staff(&t, '4', "日结"))
		goto out;
	CHECK(&t, vt_wait(&t, "账目平衡", WAIT), "the day does not show as balanced");
	CHECK(&t, vt_has(&t, "未日结"), "today is not shown open");
	/* the stock table, scrolled into view: 纸巾's row adds up */
	vt_key(&t, VTERM_KEY_TAB, VTERM_MOD_NONE);
	CHECK(&t, vt_wait(&t, "输入实点数", WAIT), "Tab did not enter the stock table");
	for (int i = 0; i < idx; i++)
		key(&t, VTERM_KEY_DOWN);
	char name[128], row[4096], num[32];
	snprintf(name, sizeof name, "%s（%s）", s.name, s.unit);
	CHECK(&t, vt_wait(&t, name, WAIT), "the stock table does not show %s", name);
	row_of(&t, name, row, sizeof row);
	CHECK(&t, has_number(row, s.expected), "%s's row lacks the expected %lld: %s", name,
	      (long long)s.expected, row);
	CHECK(&t, s.opening + s.received - s.redeemed + s.voided + s.adjusted == s.expected,
	      "the core's row does not add up");
	/* counted one short */
	snprintf(num, sizeof num, "%lld", (long long)(s.expected - 1));
	vt_type(&t, num);
	enter(&t);
	CHECK(&t, vt_wait(&t, "差额 -1", WAIT), "the count asks no confirmation");
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "已记下实盘数", WAIT), "the count was not recorded");
	CHECK(&t, vt_wait(&t, "库存差异 1 种", WAIT), "the difference is not flagged");
	row_of(&t, name, row, sizeof row);
	CHECK(&t, has_number(row, s.expected - 1) && has_number(row, -1),
	      "%s's row does not show the count and -1: %s", name, row);
	jf_day_stock after;
	stock_index(fx, fx->zj.id, &after);
	CHECK(&t, after.counted_set && after.counted == s.expected - 1 && after.count_diff == -1,
	      "the database has count %lld (diff %lld)", (long long)after.counted,
	      (long long)after.count_diff);

	/* printed on the receipt printer */
	vt_fkey(&t, 6);
	CHECK(&t, vt_wait(&t, "日结报表已送到打印机", WAIT), "F6 did not print");
	struct stat sb;
	CHECK(&t, stat(out_file, &sb) == 0 && sb.st_size > 200, "nothing reached the printer");

	/* close the day */
	vt_fkey(&t, 5);
	CHECK(&t, vt_wait(&t, "确认日结吗", WAIT), "F5 did not ask to close the day");
	CHECK(&t, vt_has(&t, "1 种物品实盘与账面不符"), "the confirmation does not warn");
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "已日结", WAIT), "the day was not closed on screen");
	jf_db *db = db_open(fx);
	jf_day_report *r = NULL;
	CHECK(&t,
	      db && jf_day_report_load(db, NULL, &r) == JF_OK && r->closed &&
	          strcmp(r->closed_by, "杨阿强") == 0,
	      "the database does not show today closed by the staff member");
	jf_day_report_free(r);
	jf_db_close(db);
	vt_fkey(&t, 5);
	CHECK(&t, vt_wait(&t, "已由 杨阿强", WAIT) && !vt_has(&t, "确认日结吗"),
	      "a closed day offered to close again");
	/* Left shows yesterday, open; Right comes back */
	key(&t, VTERM_KEY_LEFT);
	CHECK(&t, vt_wait(&t, "未日结", WAIT), "Left did not show an earlier, open day");
	key(&t, VTERM_KEY_RIGHT);
	CHECK(&t, vt_wait(&t, "已日结（", WAIT), "Right did not come back to today");
	key(&t, VTERM_KEY_RIGHT);
	CHECK(&t, vt_wait(&t, "还没有到", WAIT), "Right went past today");

	/* the counter refuses a redemption on the closed day */
	esc(&t);
	esc(&t);
	if (!CHECK(&t, vt_wait(&t, "查找居民", WAIT), "Esc did not return to the counter"))
		goto out;
	jf_resident dmy;
	int nd = 0, exact = 0;
	db = db_open(fx);
	if (!db || jf_resident_search(db, "dmy", 0, &dmy, 1, &nd, &exact) != JF_OK || nd != 1)
		dmy.id = 0;
	jf_op *admin = db ? login_core(db, "admin") : NULL;
	/* points for the redemption cannot be added today either */
	jf_status st = admin ? jf_adjust(db, admin, fx->who[0].id, 10, "更正", NULL) : JF_ERR;
	jf_op_free(admin);
	jf_db_close(db);
	CHECK(&t, st == JF_DAY_CLOSED, "the core let an adjustment into the closed day");
	if (!CHECK(&t, dmy.id != 0, "the demo has no resident for dmy"))
		goto out;
	int64_t bal = balance_of(fx, dmy.id);
	vt_type(&t, "dmy");
	enter(&t);
	vt_type(&t, "zj");
	enter(&t);
	CHECK(&t, vt_wait(&t, "合计", WAIT), "the cart did not appear");
	int64_t stock = stock_of(fx, fx->zj.id);
	vt_fkey(&t, 5);
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "今天已日结，不能再兑换", WAIT), "the refusal is not on screen");
	CHECK(&t, stock_of(fx, fx->zj.id) == stock, "the refused redemption moved the stock");
	CHECK(&t, balance_of(fx, dmy.id) == bal, "the refused redemption moved the balance");
out:
	stop(&t);
}

/* Closing the day with eyes open: the screen says what closing means and
 * lists the earlier days never closed; a count followed by stock in adds up
 * on screen as on paper; the confirmation warns that this counter still has
 * a resident open with a cart and carries the note; once closed, the
 * counter's header says so and F5 refuses before any confirmation. */
static void test_day_close_eyes_open(fixture *fx)
{
	jf_db *db = db_open(fx);
	jf_op *staff = db ? login_core(db, "staff") : NULL;
	char open_days[1][11] = {""};
	size_t n_open = 0;
	int64_t book = stock_of(fx, fx->zj.id);
	jf_resident dmy;
	int nd = 0, exact = 0;
	int ok = staff && jf_day_open_before(db, NULL, open_days, 1, &n_open) == JF_OK &&
	         jf_stock_count(db, staff, fx->zj.id, book - 2, "盘点") == JF_OK &&
	         jf_stock_in(db, staff, fx->zj.id, 1, 0, NULL) == JF_OK &&
	         jf_resident_search(db, "dmy", 0, &dmy, 1, &nd, &exact) == JF_OK && nd == 1;
	jf_op_free(staff);
	jf_db_close(db);
	if (!CHECK(NULL, ok, "the fixture: a count, stock in and the resident dmy"))
		return;
	if (!CHECK(NULL, n_open > 0, "the demo has no earlier day left open"))
		return;
	jf_day_stock s;
	int idx = stock_index(fx, fx->zj.id, &s);
	if (!CHECK(NULL, idx >= 0 && s.adjusted == -2 && s.expected == book - 1 &&
	                     s.counted == book - 2 && s.count_diff == -2,
	           "the core's row for 纸巾: adjusted %lld expected %lld counted %lld diff %lld",
	           (long long)s.adjusted, (long long)s.expected, (long long)s.counted,
	           (long long)s.count_diff))
		return;

	vt_term t;
	if (!start(&t, fx, 24, 80, NULL) || !login(&t, "staff"))
		goto out;
	/* a resident open with a piece in the cart */
	vt_type(&t, "dmy");
	enter(&t);
	vt_type(&t, "zj");
	enter(&t);
	if (!CHECK(&t, vt_wait(&t, "合计", WAIT), "the cart did not appear") ||
	    !open_staff(&t, '4', "日结"))
		goto out;
	CHECK(&t, vt_wait(&t, "按 F5 日结：锁定这一天", WAIT),
	      "the screen does not say what closing means");
	char want[256];
	snprintf(want, sizeof want, "之前还有 %zu 天没有日结", n_open);
	CHECK(&t, vt_has(&t, want), "the earlier open days are not listed (%s)", want);
	CHECK(&t, vt_has(&t, open_days[0]), "the newest earlier open day %s is not listed",
	      open_days[0]);

	/* 纸巾's row on screen: the count is among the adjustments */
	vt_key(&t, VTERM_KEY_TAB, VTERM_MOD_NONE);
	CHECK(&t, vt_wait(&t, "输入实点数", WAIT), "Tab did not enter the stock table");
	for (int i = 0; i < idx; i++)
		key(&t, VTERM_KEY_DOWN);
	char name[128], row[4096];
	snprintf(name, sizeof name, "%s（%s）", s.name, s.unit);
	CHECK(&t, vt_wait(&t, name, WAIT), "the stock table does not show %s", name);
	row_of(&t, name, row, sizeof row);
	CHECK(&t, has_number(row, -2) && has_number(row, book - 1),
	      "%s's row lacks the adjustment -2 and the book %lld: %s", name,
	      (long long)(book - 1), row);
	key(&t, VTERM_KEY_DOWN); /* the line under the row comes into view */
	CHECK(&t, vt_wait(&t, "盘点后又进出 +1", WAIT), "the movement after the count is not said");

	/* the note, then F5 */
	vt_key(&t, VTERM_KEY_TAB, VTERM_MOD_NONE);
	CHECK(&t, vt_wait(&t, "可不填", WAIT), "Tab did not reach the note");
	vt_type(&t, "纸巾少一包");
	vt_settle(&t, 50, 2000);
	vt_fkey(&t, 5);
	CHECK(&t, vt_wait(&t, "确认日结吗", WAIT), "F5 did not ask to close the day");
	snprintf(want, sizeof want, "柜台上 %s 还开着，购物车里有 1 件", dmy.name);
	CHECK(&t, vt_has(&t, want), "the confirmation does not warn: %s", want);
	CHECK(&t, vt_has(&t, "备注：纸巾少一包"), "the confirmation does not show the note");
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "已日结（", WAIT), "the day was not closed on screen");
	CHECK(&t, vt_has(&t, "日结备注：纸巾少一包"), "the note is not shown on the closed day");
	CHECK(&t, !vt_has(&t, "按 F5 日结：锁定这一天"), "a closed day still explains closing");
	db = db_open(fx);
	jf_day_report *r = NULL;
	CHECK(&t,
	      db && jf_day_report_load(db, NULL, &r) == JF_OK && r->closed &&
	          strcmp(r->close_note, "纸巾少一包") == 0,
	      "the database has no close with the note");
	jf_day_report_free(r);
	jf_db_close(db);

	/* back at the counter: the header says so, and F5 says it at once */
	esc(&t);
	esc(&t);
	CHECK(&t, vt_wait(&t, "今天已日结，不能兑换", WAIT),
	      "the counter's header does not say today is closed");
	int64_t bal = balance_of(fx, dmy.id);
	vt_fkey(&t, 5);
	CHECK(&t, vt_wait(&t, "今天已日结，不能再兑换", WAIT), "F5 did not refuse at once");
	CHECK(&t, !on_screen(&t, "确认") && !vt_has(&t, "确认兑换吗"),
	      "F5 asked for a confirmation on a closed day");
	CHECK(&t, balance_of(fx, dmy.id) == bal, "the balance moved");
out:
	stop(&t);
}

/* The monthly notice written to the path confirmed on screen. */
static int read_file(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, len - 1, f) : 0;
	buf[n] = '\0';
	if (f)
		fclose(f);
	return f != NULL;
}

static void test_month_notice(fixture *fx)
{
	vt_term t;
	char path[300], month[8], today[11];
	snprintf(path, sizeof path, "%s/公示.html", fx->dir);
	jf_db *db = db_open(fx);
	jf_month_report *r = NULL;
	if (db) {
		jf_day_of(jf_db_now(db), today);
		snprintf(month, sizeof month, "%.7s", today);
		if (jf_month_report_load(db, month, &r) != JF_OK)
			r = NULL;
	}
	jf_db_close(db);
	if (!CHECK(NULL, r != NULL, "the core has no notice for this month"))
		return;
	static char buf[1 << 20];
	if (!start(&t, fx, 24, 80, NULL) || !login(&t, "staff") || !open_staff(&t, '5', "每月公示"))
		goto out;
	CHECK(&t, vt_wait(&t, "每月积分公示", WAIT) && vt_has(&t, r->month),
	      "the month %s is not shown", r->month);
	char row[4096], earned[64];
	row_of(&t, "获得", row, sizeof row);
	/* grouped as the screen writes it */
	if (r->points_earned >= 1000)
		snprintf(earned, sizeof earned, "获得 %lld,%03lld",
		         (long long)r->points_earned / 1000, (long long)r->points_earned % 1000);
	else
		snprintf(earned, sizeof earned, "获得 %lld", (long long)r->points_earned);
	CHECK(&t, strstr(row, earned) != NULL, "the totals do not say %s: %s", earned, row);
	/* the path: Tab to it, replace it */
	for (int i = 0; i < 3; i++)
		vt_key(&t, VTERM_KEY_TAB, VTERM_MOD_NONE);
	vt_ctrl(&t, 'u');
	vt_type(&t, path);
	vt_fkey(&t, 5);
	CHECK(&t, vt_wait(&t, "确认吗", WAIT) && vt_has(&t, "公示.html"),
	      "the path was not shown for confirmation");
	struct stat sb;
	CHECK(&t, stat(path, &sb) != 0, "written before the confirmation");
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "已写出", WAIT), "the notice was not written");
	CHECK(&t, read_file(path, buf, sizeof buf), "%s was not written", path);
	CHECK(&t, strstr(buf, "<!DOCTYPE html") != NULL, "%s is not HTML", path);
	CHECK(&t, strstr(buf, r->month_over ? r->head_month_end : r->head_now) != NULL,
	      "the notice lacks the ledger's chain hash");
	/* masked names: no resident's full three-character name */
	int full = 0;
	for (size_t i = 0; i < r->n_residents; i++)
		if (strlen(r->residents[i].name) == 9 && strstr(buf, r->residents[i].name))
			full++;
	CHECK(&t, full == 0, "%d full names in a masked notice", full);
	/* again, as CSV with full names, over the same path: said so */
	vt_key(&t, VTERM_KEY_TAB, VTERM_MOD_NONE); /* month */
	vt_key(&t, VTERM_KEY_TAB, VTERM_MOD_NONE); /* format */
	key(&t, VTERM_KEY_RIGHT);
	CHECK(&t, vt_wait(&t, "< CSV", WAIT), "Right did not choose CSV");
	vt_key(&t, VTERM_KEY_TAB, VTERM_MOD_NONE); /* names */
	key(&t, VTERM_KEY_RIGHT);
	CHECK(&t, vt_wait(&t, "< 全名 >", WAIT), "Right did not choose full names");
	vt_fkey(&t, 5);
	CHECK(&t, vt_wait(&t, "将被覆盖", WAIT), "overwriting was not said");
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "已写出", WAIT), "the CSV was not written");
	read_file(path, buf, sizeof buf);
	CHECK(&t, !strstr(buf, "<!DOCTYPE") && strstr(buf, "积分公示,"), "the file is not CSV");
	full = 0;
	for (size_t i = 0; i < r->n_residents; i++)
		full += r->residents[i].earned > 0 && strstr(buf, r->residents[i].name) != NULL;
	CHECK(&t, full > 0 || r->participants == 0, "full names were asked for but not written");
out:
	jf_month_report_free(r);
	stop(&t);
}

/* The notice goes to the folder jifen.conf names ([reports] folder), made
 * if missing, and the screen says which; a bare file name goes there too,
 * never into the folder the program was started in (issue 11). */
static void test_month_folder(fixture *fx)
{
	vt_term t;
	char conf[300], env[320], dir[300], want[400];
	snprintf(conf, sizeof conf, "%s/reports.conf", fx->dir);
	snprintf(env, sizeof env, "JIFEN_CONFIG=%s", conf);
	snprintf(dir, sizeof dir, "%s/notices", fx->dir);
	FILE *f = fopen(conf, "w");
	if (!CHECK(NULL, f != NULL, "cannot write %s", conf))
		return;
	fprintf(f, "[reports]\nfolder = %s\n", dir);
	fclose(f);
	if (!start(&t, fx, 24, 80, env) || !login(&t, "staff") || !open_staff(&t, '5', "每月公示"))
		goto out;
	CHECK(&t, vt_wait(&t, "[reports] folder", WAIT) && vt_has(&t, "notices"),
	      "the screen does not say the folder of jifen.conf");
	for (int i = 0; i < 3; i++)
		vt_key(&t, VTERM_KEY_TAB, VTERM_MOD_NONE);
	vt_ctrl(&t, 'u');
	vt_type(&t, "bare.html");
	vt_fkey(&t, 5);
	CHECK(&t, vt_wait(&t, "确认吗", WAIT) && vt_has(&t, "notices/bare.html"),
	      "a bare name was not put into the folder");
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "已写出", WAIT), "the notice was not written");
	snprintf(want, sizeof want, "%s/bare.html", dir);
	struct stat sb;
	CHECK(&t, stat(want, &sb) == 0, "%s was not written", want);
	CHECK(&t, stat("bare.html", &sb) != 0, "written into the current folder");
out:
	stop(&t);
}

/* A message longer than the message line wraps onto the row above it
 * rather than being cut (issue 11). */
static void test_long_message(fixture *fx)
{
	vt_term t;
	if (!start(&t, fx, 24, 80, NULL) || !login(&t, "staff") || !open_staff(&t, '9', "居民"))
		goto out;
	vt_fkey(&t, 6);
	CHECK(&t, vt_wait(&t, "登记新居民", WAIT), "F6 did not open the registration form");
	vt_type(&t, "长消息\t\t\t\t\t\tABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789汉");
	vt_fkey(&t, 5);
	CHECK(&t, vt_wait(&t, "确认吗", WAIT), "no confirmation");
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "卡号只能由", WAIT), "the card was not refused");
	char r21[4096], r22[4096];
	vt_row(&t, 21, r21, sizeof r21);
	vt_row(&t, 22, r22, sizeof r22);
	CHECK(&t, strstr(r21, "卡号只能由") && strstr(r22, "0123456789汉") && !strstr(r22, "…"),
	      "the long message is not wrapped whole: [%s] [%s]", r21, r22);
out:
	stop(&t);
}

/* The award form checks the date in the field (a day still to come is
 * refused on Enter, before any y), says a day other than today in the
 * confirmation, and does not carry it to the next award (issue 11). */
static void test_award_date(fixture *fx)
{
	vt_term t;
	char today[11], past[11], future[11], want[256];
	jf_db *db = db_open(fx);
	int64_t now = db ? jf_db_now(db) : 0;
	jf_db_close(db);
	jf_day_of(now, today);
	jf_day_of(now - 3 * 86400, past);
	jf_day_of(now + 3 * 86400, future);
	if (!start(&t, fx, 24, 80, NULL) || !login(&t, "staff") || !open_staff(&t, '1', "后台赋分"))
		goto out;
	vt_type(&t, fx->who[0].card);
	enter(&t);
	CHECK(&t, vt_wait(&t, "已选 1 位", WAIT), "the card did not put a resident on the list");
	vt_key(&t, VTERM_KEY_TAB, VTERM_MOD_NONE);
	vt_type(&t, "c02");
	enter(&t);
	vt_type(&t, fx->ver.name);
	enter(&t);
	vt_settle(&t, 100, 2000);
	/* the date field: a day to come */
	vt_ctrl(&t, 'u');
	vt_type(&t, future);
	CHECK(&t, vt_wait(&t, "还没到", WAIT), "a future date is not flagged in the field");
	enter(&t);
	vt_settle(&t, 100, 2000);
	CHECK(&t, !vt_has(&t, "确认赋分吗"), "a future date went on");
	vt_fkey(&t, 5);
	vt_settle(&t, 100, 2000);
	CHECK(&t, !vt_has(&t, "确认赋分吗"), "F5 with a future date asked to confirm");
	/* an earlier day: said in the confirmation */
	vt_ctrl(&t, 'u');
	vt_type(&t, past);
	enter(&t);
	vt_fkey(&t, 5);
	snprintf(want, sizeof want, "日期 %s 不是今天", past);
	CHECK(&t, vt_wait(&t, "确认赋分吗", WAIT) && vt_has(&t, want),
	      "the confirmation does not say the date is not today");
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "日期已改回今天", WAIT), "the date going back is not said");
	CHECK(&t, vt_has(&t, today), "the date field is not today again");
out:
	stop(&t);
}

/* --- residents, adjustments, verifiers, unprinted receipts (issue 11) ------ */

static int resident_by(const fixture *fx, const char *q, jf_resident *out)
{
	jf_db *db = db_open(fx);
	int ok = db && jf_resident_resolve(db, q, out) == JF_OK;
	jf_db_close(db);
	return ok;
}

/* Register a resident with a card scan (another's card refused, naming
 * whose), edit them, move them out and back. */
static void test_residents_form(fixture *fx)
{
	vt_term t;
	jf_resident r;
	if (!start(&t, fx, 24, 80, NULL) || !login(&t, "staff") || !open_staff(&t, '9', "居民"))
		goto out;
	vt_fkey(&t, 6);
	if (!CHECK(&t, vt_wait(&t, "登记新居民", WAIT), "F6 did not open the registration form"))
		goto out;
	/* name, phone, compound, building, unit, room, then a card scan */
	vt_type(&t, "新居民甲\t13911112222\t测试小区\t9\t2\t301\tSTAFFCARD2\r");
	vt_settle(&t, 100, 2000);
	vt_fkey(&t, 5);
	CHECK(&t, vt_wait(&t, "确认吗", WAIT) && vt_has(&t, "STAFFCA"),
	      "the registration is not confirmed first");
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "林听雨", WAIT), "another's card is not refused naming whose");
	CHECK(&t, !resident_by(fx, "新居民甲", &r), "registered with another's card");
	/* the card field is focused: a new scan */
	vt_ctrl(&t, 'u');
	vt_type(&t, "NEWCARD9\r");
	vt_settle(&t, 100, 2000);
	vt_fkey(&t, 5);
	CHECK(&t, vt_wait(&t, "确认吗", WAIT), "no confirmation");
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "已登记居民", WAIT), "the resident was not registered");
	if (!CHECK(&t, resident_by(fx, "NEWCARD9", &r), "no resident with card NEWCARD9"))
		goto out;
	CHECK(&t, strcmp(r.name, "新居民甲") == 0 && strcmp(r.room, "301") == 0 &&
	              strcmp(r.phone, "13911112222") == 0,
	      "registered as %s %s %s", r.name, r.room, r.phone);
	/* the list shows them: Enter edits */
	CHECK(&t, vt_wait(&t, "新居民甲", WAIT), "the new resident is not listed");
	enter(&t);
	if (!CHECK(&t, vt_wait(&t, "修改居民", WAIT), "Enter did not open the edit form"))
		goto out;
	for (int i = 0; i < 5; i++)
		vt_key(&t, VTERM_KEY_TAB, VTERM_MOD_NONE);
	vt_ctrl(&t, 'u');
	vt_type(&t, "302");
	vt_fkey(&t, 5);
	CHECK(&t, vt_wait(&t, "确认吗", WAIT), "no confirmation of the edit");
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "已修改居民", WAIT), "the edit was not saved");
	CHECK(&t, resident_by(fx, "NEWCARD9", &r) && strcmp(r.room, "302") == 0,
	      "the room is %s, not 302", r.room);
	CHECK(&t, resident_by(fx, "9号楼2单元302", &r) && strcmp(r.name, "新居民甲") == 0,
	      "the new room does not find them");
	/* move out, and back */
	vt_fkey(&t, 7);
	CHECK(&t, vt_wait(&t, "标记为搬离", WAIT), "F7 does not ask to move out");
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "已标记为搬离", WAIT), "not moved out");
	CHECK(&t, resident_by(fx, "NEWCARD9", &r) && !r.active, "still active");
	CHECK(&t, vt_wait(&t, "已搬离", WAIT), "the list does not say moved out");
	vt_fkey(&t, 7);
	CHECK(&t, vt_wait(&t, "恢复为在住？", WAIT), "F7 does not ask to move back");
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "已恢复为在住", WAIT), "not moved back");
	CHECK(&t, resident_by(fx, "NEWCARD9", &r) && r.active, "not active again");
out:
	stop(&t);
}

/* An administrator adjusts points with a reason; staff may not. */
static void test_adjust_form(fixture *fx)
{
	vt_term t;
	jf_resident before, after;
	if (!CHECK(NULL, resident_by(fx, "STAFFCARD3", &before), "no STAFFCARD3"))
		return;
	if (!start(&t, fx, 24, 80, NULL) || !login(&t, "admin") ||
	    !open_staff(&t, '0', "积分调整"))
		goto out;
	vt_type(&t, "STAFFCARD3\r");
	CHECK(&t, vt_wait(&t, "苏望舒", WAIT), "the resident was not picked");
	vt_type(&t, "x\r");
	vt_settle(&t, 100, 2000);
	vt_fkey(&t, 5);
	CHECK(&t, vt_wait(&t, "+5 或 -3", WAIT), "bad points are not refused");
	vt_ctrl(&t, 'u');
	vt_type(&t, "+7\r测试调整");
	vt_fkey(&t, 5);
	CHECK(&t, vt_wait(&t, "确认吗", WAIT) && vt_has(&t, "测试调整"),
	      "the adjustment is not confirmed first");
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "已给", WAIT), "the adjustment was not recorded");
	CHECK(&t, resident_by(fx, "STAFFCARD3", &after) && after.balance == before.balance + 7,
	      "balance %lld, not %lld", (long long)after.balance, (long long)before.balance + 7);
out:
	stop(&t);
	/* staff: told, and refused */
	if (!start(&t, fx, 24, 80, NULL) || !login(&t, "staff") ||
	    !open_staff(&t, '0', "积分调整"))
		goto out2;
	CHECK(&t, vt_has(&t, "只有管理员"), "staff are not told only administrators adjust");
out2:
	stop(&t);
}

/* A verifier added from the staff menu. */
static void test_verifier_form(fixture *fx)
{
	vt_term t;
	if (!start(&t, fx, 24, 80, NULL) || !login(&t, "staff") || !open_staff(&t, 'h', "核实人"))
		goto out;
	vt_fkey(&t, 6);
	vt_type(&t, "测试网格员\t");
	key(&t, VTERM_KEY_RIGHT);
	CHECK(&t, vt_wait(&t, "< 网格员 >", WAIT), "Right did not choose grid worker");
	vt_type(&t, "\t测试小区\t13900009999");
	vt_fkey(&t, 5);
	CHECK(&t, vt_wait(&t, "确认吗", WAIT), "no confirmation");
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "已新增核实人", WAIT), "the verifier was not added");
	jf_db *db = db_open(fx);
	jf_verifier v;
	CHECK(&t, db && jf_verifier_resolve(db, "测试网格员", &v) == JF_OK &&
	              v.role == JF_VERIFIER_GRID && strcmp(v.phone, "13900009999") == 0,
	      "the verifier is not in the database as typed");
	jf_db_close(db);
out:
	stop(&t);
}

static size_t pending_count(const fixture *fx, const char *day)
{
	jf_db *db = db_open(fx);
	jf_receipt_pending *p = NULL;
	size_t n = 0;
	if (!db || jf_receipt_pending_list(db, day, &p, &n) != JF_OK)
		n = (size_t)-1;
	free(p);
	jf_db_close(db);
	return n;
}

/* The unprinted receipts of any day, printed one and then all. */
static void test_unprinted(fixture *fx)
{
	vt_term t;
	char conf[300], env[320], dev[300];
	snprintf(conf, sizeof conf, "%s/printer.conf", fx->dir);
	snprintf(dev, sizeof dev, "%s/lp0", fx->dir);
	snprintf(env, sizeof env, "JIFEN_CONFIG=%s", conf);
	FILE *f = fopen(conf, "w");
	if (!CHECK(NULL, f != NULL, "cannot write %s", conf))
		return;
	fprintf(f, "[printer]\ndevice = %s\n", dev);
	fclose(f);
	f = fopen(dev, "w");
	if (f)
		fclose(f);
	/* the day with unprinted receipts */
	jf_db *db = db_open(fx);
	jf_receipt_pending *p = NULL;
	size_t n = 0;
	char day[11] = "";
	if (db && jf_receipt_pending_list(db, NULL, &p, &n) == JF_OK && n > 0)
		snprintf(day, sizeof day, "%s", p[n - 1].day);
	free(p);
	jf_db_close(db);
	if (!CHECK(NULL, day[0], "the demo has no unprinted receipt"))
		return;
	size_t before = pending_count(fx, day);
	if (!start(&t, fx, 24, 80, env) || !login(&t, "staff") ||
	    !open_staff(&t, 'p', "未打印小票"))
		goto out;
	vt_ctrl(&t, 'u');
	vt_type(&t, day);
	vt_settle(&t, 100, 2000);
	vt_fkey(&t, 6);
	CHECK(&t, vt_wait(&t, "已打印小票", WAIT), "F6 did not print the highlighted receipt");
	CHECK(&t, pending_count(fx, day) == before - 1, "%zu wait on %s, not %zu",
	      pending_count(fx, day), day, before - 1);
	if (before > 1) {
		vt_fkey(&t, 5);
		CHECK(&t, vt_wait(&t, "确认吗", WAIT), "F5 does not ask first");
		vt_type(&t, "y");
		CHECK(&t, vt_wait(&t, "已打印", WAIT), "F5 did not print them all");
		CHECK(&t, pending_count(fx, day) == 0, "%zu still wait on %s",
		      pending_count(fx, day), day);
	}
	CHECK(&t, vt_wait(&t, "没有未打印的小票", WAIT), "the list is not empty after printing");
	struct stat sb;
	CHECK(&t, stat(dev, &sb) == 0 && sb.st_size > 100, "nothing reached the printer");
out:
	stop(&t);
}

/* A housekeeping voucher redeemed at the counter, marked fulfilled. */
static void test_voucher(fixture *fx)
{
	const jf_resident *r = &fx->who[0];
	jf_db *db = db_open(fx);
	jf_op *staff = db ? login_core(db, "staff") : NULL;
	jf_item fw;
	int64_t vid = 0;
	int ok = staff && jf_item_resolve(db, "FW03", &fw) == JF_OK;
	if (ok) {
		jf_op *admin = login_core(db, "admin");
		ok = admin && jf_adjust(db, admin, r->id, 50, "服务券测试", NULL) == JF_OK;
		jf_op_free(admin);
	}
	jf_cart_line line = {.item_id = fw.id, .qty = 1};
	jf_redeem_result res;
	if (ok)
		ok = jf_redeem(db, staff, r->id, &line, 1, &res) == JF_OK;
	jf_voucher_entry *v = NULL;
	size_t n = 0;
	if (ok && jf_voucher_list(db, JF_VOUCHER_OPEN, r->id, &v, &n) == JF_OK && n == 1)
		vid = v[0].id;
	free(v);
	if (!vid && db)
		fprintf(stderr, "  voucher: %s\n", jf_db_error(db));
	jf_op_free(staff);
	jf_db_close(db);
	if (!CHECK(NULL, vid > 0, "no voucher to fulfil"))
		return;
	vt_term t;
	if (!start(&t, fx, 24, 80, NULL) || !login(&t, "staff") || !open_staff(&t, '6', "服务券"))
		goto out;
	vt_type(&t, "yezhiq"); /* 叶知秋 by pinyin */
	CHECK(&t, vt_wait(&t, "未完成的服务券 1 张", WAIT), "yezhiq does not find one voucher");
	CHECK(&t, vt_has(&t, r->name) && vt_has(&t, fw.name), "the voucher row is not shown");
	vt_key(&t, VTERM_KEY_TAB, VTERM_MOD_NONE);
	vt_type(&t, "社区医生上门");
	enter(&t);
	CHECK(&t, vt_wait(&t, "登记为已完成吗", WAIT), "no confirmation");
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "已登记完成", WAIT), "the fulfilment is not confirmed");
	jf_voucher_entry e;
	db = db_open(fx);
	CHECK(&t, db && jf_voucher_get(db, vid, &e) == JF_OK && e.state == JF_VOUCHER_FULFILLED,
	      "the voucher is not fulfilled in the database");
	CHECK(&t, strcmp(e.note, "社区医生上门") == 0, "the note is \"%s\"", e.note);
	jf_db_close(db);
	CHECK(&t, vt_wait(&t, "未完成的服务券 0 张", WAIT), "the voucher is still listed");
	/* the search still shows it, used; marking it again is refused */
	CHECK(&t, vt_has(&t, "已完成"), "the used voucher is not shown as used");
	enter(&t);
	CHECK(&t, vt_wait(&t, "不能再用", WAIT), "a used voucher is offered again");
out:
	stop(&t);
}

/* An expired voucher is marked only with a reason, recorded as an
 * override of its expiry. */
static void test_voucher_expired(fixture *fx)
{
	jf_db *db = db_open(fx);
	jf_voucher_entry *v = NULL, e;
	size_t n = 0;
	char no[JF_RECEIPT_NO_MAX + 1] = "";
	int64_t vid = 0;
	if (db && jf_voucher_list(db, JF_VOUCHER_EXPIRED, 0, &v, &n) == JF_OK && n > 0) {
		/* one alone on its receipt, so that the search shows one row */
		for (size_t i = 0; i < n && !vid; i++) {
			size_t same = 0;
			for (size_t j = 0; j < n; j++)
				same += strcmp(v[i].receipt_no, v[j].receipt_no) == 0;
			if (same == 1) {
				vid = v[i].id;
				snprintf(no, sizeof no, "%s", v[i].receipt_no);
			}
		}
	}
	free(v);
	jf_db_close(db);
	if (!CHECK(NULL, vid > 0, "the demo has no expired voucher"))
		return;
	vt_term t;
	if (!start(&t, fx, 24, 80, NULL) || !login(&t, "staff") || !open_staff(&t, '6', "服务券"))
		goto out;
	vt_type(&t, no);
	CHECK(&t, vt_wait(&t, "未完成的服务券 1 张", WAIT), "the receipt number finds no voucher");
	CHECK(&t, vt_has(&t, "已过期"), "the expired voucher is not shown as expired");
	enter(&t);
	CHECK(&t, vt_wait(&t, "写明原因", WAIT), "an expired voucher is marked without a reason");
	db = db_open(fx);
	CHECK(&t, db && jf_voucher_get(db, vid, &e) == JF_OK && e.state == JF_VOUCHER_EXPIRED,
	      "the expired voucher changed without a reason");
	jf_db_close(db);
	/* the note field has the focus now: the reason */
	vt_type(&t, "提供方月底才报");
	enter(&t);
	CHECK(&t, vt_wait(&t, "越过有效期的原因", WAIT), "the confirmation does not name the override");
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "已登记完成", WAIT), "the fulfilment is not confirmed");
	db = db_open(fx);
	CHECK(&t, db && jf_voucher_get(db, vid, &e) == JF_OK && e.state == JF_VOUCHER_FULFILLED &&
	              e.override_expired && strcmp(e.override_reason, "提供方月底才报") == 0,
	      "the override is not recorded (reason \"%s\")", db ? e.override_reason : "");
	jf_db_close(db);
out:
	stop(&t);
}

/* A resident's passbook statement for a period, on screen and printed. */
static void test_passbook(fixture *fx)
{
	const jf_resident *r = &fx->who[1];
	jf_db *db = db_open(fx);
	jf_op *staff = db ? login_core(db, "staff") : NULL;
	jf_award_req req = {.activity_id = fx->c02.id, .verifier_id = fx->ver.id};
	int ok = staff && jf_award(db, staff, &r->id, 1, &req, NULL) == JF_OK;
	jf_op_free(staff);
	char today[11] = "";
	if (db)
		jf_day_of(jf_db_now(db), today);
	jf_db_close(db);
	if (!CHECK(NULL, ok, "could not award %s", r->name))
		return;
	char out_file[300], conf[300], env_conf[400];
	snprintf(out_file, sizeof out_file, "%s/printer.out", fx->dir);
	snprintf(conf, sizeof conf, "%s/printer.conf", fx->dir);
	snprintf(env_conf, sizeof env_conf, "JIFEN_CONFIG=%s", conf);
	FILE *f = fopen(conf, "w");
	if (!CHECK(NULL, f != NULL, "cannot write %s", conf))
		return;
	fprintf(f, "[printer]\ndevice = %s\n", out_file);
	fclose(f);
	f = fopen(out_file, "w");
	if (f)
		fclose(f);
	vt_term t;
	if (!start(&t, fx, 24, 80, env_conf) || !login(&t, "staff") ||
	    !open_staff(&t, '7', "积分存折"))
		goto out;
	/* F6 with nobody picked is refused */
	vt_fkey(&t, 6);
	CHECK(&t, vt_wait(&t, "请先查找并选定居民", WAIT), "F6 without a resident is not refused");
	vt_type(&t, r->card);
	enter(&t);
	CHECK(&t, vt_wait(&t, "积分存折", WAIT) && vt_wait(&t, "上期结余", WAIT),
	      "the statement is not shown");
	char want[256];
	snprintf(want, sizeof want, "居民：%s", r->name);
	CHECK(&t, vt_has(&t, want), "the statement is not %s's", r->name);
	CHECK(&t, vt_has(&t, fx->c02.name), "the award %s is not in the statement", fx->c02.name);
	/* a reversed period: the core's reason */
	vt_key(&t, VTERM_KEY_TAB, VTERM_MOD_NONE);
	vt_type(&t, "2999-01-01");
	enter(&t);
	CHECK(&t, vt_wait(&t, "之后", WAIT), "a period ending before it starts is not refused");
	vt_ctrl(&t, 'u');
	vt_type(&t, today);
	enter(&t);
	CHECK(&t, vt_wait(&t, fx->c02.name, WAIT), "the statement from today lacks the award");
	vt_fkey(&t, 6);
	CHECK(&t, vt_wait(&t, "积分存折已送到打印机", WAIT), "F6 did not print");
	struct stat sb;
	CHECK(&t, stat(out_file, &sb) == 0 && sb.st_size > 100, "nothing reached the printer");
out:
	stop(&t);
}

/* A volunteer sees none of the staff actions, and is refused F9 and ^O. */
static void test_volunteer(fixture *fx)
{
	vt_term t;
	if (!start(&t, fx, 24, 80, NULL) || !login(&t, "counter"))
		goto out;
	char bar[4096];
	vt_row(&t, 23, bar, sizeof bar);
	CHECK(&t, !strstr(bar, "后台") && !strstr(bar, "F9"), "a volunteer is offered: %s", bar);
	vt_fkey(&t, 9);
	CHECK(&t, vt_wait(&t, "需要工作人员登录", WAIT), "F9 for a volunteer is not refused");
	CHECK(&t, !vt_has(&t, "工作人员后台"), "the staff menu opened for a volunteer");
	esc(&t);
	vt_ctrl(&t, 'o');
	vt_settle(&t, 100, 2000);
	CHECK(&t, !vt_has(&t, "工作人员后台") && on_screen(&t, "柜台"),
	      "^O opened something for a volunteer");
	vt_fkey(&t, 1);
	CHECK(&t, vt_wait(&t, "按键一览", WAIT), "no help");
	CHECK(&t, !vt_has(&t, "后台") && !vt_has(&t, "F9"), "the help lists the staff menu");
	esc(&t);
	/* the staff member does see it, in the bar and the help */
	stop(&t);
	if (!start(&t, fx, 24, 80, NULL) || !login(&t, "staff"))
		goto out;
	vt_row(&t, 23, bar, sizeof bar);
	CHECK(&t, strstr(bar, "F9后台") != NULL, "the staff key bar lacks F9 后台: %s", bar);
	vt_fkey(&t, 1);
	CHECK(&t, vt_wait(&t, "按键一览", WAIT) && vt_has(&t, "F9 / ^O"),
	      "the staff help lacks F9 / ^O");
	esc(&t);
out:
	stop(&t);
}

/* --- operators: unlock and a new PIN ---------------------------------------------- */

/* Lock `who` with wrong PINs through the core, as a counter would. */
static int lock_operator(const fixture *fx, const char *who)
{
	jf_db *db = db_open(fx);
	if (!db)
		return 0;
	jf_op *op = NULL;
	for (int i = 0; i < JF_PIN_MAX_FAILS; i++)
		jf_login(db, who, "0000", &op);
	jf_status st = jf_login(db, who, PIN, &op);
	jf_op_free(op);
	jf_db_close(db);
	return st == JF_LOCKED;
}

static jf_status try_pin(const fixture *fx, const char *who, const char *pin)
{
	jf_db *db = db_open(fx);
	if (!db)
		return JF_DB_IO;
	jf_op *op = NULL;
	jf_status st = jf_login(db, who, pin, &op);
	jf_op_free(op);
	jf_db_close(db);
	return st;
}

static void test_operators(fixture *fx)
{
	vt_term t;
	if (!CHECK(NULL, lock_operator(fx, "counter"), "could not lock counter"))
		return;
	/* a staff member sees the lock but cannot lift it */
	if (!start(&t, fx, 24, 80, NULL) || !login(&t, "staff") ||
	    !open_staff(&t, '8', "操作员"))
		goto out;
	CHECK(&t, vt_wait(&t, "锁定到", WAIT), "the list does not show the lock");
	key(&t, VTERM_KEY_DOWN); /* admin, counter, staff */
	vt_fkey(&t, 5);
	CHECK(&t, vt_wait(&t, jf_status_message(JF_DENIED), WAIT),
	      "F5 by a staff member is not refused");
	CHECK(&t, try_pin(fx, "counter", PIN) == JF_LOCKED, "a staff member unlocked");
	stop(&t);

	/* the administrator lifts it; the PIN stays */
	if (!start(&t, fx, 24, 80, NULL) || !login(&t, "admin") ||
	    !open_staff(&t, '8', "操作员"))
		goto out;
	CHECK(&t, vt_wait(&t, "锁定到", WAIT), "the list does not show the lock");
	key(&t, VTERM_KEY_DOWN);
	vt_fkey(&t, 5);
	CHECK(&t, vt_wait(&t, "已解除操作员 counter", WAIT), "F5 did not say it unlocked");
	CHECK(&t, !vt_has(&t, "锁定到"), "the list still shows the lock");
	CHECK(&t, try_pin(fx, "counter", PIN) == JF_OK, "counter is still locked");

	/* locked again; F6 sets a new PIN, typed twice, and unlocks */
	CHECK(NULL, lock_operator(fx, "counter"), "could not lock counter again");
	vt_fkey(&t, 6);
	CHECK(&t, vt_wait(&t, "再输一次", WAIT), "F6 shows no PIN fields");
	vt_type(&t, "13579\r24680\r");
	CHECK(&t, vt_wait(&t, "两次输入的 PIN 不一致", WAIT), "different PINs are not refused");
	vt_type(&t, "13579\r13579\r");
	CHECK(&t, vt_wait(&t, "已重设操作员 counter 的 PIN", WAIT), "the new PIN was not set");
	CHECK(&t, !vt_has(&t, "13579"), "the PIN was shown");
	CHECK(&t, try_pin(fx, "counter", "13579") == JF_OK, "the new PIN does not log in");
out:
	stop(&t);
}

/* --- every key on every staff screen, and F1 ------------------------------------ */

static void press(vt_term *t, int k)
{
	if (UI_IS_FKEY(k)) {
		int c = k & ~0x1000000;
		if (c >= KEY_F(1) && c <= KEY_F(24)) {
			vt_fkey(t, c - KEY_F0);
			return;
		}
		VTermKey vk = VTERM_KEY_NONE;
		VTermModifier mod = VTERM_MOD_NONE;
		switch (c) {
		case KEY_UP:
			vk = VTERM_KEY_UP;
			break;
		case KEY_DOWN:
			vk = VTERM_KEY_DOWN;
			break;
		case KEY_LEFT:
			vk = VTERM_KEY_LEFT;
			break;
		case KEY_RIGHT:
			vk = VTERM_KEY_RIGHT;
			break;
		case KEY_PPAGE:
			vk = VTERM_KEY_PAGEUP;
			break;
		case KEY_NPAGE:
			vk = VTERM_KEY_PAGEDOWN;
			break;
		case KEY_DC:
			vk = VTERM_KEY_DEL;
			break;
		case KEY_ENTER:
			vk = VTERM_KEY_KP_ENTER;
			break;
		case KEY_BTAB:
			vk = VTERM_KEY_TAB;
			mod = VTERM_MOD_SHIFT;
			break;
		default:
			break;
		}
		vt_key(t, vk, mod);
		return;
	}
	switch (k) {
	case '\n':
		vt_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
		return;
	case '\t':
		vt_key(t, VTERM_KEY_TAB, VTERM_MOD_NONE);
		return;
	case UI_ESC:
		vt_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
		return;
	default:
		break;
	}
	char c[2] = {(char)k, '\0'};
	if (k > 0 && k < 0x80)
		vt_type(t, c);
}

typedef struct {
	unsigned id;
	char digit; /* on the staff menu; 0 for the menu itself */
	const char *title;
	const char *typed; /* typed first, so lists have something in them */
} staff_screen;

static const staff_screen screens[] = {
    {UI_S_STAFF, 0, "后台", NULL},       {UI_S_AWARD, '1', "后台赋分", "STAFFCARD1\r"},
    {UI_S_STOCK, '2', "入库", "zj\r"},   {UI_S_STOCK, '3', "盘点", "zj\r"},
    {UI_S_DAY, '4', "日结", NULL},       {UI_S_MONTH, '5', "每月公示", NULL},
    {UI_S_VOUCHER, '6', "服务券", NULL}, {UI_S_BOOK, '7', "积分存折", "STAFFCARD2\r"},
    {UI_S_OPERS, '8', "操作员", NULL},
    {UI_S_PEOPLE, '9', "居民", "STAFFCARD1"}, {UI_S_PEOPLE, '0', "积分调整", "STAFFCARD1"},
    {UI_S_PEOPLE, 'h', "核实人", NULL},     {UI_S_UNPRINTED, 'p', "未打印小票", NULL},
};

/* From the counter, logged in as staff, to the screen. */
static int from_counter(vt_term *t, const staff_screen *sc)
{
	if (!sc->digit) {
		vt_fkey(t, 9);
		return vt_wait(t, "工作人员后台", WAIT);
	}
	if (!open_staff(t, sc->digit, sc->title))
		return 0;
	if (sc->typed) {
		vt_type(t, sc->typed);
		vt_settle(t, 100, 2000);
	}
	return on_screen(t, sc->title);
}

/* A fresh program on the screen. */
static int reach(vt_term *t, const fixture *fx, const staff_screen *sc)
{
	if (!start(t, fx, 24, 80, NULL) || !login(t, "staff"))
		return 0;
	return from_counter(t, sc);
}

/* After a key left the screen, back to it in the same program: Esc back
 * (leaving a form that asks), log in again if the key logged out, and
 * reach's way from the counter.  0 if that did not get there (then a new
 * program). */
static int regain(vt_term *t, const staff_screen *sc)
{
	for (int i = 0; i < 12 && vt_alive(t); i++) {
		if (on_screen(t, sc->title))
			return 1; /* back from the help, say */
		if (on_screen(t, "登录")) {
			vt_type(t, "staff");
			enter(t);
			vt_type(t, PIN);
			enter(t);
			return vt_wait(t, "查找居民", WAIT) && from_counter(t, sc);
		}
		if (on_screen(t, "柜台"))
			return from_counter(t, sc);
		if (on_screen(t, "确认"))
			vt_type(t, vt_has(t, "放弃并离开") ? "y" : "n");
		else
			vt_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
		vt_settle(t, 100, 2000);
	}
	return 0;
}

static void test_every_key(fixture *fx)
{
	int pressed = 0;
	for (size_t s = 0; s < sizeof screens / sizeof screens[0]; s++) {
		const staff_screen *sc = &screens[s];
		vt_term t;
		int running = 0;
		/* F1 lists every key the table gives the screen */
		if (!CHECK(NULL, reach(&t, fx, sc), "could not reach %s", sc->title)) {
			vt_finish(&t, 1000);
			continue;
		}
		vt_fkey(&t, 1);
		if (CHECK(&t, vt_wait(&t, "按键一览", WAIT), "F1 on %s shows no help", sc->title)) {
			/* a long list over several pages: PgDn through it */
			char seen[sizeof actions / sizeof actions[0]] = {0};
			for (int page = 0; page < 4; page++) {
				for (size_t a = 0; a < sizeof actions / sizeof actions[0]; a++)
					seen[a] |= vt_has(&t, actions[a].label);
				key(&t, VTERM_KEY_PAGEDOWN);
			}
			for (size_t a = 0; a < sizeof actions / sizeof actions[0]; a++)
				if ((actions[a].screens & sc->id) && actions[a].id != UI_A_HELP)
					CHECK(&t, seen[a], "F1 on %s does not list %s", sc->title,
					      actions[a].label);
		}
		running = 1; /* Esc back from the help: regain below */
		for (size_t a = 0; a < sizeof actions / sizeof actions[0]; a++) {
			if (!(actions[a].screens & sc->id))
				continue;
			int keys[2] = {actions[a].key, actions[a].alt};
			for (int k = 0; k < 2; k++) {
				if (keys[k] == UI_NOKEY)
					continue;
				if (running && !(vt_alive(&t) && on_screen(&t, sc->title)) &&
				    !regain(&t, sc)) {
					stop(&t);
					running = 0;
				}
				if (!running) {
					if (!CHECK(&t, reach(&t, fx, sc), "could not reach %s",
					           sc->title)) {
						vt_finish(&t, 1000);
						goto next;
					}
					running = 1;
				}
				press(&t, keys[k]);
				vt_settle(&t, 120, 3000);
				pressed++;
				if (!vt_alive(&t)) {
					int rc = vt_finish(&t, 1000);
					running = 0;
					CHECK(NULL, 0, "%s (key %d) on %s ended the program (%d)",
					      actions[a].label, keys[k], sc->title, rc);
					continue;
				}
				CHECK(&t, vt_has(&t, "爱心超市") || vt_has(&t, "演示/测试数据库"), "%s (key %d) on %s left no frame",
				      actions[a].label, keys[k], sc->title);
			}
		}
		if (running)
			stop(&t);
	next:;
	}
	CHECK(NULL, pressed > 60, "only %d keys were pressed", pressed);
}

/* The staff screens at a larger terminal and below 80x24 and back. */
static void test_sizes(fixture *fx)
{
	vt_term t;
	if (!start(&t, fx, 30, 120, NULL) || !login(&t, "staff") ||
	    !open_staff(&t, '1', "后台赋分"))
		goto out;
	vt_type(&t, fx->who[2].card);
	enter(&t);
	CHECK(&t, vt_wait(&t, "已选 1 位", WAIT), "the card did not pick at 120x30");
	vt_resize(&t, 20, 60);
	CHECK(&t, vt_wait(&t, "窗口太小", WAIT), "60x20 does not say 窗口太小");
	vt_resize(&t, 24, 80);
	CHECK(&t, vt_wait(&t, "已选 1 位", WAIT) && vt_has(&t, fx->who[2].name),
	      "the list was lost over a resize");
	esc(&t);
	CHECK(&t, vt_wait(&t, "放弃并离开赋分吗", WAIT), "Esc with a list does not ask");
	vt_type(&t, "n");
	CHECK(&t, vt_wait(&t, "已选 1 位", WAIT), "n did not keep the list");
	esc(&t);
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "工作人员后台", WAIT), "y did not leave the form");
	vt_type(&t, "4");
	CHECK(&t, vt_wait(&t, "账目平衡", WAIT), "the day screen did not open");
	vt_resize(&t, 40, 130);
	vt_settle(&t, 150, 3000);
	char bar[4096];
	vt_row(&t, 39, bar, sizeof bar);
	CHECK(&t, strstr(bar, "F5") && strstr(bar, "日结"), "the key bar is not at the bottom: %s",
	      bar);
out:
	stop(&t);
}

/* --- jifen(1) names the staff screens' keys ------------------------------------------ */

static void test_man_keys(fixture *fx)
{
	(void)fx;
	FILE *f = fopen("man/jifen.1", "r");
	if (!CHECK(NULL, f != NULL, "man/jifen.1 not found (run from the source tree)"))
		return;
	static char man[200000];
	size_t n = fread(man, 1, sizeof man - 1, f);
	man[n] = '\0';
	fclose(f);
	for (const man_screen *sc = man_screens; sc->title; sc++) {
		if (!sc->staff || !sc->sub)
			continue;
		char missing[1024];
		int m = man_missing(jifen, man, sc->title, sc->sub, missing, sizeof missing);
		CHECK(NULL, m != -1, "jifen --list-keys lists no key for the %s screen", sc->title);
		CHECK(NULL, m != -2, "jifen(1) has no COUNTER KEYS subsection %s", sc->sub);
		CHECK(NULL, m <= 0, "jifen(1) %s: the keys of the %s screen %s are missing", sc->sub,
		      sc->title, missing);
	}
}

/* --- the runner ------------------------------------------------------------------- */

typedef struct {
	const char *name;
	void (*fn)(fixture *fx);
} test_case;

static const test_case tests[] = {
    {"staff: an award of one activity to several residents", test_award_event},
    {"staff: a likely duplicate award is shown first", test_award_duplicate},
    {"staff: stock in with a sponsor, and a count", test_stock},
    {"staff: day close balances, counts, prints, closes", test_day_close},
    {"staff: day close explains, warns, takes a note; the counter says closed",
     test_day_close_eyes_open},
    {"staff: monthly notice written to a file", test_month_notice},
    {"staff: monthly notice goes to the folder of jifen.conf", test_month_folder},
    {"staff: the award's date checked in the field, not carried on", test_award_date},
    {"staff: a long message wraps onto a second row", test_long_message},
    {"staff: register a resident with a card scan, edit, move out and back", test_residents_form},
    {"staff: an administrator adjusts points with a reason", test_adjust_form},
    {"staff: a verifier added", test_verifier_form},
    {"staff: unprinted receipts of a day printed", test_unprinted},
    {"staff: a service voucher fulfilled", test_voucher},
    {"staff: an expired voucher fulfilled only with a reason", test_voucher_expired},
    {"staff: a passbook statement shown and printed", test_passbook},
    {"staff: a volunteer sees no staff actions", test_volunteer},
    {"staff: an administrator unlocks an operator and sets a new PIN", test_operators},
    {"staff: larger, too small and back; Esc asks", test_sizes},
    {"staff: every key of the action table on every staff screen", test_every_key},
    {"staff: jifen(1) names every key of the staff screens", test_man_keys},
};

void staff_tests_run(const char *bin, const char *filter, int *passed, int *failed)
{
	jifen = bin;
	for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
		if (filter && !strstr(tests[i].name, filter))
			continue;
		test_name = tests[i].name;
		failed_checks = 0;
		fixture fx;
		if (fixture_make(&fx) != 0) {
			fprintf(stderr, "  FAIL %s: no demo database\n", test_name);
			failed_checks++;
		} else {
			tests[i].fn(&fx);
		}
		vt_remove_dir(fx.dir);
		if (failed_checks == 0) {
			(*passed)++;
			printf("ok   %s\n", test_name);
		} else {
			(*failed)++;
			printf("FAIL %s\n", test_name);
		}
		fflush(stdout);
	}
}
