// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The failed-state store of the exact search: an open-addressing table from task sets to a
 * list of (t, running tasks and their ends). Why it is sound: see bnb.c.
 */
#include <stdlib.h>
#include <string.h>

#include "memo.h"
#include "util.h"

#define FIRST_SLOTS 4096

void ioa_memo_init(struct ioa_memo *m, int n, size_t max_bytes)
{
	memset(m, 0, sizeof(*m));
	m->n = n;
	m->words = (n + 63) / 64;
	m->max_bytes = max_bytes;
	m->nslot = FIRST_SLOTS;
	m->slot = ioa_xcalloc(m->nslot, sizeof(*m->slot));
}

void ioa_memo_release(struct ioa_memo *m)
{
	free(m->slot);
	free(m->sets);
	free(m->first);
	free(m->ent);
	free(m->run_task);
	free(m->run_end);
	memset(m, 0, sizeof(*m));
}

static uint64_t set_hash(const uint64_t *set, int words)
{
	uint64_t h = 0x9e3779b97f4a7c15ull;
	int w;

	for (w = 0; w < words; w++) {
		h ^= set[w];
		h *= 0xff51afd7ed558ccdull;
		h ^= h >> 29;
	}
	return h;
}

/* the slot of @set: holding it, or the empty one where it belongs */
static size_t find_slot(const struct ioa_memo *m, const uint64_t *set)
{
	size_t mask = m->nslot - 1, i = (size_t)set_hash(set, m->words) & mask;
	size_t sz = (size_t)m->words * sizeof(uint64_t);

	while (m->slot[i] && memcmp(m->sets + (size_t)(m->slot[i] - 1) * m->words, set, sz))
		i = (i + 1) & mask;
	return i;
}

static void grow_slots(struct ioa_memo *m)
{
	int *old = m->slot;
	size_t i, n = m->nslot;

	m->nslot *= 2;
	m->slot = ioa_xcalloc(m->nslot, sizeof(*m->slot));
	for (i = 0; i < n; i++)
		if (old[i])
			m->slot[find_slot(m, m->sets + (size_t)(old[i] - 1) * m->words)] = old[i];
	free(old);
}

static int dominates(const struct ioa_memo *m, const struct ioa_memo_ent *e, int64_t t,
		     const int64_t *end, int64_t T)
{
	int r;

	if (t < e->t || T > e->T)
		return 0;
	for (r = e->run; r < e->run + e->nrun; r++)
		if (IOA_MAX(end[m->run_task[r]], t) < m->run_end[r])
			return 0;
	return 1;
}

int ioa_memo_dominated(const struct ioa_memo *m, const uint64_t *set, int64_t t,
		       const int64_t *end, int64_t T)
{
	size_t i = find_slot(m, set);
	int e;

	if (!m->slot[i])
		return 0;
	for (e = m->first[m->slot[i] - 1]; e >= 0; e = m->ent[e].next)
		if (dominates(m, &m->ent[e], t, end, T))
			return 1;
	return 0;
}

static size_t bytes(const struct ioa_memo *m)
{
	return (size_t)m->nsets * ((size_t)m->words * 8 + sizeof(int)) + m->nslot * sizeof(int) +
	       (size_t)m->nent * sizeof(struct ioa_memo_ent) + (size_t)m->nrun * 12;
}

/* the index of @set, added when new */
static int set_index(struct ioa_memo *m, const uint64_t *set)
{
	size_t i = find_slot(m, set);

	if (m->slot[i])
		return m->slot[i] - 1;
	if (m->sets_alloc <= m->nsets) {
		m->sets_alloc = m->sets_alloc ? 2 * m->sets_alloc : 256;
		m->sets = ioa_xrealloc(m->sets, (size_t)m->sets_alloc * m->words * 8);
	}
	IOA_GROW(m->first, m->nsets, m->first_alloc);
	memcpy(m->sets + (size_t)m->nsets * m->words, set, (size_t)m->words * 8);
	m->first[m->nsets] = -1;
	m->slot[i] = ++m->nsets;
	if ((size_t)m->nsets * 2 > m->nslot)
		grow_slots(m);
	return m->nsets - 1;
}

void ioa_memo_add(struct ioa_memo *m, const uint64_t *set, int64_t t, const int64_t *end,
		  int64_t T)
{
	struct ioa_memo_ent *e;
	int s, j;

	if (bytes(m) > m->max_bytes)
		return;
	s = set_index(m, set);
	IOA_GROW(m->ent, m->nent, m->ent_alloc);
	e = &m->ent[m->nent];
	e->t = t;
	e->T = T;
	e->run = m->nrun;
	e->nrun = 0;
	for (j = 0; j < m->n; j++) {
		if (!(set[j / 64] >> (j % 64) & 1) || end[j] <= t)
			continue;
		IOA_GROW(m->run_task, m->nrun, m->run_alloc);
		IOA_GROW(m->run_end, m->nrun, m->end_alloc);
		m->run_task[m->nrun] = j;
		m->run_end[m->nrun++] = end[j];
		e->nrun++;
	}
	e->next = m->first[s];
	m->first[s] = m->nent++;
}
