/* The monthly public notice (每月公示) and the passbook statement.
 *
 * A month is the ledger rows whose business day falls in it: the points a
 * resident earned are the awards and positive adjustments recorded that
 * month, what they spent the redemptions less the voids recorded that
 * month, so that every point of the ledger lands in exactly one month and
 * the notice's totals are the ledger's sums. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "jifen/catalog.h"
#include "jifen/csv.h"
#include "jifen/escpos.h"
#include "jifen/ledger.h"
#include "jifen/printer.h"
#include "jifen/report.h"
#include "jifen/resident.h"
#include "jifen/text.h"
#include "layout.h"

#define MONTH_OF "l.day >= ?1 AND l.day < ?2"

static jf_status row_resident(jf_db *db, sqlite3_stmt *st, void *ctx, size_t *cap)
{
	jf_month_report *r = ctx;
	jf_month_resident *m;
	JF_PUSH(db, r->residents, r->n_residents, cap, m);
	m->resident_id = sqlite3_column_int64(st, 0);
	jf_col_text(st, 1, m->name, sizeof m->name);
	jf_col_text(st, 2, m->compound, sizeof m->compound);
	jf_col_text(st, 3, m->building, sizeof m->building);
	m->party = sqlite3_column_int(st, 4);
	m->opening = sqlite3_column_int64(st, 5);
	m->earned = sqlite3_column_int64(st, 6);
	m->spent = sqlite3_column_int64(st, 7);
	m->deducted = sqlite3_column_int64(st, 8);
	m->awards = sqlite3_column_int64(st, 9);
	m->closing = m->opening + m->earned - m->spent - m->deducted;
	r->points_opening += m->opening;
	r->points_earned += m->earned;
	r->points_spent += m->spent;
	r->points_deducted += m->deducted;
	r->points_closing += m->closing;
	return JF_OK;
}

static jf_status row_category(jf_db *db, sqlite3_stmt *st, void *ctx, size_t *cap)
{
	jf_month_report *r = ctx;
	(void)db;
	(void)cap;
	const char *cat = (const char *)sqlite3_column_text(st, 0);
	for (int i = 0; i < JF_CATEGORY_COUNT; i++)
		if (cat && strcmp(r->categories[i].category, cat) == 0) {
			r->categories[i].awards = sqlite3_column_int64(st, 1);
			r->categories[i].points = sqlite3_column_int64(st, 2);
			r->categories[i].residents = sqlite3_column_int64(st, 3);
		}
	return JF_OK;
}

static jf_status row_activity(jf_db *db, sqlite3_stmt *st, void *ctx, size_t *cap)
{
	jf_month_report *r = ctx;
	jf_month_activity *a;
	JF_PUSH(db, r->activities, r->n_activities, cap, a);
	jf_col_text(st, 0, a->code, sizeof a->code);
	jf_col_text(st, 1, a->name, sizeof a->name);
	jf_col_text(st, 2, a->category, sizeof a->category);
	a->awards = sqlite3_column_int64(st, 3);
	a->points = sqlite3_column_int64(st, 4);
	return JF_OK;
}

static jf_status row_item(jf_db *db, sqlite3_stmt *st, void *ctx, size_t *cap)
{
	jf_month_report *r = ctx;
	jf_month_item *it;
	JF_PUSH(db, r->items, r->n_items, cap, it);
	it->item_id = sqlite3_column_int64(st, 0);
	jf_col_text(st, 1, it->name, sizeof it->name);
	jf_col_text(st, 2, it->unit, sizeof it->unit);
	jf_col_text(st, 3, it->kind, sizeof it->kind);
	jf_col_text(st, 4, it->sponsor, sizeof it->sponsor);
	it->qty = sqlite3_column_int64(st, 5);
	it->points = sqlite3_column_int64(st, 6);
	r->items_redeemed += it->qty;
	return JF_OK;
}

static jf_status row_service(jf_db *db, sqlite3_stmt *st, void *ctx, size_t *cap)
{
	jf_month_report *r = ctx;
	jf_month_service *s;
	JF_PUSH(db, r->services, r->n_services, cap, s);
	s->item_id = sqlite3_column_int64(st, 0);
	jf_col_text(st, 1, s->name, sizeof s->name);
	jf_col_text(st, 2, s->kind, sizeof s->kind);
	jf_col_text(st, 3, s->sponsor, sizeof s->sponsor);
	s->issued = sqlite3_column_int64(st, 4);
	s->fulfilled = sqlite3_column_int64(st, 5);
	if (!strcmp(s->kind, "housekeeping") || !strcmp(s->kind, "service"))
		r->services_delivered += s->fulfilled;
	if (!strcmp(s->kind, "housekeeping"))
		r->housekeeping_delivered += s->fulfilled;
	return JF_OK;
}

static jf_status row_gift(jf_db *db, sqlite3_stmt *st, void *ctx, size_t *cap)
{
	jf_month_report *r = ctx;
	jf_month_gift *g;
	JF_PUSH(db, r->gifts, r->n_gifts, cap, g);
	g->sponsor_id = sqlite3_column_int64(st, 0);
	jf_col_text(st, 1, g->sponsor, sizeof g->sponsor);
	jf_col_text(st, 2, g->sponsor_kind, sizeof g->sponsor_kind);
	jf_col_text(st, 3, g->item, sizeof g->item);
	jf_col_text(st, 4, g->unit, sizeof g->unit);
	g->received = sqlite3_column_int64(st, 5);
	g->redeemed = sqlite3_column_int64(st, 6);
	g->fulfilled = sqlite3_column_int64(st, 7);
	return JF_OK;
}

static jf_status row_participation(jf_db *db, sqlite3_stmt *st, void *ctx, size_t *cap)
{
	jf_month_report *r = ctx;
	(void)db;
	(void)cap;
	r->participants = sqlite3_column_int64(st, 0);
	r->party_participants = sqlite3_column_int64(st, 1);
	r->awards = sqlite3_column_int64(st, 2);
	r->cleanups = sqlite3_column_int64(st, 3);
	r->volunteer_services = sqlite3_column_int64(st, 4);
	r->redemptions = sqlite3_column_int64(st, 5);
	return JF_OK;
}

static jf_status row_heads(jf_db *db, sqlite3_stmt *st, void *ctx, size_t *cap)
{
	jf_month_report *r = ctx;
	(void)db;
	(void)cap;
	jf_col_text(st, 0, r->head_month_end, sizeof r->head_month_end);
	r->entries_month_end = sqlite3_column_int64(st, 1);
	jf_col_text(st, 2, r->head_now, sizeof r->head_now);
	r->entries_now = sqlite3_column_int64(st, 3);
	return JF_OK;
}

#define KIND_ORDER                                                                                 \
	"CASE i.kind WHEN 'goods' THEN 1 WHEN 'produce' THEN 2 WHEN 'housekeeping' THEN 3"         \
	" WHEN 'service' THEN 4 ELSE 5 END"

/* clang-format off */
static const struct {
	const char *sql;
	jf_row_fn row;
} queries[] = {
	{"SELECT r.id, r.name, r.compound, r.building, r.party,"
	 " coalesce(sum(CASE WHEN l.day < ?1 THEN l.points END), 0),"
	 " coalesce(sum(CASE WHEN " MONTH_OF " AND (l.kind = 'award'"
	 "   OR (l.kind = 'adjust' AND l.points > 0)) THEN l.points END), 0),"
	 " coalesce(-sum(CASE WHEN " MONTH_OF " AND l.kind IN ('redeem', 'void')"
	 "   THEN l.points END), 0),"
	 " coalesce(-sum(CASE WHEN " MONTH_OF " AND l.kind = 'adjust' AND l.points < 0"
	 "   THEN l.points END), 0),"
	 " coalesce(sum(CASE WHEN " MONTH_OF " AND l.kind = 'award' THEN 1 END), 0)"
	 " FROM residents r JOIN ledger l ON l.resident_id = r.id AND l.day < ?2"
	 " GROUP BY r.id"
	 " HAVING sum(CASE WHEN l.day < ?1 THEN l.points ELSE 0 END) <> 0 OR sum(l.day >= ?1) > 0"
	 " ORDER BY r.compound, r.building, r.pinyin, r.id",
	 row_resident},
	{"SELECT a.category, count(*), sum(l.points), count(DISTINCT l.resident_id)"
	 " FROM ledger l JOIN activities a ON a.id = l.activity_id"
	 " WHERE l.kind = 'award' AND " MONTH_OF " GROUP BY a.category",
	 row_category},
	{"SELECT a.code, a.name, a.category, count(*), sum(l.points)"
	 " FROM ledger l JOIN activities a ON a.id = l.activity_id"
	 " WHERE l.kind = 'award' AND " MONTH_OF " GROUP BY a.id ORDER BY a.code",
	 row_activity},
	{"SELECT i.id, i.name, i.unit, i.kind, coalesce(s.name, ''),"
	 " sum(CASE l.kind WHEN 'redeem' THEN rl.qty ELSE -rl.qty END),"
	 " sum(CASE l.kind WHEN 'redeem' THEN 1 ELSE -1 END * rl.qty * rl.points_each)"
	 " FROM ledger l JOIN receipt_lines rl ON rl.receipt_id = l.receipt_id"
	 " JOIN items i ON i.id = rl.item_id LEFT JOIN sponsors s ON s.id = i.sponsor_id"
	 " WHERE l.kind IN ('redeem', 'void') AND " MONTH_OF
	 " GROUP BY i.id HAVING sum(CASE l.kind WHEN 'redeem' THEN rl.qty ELSE -rl.qty END) <> 0"
	 " ORDER BY " KIND_ORDER ", i.code",
	 row_item},
	{"SELECT i.id, i.name, i.kind, coalesce(s.name, ''), sum(x.issued), sum(x.fulfilled)"
	 " FROM (SELECT v.item_id AS item_id, CASE l.kind WHEN 'redeem' THEN 1 ELSE -1 END AS issued,"
	 "         0 AS fulfilled"
	 "       FROM ledger l JOIN vouchers v ON v.receipt_id = l.receipt_id"
	 "       WHERE l.kind IN ('redeem', 'void') AND " MONTH_OF
	 "       UNION ALL"
	 "       SELECT v.item_id, 0, 1 FROM voucher_events e JOIN vouchers v ON v.id = e.voucher_id"
	 "       WHERE e.kind = 'fulfilled' AND e.day >= ?1 AND e.day < ?2) x"
	 " JOIN items i ON i.id = x.item_id LEFT JOIN sponsors s ON s.id = i.sponsor_id"
	 " GROUP BY i.id HAVING sum(x.issued) <> 0 OR sum(x.fulfilled) <> 0"
	 " ORDER BY " KIND_ORDER ", i.code",
	 row_service},
	{"SELECT s.id, s.name, s.kind, i.name, i.unit, sum(x.rec), sum(x.red), sum(x.ful)"
	 " FROM (SELECT m.sponsor_id AS sid, m.item_id AS iid, m.qty AS rec, 0 AS red, 0 AS ful"
	 "       FROM stock_moves m WHERE m.kind = 'in' AND m.sponsor_id IS NOT NULL"
	 "       AND m.day >= ?1 AND m.day < ?2"
	 "       UNION ALL"
	 "       SELECT i.sponsor_id, rl.item_id, 0,"
	 "         CASE l.kind WHEN 'redeem' THEN rl.qty ELSE -rl.qty END, 0"
	 "       FROM ledger l JOIN receipt_lines rl ON rl.receipt_id = l.receipt_id"
	 "       JOIN items i ON i.id = rl.item_id"
	 "       WHERE l.kind IN ('redeem', 'void') AND i.sponsor_id IS NOT NULL AND " MONTH_OF
	 "       UNION ALL"
	 "       SELECT i.sponsor_id, v.item_id, 0, 0, 1 FROM voucher_events e"
	 "       JOIN vouchers v ON v.id = e.voucher_id JOIN items i ON i.id = v.item_id"
	 "       WHERE e.kind = 'fulfilled' AND i.sponsor_id IS NOT NULL"
	 "       AND e.day >= ?1 AND e.day < ?2) x"
	 " JOIN sponsors s ON s.id = x.sid JOIN items i ON i.id = x.iid"
	 " GROUP BY s.id, i.id HAVING sum(x.rec) <> 0 OR sum(x.red) <> 0 OR sum(x.ful) <> 0"
	 " ORDER BY s.name, i.code",
	 row_gift},
	{"SELECT"
	 " (SELECT count(DISTINCT l.resident_id) FROM ledger l WHERE l.kind = 'award' AND " MONTH_OF
	 "),"
	 " (SELECT count(DISTINCT l.resident_id) FROM ledger l JOIN residents r"
	 "   ON r.id = l.resident_id WHERE r.party = 1 AND l.kind = 'award' AND " MONTH_OF "),"
	 " (SELECT count(*) FROM ledger l WHERE l.kind = 'award' AND " MONTH_OF "),"
	 " (SELECT count(*) FROM (SELECT DISTINCT l.activity_id, l.deed_date FROM ledger l"
	 "   JOIN activities a ON a.id = l.activity_id"
	 "   WHERE l.kind = 'award' AND a.code = ?3 AND " MONTH_OF ")),"
	 " (SELECT count(*) FROM ledger l JOIN activities a ON a.id = l.activity_id"
	 "   WHERE l.kind = 'award' AND a.category = '志愿服务' AND " MONTH_OF "),"
	 " (SELECT coalesce(sum(l.kind = 'redeem') - sum(l.kind = 'void'), 0)"
	 "   FROM ledger l WHERE l.kind IN ('redeem', 'void') AND " MONTH_OF ")",
	 row_participation},
	{"SELECT"
	 " coalesce((SELECT l.hash FROM ledger l WHERE l.day < ?2 ORDER BY l.id DESC LIMIT 1), ''),"
	 " (SELECT count(*) FROM ledger l WHERE l.day < ?2),"
	 " coalesce((SELECT l.hash FROM ledger l ORDER BY l.id DESC LIMIT 1), ''),"
	 " (SELECT count(*) FROM ledger)",
	 row_heads},
};
/* clang-format on */

