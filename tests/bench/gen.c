/* bench-gen: make a realistic street-office database through the core API,
 * for `make bench` (see BENCHMARKS.md).
 *
 *   bench-gen [-r RESIDENTS] [-e ENTRIES] [-b BUSY] [-s SEED] DB
 *   bench-gen --csv [-r RESIDENTS] [-s SEED] FILE
 *
 * The database gets operators, the default activities, sponsors, a catalog,
 * a 楼长 per compound and a 网格员 per four, RESIDENTS residents (default
 * 100,000) added in batches of 5,000 with jf_resident_add_many, and about
 * ENTRIES ledger entries (default 1,000,000) over the year BENCH_YEAR_START,
 * in time order: awards in batches through jf_award (one deed to many
 * residents at once, as staff record a clean-up), redemptions through
 * jf_redeem at the counter's hours, a few voids, and stock received each
 * time an item runs low.  BENCH_BUSY_DAY gets BUSY redemptions (default
 * 2,000) for the day-reconciliation benchmark.
 *
 * Each core call commits on its own, as at the counter (wrapping a day in
 * one transaction makes every call a savepoint, which was slower here).
 * Durability is not what is measured here, so the generator's own
 * connection runs with synchronous=OFF and a large page cache; the file it
 * leaves is an ordinary jifen database (WAL, synchronous=FULL for anyone
 * who opens it).  With --csv it writes RESIDENTS residents as a CSV file the
 * way Excel saves one (UTF-8 with BOM, CRLF) for the import benchmark. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "jifen/catalog.h"
#include "jifen/dayclose.h"
#include "jifen/db.h"
#include "jifen/i18n.h"
#include "jifen/ledger.h"
#include "jifen/operator.h"
#include "jifen/receipt.h"
#include "jifen/resident.h"
#include "jifen/voucher.h"
/* The generator alone reaches into the handle, for its pragmas. */
#include "../../src/internal.h"

#include "bench.h"

#define ADD_BATCH 5000
#define PARTICIPATING 0.30   /* share of residents who ever earn points */
#define CORE_SHARE 0.10      /* of those, the regulars ... */
#define CORE_PICKS 0.50      /* ... who do half of the deeds */
#define REDEEM_SHARE 0.22    /* of the ledger's entries */
#define VOID_SHARE 0.003     /* of redemptions */
#define PRINT_FAILS 0.01     /* receipts whose first print fails */
#define FULFILLED 0.85       /* service vouchers the sponsor reports done */
#define RESTOCK_BELOW 600
#define RESTOCK_QTY 3000

typedef struct {
	const char *code, *name;
	jf_item_kind kind;
	int points;
	const char *unit;
	int sponsor; /* index into sponsors[] */
	int limit;
} item_def;

static const struct {
	const char *name;
	jf_sponsor_kind kind;
} sponsors[] = {
	{"同心商贸有限公司", JF_SPONSOR_ENTERPRISE},
	{"惠民超市", JF_SPONSOR_MERCHANT},
	{"县供电公司", JF_SPONSOR_UNIT},
	{"县人民医院", JF_SPONSOR_UNIT},
	{"好家政服务中心", JF_SPONSOR_ENTERPRISE},
	{"丰收农业合作社", JF_SPONSOR_ENTERPRISE},
	{"巧手理发店", JF_SPONSOR_MERCHANT},
	{"明亮眼镜店", JF_SPONSOR_MERCHANT},
};

