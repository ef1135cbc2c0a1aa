/* The clock of new entries (see jifen/clock.h): the floor below which no
 * entry is dated, the jump ahead that needs a confirm, and the
 * administrator's recorded steps. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "jifen/clock.h"
#include "layout.h"

#define JUMP_SECONDS ((int64_t)JF_CLOCK_JUMP_DAYS * 86400)

/* The newest row of each entry table at the last correction: entries up to
 * these came before it and no longer set the floor. */
typedef struct {
	int64_t id, time;
	int64_t ids[5]; /* ledger, stock_moves, voucher_events, day_closes (rowid), day_events */
} correction;

static jf_status last_correction(jf_db *db, correction *c)
{
	memset(c, 0, sizeof *c);
	sqlite3_stmt *st = jf_cached(db, "SELECT id, time, ledger_id, stock_id, voucher_event_id,"
	                                  " day_close_id, day_event_id FROM clock_events"
	                                  " WHERE kind = 'correct' ORDER BY id DESC LIMIT 1");
	if (!st)
		return JF_DB_IO;
	int rc = sqlite3_step(st);
	jf_status rv = JF_OK;
	if (rc == SQLITE_ROW) {
		c->id = sqlite3_column_int64(st, 0);
		c->time = sqlite3_column_int64(st, 1);
		for (int i = 0; i < 5; i++)
			c->ids[i] = sqlite3_column_int64(st, 2 + i);
	} else if (rc != SQLITE_DONE) {
		rv = jf_sql_fail(db, rc);
	}
	jf_release(db, st);
	return rv;
}

/* The newest entry of each table (the newest row by id: entries are
 * appended in time order) written after the correction c, and the steps
 * recorded since it: the latest time, *has 0 if there is none. */
static jf_status latest_since(jf_db *db, const correction *c, int64_t *latest, int *has)
{
	sqlite3_stmt *st = jf_cached(
	    db, "SELECT max(t) FROM ("
	        " SELECT time AS t FROM (SELECT id, time FROM ledger ORDER BY id DESC LIMIT 1)"
	        "  WHERE id > ?1"
	        " UNION ALL SELECT time FROM (SELECT id, time FROM stock_moves"
	        "  ORDER BY id DESC LIMIT 1) WHERE id > ?2"
	        " UNION ALL SELECT time FROM (SELECT id, time FROM voucher_events"
	        "  ORDER BY id DESC LIMIT 1) WHERE id > ?3"
	        " UNION ALL SELECT time FROM (SELECT rowid AS id, time FROM day_closes"
	        "  ORDER BY rowid DESC LIMIT 1) WHERE id > ?4"
	        " UNION ALL SELECT time FROM (SELECT id, time FROM day_events"
	        "  ORDER BY id DESC LIMIT 1) WHERE id > ?5"
	        " UNION ALL SELECT max(time) FROM clock_events WHERE id >= ?6)");
	if (!st)
		return JF_DB_IO;
	for (int i = 0; i < 5; i++)
		sqlite3_bind_int64(st, i + 1, c->ids[i]);
	sqlite3_bind_int64(st, 6, c->id);
	int rc = sqlite3_step(st);
	jf_status rv = JF_OK;
	*has = 0;
	*latest = 0;
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
			*has = 1;
			*latest = sqlite3_column_int64(st, 0);
		}
	} else {
		rv = jf_sql_fail(db, rc);
	}
	jf_release(db, st);
	return rv;
}

/* The state at the clock `now`.  The floor is the latest entry; on a real
 * database with no correction yet, also its creation (a test or demo
 * database may be filled with a history dated before it was made). */
