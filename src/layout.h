/* Text layout for the core's reports (day report, month notice, passbook
 * statement), on a terminal or on the receipt printer, where every
 * non-ASCII character is two columns.  Core-internal. */
#ifndef JIFEN_LAYOUT_H
#define JIFEN_LAYOUT_H

#include <stdint.h>
#include <stdio.h>

/* Where a report goes: its width in columns, and whether columns are counted
 * as the printer counts them (jf_text_print_width) or as a terminal does. */
typedef struct {
	FILE *f;
	int cols;
	int printer;
} jf_lay;

/* Display columns of s as this output counts them. */
int jf_lay_width(const jf_lay *o, const char *s);

/* Fit s into `cols` columns (cut with an ellipsis) and pad with spaces to
 * exactly `cols`, on the right side if `right`.  Returns out. */
char *jf_lay_cell(const jf_lay *o, const char *s, int cols, int right, char *out, size_t outsz);

/* A line of `ch` across the whole width. */
void jf_lay_rule(const jf_lay *o, char ch);

/* A line with `left` at the start and `right` flush with the right edge;
 * `left` is cut to make room. */
void jf_lay_lr(const jf_lay *o, const char *left, const char *right);

/* A centred line. */
void jf_lay_center(const jf_lay *o, const char *s);

/* A table row: n cells, each widths[i] columns wide (a width <= 0 takes
 * what is left of the line), aligned by align[i] ('l' or 'r'), one space
 * between cells; trailing spaces are trimmed. */
void jf_lay_row(const jf_lay *o, int n, const char *const *cells, const int *widths,
                const char *align);

/* Text wrapped to the width, continuation lines indented by `indent`. */
void jf_lay_wrap(const jf_lay *o, const char *s, int indent);

#endif
