// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Unit tests of the simulator (optimizer/sim.c) on timelines computed by hand: processor
 * sharing under overload, propagation through chains and pCPU queues, idle gaps of the plan,
 * the blocking model, replay without stretch, the util series and input errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sim.h"

#define GPU 3
#define CACHE 5
#define COMP IOA_CAT_COMPUTE

static struct ioa_sim_task tk(int64_t rel, int64_t dur, int cat, double util, int chain)
{
	struct ioa_sim_task t = { rel, dur, -1, cat, chain, util };

	return t;
}

static struct ioa_sim_place at(int pcpu, int64_t start)
{
	struct ioa_sim_place p = { pcpu, start };

	return p;
}

static void run(struct ioa_sim_result *res, const struct ioa_sim_task *t,
		const struct ioa_sim_place *pl, int n, int pcpus, int model)
{
	struct ioa_sim_opts o = { model, 100.0, 1 };
	struct ioa_err err = { 0 };
	int ret = ioa_sim_run(res, t, pl, n, pcpus, &o, &err);

	if (ret)
		fail_msg("ioa_sim_run: %d %s", ret, err.msg);
}

/* two GPU tasks of 60 % from t=0: demand 120 %, both run at 100/120 and end at 120 ns */
static void test_overload_stretch(void **state)
{
	struct ioa_sim_task t[] = { tk(0, 100, GPU, 60, 0), tk(0, 100, GPU, 60, 1) };
	struct ioa_sim_place pl[] = { at(0, 0), at(1, 0) };
	struct ioa_sim_result r;

	(void)state;
	run(&r, t, pl, 2, 2, IOA_SIM_SHARE);
	assert_int_equal(r.finish_ns[0], 120);
	assert_int_equal(r.finish_ns[1], 120);
	assert_int_equal(r.makespan_ns, 120);
	assert_float_equal(r.comp[GPU].max_util_pct, 120.0, 1e-9);
	assert_float_equal(r.comp[GPU].avg_util_pct, 120.0, 1e-9);
	assert_float_equal(r.comp[GPU].overload_s, 120e-9, 1e-15);
	assert_float_equal(r.comp[GPU].overlap_s, 120e-9, 1e-15);
	assert_float_equal(r.comp[GPU].work_s, 120e-9, 1e-15); /* 100 % delivered for 120 ns */
	assert_float_equal(r.stretch_max, 1.2, 1e-9);
	assert_float_equal(r.overload_any_s, 120e-9, 1e-15);
	ioa_sim_result_release(&r);
}

/*
 * A (GPU 60 %) alone on [0,50): 50 ns of work left. From 50, B (GPU 60 %) joins: rate 5/6, so
 * A needs 60 ns more and ends at 110; B has done 50 by then, runs alone to 160.
 */
static void test_staggered_overload_and_series(void **state)
{
	struct ioa_sim_task t[] = { tk(0, 100, GPU, 60, 0), tk(50, 100, GPU, 60, 1) };
	struct ioa_sim_place pl[] = { at(0, 0), at(1, 50) };
	struct ioa_sim_point want[] = { { 0, 60 }, { 50, 120 }, { 110, 60 }, { 160, 0 } };
	struct ioa_sim_result r;
	int i;

	(void)state;
	run(&r, t, pl, 2, 2, IOA_SIM_SHARE);
	assert_int_equal(r.finish_ns[0], 110);
	assert_int_equal(r.start_ns[1], 50);
	assert_int_equal(r.finish_ns[1], 160);
	assert_float_equal(r.comp[GPU].overload_s, 60e-9, 1e-15);
	/* demand integral: 60*50 + 120*60 + 60*50 = 13200 %·ns over 160 ns */
	assert_float_equal(r.comp[GPU].avg_util_pct, 13200.0 / 160, 1e-9);
	assert_int_equal(r.comp[GPU].nseries, 4);
	for (i = 0; i < 4; i++) {
		assert_int_equal(r.comp[GPU].series[i].t_ns, want[i].t_ns);
		assert_float_equal(r.comp[GPU].series[i].util_pct, want[i].util_pct, 1e-9);
	}
	/* untouched components: one point at t0, value 0 */
	assert_int_equal(r.comp[CACHE].nseries, 1);
	assert_float_equal(r.comp[CACHE].series[0].util_pct, 0, 0);
	ioa_sim_result_release(&r);
}

