// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * vCPU segment classification (the rule is documented in classify.h). Segments are held per
 * vCPU in start order; exits find their segment by binary search, I/O rows are attributed to
 * the overlapping segments of their VM's vCPUs, and wake-up causes are resolved while the I/O
 * stream passes the wake-up times (segments sorted by wake_ns, pending completions in a heap),
 * so every lookup sees the I/O state as it was at the wake-up.
 */
#include "classify.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify_priv.h"
#include "devlearn.h"
#include "kvm_decode.h"
#include "rows.h"
#include "util.h"

void ioa_cls_params_default(struct ioa_cls_params *p)
{
	p->context = 1;
	p->phase_rate = 25;
	p->phase_cost = 6;
	p->phase_switch = 2;
	p->phase_min_ns = 100000000;
	p->kick_weight = 4;
	p->min_share = 0.05;
	p->min_ns = 10000;
	p->exit_ns = 5000;
	p->io_ns = 10000;
	p->guest_ns = 10000;
	p->wake_ns = 1000000;
	p->helper_wakes = 3;
	p->helper_share = 0.33;
	p->helper_frac = 0.01;
	p->helper_depth = 3;
}

void ioa_cls_params_json(char *buf, size_t size, const struct ioa_cls_params *p)
{
	snprintf(buf, size,
		 "{\"context\": \"%s\", \"phase_rate\": %g, \"phase_cost\": %g, "
		 "\"phase_switch\": %g, \"phase_min_ms\": %g, "
		 "\"kick_weight\": %g, \"min_share_pct\": %.2f, \"min_ns\": %" PRIu64
		 ", \"exit_ns\": %" PRIu64 ", \"io_ns\": %" PRIu64 ", \"guest_ns\": %" PRIu64
		 ", \"wake_us\": %.1f"
		 ", \"helper_wakes\": %d, "
		 "\"helper_share_pct\": %.2f, \"helper_frac_pct\": %.2f, \"helper_depth\": %d}",
		 p->context ? "phase" : "own", p->phase_rate, p->phase_cost, p->phase_switch,
		 p->phase_min_ns / 1e6, p->kick_weight, p->min_share * 100, p->min_ns, p->exit_ns,
		 p->io_ns, p->guest_ns, p->wake_ns / 1e3, p->helper_wakes, p->helper_share * 100,
		 p->helper_frac * 100, p->helper_depth);
}

struct ioa_cls *ioa_cls_new(const struct ioa_cls_params *p, const struct ioa_devmap *map)
{
	struct ioa_cls *c = ioa_xcalloc(1, sizeof(*c));

	c->p = *p;
	c->map = map;
	return c;
}

void ioa_cls_free(struct ioa_cls *c)
{
	if (!c)
		return;
	free(c->thr);
	free(c->edges);
	free(c->vt);
	free(c->vcpus);
	free(c->segs);
	free(c->by_wake);
	free(c->heap);
	free(c->irq);
	ioa_hmap_release(&c->ehash);
	free(c->rq);
	free(c->hw);
	free(c->phases);
	free(c);
}

void ioa_cls_add_thread(struct ioa_cls *c, const struct ioa_cls_thread *t)
{
	IOA_GROW(c->thr, c->nthr, c->athr);
	c->thr[c->nthr++] = *t;
}

/* count @n more wake-ups of @tid by @waker */
static void edge_count(struct ioa_cls *c, int tid, int waker, int n)
{
	uint32_t h = ioa_hash_pair((uint32_t)tid, (uint32_t)waker);
	struct ioa_hmap_it it;
	long i;

	for (i = (long)c->ehash.nr; i < (long)c->nedges; i++) /* dropped by prepare */
		ioa_hmap_add(&c->ehash,
			     ioa_hash_pair((uint32_t)c->edges[i].tid, (uint32_t)c->edges[i].waker),
			     (uint32_t)i);
	for (i = ioa_hmap_first(&c->ehash, h, &it); i >= 0; i = ioa_hmap_next(&c->ehash, &it))
		if (c->edges[i].tid == tid && c->edges[i].waker == waker)
			break;
	if (i < 0) {
		IOA_GROW(c->edges, c->nedges, c->aedges);
		c->edges[c->nedges] = (struct ioa_cls_edge){ tid, waker, 0 };
		i = (long)c->nedges++;
		ioa_hmap_add(&c->ehash, h, (uint32_t)i);
	}
	c->edges[i].n += n;
}

