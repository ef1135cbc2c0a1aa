/* Reports over any period (jifen report): see jifen/period.h for how each
 * figure is counted. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "jifen/catalog.h"
#include "jifen/csv.h"
#include "jifen/i18n.h"
#include "jifen/period.h"
#include "jifen/text.h"
#include "layout.h"

#define IN_PERIOD "l.day >= ?1 AND l.day < ?2"
/* an entry that makes its resident a participant: an award, or a
 * redemption not voided within the period */
#define TOOK_PART                                                                                  \
	"(l.kind = 'award' OR (l.kind = 'redeem' AND NOT EXISTS (SELECT 1 FROM ledger v"           \
	" WHERE v.kind = 'void' AND v.receipt_id = l.receipt_id AND v.day >= ?1 AND v.day < ?2)))"
/* events: one per activity and deed date (as the monthly notice counts
 * clean-ups), in the period of its first award */
#define EVENTS                                                                                     \
	"WITH ev AS (SELECT l.activity_id AS aid FROM ledger l"                                    \
	" WHERE l.kind = 'award' AND l.day < ?2"                                                   \
	" GROUP BY l.activity_id, l.deed_date HAVING min(l.day) >= ?1) "
#define UNITS "CASE l.kind WHEN 'redeem' THEN rl.qty ELSE -rl.qty END"

/* --- days --------------------------------------------------------------------- */

static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, char out[11])
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;
	char tmp[64];
	snprintf(tmp, sizeof tmp, "%04ld-%02ld-%02ld", y + (m <= 2), m, d);
	jf_strlcpy(out, tmp, 11);
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* One side: a day, a month, a quarter or a year of `n` bytes. */
static int parse_span(const char *s, size_t n, char from[11], char to[11])
{
	int y, m1, m2, d = 1;
	if (n == 10) {
		char day[11];
		memcpy(day, s, 10);
		day[10] = '\0';
		if (!jf_day_valid(day))
			return -1;
		memcpy(from, day, 11);
		memcpy(to, day, 11);
		return 0;
	}
	if (n < 4 || !all_digits(s, 4))
		return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	if (y < 1970 || y > 9000)
		return -1;
	if (n == 4) {
		m1 = 1, m2 = 12;
	} else if (n == 7 && s[4] == '-' && all_digits(s + 5, 2)) {
		m1 = m2 = (s[5] - '0') * 10 + (s[6] - '0');
		if (m1 < 1 || m1 > 12)
			return -1;
	} else if (n == 6 && (s[4] == 'Q' || s[4] == 'q') && s[5] >= '1' && s[5] <= '4') {
		m1 = (s[5] - '1') * 3 + 1;
		m2 = m1 + 2;
	} else {
		return -1;
	}
	char tmp[64];
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m1, d);
	jf_strlcpy(from, tmp, 11);
	long last = m2 == 12 ? days_from_civil(y + 1, 1, 1) - 1 : days_from_civil(y, m2 + 1, 1) - 1;
	civil_from_days(last, to);
	return 0;
}

int jf_period_parse(const char *s, const char *first, const char *today, char from[11],
                    char to[11])
{
	char f2[11], t2[11];
	if (!s || !*s)
		return -1;
	if (!strcmp(s, "all")) {
		jf_strlcpy(from, first && *first ? first : today, 11);
		jf_strlcpy(to, today, 11);
		return strcmp(from, to) <= 0 ? 0 : -1;
	}
	const char *dots = strstr(s, "..");
	if (!dots)
		return parse_span(s, strlen(s), from, to);
	size_t ln = (size_t)(dots - s), rn = strlen(dots + 2);
	if (ln == 0)
		jf_strlcpy(from, first && *first ? first : today, 11);
	else if (parse_span(s, ln, from, t2) != 0)
		return -1;
	if (rn == 0)
		jf_strlcpy(to, today, 11);
	else if (parse_span(dots + 2, rn, f2, to) != 0)
		return -1;
	return strcmp(from, to) <= 0 ? 0 : -1;
}

/* --- reading ------------------------------------------------------------------ */

#define I64(i) sqlite3_column_int64(st, (i))

static jf_status row_people(jf_db *db, sqlite3_stmt *st, void *ctx, size_t *cap)
{
	jf_period_report *r = ctx;
	(void)db, (void)cap;
	r->participants = I64(0), r->party_members = I64(1);
	r->earners = I64(2), r->redeemers = I64(3);
	return JF_OK;
}

static jf_status row_totals(jf_db *db, sqlite3_stmt *st, void *ctx, size_t *cap)
{
	jf_period_report *r = ctx;
	(void)db, (void)cap;
	r->awards = I64(0), r->points_earned = I64(1), r->points_spent = I64(2);
	r->redemptions = I64(3), r->items_redeemed = I64(4), r->services_delivered = I64(5);
	r->housekeeping_delivered = I64(6), r->coupons_used = I64(7);
	return JF_OK;
}

static jf_status row_events(jf_db *db, sqlite3_stmt *st, void *ctx, size_t *cap)
{
	jf_period_report *r = ctx;
	(void)db, (void)cap;
	r->cleanups = I64(0), r->volunteer_services = I64(1);
	return JF_OK;
}

