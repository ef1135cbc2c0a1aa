/* Residents: add, find, list, import and export as CSV, move out; and the
 * passbook (积分存折). */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "cmd-export.h"
#include "jifen/csv.h"
#include "jifen/export.h"
#include "jifen/i18n.h"
#include "jifen/ledger.h"
#include "jifen/outfile.h"
#include "jifen/resident-csv.h"
#include "jifen/resident.h"
#include "jifen/text.h"
#include "jifen/xlsx.h"

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p) {
		fputs("jifen: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

/* "3-2-501" from building, unit and room, leaving out the empty ones. */
static void door(const jf_resident *r, char *buf, size_t len)
{
	const char *parts[3] = {r->building, r->unit, r->room};
	size_t o = 0;
	buf[0] = '\0';
	for (int i = 0; i < 3; i++) {
		if (!parts[i][0])
			continue;
		int k = snprintf(buf + o, len - o, "%s%s", o ? "-" : "", parts[i]);
		if (k < 0 || (size_t)k >= len - o)
			break;
		o += (size_t)k;
	}
}

/* Every resident (moved-out ones too if `all`), by the pinyin of their name.
 * The core gives them one by one: ids are dense, as residents are never
 * deleted.  *out is the caller's to free. */
static jf_status all_residents(cli_ctx *c, int all, jf_resident **out, size_t *n)
{
	int64_t total = 0;
	jf_status st = jf_resident_count(c->db, 0, &total);
	*out = NULL;
	*n = 0;
	if (st != JF_OK)
		return st;
	jf_resident *v = xcalloc((size_t)total, sizeof *v);
	int64_t seen = 0, misses = 0;
	size_t k = 0;
	for (int64_t id = 1; seen < total && misses < 100000; id++) {
		jf_resident r;
		st = jf_resident_get(c->db, id, &r);
		if (st == JF_NOT_FOUND) {
			misses++;
			continue;
		}
		if (st != JF_OK) {
			free(v);
			return st;
		}
		misses = 0;
		seen++;
		if (all || r.active)
			v[k++] = r;
	}
	*out = v;
	*n = k;
	return JF_OK;
}

static int by_pinyin(const void *a, const void *b)
{
	const jf_resident *x = a, *y = b;
	int d = strcmp(x->pinyin, y->pinyin);
	if (!d)
		d = strcmp(x->name, y->name);
	return d ? d : (x->id > y->id) - (x->id < y->id);
}

/* One resident as a JSON object. */
static void json_resident(const jf_resident *r)
{
	int first = 1;
	fputc('{', stdout);
	cli_json_kv_int(stdout, &first, "id", r->id);
	cli_json_kv_str(stdout, &first, "name", r->name);
	cli_json_kv_str(stdout, &first, "compound", r->compound);
	cli_json_kv_str(stdout, &first, "building", r->building);
	cli_json_kv_str(stdout, &first, "unit", r->unit);
	cli_json_kv_str(stdout, &first, "room", r->room);
	cli_json_kv_str(stdout, &first, "phone", r->phone);
	cli_json_kv_str(stdout, &first, "card", r->card);
	cli_json_kv_bool(stdout, &first, "party", r->party);
	cli_json_kv_bool(stdout, &first, "active", r->active);
	cli_json_kv_int(stdout, &first, "balance", r->balance);
	fputc('}', stdout);
}

static void print_residents(const jf_resident *v, size_t n)
{
	cli_table *t = cli_table_new(7, "lllllrl", 30);
	const char *head[7] = {_("姓名"), _("小区"), _("门牌"), _("手机"),
	                       _("卡号"), _("余额"), ""};
	cli_table_add(t, head);
	for (size_t i = 0; i < n; i++) {
		char d[128], bal[32], note[64];
		door(&v[i], d, sizeof d);
		snprintf(bal, sizeof bal, "%lld", (long long)v[i].balance);
		snprintf(note, sizeof note, "%s%s%s", v[i].party ? _("党员") : "",
		         v[i].party && !v[i].active ? " " : "", v[i].active ? "" : _("已搬离"));
		const char *row[7] = {v[i].name, v[i].compound, d,   v[i].phone,
		                      v[i].card, bal,           note};
		cli_table_add(t, row);
	}
	cli_table_print(t, stdout);
}

/* Exactly one resident, a moved-out one too (for the passbook and for
 * `resident return`): the core's resolve first, then the search with
 * moved-out residents if that finds exactly one. */
static jf_status resolve_any(cli_ctx *c, const char *query, jf_resident *out)
{
	jf_status st = jf_resident_resolve(c->db, query, out);
	if (st != JF_NOT_FOUND)
		return st;
	jf_resident found[2];
	int n = 0, exact = 0;
	if (jf_resident_search(c->db, query, 1, found, 2, &n, &exact) == JF_OK && n == 1 &&
	    !found[0].active) {
		*out = found[0];
		return JF_OK;
	}
	/* the resolve's own message stands; search it again to restore it */
	return jf_resident_resolve(c->db, query, out);
}

/* --- add, find, list, move out ------------------------------------------- */

int cmd_resident_add(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {
	    {"phone", 0, 1, NULL, 0}, {"compound", 0, 1, NULL, 0}, {"building", 0, 1, NULL, 0},
	    {"unit", 0, 1, NULL, 0},  {"room", 0, 1, NULL, 0},     {"card", 0, 1, NULL, 0},
	    {"party", 0, 0, NULL, 0}, {NULL, 0, 0, NULL, 0},
	};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 1)
		return cli_usage(c);
	jf_resident_new r = {
	    .name = argv[0],
	    .compound = cli_arg(opts, "compound"),
	    .building = cli_arg(opts, "building"),
	    .unit = cli_arg(opts, "unit"),
	    .room = cli_arg(opts, "room"),
	    .phone = cli_arg(opts, "phone"),
	    .card = cli_arg(opts, "card"),
	    .party = cli_flag(opts, "party"),
	};
	jf_status st;
	int64_t id;
	if ((st = cli_login(c)) != JF_OK)
		return jf_status_exit(st);
	if ((st = jf_resident_add(c->db, c->op, &r, &id)) != JF_OK)
		return cli_fail(c, st);
	cli_printf(_("已登记居民 %s（编号 %lld）\n"), argv[0], (long long)id);
	return 0;
}

/* An option's value, or the field as it is when the option is absent. */
static const char *kept(const cli_opt *opts, const char *name, const char *now)
{
	const char *v = cli_arg(opts, name);
	return v ? v : now;
}

int cmd_resident_edit(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {
	    {"name", 0, 1, NULL, 0},     {"phone", 0, 1, NULL, 0},    {"compound", 0, 1, NULL, 0},
	    {"building", 0, 1, NULL, 0}, {"unit", 0, 1, NULL, 0},     {"room", 0, 1, NULL, 0},
	    {"card", 0, 1, NULL, 0},     {"party", 0, 0, NULL, 0},    {"no-party", 0, 0, NULL, 0},
	    {NULL, 0, 0, NULL, 0},
	};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 1 || (cli_flag(opts, "party") && cli_flag(opts, "no-party")))
		return cli_usage(c);
	jf_status st;
	jf_resident r;
	if ((st = cli_login(c)) != JF_OK)
		return jf_status_exit(st);
	if ((st = resolve_any(c, argv[0], &r)) != JF_OK)
		return cli_fail(c, st);
	jf_resident_new e = {
	    .name = kept(opts, "name", r.name),
	    .compound = kept(opts, "compound", r.compound),
	    .building = kept(opts, "building", r.building),
	    .unit = kept(opts, "unit", r.unit),
	    .room = kept(opts, "room", r.room),
	    .phone = kept(opts, "phone", r.phone),
	    .card = kept(opts, "card", r.card),
	    .party = cli_flag(opts, "party") ? 1 : cli_flag(opts, "no-party") ? 0 : r.party,
	};
	if ((st = jf_resident_edit(c->db, c->op, r.id, &e)) != JF_OK)
		return cli_fail(c, st);
	cli_printf(_("已修改居民 %s（编号 %lld）\n"), e.name, (long long)r.id);
	return 0;
}

