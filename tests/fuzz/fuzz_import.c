/* Importing awards from a CSV file (jf_award_import) into a small
 * community, on any file.  The first byte picks the flags (skip bad rows,
 * allow duplicates).  Properties: refused means nothing written; every row
 * is either imported or reported with its line; the points awarded are
 * exactly what the balances grew by; the audit passes. */
#include "fuzz.h"

#include "jifen/csv.h"
#include "jifen/import.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_world_get();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	fuzz_world *w = fuzz_world_get();
	jf_db *db = w->db;
	char err[512], head0[65], head1[65];
	if (n < 1)
		return 0;
	unsigned flags = data[0] & (JF_IMPORT_SKIP_BAD | JF_IMPORT_ALLOW_DUPLICATES);
	jf_csv *csv = NULL;
	if (jf_csv_open_mem(data + 1, n - 1, &csv, err, sizeof err) != JF_OK)
		return 0;
	jf_audit_report before, after;
	CHECK(jf_audit(db, &before) == JF_OK);
	CHECK(jf_ledger_head(db, head0) == JF_OK);

	jf_import_result res;
	jf_op *who = data[0] & 4 ? w->vol : w->staff;
	jf_status st = jf_award_import(db, who, csv, flags, NULL, NULL, &res);
	jf_csv_close(csv);
	CHECK(jf_ledger_head(db, head1) == JF_OK);

	if (who == w->vol) {
		/* a volunteer may not award, not even by a file */
		CHECK(st == JF_DENIED);
		CHECK(strcmp(head0, head1) == 0);
		jf_import_result_free(&res);
		return 0;
	}
	CHECK(st == JF_OK || st == JF_INVALID);
	size_t row_problems = 0;
	for (size_t i = 0; i < res.n_problems; i++) {
		CHECK(res.problems[i].line >= 0);
		CHECK(res.problems[i].status != JF_OK);
		CHECK(res.problems[i].message[0] != '\0');
		if (res.problems[i].line > 0)
			row_problems++;
	}
	if (st != JF_OK) {
		CHECK(res.imported == 0 && res.points == 0);
		CHECK(strcmp(head0, head1) == 0);
		CHECK(jf_db_error(db)[0] != '\0');
	} else {
		if (!(flags & JF_IMPORT_SKIP_BAD))
			CHECK(res.n_problems == 0);
		CHECK(res.imported + row_problems == res.rows);
		CHECK((res.imported > 0) == (strcmp(head0, head1) != 0));
	}
	if (strcmp(head0, head1) != 0) {
		CHECK(jf_audit(db, &after) == JF_OK);
		CHECK(after.points_outstanding - before.points_outstanding == res.points);
		CHECK(after.entries - before.entries == (int64_t)res.imported);
	}
	jf_import_result_free(&res);
	return 0;
}
