// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The heuristic: serial schedule generation (SSGS). Each task of a precedence-feasible list is
 * placed at the earliest time >= its release and its predecessors' finishes at which every
 * resource it uses has room for its whole duration. Resource usage is a step profile of
 * breakpoints (coalesced when equal, so a saturated stretch is one step): a pass costs
 * O(n * breakpoints scanned), not O(n * horizon).
 *
 * Lists come from priority rules (LFT, MTS, GRPW, earliest head), then from regret-based biased
 * random sampling on them; every schedule is improved by forward-backward improvement
 * (justification: right-justify in decreasing finish order, then left-justify in increasing
 * start order) until it stops improving. The best schedule wins.
 */
#include <stdlib.h>
#include <string.h>

#include "optimizer.h"
#include "rng.h"

struct prof {
	int64_t *t; /* breakpoints, t[0] = 0 */
	int *u;	    /* usage on [t[i], t[i+1]) */
	int n, alloc, cap;
};

struct ssgs {
	const struct ioa_inst *inst;
	int n;
	struct prof *prof; /* [nres] */
	int *roff, *ridx;  /* resources used by task j: ridx[roff[j] .. roff[j+1]) */
	int64_t *fin;	   /* finish of scheduled tasks (in the pass's direction) */
	int64_t *key;	   /* sort key scratch */
	int *list;
	int tie_desc; /* sort ties by decreasing rank (backward lists) */
	struct ioa_rng rng;
};

static void prof_reset(struct prof *p)
{
	p->n = 1;
	p->t[0] = 0;
	p->u[0] = 0;
}

static void prof_grow(struct prof *p)
{
	if (p->n + 2 < p->alloc)
		return;
	p->alloc = p->alloc ? p->alloc * 2 : 64;
	p->t = ioa_xrealloc(p->t, (size_t)p->alloc * sizeof(int64_t));
	p->u = ioa_xrealloc(p->u, (size_t)p->alloc * sizeof(int));
}

