/* End-to-end tests of the counter screen: the real binary ($JIFEN) in a
 * pseudo-terminal read by libvterm, on a real database made by
 * `jifen -d DB init --demo`; after each flow the database is read back
 * through the core's API, not only the screen. */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "jifen/catalog.h"
#include "jifen/db.h"
#include "jifen/i18n.h"
#include "jifen/ledger.h"
#include "jifen/operator.h"
#include "jifen/receipt.h"
#include "jifen/resident.h"
#include "jifen/status.h"
#include "jifen/text.h"
#include "jifen/voucher.h"
#include "staff_test.h"
#include "mankeys.h"
#include "vt.h"

/* The action table of the program, to press every key of it. */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include "../../ui/actions.h"

/* The program's table, expanded here from the same X-macro. */
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

/* How long the program may take to answer (generous: sanitizer builds and
 * a shared machine); this is a bound for waiting, not a timing goal. */
#define WAIT 8000
#define PIN "2468"

static const char *jifen;
static int tests_passed, tests_failed;
static int test_failed_checks;
static const char *test_name;

/* --- checks --------------------------------------------------------------- */

static int check_(vt_term *t, int ok, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int check_(vt_term *t, int ok, int line, const char *fmt, ...)
{
	if (ok)
		return 1;
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "  FAIL %s (line %d): ", test_name, line);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	if (t && t->vt)
		vt_dump(t, test_name);
	test_failed_checks++;
	return 0;
}
#define CHECK(t, cond, ...) check_((t), (cond), __LINE__, __VA_ARGS__)

/* --- the database --------------------------------------------------------- */

typedef struct {
	char dir[128];
	char db[192];
	jf_resident dmy;      /* the resident of the canonical flow: "dmy" */
	jf_item zj;           /* the item of the canonical flow: "zj" */
	jf_resident poor;     /* added here: no points at all */
	jf_resident longname; /* added here: a name too long for its column */
	jf_resident rich;     /* added here: enough points for any number of tries */
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

/* The demo database, made by the program itself, plus three residents
 * the demo need not have: made once (fixture_build), copied for each test
 * (fixture_make). */
static int fixture_build(fixture *fx)
{
	memset(fx, 0, sizeof *fx);
	snprintf(fx->dir, sizeof fx->dir, "/tmp/jifen-screen-XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	snprintf(fx->db, sizeof fx->db, "%s/demo.db", fx->dir);
	if (vt_demo_copy(jifen, fx->db) != 0) {
		fprintf(stderr, "  no demo database from %s init --demo\n", jifen);
		return -1;
	}
	jf_db *db = db_open(fx);
	if (!db)
		return -1;
	int ok = 0, n = 0, exact = 0;
	jf_op *admin = NULL;
	if (jf_resident_search(db, "dmy", 0, &fx->dmy, 1, &n, &exact) != JF_OK || n != 1) {
		fprintf(stderr, "  the demo has no resident for \"dmy\"\n");
		goto cleanup;
	}
	if (jf_item_resolve(db, "zj", &fx->zj) != JF_OK) {
		fprintf(stderr, "  the demo has no item for \"zj\": %s\n", jf_db_error(db));
		goto cleanup;
	}
	if (jf_login(db, "admin", PIN, &admin) != JF_OK) {
		fprintf(stderr, "  the demo's admin/%s: %s\n", PIN, jf_db_error(db));
		goto cleanup;
	}
	jf_resident_new poor = {.name = "石小平",
	                        .compound = "测试小区",
	                        .building = "9",
	                        .unit = "9",
	                        .room = "909",
	                        .phone = "13900009999",
	                        .card = "TESTCARD9"};
	jf_resident_new longname = {.name = "丁美英英英英英英英英英英英英英英英",
	                            .compound = "测试小区",
	                            .building = "9",
	                            .unit = "9",
	                            .room = "908",
	                            .phone = "13900008888",
	                            .card = "TESTCARD8"};
	jf_resident_new rich = {.name = "钱多多",
	                        .compound = "测试小区",
	                        .building = "9",
	                        .unit = "9",
	                        .room = "907",
	                        .phone = "13900007777",
	                        .card = "TESTCARD7"};
	int64_t id1, id2, id3;
	if (jf_resident_add(db, admin, &poor, &id1) != JF_OK ||
	    jf_resident_add(db, admin, &longname, &id2) != JF_OK ||
	    jf_resident_add(db, admin, &rich, &id3) != JF_OK ||
	    jf_adjust(db, admin, id3, 10000, "屏幕测试", NULL) != JF_OK ||
	    jf_resident_get(db, id1, &fx->poor) != JF_OK ||
	    jf_resident_get(db, id2, &fx->longname) != JF_OK ||
	    jf_resident_get(db, id3, &fx->rich) != JF_OK) {
		fprintf(stderr, "  adding test residents: %s\n", jf_db_error(db));
		goto cleanup;
	}
	ok = 1;
cleanup:
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

/* A fresh copy of the fixture in a folder of its own. */
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
	snprintf(fx->dir, sizeof fx->dir, "/tmp/jifen-screen-XXXXXX");
	if (!mkdtemp(fx->dir)) {
		fx->dir[0] = '\0';
		return -1;
	}
	snprintf(fx->db, sizeof fx->db, "%s/demo.db", fx->dir);
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

/* The resident's newest passbook entry; returns how many entries. */
static size_t last_entry(const fixture *fx, int64_t rid, jf_entry *out)
{
	jf_db *db = db_open(fx);
	jf_entry *e = NULL;
	size_t n = 0;
	memset(out, 0, sizeof *out);
	if (db && jf_passbook(db, rid, &e, &n) == JF_OK && n > 0)
		*out = e[n - 1];
	free(e);
	jf_db_close(db);
	return n;
}

static int failed_pins_of(const fixture *fx, const char *login)
{
	jf_db *db = db_open(fx);
	jf_operator *ops = NULL;
	size_t n = 0;
	int fails = -1;
	if (db && jf_operator_list(db, &ops, &n) == JF_OK)
		for (size_t i = 0; i < n; i++)
			if (strcmp(ops[i].login, login) == 0)
				fails = ops[i].failed_pins;
	free(ops);
	jf_db_close(db);
	return fails;
}

/* Points as the screen writes them: 12,345. */
static void points(int64_t v, char *buf, size_t len)
{
	char d[32], out[48];
	snprintf(d, sizeof d, "%lld", (long long)(v < 0 ? -v : v));
	size_t n = strlen(d), o = 0;
	if (v < 0)
		out[o++] = '-';
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = d[i];
	}
	out[o] = '\0';
	snprintf(buf, len, "%s", out);
}

/* --- driving the program -------------------------------------------------- */

static int start(vt_term *t, const fixture *fx, int rows, int cols, const char *login,
                 const char *const env[])
{
	char *argv[8];
	int a = 0;
	argv[a++] = (char *)jifen;
	argv[a++] = "-d";
	argv[a++] = (char *)fx->db;
	if (login) {
		argv[a++] = "-o";
		argv[a++] = (char *)login;
	}
	argv[a] = NULL;
	if (vt_start(t, rows, cols, argv, env) != 0)
		return 0;
	return CHECK(t, vt_wait(t, "柜台登录", WAIT), "the login screen did not appear");
}

static void enter(vt_term *t)
{
	vt_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
}

/* Log in from the login screen and wait for the counter. */
static int login(vt_term *t, const char *who)
{
	vt_type(t, who);
	enter(t);
	vt_type(t, PIN);
	enter(t);
	return CHECK(t, vt_wait(t, "查找居民", WAIT), "login as %s did not reach the counter", who);
}

/* The title bar names the screen on top: "  柜台 ", "  小票 " ... */
static int on_screen(vt_term *t, const char *title)
{
	char row[4096], want[128];
	vt_row(t, 0, row, sizeof row);
	snprintf(want, sizeof want, "  %s ", title);
	strncat(row, " ", sizeof row - strlen(row) - 1);
	return strstr(row, want) != NULL;
}

/* Back out of whatever screen is showing and close the program: Esc
 * steps back (and leaves a resident), F10 logs out, F10 on the login
 * screen closes the program. */
/* Esc on the counter, and y when it asks before emptying a cart. */
static void leave_resident(vt_term *t)
{
	vt_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	vt_settle(t, 100, 1000);
	if (vt_has(t, "清空购物车吗")) {
		vt_type(t, "y");
		vt_settle(t, 100, 1000);
	}
}

static int stop(vt_term *t)
{
	for (int i = 0; i < 10 && vt_alive(t); i++) {
		if (vt_has(t, "关闭柜台程序吗")) {
			vt_type(t, "y"); /* F10 on the login screen asks first */
		} else if (on_screen(t, "登录") || on_screen(t, "柜台")) {
			if (on_screen(t, "柜台"))
				leave_resident(t);
			vt_fkey(t, 10);
		} else {
			vt_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
		}
		vt_settle(t, 100, 2000);
	}
	int rc = vt_finish(t, WAIT);
	return CHECK(NULL, rc == 0, "the program did not end cleanly (status %d)", rc);
}

/* --- the tests ------------------------------------------------------------ */

static void test_login_wrong_pin(fixture *fx)
{
	vt_term t;
	if (!start(&t, fx, 24, 80, NULL, NULL))
		goto done;
	vt_type(&t, "counter");
	enter(&t);
	vt_type(&t, "1111");
	/* the PIN is masked while typed */
	vt_settle(&t, 100, 2000);
	CHECK(&t, vt_has(&t, "****") && !vt_has(&t, "1111"), "the PIN is not masked");
	enter(&t);
	CHECK(&t, vt_wait(&t, jf_status_message(JF_BAD_PIN), WAIT), "a wrong PIN does not say so");
	CHECK(&t, vt_has(&t, "柜台登录"), "a wrong PIN left the login screen");
	CHECK(&t, failed_pins_of(fx, "counter") == 1, "the wrong PIN was not counted (%d)",
	      failed_pins_of(fx, "counter"));
	/* try again: the login stays, the PIN field is empty */
	vt_type(&t, PIN);
	enter(&t);
	CHECK(&t, vt_wait(&t, "查找居民", WAIT), "the right PIN after a wrong one failed");
	CHECK(&t, failed_pins_of(fx, "counter") == 0, "a right PIN did not reset the count");
	stop(&t);
	return;
done:
	vt_finish(&t, 1000);
}

/* Five wrong PINs lock the operator, and the login screen says until when. */
static void test_login_locked(fixture *fx)
{
	vt_term t;
	if (!start(&t, fx, 24, 80, NULL, NULL))
		goto done;
	vt_type(&t, "counter");
	enter(&t);
	for (int i = 0; i < JF_PIN_MAX_FAILS; i++) {
		vt_type(&t, "1111");
		enter(&t);
		vt_settle(&t, 200, 4000);
	}
	CHECK(&t, vt_wait(&t, "锁定到", WAIT), "the lock does not say until when");
	/* the right PIN now is refused, and says it again */
	vt_type(&t, PIN);
	enter(&t);
	vt_settle(&t, 200, 4000);
	CHECK(&t, vt_has(&t, "锁定到") && vt_has(&t, "柜台登录"), "the right PIN got past the lock");
	stop(&t);
	return;
done:
	vt_finish(&t, 1000);
}

static void test_login_fixed_operator(fixture *fx)
{
	vt_term t;
	if (!start(&t, fx, 24, 80, "counter", NULL)) {
		vt_finish(&t, 1000);
		return;
	}
	/* only the PIN is asked */
	vt_type(&t, PIN);
	enter(&t);
	CHECK(&t, vt_wait(&t, "查找居民", WAIT), "jifen -o counter did not log in with the PIN");
	stop(&t);
}

/* dmy Enter zj Enter F5 y, each step checked on screen, then the ledger. */
/* A clock set back two days (the demo is a test database; a real one
 * refuses JIFEN_NOW): the redemption is refused, and the message says both
 * times and what to do, wrapped to fit 80 columns, the title bar says it is
 * a demo/test database, and nothing is charged. */
static void test_clock_refusal(fixture *fx)
{
	vt_term t;
	char now[64];
	snprintf(now, sizeof now, "JIFEN_NOW=%lld", (long long)time(NULL) - 2 * 86400);
	const char *env[] = {now, NULL};
	int64_t before = balance_of(fx, fx->dmy.id);
	if (!start(&t, fx, 24, 80, NULL, env) || !login(&t, "counter"))
		goto out;
	CHECK(&t, vt_has(&t, "演示/测试数据库"), "the title bar does not say 演示/测试数据库");
	vt_type(&t, "dmy");
	CHECK(&t, vt_wait(&t, fx->dmy.name, WAIT), "dmy does not list %s", fx->dmy.name);
	enter(&t);
	vt_type(&t, "zj");
	enter(&t);
	CHECK(&t, vt_wait(&t, "合计", WAIT), "the cart did not appear");
	/* F5 checks the day, and so the clock, before it asks */
	vt_fkey(&t, 5);
	CHECK(&t, vt_wait(&t, "时钟不对，未记账", WAIT), "no clock refusal");
	CHECK(&t, !vt_has(&t, "确认兑换吗"), "F5 asked for confirmation on a refused clock");
	CHECK(&t, vt_has(&t, "早于最近一笔记录"), "the refusal does not name the latest entry");
	CHECK(&t, vt_has(&t, "clock correct"), "the refusal is cut before what to do");
	CHECK(&t, balance_of(fx, fx->dmy.id) == before, "the refused redemption charged");
out:
	stop(&t);
}

static void test_canonical_flow(fixture *fx)
{
	vt_term t;
	int64_t before = balance_of(fx, fx->dmy.id), stock = stock_of(fx, fx->zj.id);
	if (!start(&t, fx, 24, 80, NULL, NULL) || !login(&t, "counter"))
		goto out;
	vt_type(&t, "dmy");
	CHECK(&t, vt_wait(&t, fx->dmy.name, WAIT), "dmy does not list %s", fx->dmy.name);
	enter(&t);
	char bal[64], want[128];
	points(before, bal, sizeof bal);
	snprintf(want, sizeof want, "余额 %s 分", bal);
	CHECK(&t, vt_wait(&t, want, WAIT), "the panel does not show \"%s\"", want);
	/* the balance in large figures: reverse-video cells under the line */
	int br, bc, big = 0;
	if (vt_find(&t, want, &br, &bc))
		for (int r = br + 1; r <= br + 5; r++)
			for (int c = bc; c < bc + 12; c++)
				big += vt_cell_reverse(&t, r, c);
	CHECK(&t, big >= 5, "no large figures under the balance");
	char masked[32];
	jf_mask_phone(fx->dmy.phone, masked, sizeof masked);
	CHECK(&t, vt_has(&t, masked), "the phone is not shown masked as %s", masked);
	CHECK(&t, !fx->dmy.phone[0] || !vt_has(&t, fx->dmy.phone), "the full phone is shown");
	vt_type(&t, "zj");
	enter(&t);
	CHECK(&t, vt_wait(&t, "合计", WAIT), "the cart did not appear");
	char after[64];
	points(before - fx->zj.points, after, sizeof after);
	snprintf(want, sizeof want, "结账后余额 %s 分", after);
	CHECK(&t, vt_wait(&t, want, WAIT), "the cart does not show \"%s\"", want);
	vt_fkey(&t, 5);
	CHECK(&t, vt_wait(&t, "确认兑换吗", WAIT), "F5 did not ask for confirmation");
	CHECK(&t, balance_of(fx, fx->dmy.id) == before, "F5 alone charged");
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "兑换后余额", WAIT) && vt_wait(&t, "小票号", WAIT),
	      "no receipt after y");

	/* the database: one redemption, its receipt on screen */
	jf_entry e;
	size_t n = last_entry(fx, fx->dmy.id, &e);
	CHECK(&t, n > 0 && strcmp(e.kind, "redeem") == 0, "no redemption in the passbook");
	CHECK(&t, e.points == -fx->zj.points, "the redemption is %lld points, not %lld",
	      (long long)e.points, (long long)-fx->zj.points);
	CHECK(&t, vt_has(&t, e.receipt_no), "the receipt number %s is not shown", e.receipt_no);
	{
		/* the receipt's own line: 兑换后余额 ... N 分 */
		int r, c;
		char row[4096], tail[96];
		snprintf(tail, sizeof tail, " %s 分", after);
		int ok = vt_find(&t, "兑换后余额", &r, &c);
		if (ok)
			vt_row(&t, r, row, sizeof row);
		CHECK(&t, ok && strstr(row, tail), "the receipt's balance after is not %s", after);
	}
	/* the QR on screen, read as a phone reads it, is this receipt, genuine */
	char qr[512] = "";
	if (CHECK(&t, vt_decode_qr(&t, qr, sizeof qr), "no readable QR code on the receipt")) {
		jf_db *db = db_open(fx);
		jf_verification v;
		memset(&v, 0, sizeof v);
		CHECK(&t,
		      db && jf_receipt_verify(db, qr, &v) == JF_OK &&
		          v.verdict == JF_VERDICT_GENUINE && strcmp(v.no, e.receipt_no) == 0,
		      "the QR \"%s\" is not the genuine receipt %s (%s)", qr, e.receipt_no, v.why);
		jf_db_close(db);
	}
	CHECK(&t, balance_of(fx, fx->dmy.id) == before - fx->zj.points, "balance is %lld",
	      (long long)balance_of(fx, fx->dmy.id));
	CHECK(&t, !jf_item_kind_stocked(fx->zj.kind) || stock_of(fx, fx->zj.id) == stock - 1,
	      "the stock did not go down by one");

	/* a y typed once the receipt shows closes it and starts the next
	 * lookup: never a second charge */
	vt_settle(&t, 100, 2000);
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "查找居民", WAIT) && vt_wait_gone(&t, "小票号", WAIT),
	      "a key did not close the receipt");
	vt_fkey(&t, 5);
	vt_type(&t, "y");
	vt_settle(&t, 150, 2000);
	CHECK(&t, balance_of(fx, fx->dmy.id) == before - fx->zj.points, "charged twice");
	CHECK(&t, last_entry(fx, fx->dmy.id, &e) == n, "a second entry was written");