/*
 * A, B as in the first test end at 120 instead of 100. C follows A in its chain but is placed
 * on pCPU 1 at 100: it waits for pCPU 1 (B) and A, starts at 120. D on pCPU 0 at 100 waits
 * for A. Waits: C 20, D 20.
 */
static void test_chain_and_queue_propagation(void **state)
{
	struct ioa_sim_task t[] = { tk(0, 100, GPU, 60, 0), tk(0, 100, GPU, 60, 1),
				    tk(100, 50, COMP, 0, 0), tk(100, 10, COMP, 0, 2) };
	struct ioa_sim_place pl[] = { at(0, 0), at(1, 0), at(1, 100), at(0, 100) };
	struct ioa_sim_result r;

	(void)state;
	run(&r, t, pl, 4, 2, IOA_SIM_SHARE);
	assert_int_equal(r.start_ns[2], 120);
	assert_int_equal(r.finish_ns[2], 170);
	assert_int_equal(r.start_ns[3], 120);
	assert_int_equal(r.finish_ns[3], 130);
	assert_int_equal(r.makespan_ns, 170);
	assert_float_equal(r.wait_max_s, 20e-9, 1e-15);
	assert_float_equal(r.wait_mean_s, 10e-9, 1e-15);
	assert_float_equal(r.chain[0].wait_s, 20e-9, 1e-15);
	assert_int_equal(r.chain[0].ntasks, 2);
	assert_float_equal(r.busy_s[0], 130e-9, 1e-15);
	assert_float_equal(r.busy_s[1], 170e-9, 1e-15);
	assert_float_equal(r.load_share[1], 170.0 / 300, 1e-9);
	ioa_sim_result_release(&r);
}

/* the plan's idle gap is kept: a task planned at 100 does not start earlier */
static void test_idle_gap(void **state)
{
	struct ioa_sim_task t[] = { tk(0, 10, CACHE, 30, 0), tk(20, 10, CACHE, 30, 0) };
	struct ioa_sim_place pl[] = { at(0, 0), at(0, 100) };
	struct ioa_sim_result r;

	(void)state;
	run(&r, t, pl, 2, 1, IOA_SIM_SHARE);
	assert_int_equal(r.start_ns[1], 100);
	assert_int_equal(r.finish_ns[1], 110);
	assert_float_equal(r.busy_s[0], 20e-9, 1e-15);
	assert_float_equal(r.idle_s[0], 90e-9, 1e-15);
	assert_float_equal(r.wait_max_s, 80e-9, 1e-15);
	assert_float_equal(r.comp[CACHE].avg_util_pct, 30.0 * 20 / 110, 1e-9);
	assert_float_equal(r.comp[CACHE].overload_s, 0, 0);
	ioa_sim_result_release(&r);
}

/*
 * Blocking: B would push GPU to 120 %, waits holding pCPU 1 until A ends at 100, runs to 200;
 * C behind it on pCPU 1 starts at 200. Nothing is ever above 100 %.
 */
static void test_block_model(void **state)
{
	struct ioa_sim_task t[] = { tk(0, 100, GPU, 60, 0), tk(0, 100, GPU, 60, 1),
				    tk(50, 10, COMP, 0, 2) };
	struct ioa_sim_place pl[] = { at(0, 0), at(1, 0), at(1, 50) };
	struct ioa_sim_result r;

	(void)state;
	run(&r, t, pl, 3, 2, IOA_SIM_BLOCK);
	assert_int_equal(r.finish_ns[0], 100);
	assert_int_equal(r.start_ns[1], 100);
	assert_int_equal(r.finish_ns[1], 200);
	assert_int_equal(r.start_ns[2], 200);
	assert_int_equal(r.finish_ns[2], 210);
	assert_float_equal(r.comp[GPU].max_util_pct, 60, 1e-9);
	assert_float_equal(r.comp[GPU].overload_s, 0, 0);
	assert_float_equal(r.comp[GPU].overlap_s, 0, 0);
	ioa_sim_result_release(&r);
}

