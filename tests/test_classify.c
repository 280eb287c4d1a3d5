// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Unit tests of analyzer/classify.c: evidence from exits and from the VM's host I/O, helper
 * threads from the wake-up graph, wake-up causes, labels in context, utilisation, JSON.
 * Every scenario is built by hand: one VM (vm 1) with vCPU threads 100 and 101.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "classify.h"
#include "devlearn.h"
#include "rows.h"

#define US 1000ULL
#define MS 1000000ULL
#define T0 (1000 * MS)

struct fx {
	struct ioa_cls_params p;
	struct ioa_devmap map;
	struct ioa_cls *c;
};

static void fx_init(struct fx *f)
{
	ioa_cls_params_default(&f->p);
	ioa_devmap_init(&f->map);
	f->c = NULL;
}

static void fx_release(struct fx *f)
{
	ioa_cls_free(f->c);
	ioa_devmap_release(&f->map);
}

static void thread(struct fx *f, int tid, int64_t vm, int vcpu, int kthread)
{
	struct ioa_cls_thread t = { tid, -1, kthread, vm, vcpu };

	ioa_cls_add_thread(f->c, &t);
}

/* the standard cast: vCPUs 100, 101 of vm 1; user threads 200 (helper), 300; kthread 400 */
static void cast(struct fx *f)
{
	f->c = ioa_cls_new(&f->p, &f->map);
	thread(f, 100, 1, 0, 0);
	thread(f, 101, 1, 1, 0);
	thread(f, 200, 0, -1, 0);
	thread(f, 300, 0, -1, 0);
	thread(f, 400, 0, -1, 1);
}

static void edge(struct fx *f, int tid, int waker, int n)
{
	struct ioa_cls_edge e = { tid, waker, n };

	ioa_cls_add_edge(f->c, &e);
}

static void seg(struct fx *f, int64_t id, int tid, uint64_t start, uint64_t end, uint64_t wake,
		int waker)
{
	struct ioa_cls_seg s = { id, tid, 0, start, end, wake, waker, 0 };

	ioa_cls_add_segment(f->c, &s);
}

static void kexit(struct fx *f, int tid, uint64_t ts, uint64_t dur, int64_t port, const char *cat)
{
	struct ioa_cls_exit e = { .tid = tid, .ts = ts, .dur = dur, .port = port, .gpa = -1 };

	strcpy(e.category, cat);
	ioa_cls_add_exit(f->c, &e);
}

static void io(struct fx *f, int kind, int tid, uint64_t ts, uint64_t end, const char *dev,
	       uint64_t bytes)
{
	struct ioa_cls_io r = { .kind = kind,
				.tid = tid,
				.cpu = 0,
				.ts = ts,
				.end = end,
				.bytes = bytes,
				.complete_tid = -1 };

	strcpy(r.dev, dev);
	ioa_cls_add_io(f->c, &r);
}

/* the result of segment @id */
static struct ioa_cls_result res(struct fx *f, int64_t id)
{
	struct ioa_cls_result r;
	size_t i;

	for (i = 0; i < ioa_cls_count(f->c); i++) {
		ioa_cls_result(f->c, i, &r);
		if (r.segment_id == id)
			return r;
	}
	fail_msg("segment %lld not in the results", (long long)id);
	return r;
}

#define assert_cat(f, id, own_want, ctx_want)                                                      \
	do {                                                                                       \
		struct ioa_cls_result r_ = res(f, id);                                             \
		if (r_.own != (own_want) || r_.cat != (ctx_want))                                  \
			fail_msg("segment %d: expected own %s ctx %s, got own %s ctx %s",          \
				 (int)(id), ioa_cat_name(own_want), ioa_cat_name(ctx_want),        \
				 ioa_cat_name(r_.own), ioa_cat_name(r_.cat));                      \
	} while (0)