void ioa_cls_add_edge(struct ioa_cls *c, const struct ioa_cls_edge *e)
{
	edge_count(c, e->tid, e->waker, e->n);
}

static int cmp_vt(const void *a, const void *b)
{
	const struct vthr *x = a, *y = b;

	return (x->tid > y->tid) - (x->tid < y->tid);
}

static struct vthr *vt_find(const struct ioa_cls *c, int tid)
{
	struct vthr key = { .tid = tid };

	if (tid <= 0 || !c->nvt)
		return NULL;
	return bsearch(&key, c->vt, c->nvt, sizeof(*c->vt), cmp_vt);
}

/* vCPU threads become vthr entries the first time a segment (or prepare) needs them */
static void vt_add(struct ioa_cls *c, int tid, int64_t vm, int vidx, int vcpu)
{
	struct vthr *v;

	IOA_GROW(c->vt, c->nvt, c->avt);
	v = &c->vt[c->nvt++];
	v->tid = tid;
	v->vm = vm;
	v->vidx = vidx;
	v->vcpu = vcpu;
	v->last_io = IOA_TS_NONE;
	v->last_cat = IOA_CAT_NONE;
	v->sp_vidx = -1;
	v->woke = IOA_TS_NONE;
	v->carry_ts = IOA_TS_NONE;
	v->carry_cat = IOA_CAT_NONE;
}

static void add_vcpus(struct ioa_cls *c)
{
	size_t i;

	for (i = 0; i < c->nthr; i++) {
		const struct ioa_cls_thread *t = &c->thr[i];

		if (t->vm_id <= 0)
			continue;
		IOA_GROW(c->vcpus, c->nvcpus, c->avcpus);
		c->vcpus[c->nvcpus] = (struct vcpu){ .tid = t->tid,
						     .vm = t->vm_id,
						     .vcpu = t->vcpu,
						     .vm_io = IOA_TS_NONE,
						     .vm_cat = IOA_CAT_NONE };
		vt_add(c, t->tid, t->vm_id, (int)c->nvcpus, t->vcpu);
		c->nvcpus++;
	}
	if (c->nvt) /* a trace without vCPU threads (a guest's) has no array */
		qsort(c->vt, c->nvt, sizeof(*c->vt), cmp_vt);
}

static int cmp_thr(const void *a, const void *b)
{
	const struct ioa_cls_thread *x = a, *y = b;

	return (x->tid > y->tid) - (x->tid < y->tid);
}

/* the first segment freezes the thread list: vCPU threads are looked up from then on */
static void index_vcpus(struct ioa_cls *c)
{
	if (c->vt_ready)
		return;
	if (c->nthr)
		qsort(c->thr, c->nthr, sizeof(*c->thr), cmp_thr);
	add_vcpus(c);
	c->vt_ready = 1;
}

void ioa_cls_add_segment(struct ioa_cls *c, const struct ioa_cls_seg *s)
{
	const struct vthr *v;
	struct seg *g;

	index_vcpus(c);
	if (s->waker_tid > 0 && s->waker_tid != s->tid)
		edge_count(c, s->tid, s->waker_tid, 1);
	v = vt_find(c, s->tid);
	if (!v || v->vidx < 0) {
		ioa_clsi_hw_add(c, s);
		return;
	}
	if (s->end < s->start)
		return;
	IOA_GROW(c->segs, c->nsegs, c->asegs);
	g = &c->segs[c->nsegs++];
	memset(g, 0, sizeof(*g));
	g->s = *s;
	g->vidx = v->vidx;
	g->wake_cat = IOA_CAT_NONE;
}

static int cmp_seg(const void *a, const void *b)
{
	const struct seg *x = a, *y = b;

	if (x->vidx != y->vidx)
		return (x->vidx > y->vidx) - (x->vidx < y->vidx);
	return (x->s.start > y->s.start) - (x->s.start < y->s.start);
}

static int cmp_wake(const void *a, const void *b, void *priv)
{
	const struct seg *segs = priv;
	uint64_t x = segs[*(const uint32_t *)a].s.wake_ns;
	uint64_t y = segs[*(const uint32_t *)b].s.wake_ns;

	return (x > y) - (x < y);
}

static const struct ioa_cls_thread *thr_find(const struct ioa_cls *c, int tid)
{
	struct ioa_cls_thread key = { .tid = tid };

	return c->nthr ? bsearch(&key, c->thr, c->nthr, sizeof(*c->thr), cmp_thr) : NULL;
}

