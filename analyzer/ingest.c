// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Ingest driver: hash → dedupe → detect → read → model → store. One file, or one host
 * trace.dat with the guest files it recorded, is one transaction. The work runs in a forked
 * child (isolate): if a trace library crashes on a corrupt file, the child dies before
 * COMMIT, SQLite discards the open transaction, and the parent reports the crash as a data
 * error naming the file.
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
#include "db_guest.h"
#include "guest_clock.h"
#include "hash.h"
#include "rowq.h"
#include "tasks.h"

#define PROGRESS_EVERY (1u << 18)
/* a guest clock's refinement searches this far before and after the markers' offset */
#define REFINE_BEFORE_NS 5000000
#define REFINE_AFTER_NS 500000
#define DETECT_BYTES 4096

struct ingest;

/* one input file of the set being ingested together */
struct infile {
	struct ingest *in;
	const char *path;
	enum ioa_format fmt;
	struct ioa_trace_rec rec;
	struct ioa_trace_meta meta;
	struct ioa_model *model;
	struct ioa_ingest_result *res;
	int host;      /* index of the file that recorded this one as a guest, or -1 */
	int skip;      /* already in the database: read with the set, not stored */
	int64_t shift; /* added to every timestamp (a guest put on its host's clock) */
	int64_t lo[IOA_ROWQ_EVENT + 1]; /* rowids of its rows per table (writer thread) */
	int64_t hi[IOA_ROWQ_EVENT + 1];
};

struct ingest {
	const struct ioa_ingest_opts *opts;
	struct ioa_db *db;
	struct infile *files;
	int n;
	int cur;     /* file of the events being delivered */
	int writing; /* file of the row being written (writer thread) */
	struct ioa_err *err;
	struct ioa_rowq *q;   /* rows go to the writer thread while files are read */
	struct pending *pend; /* [IOA_ROWQ_SEGMENT..IOA_ROWQ_IO], writer thread */
	struct ioa_err qerr;  /* the writer thread's error */
	const char *fields;   /* --raw: fields of the event about to be fed */
	uint64_t events;
};

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- rows from the models into the database, through the writer thread ---- */

/* rows of one table and one trace waiting for a multi-row INSERT (writer thread) */
struct pending {
	int64_t trace_id;
	int n;
	union {
		struct ioa_segment_row seg[IOA_DB_BULK_ROWS];
		struct ioa_exit_row exit[IOA_DB_BULK_ROWS];
		struct ioa_io_row io[IOA_DB_BULK_ROWS];
	} u;
};

/* rows @lo..@hi of table @kind belong to trace @trace_id (table trace_rows) */
static void note_rowids(struct ingest *in, int kind, int64_t trace_id, int64_t lo, int64_t hi)
{
	struct infile *f = &in->files[in->writing];

	if (f->rec.trace_id != trace_id) {
		for (in->writing = 0; in->writing < in->n; in->writing++)
			if (in->files[in->writing].rec.trace_id == trace_id)
				break;
		if (in->writing == in->n) {
			in->writing = 0;
			return;
		}
		f = &in->files[in->writing];
	}
	if (!f->lo[kind])
		f->lo[kind] = lo;
	f->hi[kind] = hi;
}

static int flush_kind(struct ingest *in, int kind)
{
	struct pending *p = &in->pend[kind];
	int64_t last;
	int ret;

	if (!p->n)
		return 0;
	if (kind == IOA_ROWQ_SEGMENT)
		ret = ioa_db_segments_insert(in->db, p->trace_id, p->u.seg, p->n, &in->qerr);
	else if (kind == IOA_ROWQ_EXIT)
		ret = ioa_db_exits_insert(in->db, p->trace_id, p->u.exit, p->n, &in->qerr);
	else
		ret = ioa_db_ios_insert(in->db, p->trace_id, p->u.io, p->n, &in->qerr);
	if (!ret) {
		last = ioa_db_last_rowid(in->db);
		note_rowids(in, kind, p->trace_id, last - p->n + 1, last);
	}
	p->n = 0;
	return ret;
}

static int flush_all(struct ingest *in)
{
	int k, ret = 0;

	for (k = IOA_ROWQ_SEGMENT; k <= IOA_ROWQ_IO && !ret; k++)
		ret = flush_kind(in, k);
	return ret;
}

/* a bulk row waits for its batch; a batch holds rows of one trace */
static int pend_row(struct ingest *in, const struct ioa_rowq_item *it)
{
	struct pending *p = &in->pend[it->kind];
	int ret = 0;

	if (p->n && p->trace_id != it->trace_id)
		ret = flush_kind(in, it->kind);
	if (ret)
		return ret;
	p->trace_id = it->trace_id;
	if (it->kind == IOA_ROWQ_SEGMENT)
		p->u.seg[p->n++] = it->u.seg;
	else if (it->kind == IOA_ROWQ_EXIT)
		p->u.exit[p->n++] = it->u.exit;
	else
		p->u.io[p->n++] = it->u.io;
	return p->n == IOA_DB_BULK_ROWS ? flush_kind(in, it->kind) : 0;
}

