// SPDX-License-Identifier: GPL-3.0-or-later
/* The db module, ingest part: the statements that store and list traces. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_priv.h"

static const char sql_trace_by_sha[] = "SELECT trace_id FROM trace WHERE sha256 = :sha";

static const char sql_trace_insert[] =
	"INSERT INTO trace (file, sha256, size_bytes, format, version, compression, clock,"
	" clock_is_ns, cpus, long_size, host, events, lost_events, buffers, has_kvm_exit,"
	" host_trace_id, trace_uuid, ingest_time, raw) VALUES (:file, :sha, :size, :format,"
	" :version, :compression, :clock, :clock_is_ns, :cpus, :long_size, :host, 0, 0,"
	" :buffers, 0, :host_trace_id, :uuid, :time, :raw)";

static const char sql_trace_finish[] =
	"UPDATE trace SET clock = :clock, clock_is_ns = :clock_is_ns, cpus = :cpus,"
	" first_ns = :first, last_ns = :last, events = :events, lost_events = :lost,"
	" buffers = :buffers, has_kvm_exit = :kvm, ingest_seconds = :secs, host = :host,"
	" compression = :compression, version = :version, long_size = :long_size,"
	" trace_uuid = :uuid WHERE trace_id = :id";

static const char sql_cpu[] =
	"INSERT INTO cpu VALUES (:id, :cpu, :first, :last, :events, :idle, :lost)";

static const char sql_thread[] =
	"INSERT INTO thread VALUES (:id, :tid, :tgid, :comm, :first, :last, :run,"
	" :vcpu, :kthread)";

static const char sql_vm[] = "INSERT INTO vm (trace_id, host_pid, name, source)"
			     " VALUES (:id, :pid, :name, :source)";

static const char sql_vcpu[] = "INSERT INTO vcpu VALUES (:vm, :id, :vcpu, :tid, :source)";

static const char sql_evcount[] = "INSERT INTO event_count VALUES (:id, :name, :count)";

static const char sql_warning[] = "INSERT INTO warning VALUES (:id, :seq, :msg)";

static const char sql_trace_rows[] = "INSERT INTO trace_rows VALUES (:id, :tbl, :lo, :hi)";

static const char sql_guest_vcpu[] =
	"INSERT INTO guest_vcpu VALUES (:guest, :cpu, :host, :tid, :name)";

static const char sql_event[] = "INSERT INTO event VALUES (:id, :ts, :cpu, :tid, :name, :fields)";

static const char sql_traces[] =
	"SELECT trace_id, file, sha256, size_bytes, format, version, compression, clock,"
	" clock_is_ns, cpus, long_size, host, first_ns, last_ns, events, lost_events,"
	" buffers, has_kvm_exit, host_trace_id, trace_uuid, ingest_time, ingest_seconds,"
	" raw, (SELECT COUNT(*) FROM vm WHERE vm.trace_id = t.trace_id),"
	" (SELECT COUNT(*) FROM vcpu WHERE vcpu.trace_id = t.trace_id),"
	" (SELECT COUNT(*) FROM segment WHERE segment.trace_id = t.trace_id),"
	" (SELECT COUNT(*) FROM thread WHERE thread.trace_id = t.trace_id)"
	" FROM trace t ORDER BY trace_id";

static const char sql_counts[] =
	"SELECT name, count FROM event_count WHERE trace_id = :id ORDER BY name";

static const char sql_warnings[] = "SELECT message FROM warning WHERE trace_id = :id ORDER BY seq";

static const char sql_vms[] = "SELECT m.vm_id, m.host_pid, m.name, m.source,"
			      " (SELECT COUNT(*) FROM vcpu v WHERE v.vm_id = m.vm_id)"
			      " FROM vm m WHERE m.trace_id = :id ORDER BY m.vm_id";

int ioa_db_trace_by_sha(struct ioa_db *db, const char *sha256, int64_t *trace_id,
			struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql_trace_by_sha, err);
	int rc;

	*trace_id = 0;
	if (!s)
		return err ? err->code : IOA_EDB;
	ioa_dbi_bind_text(s, ":sha", sha256);
	rc = ioa_dbi_check(db, s, err);
	if (rc)
		return rc;
	rc = sqlite3_step(s->s);
	if (rc == SQLITE_ROW)
		*trace_id = sqlite3_column_int64(s->s, 0);
	ioa_dbi_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ioa_dbi_fail(db, err, "cannot look up trace");
	return 0;
}

int ioa_db_trace_insert(struct ioa_db *db, const struct ioa_trace_rec *t, int64_t *trace_id,
			struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql_trace_insert, err);
	int ret;

	if (!s)
		return err ? err->code : IOA_EDB;
	ioa_dbi_bind_text(s, ":file", t->file);
	ioa_dbi_bind_text(s, ":sha", t->sha256);
	ioa_dbi_bind_i64(s, ":size", t->size_bytes);
	ioa_dbi_bind_text(s, ":format", t->format);
	ioa_dbi_bind_text_or_null(s, ":version", t->version);
	ioa_dbi_bind_text_or_null(s, ":compression", t->compression);
	ioa_dbi_bind_text_or_null(s, ":clock", t->clock);
	ioa_dbi_bind_i64(s, ":clock_is_ns", t->clock_is_ns);
	ioa_dbi_bind_i64(s, ":cpus", t->cpus);
	ioa_dbi_bind_i64_or_null(s, ":long_size", t->long_size, 0);
	ioa_dbi_bind_text_or_null(s, ":host", t->host);
	ioa_dbi_bind_i64(s, ":buffers", t->buffers);
	ioa_dbi_bind_i64_or_null(s, ":host_trace_id", t->host_trace_id, 0);
	ioa_dbi_bind_text_or_null(s, ":uuid", t->trace_uuid);
	ioa_dbi_bind_text(s, ":time", t->ingest_time);
	ioa_dbi_bind_i64(s, ":raw", t->raw);
	ret = ioa_dbi_step_done(db, s, err, "cannot insert trace");
	if (!ret)
		*trace_id = sqlite3_last_insert_rowid(db->h);
	return ret;
}

int ioa_db_trace_finish(struct ioa_db *db, const struct ioa_trace_rec *t, struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql_trace_finish, err);

	if (!s)
		return err ? err->code : IOA_EDB;
	ioa_dbi_bind_text_or_null(s, ":clock", t->clock);
	ioa_dbi_bind_i64(s, ":clock_is_ns", t->clock_is_ns);
	ioa_dbi_bind_i64(s, ":cpus", t->cpus);
	ioa_dbi_bind_ts(s, ":first", t->first_ns);
	ioa_dbi_bind_ts(s, ":last", t->last_ns);
	ioa_dbi_bind_i64(s, ":events", (int64_t)t->events);
	ioa_dbi_bind_i64(s, ":lost", (int64_t)t->lost_events);
	ioa_dbi_bind_i64(s, ":buffers", t->buffers);
	ioa_dbi_bind_i64(s, ":kvm", t->has_kvm_exit);
	ioa_dbi_bind_double(s, ":secs", t->ingest_seconds);
	ioa_dbi_bind_text_or_null(s, ":host", t->host);
	ioa_dbi_bind_text_or_null(s, ":compression", t->compression);
	ioa_dbi_bind_text_or_null(s, ":version", t->version);
	ioa_dbi_bind_i64_or_null(s, ":long_size", t->long_size, 0);
	ioa_dbi_bind_text_or_null(s, ":uuid", t->trace_uuid);
	ioa_dbi_bind_i64(s, ":id", t->trace_id);
	return ioa_dbi_step_done(db, s, err, "cannot update trace");
}

int ioa_db_cpu_insert(struct ioa_db *db, int64_t trace_id, const struct ioa_cpu_row *r,
		      struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql_cpu, err);

	if (!s)
		return err ? err->code : IOA_EDB;
	ioa_dbi_bind_i64(s, ":id", trace_id);
	ioa_dbi_bind_i64(s, ":cpu", r->cpu);
	ioa_dbi_bind_ts(s, ":first", r->first_ts);
	ioa_dbi_bind_ts(s, ":last", r->last_ts);
	ioa_dbi_bind_i64(s, ":events", (int64_t)r->events);
	ioa_dbi_bind_i64(s, ":idle", (int64_t)r->idle_ns);
	ioa_dbi_bind_i64(s, ":lost", (int64_t)r->lost);
	return ioa_dbi_step_done(db, s, err, "cannot insert cpu");
}

int ioa_db_thread_insert(struct ioa_db *db, int64_t trace_id, const struct ioa_thread_row *r,
			 struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql_thread, err);

	if (!s)
		return err ? err->code : IOA_EDB;
	ioa_dbi_bind_i64(s, ":id", trace_id);
	ioa_dbi_bind_i64(s, ":tid", r->tid);
	ioa_dbi_bind_i64_or_null(s, ":tgid", r->tgid, -1);
	ioa_dbi_bind_text(s, ":comm", r->comm);
	ioa_dbi_bind_ts(s, ":first", r->first_ts);
	ioa_dbi_bind_ts(s, ":last", r->last_ts);
	ioa_dbi_bind_i64(s, ":run", (int64_t)r->run_ns);
	ioa_dbi_bind_i64(s, ":vcpu", r->is_vcpu);
	ioa_dbi_bind_i64(s, ":kthread", r->is_kthread);
	return ioa_dbi_step_done(db, s, err, "cannot insert thread");
}

int ioa_db_vm_insert(struct ioa_db *db, int64_t trace_id, const struct ioa_vm_row *r,
		     int64_t *vm_id, struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql_vm, err);
	int ret;

	if (!s)
		return err ? err->code : IOA_EDB;
	ioa_dbi_bind_i64(s, ":id", trace_id);
	ioa_dbi_bind_i64_or_null(s, ":pid", r->host_pid, -1);
	ioa_dbi_bind_text(s, ":name", r->name);
	ioa_dbi_bind_text(s, ":source", r->source);
	ret = ioa_dbi_step_done(db, s, err, "cannot insert vm");
	if (!ret)
		*vm_id = sqlite3_last_insert_rowid(db->h);
	return ret;
}

int ioa_db_vcpu_insert(struct ioa_db *db, int64_t trace_id, int64_t vm_id,
		       const struct ioa_vcpu_row *r, struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql_vcpu, err);

	if (!s)
		return err ? err->code : IOA_EDB;
	ioa_dbi_bind_i64(s, ":vm", vm_id);
	ioa_dbi_bind_i64(s, ":id", trace_id);
	ioa_dbi_bind_i64_or_null(s, ":vcpu", r->vcpu, -1);
	ioa_dbi_bind_i64(s, ":tid", r->tid);
	ioa_dbi_bind_text(s, ":source", r->source);
	return ioa_dbi_step_done(db, s, err, "cannot insert vcpu");
}

/* ---- the bulk tables: multi-row INSERTs bound by position (db_bulk.c) ---- */