/* a thread that may become a helper: known, user space, not a vCPU, not yet a VM thread */
static int eligible(const struct ioa_cls *c, int tid)
{
	const struct ioa_cls_thread *t = thr_find(c, tid);

	return tid > 0 && t && !t->is_kthread && !vt_find(c, tid);
}

/* wake-ups between a candidate thread and one VM: a = it woke the VM, b = the VM woke it */
struct link {
	int tid;
	int64_t vm;
	int a, b;
};

static int cmp_link(const void *x, const void *y)
{
	const struct link *l = x, *r = y;

	if (l->tid != r->tid)
		return (l->tid > r->tid) - (l->tid < r->tid);
	return (l->vm > r->vm) - (l->vm < r->vm);
}

/* a VM thread at this level: vCPUs at level 1, every VM thread after */
static const struct vthr *anchor(const struct ioa_cls *c, int tid, int level)
{
	const struct vthr *v = vt_find(c, tid);

	return v && (level > 1 || v->vidx >= 0) ? v : NULL;
}

static size_t collect_links(const struct ioa_cls *c, int level, struct link **out)
{
	struct link *l = NULL;
	size_t n = 0, alloc = 0, i;

	for (i = 0; i < c->nedges; i++) {
		const struct ioa_cls_edge *e = &c->edges[i];
		const struct vthr *w = anchor(c, e->waker, level), *t = anchor(c, e->tid, level);

		if (w && eligible(c, e->tid)) {
			IOA_GROW(l, n, alloc);
			l[n++] = (struct link){ e->tid, w->vm, 0, e->n };
		} else if (t && eligible(c, e->waker)) {
			IOA_GROW(l, n, alloc);
			l[n++] = (struct link){ e->waker, t->vm, e->n, 0 };
		}
	}
	if (n)
		qsort(l, n, sizeof(*l), cmp_link);
	*out = l;
	return n;
}

static int cmp_edge(const void *x, const void *y)
{
	const struct ioa_cls_edge *l = x, *r = y;

	return (l->tid > r->tid) - (l->tid < r->tid);
}

/* all wake-ups of @tid in the trace (edges are sorted by tid in prepare) */
static int64_t woken_total(const struct ioa_cls *c, int tid)
{
	size_t lo = 0, hi = c->nedges;
	int64_t n = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->edges[mid].tid < tid)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < c->nedges && c->edges[lo].tid == tid; lo++)
		n += c->edges[lo].n;
	return n;
}

static int64_t vm_segments(const struct ioa_cls *c, int64_t vm)
{
	int64_t n = 0;
	size_t i;

	for (i = 0; i < c->nvcpus; i++)
		if (c->vcpus[i].vm == vm)
			n += (int64_t)c->vcpus[i].nr;
	return n;
}

/* the mutual wake-up count of a link when it passes the thresholds, else 0 */
static int link_score(const struct ioa_cls *c, const struct link *l)
{
	int m = IOA_MIN(l->a, l->b);

	if (m < c->p.helper_wakes || m < c->p.helper_frac * (double)vm_segments(c, l->vm) ||
	    l->b < c->p.helper_share * (double)woken_total(c, l->tid))
		return 0;
	return m;
}

static void add_helpers_level(struct ioa_cls *c, int level)
{
	struct link *l, cur;
	size_t n = collect_links(c, level, &l), i, j, added = 0;
	int best;
	int64_t best_vm;

	for (i = 0; i < n; i = j) {
		best = 0;
		best_vm = 0;
		j = i;
		while (j < n && l[j].tid == l[i].tid) {
			cur = l[j];
			for (j++; j < n && l[j].tid == cur.tid && l[j].vm == cur.vm; j++) {
				cur.a += l[j].a;
				cur.b += l[j].b;
			}
			if (link_score(c, &cur) > best) {
				best = link_score(c, &cur);
				best_vm = cur.vm;
			}
		}
		if (best) {
			vt_add(c, l[i].tid, best_vm, -1, -1);
			added++;
		}
	}
	free(l);
	if (added)
		qsort(c->vt, c->nvt, sizeof(*c->vt), cmp_vt);
}

