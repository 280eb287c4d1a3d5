// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Unit tests of the optimizer core: the PSPLIB reader (and its line-numbered errors), the
 * bounds, the checker (one test per kind of violation), the heuristic on random instances,
 * the GLPK ILP on small hand-checkable instances, the policies and pCPU assignment.
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
#include "psplib.h"

/* a 4-job PSPLIB instance: jobs 2 and 3 (dur 3, 2; demand 2, 1) in parallel, then 4 */
static const char small_sm[] =
	"************************************************************************\n"
	"projects                      :  1\n"
	"jobs (incl. supersource/sink ):  5\n"
	"horizon                       :  7\n"
	"RESOURCES\n"
	"  - renewable                 :  1   R\n"
	"  - nonrenewable              :  0   N\n"
	"************************************************************************\n"
	"PRECEDENCE RELATIONS:\n"
	"jobnr.    #modes  #successors   successors\n"
	"   1        1          2           2   3\n"
	"   2        1          1           4\n"
	"   3        1          1           4\n"
	"   4        1          1           5\n"
	"   5        1          0\n"
	"************************************************************************\n"
	"REQUESTS/DURATIONS:\n"
	"jobnr. mode duration  R 1\n"
	"------------------------------------------------------------------------\n"
	"  1      1     0       0\n"
	"  2      1     3       2\n"
	"  3      1     2       1\n"
	"  4      1     2       1\n"
	"  5      1     0       0\n"
	"************************************************************************\n"
	"RESOURCEAVAILABILITIES:\n"
	"  R 1\n"
	"    2\n";

static int parse_text(struct ioa_inst *inst, const char *text, struct ioa_err *err)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int ret;

	assert_non_null(f);
	ret = ioa_psplib_parse(inst, "t.sm", f, err);
	fclose(f);
	return ret;
}

static void test_psplib_parse(void **state)
{
	struct ioa_inst inst;
	struct ioa_err err = { 0 };

	(void)state;
	assert_int_equal(parse_text(&inst, small_sm, &err), 0);
	assert_int_equal(inst.n, 5);
	assert_int_equal(inst.nres, 1);
	assert_int_equal(inst.cap[0], 2);
	assert_int_equal(inst.task[1].dur, 3);
	assert_int_equal(ioa_dem(&inst, 1, 0), 2);
	assert_int_equal(inst.succ_off[1] - inst.succ_off[0], 2);
	ioa_inst_release(&inst);
}

/* replace the first occurrence of @from in small_sm, parse, expect "t.sm: line N" */
static void expect_parse_error(const char *from, const char *to, const char *want)
{
	char buf[4096], *p;
	struct ioa_inst inst;
	struct ioa_err err = { 0 };

	p = strstr(small_sm, from);
	assert_non_null(p);
	snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(p - small_sm), small_sm, to, p + strlen(from));
	assert_int_equal(parse_text(&inst, buf, &err), IOA_EINPUT);
	if (!strstr(err.msg, want))
		fail_msg("expected '%s' in '%s'", want, err.msg);
}

static void test_psplib_errors(void **state)
{
	(void)state;
	expect_parse_error("   2        1          1           4\n",
			   "   2        1          2    4\n", "t.sm: line 12:");
	expect_parse_error("  3      1     2       1\n", "  3      1     x       1\n",
			   "t.sm: line 22:");
	expect_parse_error("  R 1\n    2\n", "  R 1\n    2 7\n", "t.sm: line 28:");
	expect_parse_error("  - renewable                 :  1", "  - renewable : R",
			   "t.sm: line 6:");
	expect_parse_error("   4        1          1           5\n",
			   "   4        1          1  9\n", "line 14: successor out of range");
	expect_parse_error("RESOURCEAVAILABILITIES:", "RESOURCES AVAILABLE", "end of file");
	/* a cycle: 4 -> 2 */
	expect_parse_error("   4        1          1           5\n",
			   "   4        1          2           5  2\n", "cycle");
}

