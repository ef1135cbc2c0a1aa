/* The ledger: every point and every piece of stock that moves, append-only,
 * each row chained to the one before by a BLAKE2b hash.
 *
 * A row's hash covers the previous row's hash and the row's fields, each
 * written as <length>:<bytes> so that no field can bleed into the next; a
 * redemption or void also covers the lines of its receipt.  Anyone holding
 * the file can recompute the chain (jf_audit); a printed head hash (the
 * monthly notice) pins the history as it stood. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "internal.h"
#include "jifen/catalog.h"
#include "jifen/ledger.h"
#include "jifen/resident.h"
#include "jifen/text.h"
#include "jifen/voucher.h"

#define AWARD_BATCH_MAX 1000
#define ADJUST_MAX 10000
#define STOCK_QTY_MAX 100000

/* --- hashing -------------------------------------------------------------- */

typedef struct {
	crypto_generichash_state st;
} hasher;

static void h_init(hasher *h, const char *prev_hex, const char *tag)
{
	crypto_generichash_init(&h->st, NULL, 0, 32);
	crypto_generichash_update(&h->st, (const unsigned char *)prev_hex, strlen(prev_hex));
	crypto_generichash_update(&h->st, (const unsigned char *)tag, strlen(tag));
}

static void h_str(hasher *h, const char *s)
{
	char len[24];
	size_t n = s ? strlen(s) : 0;
	int m = snprintf(len, sizeof len, "|%zu:", n);
	crypto_generichash_update(&h->st, (const unsigned char *)len, (size_t)m);
	if (n)
		crypto_generichash_update(&h->st, (const unsigned char *)s, n);
}

static void h_int(hasher *h, int64_t v)
{
	char buf[24];
	snprintf(buf, sizeof buf, "%" PRId64, v);
	h_str(h, buf);
}

static void h_final(hasher *h, char hex[65])
{
	unsigned char out[32];
	crypto_generichash_final(&h->st, out, sizeof out);
	sodium_bin2hex(hex, 65, out, sizeof out);
}

/* The newest row of a chain: its hash ("" if none) and the id the next row
 * takes.  `sql` selects hash and id of the newest row. */
static jf_status chain_tail(jf_db *db, const char *sql, char hex[65], int64_t *next_id)
{
	hex[0] = '\0';
	*next_id = 1;
	sqlite3_stmt *st = jf_cached(db, sql);
	if (!st)
		return JF_DB_IO;
	int rc = sqlite3_step(st);
	jf_status rv = JF_OK;
	if (rc == SQLITE_ROW) {
		jf_col_text(st, 0, hex, 65);
		*next_id = sqlite3_column_int64(st, 1) + 1;
	} else if (rc != SQLITE_DONE) {
		rv = jf_sql_fail(db, rc);
	}
	jf_release(db, st);
	return rv;
}

#define LEDGER_TAIL "SELECT hash, id FROM ledger ORDER BY id DESC LIMIT 1"
#define STOCK_TAIL "SELECT hash, id FROM stock_moves ORDER BY id DESC LIMIT 1"

jf_status jf_ledger_head(jf_db *db, char hex[65])
{
	int64_t next;
	return chain_tail(db, LEDGER_TAIL, hex, &next);
}

/* Hash the lines of a receipt into h, in line order. */
static jf_status hash_receipt_lines(jf_db *db, hasher *h, int64_t receipt_id)
{
	sqlite3_stmt *st = jf_cached(db, "SELECT r.no, r.total, l.line, l.item_id, l.qty,"
	                                  " l.points_each FROM receipts r"
	                                  " JOIN receipt_lines l ON l.receipt_id = r.id"
	                                  " WHERE r.id = ? ORDER BY l.line");
	if (!st)
		return JF_DB_IO;
	sqlite3_bind_int64(st, 1, receipt_id);
	int rc, first = 1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (first) {
			h_str(h, (const char *)sqlite3_column_text(st, 0));
			h_int(h, sqlite3_column_int64(st, 1));
			first = 0;
		}
		for (int i = 2; i <= 5; i++)
			h_int(h, sqlite3_column_int64(st, i));
	}
	jf_release(db, st);
	return rc == SQLITE_DONE ? JF_OK : jf_sql_fail(db, rc);
}

/* --- appending ------------------------------------------------------------ */

typedef struct {
	const char *kind;
	int64_t resident_id;
	int64_t points;
	int64_t operator_id;
	int64_t verifier_id; /* 0 = none */
	int64_t activity_id;
	int64_t receipt_id;
	const char *deed_date; /* NULL = none */
	const char *ref;
	const char *note;
} ledger_row;

static void bind_opt_id(sqlite3_stmt *st, int i, int64_t id)
{
	if (id > 0)
		sqlite3_bind_int64(st, i, id);
	else
		sqlite3_bind_null(st, i);
}

/* The canonical hash of a ledger row (also used by jf_audit). */
static jf_status ledger_row_hash(jf_db *db, const char *prev, int64_t id, int64_t t,
                                 const char *day, const ledger_row *r, int64_t balance_after,
                                 char hex[65])
{
	hasher h;
	h_init(&h, prev, "jifen-ledger-1");
	h_int(&h, id);
	h_int(&h, t);
	h_str(&h, day);
	h_str(&h, r->kind);
	h_int(&h, r->resident_id);
	h_int(&h, r->points);
	h_int(&h, balance_after);
	h_int(&h, r->operator_id);
	h_int(&h, r->verifier_id);
	h_int(&h, r->activity_id);
	h_int(&h, r->receipt_id);
	h_str(&h, r->deed_date);
	h_str(&h, r->ref);
	h_str(&h, r->note);
	if (r->receipt_id > 0) {
		jf_status rv = hash_receipt_lines(db, &h, r->receipt_id);
		if (rv != JF_OK)
			return rv;
	}
	h_final(&h, hex);
	return JF_OK;
}

/* Append one ledger row and move the resident's balance with it.  Must run
 * inside a transaction.  Refuses a balance below zero. */
static jf_status ledger_append(jf_db *db, const ledger_row *r, int64_t *id_out)
{
	jf_status rv = JF_OK;
	sqlite3_stmt *st = NULL;
	char prev[65], hex[65], day[11];
	int64_t now = jf_db_now(db), balance, id;
	int rc;

	jf_day_of(now, day);
	if ((rv = jf_day_check_open(db, day)) != JF_OK)
		return rv;
	st = jf_cached(db, "SELECT balance, name FROM residents WHERE id = ?");
	if (!st)
		return JF_DB_IO;
	sqlite3_bind_int64(st, 1, r->resident_id);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		rv = rc == SQLITE_DONE ? jf_fail(db, JF_NOT_FOUND, _("居民编号 %lld"),
		                                 (long long)r->resident_id)
		                       : jf_sql_fail(db, rc);
		goto cleanup;
	}
	balance = sqlite3_column_int64(st, 0);
	if (balance + r->points < 0) {
		rv = jf_fail(db, JF_INSUFFICIENT, _("%s 余额 %lld 分，需要 %lld 分"),
		             (const char *)sqlite3_column_text(st, 1), (long long)balance,
		             (long long)-r->points);
		goto cleanup;
	}
	jf_release(db, st);
	st = NULL;

	if ((rv = chain_tail(db, LEDGER_TAIL, prev, &id)) != JF_OK)
		goto cleanup;

	if ((rv = ledger_row_hash(db, prev, id, now, day, r, balance + r->points, hex)) != JF_OK)
		goto cleanup;

	st = jf_cached(db, "INSERT INTO ledger(id, time, day, kind, resident_id, points,"
	                    " balance_after, operator_id, verifier_id, activity_id, receipt_id,"
	                    " deed_date, ref, note, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
	if (!st) {
		rv = JF_DB_IO;
		goto cleanup;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	jf_bind_text(st, 3, day);
	jf_bind_text(st, 4, r->kind);
	sqlite3_bind_int64(st, 5, r->resident_id);
	sqlite3_bind_int64(st, 6, r->points);
	sqlite3_bind_int64(st, 7, balance + r->points);
	sqlite3_bind_int64(st, 8, r->operator_id);
	bind_opt_id(st, 9, r->verifier_id);
	bind_opt_id(st, 10, r->activity_id);
	bind_opt_id(st, 11, r->receipt_id);
	jf_bind_text(st, 12, r->deed_date);
	jf_bind_text(st, 13, r->ref ? r->ref : "");
	jf_bind_text(st, 14, r->note ? r->note : "");
	jf_bind_text(st, 15, hex);
	if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
		rv = jf_sql_fail(db, rc);
		goto cleanup;
	}
	jf_release(db, st);
	st = jf_cached(db, "UPDATE residents SET balance = ? WHERE id = ?");
	if (!st) {
		rv = JF_DB_IO;
		goto cleanup;
	}
	sqlite3_bind_int64(st, 1, balance + r->points);
	sqlite3_bind_int64(st, 2, r->resident_id);
	if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
		rv = jf_sql_fail(db, rc);
		goto cleanup;
	}
	if (id_out)
		*id_out = id;
