/* A virtual terminal for the screen tests: the real jifen binary runs in a
 * pseudo-terminal of a fixed size, its output is read by libvterm, keys are
 * encoded by libvterm as the terminal would send them. */
#ifndef JIFEN_TESTS_VT_H
#define JIFEN_TESTS_VT_H

#include <stddef.h>
#include <sys/types.h>
#include <vterm.h>

typedef struct {
	pid_t pid;
	int fd; /* the pty master */
	VTerm *vt;
	VTermScreen *screen;
	int rows, cols;
	int exited; /* the child was reaped */
	int status; /* its wait status */
} vt_term;

/* Run argv (argv[0] a path) in a new pty of rows x cols, with the extra
 * environment `env` ("NAME=value" strings, NULL-terminated, may be NULL;
 * "NAME=" removes NAME).  Returns 0 on success. */
int vt_start(vt_term *t, int rows, int cols, char *const argv[], const char *const env[]);

/* Read what the program wrote, for up to `ms` milliseconds. */
void vt_pump(vt_term *t, int ms);

/* Read until the program waits for the next key with every key sent read
 * and its frame drawn: asleep in read() on its terminal (seen in
 * /proc/PID/syscall), nothing unread on either side of the pty.  At most
 * `max_ms`; 1 if it got there, 0 if not (still busy, or it ended).  Where
 * the kernel does not show what a process waits for (or with VT_QUIET=1 in
 * the environment, to compare), 120 ms of quiet. */
int vt_idle(vt_term *t, int max_ms);

/* The program's next frame: vt_idle(t, max_ms); `quiet_ms` of quiet only
 * where the kernel does not say what the program waits for. */
void vt_settle(vt_term *t, int quiet_ms, int max_ms);

/* Read until the program has been quiet for `quiet_ms` (at most `max_ms`):
 * for waits that are not for a key (a program that is not a curses one). */
void vt_settle_quiet(vt_term *t, int quiet_ms, int max_ms);

/* Wait until the screen shows `text` (UTF-8); 1 if it did within `ms`. */
int vt_wait(vt_term *t, const char *text, int ms);
/* Wait until the screen no longer shows `text`. */
int vt_wait_gone(vt_term *t, const char *text, int ms);

/* 1 if the screen shows `text` now; row/col of the first match if wanted. */
int vt_has(vt_term *t, const char *text);
int vt_find(vt_term *t, const char *text, int *row, int *col);

/* Row `r` as UTF-8 text, trailing spaces removed. */
void vt_row(vt_term *t, int r, char *buf, size_t len);

/* Attributes of the cell at (row, col). */
int vt_cell_reverse(vt_term *t, int row, int col);

/* Read a QR code off the screen as a phone would (zbar): the colours and
 * half blocks as the terminal shows them.  1 with its text in out. */
int vt_decode_qr(vt_term *t, char *out, size_t len);

/* The character at (row, col) (0 for the right half of a wide one, or
 * an empty cell) and its width in columns into *width (may be NULL). */
unsigned vt_cell_char(vt_term *t, int row, int col, int *width);

/* Type UTF-8 text, byte for byte as an input method or a scanner does. */
void vt_type(vt_term *t, const char *utf8);
/* Press a key (VTERM_KEY_*), possibly with a modifier. */
void vt_key(vt_term *t, VTermKey key, VTermModifier mod);
/* F1..F12. */
void vt_fkey(vt_term *t, int n);
/* Ctrl + letter. */
void vt_ctrl(vt_term *t, char letter);

/* Change the terminal size (the program gets SIGWINCH). */
void vt_resize(vt_term *t, int rows, int cols);

/* 1 while the program runs. */
int vt_alive(vt_term *t);

/* Wait up to `ms` for the program to end; returns its exit status, or -1 if
 * it is still running (it is then killed) or died by a signal. */
int vt_finish(vt_term *t, int ms);

/* Print the screen, for a failed check. */
void vt_dump(vt_term *t, const char *why);

/* Remove a test's folder and the files in it (no subfolders); "" does
 * nothing. */
void vt_remove_dir(const char *dir);

/* Copy the file `from` to `to`, a new file.  0 on success. */
int vt_copy_file(const char *from, const char *to);

/* A demo database at `path` (a new file): `jifen -d DB init --demo` by the
 * program `jifen`, run once per test run, copied for every test after the
 * first.  0 on success. */
int vt_demo_copy(const char *jifen, const char *path);

#endif
