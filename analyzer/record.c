// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * `ioaware record`: the libtracefs adapter (and the writer side of libtracecmd).
 *
 * Why an instance: `trace-cmd record` cannot run on this machine kind (it fails writing
 * /proc/sys/kernel/ftrace_enabled), and saving/restoring the top-level state by hand leaves it
 * changed when the process dies between the two. A private instance "ioaware-<pid>" has its own
 * events, buffer size and tracing_on; the top level is never written, and the restore is
 * tracefs_instance_destroy() on every path. Instances of ioaware processes that no longer exist
 * (killed with SIGKILL) are removed at the next start.
 *
 * Data path: each CPU's trace_pipe_raw is drained, whole sub-buffer pages through splice
 * (tracefs_cpu_buffered_read), into an unlinked temp file beside the output every tick, so a
 * long recording does not depend on the ring-buffer size; after tracing stops the partial pages
 * are flushed, and libtracecmd's output API writes the trace.dat: headers and event formats of
 * the tracing directory, saved_cmdlines, CPU count, options (uname, clock, per-CPU stats), then
 * the per-CPU data as the top-level buffer, which is what `trace-cmd report` and ingest read.
 */
#include "record.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <tracefs.h>

#include "tasks.h"
#include "tracecmd_abi.h"

#define FILE_VERSION 7
#define TICK_NS 50000000L    /* drain the ring buffers every 50 ms */
#define SCAN_EVERY 10	     /* ticks between /proc scans for VMM threads */
#define CHILD_GRACE_TICKS 40 /* SIGTERM → SIGKILL for the recorded command */
#define INSTANCE_PREFIX "ioaware-"

struct rec {
	const struct ioa_record_opts *opts;
	struct ioa_record_result *res;
	struct ioa_err *err;
	struct tracefs_instance *inst;
	struct tracefs_cpu **tcpu;
	int *fd;    /* per-CPU temp files, already unlinked */
	int *plain; /* per CPU: splice failed, plain reads */
	int cpus;
	char *page;
	int page_size;
	struct ioa_tcmd_out *out;
	char tmp_out[4096]; /* temp name of the output until it is complete */
	int keep_fd;	    /* our dup of the unnamed output file, -1 none */
	pid_t child;
	struct ioa_tasks tasks;
	struct timespec t_on;
};

/* ---- pure helpers ---------------------------------------------------------------------------- */

static int name_ok(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!(s[i] == '_' || (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= 'A' && s[i] <= 'Z')))
			return 0;
	return n > 0;
}

int ioa_record_split_event(char *sys, size_t sys_size, char *event, size_t event_size,
			   const char *item, struct ioa_err *err)
{
	const char *colon = strchr(item, ':');
	size_t ns = colon ? (size_t)(colon - item) : strlen(item);
	const char *ev = colon ? colon + 1 : "";
	int whole = !*ev || !strcmp(ev, "*");

	if (!name_ok(item, ns) || ns >= sys_size || (!whole && !name_ok(ev, strlen(ev))) ||
	    strlen(ev) >= event_size)
		return ioa_error(
			err, IOA_EUSAGE,
			"--events: '%s' is not SYSTEM:EVENT or SYSTEM:* (e.g. sched:sched_switch)",
			item);
	snprintf(sys, sys_size, "%.*s", (int)ns, item);
	snprintf(event, event_size, "%s", whole ? "" : ev);
	return 0;
}

void ioa_record_tasks_path(char *buf, size_t size, const char *output)
{
	snprintf(buf, size, "%s.tasks.tsv", output);
}

static double elapsed(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a->tv_sec) + (double)(b.tv_nsec - a->tv_nsec) / 1e9;
}

static void append_list(char *buf, size_t size, const char *item)
{
	size_t n = strlen(buf);

	snprintf(buf + n, size - n, "%s%s", n ? "," : "", item);
}

/* ---- the instance ---------------------------------------------------------------------------- */

static int tracefs_ok(void)
{
	const char *dir = tracefs_tracing_dir();
	char path[4096];

	if (!dir || geteuid() != 0)
		return 0;
	snprintf(path, sizeof(path), "%s/instances", dir);
	return access(path, W_OK) == 0;
}

