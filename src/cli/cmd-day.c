/* The staff's day on the command line: the end-of-day report and closing
 * the day (日结), and the service vouchers waiting to be fulfilled. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd-day.h"
#include "cmd-export.h"
#include "jifen/csv.h"
#include "jifen/config.h"
#include "jifen/dayclose.h"
#include "jifen/escpos.h"
#include "jifen/i18n.h"
#include "jifen/report.h"
#include "jifen/resident.h"
#include "jifen/voucher.h"

#define NO_OPTS                                                                                    \
	{                                                                                          \
		NULL, 0, 0, NULL, 0                                                                \
	}

/* --width N, or the default; -1 (message printed) when malformed. */
static int width_opt(const cli_opt *opts, int def, int *out)
{
	const char *w = cli_arg(opts, "width");
	int64_t v;
	*out = def;
	if (!w)
		return 0;
	if (cli_int(w, 32, 400, &v) != 0) {
		cli_failf(JF_USAGE, _("--width 应为 32 到 400 之间的列数，收到“%s”"), w);
		return -1;
	}
	*out = (int)v;
	return 0;
}

int cli_print_report(cli_ctx *c, cli_report_writer write, void *arg)
{
	jf_config cfg;
	char err[4096];
	jf_status st = jf_config_load(NULL, &cfg, err, sizeof err);
	if (st != JF_OK) {
		/* one line per bad line of the file */
		for (char *line = err; line && *line;) {
			char *nl = strchr(line, '\n');
			if (nl)
				*nl = '\0';
			cli_err("%s", line);
			line = nl ? nl + 1 : NULL;
		}
		if (!err[0])
			cli_err("%s", jf_status_message(st));
		return jf_status_exit(st);
	}
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return cli_failf(JF_NOMEM, "%s", strerror(errno));
	st = write(c, f, jf_paper_cols(cfg.paper), arg);
	fclose(f);
	if (st != JF_OK) {
		free(text);
		return cli_fail(c, st);
	}
	st = jf_report_print(&cfg, text, err, sizeof err);
	free(text);
	if (st != JF_OK)
		return cli_failf(st, "%s", err);
	cli_printf(_("已送到打印机 %s\n"), cfg.printer_target);
	return 0;
}

static jf_status write_day(cli_ctx *c, FILE *f, int cols, void *arg)
{
	jf_day_report_write(c->db, arg, f, cols, 1);
	return JF_OK;
}

/* The report for scripts: the figures of the text report, one JSON object
 * on one line. */
