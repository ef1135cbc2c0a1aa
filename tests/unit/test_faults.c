/* I/O faults: a full disk, a failing disk (writes, reads, fsync), a
 * read-only file or folder, a corrupt file, a file that is not a jifen
 * database, one from a newer version.
 *
 * Disk faults come from an SQLite VFS (tests/robust/faultvfs.h) registered
 * as the default in this program: jifen opens its files as always and the
 * n-th read, write or sync fails.  Each operation is run with the fault at
 * every point it can hit (n = 0, 1, 2 ... until the operation gets through):
 * each time it must be refused with a message naming the cause, the
 * committed content must be unchanged (also after the handle is closed and
 * the file opened again), the same handle must work once the fault is gone,
 * and the audit must pass. */
#include "../robust/robust.h"
#include "../robust/faultvfs.h"

#include <fcntl.h>
#include <pwd.h>

#include "jifen/csv.h"
#include "jifen/dayclose.h"
#include "jifen/import.h"
#include "jifen/receipt.h"
#include "jifen/report.h"
#include "jifen/voucher.h"

typedef struct {
	rb_world w;
	jf_op *admin, *staff, *vol;
	char receipt[JF_RECEIPT_NO_MAX + 1]; /* a receipt to void */
	int64_t receipt_id, voucher;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	rb_world_make(&f->w, 500, 100);
	jf_db *db = rb_open(&f->w, "admin", &f->admin);
	assert_int_equal(jf_login(db, "staff", RB_PIN, &f->staff), JF_OK);
	assert_int_equal(jf_login(db, "counter", RB_PIN, &f->vol), JF_OK);
	jf_cart_line cart[] = {{f->w.tissue, 2}, {f->w.clean, 1}};
	jf_redeem_result res;
	assert_int_equal(jf_redeem(db, f->vol, f->w.resident[1], cart, 2, &res), JF_OK);
	rb_copy(f->receipt, res.receipt_no, sizeof f->receipt);
	f->receipt_id = res.receipt_id;
	/* a voucher on a receipt of its own, which no test voids */
	jf_cart_line service = {f->w.clean, 1};
	assert_int_equal(jf_redeem(db, f->vol, f->w.resident[2], &service, 1, &res), JF_OK);
	jf_voucher_entry *v = NULL;
	size_t n = 0;
	assert_int_equal(jf_voucher_list(db, JF_VOUCHER_ALL, f->w.resident[2], &v, &n), JF_OK);
	assert_int_equal(n, 1);
	f->voucher = v[0].id;
	free(v);
	jf_db_close(db);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	fault_disarm();
	jf_op_free(f->admin);
	jf_op_free(f->staff);
	jf_op_free(f->vol);
	rb_world_remove(&f->w);
	free(f);
	return 0;
}

/* --- the operations, as a counter would call them ------------------------ */

typedef jf_status (*op_fn)(fixture *f, jf_db *db);

static jf_status op_redeem(fixture *f, jf_db *db)
{
	jf_cart_line cart[] = {{f->w.tissue, 1}, {f->w.rice, 2}, {f->w.clean, 2}};
	jf_redeem_result res;
	jf_status st = jf_redeem(db, f->vol, f->w.resident[0], cart, 3, &res);
	if (st != JF_OK && (res.receipt_no[0] || res.total))
		fail_msg("a refused redemption gave a receipt %s", res.receipt_no);
	return st;
}

static jf_status op_award(fixture *f, jf_db *db)
{
	jf_award_req req = {.activity_id = f->w.activity, .verifier_id = f->w.grid,
	                    .ref = "第7页", .note = "楼道清扫"};
	int64_t ids[2] = {f->w.resident[2], f->w.resident[3]};
	return jf_award(db, f->staff, ids, 2, &req, NULL);
}

static jf_status op_void(fixture *f, jf_db *db)
{
	return jf_void(db, f->staff, f->receipt, "居民退回", NULL);
}

static jf_status op_stock_in(fixture *f, jf_db *db)
{
	return jf_stock_in(db, f->staff, f->w.rice, 12, 0, "街道慰问品");
}

static jf_status op_stock_count(fixture *f, jf_db *db)
{
	return jf_stock_count(db, f->staff, f->w.tissue, 77, "月底盘点");
}

static jf_status op_adjust(fixture *f, jf_db *db)
{
	return jf_adjust(db, f->admin, f->w.resident[3], -20, "重复赋分更正", NULL);
}