static const struct ioa_dbi_bulk bulk_segment = {
	"INSERT INTO segment (trace_id, tid, cpu, start_ns, end_ns, end_state, wake_ns, waker_tid,"
	" waker_cpu, guest_ns, exit_ns, n_exits, partial, co_kernel) VALUES ",
	14, "cannot insert segment"
};

static const struct ioa_dbi_bulk bulk_exit = {
	"INSERT INTO kvm_exit (trace_id, tid, cpu, vcpu, ts_ns, dur_ns, source, isa, reason,"
	" reason_name, port, gpa, rw, size, category) VALUES ",
	15, "cannot insert kvm_exit"
};

static const struct ioa_dbi_bulk bulk_io = {
	"INSERT INTO io (trace_id, kind, tid, cpu, ts_ns, end_ns, dev, num, sector, bytes, rwbs,"
	" complete_tid) VALUES ",
	12, "cannot insert io"
};

static void b_ts(struct ioa_dbi_row *b, uint64_t ts)
{
	ioa_dbi_row_i64n(b, (int64_t)ts, (int64_t)IOA_TS_NONE);
}

static void bind_segment(struct ioa_dbi_row *b, const void *ctx, const void *row)
{
	const struct ioa_segment_row *r = row;

	ioa_dbi_row_i64(b, *(const int64_t *)ctx);
	ioa_dbi_row_i64(b, r->tid);
	ioa_dbi_row_i64(b, r->cpu);
	ioa_dbi_row_i64(b, (int64_t)r->start_ns);
	ioa_dbi_row_i64(b, (int64_t)r->end_ns);
	ioa_dbi_row_text(b, r->end_state);
	b_ts(b, r->wake_ns);
	ioa_dbi_row_i64n(b, r->waker_tid, -1);
	ioa_dbi_row_i64n(b, r->waker_tid < 0 ? -1 : r->waker_cpu, -1);
	ioa_dbi_row_i64(b, (int64_t)r->guest_ns);
	ioa_dbi_row_i64(b, (int64_t)r->exit_ns);
	ioa_dbi_row_i64(b, r->n_exits);
	ioa_dbi_row_i64(b, r->partial);
	ioa_dbi_row_i64(b, r->co_kernel);
}