/* tiny RCPSP built by hand */
static void build(struct ioa_inst *inst, int n, int cap, const int *dur, const int *dem)
{
	int j;

	ioa_inst_init(inst, n, 1);
	inst->cap[0] = cap;
	for (j = 0; j < n; j++) {
		inst->task[j].dur = dur[j];
		inst->dem[j] = dem[j];
	}
}

static void test_bounds(void **state)
{
	static const int dur[] = { 3, 2, 2, 1 }, dem[] = { 2, 1, 1, 1 };
	struct ioa_inst inst;
	struct ioa_bounds b;
	struct ioa_err err = { 0 };

	(void)state;
	build(&inst, 4, 2, dur, dem);
	ioa_inst_add_prec(&inst, 1, 3);
	inst.task[0].release = 1;
	assert_int_equal(ioa_inst_finalize(&inst, &err), 0);
	ioa_bounds_compute(&inst, &b);
	assert_int_equal(b.cp, 4); /* release 1 + 3, and 2 + 1 */
	/* energy 6 + 2 + 2 + 1 = 11 over capacity 2: 6; with heads: tasks with head >= 1 */
	assert_int_equal(b.energy, 6);
	assert_int_equal(b.best, 6);
	ioa_inst_release(&inst);
}

/* --- checker: one violation of each kind --- */
static void vinst(struct ioa_inst *inst, int mode)
{
	static const struct ioa_vtask v[] = {
		{ 0, 10, IOA_NONE, 0, 60, 0, IOA_NONE },
		{ 0, 10, IOA_NONE, 0, 60, 1, IOA_NONE },
		{ 0, 5, 30, 6, 10, 0, IOA_NONE },
		{ 5, 5, IOA_NONE, 2, 10, 2, 1 },
	};
	struct ioa_err err = { 0 };

	assert_int_equal(ioa_inst_vcpu(inst, v, 4, 2, mode, 100, &err), 0);
}

static void expect_violation(const struct ioa_inst *inst, const int64_t *start, const int *cpu,
			     const char *want)
{
	struct ioa_err err = { 0 };

	assert_int_equal(ioa_check(inst, start, cpu, &err), IOA_EINTERNAL);
	if (!strstr(err.msg, want))
		fail_msg("expected '%s' in '%s'", want, err.msg);
}

static void test_checker(void **state)
{
	struct ioa_inst inst, i3;
	struct ioa_err err = { 0 };
	/* chain 0: task 1 then task 3; RAM tasks 1 and 2; task 4 pinned to pCPU 1 */
	int64_t ok[] = { 0, 10, 10, 5 }, s[4], ram[] = { 0, 2, 10, 15 }, zero[3] = { 0 };
	int cpu[] = { 0, 0, 1, 1 }, c[4];
	static const struct ioa_vtask three[3] = {
		{ 0, 10, IOA_NONE, 6, 0, 0, IOA_NONE },
		{ 0, 10, IOA_NONE, 6, 0, 1, IOA_NONE },
		{ 0, 10, IOA_NONE, 6, 0, 2, IOA_NONE },
	};

	(void)state;
	vinst(&inst, IOA_MODE_STRICT);
	assert_int_equal(ioa_check(&inst, ok, cpu, &err), 0);
#define CASE(i, v, want)                                                                           \
	do {                                                                                       \
		memcpy(s, ok, sizeof(s));                                                          \
		s[i] = v;                                                                          \
		expect_violation(&inst, s, cpu, want);                                             \
	} while (0)
	CASE(0, IOA_UNSET, "task 1 is not placed");
	CASE(3, 4, "task 4 starts at 4 before its release 5");
	CASE(2, 5, "task 3 starts at 5 before its predecessor 1");
	CASE(2, 26, "task 3 finishes at 31 after its deadline 30");
#undef CASE
	/* strict: RAM twice at once (resource 2 is RAM) */
	expect_violation(&inst, ram, NULL, "resource 2: usage 2 above capacity 1");
	memcpy(c, cpu, sizeof(c));
	c[3] = 0;
	expect_violation(&inst, ok, c, "task 4 pinned to pCPU 1 runs on 0");
	c[3] = 1;
	c[1] = 1;
	expect_violation(&inst, ok, c, "pCPU 1: usage 2 above capacity 1");
	c[1] = 7;
	expect_violation(&inst, ok, c, "task 2 on pCPU 7 of 2");
	ioa_inst_release(&inst);
	/* overlap: RAM 60 % + 60 % > 100 % */
	vinst(&inst, IOA_MODE_OVERLAP);
	expect_violation(&inst, ram, NULL, "usage 120 above capacity 100");
	ioa_inst_release(&inst);
	/* three COMPUTE tasks at once on P = 2 */
	assert_int_equal(ioa_inst_vcpu(&i3, three, 3, 2, IOA_MODE_STRICT, 100, &err), 0);
	expect_violation(&i3, zero, NULL, "resource 1: usage 3 above capacity 2");
	ioa_inst_release(&i3);
}

