/* Activities, items, stock and verifiers. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jifen/catalog.h"
#include "jifen/i18n.h"
#include "jifen/ledger.h"
#include "jifen/resident.h"

/* Points for an activity or item: a positive whole number. */
static int parse_points(const char *s, int64_t *out)
{
	if (cli_int(s, 1, 1000000, out) != 0)
		return cli_failf(JF_INVALID, _("积分应为 1 到 1000000 的整数，收到“%s”"),
		                 cli_clip(s));
	return 0;
}

/* --- activities ---------------------------------------------------------- */

int cmd_activity_list(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{"all", 0, 0, NULL, 0}, {"json", 0, 0, NULL, 0}, {NULL, 0, 0, NULL, 0}};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 0)
		return cli_usage(c);
	if ((rc = cli_open(c)) != 0)
		return rc;
	jf_activity *a = NULL;
	size_t na = 0;
	jf_status st = jf_activity_list(c->db, cli_flag(opts, "all"), &a, &na);
	if (st != JF_OK)
		return cli_fail(c, st);
	if (cli_flag(opts, "json")) {
		fputc('[', stdout);
		for (size_t i = 0; i < na; i++) {
			int first = 1;
			fputs(i ? ",{" : "{", stdout);
			cli_json_kv_str(stdout, &first, "code", a[i].code);
			cli_json_kv_str(stdout, &first, "category", a[i].category);
			cli_json_kv_str(stdout, &first, "name", a[i].name);
			cli_json_kv_int(stdout, &first, "points", a[i].points);
			cli_json_kv_bool(stdout, &first, "active", a[i].active);
			fputc('}', stdout);
		}
		fputs("]\n", stdout);
		free(a);
		return 0;
	}
	cli_table *t = cli_table_new(5, "lllrl", 40);
	const char *head[5] = {_("类别"), _("代码"), _("活动"), _("积分"), ""};
	cli_table_add(t, head);
	/* by category, in the order of the scheme; the category named once */
	for (int k = 0; k < JF_CATEGORY_COUNT; k++) {
		int shown = 0;
		for (size_t i = 0; i < na; i++) {
			if (strcmp(a[i].category, jf_categories[k]) != 0)
				continue;
			char pts[32];
			snprintf(pts, sizeof pts, "%lld", (long long)a[i].points);
			const char *row[5] = {shown ? "" : _(a[i].category), a[i].code, a[i].name,
			                      pts, a[i].active ? "" : _("已停用")};
			cli_table_add(t, row);
			shown = 1;
		}
	}
	cli_table_print(t, stdout);
	cli_printf(_("共 %zu 项\n"), na);
	free(a);
	return 0;
}

int cmd_activity_add(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{NULL, 0, 0, NULL, 0}};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 4)
		return cli_usage(c);
	int64_t pts, id;
	if ((rc = parse_points(argv[3], &pts)) != 0)
		return rc;
	jf_status st;
	if ((st = cli_login(c)) != JF_OK)
		return jf_status_exit(st);
	if ((st = jf_activity_add(c->db, c->op, argv[0], argv[1], argv[2], pts, &id)) != JF_OK)
		return cli_fail(c, st);
	cli_printf(_("已新增活动 %s %s（%s），%lld 分\n"), argv[0], argv[2], argv[1], (long long)pts);
	return 0;
}

int cmd_activity_price(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{NULL, 0, 0, NULL, 0}};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 2)
		return cli_usage(c);
	int64_t pts;
	if ((rc = parse_points(argv[1], &pts)) != 0)
		return rc;
	jf_status st;
	jf_activity a;
	if ((st = cli_login(c)) != JF_OK)
		return jf_status_exit(st);
	if ((st = jf_activity_resolve(c->db, argv[0], &a)) != JF_OK ||
	    (st = jf_activity_set_points(c->db, c->op, a.id, pts)) != JF_OK)
		return cli_fail(c, st);
	cli_printf(_("活动 %s %s：%lld 分 → %lld 分\n"), a.code, a.name, (long long)a.points,
	       (long long)pts);
	return 0;
}

int cmd_activity_retire(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{NULL, 0, 0, NULL, 0}};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 1)
		return cli_usage(c);
	jf_status st;
	jf_activity a;
	if ((st = cli_login(c)) != JF_OK)
		return jf_status_exit(st);
	if ((st = jf_activity_resolve(c->db, argv[0], &a)) != JF_OK ||
	    (st = jf_activity_retire(c->db, c->op, a.id)) != JF_OK)
		return cli_fail(c, st);
	cli_printf(_("已停用活动 %s %s\n"), a.code, a.name);
	return 0;
}

/* --- items --------------------------------------------------------------- */

