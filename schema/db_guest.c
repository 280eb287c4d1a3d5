// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The db module, guest part: the reads of the guest task profiles, their idempotent write
 * (delete the guest trace's rows, insert; the caller holds the transaction), the guest clock
 * row of ingest, and the listing of `ioaware show tasks`.
 */
#include <string.h>

#include "db_guest.h"
#include "db_priv.h"

static const char sql_threads[] =
	"SELECT tid, is_kthread, COALESCE(comm, '') FROM thread WHERE trace_id = :id";

static const char sql_guests[] =
	"SELECT trace_id FROM trace WHERE host_trace_id = :id ORDER BY trace_id";

static const char sql_vcpus[] =
	"SELECT guest_cpu, host_tid FROM guest_vcpu WHERE guest_trace_id = :id ORDER BY guest_cpu";

static const char sql_host_vcpus[] =
	"SELECT vm_id, COALESCE(vcpu, -1), tid FROM vcpu WHERE trace_id = :id"
	" ORDER BY vm_id, vcpu";

static const char sql_runs[] =
	"SELECT start_ns, end_ns FROM segment WHERE trace_id = :id AND tid = :tid"
	" ORDER BY start_ns";

static const char sql_clear[] = "DELETE FROM guest_task WHERE trace_id = :id";

static const char sql_task[] =
	"INSERT INTO guest_task (trace_id, tid, comm, is_kthread, run_ns, io_ns, category, share)"
	" VALUES (:id, :tid, :comm, :kt, :run, :io, :cat, :share)";

static const char sql_task_io[] =
	"INSERT INTO guest_task_io (trace_id, tid, category, io_ns, events, bytes, share,"
	" util_pct) VALUES (:id, :tid, :cat, :ns, :n, :bytes, :share, :util)";

static const char sql_clock[] =
	"INSERT OR REPLACE INTO guest_clock (guest_trace_id, host_trace_id, offset_ns, method,"
	" pairs, spread_ns, refine_ns, inside_pct, marker_inside_pct) VALUES (:guest, :host,"
	" :offset, :method, :pairs, :spread, :refine, :inside, :minside)";

static const char sql_show[] =
	"SELECT t.trace_id, t.tid, t.comm, t.is_kthread, t.run_ns, t.io_ns, t.category,"
	" t.share, i.category, i.io_ns, i.events, i.bytes, i.share, i.util_pct FROM guest_task t"
	" LEFT JOIN guest_task_io i ON i.trace_id = t.trace_id AND i.tid = t.tid"
	" WHERE :id = 0 OR t.trace_id = :id ORDER BY t.trace_id, t.tid";

struct walk {
	union {
		int (*thread)(void *, const struct ioa_gt_thread *);
		int (*id)(void *, int64_t);
		int (*vcpu)(void *, int, int);
		int (*host)(void *, int64_t, int, int);
		int (*task)(void *, const struct ioa_gt_task_row *);
	} fn;
	void *priv;
	struct ioa_gt_task_row cur; /* show: the task being assembled */
	int have;
};

static int thread_row(sqlite3_stmt *s, void *ctx)
{
	struct walk *w = ctx;
	struct ioa_gt_thread t = { .tid = sqlite3_column_int(s, 0),
				   .is_kthread = sqlite3_column_int(s, 1) };

	ioa_dbi_col_text(t.comm, sizeof(t.comm), s, 2);
	return w->fn.thread(w->priv, &t);
}

int ioa_db_gt_threads_foreach(struct ioa_db *db, int64_t trace_id,
			      int (*cb)(void *priv, const struct ioa_gt_thread *t), void *priv,
			      struct ioa_err *err)
{
	struct walk w = { .priv = priv };

	w.fn.thread = cb;
	return ioa_dbi_query(db, sql_threads, trace_id, thread_row, &w, err);
}

static int id_row(sqlite3_stmt *s, void *ctx)
{
	struct walk *w = ctx;

	return w->fn.id(w->priv, sqlite3_column_int64(s, 0));
}

int ioa_db_gt_guests_foreach(struct ioa_db *db, int64_t host_trace_id,
			     int (*cb)(void *priv, int64_t guest_trace_id), void *priv,
			     struct ioa_err *err)
{
	struct walk w = { .priv = priv };

	w.fn.id = cb;
	return ioa_dbi_query(db, sql_guests, host_trace_id, id_row, &w, err);
}

static int vcpu_row(sqlite3_stmt *s, void *ctx)
{
	struct walk *w = ctx;

	return w->fn.vcpu(w->priv, sqlite3_column_int(s, 0), sqlite3_column_int(s, 1));
}

int ioa_db_gt_vcpus_foreach(struct ioa_db *db, int64_t guest_trace_id,
			    int (*cb)(void *priv, int guest_cpu, int host_tid), void *priv,
			    struct ioa_err *err)
{
	struct walk w = { .priv = priv };

	w.fn.vcpu = cb;
	return ioa_dbi_query(db, sql_vcpus, guest_trace_id, vcpu_row, &w, err);
}

static int host_row(sqlite3_stmt *s, void *ctx)
{
	struct walk *w = ctx;

	return w->fn.host(w->priv, sqlite3_column_int64(s, 0), sqlite3_column_int(s, 1),
			  sqlite3_column_int(s, 2));
}

int ioa_db_gt_host_vcpus_foreach(struct ioa_db *db, int64_t trace_id,
				 int (*cb)(void *priv, int64_t vm_id, int vcpu, int tid),
				 void *priv, struct ioa_err *err)
{
	struct walk w = { .priv = priv };

	w.fn.host = cb;
	return ioa_dbi_query(db, sql_host_vcpus, trace_id, host_row, &w, err);
}

int ioa_db_gt_runs_foreach(struct ioa_db *db, int64_t trace_id, int tid,
			   int (*cb)(void *priv, uint64_t start, uint64_t end), void *priv,
			   struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql_runs, err);
	int rc, stop = 0;

	if (!s)
		return err ? err->code : IOA_EDB;
	ioa_dbi_bind_i64(s, ":id", trace_id);
	ioa_dbi_bind_i64(s, ":tid", tid);
	while (!stop && (rc = sqlite3_step(s->s)) == SQLITE_ROW)
		stop = cb(priv, (uint64_t)sqlite3_column_int64(s->s, 0),
			  (uint64_t)sqlite3_column_int64(s->s, 1));
	sqlite3_reset(s->s);
	sqlite3_clear_bindings(s->s);
	if (!stop && rc != SQLITE_DONE)
		return ioa_dbi_fail(db, err, "cannot read the vCPU's runs");
	return 0;
}

