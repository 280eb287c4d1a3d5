/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The optimizer's own model of a scheduling instance: RCPSP with release dates. Tasks have a
 * release, a duration, demands on R renewable resources of fixed capacity, finish-to-start
 * precedences, optional deadlines and optional pCPU pinning. A vCPU instance is built from
 * segments by ioa_inst_vcpu(): resource 0 is the pCPUs (capacity P, demand 1), then one
 * resource per I/O category (strict: unary; overlap: capacity cap, demand util %), then one
 * unary resource per pCPU that has pinned tasks. A PSPLIB instance is read by ioa_psplib_read().
 * Nothing here knows about SQLite or GLPK.
 */
#ifndef IOA_INSTANCE_H
#define IOA_INSTANCE_H

#include <stdint.h>

#include "error.h"

#define IOA_NCAT 7   /* RAM, ETHERNET, BUS, GPU, STORAGE, CACHE, COMPUTE */
#ifndef IOA_DEVMAP_H /* analyzer/devmap.h has it as an enum (same value) */
#define IOA_CAT_COMPUTE 6
#endif
#define IOA_NONE (-1)
#define IOA_UNSET INT64_MIN

enum ioa_mode {
	IOA_MODE_RCPSP = 0, /* plain resources (PSPLIB) */
	IOA_MODE_STRICT,    /* each I/O category unary, COMPUTE unconstrained */
	IOA_MODE_OVERLAP,   /* each I/O category cumulative: capacity cap, demand util % */
	IOA_MODE_EDF,	    /* strict + hard deadlines */
};

struct ioa_task {
	int64_t release;  /* earliest start */
	int64_t dur;	  /* duration, >= 0 */
	int64_t deadline; /* latest finish, IOA_NONE when none */
	int cat;	  /* category index 0..IOA_NCAT-1, IOA_NONE for PSPLIB */
	int util;	  /* utilisation % of the category's component */
	int chain;	  /* vCPU id (chain), IOA_NONE when none */
	int pin;	  /* pinned pCPU, IOA_NONE when free */
};

struct ioa_inst {
	char name[128];
	int n;	  /* tasks */
	int nres; /* renewable resources */
	struct ioa_task *task;
	int *cap; /* [nres] */
	int *dem; /* [n * nres] demand of task j on resource k */
	/* precedences in CSR form, built by ioa_inst_finalize() */
	int *succ_off, *succ; /* successors of j: succ[succ_off[j] .. succ_off[j+1]) */
	int *pred_off, *pred;
	int *topo; /* a topological order */
	int *rank; /* rank[j] = position of j in topo */
	/* vCPU instances */
	int mode;     /* enum ioa_mode */
	int pcpus;    /* P, 0 for PSPLIB */
	int res_pcpu; /* pCPU resource or IOA_NONE */
	int res_cat;  /* resource of category 0 (categories are consecutive) or IOA_NONE */
	int cat_cap;  /* capacity of a category resource in overlap mode */
	int res_pin;  /* first pin resource or IOA_NONE; pin resource of pCPU c in pin_res */
	int *pin_res; /* [pcpus] resource of pinned tasks of pCPU c, IOA_NONE if none */
	/* edges collected before finalize */
	int *ea, *eb;
	int ne, ealloc;
};

/* one vCPU segment, the input of ioa_inst_vcpu() */
struct ioa_vtask {
	int64_t release, dur, deadline; /* deadline IOA_NONE when none */
	int cat, util, chain, pin;	/* chain = vCPU id; pin IOA_NONE when free */
};

/**
 * ioa_inst_init() - allocate an instance of @n tasks and @nres resources, all zero
 * Tasks start with release 0, no deadline, category/chain/pin IOA_NONE. Free with
 * ioa_inst_release().
 */
void ioa_inst_init(struct ioa_inst *inst, int n, int nres);
void ioa_inst_release(struct ioa_inst *inst);

/* add the precedence a -> b (b starts after a finishes) */
void ioa_inst_add_prec(struct ioa_inst *inst, int a, int b);

/**
 * ioa_inst_finalize() - validate and build the precedence graph
 * Returns 0, or IOA_EINPUT with a message when a demand exceeds its capacity, a duration or
 * release is negative, an edge is out of range or the precedences have a cycle.
 */
int ioa_inst_finalize(struct ioa_inst *inst, struct ioa_err *err);

/**
 * ioa_inst_vcpu() - build a vCPU instance from segments
 * @v: @n segments; segments with the same chain form a chain in release order
 * @pcpus: P; @mode: IOA_MODE_STRICT, _OVERLAP or _EDF; @cap: category capacity in overlap mode
 * Returns 0 or IOA_EINPUT (message in @err). Finalized on success.
 */
int ioa_inst_vcpu(struct ioa_inst *inst, const struct ioa_vtask *v, int n, int pcpus, int mode,
		  int cap, struct ioa_err *err);

static inline int ioa_dem(const struct ioa_inst *inst, int j, int k)
{
	return inst->dem[(int64_t)j * inst->nres + k];
}

/*
 * Category names in index order, "COMPUTE" last. ioa_cat_name() is defined once, by the
 * analyzer (devmap.c), with the same indices; ioa_cat_index() returns IOA_NONE when unknown
 * and IOA_CAT_COMPUTE for "OVERHEAD" (per-vCPU virtualisation mechanics are no component,
 * so they are never serialised against anything).
 */
const char *ioa_cat_name(int cat);
int ioa_cat_index(const char *name);

#endif
