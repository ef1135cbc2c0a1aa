/* End-of-day reconciliation (日结) and closing a day.
 *
 * The report is read from the day's ledger rows and stock movements (their
 * `day` column, the local business day the row was written on) in one read
 * snapshot.  Stock is reconciled twice over: the movements of the day summed
 * from the opening stock, and the stock the chain records after the day's
 * last movement; the two must agree ("balanced"). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "jifen/catalog.h"
#include "jifen/clock.h"
#include "jifen/dayclose.h"
#include "jifen/ledger.h"
#include "jifen/text.h"
#include "layout.h"

/* --- closed days ------------------------------------------------------------ */

jf_status jf_day_last_closed(jf_db *db, char out[11])
{
	out[0] = '\0';
	sqlite3_stmt *st = jf_prepare(db, JF_CLOSED_DAYS " WHERE coalesce(e.kind, 'close') = 'close'"
	                                  " ORDER BY d.day DESC LIMIT 1");
	if (!st)
		return JF_DB_IO;
	int rc = sqlite3_step(st);
	jf_status rv = JF_OK;
	if (rc == SQLITE_ROW)
		jf_col_text(st, 0, out, 11);
	else if (rc != SQLITE_DONE)
		rv = jf_sql_fail(db, rc);
	sqlite3_finalize(st);
	return rv;
}

jf_status jf_day_open_before(jf_db *db, const char *day, char (*days)[11], size_t max, size_t *n)
{
	char d[11];
	*n = 0;
	if (!day || !*day)
		jf_day_of(jf_db_now(db), d);
	else
		jf_strlcpy(d, day, sizeof d);
	/* Walk the days that have entries from `day` back, one index seek per
	 * day (ledger_day, stock_moves_day), never a scan of the entries. */
	sqlite3_stmt *st = jf_prepare(
	    db, "WITH RECURSIVE d(day) AS ("
	        " SELECT max(x) FROM (SELECT max(day) AS x FROM ledger WHERE day < ?1"
	        "  UNION ALL SELECT max(day) FROM stock_moves WHERE day < ?1)"
	        " UNION ALL"
	        " SELECT (SELECT max(x) FROM (SELECT max(day) AS x FROM ledger WHERE day < d.day"
	        "  UNION ALL SELECT max(day) FROM stock_moves WHERE day < d.day))"
	        " FROM d WHERE d.day IS NOT NULL)"
	        " SELECT day FROM d WHERE day IS NOT NULL"
	        " AND NOT EXISTS (SELECT 1 FROM day_closes c WHERE c.day = d.day)");
	if (!st)
		return JF_DB_IO;
	jf_bind_text(st, 1, d);
	int rc;
	jf_status rv = JF_OK;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n < max)
			jf_col_text(st, 0, days[*n], 11);
		(*n)++;
	}
	if (rc != SQLITE_DONE)
		rv = jf_sql_fail(db, rc);
	sqlite3_finalize(st);
	return rv;
}

/* The day asked for, or today; JF_BAD_DATE if malformed. */
static jf_status resolve_day(jf_db *db, const char *day, char out[11])
{
	if (!day || !*day) {
		jf_day_of(jf_db_now(db), out);
		return JF_OK;
	}
	if (!jf_day_valid(day))
		return jf_fail(db, JF_BAD_DATE, _("%s 不是有效日期（应为 YYYY-MM-DD）"), day);
	memcpy(out, day, 11);
	return JF_OK;
}

static jf_status head_of(jf_db *db, const char *sql, char hex[65])
{
	hex[0] = '\0';
	sqlite3_stmt *st = jf_prepare(db, sql);
	if (!st)
		return JF_DB_IO;
	int rc = sqlite3_step(st);
	jf_status rv = JF_OK;
	if (rc == SQLITE_ROW)
		jf_col_text(st, 0, hex, 65);
	else if (rc != SQLITE_DONE)
		rv = jf_sql_fail(db, rc);
	sqlite3_finalize(st);
	return rv;
}

/* The close of `d` if it has one: *state 0 never closed, 1 closed (who and
 * when in the message), 2 closed and since reopened. */
static jf_status close_state(jf_db *db, const char *d, int *state, char *who, size_t wholen,
                             int64_t *when)
{
	sqlite3_stmt *st = jf_prepare(db, JF_CLOSED_DAYS " WHERE d.day = ?");
	if (!st)
		return JF_DB_IO;
	jf_bind_text(st, 1, d);
	int rc = sqlite3_step(st);
	jf_status rv = JF_OK;
	*state = 0;
	if (rc == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(st, 4);
		*state = kind && strcmp(kind, "reopen") == 0 ? 2 : 1;
		*when = sqlite3_column_int64(st, 1);
		jf_col_text(st, 2, who, wholen);
	} else if (rc != SQLITE_DONE) {
		rv = jf_sql_fail(db, rc);
	}
	sqlite3_finalize(st);
	return rv;
}

