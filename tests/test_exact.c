// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The exact solvers against brute force, without PSPLIB files: tiny random instances (releases,
 * chains, unary and cumulative resources) whose optimum is found here by enumerating every
 * precedence-feasible activity list and placing each list with a time-indexed serial schedule
 * generation written for this test (every active schedule is the result of some list, and an
 * optimal schedule is active). Then: optimum = ILP = branch-and-bound (both proven), every
 * lower bound <= optimum <= heuristic, and every schedule passes the checker.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "memo.h"
#include "optimizer.h"
#include "prop.h"
#include "rng.h"

#define MAXN 7
#define NRES 2
#define MAXRES 16
#define HORIZON 64

/* n tasks: releases 0..5, durations 0..4, a unary and a cumulative resource, random arcs */
static void random_inst(struct ioa_inst *inst, int n, struct ioa_rng *seed)
{
	struct ioa_err err = { 0 };
	int j, k;

	ioa_inst_init(inst, n, NRES);
	inst->cap[0] = 1;
	inst->cap[1] = 2 + (int)(ioa_rng_next(seed) % 3);
	for (j = 0; j < n; j++) {
		inst->task[j].dur = (int64_t)(ioa_rng_next(seed) % 6);
		inst->task[j].release =
			ioa_rng_next(seed) % 3 ? 0 : (int64_t)(ioa_rng_next(seed) % 6);
		inst->dem[j * NRES] = (int)(ioa_rng_next(seed) % 2);
		for (k = 1; k < NRES; k++)
			inst->dem[j * NRES + k] = (int)(ioa_rng_next(seed) % (inst->cap[k] + 1));
		if (j > 0 && ioa_rng_next(seed) % 3 == 0)
			ioa_inst_add_prec(inst, (int)(ioa_rng_next(seed) % j), j);
	}
	assert_int_equal(ioa_inst_finalize(inst, &err), 0);
}

/* the brute force's own serial SGS: each task at the earliest time its demands fit */
static int64_t place_list(const struct ioa_inst *inst, const int *list)
{
	int use[MAXRES][HORIZON] = { { 0 } };
	int64_t start[MAXN], ms = 0;
	int i, e, k;

	for (i = 0; i < inst->n; i++) {
		int j = list[i];
		int64_t s = inst->task[j].release, t, p = inst->task[j].dur;

		for (e = inst->pred_off[j]; e < inst->pred_off[j + 1]; e++)
			s = IOA_MAX(s, start[inst->pred[e]] + inst->task[inst->pred[e]].dur);
		for (t = s; t < s + p; t++)
			for (k = 0; k < inst->nres; k++)
				if (use[k][t] + ioa_dem(inst, j, k) > inst->cap[k]) {
					s = t + 1;
					t = s - 1;
					break;
				}
		for (t = s; t < s + p; t++)
			for (k = 0; k < inst->nres; k++)
				use[k][t] += ioa_dem(inst, j, k);
		start[j] = s;
		ms = IOA_MAX(ms, s + p);
	}
	return ms;
}

static int preds_placed(const struct ioa_inst *inst, int j, const int *placed)
{
	int e;

	for (e = inst->pred_off[j]; e < inst->pred_off[j + 1]; e++)
		if (!placed[inst->pred[e]])
			return 0;
	return 1;
}

/* min over every precedence-feasible list extending list[0 .. i) */
static int64_t enumerate(const struct ioa_inst *inst, int *list, int *placed, int i)
{
	int64_t best = INT64_MAX;
	int j;

	if (i == inst->n)
		return place_list(inst, list);
	for (j = 0; j < inst->n; j++) {
		if (placed[j] || !preds_placed(inst, j, placed))
			continue;
		placed[j] = 1;
		list[i] = j;
		best = IOA_MIN(best, enumerate(inst, list, placed, i + 1));
		placed[j] = 0;
	}
	return best;
}

static int64_t brute_force(const struct ioa_inst *inst)
{
	int list[MAXN], placed[MAXN] = { 0 };

	return enumerate(inst, list, placed, 0);
}

static void solve_with(const struct ioa_inst *inst, int exact, struct ioa_result *res)
{
	struct ioa_solve_opts so = { .time_limit = 10, .seed = 1, .exact = exact };
	struct ioa_err err = { 0 };

	if (ioa_solve(inst, &so, res, &err))
		fail_msg("solve (exact %d): %s", exact, err.msg);
}

