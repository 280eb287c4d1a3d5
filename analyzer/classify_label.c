// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * vCPU segment classification, second half: own labels from the gathered evidence, labels in
 * context (the phases of each vCPU's timeline, phase.h), utilisation against the device map's
 * capacities, JSON evidence and per-VM summaries.
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
		g->own_conf =
			(float)(0.5 + 0.5 * (th > 0 ? IOA_MIN(1.0, (double)e / (2 * th)) : 1));
	} else {
		g->own = IOA_CAT_COMPUTE;
		g->own_conf = (float)(0.5 * (1 - (th > 0 ? (double)e / th : 0)));
	}
	if (g->own < NIO)
		g->own_util = (float)util_pct(c, g->own, g->bytes[g->own], g->events[g->own],
					      (double)(g->s.end - g->s.start));
}

/*
 * The category of a segment's own evidence for the phase split, IOA_CAT_NONE: its own label
 * when its VM has one vCPU (@sole); else only evidence that is this vCPU's alone (exits, guest
 * events): a VM's I/O by time (overlap with its run, the vCPU that ran last) and a wake-up
 * soon after the VM's last I/O tell that the VM did I/O, not which vCPU asked for it.
 */
static int own_specific(const struct ioa_cls *c, const struct seg *g, int sole)
{
	double th = IOA_MIN(c->p.min_share * (double)busy_of(g), (double)c->p.min_ns);
	uint64_t e, best_e = 0;
	int k, best = IOA_CAT_NONE;

	if (sole)
		return g->own < NIO ? g->own : IOA_CAT_NONE;
	for (k = 0; k < NIO; k++) {
		e = g->ns[k] - IOA_MIN(g->vm_ns[k], g->ns[k]);
		if (e > best_e) {
			best_e = e;
			best = k;
		}
	}
	if (best_e && (double)best_e >= th)
		return best;
	return g->wake_cat >= 0 && g->wake_cat < NIO ? g->wake_cat : IOA_CAT_NONE;
}

/*
 * A segment's evidence events for the phase split: 1 for its own specific evidence,
 * kick_weight when it kicked I/O of the category: that this vCPU asked for it, which time
 * overlap (a VM's I/O goes to all its vCPUs that ran meanwhile) and wake-up causes (a busy
 * main loop wakes every vCPU shortly after its own network I/O) cannot tell
 */
static void seg_events(const struct ioa_cls *c, const struct seg *g, int sole,
		       struct ioa_phase_seg *e)
{
	int k, own = own_specific(c, g, sole);

	e->start = g->s.start;
	e->end = g->s.end;
	for (k = 0; k < NIO; k++)
		e->ev[k] = (float)((own == k) + (g->kick[k] ? c->p.kick_weight : 0));
}

/* the label of every segment of phase @ph (segments from @s) */
static void label_phase(struct ioa_cls *c, struct seg *s, const struct ioa_phase *ph, uint32_t idx)
{
	double r = 0, bytes = 0, events = 0, dur = (double)(ph->end - ph->start), conf;
	size_t i;
	int k;

	if (ph->cat >= 0) {
		r = ioa_phase_rate(ph, ph->cat);
		conf = r / (r + c->p.phase_rate);
		for (i = ph->first; i < ph->first + ph->n; i++) {
			bytes += s[i].bytes[ph->cat];
			events += s[i].events[ph->cat];
		}
	} else {
		for (k = 0; k < NIO; k++)
			r = IOA_MAX(r, ioa_phase_rate(ph, k));
		conf = c->p.phase_rate / (c->p.phase_rate + r);
	}
	for (i = ph->first; i < ph->first + ph->n; i++) {
		struct seg *g = &s[i];

		g->phase = idx;
		g->cat = (int8_t)(ph->cat >= 0 ? ph->cat : g->own < NIO ? IOA_CAT_COMPUTE : g->own);
		g->conf = (float)(g->cat == g->own ? IOA_MAX(conf, g->own_conf) : conf);
		g->util = ph->cat >= 0 ? (float)util_pct(c, ph->cat, bytes, events, dur) : 0;
	}
}

