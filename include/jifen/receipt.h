/* Receipts (小票): what a redemption gave, read back from the database; the
 * QR payload that proves a receipt genuine (man/jifen-receipt.5); the QR
 * code itself as modules, text, PBM and bitmap; and the receipt laid out as
 * lines of text for a screen or for paper. */
#ifndef JIFEN_RECEIPT_H
#define JIFEN_RECEIPT_H

#include <stddef.h>
#include <stdint.h>
#include "jifen/catalog.h"
#include "jifen/config.h"
#include "jifen/db.h"
#include "jifen/ledger.h"
#include "jifen/operator.h"
#include "jifen/resident.h"

/* The payload: "JF2.<code>.<receipt no>.<mac>" (older receipts:
 * "JF1.<code>.<receipt no>.<points>.<balance>.<mac>"), at most this many
 * bytes. */
#define JF_PAYLOAD_MAX 255
/* The QR text: the payload, or the URL template filled in. */
#define JF_QR_TEXT_MAX 512

/* --- a receipt ------------------------------------------------------------ */

typedef struct {
	int64_t item_id;
	char code[JF_CODE_MAX + 1];
	char name[97];
	jf_item_kind kind;
	char unit[17];
	int64_t qty;
	int64_t points_each;
	int64_t points; /* qty * points_each */
} jf_receipt_line;

/* One unit of a housekeeping service, community service or coupon: what
 * the resident gets, from whom, until when. */
typedef struct {
	int64_t id;           /* the voucher number */
	char what[97];        /* the item's name */
	jf_item_kind kind;
	char sponsor[97];     /* "" if the community itself gives it */
	char expires[11];     /* YYYY-MM-DD, the last valid day */
} jf_voucher;

typedef struct {
	int64_t id;
	char no[JF_RECEIPT_NO_MAX + 1];
	int64_t time;
	char day[11]; /* the business day of the redemption */
	char community_name[97];
	int test; /* from a test or demo database: the receipt says so */
	char community_code[JF_CODE_MAX + 1];
	char operator_name[97];
	char resident_masked[JF_NAME_MAX + 1]; /* 丁*英 */
	char phone_masked[JF_PHONE_MAX + 1];   /* 138****5678, "" if none */
	int64_t total;
	int64_t balance_after;
	jf_receipt_line *lines; /* owned, nlines of them */
	size_t nlines;
	jf_voucher *vouchers; /* owned, nvouchers of them */
	size_t nvouchers;
	int voided;
	int64_t void_time;
	char void_reason[JF_NOTE_MAX + 1];
	int printed;        /* 1 once a print attempt succeeded */
	int print_attempts; /* all attempts, failed ones included */
	char print_error[256]; /* the newest failed attempt's message */
	char payload[JF_PAYLOAD_MAX + 1];
} jf_receipt;

/* Read receipt `no` with its lines, vouchers, void and print state, and
 * make its payload.  JF_NOT_FOUND if there is none.  On success the caller
 * frees with jf_receipt_free. */
jf_status jf_receipt_load(jf_db *db, const char *no, jf_receipt *out);
void jf_receipt_free(jf_receipt *r);

/* Staff: receipt `no` loaded to be shown again with its QR (补打: F8 on the
 * counter, `jifen receipt show`): jf_receipt_load after
 * jf_op_require(JF_ROLE_STAFF).  A QR that verifies is handed out again
 * only by staff; verifying needs no one. */
jf_status jf_receipt_reopen(jf_db *db, const jf_op *op, const char *no, jf_receipt *out);

/* A receipt waiting to be printed. */
typedef struct {
	int64_t id;
	char no[JF_RECEIPT_NO_MAX + 1];
	int64_t time;
	char day[11];
	char resident_masked[JF_NAME_MAX + 1];
	int64_t total;
	int attempts;
	char error[256]; /* the newest failed attempt's message, "" if none */
} jf_receipt_pending;

/* The receipts never printed successfully and not voided, oldest first; of
 * business day `day` (YYYY-MM-DD) only, unless day is NULL.  *out is
 * malloc'd (NULL when none); the caller frees. */
jf_status jf_receipt_pending_list(jf_db *db, const char *day, jf_receipt_pending **out,
                                  size_t *n);

/* Record one print attempt (append-only): ok, or failed with `error`.  Its
 * own small transaction, after the redemption's: a failure here changes
 * nothing else. */
jf_status jf_receipt_record_print(jf_db *db, int64_t receipt_id, int ok, const char *error);

