/* Activities, sponsors, items and verifiers: the catalog of what residents
 * earn points for and spend them on, and of who confirms their deeds. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "internal.h"
#include "jifen/catalog.h"
#include "jifen/match.h"
#include "jifen/pinyin.h"
#include "jifen/resident.h"

#define JF_POINTS_MAX 10000
#define JF_LIMIT_MAX 999
#define JF_VALID_DAYS_MAX 365
#define JF_VALID_DAYS_DEFAULT 30
#define JF_UNIT_MAX 16
#define JF_QUERY_MAX 200
/* Candidates named in an "ambiguous" message before "…". */
#define JF_CANDIDATES_SHOWN 8

extern const char *const jf_default_activities[];

const char *const jf_categories[JF_CATEGORY_COUNT] = {
	N_("小区治理"), N_("文明帮创"), N_("废旧利用"), N_("绿色环保"), N_("志愿服务"),
};

/* --- labels and codes ----------------------------------------------------- */

static const struct {
	const char *code;
	const char *label;
} sponsor_kinds[] = {
	[JF_SPONSOR_ENTERPRISE] = {"enterprise", N_("爱心企业")},
	[JF_SPONSOR_UNIT] = {"unit", N_("共驻共建单位")},
	[JF_SPONSOR_MERCHANT] = {"merchant", N_("爱心商户")},
};
#define SPONSOR_KIND_LAST JF_SPONSOR_MERCHANT

static const struct {
	const char *code;
	const char *label;
} item_kinds[] = {
	[JF_ITEM_GOODS] = {"goods", N_("生活用品")},
	[JF_ITEM_PRODUCE] = {"produce", N_("农副产品")},
	[JF_ITEM_HOUSEKEEPING] = {"housekeeping", N_("家政服务")},
	[JF_ITEM_SERVICE] = {"service", N_("社区服务")},
	[JF_ITEM_COUPON] = {"coupon", N_("商户优惠券")},
};

static const struct {
	const char *code;
	const char *label;
} verifier_roles[] = {
	[JF_VERIFIER_LEADER] = {"leader", N_("楼长")},
	[JF_VERIFIER_GRID] = {"grid", N_("网格员")},
};
#define VERIFIER_ROLE_LAST JF_VERIFIER_GRID

/* Index 1..last of the entry whose code (any case), Chinese label or
 * localized label is `s`; 0 if none. */
#define PARSE_TABLE(table, last, s)                                                   \
	do {                                                                          \
		if (!(s))                                                             \
			return 0;                                                     \
		for (int i_ = 1; i_ <= (int)(last); i_++)                             \
			if (strcasecmp((s), table[i_].code) == 0 ||                   \
			    strcmp((s), table[i_].label) == 0 ||                      \
			    strcasecmp((s), _(table[i_].label)) == 0)                 \
				return i_;                                            \
		return 0;                                                             \
	} while (0)

const char *jf_sponsor_kind_label(jf_sponsor_kind k)
{
	if (k < JF_SPONSOR_ENTERPRISE || k > SPONSOR_KIND_LAST)
		return "";
	return _(sponsor_kinds[k].label);
}

const char *jf_sponsor_kind_code(jf_sponsor_kind k)
{
	if (k < JF_SPONSOR_ENTERPRISE || k > SPONSOR_KIND_LAST)
		return "";
	return sponsor_kinds[k].code;
}

jf_sponsor_kind jf_sponsor_kind_parse(const char *s)
{
	PARSE_TABLE(sponsor_kinds, SPONSOR_KIND_LAST, s);
}

const char *jf_item_kind_label(jf_item_kind k)
{
	if (k < JF_ITEM_GOODS || k > JF_ITEM_KIND_COUNT)
		return "";
	return _(item_kinds[k].label);
}

const char *jf_item_kind_code(jf_item_kind k)
{
	if (k < JF_ITEM_GOODS || k > JF_ITEM_KIND_COUNT)
		return "";
	return item_kinds[k].code;
}

jf_item_kind jf_item_kind_parse(const char *s)
{
	PARSE_TABLE(item_kinds, JF_ITEM_KIND_COUNT, s);
}

int jf_item_kind_stocked(jf_item_kind k)
{
	return k == JF_ITEM_GOODS || k == JF_ITEM_PRODUCE;
}

const char *jf_verifier_role_label(jf_verifier_role r)
{
	if (r < JF_VERIFIER_LEADER || r > VERIFIER_ROLE_LAST)
		return "";
	return _(verifier_roles[r].label);
}

const char *jf_verifier_role_code(jf_verifier_role r)
{
	if (r < JF_VERIFIER_LEADER || r > VERIFIER_ROLE_LAST)
		return "";
	return verifier_roles[r].code;
}

jf_verifier_role jf_verifier_role_parse(const char *s)
{
	PARSE_TABLE(verifier_roles, VERIFIER_ROLE_LAST, s);
}

/* --- checks --------------------------------------------------------------- */

