/* The monthly public notice and a resident's statement on the command line. */
#include <stdlib.h>
#include <string.h>

#include "cmd-day.h"
#include "cmd-export.h"
#include "cmd-month.h"
#include "jifen/access.h"
#include "jifen/i18n.h"
#include "jifen/period.h"
#include "jifen/report.h"
#include "jifen/resident.h"
#include "jifen/text.h"

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

/* --- jifen report PERIOD ----------------------------------------------------- */

static void json_rows(FILE *f, int *first, const char *key, const jf_period_row *rows, size_t n,
                      int activity)
{
	cli_json_key(f, first, key);
	fputc('[', f);
	for (size_t i = 0; i < n; i++) {
		int f2 = 1;
		fputs(i ? ",{" : "{", f);
		if (activity) {
			cli_json_kv_str(f, &f2, "code", rows[i].code);
			cli_json_kv_str(f, &f2, "name", rows[i].name);
			cli_json_kv_str(f, &f2, "category", rows[i].category);
		} else if (rows[i].category[0] || !rows[i].code[0]) {
			cli_json_kv_str(f, &f2, "category", rows[i].name);
		} else {
			cli_json_kv_str(f, &f2, "compound", rows[i].name);
			cli_json_kv_str(f, &f2, "building", rows[i].code);
		}
		cli_json_kv_int(f, &f2, "participants", rows[i].participants);
		cli_json_kv_int(f, &f2, "party_members", rows[i].party);
		cli_json_kv_int(f, &f2, "awards", rows[i].awards);
		cli_json_kv_int(f, &f2, "points", rows[i].points);
		cli_json_kv_int(f, &f2, "events", rows[i].events);
		fputc('}', f);
	}
	fputc(']', f);
}

