// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The lexicographic stages after the makespan C*: first the total wait, then the peak.
 *
 * Wait stage: at the makespan C* of a checked schedule, minimise the total wait
 * W = sum(start - release). Candidates, each accepted only when it passes ioa_check(), ends by C*
 * and lowers W: the hint (the online policy's schedule: wherever it reaches C* it is a feasible
 * start, so the result never waits more than it), a serial SGS pass in release order, the
 * incumbent left-justified (SGS in start order: no start moves later, so W never rises), the
 * exact model (ilp.c's time-indexed model on the gcd grid, min sum of starts within C*; small
 * instances), then LNS on W with every window ending by C*. Bound: sum(head - release), raised
 * by the exact model's; proven optimal when met.
 *
 * Peak stage: at C* and never above the wait stage's W, minimise the peak demanded utilisation
 * of the components. Only overlap mode has something to do: in strict (and EDF) mode no two
 * tasks of a category run together, so a category's peak is its largest task and cannot change.
 *
 * Objective: one global U = the max over I/O categories of the category's peak usage first
 * (min-max, as the ILP has one continuous U), then each category's own peak in index order
 * with the others held at their current peaks (greedy lexicographic refinement, heuristic).
 *
 * 1. Exact (small instances): ilp.c's time-indexed model with every window inside C*, one
 *    continuous U >= every category usage of every bucket, min U, warm-started with the
 *    incumbent. Exact on the gcd grid only (see ioa_ilp_peak()); proven optimal or a bound.
 * 2. Cap lowering: the serial SGS (first over the incumbent's start order, then the randomised
 *    heuristic) under category capacities lowered to a trial cap; a schedule is accepted when
 *    its makespan is <= C*, it passes ioa_check() on the original instance and its peaks are
 *    within the trial caps. Binary search on the cap, global first, then per category.
 * Lower bound per category: max(largest demand, ceil(energy / C*)); the global one is their
 * max, raised by the ILP's bound.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "optimizer.h"

#define NIO (IOA_NCAT - 1) /* I/O categories: every one but COMPUTE */
#define PEAK_MAX_NONZEROS 600000
#define PEAK_MAX_BUCKETS 300

struct pev {
	int64_t t;
	int d;
};

struct lexi {
	const struct ioa_inst *inst;
	const struct ioa_peak_opts *o;
	struct ioa_inst q; /* shallow copy of inst with its own capacities */
	int64_t cmax, *best, *s, *key;
	int *list;
	int maxdem[IOA_NCAT], lb[IOA_NCAT], comp[IOA_NCAT];
	double deadline;
	uint64_t seed;
	int probes;
};

const char *ioa_peak_how_name(int how)
{
	static const char *const names[] = {
		"off",		"skipped (strict: fixed)", "skipped (lateness)", "unchanged", "ilp",
		"cap lowering",
	};

	return how >= 0 && how <= IOA_PEAK_CAPS ? names[how] : "?";
}

static int pev_cmp(const void *a, const void *b)
{
	const struct pev *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return (x->d > y->d) - (x->d < y->d); /* ends before starts */
}

/* demanded utilisation of task j on category c: the resource's demand in overlap mode */
static int demand(const struct ioa_inst *inst, int j, int c)
{
	if (inst->task[j].cat != c)
		return 0;
	if (inst->mode == IOA_MODE_OVERLAP)
		return ioa_dem(inst, j, inst->res_cat + c);
	return inst->task[j].util;
}

static int sweep_peak(const struct ioa_inst *inst, const int64_t *start, int c, struct pev *ev)
{
	int j, m = 0, use = 0, peak = 0, i, d;

	for (j = 0; j < inst->n; j++) {
		d = demand(inst, j, c);
		if (d <= 0 || inst->task[j].dur <= 0)
			continue;
		ev[m++] = (struct pev){ start[j], d };
		ev[m++] = (struct pev){ start[j] + inst->task[j].dur, -d };
	}
	qsort(ev, (size_t)m, sizeof(*ev), pev_cmp);
	for (i = 0; i < m; i++) {
		use += ev[i].d;
		peak = IOA_MAX(peak, use);
	}
	return peak;
}

int ioa_peak(const struct ioa_inst *inst, const int64_t *start, int *comp)
{
	struct pev *ev;
	int c, p, peak = 0;

	if (comp)
		memset(comp, 0, IOA_NCAT * sizeof(int));
	if (inst->res_cat == IOA_NONE)
		return 0;
	ev = ioa_xmalloc((size_t)(2 * inst->n + 1) * sizeof(*ev));
	for (c = 0; c < NIO; c++) {
		p = sweep_peak(inst, start, c, ev);
		if (comp)
			comp[c] = p;
		peak = IOA_MAX(peak, p);
	}
	free(ev);
	return peak;
}