static void test_exit_evidence(void **state)
{
	struct fx f;

	(void)state;
	fx_init(&f);
	f.p.context = 0;
	cast(&f);
	seg(&f, 1, 100, T0, T0 + 40 * US, IOA_TS_NONE, -1);	/* one BUS exit: 5 of 40 µs */
	seg(&f, 2, 100, T0 + MS, T0 + 2 * MS, IOA_TS_NONE, -1); /* one BUS exit: 5 of 1000 µs */
	seg(&f, 3, 100, T0 + 3 * MS, T0 + 4 * MS, IOA_TS_NONE, -1); /* timed exits: 30 µs STO */
	seg(&f, 4, 101, T0, T0 + 100 * US, IOA_TS_NONE, -1);	    /* HLT and an unknown exit */
	seg(&f, 5, 300, T0, T0 + MS, IOA_TS_NONE, -1);		    /* not a vCPU: ignored */
	ioa_cls_prepare(f.c);
	kexit(&f, 100, T0 + 10 * US, IOA_TS_NONE, 0x3f8, "BUS");
	kexit(&f, 100, T0 + MS + 10 * US, IOA_TS_NONE, 0x3f8, "BUS");
	kexit(&f, 100, T0 + 3 * MS + 10 * US, 20 * US, 0x1f0, "STORAGE");
	kexit(&f, 100, T0 + 3 * MS + 50 * US, 10 * US, 0x1f0, "STORAGE");
	kexit(&f, 100, T0 + 3 * MS + 90 * US, 5 * US, 0x3f8, "BUS");
	kexit(&f, 101, T0 + 10 * US, 80 * US, -1, "IDLE");
	kexit(&f, 101, T0 + 95 * US, IOA_TS_NONE, -1, "");
	kexit(&f, 100, T0 + 50 * MS, IOA_TS_NONE, 0x3f8, "BUS"); /* in no segment */
	ioa_cls_finish(f.c);
	assert_int_equal(ioa_cls_count(f.c), 4);
	assert_cat(&f, 1, IOA_CAT_BUS, IOA_CAT_BUS);
	assert_cat(&f, 2, IOA_CAT_COMPUTE, IOA_CAT_COMPUTE);
	assert_cat(&f, 3, IOA_CAT_STORAGE, IOA_CAT_STORAGE);
	assert_cat(&f, 4, IOA_CAT_COMPUTE, IOA_CAT_COMPUTE);
	assert_int_equal(res(&f, 4).busy_ns, 20 * US); /* the HLT time is not scored */
	/* BUS: 1 event in 40 µs = 25,000/s of 100,000/s */
	assert_true(res(&f, 1).own_util_pct > 24.9 && res(&f, 1).own_util_pct < 25.1);
	fx_release(&f);
}

static void test_devmap_override(void **state)
{
	struct ioa_err err = { 0 };
	struct fx f;

	(void)state;
	fx_init(&f);
	assert_int_equal(ioa_devmap_parse(&f.map, "port 0x3f8-0x3ff STORAGE\n", "t", &err), 0);
	cast(&f);
	seg(&f, 1, 100, T0, T0 + 40 * US, IOA_TS_NONE, -1);
	ioa_cls_prepare(f.c);
	kexit(&f, 100, T0 + 10 * US, IOA_TS_NONE, 0x3f8, "BUS");
	ioa_cls_finish(f.c);
	assert_cat(&f, 1, IOA_CAT_STORAGE, IOA_CAT_STORAGE);
	fx_release(&f);
}

/* helpers: 200 trades wake-ups with the vCPUs; 300 is only woken by them now and then */
static void graph(struct fx *f)
{
	edge(f, 200, 100, 20); /* vCPU kicks 200 */
	edge(f, 100, 200, 15); /* 200 wakes the vCPU */
	edge(f, 300, 100, 5);  /* 300 ran into a vCPU's timer wake-up 5 times ... */
	edge(f, 300, 999, 95); /* ... of its 100 wake-ups */
	edge(f, 100, 300, 5);
	edge(f, 400, 100, 50); /* a kernel thread: never a helper */
	edge(f, 100, 400, 50);
}

