/* Several counters at once: processes redeeming, awarding, voiding and
 * receiving stock against one database file at the same time.
 *
 * Every child opens its own handle and logs in, then reports each call that
 * returned JF_OK through a pipe.  The parent replays those reports: the
 * ledger, the receipts, the balances and the stock must be exactly what the
 * successful calls add up to - nothing lost, nothing repeated, nothing
 * half-done - and the audit must pass. */
#include "../robust/robust.h"

#include <limits.h>
#include <signal.h>
#include <time.h>

#define WORKERS 4
#define CART_LINES 3

enum { EV_READY = 1, EV_REDEEM, EV_AWARD, EV_VOID, EV_STOCK_IN, EV_REFUSED, EV_BUSY, EV_ERROR };

typedef struct {
	int what;
	int status;
	int64_t resident[2]; /* award: who got the points (0 = none) */
	int64_t points;      /* award: each; redeem: the total */
	int64_t item[CART_LINES], qty[CART_LINES];
	char receipt_no[JF_RECEIPT_NO_MAX + 1];
	char msg[300];
} event;

_Static_assert(sizeof(event) <= PIPE_BUF, "one event is one atomic pipe write");

static void send_event(int fd, const event *ev)
{
	ssize_t n = write(fd, ev, sizeof *ev);
	if (n != (ssize_t)sizeof *ev)
		_exit(90);
}

static void send_status(int fd, int what, jf_status st, const char *msg)
{
	event ev;
	memset(&ev, 0, sizeof ev);
	ev.what = what;
	ev.status = st;
	rb_copy(ev.msg, msg, sizeof ev.msg);
	send_event(fd, &ev);
}

/* A refusal the ledger must be able to give under load; anything else is a
 * failure of the test. */
static int expected_refusal(jf_status st)
{
	return st == JF_INSUFFICIENT || st == JF_OUT_OF_STOCK || st == JF_OVER_LIMIT ||
	       st == JF_ALREADY_VOIDED || st == JF_NOT_FOUND;
}

static void report(int fd, jf_db *db, jf_status st, const char *what)
{
	char msg[300];
	if (st == JF_DB_BUSY) {
		send_status(fd, EV_BUSY, st, jf_db_error(db));
	} else if (expected_refusal(st)) {
		send_status(fd, EV_REFUSED, st, jf_db_error(db));
	} else {
		snprintf(msg, sizeof msg, "%s: %s: %s", what, jf_status_name(st), jf_db_error(db));
		send_status(fd, EV_ERROR, st, msg);
	}
}

