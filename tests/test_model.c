// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Unit tests of the derived model (analyzer/model.c) and of ioa_event_kind(): event sequences
 * are built by hand and every produced row is checked field by field.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "error.h"
#include "event.h"
#include "model.h"

#define MAXROWS 4096
#define NONE IOA_TS_NONE

struct rows {
	struct ioa_segment_row seg[MAXROWS];
	struct ioa_exit_row ex[MAXROWS];
	struct ioa_io_row io[MAXROWS];
	int nseg, nex, nio;
	int fail; /* return this from the segment callback when non-zero */
};

static int on_seg(void *priv, const struct ioa_segment_row *r)
{
	struct rows *rs = priv;

	if (rs->fail)
		return rs->fail;
	assert_true(rs->nseg < MAXROWS);
	rs->seg[rs->nseg++] = *r;
	return 0;
}

static int on_exit_row(void *priv, const struct ioa_exit_row *r)
{
	struct rows *rs = priv;

	assert_true(rs->nex < MAXROWS);
	rs->ex[rs->nex++] = *r;
	return 0;
}

static int on_io(void *priv, const struct ioa_io_row *r)
{
	struct rows *rs = priv;

	assert_true(rs->nio < MAXROWS);
	rs->io[rs->nio++] = *r;
	return 0;
}

static struct ioa_model *mk(struct rows *rs, const struct ioa_model_opts *opts)
{
	struct ioa_row_sink sink = { rs, on_seg, on_exit_row, on_io };

	memset(rs, 0, sizeof(*rs));
	return ioa_model_new(&sink, opts);
}

static struct ioa_event base(enum ioa_ev_kind kind, const char *name, uint64_t ts, int cpu, int pid)
{
	struct ioa_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = kind;
	ev.name = name;
	ev.ts = ts;
	ev.cpu = cpu;
	ev.pid = pid;
	ev.tgid = -1;
	return ev;
}

static void feed(struct ioa_model *m, const struct ioa_event *ev)
{
	assert_int_equal(ioa_model_feed(m, ev), 0);
}

static void other(struct ioa_model *m, uint64_t ts, int cpu, int pid)
{
	struct ioa_event ev = base(IOA_EV_OTHER, "sys_enter", ts, cpu, pid);

	feed(m, &ev);
}

static void sw(struct ioa_model *m, uint64_t ts, int cpu, int prev, const char *pcomm,
	       const char *state, int next, const char *ncomm)
{
	struct ioa_event ev = base(IOA_EV_SWITCH, "sched_switch", ts, cpu, prev);

	strcpy(ev.u.sw.prev_comm, pcomm);
	ev.u.sw.prev_pid = prev;
	strcpy(ev.u.sw.prev_state, state);
	strcpy(ev.u.sw.next_comm, ncomm);
	ev.u.sw.next_pid = next;
	feed(m, &ev);
}

static void wake(struct ioa_model *m, enum ioa_ev_kind kind, uint64_t ts, int cpu, int waker,
		 int pid, const char *comm)
{
	static const char *const names[] = {
		[IOA_EV_WAKEUP] = "sched_wakeup",
		[IOA_EV_WAKEUP_NEW] = "sched_wakeup_new",
		[IOA_EV_WAKING] = "sched_waking",
	};
	struct ioa_event ev = base(kind, names[kind], ts, cpu, waker);

	ev.u.wake.pid = pid;
	strcpy(ev.u.wake.comm, comm);
	feed(m, &ev);
}

static void kexit(struct ioa_model *m, uint64_t ts, int cpu, int pid, int vcpu, uint32_t reason,
		  uint64_t info1)
{
	struct ioa_event ev = base(IOA_EV_KVM_EXIT, "kvm_exit", ts, cpu, pid);

	ev.u.kexit.vcpu_id = vcpu;
	ev.u.kexit.isa = IOA_ISA_VMX;
	ev.u.kexit.reason = reason;
	ev.u.kexit.info1 = info1;
	feed(m, &ev);
}

static void kentry(struct ioa_model *m, uint64_t ts, int cpu, int pid, int vcpu)
{
	struct ioa_event ev = base(IOA_EV_KVM_ENTRY, "kvm_entry", ts, cpu, pid);

	ev.u.kentry.vcpu_id = vcpu;
	feed(m, &ev);
}

static void pio(struct ioa_model *m, uint64_t ts, int cpu, int pid, int port, int rw)
{
	struct ioa_event ev = base(IOA_EV_KVM_PIO, "kvm_pio", ts, cpu, pid);

	ev.u.pio.port = port;
	ev.u.pio.rw = rw;
	ev.u.pio.size = 1;
	ev.u.pio.count = 1;
	feed(m, &ev);
}

static void mmio(struct ioa_model *m, uint64_t ts, int cpu, int pid, int type, uint64_t gpa)
{
	struct ioa_event ev = base(IOA_EV_KVM_MMIO, "kvm_mmio", ts, cpu, pid);

	ev.u.mmio.type = type;
	ev.u.mmio.gpa = gpa;
	ev.u.mmio.len = 4;
	feed(m, &ev);
}

static void uexit(struct ioa_model *m, uint64_t ts, int cpu, int pid, uint32_t reason)
{
	struct ioa_event ev = base(IOA_EV_KVM_UEXIT, "kvm_userspace_exit", ts, cpu, pid);

	ev.u.uexit.reason = reason;
	feed(m, &ev);
}

static void pf(struct ioa_model *m, uint64_t ts, int cpu, int pid, uint64_t addr)
{
	struct ioa_event ev = base(IOA_EV_KVM_PF, "kvm_page_fault", ts, cpu, pid);

	ev.u.pf.addr = addr;
	feed(m, &ev);
}

static void blk(struct ioa_model *m, enum ioa_ev_kind kind, uint64_t ts, int cpu, int pid,
		uint64_t sector, uint32_t nr, uint64_t bytes)
{
	struct ioa_event ev =
		base(kind, kind == IOA_EV_BLK_ISSUE ? "block_rq_issue" : "block_rq_complete", ts,
		     cpu, pid);

	ev.u.blk.dev = ioa_dev_make(8, 16);
	ev.u.blk.sector = sector;
	ev.u.blk.nr_sector = nr;
	ev.u.blk.bytes = bytes;
	strcpy(ev.u.blk.rwbs, "W");
	feed(m, &ev);
}