static const char *isa_name(int isa)
{
	return isa == 1 ? "VMX" : isa == 2 ? "SVM" : NULL;
}

static void bind_exit(struct ioa_dbi_row *b, const void *ctx, const void *row)
{
	const struct ioa_exit_row *r = row;

	ioa_dbi_row_i64(b, *(const int64_t *)ctx);
	ioa_dbi_row_i64(b, r->tid);
	ioa_dbi_row_i64(b, r->cpu);
	ioa_dbi_row_i64n(b, r->vcpu, -1);
	ioa_dbi_row_i64(b, (int64_t)r->ts);
	b_ts(b, r->dur_ns);
	ioa_dbi_row_str(b, r->source);
	ioa_dbi_row_text(b, isa_name(r->isa));
	ioa_dbi_row_i64(b, r->reason);
	ioa_dbi_row_str(b, r->reason_name);
	ioa_dbi_row_i64n(b, r->port, -1);
	ioa_dbi_row_i64n(b, r->gpa, -1);
	ioa_dbi_row_i64n(b, r->rw, -1);
	ioa_dbi_row_i64n(b, r->size, 0);
	ioa_dbi_row_text(b, r->category);
}

static const char *const io_kind_names[] = {
	[IOA_IO_BLOCK] = "block", [IOA_IO_NET_TX] = "net_tx",	[IOA_IO_NET_RX] = "net_rx",
	[IOA_IO_IRQ] = "irq",	  [IOA_IO_SOFTIRQ] = "softirq", [IOA_IO_KVM_IRQ] = "kvm_irq",
};

