/* Receipts read back from the database, the receipts waiting for a
 * printer, and the receipt laid out as rows of text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "jifen/receipt.h"
#include "jifen/text.h"

void jf_receipt_free(jf_receipt *r)
{
	if (!r)
		return;
	free(r->lines);
	free(r->vouchers);
	r->lines = NULL;
	r->vouchers = NULL;
	r->nlines = r->nvouchers = 0;
}

static jf_status load_lines(jf_db *db, jf_receipt *r)
{
	jf_status rv = JF_OK;
	size_t cap = 0;
	sqlite3_stmt *st = jf_prepare(db, "SELECT l.item_id, i.code, i.name, i.kind, i.unit, l.qty, "
	                                  "  l.points_each "
	                                  "FROM receipt_lines l JOIN items i ON i.id = l.item_id "
	                                  "WHERE l.receipt_id = ? ORDER BY l.line");
	if (!st)
		return JF_DB_IO;
	sqlite3_bind_int64(st, 1, r->id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (r->nlines == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			jf_receipt_line *p = realloc(r->lines, ncap * sizeof *p);
			if (!p) {
				rv = jf_fail(db, JF_NOMEM, NULL);
				goto cleanup;
			}
			r->lines = p;
			cap = ncap;
		}
		jf_receipt_line *l = &r->lines[r->nlines++];
		memset(l, 0, sizeof *l);
		char kind[16];
		l->item_id = sqlite3_column_int64(st, 0);
		jf_col_text(st, 1, l->code, sizeof l->code);
		jf_col_text(st, 2, l->name, sizeof l->name);
		jf_col_text(st, 3, kind, sizeof kind);
		l->kind = jf_item_kind_parse(kind);
		jf_col_text(st, 4, l->unit, sizeof l->unit);
		l->qty = sqlite3_column_int64(st, 5);
		l->points_each = sqlite3_column_int64(st, 6);
		l->points = l->qty * l->points_each;
	}
	if (rc != SQLITE_DONE)
		rv = jf_sql_fail(db, rc);
cleanup:
	sqlite3_finalize(st);
	return rv;
}

static jf_status load_vouchers(jf_db *db, jf_receipt *r)
{
	jf_status rv = JF_OK;
	size_t cap = 0;
	sqlite3_stmt *st = jf_prepare(db, "SELECT v.id, i.name, i.kind, COALESCE(s.name, ''), "
	                                  "  v.expires "
	                                  "FROM vouchers v JOIN items i ON i.id = v.item_id "
	                                  "LEFT JOIN sponsors s ON s.id = i.sponsor_id "
	                                  "WHERE v.receipt_id = ? ORDER BY v.line, v.id");
	if (!st)
		return JF_DB_IO;
	sqlite3_bind_int64(st, 1, r->id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (r->nvouchers == cap) {
			size_t ncap = cap ? cap * 2 : 4;
			jf_voucher *p = realloc(r->vouchers, ncap * sizeof *p);
			if (!p) {
				rv = jf_fail(db, JF_NOMEM, NULL);
				goto cleanup;
			}
			r->vouchers = p;
			cap = ncap;
		}
		jf_voucher *v = &r->vouchers[r->nvouchers++];
		memset(v, 0, sizeof *v);
		char kind[16];
		v->id = sqlite3_column_int64(st, 0);
		jf_col_text(st, 1, v->what, sizeof v->what);
		jf_col_text(st, 2, kind, sizeof kind);
		v->kind = jf_item_kind_parse(kind);
		jf_col_text(st, 3, v->sponsor, sizeof v->sponsor);
		jf_col_text(st, 4, v->expires, sizeof v->expires);
	}
	if (rc != SQLITE_DONE)
		rv = jf_sql_fail(db, rc);
cleanup:
	sqlite3_finalize(st);
	return rv;
}

/* Voided or not, printed or not. */
static jf_status load_state(jf_db *db, jf_receipt *r)
{
	jf_status rv = JF_OK;
	sqlite3_stmt *st = jf_prepare(
		db, "SELECT (SELECT time FROM ledger WHERE receipt_id = ?1 AND kind = 'void'), "
		    "  (SELECT note FROM ledger WHERE receipt_id = ?1 AND kind = 'void'), "
		    "  (SELECT COUNT(*) FROM receipt_prints WHERE receipt_id = ?1), "
		    "  EXISTS (SELECT 1 FROM receipt_prints WHERE receipt_id = ?1 AND ok = 1), "
		    "  (SELECT error FROM receipt_prints WHERE receipt_id = ?1 AND ok = 0 "
		    "   ORDER BY id DESC LIMIT 1)");
	if (!st)
		return JF_DB_IO;
	sqlite3_bind_int64(st, 1, r->id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		rv = jf_sql_fail(db, rc);
		goto cleanup;
	}
	r->voided = sqlite3_column_type(st, 0) != SQLITE_NULL;
	r->void_time = sqlite3_column_int64(st, 0);
	jf_col_text(st, 1, r->void_reason, sizeof r->void_reason);
	r->print_attempts = sqlite3_column_int(st, 2);
	r->printed = sqlite3_column_int(st, 3);
	jf_col_text(st, 4, r->print_error, sizeof r->print_error);
cleanup:
	sqlite3_finalize(st);
	return rv;
}

