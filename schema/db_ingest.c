// SPDX-License-Identifier: GPL-3.0-or-later
/* The db module, ingest part: the statements that store and list traces. */
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

static const char sql_segment[] =
	"INSERT INTO segment (trace_id, tid, cpu, start_ns, end_ns, end_state,"
	" wake_ns, waker_tid, waker_cpu, guest_ns, exit_ns, n_exits, partial, co_kernel)"
	" VALUES (:id, :tid, :cpu, :start, :end, :state, :wake, :waker,"
	" :waker_cpu, :guest, :exit, :n_exits, :partial, :co)";

static const char sql_exit[] =
	"INSERT INTO kvm_exit VALUES (:id, :tid, :cpu, :vcpu, :ts, :dur, :source,"
	" :isa, :reason, :reason_name, :port, :gpa, :rw, :size, :category)";

static const char sql_io[] = "INSERT INTO io VALUES (:id, :kind, :tid, :cpu, :ts, :end, :dev, :num,"
			     " :sector, :bytes, :rwbs, :ctid)";

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

int ioa_db_segment_insert(struct ioa_db *db, int64_t trace_id, const struct ioa_segment_row *r,
			  struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql_segment, err);

	if (!s)
		return err ? err->code : IOA_EDB;
	ioa_dbi_bind_i64(s, ":id", trace_id);
	ioa_dbi_bind_i64(s, ":tid", r->tid);
	ioa_dbi_bind_i64(s, ":cpu", r->cpu);
	ioa_dbi_bind_i64(s, ":start", (int64_t)r->start_ns);
	ioa_dbi_bind_i64(s, ":end", (int64_t)r->end_ns);
	ioa_dbi_bind_text_or_null(s, ":state", r->end_state);
	ioa_dbi_bind_ts(s, ":wake", r->wake_ns);
	ioa_dbi_bind_i64_or_null(s, ":waker", r->waker_tid, -1);
	ioa_dbi_bind_i64_or_null(s, ":waker_cpu", r->waker_tid < 0 ? -1 : r->waker_cpu, -1);
	ioa_dbi_bind_i64(s, ":guest", (int64_t)r->guest_ns);
	ioa_dbi_bind_i64(s, ":exit", (int64_t)r->exit_ns);
	ioa_dbi_bind_i64(s, ":n_exits", r->n_exits);
	ioa_dbi_bind_i64(s, ":partial", r->partial);
	ioa_dbi_bind_i64(s, ":co", r->co_kernel);
	return ioa_dbi_step_done(db, s, err, "cannot insert segment");
}

static const char *isa_name(int isa)
{
	return isa == 1 ? "VMX" : isa == 2 ? "SVM" : NULL;
}

int ioa_db_exit_insert(struct ioa_db *db, int64_t trace_id, const struct ioa_exit_row *r,
		       struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql_exit, err);

	if (!s)
		return err ? err->code : IOA_EDB;
	ioa_dbi_bind_i64(s, ":id", trace_id);
	ioa_dbi_bind_i64(s, ":tid", r->tid);
	ioa_dbi_bind_i64(s, ":cpu", r->cpu);
	ioa_dbi_bind_i64_or_null(s, ":vcpu", r->vcpu, -1);
	ioa_dbi_bind_i64(s, ":ts", (int64_t)r->ts);
	ioa_dbi_bind_ts(s, ":dur", r->dur_ns);
	ioa_dbi_bind_text(s, ":source", r->source);
	ioa_dbi_bind_text_or_null(s, ":isa", isa_name(r->isa));
	ioa_dbi_bind_i64(s, ":reason", r->reason);
	ioa_dbi_bind_text(s, ":reason_name", r->reason_name);
	ioa_dbi_bind_i64_or_null(s, ":port", r->port, -1);
	ioa_dbi_bind_i64_or_null(s, ":gpa", r->gpa, -1);
	ioa_dbi_bind_i64_or_null(s, ":rw", r->rw, -1);
	ioa_dbi_bind_i64_or_null(s, ":size", r->size, 0);
	ioa_dbi_bind_text_or_null(s, ":category", r->category);
	return ioa_dbi_step_done(db, s, err, "cannot insert kvm_exit");
}

static const char *const io_kind_names[] = {
	[IOA_IO_BLOCK] = "block", [IOA_IO_NET_TX] = "net_tx",	[IOA_IO_NET_RX] = "net_rx",
	[IOA_IO_IRQ] = "irq",	  [IOA_IO_SOFTIRQ] = "softirq", [IOA_IO_KVM_IRQ] = "kvm_irq",
};

int ioa_db_io_insert(struct ioa_db *db, int64_t trace_id, const struct ioa_io_row *r,
		     struct ioa_err *err)
{
	struct dbstmt *s = ioa_dbi_stmt(db, sql_io, err);
	int block = r->kind == IOA_IO_BLOCK;

	if (!s)
		return err ? err->code : IOA_EDB;
	if (r->kind <= 0 || r->kind >= (int)IOA_ARRAY_SIZE(io_kind_names))
		return ioa_error(err, IOA_EINTERNAL, "io row of unknown kind %d", r->kind);
	ioa_dbi_bind_i64(s, ":id", trace_id);
	ioa_dbi_bind_text(s, ":kind", io_kind_names[r->kind]);
	ioa_dbi_bind_i64_or_null(s, ":tid", r->tid, -1);
	ioa_dbi_bind_i64(s, ":cpu", r->cpu);
	ioa_dbi_bind_i64(s, ":ts", (int64_t)r->ts);
	ioa_dbi_bind_ts(s, ":end", r->end_ts);
	ioa_dbi_bind_text_or_null(s, ":dev", r->dev);
	ioa_dbi_bind_i64_or_null(s, ":num", r->num, -1);
	if (block)
		ioa_dbi_bind_i64(s, ":sector", (int64_t)r->sector);
	else
		ioa_dbi_bind_null(s, ":sector");
	if (block || r->kind == IOA_IO_NET_TX || r->kind == IOA_IO_NET_RX)
		ioa_dbi_bind_i64(s, ":bytes", (int64_t)r->bytes);
	else
		ioa_dbi_bind_null(s, ":bytes");
	ioa_dbi_bind_text_or_null(s, ":rwbs", r->rwbs);
	ioa_dbi_bind_i64_or_null(s, ":ctid", block ? r->complete_tid : -1, -1);
	return ioa_dbi_step_done(db, s, err, "cannot insert io");
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
