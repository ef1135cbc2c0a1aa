/* The configuration file: `key = value` lines in [sections], documented in
 * man/jifen.conf.5. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jifen/config.h"
#include "jifen/i18n.h"
#include "jifen/text.h"

#define DEFAULT_TIMEOUT_MS 3000
#define MAX_FILE_BYTES (256 * 1024)

void jf_config_defaults(jf_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->printer = JF_PRINTER_NONE;
	cfg->paper = 58;
	cfg->qr_mode = JF_QR_RASTER;
	cfg->timeout_ms = DEFAULT_TIMEOUT_MS;
	cfg->query_idle_ms = 60 * 1000;
}

int jf_config_default_path(char *buf, size_t len)
{
	const char *env = getenv("JIFEN_CONFIG");
	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return 1;
	}
	const char *xdg = getenv("XDG_CONFIG_HOME");
	if (xdg && *xdg) {
		snprintf(buf, len, "%s/jifen/jifen.conf", xdg);
		return 0;
	}
	const char *home = getenv("HOME");
	if (home && *home) {
		snprintf(buf, len, "%s/.config/jifen/jifen.conf", home);
		return 0;
	}
	if (len)
		buf[0] = '\0';
	return -1;
}

/* XDG_DOCUMENTS_DIR="$HOME/文档" from xdg-user-dirs' file, into buf. */
static int user_dirs_documents(const char *home, char *buf, size_t len)
{
	char path[4096], line[1024];
	const char *xdg = getenv("XDG_CONFIG_HOME");
	if (xdg && *xdg)
		snprintf(path, sizeof path, "%s/user-dirs.dirs", xdg);
	else
		snprintf(path, sizeof path, "%s/.config/user-dirs.dirs", home);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	int found = 0;
	while (!found && fgets(line, sizeof line, f)) {
		static const char key[] = "XDG_DOCUMENTS_DIR=\"";
		if (strncmp(line, key, sizeof key - 1) != 0)
			continue;
		char *v = line + sizeof key - 1, *end = strchr(v, '"');
		if (!end)
			break;
		*end = '\0';
		if (strncmp(v, "$HOME/", 6) == 0)
			snprintf(buf, len, "%s/%s", home, v + 6);
		else if (v[0] == '/')
			snprintf(buf, len, "%s", v);
		else
			break;
		/* "$HOME/" alone is the home folder itself: not a documents folder */
		found = strcmp(v, "$HOME") != 0 && strcmp(v, "$HOME/") != 0;
	}
	fclose(f);
	return found;
}

int jf_config_report_dir(const jf_config *cfg, char *buf, size_t len)
{
	const char *home = getenv("HOME");
	if (home && !*home)
		home = NULL;
	if (cfg && cfg->report_dir[0]) {
		if (strncmp(cfg->report_dir, "~/", 2) != 0) {
			snprintf(buf, len, "%s", cfg->report_dir);
			return 1;
		}
		if (home) {
			snprintf(buf, len, "%s%s", home, cfg->report_dir + 1);
			return 1;
		}
	}
	const char *docs = getenv("XDG_DOCUMENTS_DIR");
	if (docs && docs[0] == '/') {
		snprintf(buf, len, "%s", docs);
		return 0;
	}
	if (home) {
		if (!user_dirs_documents(home, buf, len))
			snprintf(buf, len, "%s/Documents", home);
		return 0;
	}
	if (len)
		buf[0] = '\0';
	return -1;
}

/* The parser's state while it walks the lines. */
typedef struct {
	const char *name;
	char section[32];
	int printer_line; /* where the printer was set, 0 if not yet */
	char *err;
	size_t errlen;
	int bad;
} parser;

