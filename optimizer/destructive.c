// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Destructive lower bounds (Klein & Scholl): assume a makespan T, derive start windows
 * [es_j, ls_j] and propagate them (prop.c: precedences, disjunctive pairs, time-tabling,
 * energetic reasoning). An empty window refutes "a schedule of makespan <= T exists", so T + 1 is a
 * lower bound. Every rule only removes start times that no schedule of makespan <= T can use: a
 * refutation is a proof. One level of shaving (try the first start time of a window; when refuted,
 * drop it) strengthens the test.
 */
#include <stdlib.h>
#include <string.h>

#include "prop.h"

/* try start @s for task j alone; returns 1 when that refutes (windows restored either way) */
static int try_start(struct ioa_prop *c, int j, int64_t s, int64_t *es2, int64_t *ls2)
{
	size_t sz = (size_t)c->n * sizeof(int64_t);
	int r;

	memcpy(es2, c->es, sz);
	memcpy(ls2, c->ls, sz);
	c->es[j] = c->ls[j] = s;
	r = ioa_prop_run(c);
	memcpy(c->es, es2, sz);
	memcpy(c->ls, ls2, sz);
	return r;
}

/* shaving: a task that cannot start at the first (last) start of its window loses it */
static int shave(struct ioa_prop *c, int64_t *es2, int64_t *ls2)
{
	int j, changed = 0;

	for (j = 0; j < c->n && ioa_now() < c->deadline; j++) {
		if (c->es[j] < c->ls[j] && try_start(c, j, c->es[j], es2, ls2)) {
			c->es[j]++;
			changed = 1;
			if (ioa_prop_run(c))
				return 1;
		}
		if (c->es[j] < c->ls[j] && try_start(c, j, c->ls[j], es2, ls2)) {
			c->ls[j]--;
			changed = 1;
			if (ioa_prop_run(c))
				return 1;
		}
	}
	return changed ? -1 : 0;
}

int ioa_prop_shave(struct ioa_prop *c)
{
	int64_t *es2, *ls2;
	int r = 0, round;

	es2 = ioa_xmalloc((size_t)c->n * sizeof(int64_t));
	ls2 = ioa_xmalloc((size_t)c->n * sizeof(int64_t));
	for (round = 0; round < 16 && (r = shave(c, es2, ls2)) < 0; round++)
		;
	free(es2);
	free(ls2);
	return r > 0;
}

static int refute(struct ioa_prop *c, int64_t T, int shaving)
{
	if (ioa_prop_windows(c, T) || ioa_prop_run(c))
		return 1;
	return shaving && ioa_prop_shave(c);
}

int ioa_windows(const struct ioa_inst *inst, int64_t T, double time_limit, int64_t *es, int64_t *ls)
{
	struct ioa_prop c;
	int r;

	ioa_prop_init(&c, inst, time_limit);
	r = refute(&c, T, inst->n <= IOA_DESTRUCTIVE_MAX_TASKS);
	memcpy(es, c.es, (size_t)c.n * sizeof(int64_t));
	memcpy(ls, c.ls, (size_t)c.n * sizeof(int64_t));
	ioa_prop_release(&c);
	return r;
}

int64_t ioa_lb_destructive(const struct ioa_inst *inst, int64_t lb, int64_t ub, double time_limit)
{
	struct ioa_prop c;
	int shaving;

	if (inst->n <= 0 || inst->n > IOA_DESTRUCTIVE_MAX_TASKS)
		return lb;
	ioa_prop_init(&c, inst, time_limit);
	/* without shaving first (cheap), then with; every refuted T proves T + 1 */
	for (shaving = 0; shaving <= 1; shaving++) {
		int64_t lo = lb, hi = ub - 1;

		while (lo <= hi && ioa_now() < c.deadline) {
			int64_t mid = lo + (hi - lo) / 2;

			if (refute(&c, mid, shaving))
				lo = lb = mid + 1;
			else
				hi = mid - 1;
		}
	}
	ioa_prop_release(&c);
	return lb;
}