cleanup:
	jf_release(db, st);
	return rv;
}

typedef struct {
	int64_t item_id;
	const char *kind;
	int64_t qty;
	int64_t operator_id;
	int64_t sponsor_id;
	int64_t receipt_id;
	const char *note;
} stock_row;

static void stock_row_hash(const char *prev, int64_t id, int64_t t, const char *day,
                           const stock_row *r, int64_t stock_after, char hex[65])
{
	hasher h;
	h_init(&h, prev, "jifen-stock-1");
	h_int(&h, id);
	h_int(&h, t);
	h_str(&h, day);
	h_int(&h, r->item_id);
	h_str(&h, r->kind);
	h_int(&h, r->qty);
	h_int(&h, stock_after);
	h_int(&h, r->operator_id);
	h_int(&h, r->sponsor_id);
	h_int(&h, r->receipt_id);
	h_str(&h, r->note);
	h_final(&h, hex);
}

/* Append a stock movement and move the item's stock.  Inside a transaction.
 * Refuses stock below zero. */
static jf_status stock_append(jf_db *db, const stock_row *r)
{
	jf_status rv = JF_OK;
	sqlite3_stmt *st = NULL;
	char prev[65], hex[65], day[11];
	int64_t now = jf_db_now(db), stock, id;
	int rc;

	jf_day_of(now, day);
	if ((rv = jf_day_check_open(db, day)) != JF_OK)
		return rv;
	st = jf_cached(db, "SELECT stock, name, unit FROM items WHERE id = ?");
	if (!st)
		return JF_DB_IO;
	sqlite3_bind_int64(st, 1, r->item_id);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		rv = rc == SQLITE_DONE ? jf_fail(db, JF_NOT_FOUND, _("物品编号 %lld"),
		                                 (long long)r->item_id)
		                       : jf_sql_fail(db, rc);
		goto cleanup;
	}
	stock = sqlite3_column_int64(st, 0);
	if (stock + r->qty < 0) {
		rv = jf_fail(db, JF_OUT_OF_STOCK, _("%s 库存 %lld%s，需要 %lld%s"),
		             (const char *)sqlite3_column_text(st, 1), (long long)stock,
		             (const char *)sqlite3_column_text(st, 2), (long long)-r->qty,
		             (const char *)sqlite3_column_text(st, 2));
		goto cleanup;
	}
	jf_release(db, st);
	st = NULL;
	if ((rv = chain_tail(db, STOCK_TAIL, prev, &id)) != JF_OK)
		goto cleanup;
	stock_row_hash(prev, id, now, day, r, stock + r->qty, hex);

	st = jf_cached(db, "INSERT INTO stock_moves(id, time, day, item_id, kind, qty, stock_after,"
	                    " operator_id, sponsor_id, receipt_id, note, hash)"
	                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
	if (!st) {
		rv = JF_DB_IO;
		goto cleanup;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	jf_bind_text(st, 3, day);
	sqlite3_bind_int64(st, 4, r->item_id);
	jf_bind_text(st, 5, r->kind);
	sqlite3_bind_int64(st, 6, r->qty);
	sqlite3_bind_int64(st, 7, stock + r->qty);
	sqlite3_bind_int64(st, 8, r->operator_id);
	bind_opt_id(st, 9, r->sponsor_id);
	bind_opt_id(st, 10, r->receipt_id);
	jf_bind_text(st, 11, r->note ? r->note : "");
	jf_bind_text(st, 12, hex);
	if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
		rv = jf_sql_fail(db, rc);
		goto cleanup;
	}
	jf_release(db, st);
	st = jf_cached(db, "UPDATE items SET stock = ? WHERE id = ?");
	if (!st) {
		rv = JF_DB_IO;
		goto cleanup;
	}
	sqlite3_bind_int64(st, 1, stock + r->qty);
	sqlite3_bind_int64(st, 2, r->item_id);
	if ((rc = sqlite3_step(st)) != SQLITE_DONE)
		rv = jf_sql_fail(db, rc);
cleanup:
	jf_release(db, st);
	return rv;
}

/* --- earning -------------------------------------------------------------- */

/* A resident that may receive or spend points: exists and not moved out. */
static jf_status load_active_resident(jf_db *db, int64_t id, char *name, size_t len)
{
	sqlite3_stmt *st = jf_cached(db, "SELECT name, active FROM residents WHERE id = ?");
	if (!st)
		return JF_DB_IO;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	jf_status rv = JF_OK;
	if (rc == SQLITE_ROW) {
		jf_col_text(st, 0, name, len);
		if (!sqlite3_column_int(st, 1))
			rv = jf_fail(db, JF_INACTIVE, _("居民 %s 已迁出"), name);
	} else {
		rv = rc == SQLITE_DONE ? jf_fail(db, JF_NOT_FOUND, _("居民编号 %lld"), (long long)id)
		                       : jf_sql_fail(db, rc);
	}
	jf_release(db, st);
	return rv;
}

static jf_status check_note(jf_db *db, const char *field, const char *s, size_t max)
{
	return jf_check_text(db, field, s, max, 1);
}

/* The person behind an operator or a verifier, as resident records to
 * compare every awarded resident with: a second record of the same person
 * (same name and phone, or same name and full address) is still them. */
typedef struct {
	jf_resident linked; /* their own resident record */
	int has_linked;
	jf_resident own; /* a verifier's own name and phone */
	int has_own;
} person;

static jf_status person_of(jf_db *db, int64_t resident_id, person *p)
{
	memset(p, 0, sizeof *p);
	if (resident_id <= 0)
		return JF_OK;
	jf_status rv = jf_resident_get(db, resident_id, &p->linked);
	if (rv == JF_NOT_FOUND)
		return JF_OK; /* a link to nobody: only the id is known */
	p->has_linked = rv == JF_OK;
	return rv;
}

/* How `r` is the person p (JF_SAME_*), or JF_SAME_NONE. */
static int is_person(const person *p, int64_t resident_id, const jf_resident *r)
{
	int same;
	if (resident_id > 0 && resident_id == r->id)
		return JF_SAME_RECORD;
	if (p->has_linked && (same = jf_resident_same_person(&p->linked, r)) != JF_SAME_NONE)
		return same;
	if (p->has_own && (same = jf_resident_same_person(&p->own, r)) != JF_SAME_NONE)
		return same;
	return JF_SAME_NONE;
}

