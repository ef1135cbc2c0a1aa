/* Writing the ledger: award, redeem, void, adjust. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jifen/csv.h"
#include "jifen/catalog.h"
#include "jifen/i18n.h"
#include "jifen/ledger.h"
#include "jifen/resident.h"

/* A growing list of resident ids with the text each came from. */
typedef struct {
	int64_t *ids;
	jf_resident *res;
	size_t n, cap;
} resident_list;

static void rl_free(resident_list *l)
{
	free(l->ids);
	free(l->res);
	memset(l, 0, sizeof *l);
}

/* Resolve `query` and append it; a resident named twice is refused, as an
 * estate clean-up list typed twice would otherwise award twice.  Prints the
 * message on failure (prefixed by `where`, the file and line, if given). */
static jf_status rl_add(cli_ctx *c, resident_list *l, const char *query, const char *where)
{
	jf_resident r;
	jf_status st = jf_resident_resolve(c->db, query, &r);
	if (st != JF_OK) {
		if (where)
			cli_err("%s%s", where, jf_db_error(c->db));
		else
			cli_fail(c, st);
		return st;
	}
	for (size_t i = 0; i < l->n; i++)
		if (l->ids[i] == r.id) {
			cli_failf(JF_INVALID, _("%s%s（%s）在名单里出现了两次"), where ? where : "",
			          r.name, cli_clip(query));
			return JF_INVALID;
		}
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		int64_t *ids = realloc(l->ids, cap * sizeof *ids);
		if (ids)
			l->ids = ids;
		jf_resident *res = ids ? realloc(l->res, cap * sizeof *res) : NULL;
		if (!res) {
			cli_failf(JF_NOMEM, "%zu", cap);
			return JF_NOMEM;
		}
		l->res = res;
		l->cap = cap;
	}
	l->ids[l->n] = r.id;
	l->res[l->n] = r;
	l->n++;
	return JF_OK;
}

/* Residents from a file, one per line; blank lines and lines starting with
 * '#' are skipped.  Read by the core's CSV reader, so that UTF-8 with or
 * without a BOM and GBK/GB18030 (a column saved from Excel or WPS) all
 * work; a line is one cell (empty cells after it, as a spreadsheet may add,
 * are fine). */
static jf_status rl_add_file(cli_ctx *c, resident_list *l, const char *path)
{
	char err[512];
	jf_csv *csv;
	jf_status st = jf_csv_open(path, &csv, err, sizeof err);
	if (st != JF_OK) {
		cli_failf(st, "%s: %s", path, err);
		return st;
	}
	jf_csv_record rec;
	int got;
	while ((got = jf_csv_next(csv, &rec)) == 1) {
		int lineno = (int)rec.line;
		if (jf_csv_blank(&rec))
			continue;
		char *s = rec.fields[0];
		while (*s == ' ' || *s == '\t')
			s++;
		size_t len = strlen(s);
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			s[--len] = '\0';
		if (*s == '#')
			continue;
		for (size_t i = 1; i < rec.n && st == JF_OK; i++)
			if (rec.fields[i][strspn(rec.fields[i], " \t")]) {
				st = JF_INVALID;
				cli_failf(st, _("%s 第 %d 行：每行只写一位居民"), path, lineno);
			}
		if (st != JF_OK)
			break;
		if (len >= 1023) {
			st = JF_TOO_LONG;
			cli_failf(st, _("%s 第 %d 行太长"), path, lineno);
			break;
		}
		if (!*s)
			continue;
		char where[300];
		snprintf(where, sizeof where, _("%s 第 %d 行："), path, lineno);
		if ((st = rl_add(c, l, s, where)) != JF_OK)
			break;
	}
	if (st == JF_OK && got < 0) {
		st = JF_INVALID;
		cli_failf(st, "%s: %s", path, jf_csv_error(csv));
	}
	jf_csv_close(csv);
	return st;
}

