/* Export: the ledger as CSV and as an hledger/ledger journal; backups. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "internal.h"
#include "jifen/access.h"
#include "jifen/catalog.h"
#include "jifen/csv.h"
#include "jifen/export.h"
#include "jifen/ledger.h"
#include "jifen/text.h"
#include "layout.h"

/* A read snapshot unless a transaction is open; 1 if begun.  A snapshot
 * that cannot begin leaves the export reading statement by statement. */
static int snapshot_begin(jf_db *db)
{
	int began;
	(void)jf_read_begin(db, &began);
	return began;
}

/* --- CSV -------------------------------------------------------------------- */

static void local_time(int64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm);
}

/* Record in the access log that `op` takes `what` out, with the number of
 * rows of `table` as the detail.  The row is committed before the export
 * starts: an export that fails half-way is still on the record. */
static jf_status record(jf_db *db, const jf_op *op, const char *what, const char *count_sql)
{
	char detail[64] = "";
	sqlite3_stmt *st = jf_prepare(db, count_sql);
	if (!st)
		return JF_DB_IO;
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(detail, sizeof detail, "%lld", (long long)sqlite3_column_int64(st, 0));
	sqlite3_finalize(st);
	return jf_access_record(db, op, what, detail);
}

jf_status jf_export_csv(jf_db *db, const jf_op *op, FILE *f, int bom)
{
	jf_status rv = jf_op_require(db, op, JF_ROLE_STAFF);
	if (rv != JF_OK)
		return rv;
	if ((rv = record(db, op, JF_ACCESS_LEDGER_CSV, "SELECT count(*) FROM ledger")) != JF_OK)
		return rv;
	int rc, began = snapshot_begin(db);
	sqlite3_stmt *st = jf_prepare(
	    db,
	    "SELECT l.id, l.time, l.day, l.kind, l.resident_id, r.name, l.points, l.balance_after,"
	    " coalesce(a.code, ''), coalesce(a.name, ''), coalesce(a.category, ''),"
	    " coalesce(v.name, ''), coalesce(rc.no, ''), coalesce(l.deed_date, ''), l.ref, l.note,"
	    " o.login, o.name, l.hash"
	    " FROM ledger l JOIN residents r ON r.id = l.resident_id"
	    " JOIN operators o ON o.id = l.operator_id"
	    " LEFT JOIN activities a ON a.id = l.activity_id"
	    " LEFT JOIN verifiers v ON v.id = l.verifier_id"
	    " LEFT JOIN receipts rc ON rc.id = l.receipt_id ORDER BY l.id");
	if (!st) {
		jf_read_end(db, began);
		return JF_DB_IO;
	}
	if (bom)
		fputs("\xEF\xBB\xBF", f);
	const char *head[] = {
	    _("编号"),     _("时间"), _("营业日"), _("类型"),       _("类型名称"),
	    _("居民编号"), _("居民"), _("积分"),   _("余额"),       _("活动编号"),
	    _("活动"),     _("类别"), _("核实人"), _("小票"),       _("好事日期"),
	    _("台账页行"), _("备注"), _("操作员"), _("操作员姓名"), _("校验码"),
	};
	const size_t ncol = sizeof head / sizeof head[0];
	for (size_t i = 0; i < ncol; i++) {
		if (i)
			fputc(',', f);
		jf_csv_write_field(f, head[i]);
	}
	fputs("\r\n", f);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char when[32];
		local_time(sqlite3_column_int64(st, 1), when, sizeof when);
		const char *kind = (const char *)sqlite3_column_text(st, 3);
		const char *cells[] = {
		    (const char *)sqlite3_column_text(st, 0),
		    when,
		    (const char *)sqlite3_column_text(st, 2),
		    kind,
		    jf_entry_kind_label(kind),
		    (const char *)sqlite3_column_text(st, 4),
		    (const char *)sqlite3_column_text(st, 5),
		    (const char *)sqlite3_column_text(st, 6),
		    (const char *)sqlite3_column_text(st, 7),
		    (const char *)sqlite3_column_text(st, 8),
		    (const char *)sqlite3_column_text(st, 9),
		    (const char *)sqlite3_column_text(st, 10),
		    (const char *)sqlite3_column_text(st, 11),
		    (const char *)sqlite3_column_text(st, 12),
		    (const char *)sqlite3_column_text(st, 13),
		    (const char *)sqlite3_column_text(st, 14),
		    (const char *)sqlite3_column_text(st, 15),
		    (const char *)sqlite3_column_text(st, 16),
		    (const char *)sqlite3_column_text(st, 17),
		    (const char *)sqlite3_column_text(st, 18),
		};
		for (size_t i = 0; i < ncol; i++) {
			if (i)
				fputc(',', f);
			/* numbers and codes as they are; what people typed, guarded */
			if (i == 0 || i == 5 || i == 7 || i == 8)
				jf_csv_write_field(f, cells[i]);
			else
				jf_csv_write_text(f, cells[i]);
		}
		fputs("\r\n", f);
	}
	if (rc != SQLITE_DONE)
		rv = jf_sql_fail(db, rc);
	sqlite3_finalize(st);
	jf_read_end(db, began);
	return rv;
}