/* Refuse points from the operator to their own person, by any record. */
static jf_status check_not_self(jf_db *db, const jf_op *op, const person *me,
                                const jf_resident *r)
{
	switch (is_person(me, op->resident_id, r)) {
	case JF_SAME_RECORD:
		return jf_fail(db, JF_SELF_AWARD, _("%s 是操作员本人"), r->name);
	case JF_SAME_PHONE:
		return jf_fail(db, JF_SELF_AWARD,
		               _("%s 与操作员本人同名、同手机号，是同一个人的另一份登记"), r->name);
	case JF_SAME_ADDRESS:
		return jf_fail(db, JF_SELF_AWARD,
		               _("%s 与操作员本人同名、同住址，是同一个人的另一份登记"), r->name);
	default:
		return JF_OK;
	}
}

jf_status jf_award(jf_db *db, const jf_op *op, const int64_t *resident_ids, size_t n,
                   const jf_award_req *req, int64_t *entry_ids)
{
	jf_status rv = jf_op_require(db, op, JF_ROLE_STAFF);
	jf_activity act;
	jf_verifier ver;
	person me, vp;
	char today[11], name[JF_NOTE_MAX + 1];
	const char *deed;

	if (rv != JF_OK)
		return rv;
	if (n == 0)
		return jf_fail(db, JF_INVALID, _("没有指定居民"));
	if (n > AWARD_BATCH_MAX)
		return jf_fail(db, JF_INVALID, _("一次最多给 %d 位居民赋分"), AWARD_BATCH_MAX);
	if ((rv = check_note(db, _("备注"), req->note, JF_NOTE_MAX)) != JF_OK ||
	    (rv = check_note(db, _("台账页行"), req->ref, 63)) != JF_OK)
		return rv;
	jf_day_of(jf_db_now(db), today);
	deed = req->deed_date && *req->deed_date ? req->deed_date : today;
	if (!jf_day_valid(deed))
		return jf_fail(db, JF_BAD_DATE, _("%s 不是有效日期（应为 YYYY-MM-DD）"), deed);
	if (strcmp(deed, today) > 0)
		return jf_fail(db, JF_BAD_DATE, _("%s 还没到，不能为将来的事赋分"), deed);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < i; j++)
			if (resident_ids[i] == resident_ids[j])
				return jf_fail(db, JF_INVALID, _("同一位居民在名单中出现了两次"));

	if ((rv = jf_tx_begin(db)) != JF_OK)
		return rv;
	if ((rv = jf_activity_get(db, req->activity_id, &act)) != JF_OK)
		goto fail;
	if (!act.active) {
		rv = jf_fail(db, JF_INACTIVE, _("活动“%s”已停用"), act.name);
		goto fail;
	}
	if ((rv = jf_verifier_get(db, req->verifier_id, &ver)) != JF_OK)
		goto fail;
	if (!ver.active) {
		rv = jf_fail(db, JF_INACTIVE, _("确认人 %s 已停用"), ver.name);
		goto fail;
	}
	if ((rv = person_of(db, op->resident_id, &me)) != JF_OK ||
	    (rv = person_of(db, ver.resident_id, &vp)) != JF_OK)
		goto fail;
	vp.has_own = 1;
	jf_strlcpy(vp.own.name, ver.name, sizeof vp.own.name);
	jf_strlcpy(vp.own.phone, ver.phone, sizeof vp.own.phone);
	for (size_t i = 0; i < n; i++) {
		jf_resident who;
		if ((rv = load_active_resident(db, resident_ids[i], name, sizeof name)) != JF_OK ||
		    (rv = jf_resident_get(db, resident_ids[i], &who)) != JF_OK ||
		    (rv = check_not_self(db, op, &me, &who)) != JF_OK)
			goto fail;
		switch (is_person(&vp, ver.resident_id, &who)) {
		case JF_SAME_RECORD:
			rv = jf_fail(db, JF_SELF_AWARD, _("%s 不能确认自己的好事，请另找楼长或网格员"),
			             name);
			goto fail;
		case JF_SAME_PHONE:
			rv = jf_fail(db, JF_SELF_AWARD,
			             _("%s 与确认人%s同名、同手机号，是同一个人：不能确认自己的好事，"
			               "请另找楼长或网格员"),
			             name, ver.name);
			goto fail;
		case JF_SAME_ADDRESS:
			rv = jf_fail(db, JF_SELF_AWARD,
			             _("%s 与确认人%s同名、同住址，是同一个人：不能确认自己的好事，"
			               "请另找楼长或网格员"),
			             name, ver.name);
			goto fail;
		default:
			break;
		}
		ledger_row r = {
			.kind = "award",
			.resident_id = resident_ids[i],
			.points = act.points,
			.operator_id = op->id,
			.verifier_id = ver.id,
			.activity_id = act.id,
			.deed_date = deed,
			.ref = req->ref,
			.note = req->note,
		};
		if ((rv = ledger_append(db, &r, entry_ids ? &entry_ids[i] : NULL)) != JF_OK)
			goto fail;
	}
	return jf_tx_commit(db);
fail:
	jf_tx_rollback(db);
	return rv;
}

jf_status jf_award_duplicates(jf_db *db, int64_t resident_id, int64_t activity_id,
                              const char *deed_date, int64_t *count)
{
	char today[11];
	jf_day_of(jf_db_now(db), today);
	sqlite3_stmt *st = jf_cached(db, "SELECT count(*) FROM ledger WHERE kind = 'award'"
	                                  " AND resident_id = ? AND activity_id = ? AND deed_date = ?");
	if (!st)
		return JF_DB_IO;
	sqlite3_bind_int64(st, 1, resident_id);
	sqlite3_bind_int64(st, 2, activity_id);
	jf_bind_text(st, 3, deed_date && *deed_date ? deed_date : today);
	int rc = sqlite3_step(st);
	jf_status rv = JF_OK;
	if (rc == SQLITE_ROW)
		*count = sqlite3_column_int64(st, 0);
	else
		rv = jf_sql_fail(db, rc);
	jf_release(db, st);
	return rv;
}

jf_status jf_adjust(jf_db *db, const jf_op *op, int64_t resident_id, int64_t points,
                    const char *reason, int64_t *entry_id)
{
	char name[JF_NOTE_MAX + 1];
	jf_status rv = jf_op_require(db, op, JF_ROLE_ADMIN);
	if (rv != JF_OK)
		return rv;
	if (points == 0 || points > ADJUST_MAX || points < -ADJUST_MAX)
		return jf_fail(db, JF_BAD_QTY, _("调整分数须在 -%d 到 %d 之间且不为 0"), ADJUST_MAX,
		               ADJUST_MAX);
	if ((rv = jf_check_text(db, _("调整原因"), reason, JF_NOTE_MAX, 0)) != JF_OK)
		return rv;
	if ((rv = jf_tx_begin(db)) != JF_OK)
		return rv;
	if ((rv = load_active_resident(db, resident_id, name, sizeof name)) != JF_OK)
		goto fail;
	if (points > 0) {
		/* points up to oneself, by any record of one's own, are refused as
		 * an award is; taking points away from oneself is not */
		person me;
		jf_resident who;
		if ((rv = person_of(db, op->resident_id, &me)) != JF_OK ||
		    (rv = jf_resident_get(db, resident_id, &who)) != JF_OK ||
		    (rv = check_not_self(db, op, &me, &who)) != JF_OK)
			goto fail;
	}
	ledger_row r = {.kind = "adjust",
	                .resident_id = resident_id,
	                .points = points,
	                .operator_id = op->id,
	                .note = reason};
	if ((rv = ledger_append(db, &r, entry_id)) != JF_OK)
		goto fail;
	return jf_tx_commit(db);
fail:
	jf_tx_rollback(db);
	return rv;
}

