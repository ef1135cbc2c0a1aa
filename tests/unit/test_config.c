/* The configuration file: what it sets, where it is found, and how a bad
 * line is reported. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "jifen/config.h"
#include "jifen/i18n.h"

static void test_defaults(void **state)
{
	(void)state;
	jf_config c;
	jf_config_defaults(&c);
	assert_int_equal(c.printer, JF_PRINTER_NONE);
	assert_int_equal(c.paper, 58);
	assert_int_equal(c.qr_mode, JF_QR_RASTER);
	assert_int_equal(c.timeout_ms, 3000);
	assert_string_equal(c.community_name, "");
	assert_string_equal(c.url_template, "");
	assert_string_equal(c.language, "");
	assert_int_equal(c.busy_ms, 0);
}

static void test_full_file(void **state)
{
	(void)state;
	const char *text = "# 府西社区爱心超市的柜台\r\n"
	                   "language = en\r\n"
	                   "busy_wait = 2\n"
	                   "\n"
	                   "[community]\n"
	                   "  name   =   府西社区 爱心超市  \n"
	                   "; another comment\n"
	                   "[receipt]\n"
	                   "url_template = https://jf.example.org/r/{payload}#top\n"
	                   "[printer]\n"
	                   "tcp = 192.168.1.50\n"
	                   "paper = 80\n"
	                   "qr = native\n"
	                   "timeout = 5\n";
	jf_config c;
	char err[512];
	jf_config_defaults(&c);
	assert_int_equal(jf_config_parse(text, "t.conf", &c, err, sizeof err), JF_OK);
	assert_string_equal(err, "");
	assert_string_equal(c.language, "en");
	assert_string_equal(c.community_name, "府西社区 爱心超市");
	/* a # inside a value is part of it: no trailing comments */
	assert_string_equal(c.url_template, "https://jf.example.org/r/{payload}#top");
	assert_int_equal(c.printer, JF_PRINTER_TCP);
	assert_string_equal(c.printer_target, "192.168.1.50");
	assert_int_equal(c.paper, 80);
	assert_int_equal(c.qr_mode, JF_QR_NATIVE);
	assert_int_equal(c.timeout_ms, 5000);
	assert_int_equal(c.busy_ms, 2000);

	jf_config_defaults(&c);
	assert_int_equal(jf_config_parse("[printer]\ndevice = /dev/usb/lp0\nqr = raster\n", "t",
	                                 &c, err, sizeof err),
	                 JF_OK);
	assert_int_equal(c.printer, JF_PRINTER_DEVICE);
	assert_string_equal(c.printer_target, "/dev/usb/lp0");
	jf_config_defaults(&c);
	assert_int_equal(jf_config_parse("[printer]\ncups = Receipt_58\n", "t", &c, err, sizeof err),
	                 JF_OK);
	assert_int_equal(c.printer, JF_PRINTER_CUPS);
	assert_string_equal(c.printer_target, "Receipt_58");
	jf_config_defaults(&c);
	assert_int_equal(jf_config_parse("[printer]\ntcp = [::1]:9101\n", "t", &c, err, sizeof err),
	                 JF_OK);
	assert_string_equal(c.printer_target, "[::1]:9101");
}

/* The error text holds "name:LINE: " for each bad line, in order. */
static void assert_bad_lines(const char *err, const int *lines, int n)
{
	const char *p = err;
	for (int i = 0; i < n; i++) {
		char want[32];
		snprintf(want, sizeof want, "t.conf:%d: ", lines[i]);
		const char *at = strstr(p, want);
		if (!at)
			fail_msg("no report for line %d in:\n%s", lines[i], err);
		p = at + 1;
	}
	int reports = 0;
	for (const char *c = err; (c = strstr(c, "t.conf:")); c++)
		reports++;
	assert_int_equal(reports, n);
}

