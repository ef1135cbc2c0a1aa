/* jifen export, jifen backup, jifen award import: data in and out. */
#ifndef JIFEN_CLI_CMD_EXPORT_H
#define JIFEN_CLI_CMD_EXPORT_H

#include <stdio.h>
#include "cli.h"
#include "jifen/outfile.h"

/* jifen export --format csv|ledger|xlsx [-o FILE] [--bom]   (staff) */
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

/* --format xlsx, or no --format and an -o FILE ending in .xlsx. */
int export_wants_xlsx(const char *fmt, const char *path);
/* A workbook needs a file: 0 if `path` names one, else the usage error's
 * exit status (message printed). */
int export_xlsx_needs_file(const char *path);
/* Write the CSV text csv[0..len) as a workbook (jf_xlsx_from_csv, sheet
 * `sheet`) to o's temporary file and finish o as export_close does. */
int export_xlsx_close(export_out *o, const char *csv, size_t len, const char *sheet,
                      unsigned flags);

#endif
