// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * perf.data through `perf script --ns`: perf's own decoder is the only complete reader of its
 * format, so run it (fork/exec with an argv, never a shell) and stream its stdout, line by
 * line, into the perf-script text reader. stderr is kept (its first bytes) for the message
 * when perf fails. When perf is missing or fails, say how to convert the file by hand.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "reader.h"
#include "text_priv.h"
#include "util.h"

#define PERF_CHUNK (1 << 16)
#define PERF_ERRBUF 256
#define EXIT_EXEC_FAILED 127

struct perf_run {
	pid_t pid;
	int out;   /* perf's stdout */
	int errfd; /* perf's stderr */
	char errbuf[PERF_ERRBUF];
	size_t errlen;
	char *buf; /* a partial line carried between reads */
	size_t len, alloc;
};

static int unsupported(const char *path, const char *why, struct ioa_err *err)
{
	return ioa_error(err, IOA_EUNSUPPORTED,
			 "%s: cannot read perf.data: %s; convert it with `perf script --ns -i %s > "
			 "%s.txt` and ingest the text",
			 path, why, path, path);
}

static void child(const char *path, int out[2], int errp[2])
{
	char *argv[] = { "perf", "script", "--ns", "-f", "-i", (char *)path, NULL };
	int devnull = open("/dev/null", O_RDONLY);

	if (devnull >= 0)
		dup2(devnull, STDIN_FILENO);
	dup2(out[1], STDOUT_FILENO);
	dup2(errp[1], STDERR_FILENO);
	close(out[0]);
	close(out[1]);
	close(errp[0]);
	close(errp[1]);
	execvp("perf", argv);
	_exit(EXIT_EXEC_FAILED);
}

static int start_perf(struct perf_run *run, const char *path, struct ioa_err *err)
{
	int out[2], errp[2];

	if (pipe2(out, O_CLOEXEC))
		return ioa_error(err, IOA_EIO, "%s: pipe: %s", path, strerror(errno));
	if (pipe2(errp, O_CLOEXEC)) {
		close(out[0]);
		close(out[1]);
		return ioa_error(err, IOA_EIO, "%s: pipe: %s", path, strerror(errno));
	}
	run->pid = fork();
	if (run->pid == 0)
		child(path, out, errp);
	close(out[1]);
	close(errp[1]);
	run->out = out[0];
	run->errfd = errp[0];
	if (run->pid < 0) {
		close(run->out);
		close(run->errfd);
		return ioa_error(err, IOA_ENOMEM, "%s: fork: %s", path, strerror(errno));
	}
	return 0;
}

/* feed the complete lines in run->buf, keep the partial last one */
static int feed_lines(struct perf_run *run, struct ioa_text_reader *r, struct ioa_err *err)
{
	char *p = run->buf, *end = run->buf + run->len, *nl;
	int rc = 0;

	while (!rc && (nl = memchr(p, '\n', (size_t)(end - p)))) {
		rc = ioa_text_reader_feed(r, p, (size_t)(nl - p), err);
		p = nl + 1;
	}
	run->len = (size_t)(end - p);
	memmove(run->buf, p, run->len);
	return rc;
}

static int read_stdout(struct perf_run *run, struct ioa_text_reader *r, struct ioa_err *err)
{
	ssize_t n;

	if (run->alloc - run->len < PERF_CHUNK) {
		run->alloc = run->len + 2 * PERF_CHUNK;
		run->buf = ioa_xrealloc(run->buf, run->alloc);
	}
	n = read(run->out, run->buf + run->len, run->alloc - run->len);
	if (n < 0)
		return errno == EINTR
			       ? 0
			       : ioa_error(err, IOA_EIO, "perf script: read: %s", strerror(errno));
	if (n == 0) {
		close(run->out);
		run->out = -1;
		return run->len ? ioa_text_reader_feed(r, run->buf, run->len, err) : 0;
	}
	run->len += (size_t)n;
	return feed_lines(run, r, err);
}

static void read_stderr(struct perf_run *run)
{
	char scratch[PERF_ERRBUF];
	size_t room = sizeof(run->errbuf) - 1 - run->errlen;
	ssize_t n = read(run->errfd, scratch, sizeof(scratch));

	if (n <= 0 && !(n < 0 && errno == EINTR)) {
		close(run->errfd);
		run->errfd = -1;
		return;
	}
	if (n > 0 && room) {
		memcpy(run->errbuf + run->errlen, scratch, IOA_MIN((size_t)n, room));
		run->errlen += IOA_MIN((size_t)n, room);
	}
}

/* until perf closes both pipes, or the reader or the sink says stop */
static int pump(struct perf_run *run, struct ioa_text_reader *r, struct ioa_err *err)
{
	struct pollfd fds[2];
	int rc = 0;

	while (!rc && (run->out >= 0 || run->errfd >= 0)) {
		fds[0] = (struct pollfd){ .fd = run->out, .events = POLLIN };
		fds[1] = (struct pollfd){ .fd = run->errfd, .events = POLLIN };
		if (poll(fds, 2, -1) < 0) {
			if (errno != EINTR)
				rc = ioa_error(err, IOA_EIO, "perf script: poll: %s",
					       strerror(errno));
			continue;
		}
		if (fds[0].revents)
			rc = read_stdout(run, r, err);
		if (fds[1].revents)
			read_stderr(run);
	}
	return rc;
}

/* reap perf; returns its exit status, or -1 when it did not exit normally */
static int reap(struct perf_run *run, int kill_it)
{
	int status;

	if (run->out >= 0)
		close(run->out);
	if (run->errfd >= 0)
		close(run->errfd);
	if (kill_it)
		kill(run->pid, SIGTERM);
	while (waitpid(run->pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* the first line of perf's stderr, for the message */
static const char *first_err_line(struct perf_run *run)
{
	char *nl;

	run->errbuf[run->errlen] = '\0';
	nl = strchr(run->errbuf, '\n');
	if (nl)
		*nl = '\0';
	return run->errbuf[0] ? run->errbuf : "no message";
}

static int verdict(struct perf_run *run, int status, const char *path, struct ioa_err *err)
{
	char why[PERF_ERRBUF + 64];

	if (status == EXIT_EXEC_FAILED)
		return unsupported(path, "perf is not installed (or not in PATH)", err);
	snprintf(why, sizeof(why), "`perf script` failed (%s%d): %s",
		 status < 0 ? "killed, " : "exit ", status, first_err_line(run));
	return unsupported(path, why, err);
}

int ioa_read_perfdata(const char *path, const struct ioa_event_sink *sink,
		      struct ioa_trace_meta *meta, struct ioa_err *err)
{
	struct perf_run run = { .out = -1, .errfd = -1 };
	struct ioa_text_reader *r;
	int rc, status;

	if (!sink || !meta)
		return ioa_error(err, IOA_EINTERNAL, "%s: no sink or meta", path);
	if (access(path, R_OK))
		return ioa_error(err, IOA_EIO, "%s: cannot open: %s", path, strerror(errno));
	rc = start_perf(&run, path, err);
	if (rc)
		return rc;
	r = ioa_text_reader_new(path, IOA_FMT_PERF_SCRIPT, sink, meta);
	rc = pump(&run, r, err);
	status = reap(&run, rc != 0);
	if (!rc && status != 0)
		rc = verdict(&run, status, path, err);
	if (!rc)
		rc = ioa_text_reader_finish(r, err);
	if (!rc || rc == IOA_ENODATA)
		ioa_strlcpy(meta->format, ioa_format_name(IOA_FMT_PERF_DATA), sizeof(meta->format));
	ioa_text_reader_free(r);
	free(run.buf);
	return rc;
}
