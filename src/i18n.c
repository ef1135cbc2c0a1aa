/* Locale and message catalogs. */
#include <langinfo.h>
#include <limits.h>
#include <stdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>

#include "jifen/i18n.h"

#include "paths.h" /* LOCALEDIR, from the Makefile's PREFIX */

static int english;
static char foreign[64];

/* The locale's own character set is foreign unless UTF-8 or ASCII. */
static int codeset_foreign(const char *cs)
{
	return cs && *cs && strcasecmp(cs, "UTF-8") != 0 && strcasecmp(cs, "utf8") != 0 &&
	       strcmp(cs, "ANSI_X3.4-1968") != 0 && strcasecmp(cs, "ASCII") != 0 &&
	       strcasecmp(cs, "US-ASCII") != 0;
}

/* The codeset a locale name asks for: "zh_CN.GB18030@x" -> "GB18030". */
static void codeset_of_name(const char *name, char *out, size_t len)
{
	const char *dot = name ? strchr(name, '.') : NULL;
	out[0] = '\0';
	if (!dot)
		return;
	size_t n = strcspn(dot + 1, "@");
	if (n >= len)
		n = len - 1;
	memcpy(out, dot + 1, n);
	out[n] = '\0';
}

const char *jf_i18n_foreign_codeset(void)
{
	return foreign[0] ? foreign : NULL;
}

/* The build tree's locale folder next to the running binary, if it has the
 * English catalog (so ./jifen works before `make install`). */
static int tree_localedir(char *buf, size_t len)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return 0;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	struct stat sb;
	char probe[PATH_MAX + 64];
	snprintf(probe, sizeof probe, "%s/locale/en/LC_MESSAGES/jifen.mo", exe);
	if (stat(probe, &sb) != 0)
		return 0;
	snprintf(buf, len, "%s/locale", exe);
	return 1;
}

/* The language of a LANGUAGE list ("en_GB:fr", "zh_CN:en"): its first entry
 * that jifen speaks decides, "en" or "zh_CN"; Chinese when none does, so
 * that the messages and jf_i18n_is_english() never disagree. */
static const char *pick_language(const char *list)
{
	while (list && *list) {
		size_t n = strcspn(list, ":");
		if (n >= 2 && strncmp(list, "en", 2) == 0 && (n == 2 || strchr("_.@", list[2])))
			return "en";
		if (n >= 2 && strncmp(list, "zh", 2) == 0)
			return "zh_CN";
		list += n;
		if (*list == ':')
			list++;
	}
	return "zh_CN";
}

int jf_i18n_init(const char *language)
{
	int rc = 0;
	foreign[0] = '\0';
	if (setlocale(LC_ALL, "")) {
		const char *cs = nl_langinfo(CODESET);
		if (codeset_foreign(cs))
			snprintf(foreign, sizeof foreign, "%s", cs);
	} else {
		/* a locale that is not installed: what its name asks for */
		const char *name = getenv("LC_ALL");
		if (!name || !*name)
			name = getenv("LC_CTYPE");
		if (!name || !*name)
			name = getenv("LANG");
		char cs[64];
		codeset_of_name(name, cs, sizeof cs);
		if (codeset_foreign(cs))
			snprintf(foreign, sizeof foreign, "%s", cs);
	}
	if (!setlocale(LC_ALL, "") || strcasecmp(nl_langinfo(CODESET), "UTF-8") != 0) {
		if (!setlocale(LC_ALL, "C.UTF-8"))
			rc = -1;
	}
	/* gettext ignores LANGUAGE when the messages locale is C or POSIX (as
	 * with LC_MESSAGES=C, or LC_CTYPE=C.UTF-8 alone): C.UTF-8 is not
	 * ignored, and its messages are the msgids all the same. */
	const char *msgs = setlocale(LC_MESSAGES, NULL);
	if (msgs && (strcmp(msgs, "C") == 0 || strcmp(msgs, "POSIX") == 0))
		setlocale(LC_MESSAGES, "C.UTF-8");
	/* Chinese is the default whatever LANG says; LANGUAGE or the setting
	 * chooses English. */
	const char *lang = pick_language(language && *language ? language : getenv("LANGUAGE"));
	setenv("LANGUAGE", lang, 1);
	english = strcmp(lang, "en") == 0;

	char dir[PATH_MAX + 16];
	const char *env = getenv("JIFEN_LOCALEDIR");
	if (env && *env)
		bindtextdomain("jifen", env);
	else if (tree_localedir(dir, sizeof dir))
		bindtextdomain("jifen", dir);
	else
		bindtextdomain("jifen", LOCALEDIR);
	bind_textdomain_codeset("jifen", "UTF-8");
	textdomain("jifen");
	return rc;
}

int jf_i18n_is_english(void)
{
	return english;
}
