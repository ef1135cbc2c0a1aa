/* Shared by the screen tests: the key names jifen(1) uses, and the keys a
 * subsection of its COUNTER KEYS section names. */
#ifndef JIFEN_TEST_MANKEYS_H
#define JIFEN_TEST_MANKEYS_H

#include <stddef.h>

/* A key of ui/actions.h as the key bar and jifen(1) write it: F5, ^E, Esc,
 * Enter, Left ... */
void man_key_name(int key, char *buf, size_t len);

/* The keys named in subsection `sub` of COUNTER KEYS in the text of
 * jifen(1), as " KEY KEY ... ". */
void man_keys(const char *man, const char *sub, char *out, size_t len);

#endif