int cmd_award(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {
	    {"verifier", 0, 1, NULL, 0}, {"date", 0, 1, NULL, 0},      {"note", 0, 1, NULL, 0},
	    {"ref", 0, 1, NULL, 0},      {"residents", 0, 1, NULL, 0}, {NULL, 0, 0, NULL, 0},
	};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	const char *file = cli_arg(opts, "residents");
	if (n < (file ? 1 : 2))
		return cli_usage(c);
	if (!cli_arg(opts, "verifier"))
		return cli_failf(JF_USAGE, _("赋分要写明核实的楼长或网格员：--verifier 姓名"));
	const char *date = cli_arg(opts, "date");
	if (date && !jf_day_valid(date))
		return cli_failf(JF_BAD_DATE, _("日期应为 YYYY-MM-DD，收到“%s”"), cli_clip(date));

	jf_status st;
	if ((st = cli_login(c)) != JF_OK)
		return jf_status_exit(st);
	if ((st = jf_op_require(c->db, c->op, JF_ROLE_STAFF)) != JF_OK)
		return cli_fail(c, st);
	jf_activity act;
	jf_verifier ver;
	if ((st = jf_activity_resolve(c->db, argv[n - 1], &act)) != JF_OK ||
	    (st = jf_verifier_resolve(c->db, cli_arg(opts, "verifier"), &ver)) != JF_OK)
		return cli_fail(c, st);

	resident_list l;
	int64_t *dups = NULL;
	memset(&l, 0, sizeof l);
	for (int i = 0; i < n - 1; i++)
		if ((st = rl_add(c, &l, argv[i], NULL)) != JF_OK)
			goto done;
	if (file && (st = rl_add_file(c, &l, file)) != JF_OK)
		goto done;
	if (l.n == 0) {
		st = JF_USAGE;
		cli_failf(st, _("%s 里没有居民"), file ? file : "");
		goto done;
	}

	/* The same deed recorded twice is the likely mistake: counted before,
	 * said after the award, as an activity done twice on one day (two
	 * clean-ups) is allowed. */
	char day[11];
	if (date)
		snprintf(day, sizeof day, "%s", date);
	else
		jf_day_of(jf_db_now(c->db), day);
	dups = calloc(l.n, sizeof *dups);
	for (size_t i = 0; dups && i < l.n; i++)
		if (jf_award_duplicates(c->db, l.ids[i], act.id, day, &dups[i]) != JF_OK)
			dups[i] = 0;

	jf_award_req req = {
	    .activity_id = act.id,
	    .verifier_id = ver.id,
	    .deed_date = date,
	    .ref = cli_arg(opts, "ref"),
	    .note = cli_arg(opts, "note"),
	};
	if ((st = jf_award(c->db, c->op, l.ids, l.n, &req, NULL)) != JF_OK) {
		cli_fail(c, st);
		goto done;
	}
	for (size_t i = 0; i < l.n; i++) {
		jf_resident r;
		if (jf_resident_get(c->db, l.ids[i], &r) != JF_OK)
			r = l.res[i];
		cli_printf(_("%s  +%lld 分  余额 %lld 分\n"), r.name, (long long)act.points,
		       (long long)r.balance);
		if (dups && dups[i] > 0)
			cli_err(_("提醒：%s 在 %s 之前已记过“%s” %lld 次，请确认不是重复登记"),
			        r.name, day, act.name, (long long)dups[i]);
	}
	cli_printf(_("已为 %zu 位居民记“%s”各 %lld 分，核实人 %s（%s）\n"), l.n, act.name,
	       (long long)act.points, ver.name, jf_verifier_role_label(ver.role));
done:
	free(dups);
	rl_free(&l);
	return jf_status_exit(st);
}

/* Split "纸巾:2" or "纸巾：2" into the item text and the quantity; a plain
 * "纸巾" is one. */
static int parse_line(char *arg, const char **item, int64_t *qty)
{
	char *colon = strrchr(arg, ':');
	char *wide = NULL;
	for (char *p = arg; (p = strstr(p, "\xEF\xBC\x9A")) != NULL; p += 3)
		wide = p; /* the full-width colon an input method types */
	size_t skip = 1;
	if (wide && (!colon || wide > colon)) {
		colon = wide;
		skip = 3;
	}
	*item = arg;
	*qty = 1;
	if (!colon)
		return 0;
	const char *q = colon + skip;
	if (cli_int(q, 1, JF_QTY_MAX, qty) != 0)
		return cli_failf(JF_BAD_QTY, _("“%s”的数量应为 1 到 %d 的整数"), cli_clip(arg),
		                 JF_QTY_MAX);
	*colon = '\0';
	return 0;
}

