/* The widgets of the counter program: text fitted by display width, the
 * input field, the list, big figures and the colour roles.  They draw into
 * stdscr and know nothing of the screen stack or the loop (app.h), so the
 * loop can use them without a circle. */
#ifndef JIFEN_UI_WIDGETS_H
#define JIFEN_UI_WIDGETS_H

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "actions.h"

typedef struct ui_app ui_app;

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

/* Start the colour pairs (after curses starts); NO_COLOR keeps only the
 * QR's black on white. */
void ui_colors_init(void);
/* The curses attribute of a colour role (a pair, or bold/reverse/dim).  The
 * palette is the terminal's, one for the program; `app` is not read. */
attr_t ui_attr(const ui_app *app, ui_color c);

/* Restore the terminal and abort (an allocation that cannot fail). */
void ui_fatal(const char *what) __attribute__((noreturn));

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

/* A list with a highlighted row that stays in view: the one widget every
 * screen that scrolls a list uses (select, scroll, page), with the keys of
 * the action table (Up, Down, PgUp, PgDn). */
typedef struct {
	int n;   /* rows in the list */
	int sel; /* the highlighted row; 0 when the list is empty */
	int top; /* the first row shown */
} ui_list;

/* A new count of rows: the highlight stays where it was, inside the list. */
void ui_list_count(ui_list *l, int n);
/* Move the highlight by `delta` rows, kept within the list. */
void ui_list_move(ui_list *l, int delta);
/* Up, Down (one row) and PgUp, PgDn (`page` rows): 1 if `a` is one of
 * them (the highlight moved, or stayed at an end), 0 if not. */
int ui_list_key(ui_list *l, ui_action a, int page);
/* Scroll so that the highlight is among `rows` rows shown from top. */
void ui_list_show(ui_list *l, int rows);
/* 1 if rows after the last of `rows` shown from top remain unseen. */
int ui_list_more(const ui_list *l, int rows);
/* A list that is only scrolled, with no highlight (a receipt, the help, a
 * statement), `rows` rows shown: Up and Down move the top by a row, PgUp
 * and PgDn by a page less a row, and the top stays within [0, n - rows].
 * 1 if `a` is one of them, 0 if not. */
int ui_list_scroll(ui_list *l, ui_action a, int rows);

/* A dialog box drawn over what is below it: a border, the inside blanked
 * so nothing below shows through, and no wide character cut in half at its
 * sides (the half left beside it is blanked too).  Rows y0..y0+h-1,
 * columns x0..x0+w-1, border included; `ascii` draws it with + - | where
 * the terminal draws line characters two columns wide. */
void ui_box(int y0, int x0, int h, int w, attr_t a, int ascii);

/* Group digits of a number of points ("12,345") into buf. */
void ui_points(int64_t v, char *buf, size_t len);

/* Big figures drawn with reverse-video spaces, 5 rows high, 4 columns per
 * digit.  Returns the columns used, or 0 if it does not fit in `cols`. */
int ui_big_number(const ui_app *app, int y, int x, int cols, int64_t v);

#endif
