// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The db module: the only file that includes <sqlite3.h>. Statements are prepared lazily,
 * once per connection, from a table indexed by enum stmt_id, and bound by :name.
 */
#include "db.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

extern const char *const ioa_schema_sql[];
extern const size_t ioa_schema_nr;

enum stmt_id {
	ST_TRACE_BY_SHA,
	ST_TRACE_INSERT,
	ST_TRACE_FINISH,
	ST_CPU,
	ST_THREAD,
	ST_VM,
	ST_VCPU,
	ST_SEGMENT,
	ST_EXIT,
	ST_IO,
	ST_EVCOUNT,
	ST_WARNING,
	ST_EVENT,
	ST_TRACES,
	ST_COUNTS,
	ST_WARNINGS,
	ST_VMS,
	ST__COUNT
};

static const char *const stmt_sql[ST__COUNT] = {
	[ST_TRACE_BY_SHA] = "SELECT trace_id FROM trace WHERE sha256 = :sha",
	[ST_TRACE_INSERT] =
		"INSERT INTO trace (file, sha256, size_bytes, format, version, compression, clock,"
		" clock_is_ns, cpus, long_size, host, events, lost_events, buffers, has_kvm_exit,"
		" host_trace_id, trace_uuid, ingest_time, raw) VALUES (:file, :sha, :size, :format,"
		" :version, :compression, :clock, :clock_is_ns, :cpus, :long_size, :host, 0, 0,"
		" :buffers, 0, :host_trace_id, :uuid, :time, :raw)",
	[ST_TRACE_FINISH] =
		"UPDATE trace SET clock = :clock, clock_is_ns = :clock_is_ns, cpus = :cpus,"
		" first_ns = :first, last_ns = :last, events = :events, lost_events = :lost,"
		" buffers = :buffers, has_kvm_exit = :kvm, ingest_seconds = :secs, host = :host,"
		" compression = :compression, version = :version, long_size = :long_size,"
		" trace_uuid = :uuid WHERE trace_id = :id",
	[ST_CPU] = "INSERT INTO cpu VALUES (:id, :cpu, :first, :last, :events, :idle, :lost)",
	[ST_THREAD] = "INSERT INTO thread VALUES (:id, :tid, :tgid, :comm, :first, :last, :run,"
		      " :vcpu, :kthread)",
	[ST_VM] = "INSERT INTO vm (trace_id, host_pid, name, source)"
		  " VALUES (:id, :pid, :name, :source)",
	[ST_VCPU] = "INSERT INTO vcpu VALUES (:vm, :id, :vcpu, :tid, :source)",
	[ST_SEGMENT] = "INSERT INTO segment (trace_id, tid, cpu, start_ns, end_ns, end_state,"
		       " wake_ns, waker_tid, waker_cpu, guest_ns, exit_ns, n_exits, partial)"
		       " VALUES (:id, :tid, :cpu, :start, :end, :state, :wake, :waker,"
		       " :waker_cpu, :guest, :exit, :n_exits, :partial)",
	[ST_EXIT] = "INSERT INTO kvm_exit VALUES (:id, :tid, :cpu, :vcpu, :ts, :dur, :source,"
		    " :isa, :reason, :reason_name, :port, :gpa, :rw, :size, :category)",
	[ST_IO] = "INSERT INTO io VALUES (:id, :kind, :tid, :cpu, :ts, :end, :dev, :num,"
		  " :sector, :bytes, :rwbs, :ctid)",
	[ST_EVCOUNT] = "INSERT INTO event_count VALUES (:id, :name, :count)",
	[ST_WARNING] = "INSERT INTO warning VALUES (:id, :seq, :msg)",
	[ST_EVENT] = "INSERT INTO event VALUES (:id, :ts, :cpu, :tid, :name, :fields)",
	[ST_TRACES] =
		"SELECT trace_id, file, sha256, size_bytes, format, version, compression, clock,"
		" clock_is_ns, cpus, long_size, host, first_ns, last_ns, events, lost_events,"
		" buffers, has_kvm_exit, host_trace_id, trace_uuid, ingest_time, ingest_seconds,"
		" raw, (SELECT COUNT(*) FROM vm WHERE vm.trace_id = t.trace_id),"
		" (SELECT COUNT(*) FROM vcpu WHERE vcpu.trace_id = t.trace_id),"
		" (SELECT COUNT(*) FROM segment WHERE segment.trace_id = t.trace_id),"
		" (SELECT COUNT(*) FROM thread WHERE thread.trace_id = t.trace_id)"
		" FROM trace t ORDER BY trace_id",
	[ST_COUNTS] = "SELECT name, count FROM event_count WHERE trace_id = :id ORDER BY name",
	[ST_WARNINGS] = "SELECT message FROM warning WHERE trace_id = :id ORDER BY seq",
	[ST_VMS] = "SELECT m.vm_id, m.host_pid, m.name, m.source,"
		   " (SELECT COUNT(*) FROM vcpu v WHERE v.vm_id = m.vm_id)"
		   " FROM vm m WHERE m.trace_id = :id ORDER BY m.vm_id",
};