/* random RCPSP with releases: the heuristic's schedule always passes the checker */
static void test_heuristic_random(void **state)
{
	struct ioa_rng seed;
	int round;

	(void)state;
	ioa_rng_seed(&seed, 12345);
	for (round = 0; round < 30; round++) {
		struct ioa_inst inst;
		struct ioa_heur_opts ho = { .passes = 50, .seed = 7 };
		struct ioa_bounds b;
		struct ioa_err err = { 0 };
		int n = 5 + (int)(ioa_rng_next(&seed) % 60), j, k;
		int64_t *start = calloc((size_t)n, sizeof(int64_t)), ms;

		ioa_inst_init(&inst, n, 3);
		for (k = 0; k < 3; k++)
			inst.cap[k] = 1 + (int)(ioa_rng_next(&seed) % 6);
		for (j = 0; j < n; j++) {
			inst.task[j].dur = (int64_t)(ioa_rng_next(&seed) % 10);
			inst.task[j].release = (int64_t)(ioa_rng_next(&seed) % 20);
			for (k = 0; k < 3; k++)
				inst.dem[j * 3 + k] =
					(int)(ioa_rng_next(&seed) % (inst.cap[k] + 1));
			if (j > 0 && ioa_rng_next(&seed) % 2)
				ioa_inst_add_prec(&inst, (int)(ioa_rng_next(&seed) % j), j);
		}
		assert_int_equal(ioa_inst_finalize(&inst, &err), 0);
		ms = ioa_heuristic(&inst, &ho, start);
		if (ioa_check(&inst, start, NULL, &err))
			fail_msg("round %d: %s", round, err.msg);
		assert_int_equal(ms, ioa_makespan(&inst, start));
		assert_true(ioa_bounds_compute(&inst, &b) <= ms);
		free(start);
		ioa_inst_release(&inst);
	}
}

/* the ILP from a bad warm start reaches the hand-computed optimum and proves it */
static void test_ilp_optimum(void **state)
{
	/* capacity 2: A (3, 2) must run alone; B, C, D (2, 2, 1; demand 1) pair up: 3 + 2 + 1 */
	static const int dur[] = { 3, 2, 2, 1 }, dem[] = { 2, 1, 1, 1 };
	struct ioa_inst inst;
	struct ioa_ilp_opts io = { .time_limit = 10 };
	struct ioa_ilp_out out;
	struct ioa_err err = { 0 };
	int64_t warm[] = { 0, 3, 5, 7 }, start[4]; /* sequential: 8 */

	(void)state;
	build(&inst, 4, 2, dur, dem);
	assert_int_equal(ioa_inst_finalize(&inst, &err), 0);
	assert_int_equal(ioa_check(&inst, warm, NULL, &err), 0);
	assert_int_equal(ioa_ilp_solve(&inst, warm, 3, &io, start, &out, &err), 0);
	assert_int_equal(out.makespan, 6);
	assert_int_equal(out.bound, 6);
	assert_int_equal(out.status, IOA_ST_OPTIMAL);
	assert_int_equal(ioa_check(&inst, start, NULL, &err), 0);
	ioa_inst_release(&inst);
}