jf_status jf_day_close(jf_db *db, const jf_op *op, const char *day, const char *note)
{
	char d[11], today[11], lhead[65], shead[65], who[97];
	sqlite3_stmt *st = NULL;
	jf_status rv = jf_op_require(db, op, JF_ROLE_STAFF);
	int rc, state;
	int64_t when = 0;
	if (rv != JF_OK)
		return rv;
	if ((rv = resolve_day(db, day, d)) != JF_OK)
		return rv;
	jf_day_of(jf_db_now(db), today);
	if (strcmp(d, today) > 0)
		return jf_fail(db, JF_BAD_DATE, _("%s 还没到，不能日结"), d);
	if ((rv = jf_check_text(db, _("备注"), note, JF_NOTE_MAX, 1)) != JF_OK)
		return rv;
	if ((rv = jf_tx_begin(db)) != JF_OK)
		return rv;
	/* A close is an entry: dated by a clock that is right. */
	if ((rv = jf_clock_check(db)) != JF_OK)
		goto fail;
	if ((rv = close_state(db, d, &state, who, sizeof who, &when)) != JF_OK)
		goto fail;
	if (state == 1) {
		char at[20];
		jf_time_datetime(when, at, sizeof at);
		rv = jf_fail(db, JF_EXISTS, _("%s 已由 %s 于 %s 日结"), d, who, at);
		goto fail;
	}
	if ((rv = head_of(db, "SELECT hash FROM ledger ORDER BY id DESC LIMIT 1", lhead)) !=
	        JF_OK ||
	    (rv = head_of(db, "SELECT hash FROM stock_moves ORDER BY id DESC LIMIT 1", shead)) !=
	        JF_OK)
		goto fail;
	/* The first close of a day is its day_closes row; a close after a
	 * reopen is a day_events row. */
	if (state == 0)
		st = jf_prepare(db, "INSERT INTO day_closes(day, time, operator_id, note, ledger_head,"
		                    " stock_head) VALUES (?,?,?,?,?,?)");
	else
		st = jf_prepare(db, "INSERT INTO day_events(day, time, operator_id, note, ledger_head,"
		                    " stock_head, kind) VALUES (?,?,?,?,?,?,'close')");
	if (!st) {
		rv = JF_DB_IO;
		goto fail;
	}
	jf_bind_text(st, 1, d);
	sqlite3_bind_int64(st, 2, jf_db_now(db));
	sqlite3_bind_int64(st, 3, jf_op_id(op));
	jf_bind_text(st, 4, note ? note : "");
	jf_bind_text(st, 5, lhead);
	jf_bind_text(st, 6, shead);
	if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
		rv = jf_sql_fail(db, rc);
		goto fail;
	}
	sqlite3_finalize(st);
	return jf_tx_commit(db);
fail:
	sqlite3_finalize(st);
	jf_tx_rollback(db);
	return rv;
}

jf_status jf_day_reopen(jf_db *db, const jf_op *op, const char *day, const char *reason)
{
	char d[11], today[11], who[97];
	sqlite3_stmt *st = NULL;
	jf_status rv = jf_op_require(db, op, JF_ROLE_ADMIN);
	int rc, state;
	int64_t when = 0;
	if (rv != JF_OK)
		return rv;
	if ((rv = resolve_day(db, day, d)) != JF_OK)
		return rv;
	if (!reason || !*reason)
		return jf_fail(db, JF_INVALID, _("请用 --reason 说明原因"));
	if ((rv = jf_check_text(db, _("原因"), reason, JF_NOTE_MAX, 0)) != JF_OK)
		return rv;
	jf_day_of(jf_db_now(db), today);
	if ((rv = jf_tx_begin(db)) != JF_OK)
		return rv;
	if ((rv = jf_clock_check(db)) != JF_OK)
		goto fail;
	if ((rv = close_state(db, d, &state, who, sizeof who, &when)) != JF_OK)
		goto fail;
	if (state != 1) {
		rv = jf_fail(db, JF_INVALID, _("%s 没有日结，不需要重开"), d);
		goto fail;
	}
	/* New entries are always dated now: a past day stays closed (its
	 * corrections go into today as voids or adjustments); only today or a
	 * day after it, closed by mistake or by a wrong clock, keeps entries
	 * out and is reopened. */
	if (strcmp(d, today) < 0) {
		rv = jf_fail(db, JF_INVALID,
		             _("%s 已经过去：新的记录总是记在今天（%s），重开那天也不能补记；"
		               "更正请作为作废或调整记在今天"),
		             d, today);
		goto fail;
	}
	st = jf_prepare(db, "INSERT INTO day_events(day, kind, time, operator_id, note)"
	                    " VALUES (?, 'reopen', ?, ?, ?)");
	if (!st) {
		rv = JF_DB_IO;
		goto fail;
	}
	jf_bind_text(st, 1, d);
	sqlite3_bind_int64(st, 2, jf_db_now(db));
	sqlite3_bind_int64(st, 3, jf_op_id(op));
	jf_bind_text(st, 4, reason);
	if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
		rv = jf_sql_fail(db, rc);
		goto fail;
	}
	sqlite3_finalize(st);
	return jf_tx_commit(db);
fail:
	sqlite3_finalize(st);
	jf_tx_rollback(db);
	return rv;
}

/* --- the report ------------------------------------------------------------- */

/* Run `sql` with the day bound to ?1 and hand each row to `row`. */
typedef jf_status (*row_fn)(jf_db *db, sqlite3_stmt *st, jf_day_report *r, size_t *cap);

static jf_status each_row(jf_db *db, const char *sql, const char *day, jf_day_report *r, row_fn row)
{
	size_t cap = 0;
	sqlite3_stmt *st = jf_prepare(db, sql);
	jf_status rv = JF_OK;
	int rc;
	if (!st)
		return JF_DB_IO;
	jf_bind_text(st, 1, day);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((rv = row(db, st, r, &cap)) != JF_OK)
			goto cleanup;
	if (rc != SQLITE_DONE)
		rv = jf_sql_fail(db, rc);
cleanup:
	sqlite3_finalize(st);
	return rv;
}

static jf_status row_summary(jf_db *db, sqlite3_stmt *st, jf_day_report *r, size_t *cap)
{
	(void)db;
	(void)cap;
	const char *kind = (const char *)sqlite3_column_text(st, 0);
	int64_t n = sqlite3_column_int64(st, 1), pts = sqlite3_column_int64(st, 2);
	if (!strcmp(kind, "redeem"))
		r->redemptions = n, r->points_redeemed = -pts;
	else if (!strcmp(kind, "void"))
		r->voids = n, r->points_voided = pts;
	else if (!strcmp(kind, "award"))
		r->awards = n, r->points_awarded = pts;
	else if (!strcmp(kind, "adjust"))
		r->adjustments = n, r->points_adjusted = pts;
	return JF_OK;
}