/* --- residents -------------------------------------------------------------- */

jf_status jf_export_residents(jf_db *db, const jf_op *op, FILE *f, int bom, size_t *count)
{
	/* the column names `resident import` reads back, never translated */
	static const char *const head[] = {"姓名", "手机", "小区", "楼栋",
	                                   "单元", "房号", "卡号", "党员"};
	const size_t ncol = sizeof head / sizeof head[0];
	jf_status rv = jf_op_require(db, op, JF_ROLE_STAFF);
	int rc, began;
	if (count)
		*count = 0;
	if (rv != JF_OK)
		return rv;
	if ((rv = record(db, op, JF_ACCESS_RESIDENTS,
	                 "SELECT count(*) FROM residents WHERE active = 1")) != JF_OK)
		return rv;
	began = snapshot_begin(db);
	sqlite3_stmt *st = jf_prepare(db, "SELECT name, phone, compound, building, unit, room,"
	                                  " coalesce(card, ''), party FROM residents"
	                                  " WHERE active = 1 ORDER BY pinyin, name, id");
	if (!st) {
		jf_read_end(db, began);
		return JF_DB_IO;
	}
	if (bom)
		fputs("\xEF\xBB\xBF", f);
	for (size_t i = 0; i < ncol; i++) {
		if (i)
			fputc(',', f);
		jf_csv_write_field(f, head[i]);
	}
	fputs("\r\n", f);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < 7; i++) {
			if (i)
				fputc(',', f);
			jf_csv_write_text(f, (const char *)sqlite3_column_text(st, i));
		}
		fputc(',', f);
		jf_csv_write_field(f, sqlite3_column_int(st, 7) ? "是" : "否");
		fputs("\r\n", f);
		if (count)
			(*count)++;
	}
	if (rc != SQLITE_DONE)
		rv = jf_sql_fail(db, rc);
	sqlite3_finalize(st);
	jf_read_end(db, began);
	return rv;
}

/* --- the journal ------------------------------------------------------------ */

static void resident_account(const char *name, int64_t id, char *out, size_t len)
{
	char part[300];
	jf_journal_account(name, part, sizeof part);
	snprintf(out, len, "%s:%s #%lld", _("居民"), part, (long long)id);
}

/* Running balances per resident, in journal order (dense ids). */
typedef struct {
	int64_t *v;
	size_t cap;
} balances;

static int64_t *balance_at(balances *b, int64_t id)
{
	if (id < 0)
		return NULL;
	if ((size_t)id >= b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		while (cap <= (size_t)id)
			cap *= 2;
		int64_t *nv = realloc(b->v, cap * sizeof *nv);
		if (!nv)
			return NULL;
		memset(nv + b->cap, 0, (cap - b->cap) * sizeof *nv);
		b->v = nv;
		b->cap = cap;
	}
	return &b->v[id];
}

static jf_status journal_header(jf_db *db, FILE *f)
{
	char name[128] = "", code[64] = "", when[32], head[65] = "";
	int64_t n = 0;
	if (jf_db_meta(db, "community_name", name, sizeof name) != JF_OK)
		name[0] = '\0';
	if (jf_db_meta(db, "community_code", code, sizeof code) != JF_OK)
		code[0] = '\0';
	local_time(jf_db_now(db), when, sizeof when);
	jf_status rv = jf_ledger_head(db, head);
	if (rv != JF_OK)
		return rv;
	sqlite3_stmt *st = jf_prepare(db, "SELECT count(*) FROM ledger");
	if (!st)
		return JF_DB_IO;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	char line[512], code_text[200];
	jf_journal_text(name, line, sizeof line);
	jf_journal_text(code, code_text, sizeof code_text);
	fprintf(f, _("; jifen 积分台账：%s（%s），导出于 %s\n"), line, code_text, when);
	fprintf(f, _("; 共 %lld 条，末条校验码 %s\n"), (long long)n, head[0] ? head : "-");
	fprintf(
	    f, "%s",
	    _("; 用 hledger -f 本文件 balance 查看，单位“分”；格式见 man 5 jifen-ledger。\n"
	      "; 居民:姓名 #编号 是居民的积分存折；积分发放 是赋分的来源，积分兑换 是兑出的物品，\n"
	      "; 积分调整 是更正。带 = 的数字是 jifen 记录的余额（平衡断言）。\n"));
	return JF_OK;
}

