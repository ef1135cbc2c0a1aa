/* Shared by the libFuzzer harnesses in tests/fuzz/: a checked property
 * that stops the run (so that libFuzzer saves the input), the input as a C
 * string, and a small community in a database made once per process. */
#ifndef JIFEN_FUZZ_H
#define JIFEN_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jifen/catalog.h"
#include "jifen/db.h"
#include "jifen/i18n.h"
#include "jifen/ledger.h"
#include "jifen/operator.h"
#include "jifen/resident.h"
#include "jifen/text.h"

/* A property that must hold for every input: abort with what failed. */
#define CHECK(cond)                                                                 \
	do {                                                                        \
		if (!(cond)) {                                                      \
			fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, \
			        #cond);                                             \
			abort();                                                    \
		}                                                                   \
	} while (0)

/* The input as a NUL-terminated string (malloc'd; the caller frees).  An
 * embedded NUL ends the string early, as it would for any C caller. */
static inline char *fuzz_string(const uint8_t *data, size_t n)
{
	char *s = malloc(n + 1);
	if (!s)
		abort();
	memcpy(s, data, n);
	s[n] = '\0';
	return s;
}

/* 1 if s is well-formed UTF-8 (control characters allowed). */
static inline int fuzz_utf8_ok(const char *s)
{
	size_t len = strlen(s), i = 0;
	while (i < len) {
		unsigned cp;
		int k = jf_utf8_decode(s + i, len - i, &cp);
		if (k <= 0)
			return 0;
		i += (size_t)k;
	}
	return 1;
}

typedef struct {
	char dir[256];
	char path[300];
	jf_db *db;
	jf_op *admin, *staff, *vol;
	int64_t residents[16];
	size_t n_residents;
	int64_t tissue, rice, clean, grid;
} fuzz_world;

#define FUZZ_PIN "2468"

/* Hard stop for the set-up: not a finding, a broken harness. */
static inline void fuzz_need(jf_status st, const char *what, jf_db *db)
{
	if (st != JF_OK) {
		fprintf(stderr, "fuzz set-up: %s: %s\n", what, db ? jf_db_error(db) : "");
		exit(2);
	}
}

/* A small community: residents with names that test the search (polyphonic
 * surnames, SQL-looking, Latin), goods, a service, a verifier, some awards
 * and a redemption; logged in as admin, staff and volunteer.  In /dev/shm
 * when there is one (fsync there costs nothing); removed at exit. */
static fuzz_world fuzz_w;

static inline void fuzz_world_remove(void)
{
	char cmd[400];
	jf_op_free(fuzz_w.admin);
	jf_op_free(fuzz_w.staff);
	jf_op_free(fuzz_w.vol);
	jf_db_close(fuzz_w.db);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fuzz_w.dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", fuzz_w.dir);
}

static inline fuzz_world *fuzz_world_get(void)
{
	static const char *const names[] = {
		"丁美英", "杨效文", "薛志安", "曾宪梓", "单田芳", "解晓东", "区志航",
		"朴志军", "查良镛", "覃建国", "'); DROP TABLE residents;--", "Li Lei",
		"欧阳娜娜", "丁一",
	};
	char err[512];
	fuzz_world *w = &fuzz_w;
	if (w->db)
		return w;
	jf_i18n_init(NULL);
	snprintf(w->dir, sizeof w->dir, "%s/jifen-fuzz-XXXXXX",
	         access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (!mkdtemp(w->dir)) {
		perror("mkdtemp");
		exit(2);
	}
	snprintf(w->path, sizeof w->path, "%s/fuzz.db", w->dir);
	if (jf_db_create_test(w->path, "府西社区", "FX", 0, &w->db, err, sizeof err) != JF_OK) {
		fprintf(stderr, "create: %s\n", err);
		exit(2);
	}
	atexit(fuzz_world_remove);
	jf_db *db = w->db;
	jf_db_set_time(db, 1718445600); /* 2024-06-15 */
	fuzz_need(jf_operator_bootstrap(db, "admin", "管理员", FUZZ_PIN), "admin", db);
	fuzz_need(jf_login(db, "admin", FUZZ_PIN, &w->admin), "login admin", db);
	fuzz_need(jf_operator_add(db, w->admin, "staff", "杨阿强", JF_ROLE_STAFF, FUZZ_PIN, 0),
	          "staff", db);
	fuzz_need(jf_operator_add(db, w->admin, "counter", "李志愿", JF_ROLE_VOLUNTEER, FUZZ_PIN, 0),
	          "counter", db);
	fuzz_need(jf_login(db, "staff", FUZZ_PIN, &w->staff), "login staff", db);
	fuzz_need(jf_login(db, "counter", FUZZ_PIN, &w->vol), "login counter", db);
	fuzz_need(jf_activity_load_defaults(db), "activities", db);
	fuzz_need(jf_verifier_add(db, w->staff, "原冬梅", JF_VERIFIER_GRID, "开发楼家属楼", "",
	                          0, &w->grid),
	          "verifier", db);
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		char phone[16], card[16], room[16];
		snprintf(phone, sizeof phone, "138%08zu", 12345670 + i);
		snprintf(card, sizeof card, "FX%04zu", i + 1);
		snprintf(room, sizeof room, "%zu01", i % 6 + 1);
		jf_resident_new r = {.name = names[i], .compound = "开发楼家属楼",
		                     .building = "3", .unit = "2", .room = room,
		                     .phone = phone, .card = card, .party = (int)(i % 2)};
		fuzz_need(jf_resident_add(db, w->staff, &r, &w->residents[i]), names[i], db);
		fuzz_need(jf_adjust(db, w->admin, w->residents[i], 50, "开户", NULL), "adjust", db);
	}
	w->n_residents = sizeof names / sizeof *names;
	jf_item it;
	memset(&it, 0, sizeof it);
	snprintf(it.code, sizeof it.code, "ZJ01");
	snprintf(it.name, sizeof it.name, "纸巾");
	snprintf(it.unit, sizeof it.unit, "包");
	it.kind = JF_ITEM_GOODS;
	it.points = 2;
	fuzz_need(jf_item_add(db, w->admin, &it, &w->tissue), "item", db);
	snprintf(it.code, sizeof it.code, "DM01");
	snprintf(it.name, sizeof it.name, "大米");
	it.kind = JF_ITEM_PRODUCE;
	it.points = 10;
	it.monthly_limit = 2;
	fuzz_need(jf_item_add(db, w->admin, &it, &w->rice), "item", db);
	snprintf(it.code, sizeof it.code, "JZ01");
	snprintf(it.name, sizeof it.name, "家庭保洁两小时");
	snprintf(it.unit, sizeof it.unit, "次");
	it.kind = JF_ITEM_HOUSEKEEPING;
	it.points = 20;
	it.monthly_limit = 0;
	fuzz_need(jf_item_add(db, w->admin, &it, &w->clean), "item", db);
	fuzz_need(jf_stock_in(db, w->staff, w->tissue, 100, 0, "捐赠"), "stock", db);
	fuzz_need(jf_stock_in(db, w->staff, w->rice, 20, 0, NULL), "stock", db);
	jf_cart_line cart[] = {{w->tissue, 2}, {w->clean, 1}};
	jf_redeem_result res;
	fuzz_need(jf_redeem(db, w->vol, w->residents[0], cart, 2, &res), "redeem", db);
	return w;
}

#endif
