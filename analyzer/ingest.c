// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Ingest driver: hash → dedupe → detect → read → model → store, one transaction per file.
 * The whole ingest of a file runs in a forked child (isolate): if a trace library crashes on a
 * corrupt file, the child dies before COMMIT, SQLite discards the open transaction, and the
 * parent reports the crash as a data error naming the file.
 */
#include "ingest.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "hash.h"
#include "rowq.h"

#define PROGRESS_EVERY (1u << 18)

struct ingest {
	const struct ioa_ingest_opts *opts;
	const char *path;
	struct ioa_db *db;
	struct ioa_model *model;
	struct ioa_trace_rec *rec;
	struct ioa_err *err;
	struct ioa_rowq *q;	/* rows go to the writer thread while the file is read */
	struct ioa_err qerr;	/* the writer thread's error */
	const char *fields;	/* --raw: fields of the event about to be fed */
	uint64_t events;
	int failed;		/* a sink error was recorded in err */
};

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- rows from the model into the database, through the writer thread ---- */

static int write_row(void *priv, const struct ioa_rowq_item *it)
{
	struct ingest *in = priv;
	int64_t id = in->rec->trace_id;
	const struct ioa_raw_event *ev = &it->u.ev;

	switch (it->kind) {
	case IOA_ROWQ_SEGMENT:
		return ioa_db_segment_insert(in->db, id, &it->u.seg, &in->qerr);
	case IOA_ROWQ_EXIT:
		return ioa_db_exit_insert(in->db, id, &it->u.exit, &in->qerr);
	case IOA_ROWQ_IO:
		return ioa_db_io_insert(in->db, id, &it->u.io, &in->qerr);
	case IOA_ROWQ_EVENT:
		return ioa_db_event_insert(in->db, id, ev->ts, ev->cpu, ev->tid, ev->name,
					   ev->fields, &in->qerr);
	}
	return ioa_error(&in->qerr, IOA_EINTERNAL, "row of unknown kind %d", it->kind);
}

static int sink_segment(void *priv, const struct ioa_segment_row *r)
{
	struct ioa_rowq_item it = { .kind = IOA_ROWQ_SEGMENT, .u.seg = *r };

	return ioa_rowq_push(((struct ingest *)priv)->q, &it);
}

static int sink_exit(void *priv, const struct ioa_exit_row *r)
{
	struct ioa_rowq_item it = { .kind = IOA_ROWQ_EXIT, .u.exit = *r };

	return ioa_rowq_push(((struct ingest *)priv)->q, &it);
}

static int sink_io(void *priv, const struct ioa_io_row *r)
{
	struct ioa_rowq_item it = { .kind = IOA_ROWQ_IO, .u.io = *r };

	return ioa_rowq_push(((struct ingest *)priv)->q, &it);
}

/* ---- events from the reader into the model ---- */

static void progress(struct ingest *in)
{
	const struct ioa_log *log = in->opts->log;

	if (log && log->progress)
		fprintf(stderr, "\r%s: %llu events", in->path, (unsigned long long)in->events);
}

static int on_event(void *priv, const struct ioa_event *ev)
{
	struct ingest *in = priv;
	int ret;

	if (in->opts->raw) {
		struct ioa_rowq_item it = { .kind = IOA_ROWQ_EVENT };

		it.u.ev.ts = ev->ts;
		it.u.ev.cpu = ev->cpu;
		it.u.ev.tid = ev->pid;
		it.u.ev.name = ev->name ? ev->name : "";
		it.u.ev.fields = in->fields ? ioa_xstrdup(in->fields) : NULL;
		in->fields = NULL;
		ret = ioa_rowq_push(in->q, &it);
		if (ret)
			return ret;
	}
	ret = ioa_model_feed(in->model, ev);
	if (++in->events % PROGRESS_EVERY == 0)
		progress(in);
	return ret;
}

static void on_fields(void *priv, const char *fields)
{
	struct ingest *in = priv;

	in->fields = fields;
}

static void on_warning(void *priv, const char *msg)
{
	struct ingest *in = priv;

	ioa_model_warn(in->model, "%s", msg);
}

