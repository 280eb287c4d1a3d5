/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Interference between VMs in a schedule: for each pair of VMs and each I/O component, how long
 * both ran a task of that component's category at the same time. Pure; works on plain arrays.
 */
#ifndef IOA_INTERFERE_H
#define IOA_INTERFERE_H

#include <stdint.h>

/* one placed task: its VM (vm, copy), category index (< IOA_NCAT) and when it ran */
struct ioa_itf_task {
	int64_t vm;
	int copy;
	int cat;
	int64_t start, end;
};

/* a pair of VMs, a < b in (vm, copy) order, and their overlap on one component */
struct ioa_itf_pair {
	int64_t vm_a;
	int copy_a;
	int64_t vm_b;
	int copy_b;
	int cat;
	int64_t overlap_ns;
};

/**
 * ioa_interference() - the overlap of every pair of distinct VMs on every I/O category
 * Tasks of COMPUTE (and any category >= it) never count; tasks of one VM never pair with each
 * other; time three VMs share counts for each of their pairs; time is counted once per pair
 * however many vCPUs of the two VMs run.
 * @out: [*n] pairs with overlap > 0, by overlap (largest first), freed by the caller
 */
void ioa_interference(const struct ioa_itf_task *t, int nt, struct ioa_itf_pair **out, int *n);

#endif
