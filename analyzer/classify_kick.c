// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Wake-up chains: which vCPU asked for the I/O a helper thread issues. Time overlap alone
 * gives a VM's I/O to every vCPU of the VM that ran meanwhile, so two vCPUs doing different
 * I/O at the same time look alike. A helper woken by a vCPU segment works for that segment;
 * a helper woken by such a helper within the wake-up look-back works for the same segment
 * (QEMU: vCPU -> iothread -> worker issues the block request; vCPU -> main loop sends the
 * packet); a helper woken by anything else works for nobody, and so does one woken inside
 * an IRQ or softirq handler (the handler's wake-up, not the interrupted thread's: a host disk
 * completion that wakes a QEMU worker while a vCPU thread runs). Each I/O a helper issues while
 * it works for a segment counts as a kick of its category for that segment; I/O issued by a
 * vCPU thread itself counts for the segment running it.
 */
#include <stdlib.h>

#include "classify_priv.h"
#include "rows.h"
#include "util.h"

/* every wake-up of a thread that is not a vCPU, before the helpers are known */
void ioa_clsi_hw_add(struct ioa_cls *c, const struct ioa_cls_seg *s)
{
	if (s->waker_tid <= 0 || s->waker_tid == s->tid || s->wake_ns == IOA_TS_NONE)
		return;
	IOA_GROW(c->hw, c->nhw, c->ahw);
	c->hw[c->nhw++] = (struct hwake){ s->wake_ns, s->tid, s->waker_tid, s->waker_cpu };
}

static int cmp_hw(const void *a, const void *b)
{
	const struct hwake *x = a, *y = b;

	return (x->ts > y->ts) - (x->ts < y->ts);
}

/* keep the wake-ups of helpers (by anyone: a wake-up from outside ends a chain), by time */
void ioa_clsi_hw_prepare(struct ioa_cls *c)
{
	size_t i, n = 0;

	for (i = 0; i < c->nhw; i++) {
		const struct vthr *h = ioa_clsi_vt(c, c->hw[i].tid);

		if (h && h->vidx < 0)
			c->hw[n++] = c->hw[i];
	}
	c->nhw = n;
	if (n)
		qsort(c->hw, n, sizeof(*c->hw), cmp_hw);
	for (i = 0; i < c->nvt; i++)
		c->vt[i].sp_vidx = -1;
}

uint64_t ioa_clsi_hw_next(const struct ioa_cls *c)
{
	return c->hw_pos < c->nhw ? c->hw[c->hw_pos].ts : IOA_TS_NONE;
}

/*
 * The I/O category helper or vCPU thread @w delivers at @t, IOA_CAT_NONE: the I/O that the
 * helper which woke it last was delivering (completion chains: the worker that saw a block
 * request complete wakes the iothread, which wakes the main loop, which wakes the vCPU), else
 * its own latest I/O, within the wake-up look-back. A helper woken for one device's I/O may
 * do other I/O meanwhile (an event loop serves all); the wake-up says why it runs.
 */
int ioa_clsi_delivers(const struct ioa_cls *c, const struct vthr *w, uint64_t t)
{
	uint64_t lb = c->p.wake_ns;

	if (w->carry_ts != IOA_TS_NONE && w->carry_ts == w->woke && w->carry_ts <= t &&
	    t - w->carry_ts <= lb)
		return w->carry_cat;
	if (w->last_io != IOA_TS_NONE && w->last_io <= t && t - w->last_io <= lb)
		return w->last_cat;
	return IOA_CAT_NONE;
}

/* the next helper wake-up: the helper now works for its waker's segment, or for nobody */
void ioa_clsi_hw_step(struct ioa_cls *c)
{
	const struct hwake *e = &c->hw[c->hw_pos++];
	struct vthr *h = ioa_clsi_vt(c, e->tid), *w = ioa_clsi_vt(c, e->waker);
	struct seg *g;
	int cat;

	h->sp_vidx = -1;
	h->sp_ts = e->ts;
	h->woke = e->ts;
	if (!w || w->vm != h->vm || ioa_clsi_in_irq(c, e->cpu, e->ts))
		return;
	if (w->vidx < 0 && (cat = ioa_clsi_delivers(c, w, e->ts)) >= 0) {
		h->carry_ts = e->ts;
		h->carry_cat = cat;
	}
	if (w->vidx >= 0 && (g = ioa_clsi_seg_at(c, w->vidx, e->ts))) {
		h->sp_vidx = w->vidx;
		h->sp_seg = (size_t)(g - c->segs);
	} else if (w->vidx < 0 && w->sp_vidx >= 0 && e->ts - w->sp_ts <= c->p.wake_ns) {
		h->sp_vidx = w->sp_vidx;
		h->sp_seg = w->sp_seg;
	}
}

/* @v (a VM thread) issued I/O of @cat at @ts */
void ioa_clsi_kick(struct ioa_cls *c, const struct vthr *v, uint64_t ts, int cat)
{
	struct seg *g = NULL;

	if (v->vidx >= 0)
		g = ioa_clsi_seg_at(c, v->vidx, ts);
	else if (v->sp_vidx >= 0 && ts >= v->sp_ts && ts - v->sp_ts <= c->p.wake_ns)
		g = &c->segs[v->sp_seg];
	if (g)
		g->kick[cat]++;
}