/* NULL: the end of the rows, flush what waits */
static int write_row(void *priv, const struct ioa_rowq_item *it)
{
	struct ingest *in = priv;
	const struct ioa_raw_event *ev;
	int64_t rowid;
	int ret;

	if (!it)
		return flush_all(in);
	if (it->kind >= IOA_ROWQ_SEGMENT && it->kind <= IOA_ROWQ_IO)
		return pend_row(in, it);
	if (it->kind != IOA_ROWQ_EVENT)
		return ioa_error(&in->qerr, IOA_EINTERNAL, "row of unknown kind %d", it->kind);
	ev = &it->u.ev;
	ret = ioa_db_event_insert(in->db, it->trace_id, ev->ts, ev->cpu, ev->tid, ev->name,
				  ev->fields, &in->qerr);
	if (!ret) {
		rowid = ioa_db_last_rowid(in->db);
		note_rowids(in, it->kind, it->trace_id, rowid, rowid);
	}
	return ret;
}

static int push(struct infile *f, struct ioa_rowq_item *it)
{
	it->trace_id = f->rec.trace_id;
	return ioa_rowq_push(f->in->q, it);
}

static int sink_segment(void *priv, const struct ioa_segment_row *r)
{
	struct ioa_rowq_item it = { .kind = IOA_ROWQ_SEGMENT, .u.seg = *r };

	return push(priv, &it);
}

static int sink_exit(void *priv, const struct ioa_exit_row *r)
{
	struct ioa_rowq_item it = { .kind = IOA_ROWQ_EXIT, .u.exit = *r };

	return push(priv, &it);
}

static int sink_io(void *priv, const struct ioa_io_row *r)
{
	struct ioa_rowq_item it = { .kind = IOA_ROWQ_IO, .u.io = *r };

	return push(priv, &it);
}

/* ---- events from the reader into the model of their file ---- */

static void progress(struct ingest *in)
{
	const struct ioa_log *log = in->opts->log;

	if (log && log->progress)
		fprintf(stderr, "\r%s: %llu events", in->files[in->cur].path,
			(unsigned long long)in->events);
}

static int push_raw(struct infile *f, const struct ioa_event *ev, const char *fields)
{
	struct ioa_rowq_item it = { .kind = IOA_ROWQ_EVENT };

	it.u.ev.ts = ev->ts;
	it.u.ev.cpu = ev->cpu;
	it.u.ev.tid = ev->pid;
	it.u.ev.name = ioa_xstrdup(ev->name ? ev->name : "");
	it.u.ev.fields = fields ? ioa_xstrdup(fields) : NULL;
	return push(f, &it);
}

static int on_event_at(struct ingest *in, struct infile *f, const struct ioa_event *ev,
		       const char *fields)
{
	int ret;

	if (in->opts->raw) {
		ret = push_raw(f, ev, fields);
		if (ret)
			return ret;
	}
	ret = ioa_model_feed(f->model, ev);
	if (++in->events % PROGRESS_EVERY == 0)
		progress(in);
	return ret;
}

static int on_event(void *priv, const struct ioa_event *ev)
{
	struct ingest *in = priv;
	struct infile *f = &in->files[in->cur];
	const char *fields = in->fields;

	in->fields = NULL;
	if (f->skip)
		return 0;
	if (f->shift) {
		struct ioa_event moved = *ev;

		moved.ts = (uint64_t)((int64_t)ev->ts + f->shift);
		return on_event_at(in, f, &moved, fields);
	}
	return on_event_at(in, f, ev, fields);
}

static void on_fields(void *priv, const char *fields)
{
	struct ingest *in = priv;

	in->fields = fields;
}

static void on_warning(void *priv, const char *msg)
{
	struct ingest *in = priv;

	ioa_model_warn(in->files[in->cur].model, "%s", msg);
}

static void on_lost(void *priv, int cpu, uint64_t ts, uint64_t count)
{
	struct ingest *in = priv;
	struct infile *f = &in->files[in->cur];

	ioa_model_lost(f->model, cpu, (uint64_t)((int64_t)ts + f->shift), count);
}

static void on_file(void *priv, int index)
{
	struct ingest *in = priv;

	in->cur = index;
}

/* ---- reading ---- */

static int unknown_format(struct ioa_err *err, const char *path)
{
	return ioa_error(err, IOA_EINPUT,
			 "%s: unknown format (not trace.dat, perf.data, tracefs text, "
			 "trace-cmd report, perf script or android text)",
			 path);
}

static int read_one(struct ingest *in, struct infile *f, const struct ioa_event_sink *sink)
{
	switch (f->fmt) {
	case IOA_FMT_TRACEDAT:
		return ioa_read_tracedat(f->path, sink, &f->meta, in->err);
	case IOA_FMT_PERF_DATA:
		return ioa_read_perfdata(f->path, sink, &f->meta, in->err);
	case IOA_FMT_UNKNOWN:
		return unknown_format(in->err, f->path);
	default:
		return ioa_read_text(f->path, f->fmt, sink, &f->meta, in->err);
	}
}

