/* Printers: a TCP printer on a loopback port receives exactly the stream; a
 * printer that refuses leaves the redemption committed and the receipt
 * waiting; device files and CUPS's lp. */
#include "testlib.h"
#include "qrcheck.h"
#include "receiptlib.h"

#include <errno.h>
#include <pthread.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "jifen/config.h"
#include "jifen/escpos.h"
#include "jifen/printer.h"

/* --- a printer on a loopback port ----------------------------------------- */

typedef struct {
	int lfd;
	int port;
	unsigned char *got; /* everything read until the client closed */
	size_t len;
	pthread_t thread;
} tcp_printer;

static void *serve(void *arg)
{
	tcp_printer *p = arg;
	int fd = accept(p->lfd, NULL, NULL);
	if (fd < 0)
		return NULL;
	size_t cap = 65536;
	p->got = malloc(cap);
	for (;;) {
		if (p->len == cap)
			p->got = realloc(p->got, cap *= 2);
		ssize_t n = read(fd, p->got + p->len, cap - p->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		p->len += (size_t)n;
	}
	close(fd);
	return NULL;
}

/* A loopback socket; listening (a printer that is on) or not (off). */
static void printer_open(tcp_printer *p, int listening)
{
	memset(p, 0, sizeof *p);
	p->lfd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(p->lfd >= 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	assert_int_equal(bind(p->lfd, (struct sockaddr *)&a, sizeof a), 0);
	socklen_t al = sizeof a;
	assert_int_equal(getsockname(p->lfd, (struct sockaddr *)&a, &al), 0);
	p->port = ntohs(a.sin_port);
	if (listening) {
		assert_int_equal(listen(p->lfd, 1), 0);
		assert_int_equal(pthread_create(&p->thread, NULL, serve, p), 0);
	} else {
		/* bound but not listening: a connection is refused */
		close(p->lfd);
		p->lfd = -1;
	}
}

/* Wait until the printer has read everything; p->got stays for the test
 * to look at, then printer_free. */
static void printer_close(tcp_printer *p)
{
	if (p->lfd >= 0) {
		pthread_join(p->thread, NULL);
		close(p->lfd);
		p->lfd = -1;
	}
}

static void printer_free(tcp_printer *p)
{
	printer_close(p);
	free(p->got);
	p->got = NULL;
}

static jf_config tcp_config(int port)
{
	jf_config c;
	jf_config_defaults(&c);
	c.printer = JF_PRINTER_TCP;
	snprintf(c.printer_target, sizeof c.printer_target, "127.0.0.1:%d", port);
	return c;
}

/* What jf_receipt_print sends for the fixture's receipt under cfg. */
static jf_escpos expected_stream(fixture *f, const jf_config *c)
{
	jf_receipt r;
	jf_escpos out;
	assert_int_equal(jf_receipt_load(f->e->db, f->r.receipt_no, &r), JF_OK);
	assert_int_equal(jf_escpos_receipt(&r, c, &out), JF_OK);
	jf_receipt_free(&r);
	return out;
}

static size_t count_pending(jf_db *db, const char *no, jf_receipt_pending *one)
{
	jf_receipt_pending *p;
	size_t n, hits = 0;
	assert_int_equal(jf_receipt_pending_list(db, NULL, &p, &n), JF_OK);
	for (size_t i = 0; i < n; i++)
		if (strcmp(p[i].no, no) == 0) {
			hits++;
			if (one)
				*one = p[i];
		}
	free(p);
	return hits;
}

static void test_tcp_receives_exactly_the_stream(void **state)
{
	fixture *f = *state;
	tcp_printer p;
	printer_open(&p, 1);
	jf_config c = tcp_config(p.port);
	jf_escpos want = expected_stream(f, &c);
	assert_int_equal(count_pending(f->e->db, f->r.receipt_no, NULL), 1);

	assert_int_equal(jf_receipt_print(f->e->db, &c, f->r.receipt_no), JF_OK);
	printer_close(&p);
	assert_int_equal(p.len, want.len);
	assert_memory_equal(p.got, want.data, want.len);

	/* and what arrived is a good receipt whose QR verifies */
	pos_doc d;
	char got[512];
	assert_int_equal(pos_parse(p.got, p.len, 32, 384, &d), 0);
	assert_int_equal(zbar_decode_bits(d.raster, d.raster_w, d.raster_h, d.raster_row, 2, 0,
	                                  got, sizeof got),
	                 1);
	jf_verification v;
	assert_int_equal(jf_receipt_verify(f->e->db, got, &v), JF_OK);
	assert_int_equal(v.verdict, JF_VERDICT_GENUINE);
	pos_free(&d);

	/* printed: off the waiting list, one good attempt on record */
	assert_int_equal(count_pending(f->e->db, f->r.receipt_no, NULL), 0);
	jf_receipt r;
	assert_int_equal(jf_receipt_load(f->e->db, f->r.receipt_no, &r), JF_OK);
	assert_true(r.printed);
	assert_int_equal(r.print_attempts, 1);
	jf_receipt_free(&r);
	jf_escpos_free(&want);
	printer_free(&p);
}

static void test_tcp_any_bytes(void **state)
{
	(void)state;
	tcp_printer p;
	printer_open(&p, 1);
	jf_config c = tcp_config(p.port);
	unsigned char data[200000];
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (unsigned char)(i * 7 + i / 256);
	char err[256];
	assert_int_equal(jf_printer_send(&c, data, sizeof data, err, sizeof err), JF_OK);
	printer_close(&p);
	assert_int_equal(p.len, sizeof data);
	assert_memory_equal(p.got, data, sizeof data);
	printer_free(&p);
}

static void test_refused_leaves_redemption_committed(void **state)
{
	fixture *f = *state;
	jf_db *db = f->e->db;
	tcp_printer off;
	printer_open(&off, 0);
	jf_config c = tcp_config(off.port);
	char target[64];
	snprintf(target, sizeof target, "127.0.0.1:%d", off.port);

	/* a new redemption, then its printer refuses */
	jf_cart_line cart[] = {{f->tissue, 3}};
	jf_redeem_result r2;
	assert_int_equal(jf_redeem(db, f->vol, f->yang, cart, 1, &r2), JF_OK);
	assert_int_equal(jf_receipt_print(db, &c, r2.receipt_no), JF_PRINTER);
	assert_non_null(strstr(jf_db_error(db), target));

	/* the redemption stands: balance, ledger, stock and audit */
	jf_resident yang;
	assert_int_equal(jf_resident_get(db, f->yang, &yang), JF_OK);
	assert_int_equal(yang.balance, 50 - 6);
	jf_entry last[1];
	int n = 0;
	assert_int_equal(jf_recent_entries(db, f->yang, last, 1, &n), JF_OK);
	assert_int_equal(n, 1);
	assert_string_equal(last[0].kind, "redeem");
	assert_string_equal(last[0].receipt_no, r2.receipt_no);
	jf_item tissue;
	assert_int_equal(jf_item_get(db, f->tissue, &tissue), JF_OK);
	assert_int_equal(tissue.stock, 20 - 2 - 3);
	jf_audit_report rep;
	assert_int_equal(jf_audit(db, &rep), JF_OK);

	/* the receipt waits, with why */
	jf_receipt_pending one;
	assert_int_equal(count_pending(db, r2.receipt_no, &one), 1);
	assert_int_equal(one.attempts, 1);
	assert_non_null(strstr(one.error, target));

	/* the printer comes back: a reprint takes it off the list */
	tcp_printer on;
	printer_open(&on, 1);
	c = tcp_config(on.port);
	assert_int_equal(jf_receipt_print(db, &c, r2.receipt_no), JF_OK);
	printer_close(&on);
	assert_true(on.len > 0);
	printer_free(&on);
	assert_int_equal(count_pending(db, r2.receipt_no, NULL), 0);
	jf_receipt r;
	assert_int_equal(jf_receipt_load(db, r2.receipt_no, &r), JF_OK);
	assert_int_equal(r.print_attempts, 2);
	assert_true(r.printed);
	jf_receipt_free(&r);
	printer_free(&off);
}

/* --- device files --------------------------------------------------------- */

static void test_device_file(void **state)
{
	fixture *f = *state;
	jf_config c;
	jf_config_defaults(&c);
	c.printer = JF_PRINTER_DEVICE;
	c.paper = 80;
	snprintf(c.printer_target, sizeof c.printer_target, "%.200s/lp0", f->e->dir);
	/* a device that is not there: unplugged */
	assert_int_equal(jf_receipt_print(f->e->db, &c, f->r.receipt_no), JF_PRINTER);
	assert_non_null(strstr(jf_db_error(f->e->db), c.printer_target));
	assert_non_null(strstr(jf_db_error(f->e->db), strerror(ENOENT)));

	/* a file standing in for it gets the stream, twice for two prints */
	FILE *fp = fopen(c.printer_target, "w");
	fclose(fp);
	jf_escpos want = expected_stream(f, &c);
	assert_int_equal(jf_receipt_print(f->e->db, &c, f->r.receipt_no), JF_OK);
	assert_int_equal(jf_receipt_print(f->e->db, &c, f->r.receipt_no), JF_OK);
	fp = fopen(c.printer_target, "rb");
	unsigned char *got = malloc(2 * want.len + 1);
	size_t n = fread(got, 1, 2 * want.len + 1, fp);
	fclose(fp);
	assert_int_equal(n, 2 * want.len);
	assert_memory_equal(got, want.data, want.len);
	assert_memory_equal(got + want.len, want.data, want.len);
	free(got);
	jf_escpos_free(&want);

	/* a pipe that nobody reads, as a printer that is off: no waiting */
	snprintf(c.printer_target, sizeof c.printer_target, "%.200s/fifo", f->e->dir);
	assert_int_equal(mkfifo(c.printer_target, 0600), 0);
	assert_int_equal(jf_receipt_print(f->e->db, &c, f->r.receipt_no), JF_PRINTER);

	jf_receipt r;
	assert_int_equal(jf_receipt_load(f->e->db, f->r.receipt_no, &r), JF_OK);
	assert_int_equal(r.print_attempts, 4);
	assert_true(r.printed);
	jf_receipt_free(&r);
}

/* --- CUPS ----------------------------------------------------------------- */

/* An `lp` on PATH standing in for CUPS's: it keeps its arguments and its
 * standard input, or fails as lp does for an unknown queue. */
static void write_lp(const char *dir, int fail)
{
	char path[400];
	snprintf(path, sizeof path, "%s/lp", dir);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	if (fail)
		fprintf(fp, "#!/bin/sh\ncat >/dev/null\n"
		            "echo 'lp: The printer or class does not exist.' >&2\nexit 1\n");
	else
		fprintf(fp, "#!/bin/sh\nprintf '%%s\\n' \"$@\" > '%s/args'\ncat > '%s/data'\n", dir,
		        dir);
	fclose(fp);
	assert_int_equal(chmod(path, 0755), 0);
}

static void test_cups_queue(void **state)
{
	fixture *f = *state;
	char *old = strdup(getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
	char path[600], file[400];
	jf_config c;
	jf_config_defaults(&c);
	c.printer = JF_PRINTER_CUPS;
	snprintf(c.printer_target, sizeof c.printer_target, "Receipt58");

	write_lp(f->e->dir, 0);
	snprintf(path, sizeof path, "%s:/usr/bin:/bin", f->e->dir);
	setenv("PATH", path, 1);
	jf_escpos want = expected_stream(f, &c);
	assert_int_equal(jf_receipt_print(f->e->db, &c, f->r.receipt_no), JF_OK);
	snprintf(file, sizeof file, "%s/args", f->e->dir);
	FILE *fp = fopen(file, "r");
	char args[256] = "";
	assert_non_null(fp);
	size_t n = fread(args, 1, sizeof args - 1, fp);
	args[n] = '\0';
	fclose(fp);
	assert_string_equal(args, "-d\nReceipt58\n-o\nraw\n");
	snprintf(file, sizeof file, "%s/data", f->e->dir);
	fp = fopen(file, "rb");
	unsigned char *got = malloc(want.len + 1);
	n = fread(got, 1, want.len + 1, fp);
	fclose(fp);
	assert_int_equal(n, want.len);
	assert_memory_equal(got, want.data, want.len);
	free(got);
	jf_escpos_free(&want);

	/* lp refuses: its message is kept */
	write_lp(f->e->dir, 1);
	assert_int_equal(jf_receipt_print(f->e->db, &c, f->r.receipt_no), JF_PRINTER);
	assert_non_null(strstr(jf_db_error(f->e->db), "does not exist"));
	assert_non_null(strstr(jf_db_error(f->e->db), "Receipt58"));

	/* no lp at all */
	setenv("PATH", "/nonexistent", 1);
	assert_int_equal(jf_receipt_print(f->e->db, &c, f->r.receipt_no), JF_PRINTER);
	assert_non_null(strstr(jf_db_error(f->e->db), "lp"));
	setenv("PATH", old, 1);
	free(old);

	jf_receipt_pending one;
	assert_int_equal(count_pending(f->e->db, f->r.receipt_no, &one), 0);
	jf_receipt r;
	assert_int_equal(jf_receipt_load(f->e->db, f->r.receipt_no, &r), JF_OK);
	assert_int_equal(r.print_attempts, 3);
	assert_non_null(strstr(r.print_error, "lp"));
	jf_receipt_free(&r);
}

static void test_no_printer(void **state)
{
	fixture *f = *state;
	jf_config c;
	jf_config_defaults(&c);
	assert_int_equal(jf_receipt_print(f->e->db, &c, f->r.receipt_no), JF_PRINTER);
	assert_non_null(strstr(jf_db_error(f->e->db), "[printer]"));
	jf_receipt_pending one;
	assert_int_equal(count_pending(f->e->db, f->r.receipt_no, &one), 1);
	assert_int_equal(one.attempts, 1);
	/* an unknown receipt is no print attempt */
	assert_int_equal(jf_receipt_print(f->e->db, &c, "20260610-0404"), JF_NOT_FOUND);
}

int main(void)
{
	test_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tcp_receives_exactly_the_stream, fix_setup,
		                                fix_teardown),
		cmocka_unit_test(test_tcp_any_bytes),
		cmocka_unit_test_setup_teardown(test_refused_leaves_redemption_committed, fix_setup,
		                                fix_teardown),
		cmocka_unit_test_setup_teardown(test_device_file, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_cups_queue, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_no_printer, fix_setup, fix_teardown),
	};
	return cmocka_run_group_tests_name("printer", tests, NULL, NULL);
}