/* an instance whose optimum (4) is above every combinatorial bound (3): the ILP proves it */
static void test_ilp_proves_above_bounds(void **state)
{
	/* three 2-long jobs of demand 1 on capacity 2: the energy bound says 3, the optimum
	 * is 4 (two in parallel, then the third) */
	static const int dur[] = { 2, 2, 2 }, dem[] = { 1, 1, 1 };
	struct ioa_inst inst;
	struct ioa_ilp_opts io = { .time_limit = 10 };
	struct ioa_ilp_out out;
	struct ioa_err err = { 0 };
	int64_t warm[] = { 0, 0, 2 }, start[3];
	struct ioa_bounds b;

	(void)state;
	build(&inst, 3, 2, dur, dem);
	assert_int_equal(ioa_inst_finalize(&inst, &err), 0);
	assert_int_equal(ioa_bounds_compute(&inst, &b), 3);
	assert_int_equal(ioa_ilp_solve(&inst, warm, b.best, &io, start, &out, &err), 0);
	assert_int_equal(out.makespan, 4);
	assert_int_equal(out.bound, 4);
	assert_int_equal(out.status, IOA_ST_OPTIMAL);
	ioa_inst_release(&inst);
}

/* the destructive bound beats the energy bound (3) on three 2-long jobs, capacity 2: 4 */
static void test_destructive_small(void **state)
{
	static const int dur[] = { 2, 2, 2 }, dem[] = { 1, 1, 1 };
	struct ioa_inst inst;
	struct ioa_bounds b;
	struct ioa_err err = { 0 };
	int64_t es[3], ls[3];

	(void)state;
	build(&inst, 3, 2, dur, dem);
	assert_int_equal(ioa_inst_finalize(&inst, &err), 0);
	assert_int_equal(ioa_bounds_compute(&inst, &b), 3);
	assert_int_equal(ioa_lb_destructive(&inst, 3, 6, 5.0), 4); /* never above 4 */
	assert_int_equal(ioa_lb_destructive(&inst, 3, 4, 5.0), 4); /* capped by the UB */
	assert_int_equal(ioa_windows(&inst, 3, 5.0, es, ls), 1);
	assert_int_equal(ioa_windows(&inst, 4, 5.0, es, ls), 0);
	assert_true(es[0] == 0 && ls[0] == 2);
	ioa_inst_release(&inst);
}

/* a unary pair (demands 2 + 2 > 3) in parallel with a long job: the pair rule orders them */
static void test_destructive_pairs(void **state)
{
	static const int dur[] = { 3, 3, 1 }, dem[] = { 2, 2, 1 };
	struct ioa_inst inst;
	struct ioa_err err = { 0 };
	int64_t es[3], ls[3];

	(void)state;
	build(&inst, 3, 3, dur, dem);
	ioa_inst_add_prec(&inst, 2, 1);
	assert_int_equal(ioa_inst_finalize(&inst, &err), 0);
	/* 2 -> 1 so 1 starts >= 1; 0 and 1 cannot overlap: 0 first, 1 at 3: optimum 6 */
	assert_int_equal(ioa_lb_destructive(&inst, 4, 9, 5.0), 6);
	assert_int_equal(ioa_windows(&inst, 6, 5.0, es, ls), 0);
	assert_int_equal(es[1], 3);
	assert_int_equal(ls[0], 0);
	ioa_inst_release(&inst);
}