/* index of the last breakpoint <= x */
static int prof_locate(const struct prof *p, int64_t x)
{
	int lo = 0, hi = p->n - 1;

	while (lo < hi) {
		int mid = lo + (hi - lo + 1) / 2;

		if (p->t[mid] <= x)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/* earliest s >= x such that usage + d <= cap on [s, s + dur) */
static int64_t prof_fit(const struct prof *p, int64_t x, int64_t dur, int d)
{
	int i = prof_locate(p, x), k;
	int64_t s = x;

	for (;;) {
		for (k = i; k < p->n && (k == i || p->t[k] < s + dur); k++)
			if (p->u[k] + d > p->cap)
				break;
		if (k >= p->n || (k > i && p->t[k] >= s + dur))
			return s;
		/* the last step is always empty, so k + 1 exists */
		i = k + 1;
		s = p->t[i];
	}
}

/* make x a breakpoint; returns its index */
static int prof_split(struct prof *p, int64_t x)
{
	int i = prof_locate(p, x);

	if (p->t[i] == x)
		return i;
	prof_grow(p);
	memmove(&p->t[i + 2], &p->t[i + 1], (size_t)(p->n - i - 1) * sizeof(int64_t));
	memmove(&p->u[i + 2], &p->u[i + 1], (size_t)(p->n - i - 1) * sizeof(int));
	p->t[i + 1] = x;
	p->u[i + 1] = p->u[i];
	p->n++;
	return i + 1;
}

/* drop breakpoint i when it repeats the usage before it */
static void prof_merge(struct prof *p, int i)
{
	if (i <= 0 || i >= p->n || p->u[i] != p->u[i - 1])
		return;
	memmove(&p->t[i], &p->t[i + 1], (size_t)(p->n - i - 1) * sizeof(int64_t));
	memmove(&p->u[i], &p->u[i + 1], (size_t)(p->n - i - 1) * sizeof(int));
	p->n--;
}

static void prof_add(struct prof *p, int64_t s, int64_t e, int d)
{
	int i, j, k;

	if (e <= s || !d)
		return;
	i = prof_split(p, s);
	j = prof_split(p, e);
	for (k = i; k < j; k++)
		p->u[k] += d;
	prof_merge(p, j);
	prof_merge(p, i);
}

static void ssgs_init(struct ssgs *g, const struct ioa_inst *inst, uint64_t seed)
{
	int j, k, m = 0;

	memset(g, 0, sizeof(*g));
	g->inst = inst;
	g->n = inst->n;
	g->prof = ioa_xcalloc((size_t)inst->nres + 1, sizeof(*g->prof));
	for (k = 0; k < inst->nres; k++)
		g->prof[k].cap = inst->cap[k];
	g->roff = ioa_xmalloc((size_t)(g->n + 1) * sizeof(int));
	for (j = 0; j < g->n; j++)
		for (k = 0; k < inst->nres; k++)
			m += ioa_dem(inst, j, k) > 0;
	g->ridx = ioa_xmalloc((size_t)(m + 1) * sizeof(int));
	m = 0;
	for (j = 0; j < g->n; j++) {
		g->roff[j] = m;
		for (k = 0; k < inst->nres; k++)
			if (ioa_dem(inst, j, k) > 0)
				g->ridx[m++] = k;
	}
	g->roff[g->n] = m;
	g->fin = ioa_xmalloc((size_t)(g->n + 1) * sizeof(int64_t));
	g->key = ioa_xmalloc((size_t)(g->n + 1) * sizeof(int64_t));
	g->list = ioa_xmalloc((size_t)(g->n + 1) * sizeof(int));
	ioa_rng_seed(&g->rng, seed);
}

static void ssgs_release(struct ssgs *g)
{
	int k;

	for (k = 0; k < g->inst->nres; k++) {
		free(g->prof[k].t);
		free(g->prof[k].u);
	}
	free(g->prof);
	free(g->roff);
	free(g->ridx);
	free(g->fin);
	free(g->key);
	free(g->list);
}

static int64_t earliest(struct ssgs *g, int j, int64_t s)
{
	int64_t dur = g->inst->task[j].dur;
	int changed = 1, r;

	if (!dur)
		return s;
	while (changed) {
		changed = 0;
		for (r = g->roff[j]; r < g->roff[j + 1]; r++) {
			int k = g->ridx[r];
			int64_t s2 = prof_fit(&g->prof[k], s, dur, ioa_dem(g->inst, j, k));

			if (s2 != s) {
				s = s2;
				changed = 1;
			}
		}
	}
	return s;
}

/*
 * One pass over @list. Backward passes run on the mirrored problem (successors act as
 * predecessors, no releases); their times are mirrored back by the caller.
 */
static int64_t ssgs_pass(struct ssgs *g, const int *list, int backward, int64_t *start)
{
	const struct ioa_inst *inst = g->inst;
	const int *off = backward ? inst->succ_off : inst->pred_off;
	const int *adj = backward ? inst->succ : inst->pred;
	int64_t ms = 0;
	int i, e, r;

	for (r = 0; r < inst->nres; r++) {
		prof_grow(&g->prof[r]);
		prof_reset(&g->prof[r]);
	}
	for (i = 0; i < g->n; i++) {
		int j = list[i];
		int64_t s = backward ? 0 : inst->task[j].release;

		for (e = off[j]; e < off[j + 1]; e++)
			s = IOA_MAX(s, g->fin[adj[e]]);
		s = earliest(g, j, s);
		for (r = g->roff[j]; r < g->roff[j + 1]; r++)
			prof_add(&g->prof[g->ridx[r]], s, s + inst->task[j].dur,
				 ioa_dem(inst, j, g->ridx[r]));
		start[j] = s;
		g->fin[j] = s + inst->task[j].dur;
		ms = IOA_MAX(ms, g->fin[j]);
	}
	return ms;
}

int64_t ioa_makespan(const struct ioa_inst *inst, const int64_t *start)
{
	int64_t ms = 0;
	int j;

	for (j = 0; j < inst->n; j++)
		ms = IOA_MAX(ms, start[j] + inst->task[j].dur);
	return ms;
}

static int by_key(const void *a, const void *b, void *arg)
{
	const struct ssgs *g = arg;
	int x = *(const int *)a, y = *(const int *)b;

	if (g->key[x] != g->key[y])
		return g->key[x] < g->key[y] ? -1 : 1;
	return g->tie_desc ? g->inst->rank[y] - g->inst->rank[x]
			   : g->inst->rank[x] - g->inst->rank[y];
}

/* sort g->list by g->key ascending, ties by topological rank */
static void sort_list(struct ssgs *g)
{
	int j;

	for (j = 0; j < g->n; j++)
		g->list[j] = j;
	qsort_r(g->list, (size_t)g->n, sizeof(int), by_key, g);
}

void ioa_list_by_key(const struct ioa_inst *inst, const int64_t *key, int *list)
{
	struct ssgs g = { .inst = inst, .n = inst->n, .list = list };

	g.key = (int64_t *)key;
	sort_list(&g);
}

int64_t ioa_ssgs_list(const struct ioa_inst *inst, const int *list, int64_t *start)
{
	struct ssgs g;
	int64_t ms;

	ssgs_init(&g, inst, 1);
	ms = ssgs_pass(&g, list, 0, start);
	ssgs_release(&g);
	return ms;
}

/*
 * Forward-backward improvement of the forward schedule @start (makespan @ms) in place.
 * The backward list is "latest finish first" (ties: higher rank first, which is
 * precedence-feasible on the mirrored graph), the forward list "earliest start first".
 */
static int64_t fbi(struct ssgs *g, int64_t *start, int64_t ms, int64_t *tmp)
{
	const struct ioa_inst *inst = g->inst;
	int j, round;

	for (round = 0; round < 4; round++) {
		int64_t bms, fms;

		for (j = 0; j < g->n; j++)
			g->key[j] = -(start[j] + inst->task[j].dur);
		g->tie_desc = 1;
		sort_list(g);
		g->tie_desc = 0;
		bms = ssgs_pass(g, g->list, 1, tmp);
		for (j = 0; j < g->n; j++)
			g->key[j] = bms - tmp[j] - inst->task[j].dur;
		sort_list(g);
		fms = ssgs_pass(g, g->list, 0, tmp);
		if (fms >= ms)
			break;
		ms = fms;
		memcpy(start, tmp, (size_t)g->n * sizeof(int64_t));
	}
	return ms;
}

/* --- priority rules and list generation --- */

enum rule { R_LFT, R_LST, R_MTS, R_GRPW, R_HEAD, R__COUNT };

#define MTS_MAX_N 4000

/* number of all (transitive) successors, by bitsets in reverse topological order */
static void rule_mts(const struct ioa_inst *inst, int64_t *v)
{
	int n = inst->n, words = (n + 63) / 64, i, e, w;
	uint64_t *bits = ioa_xcalloc((size_t)n * (size_t)words, sizeof(uint64_t));

	for (i = n - 1; i >= 0; i--) {
		int j = inst->topo[i];
		uint64_t *bj = &bits[(size_t)j * words];
		int64_t c = 0;

		for (e = inst->succ_off[j]; e < inst->succ_off[j + 1]; e++) {
			int s = inst->succ[e];
			uint64_t *bs = &bits[(size_t)s * words];

			bj[s / 64] |= 1ULL << (s % 64);
			for (w = 0; w < words; w++)
				bj[w] |= bs[w];
		}
		for (w = 0; w < words; w++)
			c += __builtin_popcountll(bj[w]);
		v[j] = -c;
	}
	free(bits);
}

/* priority values, lower is better */
static void rule_values(const struct ioa_inst *inst, int rule, const int64_t *head,
			const int64_t *tail, int64_t *v)
{
	int j, e;

	if (rule == R_MTS) {
		rule_mts(inst, v);
		return;
	}
	for (j = 0; j < inst->n; j++) {
		int64_t p = inst->task[j].dur;

		switch (rule) {
		case R_LFT:
			v[j] = -tail[j];
			break;
		case R_LST:
			v[j] = -(tail[j] + p);
			break;
		case R_GRPW:
			v[j] = -p;
			for (e = inst->succ_off[j]; e < inst->succ_off[j + 1]; e++)
				v[j] -= inst->task[inst->succ[e]].dur;
			break;
		default:
			v[j] = head[j];
			break;
		}
	}
}

/* pick from the eligible set: best value (ties: rank), or regret-biased at random */
static int pick(struct ssgs *g, const int *el, int m, const int64_t *v, int random)
{
	int64_t vmax = v[el[0]], total = 0, r;
	int i, best = 0;

	for (i = 1; i < m; i++) {
		if (v[el[i]] < v[el[best]] ||
		    (v[el[i]] == v[el[best]] && g->inst->rank[el[i]] < g->inst->rank[el[best]]))
			best = i;
		vmax = IOA_MAX(vmax, v[el[i]]);
	}
	if (!random || m == 1)
		return best;
	for (i = 0; i < m; i++) {
		int64_t w = vmax - v[el[i]] + 1;

		total += w * w;
	}
	r = (int64_t)ioa_rng_below(&g->rng, (uint64_t)total);
	for (i = 0; i < m; i++) {
		int64_t w = vmax - v[el[i]] + 1;

		r -= w * w;
		if (r < 0)
			return i;
	}
	return best;
}

/* build g->list from the eligible set (O(n * |eligible|): small instances) */
static void gen_list(struct ssgs *g, const int64_t *v, int random, int *left, int *el)
{
	const struct ioa_inst *inst = g->inst;
	int m = 0, i, e, j;

	for (j = 0; j < g->n; j++) {
		left[j] = inst->pred_off[j + 1] - inst->pred_off[j];
		if (!left[j])
			el[m++] = j;
	}
	for (i = 0; i < g->n; i++) {
		int k = pick(g, el, m, v, random);

		j = el[k];
		el[k] = el[--m];
		g->list[i] = j;
		for (e = inst->succ_off[j]; e < inst->succ_off[j + 1]; e++)
			if (!--left[inst->succ[e]])
				el[m++] = inst->succ[e];
	}
}

struct heur {
	struct ssgs g;
	int64_t *v[R__COUNT];
	int rules[R__COUNT];
	int nrules;
	int64_t *cur, *tmp, *best, best_ms;
	int *left, *el;
};

#define SMALL_N 3000

static void heur_init(struct heur *h, const struct ioa_inst *inst, uint64_t seed)
{
	int64_t *head = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int64_t));
	int64_t *tail = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int64_t));
	static const int small[] = { R_LFT, R_LST, R_MTS, R_GRPW, R_HEAD };
	static const int large[] = { R_HEAD, R_LFT };
	const int *rules = inst->n <= SMALL_N ? small : large;
	int i, n = inst->n <= SMALL_N ? (int)IOA_ARRAY_SIZE(small) : (int)IOA_ARRAY_SIZE(large);
	size_t sz = (size_t)(inst->n + 1) * sizeof(int64_t);

	memset(h, 0, sizeof(*h));
	ssgs_init(&h->g, inst, seed);
	ioa_heads(inst, head);
	ioa_tails(inst, tail);
	for (i = 0; i < n; i++) {
		h->rules[i] = rules[i];
		h->v[i] = ioa_xmalloc(sz);
		rule_values(inst, rules[i], head, tail, h->v[i]);
	}
	h->nrules = n;
	h->cur = ioa_xmalloc(sz);
	h->tmp = ioa_xmalloc(sz);
	h->best = ioa_xmalloc(sz);
	h->best_ms = INT64_MAX;
	h->left = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int));
	h->el = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int));
	free(head);
	free(tail);
}

