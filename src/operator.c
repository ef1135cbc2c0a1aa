/* Operators: Argon2id PINs, lockout, roles. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "internal.h"
#include "jifen/text.h"

/* Argon2id cost: slow enough to make guessing a 4-digit PIN from a stolen
 * file take real work, small enough for an old counter PC (16 MiB). */
#define PIN_OPSLIMIT 3
#define PIN_MEMLIMIT (16u * 1024 * 1024)

static const struct {
	const char *code;
	const char *label;
} roles[] = {
	[JF_ROLE_VOLUNTEER] = {"volunteer", N_("志愿者")},
	[JF_ROLE_STAFF] = {"staff", N_("工作人员")},
	[JF_ROLE_ADMIN] = {"admin", N_("管理员")},
};

const char *jf_role_label(jf_role role)
{
	if (role < JF_ROLE_VOLUNTEER || role > JF_ROLE_ADMIN)
		return "?";
	return _(roles[role].label);
}

const char *jf_role_code(jf_role role)
{
	if (role < JF_ROLE_VOLUNTEER || role > JF_ROLE_ADMIN)
		return "?";
	return roles[role].code;
}

jf_role jf_role_parse(const char *s)
{
	for (int r = JF_ROLE_VOLUNTEER; r <= JF_ROLE_ADMIN; r++)
		if (s && (strcmp(s, roles[r].code) == 0 || strcmp(s, roles[r].label) == 0))
			return (jf_role)r;
	return 0;
}

int jf_pin_valid(const char *pin)
{
	size_t n = pin ? strlen(pin) : 0;
	if (n < 4 || n > 12)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (pin[i] < '0' || pin[i] > '9')
			return 0;
	return 1;
}

int64_t jf_op_id(const jf_op *op)
{
	return op->id;
}
jf_role jf_op_role(const jf_op *op)
{
	return op->role;
}
const char *jf_op_name(const jf_op *op)
{
	return op->name;
}

void jf_op_free(jf_op *op)
{
	if (op)
		sodium_memzero(op, sizeof *op);
	free(op);
}

jf_status jf_op_require(jf_db *db, const jf_op *op, jf_role role)
{
	if (!op)
		return jf_fail(db, JF_NO_OPERATOR, NULL);
	if (op->role < role)
		return jf_fail(db, JF_DENIED, _("%s（%s）不能执行需要%s权限的操作"), op->name,
		               jf_role_label(op->role), jf_role_label(role));
	/* the writes that follow are this operator's, in the change log */
	jf_db_act(db, op);
	return JF_OK;
}

static jf_status check_login(jf_db *db, const char *login)
{
	size_t n = login ? strlen(login) : 0;
	if (n == 0 || n > JF_LOGIN_MAX)
		return jf_fail(db, JF_INVALID, _("登录名须为 1 到 %d 个字母、数字、点、横线或下划线"),
		               JF_LOGIN_MAX);
	for (size_t i = 0; i < n; i++) {
		char c = login[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '-' || c == '_'))
			return jf_fail(db, JF_INVALID,
			               _("登录名须为 1 到 %d 个字母、数字、点、横线或下划线"),
			               JF_LOGIN_MAX);
	}
	return JF_OK;
}

