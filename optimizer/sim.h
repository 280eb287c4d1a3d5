/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The simulator: discrete-event execution of one schedule on I/O components of finite
 * capacity. Pure: no SQLite, no solver, no I/O. Input is the scenario's tasks and one placement
 * (pCPU, planned start) per task; output is the executed timeline and the figures
 * `ioaware simulate` stores.
 *
 * Execution rules (the same in every model):
 * - a pCPU runs its placed tasks one at a time, in planned-start order (ties: task index);
 * - a vCPU chain runs its tasks one at a time, in the same planned-start order;
 * - a task starts at max(planned start, release, pCPU free, chain predecessor done), so idle
 *   gaps of the plan are kept and delays propagate through pCPU queues and chains.
 *
 * Models of a component under overload (demand = sum of util % of its running tasks):
 * - IOA_SIM_NONE: no stretch, every task runs at full speed (replays the plan; an as-traced
 *   schedule reproduces the trace's timeline exactly);
 * - IOA_SIM_SHARE: processor sharing. While demand D exceeds capacity C, every task on the
 *   component progresses at rate C / D (the component delivers C, split in proportion to the
 *   demands), so overload stretches all of them equally; COMPUTE tasks always run at rate 1;
 * - IOA_SIM_BLOCK: admission. A task whose start would push its component above C waits (holding
 *   its pCPU) until enough running tasks of that component finish; waiting tasks are admitted
 *   in planned-start order without overtaking. A task that alone exceeds C runs alone, at
 *   rate C / its demand.
 */
#ifndef IOA_SIM_H
#define IOA_SIM_H

#include <stdint.h>

#include "error.h"
#include "instance.h"

#define IOA_SIM_NCOMP 6 /* I/O components: categories 0..5 of instance.h */

enum ioa_sim_model {
	IOA_SIM_NONE = 0,
	IOA_SIM_SHARE,
	IOA_SIM_BLOCK,
};

struct ioa_sim_task {
	int64_t release_ns;
	int64_t dur_ns;	     /* work at full speed, >= 0 */
	int64_t deadline_ns; /* absolute, -1 none */
	int cat;	     /* 0..IOA_NCAT-1 (IOA_CAT_COMPUTE: no component) */
	int chain;	     /* vCPU chain, -1 none */
	double util_pct;     /* demand on the component while running */
};

struct ioa_sim_place {
	int pcpu;	  /* 0..P-1 */
	int64_t start_ns; /* planned start */
};

struct ioa_sim_opts {
	int model;	/* enum ioa_sim_model */
	double cap_pct; /* capacity of every component (100 = the paper's) */
	int series;	/* record util_series */
};

struct ioa_sim_point {
	int64_t t_ns;
	double util_pct;
};

struct ioa_sim_comp {
	double avg_util_pct; /* time-average of demand over [first release, last end] */
	double max_util_pct; /* peak demand */
	double overload_s;   /* time demand > capacity */
	double work_s;	     /* delivered work, in seconds of the full component */
	double overlap_s;    /* time >= 2 tasks of this category run (on different pCPUs) */
	int ntasks;
	struct ioa_sim_point *series; /* step function, equal runs compressed */
	int nseries;
};

struct ioa_sim_chain {
	int ntasks;
	double wait_s; /* sum of (start - release) */
	double wait_max_s;
	double stretch_max; /* max (end - start) / dur */
	int misses;
};

struct ioa_sim_result {
	int n, pcpus, nchains;
	int64_t t0_ns;	     /* first release */
	int64_t end_ns;	     /* last completion */
	int64_t makespan_ns; /* end - t0 */
	int64_t *start_ns;   /* [n] executed start */
	int64_t *finish_ns;  /* [n] executed end */
	struct ioa_sim_comp comp[IOA_SIM_NCOMP];
	double overload_any_s;	     /* time at least one component is above capacity */
	double overlap_s;	     /* sum of the components' same-category overlap time */
	double *busy_s;		     /* [pcpus] */
	double *idle_s;		     /* [pcpus] makespan - busy */
	double *load_share;	     /* [pcpus] busy / total busy */
	struct ioa_sim_chain *chain; /* [nchains], indexed by chain id */
	double wait_mean_s, wait_max_s, wait_p90_s;
	double stretch_mean, stretch_max;
	int deadline_misses;
	int with_deadline;
};

/**
 * ioa_sim_run() - execute one schedule
 * @res: filled; free with ioa_sim_result_release()
 * @t: @n tasks; @pl: their placements on @pcpus pCPUs
 * Returns 0, or IOA_EINPUT (a pCPU out of range, a negative duration, an unknown category)
 * or IOA_EINTERNAL (the event loop stalled, a bug) with a message in @err.
 */
int ioa_sim_run(struct ioa_sim_result *res, const struct ioa_sim_task *t,
		const struct ioa_sim_place *pl, int n, int pcpus, const struct ioa_sim_opts *opts,
		struct ioa_err *err);
void ioa_sim_result_release(struct ioa_sim_result *res);

/* waits of the tasks of one group (a VM) in a simulated schedule */
struct ioa_sim_group {
	int ntasks;
	double p50_wait_s, p99_wait_s, max_wait_s; /* nearest rank; 0 without tasks */
	int misses;				   /* deadline misses */
	int with_deadline;			   /* tasks that have a deadline */
};

/**
 * ioa_sim_groups() - wait percentiles and deadline misses per group
 * @out: [@ngroups], zeroed and filled
 * @group: group index of every task of @res (0..@ngroups-1), or -1 for none
 * The percentile of k sorted waits is the one of rank ceil(q k) (nearest rank), as for
 * wait_p90_s.
 */
void ioa_sim_groups(struct ioa_sim_group *out, int ngroups, const struct ioa_sim_result *res,
		    const struct ioa_sim_task *t, const int *group);

/* "none", "share", "block" -> enum ioa_sim_model, -1 unknown */
int ioa_sim_model_parse(const char *s);
const char *ioa_sim_model_name(int model);

#endif
