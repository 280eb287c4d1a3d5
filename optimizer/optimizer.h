/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The solver core on struct ioa_inst: lower bounds, the serial schedule generation heuristic,
 * the independent checker, the GLPK time-indexed ILP, large-neighbourhood search, the paper's
 * policies, pCPU assignment and the driver that chains them. Schedules are arrays of start
 * times (int64, same unit as the instance) indexed by task, plus optional pCPU ids.
 */
#ifndef IOA_OPTIMIZER_H
#define IOA_OPTIMIZER_H

#include <signal.h>
#include <stdint.h>

#include "instance.h"
#include "util.h"

/* --- bounds.c --- */
struct ioa_bounds {
	int64_t cp;	/* critical path with releases */
	int64_t energy; /* max over non-pCPU resources of the head/tail energy bound */
	int64_t work;	/* the same on the pCPU resource: work / P with releases */
	int64_t best;	/* max of the above */
};

/* heads (earliest starts from releases and precedences) and tails (longest path after the end) */
void ioa_heads(const struct ioa_inst *inst, int64_t *head);
void ioa_tails(const struct ioa_inst *inst, int64_t *tail);

/**
 * ioa_bounds_compute() - combinatorial lower bounds on the makespan
 * Energy bound of resource k: max over thresholds h of h + ceil(sum of d_jk p_j over tasks with
 * head >= h, / C_k) + min tail of those tasks. Returns b->best.
 */
int64_t ioa_bounds_compute(const struct ioa_inst *inst, struct ioa_bounds *b);

/* --- destructive.c --- */
#define IOA_DESTRUCTIVE_MAX_TASKS 400

/**
 * ioa_windows() - start windows of every schedule of makespan <= @T
 * @es, @ls: out, [n] earliest / latest starts after propagation (precedences, disjunctive
 * pairs, energetic reasoning, shaving). Returns 1 when no such schedule exists (windows then
 * partial), else 0. Valid windows also when @time_limit (seconds) cuts the propagation short.
 */
int ioa_windows(const struct ioa_inst *inst, int64_t T, double time_limit, int64_t *es,
		int64_t *ls);

/**
 * ioa_lb_destructive() - destructive lower bound: the largest proof that makespan T is
 * infeasible, searched in [@lb, @ub - 1] (bisection, then again with shaving). Returns the new
 * bound (>= @lb, <= @ub); @lb unchanged above IOA_DESTRUCTIVE_MAX_TASKS tasks.
 */
int64_t ioa_lb_destructive(const struct ioa_inst *inst, int64_t lb, int64_t ub, double time_limit);

/* --- bnb.c --- */
#define IOA_BNB_MAX_TASKS 400

/* which exact searches ioa_bnb() runs */
enum ioa_bnb_engine {
	IOA_BNB_BOTH = 0, /* side by side, sharing schedules and bounds (a thread) */
	IOA_BNB_DFS,	  /* depth-first with the failed-state store alone */
	IOA_BNB_LCG,	  /* nogood learning (lazy clause generation) alone */
};

struct ioa_bnb_opts {
	double time_limit; /* seconds */
	int engine;	   /* enum ioa_bnb_engine */
	const struct ioa_log *log;
	const volatile sig_atomic_t *stop;
};

struct ioa_bnb_out {
	int64_t makespan, bound; /* of the schedule returned; proven lower bound */
	long nodes, memo_hits;
	double seconds;
};

/**
 * ioa_bnb() - exact branch-and-bound on the makespan (see bnb.c)
 * @lb: a valid lower bound; @start: in, a checked schedule (the incumbent); out, the best
 * found, which passed ioa_check(). Optimal when the returned bound equals its makespan.
 * Returns the new lower bound; @lb unchanged above IOA_BNB_MAX_TASKS tasks or on a timeout.
 */
int64_t ioa_bnb(const struct ioa_inst *inst, int64_t lb, const struct ioa_bnb_opts *o,
		int64_t *start, struct ioa_bnb_out *out);