static void assert_seg(const struct ioa_segment_row *s, int tid, int cpu, uint64_t start,
		       uint64_t end, const char *state, int partial)
{
	assert_int_equal(s->tid, tid);
	assert_int_equal(s->cpu, cpu);
	assert_int_equal(s->start_ns, start);
	assert_int_equal(s->end_ns, end);
	assert_string_equal(s->end_state, state);
	assert_int_equal(s->partial, partial);
}

static void assert_wake(const struct ioa_segment_row *s, uint64_t wake, int waker, int wcpu)
{
	assert_int_equal(s->wake_ns, wake);
	assert_int_equal(s->waker_tid, waker);
	assert_int_equal(s->waker_cpu, wcpu);
}

static const struct ioa_thread_row *find_thread(const struct ioa_model *m, int tid)
{
	const struct ioa_thread_row *t;
	size_t i, n = ioa_model_threads(m, &t);

	for (i = 0; i < n; i++)
		if (t[i].tid == tid)
			return &t[i];
	return NULL;
}

static int has_warning(const struct ioa_model *m, const char *needle)
{
	const char *const *w;
	size_t i, n = ioa_model_warnings(m, &w);

	for (i = 0; i < n; i++)
		if (strstr(w[i], needle))
			return 1;
	return 0;
}

/* ---- ioa_event_kind ---------------------------------------------------------------------- */

static void test_event_kind(void **state)
{
	(void)state;
	assert_int_equal(ioa_event_kind("sched", "sched_switch"), IOA_EV_SWITCH);
	assert_int_equal(ioa_event_kind(NULL, "sched_switch"), IOA_EV_SWITCH);
	assert_int_equal(ioa_event_kind("ftrace", "sched_switch"), IOA_EV_OTHER);
	assert_int_equal(ioa_event_kind(NULL, "sched_waking"), IOA_EV_WAKING);
	assert_int_equal(ioa_event_kind(NULL, "sched_wakeup_new"), IOA_EV_WAKEUP_NEW);
	assert_int_equal(ioa_event_kind(NULL, "sched_migrate_task"), IOA_EV_MIGRATE);
	assert_int_equal(ioa_event_kind("task", "task_rename"), IOA_EV_RENAME);
	assert_int_equal(ioa_event_kind("kvm", "kvm_exit"), IOA_EV_KVM_EXIT);
	assert_int_equal(ioa_event_kind("kvm", "kvm_entry"), IOA_EV_KVM_ENTRY);
	assert_int_equal(ioa_event_kind("kvm", "kvm_fast_mmio"), IOA_EV_KVM_MMIO);
	assert_int_equal(ioa_event_kind(NULL, "kvm_mmio"), IOA_EV_KVM_MMIO);
	assert_int_equal(ioa_event_kind(NULL, "kvm_pio"), IOA_EV_KVM_PIO);
	assert_int_equal(ioa_event_kind(NULL, "kvm_userspace_exit"), IOA_EV_KVM_UEXIT);
	assert_int_equal(ioa_event_kind(NULL, "kvm_page_fault"), IOA_EV_KVM_PF);
	assert_int_equal(ioa_event_kind(NULL, "kvm_msi_set_irq"), IOA_EV_KVM_IRQ);
	assert_int_equal(ioa_event_kind(NULL, "kvm_set_irq"), IOA_EV_KVM_IRQ);
	assert_int_equal(ioa_event_kind(NULL, "kvm_apic_accept_irq"), IOA_EV_KVM_IRQ);
	assert_int_equal(ioa_event_kind("kvm", "kvm_fpu"), IOA_EV_KVM_OTHER);
	assert_int_equal(ioa_event_kind(NULL, "kvm_apic"), IOA_EV_KVM_OTHER);
	assert_int_equal(ioa_event_kind(NULL, "kvm_inj_virq"), IOA_EV_KVM_OTHER);
	assert_int_equal(ioa_event_kind(NULL, "kvm_nested_vmexit"), IOA_EV_KVM_OTHER);
	assert_int_equal(ioa_event_kind(NULL, "kvm_ple_window_update"), IOA_EV_KVM_OTHER);
	assert_int_equal(ioa_event_kind(NULL, "kvm_vcpu_wakeup"), IOA_EV_KVM_OTHER);
	/* raised outside vCPU context: must not make a vCPU */
	assert_int_equal(ioa_event_kind("kvm", "kvm_age_hva"), IOA_EV_OTHER);
	assert_int_equal(ioa_event_kind("kvm", "kvm_unmap_hva_range"), IOA_EV_OTHER);
	assert_int_equal(ioa_event_kind("kvmmmu", "kvm_mmu_get_page"), IOA_EV_OTHER);
	assert_int_equal(ioa_event_kind("kvmmmu", "kvm_fpu"), IOA_EV_OTHER);
	assert_int_equal(ioa_event_kind(NULL, "kvm_async_pf_completed"), IOA_EV_OTHER);
	assert_int_equal(ioa_event_kind("block", "block_rq_issue"), IOA_EV_BLK_ISSUE);
	assert_int_equal(ioa_event_kind("block", "block_rq_complete"), IOA_EV_BLK_COMPLETE);
	assert_int_equal(ioa_event_kind("block", "block_rq_insert"), IOA_EV_OTHER);
	assert_int_equal(ioa_event_kind("net", "net_dev_xmit"), IOA_EV_NET_XMIT);
	assert_int_equal(ioa_event_kind("net", "netif_receive_skb"), IOA_EV_NET_RECV);
	assert_int_equal(ioa_event_kind("net", "napi_gro_receive_entry"), IOA_EV_NET_RECV);
	assert_int_equal(ioa_event_kind(NULL, "netif_rx"), IOA_EV_NET_RECV);
	assert_int_equal(ioa_event_kind("irq", "irq_handler_entry"), IOA_EV_IRQ_ENTRY);
	assert_int_equal(ioa_event_kind("irq", "irq_handler_exit"), IOA_EV_IRQ_EXIT);
	assert_int_equal(ioa_event_kind("irq", "softirq_entry"), IOA_EV_SOFTIRQ_ENTRY);
	assert_int_equal(ioa_event_kind("irq", "softirq_exit"), IOA_EV_SOFTIRQ_EXIT);
	assert_int_equal(ioa_event_kind(NULL, "softirq_raise"), IOA_EV_OTHER);
	assert_int_equal(ioa_event_kind("cobalt_core", "cobalt_switch_context"), IOA_EV_CO_SWITCH);
	assert_int_equal(ioa_event_kind(NULL, "cobalt_switch_context"), IOA_EV_CO_SWITCH);
	assert_int_equal(ioa_event_kind("sched", "cobalt_switch_context"), IOA_EV_OTHER);
	assert_int_equal(ioa_event_kind("cobalt_core", "cobalt_thread_resume"), IOA_EV_CO_RESUME);
	assert_int_equal(ioa_event_kind("cobalt_posix", "cobalt_head_sysentry"), IOA_EV_CO_OTHER);
	assert_int_equal(ioa_event_kind(NULL, "cobalt_timer_start"), IOA_EV_CO_OTHER);
	assert_int_equal(ioa_event_kind("kvm", "cobalt_irq_entry"), IOA_EV_OTHER);
	assert_int_equal(ioa_event_kind(NULL, "zzz"), IOA_EV_OTHER);
	assert_int_equal(ioa_event_kind(NULL, ""), IOA_EV_OTHER);
	assert_int_equal(ioa_event_kind(NULL, NULL), IOA_EV_OTHER);
}

