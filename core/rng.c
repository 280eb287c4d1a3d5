// SPDX-License-Identifier: GPL-3.0-or-later
/* xoshiro256** seeded by splitmix64, and the distributions drawn from it (rng.h). */
#include "rng.h"

#define LN2_Q32 UINT64_C(2977044472) /* round(ln 2 * 2^32) */

uint64_t ioa_mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static uint64_t splitmix64(uint64_t *x)
{
	return ioa_mix64(*x += UINT64_C(0x9e3779b97f4a7c15));
}

void ioa_rng_seed(struct ioa_rng *r, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t ioa_rng_next(struct ioa_rng *r)
{
	uint64_t *s = r->s;
	uint64_t res = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return res;
}

uint64_t ioa_rng_below(struct ioa_rng *r, uint64_t n)
{
	return n ? (uint64_t)(((unsigned __int128)ioa_rng_next(r) * n) >> 64) : 0;
}

/* log2(u) in Q32 for u >= 1, by repeated squaring of the mantissa */
static uint64_t log2_q32(uint64_t u)
{
	int e = 63 - __builtin_clzll(u), i;
	uint64_t m = e <= 62 ? u << (62 - e) : u >> 1; /* Q62 mantissa in [1, 2) */
	uint64_t frac = 0;

	for (i = 1; i <= 32; i++) {
		m = (uint64_t)(((unsigned __int128)m * m) >> 62);
		if (m >= (UINT64_C(1) << 63)) {
			m >>= 1;
			frac |= UINT64_C(1) << (32 - i);
		}
	}
	return ((uint64_t)e << 32) | frac;
}

uint64_t ioa_rng_exp_q32(struct ioa_rng *r)
{
	uint64_t u = (ioa_rng_next(r) >> 11) + 1; /* (0, 2^53] */
	uint64_t y = (UINT64_C(53) << 32) - log2_q32(u);

	return (uint64_t)(((unsigned __int128)y * LN2_Q32) >> 32);
}