static void test_helpers(void **state)
{
	int tids[4];
	struct fx f;

	(void)state;
	fx_init(&f);
	f.p.context = 0;
	cast(&f);
	graph(&f);
	seg(&f, 1, 100, T0, T0 + MS, IOA_TS_NONE, -1);
	seg(&f, 2, 100, T0 + 2 * MS, T0 + 3 * MS, IOA_TS_NONE, -1);
	seg(&f, 3, 100, T0 + 4 * MS, T0 + 5 * MS, IOA_TS_NONE, -1);
	seg(&f, 4, 101, T0 + 4 * MS, T0 + 5 * MS, IOA_TS_NONE, -1);
	ioa_cls_prepare(f.c);
	assert_int_equal(ioa_cls_helpers(f.c, 1, tids, 4), 1);
	assert_int_equal(tids[0], 200);
	io(&f, IOA_IO_BLOCK, 200, T0 + 100 * US, T0 + 300 * US, "254,0", 65536);
	io(&f, IOA_IO_BLOCK, 300, T0 + 2 * MS + 100 * US, T0 + 2 * MS + 900 * US, "254,0", 4096);
	io(&f, IOA_IO_NET_TX, 200, T0 + 4 * MS + 500 * US, IOA_TS_NONE, "lo", 1500);
	ioa_cls_finish(f.c);
	assert_cat(&f, 1, IOA_CAT_STORAGE, IOA_CAT_STORAGE);
	assert_cat(&f, 2, IOA_CAT_COMPUTE, IOA_CAT_COMPUTE);   /* 300 is not the VM's */
	assert_cat(&f, 3, IOA_CAT_ETHERNET, IOA_CAT_ETHERNET); /* a helper's packet */
	assert_cat(&f, 4, IOA_CAT_ETHERNET, IOA_CAT_ETHERNET); /* every running vCPU */
	/* 64 KiB in a 1 ms segment = 65.5 MB/s of 500 MB/s */
	assert_true(res(&f, 1).own_util_pct > 13.0 && res(&f, 1).own_util_pct < 13.2);
	fx_release(&f);
}

/* a known tgid joins threads to the VM without any wake-up; each thread is listed once */
static void test_tgid_helpers(void **state)
{
	struct ioa_cls_thread t[] = {
		{ 100, 50, 0, 1, 0 },  { 101, 50, 0, 1, 1 },  { 150, 50, 0, 0, -1 },
		{ 160, 50, 0, 0, -1 }, { 170, 60, 0, 0, -1 }, { 180, 50, 1, 0, -1 },
		{ 200, -1, 0, 0, -1 },
	};
	int tids[8], n;
	struct fx f;
	size_t i;

	(void)state;
	fx_init(&f);
	f.c = ioa_cls_new(&f.p, &f.map);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		ioa_cls_add_thread(f.c, &t[i]);
	graph(&f);
	edge(&f, 150, 100, 20); /* 150 is a graph helper and a tgid one */
	edge(&f, 100, 150, 20);
	seg(&f, 1, 100, T0, T0 + MS, IOA_TS_NONE, -1);
	ioa_cls_prepare(f.c);
	n = ioa_cls_helpers(f.c, 1, tids, 8);
	assert_int_equal(n, 3); /* 150, 160 (tgid 50), 200 (graph); not 170, not kthread 180 */
	assert_int_equal(tids[0], 150);
	assert_int_equal(tids[1], 160);
	assert_int_equal(tids[2], 200);
	io(&f, IOA_IO_BLOCK, 160, T0 + 100 * US, T0 + 300 * US, "254,0", 4096);
	ioa_cls_finish(f.c);
	/* the VM has two vCPUs and nothing tells which one asked: no I/O phase */
	assert_cat(&f, 1, IOA_CAT_STORAGE, IOA_CAT_COMPUTE);
	fx_release(&f);
}

static void test_wake_cause(void **state)
{
	struct fx f;

	(void)state;
	fx_init(&f);
	f.p.context = 0;
	cast(&f);
	graph(&f);
	/* woken by 200 100 µs after its request completed: an I/O-wait segment */
	seg(&f, 1, 100, T0 + MS + 110 * US, T0 + 2 * MS, T0 + MS + 100 * US, 200);
	/* woken by 200 3 ms after: too late, compute */
	seg(&f, 2, 100, T0 + 4 * MS + 10 * US, T0 + 5 * MS, T0 + 4 * MS, 200);
	/* woken by a stranger right after the completion: not the VM's doing */
	seg(&f, 3, 101, T0 + MS + 20 * US, T0 + MS + 90 * US, T0 + MS + 10 * US, 300);
	/* the segment that kicked 200 just before it issued the request */
	seg(&f, 4, 101, T0 + 400 * US, T0 + 480 * US, IOA_TS_NONE, -1);
	ioa_cls_prepare(f.c);
	io(&f, IOA_IO_BLOCK, 200, T0 + 500 * US, T0 + MS, "254,0", 4096);
	io(&f, IOA_IO_IRQ, -1, T0 + 6 * MS, T0 + 6 * MS + 5 * US, "virtio1-req.0", 0);
	ioa_cls_finish(f.c);
	assert_cat(&f, 1, IOA_CAT_STORAGE, IOA_CAT_STORAGE);
	assert_int_equal(res(&f, 1).wake_cat, IOA_CAT_STORAGE);
	assert_cat(&f, 2, IOA_CAT_COMPUTE, IOA_CAT_COMPUTE);
	assert_cat(&f, 3, IOA_CAT_COMPUTE, IOA_CAT_COMPUTE);
	assert_cat(&f, 4, IOA_CAT_STORAGE, IOA_CAT_STORAGE);
	fx_release(&f);
}

