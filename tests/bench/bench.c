/* bench: measure one figure of `make bench` on a database made by bench-gen,
 * side by side with its reference, in the same run.  tests/bench/run.sh
 * calls it once per figure and size and prints the table.
 *
 *   bench search DB            keystroke searches, vs the bare index range
 *   bench redeem DB            durable redemptions, vs 4 KiB write + fdatasync
 *   bench day DB [DAY [NAME]]  day reconciliation, vs the bare day sums
 *   bench notice DB SQL [JOURNAL]  monthly notice, vs sqlite3 (and hledger)
 *   bench screen DB JIFEN      open and first counter screen; peak memory
 *   bench import CSV JIFEN     import residents from CSV, vs sqlite3 .import
 *
 * Each prints `key value` lines on standard output: the figure, its
 * reference, and the parts they are made of.  Times are in milliseconds
 * (wall clock), memory in KiB. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>
#include <vterm.h>

#include "jifen/catalog.h"
#include "jifen/dayclose.h"
#include "jifen/db.h"
#include "jifen/i18n.h"
#include "jifen/ledger.h"
#include "jifen/operator.h"
#include "jifen/pinyin.h"
#include "jifen/report.h"
#include "jifen/resident.h"

#include "bench.h"

/* What the counter asks for per keystroke (ui/counter.c RESULTS_MAX). */
#define COUNTER_RESULTS 60

static void out_ms(const char *key, double ms)
{
	printf("%s %.4f\n", key, ms);
	fflush(stdout);
}

static jf_db *open_db(const char *path)
{
	jf_db *db = NULL;
	char err[1024];
	if (jf_db_open(path, &db, err, sizeof err) != JF_OK)
		bench_die("%s", err);
	return db;
}

/* A read-only connection of our own, for the references and for picking
 * test data (never for what is measured on jifen's side). */
static sqlite3 *open_raw(const char *path)
{
	sqlite3 *s = NULL;
	if (sqlite3_open_v2(path, &s, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		bench_die("%s: %s", path, sqlite3_errmsg(s));
	return s;
}

static sqlite3_stmt *raw_prepare(sqlite3 *s, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s, sql, -1, &st, NULL) != SQLITE_OK)
		bench_die("%s: %s", sql, sqlite3_errmsg(s));
	return st;
}

/* --- search per keystroke --------------------------------------------------- */

typedef struct {
	char q[128];
	int kind; /* 0 initials, 1 phone tail, 2 Chinese prefix */
} query;

/* The queries a volunteer types for residents drawn at random, one call per
 * keystroke: the initials letter by letter ("d", "dm", "dmy"), the phone's
 * last four digits digit by digit, the name character by character (an input
 * method gives a whole character). */
static size_t make_queries(jf_db *db, bench_rng *r, int64_t nres, query *out, size_t max)
{
	size_t n = 0;
	for (int kind = 0; n < max; kind = (kind + 1) % 3) {
		jf_resident res;
		if (jf_resident_get(db, 1 + (int64_t)bench_below(r, (uint64_t)nres), &res) != JF_OK)
			bench_die("resident: %s", jf_db_error(db));
		char key[128] = "";
		if (kind == 0) {
			jf_pinyin_key k[1];
			if (jf_pinyin_keys(res.name, 1, k, 1) < 1)
				continue;
			snprintf(key, sizeof key, "%s", k[0].initials);
		} else if (kind == 1) {
			size_t len = strlen(res.phone);
			if (len < 4)
				continue;
			snprintf(key, sizeof key, "%s", res.phone + len - 4);
		} else {
			snprintf(key, sizeof key, "%s", res.name);
		}
		size_t len = strlen(key);
		for (size_t i = 1; i <= len && n < max; i++) {
			/* whole UTF-8 characters only */
			if (i < len && ((unsigned char)key[i] & 0xC0) == 0x80)
				continue;
			memcpy(out[n].q, key, i);
			out[n].q[i] = '\0';
			out[n].kind = kind;
			n++;
		}
	}
	return n;
}

/* The bare index range the search reads at best: the first keys that begin
 * with q, as many as the counter shows. */
static double ref_search(sqlite3_stmt *st, const char *q)
{
	char hi[128];
	size_t len = strlen(q);
	memcpy(hi, q, len + 1);
	hi[len - 1] = (char)((unsigned char)hi[len - 1] + 1);
	double t0 = bench_now_ms();
	sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, COUNTER_RESULTS);
	int rows = 0;
	while (sqlite3_step(st) == SQLITE_ROW)
		rows++;
	sqlite3_reset(st);
	return bench_now_ms() - t0;
}