/* the phases of vCPU @v's segments: context labels */
static void context_vcpu(struct ioa_cls *c, const struct vcpu *v)
{
	struct seg *s = c->segs + v->first;
	size_t n = v->nr;
	struct ioa_phase_params pp = { c->p.phase_rate, c->p.phase_cost, c->p.phase_switch,
				       c->p.phase_min_ns };
	struct ioa_phase_seg *in = ioa_xmalloc((n ? n : 1) * sizeof(*in));
	struct ioa_phase *ph;
	size_t i, nph, nv = 0;

	for (i = 0; i < c->nvcpus; i++)
		nv += c->vcpus[i].vm == v->vm;
	for (i = 0; i < n; i++)
		seg_events(c, &s[i], nv == 1, &in[i]);
	ioa_phase_split(in, n, &pp, &ph, &nph);
	for (i = 0; i < nph; i++) {
		label_phase(c, s, &ph[i], (uint32_t)c->nphases);
		ph[i].first += (size_t)(s - c->segs);
		IOA_GROW(c->phases, c->nphases, c->aphases);
		c->phases[c->nphases++] = ph[i];
	}
	free(ph);
	free(in);
}

/* without context: the own labels stand */
static void own_context(struct seg *g)
{
	g->cat = g->own;
	g->conf = g->own_conf;
	g->util = g->own_util;
	g->phase = UINT32_MAX;
}

void ioa_cls_finish(struct ioa_cls *c)
{
	size_t i;

	ioa_clsi_flush(c);
	for (i = 0; i < c->nsegs; i++) {
		own_label(c, &c->segs[i]);
		own_context(&c->segs[i]);
	}
	if (c->p.context && c->p.phase_rate > 0)
		for (i = 0; i < c->nvcpus; i++)
			context_vcpu(c, &c->vcpus[i]);
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
	uint64_t n[IOA_CAT_NR], bytes[NIO], guest[NIO], kick[NIO];
	int k;

	for (k = 0; k < IOA_CAT_NR; k++)
		n[k] = g->n[k];
	for (k = 0; k < NIO; k++) {
		bytes[k] = (uint64_t)g->bytes[k];
		guest[k] = g->guest[k];
		kick[k] = g->kick[k];
	}
	jcat(b, "{\"busy_ns\":%" PRIu64, busy_of(g));
	if (g->idle_ns)
		jcat(b, ",\"idle_ns\":%" PRIu64, g->idle_ns);
	jmap(b, "ns", g->ns, IOA_CAT_NR);
	jmap(b, "n", n, IOA_CAT_NR);
	jmap(b, "bytes", bytes, NIO);
	jmap(b, "guest", guest, NIO);
	jmap(b, "kick", kick, NIO);
	if (g->wake_cat >= 0)
		jcat(b, ",\"wake\":\"%s\"", ioa_cat_name(g->wake_cat));
	jcat(b, "}");
}

/* the phase the segment is in: its label, span, size and evidence rates */
static void ctx_json(struct jbuf *b, const struct ioa_cls *c, const struct seg *g)
{
	const struct ioa_phase *ph;
	int k, first = 1;

	if (g->phase == UINT32_MAX) {
		jcat(b, "{\"phase\":\"off\"}");
		return;
	}
	ph = &c->phases[g->phase];
	jcat(b,
	     "{\"phase\":\"%s\",\"from_ns\":%" PRIu64 ",\"to_ns\":%" PRIu64
	     ",\"segments\":%zu,\"rate\":{",
	     ph->cat >= 0 ? ioa_cat_name(ph->cat) : "none", ph->start, ph->end, ph->n);
	for (k = 0; k < NIO; k++)
		if (ph->ev[k] > 0) {
			jcat(b, "%s\"%s\":%.1f", first ? "" : ",", ioa_cat_name(k),
			     ioa_phase_rate(ph, k));
			first = 0;
		}
	jcat(b, "},\"min_rate\":%g}", c->p.phase_rate);
}

int ioa_cls_evidence(char *buf, size_t size, const struct ioa_cls *c, size_t i, int own)
{
	struct jbuf b = { buf, size, 0 };

	if (!size)
		return 0;
	buf[0] = '\0';
	if (own)
		own_json(&b, &c->segs[i]);
	else
		ctx_json(&b, c, &c->segs[i]);
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
