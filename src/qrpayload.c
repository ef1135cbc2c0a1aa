/* The receipt QR's payload and its verification (man/jifen-receipt.5):
 *
 *   JF2.<community code>.<receipt no>.<mac>          (since 0.2: new receipts)
 *   JF1.<community code>.<receipt no>.<points>.<balance after>.<mac>
 *
 * JF2's MAC covers the same five fields as JF1's, but points and balance
 * are left out of the code itself (the verifier reads them from its
 * ledger): the bytes saved leave room in the QR for the Chinese lines a
 * phone shows (jf_receipt_qr_text).  Receipts printed with JF1 verify as
 * before.
 *
 * Short, ASCII and URL-safe, so that it scans from 58 mm paper and from an
 * 80x24 screen, fits after a URL, and no decoder guessing a character set
 * can garble it.  The MAC is HMAC-SHA-256, keyed with the database's secret
 * meta receipt_key, over everything before the last dot, cut to 10 bytes
 * (80 bits: a forger must ask a verifier, one guess at a time). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "internal.h"
#include "jifen/receipt.h"
#include "jifen/voucher.h"
#include "layout.h"
#include "jifen/text.h"

#define FORMAT_VERSION 2
#define MAC_BYTES 10
/* base64url without padding of MAC_BYTES bytes */
#define MAC_CHARS ((MAC_BYTES * 8 + 5) / 6)

static int unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '~';
}

/* Append `s` percent-encoded; returns the new length, or -1 if full. */
static int put_encoded(char *out, size_t outsz, int o, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if ((size_t)o + 4 > outsz)
			return -1;
		if (unreserved(*c)) {
			out[o++] = (char)*c;
		} else {
			out[o++] = '%';
			out[o++] = hex[*c >> 4];
			out[o++] = hex[*c & 15];
		}
	}
	out[o] = '\0';
	return o;
}