static jf_status check_code(jf_db *db, const char *code)
{
	jf_status st = jf_check_text(db, _("编号"), code, JF_CODE_MAX, 0);
	if (st != JF_OK)
		return st;
	for (const char *p = code; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
			return jf_fail(db, JF_INVALID,
			               _("编号“%s”只能含字母、数字、“-”和“_”"), code);
	return JF_OK;
}

static jf_status check_points(jf_db *db, int64_t points)
{
	if (points < 1 || points > JF_POINTS_MAX)
		return jf_fail(db, JF_INVALID, _("积分必须在 1 到 %d 之间，收到 %lld"),
		               JF_POINTS_MAX, (long long)points);
	return JF_OK;
}

static int category_valid(const char *s)
{
	for (int i = 0; s && i < JF_CATEGORY_COUNT; i++)
		if (strcmp(s, jf_categories[i]) == 0)
			return 1;
	return 0;
}

static jf_status check_category(jf_db *db, const char *category)
{
	jf_status st = jf_check_text(db, _("类别"), category, 31, 0);
	if (st != JF_OK)
		return st;
	if (!category_valid(category))
		return jf_fail(db, JF_INVALID, _("类别“%s”不存在，可选：%s、%s、%s、%s、%s"),
		               category, jf_categories[0], jf_categories[1], jf_categories[2],
		               jf_categories[3], jf_categories[4]);
	return JF_OK;
}

/* A phone number of a verifier: digits, with '-' allowed. */
static jf_status check_phone(jf_db *db, const char *phone)
{
	jf_status st = jf_check_text(db, _("电话"), phone, JF_PHONE_MAX, 1);
	if (st != JF_OK || !phone)
		return st;
	for (const char *p = phone; *p; p++)
		if (!isdigit((unsigned char)*p) && *p != '-')
			return jf_fail(db, JF_INVALID, _("电话“%s”只能含数字和“-”"), phone);
	return JF_OK;
}

/* The main reading and initials of a name, stored for display and sorting. */
static void name_pinyin(const char *name, int is_name, char *pinyin, size_t plen,
                        char *initials, size_t ilen)
{
	jf_pinyin_key key;
	jf_pinyin_main(name, is_name, pinyin, plen);
	if (jf_pinyin_keys(name, is_name, &key, 1) > 0)
		jf_strlcpy(initials, key.initials, ilen);
	else
		jf_strlcpy(initials, "", ilen);
}

/* 1 if a row with this code (any case) exists in `table`'s statement. */
static jf_status code_taken(jf_db *db, const char *sql, const char *code, int *taken)
{
	sqlite3_stmt *st = jf_prepare(db, sql);
	if (!st)
		return JF_DB_IO;
	jf_bind_text(st, 1, code);
	int rc = sqlite3_step(st);
	jf_status rv = JF_OK;
	if (rc == SQLITE_ROW)
		*taken = 1;
	else if (rc == SQLITE_DONE)
		*taken = 0;
	else
		rv = jf_sql_fail(db, rc);
	sqlite3_finalize(st);
	return rv;
}

/* Step a write statement that must finish in one step. */
static jf_status step_done(jf_db *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	return rc == SQLITE_DONE ? JF_OK : jf_sql_fail(db, rc);
}

/* --- resolving names ------------------------------------------------------ */

/* One thing that a query may name. */
typedef struct {
	int64_t id;
	char code[JF_CODE_MAX + 1];
	char name[97];
	char label[224]; /* how the thing is named in a list of candidates */
} cand;

typedef struct {
	cand *v;
	size_t n, cap;
} cand_list;

static jf_status cand_push(jf_db *db, cand_list *l, const cand *c)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		cand *v = realloc(l->v, cap * sizeof *v);
		if (!v)
			return jf_fail(db, JF_NOMEM, NULL);
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *c;
	return JF_OK;
}

/* Pick exactly one candidate for the query by the tiers of jf_match (an
 * exact code, name, pinyin, then a prefix, then a part of the name).  The
 * first tier with any match decides: one match is the answer, more are
 * JF_AMBIGUOUS with the candidates in the message.  No match is
 * JF_NOT_FOUND (message set by the caller). */
static jf_status pick(jf_db *db, const cand_list *l, const char *q, int has_code, int is_name,
                      int64_t *id)
{
	jf_match_tier *tier = malloc((l->n ? l->n : 1) * sizeof *tier);
	jf_match_keys *keys = malloc(sizeof *keys);
	if (!tier || !keys) {
		free(tier);
		free(keys);
		return jf_fail(db, JF_NOMEM, NULL);
	}
	for (size_t i = 0; i < l->n; i++) {
		jf_match_keys_make(l->v[i].name, is_name, keys);
		tier[i] = jf_match(q, has_code ? l->v[i].code : NULL, l->v[i].name, keys);
	}
	free(keys);
	size_t count = 0;
	long first = jf_match_best(tier, l->n, &count);
	jf_match_tier best = first < 0 ? JF_MATCH_NONE : tier[first];
	jf_status rv = JF_NOT_FOUND;
	if (first < 0) {
		rv = JF_NOT_FOUND;
	} else if (count == 1) {
		*id = l->v[first].id;
		rv = JF_OK;
	} else {
		char list[768] = "";
		size_t used = 0, shown = 0;
		const char *sep = _("、");
		for (size_t i = 0; i < l->n && shown < JF_CANDIDATES_SHOWN; i++) {
			if (tier[i] != best)
				continue;
			int w = snprintf(list + used, sizeof list - used, "%s%s",
			                 shown ? sep : "", l->v[i].label);
			if (w < 0 || (size_t)w >= sizeof list - used) {
				list[used] = '\0';
				break;
			}
			used += (size_t)w;
			shown++;
		}
		if (shown < count)
			rv = jf_fail(db, JF_AMBIGUOUS, _("“%s”可能是 %zu 项中的任一项：%s……"), q,
			             count, list);
		else
			rv = jf_fail(db, JF_AMBIGUOUS, _("“%s”可能是：%s"), q, list);
	}
	free(tier);
	return rv;
}

/* Load candidates from a query whose columns are id, code, name, points. */
static jf_status load_cands(jf_db *db, const char *sql, cand_list *l)
{
	sqlite3_stmt *st = jf_prepare(db, sql);
	if (!st)
		return JF_DB_IO;
	jf_status rv = JF_OK;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cand c;
		c.id = sqlite3_column_int64(st, 0);
		jf_col_text(st, 1, c.code, sizeof c.code);
		jf_col_text(st, 2, c.name, sizeof c.name);
		snprintf(c.label, sizeof c.label, _("%s %s（%lld 分）"), c.code, c.name,
		         (long long)sqlite3_column_int64(st, 3));
		if ((rv = cand_push(db, l, &c)) != JF_OK)
			goto cleanup;
	}
	if (rc != SQLITE_DONE)
		rv = jf_sql_fail(db, rc);
