/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Inside the classifier only (analyzer/classify*.c): the context struct and its parts.
 * classify.c gathers evidence (helpers, exits, I/O, wake-up causes); classify_label.c turns
 * it into own labels, labels in context, JSON evidence and summaries.
 */
#ifndef IOA_CLASSIFY_PRIV_H
#define IOA_CLASSIFY_PRIV_H

#include "classify.h"
#include "hmap.h"
#include "phase.h"

#define NIO IOA_CAT_IO_NR
#define IRQ_SLACK_NS 2000 /* a wake-up this close after a handler's exit is its doing */

struct seg {
	struct ioa_cls_seg s;
	int vidx;		 /* index into c->vcpus */
	uint64_t ns[IOA_CAT_NR]; /* evidence time per category (I/O ones, and OVERHEAD) */
	uint64_t vm_ns[NIO];	 /* ... of it, I/O of the VM by time alone (overlap, last run) */
	uint32_t n[IOA_CAT_NR];	 /* evidence events per category */
	uint32_t guest[NIO];	 /* guest events per category (their time is in ns) */
	uint32_t kick[NIO];	 /* I/O its wake-up chain started (see classify_kick.c) */
	float bytes[NIO];	 /* attributed bytes */
	float events[NIO];	 /* attributed events without bytes */
	uint64_t idle_ns;
	int8_t wake_cat;
	int8_t own, cat;
	float own_util, util, own_conf, conf;
	uint32_t phase; /* index into c->phases (context labels) */
};

/* a thread that belongs to a VM: vCPU (vidx >= 0) or helper */
struct vthr {
	int tid;
	int64_t vm;
	int vidx;
	int vcpu;
	uint64_t last_io; /* last I/O issue or completion, IOA_TS_NONE */
	int last_cat;
	int sp_vidx;	   /* a helper: the vCPU whose wake-up chain it works for, -1 none */
	size_t sp_seg;	   /* ... the segment of that vCPU that started the chain */
	uint64_t sp_ts;	   /* ... when the chain last reached this thread */
	uint64_t woke;	   /* a helper: its last wake-up, IOA_TS_NONE */
	uint64_t carry_ts; /* ... when that wake-up came from a helper delivering I/O, */
	int carry_cat;	   /* ... of this category (see ioa_clsi_delivers) */
};

/* a wake-up of a thread that is not a vCPU (a helper's, once the helpers are known) */
struct hwake {
	uint64_t ts;
	int tid, waker, cpu; /* cpu: where the wake-up ran, -1 unknown */
};

struct vcpu {
	int tid;
	int64_t vm;
	int vcpu;
	size_t first, nr; /* its segments: c->segs[first .. first+nr) */
	size_t cursor;	  /* last segment an exit fell in */
	uint64_t vm_io;	  /* last I/O of its VM (any VM thread), IOA_TS_NONE */
	int vm_cat;
};

struct pend { /* a block completion still to come */
	uint64_t end;
	int tid;
	int cat;
};

struct irqstate {
	uint64_t ts, end;
	int cat;
};

struct ioa_cls {
	struct ioa_cls_params p;
	const struct ioa_devmap *map;
	struct ioa_cls_thread *thr;
	size_t nthr, athr;
	struct ioa_cls_edge *edges; /* wake-up graph: one entry per (tid, waker) */
	size_t nedges, aedges;
	struct ioa_hmap ehash; /* (tid, waker) → edge index, until prepare sorts them */
	int vt_ready;	       /* the vCPU threads are indexed (first segment) */
	struct vthr *vt;       /* sorted by tid */
	size_t nvt, avt;
	struct vcpu *vcpus;
	size_t nvcpus, avcpus;
	struct seg *segs;
	size_t nsegs, asegs;
	uint32_t *by_wake; /* segment indexes sorted by wake_ns */
	size_t nwake, wake_pos;
	struct hwake *hw; /* wake-ups of other threads; after prepare of helpers, by ts */
	size_t nhw, ahw, hw_pos;
	struct pend *heap;
	size_t nheap, aheap;
	struct irqstate *irq; /* per CPU */
	size_t nirq;
	struct ioa_cls_io *rq; /* reorder buffer: a min-heap of I/O rows by ts */
	size_t nrq, arq;
	uint64_t rq_max;	  /* latest ts seen */
	struct ioa_learn *learn;  /* device accesses and learning, NULL off (borrowed) */
	struct ioa_phase *phases; /* of every vCPU, after finish (first: index into c->segs) */
	size_t nphases, aphases;
};

/* I/O rows may come this much out of time order (block rows are stored at completion) */
#define IOA_CLS_REORDER_NS 1000000000ULL

/* resolve every wake-up cause still pending (end of the I/O stream) */
void ioa_clsi_flush(struct ioa_cls *c);

/* lookups of classify.c: the VM thread @tid (NULL none), vCPU @vidx's segment at @ts */
struct vthr *ioa_clsi_vt(const struct ioa_cls *c, int tid);
struct seg *ioa_clsi_seg_at(struct ioa_cls *c, int vidx, uint64_t ts);

/* wake-up chains from vCPU segments through helpers to the I/O they issue (classify_kick.c) */
void ioa_clsi_hw_add(struct ioa_cls *c, const struct ioa_cls_seg *s);
void ioa_clsi_hw_prepare(struct ioa_cls *c);
uint64_t ioa_clsi_hw_next(const struct ioa_cls *c);
void ioa_clsi_hw_step(struct ioa_cls *c);
void ioa_clsi_kick(struct ioa_cls *c, const struct vthr *v, uint64_t ts, int cat);
int ioa_clsi_delivers(const struct ioa_cls *c, const struct vthr *w, uint64_t t);
int ioa_clsi_in_irq(const struct ioa_cls *c, int cpu, uint64_t t);

#endif