static int cmd_search(const char *path, size_t nq)
{
	jf_db *db = open_db(path);
	int64_t nres = 0;
	if (jf_resident_count(db, 0, &nres) != JF_OK || nres < 1)
		bench_die("no residents in %s", path);
	bench_rng r;
	bench_rng_seed(&r, 42);
	query *warm = calloc(nq, sizeof *warm), *qs = calloc(nq, sizeof *qs);
	double *t = calloc(nq, sizeof *t), *ref = calloc(nq, sizeof *ref);
	double *cpu = calloc(nq, sizeof *cpu);
	double *by_kind[3];
	size_t nk[3] = {0, 0, 0};
	for (int k = 0; k < 3; k++)
		by_kind[k] = calloc(nq, sizeof(double));
	jf_resident *res = calloc(COUNTER_RESULTS, sizeof *res);
	if (!warm || !qs || !t || !ref || !cpu || !res || !by_kind[0] || !by_kind[1] ||
	    !by_kind[2])
		bench_die("out of memory");
	size_t nw = make_queries(db, &r, nres, warm, nq);
	nq = make_queries(db, &r, nres, qs, nq);
	sqlite3 *raw = open_raw(path);
	sqlite3_stmt *rst = raw_prepare(raw, "SELECT resident_id FROM resident_keys"
	                                     " WHERE key >= ?1 AND key < ?2 LIMIT ?3");
	int n, exact;
	/* a counter that has been open a while: other residents' searches first */
	for (size_t i = 0; i < nw; i++) {
		if (jf_resident_search(db, warm[i].q, 0, res, COUNTER_RESULTS, &n, &exact) != JF_OK)
			bench_die("search %s: %s", warm[i].q, jf_db_error(db));
		ref_search(rst, warm[i].q);
	}
	int64_t found = 0;
	for (size_t i = 0; i < nq; i++) {
		double c0 = bench_cpu_ms(), t0 = bench_now_ms();
		if (jf_resident_search(db, qs[i].q, 0, res, COUNTER_RESULTS, &n, &exact) != JF_OK)
			bench_die("search %s: %s", qs[i].q, jf_db_error(db));
		t[i] = bench_now_ms() - t0;
		cpu[i] = bench_cpu_ms() - c0;
		by_kind[qs[i].kind][nk[qs[i].kind]++] = t[i];
		found += n;
		ref[i] = ref_search(rst, qs[i].q);
	}
	printf("search_queries %zu\nsearch_results_avg %.1f\n", nq, (double)found / (double)nq);
	out_ms("search_max", bench_quantile(t, nq, 1.0));
	out_ms("search_p50", bench_quantile(t, nq, 0.50));
	out_ms("search_p99", bench_quantile(t, nq, 0.99));
	out_ms("search_cpu_p50", bench_quantile(cpu, nq, 0.50));
	out_ms("search_cpu_p99", bench_quantile(cpu, nq, 0.99));
	out_ms("search_ref_p50", bench_quantile(ref, nq, 0.50));
	out_ms("search_ref_p99", bench_quantile(ref, nq, 0.99));
	static const char *const kname[] = {"initials", "phone", "chinese"};
	for (int k = 0; k < 3; k++) {
		char key[64];
		snprintf(key, sizeof key, "search_%s_p99", kname[k]);
		out_ms(key, bench_quantile(by_kind[k], nk[k], 0.99));
	}
	sqlite3_finalize(rst);
	sqlite3_close(raw);
	jf_db_close(db);
	for (int k = 0; k < 3; k++)
		free(by_kind[k]);
	free(warm);
	free(qs);
	free(t);
	free(ref);
	free(cpu);
	free(res);
	return 0;
}

/* --- durable redemption ---------------------------------------------------- */

/* One 4 KiB write and fdatasync, to a file next to the database: what one
 * durable commit costs at the least on this disk. */
static double write_sync(int fd, int i)
{
	static char block[4096];
	block[i % 4096]++;
	double t0 = bench_now_ms();
	if (pwrite(fd, block, sizeof block, (off_t)(i % 256) * 4096) != (ssize_t)sizeof block)
		bench_die("pwrite: %s", strerror(errno));
	if (fdatasync(fd) != 0)
		bench_die("fdatasync: %s", strerror(errno));
	return bench_now_ms() - t0;
}