static void bind_io(struct ioa_dbi_row *b, const void *ctx, const void *row)
{
	const struct ioa_io_row *r = row;
	int block = r->kind == IOA_IO_BLOCK;
	int ok = r->kind > 0 && r->kind < (int)IOA_ARRAY_SIZE(io_kind_names);

	if (!ok)
		b->bad = "an io row of unknown kind";
	ioa_dbi_row_i64(b, *(const int64_t *)ctx);
	ioa_dbi_row_text(b, ok ? io_kind_names[r->kind] : NULL);
	ioa_dbi_row_i64n(b, r->tid, -1);
	ioa_dbi_row_i64(b, r->cpu);
	ioa_dbi_row_i64(b, (int64_t)r->ts);
	b_ts(b, r->end_ts);
	ioa_dbi_row_text(b, r->dev);
	ioa_dbi_row_i64n(b, r->num, -1);
	if (block)
		ioa_dbi_row_i64(b, (int64_t)r->sector);
	else
		ioa_dbi_row_null(b);
	if (block || r->kind == IOA_IO_NET_TX || r->kind == IOA_IO_NET_RX)
		ioa_dbi_row_i64(b, (int64_t)r->bytes);
	else
		ioa_dbi_row_null(b);
	ioa_dbi_row_text(b, r->rwbs);
	ioa_dbi_row_i64n(b, block ? r->complete_tid : -1, -1);
}

int ioa_db_segments_insert(struct ioa_db *db, int64_t trace_id, const struct ioa_segment_row *r,
			   int n, struct ioa_err *err)
{
	return ioa_dbi_bulk_insert(db, &bulk_segment, bind_segment, &trace_id, r, sizeof(*r),
				   (size_t)n, err);
}

int ioa_db_exits_insert(struct ioa_db *db, int64_t trace_id, const struct ioa_exit_row *r, int n,
			struct ioa_err *err)
{
	return ioa_dbi_bulk_insert(db, &bulk_exit, bind_exit, &trace_id, r, sizeof(*r), (size_t)n,
				   err);
}