/* a trace-cmd guest map: guest CPU n runs on host thread vcpu_tid[n] */
static void apply_guest_map(struct ingest *in, const struct ioa_guest_map *g)
{
	struct infile *host = &in->files[g->host_index];
	struct ioa_vm_override o = { .tids = g->vcpu_tid,
				     .nr_tids = g->nr_vcpus,
				     .source = "guest-map" };

	snprintf(o.name, sizeof(o.name), "%s", g->name[0] ? g->name : "guest");
	if (!host->skip)
		ioa_model_add_vm(host->model, &o);
}

static int store_guest_map(struct ingest *in, const struct ioa_guest_map *g)
{
	struct infile *host = &in->files[g->host_index];
	struct infile *guest = &in->files[g->guest_index];
	int i, ret = 0;

	if (guest->skip)
		return 0;
	for (i = 0; i < g->nr_vcpus && !ret; i++)
		ret = ioa_db_guest_vcpu_insert(in->db, guest->rec.trace_id, i, host->rec.trace_id,
					       g->vcpu_tid[i], g->name, in->err);
	return ret;
}

/*
 * trace.dat decoding threads: as asked, or one per online CPU left over by the reading
 * (merging, modelling) thread and the SQLite writer, at least 1 and at most 4. On 2 CPUs
 * extra decoders only compete with those two: at idle, exits.dat took 2.62 s with two
 * decoders and 2.05 s with one (bench/README, fifth pass).
 */
static int read_threads(const struct ioa_ingest_opts *opts)
{
	long spare;

	if (opts->read_threads > 0)
		return opts->read_threads;
	spare = sysconf(_SC_NPROCESSORS_ONLN) - 2;
	return spare < 1 ? 1 : spare > 4 ? 4 : (int)spare;
}

static int read_all(struct ingest *in, struct ioa_guest_maps *maps)
{
	struct ioa_event_sink sink = {
		.priv = in,
		.on_event = on_event,
		.on_warning = on_warning,
		.on_lost = on_lost,
		.on_fields = on_fields,
		.want_fields = in->opts->raw,
		.decoders = read_threads(in->opts),
	};
	struct ioa_trace_meta *metas;
	const char **paths;
	int i, ret;

	if (in->n == 1)
		return read_one(in, &in->files[0], &sink);
	paths = ioa_xcalloc((size_t)in->n, sizeof(*paths));
	metas = ioa_xcalloc((size_t)in->n, sizeof(*metas));
	for (i = 0; i < in->n; i++)
		paths[i] = in->files[i].path;
	ret = ioa_read_tracedat_multi(paths, in->n, &sink, on_file, metas, maps, in->err);
	for (i = 0; i < in->n; i++)
		in->files[i].meta = metas[i];
	free(metas);
	free(paths);
	for (i = 0; !ret && i < maps->nr; i++)
		apply_guest_map(in, &maps->v[i]);
	return ret;
}

/* ---- storing what the models hold at the end ---- */

static int store_entities(struct ingest *in, struct infile *f)
{
	const struct ioa_thread_row *th;
	const struct ioa_cpu_row *cpus;
	size_t i, n;
	int ret = 0;

	n = ioa_model_cpus(f->model, &cpus);
	for (i = 0; i < n && !ret; i++)
		ret = ioa_db_cpu_insert(in->db, f->rec.trace_id, &cpus[i], in->err);
	n = ioa_model_threads(f->model, &th);
	for (i = 0; i < n && !ret; i++)
		ret = ioa_db_thread_insert(in->db, f->rec.trace_id, &th[i], in->err);
	f->res->threads = (int)n;
	return ret;
}

static int store_vms(struct ingest *in, struct infile *f)
{
	const struct ioa_vm_row *vms;
	const struct ioa_vcpu_row *vcpus;
	size_t nvm, nvc, i, j;
	int64_t vm_id;
	int ret = 0;

	nvm = ioa_model_vms(f->model, &vms);
	nvc = ioa_model_vcpus(f->model, &vcpus);
	for (i = 0; i < nvm && !ret; i++) {
		ret = ioa_db_vm_insert(in->db, f->rec.trace_id, &vms[i], &vm_id, in->err);
		for (j = 0; j < nvc && !ret; j++)
			if (vcpus[j].vm_id == vms[i].vm_id)
				ret = ioa_db_vcpu_insert(in->db, f->rec.trace_id, vm_id, &vcpus[j],
							 in->err);
	}
	f->res->vms = (int)nvm;
	f->res->vcpus = (int)nvc;
	return ret;
}

