/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The db module, run part: what `ioaware run` prints at the end. */
#ifndef IOA_DB_RUN_H
#define IOA_DB_RUN_H

#include <stdint.h>

#include "db.h"

/* one schedule of a scenario with the headline figures simulate stored (NaN when absent) */
struct ioa_run_row {
	char kind[16];
	char status[16];
	double gap;
	double makespan_s;
	double wait_mean_s;
	double overload_s;
	double peak_pct; /* highest max_util_pct over the components */
	char peak_component[16];
};

/**
 * ioa_db_run_summary() - the schedules of scenario @scenario_id (0: the latest), in
 * kind order as-traced, baseline, online, heuristic, optimized; @cb returns non-zero to stop
 */
int ioa_db_run_summary(struct ioa_db *db, int64_t scenario_id,
		       int (*cb)(void *priv, const struct ioa_run_row *r), void *priv,
		       struct ioa_err *err);

#endif