/* instances left by ioaware processes that were killed before they could clean up */
static void remove_stale_instances(const struct ioa_log *log)
{
	char path[4096];
	struct dirent *de;
	DIR *d;
	int pid;

	snprintf(path, sizeof(path), "%s/instances", tracefs_tracing_dir());
	d = opendir(path);
	if (!d)
		return;
	while ((de = readdir(d))) {
		struct tracefs_instance *inst;
		char name[64];

		if (sscanf(de->d_name, INSTANCE_PREFIX "%d", &pid) != 1 || pid <= 0)
			continue;
		snprintf(name, sizeof(name), INSTANCE_PREFIX "%d", pid);
		if (strcmp(name, de->d_name) || kill(pid, 0) == 0 || errno != ESRCH)
			continue; /* not ours ("ioaware-qemu"), or its process lives */
		inst = tracefs_instance_alloc(NULL, de->d_name);
		if (inst && !tracefs_instance_destroy(inst))
			ioa_log(log, IOA_LOG_INFO, "removed stale tracefs instance %s\n",
				de->d_name);
		tracefs_instance_free(inst);
	}
	closedir(d);
}

static int enable_one(struct rec *r, const char *item)
{
	char sys[128], ev[128], file[300];
	int ret;

	ret = ioa_record_split_event(sys, sizeof(sys), ev, sizeof(ev), item, r->err);
	if (ret)
		return ret;
	if (ev[0])
		snprintf(file, sizeof(file), "events/%s/%s/enable", sys, ev);
	else
		snprintf(file, sizeof(file), "events/%s/enable", sys);
	if (!tracefs_file_exists(r->inst, file)) {
		append_list(r->res->missing, sizeof(r->res->missing), item);
		return 0;
	}
	if (tracefs_instance_file_write(r->inst, file, "1") < 0)
		return ioa_error(r->err, IOA_ENV, "tracefs: cannot enable %s: %s", item,
				 strerror(errno));
	r->res->enabled++;
	return 0;
}

static int enable_events(struct rec *r)
{
	char *list = ioa_xstrdup(r->opts->events ? r->opts->events : IOA_RECORD_DEFAULT_EVENTS);
	char *save = NULL, *item;
	int ret = 0;

	for (item = strtok_r(list, ",", &save); item && !ret; item = strtok_r(NULL, ",", &save))
		ret = enable_one(r, item);
	free(list);
	if (!ret && !r->res->enabled)
		ret = ioa_error(r->err, IOA_EUSAGE, "none of the events exists on this kernel: %s",
				r->res->missing);
	return ret;
}

/* Markers written to the top-level trace_marker (phase boundaries) reach us too when the kernel
 * has copy_trace_marker (6.17+); harmless when it has not. */
static void copy_markers(struct rec *r)
{
	if (tracefs_file_exists(r->inst, "options/copy_trace_marker"))
		tracefs_instance_file_write(r->inst, "options/copy_trace_marker", "1");
}

static int setup_instance(struct rec *r)
{
	const struct ioa_record_opts *o = r->opts;

	snprintf(r->res->instance, sizeof(r->res->instance), INSTANCE_PREFIX "%d", (int)getpid());
	r->inst = tracefs_instance_create(r->res->instance);
	if (!r->inst)
		return ioa_error(r->err, IOA_ENV, "tracefs: cannot create instance %s: %s",
				 r->res->instance, strerror(errno));
	tracefs_trace_off(r->inst); /* a new instance starts with tracing on */
	if (o->buffer_kb > 0 && tracefs_instance_set_buffer_size(r->inst, (size_t)o->buffer_kb, -1))
		return ioa_error(r->err, IOA_ENV, "tracefs: cannot set buffer_size_kb to %d: %s",
				 o->buffer_kb, strerror(errno));
	copy_markers(r);
	return enable_events(r);
}

/* ---- per-CPU readers ------------------------------------------------------------------------- */

static int temp_file(const char *output, struct ioa_err *err)
{
	char path[4096];
	const char *slash = strrchr(output, '/');
	int fd;

	snprintf(path, sizeof(path), "%.*s%s.ioaware-cpu-XXXXXX",
		 slash ? (int)(slash - output + 1) : 0, output, slash ? "" : ".");
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0)
		return ioa_error(err, IOA_EIO, "%s: cannot create a temp file: %s", path,
				 strerror(errno));
	unlink(path); /* read back through /proc/self/fd: nothing left behind on any exit */
	return fd;
}

