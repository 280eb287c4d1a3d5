// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Device accesses and learning (the rule is in devlearn.h). Accesses are kept per address
 * (times capped at IOA_LEARN_MAX_TS per address: enough to score it), I/O per VM and category
 * as (time, device) pairs; finish sorts the I/O and scores every address by binary search.
 */
#include "devlearn.h"

#include <stdlib.h>
#include <string.h>

#include "devmap.h"
#include "util.h"

#define IOA_LEARN_MAX_TS 100000

struct addr {
	struct ioa_learn_dev d;
	uint64_t *ts;
	size_t nts, ats;
};

struct ioev {
	uint64_t ts;
	int dev; /* index into devs */
};

struct vmio {
	int64_t vm;
	uint64_t first, last; /* active span */
	struct ioev *ev[IOA_CAT_IO_NR];
	size_t nev[IOA_CAT_IO_NR], aev[IOA_CAT_IO_NR];
};

struct ioa_learn {
	struct ioa_learn_params p;
	struct addr *a;
	size_t na, aa, last;
	struct vmio *vm;
	size_t nvm, avm;
	char (*devs)[32];
	size_t ndevs, adevs;
};

void ioa_learn_params_default(struct ioa_learn_params *p)
{
	p->window_ns = 1000000;
	p->min_hits = 5;
	p->min_conf = 0.5;
}

struct ioa_learn *ioa_learn_new(const struct ioa_learn_params *p)
{
	struct ioa_learn *l = ioa_xcalloc(1, sizeof(*l));

	l->p = *p;
	return l;
}

void ioa_learn_free(struct ioa_learn *l)
{
	size_t i;
	int c;

	if (!l)
		return;
	for (i = 0; i < l->na; i++)
		free(l->a[i].ts);
	for (i = 0; i < l->nvm; i++)
		for (c = 0; c < IOA_CAT_IO_NR; c++)
			free(l->vm[i].ev[c]);
	free(l->a);
	free(l->vm);
	free(l->devs);
	free(l);
}

static struct addr *addr_get(struct ioa_learn *l, int64_t vm, int kind, uint64_t key)
{
	struct addr *a;
	size_t i;

	for (i = 0; i < l->na; i++) {
		size_t k = (l->last + i) % l->na;

		a = &l->a[k];
		if (a->d.vm_id == vm && a->d.kind == kind && a->d.lo == key) {
			l->last = k;
			return a;
		}
	}
	IOA_GROW(l->a, l->na, l->aa);
	a = &l->a[l->na];
	memset(a, 0, sizeof(*a));
	a->d.vm_id = vm;
	a->d.kind = kind;
	a->d.lo = key;
	a->d.hi = kind == IOA_LEARN_MMIO ? key + IOA_LEARN_PAGE - 1 : key;
	a->d.cat = IOA_CAT_NONE;
	a->d.learnt_cat = IOA_CAT_NONE;
	l->last = l->na;
	return &l->a[l->na++];
}

void ioa_learn_access(struct ioa_learn *l, int64_t vm, int kind, uint64_t addr, uint64_t ts,
		      uint64_t dur, const char *name, int cat)
{
	uint64_t key = kind == IOA_LEARN_MMIO ? addr & ~(uint64_t)(IOA_LEARN_PAGE - 1) : addr;
	struct addr *a = addr_get(l, vm, kind, key);

	if (!a->d.exits) {
		ioa_strlcpy(a->d.name, name ? name : "", sizeof(a->d.name));
		a->d.cat = cat;
	}
	a->d.exits++;
	a->d.exit_ns += dur;
	if (a->nts < IOA_LEARN_MAX_TS) {
		IOA_GROW(a->ts, a->nts, a->ats);
		a->ts[a->nts++] = ts;
	}
}

static struct vmio *vm_get(struct ioa_learn *l, int64_t vm)
{
	size_t i;

	for (i = 0; i < l->nvm; i++)
		if (l->vm[i].vm == vm)
			return &l->vm[i];
	IOA_GROW(l->vm, l->nvm, l->avm);
	memset(&l->vm[l->nvm], 0, sizeof(*l->vm));
	l->vm[l->nvm].vm = vm;
	l->vm[l->nvm].first = UINT64_MAX;
	return &l->vm[l->nvm++];
}

static int dev_index(struct ioa_learn *l, const char *dev)
{
	size_t i;

	for (i = 0; i < l->ndevs; i++)
		if (!strcmp(l->devs[i], dev))
			return (int)i;
	IOA_GROW(l->devs, l->ndevs, l->adevs);
	ioa_strlcpy(l->devs[l->ndevs], dev, sizeof(l->devs[0]));
	return (int)l->ndevs++;
}