/* ---- segments -------------------------------------------------------------------------- */

static void test_segments(void **state)
{
	static struct rows rs;
	struct ioa_model *m = mk(&rs, NULL);
	const struct ioa_cpu_row *c;
	const struct ioa_thread_row *t;

	(void)state;
	other(m, 100, 0, 10); /* 10 already running */
	wake(m, IOA_EV_WAKING, 120, 0, 10, 20, "worker");
	wake(m, IOA_EV_WAKEUP, 130, 0, 10, 20, "worker"); /* waking is preferred */
	sw(m, 200, 0, 10, "bash", "S", 20, "worker");
	sw(m, 300, 0, 20, "worker", "R+", 0, "swapper/0");
	sw(m, 400, 0, 0, "swapper/0", "R", 10, "bash");
	other(m, 450, 0, 10);
	assert_int_equal(ioa_model_finish(m), 0);

	assert_int_equal(rs.nseg, 3);
	assert_seg(&rs.seg[0], 10, 0, 100, 200, "S", 1);
	assert_wake(&rs.seg[0], NONE, -1, -1);
	assert_seg(&rs.seg[1], 20, 0, 200, 300, "R+", 0);
	assert_wake(&rs.seg[1], 120, 10, 0);
	assert_seg(&rs.seg[2], 10, 0, 400, 450, "", 1);
	assert_wake(&rs.seg[2], NONE, -1, -1);

	assert_int_equal(ioa_model_cpus(m, &c), 1);
	assert_int_equal(c[0].first_ts, 100);
	assert_int_equal(c[0].last_ts, 450);
	assert_int_equal(c[0].events, 7);
	assert_int_equal(c[0].idle_ns, 100);

	assert_int_equal(ioa_model_threads(m, &t), 2);
	assert_int_equal(t[0].tid, 10);
	assert_string_equal(t[0].comm, "bash");
	assert_int_equal(t[0].run_ns, 150);
	assert_int_equal(t[0].first_ts, 100);
	assert_int_equal(t[0].last_ts, 450);
	assert_int_equal(t[0].is_vcpu, 0);
	assert_int_equal(t[1].tid, 20);
	assert_string_equal(t[1].comm, "worker");
	assert_int_equal(t[1].run_ns, 100);
	assert_int_equal(t[1].first_ts, 120);
	assert_null(find_thread(m, 0));
	ioa_model_free(m);
}

/* the first switch of a CPU: its prev opens where its own events start; a lone switch gives
 * nothing for prev */
static void test_first_switch(void **state)
{
	static struct rows rs;
	struct ioa_model *m = mk(&rs, NULL);

	(void)state;
	other(m, 500, 1, 30);
	sw(m, 1000, 1, 30, "a", "D", 31, "b");
	sw(m, 1000, 2, 40, "c", "S", 41, "d"); /* first event of cpu 2 */
	sw(m, 1500, 2, 41, "d", "S", 40, "c");
	assert_int_equal(ioa_model_finish(m), 0);
	/* cpu 2's 40 and the 31/40 still running at the end are zero long and partial: dropped */
	assert_int_equal(rs.nseg, 2);
	assert_seg(&rs.seg[0], 30, 1, 500, 1000, "D", 1);
	assert_seg(&rs.seg[1], 41, 2, 1000, 1500, "S", 0);
	ioa_model_free(m);
}

static void test_wakeup_only(void **state)
{
	static struct rows rs;
	struct ioa_model *m = mk(&rs, NULL);

	(void)state;
	sw(m, 100, 0, 0, "swapper/0", "R", 5, "a");
	wake(m, IOA_EV_WAKEUP_NEW, 150, 0, 5, 6, "child");
	sw(m, 200, 0, 5, "a", "R", 6, "child");
	wake(m, IOA_EV_WAKEUP, 250, 1, 0, 5, "a"); /* woken from idle on cpu 1 */
	sw(m, 300, 0, 6, "child", "S", 5, "a");
	sw(m, 400, 0, 5, "a", "S", 0, "swapper/0");
	assert_int_equal(ioa_model_finish(m), 0);
	assert_int_equal(rs.nseg, 3);
	assert_seg(&rs.seg[0], 5, 0, 100, 200, "R", 0);
	assert_wake(&rs.seg[0], NONE, -1, -1);
	assert_seg(&rs.seg[1], 6, 0, 200, 300, "S", 0);
	assert_wake(&rs.seg[1], 150, 5, 0);
	assert_seg(&rs.seg[2], 5, 0, 300, 400, "S", 0);
	assert_wake(&rs.seg[2], 250, 0, 1);
	ioa_model_free(m);
}

