// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Large-neighbourhood search for instances too large for one ILP (OPTIMIZER.md): free a window
 * of 8-60 tasks that are consecutive in start order (alternately at the tail, where the
 * makespan is decided, and rolling from left to right), keep every other task where it is,
 * repair the window by randomised serial SGS passes, then re-solve it exactly with the ILP under
 * a short time limit. The window size adapts: it grows while the ILP proves windows quickly and
 * shrinks when it runs out of time (unless the caller fixed it).
 *
 * The window is a sub-instance on its own exact grid (g = window span / LNS_BUCKETS, origin
 * T0 = the earliest release of a freed task), built conservatively so that every grid schedule
 * is feasible at full resolution: releases (including the finish of fixed predecessors) round
 * up, latest finishes (deadlines, the start of fixed successors, the window's end) round down,
 * durations round up, and the fixed tasks become per-resource "profile" tasks whose demand in
 * a bucket is the largest fixed usage inside that bucket. Profile tasks are passed to the ILP
 * as fixed and do not count in its makespan. The warm start is a serial SGS pass on the
 * sub-instance (profile first, then the freed tasks by their current start).
 *
 * An improvement (window makespan, or total start for the lateness objective) is written back;
 * then the whole schedule is left-justified by one SGS pass in start order (no start moves
 * later, so nothing breaks), checked by ioa_check(), and the last checked schedule is the one
 * returned: a failed check (a bug) reverts to it.
 */
#include <stdlib.h>
#include <string.h>

#include "optimizer.h"
#include "rng.h"

#define LNS_BUCKETS 48
#define LNS_WINDOW 20 /* first window size when not given; then adapted in [MIN, MAX] */
#define LNS_WINDOW_MIN 8
#define LNS_WINDOW_MAX 60
#define LNS_TRIES 64	    /* randomised SGS repairs of a window before its ILP */
#define LNS_WINDOW_TIME 0.3 /* ILP seconds per window when not given */

struct lns {
	const struct ioa_inst *inst;
	const struct ioa_lns_opts *o;
	int64_t *start; /* incumbent */
	int64_t *good;	/* last checked incumbent */
	int *order;	/* tasks by start */
	int *loc;	/* [n] index in the sub-instance, -1 when fixed */
	int64_t maxdur;
	struct ioa_rng rng;
	double deadline;
	int accepted, since_lj;
	int W, adapt; /* window size; adapted to what the ILP proves within its time */
};

/* the window's sub-instance and its bookkeeping */
struct win {
	struct ioa_inst sub;
	int *who; /* free tasks of the original, [nf] */
	int nf, nd, dalloc;
	int64_t T0, g, Tq;    /* origin, grid, horizon (grid units) */
	int64_t *drel, *ddur; /* profile tasks: start, length (grid), resource, demand */
	int *dres, *ddem;
	int64_t *fixed, *warm, *sol;
};

static int64_t cdiv(int64_t a, int64_t b)
{
	return a >= 0 ? (a + b - 1) / b : -((-a) / b);
}

static int64_t fdiv(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -cdiv(-a, b);
}

static int64_t objective(const struct ioa_inst *inst, const int64_t *start, const int *who, int n,
			 int lateness)
{
	int64_t v = 0;
	int i, j;

	for (i = 0; i < n; i++) {
		j = who ? who[i] : i;
		v = lateness ? v + start[j] - inst->task[j].release
			     : IOA_MAX(v, start[j] + inst->task[j].dur);
	}
	return v;
}

static void sort_by_start(struct lns *l)
{
	ioa_list_by_key(l->inst, l->start, l->order);
}

/* left-justify (no start moves later), check, keep as the checked incumbent or revert */
static void justify(struct lns *l)
{
	const struct ioa_inst *inst = l->inst;
	int64_t *tmp = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int64_t));
	size_t sz = (size_t)inst->n * sizeof(int64_t);
	int j, later = 0;

	sort_by_start(l);
	ioa_ssgs_list(inst, l->order, tmp);
	for (j = 0; j < inst->n; j++)
		later |= tmp[j] > l->start[j];
	if (!later)
		memcpy(l->start, tmp, sz);
	free(tmp);
	if (ioa_check(inst, l->start, NULL, NULL)) {
		if (l->o->log)
			ioa_log(l->o->log, IOA_LOG_WARN,
				"lns: checker rejected a window; reverted");
		memcpy(l->start, l->good, sz);
	} else {
		memcpy(l->good, l->start, sz);
	}
	sort_by_start(l);
	l->since_lj = 0;
}

