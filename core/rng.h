/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The project's one pseudo-random generator: xoshiro256** (Blackman & Vigna) seeded by
 * splitmix64. Integer arithmetic only, so a seed gives the same sequence on every machine;
 * synth, sweep --random, the --repeat offsets and the optimizer's randomised passes all draw
 * from it, and what they document depends on that sequence (tests/test_rng.c pins it).
 */
#ifndef IOA_RNG_H
#define IOA_RNG_H

#include <stdint.h>

struct ioa_rng {
	uint64_t s[4];
};

/* any seed, 0 included, gives a valid state */
void ioa_rng_seed(struct ioa_rng *r, uint64_t seed);
uint64_t ioa_rng_next(struct ioa_rng *r);
/* uniform integer in [0, n) by multiply-shift (0 when n is 0) */
uint64_t ioa_rng_below(struct ioa_rng *r, uint64_t n);
/* -ln(U) for U uniform in (0, 1], in Q32 fixed point (integer arithmetic only) */
uint64_t ioa_rng_exp_q32(struct ioa_rng *r);

/* splitmix64's output function: a 64-bit bijective mix, also the hash of integer keys */
uint64_t ioa_mix64(uint64_t x);

#endif