static void period_json(const jf_period_report *r, FILE *f)
{
	int first = 1;
	fputc('{', f);
	cli_json_kv_str(f, &first, "from", r->from);
	cli_json_kv_str(f, &first, "to", r->to);
	cli_json_kv_str(f, &first, "community", r->community);
	cli_json_kv_bool(f, &first, "test", r->test);
	cli_json_kv_int(f, &first, "participants", r->participants);
	cli_json_kv_int(f, &first, "party_members", r->party_members);
	cli_json_kv_int(f, &first, "earners", r->earners);
	cli_json_kv_int(f, &first, "redeemers", r->redeemers);
	cli_json_kv_int(f, &first, "cleanups", r->cleanups);
	cli_json_kv_int(f, &first, "volunteer_services", r->volunteer_services);
	cli_json_kv_int(f, &first, "items_redeemed", r->items_redeemed);
	cli_json_kv_int(f, &first, "redemptions", r->redemptions);
	cli_json_kv_int(f, &first, "services_delivered", r->services_delivered);
	cli_json_kv_int(f, &first, "housekeeping_delivered", r->housekeeping_delivered);
	cli_json_kv_int(f, &first, "coupons_used", r->coupons_used);
	cli_json_kv_int(f, &first, "awards", r->awards);
	cli_json_kv_int(f, &first, "points_earned", r->points_earned);
	cli_json_kv_int(f, &first, "points_spent", r->points_spent);
	json_rows(f, &first, "categories", r->categories, 5, 0);
	json_rows(f, &first, "activities", r->activities, r->n_activities, 1);
	/* buildings: always with compound and building */
	cli_json_key(f, &first, "buildings");
	fputc('[', f);
	for (size_t i = 0; i < r->n_buildings; i++) {
		const jf_period_row *b = &r->buildings[i];
		int f2 = 1;
		fputs(i ? ",{" : "{", f);
		cli_json_kv_str(f, &f2, "compound", b->name);
		cli_json_kv_str(f, &f2, "building", b->code);
		cli_json_kv_int(f, &f2, "participants", b->participants);
		cli_json_kv_int(f, &f2, "party_members", b->party);
		cli_json_kv_int(f, &f2, "awards", b->awards);
		cli_json_kv_int(f, &f2, "points", b->points);
		fputc('}', f);
	}
	fputc(']', f);
	cli_json_key(f, &first, "verifiers");
	fputc('[', f);
	for (size_t i = 0; i < r->n_verifiers; i++) {
		const jf_period_verifier *v = &r->verifiers[i];
		char masked[97];
		int f2 = 1;
		jf_mask_name(v->name, masked, sizeof masked);
		fputs(i ? ",{" : "{", f);
		cli_json_kv_str(f, &f2, "name", masked);
		cli_json_kv_str(f, &f2, "role", v->role);
		cli_json_kv_str(f, &f2, "compound", v->compound);
		cli_json_kv_int(f, &f2, "deeds", v->deeds);
		cli_json_kv_int(f, &f2, "points", v->points);
		fputc('}', f);
	}
	fputc(']', f);
	cli_json_key(f, &first, "sponsors");
	fputc('[', f);
	for (size_t i = 0; i < r->n_sponsors; i++) {
		const jf_period_sponsor *s = &r->sponsors[i];
		int f2 = 1;
		fputs(i ? ",{" : "{", f);
		cli_json_kv_str(f, &f2, "name", s->name);
		cli_json_kv_str(f, &f2, "kind", s->kind);
		cli_json_kv_int(f, &f2, "given", s->given);
		cli_json_kv_int(f, &f2, "redeemed", s->redeemed);
		cli_json_kv_int(f, &f2, "fulfilled", s->fulfilled);
		fputc('}', f);
	}
	fputc(']', f);
	cli_json_key(f, &first, "months");
	fputc('[', f);
	for (size_t i = 0; i < r->n_months; i++) {
		const jf_period_month *m = &r->months[i];
		int f2 = 1;
		fputs(i ? ",{" : "{", f);
		cli_json_kv_str(f, &f2, "month", m->month);
		cli_json_kv_int(f, &f2, "participants", m->participants);
		cli_json_kv_int(f, &f2, "points", m->points);
		cli_json_kv_int(f, &f2, "items_redeemed", m->items_redeemed);
		fputc('}', f);
	}
	fputc(']', f);
	cli_json_kv_str(f, &first, "head", r->head);
	cli_json_kv_int(f, &first, "entries", r->entries);
	cli_json_kv_str(f, &first, "head_now", r->head_now);
	cli_json_kv_int(f, &first, "entries_now", r->entries_now);
	fputs("}\n", f);
}

int cmd_report(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{"format", 'f', 1, NULL, 0},
	                  {"json", 0, 0, NULL, 0},
	                  {"output", 'o', 1, NULL, 0},
	                  {"width", 'w', 1, NULL, 0},
	                  NO_OPTS};
	int n, rc, cols;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 1)
		return cli_usage(c);
	const char *fs = cli_arg(opts, "format");
	jf_report_format fmt = fs ? jf_report_format_parse(fs) : JF_REPORT_TEXT;
	if (!fmt)
		return cli_failf(JF_USAGE, _("--format 只能是 text、csv 或 html，收到“%s”"), fs);
	if (fs && cli_flag(opts, "json"))
		return cli_failf(JF_USAGE, "%s", _("--json 和 --format 只能选一个"));
	if (width_opt(opts, 60, 80, &cols) != 0)
		return jf_status_exit(JF_USAGE);
	jf_period_report *r;
	jf_status st = jf_period_report_load(c->db, argv[0], &r);
	if (st != JF_OK)
		return cli_fail(c, st);
	export_out out;
	if ((rc = export_open(&out, cli_arg(opts, "output"))) != 0) {
		jf_period_report_free(r);
		return rc;
	}
	if (cli_flag(opts, "json"))
		period_json(r, out.f);
	else
		jf_period_report_write(r, fmt, cols, out.f);
	jf_period_report_free(r);
	return export_close(&out, 1);
}