/* --- ssgs.c --- */
struct ioa_heur_opts {
	int passes;	   /* randomised passes (0: default by size) */
	double time_limit; /* seconds (0: none) */
	uint64_t seed;
	int64_t lb; /* stop when reached */
	const volatile sig_atomic_t *stop;
};

/**
 * ioa_heuristic() - serial schedule generation: priority rules (LFT, MTS, GRPW, heads), regret
 * based biased random sampling, forward-backward improvement; the best schedule into @start.
 * Returns its makespan. Deadlines are not guaranteed: check the result.
 */
int64_t ioa_heuristic(const struct ioa_inst *inst, const struct ioa_heur_opts *o, int64_t *start);

/**
 * ioa_ssgs_list() - one serial SGS pass over a precedence-feasible activity list
 * Returns the makespan; @start filled. Used by the policies and LNS to left-justify.
 */
int64_t ioa_ssgs_list(const struct ioa_inst *inst, const int *list, int64_t *start);

/* a precedence-feasible list of all tasks sorted by @key (ties: topological rank) */
void ioa_list_by_key(const struct ioa_inst *inst, const int64_t *key, int *list);

int64_t ioa_makespan(const struct ioa_inst *inst, const int64_t *start);

/* --- check.c --- */
/**
 * ioa_check() - independent feasibility check of a schedule
 * @cpu: pCPU of every task or NULL (then only the pCPU count is checked)
 * Returns 0 or IOA_EINTERNAL with the first violation in @err ("a schedule that fails the
 * checker is a bug").
 */
int ioa_check(const struct ioa_inst *inst, const int64_t *start, const int *cpu,
	      struct ioa_err *err);

/* --- assign.c --- */
/**
 * ioa_assign_cpus() - pCPU ids by interval partitioning (pinned tasks on their pCPU)
 * Returns 0 or IOA_EINFEASIBLE when a pinned task finds its pCPU busy.
 */
int ioa_assign_cpus(const struct ioa_inst *inst, const int64_t *start, int *cpu,
		    struct ioa_err *err);

/* --- policies.c --- */
/* the paper's baseline: shortest run queue at each release, no category awareness */
int ioa_policy_baseline(const struct ioa_inst *inst, int64_t *start, int *cpu, struct ioa_err *err);
/* the paper's online policy replayed event by event (see policies.c for the tie rule) */
int ioa_policy_online(const struct ioa_inst *inst, int64_t *start, int *cpu, struct ioa_err *err);

/* global EDF without the category rule (base order of the EDF refinement mode) */
int ioa_policy_edf(const struct ioa_inst *inst, int64_t *start, int *cpu, struct ioa_err *err);

/**
 * ioa_inst_edf() - the EDF refinement instance of the vCPU instance @in (see policies.c)
 * @out: initialised here; release with ioa_inst_release() (also on error)
 * Returns 0, IOA_EINPUT.
 */
int ioa_inst_edf(struct ioa_inst *out, const struct ioa_inst *in, struct ioa_err *err);

/* figures of a schedule in instance time units; lateness = sum of (start - release) */
struct ioa_sched_stats {
	int64_t makespan, wait_max, lateness;
	int64_t overlap; /* time >= 2 tasks of one I/O category run, summed over categories */
	double wait_mean;
};

void ioa_sched_stats(const struct ioa_inst *inst, const int64_t *start, struct ioa_sched_stats *s);

/* --- ilp.c --- */
enum ioa_status {
	IOA_ST_OPTIMAL = 0,
	IOA_ST_FEASIBLE,
	IOA_ST_TIME_LIMIT,
	IOA_ST_INFEASIBLE,
};

const char *ioa_status_name(int status);

struct ioa_ilp_opts {
	double time_limit;    /* seconds */
	int64_t grid;	      /* bucket length; 0: chosen from the horizon */
	int max_buckets;      /* grid choice: horizon / grid <= this (0: 300) */
	const int64_t *fixed; /* LNS: tasks with fixed[j] != IOA_UNSET keep that start */
	/* optional start windows valid for every schedule of makespan <= win_T (ioa_windows()) */
	const int64_t *win_es, *win_ls;
	int64_t win_T;
	const struct ioa_log *log;
	const volatile sig_atomic_t *stop;
};

