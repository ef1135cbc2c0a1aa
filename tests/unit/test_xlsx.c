/* Spreadsheets (issue 16): src/xlsx.c writes workbooks; src/resident.c
 * tells codes a spreadsheet rewrote (scientific notation, decimals, leading
 * zeros dropped) from codes people typed. */
#include <sys/stat.h>
#include "testlib.h"
#include "jifen/resident.h"
#include "jifen/xlsx.h"

static void test_spreadsheet_numbers(void **state)
{
	(void)state;
	/* what Excel makes of long digits and of codes like 00E12 */
	assert_true(jf_code_spreadsheet_number("1.39E+10"));
	assert_true(jf_code_spreadsheet_number("1E+05"));
	assert_true(jf_code_spreadsheet_number("0.00E+00"));
	assert_true(jf_code_spreadsheet_number("4.5e-3"));
	assert_true(jf_code_spreadsheet_number("123.0"));
	assert_true(jf_code_spreadsheet_number("502.00"));
	/* codes as people write them */
	assert_false(jf_code_spreadsheet_number("00E12"));
	assert_false(jf_code_spreadsheet_number("12E3"));
	assert_false(jf_code_spreadsheet_number("000123"));
	assert_false(jf_code_spreadsheet_number("13800138000"));
	assert_false(jf_code_spreadsheet_number("3-2-501"));
	assert_false(jf_code_spreadsheet_number("12.5"));
	assert_false(jf_code_spreadsheet_number("FX0001"));
	assert_false(jf_code_spreadsheet_number(""));
	assert_false(jf_code_spreadsheet_number("1E+"));
}

static void test_lost_zeros(void **state)
{
	test_env *e = *state;
	jf_resident_new a = {.name = "丁美英", .compound = "府西新村", .building = "3",
	                     .room = "0502", .phone = "13800000001", .card = "000123"};
	jf_resident_new b = {.name = "杨效文", .phone = "13800000002", .card = "456"};
	assert_int_equal(jf_resident_add(e->db, e->admin, &a, NULL), JF_OK);
	assert_int_equal(jf_resident_add(e->db, e->admin, &b, NULL), JF_OK);
	char was[64] = "";
	assert_true(jf_code_lost_zeros(e->db, JF_CODE_CARD, "123", NULL, NULL, was, sizeof was));
	assert_string_equal(was, "000123");
	/* a code as it is, or one with zeros of its own, is nobody's lost zero */
	assert_false(jf_code_lost_zeros(e->db, JF_CODE_CARD, "000123", NULL, NULL, was, sizeof was));
	assert_false(jf_code_lost_zeros(e->db, JF_CODE_CARD, "456", NULL, NULL, was, sizeof was));
	assert_false(jf_code_lost_zeros(e->db, JF_CODE_CARD, "1230", NULL, NULL, was, sizeof was));
	assert_false(jf_code_lost_zeros(e->db, JF_CODE_CARD, "12a", NULL, NULL, was, sizeof was));
	/* rooms: in the same compound and building only */
	assert_true(jf_code_lost_zeros(e->db, JF_CODE_ROOM, "502", "府西新村", "3", was, sizeof was));
	assert_string_equal(was, "0502");
	assert_false(jf_code_lost_zeros(e->db, JF_CODE_ROOM, "502", "府西新村", "4", was, sizeof was));
	assert_false(jf_code_lost_zeros(NULL, JF_CODE_CARD, "123", NULL, NULL, was, sizeof was));
}

static void test_workbook(void **state)
{
	test_env *e = *state;
	char path[400], err[256] = "";
	static const char csv[] = "\xEF\xBB\xBF姓名,手机,卡号\r\n丁美英,13800000001,000123\r\n"
	                          "\r\n标题\r\n项目,积分\r\n兑换,12\r\n";
	snprintf(path, sizeof path, "%s/a.xlsx", e->dir);
	assert_int_equal(jf_xlsx_from_csv(csv, sizeof csv - 1, path, "居民", 0, err, sizeof err),
	                 JF_OK);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char magic[2] = {0};
	assert_int_equal(fread(magic, 1, 2, f), 2);
	fclose(f);
	assert_memory_equal(magic, "PK", 2);
	/* an unterminated quote, and a folder that does not exist: errors, said */
	static const char bad[] = "a,\"b\r\n";
	snprintf(path, sizeof path, "%s/b.xlsx", e->dir);
	assert_int_not_equal(jf_xlsx_from_csv(bad, sizeof bad - 1, path, "x", 0, err, sizeof err),
	                     JF_OK);
	assert_true(err[0] != '\0');
	err[0] = '\0';
	snprintf(path, sizeof path, "%s/no/such/c.xlsx", e->dir);
	assert_int_not_equal(jf_xlsx_from_csv(csv, sizeof csv - 1, path, "x", 0, err, sizeof err),
	                     JF_OK);
	assert_true(err[0] != '\0');
}

int main(void)
{
	test_init();
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_spreadsheet_numbers),
	    cmocka_unit_test_setup_teardown(test_lost_zeros, test_env_setup, test_env_teardown),
	    cmocka_unit_test_setup_teardown(test_workbook, test_env_setup, test_env_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