static void write_day_json(const jf_day_report *r, FILE *f)
{
	int first = 1, in;
	char when[32];
	fputc('{', f);
	cli_json_kv_str(f, &first, "date", r->day);
	cli_json_kv_bool(f, &first, "closed", r->closed);
	if (r->closed) {
		cli_time(r->closed_time, when, sizeof when);
		cli_json_kv_str(f, &first, "closed_at", when);
		cli_json_kv_str(f, &first, "closed_by", r->closed_by);
		cli_json_kv_str(f, &first, "note", r->close_note);
	}
	cli_json_kv_bool(f, &first, "balanced", r->balanced);
	cli_json_key(f, &first, "points");
	in = 1;
	fputc('{', f);
	cli_json_kv_int(f, &in, "redemptions", r->redemptions);
	cli_json_kv_int(f, &in, "redeemed", r->points_redeemed);
	cli_json_kv_int(f, &in, "voids", r->voids);
	cli_json_kv_int(f, &in, "returned", r->points_voided);
	cli_json_kv_int(f, &in, "awards", r->awards);
	cli_json_kv_int(f, &in, "awarded", r->points_awarded);
	cli_json_kv_int(f, &in, "adjustments", r->adjustments);
	cli_json_kv_int(f, &in, "adjusted", r->points_adjusted);
	cli_json_kv_int(f, &in, "opening", r->points_opening);
	cli_json_kv_int(f, &in, "closing", r->points_closing);
	fputc('}', f);
	cli_json_key(f, &first, "stock");
	fputc('[', f);
	for (size_t i = 0; i < r->n_stock; i++) {
		const jf_day_stock *s = &r->stock[i];
		in = 1;
		fputs(i ? ",{" : "{", f);
		cli_json_kv_int(f, &in, "item_id", s->item_id);
		cli_json_kv_str(f, &in, "item", s->name);
		cli_json_kv_str(f, &in, "unit", s->unit);
		cli_json_kv_int(f, &in, "opening", s->opening);
		cli_json_kv_int(f, &in, "received", s->received);
		cli_json_kv_int(f, &in, "redeemed", s->redeemed);
		cli_json_kv_int(f, &in, "returned", s->voided);
		cli_json_kv_int(f, &in, "adjusted", s->adjusted);
		cli_json_kv_int(f, &in, "expected", s->expected);
		if (s->counted_set) {
			cli_json_kv_int(f, &in, "counted", s->counted);
		} else {
			cli_json_key(f, &in, "counted");
			fputs("null", f);
		}
		cli_json_kv_int(f, &in, "difference", s->count_diff);
		fputc('}', f);
	}
	fputc(']', f);
	cli_json_kv_int(f, &first, "stock_differences", r->stock_differences);
	cli_json_key(f, &first, "unprinted");
	fputc('[', f);
	for (size_t i = 0; i < r->n_unprinted; i++) {
		const jf_day_unprinted *u = &r->unprinted[i];
		in = 1;
		fputs(i ? ",{" : "{", f);
		cli_json_kv_str(f, &in, "receipt", u->receipt_no);
		cli_time(u->time, when, sizeof when);
		cli_json_kv_str(f, &in, "time", when);
		cli_json_kv_str(f, &in, "resident", u->resident);
		cli_json_kv_int(f, &in, "points", u->total);
		cli_json_kv_int(f, &in, "failed_prints", u->attempts);
		cli_json_kv_str(f, &in, "error", u->last_error);
		fputc('}', f);
	}
	fputc(']', f);
	cli_json_kv_str(f, &first, "head", r->ledger_head);
	cli_json_kv_str(f, &first, "stock_head", r->stock_head);
	fputs("}\n", f);
}

/* The report as CSV sections (a title row, a header row, rows, a blank
 * row), for --format xlsx. */
static void csv_cells(FILE *f, int n, const char *const *cells)
{
	for (int i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		jf_csv_write_text(f, cells[i]);
	}
	fputs("\r\n", f);
}

