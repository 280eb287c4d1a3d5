/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The db module, interference part: pairs of VMs of a schedule that used one component at once. */
#ifndef IOA_DB_INTERFERENCE_H
#define IOA_DB_INTERFERENCE_H

#include <stdint.h>

#include "db.h"

struct ioa_itf_rec {
	int64_t vm_a; /* (vm_a, copy_a) < (vm_b, copy_b) */
	int copy_a;
	int64_t vm_b;
	int copy_b;
	const char *component; /* RAM .. CACHE */
	int64_t overlap_ns;    /* > 0 */
};

/**
 * ioa_db_interference_store() - replace the interference rows of a schedule, one transaction
 * Errors: IOA_EDB (a row breaking the table's checks), IOA_EBUSY.
 */
int ioa_db_interference_store(struct ioa_db *db, int64_t schedule_id, const struct ioa_itf_rec *r,
			      int n, struct ioa_err *err);

#endif
