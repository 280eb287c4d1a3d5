// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Synthetic vCPU instances for the scale benchmark and tests: 16 vCPUs (chains) whose segments
 * alternate run and short sleeps (0-100 us), six I/O categories plus COMPUTE (a quarter of the
 * segments), P = 4, strict mode. Deterministic for a given size (the project's PRNG seeded with
 * it). Times in ns.
 */
#include <stdio.h>
#include <stdlib.h>

#include "optimizer.h"
#include "rng.h"

int ioa_synthetic_vcpu(struct ioa_inst *inst, long n, struct ioa_err *err)
{
	struct ioa_vtask *v = ioa_xcalloc((size_t)n + 1, sizeof(*v));
	int nv = n < 160 ? (int)(n + 9) / 10 : 16, ret;
	int64_t *clock = ioa_xcalloc((size_t)nv, sizeof(int64_t));
	struct ioa_rng rng;
	long i;

	ioa_rng_seed(&rng, (uint64_t)n);
	for (i = 0; i < n; i++) {
		int c = (int)(i % nv);

		v[i].chain = c;
		v[i].release = clock[c];
		v[i].dur = 20000 + (int64_t)ioa_rng_below(&rng, 480000);
		v[i].deadline = IOA_NONE;
		v[i].pin = IOA_NONE;
		v[i].cat = !ioa_rng_below(&rng, 4) ? IOA_CAT_COMPUTE : (int)ioa_rng_below(&rng, 6);
		v[i].util = 10 + (int)ioa_rng_below(&rng, 80);
		clock[c] += v[i].dur + (int64_t)ioa_rng_below(&rng, 100000);
	}
	ret = ioa_inst_vcpu(inst, v, (int)n, 4, IOA_MODE_STRICT, 100, err);
	if (!ret)
		snprintf(inst->name, sizeof(inst->name), "synthetic-%ld", n);
	free(v);
	free(clock);
	return ret;
}