static jf_status state_at(jf_db *db, int64_t now, jf_clock_info *s, int64_t *created)
{
	correction c;
	jf_status rv;
	memset(s, 0, sizeof *s);
	*created = 0;
	s->now = now;
	s->real = (int64_t)time(NULL);
	s->test = db->test_clock;
	if ((rv = last_correction(db, &c)) != JF_OK ||
	    (rv = latest_since(db, &c, &s->latest, &s->has_latest)) != JF_OK)
		return rv;
	s->floor = s->has_latest ? s->latest : 0;
	if (!db->test_clock && !c.id) {
		char buf[32];
		if (jf_db_meta(db, "created", buf, sizeof buf) == JF_OK)
			*created = strtoll(buf, NULL, 10);
		else
			db->error[0] = '\0';
		if (*created > s->floor)
			s->floor = *created;
	}
	s->behind = s->floor && now < s->floor;
	/* A clock set on a test or demo database jumps on purpose (a demo's
	 * history, a test of next month); the computer's clock must not. */
	s->ahead = s->has_latest && !db->fixed_time && now > s->latest + JUMP_SECONDS;
	return JF_OK;
}

jf_status jf_clock_check(jf_db *db)
{
	int64_t now = jf_db_now(db), created;
	jf_clock_info s;
	char at[20], floor[20];
	if (db->clock_checked && db->clock_checked == now)
		return JF_OK;
	jf_status rv = state_at(db, now, &s, &created);
	if (rv != JF_OK)
		return rv;
	jf_time_datetime(now, at, sizeof at);
	if (s.behind) {
		jf_time_datetime(s.floor, floor, sizeof floor);
		if (!s.has_latest || s.floor == created)
			return jf_fail(db, JF_CLOCK,
			               _("时钟 %s 早于数据库建立的时间 %s。请调对电脑的日期和时间；"
			                 "时钟没错时由管理员运行 jifen clock correct --reason 原因"),
			               at, floor);
		return jf_fail(db, JF_CLOCK,
		               _("时钟 %s 早于最近一笔记录 %s。请调对电脑的日期和时间；"
		                 "时钟没错时由管理员运行 jifen clock correct --reason 原因"),
		               at, floor);
	}
	if (s.ahead) {
		jf_time_datetime(s.latest, floor, sizeof floor);
		return jf_fail(db, JF_CLOCK,
		               _("时钟 %s 比最近一笔记录 %s 晚了 %lld 天。请检查日期；"
		                 "日期没错（如停业多日）时由管理员运行 jifen clock confirm --reason 原因"),
		               at, floor, (long long)((now - s.latest) / 86400));
	}
	db->clock_checked = now;
	return JF_OK;
}

static jf_status count_events(jf_db *db, size_t *n)
{
	sqlite3_stmt *st = jf_prepare(db, "SELECT count(*) FROM clock_events");
	if (!st)
		return JF_DB_IO;
	int rc = sqlite3_step(st);
	jf_status rv = JF_OK;
	if (rc == SQLITE_ROW)
		*n = (size_t)sqlite3_column_int64(st, 0);
	else
		rv = jf_sql_fail(db, rc);
	sqlite3_finalize(st);
	return rv;
}

jf_status jf_clock_status(jf_db *db, jf_clock_info *out)
{
	int64_t created;
	jf_status rv = state_at(db, jf_db_now(db), out, &created);
	if (rv == JF_OK)
		rv = count_events(db, &out->n_events);
	return rv;
}