static int open_readers(struct rec *r)
{
	int cpu, fd;

	r->cpus = (int)sysconf(_SC_NPROCESSORS_CONF);
	if (r->cpus < 1)
		r->cpus = 1;
	r->tcpu = ioa_xcalloc((size_t)r->cpus, sizeof(*r->tcpu));
	r->fd = ioa_xcalloc((size_t)r->cpus, sizeof(*r->fd));
	r->plain = ioa_xcalloc((size_t)r->cpus, sizeof(*r->plain));
	for (cpu = 0; cpu < r->cpus; cpu++)
		r->fd[cpu] = -1;
	for (cpu = 0; cpu < r->cpus; cpu++) {
		fd = temp_file(r->opts->output, r->err);
		if (fd < 0)
			return fd;
		r->fd[cpu] = fd;
		r->tcpu[cpu] = tracefs_cpu_open(r->inst, cpu, true); /* NULL: CPU offline */
		if (r->tcpu[cpu])
			r->page_size = IOA_MAX(r->page_size, tracefs_cpu_read_size(r->tcpu[cpu]));
	}
	if (r->page_size <= 0)
		return ioa_error(r->err, IOA_ENV, "tracefs: cannot open trace_pipe_raw of any CPU");
	r->page = ioa_xmalloc((size_t)r->page_size);
	return 0;
}

static int save_page(struct rec *r, int cpu, int n)
{
	ssize_t w = write(r->fd[cpu], r->page, (size_t)n);

	if (w != n)
		return ioa_error(r->err, IOA_EIO, "%s: writing cpu %d data: %s", r->opts->output,
				 cpu, w < 0 ? strerror(errno) : "short write");
	r->res->bytes += (uint64_t)n;
	return 0;
}

/* read one chunk; splice-buffered whole pages unless that failed once on this CPU */
static int read_chunk(struct rec *r, int cpu)
{
	int n;

	if (!r->plain[cpu]) {
		n = tracefs_cpu_buffered_read(r->tcpu[cpu], r->page, true);
		if (n >= 0 || errno == EAGAIN || errno == EINTR)
			return n;
		r->plain[cpu] = 1;
	}
	return tracefs_cpu_read(r->tcpu[cpu], r->page, true);
}

/* everything @cpu has now (@flush: also the partial page of a stopped buffer) */
static int drain_cpu(struct rec *r, int cpu, int flush)
{
	int n, ret = 0;

	if (!r->tcpu[cpu])
		return 0;
	while (!ret && (n = read_chunk(r, cpu)) > 0)
		ret = save_page(r, cpu, n);
	while (!ret && flush && (n = tracefs_cpu_flush(r->tcpu[cpu], r->page)) > 0)
		ret = save_page(r, cpu, n);
	return ret;
}

static int drain(struct rec *r, int flush)
{
	int cpu, ret = 0;

	for (cpu = 0; cpu < r->cpus && !ret; cpu++)
		ret = drain_cpu(r, cpu, flush);
	return ret;
}

static void close_readers(struct rec *r)
{
	int cpu;

	for (cpu = 0; cpu < r->cpus; cpu++) {
		if (r->tcpu && r->tcpu[cpu])
			tracefs_cpu_close(r->tcpu[cpu]);
		if (r->fd && r->fd[cpu] >= 0)
			close(r->fd[cpu]);
	}
	free(r->tcpu);
	free(r->fd);
	free(r->plain);
	free(r->page);
	r->tcpu = NULL;
	r->fd = NULL;
}

/* ---- the command ------------------------------------------------------------------------------
 */

static int start_command(struct rec *r)
{
	fflush(NULL);
	r->child = fork();
	if (r->child < 0)
		return ioa_error(r->err, IOA_ENV, "fork: %s", strerror(errno));
	if (r->child == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		execvp(r->opts->argv[0], r->opts->argv);
		fprintf(stderr, "ioaware record: %s: %s\n", r->opts->argv[0], strerror(errno));
		_exit(127);
	}
	return 0;
}

/* the command has exited (not reaped yet: its threads were scanned first) */
static int command_done(struct rec *r)
{
	siginfo_t si;

	if (r->child <= 0)
		return 0;
	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, (id_t)r->child, &si, WEXITED | WNOHANG | WNOWAIT) < 0)
		return errno == ECHILD;
	return si.si_pid == r->child;
}

static void reap_command(struct rec *r)
{
	int status, i;

	if (r->child <= 0)
		return;
	for (i = 0; i < CHILD_GRACE_TICKS; i++) {
		if (waitpid(r->child, &status, WNOHANG) == r->child)
			goto done;
		if (i == 0)
			kill(r->child, SIGTERM);
		nanosleep(&(struct timespec){ 0, TICK_NS }, NULL);
	}
	kill(r->child, SIGKILL);
	while (waitpid(r->child, &status, 0) < 0 && errno == EINTR)
		;
done:
	r->res->cmd_status = status;
	r->child = 0;
}