struct ioa_ilp_out {
	int status;	  /* enum ioa_status */
	int64_t makespan; /* of the schedule written to start (full resolution) */
	int64_t bound;	  /* valid lower bound (only from an exact grid) */
	int rows, cols;
	int64_t nonzeros;
	int64_t grid;
	int64_t rounding_loss; /* grid makespan - makespan at full resolution */
	double seconds;
};

/* estimated model size, for the driver's "small enough" test */
int64_t ioa_ilp_estimate(const struct ioa_inst *inst, int64_t ub, int64_t grid);

/**
 * ioa_ilp_solve() - time-indexed step-form ILP with GLPK
 * @warm: a feasible schedule (the heuristic's), its makespan is the horizon
 * @lb: combinatorial lower bound, imposed on the makespan
 * @start: out, the best schedule found (at least as good as @warm)
 * Returns 0 (status in @out) or IOA_EINTERNAL/IOA_ENOMEM.
 */
int ioa_ilp_solve(const struct ioa_inst *inst, const int64_t *warm, int64_t lb,
		  const struct ioa_ilp_opts *o, int64_t *start, struct ioa_ilp_out *out,
		  struct ioa_err *err);

/* the peak stage's exact model (see lexi.c); grid = gcd of releases, durations, deadlines */
struct ioa_ilp_peak_out {
	int status;	 /* optimal when the peak is proven minimal */
	int peak, bound; /* of the schedule written to start; valid lower bound */
	int rows, cols;
	int64_t grid;
	double seconds;
};

int64_t ioa_peak_grid(const struct ioa_inst *inst);

/**
 * ioa_ilp_peak() - min the peak usage U of the I/O categories at makespan <= @cmax
 * @warm: a schedule of makespan <= @cmax; @ulb: a lower bound on U
 * @start: out, the best schedule found (never a higher peak or makespan than @warm)
 * Exact on the grid of ioa_peak_grid(): the caller checks the model size. Returns 0,
 * IOA_EINTERNAL.
 */
int ioa_ilp_peak(const struct ioa_inst *inst, const int64_t *warm, int64_t cmax, int ulb,
		 const struct ioa_ilp_opts *o, int64_t *start, struct ioa_ilp_peak_out *out,
		 struct ioa_err *err);

/* the wait stage's exact model (see lexi.c), on the same grid as the peak's */
struct ioa_ilp_wait_out {
	int status;	     /* optimal when the total wait is proven minimal */
	int64_t wait, bound; /* total wait of the schedule in start; valid lower bound */
	int rows, cols;
	int64_t grid;
	double seconds;
};

/**
 * ioa_ilp_wait() - min the total wait sum(start - release) at makespan <= @cmax
 * @warm: a checked semi-active schedule of makespan <= @cmax
 * @start: out, the best schedule found (never a higher total wait or makespan than @warm)
 * Exact on the grid of ioa_peak_grid(): the caller checks the model size. Returns 0,
 * IOA_EINTERNAL.
 */
int ioa_ilp_wait(const struct ioa_inst *inst, const int64_t *warm, int64_t cmax,
		 const struct ioa_ilp_opts *o, int64_t *start, struct ioa_ilp_wait_out *out,
		 struct ioa_err *err);

/* --- lns.c --- */
struct ioa_lns_opts {
	double time_limit;
	int window;	    /* tasks freed at a time (0: 40) */
	double window_time; /* ILP seconds per window (0: 1) */
	uint64_t seed;
	int64_t lb;
	int lateness; /* objective: total start - release instead of makespan */
	int64_t cmax; /* > 0: no task ends after it (the wait stage at C*) */
	const struct ioa_log *log;
	const volatile sig_atomic_t *stop;
};

