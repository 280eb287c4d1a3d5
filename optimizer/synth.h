/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Synthetic scenarios: vCPU tasks of the six I/O categories (plus COMPUTE) generated from
 * documented parameters and a seed, and the paper preset. Reproducible byte for byte across
 * runs and machines: the project's PRNG (core/rng.h) and integer arithmetic only (no libm,
 * no floating point whose rounding could differ between FPUs or with FMA contraction): times are
 * integer ns, utilisations integer tenths of a percent.
 *
 * Model: VMs x vCPUs chains. Each vCPU has a period (the base period times 1, 2 or 4: harmonic
 * control loops) and a dominant category drawn from the mix; a task takes the dominant category
 * with probability dominant_pct %, else one drawn from the mix. Arrivals are periodic (phase
 * uniform in the period, each job jittered by up to +-jitter_pct % of the period) or Poisson
 * (exponential inter-arrival times with the vCPU's period as mean). A task's duration is
 * load_a..load_b % of its vCPU's period, its deadline (when with_deadlines) the end of its
 * period. Utilisation: uniform in [a, b], normal(mean a, sd b) clamped to [0.1, 100] % (sum of
 * 12 uniforms), or the constant a. COMPUTE tasks have 0 %.
 */
#ifndef IOA_SYNTH_H
#define IOA_SYNTH_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "instance.h"

enum ioa_synth_dist {
	IOA_DIST_UNIFORM = 0,
	IOA_DIST_NORMAL,
	IOA_DIST_CONST,
};

enum ioa_synth_arrival {
	IOA_ARRIVAL_PERIODIC = 0,
	IOA_ARRIVAL_POISSON,
};

struct ioa_synth_params {
	int vms;	    /* VMs (default 4) */
	int vcpus;	    /* vCPUs per VM (2) */
	int tasks;	    /* tasks in all (200) */
	int pcpus;	    /* P of the scenario (4) */
	int mix[IOA_NCAT];  /* category weights RAM..CACHE, COMPUTE (1 each, COMPUTE 1) */
	int util_dist;	    /* enum ioa_synth_dist (uniform) */
	int util_a, util_b; /* tenths of %: uniform [a, b] / normal mean a, sd b / const a */
	int arrival;	    /* enum ioa_synth_arrival (periodic) */
	int64_t period_ns;  /* base period (10 ms) */
	int jitter_pct;	    /* periodic jitter, % of the period (10) */
	int load_a, load_b; /* duration, % of the period (10..40) */
	int dominant_pct;   /* probability of the vCPU's dominant category (75) */
	int with_deadlines; /* deadline = end of the period (1) */
	uint64_t seed;	    /* (1) */
};

struct ioa_synth_task {
	int64_t release_ns, dur_ns;
	int64_t deadline_ns; /* -1 none */
	int cat;	     /* 0..IOA_NCAT-1 */
	int util_tenths;     /* utilisation in 0.1 % */
	int vm, vcpu, chain; /* vm 0.., vcpu index in the VM, chain = vm * vcpus + vcpu */
};

void ioa_synth_defaults(struct ioa_synth_params *p);

/* "RAM=2,GPU=1,COMPUTE=0" (missing categories keep their weight); IOA_EUSAGE on errors */
int ioa_synth_parse_mix(struct ioa_synth_params *p, const char *s, struct ioa_err *err);
/* "uniform:A:B", "normal:MEAN:SD", "const:X" in %; IOA_EUSAGE on errors */
int ioa_synth_parse_dist(struct ioa_synth_params *p, const char *s, struct ioa_err *err);

/**
 * ioa_synth_generate() - generate a scenario's tasks
 * @out: [*n] tasks in (release, chain) order, freed by the caller
 * Returns 0 or IOA_EUSAGE for parameters out of range (message in @err).
 */
int ioa_synth_generate(const struct ioa_synth_params *p, struct ioa_synth_task **out, int *n,
		       struct ioa_err *err);

/**
 * ioa_synth_paper() - the paper's experiment (see README, "synth --preset paper")
 * @out: [*n] tasks, freed by the caller; @pcpus: 4
 */
void ioa_synth_paper(struct ioa_synth_task **out, int *n, int *pcpus);

/* the parameters as a JSON object into @buf */
void ioa_synth_params_json(const struct ioa_synth_params *p, char *buf, size_t size);

#endif
