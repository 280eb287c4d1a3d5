// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Unit tests of consolidation and growth (optimizer/consol.c): every task of every trace and
 * every copy is kept exactly once with its duration, category and VM; chains never mix traces
 * or copies; alignment shifts each trace by the difference of first events (start) or not at
 * all (clock); the copies' offsets are reproducible from the seed and change with it; the
 * as-traced placement puts each trace on its own CPUs without two tasks at once on one CPU.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "consol.h"
#include "instance.h"
#include "interfere.h"
#include "util.h"

#define NT 3
#define MAXN 64

struct fixture {
	struct ioa_task_rec t[NT][MAXN];
	struct ioa_placement_rec p[NT][MAXN];
	struct ioa_consol_in in[NT];
};

/* trace i: (4 + 3 i) segments on 2 vCPUs of VM 10 + i, alternating CPUs; first event 1000 i */
static void make(struct fixture *f)
{
	int i, j;

	memset(f, 0, sizeof(*f));
	for (i = 0; i < NT; i++) {
		int n = 4 + 3 * i;
		int64_t first = 1000000 + 1000 * i, at[2] = { first + 10, first + 10 };

		for (j = 0; j < n; j++) {
			struct ioa_task_rec *t = &f->t[i][j];
			struct ioa_placement_rec *p = &f->p[i][j];
			int c = j % 2;

			t->task_id = j;
			t->segment_id = 100 * (i + 1) + j;
			t->vm_id = 10 + i;
			t->vcpu = c;
			t->chain = c;
			t->release_ns = at[c];
			t->dur_ns = 50 + 7 * j;
			strcpy(t->category, j % 3 ? "STORAGE" : "COMPUTE");
			t->util_pct = 10 + j;
			t->deadline_ns = -1;
			t->pinned_pcpu = -1;
			p->task_id = j;
			p->pcpu = c;
			p->start_ns = at[c] + 5;
			p->end_ns = p->start_ns + t->dur_ns;
			at[c] = p->end_ns + 3;
		}
		f->in[i] = (struct ioa_consol_in){ 100 + i, f->t[i], f->p[i], n, 2, first };
	}
}

static int total(const struct fixture *f)
{
	int i, n = 0;

	for (i = 0; i < NT; i++)
		n += f->in[i].n;
	return n;
}

/* the input task a consolidated one came from (by segment id), NULL when none */
static const struct ioa_task_rec *source(const struct fixture *f, int64_t seg, int *trace)
{
	int i, j;

	for (i = 0; i < NT; i++)
		for (j = 0; j < f->in[i].n; j++)
			if (f->t[i][j].segment_id == seg) {
				*trace = i;
				return &f->t[i][j];
			}
	return NULL;
}

static const struct ioa_scenario_part *part(const struct ioa_consol *c, int trace, int copy)
{
	int i;

	for (i = 0; i < c->nparts; i++)
		if (c->parts[i].trace_id == 100 + trace && c->parts[i].copy == copy)
			return &c->parts[i];
	return NULL;
}

static void consolidate(struct ioa_consol *c, const struct fixture *f, int align, int repeat,
			uint64_t seed)
{
	struct ioa_consol_opts o = { align, repeat, seed };
	struct ioa_err err = { 0 };

	assert_int_equal(ioa_consolidate(c, f->in, NT, &o, &err), 0);
}

/* each (segment, copy) exactly once, shifted by its part's offset, nothing else changed */
static void check_all_kept(const struct fixture *f, const struct ioa_consol *c, int repeat)
{
	char seen[NT][MAXN][8];
	int k, trace = -1;

	memset(seen, 0, sizeof(seen));
	assert_int_equal(c->n, total(f) * repeat);
	assert_int_equal(c->nparts, NT * repeat);
	for (k = 0; k < c->n; k++) {
		const struct ioa_task_rec *t = &c->t[k], *s = source(f, t->segment_id, &trace);
		const struct ioa_scenario_part *pt;

		assert_non_null(s);
		assert_int_equal(t->task_id, k);
		assert_in_range(t->copy, 0, repeat - 1);
		pt = part(c, trace, t->copy);
		assert_non_null(pt);
		assert_int_equal(seen[trace][s->task_id][t->copy]++, 0);
		assert_int_equal(t->release_ns, s->release_ns + pt->offset_ns);
		assert_int_equal(t->dur_ns, s->dur_ns);
		assert_int_equal(t->vm_id, s->vm_id);
		assert_string_equal(t->category, s->category);
		assert_int_equal(c->p[k].pcpu, pt->pcpu_base + f->p[trace][s->task_id].pcpu);
		assert_int_equal(c->p[k].start_ns,
				 f->p[trace][s->task_id].start_ns + pt->offset_ns);
	}
}