static jf_status insert_operator(jf_db *db, const char *login, const char *name, jf_role role,
                                 const char *pin, int64_t resident_id)
{
	jf_status rv;
	sqlite3_stmt *st = NULL;
	char hash[crypto_pwhash_STRBYTES];
	int rc;

	if ((rv = check_login(db, login)) != JF_OK ||
	    (rv = jf_check_text(db, _("姓名"), name, 96, 0)) != JF_OK)
		return rv;
	if (role < JF_ROLE_VOLUNTEER || role > JF_ROLE_ADMIN)
		return jf_fail(db, JF_INVALID, _("角色须为 volunteer、staff 或 admin"));
	if (!jf_pin_valid(pin))
		return jf_fail(db, JF_INVALID, _("PIN 须为 4 到 12 位数字"));
	if (crypto_pwhash_str_alg(hash, pin, strlen(pin), PIN_OPSLIMIT, PIN_MEMLIMIT,
	                          crypto_pwhash_ALG_ARGON2ID13) != 0)
		return jf_fail(db, JF_NOMEM, NULL);

	/* logins are matched without case: "Staff" beside "staff" would be
	 * one login */
	st = jf_prepare(db, "SELECT 1 FROM operators WHERE login = ? COLLATE NOCASE");
	if (!st)
		return JF_DB_IO;
	jf_bind_text(st, 1, login);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return jf_fail(db, JF_EXISTS, _("登录名 %s 已被使用"), login);
	st = jf_prepare(db, "INSERT INTO operators(login, name, role, pin_hash, resident_id, created)"
	                    " VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		return JF_DB_IO;
	jf_bind_text(st, 1, login);
	jf_bind_text(st, 2, name);
	jf_bind_text(st, 3, jf_role_code(role));
	jf_bind_text(st, 4, hash);
	if (resident_id > 0)
		sqlite3_bind_int64(st, 5, resident_id);
	else
		sqlite3_bind_null(st, 5);
	sqlite3_bind_int64(st, 6, jf_db_now(db));
	rc = sqlite3_step(st);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		rv = jf_fail(db, JF_EXISTS, _("登录名 %s 已被使用"), login);
	else if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
		rv = jf_fail(db, JF_NOT_FOUND, _("居民编号 %lld"), (long long)resident_id);
	else if (rc != SQLITE_DONE)
		rv = jf_sql_fail(db, rc);
	else
		rv = JF_OK;
	sqlite3_finalize(st);
	sodium_memzero(hash, sizeof hash);
	return rv;
}

jf_status jf_operator_bootstrap(jf_db *db, const char *login, const char *name, const char *pin)
{
	jf_status rv = jf_tx_begin(db);
	if (rv != JF_OK)
		return rv;
	sqlite3_stmt *st = jf_prepare(db, "SELECT count(*) FROM operators");
	if (!st) {
		rv = JF_DB_IO;
		goto cleanup;
	}
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		rv = jf_sql_fail(db, rc);
		goto cleanup;
	}
	if (sqlite3_column_int64(st, 0) > 0) {
		rv = jf_fail(db, JF_DENIED, _("已有操作员，请由管理员添加"));
		goto cleanup;
	}
	if ((rv = insert_operator(db, login, name, JF_ROLE_ADMIN, pin, 0)) != JF_OK)
		goto cleanup;
	sqlite3_finalize(st);
	return jf_tx_commit(db);
cleanup:
	sqlite3_finalize(st);
	jf_tx_rollback(db);
	return rv;
}

jf_status jf_operator_add(jf_db *db, const jf_op *admin, const char *login, const char *name,
                          jf_role role, const char *pin, int64_t resident_id)
{
	jf_status rv = jf_op_require(db, admin, JF_ROLE_ADMIN);
	if (rv != JF_OK)
		return rv;
	if ((rv = jf_tx_begin(db)) != JF_OK)
		return rv;
	if ((rv = insert_operator(db, login, name, role, pin, resident_id)) != JF_OK) {
		jf_tx_rollback(db);
		return rv;
	}
	return jf_tx_commit(db);
}

/* "15:42" if `until` falls on the same local day as `now`, else
 * "2026-06-11 09:05". */
static void lock_end(int64_t until, int64_t now, char *out, size_t outsz)
{
	time_t u = (time_t)until, n = (time_t)now;
	struct tm tu, tn;
	if (!localtime_r(&u, &tu) || !localtime_r(&n, &tn)) {
		snprintf(out, outsz, "%lld", (long long)until);
		return;
	}
	if (tu.tm_year == tn.tm_year && tu.tm_yday == tn.tm_yday)
		strftime(out, outsz, "%H:%M", &tu);
	else
		strftime(out, outsz, "%Y-%m-%d %H:%M", &tu);
}

static jf_status locked_fail(jf_db *db, int64_t until, int64_t now)
{
	char when[32];
	lock_end(until, now, when, sizeof when);
	return jf_fail(db, JF_LOCKED,
	               _("PIN 连续输错 %d 次，已锁定到 %s；到时再试，或请管理员解锁"),
	               JF_PIN_MAX_FAILS, when);
}

/* Take one guess from the operator's allowance before the slow PIN check,
 * in one statement: the guess counts as wrong until the check says it was
 * right, and the JF_PIN_MAX_FAILS-th locks at once.  So however many tries
 * run at the same moment (40 counters, or 40 processes on one file), at
 * most JF_PIN_MAX_FAILS are ever checked per lockout; a count read before
 * the check and written after it would let them all through.  It is its
 * own transaction, so that it counts even though the login fails.
 * *granted is 0 when the operator is locked (*locked_until says until
 * when); else *fails is the count after this guess (0 once it locked) and
 * *locked_until the lock this guess set, or 0. */
