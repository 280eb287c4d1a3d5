// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Destructive lower bounds (Klein & Scholl): assume a makespan T, derive start windows
 * [es_j, ls_j] from releases, deadlines, heads and tails, and propagate until a fixpoint with
 *   - precedences (forward / backward),
 *   - disjunctive pairs: two tasks whose demands exceed a capacity together cannot overlap,
 *   - time-tabling on compulsory parts [ls_j, es_j + p_j),
 *   - energetic reasoning on intervals [t1, t2): the minimal energy of every task inside the
 *     interval must fit, and a task whose left (right) shifted part does not fit in the slack
 *     left by the others is pushed out of the interval.
 * An empty window refutes "a schedule of makespan <= T exists", so T + 1 is a lower bound.
 * Every rule only removes start times that no schedule of makespan <= T can use: a refutation
 * is a proof. One level of shaving (try the first start time of a window; when refuted, drop
 * it) strengthens the test.
 */
#include <stdlib.h>
#include <string.h>

#include "optimizer.h"

#define MAX_PASSES 64

struct dctx {
	const struct ioa_inst *inst;
	int n;
	int64_t *es, *ls;
	unsigned char *incompat; /* [n * n] cannot overlap */
	int64_t *pts1, *pts2;	 /* interval end points, 3 n each */
	double deadline;
};

static int64_t dur(const struct dctx *c, int j)
{
	return c->inst->task[j].dur;
}

/* precedences; returns 1 on an empty window */
static int prop_prec(struct dctx *c, int *changed)
{
	const struct ioa_inst *in = c->inst;
	int i, e, j;

	for (i = 0; i < c->n; i++) {
		j = in->topo[i];
		for (e = in->pred_off[j]; e < in->pred_off[j + 1]; e++) {
			int p = in->pred[e];

			if (c->es[p] + dur(c, p) > c->es[j]) {
				c->es[j] = c->es[p] + dur(c, p);
				*changed = 1;
			}
		}
	}
	for (i = c->n - 1; i >= 0; i--) {
		j = in->topo[i];
		for (e = in->succ_off[j]; e < in->succ_off[j + 1]; e++) {
			int s = in->succ[e];

			if (c->ls[s] - dur(c, j) < c->ls[j]) {
				c->ls[j] = c->ls[s] - dur(c, j);
				*changed = 1;
			}
		}
		if (c->ls[j] < c->es[j])
			return 1;
	}
	return 0;
}

static int prop_pairs(struct dctx *c, int *changed)
{
	int i, j;

	for (i = 0; i < c->n; i++) {
		for (j = i + 1; j < c->n; j++) {
			int ij, ji;

			if (!c->incompat[(size_t)i * c->n + j])
				continue;
			ij = c->es[i] + dur(c, i) <= c->ls[j];
			ji = c->es[j] + dur(c, j) <= c->ls[i];
			if (!ij && !ji)
				return 1;
			if (ij && ji)
				continue;
			if (!ji) { /* i before j */
				if (c->es[j] < c->es[i] + dur(c, i) ||
				    c->ls[i] > c->ls[j] - dur(c, i))
					*changed = 1;
				c->es[j] = IOA_MAX(c->es[j], c->es[i] + dur(c, i));
				c->ls[i] = IOA_MIN(c->ls[i], c->ls[j] - dur(c, i));
			} else {
				if (c->es[i] < c->es[j] + dur(c, j) ||
				    c->ls[j] > c->ls[i] - dur(c, j))
					*changed = 1;
				c->es[i] = IOA_MAX(c->es[i], c->es[j] + dur(c, j));
				c->ls[j] = IOA_MIN(c->ls[j], c->ls[i] - dur(c, j));
			}
			if (c->ls[i] < c->es[i] || c->ls[j] < c->es[j])
				return 1;
		}
	}
	return 0;
}

/* minimal time task j spends inside [t1, t2) */
static int64_t min_in(const struct dctx *c, int j, int64_t t1, int64_t t2)
{
	int64_t p = dur(c, j), v = IOA_MIN(p, t2 - t1);

	v = IOA_MIN(v, c->es[j] + p - t1);
	v = IOA_MIN(v, t2 - c->ls[j]);
	return IOA_MAX(0, v);
}