/* Record the heads a notice prints (table notices), so that jifen audit can
 * tell if entries were cut off after it.  Best effort: a notice read from a
 * read-only copy is still a notice. */
static void pin_notice(jf_db *db, const jf_month_report *r)
{
	if (sqlite3_db_readonly(db->sql, "main") == 1)
		return;
	sqlite3_stmt *st = jf_prepare(db,
		"INSERT INTO notices(month, time, operator_id, ledger_head, stock_head)"
		" SELECT ?1, ?2, ?3, ?4, coalesce((SELECT hash FROM stock_moves ORDER BY id DESC"
		"   LIMIT 1), '')"
		" WHERE NOT EXISTS (SELECT 1 FROM notices WHERE month = ?1 AND ledger_head = ?4)");
	if (!st)
		return;
	jf_bind_text(st, 1, r->month);
	sqlite3_bind_int64(st, 2, r->generated);
	if (db->actor > 0)
		sqlite3_bind_int64(st, 3, db->actor);
	jf_bind_text(st, 4, r->head_now);
	sqlite3_step(st);
	sqlite3_finalize(st);
}

jf_status jf_month_report_load(jf_db *db, const char *month, jf_month_report **out)
{
	jf_status rv = JF_OK;
	char today[11];
	int own_tx = 0;
	*out = NULL;
	jf_month_report *r = calloc(1, sizeof *r);
	if (!r)
		return jf_fail(db, JF_NOMEM, NULL);
	if (!jf_month_bounds(month, r->first, r->next)) {
		rv = jf_fail(db, JF_BAD_DATE, _("%s 不是有效月份（应为 YYYY-MM）"),
		             month ? month : "");
		goto fail;
	}
	jf_strlcpy(r->month, month, sizeof r->month);
	r->generated = jf_db_now(db);
	jf_day_of(r->generated, today);
	if (strcmp(r->first, today) > 0) {
		rv = jf_fail(db, JF_BAD_DATE, _("%s 还没到"), month);
		goto fail;
	}
	r->month_over = strcmp(today, r->next) >= 0;
	if (jf_db_meta(db, "community_name", r->community, sizeof r->community) != JF_OK)
		r->community[0] = '\0';
	r->test = jf_db_is_test(db);
	for (int i = 0; i < JF_CATEGORY_COUNT; i++)
		jf_strlcpy(r->categories[i].category, jf_categories[i],
		           sizeof r->categories[i].category);
	if ((rv = jf_read_begin(db, &own_tx)) != JF_OK)
		goto fail;
	for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++)
		if ((rv = jf_each_row(db, queries[i].sql, r->first, r->next, queries[i].row, r)) != JF_OK)
			goto fail;
	if ((rv = jf_self_awards(db, r->first, r->next, &r->self_awards, &r->n_self_awards)) !=
	    JF_OK)
		goto fail;
	if (own_tx) {
		jf_read_end(db, own_tx);
		pin_notice(db, r);
	}
	*out = r;
	return JF_OK;
