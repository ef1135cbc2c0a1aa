/* Importing awards from CSV.  One transaction around the whole file; each
 * row is one jf_award inside it (a savepoint), so that a bad row is undone
 * alone and reported, and the file as a whole commits or not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "jifen/catalog.h"
#include "jifen/import.h"
#include "jifen/ledger.h"
#include "jifen/resident.h"
#include "jifen/text.h"
#include "layout.h"

enum { COL_RESIDENT, COL_ACTIVITY, COL_VERIFIER, COL_DATE, COL_NOTE, COL_REF, NCOLS };

/* Header names, per column, Chinese and English (compared without case). */
static const char *const col_names[NCOLS][4] = {
    [COL_RESIDENT] = {"居民", "姓名", "resident", "name"},
    [COL_ACTIVITY] = {"活动", "activity", NULL, NULL},
    [COL_VERIFIER] = {"核实人", "确认人", "verifier", NULL},
    [COL_DATE] = {"日期", "date", NULL, NULL},
    [COL_NOTE] = {"备注", "note", NULL, NULL},
    [COL_REF] = {"台账", "台账页行", "ref", NULL},
};

static int header_col(const char *s)
{
	for (int c = 0; c < NCOLS; c++)
		for (int k = 0; k < 4 && col_names[c][k]; k++)
			if (strcasecmp(s, col_names[c][k]) == 0)
				return c;
	return -1;
}

/* Spaces (and the full-width space Chinese keyboards type) off both ends, in place. */
static char *trim(char *s)
{
	for (;;) {
		if (*s == ' ' || *s == '\t')
			s++;
		else if (!strncmp(s, "\xE3\x80\x80", 3))
			s += 3;
		else
			break;
	}
	size_t n = strlen(s);
	for (;;) {
		if (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		else if (n >= 3 && !strncmp(s + n - 3, "\xE3\x80\x80", 3))
			n -= 3;
		else
			break;
	}
	s[n] = '\0';
	return s;
}

/* A date cell as a Chinese spreadsheet may write it, folded to ASCII:
 * full-width digits and punctuation (２０２６／１１／２６, U+FF01..U+FF5E)
 * to their ASCII forms, spaces (also U+3000) dropped, and a time of
 * midnight after the date (Excel's "2026/11/26 0:00") cut off.  0 if the
 * result does not fit in `len`. */
static int fold_date(const char *in, char *out, size_t len)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t n = 0;
	while (*p) {
		if (p[0] == 0xEF && (p[1] == 0xBC || p[1] == 0xBD) && p[2] >= 0x80 && p[2] <= 0xBF) {
			/* U+FF01..U+FF5E: EF BC 81..BF, EF BD 80..9E */
			unsigned cp = 0xF000u | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
			if (cp >= 0xFF01 && cp <= 0xFF5E) {
				if (n + 1 >= len)
					return 0;
				out[n++] = (char)(cp - 0xFF01 + 0x21);
				p += 3;
				continue;
			}
		}
		if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) { /* U+3000 */
			p += 3;
			continue;
		}
		if (*p == ' ' || *p == '\t') {
			/* the date's end: only a midnight time may follow */
			const char *t = (const char *)p;
			while (*t == ' ' || *t == '\t')
				t++;
			if (*t && (strcmp(t, "0:00") == 0 || strcmp(t, "00:00") == 0 ||
			           strcmp(t, "0:00:00") == 0 || strcmp(t, "00:00:00") == 0))
				break;
			p++;
			continue;
		}
		if (n + 1 >= len)
			return 0;
		out[n++] = (char)*p++;
	}
	out[n] = '\0';
	return 1;
}

int jf_import_date(const char *in, char out[11])
{
	int y = 0, m = 0, d = 0, n = 0;
	char buf[40], s[40];
	if (!in || !fold_date(in, s, sizeof s))
		return 0;
	/* digits only where sscanf's %d would also take signs or spaces */
	if (!(s[0] >= '0' && s[0] <= '9') || strpbrk(s, "+- ") == s)
		return 0;
	for (const char *q = s; *q; q++)
		if ((*q == '+' || *q == '-') && !(q > s && q[-1] >= '0' && q[-1] <= '9' && q[1] >= '0' && q[1] <= '9'))
			return 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && !s[n])
		goto ok;
	if (sscanf(s, "%4d/%2d/%2d%n", &y, &m, &d, &n) == 3 && !s[n])
		goto ok;
	if (sscanf(s, "%4d.%2d.%2d%n", &y, &m, &d, &n) == 3 && !s[n])
		goto ok;
	if (sscanf(s, "%4d年%2d月%2d日%n", &y, &m, &d, &n) == 3 && !s[n])
		goto ok;
	return 0;