/* bounds of a free task from its fixed neighbours: earliest start, latest finish (real) */
static void neighbours(const struct lns *l, int j, int64_t *rel, int64_t *lf)
{
	const struct ioa_inst *inst = l->inst;
	int e, p;

	*rel = inst->task[j].release;
	*lf = inst->task[j].deadline != IOA_NONE ? inst->task[j].deadline : INT64_MAX;
	for (e = inst->pred_off[j]; e < inst->pred_off[j + 1]; e++) {
		p = inst->pred[e];
		if (l->loc[p] < 0)
			*rel = IOA_MAX(*rel, l->start[p] + inst->task[p].dur);
	}
	for (e = inst->succ_off[j]; e < inst->succ_off[j + 1]; e++) {
		p = inst->succ[e];
		if (l->loc[p] < 0)
			*lf = IOA_MIN(*lf, l->start[p]);
	}
}

struct ev {
	int64_t t;
	int d;
};

static int ev_cmp(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;

	return x->t < y->t ? -1 : x->t > y->t;
}

static void add_dummy(struct win *w, int64_t b0, int64_t len, int k, int d)
{
	int a = w->dalloc;

	IOA_GROW(w->drel, w->nd, a);
	if (a != w->dalloc) {
		w->ddur = ioa_xrealloc(w->ddur, (size_t)a * sizeof(int64_t));
		w->dres = ioa_xrealloc(w->dres, (size_t)a * sizeof(int));
		w->ddem = ioa_xrealloc(w->ddem, (size_t)a * sizeof(int));
		w->dalloc = a;
	}
	w->drel[w->nd] = b0;
	w->ddur[w->nd] = len;
	w->dres[w->nd] = k;
	w->ddem[w->nd++] = d;
}

/* the fixed tasks' usage of resource @k as runs of per-bucket maxima */
static void profile(const struct lns *l, struct win *w, int k, const int *fx, int nfx,
		    struct ev *ev, int *mx)
{
	const struct ioa_inst *inst = l->inst;
	int64_t lo = w->T0, hi = w->T0 + w->Tq * w->g, b, b1;
	int i, m = 0, u = 0;

	for (i = 0; i < nfx; i++) {
		int j = fx[i], d = ioa_dem(inst, j, k);

		if (d <= 0)
			continue;
		ev[m++] = (struct ev){ IOA_MAX(l->start[j], lo), d };
		ev[m++] = (struct ev){ IOA_MIN(l->start[j] + inst->task[j].dur, hi), -d };
	}
	if (!m)
		return;
	qsort(ev, (size_t)m, sizeof(*ev), ev_cmp);
	memset(mx, 0, (size_t)w->Tq * sizeof(int));
	for (i = 0; i < m; i++) {
		u += ev[i].d;
		if (i + 1 < m && ev[i + 1].t > ev[i].t && u > 0) {
			b1 = fdiv(ev[i + 1].t - 1 - lo, w->g);
			for (b = fdiv(ev[i].t - lo, w->g); b <= b1 && b < w->Tq; b++)
				mx[b] = IOA_MAX(mx[b], u);
		}
	}
	for (b = 0; b < w->Tq; b = b1) {
		for (b1 = b + 1; b1 < w->Tq && mx[b1] == mx[b]; b1++)
			;
		if (mx[b] > 0)
			add_dummy(w, b, b1 - b, k, mx[b]);
	}
}

/* fixed tasks whose run intersects [T0, T0 + Tq g) (positions in start order near the window) */
static int fixed_near(const struct lns *l, const struct win *w, int *fx)
{
	const struct ioa_inst *inst = l->inst;
	int64_t hi = w->T0 + w->Tq * w->g;
	int lo = 0, up = inst->n, mid, i, m = 0;

	while (lo < up) { /* first position with start >= T0 - maxdur */
		mid = (lo + up) / 2;
		if (l->start[l->order[mid]] < w->T0 - l->maxdur)
			lo = mid + 1;
		else
			up = mid;
	}
	for (i = lo; i < inst->n && l->start[l->order[i]] < hi; i++) {
		int j = l->order[i];

		if (l->loc[j] < 0 && inst->task[j].dur > 0 &&
		    l->start[j] + inst->task[j].dur > w->T0)
			fx[m++] = j;
	}
	return m;
}