/* --- spending ------------------------------------------------------------- */

/* The next receipt number of the day: YYYYMMDD-NNNN. */
static jf_status next_receipt_no(jf_db *db, int64_t now, char *out)
{
	char day[11];
	jf_day_of(now, day);
	char prefix[16];
	snprintf(prefix, sizeof prefix, "%.4s%.2s%.2s-", day, day + 5, day + 8);
	sqlite3_stmt *st = jf_cached(db, "SELECT coalesce(max(CAST(substr(no, 10) AS INTEGER)), 0)"
	                                  " FROM receipts WHERE no >= ? AND no < ?");
	if (!st)
		return JF_DB_IO;
	char hi[16];
	snprintf(hi, sizeof hi, "%.8s.", prefix); /* '.' sorts right after '-' */
	jf_bind_text(st, 1, prefix);
	jf_bind_text(st, 2, hi);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		jf_release(db, st);
		return jf_sql_fail(db, rc);
	}
	int64_t seq = sqlite3_column_int64(st, 0) + 1;
	jf_release(db, st);
	char no[48];
	snprintf(no, sizeof no, "%s%04lld", prefix, (long long)seq);
	jf_strlcpy(out, no, JF_RECEIPT_NO_MAX + 1);
	return JF_OK;
}

static void add_days(const char *day, int days, char *out)
{
	struct tm tm = {0};
	sscanf(day, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_mday += days;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	mktime(&tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

jf_status jf_cart_line_problem(const jf_item *it, int64_t used, int64_t qty, int64_t *remove)
{
	int64_t out = 0;
	jf_status st = JF_OK;
	if (!it->active) {
		st = JF_INACTIVE;
		out = qty;
	} else if (jf_item_kind_stocked(it->kind) && it->stock < qty) {
		st = JF_OUT_OF_STOCK;
		out = it->stock > 0 ? qty - it->stock : qty;
	} else if (it->monthly_limit > 0 && used + qty > it->monthly_limit) {
		st = JF_OVER_LIMIT;
		out = used >= it->monthly_limit ? qty : used + qty - it->monthly_limit;
	}
	if (remove)
		*remove = out;
	return st;
}

jf_status jf_cart_explain(jf_db *db, const jf_cart_check_line *l)
{
	const jf_item *it = &l->item;
	switch (l->problem) {
	case JF_INACTIVE:
		return jf_fail(db, JF_INACTIVE, _("“%s”已下架：请从购物车移除"), it->name);
	case JF_OUT_OF_STOCK:
		return jf_fail(db, JF_OUT_OF_STOCK,
		               _("%s 库存 %lld%s，需要 %lld%s：请从购物车减去 %lld%s"), it->name,
		               (long long)it->stock, it->unit, (long long)l->qty, it->unit,
		               (long long)l->remove, it->unit);
	case JF_OVER_LIMIT:
		return jf_fail(db, JF_OVER_LIMIT,
		               _("%s 本月已兑 %lld / 上限 %lld%s：请从购物车减去 %lld%s"), it->name,
		               (long long)l->used, (long long)it->monthly_limit, it->unit,
		               (long long)l->remove, it->unit);
	default:
		return JF_OK;
	}
}

/* The fewest of one line that cover `short_by` points: the line and how
 * many; -1 if no single line does. */
static long cheapest_cover(const jf_cart_check_result *r, int64_t *qty)
{
	long best = -1;
	int64_t best_cost = 0;
	for (size_t i = 0; i < r->n; i++) {
		int64_t p = r->lines[i].item.points;
		if (p <= 0)
			continue;
		int64_t k = (r->short_by + p - 1) / p;
		if (k > r->lines[i].qty)
			continue;
		if (best < 0 || k * p < best_cost) {
			best = (long)i;
			best_cost = k * p;
			*qty = k;
		}
	}
	return best;
}

jf_status jf_cart_check(jf_db *db, int64_t resident_id, const jf_cart_line *lines, size_t n,
                        jf_cart_check_result *res)
{
	memset(res, 0, sizeof *res);
	if (n == 0)
		return jf_fail(db, JF_INVALID, _("购物车是空的"));
	/* Merge the same item given twice into one line. */
	for (size_t i = 0; i < n; i++) {
		if (lines[i].qty < 1 || lines[i].qty > JF_QTY_MAX)
			return jf_fail(db, JF_BAD_QTY, _("数量须为 1 到 %d，收到 %lld"), JF_QTY_MAX,
			               (long long)lines[i].qty);
		size_t j;
		for (j = 0; j < res->n; j++)
			if (res->lines[j].item.id == lines[i].item_id)
				break;
		if (j == res->n) {
			if (res->n == JF_CART_MAX)
				return jf_fail(db, JF_INVALID, _("一次最多兑换 %d 种物品"), JF_CART_MAX);
			res->lines[res->n].item.id = lines[i].item_id;
			res->lines[res->n++].qty = lines[i].qty;
		} else {
			res->lines[j].qty += lines[i].qty;
			if (res->lines[j].qty > JF_QTY_MAX)
				return jf_fail(db, JF_BAD_QTY, _("数量须为 1 到 %d，收到 %lld"),
				               JF_QTY_MAX, (long long)res->lines[j].qty);
		}
	}
	int64_t now = jf_db_now(db);
	jf_status rv = load_active_resident(db, resident_id, res->resident, sizeof res->resident);
	if (rv != JF_OK)
		return rv;
	sqlite3_stmt *st = jf_cached(db, "SELECT balance FROM residents WHERE id = ?");
	if (!st)
		return JF_DB_IO;
	sqlite3_bind_int64(st, 1, resident_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		res->balance = sqlite3_column_int64(st, 0);
	jf_release(db, st);
	if (rc != SQLITE_ROW)
		return jf_sql_fail(db, rc);

	const jf_cart_check_line *first = NULL;
	for (size_t i = 0; i < res->n; i++) {
		jf_cart_check_line *l = &res->lines[i];
		jf_item *it = &l->item;
		if ((rv = jf_item_get(db, it->id, it)) != JF_OK)
			return rv;
		if (it->monthly_limit > 0 &&
		    (rv = jf_item_month_used(db, resident_id, it->id, now, &l->used)) != JF_OK)
			return rv;
		l->problem = jf_cart_line_problem(it, l->used, l->qty, &l->remove);
		res->total += it->points * l->qty;
		if (l->problem != JF_OK && !first)
			first = l;
	}
	if (res->balance < res->total)
		res->short_by = res->total - res->balance;
	res->lines_checked = 1;

	/* the figures are all in res; now what stands in the way, the day first */
	char day[11];
	jf_day_of(now, day);
	if ((rv = jf_day_check_open(db, day)) != JF_OK)
		return rv;
	if (first)
		return jf_cart_explain(db, first);
	if (res->short_by > 0) {
		int64_t k = 0;
		long c = cheapest_cover(res, &k);
		if (c >= 0)
			return jf_fail(db, JF_INSUFFICIENT,
			               _("%s 余额 %lld 分，需要 %lld 分：请从购物车减去 %s %lld%s"),
			               res->resident, (long long)res->balance, (long long)res->total,
			               res->lines[c].item.name, (long long)k, res->lines[c].item.unit);
		return jf_fail(db, JF_INSUFFICIENT, _("%s 余额 %lld 分，需要 %lld 分：还差 %lld 分"),
		               res->resident, (long long)res->balance, (long long)res->total,
		               (long long)res->short_by);
	}
	return JF_OK;
}

jf_status jf_redeem(jf_db *db, const jf_op *op, int64_t resident_id, const jf_cart_line *lines,
                    size_t n, jf_redeem_result *res)
{
	jf_status rv = jf_op_require(db, op, JF_ROLE_VOLUNTEER);
	jf_cart_check_result *chk = NULL;
	int64_t total = 0, now = jf_db_now(db), balance = 0, receipt_id = 0;
	sqlite3_stmt *st = NULL;
	int rc;

	if (rv != JF_OK)
		return rv;
	memset(res, 0, sizeof *res);
	if (!(chk = malloc(sizeof *chk)))
		return jf_fail(db, JF_NOMEM, NULL);
	if ((rv = jf_tx_begin(db)) != JF_OK) {
		free(chk);
		return rv;
	}
	/* what the counter was shown is checked again, in the transaction */
	if ((rv = jf_cart_check(db, resident_id, lines, n, chk)) != JF_OK)
		goto fail;
	size_t m = chk->n;
	total = chk->total;
	balance = chk->balance;

	if ((rv = next_receipt_no(db, now, res->receipt_no)) != JF_OK)
		goto fail;
	st = jf_cached(db, "INSERT INTO receipts(no, time, resident_id, operator_id, total,"
	                    " balance_after) VALUES (?,?,?,?,?,?)");
	if (!st) {
		rv = JF_DB_IO;
		goto fail;
	}
	jf_bind_text(st, 1, res->receipt_no);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, resident_id);
	sqlite3_bind_int64(st, 4, op->id);
	sqlite3_bind_int64(st, 5, total);
	sqlite3_bind_int64(st, 6, balance - total);
	if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
		rv = jf_sql_fail(db, rc);
		goto fail;
	}
	receipt_id = sqlite3_last_insert_rowid(db->sql);
	jf_release(db, st);
	st = NULL;

	char today[11], expires[11];
	jf_day_of(now, today);
	for (size_t i = 0; i < m; i++) {
		st = jf_cached(db, "INSERT INTO receipt_lines(receipt_id, line, item_id, qty,"
		                    " points_each) VALUES (?,?,?,?,?)");
		if (!st) {
			rv = JF_DB_IO;
			goto fail;
		}
		sqlite3_bind_int64(st, 1, receipt_id);
		sqlite3_bind_int64(st, 2, (int64_t)i + 1);
		sqlite3_bind_int64(st, 3, chk->lines[i].item.id);
		sqlite3_bind_int64(st, 4, chk->lines[i].qty);
		sqlite3_bind_int64(st, 5, chk->lines[i].item.points);
		if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
			rv = jf_sql_fail(db, rc);
			goto fail;
		}
		jf_release(db, st);
		st = NULL;
		if (jf_item_kind_stocked(chk->lines[i].item.kind)) {
			stock_row s = {.item_id = chk->lines[i].item.id,
			               .kind = "redeem",
			               .qty = -chk->lines[i].qty,
			               .operator_id = op->id,
			               .receipt_id = receipt_id};
			if ((rv = stock_append(db, &s)) != JF_OK)
				goto fail;
		} else {
			add_days(today, chk->lines[i].item.valid_days > 0 ? chk->lines[i].item.valid_days - 1 : 29, expires);
			for (int64_t k = 0; k < chk->lines[i].qty; k++) {
				st = jf_cached(db, "INSERT INTO vouchers(receipt_id, line, item_id,"
				                    " expires) VALUES (?,?,?,?)");
				if (!st) {
					rv = JF_DB_IO;
					goto fail;
				}
				sqlite3_bind_int64(st, 1, receipt_id);
				sqlite3_bind_int64(st, 2, (int64_t)i + 1);
				sqlite3_bind_int64(st, 3, chk->lines[i].item.id);
				jf_bind_text(st, 4, expires);
				if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
					rv = jf_sql_fail(db, rc);
					goto fail;
				}
				jf_release(db, st);
				st = NULL;
			}
		}
	}
	ledger_row r = {.kind = "redeem",
	                .resident_id = resident_id,
	                .points = -total,
	                .operator_id = op->id,
	                .receipt_id = receipt_id};
	if ((rv = ledger_append(db, &r, NULL)) != JF_OK)
		goto fail;
	if ((rv = jf_tx_commit(db)) != JF_OK)
		goto fail_committed;
	res->receipt_id = receipt_id;
	res->total = total;
	res->balance_after = balance - total;
	free(chk);
	return JF_OK;
fail:
	jf_release(db, st);
	jf_tx_rollback(db);
fail_committed:
	free(chk);
	memset(res, 0, sizeof *res);
	return rv;
}