static jf_status op_resident_add(fixture *f, jf_db *db)
{
	jf_resident_new r = {.name = "曾宪梓", .compound = "安康小区", .phone = "13900002222"};
	return jf_resident_add(db, f->staff, &r, NULL);
}

static jf_status op_wrong_pin(fixture *f, jf_db *db)
{
	(void)f;
	jf_op *op = NULL;
	jf_status st = jf_login(db, "counter", "0000", &op);
	/* a wrong PIN that was counted is the operation getting through */
	return st == JF_BAD_PIN ? JF_OK : st;
}

static jf_status op_import(fixture *f, jf_db *db)
{
	static const char rows[] = "居民,活动,核实人,日期,备注\r\n"
	                           "丁美英,V01,原冬梅,2026-06-09,楼道清扫\r\n"
	                           "杨效文,V01,原冬梅,2026-06-08,\r\n"
	                           "13812345672,V01,原冬梅,,\r\n";
	jf_csv *csv = NULL;
	char err[256];
	jf_import_result res;
	(void)f;
	if (jf_csv_open_mem(rows, sizeof rows - 1, &csv, err, sizeof err) != JF_OK)
		fail_msg("csv: %s", err);
	jf_status st = jf_award_import(db, f->staff, csv, JF_IMPORT_ALLOW_DUPLICATES, NULL, NULL,
	                                &res);
	if (st == JF_OK && res.imported != 3)
		fail_msg("imported %zu of 3", res.imported);
	if (st != JF_OK && res.imported != 0)
		fail_msg("refused, yet %zu imported", res.imported);
	jf_import_result_free(&res);
	jf_csv_close(csv);
	return st;
}

static jf_status op_day_close(fixture *f, jf_db *db)
{
	return jf_day_close(db, f->staff, "2026-06-09", "日结");
}

static jf_status op_fulfil(fixture *f, jf_db *db)
{
	return jf_voucher_fulfil(db, f->staff, f->voucher, "已上门服务");
}

static jf_status op_record_print(fixture *f, jf_db *db)
{
	return jf_receipt_record_print(db, f->receipt_id, 0, "打印机缺纸");
}

static jf_status op_receipt(fixture *f, jf_db *db)
{
	jf_receipt r;
	jf_status st = jf_receipt_load(db, f->receipt, &r);
	if (st == JF_OK) {
		if (r.nlines != 2 || !r.payload[0])
			fail_msg("receipt with %zu lines", r.nlines);
		jf_receipt_free(&r);
	}
	return st;
}

static jf_status op_month(fixture *f, jf_db *db)
{
	jf_month_report *m = NULL;
	(void)f;
	jf_status st = jf_month_report_load(db, "2026-06", &m);
	jf_month_report_free(m);
	return st;
}

static jf_status op_search(fixture *f, jf_db *db)
{
	jf_resident found[8];
	int n = 0, exact = 0;
	(void)f;
	jf_status st = jf_resident_search(db, "丁美英", 0, found, 8, &n, &exact);
	if (st == JF_OK && n != 1)
		fail_msg("search found %d residents", n);
	return st;
}

static jf_status op_passbook(fixture *f, jf_db *db)
{
	jf_entry *e = NULL;
	size_t n = 0;
	jf_status st = jf_passbook(db, f->w.resident[1], &e, &n);
	free(e);
	if (st == JF_OK && n != 2)
		fail_msg("passbook has %zu entries", n);
	return st;
}

static jf_status op_audit(fixture *f, jf_db *db)
{
	jf_audit_report rep;
	(void)f;
	return jf_audit(db, &rep);
}

/* --- the sweep ------------------------------------------------------------ */

static const char *cause_of(fault_mode mode)
{
	return mode == FAULT_FULL ? "磁盘已满" : "读写失败";
}

/* Run `fn` with the n-th faulted call failing, for n = 0, 1, 2 ... until it
 * gets through without meeting the fault; returns how many points it had. */
