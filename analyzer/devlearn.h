/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Device accesses of the VMs (port I/O and MMIO exits) and what can be learnt about the
 * devices behind them. Pure: the classifier feeds it (ioa_cls_learn()), nothing here knows
 * SQL or a trace format.
 *
 * An address (a port, or a 4 KiB guest-physical page for MMIO) is named when the device map
 * or the built-in devices name it; otherwise it is an unknown device and its exits are no
 * evidence. Learning: an access at t is followed when I/O of its own VM of category c happens
 * in (t, t + window]: host-side I/O of the VM's threads (block issue, packets of its vhost,
 * tap, iothread, worker and vCPU threads) or, with a guest trace merged, a guest IRQ of a
 * named device. With hits h of n accesses and a base rate b (the share of the VM's active
 * span that lies within the window before such I/O: what a random moment would score), the
 * confidence of c is h/n - b: a VM doing I/O all the time (b near 1) teaches nothing, however
 * often its accesses are followed by I/O. The address is attributed to the best c when
 * h >= min_hits and the confidence >= min_conf. The device named is the I/O device behind
 * most of the hits (tap0, 254,0, virtio0-input.0).
 */
#ifndef IOA_DEVLEARN_H
#define IOA_DEVLEARN_H

#include <stddef.h>
#include <stdint.h>

#define IOA_LEARN_PAGE 4096u /* MMIO addresses are grouped by page */

enum { IOA_LEARN_PORT, IOA_LEARN_MMIO };

struct ioa_learn_params {
	uint64_t window_ns; /* look-ahead after an access (--learn-us, default 1000 µs) */
	int min_hits;	    /* attribution: at least this many followed accesses (5) */
	double min_conf;    /* ... and at least this confidence (0.5) */
};

void ioa_learn_params_default(struct ioa_learn_params *p);

/* one address of one VM, after ioa_learn_finish() */
struct ioa_learn_dev {
	int64_t vm_id;
	int kind;	     /* IOA_LEARN_PORT or IOA_LEARN_MMIO */
	uint64_t lo, hi;     /* the port, or the page */
	char name[64];	     /* who names it: built-in device name, "device map"; "" unknown */
	int cat;	     /* enum ioa_cat its exits counted for; IOA_CAT_NONE unknown / none */
	uint64_t exits;	     /* accesses */
	uint64_t exit_ns;    /* their time (exits without a duration count 0) */
	int learnt_cat;	     /* attributed category, IOA_CAT_NONE when nothing was learnt */
	char learnt_dev[32]; /* the I/O device behind most hits */
	uint64_t hits;	     /* accesses followed by I/O of learnt_cat (or of the best c) */
	double base;	     /* base rate of that c */
	double confidence;   /* hits/exits - base of that c, 0..1 */
};

struct ioa_learn;

struct ioa_learn *ioa_learn_new(const struct ioa_learn_params *p);
void ioa_learn_free(struct ioa_learn *l);

/**
 * ioa_learn_access() - a port (@kind IOA_LEARN_PORT) or MMIO access of VM @vm at @ts
 * @dur: exit time, 0 unknown; @name: who names the address ("" none); @cat: category its
 * exit counted for (IOA_CAT_NONE for an unknown device)
 */
void ioa_learn_access(struct ioa_learn *l, int64_t vm, int kind, uint64_t addr, uint64_t ts,
		      uint64_t dur, const char *name, int cat);

/* I/O of category @cat (an I/O component) by VM @vm at @ts through device @dev */
void ioa_learn_io(struct ioa_learn *l, int64_t vm, int cat, uint64_t ts, const char *dev);

/* the VM's vCPUs were active in [a, b] (the span the base rate is taken over) */
void ioa_learn_span(struct ioa_learn *l, int64_t vm, uint64_t a, uint64_t b);

/** ioa_learn_finish() - compute hits, base rates and attributions; then read the results */
void ioa_learn_finish(struct ioa_learn *l);
size_t ioa_learn_count(const struct ioa_learn *l);
/* results in (vm, kind, address) order */
const struct ioa_learn_dev *ioa_learn_get(const struct ioa_learn *l, size_t i);

#endif
