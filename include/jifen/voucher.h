/* Service vouchers (服务券): one per unit of a housekeeping service, a
 * community service or a merchant coupon redeemed at the counter.  The
 * sponsor does the service (or the merchant takes the coupon) later and
 * reports it; staff then mark the voucher fulfilled (used), once.  A used
 * voucher is never valid again: `receipt verify` says so, and its receipt
 * can be voided only as an explicit refund (jf_void_ex).  An expired
 * voucher is fulfilled only with a recorded override and reason; its points
 * stay spent unless staff void its receipt. */
#ifndef JIFEN_VOUCHER_H
#define JIFEN_VOUCHER_H

#include <stdint.h>
#include <stddef.h>
#include "jifen/db.h"
#include "jifen/ledger.h"
#include "jifen/operator.h"

typedef enum {
	JF_VOUCHER_OPEN = 1,      /* issued, waiting for the service */
	JF_VOUCHER_FULFILLED = 2, /* the sponsor reported it done */
	JF_VOUCHER_VOIDED = 4,    /* its receipt was voided */
	JF_VOUCHER_EXPIRED = 8,   /* past its last valid day, never fulfilled */
} jf_voucher_state;
#define JF_VOUCHER_ALL 15

typedef struct {
	int64_t id;
	char receipt_no[JF_RECEIPT_NO_MAX + 1];
	int64_t issued_time;
	int64_t resident_id;
	char resident[97];
	char phone[21];
	int64_t item_id;
	char item[97];
	char kind[16]; /* housekeeping|service|coupon */
	char sponsor[97];
	char expires[11]; /* last valid day */
	jf_voucher_state state;
	int64_t fulfilled_time; /* when FULFILLED */
	char fulfilled_by[97];
	char note[JF_NOTE_MAX + 1];
	int override_expired; /* FULFILLED after its last valid day, overridden */
	char override_reason[JF_NOTE_MAX + 1];
} jf_voucher_entry;

/* Localized: 待服务, 已完成, 已作废, 已过期. */
const char *jf_voucher_state_label(jf_voucher_state s);

/* Vouchers whose state is in `states` (a mask of jf_voucher_state, 0 = all),
 * of one resident if resident_id > 0, oldest first.  Expiry is judged
 * against the database clock's today.  *out is the caller's to free. */
jf_status jf_voucher_list(jf_db *db, unsigned states, int64_t resident_id, jf_voucher_entry **out,
                          size_t *n);

/* All the vouchers of one receipt (by its id), oldest first.  *out is the
 * caller's to free (NULL when there are none). */
jf_status jf_voucher_of_receipt(jf_db *db, int64_t receipt_id, jf_voucher_entry **out,
                                size_t *n);

/* One voucher by id; JF_NOT_FOUND if there is none. */
jf_status jf_voucher_get(jf_db *db, int64_t id, jf_voucher_entry *out);

/* Staff: mark the voucher fulfilled (the service done, the coupon used),
 * with an optional note (who did it).  Refuses a voucher of a voided
 * receipt (JF_ALREADY_VOIDED), one already fulfilled (JF_VOUCHER_USED,
 * naming by whom and when), an expired one (JF_EXPIRED) and a
 * closed day (JF_DAY_CLOSED). */
jf_status jf_voucher_fulfil(jf_db *db, const jf_op *op, int64_t id, const char *note);

/* The same; with `override_reason` (not NULL) an expired voucher is
 * fulfilled too (the sponsor reported late, or the resident was ill), and
 * the event records the override and the reason.  The reason is required
 * (JF_INVALID if empty) and refused for a voucher that has not expired,
 * so that no override is recorded that did not happen. */
jf_status jf_voucher_fulfil_ex(jf_db *db, const jf_op *op, int64_t id, const char *note,
                               const char *override_reason);

/* The first voucher of receipt `receipt_id` (by voucher id) already
 * fulfilled: JF_OK with *found = 1 and *out filled, or *found = 0. */
jf_status jf_voucher_used_on_receipt(jf_db *db, int64_t receipt_id, jf_voucher_entry *out,
                                     int *found);

#endif
