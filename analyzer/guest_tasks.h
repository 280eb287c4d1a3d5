/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Guest task profiles: what each thread of a guest trace did in I/O, and the mix of guest
 * tasks behind a host vCPU segment. Pure: no SQL, no library; rows in, profiles out.
 *
 * Attribution (a guest kernel does much I/O in contexts that are not the task it serves):
 *  - handler spans: the guest's irq and softirq rows, per CPU; a wake-up (segment wake_ns on
 *    waker_cpu) inside a span was done by the innermost one: the span served that task.
 *  - a block request belongs to the user task its completion woke (a STORAGE span holding the
 *    completion woke it), else to its issuer when that is a user task outside any handler,
 *    else to the last user task the device's requests belonged to;
 *  - a packet belongs to its sender or receiver when that is a user task outside any handler,
 *    else to the user tasks its handler span woke, else to the device's last user task (the
 *    owner of the socket, as far as the trace can tell);
 *  - an IRQ or softirq of a mapped device belongs to the user tasks it woke.
 * I/O time per category: a block request's in-flight time, io_ns per packet, a handler's
 * duration; shared equally when several tasks own one item. A task's category is the I/O
 * category with the most time when its I/O time reaches min_share of its run time, else
 * COMPUTE. Utilisation %: its demand over the trace span (bytes/s, else events/s) over the
 * device map's capacity.
 *
 * The mix of a host segment [start, end) of a guest CPU: each guest task's running time inside
 * it, plus rq_weight times the time it waited runnable (woken, not yet switched in) on that
 * CPU while the vCPU was off its host CPU, between its previous host segment and this one
 * (the run queue the segment starts with). Its label
 * vector is the weighted sum of the tasks' profile vectors (an I/O task: its I/O time shares;
 * a COMPUTE task: COMPUTE); cover = guest running time / segment time (at most 1).
 */
#ifndef IOA_GUEST_TASKS_H
#define IOA_GUEST_TASKS_H

#include <stddef.h>
#include <stdint.h>

#include "db_classify.h"
#include "db_guest.h"
#include "devmap.h"

struct ioa_gt_params {
	uint64_t io_ns;	  /* I/O time of one packet (classify --io-ns) */
	double min_share; /* task: I/O time >= this share of its run time (--task-share, 1 %) */
	double rq_weight; /* waiting time's weight in a segment's mix (--rq-weight, 0.1) */
};

/** ioa_gt_params_default() - io_ns 10 µs, min_share 1 %, rq_weight 0.1 */
void ioa_gt_params_default(struct ioa_gt_params *p);

/* one task's profile */
struct ioa_gt_profile {
	int tid;
	char comm[16];
	int is_kthread;
	uint64_t run_ns;
	uint64_t io_ns;			/* all categories */
	int cat;			/* enum ioa_cat: its category (COMPUTE without I/O) */
	double share;			/* its I/O time in cat (COMPUTE: 1 - io_ns / run_ns) */
	uint64_t cat_ns[IOA_CAT_IO_NR]; /* I/O time per category */
	uint64_t events[IOA_CAT_IO_NR]; /* requests, packets, handlers */
	uint64_t bytes[IOA_CAT_IO_NR];
	double util_pct[IOA_CAT_IO_NR];
};

/** ioa_gt_row() - @p as the row the db module stores for guest trace @trace_id */
void ioa_gt_row(struct ioa_gt_task_row *r, const struct ioa_gt_profile *p, int64_t trace_id);

#define IOA_GT_MIX_TASKS 4

/* the guest tasks behind one host segment */
struct ioa_gt_mix {
	double cover;		/* guest running time / segment time, 0..1 */
	double vec[IOA_CAT_NR]; /* label vector, sums to 1 (all 0: no guest task) */
	double util_pct;	/* weighted utilisation of the vector's top category */
	int ntasks;		/* tasks listed below (the heaviest first) */
	int tid[IOA_GT_MIX_TASKS];
	char comm[IOA_GT_MIX_TASKS][16];
	double weight[IOA_GT_MIX_TASKS]; /* share of the mix's weight */
};

struct ioa_gt;

/**
 * ioa_gt_new() - a profile context for one guest trace
 * @map: borrowed, must outlive the context
 * Feed add_thread, add_segment (every segment) and add_io (every io row, any order), then
 * ioa_gt_finish(). Free with ioa_gt_free().
 */
struct ioa_gt *ioa_gt_new(const struct ioa_gt_params *p, const struct ioa_devmap *map);
void ioa_gt_free(struct ioa_gt *g);
void ioa_gt_add_thread(struct ioa_gt *g, const struct ioa_gt_thread *t);
void ioa_gt_add_segment(struct ioa_gt *g, const struct ioa_cls_seg *s);
void ioa_gt_add_io(struct ioa_gt *g, const struct ioa_cls_io *io);
/** ioa_gt_finish() - attribute the I/O and build the profiles */
void ioa_gt_finish(struct ioa_gt *g);

/* profiles of the threads that ran or owned I/O, by tid (idle tid 0 left out) */
size_t ioa_gt_count(const struct ioa_gt *g);
const struct ioa_gt_profile *ioa_gt_profile(const struct ioa_gt *g, size_t i);

/**
 * ioa_gt_mix() - the guest tasks of CPU @cpu behind a host segment
 * @prev_end: end of the vCPU's previous host segment (its run-queue window starts there),
 *	IOA_TS_NONE: @start
 */
void ioa_gt_mix(struct ioa_gt_mix *m, const struct ioa_gt *g, int cpu, uint64_t start, uint64_t end,
		uint64_t prev_end);

/**
 * ioa_gt_combine() - the label of a segment from its mix and the host's label
 * score[c] = cover * vec[c] + (1 - cover) * (c == host_cat); the top score wins.
 * @score: out, the winning score (0..1)
 * Returns the category; @host_cat when the mix is empty.
 */
int ioa_gt_combine(const struct ioa_gt_mix *m, int host_cat, double *score);

/** ioa_gt_mix_json() - ,"guest":{"cover":..,"tasks":{"comm/tid":share,..}} (leading comma) */
int ioa_gt_mix_json(char *buf, size_t size, const struct ioa_gt_mix *m);

#endif
