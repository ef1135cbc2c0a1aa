/* The action table of the counter program (ui/actions.h) refuses two
 * actions bound to the same key on one screen, the key or its Ctrl
 * alternative (calcurse's keydef check): otherwise the first one silently
 * wins and the other is dead on that screen, while the key bar and the
 * help still offer it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include "../../ui/actions.h"

typedef struct {
	const char *id;
	int key, alt;
	unsigned screens;
} row;

/* The program's table, expanded here from the same X-macro. */
static const row table[] = {
#define ROW(id_, key_, alt_, screens_, bar_, label_, help_) {#id_, (key_), (alt_), (screens_)},
    UI_ACTIONS(ROW)
#undef ROW
};
#define NROWS (sizeof table / sizeof table[0])

/* How many pairs of actions share a key on a screen; each one printed. */
static int clashes(const row *t, size_t n)
{
	int found = 0;
	for (unsigned bit = 1; bit && bit <= UI_S_ALL; bit <<= 1)
		for (size_t a = 0; a < n; a++) {
			if (!(t[a].screens & bit))
				continue;
			int ka[2] = {t[a].key, t[a].alt};
			for (size_t b = a + 1; b < n; b++) {
				if (!(t[b].screens & bit))
					continue;
				int kb[2] = {t[b].key, t[b].alt};
				for (int i = 0; i < 2; i++)
					for (int j = 0; j < 2; j++)
						if (ka[i] != UI_NOKEY && ka[i] == kb[j]) {
							fprintf(stderr,
							        "  actions %s and %s share key %d on "
							        "screen bit 0x%x\n",
							        t[a].id, t[b].id, ka[i], bit);
							found++;
						}
			}
		}
	return found;
}

/* Every screen, every pair of actions: no key twice. */
static void test_no_key_twice_on_a_screen(void **state)
{
	(void)state;
	assert_int_equal(clashes(table, NROWS), 0);
}

/* The check itself: a key an action's alternative already holds on a
 * shared screen is found, on another screen it is not. */
static void test_the_check_finds_a_clash(void **state)
{
	(void)state;
	const row clash[] = {
	    {"LEAVE", UI_FKEY(KEY_F(2)), UI_ESC, UI_S_COUNTER | UI_S_VOID},
	    {"CLOSE", UI_ESC, '\n', UI_S_VOID},
	};
	assert_int_equal(clashes(clash, 2), 1);
	const row apart[] = {
	    {"LEAVE", UI_FKEY(KEY_F(2)), UI_ESC, UI_S_COUNTER},
	    {"CLOSE", UI_ESC, '\n', UI_S_RECEIPT},
	};
	assert_int_equal(clashes(apart, 2), 0);
	/* the same key as one's key and the other's alternative */
	const row cross[] = {
	    {"SAVE", UI_FKEY(KEY_F(5)), UI_CTRL('e'), UI_S_AWARD},
	    {"WRITE", UI_CTRL('e'), UI_NOKEY, UI_S_AWARD},
	};
	assert_int_equal(clashes(cross, 2), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_no_key_twice_on_a_screen),
	    cmocka_unit_test(test_the_check_finds_a_clash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