static jf_status row_item(jf_db *db, sqlite3_stmt *st, jf_day_report *r, size_t *cap)
{
	jf_day_item *it;
	JF_PUSH(db, r->by_item, r->n_item, cap, it);
	it->item_id = sqlite3_column_int64(st, 0);
	jf_col_text(st, 1, it->name, sizeof it->name);
	jf_col_text(st, 2, it->unit, sizeof it->unit);
	jf_col_text(st, 3, it->kind, sizeof it->kind);
	it->qty = sqlite3_column_int64(st, 4);
	it->points = sqlite3_column_int64(st, 5);
	/* The items come kind by kind (KIND_ORDER): the day by kind is their
	 * sum, without reading the day's receipts a second time. */
	if (!r->by_kind && !(r->by_kind = calloc(JF_ITEM_KIND_COUNT, sizeof *r->by_kind)))
		return jf_fail(db, JF_NOMEM, NULL);
	if (r->n_kind == 0 || strcmp(r->by_kind[r->n_kind - 1].kind, it->kind) != 0) {
		if (r->n_kind == JF_ITEM_KIND_COUNT)
			return jf_fail(db, JF_ERR, "%s", it->kind);
		jf_strlcpy(r->by_kind[r->n_kind++].kind, it->kind, sizeof r->by_kind->kind);
	}
	r->by_kind[r->n_kind - 1].qty += it->qty;
	r->by_kind[r->n_kind - 1].points += it->points;
	return JF_OK;
}

static jf_status row_operator(jf_db *db, sqlite3_stmt *st, jf_day_report *r, size_t *cap)
{
	jf_day_operator *o;
	JF_PUSH(db, r->by_operator, r->n_operator, cap, o);
	o->operator_id = sqlite3_column_int64(st, 0);
	jf_col_text(st, 1, o->name, sizeof o->name);
	o->receipts = sqlite3_column_int64(st, 2);
	o->points = sqlite3_column_int64(st, 3);
	return JF_OK;
}

static jf_status row_void(jf_db *db, sqlite3_stmt *st, jf_day_report *r, size_t *cap)
{
	jf_day_void *v;
	JF_PUSH(db, r->voids_list, r->n_void, cap, v);
	v->time = sqlite3_column_int64(st, 0);
	jf_col_text(st, 1, v->receipt_no, sizeof v->receipt_no);
	jf_col_text(st, 2, v->receipt_day, sizeof v->receipt_day);
	jf_col_text(st, 3, v->resident, sizeof v->resident);
	v->points = sqlite3_column_int64(st, 4);
	jf_col_text(st, 5, v->operator_name, sizeof v->operator_name);
	jf_col_text(st, 6, v->reason, sizeof v->reason);
	return JF_OK;
}

static jf_status row_stock(jf_db *db, sqlite3_stmt *st, jf_day_report *r, size_t *cap)
{
	jf_day_stock *s;
	JF_PUSH(db, r->stock, r->n_stock, cap, s);
	s->item_id = sqlite3_column_int64(st, 0);
	jf_col_text(st, 1, s->name, sizeof s->name);
	jf_col_text(st, 2, s->unit, sizeof s->unit);
	s->opening = sqlite3_column_int64(st, 3);
	s->received = sqlite3_column_int64(st, 4);
	s->redeemed = sqlite3_column_int64(st, 5);
	s->voided = sqlite3_column_int64(st, 6);
	s->adjusted = sqlite3_column_int64(st, 7);
	s->count_diff = sqlite3_column_int64(st, 8);
	s->counted_set = sqlite3_column_type(st, 9) != SQLITE_NULL;
	s->counted = sqlite3_column_int64(st, 9);
	s->counted_time = sqlite3_column_int64(st, 10);
	s->book = sqlite3_column_int64(st, 11);
	/* A count is a movement of the day like any other: its correction
	 * (counted - book at the time) is part of the adjustments, so the
	 * chain of the day ends at the book stock. */
	s->adjusted += s->count_diff;
	s->expected = s->opening + s->received - s->redeemed + s->voided + s->adjusted;
	if (s->count_diff != 0)
		r->stock_differences++;
	if (s->expected != s->book)
		r->balanced = 0;
	return JF_OK;
}

static jf_status row_unprinted(jf_db *db, sqlite3_stmt *st, jf_day_report *r, size_t *cap)
{
	jf_day_unprinted *u;
	JF_PUSH(db, r->unprinted, r->n_unprinted, cap, u);
	u->time = sqlite3_column_int64(st, 0);
	jf_col_text(st, 1, u->receipt_no, sizeof u->receipt_no);
	jf_col_text(st, 2, u->resident, sizeof u->resident);
	u->total = sqlite3_column_int64(st, 3);
	u->attempts = sqlite3_column_int(st, 4);
	jf_col_text(st, 5, u->last_error, sizeof u->last_error);
	return JF_OK;
}

static void voucher_row(sqlite3_stmt *st, jf_day_voucher *v)
{
	v->voucher_id = sqlite3_column_int64(st, 0);
	jf_col_text(st, 1, v->receipt_no, sizeof v->receipt_no);
	jf_col_text(st, 2, v->item, sizeof v->item);
	jf_col_text(st, 3, v->resident, sizeof v->resident);
	jf_col_text(st, 4, v->expires, sizeof v->expires);
	jf_col_text(st, 5, v->sponsor, sizeof v->sponsor);
	v->voided = sqlite3_column_int(st, 6);
}

static jf_status row_issued(jf_db *db, sqlite3_stmt *st, jf_day_report *r, size_t *cap)
{
	jf_day_voucher *v;
	JF_PUSH(db, r->issued, r->n_issued, cap, v);
	voucher_row(st, v);
	return JF_OK;
}

