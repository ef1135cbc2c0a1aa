/* Who may do what, checked by calling the library directly, as a program
 * other than the counter screen would: a volunteer's session cannot award,
 * void, change stock or anything else beyond redeeming; staff cannot do
 * what only an administrator may.  Also: PINs stored as Argon2id hashes;
 * a receipt's MAC needs the database's key; files readable by their owner
 * only; SQL that stores hostile names literally; names and phones masked
 * on receipts and on the public notice. */
#include "../robust/robust.h"

#include <fcntl.h>

#include "jifen/csv.h"
#include "jifen/dayclose.h"
#include "jifen/export.h"
#include "jifen/import.h"
#include "jifen/receipt.h"
#include "jifen/report.h"
#include "jifen/voucher.h"

typedef struct {
	rb_world w;
	jf_db *db;
	jf_op *admin, *staff, *vol;
	char receipt[JF_RECEIPT_NO_MAX + 1];
	int64_t voucher;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	rb_world_make(&f->w, 200, 50);
	f->db = rb_open(&f->w, "admin", &f->admin);
	assert_int_equal(jf_login(f->db, "staff", RB_PIN, &f->staff), JF_OK);
	assert_int_equal(jf_login(f->db, "counter", RB_PIN, &f->vol), JF_OK);
	jf_cart_line cart[] = {{f->w.tissue, 1}, {f->w.clean, 1}};
	jf_redeem_result res;
	assert_int_equal(jf_redeem(f->db, f->vol, f->w.resident[0], cart, 2, &res), JF_OK);
	rb_copy(f->receipt, res.receipt_no, sizeof f->receipt);
	jf_voucher_entry *v = NULL;
	size_t n = 0;
	assert_int_equal(jf_voucher_list(f->db, 0xFFu, f->w.resident[0], &v, &n), JF_OK);
	assert_int_equal(n, 1);
	f->voucher = v[0].id;
	free(v);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	jf_op_free(f->admin);
	jf_op_free(f->staff);
	jf_op_free(f->vol);
	jf_db_close(f->db);
	rb_world_remove(&f->w);
	free(f);
	return 0;
}

/* Everything `op` may not do, each refused with `want`, naming the role. */
static void refused_all(fixture *f, const jf_op *op, jf_role role, jf_status want)
{
	jf_db *db = f->db;
	const rb_world *w = &f->w;
	int64_t id = 0;
	char path[400];
	int staff_only = role < JF_ROLE_STAFF;
	uint64_t before = rb_content_sum(w->path);
	jf_status st;

#define REFUSED(call)                                                                     \
	do {                                                                              \
		st = (call);                                                              \
		if (st != want)                                                           \
			fail_msg("%s: %s, expected %s", #call, jf_status_name(st),        \
			         jf_status_name(want));                                   \
		if (want == JF_DENIED && !strstr(jf_db_error(db), jf_role_label(role)))  \
			fail_msg("%s: the message does not name the role: %s", #call,    \
			         jf_db_error(db));                                        \
	} while (0)

	if (staff_only) {
		jf_award_req req = {.activity_id = w->activity, .verifier_id = w->grid};
		REFUSED(jf_award(db, op, &w->resident[1], 1, &req, NULL));
		REFUSED(jf_void(db, op, f->receipt, "退回", NULL));
		REFUSED(jf_stock_in(db, op, w->tissue, 10, 0, NULL));
		REFUSED(jf_stock_count(db, op, w->tissue, 99, NULL));
		jf_resident_new r = {.name = "新居民"};
		REFUSED(jf_resident_add(db, op, &r, NULL));
		REFUSED(jf_resident_add_many(db, op, &r, 1, NULL));
		REFUSED(jf_resident_set_active(db, op, w->resident[2], 0));
		REFUSED(jf_verifier_add(db, op, "新楼长", JF_VERIFIER_LEADER, "", "", 0, &id));
		REFUSED(jf_sponsor_ensure(db, op, "新企业", JF_SPONSOR_ENTERPRISE, &id));
		REFUSED(jf_voucher_fulfil(db, op, f->voucher, "已上门"));
		REFUSED(jf_day_close(db, op, "2026-06-09", NULL));
		snprintf(path, sizeof path, "%s/backup.db", w->dir);
		REFUSED(jf_backup(db, op, path, NULL, NULL));
		assert_int_equal(access(path, F_OK), -1);
		jf_csv *csv = NULL;
		char err[128];
		static const char rows[] = "丁美英,V01,原冬梅\n";
		assert_int_equal(jf_csv_open_mem(rows, sizeof rows - 1, &csv, err, sizeof err), JF_OK);
		jf_import_result res;
		REFUSED(jf_award_import(db, op, csv, 0, NULL, NULL, &res));
		jf_import_result_free(&res);
		jf_csv_close(csv);
	}
	REFUSED(jf_adjust(db, op, w->resident[1], 100, "补录", NULL));
	jf_item it;
	memset(&it, 0, sizeof it);
	snprintf(it.code, sizeof it.code, "XZ");
	snprintf(it.name, sizeof it.name, "香皂");
	it.kind = JF_ITEM_GOODS;
	it.points = 1;
	REFUSED(jf_item_add(db, op, &it, &id));
	REFUSED(jf_item_set_points(db, op, w->tissue, 1));
	REFUSED(jf_item_retire(db, op, w->tissue));
	REFUSED(jf_activity_add(db, op, "Z99", "志愿服务", "新活动", 5, &id));
	REFUSED(jf_activity_set_points(db, op, w->activity, 100));
	REFUSED(jf_activity_retire(db, op, w->activity));
	REFUSED(jf_operator_add(db, op, "boss", "老板", JF_ROLE_ADMIN, "1234", 0));
	REFUSED(jf_operator_set_pin(db, op, "admin", "1234"));
#undef REFUSED
	/* and not one of them wrote anything */
	assert_true(rb_content_sum(w->path) == before);
}