/* --- the payload ---------------------------------------------------------- */

#define JF_RECEIPT_KEY_BYTES 32

/* The payload of a receipt, signed with `key`: the community code and the
 * receipt number percent-encoded (only A-Z a-z 0-9 - _ ~ stay), points and
 * balance in decimal, then the first 10 bytes of the HMAC-SHA-256 of
 * everything before it, in base64url.  Returns 0, or -1 if the numbers are
 * out of range or it does not fit in outsz. */
int jf_payload_make(const unsigned char key[JF_RECEIPT_KEY_BYTES], const char *code,
                    const char *no, int64_t points, int64_t balance, char *out,
                    size_t outsz);

/* The JF2 payload: the community code and the receipt number as JF1
 * writes them, then the MAC of "JF2.<code>.<no>.<points>.<balance>" (the
 * points and balance are not written: the verifier reads them from its
 * ledger).  Returns 0, or -1 as jf_payload_make. */
int jf_payload_make2(const unsigned char key[JF_RECEIPT_KEY_BYTES], const char *code,
                     const char *no, int64_t points, int64_t balance, char *out,
                     size_t outsz);

/* The payload of a receipt of this database, JF2 (the key is its meta
 * receipt_key). */
jf_status jf_receipt_payload(jf_db *db, const char *no, int64_t points, int64_t balance,
                             char *out, size_t outsz);
/* The same in format `version`, 1 or 2 (for tests: receipts printed
 * before JF2 carry JF1). */
jf_status jf_receipt_payload_v(jf_db *db, int version, const char *no, int64_t points,
                               int64_t balance, char *out, size_t outsz);

typedef enum {
	JF_VERDICT_GENUINE = 0,   /* this database's receipt, as issued */
	JF_VERDICT_VOIDED = 1,    /* this database's receipt, since voided */
	JF_VERDICT_FORGED = 2,    /* malformed, altered, or unknown here */
	JF_VERDICT_OTHER_DB = 3,  /* well formed, another community's code */
	JF_VERDICT_USED = 4,      /* genuine, not voided, but a voucher or coupon
	                             on it was already used (fulfilled) */
	JF_VERDICT_EXPIRED = 5,   /* genuine, not voided, none used, but a
	                             voucher or coupon on it is past its last day */
} jf_verdict;

typedef struct {
	jf_verdict verdict;
	char code[JF_CODE_MAX + 1];       /* as the payload says */
	char no[JF_RECEIPT_NO_MAX + 1];   /* as the payload says */
	int64_t points, balance;          /* as the payload says */
	char why[256]; /* localized: what was wrong, or what it is */
} jf_verification;

/* Check a scanned QR text: the bare payload, or a URL with the payload at
 * its end.  Genuine means: well formed, this database's community code, the
 * MAC right under this database's key, and a receipt with that number,
 * points and balance exists here.  A genuine receipt that was voided is
 * JF_VERDICT_VOIDED; else one with a voucher or coupon already used is
 * JF_VERDICT_USED (why names the first used one and when); else one with
 * an expired voucher is JF_VERDICT_EXPIRED.  Verifying never changes
 * anything: using a coupon is jf_voucher_fulfil, by staff.  Returns JF_OK
 * with the verdict in *v (whatever the verdict); a failure is only a
 * database failure. */
jf_status jf_receipt_verify(jf_db *db, const char *text, jf_verification *v);

/* 1 if `text` holds something shaped like a payload (JF1 or JF2, any MAC):
 * a scanner has typed the code's last line. */
int jf_payload_present(const char *text);

/* The same verdict for a receipt number typed at the counter: the
 * receipt with that number as this database has it (genuine, voided, a
 * coupon used or expired), or FORGED when there is none.  The number
 * proves nothing by itself: the operator compares the paper with what the
 * verdict lists. */
jf_status jf_receipt_verify_no(jf_db *db, const char *no, jf_verification *v);

/* The localized name of a verdict: 真实有效 / 真实但已作废 / ... */
const char *jf_verdict_label(jf_verdict v);

/* --- the QR code ---------------------------------------------------------- */

typedef enum {
	JF_QR_ECC_L = 0,
	JF_QR_ECC_M = 1,
	JF_QR_ECC_Q = 2,
	JF_QR_ECC_H = 3,
} jf_qr_ecc;

typedef struct {
	int width;              /* modules per side */
	unsigned char *modules; /* width * width, row by row, 1 = dark; owned */
} jf_qr;