int ioa_db_ios_insert(struct ioa_db *db, int64_t trace_id, const struct ioa_io_row *r, int n,
		      struct ioa_err *err)
{
	return ioa_dbi_bulk_insert(db, &bulk_io, bind_io, &trace_id, r, sizeof(*r), (size_t)n, err);
}

int ioa_db_event_count_insert(struct ioa_db *db, int64_t trace_id, const char *name, uint64_t count,
			      struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql_evcount, err);

	if (!s)
		return err ? err->code : IOA_EDB;
	ioa_dbi_bind_i64(s, ":id", trace_id);
	ioa_dbi_bind_text(s, ":name", name);
	ioa_dbi_bind_i64(s, ":count", (int64_t)count);
	return ioa_dbi_step_done(db, s, err, "cannot insert event count");
}

int ioa_db_warning_insert(struct ioa_db *db, int64_t trace_id, int seq, const char *msg,
			  struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql_warning, err);

	if (!s)
		return err ? err->code : IOA_EDB;
	ioa_dbi_bind_i64(s, ":id", trace_id);
	ioa_dbi_bind_i64(s, ":seq", seq);
	ioa_dbi_bind_text(s, ":msg", msg);
	return ioa_dbi_step_done(db, s, err, "cannot insert warning");
}

int ioa_db_event_insert(struct ioa_db *db, int64_t trace_id, uint64_t ts, int cpu, int tid,
			const char *name, const char *fields, struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql_event, err);

	if (!s)
		return err ? err->code : IOA_EDB;
	ioa_dbi_bind_i64(s, ":id", trace_id);
	ioa_dbi_bind_i64(s, ":ts", (int64_t)ts);
	ioa_dbi_bind_i64(s, ":cpu", cpu);
	ioa_dbi_bind_i64(s, ":tid", tid);
	ioa_dbi_bind_text(s, ":name", name);
	ioa_dbi_bind_text_or_null(s, ":fields", fields);
	return ioa_dbi_step_done(db, s, err, "cannot insert event");
}

static void read_trace(sqlite3_stmt *s, struct ioa_trace_rec *t)
{
	memset(t, 0, sizeof(*t));
	t->trace_id = sqlite3_column_int64(s, 0);
	ioa_dbi_col_text(t->file, sizeof(t->file), s, 1);
	ioa_dbi_col_text(t->sha256, sizeof(t->sha256), s, 2);
	t->size_bytes = sqlite3_column_int64(s, 3);
	ioa_dbi_col_text(t->format, sizeof(t->format), s, 4);
	ioa_dbi_col_text(t->version, sizeof(t->version), s, 5);
	ioa_dbi_col_text(t->compression, sizeof(t->compression), s, 6);
	ioa_dbi_col_text(t->clock, sizeof(t->clock), s, 7);
	t->clock_is_ns = sqlite3_column_int(s, 8);
	t->cpus = sqlite3_column_int(s, 9);
	t->long_size = sqlite3_column_int(s, 10);
	ioa_dbi_col_text(t->host, sizeof(t->host), s, 11);
	t->first_ns = ioa_dbi_col_ts(s, 12);
	t->last_ns = ioa_dbi_col_ts(s, 13);
	t->events = (uint64_t)sqlite3_column_int64(s, 14);
	t->lost_events = (uint64_t)sqlite3_column_int64(s, 15);
	t->buffers = sqlite3_column_int(s, 16);
	t->has_kvm_exit = sqlite3_column_int(s, 17);
	t->host_trace_id = sqlite3_column_int64(s, 18);
	ioa_dbi_col_text(t->trace_uuid, sizeof(t->trace_uuid), s, 19);
	ioa_dbi_col_text(t->ingest_time, sizeof(t->ingest_time), s, 20);
	t->ingest_seconds = sqlite3_column_double(s, 21);
	t->raw = sqlite3_column_int(s, 22);
	t->n_vms = sqlite3_column_int(s, 23);
	t->n_vcpus = sqlite3_column_int(s, 24);
	t->n_segments = sqlite3_column_int64(s, 25);
	t->n_threads = sqlite3_column_int64(s, 26);
}

