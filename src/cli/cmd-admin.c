/* init, operators and the audit. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "jifen/catalog.h"
#include "jifen/demo.h"
#include "jifen/i18n.h"
#include "jifen/ledger.h"
#include "jifen/resident.h"

/* Remove a database that init could not finish, with SQLite's side files. */
static void remove_db(const char *path)
{
	char side[4200];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-journal", path);
	unlink(side);
}

int cmd_init(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {
	    {"demo", 0, 0, NULL, 0}, {"community", 0, 1, NULL, 0}, {"code", 0, 1, NULL, 0},
	    {"name", 0, 1, NULL, 0}, {"seed", 0, 1, NULL, 0},      {"test", 0, 0, NULL, 0},
	    {NULL, 0, 0, NULL, 0},
	};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 0)
		return cli_usage(c);
	int demo = cli_flag(opts, "demo");
	int test = demo || cli_flag(opts, "test");
	const char *community = cli_arg(opts, "community");
	const char *code = cli_arg(opts, "code");
	int64_t seed = 1;
	if (cli_arg(opts, "seed") && cli_int(cli_arg(opts, "seed"), 0, 0xffffffffLL, &seed) != 0)
		return cli_failf(JF_INVALID, _("--seed 应为 0 到 4294967295 的整数"));
	if (demo) {
		if (!community)
			community = "府西社区";
		if (!code)
			code = "FX";
	}
	if (access(c->db_path, F_OK) == 0)
		return cli_failf(JF_EXISTS, _("%s：文件已存在，不会覆盖"), c->db_path);
	/* a name or code that would be refused is refused before the PIN */
	char bad[512];
	jf_status vst = jf_community_valid(community ? community : "", code ? code : "", bad,
	                                   sizeof bad);
	if (vst != JF_OK) {
		cli_err("%s", bad[0] ? bad : jf_status_message(vst));
		return jf_status_exit(vst);
	}

	const char *login = c->login ? c->login : "admin";
	const char *name = cli_arg(opts, "name");
	if (!name)
		name = strcmp(login, "admin") == 0 ? _("管理员") : login;
	char pin[64] = "";
	if (!demo) {
		jf_status pst = cli_new_pin("JIFEN_PIN", login, pin, sizeof pin);
		if (pst != JF_OK)
			return jf_status_exit(pst);
	}

	/* Only a test or demo database takes a set clock. */
	if (c->now && !test) {
		cli_wipe(pin, sizeof pin);
		return cli_failf(JF_USAGE,
		                 _("JIFEN_NOW 只用于测试/演示数据库：正式数据库的时间只取电脑的时钟。"
		                   "请去掉 JIFEN_NOW，或用 init --test 建立测试数据库"));
	}
	char err[1024] = "";
	jf_status st =
	    test ? jf_db_create_test(c->db_path, community ? community : "", code ? code : "",
	                             c->now, &c->db, err, sizeof err)
	         : jf_db_create(c->db_path, community ? community : "", code ? code : "", &c->db,
	                        err, sizeof err);
	if (st != JF_OK) {
		cli_wipe(pin, sizeof pin);
		cli_err("%s", err[0] ? err : jf_status_message(st));
		return jf_status_exit(st);
	}
	st = jf_activity_load_defaults(c->db);
	if (st == JF_OK)
		st = demo ? jf_demo_populate(c->db, (unsigned)seed)
		          : jf_operator_bootstrap(c->db, login, name, pin);
	cli_wipe(pin, sizeof pin);
	if (st != JF_OK) {
		rc = cli_fail(c, st);
		jf_db_close(c->db);
		c->db = NULL;
		remove_db(c->db_path);
		return rc;
	}

	jf_activity *acts = NULL;
	size_t nacts = 0;
	int64_t nres = 0;
	if (jf_activity_list(c->db, 0, &acts, &nacts) != JF_OK)
		nacts = 0;
	free(acts);
	if (jf_resident_count(c->db, 0, &nres) != JF_OK)
		nres = 0;
	cli_printf(_("已创建数据库 %s：%zu 项积分活动，%lld 位居民\n"), c->db_path, nacts,
	       (long long)nres);
	if (test)
		cli_printf(_("这是演示/测试数据库：可以用 JIFEN_NOW 设置时间，每个界面和报表都会标明\n"));
	if (demo)
		cli_printf(_("演示操作员 counter（志愿者）、staff（工作人员）、admin（管理员），PIN "
		         "均为 2468，仅供演示\n"));
	else
		cli_printf(_("管理员 %s 已设好；用 jifen -o %s operator add 添加其他操作员\n"), login,
		       login);
	return 0;
}

/* --- operators ----------------------------------------------------------- */