/* The commodity and every account the transactions post to, declared
 * before them, so that `hledger check --strict` and `ledger --strict`
 * accept the journal: the same names the transactions below build. */
static jf_status journal_declarations(jf_db *db, FILE *f)
{
	char acct[400], part[300], part2[300], code_name[400];
	jf_status rv = JF_OK;
	int rc;
	fprintf(f, "\ncommodity 分\n");
	sqlite3_stmt *st = jf_prepare(db, "SELECT r.id, r.name FROM residents r WHERE EXISTS"
	                                  " (SELECT 1 FROM ledger l WHERE l.resident_id = r.id)"
	                                  " ORDER BY r.id");
	if (!st)
		return JF_DB_IO;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		resident_account((const char *)sqlite3_column_text(st, 1), sqlite3_column_int64(st, 0),
		                 acct, sizeof acct);
		fprintf(f, "account %s\n", acct);
	}
	if (rc != SQLITE_DONE)
		rv = jf_sql_fail(db, rc);
	sqlite3_finalize(st);
	if (rv != JF_OK)
		return rv;
	st = jf_prepare(db, "SELECT DISTINCT a.category, a.code, a.name FROM ledger l"
	                    " JOIN activities a ON a.id = l.activity_id WHERE l.kind = 'award'"
	                    " ORDER BY a.category, a.code");
	if (!st)
		return JF_DB_IO;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		jf_journal_account((const char *)sqlite3_column_text(st, 0), part, sizeof part);
		snprintf(code_name, sizeof code_name, "%s %s", (const char *)sqlite3_column_text(st, 1),
		         (const char *)sqlite3_column_text(st, 2));
		jf_journal_account(code_name, part2, sizeof part2);
		fprintf(f, "account %s:%s:%s\n", _("积分发放"), part, part2);
	}
	if (rc != SQLITE_DONE)
		rv = jf_sql_fail(db, rc);
	sqlite3_finalize(st);
	if (rv != JF_OK)
		return rv;
	st = jf_prepare(db, "SELECT DISTINCT i.kind, i.name FROM receipt_lines rl"
	                    " JOIN items i ON i.id = rl.item_id WHERE rl.receipt_id IN"
	                    " (SELECT receipt_id FROM ledger WHERE receipt_id IS NOT NULL)"
	                    " ORDER BY i.kind, i.name");
	if (!st)
		return JF_DB_IO;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		jf_item_kind k = jf_item_kind_parse((const char *)sqlite3_column_text(st, 0));
		jf_journal_account(k ? jf_item_kind_label(k) : "?", part, sizeof part);
		jf_journal_account((const char *)sqlite3_column_text(st, 1), part2, sizeof part2);
		fprintf(f, "account %s:%s:%s\n", _("积分兑换"), part, part2);
	}
	if (rc != SQLITE_DONE)
		rv = jf_sql_fail(db, rc);
	sqlite3_finalize(st);
	fprintf(f, "account %s\n", _("积分调整"));
	return rv;
}