static jf_status row_fulfilled(jf_db *db, sqlite3_stmt *st, jf_day_report *r, size_t *cap)
{
	jf_day_voucher *v;
	JF_PUSH(db, r->fulfilled, r->n_fulfilled, cap, v);
	voucher_row(st, v);
	return JF_OK;
}

#define KIND_ORDER                                                                                 \
	"CASE i.kind WHEN 'goods' THEN 1 WHEN 'produce' THEN 2 WHEN 'housekeeping' THEN 3"         \
	" WHEN 'service' THEN 4 ELSE 5 END"

#define VOUCHER_COLS                                                                               \
	"v.id, r.no, i.name, res.name, v.expires, coalesce(s.name, ''),"                           \
	" EXISTS (SELECT 1 FROM ledger x WHERE x.kind = 'void' AND x.receipt_id = v.receipt_id)"

/* clang-format off */
static const struct {
	const char *sql;
	row_fn row;
} queries[] = {
	{"SELECT kind, count(*), coalesce(sum(points), 0) FROM ledger WHERE day = ?1 GROUP BY kind",
	 row_summary},
	{"SELECT i.id, i.name, i.unit, i.kind, sum(rl.qty), sum(rl.qty * rl.points_each)"
	 " FROM ledger l JOIN receipt_lines rl ON rl.receipt_id = l.receipt_id"
	 " JOIN items i ON i.id = rl.item_id WHERE l.day = ?1 AND l.kind = 'redeem'"
	 " GROUP BY i.id ORDER BY " KIND_ORDER ", i.code",
	 row_item},
	{"SELECT o.id, o.name, count(*), -sum(l.points) FROM ledger l"
	 " JOIN operators o ON o.id = l.operator_id WHERE l.day = ?1 AND l.kind = 'redeem'"
	 " GROUP BY o.id ORDER BY o.login",
	 row_operator},
	{"SELECT l.time, r.no, coalesce((SELECT x.day FROM ledger x WHERE x.kind = 'redeem'"
	 "   AND x.receipt_id = l.receipt_id), ''), res.name, l.points, o.name, l.note"
	 " FROM ledger l JOIN receipts r ON r.id = l.receipt_id"
	 " JOIN residents res ON res.id = l.resident_id JOIN operators o ON o.id = l.operator_id"
	 " WHERE l.day = ?1 AND l.kind = 'void' ORDER BY l.id",
	 row_void},
	/* The opening is the item's stock now less what moved since the day
	 * began, so the report reads only the days since, never the whole
	 * history; the chain's own stock_after at the day's end (book) is what
	 * it is checked against. */
	{"SELECT id, name, unit, opening, received, redeemed, voided, adjusted, count_diff,"
	 " counted, counted_time, book FROM (SELECT i.id, i.name, i.unit, i.code, i.kind,"
	 " i.stock - coalesce(a.since, 0) AS opening,"
	 " coalesce(d.received, 0) AS received, coalesce(d.redeemed, 0) AS redeemed,"
	 " coalesce(d.voided, 0) AS voided, coalesce(d.adjusted, 0) AS adjusted,"
	 " coalesce(d.count_diff, 0) AS count_diff, d.item_id IS NOT NULL AS moved,"
	 " (SELECT x.stock_after FROM stock_moves x WHERE x.id = d.last_count) AS counted,"
	 " (SELECT x.time FROM stock_moves x WHERE x.id = d.last_count) AS counted_time,"
	 " (SELECT x.stock_after FROM stock_moves x WHERE x.item_id = i.id AND x.day <= ?1"
	 "   ORDER BY x.id DESC LIMIT 1) AS book"
	 " FROM items i"
	 " LEFT JOIN (SELECT item_id, sum(qty) AS since FROM stock_moves INDEXED BY stock_moves_day"
	 "   WHERE day >= ?1 GROUP BY item_id) a ON a.item_id = i.id"
	 " LEFT JOIN (SELECT item_id,"
	 "   sum(CASE WHEN kind = 'in' THEN qty END) AS received,"
	 "   -sum(CASE WHEN kind = 'redeem' THEN qty END) AS redeemed,"
	 "   sum(CASE WHEN kind = 'void' THEN qty END) AS voided,"
	 "   sum(CASE WHEN kind = 'adjust' THEN qty END) AS adjusted,"
	 "   sum(CASE WHEN kind = 'count' THEN qty END) AS count_diff,"
	 "   max(CASE WHEN kind = 'count' THEN id END) AS last_count"
	 "   FROM stock_moves WHERE day = ?1 GROUP BY item_id) d ON d.item_id = i.id"
	 " WHERE i.kind IN ('goods', 'produce'))"
	 " WHERE opening <> 0 OR moved"
	 " ORDER BY CASE kind WHEN 'goods' THEN 1 WHEN 'produce' THEN 2 ELSE 5 END, code",
	 row_stock},
	{"SELECT r.time, r.no, res.name, r.total,"
	 " (SELECT count(*) FROM receipt_prints p WHERE p.receipt_id = r.id AND p.ok = 0),"
	 " coalesce((SELECT p.error FROM receipt_prints p WHERE p.receipt_id = r.id AND p.ok = 0"
	 "   ORDER BY p.id DESC LIMIT 1), '')"
	 " FROM ledger l JOIN receipts r ON r.id = l.receipt_id"
	 " JOIN residents res ON res.id = r.resident_id"
	 " WHERE l.day = ?1 AND l.kind = 'redeem'"
	 " AND NOT EXISTS (SELECT 1 FROM receipt_prints p WHERE p.receipt_id = r.id AND p.ok <> 0)"
	 " AND NOT EXISTS (SELECT 1 FROM ledger x WHERE x.kind = 'void' AND x.receipt_id = r.id)"
	 " ORDER BY r.id",
	 row_unprinted},
	{"SELECT " VOUCHER_COLS " FROM ledger l JOIN vouchers v ON v.receipt_id = l.receipt_id"
	 " JOIN receipts r ON r.id = v.receipt_id JOIN items i ON i.id = v.item_id"
	 " LEFT JOIN sponsors s ON s.id = i.sponsor_id JOIN residents res ON res.id = r.resident_id"
	 " WHERE l.day = ?1 AND l.kind = 'redeem' ORDER BY v.id",
	 row_issued},
	{"SELECT " VOUCHER_COLS " FROM voucher_events e JOIN vouchers v ON v.id = e.voucher_id"
	 " JOIN receipts r ON r.id = v.receipt_id JOIN items i ON i.id = v.item_id"
	 " LEFT JOIN sponsors s ON s.id = i.sponsor_id JOIN residents res ON res.id = r.resident_id"
	 " WHERE e.day = ?1 AND e.kind = 'fulfilled' ORDER BY e.id",
	 row_fulfilled},
};
/* clang-format on */

