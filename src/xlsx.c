/* CSV text to an .xlsx workbook with libxlsxwriter (see jifen/xlsx.h). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "jifen/csv.h"
#include "jifen/i18n.h"
#include "jifen/xlsx.h"

/* Sheets hold at most this many rows and columns. */
#define XLSX_MAX_ROWS 1048576L
#define XLSX_MAX_COLS 16384

/* Column headers whose values are codes, phones or dates: always text. */
static const char *const text_headers[] = {
    "手机", "卡号", "房号", "楼栋", "单元", "小区", "小票", "小票号", "活动编号",
    "台账页行", "校验码", "好事日期", "营业日", "日期", "时间", "电话",
};

static int is_text_header(const char *s)
{
	for (size_t i = 0; i < sizeof text_headers / sizeof text_headers[0]; i++)
		if (strcmp(s, text_headers[i]) == 0 || strcmp(s, _(text_headers[i])) == 0)
			return 1;
	return 0;
}

/* A plain integer a spreadsheet keeps exactly: -?(0|[1-9][0-9]{0,14}). */
static int plain_integer(const char *s, double *v)
{
	const char *p = s;
	if (*p == '-')
		p++;
	size_t n = strspn(p, "0123456789");
	if (n == 0 || n > 15 || p[n] != '\0' || (p[0] == '0' && n > 1))
		return 0;
	long long x = 0;
	for (size_t i = 0; i < n; i++)
		x = x * 10 + (p[i] - '0');
	*v = (double)(s[0] == '-' ? -x : x);
	return 1;
}

jf_status jf_xlsx_from_csv(const char *csv, size_t len, const char *path, const char *sheet,
                           unsigned flags, char *err, size_t errlen)
{
	jf_csv *c;
	jf_status st = jf_csv_open_mem(csv, len, &c, err, errlen);
	if (st != JF_OK)
		return st;
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	if (!wb) {
		jf_csv_close(c);
		snprintf(err, errlen, "%s", _("无法创建电子表格"));
		return JF_ERR;
	}
	lxw_worksheet *ws = workbook_add_worksheet(wb, sheet);
	lxw_format *text = workbook_add_format(wb);
	if (ws && text)
		format_set_num_format(text, "@");
	/* which columns of the current section hold codes (a header row sets
	 * them; a blank row ends the section) */
	unsigned char textcol[XLSX_MAX_COLS];
	memset(textcol, 0, sizeof textcol);
	jf_csv_record rec;
	long row = 0, last_line = 0;
	int got;
	st = ws && text ? JF_OK : JF_NOMEM;
	while (st == JF_OK && (got = jf_csv_next(c, &rec)) == 1) {
		if (row >= XLSX_MAX_ROWS) {
			snprintf(err, errlen, _("超过一张工作表的 %ld 行"), XLSX_MAX_ROWS);
			st = JF_TOO_LONG;
			break;
		}
		size_t n = rec.n < XLSX_MAX_COLS ? rec.n : XLSX_MAX_COLS;
		if (last_line && rec.line > last_line + 1) {
			/* an empty line (the reader skips it) ends a section too */
			memset(textcol, 0, sizeof textcol);
			row++;
		}
		last_line = rec.end_line;
		if (jf_csv_blank(&rec)) {
			memset(textcol, 0, sizeof textcol);
			row++;
			continue;
		}
		int header = 0;
		for (size_t i = 0; i < n && !header; i++)
			header = is_text_header(rec.fields[i]);
		if (header)
			for (size_t i = 0; i < n; i++)
				textcol[i] = (unsigned char)is_text_header(rec.fields[i]);
		for (size_t i = 0; i < n; i++) {
			const char *s = rec.fields[i];
			double v;
			lxw_error e;
			if (!*s)
				continue;
			if (!(flags & JF_XLSX_ALL_TEXT) && !header && !textcol[i] && plain_integer(s, &v))
				e = worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)i, v, NULL);
			else
				e = worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)i, s, text);
			if (e != LXW_NO_ERROR) {
				snprintf(err, errlen, _("第 %ld 行：%s"), rec.line, lxw_strerror(e));
				st = JF_ERR;
				break;
			}
		}
		row++;
	}
	if (st == JF_OK && got < 0) {
		snprintf(err, errlen, "%s", jf_csv_error(c));
		st = JF_ERR;
	}
	jf_csv_close(c);
	lxw_error e = workbook_close(wb);
	if (st == JF_OK && e != LXW_NO_ERROR) {
		snprintf(err, errlen, "%s", lxw_strerror(e));
		st = JF_ERR;
	}
	return st;
}