ok:
	if (y < 1000 || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
	if (!jf_day_valid(buf))
		return 0;
	memcpy(out, buf, 11);
	return 1;
}

static jf_status add_problem(jf_db *db, jf_import_result *res, size_t *cap, long line, jf_status st,
                             const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static jf_status add_problem(jf_db *db, jf_import_result *res, size_t *cap, long line, jf_status st,
                             const char *fmt, ...)
{
	jf_import_problem *p = jf_grow(&res->problems, cap, res->n_problems, sizeof *p);
	if (!p)
		return jf_fail(db, JF_NOMEM, NULL);
	res->n_problems++;
	p->line = line;
	p->status = st;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->message, sizeof p->message, fmt, ap);
	va_end(ap);
	return JF_OK;
}

/* A failure of the database or of the session, not of the row (a closed
 * day refuses every row alike): stop the whole import. */
static int fatal(jf_status st)
{
	return st == JF_NOMEM || st == JF_ERR || st == JF_DAY_CLOSED || st == JF_DENIED ||
	       st == JF_NO_OPERATOR || st >= JF_DB_BUSY;
}

/* The field of column c in rec (map: column -> field index, -1 none). */
static char *field(const jf_csv_record *rec, const int *map, int c)
{
	if (map[c] < 0 || (size_t)map[c] >= rec->n)
		return NULL;
	return trim(rec->fields[map[c]]);
}

