/* Shared by the screen tests: the keys jifen(1) names in its COUNTER KEYS
 * section, against the keys the program itself lists (jifen --list-keys,
 * printed from ui/actions.h, the table that draws the key bar). */
#ifndef JIFEN_TEST_MANKEYS_H
#define JIFEN_TEST_MANKEYS_H

#include <stddef.h>

/* The screens as `jifen --list-keys` titles them, and the subsection of
 * COUNTER KEYS in jifen(1) that names their keys (NULL: none, the help);
 * `staff` for the staff screens' tests.  Ends with a NULL title. */
typedef struct {
	const char *title, *sub;
	int staff;
} man_screen;
extern const man_screen man_screens[];

/* The titles `jifen --list-keys` gives that man_screens lacks, as
 * " TITLE TITLE ... "; "" if none. */
void man_unknown_screens(const char *jifen, char *out, size_t len);

/* The keys named in subsection `sub` of COUNTER KEYS in the text of
 * jifen(1), as " KEY KEY ... ". */
void man_keys(const char *man, const char *sub, char *out, size_t len);

/* The keys `jifen --list-keys` gives the screen titled `screen` (its
 * Chinese title: 柜台, 后台赋分 ...), as " KEY KEY ... "; "" if none. */
void listed_keys(const char *jifen, const char *screen, char *out, size_t len);

/* The keys the program lists for `screen` that jifen(1) names neither in
 * subsection `sub` nor under "Every screen", as " KEY KEY ... " in
 * `missing`.  Returns how many; -1 if the program lists no key for the
 * screen, -2 if jifen(1) has no such subsection. */
int man_missing(const char *jifen, const char *man, const char *screen, const char *sub,
                char *missing, size_t len);

#endif
