/* What the commands share: options, one-line errors, PIN prompts without
 * echo, numbers, JSON strings and tables aligned by display width. */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "jifen/i18n.h"
#include "jifen/text.h"

/* --- options ------------------------------------------------------------- */

const char *cli_cmd_name(const cli_ctx *c)
{
	static char buf[64];
	if (!c || !c->cmd)
		return "";
	snprintf(buf, sizeof buf, "%s%s%s", c->cmd->name, c->cmd->sub ? " " : "",
	         c->cmd->sub ? c->cmd->sub : "");
	return buf;
}

static cli_opt *find_long(cli_opt *opts, const char *name, size_t len)
{
	for (cli_opt *o = opts; o && o->name; o++)
		if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
			return o;
	return NULL;
}

static cli_opt *find_short(cli_opt *opts, char ch)
{
	for (cli_opt *o = opts; o && o->name; o++)
		if (o->short_name && o->short_name == ch)
			return o;
	return NULL;
}

/* An option the command does not have; the global ones are named as such,
 * since they go before the command. */
static int unknown_option(cli_ctx *c, const char *a)
{
	static const char *const globals[] = {"-d", "-o", "--db", "--operator", "--lang"};
	for (size_t i = 0; i < sizeof globals / sizeof globals[0]; i++) {
		size_t n = strlen(globals[i]);
		if (strncmp(a, globals[i], n) == 0 &&
		    (a[n] == '\0' || a[n] == '=' || (a[1] != '-' && a[2])))
			return cli_failf(JF_USAGE, _("全局选项 %s 要写在命令前面：jifen %s … %s"),
			                 globals[i], globals[i], cli_cmd_name(c));
	}
	return cli_failf(JF_USAGE, _("jifen %s 没有选项 %s（见 jifen %s --help）"), cli_cmd_name(c),
	                 cli_clip(a), cli_cmd_name(c));
}

int cli_parse(cli_ctx *c, int argc, char **argv, cli_opt *opts, int *npos)
{
	int np = 0, i;
	for (i = 0; i < argc; i++) {
		char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		/* "-", plain words and negative numbers ("-5") are arguments */
		if (a[0] != '-' || a[1] == '\0' || isdigit((unsigned char)a[1])) {
			argv[np++] = a;
			continue;
		}
		cli_opt *o;
		const char *val = NULL;
		if (a[1] == '-') {
			const char *name = a + 2, *eq = strchr(name, '=');
			o = find_long(opts, name, eq ? (size_t)(eq - name) : strlen(name));
			if (!o)
				return unknown_option(c, a);
			if (o->has_arg) {
				if (eq)
					val = eq + 1;
				else if (i + 1 < argc)
					val = argv[++i];
				else
					return cli_failf(JF_USAGE, _("选项 %s 需要一个值"),
					                 cli_clip(a));
			} else if (eq) {
				return cli_failf(JF_USAGE, _("选项 --%s 不带值"), o->name);
			}
		} else {
			o = find_short(opts, a[1]);
			if (!o || (!o->has_arg && a[2]))
				return unknown_option(c, a);
			if (o->has_arg) {
				if (a[2])
					val = a + 2;
				else if (i + 1 < argc)
					val = argv[++i];
				else
					return cli_failf(JF_USAGE, _("选项 %s 需要一个值"),
					                 cli_clip(a));
			}
		}
		o->given = 1;
		o->value = val ? val : "";
	}
	for (; i < argc; i++)
		argv[np++] = argv[i];
	*npos = np;
	return 0;
}

const char *cli_arg(const cli_opt *opts, const char *name)
{
	for (const cli_opt *o = opts; o && o->name; o++)
		if (strcmp(o->name, name) == 0)
			return o->given ? o->value : NULL;
	return NULL;
}

int cli_flag(const cli_opt *opts, const char *name)
{
	return cli_arg(opts, name) != NULL;
}

/* --- errors -------------------------------------------------------------- */

/* One line: a line break or a tab (in a message, or in a name that came
 * from a file) becomes a space, and the rest goes through the terminal
 * sanitiser (every other control character, and invalid bytes, as '?'). */
