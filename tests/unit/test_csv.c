/* The CSV reader on files as Excel writes them, and the award import. */
#include "testlib.h"

#include <iconv.h>
#include <sqlite3.h>
#include <time.h>

#include "jifen/catalog.h"
#include "jifen/csv.h"
#include "jifen/import.h"
#include "jifen/ledger.h"
#include "jifen/resident.h"
#include "jifen/text.h"

/* --- the reader ---------------------------------------------------------------- */

static jf_csv *open_str(const char *s, size_t len, jf_status want)
{
	jf_csv *c = NULL;
	char err[256] = "";
	jf_status st = jf_csv_open_mem(s, len, &c, err, sizeof err);
	if (st != want)
		fail_msg("open: status %d, expected %d (%s)", st, want, err);
	return c;
}

/* The next record must be these fields, starting on `line`. */
static void expect(jf_csv *c, long line, size_t n, const char *const *fields)
{
	jf_csv_record r;
	int got = jf_csv_next(c, &r);
	if (got != 1)
		fail_msg("expected a record on line %ld, got %d (%s)", line, got, jf_csv_error(c));
	assert_int_equal(r.line, line);
	assert_int_equal(r.n, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(r.fields[i], fields[i]);
}

static void expect_end(jf_csv *c)
{
	jf_csv_record r;
	assert_int_equal(jf_csv_next(c, &r), 0);
	assert_int_equal(jf_csv_next(c, &r), 0);
}

/* UTF-8 text as GBK, by iconv, as Chinese Excel saves "CSV". */
static char *to_gbk(const char *utf8, size_t *len)
{
	iconv_t cd = iconv_open("GBK", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	size_t il = strlen(utf8), cap = il * 2 + 1, ol = cap;
	char *out = malloc(cap), *op = out, *ip = (char *)utf8;
	assert_int_not_equal(iconv(cd, &ip, &il, &op, &ol), (size_t)-1);
	iconv_close(cd);
	*len = (size_t)(op - out);
	return out;
}

static const char excel_utf8[] = "姓名,备注\r\n"
                                 "丁美英,\"打扫卫生, 整理家务\"\r\n"
                                 "\"杨\"\"效\"\"文\",\"第一行\r\n第二行\"\r\n"
                                 "\r\n"
                                 "薛志安,\r\n";

static void check_excel_records(jf_csv *c)
{
	const char *h[] = {"姓名", "备注"};
	const char *a[] = {"丁美英", "打扫卫生, 整理家务"};
	const char *b[] = {"杨\"效\"文", "第一行\n第二行"};
	const char *d[] = {"薛志安", ""};
	expect(c, 1, 2, h);
	expect(c, 2, 2, a);
	jf_csv_record r;
	assert_int_equal(jf_csv_next(c, &r), 1);
	assert_int_equal(r.line, 3);
	assert_int_equal(r.end_line, 4);
	assert_string_equal(r.fields[0], b[0]);
	assert_string_equal(r.fields[1], b[1]);
	expect(c, 6, 2, d); /* the blank line 5 is skipped */
	expect_end(c);
}

static void test_utf8_crlf_quotes(void **state)
{
	(void)state;
	jf_csv *c = open_str(excel_utf8, strlen(excel_utf8), JF_OK);
	assert_int_equal(jf_csv_encoding_of(c), JF_CSV_UTF8);
	check_excel_records(c);
	size_t done, total;
	jf_csv_progress(c, &done, &total);
	assert_int_equal(done, total);
	jf_csv_close(c);
}

static void test_utf8_bom(void **state)
{
	(void)state;
	char buf[512];
	snprintf(buf, sizeof buf, "\xEF\xBB\xBF%s", excel_utf8);
	jf_csv *c = open_str(buf, strlen(buf), JF_OK);
	assert_int_equal(jf_csv_encoding_of(c), JF_CSV_UTF8_BOM);
	check_excel_records(c); /* the first field is 姓名, without the mark */
	jf_csv_close(c);
}

static void test_gbk(void **state)
{
	test_env *e = *state;
	size_t len;
	char *gbk = to_gbk(excel_utf8, &len);
	/* it really is not UTF-8 */
	assert_int_equal(jf_text_valid(gbk, len), 0);
	jf_csv *c = open_str(gbk, len, JF_OK);
	assert_int_equal(jf_csv_encoding_of(c), JF_CSV_GBK);
	assert_string_equal(jf_csv_encoding_name(JF_CSV_GBK), "GBK");
	check_excel_records(c);
	jf_csv_close(c);

	/* the same from a file */
	char path[400];
	snprintf(path, sizeof path, "%s/gbk.csv", e->dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(gbk, 1, len, f), len);
	fclose(f);
	char err[256];
	assert_int_equal(jf_csv_open(path, &c, err, sizeof err), JF_OK);
	check_excel_records(c);
	jf_csv_close(c);
	free(gbk);
	assert_int_equal(jf_csv_open("/nonexistent/x.csv", &c, err, sizeof err), JF_NOT_FOUND);
	assert_null(c);
}

static void test_line_ends(void **state)
{
	(void)state;
	/* Excel for the old Mac: CR alone; and a file without a final line end */
	const char *cr = "a,b\rc,\"d\re\"\rf,g";
	jf_csv *c = open_str(cr, strlen(cr), JF_OK);
	const char *r1[] = {"a", "b"}, *r2[] = {"c", "d\ne"}, *r3[] = {"f", "g"};
	expect(c, 1, 2, r1);
	expect(c, 2, 2, r2);
	expect(c, 4, 2, r3);
	expect_end(c);
	jf_csv_close(c);
	/* LF, and ",," is three empty fields: a blank record */
	const char *lf = "x\n,,\n\n\ny\n";
	c = open_str(lf, strlen(lf), JF_OK);
	jf_csv_record r;
	const char *x[] = {"x"}, *y[] = {"y"};
	expect(c, 1, 1, x);
	assert_int_equal(jf_csv_next(c, &r), 1);
	assert_int_equal(r.line, 2);
	assert_int_equal(r.n, 3);
	assert_true(jf_csv_blank(&r));
	expect(c, 5, 1, y);
	expect_end(c);
	jf_csv_close(c);
	/* an empty file has no records */
	c = open_str("", 0, JF_OK);
	expect_end(c);
	jf_csv_close(c);
}

static void test_bad_files(void **state)
{
	(void)state;
	jf_csv *c;
	char err[256];
	jf_csv_record r;
	/* an unterminated quote names the line it starts on */
	const char *q = "a,b\r\nc,\"never closed\r\nd,e\r\n";
	c = open_str(q, strlen(q), JF_OK);
	const char *ab[] = {"a", "b"};
	expect(c, 1, 2, ab);
	assert_int_equal(jf_csv_next(c, &r), -1);
	assert_non_null(strstr(jf_csv_error(c), "第 2 行"));
	expect_end(c);
	jf_csv_close(c);
	/* bytes that are neither UTF-8 nor GBK: the line of the first */
	const char bad[] = "ok,1\r\nok,2\r\n\x80\xff,3\r\n";
	assert_int_equal(jf_csv_open_mem(bad, sizeof bad - 1, &c, err, sizeof err), JF_BAD_UTF8);
	assert_null(c);
	assert_non_null(strstr(err, "第 3 行"));
	/* a UTF-8 mark, then something else */
	const char bom_bad[] = "\xEF\xBB\xBF"
	                       "a\nb\n\xe4\xb8\n";
	assert_int_equal(jf_csv_open_mem(bom_bad, sizeof bom_bad - 1, &c, err, sizeof err),
	                 JF_BAD_UTF8);
	assert_non_null(strstr(err, "第 3 行"));
	/* UTF-16 (Excel's "Unicode text") and binary files */
	const char u16[] = "\xFF\xFE"
	                   "a\0,\0b\0";
	assert_int_equal(jf_csv_open_mem(u16, sizeof u16 - 1, &c, err, sizeof err), JF_BAD_UTF8);
	assert_non_null(strstr(err, "UTF-16"));
	const char nul[] = "a\nb\0c\n";
	assert_int_equal(jf_csv_open_mem(nul, sizeof nul - 1, &c, err, sizeof err), JF_BAD_UTF8);
	assert_non_null(strstr(err, "第 2 行"));
}

static void test_write_round_trip(void **state)
{
	(void)state;
	const char *fields[] = {"plain",    "a,b",     "say \"hi\"", "two\nlines",
	                        " padded ", "",        "丁美英",     "=HYPERLINK(\"x\")",
	                        "-3",       "+86 138", "@SUM(A1)",   "-误记"};
	const size_t n = sizeof fields / sizeof fields[0];
	char *buf;
	size_t len;
	FILE *f = open_memstream(&buf, &len);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		jf_csv_write_text(f, fields[i]);
	}
	fputs("\r\n", f);
	fclose(f);
	jf_csv *c = open_str(buf, len, JF_OK);
	jf_csv_record r;
	assert_int_equal(jf_csv_next(c, &r), 1);
	assert_int_equal(r.n, n);
	for (size_t i = 0; i < 7; i++)
		if (i != 3)
			assert_string_equal(r.fields[i], fields[i]);
	/* no text jifen keeps has a line break (input refuses control
	 * characters); one that a file-holder put in comes out as '?' */
	assert_string_equal(r.fields[3], "two?lines");
	/* what Excel would run as a formula comes back with an apostrophe */
	assert_string_equal(r.fields[7], "'=HYPERLINK(\"x\")");
	assert_string_equal(r.fields[8], "-3");
	assert_string_equal(r.fields[9], "'+86 138");
	assert_string_equal(r.fields[10], "'@SUM(A1)");
	assert_string_equal(r.fields[11], "'-误记");
	jf_csv_close(c);
	free(buf);
}

/* The CSV sanitiser against what OWASP lists, and against control bytes:
 * each cell read back is inert text. */
static void test_formula_guard(void **state)
{
	(void)state;
	const char *in[] = {
	    "=cmd|'/C calc'!A0", "  =1+1",     "\t=1+1",   "\r=1+1",     "+SUM(1)",
	    "-2+3+cmd|'/C calc'!A0", "@SUM(A1)", "-5",      "3.5",        "丁美英",
	    "丁\x1b[2J\a",       "a\nb",      "x\xFF",   "\xC2\x9B" "1m",
	};
	const char *want[] = {
	    "'=cmd|'/C calc'!A0", "'  =1+1",     "'?=1+1",   "'?=1+1",     "'+SUM(1)",
	    "'-2+3+cmd|'/C calc'!A0", "'@SUM(A1)", "-5",      "3.5",        "丁美英",
	    "丁?[2J?",             "a?b",         "x?",       "?1m",
	};
	const size_t n = sizeof in / sizeof in[0];
	char *buf;
	size_t len;
	FILE *f = open_memstream(&buf, &len);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		jf_csv_write_text(f, in[i]);
	}
	fputs("\r\n", f);
	fclose(f);
	/* no control byte in the file at all but the line end */
	for (size_t i = 0; i + 2 < len; i++)
		assert_false((unsigned char)buf[i] < 0x20 || (unsigned char)buf[i] == 0x7f);
	jf_csv *c = open_str(buf, len, JF_OK);
	jf_csv_record r;
	assert_int_equal(jf_csv_next(c, &r), 1);
	assert_int_equal(r.n, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(r.fields[i], want[i]);
	jf_csv_close(c);
	free(buf);
}

/* --- the award import ---------------------------------------------------------- */

/* 2026-06-10 10:00 UTC */
#define T0 1781085600

typedef struct {
	test_env *e;
	jf_op *staff, *vol;
	int64_t ding, yang, zhang, xue;
} fixture;

static int setup(void **state)
{
	if (test_env_setup(state) != 0)
		return -1;
	fixture *f = calloc(1, sizeof *f);
	f->e = *state;
	jf_db *db = f->e->db;
	jf_db_set_time(db, T0);
	assert_int_equal(jf_activity_load_defaults(db), JF_OK);
	assert_int_equal(
	    jf_operator_add(db, f->e->admin, "staff", "杨阿强", JF_ROLE_STAFF, "2468", 0), JF_OK);
	assert_int_equal(
	    jf_operator_add(db, f->e->admin, "counter", "李志愿", JF_ROLE_VOLUNTEER, "2468", 0),
	    JF_OK);
	assert_int_equal(jf_login(db, "staff", "2468", &f->staff), JF_OK);
	assert_int_equal(jf_login(db, "counter", "2468", &f->vol), JF_OK);
	jf_resident_new rs[] = {
	    {.name = "丁美英", .compound = "开发楼家属楼"},
	    {.name = "杨效文", .compound = "世纪楼家属楼"},
	    {.name = "张常有", .compound = "安康小区", .party = 1},
	    {.name = "薛志安", .compound = "安康小区"},
	};
	int64_t *ids[] = {&f->ding, &f->yang, &f->zhang, &f->xue};
	for (int i = 0; i < 4; i++)
		assert_int_equal(jf_resident_add(db, f->staff, &rs[i], ids[i]), JF_OK);
	assert_int_equal(jf_resident_set_active(db, f->staff, f->xue, 0), JF_OK);
	assert_int_equal(jf_verifier_add(db, f->staff, "原冬梅", JF_VERIFIER_GRID, "", "", 0, NULL),
	                 JF_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	jf_op_free(f->staff);
	jf_op_free(f->vol);
	*state = f->e;
	free(f);
	return test_env_teardown(state);
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

static int64_t ledger_count(fixture *f)
{
	sqlite3 *raw;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(f->e->path, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(raw, "SELECT count(*) FROM ledger", -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(raw);
	return n;
}

static int64_t balance(fixture *f, int64_t id)
{
	jf_resident r;
	assert_int_equal(jf_resident_get(f->e->db, id, &r), JF_OK);
	return r.balance;
}

/* The 台账 as a staff member keeps it in Excel, with mistakes. */
static const char ledger_sheet[] =
    "居民,活动,核实人,日期,备注\r\n"                         /* 1 */
    "丁美英,C01,原冬梅,2026/6/9,\"3号楼楼道清理, 上午\"\r\n" /* 2 good */
    "杨效文,参加人居环境整治,原冬梅,2026-06-09,\r\n"         /* 3 good */
    "王不存在,C01,原冬梅,2026/6/9,\r\n"                      /* 4 no such resident */
    "张常有,C99,原冬梅,2026/6/9,\r\n"                        /* 5 no such activity */
    "\"丁美英\",C01,原冬梅,2026/6/31,\"备注\r\n两行\"\r\n"   /* 6-7 no such day */
    "张常有,C01,原冬梅,2099-01-01,\r\n"                      /* 8 in the future */
    "丁美英,C01,原冬梅,2026/6/9,\r\n"                        /* 9 repeats line 2 */
    "薛志安,C01,原冬梅,2026/6/9,\r\n"                        /* 10 moved out */
    ",,,,\r\n"                                               /* 11 blank */
    "张常有,C01,原冬梅,2026年6月8日,补录\r\n"                /* 12 good */
    "张常有,C01,李四,2026-06-08,\r\n";                       /* 13 no such verifier */

static const long bad_lines[] = {4, 5, 6, 8, 9, 10, 13};
static const jf_status bad_status[] = {JF_NOT_FOUND, JF_NOT_FOUND, JF_BAD_DATE, JF_BAD_DATE,
                                       JF_EXISTS,    JF_INACTIVE,  JF_NOT_FOUND};
#define NBAD (sizeof bad_lines / sizeof bad_lines[0])

static void check_problems(const jf_import_result *res)
{
	assert_int_equal(res->rows, 10);
	assert_int_equal(res->n_problems, NBAD);
	for (size_t i = 0; i < NBAD; i++) {
		if (res->problems[i].line != bad_lines[i] ||
		    res->problems[i].status != bad_status[i])
			fail_msg(
			    "problem %zu: line %ld status %d (%s), expected line %ld status %d", i,
			    res->problems[i].line, res->problems[i].status,
			    res->problems[i].message, bad_lines[i], bad_status[i]);
		assert_true(res->problems[i].message[0] != '\0');
	}
	assert_non_null(strstr(res->problems[0].message, "王不存在"));
	assert_non_null(strstr(res->problems[4].message, "可能重复"));
}

static jf_csv *open_gbk_sheet(fixture *f)
{
	char path[400], err[256];
	size_t len;
	char *gbk = to_gbk(ledger_sheet, &len);
	snprintf(path, sizeof path, "%s/台账.csv", f->e->dir);
	write_file(path, gbk, len);
	free(gbk);
	jf_csv *c;
	assert_int_equal(jf_csv_open(path, &c, err, sizeof err), JF_OK);
	assert_int_equal(jf_csv_encoding_of(c), JF_CSV_GBK);
	return c;
}

static void count_progress(size_t done, size_t total, void *arg)
{
	size_t *calls = arg;
	assert_true(done <= total);
	(*calls)++;
}

static void test_import_all_or_nothing(void **state)
{
	fixture *f = *state;
	int64_t before = ledger_count(f);
	jf_import_result res;
	size_t calls = 0;

	/* GBK, with bad rows: every one reported, nothing written */
	jf_csv *c = open_gbk_sheet(f);
	assert_int_equal(jf_award_import(f->e->db, f->staff, c, 0, count_progress, &calls, &res),
	                 JF_INVALID);
	check_problems(&res);
	assert_int_equal(res.imported, 0);
	assert_int_equal(calls, 10);
	jf_import_result_free(&res);
	jf_csv_close(c);
	assert_int_equal(ledger_count(f), before);
	assert_int_equal(balance(f, f->ding), 0);
	jf_audit_report rep;
	assert_int_equal(jf_audit(f->e->db, &rep), JF_OK);

	/* the good rows only, when asked */
	c = open_gbk_sheet(f);
	assert_int_equal(
	    jf_award_import(f->e->db, f->staff, c, JF_IMPORT_SKIP_BAD, NULL, NULL, &res), JF_OK);
	check_problems(&res);
	assert_int_equal(res.imported, 3);
	assert_int_equal(res.points, 6);
	jf_import_result_free(&res);
	jf_csv_close(c);
	assert_int_equal(ledger_count(f), before + 3);
	assert_int_equal(balance(f, f->ding), 2);
	assert_int_equal(balance(f, f->yang), 2);
	assert_int_equal(balance(f, f->zhang), 2);
	jf_entry *e;
	size_t n;
	assert_int_equal(jf_passbook(f->e->db, f->ding, &e, &n), JF_OK);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].deed_date, "2026-06-09");
	assert_string_equal(e[0].note, "3号楼楼道清理, 上午");
	assert_string_equal(e[0].verifier_name, "原冬梅");
	free(e);
	assert_int_equal(jf_passbook(f->e->db, f->zhang, &e, &n), JF_OK);
	assert_string_equal(e[0].deed_date, "2026-06-08");
	assert_string_equal(e[0].note, "补录");
	free(e);
	assert_int_equal(jf_audit(f->e->db, &rep), JF_OK);

	/* the same file again: every good row is now a likely duplicate */
	c = open_gbk_sheet(f);
	assert_int_equal(jf_award_import(f->e->db, f->staff, c, 0, NULL, NULL, &res), JF_INVALID);
	assert_int_equal(res.n_problems, NBAD + 3);
	jf_import_result_free(&res);
	jf_csv_close(c);
	assert_int_equal(ledger_count(f), before + 3);
}

static void test_import_utf8_without_header(void **state)
{
	fixture *f = *state;
	/* UTF-8 with a BOM, CRLF, no header: resident, activity, verifier, date, note */
	const char sheet[] = "\xEF\xBB\xBF"
	                     "丁美英,C01,原冬梅,2026-06-01,\r\n"
	                     "dmy,c01,原冬梅,2026-06-02,拼音也行\r\n"
	                     "杨效文,G04,ydm,,\r\n"; /* the date defaults to today */
	jf_csv *c = open_str(sheet, sizeof sheet - 1, JF_OK);
	jf_import_result res;
	assert_int_equal(jf_award_import(f->e->db, f->staff, c, 0, NULL, NULL, &res), JF_OK);
	assert_int_equal(res.imported, 3);
	assert_int_equal(res.n_problems, 0);
	assert_int_equal(res.points, 2 + 2 + 3);
	jf_import_result_free(&res);
	jf_csv_close(c);
	assert_int_equal(balance(f, f->ding), 4);
	jf_entry *e;
	size_t n;
	assert_int_equal(jf_passbook(f->e->db, f->yang, &e, &n), JF_OK);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].deed_date, "2026-06-10");
	free(e);

	/* a repeat is accepted when asked */
	const char again[] = "丁美英,C01,原冬梅,2026-06-01,又一次\n";
	c = open_str(again, sizeof again - 1, JF_OK);
	assert_int_equal(jf_award_import(f->e->db, f->staff, c, 0, NULL, NULL, &res), JF_INVALID);
	assert_int_equal(res.problems[0].status, JF_EXISTS);
	jf_import_result_free(&res);
	jf_csv_close(c);
	c = open_str(again, sizeof again - 1, JF_OK);
	assert_int_equal(
	    jf_award_import(f->e->db, f->staff, c, JF_IMPORT_ALLOW_DUPLICATES, NULL, NULL, &res),
	    JF_OK);
	assert_int_equal(res.imported, 1);
	jf_import_result_free(&res);
	jf_csv_close(c);
	assert_int_equal(balance(f, f->ding), 6);
}

static void test_import_refusals(void **state)
{
	fixture *f = *state;
	int64_t before = ledger_count(f);
	jf_import_result res;
	jf_csv *c;
	/* a header naming a column nobody knows */
	const char h1[] = "居民,活动,核实人,积分\n丁美英,C01,原冬梅,5\n";
	c = open_str(h1, sizeof h1 - 1, JF_OK);
	assert_int_equal(
	    jf_award_import(f->e->db, f->staff, c, JF_IMPORT_SKIP_BAD, NULL, NULL, &res),
	    JF_INVALID);
	assert_non_null(strstr(jf_db_error(f->e->db), "积分"));
	assert_int_equal(res.problems[0].line, 1);
	jf_import_result_free(&res);
	jf_csv_close(c);
	/* a header without the verifier */
	const char h2[] = "resident,activity,date\n丁美英,C01,2026-06-01\n";
	c = open_str(h2, sizeof h2 - 1, JF_OK);
	assert_int_equal(jf_award_import(f->e->db, f->staff, c, 0, NULL, NULL, &res), JF_INVALID);
	assert_non_null(strstr(jf_db_error(f->e->db), "核实人"));
	jf_import_result_free(&res);
	jf_csv_close(c);
	/* an unterminated quote at the end: the rows before it are not written either */
	const char q[] = "丁美英,C01,原冬梅,2026-06-01,\n杨效文,C01,原冬梅,2026-06-01,\"oops\n";
	c = open_str(q, sizeof q - 1, JF_OK);
	assert_int_equal(jf_award_import(f->e->db, f->staff, c, 0, NULL, NULL, &res), JF_INVALID);
	assert_int_equal(res.n_problems, 1);
	assert_non_null(strstr(res.problems[0].message, "第 2 行"));
	jf_import_result_free(&res);
	jf_csv_close(c);
	/* a row with more fields than the header */
	const char x[] = "居民,活动,核实人\n丁美英,C01,原冬梅,多出来的\n";
	c = open_str(x, sizeof x - 1, JF_OK);
	assert_int_equal(jf_award_import(f->e->db, f->staff, c, 0, NULL, NULL, &res), JF_INVALID);
	assert_int_equal(res.problems[0].line, 2);
	jf_import_result_free(&res);
	jf_csv_close(c);
	/* a volunteer may not award at all */
	const char ok[] = "丁美英,C01,原冬梅,2026-06-01,\n";
	c = open_str(ok, sizeof ok - 1, JF_OK);
	assert_int_equal(jf_award_import(f->e->db, f->vol, c, 0, NULL, NULL, &res), JF_DENIED);
	jf_import_result_free(&res);
	jf_csv_close(c);
	/* an empty file */
	c = open_str("\r\n\r\n", 4, JF_OK);
	assert_int_equal(jf_award_import(f->e->db, f->staff, c, 0, NULL, NULL, &res), JF_INVALID);
	jf_import_result_free(&res);
	jf_csv_close(c);
	assert_int_equal(ledger_count(f), before);
}

static void test_import_dates(void **state)
{
	(void)state;
	char d[11];
	assert_true(jf_import_date("2026/6/9", d));
	assert_string_equal(d, "2026-06-09");
	assert_true(jf_import_date("2026-06-09", d));
	assert_true(jf_import_date("2026.6.9", d));
	assert_true(jf_import_date("2026年6月9日", d));
	assert_string_equal(d, "2026-06-09");
	assert_false(jf_import_date("2026/2/30", d));
	assert_false(jf_import_date("6/9/2026", d));
	assert_false(jf_import_date("2026-06-09x", d));
	assert_false(jf_import_date("", d));
	/* issue 16: as a Chinese spreadsheet writes dates */
	assert_true(jf_import_date("2026/11/26", d));
	assert_string_equal(d, "2026-11-26");
	assert_true(jf_import_date("２０２６／１１／２６", d));
	assert_string_equal(d, "2026-11-26");
	assert_true(jf_import_date("２０２６年１１月２６日", d));
	assert_string_equal(d, "2026-11-26");
	assert_true(jf_import_date("2026 年 11 月 26 日", d));
	assert_string_equal(d, "2026-11-26");
	assert_true(jf_import_date("2026－11－26", d));
	assert_string_equal(d, "2026-11-26");
	assert_true(jf_import_date("2026/11/26 0:00", d));
	assert_string_equal(d, "2026-11-26");
	assert_false(jf_import_date("2026/11/26 9:30", d));
	assert_false(jf_import_date("26/11/26", d));
	assert_false(jf_import_date("2026/13/1", d));
	assert_false(jf_import_date("2026/-1/1", d));
	assert_false(jf_import_date("2026/+1/1", d));
	assert_false(jf_import_date("46352", d)); /* Excel's day number */
	assert_false(jf_import_date("2026年11月", d));
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	test_init();
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_utf8_crlf_quotes),
	    cmocka_unit_test(test_utf8_bom),
	    cmocka_unit_test_setup_teardown(test_gbk, test_env_setup, test_env_teardown),
	    cmocka_unit_test(test_line_ends),
	    cmocka_unit_test(test_bad_files),
	    cmocka_unit_test(test_write_round_trip),
	    cmocka_unit_test(test_formula_guard),
	    cmocka_unit_test(test_import_dates),
	    cmocka_unit_test_setup_teardown(test_import_all_or_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import_utf8_without_header, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import_refusals, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