static jf_status one_int(jf_db *db, const char *sql, const char *day, int64_t *out)
{
	sqlite3_stmt *st = jf_prepare(db, sql);
	if (!st)
		return JF_DB_IO;
	jf_bind_text(st, 1, day);
	int rc = sqlite3_step(st);
	jf_status rv = JF_OK;
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else
		rv = jf_sql_fail(db, rc);
	sqlite3_finalize(st);
	return rv;
}

static jf_status load_closed(jf_db *db, jf_day_report *r)
{
	/* the close in force (the latest close event, or the first close) and
	 * the heads it pinned: still in their chains? */
	sqlite3_stmt *st = jf_prepare(
	    db, "SELECT x.*, (x.lh <> '' AND NOT EXISTS (SELECT 1 FROM ledger l"
	        " WHERE l.hash = x.lh)) OR (x.sh <> '' AND NOT EXISTS (SELECT 1 FROM"
	        " stock_moves s WHERE s.hash = x.sh)) FROM (SELECT d.day,"
	        " coalesce(e.time, d.time), coalesce(eo.name, o.name),"
	        " coalesce(e.note, d.note), e.kind,"
	        " CASE WHEN e.kind = 'close' THEN e.ledger_head ELSE d.ledger_head END AS lh,"
	        " CASE WHEN e.kind = 'close' THEN e.stock_head ELSE d.stock_head END AS sh"
	        " FROM day_closes d JOIN operators o ON o.id = d.operator_id"
	        " LEFT JOIN day_events e ON e.id = (SELECT max(y.id) FROM day_events y"
	        "   WHERE y.day = d.day)"
	        " LEFT JOIN operators eo ON eo.id = e.operator_id WHERE d.day = ?) x");
	if (!st)
		return JF_DB_IO;
	jf_bind_text(st, 1, r->day);
	int rc = sqlite3_step(st);
	jf_status rv = JF_OK;
	if (rc == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(st, 4);
		r->closed = !kind || strcmp(kind, "reopen") != 0;
		r->closed_time = sqlite3_column_int64(st, 1);
		jf_col_text(st, 2, r->closed_by, sizeof r->closed_by);
		jf_col_text(st, 3, r->close_note, sizeof r->close_note);
		if (!r->closed)
			r->close_note[0] = '\0';
		if (r->closed) {
			jf_col_text(st, 5, r->ledger_head, sizeof r->ledger_head);
			jf_col_text(st, 6, r->stock_head, sizeof r->stock_head);
			r->heads_missing = sqlite3_column_int(st, 7);
			if (r->heads_missing)
				r->balanced = 0;
		}
	} else if (rc != SQLITE_DONE) {
		rv = jf_sql_fail(db, rc);
	}
	sqlite3_finalize(st);
	if (rv == JF_OK && !r->closed &&
	    ((rv = head_of(db, "SELECT hash FROM ledger ORDER BY id DESC LIMIT 1",
	                   r->ledger_head)) != JF_OK ||
	     (rv = head_of(db, "SELECT hash FROM stock_moves ORDER BY id DESC LIMIT 1",
	                   r->stock_head)) != JF_OK))
		return rv;
	return rv;
}

static jf_status row_event(jf_db *db, sqlite3_stmt *st, jf_day_report *r, size_t *cap)
{
	jf_day_event *e;
	JF_PUSH(db, r->events, r->n_event, cap, e);
	e->time = sqlite3_column_int64(st, 0);
	jf_col_text(st, 1, e->kind, sizeof e->kind);
	jf_col_text(st, 2, e->operator_name, sizeof e->operator_name);
	jf_col_text(st, 3, e->note, sizeof e->note);
	jf_col_text(st, 4, e->day, sizeof e->day);
	e->latest = sqlite3_column_int64(st, 5);
	return JF_OK;
}

/* The closes and reopens of the day (its first close too, when it was
 * reopened), and the clock steps taken on it, in the order taken. */
static const char events_sql[] =
	"SELECT time, kind, name, note, day, latest FROM ("
	" SELECT 0 AS n, 0 AS t, d.time AS time, 'first' AS kind, o.name AS name,"
	" d.note AS note, d.day AS day, 0 AS latest"
	" FROM day_closes d JOIN operators o ON o.id = d.operator_id WHERE d.day = ?1"
	" AND EXISTS (SELECT 1 FROM day_events x WHERE x.day = ?1)"
	" UNION ALL SELECT e.id, 1, e.time, e.kind, o.name, e.note, e.day, 0"
	" FROM day_events e JOIN operators o ON o.id = e.operator_id WHERE e.day = ?1"
	" UNION ALL SELECT c.id, 2, c.time, c.kind, o.name, c.reason, c.day, c.latest"
	" FROM clock_events c JOIN operators o ON o.id = c.operator_id WHERE c.day = ?1)"
	" ORDER BY time, t, n";

