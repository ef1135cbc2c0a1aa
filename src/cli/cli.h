/* The `jifen` command line, shared by the files of src/cli only.
 *
 * main.c parses the global options, opens the database and dispatches to a
 * command's run function through the table in main.c; the commands live in
 * the cmd- files; util.c has what they share (options, errors, PIN prompts, JSON,
 * tables). */
#ifndef JIFEN_CLI_H
#define JIFEN_CLI_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include "jifen/db.h"
#include "jifen/operator.h"
#include "jifen/status.h"

#ifndef JIFEN_VERSION
#define JIFEN_VERSION "0.1.0"
#endif

/* The most one `stock in` or `stock count` may record. */
#define CLI_STOCK_MAX 100000

/* What a command needs before it runs. */
enum cli_needs {
	CLI_NEEDS_NOTHING = 0, /* help */
	CLI_NEEDS_PATH,        /* init: the path only; the command creates the file */
	CLI_NEEDS_DB,          /* an existing database, opened by main before run */
	CLI_OPENS_DB,          /* an existing database, opened by the command itself
	                          (cli_open, cli_login) once its arguments are
	                          checked, so that a usage error comes first */
};

typedef struct cli_ctx cli_ctx;

typedef struct cli_cmd {
	const char *name; /* "resident" */
	const char *sub;  /* "add", or NULL for a command without subcommands */
	/* does the command; argv[0] is its first argument; returns the exit status */
	int (*run)(cli_ctx *c, int argc, char **argv);
	const char *synopsis; /* one line, N_(): "NAME [--phone P] ..." */
	const char *summary;  /* one line, N_(): what it does and who may */
	const char *details;  /* the options, one per line, N_(), or NULL */
	enum cli_needs needs; /* what main prepares before run */
} cli_cmd;

struct cli_ctx {
	const char *db_path; /* -d, $JIFEN_DB or the default */
	const char *login;   /* -o or $JIFEN_OPERATOR; NULL if neither */
	int64_t now;         /* $JIFEN_NOW, 0 for the real clock */
	jf_db *db;           /* after cli_open or cli_login (closed by main) */
	jf_op *op;           /* after cli_login (owned by main) */
	const cli_cmd *cmd;  /* the command being run */
};

/* --- options ------------------------------------------------------------- */

/* One option of a command.  A table ends with a zeroed entry. */
typedef struct {
	const char *name;  /* long name without "--" */
	char short_name;   /* 0 if none */
	int has_arg;       /* takes a value */
	const char *value; /* out: the value ("" for a flag given) */
	int given;         /* out: set when the option was given */
} cli_opt;

/* Parse argv in place: options anywhere (--name=V, --name V, -x V, -xV;
 * "--" ends options; "-" and negative numbers are positional).  On success
 * returns 0 and argv[0 .. *npos) are the positional arguments, in order.
 * On error prints the one-line message and returns the exit status 2. */
int cli_parse(cli_ctx *c, int argc, char **argv, cli_opt *opts, int *npos);
/* The value of a parsed option, or NULL if it was not given. */
const char *cli_arg(const cli_opt *opts, const char *name);
/* 1 if a parsed option was given. */
int cli_flag(const cli_opt *opts, const char *name);

/* --- output ------------------------------------------------------------- */

/* printf for everything the command line says on a terminal: the format
 * (the program's own, translated text) as it is, and every %s argument
 * (names, notes, codes, what a scanned payload held ...) through the
 * terminal sanitiser jf_text_clean, so that no control byte from the data
 * reaches the terminal.  The commands never call printf with data. */
int cli_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int cli_fprintf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int cli_vfprintf(FILE *f, const char *fmt, va_list ap);

/* --- errors (one line on stderr, "jifen: ...") ---------------------------- */

/* Print a message (printf-style) as "jifen: <message>" on one line. */
void cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A core failure: print the database's detailed message (or the status's
 * own) and return the exit status of st. */
int cli_fail(cli_ctx *c, jf_status st);
/* A failure found by the command line itself: "<status message>：<detail>",
 * returns the exit status of st. */