static void test_volunteer_only_redeems(void **state)
{
	fixture *f = *state;
	refused_all(f, f->vol, JF_ROLE_VOLUNTEER, JF_DENIED);
	/* what a volunteer is there for still works */
	jf_cart_line cart = {f->w.tissue, 2};
	jf_redeem_result res;
	assert_int_equal(jf_redeem(f->db, f->vol, f->w.resident[1], &cart, 1, &res), JF_OK);
	/* the admin still has the PIN it had */
	jf_op *again = NULL;
	assert_int_equal(jf_login(f->db, "admin", RB_PIN, &again), JF_OK);
	jf_op_free(again);
}

static void test_staff_not_admin(void **state)
{
	fixture *f = *state;
	refused_all(f, f->staff, JF_ROLE_STAFF, JF_DENIED);
}

static void test_no_session(void **state)
{
	fixture *f = *state;
	uint64_t before = rb_content_sum(f->w.path);
	jf_cart_line cart = {f->w.tissue, 1};
	jf_redeem_result res;
	assert_int_equal(jf_redeem(f->db, NULL, f->w.resident[1], &cart, 1, &res), JF_NO_OPERATOR);
	refused_all(f, NULL, JF_ROLE_VOLUNTEER, JF_NO_OPERATOR);
	assert_true(rb_content_sum(f->w.path) == before);
}

/* PINs are kept only as Argon2id hashes, each with its own salt. */
static void test_pins_hashed(void **state)
{
	fixture *f = *state;
	jf_operator *ops = NULL;
	size_t n = 0;
	assert_int_equal(jf_operator_list(f->db, &ops, &n), JF_OK);
	assert_int_equal(n, 3);
	free(ops);
	assert_int_equal(rb_query(f->w.path, "SELECT count(*) FROM operators"
	                                     " WHERE pin_hash LIKE '$argon2id$%'"),
	                 3);
	assert_int_equal(rb_query(f->w.path, "SELECT count(*) FROM operators"
	                                     " WHERE instr(pin_hash, '2468') > 0"),
	                 0);
	/* the same PIN, three different hashes */
	assert_int_equal(rb_query(f->w.path, "SELECT count(DISTINCT pin_hash) FROM operators"), 3);
}

/* A receipt's MAC cannot be made without the database's key: a payload
 * signed with any other key, or with a number changed, is forged. */