cleanup:
	sqlite3_finalize(st);
	return rv;
}

static jf_status check_query(jf_db *db, const char *query)
{
	return jf_check_text(db, _("查询"), query, JF_QUERY_MAX, 0);
}

/* When nothing active matches: a retired row with exactly this code or name
 * (sql binds the query as ?1) is JF_INACTIVE, else JF_NOT_FOUND. */
static jf_status not_found(jf_db *db, const char *retired_sql, const char *query,
                           const char *unknown_fmt)
{
	jf_status rv = JF_NOT_FOUND;
	if (retired_sql) {
		sqlite3_stmt *st = jf_prepare(db, retired_sql);
		if (!st)
			return JF_DB_IO;
		jf_bind_text(st, 1, query);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			rv = jf_fail(db, JF_INACTIVE, "%s %s",
			             (const char *)sqlite3_column_text(st, 0),
			             (const char *)sqlite3_column_text(st, 1));
			sqlite3_finalize(st);
			return rv;
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return jf_sql_fail(db, rc);
	}
	return jf_fail(db, JF_NOT_FOUND, unknown_fmt, query);
}

/* --- activities ----------------------------------------------------------- */

#define ACTIVITY_COLS "id, code, category, name, points, initials, active"
#define CATEGORY_ORDER                                                                \
	"CASE category WHEN '小区治理' THEN 1 WHEN '文明帮创' THEN 2 WHEN '废旧利用' " \
	"THEN 3 WHEN '绿色环保' THEN 4 ELSE 5 END"

static void activity_row(sqlite3_stmt *st, jf_activity *a)
{
	a->id = sqlite3_column_int64(st, 0);
	jf_col_text(st, 1, a->code, sizeof a->code);
	jf_col_text(st, 2, a->category, sizeof a->category);
	jf_col_text(st, 3, a->name, sizeof a->name);
	a->points = sqlite3_column_int64(st, 4);
	jf_col_text(st, 5, a->initials, sizeof a->initials);
	a->active = sqlite3_column_int(st, 6);
}

static jf_status activity_log(jf_db *db, int64_t activity_id, const jf_op *op,
                              const char *what, int64_t points, int active)
{
	sqlite3_stmt *st = jf_prepare(db, "INSERT INTO activity_log(time, activity_id, "
	                                  "operator_id, what, points, active) "
	                                  "VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		return JF_DB_IO;
	sqlite3_bind_int64(st, 1, jf_db_now(db));
	sqlite3_bind_int64(st, 2, activity_id);
	if (op)
		sqlite3_bind_int64(st, 3, jf_op_id(op));
	else
		sqlite3_bind_null(st, 3);
	jf_bind_text(st, 4, what);
	sqlite3_bind_int64(st, 5, points);
	sqlite3_bind_int(st, 6, active);
	jf_status rv = step_done(db, st);
	sqlite3_finalize(st);
	return rv;
}

/* Check and insert one activity with its log row; inside a transaction. */
static jf_status activity_insert(jf_db *db, const jf_op *op, const char *what,
                                 const char *code, const char *category, const char *name,
                                 int64_t points, int64_t *id)
{
	jf_status rv;
	if ((rv = check_code(db, code)) != JF_OK || (rv = check_category(db, category)) != JF_OK ||
	    (rv = jf_check_text(db, _("名称"), name, JF_NAME_MAX, 0)) != JF_OK ||
	    (rv = check_points(db, points)) != JF_OK)
		return rv;
	int taken = 0;
	rv = code_taken(db, "SELECT 1 FROM activities WHERE code = ? COLLATE NOCASE", code,
	                &taken);
	if (rv != JF_OK)
		return rv;
	if (taken)
		return jf_fail(db, JF_EXISTS, _("活动编号 %s 已被使用"), code);

	char pinyin[256], initials[64];
	name_pinyin(name, 0, pinyin, sizeof pinyin, initials, sizeof initials);
	sqlite3_stmt *st = jf_prepare(db, "INSERT INTO activities(code, category, name, points, "
	                                  "pinyin, initials, active) VALUES (?, ?, ?, ?, ?, ?, 1)");
	if (!st)
		return JF_DB_IO;
	jf_bind_text(st, 1, code);
	jf_bind_text(st, 2, category);
	jf_bind_text(st, 3, name);
	sqlite3_bind_int64(st, 4, points);
	jf_bind_text(st, 5, pinyin);
	jf_bind_text(st, 6, initials);
	rv = step_done(db, st);
	sqlite3_finalize(st);
	if (rv != JF_OK)
		return rv;
	int64_t new_id = sqlite3_last_insert_rowid(db->sql);
	if ((rv = activity_log(db, new_id, op, what, points, 1)) != JF_OK)
		return rv;
	if (id)
		*id = new_id;
	return JF_OK;
}

/* Split the next line of `*p` into at most `max` tab-separated fields in
 * buf; returns the number of fields, or -1 at the end of the text. */
static int next_tsv_line(const char **p, char *buf, size_t len, char **fields, int max)
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
	if (n && buf[n - 1] == '\r')
		buf[n - 1] = '\0';
	int k = 0;
	char *f = buf;
	while (k < max) {
		fields[k++] = f;
		char *tab = strchr(f, '\t');
		if (!tab)
			break;
		*tab = '\0';
		f = tab + 1;
	}
	return k;
}