int cmd_resident_find(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{"all", 0, 0, NULL, 0}, {"json", 0, 0, NULL, 0}, {NULL, 0, 0, NULL, 0}};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 1)
		return cli_usage(c);
	if ((rc = cli_open(c)) != 0)
		return rc;
	enum { MAX = 50 };
	jf_resident *v = xcalloc(MAX, sizeof *v);
	int nf = 0, nexact = 0;
	jf_status st =
	    jf_resident_lookup(c->db, argv[0], cli_flag(opts, "all"), v, MAX, &nf, &nexact);
	if (st != JF_OK) {
		free(v);
		return cli_fail(c, st);
	}
	if (cli_flag(opts, "json")) {
		fputc('[', stdout);
		for (int i = 0; i < nf; i++) {
			if (i)
				fputc(',', stdout);
			json_resident(&v[i]);
		}
		fputs("]\n", stdout);
	} else if (nf > 0) {
		print_residents(v, (size_t)nf);
	}
	free(v);
	if (nf == 0)
		return cli_failf(JF_NOT_FOUND, _("没有居民与“%s”相符"), cli_clip(argv[0]));
	/* a card code that is also someone's phone, initials shared ...: the
	 * other commands refuse it as ambiguous; say so here too */
	if (nexact > 1)
		cli_err(_("提醒：“%s”同时对应 %d 位居民（卡号、手机号、门牌或姓名相同）：其他命令会当作有歧义而拒绝，请用能区分的写法"),
		         cli_clip(argv[0]), nexact);
	return 0;
}

