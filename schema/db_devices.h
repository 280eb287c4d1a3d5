/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The db module, devices part: the device_access rows `ioaware classify` writes (one per VM
 * and port or MMIO page, replaced per trace) and the per-address summary `ioaware show
 * devices` lists. Functions return 0 or IOA_E*; a callback returning non-zero stops the walk.
 */
#ifndef IOA_DB_DEVICES_H
#define IOA_DB_DEVICES_H

#include <stdint.h>

#include "db.h"

/* one device_access row; NULL or "" text is stored as NULL */
struct ioa_dev_row {
	int64_t trace_id;
	int64_t vm_id;
	const char *kind; /* "port", "mmio" */
	int64_t lo, hi;
	const char *name;     /* who names it, NULL/"" unknown device */
	const char *category; /* NULL/"" unknown device */
	int64_t exits, exit_ns;
	const char *learnt_category; /* NULL/"" nothing learnt */
	const char *learnt_device;
	int64_t hits;
	double base; /* < 0: NULL */
	double confidence;
};

/* inside a transaction: drop the trace's rows (re-running classify replaces them) */
int ioa_db_dev_clear(struct ioa_db *db, int64_t trace_id, struct ioa_err *err);
int ioa_db_dev_insert(struct ioa_db *db, const struct ioa_dev_row *r, struct ioa_err *err);

/* one address of one trace, over its VMs (show devices) */
struct ioa_dev_show {
	int64_t trace_id;
	char kind[8];
	int64_t lo, hi;
	char name[64];	   /* "" unknown device */
	char category[12]; /* "" unknown device */
	int64_t exits, exit_ns;
	char vms[128];		  /* vm ids, comma-separated */
	char learnt_category[12]; /* of the VM whose attribution is the most confident */
	char learnt_device[32];
	int64_t hits;
	double confidence;
};

/* addresses of every trace (@trace_id 0) or one, in (trace, kind, address) order */
int ioa_db_dev_show_foreach(struct ioa_db *db, int64_t trace_id,
			    int (*cb)(void *priv, const struct ioa_dev_show *r), void *priv,
			    struct ioa_err *err);

#endif
