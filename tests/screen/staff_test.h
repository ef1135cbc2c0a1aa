/* The staff screens' end-to-end tests (staff_test.c), run by the screen
 * test driver after the counter's own. */
#ifndef JIFEN_TESTS_STAFF_TEST_H
#define JIFEN_TESTS_STAFF_TEST_H

/* Run every staff test whose name contains `filter` (NULL: all) against the
 * jifen binary at `jifen`, printing "ok" or "FAIL" per test; adds to the
 * counts of tests passed and failed. */
void staff_tests_run(const char *jifen, const char *filter, int *passed, int *failed);

#endif
