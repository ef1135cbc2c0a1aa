/* Residents from a CSV file (jifen/resident-csv.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "jifen/resident-csv.h"
#include "jifen/text.h"

enum {
	COL_NAME,
	COL_PHONE,
	COL_COMPOUND,
	COL_BUILDING,
	COL_UNIT,
	COL_ROOM,
	COL_CARD,
	COL_PARTY,
	NCOLS
};
static const char *const col_zh[NCOLS] = {"姓名", "手机", "小区", "楼栋",
                                          "单元", "房号", "卡号", "党员"};
static const char *const col_en[NCOLS] = {"name", "phone", "compound", "building",
                                          "unit", "room",  "card",     "party"};

static void say(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* 是/否, yes/no, y/n, true/false, 1/0; an empty cell is 否.  -1 if none. */
static int parse_party(const char *s)
{
	static const char *const yes[] = {"是", "yes", "y", "true", "1", "党员"};
	static const char *const no[] = {"否", "no", "n", "false", "0", ""};
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	return -1;
}

/* A copy of the field without the spaces and tabs around it, kept in r. */
static char *keep(jf_resident_csv *r, size_t *cap, const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	char **slot = jf_grow(&r->texts, cap, r->ntexts, sizeof *r->texts);
	if (!slot)
		return NULL;
	if (!(*slot = malloc(n + 1)))
		return NULL;
	memcpy(*slot, s, n);
	(*slot)[n] = '\0';
	r->ntexts++;
	return *slot;
}

jf_status jf_resident_csv_read(jf_csv *csv, const char *path, jf_resident_csv *out, long *line,
                               char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	*line = 0;
	err[0] = '\0';
	jf_csv_record rec;
	int map[64], have[NCOLS] = {0}, got;
	size_t ncol, tcap = 0, rcap = 0, lcap = 0;
	jf_status rv = JF_INVALID;

	/* the header: every column known, none twice, a name column */
	do
		got = jf_csv_next(csv, &rec);
	while (got == 1 && jf_csv_blank(&rec));
	if (got < 0) {
		say(err, errlen, "%s", jf_csv_error(csv));
		goto fail;
	}
	if (got == 0) {
		say(err, errlen,
		    _("%s 是空的，第一行应是表头（姓名,手机,小区,楼栋,单元,房号,卡号,党员）"), path);
		goto fail;
	}
	if (rec.n > sizeof map / sizeof map[0]) {
		*line = rec.line;
		say(err, errlen, "%s", _("列太多"));
		goto fail;
	}
	ncol = rec.n;
	for (size_t i = 0; i < rec.n; i++) {
		char h[256];
		jf_strlcpy(h, rec.fields[i], sizeof h);
		char *t = keep(out, &tcap, h);
		if (!t) {
			rv = JF_NOMEM;
			goto fail;
		}
		map[i] = -1;
		for (int k = 0; k < NCOLS; k++)
			if (strcmp(t, col_zh[k]) == 0 || strcasecmp(t, col_en[k]) == 0)
				map[i] = k;
		if (map[i] < 0 || have[map[i]]++) {
			char shown[64];
			jf_text_fit(t, 20, shown, sizeof shown);
			*line = rec.line;
			if (map[i] < 0)
				say(err, errlen,
				    _("未知的列“%s”（可用：姓名/name、手机/phone、小区/compound、"
				      "楼栋/building、单元/unit、房号/room、卡号/card、党员/party）"),
				    shown);
			else
				say(err, errlen, _("“%s”列出现了两次"), shown);
			goto fail;
		}
	}
	if (!have[COL_NAME]) {
		*line = rec.line;
		say(err, errlen, "%s", _("缺少“姓名”列"));
		goto fail;
	}

	/* the rows: checked here for shape, by jf_resident_add_many for content */
	while ((got = jf_csv_next(csv, &rec)) != 0) {
		if (got < 0) {
			say(err, errlen, "%s", jf_csv_error(csv));
			goto fail;
		}
		if (jf_csv_blank(&rec))
			continue;
		if (rec.n != ncol) {
			*line = rec.line;
			say(err, errlen, _("有 %zu 个字段，表头有 %zu 个"), rec.n, ncol);
			goto fail;
		}
		jf_resident_new *row = jf_grow(&out->rows, &rcap, out->n, sizeof *out->rows);
		long *at = jf_grow(&out->lines, &lcap, out->n, sizeof *out->lines);
		if (!row || !at) {
			rv = JF_NOMEM;
			goto fail;
		}
		out->n++;
		*at = rec.line;
		for (size_t i = 0; i < rec.n; i++) {
			const char *v = keep(out, &tcap, rec.fields[i]);
			if (!v) {
				rv = JF_NOMEM;
				goto fail;
			}
			switch (map[i]) {
			case COL_NAME:
				row->name = v;
				break;
			case COL_PHONE:
				row->phone = v;
				break;
			case COL_COMPOUND:
				row->compound = v;
				break;
			case COL_BUILDING:
				row->building = v;
				break;
			case COL_UNIT:
				row->unit = v;
				break;
			case COL_ROOM:
				row->room = v;
				break;
			case COL_CARD:
				row->card = *v ? v : NULL;
				break;
			case COL_PARTY:
				if ((row->party = parse_party(v)) < 0) {
					char shown[64];
					jf_text_fit(v, 20, shown, sizeof shown);
					*line = rec.line;
					say(err, errlen, _("党员一栏应为 是 或 否，收到“%s”"), shown);
					goto fail;
				}
				break;
			}
		}
		if (!row->name || !*row->name) {
			*line = rec.line;
			say(err, errlen, "%s", _("姓名不能为空"));
			goto fail;
		}
	}
	if (out->n == 0) {
		say(err, errlen, _("%s 里除了表头没有居民"), path);
		goto fail;
	}
	return JF_OK;
fail:
	if (rv == JF_NOMEM)
		say(err, errlen, "%s", jf_status_message(JF_NOMEM));
	jf_resident_csv_free(out);
	return rv;
}

void jf_resident_csv_free(jf_resident_csv *r)
{
	for (size_t i = 0; i < r->ntexts; i++)
		free(r->texts[i]);
	free(r->texts);
	free(r->rows);
	free(r->lines);
	memset(r, 0, sizeof *r);
}