static void test_duplicate_switch(void **state)
{
	static struct rows rs;
	struct ioa_model *m = mk(&rs, NULL);
	const struct ioa_event_count *cnt;

	(void)state;
	sw(m, 100, 0, 0, "swapper/0", "R", 7, "x");
	sw(m, 200, 0, 7, "x", "S", 0, "swapper/0");
	sw(m, 200, 0, 7, "x", "S", 0, "swapper/0");
	assert_int_equal(ioa_model_finish(m), 0);
	assert_int_equal(rs.nseg, 1);
	assert_seg(&rs.seg[0], 7, 0, 100, 200, "S", 0);
	assert_true(has_warning(m, "1 duplicate sched_switch"));
	assert_int_equal(ioa_model_counts(m, &cnt), 1);
	assert_int_equal(cnt[0].count, 3);
	ioa_model_free(m);
}

static void test_lost_events(void **state)
{
	static struct rows rs;
	struct ioa_model *m = mk(&rs, NULL);
	const struct ioa_cpu_row *c;

	(void)state;
	sw(m, 100, 0, 10, "a", "S", 20, "b");
	other(m, 150, 0, 20);
	sw(m, 200, 0, 30, "c", "S", 40, "d"); /* 20 → 30 was lost */
	other(m, 250, 0, 40);
	ioa_model_lost(m, 0, 300, 5); /* cuts 40 at its last event */
	other(m, 350, 0, 50);
	assert_int_equal(ioa_model_finish(m), 0);
	assert_int_equal(rs.nseg, 2);
	assert_seg(&rs.seg[0], 20, 0, 100, 150, "", 1);
	assert_seg(&rs.seg[1], 40, 0, 200, 250, "", 1);
	assert_true(has_warning(m, "1 times the running thread"));
	assert_int_equal(ioa_model_cpus(m, &c), 1);
	assert_int_equal(c[0].lost, 5);
	ioa_model_free(m);
}

static void test_out_of_order(void **state)
{
	static struct rows rs;
	struct ioa_model *m = mk(&rs, NULL);
	const struct ioa_thread_row *t;
	struct ioa_model_totals tot;

	(void)state;
	sw(m, 10000000, 0, 0, "swapper/0", "R", 20, "b");
	other(m, 9999500, 0, 20); /* 500 ns back: clamped */
	sw(m, 12000000, 0, 20, "b", "S", 0, "swapper/0");
	other(m, 5000000, 0, 30); /* 7 ms back: not modelled */
	assert_int_equal(ioa_model_finish(m), 0);
	assert_int_equal(rs.nseg, 1);
	assert_seg(&rs.seg[0], 20, 0, 10000000, 12000000, "S", 0);
	assert_true(has_warning(m, "2 events went back in time"));
	assert_true(has_warning(m, "1 by less than 1 ms were clamped, 1 were counted"));
	assert_int_equal(ioa_model_threads(m, &t), 1);
	ioa_model_totals(m, &tot);
	assert_int_equal(tot.events, 4);
	assert_int_equal(tot.first_ts, 5000000);
	assert_int_equal(tot.last_ts, 12000000);
	ioa_model_free(m);
}

static void test_migration_lost_switch_out(void **state)
{
	static struct rows rs;
	struct ioa_model *m = mk(&rs, NULL);

	(void)state;
	sw(m, 100, 0, 0, "swapper/0", "R", 10, "a");
	other(m, 150, 0, 10);
	sw(m, 200, 1, 0, "swapper/1", "R", 10, "a"); /* 10's switch-out on cpu 0 missing */
	sw(m, 300, 1, 10, "a", "S", 0, "swapper/1");
	assert_int_equal(ioa_model_finish(m), 0);
	assert_int_equal(rs.nseg, 2);
	assert_seg(&rs.seg[0], 10, 0, 100, 150, "", 1);
	assert_seg(&rs.seg[1], 10, 1, 200, 300, "S", 0);
	ioa_model_free(m);
}

/* ---- vCPUs and exits --------------------------------------------------------------------- */

static void test_kvm_exits(void **state)
{
	static struct rows rs;
	struct ioa_model *m = mk(&rs, NULL);
	const struct ioa_vcpu_row *v;
	const struct ioa_vm_row *vm;
	struct ioa_model_totals tot;

	(void)state;
	sw(m, 1000, 0, 0, "swapper/0", "R", 100, "CPU 0/KVM");
	kentry(m, 1100, 0, 100, 0);
	kexit(m, 1500, 0, 100, 0, 30, 0x3f8ull << 16); /* OUT to COM1 */
	pio(m, 1510, 0, 100, 0x3f8, 1);
	kentry(m, 1600, 0, 100, 0);
	kexit(m, 2000, 0, 100, 0, 48, 0);
	pf(m, 2005, 0, 100, 0x1234000);
	kentry(m, 2100, 0, 100, 0);
	kexit(m, 2500, 0, 100, 0, 12, 0);
	sw(m, 2600, 0, 100, "CPU 0/KVM", "S", 0, "swapper/0");
	sw(m, 3000, 0, 0, "swapper/0", "R", 100, "CPU 0/KVM");
	kentry(m, 3100, 0, 100, 0);
	kexit(m, 3500, 0, 100, 0, 1, 0);
	kentry(m, 3600, 0, 100, 0);
	sw(m, 4000, 0, 100, "CPU 0/KVM", "R", 0, "swapper/0");
	assert_int_equal(ioa_model_finish(m), 0);

	assert_int_equal(rs.nex, 4);
	assert_int_equal(rs.ex[0].ts, 1500);
	assert_int_equal(rs.ex[0].dur_ns, 100);
	assert_string_equal(rs.ex[0].source, "kvm_exit");
	assert_int_equal(rs.ex[0].reason, 30);
	assert_string_equal(rs.ex[0].reason_name, "IO_INSTRUCTION");
	assert_int_equal(rs.ex[0].port, 0x3f8);
	assert_int_equal(rs.ex[0].rw, 1);
	assert_int_equal(rs.ex[0].gpa, -1);
	assert_string_equal(rs.ex[0].category, "BUS");
	assert_int_equal(rs.ex[0].vcpu, 0);
	assert_int_equal(rs.ex[0].tid, 100);
	assert_int_equal(rs.ex[1].gpa, 0x1234000);
	assert_string_equal(rs.ex[1].category, "RAM");
	assert_string_equal(rs.ex[2].reason_name, "HLT");
	assert_int_equal(rs.ex[2].dur_ns, 600);
	assert_string_equal(rs.ex[2].category, "IDLE");
	assert_string_equal(rs.ex[3].reason_name, "EXTERNAL_INTERRUPT");
	/* a host interrupt is overhead until classify finds its handler's device */
	assert_string_equal(rs.ex[3].category, "OVERHEAD");

	assert_int_equal(rs.nseg, 2);
	assert_seg(&rs.seg[0], 100, 0, 1000, 2600, "S", 0);
	assert_int_equal(rs.seg[0].guest_ns, 1200);
	assert_int_equal(rs.seg[0].exit_ns, 300);
	assert_int_equal(rs.seg[0].n_exits, 3);
	assert_seg(&rs.seg[1], 100, 0, 3000, 4000, "R", 0);
	assert_int_equal(rs.seg[1].guest_ns, 800);
	assert_int_equal(rs.seg[1].exit_ns, 200);
	assert_int_equal(rs.seg[1].n_exits, 1);

	assert_int_equal(ioa_model_vcpus(m, &v), 1);
	assert_int_equal(v[0].tid, 100);
	assert_int_equal(v[0].vcpu, 0);
	assert_int_equal(v[0].vm_id, 1);
	assert_string_equal(v[0].source, "kvm_exit");
	assert_int_equal(ioa_model_vms(m, &vm), 1);
	assert_string_equal(vm[0].source, "name");
	assert_string_equal(vm[0].name, "tids 100-100");
	assert_int_equal(find_thread(m, 100)->is_vcpu, 1);
	ioa_model_totals(m, &tot);
	assert_int_equal(tot.has_kvm_exit, 1);
	assert_int_equal(tot.exits, 4);
	assert_int_equal(tot.segments, 2);
	assert_false(has_warning(m, "no kvm_exit"));
	ioa_model_free(m);
}

