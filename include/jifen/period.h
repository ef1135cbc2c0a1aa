/* Reports over any period (jifen report): the article's figures — how many
 * residents took part, clean-ups and volunteer services held, items
 * redeemed, services delivered — counted once over the whole period, with
 * the breakdowns by category, activity, building, verifier and sponsor and
 * the ledger head at the period's end.
 *
 * Every figure counts ledger rows (and stock moves, voucher events) whose
 * business day falls in the period, as the monthly notice does, so that a
 * report is reproducible from the chain head at the period's end:
 *   - participants: distinct residents with an award in the period or a
 *     redemption in it that was not voided in it;
 *   - an event (a clean-up: activity JF_CLEANUP_ACTIVITY; a volunteer
 *     service: an activity of 志愿服务) is the awards for one activity and
 *     one deed date — a batch award, and any award of the same deed
 *     recorded later — as the monthly notice counts clean-ups; it belongs
 *     to the period in which its first award was recorded;
 *   - items redeemed are units of every redemption less the units of every
 *     void recorded in the period: a void in a later period counts against
 *     that later period, as the published notice of the earlier one stands;
 *   - services delivered: housekeeping and community-service vouchers
 *     fulfilled in the period; coupons used: coupons fulfilled in it. */
#ifndef JIFEN_PERIOD_H
#define JIFEN_PERIOD_H

#include <stdint.h>
#include <stdio.h>
#include "jifen/db.h"
#include "jifen/report.h"

/* A row of a breakdown: a category, an activity or a building. */
typedef struct {
	char name[97];     /* category; activity name; compound */
	char code[97];     /* activity code; building ("" for categories) */
	char category[32]; /* activities only */
	int64_t participants, party, awards, points, events;
} jf_period_row;

typedef struct {
	char name[97];
	char role[8]; /* leader|grid */
	char compound[97];
	int64_t deeds, points;
} jf_period_verifier;

typedef struct {
	char name[97];
	char kind[16]; /* enterprise|unit|merchant */
	int64_t given, redeemed, fulfilled;
} jf_period_sponsor;

/* A month of the period, as a report of that month alone counts it. */
typedef struct {
	char month[8]; /* YYYY-MM */
	int64_t participants, points, items_redeemed;
} jf_period_month;

typedef struct {
	char from[11], to[11]; /* first and last day, inclusive */
	char next[11];         /* the day after `to` */
	char community[128];
	int test;
	int64_t generated;
	int64_t participants, party_members, earners, redeemers;
	int64_t awards, points_earned, points_spent;
	int64_t cleanups, volunteer_services;
	int64_t redemptions, items_redeemed;
	int64_t services_delivered, housekeeping_delivered, coupons_used;
	jf_period_row categories[5]; /* all five, in the scheme's order */
	jf_period_row *activities, *buildings;
	size_t n_activities, n_buildings;
	jf_period_verifier *verifiers;
	size_t n_verifiers;
	jf_period_sponsor *sponsors;
	size_t n_sponsors;
	jf_period_month *months; /* every month the period touches */
	size_t n_months;
	char head[65]; /* the newest ledger entry of the period or before */
	int64_t entries;
	char head_now[65];
	int64_t entries_now;
} jf_period_report;

/* Parse a period relative to `today` (YYYY-MM-DD):
 *   FROM..TO  each side a day, a month, a quarter or a year (FROM: its first
 *             day, TO: its last); an empty side is the scheme's start
 *             (`first`, the first ledger day) or today
 *   YYYY-MM-DD, YYYY-MM, YYYYQn, YYYY, all
 * 0 and from/to set; -1 if malformed or reversed. */
int jf_period_parse(const char *s, const char *first, const char *today, char from[11],
                    char to[11]);

/* Read the report for `period` in one snapshot.  JF_BAD_DATE for a
 * malformed period or one that has not begun.  Free with
 * jf_period_report_free. */
jf_status jf_period_report_load(jf_db *db, const char *period, jf_period_report **out);
void jf_period_report_free(jf_period_report *r);

/* Text `cols` wide (at least 60), CSV (with a BOM) or an HTML page with
 * inline SVG charts (no script, nothing fetched), for A4 in black and
 * white. */
void jf_period_report_write(const jf_period_report *r, jf_report_format fmt, int cols, FILE *f);

#endif
