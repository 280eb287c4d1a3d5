// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Guest task profiles and the task mix of host vCPU segments (the rule is in guest_tasks.h).
 * Everything of one guest trace is held in memory (a guest trace is the size of its I/O and
 * scheduler events): handler spans per CPU sorted by start, segments per CPU sorted by start,
 * run-queue waits per CPU sorted by start, profiles sorted by tid.
 */
#include "guest_tasks.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rows.h"
#include "util.h"

#define MAX_WOKE 4
#define MAX_DEVS 16
#define MAX_MIX 64
#define NESTING 8 /* spans looked back for the innermost one holding a time */

struct span {
	uint64_t ts, end;
	int cat;
	int nwoke;
	int woke[MAX_WOKE];
};

struct gseg {
	int tid, cpu;
	uint64_t start, end, wake;
	int waker_cpu;
};

struct wait { /* a task runnable on a CPU, not yet switched in */
	int tid, cpu;
	uint64_t b, e;
};

struct devowner {
	char dev[32];
	int tid;
};

struct ioa_gt {
	struct ioa_gt_params p;
	const struct ioa_devmap *map;
	struct ioa_gt_profile *prof; /* one per thread, sorted by tid after finish */
	size_t nprof, aprof;
	struct gseg *segs;
	size_t nsegs, asegs;
	struct ioa_cls_io *io;
	size_t nio, aio;
	struct span *spans; /* sorted by (cpu, ts) */
	size_t nspans, aspans;
	int ncpus;
	size_t *span_first, *seg_first, *wait_first; /* per CPU, ncpus + 1 entries */
	struct wait *waits;
	size_t nwaits, awaits;
	uint64_t *max_wait; /* per CPU, the longest wait */
	struct devowner devs[MAX_DEVS];
	int ndevs;
	uint64_t first, last;
};

void ioa_gt_params_default(struct ioa_gt_params *p)
{
	p->io_ns = 10000;
	p->min_share = 0.01;
	p->rq_weight = 0.1;
}

struct ioa_gt *ioa_gt_new(const struct ioa_gt_params *p, const struct ioa_devmap *map)
{
	struct ioa_gt *g = ioa_xcalloc(1, sizeof(*g));

	g->p = *p;
	g->map = map;
	g->first = IOA_TS_NONE;
	return g;
}

void ioa_gt_free(struct ioa_gt *g)
{
	if (!g)
		return;
	free(g->prof);
	free(g->segs);
	free(g->io);
	free(g->spans);
	free(g->span_first);
	free(g->seg_first);
	free(g->wait_first);
	free(g->waits);
	free(g->max_wait);
	free(g);
}

static struct ioa_gt_profile *new_prof(struct ioa_gt *g, int tid)
{
	struct ioa_gt_profile *pr;

	IOA_GROW(g->prof, g->nprof, g->aprof);
	pr = &g->prof[g->nprof++];
	memset(pr, 0, sizeof(*pr));
	pr->tid = tid;
	return pr;
}

void ioa_gt_add_thread(struct ioa_gt *g, const struct ioa_gt_thread *t)
{
	struct ioa_gt_profile *pr;

	if (t->tid <= 0)
		return;
	pr = new_prof(g, t->tid);
	pr->is_kthread = t->is_kthread;
	ioa_strlcpy(pr->comm, t->comm, sizeof(pr->comm));
}

static void see(struct ioa_gt *g, uint64_t ts)
{
	if (ts == IOA_TS_NONE)
		return;
	g->first = IOA_MIN(g->first, ts);
	g->last = g->last == IOA_TS_NONE ? ts : IOA_MAX(g->last, ts);
}

void ioa_gt_add_segment(struct ioa_gt *g, const struct ioa_cls_seg *s)
{
	struct gseg *x;

	if (s->cpu < 0 || s->end < s->start)
		return;
	IOA_GROW(g->segs, g->nsegs, g->asegs);
	x = &g->segs[g->nsegs++];
	*x = (struct gseg){ s->tid, s->cpu, s->start, s->end, s->wake_ns, s->waker_cpu };
	g->ncpus = IOA_MAX(g->ncpus, s->cpu + 1);
	see(g, s->start);
	see(g, s->end);
}

