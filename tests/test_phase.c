// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Unit tests of analyzer/phase.c: the Viterbi split of one vCPU's timeline into phases.
 * Timelines are built by hand: segments of 1 ms every 2 ms unless said otherwise.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "phase.h"

#define MS 1000000ULL
#define T0 (1000 * MS)

/* @n segments of 1 ms every 2 ms from @t; every @every-th (0: none) has one event of @cat */
static size_t run(struct ioa_phase_seg *s, size_t at, size_t n, uint64_t t, int every, int cat)
{
	size_t i;

	for (i = 0; i < n; i++) {
		memset(&s[at + i], 0, sizeof(s[0]));
		s[at + i].start = t + i * 2 * MS;
		s[at + i].end = s[at + i].start + MS;
		if (every && i % (size_t)every == 0)
			s[at + i].ev[cat] = 1;
	}
	return at + n;
}

/* storage 200 ms (125 events/s), 4 segments of @w network events each in 8 ms, storage 200 ms */
static size_t burst(struct ioa_phase_seg *s, float w)
{
	size_t at, i;

	at = run(s, 0, 100, T0, 4, IOA_CAT_STORAGE);
	at = run(s, at, 4, T0 + 200 * MS, 1, IOA_CAT_ETHERNET);
	for (i = at - 4; i < at; i++)
		s[i].ev[IOA_CAT_ETHERNET] = w;
	return run(s, at, 100, T0 + 208 * MS, 4, IOA_CAT_STORAGE);
}

static const struct ioa_phase_params P = { 20, 4, 4, 0 }; /* 20 events/s, a change costs 4 */

static void test_empty(void **state)
{
	struct ioa_phase *ph = (void *)1;
	size_t n = 9;

	(void)state;
	ioa_phase_split(NULL, 0, &P, &ph, &n);
	assert_null(ph);
	assert_int_equal(n, 0);
}

/* no evidence: one phase without I/O covering everything */
static void test_no_io(void **state)
{
	struct ioa_phase_seg s[100];
	struct ioa_phase *ph;
	size_t n;

	(void)state;
	run(s, 0, 100, T0, 0, 0);
	ioa_phase_split(s, 100, &P, &ph, &n);
	assert_int_equal(n, 1);
	assert_int_equal(ph[0].cat, IOA_CAT_NONE);
	assert_int_equal(ph[0].n, 100);
	assert_int_equal(ph[0].start, T0);
	assert_int_equal(ph[0].end, T0 + 199 * MS);
	free(ph);
}

/*
 * compute 300 ms, disk (1 event in 2 segments = 250/s) 140 ms with a 60 ms gap without
 * events in the middle, compute 300 ms, network (125/s) 200 ms: the gap is bridged (it costs
 * 1.2 events, splitting costs 8), the phases start and end at evidence. (A disk phase of
 * fewer events than the change to network costs, 4 x 4 = 16, would not be one: see
 * test_switch.)
 */
static void test_phases(void **state)
{
	struct ioa_phase_seg s[450];
	struct ioa_phase *ph;
	size_t n, at;

	(void)state;
	at = run(s, 0, 150, T0, 0, 0);
	at = run(s, at, 35, T0 + 300 * MS, 2, IOA_CAT_STORAGE);
	at = run(s, at, 30, T0 + 370 * MS, 0, 0);
	at = run(s, at, 35, T0 + 430 * MS, 2, IOA_CAT_STORAGE);
	at = run(s, at, 100, T0 + 500 * MS, 0, 0);
	at = run(s, at, 100, T0 + 800 * MS, 4, IOA_CAT_ETHERNET);
	ioa_phase_split(s, at, &P, &ph, &n);
	assert_int_equal(n, 4);
	assert_int_equal(ph[0].cat, IOA_CAT_NONE);
	assert_int_equal(ph[1].cat, IOA_CAT_STORAGE);
	assert_int_equal(ph[1].first, 150);
	assert_int_equal(ph[1].n, 35 + 30 + 35); /* to the last event of the second run */
	assert_true(ph[1].ev[IOA_CAT_STORAGE] == 36);
	assert_int_equal(ph[2].cat, IOA_CAT_NONE);
	assert_int_equal(ph[3].cat, IOA_CAT_ETHERNET);
	/* the first network segment pays for the 101 ms before it (2 events): not worth it */
	assert_int_equal(ph[3].first, 354);
	assert_int_equal(ph[3].n, 96); /* to the end: a change would cost more than 3 segments */
	/* 24 events from 807 ms (the end of the segment before) to 999 ms */
	assert_true(ioa_phase_rate(&ph[3], IOA_CAT_ETHERNET) > 124.9 &&
		    ioa_phase_rate(&ph[3], IOA_CAT_ETHERNET) < 125.1);
	assert_true(ioa_phase_rate(&ph[3], IOA_CAT_STORAGE) == 0);
	free(ph);
}

/* a burst of 3 events in 6 ms inside 400 ms without I/O: not worth two changes at cost 4,
 * a phase of its own at cost 1 */
static void test_burst(void **state)
{
	struct ioa_phase_params cheap = { 20, 1, 4, 0 };
	struct ioa_phase_seg s[203];
	struct ioa_phase *ph;
	size_t n, at;

	(void)state;
	at = run(s, 0, 100, T0, 0, 0);
	at = run(s, at, 3, T0 + 200 * MS, 1, IOA_CAT_ETHERNET);
	at = run(s, at, 100, T0 + 206 * MS, 0, 0);
	ioa_phase_split(s, at, &P, &ph, &n);
	assert_int_equal(n, 1);
	assert_int_equal(ph[0].cat, IOA_CAT_NONE);
	free(ph);
	ioa_phase_split(s, at, &cheap, &ph, &n);
	assert_int_equal(n, 3);
	assert_int_equal(ph[1].cat, IOA_CAT_ETHERNET);
	assert_int_equal(ph[1].n, 3);
	free(ph);
}

