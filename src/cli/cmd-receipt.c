/* `jifen receipt verify | show | print | pending`. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cmd-receipt.h"
#include "jifen/config.h"
#include "jifen/escpos.h"
#include "jifen/printer.h"
#include "jifen/receipt.h"
#include "jifen/status.h"
#include "jifen/text.h"
#include "jifen/voucher.h"

static void say_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* One line on stderr: "jifen: <message>", through cli_err and so the
 * terminal sanitiser. */
static void say_err(const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	cli_err("%s", buf);
}

static int usage(void)
{
	say_err("%s%s%s %s", jf_status_message(JF_USAGE), jf_i18n_is_english() ? ": " : "：",
	        "jifen receipt", _(JF_CMD_RECEIPT_SYNOPSIS));
	return jf_status_exit(JF_USAGE);
}

static int db_failed(jf_db *db, jf_status st)
{
	const char *msg = jf_db_error(db);
	say_err("%s", msg && *msg ? msg : jf_status_message(st));
	return jf_status_exit(st);
}

/* The configuration, or the exit status after reporting its bad lines. */
static int load_config(jf_config *cfg)
{
	char err[4096];
	jf_status st = jf_config_load(NULL, cfg, err, sizeof err);
	if (st == JF_OK)
		return 0;
	for (char *line = err; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		say_err("%s", line);
		line = nl ? nl + 1 : NULL;
	}
	if (!err[0])
		say_err("%s", jf_status_message(st));
	return jf_status_exit(st);
}

/* --- verify --------------------------------------------------------------- */

/* One line per voucher or coupon of the receipt: its number (for `jifen
 * voucher fulfil`), what, and whether it may still be used. */
static void print_vouchers(jf_db *db, int64_t receipt_id)
{
	jf_voucher_entry *e = NULL;
	size_t n = 0;
	if (jf_voucher_of_receipt(db, receipt_id, &e, &n) != JF_OK)
		return;
	for (size_t i = 0; i < n; i++) {
		char when[32] = "";
		switch (e[i].state) {
		case JF_VOUCHER_OPEN:
			cli_printf(_("券 #%lld %s：可以使用，有效期至 %s\n"), (long long)e[i].id, e[i].item,
			       e[i].expires);
			break;
		case JF_VOUCHER_FULFILLED: {
			time_t t = (time_t)e[i].fulfilled_time;
			struct tm tm;
			localtime_r(&t, &tm);
			strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
			cli_printf(_("券 #%lld %s：已用过（%s 由 %s 登记），不能再用\n"), (long long)e[i].id,
			       e[i].item, when, e[i].fulfilled_by);
			break;
		}
		case JF_VOUCHER_EXPIRED:
			cli_printf(_("券 #%lld %s：有效期至 %s，已过期，不能再用\n"), (long long)e[i].id,
			       e[i].item, e[i].expires);
			break;
		case JF_VOUCHER_VOIDED:
			cli_printf(_("券 #%lld %s：已作废\n"), (long long)e[i].id, e[i].item);
			break;
		}
	}
	free(e);
}

static int cmd_verify(jf_db *db, int argc, char **argv)
{
	char buf[4096];
	const char *text;
	if (argc > 1)
		return usage();
	if (argc == 0 || strcmp(argv[0], "-") == 0) {
		/* what a scanner or zbarimg wrote: the whole text, all its lines
		 * (the payload is the last one) */
		size_t got = fread(buf, 1, sizeof buf - 1, stdin);
		buf[got] = '\0';
		if (got == 0 || strspn(buf, " \t\r\n") == got) {
			say_err("%s", _("标准输入是空的"));
			return jf_status_exit(JF_USAGE);
		}
		text = buf;
	} else {
		text = argv[0];
	}
	jf_verification v;
	jf_status st = jf_receipt_verify(db, text, &v);
	if (st != JF_OK)
		return db_failed(db, st);
	cli_printf("%s\n%s\n", jf_verdict_label(v.verdict), v.why);
	if (v.verdict == JF_VERDICT_GENUINE || v.verdict == JF_VERDICT_VOIDED ||
	    v.verdict == JF_VERDICT_USED || v.verdict == JF_VERDICT_EXPIRED) {
		jf_receipt r;
		if (jf_receipt_load(db, v.no, &r) == JF_OK) {
			char when[32];
			time_t t = (time_t)r.time;
			struct tm tm;
			localtime_r(&t, &tm);
			strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
			cli_printf(_("时间：%s  居民：%s  操作员：%s\n"), when, r.resident_masked,
			       r.operator_name);
			print_vouchers(db, r.id);
			jf_receipt_free(&r);
		}
	}
	switch (v.verdict) {
	case JF_VERDICT_GENUINE:
		return JF_EXIT_RECEIPT_GENUINE;
	case JF_VERDICT_VOIDED:
		return JF_EXIT_RECEIPT_VOIDED;
	case JF_VERDICT_USED:
		return JF_EXIT_RECEIPT_USED;
	case JF_VERDICT_EXPIRED:
		return JF_EXIT_RECEIPT_EXPIRED;
	case JF_VERDICT_FORGED:
	case JF_VERDICT_OTHER_DB:
	default:
		return JF_EXIT_RECEIPT_FORGED;
	}
}

