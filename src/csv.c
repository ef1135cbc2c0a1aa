/* Reading CSV as Excel writes it.  The whole file is read, its encoding
 * decided once (BOM, else valid UTF-8, else GBK through iconv's GB18030,
 * a superset), and then split into records in place. */
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jifen/csv.h"
#include "jifen/i18n.h"
#include "jifen/text.h"

struct jf_csv {
	char *text; /* UTF-8, NUL-terminated */
	size_t len, pos;
	long line; /* the line at pos */
	jf_csv_encoding enc;
	int done;
	/* the current record: fields point into buf */
	char *buf;
	size_t bufcap;
	char **fields;
	size_t fieldcap;
	char error[256];
};

static void set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* The line (from 1) of byte `off` in `s`: CRLF, LF and a lone CR each end one. */
static long line_of(const char *s, size_t off)
{
	long line = 1;
	for (size_t i = 0; i < off; i++) {
		if (s[i] == '\n')
			line++;
		else if (s[i] == '\r' && (i + 1 >= off || s[i + 1] != '\n'))
			line++;
	}
	return line;
}

/* Offset of the first byte that is not UTF-8, or len if all are. */
static size_t utf8_bad_offset(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		unsigned cp;
		int n = jf_utf8_decode(s + i, len - i, &cp);
		if (n <= 0)
			return i;
		i += (size_t)n;
	}
	return len;
}

/* GB18030 to UTF-8.  Returns a malloc'd NUL-terminated string, or NULL with
 * *bad set to the offset of the first byte iconv refused. */
static char *gbk_to_utf8(const char *in, size_t len, size_t *outlen, size_t *bad)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1) {
		*bad = 0;
		return NULL;
	}
	size_t cap = len * 2 + 16; /* a GBK character is 2 bytes, in UTF-8 at most 4 */
	char *out = malloc(cap);
	if (!out) {
		iconv_close(cd);
		*bad = 0;
		return NULL;
	}
	char *ip = (char *)in, *op = out;
	size_t il = len, ol = cap - 1;
	while (il > 0) {
		if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
			if (errno == E2BIG) {
				size_t used = (size_t)(op - out);
				cap *= 2;
				char *n = realloc(out, cap);
				if (!n)
					break;
				out = n;
				op = out + used;
				ol = cap - 1 - used;
				continue;
			}
			break;
		}
	}
	if (il > 0) {
		*bad = (size_t)(ip - in);
		free(out);
		iconv_close(cd);
		return NULL;
	}
	iconv_close(cd);
	*op = '\0';
	*outlen = (size_t)(op - out);
	return out;
}

jf_status jf_csv_open_mem(const void *data, size_t len, jf_csv **out, char *err, size_t errlen)
{
	const char *s = data;
	*out = NULL;
	if (len > (size_t)JF_CSV_MAX_BYTES) {
		set_err(err, errlen, _("文件太大（%zu 字节），最多 %ld 字节"), len,
		        JF_CSV_MAX_BYTES);
		return JF_TOO_LONG;
	}
	if (len >= 2 && (((unsigned char)s[0] == 0xFF && (unsigned char)s[1] == 0xFE) ||
	                 ((unsigned char)s[0] == 0xFE && (unsigned char)s[1] == 0xFF))) {
		set_err(
		    err, errlen,
		    _("文件是 UTF-16 编码（Excel 的“Unicode 文本”）；请另存为“CSV UTF-8”或“CSV”"));
		return JF_BAD_UTF8;
	}
	const char *nul = memchr(s, '\0', len);
	if (nul) {
		set_err(err, errlen, _("第 %ld 行含有 NUL 字节，不是文本文件"),
		        line_of(s, (size_t)(nul - s)));
		return JF_BAD_UTF8;
	}
	jf_csv *c = calloc(1, sizeof *c);
	if (!c) {
		set_err(err, errlen, "%s", jf_status_message(JF_NOMEM));
		return JF_NOMEM;
	}
	size_t skip = 0;
	if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
		skip = 3;
		c->enc = JF_CSV_UTF8_BOM;
	}
	size_t bad = utf8_bad_offset(s + skip, len - skip);
	if (bad == len - skip) {
		if (!c->enc)
			c->enc = JF_CSV_UTF8;
		c->len = len - skip;
		c->text = malloc(c->len + 1);
		if (c->text) {
			memcpy(c->text, s + skip, c->len);
			c->text[c->len] = '\0';
		}
	} else if (c->enc == JF_CSV_UTF8_BOM) {
		set_err(err, errlen, _("第 %ld 行：文件以 UTF-8 标记开头，但这里不是有效的 UTF-8"),
		        line_of(s + skip, bad));
		free(c);
		return JF_BAD_UTF8;
	} else {
		size_t gbad = 0;
		c->enc = JF_CSV_GBK;
		c->text = gbk_to_utf8(s, len, &c->len, &gbad);
		if (!c->text) {
			set_err(err, errlen,
			        _("第 %ld 行：文件既不是有效的 UTF-8，也不是 GBK 编码"),
			        line_of(s, gbad));
			free(c);
			return JF_BAD_UTF8;
		}
	}
	if (!c->text) {
		free(c);
		set_err(err, errlen, "%s", jf_status_message(JF_NOMEM));
		return JF_NOMEM;
	}
	c->line = 1;
	*out = c;
	return JF_OK;
}