static void test_every_task_kept(void **state)
{
	struct fixture f;
	struct ioa_consol c;
	int r;

	(void)state;
	make(&f);
	for (r = 1; r <= 4; r++) {
		consolidate(&c, &f, IOA_ALIGN_START, r, 7);
		check_all_kept(&f, &c, r);
		assert_int_equal(c.cpus, 2 * NT * r);
		assert_int_equal(c.host_cpus, 2);
		ioa_consol_release(&c);
	}
}

/* a chain holds the tasks of one vCPU of one trace and one copy, and no other */
static void test_chains_separate(void **state)
{
	struct fixture f;
	struct ioa_consol c;
	int a, b, ta = -1, tb = -1;

	(void)state;
	make(&f);
	consolidate(&c, &f, IOA_ALIGN_START, 3, 1);
	for (a = 0; a < c.n; a++) {
		for (b = a + 1; b < c.n; b++) {
			int same_src;

			source(&f, c.t[a].segment_id, &ta);
			source(&f, c.t[b].segment_id, &tb);
			same_src = ta == tb && c.t[a].copy == c.t[b].copy &&
				   c.t[a].vcpu == c.t[b].vcpu;
			assert_int_equal(c.t[a].chain == c.t[b].chain, same_src);
		}
	}
	ioa_consol_release(&c);
}

static void test_align(void **state)
{
	struct fixture f;
	struct ioa_consol c;
	int i;

	(void)state;
	make(&f);
	consolidate(&c, &f, IOA_ALIGN_START, 1, 1);
	for (i = 0; i < NT; i++)
		assert_int_equal(part(&c, i, 0)->offset_ns, -1000 * i);
	ioa_consol_release(&c);
	consolidate(&c, &f, IOA_ALIGN_CLOCK, 1, 1);
	for (i = 0; i < NT; i++)
		assert_int_equal(part(&c, i, 0)->offset_ns, 0);
	check_all_kept(&f, &c, 1);
	ioa_consol_release(&c);
}

/* the same seed gives the same scenario; another seed other offsets; within [0, span) */
static void test_repeat_reproducible(void **state)
{
	struct fixture f;
	struct ioa_consol a, b, d;
	int64_t lo = INT64_MAX, hi = 0;
	int i, k, differ = 0;

	(void)state;
	make(&f);
	consolidate(&a, &f, IOA_ALIGN_START, 5, 42);
	consolidate(&b, &f, IOA_ALIGN_START, 5, 42);
	consolidate(&d, &f, IOA_ALIGN_START, 5, 43);
	assert_int_equal(a.n, b.n);
	for (i = 0; i < a.n; i++) {
		if (a.t[i].copy)
			continue;
		lo = lo < a.t[i].release_ns ? lo : a.t[i].release_ns;
		hi = hi > a.p[i].end_ns ? hi : a.p[i].end_ns;
	}
	assert_memory_equal(a.t, b.t, (size_t)a.n * sizeof(*a.t));
	assert_memory_equal(a.p, b.p, (size_t)a.n * sizeof(*a.p));
	for (k = 1; k < 5; k++) {
		int64_t off = part(&a, 0, k)->offset_ns;

		assert_int_equal(off, ioa_consol_copy_offset(42, k, hi - lo));
		for (i = 1; i < NT; i++) /* a copy shifts the whole set */
			assert_int_equal(part(&a, i, k)->offset_ns - part(&a, i, 0)->offset_ns,
					 off);
		differ |= off != part(&d, 0, k)->offset_ns;
	}
	assert_true(differ);
	for (k = 1; k < 50; k++) {
		int64_t off = ioa_consol_copy_offset(9, k, 1234);

		assert_in_range(off, 0, 1233);
	}
	ioa_consol_release(&a);
	ioa_consol_release(&b);
	ioa_consol_release(&d);
}

