/* The ledger (台账): awards, redemptions, voids and adjustments, and the
 * stock movements of goods.  Append-only and hash-chained; a resident's
 * balance and an item's stock change in the same transaction as the entry
 * that moves them. */
#ifndef JIFEN_LEDGER_H
#define JIFEN_LEDGER_H

#include <stdint.h>
#include <stddef.h>
#include "jifen/db.h"
#include "jifen/catalog.h"
#include "jifen/operator.h"

#define JF_QTY_MAX 999
#define JF_CART_MAX 50 /* kinds of item in one redemption */
#define JF_NOTE_MAX 300
#define JF_RECEIPT_NO_MAX 24

/* --- earning -------------------------------------------------------------- */

typedef struct {
	int64_t activity_id;
	int64_t verifier_id;   /* the 楼长 or 网格员 who confirmed the deed */
	const char *deed_date; /* YYYY-MM-DD, NULL = today; not in the future */
	const char *ref;       /* e.g. the page and row of the paper 台账 */
	const char *note;
} jf_award_req;

/* Staff: award the activity's points to each of `n` residents, all in one
 * transaction (an estate clean-up with 20 people): all or none.  Refuses
 * awarding oneself (JF_SELF_AWARD): the operator's or the verifier's own
 * account, and any other record of the same person (jf_resident_same_person
 * with their linked resident: same name and phone, or same name and full
 * address; for a verifier also their own name and phone).  Refuses
 * moved-out residents, retired activities.  entry_ids (may be NULL)
 * receives n ids. */
jf_status jf_award(jf_db *db, const jf_op *op, const int64_t *resident_ids,
                   size_t n, const jf_award_req *req, int64_t *entry_ids);

/* Count earlier awards of the same activity to the resident on the same deed
 * day, to show a likely duplicate before it is committed. */
jf_status jf_award_duplicates(jf_db *db, int64_t resident_id, int64_t activity_id,
                              const char *deed_date, int64_t *count);

/* Admin: a correcting entry of +/- points with a reason.  Points up to the
 * administrator's own person, by any record, are refused as in jf_award. */
jf_status jf_adjust(jf_db *db, const jf_op *op, int64_t resident_id,
                    int64_t points, const char *reason, int64_t *entry_id);

/* --- spending ------------------------------------------------------------- */

typedef struct {
	int64_t item_id;
	int64_t qty; /* 1 .. JF_QTY_MAX */
} jf_cart_line;

typedef struct {
	int64_t receipt_id;
	char receipt_no[JF_RECEIPT_NO_MAX + 1];
	int64_t total;
	int64_t balance_after;
} jf_redeem_result;

/* One line of a checked cart (the same item given twice merged). */
typedef struct {
	jf_item item;     /* as it stands now: points, stock, limit, active */
	int64_t qty;      /* in the cart */
	int64_t used;     /* redeemed by the resident this month (items with a limit) */
	jf_status problem; /* JF_OK, JF_INACTIVE, JF_OUT_OF_STOCK or JF_OVER_LIMIT */
	int64_t remove;   /* how many to take out of the cart to fix the line */
} jf_cart_check_line;

typedef struct {
	jf_cart_check_line lines[JF_CART_MAX];
	size_t n;
	char resident[97];
	int64_t balance; /* the resident's, now */
	int64_t total;   /* the cart's points, at today's prices */
	int64_t short_by; /* points missing (0 if the balance covers the total) */
	int lines_checked; /* 1 when every line's figures and problem are in */
} jf_cart_check_result;

/* Whether the resident can redeem the cart now, with the figures the
 * redemption would use: a closed day (JF_DAY_CLOSED), a moved-out resident,
 * a bad quantity, a retired item, stock, the monthly limits (本月已兑 / 上限)
 * and the balance.  Returns the first problem, its message (jf_db_error)
 * naming what to take out of the cart; every line's own problem is in
 * res->lines.  jf_redeem refuses exactly what this refuses. */
jf_status jf_cart_check(jf_db *db, int64_t resident_id, const jf_cart_line *lines,
                        size_t n, jf_cart_check_result *res);