/*
 * the branch-and-bound alone with @engine (both searches, or one of them), from the
 * one-task-at-a-time schedule and the weakest bound
 */
static int64_t bnb_alone(const struct ioa_inst *inst, int engine, int64_t *bound)
{
	struct ioa_bnb_opts bo = { .time_limit = 10, .engine = engine };
	struct ioa_bnb_out out;
	struct ioa_err err = { 0 };
	int64_t start[MAXN], t = 0;
	int i;

	for (i = 0; i < inst->n; i++) {
		int j = inst->topo[i];

		start[j] = IOA_MAX(t, inst->task[j].release);
		t = start[j] + inst->task[j].dur;
	}
	*bound = ioa_bnb(inst, 0, &bo, start, &out);
	if (ioa_check(inst, start, NULL, &err))
		fail_msg("bnb schedule: %s", err.msg);
	assert_int_equal(out.makespan, ioa_makespan(inst, start));
	return out.makespan;
}

static void check_one(const struct ioa_inst *inst, int round)
{
	struct ioa_result ilp, bnb;
	struct ioa_bounds b;
	int64_t opt = brute_force(inst), lb, ms;
	int e;

	solve_with(inst, IOA_EXACT_ILP, &ilp);
	solve_with(inst, IOA_EXACT_BNB, &bnb);
	if (ilp.makespan != opt || ilp.status != IOA_ST_OPTIMAL || bnb.makespan != opt ||
	    bnb.status != IOA_ST_OPTIMAL)
		fail_msg("round %d: optimum %lld, ilp %lld (%s), bnb %lld (%s)", round,
			 (long long)opt, (long long)ilp.makespan, ioa_status_name(ilp.status),
			 (long long)bnb.makespan, ioa_status_name(bnb.status));
	assert_true(ilp.heuristic_makespan >= opt);
	assert_true(ioa_bounds_compute(inst, &b) <= opt);
	assert_true(ioa_lb_destructive(inst, b.best, ilp.heuristic_makespan, 5) <= opt);
	for (e = IOA_BNB_BOTH; e <= IOA_BNB_LCG; e++) {
		ms = bnb_alone(inst, e, &lb);
		if (ms != opt || lb != opt)
			fail_msg("round %d: optimum %lld, bnb alone (engine %d) %lld bound %lld",
				 round, (long long)opt, e, (long long)ms, (long long)lb);
	}
	ioa_result_release(&ilp);
	ioa_result_release(&bnb);
}

static void test_random_vs_brute_force(void **state)
{
	struct ioa_rng seed;
	int round;

	(void)state;
	ioa_rng_seed(&seed, 2026);
	for (round = 0; round < 200; round++) {
		struct ioa_inst inst;

		random_inst(&inst, 3 + round % (MAXN - 2), &seed);
		check_one(&inst, round);
		ioa_inst_release(&inst);
	}
}

/* vCPU instances: releases, chains, pCPUs, unary or cumulative categories, a pinned vCPU */
static void test_vcpu_vs_brute_force(void **state)
{
	struct ioa_rng seed;
	int round, j;

	(void)state;
	ioa_rng_seed(&seed, 99);
	for (round = 0; round < 80; round++) {
		struct ioa_vtask v[MAXN];
		struct ioa_inst inst;
		struct ioa_err err = { 0 };
		int n = 4 + round % (MAXN - 3),
		    mode = round % 2 ? IOA_MODE_OVERLAP : IOA_MODE_STRICT;

		for (j = 0; j < n; j++) {
			v[j] = (struct ioa_vtask){ .release = (int64_t)(ioa_rng_next(&seed) % 8),
						   .dur = 1 + (int64_t)(ioa_rng_next(&seed) % 4),
						   .deadline = IOA_NONE,
						   .cat = (int)(ioa_rng_next(&seed) % 3) * 3,
						   .util = 30 + (int)(ioa_rng_next(&seed) % 71),
						   .chain = (int)(ioa_rng_next(&seed) % 3),
						   .pin = IOA_NONE };
			if (round % 5 == 0 && v[j].chain == 0)
				v[j].pin = 0;
		}
		assert_int_equal(ioa_inst_vcpu(&inst, v, n, 1 + round % 2, mode, 100, &err), 0);
		assert_true(inst.nres <= MAXRES);
		check_one(&inst, 1000 + round);
		ioa_inst_release(&inst);
	}
}

