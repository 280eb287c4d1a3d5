// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * vCPU segment classification, second half: own labels from the gathered evidence, labels in
 * context (a sliding window of weighted votes per vCPU, O(n) with running sums of x and t*x),
 * utilisation against the device map's capacities, JSON evidence and per-VM summaries.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify_priv.h"
#include "rows.h"
#include "util.h"

static uint64_t busy_of(const struct seg *g)
{
	uint64_t dur = g->s.end - g->s.start;

	return dur > g->idle_ns ? dur - g->idle_ns : 0;
}

/*
 * demand over @dur_ns as % of the component's capacity (bytes/s and events/s add up), at most
 * 100: one vCPU cannot take more than the whole component; more attributed demand means its
 * requests were queued beyond the segment (the raw figures stay in the evidence)
 */
static double util_pct(const struct ioa_cls *c, int cat, double bytes, double events, double dur_ns)
{
	double u = 0;

	if (cat < 0 || cat >= NIO || dur_ns <= 0)
		return 0;
	if (c->map->bytes_per_s[cat] > 0)
		u += bytes * 1e9 / dur_ns / c->map->bytes_per_s[cat];
	if (c->map->events_per_s[cat] > 0)
		u += events * 1e9 / dur_ns / c->map->events_per_s[cat];
	return IOA_MIN(100 * u, 100.0);
}

static void own_label(const struct ioa_cls *c, struct seg *g)
{
	uint64_t busy = busy_of(g), e, total = 0;
	double th = IOA_MIN(c->p.min_share * (double)busy, (double)c->p.min_ns);
	int k, best = 0;

	for (k = 0; k < NIO; k++) {
		total += g->ns[k];
		if (g->ns[k] > g->ns[best])
			best = k;
	}
	e = g->ns[best];
	if (e && (double)e >= th) {
		double strength = th > 0 ? IOA_MIN(1.0, (double)e / (2 * th)) : 1.0;

		g->own = (int8_t)best;
		g->own_conf = (float)(0.5 + 0.5 * ((double)e / (double)total) * strength);
	} else if (g->wake_cat >= 0) {
		g->own = g->wake_cat;
		g->own_conf = 0.4f;
	} else if (g->ns[IOA_CAT_OVERHEAD] && (double)g->ns[IOA_CAT_OVERHEAD] >= th) {
		/* no component, but its exits are the vCPU's own virtualisation mechanics */
		e = g->ns[IOA_CAT_OVERHEAD];
		g->own = IOA_CAT_OVERHEAD;
		g->own_conf = (float)(0.5 + 0.5 * (th > 0 ? IOA_MIN(1.0, (double)e / (2 * th)) : 1));
	} else {
		g->own = IOA_CAT_COMPUTE;
		g->own_conf = (float)(0.5 * (1 - (th > 0 ? (double)e / th : 0)));
	}
	if (g->own < NIO)
		g->own_util = (float)util_pct(c, g->own, g->bytes[g->own], g->events[g->own],
					      (double)(g->s.end - g->s.start));
}

/*
 * The context vector of a segment: a vote for its own label, its demand, its duration. A vote
 * is 1 per segment (a run-queue item: the many short segments that do the I/O count as much as
 * the long ones between them that compute for it), or its busy time with ctx_by_time. Fully
 * idle segments do not vote.
 */
static void xvec(const struct ioa_cls *c, const struct seg *g, double *x)
{
	uint64_t busy = busy_of(g);
	double vote = c->p.ctx_by_time ? (double)busy : busy ? 1 : 0;
	int k;

	memset(x, 0, X_LEN * sizeof(*x));
	x[g->own] = vote;
	for (k = 0; k < NIO; k++) {
		x[X_BYTES + k] = g->bytes[k];
		x[X_EVENTS + k] = g->events[k];
	}
	x[X_BUSY] = vote;
	x[X_DUR] = (double)(g->s.end - g->s.start);
}

