// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Unit tests of the project's hash map (core/hmap.c): random adds and deletes checked against
 * a plain array after every step (a deleted item is never found, a present one always, once),
 * many items under one hash (probe chains across the wrap of the table), growth and reserve,
 * and the key hashes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hmap.h"
#include "rng.h"

#define NKEYS 3000

/* how many times item @idx is found under @hash */
static int found(const struct ioa_hmap *m, uint32_t hash, long idx)
{
	struct ioa_hmap_it it;
	long i;
	int n = 0;

	for (i = ioa_hmap_first(m, hash, &it); i >= 0; i = ioa_hmap_next(m, &it))
		n += i == idx;
	return n;
}

/* hashes that collide often: 12 bits of the key's mix */
static uint32_t weak_hash(uint64_t key)
{
	return ioa_hash_u64(key) & 0xfff;
}

static void test_random_ops(void **state)
{
	static uint64_t key[NKEYS];
	static char in[NKEYS];
	struct ioa_hmap m = { 0 };
	struct ioa_rng r;
	size_t nr = 0;
	int step, i;

	(void)state;
	ioa_rng_seed(&r, 2026);
	for (i = 0; i < NKEYS; i++)
		key[i] = ioa_rng_next(&r);
	for (step = 0; step < 20000; step++) {
		i = (int)ioa_rng_below(&r, NKEYS);
		if (!in[i]) {
			ioa_hmap_add(&m, weak_hash(key[i]), (uint32_t)i);
			in[i] = 1;
			nr++;
		} else if (ioa_rng_below(&r, 3)) { /* deletes a little rarer than adds */
			assert_int_equal(ioa_hmap_del(&m, weak_hash(key[i]), (uint32_t)i), 0);
			in[i] = 0;
			nr--;
		}
		assert_int_equal(m.nr, nr);
		assert_true(2 * m.nr <= m.cap);
		if (step % 500 == 0 || step > 19900)
			for (i = 0; i < NKEYS; i++)
				assert_int_equal(found(&m, weak_hash(key[i]), i), in[i]);
	}
	assert_int_equal(ioa_hmap_del(&m, 1, NKEYS + 1), -1);
	ioa_hmap_release(&m);
	assert_null(m.slot);
}

/* 200 items of one hash in a table whose run wraps around its end */
static void test_one_hash(void **state)
{
	struct ioa_hmap m = { 0 };
	uint32_t h = 0xffffffffu;
	int i;

	(void)state;
	for (i = 0; i < 200; i++)
		ioa_hmap_add(&m, h, (uint32_t)i);
	for (i = 0; i < 200; i += 2)
		assert_int_equal(ioa_hmap_del(&m, h, (uint32_t)i), 0);
	for (i = 0; i < 200; i++)
		assert_int_equal(found(&m, h, i), i % 2);
	assert_int_equal(found(&m, h ^ 1, 1), 0);
	ioa_hmap_release(&m);
}

static void test_empty_and_reserve(void **state)
{
	struct ioa_hmap m = { 0 };
	struct ioa_hmap_it it;
	size_t cap;
	int i;

	(void)state;
	assert_int_equal(ioa_hmap_first(&m, 5, &it), -1);
	assert_int_equal(ioa_hmap_del(&m, 5, 0), -1);
	ioa_hmap_reserve(&m, 1000);
	cap = m.cap;
	assert_true(cap >= 2000 && (cap & (cap - 1)) == 0);
	for (i = 0; i < 1000; i++)
		ioa_hmap_add(&m, ioa_hash_u64((uint64_t)i), (uint32_t)i);
	assert_int_equal(m.cap, cap); /* reserved: no growth */
	ioa_hmap_add(&m, ioa_hash_u64(1000), 1000);
	assert_int_equal(m.cap, cap); /* 1001 of 2048 */
	for (i = 0; i <= 1000; i++)
		assert_int_equal(found(&m, ioa_hash_u64((uint64_t)i), i), 1);
	ioa_hmap_release(&m);
}

static void test_key_hashes(void **state)
{
	(void)state;
	/* FNV-1a 32-bit reference values */
	assert_int_equal(ioa_hash_str(""), 0x811c9dc5u);
	assert_int_equal(ioa_hash_str("a"), 0xe40c292cu);
	assert_int_equal(ioa_hash_str("foobar"), 0xbf9cf968u);
	/* pieces hash as their concatenation */
	assert_int_equal(
		ioa_hash_bytes(ioa_hash_bytes(IOA_HASH_INIT, "sched:", 6), "sched_switch", 12),
		ioa_hash_str("sched:sched_switch"));
	assert_int_not_equal(ioa_hash_u64(1), ioa_hash_u64(2));
	assert_int_not_equal(ioa_hash_pair(1, 2), ioa_hash_pair(2, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_ops),
		cmocka_unit_test(test_one_hash),
		cmocka_unit_test(test_empty_and_reserve),
		cmocka_unit_test(test_key_hashes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