/* PSPLIB-like: 2 resources of capacity 3-5, demands up to it, durations 1-5, arcs at 1/4 */
static void psplib_like(struct ioa_inst *inst, int n, int releases, struct ioa_rng *seed)
{
	struct ioa_err err = { 0 };
	int i, j, k;

	ioa_inst_init(inst, n, NRES);
	for (k = 0; k < NRES; k++)
		inst->cap[k] = 3 + (int)(ioa_rng_next(seed) % 3);
	for (j = 0; j < n; j++) {
		inst->task[j].dur = 1 + (int64_t)(ioa_rng_next(seed) % 5);
		if (releases && ioa_rng_next(seed) % 3 == 0)
			inst->task[j].release = (int64_t)(ioa_rng_next(seed) % 6);
		for (k = 0; k < NRES; k++)
			inst->dem[j * NRES + k] = (int)(ioa_rng_next(seed) % (inst->cap[k] + 1));
	}
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (ioa_rng_next(seed) % 4 == 0)
				ioa_inst_add_prec(inst, i, j);
	assert_int_equal(ioa_inst_finalize(inst, &err), 0);
}

/* the one-task-at-a-time schedule in topological order: a poor warm start */
static int64_t serial(const struct ioa_inst *inst, int64_t *start)
{
	int64_t t = 0;
	int i;

	for (i = 0; i < inst->n; i++) {
		int j = inst->topo[i];

		start[j] = IOA_MAX(t, inst->task[j].release);
		t = start[j] + inst->task[j].dur;
	}
	return t;
}

/* a claim against the optimum: bound <= opt <= makespan, "optimal" only at opt, checked */
static void claim_ok(const struct ioa_inst *inst, const char *what, int round, int64_t opt,
		     int64_t ms, int64_t bound, int optimal, const int64_t *start)
{
	struct ioa_err err = { 0 };

	if (bound > opt || ms < opt || (optimal && ms != opt))
		fail_msg("round %d, %s: optimum %lld, makespan %lld, bound %lld, %s", round, what,
			 (long long)opt, (long long)ms, (long long)bound,
			 optimal ? "optimal" : "not proven");
	if (ioa_check(inst, start, NULL, &err))
		fail_msg("round %d, %s: %s", round, what, err.msg);
}

/* the ILP alone from @warm, with the propagated windows of a better schedule or without */
static void ilp_alone(const struct ioa_inst *inst, const int64_t *warm, int64_t lb, int windows,
		      int round, int64_t opt)
{
	struct ioa_ilp_opts io = { .time_limit = 10 };
	struct ioa_ilp_out out;
	struct ioa_err err = { 0 };
	int64_t start[MAXN], win[2 * MAXN], H = ioa_makespan(inst, warm);

	if (windows && H - 1 >= lb) {
		if (ioa_windows(inst, H - 1, 5, win, win + inst->n)) {
			if (H - 1 >= opt)
				fail_msg("round %d: windows refute %lld", round, (long long)H - 1);
			return;
		}
		io.win_T = H - 1;
		io.win_es = win;
		io.win_ls = win + inst->n;
	}
	if (ioa_ilp_solve(inst, warm, lb, &io, start, &out, &err))
		fail_msg("round %d: ilp: %s", round, err.msg);
	claim_ok(inst, windows ? "ilp with windows" : "ilp", round, opt, out.makespan, out.bound,
		 out.status == IOA_ST_OPTIMAL, start);
}

static void solve_claims(const struct ioa_inst *inst, int round, int64_t opt)
{
	static const char *const names[] = { "auto", "bnb", "ilp", "dfs", "lcg" };
	int e;

	for (e = IOA_EXACT_AUTO; e <= IOA_EXACT_LCG; e++) {
		struct ioa_result res;

		solve_with(inst, e, &res);
		claim_ok(inst, names[e], round, opt, res.makespan, res.bound,
			 res.status == IOA_ST_OPTIMAL, res.start);
		if (res.status != IOA_ST_OPTIMAL || res.heuristic_makespan < opt)
			fail_msg("round %d, %s: not proven, or heuristic %lld below %lld", round,
				 names[e], (long long)res.heuristic_makespan, (long long)opt);
		ioa_result_release(&res);
	}
}

