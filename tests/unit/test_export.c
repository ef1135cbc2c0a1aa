/* Export: the ledger as CSV, as a journal that hledger reads back with
 * jifen's balances, and the online backup. */
#include "jifen/clock.h"
#include "testlib.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <time.h>

#include "jifen/access.h"
#include "jifen/catalog.h"
#include "jifen/csv.h"
#include "jifen/export.h"
#include "jifen/ledger.h"
#include "jifen/resident.h"

#define DAY 86400
/* 2026-06-10 10:00 UTC; the tests run with TZ=UTC */
#define T0 1781085600

typedef struct {
	test_env *e;
	jf_op *staff, *vol;
	int64_t ids[6];
	int64_t entries;
} fixture;

static const char *const names[6] = {
    "丁美英", "丁美英", "杨效文", "王(小)明:二;号  三", "[张常有]", "薛志安",
};

static int64_t add_item(fixture *f, const char *code, const char *name, jf_item_kind kind,
                        int64_t points)
{
	jf_item it;
	int64_t id = 0;
	memset(&it, 0, sizeof it);
	snprintf(it.code, sizeof it.code, "%s", code);
	snprintf(it.name, sizeof it.name, "%s", name);
	snprintf(it.unit, sizeof it.unit, "个");
	it.kind = kind;
	it.points = points;
	it.valid_days = 30;
	assert_int_equal(jf_item_add(f->e->db, f->e->admin, &it, &id), JF_OK);
	return id;
}

/* Awards, redemptions of several lines, a void, adjustments both ways, two
 * residents of the same name, names full of what a journal must not hold,
 * and a clock that once goes back a day. */
static int setup(void **state)
{
	if (test_env_setup(state) != 0)
		return -1;
	fixture *f = calloc(1, sizeof *f);
	f->e = *state;
	jf_db *db = f->e->db;
	jf_db_set_time(db, T0);
	assert_int_equal(jf_activity_load_defaults(db), JF_OK);
	assert_int_equal(
	    jf_operator_add(db, f->e->admin, "staff", "杨阿强", JF_ROLE_STAFF, "2468", 0), JF_OK);
	assert_int_equal(
	    jf_operator_add(db, f->e->admin, "counter", "李志愿", JF_ROLE_VOLUNTEER, "2468", 0),
	    JF_OK);
	assert_int_equal(jf_login(db, "staff", "2468", &f->staff), JF_OK);
	assert_int_equal(jf_login(db, "counter", "2468", &f->vol), JF_OK);
	for (int i = 0; i < 6; i++) {
		jf_resident_new r = {.name = names[i], .compound = "开发楼家属楼"};
		assert_int_equal(jf_resident_add(db, f->staff, &r, &f->ids[i]), JF_OK);
	}
	int64_t grid;
	assert_int_equal(
	    jf_verifier_add(db, f->staff, "原冬梅", JF_VERIFIER_GRID, "", "", 0, &grid), JF_OK);
	int64_t tissue = add_item(f, "ZJ", "纸巾", JF_ITEM_GOODS, 2);
	int64_t soap = add_item(f, "XZ", "香皂", JF_ITEM_GOODS, 3);
	int64_t hair = add_item(f, "LF", "上门理发", JF_ITEM_SERVICE, 4);
	assert_int_equal(jf_stock_in(db, f->staff, tissue, 50, 0, NULL), JF_OK);
	assert_int_equal(jf_stock_in(db, f->staff, soap, 50, 0, NULL), JF_OK);

	const char *acts[] = {"C01", "V01", "G04", "V09"};
	for (int k = 0; k < 4; k++) {
		jf_activity a;
		assert_int_equal(jf_activity_resolve(db, acts[k], &a), JF_OK);
		jf_award_req req = {.activity_id = a.id,
		                    .verifier_id = grid,
		                    .note = k == 1 ? "=cmd|' /C calc'!A0" : "打扫, 楼道"};
		assert_int_equal(jf_award(db, f->staff, f->ids, 6, &req, NULL), JF_OK);
		jf_db_set_time(db, T0 + (k + 1) * DAY);
	}
	jf_redeem_result res;
	jf_cart_line cart[] = {{tissue, 2}, {soap, 1}, {hair, 1}};
	assert_int_equal(jf_redeem(db, f->vol, f->ids[0], cart, 3, &res), JF_OK);
	assert_int_equal(jf_redeem(db, f->vol, f->ids[3], cart, 2, &res), JF_OK);
	assert_int_equal(jf_void(db, f->staff, res.receipt_no, "换货; 重新兑换", NULL), JF_OK);
	assert_int_equal(jf_redeem(db, f->vol, f->ids[4], cart + 1, 2, &res), JF_OK);
	assert_int_equal(jf_adjust(db, f->e->admin, f->ids[2], 7, "补录：上月", NULL), JF_OK);
	assert_int_equal(jf_adjust(db, f->e->admin, f->ids[5], -3, "多记", NULL), JF_OK);
	/* the PC's clock went back a day (the entries above were dated by a
	 * clock running ahead, and an administrator recorded the correction):
	 * these rows sort before the ones above */
	jf_db_set_time(db, T0 + 2 * DAY);
	assert_int_equal(jf_clock_correct(db, f->e->admin, "时钟快了"), JF_OK);
	assert_int_equal(jf_redeem(db, f->vol, f->ids[1], cart, 1, &res), JF_OK);
	assert_int_equal(jf_adjust(db, f->e->admin, f->ids[1], -1, "更正", NULL), JF_OK);
	jf_db_set_time(db, T0 + 6 * DAY);
	jf_audit_report rep;
	assert_int_equal(jf_audit(db, &rep), JF_OK);
	f->entries = rep.entries;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	jf_op_free(f->staff);
	jf_op_free(f->vol);
	*state = f->e;
	free(f);
	return test_env_teardown(state);
}

