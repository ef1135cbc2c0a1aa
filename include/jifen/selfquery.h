/* The residents' own balance terminal (积分查询, `jifen query`): a resident
 * names themself with their card, or their full phone number and the last
 * two characters of their room number, and reads their own account.  No
 * operator is logged in and nothing is written; what it gives out is only
 * that resident's, with the name masked. */
#ifndef JIFEN_SELFQUERY_H
#define JIFEN_SELFQUERY_H

#include <stddef.h>
#include <stdint.h>
#include "jifen/catalog.h"
#include "jifen/db.h"
#include "jifen/ledger.h"
#include "jifen/resident.h"
#include "jifen/voucher.h"

#define JF_SELF_RECENT 5 /* passbook entries shown */

typedef struct {
	int64_t resident_id;
	char name_masked[JF_NAME_MAX + 1]; /* 丁*英 */
	int64_t balance;
	jf_entry recent[JF_SELF_RECENT]; /* newest first */
	int nrecent;
	jf_voucher_entry *owed; /* open service vouchers and coupons, owned */
	size_t nowed;
	jf_item *afford; /* active items within the balance and in stock, owned */
	size_t nafford;
} jf_self_view;

/* Who the resident is: an active resident with this card code, or with
 * this full phone number whose room number ends with `room2` (the last two
 * characters, compared as typed).  JF_NOT_FOUND with one message for
 * every failure, so that a wrong guess tells nothing about who exists;
 * JF_AMBIGUOUS is never returned: two residents that both match is
 * JF_NOT_FOUND too (they use their cards). */
jf_status jf_self_by_card(jf_db *db, const char *card, int64_t *resident_id);
jf_status jf_self_by_phone(jf_db *db, const char *phone, const char *room2,
                           int64_t *resident_id);

/* The resident's view.  On success the caller frees with jf_self_free. */
jf_status jf_self_load(jf_db *db, int64_t resident_id, jf_self_view *out);
void jf_self_free(jf_self_view *v);

#endif
