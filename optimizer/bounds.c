// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Lower bounds on the makespan, computed before any search: the critical path with release
 * dates, and per resource an energy bound that uses heads and tails (for the pCPU resource it is
 * work / P, for a unary category the per-category load bound). Every schedule the solver reports
 * is compared against the best of them.
 */
#include <stdlib.h>

#include "optimizer.h"

void ioa_heads(const struct ioa_inst *inst, int64_t *head)
{
	int i, e, j;

	for (i = 0; i < inst->n; i++) {
		j = inst->topo[i];
		head[j] = inst->task[j].release;
		for (e = inst->pred_off[j]; e < inst->pred_off[j + 1]; e++) {
			int p = inst->pred[e];

			head[j] = IOA_MAX(head[j], head[p] + inst->task[p].dur);
		}
	}
}

void ioa_tails(const struct ioa_inst *inst, int64_t *tail)
{
	int i, e, j;

	for (i = inst->n - 1; i >= 0; i--) {
		j = inst->topo[i];
		tail[j] = 0;
		for (e = inst->succ_off[j]; e < inst->succ_off[j + 1]; e++) {
			int s = inst->succ[e];

			tail[j] = IOA_MAX(tail[j], inst->task[s].dur + tail[s]);
		}
	}
}

struct hq {
	int64_t head, tail, energy;
};

static int by_head_desc(const void *a, const void *b)
{
	const struct hq *x = a, *y = b;

	return x->head < y->head ? 1 : x->head > y->head ? -1 : 0;
}

static int64_t ceil_div(int64_t a, int64_t b)
{
	return (a + b - 1) / b;
}

/* max over h of h + ceil(E(head >= h) / C) + min tail, on the tasks that use resource k */
static int64_t energy_bound(const struct ioa_inst *inst, int k, const int64_t *head,
			    const int64_t *tail, struct hq *buf)
{
	int64_t sum = 0, qmin = INT64_MAX, best = 0;
	int j, m = 0, i;

	if (inst->cap[k] <= 0)
		return 0;
	for (j = 0; j < inst->n; j++) {
		int d = ioa_dem(inst, j, k);

		if (d > 0 && inst->task[j].dur > 0)
			buf[m++] = (struct hq){ head[j], tail[j], (int64_t)d * inst->task[j].dur };
	}
	qsort(buf, (size_t)m, sizeof(*buf), by_head_desc);
	for (i = 0; i < m; i++) {
		sum += buf[i].energy;
		qmin = IOA_MIN(qmin, buf[i].tail);
		if (i + 1 < m && buf[i + 1].head == buf[i].head)
			continue;
		best = IOA_MAX(best, buf[i].head + ceil_div(sum, inst->cap[k]) + qmin);
	}
	return best;
}

int64_t ioa_bounds_compute(const struct ioa_inst *inst, struct ioa_bounds *b)
{
	int64_t *head = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int64_t));
	int64_t *tail = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int64_t));
	struct hq *buf = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(*buf));
	int j, k;

	ioa_heads(inst, head);
	ioa_tails(inst, tail);
	b->cp = b->energy = b->work = 0;
	for (j = 0; j < inst->n; j++)
		b->cp = IOA_MAX(b->cp, head[j] + inst->task[j].dur + tail[j]);
	for (k = 0; k < inst->nres; k++) {
		int64_t e = energy_bound(inst, k, head, tail, buf);

		if (k == inst->res_pcpu)
			b->work = IOA_MAX(b->work, e);
		else
			b->energy = IOA_MAX(b->energy, e);
	}
	b->best = IOA_MAX(b->cp, IOA_MAX(b->energy, b->work));
	free(head);
	free(tail);
	free(buf);
	return b->best;
}