/* on the shipped PSPLIB j30 instances the bound never exceeds the known optimum */
static void test_destructive_corpus(void **state)
{
	char path[1024], name[256];
	FILE *f;
	int opt, seen = 0;

	(void)state;
	f = fopen(IOA_CORPUS_DIR "/../bench/psplib/j30/optima.csv", "r");
	assert_non_null(f);
	if (!fgets(path, sizeof(path), f)) /* header */
		path[0] = 0;
	while (fscanf(f, "%255[^,\n],%d\n", name, &opt) == 2) {
		struct ioa_inst inst;
		struct ioa_bounds b;
		struct ioa_err err = { 0 };

		snprintf(path, sizeof(path), IOA_CORPUS_DIR "/../bench/psplib/j30/%s", name);
		assert_int_equal(ioa_psplib_read(&inst, path, &err), 0);
		ioa_bounds_compute(&inst, &b);
		assert_true(ioa_lb_destructive(&inst, b.best, opt + 5, 0.3) <= opt);
		ioa_inst_release(&inst);
		seen++;
	}
	fclose(f);
	assert_true(seen > 0);
}

static void test_solve_psplib_small(void **state)
{
	struct ioa_inst inst;
	struct ioa_err err = { 0 };
	struct ioa_solve_opts so = { .time_limit = 5 };
	struct ioa_result res;

	(void)state;
	assert_int_equal(parse_text(&inst, small_sm, &err), 0);
	assert_int_equal(ioa_solve(&inst, &so, &res, &err), 0);
	assert_int_equal(res.makespan, 7); /* job 2 (demand 2) excludes job 3: 3 + 2 + 2 */
	assert_int_equal(res.bound, 7);
	assert_int_equal(res.status, IOA_ST_OPTIMAL);
	ioa_result_release(&res);
	ioa_inst_release(&inst);
}

/* policies and the driver on a synthetic vCPU instance */
static void test_vcpu_policies(void **state)
{
	struct ioa_inst inst;
	struct ioa_err err = { 0 };
	struct ioa_solve_opts so = { .time_limit = 3 };
	struct ioa_result res;
	int64_t *start;
	int *cpu;

	(void)state;
	assert_int_equal(ioa_synthetic_vcpu(&inst, 2000, &err), 0);
	start = calloc((size_t)inst.n, sizeof(int64_t));
	cpu = calloc((size_t)inst.n, sizeof(int));
	assert_int_equal(ioa_policy_online(&inst, start, cpu, &err), 0);
	if (ioa_check(&inst, start, cpu, &err))
		fail_msg("online: %s", err.msg);
	assert_int_equal(ioa_policy_baseline(&inst, start, cpu, &err), 0);
	/* the baseline ignores categories: only the pCPU rule and chains hold */
	assert_int_equal(ioa_assign_cpus(&inst, start, cpu, &err), 0);
	assert_int_equal(ioa_solve(&inst, &so, &res, &err), 0);
	assert_true(res.bound <= res.makespan);
	assert_int_equal(ioa_check(&inst, res.start, res.cpu, &err), 0);
	ioa_result_release(&res);
	free(start);
	free(cpu);
	ioa_inst_release(&inst);
}

static void test_assign_pins(void **state)
{
	static const struct ioa_vtask v[] = {
		{ 0, 10, IOA_NONE, 6, 0, 0, IOA_NONE },
		{ 5, 10, IOA_NONE, 6, 0, 1, 0 },
		{ 12, 5, IOA_NONE, 6, 0, 2, IOA_NONE },
	};
	struct ioa_inst inst;
	struct ioa_err err = { 0 };
	int64_t start[] = { 0, 10, 12 };
	int cpu[3];

	(void)state;
	assert_int_equal(ioa_inst_vcpu(&inst, v, 3, 2, IOA_MODE_STRICT, 100, &err), 0);
	/* task 0 must avoid pCPU 0: task 1 is pinned there from 10 on (it is free at 10) */
	assert_int_equal(ioa_assign_cpus(&inst, start, cpu, &err), 0);
	assert_int_equal(cpu[1], 0);
	assert_int_equal(ioa_check(&inst, start, cpu, &err), 0);
	ioa_inst_release(&inst);
}

/*
 * --- peak stage (lexi.c) ---
 * Six segments of duration 2 released at 0 on P = 2, cap 100, RAM utils 60 40 30 10 10 10:
 * C* = 6 leaves both pCPUs busy in the three slots [0,2) [2,4) [4,6), so a schedule of makespan
 * 6 is three pairs and its peak the largest pair. 60 must pair with someone, at best a 10:
 * the optimum is 70 ({60,10} {40,10} {30,10}), above the bounds max(60, ceil(320 / 6) = 54).
 */