jf_status jf_activity_load_defaults(jf_db *db)
{
	jf_status rv = jf_tx_begin(db);
	if (rv != JF_OK)
		return rv;
	sqlite3_stmt *st = jf_prepare(db, "SELECT 1 FROM activities LIMIT 1");
	if (!st) {
		rv = JF_DB_IO;
		goto fail;
	}
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		rv = jf_sql_fail(db, rc);
		goto fail;
	}
	if (rc == SQLITE_ROW) {
		rv = jf_fail(db, JF_EXISTS, _("数据库里已有活动，不再载入默认活动"));
		goto fail;
	}
	const char *p = jf_default_activities[0];
	char line[512];
	char *f[5];
	int lineno = 0, k;
	while ((k = next_tsv_line(&p, line, sizeof line, f, 5)) >= 0) {
		lineno++;
		if (line[0] == '#' || line[0] == '\0')
			continue;
		char *end = NULL;
		long long points = k == 4 ? strtoll(f[3], &end, 10) : 0;
		if (k != 4 || !end || *end || end == f[3]) {
			rv = jf_fail(db, JF_INVALID, _("activities.tsv 第 %d 行应为 编号、类别、名称、积分"),
			             lineno);
			goto fail;
		}
		rv = activity_insert(db, NULL, "load", f[0], f[1], f[2], points, NULL);
		if (rv != JF_OK) {
			char why[sizeof db->error];
			jf_strlcpy(why, db->error, sizeof why);
			rv = jf_fail(db, rv, _("activities.tsv 第 %d 行：%s"), lineno, why);
			goto fail;
		}
	}
	return jf_tx_commit(db);
fail:
	jf_tx_rollback(db);
	return rv;
}

jf_status jf_activity_add(jf_db *db, const jf_op *op, const char *code, const char *category,
                          const char *name, int64_t points, int64_t *id)
{
	jf_status rv = jf_op_require(db, op, JF_ROLE_ADMIN);
	if (rv != JF_OK)
		return rv;
	if ((rv = jf_tx_begin(db)) != JF_OK)
		return rv;
	if ((rv = activity_insert(db, op, "add", code, category, name, points, id)) != JF_OK) {
		jf_tx_rollback(db);
		return rv;
	}
	return jf_tx_commit(db);
}

jf_status jf_activity_get(jf_db *db, int64_t id, jf_activity *out)
{
	sqlite3_stmt *st = jf_cached(db, "SELECT " ACTIVITY_COLS " FROM activities WHERE id = ?");
	if (!st)
		return JF_DB_IO;
	sqlite3_bind_int64(st, 1, id);
	jf_status rv = JF_OK;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		activity_row(st, out);
	else if (rc == SQLITE_DONE)
		rv = jf_fail(db, JF_NOT_FOUND, _("没有编号为 %lld 的活动"), (long long)id);
	else
		rv = jf_sql_fail(db, rc);
	jf_release(db, st);
	return rv;
}

/* Change an activity's points or retire it, with its log row. */
static jf_status activity_change(jf_db *db, const jf_op *op, int64_t id, int64_t points,
                                 int retire)
{
	jf_status rv = jf_op_require(db, op, JF_ROLE_ADMIN);
	if (rv != JF_OK)
		return rv;
	if (!retire && (rv = check_points(db, points)) != JF_OK)
		return rv;
	if ((rv = jf_tx_begin(db)) != JF_OK)
		return rv;
	jf_activity a;
	if ((rv = jf_activity_get(db, id, &a)) != JF_OK)
		goto fail;
	if (!a.active) {
		rv = jf_fail(db, JF_INACTIVE, _("活动 %s %s"), a.code, a.name);
		goto fail;
	}
	if (!retire && a.points == points) /* nothing changes, nothing to log */
		return jf_tx_commit(db);
	sqlite3_stmt *st = jf_prepare(db, retire ? "UPDATE activities SET active = 0 WHERE id = ?"
	                                         : "UPDATE activities SET points = ? WHERE id = ?");
	if (!st) {
		rv = JF_DB_IO;
		goto fail;
	}
	if (retire) {
		sqlite3_bind_int64(st, 1, id);
	} else {
		sqlite3_bind_int64(st, 1, points);
		sqlite3_bind_int64(st, 2, id);
	}
	rv = step_done(db, st);
	sqlite3_finalize(st);
	if (rv != JF_OK)
		goto fail;
	rv = retire ? activity_log(db, id, op, "retire", a.points, 0)
	            : activity_log(db, id, op, "points", points, 1);
	if (rv != JF_OK)
		goto fail;
	return jf_tx_commit(db);
fail:
	jf_tx_rollback(db);
	return rv;
}

jf_status jf_activity_set_points(jf_db *db, const jf_op *op, int64_t id, int64_t points)
{
	return activity_change(db, op, id, points, 0);
}

jf_status jf_activity_retire(jf_db *db, const jf_op *op, int64_t id)
{
	return activity_change(db, op, id, 0, 1);
}

jf_status jf_activity_list(jf_db *db, int include_retired, jf_activity **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = jf_prepare(db, "SELECT " ACTIVITY_COLS " FROM activities "
	                                  "WHERE active = 1 OR ?1 ORDER BY " CATEGORY_ORDER
	                                  ", code");
	if (!st)
		return JF_DB_IO;
	sqlite3_bind_int(st, 1, include_retired ? 1 : 0);
	jf_status rv = JF_OK;
	jf_activity *v = NULL;
	size_t cnt = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (cnt == cap) {
			cap = cap ? cap * 2 : 64;
			jf_activity *nv = realloc(v, cap * sizeof *v);
			if (!nv) {
				rv = jf_fail(db, JF_NOMEM, NULL);
				goto cleanup;
			}
			v = nv;
		}
		activity_row(st, &v[cnt++]);
	}
	if (rc != SQLITE_DONE)
		rv = jf_sql_fail(db, rc);
