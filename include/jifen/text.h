/* UTF-8 text by display width: never lay out with strlen. */
#ifndef JIFEN_TEXT_H
#define JIFEN_TEXT_H

#include <stddef.h>

/* 1 if `s` (len bytes) is valid UTF-8 without control characters other than
 * none at all; 0 otherwise.  Used to refuse bad input. */
int jf_text_valid(const char *s, size_t len);

/* Display columns of a UTF-8 string on a terminal (wcwidth; invalid bytes
 * and control characters count as one column, as they are drawn as '?'). */
int jf_text_width(const char *s);

/* Columns on an ESC/POS printer in Chinese mode: every non-ASCII character is
 * two columns, ASCII one. */
int jf_text_print_width(const char *s);

/* Copy into `out` (size outsz) as much of `s` as fits in `cols` display
 * columns; if it had to cut, end with "…" (one column) inside the limit.
 * Control and invalid bytes become '?'.  Returns the columns used. */
int jf_text_fit(const char *s, int cols, char *out, size_t outsz);

/* As jf_text_fit, then pad with spaces to exactly `cols` columns
 * (right-aligned if `right` is set). */
int jf_text_pad(const char *s, int cols, int right, char *out, size_t outsz);

/* Same, counting columns as the printer does (jf_text_print_width), cutting
 * with "..". */
int jf_text_fit_print(const char *s, int cols, char *out, size_t outsz);

/* 丁美英 -> 丁*英, 张三 -> 张*, a single character stays. */
void jf_mask_name(const char *name, char *out, size_t outsz);

/* 13812345678 -> 138****5678; shorter numbers keep only the last 4 digits. */
void jf_mask_phone(const char *phone, char *out, size_t outsz);

/* Decode one UTF-8 character at s; returns its length (1..4) and the code
 * point in *cp, or 0 on invalid/truncated input. */
int jf_utf8_decode(const char *s, size_t len, unsigned *cp);

#endif
