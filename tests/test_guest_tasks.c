// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Unit tests of the guest task profiles (analyzer/guest_tasks.c) and of the guest clock
 * alignment by marker pairs (analyzer/guest_clock.c): attribution of block requests, packets
 * and handlers to the user tasks they served, the COMPUTE rule, the task mix of a host
 * segment (running time, run-queue wait), the combination with the host's label and its JSON.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "guest_clock.h"
#include "guest_tasks.h"
#include "rows.h"

#define MS 1000000ULL

static struct ioa_devmap map;

static void thread(struct ioa_gt *g, int tid, const char *comm, int kt)
{
	struct ioa_gt_thread t = { .tid = tid, .is_kthread = kt };

	snprintf(t.comm, sizeof(t.comm), "%s", comm);
	ioa_gt_add_thread(g, &t);
}

static void seg(struct ioa_gt *g, int tid, int cpu, uint64_t b, uint64_t e, uint64_t wake,
		int waker_cpu)
{
	struct ioa_cls_seg s = { .tid = tid,
				 .cpu = cpu,
				 .start = b,
				 .end = e,
				 .wake_ns = wake,
				 .waker_tid = -1,
				 .waker_cpu = waker_cpu };

	ioa_gt_add_segment(g, &s);
}

static void io(struct ioa_gt *g, int kind, int tid, int cpu, uint64_t ts, uint64_t end,
	       const char *dev, uint64_t bytes)
{
	struct ioa_cls_io r = { .kind = kind,
				.tid = tid,
				.cpu = cpu,
				.ts = ts,
				.end = end,
				.bytes = bytes,
				.complete_tid = -1 };

	snprintf(r.dev, sizeof(r.dev), "%s", dev);
	ioa_gt_add_io(g, &r);
}

static const struct ioa_gt_profile *prof(const struct ioa_gt *g, int tid)
{
	size_t i;

	for (i = 0; i < ioa_gt_count(g); i++)
		if (ioa_gt_profile(g, i)->tid == tid)
			return ioa_gt_profile(g, i);
	fail_msg("no profile for tid %d", tid);
	return NULL;
}

/*
 * CPU 0: dd 0-2 ms (issues nothing itself: kworker 70 dispatches its request at 2-3 ms),
 * awk 3-10 ms; the request 2.5 -> 6 ms completes in virtio0-req's handler (5.9-6.1 ms),
 * which wakes dd. CPU 1: nc 0-1 ms sends a packet; at 4 ms a NET_RX softirq under idle
 * receives one and wakes nc; at 8 ms another receive wakes nobody (the device's owner: nc).
 */
static struct ioa_gt *scenario(double rq_weight)
{
	struct ioa_gt_params p;
	struct ioa_gt *g;

	ioa_gt_params_default(&p);
	p.rq_weight = rq_weight;
	g = ioa_gt_new(&p, &map);
	thread(g, 50, "dd", 0);
	thread(g, 60, "nc", 0);
	thread(g, 70, "kworker/0:1H", 1);
	thread(g, 80, "awk", 0);
	seg(g, 50, 0, 0, 2 * MS, IOA_TS_NONE, -1);
	seg(g, 70, 0, 2 * MS, 3 * MS, IOA_TS_NONE, -1);
	seg(g, 80, 0, 3 * MS, 10 * MS, 1 * MS, 0);
	seg(g, 50, 0, 10 * MS, 11 * MS, 6 * MS, 0); /* woken in the handler, waits 6-10 ms */
	seg(g, 60, 1, 0, 1 * MS, IOA_TS_NONE, -1);
	seg(g, 60, 1, 4 * MS + 200000, 5 * MS, 4 * MS + 100000, 1);
	io(g, IOA_IO_BLOCK, 70, 0, 2 * MS + 500000, 6 * MS, "254,0", 65536);
	io(g, IOA_IO_IRQ, 80, 0, 5 * MS + 900000, 6 * MS + 100000, "virtio0-req.0", 0);
	io(g, IOA_IO_NET_TX, 60, 1, 500000, IOA_TS_NONE, "eth0", 1514);
	io(g, IOA_IO_SOFTIRQ, 0, 1, 4 * MS, 4 * MS + 150000, "NET_RX", 0);
	io(g, IOA_IO_NET_RX, 0, 1, 4 * MS + 50000, IOA_TS_NONE, "eth0", 1514);
	io(g, IOA_IO_SOFTIRQ, 0, 1, 8 * MS, 8 * MS + 100000, "NET_RX", 0);
	io(g, IOA_IO_NET_RX, 0, 1, 8 * MS + 50000, IOA_TS_NONE, "eth0", 60);
	ioa_gt_finish(g);
	return g;
}

