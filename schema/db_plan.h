/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The db module, plan part: VM names of a scenario's tasks, and the capacity plan (plan,
 * plan_policy, plan_point) written by `ioaware plan` and read by `run` and the report.
 */
#ifndef IOA_DB_PLAN_H
#define IOA_DB_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

#define IOA_PLAN_NCOMP 6 /* components of the peaks, in category order */

struct ioa_plan_rec {
	int64_t plan_id; /* out of store */
	int64_t scenario_id;
	double budget_ms;
	char budgets[512]; /* JSON {"VM id": ms}, "{}" none */
	char mode[16];
	double cap_pct;
	int pcpus_lo, pcpus_hi;
	double time_limit_s;
	char sentence[512];
	double seconds;
	char created[32];
};

struct ioa_plan_policy_rec {
	char policy[16]; /* baseline, online, optimized */
	int cores;	 /* 0: none holds (NULL) */
	char binding[16];
	char reason[512];
	int proven;
	double p99_wait_ms, max_wait_ms, overload_ms;
	char peaks[256]; /* JSON */
};

struct ioa_plan_point_rec {
	int pcpus;
	char policy[16];
	int holds;
	char fails[40];
	double p99_wait_ms, max_wait_ms, overload_ms, makespan_ms;
	int deadline_misses;
	char peaks[256];
	char status[16];
	double solve_seconds;
};

/* a stored plan with its rows, as read back */
struct ioa_plan_data {
	struct ioa_plan_rec plan;
	struct ioa_plan_policy_rec *pol;
	int npol;
	struct ioa_plan_point_rec *pt;
	int npt;
};

/* the name of VM @vm_id into @buf ("" when the database has no such VM) */
int ioa_db_vm_name(struct ioa_db *db, int64_t vm_id, char *buf, size_t size, struct ioa_err *err);

/**
 * ioa_db_plan_store() - insert a plan with its policies and points, one transaction
 * @p: plan_id is set; created filled when empty
 */
int ioa_db_plan_store(struct ioa_db *db, struct ioa_plan_rec *p,
		      const struct ioa_plan_policy_rec *pol, int npol,
		      const struct ioa_plan_point_rec *pt, int npt, struct ioa_err *err);

/**
 * ioa_db_plan_load() - the latest plan of @scenario_id (0: the latest plan of any scenario)
 * @out: filled (plan_id 0 when there is none, not an error); release with
 * ioa_plan_data_release(). A database without the plan tables has no plan.
 */
int ioa_db_plan_load(struct ioa_db *db, int64_t scenario_id, struct ioa_plan_data *out,
		     struct ioa_err *err);
void ioa_plan_data_release(struct ioa_plan_data *d);

#endif
