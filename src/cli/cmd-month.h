/* jifen month report, jifen statement: reports for the public and for a
 * resident. */
#ifndef JIFEN_CLI_CMD_MONTH_H
#define JIFEN_CLI_CMD_MONTH_H

#include "cli.h"

/* jifen month report YYYY-MM [--format text|csv|html] [--full-names]
 *                            [-o FILE] [--width N] */
int cmd_month_report(cli_ctx *c, int argc, char **argv);
/* jifen statement RESIDENT [--from DATE] [--to DATE] [--width N] [--printer]
 *                  [--print] */
int cmd_statement(cli_ctx *c, int argc, char **argv);
/* jifen report PERIOD [--format text|csv|html | --json] [-o FILE] [--width N] */
int cmd_report(cli_ctx *c, int argc, char **argv);

#endif