static void bad_line(parser *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void bad_line(parser *p, int line, const char *fmt, ...)
{
	p->bad++;
	if (!p->err || !p->errlen)
		return;
	size_t used = strlen(p->err);
	if (used + 1 >= p->errlen)
		return;
	int n = snprintf(p->err + used, p->errlen - used, "%s%s:%d: ", used ? "\n" : "",
	                 p->name, line);
	if (n < 0 || used + (size_t)n >= p->errlen)
		return;
	used += (size_t)n;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->err + used, p->errlen - used, fmt, ap);
	va_end(ap);
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

/* A whole-number value in [lo, hi]; -1 if it is not one. */
static long number(const char *v, long lo, long hi)
{
	if (!*v)
		return -1;
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || *end || n < lo || n > hi)
		return -1;
	return n;
}

/* The URL template: printable ASCII without spaces, {payload} once. */
static int template_ok(const char *v)
{
	for (const char *c = v; *c; c++)
		if (*c <= ' ' || *c > '~')
			return 0;
	const char *at = strstr(v, "{payload}");
	return at && !strstr(at + 1, "{payload}");
}

/* host, host:port or [v6]:port, with a port in 1..65535. */
static int tcp_target_ok(const char *v)
{
	const char *port = NULL;
	if (*v == '[') {
		const char *close = strchr(v, ']');
		if (!close || close == v + 1)
			return 0;
		if (close[1] == ':')
			port = close + 2;
		else if (close[1])
			return 0;
	} else {
		const char *colon = strchr(v, ':');
		if (colon == v)
			return 0;
		if (colon) {
			if (strchr(colon + 1, ':'))
				return 0; /* a bare IPv6 address needs brackets */
			port = colon + 1;
		}
	}
	for (const char *c = v; *c; c++)
		if (*c <= ' ' || *c > '~')
			return 0;
	return !port || number(port, 1, 65535) > 0;
}

/* A CUPS queue name: printable, no space, '/' or '#', not an option. */
static int queue_ok(const char *v)
{
	if (*v == '-')
		return 0;
	for (const char *c = v; *c; c++)
		if (*c <= ' ' || *c > '~' || *c == '/' || *c == '#')
			return 0;
	return 1;
}

static void set_printer(parser *p, jf_config *cfg, int line, const char *key,
                        jf_printer_kind kind, const char *v)
{
	if (p->printer_line) {
		bad_line(p, line, _("打印机已在第 %d 行设置，只能设置 device、tcp、cups 中的一个"),
		         p->printer_line);
		return;
	}
	if (!*v) {
		bad_line(p, line, _("%s 需要一个值（不用打印机就删掉这一行）"), key);
		return;
	}
	int ok = kind == JF_PRINTER_DEVICE ? v[0] == '/'
	         : kind == JF_PRINTER_TCP  ? tcp_target_ok(v)
	                                   : queue_ok(v);
	if (!ok) {
		bad_line(p, line, _("%s 的值无效：%s"), key, v);
		return;
	}
	cfg->printer = kind;
	snprintf(cfg->printer_target, sizeof cfg->printer_target, "%s", v);
	p->printer_line = line;
}