static void export_journal(fixture *f, const char *path)
{
	FILE *out = fopen(path, "w");
	assert_non_null(out);
	assert_int_equal(jf_export_journal(f->e->db, f->staff, out), JF_OK);
	assert_int_equal(fclose(out), 0);
}

/* Run hledger's balance report on `path` as CSV into a reader; returns its
 * exit status (the reader is set only on 0). */
static int hledger_balance(const char *path, jf_csv **out)
{
	char cmd[600], err[256];
	snprintf(cmd, sizeof cmd, "hledger -f '%s' balance --flat -N -O csv 2>/dev/null", path);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char *buf = NULL;
	size_t len = 0, cap = 0, got;
	do {
		if (len + 4096 > cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
		}
		got = fread(buf + len, 1, cap - len, p);
		len += got;
	} while (got > 0);
	int status = pclose(p);
	*out = NULL;
	if (status == 0)
		assert_int_equal(jf_csv_open_mem(buf, len, out, err, sizeof err), JF_OK);
	free(buf);
	return status;
}

static int have_hledger(void)
{
	if (system("command -v hledger >/dev/null 2>&1") == 0)
		return 1;
	print_message("SKIP: hledger is not installed (make deps installs it); "
	              "the journal was not read back\n");
	return 0;
}

static void test_journal_read_by_hledger(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	char path[400];
	snprintf(path, sizeof path, "%s/fx.journal", f->e->dir);
	export_journal(f, path);
	if (!have_hledger()) {
		skip();
		return;
	}
	jf_csv *c;
	assert_int_equal(hledger_balance(path, &c), 0);
	jf_csv_record r;
	assert_int_equal(jf_csv_next(c, &r), 1);
	assert_string_equal(r.fields[0], "account");
	int seen[6] = {0};
	int64_t issued = 0, redeemed = 0, adjusted = 0, residents = 0;
	while (jf_csv_next(c, &r) == 1) {
		assert_int_equal(r.n, 2);
		const char *acct = r.fields[0];
		int64_t amount = strtoll(r.fields[1], NULL, 10);
		assert_non_null(strstr(r.fields[1], "分"));
		if (!strncmp(acct, "居民:", strlen("居民:"))) {
			const char *hash = strrchr(acct, '#');
			assert_non_null(hash);
			int64_t id = strtoll(hash + 1, NULL, 10);
			jf_resident res;
			assert_int_equal(jf_resident_get(db, id, &res), JF_OK);
			if (amount != res.balance)
				fail_msg("%s: hledger says %lld, jifen %lld", acct,
				         (long long)amount, (long long)res.balance);
			for (int i = 0; i < 6; i++)
				if (f->ids[i] == id)
					seen[i]++;
			residents += amount;
		} else if (!strncmp(acct, "积分发放:", strlen("积分发放:"))) {
			issued += amount;
		} else if (!strncmp(acct, "积分兑换:", strlen("积分兑换:"))) {
			redeemed += amount;
		} else if (!strcmp(acct, "积分调整")) {
			adjusted += amount;
		} else {
			fail_msg("unexpected account %s", acct);
		}
	}
	jf_csv_close(c);
	/* every resident with points has an account of their own, even the two
	 * of the same name, and the odd name stays one account */
	for (int i = 0; i < 6; i++) {
		jf_resident res;
		assert_int_equal(jf_resident_get(db, f->ids[i], &res), JF_OK);
		assert_int_equal(seen[i], res.balance != 0);
	}
	jf_audit_report rep;
	assert_int_equal(jf_audit(db, &rep), JF_OK);
	assert_int_equal(residents, rep.points_outstanding);
	assert_int_equal(residents + issued + redeemed + adjusted, 0);
	assert_int_equal(adjusted, -(7 - 3 - 1));
}

