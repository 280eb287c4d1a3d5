/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Live capture: `ioaware record`. Events are recorded in a tracefs instance of our own
 * ("ioaware-<pid>"), so the top-level tracing state (set_event, buffer_size_kb, tracing_on,
 * current_tracer) is never touched, and destroying the instance at the end — also after an
 * error or a stop signal — is the whole restore. The per-CPU ring-buffer pages are drained into
 * temp files while recording, then assembled into a trace.dat (v7, compressed when libtracecmd
 * can) with libtracecmd's output API. Beside it goes the tasks file (analyzer/tasks.h).
 * This module is the one adapter of libtracefs.
 */
#ifndef IOA_RECORD_H
#define IOA_RECORD_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "util.h"

/* TRACEPOINTS.md's events: what classify and ingest use */
#define IOA_RECORD_DEFAULT_EVENTS                                                                  \
	"sched:sched_switch,sched:sched_wakeup,sched:sched_waking,sched:sched_wakeup_new,"         \
	"sched:sched_migrate_task,task:task_rename,kvm:*,block:block_rq_issue,"                    \
	"block:block_rq_complete,net:net_dev_xmit,net:netif_receive_skb,"                          \
	"irq:irq_handler_entry,irq:irq_handler_exit,irq:softirq_entry,irq:softirq_exit"

#define IOA_RECORD_TRACEFS_MSG                                                                     \
	"tracefs not found at /sys/kernel/tracing: mount -t tracefs nodev /sys/kernel/tracing, "   \
	"and run as root"

struct ioa_record_opts {
	const char *output; /* trace.dat to write; FILE.tasks.tsv goes beside it */
	double duration;    /* seconds; 0: until *stop or the command ends */
	int buffer_kb;	    /* per-CPU ring buffer in KiB; 0: the kernel's default */
	const char *events; /* "sys:event,sys:*,..."; NULL: IOA_RECORD_DEFAULT_EVENTS */
	char *const *argv;  /* command run while recording (NULL: none) */
	const volatile sig_atomic_t *stop; /* set by a signal handler: stop recording */
	const struct ioa_log *log;
};

struct ioa_record_result {
	int cpus;
	int enabled;	    /* events (or whole systems) enabled */
	char missing[1024]; /* ones this kernel lacks, comma-separated, "" none */
	char instance[64];  /* tracefs instance used */
	uint64_t bytes;	    /* raw ring-buffer data, all CPUs */
	uint64_t lost;	    /* overrun + dropped events, all CPUs */
	int tasks;	    /* threads in the tasks file */
	char tasks_path[4096];
	double seconds; /* tracing on → off */
	int cmd_status; /* wait status of the command; -1 no command */
	int stopped;	/* stopped by *stop (signal), not by duration/command */
};

/**
 * ioa_record() - record until the duration elapses, *opts->stop is set or the command exits
 * @res: out
 * Returns 0, IOA_ENV (no tracefs / not root: IOA_RECORD_TRACEFS_MSG; a tracefs call failed),
 * IOA_EUSAGE (a malformed event name), IOA_EIO (the output cannot be written) with the message
 * in @err. Every path removes the tracefs instance and the temp files; on error no output file
 * is left behind.
 */
int ioa_record(struct ioa_record_result *res, const struct ioa_record_opts *opts,
	       struct ioa_err *err);

/**
 * ioa_record_split_event() - "sys:event" → @sys, @event ("*" or "" for the whole system)
 * Returns 0, or IOA_EUSAGE when @item is not of that form (names: [A-Za-z0-9_]).
 */
int ioa_record_split_event(char *sys, size_t sys_size, char *event, size_t event_size,
			   const char *item, struct ioa_err *err);

/**
 * ioa_record_tasks_path() - the tasks file written beside @output: "OUTPUT.tasks.tsv"
 */
void ioa_record_tasks_path(char *buf, size_t size, const char *output);

#endif