static jf_status row_category(jf_db *db, sqlite3_stmt *st, void *ctx, size_t *cap)
{
	jf_period_report *r = ctx;
	(void)db, (void)cap;
	char cat[32];
	jf_col_text(st, 0, cat, sizeof cat);
	for (int i = 0; i < JF_CATEGORY_COUNT; i++)
		if (!strcmp(r->categories[i].name, cat)) {
			jf_period_row *c = &r->categories[i];
			c->participants = I64(1), c->party = I64(2), c->awards = I64(3);
			c->points = I64(4);
		}
	return JF_OK;
}

static jf_status row_activity(jf_db *db, sqlite3_stmt *st, void *ctx, size_t *cap)
{
	jf_period_report *r = ctx;
	jf_period_row *a;
	JF_PUSH(db, r->activities, r->n_activities, cap, a);
	jf_col_text(st, 0, a->code, sizeof a->code);
	jf_col_text(st, 1, a->name, sizeof a->name);
	jf_col_text(st, 2, a->category, sizeof a->category);
	a->participants = I64(3), a->party = I64(4), a->awards = I64(5), a->points = I64(6);
	a->events = I64(7);
	for (int i = 0; i < JF_CATEGORY_COUNT; i++)
		if (!strcmp(r->categories[i].name, a->category))
			r->categories[i].events += a->events;
	return JF_OK;
}

static jf_status row_building(jf_db *db, sqlite3_stmt *st, void *ctx, size_t *cap)
{
	jf_period_report *r = ctx;
	jf_period_row *b;
	JF_PUSH(db, r->buildings, r->n_buildings, cap, b);
	jf_col_text(st, 0, b->name, sizeof b->name);
	jf_col_text(st, 1, b->code, sizeof b->code);
	b->participants = I64(2), b->party = I64(3), b->awards = I64(4), b->points = I64(5);
	return JF_OK;
}

static jf_status row_verifier(jf_db *db, sqlite3_stmt *st, void *ctx, size_t *cap)
{
	jf_period_report *r = ctx;
	jf_period_verifier *v;
	JF_PUSH(db, r->verifiers, r->n_verifiers, cap, v);
	jf_col_text(st, 0, v->name, sizeof v->name);
	jf_col_text(st, 1, v->role, sizeof v->role);
	jf_col_text(st, 2, v->compound, sizeof v->compound);
	v->deeds = I64(3), v->points = I64(4);
	return JF_OK;
}

static jf_status row_sponsor(jf_db *db, sqlite3_stmt *st, void *ctx, size_t *cap)
{
	jf_period_report *r = ctx;
	jf_period_sponsor *s;
	JF_PUSH(db, r->sponsors, r->n_sponsors, cap, s);
	jf_col_text(st, 0, s->name, sizeof s->name);
	jf_col_text(st, 1, s->kind, sizeof s->kind);
	s->given = I64(2), s->redeemed = I64(3), s->fulfilled = I64(4);
	return JF_OK;
}

static jf_period_month *month_of(jf_period_report *r, sqlite3_stmt *st)
{
	char m[8];
	jf_col_text(st, 0, m, sizeof m);
	for (size_t i = 0; i < r->n_months; i++)
		if (!strcmp(r->months[i].month, m))
			return &r->months[i];
	return NULL;
}

static jf_status row_month(jf_db *db, sqlite3_stmt *st, void *ctx, size_t *cap)
{
	jf_period_report *r = ctx;
	(void)db, (void)cap;
	jf_period_month *m = month_of(r, st);
	if (m)
		m->participants = I64(1), m->points = I64(2);
	return JF_OK;
}

static jf_status row_month_items(jf_db *db, sqlite3_stmt *st, void *ctx, size_t *cap)
{
	jf_period_report *r = ctx;
	(void)db, (void)cap;
	jf_period_month *m = month_of(r, st);
	if (m)
		m->items_redeemed = I64(1);
	return JF_OK;
}

static jf_status row_heads(jf_db *db, sqlite3_stmt *st, void *ctx, size_t *cap)
{
	jf_period_report *r = ctx;
	(void)db, (void)cap;
	jf_col_text(st, 0, r->head, sizeof r->head);
	r->entries = I64(1);
	jf_col_text(st, 2, r->head_now, sizeof r->head_now);
	r->entries_now = I64(3);
	return JF_OK;
}

#define FULFILLED(kinds)                                                                           \
	"(SELECT count(*) FROM voucher_events e JOIN vouchers v ON v.id = e.voucher_id"            \
	" JOIN items i ON i.id = v.item_id WHERE e.kind = 'fulfilled' AND e.day >= ?1"             \
	" AND e.day < ?2 AND i.kind IN " kinds ")"