static void test_receipt_mac_needs_key(void **state)
{
	fixture *f = *state;
	jf_receipt r;
	jf_verification v;
	assert_int_equal(jf_receipt_load(f->db, f->receipt, &r), JF_OK);
	assert_int_equal(jf_receipt_verify(f->db, r.payload, &v), JF_OK);
	assert_int_equal(v.verdict, JF_VERDICT_GENUINE);

	unsigned char other[JF_RECEIPT_KEY_BYTES];
	char forged[JF_PAYLOAD_MAX + 1];
	memset(other, 0x5A, sizeof other);
	assert_int_equal(jf_payload_make(other, "FX", f->receipt, r.total, r.balance_after, forged,
	                                 sizeof forged),
	                 0);
	assert_int_equal(jf_receipt_verify(f->db, forged, &v), JF_OK);
	assert_int_equal(v.verdict, JF_VERDICT_FORGED);
	/* a bigger balance on a genuine receipt */
	snprintf(forged, sizeof forged, "%s", r.payload);
	char *dot = strrchr(forged, '.');
	assert_non_null(dot);
	dot[-1] = dot[-1] == '9' ? '8' : (char)(dot[-1] + 1);
	assert_int_equal(jf_receipt_verify(f->db, forged, &v), JF_OK);
	assert_int_equal(v.verdict, JF_VERDICT_FORGED);
	jf_receipt_free(&r);
}

static mode_t mode_of(const char *path)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		fail_msg("stat %s: %s", path, strerror(errno));
	return sb.st_mode & 0777;
}

/* The database, its log files, its backups and exports are the owner's
 * alone, whatever the umask. */
static void test_files_owner_only(void **state)
{
	fixture *f = *state;
	char path[400], side[420], err[512];
	mode_t old = umask(0);
	snprintf(path, sizeof path, "%s/private.db", f->w.dir);
	jf_db *db = NULL;
	assert_int_equal(jf_db_create_test(path, "府西社区", "FX", 0, &db, err, sizeof err), JF_OK);
	assert_int_equal(mode_of(path), 0600);
	/* while open, SQLite's -wal and -shm hold the same data */
	assert_int_equal(jf_operator_bootstrap(db, "admin", "管理员", RB_PIN), JF_OK);
	snprintf(side, sizeof side, "%s-wal", path);
	assert_int_equal(mode_of(side), 0600);
	snprintf(side, sizeof side, "%s-shm", path);
	assert_int_equal(mode_of(side), 0600);
	jf_db_close(db);

	snprintf(path, sizeof path, "%s/backup.db", f->w.dir);
	assert_int_equal(jf_backup(f->db, f->staff, path, NULL, NULL), JF_OK);
	assert_int_equal(mode_of(path), 0600);
	umask(old);
}

