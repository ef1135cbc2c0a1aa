/* Residents and their search keys; the search the counter and the command
 * line share. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "jifen/pinyin.h"
#include "jifen/resident.h"
#include "jifen/text.h"

/* resident_keys.kind, as in data/schema/001-ledger.sql */
enum {
	KEY_CARD = 1,
	KEY_PHONE = 2,
	KEY_PHONE_TAIL = 3,
	KEY_ROOM = 4,
	KEY_NAME = 5,
	KEY_INITIALS = 6,
	KEY_PINYIN = 7,
};

/* Readings of a name turned into keys: enough for every reading of each
 * character of a short name, and never a flood for a long one. */
#define MAX_NAME_KEYS 16
/* The longest key a query can usefully be (full pinyin is at most 255). */
#define MAX_QUERY 320
/* Index entries a search looks at, per result asked for: the exact matches
 * come first in key order, then the closest prefixes; twice the page is
 * enough to rank it, and keeps a keystroke's cost the same however many
 * residents share a prefix (one letter matches a tenth of them). */
#define SEARCH_WINDOW 2
#define SEARCH_WINDOW_MIN 40
/* ... and with a compound's name before a room, every resident of that room
 * number in any compound, up to this many. */
#define SEARCH_WINDOW_PLACE 5000
/* Residents resolve looks at, and names it lists when ambiguous. */
#define RESOLVE_MAX 50
#define RESOLVE_LIST 5

/* A search result's rank: how it matched. */
enum { RANK_CARD = 0, RANK_PHONE = 1, RANK_EXACT = 2, RANK_PREFIX = 3 };

/* --- normalising ----------------------------------------------------------- */

/* A key as it is stored and as a query is compared: full-width ASCII as
 * ASCII, letters lowercased, spaces dropped, invalid bytes dropped.
 * Returns 0 if it did not fit in out. */
static int norm_key(const char *s, char *out, size_t outsz)
{
	size_t o = 0, len = s ? strlen(s) : 0;
	for (size_t i = 0; i < len;) {
		unsigned cp;
		int n = jf_utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			i++;
			continue;
		}
		const char *bytes = s + i;
		i += (size_t)n;
		if (cp >= 0xFF01 && cp <= 0xFF5E) {
			cp -= 0xFEE0;
			n = 1;
		}
		if (cp == ' ' || cp == '\t' || cp == 0x3000)
			continue;
		if (o + (size_t)n >= outsz) {
			out[o] = '\0';
			return 0;
		}
		if (n == 1)
			out[o++] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
		else {
			memcpy(out + o, bytes, (size_t)n);
			o += (size_t)n;
		}
	}
	out[o] = '\0';
	return 1;
}

/* Copy s without leading and trailing spaces (ASCII or U+3000). */
static void trim_copy(const char *s, char *out, size_t outsz)
{
	static const char ideo[] = "\xE3\x80\x80";
	size_t b = 0, e = s ? strlen(s) : 0;
	for (;;) {
		if (b < e && s[b] == ' ')
			b++;
		else if (e - b >= 3 && memcmp(s + b, ideo, 3) == 0)
			b += 3;
		else
			break;
	}
	for (;;) {
		if (e > b && s[e - 1] == ' ')
			e--;
		else if (e - b >= 3 && memcmp(s + e - 3, ideo, 3) == 0)
			e -= 3;
		else
			break;
	}
	size_t n = e - b < outsz ? e - b : outsz - 1;
	if (n)
		memcpy(out, s + b, n);
	out[n] = '\0';
}

/* "3号楼" -> "3", "2单元" -> "2", "501室" -> "501": the part a person types. */
static void room_part(const char *s, char *out, size_t outsz)
{
	static const char *const suffix[] = {"号楼", "单元", "栋", "幢", "楼", "号", "室"};
	char tmp[JF_SHORT_MAX * 2 + 1];
	norm_key(s, tmp, sizeof tmp);
	size_t len = strlen(tmp);
	for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
		size_t sl = strlen(suffix[i]);
		if (len > sl && strcmp(tmp + len - sl, suffix[i]) == 0) {
			tmp[len - sl] = '\0';
			break;
		}
	}
	jf_strlcpy(out, tmp, outsz);
}

/* A room as people write it in the search box, "3号楼2单元501",
 * "3栋2单元501室", perhaps after the compound's name ("公安小区3-2-501"),
 * turned into the room key "3-2-501" and the compound's name, if any.  q is
 * already normalised.  Returns 1 and writes out and place only when q is
 * such a room and differs from its key. */