/* clang-format off */
static const struct {
	const char *sql;
	jf_row_fn row;
} queries[] = {
	{"WITH p AS (SELECT l.resident_id AS rid, max(l.kind = 'award') AS earned,"
	 "   max(l.kind = 'redeem') AS red FROM ledger l"
	 "   WHERE " IN_PERIOD " AND " TOOK_PART " GROUP BY l.resident_id)"
	 " SELECT count(*), coalesce(sum(r.party), 0), coalesce(sum(p.earned), 0),"
	 " coalesce(sum(p.red), 0) FROM p JOIN residents r ON r.id = p.rid",
	 row_people},
	{"SELECT"
	 " (SELECT count(*) FROM ledger l WHERE l.kind = 'award' AND " IN_PERIOD "),"
	 " (SELECT coalesce(sum(l.points), 0) FROM ledger l WHERE l.kind = 'award' AND " IN_PERIOD "),"
	 " (SELECT coalesce(-sum(l.points), 0) FROM ledger l"
	 "   WHERE l.kind IN ('redeem', 'void') AND " IN_PERIOD "),"
	 " (SELECT coalesce(sum(l.kind = 'redeem') - sum(l.kind = 'void'), 0) FROM ledger l"
	 "   WHERE l.kind IN ('redeem', 'void') AND " IN_PERIOD "),"
	 " (SELECT coalesce(sum(" UNITS "), 0) FROM ledger l"
	 "   JOIN receipt_lines rl ON rl.receipt_id = l.receipt_id"
	 "   WHERE l.kind IN ('redeem', 'void') AND " IN_PERIOD "),"
	 " " FULFILLED("('housekeeping', 'service')") ","
	 " " FULFILLED("('housekeeping')") ","
	 " " FULFILLED("('coupon')"),
	 row_totals},
	{EVENTS "SELECT coalesce(sum(a.code = ?3), 0), coalesce(sum(a.category = '志愿服务'), 0)"
	 " FROM ev JOIN activities a ON a.id = ev.aid",
	 row_events},
	{"SELECT a.category, count(DISTINCT l.resident_id),"
	 " count(DISTINCT CASE WHEN r.party = 1 THEN l.resident_id END), count(*), sum(l.points)"
	 " FROM ledger l JOIN activities a ON a.id = l.activity_id"
	 " JOIN residents r ON r.id = l.resident_id"
	 " WHERE l.kind = 'award' AND " IN_PERIOD " GROUP BY a.category",
	 row_category},
	{EVENTS "SELECT a.code, a.name, a.category, count(DISTINCT l.resident_id),"
	 " count(DISTINCT CASE WHEN r.party = 1 THEN l.resident_id END), count(*), sum(l.points),"
	 " (SELECT count(*) FROM ev WHERE ev.aid = a.id)"
	 " FROM ledger l JOIN activities a ON a.id = l.activity_id"
	 " JOIN residents r ON r.id = l.resident_id"
	 " WHERE l.kind = 'award' AND " IN_PERIOD " GROUP BY a.id ORDER BY a.code",
	 row_activity},
	{"SELECT r.compound, r.building, count(DISTINCT l.resident_id),"
	 " count(DISTINCT CASE WHEN r.party = 1 THEN l.resident_id END), sum(l.kind = 'award'),"
	 " coalesce(sum(CASE WHEN l.kind = 'award' THEN l.points END), 0)"
	 " FROM ledger l JOIN residents r ON r.id = l.resident_id"
	 " WHERE " IN_PERIOD " AND " TOOK_PART
	 " GROUP BY r.compound, r.building ORDER BY r.compound, r.building",
	 row_building},
	{"SELECT v.name, v.role, v.compound, count(*), sum(l.points)"
	 " FROM ledger l JOIN verifiers v ON v.id = l.verifier_id"
	 " WHERE l.kind = 'award' AND " IN_PERIOD
	 " GROUP BY v.id ORDER BY count(*) DESC, sum(l.points) DESC, v.name",
	 row_verifier},
	{"SELECT s.name, s.kind, sum(x.g), sum(x.r), sum(x.f)"
	 " FROM (SELECT m.sponsor_id AS sid, m.qty AS g, 0 AS r, 0 AS f FROM stock_moves m"
	 "       WHERE m.kind = 'in' AND m.sponsor_id IS NOT NULL AND m.day >= ?1 AND m.day < ?2"
	 "       UNION ALL"
	 "       SELECT i.sponsor_id, 0, " UNITS ", 0 FROM ledger l"
	 "       JOIN receipt_lines rl ON rl.receipt_id = l.receipt_id"
	 "       JOIN items i ON i.id = rl.item_id"
	 "       WHERE l.kind IN ('redeem', 'void') AND i.sponsor_id IS NOT NULL AND " IN_PERIOD
	 "       UNION ALL"
	 "       SELECT i.sponsor_id, 0, 0, 1 FROM voucher_events e"
	 "       JOIN vouchers v ON v.id = e.voucher_id JOIN items i ON i.id = v.item_id"
	 "       WHERE e.kind = 'fulfilled' AND i.sponsor_id IS NOT NULL"
	 "       AND e.day >= ?1 AND e.day < ?2) x"
	 " JOIN sponsors s ON s.id = x.sid GROUP BY s.id"
	 " HAVING sum(x.g) <> 0 OR sum(x.r) <> 0 OR sum(x.f) <> 0 ORDER BY s.name",
	 row_sponsor},
	{"SELECT substr(l.day, 1, 7),"
	 " count(DISTINCT CASE WHEN l.kind = 'award' OR (l.kind = 'redeem' AND NOT EXISTS ("
	 "   SELECT 1 FROM ledger v WHERE v.kind = 'void' AND v.receipt_id = l.receipt_id"
	 "   AND substr(v.day, 1, 7) = substr(l.day, 1, 7))) THEN l.resident_id END),"
	 " coalesce(sum(CASE WHEN l.kind = 'award' THEN l.points END), 0)"
	 " FROM ledger l WHERE " IN_PERIOD " GROUP BY substr(l.day, 1, 7)",
	 row_month},
	{"SELECT substr(l.day, 1, 7), sum(" UNITS ") FROM ledger l"
	 " JOIN receipt_lines rl ON rl.receipt_id = l.receipt_id"
	 " WHERE l.kind IN ('redeem', 'void') AND " IN_PERIOD " GROUP BY substr(l.day, 1, 7)",
	 row_month_items},
	{"SELECT"
	 " coalesce((SELECT l.hash FROM ledger l WHERE l.day < ?2 ORDER BY l.id DESC LIMIT 1), ''),"
	 " (SELECT count(*) FROM ledger l WHERE l.day < ?2),"
	 " coalesce((SELECT l.hash FROM ledger l ORDER BY l.id DESC LIMIT 1), ''),"
	 " (SELECT count(*) FROM ledger)",
	 row_heads},
};
/* clang-format on */