fail:
	jf_read_end(db, own_tx);
	jf_month_report_free(r);
	return rv;
}

void jf_month_report_free(jf_month_report *r)
{
	if (!r)
		return;
	free(r->residents);
	free(r->self_awards);
	free(r->activities);
	free(r->items);
	free(r->services);
	free(r->gifts);
	free(r);
}

jf_report_format jf_report_format_parse(const char *s)
{
	if (!s)
		return 0;
	if (!strcmp(s, "text") || !strcmp(s, "txt"))
		return JF_REPORT_TEXT;
	if (!strcmp(s, "csv"))
		return JF_REPORT_CSV;
	if (!strcmp(s, "html") || !strcmp(s, "htm"))
		return JF_REPORT_HTML;
	return 0;
}

/* --- shared wording ----------------------------------------------------------- */

static const char *kind_label(const char *code)
{
	jf_item_kind k = jf_item_kind_parse(code);
	return k ? jf_item_kind_label(k) : code;
}

static const char *sponsor_kind_label(const char *code)
{
	jf_sponsor_kind k = jf_sponsor_kind_parse(code);
	return k ? jf_sponsor_kind_label(k) : code;
}

static void shown_name(const jf_month_resident *m, int full, char *out, size_t len)
{
	if (full)
		jf_strlcpy(out, m->name, len);
	else
		jf_mask_name(m->name, out, len);
}

static void self_name(const jf_self_award *a, int full, char *out, size_t len)
{
	if (full)
		jf_strlcpy(out, a->resident_name, len);
	else
		jf_mask_name(a->resident_name, out, len);
}

static void place(const jf_month_resident *m, char *out, size_t len)
{
	int digits = m->building[0] != '\0';
	for (const char *p = m->building; *p; p++)
		if ((unsigned char)*p >= 0x80)
			digits = 0;
	if (digits) /* "3" is the 3rd building; "3号楼" says so itself */
		snprintf(out, len, _("%s %s栋"), m->compound, m->building);
	else if (m->building[0])
		snprintf(out, len, "%s %s", m->compound, m->building);
	else
		jf_strlcpy(out, m->compound, len);
}

/* "2026年6月" */
static void month_title(const jf_month_report *r, char *out, size_t len)
{
	int y = 0, m = 0;
	sscanf(r->month, "%4d-%2d", &y, &m);
	snprintf(out, len, _("%d年%d月"), y, m);
}

static void title(const jf_month_report *r, char *out, size_t len)
{
	snprintf(out, len, _("%s积分公示"), r->community);
}

/* The sentence that says which chain head the notice pins. */
static void head_sentence(const jf_month_report *r, int now, char *out, size_t len)
{
	if (!now) {
		if (r->entries_month_end)
			snprintf(out, len, _("截至月末（%s 前）台账共 %lld 条，末条校验码"),
			         r->next, (long long)r->entries_month_end);
		else
			snprintf(out, len, "%s", _("截至月末台账尚无记录"));
	} else {
		char when[20];
		jf_time_datetime(r->generated, when, sizeof when);
		snprintf(out, len, _("本公示生成时（%s）台账共 %lld 条，当前校验码"), when,
		         (long long)r->entries_now);
	}
}

/* --- text ------------------------------------------------------------------- */

static void text_section(FILE *f, const char *name)
{
	fprintf(f, _("\n【%s】\n"), name);
}

