/* The audit and the change log (变更记录).
 *
 * Everything that decides points and is not itself a hash-chained entry
 * (operators, meta, activities, items, residents' identity, verifiers,
 * sponsors, day closes, notices, vouchers, receipts) is watched by triggers
 * that append a row to `changes` for every insert, update and delete: the
 * table, the row's key, the operator of the write (jf_actor), the time
 * (jf_now), the audited fields before and after as a JSON object, and a
 * BLAKE2b hash chaining the row to the one before (jf_chain).  Those
 * functions exist only on a connection opened by jifen (src/db.c registers
 * them), so a write with the plain sqlite3 shell to a watched table fails
 * outright; one who drops the triggers first is found by jf_audit, which
 * compares every watched row with its newest change.
 *
 * The list of watched tables is `audited` below, one line per table: to
 * watch another table add its line; the next jifen that opens a database
 * creates the table's triggers and records every existing row once
 * ("baseline"), together with a "cover" entry naming the fields, so that a
 * later change of the list (or of a table's fields) is noticed and applied
 * once, and triggers dropped by hand are not silently made again. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "internal.h"
#include "jifen/audit.h"

/* --- what is watched ------------------------------------------------------ */

/* table, the row's key (an SQL expression over the row's columns, @ for the
 * row: @id, @key, @receipt_id || '/' || @line), the fields (each a column,
 * or name=expression over @ columns, e.g. a secret kept as its digest), and
 * for an update trigger the columns it fires on (NULL = all fields). */
typedef struct {
	const char *table;
	const char *key;
	const char *fields[16];
} audited_table;

static const audited_table audited[] = {
	{"meta", "@key", {"key", "value=CASE WHEN @key = 'receipt_key' THEN jf_digest(@value) ELSE @value END"}},
	{"operators", "@id", {"login", "name", "role", "pin_hash=jf_digest(@pin_hash)", "resident_id", "failed_pins", "locked_until", "active", "created"}},
	{"residents", "@id", {"name", "compound", "building", "unit", "room", "phone", "card", "party", "active", "created"}},
	{"verifiers", "@id", {"name", "role", "compound", "phone", "resident_id", "active"}},
	{"sponsors", "@id", {"name", "kind"}},
	{"activities", "@id", {"code", "category", "name", "points", "active"}},
	{"activity_log", "@id", {"time", "activity_id", "operator_id", "what", "points", "active"}},
	{"items", "@id", {"code", "name", "kind", "points", "unit", "sponsor_id", "monthly_limit", "valid_days", "active", "created"}},
	{"receipts", "@id", {"no", "time", "resident_id", "operator_id", "total", "balance_after"}},
	{"receipt_lines", "@receipt_id || '/' || @line", {"receipt_id", "line", "item_id", "qty", "points_each"}},
	{"vouchers", "@id", {"receipt_id", "line", "item_id", "expires"}},
	{"voucher_events", "@id", {"voucher_id", "time", "day", "kind", "operator_id", "note", "override", "reason"}},
	{"day_closes", "@day", {"day", "time", "operator_id", "note", "ledger_head", "stock_head"}},
	{"notices", "@id", {"month", "time", "operator_id", "ledger_head", "stock_head"}},
	{"day_events", "@id", {"day", "kind", "time", "operator_id", "note", "ledger_head", "stock_head"}},
	{"clock_events", "@id", {"time", "day", "kind", "operator_id", "reason", "latest", "ledger_id", "stock_id", "voucher_event_id", "day_close_id", "day_event_id"}},
	{"access_log", "@id", {"time", "operator_id", "what", "detail"}},
};
#define N_AUDITED (sizeof audited / sizeof audited[0])

/* Field names and labels, in words. */
static const struct {
	const char *name, *label;
} labels[] = {
	{"meta", N_("设置")}, {"operators", N_("操作员")}, {"residents", N_("居民")},
	{"verifiers", N_("核实人")}, {"sponsors", N_("捐赠单位")}, {"activities", N_("积分项目")},
	{"activity_log", N_("项目变更记录")}, {"items", N_("商品")}, {"receipts", N_("小票")},
	{"receipt_lines", N_("小票明细")}, {"vouchers", N_("服务券")},
	{"voucher_events", N_("服务券记录")}, {"day_closes", N_("日结")}, {"notices", N_("月度公示")},
	{"day_events", N_("重开和再次日结")}, {"clock_events", N_("时钟记录")}, {"access_log", N_("导出记录")},
	{"changes", N_("变更记录")}, {"ledger", N_("台账")}, {"stock_moves", N_("库存变动")},
};
static const struct {
	const char *name, *label;
} field_labels[] = {
	{"key", N_("键")}, {"value", N_("值")}, {"login", N_("登录名")}, {"name", N_("名称")},
	{"role", N_("角色")}, {"pin_hash", N_("PIN 散列")}, {"resident_id", N_("居民")},
	{"failed_pins", N_("PIN 输错次数")}, {"locked_until", N_("锁定到")}, {"active", N_("启用")},
	{"created", N_("创建时间")}, {"compound", N_("小区")}, {"building", N_("楼栋")},
	{"unit", N_("单元")}, {"room", N_("房号")}, {"phone", N_("电话")}, {"card", N_("卡号")},
	{"party", N_("党员")}, {"kind", N_("类别")}, {"code", N_("编码")},
	{"category", N_("分类")}, {"points", N_("积分")}, {"time", N_("时间")},
	{"activity_id", N_("积分项目")}, {"operator_id", N_("操作员")}, {"what", N_("变更")},
	{"sponsor_id", N_("捐赠单位")}, {"monthly_limit", N_("每月限兑")},
	{"valid_days", N_("有效天数")}, {"no", N_("小票号")}, {"total", N_("合计")},
	{"balance_after", N_("兑换后余额")}, {"receipt_id", N_("小票")}, {"line", N_("行号")},
	{"item_id", N_("商品")}, {"qty", N_("数量")}, {"points_each", N_("单价")},
	{"expires", N_("有效期至")}, {"voucher_id", N_("服务券")}, {"day", N_("日期")},
	{"note", N_("备注")}, {"ledger_head", N_("台账末条哈希")},
	{"stock_head", N_("库存末条哈希")}, {"month", N_("月份")},
	{"override", N_("逾期登记")}, {"reason", N_("原因")}, {"latest", N_("最近一笔记录的时间")},
	{"detail", N_("内容")},
};

