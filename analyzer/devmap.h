/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The device map: which devices, IRQ names, block devices, network devices, I/O ports and
 * MMIO windows belong to which I/O component (category), and what each component can carry
 * (its capacity). Built-in defaults cover the usual names (virtio, NVMe, NICs, GPUs, serial
 * and fieldbus controllers); a small text file adds rules in front of them and overrides
 * capacities. Pure: parsing a buffer and looking names up; only ioa_devmap_load() reads a file.
 *
 * File format (one rule per line, '#' starts a comment, fields separated by blanks):
 *
 *   irq      PATTERN            CATEGORY     # IRQ handler name (irq_handler_entry name=)
 *   softirq  PATTERN            CATEGORY     # softirq vector name (BLOCK, NET_RX, ...)
 *   block    PATTERN            CATEGORY     # block device "major,minor" or a name
 *   net      PATTERN            CATEGORY     # network device name (tap0, vnet3, lo)
 *   port     LO[-HI]            CATEGORY     # guest I/O port range (0x3f8-0x3ff)
 *   mmio     LO[-HI]            CATEGORY     # guest-physical MMIO window
 *   exit     PATTERN            CATEGORY     # exit reason name (APIC_WRITE, npf, KVM_EXIT_IO;
 *                                            # case-insensitive)
 *   capacity CATEGORY VALUE UNIT             # UNIT bytes/s, bit/s or events/s; VALUE may
 *                                            # end in k, M, G (powers of 1000)
 *
 * PATTERN is a shell glob (fnmatch). CATEGORY is RAM, ETHERNET, BUS, GPU, STORAGE, CACHE,
 * OVERHEAD (per-vCPU virtualisation mechanics: shown, never a component) or NONE (no
 * evidence). Rules of the file are searched before the built-in ones, in file order; the first
 * match wins. Port and MMIO rules come first, then exit rules; what no file rule matches falls
 * back to the tables of kvm_decode.c, i.e. to the category ingest stored.
 */
#ifndef IOA_DEVMAP_H
#define IOA_DEVMAP_H

#include <stdint.h>

#include "error.h"

/*
 * categories; the first IOA_CAT_IO_NR are I/O components with a capacity. COMPUTE (no
 * dominant evidence) and OVERHEAD (virtualisation mechanics) are no component: the optimizer
 * never serialises them against anything.
 */
enum ioa_cat {
	IOA_CAT_NONE = -1,
	IOA_CAT_RAM = 0,
	IOA_CAT_ETHERNET,
	IOA_CAT_BUS,
	IOA_CAT_GPU,
	IOA_CAT_STORAGE,
	IOA_CAT_CACHE,
	IOA_CAT_IO_NR,
	IOA_CAT_COMPUTE = IOA_CAT_IO_NR,
	IOA_CAT_OVERHEAD,
	IOA_CAT_NR,
};

enum ioa_devmap_kind {
	IOA_DM_IRQ,
	IOA_DM_SOFTIRQ,
	IOA_DM_BLOCK,
	IOA_DM_NET,
	IOA_DM_PORT,
	IOA_DM_MMIO,
	IOA_DM_EXIT,
	IOA_DM_KIND_NR,
};

struct ioa_devmap_rule {
	int kind;	  /* enum ioa_devmap_kind */
	char pattern[64]; /* glob for names */
	uint64_t lo, hi;  /* port / MMIO range, inclusive */
	int cat;	  /* enum ioa_cat, IOA_CAT_NONE for "no evidence" */
	int builtin;	  /* 1: a default rule */
};

struct ioa_devmap {
	struct ioa_devmap_rule *rules;
	int nr, alloc;
	double bytes_per_s[IOA_CAT_IO_NR];  /* capacity where bytes are known, 0 none */
	double events_per_s[IOA_CAT_IO_NR]; /* capacity where only events are counted */
};

/** ioa_cat_name() - "STORAGE" for IOA_CAT_STORAGE, ...; "NONE" for IOA_CAT_NONE */
const char *ioa_cat_name(int cat);

/** ioa_cat_parse() - category from its name (case-insensitive); -2 when unknown */
int ioa_cat_parse(const char *name);

/**
 * ioa_devmap_init() - the built-in map: default rules and capacities (see devmap.c)
 * Release with ioa_devmap_release().
 */
void ioa_devmap_init(struct ioa_devmap *m);
void ioa_devmap_release(struct ioa_devmap *m);

/**
 * ioa_devmap_parse() - add the rules and capacities of a map text in front of the defaults
 * @name: file name for messages
 *
 * Returns 0, or IOA_EINPUT with "NAME:LINE: why" in @err; @m keeps the lines before the bad one.
 */
int ioa_devmap_parse(struct ioa_devmap *m, const char *text, const char *name, struct ioa_err *err);

/** ioa_devmap_load() - ioa_devmap_parse() of a file; IOA_EIO when it cannot be read */
int ioa_devmap_load(struct ioa_devmap *m, const char *path, struct ioa_err *err);

/**
 * ioa_devmap_name() - category of a named device of one kind (IRQ, softirq, block, net;
 * exit reasons match case-insensitively)
 * Returns the category, IOA_CAT_NONE when no rule matches or the rule says NONE.
 */
int ioa_devmap_name(const struct ioa_devmap *m, int kind, const char *name);

/**
 * ioa_devmap_exit() - category of an exit reason by the FILE's exit rules (there are no
 * built-in ones: kvm_decode.c's rows are the defaults)
 * Returns the category, IOA_CAT_NONE for a NONE rule, or -2 when no rule matches.
 */
int ioa_devmap_exit(const struct ioa_devmap *m, const char *reason);

/**
 * ioa_devmap_addr() - category of a port or MMIO address by the FILE's rules only
 * Returns the category, IOA_CAT_NONE for a NONE rule, or -2 when no file rule matches (then the
 * category ingest derived from kvm_decode's tables stands).
 */
int ioa_devmap_addr(const struct ioa_devmap *m, int kind, uint64_t addr);

#endif
