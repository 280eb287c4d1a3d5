// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Unit tests of the wait stage (optimizer/lexi.c) and of the solver with it: at the makespan
 * C* of a checked schedule it never raises the makespan, never waits more than its start, and
 * never more than the online policy's schedule wherever that schedule reaches C*; a hand-checked
 * instance is solved to its proven minimum; the peak stage after it never raises the total wait.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "optimizer.h"
#include "rng.h"

/* n random vCPU tasks on 6 chains, P pCPUs */
static void random_inst(struct ioa_inst *inst, struct ioa_rng *seed, int n, int pcpus, int mode)
{
	struct ioa_vtask *v = calloc((size_t)n, sizeof(*v));
	struct ioa_err err = { 0 };
	int j;

	for (j = 0; j < n; j++)
		v[j] = (struct ioa_vtask){ (int64_t)ioa_rng_below(seed, 60),
					   1 + (int64_t)ioa_rng_below(seed, 9),
					   IOA_NONE,
					   (int)ioa_rng_below(seed, IOA_NCAT),
					   5 + (int)ioa_rng_below(seed, 70),
					   (int)ioa_rng_below(seed, 6),
					   IOA_NONE };
	assert_int_equal(ioa_inst_vcpu(inst, v, n, pcpus, mode, 100, &err), 0);
	free(v);
}

/* two tasks of one category released at 0, lengths 2 and 5, P = 2, strict: C* = 7 either way;
 * short first waits 2, long first waits 5 */
static void test_wait_hand_checked(void **state)
{
	struct ioa_vtask v[2] = {
		{ 0, 2, IOA_NONE, 3, 50, 0, IOA_NONE },
		{ 0, 5, IOA_NONE, 3, 50, 1, IOA_NONE },
	};
	struct ioa_wait_opts wo = { .time_limit = 2 };
	struct ioa_inst inst;
	struct ioa_wait w;
	struct ioa_err err = { 0 };
	int64_t start[2] = { 5, 0 };

	(void)state;
	assert_int_equal(ioa_inst_vcpu(&inst, v, 2, 2, IOA_MODE_STRICT, 100, &err), 0);
	assert_int_equal(ioa_check(&inst, start, NULL, NULL), 0);
	assert_int_equal(ioa_wait_stage(&inst, &wo, start, &w, &err), 0);
	assert_int_equal(w.before, 5);
	assert_int_equal(w.after, 2);
	assert_int_equal(start[0], 0);
	assert_int_equal(start[1], 2);
	assert_int_equal(ioa_makespan(&inst, start), 7);
	assert_int_equal(w.status, IOA_ST_OPTIMAL);
	assert_int_equal(w.bound, 2);
	ioa_inst_release(&inst);
}

/* the stage on random instances: makespan kept, never above its start nor above online at C* */
static void test_wait_never_worse(void **state)
{
	struct ioa_rng seed;
	int round, proven = 0, at_cstar = 0;

	(void)state;
	ioa_rng_seed(&seed, 4242);
	for (round = 0; round < 40; round++) {
		int n = round % 10 == 9 ? 150 : 6 + (int)(ioa_rng_next(&seed) % 30);
		int mode = round % 3 == 2 ? IOA_MODE_OVERLAP : IOA_MODE_STRICT;
		struct ioa_heur_opts ho = { .passes = 5, .seed = round + 1 };
		struct ioa_inst inst;
		struct ioa_wait w;
		struct ioa_err err = { 0 };
		int64_t *start = calloc((size_t)n, sizeof(int64_t));
		int64_t *online = calloc((size_t)n, sizeof(int64_t));
		int *cpu = calloc((size_t)n, sizeof(int));
		struct ioa_wait_opts wo = { .time_limit = 0.3, .seed = 1, .hint = online };
		int64_t ms;

		random_inst(&inst, &seed, n, 2 + round % 3, mode);
		assert_int_equal(ioa_policy_online(&inst, online, cpu, &err), 0);
		ms = ioa_heuristic(&inst, &ho, start);
		assert_int_equal(ioa_check(&inst, start, NULL, NULL), 0);
		assert_int_equal(ioa_wait_stage(&inst, &wo, start, &w, &err), 0);
		if (ioa_check(&inst, start, NULL, &err))
			fail_msg("round %d: %s", round, err.msg);
		assert_true(ioa_makespan(&inst, start) <= ms);
		assert_int_equal(w.after, ioa_total_wait(&inst, start));
		assert_true(w.after <= w.before);
		assert_true(w.bound <= w.after);
		if (ioa_makespan(&inst, online) <= ms) {
			at_cstar++;
			assert_int_equal(w.hint, ioa_total_wait(&inst, online));
			assert_true(w.after <= w.hint);
		} else {
			assert_int_equal(w.hint, -1);
		}
		proven += w.status == IOA_ST_OPTIMAL;
		free(start);
		free(online);
		free(cpu);
		ioa_inst_release(&inst);
	}
	print_message("wait stage: online at C* in %d of 40, proven minimal in %d of 40\n",
		      at_cstar, proven);
	assert_true(at_cstar > 0);
}

/* the solver with the online hint: makespan never above online's; where online is at C*, the
 * total wait never above online's; the peak stage after it never raises the total wait */
static void test_solve_wait_vs_online(void **state)
{
	struct ioa_rng seed;
	int round;

	(void)state;
	ioa_rng_seed(&seed, 99);
	for (round = 0; round < 30; round++) {
		int n = 6 + (int)(ioa_rng_next(&seed) % 40);
		int mode = round % 2 ? IOA_MODE_OVERLAP : IOA_MODE_STRICT;
		struct ioa_inst inst;
		struct ioa_result res;
		struct ioa_err err = { 0 };
		int64_t *online = calloc((size_t)n, sizeof(int64_t)), ms_on;
		int *cpu = calloc((size_t)n, sizeof(int));
		struct ioa_solve_opts so = {
			.time_limit = 0.5,
			.seed = 1,
			.wait = 1,
			.peak = 1,
			.hint = online,
		};

		random_inst(&inst, &seed, n, 2 + round % 2, mode);
		assert_int_equal(ioa_policy_online(&inst, online, cpu, &err), 0);
		ms_on = ioa_makespan(&inst, online);
		assert_int_equal(ioa_solve(&inst, &so, &res, &err), 0);
		assert_int_equal(ioa_check(&inst, res.start, res.cpu, NULL), 0);
		assert_true(res.makespan <= ms_on);
		assert_int_equal(res.makespan, ioa_makespan(&inst, res.start));
		assert_int_equal(res.wait.after, ioa_total_wait(&inst, res.start));
		if (ms_on == res.makespan)
			assert_true(res.wait.after <= ioa_total_wait(&inst, online));
		free(online);
		free(cpu);
		ioa_result_release(&res);
		ioa_inst_release(&inst);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wait_hand_checked),
		cmocka_unit_test(test_wait_never_worse),
		cmocka_unit_test(test_solve_wait_vs_online),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