jf_status jf_day_report_load(jf_db *db, const char *day, jf_day_report **out)
{
	jf_status rv;
	int own_tx = 0;
	*out = NULL;
	jf_day_report *r = calloc(1, sizeof *r);
	if (!r)
		return jf_fail(db, JF_NOMEM, NULL);
	r->balanced = 1;
	if ((rv = resolve_day(db, day, r->day)) != JF_OK)
		goto fail;
	/* One snapshot, even while a counter writes. */
	if ((rv = jf_read_begin(db, &own_tx)) != JF_OK)
		goto fail;
	if ((rv = load_closed(db, r)) != JF_OK ||
	    (rv = each_row(db, events_sql, r->day, r, row_event)) != JF_OK)
		goto fail;
	for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++)
		if ((rv = each_row(db, queries[i].sql, r->day, r, queries[i].row)) != JF_OK)
			goto fail;
	/* Every resident's balance now less what moved since the day began:
	 * read from the days since, not the whole history.  The check is the
	 * chain's own: for each resident the day moved, their last balance on
	 * the day less their balance before it is what the day's entries add up
	 * to.  The day's entries are a run of ids (the ledger is appended in
	 * time order), so the balance before is that of the resident's newest
	 * entry below the day's first id, one seek in ledger_resident; if a
	 * clock set back ever interleaved two days, this says unbalanced and
	 * jf_audit, which checks the whole ledger against every balance, says
	 * why. */
	int64_t since = 0, all = 0, unbalanced = 0;
	if ((rv = one_int(db, "SELECT coalesce(sum(points), 0) FROM ledger WHERE day >= ?1", r->day,
	                  &since)) != JF_OK ||
	    (rv = one_int(db,
	                  "SELECT coalesce(sum(balance), 0) FROM residents WHERE balance <> 0",
	                  r->day, &all)) != JF_OK ||
	    (rv = one_int(db,
	                  "SELECT count(*) FROM (SELECT resident_id AS id, sum(points) AS moved,"
	                  " max(id), balance_after AS closing FROM ledger WHERE day = ?1"
	                  " GROUP BY resident_id) d"
	                  " WHERE d.closing - coalesce((SELECT x.balance_after FROM ledger x"
	                  "   WHERE x.resident_id = d.id"
	                  "   AND x.id < (SELECT min(id) FROM ledger WHERE day = ?1)"
	                  "   ORDER BY x.id DESC LIMIT 1), 0) <> d.moved",
	                  r->day, &unbalanced)) != JF_OK)
		goto fail;
	r->points_opening = all - since;
	r->points_closing = r->points_opening + r->points_awarded - r->points_redeemed +
	                    r->points_voided + r->points_adjusted;
	if (unbalanced)
		r->balanced = 0;
	jf_read_end(db, own_tx);
	*out = r;
	return JF_OK;
fail:
	jf_read_end(db, own_tx);
	jf_day_report_free(r);
	return rv;
}

void jf_day_report_free(jf_day_report *r)
{
	if (!r)
		return;
	free(r->by_kind);
	free(r->by_item);
	free(r->by_operator);
	free(r->voids_list);
	free(r->stock);
	free(r->unprinted);
	free(r->issued);
	free(r->fulfilled);
	free(r->events);
	free(r);
}

/* --- writing ---------------------------------------------------------------- */

static const char *kind_label(const char *code)
{
	jf_item_kind k = jf_item_kind_parse(code);
	return k ? jf_item_kind_label(k) : code;
}

static void heading(const jf_lay *o, const char *title)
{
	fputc('\n', o->f);
	jf_lay_wrap(o, title, 2);
}

static void count_points(const jf_lay *o, const char *label, int64_t n, const char *unit,
                         int64_t points)
{
	char left[160], right[48];
	snprintf(left, sizeof left, "  %s %lld %s", label, (long long)n, unit);
	snprintf(right, sizeof right, _("%+lld 分"), (long long)points);
	jf_lay_lr(o, left, right);
}

static void total_line(const jf_lay *o, const char *label, int64_t points)
{
	char left[160], right[48];
	snprintf(left, sizeof left, "  %s", label);
	snprintf(right, sizeof right, _("%lld 分"), (long long)points);
	jf_lay_lr(o, left, right);
}

static void write_vouchers(const jf_lay *o, const jf_day_voucher *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char left[300], right[64];
		snprintf(left, sizeof left, "  #%lld %s %s", (long long)v[i].voucher_id, v[i].item,
		         v[i].resident);
		if (v[i].voided)
			snprintf(right, sizeof right, "%s", _("已作废"));
		else
			snprintf(right, sizeof right, _("至 %s"), v[i].expires);
		jf_lay_lr(o, left, right);
	}
}

/* When stock moved after the day's last count, the count's figure is not
 * the expected one: say by how much, so the row still adds up. */
static void write_after_count(const jf_lay *o, const jf_day_stock *s)
{
	char buf[256], hm[8];
	if (!s->counted_set || s->counted == s->expected)
		return;
	jf_time_hhmm(s->counted_time, hm, sizeof hm);
	snprintf(buf, sizeof buf, _("    %s 盘点后又进出 %+lld"), hm,
	         (long long)(s->expected - s->counted));
	jf_lay_wrap(o, buf, 6);
}

/* One item on a narrow page (the receipt printer): two or three lines. */
static void write_stock_narrow(const jf_lay *o, const jf_day_stock *s)
{
	char buf[512];
	snprintf(buf, sizeof buf, _("  %s（%s）"), s->name, s->unit);
	jf_lay_wrap(o, buf, 4);
	int k = snprintf(buf, sizeof buf, "    %lld + %lld - %lld + %lld", (long long)s->opening,
	                 (long long)s->received, (long long)s->redeemed, (long long)s->voided);
	if (s->adjusted)
		k += snprintf(buf + k, sizeof buf - (size_t)k, " %+lld", (long long)s->adjusted);
	snprintf(buf + k, sizeof buf - (size_t)k, " = %lld", (long long)s->expected);
	jf_lay_wrap(o, buf, 6);
	if (s->counted_set) {
		if (s->count_diff)
			snprintf(buf, sizeof buf, _("    实盘 %lld，差异 %+lld ※"),
			         (long long)s->counted, (long long)s->count_diff);
		else
			snprintf(buf, sizeof buf, _("    实盘 %lld，相符"), (long long)s->counted);
		jf_lay_wrap(o, buf, 6);
	}
	write_after_count(o, s);
}

