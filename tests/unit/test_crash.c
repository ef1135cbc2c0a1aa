/* Crashes: a counter redeeming in a loop is killed with SIGKILL at random
 * moments, hundreds of times, each time by the next one opening the same
 * file (as after a power cut or a killed terminal).
 *
 * The child writes each redemption, void or award to a pipe only AFTER the
 * call returned JF_OK: a reported call was committed.  Afterwards the audit
 * passes, every reported call is in the file with its receipt, and nothing
 * is half-written: no receipt without its ledger entry, lines, stock
 * movements and vouchers. */
#include "../robust/robust.h"

#include <limits.h>
#include <signal.h>
#include <time.h>

#define KILLS 200
#define MAX_DELAY_US 25000

enum { REC_REDEEM = 1, REC_VOID, REC_AWARD, REC_ERROR };

typedef struct {
	int what;
	int64_t resident, points;
	char receipt_no[JF_RECEIPT_NO_MAX + 1];
	char msg[200];
} record;

_Static_assert(sizeof(record) <= PIPE_BUF, "one record is one atomic pipe write");

static void put(int fd, const record *r)
{
	if (write(fd, r, sizeof *r) != (ssize_t)sizeof *r)
		_exit(90);
}

static void child_fail(int fd, const char *what, jf_status st, const char *msg)
{
	record r;
	memset(&r, 0, sizeof r);
	r.what = REC_ERROR;
	snprintf(r.msg, sizeof r.msg, "%s: %s: %.150s", what, jf_status_name(st), msg);
	put(fd, &r);
	_exit(1);
}

/* Redeem, now and then void the last receipt or award points, until killed.
 * `staff` is a session made by jf_login before the fork (a jf_op is plain
 * memory, valid with any handle on the same file). */
static void counter_loop(const rb_world *w, const jf_op *staff, unsigned seed, int fd)
{
	char err[512], last[JF_RECEIPT_NO_MAX + 1] = "";
	jf_db *db = NULL;
	jf_status st = jf_db_open(w->path, &db, err, sizeof err);
	if (st != JF_OK)
		child_fail(fd, "open", st, err);
	jf_db_set_time(db, RB_T0);
	const int64_t items[] = {w->tissue, w->rice, w->clean};
	for (;;) {
		record r;
		memset(&r, 0, sizeof r);
		int dice = (int)(rand_r(&seed) % 10);
		if (dice < 7 || !last[0]) {
			jf_cart_line cart[2] = {{items[rand_r(&seed) % 3], 1 + rand_r(&seed) % 3},
			                        {items[rand_r(&seed) % 3], 1}};
			jf_redeem_result res;
			r.resident = w->resident[rand_r(&seed) % RB_RESIDENTS];
			st = jf_redeem(db, staff, r.resident, cart, 1 + rand_r(&seed) % 2, &res);
			if (st != JF_OK)
				child_fail(fd, "redeem", st, jf_db_error(db));
			r.what = REC_REDEEM;
			r.points = res.total;
			rb_copy(r.receipt_no, res.receipt_no, sizeof r.receipt_no);
			rb_copy(last, res.receipt_no, sizeof last);
		} else if (dice < 9) {
			st = jf_void(db, staff, last, "居民退回", NULL);
			if (st != JF_OK)
				child_fail(fd, "void", st, jf_db_error(db));
			r.what = REC_VOID;
			rb_copy(r.receipt_no, last, sizeof r.receipt_no);
			last[0] = '\0';
		} else {
			jf_award_req req = {.activity_id = w->activity, .verifier_id = w->grid,
			                    .note = "垃圾分类"};
			r.resident = w->resident[rand_r(&seed) % RB_RESIDENTS];
			st = jf_award(db, staff, &r.resident, 1, &req, NULL);
			if (st != JF_OK)
				child_fail(fd, "award", st, jf_db_error(db));
			r.what = REC_AWARD;
			r.points = w->activity_points;
		}
		put(fd, &r); /* only now is it known to be committed */
	}
}

typedef struct {
	record *v;
	size_t n, cap;
} record_list;

static void append(record_list *all, const record *r)
{
	if (all->n == all->cap) {
		all->cap = all->cap ? all->cap * 2 : 1024;
		all->v = realloc(all->v, all->cap * sizeof *all->v);
		assert_non_null(all->v);
	}
	all->v[all->n++] = *r;
}

static void read_records(int fd, record_list *all)
{
	record r;
	ssize_t got;
	while ((got = read(fd, &r, sizeof r)) == (ssize_t)sizeof r) {
		if (r.what == REC_ERROR)
			fail_msg("the counter failed before it was killed: %s", r.msg);
		append(all, &r);
	}
	/* a record is written whole or not at all */
	assert_int_equal(got, 0);
}