/* per category: largest demand and max(that, ceil(energy / C*)) */
static void lower_bounds(struct lexi *x)
{
	const struct ioa_inst *inst = x->inst;
	int64_t energy[IOA_NCAT] = { 0 };
	int j, c, d;

	memset(x->maxdem, 0, sizeof(x->maxdem));
	for (j = 0; j < inst->n; j++) {
		for (c = 0; c < NIO; c++) {
			d = demand(inst, j, c);
			x->maxdem[c] = IOA_MAX(x->maxdem[c], d);
			energy[c] += (int64_t)d * inst->task[j].dur;
		}
	}
	for (c = 0; c < IOA_NCAT; c++)
		x->lb[c] = x->cmax > 0
				   ? (int)IOA_MAX(x->maxdem[c], (energy[c] + x->cmax - 1) / x->cmax)
				   : x->maxdem[c];
}

static int global_lb(const struct lexi *x)
{
	int c, lb = 0;

	for (c = 0; c < NIO; c++)
		lb = IOA_MAX(lb, x->lb[c]);
	return lb;
}

static int out_of_time(const struct lexi *x)
{
	return ioa_now() > x->deadline || (x->o->stop && *x->o->stop);
}

/* x->s acceptable under @caps: makespan <= C*, wait <= the wait stage's, checked, peaks within */
static int accept(struct lexi *x, const int *caps)
{
	int comp[IOA_NCAT], c;

	if (ioa_makespan(x->inst, x->s) > x->cmax || ioa_check(x->inst, x->s, NULL, NULL))
		return 0;
	if (x->o->max_wait && ioa_total_wait(x->inst, x->s) > *x->o->max_wait)
		return 0;
	ioa_peak(x->inst, x->s, comp);
	for (c = 0; c < NIO; c++)
		if (comp[c] > caps[c])
			return 0;
	memcpy(x->best, x->s, (size_t)x->inst->n * sizeof(int64_t));
	memcpy(x->comp, comp, sizeof(comp));
	return 1;
}

/* one cap-lowering probe: SSGS over the incumbent's order, then the randomised heuristic */
static int probe(struct lexi *x, const int *caps)
{
	struct ioa_heur_opts ho = { .seed = x->seed++, .lb = x->cmax, .stop = x->o->stop };
	int c;

	for (c = 0; c < NIO; c++) {
		if (x->maxdem[c] > caps[c])
			return 0; /* the SGS could not place that task at all */
		x->q.cap[x->inst->res_cat + c] = caps[c];
	}
	x->probes++;
	ioa_list_by_key(x->inst, x->best, x->list);
	ioa_ssgs_list(&x->q, x->list, x->s);
	if (accept(x, caps))
		return 1;
	ho.time_limit = IOA_MAX(0.02, (x->deadline - ioa_now()) / 6);
	ioa_heuristic(&x->q, &ho, x->s);
	return accept(x, caps);
}

/* binary search on the cap of the categories in [c0, c1) (all at once when c1 - c0 > 1) */
static void lower_caps(struct lexi *x, int c0, int c1, int lo)
{
	int caps[IOA_NCAT], c, hi, mid;

	for (;;) {
		for (c = 0, hi = 0; c < NIO; c++) {
			caps[c] = x->comp[c];
			if (c >= c0 && c < c1)
				hi = IOA_MAX(hi, x->comp[c]);
		}
		if (lo >= hi || out_of_time(x))
			return;
		mid = lo + (hi - lo) / 2;
		for (c = c0; c < c1; c++)
			caps[c] = IOA_MIN(caps[c], mid);
		if (!probe(x, caps))
			lo = mid + 1;
	}
}