/* a host whose KVM only traces kvm_pio, kvm_mmio and kvm_userspace_exit */
static void test_userspace_exits(void **state)
{
	static struct rows rs;
	struct ioa_model *m = mk(&rs, NULL);
	const struct ioa_vcpu_row *v;
	const struct ioa_vm_row *vm;

	(void)state;
	sw(m, 50, 0, 0, "swapper/0", "R", 200, "tinyvm");
	pio(m, 100, 0, 200, 0x3f8, 1);
	uexit(m, 110, 0, 200, 2);
	uexit(m, 200, 0, 200, 2); /* IN: the pio comes at completion */
	pio(m, 250, 0, 200, 0x71, 0);
	mmio(m, 300, 0, 200, IOA_MMIO_UNSATISFIED_READ, 0xfee00030);
	uexit(m, 310, 0, 200, 6);
	mmio(m, 350, 0, 200, IOA_MMIO_READ, 0xfee00030);  /* completion, not a new exit */
	mmio(m, 400, 0, 200, IOA_MMIO_WRITE, 0xd0000000); /* handled in the kernel */
	pio(m, 500, 0, 200, 0x80, 1);
	uexit(m, 600, 0, 200, 5);
	assert_int_equal(ioa_model_finish(m), 0);

	assert_int_equal(rs.nex, 6);
	assert_string_equal(rs.ex[0].source, "userspace");
	assert_int_equal(rs.ex[0].ts, 110);
	assert_int_equal(rs.ex[0].reason, 2);
	assert_string_equal(rs.ex[0].reason_name, "KVM_EXIT_IO");
	assert_int_equal(rs.ex[0].port, 0x3f8);
	assert_int_equal(rs.ex[0].rw, 1);
	assert_int_equal(rs.ex[0].dur_ns, NONE);
	assert_string_equal(rs.ex[0].category, "BUS");
	assert_int_equal(rs.ex[1].ts, 200);
	assert_int_equal(rs.ex[1].port, 0x71);
	assert_int_equal(rs.ex[1].rw, 0);
	assert_int_equal(rs.ex[2].ts, 310);
	assert_string_equal(rs.ex[2].reason_name, "KVM_EXIT_MMIO");
	assert_int_equal(rs.ex[2].gpa, 0xfee00030);
	assert_int_equal(rs.ex[2].rw, 0);
	assert_string_equal(rs.ex[2].category, "OVERHEAD"); /* local APIC */
	assert_string_equal(rs.ex[3].source, "mmio");
	assert_int_equal(rs.ex[3].ts, 400);
	assert_int_equal(rs.ex[3].gpa, 0xd0000000);
	assert_int_equal(rs.ex[3].rw, 1);
	assert_string_equal(rs.ex[3].category, "");
	assert_string_equal(rs.ex[4].source, "pio");
	assert_int_equal(rs.ex[4].port, 0x80);
	assert_string_equal(rs.ex[4].category, "OVERHEAD");
	assert_string_equal(rs.ex[5].reason_name, "KVM_EXIT_HLT");
	assert_string_equal(rs.ex[5].category, "IDLE");
	assert_int_equal(rs.ex[5].ts, 600);

	assert_int_equal(rs.nseg, 1);
	assert_seg(&rs.seg[0], 200, 0, 50, 600, "", 1);
	assert_int_equal(rs.seg[0].n_exits, 6);
	assert_int_equal(rs.seg[0].guest_ns, 0);

	assert_int_equal(ioa_model_vcpus(m, &v), 1);
	assert_string_equal(v[0].source, "kvm");
	assert_int_equal(v[0].vcpu, -1);
	assert_int_equal(ioa_model_vms(m, &vm), 1);
	assert_string_equal(vm[0].source, "single");
	assert_string_equal(vm[0].name, "tinyvm");
	assert_true(has_warning(m, "no kvm_exit/kvm_entry events: exits come from "
				   "kvm_userspace_exit/kvm_pio/kvm_mmio, guest time unknown"));
	ioa_model_free(m);
}