static long sweep(fixture *f, fault_mode mode, op_fn fn, const char *name)
{
	jf_audit_report rep;
	for (long budget = 0; budget < 5000; budget++) {
		jf_db *db = rb_open(&f->w, NULL, NULL);
		uint64_t before = rb_content_sum(f->w.path);
		fault_arm(mode, budget);
		jf_status st = fn(f, db);
		long faults = fault.faults;
		fault_disarm();
		if (st == JF_OK && faults == 0) {
			jf_db_close(db);
			rb_audit_ok(f->w.path, &rep);
			return budget;
		}
		if (st != JF_OK) {
			jf_status want = mode == FAULT_FULL ? JF_DB_FULL : JF_DB_IO;
			if (st != want)
				fail_msg("%s, fault %d at %ld: %s, expected %s: %s", name, mode, budget,
				         jf_status_name(st), jf_status_name(want), jf_db_error(db));
			if (!strstr(jf_db_error(db), cause_of(mode)))
				fail_msg("%s, fault %d at %ld: the message does not name the cause: %s",
				         name, mode, budget, jf_db_error(db));
			if (rb_content_sum(f->w.path) != before)
				fail_msg("%s, fault %d at %ld: refused but the file changed", name, mode,
				         budget);
			/* the fault is gone: the same handle works again */
			if (jf_audit(db, &rep) != JF_OK)
				fail_msg("%s, fault %d at %ld: audit after: %s", name, mode, budget,
				         jf_db_error(db));
		}
		jf_db_close(db);
		/* opened again (recovering the WAL), still the same, still whole */
		if (st != JF_OK && rb_content_sum(f->w.path) != before)
			fail_msg("%s, fault %d at %ld: the refused call appeared after reopening", name,
			         mode, budget);
		rb_audit_ok(f->w.path, &rep);
	}
	fail_msg("%s never got through", name);
	return -1;
}

static const struct {
	op_fn fn;
	const char *name;
} writers[] = {
	{op_redeem, "redeem"},         {op_void, "void"},         {op_award, "award"},
	{op_stock_in, "stock in"},     {op_stock_count, "count"}, {op_adjust, "adjust"},
	{op_resident_add, "resident"}, {op_wrong_pin, "wrong PIN"}, {op_import, "import"},
	{op_day_close, "day close"},   {op_fulfil, "fulfil"},     {op_record_print, "print"},
};

/* The first `n` writers (redeem and void, the biggest transactions,
 * come first) under the fault. */
static void sweep_writers(fixture *f, fault_mode mode, size_t n)
{
	for (size_t i = 0; i < n && i < sizeof writers / sizeof *writers; i++) {
		long points = sweep(f, mode, writers[i].fn, writers[i].name);
		/* every write operation writes, so each met the fault at least once */
		if (points == 0)
			fail_msg("%s never met the fault", writers[i].name);
	}
}

static void test_full_disk(void **state)
{
	sweep_writers(*state, FAULT_FULL, sizeof writers / sizeof *writers);
}

/* The same points as a full disk, without the torn half write: the two
 * biggest transactions are enough. */
static void test_write_errors(void **state)
{
	sweep_writers(*state, FAULT_WRITE, 2);
}

static void test_fsync_errors(void **state)
{
	sweep_writers(*state, FAULT_SYNC, sizeof writers / sizeof *writers);
}

static void test_read_errors(void **state)
{
	fixture *f = *state;
	static const struct {
		op_fn fn;
		const char *name;
	} ops[] = {
		{op_search, "search"}, {op_passbook, "passbook"}, {op_audit, "audit"},
		{op_redeem, "redeem"}, {op_award, "award"},       {op_void, "void"},
		{op_receipt, "receipt"}, {op_month, "month"},     {op_import, "import"},
	};
	for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
		sweep(f, FAULT_READ, ops[i].fn, ops[i].name);
}

/* The disk fills while the last counter closes: the log cannot be copied
 * into the file.  Nothing is lost: the next open finds it all. */
static void test_full_disk_at_close(void **state)
{
	fixture *f = *state;
	jf_db *db = rb_open(&f->w, NULL, NULL);
	assert_int_equal(op_redeem(f, db), JF_OK);
	assert_int_equal(op_award(f, db), JF_OK);
	uint64_t before = rb_content_sum(f->w.path);
	fault_arm(FAULT_FULL, 0);
	jf_db_close(db);
	long faults = fault.faults;
	fault_disarm();
	assert_true(faults > 0);
	assert_true(rb_content_sum(f->w.path) == before);
	jf_audit_report rep;
	rb_audit_ok(f->w.path, &rep);
	assert_int_equal(rep.receipts, 3); /* two made by setup, one here */
}

/* A new database on a full disk: refused, and no half-made file is left
 * where the next `jifen init` would refuse to overwrite it. */