cleanup:
	sqlite3_finalize(st);
	if (rv != JF_OK) {
		free(v);
		return rv;
	}
	*out = v;
	*n = cnt;
	return JF_OK;
}

jf_status jf_activity_resolve(jf_db *db, const char *query, jf_activity *out)
{
	jf_status rv = check_query(db, query);
	if (rv != JF_OK)
		return rv;
	cand_list l = {0};
	rv = load_cands(db, "SELECT id, code, name, points FROM activities WHERE active = 1 "
	                    "ORDER BY " CATEGORY_ORDER ", code",
	                &l);
	int64_t id = 0;
	if (rv == JF_OK)
		rv = pick(db, &l, query, 1, 0, &id);
	free(l.v);
	if (rv == JF_NOT_FOUND)
		return not_found(db,
		                 "SELECT code, name FROM activities WHERE active = 0 AND "
		                 "(code = ?1 COLLATE NOCASE OR name = ?1) LIMIT 1",
		                 query, _("没有编号、名称或拼音为“%s”的活动"));
	if (rv != JF_OK)
		return rv;
	return jf_activity_get(db, id, out);
}

/* --- sponsors ------------------------------------------------------------- */

jf_status jf_sponsor_ensure(jf_db *db, const jf_op *op, const char *name, jf_sponsor_kind kind,
                            int64_t *id)
{
	jf_status rv = jf_op_require(db, op, JF_ROLE_STAFF);
	if (rv != JF_OK)
		return rv;
	if ((rv = jf_check_text(db, _("赞助方名称"), name, JF_NAME_MAX, 0)) != JF_OK)
		return rv;
	if (kind < JF_SPONSOR_ENTERPRISE || kind > SPONSOR_KIND_LAST)
		return jf_fail(db, JF_INVALID, _("赞助方类型无效，可选：%s、%s、%s"),
		               jf_sponsor_kind_label(JF_SPONSOR_ENTERPRISE),
		               jf_sponsor_kind_label(JF_SPONSOR_UNIT),
		               jf_sponsor_kind_label(JF_SPONSOR_MERCHANT));
	if ((rv = jf_tx_begin(db)) != JF_OK)
		return rv;
	sqlite3_stmt *st = jf_prepare(db, "SELECT id FROM sponsors WHERE name = ?");
	if (!st) {
		rv = JF_DB_IO;
		goto fail;
	}
	jf_bind_text(st, 1, name);
	int rc = sqlite3_step(st);
	int64_t found = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		rv = jf_sql_fail(db, rc);
		goto fail;
	}
	if (!found) {
		st = jf_prepare(db, "INSERT INTO sponsors(name, kind) VALUES (?, ?)");
		if (!st) {
			rv = JF_DB_IO;
			goto fail;
		}
		jf_bind_text(st, 1, name);
		jf_bind_text(st, 2, jf_sponsor_kind_code(kind));
		rv = step_done(db, st);
		sqlite3_finalize(st);
		if (rv != JF_OK)
			goto fail;
		found = sqlite3_last_insert_rowid(db->sql);
	}
	if ((rv = jf_tx_commit(db)) != JF_OK)
		return rv;
	if (id)
		*id = found;
	return JF_OK;
fail:
	jf_tx_rollback(db);
	return rv;
}

/* --- items ---------------------------------------------------------------- */

#define ITEM_COLS                                                                     \
	"i.id, i.code, i.name, i.kind, i.points, i.unit, COALESCE(i.sponsor_id, 0), " \
	"COALESCE(s.name, ''), COALESCE(s.kind, ''), COALESCE(i.monthly_limit, 0), "  \
	"i.valid_days, i.stock, i.initials, i.active "                                \
	"FROM items i LEFT JOIN sponsors s ON s.id = i.sponsor_id"
#define KIND_ORDER                                                                    \
	"CASE i.kind WHEN 'goods' THEN 1 WHEN 'produce' THEN 2 WHEN 'housekeeping' THEN 3 " \
	"WHEN 'service' THEN 4 ELSE 5 END"

static void item_row(sqlite3_stmt *st, jf_item *it)
{
	char buf[32];
	it->id = sqlite3_column_int64(st, 0);
	jf_col_text(st, 1, it->code, sizeof it->code);
	jf_col_text(st, 2, it->name, sizeof it->name);
	jf_col_text(st, 3, buf, sizeof buf);
	it->kind = jf_item_kind_parse(buf);
	it->points = sqlite3_column_int64(st, 4);
	jf_col_text(st, 5, it->unit, sizeof it->unit);
	it->sponsor_id = sqlite3_column_int64(st, 6);
	jf_col_text(st, 7, it->sponsor, sizeof it->sponsor);
	jf_col_text(st, 8, buf, sizeof buf);
	it->sponsor_kind = jf_sponsor_kind_parse(buf);
	it->monthly_limit = sqlite3_column_int64(st, 9);
	it->valid_days = sqlite3_column_int(st, 10);
	it->stock = sqlite3_column_int64(st, 11);
	jf_col_text(st, 12, it->initials, sizeof it->initials);
	it->active = sqlite3_column_int(st, 13);
}

static jf_status sponsor_exists(jf_db *db, int64_t id)
{
	sqlite3_stmt *st = jf_prepare(db, "SELECT 1 FROM sponsors WHERE id = ?");
	if (!st)
		return JF_DB_IO;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return JF_OK;
	if (rc == SQLITE_DONE)
		return jf_fail(db, JF_NOT_FOUND, _("没有编号为 %lld 的赞助方"), (long long)id);
	return jf_sql_fail(db, rc);
}

