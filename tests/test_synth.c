// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Unit tests of the scenario generator (optimizer/synth.c): byte-for-byte reproducibility
 * (also against a golden digest, so a machine whose arithmetic differs fails), parameter
 * parsing, and the paper preset: its shortest-run-queue baseline drives GPU past 100 % when
 * simulated. The generator and its integer exponential: test_rng.c.
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "optimizer.h"
#include "sim.h"
#include "synth.h"

/* FNV-1a over the fields (not the padding) of every task */
static uint64_t digest(const struct ioa_synth_task *t, int n)
{
	uint64_t h = UINT64_C(1469598103934665603);
	int i, k;

	for (i = 0; i < n; i++) {
		int64_t f[8] = { t[i].release_ns,  t[i].dur_ns, t[i].deadline_ns, t[i].cat,
				 t[i].util_tenths, t[i].vm,	t[i].vcpu,	  t[i].chain };

		for (k = 0; k < 8; k++) {
			uint64_t v = (uint64_t)f[k];
			int b;

			for (b = 0; b < 8; b++) {
				h ^= (v >> (8 * b)) & 0xff;
				h *= UINT64_C(1099511628211);
			}
		}
	}
	return h;
}

static uint64_t gen_digest(struct ioa_synth_params *p, int *n)
{
	struct ioa_synth_task *t;
	struct ioa_err err = { 0 };
	uint64_t h;

	assert_int_equal(ioa_synth_generate(p, &t, n, &err), 0);
	h = digest(t, *n);
	free(t);
	return h;
}

static void test_reproducible(void **state)
{
	struct ioa_synth_params p;
	uint64_t a, b, c;
	int n1, n2, n3;

	(void)state;
	ioa_synth_defaults(&p);
	p.seed = 42;
	a = gen_digest(&p, &n1);
	b = gen_digest(&p, &n2);
	assert_int_equal(n1, 200);
	assert_int_equal(n1, n2);
	assert_true(a == b);
	p.seed = 43;
	c = gen_digest(&p, &n3);
	assert_true(a != c);
}

/*
 * Golden digests: computed once on x86-64; integer-only generation must give the same
 * bytes on any machine. A change of the generator must update them (and say so).
 */
#define GOLDEN_PERIODIC UINT64_C(0x15086f2a6eac18b3)
#define GOLDEN_POISSON UINT64_C(0x5d922c3993336076)

static void test_golden(void **state)
{
	struct ioa_synth_params p;
	uint64_t h;
	int n;

	(void)state;
	ioa_synth_defaults(&p);
	h = gen_digest(&p, &n);
	if (h != GOLDEN_PERIODIC)
		fail_msg("periodic digest %#" PRIx64 ", expected %#" PRIx64, h, GOLDEN_PERIODIC);
	p.arrival = IOA_ARRIVAL_POISSON;
	p.util_dist = IOA_DIST_NORMAL;
	p.util_a = 300;
	p.util_b = 100;
	p.seed = 7;
	h = gen_digest(&p, &n);
	if (h != GOLDEN_POISSON)
		fail_msg("poisson digest %#" PRIx64 ", expected %#" PRIx64, h, GOLDEN_POISSON);
}

static void test_order_and_ranges(void **state)
{
	struct ioa_synth_params p;
	struct ioa_synth_task *t;
	struct ioa_err err = { 0 };
	int n, i;

	(void)state;
	ioa_synth_defaults(&p);
	p.tasks = 1000;
	p.arrival = IOA_ARRIVAL_POISSON;
	assert_int_equal(ioa_synth_generate(&p, &t, &n, &err), 0);
	for (i = 0; i < n; i++) {
		assert_true(i == 0 || t[i - 1].release_ns <= t[i].release_ns);
		assert_in_range(t[i].chain, 0, 7);
		assert_true(t[i].dur_ns > 0);
		if (t[i].cat == IOA_CAT_COMPUTE)
			assert_int_equal(t[i].util_tenths, 0);
		else
			assert_in_range(t[i].util_tenths, 50, 600);
	}
	free(t);
	p.vms = 0;
	assert_int_equal(ioa_synth_generate(&p, &t, &n, &err), IOA_EUSAGE);
}

static void test_parse(void **state)
{
	struct ioa_synth_params p;
	struct ioa_err err = { 0 };

	(void)state;
	ioa_synth_defaults(&p);
	assert_int_equal(ioa_synth_parse_dist(&p, "normal:30.25:7.5", &err), 0);
	assert_int_equal(p.util_dist, IOA_DIST_NORMAL);
	assert_int_equal(p.util_a, 303);
	assert_int_equal(p.util_b, 75);
	assert_int_equal(ioa_synth_parse_dist(&p, "const:12", &err), 0);
	assert_int_equal(p.util_a, 120);
	assert_int_equal(ioa_synth_parse_dist(&p, "uniform:9:3", &err), IOA_EUSAGE);
	assert_int_equal(ioa_synth_parse_dist(&p, "gauss:1:2", &err), IOA_EUSAGE);
	assert_int_equal(ioa_synth_parse_mix(&p, "GPU=3,COMPUTE=0", &err), 0);
	assert_int_equal(p.mix[3], 3);
	assert_int_equal(p.mix[IOA_CAT_COMPUTE], 0);
	assert_int_equal(ioa_synth_parse_mix(&p, "DISK=1", &err), IOA_EUSAGE);
}

/* the paper preset: shortest run queue runs the three GPU tasks of wave 1 at once */
static void test_paper_baseline_overloads(void **state)
{
	struct ioa_synth_task *t;
	struct ioa_vtask v[24];
	struct ioa_sim_task st[24];
	struct ioa_sim_place pl[24];
	struct ioa_inst inst;
	struct ioa_sim_result r;
	struct ioa_err err = { 0 };
	int64_t start[24];
	int cpu[24], n, pcpus, i;

	(void)state;
	ioa_synth_paper(&t, &n, &pcpus);
	assert_int_equal(n, 24);
	for (i = 0; i < n; i++) {
		v[i] = (struct ioa_vtask){ t[i].release_ns,	  t[i].dur_ns, IOA_NONE, t[i].cat,
					   t[i].util_tenths / 10, t[i].chain,  IOA_NONE };
		st[i] = (struct ioa_sim_task){
			t[i].release_ns, t[i].dur_ns, -1,
			t[i].cat,	 t[i].chain,  t[i].util_tenths / 10.0
		};
	}
	memset(&inst, 0, sizeof(inst));
	assert_int_equal(ioa_inst_vcpu(&inst, v, n, pcpus, IOA_MODE_STRICT, 100, &err), 0);
	assert_int_equal(ioa_policy_baseline(&inst, start, cpu, &err), 0);
	for (i = 0; i < n; i++)
		pl[i] = (struct ioa_sim_place){ cpu[i], start[i] };
	assert_int_equal(ioa_sim_run(&r, st, pl, n, pcpus, NULL, &err), 0);
	assert_true(r.comp[3].max_util_pct > 100);
	assert_float_equal(r.comp[3].max_util_pct, 113, 1e-9);
	ioa_sim_result_release(&r);
	ioa_inst_release(&inst);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reproducible),
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_order_and_ranges),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_paper_baseline_overloads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