/* vCPU 100: 40 segments of 400 µs every 500 µs, every 2nd wakes helper 200, which sends a
 * packet; then, 1 s later, 40 segments with no I/O at all */
static void run_context(struct fx *f)
{
	int i;

	cast(f);
	graph(f);
	for (i = 0; i < 40; i++) {
		seg(f, 1 + i, 100, T0 + i * 500 * US, T0 + i * 500 * US + 400 * US, IOA_TS_NONE,
		    -1);
		if (i % 2 == 0)
			seg(f, 201 + i, 200, T0 + i * 500 * US + 150 * US,
			    T0 + i * 500 * US + 250 * US, T0 + i * 500 * US + 140 * US, 100);
		seg(f, 101 + i, 100, T0 + 1000 * MS + i * 500 * US,
		    T0 + 1000 * MS + i * 500 * US + 400 * US, IOA_TS_NONE, -1);
	}
	ioa_cls_prepare(f->c);
	for (i = 0; i < 40; i += 2)
		io(f, IOA_IO_NET_TX, 200, T0 + i * 500 * US + 200 * US, IOA_TS_NONE, "tap0", 9000);
	ioa_cls_finish(f->c);
}

static void test_context(void **state)
{
	struct fx f;
	int i;

	(void)state;
	fx_init(&f);
	run_context(&f);
	/* the phase runs from the first packet's segment to the last's (i = 38) */
	for (i = 0; i < 40; i++) {
		assert_cat(&f, 1 + i, i % 2 ? IOA_CAT_COMPUTE : IOA_CAT_ETHERNET,
			   i <= 38 ? IOA_CAT_ETHERNET : IOA_CAT_COMPUTE);
		assert_cat(&f, 101 + i, IOA_CAT_COMPUTE, IOA_CAT_COMPUTE);
	}
	/* the phase's demand: 20 x 9000 bytes over its 19.4 ms, 7.4 % of 125 MB/s */
	assert_true(res(&f, 2).util_pct > 7.3 && res(&f, 2).util_pct < 7.5);
	assert_true(res(&f, 2).own_util_pct == 0);
	fx_release(&f);
	/* no context: the own labels stand */
	fx_init(&f);
	f.p.context = 0;
	run_context(&f);
	assert_cat(&f, 2, IOA_CAT_COMPUTE, IOA_CAT_COMPUTE);
	fx_release(&f);
	/* a phase rate above the evidence's (20 kicks x 4 over 19.4 ms: 4124/s): no I/O phase,
	 * and a packet's own segment is COMPUTE in a phase without I/O */
	fx_init(&f);
	f.p.phase_rate = 5000;
	run_context(&f);
	assert_cat(&f, 1, IOA_CAT_ETHERNET, IOA_CAT_COMPUTE);
	assert_cat(&f, 2, IOA_CAT_COMPUTE, IOA_CAT_COMPUTE);
	fx_release(&f);
}

