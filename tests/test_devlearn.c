// SPDX-License-Identifier: GPL-3.0-or-later
/* Unit tests of analyzer/devlearn.c: grouping of accesses, hits, base rates, attribution. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "devlearn.h"
#include "devmap.h"

#define US 1000ULL
#define MS 1000000ULL

static const struct ioa_learn_dev *find(const struct ioa_learn *l, int64_t vm, int kind,
					uint64_t lo)
{
	size_t i;

	for (i = 0; i < ioa_learn_count(l); i++) {
		const struct ioa_learn_dev *d = ioa_learn_get(l, i);

		if (d->vm_id == vm && d->kind == kind && d->lo == lo)
			return d;
	}
	fail_msg("no address 0x%llx of vm %lld", (unsigned long long)lo, (long long)vm);
	return NULL;
}

/*
 * 100 ms of vm 1: every 10 ms an access to page 0xfebf1000 then 50 µs later a tap0 packet; an
 * access to port 0xc050 5 ms after each packet (never followed within 1 ms); vm 2 accesses the
 * same page but does no I/O. Base rate of ETHERNET for vm 1: 10 windows of 1 ms in 100 ms.
 */
static void test_learn(void **state)
{
	struct ioa_learn_params p;
	const struct ioa_learn_dev *d;
	struct ioa_learn *l;
	uint64_t t;

	(void)state;
	ioa_learn_params_default(&p);
	l = ioa_learn_new(&p);
	ioa_learn_span(l, 1, 0, 100 * MS);
	ioa_learn_span(l, 2, 0, 100 * MS);
	for (t = 0; t < 100 * MS; t += 10 * MS) {
		ioa_learn_access(l, 1, IOA_LEARN_MMIO, 0xfebf1004 + t % 8, t + MS, 2 * US, "",
				 IOA_CAT_NONE);
		ioa_learn_io(l, 1, IOA_CAT_ETHERNET, t + MS + 50 * US, "tap0");
		ioa_learn_access(l, 1, IOA_LEARN_PORT, 0xc050, t + 6 * MS, 0, "", IOA_CAT_NONE);
		ioa_learn_access(l, 2, IOA_LEARN_MMIO, 0xfebf1000, t + MS, 0, "", IOA_CAT_NONE);
		ioa_learn_access(l, 1, IOA_LEARN_PORT, 0x3f8, t + 2 * MS, 0, "COM1 serial",
				 IOA_CAT_BUS);
	}
	ioa_learn_io(l, 1, IOA_CAT_STORAGE, 50 * MS, "254,0"); /* one disk request: too few */
	ioa_learn_finish(l);
	assert_int_equal(ioa_learn_count(l), 4);
	d = find(l, 1, IOA_LEARN_MMIO, 0xfebf1000);
	assert_int_equal(d->hi, 0xfebf1fff);
	assert_int_equal(d->exits, 10);
	assert_int_equal(d->exit_ns, 20 * US);
	assert_int_equal(d->hits, 10);
	assert_true(d->base > 0.0999 && d->base < 0.1001);
	assert_true(d->confidence > 0.8999 && d->confidence < 0.9001); /* 1 - 0.1 */
	assert_int_equal(d->learnt_cat, IOA_CAT_ETHERNET);
	assert_string_equal(d->learnt_dev, "tap0");
	assert_string_equal(d->name, "");
	d = find(l, 1, IOA_LEARN_PORT, 0xc050);
	assert_int_equal(d->learnt_cat, IOA_CAT_NONE);
	assert_int_equal(d->hits, 0); /* the disk request at 50 ms is 4 ms after the one at 46 */
	d = find(l, 2, IOA_LEARN_MMIO, 0xfebf1000); /* another VM's I/O never counts */
	assert_int_equal(d->hits, 0);
	assert_int_equal(d->learnt_cat, IOA_CAT_NONE);
	d = find(l, 1, IOA_LEARN_PORT, 0x3f8);
	assert_string_equal(d->name, "COM1 serial");
	assert_int_equal(d->cat, IOA_CAT_BUS);
	ioa_learn_free(l);
}

/* I/O all the time: a random moment scores as well as the access, so nothing is learnt */
static void test_busy_base(void **state)
{
	struct ioa_learn_params p;
	const struct ioa_learn_dev *d;
	struct ioa_learn *l;
	uint64_t t;

	(void)state;
	ioa_learn_params_default(&p);
	l = ioa_learn_new(&p);
	ioa_learn_span(l, 1, 0, 10 * MS);
	for (t = 0; t < 10 * MS; t += 100 * US)
		ioa_learn_io(l, 1, IOA_CAT_STORAGE, t, "254,0");
	for (t = 0; t < 10 * MS; t += MS)
		ioa_learn_access(l, 1, IOA_LEARN_PORT, 0x1234, t + 10 * US, 0, "", IOA_CAT_NONE);
	ioa_learn_finish(l);
	d = find(l, 1, IOA_LEARN_PORT, 0x1234);
	assert_true(d->base > 0.98);
	assert_int_equal(d->learnt_cat, IOA_CAT_NONE);
	ioa_learn_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_learn),
		cmocka_unit_test(test_busy_base),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
