/* The database file: create, open, migrate, transactions, errors. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include <sodium.h>

#include "internal.h"
#include "jifen/text.h"
#include "jifen/report.h"

/* How long a handle waits for another counter's lock, unless
 * jf_db_set_busy_timeout says otherwise. */
#define JF_BUSY_TIMEOUT_MS 5000

/* "JFEN": marks a file as a jifen database (PRAGMA application_id). */
#define JF_APPLICATION_ID 0x4A46454E

extern const char *const jf_schema_migrations[];

int jf_db_schema_version(void)
{
	int n = 0;
	while (jf_schema_migrations[n])
		n++;
	return n;
}

void jf_strlcpy(char *dst, const char *src, size_t len)
{
	if (!len)
		return;
	if (!src)
		src = "";
	size_t n = strlen(src);
	if (n >= len)
		n = len - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void set_error(char *buf, size_t len, jf_status st, const char *fmt, va_list ap)
{
	int n = snprintf(buf, len, "%s", jf_status_message(st));
	if (fmt && n >= 0 && (size_t)n < len) {
		/* Chinese full-width colon, or ": " in English */
		int m = snprintf(buf + n, len - n, "%s", jf_i18n_is_english() ? ": " : "：");
		if (m >= 0 && (size_t)(n + m) < len)
			vsnprintf(buf + n + m, len - n - m, fmt, ap);
	}
}

jf_status jf_fail(jf_db *db, jf_status st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_error(db->error, sizeof db->error, st, fmt, ap);
	va_end(ap);
	return st;
}

static jf_status status_of_sqlite(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return JF_DB_BUSY;
	case SQLITE_FULL:
		return JF_DB_FULL;
	case SQLITE_READONLY:
		return JF_DB_READONLY;
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
		return JF_DB_IO;
	case SQLITE_CORRUPT:
		return JF_DB_CORRUPT;
	case SQLITE_NOTADB:
		return JF_DB_NOT_JIFEN;
	case SQLITE_NOMEM:
		return JF_NOMEM;
	default:
		return JF_ERR;
	}
}

jf_status jf_sql_fail(jf_db *db, int rc)
{
	jf_status st = status_of_sqlite(rc);
	if (st == JF_DB_BUSY)
		return jf_fail(db, st, NULL);
	return jf_fail(db, st, "%s", sqlite3_errmsg(db->sql));
}

const char *jf_db_error(const jf_db *db)
{
	return db ? db->error : "";
}

sqlite3_stmt *jf_prepare(jf_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		jf_sql_fail(db, rc);
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

sqlite3_stmt *jf_cached(jf_db *db, const char *sql)
{
	for (int i = 0; i < db->ncache; i++)
		if (db->cache[i].sql == sql && !db->cache[i].taken) {
			db->cache[i].taken = 1;
			return db->cache[i].st;
		}
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK) {
		jf_sql_fail(db, rc);
		sqlite3_finalize(st);
		return NULL;
	}
	if (db->ncache < JF_STMT_CACHE) {
		db->cache[db->ncache].sql = sql;
		db->cache[db->ncache].st = st;
		db->cache[db->ncache].taken = 1;
		db->ncache++;
	}
	return st;
}

void jf_release(jf_db *db, sqlite3_stmt *st)
{
	if (!st)
		return;
	for (int i = 0; i < db->ncache; i++)
		if (db->cache[i].st == st) {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			db->cache[i].taken = 0;
			return;
		}
	sqlite3_finalize(st);
}

int jf_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (!s)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

void jf_col_text(sqlite3_stmt *st, int i, char *buf, size_t len)
{
	jf_strlcpy(buf, (const char *)sqlite3_column_text(st, i), len);
}

jf_status jf_check_text(jf_db *db, const char *field, const char *s, size_t max,
                        int may_be_empty)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0) {
		if (may_be_empty)
			return JF_OK;
		return jf_fail(db, JF_INVALID, _("%s不能为空"), field);
	}
	if (!jf_text_valid(s, n))
		return jf_fail(db, JF_BAD_UTF8, _("%s含有无效字符"), field);
	if (n > max)
		return jf_fail(db, JF_TOO_LONG, _("%s最长 %zu 字节，收到 %zu 字节"), field, max, n);
	return JF_OK;
}