static jf_status first_day(jf_db *db, char out[11])
{
	out[0] = '\0';
	sqlite3_stmt *st = jf_prepare(db, "SELECT min(day) FROM ledger");
	if (!st)
		return JF_DB_IO;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		jf_col_text(st, 0, out, 11);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? JF_OK : jf_sql_fail(db, rc);
}

static jf_status make_months(jf_db *db, jf_period_report *r)
{
	int y, m, ty, tm;
	size_t cap = 0;
	sscanf(r->from, "%4d-%2d", &y, &m);
	sscanf(r->to, "%4d-%2d", &ty, &tm);
	while (y < ty || (y == ty && m <= tm)) {
		jf_period_month *pm;
		JF_PUSH(db, r->months, r->n_months, &cap, pm);
		char tmp[32];
		snprintf(tmp, sizeof tmp, "%04d-%02d", y, m);
		jf_strlcpy(pm->month, tmp, sizeof pm->month);
		if (++m > 12)
			m = 1, y++;
	}
	return JF_OK;
}

jf_status jf_period_report_load(jf_db *db, const char *period, jf_period_report **out)
{
	jf_status rv = JF_OK;
	char today[11], first[11];
	int own_tx = 0;
	*out = NULL;
	jf_period_report *r = calloc(1, sizeof *r);
	if (!r)
		return jf_fail(db, JF_NOMEM, NULL);
	r->generated = jf_db_now(db);
	jf_day_of(r->generated, today);
	if ((rv = jf_read_begin(db, &own_tx)) != JF_OK)
		goto fail;
	if ((rv = first_day(db, first)) != JF_OK)
		goto fail;
	if (jf_period_parse(period, first, today, r->from, r->to) != 0) {
		rv = jf_fail(db, JF_BAD_DATE,
		             _("%s 不是有效的时段（应为 FROM..TO、YYYY-MM-DD、YYYY-MM、YYYYQn、YYYY 或 all）"),
		             period ? period : "");
		goto fail;
	}
	if (strcmp(r->from, today) > 0) {
		rv = jf_fail(db, JF_BAD_DATE, _("%s 还没到"), period);
		goto fail;
	}
	{
		int y, m, d;
		sscanf(r->to, "%4d-%2d-%2d", &y, &m, &d);
		civil_from_days(days_from_civil(y, m, d) + 1, r->next);
	}
	if (jf_db_meta(db, "community_name", r->community, sizeof r->community) != JF_OK)
		r->community[0] = '\0';
	r->test = jf_db_is_test(db);
	for (int i = 0; i < JF_CATEGORY_COUNT; i++)
		jf_strlcpy(r->categories[i].name, jf_categories[i], sizeof r->categories[i].name);
	if ((rv = make_months(db, r)) != JF_OK)
		goto fail;
	for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++)
		if ((rv = jf_each_row(db, queries[i].sql, r->from, r->next, queries[i].row, r)) != JF_OK)
			goto fail;
	jf_read_end(db, own_tx);
	*out = r;
	return JF_OK;
fail:
	jf_read_end(db, own_tx);
	jf_period_report_free(r);
	return rv;
}

void jf_period_report_free(jf_period_report *r)
{
	if (!r)
		return;
	free(r->activities);
	free(r->buildings);
	free(r->verifiers);
	free(r->sponsors);
	free(r->months);
	free(r);
}

/* --- writing ------------------------------------------------------------------ */

static const char *role_label(const char *role)
{
	return !strcmp(role, "grid") ? _("网格员") : _("楼长");
}

static void place_of(const jf_period_row *b, char *out, size_t len)
{
	int digits = b->code[0] != '\0';
	for (const char *p = b->code; *p; p++)
		if (*p < '0' || *p > '9')
			digits = 0;
	if (digits) /* as the monthly notice writes it: "3" is the 3rd building */
		snprintf(out, len, _("%s %s栋"), b->name, b->code);
	else if (b->code[0])
		snprintf(out, len, "%s %s", b->name, b->code);
	else
		jf_strlcpy(out, b->name[0] ? b->name : _("（未填小区）"), len);
}

static void title_of(const jf_period_report *r, char *out, size_t len)
{
	snprintf(out, len, _("%s积分统计 %s 至 %s"), r->community, r->from, r->to);
}