static void test_evidence_json(void **state)
{
	struct ioa_cls_vm_sum *sum;
	char buf[512];
	size_t n;
	struct fx f;

	(void)state;
	fx_init(&f);
	run_context(&f);
	ioa_cls_evidence(buf, sizeof(buf), f.c, 0, 1);
	assert_string_equal(buf, "{\"busy_ns\":400000,\"ns\":{\"ETHERNET\":10000},"
				 "\"n\":{\"ETHERNET\":1},\"bytes\":{\"ETHERNET\":9000},"
				 "\"kick\":{\"ETHERNET\":1}}");
	ioa_cls_evidence(buf, sizeof(buf), f.c, 1, 1);
	assert_string_equal(buf, "{\"busy_ns\":400000}");
	ioa_cls_evidence(buf, sizeof(buf), f.c, 1, 0);
	assert_non_null(strstr(buf, "{\"phase\":\"ETHERNET\",\"from_ns\":1000000000,"));
	/* 20 kicked packets (4 evidence events each) over 19.4 ms */
	assert_non_null(strstr(buf, ",\"segments\":39,\"rate\":{\"ETHERNET\":4123.7}"));
	ioa_cls_evidence(buf, sizeof(buf), f.c, 41, 0);
	assert_non_null(strstr(buf, "{\"phase\":\"none\","));
	assert_non_null(strstr(buf, "\"rate\":{},\"min_rate\":25}"));
	assert_true(ioa_cls_evidence(buf, 8, f.c, 1, 0) == 7);
	ioa_cls_summary(f.c, &sum, &n);
	assert_int_equal(n, 1);
	assert_int_equal(sum[0].vcpus, 2);
	assert_int_equal(sum[0].helpers, 1);
	assert_int_equal(sum[0].segments, 80);
	assert_int_equal(sum[0].busy_ns, 80 * 400 * US);
	assert_int_equal(sum[0].ctx_ns[IOA_CAT_ETHERNET], 39 * 400 * US);
	assert_int_equal(sum[0].own_ns[IOA_CAT_ETHERNET], 20 * 400 * US);
	free(sum);
	fx_release(&f);
}

static void guest_io(struct fx *f, int host_tid, int kind, uint64_t ts, const char *dev,
		     uint64_t bytes)
{
	struct ioa_cls_guest_io g = { .host_tid = host_tid, .guest_cpu = host_tid - 100 };

	g.io = (struct ioa_cls_io){ .kind = kind,
				    .tid = 7,
				    .cpu = g.guest_cpu,
				    .ts = ts,
				    .end = IOA_TS_NONE,
				    .bytes = bytes,
				    .complete_tid = -1 };
	strcpy(g.io.dev, dev);
	ioa_cls_add_guest(f->c, &g);
}

/*
 * A host+guest recording: no host I/O at all. Guest CPU 0 (host thread 100) issues block
 * requests and takes a virtio-blk IRQ inside segment 1; guest CPU 1 (thread 101) sends packets
 * in segment 3 only. Segment 2 (thread 101) has nothing; a guest event while its vCPU thread
 * did not run, or on a thread that is no vCPU, counts nowhere.
 */
static void guest_case(struct fx *f)
{
	int i;

	cast(f);
	seg(f, 1, 100, T0, T0 + 400 * US, IOA_TS_NONE, -1);
	seg(f, 2, 101, T0, T0 + 400 * US, IOA_TS_NONE, -1);
	seg(f, 3, 101, T0 + 100 * MS, T0 + 100 * MS + 400 * US, IOA_TS_NONE, -1);
	ioa_cls_prepare(f->c);
	for (i = 0; i < 3; i++)
		guest_io(f, 100, IOA_IO_BLOCK, T0 + (100 + 10 * i) * US, "254,0", 4096);
	guest_io(f, 100, IOA_IO_IRQ, T0 + 200 * US, "virtio2-req.0", 0);
	guest_io(f, 100, IOA_IO_BLOCK, T0 + 50 * MS, "254,0", 4096);  /* thread 100 not running */
	guest_io(f, 300, IOA_IO_BLOCK, T0 + 100 * US, "254,0", 4096); /* not a vCPU thread */
	guest_io(f, 101, IOA_IO_NET_TX, T0 + 100 * MS + 50 * US, "eth0", 1500);
	guest_io(f, 101, IOA_IO_IRQ, T0 + 100 * MS + 60 * US, "virtio3-input.0", 0);
	ioa_cls_finish(f->c);
}

