/* jifen: the command line.  Global options, the command table, help, and
 * the counter screen when no command is given. */
#include <errno.h>
#include <iconv.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cli.h"
#include "cmd-receipt.h"
#include "cmd-day.h"
#include "cmd-export.h"
#include "cmd-month.h"
#include "jifen/config.h"
#include "jifen/i18n.h"
#include "jifen/text.h"
#include "../../ui/ui.h"
#include "cmd-receipt.h"

static int cmd_help(cli_ctx *c, int argc, char **argv);

/* jifen query: the residents' own balance terminal (ui/query.c), when
 * jifen.conf has [query] enabled = yes. */
static int cmd_query(cli_ctx *c, int argc, char **argv)
{
	(void)argv;
	if (argc != 0)
		return cli_usage(c);
	jf_config cfg;
	char err[4096] = "";
	jf_status st = jf_config_load(NULL, &cfg, err, sizeof err);
	if (st != JF_OK) {
		/* its bad lines, one a line */
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
	if (!cfg.query_enabled)
		return cli_failf(JF_USAGE, "%s",
		                 _("积分查询没有开启：在 jifen.conf 的 [query] 一节写 enabled = yes"));
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return cli_failf(JF_USAGE, "%s", _("积分查询要在终端里运行"));
	return jf_ui_query(c->db);
}

/* jifen receipt SUBCOMMAND ...: src/cli/cmd-receipt.c on the open database. */
static int cmd_receipt(cli_ctx *c, int argc, char **argv)
{
	int rc;
	if (argc < 1)
		return cli_usage(c);
	if ((rc = cli_open(c)) != 0)
		return rc;
	return jf_cmd_receipt(c, argc, argv);
}

/* Every command, in the order of `jifen --help`.  Synopses, summaries and
 * details are msgids; the placeholders in capitals are the same in every
 * language and in jifen(1). */
/* clang-format off */
static const cli_cmd commands[] = {
	{"init", NULL, cmd_init,
	 N_("[--demo | --test] [--community NAME] [--code CODE] [--name NAME]"),
	 N_("创建新数据库，载入默认活动，设第一位管理员（-o 登录名，默认 admin）"),
	 N_("  --demo            另加演示数据：文章中的居民、楼长和网格员、各类商品，\n"
	    "                    以及操作员 counter、staff、admin（PIN 均为 2468，仅供演示）\n"
	    "  --test            建立测试数据库（--demo 也是）：可以用 JIFEN_NOW 设置时间，\n"
	    "                    每个界面和报表都标明“演示/测试数据库”；正式数据库不接受 JIFEN_NOW\n"
	    "  --community NAME  社区名称，印在小票上\n"
	    "  --code CODE       社区代码，用在小票编号里\n"
	    "  --name NAME       第一位管理员的姓名（默认与登录名相同）\n"
	    "第一位管理员的 PIN 取自 JIFEN_PIN，否则在终端上询问两次。"),
	 CLI_NEEDS_PATH},
	{"resident", "add", cmd_resident_add,
	 N_("NAME [--phone P] [--compound C] [--building B] [--unit U] [--room R] [--card CODE] [--party]"),
	 N_("登记居民（工作人员）"),
	 N_("  --phone P     手机号\n"
	    "  --compound C  小区，如 开发楼家属楼\n"
	    "  --building B  楼栋    --unit U  单元    --room R  房号\n"
	    "  --card CODE   居民卡号（不能与他人重复）\n"
	    "  --party       党员"),
	 CLI_OPENS_DB},
	{"resident", "edit", cmd_resident_edit,
	 N_("RESIDENT [--name N] [--phone P] [--compound C] [--building B] [--unit U] [--room R] [--card CODE] [--party|--no-party]"),
	 N_("修改居民的姓名、地址、手机号、卡号或党员标记（工作人员）"),
	 N_("只改给出的项，其余不变；给空值（如 --card ''）即清空该项。\n"
	    "卡号的检查与登记时相同：不能与他人的卡号、手机号、姓名或拼音相同。\n"
	    "  --party / --no-party  标为党员 / 取消党员标记"),
	 CLI_OPENS_DB},
	{"resident", "find", cmd_resident_find, N_("QUERY [--all] [--json]"),
	 N_("查找居民：拼音首字母、全拼、汉字、手机号、卡号或房号"),
	 N_("QUERY 可以是拼音首字母（dmy）、全拼（dingmeiying）、汉字、手机号或尾号四位、\n"
	    "卡号、房号（3-2-501）。\n"
	    "  --all   也列出已搬离的居民\n"
	    "  --json  输出 JSON 数组"),
	 CLI_OPENS_DB},
	{"resident", "list", cmd_resident_list, N_("[--all]"),
	 N_("列出全部居民及余额，按姓名拼音排序"),
	 N_("  --all  也列出已搬离的居民"), CLI_OPENS_DB},
	{"resident", "import", cmd_resident_import, N_("FILE"),
	 N_("从 CSV 文件导入居民（工作人员）：有一处错误就一个也不导入"),
	 N_("表头列名可用中文或英文，顺序不限：姓名/name、手机/phone、小区/compound、\n"
	    "楼栋/building、单元/unit、房号/room、卡号/card、党员/party（是/否）。\n"
	    "UTF-8，可带 BOM；CRLF 换行和带引号的字段都可以。FILE 为 - 时读标准输入。"),
	 CLI_OPENS_DB},
	{"resident", "export", cmd_resident_export, N_("[FILE] [--bom] [--format csv|xlsx] [-o FILE]"),
	 N_("把在住居民导出为 CSV（工作人员，记入访问记录），格式同导入"),
	 N_("  --bom          文件开头加 UTF-8 BOM，方便用 Excel 或 WPS 打开\n"
	    "  --format xlsx  写成电子表格（要 -o FILE，或 FILE 以 .xlsx 结尾）"),
	 CLI_OPENS_DB},
	{"resident", "moveout", cmd_resident_moveout, N_("RESIDENT"),
	 N_("标记居民已搬离（工作人员）；积分记录保留"), NULL, CLI_OPENS_DB},
	{"resident", "return", cmd_resident_return, N_("RESIDENT"),
	 N_("把已搬离的居民恢复为在住（工作人员）"), NULL, CLI_OPENS_DB},
	{"passbook", NULL, cmd_passbook, N_("RESIDENT [--json]"),
	 N_("积分存折：余额和每一笔记录"),
	 N_("  --json  输出一个 JSON 对象：balance、entries（time、kind、points …）"),
	 CLI_OPENS_DB},
	{"award", NULL, cmd_award,
	 N_("RESIDENT... ACTIVITY --verifier NAME [--date YYYY-MM-DD] [--note TEXT] [--ref TEXT] [--residents FILE]"),
	 N_("赋分（工作人员）：给一位或多位居民记同一项活动的积分，全记或全不记"),
	 N_("  --verifier NAME   核实这件好事的楼长或网格员（必填）\n"
	    "  --date DATE       好事发生的日期，默认今天，不能是将来\n"
	    "  --note TEXT       备注\n"
	    "  --ref TEXT        纸质台账上的位置，如 第3页第12行\n"
	    "  --residents FILE  另从文件读居民，每行一位（# 开头的行忽略）\n"
	    "最后一个参数是活动，前面的都是居民。"),
	 CLI_OPENS_DB},
	{"redeem", NULL, cmd_redeem, N_("RESIDENT ITEM[:QTY]... [--json]"),
	 N_("兑换一件或多件商品；积分、库存或每月上限不够时一件也不兑换"),
	 N_("  ITEM:QTY  数量，1 到 999，默认 1\n"
	    "  --json    输出 JSON 对象：receipt、total、balance、lines"),
	 CLI_OPENS_DB},
	{"void", NULL, cmd_void, N_("RECEIPT --reason TEXT [--refund-delivered]"),
	 N_("作废小票（工作人员）：退回积分和库存，每张只能作废一次"),
	 N_("  --reason TEXT        原因（必填）\n"
	    "  --refund-delivered   小票上的服务券已用过（服务已做）时仍退回积分：\n"
	    "                       没有它就拒绝作废；台账和存折上写明是哪张券"),
	 CLI_OPENS_DB},
	{"adjust", NULL, cmd_adjust, N_("RESIDENT POINTS --reason TEXT"),
	 N_("调整积分（管理员）：记一笔正或负的更正，写明原因"), NULL, CLI_OPENS_DB},
	{"stock", "in", cmd_stock_in,
	 N_("ITEM QTY [--sponsor NAME] [--sponsor-kind enterprise|unit|merchant] [--note TEXT]"),
	 N_("入库（工作人员）：收到捐赠的商品"),
	 N_("  --sponsor NAME       捐赠方；新捐赠方会被登记\n"
	    "  --sponsor-kind KIND  新捐赠方的类别：enterprise 爱心企业（默认）、\n"
	    "                       unit 共驻共建单位、merchant 爱心商户\n"
	    "  --note TEXT          备注"),
	 CLI_OPENS_DB},
	{"stock", "count", cmd_stock_count, N_("ITEM QTY [--note TEXT]"),
	 N_("盘点（工作人员）：记下实际数量，差额作为盘点记录"), NULL, CLI_OPENS_DB},
	{"audit", NULL, cmd_audit, N_("[--json] [--changes [--table TABLE] [--limit N]]"),
	 N_("核对台账：重算哈希链、每位居民的余额和每件商品的库存"),
	 N_("  --changes      列出变更记录（谁、何时、原值、新值；工作人员），最新的在前\n"
	    "  --table TABLE  只列出这张表的变更（operators、items、residents、meta ...）\n"
	    "  --limit N      最多列出 N 条（默认 50，0 为全部）"),
	 CLI_OPENS_DB},
	{"activity", "list", cmd_activity_list, N_("[--all] [--json]"),
	 N_("按类别列出积分活动和分值"), N_("  --all  也列出已停用的活动"), CLI_OPENS_DB},
	{"activity", "add", cmd_activity_add, N_("CODE CATEGORY NAME POINTS"),
	 N_("新增积分活动（管理员）"),
	 N_("CATEGORY 为 小区治理、文明帮创、废旧利用、绿色环保、志愿服务 之一；\n"
	    "POINTS 为每次记的积分。"),
	 CLI_OPENS_DB},
	{"activity", "price", cmd_activity_price, N_("ACTIVITY POINTS"),
	 N_("修改活动的分值（管理员）；已记的积分不变"), NULL, CLI_OPENS_DB},
	{"activity", "retire", cmd_activity_retire, N_("ACTIVITY"),
	 N_("停用活动（管理员）；历史记录保留"), NULL, CLI_OPENS_DB},
	{"item", "list", cmd_item_list, N_("[--all] [--json]"),
	 N_("列出兑换目录：分值、库存、每月上限和捐赠方"), N_("  --all  也列出已下架的商品"),
	 CLI_OPENS_DB},
	{"item", "add", cmd_item_add,
	 N_("CODE NAME KIND POINTS [--unit U] [--sponsor NAME] [--sponsor-kind K] [--limit N] [--valid-days N]"),
	 N_("新增兑换商品或服务（管理员）；库存从 0 开始，用 stock in 入库"),
	 N_("  KIND              goods 生活用品、produce 农副产品、housekeeping 家政服务、\n"
	    "                    service 社区服务、coupon 商户优惠券\n"
	    "  --unit U          单位，如 包、斤、次\n"
	    "  --sponsor NAME    捐赠方     --sponsor-kind K  enterprise|unit|merchant\n"
	    "  --limit N         每位居民每月最多兑换 N 件\n"
	    "  --valid-days N    服务券和优惠券的有效天数（默认 30）"),
	 CLI_OPENS_DB},
	{"item", "price", cmd_item_price, N_("ITEM POINTS"), N_("修改商品的分值（管理员）"), NULL,
	 CLI_OPENS_DB},
	{"item", "retire", cmd_item_retire, N_("ITEM"), N_("下架商品（管理员）；历史记录保留"), NULL,
	 CLI_OPENS_DB},
	{"verifier", "add", cmd_verifier_add,
	 N_("NAME [--role leader|grid] [--compound C] [--phone P] [--resident RESIDENT]"),
	 N_("登记核实人（工作人员）：楼长（leader，默认）或网格员（grid）"),
	 N_("  --resident RESIDENT  核实人自己的居民账户：不能给自己核实赋分"), CLI_OPENS_DB},
	{"verifier", "list", cmd_verifier_list, "", N_("列出楼长和网格员"), NULL, CLI_OPENS_DB},
	{"operator", "add", cmd_operator_add,
	 N_("LOGIN NAME --role volunteer|staff|admin [--resident RESIDENT]"),
	 N_("新增操作员（管理员）"),
	 N_("  --role ROLE          volunteer 志愿者（只能兑换）、staff 工作人员、admin 管理员\n"
	    "  --resident RESIDENT  操作员自己的居民账户：不能给自己赋分\n"
	    "新操作员的 PIN 取自 JIFEN_NEW_PIN，否则在终端上询问两次。"),
	 CLI_OPENS_DB},
	{"operator", "list", cmd_operator_list, "", N_("列出操作员、角色和锁定状态"), NULL,
	 CLI_OPENS_DB},
	{"operator", "pin", cmd_operator_pin, N_("LOGIN"),
	 N_("重设操作员的 PIN 并解除锁定（管理员）"),
	 N_("新 PIN 取自 JIFEN_NEW_PIN，否则在终端上询问两次。"),
	 CLI_OPENS_DB},
	{"operator", "unlock", cmd_operator_unlock, N_("LOGIN"),
	 N_("解除操作员因 PIN 输错造成的锁定，PIN 不变（管理员）"), NULL, CLI_OPENS_DB},
	{"day", "report", cmd_day_report, N_("[DATE] [--width N] [--printer] [--print] [--json] [--format xlsx -o FILE]"),
	 N_("日结报表：某天的兑换、作废、库存核对、未打印的小票和服务券（默认今天）"),
	 N_("  --width N  每行的列数（默认 64，--printer 时 32）\n"
	    "  --printer  按小票打印机计算列宽（汉字占两列）\n"
	    "  --print    在配置的小票打印机上打印（见 man 5 jifen.conf）\n"
	    "  --json     给脚本读的 JSON：积分、每种物品的库存、未打印的小票、台账链头\n"
	    "  -o FILE    写成 Excel/WPS 电子表格（.xlsx；也可 --format xlsx）"),
	 CLI_NEEDS_DB},
	{"day", "close", cmd_day_close, N_("[DATE] [--note TEXT]"),
	 N_("日结（工作人员）：锁定该日，此后不能再记账；更正记在今后的营业日"),
	 N_("  --note TEXT  备注"), CLI_NEEDS_DB},
	{"day", "reopen", cmd_day_reopen, N_("DATE --reason TEXT"),
	 N_("重开误日结的一天（管理员）：今天或以后的日子；记下谁、何时、为什么"),
	 N_("新的记录总是记在当天：重开今天可以继续营业；过去的日子不能重开，\n"
	    "更正作为作废或调整记在今天。重开记在当天的日结报表里。"),
	 CLI_NEEDS_DB},
	{"clock", NULL, cmd_clock, "",
	 N_("时钟：电脑的时钟、最近一笔记录的时间和管理员的时钟记录"),
	 N_("记录的时间不能早于最近一笔记录，也不能比它晚 31 天以上（未经确认）。"),
	 CLI_NEEDS_DB},
	{"clock", "confirm", cmd_clock_confirm, N_("--reason TEXT"),
	 N_("确认时钟（管理员）：电脑的时钟比最近一笔记录晚 31 天以上，但日期没错"), NULL,
	 CLI_NEEDS_DB},
	{"clock", "correct", cmd_clock_correct, N_("--reason TEXT"),
	 N_("更正时钟（管理员）：时钟没错，是最近的记录记快了"),
	 NULL, CLI_NEEDS_DB},
	{"month", "report", cmd_month_report,
	 N_("YYYY-MM [--format text|csv|html|xlsx] [--full-names] [-o FILE] [--width N]"),
	 N_("每月积分公示：每位居民获得、使用和结余的积分，分类统计，爱心鸣谢，台账校验码"),
	 N_("  --format F    text（默认）、csv、html（A4 纸打印的公示）或 xlsx（要 -o）\n"
	    "  --full-names  写出全名（默认只写 丁*英）\n"
	    "  -o FILE       写到文件（默认标准输出）\n"
	    "  --width N     text 格式每行的列数（默认 80）"),
	 CLI_NEEDS_DB},
	{"report", NULL, cmd_report,
	 N_("PERIOD [--format text|csv|html | --json] [-o FILE] [--width N]"),
	 N_("任意时段的积分统计：参与人数、整治、志愿服务、兑换和完成的服务"),
	 N_("PERIOD 为 FROM..TO（两边各为日期、月份、季度或年份，可留空）、YYYY-MM-DD、\n"
	    "YYYY-MM（一个月）、YYYYQn（一个季度，如 2026Q3）、YYYY（一年）或 all（从头到今天）。\n"
	    "  --format F  text（默认）、csv 或 html（A4 纸打印，含黑白条形图）\n"
	    "  --json      给脚本读的 JSON（from、to、participants、cleanups、head 等）\n"
	    "  -o FILE     写到文件（默认标准输出）\n"
	    "  --width N   text 格式每行的列数（默认 80）"),
	 CLI_NEEDS_DB},
	{"statement", NULL, cmd_statement,
	 N_("RESIDENT [--from DATE] [--to DATE] [--width N] [--printer] [--print]"),
	 N_("打印积分存折：一段时间里的每一笔记录和结余"),
	 N_("  --from DATE  起始日（默认从第一笔起）\n"
	    "  --to DATE    结束日（默认今天）\n"
	    "  --width N    每行的列数（默认 64，--printer 时 32）\n"
	    "  --printer    按小票打印机计算列宽（汉字占两列）\n"
	    "  --print      在配置的小票打印机上打印（见 man 5 jifen.conf）"),
	 CLI_NEEDS_DB},
	{"voucher", "list", cmd_voucher_list, N_("[--all] [--resident RESIDENT] [--json]"),
	 N_("列出待服务的服务券（家政、社区服务、优惠券）"),
	 N_("  --all                也列出已完成、已作废和已过期的\n"
	    "  --resident RESIDENT  只列出这位居民的"),
	 CLI_NEEDS_DB},
	{"voucher", "fulfil", cmd_voucher_fulfil,
	 N_("ID [--note TEXT] [--override-expired --reason TEXT]"),
	 N_("登记服务券已完成或优惠券已使用（工作人员）：每张只能一次"),
	 N_("  --note TEXT             备注，如谁做的\n"
	    "  --override-expired      券已过期仍登记完成（须同时写 --reason）\n"
	    "  --reason TEXT           越过有效期的原因，记在服务券的记录里"),
	 CLI_NEEDS_DB},
	{"award", "import", cmd_award_import, N_("FILE [--skip-bad] [--allow-duplicates]"),
	 N_("从 CSV 文件导入赋分（工作人员）：有一行错就一条也不导入，并列出每一行错"),
	 N_("表头：居民/resident、活动/activity、核实人/verifier、日期/date、备注/note、台账/ref；\n"
	    "没有表头时按 居民,活动,核实人,日期,备注 的顺序。UTF-8（可带 BOM）或 GBK 都可以。\n"
	    "  --skip-bad          只导入正确的行，跳过有错的行\n"
	    "  --allow-duplicates  同一居民同一天同一活动已有赋分时也导入"),
	 CLI_NEEDS_DB},
	{"export", NULL, cmd_export, N_("--format csv|ledger|xlsx [-o FILE] [--bom]"),
	 N_("导出台账（工作人员）：csv 给表格软件，ledger 是 hledger 和 ledger 能读的账本"),
	 N_("  --format csv|ledger|xlsx  格式（见 man 5 jifen-ledger）；xlsx 要 -o\n"
	    "  -o FILE                   写到文件（默认标准输出；以 .xlsx 结尾时写电子表格）\n"
	    "  --bom                     CSV 开头加 UTF-8 BOM，方便用 Excel 打开"),
	 CLI_NEEDS_DB},
	{"backup", NULL, cmd_backup, N_("FILE"),
	 N_("备份数据库到一个新文件（工作人员）：在线备份，柜台可照常使用"), NULL, CLI_NEEDS_DB},
	{"access-log", NULL, cmd_access_log, N_("[--json]"),
	 N_("访问记录（工作人员）：谁在何时导出了居民的姓名和电话"),
	 NULL, CLI_OPENS_DB},
	{"receipt", NULL, cmd_receipt, JF_CMD_RECEIPT_SYNOPSIS, JF_CMD_RECEIPT_SUMMARY,
	 JF_CMD_RECEIPT_DETAILS, CLI_OPENS_DB},
	{"query", NULL, cmd_query, "",
	 N_("积分查询终端：居民自己查积分（不需登录，只读）"),
	 N_("须在 jifen.conf 中开启：[query] enabled = yes；idle = 秒数（默认 60）后回到开始画面。"),
	 CLI_NEEDS_DB},
	{"help", NULL, cmd_help, N_("[COMMAND [SUBCOMMAND]]"), N_("显示帮助"), NULL,
	 CLI_NEEDS_NOTHING},
};
/* clang-format on */
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static int has_subs(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0 && commands[i].sub)
			return 1;
	return 0;
}