static int store_counts(struct ingest *in, struct infile *f)
{
	const struct ioa_event_count *counts;
	const char *const *warn;
	size_t i, n;
	int ret = 0;

	n = ioa_model_counts(f->model, &counts);
	for (i = 0; i < n && !ret; i++)
		ret = ioa_db_event_count_insert(in->db, f->rec.trace_id, counts[i].name,
						counts[i].count, in->err);
	n = ioa_model_warnings(f->model, &warn);
	for (i = 0; i < n && !ret; i++)
		ret = ioa_db_warning_insert(in->db, f->rec.trace_id, (int)i + 1, warn[i], in->err);
	f->res->warnings = (int)n;
	return ret;
}

static void meta_to_rec(struct ioa_trace_rec *rec, const struct ioa_trace_meta *meta,
			const struct ioa_model_totals *tot)
{
	ioa_strlcpy(rec->format, meta->format[0] ? meta->format : rec->format, sizeof(rec->format));
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

/* the rows of the model that only exist once the whole file was read (writer stopped) */
static int store_model(struct ingest *in, struct infile *f)
{
	int ret = store_entities(in, f);

	if (!ret)
		ret = store_vms(in, f);
	if (!ret)
		ret = store_counts(in, f);
	return ret;
}

static int store_row_ranges(struct ingest *in, struct infile *f)
{
	static const char *const tables[] = {
		[IOA_ROWQ_SEGMENT] = "segment",
		[IOA_ROWQ_EXIT] = "kvm_exit",
		[IOA_ROWQ_IO] = "io",
		[IOA_ROWQ_EVENT] = "event",
	};
	int k, ret = 0;

	for (k = IOA_ROWQ_SEGMENT; k <= IOA_ROWQ_EVENT && !ret; k++)
		ret = ioa_db_trace_rows_insert(in->db, f->rec.trace_id, tables[k],
					       f->lo[k] ? f->lo[k] : 1, f->lo[k] ? f->hi[k] : 0,
					       in->err);
	return ret;
}

static int finish_trace(struct ingest *in, struct infile *f, double t0)
{
	struct ioa_model_totals tot;
	struct ioa_ingest_result *res = f->res;
	int ret;

	ioa_model_totals(f->model, &tot);
	if (!tot.events)
		return ioa_error(in->err, IOA_ENODATA, "%s: the trace holds no events", f->path);
	meta_to_rec(&f->rec, &f->meta, &tot);
	f->rec.ingest_seconds = now_seconds() - t0;
	res->events = tot.events;
	res->segments = tot.segments;
	res->exits = tot.exits;
	res->ios = tot.ios;
	res->lost = f->rec.lost_events;
	res->seconds = f->rec.ingest_seconds;
	res->read_threads = IOA_MAX(f->meta.decoders, 1);
	ioa_strlcpy(res->format, f->rec.format, sizeof(res->format));
	ret = store_row_ranges(in, f);
	return ret ? ret : ioa_db_trace_finish(in->db, &f->rec, in->err);
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

/* ---- one set of files (a file, or a host and its guests) in one transaction ---- */

static int detect(const char *path, enum ioa_format *fmt, struct ioa_err *err)
{
	char buf[DETECT_BYTES];
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

static int prepare_file(struct ingest *in, struct infile *f)
{
	int ret = ioa_sha256_file(f->rec.sha256, &f->rec.size_bytes, f->path, in->err);

	if (!ret && in->opts->format != IOA_FMT_UNKNOWN)
		f->fmt = in->opts->format;
	else if (!ret)
		ret = detect(f->path, &f->fmt, in->err);
	if (!ret && in->n > 1 && f->fmt != IOA_FMT_TRACEDAT)
		ret = ioa_error(in->err, IOA_EUSAGE,
				"%s: only trace.dat files form host+guest sets", f->path);
	if (!ret && f->fmt == IOA_FMT_UNKNOWN)
		ret = unknown_format(in->err, f->path);
	return ret;
}

static int lookup_files(struct ingest *in, int *all_known)
{
	struct infile *f;
	int i, ret = 0;

	*all_known = 1;
	for (i = 0; i < in->n && !ret; i++) {
		f = &in->files[i];
		ret = ioa_db_trace_by_sha(in->db, f->rec.sha256, &f->rec.trace_id, in->err);
		f->skip = f->rec.trace_id != 0;
		f->res->duplicate = f->skip;
		f->res->trace_id = f->rec.trace_id;
		*all_known &= f->skip;
	}
	return ret;
}

static int insert_trace(struct ingest *in, struct infile *f)
{
	int ret;

	ioa_strlcpy(f->rec.file, f->path, sizeof(f->rec.file));
	ioa_strlcpy(f->rec.format, ioa_format_name(f->fmt), sizeof(f->rec.format));
	ioa_now_iso(f->rec.ingest_time, sizeof(f->rec.ingest_time));
	f->rec.raw = in->opts->raw;
	f->rec.host_trace_id = f->host >= 0	 ? in->files[f->host].rec.trace_id
			       : in->opts->guest ? in->opts->guest->host_trace_id
						 : 0;
	ret = ioa_db_trace_insert(in->db, &f->rec, &f->rec.trace_id, in->err);
	f->res->trace_id = f->rec.trace_id;
	return ret;
}

/* hosts before guests, so that a guest row can name its host's trace id */
static int insert_traces(struct ingest *in)
{
	int pass, i, ret = 0;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < in->n && !ret; i++)
			if (!in->files[i].skip && (in->files[i].host >= 0) == pass)
				ret = insert_trace(in, &in->files[i]);
	return ret;
}

static void new_models(struct ingest *in)
{
	struct ioa_model_opts mopts = { in->opts->vms, in->opts->nr_vms };
	struct ioa_row_sink rows = { NULL, sink_segment, sink_exit, sink_io };
	int i;

	for (i = 0; i < in->n; i++) {
		rows.priv = &in->files[i];
		in->files[i].model = ioa_model_new(&rows, &mopts);
	}
}

/* tid → tgid from the tasks file `ioaware record` writes beside a trace (analyzer/tasks.h) */
static void apply_tasks(struct infile *f)
{
	struct ioa_tasks t;
	struct ioa_err err = { 0 };
	char side[4096];
	size_t i;

	if (!ioa_tasks_side_path(side, sizeof(side), f->path))
		return;
	ioa_tasks_init(&t);
	if (ioa_tasks_load(&t, side, &err))
		ioa_model_warn(f->model, "%s (tid to tgid map not used)", err.msg);
	for (i = 0; i < t.n; i++)
		ioa_model_set_tgid(f->model, t.v[i].tid, t.v[i].tgid, t.v[i].comm);
	for (i = 0; i < t.nr_warnings; i++)
		ioa_model_warn(f->model, "%s", t.warnings[i]);
	ioa_tasks_release(&t);
}

/* ---- a guest recorded without time sync (ioa_ingest_guest) ---- */

struct host_vcpus {
	int64_t want, vm; /* the VM asked for (0 any), the one found */
	int nvms;
	int tid[256]; /* by vCPU index, 0 none */
};

static int on_host_vcpu(void *priv, int64_t vm_id, int vcpu, int tid)
{
	struct host_vcpus *h = priv;

	if (h->want ? vm_id != h->want : vm_id != h->vm && h->nvms++)
		return 0;
	h->vm = vm_id;
	if (vcpu >= 0 && vcpu < (int)IOA_ARRAY_SIZE(h->tid))
		h->tid[vcpu] = tid;
	return 0;
}

static int on_run(void *priv, uint64_t start, uint64_t end)
{
	struct ioa_sync_runs *r = priv;

	IOA_GROW(r->v, r->nr, r->alloc);
	r->v[r->nr][0] = start;
	r->v[r->nr++][1] = end;
	return 0;
}

/* a guest runs only while its vCPU does: the shift that puts most guest events in its runs */
static int refine_offset(struct ingest *in, struct infile *f, const struct ioa_sync *guest)
{
	const struct ioa_guest_link *l = in->opts->guest;
	struct host_vcpus h = { .want = l->vm_id };
	struct ioa_sync_runs *runs = ioa_xcalloc(IOA_ARRAY_SIZE(h.tid), sizeof(*runs));
	struct ioa_ingest_result *r = f->res;
	int c, ret = ioa_db_gt_host_vcpus_foreach(in->db, l->host_trace_id, on_host_vcpu, &h,
						  in->err);

	for (c = 0; c < (int)IOA_ARRAY_SIZE(h.tid) && !ret; c++)
		if (h.tid[c] && h.nvms <= 1)
			ret = ioa_db_gt_runs_foreach(in->db, l->host_trace_id, h.tid[c], on_run,
						     &runs[c], in->err);
	if (!ret && h.vm && h.nvms <= 1) {
		r->refine_ns = ioa_sync_refine(guest, runs, (int)IOA_ARRAY_SIZE(h.tid), f->shift,
					       -REFINE_BEFORE_NS, REFINE_AFTER_NS,
					       &r->marker_inside_pct, &r->inside_pct);
		r->marker_inside_pct *= 100;
		r->inside_pct *= 100;
		r->refined = 1;
		f->shift += r->refine_ns;
		r->offset_ns = f->shift;
	}
	for (c = 0; c < (int)IOA_ARRAY_SIZE(h.tid); c++)
		free(runs[c].v);
	free(runs);
	return ret;
}

/* the offset onto the host clock: --guest-offset, or the smallest sync marker pair gap */
static int guest_offset(struct ingest *in, struct infile *f)
{
	const struct ioa_guest_link *l = in->opts->guest;
	struct ioa_sync host = { 0 }, guest = { 0 };
	struct ioa_sync_fit fit = { 0 };
	enum ioa_format hfmt = IOA_FMT_UNKNOWN;
	int ret = 0;

	f->res->spread_ns = -1;
	if (l->has_offset) {
		f->shift = f->res->offset_ns = l->offset_ns;
		return 0;
	}
	ret = detect(l->host_path, &hfmt, in->err);
	if (!ret)
		ret = ioa_sync_read(&host, l->host_path, hfmt, in->err);
	guest.want_events = 1;
	if (!ret)
		ret = ioa_sync_read(&guest, f->path, f->fmt, in->err);
	if (!ret && !ioa_sync_align(&fit, &host, &guest))
		ret = ioa_error(in->err, IOA_EINPUT,
				"%s: no \"%sN\" marker pair with %s (%zu and %zu markers); "
				"give --guest-offset",
				f->path, IOA_SYNC_MARKER, l->host_path, guest.nr, host.nr);
	if (!ret) {
		f->shift = f->res->offset_ns = fit.offset_ns;
		f->res->sync_pairs = fit.pairs;
		f->res->spread_ns = fit.spread_ns;
		ret = refine_offset(in, f, &guest);
	}
	ioa_sync_release(&host);
	ioa_sync_release(&guest);
	return ret;
}

/* guest CPU n runs on the host thread of vCPU n of the host's VM; and the clock row */
static int store_guest_link(struct ingest *in, struct infile *f)
{
	const struct ioa_guest_link *l = in->opts->guest;
	struct host_vcpus h = { .want = l->vm_id };
	const struct ioa_ingest_result *r = f->res;
	struct ioa_gt_clock clk = { f->rec.trace_id, l->host_trace_id,
				    f->shift,	     l->has_offset ? "option" : "markers",
				    r->sync_pairs,   r->spread_ns,
				    r->refined,	     r->refine_ns,
				    r->inside_pct,   r->marker_inside_pct };
	int c, ret = ioa_db_gt_host_vcpus_foreach(in->db, l->host_trace_id, on_host_vcpu, &h,
						  in->err);

	if (!ret && (!h.vm || h.nvms > 1))
		ret = ioa_error(in->err, IOA_EINPUT,
				"%s: host trace %lld has %s; give --guest-vm ID", f->path,
				(long long)l->host_trace_id,
				h.vm	   ? "several VMs"
				: l->vm_id ? "no such VM"
					   : "no VM");
	for (c = 0; c < f->rec.cpus && c < (int)IOA_ARRAY_SIZE(h.tid) && !ret; c++)
		if (h.tid[c])
			ret = ioa_db_guest_vcpu_insert(in->db, f->rec.trace_id, c, l->host_trace_id,
						       h.tid[c], "guest", in->err);
	return ret ? ret : ioa_db_gt_clock_insert(in->db, &clk, in->err);
}

static int finish_all(struct ingest *in, struct ioa_guest_maps *maps, double t0, int ret)
{
	int i;

	for (i = 0; i < in->n && !ret; i++)
		if (!in->files[i].skip)
			apply_tasks(&in->files[i]);
	for (i = 0; i < in->n && !ret; i++)
		if (!in->files[i].skip)
			ret = ioa_model_finish(in->files[i].model);
	ret = stop_writer(in, ret);
	for (i = 0; i < in->n && !ret; i++)
		if (!in->files[i].skip)
			ret = store_model(in, &in->files[i]);
	for (i = 0; i < maps->nr && !ret; i++)
		ret = store_guest_map(in, &maps->v[i]);
	for (i = 0; i < in->n && !ret; i++)
		if (!in->files[i].skip)
			ret = finish_trace(in, &in->files[i], t0);
	for (i = 0; i < in->n && !ret && in->opts->guest; i++)
		if (!in->files[i].skip)
			ret = store_guest_link(in, &in->files[i]);
	return ret;
}

static int read_and_store(struct ingest *in)
{
	struct ioa_guest_maps maps = { NULL, 0 };
	double t0 = now_seconds();
	int ret, i;

	ret = insert_traces(in);
	if (ret)
		return ret;
	for (i = 0; i < in->n && in->opts->guest; i++)
		if (!in->files[i].skip && (ret = guest_offset(in, &in->files[i])))
			return ret;
	new_models(in);
	in->pend = ioa_xcalloc(IOA_ROWQ_IO + 1, sizeof(*in->pend));
	in->q = ioa_rowq_start(write_row, in);
	ret = read_all(in, &maps);
	if (in->opts->log && in->opts->log->progress && in->events >= PROGRESS_EVERY)
		fputc('\n', stderr);
	ret = finish_all(in, &maps, t0, ret);
	ret = stop_writer(in, ret);
	free(in->pend);
	in->pend = NULL;
	ioa_guest_maps_release(&maps);
	for (i = 0; i < in->n; i++)
		ioa_model_free(in->files[i].model);
	return ret;
}

/* @aside: @db_path is a new database no one else sees yet (see ingest_set()) */
static int ingest_into(struct ioa_ingest_result *res, const struct ioa_ingest_opts *opts,
		       const char *db_path, int aside, const char *const *paths, const int *host_of,
		       int n, struct ioa_err *err)
{
	struct ingest in = { .opts = opts, .n = n, .err = err };
	int i, all_known, ret = 0;

	in.files = ioa_xcalloc((size_t)n, sizeof(*in.files));
	for (i = 0; i < n; i++) {
		in.files[i] = (struct infile){ .in = &in,
					       .path = paths[i],
					       .res = &res[i],
					       .host = host_of ? host_of[i] : -1 };
		if (!ret)
			ret = prepare_file(&in, &in.files[i]);
	}
	if (!ret)
		ret = ioa_db_open(&in.db, db_path, IOA_DB_WRITE, NULL, err);
	if (!ret && aside)
		ret = ioa_db_bulk_start(in.db, err);
	if (!ret)
		ret = ioa_db_foreign_keys(in.db, 0, err);
	if (!ret)
		ret = ioa_db_begin(in.db, err);
	if (!ret)
		ret = lookup_files(&in, &all_known);
	if (!ret && !all_known)
		ret = ioa_db_indexes_defer(in.db, err);
	if (!ret && !all_known)
		ret = read_and_store(&in);
	if (!ret && !all_known)
		ret = ioa_db_indexes_restore(in.db, err);
	if (!ret && !all_known)
		ret = ioa_db_commit(in.db, err);
	if (!ret && aside)
		ret = ioa_db_bulk_end(in.db, err);
	if (in.db)
		ioa_db_rollback(in.db);
	ioa_db_close(in.db);
	free(in.files);
	return ret;
}

/*
 * A database that does not exist yet is built under a temporary name beside it and linked
 * into place only when complete: a failed ingest never leaves a new file behind, and never
 * removes one a concurrent ingest is filling. If another ingest created the database
 * meanwhile, the set is ingested again, into that one.
 */
static int ingest_set(struct ioa_ingest_result *res, const struct ioa_ingest_opts *opts,
		      const char *tmp, const char *const *paths, const int *host_of, int n,
		      struct ioa_err *err)
{
	struct stat st;
	int ret;

	if (stat(opts->db_path, &st) == 0)
		return ingest_into(res, opts, opts->db_path, 0, paths, host_of, n, err);
	ret = ingest_into(res, opts, tmp, 1, paths, host_of, n, err);
	if (!ret && link(tmp, opts->db_path) != 0) {
		if (errno == EEXIST) {
			ioa_db_unlink(tmp);
			memset(res, 0, (size_t)n * sizeof(*res));
			return ingest_into(res, opts, opts->db_path, 0, paths, host_of, n, err);
		}
		ret = ioa_error(err, IOA_EIO, "%s: %s", opts->db_path, strerror(errno));
	}
	ioa_db_unlink(tmp);
	return ret;
}

/* ---- isolation: a child does the work, the parent reports ---- */

/* the whole of @len bytes through read() or write(), retrying on EINTR; -1 on EOF or error */
static int xfer_all(int fd, void *buf, size_t len, int writing)
{
	char *p = buf;
	ssize_t n;

	while (len) {
		n = writing ? write(fd, p, len) : read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int crashed(const char *what, int status, struct ioa_err *err)
{
	if (WIFSIGNALED(status))
		return ioa_error(err, IOA_ECRASH,
				 "%s: the trace reader crashed (%s): the file is corrupt; "
				 "nothing was stored",
				 what, strsignal(WTERMSIG(status)));
	return ioa_error(err, IOA_ECRASH,
			 "%s: the trace reader exited with status %d; nothing was stored", what,
			 WEXITSTATUS(status));
}

/*
 * Run @fn in a forked child that writes @len bytes of @out followed by its return code and
 * error to a pipe; the parent reads them back. A child that dies first is reported as a
 * crash on @what.
 */
static int isolated(int (*fn)(void *ctx, void *out, struct ioa_err *err), void *ctx, void *out,
		    size_t len, const char *what, struct ioa_err *err)
{
	struct {
		int ret;
		struct ioa_err err;
	} tail;
	int fds[2], status, got;
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
		memset(&tail, 0, sizeof(tail));
		tail.ret = fn(ctx, out, &tail.err);
		if (xfer_all(fds[1], out, len, 1) || xfer_all(fds[1], &tail, sizeof(tail), 1))
			_exit(3);
		_exit(0);
	}
	close(fds[1]);
	got = xfer_all(fds[0], out, len, 0) == 0 && xfer_all(fds[0], &tail, sizeof(tail), 0) == 0;
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!got)
		return crashed(what, status, err);
	if (tail.ret && err)
		*err = tail.err;
	return tail.ret;
}

struct set_job {
	const struct ioa_ingest_opts *opts;
	const char *tmp;
	const char *const *paths;
	const int *host_of;
	int n;
};

static int set_child(void *ctx, void *out, struct ioa_err *err)
{
	struct set_job *job = ctx;

	return ingest_set(out, job->opts, job->tmp, job->paths, job->host_of, job->n, err);
}

static int run_set(struct ioa_ingest_result *res, const struct ioa_ingest_opts *opts,
		   const char *const *paths, const int *host_of, int n, struct ioa_err *err)
{
	char tmp[4096];
	struct set_job job = { opts, tmp, paths, host_of, n };
	int ret;

	snprintf(tmp, sizeof(tmp), "%s.new-%d", opts->db_path, (int)getpid());
	memset(res, 0, (size_t)n * sizeof(*res));
	if (opts->isolate)
		ret = isolated(set_child, &job, res, (size_t)n * sizeof(*res), paths[0], err);
	else
		ret = ingest_set(res, opts, tmp, paths, host_of, n, err);
	/* a crashed child could not remove its unfinished new database */
	if (ret == IOA_ECRASH)
		ioa_db_unlink(tmp);
	return ret;
}

int ioa_ingest_file(struct ioa_ingest_result *res, const struct ioa_ingest_opts *opts,
		    const char *path, struct ioa_err *err)
{
	return run_set(res, opts, &path, NULL, 1, err);
}

int ioa_ingest_guest(struct ioa_ingest_result *res, const struct ioa_ingest_opts *opts,
		     const char *path, struct ioa_err *err)
{
	if (!opts->guest)
		return ioa_error(err, IOA_EINTERNAL, "%s: no host for the guest", path);
	return run_set(res, opts, &path, NULL, 1, err);
}

/* ---- which files form host+guest sets ---- */

static int is_tracedat(const char *path)
{
	enum ioa_format fmt = IOA_FMT_UNKNOWN;
	struct ioa_err err = { 0 };

	return !detect(path, &fmt, &err) && fmt == IOA_FMT_TRACEDAT;
}

struct rel_job {
	const char *const *paths;
	int n;
};

static int rel_child(void *ctx, void *out, struct ioa_err *err)
{
	struct rel_job *job = ctx;

	return ioa_tracedat_relations(job->paths, job->n, out, err);
}

/*
 * host_of[i]: index in @paths of the trace.dat that recorded file i as a guest, else -1.
 * Opening the files runs isolated too; if that fails, every file is simply ingested alone
 * (and reports its own error there).
 */
static void plan_sets(const struct ioa_ingest_opts *opts, const char *const *paths, int n,
		      int *host_of)
{
	const char **dat = ioa_xcalloc((size_t)n, sizeof(*dat));
	int *idx = ioa_xcalloc((size_t)n, sizeof(*idx));
	int *rel = ioa_xcalloc((size_t)n, sizeof(*rel));
	struct rel_job job = { dat, 0 };
	struct ioa_err err = { 0 };
	int i, m = 0;

	for (i = 0; i < n; i++) {
		host_of[i] = -1;
		if ((opts->format == IOA_FMT_UNKNOWN || opts->format == IOA_FMT_TRACEDAT) &&
		    is_tracedat(paths[i])) {
			idx[m] = i;
			dat[m++] = paths[i];
		}
	}
	job.n = m;
	if (m > 1 && !isolated(rel_child, &job, rel, (size_t)m * sizeof(*rel), dat[0], &err))
		for (i = 0; i < m; i++)
			if (rel[i] >= 0 && rel[i] < m && rel[rel[i]] < 0)
				host_of[idx[i]] = idx[rel[i]];
	free(dat);
	free(idx);
	free(rel);
}

/* run the set whose host is @h (or the lone file @h); results land at the files' indexes */
static int run_group(struct ioa_ingest_result *res, struct ioa_err *errs,
		     const struct ioa_ingest_opts *opts, const char *const *paths, int n,
		     const int *host_of, int h)
{
	const char **gp = ioa_xcalloc((size_t)n, sizeof(*gp));
	struct ioa_ingest_result *gres = ioa_xcalloc((size_t)n, sizeof(*gres));
	int *gidx = ioa_xcalloc((size_t)n, sizeof(*gidx));
	int *ghost = ioa_xcalloc((size_t)n, sizeof(*ghost));
	int i, m = 0, ret;

	for (i = 0; i < n; i++) {
		if (i != h && host_of[i] != h)
			continue;
		ghost[m] = i == h ? -1 : 0;
		gidx[m] = i;
		gp[m++] = paths[i];
	}
	ret = run_set(gres, opts, gp, ghost, m, &errs[h]);
	for (i = 0; i < m; i++) {
		res[gidx[i]] = gres[i];
		if (ret && gidx[i] != h)
			errs[gidx[i]] = errs[h];
	}
	free(gp);
	free(gres);
	free(gidx);
	free(ghost);
	return ret;
}

int ioa_ingest_files(struct ioa_ingest_result *res, struct ioa_err *errs, int *rets,
		     const struct ioa_ingest_opts *opts, const char *const *paths, int n)
{
	int *host_of = ioa_xcalloc((size_t)n, sizeof(*host_of));
	int i, j, ret, first = 0;

	plan_sets(opts, paths, n, host_of);
	for (i = 0; i < n; i++) {
		if (host_of[i] >= 0)
			continue; /* a guest: ingested with its host */
		ret = run_group(res, errs, opts, paths, n, host_of, i);
		for (j = 0; j < n; j++)
			if (j == i || host_of[j] == i)
				rets[j] = ret;
		if (ret && !first)
			first = ret;
	}
	free(host_of);
	return first;
}
