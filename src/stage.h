/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The pipeline as a library: one entry point per stage, each taking an options struct. The
 * commands parse their command line into these structs and call them; `ioaware run` (and any
 * other caller) calls them directly, with no argv and no getopt in between. A stage never
 * exits and never prints an error: it returns 0 or IOA_E* with the message in @err. What a
 * command prints as its result goes to @out (NULL: nothing); diagnostics go through @log.
 */
#ifndef IOA_STAGE_H
#define IOA_STAGE_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#include "consol.h"
#include "db.h"
#include "db_schedule.h"
#include "error.h"
#include "sim.h"
#include "util.h"

struct ioa_cls_params;
struct ioa_gt_params;
struct ioa_learn_params;
struct ioa_ingest_opts;

/* what every stage takes */
struct ioa_stage_common {
	const char *db;		   /* database path */
	const struct ioa_log *log; /* diagnostics and progress */
	FILE *out;		   /* the stage's result table / JSON; NULL: none */
	int json;		   /* JSON instead of the table on @out */
};

/* --- ingest --- */
struct ioa_ingest_stage_opts {
	struct ioa_stage_common c;
	const struct ioa_ingest_opts *ingest; /* NULL: defaults; db_path and log from @c */
	const char *const *paths;
	int npaths;
};

/**
 * ioa_stage_ingest() - ingest every file; each one is reported through the log
 * @trace_ids: out, [npaths] the trace id of each file (also when already ingested), 0 on error
 * @errs: out, [npaths] each file's error (may be NULL)
 * Returns 0 or the first failing file's error (the others are still tried).
 */
int ioa_stage_ingest(const struct ioa_ingest_stage_opts *o, int64_t *trace_ids,
		     struct ioa_err *errs, struct ioa_err *err);

/* --- classify --- */
struct ioa_classify_stage_opts {
	struct ioa_stage_common c;
	int64_t trace_id;		      /* 0: every trace */
	const struct ioa_cls_params *params;  /* NULL: the defaults */
	const char *device_map;		      /* NULL: none */
	const struct ioa_gt_params *guest;    /* guest task profiles; NULL: the defaults */
	int no_guest_tasks;		      /* host labels only */
	const char *learn_devmap;	      /* write the learnt device map here, NULL: none */
	const struct ioa_learn_params *learn; /* NULL: the defaults */
};
int ioa_stage_classify(const struct ioa_classify_stage_opts *o, struct ioa_err *err);

/* --- scenario construction (several traces, copies) --- */
#define IOA_MAX_TRACES 64

struct ioa_scenario_opts {
	const int64_t *trace_ids; /* [ntraces] as given; none: the latest trace */
	int ntraces;
	struct ioa_consol_opts consol; /* align, repeat, seed */
	double win_a, win_b;	       /* seconds from the first trace's start; win_b < 0: all */
	const struct ioa_log *log;     /* a guest trace folded into its host is said here */
};

struct ioa_scenario_built {
	struct ioa_scenario_rec sc;    /* filled except scenario_id, pcpus, mode, cap, objective */
	struct ioa_consol cons;	       /* tasks, as-traced placements, parts */
	int64_t hosts[IOA_MAX_TRACES]; /* the host traces used, in order */
	int nhosts;
};

/**
 * ioa_scenario_build() - the tasks of one hypothetical host from the given traces
 * Every trace given is used: a guest trace counts with its host trace (which is added when it
 * was not given); a trace given twice is used once. Tasks of every host trace, aligned and
 * copied as @o->consol says, optionally cut to a window. sc.trace_id is the first host trace.
 * Nothing is stored: ioa_db_scenario_create(db, &b->sc, b->cons.t, b->cons.n) does that.
 * @b: released with ioa_scenario_built_release() (also on error)
 * Returns 0, IOA_ENODATA (no such trace, no vCPU segment), IOA_EINPUT, IOA_EDB.
 */
int ioa_scenario_build(struct ioa_db *db, const struct ioa_scenario_opts *o,
		       struct ioa_scenario_built *b, struct ioa_err *err);
void ioa_scenario_built_release(struct ioa_scenario_built *b);

/**
 * ioa_scenario_pick() - stored scenario @id, or the newest one when @id is 0
 * Which one a command without --scenario works on is said on @log ("using scenario 3
 * (synth seed 1, newest)"), so that a default is never silent.
 * Returns 0, IOA_ENODATA (no such scenario, or none), IOA_EDB.
 */
