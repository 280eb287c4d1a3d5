// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Start-window propagation under an assumed makespan T (Klein & Scholl's destructive
 * reasoning): windows [es_j, ls_j] from releases, deadlines, heads and tails, narrowed until a
 * fixpoint with
 *   - precedences (forward / backward),
 *   - disjunctive pairs: two tasks whose demands exceed a capacity together cannot overlap,
 *   - edge-finding on cliques of such tasks (each clique is a unary resource): a set of
 *     tasks must fit between its earliest start and latest end, and a task that cannot come
 *     first (last) among the set and itself comes after (before) all of it,
 *   - time-tabling: the profile of compulsory parts [ls_j, es_j + p_j) must fit each capacity,
 *     and a task cannot overlap a step of it where its own demand would not fit,
 *   - energetic reasoning on intervals [t1, t2): the minimal energy of every task inside the
 *     interval must fit, and a task whose left (right) shifted part does not fit in the slack
 *     left by the others is pushed out of the interval.
 * Every rule only removes start times that no schedule of makespan <= T inside the windows can
 * use, so an empty window is a proof. Used by the destructive bound and the exact search.
 * Each window change is stamped: from a fixpoint after which one window changed (the search's
 * nodes, ioa_prop_run_after()), precedences run from the changed tasks, the pair rule on their
 * pairs, time-tabling on the resources and edge-finding on the cliques that hold one of them.
 */
#include <stdlib.h>
#include <string.h>

#include "prop.h"

#define MAX_PASSES 64

static int64_t dur(const struct ioa_prop *c, int j)
{
	return c->dur[j];
}

/* fixed, and ends by c->lo */
static int past(const struct ioa_prop *c, int j)
{
	return c->es[j] == c->ls[j] && c->ls[j] + dur(c, j) <= c->lo;
}

/* the window of j changed: every rule has to look at it again */
static void touch(struct ioa_prop *c, int j, int *changed)
{
	c->stamp[j] = ++c->clock;
	*changed = 1;
}

static void raise_es(struct ioa_prop *c, int j, int64_t v, int *changed)
{
	if (v > c->es[j]) {
		c->es[j] = v;
		touch(c, j, changed);
	}
}

static void lower_ls(struct ioa_prop *c, int j, int64_t v, int *changed)
{
	if (v < c->ls[j]) {
		c->ls[j] = v;
		touch(c, j, changed);
	}
}

/* whether a window of @n tasks @v changed since @since (a rule's last run) */
static int dirty(const struct ioa_prop *c, const int *v, int n, int64_t since)
{
	int i;

	for (i = 0; i < n; i++)
		if (c->stamp[v[i]] > since)
			return 1;
	return 0;
}

/* j's window changed: the precedence rule looks at its arcs (once on the stack) */
static void push(struct ioa_prop *c, int j, int *top)
{
	if (c->queued[j])
		return;
	c->queued[j] = 1;
	c->queue[(*top)++] = j;
}

/* the arcs of j: its successors start after it, its predecessors end before it starts */
static int prec_task(struct ioa_prop *c, int j, int *top, int *changed)
{
	const struct ioa_inst *in = c->inst;
	int e;

	for (e = in->succ_off[j]; e < in->succ_off[j + 1]; e++) {
		int s = in->succ[e];
		int64_t v = c->es[j] + dur(c, j);

		if (v > c->es[s] && !past(c, s)) {
			raise_es(c, s, v, changed);
			if (c->ls[s] < c->es[s])
				return 1;
			push(c, s, top);
		}
	}
	for (e = in->pred_off[j]; e < in->pred_off[j + 1]; e++) {
		int p = in->pred[e];
		int64_t v = c->ls[j] - dur(c, p);

		if (v < c->ls[p] && !past(c, p)) {
			lower_ls(c, p, v, changed);
			if (c->ls[p] < c->es[p])
				return 1;
			push(c, p, top);
		}
	}
	return 0;
}

/* precedences from the tasks changed since @since, until no window changes */
static int prec_changed(struct ioa_prop *c, int64_t since, int *changed)
{
	int j, top = 0, fail = 0;

	for (j = 0; j < c->n; j++)
		if (c->stamp[j] > since)
			push(c, j, &top);
	while (top > 0 && !fail) {
		j = c->queue[--top];
		c->queued[j] = 0;
		fail = prec_task(c, j, &top, changed);
	}
	while (top > 0)
		c->queued[c->queue[--top]] = 0;
	return fail;
}

