/* Checking a scanned receipt QR (jf_receipt_verify) on any text: bare
 * payloads, URLs, altered numbers, other communities, garbage.  Properties:
 * never a database failure, a verdict and a reason always; and "genuine" or
 * "voided" only for a text holding a payload this database really issued:
 * without the key no one makes a MAC that passes.  The seeds (and the
 * dictionary) give it the real payloads' shape to start from. */
#include "fuzz.h"

#include "jifen/receipt.h"

static char issued[2][JF_PAYLOAD_MAX + 1]; /* a receipt, and a voided one */
static char issued_text[JF_QR_TEXT_MAX];    /* the first one's whole QR text */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_world *w = fuzz_world_get();
	jf_redeem_result res;
	jf_cart_line cart = {w->tissue, 1};
	fuzz_need(jf_redeem(w->db, w->vol, w->residents[1], &cart, 1, &res), "redeem", w->db);
	fuzz_need(jf_void(w->db, w->staff, res.receipt_no, "退回", NULL), "void", w->db);
	const char *nos[2] = {"", res.receipt_no};
	char first[JF_RECEIPT_NO_MAX + 1];
	/* the world's first receipt, made by fuzz_world_get */
	jf_entry *e = NULL;
	size_t n = 0;
	fuzz_need(jf_passbook(w->db, w->residents[0], &e, &n), "passbook", w->db);
	for (size_t i = 0; i < n; i++)
		if (e[i].receipt_no[0])
			snprintf(first, sizeof first, "%s", e[i].receipt_no);
	free(e);
	nos[0] = first;
	for (int i = 0; i < 2; i++) {
		jf_receipt r;
		fuzz_need(jf_receipt_load(w->db, nos[i], &r), "load", w->db);
		snprintf(issued[i], sizeof issued[i], "%s", r.payload);
		if (i == 0 && jf_receipt_qr_text(&r, NULL, issued_text, sizeof issued_text) != 0)
			abort();
		jf_receipt_free(&r);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	fuzz_world *w = fuzz_world_get();
	/* The key is made fresh with each database, so the input cannot carry
	 * a real payload: a first byte 1 to 5 asks for one: 1 after the rest
	 * (a URL), 2 before it, 3 with one byte changed, 4 the voided one, 5
	 * the whole QR text (Chinese lines, JF2 code) with one byte changed
	 * and the rest after it. */
	char *text = NULL;
	int mode = n > 0 ? data[0] : 0;
	if (mode == 5 && n >= 3) {
		size_t rl = strlen(issued_text), at = data[1] % rl;
		char *rest = fuzz_string(data + 3, n - 3);
		text = malloc(strlen(rest) + rl + 2);
		if (!text)
			abort();
		sprintf(text, "%s%s", issued_text, rest);
		if (data[2])
			text[at] = (char)data[2];
		free(rest);
	} else if (mode >= 1 && mode <= 4 && n >= 3) {
		const char *real = issued[mode == 4];
		size_t rl = strlen(real), at = data[1] % rl;
		char *rest = fuzz_string(data + 3, n - 3);
		text = malloc(strlen(rest) + rl + 2);
		if (!text)
			abort();
		if (mode == 1)
			sprintf(text, "%s%s", rest, real);
		else if (mode == 2 || mode == 4)
			sprintf(text, "%s%s", real, rest);
		else {
			strcpy(text, real);
			text[at] = (char)(data[2] ? data[2] : 'x');
		}
		free(rest);
	} else {
		text = fuzz_string(data, n);
	}
	jf_verification v;
	jf_status st = jf_receipt_verify(w->db, text, &v);
	CHECK(st == JF_OK);
	CHECK(v.verdict >= JF_VERDICT_GENUINE && v.verdict <= JF_VERDICT_OTHER_DB);
	CHECK(v.why[0] != '\0');
	CHECK(strlen(v.why) < sizeof v.why && strlen(v.no) < sizeof v.no &&
	      strlen(v.code) < sizeof v.code);
	CHECK(jf_verdict_label(v.verdict)[0] != '\0');
	if (v.verdict == JF_VERDICT_GENUINE)
		CHECK(strstr(text, issued[0]) != NULL);
	if (v.verdict == JF_VERDICT_VOIDED)
		CHECK(strstr(text, issued[1]) != NULL);
	free(text);
	return 0;
}
