/* jifen day report|close, jifen voucher list|fulfil: the staff's day. */
#ifndef JIFEN_CLI_CMD_DAY_H
#define JIFEN_CLI_CMD_DAY_H

#include "cli.h"

/* jifen day report [DATE] [--width N] [--printer] */
int cmd_day_report(cli_ctx *c, int argc, char **argv);
/* jifen day close [DATE] [--note TEXT]   (staff) */
int cmd_day_close(cli_ctx *c, int argc, char **argv);
/* jifen voucher list [--all] [--resident R] [--json] */
int cmd_voucher_list(cli_ctx *c, int argc, char **argv);
/* jifen voucher fulfil ID [--note TEXT]   (staff) */
int cmd_voucher_fulfil(cli_ctx *c, int argc, char **argv);

#endif
