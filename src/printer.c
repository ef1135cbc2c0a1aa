/* Receipt printers: a device file, a TCP socket, or CUPS's lp. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "internal.h"
#include "jifen/escpos.h"
#include "jifen/printer.h"
#include "jifen/receipt.h"

extern char **environ;

#define DEFAULT_PORT "9100"

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Milliseconds left until the deadline, at least 0. */
static int left_ms(int64_t deadline)
{
	int64_t left = deadline - now_ms();
	return left < 0 ? 0 : left > 600000 ? 600000 : (int)left;
}

static jf_status fail(char *err, size_t errlen, const jf_config *cfg, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* "打印机 <target>：<cause>" into err; returns JF_PRINTER. */
static jf_status fail(char *err, size_t errlen, const jf_config *cfg, const char *fmt, ...)
{
	if (!err || !errlen)
		return JF_PRINTER;
	int n = snprintf(err, errlen, _("打印机 %s："), cfg->printer_target);
	if (n >= 0 && (size_t)n < errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return JF_PRINTER;
}

/* Write all of data to a non-blocking fd before the deadline.  Returns 0,
 * or an errno value (ETIMEDOUT when the deadline passed).  SIGPIPE is kept
 * from killing the program when the reader has gone. */
static int write_all(int fd, const unsigned char *data, size_t len, int64_t deadline,
                     int is_socket)
{
	sigset_t pipe_set, old;
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	int rc = 0;
	size_t off = 0;
	while (off < len) {
		ssize_t n = is_socket ? send(fd, data + off, len - off, MSG_NOSIGNAL)
		                      : write(fd, data + off, len - off);
		if (n > 0) {
			off += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
			rc = errno;
			break;
		}
		struct pollfd p = {.fd = fd, .events = POLLOUT};
		int wait = left_ms(deadline);
		if (wait == 0) {
			rc = ETIMEDOUT;
			break;
		}
		int pr = poll(&p, 1, wait);
		if (pr < 0 && errno != EINTR) {
			rc = errno;
			break;
		}
		if (pr == 0) {
			rc = ETIMEDOUT;
			break;
		}
		if (pr > 0 && (p.revents & (POLLERR | POLLHUP)) && !(p.revents & POLLOUT)) {
			rc = EPIPE;
			break;
		}
	}
	if (rc == EPIPE) {
		/* take the SIGPIPE that is now pending, if any */
		struct timespec zero = {0, 0};
		sigtimedwait(&pipe_set, NULL, &zero);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

static const char *cause(int err)
{
	return err == ETIMEDOUT ? _("超时，打印机没有响应（缺纸或已关机？）") : strerror(err);
}

static jf_status send_device(const jf_config *cfg, const void *data, size_t len, char *err,
                             size_t errlen)
{
	int64_t deadline = now_ms() + cfg->timeout_ms;
	/* O_APPEND: a plain file (a spool, a test) is added to, not overwritten */
	int fd = open(cfg->printer_target, O_WRONLY | O_APPEND | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return fail(err, errlen, cfg, "%s", strerror(errno));
	int rc = write_all(fd, data, len, deadline, 0);
	if (close(fd) != 0 && rc == 0 && errno != EINTR)
		rc = errno;
	if (rc)
		return fail(err, errlen, cfg, "%s", cause(rc));
	return JF_OK;
}

/* Split "host", "host:port" or "[v6]:port". */
static int split_target(const char *target, char *host, size_t hostsz, char *port,
                        size_t portsz)
{
	const char *h = target, *p = NULL;
	size_t hl;
	if (*target == '[') {
		const char *close = strchr(target, ']');
		if (!close)
			return -1;
		h = target + 1;
		hl = (size_t)(close - h);
		if (close[1] == ':')
			p = close + 2;
	} else {
		const char *colon = strchr(target, ':');
		hl = colon ? (size_t)(colon - target) : strlen(target);
		if (colon)
			p = colon + 1;
	}
	if (hl == 0 || hl >= hostsz)
		return -1;
	memcpy(host, h, hl);
	host[hl] = '\0';
	snprintf(port, portsz, "%s", p && *p ? p : DEFAULT_PORT);
	return 0;
}

/* Connect within the deadline; returns the socket (non-blocking) or -1
 * with *errp set. */
static int connect_before(const struct addrinfo *ai, int64_t deadline, int *errp)
{
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
	                ai->ai_protocol);
	if (fd < 0) {
		*errp = errno;
		return -1;
	}
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
		return fd;
	if (errno != EINPROGRESS) {
		*errp = errno;
		close(fd);
		return -1;
	}
	for (;;) {
		struct pollfd p = {.fd = fd, .events = POLLOUT};
		int pr = poll(&p, 1, left_ms(deadline));
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr <= 0) {
			*errp = pr == 0 ? ETIMEDOUT : errno;
			close(fd);
			return -1;
		}
		break;
	}
	int soerr = 0;
	socklen_t sl = sizeof soerr;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) != 0)
		soerr = errno;
	if (soerr) {
		*errp = soerr;
		close(fd);
		return -1;
	}
	return fd;
}

static jf_status send_tcp(const jf_config *cfg, const void *data, size_t len, char *err,
                          size_t errlen)
{
	int64_t deadline = now_ms() + cfg->timeout_ms;
	char host[256], port[16];
	if (split_target(cfg->printer_target, host, sizeof host, port, sizeof port) != 0)
		return fail(err, errlen, cfg, "%s", _("地址应写成 主机:端口"));
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
	                         .ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG};
	struct addrinfo *res = NULL;
	int gai = getaddrinfo(host, port, &hints, &res);
	if (gai != 0)
		return fail(err, errlen, cfg, "%s", gai_strerror(gai));
	int fd = -1, e = ECONNREFUSED;
	for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next)
		fd = connect_before(ai, deadline, &e);
	freeaddrinfo(res);
	if (fd < 0)
		return fail(err, errlen, cfg, "%s", cause(e));
	int rc = write_all(fd, data, len, deadline, 1);
	if (rc == 0)
		shutdown(fd, SHUT_WR);
	close(fd);
	if (rc)
		return fail(err, errlen, cfg, "%s", cause(rc));
	return JF_OK;
}