static void put_line(const char *msg)
{
	char buf[2048];
	size_t n = 0;
	for (const char *p = msg; *p && n + 1 < sizeof buf; p++)
		buf[n++] = *p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p;
	buf[n] = '\0';
	fputs("jifen: ", stderr);
	jf_text_put(stderr, buf);
	fputc('\n', stderr);
	fflush(stderr);
}

/* --- output: the program's own text as it is, every string argument through
 * the terminal sanitiser ------------------------------------------------- */

int cli_vfprintf(FILE *f, const char *fmt, va_list ap)
{
	int total = 0;
	while (*fmt) {
		const char *pct = strchr(fmt, '%');
		if (!pct) {
			total += fputs(fmt, f) >= 0 ? (int)strlen(fmt) : 0;
			break;
		}
		fwrite(fmt, 1, (size_t)(pct - fmt), f);
		total += (int)(pct - fmt);
		/* one conversion: flags, width, precision, length, type */
		char spec[48];
		size_t k = 0;
		const char *p = pct + 1;
		spec[k++] = '%';
		while (*p && strchr("-+ #0'", *p) && k < 8)
			spec[k++] = *p++;
		for (int part = 0; part < 2; part++) {
			if (part == 1) {
				if (*p != '.')
					break;
				spec[k++] = *p++;
			}
			if (*p == '*') {
				k += (size_t)snprintf(spec + k, sizeof spec - k, "%d", va_arg(ap, int));
				p++;
			} else {
				while (*p >= '0' && *p <= '9' && k < 30)
					spec[k++] = *p++;
			}
		}
		char len[3] = "";
		size_t ln = 0;
		while (*p && strchr("hlzjtL", *p) && ln < 2)
			len[ln++] = *p++;
		len[ln] = '\0';
		memcpy(spec + k, len, ln);
		k += ln;
		char type = *p ? *p++ : '\0';
		spec[k++] = type;
		spec[k] = '\0';
		int n = 0;
		switch (type) {
		case '%':
			fputc('%', f);
			n = 1;
			break;
		case 's': {
			const char *a = va_arg(ap, const char *);
			size_t al = a ? strlen(a) : 0;
			char small[512], *clean = al < sizeof small ? small : malloc(al + 1);
			if (!clean) {
				fputs("jifen: out of memory\n", stderr);
				exit(1);
			}
			jf_text_clean(a ? a : "", clean, al + 1);
			n = fprintf(f, spec, clean);
			if (clean != small)
				free(clean);
			break;
		}
		case 'd':
		case 'i':
			if (!strcmp(len, "ll"))
				n = fprintf(f, spec, va_arg(ap, long long));
			else if (!strcmp(len, "l"))
				n = fprintf(f, spec, va_arg(ap, long));
			else if (!strcmp(len, "z") || !strcmp(len, "t"))
				n = fprintf(f, spec, va_arg(ap, ptrdiff_t));
			else if (!strcmp(len, "j"))
				n = fprintf(f, spec, va_arg(ap, intmax_t));
			else
				n = fprintf(f, spec, va_arg(ap, int));
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			if (!strcmp(len, "ll"))
				n = fprintf(f, spec, va_arg(ap, unsigned long long));
			else if (!strcmp(len, "l"))
				n = fprintf(f, spec, va_arg(ap, unsigned long));
			else if (!strcmp(len, "z") || !strcmp(len, "t"))
				n = fprintf(f, spec, va_arg(ap, size_t));
			else if (!strcmp(len, "j"))
				n = fprintf(f, spec, va_arg(ap, uintmax_t));
			else
				n = fprintf(f, spec, va_arg(ap, unsigned));
			break;
		case 'c': {
			int ch = va_arg(ap, int);
			n = fprintf(f, spec, ch < 0x20 || ch >= 0x7f ? '?' : ch);
			break;
		}
		case 'e':
		case 'E':
		case 'f':
		case 'F':
		case 'g':
		case 'G':
		case 'a':
		case 'A':
			if (!strcmp(len, "L"))
				n = fprintf(f, spec, va_arg(ap, long double));
			else
				n = fprintf(f, spec, va_arg(ap, double));
			break;
		case 'p':
			n = fprintf(f, spec, va_arg(ap, void *));
			break;
		default:
			/* no %n, nothing unknown: the format is a program error */
			fputs(spec, f);
			n = (int)strlen(spec);
			break;
		}
		total += n > 0 ? n : 0;
		fmt = p;
	}
	return total;
}

