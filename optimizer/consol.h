/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Consolidation and growth: the vCPU segments of several host traces on one hypothetical host,
 * and time-shifted copies of every VM (`--repeat K`). Pure: works on the db module's task and
 * placement records, so tests call it without a database.
 */
#ifndef IOA_CONSOL_H
#define IOA_CONSOL_H

#include <stdint.h>

#include "db_schedule.h"
#include "error.h"

enum ioa_align {
	IOA_ALIGN_START = 0, /* every trace's first event at the first trace's first event */
	IOA_ALIGN_CLOCK,     /* timestamps as recorded (traces of one host, one clock) */
};

/* one host trace: its tasks (chains numbered from 0 within it) and as-traced placements */
struct ioa_consol_in {
	int64_t trace_id;
	const struct ioa_task_rec *t;
	const struct ioa_placement_rec *p;
	int n;
	int cpus;	  /* the trace's CPU count */
	int64_t first_ns; /* its first event */
};

struct ioa_consol_opts {
	int align;     /* enum ioa_align */
	int repeat;    /* K >= 1: K - 1 time-shifted copies of every VM */
	uint64_t seed; /* of the copies' offsets */
};

struct ioa_consol {
	struct ioa_task_rec *t;	     /* [n], task_id 0..n-1 in as-traced start order */
	struct ioa_placement_rec *p; /* [n], the traces side by side on their own CPUs */
	int n;
	int cpus;			 /* CPUs of the as-traced schedule (all traces, copies) */
	int host_cpus;			 /* the largest CPU count of one trace */
	struct ioa_scenario_part *parts; /* [nparts]: trace x copy with its offset */
	int nparts;
};

/**
 * ioa_consolidate() - every task of every trace, and of every copy, in one scenario
 * Trace i is shifted by first_ns[0] - first_ns[i] with IOA_ALIGN_START, by 0 with
 * IOA_ALIGN_CLOCK. Copy k (1..K-1) of the whole set is shifted later again by an offset drawn
 * uniformly from [0, span) by the project's seeded generator (splitmix64-seeded xoshiro256**,
 * seed @o->seed; draws in copy order), span = last end - first release of copy 0. Chains stay
 * per vCPU and per copy; tasks keep their VM and get their copy number. The as-traced
 * placement puts each trace (each copy) on its own CPUs: trace i of copy k on
 * [pcpu_base, pcpu_base + cpus).
 * @out: freed with ioa_consol_release() (also on error).
 * Returns 0 or IOA_EINPUT (no trace, K < 1, a trace without tasks).
 */
int ioa_consolidate(struct ioa_consol *out, const struct ioa_consol_in *in, int nin,
		    const struct ioa_consol_opts *o, struct ioa_err *err);
void ioa_consol_release(struct ioa_consol *c);

/* the offset of copy @k (>= 1) of a scenario of length @span: what ioa_consolidate() uses */
int64_t ioa_consol_copy_offset(uint64_t seed, int k, int64_t span);

#endif