/* The rule for one line, on figures already read: `qty` of the item for a
 * resident who redeemed `used` of it this month.  JF_OK, JF_INACTIVE,
 * JF_OUT_OF_STOCK or JF_OVER_LIMIT; *remove (may be NULL) gets how many to
 * take out.  jf_cart_check applies it; a screen may mark items with it. */
jf_status jf_cart_line_problem(const jf_item *it, int64_t used, int64_t qty, int64_t *remove);

/* Set the handle's error to the line's problem, naming what to take out
 * (本月已兑 N / 上限 M for a limit); returns l->problem. */
jf_status jf_cart_explain(jf_db *db, const jf_cart_check_line *l);

/* Any operator: one atomic redemption of the cart.  Refuses, writing
 * nothing, when the balance (JF_INSUFFICIENT), the stock (JF_OUT_OF_STOCK) or
 * a monthly limit (JF_OVER_LIMIT) would be exceeded, or an item is retired.
 * The same item twice in the cart counts as one line. */
jf_status jf_redeem(jf_db *db, const jf_op *op, int64_t resident_id,
                    const jf_cart_line *lines, size_t n, jf_redeem_result *res);

/* Staff: void a receipt: a reversing entry for its points and stock, once.
 * Refuses a receipt with a voucher or coupon already fulfilled (used): the
 * service was delivered (JF_VOUCHER_USED, naming the voucher). */
jf_status jf_void(jf_db *db, const jf_op *op, const char *receipt_no,
                  const char *reason, int64_t *entry_id);

/* jf_void's flags. */
#define JF_VOID_REFUND_DELIVERED 1 /* void even though a voucher was used */

/* jf_void; with JF_VOID_REFUND_DELIVERED a receipt whose service was
 * delivered is voided all the same, as an explicit refund: the void entry's
 * note names the used voucher before the reason, in the ledger and the
 * passbook. */
jf_status jf_void_ex(jf_db *db, const jf_op *op, const char *receipt_no,
                     const char *reason, unsigned flags, int64_t *entry_id);

/* --- stock ---------------------------------------------------------------- */

/* Staff: goods received from a sponsor (sponsor_id 0 = none). */
jf_status jf_stock_in(jf_db *db, const jf_op *op, int64_t item_id, int64_t qty,
                      int64_t sponsor_id, const char *note);
/* Staff: a physical count; records the difference as a 'count' movement. */
jf_status jf_stock_count(jf_db *db, const jf_op *op, int64_t item_id,
                         int64_t counted, const char *note);

/* --- reading -------------------------------------------------------------- */

typedef struct {
	int64_t id;
	int64_t time;
	char day[11];
	char kind[8]; /* award|redeem|void|adjust */
	int64_t points;
	int64_t balance_after;
	char what[160];     /* activity name, or the items of a redemption */
	char operator_name[97];
	char verifier_name[97];
	char receipt_no[JF_RECEIPT_NO_MAX + 1];
	char deed_date[11];
	char ref[64];
	char note[JF_NOTE_MAX + 1];
} jf_entry;

/* The resident's entries, oldest first (the 积分存折).  Caller frees. */
jf_status jf_passbook(jf_db *db, int64_t resident_id, jf_entry **out, size_t *n);
/* The newest `max` entries, newest first, for the counter's panel. */
jf_status jf_recent_entries(jf_db *db, int64_t resident_id, jf_entry *out,
                            int max, int *n);
/* Points earned (awards, positive adjustments) and spent (redemptions net of
 * voids) in the calendar month containing `t`. */
jf_status jf_month_totals(jf_db *db, int64_t resident_id, int64_t t,
                          int64_t *earned, int64_t *spent);

/* Localized label of an entry kind: 赋分, 兑换, 作废, 调整. */
const char *jf_entry_kind_label(const char *kind);

/* --- audit ---------------------------------------------------------------- */

/* jf_audit and its report are in jifen/audit.h. */
#include "jifen/audit.h"

/* The hex hash of the newest ledger entry ("" for an empty ledger). */
jf_status jf_ledger_head(jf_db *db, char hex[65]);

#endif