static void head_line(const jf_period_report *r, char *out, size_t len)
{
	if (r->entries)
		snprintf(out, len, _("截至 %s 台账共 %lld 条，末条校验码"), r->to,
		         (long long)r->entries);
	else
		snprintf(out, len, _("截至 %s 台账尚无记录"), r->to);
}

static const char *check_line(void)
{
	return _("任何人都可以用 jifen audit 重算哈希链，核对这个校验码是否仍在台账中。");
}

typedef struct {
	const char *label;
	int64_t n;
} figure;

static size_t figures(const jf_period_report *r, figure *f)
{
	size_t n = 0;
	f[n++] = (figure){_("参与居民"), r->participants};
	f[n++] = (figure){_("其中党员"), r->party_members};
	f[n++] = (figure){_("人居环境整治（次）"), r->cleanups};
	f[n++] = (figure){_("志愿服务（次）"), r->volunteer_services};
	f[n++] = (figure){_("兑换物品和服务（件）"), r->items_redeemed};
	f[n++] = (figure){_("完成家政和社区服务（次）"), r->services_delivered};
	f[n++] = (figure){_("其中家政服务"), r->housekeeping_delivered};
	f[n++] = (figure){_("使用优惠券（张）"), r->coupons_used};
	f[n++] = (figure){_("赋分（笔）"), r->awards};
	f[n++] = (figure){_("获得积分"), r->points_earned};
	f[n++] = (figure){_("使用积分"), r->points_spent};
	return n;
}

static void num(int64_t v, char *out)
{
	snprintf(out, 24, "%lld", (long long)v);
}

static void write_text(const jf_period_report *r, int cols, FILE *f)
{
	jf_lay o = {f, cols < 60 ? 60 : cols, 0};
	char t[320], n[6][24];
	figure fig[16];
	size_t nf = figures(r, fig);
	title_of(r, t, sizeof t);
	jf_lay_center(&o, t);
	if (r->test)
		jf_lay_center(&o, _("（测试数据）"));
	jf_lay_rule(&o, '=');
	static const int w2[] = {0, 10};
	for (size_t i = 0; i < nf; i++) {
		num(fig[i].n, n[0]);
		const char *c[] = {fig[i].label, n[0]};
		jf_lay_row(&o, 2, c, w2, "lr");
	}
	fprintf(f, _("\n【%s】\n"), _("按类别"));
	static const int w5[] = {0, 8, 8, 8, 10};
	{
		const char *h[] = {_("类别"), _("人数"), _("次数"), _("笔数"), _("积分")};
		jf_lay_row(&o, 5, h, w5, "lrrrr");
	}
	for (int i = 0; i < JF_CATEGORY_COUNT; i++) {
		const jf_period_row *c = &r->categories[i];
		num(c->participants, n[0]), num(c->events, n[1]), num(c->awards, n[2]);
		num(c->points, n[3]);
		const char *cell[] = {c->name, n[0], n[1], n[2], n[3]};
		jf_lay_row(&o, 5, cell, w5, "lrrrr");
	}
	fprintf(f, _("\n【%s】\n"), _("按活动"));
	{
		const char *h[] = {_("活动"), _("人数"), _("次数"), _("笔数"), _("积分")};
		jf_lay_row(&o, 5, h, w5, "lrrrr");
	}
	for (size_t i = 0; i < r->n_activities; i++) {
		const jf_period_row *a = &r->activities[i];
		snprintf(t, sizeof t, "%s %s", a->code, a->name);
		num(a->participants, n[0]), num(a->events, n[1]), num(a->awards, n[2]);
		num(a->points, n[3]);
		const char *cell[] = {t, n[0], n[1], n[2], n[3]};
		jf_lay_row(&o, 5, cell, w5, "lrrrr");
	}
	fprintf(f, _("\n【%s】\n"), _("按楼栋"));
	{
		const char *h[] = {_("小区 楼栋"), _("人数"), _("党员"), _("笔数"), _("积分")};
		jf_lay_row(&o, 5, h, w5, "lrrrr");
	}
	for (size_t i = 0; i < r->n_buildings; i++) {
		const jf_period_row *b = &r->buildings[i];
		place_of(b, t, sizeof t);
		num(b->participants, n[0]), num(b->party, n[1]), num(b->awards, n[2]);
		num(b->points, n[3]);
		const char *cell[] = {t, n[0], n[1], n[2], n[3]};
		jf_lay_row(&o, 5, cell, w5, "lrrrr");
	}
	fprintf(f, _("\n【%s】\n"), _("核实人"));
	static const int w4[] = {0, 8, 10, 10};
	{
		const char *h[] = {_("核实人"), _("身份"), _("核实笔数"), _("积分")};
		jf_lay_row(&o, 4, h, w4, "llrr");
	}
	for (size_t i = 0; i < r->n_verifiers; i++) {
		const jf_period_verifier *v = &r->verifiers[i];
		char masked[97];
		jf_mask_name(v->name, masked, sizeof masked);
		snprintf(t, sizeof t, "%s %s", masked, v->compound);
		num(v->deeds, n[0]), num(v->points, n[1]);
		const char *cell[] = {t, role_label(v->role), n[0], n[1]};
		jf_lay_row(&o, 4, cell, w4, "llrr");
	}
	fprintf(f, _("\n【%s】\n"), _("爱心鸣谢"));
	{
		const char *h[] = {_("捐赠方"), _("入库"), _("兑换"), _("服务")};
		jf_lay_row(&o, 4, h, w4, "lrrr");
	}
	for (size_t i = 0; i < r->n_sponsors; i++) {
		const jf_period_sponsor *s = &r->sponsors[i];
		num(s->given, n[0]), num(s->redeemed, n[1]), num(s->fulfilled, n[2]);
		const char *cell[] = {s->name, n[0], n[1], n[2]};
		jf_lay_row(&o, 4, cell, w4, "lrrr");
	}
	fprintf(f, _("\n【%s】\n"), _("逐月"));
	{
		const char *h[] = {_("月份"), _("人数"), _("积分"), _("兑换")};
		jf_lay_row(&o, 4, h, w4, "lrrr");
	}
	for (size_t i = 0; i < r->n_months; i++) {
		const jf_period_month *m = &r->months[i];
		num(m->participants, n[0]), num(m->points, n[1]), num(m->items_redeemed, n[2]);
		const char *cell[] = {m->month, n[0], n[1], n[2]};
		jf_lay_row(&o, 4, cell, w4, "lrrr");
	}
	fprintf(f, _("\n【%s】\n"), _("台账校验"));
	head_line(r, t, sizeof t);
	jf_lay_wrap(&o, t, 0);
	if (r->head[0]) {
		jf_text_put(f, r->head);
		fputc('\n', f);
	}
	jf_lay_wrap(&o, check_line(), 0);
}

