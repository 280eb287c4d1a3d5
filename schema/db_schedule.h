/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The db module, scheduling part: scenarios and their tasks, schedules and placements, what
 * simulation measured (metric, util_series) and sweep results. Shared by optimize, simulate,
 * sweep, synth and report. Every logical write is one transaction; bulk inserts bind one
 * prepared statement per row. Readers return arrays the caller frees with free().
 */
#ifndef IOA_DB_SCHEDULE_H
#define IOA_DB_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

/* one trace (one copy of it) a scenario was built from: scenario time = trace time + offset */
struct ioa_scenario_part {
	int64_t trace_id;
	int copy;     /* 0 as traced, 1..K-1 the copies of --repeat K */
	int position; /* the trace's place in the list given */
	int64_t offset_ns;
	int pcpu_base; /* its CPUs in the as-traced schedule start here */
};

struct ioa_scenario_rec {
	int64_t scenario_id; /* out of create */
	int64_t trace_id;    /* 0: synthetic */
	char name[128];
	char source[16];	 /* trace, synth, psplib */
	int64_t window_start_ns; /* -1: none */
	int64_t window_end_ns;	 /* -1: none */
	int pcpus;
	char mode[16]; /* strict, overlap, edf */
	double cap_pct;
	char objective[16];		       /* makespan, lateness */
	char params[1024];		       /* JSON, "" none */
	int64_t seed;			       /* -1 none */
	char created[32];		       /* filled by create when empty */
	int ntasks;			       /* readers only */
	const struct ioa_scenario_part *parts; /* create only: [nparts] stored with it, or NULL */
	int nparts;
};

struct ioa_task_rec {
	int task_id;	    /* 0..n-1 */
	int64_t segment_id; /* 0 none */
	int64_t vm_id;	    /* -1 none */
	int vcpu;	    /* -1 none */
	int chain;
	int64_t release_ns;
	int64_t dur_ns;
	char category[12];
	double util_pct;
	int64_t deadline_ns; /* -1 none */
	int pinned_pcpu;     /* -1 free */
	int copy;	     /* 0 as traced, 1..K-1 a time-shifted copy of its VM (--repeat) */
};

struct ioa_schedule_rec {
	int64_t schedule_id; /* out of store */
	int64_t scenario_id;
	char kind[16];		      /* as-traced, baseline, online, heuristic, optimized */
	char status[16];	      /* optimal, feasible, time_limit, infeasible */
	double objective, bound, gap; /* NaN: NULL */
	int64_t makespan_ns;	      /* -1: NULL */
	double solve_seconds;	      /* NaN: NULL */
	char params[1024];	      /* JSON, "" none */
	char created[32];
};

struct ioa_placement_rec {
	int task_id;
	int pcpu;
	int64_t start_ns;
	int64_t end_ns;
};

struct ioa_metric_rec {
	const char *scope; /* schedule, component, pcpu, vcpu */
	char key[32];	   /* component, pCPU number, "vm/vcpu" or "chain N", "" */
	const char *name;  /* avg_util_pct, max_util_pct, overload_s, ... */
	double value;
};

struct ioa_series_rec {
	const char *component;
	int64_t t_ns;
	double util_pct;
};

struct ioa_sweep_rec {
	int pcpus;
	char mode[16];
	double cap_pct;
	char kind[16];
	int64_t makespan_ns;
	double overload_s;
	double wait_mean_ns;
	double wait_p90_ns;
	double overlap_s;
	char status[16];
	double solve_seconds;
	char peaks[256]; /* JSON: component -> max utilisation % */
};

struct ioa_stat_rec {
	const char *policy;
	const char *figure;
	int n;
	double p10, median, p90, mean;
};

/**
 * ioa_db_scenario_create() - insert a scenario and its @n tasks in one transaction
 * @sc: scenario_id is set; created is filled when empty
 * Errors: IOA_EDB, IOA_EBUSY.
 */