/* ---- the recording loop -----------------------------------------------------------------------
 */

static void scan_tasks(struct rec *r)
{
	ioa_tasks_scan_proc(&r->tasks, "/proc", r->child > 0 ? (int)r->child : 0);
}

static int should_stop(struct rec *r)
{
	const struct ioa_record_opts *o = r->opts;

	if (o->stop && *o->stop) {
		r->res->stopped = 1;
		return 1;
	}
	if (o->duration > 0 && elapsed(&r->t_on) >= o->duration)
		return 1;
	return command_done(r);
}

static int run(struct rec *r)
{
	unsigned tick;
	int ret = 0;

	scan_tasks(r);
	if (tracefs_trace_on(r->inst))
		return ioa_error(r->err, IOA_ENV, "tracefs: cannot turn tracing on in %s",
				 r->res->instance);
	clock_gettime(CLOCK_MONOTONIC, &r->t_on);
	if (r->opts->argv && r->opts->argv[0])
		ret = start_command(r);
	for (tick = 1; !ret && !should_stop(r); tick++) {
		nanosleep(&(struct timespec){ 0, TICK_NS }, NULL); /* a signal cuts it short */
		ret = drain(r, 0);
		if (tick % SCAN_EVERY == 0)
			scan_tasks(r);
		else if (r->child > 0) /* its threads may live shorter than SCAN_EVERY ticks */
			ioa_tasks_scan_pid(&r->tasks, "/proc", (int)r->child);
	}
	scan_tasks(r);
	tracefs_trace_off(r->inst);
	r->res->seconds = elapsed(&r->t_on);
	reap_command(r);
	if (!ret)
		ret = drain(r, 1);
	return ret;
}

/* ---- the trace.dat ----------------------------------------------------------------------------
 */

static uint64_t stat_value(const char *text, const char *key)
{
	const char *p = strstr(text, key);

	return p ? strtoull(p + strlen(key), NULL, 10) : 0;
}

/* per-CPU stats as options (what `trace-cmd report --stat` shows); lost events counted */
static void add_cpu_stats(struct rec *r)
{
	char file[64], *text;
	int cpu;

	for (cpu = 0; cpu < r->cpus; cpu++) {
		snprintf(file, sizeof(file), "per_cpu/cpu%d/stats", cpu);
		text = tracefs_instance_file_read(r->inst, file, NULL);
		if (!text)
			continue;
		r->res->lost +=
			stat_value(text, "overrun: ") + stat_value(text, "dropped events: ");
		ioa_tcmd_out_option(r->out, IOA_TCMD_OPT_CPUSTAT, text);
		free(text);
	}
}

static void add_options(struct rec *r)
{
	struct utsname u;
	char buf[sizeof(u) + 8];

	if (!uname(&u)) {
		snprintf(buf, sizeof(buf), "%s %s %s %s %s", u.sysname, u.nodename, u.release,
			 u.version, u.machine);
		ioa_tcmd_out_option(r->out, IOA_TCMD_OPT_UNAME, buf);
	}
	ioa_tcmd_out_option(r->out, IOA_TCMD_OPT_TRACECLOCK, NULL);
	add_cpu_stats(r);
}

/* an unnamed file in the output's directory: a killed ioaware leaves nothing behind */
static int open_unnamed(const char *output)
{
	char dir[4096];
	const char *slash = strrchr(output, '/');

	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - output) + 1 : 1,
		 slash ? output : ".");
	return open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0644);
}

