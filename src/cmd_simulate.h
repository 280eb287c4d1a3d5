/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What `simulate` and `sweep` share (src/ only): database rows <-> simulator and optimizer
 * inputs, schedules built through the optimizer API, figures of a simulated schedule as metric
 * rows and as JSON.
 */
#ifndef IOA_CMD_SIMULATE_H
#define IOA_CMD_SIMULATE_H

#include <stdio.h>

#include "db.h"
#include "db_schedule.h"
#include "sim.h"

#define IOA_NKINDS 3 /* baseline, online, optimized */

/* a schedule computed through the optimizer API */
struct ioa_built {
	const char *kind;
	int status; /* enum ioa_status */
	double seconds, gap;
	int64_t makespan, bound;  /* bound -1 unknown */
	struct ioa_sim_place *pl; /* [n] */
	/* optimized: the wait stage (planned total waits; wait_online -1: online not at C*) */
	int wait_status;
	int64_t wait_total, wait_online;
};

/*
 * the VMs of a scenario's tasks: one group per (vm_id, copy), a --repeat copy being a VM of its
 * own; tasks without a VM form the groups of id -1
 */
struct ioa_vm_groups {
	int n;
	int64_t *id;	  /* [n] vm_id, ascending by (id, copy) */
	int *copy;	  /* [n] 0 as traced, k the k-th copy of --repeat */
	char (*base)[64]; /* [n] the VM's name in the database, "vm ID" when it has none */
	char (*name)[64]; /* [n] its label: base, "NAME#k" for copy k, "vm ID NAME" when
			   * another VM of the scenario has the same name */
	int *of_task;	  /* [ntasks] group of each task */
};

/* group the tasks by VM and look their names up; release with ioa_vm_groups_release() */
int ioa_vm_groups_load(struct ioa_vm_groups *g, struct ioa_db *db, const struct ioa_task_rec *t,
		       int n, struct ioa_err *err);
void ioa_vm_groups_release(struct ioa_vm_groups *g);

/* the key of group @i in metric rows and budgets: "ID", or "ID#k" for copy k */
void ioa_vm_key(char *buf, size_t size, const struct ioa_vm_groups *g, int i);

/* per-VM latency (@x: [g->n]) appended to metric rows: scope "vm", key ioa_vm_key() */
void ioa_vm_metrics(const struct ioa_vm_groups *g, const struct ioa_sim_group *x,
		    struct ioa_metric_rec **m, int *nm);

/* `"vms": [{"vm": ID, "copy": k, "name": ..., "p50_wait_ms": ..., ...}]` (no braces around) */
void ioa_vm_json(FILE *out, const struct ioa_vm_groups *g, const struct ioa_sim_group *x);

/* DB tasks -> simulator tasks; IOA_EINPUT on an unknown category */
int ioa_tasks_to_sim(const struct ioa_task_rec *t, int n, struct ioa_sim_task **out,
		     struct ioa_err *err);

/**
 * ioa_build_schedules() - baseline, online and optimized schedules of @n tasks on @pcpus
 * @mode: enum ioa_mode; @cap: overlap capacity %; @time_limit: seconds for the optimized one
 * @mask: which kinds to build (bit k = kind k); the others are left with pl == NULL
 * @out: [IOA_NKINDS], release each with ioa_built_release()
 * Deadlines are passed to the optimizer only in EDF mode (elsewhere they are measured only).
 */
int ioa_build_schedules(const struct ioa_task_rec *t, int n, int pcpus, int mode, int cap,
			double time_limit, uint64_t seed, int mask, struct ioa_built *out,
			struct ioa_err *err);
void ioa_built_release(struct ioa_built *b);

/* the figures of @r as metric rows / util_series rows; arrays freed by the caller */
void ioa_sim_metrics(const struct ioa_sim_result *r, const struct ioa_task_rec *t, int n,
		     struct ioa_metric_rec **m, int *nm, struct ioa_series_rec **s, int *ns);

/* `"components": {...}, "pcpus": [...], ...` of one simulated schedule (no braces) */
void ioa_sim_json(FILE *out, const struct ioa_sim_result *r);

/* peaks as JSON text {"RAM": 12.5, ...} */
void ioa_sim_peaks_json(const struct ioa_sim_result *r, char *buf, size_t size);

#endif