out:
	stop(&t);
}

/* The same flow typed as one burst, as fast as a scanner: nothing lost,
 * one charge. */
static void test_burst_and_card(fixture *fx)
{
	vt_term t;
	int64_t before = balance_of(fx, fx->dmy.id);
	if (!start(&t, fx, 24, 80, NULL, NULL) || !login(&t, "counter"))
		goto out;
	if (!CHECK(&t, fx->dmy.card[0], "the demo resident has no card code"))
		goto out;
	/* the scanner types the code and Enter; the item code follows */
	char burst[256];
	snprintf(burst, sizeof burst, "%s\r", fx->dmy.card);
	vt_type(&t, burst);
	CHECK(&t, vt_wait(&t, "最近记录", WAIT), "the card code did not pick the resident");
	CHECK(&t, vt_has(&t, fx->dmy.name), "the card picked someone else");
	snprintf(burst, sizeof burst, "%s\r", fx->zj.code);
	vt_type(&t, burst);
	CHECK(&t, vt_wait(&t, "合计", WAIT), "the item code did not add the item");
	vt_fkey(&t, 5);
	vt_type(&t, "yy");
	CHECK(&t, vt_wait(&t, "请输入：拼音首字母", WAIT),
	      "the second y did not close the receipt");
	jf_entry e;
	size_t n = last_entry(fx, fx->dmy.id, &e);
	CHECK(&t, n > 0 && strcmp(e.kind, "redeem") == 0 && e.points == -fx->zj.points,
	      "no single redemption of %s", fx->zj.name);
	CHECK(&t, balance_of(fx, fx->dmy.id) == before - fx->zj.points, "the balance is wrong");
out:
	stop(&t);
}

/* A card code that is someone else's phone, made before jifen refused it
 * (older data, the sqlite3 shell): scanning it (the code and Enter) shows
 * both residents to choose from and picks neither by itself. */
