/* The residents' own balance terminal: who they are, and their account,
 * read only (include/jifen/selfquery.h). */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "jifen/selfquery.h"
#include "jifen/text.h"

static jf_status not_found(jf_db *db)
{
	return jf_fail(db, JF_NOT_FOUND, _("没有找到：请再试一次，或到柜台询问"));
}

jf_status jf_self_by_card(jf_db *db, const char *card, int64_t *resident_id)
{
	*resident_id = 0;
	if (!card || !*card || strlen(card) > JF_CARD_MAX)
		return not_found(db);
	sqlite3_stmt *st = jf_prepare(db, "SELECT id FROM residents WHERE card = ? AND active = 1");
	if (!st)
		return JF_DB_IO;
	jf_bind_text(st, 1, card);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*resident_id = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE) {
		sqlite3_finalize(st);
		return jf_sql_fail(db, rc);
	}
	sqlite3_finalize(st);
	return *resident_id ? JF_OK : not_found(db);
}

/* Characters (not bytes) of a UTF-8 string. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* 1 if `room` ends with the characters of `last`. */
static int ends_with(const char *room, const char *last)
{
	size_t rl = strlen(room), ll = strlen(last);
	return ll > 0 && rl >= ll && strcmp(room + rl - ll, last) == 0;
}

jf_status jf_self_by_phone(jf_db *db, const char *phone, const char *room2,
                           int64_t *resident_id)
{
	*resident_id = 0;
	/* the full number and exactly two characters: a tail of the phone
	 * or one digit of the room is not enough */
	if (!phone || strlen(phone) < 7 || strlen(phone) > JF_PHONE_MAX || !room2 ||
	    utf8_chars(room2) != 2 || strlen(room2) > 8)
		return not_found(db);
	sqlite3_stmt *st = jf_prepare(
	    db, "SELECT id, COALESCE(room, '') FROM residents WHERE phone = ? AND active = 1");
	if (!st)
		return JF_DB_IO;
	jf_bind_text(st, 1, phone);
	int rc, matches = 0;
	int64_t id = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char room[JF_SHORT_MAX + 1];
		jf_col_text(st, 1, room, sizeof room);
		if (ends_with(room, room2)) {
			matches++;
			id = sqlite3_column_int64(st, 0);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return jf_sql_fail(db, rc);
	if (matches != 1)
		return not_found(db);
	*resident_id = id;
	return JF_OK;
}

void jf_self_free(jf_self_view *v)
{
	if (!v)
		return;
	free(v->owed);
	free(v->afford);
	v->owed = NULL;
	v->afford = NULL;
	v->nowed = v->nafford = 0;
}

jf_status jf_self_load(jf_db *db, int64_t resident_id, jf_self_view *out)
{
	memset(out, 0, sizeof *out);
	jf_resident r;
	jf_status rv = jf_resident_get(db, resident_id, &r);
	if (rv != JF_OK)
		return rv;
	out->resident_id = r.id;
	jf_mask_name(r.name, out->name_masked, sizeof out->name_masked);
	out->balance = r.balance;
	if ((rv = jf_recent_entries(db, r.id, out->recent, JF_SELF_RECENT, &out->nrecent)) !=
	    JF_OK)
		goto fail;
	if ((rv = jf_voucher_list(db, JF_VOUCHER_OPEN, r.id, &out->owed, &out->nowed)) != JF_OK)
		goto fail;
	jf_item *items = NULL;
	size_t n = 0;
	if ((rv = jf_item_list(db, 0, &items, &n)) != JF_OK)
		goto fail;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (items[i].points > r.balance || !items[i].active)
			continue;
		if (jf_item_kind_stocked(items[i].kind) && items[i].stock <= 0)
			continue;
		items[k++] = items[i];
	}
	out->afford = items;
	out->nafford = k;
	if (k == 0) {
		free(items);
		out->afford = NULL;
	}
	return JF_OK;
fail:
	jf_self_free(out);
	return rv;
}
