/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The project's one hash map: an open-addressing index over items the caller keeps in its own
 * array. A slot holds an item's index and the 32-bit hash of its key, so the map grows and
 * deletes without calling back, and a lookup compares keys only when the hashes are equal:
 *
 *	for (i = ioa_hmap_first(&m, h, &it); i >= 0; i = ioa_hmap_next(&m, &it))
 *		if (items[i].key == key)
 *			return &items[i];
 *
 * Linear probing, load at most 1/2, backward-shift deletion (no tombstones). A zeroed struct
 * is an empty map.
 */
#ifndef IOA_HMAP_H
#define IOA_HMAP_H

#include <stddef.h>
#include <stdint.h>

struct ioa_hslot {
	uint32_t hash;
	uint32_t idx1; /* item index + 1, 0: empty */
};

struct ioa_hmap {
	struct ioa_hslot *slot; /* [cap], cap a power of two (0 before the first add) */
	size_t cap, nr;
};

/* where a walk over the items of one hash is */
struct ioa_hmap_it {
	size_t pos;
	uint32_t hash;
};

void ioa_hmap_release(struct ioa_hmap *m);

/* make room for @n items without growing again */
void ioa_hmap_reserve(struct ioa_hmap *m, size_t n);

/* index item @idx under @hash (an item already there is not looked for: add it once) */
void ioa_hmap_add(struct ioa_hmap *m, uint32_t hash, uint32_t idx);

/* remove item @idx, indexed under @hash; 0, or -1 when it is not there */
int ioa_hmap_del(struct ioa_hmap *m, uint32_t hash, uint32_t idx);

/* the items indexed under @hash, in probe order: an index, -1 after the last */
long ioa_hmap_first(const struct ioa_hmap *m, uint32_t hash, struct ioa_hmap_it *it);
long ioa_hmap_next(const struct ioa_hmap *m, struct ioa_hmap_it *it);

/* hashes of keys: an integer, bytes, a string */
uint32_t ioa_hash_u64(uint64_t x);
/* a key of two integers */
uint32_t ioa_hash_pair(uint64_t a, uint64_t b);
/* a key of @n 64-bit words (a bit set) */
uint32_t ioa_hash_words(const uint64_t *w, size_t n);
#define IOA_HASH_INIT 2166136261u
/* FNV-1a of @n bytes continuing from @h (IOA_HASH_INIT to start): keys made of pieces */
uint32_t ioa_hash_bytes(uint32_t h, const void *p, size_t n);
uint32_t ioa_hash_str(const char *s);

#endif