void ioa_gt_add_io(struct ioa_gt *g, const struct ioa_cls_io *io)
{
	if (io->cpu < 0)
		return;
	IOA_GROW(g->io, g->nio, g->aio);
	g->io[g->nio++] = *io;
	g->ncpus = IOA_MAX(g->ncpus, io->cpu + 1);
	see(g, io->ts);
}

/* ---- lookups ---- */

static int cmp_prof(const void *a, const void *b)
{
	const struct ioa_gt_profile *x = a, *y = b;

	return (x->tid > y->tid) - (x->tid < y->tid);
}

static struct ioa_gt_profile *find_prof(const struct ioa_gt *g, int tid)
{
	struct ioa_gt_profile key = { .tid = tid };

	return bsearch(&key, g->prof, g->nprof, sizeof(key), cmp_prof);
}

static int is_user(const struct ioa_gt *g, int tid)
{
	const struct ioa_gt_profile *pr = tid > 0 ? find_prof(g, tid) : NULL;

	return pr && !pr->is_kthread;
}

/* the innermost handler span of @cpu holding @ts, NULL outside any */
static struct span *span_at(const struct ioa_gt *g, int cpu, uint64_t ts)
{
	size_t lo, hi, mid, k;

	if (cpu < 0 || cpu >= g->ncpus)
		return NULL;
	lo = g->span_first[cpu];
	hi = g->span_first[cpu + 1];
	while (lo < hi) { /* first span starting after ts */
		mid = lo + (hi - lo) / 2;
		if (g->spans[mid].ts <= ts)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (k = 0; k < NESTING && lo > g->span_first[cpu]; k++) {
		struct span *sp = &g->spans[--lo];

		if (sp->end != IOA_TS_NONE && sp->end >= ts)
			return sp;
	}
	return NULL;
}

/* ---- building the per-CPU arrays ---- */

static int cmp_span(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->ts < y->ts ? -1 : x->ts > y->ts;
}

static int cmp_seg(const void *a, const void *b)
{
	const struct gseg *x = a, *y = b;

	if (x->cpu != y->cpu)
		return x->cpu - y->cpu;
	return x->start < y->start ? -1 : x->start > y->start;
}

static int cmp_wait(const void *a, const void *b)
{
	const struct wait *x = a, *y = b;

	if (x->cpu != y->cpu)
		return x->cpu - y->cpu;
	return x->b < y->b ? -1 : x->b > y->b;
}

static int handler_cat(const struct ioa_gt *g, const struct ioa_cls_io *io)
{
	if (io->kind == IOA_IO_IRQ)
		return ioa_devmap_name(g->map, IOA_DM_IRQ, io->dev);
	return ioa_devmap_name(g->map, IOA_DM_SOFTIRQ, io->dev);
}

/* per-CPU index: first[c] .. first[c + 1] are CPU c's entries of an array sorted by CPU */
static size_t *cpu_index(int ncpus, const void *base, size_t n, size_t size, size_t cpu_off)
{
	size_t *first = ioa_xcalloc((size_t)ncpus + 1, sizeof(*first));
	size_t i;
	int c;

	for (i = 0; i < n; i++) {
		memcpy(&c, (const char *)base + i * size + cpu_off, sizeof(c));
		first[c + 1]++;
	}
	for (c = 0; c < ncpus; c++)
		first[c + 1] += first[c];
	return first;
}

static void build_spans(struct ioa_gt *g)
{
	size_t i, *count = ioa_xcalloc((size_t)g->ncpus + 1, sizeof(*count));
	const struct ioa_cls_io *io;

	for (i = 0; i < g->nio; i++)
		if ((g->io[i].kind == IOA_IO_IRQ || g->io[i].kind == IOA_IO_SOFTIRQ) &&
		    g->io[i].end != IOA_TS_NONE)
			count[g->io[i].cpu + 1]++;
	for (i = 0; i < (size_t)g->ncpus; i++)
		count[i + 1] += count[i];
	g->span_first = ioa_xcalloc((size_t)g->ncpus + 1, sizeof(size_t));
	memcpy(g->span_first, count, ((size_t)g->ncpus + 1) * sizeof(size_t));
	g->nspans = count[g->ncpus];
	g->spans = ioa_xcalloc(g->nspans ? g->nspans : 1, sizeof(*g->spans));
	for (i = 0; i < g->nio; i++) {
		io = &g->io[i];
		if ((io->kind != IOA_IO_IRQ && io->kind != IOA_IO_SOFTIRQ) ||
		    io->end == IOA_TS_NONE)
			continue;
		g->spans[count[io->cpu]++] =
			(struct span){ .ts = io->ts, .end = io->end, .cat = handler_cat(g, io) };
	}
	for (i = 0; i < (size_t)g->ncpus; i++)
		qsort(g->spans + g->span_first[i], g->span_first[i + 1] - g->span_first[i],
		      sizeof(*g->spans), cmp_span);
	free(count);
}

static void add_woke(struct span *sp, int tid)
{
	int i;

	for (i = 0; i < sp->nwoke; i++)
		if (sp->woke[i] == tid)
			return;
	if (sp->nwoke < MAX_WOKE)
		sp->woke[sp->nwoke++] = tid;
}

/* wake-ups done inside handlers, and the run-queue waits (woken → switched in) */
static void scan_wakes(struct ioa_gt *g)
{
	const struct gseg *s;
	struct span *sp;
	size_t i;

	for (i = 0; i < g->nsegs; i++) {
		s = &g->segs[i];
		if (s->wake == IOA_TS_NONE || s->wake > s->start || s->tid <= 0)
			continue;
		IOA_GROW(g->waits, g->nwaits, g->awaits);
		g->waits[g->nwaits++] = (struct wait){ s->tid, s->cpu, s->wake, s->start };
		if (is_user(g, s->tid) && (sp = span_at(g, s->waker_cpu, s->wake)))
			add_woke(sp, s->tid);
	}
	qsort(g->waits, g->nwaits, sizeof(*g->waits), cmp_wait);
	g->wait_first = cpu_index(g->ncpus, g->waits, g->nwaits, sizeof(*g->waits),
				  offsetof(struct wait, cpu));
	g->max_wait = ioa_xcalloc((size_t)g->ncpus + 1, sizeof(*g->max_wait));
	for (i = 0; i < g->nwaits; i++)
		g->max_wait[g->waits[i].cpu] =
			IOA_MAX(g->max_wait[g->waits[i].cpu], g->waits[i].e - g->waits[i].b);
}

/* ---- attribution ---- */

static int *dev_owner(struct ioa_gt *g, const char *dev)
{
	int i;

	for (i = 0; i < g->ndevs; i++)
		if (!strcmp(g->devs[i].dev, dev))
			return &g->devs[i].tid;
	if (g->ndevs == MAX_DEVS)
		return NULL;
	ioa_strlcpy(g->devs[g->ndevs].dev, dev, sizeof(g->devs[0].dev));
	g->devs[g->ndevs].tid = 0;
	return &g->devs[g->ndevs++].tid;
}

static void credit(struct ioa_gt *g, const int *tids, int n, int cat, uint64_t ns, uint64_t bytes)
{
	struct ioa_gt_profile *pr;
	int i;

	if (cat < 0 || cat >= IOA_CAT_IO_NR)
		return;
	for (i = 0; i < n; i++) {
		pr = find_prof(g, tids[i]);
		if (!pr)
			continue;
		pr->cat_ns[cat] += ns / (uint64_t)n;
		pr->bytes[cat] += bytes / (uint64_t)n;
		pr->events[cat]++;
	}
}

/* the owners of a block request or packet: see guest_tasks.h */
static int owners(struct ioa_gt *g, const struct ioa_cls_io *io, int cat, int *tids)
{
	const struct span *sp = span_at(g, io->cpu, io->ts);
	int *last = dev_owner(g, io->dev), n = 0, c;

	if (io->kind == IOA_IO_BLOCK && io->end != IOA_TS_NONE) {
		for (c = 0; c < g->ncpus && !n; c++) {
			const struct span *done = span_at(g, c, io->end);

			if (done && done->cat == cat && done->nwoke) {
				n = done->nwoke;
				memcpy(tids, done->woke, (size_t)n * sizeof(*tids));
			}
		}
	}
	if (!n && !sp && is_user(g, io->tid))
		tids[n++] = io->tid;
	if (!n && sp && io->kind != IOA_IO_BLOCK && sp->nwoke) {
		n = sp->nwoke;
		memcpy(tids, sp->woke, (size_t)n * sizeof(*tids));
	}
	if (!n && last && *last > 0)
		tids[n++] = *last;
	if (n && last)
		*last = tids[0];
	return n;
}

static int cmp_io_ts(const void *a, const void *b)
{
	const struct ioa_cls_io *x = a, *y = b;

	return x->ts < y->ts ? -1 : x->ts > y->ts;
}

static void attribute(struct ioa_gt *g)
{
	int tids[MAX_WOKE], n, cat;
	const struct ioa_cls_io *io;
	const struct span *sp;
	size_t i;

	qsort(g->io, g->nio, sizeof(*g->io), cmp_io_ts);
	for (i = 0; i < g->nio; i++) {
		io = &g->io[i];
		if (io->kind == IOA_IO_BLOCK)
			cat = ioa_devmap_name(g->map, IOA_DM_BLOCK, io->dev);
		else if (io->kind == IOA_IO_NET_TX || io->kind == IOA_IO_NET_RX)
			cat = ioa_devmap_name(g->map, IOA_DM_NET, io->dev);
		else
			continue;
		if (cat < 0 || !(n = owners(g, io, cat, tids)))
			continue;
		credit(g, tids, n, cat,
		       io->kind == IOA_IO_BLOCK && io->end != IOA_TS_NONE && io->end > io->ts
			       ? io->end - io->ts
			       : g->p.io_ns,
		       io->bytes);
	}
	for (i = 0; i < g->nspans; i++) {
		sp = &g->spans[i];
		if (sp->nwoke && sp->cat >= 0)
			credit(g, sp->woke, sp->nwoke, sp->cat, sp->end - sp->ts, 0);
	}
}

static void finish_profile(const struct ioa_gt *g, struct ioa_gt_profile *pr)
{
	double span_s = g->last > g->first && g->last != IOA_TS_NONE
				? (double)(g->last - g->first) / 1e9
				: 1;
	int c, top = 0;

	pr->io_ns = 0;
	for (c = 0; c < IOA_CAT_IO_NR; c++) {
		pr->io_ns += pr->cat_ns[c];
		if (pr->cat_ns[c] > pr->cat_ns[top])
			top = c;
		if (g->map->bytes_per_s[c] > 0 && pr->bytes[c])
			pr->util_pct[c] =
				100 * (double)pr->bytes[c] / span_s / g->map->bytes_per_s[c];
		else if (g->map->events_per_s[c] > 0)
			pr->util_pct[c] =
				100 * (double)pr->events[c] / span_s / g->map->events_per_s[c];
	}
	if (pr->io_ns && (double)pr->io_ns >= g->p.min_share * (double)pr->run_ns) {
		pr->cat = top;
		pr->share = (double)pr->cat_ns[top] / (double)pr->io_ns;
	} else {
		pr->cat = IOA_CAT_COMPUTE;
		pr->share = pr->run_ns ? 1 - (double)pr->io_ns / (double)pr->run_ns : 1;
		pr->share = IOA_MAX(pr->share, 0.0);
	}
}

/* profiles for the threads the thread table did not name (they ran), sorted by tid */
static void add_unnamed(struct ioa_gt *g)
{
	size_t i, named;

	qsort(g->prof, g->nprof, sizeof(*g->prof), cmp_prof);
	named = g->nprof;
	for (i = 0; i < g->nsegs; i++) {
		struct ioa_gt_profile key = { .tid = g->segs[i].tid };

		if (key.tid > 0 && !bsearch(&key, g->prof, named, sizeof(key), cmp_prof))
			new_prof(g, key.tid)->is_kthread = -1;
	}
	qsort(g->prof, g->nprof, sizeof(*g->prof), cmp_prof);
	for (i = 1; i < g->nprof; i++) /* a tid added twice above: keep one */
		if (g->prof[i].tid == g->prof[i - 1].tid && g->prof[i].is_kthread == -1)
			g->prof[i].tid = -1;
	for (i = 0; i < g->nprof; i++)
		g->prof[i].is_kthread = g->prof[i].is_kthread == 1;
	qsort(g->prof, g->nprof, sizeof(*g->prof), cmp_prof);
	for (i = 0; i < g->nprof && g->prof[i].tid == -1; i++)
		;
	memmove(g->prof, g->prof + i, (g->nprof - i) * sizeof(*g->prof));
	g->nprof -= i;
}

void ioa_gt_finish(struct ioa_gt *g)
{
	struct ioa_gt_profile *pr;
	size_t i;

	add_unnamed(g);
	qsort(g->segs, g->nsegs, sizeof(*g->segs), cmp_seg);
	g->seg_first = cpu_index(g->ncpus, g->segs, g->nsegs, sizeof(*g->segs),
				 offsetof(struct gseg, cpu));
	for (i = 0; i < g->nsegs; i++)
		if ((pr = find_prof(g, g->segs[i].tid)))
			pr->run_ns += g->segs[i].end - g->segs[i].start;
	build_spans(g);
	scan_wakes(g);
	attribute(g);
	for (i = 0; i < g->nprof; i++)
		finish_profile(g, &g->prof[i]);
}

size_t ioa_gt_count(const struct ioa_gt *g)
{
	return g->nprof;
}

const struct ioa_gt_profile *ioa_gt_profile(const struct ioa_gt *g, size_t i)
{
	return &g->prof[i];
}

void ioa_gt_row(struct ioa_gt_task_row *r, const struct ioa_gt_profile *p, int64_t trace_id)
{
	struct ioa_gt_io_row *io;
	int c;

	memset(r, 0, sizeof(*r));
	r->trace_id = trace_id;
	r->tid = p->tid;
	ioa_strlcpy(r->comm, p->comm, sizeof(r->comm));
	r->is_kthread = p->is_kthread;
	r->run_ns = p->run_ns;
	r->io_ns = p->io_ns;
	ioa_strlcpy(r->category, ioa_cat_name(p->cat), sizeof(r->category));
	r->share = p->share;
	for (c = 0; c < IOA_CAT_IO_NR && r->nio < IOA_GT_MAX_IO; c++) {
		if (!p->events[c] && !p->cat_ns[c])
			continue;
		io = &r->io[r->nio++];
		ioa_strlcpy(io->category, ioa_cat_name(c), sizeof(io->category));
		io->io_ns = p->cat_ns[c];
		io->events = p->events[c];
		io->bytes = p->bytes[c];
		io->share = p->io_ns ? (double)p->cat_ns[c] / (double)p->io_ns : 0;
		io->util_pct = p->util_pct[c];
	}
}

/* ---- the mix of a host segment ---- */

struct acc {
	int tid;
	double run, w;
};

static void acc_add(struct acc *a, int *n, int tid, double run, double w)
{
	int i;

	for (i = 0; i < *n; i++)
		if (a[i].tid == tid)
			break;
	if (i == *n) {
		if (*n == MAX_MIX)
			return;
		a[(*n)++] = (struct acc){ tid, 0, 0 };
	}
	a[i].run += run;
	a[i].w += w;
}

static uint64_t overlap(uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
	uint64_t lo = IOA_MAX(a, c), hi = IOA_MIN(b, d);

	return hi > lo ? hi - lo : 0;
}

static void mix_running(const struct ioa_gt *g, int cpu, uint64_t start, uint64_t end,
			struct acc *a, int *n)
{
	size_t lo = g->seg_first[cpu], hi = g->seg_first[cpu + 1], mid;
	const struct gseg *s;
	uint64_t ov;

