/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The db module, classify part: what `ioaware classify` reads (threads, segments, exits and
 * I/O of one trace, each streamed in one sequential pass) and writes
 * (one classification row per vCPU segment, one classify_run row per trace). The row structs
 * are plain data: analyzer/classify.c works on them without knowing SQL.
 * All functions return 0 or IOA_E*; a callback returning non-zero stops the walk.
 */
#ifndef IOA_DB_CLASSIFY_H
#define IOA_DB_CLASSIFY_H

#include <stdint.h>

#include "db.h"

/* a thread of the trace, with its VM when it runs a vCPU */
struct ioa_cls_thread {
	int tid;
	int tgid; /* -1 unknown */
	int is_kthread;
	int64_t vm_id; /* 0: not a vCPU thread */
	int vcpu;      /* vCPU index, -1 unknown */
};

/* @n wake-ups of @tid by @waker (segment.waker_tid), aggregated over the trace */
struct ioa_cls_edge {
	int tid;
	int waker;
	int n;
};

/* a run segment of a vCPU thread */
struct ioa_cls_seg {
	int64_t id; /* segment_id */
	int tid;
	int cpu;
	uint64_t start;
	uint64_t end;
	uint64_t wake_ns; /* IOA_TS_NONE unknown */
	int waker_tid;	  /* -1 unknown */
	int waker_cpu;	  /* -1 unknown */
};

/* a VM exit (kvm_exit row) */
struct ioa_cls_exit {
	int tid;
	uint64_t ts;
	uint64_t dur;	   /* IOA_TS_NONE: no kvm_entry, duration unknown */
	int64_t port;	   /* -1 none */
	int64_t gpa;	   /* -1 none */
	char category[12]; /* as ingest stored it, "" none */
	char reason[32];   /* reason_name: EXTERNAL_INTERRUPT, npf, KVM_EXIT_IO, ... */
	char irqs[96];	   /* host interrupt exits: the host IRQ handlers in the span, '|' apart */
};

/* an io row; kind is enum ioa_io_kind (rows.h) */
struct ioa_cls_io {
	int kind;
	int tid; /* -1 unknown */
	int cpu;
	uint64_t ts;
	uint64_t end; /* IOA_TS_NONE not seen */
	char dev[32];
	uint64_t bytes;
	int complete_tid; /* -1 */
};

/*
 * an io row of a guest trace ingested with this host trace (block, net_tx, net_rx, irq), on
 * the host clock, with the host thread that ran its guest CPU (guest_vcpu.host_tid)
 */
struct ioa_cls_guest_io {
	int host_tid;
	int guest_cpu;
	struct ioa_cls_io io; /* tid is the guest's thread */
};

/* what classify stores for one segment */
struct ioa_cls_out {
	int64_t segment_id;
	const char *category; /* in context */
	double util_pct;
	double confidence;
	const char *evidence;	  /* JSON */
	const char *own_category; /* the segment alone */
	double own_util_pct;
	double own_confidence;
	const char *own_evidence; /* JSON */
};

int ioa_db_cls_threads_foreach(struct ioa_db *db, int64_t trace_id,
			       int (*cb)(void *priv, const struct ioa_cls_thread *t), void *priv,
			       struct ioa_err *err);
/* every segment of the trace (vCPU or not), in storage order */
int ioa_db_cls_segments_foreach(struct ioa_db *db, int64_t trace_id,
				int (*cb)(void *priv, const struct ioa_cls_seg *s), void *priv,
				struct ioa_err *err);
/* exits in stored order (close to time order: see 001_ingest.sql) */
int ioa_db_cls_exits_foreach(struct ioa_db *db, int64_t trace_id,
			     int (*cb)(void *priv, const struct ioa_cls_exit *e), void *priv,
			     struct ioa_err *err);
/* io rows in storage order: time order within a block request's latency */
int ioa_db_cls_io_foreach(struct ioa_db *db, int64_t trace_id,
			  int (*cb)(void *priv, const struct ioa_cls_io *io), void *priv,
			  struct ioa_err *err);

/* guest io rows on the vCPUs of host trace @trace_id: guest traces whose host_trace_id it is,
 * rows joined with guest_vcpu by (guest trace, cpu); no order */
int ioa_db_cls_guest_io_foreach(struct ioa_db *db, int64_t trace_id,
				int (*cb)(void *priv, const struct ioa_cls_guest_io *g), void *priv,
				struct ioa_err *err);

/* a 128 MiB page cache for this connection: classify reads each table of a trace once */
int ioa_db_cls_tune(struct ioa_db *db, struct ioa_err *err);

/* inside a transaction: drop the trace's classification rows (re-running replaces) */
int ioa_db_cls_clear(struct ioa_db *db, int64_t trace_id, struct ioa_err *err);
/* @n labels (IOA_DB_BULK_ROWS to a statement run: pass that many when there are) */
int ioa_db_cls_insert(struct ioa_db *db, const struct ioa_cls_out *o, size_t n,
		      struct ioa_err *err);
/* one classify_run row: @params JSON, wall seconds, segments classified */
int ioa_db_cls_run_insert(struct ioa_db *db, int64_t trace_id, const char *params, double seconds,
			  int64_t segments, struct ioa_err *err);

/* one row of vcpu_segments for `show segments` */
struct ioa_cls_show {
	int64_t segment_id;
	int64_t trace_id;
	int64_t vm_id;
	int vcpu; /* -1 NULL */
	int tid;
	int cpu;
	uint64_t start_ns;
	uint64_t end_ns;
	char category[12]; /* "" unclassified */
	double util_pct;
	double confidence;
	char own_category[12];
	char evidence[512];
};

/* filter of show segments: 0 / NULL / "" mean "any" */
struct ioa_cls_filter {
	int64_t trace_id;
	int64_t vm_id;
	const char *category;
	int64_t limit; /* <= 0: no limit */
};

int ioa_db_cls_show_foreach(struct ioa_db *db, const struct ioa_cls_filter *f,
			    int (*cb)(void *priv, const struct ioa_cls_show *r), void *priv,
			    struct ioa_err *err);

/* trace ids of the database, or only @trace_id when it exists (*found counts them) */
int ioa_db_cls_traces(struct ioa_db *db, int64_t trace_id,
		      int (*cb)(void *priv, int64_t trace_id, int64_t host_trace_id), void *priv,
		      struct ioa_err *err);

#endif
