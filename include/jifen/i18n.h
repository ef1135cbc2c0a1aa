/* Messages: gettext, with the Chinese text as the msgid, so that Chinese is
 * what jifen speaks when no catalog applies; data/po/en.po is the English
 * catalog.  The core may translate; it never prompts or draws. */
#ifndef JIFEN_I18N_H
#define JIFEN_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* Set the locale from the environment (falling back to C.UTF-8 so that
 * wide characters work even under LANG=C) and bind the "jifen" domain to
 * $JIFEN_LOCALEDIR, the build tree's locale folder, or LOCALEDIR.
 * `language`, if not NULL, overrides $LANGUAGE ("en", "zh_CN").
 * Returns 0 on success, -1 if no UTF-8 locale could be set. */
int jf_i18n_init(const char *language);

/* The character set of the user's locale when it is neither UTF-8 nor plain
 * ASCII (the C locale): "GB18030", "GBK", "ISO-8859-1" ... as the locale
 * names it, also when that locale is not installed (taken then from
 * LC_ALL, LC_CTYPE or LANG, "zh_CN.GBK" -> "GBK").  jifen speaks only
 * UTF-8, so the command line refuses to start in such a terminal.  NULL
 * otherwise.  Set by jf_i18n_init. */
const char *jf_i18n_foreign_codeset(void);

/* 1 when messages are English, 0 when Chinese. */
int jf_i18n_is_english(void);

#endif