static int room_query(const char *q, char *out, size_t outsz, char *place, size_t placesz)
{
	static const struct {
		const char *s;
		int end; /* only at the end, and dropped */
	} marks[] = {{"号楼", 0}, {"单元", 0}, {"栋", 0}, {"幢", 0}, {"楼", 0},
	             {"号", 0},   {"室", 1}};
	const char *p = q;
	size_t o = 0;
	int changed;
	while (*p && !(*p >= '0' && *p <= '9'))
		p++;
	if (!*p)
		return 0;
	const char *first = p;
	/* before the first digit: nothing, or a compound's name in Chinese */
	for (const char *c = q; c < p; c++)
		if ((unsigned char)*c < 0x80)
			return 0;
	changed = p != q;
	while (*p) {
		char ch = *p;
		if ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || ch == '-') {
			if (ch == '-' && (o == 0 || out[o - 1] == '-'))
				p++;
			else if (o + 1 < outsz)
				out[o++] = *p++;
			else
				return 0;
			continue;
		}
		size_t i, n = sizeof marks / sizeof *marks;
		for (i = 0; i < n; i++)
			if (strncmp(p, marks[i].s, strlen(marks[i].s)) == 0)
				break;
		if (i == n)
			return 0;
		p += strlen(marks[i].s);
		changed = 1;
		if (!*p || marks[i].end)
			continue;
		if (o > 0 && out[o - 1] != '-' && o + 1 < outsz)
			out[o++] = '-';
	}
	while (o > 0 && out[o - 1] == '-')
		o--;
	out[o] = '\0';
	if (!changed || o == 0)
		return 0;
	size_t pl = (size_t)(first - q) < placesz ? (size_t)(first - q) : placesz - 1;
	memcpy(place, q, pl);
	place[pl] = '\0';
	return 1;
}

/* A query as the index compares it: normalised, a written-out room as its
 * key, and the compound's name written before it into place (or "").
 * Returns 0 if it is longer than any key. */
static int query_key(const char *query, char *q, size_t qsz, char *place, size_t placesz)
{
	char room[MAX_QUERY];
	place[0] = '\0';
	if (!norm_key(query, q, qsz))
		return 0;
	if (room_query(q, room, sizeof room, place, placesz))
		jf_strlcpy(q, room, qsz);
	return 1;
}

/* "3-2-501" from building, unit and room, the empty ones left out. */
static void room_key(const char *building, const char *unit, const char *room,
                     char *out, size_t outsz)
{
	const char *parts[3] = {building, unit, room};
	size_t o = 0;
	out[0] = '\0';
	for (int i = 0; i < 3; i++) {
		char p[JF_SHORT_MAX * 2 + 1];
		room_part(parts[i], p, sizeof p);
		if (!p[0])
			continue;
		int w = snprintf(out + o, outsz - o, "%s%s", o ? "-" : "", p);
		if (w < 0 || (size_t)w >= outsz - o)
			break;
		o += (size_t)w;
	}
}

/* --- reading rows ---------------------------------------------------------- */

#define RESIDENT_COLS                                                          \
	"r.id, r.name, r.compound, r.building, r.unit, r.room, r.phone, "        \
	"COALESCE(r.card, ''), r.party, r.active, r.balance, r.pinyin"

static void read_resident(sqlite3_stmt *st, jf_resident *r)
{
	r->id = sqlite3_column_int64(st, 0);
	jf_col_text(st, 1, r->name, sizeof r->name);
	jf_col_text(st, 2, r->compound, sizeof r->compound);
	jf_col_text(st, 3, r->building, sizeof r->building);
	jf_col_text(st, 4, r->unit, sizeof r->unit);
	jf_col_text(st, 5, r->room, sizeof r->room);
	jf_col_text(st, 6, r->phone, sizeof r->phone);
	jf_col_text(st, 7, r->card, sizeof r->card);
	r->party = sqlite3_column_int(st, 8);
	r->active = sqlite3_column_int(st, 9);
	r->balance = sqlite3_column_int64(st, 10);
	jf_col_text(st, 11, r->pinyin, sizeof r->pinyin);
}

jf_status jf_resident_get(jf_db *db, int64_t id, jf_resident *out)
{
	jf_status rv = JF_OK;
	sqlite3_stmt *st = jf_cached(db, "SELECT " RESIDENT_COLS
	                                  " FROM residents r WHERE r.id = ?1");
	if (!st)
		return jf_sql_fail(db, sqlite3_errcode(db->sql));
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_resident(st, out);
	else if (rc == SQLITE_DONE)
		rv = jf_fail(db, JF_NOT_FOUND, _("没有编号为 %lld 的居民"), (long long)id);
	else
		rv = jf_sql_fail(db, rc);
	jf_release(db, st);
	return rv;
}

jf_status jf_resident_count(jf_db *db, int active_only, int64_t *n)
{
	jf_status rv = JF_OK;
	sqlite3_stmt *st = jf_prepare(db, "SELECT count(*) FROM residents WHERE ?1 = 0 OR active = 1");
	if (!st)
		return jf_sql_fail(db, sqlite3_errcode(db->sql));
	sqlite3_bind_int(st, 1, active_only ? 1 : 0);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	else
		rv = jf_sql_fail(db, rc);
	sqlite3_finalize(st);
	return rv;
}

/* --- codes a spreadsheet rewrote ------------------------------------------ */