static void setting(parser *p, jf_config *cfg, int line, const char *key, const char *v)
{
	const char *sec = p->section;
	if (!jf_text_valid(v, strlen(v))) {
		bad_line(p, line, _("%s 的值不是有效的 UTF-8 文本"), key);
		return;
	}
	if (strlen(v) > JF_CONFIG_VALUE_MAX) {
		bad_line(p, line, _("%s 的值太长（最长 %d 字节）"), key, JF_CONFIG_VALUE_MAX);
		return;
	}
	if (!*sec && strcmp(key, "language") == 0) {
		if (strcmp(v, "en") && strcmp(v, "zh"))
			bad_line(p, line, _("language 只能是 en 或 zh：%s"), v);
		else
			strcpy(cfg->language, v[0] == 'e' ? "en" : "zh");
	} else if (!*sec && strcmp(key, "busy_wait") == 0) {
		long s = number(v, 1, 60);
		if (s < 0)
			bad_line(p, line, _("busy_wait 是 1 到 60 之间的秒数：%s"), v);
		else
			cfg->busy_ms = (int)s * 1000;
	} else if (strcmp(sec, "reports") == 0 && strcmp(key, "folder") == 0) {
		if (v[0] != '/' && strncmp(v, "~/", 2) != 0)
			bad_line(p, line, _("folder 必须是绝对路径（以 / 或 ~/ 开头）：%s"), v);
		else
			snprintf(cfg->report_dir, sizeof cfg->report_dir, "%s", v);
	} else if (strcmp(sec, "community") == 0 && strcmp(key, "name") == 0) {
		snprintf(cfg->community_name, sizeof cfg->community_name, "%s", v);
	} else if (strcmp(sec, "receipt") == 0 && strcmp(key, "url_template") == 0) {
		if (*v && !template_ok(v))
			bad_line(p, line,
			         _("url_template 必须是不含空格的 ASCII 网址，且恰好含一个 {payload}：%s"),
			         v);
		else
			snprintf(cfg->url_template, sizeof cfg->url_template, "%s", v);
	} else if (strcmp(sec, "printer") == 0 && strcmp(key, "device") == 0) {
		set_printer(p, cfg, line, key, JF_PRINTER_DEVICE, v);
	} else if (strcmp(sec, "printer") == 0 && strcmp(key, "tcp") == 0) {
		set_printer(p, cfg, line, key, JF_PRINTER_TCP, v);
	} else if (strcmp(sec, "printer") == 0 && strcmp(key, "cups") == 0) {
		set_printer(p, cfg, line, key, JF_PRINTER_CUPS, v);
	} else if (strcmp(sec, "printer") == 0 && strcmp(key, "paper") == 0) {
		if (strcmp(v, "58") && strcmp(v, "80"))
			bad_line(p, line, _("paper 只能是 58 或 80：%s"), v);
		else
			cfg->paper = atoi(v);
	} else if (strcmp(sec, "printer") == 0 && strcmp(key, "qr") == 0) {
		if (strcmp(v, "raster") == 0)
			cfg->qr_mode = JF_QR_RASTER;
		else if (strcmp(v, "native") == 0)
			cfg->qr_mode = JF_QR_NATIVE;
		else
			bad_line(p, line, _("qr 只能是 raster 或 native：%s"), v);
	} else if (strcmp(sec, "printer") == 0 && strcmp(key, "timeout") == 0) {
		long s = number(v, 1, 60);
		if (s < 0)
			bad_line(p, line, _("timeout 是 1 到 60 之间的秒数：%s"), v);
		else
			cfg->timeout_ms = (int)s * 1000;
	} else if (strcmp(sec, "query") == 0 && strcmp(key, "enabled") == 0) {
		if (strcmp(v, "yes") && strcmp(v, "no"))
			bad_line(p, line, _("enabled 只能是 yes 或 no：%s"), v);
		else
			cfg->query_enabled = v[0] == 'y';
	} else if (strcmp(sec, "query") == 0 && strcmp(key, "idle") == 0) {
		long s = number(v, 1, 3600);
		if (s < 0)
			bad_line(p, line, _("idle 是 1 到 3600 之间的秒数：%s"), v);
		else
			cfg->query_idle_ms = (int)s * 1000;
	} else if (*sec) {
		bad_line(p, line, _("[%s] 中没有 %s 这一项"), sec, key);
	} else {
		bad_line(p, line, _("未知的设置 %s（它属于哪一节？）"), key);
	}
}

static int key_ok(const char *k)
{
	if (!*k)
		return 0;
	for (; *k; k++)
		if (!((*k >= 'a' && *k <= 'z') || *k == '_'))
			return 0;
	return 1;
}

