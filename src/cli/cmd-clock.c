/* The clock on the command line: jifen clock (its state and the recorded
 * steps), clock confirm, clock correct, and day reopen. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jifen/clock.h"
#include "jifen/dayclose.h"
#include "jifen/i18n.h"

static const char *kind_label(const char *kind)
{
	return strcmp(kind, "confirm") == 0 ? _("确认时钟") : _("更正时钟");
}

/* One recorded step on one line (two with its reason). */
static void print_event(FILE *f, const char *indent, const jf_clock_event *e)
{
	char when[32], latest[32];
	cli_time(e->time, when, sizeof when);
	cli_time(e->latest, latest, sizeof latest);
	fprintf(f, _("%s%s %s %s（当时最近一笔记录 %s）：%s\n"), indent, when, kind_label(e->kind),
	        e->operator_name, latest, e->reason);
}

void cli_clock_notes(cli_ctx *c, FILE *f)
{
	jf_clock_event *e = NULL;
	size_t n = 0;
	if (jf_db_is_test(c->db))
		fprintf(f, _("注意：这是%s，时间可以用 JIFEN_NOW 设置，数据不能当真\n"),
		        jf_clock_mark(c->db));
	if (jf_clock_events(c->db, NULL, &e, &n) != JF_OK)
		return;
	for (size_t i = 0; i < n; i++)
		print_event(f, _("注意：时钟记录 "), &e[i]);
	free(e);
}

int cmd_clock(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{NULL, 0, 0, NULL, 0}};
	int n, rc;
	(void)argv;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 0)
		return cli_usage(c);
	jf_clock_info s;
	jf_status st = jf_clock_status(c->db, &s);
	if (st != JF_OK)
		return cli_fail(c, st);
	char now[32], buf[32];
	cli_time(s.now, now, sizeof now);
	if (s.test)
		printf(_("数据库：%s\n"), jf_clock_mark(c->db));
	else
		printf("%s\n", _("数据库：正式数据库（时间只取电脑的时钟）"));
	if (s.now != s.real) {
		cli_time(s.real, buf, sizeof buf);
		printf(_("时钟：%s（设定的时钟；电脑的时钟是 %s）\n"), now, buf);
	} else {
		printf(_("时钟：%s（电脑的时钟）\n"), now);
	}
	if (s.has_latest) {
		cli_time(s.latest, buf, sizeof buf);
		printf(_("最近一笔记录：%s\n"), buf);
	} else {
		printf("%s\n", _("最近一笔记录：还没有"));
	}
	if (s.floor && (!s.has_latest || s.floor != s.latest)) {
		cli_time(s.floor, buf, sizeof buf);
		printf(_("数据库建立：%s\n"), buf);
	}
	if (s.behind)
		printf("%s\n", _("状态：时钟早于最近一笔记录，不能记账。请把电脑的日期和时间调对；"
		                 "时钟没错时由管理员运行 jifen clock correct --reason 原因"));
	else if (s.ahead)
		printf(_("状态：时钟比最近一笔记录晚 %d 天以上，不能记账。请检查日期；日期没错时由管理员"
		         "运行 jifen clock confirm --reason 原因\n"),
		       JF_CLOCK_JUMP_DAYS);
	else
		printf("%s\n", _("状态：正常"));
	jf_clock_event *e = NULL;
	size_t ne = 0;
	if ((st = jf_clock_events(c->db, NULL, &e, &ne)) != JF_OK)
		return cli_fail(c, st);
	if (ne) {
		printf("%s\n", _("时钟记录："));
		for (size_t i = 0; i < ne; i++)
			print_event(stdout, "  ", &e[i]);
	}
	free(e);
	return 0;
}

static int clock_step(cli_ctx *c, int argc, char **argv, int correct)
{
	cli_opt opts[] = {{"reason", 0, 1, NULL, 0}, {NULL, 0, 0, NULL, 0}};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 0)
		return cli_usage(c);
	const char *reason = cli_arg(opts, "reason");
	if (!reason || !*reason)
		return cli_failf(JF_USAGE, _("请用 --reason 说明原因"));
	jf_status st;
	if ((st = cli_login(c)) != JF_OK)
		return jf_status_exit(st);
	st = correct ? jf_clock_correct(c->db, c->op, reason)
	             : jf_clock_confirm(c->db, c->op, reason);
	if (st != JF_OK)
		return cli_fail(c, st);
	char now[32];
	cli_time(jf_db_now(c->db), now, sizeof now);
	if (correct)
		printf(_("已记录时钟更正：此后的记录从 %s 起记\n"), now);
	else
		printf(_("已确认时钟：%s\n"), now);
	return 0;
}

int cmd_clock_confirm(cli_ctx *c, int argc, char **argv)
{
	return clock_step(c, argc, argv, 0);
}

int cmd_clock_correct(cli_ctx *c, int argc, char **argv)
{
	return clock_step(c, argc, argv, 1);
}

int cmd_day_reopen(cli_ctx *c, int argc, char **argv)
{
	cli_opt opts[] = {{"reason", 0, 1, NULL, 0}, {NULL, 0, 0, NULL, 0}};
	int n, rc;
	if ((rc = cli_parse(c, argc, argv, opts, &n)) != 0)
		return rc;
	if (n != 1)
		return cli_usage(c);
	if (!jf_day_valid(argv[0]))
		return cli_failf(JF_BAD_DATE, _("%s 不是有效日期（应为 YYYY-MM-DD）"), argv[0]);
	const char *reason = cli_arg(opts, "reason");
	if (!reason || !*reason)
		return cli_failf(JF_USAGE, _("请用 --reason 说明原因"));
	jf_status st;
	if ((st = cli_login(c)) != JF_OK)
		return jf_status_exit(st);
	if ((st = jf_day_reopen(c->db, c->op, argv[0], reason)) != JF_OK)
		return cli_fail(c, st);
	printf(_("已重开 %s：可以继续记账，营业结束后再日结\n"), argv[0]);
	return 0;
}
