/* The passbook statement (积分存折) as the counter prints it: on a 58 mm
 * and an 80 mm roll every line fits (the strict ESC/POS reader refuses a
 * line wider than the paper), and each strip shows the opening and the
 * closing balance of its period, so that strips kept one after another
 * chain: one's closing is the next one's opening. */
#include "testlib.h"
#include "qrcheck.h"
#include "receiptlib.h"

#include "jifen/config.h"
#include "jifen/escpos.h"
#include "jifen/report.h"

/* The statement for from..to printed on a device-file printer of `paper`
 * mm, parsed back. */
static void print_strip(fixture *f, int paper, const char *from, const char *to, pos_doc *d)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mf = open_memstream(&text, &len);
	assert_non_null(mf);
	assert_int_equal(jf_statement_write(f->e->db, f->ding, from, to, mf, jf_paper_cols(paper), 1),
	                 JF_OK);
	fclose(mf);
	jf_config c;
	jf_config_defaults(&c);
	c.paper = paper;
	c.printer = JF_PRINTER_DEVICE;
	int pn = snprintf(c.printer_target, sizeof c.printer_target, "%.200s/lp0", f->e->dir);
	assert_true(pn > 0);
	FILE *lp = fopen(c.printer_target, "w");
	assert_non_null(lp);
	fclose(lp);
	char err[256];
	assert_int_equal(jf_report_print(&c, text, err, sizeof err), JF_OK);
	free(text);
	lp = fopen(c.printer_target, "rb");
	static unsigned char bytes[1 << 16];
	size_t n = fread(bytes, 1, sizeof bytes, lp);
	fclose(lp);
	if (pos_parse(bytes, n, jf_paper_cols(paper), jf_paper_dots(paper), d) != 0)
		fail_msg("%d mm: %s", paper, d->error);
}

/* The points on the line that starts with `label`, -1 if none. */
static long long balance_on(const pos_doc *d, const char *label)
{
	for (int i = 0; i < d->nlines; i++)
		if (strncmp(d->lines[i], label, strlen(label)) == 0) {
			const char *p = d->lines[i] + strlen(label);
			while (*p == ' ')
				p++;
			return atoll(p);
		}
	return -1;
}

static void test_strips_fit_and_chain(void **state)
{
	fixture *f = *state;
	char day[11], next[11];
	jf_day_of(FIX_T0, day);
	jf_day_of(FIX_T0 + 86400, next);
	static const int papers[2] = {58, 80};
	for (int i = 0; i < 2; i++) {
		pos_doc d;
		print_strip(f, papers[i], day, day, &d);
		assert_true(d.cuts == 1);
		assert_int_equal(balance_on(&d, "上期结余"), 0);
		assert_int_equal(balance_on(&d, "本期结余"), 100 - FIX_TOTAL);
		pos_free(&d);
		/* the next strip opens where this one closed */
		print_strip(f, papers[i], next, next, &d);
		assert_int_equal(balance_on(&d, "上期结余"), 100 - FIX_TOTAL);
		assert_int_equal(balance_on(&d, "本期结余"), 100 - FIX_TOTAL);
		pos_free(&d);
	}
}

int main(void)
{
	test_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_strips_fit_and_chain, fix_setup, fix_teardown),
	};
	return cmocka_run_group_tests_name("passbook_print", tests, NULL, NULL);
}