jf_status jf_receipt_load(jf_db *db, const char *no, jf_receipt *out)
{
	jf_status rv = JF_OK;
	char name[JF_NAME_MAX + 1], phone[JF_PHONE_MAX + 1];
	memset(out, 0, sizeof *out);
	if (!no || !*no)
		return jf_fail(db, JF_INVALID, _("请给出小票号"));
	sqlite3_stmt *st = jf_prepare(
		db, "SELECT r.id, r.no, r.time, r.total, r.balance_after, o.name, res.name, "
		    "  res.phone, (SELECT day FROM ledger WHERE receipt_id = r.id AND kind = 'redeem') "
		    "FROM receipts r JOIN operators o ON o.id = r.operator_id "
		    "JOIN residents res ON res.id = r.resident_id WHERE r.no = ?");
	if (!st)
		return JF_DB_IO;
	jf_bind_text(st, 1, no);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		rv = jf_fail(db, JF_NOT_FOUND, _("没有小票 %s"), no);
		goto cleanup;
	}
	if (rc != SQLITE_ROW) {
		rv = jf_sql_fail(db, rc);
		goto cleanup;
	}
	out->id = sqlite3_column_int64(st, 0);
	jf_col_text(st, 1, out->no, sizeof out->no);
	out->time = sqlite3_column_int64(st, 2);
	out->total = sqlite3_column_int64(st, 3);
	out->balance_after = sqlite3_column_int64(st, 4);
	jf_col_text(st, 5, out->operator_name, sizeof out->operator_name);
	jf_col_text(st, 6, name, sizeof name);
	jf_col_text(st, 7, phone, sizeof phone);
	jf_col_text(st, 8, out->day, sizeof out->day);
	if (!out->day[0])
		jf_day_of(out->time, out->day);
	jf_mask_name(name, out->resident_masked, sizeof out->resident_masked);
	jf_mask_phone(phone, out->phone_masked, sizeof out->phone_masked);
	sqlite3_finalize(st);
	st = NULL;

	if ((rv = jf_db_meta(db, "community_name", out->community_name,
	                     sizeof out->community_name)) == JF_NOT_FOUND)
		out->community_name[0] = '\0';
	else if (rv != JF_OK)
		goto cleanup;
	out->test = jf_db_is_test(db);
	if ((rv = jf_db_meta(db, "community_code", out->community_code,
	                     sizeof out->community_code)) == JF_NOT_FOUND)
		out->community_code[0] = '\0';
	else if (rv != JF_OK)
		goto cleanup;
	if ((rv = load_lines(db, out)) != JF_OK || (rv = load_vouchers(db, out)) != JF_OK ||
	    (rv = load_state(db, out)) != JF_OK)
		goto cleanup;
	rv = jf_receipt_payload(db, out->no, out->total, out->balance_after, out->payload,
	                        sizeof out->payload);
cleanup:
	sqlite3_finalize(st);
	if (rv != JF_OK)
		jf_receipt_free(out);
	return rv;
}

jf_status jf_receipt_reopen(jf_db *db, const jf_op *op, const char *no, jf_receipt *out)
{
	memset(out, 0, sizeof *out);
	jf_status rv = jf_op_require(db, op, JF_ROLE_STAFF);
	if (rv != JF_OK)
		return rv;
	return jf_receipt_load(db, no, out);
}

