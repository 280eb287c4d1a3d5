/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Classification of vCPU run segments by I/O category: pure, no SQL, no library. A context
 * takes the threads, wake-up edges and vCPU segments of one trace, then its exits and I/O rows
 * streamed (I/O in time order), and gives each segment two labels: its own, from the evidence
 * inside it, and one in context: the label of the phase of its vCPU's timeline it falls in.
 *
 * The rule (every threshold is a field of struct ioa_cls_params, an option of the command):
 *  - evidence E_c(S), in ns per category c: the exit spans in S tagged c (an exit without a
 *    duration counts exit_ns), plus host I/O of S's VM overlapping S — block requests while in
 *    flight, each packet as io_ns around its time — issued by the VM's threads: its vCPU
 *    threads and its helpers. Helpers are found from the wake-up graph: a non-kernel thread
 *    that wakes the VM's threads and is woken by them, at least helper_wakes times and
 *    helper_frac of the VM's vCPU segments each way, and gets at least helper_share of all its
 *    wake-ups from them (this keeps out threads that merely ran when an interrupt woke a vCPU,
 *    or that talk to the VMM now and then: their wake-ups mostly come from elsewhere), or that
 *    shares a known tgid with a vCPU thread. Level 1 links to vCPU threads, level 2 also to
 *    level-1 helpers, and so on (QEMU: vCPU <-> main loop, main loop <- iothread, iothread
 *    <-> worker threads that issue the block requests: 3 levels).
 *    With a guest trace ingested with the host's, each guest event on a vCPU adds guest_ns to
 *    the host segment of that vCPU's thread holding its time: a block issue (block map), a
 *    packet (net map), an IRQ by its handler name (IRQ map: virtio*-req STORAGE, ...); its
 *    bytes count for utilisation, its count shows as "guest" in the evidence.
 *  - own label: argmax_c E_c over the I/O components when it reaches min_share of the busy
 *    time or min_ns; else the category of the wake-up that started S (its waker is a VM thread
 *    whose last I/O, issue or completion, lies within wake_ns before the wake-up; or the
 *    wake-up happened inside an IRQ or softirq handler of a mapped device); else OVERHEAD when
 *    the time of its OVERHEAD exits (local APIC, timers, interrupt windows, CPUID/CR/MSR; a
 *    host interrupt whose handler names no device) reaches the same threshold; else COMPUTE.
 *    IDLE exits (HLT, MWAIT, PAUSE) are taken out of the busy time and never scored.
 *    Exits to unknown devices (ports / MMIO the device map does not name) are no evidence.
 *  - kicks: I/O that a helper issues on behalf of a vCPU segment, followed along the wake-up
 *    chain (vCPU -> iothread -> worker; classify_kick.c): unlike time overlap, it tells the
 *    vCPUs of one VM apart.
 *  - context label (the phase label): each vCPU's timeline is split into phases by
 *    ioa_phase_split() (phase.h: Viterbi with a cost per phase change) over the segments'
 *    evidence events: 1 for a segment whose own label is I/O category c, plus kick_weight when
 *    it kicked I/O of c. A phase of category c needs c events at phase_rate per second or
 *    more, a change of phase costs phase_cost events (phase_switch times that for a change
 *    of I/O category), and a phase lasts at least phase_min_ns unless it is the first or
 *    the last of its vCPU. Every segment of an I/O phase gets its
 *    category; in a phase without I/O a segment keeps its own label unless that is an I/O
 *    category (then COMPUTE). With context 0 the own labels stand.
 *  - utilisation %: demand / capacity of the device map: bytes per second of the attributed
 *    block requests and packets (pro rata of their overlap), plus events per second where
 *    bytes are unknown (exits); in context the phase's demand over its time. COMPUTE is 0.
 *  - confidence: own, evidence labels 0.5 + 0.5 * (share of E among categories) * strength
 *    (E over twice the threshold, at most 1); wake-up labels 0.4; COMPUTE 0.5 * (1 - E_max /
 *    threshold). Context: in an I/O phase r / (r + phase_rate), r its rate of events of its
 *    category; in a phase without I/O phase_rate / (phase_rate + r), r the highest rate of any
 *    category; at least the own confidence when the labels agree.
 *
 * Memory: the vCPU segments of the trace with their accumulators (about 200 bytes each) and
 * the wake-up graph (one entry per waker/wakee pair); exits and I/O are streamed, only I/O rows
 * of the last second (reorder buffer) and in-flight block completions are held.
 */
#ifndef IOA_CLASSIFY_H
#define IOA_CLASSIFY_H

#include <stddef.h>
#include <stdint.h>

#include "db_classify.h"
#include "devmap.h"

struct ioa_cls_params {
	int context;	     /* 1 phase labels in context, 0 own labels only (--context) */
	double phase_rate;   /* events/s an I/O phase must sustain (--phase-rate, 25) */
	double phase_cost;   /* cost of a phase change in events (--phase-cost, 6) */
	double phase_switch; /* a change of I/O category costs this x phase_cost (--phase-switch, 2)
			      */
	uint64_t phase_min_ns; /* a phase lasts at least this (--phase-min-ms, 100) */
	double kick_weight;    /* events of a segment that kicked I/O (--kick-weight, 4) */
	double min_share;      /* own label: E_max >= min_share * busy (--min-share, 5 %) */
	uint64_t min_ns;       /* ... or E_max >= min_ns (--min-ns, 10 µs) */
	uint64_t exit_ns;      /* evidence of an exit without duration (--exit-ns, 5 µs) */
	uint64_t io_ns;	       /* evidence of one packet (--io-ns, 10 µs) */
	uint64_t guest_ns;   /* evidence of one guest event (--guest-ns, 10 µs; 0 ignores them) */
	uint64_t wake_ns;    /* look-back for a wake-up cause (--wake-us, 1 ms) */
	int helper_wakes;    /* helper: wake-ups each way >= this (--helper-wakes, 3) */
	double helper_frac;  /* ... and >= this share of the VM's vCPU segments (--helper-frac 1 %)
			      */
	double helper_share; /* ... and this share of its wake-ups by the VM (--helper-share 33 %)
			      */
	int helper_depth;    /* levels: 1 linked to vCPUs, 2 also to those... (--helper-depth 3) */
};