int ioa_db_scenario_create(struct ioa_db *db, struct ioa_scenario_rec *sc,
			   const struct ioa_task_rec *t, int n, struct ioa_err *err);

/* a scenario; @id 0 = the latest. IOA_ENODATA when there is none */
int ioa_db_scenario_get(struct ioa_db *db, int64_t id, struct ioa_scenario_rec *out,
			struct ioa_err *err);

/* the tasks of a scenario in task_id order; *out freed by the caller */
int ioa_db_scenario_tasks(struct ioa_db *db, int64_t id, struct ioa_task_rec **out, int *n,
			  struct ioa_err *err);

/**
 * ioa_db_schedule_store() - store a checked schedule with its @n placements
 * Replaces the schedule of the same kind of that scenario (its metrics and series go with it).
 * One transaction. @s->schedule_id is set; created filled when empty.
 */
int ioa_db_schedule_store(struct ioa_db *db, struct ioa_schedule_rec *s,
			  const struct ioa_placement_rec *p, int n, struct ioa_err *err);

/* the schedules of a scenario in schedule_id order */
int ioa_db_schedules(struct ioa_db *db, int64_t scenario_id, struct ioa_schedule_rec **out, int *n,
		     struct ioa_err *err);

/* the placements of a schedule in task_id order */
int ioa_db_placements(struct ioa_db *db, int64_t schedule_id, struct ioa_placement_rec **out,
		      int *n, struct ioa_err *err);

/**
 * ioa_db_sim_store() - replace a schedule's metrics and utilisation series, one transaction
 */
int ioa_db_sim_store(struct ioa_db *db, int64_t schedule_id, const struct ioa_metric_rec *m, int nm,
		     const struct ioa_series_rec *s, int ns, struct ioa_err *err);

/* replace sweep points of a scenario (same pcpus/mode/cap/kind), one transaction */
int ioa_db_sweep_store(struct ioa_db *db, int64_t scenario_id, const struct ioa_sweep_rec *r, int n,
		       struct ioa_err *err);
int ioa_db_sweep_load(struct ioa_db *db, int64_t scenario_id, struct ioa_sweep_rec **out, int *n,
		      struct ioa_err *err);

/* replace the distribution rows of a random sweep run, one transaction */
int ioa_db_sweep_stats_store(struct ioa_db *db, const char *run, const struct ioa_stat_rec *r,
			     int n, struct ioa_err *err);

/**
 * ioa_db_trace_tasks() - the vCPU segments of a trace as tasks with their as-traced placement
 * @tasks, @place: [*n], freed by the caller; chains are numbered per vCPU thread from 0
 * @cpus: out, the trace's CPU count
 * Release = the wake-up before the segment when known, else its start; unclassified segments
 * are COMPUTE with 0 %. IOA_ENODATA when the trace has no vCPU segments.
 */
int ioa_db_trace_tasks(struct ioa_db *db, int64_t trace_id, struct ioa_task_rec **tasks,
		       struct ioa_placement_rec **place, int *n, int *cpus, struct ioa_err *err);

/* the first event timestamp of a trace (0 when unknown) */
int ioa_db_trace_first(struct ioa_db *db, int64_t trace_id, int64_t *first_ns, struct ioa_err *err);

/* the host trace of a guest trace (0: @trace_id is not a guest trace); IOA_ENODATA: no such trace
 */
int ioa_db_trace_host(struct ioa_db *db, int64_t trace_id, int64_t *host_trace_id,
		      struct ioa_err *err);

/* what a command given no trace and no scenario works on */
struct ioa_db_newest {
	int64_t trace_id; /* the newest trace, 0: none */
	char file[1024];  /* its file as given to ingest */
	int64_t synth_id; /* the newest scenario not built from a trace (synth), 0: none */
	int synth_newer;  /* created no earlier than that trace was ingested (to the ms) */
};

/* the newest trace and the newest synthetic scenario; 0 ids when there are none */
int ioa_db_newest(struct ioa_db *db, struct ioa_db_newest *out, struct ioa_err *err);

#endif