/* --- show ----------------------------------------------------------------- */

static int write_all(const void *data, size_t len)
{
	if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
		say_err("%s", _("写输出失败"));
		return jf_status_exit(JF_ERR);
	}
	return 0;
}

static int show_text(const jf_receipt *r, const jf_config *cfg, int wide)
{
	char qrtext[JF_QR_TEXT_MAX];
	jf_receipt_row *rows = NULL;
	size_t n = 0;
	jf_qr qr = {0};
	int rc = 0;
	if (jf_receipt_qr_text(r, cfg, qrtext, sizeof qrtext) != 0) {
		say_err("%s%s%s", jf_status_message(JF_TOO_LONG), jf_i18n_is_english() ? ": " : "：",
		        "url_template");
		return jf_status_exit(JF_TOO_LONG);
	}
	jf_status st = jf_qr_encode(qrtext, JF_QR_ECC_M, &qr);
	if (st == JF_OK)
		st = jf_receipt_layout(r, cfg->community_name, jf_paper_cols(cfg->paper), 0, &rows, &n);
	if (st != JF_OK) {
		say_err("%s", jf_status_message(st));
		rc = jf_status_exit(st);
		goto cleanup;
	}
	int tty = isatty(STDOUT_FILENO);
	for (size_t i = 0; i < n; i++) {
		if (rows[i].style != JF_ROW_QR) {
			cli_printf("%s\n", rows[i].text);
			continue;
		}
		char *t = jf_qr_text(&qr, wide ? JF_QR_TEXT_WIDE : JF_QR_TEXT_HALF, 2, tty, NULL);
		if (!t) {
			say_err("%s", jf_status_message(JF_NOMEM));
			rc = jf_status_exit(JF_NOMEM);
			goto cleanup;
		}
		fputs(t, stdout);
		free(t);
		/* what the code holds, a line at a time (each one sanitised) */
		for (char *line = qrtext; line;) {
			char *nl = strchr(line, '\n');
			if (nl)
				*nl = '\0';
			cli_printf("%s\n", line);
			line = nl ? nl + 1 : NULL;
		}
	}
cleanup:
	free(rows);
	jf_qr_free(&qr);
	return rc;
}

static int show_bytes(const jf_receipt *r, const jf_config *cfg, int pbm)
{
	if (isatty(STDOUT_FILENO)) {
		say_err("%s", _("这是二进制输出，请重定向到文件或管道"));
		return jf_status_exit(JF_USAGE);
	}
	if (pbm) {
		char qrtext[JF_QR_TEXT_MAX];
		jf_qr qr;
		size_t len = 0;
		if (jf_receipt_qr_text(r, cfg, qrtext, sizeof qrtext) != 0)
			return jf_status_exit(JF_TOO_LONG);
		jf_status st = jf_qr_encode(qrtext, JF_QR_ECC_M, &qr);
		if (st != JF_OK) {
			say_err("%s", jf_status_message(st));
			return jf_status_exit(st);
		}
		unsigned char *img = jf_qr_pbm(&qr, 8, 4, &len);
		jf_qr_free(&qr);
		if (!img) {
			say_err("%s", jf_status_message(JF_NOMEM));
			return jf_status_exit(JF_NOMEM);
		}
		int rc = write_all(img, len);
		free(img);
		return rc;
	}
	jf_escpos out;
	jf_status st = jf_escpos_receipt(r, cfg, &out);
	if (st != JF_OK) {
		say_err("%s", jf_status_message(st));
		return jf_status_exit(st);
	}
	int rc = write_all(out.data, out.len);
	jf_escpos_free(&out);
	return rc;
}