static void write_text(const jf_month_report *r, int full, int cols, FILE *f)
{
	jf_lay o = {.f = f, .cols = cols < 60 ? 60 : cols, .printer = 0};
	char buf[1024], mt[32], n[9][32];

	title(r, buf, sizeof buf);
	jf_lay_center(&o, buf);
	month_title(r, mt, sizeof mt);
	jf_lay_center(&o, mt);
	if (r->test) {
		snprintf(buf, sizeof buf, "※ %s ※", _("演示/测试数据库"));
		jf_lay_center(&o, buf);
	}
	jf_lay_rule(&o, '=');
	snprintf(buf, sizeof buf,
	         _("现将%"
	           "s居民积分获得和使用情况公示如下，接受全体居民监督。如有疑问，请向社区工作人员反"
	           "映。"),
	         mt);
	jf_lay_wrap(&o, buf, 0);

	text_section(f, _("参与情况"));
	snprintf(buf, sizeof buf,
	         _("参与居民 %lld 人（其中党员 %lld 人），赋分 %lld 次；人居环境整治 %lld 次；"
	           "志愿服务 %lld 次；兑换 %lld 笔、物品和服务 %lld 件；完成家政和社区服务 %lld "
	           "次（其中家政 %lld 次）。"),
	         (long long)r->participants, (long long)r->party_participants, (long long)r->awards,
	         (long long)r->cleanups, (long long)r->volunteer_services,
	         (long long)r->redemptions, (long long)r->items_redeemed,
	         (long long)r->services_delivered, (long long)r->housekeeping_delivered);
	jf_lay_wrap(&o, buf, 0);
	snprintf(buf, sizeof buf,
	         _("全体居民：上月结余 %lld 分，本月获得 %lld 分，使用 %lld 分，扣减 %lld "
	           "分，月末结余 %lld 分。"),
	         (long long)r->points_opening, (long long)r->points_earned,
	         (long long)r->points_spent, (long long)r->points_deducted,
	         (long long)r->points_closing);
	jf_lay_wrap(&o, buf, 0);

	text_section(f, _("按类别"));
	{
		static const int w[] = {12, 8, 8, 8};
		const char *h[] = {_("类别"), _("人数"), _("次数"), _("积分")};
		jf_lay_row(&o, 4, h, w, "lrrr");
		for (int i = 0; i < JF_CATEGORY_COUNT; i++) {
			const jf_month_category *c = &r->categories[i];
			snprintf(n[0], sizeof n[0], "%lld", (long long)c->residents);
			snprintf(n[1], sizeof n[1], "%lld", (long long)c->awards);
			snprintf(n[2], sizeof n[2], "%lld", (long long)c->points);
			const char *row[] = {c->category, n[0], n[1], n[2]};
			jf_lay_row(&o, 4, row, w, "lrrr");
		}
	}

	text_section(f, _("按活动"));
	{
		static const int w[] = {4, 32, 10, 8, 8};
		const char *h[] = {_("编号"), _("活动"), _("类别"), _("次数"), _("积分")};
		jf_lay_row(&o, 5, h, w, "lllrr");
		for (size_t i = 0; i < r->n_activities; i++) {
			const jf_month_activity *a = &r->activities[i];
			snprintf(n[0], sizeof n[0], "%lld", (long long)a->awards);
			snprintf(n[1], sizeof n[1], "%lld", (long long)a->points);
			const char *row[] = {a->code, a->name, a->category, n[0], n[1]};
			jf_lay_row(&o, 5, row, w, "lllrr");
		}
		if (!r->n_activities)
			fprintf(f, "  %s\n", _("（本月没有赋分）"));
	}

	text_section(f, _("居民积分明细"));
	{
		static const int w[] = {10, 0, 8, 8, 8, 8, 8};
		const char *h[] = {_("姓名"), _("小区"), _("上月结余"), _("获得"),
		                   _("使用"), _("扣减"), _("月末结余")};
		jf_lay_row(&o, 7, h, w, "llrrrrr");
		for (size_t i = 0; i < r->n_residents; i++) {
			const jf_month_resident *m = &r->residents[i];
			char name[128], where[256];
			shown_name(m, full, name, sizeof name);
			place(m, where, sizeof where);
			snprintf(n[0], sizeof n[0], "%lld", (long long)m->opening);
			snprintf(n[1], sizeof n[1], "%lld", (long long)m->earned);
			snprintf(n[2], sizeof n[2], "%lld", (long long)m->spent);
			snprintf(n[3], sizeof n[3], "%lld", (long long)m->deducted);
			snprintf(n[4], sizeof n[4], "%lld", (long long)m->closing);
			const char *row[] = {name, where, n[0], n[1], n[2], n[3], n[4]};
			jf_lay_row(&o, 7, row, w, "llrrrrr");
		}
		snprintf(n[0], sizeof n[0], "%lld", (long long)r->points_opening);
		snprintf(n[1], sizeof n[1], "%lld", (long long)r->points_earned);
		snprintf(n[2], sizeof n[2], "%lld", (long long)r->points_spent);
		snprintf(n[3], sizeof n[3], "%lld", (long long)r->points_deducted);
		snprintf(n[4], sizeof n[4], "%lld", (long long)r->points_closing);
		snprintf(buf, sizeof buf, _("%zu 人"), r->n_residents);
		const char *row[] = {_("合计"), buf, n[0], n[1], n[2], n[3], n[4]};
		jf_lay_row(&o, 7, row, w, "llrrrrr");
	}

	text_section(f, _("兑换物品"));
	{
		static const int w[] = {24, 10, 10, 8};
		const char *h[] = {_("物品"), _("类别"), _("数量"), _("积分")};
		jf_lay_row(&o, 4, h, w, "llrr");
		for (size_t i = 0; i < r->n_items; i++) {
			const jf_month_item *it = &r->items[i];
			snprintf(n[0], sizeof n[0], "%lld%s", (long long)it->qty, it->unit);
			snprintf(n[1], sizeof n[1], "%lld", (long long)it->points);
			const char *row[] = {it->name, kind_label(it->kind), n[0], n[1]};
			jf_lay_row(&o, 4, row, w, "llrr");
		}
		if (!r->n_items)
			fprintf(f, "  %s\n", _("（本月没有兑换）"));
	}

	text_section(f, _("服务"));
	{
		static const int w[] = {24, 10, 10, 8};
		const char *h[] = {_("服务"), _("类别"), _("兑出"), _("已完成")};
		jf_lay_row(&o, 4, h, w, "llrr");
		for (size_t i = 0; i < r->n_services; i++) {
			const jf_month_service *s = &r->services[i];
			snprintf(n[0], sizeof n[0], "%lld", (long long)s->issued);
			snprintf(n[1], sizeof n[1], "%lld", (long long)s->fulfilled);
			const char *row[] = {s->name, kind_label(s->kind), n[0], n[1]};
			jf_lay_row(&o, 4, row, w, "llrr");
		}
		if (!r->n_services)
			fprintf(f, "  %s\n", _("（本月没有服务）"));
	}

	text_section(f, _("爱心鸣谢"));
	if (!r->n_gifts)
		fprintf(f, "  %s\n", _("（本月没有捐赠记录）"));
	for (size_t i = 0; i < r->n_gifts;) {
		size_t j = i;
		int k = snprintf(buf, sizeof buf, _("感谢%s %s："),
		                 sponsor_kind_label(r->gifts[i].sponsor_kind), r->gifts[i].sponsor);
		for (; j < r->n_gifts && r->gifts[j].sponsor_id == r->gifts[i].sponsor_id; j++) {
			const jf_month_gift *g = &r->gifts[j];
			char part[256];
			int m = snprintf(part, sizeof part, "%s%s", j > i ? _("；") : "", g->item);
			if (g->received)
				m += snprintf(part + m, sizeof part - (size_t)m, _(" 捐赠 %lld%s"),
				              (long long)g->received, g->unit);
			if (g->redeemed)
				m += snprintf(part + m, sizeof part - (size_t)m, _(" 兑出 %lld%s"),
				              (long long)g->redeemed, g->unit);
			if (g->fulfilled)
				snprintf(part + m, sizeof part - (size_t)m, _(" 服务 %lld 次"),
				         (long long)g->fulfilled);
			if (k >= 0 && (size_t)k < sizeof buf)
				k += snprintf(buf + k, sizeof buf - (size_t)k, "%s", part);
		}
		jf_lay_wrap(&o, buf, 2);
		i = j;
	}

	text_section(f, _("操作员给自己新增或修改过的居民赋分"));
	snprintf(buf, sizeof buf,
	         _("以下赋分的操作员在赋分前 %d 天内新增或修改过该居民的资料（无法阻止，在此公示）："),
	         JF_SELF_DAYS);
	jf_lay_wrap(&o, buf, 0);
	if (!r->n_self_awards)
		fprintf(f, "  %s\n", _("（本月没有）"));
	for (size_t i = 0; i < r->n_self_awards; i++) {
		const jf_self_award *a = &r->self_awards[i];
		char who[97], day[11], changed[11];
		self_name(a, full, who, sizeof who);
		jf_day_of(a->time, day);
		jf_day_of(a->changed, changed);
		snprintf(buf, sizeof buf, _("%s %s 给 %s %+lld 分（%s 改过此居民）"), day,
		         a->operator_name, who, (long long)a->points, changed);
		jf_lay_wrap(&o, buf, 2);
	}

	text_section(f, _("台账校验"));
	head_sentence(r, 0, buf, sizeof buf);
	jf_lay_wrap(&o, buf, 0);
	if (r->head_month_end[0]) {
		fputs("  ", f);
		jf_text_put(f, r->head_month_end);
		fputc('\n', f);
	}
	if (!r->month_over || strcmp(r->head_now, r->head_month_end) != 0) {
		head_sentence(r, 1, buf, sizeof buf);
		jf_lay_wrap(&o, buf, 0);
		if (r->head_now[0]) {
			fputs("  ", f);
			jf_text_put(f, r->head_now);
			fputc('\n', f);
		}
	}
	if (!r->month_over)
		jf_lay_wrap(&o, _("本月尚未结束，以上为截至生成时的数字。"), 0);
	jf_lay_wrap(&o, _("用 jifen audit 可核对台账与校验码是否一致。"), 0);
	jf_lay_rule(&o, '=');
	char when[20];
	jf_time_datetime(r->generated, when, sizeof when);
	snprintf(buf, sizeof buf, "%s  %.10s", r->community, when);
	jf_lay_lr(&o, "", buf);
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

static void write_csv(const jf_month_report *r, int full, FILE *f)
{
	char t[256], mt[32], n[9][32];
	fputs("\xEF\xBB\xBF", f); /* Excel opens UTF-8 CSV right only with a BOM */
	title(r, t, sizeof t);
	month_title(r, mt, sizeof mt);
	{
		const char *row[] = {t, mt, r->test ? _("演示/测试数据库") : NULL};
		csv_row(f, r->test ? 3 : 2, row);
	}

	{
		const char *h[] = {_("项目"), _("数量")};
		csv_section(f, _("参与情况"), 2, h);
		const struct {
			const char *label;
			int64_t v;
		} p[] = {
		    {_("参与居民"), r->participants},
		    {_("其中党员"), r->party_participants},
		    {_("赋分次数"), r->awards},
		    {_("人居环境整治"), r->cleanups},
		    {_("志愿服务"), r->volunteer_services},
		    {_("兑换笔数"), r->redemptions},
		    {_("兑换物品和服务件数"), r->items_redeemed},
		    {_("完成家政和社区服务"), r->services_delivered},
		    {_("其中家政服务"), r->housekeeping_delivered},
		    {_("上月结余"), r->points_opening},
		    {_("本月获得"), r->points_earned},
		    {_("本月使用"), r->points_spent},
		    {_("本月扣减"), r->points_deducted},
		    {_("月末结余"), r->points_closing},
		};
		for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) {
			snprintf(n[0], sizeof n[0], "%lld", (long long)p[i].v);
			const char *row[] = {p[i].label, n[0]};
			csv_row(f, 2, row);
		}
	}
	{
		const char *h[] = {_("类别"), _("人数"), _("次数"), _("积分")};
		csv_section(f, _("按类别"), 4, h);
		for (int i = 0; i < JF_CATEGORY_COUNT; i++) {
			const jf_month_category *c = &r->categories[i];
			snprintf(n[0], sizeof n[0], "%lld", (long long)c->residents);
			snprintf(n[1], sizeof n[1], "%lld", (long long)c->awards);
			snprintf(n[2], sizeof n[2], "%lld", (long long)c->points);
			const char *row[] = {c->category, n[0], n[1], n[2]};
			csv_row(f, 4, row);
		}
	}
	{
		const char *h[] = {_("编号"), _("活动"), _("类别"), _("次数"), _("积分")};
		csv_section(f, _("按活动"), 5, h);
		for (size_t i = 0; i < r->n_activities; i++) {
			const jf_month_activity *a = &r->activities[i];
			snprintf(n[0], sizeof n[0], "%lld", (long long)a->awards);
			snprintf(n[1], sizeof n[1], "%lld", (long long)a->points);
			const char *row[] = {a->code, a->name, a->category, n[0], n[1]};
			csv_row(f, 5, row);
		}
	}
	{
		const char *h[] = {_("姓名"), _("小区"), _("楼栋"), _("上月结余"),
		                   _("获得"), _("使用"), _("扣减"), _("月末结余")};
		csv_section(f, _("居民积分明细"), 8, h);
		for (size_t i = 0; i < r->n_residents; i++) {
			const jf_month_resident *m = &r->residents[i];
			char name[128];
			shown_name(m, full, name, sizeof name);
			snprintf(n[0], sizeof n[0], "%lld", (long long)m->opening);
			snprintf(n[1], sizeof n[1], "%lld", (long long)m->earned);
			snprintf(n[2], sizeof n[2], "%lld", (long long)m->spent);
			snprintf(n[3], sizeof n[3], "%lld", (long long)m->deducted);
			snprintf(n[4], sizeof n[4], "%lld", (long long)m->closing);
			const char *row[] = {name, m->compound, m->building, n[0],
			                     n[1], n[2],        n[3],        n[4]};
			csv_row(f, 8, row);
		}
	}
	{
		const char *h[] = {_("物品"),   _("类别"), _("单位"),
		                   _("捐赠方"), _("数量"), _("积分")};
		csv_section(f, _("兑换物品"), 6, h);
		for (size_t i = 0; i < r->n_items; i++) {
			const jf_month_item *it = &r->items[i];
			snprintf(n[0], sizeof n[0], "%lld", (long long)it->qty);
			snprintf(n[1], sizeof n[1], "%lld", (long long)it->points);
			const char *row[] = {
			    it->name, kind_label(it->kind), it->unit, it->sponsor, n[0], n[1]};
			csv_row(f, 6, row);
		}
	}
	{
		const char *h[] = {_("服务"), _("类别"), _("捐赠方"), _("兑出"), _("已完成")};
		csv_section(f, _("服务"), 5, h);
		for (size_t i = 0; i < r->n_services; i++) {
			const jf_month_service *s = &r->services[i];
			snprintf(n[0], sizeof n[0], "%lld", (long long)s->issued);
			snprintf(n[1], sizeof n[1], "%lld", (long long)s->fulfilled);
			const char *row[] = {s->name, kind_label(s->kind), s->sponsor, n[0], n[1]};
			csv_row(f, 5, row);
		}
	}
	{
		const char *h[] = {_("捐赠方"), _("类别"), _("物品"), _("单位"),
		                   _("捐赠"),   _("兑出"), _("服务")};
		csv_section(f, _("爱心鸣谢"), 7, h);
		for (size_t i = 0; i < r->n_gifts; i++) {
			const jf_month_gift *g = &r->gifts[i];
			snprintf(n[0], sizeof n[0], "%lld", (long long)g->received);
			snprintf(n[1], sizeof n[1], "%lld", (long long)g->redeemed);
			snprintf(n[2], sizeof n[2], "%lld", (long long)g->fulfilled);
			const char *row[] = {g->sponsor, sponsor_kind_label(g->sponsor_kind),
			                     g->item,    g->unit,
			                     n[0],       n[1],
			                     n[2]};
			csv_row(f, 7, row);
		}
	}
	{
		const char *h[] = {_("日期"), _("操作员"), _("居民"), _("积分"), _("改过居民的日期")};
		csv_section(f, _("操作员给自己新增或修改过的居民赋分"), 5, h);
		for (size_t i = 0; i < r->n_self_awards; i++) {
			const jf_self_award *a = &r->self_awards[i];
			char who[97], day[11], changed[11];
			self_name(a, full, who, sizeof who);
			jf_day_of(a->time, day);
			jf_day_of(a->changed, changed);
			snprintf(n[0], sizeof n[0], "%lld", (long long)a->points);
			const char *row[] = {day, a->operator_name, who, n[0], changed};
			csv_row(f, 5, row);
		}
	}
	{
		const char *h[] = {_("时点"), _("台账条数"), _("校验码")};
		csv_section(f, _("台账校验"), 3, h);
		snprintf(n[0], sizeof n[0], "%lld", (long long)r->entries_month_end);
		snprintf(n[1], sizeof n[1], "%lld", (long long)r->entries_now);
		const char *a[] = {_("月末"), n[0], r->head_month_end};
		const char *b[] = {_("生成时"), n[1], r->head_now};
		csv_row(f, 3, a);
		csv_row(f, 3, b);
	}
}

