// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Unit tests of what optimize adds on top of the solver core: large-neighbourhood search
 * (always a checked schedule, never worse, improves a bad one), the EDF refinement instance
 * (pCPU order of the EDF base kept, deadlines hard, infeasible deadlines detected), the
 * schedule figures (same-category overlap time, waits) and the lateness objective.
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

#define GPU 3
#define NET 1
#define CPU IOA_CAT_COMPUTE

static void vt(struct ioa_vtask *v, int64_t rel, int64_t dur, int64_t dl, int cat, int chain)
{
	*v = (struct ioa_vtask){ rel, dur, dl, cat, 50, chain, IOA_NONE };
}

/* every task alone, one after another in topological order: feasible and bad */
static void serial(const struct ioa_inst *inst, int64_t *start)
{
	int64_t t = 0;
	int i;

	for (i = 0; i < inst->n; i++) {
		int j = inst->topo[i];

		t = t > inst->task[j].release ? t : inst->task[j].release;
		start[j] = t;
		t += inst->task[j].dur;
	}
}

static void test_lns_improves_and_checks(void **state)
{
	struct ioa_inst inst;
	struct ioa_lns_opts o = { .time_limit = 2, .seed = 1 };
	int64_t *start, before, after;

	(void)state;
	assert_int_equal(ioa_synthetic_vcpu(&inst, 400, NULL), 0);
	start = calloc((size_t)inst.n, sizeof(*start));
	serial(&inst, start);
	assert_int_equal(ioa_check(&inst, start, NULL, NULL), 0);
	before = ioa_makespan(&inst, start);
	o.lb = ioa_bounds_compute(&inst, &(struct ioa_bounds){ 0 });
	after = ioa_lns(&inst, &o, start);
	assert_int_equal(ioa_check(&inst, start, NULL, NULL), 0);
	assert_int_equal(after, ioa_makespan(&inst, start));
	assert_true(after < before);
	assert_true(after >= o.lb);
	free(start);
	ioa_inst_release(&inst);
}

/* a fixed pseudo-random RCPSP of @n tasks (2 resources of capacity 10, forward precedences) */
static void rcpsp(struct ioa_inst *inst, int n, uint64_t seed)
{
	struct ioa_rng g;
	int j, k;

	ioa_rng_seed(&g, seed);
	ioa_inst_init(inst, n, 2);
	inst->cap[0] = inst->cap[1] = 10;
	for (j = 0; j < n; j++) {
		inst->task[j].dur = 1 + (int64_t)ioa_rng_below(&g, 9);
		for (k = 0; k < 2; k++)
			inst->dem[j * 2 + k] = 1 + (int)ioa_rng_below(&g, 7);
		if (j >= 4 && ioa_rng_below(&g, 3))
			ioa_inst_add_prec(inst, (int)ioa_rng_below(&g, (uint64_t)j), j);
	}
	assert_int_equal(ioa_inst_finalize(inst, NULL), 0);
}

/* the heuristic's one-pass schedule is not optimal here: LNS strictly improves it, checked */
static void test_lns_beats_heuristic(void **state)
{
	struct ioa_inst inst;
	struct ioa_heur_opts ho = { .passes = 1, .seed = 1 };
	struct ioa_lns_opts o = { .time_limit = 3, .seed = 1 };
	int64_t *start, heur, after;

	(void)state;
	rcpsp(&inst, 60, 7);
	start = calloc((size_t)inst.n + 1, sizeof(*start));
	heur = ioa_heuristic(&inst, &ho, start);
	assert_int_equal(ioa_check(&inst, start, NULL, NULL), 0);
	o.lb = ioa_bounds_compute(&inst, &(struct ioa_bounds){ 0 });
	after = ioa_lns(&inst, &o, start);
	print_message("heuristic %lld, lns %lld, bound %lld\n", (long long)heur, (long long)after,
		      (long long)o.lb);
	assert_int_equal(ioa_check(&inst, start, NULL, NULL), 0);
	assert_int_equal(after, ioa_makespan(&inst, start));
	assert_true(after < heur);
	assert_true(after >= o.lb);
	free(start);
	ioa_inst_release(&inst);
}

/* one window holding the whole instance: LNS reaches the optimum from the serial schedule */
static void test_lns_window_exact(void **state)
{
	struct ioa_vtask v[6];
	struct ioa_inst inst;
	struct ioa_lns_opts o = { .time_limit = 2, .seed = 3, .window = 6 };
	int64_t start[6] = { 0, 4, 8, 12, 16, 20 };
	int i;

	(void)state;
	/* six independent tasks of three categories on 2 pCPUs: optimum 12 (work / P), the
	 * serial schedule 24 */
	for (i = 0; i < 6; i++)
		vt(&v[i], 0, 4, IOA_NONE, i % 3, i);
	assert_int_equal(ioa_inst_vcpu(&inst, v, 6, 2, IOA_MODE_STRICT, 100, NULL), 0);
	assert_int_equal(ioa_check(&inst, start, NULL, NULL), 0);
	o.lb = 12;
	assert_int_equal(ioa_lns(&inst, &o, start), 12);
	assert_int_equal(ioa_check(&inst, start, NULL, NULL), 0);
	ioa_inst_release(&inst);
}