static void test_guest_evidence(void **state)
{
	char buf[512];
	struct fx f;

	(void)state;
	fx_init(&f);
	guest_case(&f);
	assert_cat(&f, 1, IOA_CAT_STORAGE, IOA_CAT_STORAGE);
	assert_cat(&f, 2, IOA_CAT_COMPUTE, IOA_CAT_COMPUTE);
	/* a lone segment 100 ms after the last is no phase of its own */
	assert_cat(&f, 3, IOA_CAT_ETHERNET, IOA_CAT_COMPUTE);
	ioa_cls_evidence(buf, sizeof(buf), f.c, 0, 1);
	assert_string_equal(buf, "{\"busy_ns\":400000,\"ns\":{\"STORAGE\":40000},"
				 "\"bytes\":{\"STORAGE\":12288},\"guest\":{\"STORAGE\":4}}");
	ioa_cls_evidence(buf, sizeof(buf), f.c, 1, 1);
	assert_string_equal(buf, "{\"busy_ns\":400000}");
	ioa_cls_evidence(buf, sizeof(buf), f.c, 2, 1);
	assert_non_null(strstr(buf, "\"guest\":{\"ETHERNET\":2}"));
	fx_release(&f);

	fx_init(&f); /* --guest-ns 0: guest traces ignored */
	f.p.guest_ns = 0;
	guest_case(&f);
	assert_cat(&f, 1, IOA_CAT_COMPUTE, IOA_CAT_COMPUTE);
	assert_cat(&f, 3, IOA_CAT_COMPUTE, IOA_CAT_COMPUTE);
	fx_release(&f);
}

/* an exit with its reason name and, for a host interrupt, the host IRQ handlers in its span */
static void rexit(struct fx *f, int tid, uint64_t ts, uint64_t dur, int64_t gpa, const char *cat,
		  const char *reason, const char *irqs)
{
	struct ioa_cls_exit e = { .tid = tid, .ts = ts, .dur = dur, .port = -1, .gpa = gpa };

	strcpy(e.category, cat);
	strcpy(e.reason, reason);
	strcpy(e.irqs, irqs);
	ioa_cls_add_exit(f->c, &e);
}

/* the vCPU of a timer-driven guest: APIC writes, MSR writes, HLT, host interrupts */
static void overhead_scene(struct fx *f)
{
	f->p.context = 0;
	cast(f);
	seg(f, 1, 100, T0, T0 + 40 * US, IOA_TS_NONE, -1);	   /* APIC + MSR + HLT */
	seg(f, 2, 100, T0 + MS, T0 + 2 * MS, IOA_TS_NONE, -1);	   /* one 1 µs APIC write */
	seg(f, 3, 100, T0 + 3 * MS, T0 + 4 * MS, IOA_TS_NONE, -1); /* interrupt of nvme */
	seg(f, 4, 101, T0, T0 + 100 * US, IOA_TS_NONE, -1);	   /* interrupt of nothing */
	seg(f, 5, 101, T0 + MS, T0 + 2 * MS, IOA_TS_NONE, -1);	   /* unknown MMIO device */
	ioa_cls_prepare(f->c);
	rexit(f, 100, T0 + 2 * US, 3 * US, -1, "OVERHEAD", "APIC_WRITE", "");
	rexit(f, 100, T0 + 6 * US, 2 * US, -1, "OVERHEAD", "MSR_WRITE", "");
	rexit(f, 100, T0 + 10 * US, 25 * US, -1, "IDLE", "HLT", "");
	rexit(f, 100, T0 + MS + 10 * US, 1 * US, -1, "OVERHEAD", "APIC_WRITE", "");
	rexit(f, 100, T0 + 3 * MS + 10 * US, 60 * US, -1, "OVERHEAD", "EXTERNAL_INTERRUPT",
	      "timer|nvme0q1");
	rexit(f, 101, T0 + 10 * US, 20 * US, -1, "OVERHEAD", "EXTERNAL_INTERRUPT", "eth9-rx-0");
	rexit(f, 101, T0 + MS + 10 * US, 100 * US, 0xfebf0000, "", "EPT_MISCONFIG", "");
	ioa_cls_finish(f->c);
}