static void on_lost(void *priv, int cpu, uint64_t ts, uint64_t count)
{
	struct ingest *in = priv;

	ioa_model_lost(in->model, cpu, ts, count);
}

static int run_reader(struct ingest *in, enum ioa_format fmt, struct ioa_trace_meta *meta)
{
	struct ioa_event_sink sink = {
		.priv = in,
		.on_event = on_event,
		.on_warning = on_warning,
		.on_lost = on_lost,
		.on_fields = on_fields,
		.want_fields = in->opts->raw,
	};

	switch (fmt) {
	case IOA_FMT_TRACEDAT:
		return ioa_read_tracedat(in->path, &sink, meta, in->err);
	case IOA_FMT_PERF_DATA:
		return ioa_read_perfdata(in->path, &sink, meta, in->err);
	case IOA_FMT_UNKNOWN:
		return ioa_error(in->err, IOA_EINPUT,
				 "%s: unknown format (not trace.dat, perf.data, tracefs text, "
				 "trace-cmd report, perf script or android text)",
				 in->path);
	default:
		return ioa_read_text(in->path, fmt, &sink, meta, in->err);
	}
}

static int detect(const char *path, enum ioa_format *fmt, struct ioa_err *err)
{
	char buf[4096];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ioa_error(err, IOA_EIO, "%s: %s", path, strerror(errno));
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n < 0)
		return ioa_error(err, IOA_EIO, "%s: %s", path, strerror(errno));
	if (n == 0)
		return ioa_error(err, IOA_ENODATA, "%s: empty file", path);
	*fmt = ioa_format_detect(buf, (size_t)n);
	return 0;
}

/* the per-entity tables the model keeps until the end */
static int store_entities(struct ingest *in)
{
	const struct ioa_thread_row *th;
	const struct ioa_cpu_row *cpus;
	size_t i, n;
	int ret = 0;

	n = ioa_model_cpus(in->model, &cpus);
	for (i = 0; i < n && !ret; i++)
		ret = ioa_db_cpu_insert(in->db, in->rec->trace_id, &cpus[i], in->err);
	n = ioa_model_threads(in->model, &th);
	for (i = 0; i < n && !ret; i++)
		ret = ioa_db_thread_insert(in->db, in->rec->trace_id, &th[i], in->err);
	return ret;
}

static int store_vms(struct ingest *in, struct ioa_ingest_result *res)
{
	const struct ioa_vm_row *vms;
	const struct ioa_vcpu_row *vcpus;
	size_t nvm, nvc, i, j;
	int64_t vm_id;
	int ret = 0;

	nvm = ioa_model_vms(in->model, &vms);
	nvc = ioa_model_vcpus(in->model, &vcpus);
	for (i = 0; i < nvm && !ret; i++) {
		ret = ioa_db_vm_insert(in->db, in->rec->trace_id, &vms[i], &vm_id, in->err);
		for (j = 0; j < nvc && !ret; j++)
			if (vcpus[j].vm_id == vms[i].vm_id)
				ret = ioa_db_vcpu_insert(in->db, in->rec->trace_id, vm_id,
							 &vcpus[j], in->err);
	}
	res->vms = (int)nvm;
	res->vcpus = (int)nvc;
	return ret;
}

static int store_counts(struct ingest *in, struct ioa_ingest_result *res)
{
	const struct ioa_event_count *counts;
	const char *const *warn;
	size_t i, n;
	int ret = 0;

	n = ioa_model_counts(in->model, &counts);
	for (i = 0; i < n && !ret; i++)
		ret = ioa_db_event_count_insert(in->db, in->rec->trace_id, counts[i].name,
						counts[i].count, in->err);
	n = ioa_model_warnings(in->model, &warn);
	for (i = 0; i < n && !ret; i++)
		ret = ioa_db_warning_insert(in->db, in->rec->trace_id, (int)i + 1, warn[i],
					    in->err);
	res->warnings = (int)n;
	return ret;
}