static const int stock_w[] = {0, 5, 5, 5, 5, 5, 5, 5, 6};
#define STOCK_ALIGN "lrrrrrrrr"

static void write_stock_head(const jf_lay *o)
{
	char first[64];
	snprintf(first, sizeof first, "  %s", _("商品"));
	const char *h[] = {first,     _("期初"), _("入库"), _("兑出"), _("退回"),
	                   _("调整"), _("应有"), _("实盘"), _("差异")};
	jf_lay_row(o, 9, h, stock_w, STOCK_ALIGN);
}

/* One item as a row of the table on a wide page. */
static void write_stock_row(const jf_lay *o, const jf_day_stock *s)
{
	char name[256], n[8][24];
	snprintf(name, sizeof name, _("  %s（%s）"), s->name, s->unit);
	snprintf(n[0], sizeof n[0], "%lld", (long long)s->opening);
	snprintf(n[1], sizeof n[1], "%lld", (long long)s->received);
	snprintf(n[2], sizeof n[2], "%lld", (long long)s->redeemed);
	snprintf(n[3], sizeof n[3], "%lld", (long long)s->voided);
	snprintf(n[4], sizeof n[4], "%lld", (long long)s->adjusted);
	snprintf(n[5], sizeof n[5], "%lld", (long long)s->expected);
	if (s->counted_set) {
		snprintf(n[6], sizeof n[6], "%lld", (long long)s->counted);
		if (s->count_diff)
			snprintf(n[7], sizeof n[7], "%+lld※", (long long)s->count_diff);
		else
			snprintf(n[7], sizeof n[7], "%s", _("相符"));
	} else {
		snprintf(n[6], sizeof n[6], "-");
		n[7][0] = '\0';
	}
	const char *row[] = {name, n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7]};
	jf_lay_row(o, 9, row, stock_w, STOCK_ALIGN);
}

static void write_stock(const jf_lay *o, const jf_day_stock *s)
{
	char buf[512];
	if (o->cols >= 60) {
		write_stock_row(o, s);
		write_after_count(o, s);
	} else {
		write_stock_narrow(o, s);
	}
	if (s->expected != s->book) {
		snprintf(buf, sizeof buf, _("    ※ 账面 %lld 与合计 %lld 不符，请运行 jifen audit"),
		         (long long)s->book, (long long)s->expected);
		jf_lay_wrap(o, buf, 6);
	}
}

void jf_day_event_text(const jf_day_event *e, char *buf, size_t len)
{
	char when[20], latest[20];
	jf_time_datetime(e->time, when, sizeof when);
	jf_time_datetime(e->latest, latest, sizeof latest);
	if (!strcmp(e->kind, "reopen"))
		snprintf(buf, len, _("%s %s 重开了 %s：%s"), when, e->operator_name, e->day, e->note);
	else if (!strcmp(e->kind, "first"))
		snprintf(buf, len, _("%s %s 日结 %s%s%s"), when, e->operator_name, e->day,
		         e->note[0] ? _("：") : "", e->note);
	else if (!strcmp(e->kind, "close"))
		snprintf(buf, len, _("%s %s 再次日结 %s%s%s"), when, e->operator_name, e->day,
		         e->note[0] ? _("：") : "", e->note);
	else if (!strcmp(e->kind, "confirm"))
		snprintf(buf, len, _("%s %s 确认了电脑时钟（比最近一笔记录 %s 晚 %d 天以上）：%s"),
		         when, e->operator_name, latest, JF_CLOCK_JUMP_DAYS, e->note);
	else
		snprintf(buf, len, _("%s %s 更正了时钟（最近一笔记录的时间 %s 记快了）：%s"), when,
		         e->operator_name, latest, e->note);
}

/* Reopens, closes after a reopen and clock steps of the day. */
static void write_events(const jf_lay *o, const jf_day_report *r)
{
	char buf[1024], text[1000];
	for (size_t i = 0; i < r->n_event; i++) {
		jf_day_event_text(&r->events[i], text, sizeof text);
		snprintf(buf, sizeof buf, "※ %s", text);
		jf_lay_wrap(o, buf, 4);
	}
}

/* A chain head: its label, then the hash on lines of its own (whole when it
 * fits, in halves on a narrow receipt), to be read off and compared. */
static void write_head(const jf_lay *o, const char *label, const char *hex)
{
	size_t n = strlen(hex), step = (size_t)o->cols >= n ? n : n / 2;
	const char *indent = (size_t)o->cols >= step + 2 ? "  " : "";
	fprintf(o->f, "%s\n", label);
	if (!n)
		fprintf(o->f, "  -\n");
	for (size_t i = 0; n && i < n; i += step)
		fprintf(o->f, "%s%.*s\n", indent, (int)step, hex + i);
}

