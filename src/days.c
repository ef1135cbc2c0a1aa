/* Days and months: the business day of a time, month bounds, the clock
 * formats of entries, and whether a day still takes entries.  Below the
 * ledger, the vouchers, the reports and the day close. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "jifen/days.h"

void jf_day_of(int64_t t, char *buf)
{
	time_t tt = (time_t)t;
	struct tm tm;
	/* A time past year 9999 (or before 1) has no YYYY-MM-DD: say so in
	 * the same ten characters rather than leave buf unterminated. */
	if (!localtime_r(&tt, &tm) || strftime(buf, 11, "%Y-%m-%d", &tm) != 10)
		memcpy(buf, "0000-00-00", 11);
}

int jf_day_valid(const char *s)
{
	int y, m, d;
	char extra;
	if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3)
		return 0;
	if (s[4] != '-' || s[7] != '-' || y < 2000 || y > 2999 || m < 1 || m > 12 || d < 1)
		return 0;
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

int jf_month_bounds(const char *month, char first[11], char next[11])
{
	char day[40];
	int y, m;
	if (!month || strlen(month) != 7 || month[4] != '-')
		return 0;
	snprintf(day, sizeof day, "%s-01", month);
	if (!jf_day_valid(day) || sscanf(month, "%4d-%2d", &y, &m) != 2)
		return 0;
	memcpy(first, day, 11);
	if (++m > 12)
		m = 1, y++;
	snprintf(day, sizeof day, "%04d-%02d-01", y, m);
	memcpy(next, day, 11);
	return 1;
}

void jf_month_bounds_at(int64_t t, char first[11], char next[11])
{
	char day[11], month[8];
	jf_day_of(t, day);
	memcpy(month, day, 7);
	month[7] = '\0';
	if (!jf_month_bounds(month, first, next)) {
		/* Outside the years jf_day_valid knows: the plain calendar. */
		int y = 0, m = 1;
		char buf[32];
		sscanf(day, "%d-%d", &y, &m);
		snprintf(buf, sizeof buf, "%04d-%02d-01", y, m);
		jf_strlcpy(first, buf, 11);
		if (++m > 12)
			m = 1, y++;
		snprintf(buf, sizeof buf, "%04d-%02d-01", y, m);
		jf_strlcpy(next, buf, 11);
	}
}

int64_t jf_day_start(const char *day)
{
	int y = 0, m = 1, d = 1;
	sscanf(day, "%d-%d-%d", &y, &m, &d);
	struct tm a = {0};
	a.tm_year = y - 1900;
	a.tm_mon = m - 1;
	a.tm_mday = d;
	a.tm_isdst = -1;
	return (int64_t)mktime(&a);
}

void jf_time_hhmm(int64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	strftime(buf, len, "%H:%M", &tm);
}

void jf_time_datetime(int64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	strftime(buf, len, "%Y-%m-%d %H:%M", &tm);
}

jf_status jf_day_check_open(jf_db *db, const char *day)
{
	jf_status rv = jf_clock_check(db);
	if (rv != JF_OK)
		return rv;
	sqlite3_stmt *st = jf_cached(db, JF_CLOSED_DAYS " WHERE d.day >= ?"
	                                  " AND coalesce(e.kind, 'close') = 'close'"
	                                  " ORDER BY d.day DESC LIMIT 1");
	if (!st)
		return JF_DB_IO;
	jf_bind_text(st, 1, day);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		char closed[11], when[20];
		jf_col_text(st, 0, closed, sizeof closed);
		jf_time_datetime(sqlite3_column_int64(st, 1), when, sizeof when);
		if (strcmp(closed, day) == 0)
			rv = jf_fail(db, JF_DAY_CLOSED,
			             _("%s 已由 %s 于 %s 日结；更正请在今后的营业日记入"), day,
			             (const char *)sqlite3_column_text(st, 2), when);
		else
			rv = jf_fail(db, JF_DAY_CLOSED,
			             _("今天是 %s，但 %s 已经日结：请检查电脑的日期和时间；"
			               "日期没错时由管理员运行 jifen day reopen %s --reason 原因"),
			             day, closed, closed);
	} else if (rc != SQLITE_DONE) {
		rv = jf_sql_fail(db, rc);
	}
	jf_release(db, st);
	return rv;
}
