/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The db module: the only code that talks to SQLite. Every statement is prepared once per
 * connection and bound by :name; DDL comes from the schema/ SQL files embedded at build time and is
 * applied by migration on open (PRAGMA user_version). All functions return 0 or IOA_E*.
 */
#ifndef IOA_DB_H
#define IOA_DB_H

#include <stdint.h>

#include "error.h"
#include "rows.h"

struct ioa_db;

/* a trace row as stored (also what `info` reads back) */
struct ioa_trace_rec {
	int64_t trace_id;
	char file[1024];
	char sha256[65];
	int64_t size_bytes;
	char format[32];
	char version[16];
	char compression[32];
	char clock[32];
	int clock_is_ns;
	int cpus;
	int long_size;
	char host[128];
	uint64_t first_ns; /* IOA_TS_NONE when no event */
	uint64_t last_ns;
	uint64_t events;
	uint64_t lost_events;
	int buffers;
	int has_kvm_exit;
	int64_t host_trace_id; /* 0 none */
	char trace_uuid[32];
	char ingest_time[32];
	double ingest_seconds;
	int raw;
	/* filled by readers of the database only */
	int n_vms;
	int n_vcpus;
	int64_t n_segments;
	int64_t n_threads;
};

enum ioa_db_mode {
	IOA_DB_READ = 0,   /* must exist; no migration */
	IOA_DB_WRITE = 1,  /* created and migrated as needed */
	IOA_DB_UPDATE = 2, /* must exist; migrated as needed (stages after ingest) */
};

/**
 * ioa_db_open() - open (and for IOA_DB_WRITE create/migrate) a database
 * @out: the new handle, freed with ioa_db_close()
 * @created: set to 1 when the file did not exist before (may be NULL)
 *
 * WAL mode and a busy timeout let concurrent ingests into one file both land.
 * Errors: IOA_EDB (not a database, newer schema, read-only), IOA_EBUSY, IOA_EIO.
 */
int ioa_db_open(struct ioa_db **out, const char *path, int mode, int *created, struct ioa_err *err);
void ioa_db_close(struct ioa_db *db);

/** ioa_db_unlink() - remove a database file and its -wal/-shm (missing files are fine) */
void ioa_db_unlink(const char *path);
int ioa_db_schema_version(void);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK: one ingest is one transaction */
int ioa_db_begin(struct ioa_db *db, struct ioa_err *err);
int ioa_db_commit(struct ioa_db *db, struct ioa_err *err);
/* a new database no one else sees: fill it without a log (before begin); back to WAL after
 * the commit */
int ioa_db_bulk_start(struct ioa_db *db, struct ioa_err *err);
int ioa_db_bulk_end(struct ioa_db *db, struct ioa_err *err);
void ioa_db_rollback(struct ioa_db *db);
/*
 * Foreign-key enforcement on or off (outside a transaction only). Ingest turns it off: every
 * row it writes carries the id of a trace (or VM) row it inserted itself in the same
 * transaction, and the checks tripled the cost of each bulk row (each new segment is also
 * looked up in the tables that refer to segments).
 */
int ioa_db_foreign_keys(struct ioa_db *db, int on, struct ioa_err *err);
/*
 * Inside the ingest transaction: the secondary indexes of the bulk tables (segment, kvm_exit,
 * io, event) that hold no row yet are dropped, and ioa_db_indexes_restore() creates them again
 * before the commit. One sort per index at the end costs a fraction of keeping it up to date
 * through a million random b-tree inserts. A table that already holds other traces' rows keeps
 * its indexes (rebuilding would sort those rows too). A rollback brings the indexes back.
 * While indexes are deferred the connection keeps a small page cache (appends need few
 * pages; CREATE INDEX sorts in runs of the cache's size), and the restore sets it back.
 */
int ioa_db_indexes_defer(struct ioa_db *db, struct ioa_err *err);
int ioa_db_indexes_restore(struct ioa_db *db, struct ioa_err *err);

/* trace_id of a trace with this content hash, 0 when none */
int ioa_db_trace_by_sha(struct ioa_db *db, const char *sha256, int64_t *trace_id,
			struct ioa_err *err);