/* --- HTML ------------------------------------------------------------------- */

static void html_row(FILE *f, int n, const char *const *cells, const char *align, int th)
{
	fputs("<tr>", f);
	for (int i = 0; i < n; i++) {
		const char *tag = th ? "th" : "td";
		if (align && align[i] == 'r')
			fprintf(f, "<%s class=\"n\">", tag);
		else
			fprintf(f, "<%s>", tag);
		jf_html_put(f, cells[i]);
		fprintf(f, "</%s>", tag);
	}
	fputs("</tr>\n", f);
}

static void html_table_start(FILE *f, const char *caption, int n, const char *const *head,
                             const char *align)
{
	fputs("<h2>", f);
	jf_html_put(f, caption);
	fputs("</h2>\n<table>\n<thead>", f);
	html_row(f, n, head, align, 1);
	fputs("</thead>\n<tbody>\n", f);
}

static const char html_style[] =
    "<style>\n"
    "@page { size: A4 portrait; margin: 14mm 12mm 16mm; }\n"
    "html { background: #fff; }\n"
    "body { font-family: \"Noto Serif CJK SC\", \"Source Han Serif SC\", \"Songti SC\", SimSun, "
    "serif;\n"
    "       color: #111; max-width: 186mm; margin: 8mm auto; font-size: 11pt; line-height: 1.5; }\n"
    "header { text-align: center; border-bottom: 3px double #a00; margin-bottom: 4mm; }\n"
    "h1 { color: #a00; font-size: 26pt; letter-spacing: .4em; margin: 0; }\n"
    "header p { margin: 1mm 0 2mm; font-size: 13pt; }\n"
    "h2 { font-size: 13pt; border-left: 5px solid #a00; padding-left: 2mm; margin: 5mm 0 2mm;\n"
    "     break-after: avoid; page-break-after: avoid; }\n"
    "p.lead { text-indent: 2em; }\n"
    "ul.figures { display: flex; flex-wrap: wrap; gap: 2mm 6mm; list-style: none; padding: 0; }\n"
    "ul.figures li b { font-size: 14pt; color: #a00; }\n"
    "table { border-collapse: collapse; width: 100%; font-size: 10pt; }\n"
    "th, td { border: 1px solid #444; padding: 0.6mm 1.5mm; }\n"
    "th { background: #f3e6e6; font-weight: bold; }\n"
    "td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }\n"
    "tfoot td { font-weight: bold; }\n"
    "thead { display: table-header-group; }\n"
    "tr { break-inside: avoid; page-break-inside: avoid; }\n"
    "ul.thanks li { margin-bottom: 1mm; }\n"
    ".hash { font-family: \"DejaVu Sans Mono\", monospace; font-size: 8pt; word-break: break-all; "
    "}\n"
    "footer { margin-top: 8mm; text-align: right; font-size: 12pt; }\n"
    "@media print {\n"
    "  body { margin: 0; max-width: none; font-size: 10.5pt; }\n"
    "  th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n"
    "  a { color: inherit; text-decoration: none; }\n"
    "}\n"
    "</style>\n";