static void win_release(struct win *w)
{
	ioa_inst_release(&w->sub);
	free(w->drel);
	free(w->ddur);
	free(w->dres);
	free(w->ddem);
	free(w->fixed);
	free(w->warm);
	free(w->sol);
}

/* origin, grid and horizon from the freed tasks' current starts and finishes */
static int win_frame(const struct lns *l, struct win *w, int64_t *rel)
{
	const struct ioa_inst *inst = l->inst;
	int64_t end = 0;
	int i;

	w->T0 = INT64_MAX;
	for (i = 0; i < w->nf; i++) {
		int j = w->who[i];

		w->T0 = IOA_MIN(w->T0, l->start[j]);
		end = IOA_MAX(end, l->start[j] + inst->task[j].dur);
	}
	for (i = 0; i < w->nf; i++) /* the window is the freed tasks' current span */
		rel[i] = IOA_MAX(rel[i], w->T0);
	if (end <= w->T0)
		return -1;
	/* room beyond the current end: rounding up must not make the warm start infeasible */
	w->g = end - w->T0 <= 4 * LNS_BUCKETS ? 1 : cdiv(end - w->T0, LNS_BUCKETS);
	w->Tq = cdiv(end - w->T0, w->g) * 3 / 2 + 1;
	return 0;
}

static int win_tasks(const struct lns *l, struct win *w, const int64_t *rel, const int64_t *lf)
{
	const struct ioa_inst *inst = l->inst;
	struct ioa_inst *s = &w->sub;
	int i, k, e;

	ioa_inst_init(s, w->nf + w->nd, inst->nres);
	memcpy(s->cap, inst->cap, (size_t)inst->nres * sizeof(int));
	w->fixed = ioa_xmalloc((size_t)(s->n + 1) * sizeof(int64_t));
	for (i = 0; i < w->nf; i++) {
		int j = w->who[i];
		struct ioa_task *t = &s->task[i];

		t->release = cdiv(rel[i] - w->T0, w->g);
		t->dur = cdiv(inst->task[j].dur, w->g);
		t->deadline =
			lf[i] == INT64_MAX ? w->Tq : IOA_MIN(w->Tq, fdiv(lf[i] - w->T0, w->g));
		if (t->deadline < t->release + t->dur)
			return -1;
		for (k = 0; k < inst->nres; k++)
			s->dem[(int64_t)i * inst->nres + k] = ioa_dem(inst, j, k);
		for (e = inst->succ_off[j]; e < inst->succ_off[j + 1]; e++)
			if (l->loc[inst->succ[e]] >= 0)
				ioa_inst_add_prec(s, i, l->loc[inst->succ[e]]);
		w->fixed[i] = IOA_UNSET;
	}
	for (i = 0; i < w->nd; i++) {
		s->task[w->nf + i].release = w->fixed[w->nf + i] = w->drel[i];
		s->task[w->nf + i].dur = w->ddur[i];
		s->dem[(int64_t)(w->nf + i) * inst->nres + w->dres[i]] = w->ddem[i];
	}
	return ioa_inst_finalize(s, NULL);
}

/* serial SGS on the sub-instance: profile tasks first (they land on their place), then the
 * freed tasks in their current order; 0 when the result is feasible */
static int win_warm(const struct lns *l, struct win *w)
{
	int n = w->sub.n, i, ret = 0;
	int64_t *key = ioa_xmalloc((size_t)(n + 1) * sizeof(int64_t));
	int *list = ioa_xmalloc((size_t)(n + 1) * sizeof(int));

	for (i = 0; i < w->nf; i++)
		key[i] = fdiv(l->start[w->who[i]] - w->T0, w->g);
	for (i = w->nf; i < n; i++)
		key[i] = w->fixed[i] - w->Tq - 1;
	w->warm = ioa_xmalloc((size_t)(n + 1) * sizeof(int64_t));
	w->sol = ioa_xmalloc((size_t)(n + 1) * sizeof(int64_t));
	ioa_list_by_key(&w->sub, key, list);
	ioa_ssgs_list(&w->sub, list, w->warm);
	for (i = w->nf; i < n; i++)
		ret |= w->warm[i] != w->fixed[i];
	if (!ret)
		ret = ioa_check(&w->sub, w->warm, NULL, NULL);
	free(key);
	free(list);
	return ret;
}

