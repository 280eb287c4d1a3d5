/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The derived model: one streaming pass over struct ioa_event (any reader) that produces
 * threads, run segments, vCPUs, VMs, KVM exits, block/net/irq I/O and per-event-type counts.
 * Pure C: no trace library, no database. Finished segments/exits/io rows leave through a
 * struct ioa_row_sink as soon as they close, so memory stays flat in trace length; the small
 * per-entity tables (threads, CPUs, VMs, vCPUs, counts, warnings) are read after finish.
 */
#ifndef IOA_MODEL_H
#define IOA_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "rows.h"

struct ioa_model;

/* --vm NAME=TID,TID… : these threads are the vCPUs (in this order) of VM NAME */
struct ioa_vm_override {
	char name[64];
	int *tids;
	int nr_tids;
	const char *source; /* vm.source / vcpu.source: NULL = "override"; "guest-map" */
};

struct ioa_model_opts {
	const struct ioa_vm_override *vms;
	int nr_vms;
};

struct ioa_event_count {
	const char *name; /* owned by the model */
	uint64_t count;
};

/**
 * ioa_model_new() - a model that sends finished rows to @sink
 * @sink: copied; its callbacks may be NULL to drop a row type
 * @opts: may be NULL; copied
 * Free with ioa_model_free().
 */
struct ioa_model *ioa_model_new(const struct ioa_row_sink *sink, const struct ioa_model_opts *opts);
void ioa_model_free(struct ioa_model *m);

/**
 * ioa_model_add_vm() - one more VM override (copied), applied at ioa_model_finish(): a
 * trace-cmd guest map, known once the files are open, uses it like --vm
 */
void ioa_model_add_vm(struct ioa_model *m, const struct ioa_vm_override *o);

/**
 * ioa_model_feed() - account one event (every event, modelled or not, is counted)
 * Returns 0, or the first non-zero value a sink callback returned.
 */
int ioa_model_feed(struct ioa_model *m, const struct ioa_event *ev);

/** ioa_model_lost() - @count events lost on @cpu at @ts (counted, segments there are cut) */
void ioa_model_lost(struct ioa_model *m, int cpu, uint64_t ts, uint64_t count);

/**
 * ioa_model_set_tgid() - thread @tid belongs to process @tgid (from a side file such as the
 * tasks file of `ioaware record`: trace.dat does not carry the tgid); @comm is used when the
 * trace gave the thread no name. Call after the events are fed and before ioa_model_finish():
 * tids not in the trace are ignored, so no thread row is made for them.
 */
void ioa_model_set_tgid(struct ioa_model *m, int tid, int tgid, const char *comm);

/** ioa_model_warn() - add a warning to the list stored with the trace */
void ioa_model_warn(struct ioa_model *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/**
 * ioa_model_finish() - end of input: close open segments/exits/io at the end of each CPU's
 * data (marked partial), group vCPUs into VMs, raise warnings about what was missing.
 * Returns 0 or a sink error.
 */
int ioa_model_finish(struct ioa_model *m);

/* Results, valid after ioa_model_finish() until ioa_model_free(). Arrays are model-owned. */
size_t ioa_model_threads(const struct ioa_model *m, const struct ioa_thread_row **out);
size_t ioa_model_cpus(const struct ioa_model *m, const struct ioa_cpu_row **out);
size_t ioa_model_vms(const struct ioa_model *m, const struct ioa_vm_row **out);
size_t ioa_model_vcpus(const struct ioa_model *m, const struct ioa_vcpu_row **out);
/* sorted by name */
size_t ioa_model_counts(const struct ioa_model *m, const struct ioa_event_count **out);
size_t ioa_model_warnings(const struct ioa_model *m, const char *const **out);

/* Totals over the events fed so far. */
struct ioa_model_totals {
	uint64_t events;
	uint64_t first_ts; /* IOA_TS_NONE when no event */
	uint64_t last_ts;
	uint64_t lost;
	int max_cpu;	  /* -1 when no event */
	int has_kvm_exit; /* kvm_exit or kvm_entry seen */
	uint64_t segments;
	uint64_t exits;
	uint64_t ios;
};
void ioa_model_totals(const struct ioa_model *m, struct ioa_model_totals *out);

#endif
