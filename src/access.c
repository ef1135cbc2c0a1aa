/* The access log: who exported residents' personal data, and when. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "jifen/access.h"
#include "jifen/text.h"
#include "layout.h"

static const char *const known[] = {
    JF_ACCESS_RESIDENTS, JF_ACCESS_LEDGER_CSV,   JF_ACCESS_JOURNAL,
    JF_ACCESS_BACKUP,    JF_ACCESS_MONTH_NAMES,
};

const char *jf_access_label(const char *what)
{
	if (!what)
		return "?";
	if (!strcmp(what, JF_ACCESS_RESIDENTS))
		return _("居民名单");
	if (!strcmp(what, JF_ACCESS_LEDGER_CSV))
		return _("台账 CSV");
	if (!strcmp(what, JF_ACCESS_JOURNAL))
		return _("台账 journal");
	if (!strcmp(what, JF_ACCESS_BACKUP))
		return _("数据库备份");
	if (!strcmp(what, JF_ACCESS_MONTH_NAMES))
		return _("月度公示（全名）");
	return what;
}

jf_status jf_access_record(jf_db *db, const jf_op *op, const char *what, const char *detail)
{
	jf_status rv = jf_op_require(db, op, JF_ROLE_STAFF);
	int ok = 0;
	if (rv != JF_OK)
		return rv;
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (what && !strcmp(what, known[i]))
			ok = 1;
	if (!ok)
		return jf_fail(db, JF_INVALID, "%s", what ? what : "");
	char clean[257];
	jf_text_clean(detail ? detail : "", clean, sizeof clean);
	sqlite3_stmt *st = jf_prepare(db, "INSERT INTO access_log(time, operator_id, what, detail)"
	                                  " VALUES (?, ?, ?, ?)");
	if (!st)
		return JF_DB_IO;
	sqlite3_bind_int64(st, 1, jf_db_now(db));
	sqlite3_bind_int64(st, 2, jf_op_id(op));
	jf_bind_text(st, 3, what);
	jf_bind_text(st, 4, clean);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? JF_OK : jf_sql_fail(db, rc);
}

jf_status jf_access_list(jf_db *db, const jf_op *op, jf_access **out, size_t *n)
{
	jf_status rv = jf_op_require(db, op, JF_ROLE_STAFF);
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	if (rv != JF_OK)
		return rv;
	sqlite3_stmt *st = jf_prepare(db, "SELECT a.id, a.time, coalesce(o.login, '?'),"
	                                  " coalesce(o.name, '?'), a.what, a.detail"
	                                  " FROM access_log a LEFT JOIN operators o"
	                                  " ON o.id = a.operator_id ORDER BY a.id");
	if (!st)
		return JF_DB_IO;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		jf_access *a = jf_grow(out, &cap, *n, sizeof **out);
		if (!a) {
			rv = jf_fail(db, JF_NOMEM, NULL);
			goto cleanup;
		}
		a->id = sqlite3_column_int64(st, 0);
		a->time = sqlite3_column_int64(st, 1);
		jf_col_text(st, 2, a->login, sizeof a->login);
		jf_col_text(st, 3, a->name, sizeof a->name);
		jf_col_text(st, 4, a->what, sizeof a->what);
		jf_col_text(st, 5, a->detail, sizeof a->detail);
		(*n)++;
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
