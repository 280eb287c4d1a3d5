// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Interference pairs (interfere.h): per category, a sweep over the task starts and ends keeps
 * the running tasks; between two consecutive events every pair of distinct VMs among them
 * gets the interval's length. Contributions are appended and folded (sort by pair, sum) when
 * the buffer fills, so memory stays bounded by the number of distinct pairs.
 */
#include "interfere.h"

#include <stdlib.h>
#include <string.h>

#include "instance.h"
#include "util.h"

#define FOLD_AT (1 << 20)

struct ev {
	int64_t t;
	int task;
	int on; /* 1 start, 0 end */
};

struct acc {
	struct ioa_itf_pair *v;
	int n, alloc;
};

static int ev_cmp(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->on - y->on; /* ends first: touching tasks do not overlap */
}

static int vm_cmp(int64_t va, int ca, int64_t vb, int cb)
{
	if (va != vb)
		return va < vb ? -1 : 1;
	return (ca > cb) - (ca < cb);
}

static int pair_key_cmp(const void *a, const void *b)
{
	const struct ioa_itf_pair *x = a, *y = b;
	int c = vm_cmp(x->vm_a, x->copy_a, y->vm_a, y->copy_a);

	if (c)
		return c;
	c = vm_cmp(x->vm_b, x->copy_b, y->vm_b, y->copy_b);
	return c ? c : (x->cat > y->cat) - (x->cat < y->cat);
}

static int pair_ns_cmp(const void *a, const void *b)
{
	const struct ioa_itf_pair *x = a, *y = b;

	if (x->overlap_ns != y->overlap_ns)
		return x->overlap_ns > y->overlap_ns ? -1 : 1;
	return pair_key_cmp(a, b);
}

/* sort by pair and sum equal pairs */
static void fold(struct acc *a)
{
	int i, m = 0;

	if (!a->n)
		return;
	qsort(a->v, (size_t)a->n, sizeof(*a->v), pair_key_cmp);
	for (i = 0; i < a->n; i++) {
		if (m && !pair_key_cmp(&a->v[m - 1], &a->v[i]))
			a->v[m - 1].overlap_ns += a->v[i].overlap_ns;
		else
			a->v[m++] = a->v[i];
	}
	a->n = m;
}

static void add(struct acc *a, const struct ioa_itf_task *x, const struct ioa_itf_task *y,
		int64_t len)
{
	struct ioa_itf_pair *p;

	if (a->n >= FOLD_AT && a->n == a->alloc)
		fold(a);
	IOA_GROW(a->v, a->n, a->alloc);
	p = &a->v[a->n++];
	if (vm_cmp(x->vm, x->copy, y->vm, y->copy) > 0) {
		const struct ioa_itf_task *s = x;

		x = y;
		y = s;
	}
	*p = (struct ioa_itf_pair){ x->vm, x->copy, y->vm, y->copy, x->cat, len };
}

/* every pair of distinct VMs among the running tasks gets @len, once however many of their
 * vCPUs run (@vms: scratch of @nrun entries) */
static void credit(struct acc *a, const struct ioa_itf_task *t, const int *run, int nrun,
		   int64_t len, int *vms)
{
	int i, j, nv = 0;

	for (i = 0; i < nrun; i++) {
		for (j = 0; j < nv; j++)
			if (!vm_cmp(t[run[i]].vm, t[run[i]].copy, t[vms[j]].vm, t[vms[j]].copy))
				break;
		if (j == nv)
			vms[nv++] = run[i];
	}
	for (i = 0; i < nv; i++)
		for (j = i + 1; j < nv; j++)
			add(a, &t[vms[i]], &t[vms[j]], len);
}

static void sweep_cat(struct acc *a, const struct ioa_itf_task *t, int nt, int cat, struct ev *ev,
		      int *run, int *vms)
{
	int i, m = 0, nrun = 0, k;

	for (i = 0; i < nt; i++) {
		if (t[i].cat != cat || t[i].end <= t[i].start)
			continue;
		ev[m++] = (struct ev){ t[i].start, i, 1 };
		ev[m++] = (struct ev){ t[i].end, i, 0 };
	}
	if (m)
		qsort(ev, (size_t)m, sizeof(*ev), ev_cmp);
	for (i = 0; i < m; i++) {
		if (i && nrun > 1 && ev[i].t > ev[i - 1].t)
			credit(a, t, run, nrun, ev[i].t - ev[i - 1].t, vms);
		if (ev[i].on) {
			run[nrun++] = ev[i].task;
			continue;
		}
		for (k = 0; k < nrun && run[k] != ev[i].task; k++)
			;
		if (k < nrun)
			run[k] = run[--nrun];
	}
}

void ioa_interference(const struct ioa_itf_task *t, int nt, struct ioa_itf_pair **out, int *n)
{
	struct ev *ev = ioa_xmalloc((size_t)(2 * nt + 1) * sizeof(*ev));
	int *run = ioa_xmalloc((size_t)(nt + 1) * sizeof(int));
	int *vms = ioa_xmalloc((size_t)(nt + 1) * sizeof(int));
	struct acc a = { NULL, 0, 0 };
	int c;

	for (c = 0; c < IOA_CAT_COMPUTE; c++)
		sweep_cat(&a, t, nt, c, ev, run, vms);
	fold(&a);
	if (a.n)
		qsort(a.v, (size_t)a.n, sizeof(*a.v), pair_ns_cmp);
	free(ev);
	free(run);
	free(vms);
	*out = a.v;
	*n = a.n;
}