static void test_ambiguous_card(fixture *fx)
{
	vt_term t;
	sqlite3 *raw = NULL;
	char sql[512];
	snprintf(sql, sizeof sql,
	         "DROP TRIGGER IF EXISTS jfa_residents_u;"
	         "UPDATE residents SET card = '%s' WHERE id = %lld;"
	         "INSERT INTO resident_keys VALUES ('%s', %lld, 1);",
	         fx->dmy.phone, (long long)fx->poor.id, fx->dmy.phone, (long long)fx->poor.id);
	if (!CHECK(NULL, sqlite3_open(fx->db, &raw) == SQLITE_OK &&
	                     sqlite3_exec(raw, sql, NULL, NULL, NULL) == SQLITE_OK,
	           "could not make the collision"))
		goto out_raw;
	sqlite3_close(raw);
	raw = NULL;
	if (!start(&t, fx, 24, 80, NULL, NULL) || !login(&t, "counter"))
		goto out;
	char burst[128];
	snprintf(burst, sizeof burst, "%s\r", fx->dmy.phone);
	vt_type(&t, burst);
	CHECK(&t, vt_wait(&t, "对应 2 位居民", WAIT), "the scan did not say it is ambiguous");
	CHECK(&t, !vt_has(&t, "最近记录"), "the scan picked a resident by itself");
	CHECK(&t, vt_has(&t, fx->dmy.name) && vt_has(&t, fx->poor.name),
	      "the list does not show both residents");
	/* the one chosen is taken */
	vt_key(&t, VTERM_KEY_DOWN, VTERM_MOD_NONE);
	enter(&t);
	CHECK(&t, vt_wait(&t, "最近记录", WAIT), "choosing did not pick the resident");
	/* scanned again while a resident is open: no switch to either */
	vt_type(&t, burst);
	CHECK(&t, vt_wait(&t, "先按 Esc 离开", WAIT),
	      "the ambiguous scan while picked does not say so");
	/* the card of one alone still picks at once */
	vt_key(&t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	vt_key(&t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	vt_settle(&t, 100, 2000);
	snprintf(burst, sizeof burst, "%s\r", fx->rich.card);
	vt_type(&t, burst);
	CHECK(&t, vt_wait(&t, "最近记录", WAIT), "a card of one resident did not pick at once");
	CHECK(&t, vt_has(&t, fx->rich.name), "the card picked someone else");
out:
	stop(&t);
out_raw:
	if (raw)
		sqlite3_close(raw);
}

static void test_lookup_chinese_and_phone(fixture *fx)
{
	vt_term t;
	if (!start(&t, fx, 24, 80, NULL, NULL) || !login(&t, "counter"))
		goto out;
	/* an input method commits UTF-8: the first two characters of the name */
	char two[16];
	unsigned cp;
	int a = jf_utf8_decode(fx->dmy.name, strlen(fx->dmy.name), &cp);
	int b = a > 0 ? jf_utf8_decode(fx->dmy.name + a, strlen(fx->dmy.name) - (size_t)a, &cp) : 0;
	snprintf(two, sizeof two, "%.*s", a + b, fx->dmy.name);
	vt_type(&t, two);
	CHECK(&t, vt_wait(&t, fx->dmy.name, WAIT), "typing %s does not list %s", two, fx->dmy.name);
	CHECK(&t, vt_has(&t, two), "the field does not show %s", two);
	/* Backspace removes one whole character */
	vt_key(&t, VTERM_KEY_BACKSPACE, VTERM_MOD_NONE);
	char one[16];
	snprintf(one, sizeof one, "%.*s", a, fx->dmy.name);
	vt_settle(&t, 100, 2000);
	int row = -1, col = -1;
	CHECK(&t, vt_find(&t, one, &row, &col) && row == 1, "the field lost %s", one);
	vt_ctrl(&t, 'u');
	/* the last four digits of the phone */
	const char *phone = fx->dmy.phone;
	size_t pl = strlen(phone);
	if (CHECK(&t, pl >= 4, "the demo resident has no phone")) {
		vt_type(&t, phone + pl - 4);
		CHECK(&t, vt_wait(&t, fx->dmy.name, WAIT), "the phone tail %s does not list %s",
		      phone + pl - 4, fx->dmy.name);
		char masked[32];
		jf_mask_phone(phone, masked, sizeof masked);
		CHECK(&t, vt_has(&t, masked) && !vt_has(&t, phone),
		      "the list shows the full phone");
	}
	vt_ctrl(&t, 'u');
	/* a name too long for its column is cut with … and the columns hold */
	vt_type(&t, "dmy");
	CHECK(&t, vt_wait(&t, "…", WAIT), "a long name is not cut with …");
	char m1[32], m2[32];
	jf_mask_phone(fx->dmy.phone, m1, sizeof m1);
	jf_mask_phone(fx->longname.phone, m2, sizeof m2);
	int r1, c1, r2, c2;
	if (CHECK(&t, vt_find(&t, m1, &r1, &c1) && vt_find(&t, m2, &r2, &c2),
	          "both residents are not listed"))
		CHECK(&t, c1 == c2 && r1 != r2, "the phone column moved: %d vs %d", c1, c2);
	/* nothing matches */
	vt_ctrl(&t, 'u');
	vt_type(&t, "zzzzqqq");
	CHECK(&t, vt_wait(&t, "没有找到匹配的居民", WAIT), "no notice for no match");
out:
	stop(&t);
}

static void test_cart_add_remove(fixture *fx)
{
	vt_term t;
	int64_t before = balance_of(fx, fx->dmy.id);
	size_t entries;
	jf_entry e;
	entries = last_entry(fx, fx->dmy.id, &e);
	if (!start(&t, fx, 24, 80, NULL, NULL) || !login(&t, "counter"))
		goto out;
	vt_type(&t, "dmy");
	enter(&t);
	CHECK(&t, vt_wait(&t, "最近记录", WAIT), "dmy Enter did not pick");
	vt_type(&t, "zj");
	enter(&t);
	CHECK(&t, vt_wait(&t, "x1", WAIT), "Enter did not add one");
	vt_type(&t, "+");
	CHECK(&t, vt_wait(&t, "x2", WAIT), "+ did not make it two");
	char want[128], tot[64];
	points(2 * fx->zj.points, tot, sizeof tot);
	snprintf(want, sizeof want, "合计 %s 分", tot);
	CHECK(&t, vt_wait(&t, want, WAIT), "the total is not \"%s\"", want);
	vt_type(&t, "-");
	CHECK(&t, vt_wait(&t, "x1", WAIT) && vt_wait_gone(&t, "x2", WAIT),
	      "- did not take one off");
	vt_type(&t, "-");
	CHECK(&t, vt_wait(&t, "（空）", WAIT), "- on one did not empty the cart");
	vt_fkey(&t, 5);
	CHECK(&t, vt_wait(&t, "购物车是空的", WAIT), "F5 on an empty cart does not say so");
	/* the next resident's card scanned while this one is open picks them
	 * (the cart is empty) */
	char card[128];
	snprintf(card, sizeof card, "%s\r", fx->rich.card);
	vt_type(&t, card);
	CHECK(&t, vt_wait(&t, fx->rich.name, WAIT) && vt_wait(&t, "余额 10,000 分", WAIT),
	      "a card scanned in the catalog did not pick its resident");
	vt_key(&t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	vt_settle(&t, 100, 2000);
	vt_type(&t, "dmy");
	enter(&t);
	CHECK(&t, vt_wait(&t, "最近记录", WAIT), "dmy Enter did not pick again");
	/* Tab to the cart, Del removes the line */
	enter(&t);
	vt_key(&t, VTERM_KEY_TAB, VTERM_MOD_NONE);
	CHECK(&t, vt_wait(&t, "购物车 >", WAIT), "Tab did not move to the cart");
	vt_key(&t, VTERM_KEY_DEL, VTERM_MOD_NONE);
	CHECK(&t, vt_wait(&t, "（空）", WAIT), "Del did not remove the line");
	/* Esc with a cart asks first; y leaves the resident */
	enter(&t);
	CHECK(&t, vt_wait(&t, "x1", WAIT), "Enter did not add again");
	vt_key(&t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	CHECK(&t, vt_wait(&t, "清空购物车吗", WAIT), "Esc with a cart did not ask");
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "购物车已清空", WAIT), "Esc and y did not leave the resident");
	CHECK(&t, balance_of(fx, fx->dmy.id) == before, "the balance changed");
	CHECK(&t, last_entry(fx, fx->dmy.id, &e) == entries, "an entry was written");
out:
	stop(&t);
}

static void test_refused_short_balance(fixture *fx)
{
	vt_term t;
	int64_t stock = stock_of(fx, fx->zj.id);
	if (!start(&t, fx, 24, 80, NULL, NULL) || !login(&t, "counter"))
		goto out;
	char card[128];
	snprintf(card, sizeof card, "%s\r", fx->poor.card);
	vt_type(&t, card);
	CHECK(&t, vt_wait(&t, "余额 0 分", WAIT), "the poor resident was not picked");
	vt_type(&t, "zj");
	enter(&t);
	CHECK(&t, vt_wait(&t, "积分不够", WAIT), "the short balance is not shown");
	/* F5 is refused at once, saying what to take out: no confirmation */
	vt_fkey(&t, 5);
	CHECK(&t, vt_wait(&t, jf_status_message(JF_INSUFFICIENT), WAIT),
	      "the refusal does not say %s", jf_status_message(JF_INSUFFICIENT));
	CHECK(&t, vt_has(&t, "请从购物车减去"), "the refusal does not say what to take out");
	CHECK(&t, !vt_has(&t, "确认兑换吗"), "F5 asked to confirm a cart the resident cannot afford");
	CHECK(&t, vt_has(&t, "x1") && vt_has(&t, fx->zj.name), "the cart was not kept");
	CHECK(&t, on_screen(&t, "柜台"), "not back on the counter");
	jf_entry e;
	CHECK(&t, last_entry(fx, fx->poor.id, &e) == 0, "something was written");
	CHECK(&t, balance_of(fx, fx->poor.id) == 0, "the balance moved");
	CHECK(&t, stock_of(fx, fx->zj.id) == stock, "the stock moved");
out:
	stop(&t);
}

/* Run the command line on the test's database, as another counter or the
 * office would while the screen is open; returns its exit status. */
static int cli(const fixture *fx, const char *login, const char *const args[])
{
	char *argv[16];
	int a = 0;
	argv[a++] = (char *)jifen;
	argv[a++] = "-d";
	argv[a++] = (char *)fx->db;
	argv[a++] = "-o";
	argv[a++] = (char *)login;
	for (int i = 0; args[i] && a < 15; i++)
		argv[a++] = (char *)args[i];
	argv[a] = NULL;
	pid_t pid = fork();
	if (pid == 0) {
		setsid(); /* no terminal: the PIN comes from the environment */
		setenv("JIFEN_PIN", PIN, 1);
		setenv("LANGUAGE", "zh_CN", 1);
		if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
			_exit(126);
		execv(jifen, argv);
		_exit(127);
	}
	int st;
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/* The screen shows the truth: another counter's change to the open
 * resident's balance shows after any key and in the confirmation, and a
 * change after the confirmation is asked about again, not redeemed. */
static void test_other_counter_changes(fixture *fx)
{
	vt_term t;
	char keys[128], want[128], pts[32];
	int64_t before = balance_of(fx, fx->rich.id);
	if (!start(&t, fx, 24, 80, NULL, NULL) || !login(&t, "counter"))
		goto out;
	snprintf(keys, sizeof keys, "%s\r", fx->rich.card);
	vt_type(&t, keys);
	points(before, pts, sizeof pts);
	snprintf(want, sizeof want, "余额 %s 分", pts);
	CHECK(&t, vt_wait(&t, want, WAIT), "the resident's balance %s is not shown", want);
	/* the office adjusts the balance; the next key shows it */
	const char *adj[] = {"adjust", fx->rich.name, "+7", "--reason", "屏幕测试", NULL};
	CHECK(&t, cli(fx, "admin", adj) == 0, "jifen adjust failed");
	points(before + 7, pts, sizeof pts);
	snprintf(want, sizeof want, "余额 %s 分", pts);
	vt_key(&t, VTERM_KEY_DOWN, VTERM_MOD_NONE);
	CHECK(&t, vt_wait(&t, want, WAIT), "after a key the balance is not the new %s", want);
	/* changed again: F5's confirmation says the figure that is used */
	vt_type(&t, fx->zj.code);
	enter(&t);
	CHECK(&t, vt_wait(&t, "x1", WAIT), "%s was not added", fx->zj.name);
	const char *adj2[] = {"adjust", fx->rich.name, "+5", "--reason", "屏幕测试", NULL};
	CHECK(&t, cli(fx, "admin", adj2) == 0, "jifen adjust failed");
	vt_fkey(&t, 5);
	points(before + 12, pts, sizeof pts);
	snprintf(want, sizeof want, "余额 %s 分", pts);
	CHECK(&t, vt_wait(&t, "确认兑换吗", WAIT), "F5 did not ask");
	CHECK(&t, vt_has(&t, want), "the confirmation does not say the new balance %s", want);
	/* changed while the confirmation is up: y does not redeem on old figures */
	const char *adj3[] = {"adjust", fx->rich.name, "+3", "--reason", "屏幕测试", NULL};
	CHECK(&t, cli(fx, "admin", adj3) == 0, "jifen adjust failed");
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "刚被改动", WAIT), "y redeemed on figures no longer true");
	jf_entry e;
	last_entry(fx, fx->rich.id, &e);
	CHECK(&t, strcmp(e.kind, "adjust") == 0, "something was redeemed");
	points(before + 15, pts, sizeof pts);
	snprintf(want, sizeof want, "余额 %s 分", pts);
	CHECK(&t, vt_wait(&t, want, WAIT), "the balance shown is not the new %s", want);
	vt_fkey(&t, 5);
	CHECK(&t, vt_wait(&t, "确认兑换吗", WAIT) && vt_has(&t, want), "F5 did not ask again");
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "兑换成功", WAIT), "the redemption failed");
out:
	stop(&t);
}

/* F5 with a cart beyond the stock or over a monthly limit (another
 * counter got there first) is refused at once, saying what to take out;
 * the limit says 本月已兑 N / 上限 M at 80 columns. */
static void test_refused_limit_and_stock(fixture *fx)
{
	vt_term t;
	char keys[128], want[160];
	jf_item lim;
	int have_lim = 0;
	jf_db *db = db_open(fx);
	jf_item *items = NULL;
	size_t n = 0;
	if (db && jf_item_list(db, 0, &items, &n) == JF_OK)
		for (size_t i = 0; i < n && !have_lim; i++)
			if (items[i].monthly_limit > 0 && items[i].monthly_limit < 5 &&
			    jf_text_width(items[i].name) <= 12 &&
			    (!jf_item_kind_stocked(items[i].kind) ||
			     items[i].stock > items[i].monthly_limit + 2) &&
			    items[i].id != fx->zj.id) {
				lim = items[i];
				have_lim = 1;
			}
	free(items);
	jf_db_close(db);
	if (!CHECK(NULL, have_lim, "the demo has no item with a small monthly limit"))
		return;
	if (!start(&t, fx, 24, 80, NULL, NULL) || !login(&t, "counter"))
		goto out;
	snprintf(keys, sizeof keys, "%s\r", fx->rich.card);
	vt_type(&t, keys);
	CHECK(&t, vt_wait(&t, "最近记录", WAIT), "the card did not pick");
	snprintf(keys, sizeof keys, "%s\r", lim.code);
	vt_type(&t, keys);
	for (int64_t i = 1; i < lim.monthly_limit; i++)
		vt_type(&t, "+");
	snprintf(want, sizeof want, "x%lld", (long long)lim.monthly_limit);
	CHECK(&t, vt_wait(&t, want, WAIT), "the cart does not hold %s", want);
	/* another counter redeems one for the same resident */
	const char *red[] = {"redeem", fx->rich.card, lim.code, NULL};
	CHECK(&t, cli(fx, "counter", red) == 0, "jifen redeem failed");
	vt_fkey(&t, 5);
	snprintf(want, sizeof want, "本月已兑 1 / 上限 %lld", (long long)lim.monthly_limit);
	CHECK(&t, vt_wait(&t, want, WAIT), "F5 over the limit does not say %s", want);
	CHECK(&t, vt_has(&t, "请从购物车减去 1"), "the refusal does not say what to take out");
	CHECK(&t, !vt_has(&t, "确认兑换吗"), "F5 asked to confirm a cart over the limit");
	/* take one out: now beyond the stock, after a count elsewhere */
	vt_type(&t, "-");
	int64_t left = lim.monthly_limit - 1;
	if (jf_item_kind_stocked(lim.kind) && left > 0) {
		char cnt[32];
		snprintf(cnt, sizeof cnt, "%lld", (long long)(left - 1));
		const char *count[] = {"stock", "count", lim.code, cnt, NULL};
		CHECK(&t, cli(fx, "admin", count) == 0, "jifen stock count failed");
		vt_fkey(&t, 5);
		CHECK(&t, vt_wait(&t, jf_status_message(JF_OUT_OF_STOCK), WAIT),
		      "F5 beyond the stock is not refused");
		CHECK(&t, vt_has(&t, "请从购物车减去 1"), "the refusal does not say what to take out");
		CHECK(&t, !vt_has(&t, "确认兑换吗"), "F5 asked to confirm a cart beyond the stock");
	}
out:
	stop(&t);
}

/* A resident's card scanned while a resident is open: the same one is
 * "already open", another keeps its message; neither stays in the filter. */
static void test_scan_while_open(fixture *fx)
{
	vt_term t;
	char keys[128];
	if (!start(&t, fx, 24, 80, NULL, NULL) || !login(&t, "counter"))
		goto out;
	snprintf(keys, sizeof keys, "%s\r", fx->rich.card);
	vt_type(&t, keys);
	CHECK(&t, vt_wait(&t, "最近记录", WAIT), "the card did not pick");
	vt_type(&t, keys);
	CHECK(&t, vt_wait(&t, "已经打开", WAIT), "the same card is not taken as already open");
	CHECK(&t, !vt_has(&t, fx->rich.card), "the card stays in the item filter");
	CHECK(&t, !vt_has(&t, "没有匹配"), "the card was taken for an item");
	/* another resident's card with a cart: today's message, filter empty */
	vt_type(&t, fx->zj.code);
	enter(&t);
	CHECK(&t, vt_wait(&t, "x1", WAIT), "%s was not added", fx->zj.name);
	snprintf(keys, sizeof keys, "%s\r", fx->poor.card);
	vt_type(&t, keys);
	CHECK(&t, vt_wait(&t, "先给", WAIT), "another resident's card does not say so");
	CHECK(&t, !vt_has(&t, fx->poor.card), "the other card stays in the item filter");
	CHECK(&t, vt_has(&t, "x1"), "the cart changed");
out:
	stop(&t);
}

/* The same item for a query at the counter as on the command line
 * (jf_item_resolve, what `jifen redeem` uses). */