jf_status jf_receipt_pending_list(jf_db *db, const char *day, jf_receipt_pending **out,
                                  size_t *n)
{
	jf_status rv = JF_OK;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	if (day && !jf_day_valid(day))
		return jf_fail(db, JF_BAD_DATE, "%s", day);
	sqlite3_stmt *st = jf_prepare(
		db, "SELECT r.id, r.no, r.time, COALESCE(l.day, ''), res.name, r.total, "
		    "  (SELECT COUNT(*) FROM receipt_prints p WHERE p.receipt_id = r.id), "
		    "  (SELECT error FROM receipt_prints p WHERE p.receipt_id = r.id AND p.ok = 0 "
		    "   ORDER BY p.id DESC LIMIT 1) "
		    "FROM receipts r JOIN residents res ON res.id = r.resident_id "
		    "LEFT JOIN ledger l ON l.receipt_id = r.id AND l.kind = 'redeem' "
		    "WHERE NOT EXISTS (SELECT 1 FROM receipt_prints p "
		    "                  WHERE p.receipt_id = r.id AND p.ok = 1) "
		    "  AND NOT EXISTS (SELECT 1 FROM ledger v "
		    "                  WHERE v.receipt_id = r.id AND v.kind = 'void') "
		    "  AND (?1 IS NULL OR l.day = ?1) "
		    "ORDER BY r.time, r.id");
	if (!st)
		return JF_DB_IO;
	jf_bind_text(st, 1, day);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			jf_receipt_pending *p = realloc(*out, ncap * sizeof *p);
			if (!p) {
				rv = jf_fail(db, JF_NOMEM, NULL);
				goto cleanup;
			}
			*out = p;
			cap = ncap;
		}
		jf_receipt_pending *p = &(*out)[(*n)++];
		memset(p, 0, sizeof *p);
		char name[JF_NAME_MAX + 1];
		p->id = sqlite3_column_int64(st, 0);
		jf_col_text(st, 1, p->no, sizeof p->no);
		p->time = sqlite3_column_int64(st, 2);
		jf_col_text(st, 3, p->day, sizeof p->day);
		if (!p->day[0])
			jf_day_of(p->time, p->day);
		jf_col_text(st, 4, name, sizeof name);
		jf_mask_name(name, p->resident_masked, sizeof p->resident_masked);
		p->total = sqlite3_column_int64(st, 5);
		p->attempts = sqlite3_column_int(st, 6);
		jf_col_text(st, 7, p->error, sizeof p->error);
	}
	if (rc != SQLITE_DONE)
		rv = jf_sql_fail(db, rc);
cleanup:
	sqlite3_finalize(st);
	if (rv != JF_OK) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rv;
}