int cmd_operator_add(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {
	    {"role", 0, 1, NULL, 0},
	    {"resident", 0, 1, NULL, 0},
	    {NULL, 0, 0, NULL, 0},
	};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 2 || !cli_arg(opts, "role"))
		return cli_usage(c);
	jf_role role = jf_role_parse(cli_arg(opts, "role"));
	if (!role)
		return cli_failf(JF_INVALID, _("角色应为 volunteer、staff 或 admin，收到“%s”"),
		                 cli_clip(cli_arg(opts, "role")));
	jf_status st;
	if ((st = cli_login(c)) != JF_OK)
		return jf_status_exit(st);
	if ((st = jf_op_require(c->db, c->op, JF_ROLE_ADMIN)) != JF_OK)
		return cli_fail(c, st);
	int64_t rid = 0;
	if (cli_arg(opts, "resident")) {
		jf_resident r;
		if ((st = jf_resident_resolve(c->db, cli_arg(opts, "resident"), &r)) != JF_OK)
			return cli_fail(c, st);
		rid = r.id;
	}
	char pin[64];
	if ((st = cli_new_pin("JIFEN_NEW_PIN", argv[0], pin, sizeof pin)) != JF_OK)
		return jf_status_exit(st);
	st = jf_operator_add(c->db, c->op, argv[0], argv[1], role, pin, rid);
	cli_wipe(pin, sizeof pin);
	if (st != JF_OK)
		return cli_fail(c, st);
	cli_printf(_("已添加操作员 %s（%s，%s）\n"), argv[0], argv[1], jf_role_label(role));
	return 0;
}

int cmd_operator_list(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{NULL, 0, 0, NULL, 0}};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 0)
		return cli_usage(c);
	if ((rc = cli_open(c)) != 0)
		return rc;
	jf_operator *ops = NULL;
	size_t nops = 0;
	jf_status st = jf_operator_list(c->db, &ops, &nops);
	if (st != JF_OK)
		return cli_fail(c, st);
	cli_table *t = cli_table_new(4, "llll", 32);
	const char *head[4] = {_("登录名"), _("姓名"), _("角色"), _("状态")};
	cli_table_add(t, head);
	int64_t now = jf_db_now(c->db);
	for (size_t i = 0; i < nops; i++) {
		char state[96];
		if (!ops[i].active) {
			snprintf(state, sizeof state, "%s", _("停用"));
		} else if (ops[i].locked_until > now) {
			char when[32];
			cli_time(ops[i].locked_until, when, sizeof when);
			snprintf(state, sizeof state, _("锁定到 %s"), when);
		} else if (ops[i].failed_pins > 0) {
			snprintf(state, sizeof state, _("在用，PIN 连续输错 %d 次"),
			         ops[i].failed_pins);
		} else {
			snprintf(state, sizeof state, "%s", _("在用"));
		}
		const char *row[4] = {ops[i].login, ops[i].name, jf_role_label(ops[i].role), state};
		cli_table_add(t, row);
	}
	cli_table_print(t, stdout);
	free(ops);
	return 0;
}

int cmd_operator_pin(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{NULL, 0, 0, NULL, 0}};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 1)
		return cli_usage(c);
	jf_status st;
	if ((st = cli_login(c)) != JF_OK)
		return jf_status_exit(st);
	if ((st = jf_op_require(c->db, c->op, JF_ROLE_ADMIN)) != JF_OK)
		return cli_fail(c, st);
	char pin[64];
	if ((st = cli_new_pin("JIFEN_NEW_PIN", argv[0], pin, sizeof pin)) != JF_OK)
		return jf_status_exit(st);
	st = jf_operator_set_pin(c->db, c->op, argv[0], pin);
	cli_wipe(pin, sizeof pin);
	if (st != JF_OK)
		return cli_fail(c, st);
	cli_printf(_("已重设操作员 %s 的 PIN，并已解除锁定\n"), argv[0]);
	return 0;
}

int cmd_operator_unlock(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{NULL, 0, 0, NULL, 0}};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 1)
		return cli_usage(c);
	jf_status st;
	if ((st = cli_login(c)) != JF_OK)
		return jf_status_exit(st);
	if ((st = jf_operator_unlock(c->db, c->op, argv[0])) != JF_OK)
		return cli_fail(c, st);
	cli_printf(_("已解除操作员 %s 的锁定，PIN 不变\n"), argv[0]);
	return 0;
}

/* --- audit --------------------------------------------------------------- */