static void test_profiles(void **state)
{
	struct ioa_gt *g = scenario(0);
	const struct ioa_gt_profile *p;

	(void)state;
	p = prof(g, 50); /* the request in flight 3.5 ms + the handler 0.2 ms */
	assert_int_equal(p->cat, IOA_CAT_STORAGE);
	assert_int_equal(p->cat_ns[IOA_CAT_STORAGE], 3500000 + 200000);
	assert_int_equal(p->bytes[IOA_CAT_STORAGE], 65536);
	assert_int_equal(p->run_ns, 3 * MS);
	assert_true(p->share == 1.0);
	p = prof(g, 60); /* 3 packets of 10 µs and the softirq that woke it (150 µs) */
	assert_int_equal(p->cat, IOA_CAT_ETHERNET);
	assert_int_equal(p->cat_ns[IOA_CAT_ETHERNET], 3 * 10000 + 150000);
	assert_int_equal(p->events[IOA_CAT_ETHERNET], 4);
	assert_int_equal(p->bytes[IOA_CAT_ETHERNET], 1514 + 1514 + 60);
	p = prof(g, 70); /* issued the request, served nobody's I/O of its own */
	assert_int_equal(p->cat, IOA_CAT_COMPUTE);
	assert_int_equal(p->io_ns, 0);
	p = prof(g, 80); /* interrupted by the handler, but not woken by it */
	assert_int_equal(p->cat, IOA_CAT_COMPUTE);
	assert_int_equal(p->run_ns, 7 * MS);
	assert_true(p->share == 1.0);
	ioa_gt_free(g);
}

static void test_mix(void **state)
{
	struct ioa_gt *g = scenario(0);
	struct ioa_gt_mix m;
	char json[256];
	double score;

	(void)state;
	/* host segment 1-4 ms of guest CPU 0: dd 1 ms, kworker 1 ms, awk 1 ms */
	ioa_gt_mix(&m, g, 0, 1 * MS, 4 * MS, IOA_TS_NONE);
	assert_int_equal(m.ntasks, 3);
	assert_true(m.cover == 1.0);
	assert_true(m.vec[IOA_CAT_STORAGE] > 0.333 && m.vec[IOA_CAT_STORAGE] < 0.334);
	assert_true(m.vec[IOA_CAT_COMPUTE] > 0.666 && m.vec[IOA_CAT_COMPUTE] < 0.667);
	assert_int_equal(ioa_gt_combine(&m, IOA_CAT_ETHERNET, &score), IOA_CAT_COMPUTE);
	/* 0-1.5 ms: dd alone; the host said COMPUTE, the task that ran says STORAGE */
	ioa_gt_mix(&m, g, 0, 0, 1500000, IOA_TS_NONE);
	assert_int_equal(ioa_gt_combine(&m, IOA_CAT_COMPUTE, &score), IOA_CAT_STORAGE);
	assert_true(score == 1.0);
	assert_true(ioa_gt_mix_json(json, sizeof(json), &m) > 0);
	assert_string_equal(json, ",\"guest\":{\"cover\":1.000,\"tasks\":{\"dd/50\":1.000}}");
	/* 10.5-12 ms: dd for 0.5 of 1.5 ms: cover 1/3, the host's label weighs 2/3 */
	ioa_gt_mix(&m, g, 0, 10500000, 12 * MS, IOA_TS_NONE);
	assert_true(m.cover > 0.333 && m.cover < 0.334);
	assert_int_equal(ioa_gt_combine(&m, IOA_CAT_ETHERNET, &score), IOA_CAT_ETHERNET);
	/* CPU 1 during 2-3 ms ran nothing: no tasks, the host's label stands */
	ioa_gt_mix(&m, g, 1, 2 * MS, 3 * MS, IOA_TS_NONE);
	assert_int_equal(m.ntasks, 0);
	assert_int_equal(ioa_gt_combine(&m, IOA_CAT_BUS, &score), IOA_CAT_BUS);
	ioa_gt_free(g);
}