/* the as-traced placement: no two tasks at once on one CPU */
static void test_traced_placement(void **state)
{
	struct fixture f;
	struct ioa_consol c;
	int a, b;

	(void)state;
	make(&f);
	consolidate(&c, &f, IOA_ALIGN_START, 3, 5);
	for (a = 0; a < c.n; a++) {
		assert_in_range(c.p[a].pcpu, 0, c.cpus - 1);
		for (b = a + 1; b < c.n; b++)
			if (c.p[a].pcpu == c.p[b].pcpu)
				assert_true(c.p[a].end_ns <= c.p[b].start_ns ||
					    c.p[b].end_ns <= c.p[a].start_ns);
	}
	ioa_consol_release(&c);
}

static void test_bad_input(void **state)
{
	struct fixture f;
	struct ioa_consol c;
	struct ioa_consol_opts o = { IOA_ALIGN_START, 0, 1 };
	struct ioa_err err = { 0 };

	(void)state;
	make(&f);
	assert_int_equal(ioa_consolidate(&c, f.in, NT, &o, &err), IOA_EINPUT);
	o.repeat = 1;
	assert_int_equal(ioa_consolidate(&c, f.in, 0, &o, &err), IOA_EINPUT);
	f.in[1].n = 0;
	ioa_err_clear(&err);
	assert_int_equal(ioa_consolidate(&c, f.in, NT, &o, &err), IOA_EINPUT);
	assert_non_null(strstr(err.msg, "trace 101"));
	ioa_consol_release(&c);
}

/* hand-checked: GPU A [0,10) + A [2,6) (a second vCPU), B [5,15), C [8,12), C copy 1 [9,20);
 * COMPUTE and touching intervals never count */
static void test_interference(void **state)
{
	const int gpu = 3, st = 4;
	const struct ioa_itf_task t[] = {
		{ 1, 0, gpu, 0, 10 },
		{ 1, 0, gpu, 2, 6 },
		{ 2, 0, gpu, 5, 15 },
		{ 3, 0, gpu, 8, 12 },
		{ 3, 1, gpu, 9, 20 },
		{ 1, 0, IOA_CAT_COMPUTE, 0, 100 },
		{ 2, 0, IOA_CAT_COMPUTE, 0, 100 },
		{ 1, 0, st, 0, 5 },
		{ 2, 0, st, 5, 9 },
	};
	const struct ioa_itf_pair want[] = {
		{ 2, 0, 3, 1, gpu, 6 }, /* [9,15) */
		{ 1, 0, 2, 0, gpu, 5 }, /* [5,10), once although two vCPUs of vm 1 run in [5,6) */
		{ 2, 0, 3, 0, gpu, 4 }, /* [8,12) */
		{ 3, 0, 3, 1, gpu, 3 }, /* [9,12): a copy is another VM */
		{ 1, 0, 3, 0, gpu, 2 }, /* [8,10) */
		{ 1, 0, 3, 1, gpu, 1 }, /* [9,10) */
	};
	struct ioa_itf_pair *p;
	int n, i;

	(void)state;
	ioa_interference(t, IOA_ARRAY_SIZE(t), &p, &n);
	assert_int_equal(n, IOA_ARRAY_SIZE(want));
	for (i = 0; i < n; i++) {
		assert_int_equal(p[i].vm_a, want[i].vm_a);
		assert_int_equal(p[i].copy_a, want[i].copy_a);
		assert_int_equal(p[i].vm_b, want[i].vm_b);
		assert_int_equal(p[i].copy_b, want[i].copy_b);
		assert_int_equal(p[i].cat, want[i].cat);
		assert_int_equal(p[i].overlap_ns, want[i].overlap_ns);
	}
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_task_kept),
		cmocka_unit_test(test_chains_separate),
		cmocka_unit_test(test_align),
		cmocka_unit_test(test_repeat_reproducible),
		cmocka_unit_test(test_traced_placement),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_interference),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