/* without stretch the plan is replayed exactly, overload is still measured */
static void test_replay_no_stretch(void **state)
{
	struct ioa_sim_task t[] = { tk(1000000007, 100, GPU, 60, 0),
				    tk(1000000007, 100, GPU, 60, 1),
				    tk(1000000107, 33, GPU, 10, 0) };
	struct ioa_sim_place pl[] = { at(0, 1000000007), at(1, 1000000007), at(0, 1000000200) };
	struct ioa_sim_result r;

	(void)state;
	run(&r, t, pl, 3, 2, IOA_SIM_NONE);
	assert_int_equal(r.start_ns[0], 1000000007);
	assert_int_equal(r.finish_ns[1], 1000000107);
	assert_int_equal(r.start_ns[2], 1000000200);
	assert_int_equal(r.finish_ns[2], 1000000233);
	assert_int_equal(r.makespan_ns, 226);
	assert_float_equal(r.comp[GPU].overload_s, 100e-9, 1e-15);
	assert_float_equal(r.comp[GPU].max_util_pct, 120, 1e-9);
	ioa_sim_result_release(&r);
}

/* a deadline is missed only by the stretched task */
static void test_deadline_miss(void **state)
{
	struct ioa_sim_task t[] = { tk(0, 100, GPU, 60, 0), tk(0, 100, GPU, 60, 1),
				    tk(0, 100, CACHE, 10, 2) };
	struct ioa_sim_place pl[] = { at(0, 0), at(1, 0), at(2, 0) };
	struct ioa_sim_result r;

	(void)state;
	t[0].deadline_ns = 110;
	t[2].deadline_ns = 100;
	run(&r, t, pl, 3, 3, IOA_SIM_SHARE);
	assert_int_equal(r.deadline_misses, 1);
	assert_int_equal(r.with_deadline, 2);
	assert_int_equal(r.chain[0].misses, 1);
	ioa_sim_result_release(&r);
}

static void test_bad_input(void **state)
{
	struct ioa_sim_task t[] = { tk(0, 100, GPU, 60, 0) };
	struct ioa_sim_place pl[] = { at(2, 0) };
	struct ioa_sim_result r;
	struct ioa_err err = { 0 };

	(void)state;
	assert_int_equal(ioa_sim_run(&r, t, pl, 1, 2, NULL, &err), IOA_EINPUT);
	assert_non_null(strstr(err.msg, "pCPU 2"));
	t[0].dur_ns = -1;
	pl[0].pcpu = 0;
	assert_int_equal(ioa_sim_run(&r, t, pl, 1, 2, NULL, &err), IOA_EINPUT);
	assert_int_equal(ioa_sim_model_parse("block"), IOA_SIM_BLOCK);
	assert_int_equal(ioa_sim_model_parse("x"), -1);
}

/* a zero-length task and an empty schedule terminate */
static void test_degenerate(void **state)
{
	struct ioa_sim_task t[] = { tk(5, 0, GPU, 60, 0), tk(5, 10, GPU, 60, 0) };
	struct ioa_sim_place pl[] = { at(0, 5), at(0, 5) };
	struct ioa_sim_result r;

	(void)state;
	run(&r, t, pl, 2, 1, IOA_SIM_SHARE);
	assert_int_equal(r.finish_ns[0], 5);
	assert_int_equal(r.finish_ns[1], 15);
	ioa_sim_result_release(&r);
	run(&r, t, pl, 0, 1, IOA_SIM_SHARE);
	assert_int_equal(r.makespan_ns, 0);
	ioa_sim_result_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_overload_stretch),
		cmocka_unit_test(test_staggered_overload_and_series),
		cmocka_unit_test(test_chain_and_queue_propagation),
		cmocka_unit_test(test_idle_gap),
		cmocka_unit_test(test_block_model),
		cmocka_unit_test(test_replay_no_stretch),
		cmocka_unit_test(test_deadline_miss),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_degenerate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