#define MAX_PARAMS 24

/*
 * A prepared statement and its :name → index cache. Names are the string literals of this
 * file, so the cache compares pointers: binding by name costs nothing on the hot path.
 */
struct dbstmt {
	sqlite3_stmt *s;
	const char *names[MAX_PARAMS];
	int idx[MAX_PARAMS];
	int n;
};

struct ioa_db {
	sqlite3 *h;
	char *path;
	struct dbstmt st[ST__COUNT];
};

static int db_fail(struct ioa_db *db, struct ioa_err *err, const char *what)
{
	int rc = sqlite3_extended_errcode(db->h);
	int prim = rc & 0xff;
	int code = IOA_EDB;

	if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
		code = IOA_EBUSY;
	else if (prim == SQLITE_NOMEM)
		code = IOA_ENOMEM;
	return ioa_error(err, code, "%s: %s: %s", db->path, what, sqlite3_errmsg(db->h));
}

static int exec(struct ioa_db *db, const char *sql, struct ioa_err *err)
{
	if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, err, "cannot execute statement");
	return 0;
}

static struct dbstmt *stmt(struct ioa_db *db, enum stmt_id id, struct ioa_err *err)
{
	struct dbstmt *st = &db->st[id];

	if (!st->s && sqlite3_prepare_v3(db->h, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
					 &st->s, NULL) != SQLITE_OK) {
		db_fail(db, err, "cannot prepare statement");
		return NULL;
	}
	return st;
}

static int idx(struct dbstmt *st, const char *name)
{
	int i;

	for (i = 0; i < st->n; i++)
		if (st->names[i] == name)
			return st->idx[i];
	i = sqlite3_bind_parameter_index(st->s, name);
	if (st->n < MAX_PARAMS) {
		st->names[st->n] = name;
		st->idx[st->n++] = i;
	}
	return i;
}

static void bind_i64(struct dbstmt *s, const char *name, int64_t v)
{
	sqlite3_bind_int64(s->s, idx(s, name), v);
}

/* NULL when the value means "unknown" */
static void bind_i64_or_null(struct dbstmt *s, const char *name, int64_t v, int64_t none)
{
	if (v == none)
		sqlite3_bind_null(s->s, idx(s, name));
	else
		sqlite3_bind_int64(s->s, idx(s, name), v);
}

static void bind_ts(struct dbstmt *s, const char *name, uint64_t ts)
{
	if (ts == IOA_TS_NONE)
		sqlite3_bind_null(s->s, idx(s, name));
	else
		sqlite3_bind_int64(s->s, idx(s, name), (int64_t)ts);
}

/* strings stay valid until the statement is stepped and reset: no copy needed */
static void bind_text(struct dbstmt *s, const char *name, const char *v)
{
	sqlite3_bind_text(s->s, idx(s, name), v, -1, SQLITE_STATIC);
}

