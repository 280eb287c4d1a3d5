/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The db module, guest part: what the guest task profiles read (a guest trace's threads, the
 * guests of a host trace and their vCPU map) and write (guest_task, guest_task_io,
 * guest_clock), and the listing of `ioaware show tasks`. The row structs are plain data:
 * analyzer/guest_tasks.c works on them without knowing SQL.
 * All functions return 0 or IOA_E*; a callback returning non-zero stops the walk.
 */
#ifndef IOA_DB_GUEST_H
#define IOA_DB_GUEST_H

#include <stdint.h>

#include "db.h"

/* a thread of a guest trace */
struct ioa_gt_thread {
	int tid;
	int is_kthread;
	char comm[16];
};

#define IOA_GT_MAX_IO 8

/* a guest task's I/O in one component */
struct ioa_gt_io_row {
	char category[12];
	uint64_t io_ns;
	uint64_t events;
	uint64_t bytes;
	double share;
	double util_pct;
};

/* one guest task's profile as stored (analyzer/guest_tasks.h makes it) */
struct ioa_gt_task_row {
	int64_t trace_id; /* guest trace */
	int tid;
	char comm[16];
	int is_kthread;
	uint64_t run_ns;
	uint64_t io_ns;	   /* all categories */
	char category[12]; /* RAM .. CACHE, COMPUTE */
	double share;
	int nio;
	struct ioa_gt_io_row io[IOA_GT_MAX_IO];
};

int ioa_db_gt_threads_foreach(struct ioa_db *db, int64_t trace_id,
			      int (*cb)(void *priv, const struct ioa_gt_thread *t), void *priv,
			      struct ioa_err *err);
/* guest traces recorded with host trace @host_trace_id */
int ioa_db_gt_guests_foreach(struct ioa_db *db, int64_t host_trace_id,
			     int (*cb)(void *priv, int64_t guest_trace_id), void *priv,
			     struct ioa_err *err);
/* the guest CPUs of guest trace @guest_trace_id and the host threads running them */
int ioa_db_gt_vcpus_foreach(struct ioa_db *db, int64_t guest_trace_id,
			    int (*cb)(void *priv, int guest_cpu, int host_tid), void *priv,
			    struct ioa_err *err);
/* the vCPU threads of host trace @trace_id: (vm_id, vcpu index, tid), by VM and index */
int ioa_db_gt_host_vcpus_foreach(struct ioa_db *db, int64_t trace_id,
				 int (*cb)(void *priv, int64_t vm_id, int vcpu, int tid),
				 void *priv, struct ioa_err *err);

/* the run segments of host thread @tid of trace @trace_id, in start order */
int ioa_db_gt_runs_foreach(struct ioa_db *db, int64_t trace_id, int tid,
			   int (*cb)(void *priv, uint64_t start, uint64_t end), void *priv,
			   struct ioa_err *err);

/* inside a transaction: replace the profiles of guest trace @trace_id */
int ioa_db_gt_clear(struct ioa_db *db, int64_t trace_id, struct ioa_err *err);
int ioa_db_gt_insert(struct ioa_db *db, const struct ioa_gt_task_row *r, struct ioa_err *err);

/* how a guest trace was put on its host's clock (table guest_clock) */
struct ioa_gt_clock {
	int64_t guest_trace_id;
	int64_t host_trace_id;
	int64_t offset_ns;
	const char *method; /* "markers" or "option" */
	int pairs;
	int64_t spread_ns; /* -1 unknown */
	int refined;	   /* refine_ns and the shares below are known */
	int64_t refine_ns;
	double inside_pct, marker_inside_pct;
};

int ioa_db_gt_clock_insert(struct ioa_db *db, const struct ioa_gt_clock *c, struct ioa_err *err);

/* the stored profiles, by trace and tid (@trace_id 0: every guest trace) */
int ioa_db_gt_show_foreach(struct ioa_db *db, int64_t trace_id,
			   int (*cb)(void *priv, const struct ioa_gt_task_row *r), void *priv,
			   struct ioa_err *err);

#endif