static void test_stats_overlap(void **state)
{
	struct ioa_vtask v[4];
	struct ioa_inst inst;
	struct ioa_sched_stats s;
	int64_t start[4] = { 0, 5, 20, 30 };

	(void)state;
	vt(&v[0], 0, 10, IOA_NONE, GPU, 0);  /* [0,10) */
	vt(&v[1], 0, 10, IOA_NONE, GPU, 1);  /* [5,15): 5 of overlap */
	vt(&v[2], 20, 10, IOA_NONE, GPU, 2); /* [20,30) touches [30,40): none */
	vt(&v[3], 10, 10, IOA_NONE, GPU, 3); /* [30,40), waited 20 */
	assert_int_equal(ioa_inst_vcpu(&inst, v, 4, 4, IOA_MODE_STRICT, 100, NULL), 0);
	ioa_sched_stats(&inst, start, &s);
	assert_int_equal(s.overlap, 5);
	assert_int_equal(s.makespan, 40);
	assert_int_equal(s.wait_max, 20);
	assert_int_equal(s.lateness, 0 + 5 + 0 + 20);
	/* the strict checker rejects the overlapping schedule */
	assert_int_not_equal(ioa_check(&inst, start, NULL, NULL), 0);
	ioa_inst_release(&inst);
}

/* EDF base on 1 pCPU: order by deadline; the refinement keeps it and stays checkable */
static void test_edf_order_kept(void **state)
{
	struct ioa_vtask v[3];
	struct ioa_inst in, edf;
	struct ioa_solve_opts so = { .time_limit = 2, .seed = 1 };
	struct ioa_result res;
	int64_t bad[3];

	(void)state;
	vt(&v[0], 0, 2, 20, NET, 0);
	vt(&v[1], 0, 2, 4, GPU, 1); /* earliest deadline: first */
	vt(&v[2], 0, 2, 10, CPU, 2);
	assert_int_equal(ioa_inst_vcpu(&in, v, 3, 1, IOA_MODE_EDF, 1, NULL), 0);
	assert_int_equal(ioa_inst_edf(&edf, &in, NULL), 0);
	assert_true(edf.ne >= 2); /* the pCPU sequence became precedences */
	assert_int_equal(ioa_solve(&edf, &so, &res, NULL), 0);
	assert_true(res.start[1] < res.start[2] && res.start[2] < res.start[0]);
	assert_int_equal(res.makespan, 6);
	assert_int_equal(res.cpu[0], 0);
	/* swapping two tasks of the pCPU breaks the EDF order: the checker says so */
	bad[0] = 4;
	bad[1] = 2;
	bad[2] = 0;
	assert_int_not_equal(ioa_check(&edf, bad, NULL, NULL), 0);
	ioa_result_release(&res);
	ioa_inst_release(&edf);
	ioa_inst_release(&in);
}

/* two GPU tasks on 2 pCPUs: EDF base runs them together, refinement serialises them */
static void test_edf_removes_overlap_or_infeasible(void **state)
{
	struct ioa_vtask v[2];
	struct ioa_inst in, edf;
	struct ioa_solve_opts so = { .time_limit = 2, .seed = 1 };
	struct ioa_result res;
	struct ioa_sched_stats st;
	struct ioa_err err = { 0 };

	(void)state;
	vt(&v[0], 0, 3, 10, GPU, 0);
	vt(&v[1], 0, 3, 10, GPU, 1);
	assert_int_equal(ioa_inst_vcpu(&in, v, 2, 2, IOA_MODE_EDF, 1, NULL), 0);
	assert_int_equal(ioa_inst_edf(&edf, &in, NULL), 0);
	assert_int_equal(ioa_solve(&edf, &so, &res, NULL), 0);
	ioa_sched_stats(&edf, res.start, &st);
	assert_int_equal(st.overlap, 0);
	assert_int_equal(res.makespan, 6);
	ioa_result_release(&res);
	ioa_inst_release(&edf);
	ioa_inst_release(&in);
	/* deadlines 5: both cannot finish in time without overlap */
	vt(&v[0], 0, 3, 5, GPU, 0);
	vt(&v[1], 0, 3, 5, GPU, 1);
	assert_int_equal(ioa_inst_vcpu(&in, v, 2, 2, IOA_MODE_EDF, 1, NULL), 0);
	assert_int_equal(ioa_inst_edf(&edf, &in, NULL), 0);
	assert_int_equal(ioa_solve(&edf, &so, &res, &err), IOA_EINFEASIBLE);
	ioa_result_release(&res);
	ioa_inst_release(&edf);
	ioa_inst_release(&in);
}

static void test_lateness_objective(void **state)
{
	struct ioa_inst inst;
	struct ioa_solve_opts so = { .time_limit = 1, .seed = 1, .lateness = 1 };
	struct ioa_result res;
	struct ioa_sched_stats st;

	(void)state;
	assert_int_equal(ioa_synthetic_vcpu(&inst, 60, NULL), 0);
	assert_int_equal(ioa_solve(&inst, &so, &res, NULL), 0);
	ioa_sched_stats(&inst, res.start, &st);
	assert_int_equal(res.objective, st.lateness);
	assert_true(res.obj_bound <= res.objective);
	assert_int_equal(ioa_check(&inst, res.start, res.cpu, NULL), 0);
	ioa_result_release(&res);
	ioa_inst_release(&inst);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lns_improves_and_checks),
		cmocka_unit_test(test_lns_window_exact),
		cmocka_unit_test(test_lns_beats_heuristic),
		cmocka_unit_test(test_stats_overlap),
		cmocka_unit_test(test_edf_order_kept),
		cmocka_unit_test(test_edf_removes_overlap_or_infeasible),
		cmocka_unit_test(test_lateness_objective),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