static void test_killed_counter_loses_nothing(void **state)
{
	(void)state;
	rb_world w;
	record_list all = {0};
	jf_op *staff = NULL;
	rb_world_make(&w, 30000, 50000);
	jf_db *db = rb_open(&w, "staff", &staff);
	jf_db_close(db);
	/* JIFEN_CRASH_SEED=n repeats a run */
	const char *env = getenv("JIFEN_CRASH_SEED");
	unsigned seed = env ? (unsigned)strtoul(env, NULL, 10) : (unsigned)time(NULL);
	print_message("    JIFEN_CRASH_SEED=%u\n", seed);
	int died_on_its_own = 0;

	for (int k = 0; k < KILLS; k++) {
		int fds[2];
		assert_int_equal(pipe(fds), 0);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(fds[0]);
			counter_loop(&w, staff, seed + (unsigned)k * 7919u, fds[1]);
		}
		close(fds[1]);
		/* every other time, kill only once the counter is at work (its
		 * first report is in); otherwise any time from its start, even
		 * while it opens the file after the last one's crash */
		if (k % 2 == 0) {
			record first;
			if (read(fds[0], &first, sizeof first) != (ssize_t)sizeof first)
				fail_msg("the counter stopped before its first redemption");
			if (first.what == REC_ERROR)
				fail_msg("the counter failed: %s", first.msg);
			append(&all, &first);
		}
		usleep((useconds_t)(rand_r(&seed) % MAX_DELAY_US));
		kill(pid, SIGKILL);
		int status = 0;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		if (!WIFSIGNALED(status))
			died_on_its_own++;
		read_records(fds[0], &all);
		close(fds[0]);
	}
	jf_op_free(staff);
	assert_int_equal(died_on_its_own, 0);

	jf_audit_report rep;
	rb_audit_ok(w.path, &rep);

	/* every reported call is in the file */
	int64_t redeems = 0, voids = 0, awards = 0;
	for (size_t i = 0; i < all.n; i++) {
		const record *r = &all.v[i];
		char sql[400];
		switch (r->what) {
		case REC_REDEEM:
			snprintf(sql, sizeof sql,
			         "SELECT count(*) FROM receipts r JOIN ledger l ON l.receipt_id = r.id"
			         " AND l.kind = 'redeem' WHERE r.no = '%s' AND r.total = %lld"
			         " AND l.points = -%lld AND r.resident_id = %lld",
			         r->receipt_no, (long long)r->points, (long long)r->points,
			         (long long)r->resident);
			if (rb_query(w.path, sql) != 1)
				fail_msg("committed receipt %s is missing", r->receipt_no);
			redeems++;
			break;
		case REC_VOID:
			snprintf(sql, sizeof sql,
			         "SELECT count(*) FROM receipts r JOIN ledger l ON l.receipt_id = r.id"
			         " AND l.kind = 'void' WHERE r.no = '%s'",
			         r->receipt_no);
			if (rb_query(w.path, sql) != 1)
				fail_msg("committed void of %s is missing", r->receipt_no);
			voids++;
			break;
		case REC_AWARD:
			awards++;
			break;
		default:
			fail_msg("unexpected record %d", r->what);
		}
	}
	print_message("    %d kills; %lld redemptions, %lld voids, %lld awards reported\n", KILLS,
	              (long long)redeems, (long long)voids, (long long)awards);
	assert_true(redeems >= KILLS / 2);

	/* at most one committed-but-unreported call per kill */
	int64_t in_file = rb_query(w.path, "SELECT count(*) FROM receipts");
	assert_true(in_file >= redeems && in_file <= redeems + KILLS);
	int64_t award_rows = rb_query(w.path, "SELECT count(*) FROM ledger WHERE kind = 'award'");
	assert_true(award_rows >= awards && award_rows <= awards + KILLS);
	int64_t void_rows = rb_query(w.path, "SELECT count(*) FROM ledger WHERE kind = 'void'");
	assert_true(void_rows >= voids && void_rows <= voids + KILLS);

	/* nothing half-written: every receipt whole, with its one ledger entry */
	assert_int_equal(rb_query(w.path, "SELECT count(*) FROM receipts r WHERE (SELECT count(*)"
	                                  " FROM ledger l WHERE l.receipt_id = r.id"
	                                  " AND l.kind = 'redeem') <> 1"),
	                 0);
	assert_int_equal(rb_query(w.path, "SELECT count(*) FROM receipts r WHERE r.total <>"
	                                  " (SELECT coalesce(sum(qty * points_each), 0)"
	                                  " FROM receipt_lines l WHERE l.receipt_id = r.id)"),
	                 0);
	assert_int_equal(rb_query(w.path, "SELECT count(*) FROM stock_moves WHERE kind = 'redeem'"),
	                 rb_query(w.path, "SELECT count(*) FROM receipt_lines l JOIN items i"
	                                  " ON i.id = l.item_id WHERE i.kind IN ('goods', 'produce')"));
	assert_int_equal(rb_query(w.path, "SELECT count(*) FROM vouchers"),
	                 rb_query(w.path, "SELECT coalesce(sum(l.qty), 0) FROM receipt_lines l"
	                                  " JOIN items i ON i.id = l.item_id"
	                                  " WHERE i.kind NOT IN ('goods', 'produce')"));
	assert_int_equal(rb_query(w.path, "SELECT count(*) FROM stock_moves WHERE kind = 'void'"),
	                 rb_query(w.path, "SELECT count(*) FROM receipt_lines l JOIN items i"
	                                  " ON i.id = l.item_id JOIN ledger v"
	                                  " ON v.receipt_id = l.receipt_id AND v.kind = 'void'"
	                                  " WHERE i.kind IN ('goods', 'produce')"));
	assert_int_equal(rep.receipts, in_file);

	/* and the file still works: a new counter redeems */
	jf_op *vol = NULL;
	db = rb_open(&w, "counter", &vol);
	jf_cart_line cart = {w.tissue, 1};
	jf_redeem_result res;
	assert_int_equal(jf_redeem(db, vol, w.resident[0], &cart, 1, &res), JF_OK);
	assert_int_equal(jf_audit(db, &rep), JF_OK);
	jf_op_free(vol);
	jf_db_close(db);
	free(all.v);
	rb_world_remove(&w);
}

int main(void)
{
	test_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_killed_counter_loses_nothing),
	};
	return cmocka_run_group_tests_name("crash", tests, NULL, NULL);
}
