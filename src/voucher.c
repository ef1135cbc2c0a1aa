/* Service vouchers: listing them and marking them fulfilled. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "jifen/voucher.h"

const char *jf_voucher_state_label(jf_voucher_state s)
{
	switch (s) {
	case JF_VOUCHER_OPEN:
		return _("待服务");
	case JF_VOUCHER_FULFILLED:
		return _("已完成");
	case JF_VOUCHER_VOIDED:
		return _("已作废");
	case JF_VOUCHER_EXPIRED:
		return _("已过期");
	}
	return "?";
}

#define VOUCHER_SELECT                                                                             \
	"SELECT v.id, r.no, r.time, res.id, res.name, res.phone, i.id, i.name, i.kind,"            \
	" coalesce(s.name, ''), v.expires,"                                                        \
	" EXISTS (SELECT 1 FROM ledger x WHERE x.kind = 'void' AND x.receipt_id = v.receipt_id),"  \
	" e.time, coalesce(o.name, ''), coalesce(e.note, ''),"                                     \
	" coalesce(e.override, ''), coalesce(e.reason, '')"                                        \
	" FROM vouchers v JOIN receipts r ON r.id = v.receipt_id"                                  \
	" JOIN residents res ON res.id = r.resident_id JOIN items i ON i.id = v.item_id"           \
	" LEFT JOIN sponsors s ON s.id = i.sponsor_id"                                             \
	" LEFT JOIN voucher_events e ON e.voucher_id = v.id AND e.kind = 'fulfilled'"              \
	" LEFT JOIN operators o ON o.id = e.operator_id"

static void read_voucher(sqlite3_stmt *st, const char *today, jf_voucher_entry *v)
{
	memset(v, 0, sizeof *v);
	v->id = sqlite3_column_int64(st, 0);
	jf_col_text(st, 1, v->receipt_no, sizeof v->receipt_no);
	v->issued_time = sqlite3_column_int64(st, 2);
	v->resident_id = sqlite3_column_int64(st, 3);
	jf_col_text(st, 4, v->resident, sizeof v->resident);
	jf_col_text(st, 5, v->phone, sizeof v->phone);
	v->item_id = sqlite3_column_int64(st, 6);
	jf_col_text(st, 7, v->item, sizeof v->item);
	jf_col_text(st, 8, v->kind, sizeof v->kind);
	jf_col_text(st, 9, v->sponsor, sizeof v->sponsor);
	jf_col_text(st, 10, v->expires, sizeof v->expires);
	if (sqlite3_column_type(st, 12) != SQLITE_NULL) {
		v->state = JF_VOUCHER_FULFILLED;
		v->fulfilled_time = sqlite3_column_int64(st, 12);
		jf_col_text(st, 13, v->fulfilled_by, sizeof v->fulfilled_by);
		jf_col_text(st, 14, v->note, sizeof v->note);
		char ov[16];
		jf_col_text(st, 15, ov, sizeof ov);
		v->override_expired = strcmp(ov, "expired") == 0;
		jf_col_text(st, 16, v->override_reason, sizeof v->override_reason);
	} else if (sqlite3_column_int(st, 11)) {
		v->state = JF_VOUCHER_VOIDED;
	} else if (strcmp(v->expires, today) < 0) {
		v->state = JF_VOUCHER_EXPIRED;
	} else {
		v->state = JF_VOUCHER_OPEN;
	}
}

/* The vouchers of `sql` (VOUCHER_SELECT and a WHERE on ?1) whose state is
 * in `states`. */