static void mac_of(const unsigned char key[JF_RECEIPT_KEY_BYTES], const char *msg, size_t len,
                   char b64[MAC_CHARS + 1])
{
	unsigned char full[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256(full, (const unsigned char *)msg, len, key);
	sodium_bin2base64(b64, MAC_CHARS + 1, full, MAC_BYTES,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(full, sizeof full);
}

int jf_payload_make(const unsigned char key[JF_RECEIPT_KEY_BYTES], const char *code,
                    const char *no, int64_t points, int64_t balance, char *out,
                    size_t outsz)
{
	if (points <= 0 || balance < 0 || !no || !*no || outsz < 16)
		return -1;
	int o = snprintf(out, outsz, "JF1.");
	if ((o = put_encoded(out, outsz, o, code ? code : "")) < 0)
		return -1;
	if ((size_t)o + 2 > outsz)
		return -1;
	out[o++] = '.';
	if ((o = put_encoded(out, outsz, o, no)) < 0)
		return -1;
	int n = snprintf(out + o, outsz - (size_t)o, ".%lld.%lld", (long long)points,
	                 (long long)balance);
	if (n < 0 || (size_t)(o + n) >= outsz)
		return -1;
	o += n;
	char mac[MAC_CHARS + 1];
	mac_of(key, out, (size_t)o, mac);
	n = snprintf(out + o, outsz - (size_t)o, ".%s", mac);
	if (n < 0 || (size_t)(o + n) >= outsz)
		return -1;
	return 0;
}

int jf_payload_make2(const unsigned char key[JF_RECEIPT_KEY_BYTES], const char *code,
                     const char *no, int64_t points, int64_t balance, char *out,
                     size_t outsz)
{
	if (points <= 0 || balance < 0 || !no || !*no || outsz < 16)
		return -1;
	int o = snprintf(out, outsz, "JF2.");
	if ((o = put_encoded(out, outsz, o, code ? code : "")) < 0)
		return -1;
	if ((size_t)o + 2 > outsz)
		return -1;
	out[o++] = '.';
	if ((o = put_encoded(out, outsz, o, no)) < 0)
		return -1;
	/* the MAC is over the JF1 shape: the prefix, points and balance */
	char msg[JF_PAYLOAD_MAX + 64];
	int m = snprintf(msg, sizeof msg, "%s.%lld.%lld", out, (long long)points,
	                 (long long)balance);
	if (m < 0 || (size_t)m >= sizeof msg)
		return -1;
	char mac[MAC_CHARS + 1];
	mac_of(key, msg, (size_t)m, mac);
	int n = snprintf(out + o, outsz - (size_t)o, ".%s", mac);
	if (n < 0 || (size_t)(o + n) >= outsz)
		return -1;
	return 0;
}

/* The database's receipt key, from its hex in meta. */
static jf_status load_key(jf_db *db, unsigned char key[JF_RECEIPT_KEY_BYTES])
{
	char hex[2 * JF_RECEIPT_KEY_BYTES + 8];
	size_t got = 0;
	jf_status st = jf_db_meta(db, "receipt_key", hex, sizeof hex);
	if (st == JF_NOT_FOUND)
		return jf_fail(db, JF_ERR, _("数据库没有小票密钥（meta receipt_key）"));
	if (st != JF_OK)
		return st;
	if (strlen(hex) != 2 * JF_RECEIPT_KEY_BYTES ||
	    sodium_hex2bin(key, JF_RECEIPT_KEY_BYTES, hex, strlen(hex), NULL, &got, NULL) != 0 ||
	    got != JF_RECEIPT_KEY_BYTES) {
		sodium_memzero(hex, sizeof hex);
		return jf_fail(db, JF_ERR, _("数据库的小票密钥（meta receipt_key）格式不对"));
	}
	sodium_memzero(hex, sizeof hex);
	return JF_OK;
}

jf_status jf_receipt_payload(jf_db *db, const char *no, int64_t points, int64_t balance,
                             char *out, size_t outsz)
{
	return jf_receipt_payload_v(db, FORMAT_VERSION, no, points, balance, out, outsz);
}

jf_status jf_receipt_payload_v(jf_db *db, int version, const char *no, int64_t points,
                               int64_t balance, char *out, size_t outsz)
{
	if (version != 1 && version != 2)
		return jf_fail(db, JF_INVALID, NULL);
	unsigned char key[JF_RECEIPT_KEY_BYTES];
	char code[JF_CODE_MAX + 1];
	jf_status st = jf_db_meta(db, "community_code", code, sizeof code);
	if (st == JF_NOT_FOUND)
		code[0] = '\0';
	else if (st != JF_OK)
		return st;
	if ((st = load_key(db, key)) != JF_OK)
		return st;
	int rc = version == 1 ? jf_payload_make(key, code, no, points, balance, out, outsz)
	                      : jf_payload_make2(key, code, no, points, balance, out, outsz);
	sodium_memzero(key, sizeof key);
	if (rc != 0)
		return jf_fail(db, JF_TOO_LONG, _("小票 %s 的二维码内容太长"), no);
	return JF_OK;
}

/* --- reading a payload ---------------------------------------------------- */

static int payload_char(unsigned char c)
{
	return unreserved(c) || c == '.' || c == '%';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decode a percent-encoded field of n bytes into out; 0 on success. */
static int decode_field(const char *s, size_t n, char *out, size_t outsz)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '%') {
			if (i + 2 >= n)
				return -1;
			int hi = hexval(s[i + 1]), lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = (char)(hi * 16 + lo);
			i += 2;
		} else if (!unreserved((unsigned char)c)) {
			return -1;
		}
		if (o + 1 >= outsz || c == '\0')
			return -1;
		out[o++] = c;
	}
	out[o] = '\0';
	return 0;
}

/* A decimal number as the payload writes it: no sign, no leading zero. */
static int decode_number(const char *s, size_t n, int64_t *out)
{
	if (n == 0 || n > 18 || (s[0] == '0' && n > 1))
		return -1;
	int64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

typedef struct {
	int version;
	char code[JF_CODE_MAX + 1];
	char no[JF_RECEIPT_NO_MAX + 1];
	int64_t points, balance;
	size_t signed_len; /* bytes covered by the MAC */
	char mac[MAC_CHARS + 1];
} parsed;

/* Parse a payload that ends at the first byte that cannot be in one.
 * Returns 0 when its fields are well formed: six for JF1, four for JF2
 * (points and balance then stay 0; signed_len covers JF2.<code>.<no>). */
static int parse(const char *s, parsed *p)
{
	size_t len = 0;
	while (s[len] && payload_char((unsigned char)s[len]))
		len++;
	const char *field[6];
	size_t flen[6];
	int nf = 0;
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i == len || s[i] == '.') {
			if (nf == 6)
				return -1;
			field[nf] = s + start;
			flen[nf] = i - start;
			nf++;
			start = i + 1;
		}
	}
	if ((nf != 6 && nf != 4) || flen[0] < 3 || field[0][0] != 'J' || field[0][1] != 'F')
		return -1;
	int64_t version;
	if (decode_number(field[0] + 2, flen[0] - 2, &version) != 0 || version < 1 ||
	    version > 999)
		return -1;
	p->version = (int)version;
	/* JF2 has four fields; JF1 (and any other version, to be refused
	 * with its number) six */
	if ((version == 2) != (nf == 4))
		return -1;
	if (decode_field(field[1], flen[1], p->code, sizeof p->code) != 0 ||
	    decode_field(field[2], flen[2], p->no, sizeof p->no) != 0 || !p->no[0])
		return -1;
	if (nf == 6 && (decode_number(field[3], flen[3], &p->points) != 0 || p->points <= 0 ||
	                decode_number(field[4], flen[4], &p->balance) != 0))
		return -1;
	if (flen[nf - 1] != MAC_CHARS)
		return -1;
	memcpy(p->mac, field[nf - 1], MAC_CHARS);
	p->mac[MAC_CHARS] = '\0';
	p->signed_len = (size_t)(field[nf - 1] - s) - 1;
	return 0;
}