static void run_exact(struct lexi *x, struct ioa_peak *out, struct ioa_err *err, int *ret)
{
	const struct ioa_inst *inst = x->inst;
	struct ioa_ilp_opts io = { .log = x->o->log, .stop = x->o->stop };
	struct ioa_ilp_peak_out po;
	int64_t g = ioa_peak_grid(inst);
	int max_n = x->o->max_ilp_tasks ? x->o->max_ilp_tasks : 200;

	if (inst->n > max_n || x->cmax / g > PEAK_MAX_BUCKETS ||
	    ioa_ilp_estimate(inst, x->cmax, g) > PEAK_MAX_NONZEROS)
		return;
	io.time_limit = IOA_MAX(0.05, 0.6 * (x->deadline - ioa_now()));
	*ret = ioa_ilp_peak(inst, x->best, x->cmax, out->bound, &io, x->s, &po, err);
	out->used_ilp = 1;
	if (*ret)
		return;
	out->bound = IOA_MAX(out->bound, po.bound);
	if (po.peak < out->before && !ioa_check(inst, x->s, NULL, NULL) &&
	    (!x->o->max_wait || ioa_total_wait(inst, x->s) <= *x->o->max_wait)) {
		memcpy(x->best, x->s, (size_t)inst->n * sizeof(int64_t));
		ioa_peak(inst, x->best, x->comp);
		out->how = IOA_PEAK_ILP;
	}
	if (x->o->log)
		ioa_log(x->o->log, IOA_LOG_INFO,
			"peak ilp: %d rows, %d cols, grid %lld, peak %d, bound %d, %s in %.2f s\n",
			po.rows, po.cols, (long long)po.grid, po.peak, po.bound,
			ioa_status_name(po.status), po.seconds);
}

static void lexi_init(struct lexi *x, const struct ioa_inst *inst, const struct ioa_peak_opts *o,
		      int64_t *start)
{
	int n = inst->n;

	memset(x, 0, sizeof(*x));
	x->inst = inst;
	x->o = o;
	x->q = *inst;
	x->q.cap = ioa_xmalloc((size_t)(inst->nres + 1) * sizeof(int));
	memcpy(x->q.cap, inst->cap, (size_t)inst->nres * sizeof(int));
	x->best = start;
	x->s = ioa_xmalloc((size_t)(n + 1) * sizeof(int64_t));
	x->list = ioa_xmalloc((size_t)(n + 1) * sizeof(int));
	x->cmax = ioa_makespan(inst, start);
	x->deadline = ioa_now() + (o->time_limit > 0 ? o->time_limit : 2);
	x->seed = o->seed;
	lower_bounds(x);
}

int ioa_peak_stage(const struct ioa_inst *inst, const struct ioa_peak_opts *o, int64_t *start,
		   struct ioa_peak *out, struct ioa_err *err)
{
	struct lexi x;
	double t0 = ioa_now();
	int c, ret = 0;

	memset(out, 0, sizeof(*out));
	out->before = out->after = ioa_peak(inst, start, out->comp);
	out->bound = out->before;
	out->status = IOA_ST_OPTIMAL;
	if (inst->mode != IOA_MODE_OVERLAP || inst->res_cat == IOA_NONE) {
		out->how = IOA_PEAK_SKIP_MODE;
		return 0;
	}
	lexi_init(&x, inst, o, start);
	memcpy(x.comp, out->comp, sizeof(x.comp));
	out->how = IOA_PEAK_UNCHANGED;
	out->bound = IOA_MIN(global_lb(&x), out->before);
	if (o->max_ilp_tasks >= 0 && out->before > out->bound)
		run_exact(&x, out, err, &ret);
	if (!ret) {
		lower_caps(&x, 0, NIO, out->bound);
		for (c = 0; c < NIO; c++)
			lower_caps(&x, c, c + 1, x.lb[c]);
	}
	out->after = ioa_peak(inst, start, out->comp);
	if (out->how == IOA_PEAK_UNCHANGED && out->after < out->before)
		out->how = IOA_PEAK_CAPS;
	out->status = out->after <= out->bound ? IOA_ST_OPTIMAL : IOA_ST_FEASIBLE;
	out->probes = x.probes;
	out->seconds = ioa_now() - t0;
	free(x.q.cap);
	free(x.s);
	free(x.list);
	return ret;
}

/* --- the wait stage --- */

int64_t ioa_total_wait(const struct ioa_inst *inst, const int64_t *start)
{
	int64_t v = 0;
	int j;

	for (j = 0; j < inst->n; j++)
		v += start[j] - inst->task[j].release;
	return v;
}

int64_t ioa_total_wait_bound(const struct ioa_inst *inst)
{
	int64_t *head = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int64_t)), v = 0;
	int j;

	ioa_heads(inst, head);
	for (j = 0; j < inst->n; j++)
		v += head[j] - inst->task[j].release;
	free(head);
	return v;
}

const char *ioa_wait_how_name(int how)
{
	static const char *const names[] = {
		"off", "skipped (lateness)", "unchanged", "hint", "heuristic", "ilp", "lns",
	};

	return how >= 0 && how <= IOA_WAIT_LNS ? names[how] : "?";
}

struct wstage {
	const struct ioa_inst *inst;
	int64_t cmax, *best, *s;
	int *list;
	struct ioa_wait *out;
};