const char *jf_audit_table_label(const char *table)
{
	for (size_t i = 0; table && i < sizeof labels / sizeof labels[0]; i++)
		if (!strcmp(labels[i].name, table))
			return _(labels[i].label);
	return table ? table : "";
}

const char *jf_audit_field_label(const char *field)
{
	for (size_t i = 0; field && i < sizeof field_labels / sizeof field_labels[0]; i++)
		if (!strcmp(field_labels[i].name, field))
			return _(field_labels[i].label);
	return field ? field : "";
}

/* --- SQL functions -------------------------------------------------------- */

static void fn_now(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	jf_db *db = sqlite3_user_data(ctx);
	sqlite3_result_int64(ctx, jf_db_now(db));
}

static void fn_actor(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	jf_db *db = sqlite3_user_data(ctx);
	if (db->actor > 0)
		sqlite3_result_int64(ctx, db->actor);
	else
		sqlite3_result_null(ctx);
}

/* One value into the hash, its type first, its length before its bytes. */
static void hash_value(crypto_generichash_state *h, sqlite3_value *v)
{
	char head[48];
	int n;
	switch (sqlite3_value_type(v)) {
	case SQLITE_INTEGER:
		n = snprintf(head, sizeof head, "|i%lld", (long long)sqlite3_value_int64(v));
		crypto_generichash_update(h, (const unsigned char *)head, (size_t)n);
		return;
	case SQLITE_FLOAT:
		n = snprintf(head, sizeof head, "|f%.17g", sqlite3_value_double(v));
		crypto_generichash_update(h, (const unsigned char *)head, (size_t)n);
		return;
	case SQLITE_NULL:
		crypto_generichash_update(h, (const unsigned char *)"|n", 2);
		return;
	default: {
		int blob = sqlite3_value_type(v) == SQLITE_BLOB;
		const unsigned char *p = blob ? sqlite3_value_blob(v) : sqlite3_value_text(v);
		int len = sqlite3_value_bytes(v);
		n = snprintf(head, sizeof head, "|%c%d:", blob ? 'b' : 't', len);
		crypto_generichash_update(h, (const unsigned char *)head, (size_t)n);
		if (p && len > 0)
			crypto_generichash_update(h, p, (size_t)len);
	}
	}
}

/* The hash of a change: the previous change's hash, then the change's own
 * id, time, operator, table, key, op, old and new (argv[0..7]). */
static void chain_hash(const char *prev, sqlite3_value **argv, int argc, char hex[65])
{
	crypto_generichash_state h;
	unsigned char out[32];
	char head[32];
	size_t plen = prev ? strlen(prev) : 0;
	crypto_generichash_init(&h, NULL, 0, sizeof out);
	crypto_generichash_update(&h, (const unsigned char *)"jifen-change-1", 14);
	int n = snprintf(head, sizeof head, "|t%zu:", plen);
	crypto_generichash_update(&h, (const unsigned char *)head, (size_t)n);
	if (plen)
		crypto_generichash_update(&h, (const unsigned char *)prev, plen);
	for (int i = 0; i < argc; i++)
		hash_value(&h, argv[i]);
	crypto_generichash_final(&h, out, sizeof out);
	sodium_bin2hex(hex, 65, out, sizeof out);
}

static void fn_chain(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char hex[65];
	chain_hash((const char *)sqlite3_value_text(argv[0]), argv + 1, argc - 1, hex);
	sqlite3_result_text(ctx, hex, 64, SQLITE_TRANSIENT);
}

/* A secret or a PIN hash kept in the log as a digest: a change shows, the
 * value does not. */
static void fn_digest(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	unsigned char out[16];
	char hex[48];
	crypto_generichash(out, sizeof out, sqlite3_value_text(argv[0]),
	                   (unsigned long long)sqlite3_value_bytes(argv[0]), NULL, 0);
	memcpy(hex, "blake2b:", 8);
	sodium_bin2hex(hex + 8, sizeof hex - 8, out, sizeof out);
	sqlite3_result_text(ctx, hex, -1, SQLITE_TRANSIENT);
}

int jf_audit_register(jf_db *db)
{
	int rc = sqlite3_create_function(db->sql, "jf_now", 0, SQLITE_UTF8, db, fn_now, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db->sql, "jf_actor", 0, SQLITE_UTF8, db, fn_actor, NULL,
		                             NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db->sql, "jf_chain", 9, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
		                             NULL, fn_chain, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db->sql, "jf_digest", 1,
		                             SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, fn_digest, NULL,
		                             NULL);
	return rc;
}

void jf_db_act(jf_db *db, const jf_op *op)
{
	if (db)
		db->actor = op ? op->id : 0;
}

/* --- the triggers --------------------------------------------------------- */