/* Hostile text is data: stored and found literally, never run. */
static void test_sql_is_parameterised(void **state)
{
	fixture *f = *state;
	jf_db *db = f->db;
	static const char *const evil[] = {
		"'); DROP TABLE residents;--",
		"\"; DELETE FROM ledger; --",
		"x' OR '1'='1",
		"%",
		"_",
		"丁' || (SELECT pin_hash FROM operators) || '",
	};
	int64_t ids[6];
	int64_t residents = rb_query(f->w.path, "SELECT count(*) FROM residents");
	for (size_t i = 0; i < 6; i++) {
		jf_resident_new r = {.name = evil[i], .compound = evil[i], .room = "1"};
		assert_int_equal(jf_resident_add(db, f->staff, &r, &ids[i]), JF_OK);
	}
	assert_int_equal(rb_query(f->w.path, "SELECT count(*) FROM residents"), residents + 6);
	for (size_t i = 0; i < 6; i++) {
		jf_resident r;
		assert_int_equal(jf_resident_get(db, ids[i], &r), JF_OK);
		assert_string_equal(r.name, evil[i]);
		assert_string_equal(r.compound, evil[i]);
		/* found by exactly its own name */
		jf_resident found[16];
		int n = 0, exact = 0;
		assert_int_equal(jf_resident_search(db, evil[i], 0, found, 16, &n, &exact), JF_OK);
		int hit = 0;
		for (int k = 0; k < n; k++) {
			hit += found[k].id == ids[i];
			/* and a wildcard-looking query does not match everyone */
			assert_true(strstr(found[k].name, evil[i]) != NULL ||
			            strstr(found[k].compound, evil[i]) != NULL ||
			            strstr(found[k].pinyin, evil[i]) != NULL);
		}
		assert_int_equal(hit, 1);
	}
	/* in notes, reasons, names of items and verifiers, too */
	jf_award_req req = {.activity_id = f->w.activity, .verifier_id = f->w.grid,
	                    .ref = evil[0], .note = evil[1]};
	assert_int_equal(jf_award(db, f->staff, &ids[0], 1, &req, NULL), JF_OK);
	jf_item it;
	memset(&it, 0, sizeof it);
	snprintf(it.code, sizeof it.code, "EVIL");
	snprintf(it.name, sizeof it.name, "%s", evil[0]);
	it.kind = JF_ITEM_GOODS;
	it.points = 1;
	int64_t item = 0, ver = 0;
	assert_int_equal(jf_item_add(db, f->admin, &it, &item), JF_OK);
	assert_int_equal(jf_verifier_add(db, f->staff, evil[2], JF_VERIFIER_LEADER, evil[0], "",
	                                 0, &ver),
	                 JF_OK);
	jf_verifier v;
	assert_int_equal(jf_verifier_get(db, ver, &v), JF_OK);
	assert_string_equal(v.name, evil[2]);
	assert_int_equal(jf_void(db, f->staff, f->receipt, evil[0], NULL), JF_OK);
	jf_entry *e = NULL;
	size_t n = 0;
	assert_int_equal(jf_passbook(db, ids[0], &e, &n), JF_OK);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].ref, evil[0]);
	assert_string_equal(e[0].note, evil[1]);
	free(e);
	/* every table still there, the ledger whole */
	assert_int_equal(rb_query(f->w.path, "SELECT count(*) FROM sqlite_master"
	                                     " WHERE name IN ('residents', 'ledger', 'operators')"),
	                 3);
	jf_audit_report rep;
	assert_int_equal(jf_audit(db, &rep), JF_OK);
}

/* The resident's full name and phone never reach the receipt or the public
 * notice. */
static void test_masked_on_receipt_and_notice(void **state)
{
	fixture *f = *state;
	const char *full = rb_names[0], *phone = "13812345670";
	jf_receipt r;
	assert_int_equal(jf_receipt_load(f->db, f->receipt, &r), JF_OK);
	assert_string_equal(r.resident_masked, "丁*英");
	assert_string_equal(r.phone_masked, "138****5670");
	for (int paper = 0; paper < 2; paper++) {
		jf_receipt_row *rows = NULL;
		size_t n = 0;
		assert_int_equal(jf_receipt_layout(&r, NULL, 32, paper, &rows, &n), JF_OK);
		int shown = 0;
		for (size_t i = 0; i < n; i++) {
			assert_null(strstr(rows[i].text, full));
			assert_null(strstr(rows[i].text, phone));
			shown += strstr(rows[i].text, "丁*英") != NULL;
		}
		assert_int_equal(shown, 1);
		free(rows);
	}
	jf_receipt_free(&r);

	/* the notice for the month, in every format */
	jf_month_report *m = NULL;
	assert_int_equal(jf_month_report_load(f->db, "2026-06", &m), JF_OK);
	static const jf_report_format fmts[] = {JF_REPORT_TEXT, JF_REPORT_CSV, JF_REPORT_HTML};
	for (size_t i = 0; i < 3; i++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *out = open_memstream(&buf, &len);
		jf_month_report_write(m, fmts[i], 0, 80, out);
		fclose(out);
		for (int k = 0; k < RB_RESIDENTS; k++)
			if (strstr(buf, rb_names[k]))
				fail_msg("format %d shows the full name %s", (int)fmts[i], rb_names[k]);
		assert_null(strstr(buf, "1381234"));
		assert_non_null(strstr(buf, "丁*英"));
		free(buf);
	}
	jf_month_report_free(m);
}

int main(void)
{
	test_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_volunteer_only_redeems, setup, teardown),
		cmocka_unit_test_setup_teardown(test_staff_not_admin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_session, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pins_hashed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_receipt_mac_needs_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_files_owner_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sql_is_parameterised, setup, teardown),
		cmocka_unit_test_setup_teardown(test_masked_on_receipt_and_notice, setup, teardown),
	};
	return cmocka_run_group_tests_name("roles", tests, NULL, NULL);
}