static void test_full_disk_at_create(void **state)
{
	fixture *f = *state;
	char path[400], err[512];
	snprintf(path, sizeof path, "%s/new.db", f->w.dir);
	for (long budget = 0;; budget++) {
		jf_db *db = NULL;
		fault_arm(FAULT_FULL, budget);
		jf_status st = jf_db_create_test(path, "府西社区", "FX", 0, &db, err, sizeof err);
		long faults = fault.faults;
		fault_disarm();
		if (st == JF_OK && faults == 0) {
			jf_db_close(db);
			break;
		}
		assert_int_equal(st, JF_DB_FULL);
		assert_null(db);
		assert_non_null(strstr(err, "磁盘已满"));
		assert_int_equal(access(path, F_OK), -1);
		assert_true(budget < 1000);
	}
	jf_db *db = NULL;
	assert_int_equal(jf_db_open(path, &db, err, sizeof err), JF_OK);
	jf_db_close(db);
}

/* --- files that cannot be written ---------------------------------------- */

/* Run `fn` in a child process as an ordinary user (root may write
 * anything); returns its exit status. */
static int as_ordinary_user(int (*fn)(fixture *f), fixture *f, uid_t uid)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (geteuid() == 0 && (setgid(uid) != 0 || setuid(uid) != 0))
			_exit(99);
		_exit(fn(f));
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static uid_t nobody(void)
{
	struct passwd *pw = getpwnam("nobody");
	return pw ? pw->pw_uid : 65534;
}

#define CHILD_CHECK(cond, ...)                                  \
	do {                                                    \
		if (!(cond)) {                                  \
			fprintf(stderr, "    " __VA_ARGS__);        \
			fprintf(stderr, "\n");                  \
			return 1;                               \
		}                                               \
	} while (0)

/* Reading works; every write is refused as read-only, naming it. */
static int use_read_only(fixture *f)
{
	char err[512];
	jf_db *db = NULL;
	jf_status st = jf_db_open(f->w.path, &db, err, sizeof err);
	CHILD_CHECK(st == JF_OK, "open read-only file: %s", err);
	jf_db_set_time(db, RB_T0);
	jf_resident r;
	CHILD_CHECK(jf_resident_get(db, f->w.resident[1], &r) == JF_OK, "read: %s", jf_db_error(db));
	CHILD_CHECK(r.balance == 489, "balance %lld", (long long)r.balance);
	jf_audit_report rep;
	CHILD_CHECK(jf_audit(db, &rep) == JF_OK, "audit: %s", jf_db_error(db));
	st = op_redeem(f, db);
	CHILD_CHECK(st == JF_DB_READONLY, "redeem on a read-only file: %s: %s", jf_status_name(st),
	            jf_db_error(db));
	CHILD_CHECK(strstr(jf_db_error(db), "只读") != NULL, "message: %s", jf_db_error(db));
	st = op_award(f, db);
	CHILD_CHECK(st == JF_DB_READONLY, "award on a read-only file: %s", jf_status_name(st));
	/* a login still works (it cannot count a guess there), for reading */
	jf_op *op = NULL;
	st = jf_login(db, "staff", RB_PIN, &op);
	CHILD_CHECK(st == JF_OK, "login on a read-only file: %s", jf_db_error(db));
	jf_op_free(op);
	op = NULL;
	st = jf_login(db, "staff", "0000", &op);
	CHILD_CHECK(st == JF_BAD_PIN && !op, "a wrong PIN on a read-only file: %s",
	            jf_status_name(st));
	jf_db_close(db);
	return 0;
}

/* A read-only file in a folder the user may write: SQLite keeps its log
 * there, so reading works; writing is refused. */
static void test_read_only_file(void **state)
{
	fixture *f = *state;
	uid_t uid = nobody();
	uint64_t before = rb_content_sum(f->w.path);
	if (geteuid() == 0)
		assert_int_equal(chown(f->w.dir, uid, (gid_t)uid), 0);
	assert_int_equal(chmod(f->w.path, 0444), 0);
	assert_int_equal(as_ordinary_user(use_read_only, f, uid), 0);
	assert_true(rb_content_sum(f->w.path) == before);
	assert_int_equal(chmod(f->w.path, 0600), 0);
	jf_audit_report rep;
	rb_audit_ok(f->w.path, &rep);
}

/* Neither the file nor its folder may be written (a copy on a read-only
 * disk, another user's file): SQLite cannot make its log, so the file
 * cannot be opened; the message says why and names the folder. */