/* --- CSV -------------------------------------------------------------------- */

static void csv_row(FILE *f, int n, const char *const *cells)
{
	for (int i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		jf_csv_write_text(f, cells[i]);
	}
	fputs("\r\n", f);
}

static void csv_section(FILE *f, const char *name, int n, const char *const *header)
{
	fputs("\r\n", f);
	csv_row(f, 1, &name);
	csv_row(f, n, header);
}

static void write_csv(const jf_period_report *r, FILE *f)
{
	char t[320], n[6][24];
	figure fig[16];
	size_t nf = figures(r, fig);
	fputs("\xEF\xBB\xBF", f);
	title_of(r, t, sizeof t);
	const char *tt = t;
	csv_row(f, 1, &tt);
	{
		const char *h[] = {_("项目"), _("数量")};
		csv_section(f, _("概况"), 2, h);
	}
	for (size_t i = 0; i < nf; i++) {
		num(fig[i].n, n[0]);
		const char *c[] = {fig[i].label, n[0]};
		csv_row(f, 2, c);
	}
	{
		const char *h[] = {_("类别"), _("人数"), _("次数"), _("笔数"), _("积分")};
		csv_section(f, _("按类别"), 5, h);
	}
	for (int i = 0; i < JF_CATEGORY_COUNT; i++) {
		const jf_period_row *c = &r->categories[i];
		num(c->participants, n[0]), num(c->events, n[1]), num(c->awards, n[2]);
		num(c->points, n[3]);
		const char *cell[] = {c->name, n[0], n[1], n[2], n[3]};
		csv_row(f, 5, cell);
	}
	{
		const char *h[] = {_("代码"), _("活动"), _("类别"), _("人数"), _("次数"), _("笔数"), _("积分")};
		csv_section(f, _("按活动"), 7, h);
	}
	for (size_t i = 0; i < r->n_activities; i++) {
		const jf_period_row *a = &r->activities[i];
		num(a->participants, n[0]), num(a->events, n[1]), num(a->awards, n[2]);
		num(a->points, n[3]);
		const char *cell[] = {a->code, a->name, a->category, n[0], n[1], n[2], n[3]};
		csv_row(f, 7, cell);
	}
	{
		const char *h[] = {_("小区"), _("楼栋"), _("人数"), _("党员"), _("笔数"), _("积分")};
		csv_section(f, _("按楼栋"), 6, h);
	}
	for (size_t i = 0; i < r->n_buildings; i++) {
		const jf_period_row *b = &r->buildings[i];
		num(b->participants, n[0]), num(b->party, n[1]), num(b->awards, n[2]);
		num(b->points, n[3]);
		const char *cell[] = {b->name, b->code, n[0], n[1], n[2], n[3]};
		csv_row(f, 6, cell);
	}
	{
		const char *h[] = {_("核实人"), _("身份"), _("小区"), _("核实笔数"), _("积分")};
		csv_section(f, _("核实人"), 5, h);
	}
	for (size_t i = 0; i < r->n_verifiers; i++) {
		const jf_period_verifier *v = &r->verifiers[i];
		char masked[97];
		jf_mask_name(v->name, masked, sizeof masked);
		num(v->deeds, n[0]), num(v->points, n[1]);
		const char *cell[] = {masked, role_label(v->role), v->compound, n[0], n[1]};
		csv_row(f, 5, cell);
	}
	{
		const char *h[] = {_("捐赠方"), _("入库"), _("兑换"), _("服务")};
		csv_section(f, _("爱心鸣谢"), 4, h);
	}
	for (size_t i = 0; i < r->n_sponsors; i++) {
		const jf_period_sponsor *s = &r->sponsors[i];
		num(s->given, n[0]), num(s->redeemed, n[1]), num(s->fulfilled, n[2]);
		const char *cell[] = {s->name, n[0], n[1], n[2]};
		csv_row(f, 4, cell);
	}
	{
		const char *h[] = {_("月份"), _("人数"), _("积分"), _("兑换")};
		csv_section(f, _("逐月"), 4, h);
	}
	for (size_t i = 0; i < r->n_months; i++) {
		const jf_period_month *m = &r->months[i];
		num(m->participants, n[0]), num(m->points, n[1]), num(m->items_redeemed, n[2]);
		const char *cell[] = {m->month, n[0], n[1], n[2]};
		csv_row(f, 4, cell);
	}
	{
		const char *h[] = {_("截至"), _("条数"), _("校验码")};
		csv_section(f, _("台账校验"), 3, h);
		num(r->entries, n[0]);
		const char *cell[] = {r->to, n[0], r->head};
		csv_row(f, 3, cell);
		const char *cl = check_line();
		csv_row(f, 1, &cl);
	}
}