int cli_failf(jf_status st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A usage error of the current command: prints its synopsis, returns 2. */
int cli_usage(cli_ctx *c);
/* The current command's name as typed: "resident add". */
const char *cli_cmd_name(const cli_ctx *c);

/* --- operator ------------------------------------------------------------ */

/* Open the database (c->db_path) if it is not open yet, after a command has
 * checked its arguments, so that usage errors come first.  Returns 0, or
 * the exit status with the message printed. */
int cli_open(cli_ctx *c);

/* $JIFEN_NOW given for a real database: say so (naming JIFEN_NOW), close
 * the database and return JF_USAGE. */
jf_status cli_refuse_now(cli_ctx *c);
/* Log in the operator for a writing command (-o LOGIN or $JIFEN_OPERATOR,
 * the PIN from $JIFEN_PIN or asked on /dev/tty without echo).  Returns
 * JF_OK with c->op set, or a status with the message printed already. */
jf_status cli_login(cli_ctx *c);
/* Read a PIN for `prompt` from /dev/tty without echo.  Returns 0 on success,
 * -1 when there is no terminal (message not printed). */
int cli_read_pin(const char *prompt, char *buf, size_t len);
/* A new PIN for an operator being created or reset: the environment
 * variable `env` ($JIFEN_NEW_PIN, or $JIFEN_PIN for the first admin), else
 * asked twice on the terminal.  `who` names the operator in the prompt.
 * Returns JF_OK, or a status with the message printed already. */
jf_status cli_new_pin(const char *env, const char *who, char *buf, size_t len);
/* Forget a PIN in memory. */
void cli_wipe(void *p, size_t len);

/* --- values -------------------------------------------------------------- */

/* Parse a whole decimal integer (optional sign) in [min, max]; 0 on
 * success, -1 otherwise. */
int cli_int(const char *s, int64_t min, int64_t max, int64_t *out);
/* User input shown in a message: cut to 40 columns with "…", control and
 * invalid bytes as '?'.  The result lives until four more calls. */
const char *cli_clip(const char *s);
/* Time as "YYYY-MM-DD HH:MM" local time (buf >= 20 bytes). */
void cli_time(int64_t t, char *buf, size_t len);
/* Signed points "+3" / "-2". */
void cli_points(int64_t p, char *buf, size_t len);

/* --- JSON ---------------------------------------------------------------- */

/* Write s as a JSON string: quotes, backslashes and control characters are
 * escaped, valid UTF-8 passes through, invalid bytes become U+FFFD. */
void cli_json_str(FILE *f, const char *s);
/* "key": "value" / "key": 123, preceded by a comma unless *first. */
void cli_json_kv_str(FILE *f, int *first, const char *key, const char *value);
void cli_json_kv_int(FILE *f, int *first, const char *key, int64_t value);
void cli_json_kv_bool(FILE *f, int *first, const char *key, int value);
/* Write the key of a member whose value follows ("key": ). */
void cli_json_key(FILE *f, int *first, const char *key);

/* --- tables aligned by display width -------------------------------------- */

typedef struct cli_table cli_table;

/* A table of `ncols` columns; `right` is a string of 'l'/'r' per column
 * ("llrr"), NULL for all left.  Columns wider than `maxw` are cut with "…". */
cli_table *cli_table_new(int ncols, const char *align, int maxw);
/* Append a row of ncols strings (copied; NULL is empty). */
void cli_table_add(cli_table *t, const char *const *cells);
/* Print to f with two spaces between columns and free the table. */
void cli_table_print(cli_table *t, FILE *f);

/* --- commands (cmd-*.c) -------------------------------------------------- */

int cmd_init(cli_ctx *c, int argc, char **argv);
int cmd_operator_add(cli_ctx *c, int argc, char **argv);
int cmd_operator_list(cli_ctx *c, int argc, char **argv);
int cmd_operator_pin(cli_ctx *c, int argc, char **argv);
int cmd_operator_unlock(cli_ctx *c, int argc, char **argv);
int cmd_audit(cli_ctx *c, int argc, char **argv);

/* cmd-clock.c: jifen clock [confirm|correct], jifen day reopen */
int cmd_clock(cli_ctx *c, int argc, char **argv);
int cmd_clock_confirm(cli_ctx *c, int argc, char **argv);
int cmd_clock_correct(cli_ctx *c, int argc, char **argv);
int cmd_day_reopen(cli_ctx *c, int argc, char **argv);
/* Notes for a report on f: a test or demo database, and every recorded
 * clock step, one "注意：" line each. */
void cli_clock_notes(cli_ctx *c, FILE *f);

int cmd_resident_add(cli_ctx *c, int argc, char **argv);
int cmd_resident_edit(cli_ctx *c, int argc, char **argv);
int cmd_resident_find(cli_ctx *c, int argc, char **argv);
int cmd_resident_list(cli_ctx *c, int argc, char **argv);
int cmd_resident_import(cli_ctx *c, int argc, char **argv);
int cmd_resident_export(cli_ctx *c, int argc, char **argv);
int cmd_resident_moveout(cli_ctx *c, int argc, char **argv);
int cmd_resident_return(cli_ctx *c, int argc, char **argv);
int cmd_passbook(cli_ctx *c, int argc, char **argv);

int cmd_award(cli_ctx *c, int argc, char **argv);
int cmd_redeem(cli_ctx *c, int argc, char **argv);
int cmd_void(cli_ctx *c, int argc, char **argv);
int cmd_adjust(cli_ctx *c, int argc, char **argv);
int cmd_stock_in(cli_ctx *c, int argc, char **argv);
int cmd_stock_count(cli_ctx *c, int argc, char **argv);

int cmd_activity_list(cli_ctx *c, int argc, char **argv);
int cmd_activity_add(cli_ctx *c, int argc, char **argv);
int cmd_activity_price(cli_ctx *c, int argc, char **argv);
int cmd_activity_retire(cli_ctx *c, int argc, char **argv);
int cmd_item_list(cli_ctx *c, int argc, char **argv);
int cmd_item_add(cli_ctx *c, int argc, char **argv);
int cmd_item_price(cli_ctx *c, int argc, char **argv);
int cmd_item_retire(cli_ctx *c, int argc, char **argv);
int cmd_verifier_add(cli_ctx *c, int argc, char **argv);
int cmd_verifier_list(cli_ctx *c, int argc, char **argv);

#endif