int cmd_resident_list(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{"all", 0, 0, NULL, 0}, {NULL, 0, 0, NULL, 0}};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 0)
		return cli_usage(c);
	if ((rc = cli_open(c)) != 0)
		return rc;
	jf_resident *v;
	size_t nv;
	jf_status st = all_residents(c, cli_flag(opts, "all"), &v, &nv);
	if (st != JF_OK)
		return cli_fail(c, st);
	qsort(v, nv, sizeof *v, by_pinyin);
	print_residents(v, nv);
	cli_printf(_("共 %zu 位\n"), nv);
	free(v);
	return 0;
}

static int set_active(cli_ctx *c, int argc, char **argv, int active)
{
	cli_opt opts[] = {{NULL, 0, 0, NULL, 0}};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 1)
		return cli_usage(c);
	jf_status st;
	jf_resident r;
	if ((st = cli_login(c)) != JF_OK)
		return jf_status_exit(st);
	st = active ? resolve_any(c, argv[0], &r) : jf_resident_resolve(c->db, argv[0], &r);
	if (st != JF_OK)
		return cli_fail(c, st);
	if (r.active == active)
		return cli_failf(JF_INVALID, active ? _("%s 本来就在住") : _("%s 已经是搬离状态"),
		                 r.name);
	if ((st = jf_resident_set_active(c->db, c->op, r.id, active)) != JF_OK)
		return cli_fail(c, st);
	cli_printf(active ? _("%s 已恢复为在住\n") : _("%s 已标记为搬离，积分记录保留\n"), r.name);
	return 0;
}

int cmd_resident_moveout(cli_ctx *c, int argc, char **argv)
{
	return set_active(c, argc, argv, 0);
}

int cmd_resident_return(cli_ctx *c, int argc, char **argv)
{
	return set_active(c, argc, argv, 1);
}

/* --- CSV ----------------------------------------------------------------- */

