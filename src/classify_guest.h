/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * classify, the guest's view: for a host trace with guest traces ingested with it, the guest
 * task profiles (analyzer/guest_tasks.h, stored in guest_task) and, per host vCPU segment, the
 * guest tasks that ran in it, which relabel the segment (ioa_gt_combine).
 */
#ifndef IOA_CLASSIFY_GUEST_H
#define IOA_CLASSIFY_GUEST_H

#include "classify.h"
#include "db.h"
#include "guest_tasks.h"

struct ioa_gview;

/**
 * ioa_gview_load() - profile every guest trace of @trace_id (a host), and @trace_id itself
 * when @is_guest; store the profiles (inside the caller's transaction)
 * @out: NULL when there is nothing to relabel (no guest with a vCPU map)
 * Returns 0 or IOA_E*.
 */
int ioa_gview_load(struct ioa_gview **out, struct ioa_db *db, int64_t trace_id, int is_guest,
		   const struct ioa_gt_params *p, const struct ioa_devmap *map,
		   struct ioa_err *err);
void ioa_gview_free(struct ioa_gview *v);

/* profiles stored by the last load, over all its guests */
size_t ioa_gview_tasks(const struct ioa_gview *v);

/**
 * ioa_gview_label() - relabel result @r (results in (vCPU, start) order) by its guest tasks
 * @ev: the context evidence JSON (an object) of @r, of @size bytes: the guest's part is added
 */
void ioa_gview_label(struct ioa_gview *v, struct ioa_cls_result *r, char *ev, size_t size);

#endif