/**
 * ioa_lns() - improve the feasible schedule @start in place (windows re-solved by the ILP)
 * The result is always a schedule that passed ioa_check(); never worse than @start on the
 * objective. Returns its makespan.
 */
int64_t ioa_lns(const struct ioa_inst *inst, const struct ioa_lns_opts *o, int64_t *start);

/* --- lexi.c --- */
/*
 * The lexicographic second stage of vCPU overlap instances: at the makespan C* of the given
 * schedule (never worse), minimise the peak demanded utilisation, first the global peak (max
 * over I/O categories), then each category's peak in index order with the others held.
 */
enum ioa_peak_how {
	IOA_PEAK_OFF = 0,   /* stage not asked for */
	IOA_PEAK_SKIP_MODE, /* strict/EDF: the peak is the largest task, fixed */
	IOA_PEAK_SKIP_OBJ,  /* lateness objective: C* does not define the stage */
	IOA_PEAK_UNCHANGED, /* ran, kept the first stage's schedule */
	IOA_PEAK_ILP,	    /* the exact model lowered it (cap lowering may follow) */
	IOA_PEAK_CAPS,	    /* cap lowering (SSGS under lowered capacities) only */
};

struct ioa_peak {
	int how;		  /* enum ioa_peak_how */
	int status;		  /* optimal when the global peak is proven minimal */
	int before, after, bound; /* global peak (%) before, after; lower bound at C* */
	int comp[IOA_NCAT];	  /* per category after (COMPUTE: 0) */
	int used_ilp, probes;	  /* exact model run; cap-lowering SSGS probes */
	double seconds;
};

const char *ioa_peak_how_name(int how);

/* the peak usage of every I/O category into @comp (may be NULL); returns their max */
int ioa_peak(const struct ioa_inst *inst, const int64_t *start, int *comp);

struct ioa_peak_opts {
	double time_limit;	 /* seconds (0: 2) */
	const int64_t *max_wait; /* no schedule with a higher total wait is taken; NULL: none */
	int max_ilp_tasks;	 /* exact model up to this many tasks (0: 200, < 0: never) */
	uint64_t seed;
	const struct ioa_log *log;
	const volatile sig_atomic_t *stop;
};

/**
 * ioa_peak_stage() - lower the peak of the checked schedule @start in place
 * Every accepted schedule passed ioa_check() and has makespan <= that of @start.
 * Returns 0 or IOA_EINTERNAL (exact model).
 */
int ioa_peak_stage(const struct ioa_inst *inst, const struct ioa_peak_opts *o, int64_t *start,
		   struct ioa_peak *out, struct ioa_err *err);

/*
 * The wait stage, before the peak: at the makespan C* of the given schedule (never worse),
 * minimise the total wait sum(start - release); see lexi.c.
 */
enum ioa_wait_how {
	IOA_WAIT_OFF = 0,   /* stage not asked for */
	IOA_WAIT_SKIP_OBJ,  /* lateness objective: the first stage already minimised it */
	IOA_WAIT_UNCHANGED, /* ran, kept the first stage's schedule */
	IOA_WAIT_HINT,	    /* the hint (the online policy's schedule) was the best */
	IOA_WAIT_HEUR,	    /* a serial SGS pass (release order, or left-justified) */
	IOA_WAIT_ILP,	    /* the exact model */
	IOA_WAIT_LNS,	    /* large-neighbourhood search within C* */
};

struct ioa_wait {
	int how;		      /* enum ioa_wait_how: what produced the final schedule */
	int status;		      /* optimal when the total wait is proven minimal at C* */
	int64_t before, after, bound; /* total wait before, after; lower bound */
	int64_t hint;		      /* the hint's total wait when it reaches C*, else -1 */
	int used_ilp;
	double seconds;
};

struct ioa_wait_opts {
	double time_limit; /* seconds (0: 2) */
	int max_ilp_tasks; /* exact model up to this many tasks (0: 200, < 0: never) */
	uint64_t seed;
	const int64_t *hint; /* a schedule to start from when it reaches C*, or NULL */
	const struct ioa_log *log;
	const volatile sig_atomic_t *stop;
};