static void test_overhead(void **state)
{
	struct ioa_cls_vm_sum *s;
	struct fx f;
	char buf[512];
	size_t n;

	(void)state;
	fx_init(&f);
	overhead_scene(&f);
	assert_cat(&f, 1, IOA_CAT_OVERHEAD, IOA_CAT_OVERHEAD); /* 5 of 15 µs busy */
	assert_int_equal(res(&f, 1).busy_ns, 15 * US);
	assert_true(res(&f, 1).util_pct == 0);
	assert_cat(&f, 2, IOA_CAT_COMPUTE, IOA_CAT_COMPUTE);   /* below the threshold */
	assert_cat(&f, 3, IOA_CAT_STORAGE, IOA_CAT_STORAGE);   /* its handler names nvme */
	assert_cat(&f, 4, IOA_CAT_ETHERNET, IOA_CAT_ETHERNET); /* eth* is a NIC */
	assert_cat(&f, 5, IOA_CAT_COMPUTE, IOA_CAT_COMPUTE);   /* unknown device: no evidence */
	ioa_cls_evidence(buf, sizeof(buf), f.c, 0, 1);
	assert_non_null(strstr(buf, "\"ns\":{\"OVERHEAD\":5000}"));
	ioa_cls_summary(f.c, &s, &n);
	assert_int_equal(n, 1);
	assert_int_equal(s[0].overhead_ns, 6 * US);
	assert_int_equal(s[0].own_ns[IOA_CAT_OVERHEAD], 15 * US);
	free(s);
	fx_release(&f);

	/* the device map overrides reasons, and a handler it does not name is overhead */
	fx_init(&f);
	assert_int_equal(ioa_devmap_parse(&f.map,
					  "exit APIC_WRITE BUS\nirq eth* NONE\n"
					  "mmio 0xfebf0000-0xfebf0fff ETHERNET\n",
					  "t.map", &(struct ioa_err){ 0 }),
			 0);
	overhead_scene(&f);
	assert_cat(&f, 1, IOA_CAT_BUS, IOA_CAT_BUS);
	assert_cat(&f, 4, IOA_CAT_OVERHEAD, IOA_CAT_OVERHEAD);
	assert_cat(&f, 5, IOA_CAT_ETHERNET, IOA_CAT_ETHERNET);
	fx_release(&f);
}

/*
 * Two vCPUs that both run all the time while the VM does disk and network I/O: overlap gives
 * both categories to both. vCPU 100 kicks helper 200 before each block request, vCPU 101
 * before each packet: the kicks tell them apart, in their own evidence and in their phases.
 */
static void kick_case(struct fx *f)
{
	int i;

	cast(f);
	graph(f);
	for (i = 0; i < 40; i++) {
		uint64_t t = T0 + (uint64_t)i * MS;

		seg(f, 1 + i, 100, t, t + 900 * US, IOA_TS_NONE, -1);
		seg(f, 101 + i, 101, t, t + 900 * US, IOA_TS_NONE, -1);
		seg(f, 201 + i, 200, t + 100 * US, t + 150 * US, t + 90 * US, 100);
		seg(f, 301 + i, 200, t + 500 * US, t + 550 * US, t + 490 * US, 101);
	}
	ioa_cls_prepare(f->c);
	for (i = 0; i < 40; i++) {
		uint64_t t = T0 + (uint64_t)i * MS;

		io(f, IOA_IO_BLOCK, 200, t + 110 * US, t + 400 * US, "254,0", 4096);
		io(f, IOA_IO_NET_TX, 200, t + 510 * US, IOA_TS_NONE, "lo", 1500);
	}
	ioa_cls_finish(f->c);
}

static void test_kicks(void **state)
{
	char buf[512];
	struct fx f;
	int i;

	(void)state;
	fx_init(&f);
	kick_case(&f);
	ioa_cls_evidence(buf, sizeof(buf), f.c, 0, 1);
	assert_non_null(strstr(buf, "\"kick\":{\"STORAGE\":1}"));
	ioa_cls_evidence(buf, sizeof(buf), f.c, 40, 1);
	assert_non_null(strstr(buf, "\"kick\":{\"ETHERNET\":1}"));
	for (i = 0; i < 40; i++) { /* overlap: the block request's 290 µs win the own label */
		assert_cat(&f, 1 + i, IOA_CAT_STORAGE, IOA_CAT_STORAGE);
		assert_cat(&f, 101 + i, IOA_CAT_STORAGE, IOA_CAT_ETHERNET);
	}
	fx_release(&f);
	fx_init(&f); /* kicks not counted: overlap is no vCPU's own evidence, no I/O phase */
	f.p.kick_weight = 0;
	kick_case(&f);
	assert_cat(&f, 1, IOA_CAT_STORAGE, IOA_CAT_COMPUTE);
	assert_cat(&f, 101, IOA_CAT_STORAGE, IOA_CAT_COMPUTE);
	fx_release(&f);
}

/*
 * vCPU 101 runs all the time; every ms a host disk completion interrupts it (softirq on its
 * CPU) and wakes helper 200, which issues the next block request: the wake-up is the
 * handler's, not the vCPU's, so no kick. @irq 0: the same wake-up outside the handler kicks.
 */
