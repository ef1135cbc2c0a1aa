/* Shared by the robustness tests (tests/unit/test_concurrency.c,
 * test_crash.c, test_faults.c, test_roles.c): a small community in a fresh
 * database file, and raw looks at the file that do not go through jifen.
 *
 * The world is built through the public API only.  It is closed before the
 * tests fork, so that no SQLite connection ever crosses a fork(). */
#ifndef JIFEN_ROBUST_H
#define JIFEN_ROBUST_H

#include "../unit/testlib.h"

#include <errno.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "jifen/catalog.h"
#include "jifen/ledger.h"
#include "jifen/resident.h"

#define RB_PIN "2468"
#define RB_RESIDENTS 4
/* 2026-06-10 10:00 (UTC+8): every test runs on the same fixed day. */
#define RB_T0 ((int64_t)1781056800)

typedef struct {
	char dir[256];
	char path[300];
	int64_t resident[RB_RESIDENTS];
	int64_t start_balance;
	int64_t tissue, rice, oil, clean; /* goods, produce, limited goods, voucher */
	int64_t tissue_stock, rice_stock, oil_stock;
	int64_t oil_limit;
	int64_t grid, activity, activity_points;
} rb_world;

/* Copy with truncation, always terminated. */
static inline void rb_copy(char *dst, const char *src, size_t len)
{
	size_t n = src ? strlen(src) : 0;
	if (len == 0)
		return;
	if (n >= len)
		n = len - 1;
	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

static const char *const rb_names[RB_RESIDENTS] = {"丁美英", "杨效文", "薛志安", "原冬梅"};

static inline int64_t rb_add_item(jf_db *db, const jf_op *admin, const char *code,
                                  const char *name, jf_item_kind kind, int64_t points,
                                  int64_t limit)
{
	jf_item it;
	int64_t id = 0;
	memset(&it, 0, sizeof it);
	snprintf(it.code, sizeof it.code, "%s", code);
	snprintf(it.name, sizeof it.name, "%s", name);
	snprintf(it.unit, sizeof it.unit, "%s", jf_item_kind_stocked(kind) ? "包" : "次");
	it.kind = kind;
	it.points = points;
	it.monthly_limit = limit;
	it.valid_days = 30;
	assert_int_equal(jf_item_add(db, admin, &it, &id), JF_OK);
	return id;
}

/* A new database in a new folder: operators admin (admin), staff (staff)
 * and counter (volunteer), all with PIN 2468; four residents with
 * `start_balance` points each; goods with stock.  Closed on return. */
static inline void rb_world_make(rb_world *w, int64_t start_balance, int64_t stock)
{
	char err[512];
	jf_db *db = NULL;
	jf_op *admin = NULL, *staff = NULL;
	memset(w, 0, sizeof *w);
	/* in memory when there is /dev/shm: every commit is fsync'd
	 * (synchronous=FULL) and on a busy disk that is most of the time these
	 * tests take; what they test (locks, kills, faults) is the same */
	snprintf(w->dir, sizeof w->dir, "%s/jifen-robust-XXXXXX",
	         access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	assert_non_null(mkdtemp(w->dir));
	snprintf(w->path, sizeof w->path, "%s/jifen.db", w->dir);
	if (jf_db_create_test(w->path, "府西社区", "FX", 0, &db, err, sizeof err) != JF_OK)
		fail_msg("create: %s", err);
	jf_db_set_time(db, RB_T0);
	assert_int_equal(jf_operator_bootstrap(db, "admin", "管理员", RB_PIN), JF_OK);
	assert_int_equal(jf_login(db, "admin", RB_PIN, &admin), JF_OK);
	assert_int_equal(jf_operator_add(db, admin, "staff", "杨阿强", JF_ROLE_STAFF, RB_PIN, 0),
	                 JF_OK);
	assert_int_equal(jf_operator_add(db, admin, "counter", "李志愿", JF_ROLE_VOLUNTEER, RB_PIN, 0),
	                 JF_OK);
	assert_int_equal(jf_login(db, "staff", RB_PIN, &staff), JF_OK);
	assert_int_equal(jf_activity_load_defaults(db), JF_OK);
	jf_activity a;
	assert_int_equal(jf_activity_resolve(db, "V01", &a), JF_OK);
	w->activity = a.id;
	w->activity_points = a.points;
	assert_int_equal(jf_verifier_add(db, staff, "原冬梅", JF_VERIFIER_GRID, "", "", 0, &w->grid),
	                 JF_OK);
	for (int i = 0; i < RB_RESIDENTS; i++) {
		char phone[16];
		snprintf(phone, sizeof phone, "1381234%04d", 5670 + i);
		jf_resident_new r = {.name = rb_names[i], .compound = "开发楼家属楼", .phone = phone};
		assert_int_equal(jf_resident_add(db, staff, &r, &w->resident[i]), JF_OK);
		for (int64_t left = start_balance; left > 0; left -= 10000)
			assert_int_equal(jf_adjust(db, admin, w->resident[i], left > 10000 ? 10000 : left,
			                           "开户补录", NULL),
			                 JF_OK);
	}
	w->start_balance = start_balance;
	w->tissue = rb_add_item(db, admin, "ZJ", "纸巾", JF_ITEM_GOODS, 2, 0);
	w->rice = rb_add_item(db, admin, "DM", "大米", JF_ITEM_PRODUCE, 5, 0);
	w->oil_limit = 3;
	w->oil = rb_add_item(db, admin, "SYY", "食用油", JF_ITEM_GOODS, 3, w->oil_limit);
	w->clean = rb_add_item(db, admin, "JZ", "家政保洁", JF_ITEM_HOUSEKEEPING, 7, 0);
	w->tissue_stock = stock;
	w->rice_stock = stock / 2;
	w->oil_stock = stock;
	if (stock > 0) {
		assert_int_equal(jf_stock_in(db, staff, w->tissue, w->tissue_stock, 0, "爱心企业捐赠"),
		                 JF_OK);
		assert_int_equal(jf_stock_in(db, staff, w->rice, w->rice_stock, 0, NULL), JF_OK);
		assert_int_equal(jf_stock_in(db, staff, w->oil, w->oil_stock, 0, NULL), JF_OK);
	}
	jf_op_free(staff);
	jf_op_free(admin);
	jf_db_close(db);
}

static inline void rb_world_remove(rb_world *w)
{
	char cmd[800];
	snprintf(cmd, sizeof cmd, "chmod -R u+rwx '%s' 2>/dev/null; rm -rf '%s'", w->dir, w->dir);
	if (system(cmd) != 0)
		fail_msg("could not remove %s", w->dir);
}

/* Open the world's database and log in; fails the test on error. */
static inline jf_db *rb_open(const rb_world *w, const char *login, jf_op **op)
{
	char err[512];
	jf_db *db = NULL;
	if (jf_db_open(w->path, &db, err, sizeof err) != JF_OK)
		fail_msg("open %s: %s", w->path, err);
	jf_db_set_time(db, RB_T0);
	if (op && jf_login(db, login, RB_PIN, op) != JF_OK)
		fail_msg("login %s: %s", login, jf_db_error(db));
	return db;
}

/* One integer from a query on a raw connection to the file (not through
 * jifen, and through the real "unix" VFS even when a test installed its
 * fault VFS): what anyone with the sqlite3 shell would see. */
static inline int64_t rb_query(const char *path, const char *sql)
{
	sqlite3 *raw = NULL;
	sqlite3_stmt *st = NULL;
	int64_t v = -1;
	if (sqlite3_open_v2(path, &raw, SQLITE_OPEN_READWRITE, "unix") != SQLITE_OK)
		fail_msg("raw open %s: %s", path, sqlite3_errmsg(raw));
	sqlite3_busy_timeout(raw, 5000);
	if (sqlite3_prepare_v2(raw, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("raw prepare %s: %s", sql, sqlite3_errmsg(raw));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else
		fail_msg("raw step %s: %s", sql, sqlite3_errmsg(raw));
	sqlite3_finalize(st);
	sqlite3_close(raw);
	return v;
}

/* The audit of the file through a fresh handle; fails the test with the
 * audit's own message unless it passes. */
static inline void rb_audit_ok(const char *path, jf_audit_report *rep)
{
	char err[512];
	jf_db *db = NULL;
	if (jf_db_open(path, &db, err, sizeof err) != JF_OK)
		fail_msg("open for audit: %s", err);
	if (jf_audit(db, rep) != JF_OK)
		fail_msg("audit: %s", jf_db_error(db));
	jf_db_close(db);
}

/* The whole committed content as a checksum of every table, row by row,
 * sorted on all columns: equal before and after means nothing was lost,
 * added or changed. */
static inline uint64_t rb_content_sum(const char *path)
{
	uint64_t h = 1469598103934665603ull;
	sqlite3 *raw = NULL;
	sqlite3_stmt *tables = NULL;
	if (sqlite3_open_v2(path, &raw, SQLITE_OPEN_READWRITE, "unix") != SQLITE_OK)
		fail_msg("raw open %s: %s", path, sqlite3_errmsg(raw));
	sqlite3_busy_timeout(raw, 5000);
	if (sqlite3_prepare_v2(raw, "SELECT name FROM sqlite_master WHERE type = 'table'"
	                            " AND name NOT LIKE 'sqlite_%' ORDER BY name",
	                       -1, &tables, NULL) != SQLITE_OK)
		fail_msg("raw tables: %s", sqlite3_errmsg(raw));
	while (sqlite3_step(tables) == SQLITE_ROW) {
		char sql[512];
		const char *name = (const char *)sqlite3_column_text(tables, 0);
		sqlite3_stmt *st = NULL;
		snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", name);
		if (sqlite3_prepare_v2(raw, sql, -1, &st, NULL) != SQLITE_OK)
			fail_msg("raw prepare %s: %s", sql, sqlite3_errmsg(raw));
		int cols = sqlite3_column_count(st);
		sqlite3_finalize(st);
		size_t o = strlen(sql);
		o += (size_t)snprintf(sql + o, sizeof sql - o, " ORDER BY 1");
		for (int c = 2; c <= cols && o < sizeof sql - 8; c++)
			o += (size_t)snprintf(sql + o, sizeof sql - o, ",%d", c);
		if (sqlite3_prepare_v2(raw, sql, -1, &st, NULL) != SQLITE_OK)
			fail_msg("raw prepare %s: %s", sql, sqlite3_errmsg(raw));
		for (const char *c = name; *c; c++)
			h = (h ^ (unsigned char)*c) * 1099511628211ull;
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (int c = 0; c < cols; c++) {
				const unsigned char *v = sqlite3_column_text(st, c);
				for (; v && *v; v++)
					h = (h ^ *v) * 1099511628211ull;
				h = (h ^ 0xff) * 1099511628211ull;
			}
		}
		sqlite3_finalize(st);
	}
	sqlite3_finalize(tables);
	sqlite3_close(raw);
	return h;
}

#endif
