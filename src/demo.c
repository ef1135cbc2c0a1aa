/* The demo database: 府西社区 as the article tells it, with four months of
 * plausible history, written through the core's own functions only (the
 * ledger's rules, roles and hash chain hold for the demo as for real use).
 * The fixed people and the catalog are data (data/demo-*.tsv, compiled in);
 * the other residents and the history come from a seeded generator. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "jifen/catalog.h"
#include "jifen/demo.h"
#include "jifen/ledger.h"
#include "jifen/pinyin.h"
#include "jifen/resident.h"

/* [0] data/demo-people.tsv, [1] data/demo-catalog.tsv */
extern const char *const jf_demo_data[];

#define DEMO_PIN "2468"
#define DEMO_RESIDENTS 200 /* besides the people of demo-people.tsv */
#define DEMO_DAYS 120      /* the history covers the last four months */
#define DEMO_CLEANUPS 36
#define DEMO_MOVED_OUT 4
#define DAY 86400

/* --- a small seeded generator (the same on every platform) ---------------- */

typedef struct {
	uint64_t s;
} rng;

static uint64_t rnd_next(rng *r)
{
	/* splitmix64 */
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* Uniform in lo..hi inclusive. */
static int rnd_int(rng *r, int lo, int hi)
{
	return lo + (int)(rnd_next(r) % (uint64_t)(hi - lo + 1));
}

static int rnd_pct(rng *r, int pct)
{
	return rnd_int(r, 0, 99) < pct;
}

/* --- data of the demo ----------------------------------------------------- */

/* Compounds of the generated residents, with how many buildings and units. */
static const struct {
	const char *name;
	int buildings, units;
} compounds[] = {
	{"开发楼家属楼", 4, 3}, {"世纪楼家属楼", 3, 2}, {"安康小区", 6, 3},
	{"公安小区", 3, 2},     {"府西新村", 5, 3},     {"供销社家属院", 2, 2},
};
#define N_COMPOUNDS (sizeof compounds / sizeof compounds[0])

/* Surnames of Hejin and around, the polyphonic ones (曾 单 解 仇 查 覃)
 * among them; the first ones are more common. */
static const char *const surnames[] = {
	"王", "张", "李", "杨", "薛", "刘", "赵", "史", "卫", "原", "吉", "柴", "贾",
	"郭", "任", "孙", "高", "梁", "畅", "樊", "董", "范", "杜", "冯", "马", "陈",
	"黄", "周", "吴", "宁", "席", "申", "曾", "单", "解", "仇", "查", "覃",
};
#define N_SURNAMES (sizeof surnames / sizeof surnames[0])

static const char *const given_m[] = {
	"建国", "建军", "国强", "志刚", "海军", "卫东", "红军", "永胜", "振华", "文斌",
	"俊杰", "浩然", "子轩", "宇航", "晓东", "立新", "德胜", "长青", "福生", "满仓",
	"天佑", "向阳", "明亮", "保国", "新民", "学文", "玉林", "铁柱", "金平", "忠良",
	"强", "伟", "军", "勇", "斌", "涛", "磊", "鹏",
};
static const char *const given_f[] = {
	"秀英", "桂兰", "玉兰", "淑芬", "美兰", "春梅", "红霞", "丽萍", "晓燕", "海燕",
	"翠花", "凤英", "月娥", "巧云", "素琴", "慧敏", "婷婷", "欣怡", "雨涵", "佳琪",
	"改莲", "粉娥", "爱琴", "引弟", "亚娟", "彩霞", "金凤", "艳红", "雪梅", "小芳",
	"敏", "静", "丽", "娟", "霞", "萍", "芳", "燕",
};
#define N_GIVEN_M (sizeof given_m / sizeof given_m[0])
#define N_GIVEN_F (sizeof given_f / sizeof given_f[0])

static const char *const phone_prefixes[] = {
	"130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151",
	"152", "153", "155", "157", "158", "159", "177", "180", "182", "183", "186",
	"187", "188", "189", "191",
};
#define N_PHONE_PREFIXES (sizeof phone_prefixes / sizeof phone_prefixes[0])

/* Activities given at random: the category's codes (C01, the clean-up, is
 * given in batches on its own). */
static const char *const misc_activities[] = {
	"G05", "G06", "G07", "G08", "G09", "G10", "C02", "C03", "C04", "C05", "C06",
	"C07", "C08", "C09", "C10", "R01", "R02", "R03", "R04", "R05", "R06", "R07",
	"R08", "R09", "E01", "E02", "E03", "E04", "E05", "E06", "E07", "E08", "E09",
};
static const char *const volunteer_activities[] = {
	"V01", "V02", "V03", "V04", "V05", "V06", "V07", "V08", "V09", "V10",
};
#define N_MISC (sizeof misc_activities / sizeof misc_activities[0])
#define N_VOLUNTEER (sizeof volunteer_activities / sizeof volunteer_activities[0])

/* The regular duties of the people the article names: who, what, how often. */
static const struct {
	const char *card;
	const char *activity;
	int times;
	const char *note;
} duties[] = {
	{"FX000002", "G01", 4, "义务收取世纪楼家属楼水费"},
	{"FX000003", "V07", 6, "随叫随到，为邻居修水管、换灯泡"},
	{"FX000004", "G02", 6, "担任秩序员"},
	{"FX000004", "G03", 6, "担任安全员，巡查楼道消防隐患"},
	{"FX000005", "G10", 4, NULL},
	{"FX000005", "C02", 2, NULL},
	{"FX000005", "V03", 3, NULL},
	{"FX000006", "V03", 3, NULL},
	{"FX000006", "C05", 2, NULL},
	{"FX000006", "E02", 3, NULL},
	{"FX000007", "C04", 3, "劝导乱丢垃圾"},
	{"FX000007", "G06", 3, "劝导车辆规范停放"},
};
#define N_DUTIES (sizeof duties / sizeof duties[0])

/* --- the demo's state ----------------------------------------------------- */

typedef struct {
	int64_t id;
	char name[JF_NAME_MAX + 1];
	char compound[JF_PLACE_MAX + 1];
	char building[JF_SHORT_MAX + 1], unit[JF_SHORT_MAX + 1], room[JF_SHORT_MAX + 1];
	char phone[JF_PHONE_MAX + 1];
	char card[16];
	int party;
	int leader;     /* also the 楼长 of the compound */
	int story_only; /* 丁美英: her passbook is the article's, nothing more */
	int moving_out; /* moves out in the last month: no history after that */
	int weight;     /* 1..5, how often they join in */
} person;

typedef struct {
	char login[JF_LOGIN_MAX + 1];
	char name[97];
	jf_role role;
} demo_operator;

typedef struct {
	char code[JF_CODE_MAX + 1];
	int64_t id;
	jf_item_kind kind;
	int64_t points;
	int64_t stock; /* received at the start */
	int64_t sponsor_id;
} demo_item;

enum ev_kind {
	EV_STOCK,     /* item received (item, qty) */
	EV_STORY,     /* 丁美英's award (activity, deed date) */
	EV_STORY_BUY, /* 丁美英's redemption of 纸巾 */
	EV_CLEANUP,   /* a clean-up of a compound, many residents at once */
	EV_DUTY,      /* a named person's regular duty */
	EV_AWARD,     /* a random activity to a random resident */
	EV_REDEEM,    /* a random resident redeems what they can afford */
	EV_HOUSEKEEPING,
	EV_MOVE_OUT,
};

typedef struct {
	int64_t t;
	int seq;
	enum ev_kind kind;
	int a;             /* item, compound, duty or person index; activity list index */
	int64_t qty;       /* stock received */
	const char *code;  /* activity code */
	char deed[11];     /* day of the deed, awards */
	int void_after;    /* the receipt is voided by staff soon after */
} event;

typedef struct {
	jf_db *db;
	rng r;
	int64_t now, cutoff; /* cutoff: the moving-out residents' last day */
	jf_op *admin, *staff, *counter;
	person *people;
	size_t npeople, nfixed; /* the first nfixed are from the data file */
	demo_operator ops[8];
	int nops;
	int64_t grid[4];
	int ngrid;
	int64_t leader_vid[N_COMPOUNDS + 8]; /* by compound index, 0 if none */
	int64_t leader_rid[N_COMPOUNDS + 8];
	char extra_compounds[8][JF_PLACE_MAX + 1];
	demo_item *items;
	size_t nitems;
	event *ev;
	size_t nev, cap;
	int page, page_rows;
	int64_t *batch;
} demo;

/* --- time ----------------------------------------------------------------- */

/* Local time: the day `days` after t's day, at hh:mm. */
static int64_t day_at(int64_t t, int days, int hh, int mm)
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	tm.tm_mday += days;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

static int64_t date_at(int year, int mon, int mday, int hh, int mm)
{
	struct tm tm = {0};
	tm.tm_year = year - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = mday;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

/* --- data files ----------------------------------------------------------- */

/* Split the next line of *p into at most `max` tab-separated fields in buf;
 * the number of fields, 0 for a comment or empty line, -1 at the end. */
static int tsv_line(const char **p, char *buf, size_t len, char **f, int max)
{
	const char *s = *p;
	if (!*s)
		return -1;
	const char *eol = strchr(s, '\n');
	size_t n = eol ? (size_t)(eol - s) : strlen(s);
	*p = eol ? eol + 1 : s + n;
	if (n >= len)
		n = len - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (buf[0] == '#' || buf[0] == '\0')
		return 0;
	int k = 0;
	char *cur = buf;
	while (k < max) {
		f[k++] = cur;
		char *tab = strchr(cur, '\t');
		if (!tab)
			break;
		*tab = '\0';
		cur = tab + 1;
	}
	return k;
}

static jf_status bad_data(jf_db *db, const char *file, int line)
{
	return jf_fail(db, JF_INVALID, _("演示数据 %s 第 %d 行格式不对"), file, line);
}

static int compound_index(demo *d, const char *name)
{
	for (size_t i = 0; i < N_COMPOUNDS; i++)
		if (strcmp(compounds[i].name, name) == 0)
			return (int)i;
	for (int i = 0; i < 8; i++) {
		if (strcmp(d->extra_compounds[i], name) == 0)
			return (int)N_COMPOUNDS + i;
		if (!d->extra_compounds[i][0]) {
			jf_strlcpy(d->extra_compounds[i], name, sizeof d->extra_compounds[i]);
			return (int)N_COMPOUNDS + i;
		}
	}
	return -1;
}

static jf_status add_person(demo *d, const person *p)
{
	person *v = realloc(d->people, (d->npeople + 1) * sizeof *v);
	if (!v)
		return jf_fail(d->db, JF_NOMEM, NULL);
	d->people = v;
	d->people[d->npeople++] = *p;
	return JF_OK;
}

/* Read demo-people.tsv: operators, grid workers' names (into grid_names),
 * and the fixed residents. */
static jf_status read_people(demo *d, char grid_names[][97], char grid_phones[][21])
{
	const char *p = jf_demo_data[0];
	char line[512];
	char *f[10];
	int k, lineno = 0;
	while ((k = tsv_line(&p, line, sizeof line, f, 10)) >= 0) {
		lineno++;
		if (k == 0)
			continue;
		if (strcmp(f[0], "operator") == 0 && k == 4 && d->nops < 8) {
			demo_operator *o = &d->ops[d->nops++];
			jf_strlcpy(o->login, f[1], sizeof o->login);
			jf_strlcpy(o->name, f[2], sizeof o->name);
			o->role = jf_role_parse(f[3]);
			if (!o->role)
				return bad_data(d->db, "demo-people.tsv", lineno);
		} else if (strcmp(f[0], "grid") == 0 && k == 3 && d->ngrid < 4) {
			jf_strlcpy(grid_names[d->ngrid], f[1], 97);
			jf_strlcpy(grid_phones[d->ngrid], f[2], 21);
			d->ngrid++;
		} else if (strcmp(f[0], "resident") == 0 && k == 10) {
			person pe = {0};
			jf_strlcpy(pe.name, f[1], sizeof pe.name);
			jf_strlcpy(pe.compound, f[2], sizeof pe.compound);
			jf_strlcpy(pe.building, f[3], sizeof pe.building);
			jf_strlcpy(pe.unit, f[4], sizeof pe.unit);
			jf_strlcpy(pe.room, f[5], sizeof pe.room);
			jf_strlcpy(pe.phone, f[6], sizeof pe.phone);
			jf_strlcpy(pe.card, f[7], sizeof pe.card);
			pe.party = strcmp(f[8], "1") == 0;
			pe.leader = strcmp(f[9], "1") == 0;
			/* the first resident of the file is 丁美英 of the article */
			pe.story_only = d->npeople == 0;
			pe.weight = 3;
			jf_status st = add_person(d, &pe);
			if (st != JF_OK)
				return st;
		} else {
			return bad_data(d->db, "demo-people.tsv", lineno);
		}
	}
	if (d->nops == 0 || d->ngrid == 0 || d->npeople == 0)
		return bad_data(d->db, "demo-people.tsv", lineno);
	d->nfixed = d->npeople;
	return JF_OK;
}

/* --- generated residents -------------------------------------------------- */

/* 1 if the name is taken, or if any reading of its initials is that of
 * someone named in the data file (so that `dmy` stays 丁美英 alone). */
static int name_taken(demo *d, const char *name, const char *const *others, int nothers)
{
	for (size_t i = 0; i < d->npeople; i++)
		if (strcmp(d->people[i].name, name) == 0)
			return 1;
	for (int i = 0; i < nothers; i++)
		if (strcmp(others[i], name) == 0)
			return 1;
	jf_pinyin_key mine[8], theirs[8];
	int nm = jf_pinyin_keys(name, 1, mine, 8);
	for (size_t i = 0; i < d->nfixed + (size_t)nothers; i++) {
		const char *other = i < d->nfixed ? d->people[i].name : others[i - d->nfixed];
		int nt = jf_pinyin_keys(other, 1, theirs, 8);
		for (int a = 0; a < nm; a++)
			for (int b = 0; b < nt; b++)
				if (strcmp(mine[a].initials, theirs[b].initials) == 0)
					return 1;
	}
	return 0;
}

static int phone_taken(demo *d, const char *phone)
{
	for (size_t i = 0; i < d->npeople; i++)
		if (strcmp(d->people[i].phone, phone) == 0)
			return 1;
	return 0;
}

static int room_taken(demo *d, const person *p)
{
	for (size_t i = 0; i < d->npeople; i++) {
		const person *q = &d->people[i];
		if (strcmp(q->compound, p->compound) == 0 && strcmp(q->building, p->building) == 0 &&
		    strcmp(q->unit, p->unit) == 0 && strcmp(q->room, p->room) == 0)
			return 1;
	}
	return 0;
}

/* Some 200 residents with plausible names, homes, phones and cards.  Fixed
 * people have cards FX000001..FX000099; these start at FX000101. */
static jf_status generate_residents(demo *d, const char *const *others, int nothers)
{
	int moving = 0;
	for (int i = 0; i < DEMO_RESIDENTS; i++) {
		person pe = {0};
		int tries = 0;
		do {
			/* common surnames more often: draw twice, keep the smaller */
			int s1 = rnd_int(&d->r, 0, N_SURNAMES - 1), s2 = rnd_int(&d->r, 0, N_SURNAMES - 1);
			const char *sur = surnames[s1 < s2 ? s1 : s2];
			const char *given = rnd_pct(&d->r, 50) ? given_m[rnd_int(&d->r, 0, N_GIVEN_M - 1)]
			                                       : given_f[rnd_int(&d->r, 0, N_GIVEN_F - 1)];
			snprintf(pe.name, sizeof pe.name, "%s%s", sur, given);
		} while (name_taken(d, pe.name, others, nothers) && ++tries < 100);
		if (tries >= 100)
			continue;
		size_t c = (size_t)rnd_int(&d->r, 0, N_COMPOUNDS - 1);
		jf_strlcpy(pe.compound, compounds[c].name, sizeof pe.compound);
		do {
			snprintf(pe.building, sizeof pe.building, "%d",
			         rnd_int(&d->r, 1, compounds[c].buildings));
			snprintf(pe.unit, sizeof pe.unit, "%d", rnd_int(&d->r, 1, compounds[c].units));
			int floor = rnd_int(&d->r, 1, 6);
			int door = rnd_int(&d->r, 1, 2);
			snprintf(pe.room, sizeof pe.room, "%d%02d", floor, door);
		} while (room_taken(d, &pe));
		do {
			const char *prefix = phone_prefixes[rnd_int(&d->r, 0, N_PHONE_PREFIXES - 1)];
			int hi = rnd_int(&d->r, 0, 9999);
			int lo = rnd_int(&d->r, 0, 9999);
			snprintf(pe.phone, sizeof pe.phone, "%s%04d%04d", prefix, hi, lo);
		} while (phone_taken(d, pe.phone));
		snprintf(pe.card, sizeof pe.card, "FX%06d", 101 + i);
		pe.party = rnd_pct(&d->r, 12);
		pe.weight = rnd_int(&d->r, 1, 5);
		if (moving < DEMO_MOVED_OUT && i % 37 == 11) {
			pe.moving_out = 1;
			moving++;
		}
		jf_status st = add_person(d, &pe);
		if (st != JF_OK)
			return st;
	}
	return JF_OK;
}

/* --- set-up: operators, people, verifiers, catalog ------------------------ */

static jf_status setup_operators(demo *d)
{
	jf_status st = JF_OK;
	int boot = -1;
	for (int i = 0; i < d->nops; i++)
		if (d->ops[i].role == JF_ROLE_ADMIN && boot < 0)
			boot = i;
	if (boot < 0)
		return bad_data(d->db, "demo-people.tsv", 0);
	if ((st = jf_operator_bootstrap(d->db, d->ops[boot].login, d->ops[boot].name, DEMO_PIN)) !=
	        JF_OK ||
	    (st = jf_login(d->db, d->ops[boot].login, DEMO_PIN, &d->admin)) != JF_OK)
		return st;
	for (int i = 0; i < d->nops; i++) {
		if (i == boot)
			continue;
		demo_operator *o = &d->ops[i];
		if ((st = jf_operator_add(d->db, d->admin, o->login, o->name, o->role, DEMO_PIN, 0)) !=
		    JF_OK)
			return st;
		jf_op **slot = o->role == JF_ROLE_STAFF ? &d->staff
		             : o->role == JF_ROLE_VOLUNTEER ? &d->counter : NULL;
		if (slot && !*slot && (st = jf_login(d->db, o->login, DEMO_PIN, slot)) != JF_OK)
			return st;
	}
	if (!d->staff || !d->counter)
		return bad_data(d->db, "demo-people.tsv", 0);
	return JF_OK;
}

static jf_status resident_id_by_card(demo *d, const char *card, int64_t *id)
{
	sqlite3_stmt *st = jf_prepare(d->db, "SELECT id FROM residents WHERE card = ?");
	if (!st)
		return JF_DB_IO;
	jf_bind_text(st, 1, card);
	int rc = sqlite3_step(st);
	jf_status rv = JF_OK;
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	else if (rc == SQLITE_DONE)
		rv = jf_fail(d->db, JF_NOT_FOUND, "%s", card);
	else
		rv = jf_sql_fail(d->db, rc);
	sqlite3_finalize(st);
	return rv;
}

static jf_status setup_people(demo *d, char grid_names[][97], char grid_phones[][21])
{
	jf_status st;
	jf_resident_new *rows = calloc(d->npeople, sizeof *rows);
	if (!rows)
		return jf_fail(d->db, JF_NOMEM, NULL);
	for (size_t i = 0; i < d->npeople; i++) {
		person *p = &d->people[i];
		rows[i] = (jf_resident_new){
			.name = p->name, .compound = p->compound, .building = p->building,
			.unit = p->unit, .room = p->room, .phone = p->phone, .card = p->card,
			.party = p->party,
		};
	}
	size_t bad = 0;
	st = jf_resident_add_many(d->db, d->staff, rows, d->npeople, &bad);
	free(rows);
	if (st != JF_OK)
		return st;
	for (size_t i = 0; i < d->npeople; i++)
		if ((st = resident_id_by_card(d, d->people[i].card, &d->people[i].id)) != JF_OK)
			return st;
	for (int g = 0; g < d->ngrid; g++)
		if ((st = jf_verifier_add(d->db, d->staff, grid_names[g], JF_VERIFIER_GRID, "",
		                          grid_phones[g], 0, &d->grid[g])) != JF_OK)
			return st;
	for (size_t i = 0; i < d->npeople; i++) {
		person *p = &d->people[i];
		if (!p->leader)
			continue;
		int c = compound_index(d, p->compound);
		if (c < 0)
			return bad_data(d->db, "demo-people.tsv", 0);
		if ((st = jf_verifier_add(d->db, d->staff, p->name, JF_VERIFIER_LEADER, p->compound,
		                          p->phone, p->id, &d->leader_vid[c])) != JF_OK)
			return st;
		d->leader_rid[c] = p->id;
	}
	return JF_OK;
}

static jf_status setup_catalog(demo *d)
{
	const char *p = jf_demo_data[1];
	char line[768];
	char *f[10];
	int k, lineno = 0;
	jf_status st;
	while ((k = tsv_line(&p, line, sizeof line, f, 10)) >= 0) {
		lineno++;
		if (k == 0)
			continue;
		if (k != 10)
			return bad_data(d->db, "demo-catalog.tsv", lineno);
		jf_item in = {0};
		jf_strlcpy(in.code, f[0], sizeof in.code);
		jf_strlcpy(in.name, f[1], sizeof in.name);
		in.kind = jf_item_kind_parse(f[2]);
		in.points = strtoll(f[3], NULL, 10);
		jf_strlcpy(in.unit, f[4], sizeof in.unit);
		in.monthly_limit = strtoll(f[7], NULL, 10);
		in.valid_days = atoi(f[8]);
		if (strcmp(f[5], "-") != 0) {
			jf_sponsor_kind sk = jf_sponsor_kind_parse(f[6]);
			if ((st = jf_sponsor_ensure(d->db, d->staff, f[5], sk, &in.sponsor_id)) != JF_OK)
				return st;
		}
		int64_t id;
		if ((st = jf_item_add(d->db, d->admin, &in, &id)) != JF_OK)
			return st;
		demo_item *v = realloc(d->items, (d->nitems + 1) * sizeof *v);
		if (!v)
			return jf_fail(d->db, JF_NOMEM, NULL);
		d->items = v;
		demo_item *it = &d->items[d->nitems++];
		jf_strlcpy(it->code, in.code, sizeof it->code);
		it->id = id;
		it->kind = in.kind;
		it->points = in.points;
		it->stock = jf_item_kind_stocked(in.kind) ? strtoll(f[9], NULL, 10) : 0;
		it->sponsor_id = in.sponsor_id;
	}
	return JF_OK;
}

/* --- the plan: events in time ---------------------------------------------- */

static jf_status plan(demo *d, event ev)
{
	if (ev.t >= d->now)
		return JF_OK; /* nothing in the future */
	if (d->nev == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 512;
		event *v = realloc(d->ev, cap * sizeof *v);
		if (!v)
			return jf_fail(d->db, JF_NOMEM, NULL);
		d->ev = v;
		d->cap = cap;
	}
	ev.seq = (int)d->nev;
	d->ev[d->nev++] = ev;
	return JF_OK;
}

static int event_cmp(const void *a, const void *b)
{
	const event *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->seq - y->seq;
}

/* A random minute of the hours hlo..hhi on day `day` after start's day.
 * (One draw per statement: the order of arguments is the compiler's, and the
 * demo must be the same whichever compiler built it.) */
static int64_t rnd_time(demo *d, int64_t start, int day, int hlo, int hhi)
{
	int hh = rnd_int(&d->r, hlo, hhi);
	int mm = rnd_int(&d->r, 0, 59);
	return day_at(start, day, hh, mm);
}

/* An award recorded on day `day` (offset from start) in the afternoon,
 * for a deed that day or the day before. */
static event award_event(demo *d, int64_t start, int day, enum ev_kind kind)
{
	event e = {0};
	e.kind = kind;
	e.t = rnd_time(d, start, day, 14, 17);
	jf_day_of(day_at(start, day - rnd_int(&d->r, 0, 1), 12, 0), e.deed);
	return e;
}

static jf_status make_plan(demo *d, int64_t setup_t, int64_t start, int story_year)
{
	jf_status st = JF_OK;
	event e;
	/* goods received when the scheme starts, and again half-way */
	for (size_t i = 0; i < d->nitems; i++) {
		if (!d->items[i].stock)
			continue;
		e = (event){.kind = EV_STOCK, .a = (int)i, .qty = d->items[i].stock};
		e.t = day_at(setup_t, 1, 10, (int)i);
		if ((st = plan(d, e)) != JF_OK)
			return st;
		e.qty = d->items[i].stock / 2;
		e.t = day_at(start, DEMO_DAYS / 2, 10, (int)i);
		if ((st = plan(d, e)) != JF_OK)
			return st;
	}
	/* 丁美英, as the article has it */
	static const struct {
		int mon, mday;
		const char *code;
	} story[] = {{5, 10, "V01"}, {6, 7, "G04"}, {7, 1, "V02"}};
	for (size_t i = 0; i < 3; i++) {
		e = (event){.kind = EV_STORY, .code = story[i].code, .a = (int)i};
		e.t = date_at(story_year, story[i].mon, story[i].mday, 16, 30);
		jf_day_of(e.t, e.deed);
		if ((st = plan(d, e)) != JF_OK)
			return st;
	}
	e = (event){.kind = EV_STORY_BUY, .t = date_at(story_year, 7, 7, 10, 20)};
	if ((st = plan(d, e)) != JF_OK)
		return st;
	/* 36 clean-ups, one compound after another */
	for (int i = 0; i < DEMO_CLEANUPS; i++) {
		int day = 2 + i * (DEMO_DAYS - 4) / DEMO_CLEANUPS;
		e = (event){.kind = EV_CLEANUP, .a = i % (int)N_COMPOUNDS, .code = "C01"};
		e.t = day_at(start, day, 16, rnd_int(&d->r, 0, 59));
		jf_day_of(day_at(start, day, 12, 0), e.deed);
		if ((st = plan(d, e)) != JF_OK)
			return st;
	}
	/* the regular duties of the people the article names */
	for (size_t i = 0; i < N_DUTIES; i++) {
		for (int n = 0; n < duties[i].times; n++) {
			int span = DEMO_DAYS / duties[i].times;
			e = award_event(d, start, 1 + n * span + rnd_int(&d->r, 0, span - 2), EV_DUTY);
			e.a = (int)i;
			e.code = duties[i].activity;
			if ((st = plan(d, e)) != JF_OK)
				return st;
		}
	}
	/* 30-odd volunteer services, and the everyday good deeds */
	for (int i = 0; i < 34; i++) {
		e = award_event(d, start, rnd_int(&d->r, 1, DEMO_DAYS), EV_AWARD);
		e.code = volunteer_activities[rnd_int(&d->r, 0, N_VOLUNTEER - 1)];
		if ((st = plan(d, e)) != JF_OK)
			return st;
	}
	for (int i = 0; i < 170; i++) {
		e = award_event(d, start, rnd_int(&d->r, 1, DEMO_DAYS), EV_AWARD);
		e.code = misc_activities[rnd_int(&d->r, 0, N_MISC - 1)];
		if ((st = plan(d, e)) != JF_OK)
			return st;
	}
	/* redemptions, more as points pile up; two voided after a mistake */
	for (int i = 0; i < 130; i++) {
		int a = rnd_int(&d->r, 8, DEMO_DAYS), b = rnd_int(&d->r, 8, DEMO_DAYS);
		e = (event){.kind = EV_REDEEM, .void_after = i == 40 || i == 77};
		e.t = rnd_time(d, start, a > b ? a : b, 9, 11);
		if ((st = plan(d, e)) != JF_OK)
			return st;
	}
	for (int i = 0; i < 5; i++) {
		e = (event){.kind = EV_HOUSEKEEPING};
		e.t = day_at(start, DEMO_DAYS / 2 + i * 11, 10, rnd_int(&d->r, 0, 59));
		if ((st = plan(d, e)) != JF_OK)
			return st;
	}
	/* a few residents move out in the last month */
	int n = 0;
	for (size_t i = 0; i < d->npeople; i++) {
		if (!d->people[i].moving_out)
			continue;
		e = (event){.kind = EV_MOVE_OUT, .a = (int)i};
		e.t = day_at(d->cutoff, 1 + 2 * n++, 11, 0);
		if ((st = plan(d, e)) != JF_OK)
			return st;
	}
	qsort(d->ev, d->nev, sizeof *d->ev, event_cmp);
	return JF_OK;
}

/* --- carrying out the plan ------------------------------------------------- */

/* May person i take part in something at time t? */
static int available(const demo *d, size_t i, int64_t t)
{
	const person *p = &d->people[i];
	return !p->story_only && !(p->moving_out && t > d->cutoff);
}

/* A random resident who may take part at time t, the keen ones more often. */
static size_t pick_person(demo *d, int64_t t)
{
	size_t i = 1;
	for (int tries = 0; tries < 10000; tries++) {
		i = (size_t)rnd_int(&d->r, 0, (int)d->npeople - 1);
		if (available(d, i, t) && rnd_int(&d->r, 1, 5) <= d->people[i].weight)
			return i;
	}
	return i;
}

/* Who confirms a deed of resident i: the compound's 楼长 (not for their own
 * deed) or a grid worker. */
static int64_t verifier_for(demo *d, size_t i)
{
	int c = compound_index(d, d->people[i].compound);
	if (c >= 0 && d->leader_vid[c] && d->leader_rid[c] != d->people[i].id && rnd_pct(&d->r, 60))
		return d->leader_vid[c];
	return d->grid[rnd_pct(&d->r, 70) ? 0 : rnd_int(&d->r, 0, d->ngrid - 1)];
}

static jf_status activity_id(demo *d, const char *code, int64_t *id)
{
	jf_activity a;
	jf_status st = jf_activity_resolve(d->db, code, &a);
	if (st == JF_OK)
		*id = a.id;
	return st;
}

/* The paper 台账's page and row, as staff would note it. */
static void next_ref(demo *d, char *buf, size_t len)
{
	if (++d->page_rows > 15) {
		d->page++;
		d->page_rows = 1;
	}
	snprintf(buf, len, _("台账第%d页第%d行"), d->page, d->page_rows);
}

static jf_status award(demo *d, const int64_t *ids, size_t n, const char *code, int64_t verifier,
                       const char *deed, const char *note)
{
	jf_award_req req = {0};
	char ref[64];
	jf_status st = activity_id(d, code, &req.activity_id);
	if (st != JF_OK)
		return st;
	next_ref(d, ref, sizeof ref);
	req.verifier_id = verifier;
	req.deed_date = deed;
	req.ref = ref;
	req.note = note;
	return jf_award(d->db, d->staff, ids, n, &req, NULL);
}

static demo_item *item_by_code(demo *d, const char *code)
{
	for (size_t i = 0; i < d->nitems; i++)
		if (strcmp(d->items[i].code, code) == 0)
			return &d->items[i];
	return NULL;
}

/* How many of `it` resident rid may still take at time t: stock, monthly
 * limit and points permitting. */
static jf_status can_take(demo *d, int64_t rid, const demo_item *it, int64_t t, int64_t points,
                          int64_t *max)
{
	jf_item cur;
	jf_status st = jf_item_get(d->db, it->id, &cur);
	if (st != JF_OK)
		return st;
	int64_t m = points / cur.points;
	if (jf_item_kind_stocked(cur.kind) && cur.stock < m)
		m = cur.stock;
	if (cur.monthly_limit) {
		int64_t used = 0;
		if ((st = jf_item_month_used(d->db, rid, it->id, t, &used)) != JF_OK)
			return st;
		if (cur.monthly_limit - used < m)
			m = cur.monthly_limit - used;
	}
	*max = m > 0 ? m : 0;
	return JF_OK;
}

/* A resident who may take part at time t and has at least `min` points:
 * a random one if one of a few random picks has them, else the first such
 * from a random place on (*balance 0 if nobody has). */
static jf_status pick_with_points(demo *d, int64_t t, int64_t min, size_t *who, int64_t *balance)
{
	size_t from = (size_t)rnd_int(&d->r, 0, (int)d->npeople - 1);
	for (size_t k = 0; k < 20 + d->npeople; k++) {
		size_t i = k < 20 ? pick_person(d, t) : (from + k) % d->npeople;
		if (!available(d, i, t))
			continue;
		jf_resident r;
		jf_status st = jf_resident_get(d->db, d->people[i].id, &r);
		if (st != JF_OK)
			return st;
		if (r.active && r.balance >= min) {
			*who = i;
			*balance = r.balance;
			return JF_OK;
		}
	}
	*balance = 0;
	return JF_OK;
}

static jf_status redeem_random(demo *d, const event *e, int64_t t)
{
	size_t who = 0;
	int64_t balance = 0;
	jf_status st = pick_with_points(d, t, 2, &who, &balance);
	if (st != JF_OK || balance == 0)
		return st;
	int64_t rid = d->people[who].id;
	jf_cart_line lines[3];
	size_t n = 0;
	int want = rnd_int(&d->r, 1, 3);
	for (int tries = 0; tries < 10 && (int)n < want; tries++) {
		demo_item *it = &d->items[rnd_int(&d->r, 0, (int)d->nitems - 1)];
		if (it->kind == JF_ITEM_HOUSEKEEPING)
			continue;
		int dup = 0;
		for (size_t k = 0; k < n; k++)
			dup |= lines[k].item_id == it->id;
		int64_t max = 0;
		if (dup || (st = can_take(d, rid, it, t, balance, &max)) != JF_OK || max == 0) {
			if (st != JF_OK)
				return st;
			continue;
		}
		int64_t qty = it->points <= 2 && max >= 2 && rnd_pct(&d->r, 40) ? 2 : 1;
		lines[n++] = (jf_cart_line){.item_id = it->id, .qty = qty};
		balance -= qty * it->points;
	}
	if (n == 0)
		return JF_OK;
	jf_redeem_result res;
	if ((st = jf_redeem(d->db, d->counter, rid, lines, n, &res)) != JF_OK)
		return st;
	if (e->void_after) {
		jf_db_set_time(d->db, t + 180);
		st = jf_void(d->db, d->staff, res.receipt_no, _("居民要求换成别的物品，作废重开"), NULL);
	}
	return st;
}

/* Housekeeping for a resident who has saved up for it, five times in all as
 * the article counts. */
static jf_status redeem_housekeeping(demo *d, int64_t t)
{
	static const char *const codes[] = {"JZ01", "JZ02", "JZ03"};
	int first = rnd_int(&d->r, 0, 2);
	for (int k = 0; k < 3; k++) {
		demo_item *it = item_by_code(d, codes[(first + k) % 3]);
		if (!it)
			continue;
		size_t who = 0;
		int64_t balance = 0, max = 0;
		jf_status st = pick_with_points(d, t, it->points, &who, &balance);
		if (st != JF_OK)
			return st;
		if (balance == 0)
			continue;
		if ((st = can_take(d, d->people[who].id, it, t, balance, &max)) != JF_OK)
			return st;
		if (max == 0)
			continue;
		jf_cart_line line = {.item_id = it->id, .qty = 1};
		jf_redeem_result res;
		return jf_redeem(d->db, d->counter, d->people[who].id, &line, 1, &res);
	}
	return JF_OK;
}

static jf_status estate_cleanup(demo *d, const event *e, int64_t t)
{
	int c = e->a;
	int64_t verifier = d->leader_vid[c] && rnd_pct(&d->r, 70) ? d->leader_vid[c] : d->grid[0];
	int64_t leader_rid = verifier == d->leader_vid[c] ? d->leader_rid[c] : 0;
	size_t n = 0;
	for (size_t i = 0; i < d->npeople; i++) {
		const person *p = &d->people[i];
		if (!available(d, i, t) || p->id == leader_rid)
			continue;
		int home = strcmp(p->compound, compounds[c].name) == 0;
		if (rnd_pct(&d->r, home ? 35 + 10 * p->weight : p->weight))
			d->batch[n++] = p->id;
	}
	if (n == 0)
		return JF_OK;
	char note[128];
	snprintf(note, sizeof note, _("%s人居环境整治，%zu人参加"), compounds[c].name, n);
	return award(d, d->batch, n, e->code, verifier, e->deed, note);
}

static jf_status run_event(demo *d, const event *e, int64_t t)
{
	jf_status st = JF_OK;
	switch (e->kind) {
	case EV_STOCK: {
		const demo_item *it = &d->items[e->a];
		return jf_stock_in(d->db, d->staff, it->id, e->qty, it->sponsor_id,
		                   _("爱心捐赠入库"));
	}
	case EV_STORY: {
		static const char *const notes[] = {
			"上门为小区高龄老人打扫卫生、整理家务",
			NULL, /* the activity's name says it all */
			"为社区居民义务理发",
		};
		return award(d, &d->people[0].id, 1, e->code, d->grid[0], e->deed, notes[e->a]);
	}
	case EV_STORY_BUY: {
		demo_item *tissue = item_by_code(d, "ZJ01"), *soap = item_by_code(d, "XZ01");
		if (!tissue || !soap)
			return bad_data(d->db, "demo-catalog.tsv", 0);
		jf_cart_line lines[2] = {{.item_id = tissue->id, .qty = 2},
		                         {.item_id = soap->id, .qty = 1}};
		jf_redeem_result res;
		return jf_redeem(d->db, d->counter, d->people[0].id, lines, 2, &res);
	}
	case EV_CLEANUP:
		return estate_cleanup(d, e, t);
	case EV_DUTY: {
		int64_t rid = 0;
		if ((st = resident_id_by_card(d, duties[e->a].card, &rid)) != JF_OK)
			return st;
		size_t i = 0;
		while (i < d->npeople && d->people[i].id != rid)
			i++;
		return award(d, &rid, 1, e->code, verifier_for(d, i), e->deed, duties[e->a].note);
	}
	case EV_AWARD: {
		size_t i = pick_person(d, t);
		return award(d, &d->people[i].id, 1, e->code, verifier_for(d, i), e->deed, NULL);
	}
	case EV_REDEEM:
		return redeem_random(d, e, t);
	case EV_HOUSEKEEPING:
		return redeem_housekeeping(d, t);
	case EV_MOVE_OUT:
		return jf_resident_set_active(d->db, d->staff, d->people[e->a].id, 0);
	}
	return st;
}

jf_status jf_demo_populate(jf_db *db, unsigned seed)
{
	demo d = {0};
	/* The history is dated by setting the clock: a demo database only. */
	if (!jf_db_is_test(db))
		return jf_fail(db, JF_DENIED, _("演示数据只能写入演示/测试数据库"));
	d.db = db;
	d.r.s = 0x6A6966656E000000ull ^ seed; /* "jifen" */
	int64_t saved = db->fixed_time;
	d.now = jf_db_now(db);
	int64_t start = day_at(d.now, -DEMO_DAYS, 0, 0);
	d.cutoff = day_at(d.now, -30, 0, 0);
	d.page = 1;

	/* 丁美英's story happened on 5-10 .. 7-7 of this year, or of last year
	 * if 7 July is still to come. */
	time_t tt = (time_t)d.now;
	struct tm tm;
	localtime_r(&tt, &tm);
	int story_year = tm.tm_year + 1900;
	if (date_at(story_year, 7, 7, 10, 20) >= d.now)
		story_year--;
	int64_t first = date_at(story_year, 5, 10, 12, 0);
	int64_t setup_t = day_at(first < start ? first : start, -3, 9, 0);

	char grid_names[4][97], grid_phones[4][21];
	const char *others[16];
	int nothers = 0;
	jf_status st;
	jf_db_set_time(db, setup_t);
	/* The whole demo in one transaction: every step below is its own
	 * savepoint, and a failure leaves an empty database (which init
	 * removes) either way; one commit instead of one per step. */
	if ((st = jf_tx_begin(db)) != JF_OK)
		goto cleanup;
	if ((st = read_people(&d, grid_names, grid_phones)) != JF_OK)
		goto cleanup;
	for (int i = 0; i < d.nops; i++)
		others[nothers++] = d.ops[i].name;
	for (int i = 0; i < d.ngrid; i++)
		others[nothers++] = grid_names[i];
	if ((st = generate_residents(&d, others, nothers)) != JF_OK ||
	    (st = setup_operators(&d)) != JF_OK ||
	    (st = setup_people(&d, grid_names, grid_phones)) != JF_OK ||
	    (st = setup_catalog(&d)) != JF_OK || (st = make_plan(&d, setup_t, start, story_year)) != JF_OK)
		goto cleanup;
	d.batch = malloc(d.npeople * sizeof *d.batch);
	if (!d.batch) {
		st = jf_fail(db, JF_NOMEM, NULL);
		goto cleanup;
	}
	int64_t last = setup_t;
	for (size_t i = 0; i < d.nev; i++) {
		/* strictly in time order, one entry after another */
		int64_t t = d.ev[i].t > last ? d.ev[i].t : last + 1;
		jf_db_set_time(db, t);
		if ((st = run_event(&d, &d.ev[i], t)) != JF_OK)
			goto cleanup;
		last = jf_db_now(db);
	}
	st = jf_tx_commit(db);
cleanup:
	if (st != JF_OK && db->in_tx)
		jf_tx_rollback(db);
	jf_db_set_time(db, saved);
	jf_op_free(d.admin);
	jf_op_free(d.staff);
	jf_op_free(d.counter);
	free(d.people);
	free(d.items);
	free(d.ev);
	free(d.batch);
	return st;
}