/* threads sharing a known tgid with a vCPU thread belong to its VM */
static void add_tgid_helpers(struct ioa_cls *c)
{
	struct link *l = NULL; /* found first: vt must stay sorted while it is searched */
	size_t i, k, n = 0, alloc = 0;

	for (i = 0; i < c->nthr; i++) {
		const struct ioa_cls_thread *t = &c->thr[i];

		if (t->tgid <= 0 || t->vm_id > 0 || !eligible(c, t->tid))
			continue;
		for (k = 0; k < c->nvcpus; k++) {
			const struct ioa_cls_thread *v = thr_find(c, c->vcpus[k].tid);

			if (v && v->tgid == t->tgid) {
				IOA_GROW(l, n, alloc);
				l[n++] = (struct link){ t->tid, c->vcpus[k].vm, 0, 0 };
				break;
			}
		}
	}
	for (i = 0; i < n; i++)
		vt_add(c, l[i].tid, l[i].vm, -1, -1);
	if (n)
		qsort(c->vt, c->nvt, sizeof(*c->vt), cmp_vt);
	free(l);
}

/* sort the segments by (vCPU, start); index them by wake-up time */
static void index_segments(struct ioa_cls *c)
{
	size_t i, n = c->nsegs;

	if (n)
		qsort(c->segs, n, sizeof(*c->segs), cmp_seg);
	for (i = 0; i < n; i++) {
		struct vcpu *v = &c->vcpus[c->segs[i].vidx];

		if (!v->nr)
			v->first = i;
		v->nr++;
	}
	c->by_wake = ioa_xmalloc((n ? n : 1) * sizeof(*c->by_wake));
	for (i = 0; i < n; i++)
		if (c->segs[i].s.wake_ns != IOA_TS_NONE)
			c->by_wake[c->nwake++] = (uint32_t)i;
	qsort_r(c->by_wake, c->nwake, sizeof(*c->by_wake), cmp_wake, c->segs);
}

void ioa_cls_prepare(struct ioa_cls *c)
{
	int level;

	index_vcpus(c);
	if (c->nedges) /* by tid from now on: the hash is dropped */
		qsort(c->edges, c->nedges, sizeof(*c->edges), cmp_edge);
	ioa_hmap_release(&c->ehash);
	index_segments(c);
	for (level = 1; level <= c->p.helper_depth; level++)
		add_helpers_level(c, level);
	add_tgid_helpers(c);
	ioa_clsi_hw_prepare(c);
}

struct vthr *ioa_clsi_vt(const struct ioa_cls *c, int tid)
{
	return vt_find(c, tid);
}

/* the segment of vCPU @vidx that holds @ts, NULL when it was not running */
static struct seg *seg_at(struct ioa_cls *c, int vidx, uint64_t ts)
{
	struct vcpu *v = &c->vcpus[vidx];
	struct seg *s = c->segs + v->first;
	size_t lo = 0, hi = v->nr;

	if (v->cursor < v->nr && s[v->cursor].s.start <= ts && ts <= s[v->cursor].s.end)
		return &s[v->cursor];
	while (lo < hi) { /* first segment starting after ts */
		size_t mid = lo + (hi - lo) / 2;

		if (s[mid].s.start <= ts)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo || ts > s[lo - 1].s.end)
		return NULL;
	v->cursor = lo - 1;
	return &s[lo - 1];
}

struct seg *ioa_clsi_seg_at(struct ioa_cls *c, int vidx, uint64_t ts)
{
	return seg_at(c, vidx, ts);
}

#define CAT_IDLE (-3)

/* a host interrupt exit: the first host IRQ handler in its span that names a device */
static int irq_cat(const struct ioa_cls *c, const char *irqs)
{
	char buf[sizeof(((struct ioa_cls_exit *)0)->irqs)], *save = NULL, *name;
	int cat;

	ioa_strlcpy(buf, irqs, sizeof(buf));
	for (name = strtok_r(buf, "|", &save); name; name = strtok_r(NULL, "|", &save)) {
		cat = ioa_devmap_name(c->map, IOA_DM_IRQ, name);
		if (cat >= 0 && cat < NIO)
			return cat;
	}
	return IOA_CAT_OVERHEAD;
}

/*
 * The device map's port and MMIO rules, then its exit rules, then for a host interrupt the
 * device of its handler, then what ingest stored (kvm_decode.c's tables). An access to an
 * unknown device ("" stored) is no evidence of any category.
 */