/* "FILE 第 N 行：<status>：<detail>", one line; returns the exit status. */
static int line_fail(const char *path, int line, jf_status st, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int line_fail(const char *path, int line, jf_status st, const char *fmt, ...)
{
	char detail[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	cli_err(_("%s 第 %d 行：%s%s%s"), path, line, jf_status_message(st),
	        jf_i18n_is_english() ? ": " : "：", detail);
	return jf_status_exit(st);
}

/* Codes a spreadsheet rewrote are refused, never imported silently: the
 * first such row's line and what is wrong, and the lines of the others, in
 * one message.  0, or the exit status with the message printed. */
static int check_spreadsheet_codes(cli_ctx *c, const char *path, const jf_resident_csv *rows)
{
	char first[1024] = "", more[256] = "", was[64];
	int first_line = 0;
	size_t nbad = 0, used = 0;
	for (size_t i = 0; i < rows->n; i++) {
		const jf_resident_new *r = &rows->rows[i];
		char msg[sizeof first] = "";
		const struct {
			const char *col, *v;
		} codes[] = {{_("卡号"), r->card}, {_("房号"), r->room}, {_("手机"), r->phone}};
		for (size_t k = 0; k < 3 && !msg[0]; k++)
			if (codes[k].v && jf_code_spreadsheet_number(codes[k].v))
				snprintf(msg, sizeof msg,
				         _("%s“%s”像是被电子表格改成了数字（科学计数法或小数）"),
				         codes[k].col, cli_clip(codes[k].v));
		if (!msg[0] && r->card &&
		    jf_code_lost_zeros(c->db, JF_CODE_CARD, r->card, NULL, NULL, was, sizeof was))
			snprintf(msg, sizeof msg, _("%s“%s”像是被电子表格去掉了开头的 0（数据库里有 %s）"),
			         _("卡号"), cli_clip(r->card), cli_clip(was));
		if (!msg[0] && r->room &&
		    jf_code_lost_zeros(c->db, JF_CODE_ROOM, r->room, r->compound, r->building, was,
		                       sizeof was))
			snprintf(msg, sizeof msg, _("%s“%s”像是被电子表格去掉了开头的 0（数据库里有 %s）"),
			         _("房号"), cli_clip(r->room), cli_clip(was));
		if (!msg[0])
			continue;
		if (nbad++ == 0) {
			snprintf(first, sizeof first, "%s", msg);
			first_line = (int)rows->lines[i];
		} else if (used + 16 < sizeof more) {
			used += (size_t)snprintf(more + used, sizeof more - used, "%s%d",
			                         used ? ", " : "", (int)rows->lines[i]);
		}
	}
	if (!nbad)
		return 0;
	if (nbad == 1)
		return line_fail(path, first_line, JF_INVALID, "%s%s", first,
		                 _("；请在表格里把这一列设为“文本”，或用 jifen 导出的 .xlsx"));
	return line_fail(path, first_line, JF_INVALID, _("%s；另有 %zu 行也是这样（第 %s 行）"), first,
	                 nbad - 1, more);
}

int cmd_resident_import(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{NULL, 0, 0, NULL, 0}};
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
	/* the rows: checked by the core's reader for shape, by the core for
	 * content */
	jf_resident_csv rows;
	long line;
	st = jf_resident_csv_read(csv, path, &rows, &line, err, sizeof err);
	jf_csv_close(csv);
	if (st == JF_OK && ((rc = cli_open(c)) != 0 || (rc = check_spreadsheet_codes(c, path, &rows)) != 0)) {
		jf_resident_csv_free(&rows);
		return rc;
	}
	if (st != JF_OK) {
		if (line > 0)
			return line_fail(path, (int)line, st, "%s", err);
		return cli_failf(st, "%s", err);
	}
	if ((st = cli_login(c)) != JF_OK) {
		jf_resident_csv_free(&rows);
		return jf_status_exit(st);
	}
	size_t bad = 0;
	st = jf_resident_add_many(c->db, c->op, rows.rows, rows.n, &bad);
	if (st != JF_OK) {
		if (bad < rows.n)
			cli_err(_("%s 第 %d 行：%s（没有导入任何居民）"), path, (int)rows.lines[bad],
			        jf_db_error(c->db));
		else
			cli_fail(c, st);
		jf_resident_csv_free(&rows);
		return jf_status_exit(st);
	}
	cli_printf(_("已从 %s 导入 %zu 位居民\n"), path, rows.n);
	jf_resident_csv_free(&rows);
	return 0;
}

int cmd_resident_export(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{"bom", 0, 0, NULL, 0},
	                  {"format", 'f', 1, NULL, 0},
	                  {"output", 'o', 1, NULL, 0},
	                  {NULL, 0, 0, NULL, 0}};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	const char *path = cli_arg(opts, "output");
	if (n > 1 || (n == 1 && path))
		return cli_usage(c);
	if (n == 1)
		path = argv[0];
	const char *fmt = cli_arg(opts, "format");
	int xlsx = export_wants_xlsx(fmt, path);
	if (fmt && !xlsx && strcmp(fmt, "csv") != 0)
		return cli_failf(JF_USAGE, _("--format 只能是 csv 或 xlsx，收到“%s”"), fmt);
	if (xlsx && (rc = export_xlsx_needs_file(path)) != 0)
		return rc;
	/* names and phones: a staff login, recorded in the access log */
	jf_status st;
	if ((st = cli_login(c)) != JF_OK)
		return jf_status_exit(st);

	/* written beside the target and renamed: never half a file; 0600,
	 * since it holds phone numbers */
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
	size_t nv = 0;
	st = jf_export_residents(c->db, c->op, f, cli_flag(opts, "bom") && !xlsx, &nv);
	if (xlsx && fclose(f) != 0 && st == JF_OK)
		st = JF_NOMEM;
	if (st != JF_OK) {
		free(csv);
		export_close(&out, 0);
		return cli_fail(c, st);
	}
	rc = xlsx ? export_xlsx_close(&out, csv, len, _("居民"), JF_XLSX_ALL_TEXT)
	          : export_close(&out, 1);
	free(csv);
	if (rc != 0)
		return rc;
	if (out.path)
		cli_fprintf(stderr, _("已导出 %zu 位居民到 %s\n"), nv, out.path);
	return 0;
}

