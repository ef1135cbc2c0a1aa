/* Shared by the screens of the counter program: the application state, the
 * operations every screen provides, colours and the drawing helpers. */
#ifndef JIFEN_UI_APP_H
#define JIFEN_UI_APP_H

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdint.h>
#include <wchar.h>

#include "jifen/config.h"
#include "jifen/db.h"
#include "jifen/operator.h"
#include "actions.h"

/* The smallest terminal the counter lays out for. */
#define UI_MIN_COLS 80
#define UI_MIN_LINES 24

/* What a screen's key handler returns. */
enum {
	UI_IGNORED = 0,      /* the key means nothing here */
	UI_HANDLED = 1 << 0, /* the key was used */
	UI_QUIT = 1 << 1,    /* leave the program */
};

typedef struct ui_app ui_app;

/* A screen: a const table of operations, one per screen file (tig's
 * view_ops, htop's PanelClass). */
typedef struct ui_screen {
	unsigned id;       /* its UI_S_* bit: selects the actions of the table */
	const char *title; /* untranslated msgid, shown in the title bar */
	int modal;         /* drawn over the screen below it (a dialog) */
	/* Called when the screen is pushed; `arg` is the screen's own. */
	void (*open)(ui_app *app, const void *arg);
	/* Draw into stdscr between the title bar and the key bar. */
	void (*draw)(ui_app *app);
	/* Handle one key: `action` is what the table binds it to on this screen
	 * (UI_A_NONE if nothing), `key` the key itself (UI_FKEY for curses key
	 * codes).  Returns UI_* flags. */
	int (*key)(ui_app *app, ui_action action, int key);
	/* Place the cursor (and make it visible) after drawing; NULL hides it. */
	void (*cursor)(ui_app *app);
	/* Called when the screen is popped. */
	void (*close)(ui_app *app);
} ui_screen;

/* Colour pairs; in monochrome (NO_COLOR or a terminal without colours)
 * every one is an attribute instead (ui_attr). */
typedef enum {
	UI_C_NORMAL,
	UI_C_TITLE,  /* the title bar */
	UI_C_KEY,    /* a key in the key bar */
	UI_C_SELECT, /* the highlighted row */
	UI_C_GOOD,   /* affordable, success */
	UI_C_BAD,    /* out of stock, over the limit, errors */
	UI_C_DIM,    /* secondary text, what the resident cannot afford */
	UI_C_HEAD,   /* group headings, labels */
	UI_C_FIELD,  /* an input field */
	UI_C_BIG,    /* the big balance figures */
	UI_C_QR,     /* a QR code: black on white whatever the theme */
	UI_C_COUNT
} ui_color;

#define UI_STACK_MAX 6

struct ui_app {
	jf_db *db;
	jf_op *op; /* NULL until logged in */
	char community[JF_CONFIG_VALUE_MAX + 1];
	const ui_screen *stack[UI_STACK_MAX];
	int depth;
	int colors;         /* 1 when colour pairs are in use */
	int qr_colors;      /* 1 when the QR can be forced black on white */
	int ambiguous_wide; /* the terminal draws ambiguous-width characters
	                     * (the QR's half blocks) two columns wide: 1, one
	                     * column: 0, unknown: -1 */
	jf_config cfg;      /* jifen.conf: the printer, the QR's URL */
	int too_small;      /* the terminal is below 80x24 */
	int quit;
	char message[512];       /* the message line */
	int message_bad;         /* shown as an error */
	const char *fixed_login; /* `jifen -o LOGIN` */
	/* > 0: after this many milliseconds without a key the top screen's
	 * key handler is called with UI_A_NONE and UI_NOKEY (`jifen query`
	 * goes back to its start screen) */
	int idle_ms;
};