static void meta_to_rec(struct ioa_trace_rec *rec, const struct ioa_trace_meta *meta,
			const struct ioa_model_totals *tot)
{
	ioa_strlcpy(rec->format, meta->format, sizeof(rec->format));
	ioa_strlcpy(rec->version, meta->version, sizeof(rec->version));
	ioa_strlcpy(rec->compression, meta->compression, sizeof(rec->compression));
	ioa_strlcpy(rec->clock, meta->clock, sizeof(rec->clock));
	ioa_strlcpy(rec->host, meta->host, sizeof(rec->host));
	rec->clock_is_ns = meta->clock_is_ns;
	rec->cpus = IOA_MAX(meta->cpus, tot->max_cpu + 1);
	rec->long_size = meta->long_size;
	rec->buffers = meta->buffers ? meta->buffers : 1;
	if (meta->trace_id)
		snprintf(rec->trace_uuid, sizeof(rec->trace_uuid), "%016llx",
			 (unsigned long long)meta->trace_id);
	rec->first_ns = tot->first_ts;
	rec->last_ns = tot->last_ts;
	rec->events = tot->events;
	rec->lost_events = IOA_MAX(meta->lost_events, tot->lost);
	rec->has_kvm_exit = tot->has_kvm_exit;
}

/* wait for the writer thread; its error, with its message, wins over a consequent one */
static int stop_writer(struct ingest *in, int ret)
{
	int qret;

	if (!in->q)
		return ret;
	qret = ioa_rowq_finish(in->q);
	in->q = NULL;
	if (qret) {
		ioa_err_clear(in->err);
		ioa_error(in->err, qret, "%s", in->qerr.msg);
		return qret;
	}
	return ret;
}

static int finish(struct ingest *in, const struct ioa_trace_meta *meta,
		  struct ioa_ingest_result *res, double t0)
{
	const struct ioa_thread_row *threads;
	struct ioa_model_totals tot;
	int ret;

	ret = ioa_model_finish(in->model);
	ret = stop_writer(in, ret);
	if (!ret)
		ret = store_entities(in);
	if (!ret)
		ret = store_vms(in, res);
	if (!ret)
		ret = store_counts(in, res);
	if (ret)
		return ret;
	ioa_model_totals(in->model, &tot);
	if (!tot.events)
		return ioa_error(in->err, IOA_ENODATA, "%s: the trace holds no events", in->path);
	meta_to_rec(in->rec, meta, &tot);
	in->rec->ingest_seconds = now_seconds() - t0;
	ret = ioa_db_trace_finish(in->db, in->rec, in->err);
	res->events = tot.events;
	res->segments = tot.segments;
	res->exits = tot.exits;
	res->ios = tot.ios;
	res->lost = in->rec->lost_events;
	res->threads = (int)ioa_model_threads(in->model, &threads);
	res->seconds = in->rec->ingest_seconds;
	return ret;
}

