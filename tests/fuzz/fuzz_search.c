/* The search the counter runs on every keystroke, and the resolvers the
 * command line uses, on any query: pinyin, Chinese, phone digits, card
 * codes, rooms, SQL-looking text, invalid bytes.  Properties: no crash, no
 * more results than asked, every result a real resident with a name; a
 * query that is a resident's card finds exactly that resident first; an
 * unchanged database (searching writes nothing). */
#include "fuzz.h"

static char head_before[65];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_world *w = fuzz_world_get();
	if (jf_ledger_head(w->db, head_before) != JF_OK)
		exit(2);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	fuzz_world *w = fuzz_world_get();
	jf_db *db = w->db;
	if (n < 1)
		return 0;
	int max = data[0] % 12; /* 0 .. 11, 1 takes its own path */
	char *q = fuzz_string(data + 1, n - 1);
	jf_resident found[12];
	int got = -1, exact = -1;

	jf_status st = jf_resident_search(db, q, data[0] & 0x80, found, max, &got, &exact);
	CHECK(st == JF_OK);
	CHECK(got >= 0 && got <= max);
	CHECK(exact == 0 || exact == 1);
	for (int i = 0; i < got; i++) {
		CHECK(found[i].id > 0);
		CHECK(found[i].name[0] != '\0');
		CHECK(jf_text_valid(found[i].name, strlen(found[i].name)));
		for (int j = 0; j < i; j++)
			CHECK(found[j].id != found[i].id);
	}
	/* a card code finds its resident, first and exactly */
	if (got > 0 && max > 0) {
		for (size_t r = 0; r < w->n_residents; r++) {
			jf_resident res;
			CHECK(jf_resident_get(db, w->residents[r], &res) == JF_OK);
			if (strcmp(res.card, q) == 0) {
				CHECK(found[0].id == res.id);
				CHECK(exact == 1);
			}
		}
	}

	jf_resident one;
	st = jf_resident_resolve(db, q, &one);
	CHECK(st == JF_OK || st == JF_NOT_FOUND || st == JF_AMBIGUOUS || st == JF_INVALID ||
	      st == JF_BAD_UTF8 || st == JF_TOO_LONG);
	if (st != JF_OK)
		CHECK(jf_db_error(db)[0] != '\0');

	jf_item item;
	st = jf_item_resolve(db, q, &item);
	CHECK(st == JF_OK || st == JF_NOT_FOUND || st == JF_AMBIGUOUS || st == JF_INVALID ||
	      st == JF_BAD_UTF8 || st == JF_TOO_LONG);
	jf_activity act;
	st = jf_activity_resolve(db, q, &act);
	CHECK(st == JF_OK || st == JF_NOT_FOUND || st == JF_AMBIGUOUS || st == JF_INVALID ||
	      st == JF_BAD_UTF8 || st == JF_TOO_LONG);
	jf_verifier ver;
	st = jf_verifier_resolve(db, q, &ver);
	CHECK(st == JF_OK || st == JF_NOT_FOUND || st == JF_AMBIGUOUS || st == JF_INVALID ||
	      st == JF_BAD_UTF8 || st == JF_TOO_LONG);

	/* searching never writes */
	char head[65];
	CHECK(jf_ledger_head(db, head) == JF_OK);
	CHECK(strcmp(head, head_before) == 0);
	free(q);
	return 0;
}