/* A receipt whose voucher was used (the service delivered, the coupon
 * taken) is voided only as an explicit refund: refused without
 * JF_VOID_REFUND_DELIVERED; with it, `note` gets the void entry's note,
 * naming the voucher before the reason.  `note` is "" when no voucher of
 * the receipt was used. */
static jf_status jf_void_check_used(jf_db *db, int64_t receipt_id, const char *receipt_no,
                                    const char *reason, unsigned flags, char *note,
                                    size_t notesz)
{
	jf_voucher_entry v;
	int found;
	note[0] = '\0';
	jf_status rv = jf_voucher_used_on_receipt(db, receipt_id, &v, &found);
	if (rv != JF_OK || !found)
		return rv;
	if (!(flags & JF_VOID_REFUND_DELIVERED))
		return jf_fail(db, JF_VOUCHER_USED,
		               _("小票 %s 的服务券 #%lld（%s）已由 %s 登记完成，服务已经做了："
		                 "作废会白白退回积分，只能由工作人员写明原因作为退款作废"),
		               receipt_no, (long long)v.id, v.item, v.fulfilled_by);
	snprintf(note, notesz, _("退还已服务的兑换（服务券 #%lld %s）：%s"), (long long)v.id,
	         v.item, reason);
	return jf_check_text(db, _("作废原因"), note, JF_NOTE_MAX, 0);
}

jf_status jf_void(jf_db *db, const jf_op *op, const char *receipt_no, const char *reason,
                  int64_t *entry_id)
{
	return jf_void_ex(db, op, receipt_no, reason, 0, entry_id);
}

