/* The key lists of jifen(1) and of the program (see mankeys.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mankeys.h"

/* The keys named in the .B and .BR lines of the subsection `sub` of the
 * roff text from `from` (up to `end`, or its end), as " KEY KEY ... "
 * (roff's \- read as -). */
static void sub_keys(const char *from, const char *end, const char *sub, char *out, size_t len)
{
	out[0] = '\0';
	char head[128];
	snprintf(head, sizeof head, "\n.SS %s\n", sub);
	const char *p = strstr(from, head);
	if (!p || (end && p > end))
		return;
	p += strlen(head);
	size_t o = 0;
	out[o++] = ' ';
	while (*p && strncmp(p, ".SS ", 4) != 0 && strncmp(p, ".SH ", 4) != 0) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (strncmp(p, ".B ", 3) == 0 || strncmp(p, ".BR ", 4) == 0) {
			for (size_t i = p[2] == ' ' ? 3 : 4; i < n && o + 2 < len; i++) {
				char c = p[i];
				if (c == '\\')
					continue;
				out[o++] = (c == '"' || c == ',') ? ' ' : c;
			}
			out[o++] = ' ';
		}
		p += n + (nl ? 1 : 0);
	}
	out[o] = '\0';
}

const man_screen man_screens[] = {
    {"登录", "Login", 0},
    {"柜台", "Counter", 0},
    {"确认", "Confirmation", 0},
    {"小票", "Receipt", 0},
    {"作废小票", "Void and reprint forms", 0},
    {"补打小票", "Void and reprint forms", 0},
    {"帮助", NULL, 0},
    {"后台", "Staff menu", 1},
    {"后台赋分", "Staff forms", 1},
    {"入库和盘点", "Staff forms", 1},
    {"日结", "Staff forms", 1},
    {"每月公示", "Staff forms", 1},
    {"服务券", "Staff forms", 1},
    {"积分存折", "Staff forms", 1},
    {"操作员", "Staff forms", 1},
    {"核验小票", "Verify form", 0},
    {"积分查询", "Query terminal", 0},
    {"居民、核实人、调整", "Staff forms", 1},
    {"未打印小票", "Staff forms", 1},
    {NULL, NULL, 0},
};

void man_keys(const char *man, const char *sub, char *out, size_t len)
{
	out[0] = '\0';
	const char *sec = strstr(man, "\n.SH COUNTER KEYS");
	if (!sec)
		return;
	sub_keys(sec, strstr(sec + 1, "\n.SH "), sub, out, len);
}

/* What `jifen --list-keys` prints, in Chinese, read once; after a "\n" so
 * that the first ".SS" starts a line like the others. */
static const char *listing(const char *jifen)
{
	static char buf[65536];
	static int done;
	if (done)
		return buf;
	done = 1;
	buf[0] = '\n';
	int p[2];
	if (pipe(p) != 0)
		return buf;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		setenv("LANGUAGE", "zh_CN", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		execl(jifen, jifen, "--list-keys", (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	size_t o = 1;
	ssize_t n;
	while (pid > 0 && o < sizeof buf - 1 && (n = read(p[0], buf + o, sizeof buf - 1 - o)) > 0)
		o += (size_t)n;
	buf[o] = '\0';
	close(p[0]);
	int st;
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "  %s --list-keys failed\n", jifen);
		buf[1] = '\0';
	}
	return buf;
}

void listed_keys(const char *jifen, const char *screen, char *out, size_t len)
{
	sub_keys(listing(jifen), NULL, screen, out, len);
}

int man_missing(const char *jifen, const char *man, const char *screen, const char *sub,
                char *missing, size_t len)
{
	static char keys[8192], in_sub[8192], every[8192];
	missing[0] = '\0';
	listed_keys(jifen, screen, keys, sizeof keys);
	if (!strtok(keys, " "))
		return -1;
	man_keys(man, sub, in_sub, sizeof in_sub);
	if (!in_sub[0])
		return -2;
	man_keys(man, "Every screen", every, sizeof every);
	int n = 0;
	listed_keys(jifen, screen, keys, sizeof keys);
	for (char *k = strtok(keys, " "); k; k = strtok(NULL, " ")) {
		char word[64];
		snprintf(word, sizeof word, " %s ", k);
		if (strstr(in_sub, word) || strstr(every, word))
			continue;
		n++;
		size_t m = strlen(missing);
		snprintf(missing + m, len - m, "%s%s", m ? " " : "", k);
	}
	return n;
}

void man_unknown_screens(const char *jifen, char *out, size_t len)
{
	out[0] = '\0';
	size_t o = 0;
	for (const char *p = strstr(listing(jifen), "\n.SS "); p; p = strstr(p + 1, "\n.SS ")) {
		const char *t = p + 5, *nl = strchr(t, '\n');
		size_t n = nl ? (size_t)(nl - t) : strlen(t);
		int known = 0;
		for (const man_screen *s = man_screens; s->title && !known; s++)
			known = strlen(s->title) == n && strncmp(s->title, t, n) == 0;
		if (!known && o + n + 2 < len) {
			out[o++] = ' ';
			memcpy(out + o, t, n);
			o += n;
			out[o] = '\0';
		}
	}
}