static int open_refused_naming_folder(fixture *f)
{
	char err[512];
	jf_db *db = NULL;
	jf_status st = jf_db_open(f->w.path, &db, err, sizeof err);
	CHILD_CHECK(st == JF_DB_READONLY, "open: %s: %s", jf_status_name(st), err);
	CHILD_CHECK(db == NULL, "a handle on failure");
	CHILD_CHECK(strstr(err, "文件夹") != NULL && strstr(err, f->w.dir) != NULL,
	            "the message does not name the folder: %s", err);
	return 0;
}

static void test_read_only_file_and_folder(void **state)
{
	fixture *f = *state;
	uint64_t before = rb_content_sum(f->w.path);
	assert_int_equal(chmod(f->w.path, 0444), 0);
	assert_int_equal(chmod(f->w.dir, 0555), 0);
	assert_int_equal(as_ordinary_user(open_refused_naming_folder, f, nobody()), 0);
	assert_int_equal(chmod(f->w.dir, 0700), 0);
	assert_int_equal(chmod(f->w.path, 0600), 0);
	assert_true(rb_content_sum(f->w.path) == before);
}

/* The file may be written but not its folder. */
static void test_read_only_folder(void **state)
{
	fixture *f = *state;
	uint64_t before = rb_content_sum(f->w.path);
	uid_t uid = nobody();
	if (geteuid() == 0)
		assert_int_equal(chown(f->w.path, uid, (gid_t)uid), 0);
	assert_int_equal(chmod(f->w.dir, 0555), 0);
	assert_int_equal(as_ordinary_user(open_refused_naming_folder, f, uid), 0);
	assert_int_equal(chmod(f->w.dir, 0700), 0);
	assert_true(rb_content_sum(f->w.path) == before);
}

/* SQLite's log files left behind by another user (the file was copied with
 * them, or another account ran jifen): refused, naming the file. */
static int open_refused_naming_log(fixture *f)
{
	char err[512];
	jf_db *db = NULL;
	jf_status st = jf_db_open(f->w.path, &db, err, sizeof err);
	CHILD_CHECK(st == JF_DB_READONLY, "open: %s: %s", jf_status_name(st), err);
	CHILD_CHECK(strstr(err, "日志文件") != NULL && strstr(err, "jifen.db-") != NULL,
	            "the message does not name the log file: %s", err);
	return 0;
}

static void test_log_files_of_another_user(void **state)
{
	fixture *f = *state;
	uid_t uid = nobody();
	uint64_t before = rb_content_sum(f->w.path);
	if (geteuid() == 0) {
		assert_int_equal(chown(f->w.dir, uid, (gid_t)uid), 0);
		assert_int_equal(chown(f->w.path, uid, (gid_t)uid), 0);
	}
	for (int i = 0; i < 2; i++) {
		char side[400];
		snprintf(side, sizeof side, "%s%s", f->w.path, i ? "-shm" : "-wal");
		int fd = open(side, O_CREAT | O_WRONLY | O_EXCL, 0000);
		assert_true(fd >= 0);
		close(fd);
	}
	assert_int_equal(as_ordinary_user(open_refused_naming_log, f, uid), 0);
	for (int i = 0; i < 2; i++) {
		char side[400];
		snprintf(side, sizeof side, "%s%s", f->w.path, i ? "-shm" : "-wal");
		assert_int_equal(unlink(side), 0);
	}
	assert_true(rb_content_sum(f->w.path) == before);
}

/* --- files that are not what they should be ------------------------------ */

static uint64_t file_sum(const char *path, off_t *size)
{
	uint64_t h = 1469598103934665603ull;
	FILE *fp = fopen(path, "rb");
	int c;
	*size = 0;
	assert_non_null(fp);
	while ((c = getc(fp)) != EOF) {
		h = (h ^ (unsigned)c) * 1099511628211ull;
		(*size)++;
	}
	fclose(fp);
	return h;
}

/* Overwrite `len` bytes at `off` with garbage. */
static void scribble(const char *path, off_t off, size_t len)
{
	int fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	unsigned char junk[4096];
	unsigned seed = 7;
	while (len > 0) {
		size_t n = len < sizeof junk ? len : sizeof junk;
		for (size_t i = 0; i < n; i++)
			junk[i] = (unsigned char)rand_r(&seed);
		assert_int_equal(pwrite(fd, junk, n, off), (ssize_t)n);
		off += (off_t)n;
		len -= n;
	}
	close(fd);
}

