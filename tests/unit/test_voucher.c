/* Service vouchers and coupons: used once (fulfilling twice is refused and
 * `receipt verify` says so); a receipt whose service was delivered is voided
 * only as an explicit refund; an expired voucher is fulfilled only with a
 * recorded override; a receipt is shown or printed again by staff only. */
#include "testlib.h"
#include "receiptlib.h"

#include "jifen/printer.h"
#include "jifen/voucher.h"

#define DAY 86400

/* The fixture's vouchers: [0] housekeeping, [1] and [2] haircut coupons. */
static void vouchers(fixture *f, jf_voucher_entry **v)
{
	size_t n = 0;
	assert_int_equal(jf_voucher_of_receipt(f->e->db, f->r.receipt_id, v, &n), JF_OK);
	assert_int_equal(n, 3);
	assert_string_equal((*v)[0].item, "家政保洁两小时");
	assert_string_equal((*v)[1].item, "理发优惠券");
}

static int64_t balance(fixture *f, int64_t id)
{
	jf_resident r;
	assert_int_equal(jf_resident_get(f->e->db, id, &r), JF_OK);
	return r.balance;
}

static void test_fulfil_once(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	jf_voucher_entry *v, e;
	vouchers(f, &v);
	int64_t id = v[1].id;
	assert_int_equal(jf_voucher_fulfil(db, f->vol, id, NULL), JF_DENIED);
	assert_int_equal(jf_voucher_fulfil(db, f->staff, id, "惠民理发店收券"), JF_OK);
	assert_int_equal(jf_voucher_fulfil(db, f->staff, id, NULL), JF_VOUCHER_USED);
	assert_non_null(strstr(jf_db_error(db), "杨阿强"));
	assert_non_null(strstr(jf_db_error(db), "不能再用"));
	/* an override does not make a used coupon usable again */
	jf_db_set_time(db, FIX_T0 + 40 * DAY);
	assert_int_equal(jf_voucher_fulfil_ex(db, f->staff, id, NULL, "再用一次"), JF_VOUCHER_USED);
	assert_int_equal(jf_voucher_get(db, id, &e), JF_OK);
	assert_int_equal(e.state, JF_VOUCHER_FULFILLED);
	assert_string_equal(e.note, "惠民理发店收券");
	assert_false(e.override_expired);
	free(v);
}

static void test_verify_used_then_expired(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	jf_receipt r;
	jf_verification ver;
	jf_voucher_entry *v;
	vouchers(f, &v);
	assert_int_equal(jf_receipt_load(db, f->r.receipt_no, &r), JF_OK);
	/* checking changes nothing: twice genuine */
	assert_int_equal(jf_receipt_verify(db, r.payload, &ver), JF_OK);
	assert_int_equal(ver.verdict, JF_VERDICT_GENUINE);
	assert_int_equal(jf_receipt_verify(db, r.payload, &ver), JF_OK);
	assert_int_equal(ver.verdict, JF_VERDICT_GENUINE);

	/* past the last day, none used: expired */
	jf_db_set_time(db, FIX_T0 + 40 * DAY);
	assert_int_equal(jf_receipt_verify(db, r.payload, &ver), JF_OK);
	assert_int_equal(ver.verdict, JF_VERDICT_EXPIRED);
	assert_non_null(strstr(ver.why, "2026-07-09"));
	assert_string_equal(jf_verdict_label(ver.verdict), "真实，但券已过期");

	/* used: said so, in words, before anything else */
	jf_db_set_time(db, FIX_T0 + DAY);
	assert_int_equal(jf_voucher_fulfil(db, f->staff, v[2].id, NULL), JF_OK);
	assert_int_equal(jf_receipt_verify(db, r.payload, &ver), JF_OK);
	assert_int_equal(ver.verdict, JF_VERDICT_USED);
	char want[64];
	snprintf(want, sizeof want, "#%lld（理发优惠券）", (long long)v[2].id);
	assert_non_null(strstr(ver.why, want));
	assert_non_null(strstr(ver.why, "不能再用"));
	assert_string_equal(jf_verdict_label(ver.verdict), "真实，但券已使用过");
	jf_db_set_time(db, FIX_T0 + 40 * DAY);
	assert_int_equal(jf_receipt_verify(db, r.payload, &ver), JF_OK);
	assert_int_equal(ver.verdict, JF_VERDICT_USED);

	/* voided (an explicit refund) wins over used */
	assert_int_equal(jf_void_ex(db, f->staff, f->r.receipt_no, "测试", JF_VOID_REFUND_DELIVERED,
	                            NULL),
	                 JF_OK);
	assert_int_equal(jf_receipt_verify(db, r.payload, &ver), JF_OK);
	assert_int_equal(ver.verdict, JF_VERDICT_VOIDED);
	jf_receipt_free(&r);
	free(v);
}