jf_status jf_config_parse(const char *text, const char *name, jf_config *cfg,
                          char *errbuf, size_t errlen)
{
	parser p = {.name = name ? name : "jifen.conf", .err = errbuf, .errlen = errlen};
	if (errbuf && errlen)
		errbuf[0] = '\0';
	const char *s = text;
	int line = 0;
	while (s && *s) {
		line++;
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		char buf[1024];
		if (n >= sizeof buf) {
			bad_line(&p, line, _("这一行太长"));
			s = nl ? nl + 1 : s + n;
			continue;
		}
		memcpy(buf, s, n);
		buf[n] = '\0';
		s = nl ? nl + 1 : s + n;

		char *l = trim(buf);
		if (!*l || *l == '#' || *l == ';')
			continue;
		if (*l == '[') {
			char *close = strchr(l, ']');
			if (!close || close[1]) {
				bad_line(&p, line, _("节名应写成 [名称]：%s"), l);
				continue;
			}
			*close = '\0';
			char *sec = trim(l + 1);
			if (strcmp(sec, "community") && strcmp(sec, "receipt") && strcmp(sec, "printer") &&
			    strcmp(sec, "query") && strcmp(sec, "reports")) {
				bad_line(&p, line,
				         _("未知的节 [%s]（可用：community、receipt、printer、query、reports）"),
				         sec);
				/* keys below it are reported as unknown there */
			}
			snprintf(p.section, sizeof p.section, "%s", sec);
			continue;
		}
		char *eq = strchr(l, '=');
		if (!eq) {
			bad_line(&p, line, _("应为 key = value：%s"), l);
			continue;
		}
		*eq = '\0';
		char *key = trim(l), *value = trim(eq + 1);
		if (!key_ok(key)) {
			bad_line(&p, line, _("设置名无效：%s"), key);
			continue;
		}
		setting(&p, cfg, line, key, value);
	}
	return p.bad ? JF_INVALID : JF_OK;
}

jf_status jf_config_load(const char *path, jf_config *cfg, char *errbuf, size_t errlen)
{
	char where[4096];
	int explicit = 1;
	jf_config_defaults(cfg);
	if (errbuf && errlen)
		errbuf[0] = '\0';
	if (!path) {
		explicit = jf_config_default_path(where, sizeof where);
		if (explicit < 0)
			return JF_OK;
		path = where;
	}
	FILE *f = fopen(path, "rb");
	if (!f) {
		if (errno == ENOENT && !explicit)
			return JF_OK;
		if (errbuf && errlen)
			snprintf(errbuf, errlen, "%s: %s", path, strerror(errno));
		return errno == ENOENT ? JF_NOT_FOUND : JF_ERR;
	}
	char *text = malloc(MAX_FILE_BYTES + 1);
	if (!text) {
		fclose(f);
		return JF_NOMEM;
	}
	size_t n = fread(text, 1, MAX_FILE_BYTES + 1, f);
	int failed = ferror(f);
	fclose(f);
	if (failed || n > MAX_FILE_BYTES) {
		if (errbuf && errlen)
			snprintf(errbuf, errlen, "%s: %s", path,
			         failed ? strerror(EIO) : _("文件太大"));
		free(text);
		return failed ? JF_ERR : JF_INVALID;
	}
	text[n] = '\0';
	const char *nul = memchr(text, '\0', n);
	if (nul) {
		/* never read as if the file ended there: name the line */
		int line = 1;
		for (const char *q = text; q < nul; q++)
			line += *q == '\n';
		if (errbuf && errlen)
			snprintf(errbuf, errlen, "%s:%d: %s", path, line,
			         _("含有 NUL 字节，不是文本文件"));
		free(text);
		return JF_INVALID;
	}
	snprintf(cfg->path, sizeof cfg->path, "%s", path);
	jf_status st = jf_config_parse(text, path, cfg, errbuf, errlen);
	free(text);
	return st;
}

int jf_config_qr_text(const jf_config *cfg, const char *payload, char *out, size_t outsz)
{
	const char *t = cfg ? cfg->url_template : "";
	if (!payload)
		return -1;
	const char *at = *t ? strstr(t, "{payload}") : NULL;
	int n;
	if (!at)
		n = snprintf(out, outsz, "%s", payload);
	else
		n = snprintf(out, outsz, "%.*s%s%s", (int)(at - t), t, payload,
		             at + strlen("{payload}"));
	return n < 0 || (size_t)n >= outsz ? -1 : 0;
}
