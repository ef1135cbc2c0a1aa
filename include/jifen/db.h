/* The database: one SQLite file (WAL, foreign keys, synchronous=FULL),
 * created and migrated from the schema in data/schema/. */
#ifndef JIFEN_DB_H
#define JIFEN_DB_H

#include <stddef.h>
#include <stdint.h>
#include "jifen/days.h" /* jf_day_of, jf_day_valid: src/days.c */
#include "jifen/status.h"

typedef struct jf_db jf_db;

/* The schema version this program writes (PRAGMA user_version). */
int jf_db_schema_version(void);

/* The community's code goes into every receipt's QR payload
 * (man 5 jifen-receipt): at most this many characters, each a letter A-Z or
 * a-z, a digit, '-' or '_', so that it is printed, scanned and compared as
 * it was typed. */
#define JF_COMMUNITY_CODE_MAX 16
/* The community's name: a name like any other (jf_text_valid), at most
 * this many bytes (32 Chinese characters). */
#define JF_COMMUNITY_NAME_MAX 96

/* JF_OK if jf_db_create would take this community name and code, else its
 * status with the reason in errbuf: for a command that wants to refuse them
 * before it asks for anything else. */
jf_status jf_community_valid(const char *name, const char *code, char *errbuf, size_t errlen);

/* Create a new database at `path` (mode 0600) with the current schema, a
 * fresh secret receipt key and the community's name and code.  Refuses with
 * JF_EXISTS if the file exists; with JF_BAD_UTF8, JF_TOO_LONG or JF_INVALID
 * (and no file) a name with control characters or invalid UTF-8 or over
 * JF_COMMUNITY_NAME_MAX bytes, or a code that is not "" or up to
 * JF_COMMUNITY_CODE_MAX of A-Z a-z 0-9 - _ (never cut to fit).  On success
 * *out owns the handle; on failure the file is removed and the message is
 * in `errbuf`. */
jf_status jf_db_create(const char *path, const char *community_name,
                       const char *community_code, jf_db **out, char *errbuf,
                       size_t errlen);

/* The same for a test or demo database (meta clock = 'test', written here
 * and never changed): its clock may be set (jf_db_set_time), starting at
 * `t0` (0 = the real clock), and every screen and report says "演示/测试数据库".
 * A database made by jf_db_create is real: its clock is the computer's. */
jf_status jf_db_create_test(const char *path, const char *community_name,
                            const char *community_code, int64_t t0, jf_db **out,
                            char *errbuf, size_t errlen);

/* Open an existing database, migrating an older schema in one transaction.
 * A file that is not a jifen database (JF_DB_NOT_JIFEN), one from a newer
 * version (JF_DB_TOO_NEW) or a missing file (JF_DB_MISSING) is refused and
 * left untouched.  On failure *out is NULL; the message is in `errbuf`. */
jf_status jf_db_open(const char *path, jf_db **out, char *errbuf, size_t errlen);

/* Close and free; NULL is fine. */
void jf_db_close(jf_db *db);

/* The detailed, localized message of the last failure on this handle
 * ("积分不足：余额 5 分，需要 8 分").  Never NULL. */
const char *jf_db_error(const jf_db *db);

/* Read a meta value (community_name, community_code, created ...) into buf.
 * Returns JF_NOT_FOUND when absent. */
jf_status jf_db_meta(jf_db *db, const char *key, char *buf, size_t len);

/* The clock used for new entries: `t` seconds since the epoch, or 0 for the
 * real clock.  Only a test or demo database (jf_db_create_test) takes a set
 * clock; on a real database any t other than 0 is refused (JF_DENIED) and
 * the clock stays the computer's.  The command line sets it from $JIFEN_NOW
 * (tests, demos). */
jf_status jf_db_set_time(jf_db *db, int64_t t);
int64_t jf_db_now(const jf_db *db);

/* 1 for a test or demo database (created by jf_db_create_test). */
int jf_db_is_test(const jf_db *db);


/* 1 when another connection (another counter, the command line) has
 * committed a change since the last call on this handle, and on the first
 * call; 0 otherwise.  Cheap (PRAGMA data_version): a screen polls it after
 * every key and reloads what it shows. */
int jf_db_changed(jf_db *db);

/* How long a writer waits for another counter's transaction (ms). */
void jf_db_set_busy_timeout(jf_db *db, int ms);

#endif