static void test_match_like_cli(fixture *fx)
{
	vt_term t;
	static const char *const queries[] = {"zj", "ZJ", "dm", "纸巾"};
	jf_item want[4];
	int have[4] = {0};
	jf_db *db = db_open(fx);
	/* an item listed before 纸巾 whose pinyin starts with zj and whose
	 * name holds 纸巾: the old counter took it for "zj" and "纸巾" */
	jf_op *admin = NULL;
	jf_item box;
	memset(&box, 0, sizeof box);
	snprintf(box.code, sizeof box.code, "%s", "A00");
	snprintf(box.name, sizeof box.name, "%s", "纸巾盒");
	snprintf(box.unit, sizeof box.unit, "%s", "个");
	box.kind = fx->zj.kind;
	box.points = 1;
	box.valid_days = 30;
	int64_t box_id = 0;
	int added = db && jf_login(db, "admin", PIN, &admin) == JF_OK &&
	            jf_item_add(db, admin, &box, &box_id) == JF_OK &&
	            jf_stock_in(db, admin, box_id, 10, 0, NULL) == JF_OK;
	jf_op_free(admin);
	if (!CHECK(NULL, added, "cannot add 纸巾盒: %s", db ? jf_db_error(db) : "no database")) {
		jf_db_close(db);
		return;
	}
	for (int i = 0; i < 4; i++)
		have[i] = db && jf_item_resolve(db, queries[i], &want[i]) == JF_OK;
	jf_db_close(db);
	if (!start(&t, fx, 24, 100, NULL, NULL) || !login(&t, "counter"))
		goto out;
	char keys[128];
	snprintf(keys, sizeof keys, "%s\r", fx->rich.card);
	vt_type(&t, keys);
	CHECK(&t, vt_wait(&t, "最近记录", WAIT), "the card did not pick");
	for (int i = 0; i < 4; i++) {
		if (!have[i])
			continue;
		vt_type(&t, queries[i]);
		enter(&t);
		char msg[160];
		snprintf(msg, sizeof msg, "已加入 %s，", want[i].name);
		CHECK(&t, vt_wait(&t, msg, WAIT), "\"%s\" at the counter is not %s as on the command line",
		      queries[i], want[i].name);
		vt_key(&t, VTERM_KEY_TAB, VTERM_MOD_NONE);
		vt_key(&t, VTERM_KEY_DEL, VTERM_MOD_NONE);
		vt_settle(&t, 50, 500);
		vt_key(&t, VTERM_KEY_TAB, VTERM_MOD_NONE);
		vt_settle(&t, 50, 500);
	}
out:
	stop(&t);
}

/* Another counter holds the database: the commit waits for it (1 second:
 * busy_wait in jifen.conf, not the default 5), then fails with a clear
 * message, the cart stays, and the next try goes through, once. */
static void test_locked_database(fixture *fx)
{
	vt_term t;
	sqlite3 *other = NULL;
	int64_t before = balance_of(fx, fx->dmy.id);
	char conf[300], env_conf[320];
	snprintf(conf, sizeof conf, "%s/busy.conf", fx->dir);
	snprintf(env_conf, sizeof env_conf, "JIFEN_CONFIG=%s", conf);
	FILE *f = fopen(conf, "w");
	if (!CHECK(NULL, f != NULL, "cannot write %s", conf))
		return;
	fputs("busy_wait = 1\n", f);
	fclose(f);
	const char *env[] = {env_conf, NULL};
	if (!start(&t, fx, 24, 80, NULL, env) || !login(&t, "counter"))
		goto out;
	vt_type(&t, "dmy");
	enter(&t);
	vt_type(&t, "zj");
	enter(&t);
	CHECK(&t, vt_wait(&t, "x1", WAIT), "the item was not added");
	if (!CHECK(&t,
	           sqlite3_open(fx->db, &other) == SQLITE_OK &&
	               sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK,
	           "could not lock the database: %s", sqlite3_errmsg(other)))
		goto out;
	vt_fkey(&t, 5);
	CHECK(&t, vt_wait(&t, "确认兑换吗", WAIT), "F5 did not ask");
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	vt_type(&t, "y");
	/* the core waits for the other writer before it gives up */
	CHECK(&t, vt_wait(&t, jf_status_message(JF_DB_BUSY), 4 * WAIT),
	      "a locked database does not say %s", jf_status_message(JF_DB_BUSY));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long waited = (t1.tv_sec - t0.tv_sec) * 1000L + (t1.tv_nsec - t0.tv_nsec) / 1000000L;
	/* (the default would be 5 s) */
	CHECK(&t, waited >= 900 && waited < 4500,
	      "it gave up after %ld ms, not after busy_wait's 1 s", waited);
	CHECK(&t, vt_has(&t, "x1") && on_screen(&t, "柜台"), "the cart was not kept");
	sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(other);
	other = NULL;
	CHECK(&t, balance_of(fx, fx->dmy.id) == before, "the failed commit charged");
	vt_fkey(&t, 5);
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "小票号", WAIT), "the second try made no receipt");
	CHECK(&t, balance_of(fx, fx->dmy.id) == before - fx->zj.points,
	      "the second try did not charge once");
out:
	if (other) {
		sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close(other);
	}
	stop(&t);
}

/* A printer that works gets the receipt; one that fails never undoes the
 * redemption, says why, and leaves the receipt waiting for a reprint. */
static void test_printer(fixture *fx)
{
	char conf[300], out[300], bad_conf[300];
	snprintf(out, sizeof out, "%s/printer.out", fx->dir);
	snprintf(conf, sizeof conf, "%s/good.conf", fx->dir);
	snprintf(bad_conf, sizeof bad_conf, "%s/bad.conf", fx->dir);
	FILE *f = fopen(conf, "w");
	if (!CHECK(NULL, f != NULL, "cannot write %s", conf))
		return;
	fprintf(f, "[printer]\ndevice = %s\n", out);
	fclose(f);
	/* a device file exists before anything is printed on it */
	f = fopen(out, "w");
	if (!CHECK(NULL, f != NULL, "cannot make %s", out))
		return;
	fclose(f);
	f = fopen(bad_conf, "w");
	if (!CHECK(NULL, f != NULL, "cannot write %s", bad_conf))
		return;
	fprintf(f, "[printer]\ndevice = %s/no-such-dir/lp0\n", fx->dir);
	fclose(f);

	for (int good = 1; good >= 0; good--) {
		char env_conf[400];
		snprintf(env_conf, sizeof env_conf, "JIFEN_CONFIG=%s", good ? conf : bad_conf);
		const char *env[] = {env_conf, NULL};
		vt_term t;
		int64_t before = balance_of(fx, fx->rich.id);
		if (!start(&t, fx, 24, 80, NULL, env) || !login(&t, "counter")) {
			stop(&t);
			continue;
		}
		char card[128];
		snprintf(card, sizeof card, "%s\r%s\r", fx->rich.card, fx->zj.code);
		vt_type(&t, card);
		CHECK(&t, vt_wait(&t, "x1", WAIT), "the item was not added");
		vt_fkey(&t, 5);
		vt_type(&t, "y");
		CHECK(&t, vt_wait(&t, "兑换后余额", WAIT), "no receipt");
		CHECK(&t, vt_wait(&t, good ? "小票已打印" : "打印失败", WAIT),
		      good ? "printing is not confirmed" : "a failed print is not said");
		CHECK(&t, balance_of(fx, fx->rich.id) == before - fx->zj.points,
		      "the redemption did not stand");
		jf_entry e;
		last_entry(fx, fx->rich.id, &e);
		jf_db *db = db_open(fx);
		jf_receipt_pending *p = NULL;
		size_t n = 0, waiting = 0;
		if (db && jf_receipt_pending_list(db, NULL, &p, &n) == JF_OK)
			for (size_t i = 0; i < n; i++)
				waiting += strcmp(p[i].no, e.receipt_no) == 0;
		free(p);
		jf_db_close(db);
		CHECK(&t, waiting == (good ? 0u : 1u), "receipt %s: %zu waiting to print",
		      e.receipt_no, waiting);
		if (good) {
			struct stat sb;
			CHECK(&t, stat(out, &sb) == 0 && sb.st_size > 100,
			      "nothing reached the printer file");
		}
		stop(&t);
	}
}

/* A failed print (issue 11): a short message that fits 80 columns, the
 * receipt stays whatever is typed, F6 prints it again without a staff
 * login once the printer is back; Esc on another leaves it unprinted. */
static void test_print_again(fixture *fx)
{
	char conf[300], dev_dir[300], dev[320], env_conf[400];
	snprintf(conf, sizeof conf, "%s/later.conf", fx->dir);
	snprintf(dev_dir, sizeof dev_dir, "%s/later", fx->dir);
	snprintf(dev, sizeof dev, "%s/lp0", dev_dir);
	FILE *f = fopen(conf, "w");
	if (!CHECK(NULL, f != NULL, "cannot write %s", conf))
		return;
	fprintf(f, "[printer]\ndevice = %s\n", dev);
	fclose(f);
	snprintf(env_conf, sizeof env_conf, "JIFEN_CONFIG=%s", conf);
	const char *env[] = {env_conf, NULL};
	vt_term t;
	size_t before = 0;
	jf_db *db = db_open(fx);
	jf_receipt_pending *p = NULL;
	size_t n = 0;
	if (db && jf_receipt_pending_list(db, NULL, &p, &n) == JF_OK)
		before = n;
	free(p);
	jf_db_close(db);
	if (!start(&t, fx, 24, 80, NULL, env) || !login(&t, "counter"))
		goto out;
	char card[128];
	snprintf(card, sizeof card, "%s\r%s\r", fx->rich.card, fx->zj.code);
	vt_type(&t, card);
	CHECK(&t, vt_wait(&t, "x1", WAIT), "the item was not added");
	vt_fkey(&t, 5);
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "打印失败", WAIT), "a failed print is not said");
	/* the whole message on screen, not cut */
	CHECK(&t, vt_has(&t, "Esc 不打印"), "the failed print's message is cut");
	/* typing does not lose the receipt */
	vt_type(&t, "x");
	vt_key(&t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	vt_settle(&t, 80, 2000);
	CHECK(&t, vt_has(&t, "兑换后余额"), "the unprinted receipt went away");
	/* the printer is back: F6 prints it, no staff login */
	mkdir(dev_dir, 0700);
	f = fopen(dev, "w");
	if (f)
		fclose(f);
	vt_fkey(&t, 6);
	CHECK(&t, vt_wait(&t, "小票已打印", WAIT), "F6 did not print the receipt again");
	struct stat sb;
	CHECK(&t, stat(dev, &sb) == 0 && sb.st_size > 100, "nothing reached the printer");
	db = db_open(fx);
	p = NULL;
	n = 0;
	if (db && jf_receipt_pending_list(db, NULL, &p, &n) == JF_OK)
		CHECK(&t, n == before, "%zu receipts wait to print, not %zu", n, before);
	free(p);
	jf_db_close(db);
	/* now any key goes on */
	vt_key(&t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	CHECK(&t, vt_wait_gone(&t, "兑换后余额", WAIT), "the printed receipt stayed");
	/* another, printer gone again: Esc dismisses, the receipt waits */
	unlink(dev);
	rmdir(dev_dir);
	vt_type(&t, card);
	CHECK(&t, vt_wait(&t, "x1", WAIT), "the item was not added again");
	vt_fkey(&t, 5);
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "打印失败", WAIT), "the second failed print is not said");
	vt_key(&t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	CHECK(&t, vt_wait_gone(&t, "兑换后余额", WAIT), "Esc did not dismiss the receipt");
	db = db_open(fx);
	p = NULL;
	n = 0;
	if (db && jf_receipt_pending_list(db, NULL, &p, &n) == JF_OK)
		CHECK(&t, n == before + 1, "%zu receipts wait to print, not %zu", n, before + 1);
	free(p);
	jf_db_close(db);
out:
	stop(&t);
}