static int cmd_show(cli_ctx *c, int argc, char **argv)
{
	const char *no = NULL, *format = "text";
	int wide = 0;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
			format = argv[++i];
		else if (strncmp(argv[i], "--format=", 9) == 0)
			format = argv[i] + 9;
		else if (strcmp(argv[i], "--wide") == 0)
			wide = 1;
		else if (argv[i][0] == '-' || no)
			return usage();
		else
			no = argv[i];
	}
	if (!no)
		return usage();
	if (strcmp(format, "text") && strcmp(format, "escpos") && strcmp(format, "pbm")) {
		say_err(_("--format 只能是 text、escpos 或 pbm，收到“%s”"), format);
		return jf_status_exit(JF_USAGE);
	}
	jf_config cfg;
	int rc = load_config(&cfg);
	if (rc)
		return rc;
	jf_receipt r;
	jf_status st = cli_login(c);
	if (st != JF_OK)
		return jf_status_exit(st);
	if ((st = jf_receipt_reopen(c->db, c->op, no, &r)) != JF_OK)
		return db_failed(c->db, st);
	if (strcmp(format, "text") == 0)
		rc = show_text(&r, &cfg, wide);
	else
		rc = show_bytes(&r, &cfg, strcmp(format, "pbm") == 0);
	jf_receipt_free(&r);
	return rc;
}

/* --- print and pending ---------------------------------------------------- */

static int cmd_print(cli_ctx *c, int argc, char **argv)
{
	if (argc != 1 || argv[0][0] == '-')
		return usage();
	jf_config cfg;
	int rc = load_config(&cfg);
	if (rc)
		return rc;
	jf_status st = cli_login(c);
	if (st != JF_OK)
		return jf_status_exit(st);
	if ((st = jf_receipt_reprint(c->db, c->op, &cfg, argv[0])) != JF_OK)
		return db_failed(c->db, st);
	cli_printf(_("小票 %s 已送到打印机 %s\n"), argv[0], cfg.printer_target);
	return 0;
}

static int cmd_pending(jf_db *db, int argc, char **argv)
{
	const char *day = NULL;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--day") == 0 && i + 1 < argc)
			day = argv[++i];
		else if (strncmp(argv[i], "--day=", 6) == 0)
			day = argv[i] + 6;
		else
			return usage();
	}
	jf_receipt_pending *p = NULL;
	size_t n = 0;
	jf_status st = jf_receipt_pending_list(db, day, &p, &n);
	if (st != JF_OK)
		return db_failed(db, st);
	if (n == 0)
		cli_printf("%s\n", _("没有待打印的小票"));
	for (size_t i = 0; i < n; i++) {
		char when[32], who[64], pts[32];
		time_t t = (time_t)p[i].time;
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
		jf_text_pad(p[i].resident_masked, 8, 0, who, sizeof who);
		snprintf(pts, sizeof pts, _("%lld 分"), (long long)p[i].total);
		char ptsp[48];
		jf_text_pad(pts, 8, 1, ptsp, sizeof ptsp);
		cli_printf("%-14s  %s  %s  %s", p[i].no, when, who, ptsp);
		if (p[i].attempts)
			cli_printf(_("  试过 %d 次：%s"), p[i].attempts, p[i].error);
		putchar('\n');
	}
	free(p);
	return 0;
}

int jf_cmd_receipt(cli_ctx *c, int argc, char **argv)
{
	jf_db *db = c->db;
	if (argc < 1)
		return usage();
	const char *sub = argv[0];
	if (strcmp(sub, "verify") == 0)
		return cmd_verify(db, argc - 1, argv + 1);
	if (strcmp(sub, "show") == 0)
		return cmd_show(c, argc - 1, argv + 1);
	if (strcmp(sub, "print") == 0)
		return cmd_print(c, argc - 1, argv + 1);
	if (strcmp(sub, "pending") == 0)
		return cmd_pending(db, argc - 1, argv + 1);
	return usage();
}
