/* jifen day report|close, jifen voucher list|fulfil: the staff's day. */
#ifndef JIFEN_CLI_CMD_DAY_H
#define JIFEN_CLI_CMD_DAY_H

#include "cli.h"

/* jifen day report [DATE] [--width N] [--printer] [--print] */
int cmd_day_report(cli_ctx *c, int argc, char **argv);
/* jifen day close [DATE] [--note TEXT]   (staff) */
int cmd_day_close(cli_ctx *c, int argc, char **argv);
/* jifen voucher list [--all] [--resident R] [--json] */
int cmd_voucher_list(cli_ctx *c, int argc, char **argv);
/* jifen voucher fulfil ID [--note TEXT]   (staff) */
int cmd_voucher_fulfil(cli_ctx *c, int argc, char **argv);

/* Lay a report out for the configured receipt printer (`write` is given
 * the paper's columns) and send it there.  Returns 0, or the exit status
 * with the message printed (10 when the printer fails). */
typedef jf_status (*cli_report_writer)(cli_ctx *c, FILE *f, int cols, void *arg);
int cli_print_report(cli_ctx *c, cli_report_writer write, void *arg);

#endif
