// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Lazy clause generation (Ohrimenko, Stuckey & Codish; for the RCPSP Schutt, Feydy, Stuckey &
 * Wallace 2011) for one decision problem "makespan <= T" of the exact search. Variables are the
 * start times s_j with bounds [lb_j, ub_j]; a literal is a bound [s_j >= v] or [s_j <= v]. Every
 * bound change is kept on a trail with its level and its reason, a conjunction of literals that
 * were true before it and imply it:
 *   - precedence i -> j: [s_i >= a] implies [s_j >= a + p_i]; [s_j <= b] implies
 *     [s_i <= b - p_i];
 *   - disjunctive pair (i, j cannot overlap): [s_i >= b - p_i + 1] and [s_j <= b] (i cannot
 *     end by j's start) put j first: with [s_j >= a], [s_i >= a + p_j]; with [s_i <= c],
 *     [s_j <= c - p_j];
 *   - time-tabling: the compulsory parts [ub_i, lb_i + p_i) of a set O of tasks at time t,
 *     each explained by [s_i >= t - p_i + 1] and [s_i <= t], leave less than j's demand: with
 *     [s_j >= t - p_j + 1], [s_j >= t + 1] (pointwise explanation); with [s_j <= t],
 *     [s_j <= t - p_j]; more than the capacity at t is a conflict;
 *   - learnt nogoods (conjunctions that cannot all hold), watched on two literals.
 * A conflict is resolved back to its first unique implication point at the current level; the
 * nogood it gives is stored and the search jumps back to the level where it propagates. Every
 * step removes only start times that no schedule of the windows uses, so an exhausted search
 * (a conflict at level 0) proves that none exists. A nogood is a consequence of the root
 * windows, which under T' < T are narrower: nogoods of T hold for T'.
 * Branching: the unfixed task with the smallest earliest start (ties: smallest latest start)
 * until the first restart, then the one most active in recent conflicts (VSIDS); it starts at
 * its earliest start, [s_j <= lb_j], or, when the incumbent starts it later within its window,
 * no earlier than there, [s_j >= v] (solution-guided); the learnt nogood makes the other
 * branch. Restarts after 100 times the Luby sequence of conflicts; when the store holds more
 * than its limit (4,000, then 10 % more each time), a restart keeps the nogoods over at most
 * two levels (LBD) and the newer half of the others (Audemard & Simon).
 */
#include <stdlib.h>
#include <string.h>

#include "lcg.h"
#include "util.h"

#define GE 0
#define LE 1
/* nogoods kept before the store is halved (at a restart) */
#define NOGOODS_FIRST 4000
/* conflicts between restarts: this times the Luby sequence */
#define LUBY_UNIT 100
/* nogoods over so few levels are kept for good */
#define GLUE 2

struct lit {
	int x; /* 2 j + GE or LE */
	int64_t v;
};

struct ent {
	int x, level, prev; /* prev: earlier entry of the same x, -1 */
	int rsn, nrsn;	    /* reason in s->pool, nrsn -1 for a decision */
	int64_t v, old;
};

struct ng {
	int off, len, w[2], lbd, del;
};

/*
 * a nogood watching a literal of x, with the literal's value and another of its literals (the
 * blocker): most are passed over by these alone, when the first is not true or the blocker
 * false (the nogood holds)
 */
struct wat {
	int g;
	int64_t v;
	struct lit blk;
};

struct vec {
	struct wat *a;
	int n, alloc;
};

/* a compulsory part [s, e) of task i, demand d (negated while taken by explain_at()) */
struct prof {
	int64_t s, e;
	int i, d;
};

/* a profile step: height h from t to the next step's t */
struct step {
	int64_t t, h;
};

struct ioa_lcg {
	const struct ioa_inst *inst;
	const struct ioa_prop *p;
	int n, nres;
	int64_t *lb, *ub;
	const int64_t *dur; /* [n] the durations, prop.c's */
	int *last;	    /* [2n] newest entry of each x, -1 */
	int64_t *wv;	    /* [2n] the bound of x when its watches were last looked at */
	struct ent *tr;
	int ntr, tr_alloc, qhead, level;
	int *lvl; /* [2n + 3] trail size at the start of each level */
	struct lit *pool, *tmp, *confl, *learn;
	int npool, pool_alloc, ntmp, tmp_alloc, nconfl, confl_alloc, nlearn, learn_alloc;
	struct ng *ng;
	int nng, ng_alloc, ng_limit;
	int *lvstamp, lvclock; /* [2n + 3] for counting a nogood's levels */
	struct lit *ngl;
	int nngl, ngl_alloc;
	struct vec *wl;	     /* [2n] nogoods watching a literal of x */
	unsigned char *seen; /* [tr_alloc] */
	int64_t *req;	     /* [tr_alloc] strongest literal asked of an entry */
	int *marked, nmarked, marked_alloc;
	unsigned char *dirty; /* [nres] */
	struct prof *part;    /* [n] compulsory parts on one resource */
	struct step *steps;   /* [2n] its profile */
	int64_t T;	      /* of the nogoods stored */
	double *act, act_inc; /* [n] VSIDS activity of the tasks */
	int vsids;	      /* branch on activity (after the first restart) */
};

static int lvar(int x)
{
	return x >> 1;
}

static int is_true(const struct ioa_lcg *s, struct lit l)
{
	int j = lvar(l.x);

	return (l.x & 1) == GE ? s->lb[j] >= l.v : s->ub[j] <= l.v;
}

static int is_false(const struct ioa_lcg *s, struct lit l)
{
	int j = lvar(l.x);

	return (l.x & 1) == GE ? s->ub[j] < l.v : s->lb[j] > l.v;
}

static struct lit neg(struct lit l)
{
	struct lit r = { l.x ^ 1, (l.x & 1) == GE ? l.v - 1 : l.v + 1 };

	return r;
}

static struct lit mk(int j, int kind, int64_t v)
{
	struct lit l = { 2 * j + kind, v };

	return l;
}

static void tmp_add(struct ioa_lcg *s, struct lit l)
{
	IOA_GROW(s->tmp, s->ntmp, s->tmp_alloc);
	s->tmp[s->ntmp++] = l;
}

/* the conflict: the literals of s->tmp and @extra */
static int conflict(struct ioa_lcg *s, const struct lit *extra)
{
	int i;

	s->nconfl = 0;
	for (i = 0; i <= s->ntmp; i++) {
		if (i == s->ntmp && !extra)
			break;
		IOA_GROW(s->confl, s->nconfl, s->confl_alloc);
		s->confl[s->nconfl++] = i < s->ntmp ? s->tmp[i] : *extra;
	}
	return 1;
}

/*
 * make @l true with the reason in s->tmp (nrsn -1: a decision). Returns 1 on a conflict (its
 * literals in s->confl), else 0.
 */
static int set(struct ioa_lcg *s, struct lit l, int decision)
{
	int j = lvar(l.x), ge = (l.x & 1) == GE;
	struct ent *e;

	if (is_true(s, l))
		return 0;
	if (is_false(s, l)) {
		struct lit q = neg(l);

		return conflict(s, &q);
	}
	if (s->ntr >= s->tr_alloc) {
		s->tr_alloc = s->tr_alloc * 2;
		s->tr = ioa_xrealloc(s->tr, (size_t)s->tr_alloc * sizeof(*s->tr));
		s->seen = ioa_xrealloc(s->seen, (size_t)s->tr_alloc);
		s->req = ioa_xrealloc(s->req, (size_t)s->tr_alloc * sizeof(*s->req));
		memset(s->seen + s->ntr, 0, (size_t)(s->tr_alloc - s->ntr));
	}
	e = &s->tr[s->ntr];
	e->x = l.x;
	e->v = l.v;
	e->old = ge ? s->lb[j] : s->ub[j];
	e->level = s->level;
	e->prev = s->last[l.x];
	e->rsn = s->npool;
	e->nrsn = decision ? -1 : s->ntmp;
	if (!decision) {
		while (s->npool + s->ntmp > s->pool_alloc) {
			s->pool_alloc = s->pool_alloc ? 2 * s->pool_alloc : 1024;
			s->pool = ioa_xrealloc(s->pool, (size_t)s->pool_alloc * sizeof(*s->pool));
		}
		memcpy(s->pool + s->npool, s->tmp, (size_t)s->ntmp * sizeof(*s->tmp));
		s->npool += s->ntmp;
	}
	s->last[l.x] = s->ntr++;
	if (ge)
		s->lb[j] = l.v;
	else
		s->ub[j] = l.v;
	return 0;
}

static void backtrack(struct ioa_lcg *s, int level)
{
	int stop;

	if (level >= s->level)
		return;
	stop = s->lvl[level + 1];

	while (s->ntr > stop) {
		struct ent *e = &s->tr[--s->ntr];

		if ((e->x & 1) == GE) {
			s->lb[lvar(e->x)] = e->old;
			s->wv[e->x] = IOA_MIN(s->wv[e->x], e->old);
		} else {
			s->ub[lvar(e->x)] = e->old;
			s->wv[e->x] = IOA_MAX(s->wv[e->x], e->old);
		}
		s->last[e->x] = e->prev;
		s->npool = e->rsn;
	}
	s->level = level;
	s->qhead = IOA_MIN(s->qhead, s->ntr);
}

/* the entry that made @l true (the first with a value that implies it), -1 at the root */
static int entry_of(const struct ioa_lcg *s, struct lit l)
{
	int e = s->last[l.x], ge = (l.x & 1) == GE;

	while (e >= 0 && (ge ? s->tr[e].old >= l.v : s->tr[e].old <= l.v))
		e = s->tr[e].prev;
	return e;
}

/* --- propagators --- */

static int prec(struct ioa_lcg *s, int j, int kind)
{
	const struct ioa_inst *in = s->inst;
	int q;

	if (kind == GE) {
		for (q = in->succ_off[j]; q < in->succ_off[j + 1]; q++) {
			s->ntmp = 0;
			tmp_add(s, mk(j, GE, s->lb[j]));
			if (set(s, mk(in->succ[q], GE, s->lb[j] + s->dur[j]), 0))
				return 1;
		}
		return 0;
	}
	for (q = in->pred_off[j]; q < in->pred_off[j + 1]; q++) {
		int i = in->pred[q];

		s->ntmp = 0;
		tmp_add(s, mk(j, LE, s->ub[j]));
		if (set(s, mk(i, LE, s->ub[j] - s->dur[i]), 0))
			return 1;
	}
	return 0;
}

/* i cannot end by j's latest start: j before i */
static int order(struct ioa_lcg *s, int i, int j)
{
	int64_t b = s->ub[j];

	if (s->lb[i] + s->dur[i] <= b)
		return 0;
	s->ntmp = 0;
	tmp_add(s, mk(i, GE, b - s->dur[i] + 1));
	tmp_add(s, mk(j, LE, b));
	tmp_add(s, mk(j, GE, s->lb[j]));
	if (set(s, mk(i, GE, s->lb[j] + s->dur[j]), 0))
		return 1;
	s->ntmp = 2;
	tmp_add(s, mk(i, LE, s->ub[i]));
	return set(s, mk(j, LE, s->ub[i] - s->dur[j]), 0);
}

static int pairs(struct ioa_lcg *s, int j)
{
	const struct ioa_prop *p = s->p;
	int q;

	if (s->dur[j] <= 0)
		return 0;
	for (q = p->adj_off[j]; q < p->adj_off[j + 1]; q++)
		if (order(s, j, p->adj[q]) || order(s, p->adj[q], j))
			return 1;
	return 0;
}

static int by_t(const void *a, const void *b)
{
	const struct step *x = a, *y = b;

	return (x->t > y->t) - (x->t < y->t);
}

/* into s->tmp: compulsory parts at @t (not task @skip) of more than @room in all */
static void explain_at(struct ioa_lcg *s, int np, int64_t t, int skip, int64_t room)
{
	int64_t sum = 0;
	int q;

	for (;;) {
		int best = -1;

		for (q = 0; q < np; q++) {
			const struct prof *c = &s->part[q];

			if (c->i == skip || c->d <= 0 || c->s > t || c->e <= t)
				continue;
			if (best < 0 || c->d > s->part[best].d)
				best = q;
		}
		if (best < 0)
			return; /* cannot happen: the profile said so */
		tmp_add(s, mk(s->part[best].i, GE, t - s->dur[s->part[best].i] + 1));
		tmp_add(s, mk(s->part[best].i, LE, t));
		sum += s->part[best].d;
		s->part[best].d = -s->part[best].d; /* taken */
		if (sum > room)
			break;
	}
	for (q = 0; q < np; q++)
		if (s->part[q].d < 0)
			s->part[q].d = -s->part[q].d;
}

/* step @a, less j's own part [@ps, @pe) of demand @d, has no room for @d more */
static int no_room(const struct ioa_lcg *s, int a, int64_t ps, int64_t pe, int64_t d, int64_t cap)
{
	int64_t h = s->steps[a].h;

	if (ps <= s->steps[a].t && s->steps[a + 1].t <= pe)
		h -= d;
	return h + d > cap;
}

/* time-tabling on resource @k from one profile of the current compulsory parts */
static int timetable(struct ioa_lcg *s, int k)
{
	const struct ioa_prop *p = s->p;
	int64_t cap = s->inst->cap[k];
	int np = 0, ns = 0, q, a, m;

	for (q = p->rt_off[k]; q < p->rt_off[k + 1]; q++) {
		int i = p->rt[q];

		if (s->ub[i] < s->lb[i] + s->dur[i]) {
			s->part[np] = (struct prof){ s->ub[i], s->lb[i] + s->dur[i], i,
						     (int)p->rt_dem[q] };
			s->steps[ns++] = (struct step){ s->ub[i], s->part[np].d };
			s->steps[ns++] = (struct step){ s->lb[i] + s->dur[i], -s->part[np].d };
			np++;
		}
	}
	if (!np)
		return 0;
	qsort(s->steps, (size_t)ns, sizeof(*s->steps), by_t);
	/* merge to steps of constant height: steps[a] holds on [steps[a].t, steps[a + 1].t) */
	for (a = 0, m = 0; a < ns; a++) {
		int64_t h = m ? s->steps[m - 1].h : 0;

		if (m && s->steps[m - 1].t == s->steps[a].t) {
			s->steps[m - 1].h += s->steps[a].h;
			continue;
		}
		s->steps[m].t = s->steps[a].t;
		s->steps[m].h = h + s->steps[a].h;
		m++;
	}
	ns = m;
	for (a = 0; a + 1 < ns; a++)
		if (s->steps[a].h > cap) {
			s->ntmp = 0;
			explain_at(s, np, s->steps[a].t, -1, cap);
			return conflict(s, NULL);
		}
	for (q = p->rt_off[k]; q < p->rt_off[k + 1]; q++) {
		int j = p->rt[q];
		int64_t d = p->rt_dem[q], pj = s->dur[j];
		/* j's own part when the profile was made */
		int64_t ps = s->ub[j], pe = s->lb[j] + pj;

		if (s->lb[j] == s->ub[j])
			continue;
		for (a = 0; a + 1 < ns; a++) {
			int64_t t0 = s->steps[a].t, t1 = s->steps[a + 1].t, t;

			if (t1 <= s->lb[j] || t0 >= s->lb[j] + pj || !no_room(s, a, ps, pe, d, cap))
				continue;
			t = IOA_MIN(t1 - 1, s->lb[j] + pj - 1);
			s->ntmp = 0;
			explain_at(s, np, t, j, cap - d);
			tmp_add(s, mk(j, GE, t - pj + 1));
			if (set(s, mk(j, GE, t + 1), 0))
				return 1;
			if (t < t1 - 1)
				a--; /* the same step again from the new start */
		}
		for (a = ns - 2; a >= 0; a--) {
			int64_t t0 = s->steps[a].t, t1 = s->steps[a + 1].t, t;

			if (t1 <= s->ub[j] || t0 >= s->ub[j] + pj || !no_room(s, a, ps, pe, d, cap))
				continue;
			t = IOA_MAX(t0, s->ub[j]);
			s->ntmp = 0;
			explain_at(s, np, t, j, cap - d);
			tmp_add(s, mk(j, LE, t));
			if (set(s, mk(j, LE, t - pj), 0))
				return 1;
			if (t > t0)
				a++; /* the same step again from the new latest start */
		}
	}
	return 0;
}

/*
 * nogoods watching x after its bound changed. A nogood's watched literals are its first two
 * (a unit's: its one); the search for another starts where the last one was found.
 */
static int watches(struct ioa_lcg *s, int x)
{
	struct vec *w = &s->wl[x];
	int j = lvar(x), ge = (x & 1) == GE, q = 0;
	int64_t from = s->wv[x], to = ge ? s->lb[j] : s->ub[j];

	/* only the literals made true since the last look: the others were dealt with then */
	s->wv[x] = to;
	while (q < w->n) {
		struct ng *g;
		struct lit *l, t;
		int i, k, o, n;

		int64_t v = w->a[q].v;

		if ((ge ? v <= from || v > to : v >= from || v < to) || is_false(s, w->a[q].blk)) {
			q++;
			continue;
		}
		g = &s->ng[w->a[q].g];
		l = s->ngl + g->off;
		n = g->len;
		k = l[0].x == x && l[0].v == w->a[q].v ? 0 : 1;
		/* another literal that is not true, a false one first */
		o = -1;
		for (i = 0; i < n - 2; i++) {
			int c = 2 + (g->w[0] + i) % (n - 2);

			if (is_true(s, l[c]))
				continue;
			o = c;
			if (is_false(s, l[c]))
				break;
		}
		if (o >= 0) {
			struct vec *nw = &s->wl[l[o].x];

			g->w[0] = o - 2;
			t = l[k];
			l[k] = l[o];
			l[o] = t;
			IOA_GROW(nw->a, nw->n, nw->alloc);
			nw->a[nw->n++] = (struct wat){ w->a[q].g, l[k].v, l[1 - k] };
			w->a[q] = w->a[--w->n];
			continue;
		}
		o = n > 1 ? 1 - k : 0;
		w->a[q++].blk = l[o];
		if (is_false(s, l[o]))
			continue;
		s->ntmp = 0;
		for (i = 0; i < n; i++)
			if (i != o)
				tmp_add(s, l[i]);
		if (is_true(s, l[o]))
			return conflict(s, &l[o]);
		if (set(s, neg(l[o]), 0))
			return 1;
	}
	return 0;
}

/* fixpoint from s->qhead; 1 on a conflict */
static int propagate(struct ioa_lcg *s)
{
	int k, again;

	do {
		while (s->qhead < s->ntr) {
			int e = s->qhead++, x = s->tr[e].x, j = lvar(x), q;

			if (s->last[x] != e)
				continue; /* a newer bound of x is queued: the rules look at that */
			if (watches(s, x) || prec(s, j, x & 1) || pairs(s, j))
				return 1;
			for (q = 0; q < s->nres; q++)
				if (s->dur[j] > 0 && ioa_dem(s->inst, j, q) > 0)
					s->dirty[q] = 1;
		}
		again = 0;
		for (k = 0; k < s->nres && !again; k++) {
			if (!s->dirty[k])
				continue;
			s->dirty[k] = 0;
			if (timetable(s, k))
				return 1;
			again = s->qhead < s->ntr;
		}
		for (k = 0; k < s->nres && !again; k++)
			again = s->dirty[k];
	} while (again || s->qhead < s->ntr);
	return 0;
}

/* --- conflict analysis --- */

static void mark(struct ioa_lcg *s, struct lit l, int *count)
{
	int e = entry_of(s, l), ge = (l.x & 1) == GE;

	if (e < 0 || s->tr[e].level == 0)
		return;
	if (s->seen[e]) {
		s->req[e] = ge ? IOA_MAX(s->req[e], l.v) : IOA_MIN(s->req[e], l.v);
		return;
	}
	s->seen[e] = 1;
	s->req[e] = l.v;
	s->act[lvar(l.x)] += s->act_inc;
	IOA_GROW(s->marked, s->nmarked, s->marked_alloc);
	s->marked[s->nmarked++] = e;
	if (s->tr[e].level == s->level)
		(*count)++;
}

static int by_level_desc(const void *a, const void *b, void *arg)
{
	const struct ioa_lcg *s = arg;
	int la = s->tr[entry_of(s, *(const struct lit *)a)].level;
	int lb = s->tr[entry_of(s, *(const struct lit *)b)].level;

	return lb - la;
}

/* the highest level of the conflict's literals (a conflict may be found late) */
static int top_level(const struct ioa_lcg *s)
{
	int i, top = 0;

	for (i = 0; i < s->nconfl; i++) {
		int e = entry_of(s, s->confl[i]);

		if (e >= 0)
			top = IOA_MAX(top, s->tr[e].level);
	}
	return top;
}

/* learn from s->confl into s->learn: the UIP literal first, then by level; the jump level */
static int analyze(struct ioa_lcg *s)
{
	int count = 0, i, e, uip = -1, bj = 0;

	s->nmarked = 0;
	for (i = 0; i < s->nconfl; i++)
		mark(s, s->confl[i], &count);
	for (e = s->ntr - 1; e >= s->lvl[s->level]; e--) {
		if (!s->seen[e] || s->tr[e].level != s->level)
			continue;
		if (count == 1) {
			uip = e;
			break;
		}
		count--;
		s->seen[e] = 2; /* resolved away */
		for (i = 0; i < s->tr[e].nrsn; i++)
			mark(s, s->pool[s->tr[e].rsn + i], &count);
	}
	if (uip < 0) {
		for (i = 0; i < s->nmarked; i++)
			s->seen[s->marked[i]] = 0;
		return -1;
	}
	s->nlearn = 0;
	IOA_GROW(s->learn, s->nlearn, s->learn_alloc);
	s->learn[s->nlearn++] = (struct lit){ s->tr[uip].x, s->req[uip] };
	for (i = 0; i < s->nmarked; i++) {
		int m = s->marked[i], q;
		struct lit l = { s->tr[m].x, s->req[m] };

		if (s->tr[m].level == s->level || s->seen[m] != 1)
			continue;
		for (q = 1; q < s->nlearn && s->learn[q].x != l.x; q++)
			;
		if (q < s->nlearn) {
			s->learn[q].v = (l.x & 1) == GE ? IOA_MAX(s->learn[q].v, l.v)
							: IOA_MIN(s->learn[q].v, l.v);
			continue;
		}
		IOA_GROW(s->learn, s->nlearn, s->learn_alloc);
		s->learn[s->nlearn++] = l;
	}
	for (i = 0; i < s->nmarked; i++)
		s->seen[s->marked[i]] = 0;
	if (s->nlearn > 2)
		qsort_r(s->learn + 1, (size_t)s->nlearn - 1, sizeof(*s->learn), by_level_desc, s);
	if (s->nlearn > 1)
		bj = s->tr[entry_of(s, s->learn[1])].level;
	return bj;
}

static void watch(struct ioa_lcg *s, int g, int i)
{
	struct lit l = s->ngl[s->ng[g].off + i];
	struct vec *w = &s->wl[l.x];

	IOA_GROW(w->a, w->n, w->alloc);
	w->a[w->n++] =
		(struct wat){ g, l.v, s->ngl[s->ng[g].off + (s->ng[g].len > 1 ? 1 - i : 0)] };
}

/* store s->learn, watched on its first two literals (a unit: on its one) */
static void store(struct ioa_lcg *s)
{
	struct ng *g;
	int i;

	IOA_GROW(s->ng, s->nng, s->ng_alloc);
	while (s->nngl + s->nlearn > s->ngl_alloc) {
		s->ngl_alloc = s->ngl_alloc ? 2 * s->ngl_alloc : 4096;
		s->ngl = ioa_xrealloc(s->ngl, (size_t)s->ngl_alloc * sizeof(*s->ngl));
	}
	g = &s->ng[s->nng];
	g->off = s->nngl;
	g->len = s->nlearn;
	g->w[0] = 0; /* where the search for a literal to watch starts (watches()) */
	g->w[1] = 0;
	g->del = 0;
	g->lbd = 1; /* the UIP's level, undone by now */
	s->lvclock++;
	for (i = 1; i < s->nlearn; i++) {
		int lv = s->tr[entry_of(s, s->learn[i])].level;

		if (s->lvstamp[lv] != s->lvclock) {
			s->lvstamp[lv] = s->lvclock;
			g->lbd++;
		}
	}
	memcpy(s->ngl + s->nngl, s->learn, (size_t)s->nlearn * sizeof(*s->learn));
	s->nngl += s->nlearn;
	watch(s, s->nng, 0);
	if (s->nlearn > 1)
		watch(s, s->nng, 1);
	s->nng++;
}

/* mark for deletion all but the glue nogoods and the newest half of the others */
static void reduce(struct ioa_lcg *s)
{
	int g, other = 0, keep;

	for (g = 0; g < s->nng; g++)
		other += s->ng[g].lbd > GLUE;
	keep = other / 2;
	for (g = s->nng - 1; g >= 0; g--) {
		struct ng *c = &s->ng[g];

		c->del = c->lbd > GLUE && keep-- <= 0;
	}
	s->ng_limit += s->ng_limit / 10;
}

/*
 * At level 0: drop the nogoods reduce() marked, rebuild the watches on literals that are not true.
 * A nogood with one such literal left asserts its negation; with none, the problem has no solution
 * (returns 1).
 */
static int rewatch(struct ioa_lcg *s, int drop)
{
	int g, m = 0, off = 0, x, unit = 0;

	for (x = 0; x < 2 * s->n; x++)
		s->wl[x].n = 0;
	for (g = 0; g < s->nng; g++) {
		struct ng c = s->ng[g];
		struct lit *l = s->ngl + off, t;
		int i, w = 0;

		if (drop && c.del)
			continue;
		memmove(l, s->ngl + c.off, (size_t)c.len * sizeof(*s->ngl));
		c.off = off;
		c.w[0] = 0;
		for (i = 0; i < c.len && w < 2; i++)
			if (!is_true(s, l[i])) {
				t = l[w];
				l[w++] = l[i];
				l[i] = t;
			}
		if (w == 0)
			return 1;
		off += c.len;
		s->ng[m] = c;
		if (w == 1) {
			/* at level 0: its negation is a fact; kept for the next root */
			s->ntmp = 0;
			for (i = 1; i < c.len; i++)
				tmp_add(s, l[i]);
			if (set(s, neg(l[0]), 0))
				return 1;
			unit = 1;
		} else {
			watch(s, m, 0);
			watch(s, m, 1);
		}
		m++;
	}
	s->nng = m;
	s->nngl = off;
	return unit && propagate(s);
}

/* --- the search --- */

static int pick(const struct ioa_lcg *s)
{
	int j, best = -1;

	for (j = 0; j < s->n; j++) {
		if (s->lb[j] == s->ub[j])
			continue;
		if (best < 0)
			best = j;
		else if (s->vsids && s->act[j] != s->act[best]) {
			if (s->act[j] > s->act[best])
				best = j;
		} else if (s->lb[j] < s->lb[best] ||
			   (s->lb[j] == s->lb[best] && s->ub[j] < s->ub[best]))
			best = j;
	}
	return best;
}

/* the Luby sequence 1 1 2 1 1 2 4 ... */
static long luby(long i)
{
	long k = 1;

	while ((1l << k) - 1 < i + 1)
		k++;
	while ((1l << k) - 1 != i + 1) {
		i -= (1l << (k - 1)) - 1;
		for (k = 1; (1l << k) - 1 < i + 1; k++)
			;
	}
	return 1l << (k - 1);
}

struct ioa_lcg *ioa_lcg_new(const struct ioa_inst *inst, const struct ioa_prop *p)
{
	struct ioa_lcg *s = ioa_xcalloc(1, sizeof(*s));

	s->inst = inst;
	s->p = p;
	s->n = inst->n;
	s->nres = inst->nres;
	s->lb = ioa_xmalloc((size_t)(s->n + 1) * sizeof(int64_t));
	s->ub = ioa_xmalloc((size_t)(s->n + 1) * sizeof(int64_t));
	s->dur = p->dur;
	s->last = ioa_xmalloc((size_t)(2 * s->n + 1) * sizeof(int));
	s->wv = ioa_xmalloc((size_t)(2 * s->n + 1) * sizeof(int64_t));
	s->lvl = ioa_xmalloc((size_t)(2 * s->n + 3) *
			     sizeof(int)); /* two decisions a task at most */
	s->lvstamp = ioa_xcalloc((size_t)(2 * s->n + 3), sizeof(int));
	s->act = ioa_xcalloc((size_t)(s->n + 1), sizeof(double));
	s->act_inc = 1;
	s->wl = ioa_xcalloc((size_t)(2 * s->n + 1), sizeof(*s->wl));
	s->tr_alloc = 1024;
	s->tr = ioa_xmalloc((size_t)s->tr_alloc * sizeof(*s->tr));
	s->seen = ioa_xcalloc((size_t)s->tr_alloc, 1);
	s->req = ioa_xmalloc((size_t)s->tr_alloc * sizeof(*s->req));
	s->dirty = ioa_xcalloc((size_t)s->nres + 1, 1);
	s->part = ioa_xmalloc((size_t)(s->n + 1) * sizeof(*s->part));
	s->steps = ioa_xmalloc((size_t)(2 * s->n + 1) * sizeof(*s->steps));
	s->T = INT64_MIN;
	s->ng_limit = NOGOODS_FIRST;
	return s;
}

void ioa_lcg_free(struct ioa_lcg *s)
{
	int x;

	if (!s)
		return;
	for (x = 0; x < 2 * s->n; x++)
		free(s->wl[x].a);
	free(s->wl);
	free(s->lb);
	free(s->ub);
	free(s->last);
	free(s->wv);
	free(s->lvl);
	free(s->lvstamp);
	free(s->act);
	free(s->tr);
	free(s->seen);
	free(s->req);
	free(s->pool);
	free(s->tmp);
	free(s->confl);
	free(s->learn);
	free(s->ng);
	free(s->ngl);
	free(s->marked);
	free(s->dirty);
	free(s->part);
	free(s->steps);
	free(s);
}

int ioa_lcg_nogoods(const struct ioa_lcg *s)
{
	return s->nng;
}

/* the root: level 0 at the windows, the nogoods of a larger T kept */
static int root(struct ioa_lcg *s, int64_t T, const int64_t *es, const int64_t *ls)
{
	int j, x;

	if (T > s->T) {
		s->nng = 0;
		s->nngl = 0;
		s->ng_limit = NOGOODS_FIRST;
		memset(s->act, 0, (size_t)s->n * sizeof(double));
		s->act_inc = 1;
	}
	s->T = T;
	s->ntr = 0;
	s->npool = 0;
	s->qhead = 0;
	s->level = 0;
	s->lvl[0] = 0;
	for (x = 0; x < 2 * s->n; x++)
		s->last[x] = -1;
	for (j = 0; j < s->n; j++) {
		s->lb[j] = es[j];
		s->ub[j] = ls[j];
		s->wv[2 * j + GE] = es[j];
		s->wv[2 * j + LE] = ls[j];
		if (es[j] > ls[j])
			return 1;
	}
	memset(s->dirty, 1, (size_t)s->nres);
	/* every task once through the precedence and pair rules */
	for (j = 0; j < s->n; j++)
		if (prec(s, j, GE) || prec(s, j, LE) || pairs(s, j))
			return 1;
	return propagate(s) || rewatch(s, 0);
}

int ioa_lcg_decide(struct ioa_lcg *s, int64_t T, const int64_t *es, const int64_t *ls,
		   const int64_t *hint, double stop_at, const volatile sig_atomic_t *stop,
		   const int64_t *known, int64_t *sol, long *nodes)
{
	long since = 0, restarts = 0;

	s->vsids = 0;
	if (root(s, T, es, ls))
		return 0;
	for (;;) {
		int j;

		if ((++*nodes & 255) == 0 &&
		    (ioa_now() > stop_at || (stop && __atomic_load_n(stop, __ATOMIC_RELAXED)) ||
		     (known && __atomic_load_n(known, __ATOMIC_RELAXED) <= T))) {
			backtrack(s, 0);
			return -1;
		}
		if (s->level > 0 && (s->nng > s->ng_limit || since >= LUBY_UNIT * luby(restarts))) {
			/* a restart: the search again from the root, the store halved when full */
			backtrack(s, 0);
			since = 0;
			restarts++;
			s->vsids = 1;
			if (s->nng > s->ng_limit) {
				reduce(s);
				if (rewatch(s, 1))
					return 0;
			}
		}
		j = pick(s);
		if (j < 0) {
			memcpy(sol, s->lb, (size_t)s->n * sizeof(int64_t));
			backtrack(s, 0);
			return ioa_check(s->inst, sol, NULL, NULL) ? -1 : 1;
		}
		s->level++;
		s->lvl[s->level] = s->ntr;
		s->ntmp = 0;
		if (hint && hint[j] > s->lb[j] && hint[j] <= s->ub[j])
			set(s, mk(j, GE, hint[j]), 1); /* towards the incumbent */
		else
			set(s, mk(j, LE, s->lb[j]), 1);
		while (propagate(s)) {
			int bj;

			since++;
			s->act_inc *= 1 / 0.95;
			if (s->act_inc > 1e100) {
				for (j = 0; j < s->n; j++)
					s->act[j] *= 1e-100;
				s->act_inc *= 1e-100;
			}
			if (s->level == 0)
				return 0;
			bj = top_level(s);
			if (bj == 0)
				return 0;
			backtrack(s, bj);
			bj = analyze(s);
			if (bj < 0) {
				backtrack(s, 0);
				return -1;
			}
			backtrack(s, bj);
			s->ntmp = 0;
			for (j = 1; j < s->nlearn; j++)
				tmp_add(s, s->learn[j]);
			store(s);
			if (set(s, neg(s->learn[0]), 0)) {
				/* cannot happen: the UIP literal is not true at the jump level */
				backtrack(s, 0);
				return -1;
			}
		}
	}
}