static void irq_wake_case(struct fx *f, int irq)
{
	int i;

	cast(f);
	graph(f);
	for (i = 0; i < 40; i++) {
		uint64_t t = T0 + (uint64_t)i * MS;

		seg(f, 1 + i, 101, t, t + 900 * US, IOA_TS_NONE, -1);
		seg(f, 101 + i, 200, t + 100 * US, t + 150 * US, t + 90 * US, 101);
	}
	ioa_cls_prepare(f->c);
	for (i = 0; i < 40; i++) {
		uint64_t t = T0 + (uint64_t)i * MS;

		if (irq)
			io(f, IOA_IO_SOFTIRQ, 101, t + 85 * US, t + 95 * US, "BLOCK", 0);
		io(f, IOA_IO_BLOCK, 200, t + 110 * US, t + 400 * US, "254,0", 4096);
	}
	ioa_cls_finish(f->c);
}

static void test_kick_in_irq(void **state)
{
	char buf[512];
	struct fx f;

	(void)state;
	fx_init(&f);
	irq_wake_case(&f, 0);
	ioa_cls_evidence(buf, sizeof(buf), f.c, 0, 1);
	assert_non_null(strstr(buf, "\"kick\":{\"STORAGE\":1}"));
	fx_release(&f);
	fx_init(&f);
	irq_wake_case(&f, 1);
	ioa_cls_evidence(buf, sizeof(buf), f.c, 0, 1);
	assert_null(strstr(buf, "\"kick\":{\"STORAGE\""));
	assert_cat(&f, 1, IOA_CAT_STORAGE, IOA_CAT_COMPUTE); /* overlap, but no phase */
	fx_release(&f);
}

/*
 * A guest trace ingested with the host's teaches what an unknown MMIO page is: each write to
 * 0xfebf2000 is followed 30 µs later by the guest's virtio-net rx interrupt, every 5 ms.
 */
static void test_learn_guest(void **state)
{
	struct ioa_learn_params lp;
	const struct ioa_learn_dev *d;
	struct ioa_learn *l;
	struct fx f;
	uint64_t t;

	(void)state;
	fx_init(&f);
	ioa_learn_params_default(&lp);
	l = ioa_learn_new(&lp);
	cast(&f);
	ioa_cls_set_learn(f.c, l);
	for (t = 0; t < 50 * MS; t += 5 * MS)
		seg(&f, (int64_t)(1 + t / MS), 100, T0 + t, T0 + t + MS, IOA_TS_NONE, -1);
	ioa_cls_prepare(f.c);
	for (t = 0; t < 50 * MS; t += 5 * MS) {
		rexit(&f, 100, T0 + t + 100 * US, 4 * US, 0xfebf2008, "", "EPT_MISCONFIG", "");
		rexit(&f, 100, T0 + t + 200 * US, 4 * US, -1, "OVERHEAD", "MSR_WRITE", "");
		guest_io(&f, 100, IOA_IO_IRQ, T0 + t + 130 * US, "virtio0-input.0", 0);
	}
	ioa_cls_finish(f.c);
	ioa_learn_finish(l);
	assert_int_equal(ioa_learn_count(l), 1); /* the MSR write is no device access */
	d = ioa_learn_get(l, 0);
	assert_int_equal(d->vm_id, 1);
	assert_int_equal(d->lo, 0xfebf2000);
	assert_int_equal(d->exits, 10);
	assert_int_equal(d->exit_ns, 40 * US);
	assert_int_equal(d->cat, IOA_CAT_NONE); /* unknown device: no evidence */
	assert_int_equal(d->hits, 10);
	assert_int_equal(d->learnt_cat, IOA_CAT_ETHERNET);
	assert_string_equal(d->learnt_dev, "virtio0-input.0");
	assert_true(d->confidence > 0.75); /* 1 - 10 ms of windows in 46 ms */
	fx_release(&f);
	ioa_learn_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exit_evidence), cmocka_unit_test(test_devmap_override),
		cmocka_unit_test(test_helpers),	      cmocka_unit_test(test_tgid_helpers),
		cmocka_unit_test(test_wake_cause),    cmocka_unit_test(test_context),
		cmocka_unit_test(test_evidence_json), cmocka_unit_test(test_guest_evidence),
		cmocka_unit_test(test_overhead),      cmocka_unit_test(test_kicks),
		cmocka_unit_test(test_kick_in_irq),   cmocka_unit_test(test_learn_guest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