/* --- HTML ------------------------------------------------------------------- */

/* A horizontal bar chart: one bar per label, black and grey for print. */
static void svg_bars(FILE *f, const char *caption, size_t n, const char *const *labels,
                     const int64_t *values)
{
	int64_t max = 1;
	for (size_t i = 0; i < n; i++)
		if (values[i] > max)
			max = values[i];
	int h = 22, lw = 200, bw = 400;
	fputs("<figure>\n<figcaption>", f);
	jf_html_put(f, caption);
	fprintf(f,
	        "</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100%%\""
	        " viewBox=\"0 0 %d %d\" role=\"img\">\n",
	        lw + bw + 80, (int)n * h + 4);
	for (size_t i = 0; i < n; i++) {
		int y = (int)i * h + 2;
		int w = values[i] > 0 ? (int)(values[i] * bw / max) : 0;
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"12\">", lw - 6,
		        y + 15);
		jf_html_put(f, labels[i]);
		fprintf(f,
		        "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\""
		        " stroke=\"#000\"/><text x=\"%d\" y=\"%d\" font-size=\"12\">%lld</text>\n",
		        lw, y + 3, w, h - 6, i % 2 ? "#888" : "#000", lw + w + 4, y + 15,
		        (long long)values[i]);
	}
	fputs("</svg>\n</figure>\n", f);
}

static void html_row(FILE *f, int n, const char *const *cells, int th)
{
	fputs("<tr>", f);
	for (int i = 0; i < n; i++) {
		fputs(th ? "<th>" : (i ? "<td class=\"n\">" : "<td>"), f);
		jf_html_put(f, cells[i]);
		fputs(th ? "</th>" : "</td>", f);
	}
	fputs("</tr>\n", f);
}

static void html_table(FILE *f, const char *caption, int n, const char *const *head)
{
	fputs("<h2>", f);
	jf_html_put(f, caption);
	fputs("</h2>\n<table>\n<thead>", f);
	html_row(f, n, head, 1);
	fputs("</thead>\n<tbody>\n", f);
}

static const char html_style[] =
    "@page { size: A4; margin: 15mm; }\n"
    "body { font-family: \"Noto Sans CJK SC\", \"Source Han Sans SC\", sans-serif;"
    " color: #000; background: #fff; font-size: 11pt; }\n"
    "h1 { text-align: center; font-size: 18pt; }\n"
    "h2 { font-size: 13pt; border-bottom: 1px solid #000; }\n"
    "table { border-collapse: collapse; width: 100%; margin-bottom: 4mm; }\n"
    "th, td { border: 1px solid #000; padding: 1mm 2mm; }\n"
    "td.n { text-align: right; }\n"
    "thead { display: table-header-group; }\n"
    "tr, figure { break-inside: avoid; }\n"
    "figure { margin: 2mm 0 4mm; }\n"
    "figcaption { font-weight: bold; margin-bottom: 1mm; }\n"
    "p.head { font-family: monospace; word-break: break-all; }\n";