/* --- passbook ------------------------------------------------------------ */

int cmd_passbook(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{"json", 0, 0, NULL, 0}, {NULL, 0, 0, NULL, 0}};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 1)
		return cli_usage(c);
	if ((rc = cli_open(c)) != 0)
		return rc;
	jf_resident r;
	jf_entry *e = NULL;
	size_t ne = 0;
	jf_status st;
	if ((st = resolve_any(c, argv[0], &r)) != JF_OK ||
	    (st = jf_passbook(c->db, r.id, &e, &ne)) != JF_OK)
		return cli_fail(c, st);
	if (cli_flag(opts, "json")) {
		int first = 1;
		fputc('{', stdout);
		cli_json_key(stdout, &first, "resident");
		json_resident(&r);
		cli_json_kv_int(stdout, &first, "balance", r.balance);
		cli_json_key(stdout, &first, "entries");
		fputc('[', stdout);
		for (size_t i = 0; i < ne; i++) {
			int f2 = 1;
			fputs(i ? ",{" : "{", stdout);
			cli_json_kv_int(stdout, &f2, "id", e[i].id);
			cli_json_kv_int(stdout, &f2, "time", e[i].time);
			cli_json_kv_str(stdout, &f2, "day", e[i].day);
			cli_json_kv_str(stdout, &f2, "kind", e[i].kind);
			cli_json_kv_int(stdout, &f2, "points", e[i].points);
			cli_json_kv_int(stdout, &f2, "balance_after", e[i].balance_after);
			cli_json_kv_str(stdout, &f2, "what", e[i].what);
			cli_json_kv_str(stdout, &f2, "operator", e[i].operator_name);
			cli_json_kv_str(stdout, &f2, "verifier", e[i].verifier_name);
			cli_json_kv_str(stdout, &f2, "receipt", e[i].receipt_no);
			cli_json_kv_str(stdout, &f2, "deed_date", e[i].deed_date);
			cli_json_kv_str(stdout, &f2, "ref", e[i].ref);
			cli_json_kv_str(stdout, &f2, "note", e[i].note);
			fputc('}', stdout);
		}
		fputs("]}\n", stdout);
		free(e);
		return 0;
	}
	char d[128];
	door(&r, d, sizeof d);
	cli_printf(_("积分存折  %s  %s %s%s%s\n"), r.name, r.compound, d, r.party ? _("  党员") : "",
	       r.active ? "" : _("  已搬离"));
	cli_printf(_("余额 %lld 分，共 %zu 笔\n\n"), (long long)r.balance, ne);
	if (ne) {
		cli_table *t = cli_table_new(8, "llrrllll", 30);
		const char *head[8] = {_("时间"), _("类型"),   _("积分"), _("余额"),
		                       _("内容"), _("核实人"), _("经手"), _("小票 / 备注")};
		cli_table_add(t, head);
		for (size_t i = 0; i < ne; i++) {
			char when[32], pts[32], bal[32], extra[400];
			cli_time(e[i].time, when, sizeof when);
			cli_points(e[i].points, pts, sizeof pts);
			snprintf(bal, sizeof bal, "%lld", (long long)e[i].balance_after);
			snprintf(extra, sizeof extra, "%s%s%s", e[i].receipt_no,
			         e[i].receipt_no[0] && e[i].note[0] ? " " : "", e[i].note);
			const char *row[8] = {when,
			                      jf_entry_kind_label(e[i].kind),
			                      pts,
			                      bal,
			                      e[i].what,
			                      e[i].verifier_name,
			                      e[i].operator_name,
			                      extra};
			cli_table_add(t, row);
		}
		cli_table_print(t, stdout);
	}
	free(e);
	return 0;
}