jf_status jf_item_add(jf_db *db, const jf_op *op, const jf_item *in, int64_t *id)
{
	jf_status rv = jf_op_require(db, op, JF_ROLE_ADMIN);
	if (rv != JF_OK)
		return rv;
	if (!in)
		return jf_fail(db, JF_INVALID, NULL);
	int valid_days = in->valid_days ? in->valid_days : JF_VALID_DAYS_DEFAULT;
	if ((rv = check_code(db, in->code)) != JF_OK ||
	    (rv = jf_check_text(db, _("名称"), in->name, JF_NAME_MAX, 0)) != JF_OK ||
	    (rv = check_points(db, in->points)) != JF_OK ||
	    (rv = jf_check_text(db, _("单位"), in->unit, JF_UNIT_MAX, 1)) != JF_OK)
		return rv;
	if (in->kind < JF_ITEM_GOODS || in->kind > JF_ITEM_KIND_COUNT)
		return jf_fail(db, JF_INVALID, _("种类无效，可选：%s、%s、%s、%s、%s"),
		               jf_item_kind_label(JF_ITEM_GOODS), jf_item_kind_label(JF_ITEM_PRODUCE),
		               jf_item_kind_label(JF_ITEM_HOUSEKEEPING),
		               jf_item_kind_label(JF_ITEM_SERVICE), jf_item_kind_label(JF_ITEM_COUPON));
	if (in->monthly_limit < 0 || in->monthly_limit > JF_LIMIT_MAX)
		return jf_fail(db, JF_INVALID, _("每月限兑必须在 0（不限）到 %d 之间，收到 %lld"),
		               JF_LIMIT_MAX, (long long)in->monthly_limit);
	if (valid_days < 1 || valid_days > JF_VALID_DAYS_MAX)
		return jf_fail(db, JF_INVALID, _("有效天数必须在 1 到 %d 之间，收到 %d"),
		               JF_VALID_DAYS_MAX, in->valid_days);
	if (in->sponsor_id < 0)
		return jf_fail(db, JF_INVALID, _("赞助方编号无效：%lld"), (long long)in->sponsor_id);

	if ((rv = jf_tx_begin(db)) != JF_OK)
		return rv;
	if (in->sponsor_id && (rv = sponsor_exists(db, in->sponsor_id)) != JF_OK)
		goto fail;
	int taken = 0;
	if ((rv = code_taken(db, "SELECT 1 FROM items WHERE code = ? COLLATE NOCASE", in->code,
	                     &taken)) != JF_OK)
		goto fail;
	if (taken) {
		rv = jf_fail(db, JF_EXISTS, _("物品编号 %s 已被使用"), in->code);
		goto fail;
	}
	char pinyin[256], initials[64];
	name_pinyin(in->name, 0, pinyin, sizeof pinyin, initials, sizeof initials);
	sqlite3_stmt *st = jf_prepare(db, "INSERT INTO items(code, name, kind, points, unit, "
	                                  "sponsor_id, monthly_limit, valid_days, stock, pinyin, "
	                                  "initials, active, created) "
	                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 1, ?)");
	if (!st) {
		rv = JF_DB_IO;
		goto fail;
	}
	jf_bind_text(st, 1, in->code);
	jf_bind_text(st, 2, in->name);
	jf_bind_text(st, 3, jf_item_kind_code(in->kind));
	sqlite3_bind_int64(st, 4, in->points);
	jf_bind_text(st, 5, in->unit);
	if (in->sponsor_id)
		sqlite3_bind_int64(st, 6, in->sponsor_id);
	else
		sqlite3_bind_null(st, 6);
	if (in->monthly_limit)
		sqlite3_bind_int64(st, 7, in->monthly_limit);
	else
		sqlite3_bind_null(st, 7);
	sqlite3_bind_int(st, 8, valid_days);
	jf_bind_text(st, 9, pinyin);
	jf_bind_text(st, 10, initials);
	sqlite3_bind_int64(st, 11, jf_db_now(db));
	rv = step_done(db, st);
	sqlite3_finalize(st);
	if (rv != JF_OK)
		goto fail;
	int64_t new_id = sqlite3_last_insert_rowid(db->sql);
	if ((rv = jf_tx_commit(db)) != JF_OK)
		return rv;
	if (id)
		*id = new_id;
	return JF_OK;
fail:
	jf_tx_rollback(db);
	return rv;
}

jf_status jf_item_get(jf_db *db, int64_t id, jf_item *out)
{
	sqlite3_stmt *st = jf_cached(db, "SELECT " ITEM_COLS " WHERE i.id = ?");
	if (!st)
		return JF_DB_IO;
	sqlite3_bind_int64(st, 1, id);
	jf_status rv = JF_OK;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		item_row(st, out);
	else if (rc == SQLITE_DONE)
		rv = jf_fail(db, JF_NOT_FOUND, _("没有编号为 %lld 的物品"), (long long)id);
	else
		rv = jf_sql_fail(db, rc);
	jf_release(db, st);
	return rv;
}

static jf_status item_change(jf_db *db, const jf_op *op, int64_t id, int64_t points, int retire)
{
	jf_status rv = jf_op_require(db, op, JF_ROLE_ADMIN);
	if (rv != JF_OK)
		return rv;
	if (!retire && (rv = check_points(db, points)) != JF_OK)
		return rv;
	if ((rv = jf_tx_begin(db)) != JF_OK)
		return rv;
	jf_item it;
	if ((rv = jf_item_get(db, id, &it)) != JF_OK)
		goto fail;
	if (!it.active) {
		rv = jf_fail(db, JF_INACTIVE, _("物品 %s %s"), it.code, it.name);
		goto fail;
	}
	sqlite3_stmt *st = jf_prepare(db, retire ? "UPDATE items SET active = 0 WHERE id = ?"
	                                         : "UPDATE items SET points = ? WHERE id = ?");
	if (!st) {
		rv = JF_DB_IO;
		goto fail;
	}
	if (retire) {
		sqlite3_bind_int64(st, 1, id);
	} else {
		sqlite3_bind_int64(st, 1, points);
		sqlite3_bind_int64(st, 2, id);
	}
	rv = step_done(db, st);
	sqlite3_finalize(st);
	if (rv != JF_OK)
		goto fail;
	return jf_tx_commit(db);
fail:
	jf_tx_rollback(db);
	return rv;
}