static void write_html(const jf_period_report *r, FILE *f)
{
	char t[320], n[6][24];
	figure fig[16];
	size_t nf = figures(r, fig);
	title_of(r, t, sizeof t);
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
	        jf_i18n_is_english() ? "en" : "zh-CN");
	fputs("<title>", f);
	jf_html_put(f, t);
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", html_style);
	jf_html_put(f, t);
	fputs("</h1>\n", f);
	if (r->test) {
		fputs("<p>", f);
		jf_html_put(f, _("（测试数据）"));
		fputs("</p>\n", f);
	}
	{
		const char *h[] = {_("项目"), _("数量")};
		html_table(f, _("概况"), 2, h);
	}
	for (size_t i = 0; i < nf; i++) {
		num(fig[i].n, n[0]);
		const char *c[] = {fig[i].label, n[0]};
		html_row(f, 2, c, 0);
	}
	fputs("</tbody>\n</table>\n", f);

	/* charts */
	size_t nb = r->n_buildings, nm = r->n_months, k = nb > nm ? nb : nm;
	if (k < JF_CATEGORY_COUNT)
		k = JF_CATEGORY_COUNT;
	const char **labels = calloc(k + 1, sizeof *labels);
	int64_t *v1 = calloc(k + 1, sizeof *v1), *v2 = calloc(k + 1, sizeof *v2);
	char (*places)[200] = calloc(nb + 1, sizeof *places);
	if (labels && v1 && v2 && places) {
		for (size_t i = 0; i < nb; i++) {
			place_of(&r->buildings[i], places[i], sizeof places[i]);
			labels[i] = places[i];
			v1[i] = r->buildings[i].participants;
			v2[i] = r->buildings[i].points;
		}
		svg_bars(f, _("各楼栋参与人数"), nb, labels, v1);
		svg_bars(f, _("各楼栋获得积分"), nb, labels, v2);
		for (int i = 0; i < JF_CATEGORY_COUNT; i++) {
			labels[i] = r->categories[i].name;
			v1[i] = r->categories[i].participants;
			v2[i] = r->categories[i].points;
		}
		svg_bars(f, _("各类别参与人数"), JF_CATEGORY_COUNT, labels, v1);
		svg_bars(f, _("各类别获得积分"), JF_CATEGORY_COUNT, labels, v2);
		for (size_t i = 0; i < nm; i++) {
			labels[i] = r->months[i].month;
			v1[i] = r->months[i].participants;
			v2[i] = r->months[i].points;
		}
		svg_bars(f, _("逐月参与人数"), nm, labels, v1);
		svg_bars(f, _("逐月获得积分"), nm, labels, v2);
	}
	free(labels), free(v1), free(v2), free(places);

	{
		const char *h[] = {_("类别"), _("人数"), _("次数"), _("笔数"), _("积分")};
		html_table(f, _("按类别"), 5, h);
	}
	for (int i = 0; i < JF_CATEGORY_COUNT; i++) {
		const jf_period_row *c = &r->categories[i];
		num(c->participants, n[0]), num(c->events, n[1]), num(c->awards, n[2]);
		num(c->points, n[3]);
		const char *cell[] = {c->name, n[0], n[1], n[2], n[3]};
		html_row(f, 5, cell, 0);
	}
	fputs("</tbody>\n</table>\n", f);
	{
		const char *h[] = {_("活动"), _("人数"), _("次数"), _("笔数"), _("积分")};
		html_table(f, _("按活动"), 5, h);
	}
	for (size_t i = 0; i < r->n_activities; i++) {
		const jf_period_row *a = &r->activities[i];
		snprintf(t, sizeof t, "%s %s", a->code, a->name);
		num(a->participants, n[0]), num(a->events, n[1]), num(a->awards, n[2]);
		num(a->points, n[3]);
		const char *cell[] = {t, n[0], n[1], n[2], n[3]};
		html_row(f, 5, cell, 0);
	}
	fputs("</tbody>\n</table>\n", f);
	{
		const char *h[] = {_("小区 楼栋"), _("人数"), _("党员"), _("笔数"), _("积分")};
		html_table(f, _("按楼栋"), 5, h);
	}
	for (size_t i = 0; i < r->n_buildings; i++) {
		const jf_period_row *b = &r->buildings[i];
		place_of(b, t, sizeof t);
		num(b->participants, n[0]), num(b->party, n[1]), num(b->awards, n[2]);
		num(b->points, n[3]);
		const char *cell[] = {t, n[0], n[1], n[2], n[3]};
		html_row(f, 5, cell, 0);
	}
	fputs("</tbody>\n</table>\n", f);
	{
		const char *h[] = {_("核实人"), _("身份"), _("核实笔数"), _("积分")};
		html_table(f, _("核实人"), 4, h);
	}
	for (size_t i = 0; i < r->n_verifiers; i++) {
		const jf_period_verifier *v = &r->verifiers[i];
		char masked[97];
		jf_mask_name(v->name, masked, sizeof masked);
		snprintf(t, sizeof t, "%s %s", masked, v->compound);
		num(v->deeds, n[0]), num(v->points, n[1]);
		const char *cell[] = {t, role_label(v->role), n[0], n[1]};
		html_row(f, 4, cell, 0);
	}
	fputs("</tbody>\n</table>\n", f);
	{
		const char *h[] = {_("捐赠方"), _("入库"), _("兑换"), _("服务")};
		html_table(f, _("爱心鸣谢"), 4, h);
	}
	for (size_t i = 0; i < r->n_sponsors; i++) {
		const jf_period_sponsor *s = &r->sponsors[i];
		num(s->given, n[0]), num(s->redeemed, n[1]), num(s->fulfilled, n[2]);
		const char *cell[] = {s->name, n[0], n[1], n[2]};
		html_row(f, 4, cell, 0);
	}
	fputs("</tbody>\n</table>\n<h2>", f);
	jf_html_put(f, _("台账校验"));
	fputs("</h2>\n<p>", f);
	head_line(r, t, sizeof t);
	jf_html_put(f, t);
	fputs("</p>\n<p class=\"head\">", f);
	jf_html_put(f, r->head);
	fputs("</p>\n<p>", f);
	jf_html_put(f, check_line());
	fputs("</p>\n</body>\n</html>\n", f);
}

void jf_period_report_write(const jf_period_report *r, jf_report_format fmt, int cols, FILE *f)
{
	switch (fmt) {
	case JF_REPORT_CSV:
		write_csv(r, f);
		break;
	case JF_REPORT_HTML:
		write_html(r, f);
		break;
	default:
		write_text(r, cols, f);
		break;
	}
}