int jf_code_spreadsheet_number(const char *v)
{
	const char *p = v;
	size_t n;
	if (*p == '-' || *p == '+')
		p++;
	if (!(n = strspn(p, "0123456789")))
		return 0;
	p += n;
	int frac = 0, zeros = 1;
	if (*p == '.') {
		size_t m = strspn(p + 1, "0123456789");
		if (!m)
			return 0;
		for (size_t i = 1; i <= m; i++)
			zeros &= p[i] == '0';
		frac = 1;
		p += 1 + m;
	}
	if ((*p == 'E' || *p == 'e') && (p[1] == '+' || p[1] == '-')) {
		size_t m = strspn(p + 2, "0123456789");
		return m > 0 && p[2 + m] == '\0';
	}
	/* 123.0 and 123.00: a whole number shown with decimals */
	return frac && zeros && *p == '\0';
}

int jf_code_lost_zeros(jf_db *db, int which, const char *value, const char *compound,
                       const char *building, char *was, size_t len)
{
	size_t n = strspn(value, "0123456789");
	if (!db || n == 0 || value[n] != '\0' || value[0] == '0')
		return 0;
	const char *sql =
	    which == JF_CODE_CARD
	        ? "SELECT card FROM residents WHERE card GLOB '0*' AND ltrim(card, '0') = ?1"
	          " AND NOT EXISTS (SELECT 1 FROM residents WHERE card = ?1) LIMIT 1"
	        : "SELECT room FROM residents WHERE room GLOB '0*' AND ltrim(room, '0') = ?1"
	          " AND compound = ?2 AND building = ?3 AND NOT EXISTS (SELECT 1 FROM residents"
	          " WHERE room = ?1 AND compound = ?2 AND building = ?3) LIMIT 1";
	sqlite3_stmt *st = jf_prepare(db, sql);
	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
	if (which != JF_CODE_CARD) {
		sqlite3_bind_text(st, 2, compound ? compound : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, building ? building : "", -1, SQLITE_STATIC);
	}
	int found = sqlite3_step(st) == SQLITE_ROW;
	if (found)
		snprintf(was, len, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return found;
}

/* --- adding ---------------------------------------------------------------- */

/* A new resident's fields, checked and trimmed. */
typedef struct {
	char name[JF_NAME_MAX + 1];
	char compound[JF_PLACE_MAX + 1];
	char building[JF_SHORT_MAX + 1], unit[JF_SHORT_MAX + 1], room[JF_SHORT_MAX + 1];
	char phone[JF_PHONE_MAX + 1];
	char card[JF_CARD_MAX + 1];
	int party;
} clean_row;

/* Check one text field and copy it trimmed. */
static jf_status check_field(jf_db *db, const char *label, const char *s, size_t max,
                             int may_be_empty, char *out, size_t outsz)
{
	jf_status st = jf_check_text(db, label, s, max, may_be_empty);
	if (st != JF_OK)
		return st;
	trim_copy(s, out, outsz);
	if (!out[0] && !may_be_empty)
		return jf_fail(db, JF_INVALID, _("%s不能为空"), label);
	return JF_OK;
}

/* A phone number: an optional leading +, then 5 to 15 digits.  Spaces and
 * hyphens people write between the digits are dropped. */
static jf_status check_phone(jf_db *db, const char *s, char *out, size_t outsz)
{
	char raw[JF_PHONE_MAX * 2 + 1];
	jf_status st = check_field(db, _("手机号"), s, sizeof raw - 1, 1, raw, sizeof raw);
	if (st != JF_OK)
		return st;
	size_t o = 0, digits = 0;
	for (size_t i = 0; raw[i]; i++) {
		char c = raw[i];
		if (c == ' ' || c == '-')
			continue;
		if (c == '+' && o == 0) {
			out[o++] = c;
			continue;
		}
		if (c < '0' || c > '9' || o + 1 >= outsz)
			return jf_fail(db, JF_INVALID, _("手机号只能是 5 到 15 位数字（可以用 + 开头）：%s"), raw);
		out[o++] = c;
		digits++;
	}
	out[o] = '\0';
	if (o > 0 && (digits < 5 || digits > 15))
		return jf_fail(db, JF_INVALID, _("手机号只能是 5 到 15 位数字（可以用 + 开头）：%s"), raw);
	return JF_OK;
}

/* A card code: printable ASCII without spaces. */
static jf_status check_card(jf_db *db, const char *s, char *out, size_t outsz)
{
	jf_status st = check_field(db, _("卡号"), s, JF_CARD_MAX, 1, out, outsz);
	if (st != JF_OK)
		return st;
	for (const char *p = out; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7F)
			return jf_fail(db, JF_INVALID,
			               _("卡号只能由字母、数字和符号组成，不能有空格或汉字：%s"), out);
	return JF_OK;
}

static jf_status check_row(jf_db *db, const jf_resident_new *r, clean_row *c)
{
	jf_status st;
	if ((st = check_field(db, _("姓名"), r->name, JF_NAME_MAX, 0, c->name, sizeof c->name)) ||
	    (st = check_field(db, _("小区"), r->compound, JF_PLACE_MAX, 1, c->compound,
	                      sizeof c->compound)) ||
	    (st = check_field(db, _("楼栋"), r->building, JF_SHORT_MAX, 1, c->building,
	                      sizeof c->building)) ||
	    (st = check_field(db, _("单元"), r->unit, JF_SHORT_MAX, 1, c->unit, sizeof c->unit)) ||
	    (st = check_field(db, _("房号"), r->room, JF_SHORT_MAX, 1, c->room, sizeof c->room)) ||
	    (st = check_phone(db, r->phone, c->phone, sizeof c->phone)) ||
	    (st = check_card(db, r->card, c->card, sizeof c->card)))
		return st;
	c->party = r->party ? 1 : 0;
	return JF_OK;
}

/* Statements of one adding transaction, prepared once for many rows. */
typedef struct {
	sqlite3_stmt *card_owner, *insert, *key;
} add_ctx;

static void add_ctx_free(add_ctx *a)
{
	sqlite3_finalize(a->card_owner);
	sqlite3_finalize(a->insert);
	sqlite3_finalize(a->key);
}

static jf_status add_ctx_init(jf_db *db, add_ctx *a)
{
	memset(a, 0, sizeof *a);
	/* whoever already answers to the card code, by any key: the card
	 * itself first, then the keys the counter would confuse it with */
	a->card_owner = jf_prepare(db, "SELECT r.name, k.kind FROM resident_keys k"
	                               " JOIN residents r ON r.id = k.resident_id"
	                               " WHERE (k.key = ?1 OR (k.key = ?2 AND k.kind = 2))"
	                               "   AND k.resident_id <> ?3"
	                               " ORDER BY k.kind, r.id LIMIT 1");
	if (a->card_owner)
		a->insert = jf_prepare(db, "INSERT INTO residents (name, compound, building,"
		                           " unit, room, phone, card, party, pinyin, created)"
		                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
	if (a->insert)
		a->key = jf_prepare(db, "INSERT OR IGNORE INTO resident_keys (key, resident_id, kind)"
		                        " VALUES (?1, ?2, ?3)");
	if (!a->key) {
		jf_status st = jf_sql_fail(db, sqlite3_errcode(db->sql));
		add_ctx_free(a);
		return st;
	}
	return JF_OK;
}

static jf_status put_key(jf_db *db, add_ctx *a, const char *key, int64_t id, int kind)
{
	if (!key[0])
		return JF_OK;
	jf_bind_text(a->key, 1, key);
	sqlite3_bind_int64(a->key, 2, id);
	sqlite3_bind_int(a->key, 3, kind);
	int rc = sqlite3_step(a->key);
	sqlite3_reset(a->key);
	if (rc != SQLITE_DONE)
		return jf_sql_fail(db, rc);
	return JF_OK;
}

/* Every search key of a resident. */
static jf_status put_keys(jf_db *db, add_ctx *a, const clean_row *c, int64_t id)
{
	jf_status st = JF_OK;
	char key[MAX_QUERY];
	jf_pinyin_key pk[MAX_NAME_KEYS];

	norm_key(c->card, key, sizeof key);
	if ((st = put_key(db, a, key, id, KEY_CARD)))
		return st;
	if (c->phone[0]) {
		size_t len = strlen(c->phone);
		if ((st = put_key(db, a, c->phone, id, KEY_PHONE)) ||
		    (st = put_key(db, a, c->phone + len - 4, id, KEY_PHONE_TAIL)))
			return st;
		/* +86 13812345678 is also found as 13812345678 */
		if (strncmp(c->phone, "+86", 3) == 0 && len > 3 + 5 &&
		    (st = put_key(db, a, c->phone + 3, id, KEY_PHONE)))
			return st;
	}
	room_key(c->building, c->unit, c->room, key, sizeof key);
	if ((st = put_key(db, a, key, id, KEY_ROOM)))
		return st;
	norm_key(c->name, key, sizeof key);
	if ((st = put_key(db, a, key, id, KEY_NAME)))
		return st;
	int n = jf_pinyin_keys(c->name, 1, pk, MAX_NAME_KEYS);
	for (int i = 0; i < n; i++)
		if ((st = put_key(db, a, pk[i].initials, id, KEY_INITIALS)) ||
		    (st = put_key(db, a, pk[i].full, id, KEY_PINYIN)))
			return st;
	return JF_OK;
}

/* What a key of this kind is, for a message: "手机号", "姓名首字母" ... */
static const char *key_kind_label(int kind)
{
	switch (kind) {
	case KEY_CARD:
		return _("卡号");
	case KEY_PHONE:
		return _("手机号");
	case KEY_PHONE_TAIL:
		return _("手机尾号");
	case KEY_ROOM:
		return _("门牌");
	case KEY_NAME:
		return _("姓名");
	case KEY_INITIALS:
		return _("姓名首字母");
	default:
		return _("姓名拼音");
	}
}

/* Refuse a card code that someone other than resident `self` (0: nobody)
 * already answers to, by any key. */
static jf_status check_card_free(jf_db *db, add_ctx *a, const clean_row *c, int64_t self)
{
	char card_key[MAX_QUERY];
	if (!c->card[0])
		return JF_OK;
	norm_key(c->card, card_key, sizeof card_key);
	jf_bind_text(a->card_owner, 1, card_key);
	/* a card "+8613912345678" is the phone 13912345678 too */
	jf_bind_text(a->card_owner, 2, strncmp(card_key, "+86", 3) == 0 ? card_key + 3 : card_key);
	sqlite3_bind_int64(a->card_owner, 3, self);
	int rc = sqlite3_step(a->card_owner);
	if (rc == SQLITE_ROW) {
		char owner[JF_NAME_MAX + 1];
		jf_col_text(a->card_owner, 0, owner, sizeof owner);
		int kind = sqlite3_column_int(a->card_owner, 1);
		sqlite3_reset(a->card_owner);
		if (kind == KEY_CARD)
			return jf_fail(db, JF_EXISTS, _("卡号 %s 已属于%s"), c->card, owner);
		return jf_fail(db, JF_EXISTS,
		               _("卡号 %s 与%s的%s相同，在柜台上会认错人；请换一个卡号"), c->card,
		               owner, key_kind_label(kind));
	}
	sqlite3_reset(a->card_owner);
	if (rc != SQLITE_DONE)
		return jf_sql_fail(db, rc);
	return JF_OK;
}

/* Check and insert one row inside the open transaction. */
static jf_status add_one(jf_db *db, add_ctx *a, const jf_resident_new *r, int64_t *id)
{
	clean_row c;
	char pinyin[256];
	if (!r)
		return jf_fail(db, JF_INVALID, _("%s不能为空"), _("姓名"));
	jf_status st = check_row(db, r, &c);
	if (st != JF_OK)
		return st;

	if ((st = check_card_free(db, a, &c, 0)))
		return st;

	jf_pinyin_main(c.name, 1, pinyin, sizeof pinyin);
	jf_bind_text(a->insert, 1, c.name);
	jf_bind_text(a->insert, 2, c.compound);
	jf_bind_text(a->insert, 3, c.building);
	jf_bind_text(a->insert, 4, c.unit);
	jf_bind_text(a->insert, 5, c.room);
	jf_bind_text(a->insert, 6, c.phone);
	jf_bind_text(a->insert, 7, c.card[0] ? c.card : NULL);
	sqlite3_bind_int(a->insert, 8, c.party);
	jf_bind_text(a->insert, 9, pinyin);
	sqlite3_bind_int64(a->insert, 10, jf_db_now(db));
	int rc = sqlite3_step(a->insert);
	sqlite3_reset(a->insert);
	if (rc != SQLITE_DONE)
		return jf_sql_fail(db, rc);
	int64_t new_id = sqlite3_last_insert_rowid(db->sql);
	if ((st = put_keys(db, a, &c, new_id)))
		return st;
	if (id)
		*id = new_id;
	return JF_OK;
}

/* A bulk add writes the key index all over.  With SQLite's default page
 * cache (2 MB) the transaction's dirty pages spill to the WAL and are read
 * back again and again: at 100,000 rows that was most of an import's time,
 * in the kernel.  So the transaction gets a cache in proportion, 1 KiB a
 * row (a row and its keys take about 0.45 KiB), at most 256 MiB, and the
 * handle its old cache back after.  Returns the old size. */
static int bulk_cache(jf_db *db, size_t rows)
{
	sqlite3_stmt *st = jf_prepare(db, "PRAGMA cache_size");
	int old = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	if (old && rows > 2000) {
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA cache_size = -%zu",
		         rows < 256 * 1024 ? rows : (size_t)256 * 1024);
		sqlite3_exec(db->sql, sql, NULL, NULL, NULL);
	}
	return old;
}

static void cache_back(jf_db *db, int old)
{
	char sql[64];
	if (!old)
		return;
	snprintf(sql, sizeof sql, "PRAGMA cache_size = %d", old);
	sqlite3_exec(db->sql, sql, NULL, NULL, NULL);
}

jf_status jf_resident_add_many(jf_db *db, const jf_op *op, const jf_resident_new *rows,
                               size_t n, size_t *bad)
{
	add_ctx a;
	size_t i = 0;
	jf_status st = jf_op_require(db, op, JF_ROLE_STAFF);
	if (bad)
		*bad = 0;
	if (st != JF_OK)
		return st;
	if (n > 0 && !rows)
		return jf_fail(db, JF_INVALID, _("%s不能为空"), _("姓名"));
	int cache = bulk_cache(db, n);
	if ((st = jf_tx_begin(db)))
		goto done;
	if ((st = add_ctx_init(db, &a)))
		goto rollback;
	for (i = 0; i < n; i++)
		if ((st = add_one(db, &a, &rows[i], NULL)))
			break;
	add_ctx_free(&a);
	if (st != JF_OK) {
		if (bad)
			*bad = i;
		goto rollback;
	}
	st = jf_tx_commit(db);
	goto done;
rollback:
	jf_tx_rollback(db);
done:
	cache_back(db, cache);
	return st;
}

jf_status jf_resident_add(jf_db *db, const jf_op *op, const jf_resident_new *r, int64_t *id)
{
	add_ctx a;
	jf_status st = jf_op_require(db, op, JF_ROLE_STAFF);
	if (st != JF_OK)
		return st;
	if ((st = jf_tx_begin(db)))
		return st;
	if ((st = add_ctx_init(db, &a)))
		goto rollback;
	st = add_one(db, &a, r, id);
	add_ctx_free(&a);
	if (st != JF_OK)
		goto rollback;
	return jf_tx_commit(db);
rollback:
	jf_tx_rollback(db);
	return st;
}

jf_status jf_resident_set_active(jf_db *db, const jf_op *op, int64_t id, int active)
{
	jf_status st = jf_op_require(db, op, JF_ROLE_STAFF);
	sqlite3_stmt *up = NULL;
	if (st != JF_OK)
		return st;
	if ((st = jf_tx_begin(db)))
		return st;
	up = jf_prepare(db, "UPDATE residents SET active = ?1 WHERE id = ?2");
	if (!up) {
		st = jf_sql_fail(db, sqlite3_errcode(db->sql));
		goto rollback;
	}
	sqlite3_bind_int(up, 1, active ? 1 : 0);
	sqlite3_bind_int64(up, 2, id);
	int rc = sqlite3_step(up);
	if (rc != SQLITE_DONE) {
		st = jf_sql_fail(db, rc);
		goto rollback;
	}
	if (sqlite3_changes(db->sql) == 0) {
		st = jf_fail(db, JF_NOT_FOUND, _("没有编号为 %lld 的居民"), (long long)id);
		goto rollback;
	}
	sqlite3_finalize(up);
	return jf_tx_commit(db);
rollback:
	sqlite3_finalize(up);
	jf_tx_rollback(db);
	return st;
}

jf_status jf_resident_edit(jf_db *db, const jf_op *op, int64_t id, const jf_resident_new *r)
{
	add_ctx a;
	clean_row c;
	char pinyin[256];
	sqlite3_stmt *up = NULL, *del = NULL;
	jf_status st = jf_op_require(db, op, JF_ROLE_STAFF);
	if (st != JF_OK)
		return st;
	if (!r)
		return jf_fail(db, JF_INVALID, _("%s不能为空"), _("姓名"));
	if ((st = check_row(db, r, &c)))
		return st;
	if ((st = jf_tx_begin(db)))
		return st;
	if ((st = add_ctx_init(db, &a)))
		goto rollback;
	if ((st = check_card_free(db, &a, &c, id)))
		goto free_ctx;
	up = jf_prepare(db, "UPDATE residents SET name = ?1, compound = ?2, building = ?3,"
	                    " unit = ?4, room = ?5, phone = ?6, card = ?7, party = ?8, pinyin = ?9"
	                    " WHERE id = ?10");
	if (up)
		del = jf_prepare(db, "DELETE FROM resident_keys WHERE resident_id = ?1");
	if (!del) {
		st = jf_sql_fail(db, sqlite3_errcode(db->sql));
		goto free_ctx;
	}
	jf_pinyin_main(c.name, 1, pinyin, sizeof pinyin);
	jf_bind_text(up, 1, c.name);
	jf_bind_text(up, 2, c.compound);
	jf_bind_text(up, 3, c.building);
	jf_bind_text(up, 4, c.unit);
	jf_bind_text(up, 5, c.room);
	jf_bind_text(up, 6, c.phone);
	jf_bind_text(up, 7, c.card[0] ? c.card : NULL);
	sqlite3_bind_int(up, 8, c.party);
	jf_bind_text(up, 9, pinyin);
	sqlite3_bind_int64(up, 10, id);
	int rc = sqlite3_step(up);
	if (rc != SQLITE_DONE) {
		st = jf_sql_fail(db, rc);
		goto free_ctx;
	}
	if (sqlite3_changes(db->sql) == 0) {
		st = jf_fail(db, JF_NOT_FOUND, _("没有编号为 %lld 的居民"), (long long)id);
		goto free_ctx;
	}
	sqlite3_bind_int64(del, 1, id);
	if ((rc = sqlite3_step(del)) != SQLITE_DONE) {
		st = jf_sql_fail(db, rc);
		goto free_ctx;
	}
	st = put_keys(db, &a, &c, id);
free_ctx:
	sqlite3_finalize(up);
	sqlite3_finalize(del);
	add_ctx_free(&a);
	if (st != JF_OK)
		goto rollback;
	return jf_tx_commit(db);
rollback:
	jf_tx_rollback(db);
	return st;
}

/* --- one person, two records --------------------------------------------- */

/* The phone as compared: without +86. */
static const char *phone_core(const char *phone)
{
	return strncmp(phone, "+86", 3) == 0 ? phone + 3 : phone;
}

int jf_resident_same_person(const jf_resident *a, const jf_resident *b)
{
	char na[MAX_QUERY], nb[MAX_QUERY];
	if (!a || !b)
		return JF_SAME_NONE;
	if (a->id && a->id == b->id)
		return JF_SAME_RECORD;
	norm_key(a->name, na, sizeof na);
	norm_key(b->name, nb, sizeof nb);
	if (!na[0] || strcmp(na, nb) != 0)
		return JF_SAME_NONE;
	const char *pa = phone_core(a->phone), *pb = phone_core(b->phone);
	if (pa[0] && strcmp(pa, pb) == 0)
		return JF_SAME_PHONE;
	char ca[JF_PLACE_MAX * 2 + 1], cb[JF_PLACE_MAX * 2 + 1];
	char ra[JF_SHORT_MAX * 3 + 3], rb[JF_SHORT_MAX * 3 + 3];
	norm_key(a->compound, ca, sizeof ca);
	norm_key(b->compound, cb, sizeof cb);
	room_key(a->building, a->unit, a->room, ra, sizeof ra);
	room_key(b->building, b->unit, b->room, rb, sizeof rb);
	if (ca[0] && ra[0] && strcmp(ca, cb) == 0 && strcmp(ra, rb) == 0)
		return JF_SAME_ADDRESS;
	return JF_SAME_NONE;
}

/* --- search ---------------------------------------------------------------- */

/* Up to max residents for a normalised query q, best first, with how each
 * matched.  The keys from q up to (not including) q with its last byte
 * raised are exactly the keys that begin with q: one range of the index. */
static jf_status search_ranked(jf_db *db, const char *q, const char *place,
                               int include_inactive, jf_resident *out, int *ranks, int max,
                               int *n)
{
	char hi[MAX_QUERY];
	size_t len = strlen(q);
	*n = 0;
	if (len == 0 || max <= 0)
		return JF_OK;
	/* q is valid UTF-8, so its last byte is below 0xFF */
	memcpy(hi, q, len + 1);
	hi[len - 1] = (char)((unsigned char)hi[len - 1] + 1);

	sqlite3_stmt *st = jf_cached(
		db, "SELECT " RESIDENT_COLS ", k.rank"
		    " FROM (SELECT resident_id, min(CASE WHEN key = ?1 THEN"
		    "   (CASE kind WHEN 1 THEN 0 WHEN 2 THEN 1 ELSE 2 END) ELSE 3 END) AS rank"
		    "   FROM (SELECT key, resident_id, kind FROM resident_keys"
		    "         WHERE key >= ?1 AND key < ?2 ORDER BY key LIMIT ?5)"
		    "   GROUP BY resident_id) AS k"
		    " JOIN residents r ON r.id = k.resident_id"
		    " WHERE (?3 OR r.active = 1)"
		    "   AND (?6 = '' OR instr(replace(r.compound, ' ', ''), ?6) > 0)"
		    " ORDER BY k.rank, r.pinyin, r.name, r.id LIMIT ?4");
	if (!st)
		return jf_sql_fail(db, sqlite3_errcode(db->sql));
	jf_bind_text(st, 1, q);
	jf_bind_text(st, 2, hi);
	sqlite3_bind_int(st, 3, include_inactive ? 1 : 0);
	sqlite3_bind_int(st, 4, max);
	/* a compound's name narrows the window's rows afterwards: look wider */
	sqlite3_bind_int(st, 5, place[0] ? SEARCH_WINDOW_PLACE
	                        : max * SEARCH_WINDOW > SEARCH_WINDOW_MIN ? max * SEARCH_WINDOW
	                                                                  : SEARCH_WINDOW_MIN);
	jf_bind_text(st, 6, place);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
		read_resident(st, &out[*n]);
		if (ranks)
			ranks[*n] = sqlite3_column_int(st, 12);
		(*n)++;
	}
	jf_status rv = JF_OK;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		rv = jf_sql_fail(db, rc);
	jf_release(db, st);
	return rv;
}