/* A JSON object of audited fields as "name: value, ..." in words. */
static void print_fields(const char *json)
{
	/* the program's own JSON (json_object escapes every control character);
	 * any other byte below 0x20 that a forged row might hold shown as '?' */
	for (const char *p = json ? json : "-"; *p; p++)
		fputc((unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p, stdout);
}

/* jifen audit --changes: the change log, newest first. */
static int audit_changes(cli_ctx *c, const cli_opt *opts)
{
	jf_status st;
	int64_t limit = 50;
	const char *lim = cli_arg(opts, "limit");
	if (lim && cli_int(lim, 0, 100000000, &limit) != 0)
		return cli_failf(JF_INVALID, "--limit %s", cli_clip(lim));
	if ((st = cli_login(c)) != JF_OK)
		return jf_status_exit(st);
	if ((st = jf_op_require(c->db, c->op, JF_ROLE_STAFF)) != JF_OK)
		return cli_fail(c, st);
	jf_change *v = NULL;
	size_t n = 0;
	if ((st = jf_changes_list(c->db, cli_arg(opts, "table"), 0, 0, (size_t)limit, &v, &n)) !=
	    JF_OK)
		return cli_fail(c, st);
	if (cli_flag(opts, "json")) {
		fputc('[', stdout);
		for (size_t i = 0; i < n; i++) {
			int first = 1;
			fputs(i ? ",{" : "{", stdout);
			cli_json_kv_int(stdout, &first, "id", v[i].id);
			cli_json_kv_int(stdout, &first, "time", v[i].time);
			cli_json_kv_int(stdout, &first, "operator_id", v[i].operator_id);
			cli_json_kv_str(stdout, &first, "operator", v[i].operator_name);
			cli_json_kv_str(stdout, &first, "table", v[i].table);
			cli_json_kv_str(stdout, &first, "row", v[i].key);
			cli_json_kv_str(stdout, &first, "op", v[i].op);
			/* old and new are JSON objects already (or null) */
			cli_json_key(stdout, &first, "old");
			fputs(v[i].old_value ? v[i].old_value : "null", stdout);
			cli_json_key(stdout, &first, "new");
			fputs(v[i].new_value ? v[i].new_value : "null", stdout);
			fputc('}', stdout);
		}
		fputs("]\n", stdout);
	} else {
		for (size_t i = 0; i < n; i++) {
			char when[32];
			cli_time(v[i].time, when, sizeof when);
			printf(_("#%lld %s %s %s %s #%s\n"), (long long)v[i].id, when,
			       v[i].operator_id ? cli_clip(v[i].operator_name) : _("（系统）"),
			       !strcmp(v[i].op, "insert")   ? _("新增")
			       : !strcmp(v[i].op, "update") ? _("修改")
			       : !strcmp(v[i].op, "delete") ? _("删除")
			                                    : _("起始记录"),
			       jf_audit_table_label(v[i].table), cli_clip(v[i].key));
			if (v[i].old_value) {
				printf("    %s ", _("原："));
				print_fields(v[i].old_value);
				fputc('\n', stdout);
			}
			if (v[i].new_value) {
				printf("    %s ", _("新："));
				print_fields(v[i].new_value);
				fputc('\n', stdout);
			}
		}
	}
	jf_changes_free(v, n);
	return 0;
}

int cmd_audit(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{"json", 0, 0, NULL, 0},  {"changes", 0, 0, NULL, 0},
	                  {"table", 0, 1, NULL, 0}, {"limit", 0, 1, NULL, 0},
	                  {NULL, 0, 0, NULL, 0}};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 0)
		return cli_usage(c);
	if ((rc = cli_open(c)) != 0)
		return rc;
	if (cli_flag(opts, "changes"))
		return audit_changes(c, opts);
	jf_audit_report rep;
	memset(&rep, 0, sizeof rep);
	jf_status st = jf_audit(c->db, &rep);
	jf_self_award *self = NULL;
	size_t nself = 0;
	if (st == JF_OK && (st = jf_self_awards(c->db, NULL, NULL, &self, &nself)) != JF_OK)
		return cli_fail(c, st);
	if (cli_flag(opts, "json")) {
		int first = 1;
		fputc('{', stdout);
		cli_json_kv_bool(stdout, &first, "ok", st == JF_OK);
		cli_json_kv_int(stdout, &first, "entries", rep.entries);
		cli_json_kv_int(stdout, &first, "stock_moves", rep.stock_moves);
		cli_json_kv_int(stdout, &first, "residents", rep.residents);
		cli_json_kv_int(stdout, &first, "items", rep.items);
		cli_json_kv_int(stdout, &first, "receipts", rep.receipts);
		cli_json_kv_int(stdout, &first, "points_outstanding", rep.points_outstanding);
		cli_json_kv_int(stdout, &first, "changes", rep.changes);
		cli_json_kv_str(stdout, &first, "ledger_head", rep.ledger_head);
		cli_json_kv_str(stdout, &first, "stock_head", rep.stock_head);
		cli_json_kv_bool(stdout, &first, "test_database", jf_db_is_test(c->db));
		cli_json_kv_str(stdout, &first, "changes_head", rep.changes_head);
		if (st == JF_TAMPERED) {
			cli_json_kv_str(stdout, &first, "table", rep.table);
			cli_json_kv_int(stdout, &first, "row", rep.row_id);
			cli_json_kv_str(stdout, &first, "key", rep.key);
			cli_json_kv_str(stdout, &first, "field", rep.field);
			cli_json_kv_str(stdout, &first, "problem", rep.problem);
		}
		if (st == JF_OK) {
			cli_json_key(stdout, &first, "self_awards");
			fputc('[', stdout);
			for (size_t i = 0; i < nself; i++) {
				int f2 = 1;
				fputs(i ? ",{" : "{", stdout);
				cli_json_kv_int(stdout, &f2, "entry", self[i].entry_id);
				cli_json_kv_int(stdout, &f2, "time", self[i].time);
				cli_json_kv_int(stdout, &f2, "points", self[i].points);
				cli_json_kv_int(stdout, &f2, "operator_id", self[i].operator_id);
				cli_json_kv_str(stdout, &f2, "operator", self[i].operator_name);
				cli_json_kv_int(stdout, &f2, "resident_id", self[i].resident_id);
				cli_json_kv_str(stdout, &f2, "resident", self[i].resident_name);
				cli_json_kv_int(stdout, &f2, "changed", self[i].changed);
				fputc('}', stdout);
			}
			fputc(']', stdout);
		}
		fputs("}\n", stdout);
	}
	if (st == JF_TAMPERED && rep.table[0]) {
		char where[160];
		long long row = (long long)rep.row_id;
		if (strcmp(rep.table, "ledger") == 0)
			snprintf(where, sizeof where, _("台账第 %lld 条"), row);
		else if (strcmp(rep.table, "stock_moves") == 0)
			snprintf(where, sizeof where, _("库存变动第 %lld 条"), row);
		else if (strcmp(rep.table, "residents") == 0)
			snprintf(where, sizeof where, _("居民编号 %lld"), row);
		else if (strcmp(rep.table, "items") == 0)
			snprintf(where, sizeof where, _("商品编号 %lld"), row);
		else if (rep.key[0])
			snprintf(where, sizeof where, "%s %s", jf_audit_table_label(rep.table),
			         cli_clip(rep.key));
		else if (row)
			snprintf(where, sizeof where, "%s #%lld", jf_audit_table_label(rep.table), row);
		else
			snprintf(where, sizeof where, "%s", jf_audit_table_label(rep.table));
		free(self);
		return cli_failf(st, _("%s（%s）：%s"), where, rep.table, rep.problem);
	}
	if (st != JF_OK) {
		free(self);
		return cli_fail(c, st);
	}
	if (!cli_flag(opts, "json")) {
		cli_printf(_("台账完好：%lld 条记录，%lld 条库存变动，%lld 张小票；%lld 位居民共有 "
		         "%lld 分，%lld 件商品库存相符\n"),
		       (long long)rep.entries, (long long)rep.stock_moves, (long long)rep.receipts,
		       (long long)rep.residents, (long long)rep.points_outstanding,
		       (long long)rep.items);
		cli_printf(_("变更记录完好：%lld 条，每一行都与最新的变更记录相符\n"),
		       (long long)rep.changes);
		if (rep.ledger_head[0])
			cli_printf(_("最新一条的哈希：%s\n"), rep.ledger_head);
		cli_clock_notes(c, stdout);
		if (nself) {
			cli_printf(_("操作员给自己 %d 天内新增或修改过的居民赋分（无法阻止，在此公示）：\n"),
			       JF_SELF_DAYS);
			/* the newest 20; --json has them all */
			size_t from = nself > 20 ? nself - 20 : 0;
			if (from)
				cli_printf(_("  （共 %zu 条，以下为最近的 20 条；全部见 --json）\n"), nself);
			for (size_t i = from; i < nself; i++) {
				char when[32], changed[32];
				cli_time(self[i].time, when, sizeof when);
				cli_time(self[i].changed, changed, sizeof changed);
				cli_printf(_("  %s %s 给 %s（居民编号 %lld）%+lld 分，台账第 %lld 条；"
				         "%s 曾改过此居民\n"),
				       when, cli_clip(self[i].operator_name),
				       cli_clip(self[i].resident_name), (long long)self[i].resident_id,
				       (long long)self[i].points, (long long)self[i].entry_id, changed);
			}
		}
	}
	free(self);
	return 0;
}
