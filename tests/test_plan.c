// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Unit tests of the capacity plan (optimizer/plan.c) on scenarios checked by hand (times in
 * ms), and of the per-VM wait percentiles of the simulator. Each answer is checked for
 * minimality: the answer P holds, P - 1 fails for the expected reason, or P is the range start.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "plan.h"

#define MS 1000000LL
#define GPU 3
#define COMP IOA_CAT_COMPUTE

static struct ioa_sim_task tk(int64_t rel_ms, int64_t dur_ms, int cat, double util, int chain)
{
	struct ioa_sim_task t = { rel_ms * MS, dur_ms * MS, -1, cat, chain, util };

	return t;
}

static const char *const names[] = { "vm-a", "vm-b", "vm-c", "vm-d" };

static void plan(struct ioa_plan *p, const struct ioa_sim_task *t, int n, double budget_ms, int lo,
		 int hi)
{
	double budget[4] = { budget_ms / 1e3, budget_ms / 1e3, budget_ms / 1e3, budget_ms / 1e3 };
	int vm[8], i, ret;
	struct ioa_plan_input in = { t, n, vm, 4, names, budget, IOA_MODE_STRICT, 100 };
	struct ioa_plan_opts o = { lo, hi, 7, 5, 1, NULL, NULL };
	struct ioa_err err = { 0 };

	for (i = 0; i < n; i++)
		vm[i] = t[i].chain; /* one vCPU per VM */
	ret = ioa_plan_run(p, &in, &o, &err);
	if (ret)
		fail_msg("ioa_plan_run: %d %s", ret, err.msg);
}

/* the answer of @k is @cores, it holds there and P - 1 fails with @fails_below */
static void minimal(const struct ioa_plan *p, int k, int cores, int binding, int fails_below)
{
	const struct ioa_plan_point *at = ioa_plan_at(p, k, cores), *below;

	assert_int_equal(p->ans[k].cores, cores);
	assert_int_equal(p->ans[k].binding, binding);
	assert_non_null(at);
	assert_int_equal(at->fails, 0);
	below = ioa_plan_at(p, k, cores - 1);
	if (cores == p->p_lo) {
		assert_null(below);
		return;
	}
	assert_non_null(below);
	assert_int_equal(below->fails, fails_below);
}

/*
 * A and B (COMPUTE, 10 ms) and G1 (GPU 60 %, 5 ms) released at 0, G2 (GPU 60 %, 5 ms) at 10;
 * budget 12 ms.
 * P = 1: any order makes a task released at 0 wait >= 20 ms (or G2 15 ms): wait fails.
 * Shortest run queue, P = 2: A, B take both pCPUs, G1 queues behind A (tie: lowest pCPU) and
 * starts at 10 together with G2 on the other pCPU: GPU at 120 %, so both run at 100/120 and
 * the overload lasts 6 ms. P = 3:
 * G1 runs at 0, G2 alone at 10: holds. So baseline needs 3, bound by overload.
 * Online, P = 2: G1 at 10, G2 blocked by the GPU rule until 15 (wait 5): holds; needs 2,
 * bound by wait. The optimum also holds on 2 (e.g. G1 first, makespan 15).
 */
static void test_overload_and_wait(void **state)
{
	struct ioa_sim_task t[] = { tk(0, 10, COMP, 0, 0), tk(0, 10, COMP, 0, 1),
				    tk(0, 5, GPU, 60, 2), tk(10, 5, GPU, 60, 3) };
	const struct ioa_plan_point *pt;
	struct ioa_plan p;

	(void)state;
	plan(&p, t, 4, 12, 1, 4);
	assert_int_equal(p.npt, 4 * 3);
	minimal(&p, IOA_POL_BASELINE, 3, IOA_BIND_OVERLOAD, IOA_PLAN_OVERLOAD);
	pt = ioa_plan_at(&p, IOA_POL_BASELINE, 2);
	assert_float_equal(pt->overload_s, 6e-3, 1e-9); /* both stretched by 120/100 */
	assert_float_equal(pt->peak_pct[GPU], 120, 1e-9);
	assert_int_equal(pt->over_comp, GPU);
	assert_int_equal(ioa_plan_at(&p, IOA_POL_BASELINE, 1)->fails, IOA_PLAN_WAIT);
	minimal(&p, IOA_POL_ONLINE, 2, IOA_BIND_WAIT, IOA_PLAN_WAIT);
	pt = ioa_plan_at(&p, IOA_POL_ONLINE, 2);
	assert_float_equal(pt->max_wait_s, 10e-3, 1e-9);
	minimal(&p, IOA_POL_OPTIMIZED, 2, IOA_BIND_WAIT, IOA_PLAN_WAIT);
	assert_int_equal(p.ans[IOA_POL_OPTIMIZED].proven, 1);
	ioa_plan_release(&p);
}