static void ctx_label(const struct ioa_cls *c, struct seg *g, const double *a)
{
	double busy = a[X_BUSY], dur = a[X_DUR];
	int k, best = 0;

	for (k = 0; k < IOA_CAT_NR; k++)
		g->share[k] = busy > 0 ? (float)(a[k] / busy) : 0;
	for (k = 1; k < NIO; k++)
		if (a[k] > a[best])
			best = k;
	if (busy > 0 && g->share[best] >= c->p.ctx_share && a[best] > 0) {
		g->cat = (int8_t)best;
		g->conf = g->share[best];
	} else {
		g->cat = g->own;
		g->conf = g->share[g->own];
	}
	if (g->cat == g->own && g->own_conf > g->conf)
		g->conf = g->own_conf;
	g->util = g->cat < NIO ? (float)util_pct(c, g->cat, a[X_BYTES + g->cat],
						 a[X_EVENTS + g->cat], dur)
			       : 0;
}

static void vadd(double *sum0, double *sum1, const double *x, double t, double sign)
{
	int k;

	for (k = 0; k < X_LEN; k++) {
		sum0[k] += sign * x[k];
		sum1[k] += sign * x[k] * t;
	}
}

/* weights 1 - |t_j - t_i| / W over a sliding window: sums of x and t*x on each side */
static void context_vcpu(struct ioa_cls *c, struct seg *s, size_t n)
{
	double l0[X_LEN] = {0}, l1[X_LEN] = {0}, r0[X_LEN] = {0}, r1[X_LEN] = {0}, x[X_LEN],
	       a[X_LEN];
	double w = (double)(c->p.window_ns ? c->p.window_ns : 1);
	uint64_t base = n ? s[0].s.start : 0;
	size_t i, lo = 0, hi = 0;
	int k;

#define CENTRE(j) ((double)(s[j].s.start - base) + (double)(s[j].s.end - s[j].s.start) / 2)
	for (i = 0; i < n; i++) {
		double t = CENTRE(i);

		for (; hi < n && CENTRE(hi) < t + w; hi++) {
			xvec(c, &s[hi], x);
			vadd(r0, r1, x, CENTRE(hi), 1);
		}
		xvec(c, &s[i], x);
		vadd(r0, r1, x, t, -1);
		vadd(l0, l1, x, t, 1);
		for (; CENTRE(lo) <= t - w; lo++) {
			xvec(c, &s[lo], x);
			vadd(l0, l1, x, CENTRE(lo), -1);
		}
		for (k = 0; k < X_LEN; k++) {
			a[k] = l0[k] - (t * l0[k] - l1[k]) / w + r0[k] - (r1[k] - t * r0[k]) / w;
			if (a[k] < 0)
				a[k] = 0;
		}
		ctx_label(c, &s[i], a);
	}
#undef CENTRE
}

void ioa_cls_finish(struct ioa_cls *c)
{
	size_t i;

	ioa_clsi_flush(c);
	for (i = 0; i < c->nsegs; i++)
		own_label(c, &c->segs[i]);
	for (i = 0; i < c->nvcpus; i++)
		context_vcpu(c, c->segs + c->vcpus[i].first, c->vcpus[i].nr);
}

size_t ioa_cls_count(const struct ioa_cls *c)
{
	return c->nsegs;
}

void ioa_cls_result(const struct ioa_cls *c, size_t i, struct ioa_cls_result *r)
{
	const struct seg *g = &c->segs[i];
	const struct vcpu *v = &c->vcpus[g->vidx];

	r->segment_id = g->s.id;
	r->vm_id = v->vm;
	r->vcpu = v->vcpu;
	r->tid = g->s.tid;
	r->start = g->s.start;
	r->end = g->s.end;
	r->busy_ns = busy_of(g);
	r->cat = g->cat;
	r->own = g->own;
	r->wake_cat = g->wake_cat;
	r->util_pct = g->util;
	r->own_util_pct = g->own_util;
	r->confidence = g->conf;
	r->own_confidence = g->own_conf;
}

struct jbuf {
	char *p;
	size_t size, len;
};

