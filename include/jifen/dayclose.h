/* End-of-day reconciliation (日结): what a day's ledger and stock add up to,
 * and closing the day, after which it takes no new entry: a later correction
 * goes into the next open day as a void or an adjustment. */
#ifndef JIFEN_DAYCLOSE_H
#define JIFEN_DAYCLOSE_H

#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include "jifen/db.h"
#include "jifen/ledger.h"
#include "jifen/operator.h"

/* Redemptions of the day by item kind (goods, produce, housekeeping ...). */
typedef struct {
	char kind[16]; /* goods|produce|housekeeping|service|coupon */
	int64_t qty;
	int64_t points;
} jf_day_kind;

/* Redemptions of the day by item. */
typedef struct {
	int64_t item_id;
	char name[97];
	char unit[17];
	char kind[16];
	int64_t qty;
	int64_t points;
} jf_day_item;

/* Redemptions of the day by the operator who made them. */
typedef struct {
	int64_t operator_id;
	char name[97];
	int64_t receipts;
	int64_t points;
} jf_day_operator;

/* A void entered on the day (of a receipt of this or an earlier day). */
typedef struct {
	int64_t time;
	char receipt_no[JF_RECEIPT_NO_MAX + 1];
	char receipt_day[11]; /* the day of the redemption it reverses */
	char resident[97];
	int64_t points;
	char operator_name[97]; /* who voided */
	char reason[JF_NOTE_MAX + 1];
} jf_day_void;

/* One stocked item's movements on the day.  A count is a movement of the
 * day: its correction (counted - book at the time of counting) is part of
 * `adjusted`, with the adjustments proper.  opening + received - redeemed +
 * voided + adjusted = expected, the book stock at the end of the day (what
 * the item list shows for today); `book` is that stock as the chain itself
 * records it, which expected must equal (else the report is unbalanced).
 * count_diff, the difference, is the sum of the day's count corrections;
 * `counted` the last count's figure, which differs from expected by what
 * moved after that count. */
typedef struct {
	int64_t item_id;
	char name[97];
	char unit[17];
	int64_t opening, received, redeemed, voided, adjusted, expected;
	int counted_set;      /* a count was entered on the day */
	int64_t counted;      /* the last count's figure */
	int64_t counted_time; /* when it was entered */
	int64_t count_diff;   /* the day's count corrections, summed (in adjusted) */
	int64_t book;
} jf_day_stock;

/* A receipt of the day with no successful print yet. */
typedef struct {
	int64_t time;
	char receipt_no[JF_RECEIPT_NO_MAX + 1];
	char resident[97];
	int64_t total;
	int attempts; /* failed print attempts */
	char last_error[128];
} jf_day_unprinted;

/* A voucher issued or fulfilled on the day. */
typedef struct {
	int64_t voucher_id;
	char receipt_no[JF_RECEIPT_NO_MAX + 1];
	char item[97];
	char resident[97];
	char expires[11];
	char sponsor[97];
	int voided; /* its receipt was voided */
} jf_day_voucher;

/* A reopen or a later close of the day, or a clock step taken on it
 * (jifen/clock.h). */
typedef struct {
	int64_t time;
	char kind[8]; /* first (close) | reopen | close (again) | confirm | correct */
	char operator_name[97];
	char note[JF_NOTE_MAX + 1]; /* the reason, or the close's note */
	char day[11];               /* the day reopened or closed; the step's day */
	int64_t latest;             /* clock steps: the latest entry's time before */
} jf_day_event;

typedef struct {
	char day[11];
	/* closing (the latest close; 0 if never closed, or reopened since) */
	int closed;
	int64_t closed_time;
	char closed_by[97];
	char close_note[JF_NOTE_MAX + 1];
	/* points, from the day's ledger rows */
	int64_t redemptions, points_redeemed; /* redeem rows and their points */
	int64_t voids, points_voided;
	int64_t awards, points_awarded;
	int64_t adjustments, points_adjusted;   /* net, may be negative */
	int64_t points_opening, points_closing; /* all residents' balances */
	jf_day_kind *by_kind;
	size_t n_kind;
	jf_day_item *by_item;
	size_t n_item;
	jf_day_operator *by_operator;
	size_t n_operator;
	jf_day_void *voids_list;
	size_t n_void;
	jf_day_stock *stock;
	size_t n_stock;
	jf_day_unprinted *unprinted;
	size_t n_unprinted;
	jf_day_voucher *issued;
	size_t n_issued;
	jf_day_voucher *fulfilled;
	size_t n_fulfilled;
	jf_day_event *events;
	size_t n_event;
	/* summaries */
	int64_t stock_differences; /* items whose count differed from the book */
	int balanced; /* points and every item add up (a 0 here means tampering: run audit) */
	/* The chain heads the report stands on: those the close pinned (a closed
	 * day), else the newest now.  heads_missing: a pinned head is no longer
	 * in its chain (entries after it were cut off); balanced is then 0. */
	char ledger_head[65], stock_head[65];
	int heads_missing;
} jf_day_report;

/* The report for `day` (YYYY-MM-DD; NULL = today).  Any operator may read
 * it.  Read in one snapshot.  *out is the caller's, freed with
 * jf_day_report_free.  JF_BAD_DATE for a malformed day. */
jf_status jf_day_report_load(jf_db *db, const char *day, jf_day_report **out);
void jf_day_report_free(jf_day_report *r);

/* One event of the report in words ("2024-06-15 18:00 薛亚云 重开了
 * 2024-06-15：日结早了"). */
void jf_day_event_text(const jf_day_event *e, char *buf, size_t len);

/* Write the report as plain text, `cols` columns wide (at least 32);
 * `printer` counts columns as the receipt printer does (every non-ASCII
 * character two columns).  Community name from meta, if db is not NULL. */
void jf_day_report_write(jf_db *db, const jf_day_report *r, FILE *f, int cols, int printer);

/* Staff: close `day` (NULL = today).  Refuses a day still to come
 * (JF_BAD_DATE), a day already closed (JF_EXISTS, naming who closed it
 * and when) and a wrong clock (JF_CLOCK, see jifen/clock.h).  Records the
 * operator, the note (may be NULL) and the ledger's and stock's chain
 * heads: the first close of a day in day_closes, a close after a reopen in
 * day_events. */
jf_status jf_day_close(jf_db *db, const jf_op *op, const char *day, const char *note);

/* Administrator: reopen a closed `day` (NULL = today) that is today or
 * later (closed by mistake, or by a clock running ahead), with a reason;
 * recorded in day_events (who, when, why) and shown in the day's report.
 * Entries are always dated now, so a past day stays closed (JF_INVALID):
 * its corrections go into today as voids or adjustments.  Reopening today
 * lets today's business go on; it can be closed again. */
jf_status jf_day_reopen(jf_db *db, const jf_op *op, const char *day, const char *reason);

/* The days before `day` (NULL = today) that have entries in the ledger or
 * the stock and were never closed, newest first: the first `max` into days
 * (11 bytes each), and how many there are in all into *n. */
jf_status jf_day_open_before(jf_db *db, const char *day, char (*days)[11], size_t max,
                             size_t *n);

/* The newest closed day into out (11 bytes), "" if none. */
jf_status jf_day_last_closed(jf_db *db, char out[11]);

#endif