/* the sub-instance of the freed tasks; 0 when it has a feasible warm start */
static int win_build(const struct lns *l, struct win *w, int *fx, struct ev *ev)
{
	int64_t *rel = ioa_xmalloc((size_t)(w->nf + 1) * sizeof(int64_t));
	int64_t *lf = ioa_xmalloc((size_t)(w->nf + 1) * sizeof(int64_t));
	int *mx = NULL, i, k, nfx, ret;

	for (i = 0; i < w->nf; i++) {
		neighbours(l, w->who[i], &rel[i], &lf[i]);
		if (l->o->cmax > 0) /* the wait stage: no window may end after C* */
			lf[i] = IOA_MIN(lf[i], l->o->cmax);
	}
	ret = win_frame(l, w, rel);
	if (!ret) {
		mx = ioa_xmalloc((size_t)(w->Tq + 1) * sizeof(int));
		nfx = fixed_near(l, w, fx);
		for (k = 0; k < l->inst->nres; k++)
			profile(l, w, k, fx, nfx, ev, mx);
		ret = win_tasks(l, w, rel, lf);
	}
	if (!ret)
		ret = win_warm(l, w);
	free(mx);
	free(rel);
	free(lf);
	return ret;
}

/* (objective, total start) of the freed tasks at full resolution */
static void win_value(const struct lns *l, const struct win *w, const int64_t *start, int64_t v[2])
{
	v[0] = objective(l->inst, start, w->who, w->nf, l->o->lateness);
	v[1] = objective(l->inst, start, w->who, w->nf, 1);
}

/* write the grid schedule @q back when it beats the incumbent on the window */
static int win_accept(struct lns *l, const struct win *w, const int64_t *q)
{
	int64_t *cand = ioa_xmalloc((size_t)l->inst->n * sizeof(int64_t));
	int64_t a[2], b[2];
	int i, better;

	memcpy(cand, l->start, (size_t)l->inst->n * sizeof(int64_t));
	for (i = 0; i < w->nf; i++)
		cand[w->who[i]] = w->T0 + q[i] * w->g;
	win_value(l, w, l->start, a);
	win_value(l, w, cand, b);
	better = b[0] < a[0] || (b[0] == a[0] && b[1] < a[1]);
	if (better) {
		for (i = 0; i < w->nf; i++)
			l->start[w->who[i]] = cand[w->who[i]];
		l->accepted++;
		l->since_lj++;
	}
	free(cand);
	return better;
}

/*
 * Randomised repair of the window: serial SGS on the sub-instance with the freed tasks ordered by
 * their current start plus noise (profile tasks first); every checked improvement is written back.
 * Returns 1 when one was accepted.
 */
static int win_sample(struct lns *l, struct win *w, int tries)
{
	int n = w->sub.n, i, r, acc = 0;
	int64_t *key = ioa_xmalloc((size_t)(n + 1) * sizeof(int64_t));
	int *list = ioa_xmalloc((size_t)(n + 1) * sizeof(int));
	int64_t spread = 2 * IOA_MAX(1, cdiv(l->maxdur, w->g)) + 1;

	for (r = 0; r < tries; r++) {
		int bad = 0;

		for (i = 0; i < w->nf; i++)
			key[i] = fdiv(l->start[w->who[i]] - w->T0, w->g) +
				 (int64_t)ioa_rng_below(&l->rng, (uint64_t)spread);
		for (i = w->nf; i < n; i++)
			key[i] = w->fixed[i] - w->Tq - 1 - spread;
		ioa_list_by_key(&w->sub, key, list);
		ioa_ssgs_list(&w->sub, list, w->sol);
		for (i = w->nf; i < n; i++)
			bad |= w->sol[i] != w->fixed[i];
		if (!bad && !ioa_check(&w->sub, w->sol, NULL, NULL) && win_accept(l, w, w->sol)) {
			acc = 1;
			memcpy(w->warm, w->sol, (size_t)n * sizeof(int64_t));
		}
	}
	free(key);
	free(list);
	return acc;
}

/* grow the window while the ILP proves it quickly, shrink it when the ILP runs out of time */
static void adapt(struct lns *l, const struct ioa_ilp_out *out, double tl)
{
	int n = l->inst->n;

	if (!l->adapt)
		return;
	if (out->status == IOA_ST_OPTIMAL && out->seconds < tl / 4)
		l->W = IOA_MIN(IOA_MIN(n, LNS_WINDOW_MAX), l->W + 2);
	else if (out->status != IOA_ST_OPTIMAL)
		l->W = IOA_MAX(IOA_MIN(n, LNS_WINDOW_MIN), l->W - 3);
}