static int known_name(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return 1;
	return 0;
}

static const cli_cmd *find_cmd(const char *name, const char *sub)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0 &&
		    ((!commands[i].sub && !sub) ||
		     (commands[i].sub && sub && strcmp(commands[i].sub, sub) == 0)))
			return &commands[i];
	return NULL;
}

static void print_usage_line(FILE *f)
{
	fprintf(f, _("用法：jifen [-d DB] [-o LOGIN] [--lang en|zh] [COMMAND ...]\n"));
}

/* The command list, aligned by display width, for `jifen --help` and a
 * command group's help (`name` set). */
static void print_command_list(FILE *f, const char *name)
{
	cli_table *t = cli_table_new(2, NULL, 120);
	for (size_t i = 0; i < NCOMMANDS; i++) {
		const cli_cmd *k = &commands[i];
		if (name && strcmp(k->name, name) != 0)
			continue;
		char left[64];
		snprintf(left, sizeof left, "  %s%s%s", k->name, k->sub ? " " : "",
		         k->sub ? k->sub : "");
		const char *row[2] = {left, _(k->summary)};
		cli_table_add(t, row);
	}
	cli_table_print(t, f);
}

static void print_main_help(void)
{
	printf(_("jifen %s —— 社区积分兑换（爱心超市）\n"), JIFEN_VERSION);
	print_usage_line(stdout);
	printf(_("不带命令时打开柜台界面。\n\n"));
	printf(_("全局选项：\n"));
	printf(_("  -d, --db DB           数据库文件（默认 $JIFEN_DB，否则 "
	         "$XDG_DATA_HOME/jifen/jifen.db）\n"
	         "  -o, --operator LOGIN  操作员登录名（默认 $JIFEN_OPERATOR）；PIN 取自 "
	         "$JIFEN_PIN 或终端\n"
	         "      --lang en|zh      界面语言（默认中文，也可用 LANGUAGE=en）\n"
	         "  -h, --help            显示帮助；jifen COMMAND --help 显示一个命令的帮助\n"
	         "  -V, --version         显示版本\n\n"));
	printf(_("命令：\n"));
	print_command_list(stdout, NULL);
	printf(_("\n详见 man jifen。\n"));
}

