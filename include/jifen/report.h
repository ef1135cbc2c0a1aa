/* Reports for the public and for a resident: the monthly public notice
 * (每月公示) and the passbook statement (积分存折) for a period. */
#ifndef JIFEN_REPORT_H
#define JIFEN_REPORT_H

#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include "jifen/config.h"
#include "jifen/audit.h"
#include "jifen/db.h"

/* The activity whose award batches count as estate clean-ups (参加人居环境整治):
 * each distinct (activity, deed date) is one clean-up. */
#define JF_CLEANUP_ACTIVITY "C01"

/* --- the monthly public notice ---------------------------------------------- */

/* A resident with entries up to the month's end.  closing = opening +
 * earned - spent - deducted. */
typedef struct {
	int64_t resident_id;
	char name[97]; /* full; masked when written unless asked otherwise */
	char compound[97];
	char building[33];
	int party;
	int64_t opening;  /* balance before the month */
	int64_t earned;   /* awards and positive adjustments */
	int64_t spent;    /* redemptions net of voids */
	int64_t deducted; /* negative adjustments, as a positive number */
	int64_t closing;  /* balance at the month's end */
	int64_t awards;   /* how many awards */
} jf_month_resident;

typedef struct {
	char category[32];
	int64_t awards, points, residents;
} jf_month_category;

typedef struct {
	char code[33];
	char name[97];
	char category[32];
	int64_t awards, points;
} jf_month_activity;

/* An item redeemed in the month, net of the month's voids. */
typedef struct {
	int64_t item_id;
	char name[97];
	char unit[17];
	char kind[16];
	char sponsor[97];
	int64_t qty, points;
} jf_month_item;

/* A voucher item: vouchers issued in the month (net of the month's voids)
 * and fulfilled in the month. */
typedef struct {
	int64_t item_id;
	char name[97];
	char kind[16];
	char sponsor[97];
	int64_t issued, fulfilled;
} jf_month_service;

/* What one sponsor gave, per item: goods received from them in the month,
 * their items redeemed (net) and their services fulfilled. */
typedef struct {
	int64_t sponsor_id;
	char sponsor[97];
	char sponsor_kind[16]; /* enterprise|unit|merchant */
	char item[97];
	char unit[17];
	int64_t received, redeemed, fulfilled;
} jf_month_gift;

typedef struct {
	char month[8];       /* YYYY-MM */
	char first[11];      /* YYYY-MM-01 */
	char next[11];       /* the first day of the next month */
	char community[128]; /* meta community_name */
	int test;            /* a test or demo database: marked so */
	int64_t generated;   /* when the report was read */
	jf_month_resident *residents;
	size_t n_residents;
	jf_month_category categories[5]; /* all five, in the scheme's order */
	jf_month_activity *activities;
	size_t n_activities;
	jf_month_item *items;
	size_t n_items;
	jf_month_service *services;
	size_t n_services;
	jf_month_gift *gifts; /* by sponsor, then item */
	size_t n_gifts;
	/* totals over the residents */
	int64_t points_opening, points_earned, points_spent, points_deducted, points_closing;
	/* participation, as the article counts it */
	int64_t participants;       /* residents with an award in the month */
	int64_t party_participants; /* of whom party members */
	int64_t awards;
	int64_t cleanups;           /* distinct clean-up events (JF_CLEANUP_ACTIVITY) */
	int64_t volunteer_services; /* awards in the category 志愿服务 */
	int64_t redemptions;        /* receipts, net of the month's voids */
	int64_t items_redeemed;     /* units of everything redeemed, net */
	int64_t services_delivered; /* housekeeping and community vouchers fulfilled */
	int64_t housekeeping_delivered;
	/* the ledger's chain head, pinning the history the notice was made from */
	int month_over;          /* the month has ended (by the database clock) */
	char head_month_end[65]; /* the newest entry of the month or before */
	int64_t entries_month_end;
	char head_now[65]; /* the newest entry when the report was read */
	int64_t entries_now;
	/* awards of the month by an operator to a resident the same operator
	 * created or edited in the JF_SELF_DAYS days before (jifen/audit.h) */
	jf_self_award *self_awards;
	size_t n_self_awards;
} jf_month_report;

/* Read the notice for `month` (YYYY-MM) in one snapshot.  The heads it
 * prints are recorded (table notices) when the file can be written and they
 * differ from the last notice of the month: jifen audit checks that they
 * stay in the ledger.  JF_BAD_DATE for
 * a malformed month or one that has not begun.  Free with
 * jf_month_report_free. */
jf_status jf_month_report_load(jf_db *db, const char *month, jf_month_report **out);
void jf_month_report_free(jf_month_report *r);

typedef enum {
	JF_REPORT_TEXT = 1,
	JF_REPORT_CSV = 2,  /* sections, each a title row, a header row and rows */
	JF_REPORT_HTML = 3, /* a whole page that prints on A4 as a notice */
} jf_report_format;

/* "text", "csv", "html" -> the format, 0 if unknown. */
jf_report_format jf_report_format_parse(const char *s);

/* Write the notice.  Names are masked (丁*英) unless full_names.  Text is
 * laid out `cols` columns wide (at least 60). */
void jf_month_report_write(const jf_month_report *r, jf_report_format fmt, int full_names, int cols,
                           FILE *f);

/* --- the passbook statement -------------------------------------------------- */

/* Write a resident's statement (积分存折) for the days from..to inclusive
 * (NULL: from the first entry / to today): the balance brought forward,
 * every entry with the balance after it, and the balance carried.  `cols`
 * columns wide (at least 32); `printer` counts columns as the receipt
 * printer does.  JF_NOT_FOUND for an unknown resident, JF_BAD_DATE for a
 * malformed or reversed period. */
jf_status jf_statement_write(jf_db *db, int64_t resident_id, const char *from, const char *to,
                             FILE *f, int cols, int printer);

/* --- on the receipt printer ------------------------------------------------- */

/* Print `text` (a report laid out for the printer: jf_day_report_write or
 * jf_statement_write with printer set and cols = jf_paper_cols(cfg->paper))
 * on the printer of `cfg`, one line per line in Chinese mode, then a cut.
 * JF_OK; JF_PRINTER with the cause in errbuf (none configured, off,
 * unreachable); JF_NOMEM. */
jf_status jf_report_print(const jf_config *cfg, const char *text, char *errbuf, size_t errlen);

#endif
