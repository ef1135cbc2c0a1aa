/* The key names of jifen(1), for the screen tests of both the counter and
 * the staff screens. */
#include <stdio.h>
#include <string.h>

#include <curses.h>
#include "../../ui/actions.h"
#include "mankeys.h"

/* A key's name as the key bar and jifen(1) write it. */
void man_key_name(int k, char *buf, size_t len)
{
	if (UI_IS_FKEY(k)) {
		int c = k & ~0x1000000;
		const char *n = "?";
		if (c >= KEY_F(1) && c <= KEY_F(24)) {
			snprintf(buf, len, "F%d", c - KEY_F0);
			return;
		}
		switch (c) {
		case KEY_UP:
			n = "Up";
			break;
		case KEY_DOWN:
			n = "Down";
			break;
		case KEY_LEFT:
			n = "Left";
			break;
		case KEY_RIGHT:
			n = "Right";
			break;
		case KEY_PPAGE:
			n = "PgUp";
			break;
		case KEY_NPAGE:
			n = "PgDn";
			break;
		case KEY_DC:
			n = "Del";
			break;
		case KEY_ENTER:
			n = "KP-Enter";
			break;
		case KEY_BTAB:
			n = "Shift-Tab";
			break;
		default:
			break;
		}
		snprintf(buf, len, "%s", n);
		return;
	}
	if (k == '\n')
		snprintf(buf, len, "Enter");
	else if (k == '\t')
		snprintf(buf, len, "Tab");
	else if (k == UI_ESC)
		snprintf(buf, len, "Esc");
	else if (k < 0x20)
		snprintf(buf, len, "^%c", k + '@');
	else
		snprintf(buf, len, "%c", k);
}

/* The keys named in the .B and .BR lines of one subsection of COUNTER KEYS,
 * as " KEY KEY ... " (roff's \- read as -). */
void man_keys(const char *man, const char *sub, char *out, size_t len)
{
	out[0] = '\0';
	const char *sec = strstr(man, "\n.SH COUNTER KEYS");
	if (!sec)
		return;
	const char *end = strstr(sec + 1, "\n.SH ");
	char head[128];
	snprintf(head, sizeof head, "\n.SS %s\n", sub);
	const char *p = strstr(sec, head);
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

