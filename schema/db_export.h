/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The db module, export part: the placements and utilisation series of one scenario's
 * schedules, as `ioaware export` writes them for trace viewers.
 */
#ifndef IOA_DB_EXPORT_H
#define IOA_DB_EXPORT_H

#include <stdint.h>

#include "db.h"

/* one placement with what its task is */
struct ioa_export_slice {
	int64_t schedule_id;
	char kind[16]; /* as-traced, baseline, online, heuristic, optimized */
	int pcpu;
	int64_t start_ns, end_ns;
	int64_t release_ns; /* wait = start - release */
	int task_id;
	int64_t vm_id;	  /* -1 none (synthetic) */
	int vcpu;	  /* -1 unknown */
	char vm_name[64]; /* "" when the task has no VM row */
	char category[12];
	double util_pct;
	int64_t segment_id; /* -1 synthetic */
};

/* one step of a component's simulated utilisation */
struct ioa_export_util {
	int64_t schedule_id;
	char kind[16];
	char component[12];
	int64_t t_ns;
	double util_pct;
};

/**
 * ioa_db_export_scenario() - which scenario to export: @scenario_id when given (IOA_ENODATA
 * when it does not exist), else the newest scenario of @trace_id when given, else the newest
 * scenario that has schedules. @out receives it, @name its name.
 */
int ioa_db_export_scenario(struct ioa_db *db, int64_t scenario_id, int64_t trace_id, int64_t *out,
			   char *name, size_t name_size, struct ioa_err *err);

/* every placement of the scenario's schedules, by schedule, pCPU and start */
int ioa_db_export_slices(struct ioa_db *db, int64_t scenario_id,
			 int (*cb)(void *priv, const struct ioa_export_slice *s), void *priv,
			 struct ioa_err *err);

/* every utilisation step of the scenario's schedules, by schedule, component and time */
int ioa_db_export_util(struct ioa_db *db, int64_t scenario_id,
		       int (*cb)(void *priv, const struct ioa_export_util *u), void *priv,
		       struct ioa_err *err);

#endif
