/* UTF-8 text by display width: never lay out with strlen. */
#ifndef JIFEN_TEXT_H
#define JIFEN_TEXT_H

#include <stddef.h>
#include <stdio.h>

/* 1 if `s` (len bytes) is valid UTF-8 without a control character
 * (jf_text_is_control); 0 otherwise.  Used to refuse bad input. */
int jf_text_valid(const char *s, size_t len);

/* 1 for a code point that must never reach an output as it is: C0 controls
 * (ESC, BEL, tab, CR, LF ...), DEL, C1 controls (U+0080..U+009F: a terminal
 * may take U+009B for CSI), the line and paragraph separators, and the
 * bidirectional embeddings, overrides and isolates (U+202A..U+202E,
 * U+2066..U+2069), which reorder what is shown. */
int jf_text_is_control(unsigned cp);

/* --- one sanitiser for each kind of output ----------------------------------
 *
 * Whatever the database or a scanned payload holds, text from it reaches an
 * output only through the function for that output:
 *   terminal text     jf_text_clean / jf_text_put (and jf_text_fit, which
 *                     cleans the same way while it cuts)
 *   receipt printer   jf_escpos_line (escpos.h)
 *   HTML              jf_html_put
 *   CSV               jf_csv_write_text (csv.h)
 *   ledger journal    jf_journal_text / jf_journal_account
 */

/* Terminal text: `s` with every control character (jf_text_is_control) and
 * every byte that is not UTF-8 replaced by '?', so that nothing from the
 * data can move the cursor, clear the screen, ring the bell, start a new
 * line or reorder the line.  Cut on a character boundary to fit outsz
 * (which must be at least 1).  Returns out. */
char *jf_text_clean(const char *s, char *out, size_t outsz);

/* The same, written to f, however long s is.  NULL writes nothing. */
void jf_text_put(FILE *f, const char *s);

/* HTML text (element content or a quoted attribute value): & < > " ' as
 * entities, control characters and invalid bytes as '?'. */
void jf_html_put(FILE *f, const char *s);

/* Text inside one line of an hledger/ledger journal (a description or a
 * comment, man 5 jifen-ledger): one line, with nothing that the journal
 * reader would take for syntax: ';' (a comment), ':' and ',' (tags inside a
 * comment), '|' (payee and note) and a leading '*' or '!' (status) become
 * their full-width forms; control characters become spaces and invalid bytes
 * '?'.  Cut on a character boundary to fit outsz.  Returns out. */
char *jf_journal_text(const char *s, char *out, size_t outsz);

/* One part of an account name (居民:PART #ID): as jf_journal_text, and also
 * no '(' ')' '[' ']' (virtual postings) and no run of spaces (two spaces end
 * the name), no leading or trailing space; never empty ("?").  Returns out. */
char *jf_journal_account(const char *s, char *out, size_t outsz);

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