static void peak_inst(struct ioa_inst *inst, int mode)
{
	static const int util[] = { 60, 40, 30, 10, 10, 10 };
	struct ioa_vtask v[6];
	struct ioa_err err = { 0 };
	int j;

	for (j = 0; j < 6; j++)
		v[j] = (struct ioa_vtask){ 0, 2, IOA_NONE, 0, util[j], j, IOA_NONE };
	assert_int_equal(ioa_inst_vcpu(inst, v, 6, 2, mode, 100, &err), 0);
}

/* makespan-optimal, peak 100: {60,40} {30,10} {10,10} */
static const int64_t peak_bad[] = { 0, 0, 2, 2, 4, 4 };

static void test_peak_ilp(void **state)
{
	struct ioa_inst inst;
	struct ioa_peak_opts po = { .time_limit = 5 };
	struct ioa_peak pk;
	struct ioa_err err = { 0 };
	int64_t start[6];
	int comp[IOA_NCAT];

	(void)state;
	peak_inst(&inst, IOA_MODE_OVERLAP);
	memcpy(start, peak_bad, sizeof(start));
	assert_int_equal(ioa_check(&inst, start, NULL, &err), 0);
	assert_int_equal(ioa_peak(&inst, start, comp), 100);
	assert_int_equal(comp[0], 100);
	assert_int_equal(ioa_peak_stage(&inst, &po, start, &pk, &err), 0);
	assert_int_equal(pk.before, 100);
	assert_int_equal(pk.after, 70);
	assert_int_equal(pk.bound, 70); /* proven by the model, not the bounds */
	assert_int_equal(pk.status, IOA_ST_OPTIMAL);
	assert_int_equal(pk.how, IOA_PEAK_ILP);
	assert_true(pk.used_ilp);
	assert_int_equal(pk.comp[0], 70);
	assert_int_equal(ioa_peak(&inst, start, NULL), 70);
	assert_int_equal(ioa_makespan(&inst, start), 6);
	assert_int_equal(ioa_check(&inst, start, NULL, &err), 0);
	ioa_inst_release(&inst);
}

static void test_peak_caps(void **state)
{
	struct ioa_inst inst;
	struct ioa_peak_opts po = { .time_limit = 5, .max_ilp_tasks = -1 };
	struct ioa_peak pk;
	struct ioa_err err = { 0 };
	int64_t start[6];

	(void)state;
	peak_inst(&inst, IOA_MODE_OVERLAP);
	memcpy(start, peak_bad, sizeof(start));
	assert_int_equal(ioa_peak_stage(&inst, &po, start, &pk, &err), 0);
	assert_false(pk.used_ilp);
	assert_int_equal(pk.how, IOA_PEAK_CAPS);
	assert_int_equal(pk.after, 70);
	assert_int_equal(pk.bound, 60); /* largest task: no proof without the model */
	assert_int_equal(pk.status, IOA_ST_FEASIBLE);
	assert_int_equal(ioa_makespan(&inst, start), 6);
	assert_int_equal(ioa_check(&inst, start, NULL, &err), 0);
	ioa_inst_release(&inst);
}