static int exit_cat(const struct ioa_cls *c, const struct ioa_cls_exit *e)
{
	int r;

	if (e->port >= 0 && (r = ioa_devmap_addr(c->map, IOA_DM_PORT, (uint64_t)e->port)) != -2)
		return r;
	if (e->gpa >= 0 && (r = ioa_devmap_addr(c->map, IOA_DM_MMIO, (uint64_t)e->gpa)) != -2)
		return r;
	if ((r = ioa_devmap_exit(c->map, e->reason)) != -2)
		return r;
	if (e->irqs[0])
		return irq_cat(c, e->irqs);
	if (!strcmp(e->category, "IDLE"))
		return CAT_IDLE;
	r = ioa_cat_parse(e->category);
	return r >= 0 && (r < NIO || r == IOA_CAT_OVERHEAD) ? r : IOA_CAT_NONE;
}

/* who names the address of an access: the device map, a built-in device, or nobody ("") */
static const char *access_name(const struct ioa_cls *c, const struct ioa_cls_exit *e)
{
	const struct ioa_kvm_dev *d;
	int kind = e->port >= 0 ? IOA_DM_PORT : IOA_DM_MMIO;
	int64_t addr = e->port >= 0 ? e->port : e->gpa;

	if (ioa_devmap_addr(c->map, kind, (uint64_t)addr) != -2)
		return "device map";
	d = e->port >= 0 ? ioa_kvm_port_dev(addr) : ioa_kvm_gpa_dev(addr);
	return d ? d->name : "";
}

/* a port or MMIO access (not a page fault resolved as memory) goes to the learner */
static void learn_access(struct ioa_cls *c, const struct vthr *v, const struct ioa_cls_exit *e,
			 int cat)
{
	int port = e->port >= 0;

	if (!c->learn || (!port && (e->gpa < 0 || !strcmp(e->category, "RAM"))))
		return;
	ioa_learn_access(c->learn, v->vm, port ? IOA_LEARN_PORT : IOA_LEARN_MMIO,
			 (uint64_t)(port ? e->port : e->gpa), e->ts,
			 e->dur != IOA_TS_NONE ? e->dur : 0, access_name(c, e),
			 cat >= 0 ? cat : IOA_CAT_NONE);
}

void ioa_cls_add_exit(struct ioa_cls *c, const struct ioa_cls_exit *e)
{
	const struct vthr *v = vt_find(c, e->tid);
	struct seg *g;
	uint64_t cost;
	int cat;

	if (!v || v->vidx < 0)
		return;
	cat = exit_cat(c, e);
	learn_access(c, v, e, cat);
	if (!(g = seg_at(c, v->vidx, e->ts)))
		return;
	cost = e->dur != IOA_TS_NONE ? e->dur : c->p.exit_ns;
	/* only its part inside the segment: a HLT's span runs on until the next wake-up */
	cost = IOA_MIN(cost, g->s.end - e->ts);
	if (cat == CAT_IDLE) {
		g->idle_ns = IOA_MIN(g->idle_ns + cost, g->s.end - g->s.start);
		return;
	}
	if (cat < 0 || cat == IOA_CAT_COMPUTE)
		return;
	g->ns[cat] += cost;
	g->n[cat]++;
	if (cat < NIO)
		g->events[cat] += 1;
}

/* category of a guest io row by the device map, IOA_CAT_NONE when it is no I/O evidence */
static int guest_cat(const struct ioa_cls *c, const struct ioa_cls_io *io)
{
	int cat;

	switch (io->kind) {
	case IOA_IO_BLOCK:
		cat = ioa_devmap_name(c->map, IOA_DM_BLOCK, io->dev);
		break;
	case IOA_IO_NET_TX:
	case IOA_IO_NET_RX:
		cat = ioa_devmap_name(c->map, IOA_DM_NET, io->dev);
		break;
	case IOA_IO_IRQ:
		cat = ioa_devmap_name(c->map, IOA_DM_IRQ, io->dev);
		break;
	default:
		return IOA_CAT_NONE;
	}
	return cat >= 0 && cat < NIO ? cat : IOA_CAT_NONE;
}