int cli_fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = cli_vfprintf(f, fmt, ap);
	va_end(ap);
	return n;
}

int cli_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = cli_vfprintf(stdout, fmt, ap);
	va_end(ap);
	return n;
}

void cli_err(const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	put_line(buf);
}

int cli_fail(cli_ctx *c, jf_status st)
{
	const char *msg = c && c->db ? jf_db_error(c->db) : "";
	put_line(msg && *msg ? msg : jf_status_message(st));
	return jf_status_exit(st);
}

int cli_failf(jf_status st, const char *fmt, ...)
{
	char detail[1536];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	cli_err("%s%s%s", jf_status_message(st), jf_i18n_is_english() ? ": " : "：", detail);
	return jf_status_exit(st);
}

int cli_usage(cli_ctx *c)
{
	return cli_failf(JF_USAGE, _("jifen %s %s（见 jifen %s --help）"), cli_cmd_name(c),
	                 c && c->cmd && c->cmd->synopsis[0] ? _(c->cmd->synopsis) : "", cli_cmd_name(c));
}

/* --- PIN ----------------------------------------------------------------- */

void cli_wipe(void *p, size_t len)
{
	explicit_bzero(p, len);
}

static volatile sig_atomic_t tty_fd = -1;
static struct termios tty_saved;

/* Put the terminal back before dying of a signal while echo is off. */
static void tty_restore_and_die(int sig)
{
	if (tty_fd >= 0)
		tcsetattr(tty_fd, TCSAFLUSH, &tty_saved);
	signal(sig, SIG_DFL);
	raise(sig);
}

int cli_read_pin(const char *prompt, char *buf, size_t len)
{
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct termios t;
	if (tcgetattr(fd, &t) != 0) {
		close(fd);
		return -1;
	}
	tty_saved = t;
	tty_fd = fd;
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP};
	struct sigaction sa, old[sizeof sigs / sizeof sigs[0]];
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = tty_restore_and_die;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, &old[i]);

	t.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK);
	t.c_lflag |= ECHONL | ICANON;
	tcsetattr(fd, TCSAFLUSH, &t);
	if (write(fd, prompt, strlen(prompt)) < 0) {
		/* the prompt is a courtesy; reading still works */
	}
	size_t n = 0;
	int rc = 0;
	for (;;) {
		char ch;
		ssize_t r = read(fd, &ch, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			rc = n ? 0 : -1;
			break;
		}
		if (ch == '\n' || ch == '\r')
			break;
		if (n + 1 < len)
			buf[n++] = ch;
		cli_wipe(&ch, sizeof ch);
	}
	buf[n] = '\0';
	tcsetattr(fd, TCSAFLUSH, &tty_saved);
	tty_fd = -1;
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &old[i], NULL);
	close(fd);
	return rc;
}

static jf_status open_db(cli_ctx *c)
{
	if (c->db)
		return JF_OK;
	char err[1024] = "";
	jf_status st = jf_db_open(c->db_path, &c->db, err, sizeof err);
	if (st != JF_OK) {
		c->db = NULL;
		cli_err("%s", err[0] ? err : jf_status_message(st));
		return st;
	}
	if (c->now && jf_db_set_time(c->db, c->now) != JF_OK)
		return cli_refuse_now(c);
	return JF_OK;
}

jf_status cli_refuse_now(cli_ctx *c)
{
	cli_err(_("JIFEN_NOW 只用于测试/演示数据库（init --test 或 init --demo 建立的）；"
	          "%s 是正式数据库，时间只取电脑的时钟：请去掉 JIFEN_NOW"),
	        c->db_path);
	jf_db_close(c->db);
	c->db = NULL;
	return JF_USAGE;
}