int ioa_db_gt_clear(struct ioa_db *db, int64_t trace_id, struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql_clear, err);

	if (!s)
		return err ? err->code : IOA_EDB;
	ioa_dbi_bind_i64(s, ":id", trace_id);
	return ioa_dbi_step_done(db, s, err, "cannot clear guest_task");
}

static int insert_io(struct ioa_db *db, const struct ioa_gt_task_row *r,
		     const struct ioa_gt_io_row *io, struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql_task_io, err);

	if (!s)
		return err ? err->code : IOA_EDB;
	ioa_dbi_bind_i64(s, ":id", r->trace_id);
	ioa_dbi_bind_i64(s, ":tid", r->tid);
	ioa_dbi_bind_text(s, ":cat", io->category);
	ioa_dbi_bind_i64(s, ":ns", (int64_t)io->io_ns);
	ioa_dbi_bind_i64(s, ":n", (int64_t)io->events);
	ioa_dbi_bind_i64(s, ":bytes", (int64_t)io->bytes);
	ioa_dbi_bind_double(s, ":share", io->share);
	ioa_dbi_bind_double(s, ":util", io->util_pct);
	return ioa_dbi_step_done(db, s, err, "cannot insert guest_task_io");
}

int ioa_db_gt_insert(struct ioa_db *db, const struct ioa_gt_task_row *r, struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql_task, err);
	int i, ret;

	if (!s)
		return err ? err->code : IOA_EDB;
	ioa_dbi_bind_i64(s, ":id", r->trace_id);
	ioa_dbi_bind_i64(s, ":tid", r->tid);
	ioa_dbi_bind_text(s, ":comm", r->comm);
	ioa_dbi_bind_i64(s, ":kt", r->is_kthread ? 1 : 0);
	ioa_dbi_bind_i64(s, ":run", (int64_t)r->run_ns);
	ioa_dbi_bind_i64(s, ":io", (int64_t)r->io_ns);
	ioa_dbi_bind_text(s, ":cat", r->category);
	ioa_dbi_bind_double(s, ":share", r->share);
	ret = ioa_dbi_step_done(db, s, err, "cannot insert guest_task");
	for (i = 0; i < r->nio && !ret; i++)
		ret = insert_io(db, r, &r->io[i], err);
	return ret;
}