/* One counter: `ops` random calls as `login`, every outcome reported. */
static void worker(const rb_world *w, const char *login, int busy_ms, int ops, unsigned seed,
                   int fd, int go)
{
	char err[512];
	jf_db *db = NULL;
	jf_op *op = NULL;
	jf_status st = jf_db_open(w->path, &db, err, sizeof err);
	if (st != JF_OK) {
		send_status(fd, EV_ERROR, st, err);
		_exit(1);
	}
	jf_db_set_time(db, RB_T0);
	if ((st = jf_login(db, login, RB_PIN, &op)) != JF_OK) {
		send_status(fd, EV_ERROR, st, jf_db_error(db));
		_exit(1);
	}
	jf_db_set_busy_timeout(db, busy_ms);
	send_status(fd, EV_READY, JF_OK, "");
	char c;
	if (read(go, &c, 1) < 0) /* returns 0 when the parent lets everyone go */
		_exit(1);
	int staff = jf_op_role(op) >= JF_ROLE_STAFF;
	const int64_t items[] = {w->tissue, w->rice, w->oil, w->clean};
	for (int i = 0; i < ops; i++) {
		event ev;
		memset(&ev, 0, sizeof ev);
		int dice = (int)(rand_r(&seed) % 100);
		if (!staff || dice < 60) {
			jf_cart_line cart[CART_LINES];
			size_t n = 1 + rand_r(&seed) % CART_LINES;
			for (size_t k = 0; k < n; k++) {
				cart[k].item_id = items[rand_r(&seed) % 4];
				cart[k].qty = 1 + rand_r(&seed) % 3;
			}
			int64_t who = w->resident[rand_r(&seed) % RB_RESIDENTS];
			jf_redeem_result res;
			st = jf_redeem(db, op, who, cart, n, &res);
			if (st != JF_OK) {
				report(fd, db, st, "redeem");
				continue;
			}
			ev.what = EV_REDEEM;
			ev.resident[0] = who;
			ev.points = res.total;
			for (size_t k = 0; k < n; k++) {
				ev.item[k] = cart[k].item_id;
				ev.qty[k] = cart[k].qty;
			}
			rb_copy(ev.receipt_no, res.receipt_no, sizeof ev.receipt_no);
		} else if (dice < 80) {
			size_t n = 1 + rand_r(&seed) % 2;
			unsigned first = rand_r(&seed) % RB_RESIDENTS;
			unsigned second = (first + 1 + rand_r(&seed) % (RB_RESIDENTS - 1)) % RB_RESIDENTS;
			int64_t who[2] = {w->resident[first], w->resident[second]};
			jf_award_req req = {.activity_id = w->activity, .verifier_id = w->grid,
			                    .note = "捡拾垃圾"};
			st = jf_award(db, op, who, n, &req, NULL);
			if (st != JF_OK) {
				report(fd, db, st, "award");
				continue;
			}
			ev.what = EV_AWARD;
			ev.resident[0] = who[0];
			ev.resident[1] = n > 1 ? who[1] : 0;
			ev.points = w->activity_points;
		} else if (dice < 90) {
			/* any receipt of the day, maybe another counter's, maybe voided */
			char no[32];
			snprintf(no, sizeof no, "20260610-%04u", 1 + rand_r(&seed) % 120);
			st = jf_void(db, op, no, "居民退回", NULL);
			if (st != JF_OK) {
				report(fd, db, st, "void");
				continue;
			}
			ev.what = EV_VOID;
			rb_copy(ev.receipt_no, no, sizeof ev.receipt_no);
		} else {
			ev.item[0] = items[rand_r(&seed) % 3];
			ev.qty[0] = 1 + rand_r(&seed) % 4;
			st = jf_stock_in(db, op, ev.item[0], ev.qty[0], 0, "补货");
			if (st != JF_OK) {
				report(fd, db, st, "stock in");
				continue;
			}
			ev.what = EV_STOCK_IN;
		}
		ev.status = JF_OK;
		send_event(fd, &ev);
	}
	/* a volunteer's session may never award, whatever the load */
	if (!staff) {
		jf_award_req req = {.activity_id = w->activity, .verifier_id = w->grid};
		st = jf_award(db, op, &w->resident[0], 1, &req, NULL);
		if (st != JF_DENIED)
			report(fd, db, st, "volunteer award");
	}
	jf_op_free(op);
	jf_db_close(db);
	_exit(0);
}

typedef struct {
	event *v;
	size_t n, cap;
} event_list;

static void collect(int fd, event_list *all)
{
	event ev;
	ssize_t got;
	while ((got = read(fd, &ev, sizeof ev)) == (ssize_t)sizeof ev) {
		if (all->n == all->cap) {
			all->cap = all->cap ? all->cap * 2 : 256;
			all->v = realloc(all->v, all->cap * sizeof *all->v);
			assert_non_null(all->v);
		}
		all->v[all->n++] = ev;
	}
	assert_int_equal(got, 0);
}

/* Run the workers (half staff, half volunteers) to the end and return what
 * they reported. */
static void run_workers(const rb_world *w, int busy_ms, int ops, event_list *all)
{
	int fds[WORKERS][2], go[2];
	pid_t pid[WORKERS];
	assert_int_equal(pipe(go), 0);
	for (int i = 0; i < WORKERS; i++) {
		assert_int_equal(pipe(fds[i]), 0);
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0) {
			close(go[1]);
			for (int j = 0; j <= i; j++)
				close(fds[j][0]);
			worker(w, i % 2 ? "counter" : "staff", busy_ms, ops, 1000u * (unsigned)busy_ms + (unsigned)i,
			       fds[i][1], go[0]);
		}
		close(fds[i][1]);
	}
	close(go[0]);
	/* let them all go at once, after every one has opened and logged in */
	for (int i = 0; i < WORKERS; i++) {
		event ev;
		assert_int_equal(read(fds[i][0], &ev, sizeof ev), sizeof ev);
		if (ev.what != EV_READY)
			fail_msg("counter %d could not start: %s", i, ev.msg);
	}
	close(go[1]);
	for (int i = 0; i < WORKERS; i++) {
		collect(fds[i][0], all);
		close(fds[i][0]);
		int status = 0;
		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			fail_msg("counter %d died (status %d)", i, status);
	}
}