static jf_status list_where(jf_db *db, const char *sql, int64_t arg, unsigned states,
                            jf_voucher_entry **out, size_t *n)
{
	char today[11];
	jf_voucher_entry *v = NULL;
	size_t len = 0, cap = 0;
	jf_status rv = JF_OK;
	int rc;
	*out = NULL;
	*n = 0;
	if (!states)
		states = JF_VOUCHER_ALL;
	jf_day_of(jf_db_now(db), today);
	sqlite3_stmt *st = jf_prepare(db, sql);
	if (!st)
		return JF_DB_IO;
	sqlite3_bind_int64(st, 1, arg);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		jf_voucher_entry one;
		read_voucher(st, today, &one);
		if (!(one.state & states))
			continue;
		jf_voucher_entry *e = jf_grow(&v, &cap, len, sizeof *v);
		if (!e) {
			rv = jf_fail(db, JF_NOMEM, NULL);
			goto cleanup;
		}
		*e = one;
		len++;
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

jf_status jf_voucher_list(jf_db *db, unsigned states, int64_t resident_id, jf_voucher_entry **out,
                          size_t *n)
{
	return list_where(db,
	                  VOUCHER_SELECT " WHERE (?1 = 0 OR r.resident_id = ?1) ORDER BY v.id",
	                  resident_id > 0 ? resident_id : 0, states, out, n);
}

jf_status jf_voucher_of_receipt(jf_db *db, int64_t receipt_id, jf_voucher_entry **out,
                                size_t *n)
{
	return list_where(db, VOUCHER_SELECT " WHERE v.receipt_id = ?1 ORDER BY v.id", receipt_id,
	                  JF_VOUCHER_ALL, out, n);
}

jf_status jf_voucher_get(jf_db *db, int64_t id, jf_voucher_entry *out)
{
	char today[11];
	jf_day_of(jf_db_now(db), today);
	sqlite3_stmt *st = jf_prepare(db, VOUCHER_SELECT " WHERE v.id = ?");
	if (!st)
		return JF_DB_IO;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	jf_status rv = JF_OK;
	if (rc == SQLITE_ROW)
		read_voucher(st, today, out);
	else if (rc == SQLITE_DONE)
		rv = jf_fail(db, JF_NOT_FOUND, _("没有编号为 %lld 的服务券"), (long long)id);
	else
		rv = jf_sql_fail(db, rc);
	sqlite3_finalize(st);
	return rv;
}

jf_status jf_voucher_fulfil(jf_db *db, const jf_op *op, int64_t id, const char *note)
{
	return jf_voucher_fulfil_ex(db, op, id, note, NULL);
}

jf_status jf_voucher_fulfil_ex(jf_db *db, const jf_op *op, int64_t id, const char *note,
                               const char *override_reason)
{
	jf_voucher_entry v;
	char today[11], when[20];
	int64_t now = jf_db_now(db);
	sqlite3_stmt *st = NULL;
	jf_status rv = jf_op_require(db, op, JF_ROLE_STAFF);
	int rc;
	if (rv != JF_OK)
		return rv;
	if ((rv = jf_check_text(db, _("备注"), note, JF_NOTE_MAX, 1)) != JF_OK)
		return rv;
	if (override_reason) {
		if (!*override_reason)
			return jf_fail(db, JF_INVALID, _("为过期的服务券登记完成要写明原因"));
		if ((rv = jf_check_text(db, _("原因"), override_reason, JF_NOTE_MAX, 0)) != JF_OK)
			return rv;
	}
	if ((rv = jf_tx_begin(db)) != JF_OK)
		return rv;
	jf_day_of(now, today);
	if ((rv = jf_day_check_open(db, today)) != JF_OK ||
	    (rv = jf_voucher_get(db, id, &v)) != JF_OK)
		goto fail;
	switch (v.state) {
	case JF_VOUCHER_FULFILLED:
		jf_time_datetime(v.fulfilled_time, when, sizeof when);
		rv = jf_fail(db, JF_VOUCHER_USED,
		             _("服务券 #%lld（%s）已由 %s 于 %s 登记完成，不能再用"), (long long)id,
		             v.item, v.fulfilled_by, when);
		goto fail;
	case JF_VOUCHER_VOIDED:
		rv = jf_fail(db, JF_ALREADY_VOIDED, _("服务券 #%lld 所在的小票 %s 已作废"),
		             (long long)id, v.receipt_no);
		goto fail;
	case JF_VOUCHER_EXPIRED:
		if (!override_reason) {
			rv = jf_fail(db, JF_EXPIRED,
			             _("服务券 #%lld（%s）有效期至 %s，已过期：要登记完成，须由工作人员"
			               "写明原因越过有效期（--override-expired --reason）"),
			             (long long)id, v.item, v.expires);
			goto fail;
		}
		break;
	case JF_VOUCHER_OPEN:
		if (override_reason) {
			rv = jf_fail(db, JF_INVALID, _("服务券 #%lld 有效期至 %s，还没有过期"),
			             (long long)id, v.expires);
			goto fail;
		}
		break;
	}
	st = jf_prepare(db, "INSERT INTO voucher_events(voucher_id, time, day, kind, operator_id,"
	                    " note, override, reason) VALUES (?, ?, ?, 'fulfilled', ?, ?, ?, ?)");
	if (!st) {
		rv = JF_DB_IO;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	jf_bind_text(st, 3, today);
	sqlite3_bind_int64(st, 4, jf_op_id(op));
	jf_bind_text(st, 5, note ? note : "");
	jf_bind_text(st, 6, override_reason ? "expired" : "");
	jf_bind_text(st, 7, override_reason ? override_reason : "");
	if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
		/* two counters fulfilling at once: the second meets UNIQUE */
		rv = (rc & 0xff) == SQLITE_CONSTRAINT
		         ? jf_fail(db, JF_VOUCHER_USED, _("服务券 #%lld 已登记完成，不能再用"),
		                   (long long)id)
		         : jf_sql_fail(db, rc);
		goto fail;
	}
	sqlite3_finalize(st);
	return jf_tx_commit(db);
fail:
	sqlite3_finalize(st);
	jf_tx_rollback(db);
	return rv;
}

jf_status jf_voucher_used_on_receipt(jf_db *db, int64_t receipt_id, jf_voucher_entry *out,
                                     int *found)
{
	*found = 0;
	sqlite3_stmt *st = jf_prepare(db, "SELECT v.id FROM vouchers v JOIN voucher_events e"
	                                  " ON e.voucher_id = v.id AND e.kind = 'fulfilled'"
	                                  " WHERE v.receipt_id = ? ORDER BY v.id LIMIT 1");
	if (!st)
		return JF_DB_IO;
	sqlite3_bind_int64(st, 1, receipt_id);
	int rc = sqlite3_step(st);
	int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return JF_OK;
	if (rc != SQLITE_ROW)
		return jf_sql_fail(db, rc);
	jf_status rv = jf_voucher_get(db, id, out);
	if (rv == JF_OK)
		*found = 1;
	return rv;
}