/* take ws->s when it ends by C*, passes the checker and waits less */
static int wait_take(struct wstage *ws, int how)
{
	int64_t w = ioa_total_wait(ws->inst, ws->s);

	if (w >= ws->out->after || ioa_makespan(ws->inst, ws->s) > ws->cmax ||
	    ioa_check(ws->inst, ws->s, NULL, NULL))
		return 0;
	memcpy(ws->best, ws->s, (size_t)ws->inst->n * sizeof(int64_t));
	ws->out->after = w;
	ws->out->how = how;
	return 1;
}

/* the hint, the release-order SGS, the incumbent left-justified */
static void wait_candidates(struct wstage *ws, const int64_t *hint)
{
	const struct ioa_inst *inst = ws->inst;
	int64_t *key = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int64_t));
	int j;

	if (hint && ioa_makespan(inst, hint) <= ws->cmax && !ioa_check(inst, hint, NULL, NULL)) {
		ws->out->hint = ioa_total_wait(inst, hint);
		memcpy(ws->s, hint, (size_t)inst->n * sizeof(int64_t));
		wait_take(ws, IOA_WAIT_HINT);
	}
	for (j = 0; j < inst->n; j++)
		key[j] = inst->task[j].release;
	ioa_list_by_key(inst, key, ws->list);
	ioa_ssgs_list(inst, ws->list, ws->s);
	wait_take(ws, IOA_WAIT_HEUR);
	ioa_list_by_key(inst, ws->best, ws->list);
	ioa_ssgs_list(inst, ws->list, ws->s);
	wait_take(ws, IOA_WAIT_HEUR);
	free(key);
}

static int wait_exact(struct wstage *ws, const struct ioa_wait_opts *o, double deadline,
		      struct ioa_err *err)
{
	const struct ioa_inst *inst = ws->inst;
	struct ioa_ilp_opts io = { .log = o->log, .stop = o->stop };
	struct ioa_ilp_wait_out wo;
	int64_t g = ioa_peak_grid(inst);
	int max_n = o->max_ilp_tasks ? o->max_ilp_tasks : 200, ret;

	if (o->max_ilp_tasks < 0 || inst->n > max_n || ws->cmax / g > PEAK_MAX_BUCKETS ||
	    ioa_ilp_estimate(inst, ws->cmax, g) > PEAK_MAX_NONZEROS)
		return 0;
	io.time_limit = IOA_MAX(0.05, 0.6 * (deadline - ioa_now()));
	ret = ioa_ilp_wait(inst, ws->best, ws->cmax, &io, ws->s, &wo, err);
	ws->out->used_ilp = 1;
	if (ret)
		return ret;
	ws->out->bound = IOA_MAX(ws->out->bound, wo.bound);
	wait_take(ws, IOA_WAIT_ILP);
	return 0;
}

static void wait_lns(struct wstage *ws, const struct ioa_wait_opts *o, double deadline)
{
	struct ioa_lns_opts lo = {
		.seed = o->seed,
		.lateness = 1,
		.cmax = ws->cmax,
		.stop = o->stop,
	};

	lo.time_limit = deadline - ioa_now();
	if (lo.time_limit <= 0.01 || o->max_ilp_tasks < 0)
		return;
	memcpy(ws->s, ws->best, (size_t)ws->inst->n * sizeof(int64_t));
	ioa_lns(ws->inst, &lo, ws->s);
	wait_take(ws, IOA_WAIT_LNS);
}

int ioa_wait_stage(const struct ioa_inst *inst, const struct ioa_wait_opts *o, int64_t *start,
		   struct ioa_wait *out, struct ioa_err *err)
{
	struct wstage ws = { inst, ioa_makespan(inst, start), start, NULL, NULL, out };
	double t0 = ioa_now(), deadline = t0 + (o->time_limit > 0 ? o->time_limit : 2);
	int ret;

	memset(out, 0, sizeof(*out));
	out->how = IOA_WAIT_UNCHANGED;
	out->before = out->after = ioa_total_wait(inst, start);
	out->bound = IOA_MIN(ioa_total_wait_bound(inst), out->before);
	out->hint = -1;
	ws.s = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int64_t));
	ws.list = ioa_xmalloc((size_t)(inst->n + 1) * sizeof(int));
	wait_candidates(&ws, o->hint);
	ret = out->after > out->bound ? wait_exact(&ws, o, deadline, err) : 0;
	if (!ret && out->after > out->bound)
		wait_lns(&ws, o, deadline);
	out->status = out->after <= out->bound ? IOA_ST_OPTIMAL : IOA_ST_FEASIBLE;
	out->seconds = ioa_now() - t0;
	free(ws.s);
	free(ws.list);
	return ret;
}