static const item_def items[] = {
	{"ZJ01", "抽纸", JF_ITEM_GOODS, 2, "包", 0, 0},
	{"ZJ02", "卷纸", JF_ITEM_GOODS, 3, "提", 0, 0},
	{"XJ01", "洗洁精", JF_ITEM_GOODS, 3, "瓶", 1, 0},
	{"YG01", "牙膏", JF_ITEM_GOODS, 3, "支", 1, 0},
	{"YS01", "牙刷", JF_ITEM_GOODS, 1, "支", 1, 0},
	{"MJ01", "毛巾", JF_ITEM_GOODS, 4, "条", 0, 0},
	{"XZ01", "香皂", JF_ITEM_GOODS, 2, "块", 1, 0},
	{"XY01", "洗衣液", JF_ITEM_GOODS, 6, "瓶", 0, 0},
	{"XF01", "洗发水", JF_ITEM_GOODS, 6, "瓶", 0, 0},
	{"LJ01", "垃圾袋", JF_ITEM_GOODS, 1, "卷", 1, 0},
	{"BW01", "保温杯", JF_ITEM_GOODS, 15, "个", 2, 1},
	{"YS02", "雨伞", JF_ITEM_GOODS, 12, "把", 2, 1},
	{"SY01", "食用油", JF_ITEM_GOODS, 10, "桶", 0, 2},
	{"DM01", "大米", JF_ITEM_PRODUCE, 8, "袋", 5, 2},
	{"GM01", "挂面", JF_ITEM_PRODUCE, 2, "把", 5, 0},
	{"JY01", "酱油", JF_ITEM_GOODS, 2, "瓶", 1, 0},
	{"CU01", "香醋", JF_ITEM_GOODS, 2, "瓶", 1, 0},
	{"JD01", "鸡蛋", JF_ITEM_PRODUCE, 5, "盒", 5, 4},
	{"PG01", "苹果", JF_ITEM_PRODUCE, 4, "袋", 5, 0},
	{"XM01", "小米", JF_ITEM_PRODUCE, 3, "袋", 5, 0},
	{"HZ01", "红枣", JF_ITEM_PRODUCE, 4, "袋", 5, 0},
	{"FM01", "蜂蜜", JF_ITEM_PRODUCE, 12, "瓶", 5, 1},
	{"JZ01", "家政保洁两小时", JF_ITEM_HOUSEKEEPING, 20, "次", 4, 1},
	{"JZ02", "油烟机清洗", JF_ITEM_HOUSEKEEPING, 25, "次", 4, 1},
	{"JZ03", "管道疏通", JF_ITEM_HOUSEKEEPING, 10, "次", 4, 0},
	{"FW01", "上门理发", JF_ITEM_SERVICE, 4, "次", 6, 0},
	{"FW02", "义诊测血压血糖", JF_ITEM_SERVICE, 2, "次", 3, 0},
	{"FW03", "家电安全检查", JF_ITEM_SERVICE, 3, "次", 2, 0},
	{"QJ01", "惠民超市九折券", JF_ITEM_COUPON, 3, "张", 1, 0},
	{"QJ02", "理发优惠券", JF_ITEM_COUPON, 2, "张", 6, 0},
	{"QJ03", "配镜八折券", JF_ITEM_COUPON, 5, "张", 7, 0},
};
#define NITEMS BENCH_COUNT(items)

typedef struct {
	jf_db *db;
	jf_op *staff;
	jf_op *counters[3];
	bench_rng rng;
	int64_t nres;
	int32_t *balance;      /* by resident index (id - 1) */
	uint8_t *compound;     /* by resident index */
	uint32_t *mark;        /* pick stamps, by resident index */
	uint32_t stamp;
	int64_t *part[64];     /* participating residents' indexes, per compound */
	size_t npart[64];
	int64_t *all_part;
	size_t nall_part;
	int64_t item_id[NITEMS];
	int64_t stock[NITEMS];
	jf_activity *acts;
	size_t nacts;
	int64_t leader[64], grid[64];
	/* service vouchers waiting for the sponsor: ids are given in order */
	int64_t next_voucher;
	struct pending_voucher { int64_t id, due; } *pending;
	size_t npending, cappending;
	/* counts */
	int64_t awards, award_calls, redeems, voids, refused, stock_ins, skipped, fulfilled;
} gen;

static void check(gen *g, jf_status st, const char *what)
{
	if (st != JF_OK)
		bench_die("%s: %s", what, jf_db_error(g->db));
}

static void pragma(gen *g, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(g->db->sql, sql, NULL, NULL, &err) != SQLITE_OK)
		bench_die("%s: %s", sql, err ? err : "?");
	sqlite3_free(err);
}