jf_status jf_tx_begin(jf_db *db)
{
	/* Inside a transaction already (an import that awards row by row in one
	 * transaction), a savepoint: the inner work can fail alone. */
	int rc = sqlite3_exec(db->sql, db->in_tx ? "SAVEPOINT jf_nested" : "BEGIN IMMEDIATE", NULL,
	                      NULL, NULL);
	if (rc != SQLITE_OK)
		return jf_sql_fail(db, rc);
	if (!db->in_tx)
		db->clock_checked = 0;
	db->in_tx++;
	return JF_OK;
}

jf_status jf_tx_commit(jf_db *db)
{
	int rc = sqlite3_exec(db->sql, db->in_tx > 1 ? "RELEASE jf_nested" : "COMMIT", NULL, NULL,
	                      NULL);
	if (rc != SQLITE_OK) {
		jf_status st = jf_sql_fail(db, rc);
		jf_tx_rollback(db);
		return st;
	}
	if (db->in_tx > 0)
		db->in_tx--;
	return JF_OK;
}

jf_status jf_read_begin(jf_db *db, int *began)
{
	*began = 0;
	if (!sqlite3_get_autocommit(db->sql))
		return JF_OK;
	int rc = sqlite3_exec(db->sql, "BEGIN", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return jf_sql_fail(db, rc);
	*began = 1;
	return JF_OK;
}

void jf_read_end(jf_db *db, int began)
{
	if (began && sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
}

void jf_tx_rollback(jf_db *db)
{
	if (db->in_tx > 1) {
		sqlite3_exec(db->sql, "ROLLBACK TO jf_nested; RELEASE jf_nested", NULL, NULL, NULL);
		db->in_tx--;
		return;
	}
	if (!sqlite3_get_autocommit(db->sql))
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	db->in_tx = 0;
}

jf_status jf_db_set_time(jf_db *db, int64_t t)
{
	if (t != 0 && !db->test_clock)
		return jf_fail(db, JF_DENIED,
		               _("这是正式数据库，只用电脑的时钟；只有用 init --test 或 init --demo "
		                 "建立的测试/演示数据库才能设置时钟"));
	db->fixed_time = t;
	return JF_OK;
}

int jf_db_is_test(const jf_db *db)
{
	return db && db->test_clock;
}

int jf_db_changed(jf_db *db)
{
	sqlite3_stmt *st = jf_cached(db, "PRAGMA data_version");
	if (!st)
		return 1; /* cannot tell: reload */
	int64_t v = -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	jf_release(db, st);
	int changed = v < 0 || v != db->data_version;
	db->data_version = v;
	return changed;
}

int64_t jf_db_now(const jf_db *db)
{
	if (db && db->fixed_time)
		return db->fixed_time;
	return (int64_t)time(NULL);
}

void *jf_grow(void *v, size_t *cap, size_t n, size_t size)
{
	void **pv = v;
	if (n >= *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		char *nv = realloc(*pv, nc * size);
		if (!nv)
			return NULL;
		*pv = nv;
		*cap = nc;
	}
	char *e = (char *)*pv + n * size;
	memset(e, 0, size);
	return e;
}

void jf_db_set_busy_timeout(jf_db *db, int ms)
{
	sqlite3_busy_timeout(db->sql, ms);
}

jf_status jf_db_meta(jf_db *db, const char *key, char *buf, size_t len)
{
	jf_status rv = JF_NOT_FOUND;
	sqlite3_stmt *st = jf_prepare(db, "SELECT value FROM meta WHERE key = ?");
	if (!st)
		return JF_DB_IO;
	jf_bind_text(st, 1, key);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		jf_col_text(st, 0, buf, len);
		rv = JF_OK;
	} else if (rc != SQLITE_DONE) {
		rv = jf_sql_fail(db, rc);
	} else {
		jf_fail(db, JF_NOT_FOUND, "meta %s", key);
	}
	sqlite3_finalize(st);
	return rv;
}

static int pragma_int(sqlite3 *sql, const char *pragma, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(sql, pragma, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*out = sqlite3_column_int(st, 0);
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

/* Connection settings every handle needs. */
static jf_status configure(jf_db *db)
{
	static const char *const pragmas =
		"PRAGMA foreign_keys = ON;"
		"PRAGMA journal_mode = WAL;"
		"PRAGMA synchronous = FULL;"
		"PRAGMA secure_delete = ON;";
	sqlite3_busy_timeout(db->sql, JF_BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(db->sql, 1);
	int rc = sqlite3_exec(db->sql, pragmas, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = jf_audit_register(db);
	if (rc != SQLITE_OK)
		return jf_sql_fail(db, rc);
	return JF_OK;
}

/* Apply the migrations above the file's version, each in its own
 * transaction together with its new user_version. */
static jf_status migrate(jf_db *db, int from)
{
	int to = jf_db_schema_version();
	for (int v = from; v < to; v++) {
		jf_status st = jf_tx_begin(db);
		if (st != JF_OK)
			return st;
		char setv[64];
		snprintf(setv, sizeof setv, "PRAGMA user_version = %d", v + 1);
		int rc = sqlite3_exec(db->sql, jf_schema_migrations[v], NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(db->sql, setv, NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			st = jf_sql_fail(db, rc);
			jf_tx_rollback(db);
			return st;
		}
		if ((st = jf_tx_commit(db)) != JF_OK)
			return st;
	}
	return JF_OK;
}

static jf_db *db_alloc(const char *path)
{
	jf_db *db = calloc(1, sizeof *db);
	if (db)
		db->data_version = -1;
	if (db)
		jf_strlcpy(db->path, path, sizeof db->path);
	return db;
}

/* A test or demo database (meta clock = 'test', written at its creation). */
static jf_status read_clock_kind(jf_db *db)
{
	char kind[16];
	jf_status st = jf_db_meta(db, "clock", kind, sizeof kind);
	if (st == JF_NOT_FOUND) {
		db->error[0] = '\0';
		return JF_OK;
	}
	if (st != JF_OK)
		return st;
	db->test_clock = strcmp(kind, "test") == 0;
	return JF_OK;
}

static jf_status set_meta(jf_db *db, const char *key, const char *value)
{
	sqlite3_stmt *st = jf_prepare(db, "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)");
	if (!st)
		return JF_DB_IO;
	jf_bind_text(st, 1, key);
	jf_bind_text(st, 2, value);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? JF_OK : jf_sql_fail(db, rc);
}

/* The community's name and code as jf_db_create takes them. */
static jf_status check_community(jf_db *db, const char *name, const char *code)
{
	jf_status rv = jf_check_text(db, _("社区名称"), name, JF_COMMUNITY_NAME_MAX, 1);
	if (rv != JF_OK)
		return rv;
	size_t n = code ? strlen(code) : 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)code[i];
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		      (ch >= '0' && ch <= '9') || ch == '-' || ch == '_'))
			return jf_fail(db, JF_INVALID,
			               _("社区代码只能由字母 A-Z、a-z、数字、- 和 _ 组成（第 %zu "
			                 "个字节不是），它要原样印进小票的二维码"),
			               i + 1);
	}
	if (n > JF_COMMUNITY_CODE_MAX)
		return jf_fail(db, JF_TOO_LONG,
		               _("社区代码最长 %d 个字符，收到 %zu 个；不会截短，请换一个短的"),
		               JF_COMMUNITY_CODE_MAX, n);
	return JF_OK;
}

jf_status jf_community_valid(const char *name, const char *code, char *errbuf, size_t errlen)
{
	jf_db *db = db_alloc("");
	if (!db)
		return JF_NOMEM;
	jf_status rv = check_community(db, name, code);
	if (rv != JF_OK && errbuf && errlen)
		jf_strlcpy(errbuf, db->error, errlen);
	free(db);
	return rv;
}

static jf_status create(const char *path, const char *community_name,
                        const char *community_code, int test, int64_t t0, jf_db **out,
                        char *errbuf, size_t errlen)
{
	jf_status rv = JF_ERR;
	*out = NULL;
	if (sodium_init() < 0)
		return JF_ERR;
	jf_db *db = db_alloc(path);
	if (!db)
		return JF_NOMEM;
	/* The name and the code are checked before the file exists. */
	if ((rv = check_community(db, community_name, community_code)) != JF_OK)
		goto fail_early;
	/* The file is the owner's alone; SQLite gives the -wal and -shm files
	 * the same mode. */
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		rv = jf_fail(db, errno == EEXIST ? JF_EXISTS : JF_DB_IO, "%s: %s", path,
		             errno == EEXIST ? _("文件已存在，不会覆盖") : strerror(errno));
		goto fail_early;
	}
	close(fd);
	int rc = sqlite3_open_v2(path, &db->sql, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		rv = jf_sql_fail(db, rc);
		goto fail;
	}
	char appid[64];
	snprintf(appid, sizeof appid, "PRAGMA application_id = %d", JF_APPLICATION_ID);
	if ((rc = sqlite3_exec(db->sql, appid, NULL, NULL, NULL)) != SQLITE_OK) {
		rv = jf_sql_fail(db, rc);
		goto fail;
	}
	if ((rv = configure(db)) != JF_OK || (rv = migrate(db, 0)) != JF_OK ||
	    (rv = jf_audit_install(db, 1)) != JF_OK)
		goto fail;

	unsigned char key[32];
	char key_hex[65], created[32];
	randombytes_buf(key, sizeof key);
	sodium_bin2hex(key_hex, sizeof key_hex, key, sizeof key);
	sodium_memzero(key, sizeof key);
	db->test_clock = test;
	db->fixed_time = test ? t0 : 0;
	snprintf(created, sizeof created, "%lld", (long long)jf_db_now(db));
	if ((rv = jf_tx_begin(db)) != JF_OK)
		goto fail;
	if ((test && (rv = set_meta(db, "clock", "test")) != JF_OK) ||
	    (rv = set_meta(db, "community_name", community_name ? community_name : "")) != JF_OK ||
	    (rv = set_meta(db, "community_code", community_code ? community_code : "")) != JF_OK ||
	    (rv = set_meta(db, "receipt_key", key_hex)) != JF_OK ||
	    (rv = set_meta(db, "created", created)) != JF_OK) {
		jf_tx_rollback(db);
		goto fail;
	}
	sodium_memzero(key_hex, sizeof key_hex);
	if ((rv = jf_tx_commit(db)) != JF_OK)
		goto fail;
	*out = db;
	return JF_OK;
fail:
	sqlite3_close(db->sql);
	db->sql = NULL;
	unlink(path);
fail_early:
	if (errbuf && errlen)
		jf_strlcpy(errbuf, db->error, errlen);
	free(db);
	return rv;
}

jf_status jf_db_create(const char *path, const char *community_name,
                       const char *community_code, jf_db **out, char *errbuf,
                       size_t errlen)
{
	return create(path, community_name, community_code, 0, 0, out, errbuf, errlen);
}

jf_status jf_db_create_test(const char *path, const char *community_name,
                            const char *community_code, int64_t t0, jf_db **out,
                            char *errbuf, size_t errlen)
{
	return create(path, community_name, community_code, 1, t0, out, errbuf, errlen);
}

/* Why an existing file could not be read: SQLite keeps its log (-wal) and
 * its index (-shm) next to the file, so it also needs to write the folder,
 * or those two files if they are already there. */
static jf_status open_failed(jf_db *db, const char *path, int rc)
{
	jf_status st = status_of_sqlite(rc);
	char dir[sizeof db->path], side[sizeof db->path + 8];
	if (st == JF_DB_NOT_JIFEN || st == JF_ERR)
		return jf_fail(db, JF_DB_NOT_JIFEN, "%s", path);
	if (st == JF_DB_IO || st == JF_DB_READONLY) {
		jf_strlcpy(dir, path, sizeof dir);
		char *slash = strrchr(dir, '/');
		if (!slash)
			jf_strlcpy(dir, ".", sizeof dir);
		else
			slash[slash == dir] = '\0';
		for (int i = 0; i < 2; i++) {
			snprintf(side, sizeof side, "%s%s", path, i ? "-shm" : "-wal");
			if (access(side, F_OK) == 0 && access(side, R_OK | W_OK) != 0)
				return jf_fail(db, JF_DB_READONLY,
				               _("日志文件 %s 不可读写（属于另一位用户？）"), side);
		}
		if (access(dir, W_OK) != 0)
			return jf_fail(db, JF_DB_READONLY,
			               _("%s 所在的文件夹 %s 不可写：jifen 要在这个文件夹里建立日志文件 "
			                 "%s-wal"),
			               path, dir, path);
	}
	return jf_fail(db, st, "%s: %s", path, sqlite3_errmsg(db->sql));
}

/* 1 if the file has a change log already (before migrating). */
static int has_change_log(jf_db *db)
{
	sqlite3_stmt *st = NULL;
	int yes = 0;
	if (sqlite3_prepare_v2(db->sql, "SELECT 1 FROM sqlite_master WHERE type = 'table'"
	                                " AND name = 'changes'",
	                       -1, &st, NULL) == SQLITE_OK)
		yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return yes;
}

jf_status jf_db_open(const char *path, jf_db **out, char *errbuf, size_t errlen)
{
	jf_status rv = JF_ERR;
	*out = NULL;
	if (sodium_init() < 0)
		return JF_ERR;
	jf_db *db = db_alloc(path);
	if (!db)
		return JF_NOMEM;
	struct stat sb;
	if (stat(path, &sb) != 0) {
		rv = jf_fail(db, errno == ENOENT ? JF_DB_MISSING : JF_DB_IO, "%s: %s", path,
		             strerror(errno));
		goto fail;
	}
	if (!S_ISREG(sb.st_mode)) {
		rv = jf_fail(db, JF_DB_NOT_JIFEN, _("%s 不是普通文件"), path);
		goto fail;
	}
	int flags = access(path, W_OK) == 0 ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY;
	int rc = sqlite3_open_v2(path, &db->sql, flags, NULL);
	if (rc != SQLITE_OK) {
		rv = jf_sql_fail(db, rc);
		goto fail;
	}
	/* Wait for another counter's lock from the first read on: a counter
	 * closing (checkpoint) or recovering after a crash locks the file for
	 * a moment, and a counter starting then must not be refused. */
	sqlite3_busy_timeout(db->sql, JF_BUSY_TIMEOUT_MS);
	/* Look before touching: these reads change nothing in the file. */
	int appid = 0, version = 0, had_log = 0;
	rc = pragma_int(db->sql, "PRAGMA application_id", &appid);
	if (rc == SQLITE_OK)
		rc = pragma_int(db->sql, "PRAGMA user_version", &version);
	if (rc != SQLITE_OK) {
		rv = open_failed(db, path, rc);
		goto fail;
	}
	if (appid != JF_APPLICATION_ID) {
		rv = jf_fail(db, JF_DB_NOT_JIFEN, "%s", path);
		goto fail;
	}
	if (version > jf_db_schema_version()) {
		rv = jf_fail(db, JF_DB_TOO_NEW, _("%s 的版本是 %d，本程序只认识到 %d"), path, version,
		             jf_db_schema_version());
		goto fail;
	}
	if (flags == SQLITE_OPEN_READONLY) {
		sqlite3_exec(db->sql, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
		jf_audit_register(db);
		if (version < jf_db_schema_version()) {
			rv = jf_fail(db, JF_DB_READONLY, "%s", path);
			goto fail;
		}
	} else if ((rv = configure(db)) != JF_OK ||
	           (had_log = has_change_log(db), (rv = migrate(db, version)) != JF_OK) ||
	           (rv = jf_audit_install(db, !had_log)) != JF_OK) {
		if (rv == JF_DB_IO || rv == JF_DB_READONLY)
			rv = open_failed(db, path, sqlite3_errcode(db->sql));
		goto fail;
	}
	if ((rv = read_clock_kind(db)) != JF_OK)
		goto fail;
	*out = db;
	return JF_OK;
fail:
	if (errbuf && errlen)
		jf_strlcpy(errbuf, db->error, errlen);
	sqlite3_close(db->sql);
	free(db);
	return rv;
}

void jf_db_close(jf_db *db)
{
	if (!db)
		return;
	for (int i = 0; i < db->ncache; i++)
		sqlite3_finalize(db->cache[i].st);
	db->ncache = 0;
	if (db->sql) {
		jf_tx_rollback(db);
		sqlite3_close(db->sql);
	}
	free(db);
}

jf_status jf_each_row(jf_db *db, const char *sql, const char *from, const char *next,
                      jf_row_fn row, void *ctx)
{
	size_t cap = 0;
	jf_status rv = JF_OK;
	int rc;
	sqlite3_stmt *st = jf_prepare(db, sql);
	if (!st)
		return JF_DB_IO;
	jf_bind_text(st, 1, from);
	jf_bind_text(st, 2, next);
	if (sqlite3_bind_parameter_count(st) >= 3)
		jf_bind_text(st, 3, JF_CLEANUP_ACTIVITY);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((rv = row(db, st, ctx, &cap)) != JF_OK)
			goto cleanup;
	if (rc != SQLITE_DONE)
		rv = jf_sql_fail(db, rc);
cleanup:
	sqlite3_finalize(st);
	return rv;
}