/* --- the loop (app.c) --- */
void ui_push(ui_app *app, const ui_screen *s, const void *arg);
void ui_pop(ui_app *app);
/* Replace the whole stack by one screen. */
void ui_reset(ui_app *app, const ui_screen *s, const void *arg);
const ui_screen *ui_top(const ui_app *app);
/* The screen under the top one (for help and dialogs), or NULL. */
const ui_screen *ui_below(const ui_app *app);
/* Set the message line (printf-style); `bad` shows it as an error. */
void ui_say(ui_app *app, int bad, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void ui_say_clear(ui_app *app);
/* Draw everything at once, before something that may take a while (a
 * commit waiting for another counter's transaction). */
void ui_draw_now(ui_app *app);
/* Restore the terminal and abort (an allocation that cannot fail). */
void ui_fatal(const char *what) __attribute__((noreturn));
/* The curses attribute of a colour role (a pair, or bold/reverse/dim). */
attr_t ui_attr(const ui_app *app, ui_color c);

/* The rows a screen may use: from UI_TOP to ui_bottom() inclusive. */
#define UI_TOP 1
int ui_bottom(void);

/* --- the screens --- */
extern const ui_screen ui_login_screen;
extern const ui_screen ui_counter_screen;
extern const ui_screen ui_confirm_screen;
extern const ui_screen ui_receipt_screen;
extern const ui_screen ui_void_screen;
extern const ui_screen ui_reprint_screen;
extern const ui_screen ui_help_screen;
extern const ui_screen ui_verify_screen; /* F6: check a receipt */
extern const ui_screen ui_query_screen;  /* `jifen query` */
/* The staff screens (staff.h declares the rest). */
extern const ui_screen ui_staff_screen;

/* The confirmation dialog: its question and what to do on yes. */
typedef struct {
	const char *question; /* already localized; copied */
	void (*yes)(ui_app *app, void *ctx);
	void *ctx;
} ui_confirm_arg;

/* The receipt screen shows a receipt read back from the database, and
 * prints it first when asked to and a printer is set up. */
typedef struct {
	const char *receipt_no;
	int print;
	int reprint; /* F8: printing again needs staff (jf_receipt_reprint) */
} ui_receipt_arg;

/* The counter reloads the picked resident's balance after another screen
 * (a void) may have changed it. */
void ui_counter_refresh(ui_app *app);
/* 1 if this counter has a resident open, with the name into who and the
 * number of pieces in the cart into *pieces (for the day close's warning). */
int ui_counter_busy(char *who, size_t len, int64_t *pieces);

/* --- drawing helpers (widgets.c) --- */

/* Draw UTF-8 text at (y, x) fitted into `cols` display columns (cut with
 * "…"), padded with spaces to `cols` if `pad`.  Returns columns drawn. */
int ui_text(int y, int x, int cols, const char *s, int pad);
/* The same, right-aligned in `cols`. */
int ui_text_right(int y, int x, int cols, const char *s);
/* Fill a row segment with spaces. */
void ui_blank(int y, int x, int cols);
/* Text centered in [x, x+cols). */
void ui_text_center(int y, int x, int cols, const char *s);

/* A single-line input field that keeps, per character, its byte offset and
 * its display column, so cursor moves and deletes work on Chinese text. */
#define UI_FIELD_BYTES 256
#define UI_FIELD_CHARS 128
typedef struct {
	char buf[UI_FIELD_BYTES];
	int len; /* bytes used */
	int nchars;
	int off[UI_FIELD_CHARS + 1]; /* byte offset of character i */
	int col[UI_FIELD_CHARS + 1]; /* display column of character i */
	int cur;                     /* cursor, in characters */
	int max_bytes;               /* 0 = the buffer's size */
	int masked;                  /* draw '*' for each character (PIN) */
	int digits_only;             /* accept only 0-9 */
	int scroll;                  /* first visible column */
	int screen_y, screen_x;      /* where the cursor was drawn */
} ui_field;

void ui_field_init(ui_field *f, int max_bytes);
void ui_field_clear(ui_field *f);
void ui_field_set(ui_field *f, const char *utf8);
/* Edit with one key: returns 1 if the text changed, 2 if only the cursor
 * moved, 0 if the key is not an editing key. */
int ui_field_key(ui_field *f, int key);
/* Draw the field at (y, x) in `cols` columns and remember where the cursor
 * goes. */
void ui_field_draw(const ui_app *app, ui_field *f, int y, int x, int cols);
/* Move the terminal cursor into the field. */
void ui_field_place_cursor(const ui_field *f);

/* A printable character for a field: not a control, not a curses key. */
int ui_key_printable(int key);

/* Group digits of a number of points ("12,345") into buf. */
void ui_points(int64_t v, char *buf, size_t len);

/* Big figures drawn with reverse-video spaces, 5 rows high, 4 columns per
 * digit.  Returns the columns used, or 0 if it does not fit in `cols`. */
int ui_big_number(const ui_app *app, int y, int x, int cols, int64_t v);

/* The staff actions of the counter are offered after a staff login. */
int ui_is_staff(const ui_app *app);
/* 1 if the action is offered to the operator logged in. */
int ui_action_offered(const ui_app *app, ui_action a);

#endif