static void test_journal_assertions_hold(void **state)
{
	fixture *f = *state;
	char path[400];
	snprintf(path, sizeof path, "%s/fx.journal", f->e->dir);
	export_journal(f, path);
	/* every entry is a transaction; the balance is asserted wherever the
	 * journal's date order gives jifen's own balance */
	FILE *in = fopen(path, "r");
	char line[2048];
	int64_t txns = 0, asserted = 0, last_id = 0;
	while (fgets(line, sizeof line, in)) {
		const char *tag = strstr(line, "; jifen:");
		if (line[0] == '2' && tag) {
			txns++;
			last_id = strtoll(tag + strlen("; jifen:"), NULL, 10);
			assert_true(last_id > 0);
		}
		if (!strncmp(line, "    居民:", strlen("    居民:")) && strstr(line, " = "))
			asserted++;
		assert_null(strchr(line, '\t'));
	}
	fclose(in);
	assert_int_equal(txns, f->entries);
	assert_true(asserted > 0);
	assert_true(asserted < txns); /* the day the clock went back */
	if (!have_hledger()) {
		skip();
		return;
	}
	jf_csv *c;
	assert_int_equal(hledger_balance(path, &c), 0);
	jf_csv_close(c);
	/* and hledger does check them: a wrong balance is refused */
	char cmd[900];
	snprintf(cmd, sizeof cmd,
	         "sed -i '0,/ = [0-9]* 分/s// = 999999 分/' '%s' && grep -q '= 999999 分' '%s'",
	         path, path);
	assert_int_equal(system(cmd), 0);
	assert_int_not_equal(hledger_balance(path, &c), 0);
}