static void window(struct lns *l, int p, int W, double tl, int *fx, struct ev *ev)
{
	struct ioa_ilp_opts io = {
		.time_limit = tl,
		.grid = 1,
		.log = NULL,
		.stop = l->o->stop,
	};
	struct ioa_ilp_out out;
	struct win w;
	int i;

	memset(&w, 0, sizeof(w));
	w.who = &l->order[p];
	w.nf = W;
	for (i = 0; i < W; i++)
		l->loc[w.who[i]] = i;
	if (!win_build(l, &w, fx, ev)) {
		io.fixed = w.fixed;
		if (!win_accept(l, &w, w.warm) && !win_sample(l, &w, LNS_TRIES) &&
		    !ioa_ilp_solve(&w.sub, w.warm, 0, &io, w.sol, &out, NULL)) {
			win_accept(l, &w, w.sol);
			adapt(l, &out, tl);
		}
	}
	for (i = 0; i < W; i++)
		l->loc[w.who[i]] = -1;
	win_release(&w);
}

static void lns_init(struct lns *l, const struct ioa_inst *inst, const struct ioa_lns_opts *o,
		     int64_t *start)
{
	int j;

	memset(l, 0, sizeof(*l));
	l->inst = inst;
	l->o = o;
	l->start = start;
	l->good = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int64_t));
	memcpy(l->good, start, (size_t)inst->n * sizeof(int64_t));
	l->order = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int));
	l->loc = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int));
	for (j = 0; j < inst->n; j++) {
		l->loc[j] = -1;
		l->maxdur = IOA_MAX(l->maxdur, inst->task[j].dur);
	}
	ioa_rng_seed(&l->rng, o->seed);
	l->adapt = o->window <= 0;
	l->W = IOA_MIN(inst->n, o->window > 0 ? o->window : LNS_WINDOW);
	l->deadline = ioa_now() + (o->time_limit > 0 ? o->time_limit : 10);
	sort_by_start(l);
}

static int lns_done(const struct lns *l, int idle)
{
	const struct ioa_inst *inst = l->inst;

	if ((l->o->stop && *l->o->stop) || ioa_now() >= l->deadline || idle)
		return 1;
	return !l->o->lateness && ioa_makespan(inst, l->good) <= l->o->lb;
}

/* window position: alternately the tail (makespan) and a rolling sweep */
static int next_pos(struct lns *l, int it, int W, int *pos, int *sweeps)
{
	int n = l->inst->n, p;

	if (!l->o->lateness && it % 2 == 0)
		return IOA_MAX(0, n - W - (int)ioa_rng_below(&l->rng, (uint64_t)IOA_MAX(1, W / 2)));
	p = IOA_MIN(*pos, n - W);
	*pos += IOA_MAX(1, W / 2);
	if (p >= n - W) {
		*pos = (int)ioa_rng_below(&l->rng, (uint64_t)IOA_MAX(1, W / 2));
		(*sweeps)++;
	}
	return p;
}

int64_t ioa_lns(const struct ioa_inst *inst, const struct ioa_lns_opts *o, int64_t *start)
{
	struct lns l;
	int W;
	double wt = o->window_time > 0 ? o->window_time : LNS_WINDOW_TIME;
	int *fx = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int));
	struct ev *ev = ioa_xmalloc((size_t)(2 * inst->n + 1) * sizeof(*ev));
	int it, pos = 0, sweeps = 0, last_acc = 0, last_sweep = 0;

	lns_init(&l, inst, o, start);
	for (it = 0; l.W > 0 && !lns_done(&l, sweeps - last_sweep >= 4); it++) {
		int p;

		W = l.W;
		p = next_pos(&l, it, W, &pos, &sweeps);

		window(&l, p, W, IOA_MIN(wt, l.deadline - ioa_now()), fx, ev);
		if (l.accepted != last_acc)
			last_sweep = sweeps;
		last_acc = l.accepted;
		if (l.since_lj && (inst->n <= 20000 || it % 25 == 0))
			justify(&l);
	}
	justify(&l);
	if (o->log)
		ioa_log(o->log, IOA_LOG_INFO, "lns: %d windows (last of %d tasks), %d improved", it,
			l.W, l.accepted);
	memcpy(start, l.good, (size_t)inst->n * sizeof(int64_t));
	free(l.good);
	free(l.order);
	free(l.loc);
	free(fx);
	free(ev);
	return ioa_makespan(inst, start);
}
