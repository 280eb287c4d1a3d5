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

#include "optimizer.h"
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

/* the branch-and-bound alone, from the one-task-at-a-time schedule and the weakest bound */
static int64_t bnb_alone(const struct ioa_inst *inst, int64_t *bound)
{
	struct ioa_bnb_opts bo = { .time_limit = 10 };
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
	ms = bnb_alone(inst, &lb);
	if (ms != opt || lb != opt)
		fail_msg("round %d: optimum %lld, bnb alone %lld bound %lld", round,
			 (long long)opt, (long long)ms, (long long)lb);
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
		int n = 4 + round % (MAXN - 3), mode = round % 2 ? IOA_MODE_OVERLAP : IOA_MODE_STRICT;

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_vs_brute_force),
		cmocka_unit_test(test_propagation_sound),
		cmocka_unit_test(test_vcpu_vs_brute_force),
		cmocka_unit_test(test_bnb_proves_above_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