jf_status jf_item_set_points(jf_db *db, const jf_op *op, int64_t id, int64_t points)
{
	return item_change(db, op, id, points, 0);
}

jf_status jf_item_retire(jf_db *db, const jf_op *op, int64_t id)
{
	return item_change(db, op, id, 0, 1);
}

jf_status jf_item_list(jf_db *db, int include_retired, jf_item **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = jf_prepare(db, "SELECT " ITEM_COLS " WHERE i.active = 1 OR ?1 "
	                                  "ORDER BY " KIND_ORDER ", i.code");
	if (!st)
		return JF_DB_IO;
	sqlite3_bind_int(st, 1, include_retired ? 1 : 0);
	jf_status rv = JF_OK;
	jf_item *v = NULL;
	size_t cnt = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (cnt == cap) {
			cap = cap ? cap * 2 : 32;
			jf_item *nv = realloc(v, cap * sizeof *v);
			if (!nv) {
				rv = jf_fail(db, JF_NOMEM, NULL);
				goto cleanup;
			}
			v = nv;
		}
		item_row(st, &v[cnt++]);
	}
	if (rc != SQLITE_DONE)
		rv = jf_sql_fail(db, rc);
cleanup:
	sqlite3_finalize(st);
	if (rv != JF_OK) {
		free(v);
		return rv;
	}
	*out = v;
	*n = cnt;
	return JF_OK;
}

jf_status jf_item_resolve(jf_db *db, const char *query, jf_item *out)
{
	jf_status rv = check_query(db, query);
	if (rv != JF_OK)
		return rv;
	cand_list l = {0};
	rv = load_cands(db, "SELECT id, code, name, points FROM items i WHERE active = 1 "
	                    "ORDER BY " KIND_ORDER ", code",
	                &l);
	int64_t id = 0;
	if (rv == JF_OK)
		rv = pick(db, &l, query, 1, 0, &id);
	free(l.v);
	if (rv == JF_NOT_FOUND)
		return not_found(db,
		                 "SELECT code, name FROM items WHERE active = 0 AND "
		                 "(code = ?1 COLLATE NOCASE OR name = ?1) LIMIT 1",
		                 query, _("没有编号、名称或拼音为“%s”的物品"));
	if (rv != JF_OK)
		return rv;
	return jf_item_get(db, id, out);
}

jf_status jf_item_month_used(jf_db *db, int64_t resident_id, int64_t item_id, int64_t t,
                             int64_t *qty)
{
	char first[11], next[11];
	jf_month_bounds_at(t, first, next);
	int64_t start = jf_day_start(first), end = jf_day_start(next);
	sqlite3_stmt *st = jf_cached(db, "SELECT COALESCE(SUM(rl.qty), 0) FROM receipt_lines rl "
	                                  "JOIN receipts r ON r.id = rl.receipt_id "
	                                  "WHERE r.resident_id = ? AND rl.item_id = ? "
	                                  "AND r.time >= ? AND r.time < ? "
	                                  "AND NOT EXISTS (SELECT 1 FROM ledger l "
	                                  "WHERE l.kind = 'void' AND l.receipt_id = r.id)");
	if (!st)
		return JF_DB_IO;
	sqlite3_bind_int64(st, 1, resident_id);
	sqlite3_bind_int64(st, 2, item_id);
	sqlite3_bind_int64(st, 3, start);
	sqlite3_bind_int64(st, 4, end);
	jf_status rv = JF_OK;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*qty = sqlite3_column_int64(st, 0);
	else
		rv = jf_sql_fail(db, rc);
	jf_release(db, st);
	return rv;
}

/* --- verifiers ------------------------------------------------------------ */

#define VERIFIER_COLS "id, name, role, compound, phone, COALESCE(resident_id, 0), active"

static void verifier_row(sqlite3_stmt *st, jf_verifier *v)
{
	char buf[16];
	v->id = sqlite3_column_int64(st, 0);
	jf_col_text(st, 1, v->name, sizeof v->name);
	jf_col_text(st, 2, buf, sizeof buf);
	v->role = jf_verifier_role_parse(buf);
	jf_col_text(st, 3, v->compound, sizeof v->compound);
	jf_col_text(st, 4, v->phone, sizeof v->phone);
	v->resident_id = sqlite3_column_int64(st, 5);
	v->active = sqlite3_column_int(st, 6);
}

static jf_status resident_exists(jf_db *db, int64_t id)
{
	sqlite3_stmt *st = jf_prepare(db, "SELECT 1 FROM residents WHERE id = ?");
	if (!st)
		return JF_DB_IO;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return JF_OK;
	if (rc == SQLITE_DONE)
		return jf_fail(db, JF_NOT_FOUND, _("没有编号为 %lld 的居民"), (long long)id);
	return jf_sql_fail(db, rc);
}