/* English plurals (issue 11): one piece in the cart is "1 item". */
static void test_english_plural(fixture *fx)
{
	char conf[300], env_conf[400];
	snprintf(conf, sizeof conf, "%s/en.conf", fx->dir);
	FILE *f = fopen(conf, "w");
	if (!CHECK(NULL, f != NULL, "cannot write %s", conf))
		return;
	fputs("language = en\n", f);
	fclose(f);
	snprintf(env_conf, sizeof env_conf, "JIFEN_CONFIG=%s", conf);
	const char *env[] = {env_conf, NULL};
	char *argv[] = {(char *)jifen, "--lang", "en", "-d", (char *)fx->db, NULL};
	vt_term t;
	if (vt_start(&t, 24, 80, argv, env) != 0)
		return;
	CHECK(&t, vt_wait(&t, "PIN", WAIT), "no English login screen");
	vt_type(&t, "counter");
	enter(&t);
	vt_type(&t, PIN);
	enter(&t);
	vt_settle(&t, 200, 3000);
	char card[128];
	snprintf(card, sizeof card, "%s\r%s\r", fx->rich.card, fx->zj.code);
	vt_type(&t, card);
	CHECK(&t, vt_wait(&t, "x1", WAIT), "the item was not added");
	vt_fkey(&t, 5);
	CHECK(&t, vt_wait(&t, "Redeem?", WAIT), "no English confirmation");
	CHECK(&t, vt_has(&t, "1 item,") && !vt_has(&t, "1 items"), "one piece is not \"1 item\"");
	vt_type(&t, "n");
	vt_settle(&t, 100, 2000);
	/* out: Esc, F10 twice (the last asks), y */
	for (int i = 0; i < 8 && vt_alive(&t); i++) {
		if (vt_has(&t, "Close the counter program") || vt_has(&t, "empty the cart?"))
			vt_type(&t, "y");
		else if (i < 2)
			vt_key(&t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
		else
			vt_fkey(&t, 10);
		vt_settle(&t, 100, 2000);
	}
	CHECK(NULL, vt_finish(&t, WAIT) == 0, "the program did not end cleanly");
}

/* Items over the monthly limit or out of stock are marked and cannot be
 * added; the core agrees. */
static void test_limits_and_stock(fixture *fx)
{
	vt_term t;
	jf_item lim, gone;
	int have_lim = 0, have_gone = 0;
	jf_db *db = db_open(fx);
	jf_item *items = NULL;
	size_t n = 0;
	jf_op *admin = NULL;
	if (db && jf_item_list(db, 0, &items, &n) == JF_OK) {
		for (size_t i = 0; i < n; i++) {
			const jf_item *it = &items[i];
			int stocked = jf_item_kind_stocked(it->kind);
			if (!have_lim && it->monthly_limit > 0 && it->monthly_limit < 5 &&
			    (!stocked || it->stock > it->monthly_limit) && it->id != fx->zj.id) {
				lim = *it;
				have_lim = 1;
			} else if (!have_gone && stocked && it->id != fx->zj.id) {
				gone = *it;
				have_gone = 1;
			}
		}
	}
	free(items);
	/* a physical count of zero empties one item */
	if (have_gone && jf_login(db, "admin", PIN, &admin) == JF_OK &&
	    jf_stock_count(db, admin, gone.id, 0, "屏幕测试") != JF_OK)
		have_gone = 0;
	jf_op_free(admin);
	jf_db_close(db);
	if (!CHECK(NULL, have_lim && have_gone, "the demo has no item with a monthly limit"))
		return;
	if (!start(&t, fx, 24, 80, NULL, NULL) || !login(&t, "counter"))
		goto out;
	char keys[256];
	snprintf(keys, sizeof keys, "%s\r", fx->rich.card);
	vt_type(&t, keys);
	CHECK(&t, vt_wait(&t, "最近记录", WAIT), "the card did not pick");
	/* out of stock: marked, refused */
	vt_type(&t, gone.code);
	CHECK(&t, vt_wait(&t, "缺货", WAIT), "%s is not marked 缺货", gone.name);
	enter(&t);
	CHECK(&t, vt_wait(&t, "不能加入", WAIT), "an item out of stock was added");
	CHECK(&t, vt_has(&t, "（空）"), "the cart is not empty");
	/* up to the limit and not one more */
	vt_ctrl(&t, 'u');
	snprintf(keys, sizeof keys, "%s\r", lim.code);
	vt_type(&t, keys);
	for (int64_t i = 1; i < lim.monthly_limit; i++)
		vt_type(&t, "+");
	char want[32];
	snprintf(want, sizeof want, "x%lld", (long long)lim.monthly_limit);
	CHECK(&t, vt_wait(&t, want, WAIT), "the cart does not hold %s", want);
	vt_type(&t, "+");
	CHECK(&t, vt_wait(&t, "超限", WAIT), "one over the monthly limit is not refused");
	CHECK(&t, vt_has(&t, want), "the cart changed past the limit");
	vt_fkey(&t, 5);
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "兑换后余额", WAIT), "the redemption at the limit failed");
	enter(&t);
	/* next time this month: marked and refused */
	snprintf(keys, sizeof keys, "%s\r", fx->rich.card);
	vt_type(&t, keys);
	CHECK(&t, vt_wait(&t, "最近记录", WAIT), "the card did not pick again");
	vt_type(&t, lim.code);
	CHECK(&t, vt_wait(&t, "超限", WAIT), "%s is not marked 超限", lim.name);
	enter(&t);
	CHECK(&t, vt_wait(&t, "不能加入", WAIT) && vt_has(&t, "（空）"),
	      "an item over the limit was added");
out:
	stop(&t);
}

static void test_resize(fixture *fx)
{
	vt_term t;
	int64_t before = balance_of(fx, fx->dmy.id);
	if (!start(&t, fx, 24, 80, NULL, NULL) || !login(&t, "counter"))
		goto out;
	vt_type(&t, "dmy");
	enter(&t);
	vt_type(&t, "zj");
	enter(&t);
	vt_type(&t, "+");
	CHECK(&t, vt_wait(&t, "x2", WAIT), "the cart has not two");
	vt_type(&t, "-");
	CHECK(&t, vt_wait(&t, "x1", WAIT), "the cart has not one");
	vt_resize(&t, 20, 60);
	CHECK(&t, vt_wait(&t, "窗口太小", WAIT), "60x20 does not say 窗口太小");
	/* keys while too small change nothing */
	vt_type(&t, "-");
	vt_settle(&t, 100, 1000);
	vt_resize(&t, 24, 80);
	CHECK(&t, vt_wait_gone(&t, "窗口太小", WAIT), "back at 80x24 still too small");
	CHECK(&t, vt_wait(&t, "x1", WAIT) && vt_has(&t, fx->dmy.name),
	      "the cart or the resident was lost");
	/* a larger terminal is used */
	vt_resize(&t, 50, 120);
	vt_settle(&t, 150, 3000);
	CHECK(&t, vt_has(&t, "x1"), "the cart is gone at 120x50");
	int r, c;
	CHECK(&t, vt_find(&t, "结账后余额", &r, &c) && r > 24, "the larger screen is not used");
	vt_fkey(&t, 5);
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "小票号", WAIT), "no receipt after the resize");
	/* at 120x50 the QR is drawn two columns per module in reverse video */
	char qr[512] = "";
	CHECK(&t, vt_decode_qr(&t, qr, sizeof qr) && strstr(qr, "爱心超市") && strstr(qr, "\nJF2."),
	      "no readable QR at 120x50 (%s)", qr);
	CHECK(&t, !vt_has(&t, "\xE2\x96\x80") && !vt_has(&t, "\xE2\x96\x84"),
	      "half blocks used where the wide QR fits");
	CHECK(&t, balance_of(fx, fx->dmy.id) == before - fx->zj.points,
	      "the redemption after the resize is wrong");
out:
	stop(&t);
}

static void test_monochrome_and_help(fixture *fx)
{
	vt_term t;
	const char *env[] = {"NO_COLOR=1", NULL};
	if (!start(&t, fx, 24, 80, NULL, env) || !login(&t, "counter"))
		goto out;
	vt_type(&t, "dmy");
	int r, c;
	if (CHECK(&t, vt_wait(&t, fx->dmy.name, WAIT) && vt_find(&t, fx->dmy.name, &r, &c),
	          "no match"))
		CHECK(&t, vt_cell_reverse(&t, r, c),
		      "without colour the highlight is not reverse video");
	/* the key bar names F5 and its Ctrl alternative */
	char bar[4096];
	vt_row(&t, 23, bar, sizeof bar);
	CHECK(&t, strstr(bar, "F5") && strstr(bar, "结账") && strstr(bar, "F1"),
	      "the key bar lacks F1 or F5: %s", bar);
	vt_fkey(&t, 1);
	CHECK(&t, vt_wait(&t, "按键一览", WAIT), "F1 shows no help");
	CHECK(&t, vt_has(&t, "^E") && vt_has(&t, "结账"), "the help lacks the ^E alternative");
	vt_type(&t, "x");
	CHECK(&t, vt_wait_gone(&t, "按键一览", WAIT), "a key did not close the help");
	CHECK(&t, vt_has(&t, "dmy"), "the lookup was lost behind the help");
	/* the Ctrl alternative of F1 */
	vt_ctrl(&t, 'g');
	CHECK(&t, vt_wait(&t, "按键一览", WAIT), "^G shows no help");
	vt_key(&t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	CHECK(&t, vt_wait_gone(&t, "按键一览", WAIT), "Esc did not close the help");
out:
	stop(&t);
}

static void test_staff_void(fixture *fx)
{
	vt_term t;
	int64_t before = balance_of(fx, fx->dmy.id);
	if (!start(&t, fx, 24, 80, NULL, NULL) || !login(&t, "staff"))
		goto out;
	CHECK(&t, vt_wait(&t, "F7", WAIT) && vt_has(&t, "作废"), "the staff key bar lacks F7 作废");
	vt_type(&t, "dmy");
	enter(&t);
	vt_type(&t, "zj");
	enter(&t);
	vt_fkey(&t, 5);
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "小票号", WAIT), "no receipt");
	jf_entry e;
	last_entry(fx, fx->dmy.id, &e);
	char no[64];
	snprintf(no, sizeof no, "%s", e.receipt_no);
	enter(&t);
	vt_fkey(&t, 7);
	CHECK(&t, vt_wait(&t, "作废原因", WAIT), "F7 did not open the void form");
	vt_type(&t, no);
	enter(&t);
	enter(&t);
	CHECK(&t, vt_wait(&t, "请填写作废原因", WAIT), "an empty reason was not refused");
	vt_type(&t, "拿错了物品");
	enter(&t);
	CHECK(&t, vt_wait(&t, "确认作废吗", WAIT), "no confirmation");
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "已作废小票", WAIT), "the void was not confirmed on screen");
	CHECK(&t, balance_of(fx, fx->dmy.id) == before, "the points did not come back");
	last_entry(fx, fx->dmy.id, &e);
	CHECK(&t, strcmp(e.kind, "void") == 0, "the last entry is %s, not void", e.kind);
	/* the same receipt twice: the core refuses, the screen says why */
	vt_fkey(&t, 7);
	vt_type(&t, no);
	enter(&t);
	vt_type(&t, "again");
	enter(&t);
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, jf_status_message(JF_ALREADY_VOIDED), WAIT),
	      "a second void does not say %s", jf_status_message(JF_ALREADY_VOIDED));
	CHECK(&t, balance_of(fx, fx->dmy.id) == before, "voided twice");
	vt_key(&t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	vt_settle(&t, 100, 2000);
	vt_key(&t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	vt_settle(&t, 100, 2000);
	/* reprint: an unknown number is refused, the voided one shown again */
	vt_fkey(&t, 8);
	CHECK(&t, vt_wait(&t, "补打小票", WAIT), "F8 did not open the reprint form");
	vt_type(&t, "NO-SUCH-1");
	enter(&t);
	CHECK(&t, vt_wait(&t, jf_status_message(JF_NOT_FOUND), WAIT),
	      "an unknown receipt is not refused");
	vt_ctrl(&t, 'u');
	vt_type(&t, no);
	enter(&t);
	CHECK(&t, vt_wait(&t, "兑换后余额", WAIT) && vt_has(&t, no),
	      "the receipt was not shown again");
	CHECK(&t, vt_has(&t, "已作废"), "the reprint does not say it was voided");
	char qr[512] = "";
	if (CHECK(&t, vt_decode_qr(&t, qr, sizeof qr), "no readable QR on the reprint")) {
		jf_db *db = db_open(fx);
		jf_verification v;
		memset(&v, 0, sizeof v);
		CHECK(&t,
		      db && jf_receipt_verify(db, qr, &v) == JF_OK &&
		          v.verdict == JF_VERDICT_VOIDED,
		      "the reprint's QR does not check as voided (%s)", v.why);
		jf_db_close(db);
	}
	enter(&t);
	CHECK(&t, vt_wait(&t, "查找居民", WAIT), "a key did not close the reprint");
out:
	stop(&t);
}

/* A coupon taken by its merchant: F7 does not void its receipt silently; a
 * second confirmation makes it an explicit refund, named in the ledger. */
/* The void form shows the receipt before the reason (resident, items,
 * points, time), takes a scanned QR's whole text, and gives a bare
 * sequence number the format (issue 11). */
static void test_void_eyes_open(fixture *fx)
{
	char no[64] = "", payload[600] = "";
	jf_db *db = db_open(fx);
	jf_op *staff = NULL;
	int64_t before = 0;
	if (db && jf_login(db, "staff", "2468", &staff) == JF_OK) {
		jf_cart_line line = {.item_id = fx->zj.id, .qty = 2};
		jf_redeem_result res;
		jf_receipt r;
		if (jf_redeem(db, staff, fx->rich.id, &line, 1, &res) == JF_OK &&
		    jf_receipt_load(db, res.receipt_no, &r) == JF_OK) {
			snprintf(no, sizeof no, "%s", res.receipt_no);
			/* as a phone's scanner sends a URL with the payload */
			snprintf(payload, sizeof payload, "https://example.org/v?p=%s", r.payload);
			jf_receipt_free(&r);
		}
	}
	jf_op_free(staff);
	jf_db_close(db);
	if (!CHECK(NULL, no[0], "no receipt to void"))
		return;
	before = balance_of(fx, fx->rich.id);
	vt_term t;
	if (!start(&t, fx, 24, 80, NULL, NULL) || !login(&t, "staff"))
		goto out;
	vt_fkey(&t, 7);
	CHECK(&t, vt_wait(&t, "作废原因", WAIT), "F7 did not open the void form");
	/* a bare sequence number: the format, not a confirmation */
	vt_type(&t, "2");
	enter(&t);
	CHECK(&t, vt_wait(&t, "日期-序号", WAIT), "a short number gets no format hint");
	CHECK(&t, !vt_has(&t, "确认作废吗"), "a short number went on to the confirmation");
	vt_ctrl(&t, 'u');
	/* the QR's whole text */
	vt_type(&t, payload);
	enter(&t);
	CHECK(&t, vt_wait(&t, "合计", WAIT) && vt_has(&t, "纸巾") && vt_has(&t, "x2") &&
	              vt_has(&t, "钱*多"),
	      "the receipt (resident, items, points) is not shown before the reason");
	CHECK(&t, vt_has(&t, no), "the scanned QR did not become the number %s", no);
	CHECK(&t, balance_of(fx, fx->rich.id) == before, "voided before the reason");
	vt_type(&t, "扫码作废");
	enter(&t);
	CHECK(&t, vt_wait(&t, "确认作废吗", WAIT) && vt_has(&t, "钱*多"),
	      "the confirmation does not name the receipt's resident");
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "已作废小票", WAIT), "the void was not done");
	CHECK(&t, balance_of(fx, fx->rich.id) == before + 2 * fx->zj.points,
	      "the points did not come back");
