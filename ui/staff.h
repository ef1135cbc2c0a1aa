/* The staff screens of the counter program, opened from the staff menu
 * (F9 on the counter after a staff login), and the small helpers they
 * share: labels, matching by code, name or pinyin (their lists are the
 * list widget, ui_list in widgets.h). */
#ifndef JIFEN_UI_STAFF_H
#define JIFEN_UI_STAFF_H

#include <stdint.h>

#include "app.h"
#include "jifen/match.h"

/* --- the screens ---------------------------------------------------------- */
extern const ui_screen ui_award_screen;       /* award.c: 后台赋分 */
extern const ui_screen ui_stock_in_screen;    /* stock.c: 入库 */
extern const ui_screen ui_stock_count_screen; /* stock.c: 盘点 */
extern const ui_screen ui_day_screen;         /* day-close.c: 日结 */
extern const ui_screen ui_month_screen;       /* month.c: 每月公示 */
extern const ui_screen ui_voucher_screen;     /* vouchers.c: 服务券 */
extern const ui_screen ui_passbook_screen;    /* passbook.c: 积分存折 */
extern const ui_screen ui_operators_screen;   /* operators.c: 操作员解锁、重设 PIN */
extern const ui_screen ui_residents_screen;   /* residents.c: 居民登记、修改、搬离 */
extern const ui_screen ui_adjust_screen;      /* adjust.c: 积分调整 */
extern const ui_screen ui_verifiers_screen;   /* verifiers.c: 核实人 */
extern const ui_screen ui_unprinted_screen;   /* unprinted.c: 未打印的小票 */

/* --- lists ---------------------------------------------------------------- */

/* For a highlight kept outside a ui_list (stock's sponsor list, where -1
 * means nothing taken yet; the day close's stock table): the list widget's
 * ui_list_move and ui_list_show on a bare index.  New lists use ui_list. */
/* Move a highlight by `delta` within [0, n). */
void staff_move(int *sel, int n, int delta);
/* Scroll *top so that row `sel` is among `rows` visible rows. */
void staff_scroll(int sel, int *top, int rows);

/* A form row's label, `w` columns; the focused one is marked and bold. */
void staff_label(const ui_app *app, int y, int x, int w, const char *label, int focused);
/* Dim text (hints), fitted into `cols`. */
void staff_hint(const ui_app *app, int y, int x, int cols, const char *s);
/* A heading, fitted into `cols`. */
void staff_heading(const ui_app *app, int y, int x, int cols, const char *s);

/* --- matching ------------------------------------------------------------- */

/* Matching is the core's (jifen/match.h), the same as the command line's
 * and the counter's: a list shows what the query names at any tier. */
typedef jf_match_keys staff_keys;

static inline void staff_keys_make(const char *text, int is_name, staff_keys *k)
{
	jf_match_keys_make(text, is_name, k);
}

/* Does query `q` name the row by `code` (may be NULL), `text` or its pinyin
 * keys?  An empty query matches everything. */
static inline int staff_match(const char *q, const char *code, const char *text,
                              const staff_keys *k)
{
	return jf_match(q, code, text, k) != JF_MATCH_NONE;
}

/* --- text ------------------------------------------------------------------ */

/* A resident's address as the counter writes it: "公安小区 3-2-501". */
void staff_address(const char *compound, const char *building, const char *unit, const char *room,
                   char *buf, size_t len);

/* A signed number of points as the reports write it: +2, -5, 0. */
void staff_signed(int64_t v, char *buf, size_t len);

#endif