void ioa_learn_io(struct ioa_learn *l, int64_t vm, int cat, uint64_t ts, const char *dev)
{
	struct vmio *v;

	if (cat < 0 || cat >= IOA_CAT_IO_NR)
		return;
	v = vm_get(l, vm);
	IOA_GROW(v->ev[cat], v->nev[cat], v->aev[cat]);
	v->ev[cat][v->nev[cat]++] = (struct ioev){ ts, dev_index(l, dev ? dev : "") };
}

void ioa_learn_span(struct ioa_learn *l, int64_t vm, uint64_t a, uint64_t b)
{
	struct vmio *v = vm_get(l, vm);

	v->first = IOA_MIN(v->first, a);
	v->last = IOA_MAX(v->last, b);
}

static int cmp_ev(const void *x, const void *y)
{
	const struct ioev *a = x, *b = y;

	return (a->ts > b->ts) - (a->ts < b->ts);
}

/* first event after @t: index into @ev */
static size_t ev_after(const struct ioev *ev, size_t n, uint64_t t)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ev[mid].ts <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* share of the VM's span within the window before some I/O of @cat: the base rate */
static double base_rate(const struct ioa_learn *l, const struct vmio *v, int cat)
{
	uint64_t covered = 0, prev = 0, w = l->p.window_ns;
	size_t i;

	if (v->last <= v->first)
		return 1;
	for (i = 0; i < v->nev[cat]; i++) {
		uint64_t t = v->ev[cat][i].ts, from = t > w ? t - w : 0;

		if (t < v->first || t > v->last + w)
			continue;
		from = IOA_MAX(IOA_MAX(from, prev), v->first);
		if (t > from)
			covered += IOA_MIN(t, v->last) > from ? IOA_MIN(t, v->last) - from : 0;
		prev = IOA_MAX(prev, t);
	}
	return IOA_MIN(1.0, (double)covered / (double)(v->last - v->first));
}

/* hits of @a on category @cat; *dev the device behind most of them */
static uint64_t hits_of(const struct ioa_learn *l, const struct addr *a, const struct vmio *v,
			int cat, int *dev)
{
	const struct ioev *ev = v->ev[cat];
	size_t n = v->nev[cat], i, k, best = 0;
	uint64_t h = 0;
	size_t *votes = ioa_xcalloc(l->ndevs + 1, sizeof(*votes));

	for (i = 0; i < a->nts; i++) {
		k = ev_after(ev, n, a->ts[i]);
		if (k < n && ev[k].ts - a->ts[i] <= l->p.window_ns) {
			h++;
			votes[ev[k].dev]++;
		}
	}
	for (k = 0; k < l->ndevs; k++)
		if (votes[k] > votes[best])
			best = k;
	*dev = (int)best;
	free(votes);
	return h;
}

static void score(struct ioa_learn *l, struct addr *a)
{
	const struct vmio *v = NULL;
	double best = -1;
	size_t i;
	int c, dev;

	for (i = 0; i < l->nvm; i++)
		if (l->vm[i].vm == a->d.vm_id)
			v = &l->vm[i];
	if (!v || !a->nts)
		return;
	for (c = 0; c < IOA_CAT_IO_NR; c++) {
		uint64_t h = v->nev[c] ? hits_of(l, a, v, c, &dev) : 0;
		double b = base_rate(l, v, c), r = (double)h / (double)a->nts;
		double conf = r - b;

		if (!h || conf <= best)
			continue;
		best = conf;
		a->d.hits = h;
		a->d.base = b;
		a->d.confidence = IOA_MAX(0.0, IOA_MIN(1.0, conf));
		ioa_strlcpy(a->d.learnt_dev, l->devs[dev], sizeof(a->d.learnt_dev));
		a->d.learnt_cat =
			h >= (uint64_t)l->p.min_hits && conf >= l->p.min_conf ? c : IOA_CAT_NONE;
	}
}

static int cmp_addr(const void *x, const void *y)
{
	const struct ioa_learn_dev *a = &((const struct addr *)x)->d;
	const struct ioa_learn_dev *b = &((const struct addr *)y)->d;

	if (a->vm_id != b->vm_id)
		return (a->vm_id > b->vm_id) - (a->vm_id < b->vm_id);
	if (a->kind != b->kind)
		return a->kind - b->kind;
	return (a->lo > b->lo) - (a->lo < b->lo);
}

void ioa_learn_finish(struct ioa_learn *l)
{
	size_t i;
	int c;

	for (i = 0; i < l->nvm; i++)
		for (c = 0; c < IOA_CAT_IO_NR; c++)
			if (l->vm[i].nev[c])
				qsort(l->vm[i].ev[c], l->vm[i].nev[c], sizeof(struct ioev), cmp_ev);
	for (i = 0; i < l->na; i++)
		score(l, &l->a[i]);
	if (l->na)
		qsort(l->a, l->na, sizeof(*l->a), cmp_addr);
}

size_t ioa_learn_count(const struct ioa_learn *l)
{
	return l->na;
}

const struct ioa_learn_dev *ioa_learn_get(const struct ioa_learn *l, size_t i)
{
	return &l->a[i].d;
}