struct cb_ctx {
	void *priv;
	void *fn;
};

static int trace_row(sqlite3_stmt *s, void *ctx)
{
	struct cb_ctx *c = ctx;
	int (*fn)(void *, const struct ioa_trace_rec *) = c->fn;
	struct ioa_trace_rec *t = ioa_xmalloc(sizeof(*t));
	int ret;

	read_trace(s, t);
	ret = fn(c->priv, t);
	free(t);
	return ret;
}

int ioa_db_traces_foreach(struct ioa_db *db, int (*cb)(void *priv, const struct ioa_trace_rec *t),
			  void *priv, struct ioa_err *err)
{
	struct cb_ctx c = { priv, (void *)cb };

	return ioa_dbi_query(db, sql_traces, 0, trace_row, &c, err);
}

static int count_row(sqlite3_stmt *s, void *ctx)
{
	struct cb_ctx *c = ctx;
	int (*fn)(void *, const char *, uint64_t) = c->fn;

	return fn(c->priv, (const char *)sqlite3_column_text(s, 0),
		  (uint64_t)sqlite3_column_int64(s, 1));
}

int ioa_db_event_counts_foreach(struct ioa_db *db, int64_t trace_id,
				int (*cb)(void *priv, const char *name, uint64_t count), void *priv,
				struct ioa_err *err)
{
	struct cb_ctx c = { priv, (void *)cb };

	return ioa_dbi_query(db, sql_counts, trace_id, count_row, &c, err);
}

static int warning_row(sqlite3_stmt *s, void *ctx)
{
	struct cb_ctx *c = ctx;
	int (*fn)(void *, const char *) = c->fn;

	return fn(c->priv, (const char *)sqlite3_column_text(s, 0));
}

int ioa_db_warnings_foreach(struct ioa_db *db, int64_t trace_id,
			    int (*cb)(void *priv, const char *msg), void *priv, struct ioa_err *err)
{
	struct cb_ctx c = { priv, (void *)cb };

	return ioa_dbi_query(db, sql_warnings, trace_id, warning_row, &c, err);
}

static int vm_row(sqlite3_stmt *s, void *ctx)
{
	struct cb_ctx *c = ctx;
	int (*fn)(void *, const struct ioa_vm_row *, int) = c->fn;
	struct ioa_vm_row vm;

	memset(&vm, 0, sizeof(vm));
	vm.vm_id = sqlite3_column_int(s, 0);
	vm.host_pid = sqlite3_column_type(s, 1) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 1);
	ioa_dbi_col_text(vm.name, sizeof(vm.name), s, 2);
	ioa_dbi_col_text(vm.source, sizeof(vm.source), s, 3);
	return fn(c->priv, &vm, sqlite3_column_int(s, 4));
}

int ioa_db_vms_foreach(struct ioa_db *db, int64_t trace_id,
		       int (*cb)(void *priv, const struct ioa_vm_row *vm, int n_vcpus), void *priv,
		       struct ioa_err *err)
{
	struct cb_ctx c = { priv, (void *)cb };

	return ioa_dbi_query(db, sql_vms, trace_id, vm_row, &c, err);
}

int64_t ioa_db_last_rowid(struct ioa_db *db)
{
	return sqlite3_last_insert_rowid(db->h);
}

int ioa_db_trace_rows_insert(struct ioa_db *db, int64_t trace_id, const char *tbl, int64_t lo,
			     int64_t hi, struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql_trace_rows, err);

	if (!s)
		return err ? err->code : IOA_EDB;
	ioa_dbi_bind_i64(s, ":id", trace_id);
	ioa_dbi_bind_text(s, ":tbl", tbl);
	ioa_dbi_bind_i64(s, ":lo", lo);
	ioa_dbi_bind_i64(s, ":hi", hi);
	return ioa_dbi_step_done(db, s, err, "cannot insert trace_rows");
}