static void print_cmd_help(const cli_cmd *k)
{
	/* gettext("") would return the catalog's header: an empty synopsis
	 * stays empty. */
	printf(_("用法：jifen %s%s%s %s\n"), k->name, k->sub ? " " : "", k->sub ? k->sub : "",
	       k->synopsis[0] ? _(k->synopsis) : "");
	printf("%s\n", _(k->summary));
	if (k->details)
		printf("\n%s\n", _(k->details));
	if (!k->sub && has_subs(k->name)) {
		putchar('\n');
		print_command_list(stdout, k->name);
	}
}

static int group_help(const char *name)
{
	printf(_("用法：jifen %s SUBCOMMAND ...\n"), name);
	print_command_list(stdout, name);
	return 0;
}

static int cmd_help(cli_ctx *c, int argc, char **argv)
{
	(void)c;
	if (argc == 0) {
		print_main_help();
		return 0;
	}
	if (!known_name(argv[0]))
		return cli_failf(JF_USAGE, _("没有命令 %s（见 jifen --help）"), cli_clip(argv[0]));
	const cli_cmd *plain = find_cmd(argv[0], NULL);
	if (has_subs(argv[0]) && !(plain && argc < 2)) {
		if (argc < 2)
			return group_help(argv[0]);
		const cli_cmd *k = find_cmd(argv[0], argv[1]);
		if (!k)
			return cli_failf(JF_USAGE,
			                 _("jifen %s 没有子命令 %s（见 jifen %s --help）"), argv[0],
			                 cli_clip(argv[1]), argv[0]);
		print_cmd_help(k);
		return 0;
	}
	print_cmd_help(plain);
	if (has_subs(argv[0])) {
		/* the plain form, then its subcommands ("award", "award import") */
		putchar('\n');
		print_command_list(stdout, argv[0]);
	}
	return 0;
}