/* precedences; returns 1 on an empty window */
static int prop_prec(struct ioa_prop *c, int *changed)
{
	const struct ioa_inst *in = c->inst;
	int64_t since = c->last_prec;
	int i, e, j;

	c->last_prec = c->clock;
	if (since >= 0)
		return prec_changed(c, since, changed);

	for (i = 0; i < c->n; i++) {
		j = in->topo[i];
		if (past(c, j))
			continue;
		for (e = in->pred_off[j]; e < in->pred_off[j + 1]; e++) {
			int p = in->pred[e];

			raise_es(c, j, c->es[p] + dur(c, p), changed);
		}
	}
	for (i = c->n - 1; i >= 0; i--) {
		j = in->topo[i];
		if (past(c, j))
			continue;
		for (e = in->succ_off[j]; e < in->succ_off[j + 1]; e++) {
			int s = in->succ[e];

			lower_ls(c, j, c->ls[s] - dur(c, j), changed);
		}
		if (c->ls[j] < c->es[j])
			return 1;
	}
	return 0;
}

/* two tasks that cannot overlap; returns 1 on an empty window */
static int pair(struct ioa_prop *c, int i, int j, int *changed)
{
	int ij, ji;

	if (past(c, i) || past(c, j))
		return 0;
	ij = c->es[i] + dur(c, i) <= c->ls[j];
	ji = c->es[j] + dur(c, j) <= c->ls[i];
	if (!ij && !ji)
		return 1;
	if (ij && ji)
		return 0;
	if (!ji) { /* i before j */
		raise_es(c, j, c->es[i] + dur(c, i), changed);
		lower_ls(c, i, c->ls[j] - dur(c, i), changed);
	} else {
		raise_es(c, i, c->es[j] + dur(c, j), changed);
		lower_ls(c, j, c->ls[i] - dur(c, j), changed);
	}
	return c->ls[i] < c->es[i] || c->ls[j] < c->es[j];
}

/* every pair after a full reset, else the pairs of the tasks changed since the last run */
static int prop_pairs(struct ioa_prop *c, int *changed)
{
	int64_t since = c->last_pairs;
	int q, i;

	c->last_pairs = c->clock;
	if (since < 0) {
		for (q = 0; q < c->npairs; q++)
			if (pair(c, c->pairs[2 * q], c->pairs[2 * q + 1], changed))
				return 1;
		return 0;
	}
	for (i = 0; i < c->n; i++)
		if (c->stamp[i] > since)
			for (q = c->adj_off[i]; q < c->adj_off[i + 1]; q++)
				if (pair(c, i, c->adj[q], changed))
					return 1;
	return 0;
}

/* minimal time task j spends inside [t1, t2) */
static int64_t min_in(const struct ioa_prop *c, int j, int64_t t1, int64_t t2)
{
	int64_t p = dur(c, j), v = IOA_MIN(p, t2 - t1);

	v = IOA_MIN(v, c->es[j] + p - t1);
	v = IOA_MIN(v, t2 - c->ls[j]);
	return IOA_MAX(0, v);
}

/* push j out of [t1, t2) where it would use more than s time units in it */
static int er_adjust(struct ioa_prop *c, int j, int64_t t1, int64_t t2, int64_t s, int *changed)
{
	int64_t p = dur(c, j);

	if (IOA_MIN(p, t2 - t1) <= s)
		return 0;
	if (c->es[j] > t1 + s - p && c->es[j] < t2 - s)
		raise_es(c, j, t2 - s, changed);
	if (c->ls[j] < t2 - s && c->ls[j] > t1 + s - p)
		lower_ls(c, j, t1 + s - p, changed);
	return c->ls[j] < c->es[j];
}

