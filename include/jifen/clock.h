/* The clock of new entries, and the administrator's recorded steps when
 * the computer's clock was wrong.
 *
 * Every entry (ledger row, stock movement, voucher event, day close or
 * reopen) is dated by the clock (jf_db_now) and never before the latest
 * entry, nor on or before the latest closed day (jf_day_check_open).  A
 * clock behind the latest entry is refused (JF_CLOCK) until it is set right
 * or an administrator records a correction (the latest entries were dated
 * by a clock running ahead): the correction's time is then the floor.  A
 * computer's clock more than JF_CLOCK_JUMP_DAYS ahead of the latest entry
 * is refused until an administrator confirms it (after a long break); a
 * clock set on a test or demo database (jf_db_set_time) may jump ahead.  The steps are
 * append-only rows of clock_events, shown by `jifen clock`, the audit and
 * the day report of the day they were taken. */
#ifndef JIFEN_CLOCK_H
#define JIFEN_CLOCK_H

#include <stddef.h>
#include <stdint.h>
#include "jifen/db.h"
#include "jifen/ledger.h"
#include "jifen/operator.h"

/* How far ahead of the latest entry the clock may be without a confirm. */
#define JF_CLOCK_JUMP_DAYS 31

typedef struct {
	int64_t now;     /* the clock (jf_db_now) */
	int64_t real;    /* the computer's clock */
	int test;        /* a test or demo database: the clock may be set */
	int has_latest;  /* there is an entry or a recorded step */
	int64_t latest;  /* the newest entry's time since the last correction */
	int64_t floor;   /* new entries are dated at or after this (0: none) */
	int behind;      /* now < floor: writes are refused */
	int ahead;       /* the computer's clock is more than JF_CLOCK_JUMP_DAYS
	                  * after latest: refused until confirmed */
	size_t n_events; /* recorded steps */
} jf_clock_info;

typedef struct {
	int64_t id;
	int64_t time;
	char day[11];
	char kind[8]; /* confirm | correct */
	char operator_name[97];
	char reason[JF_NOTE_MAX + 1];
	int64_t latest; /* the latest entry's time before the step */
} jf_clock_event;

/* The clock's state now.  Any operator (or none) may read it. */
jf_status jf_clock_status(jf_db *db, jf_clock_info *out);

/* The recorded steps, oldest first: all of them (day NULL) or those taken
 * on `day` (YYYY-MM-DD).  *out is the caller's (free). */
jf_status jf_clock_events(jf_db *db, const char *day, jf_clock_event **out, size_t *n);

/* Administrator: accept a clock more than JF_CLOCK_JUMP_DAYS ahead of the
 * latest entry, with a reason.  JF_INVALID if the clock is not that far
 * ahead. */
jf_status jf_clock_confirm(jf_db *db, const jf_op *op, const char *reason);

/* Administrator: the clock is right and the latest entries were dated by a
 * clock running ahead; from now on new entries are dated from now.  With a
 * reason.  JF_INVALID if the clock is not behind the latest entry. */
jf_status jf_clock_correct(jf_db *db, const jf_op *op, const char *reason);

/* "演示/测试数据库" for a test or demo database, "" for a real one: every
 * screen and report that shows a database's data shows this mark. */
const char *jf_clock_mark(const jf_db *db);

#endif