/* the same scenario from P = 2: the online answer is the range start, nothing binds */
static void test_range_start(void **state)
{
	struct ioa_sim_task t[] = { tk(0, 10, COMP, 0, 0), tk(0, 10, COMP, 0, 1),
				    tk(0, 5, GPU, 60, 2), tk(10, 5, GPU, 60, 3) };
	char s[512];
	struct ioa_plan p;

	(void)state;
	plan(&p, t, 4, 12, 2, 3);
	minimal(&p, IOA_POL_ONLINE, 2, IOA_BIND_NONE, 0);
	minimal(&p, IOA_POL_BASELINE, 3, IOA_BIND_OVERLOAD, IOA_PLAN_OVERLOAD);
	ioa_plan_sentence(s, sizeof(s), &p, 12, 0);
	assert_string_equal(s, "for p99 wait ≤ 12 ms and no component above 100 %: shortest run "
			       "queue needs 3 cores, the I/O-aware online policy 2, the optimum 2");
	ioa_plan_release(&p);
}

/* two 10 ms tasks of two VMs at 0, budget 1 ms: one pCPU makes one wait 10 ms, two hold */
static void test_wait_only(void **state)
{
	struct ioa_sim_task t[] = { tk(0, 10, COMP, 0, 0), tk(0, 10, COMP, 0, 1) };
	const struct ioa_plan_point *pt;
	struct ioa_plan p;
	int k;

	(void)state;
	plan(&p, t, 2, 1, 1, 3);
	for (k = 0; k < IOA_NPOL; k++)
		minimal(&p, k, 2, IOA_BIND_WAIT, IOA_PLAN_WAIT);
	pt = ioa_plan_at(&p, IOA_POL_BASELINE, 1);
	assert_float_equal(pt->p99_wait_s, 10e-3, 1e-12);
	assert_string_equal(names[pt->worst_vm], "vm-b");
	ioa_plan_release(&p);
}

/* one task alone demands 130 % of the GPU: no P holds, overload binds, and the reason says why */
static void test_none_holds(void **state)
{
	struct ioa_sim_task t[] = { tk(0, 4, GPU, 130, 0), tk(0, 4, COMP, 0, 1) };
	char s[512];
	struct ioa_plan p;
	int k;

	(void)state;
	plan(&p, t, 2, 100, 1, 3);
	for (k = 0; k < IOA_NPOL; k++) {
		assert_int_equal(p.ans[k].cores, 0);
		assert_int_equal(p.ans[k].binding, IOA_BIND_OVERLOAD);
		assert_non_null(strstr(p.ans[k].reason, "own demand exceeds GPU's capacity"));
		assert_non_null(strstr(p.ans[k].reason, "vm-a"));
		assert_int_equal(p.pt[p.ans[k].at].pcpus, 3);
	}
	ioa_plan_sentence(s, sizeof(s), &p, 100, 0);
	assert_non_null(strstr(s, "shortest run queue holds on none of 1–3 cores (overload)"));
	ioa_plan_release(&p);
}

/* a deadline that no schedule on one pCPU meets: P = 1 fails on it, P = 2 holds */
static void test_deadline(void **state)
{
	struct ioa_sim_task t[] = { tk(0, 10, COMP, 0, 0), tk(0, 10, COMP, 0, 1) };
	struct ioa_plan p;

	(void)state;
	t[0].deadline_ns = t[1].deadline_ns = 12 * MS;
	plan(&p, t, 2, 100, 1, 2);
	minimal(&p, IOA_POL_BASELINE, 2, IOA_BIND_DEADLINE, IOA_PLAN_DEADLINE);
	assert_int_equal(p.deadlines, 1);
	ioa_plan_release(&p);
}

/* 100 tasks of one VM with waits 0..99 ns: p50 = 49, p99 = 98, max = 99 (nearest rank) */
static void test_group_percentiles(void **state)
{
	struct ioa_sim_task t[100];
	struct ioa_sim_place pl[100];
	struct ioa_sim_opts o = { IOA_SIM_NONE, 100, 0 };
	struct ioa_sim_result r;
	struct ioa_sim_group g[2];
	struct ioa_err err = { 0 };
	int vm[100], i;

	(void)state;
	for (i = 0; i < 100; i++) {
		t[i] = (struct ioa_sim_task){ 1000 * i, 1, -1, COMP, i, 0 };
		pl[i] = (struct ioa_sim_place){ 0, 1000 * i + (99 - i) };
		vm[i] = 1;
	}
	assert_int_equal(ioa_sim_run(&r, t, pl, 100, 1, &o, &err), 0);
	ioa_sim_groups(g, 2, &r, t, vm);
	assert_int_equal(g[0].ntasks, 0);
	assert_int_equal(g[1].ntasks, 100);
	assert_float_equal(g[1].p50_wait_s, 49e-9, 1e-15);
	assert_float_equal(g[1].p99_wait_s, 98e-9, 1e-15);
	assert_float_equal(g[1].max_wait_s, 99e-9, 1e-15);
	ioa_sim_result_release(&r);
}

static void test_names(void **state)
{
	(void)state;
	assert_int_equal(ioa_policy_mask("baseline,optimized"), 5);
	assert_int_equal(ioa_policy_mask("online"), 2);
	assert_int_equal(ioa_policy_mask("nosuch"), -1);
	assert_int_equal(ioa_policy_mask(""), -1);
	assert_string_equal(ioa_plan_binding_name(IOA_BIND_WAIT), "wait");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_overload_and_wait),
		cmocka_unit_test(test_range_start),
		cmocka_unit_test(test_wait_only),
		cmocka_unit_test(test_none_holds),
		cmocka_unit_test(test_deadline),
		cmocka_unit_test(test_group_percentiles),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
