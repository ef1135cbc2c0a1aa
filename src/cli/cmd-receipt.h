/* `jifen receipt ...`: verify a scanned receipt, show or print one again,
 * list the receipts waiting for a printer. */
#ifndef JIFEN_CMD_RECEIPT_H
#define JIFEN_CMD_RECEIPT_H

#include "cli.h"
#include "jifen/db.h"
#include "jifen/i18n.h"

/* Exit statuses of `jifen receipt verify` (man/jifen-receipt.5). */
#define JF_EXIT_RECEIPT_GENUINE 0
#define JF_EXIT_RECEIPT_VOIDED 8
#define JF_EXIT_RECEIPT_FORGED 9
#define JF_EXIT_RECEIPT_USED 11    /* a voucher or coupon on it already used */
#define JF_EXIT_RECEIPT_EXPIRED 12 /* a voucher or coupon on it expired */

/* Run `jifen receipt SUBCOMMAND ARGS...` on c's open database: argv[0] is
 * the subcommand (verify, show, print, pending).  verify and pending need
 * no operator; show and print hand out a receipt's QR again (a reprint,
 * F8 on the counter) and log in a staff member (cli_login).  Messages go
 * to stderr as "jifen: ..."; returns the exit status. */
int jf_cmd_receipt(cli_ctx *c, int argc, char **argv);

/* For the command table and `jifen help receipt`. */
#define JF_CMD_RECEIPT_SYNOPSIS                                                         \
	N_("verify [TEXT|-] | show NO [--format text|escpos|pbm] [--wide] | print NO | "  \
	   "pending [--day YYYY-MM-DD]")
#define JF_CMD_RECEIPT_SUMMARY N_("小票：核验扫到的二维码、重新显示或补打小票、列出未打印的小票")
#define JF_CMD_RECEIPT_DETAILS                                                          \
	N_("  verify [TEXT]    核验扫到的小票二维码内容：整段文字、核验码或含它的网址；不给或给 - 时\n" \
	   "                   从标准输入读（可以多行）；\n" \
	   "                   退出状态 0 真实有效，8 真实但已作废，9 伪造、无法识别或不是本库的，\n" \
	   "                   11 券已用过，12 券已过期；核验不改变任何记录，用券请 jifen voucher fulfil\n" \
	   "  show NO          重新显示小票（工作人员）；--format text（默认，带二维码）、escpos（打印机\n" \
	   "                   字节流）、pbm（二维码图片）；--wide 用每格两个空格画二维码\n" \
	   "  print NO         在配置的打印机上补打小票（工作人员，见 jifen.conf(5)），退出状态 10 表示\n" \
	   "                   打印失败\n" \
	   "  pending          列出还没有打印成功的小票；--day 只列某一天的")

#endif