int ioa_db_trace_insert(struct ioa_db *db, const struct ioa_trace_rec *t, int64_t *trace_id,
			struct ioa_err *err);
/* store the figures known only at the end of the file */
int ioa_db_trace_finish(struct ioa_db *db, const struct ioa_trace_rec *t, struct ioa_err *err);

int ioa_db_cpu_insert(struct ioa_db *db, int64_t trace_id, const struct ioa_cpu_row *r,
		      struct ioa_err *err);
int ioa_db_thread_insert(struct ioa_db *db, int64_t trace_id, const struct ioa_thread_row *r,
			 struct ioa_err *err);
/* @vm_id: out, the database id of the VM */
int ioa_db_vm_insert(struct ioa_db *db, int64_t trace_id, const struct ioa_vm_row *r,
		     int64_t *vm_id, struct ioa_err *err);
int ioa_db_vcpu_insert(struct ioa_db *db, int64_t trace_id, int64_t vm_id,
		       const struct ioa_vcpu_row *r, struct ioa_err *err);
/*
 * The bulk rows: @n rows of one trace, IOA_DB_BULK_ROWS to a multi-row INSERT (one statement
 * run per batch instead of per row). Within one transaction of one connection the rows get
 * consecutive rowids, the last one ioa_db_last_rowid().
 */
#define IOA_DB_BULK_ROWS 64
int ioa_db_segments_insert(struct ioa_db *db, int64_t trace_id, const struct ioa_segment_row *r,
			   int n, struct ioa_err *err);
int ioa_db_exits_insert(struct ioa_db *db, int64_t trace_id, const struct ioa_exit_row *r, int n,
			struct ioa_err *err);
int ioa_db_ios_insert(struct ioa_db *db, int64_t trace_id, const struct ioa_io_row *r, int n,
		      struct ioa_err *err);
int ioa_db_event_count_insert(struct ioa_db *db, int64_t trace_id, const char *name, uint64_t count,
			      struct ioa_err *err);
int ioa_db_warning_insert(struct ioa_db *db, int64_t trace_id, int seq, const char *msg,
			  struct ioa_err *err);
int ioa_db_event_insert(struct ioa_db *db, int64_t trace_id, uint64_t ts, int cpu, int tid,
			const char *name, const char *fields, struct ioa_err *err);
/* the rowid of the last row inserted through @db (segment, exit, io or event) */
int64_t ioa_db_last_rowid(struct ioa_db *db);
/* @tbl ("segment", "kvm_exit", "io", "event"): the trace's rows there are rowids @lo..@hi
 * (lo = hi + 1: none) */
int ioa_db_trace_rows_insert(struct ioa_db *db, int64_t trace_id, const char *tbl, int64_t lo,
			     int64_t hi, struct ioa_err *err);
/* guest CPU @guest_cpu of trace @guest_trace_id runs on host thread @host_tid */
int ioa_db_guest_vcpu_insert(struct ioa_db *db, int64_t guest_trace_id, int guest_cpu,
			     int64_t host_trace_id, int host_tid, const char *guest_name,
			     struct ioa_err *err);

/* Readers for `info`: the callback returns non-zero to stop. */
int ioa_db_traces_foreach(struct ioa_db *db, int (*cb)(void *priv, const struct ioa_trace_rec *t),
			  void *priv, struct ioa_err *err);
int ioa_db_event_counts_foreach(struct ioa_db *db, int64_t trace_id,
				int (*cb)(void *priv, const char *name, uint64_t count), void *priv,
				struct ioa_err *err);
int ioa_db_warnings_foreach(struct ioa_db *db, int64_t trace_id,
			    int (*cb)(void *priv, const char *msg), void *priv,
			    struct ioa_err *err);
/* one call per VM: its name, host pid (-1), grouping source and vCPU count */
int ioa_db_vms_foreach(struct ioa_db *db, int64_t trace_id,
		       int (*cb)(void *priv, const struct ioa_vm_row *vm, int n_vcpus), void *priv,
		       struct ioa_err *err);

#endif