/* Find the payload in a scanned text: at its start, or after a URL.  Each
 * "JF<digits>." is tried in turn, the first that parses wins; returns its
 * start, or NULL. */
static const char *find_payload(const char *text, parsed *p)
{
	for (const char *s = strstr(text, "JF"); s; s = strstr(s + 1, "JF")) {
		const char *d = s + 2;
		while (*d >= '0' && *d <= '9')
			d++;
		if (d == s + 2 || *d != '.')
			continue;
		memset(p, 0, sizeof *p);
		if (parse(s, p) == 0)
			return s;
	}
	return NULL;
}

const char *jf_verdict_label(jf_verdict v)
{
	switch (v) {
	case JF_VERDICT_GENUINE:
		return _("真实有效");
	case JF_VERDICT_VOIDED:
		return _("真实，但已作废");
	case JF_VERDICT_OTHER_DB:
		return _("不是本数据库的小票");
	case JF_VERDICT_USED:
		return _("真实，但券已使用过");
	case JF_VERDICT_EXPIRED:
		return _("真实，但券已过期");
	case JF_VERDICT_FORGED:
	default:
		return _("伪造或无法识别");
	}
}

static jf_status verdict(jf_verification *v, jf_verdict what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static jf_status verdict(jf_verification *v, jf_verdict what, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	v->verdict = what;
	char why[sizeof v->why];
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	/* the payload's fields are whatever was scanned: percent-encoded
	 * control bytes come out as '?' in the message */
	jf_text_clean(why, v->why, sizeof v->why);
	return JF_OK;
}

/* A genuine receipt's vouchers: USED if one was used, else EXPIRED if one
 * expired; v->verdict stays GENUINE otherwise. */
static jf_status voucher_verdict(jf_db *db, int64_t receipt_id, const char *no,
                                 jf_verification *v)
{
	jf_voucher_entry *e = NULL;
	size_t n = 0;
	char when[20];
	v->verdict = JF_VERDICT_GENUINE;
	jf_status rv = jf_voucher_of_receipt(db, receipt_id, &e, &n);
	if (rv != JF_OK)
		return rv;
	for (size_t i = 0; i < n; i++)
		if (e[i].state == JF_VOUCHER_FULFILLED) {
			jf_time_datetime(e[i].fulfilled_time, when, sizeof when);
			verdict(v, JF_VERDICT_USED,
			        _("小票 %s 是真的，但券 #%lld（%s）已于 %s 用过，不能再用"), no,
			        (long long)e[i].id, e[i].item, when);
			goto done;
		}
	for (size_t i = 0; i < n; i++)
		if (e[i].state == JF_VOUCHER_EXPIRED) {
			verdict(v, JF_VERDICT_EXPIRED,
			        _("小票 %s 是真的，但券 #%lld（%s）有效期至 %s，已过期"), no,
			        (long long)e[i].id, e[i].item, e[i].expires);
			goto done;
		}
done:
	free(e);
	return JF_OK;
}

jf_status jf_receipt_verify(jf_db *db, const char *text, jf_verification *v)
{
	jf_status rv = JF_OK;
	sqlite3_stmt *st = NULL;
	unsigned char key[JF_RECEIPT_KEY_BYTES];
	char mine[JF_CODE_MAX + 1];
	parsed p;

	memset(v, 0, sizeof *v);
	v->verdict = JF_VERDICT_FORGED;
	const char *s = text ? find_payload(text, &p) : NULL;
	if (!s)
		return verdict(v, JF_VERDICT_FORGED, _("不是 jifen 小票的二维码内容，或内容不完整"));
	jf_strlcpy(v->code, p.code, sizeof v->code);
	jf_strlcpy(v->no, p.no, sizeof v->no);
	v->points = p.points;
	v->balance = p.balance;
	if (p.version != 1 && p.version != FORMAT_VERSION)
		return verdict(v, JF_VERDICT_FORGED, _("格式版本 JF%d 未知，本程序只认识 JF1 和 JF%d"),
		               p.version, FORMAT_VERSION);

	rv = jf_db_meta(db, "community_code", mine, sizeof mine);
	if (rv == JF_NOT_FOUND)
		mine[0] = '\0';
	else if (rv != JF_OK)
		return rv;
	if (strcmp(mine, p.code) != 0)
		return verdict(v, JF_VERDICT_OTHER_DB,
		               _("这张小票属于社区代码为“%s”的数据库，本数据库的代码是“%s”"),
		               p.code, mine);

	if ((rv = load_key(db, key)) != JF_OK)
		return rv;
	st = jf_prepare(db, "SELECT r.id, r.total, r.balance_after, "
	                    "  (SELECT time FROM ledger l WHERE l.receipt_id = r.id "
	                    "   AND l.kind = 'void') "
	                    "FROM receipts r WHERE r.no = ?");
	if (!st) {
		sodium_memzero(key, sizeof key);
		return JF_DB_IO;
	}
	jf_bind_text(st, 1, p.no);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sodium_memzero(key, sizeof key);
		rv = jf_sql_fail(db, rc);
		goto cleanup;
	}
	char want[MAC_CHARS + 1] = "";
	if (p.version == 1) {
		mac_of(key, s, p.signed_len, want);
	} else if (rc == SQLITE_ROW) {
		/* JF2: the MAC covers the ledger's points and balance too */
		char msg[JF_PAYLOAD_MAX + 64];
		int m = snprintf(msg, sizeof msg, "%.*s.%lld.%lld", (int)p.signed_len, s,
		                 (long long)sqlite3_column_int64(st, 1),
		                 (long long)sqlite3_column_int64(st, 2));
		if (m < 0 || (size_t)m >= sizeof msg)
			m = 0;
		mac_of(key, msg, (size_t)m, want);
	}
	sodium_memzero(key, sizeof key);
	if (p.version == 2 && rc == SQLITE_DONE) {
		verdict(v, JF_VERDICT_FORGED,
		        _("本数据库里没有小票 %s：伪造，或数据库是从旧备份恢复的"), p.no);
		goto cleanup;
	}
	if (sodium_memcmp(want, p.mac, MAC_CHARS) != 0) {
		verdict(v, JF_VERDICT_FORGED, _("校验码不符：内容被改动过，或来自另一个数据库"));
		goto cleanup;
	}
	if (rc == SQLITE_DONE) {
		verdict(v, JF_VERDICT_FORGED,
		        _("校验码正确，但本数据库里没有小票 %s（数据库是否从旧备份恢复？）"), p.no);
		goto cleanup;
	}
	if (p.version == 2) {
		v->points = p.points = sqlite3_column_int64(st, 1);
		v->balance = p.balance = sqlite3_column_int64(st, 2);
	}
	if (sqlite3_column_int64(st, 1) != p.points || sqlite3_column_int64(st, 2) != p.balance) {
		verdict(v, JF_VERDICT_FORGED, _("小票 %s 的积分或余额与台账记录不符"), p.no);
		goto cleanup;
	}
	if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
		char day[11];
		jf_day_of(sqlite3_column_int64(st, 3), day);
		verdict(v, JF_VERDICT_VOIDED, _("小票 %s 是真的，但已于 %s 作废"), p.no, day);
		goto cleanup;
	}
	if ((rv = voucher_verdict(db, sqlite3_column_int64(st, 0), p.no, v)) != JF_OK ||
	    v->verdict != JF_VERDICT_GENUINE)
		goto cleanup;
	verdict(v, JF_VERDICT_GENUINE, _("小票 %s：兑换 %lld 分，兑换后余额 %lld 分"), p.no,
	        (long long)p.points, (long long)p.balance);
cleanup:
	sqlite3_finalize(st);
	return rv;
}

jf_status jf_receipt_verify_no(jf_db *db, const char *no, jf_verification *v)
{
	jf_receipt r;
	memset(v, 0, sizeof *v);
	v->verdict = JF_VERDICT_FORGED;
	jf_status rv = jf_receipt_load(db, no, &r);
	if (rv == JF_NOT_FOUND || rv == JF_INVALID) {
		jf_strlcpy(v->no, no ? no : "", sizeof v->no);
		return verdict(v, JF_VERDICT_FORGED, _("本数据库里没有小票 %s"), no ? no : "");
	}
	if (rv != JF_OK)
		return rv;
	rv = jf_receipt_verify(db, r.payload, v);
	jf_receipt_free(&r);
	return rv;
}

int jf_payload_present(const char *text)
{
	parsed p;
	return text && find_payload(text, &p) != NULL;
}