jf_status jf_resident_lookup(jf_db *db, const char *query, int include_inactive,
                             jf_resident *out, int max, int *n, int *nexact)
{
	char q[MAX_QUERY], place[MAX_QUERY];
	*n = 0;
	if (nexact)
		*nexact = 0;
	if (!query_key(query, q, sizeof q, place, sizeof place) || max <= 0)
		return JF_OK; /* longer than any key: nothing matches */
	int *ranks = malloc((size_t)max * sizeof *ranks);
	if (!ranks)
		return jf_fail(db, JF_NOMEM, NULL);
	jf_status st = search_ranked(db, q, place, include_inactive, out, ranks, max, n);
	if (nexact)
		for (int i = 0; i < *n && ranks[i] <= RANK_EXACT; i++)
			(*nexact)++;
	free(ranks);
	return st;
}

jf_status jf_resident_search(jf_db *db, const char *query, int include_inactive,
                             jf_resident *out, int max, int *n, int *exact)
{
	char q[MAX_QUERY], place[MAX_QUERY];
	*n = 0;
	if (exact)
		*exact = 0;
	if (!query_key(query, q, sizeof q, place, sizeof place) || max <= 0)
		return JF_OK; /* longer than any key: nothing matches */
	/* two at least: a card or phone is only a person when nobody else
	 * answers to the same value by any key */
	int want = max < 2 ? 2 : max, got = 0;
	jf_resident two[2];
	jf_resident *res = max < 2 ? two : out;
	int *ranks = malloc((size_t)want * sizeof *ranks);
	if (!ranks)
		return jf_fail(db, JF_NOMEM, NULL);
	jf_status st = search_ranked(db, q, place, include_inactive, res, ranks, want, &got);
	if (st == JF_OK && exact && got)
		*exact = ranks[0] <= RANK_PHONE && (got < 2 || ranks[1] > RANK_EXACT);
	if (res == two && got)
		out[0] = two[0];
	*n = got < max ? got : max;
	free(ranks);
	return st;
}

