/* Data in and out on the command line: the ledger exported as CSV or as an
 * hledger journal, a backup of the database, awards imported from CSV. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cmd-export.h"
#include "jifen/access.h"
#include "jifen/csv.h"
#include "jifen/export.h"
#include "jifen/i18n.h"
#include "jifen/import.h"
#include "jifen/xlsx.h"

#define NO_OPTS                                                                                    \
	{                                                                                          \
		NULL, 0, 0, NULL, 0                                                                \
	}

/* --- output files ------------------------------------------------------------ */

int export_open(export_out *o, const char *path)
{
	memset(o, 0, sizeof *o);
	if (!path || !*path || strcmp(path, "-") == 0) {
		o->f = stdout;
		return 0;
	}
	o->path = path;
	int e = jf_outfile_open(&o->file, path);
	if (e == ENAMETOOLONG)
		return cli_failf(JF_TOO_LONG, "%s", path);
	if (e)
		return cli_failf(JF_ERR, "%s: %s", path, strerror(e));
	o->f = o->file.f;
	return 0;
}

int export_close(export_out *o, int ok)
{
	if (o->f == stdout || !o->f)
		return 0;
	o->f = NULL;
	int e = jf_outfile_close(&o->file, ok);
	if (e)
		return cli_failf(JF_ERR, _("写入 %s 失败：%s"), o->path, strerror(e));
	return 0;
}

int export_wants_xlsx(const char *fmt, const char *path)
{
	if (fmt)
		return strcmp(fmt, "xlsx") == 0;
	size_t n = path ? strlen(path) : 0;
	return n > 5 && strcasecmp(path + n - 5, ".xlsx") == 0;
}

int export_xlsx_needs_file(const char *path)
{
	if (path && *path && strcmp(path, "-") != 0)
		return 0;
	return cli_failf(JF_USAGE, "%s", _("--format xlsx 需要用 -o 指定文件"));
}

int export_xlsx_close(export_out *o, const char *csv, size_t len, const char *sheet,
                      unsigned flags)
{
	char err[512];
	jf_status st = jf_xlsx_from_csv(csv, len, o->file.tmp, sheet, flags, err, sizeof err);
	if (st != JF_OK) {
		export_close(o, 0);
		return cli_failf(st, _("写入 %s 失败：%s"), o->path, err);
	}
	return export_close(o, 1);
}

/* --- export and backup ----------------------------------------------------------- */

int cmd_export(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{"format", 'f', 1, NULL, 0},
	                  {"output", 'o', 1, NULL, 0},
	                  {"bom", 0, 0, NULL, 0},
	                  NO_OPTS};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 0)
		return cli_usage(c);
	const char *fmt = cli_arg(opts, "format");
	const char *path = cli_arg(opts, "output");
	int ledger = 0, xlsx = export_wants_xlsx(fmt, path);
	if (!fmt && !xlsx)
		return cli_failf(JF_USAGE, "%s",
		                 _("请用 --format csv、ledger 或 xlsx 指定格式"));
	if (xlsx)
		;
	else if (strcmp(fmt, "csv") == 0)
		ledger = 0;
	else if (strcmp(fmt, "ledger") == 0 || strcmp(fmt, "hledger") == 0 ||
	         strcmp(fmt, "journal") == 0)
		ledger = 1;
	else
		return cli_failf(JF_USAGE, _("--format 只能是 csv、ledger 或 xlsx，收到“%s”"), fmt);
	if (xlsx && (rc = export_xlsx_needs_file(path)) != 0)
		return rc;
	jf_status st;
	if ((st = cli_login(c)) != JF_OK)
		return jf_status_exit(st);
	export_out out;
	if ((rc = export_open(&out, path)) != 0)
		return rc;
	char *csv = NULL;
	size_t len = 0;
	FILE *f = xlsx ? open_memstream(&csv, &len) : out.f;
	if (!f) {
		export_close(&out, 0);
		return cli_failf(JF_NOMEM, "%s", strerror(errno));
	}
	st = ledger ? jf_export_journal(c->db, c->op, f)
	            : jf_export_csv(c->db, c->op, f, cli_flag(opts, "bom"));
	if (xlsx && fclose(f) != 0 && st == JF_OK)
		st = JF_NOMEM;
	if (st != JF_OK) {
		free(csv);
		export_close(&out, 0);
		return cli_fail(c, st);
	}
	rc = xlsx ? export_xlsx_close(&out, csv, len, _("台账"), 0) : export_close(&out, 1);
	free(csv);
	if (rc != 0)
		return rc;
	if (out.path)
		cli_fprintf(stderr, _("已导出到 %s\n"), out.path);
	return 0;
}

/* A progress bar on stderr, only when it is a terminal. */
typedef struct {
	const char *what;
	int shown; /* percent last drawn, -1 none */
} bar;

static void bar_draw(size_t done, size_t total, void *arg)
{
	bar *b = arg;
	int pct = total ? (int)((done * 100) / total) : 100;
	if (pct == b->shown)
		return;
	b->shown = pct;
	char line[64];
	int fill = pct / 5;
	for (int i = 0; i < 20; i++)
		line[i] = i < fill ? '#' : '.';
	line[20] = '\0';
	cli_fprintf(stderr, "\r%s [%s] %3d%%", b->what, line, pct);
	fflush(stderr);
}