jf_status jf_award_import(jf_db *db, const jf_op *op, jf_csv *csv, unsigned flags,
                          jf_progress_fn progress, void *arg, jf_import_result *res)
{
	jf_csv_record rec;
	size_t pcap = 0, ncols = 0;
	int map[NCOLS], got, in_tx = 0;
	char today[11];
	jf_status rv;

	memset(res, 0, sizeof *res);
	if ((rv = jf_op_require(db, op, JF_ROLE_STAFF)) != JF_OK)
		return rv;
	jf_day_of(jf_db_now(db), today);

	/* The header, or the first row of data in the default order. */
	do
		got = jf_csv_next(csv, &rec);
	while (got == 1 && jf_csv_blank(&rec));
	if (got < 0) {
		add_problem(db, res, &pcap, 0, JF_INVALID, "%s", jf_csv_error(csv));
		return jf_fail(db, JF_INVALID, "%s", jf_csv_error(csv));
	}
	if (got == 0)
		return jf_fail(db, JF_INVALID, "%s", _("文件是空的"));
	int is_header = 0;
	for (size_t i = 0; i < rec.n; i++)
		if (header_col(trim(rec.fields[i])) >= 0)
			is_header = 1;
	for (int c = 0; c < NCOLS; c++)
		map[c] = -1;
	if (is_header) {
		for (size_t i = 0; i < rec.n; i++) {
			const char *h = rec.fields[i];
			int c = header_col(h);
			if (c < 0 && !*h)
				continue;
			if (c < 0 || map[c] >= 0) {
				char shown[64];
				jf_text_fit(h, 20, shown, sizeof shown);
				rv = jf_fail(
				    db, JF_INVALID,
				    c < 0 ? _("第 %ld "
				              "行：未知的列“%"
				              "s”（可用：居民、活动、核实人、日期、备注、台账）")
				          : _("第 %ld 行：“%s”列出现了两次"),
				    rec.line, shown);
				add_problem(db, res, &pcap, rec.line, JF_INVALID, "%s",
				            jf_db_error(db));
				return rv;
			}
			map[c] = (int)i;
		}
		ncols = rec.n;
		static const int need[] = {COL_RESIDENT, COL_ACTIVITY, COL_VERIFIER};
		for (size_t k = 0; k < sizeof need / sizeof need[0]; k++)
			if (map[need[k]] < 0) {
				rv = jf_fail(db, JF_INVALID, _("第 %ld 行：表头缺少“%s”列"),
				             rec.line, col_names[need[k]][0]);
				add_problem(db, res, &pcap, rec.line, JF_INVALID, "%s",
				            jf_db_error(db));
				return rv;
			}
	} else {
		for (int c = 0; c <= COL_NOTE; c++)
			map[c] = c;
		ncols = COL_NOTE + 1;
	}

	if ((rv = jf_tx_begin(db)) != JF_OK)
		return rv;
	in_tx = 1;
	if (is_header)
		got = jf_csv_next(csv, &rec);
	for (; got != 0; got = jf_csv_next(csv, &rec)) {
		if (got < 0) {
			if ((rv = add_problem(db, res, &pcap, 0, JF_INVALID, "%s",
			                      jf_csv_error(csv))) != JF_OK)
				goto fail;
			break;
		}
		if (jf_csv_blank(&rec))
			continue;
		res->rows++;
		if (progress) {
			size_t done, total;
			jf_csv_progress(csv, &done, &total);
			progress(done, total, arg);
		}
		long line = rec.line;
		/* more fields than the header: only empty ones (Excel pads rows) */
		int extra = 0;
		for (size_t i = ncols; i < rec.n; i++)
			if (*trim(rec.fields[i]))
				extra = 1;
		if (extra) {
			if ((rv = add_problem(db, res, &pcap, line, JF_INVALID,
			                      _("有 %zu 个字段，多于表头的 %zu 个"), rec.n,
			                      ncols)) != JF_OK)
				goto fail;
			continue;
		}
		const char *rname = field(&rec, map, COL_RESIDENT);
		const char *aname = field(&rec, map, COL_ACTIVITY);
		const char *vname = field(&rec, map, COL_VERIFIER);
		const char *date = field(&rec, map, COL_DATE);
		const char *note = field(&rec, map, COL_NOTE);
		const char *ref = field(&rec, map, COL_REF);
		jf_resident r;
		jf_activity a;
		jf_verifier v;
		char day[11];
		jf_status st;
		if (!rname || !*rname || !aname || !*aname || !vname || !*vname) {
			if ((rv = add_problem(db, res, &pcap, line, JF_INVALID, "%s",
			                      _("居民、活动和核实人都不能为空"))) != JF_OK)
				goto fail;
			continue;
		}
		if ((st = jf_resident_resolve(db, rname, &r)) != JF_OK ||
		    (st = jf_activity_resolve(db, aname, &a)) != JF_OK ||
		    (st = jf_verifier_resolve(db, vname, &v)) != JF_OK) {
			if (fatal(st)) {
				rv = st;
				goto fail;
			}
			if ((rv = add_problem(db, res, &pcap, line, st, "%s", jf_db_error(db))) !=
			    JF_OK)
				goto fail;
			continue;
		}
		if (date && *date) {
			if (!jf_import_date(date, day)) {
				char shown[64];
				jf_text_fit(date, 20, shown, sizeof shown);
				if ((rv = add_problem(
				         db, res, &pcap, line, JF_BAD_DATE,
				         _("“%s”不是有效日期（如 2024-06-15 或 2024/6/15）"),
				         shown)) != JF_OK)
					goto fail;
				continue;
			}
		} else {
			memcpy(day, today, sizeof day);
		}
		if (!(flags & JF_IMPORT_ALLOW_DUPLICATES)) {
			int64_t dup = 0;
			if ((st = jf_award_duplicates(db, r.id, a.id, day, &dup)) != JF_OK) {
				rv = st;
				goto fail;
			}
			if (dup > 0) {
				if ((rv = add_problem(db, res, &pcap, line, JF_EXISTS,
				                      _("可能重复：%s 在 %s 已有“%s”的赋分"),
				                      r.name, day, a.name)) != JF_OK)
					goto fail;
				continue;
			}
		}
		jf_award_req req = {
		    .activity_id = a.id,
		    .verifier_id = v.id,
		    .deed_date = day,
		    .ref = ref,
		    .note = note,
		};
		st = jf_award(db, op, &r.id, 1, &req, NULL);
		if (st == JF_OK) {
			res->imported++;
			res->points += a.points;
		} else if (fatal(st)) {
			rv = st;
			goto fail;
		} else if ((rv = add_problem(db, res, &pcap, line, st, "%s", jf_db_error(db))) !=
		           JF_OK) {
			goto fail;
		}
	}
	if (res->n_problems && !(flags & JF_IMPORT_SKIP_BAD)) {
		jf_tx_rollback(db);
		res->imported = 0;
		res->points = 0;
		return jf_fail(db, JF_INVALID, _("%zu 行有错，没有导入任何赋分"), res->n_problems);
	}
	if ((rv = jf_tx_commit(db)) != JF_OK) {
		res->imported = 0;
		res->points = 0;
		return rv;
	}
	return JF_OK;
fail:
	if (in_tx)
		jf_tx_rollback(db);
	res->imported = 0;
	res->points = 0;
	return rv;
}

void jf_import_result_free(jf_import_result *res)
{
	free(res->problems);
	memset(res, 0, sizeof *res);
}