int ioa_db_gt_clock_insert(struct ioa_db *db, const struct ioa_gt_clock *c, struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql_clock, err);

	if (!s)
		return err ? err->code : IOA_EDB;
	ioa_dbi_bind_i64(s, ":guest", c->guest_trace_id);
	ioa_dbi_bind_i64(s, ":host", c->host_trace_id);
	ioa_dbi_bind_i64(s, ":offset", c->offset_ns);
	ioa_dbi_bind_text(s, ":method", c->method);
	ioa_dbi_bind_i64(s, ":pairs", c->pairs);
	ioa_dbi_bind_i64_or_null(s, ":spread", c->spread_ns, -1);
	if (c->refined) {
		ioa_dbi_bind_i64(s, ":refine", c->refine_ns);
		ioa_dbi_bind_double(s, ":inside", c->inside_pct);
		ioa_dbi_bind_double(s, ":minside", c->marker_inside_pct);
	} else {
		ioa_dbi_bind_null(s, ":refine");
		ioa_dbi_bind_null(s, ":inside");
		ioa_dbi_bind_null(s, ":minside");
	}
	return ioa_dbi_step_done(db, s, err, "cannot insert guest_clock");
}

/* rows come per (task, category): a task is handed on when the next one starts */
static int show_row(sqlite3_stmt *s, void *ctx)
{
	struct walk *w = ctx;
	struct ioa_gt_task_row *r = &w->cur;
	int64_t trace = sqlite3_column_int64(s, 0);
	int tid = sqlite3_column_int(s, 1), stop = 0;
	struct ioa_gt_io_row *io;

	if (w->have && (r->trace_id != trace || r->tid != tid)) {
		stop = w->fn.task(w->priv, r);
		w->have = 0;
	}
	if (!w->have) {
		memset(r, 0, sizeof(*r));
		r->trace_id = trace;
		r->tid = tid;
		ioa_dbi_col_text(r->comm, sizeof(r->comm), s, 2);
		r->is_kthread = sqlite3_column_int(s, 3);
		r->run_ns = (uint64_t)sqlite3_column_int64(s, 4);
		r->io_ns = (uint64_t)sqlite3_column_int64(s, 5);
		ioa_dbi_col_text(r->category, sizeof(r->category), s, 6);
		r->share = sqlite3_column_double(s, 7);
		w->have = 1;
	}
	if (sqlite3_column_type(s, 8) != SQLITE_NULL && r->nio < IOA_GT_MAX_IO) {
		io = &r->io[r->nio++];
		ioa_dbi_col_text(io->category, sizeof(io->category), s, 8);
		io->io_ns = (uint64_t)sqlite3_column_int64(s, 9);
		io->events = (uint64_t)sqlite3_column_int64(s, 10);
		io->bytes = (uint64_t)sqlite3_column_int64(s, 11);
		io->share = sqlite3_column_double(s, 12);
		io->util_pct = sqlite3_column_double(s, 13);
	}
	return stop;
}

int ioa_db_gt_show_foreach(struct ioa_db *db, int64_t trace_id,
			   int (*cb)(void *priv, const struct ioa_gt_task_row *r), void *priv,
			   struct ioa_err *err)
{
	struct walk w = { .priv = priv };
	int ret;

	w.fn.task = cb;
	ret = ioa_dbi_query(db, sql_show, trace_id, show_row, &w, err);
	if (!ret && w.have)
		ret = cb(priv, &w.cur);
	return ret;
}