int cli_open(cli_ctx *c)
{
	return jf_status_exit(open_db(c));
}

jf_status cli_login(cli_ctx *c)
{
	if (c->op)
		return JF_OK;
	jf_status st = open_db(c);
	if (st != JF_OK)
		return st;
	if (!c->login || !*c->login) {
		cli_failf(JF_NO_OPERATOR,
		          _("jifen %s 会写入台账，请用 -o 登录名 或 JIFEN_OPERATOR 指定操作员"),
		          cli_cmd_name(c));
		return JF_NO_OPERATOR;
	}
	char pin[64];
	const char *env = getenv("JIFEN_PIN");
	if (env) {
		snprintf(pin, sizeof pin, "%s", env);
	} else {
		char prompt[128];
		snprintf(prompt, sizeof prompt, _("操作员 %s 的 PIN："), c->login);
		if (cli_read_pin(prompt, pin, sizeof pin) != 0) {
			cli_failf(JF_NO_OPERATOR, _("没有终端可以询问 PIN，请设置 JIFEN_PIN"));
			return JF_NO_OPERATOR;
		}
	}
	st = jf_login(c->db, c->login, pin, &c->op);
	cli_wipe(pin, sizeof pin);
	if (st != JF_OK) {
		c->op = NULL;
		cli_fail(c, st);
	}
	return st;
}

jf_status cli_new_pin(const char *env, const char *who, char *buf, size_t len)
{
	const char *v = env ? getenv(env) : NULL;
	if (v) {
		snprintf(buf, len, "%s", v);
	} else {
		char prompt[160], again[64];
		snprintf(prompt, sizeof prompt, _("为 %s 设置 PIN（4 到 12 位数字）："), who);
		if (cli_read_pin(prompt, buf, len) != 0) {
			cli_failf(JF_USAGE, _("没有终端可以询问新 PIN，请设置 %s"),
			          env ? env : "JIFEN_NEW_PIN");
			return JF_USAGE;
		}
		if (cli_read_pin(_("再输入一次："), again, sizeof again) != 0 ||
		    strcmp(again, buf) != 0) {
			cli_wipe(again, sizeof again);
			cli_wipe(buf, len);
			cli_failf(JF_INVALID, _("两次输入的 PIN 不一致"));
			return JF_INVALID;
		}
		cli_wipe(again, sizeof again);
	}
	if (!jf_pin_valid(buf)) {
		cli_wipe(buf, len);
		cli_failf(JF_INVALID, _("PIN 应为 4 到 12 位数字"));
		return JF_INVALID;
	}
	return JF_OK;
}

/* --- values -------------------------------------------------------------- */

int cli_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
	if (!s || !*s || isspace((unsigned char)*s))
		return -1;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

const char *cli_clip(const char *s)
{
	static char bufs[4][256];
	static unsigned next;
	char *b = bufs[next++ % 4];
	jf_text_fit(s ? s : "", 40, b, sizeof bufs[0]);
	return b;
}

void cli_time(int64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!localtime_r(&tt, &tm) || !strftime(buf, len, "%Y-%m-%d %H:%M", &tm))
		snprintf(buf, len, "%lld", (long long)t);
}

void cli_points(int64_t p, char *buf, size_t len)
{
	snprintf(buf, len, "%+lld", (long long)p);
}

/* --- JSON ---------------------------------------------------------------- */