/* At most one line a second, on a terminal only. */
static void progress(const char *what, int64_t done, int64_t total, double t0)
{
	static double last;
	double now = bench_now_ms(), s = (now - t0) / 1e3;
	if (!isatty(2) || (done < total && now - last < 1000))
		return;
	last = now;
	fprintf(stderr, "\r  %s %" PRId64 "/%" PRId64 " (%.0f s, %.0f/s)   ", what, done, total, s,
	        s > 0 ? (double)done / s : 0.0);
}

/* --- set-up --------------------------------------------------------------- */

/* The volunteer "bench", whose PIN hash is Argon2id at its lowest cost, so
 * that timing the counter's first screen does not time the PIN check (slow
 * by design).  Written directly: jifen itself never makes a cheap hash. */
static void bench_operator(gen *g)
{
	char hash[crypto_pwhash_STRBYTES];
	if (crypto_pwhash_str_alg(hash, BENCH_PIN, strlen(BENCH_PIN),
	                          crypto_pwhash_argon2id_OPSLIMIT_MIN,
	                          crypto_pwhash_argon2id_MEMLIMIT_MIN,
	                          crypto_pwhash_ALG_ARGON2ID13) != 0)
		bench_die("argon2id");
	sqlite3_stmt *st = jf_prepare(g->db, "INSERT INTO operators(login, name, role, pin_hash,"
	                                     " created) VALUES ('bench', '计时', 'volunteer', ?, ?)");
	if (!st)
		bench_die("bench operator: %s", jf_db_error(g->db));
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, jf_db_now(g->db));
	if (sqlite3_step(st) != SQLITE_DONE)
		bench_die("bench operator: %s", sqlite3_errmsg(g->db->sql));
	sqlite3_finalize(st);
}

static void make_operators(gen *g)
{
	check(g, jf_operator_bootstrap(g->db, "admin", "薛亚云", BENCH_PIN), "bootstrap");
	jf_op *admin = NULL;
	check(g, jf_login(g->db, "admin", BENCH_PIN, &admin), "login admin");
	check(g, jf_operator_add(g->db, admin, "staff", "杨阿强", JF_ROLE_STAFF, BENCH_PIN, 0),
	      "add staff");
	static const char *const logins[] = {"counter", "counter2", "counter3"};
	static const char *const names[] = {"原冬梅", "张常有", "房德英"};
	for (int i = 0; i < 3; i++)
		check(g, jf_operator_add(g->db, admin, logins[i], names[i], JF_ROLE_VOLUNTEER,
		                         BENCH_PIN, 0),
		      "add volunteer");
	check(g, jf_activity_load_defaults(g->db), "activities");

	int64_t sponsor_id[BENCH_COUNT(sponsors)];
	for (size_t i = 0; i < BENCH_COUNT(sponsors); i++)
		check(g, jf_sponsor_ensure(g->db, admin, sponsors[i].name, sponsors[i].kind,
		                           &sponsor_id[i]),
		      "sponsor");
	for (size_t i = 0; i < NITEMS; i++) {
		jf_item it;
		memset(&it, 0, sizeof it);
		jf_strlcpy(it.code, items[i].code, sizeof it.code);
		jf_strlcpy(it.name, items[i].name, sizeof it.name);
		jf_strlcpy(it.unit, items[i].unit, sizeof it.unit);
		it.kind = items[i].kind;
		it.points = items[i].points;
		it.sponsor_id = sponsor_id[items[i].sponsor];
		it.monthly_limit = items[i].limit;
		it.valid_days = items[i].kind == JF_ITEM_COUPON ? 60 : 30;
		check(g, jf_item_add(g->db, admin, &it, &g->item_id[i]), "item");
	}
	jf_op_free(admin);
	bench_operator(g);
	check(g, jf_login(g->db, "staff", BENCH_PIN, &g->staff), "login staff");
	for (int i = 0; i < 3; i++)
		check(g, jf_login(g->db, logins[i], BENCH_PIN, &g->counters[i]), "login counter");
	check(g, jf_activity_list(g->db, 0, &g->acts, &g->nacts), "activities");
}