/* dd waits runnable 6-10 ms while awk runs: a host segment 9-10 ms after a gap 6-9 ms */
static void test_run_queue(void **state)
{
	struct ioa_gt *g = scenario(1);
	struct ioa_gt_mix m;
	double score;

	(void)state;
	ioa_gt_mix(&m, g, 0, 9 * MS, 10 * MS, 6 * MS);
	assert_int_equal(m.ntasks, 2);
	assert_int_equal(m.tid[0], 50); /* 3 ms of waiting against 1 ms of awk running */
	assert_true(m.weight[0] > 0.74 && m.weight[0] < 0.76);
	assert_int_equal(ioa_gt_combine(&m, IOA_CAT_COMPUTE, &score), IOA_CAT_STORAGE);
	ioa_gt_mix(&m, g, 0, 9 * MS, 10 * MS, IOA_TS_NONE); /* no previous segment: no queue */
	assert_int_equal(m.ntasks, 1);
	assert_int_equal(ioa_gt_combine(&m, IOA_CAT_ETHERNET, &score), IOA_CAT_COMPUTE);
	ioa_gt_free(g);
}

static void test_row(void **state)
{
	struct ioa_gt *g = scenario(0);
	struct ioa_gt_task_row r;

	(void)state;
	ioa_gt_row(&r, prof(g, 60), 7);
	assert_int_equal(r.trace_id, 7);
	assert_string_equal(r.comm, "nc");
	assert_string_equal(r.category, "ETHERNET");
	assert_int_equal(r.nio, 1);
	assert_string_equal(r.io[0].category, "ETHERNET");
	assert_true(r.io[0].share == 1.0);
	assert_true(r.io[0].util_pct > 0);
	ioa_gt_free(g);
}

static void test_sync(void **state)
{
	struct ioa_sync host = { 0 }, guest = { 0 };
	struct ioa_sync_fit fit;

	(void)state;
	ioa_sync_scan(&guest, "buf=ioaware-sync 1\n", 100);
	ioa_sync_scan(&guest, "ioaware-sync 2", 200);
	ioa_sync_scan(&guest, "ioaware-sync 3", 300);
	ioa_sync_scan(&guest, "ioaware-phase begin disk", 310);
	ioa_sync_scan(&guest, "ioaware-sync x", 320);
	assert_int_equal(guest.nr, 3);
	ioa_sync_scan(&host, "ioaware-sync 2", 5210); /* latency 10 */
	ioa_sync_scan(&host, "ioaware-sync 1", 5150); /* latency 50 */
	ioa_sync_scan(&host, "ioaware-sync 3", 5330); /* latency 30 */
	ioa_sync_scan(&host, "ioaware-sync 9", 9000); /* no guest twin */
	assert_int_equal(ioa_sync_align(&fit, &host, &guest), 3);
	assert_int_equal(fit.offset_ns, 5010);
	assert_int_equal(fit.spread_ns, 20); /* median 5030 - 5010 */
	ioa_sync_release(&host);
	assert_int_equal(ioa_sync_align(&fit, &host, &guest), 0);
	ioa_sync_release(&guest);
}

/*
 * vCPU 0 ran 1-2 and 3-4 ms; guest events at 0.05, 0.95 and 2.05 ms (and one of a CPU without
 * runs); the markers said 1.1 ms. All three are inside for offsets 0.95 .. 1.05 ms: the shift
 * is -150 .. -50 µs, the middle -100 µs.
 */
static void test_refine(void **state)
{
	uint64_t run[2][2] = { { 1 * MS, 2 * MS }, { 3 * MS, 4 * MS } };
	struct ioa_sync_ev ev[4] = { { 0, 50000 }, { 0, 950000 }, { 0, 2050000 }, { 1, 0 } };
	struct ioa_sync g = { .ev = ev, .nev = 4 };
	struct ioa_sync_runs runs[2] = { { run, 2, 2 }, { NULL, 0, 0 } };
	double in0, in1;

	(void)state;
	assert_int_equal(
		ioa_sync_refine(&g, runs, 2, 1100000, -5 * (int64_t)MS, 500000, &in0, &in1),
		-100000);
	assert_true(in0 > 0.666 && in0 < 0.667);
	assert_true(in1 == 1.0);
}

static int setup(void **state)
{
	(void)state;
	ioa_devmap_init(&map);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ioa_devmap_release(&map);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_profiles),  cmocka_unit_test(test_mix),
		cmocka_unit_test(test_run_queue), cmocka_unit_test(test_row),
		cmocka_unit_test(test_sync),	  cmocka_unit_test(test_refine),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