/* the output is created first, so that an unwritable path fails before tracing is touched */
static int open_output(struct rec *r)
{
	int fd = open_unnamed(r->opts->output);

	snprintf(r->tmp_out, sizeof(r->tmp_out), "%s.tmp-%d", r->opts->output, (int)getpid());
	if (fd < 0 && errno != EOPNOTSUPP && errno != EISDIR)
		return ioa_error(r->err, IOA_EIO, "%s: %s", r->opts->output, strerror(errno));
	if (fd < 0) /* no O_TMPFILE on this file system: a named temp file */
		fd = open(r->tmp_out, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	else
		r->keep_fd = dup(fd);
	if (fd < 0) {
		r->tmp_out[0] = '\0';
		return ioa_error(r->err, IOA_EIO, "%s: %s", r->opts->output, strerror(errno));
	}
	r->out = ioa_tcmd_out_open(fd, FILE_VERSION, "any");
	if (!r->out) {
		close(fd);
		return ioa_error(r->err, IOA_ENV, "libtracecmd: cannot start a trace.dat v%d",
				 FILE_VERSION);
	}
	return 0;
}

/* give the finished file its name: link the unnamed file, or rename the named temp file */
static int name_output(struct rec *r)
{
	char fdpath[64];

	if (r->keep_fd >= 0) {
		snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", r->keep_fd);
		unlink(r->tmp_out);
		if (linkat(AT_FDCWD, fdpath, AT_FDCWD, r->tmp_out, AT_SYMLINK_FOLLOW))
			return ioa_error(r->err, IOA_EIO, "%s: %s", r->tmp_out, strerror(errno));
	}
	if (rename(r->tmp_out, r->opts->output))
		return ioa_error(r->err, IOA_EIO, "%s: %s", r->opts->output, strerror(errno));
	r->tmp_out[0] = '\0';
	return 0;
}

static int write_dat(struct rec *r)
{
	char **files = ioa_xcalloc((size_t)r->cpus, sizeof(*files));
	int cpu, ret = -1;

	for (cpu = 0; cpu < r->cpus; cpu++) {
		files[cpu] = ioa_xmalloc(64);
		snprintf(files[cpu], 64, "/proc/self/fd/%d", r->fd[cpu]);
	}
	add_options(r);
	ret = ioa_tcmd_out_write(r->out, r->cpus, files);
	for (cpu = 0; cpu < r->cpus; cpu++)
		free(files[cpu]);
	free(files);
	ioa_tcmd_out_close(r->out);
	r->out = NULL;
	if (ret)
		return ioa_error(r->err, IOA_EIO, "%s: libtracecmd could not write the trace file",
				 r->opts->output);
	return name_output(r);
}

static int write_tasks(struct rec *r)
{
	char tmp[4200];
	FILE *f;
	int ret;

	ioa_record_tasks_path(r->res->tasks_path, sizeof(r->res->tasks_path), r->opts->output);
	snprintf(tmp, sizeof(tmp), "%s.tmp-%d", r->res->tasks_path, (int)getpid());
	if (r->res->missing[0]) {
		char msg[1100];

		snprintf(msg, sizeof(msg), "record: not on this kernel, not recorded: %s",
			 r->res->missing);
		ioa_tasks_warn(&r->tasks, msg);
	}
	f = fopen(tmp, "w");
	if (!f)
		return ioa_error(r->err, IOA_EIO, "%s: %s", tmp, strerror(errno));
	ret = ioa_tasks_write(&r->tasks, f);
	if (fclose(f) || ret || rename(tmp, r->res->tasks_path)) {
		unlink(tmp);
		return ioa_error(r->err, IOA_EIO, "%s: %s", r->res->tasks_path, strerror(errno));
	}
	r->res->tasks = (int)r->tasks.n;
	return 0;
}

/* ---- entry ------------------------------------------------------------------------------------
 */

static void cleanup(struct rec *r)
{
	if (r->child > 0)
		reap_command(r);
	close_readers(r);
	if (r->inst) {
		tracefs_trace_off(r->inst);
		tracefs_instance_destroy(r->inst);
		tracefs_instance_free(r->inst);
		r->inst = NULL;
	}
	ioa_tcmd_out_close(r->out);
	if (r->tmp_out[0])
		unlink(r->tmp_out);
	if (r->keep_fd >= 0)
		close(r->keep_fd);
	ioa_tasks_release(&r->tasks);
}

int ioa_record(struct ioa_record_result *res, const struct ioa_record_opts *opts,
	       struct ioa_err *err)
{
	struct rec r = { .opts = opts, .res = res, .err = err, .keep_fd = -1 };
	int ret;

	memset(res, 0, sizeof(*res));
	res->cmd_status = -1;
	ioa_tasks_init(&r.tasks);
	if (!tracefs_ok())
		return ioa_error(err, IOA_ENV, IOA_RECORD_TRACEFS_MSG);
	ret = open_output(&r);
	if (!ret) {
		remove_stale_instances(opts->log);
		ret = setup_instance(&r);
	}
	if (!ret)
		ret = open_readers(&r);
	if (!ret)
		ret = run(&r);
	res->cpus = r.cpus;
	if (!ret)
		ret = write_dat(&r);
	if (!ret)
		ret = write_tasks(&r);
	cleanup(&r);
	return ret;
}