static void make_verifiers(gen *g)
{
	for (size_t c = 0; c < BENCH_COUNT(bench_compounds); c++) {
		char name[64], phone[16];
		bench_name(&g->rng, name, sizeof name);
		bench_phone(&g->rng, phone, sizeof phone);
		check(g, jf_verifier_add(g->db, g->staff, name, JF_VERIFIER_LEADER, bench_compounds[c],
		                         phone, 0, &g->leader[c]),
		      "verifier");
		if (c % 4 == 0) {
			bench_name(&g->rng, name, sizeof name);
			bench_phone(&g->rng, phone, sizeof phone);
			check(g, jf_verifier_add(g->db, g->staff, name, JF_VERIFIER_GRID,
			                         bench_compounds[c], phone, 0, &g->grid[c]),
			      "verifier");
		} else {
			g->grid[c] = g->grid[c - c % 4];
		}
	}
}

/* One resident's fields, the same for the database and for the CSV file. */
typedef struct {
	char name[32], phone[16], card[16];
	bench_home home;
	int party, has_phone, has_card;
} person;

static void make_person(bench_rng *r, uint64_t i, person *p)
{
	bench_name(r, p->name, sizeof p->name);
	bench_home_of(r, &p->home);
	p->has_phone = bench_below(r, 100) >= 4; /* some elderly give none */
	bench_phone(r, p->phone, sizeof p->phone);
	p->has_card = bench_below(r, 100) < 80;
	bench_card(i, p->card, sizeof p->card);
	p->party = bench_below(r, 100) < 8;
}

static void make_residents(gen *g)
{
	jf_resident_new *rows = calloc(ADD_BATCH, sizeof *rows);
	person *ps = calloc(ADD_BATCH, sizeof *ps);
	if (!rows || !ps)
		bench_die("out of memory");
	double t0 = bench_now_ms();
	for (int64_t done = 0; done < g->nres;) {
		size_t n = (size_t)(g->nres - done < ADD_BATCH ? g->nres - done : ADD_BATCH);
		for (size_t k = 0; k < n; k++) {
			person *p = &ps[k];
			make_person(&g->rng, (uint64_t)(done + (int64_t)k), p);
			rows[k] = (jf_resident_new){
				.name = p->name,
				.compound = p->home.compound,
				.building = p->home.building,
				.unit = p->home.unit,
				.room = p->home.room,
				.phone = p->has_phone ? p->phone : NULL,
				.card = p->has_card ? p->card : NULL,
				.party = p->party,
			};
			for (size_t c = 0; c < BENCH_COUNT(bench_compounds); c++)
				if (bench_compounds[c] == p->home.compound)
					g->compound[done + (int64_t)k] = (uint8_t)c;
		}
		size_t bad = 0;
		if (jf_resident_add_many(g->db, g->staff, rows, n, &bad) != JF_OK)
			bench_die("residents, row %zu (%s): %s", bad, rows[bad].name, jf_db_error(g->db));
		done += (int64_t)n;
		progress("residents", done, g->nres, t0);
	}
	if (isatty(2))
		fputc('\n', stderr);
	/* The generator relies on ids 1..n in order of addition. */
	jf_resident last;
	check(g, jf_resident_get(g->db, g->nres, &last), "last resident");
	if (strcmp(last.name, ps[(g->nres - 1) % ADD_BATCH].name) != 0)
		bench_die("resident ids are not 1..n in order");
	free(rows);
	free(ps);
}

static void choose_participants(gen *g)
{
	for (size_t c = 0; c < BENCH_COUNT(bench_compounds); c++)
		g->part[c] = malloc(sizeof(int64_t) * (size_t)(g->nres + 1));
	g->all_part = malloc(sizeof(int64_t) * (size_t)(g->nres + 1));
	for (int64_t i = 0; i < g->nres; i++) {
		if (bench_unit(&g->rng) >= PARTICIPATING && i > 0)
			continue;
		int c = g->compound[i];
		g->part[c][g->npart[c]++] = i;
		g->all_part[g->nall_part++] = i;
	}
}

/* A participant, the regulars (the first CORE_SHARE) picked more often. */
static int64_t pick_from(bench_rng *r, const int64_t *v, size_t n)
{
	size_t core = (size_t)((double)n * CORE_SHARE);
	if (core > 0 && bench_unit(r) < CORE_PICKS)
		return v[bench_below(r, core)];
	return v[bench_below(r, n)];
}