int ioa_scenario_pick(struct ioa_db *db, int64_t id, const struct ioa_log *log,
		      struct ioa_scenario_rec *sc, struct ioa_err *err);

/* "1,2,3" -> ids (at most @max); -1 when malformed */
int ioa_parse_ids(const char *arg, int64_t *ids, int max);

/* --- optimize --- */
struct ioa_optimize_stage_opts {
	struct ioa_stage_common c;
	int64_t scenario_id;		 /* use this stored scenario; 0: build one from traces */
	struct ioa_scenario_opts traces; /* when building: which traces, align, repeat, window */
	int pcpus;			 /* 0: the scenario's, or the largest trace's CPUs */
	int mode;			 /* enum ioa_mode, -1: the scenario's (strict) */
	int cap;			 /* overlap capacity %, 0: the scenario's (100) */
	int lateness;			 /* objective: 1 lateness, 0 makespan, -1 scenario's */
	double time_limit;		 /* seconds, 0: 10 */
	int no_ilp, lns;
	int exact;			   /* enum ioa_exact: the exact stage on small instances */
	const volatile sig_atomic_t *stop; /* set asynchronously: keep the best found */
};

void ioa_optimize_stage_init(struct ioa_optimize_stage_opts *o);

/* "strict", "overlap", "edf" <-> enum ioa_mode; -1 when unknown */
int ioa_mode_parse(const char *s);
const char *ioa_mode_name(int mode);

/**
 * ioa_stage_optimize() - every schedule of a scenario, checked and stored
 * @scenario_id: out, the scenario (new when built from traces)
 * Returns 0, IOA_EINFEASIBLE (no schedule meets the deadlines), or another IOA_E*.
 */
int ioa_stage_optimize(const struct ioa_optimize_stage_opts *o, int64_t *scenario_id,
		       struct ioa_err *err);

/* --- simulate --- */
struct ioa_simulate_stage_opts {
	struct ioa_stage_common c;
	int64_t scenario_id; /* 0: the latest */
	int64_t trace_id;    /* first import this trace's as-traced schedule as a scenario */
	struct ioa_sim_opts sim;
	int compute;	   /* build baseline, online and optimized first */
	int kinds;	   /* bit mask of what compute builds */
	double time_limit; /* for compute */
};

void ioa_simulate_stage_init(struct ioa_simulate_stage_opts *o);
int ioa_stage_simulate(const struct ioa_simulate_stage_opts *o, struct ioa_err *err);

/* --- report --- */
struct ioa_report_stage_opts {
	struct ioa_stage_common c;
	const char *output;  /* .pdf, .png or .svg */
	int64_t scenario_id; /* 0: the latest with an optimized schedule */
};

int ioa_stage_report(const struct ioa_report_stage_opts *o, struct ioa_err *err);

/* --- plan --- */
struct ioa_vm_budget {
	const char *vm; /* VM id or name */
	double ms;	/* p99 wait budget */
};

struct ioa_plan_stage_opts {
	struct ioa_stage_common c;
	int csv;			 /* the points as CSV on @c.out (instead of the table) */
	int64_t scenario_id;		 /* 0 and no traces: the latest scenario */
	struct ioa_scenario_opts traces; /* ntraces > 0: build a new scenario from them */
	double budget_ms;		 /* p99 wait budget of every VM (0: 1) */
	const struct ioa_vm_budget *budgets; /* per-VM overrides */
	int nbudgets;
	int p_lo, p_hi;	   /* 0: 1 to the vCPUs, at most 16 */
	int policies;	   /* bit mask (0: all three) */
	int mode;	   /* enum ioa_mode, -1: the scenario's */
	double time_limit; /* optimizer seconds per P (0: 2) */
	uint64_t seed;
	int grow; /* > 0: with traces, plan --repeat K = 1..grow (growth table) */
	const volatile sig_atomic_t *stop;
};

void ioa_plan_stage_init(struct ioa_plan_stage_opts *o);

/**
 * ioa_stage_plan() - the capacity plan of a scenario (optimizer/plan.h), printed and stored
 * @sentence: out, the answer in one sentence (may be NULL; with @o->grow, the last K's)
 * With @o->grow, one plan per K = 1..grow of the traces with K copies (each its own stored
 * scenario and plan), until no policy holds within the range, printed as a growth table.
 * Returns 0 (also when no P holds), IOA_EINPUT (a budget for an unknown VM), IOA_ENODATA, ...
 */
int ioa_stage_plan(const struct ioa_plan_stage_opts *o, char *sentence, size_t size,
		   struct ioa_err *err);

#endif