/* Everything the database holds is what the successful calls add up to. */
static void check_books(const rb_world *w, const event_list *all, int64_t stock_moves_before)
{
	int64_t balance[RB_RESIDENTS], stock[4] = {w->tissue_stock, w->rice_stock, w->oil_stock, 0};
	const int64_t items[] = {w->tissue, w->rice, w->oil, w->clean};
	int64_t redeems = 0, awards = 0, voids = 0, stock_ins = 0, busy = 0;
	jf_db *db = rb_open(w, NULL, NULL);

	for (int r = 0; r < RB_RESIDENTS; r++)
		balance[r] = w->start_balance;
	for (size_t i = 0; i < all->n; i++) {
		const event *ev = &all->v[i];
		switch (ev->what) {
		case EV_ERROR:
			fail_msg("a counter failed: %s", ev->msg);
			break;
		case EV_BUSY:
			/* refused with the clear message, never anything else */
			assert_non_null(strstr(ev->msg, jf_status_message(JF_DB_BUSY)));
			busy++;
			break;
		case EV_REFUSED:
			assert_true(ev->msg[0] != '\0');
			break;
		case EV_REDEEM:
		case EV_VOID: {
			/* the receipt as the database has it */
			char sql[256];
			snprintf(sql, sizeof sql,
			         "SELECT total * 1000 + resident_id FROM receipts WHERE no = '%s'",
			         ev->receipt_no);
			int64_t v = rb_query(w->path, sql);
			int64_t total = v / 1000, who = v % 1000;
			int sign = ev->what == EV_REDEEM ? -1 : 1;
			if (ev->what == EV_REDEEM)
				assert_int_equal(total, ev->points);
			for (int r = 0; r < RB_RESIDENTS; r++)
				if (w->resident[r] == who)
					balance[r] += sign * total;
			for (int k = 0; k < 3; k++) {
				snprintf(sql, sizeof sql,
				         "SELECT coalesce(sum(l.qty), 0) FROM receipt_lines l"
				         " JOIN receipts r ON r.id = l.receipt_id"
				         " WHERE r.no = '%s' AND l.item_id = %lld",
				         ev->receipt_no, (long long)items[k]);
				int64_t q = rb_query(w->path, sql);
				stock[k] += sign * q;
				if (ev->what == EV_REDEEM) {
					int64_t asked = 0;
					for (int c = 0; c < CART_LINES; c++)
						if (ev->item[c] == items[k])
							asked += ev->qty[c];
					assert_int_equal(q, asked);
				}
			}
			if (ev->what == EV_REDEEM)
				redeems++;
			else
				voids++;
			break;
		}
		case EV_AWARD:
			for (int j = 0; j < 2; j++)
				for (int r = 0; r < RB_RESIDENTS; r++)
					if (ev->resident[j] && w->resident[r] == ev->resident[j]) {
						balance[r] += ev->points;
						awards++;
					}
			break;
		case EV_STOCK_IN:
			for (int k = 0; k < 3; k++)
				if (items[k] == ev->item[0])
					stock[k] += ev->qty[0];
			stock_ins++;
			break;
		default:
			fail_msg("unexpected report %d", ev->what);
		}
	}
	print_message("    %lld redemptions, %lld awards, %lld voids, %lld stock-ins, %lld busy\n",
	              (long long)redeems, (long long)awards, (long long)voids, (long long)stock_ins,
	              (long long)busy);

	/* exactly the successful calls: none lost, none repeated */
	assert_int_equal(rb_query(w->path, "SELECT count(*) FROM ledger WHERE kind = 'redeem'"),
	                 redeems);
	assert_int_equal(rb_query(w->path, "SELECT count(*) FROM receipts"), redeems);
	assert_int_equal(rb_query(w->path, "SELECT count(DISTINCT no) FROM receipts"), redeems);
	assert_int_equal(rb_query(w->path, "SELECT count(*) FROM ledger WHERE kind = 'award'"),
	                 awards);
	assert_int_equal(rb_query(w->path, "SELECT count(*) FROM ledger WHERE kind = 'void'"),
	                 voids);
	assert_int_equal(rb_query(w->path, "SELECT count(*) FROM stock_moves WHERE kind = 'in'") -
	                         stock_moves_before,
	                 stock_ins);
	/* never below zero */
	assert_int_equal(rb_query(w->path, "SELECT count(*) FROM residents WHERE balance < 0"), 0);
	assert_int_equal(rb_query(w->path, "SELECT count(*) FROM items WHERE stock < 0"), 0);
	assert_int_equal(rb_query(w->path,
	                           "SELECT count(*) FROM ledger WHERE balance_after < 0"),
	                 0);
	for (int r = 0; r < RB_RESIDENTS; r++) {
		jf_resident res;
		assert_int_equal(jf_resident_get(db, w->resident[r], &res), JF_OK);
		assert_int_equal(res.balance, balance[r]);
		/* the monthly limit held across counters */
		int64_t used = 0;
		assert_int_equal(jf_item_month_used(db, w->resident[r], w->oil, RB_T0, &used), JF_OK);
		assert_true(used <= w->oil_limit);
	}
	for (int k = 0; k < 3; k++) {
		jf_item it;
		assert_int_equal(jf_item_get(db, items[k], &it), JF_OK);
		assert_int_equal(it.stock, stock[k]);
		assert_true(it.stock >= 0);
	}
	jf_audit_report rep;
	if (jf_audit(db, &rep) != JF_OK)
		fail_msg("audit: %s", jf_db_error(db));
	assert_int_equal(rep.receipts, redeems);
	jf_db_close(db);
}