/*
 * Every path against the exhaustive optimum on 300 PSPLIB-like instances: the bounds, the
 * destructive bound, the windows at the optimum, the ILP alone from a poor and from the
 * heuristic's schedule (with and without windows: the exact stage rarely lets it run on
 * instances this small), the search alone, and the driver in every exact mode. Asked for a
 * better schedule than an optimal warm start, the ILP's model has no solution, and GLPK's
 * best-node bound in it once passed for a bound on the makespan (30 on an optimum of 21 in
 * round 35, 24 on 22 in cli_optimize_psplib's seed 8).
 */
static void test_every_path_vs_brute_force(void **state)
{
	struct ioa_rng seed;
	int round;

	(void)state;
	ioa_rng_seed(&seed, 8);
	for (round = 0; round < 300; round++) {
		struct ioa_inst inst;
		struct ioa_bounds b;
		struct ioa_heur_opts ho = { .passes = 50, .seed = 1 };
		int64_t opt, lb, poor[MAXN], heur[MAXN], es[MAXN], ls[MAXN], bound;
		int w;

		psplib_like(&inst, 4 + round % (MAXN - 3), round % 2, &seed);
		opt = brute_force(&inst);
		lb = ioa_bounds_compute(&inst, &b);
		serial(&inst, poor);
		ioa_heuristic(&inst, &ho, heur);
		claim_ok(&inst, "heuristic", round, opt, ioa_makespan(&inst, heur), lb, 0, heur);
		bound = ioa_lb_destructive(&inst, lb, ioa_makespan(&inst, poor), 5);
		claim_ok(&inst, "destructive", round, opt, ioa_makespan(&inst, poor), bound, 0,
			 poor);
		if (ioa_windows(&inst, opt, 5, es, ls))
			fail_msg("round %d: the optimum %lld refuted", round, (long long)opt);
		for (w = 0; w < 2; w++) {
			ilp_alone(&inst, poor, lb, w, round, opt);
			ilp_alone(&inst, heur, lb, w, round, opt);
		}
		for (w = IOA_BNB_BOTH; w <= IOA_BNB_LCG; w++)
			if (bnb_alone(&inst, w, &bound) != opt || bound != opt)
				fail_msg(
					"round %d: search alone (engine %d) bound %lld, optimum %lld",
					round, w, (long long)bound, (long long)opt);
		solve_claims(&inst, round, opt);
		ioa_inst_release(&inst);
	}
}

/*
 * The propagation never refutes a makespan that a schedule reaches: many instances, mostly
 * unary work (cliques for edge-finding), propagation with shaving at T = the optimum.
 */
static void test_propagation_sound(void **state)
{
	struct ioa_rng seed;
	int round, j;

	(void)state;
	ioa_rng_seed(&seed, 77);
	for (round = 0; round < 600; round++) {
		struct ioa_inst inst;
		int64_t es[MAXN], ls[MAXN], opt;

		random_inst(&inst, 4 + round % (MAXN - 3), &seed);
		for (j = 0; j < inst.n; j++) {
			inst.dem[j * NRES] = ioa_rng_next(&seed) % 4 != 0;
			inst.task[j].dur += inst.dem[j * NRES];
		}
		opt = brute_force(&inst);
		if (ioa_windows(&inst, opt, 5, es, ls))
			fail_msg("round %d: makespan %lld refuted", round, (long long)opt);
		ioa_inst_release(&inst);
	}
}

/* a proof that needs search: four 2-long tasks on capacity 3, demands 2: 8, bound 6 or less */
static void test_bnb_proves_above_bounds(void **state)
{
	struct ioa_inst inst;
	struct ioa_bnb_opts bo = { .time_limit = 10 };
	struct ioa_bnb_out out;
	struct ioa_err err = { 0 };
	int64_t start[4] = { 0, 2, 4, 6 };
	int j;

	(void)state;
	ioa_inst_init(&inst, 4, 1);
	inst.cap[0] = 3;
	for (j = 0; j < 4; j++) {
		inst.task[j].dur = 2;
		inst.dem[j] = 2;
	}
	assert_int_equal(ioa_inst_finalize(&inst, &err), 0);
	assert_int_equal(ioa_bnb(&inst, 1, &bo, start, &out), 8);
	assert_int_equal(out.makespan, 8);
	assert_int_equal(ioa_check(&inst, start, NULL, &err), 0);
	ioa_inst_release(&inst);
}