jf_status jf_csv_open(const char *path, jf_csv **out, char *err, size_t errlen)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	*out = NULL;
	if (!f) {
		int e = errno;
		set_err(err, errlen, "%s: %s", path, strerror(e));
		return e == ENOENT ? JF_NOT_FOUND : JF_ERR;
	}
	char *data = NULL;
	size_t len = 0, cap = 0;
	jf_status rv = JF_OK;
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			if (cap > (size_t)JF_CSV_MAX_BYTES + 1)
				cap = (size_t)JF_CSV_MAX_BYTES + 1;
			if (len == cap) {
				set_err(err, errlen, _("文件太大，最多 %ld 字节"),
				        JF_CSV_MAX_BYTES);
				rv = JF_TOO_LONG;
				goto cleanup;
			}
			char *n = realloc(data, cap);
			if (!n) {
				set_err(err, errlen, "%s", jf_status_message(JF_NOMEM));
				rv = JF_NOMEM;
				goto cleanup;
			}
			data = n;
		}
		size_t got = fread(data + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		set_err(err, errlen, "%s: %s", path, strerror(errno));
		rv = JF_ERR;
		goto cleanup;
	}
	rv = jf_csv_open_mem(data ? data : "", len, out, err, errlen);
cleanup:
	free(data);
	if (f != stdin)
		fclose(f);
	return rv;
}

/* Grow the record's buffers so that `need` more bytes and one more field fit. */
static int reserve(jf_csv *c, size_t used, size_t need, size_t nfields)
{
	if (used + need + 1 > c->bufcap) {
		size_t cap = c->bufcap ? c->bufcap : 256;
		while (used + need + 1 > cap)
			cap *= 2;
		char *n = realloc(c->buf, cap);
		if (!n)
			return -1;
		c->buf = n;
		c->bufcap = cap;
	}
	if (nfields + 1 > c->fieldcap) {
		size_t cap = c->fieldcap ? c->fieldcap * 2 : 16;
		char **n = realloc(c->fields, cap * sizeof *n);
		if (!n)
			return -1;
		c->fields = n;
		c->fieldcap = cap;
	}
	return 0;
}

/* Consume a line end at pos (CRLF, LF or CR); 1 if there was one. */
static int eat_eol(jf_csv *c)
{
	if (c->pos >= c->len)
		return 0;
	if (c->text[c->pos] == '\r') {
		c->pos++;
		if (c->pos < c->len && c->text[c->pos] == '\n')
			c->pos++;
		c->line++;
		return 1;
	}
	if (c->text[c->pos] == '\n') {
		c->pos++;
		c->line++;
		return 1;
	}
	return 0;
}