static void test_bad_lines_named(void **state)
{
	(void)state;
	const char *text = "paper = 58\n"                         /* 1: not in a section */
	                   "[printer]\n"                          /* 2 */
	                   "paper = 57\n"                         /* 3: bad value */
	                   "device = /dev/usb/lp0\n"              /* 4: fine */
	                   "tcp = 10.0.0.9:9100\n"                /* 5: a second printer */
	                   "qr = fancy\n"                         /* 6 */
	                   "this line has no equals sign\n"       /* 7 */
	                   "timeout = 0\n"                        /* 8 */
	                   "colour = red\n"                       /* 9: unknown key */
	                   "[receipt]\n"                          /* 10 */
	                   "url_template = https://x.org/r/\n"    /* 11: no {payload} */
	                   "[printers]\n"                         /* 12: unknown section */
	                   "language = fr\n"                      /* 13: in a section */
	                   "[community\n"                         /* 14: broken header */
	                   "[community]\n"                        /* 15 */
	                   "name = \xff\xfe\n"                    /* 16: not UTF-8 */
	                   "NAME = x\n";                          /* 17: bad key */
	jf_config c;
	char err[4096];
	jf_config_defaults(&c);
	assert_int_equal(jf_config_parse(text, "t.conf", &c, err, sizeof err), JF_INVALID);
	const int bad[] = {1, 3, 5, 6, 7, 8, 9, 11, 12, 13, 14, 16, 17};
	assert_bad_lines(err, bad, (int)(sizeof bad / sizeof bad[0]));
	/* the report of line 5 names line 4, where the printer was set */
	const char *l5 = strstr(err, "t.conf:5: ");
	assert_non_null(l5);
	const char *nl = strchr(l5, '\n');
	char line5[512];
	snprintf(line5, sizeof line5, "%.*s", (int)(nl ? nl - l5 : (long)strlen(l5)), l5);
	assert_non_null(strstr(line5, "4"));
	/* good lines still count, bad ones change nothing */
	assert_int_equal(c.printer, JF_PRINTER_DEVICE);
	assert_string_equal(c.printer_target, "/dev/usb/lp0");
	assert_int_equal(c.paper, 58);
	assert_int_equal(c.qr_mode, JF_QR_RASTER);
	assert_string_equal(c.url_template, "");
	assert_string_equal(c.community_name, "");
}

static void test_bad_values(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"[printer]\ntcp = :9100\n",
		"[printer]\ntcp = host:0\n",
		"[printer]\ntcp = host:70000\n",
		"[printer]\ntcp = fe80::1\n",
		"[printer]\ntcp = my host\n",
		"[printer]\ndevice = lp0\n",
		"[printer]\ncups = -oraw\n",
		"[printer]\ncups = a/b\n",
		"[printer]\ntimeout = 61\n",
		"[printer]\ntimeout = 3s\n",
		"language = zh\nbusy_wait = 0\n",
		"language = zh\nbusy_wait = 61\n",
		"[printer]\nbusy_wait = 1\n",
		"[receipt]\nurl_template = https://x.org/{payload}/{payload}\n",
		"[receipt]\nurl_template = https://x.org/ {payload}\n",
		"[receipt]\nurl_template = https://社区.org/{payload}\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		jf_config c;
		char err[512];
		jf_config_defaults(&c);
		if (jf_config_parse(bad[i], "t.conf", &c, err, sizeof err) != JF_INVALID)
			fail_msg("accepted: %s", bad[i]);
		assert_int_equal(strncmp(err, "t.conf:2: ", 10), 0);
	}
}

static void test_qr_text(void **state)
{
	(void)state;
	jf_config c;
	char out[64];
	jf_config_defaults(&c);
	assert_int_equal(jf_config_qr_text(&c, "JF1.FX.1.2.3.M", out, sizeof out), 0);
	assert_string_equal(out, "JF1.FX.1.2.3.M");
	snprintf(c.url_template, sizeof c.url_template, "https://a.org/v?p={payload}&s=1");
	assert_int_equal(jf_config_qr_text(&c, "JF1.FX.1.2.3.M", out, sizeof out), 0);
	assert_string_equal(out, "https://a.org/v?p=JF1.FX.1.2.3.M&s=1");
	assert_int_equal(jf_config_qr_text(&c, "JF1.FX.1.2.3.M", out, 20), -1);
}