/* push j out of [t1, t2) where it would use more than s time units in it */
static int er_adjust(struct dctx *c, int j, int64_t t1, int64_t t2, int64_t s, int *changed)
{
	int64_t p = dur(c, j);

	if (IOA_MIN(p, t2 - t1) <= s)
		return 0;
	if (c->es[j] > t1 + s - p && c->es[j] < t2 - s) {
		c->es[j] = t2 - s;
		*changed = 1;
	}
	if (c->ls[j] < t2 - s && c->ls[j] > t1 + s - p) {
		c->ls[j] = t1 + s - p;
		*changed = 1;
	}
	return c->ls[j] < c->es[j];
}

/* energetic reasoning on resource k over [t1, t2) */
static int er_interval(struct dctx *c, int k, int64_t t1, int64_t t2, int *changed)
{
	const struct ioa_inst *in = c->inst;
	int64_t w = 0, avail = (int64_t)in->cap[k] * (t2 - t1);
	int j;

	for (j = 0; j < c->n; j++)
		w += (int64_t)ioa_dem(in, j, k) * min_in(c, j, t1, t2);
	if (w > avail)
		return 1;
	for (j = 0; j < c->n; j++) {
		int64_t d = ioa_dem(in, j, k), slack;

		if (d <= 0 || dur(c, j) <= 0)
			continue;
		slack = avail - (w - d * min_in(c, j, t1, t2));
		if (er_adjust(c, j, t1, t2, slack / d, changed))
			return 1;
	}
	return 0;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* sort and drop duplicates; returns the new length */
static int uniq(int64_t *v, int m)
{
	int i, k = 0;

	qsort(v, (size_t)m, sizeof(*v), cmp_i64);
	for (i = 0; i < m; i++)
		if (!k || v[i] != v[k - 1])
			v[k++] = v[i];
	return k;
}

static int prop_energy(struct dctx *c, int *changed)
{
	const struct ioa_inst *in = c->inst;
	int j, k, a, b, m, m1, m2;

	for (k = 0; k < in->nres; k++) {
		if (in->cap[k] <= 0)
			continue;
		for (j = 0, m = 0; j < c->n; j++) {
			if (ioa_dem(in, j, k) <= 0 || dur(c, j) <= 0)
				continue;
			c->pts1[m] = c->es[j];
			c->pts2[m++] = c->ls[j] + dur(c, j);
			c->pts1[m] = c->ls[j];
			c->pts2[m++] = c->es[j] + dur(c, j);
			c->pts1[m] = c->es[j] + dur(c, j);
			c->pts2[m++] = c->ls[j];
		}
		m1 = uniq(c->pts1, m);
		m2 = uniq(c->pts2, m);
		for (a = 0; a < m1 && ioa_now() < c->deadline; a++)
			for (b = 0; b < m2; b++)
				if (c->pts1[a] < c->pts2[b] &&
				    er_interval(c, k, c->pts1[a], c->pts2[b], changed))
					return 1;
	}
	return 0;
}

/* fixpoint of all rules; returns 1 when refuted (or 0 when the time budget ran out) */
static int propagate(struct dctx *c)
{
	int pass, changed = 1;

	for (pass = 0; changed && pass < MAX_PASSES; pass++) {
		changed = 0;
		if (prop_prec(c, &changed) || prop_pairs(c, &changed))
			return 1;
		if (prop_prec(c, &changed) || prop_energy(c, &changed))
			return 1;
		if (ioa_now() > c->deadline)
			return 0;
	}
	return 0;
}

/* windows of makespan T before propagation */
static int init_windows(struct dctx *c, int64_t T)
{
	const struct ioa_inst *in = c->inst;
	int j;

	ioa_heads(in, c->es);
	ioa_tails(in, c->ls);
	for (j = 0; j < c->n; j++) {
		int64_t lf = T - c->ls[j];

		if (in->task[j].deadline != IOA_NONE)
			lf = IOA_MIN(lf, in->task[j].deadline);
		c->ls[j] = lf - dur(c, j);
		if (c->ls[j] < c->es[j])
			return 1;
	}
	return 0;
}

/* try start @s for task j alone; returns 1 when that refutes (windows restored either way) */
static int try_start(struct dctx *c, int j, int64_t s, int64_t *es2, int64_t *ls2)
{
	size_t sz = (size_t)c->n * sizeof(int64_t);
	int r;

	memcpy(es2, c->es, sz);
	memcpy(ls2, c->ls, sz);
	c->es[j] = c->ls[j] = s;
	r = propagate(c);
	memcpy(c->es, es2, sz);
	memcpy(c->ls, ls2, sz);
	return r;
}

/* shaving: a task that cannot start at the first (last) start of its window loses it */
static int shave(struct dctx *c, int64_t *es2, int64_t *ls2)
{
	int j, changed = 0;

	for (j = 0; j < c->n && ioa_now() < c->deadline; j++) {
		if (c->es[j] < c->ls[j] && try_start(c, j, c->es[j], es2, ls2)) {
			c->es[j]++;
			changed = 1;
			if (propagate(c))
				return 1;
		}
		if (c->es[j] < c->ls[j] && try_start(c, j, c->ls[j], es2, ls2)) {
			c->ls[j]--;
			changed = 1;
			if (propagate(c))
				return 1;
		}
	}
	return changed ? -1 : 0;
}

static int refute(struct dctx *c, int64_t T, int shaving)
{
	int64_t *es2, *ls2;
	int r = 0, round;

	if (init_windows(c, T) || propagate(c))
		return 1;
	if (!shaving)
		return 0;
	es2 = ioa_xmalloc((size_t)c->n * sizeof(int64_t));
	ls2 = ioa_xmalloc((size_t)c->n * sizeof(int64_t));
	for (round = 0; round < 16 && (r = shave(c, es2, ls2)) < 0; round++)
		;
	free(es2);
	free(ls2);
	return r > 0;
}

static void ctx_init(struct dctx *c, const struct ioa_inst *inst, double time_limit)
{
	int i, j, k;

	c->inst = inst;
	c->n = inst->n;
	c->es = ioa_xmalloc((size_t)(c->n + 1) * sizeof(int64_t));
	c->ls = ioa_xmalloc((size_t)(c->n + 1) * sizeof(int64_t));
	c->pts1 = ioa_xmalloc((size_t)(3 * c->n + 1) * sizeof(int64_t));
	c->pts2 = ioa_xmalloc((size_t)(3 * c->n + 1) * sizeof(int64_t));
	c->incompat = ioa_xcalloc((size_t)c->n * c->n + 1, 1);
	c->deadline = ioa_now() + time_limit;
	for (i = 0; i < c->n; i++)
		for (j = 0; j < c->n; j++)
			for (k = 0; k < inst->nres && i != j; k++)
				if (ioa_dem(inst, i, k) + ioa_dem(inst, j, k) > inst->cap[k] &&
				    inst->task[i].dur > 0 && inst->task[j].dur > 0)
					c->incompat[(size_t)i * c->n + j] = 1;
}

static void ctx_release(struct dctx *c)
{
	free(c->es);
	free(c->ls);
	free(c->pts1);
	free(c->pts2);
	free(c->incompat);
}

int ioa_windows(const struct ioa_inst *inst, int64_t T, double time_limit, int64_t *es, int64_t *ls)
{
	struct dctx c;
	int r;

	ctx_init(&c, inst, time_limit);
	r = refute(&c, T, inst->n <= IOA_DESTRUCTIVE_MAX_TASKS);
	memcpy(es, c.es, (size_t)c.n * sizeof(int64_t));
	memcpy(ls, c.ls, (size_t)c.n * sizeof(int64_t));
	ctx_release(&c);
	return r;
}

int64_t ioa_lb_destructive(const struct ioa_inst *inst, int64_t lb, int64_t ub, double time_limit)
{
	struct dctx c;
	int shaving;

	if (inst->n <= 0 || inst->n > IOA_DESTRUCTIVE_MAX_TASKS)
		return lb;
	ctx_init(&c, inst, time_limit);
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
	ctx_release(&c);
	return lb;
}