typedef struct {
	char *p;
	size_t len, cap;
	int oom;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 1024;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *np = realloc(b->p, cap);
		if (!np) {
			b->oom = 1;
			return;
		}
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void sb_str(sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

/* An expression with @ replaced by `row` ("NEW.", "OLD.", ""). */
static void sb_expr(sbuf *b, const char *expr, const char *row)
{
	for (const char *p = expr; *p; p++) {
		if (*p == '@')
			sb_str(b, row);
		else
			sb_add(b, p, 1);
	}
}

/* The field's name (before '=') into buf. */
static void field_name(const char *f, char *buf, size_t len)
{
	const char *eq = strchr(f, '=');
	size_t n = eq ? (size_t)(eq - f) : strlen(f);
	if (n >= len)
		n = len - 1;
	memcpy(buf, f, n);
	buf[n] = '\0';
}

/* json_object('name', <expr>, ...) of the audited fields of `row`. */
static void sb_value(sbuf *b, const audited_table *t, const char *row)
{
	sb_str(b, "json_object(");
	for (int i = 0; i < 16 && t->fields[i]; i++) {
		char name[64];
		field_name(t->fields[i], name, sizeof name);
		if (i)
			sb_str(b, ", ");
		sb_str(b, "'");
		sb_str(b, name);
		sb_str(b, "', ");
		const char *eq = strchr(t->fields[i], '=');
		if (eq) {
			sb_str(b, "(");
			sb_expr(b, eq + 1, row);
			sb_str(b, ")");
		} else {
			sb_str(b, row);
			sb_str(b, t->fields[i]);
		}
	}
	sb_str(b, ")");
}

/* The form of the triggers: raise it when sb_trigger changes, so that every
 * database gets the new ones (and a new baseline) once. */
#define TRIGGER_FORM "v2"

/* The fields, as recorded in the table's "cover" entry. */
static void sb_cover(sbuf *b, const audited_table *t)
{
	sb_str(b, TRIGGER_FORM "|");
	sb_str(b, t->key);
	for (int i = 0; i < 16 && t->fields[i]; i++) {
		sb_str(b, "|");
		sb_str(b, t->fields[i]);
	}
}

/* The INSERT INTO changes of one change: key, old and new are expressions.
 * The inner select is an aggregate (count(*) of its one row) and so is the
 * outer one (GROUP BY), so that SQLite cannot flatten them: the time and
 * the operator are read once and are the same in the row and in its hash.
 * The newest id and hash are each one seek (scalar subqueries: a max()
 * beside other columns would read the whole log on every write). */
static void sb_insert_change(sbuf *b, const char *table, const char *op, const char *key,
                             const char *old_expr, const char *new_expr)
{
	sb_str(b, "INSERT INTO changes(id, time, operator_id, tbl, row_id, op, old, new, hash)"
	          " SELECT x.id, x.t, x.who, '");
	sb_str(b, table);
	sb_str(b, "', x.k, '");
	sb_str(b, op);
	sb_str(b, "', x.o, x.n, jf_chain(x.prev, x.id, x.t, x.who, '");
	sb_str(b, table);
	sb_str(b, "', x.k, '");
	sb_str(b, op);
	sb_str(b, "', x.o, x.n) FROM (SELECT"
	          " coalesce((SELECT max(id) FROM changes), 0) + 1 AS id,"
	          " coalesce((SELECT hash FROM changes ORDER BY id DESC LIMIT 1), '') AS prev,"
	          " jf_now() AS t, jf_actor() AS who, ");
	sb_str(b, key);
	sb_str(b, " AS k, ");
	sb_str(b, old_expr);
	sb_str(b, " AS o, ");
	sb_str(b, new_expr);
	sb_str(b, " AS n, count(*) AS one) x GROUP BY x.id");
}

static void sb_trigger(sbuf *b, const audited_table *t, const char *op)
{
	sbuf key = {0}, oldv = {0}, newv = {0};
	char upper = op[0] == 'i' ? 'I' : op[0] == 'u' ? 'U' : 'D';
	const char *row = upper == 'D' ? "OLD." : "NEW.";
	sb_expr(&key, t->key, row);
	if (upper == 'I')
		sb_str(&oldv, "NULL");
	else
		sb_value(&oldv, t, "OLD.");
	if (upper == 'D')
		sb_str(&newv, "NULL");
	else
		sb_value(&newv, t, "NEW.");
	sb_str(b, "CREATE TRIGGER jfa_");
	sb_str(b, t->table);
	sb_add(b, "_", 1);
	sb_add(b, op, 1);
	sb_str(b, upper == 'I' ? " AFTER INSERT ON " : upper == 'U' ? " AFTER UPDATE OF " :
	                                                              " AFTER DELETE ON ");
	if (upper == 'U') {
		/* only the audited columns (a balance or a stock is not), and
		 * only when something changed */
		int first = 1;
		for (int i = 0; i < 16 && t->fields[i]; i++) {
			char name[64];
			field_name(t->fields[i], name, sizeof name);
			if (!first)
				sb_str(b, ", ");
			sb_str(b, name);
			first = 0;
		}
		sb_str(b, " ON ");
		sb_str(b, t->table);
		sb_str(b, " WHEN ");
		sb_str(b, oldv.p ? oldv.p : "");
		sb_str(b, " IS NOT ");
		sb_str(b, newv.p ? newv.p : "");
	} else {
		sb_str(b, t->table);
	}
	sb_str(b, " BEGIN ");
	sb_insert_change(b, t->table, upper == 'I' ? "insert" : upper == 'U' ? "update" : "delete",
	                 key.p ? key.p : "NULL", oldv.p ? oldv.p : "NULL", newv.p ? newv.p : "NULL");
	sb_str(b, "; END;");
	if (key.oom || oldv.oom || newv.oom)
		b->oom = 1;
	free(key.p);
	free(oldv.p);
	free(newv.p);
}

static int table_exists(jf_db *db, const char *table)
{
	sqlite3_stmt *st = NULL;
	int yes = 0;
	if (sqlite3_prepare_v2(db->sql,
	                       "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", -1,
	                       &st, NULL) == SQLITE_OK) {
		jf_bind_text(st, 1, table);
		yes = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	return yes;
}

/* 1 when the table's newest cover entry names exactly these fields. */
static int covered(jf_db *db, const audited_table *t, const char *cover)
{
	sqlite3_stmt *st = NULL;
	int yes = 0;
	if (sqlite3_prepare_v2(db->sql,
	                       "SELECT new FROM changes WHERE tbl = ? AND row_id = ''"
	                       " AND op = 'cover' ORDER BY id DESC LIMIT 1",
	                       -1, &st, NULL) == SQLITE_OK) {
		jf_bind_text(st, 1, t->table);
		if (sqlite3_step(st) == SQLITE_ROW) {
			const char *v = (const char *)sqlite3_column_text(st, 0);
			yes = v && !strcmp(v, cover);
		}
	}
	sqlite3_finalize(st);
	return yes;
}

/* Watch one table: its three triggers, its cover entry, and a baseline
 * entry for every row it holds. */
static jf_status cover_table(jf_db *db, const audited_table *t, const char *cover)
{
	sbuf b = {0};
	jf_status rv = JF_OK;
	for (int i = 0; i < 3; i++) {
		sb_str(&b, "DROP TRIGGER IF EXISTS jfa_");
		sb_str(&b, t->table);
		sb_str(&b, i == 0 ? "_i;" : i == 1 ? "_u;" : "_d;");
	}
	sb_trigger(&b, t, "i");
	sb_trigger(&b, t, "u");
	sb_trigger(&b, t, "d");
	/* the cover entry: key '', the fields as its new value */
	sbuf c = {0};
	sb_insert_change(&c, t->table, "cover", "''", "NULL", "?1");
	/* (the key '' is never a row's: the cover entries stay apart) */
	if (b.oom || c.oom) {
		free(b.p);
		free(c.p);
		return jf_fail(db, JF_NOMEM, NULL);
	}
	int rc = sqlite3_exec(db->sql, b.p, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		free(c.p);
		rv = jf_sql_fail(db, rc);
		goto done;
	}
	sqlite3_stmt *st = jf_prepare(db, c.p);
	free(c.p);
	if (!st) {
		rv = JF_DB_IO;
		goto done;
	}
	jf_bind_text(st, 1, cover);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		rv = jf_sql_fail(db, rc);
		goto done;
	}
	/* the baseline, row by row (each entry chains to the one before) */
	sbuf sel = {0}, ins = {0};
	sb_str(&sel, "SELECT ");
	sb_expr(&sel, t->key, "");
	sb_str(&sel, ", ");
	sb_value(&sel, t, "");
	sb_str(&sel, " FROM ");
	sb_str(&sel, t->table);
	sb_insert_change(&ins, t->table, "baseline", "?1", "NULL", "?2");
	sqlite3_stmt *rows = NULL, *put = NULL;
	if (sel.oom || ins.oom) {
		rv = jf_fail(db, JF_NOMEM, NULL);
	} else if (!(rows = jf_prepare(db, sel.p)) || !(put = jf_prepare(db, ins.p))) {
		rv = JF_DB_IO;
	} else {
		while ((rc = sqlite3_step(rows)) == SQLITE_ROW) {
			sqlite3_bind_value(put, 1, sqlite3_column_value(rows, 0));
			sqlite3_bind_value(put, 2, sqlite3_column_value(rows, 1));
			if ((rc = sqlite3_step(put)) != SQLITE_DONE)
				break;
			sqlite3_reset(put);
		}
		if (rc != SQLITE_DONE)
			rv = jf_sql_fail(db, rc);
	}
	sqlite3_finalize(rows);
	sqlite3_finalize(put);
	free(sel.p);
	free(ins.p);
done:
	free(b.p);
	return rv;
}

/* 1 when the change log is empty and a watched table has rows: the log was
 * emptied, and a baseline now would make whatever the file holds look
 * recorded.  (A database whose log was made by this very open, migrated
 * from before the change log, is baselined once.) */
static int log_emptied(jf_db *db)
{
	sqlite3_stmt *st = NULL;
	int empty = 0;
	if (sqlite3_prepare_v2(db->sql, "SELECT NOT EXISTS (SELECT 1 FROM changes)", -1, &st,
	                       NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		empty = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (!empty)
		return 0;
	for (size_t i = 0; i < N_AUDITED; i++) {
		char sql[128];
		int rows = 0;
		if (!table_exists(db, audited[i].table))
			continue;
		snprintf(sql, sizeof sql, "SELECT EXISTS (SELECT 1 FROM \"%s\")", audited[i].table);
		if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			rows = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
		if (rows)
			return 1;
	}
	return 0;
}

jf_status jf_audit_install(jf_db *db, int new_log)
{
	char cover[N_AUDITED][1024];
	int need[N_AUDITED], any = 0;
	if (!table_exists(db, "changes"))
		return JF_OK; /* an old schema being read only */
	if (!new_log && log_emptied(db))
		return JF_OK; /* left for jf_audit to find */
	for (size_t pass = 0; pass < 2; pass++) {
		any = 0;
		for (size_t i = 0; i < N_AUDITED; i++) {
			sbuf b = {0};
			sb_cover(&b, &audited[i]);
			jf_strlcpy(cover[i], b.p, sizeof cover[i]);
			free(b.p);
			need[i] = table_exists(db, audited[i].table) && !covered(db, &audited[i], cover[i]);
			any |= need[i];
		}
		if (!any)
			return pass ? jf_tx_commit(db) : JF_OK;
		if (pass == 0) {
			/* look again under the write lock: another counter may have
			 * done it meanwhile */
			jf_status rv = jf_tx_begin(db);
			if (rv != JF_OK)
				return rv;
		}
	}
	int64_t actor = db->actor;
	db->actor = 0;
	for (size_t i = 0; i < N_AUDITED; i++) {
		if (!need[i])
			continue;
		jf_status rv = cover_table(db, &audited[i], cover[i]);
		if (rv != JF_OK) {
			db->actor = actor;
			jf_tx_rollback(db);
			return rv;
		}
	}
	db->actor = actor;
	return jf_tx_commit(db);
}

/* --- the audit ------------------------------------------------------------ */

static jf_status broken(jf_db *db, jf_audit_report *rep, const char *table, sqlite3_value *key,
                        const char *field, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static jf_status broken(jf_db *db, jf_audit_report *rep, const char *table, sqlite3_value *key,
                        const char *field, const char *fmt, ...)
{
	va_list ap;
	jf_strlcpy(rep->table, table, sizeof rep->table);
	rep->row_id = 0;
	rep->key[0] = '\0';
	if (key && sqlite3_value_type(key) == SQLITE_INTEGER)
		rep->row_id = sqlite3_value_int64(key);
	if (key)
		jf_strlcpy(rep->key, (const char *)sqlite3_value_text(key), sizeof rep->key);
	jf_strlcpy(rep->field, field ? field : "", sizeof rep->field);
	va_start(ap, fmt);
	vsnprintf(rep->problem, sizeof rep->problem, fmt, ap);
	va_end(ap);
	return jf_fail(db, JF_TAMPERED, "%s %s: %s", table, rep->key, rep->problem);
}

/* A read that failed: a table, column or function gone (the schema was
 * edited) is tampering; a disk error, a busy file or a corrupt page is
 * what it is. */
static jf_status read_fail_rc(jf_db *db, jf_audit_report *rep, const char *table,
                              const char *what, int rc)
{
	if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE)
		rc = SQLITE_IOERR;
	if ((rc & 0xff) != SQLITE_ERROR)
		return jf_sql_fail(db, rc);
	return broken(db, rep, table, NULL, NULL, what, sqlite3_errmsg(db->sql));
}

static jf_status read_fail(jf_db *db, jf_audit_report *rep, const char *table, const char *what)
{
	return read_fail_rc(db, rep, table, what, sqlite3_errcode(db->sql));
}

/* A short, printable copy of a value for a message. */
static void short_text(const char *s, char *buf, size_t len)
{
	size_t j = 0;
	if (!s)
		s = "NULL";
	for (size_t i = 0; s[i] && j + 4 < len; i++) {
		unsigned char c = (unsigned char)s[i];
		buf[j++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	/* do not end inside a UTF-8 sequence */
	while (j > 0 && ((unsigned char)buf[j - 1] & 0xC0) == 0x80)
		j--;
	if (j > 0 && ((unsigned char)buf[j - 1] & 0xC0) == 0xC0)
		j--;
	buf[j] = '\0';
}

/* The chain of the change log, row by row. */
static jf_status audit_chain(jf_db *db, jf_audit_report *rep)
{
	char prev[65] = "", hex[65];
	jf_status rv = JF_OK;
	int rc;
	sqlite3_stmt *st = jf_prepare(db, "SELECT id, time, operator_id, tbl, row_id, op, old, new,"
	                                  " hash FROM changes ORDER BY id");
	if (!st)
		return read_fail(db, rep, "changes", _("变更记录无法读取：%s"));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_value *argv[8];
		for (int i = 0; i < 8; i++)
			argv[i] = sqlite3_column_value(st, i);
		chain_hash(prev, argv, 8, hex);
		const char *stored = (const char *)sqlite3_column_text(st, 8);
		if (!stored || strcmp(stored, hex) != 0) {
			rv = broken(db, rep, "changes", argv[0], NULL,
			            _("哈希链断裂：此条或其前一条被修改、删除或插入"));
			goto done;
		}
		memcpy(prev, hex, sizeof prev);
		rep->changes++;
	}
	if (rc != SQLITE_DONE)
		rv = read_fail(db, rep, "changes", _("变更记录无法读取：%s"));
	jf_strlcpy(rep->changes_head, prev, sizeof rep->changes_head);
done:
	sqlite3_finalize(st);
	return rv;
}

/* Name the first field that differs between the recorded and the current
 * JSON object of a row, with both values. */
static jf_status row_differs(jf_db *db, jf_audit_report *rep, const audited_table *t,
                             sqlite3_value *key, const char *was, const char *now)
{
	sqlite3_stmt *st = jf_prepare(db, "SELECT CASE WHEN json_valid(?1) AND json_valid(?2) THEN"
	                                  " json_extract(?1, ?3) IS NOT json_extract(?2, ?3) END,"
	                                  " CASE WHEN json_valid(?1) THEN json_extract(?1, ?3) END,"
	                                  " CASE WHEN json_valid(?2) THEN json_extract(?2, ?3) END");
	if (st) {
		for (int i = 0; i < 16 && t->fields[i]; i++) {
			char name[64], path[80], a[80], b[80];
			field_name(t->fields[i], name, sizeof name);
			snprintf(path, sizeof path, "$.%s", name);
			sqlite3_reset(st);
			jf_bind_text(st, 1, was);
			jf_bind_text(st, 2, now);
			jf_bind_text(st, 3, path);
			if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_type(st, 0) == SQLITE_NULL)
				break;
			if (!sqlite3_column_int(st, 0))
				continue;
			short_text((const char *)sqlite3_column_text(st, 1), a, sizeof a);
			short_text((const char *)sqlite3_column_text(st, 2), b, sizeof b);
			jf_status rv = broken(db, rep, t->table, key, name,
			                      _("%s被改动而没有变更记录：记录为 %s，现为 %s"),
			                      jf_audit_field_label(name), a, b);
			sqlite3_finalize(st);
			return rv;
		}
		sqlite3_finalize(st);
	}
	return broken(db, rep, t->table, key, NULL, _("与变更记录不符"));
}

/* One integer from a query with the table's name bound as ?1; -1 on error. */
static int64_t count_of(jf_db *db, const char *sql, const char *table, int *rc)
{
	sqlite3_stmt *st = jf_prepare(db, sql);
	int64_t n = -1;
	if (!st) {
		*rc = sqlite3_errcode(db->sql);
		return -1;
	}
	jf_bind_text(st, 1, table);
	if ((*rc = sqlite3_step(st)) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* A row the log says is there and is not: which.  Only when the counts
 * differ, so it may take its time (a temporary index of the keys). */
static jf_status find_deleted(jf_db *db, jf_audit_report *rep, const audited_table *t)
{
	sbuf q = {0};
	jf_status rv = JF_OK;
	sb_str(&q, "DROP TABLE IF EXISTS temp.jf_keys; CREATE TEMP TABLE jf_keys(k PRIMARY KEY)"
	           " WITHOUT ROWID; INSERT OR IGNORE INTO temp.jf_keys SELECT ");
	sb_expr(&q, t->key, "");
	sb_str(&q, " FROM \"");
	sb_str(&q, t->table);
	sb_str(&q, "\"");
	if (q.oom)
		return jf_fail(db, JF_NOMEM, NULL);
	int rc = sqlite3_exec(db->sql, q.p, NULL, NULL, NULL);
	free(q.p);
	if (rc != SQLITE_OK)
		return read_fail(db, rep, t->table, _("无法读取：%s"));
	sqlite3_stmt *st = jf_prepare(db,
		"SELECT c.row_id FROM changes c WHERE c.tbl = ?1 AND c.op <> 'cover'"
		" AND c.new IS NOT NULL AND c.id = (SELECT max(id) FROM changes"
		"   WHERE tbl = ?1 AND row_id = c.row_id AND op <> 'cover')"
		" AND NOT EXISTS (SELECT 1 FROM temp.jf_keys WHERE k = c.row_id)"
		" ORDER BY c.id LIMIT 1");
	if (!st)
		return read_fail(db, rep, t->table, _("无法读取：%s"));
	jf_bind_text(st, 1, t->table);
	if (sqlite3_step(st) == SQLITE_ROW)
		rv = broken(db, rep, t->table, sqlite3_column_value(st, 0), NULL,
		            _("此行被删除而没有变更记录"));
	else
		rv = broken(db, rep, t->table, NULL, NULL, _("与变更记录不符"));
	sqlite3_finalize(st);
	sqlite3_exec(db->sql, "DROP TABLE IF EXISTS temp.jf_keys", NULL, NULL, NULL);
	return rv;
}

/* Every row of a watched table is as its newest change says (one seek in
 * the log per row), and as many rows are there as the log says are. */
static jf_status audit_table(jf_db *db, jf_audit_report *rep, const audited_table *t)
{
	jf_status rv = JF_OK;
	sbuf q = {0};
	sb_str(&q, "SELECT k, v, c FROM (SELECT k, v, (SELECT new FROM changes"
	           "   WHERE tbl = ?1 AND row_id = +k AND op <> 'cover' ORDER BY id DESC LIMIT 1) AS c"
	           " FROM (SELECT ");
	sb_expr(&q, t->key, "");
	sb_str(&q, " AS k, ");
	sb_value(&q, t, "");
	sb_str(&q, " AS v FROM \"");
	sb_str(&q, t->table);
	sb_str(&q, "\")) WHERE v IS NOT c OR k IS NULL LIMIT 1");
	if (q.oom)
		return jf_fail(db, JF_NOMEM, NULL);
	sqlite3_stmt *st = jf_prepare(db, q.p);
	free(q.p);
	if (!st)
		return read_fail(db, rep, t->table, _("无法读取：%s"));
	jf_bind_text(st, 1, t->table);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *now = (const char *)sqlite3_column_text(st, 1);
		const char *was = (const char *)sqlite3_column_text(st, 2);
		sqlite3_value *key = sqlite3_column_value(st, 0);
		if (sqlite3_column_type(st, 0) == SQLITE_NULL)
			rv = broken(db, rep, t->table, NULL, NULL, _("有一行没有键"));
		else if (!was)
			rv = broken(db, rep, t->table, key, NULL,
			            _("此行不是经 jifen 写入的（变更记录里没有它）"));
		else
			rv = row_differs(db, rep, t, key, was, now);
	} else if (rc != SQLITE_DONE) {
		rv = read_fail(db, rep, t->table, _("无法读取：%s"));
	}
	sqlite3_finalize(st);
	if (rv != JF_OK)
		return rv;
	/* every row is its key's newest change: as many rows as live keys */
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", t->table);
	int rc1 = SQLITE_OK, rc2 = SQLITE_OK;
	int64_t rows = count_of(db, sql, t->table, &rc1);
	int64_t live = rows < 0 ? 0 : count_of(db,
		"SELECT count(*) FROM changes c WHERE c.tbl = ?1 AND c.op <> 'cover'"
		" AND c.new IS NOT NULL AND c.id = (SELECT max(id) FROM changes"
		"   WHERE tbl = ?1 AND row_id = c.row_id AND op <> 'cover')",
		t->table, &rc2);
	if (rows < 0 || live < 0)
		return read_fail_rc(db, rep, t->table, _("无法读取：%s"), rows < 0 ? rc1 : rc2);
	if (rows > live)
		return broken(db, rep, t->table, NULL, NULL,
		              _("有 %lld 行，变更记录只有 %lld 行（有键重复的行）"), (long long)rows,
		              (long long)live);
	if (rows < live)
		return find_deleted(db, rep, t);
	return JF_OK;
}

/* The triggers that keep the log are all there. */
static jf_status audit_triggers(jf_db *db, jf_audit_report *rep, const audited_table *t)
{
	static const char *const ops[] = {"_i", "_u", "_d"};
	for (int i = 0; i < 3; i++) {
		char name[80];
		snprintf(name, sizeof name, "jfa_%s%s", t->table, ops[i]);
		sqlite3_stmt *st = jf_prepare(db, "SELECT 1 FROM sqlite_master WHERE type = 'trigger'"
		                                  " AND name = ?");
		if (!st)
			return JF_DB_IO;
		jf_bind_text(st, 1, name);
		int rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_ROW)
			return broken(db, rep, t->table, NULL, NULL,
			              _("记录变更的触发器 %s 被删除"), name);
	}
	return JF_OK;
}

/* The heads a day close or a notice pinned are still in their chains: the
 * newest entries cannot be cut off after a day was closed. */
static jf_status audit_pins(jf_db *db, jf_audit_report *rep)
{
	static const struct {
		const char *table, *sql;
	} pins[] = {
		{"day_closes", "SELECT day, ledger_head, stock_head,"
		               " ledger_head <> '' AND NOT EXISTS (SELECT 1 FROM ledger l"
		               "   WHERE l.hash = d.ledger_head),"
		               " stock_head <> '' AND NOT EXISTS (SELECT 1 FROM stock_moves s"
		               "   WHERE s.hash = d.stock_head)"
		               " FROM day_closes d ORDER BY day"},
		{"notices", "SELECT id, ledger_head, stock_head,"
		            " ledger_head <> '' AND NOT EXISTS (SELECT 1 FROM ledger l"
		            "   WHERE l.hash = d.ledger_head),"
		            " stock_head <> '' AND NOT EXISTS (SELECT 1 FROM stock_moves s"
		            "   WHERE s.hash = d.stock_head)"
		            " FROM notices d ORDER BY id"},
		{"day_events", "SELECT id, ledger_head, stock_head,"
		               " ledger_head <> '' AND NOT EXISTS (SELECT 1 FROM ledger l"
		               "   WHERE l.hash = d.ledger_head),"
		               " stock_head <> '' AND NOT EXISTS (SELECT 1 FROM stock_moves s"
		               "   WHERE s.hash = d.stock_head)"
		               " FROM day_events d WHERE kind = 'close' ORDER BY id"},
	};
	for (size_t i = 0; i < sizeof pins / sizeof pins[0]; i++) {
		sqlite3_stmt *st = jf_prepare(db, pins[i].sql);
		if (!st)
			return read_fail(db, rep, pins[i].table, _("无法读取：%s"));
		int rc;
		jf_status rv = JF_OK;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int lgone = sqlite3_column_int(st, 3), sgone = sqlite3_column_int(st, 4);
			if (!lgone && !sgone)
				continue;
			char h[20];
			short_text((const char *)sqlite3_column_text(st, lgone ? 1 : 2), h, 17);
			rv = broken(db, rep, pins[i].table, sqlite3_column_value(st, 0),
			            lgone ? "ledger_head" : "stock_head",
			            lgone ? _("它记下的台账末条（哈希 %s…）已不在台账中：之后的记录被删除")
			                  : _("它记下的库存末条（哈希 %s…）已不在库存变动中：之后的记录被删除"),
			            h);
			break;
		}
		if (rv == JF_OK && rc != SQLITE_DONE)
			rv = read_fail(db, rep, pins[i].table, _("无法读取：%s"));
		sqlite3_finalize(st);
		if (rv != JF_OK)
			return rv;
	}
	return JF_OK;
}

jf_status jf_audit(jf_db *db, jf_audit_report *rep)
{
	jf_status rv;
	memset(rep, 0, sizeof *rep);
	/* One read transaction: a consistent snapshot even while counters write. */
	int began;
	if ((rv = jf_read_begin(db, &began)) != JF_OK)
		return rv;
	if ((rv = jf_audit_ledger(db, rep)) != JF_OK || (rv = audit_chain(db, rep)) != JF_OK)
		goto done;
	for (size_t i = 0; i < N_AUDITED; i++)
		if ((rv = audit_table(db, rep, &audited[i])) != JF_OK)
			goto done;
	if ((rv = audit_pins(db, rep)) != JF_OK)
		goto done;
	for (size_t i = 0; i < N_AUDITED; i++)
		if ((rv = audit_triggers(db, rep, &audited[i])) != JF_OK)
			goto done;
done:
	jf_read_end(db, began);
	return rv;
}

/* --- reading the log ------------------------------------------------------ */

jf_status jf_changes_list(jf_db *db, const char *table, int64_t from, int64_t to, size_t max,
                          jf_change **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = jf_prepare(db,
		"SELECT c.id, c.time, coalesce(c.operator_id, 0), coalesce(o.name, ''), c.tbl,"
		" c.row_id, c.op, c.old, c.new FROM changes c LEFT JOIN operators o"
		" ON o.id = c.operator_id WHERE (?1 IS NULL OR c.tbl = ?1) AND c.op <> 'cover'"
		" AND (?2 = 0 OR c.time >= ?2) AND (?3 = 0 OR c.time < ?3)"
		" ORDER BY c.id DESC LIMIT ?4");
	if (!st)
		return JF_DB_IO;
	jf_bind_text(st, 1, table);
	sqlite3_bind_int64(st, 2, from);
	sqlite3_bind_int64(st, 3, to);
	sqlite3_bind_int64(st, 4, max ? (int64_t)max : -1);
	jf_change *v = NULL;
	size_t cap = 0, len = 0;
	int rc;
	jf_status rv = JF_OK;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			size_t nc = cap ? cap * 2 : 64;
			jf_change *nv = realloc(v, nc * sizeof *nv);
			if (!nv) {
				rv = jf_fail(db, JF_NOMEM, NULL);
				break;
			}
			v = nv;
			cap = nc;
		}
		jf_change *c = &v[len];
		memset(c, 0, sizeof *c);
		c->id = sqlite3_column_int64(st, 0);
		c->time = sqlite3_column_int64(st, 1);
		c->operator_id = sqlite3_column_int64(st, 2);
		jf_col_text(st, 3, c->operator_name, sizeof c->operator_name);
		jf_col_text(st, 4, c->table, sizeof c->table);
		jf_col_text(st, 5, c->key, sizeof c->key);
		jf_col_text(st, 6, c->op, sizeof c->op);
		const char *o = (const char *)sqlite3_column_text(st, 7);
		const char *w = (const char *)sqlite3_column_text(st, 8);
		c->old_value = o ? strdup(o) : NULL;
		c->new_value = w ? strdup(w) : NULL;
		len++;
		if ((o && !c->old_value) || (w && !c->new_value)) {
			rv = jf_fail(db, JF_NOMEM, NULL);
			break;
		}
	}
	if (rv == JF_OK && rc != SQLITE_DONE)
		rv = jf_sql_fail(db, rc);
	sqlite3_finalize(st);
	if (rv != JF_OK) {
		jf_changes_free(v, len);
		return rv;
	}
	*out = v;
	*n = len;
	return JF_OK;
}

void jf_changes_free(jf_change *c, size_t n)
{
	for (size_t i = 0; c && i < n; i++) {
		free(c[i].old_value);
		free(c[i].new_value);
	}
	free(c);
}

jf_status jf_self_awards(jf_db *db, const char *from_day, const char *to_day,
                         jf_self_award **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = jf_prepare(db,
		"SELECT id, time, points, operator_id, oname, resident_id, rname, changed FROM"
		" (SELECT l.id, l.time, l.points, l.operator_id, coalesce(o.name, '') AS oname,"
		"   l.resident_id, coalesce(r.name, '') AS rname,"
		"   (SELECT max(c.time) FROM changes c WHERE c.tbl = 'residents'"
		"     AND c.row_id = +l.resident_id AND c.operator_id = l.operator_id"
		"     AND c.op IN ('insert', 'update') AND c.time <= l.time"
		"     AND c.time >= l.time - ?3 * 86400) AS changed"
		"  FROM ledger l LEFT JOIN operators o ON o.id = l.operator_id"
		"  LEFT JOIN residents r ON r.id = l.resident_id"
		"  WHERE l.kind = 'award' AND (?1 IS NULL OR l.day >= ?1)"
		"  AND (?2 IS NULL OR l.day < ?2))"
		" WHERE changed IS NOT NULL ORDER BY id");
	if (!st)
		return JF_DB_IO;
	jf_bind_text(st, 1, from_day);
	jf_bind_text(st, 2, to_day);
	sqlite3_bind_int(st, 3, JF_SELF_DAYS);
	jf_self_award *v = NULL;
	size_t cap = 0, len = 0;
	int rc;
	jf_status rv = JF_OK;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			size_t nc = cap ? cap * 2 : 16;
			jf_self_award *nv = realloc(v, nc * sizeof *nv);
			if (!nv) {
				rv = jf_fail(db, JF_NOMEM, NULL);
				break;
			}
			v = nv;
			cap = nc;
		}
		jf_self_award *a = &v[len++];
		memset(a, 0, sizeof *a);
		a->entry_id = sqlite3_column_int64(st, 0);
		a->time = sqlite3_column_int64(st, 1);
		a->points = sqlite3_column_int64(st, 2);
		a->operator_id = sqlite3_column_int64(st, 3);
		jf_col_text(st, 4, a->operator_name, sizeof a->operator_name);
		a->resident_id = sqlite3_column_int64(st, 5);
		jf_col_text(st, 6, a->resident_name, sizeof a->resident_name);
		a->changed = sqlite3_column_int64(st, 7);
	}
	if (rv == JF_OK && rc != SQLITE_DONE)
		rv = jf_sql_fail(db, rc);
	sqlite3_finalize(st);
	if (rv != JF_OK) {
		free(v);
		return rv;
	}
	*out = v;
	*n = len;
	return JF_OK;
}