/* Counters that wait for each other (the normal busy timeout). */
static void test_counters_at_once(void **state)
{
	(void)state;
	rb_world w;
	event_list all = {0};
	rb_world_make(&w, 300, 120);
	int64_t moves = rb_query(w.path, "SELECT count(*) FROM stock_moves WHERE kind = 'in'");
	run_workers(&w, 5000, 200, &all);
	check_books(&w, &all, moves);
	free(all.v);
	rb_world_remove(&w);
}

/* Counters that hardly wait: many calls are refused as busy, and each of
 * those wrote nothing. */
static void test_counters_impatient(void **state)
{
	(void)state;
	rb_world w;
	event_list all = {0};
	rb_world_make(&w, 300, 120);
	int64_t moves = rb_query(w.path, "SELECT count(*) FROM stock_moves WHERE kind = 'in'");
	run_workers(&w, 1, 200, &all);
	check_books(&w, &all, moves);
	free(all.v);
	rb_world_remove(&w);
}

/* Another connection holds the write lock (BEGIN IMMEDIATE): every write
 * waits briefly, then is refused as busy with a clear message and writes
 * nothing; reads go on; once the lock is gone the same call succeeds. */
static void test_held_lock_is_busy(void **state)
{
	(void)state;
	rb_world w;
	rb_world_make(&w, 60, 40);
	jf_op *staff = NULL, *vol = NULL;
	jf_db *db = rb_open(&w, "staff", &staff);
	assert_int_equal(jf_login(db, "counter", RB_PIN, &vol), JF_OK);
	jf_redeem_result res;
	jf_cart_line cart = {w.tissue, 2};
	assert_int_equal(jf_redeem(db, vol, w.resident[0], &cart, 1, &res), JF_OK);
	char receipt[JF_RECEIPT_NO_MAX + 1];
	rb_copy(receipt, res.receipt_no, sizeof receipt);

	sqlite3 *holder = NULL;
	assert_int_equal(sqlite3_open(w.path, &holder), SQLITE_OK);
	assert_int_equal(sqlite3_exec(holder, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	uint64_t before = rb_content_sum(w.path);
	jf_db_set_busy_timeout(db, 50);

	assert_int_equal(jf_redeem(db, vol, w.resident[0], &cart, 1, &res), JF_DB_BUSY);
	assert_non_null(strstr(jf_db_error(db), "数据库正忙"));
	assert_string_equal(res.receipt_no, "");
	jf_award_req req = {.activity_id = w.activity, .verifier_id = w.grid};
	assert_int_equal(jf_award(db, staff, &w.resident[1], 1, &req, NULL), JF_DB_BUSY);
	assert_int_equal(jf_void(db, staff, receipt, "退回", NULL), JF_DB_BUSY);
	assert_int_equal(jf_stock_in(db, staff, w.tissue, 5, 0, NULL), JF_DB_BUSY);
	assert_int_equal(jf_stock_count(db, staff, w.tissue, 5, NULL), JF_DB_BUSY);
	assert_int_equal(jf_adjust(db, staff, w.resident[1], 5, "补录", NULL), JF_DENIED);
	assert_non_null(strstr(jf_db_error(db), "管理员"));

	/* reading goes on while another counter writes */
	jf_resident r;
	assert_int_equal(jf_resident_get(db, w.resident[0], &r), JF_OK);
	assert_int_equal(r.balance, 56);
	jf_audit_report rep;
	assert_int_equal(jf_audit(db, &rep), JF_OK);

	/* nothing was written by any of the refused calls */
	assert_int_equal(sqlite3_exec(holder, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	assert_true(rb_content_sum(w.path) == before);
	sqlite3_close(holder);

	/* the lock is gone: the same calls go through */
	assert_int_equal(jf_redeem(db, vol, w.resident[0], &cart, 1, &res), JF_OK);
	assert_int_equal(res.balance_after, 52);
	assert_int_equal(jf_void(db, staff, receipt, "退回", NULL), JF_OK);
	assert_int_equal(jf_audit(db, &rep), JF_OK);
	jf_op_free(staff);
	jf_op_free(vol);
	jf_db_close(db);
	rb_world_remove(&w);
}

/* A counter that starts while another holds the file locked (a checkpoint
 * as the last counter closes, the recovery after a crash) waits for it as
 * any writer does, instead of refusing to open at once. */
static void test_open_waits_for_lock(void **state)
{
	(void)state;
	rb_world w;
	rb_world_make(&w, 0, 0);
	int ready[2];
	assert_int_equal(pipe(ready), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		sqlite3 *holder = NULL;
		close(ready[0]);
		if (sqlite3_open_v2(w.path, &holder, SQLITE_OPEN_READWRITE, "unix") != SQLITE_OK ||
		    sqlite3_exec(holder, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;"
		                         /* (not a watched table: the plain library
		                          * has no jf_ functions for its triggers) */
		                         " UPDATE resident_keys SET kind = kind;",
		                 NULL, NULL, NULL) != SQLITE_OK)
			_exit(2);
		if (write(ready[1], "x", 1) != 1)
			_exit(3);
		usleep(300 * 1000);
		sqlite3_exec(holder, "COMMIT", NULL, NULL, NULL);
		sqlite3_close(holder);
		_exit(0);
	}
	close(ready[1]);
	char c, err[512];
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);
	/* the file is locked now, for a moment */
	jf_db *db = NULL;
	jf_status st = jf_db_open(w.path, &db, err, sizeof err);
	if (st != JF_OK)
		fail_msg("open while another held the lock for a moment: %s", err);
	jf_op *op = NULL;
	assert_int_equal(jf_login(db, "counter", RB_PIN, &op), JF_OK);
	jf_op_free(op);
	jf_db_close(db);
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	rb_world_remove(&w);
}

/* Wrong PINs typed at several counters at the same moment all count toward
 * the lockout: five at once lock the operator, even the right PIN is then
 * refused. */
static void test_parallel_wrong_pins_count(void **state)
{
	(void)state;
	rb_world w;
	rb_world_make(&w, 0, 0);
	enum { TRIES = JF_PIN_MAX_FAILS };
	pid_t pid[TRIES];
	int go[2];
	assert_int_equal(pipe(go), 0);
	for (int i = 0; i < TRIES; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0) {
			char err[512], c;
			jf_db *db = NULL;
			jf_op *op = NULL;
			close(go[1]);
			if (jf_db_open(w.path, &db, err, sizeof err) != JF_OK)
				_exit(2);
			if (read(go[0], &c, 1) < 0)
				_exit(2);
			jf_status st = jf_login(db, "staff", "1357", &op);
			jf_db_close(db);
			_exit(st == JF_BAD_PIN || st == JF_LOCKED ? 0 : 3);
		}
	}
	close(go[0]);
	close(go[1]);
	for (int i = 0; i < TRIES; i++) {
		int status = 0;
		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_true(rb_query(w.path, "SELECT locked_until FROM operators WHERE login = 'staff'") >
	            RB_T0);
	jf_op *op = NULL;
	jf_db *db = rb_open(&w, NULL, NULL);
	assert_int_equal(jf_login(db, "staff", RB_PIN, &op), JF_LOCKED);
	assert_null(op);
	jf_db_close(db);
	rb_world_remove(&w);
}

/* Forty wrong PINs started at the same moment, as forty processes on the
 * one file: each takes a guess before its slow check, so at most
 * JF_PIN_MAX_FAILS are ever checked (the rest are refused as locked at
 * once), and the right PIN after them finds the operator locked. */
static void test_forty_parallel_wrong_pins(void **state)
{
	(void)state;
	rb_world w;
	rb_world_make(&w, 0, 0);
	/* every PIN checked moves the operator's count of wrong PINs (a check
	 * that failed is counted, one that is refused unchecked is not): a
	 * trigger made as with the sqlite3 shell counts the moves */
	sqlite3 *raw = NULL;
	char *why = NULL;
	assert_int_equal(sqlite3_open(w.path, &raw), SQLITE_OK);
	if (sqlite3_exec(raw, "CREATE TABLE test_pin_moves(n INTEGER);"
	                      "CREATE TRIGGER test_pin_moves AFTER UPDATE OF failed_pins ON operators"
	                      " BEGIN INSERT INTO test_pin_moves VALUES (NEW.failed_pins); END;",
	                 NULL, NULL, &why) != SQLITE_OK)
		fail_msg("trigger: %s", why);
	sqlite3_close(raw);
	enum { TRIES = 40 };
	pid_t pid[TRIES];
	int go[2];
	assert_int_equal(pipe(go), 0);
	for (int i = 0; i < TRIES; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0) {
			char err[512], c;
			jf_db *db = NULL;
			jf_op *op = NULL;
			close(go[1]);
			if (jf_db_open(w.path, &db, err, sizeof err) != JF_OK)
				_exit(2);
			if (read(go[0], &c, 1) < 0)
				_exit(2);
			jf_status st = jf_login(db, "staff", "1357", &op);
			jf_db_close(db);
			_exit(st == JF_BAD_PIN ? 0 : st == JF_LOCKED ? 1 : 3);
		}
	}
	close(go[0]);
	close(go[1]); /* all start together */
	int bad = 0, locked = 0;
	for (int i = 0; i < TRIES; i++) {
		int status = 0;
		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status));
		if (WEXITSTATUS(status) == 0)
			bad++;
		else if (WEXITSTATUS(status) == 1)
			locked++;
		else
			fail_msg("a try ended with exit %d", WEXITSTATUS(status));
	}
	/* at most JF_PIN_MAX_FAILS - 1 said "wrong PIN" and one locked: the
	 * others were never checked */
	if (bad > JF_PIN_MAX_FAILS - 1)
		fail_msg("%d said the PIN was wrong in one lockout", bad);
	assert_int_equal(bad + locked, TRIES);
	int64_t checked = rb_query(w.path, "SELECT count(*) FROM test_pin_moves");
	if (checked > JF_PIN_MAX_FAILS)
		fail_msg("%lld PINs were checked in one lockout", (long long)checked);
	jf_op *op = NULL;
	jf_db *db = rb_open(&w, NULL, NULL);
	assert_int_equal(jf_login(db, "staff", RB_PIN, &op), JF_LOCKED);
	assert_null(op);
	assert_non_null(strstr(jf_db_error(db), "锁定到"));
	jf_db_close(db);
	rb_world_remove(&w);
}

int main(void)
{
	test_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_held_lock_is_busy),
		cmocka_unit_test(test_open_waits_for_lock),
		cmocka_unit_test(test_parallel_wrong_pins_count),
		cmocka_unit_test(test_forty_parallel_wrong_pins),
		cmocka_unit_test(test_counters_at_once),
		cmocka_unit_test(test_counters_impatient),
	};
	return cmocka_run_group_tests_name("concurrency", tests, NULL, NULL);
}