static void test_csv_export(void **state)
{
	fixture *f = *state;
	char *buf = NULL, err[256];
	size_t len = 0;
	FILE *mf = open_memstream(&buf, &len);
	assert_int_equal(jf_export_csv(f->e->db, f->vol, mf, 1), JF_DENIED);
	assert_int_equal(jf_export_csv(f->e->db, f->staff, mf, 1), JF_OK);
	fclose(mf);
	jf_csv *c;
	assert_int_equal(jf_csv_open_mem(buf, len, &c, err, sizeof err), JF_OK);
	assert_int_equal(jf_csv_encoding_of(c), JF_CSV_UTF8_BOM);
	jf_csv_record r;
	assert_int_equal(jf_csv_next(c, &r), 1);
	assert_int_equal(r.n, 20);
	assert_string_equal(r.fields[0], "编号");
	assert_string_equal(r.fields[7], "积分");
	assert_string_equal(r.fields[19], "校验码");
	int64_t rows = 0, sum = 0;
	int saw_guard = 0, saw_comma = 0, saw_odd = 0;
	while (jf_csv_next(c, &r) == 1) {
		assert_int_equal(r.n, 20);
		rows++;
		assert_int_equal(strtoll(r.fields[0], NULL, 10), rows);
		sum += strtoll(r.fields[7], NULL, 10);
		assert_int_equal(strlen(r.fields[19]), 64);
		saw_guard |= !strcmp(r.fields[16], "'=cmd|' /C calc'!A0");
		saw_comma |= !strcmp(r.fields[16], "打扫, 楼道");
		saw_odd |= !strcmp(r.fields[6], names[3]);
	}
	jf_csv_close(c);
	free(buf);
	jf_audit_report rep;
	assert_int_equal(jf_audit(f->e->db, &rep), JF_OK);
	assert_int_equal(rows, rep.entries);
	assert_int_equal(sum, rep.points_outstanding);
	assert_true(saw_guard);
	assert_true(saw_comma);
	assert_true(saw_odd);
	buf = NULL;
	mf = open_memstream(&buf, &len);
	assert_int_equal(jf_export_journal(f->e->db, f->vol, mf), JF_DENIED);
	fclose(mf);
	assert_int_equal(len, 0);
	free(buf);
}

