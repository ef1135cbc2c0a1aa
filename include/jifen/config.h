/* The configuration file (man/jifen.conf.5): the community's name on the
 * receipt, the URL a receipt's QR opens, the receipt printer, the language.
 * Plain `key = value` lines in [sections]; nothing here touches the
 * database. */
#ifndef JIFEN_CONFIG_H
#define JIFEN_CONFIG_H

#include <stddef.h>
#include "jifen/status.h"

#define JF_CONFIG_VALUE_MAX 255

/* How the receipt printer is reached. */
typedef enum {
	JF_PRINTER_NONE = 0,   /* none configured */
	JF_PRINTER_DEVICE = 1, /* a device file, /dev/usb/lp0 */
	JF_PRINTER_TCP = 2,    /* host:port, port 9100 if left out */
	JF_PRINTER_CUPS = 3,   /* a CUPS queue, sent with `lp -d QUEUE -o raw` */
} jf_printer_kind;

/* How the QR goes to an ESC/POS printer: its own QR command (GS ( k), or a
 * raster image (GS v 0) that every printer prints. */
typedef enum {
	JF_QR_RASTER = 0,
	JF_QR_NATIVE = 1,
} jf_qr_mode;

typedef struct {
	/* [community] name: printed on receipts instead of the database's own
	 * community name ("" = the database's). */
	char community_name[JF_CONFIG_VALUE_MAX + 1];
	/* [receipt] url_template: the QR holds this URL with {payload}
	 * replaced ("" = the bare payload). */
	char url_template[JF_CONFIG_VALUE_MAX + 1];
	/* [printer] device / tcp / cups: at most one of them. */
	jf_printer_kind printer;
	char printer_target[JF_CONFIG_VALUE_MAX + 1];
	int paper;              /* [printer] paper: 58 or 80 (mm) */
	jf_qr_mode qr_mode;     /* [printer] qr: raster or native */
	int timeout_ms;         /* [printer] timeout (seconds in the file) */
	char language[8];       /* language: "", "en" or "zh" */
	/* busy_wait (seconds in the file): how long the counter waits for
	 * another counter's write before it says the database is busy; 0 =
	 * the database module's own wait (5 s). */
	int busy_ms;
	/* [query] enabled: `jifen query`, the residents' own balance terminal,
	 * may run (yes/no, default no); idle (seconds in the file, default
	 * 60): it goes back to its start screen after this long untouched. */
	int query_enabled;
	int query_idle_ms;
	/* [reports] folder: where the counter writes the monthly notice ("" =
	 * the user's documents folder, jf_config_report_dir). */
	char report_dir[JF_CONFIG_VALUE_MAX + 1];
	char path[4096];        /* the file read, "" if none */
} jf_config;

/* The settings with no file: no printer, 58 mm paper, raster QR, a 3 second
 * printer timeout, the database's community name, the bare payload. */
void jf_config_defaults(jf_config *cfg);

/* Where the file is looked for: $JIFEN_CONFIG, else
 * $XDG_CONFIG_HOME/jifen/jifen.conf, else ~/.config/jifen/jifen.conf.
 * Returns 1 when the place was given explicitly by $JIFEN_CONFIG, 0 when it
 * is the default place, -1 when there is none (no HOME). */
int jf_config_default_path(char *buf, size_t len);

/* Read settings from `text` (the contents of a file called `name`, for
 * messages) on top of what `cfg` holds.  Every bad line is reported in
 * errbuf as "name:LINE: what is wrong", one per line; the good lines still
 * apply.  Returns JF_OK, or JF_INVALID when any line was bad. */
jf_status jf_config_parse(const char *text, const char *name, jf_config *cfg,
                          char *errbuf, size_t errlen);

/* Defaults, then the file at `path` (NULL: jf_config_default_path).  A
 * missing file at the default place is no error (the defaults stand); a
 * missing file that $JIFEN_CONFIG or `path` named is JF_NOT_FOUND.  Bad
 * lines: JF_INVALID, as jf_config_parse. */
jf_status jf_config_load(const char *path, jf_config *cfg, char *errbuf, size_t errlen);

/* The folder the counter writes reports to, never the folder the program
 * was started in: [reports] folder (a leading ~/ is $HOME), else
 * $XDG_DOCUMENTS_DIR, else XDG_DOCUMENTS_DIR in
 * $XDG_CONFIG_HOME/user-dirs.dirs (or ~/.config/user-dirs.dirs), else
 * ~/Documents.  Returns 1 when it is the configured folder, 0 when it is
 * the documents folder, -1 (buf "") when there is none (no HOME). */
int jf_config_report_dir(const jf_config *cfg, char *buf, size_t len);

/* Put `payload` into the URL template ("" template or NULL cfg: the
 * payload itself).  Returns 0, or -1 if it does not fit in outsz. */
int jf_config_qr_text(const jf_config *cfg, const char *payload, char *out, size_t outsz);

#endif