/* --- database path ------------------------------------------------------- */

/* $XDG_DATA_HOME/jifen/jifen.db, or ~/.local/share/jifen/jifen.db. */
static int default_db_path(char *buf, size_t len, char *dir, size_t dirlen)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	if (xdg && xdg[0] == '/') {
		snprintf(dir, dirlen, "%s/jifen", xdg);
	} else {
		const char *home = getenv("HOME");
		if (!home || !*home) {
			struct passwd *pw = getpwuid(getuid());
			home = pw ? pw->pw_dir : NULL;
		}
		if (!home)
			return -1;
		snprintf(dir, dirlen, "%s/.local/share/jifen", home);
	}
	if ((size_t)snprintf(buf, len, "%s/jifen.db", dir) >= len)
		return -1;
	return 0;
}

/* mkdir -p, the last component 0700 (the database holds residents' phones). */
static int make_dirs(const char *dir)
{
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s", dir);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

/* --- global options ------------------------------------------------------ */

typedef struct {
	const char *db, *login, *lang;
	int help, version;
	int list_keys; /* --list-keys (not in --help): the key table, for the tests */
	int next;        /* index of the command in argv */
	const char *bad; /* an unknown or incomplete option */
} globals;

/* Parse the options before the command.  Never prints: messages need the
 * language, which is one of these options. */
static void parse_globals(int argc, char **argv, globals *g)
{
	memset(g, 0, sizeof *g);
	int i = 1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = NULL;
		const char *val = NULL;
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (a[0] != '-' || a[1] == '\0')
			break;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			g->help = 1;
			continue;
		}
		if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
			g->version = 1;
			continue;
		}
		if (strcmp(a, "--list-keys") == 0) {
			g->list_keys = 1;
			continue;
		}
		if (strncmp(a, "-d", 2) == 0 && a[1] == 'd')
			slot = &g->db, val = a[2] ? a + 2 : NULL;
		else if (strcmp(a, "--db") == 0 || strncmp(a, "--db=", 5) == 0)
			slot = &g->db, val = a[4] ? a + 5 : NULL;
		else if (strncmp(a, "-o", 2) == 0 && a[1] == 'o')
			slot = &g->login, val = a[2] ? a + 2 : NULL;
		else if (strcmp(a, "--operator") == 0 || strncmp(a, "--operator=", 11) == 0)
			slot = &g->login, val = a[10] ? a + 11 : NULL;
		else if (strcmp(a, "--lang") == 0 || strncmp(a, "--lang=", 7) == 0)
			slot = &g->lang, val = a[6] ? a + 7 : NULL;
		if (!slot) {
			if (!g->bad)
				g->bad = a;
			continue;
		}
		if (!val) {
			if (i + 1 >= argc) {
				if (!g->bad)
					g->bad = a;
				break;
			}
			val = argv[++i];
		}
		*slot = val;
	}
	g->next = i;
}