static int cmd_redeem(const char *path, int rounds)
{
	jf_db *db = open_db(path);
	jf_op *op = NULL, *staff = NULL;
	if (jf_login(db, "counter", BENCH_PIN, &op) != JF_OK ||
	    jf_login(db, "staff", BENCH_PIN, &staff) != JF_OK)
		bench_die("login: %s", jf_db_error(db));
	jf_item item;
	if (jf_item_resolve(db, "ZJ01", &item) != JF_OK)
		bench_die("item ZJ01: %s", jf_db_error(db));
	if (item.stock < rounds && jf_stock_in(db, staff, item.id, rounds, 0, "bench") != JF_OK)
		bench_die("stock: %s", jf_db_error(db));

	/* residents who can afford it, each as often as their balance allows */
	sqlite3 *raw = open_raw(path);
	sqlite3_stmt *st = raw_prepare(raw, "SELECT id, balance FROM residents"
	                                    " WHERE active = 1 AND balance >= ?1"
	                                    " ORDER BY balance DESC LIMIT ?2");
	sqlite3_bind_int64(st, 1, item.points);
	sqlite3_bind_int(st, 2, rounds);
	int64_t *who = calloc((size_t)rounds, sizeof *who);
	int nwho = 0;
	while (sqlite3_step(st) == SQLITE_ROW && nwho < rounds)
		who[nwho++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(raw);
	if (nwho == 0)
		bench_die("no resident can afford %s", item.name);

	char ref_path[4200];
	snprintf(ref_path, sizeof ref_path, "%s.fsync-ref", path);
	int fd = open(ref_path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		bench_die("%s: %s", ref_path, strerror(errno));
	for (int i = 0; i < 256; i++)
		write_sync(fd, i);

	double *t = calloc((size_t)rounds, sizeof *t), *ref = calloc((size_t)rounds, sizeof *ref);
	double *cpu = calloc((size_t)rounds, sizeof *cpu);
	/* the open last day of the generated year, after its last entry (the
	 * computer's clock, years later, would need a confirm: jifen clock) */
	jf_db_set_time(db, bench_day_start(BENCH_YEAR_START) + (BENCH_DAYS - 1) * 86400LL +
	                       20 * 3600);
	for (int i = 0; i < rounds; i++) {
		jf_cart_line line = {.item_id = item.id, .qty = 1};
		jf_redeem_result res;
		double c0 = bench_cpu_ms(), t0 = bench_now_ms();
		jf_status s = jf_redeem(db, op, who[i % nwho], &line, 1, &res);
		t[i] = bench_now_ms() - t0;
		cpu[i] = bench_cpu_ms() - c0;
		if (s == JF_INSUFFICIENT) {
			/* a resident used up: not a redemption, measure another */
			who[i % nwho] = who[0];
			i--;
			continue;
		}
		if (s != JF_OK)
			bench_die("redeem: %s", jf_db_error(db));
		ref[i] = write_sync(fd, i);
	}
	close(fd);
	unlink(ref_path);
	printf("redeem_rounds %d\n", rounds);
	out_ms("redeem_median", bench_quantile(t, (size_t)rounds, 0.50));
	out_ms("redeem_p99", bench_quantile(t, (size_t)rounds, 0.99));
	out_ms("redeem_cpu_median", bench_quantile(cpu, (size_t)rounds, 0.50));
	out_ms("fsync_median", bench_quantile(ref, (size_t)rounds, 0.50));
	out_ms("fsync_p99", bench_quantile(ref, (size_t)rounds, 0.99));
	free(t);
	free(ref);
	free(cpu);
	free(who);
	jf_op_free(op);
	jf_op_free(staff);
	jf_db_close(db);
	return 0;
}

/* --- day reconciliation ---------------------------------------------------- */

/* The bare sums of the day that the report adds up, by our own connection. */
static double ref_day(sqlite3 *raw, const char *day)
{
	static const char by_kind[] =
		"SELECT kind, count(*), sum(points) FROM ledger WHERE day = ?1 GROUP BY kind";
	static const char by_item[] =
		"SELECT rl.item_id, sum(rl.qty), sum(rl.qty * rl.points_each) FROM ledger l"
		" JOIN receipt_lines rl ON rl.receipt_id = l.receipt_id"
		" WHERE l.day = ?1 AND l.kind = 'redeem' GROUP BY rl.item_id";
	static const char by_operator[] =
		"SELECT operator_id, count(*), sum(points) FROM ledger"
		" WHERE day = ?1 AND kind = 'redeem' GROUP BY operator_id";
	static const char stock[] =
		"SELECT item_id, kind, sum(qty) FROM stock_moves WHERE day = ?1 GROUP BY item_id, kind";
	static const char *const sql[] = {by_kind, by_item, by_operator, stock};
	double t0 = bench_now_ms();
	for (size_t i = 0; i < BENCH_COUNT(sql); i++) {
		sqlite3_stmt *st = raw_prepare(raw, sql[i]);
		sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW)
			;
		sqlite3_finalize(st);
	}
	return bench_now_ms() - t0;
}

static int cmd_day(const char *path, const char *day, const char *name, int rounds)
{
	sqlite3 *raw = open_raw(path);
	FILE *null = fopen("/dev/null", "w");
	double *t = calloc((size_t)rounds, sizeof *t), *ref = calloc((size_t)rounds, sizeof *ref);
	double *cpu = calloc((size_t)rounds, sizeof *cpu);
	int64_t redemptions = 0;
	for (int i = -1; i < rounds; i++) {
		/* a new handle each time, as `jifen day report` has: SQLite's own
		 * cache starts cold, the system's file cache is warm */
		jf_db *db = open_db(path);
		jf_day_report *rep = NULL;
		double c0 = bench_cpu_ms(), t0 = bench_now_ms();
		if (jf_day_report_load(db, day, &rep) != JF_OK)
			bench_die("day report: %s", jf_db_error(db));
		jf_day_report_write(db, rep, null, 48, 0);
		fflush(null);
		double t1 = bench_now_ms(), c1 = bench_cpu_ms();
		redemptions = rep->redemptions;
		if (!rep->balanced)
			bench_die("day %s does not balance", day);
		jf_day_report_free(rep);
		jf_db_close(db);
		double r = ref_day(raw, day);
		if (i >= 0) { /* the first round warms the caches */
			t[i] = t1 - t0;
			cpu[i] = c1 - c0;
			ref[i] = r;
		}
	}
	char key[64];
	printf("%s_redemptions %" PRId64 "\n", name, redemptions);
	snprintf(key, sizeof key, "%s_median", name);
	out_ms(key, bench_quantile(t, (size_t)rounds, 0.50));
	snprintf(key, sizeof key, "%s_max", name);
	out_ms(key, bench_quantile(t, (size_t)rounds, 1.0));
	snprintf(key, sizeof key, "%s_cpu_median", name);
	out_ms(key, bench_quantile(cpu, (size_t)rounds, 0.50));
	snprintf(key, sizeof key, "%s_ref_median", name);
	out_ms(key, bench_quantile(ref, (size_t)rounds, 0.50));
	fclose(null);
	free(t);
	free(ref);
	free(cpu);
	sqlite3_close(raw);
	return 0;
}

/* --- child processes ------------------------------------------------------- */

typedef struct {
	double ms;
	long maxrss_kib;
	int status;
} run_result;

/* Run argv with stdin from `in` (NULL: /dev/null) and stdout to `out`
 * (NULL: /dev/null); wall time and peak memory. */
static run_result run(char *const argv[], const char *in, const char *out)
{
	run_result rr = {0, 0, -1};
	double t0 = bench_now_ms();
	pid_t pid = fork();
	if (pid < 0)
		bench_die("fork: %s", strerror(errno));
	if (pid == 0) {
		int i = open(in ? in : "/dev/null", O_RDONLY);
		int o = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (i < 0 || o < 0)
			_exit(126);
		dup2(i, 0);
		dup2(o, 1);
		execvp(argv[0], argv);
		_exit(127);
	}
	struct rusage ru;
	if (wait4(pid, &rr.status, 0, &ru) < 0)
		bench_die("wait: %s", strerror(errno));
	rr.ms = bench_now_ms() - t0;
	rr.maxrss_kib = ru.ru_maxrss;
	return rr;
}

static int ok_exit(run_result rr)
{
	return WIFEXITED(rr.status) && WEXITSTATUS(rr.status) == 0;
}

/* --- monthly notice -------------------------------------------------------- */

static double notice_jifen(const char *path)
{
	FILE *null = fopen("/dev/null", "w");
	double t0 = bench_now_ms();
	jf_db *db = open_db(path);
	jf_month_report *rep = NULL;
	if (jf_month_report_load(db, BENCH_NOTICE_MONTH, &rep) != JF_OK)
		bench_die("month report: %s", jf_db_error(db));
	jf_month_report_write(rep, JF_REPORT_TEXT, 0, 80, null);
	fflush(null);
	jf_month_report_free(rep);
	jf_db_close(db);
	double ms = bench_now_ms() - t0;
	fclose(null);
	return ms;
}

static int cmd_notice(const char *path, const char *sql, const char *journal, int rounds)
{
	char *sqlite_argv[] = {"sqlite3", "-readonly", (char *)path, NULL};
	/* hledger's equivalent: every account's change in the month and its
	 * balance at the month's end */
	char *hledger_argv[] = {"hledger", "-f", (char *)journal, "balance", "--flat", "-p",
	                        BENCH_NOTICE_MONTH, "-H", NULL};
	double *t = calloc((size_t)rounds, sizeof *t), *s = calloc((size_t)rounds, sizeof *s);
	notice_jifen(path); /* warm the page cache for both */
	run(sqlite_argv, sql, NULL);
	for (int i = 0; i < rounds; i++) {
		t[i] = notice_jifen(path);
		run_result rr = run(sqlite_argv, sql, NULL);
		if (!ok_exit(rr))
			bench_die("sqlite3 < %s failed", sql);
		s[i] = rr.ms;
	}
	out_ms("notice_median", bench_quantile(t, (size_t)rounds, 0.5));
	out_ms("notice_sqlite_median", bench_quantile(s, (size_t)rounds, 0.5));
	if (journal && *journal) {
		run_result rr = run(hledger_argv, NULL, NULL);
		if (!ok_exit(rr))
			bench_die("hledger -f %s failed", journal);
		out_ms("notice_hledger", rr.ms);
		printf("notice_hledger_maxrss_kib %ld\n", rr.maxrss_kib);
	}
	free(t);
	free(s);
	return 0;
}

/* --- the counter in a pseudo-terminal -------------------------------------- */

typedef struct {
	int fd;
	pid_t pid;
	VTerm *vt;
	VTermScreen *screen;
	int rows, cols;
	double last_data; /* when output last arrived */
} pty_term;

static void term_output(const char *s, size_t len, void *user)
{
	/* the terminal's answers to the program's queries go back to it */
	pty_term *t = user;
	if (write(t->fd, s, len) < 0)
		bench_die("pty write: %s", strerror(errno));
}

static void term_start(pty_term *t, char *const argv[], int rows, int cols)
{
	struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
	memset(t, 0, sizeof *t);
	t->rows = rows;
	t->cols = cols;
	t->vt = vterm_new(rows, cols);
	vterm_set_utf8(t->vt, 1);
	t->screen = vterm_obtain_screen(t->vt);
	vterm_screen_reset(t->screen, 1);
	vterm_output_set_callback(t->vt, term_output, t);
	t->pid = forkpty(&t->fd, NULL, NULL, &ws);
	if (t->pid < 0)
		bench_die("forkpty: %s", strerror(errno));
	if (t->pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		setenv("LANG", "C.UTF-8", 1);
		unsetenv("LC_ALL");
		unsetenv("LANGUAGE");
		unsetenv("NO_COLOR");
		execv(argv[0], argv);
		_exit(127);
	}
	t->last_data = bench_now_ms();
}

/* Read what the program drew for up to `ms`; 0 at end of output. */
static int term_pump(pty_term *t, int ms)
{
	struct pollfd p = {.fd = t->fd, .events = POLLIN};
	int rc = poll(&p, 1, ms);
	if (rc <= 0)
		return 1;
	char buf[65536];
	ssize_t n = read(t->fd, buf, sizeof buf);
	if (n <= 0)
		return 0;
	t->last_data = bench_now_ms();
	vterm_input_write(t->vt, buf, (size_t)n);
	return 1;
}

/* The screen as text, row by row. */
static const char *term_text(pty_term *t)
{
	static char text[65536];
	size_t o = 0;
	for (int row = 0; row < t->rows && o + 2048 < sizeof text; row++) {
		VTermRect line = {.start_row = row, .end_row = row + 1, .start_col = 0, .end_col = t->cols};
		o += vterm_screen_get_text(t->screen, text + o, 2000, line);
		text[o++] = '\n';
	}
	text[o] = '\0';
	return text;
}

static int term_has(pty_term *t, const char *needle)
{
	return strstr(term_text(t), needle) != NULL;
}

/* Read until the program has been quiet for `quiet` ms. */
static void term_wait_quiet(pty_term *t, int quiet)
{
	while (bench_now_ms() - t->last_data < quiet)
		if (!term_pump(t, quiet))
			break;
}

/* Wait until `needle` is on the screen and the program then stays quiet
 * for `quiet` ms: the time its last byte of that screen arrived. */
static double term_wait_screen(pty_term *t, const char *needle, int quiet, int timeout)
{
	double start = bench_now_ms();
	while (!term_has(t, needle)) {
		if (!term_pump(t, 50))
			bench_die("the counter ended before showing %s", needle);
		if (bench_now_ms() - start > timeout)
			bench_die("no %s on the counter's screen after %d ms", needle, timeout);
	}
	term_wait_quiet(t, quiet);
	return t->last_data;
}

static void term_send(pty_term *t, const char *keys)
{
	if (write(t->fd, keys, strlen(keys)) < 0)
		bench_die("pty write: %s", strerror(errno));
}

/* Type `keys` and wait for the program's answer to be drawn: new output,
 * then `quiet` ms without any. */
static void term_type(pty_term *t, const char *keys, int quiet)
{
	double sent = bench_now_ms();
	term_send(t, keys);
	while (t->last_data < sent && bench_now_ms() - sent < 5000)
		if (!term_pump(t, 50))
			return;
	term_wait_quiet(t, quiet);
}

/* Close the program with its keys (log out, quit) and reap it. */
static long term_finish(pty_term *t)
{
	term_send(t, "\x18"); /* ^X: log out */
	double start = bench_now_ms();
	int status;
	struct rusage ru;
	pid_t got = 0;
	while ((got = wait4(t->pid, &status, WNOHANG, &ru)) == 0) {
		term_pump(t, 50);
		if (bench_now_ms() - start > 300)
			term_send(t, "\x18"); /* ^X again on the login screen: quit */
		if (bench_now_ms() - start > 5000) {
			kill(t->pid, SIGTERM);
			start = bench_now_ms();
		}
	}
	close(t->fd);
	vterm_free(t->vt);
	return got > 0 ? ru.ru_maxrss : -1;
}

/* The counter is measured in its pseudo-terminal as the volunteer meets it:
 * from the start of the program to the login screen (opening the database,
 * the terminal, the first draw), then from Enter after the PIN to the
 * counter screen drawn in full, with the operator "bench" whose PIN hash
 * bench-gen made at Argon2id's lowest cost: the PIN check is slow by design
 * and is not what this measures.  Peak memory is the real thing: the
 * volunteer "counter" (full-cost PIN hash) logs in, searches, picks a
 * resident and leaves. */
static int cmd_screen(const char *path, const char *jifen, int rounds)
{
	char *argv[] = {(char *)jifen, "-d", (char *)path, "-o", "bench", NULL};
	char *mem_argv[] = {(char *)jifen, "-d", (char *)path, "-o", "counter", NULL};
	char *ref_argv[] = {"sqlite3", "-readonly", (char *)path,
	                    "SELECT count(*) FROM items WHERE active = 1", NULL};
	size_t n = (size_t)rounds;
	double *t = calloc(n, sizeof *t), *r = calloc(n, sizeof *r);
	double *to_login = calloc(n, sizeof *t), *to_counter = calloc(n, sizeof *t);
	long rss = 0, rss_ref = 0;
	for (int i = 0; i < rounds; i++) {
		pty_term term;
		double t0 = bench_now_ms();
		term_start(&term, i % 2 ? mem_argv : argv, 24, 80);
		double t_login = term_wait_screen(&term, "PIN", 150, 10000);
		term_type(&term, BENCH_PIN, 150);
		double t_enter = bench_now_ms();
		term_send(&term, "\r");
		double t_counter = term_wait_screen(&term, "结账", 300, 10000);
		/* the volunteer's session: a one-letter search, a narrower one,
		 * the resident picked, then out */
		term_type(&term, "z", 100);
		term_type(&term, "h", 100);
		term_type(&term, "\r", 200);
		if (getenv("BENCH_SHOW_SCREEN")) /* to see what the session reached */
			fputs(term_text(&term), stderr);
		long m = term_finish(&term);
		if (i % 2) { /* the real PIN check: memory only */
			if (m > rss)
				rss = m;
			continue;
		}
		to_login[i / 2] = t_login - t0;
		to_counter[i / 2] = t_counter - t_enter;
		t[i / 2] = to_login[i / 2] + to_counter[i / 2];
		run_result rr = run(ref_argv, NULL, NULL);
		if (!ok_exit(rr))
			bench_die("sqlite3 failed");
		r[i / 2] = rr.ms;
		if (rr.maxrss_kib > rss_ref)
			rss_ref = rr.maxrss_kib;
	}
	size_t timed = (n + 1) / 2;
	out_ms("screen_median", bench_quantile(t, timed, 0.5));
	out_ms("screen_login_screen", bench_quantile(to_login, timed, 0.5));
	out_ms("screen_counter_after_pin", bench_quantile(to_counter, timed, 0.5));
	out_ms("screen_ref_median", bench_quantile(r, timed, 0.5));
	printf("rss_kib %ld\nrss_ref_kib %ld\n", rss, rss_ref);
	free(t);
	free(r);
	free(to_login);
	free(to_counter);
	return 0;
}

/* --- import ---------------------------------------------------------------- */

static int cmd_import(const char *csv, const char *jifen, const char *dir)
{
	char db[4200], ref_db[4200];
	snprintf(db, sizeof db, "%s/import.db", dir);
	snprintf(ref_db, sizeof ref_db, "%s/import-ref.db", dir);
	unlink(db);
	unlink(ref_db);
	/* a new database with its staff operator, made before the clock starts */
	setenv("JIFEN_PIN", BENCH_PIN, 1);
	char *init_argv[] = {(char *)jifen, "-d", db, "init", "--community", "府西街道",
	                     "--code", "FX", NULL};
	run_result rr = run(init_argv, NULL, NULL);
	if (!ok_exit(rr))
		bench_die("%s init failed", jifen);
	char *import_argv[] = {(char *)jifen, "-d", db, "-o", "admin", "resident", "import",
	                       (char *)csv, NULL};
	rr = run(import_argv, NULL, NULL);
	if (!ok_exit(rr))
		bench_die("%s import residents %s failed", jifen, csv);
	double ms = rr.ms;
	sqlite3 *raw = open_raw(db);
	sqlite3_stmt *st = raw_prepare(raw, "SELECT count(*) FROM residents");
	int64_t rows = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	sqlite3_close(raw);
	printf("import_rows %" PRId64 "\n", rows);
	char *ref_argv[] = {"sqlite3", ref_db, "-cmd", "PRAGMA journal_mode=WAL",
	                    "-cmd", "PRAGMA synchronous=FULL", ".import --csv '' t", NULL};
	char cmd[8600];
	snprintf(cmd, sizeof cmd, ".import --csv %s t", csv);
	ref_argv[6] = cmd;
	run_result ref = run(ref_argv, NULL, NULL);
	if (!ok_exit(ref))
		bench_die("sqlite3 .import failed");
	out_ms("import_ms", ms);
	out_ms("import_ref_ms", ref.ms);
	printf("import_maxrss_kib %ld\n", rr.maxrss_kib);
	unlink(ref_db);
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: bench search|redeem|day|notice|screen|import ... (see bench.c)\n");
	exit(2);
}

int main(int argc, char **argv)
{
	if (argc < 3)
		usage();
	bench_set_tz();
	if (jf_i18n_init(NULL) != 0)
		bench_die("no UTF-8 locale");
	signal(SIGPIPE, SIG_IGN);
	const char *cmd = argv[1];
	if (!strcmp(cmd, "search"))
		return cmd_search(argv[2], 1000);
	if (!strcmp(cmd, "redeem"))
		return cmd_redeem(argv[2], 1000);
	if (!strcmp(cmd, "day"))
		return cmd_day(argv[2], argc > 3 ? argv[3] : BENCH_BUSY_DAY,
		               argc > 4 ? argv[4] : "day", 20);
	if (!strcmp(cmd, "notice") && argc >= 4)
		return cmd_notice(argv[2], argv[3], argc > 4 ? argv[4] : NULL, 3);
	if (!strcmp(cmd, "screen") && argc >= 4)
		return cmd_screen(argv[2], argv[3], 10);
	if (!strcmp(cmd, "import") && argc >= 5)
		return cmd_import(argv[2], argv[3], argv[4]);
	usage();
}