int cmd_item_list(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{"all", 0, 0, NULL, 0}, {"json", 0, 0, NULL, 0}, {NULL, 0, 0, NULL, 0}};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 0)
		return cli_usage(c);
	if ((rc = cli_open(c)) != 0)
		return rc;
	jf_item *it = NULL;
	size_t ni = 0;
	jf_status st = jf_item_list(c->db, cli_flag(opts, "all"), &it, &ni);
	if (st != JF_OK)
		return cli_fail(c, st);
	if (cli_flag(opts, "json")) {
		fputc('[', stdout);
		for (size_t i = 0; i < ni; i++) {
			int first = 1;
			fputs(i ? ",{" : "{", stdout);
			cli_json_kv_str(stdout, &first, "code", it[i].code);
			cli_json_kv_str(stdout, &first, "name", it[i].name);
			cli_json_kv_str(stdout, &first, "kind", jf_item_kind_code(it[i].kind));
			cli_json_kv_int(stdout, &first, "points", it[i].points);
			cli_json_kv_str(stdout, &first, "unit", it[i].unit);
			cli_json_key(stdout, &first, "stock");
			if (jf_item_kind_stocked(it[i].kind))
				cli_printf("%lld", (long long)it[i].stock);
			else
				fputs("null", stdout);
			cli_json_kv_int(stdout, &first, "monthly_limit", it[i].monthly_limit);
			cli_json_kv_int(stdout, &first, "valid_days", it[i].valid_days);
			cli_json_kv_str(stdout, &first, "sponsor", it[i].sponsor);
			cli_json_kv_bool(stdout, &first, "active", it[i].active);
			fputc('}', stdout);
		}
		fputs("]\n", stdout);
		free(it);
		return 0;
	}
	cli_table *t = cli_table_new(8, "lllrrrll", 30);
	const char *head[8] = {_("代码"), _("名称"),     _("类别"),   _("积分"),
	                       _("库存"), _("每月上限"), _("捐赠方"), ""};
	cli_table_add(t, head);
	for (size_t i = 0; i < ni; i++) {
		char pts[48], stock[48], limit[48];
		snprintf(pts, sizeof pts, _("%lld/%s"), (long long)it[i].points,
		         it[i].unit[0] ? it[i].unit : _("件"));
		if (jf_item_kind_stocked(it[i].kind))
			snprintf(stock, sizeof stock, "%lld", (long long)it[i].stock);
		else
			snprintf(stock, sizeof stock, "%s", _("不计"));
		if (it[i].monthly_limit > 0)
			snprintf(limit, sizeof limit, "%lld", (long long)it[i].monthly_limit);
		else
			snprintf(limit, sizeof limit, "%s", _("不限"));
		const char *row[8] = {
		    it[i].code, it[i].name,    jf_item_kind_label(it[i].kind), pts, stock,
		    limit,      it[i].sponsor, it[i].active ? "" : _("已下架")};
		cli_table_add(t, row);
	}
	cli_table_print(t, stdout);
	cli_printf(_("共 %zu 项\n"), ni);
	free(it);
	return 0;
}

/* Find or register a sponsor for `stock in` and `item add`. */
static jf_status ensure_sponsor(cli_ctx *c, const char *name, const char *kind_s, int64_t *id)
{
	jf_sponsor_kind kind = JF_SPONSOR_ENTERPRISE;
	if (kind_s && !(kind = jf_sponsor_kind_parse(kind_s))) {
		cli_failf(JF_INVALID, _("捐赠方类别应为 enterprise、unit 或 merchant，收到“%s”"),
		          cli_clip(kind_s));
		return JF_INVALID;
	}
	jf_status st = jf_sponsor_ensure(c->db, c->op, name, kind, id);
	if (st != JF_OK)
		cli_fail(c, st);
	return st;
}

