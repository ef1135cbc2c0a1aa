/* Shared by the screens of the counter program: the application state, the
 * operations every screen provides and the loop that owns the stack.  The
 * drawing helpers, the input field, the list and the colours are
 * widgets.h's, which knows nothing of the loop. */
#ifndef JIFEN_UI_APP_H
#define JIFEN_UI_APP_H

#include <stdint.h>

#include "jifen/config.h"
#include "jifen/db.h"
#include "jifen/operator.h"
#include "actions.h"
#include "widgets.h"

/* The smallest terminal the counter lays out for. */
#define UI_MIN_COLS 80
#define UI_MIN_LINES 24

/* What a screen's key handler returns. */
enum {
	UI_IGNORED = 0,      /* the key means nothing here */
	UI_HANDLED = 1 << 0, /* the key was used */
	UI_QUIT = 1 << 1,    /* leave the program */
};

/* A screen: a const table of operations, one per screen file (tig's
 * view_ops, htop's PanelClass). */
typedef struct ui_screen {
	unsigned id;       /* its UI_S_* bit: selects the actions of the table */
	const char *title; /* untranslated msgid, shown in the title bar */
	int modal;         /* drawn over the screen below it (a dialog) */
	size_t size;       /* bytes of the screen's own state, zeroed by ui_push
	                    * and freed after close, one per screen on the stack
	                    * (ui_self); 0 for a screen without */
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
	/* Called when the screen comes back on top, the one above it popped
	 * (a dialog, a receipt, a staff screen that may have moved balances
	 * and stock); NULL if it has nothing to reload. */
	void (*resume)(ui_app *app);
} ui_screen;

#define UI_STACK_MAX 6

/* A screen on the stack: its operations and its own state. */
typedef struct {
	const ui_screen *screen;
	void *self; /* screen->size bytes; NULL when size is 0 */
} ui_frame;

struct ui_app {
	jf_db *db;
	jf_op *op; /* NULL until logged in */
	char community[JF_CONFIG_VALUE_MAX + 1];
	ui_frame stack[UI_STACK_MAX];
	int depth;
	int running; /* the frame whose operation runs (ui_self); -1 if none */
	int ambiguous_wide; /* the terminal draws ambiguous-width characters
	                     * (the QR's half blocks) two columns wide: 1, one
	                     * column: 0, unknown: -1 */
	jf_config cfg;      /* jifen.conf: the printer, the QR's URL */
	int too_small;      /* the terminal is below 80x24 */
	int quit;
	char message[512];       /* the message line */
	int message_bad;         /* shown as an error */
	const char *fixed_login; /* `jifen -o LOGIN` */
	unsigned long frames;    /* frames drawn, each then waiting for a key */
	/* > 0: after this many milliseconds without a key the top screen's
	 * key handler is called with UI_A_NONE and UI_NOKEY (`jifen query`
	 * goes back to its start screen) */
	int idle_ms;
};

/* --- the loop (app.c) --- */
void ui_push(ui_app *app, const ui_screen *s, const void *arg);
/* Close the top screen; the one below it is told it is back (resume). */
void ui_pop(ui_app *app);
/* Hand `key` to the screen now on top, as if typed there (the receipt
 * screen passes on the key that starts the next lookup).  Returns UI_*
 * flags. */
int ui_pass_key(ui_app *app, int key);
/* Replace the whole stack by one screen. */
void ui_reset(ui_app *app, const ui_screen *s, const void *arg);
const ui_screen *ui_top(const ui_app *app);
/* The state of the screen whose operation is running (its `size` bytes,
 * one per push, so a dialog over a dialog keeps both; NULL for a screen
 * without).  Once a screen pops itself, what it runs after that runs for
 * the screen now on top (a dialog's yes, for the screen that asked). */
void *ui_self(const ui_app *app);
/* The screen under the top one (for help and dialogs), or NULL. */
const ui_screen *ui_below(const ui_app *app);
/* Set the message line (printf-style); `bad` shows it as an error. */
void ui_say(ui_app *app, int bad, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void ui_say_clear(ui_app *app);
/* Draw everything at once, before something that may take a while (a
 * commit waiting for another counter's transaction). */
void ui_draw_now(ui_app *app);

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

/* 1 if this counter has a resident open, with the name into who and the
 * number of pieces in the cart into *pieces (for the day close's warning). */
int ui_counter_busy(char *who, size_t len, int64_t *pieces);

/* The staff actions of the counter are offered after a staff login. */
int ui_is_staff(const ui_app *app);
/* 1 if the action is offered to the operator logged in. */
int ui_action_offered(const ui_app *app, ui_action a);

#endif