/* "丁美英（开发楼家属楼 3-2-501）" */
static void describe(const jf_resident *r, char *out, size_t outsz)
{
	char room[JF_SHORT_MAX * 3 + 3], where[JF_PLACE_MAX + sizeof room + 2];
	room_key(r->building, r->unit, r->room, room, sizeof room);
	snprintf(where, sizeof where, "%s%s%s", r->compound, r->compound[0] && room[0] ? " " : "",
	         room);
	if (!where[0] && r->phone[0]) {
		size_t len = strlen(r->phone);
		snprintf(where, sizeof where, _("手机尾号 %s"), r->phone + (len > 4 ? len - 4 : 0));
	}
	if (where[0])
		snprintf(out, outsz, _("%s（%s）"), r->name, where);
	else
		snprintf(out, outsz, "%s", r->name);
}

jf_status jf_resident_resolve(jf_db *db, const char *query, jf_resident *out)
{
	char q[MAX_QUERY], place[MAX_QUERY], shown[160];
	int n = 0, ranks[RESOLVE_MAX];
	jf_status st = JF_OK;
	/* the query as the message may show it: cut, without bad bytes */
	jf_text_fit(query, 40, shown, sizeof shown);
	if (!query_key(query, q, sizeof q, place, sizeof place))
		return jf_fail(db, JF_NOT_FOUND, _("没有与“%s”相符的居民"), shown);
	if (!q[0])
		return jf_fail(db, JF_INVALID, _("请给出居民的卡号、手机号、姓名或拼音"));
	jf_resident *all = calloc(RESOLVE_MAX, sizeof *all);
	if (!all)
		return jf_fail(db, JF_NOMEM, NULL);
	/* moved-out residents too: their passbook, or moving them back in */
	if ((st = search_ranked(db, q, place, 1, all, ranks, RESOLVE_MAX, &n)))
		goto done;

	/* A value that more than one resident answers to exactly, by any key
	 * (a card code that is someone else's phone, initials that are
	 * someone's card), is nobody in particular: the candidates are listed
	 * and the user says which.  Only when no resident matches exactly do
	 * the ones that merely begin with it count.  Moved-out residents give
	 * way to active ones, except by card or full phone: those name one
	 * person, moved out or not. */
	int pick[RESOLVE_MAX], np = 0, active = 0, exact = 0;
	for (int i = 0; i < n; i++)
		exact += ranks[i] <= RANK_EXACT;
	for (int i = 0; i < n; i++)
		if (all[i].active && (!exact || ranks[i] <= RANK_EXACT))
			active++;
	for (int i = 0; i < n; i++) {
		if (exact && ranks[i] > RANK_EXACT)
			continue;
		if (all[i].active || !active || ranks[i] <= RANK_PHONE)
			pick[np++] = i;
	}
	if (np == 1) {
		*out = all[pick[0]];
	} else if (np == 0) {
		st = jf_fail(db, JF_NOT_FOUND, _("没有与“%s”相符的居民"), shown);
	} else {
		/* name the candidates: the exact matches if several, else all */
		char list[640] = "", one[400];
		size_t o = 0;
		int listed = 0, total = np;
		const char *sep = _("、");
		for (int i = 0; i < np && listed < RESOLVE_LIST; i++) {
			describe(&all[pick[i]], one, sizeof one);
			size_t need = strlen(one) + (listed ? strlen(sep) : 0);
			if (o + need >= sizeof list)
				break;
			o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", listed ? sep : "", one);
			listed++;
		}
		if (total >= RESOLVE_MAX)
			st = jf_fail(db, JF_AMBIGUOUS, _("“%s”对应 %d 位以上居民：%s等"), shown, total, list);
		else if (listed < total)
			st = jf_fail(db, JF_AMBIGUOUS, _("“%s”对应 %d 位居民：%s等"), shown, total, list);
		else
			st = jf_fail(db, JF_AMBIGUOUS, _("“%s”对应 %d 位居民：%s"), shown, total, list);
	}
done:
	free(all);
	return st;
}