jf_status jf_void_ex(jf_db *db, const jf_op *op, const char *receipt_no, const char *reason,
                     unsigned flags, int64_t *entry_id)
{
	jf_status rv = jf_op_require(db, op, JF_ROLE_STAFF);
	char refund_note[JF_NOTE_MAX * 2 + 200];
	sqlite3_stmt *st = NULL;
	int64_t receipt_id, resident_id, total;
	int rc;

	if (rv != JF_OK)
		return rv;
	if ((rv = jf_check_text(db, _("作废原因"), reason, JF_NOTE_MAX, 0)) != JF_OK)
		return rv;
	if (!receipt_no || !*receipt_no || strlen(receipt_no) > JF_RECEIPT_NO_MAX)
		return jf_fail(db, JF_NOT_FOUND, _("小票号 %s"), receipt_no ? receipt_no : "");
	if ((rv = jf_tx_begin(db)) != JF_OK)
		return rv;
	st = jf_prepare(db, "SELECT r.id, r.resident_id, r.total,"
	                    " (SELECT count(*) FROM ledger v WHERE v.kind = 'void'"
	                    "   AND v.receipt_id = r.id) FROM receipts r WHERE r.no = ?");
	if (!st) {
		rv = JF_DB_IO;
		goto fail;
	}
	jf_bind_text(st, 1, receipt_no);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		rv = rc == SQLITE_DONE ? jf_fail(db, JF_NOT_FOUND, _("没有小票 %s"), receipt_no)
		                       : jf_sql_fail(db, rc);
		goto fail;
	}
	receipt_id = sqlite3_column_int64(st, 0);
	resident_id = sqlite3_column_int64(st, 1);
	total = sqlite3_column_int64(st, 2);
	if (sqlite3_column_int64(st, 3) > 0) {
		rv = jf_fail(db, JF_ALREADY_VOIDED, "%s", receipt_no);
		goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	if ((rv = jf_void_check_used(db, receipt_id, receipt_no, reason, flags, refund_note,
	                             sizeof refund_note)) != JF_OK)
		goto fail;
	if (refund_note[0])
		reason = refund_note;
	st = jf_prepare(db, "SELECT l.item_id, l.qty, i.kind FROM receipt_lines l"
	                    " JOIN items i ON i.id = l.item_id WHERE l.receipt_id = ? ORDER BY l.line");
	if (!st) {
		rv = JF_DB_IO;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, receipt_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		jf_item_kind k = jf_item_kind_parse((const char *)sqlite3_column_text(st, 2));
		if (!jf_item_kind_stocked(k))
			continue;
		stock_row s = {.item_id = sqlite3_column_int64(st, 0),
		               .kind = "void",
		               .qty = sqlite3_column_int64(st, 1),
		               .operator_id = op->id,
		               .receipt_id = receipt_id,
		               .note = reason};
		if ((rv = stock_append(db, &s)) != JF_OK)
			goto fail;
	}
	if (rc != SQLITE_DONE) {
		rv = jf_sql_fail(db, rc);
		goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	ledger_row r = {.kind = "void",
	                .resident_id = resident_id,
	                .points = total,
	                .operator_id = op->id,
	                .receipt_id = receipt_id,
	                .note = reason};
	if ((rv = ledger_append(db, &r, entry_id)) != JF_OK)
		goto fail;
	return jf_tx_commit(db);
fail:
	sqlite3_finalize(st);
	jf_tx_rollback(db);
	return rv;
}

/* --- stock ---------------------------------------------------------------- */

static jf_status stocked_item(jf_db *db, int64_t item_id, jf_item *it)
{
	jf_status rv = jf_item_get(db, item_id, it);
	if (rv != JF_OK)
		return rv;
	if (!jf_item_kind_stocked(it->kind))
		return jf_fail(db, JF_INVALID, _("“%s”是%s，不计库存"), it->name,
		               jf_item_kind_label(it->kind));
	return JF_OK;
}

jf_status jf_stock_in(jf_db *db, const jf_op *op, int64_t item_id, int64_t qty,
                      int64_t sponsor_id, const char *note)
{
	jf_item it;
	jf_status rv = jf_op_require(db, op, JF_ROLE_STAFF);
	if (rv != JF_OK)
		return rv;
	if (qty < 1 || qty > STOCK_QTY_MAX)
		return jf_fail(db, JF_BAD_QTY, _("入库数量须为 1 到 %d，收到 %lld"), STOCK_QTY_MAX,
		               (long long)qty);
	if ((rv = check_note(db, _("备注"), note, JF_NOTE_MAX)) != JF_OK)
		return rv;
	if ((rv = jf_tx_begin(db)) != JF_OK)
		return rv;
	if ((rv = stocked_item(db, item_id, &it)) != JF_OK)
		goto fail;
	stock_row s = {.item_id = item_id,
	               .kind = "in",
	               .qty = qty,
	               .operator_id = op->id,
	               .sponsor_id = sponsor_id,
	               .note = note};
	if ((rv = stock_append(db, &s)) != JF_OK)
		goto fail;
	return jf_tx_commit(db);
fail:
	jf_tx_rollback(db);
	return rv;
}

jf_status jf_stock_count(jf_db *db, const jf_op *op, int64_t item_id, int64_t counted,
                         const char *note)
{
	jf_item it;
	jf_status rv = jf_op_require(db, op, JF_ROLE_STAFF);
	if (rv != JF_OK)
		return rv;
	if (counted < 0 || counted > STOCK_QTY_MAX * 10)
		return jf_fail(db, JF_BAD_QTY, _("盘点数量须为 0 到 %d，收到 %lld"),
		               STOCK_QTY_MAX * 10, (long long)counted);
	if ((rv = check_note(db, _("备注"), note, JF_NOTE_MAX)) != JF_OK)
		return rv;
	if ((rv = jf_tx_begin(db)) != JF_OK)
		return rv;
	if ((rv = stocked_item(db, item_id, &it)) != JF_OK)
		goto fail;
	stock_row s = {.item_id = item_id,
	               .kind = "count",
	               .qty = counted - it.stock,
	               .operator_id = op->id,
	               .note = note};
	if ((rv = stock_append(db, &s)) != JF_OK)
		goto fail;
	return jf_tx_commit(db);
fail:
	jf_tx_rollback(db);
	return rv;
}

/* --- reading -------------------------------------------------------------- */

const char *jf_entry_kind_label(const char *kind)
{
	if (!strcmp(kind, "award"))
		return _("赋分");
	if (!strcmp(kind, "redeem"))
		return _("兑换");
	if (!strcmp(kind, "void"))
		return _("作废");
	if (!strcmp(kind, "adjust"))
		return _("调整");
	return kind;
}

#define ENTRY_SELECT                                                                      \
	"SELECT l.id, l.time, l.day, l.kind, l.points, l.balance_after,"                  \
	" CASE WHEN l.kind = 'award' THEN a.name"                                         \
	"      WHEN l.receipt_id IS NOT NULL THEN (SELECT group_concat(i.name || ' ' || rl.qty || i.unit, '、')" \
	"        FROM receipt_lines rl JOIN items i ON i.id = rl.item_id"                 \
	"        WHERE rl.receipt_id = l.receipt_id)"                                     \
	"      ELSE l.note END,"                                                          \
	" o.name, coalesce(v.name, ''), coalesce(r.no, ''), coalesce(l.deed_date, ''),"   \
	" l.ref, l.note"                                                                  \
	" FROM ledger l JOIN operators o ON o.id = l.operator_id"                         \
	" LEFT JOIN activities a ON a.id = l.activity_id"                                 \
	" LEFT JOIN verifiers v ON v.id = l.verifier_id"                                  \
	" LEFT JOIN receipts r ON r.id = l.receipt_id"                                    \
	" WHERE l.resident_id = ?"

static void read_entry(sqlite3_stmt *st, jf_entry *e)
{
	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(st, 0);
	e->time = sqlite3_column_int64(st, 1);
	jf_col_text(st, 2, e->day, sizeof e->day);
	jf_col_text(st, 3, e->kind, sizeof e->kind);
	e->points = sqlite3_column_int64(st, 4);
	e->balance_after = sqlite3_column_int64(st, 5);
	jf_col_text(st, 6, e->what, sizeof e->what);
	jf_col_text(st, 7, e->operator_name, sizeof e->operator_name);
	jf_col_text(st, 8, e->verifier_name, sizeof e->verifier_name);
	jf_col_text(st, 9, e->receipt_no, sizeof e->receipt_no);
	jf_col_text(st, 10, e->deed_date, sizeof e->deed_date);
	jf_col_text(st, 11, e->ref, sizeof e->ref);
	jf_col_text(st, 12, e->note, sizeof e->note);
}

jf_status jf_passbook(jf_db *db, int64_t resident_id, jf_entry **out, size_t *n)
{
	jf_status rv = JF_OK;
	jf_entry *v = NULL;
	size_t len = 0, cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = jf_prepare(db, ENTRY_SELECT " ORDER BY l.id");
	if (!st)
		return JF_DB_IO;
	sqlite3_bind_int64(st, 1, resident_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? cap * 2 : 16;
			jf_entry *nv = realloc(v, cap * sizeof *v);
			if (!nv) {
				rv = jf_fail(db, JF_NOMEM, NULL);
				goto cleanup;
			}
			v = nv;
		}
		read_entry(st, &v[len++]);
	}
	if (rc != SQLITE_DONE) {
		rv = jf_sql_fail(db, rc);
		goto cleanup;
	}
	*out = v;
	*n = len;
	v = NULL;
cleanup:
	free(v);
	sqlite3_finalize(st);
	return rv;
}