jf_status jf_verifier_add(jf_db *db, const jf_op *op, const char *name, jf_verifier_role role,
                          const char *compound, const char *phone, int64_t resident_id,
                          int64_t *id)
{
	jf_status rv = jf_op_require(db, op, JF_ROLE_STAFF);
	if (rv != JF_OK)
		return rv;
	if ((rv = jf_check_text(db, _("姓名"), name, JF_NAME_MAX, 0)) != JF_OK ||
	    (rv = jf_check_text(db, _("小区"), compound, JF_PLACE_MAX, 1)) != JF_OK ||
	    (rv = check_phone(db, phone)) != JF_OK)
		return rv;
	if (role < JF_VERIFIER_LEADER || role > VERIFIER_ROLE_LAST)
		return jf_fail(db, JF_INVALID, _("确认人身份无效，可选：%s、%s"),
		               jf_verifier_role_label(JF_VERIFIER_LEADER),
		               jf_verifier_role_label(JF_VERIFIER_GRID));
	if (resident_id < 0)
		return jf_fail(db, JF_INVALID, _("居民编号无效：%lld"), (long long)resident_id);
	if ((rv = jf_tx_begin(db)) != JF_OK)
		return rv;
	if (resident_id && (rv = resident_exists(db, resident_id)) != JF_OK)
		goto fail;
	sqlite3_stmt *st = jf_prepare(db, "SELECT 1 FROM verifiers WHERE name = ? AND role = ? "
	                                  "AND compound = ?");
	if (!st) {
		rv = JF_DB_IO;
		goto fail;
	}
	jf_bind_text(st, 1, name);
	jf_bind_text(st, 2, jf_verifier_role_code(role));
	jf_bind_text(st, 3, compound ? compound : "");
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW) {
		rv = jf_fail(db, JF_EXISTS, _("%s%s %s 已登记"), compound ? compound : "",
		             jf_verifier_role_label(role), name);
		goto fail;
	}
	if (rc != SQLITE_DONE) {
		rv = jf_sql_fail(db, rc);
		goto fail;
	}
	st = jf_prepare(db, "INSERT INTO verifiers(name, role, compound, phone, resident_id, "
	                    "active) VALUES (?, ?, ?, ?, ?, 1)");
	if (!st) {
		rv = JF_DB_IO;
		goto fail;
	}
	jf_bind_text(st, 1, name);
	jf_bind_text(st, 2, jf_verifier_role_code(role));
	jf_bind_text(st, 3, compound ? compound : "");
	jf_bind_text(st, 4, phone ? phone : "");
	if (resident_id)
		sqlite3_bind_int64(st, 5, resident_id);
	else
		sqlite3_bind_null(st, 5);
	rv = step_done(db, st);
	sqlite3_finalize(st);
	if (rv != JF_OK)
		goto fail;
	int64_t new_id = sqlite3_last_insert_rowid(db->sql);
	if ((rv = jf_tx_commit(db)) != JF_OK)
		return rv;
	if (id)
		*id = new_id;
	return JF_OK;
fail:
	jf_tx_rollback(db);
	return rv;
}

jf_status jf_verifier_list(jf_db *db, jf_verifier **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = jf_prepare(db, "SELECT " VERIFIER_COLS " FROM verifiers ORDER BY "
	                                  "active DESC, role, compound, name");
	if (!st)
		return JF_DB_IO;
	jf_status rv = JF_OK;
	jf_verifier *v = NULL;
	size_t cnt = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (cnt == cap) {
			cap = cap ? cap * 2 : 16;
			jf_verifier *nv = realloc(v, cap * sizeof *v);
			if (!nv) {
				rv = jf_fail(db, JF_NOMEM, NULL);
				goto cleanup;
			}
			v = nv;
		}
		verifier_row(st, &v[cnt++]);
	}
	if (rc != SQLITE_DONE)
		rv = jf_sql_fail(db, rc);
cleanup:
	sqlite3_finalize(st);
	if (rv != JF_OK) {
		free(v);
		return rv;
	}
	*out = v;
	*n = cnt;
	return JF_OK;
}

jf_status jf_verifier_get(jf_db *db, int64_t id, jf_verifier *out)
{
	sqlite3_stmt *st = jf_cached(db, "SELECT " VERIFIER_COLS " FROM verifiers WHERE id = ?");
	if (!st)
		return JF_DB_IO;
	sqlite3_bind_int64(st, 1, id);
	jf_status rv = JF_OK;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		verifier_row(st, out);
	else if (rc == SQLITE_DONE)
		rv = jf_fail(db, JF_NOT_FOUND, _("没有编号为 %lld 的确认人"), (long long)id);
	else
		rv = jf_sql_fail(db, rc);
	jf_release(db, st);
	return rv;
}

jf_status jf_verifier_resolve(jf_db *db, const char *query, jf_verifier *out)
{
	jf_status rv = check_query(db, query);
	if (rv != JF_OK)
		return rv;
	cand_list l = {0};
	sqlite3_stmt *st = jf_prepare(db, "SELECT id, name, role, compound FROM verifiers "
	                                  "WHERE active = 1 ORDER BY role, compound, name");
	if (!st)
		return JF_DB_IO;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cand c;
		char role[16], compound[97];
		c.id = sqlite3_column_int64(st, 0);
		c.code[0] = '\0';
		jf_col_text(st, 1, c.name, sizeof c.name);
		jf_col_text(st, 2, role, sizeof role);
		jf_col_text(st, 3, compound, sizeof compound);
		char where[160];
		snprintf(where, sizeof where, "%s%s%s", compound, compound[0] ? " " : "",
		         jf_verifier_role_label(jf_verifier_role_parse(role)));
		snprintf(c.label, sizeof c.label, _("%s（%s）"), c.name, where);
		if ((rv = cand_push(db, &l, &c)) != JF_OK)
			break;
	}
	if (rv == JF_OK && rc != SQLITE_DONE)
		rv = jf_sql_fail(db, rc);
	sqlite3_finalize(st);
	int64_t id = 0;
	if (rv == JF_OK)
		rv = pick(db, &l, query, 0, 1, &id);
	free(l.v);
	if (rv == JF_NOT_FOUND)
		return not_found(db, NULL, query, _("没有姓名或拼音为“%s”的楼长或网格员"));
	if (rv != JF_OK)
		return rv;
	return jf_verifier_get(db, id, out);
}