/*
 * The failed-state store: task 0 of three started, ending at 8, failed at t = 5 under T = 20.
 * Without shifts only the same or a smaller T and ends no earlier are dominated; with shifts
 * the failure moved by T - 20 also prunes under other bounds, never a state it does not cover.
 */
static void test_memo_dominance(void **state)
{
	static const struct {
		int shift;
		int64_t t, end0, T;
		int dominated;
	} q[] = {
		{ 0, 6, 8, 20, 1 },  { 0, 6, 7, 20, 0 },  { 0, 6, 8, 19, 1 },  { 0, 6, 9, 21, 0 },
		{ 0, 3, 6, 18, 0 },  { 0, 4, 8, 20, 0 },  { 1, 6, 9, 21, 1 },  { 1, 5, 9, 21, 0 },
		{ 1, 6, 8, 21, 0 },  { 1, 3, 6, 18, 1 },  { 1, 2, 6, 18, 0 },  { 1, 3, 5, 18, 0 },
		{ 1, 10, 3, 21, 1 }, { 1, 8, 12, 23, 1 }, { 1, 7, 12, 23, 0 },
	};
	uint64_t set = 1;
	int64_t end[3] = { 8, 0, 0 };
	size_t i;

	(void)state;
	for (i = 0; i < IOA_ARRAY_SIZE(q); i++) {
		struct ioa_memo m;

		ioa_memo_init(&m, 3, 1 << 20);
		m.shift = q[i].shift;
		ioa_memo_add(&m, &set, 5, end, 20);
		end[0] = q[i].end0;
		if (ioa_memo_dominated(&m, &set, q[i].t, end, q[i].T) != q[i].dominated)
			fail_msg("query %zu: t %lld, end %lld, T %lld, shift %d", i,
				 (long long)q[i].t, (long long)q[i].end0, (long long)q[i].T,
				 q[i].shift);
		end[0] = 8;
		ioa_memo_release(&m);
	}
}

/*
 * Edge-finding alone moves C: on one unary resource A and B (4 long) must end by 8, C (3 long)
 * by 20. Every pair can be ordered either way and no task has a compulsory part, but A, B and C
 * do not fit before 8 together, so C comes after both: es_C = 8. Its latest start stays 17.
 */
static void test_edge_finding_pushes(void **state)
{
	static const int64_t dur[3] = { 4, 4, 3 }, deadline[3] = { 8, 8, IOA_NONE };
	struct ioa_inst inst;
	struct ioa_prop p;
	struct ioa_err err = { 0 };
	int j;

	(void)state;
	ioa_inst_init(&inst, 3, 1);
	inst.cap[0] = 1;
	for (j = 0; j < 3; j++) {
		inst.task[j].dur = dur[j];
		inst.task[j].deadline = deadline[j];
		inst.dem[j] = 1;
	}
	assert_int_equal(ioa_inst_finalize(&inst, &err), 0);
	ioa_prop_init(&p, &inst, 5);
	p.energy = 0;
	assert_int_equal(ioa_prop_windows(&p, 20), 0);
	assert_int_equal(ioa_prop_run(&p), 0);
	assert_int_equal(p.es[2], 8);
	assert_int_equal(p.ls[2], 17);
	assert_int_equal(p.es[0], 0);
	assert_int_equal(p.ls[0], 4);
	ioa_prop_release(&p);
	ioa_inst_release(&inst);
}

/*
 * Time-tabling leaves out only what ended (prop.h, lo): capacity 3; P (demand 3) fixed at [0, 1),
 * A1 and A2 (demand 1) fixed at [1, 6) and [2, 7), B (demand 2, 2 long) free from 4 on. B fits
 * beside one of A1, A2 but not both, and no pair is incompatible, so only the profile pushes B: to
 * 6, the end of A1. P ends before B's earliest start and cannot matter; A1 and A2 started before it
 * and must still count (a rule that left out every task started before es_B would leave B at 4).
 */