const char *ioa_wait_how_name(int how);

/* sum over the tasks of start - release; its lower bound sum(head - release) */
int64_t ioa_total_wait(const struct ioa_inst *inst, const int64_t *start);
int64_t ioa_total_wait_bound(const struct ioa_inst *inst);

/**
 * ioa_wait_stage() - lower the total wait of the checked schedule @start in place
 * Every accepted schedule passed ioa_check() and has makespan <= that of @start; the result
 * never waits more than @start, nor than @o->hint when the hint passes the checker and ends
 * by that makespan. Returns 0 or IOA_EINTERNAL (exact model).
 */
int ioa_wait_stage(const struct ioa_inst *inst, const struct ioa_wait_opts *o, int64_t *start,
		   struct ioa_wait *out, struct ioa_err *err);

/* --- solve.c --- */
/* the exact stage on instances small enough for it */
enum ioa_exact {
	IOA_EXACT_AUTO = 0, /* branch-and-bound first, then the ILP on the time left */
	IOA_EXACT_BNB,	    /* branch-and-bound alone */
	IOA_EXACT_ILP,	    /* the ILP alone */
	IOA_EXACT_DFS,	    /* branch-and-bound's depth-first search alone (IOA_BNB_DFS) */
	IOA_EXACT_LCG,	    /* its nogood search alone (IOA_BNB_LCG) */
};

struct ioa_solve_opts {
	double time_limit; /* whole solve, seconds (0: 10) */
	int no_ilp;	   /* heuristic and bounds only */
	int heur_passes;   /* 0: default */
	uint64_t seed;
	int max_ilp_tasks;   /* monolithic ILP up to this many tasks (0: 200) */
	int exact;	     /* enum ioa_exact */
	int lateness;	     /* objective: total lateness sum(start - release) */
	int wait;	     /* then the wait stage (lexi.c), before the peak's */
	const int64_t *hint; /* a feasible schedule (the online policy's): taken when it
			      * beats the heuristic, and the wait stage's start */
	int peak;	     /* then the peak stage (lexi.c) */
	double peak_time;    /* its seconds, on top of time_limit (0: 20 %, <= 2 s) */
	const struct ioa_log *log;
	const volatile sig_atomic_t *stop; /* set by a signal handler: keep the best */
};

struct ioa_result {
	int status; /* enum ioa_status */
	int64_t makespan, bound, heuristic_makespan;
	double gap; /* (makespan - bound) / makespan */
	double seconds, heuristic_seconds;
	int64_t rounding_loss;
	int64_t objective, obj_bound; /* makespan and bound, or lateness and its bound */
	int used_ilp, used_lns, used_bnb;
	long bnb_nodes;
	int64_t *start; /* [n] */
	int *cpu;	/* [n], IOA_NONE without pCPUs */
	struct ioa_bounds bounds;
	struct ioa_peak peak; /* the peak stage (how IOA_PEAK_OFF when not asked) */
	struct ioa_wait wait; /* the wait stage (how IOA_WAIT_OFF when not asked) */
};

/**
 * ioa_solve() - bounds, heuristic, then ILP (small) or LNS (large); checked result
 * Returns 0 with @res filled (free with ioa_result_release()), IOA_EINFEASIBLE when no schedule
 * meets the deadlines, IOA_EINTERNAL when a schedule fails the checker.
 */
int ioa_solve(const struct ioa_inst *inst, const struct ioa_solve_opts *o, struct ioa_result *res,
	      struct ioa_err *err);
void ioa_result_release(struct ioa_result *res);

/* --- synthetic.c --- */
/* a deterministic synthetic vCPU instance of @n segments (16 vCPUs, P = 4, strict) */
int ioa_synthetic_vcpu(struct ioa_inst *inst, long n, struct ioa_err *err);

/* monotonic seconds */
double ioa_now(void);

#endif
