/* Shared by the cmocka unit tests: a fresh database file per test. */
#ifndef JIFEN_TESTLIB_H
#define JIFEN_TESTLIB_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "jifen/db.h"
#include "jifen/i18n.h"
#include "jifen/operator.h"

typedef struct {
	char dir[256];
	char path[300];
	jf_db *db;
	jf_op *admin; /* logged in as the bootstrap admin, PIN 2468 */
} test_env;

/* A new empty database in a new temporary folder, with an admin operator
 * "admin" (PIN 2468) logged in.  Use as a cmocka setup function. */
static inline int test_env_setup(void **state)
{
	test_env *e = calloc(1, sizeof *e);
	snprintf(e->dir, sizeof e->dir, "/tmp/jifen-test-XXXXXX");
	if (!e->dir[0] || !mkdtemp(e->dir))
		return -1;
	snprintf(e->path, sizeof e->path, "%s/t.db", e->dir);
	char err[512];
	if (jf_db_create_test(e->path, "府西社区", "FX", 0, &e->db, err, sizeof err) != JF_OK) {
		fprintf(stderr, "create: %s\n", err);
		return -1;
	}
	if (jf_operator_bootstrap(e->db, "admin", "管理员", "2468") != JF_OK ||
	    jf_login(e->db, "admin", "2468", &e->admin) != JF_OK) {
		fprintf(stderr, "admin: %s\n", jf_db_error(e->db));
		return -1;
	}
	*state = e;
	return 0;
}

static inline int test_env_teardown(void **state)
{
	test_env *e = *state;
	jf_op_free(e->admin);
	jf_db_close(e->db);
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", e->dir);
	if (system(cmd) != 0)
		return -1;
	free(e);
	return 0;
}

/* Call once from main(): Chinese messages, UTF-8 locale. */
static inline void test_init(void)
{
	jf_i18n_init(NULL);
}

#endif