/* lp -d QUEUE -o raw, the data on its standard input. */
static jf_status send_cups(const jf_config *cfg, const void *data, size_t len, char *err,
                           size_t errlen)
{
	int64_t deadline = now_ms() + cfg->timeout_ms;
	int in[2] = {-1, -1}, errp[2] = {-1, -1};
	pid_t pid = -1;
	jf_status rv = JF_OK;
	char msg[512] = "";
	size_t mlen = 0;
	posix_spawn_file_actions_t fa;
	int have_fa = 0;

	if (pipe2(in, O_CLOEXEC) != 0 || pipe2(errp, O_CLOEXEC) != 0) {
		rv = fail(err, errlen, cfg, "%s", strerror(errno));
		goto cleanup;
	}
	if (posix_spawn_file_actions_init(&fa) != 0) {
		rv = fail(err, errlen, cfg, "%s", strerror(ENOMEM));
		goto cleanup;
	}
	have_fa = 1;
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, errp[1], 2);
	char *argv[] = {"lp", "-d", (char *)cfg->printer_target, "-o", "raw", NULL};
	int sp = posix_spawnp(&pid, "lp", &fa, NULL, argv, environ);
	if (sp != 0) {
		pid = -1;
		rv = fail(err, errlen, cfg, _("无法运行 lp（是否安装了 CUPS？）：%s"), strerror(sp));
		goto cleanup;
	}
	close(in[0]);
	close(errp[1]);
	in[0] = errp[1] = -1;
	fcntl(in[1], F_SETFL, O_NONBLOCK);
	int wrc = write_all(in[1], data, len, deadline, 0);
	close(in[1]);
	in[1] = -1;

	/* what lp says on standard error, until it exits or time is up */
	for (;;) {
		struct pollfd p = {.fd = errp[0], .events = POLLIN};
		int wait = left_ms(deadline);
		int pr = wait ? poll(&p, 1, wait) : 0;
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr <= 0)
			break;
		char buf[256];
		ssize_t n = read(errp[0], buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		size_t take = (size_t)n < sizeof msg - 1 - mlen ? (size_t)n : sizeof msg - 1 - mlen;
		memcpy(msg + mlen, buf, take);
		mlen += take;
		msg[mlen] = '\0';
	}
	int status = 0;
	pid_t w;
	while ((w = waitpid(pid, &status, WNOHANG)) == 0 && left_ms(deadline) > 0) {
		struct timespec ms10 = {0, 10 * 1000 * 1000};
		nanosleep(&ms10, NULL);
	}
	if (w == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		pid = -1;
		rv = fail(err, errlen, cfg, "%s", _("lp 超时未结束"));
		goto cleanup;
	}
	pid = -1;
	while (mlen && (msg[mlen - 1] == '\n' || msg[mlen - 1] == '\r'))
		msg[--mlen] = '\0';
	for (char *c = msg; *c; c++)
		if (*c == '\n' || *c == '\r' || *c == '\t')
			*c = ' ';
	if (w < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		rv = fail(err, errlen, cfg, _("lp 失败（退出状态 %d）%s%s"),
		          w > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1,
		          mlen ? (jf_i18n_is_english() ? ": " : "：") : "", msg);
		goto cleanup;
	}
	if (wrc)
		rv = fail(err, errlen, cfg, "%s", cause(wrc));
