/* What the fuzz harnesses in tests/fuzz/ found, each kept as a test so that
 * it stays fixed.  A hang would stop `make check` for ever: each test runs
 * under an alarm that turns one into a failure. */
#include "testlib.h"

#include <signal.h>

#include "jifen/config.h"
#include "jifen/pinyin.h"
#include "jifen/text.h"

static void on_alarm(int sig)
{
	(void)sig;
	static const char msg[] = "test_fuzz_found: hung (alarm)\n";
	if (write(2, msg, sizeof msg - 1) < 0)
		_exit(3);
	_exit(2);
}

static int guard(void **state)
{
	(void)state;
	signal(SIGALRM, on_alarm);
	alarm(60);
	return 0;
}

static int unguard(void **state)
{
	(void)state;
	alarm(0);
	return 0;
}

/* fuzz_text: the search keys of a text longer than a key holds, followed by
 * polyphonic characters: every combination of their readings gave the same
 * (cut) key, and the walk tried them all, 2^n of them - minutes for 16,
 * for ever for 60.  Now it stops, keeping the main reading first. */
static void test_pinyin_keys_of_long_text(void **state)
{
	(void)state;
	char s[1024] = "";
	for (int i = 0; i < 43; i++)
		strcat(s, "双");
	for (int i = 0; i < 60; i++)
		strcat(s, "行");
	jf_pinyin_key keys[8];
	int n = jf_pinyin_keys(s, 0, keys, 8);
	assert_true(n >= 1 && n <= 8);
	assert_int_equal(strncmp(keys[0].full, "shuangshuang", 12), 0);
	assert_int_equal(strncmp(keys[0].initials, "sss", 3), 0);
	assert_true(strlen(keys[0].full) < sizeof keys[0].full);
	/* a name still gets all its readings */
	n = jf_pinyin_keys("曾行", 1, keys, 8);
	assert_true(n >= 2);
	assert_string_equal(keys[0].full, "zengxing");
}

/* fuzz_config: "tcp =" or "cups =" with nothing after it was taken as a
 * printer at an empty address; now it is a bad line naming the key, and no
 * printer is set. */
static void test_config_empty_printer(void **state)
{
	(void)state;
	static const char *const texts[] = {"[printer]\ntcp =\n", "[printer]\ncups = \n",
	                                     "[printer]\ndevice=\n"};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		jf_config cfg;
		char err[256];
		jf_config_defaults(&cfg);
		assert_int_equal(jf_config_parse(texts[i], "jifen.conf", &cfg, err, sizeof err),
		                 JF_INVALID);
		assert_int_equal(cfg.printer, JF_PRINTER_NONE);
		assert_non_null(strstr(err, "jifen.conf:2:"));
	}
}

int main(void)
{
	test_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pinyin_keys_of_long_text, guard, unguard),
		cmocka_unit_test_setup_teardown(test_config_empty_printer, guard, unguard),
	};
	return cmocka_run_group_tests_name("found by fuzzing", tests, NULL, NULL);
}