static void test_void_after_delivery(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	jf_voucher_entry *v;
	vouchers(f, &v);
	int64_t before = balance(f, f->ding);
	assert_int_equal(jf_voucher_fulfil(db, f->staff, v[0].id, "保洁做完了"), JF_OK);
	/* refused, naming the delivered voucher; nothing changes */
	assert_int_equal(jf_void(db, f->staff, f->r.receipt_no, "居民不要了", NULL),
	                 JF_VOUCHER_USED);
	char want[64];
	snprintf(want, sizeof want, "#%lld（家政保洁两小时）", (long long)v[0].id);
	assert_non_null(strstr(jf_db_error(db), want));
	assert_int_equal(balance(f, f->ding), before);
	/* the refund is staff's, with a reason */
	assert_int_equal(jf_void_ex(db, f->vol, f->r.receipt_no, "退分", JF_VOID_REFUND_DELIVERED,
	                            NULL),
	                 JF_DENIED);
	assert_int_equal(jf_void_ex(db, f->staff, f->r.receipt_no, "", JF_VOID_REFUND_DELIVERED,
	                            NULL),
	                 JF_INVALID);
	int64_t entry = 0;
	assert_int_equal(jf_void_ex(db, f->staff, f->r.receipt_no, "服务不满意",
	                            JF_VOID_REFUND_DELIVERED, &entry),
	                 JF_OK);
	assert_int_equal(balance(f, f->ding), before + FIX_TOTAL);
	/* in the ledger and the passbook */
	jf_entry *p = NULL;
	size_t n = 0;
	assert_int_equal(jf_passbook(db, f->ding, &p, &n), JF_OK);
	assert_true(n > 0);
	assert_int_equal(p[n - 1].id, entry);
	assert_string_equal(p[n - 1].kind, "void");
	assert_int_equal(p[n - 1].points, FIX_TOTAL);
	char note[128];
	snprintf(note, sizeof note, "退还已服务的兑换（服务券 #%lld 家政保洁两小时）：服务不满意",
	         (long long)v[0].id);
	assert_string_equal(p[n - 1].note, note);
	free(p);
	jf_audit_report rep;
	assert_int_equal(jf_audit(db, &rep), JF_OK);
	free(v);
}

static void test_void_open_vouchers(void **state)
{
	fixture *f = *state;
	int64_t before = balance(f, f->ding);
	/* nothing used: a void as ever, and no refund note */
	assert_int_equal(jf_void(f->e->db, f->staff, f->r.receipt_no, "登记错了", NULL), JF_OK);
	assert_int_equal(balance(f, f->ding), before + FIX_TOTAL);
	jf_entry *p = NULL;
	size_t n = 0;
	assert_int_equal(jf_passbook(f->e->db, f->ding, &p, &n), JF_OK);
	assert_string_equal(p[n - 1].note, "登记错了");
	free(p);
}

static void test_expired_override(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	jf_voucher_entry *v, e;
	vouchers(f, &v);
	int64_t id = v[0].id;
	/* not expired: nothing to override */
	assert_int_equal(jf_voucher_fulfil_ex(db, f->staff, id, NULL, "晚报"), JF_INVALID);
	int64_t before = balance(f, f->ding);
	jf_db_set_time(db, FIX_T0 + 40 * DAY);
	assert_int_equal(jf_voucher_get(db, id, &e), JF_OK);
	assert_int_equal(e.state, JF_VOUCHER_EXPIRED);
	assert_int_equal(jf_voucher_fulfil(db, f->staff, id, "做了"), JF_EXPIRED);
	assert_non_null(strstr(jf_db_error(db), "2026-07-09"));
	assert_int_equal(jf_voucher_fulfil_ex(db, f->staff, id, NULL, ""), JF_INVALID);
	assert_int_equal(jf_voucher_fulfil_ex(db, f->vol, id, NULL, "晚报"), JF_DENIED);
	assert_int_equal(jf_voucher_get(db, id, &e), JF_OK);
	assert_int_equal(e.state, JF_VOUCHER_EXPIRED);
	/* the points stay spent */
	assert_int_equal(balance(f, f->ding), before);
	assert_int_equal(jf_voucher_fulfil_ex(db, f->staff, id, "王师傅", "家政公司月底才报"), JF_OK);
	assert_int_equal(jf_voucher_get(db, id, &e), JF_OK);
	assert_int_equal(e.state, JF_VOUCHER_FULFILLED);
	assert_true(e.override_expired);
	assert_string_equal(e.override_reason, "家政公司月底才报");
	assert_string_equal(e.note, "王师傅");
	assert_string_equal(e.fulfilled_by, "杨阿强");
	/* an expired coupon never used: voiding its receipt would still need the
	 * refund, because the housekeeping on it was delivered */
	assert_int_equal(jf_void(db, f->staff, f->r.receipt_no, "过期", NULL), JF_VOUCHER_USED);
	free(v);
}

static void test_reprint_needs_staff(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	jf_receipt r;
	assert_int_equal(jf_receipt_reopen(db, f->vol, f->r.receipt_no, &r), JF_DENIED);
	assert_non_null(strstr(jf_db_error(db), "李志愿"));
	assert_int_equal(jf_receipt_reopen(db, NULL, f->r.receipt_no, &r), JF_NO_OPERATOR);
	assert_int_equal(jf_receipt_reprint(db, f->vol, NULL, f->r.receipt_no), JF_DENIED);
	/* the volunteer's attempt recorded nothing */
	assert_int_equal(jf_receipt_load(db, f->r.receipt_no, &r), JF_OK);
	assert_int_equal(r.print_attempts, 0);
	jf_receipt_free(&r);
	/* staff: shown; printed (no printer set up here: a recorded failure) */
	assert_int_equal(jf_receipt_reopen(db, f->staff, f->r.receipt_no, &r), JF_OK);
	assert_string_equal(r.no, f->r.receipt_no);
	jf_receipt_free(&r);
	assert_int_equal(jf_receipt_reprint(db, f->staff, NULL, f->r.receipt_no), JF_PRINTER);
	assert_int_equal(jf_receipt_load(db, f->r.receipt_no, &r), JF_OK);
	assert_int_equal(r.print_attempts, 1);
	jf_receipt_free(&r);
}

int main(void)
{
	test_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fulfil_once, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_verify_used_then_expired, fix_setup,
		                                fix_teardown),
		cmocka_unit_test_setup_teardown(test_void_after_delivery, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_void_open_vouchers, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_expired_override, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_reprint_needs_staff, fix_setup, fix_teardown),
	};
	return cmocka_run_group_tests_name("voucher", tests, NULL, NULL);
}