out:
	stop(&t);
}

static void test_void_delivered(fixture *fx)
{
	char no[64] = "";
	int64_t vid = 0;
	jf_db *db = db_open(fx);
	jf_op *staff = NULL;
	jf_item it;
	if (db && jf_login(db, "staff", "2468", &staff) == JF_OK &&
	    jf_item_resolve(db, "QJ02", &it) == JF_OK) {
		jf_cart_line line = {.item_id = it.id, .qty = 1};
		jf_redeem_result res;
		jf_voucher_entry *v = NULL;
		size_t n = 0;
		if (jf_redeem(db, staff, fx->rich.id, &line, 1, &res) == JF_OK &&
		    jf_voucher_of_receipt(db, res.receipt_id, &v, &n) == JF_OK && n == 1 &&
		    jf_voucher_fulfil(db, staff, v[0].id, NULL) == JF_OK) {
			snprintf(no, sizeof no, "%s", res.receipt_no);
			vid = v[0].id;
		}
		free(v);
	}
	jf_op_free(staff);
	jf_db_close(db);
	if (!CHECK(NULL, vid > 0, "no used coupon to void"))
		return;
	int64_t before = balance_of(fx, fx->rich.id);
	vt_term t;
	if (!start(&t, fx, 24, 80, NULL, NULL) || !login(&t, "staff"))
		goto out;
	vt_fkey(&t, 7);
	CHECK(&t, vt_wait(&t, "作废原因", WAIT), "F7 did not open the void form");
	vt_type(&t, no);
	enter(&t);
	vt_type(&t, "居民说没收到");
	enter(&t);
	CHECK(&t, vt_wait(&t, "确认作废吗", WAIT), "no confirmation");
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "仍要作为退款作废", WAIT), "a delivered coupon is not asked about");
	CHECK(&t, balance_of(fx, fx->rich.id) == before, "voided before the refund was confirmed");
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "已作废小票", WAIT), "the refund was not confirmed on screen");
	CHECK(&t, balance_of(fx, fx->rich.id) == before + it.points, "the points did not come back");
	jf_entry e;
	last_entry(fx, fx->rich.id, &e);
	char want[64];
	snprintf(want, sizeof want, "服务券 #%lld", (long long)vid);
	CHECK(&t, strcmp(e.kind, "void") == 0 && strstr(e.note, "退还已服务的兑换") &&
	              strstr(e.note, want) && strstr(e.note, "居民说没收到"),
	      "the refund's entry is %s \"%s\"", e.kind, e.note);
out:
	stop(&t);
}

static void test_volunteer_no_void(fixture *fx)
{
	vt_term t;
	if (!start(&t, fx, 24, 80, NULL, NULL) || !login(&t, "counter"))
		goto out;
	char bar[4096];
	vt_row(&t, 23, bar, sizeof bar);
	CHECK(&t, !strstr(bar, "作废"), "a volunteer is offered 作废: %s", bar);
	vt_fkey(&t, 7);
	CHECK(&t, vt_wait(&t, "需要工作人员登录", WAIT), "F7 for a volunteer does not refuse");
out:
	stop(&t);
}

/* --- every key of the action table on every screen ------------------------ */

/* --- a real day: the cart, the receipt, dialogs ---------------------------- */

/* Pick `card`'s resident and put `code` in the cart; 1 if the cart shows
 * x1. */
static int cart_of_one(vt_term *t, const char *card, const char *code)
{
	char burst[256];
	snprintf(burst, sizeof burst, "%s\r", card);
	vt_type(t, burst);
	if (!vt_wait(t, "最近记录", WAIT))
		return 0;
	snprintf(burst, sizeof burst, "%s\r", code);
	vt_type(t, burst);
	return vt_wait(t, "x1", WAIT);
}

/* Esc, F2, an Alt-key and an unknown escape sequence with something in
 * the cart: the cart stays until the volunteer says y; backing out of the
 * staff screens with a burst of Esc never empties it. */