static void jcat(struct jbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void jcat(struct jbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->len >= b->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->len, b->size - b->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		b->len = IOA_MIN(b->len + (size_t)n, b->size - 1);
}

/* "CAT":value,... over the non-zero categories, and the closing brace */
static void jmap_u64(struct jbuf *b, const uint64_t *v, int nr)
{
	int k, first = 1;

	for (k = 0; k < nr; k++)
		if (v[k]) {
			jcat(b, "%s\"%s\":%" PRIu64, first ? "" : ",", ioa_cat_name(k), v[k]);
			first = 0;
		}
	if (!first)
		jcat(b, "}");
}

/* ,"name":{"CAT":value,...}; nothing when every value is zero */
static void jmap(struct jbuf *b, const char *name, const uint64_t *v, int nr)
{
	int k;

	for (k = 0; k < nr && !v[k]; k++)
		;
	if (k < nr) {
		jcat(b, ",\"%s\":{", name);
		jmap_u64(b, v, nr);
	}
}

/* compact: a million of these are written per million segments */
static void own_json(struct jbuf *b, const struct seg *g)
{
	uint64_t n[IOA_CAT_NR], bytes[NIO], guest[NIO];
	int k;

	for (k = 0; k < IOA_CAT_NR; k++)
		n[k] = g->n[k];
	for (k = 0; k < NIO; k++) {
		bytes[k] = (uint64_t)g->bytes[k];
		guest[k] = g->guest[k];
	}
	jcat(b, "{\"busy_ns\":%" PRIu64, busy_of(g));
	if (g->idle_ns)
		jcat(b, ",\"idle_ns\":%" PRIu64, g->idle_ns);
	jmap(b, "ns", g->ns, IOA_CAT_NR);
	jmap(b, "n", n, IOA_CAT_NR);
	jmap(b, "bytes", bytes, NIO);
	jmap(b, "guest", guest, NIO);
	if (g->wake_cat >= 0)
		jcat(b, ",\"wake\":\"%s\"", ioa_cat_name(g->wake_cat));
	jcat(b, "}");
}

/* the weighted shares of the labels in the window (the own label is a column of its own) */
static void ctx_json(struct jbuf *b, const struct seg *g)
{
	int k, first = 1;

	jcat(b, "{\"share\":{");
	for (k = 0; k < IOA_CAT_NR; k++)
		if (g->share[k] >= 0.0005f) {
			jcat(b, "%s\"%s\":%.3f", first ? "" : ",", ioa_cat_name(k), g->share[k]);
			first = 0;
		}
	jcat(b, "}}");
}

int ioa_cls_evidence(char *buf, size_t size, const struct ioa_cls *c, size_t i, int own)
{
	struct jbuf b = {buf, size, 0};

	if (!size)
		return 0;
	buf[0] = '\0';
	if (own)
		own_json(&b, &c->segs[i]);
	else
		ctx_json(&b, &c->segs[i]);
	return (int)b.len;
}

int ioa_cls_helpers(const struct ioa_cls *c, int64_t vm_id, int *tids, int max)
{
	size_t i;
	int n = 0;

	for (i = 0; i < c->nvt; i++)
		if (c->vt[i].vidx < 0 && c->vt[i].vm == vm_id) {
			if (n < max)
				tids[n] = c->vt[i].tid;
			n++;
		}
	return n;
}

static struct ioa_cls_vm_sum *sum_for(struct ioa_cls_vm_sum **out, size_t *n, size_t *alloc,
				      int64_t vm)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*out)[i].vm_id == vm)
			return &(*out)[i];
	IOA_GROW(*out, *n, *alloc);
	memset(&(*out)[*n], 0, sizeof(**out));
	(*out)[*n].vm_id = vm;
	return &(*out)[(*n)++];
}

void ioa_cls_summary(const struct ioa_cls *c, struct ioa_cls_vm_sum **out, size_t *n)
{
	size_t i, alloc = 0;

	*out = NULL;
	*n = 0;
	for (i = 0; i < c->nvcpus; i++) {
		struct ioa_cls_vm_sum *s = sum_for(out, n, &alloc, c->vcpus[i].vm);

		s->vcpus++;
		s->helpers = ioa_cls_helpers(c, s->vm_id, NULL, 0);
	}
	for (i = 0; i < c->nsegs; i++) {
		const struct seg *g = &c->segs[i];
		struct ioa_cls_vm_sum *s = sum_for(out, n, &alloc, c->vcpus[g->vidx].vm);
		uint64_t busy = busy_of(g);

		s->segments++;
		s->busy_ns += busy;
		s->overhead_ns += g->ns[IOA_CAT_OVERHEAD];
		s->ctx_ns[g->cat] += busy;
		s->own_ns[g->own] += busy;
		s->util_ns[g->cat] += g->util * (double)busy;
	}
}