/* through the driver: same makespan as without the stage; strict mode skips it */
static void test_peak_solve(void **state)
{
	struct ioa_inst inst;
	struct ioa_solve_opts so = { .time_limit = 5, .seed = 1 };
	struct ioa_result r0, r1;
	struct ioa_err err = { 0 };

	(void)state;
	peak_inst(&inst, IOA_MODE_OVERLAP);
	assert_int_equal(ioa_solve(&inst, &so, &r0, &err), 0);
	so.peak = 1;
	assert_int_equal(ioa_solve(&inst, &so, &r1, &err), 0);
	assert_int_equal(r0.peak.how, IOA_PEAK_OFF);
	assert_int_equal(r1.makespan, 6);
	assert_int_equal(r1.makespan, r0.makespan);
	assert_int_equal(r1.peak.after, 70);
	assert_int_equal(ioa_peak(&inst, r1.start, NULL), 70);
	assert_int_equal(ioa_check(&inst, r1.start, r1.cpu, &err), 0);
	ioa_result_release(&r0);
	ioa_result_release(&r1);
	ioa_inst_release(&inst);
	peak_inst(&inst, IOA_MODE_STRICT);
	assert_int_equal(ioa_solve(&inst, &so, &r1, &err), 0);
	assert_int_equal(r1.peak.how, IOA_PEAK_SKIP_MODE);
	assert_int_equal(r1.peak.comp[0], 60); /* the largest task */
	ioa_result_release(&r1);
	ioa_inst_release(&inst);
}

/* random overlap instances: never a higher makespan or peak, always checked */
static void test_peak_never_worse(void **state)
{
	struct ioa_rng seed;
	int round;

	(void)state;
	ioa_rng_seed(&seed, 777);
	for (round = 0; round < 12; round++) {
		int n = round % 2 ? 150 : 8 + (int)(ioa_rng_next(&seed) % 20), j;
		struct ioa_vtask *v = calloc((size_t)n, sizeof(*v));
		struct ioa_heur_opts ho = { .passes = 20, .seed = 3 };
		struct ioa_peak_opts po = { .time_limit = 0.3 };
		struct ioa_inst inst;
		struct ioa_peak pk;
		struct ioa_err err = { 0 };
		int64_t *start = calloc((size_t)n, sizeof(int64_t)), ms;

		for (j = 0; j < n; j++)
			v[j] = (struct ioa_vtask){ (int64_t)ioa_rng_below(&seed, 40),
						   1 + (int64_t)ioa_rng_below(&seed, 9),
						   IOA_NONE,
						   (int)ioa_rng_below(&seed, IOA_NCAT),
						   5 + (int)ioa_rng_below(&seed, 70),
						   (int)ioa_rng_below(&seed, 6),
						   IOA_NONE };
		assert_int_equal(ioa_inst_vcpu(&inst, v, n, 3, IOA_MODE_OVERLAP, 100, &err), 0);
		ms = ioa_heuristic(&inst, &ho, start);
		pk.before = ioa_peak(&inst, start, NULL);
		assert_int_equal(ioa_peak_stage(&inst, &po, start, &pk, &err), 0);
		if (ioa_check(&inst, start, NULL, &err))
			fail_msg("round %d: %s", round, err.msg);
		assert_true(ioa_makespan(&inst, start) <= ms);
		assert_true(pk.after <= pk.before);
		assert_true(pk.bound <= pk.after);
		assert_int_equal(pk.after, ioa_peak(&inst, start, NULL));
		free(start);
		free(v);
		ioa_inst_release(&inst);
	}
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_psplib_parse),
		cmocka_unit_test(test_psplib_errors),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_checker),
		cmocka_unit_test(test_heuristic_random),
		cmocka_unit_test(test_ilp_optimum),
		cmocka_unit_test(test_ilp_proves_above_bounds),
		cmocka_unit_test(test_destructive_small),
		cmocka_unit_test(test_destructive_pairs),
		cmocka_unit_test(test_solve_psplib_small),
		cmocka_unit_test(test_vcpu_policies),
		cmocka_unit_test(test_assign_pins),
		cmocka_unit_test(test_peak_ilp),
		cmocka_unit_test(test_peak_caps),
		cmocka_unit_test(test_peak_solve),
		cmocka_unit_test(test_peak_never_worse),
	};

	/* PSPLIB beside the checkout (with the shared corpus): registered by ctest only there */
	const struct CMUnitTest corpus[] = {
		cmocka_unit_test(test_destructive_corpus),
	};

	if (argc > 1 && !strcmp(argv[1], "--corpus"))
		return cmocka_run_group_tests(corpus, NULL, NULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