cleanup:
	if (have_fa)
		posix_spawn_file_actions_destroy(&fa);
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (errp[i] >= 0)
			close(errp[i]);
	}
	return rv;
}

jf_status jf_printer_send(const jf_config *cfg, const void *data, size_t len, char *errbuf,
                          size_t errlen)
{
	if (errbuf && errlen)
		errbuf[0] = '\0';
	switch (cfg->printer) {
	case JF_PRINTER_DEVICE:
		return send_device(cfg, data, len, errbuf, errlen);
	case JF_PRINTER_TCP:
		return send_tcp(cfg, data, len, errbuf, errlen);
	case JF_PRINTER_CUPS:
		return send_cups(cfg, data, len, errbuf, errlen);
	case JF_PRINTER_NONE:
	default:
		if (errbuf && errlen)
			snprintf(errbuf, errlen, "%s",
			         _("没有设置打印机（见 jifen.conf(5) 的 [printer] 一节）"));
		return JF_PRINTER;
	}
}

jf_status jf_receipt_print(jf_db *db, const jf_config *cfg, const char *no)
{
	jf_receipt r;
	jf_escpos out = {0};
	char err[512] = "";
	jf_config defaults;
	if (!cfg) {
		jf_config_defaults(&defaults);
		cfg = &defaults;
	}
	jf_status st = jf_receipt_load(db, no, &r);
	if (st != JF_OK)
		return st;
	/* The database is not touched while the printer is: a slow printer
	 * holds no lock. */
	st = jf_escpos_receipt(&r, cfg, &out);
	if (st != JF_OK)
		snprintf(err, sizeof err, _("小票 %s 无法排成打印内容（网址模板太长？）"), no);
	else
		st = jf_printer_send(cfg, out.data, out.len, err, sizeof err);
	jf_escpos_free(&out);

	jf_status rec = jf_receipt_record_print(db, r.id, st == JF_OK, err);
	jf_receipt_free(&r);
	if (st != JF_OK)
		return jf_fail(db, st, "%s", err);
	if (rec != JF_OK)
		return jf_fail(db, rec, _("小票 %s 已打印，但没能记下打印结果：%s"), no,
		               jf_status_message(rec));
	return JF_OK;
}

jf_status jf_receipt_reprint(jf_db *db, const jf_op *op, const jf_config *cfg, const char *no)
{
	jf_status st = jf_op_require(db, op, JF_ROLE_STAFF);
	if (st != JF_OK)
		return st;
	return jf_receipt_print(db, cfg, no);
}