static char tmpdir[64];

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_where_it_is_found(void **state)
{
	(void)state;
	char path[256], err[512], dir[256];
	jf_config c;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/jifen-conf-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));

	/* no file at the default place: the defaults, no error */
	unsetenv("JIFEN_CONFIG");
	setenv("XDG_CONFIG_HOME", tmpdir, 1);
	assert_int_equal(jf_config_default_path(path, sizeof path), 0);
	snprintf(dir, sizeof dir, "%s/jifen/jifen.conf", tmpdir);
	assert_string_equal(path, dir);
	assert_int_equal(jf_config_load(NULL, &c, err, sizeof err), JF_OK);
	assert_int_equal(c.paper, 58);
	assert_string_equal(c.path, "");

	/* a file there is read */
	snprintf(dir, sizeof dir, "%s/jifen", tmpdir);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(path, sizeof path, "%s/jifen/jifen.conf", tmpdir);
	write_file(path, "[printer]\npaper = 80\n");
	assert_int_equal(jf_config_load(NULL, &c, err, sizeof err), JF_OK);
	assert_int_equal(c.paper, 80);
	assert_string_equal(c.path, path);

	/* $JIFEN_CONFIG wins, and must exist when given */
	char other[256];
	snprintf(other, sizeof other, "%s/other.conf", tmpdir);
	setenv("JIFEN_CONFIG", other, 1);
	assert_int_equal(jf_config_load(NULL, &c, err, sizeof err), JF_NOT_FOUND);
	assert_non_null(strstr(err, other));
	write_file(other, "[printer]\nqr = native\n[oops]\n");
	assert_int_equal(jf_config_load(NULL, &c, err, sizeof err), JF_INVALID);
	char want[300];
	snprintf(want, sizeof want, "%s:3: ", other);
	assert_non_null(strstr(err, want));
	assert_int_equal(c.paper, 58); /* the other file only */
	assert_int_equal(c.qr_mode, JF_QR_NATIVE);
	unsetenv("JIFEN_CONFIG");

	/* a binary file is refused */
	write_file(other, "x");
	FILE *f = fopen(other, "ab");
	fputc(0, f);
	fclose(f);
	assert_int_equal(jf_config_load(other, &c, err, sizeof err), JF_INVALID);

	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	assert_int_equal(system(cmd), 0);
}

/* Where the monthly notice goes: [reports] folder, else the documents
 * folder, never the current folder (issue 11). */
static void test_report_dir(void **state)
{
	(void)state;
	char home[256], buf[512], want[512], err[512], cfgdir[300], dirs[320];
	jf_config c;
	snprintf(home, sizeof home, "/tmp/jifen-docs-XXXXXX");
	assert_non_null(mkdtemp(home));
	setenv("HOME", home, 1);
	unsetenv("XDG_DOCUMENTS_DIR");
	snprintf(cfgdir, sizeof cfgdir, "%s/cfg", home);
	assert_int_equal(mkdir(cfgdir, 0700), 0);
	setenv("XDG_CONFIG_HOME", cfgdir, 1);
	jf_config_defaults(&c);
	/* nothing set: ~/Documents */
	assert_int_equal(jf_config_report_dir(&c, buf, sizeof buf), 0);
	snprintf(want, sizeof want, "%s/Documents", home);
	assert_string_equal(buf, want);
	/* xdg-user-dirs names it */
	snprintf(dirs, sizeof dirs, "%s/user-dirs.dirs", cfgdir);
	write_file(dirs, "# xdg\nXDG_DESKTOP_DIR=\"$HOME/桌面\"\nXDG_DOCUMENTS_DIR=\"$HOME/文档\"\n");
	assert_int_equal(jf_config_report_dir(&c, buf, sizeof buf), 0);
	snprintf(want, sizeof want, "%s/文档", home);
	assert_string_equal(buf, want);
	/* the environment says so */
	setenv("XDG_DOCUMENTS_DIR", "/srv/docs", 1);
	assert_int_equal(jf_config_report_dir(&c, buf, sizeof buf), 0);
	assert_string_equal(buf, "/srv/docs");
	/* jifen.conf wins; ~/ is the home folder; a relative folder is refused */
	assert_int_equal(jf_config_parse("[reports]\nfolder = ~/公示\n", "t", &c, err, sizeof err),
	                 JF_OK);
	assert_int_equal(jf_config_report_dir(&c, buf, sizeof buf), 1);
	snprintf(want, sizeof want, "%s/公示", home);
	assert_string_equal(buf, want);
	assert_int_equal(jf_config_parse("[reports]\nfolder = notices\n", "t", &c, err, sizeof err),
	                 JF_INVALID);
	assert_non_null(strstr(err, "t:2"));
	unlink(dirs);
	rmdir(cfgdir);
	rmdir(home);
	unsetenv("XDG_DOCUMENTS_DIR");
	unsetenv("XDG_CONFIG_HOME");
}

int main(void)
{
	jf_i18n_init(NULL);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_full_file),
		cmocka_unit_test(test_bad_lines_named),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_qr_text),
		cmocka_unit_test(test_where_it_is_found),
		cmocka_unit_test(test_report_dir),
	};
	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