/* --- the year ------------------------------------------------------------- */

typedef enum { EV_AWARD, EV_REDEEM } ev_kind;

typedef struct {
	int64_t t;
	ev_kind kind;
	int size; /* award batch size */
} event;

static int cmp_event(const void *a, const void *b)
{
	const event *x = a, *y = b;
	return (x->t > y->t) - (x->t < y->t);
}

static int batch_size(bench_rng *r)
{
	double u = bench_unit(r);
	if (u < 0.55)
		return 1 + (int)bench_below(r, 3);
	if (u < 0.85)
		return 5 + (int)bench_below(r, 26);
	if (u < 0.97)
		return 30 + (int)bench_below(r, 91);
	return 150 + (int)bench_below(r, 451);
}

static void do_award(gen *g, int64_t day0, int size)
{
	/* one compound's clean-up, or one person's deed */
	size_t c = bench_below(&g->rng, BENCH_COUNT(bench_compounds));
	for (int tries = 0; g->npart[c] == 0 && tries < 100; tries++)
		c = bench_below(&g->rng, BENCH_COUNT(bench_compounds));
	if (g->npart[c] == 0)
		return;
	if ((size_t)size > g->npart[c])
		size = (int)g->npart[c];
	int64_t ids[1000];
	int n = 0;
	g->stamp++;
	for (int tries = 0; n < size && tries < size * 20; tries++) {
		int64_t i = pick_from(&g->rng, g->part[c], g->npart[c]);
		if (g->mark[i] == g->stamp)
			continue;
		g->mark[i] = g->stamp;
		ids[n++] = i + 1;
	}
	const jf_activity *a = &g->acts[bench_below(&g->rng, g->nacts)];
	char deed[11], ref[48];
	int64_t back = (int64_t)bench_below(&g->rng, 4) * 86400;
	jf_day_of(day0 - back >= bench_day_start(BENCH_YEAR_START) ? day0 - back : day0, deed);
	snprintf(ref, sizeof ref, "台账第%d页第%d行", 1 + (int)bench_below(&g->rng, 300),
	         1 + (int)bench_below(&g->rng, 25));
	jf_award_req req = {
		.activity_id = a->id,
		.verifier_id = bench_below(&g->rng, 3) ? g->leader[c] : g->grid[c],
		.deed_date = deed,
		.ref = ref,
		.note = bench_below(&g->rng, 10) ? "" : "照片已存档",
	};
	check(g, jf_award(g->db, g->staff, ids, (size_t)n, &req, NULL), "award");
	for (int k = 0; k < n; k++)
		g->balance[ids[k] - 1] += (int32_t)a->points;
	g->awards += n;
	g->award_calls++;
}

typedef struct {
	char no[JF_RECEIPT_NO_MAX + 1];
	int64_t resident;
	int64_t total;
	jf_cart_line lines[3];
	int n;
} receipt_rec;