jf_status jf_recent_entries(jf_db *db, int64_t resident_id, jf_entry *out, int max, int *n)
{
	int rc;
	*n = 0;
	sqlite3_stmt *st = jf_cached(db, ENTRY_SELECT " ORDER BY l.id DESC LIMIT ?");
	if (!st)
		return JF_DB_IO;
	sqlite3_bind_int64(st, 1, resident_id);
	sqlite3_bind_int(st, 2, max);
	while (*n < max && (rc = sqlite3_step(st)) == SQLITE_ROW)
		read_entry(st, &out[(*n)++]);
	if (*n < max && rc != SQLITE_DONE) {
		jf_release(db, st);
		return jf_sql_fail(db, rc);
	}
	jf_release(db, st);
	return JF_OK;
}

jf_status jf_month_totals(jf_db *db, int64_t resident_id, int64_t t, int64_t *earned,
                          int64_t *spent)
{
	char first[11], next[11];
	jf_month_bounds_at(t, first, next);
	sqlite3_stmt *st = jf_cached(db,
		"SELECT coalesce(sum(CASE WHEN kind = 'award' OR (kind = 'adjust' AND points > 0)"
		"   THEN points END), 0),"
		" coalesce(-sum(CASE WHEN kind IN ('redeem', 'void') THEN points END), 0)"
		" FROM ledger WHERE resident_id = ? AND day >= ? AND day < ?");
	if (!st)
		return JF_DB_IO;
	sqlite3_bind_int64(st, 1, resident_id);
	jf_bind_text(st, 2, first);
	jf_bind_text(st, 3, next);
	int rc = sqlite3_step(st);
	jf_status rv = JF_OK;
	if (rc == SQLITE_ROW) {
		*earned = sqlite3_column_int64(st, 0);
		*spent = sqlite3_column_int64(st, 1);
	} else {
		rv = jf_sql_fail(db, rc);
	}
	jf_release(db, st);
	return rv;
}

/* --- audit ---------------------------------------------------------------- */

static jf_status audit_broken(jf_db *db, jf_audit_report *rep, const char *table, int64_t id,
                              const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static jf_status audit_broken(jf_db *db, jf_audit_report *rep, const char *table, int64_t id,
                              const char *fmt, ...)
{
	va_list ap;
	jf_strlcpy(rep->table, table, sizeof rep->table);
	rep->row_id = id;
	va_start(ap, fmt);
	vsnprintf(rep->problem, sizeof rep->problem, fmt, ap);
	va_end(ap);
	return jf_fail(db, JF_TAMPERED, "%s #%lld: %s", table, (long long)id, rep->problem);
}

/* A growable id -> running total map (ids are dense row ids). */
typedef struct {
	int64_t *v;
	int64_t cap;
} totals;

/* Ids beyond this are not a street office's: a file edited by hand. */
#define TOTALS_ID_MAX (1 << 24)

static int64_t *totals_at(totals *t, int64_t id)
{
	if (id < 0 || id > TOTALS_ID_MAX)
		return NULL;
	if (id >= t->cap) {
		int64_t cap = t->cap ? t->cap : 1024;
		while (cap <= id)
			cap *= 2;
		int64_t *nv = realloc(t->v, (size_t)cap * sizeof *nv);
		if (!nv)
			return NULL;
		memset(nv + t->cap, 0, (size_t)(cap - t->cap) * sizeof *nv);
		t->v = nv;
		t->cap = cap;
	}
	return &t->v[id];
}

static jf_status audit_ledger(jf_db *db, jf_audit_report *rep, totals *bal)
{
	jf_status rv = JF_OK;
	char prev[65] = "", hex[65];
	int rc;
	sqlite3_stmt *st = jf_prepare(db,
		"SELECT l.id, l.time, l.day, l.kind, l.resident_id, l.points, l.balance_after,"
		" l.operator_id, coalesce(l.verifier_id, 0), coalesce(l.activity_id, 0),"
		" coalesce(l.receipt_id, 0), l.deed_date, l.ref, l.note, l.hash,"
		" (SELECT total FROM receipts r WHERE r.id = l.receipt_id),"
		" (SELECT sum(qty * points_each) FROM receipt_lines rl WHERE rl.receipt_id = l.receipt_id)"
		" FROM ledger l ORDER BY l.id");
	if (!st)
		return JF_DB_IO;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		ledger_row r = {
			.kind = (const char *)sqlite3_column_text(st, 3),
			.resident_id = sqlite3_column_int64(st, 4),
			.points = sqlite3_column_int64(st, 5),
			.operator_id = sqlite3_column_int64(st, 7),
			.verifier_id = sqlite3_column_int64(st, 8),
			.activity_id = sqlite3_column_int64(st, 9),
			.receipt_id = sqlite3_column_int64(st, 10),
			.deed_date = (const char *)sqlite3_column_text(st, 11),
			.ref = (const char *)sqlite3_column_text(st, 12),
			.note = (const char *)sqlite3_column_text(st, 13),
		};
		int64_t after = sqlite3_column_int64(st, 6);
		if ((rv = ledger_row_hash(db, prev, id, sqlite3_column_int64(st, 1),
		                          (const char *)sqlite3_column_text(st, 2), &r, after, hex)) !=
		    JF_OK)
			goto cleanup;
		const char *stored = (const char *)sqlite3_column_text(st, 14);
		if (!stored || strcmp(hex, stored) != 0) {
			rv = audit_broken(db, rep, "ledger", id,
			                  _("哈希链断裂：此条或其前一条被修改、删除或插入"));
			goto cleanup;
		}
		if (r.resident_id < 0 || r.resident_id > TOTALS_ID_MAX) {
			rv = audit_broken(db, rep, "ledger", id, _("居民编号 %lld 不存在"),
			                  (long long)r.resident_id);
			goto cleanup;
		}
		int64_t *b = totals_at(bal, r.resident_id);
		if (!b) {
			rv = jf_fail(db, JF_NOMEM, NULL);
			goto cleanup;
		}
		*b += r.points;
		if (*b != after || after < 0) {
			rv = audit_broken(db, rep, "ledger", id,
			                  _("余额不符：按台账应为 %lld，记录为 %lld"), (long long)*b,
			                  (long long)after);
			goto cleanup;
		}
		if (r.receipt_id > 0) {
			int64_t total = sqlite3_column_int64(st, 15);
			int64_t lines = sqlite3_column_int64(st, 16);
			int64_t expect = r.kind && !strcmp(r.kind, "redeem") ? -total : total;
			if (total != lines || r.points != expect) {
				rv = audit_broken(db, rep, "ledger", id,
				                  _("与小票不符：小票合计 %lld，明细合计 %lld，本条 %lld"),
				                  (long long)total, (long long)lines,
				                  (long long)r.points);
				goto cleanup;
			}
		}
		memcpy(prev, stored, 65);
		rep->entries++;
	}
	if (rc != SQLITE_DONE)
		rv = jf_sql_fail(db, rc);
	jf_strlcpy(rep->ledger_head, prev, sizeof rep->ledger_head);
cleanup:
	sqlite3_finalize(st);
	return rv;
}