static void test_timetable_counts_running_tasks(void **state)
{
	static const int64_t dur[4] = { 1, 5, 5, 2 }, dem[4] = { 3, 1, 1, 2 };
	static const int64_t es[4] = { 0, 1, 2, 4 }, ls[4] = { 0, 1, 2, 18 };
	struct ioa_inst inst;
	struct ioa_prop p;
	struct ioa_err err = { 0 };
	int j;

	(void)state;
	ioa_inst_init(&inst, 4, 1);
	inst.cap[0] = 3;
	for (j = 0; j < 4; j++) {
		inst.task[j].dur = dur[j];
		inst.dem[j] = dem[j];
	}
	assert_int_equal(ioa_inst_finalize(&inst, &err), 0);
	ioa_prop_init(&p, &inst, 5);
	p.energy = 0;
	assert_int_equal(ioa_prop_windows(&p, 20), 0);
	memcpy(p.es, es, sizeof(es));
	memcpy(p.ls, ls, sizeof(ls));
	p.lo = 4; /* the search at time 4: what was fixed and ended by then is left out */
	assert_int_equal(ioa_prop_run(&p), 0);
	assert_int_equal(p.es[3], 6);
	assert_int_equal(p.ls[3], 18);
	p.es[3] = 4;
	p.ls[3] = 4; /* B fixed at 4 as well: the profile overflows at [4, 6) */
	assert_int_equal(ioa_prop_run(&p), 1);
	ioa_prop_release(&p);
	ioa_inst_release(&inst);
}

/* one window narrowed as the search does: j started at its earliest start, or started later */
static int narrow(struct ioa_prop *p, struct ioa_rng *seed)
{
	int j = (int)(ioa_rng_next(seed) % (uint64_t)p->n);

	if (p->es[j] == p->ls[j])
		return -1;
	if (ioa_rng_next(seed) % 2)
		p->ls[j] = p->es[j];
	else
		p->es[j] += 1 + (int64_t)(ioa_rng_next(seed) % 3);
	return j;
}

/*
 * The propagation from a fixpoint after one window changed looks only at what changed since
 * (prop.h): it must reach the same windows, or the same failure, as every rule on every task.
 * Chains of narrowings as in the search, on instances of 5 to 30 tasks (a unary resource: cliques
 * for edge-finding), tight and loose T.
 */
static void test_propagation_after_one_change(void **state)
{
	struct ioa_rng seed;
	int round, step, j;

	(void)state;
	ioa_rng_seed(&seed, 31);
	for (round = 0; round < 400; round++) {
		struct ioa_inst inst;
		struct ioa_prop inc, full;
		int64_t T, poor[32];

		if (round % 2)
			random_inst(&inst, 5 + round % 26, &seed);
		else
			psplib_like(&inst, 5 + round % 26, round % 3 == 0, &seed);
		T = serial(&inst, poor) * (3 + round % 4) / 8;
		ioa_prop_init(&inc, &inst, 5);
		ioa_prop_init(&full, &inst, 5);
		inc.energy = full.energy = 0;
		if (ioa_prop_windows(&inc, T) || ioa_prop_run(&inc))
			goto next;
		for (step = 0; step < 40; step++) {
			int r1, r2;

			if ((j = narrow(&inc, &seed)) < 0)
				continue;
			if (inc.es[j] > inc.ls[j])
				break;
			memcpy(full.es, inc.es, (size_t)inst.n * sizeof(int64_t));
			memcpy(full.ls, inc.ls, (size_t)inst.n * sizeof(int64_t));
			r1 = ioa_prop_run_after(&inc, j);
			r2 = ioa_prop_run(&full);
			if (r1 != r2)
				fail_msg("round %d step %d: %d after one change, %d in full", round,
					 step, r1, r2);
			if (r1)
				break;
			if (memcmp(inc.es, full.es, (size_t)inst.n * sizeof(int64_t)) ||
			    memcmp(inc.ls, full.ls, (size_t)inst.n * sizeof(int64_t)))
				fail_msg("round %d step %d: other windows", round, step);
		}
	next:
		ioa_prop_release(&inc);
		ioa_prop_release(&full);
		ioa_inst_release(&inst);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_vs_brute_force),
		cmocka_unit_test(test_propagation_sound),
		cmocka_unit_test(test_vcpu_vs_brute_force),
		cmocka_unit_test(test_bnb_proves_above_bounds),
		cmocka_unit_test(test_memo_dominance),
		cmocka_unit_test(test_edge_finding_pushes),
		cmocka_unit_test(test_timetable_counts_running_tasks),
		cmocka_unit_test(test_propagation_after_one_change),
		cmocka_unit_test(test_every_path_vs_brute_force),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