/* "en", "en_US", "zh", "zh_CN" ...; the value handed to jf_i18n_init. */
static const char *lang_value(const char *lang, int *ok)
{
	*ok = 1;
	if (!lang)
		return NULL;
	if (strncmp(lang, "en", 2) == 0)
		return "en";
	if (strncmp(lang, "zh", 2) == 0)
		return "zh_CN";
	*ok = 0;
	return NULL;
}

/* Refuse an argument that is not UTF-8 before it reaches a search or a
 * message. */
static int check_args_utf8(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		size_t len = strlen(argv[i]);
		for (size_t k = 0; k < len;) {
			unsigned cp;
			int n = jf_utf8_decode(argv[i] + k, len - k, &cp);
			if (n <= 0) {
				char shown[64];
				jf_text_fit(argv[i], 20, shown, sizeof shown);
				return cli_failf(JF_BAD_UTF8, _("参数“%s”"), shown);
			}
			k += (size_t)n;
		}
	}
	return 0;
}

static int finish_output(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_failf(JF_ERR, _("写输出失败：%s"), strerror(errno));
		return rc ? rc : 1;
	}
	return rc;
}

/* A terminal in GB18030, GBK or another encoding that is not UTF-8: one
 * line in both languages, its Chinese in the terminal's own encoding so
 * that it can be read there, and exit status 2.  Not through gettext: the
 * message must not depend on a catalog. */