/* events below the rate (1 in 40 segments = 12.5/s < 20/s): no I/O phase however long */
static void test_rate(void **state)
{
	struct ioa_phase_params low = { 10, 4, 4, 0 };
	struct ioa_phase_seg s[1000];
	struct ioa_phase *ph;
	size_t n;

	(void)state;
	run(s, 0, 1000, T0, 40, IOA_CAT_STORAGE);
	ioa_phase_split(s, 1000, &P, &ph, &n);
	assert_int_equal(n, 1);
	assert_int_equal(ph[0].cat, IOA_CAT_NONE);
	free(ph);
	ioa_phase_split(s, 1000, &low, &ph, &n);
	assert_int_equal(n, 1);
	assert_int_equal(ph[0].cat, IOA_CAT_STORAGE);
	free(ph);
}

/* two categories at once: the denser one holds the phase */
static void test_dominant(void **state)
{
	struct ioa_phase_seg s[200];
	struct ioa_phase *ph;
	size_t n, i;

	(void)state;
	run(s, 0, 200, T0, 2, IOA_CAT_STORAGE);
	for (i = 0; i < 200; i += 5)
		s[i].ev[IOA_CAT_ETHERNET] = 1;
	ioa_phase_split(s, 200, &P, &ph, &n);
	assert_int_equal(n, 1);
	assert_int_equal(ph[0].cat, IOA_CAT_STORAGE);
	assert_true(ph[0].ev[IOA_CAT_ETHERNET] == 40);
	free(ph);
}

/*
 * storage 200 ms (125 events/s), a burst of 12 network events in 8 ms, storage 200 ms: the
 * burst earns 12 - 0.2 > 2 x 4, the price of two changes to and from a phase without I/O,
 * but a change of category costs 4 x 4 = 16 each way: one storage phase.
 * Then storage (250/s), 100 ms without I/O, network: the pause does not make the change of
 * category cheaper, and the phases still start and end at their evidence.
 */
static void test_switch(void **state)
{
	struct ioa_phase_seg s[400];
	struct ioa_phase *ph;
	size_t n, at;

	(void)state;
	at = burst(s, 3);
	ioa_phase_split(s, at, &P, &ph, &n);
	assert_int_equal(n, 1);
	assert_int_equal(ph[0].cat, IOA_CAT_STORAGE);
	free(ph);
	at = run(s, 0, 100, T0, 2, IOA_CAT_STORAGE);
	at = run(s, at, 50, T0 + 200 * MS, 0, 0);
	at = run(s, at, 100, T0 + 300 * MS, 4, IOA_CAT_ETHERNET);
	ioa_phase_split(s, at, &P, &ph, &n);
	assert_int_equal(n, 3);
	assert_int_equal(ph[0].cat, IOA_CAT_STORAGE);
	assert_int_equal(ph[1].cat, IOA_CAT_NONE);
	assert_int_equal(ph[2].cat, IOA_CAT_ETHERNET);
	assert_int_equal(ph[2].first, 150);
	free(ph);
}

/*
 * storage 200 ms (125 events/s), a burst of 36 network events in 8 ms, storage 200 ms: the
 * burst earns more than two changes of category cost (2 x 16), so without a minimum length
 * it is a phase of its own; with phases of at least 50 ms a network phase would have to take
 * ~40 ms of storage evidence with it: one storage phase. At the start of the timeline the
 * same burst is a phase of its own (the first and last phase may be short: the trace window
 * may have cut them).
 */
static void test_min_len(void **state)
{
	struct ioa_phase_params min = { 20, 4, 4, 50 * MS };
	struct ioa_phase_seg s[204];
	struct ioa_phase *ph;
	size_t n, at, i;

	(void)state;
	at = burst(s, 9);
	ioa_phase_split(s, at, &P, &ph, &n); /* storage to its last event, a pause, network */
	assert_int_equal(n, 4);
	assert_int_equal(ph[2].cat, IOA_CAT_ETHERNET);
	assert_int_equal(ph[2].first, 100);
	assert_int_equal(ph[2].n, 4);
	free(ph);
	ioa_phase_split(s, at, &min, &ph, &n);
	assert_int_equal(n, 1);
	assert_int_equal(ph[0].cat, IOA_CAT_STORAGE);
	free(ph);
	at = run(s, 0, 4, T0, 1, IOA_CAT_ETHERNET);
	for (i = 0; i < at; i++)
		s[i].ev[IOA_CAT_ETHERNET] = 9;
	at = run(s, at, 100, T0 + 8 * MS, 4, IOA_CAT_STORAGE);
	ioa_phase_split(s, at, &min, &ph, &n);
	assert_int_equal(n, 2);
	assert_int_equal(ph[0].cat, IOA_CAT_ETHERNET);
	assert_int_equal(ph[0].n, 4);
	assert_int_equal(ph[1].cat, IOA_CAT_STORAGE);
	for (i = 0; i < n; i++) /* no phase in the middle is shorter than 50 ms */
		assert_true(i == 0 || i == n - 1 || ph[i].end - ph[i].start >= 50 * MS);
	free(ph);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),  cmocka_unit_test(test_no_io),
		cmocka_unit_test(test_phases), cmocka_unit_test(test_burst),
		cmocka_unit_test(test_rate),   cmocka_unit_test(test_dominant),
		cmocka_unit_test(test_switch), cmocka_unit_test(test_min_len),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
