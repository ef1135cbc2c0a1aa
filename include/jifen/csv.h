/* A CSV reader for files as Excel and WPS write them: UTF-8 with or without
 * a byte-order mark, or GBK (GB18030) when the bytes are not UTF-8; CRLF, LF
 * or CR line ends; fields in double quotes may hold commas, doubled quotes
 * and line breaks.  Every record carries the line it starts on, so that an
 * import can name each bad row. */
#ifndef JIFEN_CSV_H
#define JIFEN_CSV_H

#include <stddef.h>
#include <stdio.h>
#include "jifen/status.h"

/* The largest file the reader takes (the whole file is read at once). */
#define JF_CSV_MAX_BYTES (64L * 1024 * 1024)

typedef enum {
	JF_CSV_UTF8 = 1,     /* UTF-8 without a byte-order mark */
	JF_CSV_UTF8_BOM = 2, /* UTF-8 with a byte-order mark ("CSV UTF-8" in Excel) */
	JF_CSV_GBK = 3,      /* GBK / GB18030, converted to UTF-8 ("CSV" in Chinese Excel) */
} jf_csv_encoding;

/* One record.  The fields are NUL-terminated UTF-8 owned by the reader and
 * valid until the next jf_csv_next or jf_csv_close. */
typedef struct {
	char **fields;
	size_t n;      /* at least 1: an empty line is skipped, ",," is 3 empty fields */
	long line;     /* the physical line the record starts on, from 1 */
	long end_line; /* the line it ends on (a quoted line break spans lines) */
} jf_csv_record;

typedef struct jf_csv jf_csv;

/* Read the file at `path` ("-" for standard input), detect its encoding and
 * convert it to UTF-8.  JF_OK with *out set (free with jf_csv_close), or a
 * status with the reason, naming the line of the first undecodable byte,
 * in err: JF_NOT_FOUND (no such file), JF_ERR (cannot read), JF_TOO_LONG (over JF_CSV_MAX_BYTES),
 * JF_BAD_UTF8 (neither UTF-8 nor GBK, UTF-16, or a NUL byte). */
jf_status jf_csv_open(const char *path, jf_csv **out, char *err, size_t errlen);

/* The same, from `len` bytes in memory (copied). */
jf_status jf_csv_open_mem(const void *data, size_t len, jf_csv **out, char *err, size_t errlen);

/* The next record: 1 with *rec filled, 0 at the end of the file, -1 when the
 * file ends inside a quoted field (jf_csv_error names the line the field
 * starts on; every later call returns 0). */
int jf_csv_next(jf_csv *c, jf_csv_record *rec);

/* The message of the last -1 from jf_csv_next ("" if none). */
const char *jf_csv_error(const jf_csv *c);

/* What the file was written in. */
jf_csv_encoding jf_csv_encoding_of(const jf_csv *c);
/* "UTF-8", "UTF-8 (BOM)", "GBK". */
const char *jf_csv_encoding_name(jf_csv_encoding e);

/* How far the reader is, in bytes of the converted text, for a progress bar. */
void jf_csv_progress(const jf_csv *c, size_t *done, size_t *total);

/* 1 if every field of the record is empty or spaces (Excel's ",,,"). */
int jf_csv_blank(const jf_csv_record *rec);

/* Free the reader; NULL is fine. */
void jf_csv_close(jf_csv *c);

/* Write one field to f, quoted when it holds a comma, a quote, a line break
 * or leading/trailing spaces, as Excel reads it back. */
void jf_csv_write_field(FILE *f, const char *s);
/* The CSV sanitiser, for every text typed by a person (a name, a phone, a
 * note) in every CSV jifen writes: one that a spreadsheet would take for a
 * formula (starting, after any spaces, with = + - @, a tab or a CR, and not
 * a plain number) gets a leading apostrophe, as OWASP advises, so that
 * opening the file runs nothing; control characters and invalid bytes
 * become '?' (jf_text_clean). */
void jf_csv_write_text(FILE *f, const char *s);

#endif