/* energetic reasoning on resource k over [t1, t2) */
static int er_interval(struct ioa_prop *c, int k, int64_t t1, int64_t t2, int *changed)
{
	const struct ioa_inst *in = c->inst;
	int64_t w = 0, avail = (int64_t)in->cap[k] * (t2 - t1), most = 0;
	int r, j;

	for (r = c->rt_off[k]; r < c->rt_off[k + 1]; r++) {
		int64_t d = c->rt_dem[r];

		j = c->rt[r];
		w += d * min_in(c, j, t1, t2);
		most = IOA_MAX(most, d * IOA_MIN(dur(c, j), t2 - t1));
	}
	if (w > avail)
		return 1;
	if (avail - w >= most)
		return 0; /* no task can lack room */
	for (r = c->rt_off[k]; r < c->rt_off[k + 1]; r++) {
		int64_t d = c->rt_dem[r], slack;

		j = c->rt[r];
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

static int prop_energy(struct ioa_prop *c, int *changed)
{
	const struct ioa_inst *in = c->inst;
	int j, k, a, b, m, m1, m2, r;

	for (k = 0; k < in->nres; k++) {
		if (in->cap[k] <= 0)
			continue;
		for (r = c->rt_off[k], m = 0; r < c->rt_off[k + 1]; r++) {
			j = c->rt[r];
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

/* edge-finding of task i against Omega (E, L, P); returns 1 on an empty window */
static int ef_task(struct ioa_prop *c, int i, int64_t E, int64_t L, int64_t P, int *changed)
{
	int64_t p = dur(c, i), lct = c->ls[i] + p;

	if (c->es[i] >= E && lct <= L)
		return 0; /* in Omega */
	if (IOA_MIN(E, c->es[i]) + P + p > L)
		raise_es(c, i, E + P, changed); /* last: after all of Omega */
	if (E + P + p > IOA_MAX(L, lct))
		lower_ls(c, i, L - P - p, changed); /* first: before all of Omega */
	return c->ls[i] < c->es[i];
}

/*
 * The rules against every Omega of the clique with earliest start E. @m: the clique by
 * decreasing duration; @ord: by latest end. Either rule needs p_i > L - E - P (the slack), so
 * only the tasks longer than the slack are tried.
 */
static int ef_from(struct ioa_prop *c, const int *m, const int *ord, int sz, int64_t E,
		   int *changed)
{
	int64_t P = 0, L = INT64_MIN;
	int q, i;

	/*
	 * Omega grows by latest end: every task counted has es >= E and lct <= L when counted,
	 * and windows only shrink, so both still hold when the rules run (ef_task skips them).
	 */
	for (q = 0; q < sz; q++) {
		int k = ord[q];

		L = IOA_MAX(L, c->ls[k] + dur(c, k));
		if (c->es[k] < E)
			continue;
		P += dur(c, k);
		if (E + P > L)
			return 1;
		for (i = 0; i < sz && dur(c, m[i]) > L - E - P; i++)
			if (ef_task(c, m[i], E, L, P, changed))
				return 1;
	}
	return 0;
}

/* @ord by latest end: insertion sort, as the order changes little from one call to the next */
static void sort_by_lct(const struct ioa_prop *c, int *ord, int sz)
{
	int i, k;

	for (i = 1; i < sz; i++) {
		int x = ord[i];
		int64_t v = c->ls[x] + dur(c, x);

		for (k = i; k > 0 && c->ls[ord[k - 1]] + dur(c, ord[k - 1]) > v; k--)
			ord[k] = ord[k - 1];
		ord[k] = x;
	}
}

/* edge-finding on one clique, O(sz^2) plus the rules where Omega is nearly full */
static int ef_clique(struct ioa_prop *c, const int *m, int *ord, int sz, int *changed)
{
	int a;

	sort_by_lct(c, ord, sz);
	for (a = 0; a < sz; a++)
		if ((a == 0 || c->es[m[a]] != c->es[m[a - 1]]) &&
		    ef_from(c, m, ord, sz, c->es[m[a]], changed))
			return 1;
	return 0;
}

static int prop_cliques(struct ioa_prop *c, int *changed)
{
	int q;

	for (q = 0; q < c->nclq; q++) {
		const int *m = c->clq + c->clq_off[q];
		int sz = c->clq_off[q + 1] - c->clq_off[q];

		if (!dirty(c, m, sz, c->last_clq[q]))
			continue;
		c->last_clq[q] = c->clock;
		if (ef_clique(c, m, c->clq_ord + c->clq_off[q], sz, changed))
			return 1;
	}
	return 0;
}

static int incompat(const struct ioa_prop *c, int i, int j)
{
	return c->incompat[(size_t)i * c->n + j];
}

/* a maximal clique grown from @seed, tasks tried in @order; returns its size */
static int grow_clique(const struct ioa_prop *c, int seed, const int *order, int *out)
{
	int sz = 1, k, q;

	out[0] = seed;
	for (k = 0; k < c->n; k++) {
		int v = order[k];

		for (q = 0; q < sz && v != seed && incompat(c, v, out[q]); q++)
			;
		if (q == sz && v != seed)
			out[sz++] = v;
	}
	return sz;
}

static int by_degree(const void *a, const void *b, void *arg)
{
	const int *deg = arg, x = *(const int *)a, y = *(const int *)b;

	return deg[y] - deg[x];
}

static int by_dur_desc(const void *a, const void *b, void *arg)
{
	const struct ioa_inst *in = arg;
	int64_t x = in->task[*(const int *)a].dur, y = in->task[*(const int *)b].dur;

	return x > y ? -1 : x < y;
}

/* cliques of at least 3 tasks covering every task that has 2 or more incompatible ones */
static void build_cliques(struct ioa_prop *c)
{
	int *deg = ioa_xcalloc((size_t)c->n + 1, sizeof(int));
	int *order = ioa_xmalloc((size_t)(c->n + 1) * sizeof(int));
	int *covered = ioa_xcalloc((size_t)c->n + 1, sizeof(int));
	int *buf = ioa_xmalloc((size_t)(c->n + 1) * sizeof(int));
	int i, j, k, sz, used = 0;

	for (i = 0; i < c->n; i++)
		for (j = 0, order[i] = i; j < c->n; j++)
			deg[i] += incompat(c, i, j);
	qsort_r(order, (size_t)c->n, sizeof(int), by_degree, deg);
	c->clq = ioa_xmalloc((size_t)(c->n * c->n + 1) * sizeof(int));
	c->clq_off = ioa_xmalloc((size_t)(c->n + 2) * sizeof(int));
	c->nclq = 0;
	c->clq_off[0] = 0;
	for (k = 0; k < c->n; k++) {
		if (covered[order[k]] || deg[order[k]] < 2)
			continue;
		sz = grow_clique(c, order[k], order, buf);
		if (sz < 3)
			continue;
		qsort_r(buf, (size_t)sz, sizeof(int), by_dur_desc, (void *)c->inst);
		for (i = 0; i < sz; i++) {
			covered[buf[i]] = 1;
			c->clq[used++] = buf[i];
		}
		c->clq_off[++c->nclq] = used;
	}
	c->clq_ord = ioa_xmalloc((size_t)(used + 1) * sizeof(int));
	memcpy(c->clq_ord, c->clq, (size_t)used * sizeof(int));
	free(deg);
	free(order);
	free(covered);
	free(buf);
}

static int step_cmp(const void *a, const void *b)
{
	const struct ioa_prop_step *x = a, *y = b;

	return x->t < y->t ? -1 : x->t > y->t;
}

/* by time; insertion sort for the few dozen events of small instances (every node) */
static void sort_steps(struct ioa_prop_step *v, int m)
{
	int i, k;

	if (m > 64) {
		qsort(v, (size_t)m, sizeof(*v), step_cmp);
		return;
	}
	for (i = 1; i < m; i++) {
		struct ioa_prop_step x = v[i];

		for (k = i; k > 0 && v[k - 1].t > x.t; k--)
			v[k] = v[k - 1];
		v[k] = x;
	}
}
/*
 * steps of the compulsory-part profile of resource k from @lo on (the parts that end by then
 * are left out); returns their count, -1 on overload; @top: the highest usage of a step
 */
static int tt_profile(struct ioa_prop *c, int k, int64_t lo, int64_t *top)
{
	const struct ioa_inst *in = c->inst;
	int j, m = 0, s = 0, i, r;
	int64_t u = 0;

	*top = 0;
	for (r = c->rt_off[k]; r < c->rt_off[k + 1]; r++) {
		int64_t d, e;

		j = c->rt[r];
		d = c->rt_dem[r];
		e = c->es[j] + dur(c, j);
		if (c->ls[j] >= e || e <= lo)
			continue;
		c->ev[m++] = (struct ioa_prop_step){ c->ls[j], d };
		c->ev[m++] = (struct ioa_prop_step){ e, -d };
	}
	if (!m)
		return 0;
	sort_steps(c->ev, m);
	for (i = 0; i < m; i++) {
		u += c->ev[i].u;
		if (i + 1 < m && c->ev[i + 1].t == c->ev[i].t)
			continue;
		if (u > in->cap[k])
			return -1;
		*top = IOA_MAX(*top, u);
		c->ev[s++] = (struct ioa_prop_step){ c->ev[i].t, u };
	}
	return s; /* the last step has usage 0 and no end */
}

/* usage of the others on step i, and whether task j (demand d) cannot overlap it */
static int tt_conflict(const struct ioa_prop *c, int k, int64_t d, int i, int64_t cs, int64_t ce,
		       int m)
{
	int64_t own;

	own = (c->ev[i].t >= cs && i + 1 < m && c->ev[i + 1].t <= ce) ? d : 0;
	return c->ev[i].u - own + d > c->inst->cap[k];
}

/* push es_j (then ls_j) past the steps it cannot overlap; returns 1 on an empty window */
static int tt_task(struct ioa_prop *c, int k, int j, int64_t d, int m, int *changed)
{
	int64_t p = dur(c, j), cs = c->ls[j], ce = c->es[j] + p, s = c->es[j], f = c->ls[j] + p;
	int i;

	for (i = 0; i + 1 < m && s <= c->ls[j]; i++) {
		if (c->ev[i + 1].t <= s)
			continue;
		if (c->ev[i].t >= s + p)
			break;
		if (tt_conflict(c, k, d, i, cs, ce, m))
			s = c->ev[i + 1].t;
	}
	for (i = m - 1; i >= 0 && f - p >= s; i--) {
		if (c->ev[i].t >= f)
			continue;
		if (i + 1 < m && c->ev[i + 1].t <= f - p)
			break;
		if (tt_conflict(c, k, d, i, cs, ce, m))
			f = c->ev[i].t;
	}
	raise_es(c, j, s, changed);
	lower_ls(c, j, f - p, changed);
	return c->ls[j] < c->es[j];
}

static int prop_timetable(struct ioa_prop *c, int *changed)
{
	const struct ioa_inst *in = c->inst;
	int64_t top;
	int k, m, r;

	for (k = 0; k < in->nres; k++) {
		if (!dirty(c, c->rt + c->rt_off[k], c->rt_off[k + 1] - c->rt_off[k],
			   c->last_res[k]))
			continue;
		c->last_res[k] = c->clock;
		m = tt_profile(c, k, c->lo, &top);
		if (m < 0)
			return 1;
		/* a task whose demand fits on top of the highest step cannot conflict */
		for (r = c->rt_off[k]; r < c->rt_off[k + 1] && m > 0; r++)
			if (c->es[c->rt[r]] < c->ls[c->rt[r]] && c->rt_dem[r] + top > in->cap[k] &&
			    tt_task(c, k, c->rt[r], c->rt_dem[r], m, changed))
				return 1;
	}
	return 0;
}

/*
 * Cheapest first: a pass that changes a window with the precedence or pair rules starts again
 * before time-tabling runs, and time-tabling before edge-finding (the same fixpoint, reached
 * with fewer calls of the costly rules: 20-25 % less CPU in the search).
 */
static int run(struct ioa_prop *c)
{
	int pass, changed = 1;

	for (pass = 0; changed && pass < MAX_PASSES; pass++) {
		changed = 0;
		if (prop_prec(c, &changed) || prop_pairs(c, &changed))
			return 1;
		if (changed)
			continue;
		if (prop_timetable(c, &changed))
			return 1;
		if (changed)
			continue;
		if (prop_cliques(c, &changed))
			return 1;
		if (changed || !c->energy)
			continue;
		if (prop_prec(c, &changed) || prop_energy(c, &changed))
			return 1;
		if (ioa_now() > c->deadline)
			return 0;
	}
	/* no fixpoint within MAX_PASSES: the fixed tasks must still have been checked together */
	return changed &&
	       (prop_prec(c, &changed) || prop_pairs(c, &changed) || prop_timetable(c, &changed));
}

/* every rule looks at every task */
int ioa_prop_run(struct ioa_prop *c)
{
	int k;

	c->last_pairs = -1;
	c->last_prec = -1;
	for (k = 0; k < c->inst->nres; k++)
		c->last_res[k] = -1;
	for (k = 0; k < c->nclq; k++)
		c->last_clq[k] = -1;
	return run(c);
}

/* from a fixpoint where the window of @j alone changed since */
int ioa_prop_run_after(struct ioa_prop *c, int j)
{
	int k, changed;

	c->last_pairs = c->clock;
	c->last_prec = c->clock;
	for (k = 0; k < c->inst->nres; k++)
		c->last_res[k] = c->clock;
	for (k = 0; k < c->nclq; k++)
		c->last_clq[k] = c->clock;
	touch(c, j, &changed);
	return run(c);
}

int ioa_prop_windows(struct ioa_prop *c, int64_t T)
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

/* the incompatible pairs, and per resource the tasks that use it */
static void build_lists(struct ioa_prop *c)
{
	const struct ioa_inst *in = c->inst;
	int i, j, k, m = 0;

	c->npairs = 0;
	for (i = 0; i < c->n; i++)
		for (j = i + 1; j < c->n; j++)
			c->npairs += incompat(c, i, j);
	c->pairs = ioa_xmalloc((size_t)(2 * c->npairs + 1) * sizeof(int));
	for (i = 0, m = 0; i < c->n; i++)
		for (j = i + 1; j < c->n; j++)
			if (incompat(c, i, j)) {
				c->pairs[m++] = i;
				c->pairs[m++] = j;
			}
	c->rt = ioa_xmalloc((size_t)((int64_t)c->n * in->nres + 1) * sizeof(int));
	c->rt_dem = ioa_xmalloc((size_t)((int64_t)c->n * in->nres + 1) * sizeof(int64_t));
	c->rt_off = ioa_xmalloc((size_t)(in->nres + 1) * sizeof(int));
	for (k = 0, m = 0; k < in->nres; k++) {
		c->rt_off[k] = m;
		for (j = 0; j < c->n; j++)
			if (ioa_dem(in, j, k) > 0 && dur(c, j) > 0) {
				c->rt_dem[m] = ioa_dem(in, j, k);
				c->rt[m++] = j;
			}
	}
	c->rt_off[in->nres] = m;
	c->adj = ioa_xmalloc((size_t)(2 * c->npairs + 1) * sizeof(int));
	c->adj_off = ioa_xcalloc((size_t)c->n + 2, sizeof(int));
	for (i = 0, m = 0; i < c->n; i++) {
		c->adj_off[i] = m;
		for (j = 0; j < c->n; j++)
			if (incompat(c, i, j))
				c->adj[m++] = j;
	}
	c->adj_off[c->n] = m;
}

void ioa_prop_init(struct ioa_prop *c, const struct ioa_inst *inst, double time_limit)
{
	int i, j, k;

	c->inst = inst;
	c->n = inst->n;
	c->energy = 1;
	c->lo = INT64_MIN;
	c->es = ioa_xmalloc((size_t)(c->n + 1) * sizeof(int64_t));
	c->ls = ioa_xmalloc((size_t)(c->n + 1) * sizeof(int64_t));
	c->dur = ioa_xmalloc((size_t)(c->n + 1) * sizeof(int64_t));
	for (j = 0; j < c->n; j++)
		c->dur[j] = inst->task[j].dur;
	c->pts1 = ioa_xmalloc((size_t)(3 * c->n + 1) * sizeof(int64_t));
	c->pts2 = ioa_xmalloc((size_t)(3 * c->n + 1) * sizeof(int64_t));
	c->ev = ioa_xmalloc((size_t)(2 * c->n + 1) * sizeof(*c->ev));
	c->incompat = ioa_xcalloc((size_t)c->n * c->n + 1, 1);
	c->deadline = ioa_now() + time_limit;
	for (i = 0; i < c->n; i++)
		for (j = 0; j < c->n; j++)
			for (k = 0; k < inst->nres && i != j; k++)
				if (ioa_dem(inst, i, k) + ioa_dem(inst, j, k) > inst->cap[k] &&
				    inst->task[i].dur > 0 && inst->task[j].dur > 0)
					c->incompat[(size_t)i * c->n + j] = 1;
	build_cliques(c);
	build_lists(c);
	c->stamp = ioa_xcalloc((size_t)c->n + 1, sizeof(int64_t));
	c->queue = ioa_xmalloc((size_t)(c->n + 1) * sizeof(int));
	c->queued = ioa_xcalloc((size_t)c->n + 1, 1);
	c->clock = 0;
	c->last_res = ioa_xmalloc((size_t)(inst->nres + 1) * sizeof(int64_t));
	c->last_clq = ioa_xmalloc((size_t)(c->nclq + 1) * sizeof(int64_t));
}

void ioa_prop_release(struct ioa_prop *c)
{
	free(c->es);
	free(c->ls);
	free(c->pts1);
	free(c->pts2);
	free(c->ev);
	free(c->incompat);
	free(c->clq);
	free(c->clq_off);
	free(c->clq_ord);
	free(c->pairs);
	free(c->rt);
	free(c->rt_dem);
	free(c->rt_off);
	free(c->dur);
	free(c->adj);
	free(c->adj_off);
	free(c->stamp);
	free(c->queue);
	free(c->queued);
	free(c->last_res);
	free(c->last_clq);
}
