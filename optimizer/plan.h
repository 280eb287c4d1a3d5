/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The capacity plan: for each policy (shortest run queue, the paper's online policy, the
 * optimum), the fewest identical pCPUs P in a range such that the policy's schedule on P pCPUs,
 * executed by the simulator with processor sharing, keeps every component within capacity
 * (overload time 0), every VM's p99 wait within its budget and misses no deadline. Every P of
 * the range is evaluated (the points), because a policy need not get better with more pCPUs
 * (shortest run queue runs more same-component work at once when it has more cores): the
 * answer is the smallest P that holds, so P holds and P - 1 fails, or P is the range start.
 * Pure: no SQLite, no I/O; the optimum goes through ioa_solve() with a time limit per P.
 */
#ifndef IOA_PLAN_H
#define IOA_PLAN_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "optimizer.h"
#include "sim.h"

enum ioa_policy {
	IOA_POL_BASELINE = 0, /* shortest run queue */
	IOA_POL_ONLINE,	      /* the paper's online policy */
	IOA_POL_OPTIMIZED,    /* the solver's schedule (ioa_solve) */
	IOA_NPOL,
};

/* "baseline", "online", "optimized"; ioa_policy_parse() returns -1 when unknown */
const char *ioa_policy_name(int policy);
int ioa_policy_parse(const char *name);
/* "baseline,optimized" -> bit mask (bit k = policy k), -1 when a name is unknown or none */
int ioa_policy_mask(const char *list);

/* a schedule of one policy: start times and pCPUs in instance time */
struct ioa_policy_out {
	int status; /* enum ioa_status (policies: feasible) */
	double seconds, gap;
	int64_t makespan, bound; /* bound -1 unknown */
	int64_t *start;		 /* [n] */
	int *cpu;		 /* [n] */
	/* the optimum's wait stage: status, planned total wait, online's (-1: not at C*) */
	int wait_status;
	int64_t wait_total, wait_online;
};

/**
 * ioa_policy_schedule() - the schedule of @policy on the instance (its pCPU count)
 * @so: solver options of the optimum (time limit, seed, log, stop); unused by the policies.
 * The optimum also runs the wait stage from the online policy's schedule, then the peak stage.
 * Returns 0 (@out filled, release with ioa_policy_out_release()), IOA_EINFEASIBLE when the
 * optimum finds no schedule within the deadlines, or the error of the policy / solver.
 */
int ioa_policy_schedule(const struct ioa_inst *inst, int policy, const struct ioa_solve_opts *so,
			struct ioa_policy_out *out, struct ioa_err *err);
void ioa_policy_out_release(struct ioa_policy_out *o);

/* constraints of the plan, as bits of ioa_plan_point.fails */
enum {
	IOA_PLAN_OVERLOAD = 1, /* some component above capacity for a while */
	IOA_PLAN_DEADLINE = 2, /* some task ends after its deadline */
	IOA_PLAN_WAIT = 4,     /* some VM's p99 wait above its budget */
};

/* what binds an answer: what fails at cores - 1 (or at the range end when none holds) */
enum ioa_plan_binding {
	IOA_BIND_NONE = 0, /* cores is the range start: nothing below to fail */
	IOA_BIND_OVERLOAD,
	IOA_BIND_WAIT,
	IOA_BIND_DEADLINE,
};

const char *ioa_plan_binding_name(int binding);

struct ioa_plan_input {
	const struct ioa_sim_task *t; /* [n], absolute times */
	int n;
	const int *vm; /* [n] VM index 0..nvms-1 of each task, -1 none */
	int nvms;
	const char *const *vm_name; /* [nvms] for the reasons */
	const double *budget_s;	    /* [nvms] p99 wait budget of each VM */
	int mode;		    /* IOA_MODE_STRICT, _OVERLAP or _EDF */
	int cap;		    /* overlap-mode capacity of the schedules, % */
};

struct ioa_plan_opts {
	int p_lo, p_hi;	   /* range of P, 1 <= p_lo <= p_hi */
	int policies;	   /* bit k: policy k is planned */
	double time_limit; /* seconds of the optimum per P (0: 2) */
	uint64_t seed;
	const struct ioa_log *log;
	const volatile sig_atomic_t *stop;
};

/* one simulated schedule of the search */
struct ioa_plan_point {
	int pcpus, policy;
	int fails;	   /* IOA_PLAN_* bits, 0 when it holds */
	double p99_wait_s; /* worst VM's p99 wait */
	double max_wait_s; /* longest wait of any task */
	double overload_s; /* time any component is above capacity */
	double makespan_s;
	double peak_pct[IOA_SIM_NCOMP];
	int misses;
	int worst_vm;	    /* VM furthest above (or nearest below) its budget, -1 none */
	double worst_p99_s; /* its p99 wait */
	int over_comp;	    /* component with the most overload time, -1 none */
	int wait_cat;	    /* category whose tasks waited longest in sum, -1 none */
	int status;	    /* enum ioa_status */
	double gap, seconds;
};

struct ioa_plan_answer {
	int cores;   /* fewest pCPUs that hold, 0 when none in the range */
	int binding; /* enum ioa_plan_binding */
	int at;	     /* index of the point whose figures answer (cores, else range end) */
	int proven;  /* optimum: proven optimal at cores and cores - 1; policies: 1 */
	char reason[512];
};

struct ioa_plan {
	struct ioa_plan_point *pt; /* P-major, policy order */
	int npt;
	int policies;
	int p_lo, p_hi;
	int deadlines; /* some task has a deadline */
	struct ioa_plan_answer ans[IOA_NPOL];
	double seconds;
};

/**
 * ioa_plan_run() - evaluate every policy on every P of the range and answer
 * @out: filled; release with ioa_plan_release()
 * Returns 0, IOA_EINPUT (empty range, bad task), IOA_EINTR (@o->stop set) or the error of a
 * policy, the solver or the simulator.
 */
int ioa_plan_run(struct ioa_plan *out, const struct ioa_plan_input *in,
		 const struct ioa_plan_opts *o, struct ioa_err *err);
void ioa_plan_release(struct ioa_plan *p);

/* the point of @policy at @pcpus, NULL when not evaluated */
const struct ioa_plan_point *ioa_plan_at(const struct ioa_plan *p, int policy, int pcpus);

/**
 * ioa_plan_sentence() - the answer in one sentence, e.g. "for p99 wait ≤ 1 ms and no
 * component above 100 %: shortest run queue needs 4 cores, the I/O-aware online policy 3, the
 * optimum 3"
 * @budget_ms: the default budget; @overrides: VMs with their own budget (named as "VM budgets")
 */
void ioa_plan_sentence(char *buf, size_t size, const struct ioa_plan *p, double budget_ms,
		       int overrides);

#endif