void jf_day_report_write(jf_db *db, const jf_day_report *r, FILE *f, int cols, int printer)
{
	jf_lay o = {.f = f, .cols = cols < 32 ? 32 : cols, .printer = printer};
	char community[128] = "", buf[512], right[128], when[20];

	if (db && jf_db_meta(db, "community_name", community, sizeof community) != JF_OK)
		community[0] = '\0';
	snprintf(buf, sizeof buf, _("%s爱心超市日结报表"), community);
	jf_lay_center(&o, buf);
	if (db && jf_db_is_test(db)) {
		snprintf(buf, sizeof buf, "※ %s ※", jf_clock_mark(db));
		jf_lay_center(&o, buf);
	}
	snprintf(buf, sizeof buf, _("日期 %s"), r->day);
	if (r->closed) {
		jf_time_datetime(r->closed_time, when, sizeof when);
		snprintf(right, sizeof right, _("已日结 %s %s"), r->closed_by, when);
	} else {
		snprintf(right, sizeof right, "%s", _("未日结"));
	}
	jf_lay_lr(&o, buf, right);
	if (r->closed && r->close_note[0]) {
		snprintf(buf, sizeof buf, _("日结备注：%s"), r->close_note);
		jf_lay_wrap(&o, buf, 2);
	}
	write_events(&o, r);
	jf_lay_rule(&o, '=');

	fprintf(f, "%s\n", _("积分"));
	count_points(&o, _("兑换"), r->redemptions, _("笔"), -r->points_redeemed);
	count_points(&o, _("作废退回"), r->voids, _("笔"), r->points_voided);
	count_points(&o, _("赋分"), r->awards, _("条"), r->points_awarded);
	count_points(&o, _("调整"), r->adjustments, _("条"), r->points_adjusted);
	total_line(&o, _("全体居民结余 期初"), r->points_opening);
	total_line(&o, _("全体居民结余 期末"), r->points_closing);

	if (r->n_kind) {
		heading(&o, _("兑换 按类别"));
		for (size_t i = 0; i < r->n_kind; i++) {
			snprintf(buf, sizeof buf, "  %s x%lld", kind_label(r->by_kind[i].kind),
			         (long long)r->by_kind[i].qty);
			snprintf(right, sizeof right, _("%lld 分"),
			         (long long)r->by_kind[i].points);
			jf_lay_lr(&o, buf, right);
		}
	}
	if (r->n_item) {
		heading(&o, _("兑换 按物品"));
		for (size_t i = 0; i < r->n_item; i++) {
			const jf_day_item *it = &r->by_item[i];
			snprintf(buf, sizeof buf, "  %s x%lld%s", it->name, (long long)it->qty,
			         it->unit);
			snprintf(right, sizeof right, _("%lld 分"), (long long)it->points);
			jf_lay_lr(&o, buf, right);
		}
	}
	if (r->n_operator) {
		heading(&o, _("兑换 按操作员"));
		for (size_t i = 0; i < r->n_operator; i++) {
			const jf_day_operator *op = &r->by_operator[i];
			snprintf(buf, sizeof buf, _("  %s %lld 笔"), op->name,
			         (long long)op->receipts);
			snprintf(right, sizeof right, _("%lld 分"), (long long)op->points);
			jf_lay_lr(&o, buf, right);
		}
	}
	if (r->n_void) {
		heading(&o, _("作废"));
		for (size_t i = 0; i < r->n_void; i++) {
			const jf_day_void *v = &r->voids_list[i];
			char hm[8];
			jf_time_hhmm(v->time, hm, sizeof hm);
			snprintf(buf, sizeof buf, "  %s %s %s", hm, v->receipt_no, v->resident);
			snprintf(right, sizeof right, _("%+lld 分"), (long long)v->points);
			jf_lay_lr(&o, buf, right);
			snprintf(buf, sizeof buf, _("    %s：%s"), v->operator_name, v->reason);
			jf_lay_wrap(&o, buf, 4);
			if (v->receipt_day[0] && strcmp(v->receipt_day, r->day) != 0) {
				snprintf(buf, sizeof buf, _("    （%s 的小票）"), v->receipt_day);
				jf_lay_wrap(&o, buf, 4);
			}
		}
	}

	heading(&o, _("库存核对：期初 + 入库 - 兑出 + 退回 ± 调整（含盘点）= 应有"));
	if (!r->n_stock)
		fprintf(f, "  %s\n", _("（无库存商品）"));
	else if (o.cols >= 60)
		write_stock_head(&o);
	for (size_t i = 0; i < r->n_stock; i++)
		write_stock(&o, &r->stock[i]);

	heading(&o, _("未打印的小票"));
	if (!r->n_unprinted)
		fprintf(f, "  %s\n", _("（无）"));
	for (size_t i = 0; i < r->n_unprinted; i++) {
		const jf_day_unprinted *u = &r->unprinted[i];
		char hm[8];
		jf_time_hhmm(u->time, hm, sizeof hm);
		snprintf(buf, sizeof buf, "  %s %s %s", hm, u->receipt_no, u->resident);
		snprintf(right, sizeof right, _("%lld 分"), (long long)u->total);
		jf_lay_lr(&o, buf, right);
		if (u->attempts) {
			snprintf(buf, sizeof buf, _("    打印失败 %d 次：%s"), u->attempts,
			         u->last_error);
			jf_lay_wrap(&o, buf, 4);
		}
	}

	snprintf(buf, sizeof buf, _("服务券 发出 %zu 张"), r->n_issued);
	heading(&o, buf);
	write_vouchers(&o, r->issued, r->n_issued);
	snprintf(buf, sizeof buf, _("服务券 完成 %zu 张"), r->n_fulfilled);
	heading(&o, buf);
	write_vouchers(&o, r->fulfilled, r->n_fulfilled);

	jf_lay_rule(&o, '=');
	/* the heads this report stands on, to compare with the file later */
	write_head(&o, _("台账末条哈希："), r->ledger_head);
	write_head(&o, _("库存末条哈希："), r->stock_head);
	if (r->heads_missing)
		jf_lay_wrap(&o, _("※ 日结时记下的末条已不在台账中：日结后有记录被删除，请运行 jifen audit"),
		            2);
	if (!r->balanced) {
		jf_lay_wrap(&o, _("※ 合计与台账记录不符，请运行 jifen audit 核对"), 2);
	} else if (r->stock_differences) {
		snprintf(buf, sizeof buf, _("账目平衡；%lld 种商品实盘与账面不符（※）"),
		         (long long)r->stock_differences);
		jf_lay_wrap(&o, buf, 2);
	} else {
		jf_lay_wrap(&o, _("账目平衡"), 2);
	}
}
