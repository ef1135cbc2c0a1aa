/* The CSV reader on any bytes: UTF-8 with or without a BOM, GBK, quotes,
 * CR/LF/CRLF, cut-off files.  Properties: no crash; every record has at
 * least one field, fields are valid UTF-8, lines only go forward; and what
 * jf_csv_write_field writes of a record reads back as the same fields. */
#include "fuzz.h"

#include "jifen/csv.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	jf_i18n_init(NULL);
	return 0;
}

/* Write the record as one CSV line and read it back. */
static void round_trip(const jf_csv_record *rec)
{
	char *buf = NULL, err[256];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CHECK(f != NULL);
	for (size_t i = 0; i < rec->n; i++) {
		if (i)
			fputc(',', f);
		jf_csv_write_field(f, rec->fields[i]);
	}
	fputs("\r\n", f);
	fclose(f);
	jf_csv *c = NULL;
	CHECK(jf_csv_open_mem(buf, len, &c, err, sizeof err) == JF_OK);
	jf_csv_record back;
	CHECK(jf_csv_next(c, &back) == 1);
	CHECK(back.n == rec->n);
	for (size_t i = 0; i < rec->n; i++)
		CHECK(strcmp(back.fields[i], rec->fields[i]) == 0);
	CHECK(jf_csv_next(c, &back) == 0);
	jf_csv_close(c);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	char err[512];
	jf_csv *c = NULL;
	jf_status st = jf_csv_open_mem(data, n, &c, err, sizeof err);
	if (st != JF_OK) {
		CHECK(st == JF_BAD_UTF8 || st == JF_TOO_LONG);
		CHECK(err[0] != '\0');
		CHECK(c == NULL);
		return 0;
	}
	jf_csv_encoding enc = jf_csv_encoding_of(c);
	CHECK(enc == JF_CSV_UTF8 || enc == JF_CSV_UTF8_BOM || enc == JF_CSV_GBK);
	jf_csv_record rec;
	long last = 0;
	int r, records = 0;
	while ((r = jf_csv_next(c, &rec)) == 1) {
		CHECK(rec.n >= 1);
		CHECK(rec.line > last);
		CHECK(rec.end_line >= rec.line);
		last = rec.end_line;
		int blank = 1;
		for (size_t i = 0; i < rec.n; i++) {
			CHECK(rec.fields[i] != NULL);
			CHECK(fuzz_utf8_ok(rec.fields[i]));
			if (rec.fields[i][0])
				blank = 0;
		}
		CHECK(jf_csv_blank(&rec) == 1 || !blank);
		/* a lone empty field is an empty line, which the reader skips;
		 * a leading U+FEFF would be read back as a byte-order mark */
		if (!(rec.n == 1 && blank) && strncmp(rec.fields[0], "\xEF\xBB\xBF", 3) != 0)
			round_trip(&rec);
		size_t done, total;
		jf_csv_progress(c, &done, &total);
		CHECK(done <= total);
		if (++records > 100000)
			break;
	}
	if (r == -1)
		CHECK(jf_csv_error(c)[0] != '\0');
	CHECK(jf_csv_next(c, &rec) == 0 || records > 100000);
	jf_csv_close(c);
	return 0;
}