/* Whatever jifen does with a damaged file, it says so, never crashes, and
 * never writes into it. */
static void expect_refused_untouched(fixture *f, const char *path, jf_status want,
                                     const char *words)
{
	char err[512];
	off_t size0, size1;
	uint64_t sum0 = file_sum(path, &size0);
	jf_db *db = NULL;
	jf_status st = jf_db_open(path, &db, err, sizeof err);
	if (st == JF_OK) {
		/* the damage is deeper than the header: found on use */
		jf_audit_report rep;
		st = jf_audit(db, &rep);
		if (st == JF_OK)
			st = op_redeem(f, db);
		rb_copy(err, jf_db_error(db), sizeof err);
		jf_db_close(db);
	}
	if (st != want)
		fail_msg("%s: %s, expected %s: %s", path, jf_status_name(st), jf_status_name(want),
		         err);
	if (!strstr(err, words))
		fail_msg("%s: the message does not say \"%s\": %s", path, words, err);
	assert_true(file_sum(path, &size1) == sum0);
	assert_int_equal(size1, size0);
}

static void test_corrupt_pages(void **state)
{
	fixture *f = *state;
	off_t size;
	file_sum(f->w.path, &size);
	/* every page but the first (the header and schema) */
	scribble(f->w.path, 4096, (size_t)(size - 4096));
	expect_refused_untouched(f, f->w.path, JF_DB_CORRUPT, "损坏");
}

static void test_corrupt_schema_page(void **state)
{
	fixture *f = *state;
	/* the header stays (it is still a jifen file), the schema is garbage */
	scribble(f->w.path, 100, 4096 - 100);
	expect_refused_untouched(f, f->w.path, JF_DB_CORRUPT, "损坏");
}

static void test_truncated_file(void **state)
{
	fixture *f = *state;
	off_t size;
	file_sum(f->w.path, &size);
	assert_int_equal(truncate(f->w.path, size / 2), 0);
	expect_refused_untouched(f, f->w.path, JF_DB_CORRUPT, "损坏");
}

static void test_not_a_jifen_file(void **state)
{
	fixture *f = *state;
	char path[400];
	/* an empty file (a failed copy): SQLite would call it an empty database */
	snprintf(path, sizeof path, "%s/empty.db", f->w.dir);
	FILE *fp = fopen(path, "w");
	fclose(fp);
	expect_refused_untouched(f, path, JF_DB_NOT_JIFEN, "不是 jifen 数据库");
	char wal[420];
	snprintf(wal, sizeof wal, "%s-wal", path);
	assert_int_equal(access(wal, F_OK), -1);
	/* a spreadsheet saved under the wrong name */
	snprintf(path, sizeof path, "%s/residents.db", f->w.dir);
	fp = fopen(path, "w");
	fputs("姓名,电话\n丁美英,13812345678\n", fp);
	fclose(fp);
	expect_refused_untouched(f, path, JF_DB_NOT_JIFEN, "不是 jifen 数据库");
	/* garbage over the header of a real jifen file */
	scribble(f->w.path, 0, 100);
	expect_refused_untouched(f, f->w.path, JF_DB_NOT_JIFEN, "不是 jifen 数据库");
	/* a folder */
	char err[512];
	jf_db *db = NULL;
	assert_int_equal(jf_db_open(f->w.dir, &db, err, sizeof err), JF_DB_NOT_JIFEN);
	assert_null(db);
	assert_non_null(strstr(err, f->w.dir));
}

static void test_newer_version_untouched(void **state)
{
	fixture *f = *state;
	sqlite3 *raw = NULL;
	char sql[64];
	assert_int_equal(sqlite3_open_v2(f->w.path, &raw, SQLITE_OPEN_READWRITE, "unix"), SQLITE_OK);
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", jf_db_schema_version() + 1);
	assert_int_equal(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
	expect_refused_untouched(f, f->w.path, JF_DB_TOO_NEW, "升级");
}

int main(void)
{
	test_init();
	if (fault_vfs_install() != 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_full_disk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fsync_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_disk_at_close, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_disk_at_create, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_only_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_only_file_and_folder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_only_folder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_log_files_of_another_user, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_schema_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_jifen_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_version_untouched, setup, teardown),
	};
	return cmocka_run_group_tests_name("faults", tests, NULL, NULL);
}