static void bar_end(const bar *b)
{
	if (b->shown >= 0)
		fputc('\n', stderr);
}

int cmd_backup(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {NO_OPTS};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 1)
		return cli_usage(c);
	jf_status st;
	if ((st = cli_login(c)) != JF_OK)
		return jf_status_exit(st);
	bar b = {_("备份"), -1};
	st = jf_backup(c->db, c->op, argv[0], isatty(2) ? bar_draw : NULL, &b);
	bar_end(&b);
	if (st != JF_OK)
		return cli_fail(c, st);
	cli_printf(_("已备份到 %s\n"), argv[0]);
	return 0;
}

int cmd_access_log(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{"json", 0, 0, NULL, 0}, NO_OPTS};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 0)
		return cli_usage(c);
	jf_status st;
	if ((st = cli_login(c)) != JF_OK)
		return jf_status_exit(st);
	jf_access *v = NULL;
	size_t nv = 0;
	if ((st = jf_access_list(c->db, c->op, &v, &nv)) != JF_OK)
		return cli_fail(c, st);
	if (cli_flag(opts, "json")) {
		fputc('[', stdout);
		for (size_t i = 0; i < nv; i++) {
			int first = 1;
			fputs(i ? ",{" : "{", stdout);
			cli_json_kv_int(stdout, &first, "id", v[i].id);
			cli_json_kv_int(stdout, &first, "time", v[i].time);
			cli_json_kv_str(stdout, &first, "operator", v[i].login);
			cli_json_kv_str(stdout, &first, "operator_name", v[i].name);
			cli_json_kv_str(stdout, &first, "what", v[i].what);
			cli_json_kv_str(stdout, &first, "detail", v[i].detail);
			fputc('}', stdout);
		}
		fputs("]\n", stdout);
	} else if (nv == 0) {
		cli_printf("%s\n", _("还没有人导出过居民资料"));
	} else {
		cli_table *t = cli_table_new(5, "lllll", 40);
		const char *head[5] = {_("时间"), _("操作员"), _("姓名"), _("导出"), _("说明")};
		cli_table_add(t, head);
		for (size_t i = 0; i < nv; i++) {
			char when[32];
			cli_time(v[i].time, when, sizeof when);
			const char *row[5] = {when, v[i].login, v[i].name, jf_access_label(v[i].what),
			                      v[i].detail};
			cli_table_add(t, row);
		}
		cli_table_print(t, stdout);
	}
	free(v);
	return 0;
}

/* --- award import ------------------------------------------------------------ */

int cmd_award_import(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {
	    {"skip-bad", 0, 0, NULL, 0}, {"allow-duplicates", 0, 0, NULL, 0}, NO_OPTS};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 1)
		return cli_usage(c);
	const char *path = argv[0];
	char err[512];
	jf_csv *csv;
	jf_status st = jf_csv_open(path, &csv, err, sizeof err);
	if (st != JF_OK)
		return cli_failf(st, "%s", err);
	if ((st = cli_login(c)) != JF_OK) {
		jf_csv_close(csv);
		return jf_status_exit(st);
	}
	unsigned flags = (cli_flag(opts, "skip-bad") ? JF_IMPORT_SKIP_BAD : 0) |
	                 (cli_flag(opts, "allow-duplicates") ? JF_IMPORT_ALLOW_DUPLICATES : 0);
	jf_import_result res;
	bar b = {_("导入"), -1};
	st = jf_award_import(c->db, c->op, csv, flags, isatty(2) ? bar_draw : NULL, &b, &res);
	bar_end(&b);
	const char *colon = jf_i18n_is_english() ? ": " : "：";
	/* every refused row, one line each, in file order */
	for (size_t i = 0; i < res.n_problems; i++) {
		const jf_import_problem *p = &res.problems[i];
		if (p->line > 0)
			cli_err(_("%s 第 %ld 行：%s%s%s"), path, p->line,
			        jf_status_message(p->status), colon, p->message);
		else
			cli_err("%s: %s", path, p->message);
	}
	if (st != JF_OK) {
		if (res.n_problems && st == JF_INVALID)
			cli_err(_("%s：%zu 行有错，没有导入任何赋分（改正后重试，或用 --skip-bad "
			          "只导入正确的行）"),
			        path, res.n_problems);
		else
			cli_fail(c, st);
		rc = jf_status_exit(st);
	} else {
		cli_printf(_("已从 %s（%s）导入 %zu 条赋分，共 %lld 分\n"), path,
		       jf_csv_encoding_name(jf_csv_encoding_of(csv)), res.imported,
		       (long long)res.points);
		if (res.n_problems)
			cli_printf(_("跳过了 %zu 行有错的记录（见上）\n"), res.n_problems);
		rc = 0;
	}
	jf_import_result_free(&res);
	jf_csv_close(csv);
	return rc;
}
