// SPDX-License-Identifier: GPL-3.0-or-later
/* The open-addressing index of hmap.h. */
#include "hmap.h"

#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "util.h"

#define FIRST_CAP 64

void ioa_hmap_release(struct ioa_hmap *m)
{
	free(m->slot);
	memset(m, 0, sizeof(*m));
}

static void put(struct ioa_hslot *slot, size_t mask, uint32_t hash, uint32_t idx1)
{
	size_t i = hash & mask;

	while (slot[i].idx1)
		i = (i + 1) & mask;
	slot[i].hash = hash;
	slot[i].idx1 = idx1;
}

static void rehash(struct ioa_hmap *m, size_t cap)
{
	struct ioa_hslot *old = m->slot;
	size_t i;

	m->slot = ioa_xcalloc(cap, sizeof(*m->slot));
	for (i = 0; i < m->cap; i++)
		if (old[i].idx1)
			put(m->slot, cap - 1, old[i].hash, old[i].idx1);
	m->cap = cap;
	free(old);
}

void ioa_hmap_reserve(struct ioa_hmap *m, size_t n)
{
	size_t cap = m->cap ? m->cap : FIRST_CAP;

	while (cap < 2 * n)
		cap *= 2;
	if (cap != m->cap)
		rehash(m, cap);
}

void ioa_hmap_add(struct ioa_hmap *m, uint32_t hash, uint32_t idx)
{
	if (2 * (m->nr + 1) > m->cap)
		ioa_hmap_reserve(m, m->nr + 1);
	put(m->slot, m->cap - 1, hash, idx + 1);
	m->nr++;
}

/* empty slot @i and move later entries of the run back so that every probe still finds them */
static void shift_back(struct ioa_hmap *m, size_t i)
{
	size_t mask = m->cap - 1, j = i, home;

	m->slot[i].idx1 = 0;
	for (;;) {
		j = (j + 1) & mask;
		if (!m->slot[j].idx1)
			return;
		home = m->slot[j].hash & mask;
		if (((j - home) & mask) >= ((j - i) & mask)) {
			m->slot[i] = m->slot[j];
			m->slot[j].idx1 = 0;
			i = j;
		}
	}
}

int ioa_hmap_del(struct ioa_hmap *m, uint32_t hash, uint32_t idx)
{
	size_t mask = m->cap - 1, i;

	if (!m->cap)
		return -1;
	for (i = hash & mask; m->slot[i].idx1; i = (i + 1) & mask) {
		if (m->slot[i].idx1 == idx + 1) {
			shift_back(m, i);
			m->nr--;
			return 0;
		}
	}
	return -1;
}

long ioa_hmap_next(const struct ioa_hmap *m, struct ioa_hmap_it *it)
{
	size_t mask = m->cap - 1;

	if (!m->cap)
		return -1;
	for (; m->slot[it->pos].idx1; it->pos = (it->pos + 1) & mask) {
		const struct ioa_hslot *s = &m->slot[it->pos];

		if (s->hash == it->hash) {
			it->pos = (it->pos + 1) & mask;
			return (long)s->idx1 - 1;
		}
	}
	return -1;
}

long ioa_hmap_first(const struct ioa_hmap *m, uint32_t hash, struct ioa_hmap_it *it)
{
	it->hash = hash;
	it->pos = m->cap ? hash & (m->cap - 1) : 0;
	return ioa_hmap_next(m, it);
}

uint32_t ioa_hash_u64(uint64_t x)
{
	return (uint32_t)ioa_mix64(x);
}

uint32_t ioa_hash_pair(uint64_t a, uint64_t b)
{
	return (uint32_t)ioa_mix64(ioa_mix64(a) ^ b);
}

uint32_t ioa_hash_words(const uint64_t *w, size_t n)
{
	uint64_t h = n;

	while (n--)
		h = ioa_mix64(h ^ *w++);
	return (uint32_t)h;
}

uint32_t ioa_hash_bytes(uint32_t h, const void *p, size_t n)
{
	const unsigned char *c = p;

	while (n--)
		h = (h ^ *c++) * 16777619u;
	return h;
}

uint32_t ioa_hash_str(const char *s)
{
	return ioa_hash_bytes(IOA_HASH_INIT, s, strlen(s));
}