static jf_status reserve_guess(jf_db *db, int64_t id, int64_t now, int *granted, int *fails,
                               int64_t *locked_until)
{
	*granted = 0;
	*fails = 0;
	*locked_until = 0;
	sqlite3_stmt *st = jf_prepare(db,
		"UPDATE operators SET"
		" failed_pins = CASE WHEN failed_pins + 1 >= ?1 THEN 0 ELSE failed_pins + 1 END,"
		" locked_until = CASE WHEN failed_pins + 1 >= ?1 THEN ?2 ELSE 0 END"
		" WHERE id = ?3 AND locked_until <= ?4 RETURNING failed_pins, locked_until");
	if (!st)
		return JF_DB_IO;
	sqlite3_bind_int(st, 1, JF_PIN_MAX_FAILS);
	sqlite3_bind_int64(st, 2, now + JF_PIN_LOCK_SECONDS);
	sqlite3_bind_int64(st, 3, id);
	sqlite3_bind_int64(st, 4, now);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*granted = 1;
		*fails = sqlite3_column_int(st, 0);
		*locked_until = sqlite3_column_int64(st, 1);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return jf_sql_fail(db, rc);
	if (*granted)
		return JF_OK;
	/* locked: until when */
	st = jf_prepare(db, "SELECT locked_until FROM operators WHERE id = ?");
	if (!st)
		return JF_DB_IO;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*locked_until = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? JF_OK : jf_sql_fail(db, rc);
}

/* The right PIN: give the guess back and clear the count, and the lock if
 * this guess set it.  A lock that a wrong guess made meanwhile stands. */
static jf_status clear_attempts(jf_db *db, int64_t id, int64_t now, int64_t own_lock)
{
	sqlite3_stmt *st = jf_prepare(db, "UPDATE operators SET failed_pins = 0, locked_until = 0"
	                                  " WHERE id = ?1 AND (locked_until <= ?2 OR locked_until = ?3)");
	if (!st)
		return JF_DB_IO;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, own_lock > 0 ? own_lock : -1);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? JF_OK : jf_sql_fail(db, rc);
}

jf_status jf_login(jf_db *db, const char *login, const char *pin, jf_op **out)
{
	jf_status rv;
	sqlite3_stmt *st = NULL;
	jf_op *op = NULL;
	char hash[crypto_pwhash_STRBYTES];
	*out = NULL;

	if (!login || !*login || strlen(login) > JF_LOGIN_MAX || !pin)
		return jf_fail(db, JF_BAD_PIN, NULL);
	/* logins are matched without case ("Staff" is staff); an exact
	 * match first, should two differ only in case */
	st = jf_prepare(db, "SELECT id, name, role, pin_hash, coalesce(resident_id, 0), active, login"
	                    " FROM operators WHERE login = ?1 COLLATE NOCASE"
	                    " ORDER BY login = ?1 DESC, id LIMIT 1");
	if (!st)
		return JF_DB_IO;
	jf_bind_text(st, 1, login);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		rv = jf_fail(db, JF_BAD_PIN, _("没有登录名为 %s 的操作员"), login);
		goto cleanup;
	}
	if (rc != SQLITE_ROW) {
		rv = jf_sql_fail(db, rc);
		goto cleanup;
	}
	op = calloc(1, sizeof *op);
	if (!op) {
		rv = JF_NOMEM;
		goto cleanup;
	}
	op->id = sqlite3_column_int64(st, 0);
	jf_col_text(st, 1, op->name, sizeof op->name);
	op->role = jf_role_parse((const char *)sqlite3_column_text(st, 2));
	jf_col_text(st, 3, hash, sizeof hash);
	op->resident_id = sqlite3_column_int64(st, 4);
	int active = sqlite3_column_int(st, 5);
	jf_col_text(st, 6, op->login, sizeof op->login);
	login = op->login;
	sqlite3_finalize(st);
	st = NULL;

	int64_t now = jf_db_now(db);
	if (!active) {
		rv = jf_fail(db, JF_DENIED, _("操作员 %s 已停用"), login);
		goto cleanup;
	}
	int granted = 0, fails = 0, counted = 1;
	int64_t until = 0;
	rv = reserve_guess(db, op->id, now, &granted, &fails, &until);
	if (rv == JF_DB_READONLY) {
		/* a read-only copy (a backup on a read-only disk) can count no
		 * guesses; whoever holds it can try PINs against its hashes
		 * without jifen anyway, so the check goes on, uncounted, and the
		 * session can only read */
		granted = 1;
		counted = 0;
		fails = 0;
		until = 0;
	} else if (rv != JF_OK) {
		goto cleanup;
	}
	if (!granted) {
		rv = locked_fail(db, until, now);
		goto cleanup;
	}
	if (crypto_pwhash_str_verify(hash, pin, strlen(pin)) != 0) {
		if (until > now)
			rv = locked_fail(db, until, now);
		else if (!counted)
			rv = jf_fail(db, JF_BAD_PIN, NULL);
		else
			rv = jf_fail(db, JF_BAD_PIN, _("PIN 不对，还可再试 %d 次"),
			             JF_PIN_MAX_FAILS - fails);
		goto cleanup;
	}
	if (counted && (rv = clear_attempts(db, op->id, now, until)) != JF_OK)
		goto cleanup;
	sodium_memzero(hash, sizeof hash);
	jf_db_act(db, op);
	*out = op;
	return JF_OK;
