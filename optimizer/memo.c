// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The failed-state store of the exact search: the project's hash map (core/hmap.h) from task
 * sets to a list of (t, running tasks and their ends). Why it is sound: see bnb.c.
 */
#include <stdlib.h>
#include <string.h>

#include "memo.h"
#include "util.h"

#define FIRST_SETS 2048

void ioa_memo_init(struct ioa_memo *m, int n, size_t max_bytes)
{
	memset(m, 0, sizeof(*m));
	m->n = n;
	m->words = (n + 63) / 64;
	m->max_bytes = max_bytes;
	ioa_hmap_reserve(&m->map, FIRST_SETS);
}

void ioa_memo_release(struct ioa_memo *m)
{
	ioa_hmap_release(&m->map);
	free(m->sets);
	free(m->first);
	free(m->ent);
	free(m->run_task);
	free(m->run_end);
	memset(m, 0, sizeof(*m));
}

/* the index of @set (hash @h), -1 when it is not stored */
static long find_set(const struct ioa_memo *m, const uint64_t *set, uint32_t h)
{
	size_t sz = (size_t)m->words * sizeof(uint64_t);
	struct ioa_hmap_it it;
	long i;

	for (i = ioa_hmap_first(&m->map, h, &it); i >= 0; i = ioa_hmap_next(&m->map, &it))
		if (!memcmp(m->sets + (size_t)i * m->words, set, sz))
			return i;
	return -1;
}

static int dominates(const struct ioa_memo *m, const struct ioa_memo_ent *e, int64_t t,
		     const int64_t *end, int64_t T)
{
	int64_t d = m->shift ? T - e->T : 0;
	int r;

	if (t < e->t + d || (!m->shift && T > e->T))
		return 0;
	for (r = e->run; r < e->run + e->nrun; r++)
		if (IOA_MAX(end[m->run_task[r]], t) < m->run_end[r] + d)
			return 0;
	return 1;
}

int ioa_memo_dominated(const struct ioa_memo *m, const uint64_t *set, int64_t t, const int64_t *end,
		       int64_t T)
{
	long i = find_set(m, set, ioa_hash_words(set, (size_t)m->words));
	int e;

	if (i < 0)
		return 0;
	for (e = m->first[i]; e >= 0; e = m->ent[e].next)
		if (dominates(m, &m->ent[e], t, end, T))
			return 1;
	return 0;
}

static size_t bytes(const struct ioa_memo *m)
{
	return (size_t)m->nsets * ((size_t)m->words * 8 + sizeof(int)) +
	       m->map.cap * sizeof(struct ioa_hslot) +
	       (size_t)m->nent * sizeof(struct ioa_memo_ent) + (size_t)m->nrun * 12;
}

/* the index of @set, added when new */
static int set_index(struct ioa_memo *m, const uint64_t *set)
{
	uint32_t h = ioa_hash_words(set, (size_t)m->words);
	long i = find_set(m, set, h);

	if (i >= 0)
		return (int)i;
	if (m->sets_alloc <= m->nsets) {
		m->sets_alloc = m->sets_alloc ? 2 * m->sets_alloc : 256;
		m->sets = ioa_xrealloc(m->sets, (size_t)m->sets_alloc * m->words * 8);
	}
	IOA_GROW(m->first, m->nsets, m->first_alloc);
	memcpy(m->sets + (size_t)m->nsets * m->words, set, (size_t)m->words * 8);
	m->first[m->nsets] = -1;
	ioa_hmap_add(&m->map, h, (uint32_t)m->nsets);
	return m->nsets++;
}

void ioa_memo_add(struct ioa_memo *m, const uint64_t *set, int64_t t, const int64_t *end, int64_t T)
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