/* with kvm_exit, userspace exits and pio/mmio attach to the open exit */
static void test_exit_with_uexit(void **state)
{
	static struct rows rs;
	struct ioa_model *m = mk(&rs, NULL);

	(void)state;
	other(m, 10, 0, 300);
	kexit(m, 100, 0, 300, 1, 30, (0x1f0ull << 16) | 0x8 | 0x1); /* IN 16 bit */
	uexit(m, 110, 0, 300, 2);
	pio(m, 150, 0, 300, 0x1f0, 0);
	kentry(m, 170, 0, 300, 1);
	kexit(m, 200, 0, 300, 1, 49, 0); /* MMIO via EPT misconfig */
	mmio(m, 210, 0, 300, IOA_MMIO_WRITE, 0xa0010);
	kexit(m, 300, 0, 300, 1, 0x80000021, 0); /* entry of the last missing */
	assert_int_equal(ioa_model_finish(m), 0);
	assert_int_equal(rs.nex, 3);
	assert_int_equal(rs.ex[0].dur_ns, 70);
	assert_int_equal(rs.ex[0].port, 0x1f0);
	assert_int_equal(rs.ex[0].size, 1);
	assert_int_equal(rs.ex[0].rw, 0);
	assert_string_equal(rs.ex[0].category, "STORAGE");
	assert_int_equal(rs.ex[1].dur_ns, NONE);
	assert_int_equal(rs.ex[1].gpa, 0xa0010);
	assert_string_equal(rs.ex[1].category, "GPU");
	assert_int_equal(rs.ex[2].reason, 0x21);
	assert_string_equal(rs.ex[2].reason_name, "FAILED_ENTRY:INVALID_STATE");
	assert_int_equal(rs.ex[2].vcpu, 1);
	ioa_model_free(m);
}

/* ---- VMs -------------------------------------------------------------------------------- */

static void tgid_entry(struct ioa_model *m, uint64_t ts, int cpu, int pid, int tgid, int vcpu,
		       const char *comm)
{
	struct ioa_event ev = base(IOA_EV_KVM_ENTRY, "kvm_entry", ts, cpu, pid);

	ev.tgid = tgid;
	ev.comm = comm;
	ev.u.kentry.vcpu_id = vcpu;
	feed(m, &ev);
}

static void test_vm_tgid(void **state)
{
	static struct rows rs;
	struct ioa_model *m = mk(&rs, NULL);
	struct ioa_event ev = base(IOA_EV_OTHER, "sys_enter", 50, 3, 299);
	const struct ioa_vcpu_row *v;
	const struct ioa_vm_row *vm;

	(void)state;
	ev.tgid = 299;
	ev.comm = "qemu-system-x86";
	feed(m, &ev);
	tgid_entry(m, 100, 0, 300, 299, 1, "CPU 1/KVM");
	tgid_entry(m, 100, 1, 301, 299, 0, "CPU 0/KVM");
	tgid_entry(m, 100, 2, 310, 309, 0, "CPU 0/KVM");
	assert_int_equal(ioa_model_finish(m), 0);
	assert_int_equal(ioa_model_vms(m, &vm), 2);
	assert_int_equal(vm[0].vm_id, 1);
	assert_int_equal(vm[0].host_pid, 299);
	assert_string_equal(vm[0].name, "qemu-system-x86");
	assert_string_equal(vm[0].source, "tgid");
	assert_int_equal(vm[1].host_pid, 309);
	assert_string_equal(vm[1].name, "pid 309");
	assert_int_equal(ioa_model_vcpus(m, &v), 3);
	assert_int_equal(v[0].tid, 301);
	assert_int_equal(v[0].vcpu, 0);
	assert_int_equal(v[0].vm_id, 1);
	assert_int_equal(v[1].tid, 300);
	assert_int_equal(v[1].vcpu, 1);
	assert_int_equal(v[1].vm_id, 1);
	assert_int_equal(v[2].tid, 310);
	assert_int_equal(v[2].vm_id, 2);
	assert_int_equal(find_thread(m, 301)->tgid, 299);
	assert_int_equal(find_thread(m, 299)->is_vcpu, 0);
	ioa_model_free(m);
}

static void name_threads(struct ioa_model *m)
{
	static const struct {
		int tid;
		const char *comm;
	} th[] = {
		{ 400, "CPU 0/TCG" }, { 401, "CPU 1/TCG" }, { 410, "CPU 0/TCG" },
		{ 411, "CPU 1/TCG" }, { 412, "CPU 2/TCG" }, { 500, "fc_vcpu 0" },
		{ 600, "bash" },      { 601, "vcpu0" },	    { 602, "kworker/0:1" },
	};
	uint64_t ts = 100;
	size_t i;

	for (i = 0; i < sizeof(th) / sizeof(th[0]); i++, ts += 100) {
		sw(m, ts, 0, 0, "swapper/0", "R", th[i].tid, th[i].comm);
		sw(m, ts + 50, 0, th[i].tid, th[i].comm, "S", 0, "swapper/0");
	}
}

static void test_vm_names(void **state)
{
	static struct rows rs;
	struct ioa_model *m = mk(&rs, NULL);
	const struct ioa_vcpu_row *v;
	const struct ioa_vm_row *vm;

	(void)state;
	name_threads(m);
	assert_int_equal(ioa_model_finish(m), 0);
	assert_int_equal(ioa_model_vms(m, &vm), 3);
	assert_string_equal(vm[0].name, "tids 400-401");
	assert_string_equal(vm[0].source, "name");
	assert_int_equal(vm[0].host_pid, -1);
	assert_string_equal(vm[1].name, "tids 410-412");
	assert_string_equal(vm[2].name, "tids 500-500");
	assert_int_equal(ioa_model_vcpus(m, &v), 6);
	assert_int_equal(v[0].tid, 400);
	assert_int_equal(v[0].vcpu, 0);
	assert_int_equal(v[1].tid, 401);
	assert_int_equal(v[1].vcpu, 1);
	assert_int_equal(v[1].vm_id, 1);
	assert_int_equal(v[2].tid, 410);
	assert_int_equal(v[2].vm_id, 2);
	assert_int_equal(v[4].tid, 412);
	assert_int_equal(v[4].vcpu, 2);
	assert_int_equal(v[5].tid, 500);
	assert_int_equal(v[5].vm_id, 3);
	assert_string_equal(v[5].source, "name");
	assert_int_equal(find_thread(m, 600)->is_vcpu, 0);
	assert_int_equal(find_thread(m, 601)->is_vcpu, 0); /* "vcpuN" alone is not enough */
	assert_int_equal(find_thread(m, 602)->is_kthread, 1);
	assert_int_equal(find_thread(m, 600)->is_kthread, 0);
	assert_int_equal(find_thread(m, 400)->is_vcpu, 1);
	/* TCG only: no kvm events at all, and the warning says how the vCPUs were found */
	assert_true(has_warning(m, "no kvm events from the vCPU threads"));
	assert_false(has_warning(m, "no kvm_exit"));
	ioa_model_free(m);
}