static void utc_now(char *buf, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int read_into_db(struct ingest *in, enum ioa_format fmt, struct ioa_ingest_result *res)
{
	struct ioa_row_sink rows = { in, sink_segment, sink_exit, sink_io };
	struct ioa_model_opts mopts = { in->opts->vms, in->opts->nr_vms };
	struct ioa_trace_meta meta;
	double t0 = now_seconds();
	int ret;

	memset(&meta, 0, sizeof(meta));
	ioa_strlcpy(in->rec->format, ioa_format_name(fmt), sizeof(in->rec->format));
	ret = ioa_db_trace_insert(in->db, in->rec, &in->rec->trace_id, in->err);
	if (ret)
		return ret;
	res->trace_id = in->rec->trace_id;
	in->model = ioa_model_new(&rows, &mopts);
	in->q = ioa_rowq_start(write_row, in);
	ret = run_reader(in, fmt, &meta);
	if (in->opts->log && in->opts->log->progress && in->events >= PROGRESS_EVERY)
		fputc('\n', stderr);
	if (!ret)
		ret = finish(in, &meta, res, t0);
	ret = stop_writer(in, ret);
	ioa_strlcpy(res->format, in->rec->format, sizeof(res->format));
	ioa_model_free(in->model);
	in->model = NULL;
	return ret;
}

static int ingest_one(struct ioa_ingest_result *res, const struct ioa_ingest_opts *opts,
		      const char *path, struct ioa_err *err)
{
	struct ioa_trace_rec *rec = ioa_xcalloc(1, sizeof(*rec));
	struct ingest in = { .opts = opts, .path = path, .rec = rec, .err = err };
	enum ioa_format fmt = opts->format;
	int ret;

	ret = ioa_sha256_file(rec->sha256, &rec->size_bytes, path, err);
	if (!ret && fmt == IOA_FMT_UNKNOWN)
		ret = detect(path, &fmt, err);
	if (!ret)
		ret = ioa_db_open(&in.db, opts->db_path, IOA_DB_WRITE, NULL, err);
	if (!ret)
		ret = ioa_db_begin(in.db, err);
	if (!ret)
		ret = ioa_db_trace_by_sha(in.db, rec->sha256, &res->trace_id, err);
	if (ret || res->trace_id) {
		res->duplicate = !ret;
		goto out;
	}
	ioa_strlcpy(rec->file, path, sizeof(rec->file));
	utc_now(rec->ingest_time, sizeof(rec->ingest_time));
	rec->raw = opts->raw;
	ret = read_into_db(&in, fmt, res);
	if (!ret)
		ret = ioa_db_commit(in.db, err);
out:
	if (in.db)
		ioa_db_rollback(in.db);
	ioa_db_close(in.db);
	free(rec);
	return ret;
}

/* ---- isolation: the child ingests, the parent reports ---- */

struct child_report {
	int ret;
	struct ioa_ingest_result res;
	struct ioa_err err;
};

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int read_all(int fd, void *buf, size_t len)
{
	char *p = buf;
	ssize_t n;

	while (len) {
		n = read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static void __attribute__((noreturn)) child(int fd, const struct ioa_ingest_opts *opts,
					    const char *path)
{
	struct child_report *rep = ioa_xcalloc(1, sizeof(*rep));

	rep->ret = ingest_one(&rep->res, opts, path, &rep->err);
	write_all(fd, rep, sizeof(*rep));
	close(fd);
	free(rep);
	_exit(0);
}

static int crashed(const char *path, int status, struct ioa_err *err)
{
	if (WIFSIGNALED(status))
		return ioa_error(err, IOA_ECRASH,
				 "%s: the trace reader crashed (%s): the file is corrupt; "
				 "nothing was stored",
				 path, strsignal(WTERMSIG(status)));
	return ioa_error(err, IOA_ECRASH, "%s: the trace reader exited with status %d; "
			 "nothing was stored", path, WEXITSTATUS(status));
}

static int isolated(struct ioa_ingest_result *res, const struct ioa_ingest_opts *opts,
		    const char *path, struct ioa_err *err)
{
	struct child_report *rep;
	int fds[2], status, got, ret;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC))
		return ioa_error(err, IOA_ENV, "pipe: %s", strerror(errno));
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return ioa_error(err, IOA_ENV, "fork: %s", strerror(errno));
	}
	if (pid == 0) {
		close(fds[0]);
		child(fds[1], opts, path);
	}
	close(fds[1]);
	rep = ioa_xcalloc(1, sizeof(*rep));
	got = read_all(fds[0], rep, sizeof(*rep)) == 0;
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!got) {
		ret = crashed(path, status, err);
	} else {
		*res = rep->res;
		ret = rep->ret;
		if (ret && err)
			*err = rep->err;
	}
	free(rep);
	return ret;
}

static void remove_db(const char *path)
{
	char side[4096];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

int ioa_ingest_file(struct ioa_ingest_result *res, const struct ioa_ingest_opts *opts,
		    const char *path, struct ioa_err *err)
{
	struct stat st;
	int existed = stat(opts->db_path, &st) == 0;
	int ret;

	memset(res, 0, sizeof(*res));
	if (opts->isolate)
		ret = isolated(res, opts, path, err);
	else
		ret = ingest_one(res, opts, path, err);
	/* a database this call created and could not fill is not left behind */
	if (ret && !existed)
		remove_db(opts->db_path);
	return ret;
}
