/* The configuration file parser (jf_config_parse) on any text, with an
 * error buffer of any size.  Properties: JF_OK or JF_INVALID; every value
 * in range and terminated; the error text fits its buffer; good lines
 * still apply (parsing the text twice gives the same settings); and the QR
 * text made from the URL template fits or is refused. */
#include "fuzz.h"

#include "jifen/config.h"
#include "jifen/receipt.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	jf_i18n_init(NULL);
	return 0;
}

static void check_config(const jf_config *c)
{
	CHECK(c->printer >= JF_PRINTER_NONE && c->printer <= JF_PRINTER_CUPS);
	CHECK(c->paper == 58 || c->paper == 80);
	CHECK(c->qr_mode == JF_QR_RASTER || c->qr_mode == JF_QR_NATIVE);
	CHECK(c->timeout_ms >= 0);
	CHECK(strlen(c->community_name) < sizeof c->community_name);
	CHECK(strlen(c->url_template) < sizeof c->url_template);
	CHECK(strlen(c->printer_target) < sizeof c->printer_target);
	CHECK(strlen(c->language) < sizeof c->language);
	CHECK(!c->language[0] || !strcmp(c->language, "en") || !strcmp(c->language, "zh"));
	CHECK(c->printer == JF_PRINTER_NONE || c->printer_target[0]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	if (n < 1)
		return 0;
	size_t errlen = data[0] % 200; /* 0: no room for any message */
	char *text = fuzz_string(data + 1, n - 1);
	char *err = malloc(errlen ? errlen : 1);
	if (!err)
		abort();
	jf_config a, b;
	jf_config_defaults(&a);
	check_config(&a);
	jf_status st = jf_config_parse(text, "fuzz.conf", &a, err, errlen);
	CHECK(st == JF_OK || st == JF_INVALID);
	if (errlen) {
		CHECK(strnlen(err, errlen) < errlen);
		if (st == JF_INVALID && errlen > 40)
			CHECK(strncmp(err, "fuzz.conf:", 10) == 0);
	}
	check_config(&a);

	/* the same text gives the same settings, whatever the error buffer */
	jf_config_defaults(&b);
	CHECK(jf_config_parse(text, "fuzz.conf", &b, NULL, 0) == st);
	CHECK(memcmp(&a, &b, sizeof a) == 0);

	char qr[JF_QR_TEXT_MAX + 1];
	const char *payload = "JF1.FX.20240615-0001.24.26.oZqKGBx7XlHIMQ";
	if (jf_config_qr_text(&a, payload, qr, sizeof qr) == 0) {
		CHECK(strlen(qr) < sizeof qr);
		CHECK(strstr(qr, payload) != NULL);
	}
	char tiny[8];
	if (jf_config_qr_text(&a, payload, tiny, sizeof tiny) == 0)
		CHECK(0); /* a payload never fits in 8 bytes */
	free(err);
	free(text);
	return 0;
}