/* One redemption by a resident who has points; returns 1 if one was made. */
static int do_redeem(gen *g, receipt_rec *out)
{
	for (int tries = 0; tries < 40; tries++) {
		int64_t i = pick_from(&g->rng, g->all_part, g->nall_part);
		int32_t bal = g->balance[i];
		if (bal < 2)
			continue;
		jf_cart_line cart[3];
		int n = 0, want = bench_below(&g->rng, 100) < 75 ? 1 : bench_below(&g->rng, 5) ? 2 : 3;
		int64_t total = 0;
		for (int k = 0; k < want * 4 && n < want; k++) {
			size_t it = bench_below(&g->rng, NITEMS);
			int64_t qty = bench_below(&g->rng, 10) ? 1 : 2;
			int dup = 0;
			for (int j = 0; j < n; j++)
				dup |= cart[j].item_id == g->item_id[it];
			if (dup || total + items[it].points * qty > bal)
				continue;
			if (jf_item_kind_stocked(items[it].kind) && g->stock[it] < qty)
				continue;
			cart[n++] = (jf_cart_line){.item_id = g->item_id[it], .qty = qty};
			total += items[it].points * qty;
		}
		if (n == 0)
			continue;
		jf_redeem_result res;
		jf_op *op = g->counters[bench_below(&g->rng, 3)];
		jf_status st = jf_redeem(g->db, op, i + 1, cart, (size_t)n, &res);
		if (st == JF_OVER_LIMIT) {
			g->refused++;
			continue;
		}
		check(g, st, "redeem");
		g->balance[i] = (int32_t)res.balance_after;
		for (int j = 0; j < n; j++)
			for (size_t it = 0; it < NITEMS; it++) {
				if (g->item_id[it] != cart[j].item_id)
					continue;
				if (jf_item_kind_stocked(items[it].kind)) {
					g->stock[it] -= cart[j].qty;
					continue;
				}
				/* a voucher per unit; housekeeping and services are
				 * done within a week, coupons are used in the shop */
				for (int64_t u = 0; u < cart[j].qty; u++) {
					int64_t id = ++g->next_voucher;
					if (items[it].kind == JF_ITEM_COUPON || bench_unit(&g->rng) >= FULFILLED)
						continue;
					if (g->npending == g->cappending) {
						g->cappending = g->cappending ? g->cappending * 2 : 1024;
						g->pending = realloc(g->pending, g->cappending * sizeof *g->pending);
						if (!g->pending)
							bench_die("out of memory");
					}
					g->pending[g->npending++] = (struct pending_voucher){
						id, jf_db_now(g->db) + (1 + (int64_t)bench_below(&g->rng, 6)) * 86400};
				}
			}
		/* the receipt printer, now and then out of paper */
		if (bench_unit(&g->rng) < PRINT_FAILS)
			check(g, jf_receipt_record_print(g->db, res.receipt_id, 0, "打印机缺纸"), "print");
		check(g, jf_receipt_record_print(g->db, res.receipt_id, 1, NULL), "print");
		g->redeems++;
		if (out) {
			jf_strlcpy(out->no, res.receipt_no, sizeof out->no);
			out->resident = i;
			out->total = res.total;
			memcpy(out->lines, cart, sizeof cart);
			out->n = n;
		}
		return 1;
	}
	g->skipped++;
	return 0;
}

/* The sponsor reports services done: the vouchers due by `t`. */
static void fulfil_due(gen *g, int64_t t)
{
	size_t keep = 0;
	jf_db_set_time(g->db, t);
	for (size_t k = 0; k < g->npending; k++) {
		if (g->pending[k].due > t) {
			g->pending[keep++] = g->pending[k];
			continue;
		}
		jf_status st = jf_voucher_fulfil(g->db, g->staff, g->pending[k].id, "服务方已回报");
		if (st == JF_ALREADY_VOIDED)
			continue;
		check(g, st, "voucher");
		g->fulfilled++;
	}
	g->npending = keep;
}

static void restock(gen *g, int64_t t)
{
	jf_db_set_time(g->db, t);
	for (size_t it = 0; it < NITEMS; it++) {
		if (!jf_item_kind_stocked(items[it].kind) || g->stock[it] >= RESTOCK_BELOW)
			continue;
		check(g, jf_stock_in(g->db, g->staff, g->item_id[it], RESTOCK_QTY, 0, "捐赠入库"),
		      "stock in");
		g->stock[it] += RESTOCK_QTY;
		g->stock_ins++;
	}
}