int ioa_db_guest_vcpu_insert(struct ioa_db *db, int64_t guest_trace_id, int guest_cpu,
			     int64_t host_trace_id, int host_tid, const char *guest_name,
			     struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql_guest_vcpu, err);

	if (!s)
		return err ? err->code : IOA_EDB;
	ioa_dbi_bind_i64(s, ":guest", guest_trace_id);
	ioa_dbi_bind_i64(s, ":cpu", guest_cpu);
	ioa_dbi_bind_i64(s, ":host", host_trace_id);
	ioa_dbi_bind_i64(s, ":tid", host_tid);
	ioa_dbi_bind_text_or_null(s, ":name", guest_name);
	return ioa_dbi_step_done(db, s, err, "cannot insert guest_vcpu");
}

/* the indexes of the bulk tables that hold no row: each dropped until the load ends */
static const char sql_idle_indexes[] =
	"SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"
	" AND ((tbl_name = 'segment' AND NOT EXISTS (SELECT 1 FROM segment))"
	" OR (tbl_name = 'kvm_exit' AND NOT EXISTS (SELECT 1 FROM kvm_exit))"
	" OR (tbl_name = 'io' AND NOT EXISTS (SELECT 1 FROM io))"
	" OR (tbl_name = 'event' AND NOT EXISTS (SELECT 1 FROM event)))"
	" ORDER BY name";

static const char sql_cache_size[] = "PRAGMA cache_size";

/*
 * Without indexes to keep up to date the bulk tables only append, so the load needs few
 * cached pages; and the sorter of CREATE INDEX sorts in runs of the cache's size, where
 * small runs, merged, took less CPU time than large ones. Both run with this cache.
 */
#define IOA_DB_LOAD_CACHE_KIB 2048

static int set_cache_size(struct ioa_db *db, int64_t v, struct ioa_err *err)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA cache_size = %lld", (long long)v);
	return ioa_dbi_exec(db, sql, err);
}

static int drop_index(struct ioa_db *db, const char *name, struct ioa_err *err)
{
	char *sql = sqlite3_mprintf("DROP INDEX \"%w\"", name);
	int ret;

	if (!sql)
		return ioa_error(err, IOA_ENOMEM, "%s: out of memory", db->path);
	ret = ioa_dbi_exec(db, sql, err);
	sqlite3_free(sql);
	return ret;
}

/* the current cache_size into db->cache_kept, then the load's */
static int load_cache(struct ioa_db *db, struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql_cache_size, err);

	if (!s)
		return err ? err->code : IOA_EDB;
	if (sqlite3_step(s->s) == SQLITE_ROW)
		db->cache_kept = sqlite3_column_int64(s->s, 0);
	ioa_dbi_reset(s);
	return set_cache_size(db, -IOA_DB_LOAD_CACHE_KIB, err);
}

int ioa_db_indexes_defer(struct ioa_db *db, struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql_idle_indexes, err);
	char **names = NULL;
	int i, rc, n = 0, alloc = 0, dalloc = db->ndeferred, ret = 0;

	if (!s)
		return err ? err->code : IOA_EDB;
	while ((rc = sqlite3_step(s->s)) == SQLITE_ROW) {
		IOA_GROW(names, n, alloc);
		names[n++] = ioa_xstrdup((const char *)sqlite3_column_text(s->s, 0));
		IOA_GROW(db->deferred, db->ndeferred, dalloc);
		db->deferred[db->ndeferred++] =
			ioa_xstrdup((const char *)sqlite3_column_text(s->s, 1));
	}
	ioa_dbi_reset(s);
	if (rc != SQLITE_DONE)
		ret = ioa_dbi_fail(db, err, "cannot list indexes");
	for (i = 0; i < n; i++) {
		if (!ret)
			ret = drop_index(db, names[i], err);
		free(names[i]);
	}
	free(names);
	return ret || !n ? ret : load_cache(db, err);
}

int ioa_db_indexes_restore(struct ioa_db *db, struct ioa_err *err)
{
	int i, ret = 0;

	for (i = 0; i < db->ndeferred; i++) {
		if (!ret)
			ret = ioa_dbi_exec(db, db->deferred[i], err);
		free(db->deferred[i]);
	}
	free(db->deferred);
	db->deferred = NULL;
	db->ndeferred = 0;
	if (!ret && db->cache_kept)
		ret = set_cache_size(db, db->cache_kept, err);
	db->cache_kept = 0;
	return ret;
}