static void write_html(const jf_month_report *r, int full, FILE *f)
{
	char t[256], mt[32], buf[1024], n[9][32], when[20];
	title(r, t, sizeof t);
	month_title(r, mt, sizeof mt);
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
	        jf_i18n_is_english() ? "en" : "zh-CN");
	fputs("<title>", f);
	jf_html_put(f, t);
	fputs(" ", f);
	jf_html_put(f, mt);
	fputs("</title>\n", f);
	fputs(html_style, f);
	fputs("</head>\n<body>\n<header>\n<h1>", f);
	jf_html_put(f, t);
	fputs("</h1>\n<p>", f);
	jf_html_put(f, mt);
	if (r->test) {
		fputs("</p>\n<p><strong>※ ", f);
		jf_html_put(f, _("演示/测试数据库"));
		fputs(" ※</strong>", f);
	}
	fputs("</p>\n</header>\n<p class=\"lead\">", f);
	snprintf(buf, sizeof buf,
	         _("现将%"
	           "s居民积分获得和使用情况公示如下，接受全体居民监督。如有疑问，请向社区工作人员反"
	           "映。"),
	         mt);
	jf_html_put(f, buf);
	fputs("</p>\n", f);

	fputs("<h2>", f);
	jf_html_put(f, _("参与情况"));
	fputs("</h2>\n<ul class=\"figures\">\n", f);
	const struct {
		const char *label;
		int64_t v;
		const char *unit;
	} p[] = {
	    {_("参与居民"), r->participants, _("人")},
	    {_("其中党员"), r->party_participants, _("人")},
	    {_("人居环境整治"), r->cleanups, _("次")},
	    {_("志愿服务"), r->volunteer_services, _("次")},
	    {_("兑换物品和服务"), r->items_redeemed, _("件")},
	    {_("完成家政和社区服务"), r->services_delivered, _("次")},
	    {_("其中家政服务"), r->housekeeping_delivered, _("次")},
	};
	for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) {
		fputs("<li>", f);
		jf_html_put(f, p[i].label);
		fprintf(f, " <b>%lld</b> ", (long long)p[i].v);
		jf_html_put(f, p[i].unit);
		fputs("</li>\n", f);
	}
	fputs("</ul>\n<p>", f);
	snprintf(buf, sizeof buf,
	         _("全体居民：上月结余 %lld 分，本月获得 %lld 分，使用 %lld 分，扣减 %lld "
	           "分，月末结余 %lld 分。"),
	         (long long)r->points_opening, (long long)r->points_earned,
	         (long long)r->points_spent, (long long)r->points_deducted,
	         (long long)r->points_closing);
	jf_html_put(f, buf);
	fputs("</p>\n", f);

	{
		const char *h[] = {_("类别"), _("人数"), _("次数"), _("积分")};
		html_table_start(f, _("按类别"), 4, h, "lrrr");
		for (int i = 0; i < JF_CATEGORY_COUNT; i++) {
			const jf_month_category *c = &r->categories[i];
			snprintf(n[0], sizeof n[0], "%lld", (long long)c->residents);
			snprintf(n[1], sizeof n[1], "%lld", (long long)c->awards);
			snprintf(n[2], sizeof n[2], "%lld", (long long)c->points);
			const char *row[] = {c->category, n[0], n[1], n[2]};
			html_row(f, 4, row, "lrrr", 0);
		}
		fputs("</tbody>\n</table>\n", f);
	}
	if (r->n_activities) {
		const char *h[] = {_("编号"), _("活动"), _("类别"), _("次数"), _("积分")};
		html_table_start(f, _("按活动"), 5, h, "lllrr");
		for (size_t i = 0; i < r->n_activities; i++) {
			const jf_month_activity *a = &r->activities[i];
			snprintf(n[0], sizeof n[0], "%lld", (long long)a->awards);
			snprintf(n[1], sizeof n[1], "%lld", (long long)a->points);
			const char *row[] = {a->code, a->name, a->category, n[0], n[1]};
			html_row(f, 5, row, "lllrr", 0);
		}
		fputs("</tbody>\n</table>\n", f);
	}
	{
		const char *h[] = {_("姓名"), _("小区"), _("上月结余"), _("获得"),
		                   _("使用"), _("扣减"), _("月末结余")};
		html_table_start(f, _("居民积分明细"), 7, h, "llrrrrr");
		for (size_t i = 0; i < r->n_residents; i++) {
			const jf_month_resident *m = &r->residents[i];
			char name[128], where[256];
			shown_name(m, full, name, sizeof name);
			place(m, where, sizeof where);
			snprintf(n[0], sizeof n[0], "%lld", (long long)m->opening);
			snprintf(n[1], sizeof n[1], "%lld", (long long)m->earned);
			snprintf(n[2], sizeof n[2], "%lld", (long long)m->spent);
			snprintf(n[3], sizeof n[3], "%lld", (long long)m->deducted);
			snprintf(n[4], sizeof n[4], "%lld", (long long)m->closing);
			const char *row[] = {name, where, n[0], n[1], n[2], n[3], n[4]};
			html_row(f, 7, row, "llrrrrr", 0);
		}
		fputs("</tbody>\n<tfoot>", f);
		snprintf(buf, sizeof buf, _("合计 %zu 人"), r->n_residents);
		snprintf(n[0], sizeof n[0], "%lld", (long long)r->points_opening);
		snprintf(n[1], sizeof n[1], "%lld", (long long)r->points_earned);
		snprintf(n[2], sizeof n[2], "%lld", (long long)r->points_spent);
		snprintf(n[3], sizeof n[3], "%lld", (long long)r->points_deducted);
		snprintf(n[4], sizeof n[4], "%lld", (long long)r->points_closing);
		const char *row[] = {buf, "", n[0], n[1], n[2], n[3], n[4]};
		html_row(f, 7, row, "llrrrrr", 0);
		fputs("</tfoot>\n</table>\n", f);
	}
	if (r->n_items) {
		const char *h[] = {_("物品"), _("类别"), _("数量"), _("积分")};
		html_table_start(f, _("兑换物品"), 4, h, "llrr");
		for (size_t i = 0; i < r->n_items; i++) {
			const jf_month_item *it = &r->items[i];
			snprintf(n[0], sizeof n[0], "%lld%s", (long long)it->qty, it->unit);
			snprintf(n[1], sizeof n[1], "%lld", (long long)it->points);
			const char *row[] = {it->name, kind_label(it->kind), n[0], n[1]};
			html_row(f, 4, row, "llrr", 0);
		}
		fputs("</tbody>\n</table>\n", f);
	}
	if (r->n_services) {
		const char *h[] = {_("服务"), _("类别"), _("兑出"), _("已完成")};
		html_table_start(f, _("服务"), 4, h, "llrr");
		for (size_t i = 0; i < r->n_services; i++) {
			const jf_month_service *s = &r->services[i];
			snprintf(n[0], sizeof n[0], "%lld", (long long)s->issued);
			snprintf(n[1], sizeof n[1], "%lld", (long long)s->fulfilled);
			const char *row[] = {s->name, kind_label(s->kind), n[0], n[1]};
			html_row(f, 4, row, "llrr", 0);
		}
		fputs("</tbody>\n</table>\n", f);
	}
	if (r->n_gifts) {
		fputs("<h2>", f);
		jf_html_put(f, _("爱心鸣谢"));
		fputs("</h2>\n<ul class=\"thanks\">\n", f);
		for (size_t i = 0; i < r->n_gifts;) {
			size_t j = i;
			fputs("<li>", f);
			snprintf(buf, sizeof buf, _("感谢%s %s："),
			         sponsor_kind_label(r->gifts[i].sponsor_kind), r->gifts[i].sponsor);
			jf_html_put(f, buf);
			for (; j < r->n_gifts && r->gifts[j].sponsor_id == r->gifts[i].sponsor_id;
			     j++) {
				const jf_month_gift *g = &r->gifts[j];
				int m = snprintf(buf, sizeof buf, "%s%s", j > i ? _("；") : "",
				                 g->item);
				if (g->received)
					m += snprintf(buf + m, sizeof buf - (size_t)m,
					              _(" 捐赠 %lld%s"), (long long)g->received,
					              g->unit);
				if (g->redeemed)
					m += snprintf(buf + m, sizeof buf - (size_t)m,
					              _(" 兑出 %lld%s"), (long long)g->redeemed,
					              g->unit);
				if (g->fulfilled)
					snprintf(buf + m, sizeof buf - (size_t)m,
					         _(" 服务 %lld 次"), (long long)g->fulfilled);
				jf_html_put(f, buf);
			}
			fputs("</li>\n", f);
			i = j;
		}
		fputs("</ul>\n", f);
	}
	fputs("<h2>", f);
	jf_html_put(f, _("操作员给自己新增或修改过的居民赋分"));
	fputs("</h2>\n<p>", f);
	snprintf(buf, sizeof buf,
	         _("以下赋分的操作员在赋分前 %d 天内新增或修改过该居民的资料（无法阻止，在此公示）："),
	         JF_SELF_DAYS);
	jf_html_put(f, buf);
	fputs("</p>\n<ul>\n", f);
	if (!r->n_self_awards) {
		fputs("<li>", f);
		jf_html_put(f, _("（本月没有）"));
		fputs("</li>\n", f);
	}
	for (size_t i = 0; i < r->n_self_awards; i++) {
		const jf_self_award *a = &r->self_awards[i];
		char who[97], day[11], changed[11];
		self_name(a, full, who, sizeof who);
		jf_day_of(a->time, day);
		jf_day_of(a->changed, changed);
		snprintf(buf, sizeof buf, _("%s %s 给 %s %+lld 分（%s 改过此居民）"), day,
		         a->operator_name, who, (long long)a->points, changed);
		fputs("<li>", f);
		jf_html_put(f, buf);
		fputs("</li>\n", f);
	}
	fputs("</ul>\n", f);
	fputs("<h2>", f);
	jf_html_put(f, _("台账校验"));
	fputs("</h2>\n<p>", f);
	head_sentence(r, 0, buf, sizeof buf);
	jf_html_put(f, buf);
	fputs("<br><span class=\"hash\">", f);
	jf_html_put(f, r->head_month_end);
	fputs("</span>", f);
	if (!r->month_over || strcmp(r->head_now, r->head_month_end) != 0) {
		fputs("<br>", f);
		head_sentence(r, 1, buf, sizeof buf);
		jf_html_put(f, buf);
		fputs("<br><span class=\"hash\">", f);
		jf_html_put(f, r->head_now);
		fputs("</span>", f);
	}
	if (!r->month_over) {
		fputs("<br>", f);
		jf_html_put(f, _("本月尚未结束，以上为截至生成时的数字。"));
	}
	fputs("<br>", f);
	jf_html_put(f, _("用 jifen audit 可核对台账与校验码是否一致。"));
	fputs("</p>\n<footer>", f);
	jf_html_put(f, r->community);
	jf_time_datetime(r->generated, when, sizeof when);
	when[10] = '\0';
	fputs("<br>", f);
	jf_html_put(f, when);
	fputs("</footer>\n</body>\n</html>\n", f);
}