static void make_year(gen *g, int64_t entries, int64_t busy)
{
	int64_t start = bench_day_start(BENCH_YEAR_START);
	int64_t busy_day = bench_day_start(BENCH_BUSY_DAY);
	int64_t redeems = (int64_t)((double)entries * REDEEM_SHARE);
	if (busy > redeems / 2)
		busy = redeems / 2;
	int64_t awards = entries - redeems - (int64_t)((double)redeems * VOID_SHARE);
	int64_t award_left = awards, redeem_left = redeems - busy;
	size_t cap = 4096;
	event *ev = malloc(cap * sizeof *ev);
	receipt_rec *today = malloc(sizeof *today * (size_t)(busy + 4096));
	double t0 = bench_now_ms();

	for (int d = 0; d < BENCH_DAYS; d++) {
		/* noon to noon keeps the day right across any clock change */
		int64_t day0 = start + (int64_t)d * 86400;
		char dayname[11];
		jf_day_of(day0 + 43200, dayname);
		day0 = bench_day_start(dayname);
		int days_left = BENCH_DAYS - d;
		int64_t a_today = award_left / days_left, r_today = busy;
		if (day0 != busy_day) {
			/* what is still owed, over the ordinary days left */
			int normal_left = days_left - (busy_day > day0 ? 1 : 0);
			r_today = redeem_left / (normal_left > 0 ? normal_left : 1);
		}
		size_t nev = 0;
		for (int64_t got = 0; got < a_today;) {
			int s = batch_size(&g->rng);
			if (s > a_today - got)
				s = (int)(a_today - got);
			if (nev == cap)
				ev = realloc(ev, (cap *= 2) * sizeof *ev);
			ev[nev++] = (event){.t = day0 + 8 * 3600 + 1800 +
			                         (int64_t)bench_below(&g->rng, 9 * 3600),
			                    .kind = EV_AWARD,
			                    .size = s};
			got += s;
		}
		for (int64_t k = 0; k < r_today; k++) {
			if (nev == cap)
				ev = realloc(ev, (cap *= 2) * sizeof *ev);
			ev[nev++] = (event){.t = day0 + 9 * 3600 + (int64_t)bench_below(&g->rng, 8 * 3600),
			                    .kind = EV_REDEEM};
		}
		qsort(ev, nev, sizeof *ev, cmp_event);
		restock(g, day0 + 8 * 3600);
		fulfil_due(g, day0 + 8 * 3600 + 600);

		int64_t made = 0, awarded_before = g->awards;
		for (size_t k = 0; k < nev; k++) {
			jf_db_set_time(g->db, ev[k].t);
			if (ev[k].kind == EV_AWARD)
				do_award(g, day0, ev[k].size);
			else
				made += do_redeem(g, &today[made]);
		}
		award_left -= g->awards - awarded_before;
		if (day0 != busy_day)
			redeem_left -= made;
		/* a few mistakes, voided by staff after closing time (after the
		 * last award, at 17:30 at the latest: no entry is dated before
		 * the one before it) */
		int64_t nvoid = 0;
		for (int64_t k = 0; k < made; k++) {
			if (bench_unit(&g->rng) >= VOID_SHARE)
				continue;
			jf_db_set_time(g->db, day0 + 17 * 3600 + 1800 + 60 + nvoid++);
			check(g, jf_void(g->db, g->staff, today[k].no,
			                 bench_below(&g->rng, 2) ? "顾客退回" : "录错物品", NULL),
			      "void");
			g->balance[today[k].resident] += (int32_t)today[k].total;
			for (int j = 0; j < today[k].n; j++)
				for (size_t it = 0; it < NITEMS; it++)
					if (g->item_id[it] == today[k].lines[j].item_id &&
					    jf_item_kind_stocked(items[it].kind))
						g->stock[it] += today[k].lines[j].qty;
			g->voids++;
		}
		/* 日结 after closing time, but the last day is left open: its
		 * reconciliation is the benchmark */
		if (d < BENCH_DAYS - 1) {
			jf_db_set_time(g->db, day0 + 19 * 3600);
			check(g, jf_day_close(g->db, g->staff, dayname, NULL), "day close");
		}
		progress("entries", g->awards + g->redeems + g->voids, entries, t0);
	}
	if (isatty(2))
		fputc('\n', stderr);
	free(ev);
	free(today);
}

/* --- CSV ------------------------------------------------------------------ */