static void test_vm_override(void **state)
{
	static struct rows rs;
	int tids[] = { 401, 400, 999 };
	struct ioa_vm_override o = { "plc", tids, 3, NULL };
	struct ioa_model_opts opts = { &o, 1 };
	struct ioa_model *m = mk(&rs, &opts);
	const struct ioa_vcpu_row *v;
	const struct ioa_vm_row *vm;

	(void)state;
	tids[0] = 401; /* the model keeps its own copy: changing ours later is harmless */
	name_threads(m);
	tids[0] = 12345;
	assert_int_equal(ioa_model_finish(m), 0);
	assert_int_equal(ioa_model_vms(m, &vm), 3);
	assert_string_equal(vm[0].name, "plc");
	assert_string_equal(vm[0].source, "override");
	assert_string_equal(vm[1].name, "tids 410-412");
	assert_int_equal(ioa_model_vcpus(m, &v), 6);
	assert_int_equal(v[0].tid, 401);
	assert_int_equal(v[0].vcpu, 0);
	assert_string_equal(v[0].source, "override");
	assert_int_equal(v[1].tid, 400);
	assert_int_equal(v[1].vcpu, 1);
	assert_true(has_warning(m, "--vm plc: thread 999 is not in the trace"));
	ioa_model_free(m);
}

static void test_vm_vhost_hint(void **state)
{
	static struct rows rs;
	struct ioa_model *m = mk(&rs, NULL);
	const struct ioa_vm_row *vm;

	(void)state;
	other(m, 10, 1, 701);
	kentry(m, 20, 0, 700, -1);
	wake(m, IOA_EV_WAKING, 30, 1, 701, 700, "CPU 0/KVM");
	sw(m, 40, 1, 701, "vhost-650", "S", 0, "swapper/1");
	assert_int_equal(ioa_model_finish(m), 0);
	assert_int_equal(ioa_model_vms(m, &vm), 1);
	assert_int_equal(vm[0].host_pid, 650);
	assert_string_equal(vm[0].source, "wake");
	assert_string_equal(vm[0].name, "pid 650");
	assert_int_equal(find_thread(m, 701)->is_vcpu, 0);
	ioa_model_free(m);
}

/* ---- I/O ------------------------------------------------------------------------------------ */

static void test_block(void **state)
{
	static struct rows rs;
	struct ioa_model *m = mk(&rs, NULL);

	(void)state;
	blk(m, IOA_EV_BLK_ISSUE, 1000, 0, 10, 100, 8, 4096);
	blk(m, IOA_EV_BLK_ISSUE, 1100, 0, 10, 200, 16, 0);
	blk(m, IOA_EV_BLK_COMPLETE, 2000, 1, 0, 100, 8, 0);
	blk(m, IOA_EV_BLK_COMPLETE, 2100, 1, 0, 999, 8, 0);
	assert_int_equal(ioa_model_finish(m), 0);
	assert_int_equal(rs.nio, 2);
	assert_int_equal(rs.io[0].kind, IOA_IO_BLOCK);
	assert_string_equal(rs.io[0].dev, "8,16");
	assert_int_equal(rs.io[0].ts, 1000);
	assert_int_equal(rs.io[0].end_ts, 2000);
	assert_int_equal(rs.io[0].tid, 10);
	assert_int_equal(rs.io[0].cpu, 0);
	assert_int_equal(rs.io[0].complete_tid, 0);
	assert_int_equal(rs.io[0].bytes, 4096);
	assert_int_equal(rs.io[0].sector, 100);
	assert_string_equal(rs.io[0].rwbs, "W");
	assert_int_equal(rs.io[1].sector, 200);
	assert_int_equal(rs.io[1].bytes, 8192);
	assert_int_equal(rs.io[1].end_ts, NONE);
	assert_int_equal(rs.io[1].complete_tid, -1);
	assert_true(has_warning(m, "1 block_rq_complete without a block_rq_issue"));
	ioa_model_free(m);
}

/* many outstanding requests, completed in a scrambled order: the hash map must keep every one */
static void test_block_many(void **state)
{
	static struct rows rs;
	struct ioa_model *m = mk(&rs, NULL);
	uint64_t i, ts = 1;

	(void)state;
	for (i = 0; i < 3000; i++)
		blk(m, IOA_EV_BLK_ISSUE, ts++, 0, 10, i * 8, 8, 0);
	for (i = 0; i < 3000; i++)
		blk(m, IOA_EV_BLK_COMPLETE, ts++, 0, 10, ((i * 7919) % 3000) * 8, 8, 0);
	assert_int_equal(ioa_model_finish(m), 0);
	assert_int_equal(rs.nio, 3000);
	for (i = 0; i < 3000; i++) {
		assert_int_equal(rs.io[i].sector, ((i * 7919) % 3000) * 8);
		assert_int_equal(rs.io[i].ts, rs.io[i].sector / 8 + 1);
	}
	assert_false(has_warning(m, "block_rq_complete"));
	ioa_model_free(m);
}