int jf_csv_next(jf_csv *c, jf_csv_record *rec)
{
	memset(rec, 0, sizeof *rec);
	if (c->done)
		return 0;
	/* Empty lines between records are skipped. */
	while (c->pos < c->len && eat_eol(c))
		;
	if (c->pos >= c->len) {
		c->done = 1;
		return 0;
	}
	/* Field starts are kept as offsets while the buffer may move. */
	size_t used = 0, nf = 0;
	size_t *starts = NULL, startcap = 0;
	long first = c->line;
	int rv = 1;
	for (;;) {
		if (nf == startcap) {
			startcap = startcap ? startcap * 2 : 16;
			size_t *n = realloc(starts, startcap * sizeof *n);
			if (!n) {
				snprintf(c->error, sizeof c->error, "%s",
				         jf_status_message(JF_NOMEM));
				rv = -1;
				goto out;
			}
			starts = n;
		}
		if (reserve(c, used, 0, nf) != 0) {
			snprintf(c->error, sizeof c->error, "%s", jf_status_message(JF_NOMEM));
			rv = -1;
			goto out;
		}
		starts[nf++] = used;
		if (c->pos < c->len && c->text[c->pos] == '"') {
			long qline = c->line;
			c->pos++;
			for (;;) {
				if (c->pos >= c->len) {
					snprintf(
					    c->error, sizeof c->error,
					    _("第 %ld "
					      "行：引号没有配对，从这里到文件末尾都成了一个字段"),
					    qline);
					c->done = 1;
					rv = -1;
					goto out;
				}
				char ch = c->text[c->pos];
				if (ch == '"') {
					if (c->pos + 1 < c->len && c->text[c->pos + 1] == '"') {
						c->pos += 2;
					} else {
						c->pos++;
						break;
					}
				} else if (ch == '\r' || ch == '\n') {
					/* A line break inside quotes is kept as "\n". */
					eat_eol(c);
					ch = '\n';
				} else {
					c->pos++;
				}
				if (reserve(c, used, 1, nf) != 0) {
					snprintf(c->error, sizeof c->error, "%s",
					         jf_status_message(JF_NOMEM));
					rv = -1;
					goto out;
				}
				c->buf[used++] = ch;
			}
		}
		/* Unquoted text, or what Excel tolerates after a closing quote. */
		while (c->pos < c->len) {
			char ch = c->text[c->pos];
			if (ch == ',' || ch == '\r' || ch == '\n')
				break;
			if (reserve(c, used, 1, nf) != 0) {
				snprintf(c->error, sizeof c->error, "%s",
				         jf_status_message(JF_NOMEM));
				rv = -1;
				goto out;
			}
			c->buf[used++] = ch;
			c->pos++;
		}
		c->buf[used++] = '\0';
		if (c->pos < c->len && c->text[c->pos] == ',') {
			c->pos++;
			continue;
		}
		rec->end_line = c->line;
		eat_eol(c);
		break;
	}
	for (size_t i = 0; i < nf; i++)
		c->fields[i] = c->buf + starts[i];
	rec->fields = c->fields;
	rec->n = nf;
	rec->line = first;
out:
	free(starts);
	if (rv != 1)
		memset(rec, 0, sizeof *rec);
	return rv;
}

const char *jf_csv_error(const jf_csv *c)
{
	return c->error;
}

jf_csv_encoding jf_csv_encoding_of(const jf_csv *c)
{
	return c->enc;
}

const char *jf_csv_encoding_name(jf_csv_encoding e)
{
	switch (e) {
	case JF_CSV_UTF8:
		return "UTF-8";
	case JF_CSV_UTF8_BOM:
		return "UTF-8 (BOM)";
	case JF_CSV_GBK:
		return "GBK";
	}
	return "?";
}

void jf_csv_progress(const jf_csv *c, size_t *done, size_t *total)
{
	*done = c->pos;
	*total = c->len;
}

int jf_csv_blank(const jf_csv_record *rec)
{
	for (size_t i = 0; i < rec->n; i++)
		for (const char *p = rec->fields[i]; *p; p++)
			if (*p != ' ' && *p != '\t')
				return 0;
	return 1;
}

void jf_csv_close(jf_csv *c)
{
	if (!c)
		return;
	free(c->text);
	free(c->buf);
	free(c->fields);
	free(c);
}

void jf_csv_write_field(FILE *f, const char *s)
{
	if (!s)
		s = "";
	size_t n = strlen(s);
	int quote = n > 0 && (s[0] == ' ' || s[n - 1] == ' ');
	if (strpbrk(s, ",\"\r\n"))
		quote = 1;
	if (!quote) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			fputc('"', f);
		fputc(*p, f);
	}
	fputc('"', f);
}

static int is_number(const char *s)
{
	char *end;
	if (!*s)
		return 0;
	errno = 0;
	(void)strtod(s, &end);
	return *end == '\0' && errno == 0;
}

/* A cell that a spreadsheet would run: it starts (after any spaces) with
 * = + - @, or with a tab or CR, and is not a plain number (OWASP, "CSV
 * Injection"). */
static int formula_like(const char *s)
{
	while (*s == ' ')
		s++;
	return (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
	        s[0] == '\r') &&
	       !is_number(s);
}

void jf_csv_write_text(FILE *f, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	char stack[512], *g = n + 2 <= sizeof stack ? stack : malloc(n + 2);
	if (!g) {
		jf_csv_write_field(f, "?");
		return;
	}
	/* the guard looks at the text as typed, then the text loses its
	 * control characters and invalid bytes (each '?') */
	size_t o = 0;
	if (s && formula_like(s))
		g[o++] = '\'';
	jf_text_clean(s ? s : "", g + o, n + 2 - o);
	jf_csv_write_field(f, g);
	if (g != stack)
		free(g);
}