void cli_json_str(FILE *f, const char *s)
{
	size_t len = strlen(s);
	fputc('"', f);
	for (size_t i = 0; i < len;) {
		unsigned char ch = (unsigned char)s[i];
		if (ch < 0x80) {
			switch (ch) {
			case '"':
				fputs("\\\"", f);
				break;
			case '\\':
				fputs("\\\\", f);
				break;
			case '\n':
				fputs("\\n", f);
				break;
			case '\r':
				fputs("\\r", f);
				break;
			case '\t':
				fputs("\\t", f);
				break;
			case '\b':
				fputs("\\b", f);
				break;
			case '\f':
				fputs("\\f", f);
				break;
			default:
				if (ch < 0x20 || ch == 0x7f)
					fprintf(f, "\\u%04x", ch);
				else
					fputc(ch, f);
			}
			i++;
			continue;
		}
		unsigned cp;
		int n = jf_utf8_decode(s + i, len - i, &cp);
		if (n <= 0) {
			fputs("\\ufffd", f);
			i++;
		} else {
			fwrite(s + i, 1, (size_t)n, f);
			i += (size_t)n;
		}
	}
	fputc('"', f);
}

void cli_json_key(FILE *f, int *first, const char *key)
{
	if (!*first)
		fputc(',', f);
	*first = 0;
	cli_json_str(f, key);
	fputc(':', f);
}

void cli_json_kv_str(FILE *f, int *first, const char *key, const char *value)
{
	cli_json_key(f, first, key);
	cli_json_str(f, value ? value : "");
}

void cli_json_kv_int(FILE *f, int *first, const char *key, int64_t value)
{
	cli_json_key(f, first, key);
	fprintf(f, "%lld", (long long)value);
}

void cli_json_kv_bool(FILE *f, int *first, const char *key, int value)
{
	cli_json_key(f, first, key);
	fputs(value ? "true" : "false", f);
}

/* --- tables -------------------------------------------------------------- */

struct cli_table {
	int ncols, maxw;
	char align[16];
	char **cells; /* nrows * ncols, owned */
	size_t nrows, cap;
};

cli_table *cli_table_new(int ncols, const char *align, int maxw)
{
	cli_table *t = calloc(1, sizeof *t);
	if (!t || ncols < 1 || ncols > 15) {
		free(t);
		fputs("jifen: out of memory\n", stderr);
		exit(1);
	}
	t->ncols = ncols;
	t->maxw = maxw;
	for (int i = 0; i < ncols; i++)
		t->align[i] = align && align[i] == 'r' ? 'r' : 'l';
	return t;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s ? s : "");
	if (!d) {
		fputs("jifen: out of memory\n", stderr);
		exit(1);
	}
	return d;
}

void cli_table_add(cli_table *t, const char *const *cells)
{
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		char **n = realloc(t->cells, cap * (size_t)t->ncols * sizeof *n);
		if (!n) {
			fputs("jifen: out of memory\n", stderr);
			exit(1);
		}
		t->cells = n;
		t->cap = cap;
	}
	for (int i = 0; i < t->ncols; i++)
		t->cells[t->nrows * (size_t)t->ncols + (size_t)i] = xstrdup(cells[i]);
	t->nrows++;
}

void cli_table_print(cli_table *t, FILE *f)
{
	int w[16] = {0};
	for (size_t r = 0; r < t->nrows; r++)
		for (int i = 0; i < t->ncols; i++) {
			int cw = jf_text_width(t->cells[r * (size_t)t->ncols + (size_t)i]);
			if (cw > t->maxw)
				cw = t->maxw;
			if (cw > w[i])
				w[i] = cw;
		}
	char buf[4096];
	for (size_t r = 0; r < t->nrows; r++) {
		/* the last column is not padded: no trailing blanks */
		int last = t->ncols - 1;
		while (last > 0 && t->align[last] == 'l' &&
		       !*t->cells[r * (size_t)t->ncols + (size_t)last])
			last--;
		for (int i = 0; i <= last; i++) {
			const char *cell = t->cells[r * (size_t)t->ncols + (size_t)i];
			if (i == last && t->align[i] == 'l')
				jf_text_fit(cell, w[i], buf, sizeof buf);
			else
				jf_text_pad(cell, w[i], t->align[i] == 'r', buf, sizeof buf);
			fputs(buf, f);
			if (i < last)
				fputs("  ", f);
		}
		fputc('\n', f);
	}
	for (size_t k = 0; k < t->nrows * (size_t)t->ncols; k++)
		free(t->cells[k]);
	free(t->cells);
	free(t);
}