static void write_day_csv(const jf_day_report *r, FILE *f)
{
	char n[10][24], when[32];
#define NUM(i, v) snprintf(n[i], sizeof n[i], "%lld", (long long)(v))
	{
		const char *row[] = {_("日报"), r->day};
		csv_cells(f, 2, row);
		const char *closed[] = {_("已日结"), r->closed ? _("是") : _("否")};
		csv_cells(f, 2, closed);
		const char *bal[] = {_("合计与台账相符"), r->balanced ? _("是") : _("否")};
		csv_cells(f, 2, bal);
	}
	{
		const char *t[] = {_("积分")};
		const char *h[] = {_("项目"), _("笔数"), _("积分")};
		fputs("\r\n", f);
		csv_cells(f, 1, t);
		csv_cells(f, 3, h);
		const struct {
			const char *label;
			int64_t count, points;
		} p[] = {
		    {_("兑换"), r->redemptions, r->points_redeemed},
		    {_("作废"), r->voids, r->points_voided},
		    {_("赋分"), r->awards, r->points_awarded},
		    {_("调整"), r->adjustments, r->points_adjusted},
		};
		for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) {
			NUM(0, p[i].count);
			NUM(1, p[i].points);
			const char *row[] = {p[i].label, n[0], n[1]};
			csv_cells(f, 3, row);
		}
		NUM(0, r->points_opening);
		NUM(1, r->points_closing);
		const char *o[] = {_("全体居民期初余额"), "", n[0]};
		const char *c[] = {_("全体居民期末余额"), "", n[1]};
		csv_cells(f, 3, o);
		csv_cells(f, 3, c);
	}
	{
		const char *t[] = {_("库存")};
		const char *h[] = {_("物品"), _("单位"), _("期初"), _("入库"), _("兑出"),
		                   _("退回"), _("调整"), _("应有"), _("实盘"), _("差异")};
		fputs("\r\n", f);
		csv_cells(f, 1, t);
		csv_cells(f, 10, h);
		for (size_t i = 0; i < r->n_stock; i++) {
			const jf_day_stock *st = &r->stock[i];
			NUM(0, st->opening);
			NUM(1, st->received);
			NUM(2, st->redeemed);
			NUM(3, st->voided);
			NUM(4, st->adjusted);
			NUM(5, st->expected);
			NUM(6, st->counted);
			NUM(7, st->count_diff);
			const char *row[] = {st->name, st->unit, n[0], n[1], n[2], n[3], n[4], n[5],
			                     st->counted_set ? n[6] : "", n[7]};
			csv_cells(f, 10, row);
		}
	}
	{
		const char *t[] = {_("未打印的小票")};
		const char *h[] = {_("小票"), _("时间"), _("居民"), _("积分")};
		fputs("\r\n", f);
		csv_cells(f, 1, t);
		csv_cells(f, 4, h);
		for (size_t i = 0; i < r->n_unprinted; i++) {
			const jf_day_unprinted *u = &r->unprinted[i];
			cli_time(u->time, when, sizeof when);
			NUM(0, u->total);
			const char *row[] = {u->receipt_no, when, u->resident, n[0]};
			csv_cells(f, 4, row);
		}
	}
	{
		const char *t[] = {_("台账校验")};
		const char *h[] = {_("项目"), _("校验码")};
		const char *a[] = {_("台账"), r->ledger_head};
		const char *b[] = {_("库存"), r->stock_head};
		fputs("\r\n", f);
		csv_cells(f, 1, t);
		csv_cells(f, 2, h);
		csv_cells(f, 2, a);
		csv_cells(f, 2, b);
	}
#undef NUM
}

int cmd_day_report(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{"width", 'w', 1, NULL, 0},
	                  {"printer", 0, 0, NULL, 0},
	                  {"print", 0, 0, NULL, 0},
	                  {"json", 0, 0, NULL, 0},
	                  {"format", 'f', 1, NULL, 0},
	                  {"output", 'o', 1, NULL, 0},
	                  NO_OPTS};
	int n, rc, cols;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n > 1)
		return cli_usage(c);
	const char *fmt = cli_arg(opts, "format"), *path = cli_arg(opts, "output");
	int xlsx = export_wants_xlsx(fmt, path);
	if (fmt && !xlsx && strcmp(fmt, "text") != 0 && strcmp(fmt, "json") != 0)
		return cli_failf(JF_USAGE, _("--format 只能是 text、json 或 xlsx，收到“%s”"), fmt);
	if (path && !xlsx)
		return cli_failf(JF_USAGE, "%s", _("-o 只用于 --format xlsx"));
	if (xlsx && (rc = export_xlsx_needs_file(path)) != 0)
		return rc;
	int json = cli_flag(opts, "json") || (fmt && strcmp(fmt, "json") == 0);
	if (xlsx && (json || cli_flag(opts, "print") || cli_flag(opts, "printer")))
		return cli_failf(JF_USAGE, "%s", _("--format xlsx 不能与 --json、--print、--printer 同用"));
	if (json && (cli_flag(opts, "print") || cli_flag(opts, "printer") || cli_arg(opts, "width")))
		return cli_failf(JF_USAGE, "%s", _("--json 不能与 --print、--printer、--width 同用"));
	int printer = cli_flag(opts, "printer");
	if (width_opt(opts, printer ? 32 : 64, &cols) != 0)
		return jf_status_exit(JF_USAGE);
	jf_day_report *r;
	jf_status st = jf_day_report_load(c->db, n ? argv[0] : NULL, &r);
	if (st != JF_OK)
		return cli_fail(c, st);
	if (xlsx) {
		export_out out;
		char *csv = NULL;
		size_t len = 0;
		FILE *f;
		if ((rc = export_open(&out, path)) == 0) {
			if (!(f = open_memstream(&csv, &len))) {
				export_close(&out, 0);
				rc = cli_failf(JF_NOMEM, "%s", strerror(errno));
			} else {
				write_day_csv(r, f);
				if (fclose(f) != 0) {
					export_close(&out, 0);
					rc = cli_failf(JF_NOMEM, "%s", strerror(errno));
				} else {
					rc = export_xlsx_close(&out, csv, len, _("日报"), 0);
				}
			}
			free(csv);
		}
	} else if (json)
		write_day_json(r, stdout);
	else if (cli_flag(opts, "print"))
		rc = cli_print_report(c, write_day, r);
	else
		jf_day_report_write(c->db, r, stdout, cols, printer);
	jf_day_report_free(r);
	return rc;
}