void jf_month_report_write(const jf_month_report *r, jf_report_format fmt, int full_names, int cols,
                           FILE *f)
{
	switch (fmt) {
	case JF_REPORT_CSV:
		write_csv(r, full_names, f);
		break;
	case JF_REPORT_HTML:
		write_html(r, full_names, f);
		break;
	case JF_REPORT_TEXT:
	default:
		write_text(r, full_names, cols, f);
		break;
	}
}

/* --- the passbook statement -------------------------------------------------- */

jf_status jf_statement_write(jf_db *db, int64_t resident_id, const char *from, const char *to,
                             FILE *f, int cols, int printer)
{
	jf_resident res;
	jf_entry *e = NULL;
	size_t n = 0;
	char today[11], buf[512], right[64], community[128] = "";
	jf_status rv;
	jf_lay o = {.f = f, .cols = cols < 32 ? 32 : cols, .printer = printer};

	jf_day_of(jf_db_now(db), today);
	if (from && *from && !jf_day_valid(from))
		return jf_fail(db, JF_BAD_DATE, _("%s 不是有效日期（应为 YYYY-MM-DD）"), from);
	if (to && *to && !jf_day_valid(to))
		return jf_fail(db, JF_BAD_DATE, _("%s 不是有效日期（应为 YYYY-MM-DD）"), to);
	if (!to || !*to)
		to = today;
	if (from && *from && strcmp(from, to) > 0)
		return jf_fail(db, JF_BAD_DATE, _("起始日 %s 在结束日 %s 之后"), from, to);
	if ((rv = jf_resident_get(db, resident_id, &res)) != JF_OK)
		return rv;
	if ((rv = jf_passbook(db, resident_id, &e, &n)) != JF_OK)
		return rv;
	if (jf_db_meta(db, "community_name", community, sizeof community) != JF_OK)
		community[0] = '\0';

	int64_t opening = 0, earned = 0, spent = 0, closing;
	size_t first = 0;
	for (; first < n && from && *from && strcmp(e[first].day, from) < 0; first++)
		opening += e[first].points;
	closing = opening;

	snprintf(buf, sizeof buf, _("%s积分存折"), community);
	jf_lay_center(&o, buf);
	if (jf_db_is_test(db)) {
		snprintf(buf, sizeof buf, "※ %s ※", _("演示/测试数据库"));
		jf_lay_center(&o, buf);
	}
	jf_lay_rule(&o, '=');
	snprintf(buf, sizeof buf, _("居民：%s"), res.name);
	jf_lay_wrap(&o, buf, 2);
	if (res.compound[0] || res.room[0]) {
		/* 开发楼家属楼 3-2-501 */
		char door[128] = "";
		const char *parts[] = {res.building, res.unit, res.room};
		for (int i = 0; i < 3; i++)
			if (parts[i][0]) {
				size_t k = strlen(door);
				snprintf(door + k, sizeof door - k, "%s%s", k ? "-" : "", parts[i]);
			}
		snprintf(buf, sizeof buf, _("住址：%s %s"), res.compound, door);
		jf_lay_wrap(&o, buf, 2);
	}
	snprintf(buf, sizeof buf, _("期间：%s 至 %s"), from && *from ? from : (n ? e[0].day : to),
	         to);
	jf_lay_wrap(&o, buf, 2);
	jf_lay_rule(&o, '-');
	snprintf(right, sizeof right, _("%lld 分"), (long long)opening);
	jf_lay_lr(&o, _("上期结余"), right);
	for (size_t i = first; i < n && strcmp(e[i].day, to) <= 0; i++) {
		const jf_entry *x = &e[i];
		closing += x->points;
		if (!strcmp(x->kind, "award") || (!strcmp(x->kind, "adjust") && x->points > 0))
			earned += x->points;
		else if (!strcmp(x->kind, "redeem") || !strcmp(x->kind, "void"))
			spent -= x->points;
		snprintf(buf, sizeof buf, "%s %s", x->day, jf_entry_kind_label(x->kind));
		snprintf(right, sizeof right, "%+lld", (long long)x->points);
		jf_lay_lr(&o, buf, right);
		snprintf(buf, sizeof buf, "  %s", x->what);
		snprintf(right, sizeof right, _("余 %lld"), (long long)x->balance_after);
		jf_lay_lr(&o, buf, right);
		if (x->verifier_name[0]) {
			snprintf(buf, sizeof buf, _("  核实：%s"), x->verifier_name);
			jf_lay_wrap(&o, buf, 4);
		}
		if (x->receipt_no[0]) {
			snprintf(buf, sizeof buf, _("  小票：%s"), x->receipt_no);
			jf_lay_wrap(&o, buf, 4);
		}
		if (!strcmp(x->kind, "void") || !strcmp(x->kind, "adjust")) {
			snprintf(buf, sizeof buf, _("  原因：%s"), x->note);
			jf_lay_wrap(&o, buf, 4);
		}
	}
	jf_lay_rule(&o, '-');
	snprintf(right, sizeof right, "%+lld", (long long)earned);
	jf_lay_lr(&o, _("本期获得"), right);
	snprintf(right, sizeof right, "%+lld", (long long)-spent);
	jf_lay_lr(&o, _("本期使用"), right);
	snprintf(right, sizeof right, _("%lld 分"), (long long)closing);
	jf_lay_lr(&o, _("本期结余"), right);
	jf_lay_rule(&o, '=');
	free(e);
	return JF_OK;
}

/* --- on the receipt printer ------------------------------------------------- */

jf_status jf_report_print(const jf_config *cfg, const char *text, char *errbuf, size_t errlen)
{
	jf_escpos b;
	int cols = jf_paper_cols(cfg->paper);
	jf_escpos_begin(&b);
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char line[1024];
		if (n >= sizeof line)
			n = sizeof line - 1;
		memcpy(line, p, n);
		line[n] = '\0';
		jf_escpos_line(&b, line, cols);
		p = nl ? nl + 1 : p + strlen(p);
	}
	jf_escpos_feed(&b, 3);
	jf_escpos_cut(&b);
	if (b.failed) {
		jf_escpos_free(&b);
		snprintf(errbuf, errlen, "%s", jf_status_message(JF_NOMEM));
		return JF_NOMEM;
	}
	jf_status st = jf_printer_send(cfg, b.data, b.len, errbuf, errlen);
	jf_escpos_free(&b);
	return st;
}