	while (lo < hi) { /* first segment ending after start */
		mid = lo + (hi - lo) / 2;
		if (g->segs[mid].end <= start)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < g->seg_first[cpu + 1] && g->segs[lo].start < end; lo++) {
		s = &g->segs[lo];
		ov = overlap(s->start, s->end, start, end);
		if (s->tid > 0 && ov)
			acc_add(a, n, s->tid, (double)ov, (double)ov);
	}
}

static void mix_waiting(const struct ioa_gt *g, int cpu, uint64_t from, uint64_t end, struct acc *a,
			int *n)
{
	size_t lo = g->wait_first[cpu], hi = g->wait_first[cpu + 1], mid;
	uint64_t b0 = from > g->max_wait[cpu] ? from - g->max_wait[cpu] : 0, ov;
	const struct wait *w;

	while (lo < hi) { /* first wait that may still run at from */
		mid = lo + (hi - lo) / 2;
		if (g->waits[mid].b < b0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < g->wait_first[cpu + 1] && g->waits[lo].b < end; lo++) {
		w = &g->waits[lo];
		ov = overlap(w->b, w->e, from, end);
		if (ov)
			acc_add(a, n, w->tid, 0, g->p.rq_weight * (double)ov);
	}
}

static int cmp_acc(const void *a, const void *b)
{
	const struct acc *x = a, *y = b;

	return (x->w < y->w) - (x->w > y->w);
}

/* the profile vector of a task: its I/O shares, or COMPUTE */
static void task_vec(const struct ioa_gt_profile *pr, double w, double *vec)
{
	int c;

	if (!pr || pr->cat == IOA_CAT_COMPUTE || !pr->io_ns) {
		vec[IOA_CAT_COMPUTE] += w;
		return;
	}
	for (c = 0; c < IOA_CAT_IO_NR; c++)
		vec[c] += w * (double)pr->cat_ns[c] / (double)pr->io_ns;
}

static void mix_label(struct ioa_gt_mix *m, const struct ioa_gt *g, struct acc *a, int n,
		      double total)
{
	const struct ioa_gt_profile *pr;
	double util = 0, uw = 0;
	int i, c, top = 0;

	for (i = 0; i < n; i++)
		task_vec(find_prof(g, a[i].tid), a[i].w / total, m->vec);
	for (c = 1; c < IOA_CAT_NR; c++)
		if (m->vec[c] > m->vec[top])
			top = c;
	for (i = 0; i < n && top < IOA_CAT_IO_NR; i++) {
		pr = find_prof(g, a[i].tid);
		if (pr && pr->cat == top) {
			util += a[i].w * pr->util_pct[top];
			uw += a[i].w;
		}
	}
	m->util_pct = uw > 0 ? util / uw : 0;
	for (i = 0; i < n && i < IOA_GT_MIX_TASKS; i++) {
		pr = find_prof(g, a[i].tid);
		m->tid[i] = a[i].tid;
		ioa_strlcpy(m->comm[i], pr ? pr->comm : "", sizeof(m->comm[i]));
		for (c = 0; m->comm[i][c]; c++) /* JSON-safe */
			if (m->comm[i][c] == '"' || m->comm[i][c] == '\\' ||
			    (unsigned char)m->comm[i][c] < 0x20)
				m->comm[i][c] = '?';
		m->weight[i] = a[i].w / total;
	}
	m->ntasks = IOA_MIN(n, IOA_GT_MIX_TASKS);
}

void ioa_gt_mix(struct ioa_gt_mix *m, const struct ioa_gt *g, int cpu, uint64_t start, uint64_t end,
		uint64_t prev_end)
{
	struct acc a[MAX_MIX];
	double run = 0, total = 0;
	int n = 0, i;

	memset(m, 0, sizeof(*m));
	if (cpu < 0 || cpu >= g->ncpus || end <= start)
		return;
	mix_running(g, cpu, start, end, a, &n);
	if (g->p.rq_weight > 0 && prev_end != IOA_TS_NONE && prev_end < start)
		mix_waiting(g, cpu, prev_end, start, a, &n);
	for (i = 0; i < n; i++) {
		run += a[i].run;
		total += a[i].w;
	}
	if (total <= 0)
		return;
	qsort(a, (size_t)n, sizeof(*a), cmp_acc);
	m->cover = IOA_MIN(1.0, run / (double)(end - start));
	mix_label(m, g, a, n, total);
}

int ioa_gt_combine(const struct ioa_gt_mix *m, int host_cat, double *score)
{
	double s, best = -1;
	int c, top = host_cat;

	if (!m->ntasks) {
		*score = 0;
		return host_cat;
	}
	for (c = 0; c < IOA_CAT_NR; c++) {
		s = m->cover * m->vec[c] + (1 - m->cover) * (c == host_cat);
		if (s > best) {
			best = s;
			top = c;
		}
	}
	*score = best;
	return top;
}

int ioa_gt_mix_json(char *buf, size_t size, const struct ioa_gt_mix *m)
{
	int len, i;

	len = snprintf(buf, size, ",\"guest\":{\"cover\":%.3f,\"tasks\":{", m->cover);
	for (i = 0; i < m->ntasks && len > 0 && (size_t)len < size; i++)
		len += snprintf(buf + len, size - (size_t)len, "%s\"%s/%d\":%.3f", i ? "," : "",
				m->comm[i], m->tid[i], m->weight[i]);
	if (len > 0 && (size_t)len < size)
		len += snprintf(buf + len, size - (size_t)len, "}}");
	return len;
}
