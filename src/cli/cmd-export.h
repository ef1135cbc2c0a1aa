/* jifen export, jifen backup, jifen award import: data in and out. */
#ifndef JIFEN_CLI_CMD_EXPORT_H
#define JIFEN_CLI_CMD_EXPORT_H

#include <stdio.h>
#include "cli.h"
#include "jifen/outfile.h"

/* jifen export --format csv|ledger [-o FILE] [--bom]   (staff) */
int cmd_export(cli_ctx *c, int argc, char **argv);
/* jifen backup FILE   (staff) */
int cmd_backup(cli_ctx *c, int argc, char **argv);
/* jifen access-log: who exported residents' personal data (staff). */
int cmd_access_log(cli_ctx *c, int argc, char **argv);
/* jifen award import FILE [--skip-bad] [--allow-duplicates]   (staff) */
int cmd_award_import(cli_ctx *c, int argc, char **argv);

/* Output for a command's -o FILE: a temporary file next to `path`, created
 * 0600 (it may hold residents' names), renamed over `path` only when the
 * whole output was written.  NULL path: standard output.  export_open
 * returns NULL with the message printed. */
typedef struct {
	FILE *f;
	const char *path;
	jf_outfile file; /* the core's write-then-rename (jifen/outfile.h) */
} export_out;
int export_open(export_out *o, const char *path);
/* Finish: flush, and rename into place if ok (else remove the temporary
 * file).  Returns 0, or the exit status with the message printed. */
int export_close(export_out *o, int ok);

#endif