void ioa_cls_add_guest(struct ioa_cls *c, const struct ioa_cls_guest_io *g)
{
	const struct vthr *v = vt_find(c, g->host_tid);
	int cat = guest_cat(c, &g->io);
	struct seg *s;

	if (c->learn && cat >= 0 && v && v->vidx >= 0)
		ioa_learn_io(c->learn, v->vm, cat, g->io.ts, g->io.dev);
	if (!c->p.guest_ns || cat < 0 || !v || v->vidx < 0 || !(s = seg_at(c, v->vidx, g->io.ts)))
		return;
	s->ns[cat] += IOA_MIN(c->p.guest_ns, s->s.end - s->s.start);
	s->guest[cat]++;
	if (g->io.bytes)
		s->bytes[cat] += (float)g->io.bytes;
	else
		s->events[cat] += 1;
}

/* index of the first of @n segments (sorted by time) that ends after @a, or @n */
static size_t first_ending_after(const struct seg *s, size_t n, uint64_t a)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (s[mid].s.end <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * I/O of VM @vm over [a, b) adds to every overlapping segment of its vCPUs, pro rata (vm_ns:
 * by time alone, it tells that the VM did I/O, not which vCPU asked for it)
 */
static void attribute(struct ioa_cls *c, int64_t vm, int cat, uint64_t a, uint64_t b,
		      uint64_t bytes)
{
	size_t k;

	for (k = 0; k < c->nvcpus; k++) {
		struct vcpu *v = &c->vcpus[k];
		struct seg *s = c->segs + v->first;
		size_t lo;

		if (v->vm != vm)
			continue;
		lo = first_ending_after(s, v->nr, a);
		for (; lo < v->nr && s[lo].s.start < b; lo++) {
			uint64_t ov = IOA_MIN(s[lo].s.end, b) - IOA_MAX(s[lo].s.start, a);
			double part = (double)ov / (double)(b - a);

			s[lo].ns[cat] += ov;
			s[lo].vm_ns[cat] += ov;
			s[lo].n[cat]++;
			if (bytes)
				s[lo].bytes[cat] += (float)(part * (double)bytes);
			else
				s[lo].events[cat] += (float)part;
		}
	}
}

/* @v (a VM thread) did I/O of @cat at @t: its own and its VM's latest I/O */
static void note_io(struct ioa_cls *c, struct vthr *v, uint64_t t, int cat)
{
	size_t k;

	if (!v)
		return;
	if (v->last_io == IOA_TS_NONE || t >= v->last_io) {
		v->last_io = t;
		v->last_cat = cat;
	}
	for (k = 0; k < c->nvcpus; k++) {
		struct vcpu *u = &c->vcpus[k];

		if (u->vm == v->vm && (u->vm_io == IOA_TS_NONE || t >= u->vm_io)) {
			u->vm_io = t;
			u->vm_cat = cat;
		}
	}
}

static void heap_push(struct ioa_cls *c, uint64_t end, int tid, int cat)
{
	size_t i;

	IOA_GROW(c->heap, c->nheap, c->aheap);
	i = c->nheap++;
	while (i && c->heap[(i - 1) / 2].end > end) {
		c->heap[i] = c->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	c->heap[i] = (struct pend){ end, tid, cat };
}

static struct pend heap_pop(struct ioa_cls *c)
{
	struct pend top = c->heap[0], last = c->heap[--c->nheap];
	size_t i = 0, k;

	while ((k = 2 * i + 1) < c->nheap) {
		if (k + 1 < c->nheap && c->heap[k + 1].end < c->heap[k].end)
			k++;
		if (last.end <= c->heap[k].end)
			break;
		c->heap[i] = c->heap[k];
		i = k;
	}
	if (c->nheap)
		c->heap[i] = last;
	return top;
}

static int recent(uint64_t io, uint64_t t, uint64_t within)
{
	return io != IOA_TS_NONE && io <= t && t - io <= within;
}

/* the last IRQ or softirq handler seen on @cpu; NULL past the highest CPU that ran one */
static const struct irqstate *irq_on(const struct ioa_cls *c, int cpu)
{
	return cpu < 0 || (size_t)cpu >= c->nirq ? NULL : &c->irq[cpu];
}

/*
 * The wake-up that started @g: its waker, a thread of the same VM, delivers I/O (it just did
 * I/O, or it was woken by a helper delivering I/O: the chain worker -> iothread -> main loop
 * -> vCPU, see ioa_clsi_delivers); or the wake-up came from the handler of a device IRQ while
 * the VM had I/O of that device's category.
 */
static void resolve_wake(struct ioa_cls *c, struct seg *g)
{
	const struct vthr *w = vt_find(c, g->s.waker_tid);
	const struct vcpu *v = &c->vcpus[g->vidx];
	uint64_t t = g->s.wake_ns, lb = c->p.wake_ns;
	const struct irqstate *q;
	int cat;

	if (w && w->vm == v->vm && (cat = ioa_clsi_delivers(c, w, t)) >= 0) {
		g->wake_cat = (int8_t)cat;
		return;
	}
	q = irq_on(c, g->s.waker_cpu);
	if (q && q->cat >= 0 && q->ts <= t && t <= q->end + IRQ_SLACK_NS && q->cat == v->vm_cat &&
	    recent(v->vm_io, t, lb))
		g->wake_cat = (int8_t)q->cat;
}

/* everything that happened before @t: completions (first on ties), then wake-ups */
static void advance(struct ioa_cls *c, uint64_t t)
{
	for (;;) {
		uint64_t tc = c->nheap ? c->heap[0].end : IOA_TS_NONE;
		uint64_t tw = c->wake_pos < c->nwake ? c->segs[c->by_wake[c->wake_pos]].s.wake_ns
						     : IOA_TS_NONE;
		uint64_t th = ioa_clsi_hw_next(c);

		if (th < t && th <= tc && th <= tw) {
			ioa_clsi_hw_step(c);
		} else if (tc <= tw && tc < t) {
			struct pend p = heap_pop(c);

			note_io(c, vt_find(c, p.tid), p.end, p.cat);
		} else if (tw < t) {
			resolve_wake(c, &c->segs[c->by_wake[c->wake_pos++]]);
		} else {
			return;
		}
	}
}

/*
 * Whether @t on @cpu is inside an IRQ or softirq handler: a wake-up there is the handler's
 * (a host disk completion waking a QEMU worker), not the interrupted thread's.
 */
int ioa_clsi_in_irq(const struct ioa_cls *c, int cpu, uint64_t t)
{
	const struct irqstate *q = irq_on(c, cpu);

	return q && q->ts <= t && t <= q->end && q->end > q->ts;
}

static void irq_note(struct ioa_cls *c, const struct ioa_cls_io *io, int kind)
{
	struct irqstate *q;

	if (io->cpu < 0 || io->cpu > 65535)
		return;
	if ((size_t)io->cpu >= c->nirq) {
		size_t n = (size_t)io->cpu + 1;

		c->irq = ioa_xrealloc(c->irq, n * sizeof(*c->irq));
		while (c->nirq < n)
			c->irq[c->nirq++] = (struct irqstate){ 0, 0, IOA_CAT_NONE };
	}
	q = &c->irq[io->cpu];
	q->ts = io->ts;
	q->end = io->end != IOA_TS_NONE ? io->end : io->ts;
	q->cat = ioa_devmap_name(c->map, kind, io->dev);
	if (q->cat >= NIO)
		q->cat = IOA_CAT_NONE;
}

/*
 * I/O issued by a VM thread at @a while none of the VM's vCPUs ran: the vCPU segment that
 * ended last, within the wake-up look-back, caused it (it kicked the helper that issued it).
 */
static void attribute_cause(struct ioa_cls *c, int64_t vm, int cat, uint64_t a, uint64_t bytes)
{
	struct seg *best = NULL;
	size_t k;

	for (k = 0; k < c->nvcpus; k++) {
		struct vcpu *v = &c->vcpus[k];
		struct seg *s = c->segs + v->first;
		size_t lo;

		if (v->vm != vm)
			continue;
		lo = first_ending_after(s, v->nr, a);
		if (lo < v->nr && s[lo].s.start <= a)
			return; /* a vCPU was running: attribute() counted it */
		if (lo && (!best || s[lo - 1].s.end > best->s.end))
			best = &s[lo - 1];
	}
	if (!best || a - best->s.end > c->p.wake_ns)
		return;
	best->ns[cat] += c->p.io_ns;
	best->vm_ns[cat] += c->p.io_ns;
	best->n[cat]++;
	if (bytes)
		best->bytes[cat] += (float)bytes;
	else
		best->events[cat] += 1;
}

static void block_io(struct ioa_cls *c, const struct ioa_cls_io *io)
{
	struct vthr *v = vt_find(c, io->tid);
	int cat = ioa_devmap_name(c->map, IOA_DM_BLOCK, io->dev);
	int done = io->end != IOA_TS_NONE && io->end > io->ts;

	/* only the issuer counts: a completion runs in whatever thread the IRQ interrupted */
	if (!v || cat < 0 || cat >= NIO)
		return;
	if (c->learn)
		ioa_learn_io(c->learn, v->vm, cat, io->ts, io->dev);
	attribute(c, v->vm, cat, io->ts, done ? io->end : io->ts + c->p.io_ns, io->bytes);
	attribute_cause(c, v->vm, cat, io->ts, io->bytes);
	ioa_clsi_kick(c, v, io->ts, cat);
	note_io(c, v, io->ts, cat);
	if (done)
		heap_push(c, io->end, v->tid, cat);
}

static void net_io(struct ioa_cls *c, const struct ioa_cls_io *io)
{
	struct vthr *v = vt_find(c, io->tid);
	int cat = ioa_devmap_name(c->map, IOA_DM_NET, io->dev);
	uint64_t half = c->p.io_ns / 2, a;

	if (!v || cat < 0 || cat >= NIO)
		return;
	if (c->learn)
		ioa_learn_io(c->learn, v->vm, cat, io->ts, io->dev);
	a = io->ts > half ? io->ts - half : 0;
	attribute(c, v->vm, cat, a, a + c->p.io_ns, io->bytes);
	attribute_cause(c, v->vm, cat, io->ts, io->bytes);
	ioa_clsi_kick(c, v, io->ts, cat);
	note_io(c, v, io->ts, cat);
}

static void process_io(struct ioa_cls *c, const struct ioa_cls_io *io)
{
	advance(c, io->ts);
	switch (io->kind) {
	case IOA_IO_IRQ:
		irq_note(c, io, IOA_DM_IRQ);
		break;
	case IOA_IO_SOFTIRQ:
		irq_note(c, io, IOA_DM_SOFTIRQ);
		break;
	case IOA_IO_BLOCK:
		block_io(c, io);
		break;
	case IOA_IO_NET_TX:
	case IOA_IO_NET_RX:
		net_io(c, io);
		break;
	default:
		break;
	}
}

static void rq_push(struct ioa_cls *c, const struct ioa_cls_io *io)
{
	size_t i;

	IOA_GROW(c->rq, c->nrq, c->arq);
	i = c->nrq++;
	while (i && c->rq[(i - 1) / 2].ts > io->ts) {
		c->rq[i] = c->rq[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	c->rq[i] = *io;
}

/* take the earliest row off the reorder heap and process it */
static void rq_pop(struct ioa_cls *c)
{
	struct ioa_cls_io top = c->rq[0];
	size_t i = 0, k;

	c->nrq--;
	while ((k = 2 * i + 1) < c->nrq) {
		if (k + 1 < c->nrq && c->rq[k + 1].ts < c->rq[k].ts)
			k++;
		if (c->rq[c->nrq].ts <= c->rq[k].ts)
			break;
		c->rq[i] = c->rq[k];
		i = k;
	}
	if (c->nrq)
		c->rq[i] = c->rq[c->nrq];
	process_io(c, &top);
}

/*
 * Rows wait in a heap until a row IOA_CLS_REORDER_NS later has been seen, so that they are
 * processed in time order even when stored out of order; memory: the rows of that span.
 */
void ioa_cls_add_io(struct ioa_cls *c, const struct ioa_cls_io *io)
{
	rq_push(c, io);
	if (io->ts > c->rq_max || c->rq_max == 0)
		c->rq_max = io->ts;
	while (c->nrq && c->rq[0].ts + IOA_CLS_REORDER_NS < c->rq_max)
		rq_pop(c);
}

/* the learner's base rates are taken over the span each VM's vCPUs were active */
static void learn_spans(struct ioa_cls *c)
{
	size_t k;

	for (k = 0; c->learn && k < c->nvcpus; k++) {
		const struct vcpu *v = &c->vcpus[k];

		if (v->nr)
			ioa_learn_span(c->learn, v->vm, c->segs[v->first].s.start,
				       c->segs[v->first + v->nr - 1].s.end);
	}
}

void ioa_clsi_flush(struct ioa_cls *c)
{
	while (c->nrq)
		rq_pop(c);
	advance(c, IOA_TS_NONE);
	while (c->wake_pos < c->nwake)
		resolve_wake(c, &c->segs[c->by_wake[c->wake_pos++]]);
	learn_spans(c);
}

void ioa_cls_set_learn(struct ioa_cls *c, struct ioa_learn *l)
{
	c->learn = l;
}