static void test_cart_never_lost(fixture *fx)
{
	vt_term t;
	int64_t before = balance_of(fx, fx->dmy.id);
	if (!start(&t, fx, 24, 80, NULL, NULL) || !login(&t, "admin"))
		goto out;
	if (!CHECK(&t, cart_of_one(&t, fx->dmy.card, fx->zj.code), "no cart of one"))
		goto out;
	vt_key(&t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	CHECK(&t, vt_wait(&t, "清空购物车吗", WAIT), "Esc with a cart did not ask");
	vt_type(&t, "n");
	CHECK(&t, vt_wait_gone(&t, "清空购物车吗", WAIT) && vt_has(&t, "x1") &&
	          vt_has(&t, "最近记录"),
	      "n did not keep the resident and the cart");
	vt_fkey(&t, 2);
	CHECK(&t, vt_wait(&t, "清空购物车吗", WAIT), "F2 with a cart did not ask");
	vt_key(&t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	CHECK(&t, vt_wait_gone(&t, "清空购物车吗", WAIT) && vt_has(&t, "x1"),
	      "Esc on the question did not keep the cart");
	/* Alt-y, Alt-x and a sequence no terminal description names */
	vt_type(&t, "\033y");
	CHECK(&t, vt_wait(&t, "不认识的按键", WAIT), "Alt-y was not refused as unknown");
	vt_type(&t, "\033x");
	vt_settle(&t, 100, 2000);
	vt_type(&t, "\033[99;9~");
	vt_settle(&t, 100, 2000);
	CHECK(&t, vt_has(&t, "x1") && vt_has(&t, "最近记录") && !vt_has(&t, "清空购物车吗") &&
	          !vt_has(&t, "[99"),
	      "an Alt-key or unknown sequence touched the cart or was typed");
	/* the staff menu and a staff form, left with more Esc than needed */
	vt_fkey(&t, 9);
	CHECK(&t, vt_wait(&t, "工作人员后台", WAIT), "F9 did not open the staff menu");
	vt_type(&t, "1");
	vt_settle(&t, 100, 2000);
	for (int i = 0; i < 6; i++)
		vt_key(&t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	vt_settle(&t, 150, 3000);
	if (vt_has(&t, "清空购物车吗"))
		vt_type(&t, "n");
	vt_settle(&t, 100, 2000);
	CHECK(&t, on_screen(&t, "柜台") && vt_has(&t, "x1") && vt_has(&t, "最近记录"),
	      "backing out of the staff screens emptied the cart");
	/* y empties it, and nothing was charged */
	vt_key(&t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	CHECK(&t, vt_wait(&t, "清空购物车吗", WAIT), "Esc did not ask again");
	vt_type(&t, "y");
	CHECK(&t, vt_wait(&t, "购物车已清空", WAIT), "y did not leave the resident");
	CHECK(&t, balance_of(fx, fx->dmy.id) == before, "leaving charged the resident");
out:
	stop(&t);
}

/* The first key typed or scanned on the receipt screen is the first of the
 * next lookup: dmy stays dmy, a card scan keeps its first character. */
static void test_receipt_passes_keys(fixture *fx)
{
	vt_term t;
	if (!start(&t, fx, 24, 80, NULL, NULL) || !login(&t, "counter"))
		goto out;
	if (!CHECK(&t, cart_of_one(&t, fx->rich.card, fx->zj.code), "no cart of one"))
		goto out;
	vt_fkey(&t, 5);
	vt_type(&t, "y");
	if (!CHECK(&t, vt_wait(&t, "小票号", WAIT), "no receipt"))
		goto out;
	vt_settle(&t, 100, 2000);
	vt_type(&t, "dmy");
	CHECK(&t, vt_wait(&t, fx->dmy.name, WAIT) && vt_wait_gone(&t, "小票号", WAIT),
	      "dmy typed on the receipt does not find %s", fx->dmy.name);
	{
		int r, c;
		char row[4096];
		int ok = vt_find(&t, "查找居民", &r, &c);
		if (ok)
			vt_row(&t, r, row, sizeof row);
		CHECK(&t, ok && strstr(row, "dmy") && !strstr(row, " my"),
		      "the lookup does not hold dmy: \"%s\"", ok ? row : "");
	}
	leave_resident(&t);
	vt_key(&t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	vt_settle(&t, 100, 2000);
	/* a card scanned on the receipt picks its resident */
	if (!CHECK(&t, cart_of_one(&t, fx->rich.card, fx->zj.code), "no second cart"))
		goto out;
	vt_fkey(&t, 5);
	vt_type(&t, "y");
	if (!CHECK(&t, vt_wait(&t, "小票号", WAIT), "no second receipt"))
		goto out;
	vt_settle(&t, 100, 2000);
	char burst[256];
	snprintf(burst, sizeof burst, "%s\r", fx->dmy.card);
	vt_type(&t, burst);
	CHECK(&t, vt_wait(&t, "最近记录", WAIT) && vt_has(&t, fx->dmy.name),
	      "a card scanned on the receipt did not pick %s", fx->dmy.name);
out:
	stop(&t);
}

/* A receipt longer than the screen says that more follows, and PgDn shows
 * the rest. */
static void test_long_receipt(fixture *fx)
{
	vt_term t;
	char no[64] = "";
	{
		/* a redemption of many items, made through the core */
		jf_db *db = db_open(fx);
		jf_op *admin = NULL;
		jf_item *items = NULL;
		size_t n = 0, k = 0;
		jf_cart_line lines[14];
		jf_redeem_result res;
		if (db && jf_login(db, "admin", PIN, &admin) == JF_OK &&
		    jf_item_list(db, 0, &items, &n) == JF_OK) {
			for (size_t i = 0; i < n && k < 14; i++)
				if ((!jf_item_kind_stocked(items[i].kind) || items[i].stock > 0) &&
				    items[i].points <= 500)
					lines[k++] = (jf_cart_line){.item_id = items[i].id, .qty = 1};
			if (jf_redeem(db, admin, fx->rich.id, lines, k, &res) == JF_OK)
				snprintf(no, sizeof no, "%s", res.receipt_no);
			else
				fprintf(stderr, "  redeem: %s\n", jf_db_error(db));
		}
		free(items);
		jf_op_free(admin);
		jf_db_close(db);
		if (!CHECK(NULL, no[0] && k >= 10, "no receipt of %zu items", k))
			return;
	}
	if (!start(&t, fx, 24, 80, NULL, NULL) || !login(&t, "admin"))
		goto out;
	vt_fkey(&t, 8);
	CHECK(&t, vt_wait(&t, "补打小票", WAIT), "F8 did not open the reprint form");
	vt_type(&t, no);
	enter(&t);
	if (!CHECK(&t, vt_wait(&t, "小票号", WAIT), "the receipt %s is not shown", no))
		goto out;
	CHECK(&t, vt_wait(&t, "下面还有", WAIT), "a long receipt does not say more follows");
	{
		int r, c;
		CHECK(&t, vt_find(&t, "下面还有", &r, &c) && r == 21,
		      "the more-follows line is not the last row of the body");
	}
	for (int i = 0; i < 4; i++)
		vt_key(&t, VTERM_KEY_PAGEDOWN, VTERM_MOD_NONE);
	CHECK(&t, vt_wait_gone(&t, "下面还有", WAIT) && vt_wait(&t, "按任意键接待下一位", WAIT),
	      "PgDn did not reach the end of the receipt");
	enter(&t);
	vt_settle(&t, 100, 2000);
out:
	stop(&t);
}

/* The confirmation is a box with a border over the counter: nothing of the
 * counter inside it, no wide character cut in half beside it. */
static void test_dialog_box(fixture *fx)
{
	vt_term t;
	/* the long name can afford it, so that F5 asks */
	char card[sizeof fx->longname.card];
	memcpy(card, fx->longname.card, sizeof card);
	const char *adj[] = {"adjust", card, "+50", "--reason", "屏幕测试", NULL};
	if (!CHECK(NULL, cli(fx, "admin", adj) == 0, "jifen adjust failed"))
		return;
	if (!start(&t, fx, 24, 80, NULL, NULL) || !login(&t, "counter"))
		goto out;
	if (!CHECK(&t, cart_of_one(&t, fx->longname.card, fx->zj.code), "no cart of one"))
		goto out;
	vt_fkey(&t, 5);
	if (!CHECK(&t, vt_wait(&t, "确认兑换吗", WAIT), "F5 did not ask"))
		goto out;
	vt_settle(&t, 100, 2000);
	int top = -1, bottom = -1, left = -1, right = -1;
	for (int r = 1; r < t.rows && bottom < 0; r++)
		for (int c = 0; c < t.cols; c++) {
			unsigned ch = vt_cell_char(&t, r, c, NULL);
			if (ch == 0x250C && top < 0) {
				top = r;
				left = c;
			} else if (ch == 0x2510 && r == top) {
				right = c;
			} else if (ch == 0x2514 && top >= 0 && c == left) {
				bottom = r;
			}
		}
	if (!CHECK(&t, top > 0 && bottom > top + 2 && left >= 2 && right > left + 10,
	           "no box with a border around the question (%d,%d)-(%d,%d)", top, left, bottom,
	           right))
		goto out;
	int cut = 0, through = 0, sides = 0;
	for (int r = top; r <= bottom; r++) {
		int w = 0;
		/* no wide character whose right half is under the left border */
		vt_cell_char(&t, r, left - 1, &w);
		cut += w == 2;
		/* the borders are whole cells */
		unsigned lc = vt_cell_char(&t, r, left, &w);
		sides += w == 1 && lc != 0;
		unsigned rc = vt_cell_char(&t, r, right, &w);
		sides += w == 1 && rc != 0;
		/* no wide character whose left half is the right border */
		vt_cell_char(&t, r, right + 1, &w);
		cut += vt_cell_char(&t, r, right + 1, NULL) == 0 && w != 1 && right + 1 < t.cols;
	}
	CHECK(&t, cut == 0, "%d wide characters cut in half beside the box", cut);
	CHECK(&t, sides == 2 * (bottom - top + 1), "the box's sides are not whole");
	/* inside: the question, the prompt and blanks only */
	const char *counter_only[] = {"最近记录", "物品", "筛选", "代码", "购物车", "合计", "电话"};
	for (int r = top + 1; r < bottom; r++) {
		char inside[4096];
		size_t o = 0;
		for (int c = left + 1; c < right && o + 8 < sizeof inside;) {
			int w = 1;
			unsigned ch = vt_cell_char(&t, r, c, &w);
			if (ch == 0)
				ch = ' ';
			if (ch < 0x80) {
				inside[o++] = (char)ch;
			} else if (ch < 0x800) {
				inside[o++] = (char)(0xC0 | (ch >> 6));
				inside[o++] = (char)(0x80 | (ch & 0x3F));
			} else {
				inside[o++] = (char)(0xE0 | ((ch >> 12) & 0x0F));
				inside[o++] = (char)(0x80 | ((ch >> 6) & 0x3F));
				inside[o++] = (char)(0x80 | (ch & 0x3F));
			}
			c += w > 0 ? w : 1;
		}
		inside[o] = '\0';
		for (size_t i = 0; i < sizeof counter_only / sizeof counter_only[0]; i++)
			through += strstr(inside, counter_only[i]) != NULL;
	}
	CHECK(&t, through == 0, "the counter shows through the dialog");
	vt_type(&t, "n");
	vt_settle(&t, 100, 2000);
out:
	stop(&t);
}

static void press(vt_term *t, int key)
{
	if (UI_IS_FKEY(key)) {
		int k = key & ~0x1000000;
		if (k >= KEY_F(1) && k <= KEY_F(24)) {
			vt_fkey(t, k - KEY_F0);
			return;
		}
		VTermKey vk = VTERM_KEY_NONE;
		VTermModifier mod = VTERM_MOD_NONE;
		switch (k) {
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
		case KEY_HOME:
			vk = VTERM_KEY_HOME;
			break;
		case KEY_END:
			vk = VTERM_KEY_END;
			break;
		case KEY_DC:
			vk = VTERM_KEY_DEL;
			break;
		case KEY_IC:
			vk = VTERM_KEY_INS;
			break;
		case KEY_ENTER:
			vk = VTERM_KEY_KP_ENTER;
			break;
		case KEY_BTAB:
			vk = VTERM_KEY_TAB;
			mod = VTERM_MOD_SHIFT;
			break;
		case KEY_BACKSPACE:
			vk = VTERM_KEY_BACKSPACE;
			break;
		default:
			break;
		}
		vt_key(t, vk, mod);
		return;
	}
	switch (key) {
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
	char c[8];
	if (key < 0x80) {
		c[0] = (char)key;
		c[1] = '\0';
		vt_type(t, c);
	}
}

typedef struct {
	unsigned id;
	const char *title; /* in the title bar */
	const char *login; /* operator */
} screen_case;

/* From the counter with no resident picked, to the screen; 1 if it got
 * there. */
static int from_counter(vt_term *t, const fixture *fx, const screen_case *sc)
{
	switch (sc->id) {
	case UI_S_COUNTER:
	case UI_S_CONFIRM:
	case UI_S_RECEIPT:
		/* with a resident and a cart, where most keys do something */
		vt_type(t, fx->rich.card);
		enter(t);
		if (!vt_wait(t, fx->rich.name, WAIT))
			return 0;
		vt_type(t, "zj");
		enter(t);
		if (sc->id == UI_S_COUNTER)
			return vt_wait(t, "x1", WAIT);
		vt_fkey(t, 5);
		if (!vt_wait(t, "确认兑换吗", WAIT))
			return 0;
		if (sc->id == UI_S_CONFIRM)
			return 1;
		vt_type(t, "y");
		return vt_wait(t, "小票号", WAIT);
	case UI_S_VOID:
		vt_fkey(t, 7);
		return vt_wait(t, "作废原因", WAIT);
	case UI_S_REPRINT:
		vt_fkey(t, 8);
		return vt_wait(t, "补打小票", WAIT);
	case UI_S_HELP:
		vt_fkey(t, 1);
		return vt_wait(t, "按键一览", WAIT);
	case UI_S_VERIFY:
		vt_fkey(t, 6);
		return vt_wait(t, "扫码或小票号", WAIT);
	default:
		return 0;
	}
}

/* Bring a fresh program to the screen; 1 if it got there. */
static int reach(vt_term *t, const fixture *fx, const screen_case *sc)
{
	if (!start(t, fx, 24, 80, NULL, NULL))
		return 0;
	if (sc->id == UI_S_LOGIN)
		return 1;
	if (!login(t, sc->login))
		return 0;
	return from_counter(t, fx, sc);
}

/* After a key left the screen, back to it in the same program: Esc back
 * to the counter (which leaves the resident and, asked, empties the cart) or to
 * the login screen, log in again if the key logged out, and take reach's
 * way from there.  0 if that did not get there (then a new program). */
static int regain(vt_term *t, const fixture *fx, const screen_case *sc)
{
	for (int i = 0; i < 10 && vt_alive(t); i++) {
		if (sc->id != UI_S_COUNTER && on_screen(t, sc->title))
			return 1; /* back from the help, say */
		if (on_screen(t, "登录")) {
			if (sc->id == UI_S_LOGIN)
				return 1;
			vt_type(t, sc->login);
			enter(t);
			vt_type(t, PIN);
			enter(t);
			return vt_wait(t, "查找居民", WAIT) && from_counter(t, fx, sc);
		}
		if (on_screen(t, "柜台")) {
			leave_resident(t);
			if (sc->id != UI_S_LOGIN)
				return on_screen(t, "柜台") && from_counter(t, fx, sc);
			vt_fkey(t, 10);
		} else {
			vt_key(t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
		}
		vt_settle(t, 100, 2000);
	}
	return 0;
}

static void test_every_key(fixture *fx)
{
	static const screen_case cases[] = {
	    {UI_S_LOGIN, "登录", NULL},       {UI_S_COUNTER, "柜台", "staff"},
	    {UI_S_CONFIRM, "确认", "staff"},  {UI_S_RECEIPT, "小票", "staff"},
	    {UI_S_VOID, "作废小票", "staff"}, {UI_S_REPRINT, "补打小票", "staff"},
	    {UI_S_HELP, "帮助", "staff"},      {UI_S_VERIFY, "核验小票", "counter"},
	};
	int pressed = 0;
	for (size_t s = 0; s < sizeof cases / sizeof cases[0]; s++) {
		const screen_case *sc = &cases[s];
		vt_term t;
		int running = 0;
		for (size_t a = 0; a < sizeof actions / sizeof actions[0]; a++) {
			const __typeof__(actions[0]) *ai = &actions[a];
			if (!(ai->screens & sc->id))
				continue;
			int keys[2] = {ai->key, ai->alt};
			for (int k = 0; k < 2; k++) {
				if (keys[k] == UI_NOKEY)
					continue;
				if (running && !(vt_alive(&t) && on_screen(&t, sc->title)) &&
				    !regain(&t, fx, sc)) {
					stop(&t);
					running = 0;
				}
				if (!running) {
					if (!CHECK(&t, reach(&t, fx, sc),
					           "could not reach the %s screen", sc->title)) {
						vt_finish(&t, 1000);
						goto next_screen;
					}
					running = 1;
				}
				char name[32];
				if (UI_IS_FKEY(keys[k]))
					snprintf(name, sizeof name, "%s/key %d", ai->label,
					         keys[k] & ~0x1000000);
				else
					snprintf(name, sizeof name, "%s/char %d", ai->label,
					         keys[k]);
				press(&t, keys[k]);
				vt_settle(&t, 120, 3000);
				pressed++;
				/* F10 on the login screen asks, then closes the
				 * program: cleanly */
				if (sc->id == UI_S_LOGIN && ai->id == UI_A_QUIT) {
					CHECK(&t, vt_wait(&t, "关闭柜台程序吗", WAIT),
					      "%s on the login screen does not ask first", name);
					vt_type(&t, "y");
					int rc = vt_finish(&t, WAIT);
					running = 0;
					CHECK(NULL, rc == 0, "%s on the login screen: status %d",
					      name, rc);
					continue;
				}
				if (!vt_alive(&t)) {
					int rc = vt_finish(&t, 1000);
					running = 0;
					CHECK(NULL, 0,
					      "%s on the %s screen ended the program (status %d)",
					      name, sc->title, rc);
					continue;
				}
				CHECK(&t, vt_has(&t, "爱心超市") || vt_has(&t, "演示/测试数据库") || vt_has(&t, "窗口太小"),
				      "%s on the %s screen left no frame", name, sc->title);
			}
		}
		if (running)
			stop(&t);
	next_screen:;
	}
	CHECK(NULL, pressed > 40, "only %d keys were pressed", pressed);
}

/* --- the key list in jifen(1) ---------------------------------------------- */

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
	char unknown[1024];
	man_unknown_screens(jifen, unknown, sizeof unknown);
	CHECK(NULL, !unknown[0], "jifen --list-keys lists screens the test does not know:%s "
	      "(add them to man_screens in tests/screen/mankeys.c)", unknown);
	for (const man_screen *sc = man_screens; sc->title; sc++) {
		if (sc->staff || !sc->sub)
			continue;
		char missing[1024];
		int m = man_missing(jifen, man, sc->title, sc->sub, missing, sizeof missing);
		CHECK(NULL, m != -1, "jifen --list-keys lists no key for the %s screen", sc->title);
		CHECK(NULL, m != -2, "jifen(1) has no COUNTER KEYS subsection %s", sc->sub);
		CHECK(NULL, m <= 0, "jifen(1) COUNTER KEYS, %s: the keys of the %s screen %s are missing",
		      sc->sub, sc->title, missing);
	}
}


/* --- the resident's side: checking a receipt, the query terminal ---------- */

/* A five-item redemption for the rich resident, made through the library,
 * and the text of its QR (no jifen.conf: the database's community name). */
static int five_item_receipt(const fixture *fx, char *no, size_t nolen, char *text,
                             size_t textlen)
{
	static const char *const codes[5] = {"LJD01", "XZ01", "ZJ01", "YG01", "XJJ01"};
	jf_db *db = db_open(fx);
	jf_op *op = NULL;
	int ok = 0;
	if (!db)
		return 0;
	jf_cart_line cart[5];
	for (int i = 0; i < 5; i++) {
		jf_item it;
		if (jf_item_resolve(db, codes[i], &it) != JF_OK)
			goto out;
		cart[i].item_id = it.id;
		cart[i].qty = 1;
	}
	jf_redeem_result res;
	jf_receipt r;
	if (jf_login(db, "counter", PIN, &op) != JF_OK ||
	    jf_redeem(db, op, fx->rich.id, cart, 5, &res) != JF_OK ||
	    jf_receipt_load(db, res.receipt_no, &r) != JF_OK)
		goto out;
	snprintf(no, nolen, "%s", res.receipt_no);
	ok = jf_receipt_qr_text(&r, NULL, text, textlen) == 0 && r.nlines == 5;
	jf_receipt_free(&r);
out:
	if (!ok)
		fprintf(stderr, "  five-item receipt: %s\n", jf_db_error(db));
	jf_op_free(op);
	jf_db_close(db);
	return ok;
}

/* Type a QR's text as a scanner in keyboard mode does: each line, Enter. */
static void scan_text(vt_term *t, const char *text)
{
	char line[512];
	while (*text) {
		size_t n = strcspn(text, "\n");
		snprintf(line, sizeof line, "%.*s", (int)n, text);
		vt_type(t, line);
		enter(t);
		text += n + (text[n] == '\n');
	}
}

static void test_receipt_qr_on_screen(fixture *fx)
{
	vt_term t;
	char no[64], text[512], conf[256], envc[300];
	snprintf(conf, sizeof conf, "%s/jifen.conf", fx->dir);
	fclose(fopen(conf, "w"));
	snprintf(envc, sizeof envc, "JIFEN_CONFIG=%s", conf);
	const char *env[] = {envc, NULL};
	if (!CHECK(NULL, five_item_receipt(fx, no, sizeof no, text, sizeof text),
	           "no five-item receipt"))
		return;
	if (!start(&t, fx, 24, 80, NULL, env) || !login(&t, "staff"))
		goto out;
	vt_fkey(&t, 8);
	CHECK(&t, vt_wait(&t, "补打小票", WAIT), "no reprint form");
	vt_type(&t, no);
	enter(&t);
	CHECK(&t, vt_wait(&t, "兑换后余额", WAIT), "no receipt on the screen");
	/* the five items and the totals beside the code, the code whole */
	CHECK(&t, vt_has(&t, "垃圾袋") && vt_has(&t, "洗洁精") && vt_has(&t, "合计"),
	      "the receipt text is not all there beside the QR");
	char qr[512] = "";
	CHECK(&t, vt_decode_qr(&t, qr, sizeof qr) == 1, "no readable QR at 80x24");
	CHECK(&t, strcmp(qr, text) == 0, "the screen QR reads \"%s\", not \"%s\"", qr, text);
	CHECK(&t, strstr(qr, "兑换5件") != NULL, "the QR does not count five pieces: %s", qr);
out:
	stop(&t);
}

static void test_verify_form(fixture *fx)
{
	vt_term t;
	char no[64], text[512], conf[256], envc[300];
	snprintf(conf, sizeof conf, "%s/jifen.conf", fx->dir);
	fclose(fopen(conf, "w"));
	snprintf(envc, sizeof envc, "JIFEN_CONFIG=%s", conf);
	const char *env[] = {envc, NULL};
	if (!CHECK(NULL, five_item_receipt(fx, no, sizeof no, text, sizeof text),
	           "no five-item receipt"))
		return;
	int64_t before = balance_of(fx, fx->rich.id);
	/* a volunteer may check receipts */
	if (!start(&t, fx, 24, 80, NULL, env) || !login(&t, "counter"))
		goto out;
	vt_fkey(&t, 6);
	CHECK(&t, vt_wait(&t, "扫码或小票号", WAIT), "F6 does not open the verify form");
	scan_text(&t, text);
	CHECK(&t, vt_wait(&t, "真  实  有  效", WAIT), "the scanned QR is not genuine");
	CHECK(&t, vt_has(&t, "钱*多") && vt_has(&t, "垃圾袋") && vt_has(&t, no),
	      "the verdict lacks the resident, items or number");
	CHECK(&t, !vt_has(&t, fx->rich.name), "the verdict shows the full name");
	/* the number typed: the next scan starts on the verdict screen */
	vt_type(&t, no);
	enter(&t);
	vt_settle(&t, 100, 3000);
	CHECK(&t, vt_has(&t, "真  实  有  效") && vt_has(&t, "垃圾袋"),
	      "the typed number gives no verdict");
	/* the code with one byte changed */
	char bad[512];
	snprintf(bad, sizeof bad, "%s", text);
	bad[strlen(bad) - 1] = bad[strlen(bad) - 1] == 'A' ? 'B' : 'A';
	vt_key(&t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	scan_text(&t, bad);
	CHECK(&t, vt_wait(&t, "伪  造  或  无  法  识  别", WAIT), "the altered QR is not forged");
	/* voided since: the same scan says so */
	jf_db *db = db_open(fx);
	jf_op *staff = NULL;
	CHECK(NULL, db && jf_login(db, "staff", PIN, &staff) == JF_OK &&
	                jf_void(db, staff, no, "屏幕测试", NULL) == JF_OK,
	      "could not void %s", no);
	jf_op_free(staff);
	jf_db_close(db);
	int64_t voided = balance_of(fx, fx->rich.id);
	vt_key(&t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	scan_text(&t, text);
	CHECK(&t, vt_wait(&t, "已  作  废", WAIT), "the voided receipt is not shown voided");
	/* another community's code */
	char other[512];
	const char *code = strstr(text, "\nJF2.");
	snprintf(other, sizeof other, "%s", code ? code + 1 : text);
	if (code)
		memcpy(other + 4, "ZZ", 2);
	vt_key(&t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	/* a person's Esc, not Alt-J: the scan comes after the frame */
	vt_settle(&t, 100, 2000);
	scan_text(&t, other);
	CHECK(&t, vt_wait(&t, "不  是  本  社  区  的  小  票", WAIT),
	      "another community's code is not said so");
	/* checking wrote nothing */
	CHECK(NULL, balance_of(fx, fx->rich.id) == voided && voided > before,
	      "verifying changed a balance");
	vt_key(&t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	vt_key(&t, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	CHECK(&t, vt_wait(&t, "查找居民", WAIT), "Esc does not return to the counter");
out:
	stop(&t);
}

/* jifen query: no login; a card, or phone + room; idle returns to start. */
static void test_query_terminal(fixture *fx)
{
	vt_term t;
	char conf[256], envc[300];
	snprintf(conf, sizeof conf, "%s/jifen.conf", fx->dir);
	FILE *f = fopen(conf, "w");
	fputs("[query]\nenabled = yes\nidle = 2\n", f);
	fclose(f);
	snprintf(envc, sizeof envc, "JIFEN_CONFIG=%s", conf);
	const char *env[] = {envc, NULL};
	int64_t before = balance_of(fx, fx->rich.id);
	char *argv[] = {(char *)jifen, "-d", fx->db, "query", NULL};
	if (!CHECK(NULL, vt_start(&t, 24, 80, argv, env) == 0, "could not start jifen query"))
		return;
	CHECK(&t, vt_wait(&t, "居民卡或手机号", WAIT), "no query start screen");
	CHECK(&t, !vt_has(&t, "操作员"), "the query terminal shows an operator");
	vt_type(&t, fx->rich.card);
	enter(&t);
	CHECK(&t, vt_wait(&t, "钱*多", WAIT), "the card does not show the masked name");
	CHECK(&t, vt_has(&t, "现在可以兑换") && vt_has(&t, "最近的记录") &&
	              vt_has(&t, "还未享受的服务券"),
	      "the view lacks a part");
	CHECK(&t, !vt_has(&t, fx->rich.name) && !vt_has(&t, fx->rich.phone) &&
	              !vt_has(&t, fx->dmy.name),
	      "the view shows a full name, a phone or someone else");
	/* any key: back to the start */
	vt_type(&t, " ");
	CHECK(&t, vt_wait_gone(&t, "钱*多", WAIT), "a key does not end the view");
	/* the phone and the last two of the room */
	vt_type(&t, fx->rich.phone);
	vt_key(&t, VTERM_KEY_TAB, VTERM_MOD_NONE);
	vt_type(&t, fx->rich.room + strlen(fx->rich.room) - 2);
	enter(&t);
	CHECK(&t, vt_wait(&t, "钱*多", WAIT), "phone and room do not show the resident");
	/* untouched: back to the start by itself */
	CHECK(&t, vt_wait_gone(&t, "钱*多", 6000) && vt_has(&t, "居民卡或手机号"),
	      "the view stays after the idle time");
	/* a wrong room: nothing about anyone */
	vt_type(&t, fx->rich.phone);
	vt_key(&t, VTERM_KEY_TAB, VTERM_MOD_NONE);
	vt_type(&t, "99");
	enter(&t);
	CHECK(&t, vt_wait(&t, "没有找到", WAIT), "a wrong room is not refused");
	CHECK(&t, !vt_has(&t, "钱*多"), "a wrong room shows the resident");
	CHECK(NULL, balance_of(fx, fx->rich.id) == before, "the query changed a balance");
	vt_finish(&t, 200);
}

/* --- the runner ----------------------------------------------------------- */

typedef struct {
	const char *name;
	void (*fn)(fixture *fx);
} test_case;

static const test_case tests[] = {
    {"login and a wrong PIN", test_login_wrong_pin},
    {"login with jifen -o", test_login_fixed_operator},
    {"five wrong PINs lock, and the login says until when", test_login_locked},
    {"dmy Enter zj Enter F5 y", test_canonical_flow},
    {"a clock set back is refused in words", test_clock_refusal},
    {"scanned card and item code in a burst", test_burst_and_card},
    {"lookup by Chinese characters, phone tail, long names", test_lookup_chinese_and_phone},
    {"a card that is another's phone is a choice, not a pick", test_ambiguous_card},
    {"cart: add, +, -, Del, Esc", test_cart_add_remove},
    {"refused checkout when the balance is short", test_refused_short_balance},
    {"a locked database keeps the cart", test_locked_database},
    {"monthly limits and stock", test_limits_and_stock},
    {"another counter's change shows after any key", test_other_counter_changes},
    {"F5 over a monthly limit or the stock is refused at once", test_refused_limit_and_stock},
    {"a resident's card scanned while one is open", test_scan_while_open},
    {"item matching like the command line", test_match_like_cli},
    {"a receipt printer that works and one that fails", test_printer},
    {"a failed print: the receipt stays, F6 prints it again, Esc leaves it", test_print_again},
    {"English: one piece is 1 item", test_english_plural},
    {"resize to 60x20 and back with the cart", test_resize},
    {"monochrome, key bar and F1 help", test_monochrome_and_help},
    {"staff voids a receipt and reprints it", test_staff_void},
    {"the void form shows the receipt, takes a QR, hints a short number", test_void_eyes_open},
    {"a used coupon's receipt is voided only as a refund", test_void_delivered},
    {"a volunteer is not offered the void", test_volunteer_no_void},
    {"Esc, F2, Alt-keys and staff screens never empty a cart unasked", test_cart_never_lost},
    {"the first key on the receipt starts the next lookup", test_receipt_passes_keys},
    {"a long receipt says that more follows", test_long_receipt},
    {"the confirmation is a clean box over the counter", test_dialog_box},
    {"every key of the action table on every screen", test_every_key},
    {"jifen(1) names every key of the action table", test_man_keys},
    {"a five-item receipt's QR scans off an 80x24 screen", test_receipt_qr_on_screen},
    {"F6 checks a scanned or typed receipt and writes nothing", test_verify_form},
    {"jifen query: card, phone and room, idle back to start", test_query_terminal},
};

int main(int argc, char **argv)
{
	jifen = getenv("JIFEN");
	if (!jifen || !*jifen) {
		fprintf(stderr, "screen tests: set JIFEN to the jifen binary\n");
		return 2;
	}
	static char abs_path[4096];
	if (jifen[0] != '/' && realpath(jifen, abs_path))
		jifen = abs_path;
	jf_i18n_init("zh_CN");
	/* --counter or --staff: only those tests (make check runs the two
	 * side by side); any other argument picks tests by name */
	int counter = 1, staff = 1;
	const char *filter = argc > 1 ? argv[1] : NULL;
	if (filter && strcmp(filter, "--counter") == 0)
		staff = 0, filter = NULL;
	else if (filter && strcmp(filter, "--staff") == 0)
		counter = 0, filter = NULL;
	for (size_t i = 0; counter && i < sizeof tests / sizeof tests[0]; i++) {
		if (filter && !strstr(tests[i].name, filter))
			continue;
		test_name = tests[i].name;
		test_failed_checks = 0;
		fixture fx;
		if (fixture_make(&fx) != 0) {
			fprintf(stderr, "  FAIL %s: no demo database\n", test_name);
			test_failed_checks++;
		} else {
			tests[i].fn(&fx);
		}
		vt_remove_dir(fx.dir);
		if (test_failed_checks == 0) {
			tests_passed++;
			printf("ok   %s\n", test_name);
		} else {
			tests_failed++;
			printf("FAIL %s\n", test_name);
		}
		fflush(stdout);
	}
	/* the staff screens' own tests (staff_test.c) */
	if (staff)
		staff_tests_run(jifen, filter, &tests_passed, &tests_failed);
	printf("screen tests: %d passed, %d failed\n", tests_passed, tests_failed);
	return tests_failed ? 1 : 0;
}