/** ioa_cls_params_default() - the documented defaults above */
void ioa_cls_params_default(struct ioa_cls_params *p);

/** ioa_cls_params_json() - the parameters as a JSON object (for classify_run.params) */
void ioa_cls_params_json(char *buf, size_t size, const struct ioa_cls_params *p);

struct ioa_cls_result {
	int64_t segment_id;
	int64_t vm_id;
	int vcpu;
	int tid;
	uint64_t start;
	uint64_t end;
	uint64_t busy_ns; /* duration minus IDLE exits */
	int cat;	  /* enum ioa_cat, in context */
	int own;	  /* enum ioa_cat, the segment alone */
	int wake_cat;	  /* category of its wake-up cause, IOA_CAT_NONE */
	double util_pct;
	double own_util_pct;
	double confidence;
	double own_confidence;
};

struct ioa_cls;

/**
 * ioa_cls_new() - a classification context for one trace
 * @map: borrowed, must outlive the context
 * Feed it with add_thread (all threads first), add_segment (every segment of the trace: the
 * wake-up graph is counted from all, vCPU ones are kept) and optionally add_edge, then
 * ioa_cls_prepare(), add_exit/add_io/add_guest, then ioa_cls_finish(). Free with ioa_cls_free().
 */
struct ioa_cls *ioa_cls_new(const struct ioa_cls_params *p, const struct ioa_devmap *map);
void ioa_cls_free(struct ioa_cls *c);

void ioa_cls_add_thread(struct ioa_cls *c, const struct ioa_cls_thread *t);
/* @e->n more wake-ups of e->tid by e->waker (segments already count theirs) */
void ioa_cls_add_edge(struct ioa_cls *c, const struct ioa_cls_edge *e);
/* counts its wake-up edge; keeps it when its thread is a vCPU thread */
void ioa_cls_add_segment(struct ioa_cls *c, const struct ioa_cls_seg *s);

/** ioa_cls_prepare() - sort the segments, find the helper threads of each VM */
void ioa_cls_prepare(struct ioa_cls *c);

void ioa_cls_add_exit(struct ioa_cls *c, const struct ioa_cls_exit *e);
/* rows in ts order, or out of order by less than IOA_CLS_REORDER_NS (1 s): they are
 * reordered; a row later than that still counts as evidence, its wake-up effect may be lost */
void ioa_cls_add_io(struct ioa_cls *c, const struct ioa_cls_io *io);

/* a guest event on a vCPU (after prepare, any order): evidence for the host segment of
 * @g->host_tid that holds its time, nothing when that thread is not a vCPU or did not run */
void ioa_cls_add_guest(struct ioa_cls *c, const struct ioa_cls_guest_io *g);

struct ioa_learn;
/**
 * ioa_cls_set_learn() - also feed @l (devlearn.h, borrowed) with the VMs' port and MMIO
 * accesses (named or not, and the category they counted for), their host I/O and guest IRQs,
 * and the span of each VM's vCPUs; call before the exits, finish @l after ioa_cls_finish()
 */
void ioa_cls_set_learn(struct ioa_cls *c, struct ioa_learn *l);

/** ioa_cls_finish() - own labels, then labels in context */
void ioa_cls_finish(struct ioa_cls *c);

/* results in (vCPU, start) order */
size_t ioa_cls_count(const struct ioa_cls *c);
void ioa_cls_result(const struct ioa_cls *c, size_t i, struct ioa_cls_result *r);

/**
 * ioa_cls_evidence() - the JSON evidence of result @i
 * @own: 1 the segment's own evidence: {"busy_ns":..,"idle_ns":..,"ns":{CAT:..},"n":{CAT:..},
 *       "bytes":{CAT:..},"guest":{CAT:..},"kick":{CAT:..},"wake":CAT} (empty parts left out;
 *       "guest" counts guest events, their time is in "ns"); 0 the context: the phase it is
 *       in, {"phase":CAT|"none","from_ns":..,"to_ns":..,"segments":..,"rate":{CAT:..},
 *       "min_rate":..}, rate = evidence events per second of each category in the phase
 * Returns the length written (truncated to @size - 1).
 */
int ioa_cls_evidence(char *buf, size_t size, const struct ioa_cls *c, size_t i, int own);

/**
 * ioa_cls_helpers() - helper threads found for @vm_id
 * Writes at most @max tids; returns how many there are.
 */
int ioa_cls_helpers(const struct ioa_cls *c, int64_t vm_id, int *tids, int max);

/* per VM: busy time per category in context and alone, and mean utilisation in context */
struct ioa_cls_vm_sum {
	int64_t vm_id;
	int vcpus;
	int helpers;
	int64_t segments;
	uint64_t busy_ns;
	uint64_t overhead_ns; /* time in OVERHEAD exits (virtualisation mechanics) */
	uint64_t ctx_ns[IOA_CAT_NR];
	uint64_t own_ns[IOA_CAT_NR];
	double util_ns[IOA_CAT_NR]; /* sum of util_pct * busy_ns in context */
};

/** ioa_cls_summary() - fills @out (allocated, @*n entries); free() it */
void ioa_cls_summary(const struct ioa_cls *c, struct ioa_cls_vm_sum **out, size_t *n);

#endif