jf_status jf_export_journal(jf_db *db, const jf_op *op, FILE *f)
{
	jf_status rv = jf_op_require(db, op, JF_ROLE_STAFF);
	balances bal = {0};
	sqlite3_stmt *st = NULL, *lines = NULL;
	int rc, began;
	if (rv != JF_OK)
		return rv;
	if ((rv = record(db, op, JF_ACCESS_JOURNAL, "SELECT count(*) FROM ledger")) != JF_OK)
		return rv;
	began = snapshot_begin(db);

	if ((rv = journal_header(db, f)) != JF_OK || (rv = journal_declarations(db, f)) != JF_OK)
		goto cleanup;
	st = jf_prepare(
	    db,
	    "SELECT l.id, l.day, l.kind, l.resident_id, r.name, l.points, l.balance_after,"
	    " coalesce(a.code, ''), coalesce(a.name, ''), coalesce(a.category, ''),"
	    " coalesce(v.name, ''), coalesce(rc.no, ''), coalesce(l.deed_date, ''), l.ref, l.note,"
	    " o.name, coalesce(l.receipt_id, 0)"
	    " FROM ledger l JOIN residents r ON r.id = l.resident_id"
	    " JOIN operators o ON o.id = l.operator_id"
	    " LEFT JOIN activities a ON a.id = l.activity_id"
	    " LEFT JOIN verifiers v ON v.id = l.verifier_id"
	    " LEFT JOIN receipts rc ON rc.id = l.receipt_id ORDER BY l.day, l.id");
	lines = jf_prepare(db, "SELECT i.kind, i.name, rl.qty, rl.qty * rl.points_each"
	                       " FROM receipt_lines rl JOIN items i ON i.id = rl.item_id"
	                       " WHERE rl.receipt_id = ? ORDER BY rl.line");
	if (!st || !lines) {
		rv = JF_DB_IO;
		goto cleanup;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *day = (const char *)sqlite3_column_text(st, 1);
		const char *kind = (const char *)sqlite3_column_text(st, 2);
		int64_t rid = sqlite3_column_int64(st, 3);
		int64_t points = sqlite3_column_int64(st, 5);
		int64_t after = sqlite3_column_int64(st, 6);
		int64_t receipt = sqlite3_column_int64(st, 16);
		char acct[400], desc[600], what[400], note[400], who[200], part[300], part2[300];
		char day_text[32], deed[32];

		/* a day is a date; one that the file-holder made otherwise stays on its line */
		jf_journal_text(day, day_text, sizeof day_text);
		jf_journal_text((const char *)sqlite3_column_text(st, 12), deed, sizeof deed);

		jf_journal_text((const char *)sqlite3_column_text(st, 14), note, sizeof note);
		jf_journal_text((const char *)sqlite3_column_text(st, 15), who, sizeof who);
		resident_account((const char *)sqlite3_column_text(st, 4), rid, acct, sizeof acct);
		if (!strcmp(kind, "award")) {
			jf_journal_text((const char *)sqlite3_column_text(st, 8), what, sizeof what);
			snprintf(desc, sizeof desc, "%s %s", jf_entry_kind_label(kind), what);
		} else if (receipt) {
			jf_journal_text((const char *)sqlite3_column_text(st, 11), what, sizeof what);
			snprintf(desc, sizeof desc, _("%s 小票 %s%s%s"), jf_entry_kind_label(kind),
			         what, note[0] ? " " : "", note);
		} else {
			snprintf(desc, sizeof desc, "%s %s", jf_entry_kind_label(kind), note);
		}
		fprintf(f, "\n%s * %s  ; jifen:%lld", day_text, desc, (long long)id);
		if (!strcmp(kind, "award")) {
			jf_journal_text((const char *)sqlite3_column_text(st, 10), what, sizeof what);
			fprintf(f, _(", 核实:%s, 好事日期:%s"), what, deed);
			jf_journal_text((const char *)sqlite3_column_text(st, 13), what, sizeof what);
			if (what[0])
				fprintf(f, _(", 台账:%s"), what);
			if (note[0])
				fprintf(f, _(", 备注:%s"), note);
		}
		fprintf(f, _(", 经手:%s\n"), who);

		int64_t *b = balance_at(&bal, rid);
		if (!b) {
			rv = jf_fail(db, JF_NOMEM, NULL);
			goto cleanup;
		}
		*b += points;
		if (*b == after)
			fprintf(f, "    %s  %lld 分 = %lld 分\n", acct, (long long)points,
			        (long long)after);
		else
			fprintf(f, "    %s  %lld 分\n", acct, (long long)points);

		if (!strcmp(kind, "award")) {
			char code_name[400];
			jf_journal_account((const char *)sqlite3_column_text(st, 9), part, sizeof part);
			snprintf(code_name, sizeof code_name, "%s %s",
			         (const char *)sqlite3_column_text(st, 7),
			         (const char *)sqlite3_column_text(st, 8));
			jf_journal_account(code_name, part2, sizeof part2);
			fprintf(f, "    %s:%s:%s\n", _("积分发放"), part, part2);
		} else if (receipt) {
			/* each line of the receipt, reversed for a void */
			int sign = !strcmp(kind, "redeem") ? 1 : -1;
			sqlite3_reset(lines);
			sqlite3_bind_int64(lines, 1, receipt);
			while ((rc = sqlite3_step(lines)) == SQLITE_ROW) {
				jf_item_kind k =
				    jf_item_kind_parse((const char *)sqlite3_column_text(lines, 0));
				jf_journal_account(k ? jf_item_kind_label(k) : "?", part, sizeof part);
				jf_journal_account((const char *)sqlite3_column_text(lines, 1), part2,
				             sizeof part2);
				fprintf(f, "    %s:%s:%s  %lld 分  ; ×%lld\n", _("积分兑换"), part,
				        part2, (long long)(sign * sqlite3_column_int64(lines, 3)),
				        (long long)sqlite3_column_int64(lines, 2));
			}
			if (rc != SQLITE_DONE) {
				rv = jf_sql_fail(db, rc);
				goto cleanup;
			}
		} else {
			fprintf(f, "    %s\n", _("积分调整"));
		}
	}
	if (rc != SQLITE_DONE)
		rv = jf_sql_fail(db, rc);
cleanup:
	sqlite3_finalize(st);
	sqlite3_finalize(lines);
	jf_read_end(db, began);
	free(bal.v);
	return rv;
}