int cmd_item_add(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {
	    {"unit", 0, 1, NULL, 0},         {"sponsor", 0, 1, NULL, 0},
	    {"sponsor-kind", 0, 1, NULL, 0}, {"limit", 0, 1, NULL, 0},
	    {"valid-days", 0, 1, NULL, 0},   {NULL, 0, 0, NULL, 0},
	};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 4)
		return cli_usage(c);
	jf_item in;
	memset(&in, 0, sizeof in);
	if (strlen(argv[0]) > JF_CODE_MAX)
		return cli_failf(JF_TOO_LONG, _("代码最长 %d 字节"), JF_CODE_MAX);
	snprintf(in.code, sizeof in.code, "%s", argv[0]);
	if (strlen(argv[1]) >= sizeof in.name)
		return cli_failf(JF_TOO_LONG, _("名称最长 %zu 字节，收到 %zu 字节"),
		                 sizeof in.name - 1, strlen(argv[1]));
	snprintf(in.name, sizeof in.name, "%s", argv[1]);
	if (!(in.kind = jf_item_kind_parse(argv[2])))
		return cli_failf(
		    JF_INVALID,
		    _("类别应为 goods、produce、housekeeping、service 或 coupon，收到“%s”"),
		    cli_clip(argv[2]));
	if ((rc = parse_points(argv[3], &in.points)) != 0)
		return rc;
	const char *unit = cli_arg(opts, "unit");
	if (unit && strlen(unit) >= sizeof in.unit)
		return cli_failf(JF_TOO_LONG, _("单位最长 %zu 字节"), sizeof in.unit - 1);
	snprintf(in.unit, sizeof in.unit, "%s", unit ? unit : "");
	int64_t v;
	if (cli_arg(opts, "limit")) {
		if (cli_int(cli_arg(opts, "limit"), 1, JF_QTY_MAX, &v) != 0)
			return cli_failf(JF_BAD_QTY, _("每月上限应为 1 到 %d 的整数，收到“%s”"),
			                 JF_QTY_MAX, cli_clip(cli_arg(opts, "limit")));
		in.monthly_limit = v;
	}
	in.valid_days = 30;
	if (cli_arg(opts, "valid-days")) {
		if (cli_int(cli_arg(opts, "valid-days"), 1, 3660, &v) != 0)
			return cli_failf(JF_INVALID, _("有效天数应为 1 到 3660 的整数，收到“%s”"),
			                 cli_clip(cli_arg(opts, "valid-days")));
		in.valid_days = (int)v;
	}
	jf_status st;
	if ((st = cli_login(c)) != JF_OK)
		return jf_status_exit(st);
	/* a refused item must not leave a new sponsor behind: check the role
	 * before the sponsor is written */
	if ((st = jf_op_require(c->db, c->op, JF_ROLE_ADMIN)) != JF_OK)
		return cli_fail(c, st);
	if (cli_arg(opts, "sponsor") &&
	    (st = ensure_sponsor(c, cli_arg(opts, "sponsor"), cli_arg(opts, "sponsor-kind"),
	                         &in.sponsor_id)) != JF_OK)
		return jf_status_exit(st);
	int64_t id;
	if ((st = jf_item_add(c->db, c->op, &in, &id)) != JF_OK)
		return cli_fail(c, st);
	cli_printf(_("已新增 %s %s（%s），%lld 分\n"), in.code, in.name, jf_item_kind_label(in.kind),
	       (long long)in.points);
	return 0;
}

int cmd_item_price(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{NULL, 0, 0, NULL, 0}};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 2)
		return cli_usage(c);
	int64_t pts;
	if ((rc = parse_points(argv[1], &pts)) != 0)
		return rc;
	jf_status st;
	jf_item it;
	if ((st = cli_login(c)) != JF_OK)
		return jf_status_exit(st);
	if ((st = jf_item_resolve(c->db, argv[0], &it)) != JF_OK ||
	    (st = jf_item_set_points(c->db, c->op, it.id, pts)) != JF_OK)
		return cli_fail(c, st);
	cli_printf(_("%s %s：%lld 分 → %lld 分\n"), it.code, it.name, (long long)it.points,
	       (long long)pts);
	return 0;
}

int cmd_item_retire(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{NULL, 0, 0, NULL, 0}};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 1)
		return cli_usage(c);
	jf_status st;
	jf_item it;
	if ((st = cli_login(c)) != JF_OK)
		return jf_status_exit(st);
	if ((st = jf_item_resolve(c->db, argv[0], &it)) != JF_OK ||
	    (st = jf_item_retire(c->db, c->op, it.id)) != JF_OK)
		return cli_fail(c, st);
	cli_printf(_("已下架 %s %s\n"), it.code, it.name);
	return 0;
}

/* --- stock --------------------------------------------------------------- */