/* Encode `text` (any bytes; the payload is ASCII) in 8-bit mode at the
 * smallest version that holds it.  JF_TOO_LONG if it cannot, JF_NOMEM. */
jf_status jf_qr_encode(const char *text, jf_qr_ecc ecc, jf_qr *out);
void jf_qr_free(jf_qr *qr);

/* The text of a receipt's QR.  With cfg's url_template set: the URL with
 * the payload in it.  Else what a phone shows, in Chinese, one line each:
 * the community and 爱心超市, the business day and the number of pieces
 * redeemed, the points spent and the balance after, then the payload:
 *
 *   幸福里社区爱心超市
 *   2026-12-03 兑换3件
 *   用26分 余16分
 *   JF2.FX.20261203-0002.q3Zb0aT-ly9KxM
 *
 * kept within JF_QR_HUMAN_MAX bytes (a version 5 code at ECC L, version 6
 * at M) by cutting the community's name, and as the bare payload if even
 * that does not fit.  Control characters become '?'.  cfg's
 * community_name replaces the database's name when set.  Returns 0, or -1
 * if outsz is too small. */
#define JF_QR_HUMAN_MAX 106
int jf_receipt_qr_text(const jf_receipt *r, const jf_config *cfg, char *out, size_t outsz);

/* The QR of a loaded receipt: jf_receipt_qr_text encoded (cfg may be
 * NULL).  On an 80x24 screen JF_QR_ECC_L keeps a
 * typical payload at version 3 (29 modules).  JF_TOO_LONG if the URL does
 * not fit. */
jf_status jf_receipt_qr(const jf_receipt *r, const jf_config *cfg, jf_qr_ecc ecc, jf_qr *out);

/* 1 if the module at (x, y) is dark; 0 outside the code (quiet zone). */
int jf_qr_dark(const jf_qr *qr, int x, int y);

/* The QR as a 1-bit image: `quiet` light modules around it, each module
 * scale x scale dots, rows of (*w + 7) / 8 bytes, the leftmost dot in the
 * high bit, 1 = black (as PBM P4 and ESC/POS GS v 0 want).  Returns a
 * malloc'd buffer of *h rows, NULL if out of memory. */
unsigned char *jf_qr_bitmap(const jf_qr *qr, int scale, int quiet, int *w, int *h);

/* The QR as a binary PBM (P4) image; malloc'd, *len bytes. */
unsigned char *jf_qr_pbm(const jf_qr *qr, int scale, int quiet, size_t *len);

typedef enum {
	/* Two module rows per line: ' ' '▀' '▄' '█' for none, top, bottom and
	 * both dark; to be drawn black on white. */
	JF_QR_TEXT_HALF = 0,
	/* For terminals that draw the blocks two columns wide: one module row
	 * per line, two columns per module, "##" dark, "  " light; to be drawn
	 * with "##" as two black cells (reverse video) on white. */
	JF_QR_TEXT_WIDE = 1,
} jf_qr_text_style;

/* The QR as text for a terminal, one '\n'-terminated line per text row,
 * with `quiet` light modules around it.  With ansi set, the lines carry the
 * escapes that force black on white (and WIDE's dark cells become spaces on
 * black), for printing straight to a terminal.  Malloc'd; NULL if out of
 * memory.  *cols (may be NULL) gets the width in columns. */
char *jf_qr_text(const jf_qr *qr, jf_qr_text_style style, int quiet, int ansi, int *cols);

/* --- layout --------------------------------------------------------------- */

typedef enum {
	JF_ROW_PLAIN = 0,
	JF_ROW_TITLE = 1, /* the community's name: bold, double height */
	JF_ROW_STRONG = 2, /* totals, voided: bold */
	JF_ROW_QR = 3,     /* where the QR goes (the text is empty) */
} jf_row_style;

typedef struct {
	char text[512]; /* UTF-8, no newline, at most `cols` wide */
	jf_row_style style;
} jf_receipt_row;

/* The receipt as text rows of at most `cols` columns: columns counted as a
 * terminal does, or, with `paper` set, as an ESC/POS printer in Chinese mode
 * does (jf_text_print_width).  `community` replaces the database's name
 * when not NULL or "".  A JF_ROW_QR row marks the QR's place.  *rows is malloc'd;
 * the caller frees.  JF_INVALID if cols < 24. */
jf_status jf_receipt_layout(const jf_receipt *r, const char *community, int cols, int paper,
                            jf_receipt_row **rows, size_t *n);

#endif