/* empty strings are stored as NULL: "the trace does not say" */
static void bind_text_or_null(struct dbstmt *s, const char *name, const char *v)
{
	if (!v || !*v)
		sqlite3_bind_null(s->s, idx(s, name));
	else
		bind_text(s, name, v);
}

static int step_done(struct ioa_db *db, struct dbstmt *st, struct ioa_err *err, const char *what)
{
	int rc = sqlite3_step(st->s);

	sqlite3_reset(st->s);
	sqlite3_clear_bindings(st->s);
	if (rc != SQLITE_DONE)
		return db_fail(db, err, what);
	return 0;
}

int ioa_db_schema_version(void)
{
	return (int)ioa_schema_nr;
}

static int user_version(struct ioa_db *db, int *out, struct ioa_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return db_fail(db, err, "not a database");
	rc = sqlite3_step(s);
	*out = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return db_fail(db, err, "not a database");
	return 0;
}

/* apply schema files user_version+1 .. N, each in one transaction with its version bump */
static int migrate(struct ioa_db *db, int have, struct ioa_err *err)
{
	char bump[64];
	int v, ret;

	for (v = have; v < (int)ioa_schema_nr; v++) {
		ret = exec(db, "BEGIN IMMEDIATE", err);
		if (ret)
			return ret;
		snprintf(bump, sizeof(bump), "PRAGMA user_version = %d", v + 1);
		ret = exec(db, ioa_schema_sql[v], err);
		if (!ret)
			ret = exec(db, bump, err);
		if (!ret)
			ret = exec(db, "COMMIT", err);
		if (ret) {
			sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
			return ret;
		}
	}
	return 0;
}

/* how long to wait for another writer; IOA_BUSY_TIMEOUT_MS overrides (tests, scripts) */
static int busy_timeout_ms(void)
{
	const char *env = getenv("IOA_BUSY_TIMEOUT_MS");
	long v = env ? strtol(env, NULL, 10) : 0;

	return v > 0 && v < 3600000 ? (int)v : 30000;
}

static int setup(struct ioa_db *db, int mode, struct ioa_err *err)
{
	int have, ret;

	sqlite3_busy_timeout(db->h, busy_timeout_ms());
	sqlite3_extended_result_codes(db->h, 1);
	ret = user_version(db, &have, err);
	if (ret)
		return ret;
	if (have > (int)ioa_schema_nr)
		return ioa_error(err, IOA_EDB,
				 "%s: schema version %d is newer than this ioaware (%d)", db->path,
				 have, (int)ioa_schema_nr);
	if (mode == IOA_DB_READ) {
		if (have < (int)ioa_schema_nr)
			return ioa_error(err, IOA_EDB,
					 "%s: schema version %d, run ingest to migrate to %d",
					 db->path, have, (int)ioa_schema_nr);
		return exec(db, "PRAGMA foreign_keys = ON", err);
	}
	/* before WAL, on a new file: larger pages mean fewer b-tree pages for bulk rows */
	if (!have)
		ret = exec(db, "PRAGMA page_size = 16384", err);
	ret = exec(db, "PRAGMA journal_mode = WAL", err);
	if (!ret)
		ret = exec(db, "PRAGMA synchronous = NORMAL", err);
	/* 16 MiB of page cache: bulk ingest then spills to the WAL far less often */
	if (!ret)
		ret = exec(db, "PRAGMA cache_size = -16384", err);
	if (!ret)
		ret = exec(db, "PRAGMA foreign_keys = ON", err);
	if (!ret && have < (int)ioa_schema_nr)
		ret = migrate(db, have, err);
	return ret;
}