int cmd_day_close(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{"note", 0, 1, NULL, 0}, NO_OPTS};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n > 1)
		return cli_usage(c);
	const char *day = n ? argv[0] : NULL;
	if (day && !jf_day_valid(day))
		return cli_failf(JF_BAD_DATE, _("%s 不是有效日期（应为 YYYY-MM-DD）"), day);
	jf_status st;
	if ((st = cli_login(c)) != JF_OK)
		return jf_status_exit(st);
	if ((st = jf_day_close(c->db, c->op, day, cli_arg(opts, "note"))) != JF_OK)
		return cli_fail(c, st);
	/* What was closed, as the report now says it. */
	jf_day_report *r;
	if ((st = jf_day_report_load(c->db, day, &r)) != JF_OK)
		return cli_fail(c, st);
	cli_printf(_("已日结 %s：兑换 %lld 笔 %lld 分，作废 %lld 笔，赋分 %lld 条 %lld 分\n"), r->day,
	       (long long)r->redemptions, (long long)r->points_redeemed, (long long)r->voids,
	       (long long)r->awards, (long long)r->points_awarded);
	if (r->stock_differences)
		cli_printf(_("注意：%lld 种商品实盘与账面不符，详见 jifen day report %s\n"),
		       (long long)r->stock_differences, r->day);
	if (r->n_unprinted)
		cli_printf(_("注意：%zu 张小票还没有打印\n"), r->n_unprinted);
	if (!r->balanced)
		cli_printf("%s\n", _("注意：合计与台账记录不符，请运行 jifen audit"));
	/* the earlier days nobody closed matter too */
	char open[3][11];
	size_t nopen = 0;
	if (jf_day_open_before(c->db, r->day, open, 3, &nopen) == JF_OK && nopen)
		cli_printf(_("注意：之前还有 %zu 天没有日结（最近的是 %s）\n"), nopen, open[0]);
	cli_printf("%s\n", _("此后该日不能再记账；更正请在今后的营业日记入（作废或调整）。"));
	jf_day_report_free(r);
	return 0;
}