int cmd_redeem(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{"json", 0, 0, NULL, 0}, {NULL, 0, 0, NULL, 0}};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n < 2)
		return cli_usage(c);
	size_t nl = (size_t)n - 1;
	jf_cart_line *lines = calloc(nl, sizeof *lines);
	jf_item *items = calloc(nl, sizeof *items);
	const char **texts = calloc(nl, sizeof *texts);
	jf_status st = JF_OK;
	rc = 0;
	if (!lines || !items || !texts) {
		rc = cli_failf(JF_NOMEM, "%zu", nl);
		goto done;
	}
	for (size_t i = 0; i < nl; i++)
		if ((rc = parse_line(argv[i + 1], &texts[i], &lines[i].qty)) != 0)
			goto done;
	if ((st = cli_login(c)) != JF_OK) {
		rc = jf_status_exit(st);
		goto done;
	}
	jf_resident r;
	if ((st = jf_resident_resolve(c->db, argv[0], &r)) != JF_OK) {
		rc = cli_fail(c, st);
		goto done;
	}
	/* the same item twice is one line, as the core counts it */
	size_t m = 0;
	for (size_t i = 0; i < nl; i++) {
		jf_item it;
		if ((st = jf_item_resolve(c->db, texts[i], &it)) != JF_OK) {
			rc = cli_fail(c, st);
			goto done;
		}
		size_t k = 0;
		while (k < m && items[k].id != it.id)
			k++;
		if (k < m) {
			lines[k].qty += lines[i].qty;
			continue;
		}
		items[m] = it;
		lines[m].item_id = it.id;
		lines[m].qty = lines[i].qty;
		m++;
	}
	jf_redeem_result res;
	if ((st = jf_redeem(c->db, c->op, r.id, lines, m, &res)) != JF_OK) {
		rc = cli_fail(c, st);
		goto done;
	}
	if (cli_flag(opts, "json")) {
		int first = 1;
		fputc('{', stdout);
		cli_json_kv_str(stdout, &first, "receipt", res.receipt_no);
		cli_json_kv_str(stdout, &first, "resident", r.name);
		cli_json_kv_int(stdout, &first, "total", res.total);
		cli_json_kv_int(stdout, &first, "balance", res.balance_after);
		cli_json_key(stdout, &first, "lines");
		fputc('[', stdout);
		for (size_t i = 0; i < m; i++) {
			int f2 = 1;
			fputs(i ? ",{" : "{", stdout);
			cli_json_kv_str(stdout, &f2, "code", items[i].code);
			cli_json_kv_str(stdout, &f2, "name", items[i].name);
			cli_json_kv_int(stdout, &f2, "qty", lines[i].qty);
			cli_json_kv_int(stdout, &f2, "points_each", items[i].points);
			cli_json_kv_int(stdout, &f2, "points", items[i].points * lines[i].qty);
			fputc('}', stdout);
		}
		fputs("]}\n", stdout);
		goto done;
	}
	cli_printf(_("小票 %s  %s\n"), res.receipt_no, r.name);
	cli_table *t = cli_table_new(4, "llrr", 30);
	for (size_t i = 0; i < m; i++) {
		char qty[48], each[48], sum[48];
		snprintf(qty, sizeof qty, "x %lld%s", (long long)lines[i].qty, items[i].unit);
		snprintf(each, sizeof each, _("%lld 分"), (long long)items[i].points);
		snprintf(sum, sizeof sum, _("%lld 分"),
		         (long long)(items[i].points * lines[i].qty));
		const char *row[4] = {items[i].name, qty, each, sum};
		cli_table_add(t, row);
	}
	cli_table_print(t, stdout);
	cli_printf(_("合计 %lld 分，余额 %lld 分\n"), (long long)res.total,
	       (long long)res.balance_after);
done:
	free(lines);
	free(items);
	free(texts);
	return rc;
}

int cmd_void(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{"reason", 0, 1, NULL, 0},
	                  {"refund-delivered", 0, 0, NULL, 0},
	                  {NULL, 0, 0, NULL, 0}};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 1)
		return cli_usage(c);
	const char *reason = cli_arg(opts, "reason");
	if (!reason || !*reason)
		return cli_failf(JF_USAGE, _("作废要写明原因：--reason 原因"));
	jf_status st;
	int64_t entry;
	if ((st = cli_login(c)) != JF_OK)
		return jf_status_exit(st);
	unsigned flags = cli_flag(opts, "refund-delivered") ? JF_VOID_REFUND_DELIVERED : 0;
	if ((st = jf_void_ex(c->db, c->op, argv[0], reason, flags, &entry)) == JF_VOUCHER_USED &&
	    !flags) {
		cli_err("%s%s%s", jf_db_error(c->db), jf_i18n_is_english() ? " " : "",
		        _("（要退分请加 --refund-delivered）"));
		return jf_status_exit(st);
	}
	if (st != JF_OK)
		return cli_fail(c, st);
	cli_printf(_("已作废小票 %s，积分和库存已退回\n"), argv[0]);
	return 0;
}

int cmd_adjust(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{"reason", 0, 1, NULL, 0}, {NULL, 0, 0, NULL, 0}};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 2)
		return cli_usage(c);
	int64_t pts;
	if (cli_int(argv[1], -1000000, 1000000, &pts) != 0 || pts == 0)
		return cli_failf(JF_INVALID, _("调整的积分应为非零整数（如 +5 或 -3），收到“%s”"),
		                 cli_clip(argv[1]));
	const char *reason = cli_arg(opts, "reason");
	if (!reason || !*reason)
		return cli_failf(JF_USAGE, _("调整要写明原因：--reason 原因"));
	jf_status st;
	jf_resident r;
	int64_t entry;
	if ((st = cli_login(c)) != JF_OK)
		return jf_status_exit(st);
	if ((st = jf_resident_resolve(c->db, argv[0], &r)) != JF_OK ||
	    (st = jf_adjust(c->db, c->op, r.id, pts, reason, &entry)) != JF_OK ||
	    (st = jf_resident_get(c->db, r.id, &r)) != JF_OK)
		return cli_fail(c, st);
	cli_printf(_("已为 %s 调整 %+lld 分，余额 %lld 分\n"), r.name, (long long)pts,
	       (long long)r.balance);
	return 0;
}
