/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The db module, report part: everything `ioaware report` reads, loaded into plain structs in
 * one call. Tables written by later stages (classification, schedules, metrics, utilisation
 * series, sweeps) may be absent or empty: what is missing is left empty and flagged, never an
 * error, so a report can be drawn right after ingest.
 */
#ifndef IOA_DB_REPORT_H
#define IOA_DB_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "db_plan.h"

/* categories as the report shows them: the six components, COMPUTE, OVERHEAD (no component:
 * per-vCPU virtualisation mechanics), then IDLE and none */
enum ioa_rep_cat {
	IOA_REP_RAM = 0,
	IOA_REP_ETHERNET,
	IOA_REP_BUS,
	IOA_REP_GPU,
	IOA_REP_STORAGE,
	IOA_REP_CACHE,
	IOA_REP_COMPUTE,
	IOA_REP_OVERHEAD,
	IOA_REP_IDLE,
	IOA_REP_UNCLASSIFIED, /* segment not classified (yet) */
	IOA_REP_NCAT,
};
#define IOA_REP_NCOMP 6 /* RAM .. CACHE: the components with a capacity */

/* "RAM", ..., "COMPUTE", "OVERHEAD", "IDLE", "unclassified" */
const char *ioa_rep_cat_name(int cat);
/* index of a category name (case-insensitive), IOA_REP_UNCLASSIFIED when NULL or unknown */
int ioa_rep_cat_parse(const char *name);

/* one bar of a timeline: a run on a lane (host CPU or pCPU) */
struct ioa_rep_span {
	int64_t start_ns;
	int64_t end_ns;
	int32_t lane;
	int32_t cat;
};

struct ioa_rep_warning {
	int64_t trace_id;
	char msg[256];
};

/* per VM and vCPU: time per category and the duration-weighted mean confidence */
struct ioa_rep_vcpu {
	int64_t vm_id;
	int vcpu; /* -1 unknown */
	char vm_name[64];
	int64_t ns[IOA_REP_NCAT];
	int64_t segments;
	double conf;	 /* mean confidence 0..1, -1 when unclassified */
	int64_t conf_ns; /* time with a confidence: the weight of conf */
};

struct ioa_rep_scenario {
	int64_t scenario_id;
	int64_t trace_id; /* 0 synthetic */
	char name[128];
	char source[16];
	char mode[16];
	int pcpus;
	double cap_pct;
};

struct ioa_rep_schedule {
	int64_t schedule_id;
	char kind[16];
	char status[16];
	double objective, bound, gap; /* NaN when NULL */
	int64_t makespan_ns;	      /* -1 when NULL */
	double solve_seconds;	      /* NaN when NULL */
	struct ioa_rep_span *spans;   /* placements, lane = pCPU */
	size_t nspans;
	int64_t t0_ns; /* first start of its placements */
};

struct ioa_rep_metric {
	int64_t schedule_id;
	char scope[16];
	char key[32];
	char name[32];
	double value;
};

/* utilisation step series of one component in one schedule */
struct ioa_rep_series {
	int64_t schedule_id;
	int cat;
	int64_t *t_ns;
	double *pct;
	size_t n;
};

struct ioa_rep_sweep {
	int pcpus;
	char mode[16];
	double cap_pct;
	char kind[16];
	int64_t makespan_ns; /* -1 NULL */
	double overload_s;   /* NaN NULL */
	double wait_mean_ns; /* NaN NULL */
	char peaks[256];     /* JSON text as stored */
};

/* two VMs of the scenario that ran one component's category at once in a schedule */
struct ioa_rep_pair {
	char kind[16]; /* as-traced, baseline */
	int64_t vm_a, vm_b;
	int copy_a, copy_b; /* --repeat copies, 0 the VM as traced */
	char name_a[64], name_b[64];
	int cat; /* the component */
	int64_t overlap_ns;
};

#define IOA_REP_MAX_PAIRS 12

/* a guest task (one name, one category) of a VM whose guest trace was ingested with its host */
struct ioa_rep_gtask {
	int64_t vm_id;
	char vm_name[64];
	char comm[16];
	int threads; /* guest threads of that name and category */
	int cat;     /* its category */
	int64_t run_ns, io_ns;
	double share; /* of its I/O time in cat (COMPUTE: of its run time without I/O) */
};

#define IOA_REP_MAX_GTASKS 24

struct ioa_report_data {
	struct ioa_trace_rec *traces;
	size_t ntraces;
	struct ioa_rep_warning *warnings;
	size_t nwarnings;
	/* the vCPU runs of the first trace as traced, lane = host CPU, t0 = trace start */
	struct ioa_rep_span *traced;
	size_t ntraced;
	int traced_lanes;
	int64_t traced_t0;
	int classified; /* classification rows exist */
	struct ioa_rep_vcpu *vcpus;
	size_t nvcpus;
	int has_scenario;
	struct ioa_rep_scenario scenario;
	struct ioa_rep_schedule *scheds; /* of the scenario, in kind order */
	size_t nscheds;
	struct ioa_rep_metric *metrics;
	size_t nmetrics;
	struct ioa_rep_series *series;
	size_t nseries;
	struct ioa_rep_sweep *sweep;
	size_t nsweep;
	int64_t sweep_scenario_id;
	struct ioa_rep_pair *pairs; /* the scenario's top interference pairs, largest first */
	size_t npairs;
	struct ioa_rep_gtask *gtasks; /* guest tasks per VM, by VM then run time */
	size_t ngtasks;
	struct ioa_plan_data
		plan;	   /* the scenario's latest plan, else the latest (plan_id 0: none) */
	char missing[256]; /* tables not in the database, space separated (for -v) */
};

/**
 * ioa_db_report_load() - read what a report shows
 * @out: filled; release with ioa_report_data_release() (also after an error)
 * @scenario_id: scenario whose schedules to show, 0 = the latest with an optimized schedule
 *               (else the latest with any schedule)
 *
 * Errors: IOA_EDB on a read error, IOA_ENODATA when @scenario_id does not exist.
 */
int ioa_db_report_load(struct ioa_db *db, struct ioa_report_data *out, int64_t scenario_id,
		       struct ioa_err *err);
void ioa_report_data_release(struct ioa_report_data *r);

#endif