/* Rows of the access log for `what`. */
static int count_access(fixture *f, const char *what)
{
	sqlite3 *raw;
	sqlite3_stmt *st;
	int n = -1;
	assert_int_equal(sqlite3_open(f->e->path, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(raw, "SELECT count(*) FROM access_log WHERE what = ?",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(st, 1, what, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(raw);
	return n;
}

/* A backup's progress: at the first step another connection starts a write
 * transaction and keeps it open. */
static void begin_writing(size_t done, size_t total, void *arg)
{
	static sqlite3 *begun;
	(void)done;
	(void)total;
	if (begun != arg) {
		begun = arg;
		assert_int_equal(sqlite3_exec(arg, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	}
}

static void test_backup(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	char path[400], side[420];
	struct stat sb;
	snprintf(path, sizeof path, "%s/backup.db", f->e->dir);

	assert_int_equal(jf_backup(db, f->vol, path, NULL, NULL), JF_DENIED);
	assert_int_not_equal(stat(path, &sb), 0);

	/* another counter starts writing once the backup is under way (after
	 * its row in the access log): the backup goes ahead */
	sqlite3 *other;
	assert_int_equal(sqlite3_open(f->e->path, &other), SQLITE_OK);
	assert_int_equal(jf_backup(db, f->staff, path, begin_writing, other), JF_OK);
	sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(other);
	/* and it is on the record */
	assert_int_equal(count_access(f, "backup"), 1);

	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	snprintf(side, sizeof side, "%s-wal", path);
	assert_int_not_equal(stat(side, &sb), 0);

	/* the copy is a whole jifen database with the same ledger */
	jf_audit_report a, b;
	assert_int_equal(jf_audit(db, &a), JF_OK);
	jf_db *copy;
	char err[512];
	assert_int_equal(jf_db_open(path, &copy, err, sizeof err), JF_OK);
	assert_int_equal(jf_audit(copy, &b), JF_OK);
	assert_string_equal(a.ledger_head, b.ledger_head);
	assert_string_equal(a.stock_head, b.stock_head);
	assert_int_equal(a.entries, b.entries);
	assert_int_equal(a.points_outstanding, b.points_outstanding);
	jf_db_close(copy);

	/* never over an existing file */
	assert_int_equal(stat(path, &sb), 0);
	off_t size = sb.st_size;
	assert_int_equal(jf_backup(db, f->staff, path, NULL, NULL), JF_EXISTS);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_size, size);
	/* nowhere to write: nothing left behind */
	assert_int_equal(jf_backup(db, f->staff, "/nonexistent/dir/b.db", NULL, NULL), JF_DB_IO);
}

/* what a file-holder does first: drop the change log's triggers */
#define DROP_WATCH "DROP TRIGGER IF EXISTS jfa_residents_u; DROP TRIGGER IF EXISTS jfa_operators_u; DROP TRIGGER IF EXISTS jfa_items_u; DROP TRIGGER IF EXISTS jfa_meta_u; "

static void raw_exec(fixture *f, const char *sql, int want)
{
	sqlite3 *raw;
	assert_int_equal(sqlite3_open(f->e->path, &raw), SQLITE_OK);
	int rc = sqlite3_exec(raw, sql, NULL, NULL, NULL);
	sqlite3_close(raw);
	/* want -1: refused, whatever the reason (an append-only trigger, or the
	 * change log's functions missing in a plain connection) */
	if (want < 0 ? rc == SQLITE_OK : rc != want)
		fail_msg("%s: %d, expected %d", sql, rc, want);
}

/* The resident list as CSV: staff only, recorded, every cell inert. */
static void test_resident_export(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	int64_t id;
	jf_resident_new evil = {.name = "=cmd|'/C calc'!A0", .phone = "+86 13812345678",
	                        .compound = "@SUM(A1)", .room = "-2+3"};
	assert_int_equal(jf_resident_add(db, f->staff, &evil, &id), JF_OK);
	jf_resident_new bell = {.name = "响铃"};
	assert_int_equal(jf_resident_add(db, f->staff, &bell, &id), JF_OK);
	/* what only a file-holder can write: control bytes in a name */
	char sql[400];
	snprintf(sql, sizeof sql,
	         "%s" "UPDATE residents SET name = '\x1b[2J' || char(7) || char(10) || '<script>'"
	         " WHERE id = %lld",
	         DROP_WATCH, (long long)id);
	raw_exec(f, sql, SQLITE_OK);

	char *buf = NULL, err[256];
	size_t len = 0, n = 99;
	FILE *mf = open_memstream(&buf, &len);
	assert_int_equal(jf_export_residents(db, f->vol, mf, 1, &n), JF_DENIED);
	assert_int_equal(n, 0);
	assert_int_equal(jf_export_residents(db, NULL, mf, 1, &n), JF_NO_OPERATOR);
	fflush(mf);
	assert_int_equal(len, 0); /* not a byte written */
	assert_int_equal(count_access(f, "residents"), 0);
	assert_int_equal(jf_export_residents(db, f->staff, mf, 1, &n), JF_OK);
	fclose(mf);
	assert_int_equal(n, 8);
	assert_int_equal(count_access(f, "residents"), 1);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)buf[i] < 0x20 && buf[i] != '\r' && buf[i] != '\n')
			fail_msg("control byte %d at %zu", buf[i], i);

	jf_csv *c;
	assert_int_equal(jf_csv_open_mem(buf, len, &c, err, sizeof err), JF_OK);
	jf_csv_record r;
	assert_int_equal(jf_csv_next(c, &r), 1);
	assert_int_equal(r.n, 8);
	assert_string_equal(r.fields[0], "姓名");
	assert_string_equal(r.fields[7], "党员");
	int rows = 0, guarded = 0, cleaned = 0;
	while (jf_csv_next(c, &r) == 1) {
		assert_int_equal(r.n, 8);
		rows++;
		if (!strcmp(r.fields[0], "'=cmd|'/C calc'!A0")) {
			guarded = 1;
			/* the core keeps the phone as a number, which a spreadsheet
			 * shows and never runs */
			assert_string_equal(r.fields[1], "+8613812345678");
			assert_string_equal(r.fields[2], "'@SUM(A1)");
			assert_string_equal(r.fields[5], "'-2+3");
		}
		cleaned |= !strcmp(r.fields[0], "?[2J?" "?<script>");
		/* nothing a spreadsheet runs, in any cell: a leading = + - @ only
		 * in a plain number */
		for (size_t i = 0; i < r.n; i++) {
			char *end;
			if (r.fields[i][0] && strchr("=+-@", r.fields[i][0]))
				(void)strtod(r.fields[i], &end), assert_int_equal(*end, '\0');
		}
	}
	assert_int_equal(rows, 8);
	assert_true(guarded);
	assert_true(cleaned);
	jf_csv_close(c);
	free(buf);

	/* the ledger exports are on the record too, and the record stays */
	mf = open_memstream(&buf, &len);
	assert_int_equal(jf_export_csv(db, f->staff, mf, 0), JF_OK);
	assert_int_equal(jf_export_journal(db, f->staff, mf), JF_OK);
	fclose(mf);
	free(buf);
	assert_int_equal(count_access(f, "ledger-csv"), 1);
	assert_int_equal(count_access(f, "ledger-journal"), 1);
	raw_exec(f, "UPDATE access_log SET operator_id = 1", -1);
	raw_exec(f, "DELETE FROM access_log", -1);
	jf_access *log;
	size_t nlog;
	assert_int_equal(jf_access_list(db, f->vol, &log, &nlog), JF_DENIED);
	assert_int_equal(jf_access_list(db, f->staff, &log, &nlog), JF_OK);
	assert_int_equal(nlog, 3);
	assert_string_equal(log[0].what, "residents");
	assert_string_equal(log[0].login, "staff");
	assert_string_equal(log[0].detail, "8");
	assert_string_equal(log[2].what, "ledger-journal");
	free(log);
	assert_int_equal(jf_access_record(db, f->staff, "everything", ""), JF_INVALID);
}

/* Names that try to break the journal's lines: a line break that starts a
 * forged transaction, a comment, tags, escape sequences.  hledger still
 * reads one account per resident with jifen's balances, and every
 * transaction in the file is one of jifen's. */
static void test_journal_attack(void **state)
{
	fixture *f = *state;
	char sql[900], path[400];
	snprintf(sql, sizeof sql,
	         DROP_WATCH "UPDATE residents SET name = 'x' || char(10) || '2020-01-01 * forged' || char(10) ||"
	         " '    资产:现金  100 分' || char(10) || '    居民:丁美英 #1' WHERE id = %lld;"
	         "UPDATE residents SET name = char(27) || '[2J; 核实:假, 经手:admin|x' WHERE id = %lld;"
	         "UPDATE operators SET name = '李, 核实:假' || char(10) || '2020-01-02 * forged';",
	         (long long)f->ids[2], (long long)f->ids[5]);
	raw_exec(f, sql, SQLITE_OK);
	snprintf(path, sizeof path, "%s/evil.journal", f->e->dir);
	export_journal(f, path);

	FILE *in = fopen(path, "r");
	assert_non_null(in);
	char line[4096];
	int64_t txns = 0;
	while (fgets(line, sizeof line, in)) {
		for (const unsigned char *p = (const unsigned char *)line; *p; p++)
			assert_false((*p < 0x20 && *p != '\n') || *p == 0x7f);
		if (line[0] >= '0' && line[0] <= '9') {
			txns++;
			assert_non_null(strstr(line, "; jifen:"));
			assert_null(strstr(line, "forged  ;"));
		}
		assert_null(strstr(line, "核实:假"));
	}
	fclose(in);
	assert_int_equal(txns, f->entries);
	if (!have_hledger()) {
		skip();
		return;
	}
	jf_csv *c;
	assert_int_equal(hledger_balance(path, &c), 0);
	jf_csv_record r;
	/* no account but jifen's four kinds: the forged posting stayed inside
	 * a resident's account name */
	assert_int_equal(jf_csv_next(c, &r), 1);
	while (jf_csv_next(c, &r) == 1)
		assert_true(!strncmp(r.fields[0], "居民:", strlen("居民:")) ||
		            !strncmp(r.fields[0], "积分", strlen("积分")));
	jf_csv_close(c);
}

static void count_pages(size_t done, size_t total, void *arg)
{
	size_t *last = arg;
	assert_true(done <= total);
	*last = done;
}

static void test_backup_progress(void **state)
{
	fixture *f = *state;
	char path[400];
	size_t last = 0;
	snprintf(path, sizeof path, "%s/b2.db", f->e->dir);
	assert_int_equal(jf_backup(f->e->db, f->staff, path, count_pages, &last), JF_OK);
	assert_true(last > 0);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	test_init();
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_journal_read_by_hledger, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_journal_assertions_hold, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_csv_export, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_backup, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_resident_export, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_journal_attack, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_backup_progress, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