static void heur_release(struct heur *h)
{
	int i;

	for (i = 0; i < h->nrules; i++)
		free(h->v[i]);
	free(h->cur);
	free(h->tmp);
	free(h->best);
	free(h->left);
	free(h->el);
	ssgs_release(&h->g);
}

/* schedule h->g.list, improve it, keep it when best */
static void heur_try(struct heur *h)
{
	int64_t ms = ssgs_pass(&h->g, h->g.list, 0, h->cur);

	ms = fbi(&h->g, h->cur, ms, h->tmp);
	if (ms < h->best_ms) {
		h->best_ms = ms;
		memcpy(h->best, h->cur, (size_t)h->g.n * sizeof(int64_t));
	}
}

/* a rule's deterministic list; large instances sort (their rules respect precedences) */
static void heur_rule(struct heur *h, int i, int random)
{
	if (h->g.n <= SMALL_N) {
		gen_list(&h->g, h->v[i], random, h->left, h->el);
		return;
	}
	memcpy(h->g.key, h->v[i], (size_t)h->g.n * sizeof(int64_t));
	sort_list(&h->g);
}

static int heur_done(const struct heur *h, const struct ioa_heur_opts *o, double t0)
{
	if (h->best_ms <= o->lb || (o->stop && *o->stop))
		return 1;
	return o->time_limit > 0 && ioa_now() - t0 > o->time_limit;
}

int64_t ioa_heuristic(const struct ioa_inst *inst, const struct ioa_heur_opts *o, int64_t *start)
{
	struct heur h;
	double t0 = ioa_now();
	int passes = o->passes, i;
	int64_t ms;

	if (!inst->n)
		return 0;
	if (!passes)
		passes = inst->n <= 200 ? 1000 : inst->n <= SMALL_N ? 200 : 0;
	heur_init(&h, inst, o->seed);
	for (i = 0; i < h.nrules && !(i && heur_done(&h, o, t0)); i++) {
		heur_rule(&h, i, 0);
		heur_try(&h);
	}
	for (i = 0; i < passes && inst->n <= SMALL_N && !heur_done(&h, o, t0); i++) {
		heur_rule(&h, i % h.nrules, 1);
		heur_try(&h);
	}
	memcpy(start, h.best, (size_t)inst->n * sizeof(int64_t));
	ms = h.best_ms;
	heur_release(&h);
	return ms;
}
