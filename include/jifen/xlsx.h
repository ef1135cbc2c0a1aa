/* Spreadsheets as real .xlsx workbooks (libxlsxwriter), so that Excel and
 * WPS keep card codes, rooms and phones as they are: "000123" stays
 * 000123, "00E12" is not read as a number.  The exports write their CSV
 * as usual and this turns it into a workbook. */
#ifndef JIFEN_XLSX_H
#define JIFEN_XLSX_H

#include <stddef.h>
#include "jifen/status.h"

/* Every cell a text cell (the resident export: every column is a code or
 * what a person typed). */
#define JF_XLSX_ALL_TEXT 1u

/* Write the CSV text csv[0..len) (as jifen's exports write it: UTF-8, a BOM
 * or not, quoted fields) as a workbook at `path` (overwritten) with one
 * sheet named `sheet` (at most 31 characters).  A cell is a number only
 * when it is a plain integer (no leading zero, at most 15 digits) in a
 * column whose header is not a code, a phone, a room or a date (卡号, 手机,
 * 房号, 楼栋, 单元, 小票, 活动编号, 台账页行, 校验码, 好事日期 ...); every
 * other cell is text, formatted as text ("@") so that an edit keeps it so.
 * JF_OK, or JF_ERR / JF_TOO_LONG (more rows than a sheet holds) / JF_NOMEM
 * with the cause in err. */
jf_status jf_xlsx_from_csv(const char *csv, size_t len, const char *path, const char *sheet,
                           unsigned flags, char *err, size_t errlen);

#endif