cleanup:
	sodium_memzero(hash, sizeof hash);
	sqlite3_finalize(st);
	jf_op_free(op);
	return rv;
}

jf_status jf_operator_unlock(jf_db *db, const jf_op *admin, const char *login)
{
	jf_status rv = jf_op_require(db, admin, JF_ROLE_ADMIN);
	if (rv != JF_OK)
		return rv;
	sqlite3_stmt *st = jf_prepare(db, "UPDATE operators SET failed_pins = 0, locked_until = 0"
	                                  " WHERE login = ? COLLATE NOCASE");
	if (!st)
		return JF_DB_IO;
	jf_bind_text(st, 1, login);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		rv = jf_sql_fail(db, rc);
	else if (sqlite3_changes(db->sql) == 0)
		rv = jf_fail(db, JF_NOT_FOUND, _("操作员 %s"), login ? login : "");
	sqlite3_finalize(st);
	return rv;
}

jf_status jf_operator_set_pin(jf_db *db, const jf_op *admin, const char *login, const char *pin)
{
	jf_status rv = jf_op_require(db, admin, JF_ROLE_ADMIN);
	if (rv != JF_OK)
		return rv;
	if (!jf_pin_valid(pin))
		return jf_fail(db, JF_INVALID, _("PIN 须为 4 到 12 位数字"));
	char hash[crypto_pwhash_STRBYTES];
	if (crypto_pwhash_str_alg(hash, pin, strlen(pin), PIN_OPSLIMIT, PIN_MEMLIMIT,
	                          crypto_pwhash_ALG_ARGON2ID13) != 0)
		return jf_fail(db, JF_NOMEM, NULL);
	sqlite3_stmt *st = jf_prepare(db, "UPDATE operators SET pin_hash = ?, failed_pins = 0,"
	                                  " locked_until = 0 WHERE login = ? COLLATE NOCASE");
	if (!st)
		return JF_DB_IO;
	jf_bind_text(st, 1, hash);
	jf_bind_text(st, 2, login);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		rv = jf_sql_fail(db, rc);
	else if (sqlite3_changes(db->sql) == 0)
		rv = jf_fail(db, JF_NOT_FOUND, _("操作员 %s"), login);
	sqlite3_finalize(st);
	sodium_memzero(hash, sizeof hash);
	return rv;
}

jf_status jf_operator_list(jf_db *db, jf_operator **out, size_t *n)
{
	jf_status rv = JF_OK;
	jf_operator *v = NULL;
	size_t len = 0, cap = 0;
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = jf_prepare(db, "SELECT id, login, name, role, coalesce(resident_id, 0),"
	                                  " active, failed_pins, locked_until FROM operators"
	                                  " ORDER BY login");
	if (!st)
		return JF_DB_IO;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? cap * 2 : 8;
			jf_operator *nv = realloc(v, cap * sizeof *v);
			if (!nv) {
				rv = JF_NOMEM;
				goto cleanup;
			}
			v = nv;
		}
		jf_operator *o = &v[len++];
		memset(o, 0, sizeof *o);
		o->id = sqlite3_column_int64(st, 0);
		jf_col_text(st, 1, o->login, sizeof o->login);
		jf_col_text(st, 2, o->name, sizeof o->name);
		o->role = jf_role_parse((const char *)sqlite3_column_text(st, 3));
		o->resident_id = sqlite3_column_int64(st, 4);
		o->active = sqlite3_column_int(st, 5);
		o->failed_pins = sqlite3_column_int(st, 6);
		o->locked_until = sqlite3_column_int64(st, 7);
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