int cmd_stock_in(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {
	    {"sponsor", 0, 1, NULL, 0},
	    {"sponsor-kind", 0, 1, NULL, 0},
	    {"note", 0, 1, NULL, 0},
	    {NULL, 0, 0, NULL, 0},
	};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 2)
		return cli_usage(c);
	int64_t qty;
	if (cli_int(argv[1], 1, CLI_STOCK_MAX, &qty) != 0)
		return cli_failf(JF_BAD_QTY, _("入库数量应为 1 到 %d 的整数，收到“%s”"),
		                 CLI_STOCK_MAX, cli_clip(argv[1]));
	jf_status st;
	jf_item it;
	if ((st = cli_login(c)) != JF_OK)
		return jf_status_exit(st);
	if ((st = jf_op_require(c->db, c->op, JF_ROLE_STAFF)) != JF_OK ||
	    (st = jf_item_resolve(c->db, argv[0], &it)) != JF_OK)
		return cli_fail(c, st);
	if (!jf_item_kind_stocked(it.kind))
		return cli_failf(JF_INVALID, _("%s 是%s，不计库存"), it.name,
		                 jf_item_kind_label(it.kind));
	int64_t sid = 0;
	if (cli_arg(opts, "sponsor") &&
	    (st = ensure_sponsor(c, cli_arg(opts, "sponsor"), cli_arg(opts, "sponsor-kind"),
	                         &sid)) != JF_OK)
		return jf_status_exit(st);
	if ((st = jf_stock_in(c->db, c->op, it.id, qty, sid, cli_arg(opts, "note"))) != JF_OK ||
	    (st = jf_item_get(c->db, it.id, &it)) != JF_OK)
		return cli_fail(c, st);
	cli_printf(_("%s 入库 %lld%s，现有库存 %lld\n"), it.name, (long long)qty, it.unit,
	       (long long)it.stock);
	return 0;
}

int cmd_stock_count(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{"note", 0, 1, NULL, 0}, {NULL, 0, 0, NULL, 0}};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 2)
		return cli_usage(c);
	int64_t qty;
	if (cli_int(argv[1], 0, CLI_STOCK_MAX, &qty) != 0)
		return cli_failf(JF_BAD_QTY, _("盘点数量应为 0 到 %d 的整数，收到“%s”"),
		                 CLI_STOCK_MAX, cli_clip(argv[1]));
	jf_status st;
	jf_item it;
	if ((st = cli_login(c)) != JF_OK)
		return jf_status_exit(st);
	if ((st = jf_item_resolve(c->db, argv[0], &it)) != JF_OK)
		return cli_fail(c, st);
	int64_t before = it.stock;
	if ((st = jf_stock_count(c->db, c->op, it.id, qty, cli_arg(opts, "note"))) != JF_OK ||
	    (st = jf_item_get(c->db, it.id, &it)) != JF_OK)
		return cli_fail(c, st);
	cli_printf(_("%s 盘点：账面 %lld，实点 %lld（差额 %+lld）\n"), it.name, (long long)before,
	       (long long)it.stock, (long long)(it.stock - before));
	return 0;
}

/* --- verifiers ----------------------------------------------------------- */

int cmd_verifier_add(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {
	    {"role", 0, 1, NULL, 0},     {"compound", 0, 1, NULL, 0}, {"phone", 0, 1, NULL, 0},
	    {"resident", 0, 1, NULL, 0}, {NULL, 0, 0, NULL, 0},
	};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 1)
		return cli_usage(c);
	jf_verifier_role role = JF_VERIFIER_LEADER;
	if (cli_arg(opts, "role") && !(role = jf_verifier_role_parse(cli_arg(opts, "role"))))
		return cli_failf(JF_INVALID,
		                 _("核实人角色应为 leader（楼长）或 grid（网格员），收到“%s”"),
		                 cli_clip(cli_arg(opts, "role")));
	jf_status st;
	if ((st = cli_login(c)) != JF_OK)
		return jf_status_exit(st);
	int64_t rid = 0, id;
	if (cli_arg(opts, "resident")) {
		jf_resident r;
		if ((st = jf_resident_resolve(c->db, cli_arg(opts, "resident"), &r)) != JF_OK)
			return cli_fail(c, st);
		rid = r.id;
	}
	if ((st = jf_verifier_add(c->db, c->op, argv[0], role, cli_arg(opts, "compound"),
	                          cli_arg(opts, "phone"), rid, &id)) != JF_OK)
		return cli_fail(c, st);
	cli_printf(_("已登记%s %s\n"), jf_verifier_role_label(role), argv[0]);
	return 0;
}

int cmd_verifier_list(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{NULL, 0, 0, NULL, 0}};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 0)
		return cli_usage(c);
	if ((rc = cli_open(c)) != 0)
		return rc;
	jf_verifier *v = NULL;
	size_t nv = 0;
	jf_status st = jf_verifier_list(c->db, &v, &nv);
	if (st != JF_OK)
		return cli_fail(c, st);
	cli_table *t = cli_table_new(5, NULL, 30);
	const char *head[5] = {_("姓名"), _("角色"), _("小区"), _("电话"), ""};
	cli_table_add(t, head);
	for (size_t i = 0; i < nv; i++) {
		const char *row[5] = {v[i].name, jf_verifier_role_label(v[i].role), v[i].compound,
		                      v[i].phone, v[i].active ? "" : _("停用")};
		cli_table_add(t, row);
	}
	cli_table_print(t, stdout);
	free(v);
	return 0;
}