/* Copy at most dstsz - 1 bytes of src without splitting a UTF-8 character. */
static void copy_utf8(char *dst, const char *src, size_t dstsz)
{
	size_t n = strlen(src);
	if (n >= dstsz) {
		n = dstsz - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

jf_status jf_receipt_record_print(jf_db *db, int64_t receipt_id, int ok, const char *error)
{
	char msg[256];
	copy_utf8(msg, ok || !error ? "" : error, sizeof msg);
	if (!jf_text_valid(msg, strlen(msg))) {
		/* keep the record readable whatever the message held */
		char clean[sizeof msg];
		jf_text_clean(msg, clean, sizeof clean);
		memcpy(msg, clean, sizeof msg);
	}
	sqlite3_stmt *st = jf_prepare(db, "INSERT INTO receipt_prints(receipt_id, time, ok, error) "
	                                  "VALUES (?, ?, ?, ?)");
	if (!st)
		return JF_DB_IO;
	sqlite3_bind_int64(st, 1, receipt_id);
	sqlite3_bind_int64(st, 2, jf_db_now(db));
	sqlite3_bind_int(st, 3, ok ? 1 : 0);
	jf_bind_text(st, 4, msg);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? JF_OK : jf_sql_fail(db, rc);
}

/* --- layout --------------------------------------------------------------- */

typedef struct {
	jf_receipt_row *rows;
	size_t n, cap;
	int cols;
	int paper;
	int failed;
} layout;

static int width(const layout *L, const char *s)
{
	return L->paper ? jf_text_print_width(s) : jf_text_width(s);
}

static int fit(const layout *L, const char *s, int cols, char *out, size_t outsz)
{
	return L->paper ? jf_text_fit_print(s, cols, out, outsz) : jf_text_fit(s, cols, out, outsz);
}

static jf_receipt_row *add_row(layout *L, jf_row_style style)
{
	if (L->failed)
		return NULL;
	if (L->n == L->cap) {
		size_t cap = L->cap ? L->cap * 2 : 32;
		jf_receipt_row *p = realloc(L->rows, cap * sizeof *p);
		if (!p) {
			L->failed = 1;
			return NULL;
		}
		L->rows = p;
		L->cap = cap;
	}
	jf_receipt_row *r = &L->rows[L->n++];
	r->text[0] = '\0';
	r->style = style;
	return r;
}

/* `s` fitted to `cols` columns and padded on the left to exactly that. */
static void pad_left(const layout *L, const char *s, int cols, char *out, size_t outsz)
{
	char t[128];
	int w = fit(L, s, cols, t, sizeof t);
	size_t pad = (size_t)(cols - w), tl = strlen(t);
	if (pad + tl + 1 > outsz)
		pad = 0, tl = 0;
	memset(out, ' ', pad);
	memcpy(out + pad, t, tl);
	out[pad + tl] = '\0';
}

/* `left` cut to what is left of the row after `right`, `right` flush
 * right. */
static void row_lr(layout *L, jf_row_style style, const char *left, const char *right)
{
	jf_receipt_row *r = add_row(L, style);
	if (!r)
		return;
	char l[sizeof r->text], rt[sizeof r->text];
	int rw = fit(L, right, L->cols, rt, sizeof rt);
	int room = L->cols - rw - (rw ? 1 : 0);
	int lw = fit(L, left, room < 0 ? 0 : room, l, sizeof l);
	int gap = L->cols - lw - rw;
	size_t ll = strlen(l), rl = strlen(rt);
	if (ll + (size_t)gap + rl + 1 > sizeof r->text)
		gap = 1;
	memcpy(r->text, l, ll);
	memset(r->text + ll, ' ', (size_t)gap);
	memcpy(r->text + ll + gap, rt, rl + 1);
}

static void row_text(layout *L, jf_row_style style, const char *s)
{
	jf_receipt_row *r = add_row(L, style);
	if (r)
		fit(L, s, L->cols, r->text, sizeof r->text);
}

static void row_center(layout *L, jf_row_style style, const char *s)
{
	jf_receipt_row *r = add_row(L, style);
	if (!r)
		return;
	char t[sizeof r->text];
	int w = fit(L, s, L->cols, t, sizeof t);
	size_t pad = (size_t)(L->cols - w) / 2;
	if (pad + strlen(t) + 1 > sizeof r->text)
		pad = 0;
	memset(r->text, ' ', pad);
	memcpy(r->text + pad, t, strlen(t) + 1);
}

/* Columns of one character (n bytes at s): on paper two for any
 * non-ASCII, on a terminal its wcwidth. */
static int char_cols(const layout *L, const char *s, int n, unsigned cp)
{
	if (L->paper)
		return cp < 0x80 ? 1 : 2;
	char one[8];
	memcpy(one, s, (size_t)n);
	one[n] = '\0';
	return jf_text_width(one);
}

/* `s` over as many rows as it needs, each starting with `indent` spaces
 * (centred instead, if `center`), broken between characters. */
static void row_wrap(layout *L, jf_row_style style, int indent, int center, const char *s)
{
	int room = L->cols - indent;
	while (*s && !L->failed) {
		char buf[sizeof L->rows[0].text];
		size_t o = 0;
		int used = 0;
		while (*s) {
			unsigned cp = '?';
			int n = jf_utf8_decode(s, strnlen(s, 4), &cp);
			int bad = n <= 0 || jf_text_is_control(cp);
			int w = bad ? 1 : char_cols(L, s, n, cp);
			if (used + w > room || o + (size_t)(bad ? 1 : n) + 1 >= sizeof buf - (size_t)indent)
				break;
			if (bad)
				buf[o++] = '?';
			else
				memcpy(buf + o, s, (size_t)n), o += (size_t)n;
			s += n > 0 ? n : 1;
			used += w;
		}
		if (used == 0) {
			/* a character wider than the room: leave it out */
			unsigned cp;
			int n = jf_utf8_decode(s, strnlen(s, 4), &cp);
			s += n > 0 ? n : 1;
			continue;
		}
		buf[o] = '\0';
		if (center) {
			row_center(L, style, buf);
			continue;
		}
		jf_receipt_row *r = add_row(L, style);
		if (!r)
			return;
		memset(r->text, ' ', (size_t)indent);
		memcpy(r->text + indent, buf, o + 1);
	}
}

static void row_rule(layout *L)
{
	jf_receipt_row *r = add_row(L, JF_ROW_PLAIN);
	if (!r)
		return;
	memset(r->text, '-', (size_t)L->cols);
	r->text[L->cols] = '\0';
}

static void row_labelled(layout *L, const char *label, const char *value)
{
	char buf[512];
	snprintf(buf, sizeof buf, "%s%s", label, value);
	row_wrap(L, JF_ROW_PLAIN, 0, 0, buf);
}

jf_status jf_receipt_layout(const jf_receipt *r, const char *community, int cols, int paper,
                            jf_receipt_row **rows, size_t *n)
{
	layout L = {.cols = cols, .paper = paper};
	char buf[512], right[400];
	*rows = NULL;
	*n = 0;
	if (cols < 24 || cols > 200)
		return JF_INVALID;

	row_wrap(&L, JF_ROW_TITLE, 0, 1, community && *community ? community : r->community_name);
	row_center(&L, JF_ROW_PLAIN, _("爱心超市兑换小票"));
	if (r->test) {
		snprintf(buf, sizeof buf, "※ %s ※", _("演示/测试数据库"));
		row_center(&L, JF_ROW_STRONG, buf);
	}
	if (r->voided) {
		char day[11];
		jf_day_of(r->void_time, day);
		snprintf(buf, sizeof buf, _("*** 已于 %s 作废 ***"), day);
		row_center(&L, JF_ROW_STRONG, buf);
	}
	row_labelled(&L, _("小票号："), r->no);
	time_t t = (time_t)r->time;
	struct tm tm;
	char when[32];
	localtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	row_labelled(&L, _("时间："), when);
	row_labelled(&L, _("操作员："), r->operator_name);
	snprintf(buf, sizeof buf, "%s%s%s", r->resident_masked, r->phone_masked[0] ? " " : "",
	         r->phone_masked);
	row_labelled(&L, _("居民："), buf);
	row_rule(&L);

	/* items: the name, then quantity (5 columns) and points (6) */
	char qh[160], ph[160];
	pad_left(&L, _("数量"), 5, qh, sizeof qh);
	pad_left(&L, _("积分"), 6, ph, sizeof ph);
	snprintf(right, sizeof right, "%s %s", qh, ph);
	row_lr(&L, JF_ROW_PLAIN, _("物品"), right);
	for (size_t i = 0; i < r->nlines; i++) {
		const jf_receipt_line *l = &r->lines[i];
		char q[24];
		snprintf(q, sizeof q, "x%lld", (long long)l->qty);
		snprintf(right, sizeof right, "%5s %6lld", q, (long long)l->points);
		if (width(&L, l->name) > cols - (int)strlen(right) - 1) {
			/* a long name gets rows of its own */
			row_wrap(&L, JF_ROW_PLAIN, 0, 0, l->name);
			row_lr(&L, JF_ROW_PLAIN, "", right);
		} else {
			row_lr(&L, JF_ROW_PLAIN, l->name, right);
		}
	}
	row_rule(&L);
	snprintf(right, sizeof right, _("%lld 分"), (long long)r->total);
	row_lr(&L, JF_ROW_STRONG, _("合计"), right);
	snprintf(right, sizeof right, _("%lld 分"), (long long)r->balance_after);
	row_lr(&L, JF_ROW_PLAIN, _("兑换后余额"), right);

	for (size_t i = 0; i < r->nvouchers; i++) {
		const jf_voucher *v = &r->vouchers[i];
		row_rule(&L);
		/* a coupon is 商户优惠券, not 商户优惠券券 */
		if (v->kind == JF_ITEM_HOUSEKEEPING)
			snprintf(buf, sizeof buf, _("家政服务券 No.%lld"), (long long)v->id);
		else if (v->kind == JF_ITEM_SERVICE)
			snprintf(buf, sizeof buf, _("社区服务券 No.%lld"), (long long)v->id);
		else if (v->kind == JF_ITEM_COUPON)
			snprintf(buf, sizeof buf, _("商户优惠券 No.%lld"), (long long)v->id);
		else
			snprintf(buf, sizeof buf, _("%s券 No.%lld"), jf_item_kind_label(v->kind),
			         (long long)v->id);
		row_text(&L, JF_ROW_STRONG, buf);
		row_wrap(&L, JF_ROW_PLAIN, 2, 0, v->what);
		if (v->sponsor[0]) {
			snprintf(buf, sizeof buf, "%s%s", _("提供："), v->sponsor);
			row_wrap(&L, JF_ROW_PLAIN, 2, 0, buf);
		}
		snprintf(buf, sizeof buf, "%s%s", _("有效期至："), v->expires);
		row_wrap(&L, JF_ROW_PLAIN, 2, 0, buf);
	}
	row_rule(&L);
	add_row(&L, JF_ROW_QR);
	row_center(&L, JF_ROW_PLAIN, _("扫码核验小票真伪"));
	if (r->voided)
		row_center(&L, JF_ROW_STRONG, _("*** 已作废 ***"));

	if (L.failed) {
		free(L.rows);
		return JF_NOMEM;
	}
	*rows = L.rows;
	*n = L.n;
	return JF_OK;
}