/* --- backup ----------------------------------------------------------------- */

static void remove_copy(const char *path)
{
	char side[4200];
	unlink(path);
	snprintf(side, sizeof side, "%s-journal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

jf_status jf_backup(jf_db *db, const jf_op *op, const char *path, jf_progress_fn progress,
                    void *arg)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *bk = NULL;
	jf_status rv = jf_op_require(db, op, JF_ROLE_STAFF);
	int rc, created = 0;
	if (rv != JF_OK)
		return rv;
	if (!path || !*path)
		return jf_fail(db, JF_INVALID, "%s", _("没有给出备份文件名"));
	if (strlen(path) >= 4096)
		return jf_fail(db, JF_TOO_LONG, "%s", path);

	/* Created here, owner-only: it holds residents' names and phones. */
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return jf_fail(db, JF_EXISTS, _("%s 已存在，不会覆盖"), path);
		return jf_fail(db, JF_DB_IO, "%s: %s", path, strerror(errno));
	}
	close(fd);
	created = 1;
	/* recorded before the copy, so that the copy holds its own record */
	if ((rv = jf_access_record(db, op, JF_ACCESS_BACKUP, path)) != JF_OK)
		goto fail;
	rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		rv = jf_fail(db, JF_DB_IO, "%s: %s", path, dst ? sqlite3_errmsg(dst) : "");
		goto fail;
	}
	bk = sqlite3_backup_init(dst, "main", db->sql, "main");
	if (!bk) {
		rv = jf_fail(db, JF_DB_IO, "%s: %s", path, sqlite3_errmsg(dst));
		goto fail;
	}
	/* In steps, so that a counter writing meanwhile waits a moment at most. */
	for (;;) {
		rc = sqlite3_backup_step(bk, 256);
		if (progress)
			progress(
			    (size_t)(sqlite3_backup_pagecount(bk) - sqlite3_backup_remaining(bk)),
			    (size_t)sqlite3_backup_pagecount(bk), arg);
		if (rc == SQLITE_DONE)
			break;
		if (rc == SQLITE_OK)
			continue;
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
			sqlite3_sleep(50);
			continue;
		}
		rv = jf_fail(db, rc == SQLITE_FULL ? JF_DB_FULL : JF_DB_IO, "%s: %s", path,
		             sqlite3_errstr(rc));
		goto fail;
	}
	rc = sqlite3_backup_finish(bk);
	bk = NULL;
	if (rc != SQLITE_OK) {
		rv = jf_fail(db, JF_DB_IO, "%s: %s", path, sqlite3_errmsg(dst));
		goto fail;
	}
	/* One self-contained file, and check what was written. */
	sqlite3_stmt *st = NULL;
	rc = sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(dst, "PRAGMA quick_check", -1, &st, NULL);
	if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
	    strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0) {
		sqlite3_finalize(st);
	} else {
		rv = jf_fail(db, JF_DB_IO, _("%s 写入后校验失败：%s"), path, sqlite3_errmsg(dst));
		sqlite3_finalize(st);
		goto fail;
	}
	if (sqlite3_close(dst) != SQLITE_OK) {
		rv = jf_fail(db, JF_DB_IO, "%s: %s", path, sqlite3_errmsg(dst));
		dst = NULL;
		goto fail;
	}
	return JF_OK;
fail:
	if (bk)
		sqlite3_backup_finish(bk);
	if (dst)
		sqlite3_close(dst);
	if (created)
		remove_copy(path);
	return rv;
}