int cmd_voucher_list(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {
	    {"all", 0, 0, NULL, 0}, {"resident", 0, 1, NULL, 0}, {"json", 0, 0, NULL, 0}, NO_OPTS};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 0)
		return cli_usage(c);
	int64_t rid = 0;
	jf_status st;
	const char *who = cli_arg(opts, "resident");
	if (who) {
		jf_resident r;
		if ((st = jf_resident_resolve(c->db, who, &r)) != JF_OK)
			return cli_fail(c, st);
		rid = r.id;
	}
	jf_voucher_entry *v;
	size_t nv;
	unsigned states = cli_flag(opts, "all") ? JF_VOUCHER_ALL : JF_VOUCHER_OPEN;
	if ((st = jf_voucher_list(c->db, states, rid, &v, &nv)) != JF_OK)
		return cli_fail(c, st);
	if (cli_flag(opts, "json")) {
		fputc('[', stdout);
		for (size_t i = 0; i < nv; i++) {
			int first = 1;
			fputs(i ? ",{" : "{", stdout);
			cli_json_kv_int(stdout, &first, "id", v[i].id);
			cli_json_kv_str(stdout, &first, "receipt", v[i].receipt_no);
			cli_json_kv_int(stdout, &first, "issued", v[i].issued_time);
			cli_json_kv_str(stdout, &first, "resident", v[i].resident);
			cli_json_kv_str(stdout, &first, "item", v[i].item);
			cli_json_kv_str(stdout, &first, "kind", v[i].kind);
			cli_json_kv_str(stdout, &first, "sponsor", v[i].sponsor);
			cli_json_kv_str(stdout, &first, "expires", v[i].expires);
			const char *state = v[i].state == JF_VOUCHER_OPEN        ? "open"
			                    : v[i].state == JF_VOUCHER_FULFILLED ? "fulfilled"
			                    : v[i].state == JF_VOUCHER_VOIDED    ? "voided"
			                                                         : "expired";
			cli_json_kv_str(stdout, &first, "state", state);
			if (v[i].state == JF_VOUCHER_FULFILLED) {
				cli_json_kv_int(stdout, &first, "fulfilled", v[i].fulfilled_time);
				cli_json_kv_str(stdout, &first, "fulfilled_by", v[i].fulfilled_by);
				cli_json_kv_str(stdout, &first, "note", v[i].note);
				cli_json_kv_bool(stdout, &first, "override_expired",
				                 v[i].override_expired);
				if (v[i].override_expired)
					cli_json_kv_str(stdout, &first, "override_reason",
					                v[i].override_reason);
			}
			fputc('}', stdout);
		}
		fputs("]\n", stdout);
		free(v);
		return 0;
	}
	if (nv == 0) {
		cli_printf("%s\n", cli_flag(opts, "all") ? _("没有服务券") : _("没有待服务的服务券"));
		free(v);
		return 0;
	}
	cli_table *t = cli_table_new(7, "rllllll", 24);
	const char *head[7] = {_("编号"),   _("服务"),     _("居民"), _("手机"),
	                       _("提供方"), _("有效期至"), _("状态")};
	cli_table_add(t, head);
	for (size_t i = 0; i < nv; i++) {
		char id[24], state[160];
		snprintf(id, sizeof id, "%lld", (long long)v[i].id);
		if (v[i].state == JF_VOUCHER_FULFILLED) {
			char when[32];
			cli_time(v[i].fulfilled_time, when, sizeof when);
			snprintf(state, sizeof state, "%s%s %s %s",
			         jf_voucher_state_label(v[i].state),
			         v[i].override_expired ? _("（逾期登记）") : "", v[i].fulfilled_by, when);
		} else {
			snprintf(state, sizeof state, "%s", jf_voucher_state_label(v[i].state));
		}
		const char *row[7] = {id,           v[i].item,    v[i].resident, v[i].phone,
		                      v[i].sponsor, v[i].expires, state};
		cli_table_add(t, row);
	}
	cli_table_print(t, stdout);
	free(v);
	return 0;
}

int cmd_voucher_fulfil(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{"note", 0, 1, NULL, 0},
	                  {"override-expired", 0, 0, NULL, 0},
	                  {"reason", 0, 1, NULL, 0},
	                  NO_OPTS};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 1)
		return cli_usage(c);
	int64_t id;
	const char *arg = argv[0][0] == '#' ? argv[0] + 1 : argv[0];
	if (cli_int(arg, 1, INT64_MAX, &id) != 0)
		return cli_failf(JF_INVALID, _("服务券编号应为正整数，收到“%s”"), argv[0]);
	const char *reason = cli_arg(opts, "reason");
	int override = cli_flag(opts, "override-expired");
	if (override && (!reason || !*reason))
		return cli_failf(JF_USAGE, _("越过有效期要写明原因：--override-expired --reason 原因"));
	if (!override && reason)
		return cli_failf(JF_USAGE, _("--reason 只和 --override-expired 一起用"));
	jf_status st;
	if ((st = cli_login(c)) != JF_OK)
		return jf_status_exit(st);
	if ((st = jf_voucher_fulfil_ex(c->db, c->op, id, cli_arg(opts, "note"),
	                               override ? reason : NULL)) != JF_OK)
		return cli_fail(c, st);
	jf_voucher_entry v;
	if ((st = jf_voucher_get(c->db, id, &v)) != JF_OK)
		return cli_fail(c, st);
	cli_printf(_("服务券 #%lld 已登记完成：%s，居民 %s\n"), (long long)id, v.item, v.resident);
	return 0;
}