static int refuse_codeset(const char *cs)
{
	static const char zh[] = "终端的字符编码是 %s，jifen 只支持 UTF-8（请用 LANG=zh_CN.UTF-8）";
	char msg[512], conv[1024];
	snprintf(msg, sizeof msg, zh, cs);
	const char *out = msg;
	iconv_t cd = iconv_open(cs, "UTF-8");
	if (cd != (iconv_t)-1) {
		char *in = msg, *o = conv;
		size_t inl = strlen(msg), outl = sizeof conv - 1;
		if (iconv(cd, &in, &inl, &o, &outl) != (size_t)-1 &&
		    iconv(cd, NULL, NULL, &o, &outl) != (size_t)-1) {
			*o = '\0';
			out = conv;
		}
		iconv_close(cd);
	}
	fprintf(stderr, "jifen: %s / the terminal's encoding is %s; jifen needs UTF-8 "
	                "(LANG=zh_CN.UTF-8 or en_US.UTF-8)\n",
	        out, cs);
	return jf_status_exit(JF_USAGE);
}

int main(int argc, char **argv)
{
	globals g;
	parse_globals(argc, argv, &g);
	int lang_ok;
	const char *lang = lang_value(g.lang, &lang_ok);
	/* --lang, else $LANGUAGE, else the configuration file's language. */
	const char *env_lang = getenv("LANGUAGE");
	jf_config cfg;
	if (!g.lang && (!env_lang || !*env_lang) && jf_config_load(NULL, &cfg, NULL, 0) == JF_OK &&
	    cfg.language[0]) {
		int cfg_ok;
		lang = lang_value(cfg.language, &cfg_ok);
	}
	jf_i18n_init(lang);
	if (jf_i18n_foreign_codeset())
		return refuse_codeset(jf_i18n_foreign_codeset());

	if (g.bad)
		return cli_failf(JF_USAGE, _("未知或不完整的选项 %s（见 jifen --help）"),
		                 cli_clip(g.bad));
	if (!lang_ok)
		return cli_failf(JF_USAGE, _("--lang 只能是 en 或 zh，收到“%s”"), cli_clip(g.lang));
	if (g.version) {
		printf("jifen %s (schema %d)\n", JIFEN_VERSION, jf_db_schema_version());
		return finish_output(0);
	}
	if (g.help) {
		print_main_help();
		return finish_output(0);
	}
	if (g.list_keys) {
		/* every key of every screen as the COUNTER KEYS paragraphs of
		 * jifen(1), from the table that draws the key bar: the screen
		 * tests compare the manual with it */
		jf_ui_print_keys(stdout, 1);
		return finish_output(0);
	}

	cli_ctx ctx;
	memset(&ctx, 0, sizeof ctx);
	char path[4096], dir[4096];
	const char *env_db = getenv("JIFEN_DB");
	int default_path = 0;
	if (g.db && *g.db) {
		ctx.db_path = g.db;
	} else if (env_db && *env_db) {
		ctx.db_path = env_db;
	} else {
		if (default_db_path(path, sizeof path, dir, sizeof dir) != 0)
			return cli_failf(JF_USAGE,
			                 _("找不到主目录，请用 -d 或 JIFEN_DB 指定数据库"));
		ctx.db_path = path;
		default_path = 1;
	}
	const char *env_op = getenv("JIFEN_OPERATOR");
	ctx.login = g.login && *g.login ? g.login : env_op && *env_op ? env_op : NULL;
	const char *now = getenv("JIFEN_NOW");
	if (now && *now && cli_int(now, 1, INT64_MAX / 2, &ctx.now) != 0)
		return cli_failf(JF_USAGE, _("JIFEN_NOW 应为从 1970-01-01 起的秒数，收到“%s”"),
		                 cli_clip(now));

	int rc;
	char err[1024] = "";
	jf_status st;

	/* No command: the counter, which needs a terminal to draw on and to
	 * read keys from. */
	if (g.next >= argc) {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
			return cli_failf(
			    JF_USAGE,
			    _("柜台界面要在终端里运行；不带终端时请给出命令（见 jifen --help）"));
		st = jf_db_open(ctx.db_path, &ctx.db, err, sizeof err);
		if (st != JF_OK) {
			cli_err("%s", err[0] ? err : jf_status_message(st));
			return jf_status_exit(st);
		}
		if (ctx.now && jf_db_set_time(ctx.db, ctx.now) != JF_OK)
			return jf_status_exit(cli_refuse_now(&ctx));
		rc = jf_ui_main(ctx.db, ctx.login);
		jf_db_close(ctx.db);
		return rc;
	}

	char **args = argv + g.next;
	int nargs = argc - g.next;
	const cli_cmd *k = NULL;
	if (!known_name(args[0]))
		return cli_failf(JF_USAGE, _("没有命令 %s（见 jifen --help）"), cli_clip(args[0]));
	/* A command with a plain form and subcommands too ("award" and "award
	 * import"): the plain form unless the next word names a subcommand. */
	const cli_cmd *plain = find_cmd(args[0], NULL);
	if (has_subs(args[0]) && !(plain && (nargs < 2 || !find_cmd(args[0], args[1])))) {
		if (nargs < 2 || strcmp(args[1], "--help") == 0 || strcmp(args[1], "-h") == 0) {
			if (nargs < 2) {
				cli_failf(JF_USAGE,
				          _("jifen %s 需要一个子命令（见 jifen %s --help）"),
				          args[0], args[0]);
				return 2;
			}
			return finish_output(group_help(args[0]));
		}
		k = find_cmd(args[0], args[1]);
		if (!k)
			return cli_failf(JF_USAGE,
			                 _("jifen %s 没有子命令 %s（见 jifen %s --help）"), args[0],
			                 cli_clip(args[1]), args[0]);
		args += 2;
		nargs -= 2;
	} else {
		k = find_cmd(args[0], NULL);
		args += 1;
		nargs -= 1;
	}
	ctx.cmd = k;
	if (k->run != cmd_help) {
		for (int i = 0; i < nargs && strcmp(args[i], "--") != 0; i++)
			if (strcmp(args[i], "--help") == 0 || strcmp(args[i], "-h") == 0) {
				print_cmd_help(k);
				return finish_output(0);
			}
	}
	if ((rc = check_args_utf8(nargs, args)) != 0)
		return rc;

	if (k->needs == CLI_NEEDS_DB) {
		if ((rc = cli_open(&ctx)) != 0)
			return rc;
	} else if (k->needs == CLI_NEEDS_PATH && default_path && make_dirs(dir) != 0) {
		return cli_failf(JF_DB_IO, "%s: %s", dir, strerror(errno));
	}

	rc = k->run(&ctx, nargs, args);
	rc = finish_output(rc);
	jf_op_free(ctx.op);
	jf_db_close(ctx.db);
	return rc;
}
