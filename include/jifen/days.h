/* Days and months: the business day of a time, calendar months as day
 * bounds.  Below the ledger, the vouchers and the reports, which all date
 * their entries by it (src/days.c, with the day-closed check). */
#ifndef JIFEN_DAYS_H
#define JIFEN_DAYS_H

#include <stdint.h>
#include "jifen/status.h"

typedef struct jf_db jf_db;

/* Local calendar day of `t` as YYYY-MM-DD (buf >= 11 bytes). */
void jf_day_of(int64_t t, char *buf);

/* Check a YYYY-MM-DD date; returns 1 if it is a real calendar day. */
int jf_day_valid(const char *s);

/* A month "YYYY-MM" as its days [first, next) (11 bytes each); 0 if
 * malformed. */
int jf_month_bounds(const char *month, char first[11], char next[11]);

/* The days [first, next) of the calendar month containing t. */
void jf_month_bounds_at(int64_t t, char first[11], char next[11]);

/* JF_OK if entries may still be written on `day`; JF_DAY_CLOSED (message
 * naming who closed it) if the day, or a later one, is closed (and not
 * reopened): the clock never writes into the closed past; JF_CLOCK if the
 * clock is behind the latest entry or too far ahead (jifen/clock.h).
 * Called by the ledger before every append, inside its transaction. */
jf_status jf_day_check_open(jf_db *db, const char *day);

#endif