int ioa_db_open(struct ioa_db **out, const char *path, int mode, int *created,
		struct ioa_err *err)
{
	struct ioa_db *db;
	struct stat st;
	int exists = stat(path, &st) == 0;
	/* one connection per process, used by one thread: no SQLite mutexes */
	int flags = SQLITE_OPEN_NOMUTEX | (mode == IOA_DB_READ ? SQLITE_OPEN_READONLY
					: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	int ret;

	*out = NULL;
	if (created)
		*created = !exists;
	/* no global allocation statistics: they take a mutex per malloc (fails harmlessly once
	 * SQLite is initialised) */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (!exists && mode == IOA_DB_READ)
		return ioa_error(err, IOA_EIO, "%s: no such database", path);
	db = ioa_xcalloc(1, sizeof(*db));
	db->path = ioa_xstrdup(path);
	if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
		ret = db_fail(db, err, "cannot open database");
		goto fail;
	}
	ret = setup(db, mode, err);
	if (ret)
		goto fail;
	*out = db;
	return 0;
fail:
	ioa_db_close(db);
	return ret;
}

void ioa_db_close(struct ioa_db *db)
{
	int i;

	if (!db)
		return;
	for (i = 0; i < ST__COUNT; i++)
		sqlite3_finalize(db->st[i].s);
	sqlite3_close(db->h);
	free(db->path);
	free(db);
}

int ioa_db_begin(struct ioa_db *db, struct ioa_err *err)
{
	return exec(db, "BEGIN IMMEDIATE", err);
}

int ioa_db_commit(struct ioa_db *db, struct ioa_err *err)
{
	return exec(db, "COMMIT", err);
}

