/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What classify does with the device accesses it saw (analyzer/devlearn.h): store them as
 * device_access rows, and write what was learnt as a device map for review
 * (`classify --learn-devmap FILE`).
 */
#ifndef IOA_DEVICES_H
#define IOA_DEVICES_H

#include <stdint.h>
#include <stdio.h>

#include "db.h"
#include "devlearn.h"

/* inside the classify transaction: replace the trace's device_access rows */
int ioa_devices_store(struct ioa_db *db, int64_t trace_id, const struct ioa_learn *l,
		      struct ioa_err *err);

/* the header of a learnt map: how it was made */
void ioa_devices_map_header(FILE *f, const char *db, const struct ioa_learn_params *p);

/*
 * one trace's part of a learnt map: a rule per attributed address (port, or MMIO page) with
 * the evidence as a comment; named and unknown-but-unlearnt addresses as comments only
 */
void ioa_devices_map_write(FILE *f, int64_t trace_id, const struct ioa_learn *l,
			   const struct ioa_learn_params *p);

#endif