static jf_status audit_stock(jf_db *db, jf_audit_report *rep, totals *stock)
{
	jf_status rv = JF_OK;
	char prev[65] = "", hex[65];
	int rc;
	sqlite3_stmt *st = jf_prepare(db,
		"SELECT id, time, day, item_id, kind, qty, stock_after, operator_id,"
		" coalesce(sponsor_id, 0), coalesce(receipt_id, 0), note, hash"
		" FROM stock_moves ORDER BY id");
	if (!st)
		return JF_DB_IO;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		stock_row r = {
			.item_id = sqlite3_column_int64(st, 3),
			.kind = (const char *)sqlite3_column_text(st, 4),
			.qty = sqlite3_column_int64(st, 5),
			.operator_id = sqlite3_column_int64(st, 7),
			.sponsor_id = sqlite3_column_int64(st, 8),
			.receipt_id = sqlite3_column_int64(st, 9),
			.note = (const char *)sqlite3_column_text(st, 10),
		};
		int64_t after = sqlite3_column_int64(st, 6);
		stock_row_hash(prev, id, sqlite3_column_int64(st, 1),
		               (const char *)sqlite3_column_text(st, 2), &r, after, hex);
		const char *stored = (const char *)sqlite3_column_text(st, 11);
		if (!stored || strcmp(hex, stored) != 0) {
			rv = audit_broken(db, rep, "stock_moves", id,
			                  _("哈希链断裂：此条或其前一条被修改、删除或插入"));
			goto cleanup;
		}
		if (r.item_id < 0 || r.item_id > TOTALS_ID_MAX) {
			rv = audit_broken(db, rep, "stock_moves", id, _("商品编号 %lld 不存在"),
			                  (long long)r.item_id);
			goto cleanup;
		}
		int64_t *s = totals_at(stock, r.item_id);
		if (!s) {
			rv = jf_fail(db, JF_NOMEM, NULL);
			goto cleanup;
		}
		*s += r.qty;
		if (*s != after || after < 0) {
			rv = audit_broken(db, rep, "stock_moves", id,
			                  _("库存不符：按记录应为 %lld，记录为 %lld"), (long long)*s,
			                  (long long)after);
			goto cleanup;
		}
		memcpy(prev, stored, 65);
		rep->stock_moves++;
	}
	if (rc != SQLITE_DONE)
		rv = jf_sql_fail(db, rc);
	jf_strlcpy(rep->stock_head, prev, sizeof rep->stock_head);
cleanup:
	sqlite3_finalize(st);
	return rv;
}

/* Every cached balance or stock equals what its rows add up to. */
static jf_status audit_cached(jf_db *db, jf_audit_report *rep, const char *sql, const char *table,
                              totals *t, int64_t *count, int64_t *sum)
{
	jf_status rv = JF_OK;
	int rc;
	sqlite3_stmt *st = jf_prepare(db, sql);
	if (!st)
		return JF_DB_IO;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		int64_t cached = sqlite3_column_int64(st, 1);
		int64_t expect = id >= 0 && id < t->cap ? t->v[id] : 0;
		if (cached != expect) {
			rv = audit_broken(db, rep, table, id,
			                  _("记录的结余 %lld 与明细合计 %lld 不符"), (long long)cached,
			                  (long long)expect);
			goto cleanup;
		}
		(*count)++;
		if (sum)
			*sum += cached;
	}
	if (rc != SQLITE_DONE)
		rv = jf_sql_fail(db, rc);
cleanup:
	sqlite3_finalize(st);
	return rv;
}

/* Every receipt has its one redemption entry, at most one void, and the
 * stock movements of its goods: the chains alone cannot show the newest
 * redemption's entry taken out of the ledger (the rows before it still
 * link) while its receipt and its goods stay gone from the shelf.  In one
 * pass of grouped joins, not a query per receipt. */
static jf_status audit_receipts(jf_db *db, jf_audit_report *rep)
{
	jf_status rv = JF_OK;
	int rc;
	sqlite3_stmt *st = jf_prepare(db,
		"WITH e AS (SELECT receipt_id, sum(kind = 'redeem') AS nr, sum(kind = 'void') AS nv"
		"   FROM ledger WHERE receipt_id IS NOT NULL GROUP BY receipt_id),"
		" g AS (SELECT rl.receipt_id, sum(rl.qty) AS qty FROM receipt_lines rl"
		"   JOIN items i ON i.id = rl.item_id WHERE i.kind IN ('goods', 'produce')"
		"   GROUP BY rl.receipt_id),"
		" m AS (SELECT receipt_id, -total(CASE WHEN kind = 'redeem' THEN qty END) AS out,"
		"   total(CASE WHEN kind = 'void' THEN qty END) AS back"
		"   FROM stock_moves WHERE receipt_id IS NOT NULL GROUP BY receipt_id)"
		" SELECT r.id, r.no, coalesce(e.nr, 0), coalesce(e.nv, 0), coalesce(g.qty, 0),"
		"  CAST(coalesce(m.out, 0) AS INTEGER), CAST(coalesce(m.back, 0) AS INTEGER)"
		" FROM receipts r LEFT JOIN e ON e.receipt_id = r.id"
		" LEFT JOIN g ON g.receipt_id = r.id LEFT JOIN m ON m.receipt_id = r.id"
		" ORDER BY r.id");
	if (!st)
		return JF_DB_IO;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t nr = sqlite3_column_int64(st, 2), nv = sqlite3_column_int64(st, 3);
		int64_t goods = sqlite3_column_int64(st, 4), out = sqlite3_column_int64(st, 5);
		int64_t back = sqlite3_column_int64(st, 6);
		if (nr != 1 || nv > 1 || out != goods || back != nv * goods) {
			rv = audit_broken(db, rep, "receipts", sqlite3_column_int64(st, 0),
			                  _("小票 %s 与台账不符：兑换记录 %lld 条，作废记录 %lld 条，"
			                    "出库 %lld 件、退回 %lld 件，小票上的商品 %lld 件"),
			                  sqlite3_column_text(st, 1)
			                      ? (const char *)sqlite3_column_text(st, 1)
			                      : "",
			                  (long long)nr,
			                  (long long)nv, (long long)out, (long long)back,
			                  (long long)goods);
			goto cleanup;
		}
		rep->receipts++;
	}
	if (rc != SQLITE_DONE)
		rv = jf_sql_fail(db, rc);
cleanup:
	sqlite3_finalize(st);
	return rv;
}

/* The ledger's part of jf_audit (src/audit.c), inside its read transaction. */
jf_status jf_audit_ledger(jf_db *db, jf_audit_report *rep)
{
	totals bal = {0}, stock = {0};
	jf_status rv;
	if ((rv = audit_ledger(db, rep, &bal)) != JF_OK ||
	    (rv = audit_stock(db, rep, &stock)) != JF_OK ||
	    (rv = audit_cached(db, rep, "SELECT id, balance FROM residents ORDER BY id", "residents",
	                       &bal, &rep->residents, &rep->points_outstanding)) != JF_OK ||
	    (rv = audit_cached(db, rep,
	                       "SELECT id, stock FROM items WHERE kind IN ('goods', 'produce')"
	                       " ORDER BY id",
	                       "items", &stock, &rep->items, NULL)) != JF_OK)
		goto cleanup;
	rv = audit_receipts(db, rep);
cleanup:
	free(bal.v);
	free(stock.v);
	return rv;
}
