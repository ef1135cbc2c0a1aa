/* The monthly public notice and a resident's statement on the command line. */
#include <stdlib.h>
#include <string.h>

#include "cmd-day.h"
#include "cmd-export.h"
#include "cmd-month.h"
#include "jifen/access.h"
#include "jifen/i18n.h"
#include "jifen/report.h"
#include "jifen/resident.h"

#define NO_OPTS                                                                                    \
	{                                                                                          \
		NULL, 0, 0, NULL, 0                                                                \
	}

static int width_opt(const cli_opt *opts, int min, int def, int *out)
{
	const char *w = cli_arg(opts, "width");
	int64_t v;
	*out = def;
	if (!w)
		return 0;
	if (cli_int(w, min, 400, &v) != 0) {
		cli_failf(JF_USAGE, _("--width 应为 %d 到 400 之间的列数，收到“%s”"), min, w);
		return -1;
	}
	*out = (int)v;
	return 0;
}

int cmd_month_report(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{"format", 'f', 1, NULL, 0},
	                  {"full-names", 0, 0, NULL, 0},
	                  {"output", 'o', 1, NULL, 0},
	                  {"width", 'w', 1, NULL, 0},
	                  NO_OPTS};
	int n, rc, cols;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 1)
		return cli_usage(c);
	const char *fs = cli_arg(opts, "format");
	const char *path = cli_arg(opts, "output");
	int xlsx = export_wants_xlsx(fs, path);
	jf_report_format fmt = xlsx ? JF_REPORT_CSV : fs ? jf_report_format_parse(fs) : JF_REPORT_TEXT;
	if (!fmt)
		return cli_failf(JF_USAGE, _("--format 只能是 text、csv、html 或 xlsx，收到“%s”"), fs);
	if (xlsx && (rc = export_xlsx_needs_file(path)) != 0)
		return rc;
	if (width_opt(opts, 60, 80, &cols) != 0)
		return jf_status_exit(JF_USAGE);
	jf_month_report *r;
	jf_status st = jf_month_report_load(c->db, argv[0], &r);
	if (st != JF_OK)
		return cli_fail(c, st);
	if (cli_flag(opts, "full-names")) {
		/* every participant's full name: staff only, and on the record */
		char detail[64];
		snprintf(detail, sizeof detail, "%s %s", r->month, xlsx ? "xlsx" : fs ? fs : "text");
		if ((st = cli_login(c)) != JF_OK ||
		    (st = jf_access_record(c->db, c->op, JF_ACCESS_MONTH_NAMES, detail)) != JF_OK) {
			jf_month_report_free(r);
			return c->op ? cli_fail(c, st) : jf_status_exit(st);
		}
	}
	export_out out;
	if ((rc = export_open(&out, path)) != 0) {
		jf_month_report_free(r);
		return rc;
	}
	if (!xlsx) {
		jf_month_report_write(r, fmt, cli_flag(opts, "full-names"), cols, out.f);
		jf_month_report_free(r);
		return export_close(&out, 1);
	}
	char *csv = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&csv, &len);
	if (f)
		jf_month_report_write(r, fmt, cli_flag(opts, "full-names"), cols, f);
	jf_month_report_free(r);
	if (!f || fclose(f) != 0) {
		free(csv);
		export_close(&out, 0);
		return cli_failf(JF_NOMEM, "%s", jf_status_message(JF_NOMEM));
	}
	rc = export_xlsx_close(&out, csv, len, _("每月公示"), 0);
	free(csv);
	return rc;
}

/* What jf_statement_write needs, for the printer. */
typedef struct {
	int64_t resident_id;
	const char *from, *to;
} statement_args;

static jf_status write_statement(cli_ctx *c, FILE *f, int cols, void *arg)
{
	const statement_args *a = arg;
	return jf_statement_write(c->db, a->resident_id, a->from, a->to, f, cols, 1);
}

int cmd_statement(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{"from", 0, 1, NULL, 0},    {"to", 0, 1, NULL, 0},
	                  {"width", 'w', 1, NULL, 0}, {"printer", 0, 0, NULL, 0},
	                  {"print", 0, 0, NULL, 0},   NO_OPTS};
	int n, rc, cols;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 1)
		return cli_usage(c);
	int printer = cli_flag(opts, "printer");
	if (width_opt(opts, 32, printer ? 32 : 64, &cols) != 0)
		return jf_status_exit(JF_USAGE);
	jf_resident r;
	jf_status st;
	if ((st = jf_resident_resolve(c->db, argv[0], &r)) != JF_OK)
		return cli_fail(c, st);
	statement_args a = {r.id, cli_arg(opts, "from"), cli_arg(opts, "to")};
	if (cli_flag(opts, "print"))
		return cli_print_report(c, write_statement, &a);
	if ((st = jf_statement_write(c->db, r.id, a.from, a.to, stdout, cols, printer)) != JF_OK)
		return cli_fail(c, st);
	return 0;
}