static int write_csv(const char *path, int64_t n, uint64_t seed)
{
	bench_rng r;
	bench_rng_seed(&r, seed);
	FILE *f = fopen(path, "wb");
	if (!f)
		bench_die("%s: %s", path, strerror(errno));
	/* the columns of `jifen resident import`, in the order staff keep them */
	fputs("\xEF\xBB\xBF姓名,手机,小区,楼栋,单元,房号,卡号,党员\r\n", f);
	for (int64_t i = 0; i < n; i++) {
		person p;
		make_person(&r, (uint64_t)i, &p);
		fprintf(f, "%s,%s,%s,%s,%s,%s,%s,%s\r\n", p.name, p.has_phone ? p.phone : "",
		        p.home.compound, p.home.building, p.home.unit, p.home.room,
		        p.has_card ? p.card : "", p.party ? "是" : "否");
	}
	if (fclose(f) != 0)
		bench_die("%s: %s", path, strerror(errno));
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: bench-gen [-r RESIDENTS] [-e ENTRIES] [-b BUSY] [-s SEED] DB\n"
	                "       bench-gen --csv [-r RESIDENTS] [-s SEED] FILE\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int64_t nres = 100000, entries = 1000000, busy = 2000;
	uint64_t seed = 1;
	int csv = 0;
	static const struct option longopts[] = {{"csv", no_argument, NULL, 'c'},
	                                         {NULL, 0, NULL, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "r:e:b:s:", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': nres = strtoll(optarg, NULL, 10); break;
		case 'e': entries = strtoll(optarg, NULL, 10); break;
		case 'b': busy = strtoll(optarg, NULL, 10); break;
		case 's': seed = strtoull(optarg, NULL, 10); break;
		case 'c': csv = 1; break;
		default: usage();
		}
	}
	if (optind != argc - 1 || nres < 1 || entries < 0 || busy < 0)
		usage();
	const char *path = argv[optind];
	bench_set_tz();
	if (jf_i18n_init(NULL) != 0)
		bench_die("no UTF-8 locale");
	if (csv)
		return write_csv(path, nres, seed);

	gen g;
	memset(&g, 0, sizeof g);
	bench_rng_seed(&g.rng, seed);
	g.nres = nres;
	g.balance = calloc((size_t)nres, sizeof *g.balance);
	g.compound = calloc((size_t)nres, 1);
	g.mark = calloc((size_t)nres, sizeof *g.mark);
	if (!g.balance || !g.compound || !g.mark)
		bench_die("out of memory");

	char err[1024];
	unlink(path);
	if (jf_db_create_test(path, "府西街道", "FX", 0, &g.db, err, sizeof err) != JF_OK)
		bench_die("%s", err);
	pragma(&g, "PRAGMA synchronous = OFF; PRAGMA cache_size = -262144");
	double t0 = bench_now_ms();
	jf_db_set_time(g.db, bench_day_start(BENCH_YEAR_START) - 30 * 86400);
	make_operators(&g);
	make_verifiers(&g);
	make_residents(&g);
	double t_res = bench_now_ms();
	choose_participants(&g);
	make_year(&g, entries, busy);
	double t_year = bench_now_ms();
	pragma(&g, "PRAGMA wal_checkpoint(TRUNCATE)");
	fprintf(stderr,
	        "  %" PRId64 " residents in %.1f s; %" PRId64 " awards in %" PRId64 " calls, %" PRId64
	        " redemptions (%" PRId64 " refused over a monthly limit, %" PRId64
	        " not placed), %" PRId64 " voids, %" PRId64 " vouchers fulfilled, %" PRId64
	        " stock receipts in %.1f s\n",
	        nres, (t_res - t0) / 1e3, g.awards, g.award_calls, g.redeems, g.refused, g.skipped,
	        g.voids, g.fulfilled, g.stock_ins, (t_year - t_res) / 1e3);
	printf("residents=%" PRId64 " entries=%" PRId64 " awards=%" PRId64 " redeems=%" PRId64
	       " voids=%" PRId64 " gen_residents_s=%.1f gen_entries_s=%.1f\n",
	       nres, g.awards + g.redeems + g.voids, g.awards, g.redeems, g.voids,
	       (t_res - t0) / 1e3, (t_year - t_res) / 1e3);
	free(g.acts);
	free(g.pending);
	for (size_t k = 0; k < BENCH_COUNT(bench_compounds); k++)
		free(g.part[k]);
	free(g.all_part);
	free(g.balance);
	free(g.compound);
	free(g.mark);
	jf_op_free(g.staff);
	for (int i = 0; i < 3; i++)
		jf_op_free(g.counters[i]);
	jf_db_close(g.db);
	return 0;
}
