/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The tasks side file of a recorded trace: tid → tgid, comm and command line of the threads of
 * VMM processes, read from /proc while the trace was recorded (a trace.dat does not carry the
 * thread group). `ioaware record` writes it beside the trace as FILE.dat.tasks.tsv; ingest reads
 * it back (also under the name FILE.tasks.tsv that traces/capture.sh writes) so that the vCPU
 * threads of one process become one VM.
 *
 * Format: tab-separated, one header line naming the columns (tid, tgid, comm, cmdline in any
 * order; other columns such as capture.sh's "phase" are ignored), then one row per thread.
 * Lines starting with '#' are comments; "# warning: TEXT" lines carry a warning of the
 * recording (events the kernel lacked) that ingest stores with the trace.
 */
#ifndef IOA_TASKS_H
#define IOA_TASKS_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"
#include "rows.h"

struct ioa_task_info {
	int tid;
	int tgid;
	char comm[IOA_ROW_COMM];
	char *cmdline; /* owned; "" when unknown (kernel thread, exited) */
};

struct ioa_tasks {
	struct ioa_task_info *v; /* one per tid, in insertion order */
	size_t n, alloc;
	char **warnings; /* owned strings */
	size_t nr_warnings, alloc_warnings;
};

void ioa_tasks_init(struct ioa_tasks *t);
void ioa_tasks_release(struct ioa_tasks *t);

/**
 * ioa_tasks_put() - add a thread, or update the one with the same tid (tgid, and comm and
 * cmdline when not empty: a later snapshot knows the thread's final name)
 */
void ioa_tasks_put(struct ioa_tasks *t, int tid, int tgid, const char *comm, const char *cmdline);

/** ioa_tasks_warn() - add a warning line (copied) */
void ioa_tasks_warn(struct ioa_tasks *t, const char *msg);

/**
 * ioa_tasks_parse() - parse the text of a tasks file into @t (appends)
 * @name: file name for messages
 * Returns 0, or IOA_EINPUT ("NAME:LINE: ...") on a missing header column or a bad row.
 */
int ioa_tasks_parse(struct ioa_tasks *t, const char *text, size_t len, const char *name,
		    struct ioa_err *err);

/** ioa_tasks_load() - read and parse file @path. Returns 0, IOA_EIO or IOA_EINPUT. */
int ioa_tasks_load(struct ioa_tasks *t, const char *path, struct ioa_err *err);

/** ioa_tasks_write() - write @t in the format above. Returns 0 or IOA_EIO. */
int ioa_tasks_write(const struct ioa_tasks *t, FILE *out);

/**
 * ioa_tasks_side_path() - the tasks file of trace @trace_path that exists:
 * "TRACE.tasks.tsv", else TRACE without its ".dat" + ".tasks.tsv"
 * Returns 1 with the path in @buf, 0 when neither exists.
 */
int ioa_tasks_side_path(char *buf, size_t size, const char *trace_path);

/* qemu*, firecracker, cloud-hypervisor, crosvm (process comm, at most 15 characters) */
int ioa_tasks_is_vmm_comm(const char *comm);

/* a QEMU vCPU thread name: "CPU <n>/KVM" or "CPU <n>/TCG" */
int ioa_tasks_is_vcpu_comm(const char *comm);

/**
 * ioa_tasks_scan_proc() - add every thread of the VMM processes under @proc ("/proc"): those
 * whose comm is a VMM's, or that have a vCPU-named thread, plus process @extra_pid (> 0: the
 * command being recorded) and its direct children. Processes that vanish mid-scan are skipped.
 * Returns the number of processes added.
 */
int ioa_tasks_scan_proc(struct ioa_tasks *t, const char *proc, int extra_pid);

/* every thread of process @pid (the recorded command, scanned often). Returns 1, 0 if gone. */
int ioa_tasks_scan_pid(struct ioa_tasks *t, const char *proc, int pid);

#endif
