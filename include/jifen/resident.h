/* Residents and the search the counter and the command line share. */
#ifndef JIFEN_RESIDENT_H
#define JIFEN_RESIDENT_H

#include <stdint.h>
#include <stddef.h>
#include "jifen/db.h"
#include "jifen/operator.h"

/* Limits, in bytes of UTF-8 (a Chinese character is 3 bytes). */
#define JF_NAME_MAX 96      /* 32 Chinese characters */
#define JF_PLACE_MAX 96     /* compound */
#define JF_SHORT_MAX 32     /* building, unit, room */
#define JF_PHONE_MAX 20
#define JF_CARD_MAX 64

typedef struct {
	int64_t id;
	char name[JF_NAME_MAX + 1];
	char compound[JF_PLACE_MAX + 1];
	char building[JF_SHORT_MAX + 1];
	char unit[JF_SHORT_MAX + 1];
	char room[JF_SHORT_MAX + 1];
	char phone[JF_PHONE_MAX + 1];
	char card[JF_CARD_MAX + 1];
	int party;
	int active;
	int64_t balance;
	char pinyin[256]; /* main reading, "ding mei ying" */
} jf_resident;

/* The fields of a new resident; NULL strings are empty. */
typedef struct {
	const char *name;
	const char *compound, *building, *unit, *room;
	const char *phone;
	const char *card;
	int party;
} jf_resident_new;

/* Staff: add a resident.  Refuses empty, over-long or invalid UTF-8 fields,
 * a malformed phone, and a card code already in use, or one that another
 * resident answers to by another key (their phone, with or without +86, the
 * last four digits of it, their room, name, pinyin initials or full pinyin:
 * JF_EXISTS, naming whose and which).  A resident whose own phone, name or
 * initials equal an earlier card code is added: looking either up is then
 * ambiguous and lists both.  *id may be NULL. */
jf_status jf_resident_add(jf_db *db, const jf_op *op, const jf_resident_new *r,
                          int64_t *id);

/* Staff: add many residents in one transaction: all or none.  On failure
 * *bad is the index of the first refused row. */
jf_status jf_resident_add_many(jf_db *db, const jf_op *op,
                               const jf_resident_new *rows, size_t n,
                               size_t *bad);

/* Staff: change a resident's name, address, phone, card and party mark
 * (every field as given; NULL strings are empty), with the checks of
 * jf_resident_add: a card code another resident answers to by any key is
 * JF_EXISTS.  The search keys follow the new fields.  Balance, history and
 * moved-out state stay.  Unknown id: JF_NOT_FOUND. */
jf_status jf_resident_edit(jf_db *db, const jf_op *op, int64_t id, const jf_resident_new *r);

/* Staff: mark a resident moved out (0) or active again (1). */
jf_status jf_resident_set_active(jf_db *db, const jf_op *op, int64_t id, int active);

jf_status jf_resident_get(jf_db *db, int64_t id, jf_resident *out);

/* Search as the counter does, per keystroke: pinyin initials ("dmy"), full
 * pinyin ("dingmeiying", "dingm"), Chinese characters (prefix), a phone
 * number or its last four digits, a card code, a room ("3-2-501").  Up to
 * `max` matches, best first: exact card, exact phone, then the rest by name.
 * Moved-out residents are left out unless `include_inactive`.
 * *exact is set to 1 when out[0] matched a card code or phone exactly and no
 * other resident matches the query exactly by any key (the counter picks
 * such a match at once; several are a list to choose from). */
jf_status jf_resident_search(jf_db *db, const char *query, int include_inactive,
                             jf_resident *out, int max, int *n, int *exact);

/* The same search; *nexact is how many of the results match the query
 * exactly by some key (card, phone, its last four digits, room, name,
 * initials, full pinyin).  They come first.  More than one is ambiguous. */
jf_status jf_resident_lookup(jf_db *db, const char *query, int include_inactive,
                             jf_resident *out, int max, int *n, int *nexact);

/* Exactly one resident for `query` (card, phone, name or pinyin).  Unknown
 * is JF_NOT_FOUND.  More than one resident answering to it exactly, by any
 * key (a card code that is another's phone or initials), or none exactly
 * and several beginning with it, is JF_AMBIGUOUS with the candidates named
 * in jf_db_error.  Moved-out residents count only by card or full phone,
 * or when no active resident matches. */
jf_status jf_resident_resolve(jf_db *db, const char *query, jf_resident *out);

/* Whether two resident records are one person: the same record, or the
 * same name (compared as the search compares it: spaces, full-width and
 * case do not count) with the same non-empty phone (+86 or not), or with
 * the same full address (the compound and the building-unit-room, both
 * given; "3号楼" is "3").  Points may not go to oneself through a second
 * record (jf_award, jf_adjust). */
enum {
	JF_SAME_NONE = 0,
	JF_SAME_RECORD = 1,
	JF_SAME_PHONE = 2,
	JF_SAME_ADDRESS = 3,
};
int jf_resident_same_person(const jf_resident *a, const jf_resident *b);

/* Codes a spreadsheet rewrote (an export opened in Excel or WPS and saved
 * again): a card, room or phone cell that reads as scientific notation
 * ("1.23E+10", "1E+05") or as a number with a decimal fraction of zeros
 * ("123.0") is not a code anyone typed.  1 if `value` looks so. */
int jf_code_spreadsheet_number(const char *value);

/* The leading zeros a spreadsheet drops: 1 with the stored code in `was`
 * when `value` is all digits without a leading zero and the database holds
 * a card (JF_CODE_CARD) or, in the same compound and building, a room
 * (JF_CODE_ROOM) that is `value` with leading zeros ("000123" for "123",
 * "0502" for "502") and no card or room equals `value` itself; 0 if not (or
 * on a database error).  compound and building are used for rooms only
 * (NULL as ""). */
enum { JF_CODE_CARD = 1, JF_CODE_ROOM = 2 };
int jf_code_lost_zeros(jf_db *db, int which, const char *value, const char *compound,
                       const char *building, char *was, size_t len);

/* Number of residents (active only if active_only). */
jf_status jf_resident_count(jf_db *db, int active_only, int64_t *n);

#endif