static void test_irq_net(void **state)
{
	static struct rows rs;
	struct ioa_model *m = mk(&rs, NULL);
	struct ioa_event ev;

	(void)state;
	ev = base(IOA_EV_IRQ_ENTRY, "irq_handler_entry", 100, 0, 10);
	ev.u.irq.irq = 24;
	strcpy(ev.u.irq.name, "virtio0-input.0");
	feed(m, &ev);
	ev = base(IOA_EV_IRQ_EXIT, "irq_handler_exit", 105, 0, 10);
	ev.u.irq.irq = 24;
	feed(m, &ev);
	ev = base(IOA_EV_SOFTIRQ_ENTRY, "softirq_entry", 106, 0, 10);
	ev.u.softirq.vec = 3;
	feed(m, &ev);
	ev = base(IOA_EV_SOFTIRQ_EXIT, "softirq_exit", 120, 0, 10);
	ev.u.softirq.vec = 3;
	feed(m, &ev);
	ev = base(IOA_EV_NET_XMIT, "net_dev_xmit", 130, 0, 10);
	strcpy(ev.u.net.dev, "tap0");
	ev.u.net.len = 1500;
	feed(m, &ev);
	ev = base(IOA_EV_KVM_IRQ, "kvm_set_irq", 140, 0, 11);
	ev.u.kirq.gsi = 24;
	feed(m, &ev);
	ev = base(IOA_EV_IRQ_ENTRY, "irq_handler_entry", 200, 1, 0);
	ev.u.irq.irq = 30;
	strcpy(ev.u.irq.name, "nvme0q1");
	feed(m, &ev);
	assert_int_equal(ioa_model_finish(m), 0);

	assert_int_equal(rs.nio, 5);
	assert_int_equal(rs.io[0].kind, IOA_IO_IRQ);
	assert_int_equal(rs.io[0].ts, 100);
	assert_int_equal(rs.io[0].end_ts, 105);
	assert_int_equal(rs.io[0].num, 24);
	assert_string_equal(rs.io[0].dev, "virtio0-input.0");
	assert_int_equal(rs.io[0].tid, 10);
	assert_int_equal(rs.io[1].kind, IOA_IO_SOFTIRQ);
	assert_int_equal(rs.io[1].end_ts, 120);
	assert_int_equal(rs.io[1].num, 3);
	assert_string_equal(rs.io[1].dev, "NET_RX");
	assert_int_equal(rs.io[2].kind, IOA_IO_NET_TX);
	assert_string_equal(rs.io[2].dev, "tap0");
	assert_int_equal(rs.io[2].bytes, 1500);
	assert_int_equal(rs.io[3].kind, IOA_IO_KVM_IRQ);
	assert_int_equal(rs.io[3].num, 24);
	assert_int_equal(rs.io[3].tid, 11);
	assert_int_equal(rs.io[4].kind, IOA_IO_IRQ);
	assert_int_equal(rs.io[4].end_ts, NONE);
	assert_int_equal(rs.io[4].cpu, 1);
	/* kvm_set_irq is raised by the injector, which does not become a vCPU */
	assert_int_equal(find_thread(m, 11)->is_vcpu, 0);
	ioa_model_free(m);
}

/* ---- counts, totals, sink errors -------------------------------------------------------- */

static void test_counts(void **state)
{
	static struct rows rs;
	struct ioa_model *m = mk(&rs, NULL);
	const struct ioa_event_count *c;
	struct ioa_model_totals tot;
	char name[16];
	struct ioa_event ev;
	const char *seq[] = { "b_ev", "a_ev", "c_ev", "a_ev" };
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++) {
		strcpy(name, seq[i]); /* the reader reuses its buffer */
		ev = base(IOA_EV_OTHER, name, 10 + i, (int)i, 5);
		feed(m, &ev);
	}
	ev = base(IOA_EV_OTHER, "bad_cpu", 20, -1, 5);
	feed(m, &ev);
	assert_int_equal(ioa_model_finish(m), 0);
	assert_int_equal(ioa_model_counts(m, &c), 4);
	assert_string_equal(c[0].name, "a_ev");
	assert_int_equal(c[0].count, 2);
	assert_string_equal(c[1].name, "b_ev");
	assert_int_equal(c[1].count, 1);
	assert_string_equal(c[2].name, "bad_cpu");
	assert_string_equal(c[3].name, "c_ev");
	ioa_model_totals(m, &tot);
	assert_int_equal(tot.events, 5);
	assert_int_equal(tot.max_cpu, 3);
	assert_int_equal(tot.first_ts, 10);
	assert_int_equal(tot.last_ts, 20);
	assert_int_equal(tot.has_kvm_exit, 0);
	assert_true(has_warning(m, "1 events with an invalid cpu"));
	ioa_model_free(m);
}

static void test_sink_error(void **state)
{
	static struct rows rs;
	struct ioa_model *m = mk(&rs, NULL);
	struct ioa_event ev;

	(void)state;
	rs.fail = -5;
	sw(m, 100, 0, 0, "swapper/0", "R", 7, "x");
	ev = base(IOA_EV_SWITCH, "sched_switch", 200, 0, 7);
	ev.u.sw.prev_pid = 7;
	strcpy(ev.u.sw.prev_state, "S");
	assert_int_equal(ioa_model_feed(m, &ev), -5);
	ev = base(IOA_EV_OTHER, "x", 300, 0, 0);
	assert_int_equal(ioa_model_feed(m, &ev), -5);
	assert_int_equal(ioa_model_finish(m), -5);
	ioa_model_free(m);
}

static void test_empty(void **state)
{
	static struct rows rs;
	struct ioa_model *m = mk(&rs, NULL);
	struct ioa_model_totals tot;
	const struct ioa_thread_row *t;
	const char *const *w;
	struct ioa_event ev;

	(void)state;
	assert_int_equal(ioa_model_finish(m), 0);
	ioa_model_totals(m, &tot);
	assert_int_equal(tot.events, 0);
	assert_int_equal(tot.first_ts, NONE);
	assert_int_equal(tot.max_cpu, -1);
	assert_int_equal(ioa_model_threads(m, &t), 0);
	assert_int_equal(ioa_model_warnings(m, &w), 0);
	ev = base(IOA_EV_OTHER, "late", 1, 0, 1);
	assert_int_equal(ioa_model_feed(m, &ev), IOA_EINTERNAL);
	ioa_model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_event_kind),
		cmocka_unit_test(test_segments),
		cmocka_unit_test(test_first_switch),
		cmocka_unit_test(test_wakeup_only),
		cmocka_unit_test(test_duplicate_switch),
		cmocka_unit_test(test_lost_events),
		cmocka_unit_test(test_out_of_order),
		cmocka_unit_test(test_migration_lost_switch_out),
		cmocka_unit_test(test_kvm_exits),
		cmocka_unit_test(test_userspace_exits),
		cmocka_unit_test(test_exit_with_uexit),
		cmocka_unit_test(test_vm_tgid),
		cmocka_unit_test(test_vm_names),
		cmocka_unit_test(test_vm_override),
		cmocka_unit_test(test_vm_vhost_hint),
		cmocka_unit_test(test_block),
		cmocka_unit_test(test_block_many),
		cmocka_unit_test(test_irq_net),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_sink_error),
		cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