void ioa_db_rollback(struct ioa_db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

int ioa_db_trace_by_sha(struct ioa_db *db, const char *sha256, int64_t *trace_id,
			struct ioa_err *err)
{
	struct dbstmt *s = stmt(db, ST_TRACE_BY_SHA, err);
	int rc;

	*trace_id = 0;
	if (!s)
		return err ? err->code : IOA_EDB;
	bind_text(s, ":sha", sha256);
	rc = sqlite3_step(s->s);
	if (rc == SQLITE_ROW)
		*trace_id = sqlite3_column_int64(s->s, 0);
	sqlite3_reset(s->s);
	sqlite3_clear_bindings(s->s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, err, "cannot look up trace");
	return 0;
}

int ioa_db_trace_insert(struct ioa_db *db, const struct ioa_trace_rec *t, int64_t *trace_id,
			struct ioa_err *err)
{
	struct dbstmt *s = stmt(db, ST_TRACE_INSERT, err);
	int ret;

	if (!s)
		return err ? err->code : IOA_EDB;
	bind_text(s, ":file", t->file);
	bind_text(s, ":sha", t->sha256);
	bind_i64(s, ":size", t->size_bytes);
	bind_text(s, ":format", t->format);
	bind_text_or_null(s, ":version", t->version);
	bind_text_or_null(s, ":compression", t->compression);
	bind_text_or_null(s, ":clock", t->clock);
	bind_i64(s, ":clock_is_ns", t->clock_is_ns);
	bind_i64(s, ":cpus", t->cpus);
	bind_i64_or_null(s, ":long_size", t->long_size, 0);
	bind_text_or_null(s, ":host", t->host);
	bind_i64(s, ":buffers", t->buffers);
	bind_i64_or_null(s, ":host_trace_id", t->host_trace_id, 0);
	bind_text_or_null(s, ":uuid", t->trace_uuid);
	bind_text(s, ":time", t->ingest_time);
	bind_i64(s, ":raw", t->raw);
	ret = step_done(db, s, err, "cannot insert trace");
	if (!ret)
		*trace_id = sqlite3_last_insert_rowid(db->h);
	return ret;
}

int ioa_db_trace_finish(struct ioa_db *db, const struct ioa_trace_rec *t, struct ioa_err *err)
{
	struct dbstmt *s = stmt(db, ST_TRACE_FINISH, err);

	if (!s)
		return err ? err->code : IOA_EDB;
	bind_text_or_null(s, ":clock", t->clock);
	bind_i64(s, ":clock_is_ns", t->clock_is_ns);
	bind_i64(s, ":cpus", t->cpus);
	bind_ts(s, ":first", t->first_ns);
	bind_ts(s, ":last", t->last_ns);
	bind_i64(s, ":events", (int64_t)t->events);
	bind_i64(s, ":lost", (int64_t)t->lost_events);
	bind_i64(s, ":buffers", t->buffers);
	bind_i64(s, ":kvm", t->has_kvm_exit);
	sqlite3_bind_double(s->s, idx(s, ":secs"), t->ingest_seconds);
	bind_text_or_null(s, ":host", t->host);
	bind_text_or_null(s, ":compression", t->compression);
	bind_text_or_null(s, ":version", t->version);
	bind_i64_or_null(s, ":long_size", t->long_size, 0);
	bind_text_or_null(s, ":uuid", t->trace_uuid);
	bind_i64(s, ":id", t->trace_id);
	return step_done(db, s, err, "cannot update trace");
}

int ioa_db_cpu_insert(struct ioa_db *db, int64_t trace_id, const struct ioa_cpu_row *r,
		      struct ioa_err *err)
{
	struct dbstmt *s = stmt(db, ST_CPU, err);

	if (!s)
		return err ? err->code : IOA_EDB;
	bind_i64(s, ":id", trace_id);
	bind_i64(s, ":cpu", r->cpu);
	bind_ts(s, ":first", r->first_ts);
	bind_ts(s, ":last", r->last_ts);
	bind_i64(s, ":events", (int64_t)r->events);
	bind_i64(s, ":idle", (int64_t)r->idle_ns);
	bind_i64(s, ":lost", (int64_t)r->lost);
	return step_done(db, s, err, "cannot insert cpu");
}

int ioa_db_thread_insert(struct ioa_db *db, int64_t trace_id, const struct ioa_thread_row *r,
			 struct ioa_err *err)
{
	struct dbstmt *s = stmt(db, ST_THREAD, err);

	if (!s)
		return err ? err->code : IOA_EDB;
	bind_i64(s, ":id", trace_id);
	bind_i64(s, ":tid", r->tid);
	bind_i64_or_null(s, ":tgid", r->tgid, -1);
	bind_text(s, ":comm", r->comm);
	bind_ts(s, ":first", r->first_ts);
	bind_ts(s, ":last", r->last_ts);
	bind_i64(s, ":run", (int64_t)r->run_ns);
	bind_i64(s, ":vcpu", r->is_vcpu);
	bind_i64(s, ":kthread", r->is_kthread);
	return step_done(db, s, err, "cannot insert thread");
}

int ioa_db_vm_insert(struct ioa_db *db, int64_t trace_id, const struct ioa_vm_row *r,
		     int64_t *vm_id, struct ioa_err *err)
{
	struct dbstmt *s = stmt(db, ST_VM, err);
	int ret;

	if (!s)
		return err ? err->code : IOA_EDB;
	bind_i64(s, ":id", trace_id);
	bind_i64_or_null(s, ":pid", r->host_pid, -1);
	bind_text(s, ":name", r->name);
	bind_text(s, ":source", r->source);
	ret = step_done(db, s, err, "cannot insert vm");
	if (!ret)
		*vm_id = sqlite3_last_insert_rowid(db->h);
	return ret;
}

int ioa_db_vcpu_insert(struct ioa_db *db, int64_t trace_id, int64_t vm_id,
		       const struct ioa_vcpu_row *r, struct ioa_err *err)
{
	struct dbstmt *s = stmt(db, ST_VCPU, err);

	if (!s)
		return err ? err->code : IOA_EDB;
	bind_i64(s, ":vm", vm_id);
	bind_i64(s, ":id", trace_id);
	bind_i64_or_null(s, ":vcpu", r->vcpu, -1);
	bind_i64(s, ":tid", r->tid);
	bind_text(s, ":source", r->source);
	return step_done(db, s, err, "cannot insert vcpu");
}

int ioa_db_segment_insert(struct ioa_db *db, int64_t trace_id, const struct ioa_segment_row *r,
			  struct ioa_err *err)
{
	struct dbstmt *s = stmt(db, ST_SEGMENT, err);

	if (!s)
		return err ? err->code : IOA_EDB;
	bind_i64(s, ":id", trace_id);
	bind_i64(s, ":tid", r->tid);
	bind_i64(s, ":cpu", r->cpu);
	bind_i64(s, ":start", (int64_t)r->start_ns);
	bind_i64(s, ":end", (int64_t)r->end_ns);
	bind_text_or_null(s, ":state", r->end_state);
	bind_ts(s, ":wake", r->wake_ns);
	bind_i64_or_null(s, ":waker", r->waker_tid, -1);
	bind_i64_or_null(s, ":waker_cpu", r->waker_tid < 0 ? -1 : r->waker_cpu, -1);
	bind_i64(s, ":guest", (int64_t)r->guest_ns);
	bind_i64(s, ":exit", (int64_t)r->exit_ns);
	bind_i64(s, ":n_exits", r->n_exits);
	bind_i64(s, ":partial", r->partial);
	return step_done(db, s, err, "cannot insert segment");
}

static const char *isa_name(int isa)
{
	return isa == 1 ? "VMX" : isa == 2 ? "SVM" : NULL;
}

int ioa_db_exit_insert(struct ioa_db *db, int64_t trace_id, const struct ioa_exit_row *r,
		       struct ioa_err *err)
{
	struct dbstmt *s = stmt(db, ST_EXIT, err);

	if (!s)
		return err ? err->code : IOA_EDB;
	bind_i64(s, ":id", trace_id);
	bind_i64(s, ":tid", r->tid);
	bind_i64(s, ":cpu", r->cpu);
	bind_i64_or_null(s, ":vcpu", r->vcpu, -1);
	bind_i64(s, ":ts", (int64_t)r->ts);
	bind_ts(s, ":dur", r->dur_ns);
	bind_text(s, ":source", r->source);
	bind_text_or_null(s, ":isa", isa_name(r->isa));
	bind_i64(s, ":reason", r->reason);
	bind_text(s, ":reason_name", r->reason_name);
	bind_i64_or_null(s, ":port", r->port, -1);
	bind_i64_or_null(s, ":gpa", r->gpa, -1);
	bind_i64_or_null(s, ":rw", r->rw, -1);
	bind_i64_or_null(s, ":size", r->size, 0);
	bind_text_or_null(s, ":category", r->category);
	return step_done(db, s, err, "cannot insert kvm_exit");
}

static const char *const io_kind_names[] = {
	[IOA_IO_BLOCK] = "block",     [IOA_IO_NET_TX] = "net_tx",   [IOA_IO_NET_RX] = "net_rx",
	[IOA_IO_IRQ] = "irq",	      [IOA_IO_SOFTIRQ] = "softirq", [IOA_IO_KVM_IRQ] = "kvm_irq",
};

int ioa_db_io_insert(struct ioa_db *db, int64_t trace_id, const struct ioa_io_row *r,
		     struct ioa_err *err)
{
	struct dbstmt *s = stmt(db, ST_IO, err);
	int block = r->kind == IOA_IO_BLOCK;

	if (!s)
		return err ? err->code : IOA_EDB;
	if (r->kind <= 0 || r->kind >= (int)IOA_ARRAY_SIZE(io_kind_names))
		return ioa_error(err, IOA_EINTERNAL, "io row of unknown kind %d", r->kind);
	bind_i64(s, ":id", trace_id);
	bind_text(s, ":kind", io_kind_names[r->kind]);
	bind_i64_or_null(s, ":tid", r->tid, -1);
	bind_i64(s, ":cpu", r->cpu);
	bind_i64(s, ":ts", (int64_t)r->ts);
	bind_ts(s, ":end", r->end_ts);
	bind_text_or_null(s, ":dev", r->dev);
	bind_i64_or_null(s, ":num", r->num, -1);
	if (block)
		bind_i64(s, ":sector", (int64_t)r->sector);
	if (block || r->kind == IOA_IO_NET_TX || r->kind == IOA_IO_NET_RX)
		bind_i64(s, ":bytes", (int64_t)r->bytes);
	bind_text_or_null(s, ":rwbs", r->rwbs);
	bind_i64_or_null(s, ":ctid", block ? r->complete_tid : -1, -1);
	return step_done(db, s, err, "cannot insert io");
}

int ioa_db_event_count_insert(struct ioa_db *db, int64_t trace_id, const char *name,
			      uint64_t count, struct ioa_err *err)
{
	struct dbstmt *s = stmt(db, ST_EVCOUNT, err);

	if (!s)
		return err ? err->code : IOA_EDB;
	bind_i64(s, ":id", trace_id);
	bind_text(s, ":name", name);
	bind_i64(s, ":count", (int64_t)count);
	return step_done(db, s, err, "cannot insert event count");
}

int ioa_db_warning_insert(struct ioa_db *db, int64_t trace_id, int seq, const char *msg,
			  struct ioa_err *err)
{
	struct dbstmt *s = stmt(db, ST_WARNING, err);

	if (!s)
		return err ? err->code : IOA_EDB;
	bind_i64(s, ":id", trace_id);
	bind_i64(s, ":seq", seq);
	bind_text(s, ":msg", msg);
	return step_done(db, s, err, "cannot insert warning");
}

int ioa_db_event_insert(struct ioa_db *db, int64_t trace_id, uint64_t ts, int cpu, int tid,
			const char *name, const char *fields, struct ioa_err *err)
{
	struct dbstmt *s = stmt(db, ST_EVENT, err);

	if (!s)
		return err ? err->code : IOA_EDB;
	bind_i64(s, ":id", trace_id);
	bind_i64(s, ":ts", (int64_t)ts);
	bind_i64(s, ":cpu", cpu);
	bind_i64(s, ":tid", tid);
	bind_text(s, ":name", name);
	bind_text_or_null(s, ":fields", fields);
	return step_done(db, s, err, "cannot insert event");
}

static void col_text(char *dst, size_t size, sqlite3_stmt *s, int col)
{
	const unsigned char *v = sqlite3_column_text(s, col);

	ioa_strlcpy(dst, v ? (const char *)v : "", size);
}

static uint64_t col_ts(sqlite3_stmt *s, int col)
{
	if (sqlite3_column_type(s, col) == SQLITE_NULL)
		return IOA_TS_NONE;
	return (uint64_t)sqlite3_column_int64(s, col);
}

static void read_trace(sqlite3_stmt *s, struct ioa_trace_rec *t)
{
	memset(t, 0, sizeof(*t));
	t->trace_id = sqlite3_column_int64(s, 0);
	col_text(t->file, sizeof(t->file), s, 1);
	col_text(t->sha256, sizeof(t->sha256), s, 2);
	t->size_bytes = sqlite3_column_int64(s, 3);
	col_text(t->format, sizeof(t->format), s, 4);
	col_text(t->version, sizeof(t->version), s, 5);
	col_text(t->compression, sizeof(t->compression), s, 6);
	col_text(t->clock, sizeof(t->clock), s, 7);
	t->clock_is_ns = sqlite3_column_int(s, 8);
	t->cpus = sqlite3_column_int(s, 9);
	t->long_size = sqlite3_column_int(s, 10);
	col_text(t->host, sizeof(t->host), s, 11);
	t->first_ns = col_ts(s, 12);
	t->last_ns = col_ts(s, 13);
	t->events = (uint64_t)sqlite3_column_int64(s, 14);
	t->lost_events = (uint64_t)sqlite3_column_int64(s, 15);
	t->buffers = sqlite3_column_int(s, 16);
	t->has_kvm_exit = sqlite3_column_int(s, 17);
	t->host_trace_id = sqlite3_column_int64(s, 18);
	col_text(t->trace_uuid, sizeof(t->trace_uuid), s, 19);
	col_text(t->ingest_time, sizeof(t->ingest_time), s, 20);
	t->ingest_seconds = sqlite3_column_double(s, 21);
	t->raw = sqlite3_column_int(s, 22);
	t->n_vms = sqlite3_column_int(s, 23);
	t->n_vcpus = sqlite3_column_int(s, 24);
	t->n_segments = sqlite3_column_int64(s, 25);
	t->n_threads = sqlite3_column_int64(s, 26);
}

/* run a query row by row; @row returns non-zero to stop */
static int query(struct ioa_db *db, enum stmt_id id, int64_t trace_id,
		 int (*row)(sqlite3_stmt *s, void *ctx), void *ctx, struct ioa_err *err)
{
	struct dbstmt *s = stmt(db, id, err);
	int rc, stop = 0;

	if (!s)
		return err ? err->code : IOA_EDB;
	if (idx(s, ":id"))
		bind_i64(s, ":id", trace_id);
	while (!stop && (rc = sqlite3_step(s->s)) == SQLITE_ROW)
		stop = row(s->s, ctx);
	sqlite3_reset(s->s);
	sqlite3_clear_bindings(s->s);
	if (!stop && rc != SQLITE_DONE)
		return db_fail(db, err, "cannot read");
	return 0;
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

	return query(db, ST_TRACES, 0, trace_row, &c, err);
}

static int count_row(sqlite3_stmt *s, void *ctx)
{
	struct cb_ctx *c = ctx;
	int (*fn)(void *, const char *, uint64_t) = c->fn;

	return fn(c->priv, (const char *)sqlite3_column_text(s, 0),
		  (uint64_t)sqlite3_column_int64(s, 1));
}

int ioa_db_event_counts_foreach(struct ioa_db *db, int64_t trace_id,
				int (*cb)(void *priv, const char *name, uint64_t count),
				void *priv, struct ioa_err *err)
{
	struct cb_ctx c = { priv, (void *)cb };

	return query(db, ST_COUNTS, trace_id, count_row, &c, err);
}

static int warning_row(sqlite3_stmt *s, void *ctx)
{
	struct cb_ctx *c = ctx;
	int (*fn)(void *, const char *) = c->fn;

	return fn(c->priv, (const char *)sqlite3_column_text(s, 0));
}

int ioa_db_warnings_foreach(struct ioa_db *db, int64_t trace_id,
			    int (*cb)(void *priv, const char *msg), void *priv,
			    struct ioa_err *err)
{
	struct cb_ctx c = { priv, (void *)cb };

	return query(db, ST_WARNINGS, trace_id, warning_row, &c, err);
}

static int vm_row(sqlite3_stmt *s, void *ctx)
{
	struct cb_ctx *c = ctx;
	int (*fn)(void *, const struct ioa_vm_row *, int) = c->fn;
	struct ioa_vm_row vm;

	memset(&vm, 0, sizeof(vm));
	vm.vm_id = sqlite3_column_int(s, 0);
	vm.host_pid = sqlite3_column_type(s, 1) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 1);
	col_text(vm.name, sizeof(vm.name), s, 2);
	col_text(vm.source, sizeof(vm.source), s, 3);
	return fn(c->priv, &vm, sqlite3_column_int(s, 4));
}

int ioa_db_vms_foreach(struct ioa_db *db, int64_t trace_id,
		       int (*cb)(void *priv, const struct ioa_vm_row *vm, int n_vcpus),
		       void *priv, struct ioa_err *err)
{
	struct cb_ctx c = { priv, (void *)cb };

	return query(db, ST_VMS, trace_id, vm_row, &c, err);
}