jf_status jf_clock_events(jf_db *db, const char *day, jf_clock_event **out, size_t *n)
{
	jf_clock_event *v = NULL;
	size_t len = 0, cap = 0;
	jf_status rv = JF_OK;
	int rc;
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = jf_prepare(db, "SELECT e.id, e.time, e.day, e.kind, o.name, e.reason,"
	                                  " e.latest FROM clock_events e"
	                                  " LEFT JOIN operators o ON o.id = e.operator_id"
	                                  " WHERE ?1 IS NULL OR e.day = ?1 ORDER BY e.id");
	if (!st)
		return JF_DB_IO;
	jf_bind_text(st, 1, day);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		jf_clock_event *e = jf_grow(&v, &cap, len, sizeof *v);
		if (!e) {
			rv = jf_fail(db, JF_NOMEM, NULL);
			goto cleanup;
		}
		e->id = sqlite3_column_int64(st, 0);
		e->time = sqlite3_column_int64(st, 1);
		jf_col_text(st, 2, e->day, sizeof e->day);
		jf_col_text(st, 3, e->kind, sizeof e->kind);
		jf_col_text(st, 4, e->operator_name, sizeof e->operator_name);
		jf_col_text(st, 5, e->reason, sizeof e->reason);
		e->latest = sqlite3_column_int64(st, 6);
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

static jf_status newest_id(jf_db *db, const char *sql, int64_t *id)
{
	sqlite3_stmt *st = jf_prepare(db, sql);
	if (!st)
		return JF_DB_IO;
	int rc = sqlite3_step(st);
	jf_status rv = JF_OK;
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	else
		rv = jf_sql_fail(db, rc);
	sqlite3_finalize(st);
	return rv;
}

static jf_status record(jf_db *db, const jf_op *op, const char *kind, const char *reason)
{
	static const char *const newest[5] = {
		"SELECT coalesce(max(id), 0) FROM ledger",
		"SELECT coalesce(max(id), 0) FROM stock_moves",
		"SELECT coalesce(max(id), 0) FROM voucher_events",
		"SELECT coalesce(max(rowid), 0) FROM day_closes",
		"SELECT coalesce(max(id), 0) FROM day_events",
	};
	int64_t now = jf_db_now(db), created, ids[5] = {0};
	jf_clock_info s;
	char day[11], at[20], latest[20];
	sqlite3_stmt *st = NULL;
	int correct = strcmp(kind, "correct") == 0;
	jf_status rv = jf_op_require(db, op, JF_ROLE_ADMIN);
	if (rv != JF_OK)
		return rv;
	if (!reason || !*reason)
		return jf_fail(db, JF_INVALID, _("请用 --reason 说明原因"));
	if ((rv = jf_check_text(db, _("原因"), reason, JF_NOTE_MAX, 0)) != JF_OK)
		return rv;
	jf_day_of(now, day);
	if (!jf_day_valid(day))
		return jf_fail(db, JF_BAD_DATE, _("电脑时钟是 %s，不是可以记账的日期"), day);
	if ((rv = jf_tx_begin(db)) != JF_OK)
		return rv;
	if ((rv = state_at(db, now, &s, &created)) != JF_OK)
		goto fail;
	jf_time_datetime(now, at, sizeof at);
	jf_time_datetime(s.floor, latest, sizeof latest);
	if (correct && !s.behind) {
		rv = jf_fail(db, JF_INVALID,
		             s.floor ? _("电脑时钟 %s 不早于最近一笔记录（%s），不需要更正")
		                     : _("电脑时钟 %s：还没有记录，不需要更正"),
		             at, latest);
		goto fail;
	}
	if (!correct && !s.ahead) {
		rv = jf_fail(db, JF_INVALID,
		             _("电脑时钟 %s 没有比最近一笔记录晚 %d 天以上，不需要确认"), at,
		             JF_CLOCK_JUMP_DAYS);
		goto fail;
	}
	for (int i = 0; i < 5; i++)
		if ((rv = newest_id(db, newest[i], &ids[i])) != JF_OK)
			goto fail;
	st = jf_prepare(db, "INSERT INTO clock_events(time, day, kind, operator_id, reason, latest,"
	                    " ledger_id, stock_id, voucher_event_id, day_close_id, day_event_id)"
	                    " VALUES (?,?,?,?,?,?,?,?,?,?,?)");
	if (!st) {
		rv = JF_DB_IO;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, now);
	jf_bind_text(st, 2, day);
	jf_bind_text(st, 3, kind);
	sqlite3_bind_int64(st, 4, jf_op_id(op));
	jf_bind_text(st, 5, reason);
	sqlite3_bind_int64(st, 6, s.has_latest ? s.latest : s.floor);
	for (int i = 0; i < 5; i++)
		sqlite3_bind_int64(st, 7 + i, ids[i]);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		rv = jf_sql_fail(db, rc);
		goto fail;
	}
	return jf_tx_commit(db);
fail:
	jf_tx_rollback(db);
	return rv;
}

jf_status jf_clock_confirm(jf_db *db, const jf_op *op, const char *reason)
{
	return record(db, op, "confirm", reason);
}

jf_status jf_clock_correct(jf_db *db, const jf_op *op, const char *reason)
{
	return record(db, op, "correct", reason);
}

const char *jf_clock_mark(const jf_db *db)
{
	return jf_db_is_test(db) ? _("演示/测试数据库") : "";
}
