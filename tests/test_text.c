// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Text readers: every payload variant on hand-written lines, the common prefix (comms with
 * spaces, TGID columns, perf's pid/tid), timestamps, lost events, bad and truncated input,
 * random bytes, and real traces: tests/data/small.txt (raw tracefs text) against its
 * trace-cmd report rendering and its trace.dat, traces/kvm-tiny.dat's report rendering,
 * tests/data/perf.data and its perf script renderings (made by tests/fixtures.sh); with
 * --corpus, the shared corpus beside the checkout. Buffers are copied to exactly-sized
 * allocations so that the sanitizers catch any read past the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "reader.h"
#include "rng.h"
#include "util.h"

struct rec {
	struct ioa_event ev;
	char name[64];
	char comm[IOA_COMM_LEN];
};

struct collect {
	struct rec *v;
	size_t n, alloc;
	int warnings;
	char warn[512];
	uint64_t lost;
	int lost_calls;
	int fields_calls;
	char fields[512];
	size_t stop_after; /* on_event returns 42 after this many events; 0 never */
};

static int on_event(void *priv, const struct ioa_event *ev)
{
	struct collect *c = priv;
	struct rec *r;

	IOA_GROW(c->v, c->n, c->alloc);
	r = &c->v[c->n++];
	r->ev = *ev;
	ioa_strlcpy(r->name, ev->name, sizeof(r->name));
	ioa_strlcpy(r->comm, ev->comm ? ev->comm : "", sizeof(r->comm));
	r->ev.name = r->name;
	r->ev.comm = r->comm;
	return c->stop_after && c->n >= c->stop_after ? 42 : 0;
}

static void on_warning(void *priv, const char *msg)
{
	struct collect *c = priv;

	if (!c->warnings++)
		ioa_strlcpy(c->warn, msg, sizeof(c->warn));
}

static void on_lost(void *priv, int cpu, uint64_t ts, uint64_t count)
{
	struct collect *c = priv;

	(void)cpu;
	(void)ts;
	c->lost += count;
	c->lost_calls++;
}

static void on_fields(void *priv, const char *fields)
{
	struct collect *c = priv;

	c->fields_calls++;
	ioa_strlcpy(c->fields, fields, sizeof(c->fields));
}

static struct ioa_event_sink sink_for(struct collect *c)
{
	struct ioa_event_sink s = { c, on_event, on_warning, on_lost, on_fields, 0, 0 };

	return s;
}

static void collect_free(struct collect *c)
{
	free(c->v);
	memset(c, 0, sizeof(*c));
}

/* parse @len bytes from an exactly-sized copy (no NUL after them) */
static int parse_buf(struct collect *c, const char *text, size_t len, enum ioa_format fmt,
		     struct ioa_trace_meta *meta, struct ioa_err *err)
{
	struct ioa_event_sink sink = sink_for(c);
	char *copy = calloc(1, len ? len : 1);
	int rc;

	memcpy(copy, text, len);
	rc = ioa_read_text_mem(copy, len, "t.txt", fmt, &sink, meta, err);
	free(copy);
	return rc;
}

static int parse_str(struct collect *c, const char *text, struct ioa_trace_meta *meta,
		     struct ioa_err *err)
{
	return parse_buf(c, text, strlen(text), IOA_FMT_UNKNOWN, meta, err);
}

/*
 * One line that must give exactly one event and no warning; the result stays valid until the
 * next call.
 */
static const struct ioa_event *one(const char *line)
{
	static struct collect c;
	struct ioa_trace_meta meta;
	struct ioa_err err = { 0 };
	int rc;

	collect_free(&c);
	if (!line)
		return NULL; /* main: free the last result */
	rc = parse_str(&c, line, &meta, &err);
	if (rc || c.n != 1 || c.warnings)
		fprintf(stderr, "line: %s\nrc %d (%s), %zu events, warning: %s\n", line, rc,
			err.msg, c.n, c.warn);
	assert_int_equal(rc, 0);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.warnings, 0);
	return &c.v[0].ev;
}

/* the payload after a fixed tracefs prefix */
static const struct ioa_event *tp(const char *event, const char *payload)
{
	char line[1024];

	snprintf(line, sizeof(line), "          tinyvm-5642    [001] d..2.  2559.747281: %s: %s",
		 event, payload);
	return one(line);
}

/* ---- the prefix ---- */

static void test_prefix_tracefs_comm_with_space(void **state)
{
	const struct ioa_event *ev =
		one("       CPU 0/KVM-3046    [001] d..2.  2559.747281: kvm_fpu: load");

	(void)state;
	assert_string_equal(ev->comm, "CPU 0/KVM");
	assert_int_equal(ev->pid, 3046);
	assert_int_equal(ev->cpu, 1);
	assert_int_equal(ev->tgid, -1);
	assert_true(ev->ts == 2559747281000ULL);
	assert_string_equal(ev->name, "kvm_fpu");
	assert_int_equal(ev->kind, IOA_EV_KVM_OTHER);
}

static void test_prefix_dashes_and_idle(void **state)
{
	const struct ioa_event *ev = one("  irq/328-synapti-12950 [000] ...1 16930.261886: x: y");

	(void)state;
	assert_string_equal(ev->comm, "irq/328-synapti");
	assert_int_equal(ev->pid, 12950);
	ev = one("\t  <idle>-0     [006]  7115.449607: cpu_idle: state=1 cpu_id=6");
	assert_string_equal(ev->comm, "<idle>");
	assert_int_equal(ev->pid, 0);
	assert_int_equal(ev->cpu, 6);
	assert_int_equal(ev->kind, IOA_EV_OTHER);
	assert_string_equal(ev->name, "cpu_idle");
}

static void test_prefix_report(void **state)
{
	const struct ioa_event *ev = one("cpus=2\n          cap.sh-5639  [001]  2559.747281: "
					 "sched_switch:         cap.sh:5639 [120] S ==> "
					 "rcu_preempt:15 [120]");

	(void)state;
	assert_string_equal(ev->comm, "cap.sh");
	assert_int_equal(ev->pid, 5639);
	assert_int_equal(ev->kind, IOA_EV_SWITCH);
	/* an instance's events carry its name first; comms may hold blanks */
	ev = one("cpus=2\nioaware-qemu:       CPU 0/TCG-13773 [001]  2559.747281: "
		 "sched_waking:         comm=a pid=1 prio=120 target_cpu=001");
	assert_string_equal(ev->comm, "CPU 0/TCG");
	assert_int_equal(ev->pid, 13773);
	ev = one("cpus=2\n       CPU 0/TCG-13773 [001]  2559.747281: "
		 "sched_waking:         comm=a pid=1 prio=120 target_cpu=001");
	assert_string_equal(ev->comm, "CPU 0/TCG");
}

static void test_prefix_android_tgid(void **state)
{
	const struct ioa_event *ev =
		one(" mmcqd/0-150   (  150) [000] d..2 16930.771381: block_rq_issue: 179,0 WA 0 () "
		    "15142528 + 16 [mmcqd/0]");

	(void)state;
	assert_string_equal(ev->comm, "mmcqd/0");
	assert_int_equal(ev->pid, 150);
	assert_int_equal(ev->tgid, 150);
	assert_int_equal(ev->kind, IOA_EV_BLK_ISSUE);
	ev = one("  <idle>-0     (-----) [000] dNh2 16930.293338: irq_handler_entry: irq=9 name=a "
		 "b");
	assert_int_equal(ev->tgid, -1);
	assert_int_equal(ev->pid, 0);
	assert_string_equal(ev->u.irq.name, "a b");
	ev = one(" CPU 1/KVM-3047 (3040) [003] .... 1.5: kvm_fpu: load");
	assert_string_equal(ev->comm, "CPU 1/KVM");
	assert_int_equal(ev->tgid, 3040);
	assert_true(ev->ts == 1500000000ULL);
}

static void test_prefix_perf(void **state)
{
	const struct ioa_event *ev = one(
		"       CPU 0/KVM  3046 [001]  2577.024350:             kvm:kvm_pio: pio_write at "
		"0x3f8 size 1 count 1 val 0x41 ");

	(void)state;
	assert_string_equal(ev->comm, "CPU 0/KVM");
	assert_int_equal(ev->pid, 3046);
	assert_int_equal(ev->tgid, -1);
	assert_string_equal(ev->name, "kvm_pio");
	assert_int_equal(ev->kind, IOA_EV_KVM_PIO);
	ev = one("CPU 0/KVM  3040/3046 [001] 2577.024350260: sched:sched_waking: comm=a pid=1 "
		 "prio=120 target_cpu=000");
	assert_int_equal(ev->pid, 3046);
	assert_int_equal(ev->tgid, 3040);
	assert_true(ev->ts == 2577024350260ULL);
	assert_int_equal(ev->kind, IOA_EV_WAKING);
	ev = one("             :-1    -1 [000]  2578.000173:      sched:sched_wakeup: comm=bash "
		 "pid=5967 prio=120 target_cpu=000");
	assert_string_equal(ev->comm, ":-1");
	assert_int_equal(ev->pid, -1);
	assert_int_equal(ev->u.wake.pid, 5967);
}

static void test_prefix_perf_cpu_clock_and_callchain(void **state)
{
	static const char text[] =
		"perf  7496/7496  [003] 264874.155353:    1001001                cpu-clock: \n"
		"\tffffffff810d47be smp_call_function_single ([kernel.kallsyms])\n"
		"\t    7f81ee50c5d7 ioctl (/lib/x86_64-linux-gnu/libc-2.27.so)\n"
		"\n"
		"stress-ng-cpu  7500/7500  [006] 264874.155353:    1001001                "
		"cpu-clock: \n";
	struct collect c = { 0 };
	struct ioa_trace_meta meta;
	struct ioa_err err = { 0 };

	(void)state;
	assert_int_equal(parse_str(&c, text, &meta, &err), 0);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.warnings, 0);
	assert_string_equal(c.v[0].name, "cpu-clock");
	assert_int_equal(c.v[0].ev.kind, IOA_EV_OTHER);
	assert_int_equal(c.v[1].ev.cpu, 6);
	assert_string_equal(meta.format, "perf-script");
	assert_int_equal(meta.cpus, 7);
	collect_free(&c);
}

static void test_prefix_syscalls_tracer(void **state)
{
	const struct ioa_event *ev = one("   <...>-4083  [004] ....   395.705679: sys_ioctl(fd: "
					 "ff, cmd: 5410, arg: 7ffe0babe8fc)");

	(void)state;
	assert_string_equal(ev->name, "sys_ioctl");
	ev = one("   xfwm4-3252  [005] ....   395.705675: sys_recvmsg -> 0x24");
	assert_string_equal(ev->name, "sys_recvmsg");
	assert_int_equal(ev->pid, 3252);
}

/* ---- timestamps ---- */

static void test_timestamps(void **state)
{
	struct collect c = { 0 };
	struct ioa_trace_meta meta;
	struct ioa_err err = { 0 };

	(void)state;
	assert_true(one("a-1 [000] 2270.610000: x: y")->ts == 2270610000000ULL);
	assert_true(one("a-1 [000] 2270.610000123: x: y")->ts == 2270610000123ULL);
	assert_true(one("a-1 [000] 0.000001: x: y")->ts == 1000ULL);
	assert_true(one("a-1 [000] 18446744.073709: x: y")->ts == 18446744073709000ULL);
	assert_int_equal(parse_str(&c, "a-1 [000] 123456789: x: y\n", &meta, &err), 0);
	assert_true(c.v[0].ev.ts == 123456789ULL);
	assert_int_equal(meta.clock_is_ns, 0);
	assert_int_equal(c.warnings, 1);
	assert_non_null(strstr(c.warn, "raw clock"));
	collect_free(&c);
	assert_int_equal(parse_str(&c, "a-1 [000] 1.000001: x: y\n", &meta, &err), 0);
	assert_int_equal(meta.clock_is_ns, 1);
	assert_string_equal(meta.clock, "local");
	collect_free(&c);
}

/* ---- sched payloads ---- */

static void test_switch_raw(void **state)
{
	const struct ioa_event *ev =
		tp("sched_switch", "prev_comm=CPU 0/KVM prev_pid=3046 prev_prio=120 "
				   "prev_state=R+ ==> next_comm=Web Content next_pid=2711 "
				   "next_prio=98");

	(void)state;
	assert_int_equal(ev->kind, IOA_EV_SWITCH);
	assert_string_equal(ev->u.sw.prev_comm, "CPU 0/KVM");
	assert_int_equal(ev->u.sw.prev_pid, 3046);
	assert_int_equal(ev->u.sw.prev_prio, 120);
	assert_string_equal(ev->u.sw.prev_state, "R+");
	assert_string_equal(ev->u.sw.next_comm, "Web Content");
	assert_int_equal(ev->u.sw.next_pid, 2711);
	assert_int_equal(ev->u.sw.next_prio, 98);
	ev = tp("sched_switch", "prev_comm=a prev_pid=1 prev_prio=120 prev_state=S|D ==> "
				"next_comm=b next_pid=2 next_prio=120");
	assert_string_equal(ev->u.sw.prev_state, "S|D");
}

static void test_switch_states(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "S", "S" },	{ "D", "D" },	 { "I", "I" },	   { "X", "X" },
		{ "Z", "Z" },	{ "R", "R" },	 { "R+", "R+" },   { "0", "R" },
		{ "1", "S" },	{ "2", "D" },	 { "3", "S|D" },   { "64", "P" },
		{ "128", "I" }, { "256", "R+" }, { "4096", "R+" }, { "0x1", "S" },
	};
	char payload[256];
	size_t i;

	(void)state;
	for (i = 0; i < IOA_ARRAY_SIZE(cases); i++) {
		/* lisa's raw -R form has no "==>" */
		snprintf(payload, sizeof(payload),
			 "prev_comm=sh prev_pid=1642 prev_prio=120 prev_state=%s next_comm=k "
			 "next_pid=46 next_prio=120",
			 cases[i].in);
		assert_string_equal(tp("sched_switch", payload)->u.sw.prev_state, cases[i].out);
	}
}

static void test_switch_plugin(void **state)
{
	const struct ioa_event *ev = tp("sched_switch", "cap.sh:5639 [120] S ==> rcu_preempt:15 "
							"[120]");

	(void)state;
	assert_string_equal(ev->u.sw.prev_comm, "cap.sh");
	assert_int_equal(ev->u.sw.prev_pid, 5639);
	assert_string_equal(ev->u.sw.prev_state, "S");
	assert_string_equal(ev->u.sw.next_comm, "rcu_preempt");
	assert_int_equal(ev->u.sw.next_pid, 15);
	ev = tp("sched_switch", "CPU 0/KVM:3046 [120] R+ ==> Binder:1579_9 x:2418 [98]");
	assert_string_equal(ev->u.sw.prev_comm, "CPU 0/KVM");
	assert_int_equal(ev->u.sw.prev_pid, 3046);
	assert_string_equal(ev->u.sw.prev_state, "R+");
	assert_string_equal(ev->u.sw.next_comm, "Binder:1579_9 x");
	assert_int_equal(ev->u.sw.next_pid, 2418);
	assert_int_equal(ev->u.sw.next_prio, 98);
	ev = tp("sched_switch", "a=b:7 [120] S|D ==> swapper/0:0 [120]");
	assert_string_equal(ev->u.sw.prev_comm, "a=b");
	assert_string_equal(ev->u.sw.prev_state, "S|D");
	assert_int_equal(ev->u.sw.next_pid, 0);
}

static void test_wakeup(void **state)
{
	const struct ioa_event *ev = tp("sched_waking", "comm=tinyvm pid=5642 prio=120 "
							"target_cpu=001");

	(void)state;
	assert_int_equal(ev->kind, IOA_EV_WAKING);
	assert_string_equal(ev->u.wake.comm, "tinyvm");
	assert_int_equal(ev->u.wake.pid, 5642);
	assert_int_equal(ev->u.wake.prio, 120);
	assert_int_equal(ev->u.wake.target_cpu, 1);
	ev = tp("sched_wakeup", "comm=sh pid=1642 prio=120 success=1 target_cpu=2");
	assert_int_equal(ev->kind, IOA_EV_WAKEUP);
	assert_int_equal(ev->u.wake.target_cpu, 2);
	ev = tp("sched_wakeup", "tinyvm:5642 [120] CPU:001");
	assert_string_equal(ev->u.wake.comm, "tinyvm");
	assert_int_equal(ev->u.wake.pid, 5642);
	assert_int_equal(ev->u.wake.target_cpu, 1);
	ev = tp("sched_wakeup_new", "CPU 1/KVM:77 [120] success=1 CPU:003");
	assert_int_equal(ev->kind, IOA_EV_WAKEUP_NEW);
	assert_string_equal(ev->u.wake.comm, "CPU 1/KVM");
	assert_int_equal(ev->u.wake.pid, 77);
	assert_int_equal(ev->u.wake.target_cpu, 3);
	ev = tp("sched_wakeup", "comm=rs:main Q:Reg pid=1769 prio=120");
	assert_string_equal(ev->u.wake.comm, "rs:main Q:Reg");
	assert_int_equal(ev->u.wake.target_cpu, -1);
}

static void test_migrate_rename(void **state)
{
	const struct ioa_event *ev = tp("sched_migrate_task", "comm=cbc pid=5401 prio=120 "
							      "orig_cpu=1 dest_cpu=0");

	(void)state;
	assert_int_equal(ev->kind, IOA_EV_MIGRATE);
	assert_string_equal(ev->u.mig.comm, "cbc");
	assert_int_equal(ev->u.mig.pid, 5401);
	assert_int_equal(ev->u.mig.orig_cpu, 1);
	assert_int_equal(ev->u.mig.dest_cpu, 0);
	ev = tp("task_rename", "pid=77 oldcomm=qemu-system-x86 newcomm=CPU 1/KVM oom_score_adj=0");
	assert_int_equal(ev->kind, IOA_EV_RENAME);
	assert_int_equal(ev->u.ren.pid, 77);
	assert_string_equal(ev->u.ren.oldcomm, "qemu-system-x86");
	assert_string_equal(ev->u.ren.newcomm, "CPU 1/KVM");
}

/* ---- kvm payloads ---- */

static void test_kvm_exit_forms(void **state)
{
	const struct ioa_event *ev;

	(void)state;
	ev = tp("kvm_exit", "reason IO_INSTRUCTION rip 0xffffffff81000000 info 3f80040 0");
	assert_int_equal(ev->kind, IOA_EV_KVM_EXIT);
	assert_int_equal(ev->u.kexit.vcpu_id, -1);
	assert_int_equal(ev->u.kexit.reason, 30);
	assert_int_equal(ev->u.kexit.isa, IOA_ISA_VMX);
	assert_true(ev->u.kexit.rip == 0xffffffff81000000ULL);
	assert_true(ev->u.kexit.info1 == 0x3f80040);
	assert_true(ev->u.kexit.info2 == 0);

	ev = tp("kvm_exit", "vcpu 1 reason npf rip 0xfff0 info 100000004 fee00000");
	assert_int_equal(ev->u.kexit.vcpu_id, 1);
	assert_int_equal(ev->u.kexit.reason, 0x400);
	assert_int_equal(ev->u.kexit.isa, IOA_ISA_SVM);
	assert_true(ev->u.kexit.info1 == 0x100000004ULL);
	assert_true(ev->u.kexit.info2 == 0xfee00000ULL);

	ev = tp("kvm_exit", "vcpu 0 reason EPT_VIOLATION rip 0xffffffff8100a2b4 info1 "
			    "0x0000000000000181 info2 0x0000000000000000 intr_info 0x80000b0e "
			    "error_code 0x00000004");
	assert_int_equal(ev->u.kexit.vcpu_id, 0);
	assert_int_equal(ev->u.kexit.reason, 48);
	assert_true(ev->u.kexit.info1 == 0x181);
	assert_int_equal(ev->u.kexit.intr_info, 0x80000b0e);
	assert_int_equal(ev->u.kexit.error_code, 4);

	ev = tp("kvm_exit", "vcpu 3 reason HLT rip 0xffffffff81b5d0ae info1 0x0000000000000000 "
			    "info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000 "
			    "requests 0x0000000000000000");
	assert_int_equal(ev->u.kexit.vcpu_id, 3);
	assert_int_equal(ev->u.kexit.reason, 12);

	ev = tp("kvm_exit", "exit_reason=30 guest_rip=0xffffffff81001234 isa=1 info1=66584640 "
			    "info2=0 intr_info=0 error_code=0 vcpu_id=2 requests=0");
	assert_int_equal(ev->u.kexit.reason, 30);
	assert_int_equal(ev->u.kexit.isa, IOA_ISA_VMX);
	assert_int_equal(ev->u.kexit.vcpu_id, 2);
	assert_true(ev->u.kexit.rip == 0xffffffff81001234ULL);
	assert_true(ev->u.kexit.info1 == 66584640);
}

static void test_kvm_entry(void **state)
{
	const struct ioa_event *ev = tp("kvm_entry", "vcpu 0, rip 0xffffffff8100a2b4");

	(void)state;
	assert_int_equal(ev->kind, IOA_EV_KVM_ENTRY);
	assert_int_equal(ev->u.kentry.vcpu_id, 0);
	assert_true(ev->u.kentry.rip == 0xffffffff8100a2b4ULL);
	ev = tp("kvm_entry", "vcpu 2");
	assert_int_equal(ev->u.kentry.vcpu_id, 2);
	ev = tp("kvm_entry", "vcpu_id=3 rip=0xfff0 immediate_exit=0");
	assert_int_equal(ev->u.kentry.vcpu_id, 3);
	assert_true(ev->u.kentry.rip == 0xfff0);
}

static void test_kvm_pio(void **state)
{
	const struct ioa_event *ev = tp("kvm_pio", "pio_write at 0x3f8 size 1 count 1 val 0x41 ");

	(void)state;
	assert_int_equal(ev->kind, IOA_EV_KVM_PIO);
	assert_int_equal(ev->u.pio.rw, 1);
	assert_int_equal(ev->u.pio.port, 0x3f8);
	assert_int_equal(ev->u.pio.size, 1);
	assert_int_equal(ev->u.pio.count, 1);
	ev = tp("kvm_pio", "pio_read at 0x1f7 size 2 count 4 val 0x50");
	assert_int_equal(ev->u.pio.rw, 0);
	assert_int_equal(ev->u.pio.port, 0x1f7);
	assert_int_equal(ev->u.pio.size, 2);
	assert_int_equal(ev->u.pio.count, 4);
	ev = tp("kvm_pio", "rw=1 port=1016 size=1 count=1 val=0xffffc90000e2b000");
	assert_int_equal(ev->u.pio.rw, 1);
	assert_int_equal(ev->u.pio.port, 1016);
}

static void test_kvm_mmio(void **state)
{
	const struct ioa_event *ev = tp("kvm_mmio", "mmio write len 1 gpa 0x8000 val 0x41");

	(void)state;
	assert_int_equal(ev->kind, IOA_EV_KVM_MMIO);
	assert_int_equal(ev->u.mmio.type, IOA_MMIO_WRITE);
	assert_int_equal(ev->u.mmio.len, 1);
	assert_true(ev->u.mmio.gpa == 0x8000);
	assert_true(ev->u.mmio.val == 0x41);
	ev = tp("kvm_mmio", "mmio unsatisfied-read len 4 gpa 0xfee000b0 val 0x0");
	assert_int_equal(ev->u.mmio.type, IOA_MMIO_UNSATISFIED_READ);
	assert_int_equal(ev->u.mmio.len, 4);
	assert_true(ev->u.mmio.gpa == 0xfee000b0ULL);
	ev = tp("kvm_mmio", "mmio read len 4 gpa 0xfec00000 val 0x11");
	assert_int_equal(ev->u.mmio.type, IOA_MMIO_READ);
	ev = tp("kvm_mmio", "type=2 len=1 gpa=32768 val=65");
	assert_int_equal(ev->u.mmio.type, IOA_MMIO_WRITE);
	assert_true(ev->u.mmio.gpa == 32768);
	assert_true(ev->u.mmio.val == 65);
	ev = tp("kvm_mmio", "type=0 len=4 gpa=0xfee00300 val=0x0");
	assert_int_equal(ev->u.mmio.type, IOA_MMIO_UNSATISFIED_READ);
	ev = tp("kvm_fast_mmio", "fast mmio at gpa 0xfe003000");
	assert_int_equal(ev->kind, IOA_EV_KVM_MMIO);
	assert_int_equal(ev->u.mmio.type, IOA_MMIO_WRITE);
	assert_true(ev->u.mmio.gpa == 0xfe003000ULL);
}

static void test_kvm_uexit(void **state)
{
	const struct ioa_event *ev = tp("kvm_userspace_exit", "reason KVM_EXIT_IO (2)");

	(void)state;
	assert_int_equal(ev->kind, IOA_EV_KVM_UEXIT);
	assert_int_equal(ev->u.uexit.reason, 2);
	assert_int_equal(ev->u.uexit.err, 0);
	assert_int_equal(tp("kvm_userspace_exit", "reason KVM_EXIT_HLT (5)")->u.uexit.reason, 5);
	ev = tp("kvm_userspace_exit", "reason restart (4)");
	assert_int_equal(ev->u.uexit.err, -4);
	ev = tp("kvm_userspace_exit", "reason=6 errno=0");
	assert_int_equal(ev->u.uexit.reason, 6);
	ev = tp("kvm_userspace_exit", "reason=0 errno=-4");
	assert_int_equal(ev->u.uexit.err, -4);
	ev = tp("kvm_userspace_exit", "reason KVM_EXIT_MMIO");
	assert_int_equal(ev->u.uexit.reason, 6);
}

static void test_kvm_page_fault(void **state)
{
	const struct ioa_event *ev = tp("kvm_page_fault", "vcpu 0 rip 0xffffffff81000000 address "
							  "0x00000000fee00000 error_code 0x181");

	(void)state;
	assert_int_equal(ev->kind, IOA_EV_KVM_PF);
	assert_true(ev->u.pf.addr == 0xfee00000ULL);
	assert_true(ev->u.pf.error_code == 0x181);
	ev = tp("kvm_page_fault", "address fee00000 error_code 6");
	assert_true(ev->u.pf.addr == 0xfee00000ULL);
	assert_true(ev->u.pf.error_code == 6);
	ev = tp("kvm_page_fault", "vcpu_id=0 guest_rip=0xfff0 fault_address=4276092928 "
				  "error_code=385");
	assert_true(ev->u.pf.addr == 4276092928ULL);
	assert_true(ev->u.pf.error_code == 385);
}

static void test_kvm_irq(void **state)
{
	const struct ioa_event *ev = tp("kvm_set_irq", "gsi 24 level 1 source 0");

	(void)state;
	assert_int_equal(ev->kind, IOA_EV_KVM_IRQ);
	assert_int_equal(ev->u.kirq.gsi, 24);
	assert_int_equal(ev->u.kirq.level, 1);
	assert_int_equal(tp("kvm_msi_set_irq", "dst 0 vec 34 (Fixed|physical|edge)")->u.kirq.vector,
			 34);
	assert_int_equal(tp("kvm_msi_set_irq", "address=4276092928 data=16418")->u.kirq.vector,
			 0x22);
	assert_int_equal(tp("kvm_apic_accept_irq", "apicid 0 vec 236 (Fixed|edge)")->u.kirq.vector,
			 236);
	assert_int_equal(tp("kvm_set_irq", "gsi=11 level=0 irq_source_id=0")->u.kirq.gsi, 11);
}

/* ---- block, net, irq ---- */

static void test_block(void **state)
{
	const struct ioa_event *ev = tp("block_rq_issue", "254,0 W 4096 () 123456 + 8 [dd]");

	(void)state;
	assert_int_equal(ev->kind, IOA_EV_BLK_ISSUE);
	assert_int_equal(ev->u.blk.dev, ioa_dev_make(254, 0));
	assert_string_equal(ev->u.blk.rwbs, "W");
	assert_true(ev->u.blk.bytes == 4096);
	assert_true(ev->u.blk.sector == 123456);
	assert_int_equal(ev->u.blk.nr_sector, 8);
	assert_string_equal(ev->u.blk.comm, "dd");
	ev = tp("block_rq_issue", "254,0 WS 65536 () 351162416 + 128 be,0,4 [CPU 0/KVM]");
	assert_true(ev->u.blk.sector == 351162416);
	assert_int_equal(ev->u.blk.nr_sector, 128);
	assert_string_equal(ev->u.blk.comm, "CPU 0/KVM");
	ev = tp("block_rq_issue", "254,0 WS 65536 () 351162416 + 128 0x2,0,4 [dd]");
	assert_string_equal(ev->u.blk.comm, "dd");
	ev = tp("block_rq_issue", "179,0 WA 0 () 15142528 + 16 [mmcqd/0]");
	assert_int_equal(ev->u.blk.dev, ioa_dev_make(179, 0));
	assert_string_equal(ev->u.blk.rwbs, "WA");
	ev = tp("block_rq_complete", "254,0 W () 123456 + 8 [0]");
	assert_int_equal(ev->kind, IOA_EV_BLK_COMPLETE);
	assert_true(ev->u.blk.sector == 123456);
	assert_int_equal(ev->u.blk.nr_sector, 8);
	assert_int_equal(ev->u.blk.error, 0);
	ev = tp("block_rq_complete", "254,0 WS () 351162416 + 128 be,0,4 [-5]");
	assert_int_equal(ev->u.blk.error, -5);
	ev = tp("block_rq_issue", "dev=266338304 sector=123456 nr_sector=8 bytes=4096 ioprio=0 "
				  "rwbs=W comm=dd cmd=");
	assert_int_equal(ev->u.blk.dev, ioa_dev_make(254, 0));
	assert_true(ev->u.blk.bytes == 4096);
	assert_string_equal(ev->u.blk.comm, "dd");
	ev = tp("block_rq_complete", "dev=266338304 sector=123456 nr_sector=8 error=0 rwbs=W cmd=");
	assert_int_equal(ev->u.blk.nr_sector, 8);
}

static void test_net(void **state)
{
	const struct ioa_event *ev = tp("net_dev_xmit", "dev=lo skbaddr=00000000117fbbc0 len=8258 "
							"rc=0");

	(void)state;
	assert_int_equal(ev->kind, IOA_EV_NET_XMIT);
	assert_string_equal(ev->u.net.dev, "lo");
	assert_int_equal(ev->u.net.len, 8258);
	ev = tp("netif_receive_skb", "dev=tap0 skbaddr=0xffff888135411ee0 len=52");
	assert_int_equal(ev->kind, IOA_EV_NET_RECV);
	assert_string_equal(ev->u.net.dev, "tap0");
	assert_int_equal(ev->u.net.len, 52);
	ev = tp("net_dev_xmit", "skbaddr=0xffff888135411ee0 len=66 rc=0 name=vnet3");
	assert_string_equal(ev->u.net.dev, "vnet3");
	assert_int_equal(ev->u.net.len, 66);
}

static void test_irq(void **state)
{
	const struct ioa_event *ev = tp("irq_handler_entry", "irq=24 name=virtio0-req.0");

	(void)state;
	assert_int_equal(ev->kind, IOA_EV_IRQ_ENTRY);
	assert_int_equal(ev->u.irq.irq, 24);
	assert_string_equal(ev->u.irq.name, "virtio0-req.0");
	ev = tp("irq_handler_exit", "irq=24 ret=handled");
	assert_int_equal(ev->kind, IOA_EV_IRQ_EXIT);
	assert_int_equal(ev->u.irq.ret, 1);
	assert_int_equal(tp("irq_handler_exit", "irq=24 ret=unhandled")->u.irq.ret, 0);
	assert_int_equal(tp("irq_handler_exit", "irq=24 ret=1")->u.irq.ret, 1);
	ev = tp("softirq_entry", "vec=3 [action=NET_RX]");
	assert_int_equal(ev->kind, IOA_EV_SOFTIRQ_ENTRY);
	assert_int_equal(ev->u.softirq.vec, 3);
	ev = tp("softirq_exit", "vec=9");
	assert_int_equal(ev->kind, IOA_EV_SOFTIRQ_EXIT);
	assert_int_equal(ev->u.softirq.vec, 9);
}

static void test_unknown_event(void **state)
{
	const struct ioa_event *ev = tp("kgsl_regwrite", "d_name=kgsl-3d0 reg=0x61 value=0x8000");

	(void)state;
	assert_int_equal(ev->kind, IOA_EV_OTHER);
	assert_string_equal(ev->name, "kgsl_regwrite");
	ev = tp("kvm_fpu", "load");
	assert_int_equal(ev->kind, IOA_EV_KVM_OTHER);
}

/* ---- lines that are not events ---- */

static void test_lost_events(void **state)
{
	static const char text[] = "# tracer: nop\n"
				   "#\n"
				   "# entries-in-buffer/entries-written: 4/9   #P:4\n"
				   "##### CPU 2 buffer started ####\n"
				   "a-1 [000] .... 1.000001: x: y\n"
				   "CPU:1 [LOST 123 EVENTS]\n"
				   "CPU:0 [45 EVENTS DROPPED]\n"
				   "\n"
				   "a-1 [000] .... 1.000002: x: y\n";
	struct collect c = { 0 };
	struct ioa_trace_meta meta;
	struct ioa_err err = { 0 };

	(void)state;
	assert_int_equal(parse_str(&c, text, &meta, &err), 0);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.warnings, 0);
	assert_int_equal(c.lost_calls, 3);
	assert_true(c.lost == 168);
	assert_true(meta.lost_events == 168);
	assert_int_equal(meta.cpus, 4);
	assert_string_equal(meta.format, "tracefs");
	collect_free(&c);
}

static void test_bad_lines(void **state)
{
	static const char some_bad[] = "a-1 [000] 1.000001: x: y\n"
				       "this is not an event\n"
				       "a-1 [000] 1.000002: x: y\n"
				       "a-1 [000] 1.000003: x: y\n";
	static const char mostly_bad[] = "a-1 [000] 1.000001: x: y\n"
					 "garbage one\n"
					 "garbage two\n";
	struct collect c = { 0 };
	struct ioa_trace_meta meta;
	struct ioa_err err = { 0 };

	(void)state;
	assert_int_equal(parse_str(&c, some_bad, &meta, &err), 0);
	assert_int_equal(c.n, 3);
	assert_int_equal(c.warnings, 1);
	assert_non_null(strstr(c.warn, "t.txt: 1 lines not understood, first at line 2"));
	collect_free(&c);
	assert_int_equal(parse_str(&c, mostly_bad, &meta, &err), IOA_EINPUT);
	assert_non_null(strstr(err.msg, "t.txt: line 2: not a tracefs trace"));
	collect_free(&c);
}

static void test_truncated_payload(void **state)
{
	struct collect c = { 0 };
	struct ioa_trace_meta meta;
	struct ioa_err err = { 0 };

	(void)state;
	assert_int_equal(parse_str(&c,
				   "bash-14840 [005]  7115.450093: sched_switch:  "
				   "prev_comm=bash prev_pid=14840\n",
				   &meta, &err),
			 0);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.v[0].ev.kind, IOA_EV_OTHER); /* kept, counted, without fields */
	assert_string_equal(c.v[0].name, "sched_switch");
	assert_int_equal(c.warnings, 1);
	assert_non_null(strstr(c.warn, "unreadable fields"));
	collect_free(&c);
	assert_int_equal(parse_str(&c, "a-1 [000] 1.0: kvm_exit: reason\n", &meta, &err), 0);
	assert_int_equal(c.v[0].ev.kind, IOA_EV_KVM_OTHER);
	collect_free(&c);
}

/* every prefix of real lines: never crash, never read past the end */
static void test_truncated_lines(void **state)
{
	static const char *const lines[] = {
		"          cap.sh-5639    [001] d..2.  2559.747281: sched_switch: prev_comm=cap.sh "
		"prev_pid=5639 prev_prio=120 prev_state=S ==> next_comm=rcu_preempt next_pid=15 "
		"next_prio=120",
		"          cap.sh-5639  [001]  2559.747281: sched_switch:         cap.sh:5639 "
		"[120] S "
		"==> rcu_preempt:15 [120]",
		"             cbc-5423  [001]  2559.747508: sched_wakeup:         tinyvm:5642 "
		"[120] "
		"CPU:001",
		"              dd-5697    [000] .....  2559.849373: block_rq_issue: 254,0 WS 65536 "
		"() "
		"351162416 + 128 be,0,4 [dd]",
		"            node-5619  [001]  2559.849539: block_rq_complete:    254,0 WS () "
		"351162416 "
		"+ 128 0x2,0,4 [0]",
		"   CPU 0/KVM  3040/3046 [001] 2577.024350260: kvm:kvm_exit: vcpu 0 reason "
		"EPT_VIOLATION rip 0xffff info1 0x181 info2 0x0 intr_info 0x0 error_code 0x0",
		"  <idle>-0     (-----) [000] dNh2 16930.293338: kvm_userspace_exit: reason "
		"KVM_EXIT_IO (2)",
		"perf  7496/7496  [003] 264874.155353:    1001001                cpu-clock: ",
		"CPU:1 [LOST 123 EVENTS]",
		"##### CPU 2 buffer started ####",
		"cpus=2",
	};
	struct collect c = { 0 };
	struct ioa_trace_meta meta;
	struct ioa_err err;
	size_t i, k;
	int rc;

	(void)state;
	for (i = 0; i < IOA_ARRAY_SIZE(lines); i++) {
		for (k = 0; k <= strlen(lines[i]); k++) {
			ioa_err_clear(&err);
			rc = parse_buf(&c, lines[i], k, IOA_FMT_UNKNOWN, &meta, &err);
			assert_true(rc == 0 || rc == IOA_EINPUT || rc == IOA_ENODATA);
			collect_free(&c);
		}
	}
}

static void test_random_bytes(void **state)
{
	static const char alphabet[] = "ab -[]0123456789:.()=/,\n\t#CPU";
	struct collect c = { 0 };
	struct ioa_trace_meta meta;
	struct ioa_err err;
	struct ioa_rng g;
	char buf[4096];
	size_t i, len;
	int round, rc;

	(void)state;
	ioa_rng_seed(&g, 12345);
	for (round = 0; round < 400; round++) {
		len = (size_t)ioa_rng_below(&g, sizeof(buf));
		for (i = 0; i < len; i++)
			buf[i] = round & 1 ? (char)ioa_rng_next(&g)
					   : alphabet[ioa_rng_below(&g, sizeof(alphabet) - 1)];
		ioa_err_clear(&err);
		rc = parse_buf(&c, buf, len, round % 3 ? IOA_FMT_UNKNOWN : IOA_FMT_TRACEFS, &meta,
			       &err);
		assert_true(rc == 0 || rc == IOA_EINPUT || rc == IOA_ENODATA);
		collect_free(&c);
	}
}

static void test_empty_and_header_only(void **state)
{
	struct collect c = { 0 };
	struct ioa_trace_meta meta;
	struct ioa_err err = { 0 };

	(void)state;
	assert_int_equal(parse_buf(&c, "", 0, IOA_FMT_UNKNOWN, &meta, &err), IOA_ENODATA);
	assert_string_equal(err.msg, "t.txt: the trace holds no events");
	ioa_err_clear(&err);
	assert_int_equal(parse_str(&c, "# tracer: nop\n#\n#  TASK-PID\n", &meta, &err),
			 IOA_ENODATA);
	ioa_err_clear(&err);
	assert_int_equal(parse_str(&c, "version = 6\ncpus=4\n", &meta, &err), IOA_ENODATA);
	assert_int_equal(meta.cpus, 4);
	assert_string_equal(meta.format, "report");
	collect_free(&c);
}

static void test_fields_and_stop(void **state)
{
	static const char text[] = "a-1 [000] 1.000001: net_dev_xmit: dev=lo len=3 rc=0\n"
				   "a-1 [000] 1.000002: x: y\n"
				   "a-1 [000] 1.000003: x: y\n";
	struct collect c = { 0 };
	struct ioa_event_sink sink = sink_for(&c);
	struct ioa_trace_meta meta;
	struct ioa_err err = { 0 };

	(void)state;
	sink.want_fields = 1;
	assert_int_equal(
		ioa_read_text_mem(text, sizeof(text) - 1, "t", IOA_FMT_UNKNOWN, &sink, &meta, &err),
		0);
	assert_int_equal(c.fields_calls, 3);
	assert_string_equal(c.fields, "y");
	collect_free(&c);
	c.stop_after = 2;
	sink = sink_for(&c);
	assert_int_equal(
		ioa_read_text_mem(text, sizeof(text) - 1, "t", IOA_FMT_UNKNOWN, &sink, &meta, &err),
		42);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.fields_calls, 0);
	collect_free(&c);
}

static void test_read_text_files(void **state)
{
	char path[] = "/tmp/ioa_test_text_XXXXXX";
	struct collect c = { 0 };
	struct ioa_event_sink sink = sink_for(&c);
	struct ioa_trace_meta meta;
	struct ioa_err err = { 0 };
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(ioa_read_text(path, IOA_FMT_UNKNOWN, &sink, &meta, &err), IOA_ENODATA);
	assert_true(write(fd, "a-1 [000] 1.0: x: y", 19) == 19);
	close(fd);
	ioa_err_clear(&err);
	assert_int_equal(ioa_read_text(path, IOA_FMT_UNKNOWN, &sink, &meta, &err), 0);
	assert_int_equal(c.n, 1);
	unlink(path);
	ioa_err_clear(&err);
	assert_int_equal(ioa_read_text(path, IOA_FMT_UNKNOWN, &sink, &meta, &err), IOA_EIO);
	assert_non_null(strstr(err.msg, "cannot open"));
	collect_free(&c);
}

/* ---- real traces ---- */

#define FIX IOA_FIXTURE_DIR "/"
#define DATA IOA_SOURCE_DIR "/tests/data/"
#define SMALL_EVENTS 4669
#define PERF_EVENTS 4773

static char *corpus_path(const char *rel)
{
	static char path[1024];

	snprintf(path, sizeof(path), "%s/%s", IOA_CORPUS_DIR, rel);
	return path;
}

static int read_path(struct collect *c, const char *path, struct ioa_trace_meta *meta,
		     struct ioa_err *err)
{
	struct ioa_event_sink sink = sink_for(c);

	return ioa_read_text(path, IOA_FMT_UNKNOWN, &sink, meta, err);
}

static int read_corpus(struct collect *c, const char *rel, struct ioa_trace_meta *meta,
		       struct ioa_err *err)
{
	return read_path(c, corpus_path(rel), meta, err);
}

static uint64_t count_name(const struct collect *c, const char *name)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < c->n; i++)
		n += !strcmp(c->v[i].name, name);
	return n;
}

struct want_count {
	const char *name;
	uint64_t n;
};

static void check_counts(const struct collect *c, size_t events, const struct want_count *want,
			 size_t n)
{
	size_t i;

	assert_int_equal(c->n, events);
	for (i = 0; i < n; i++) {
		if (count_name(c, want[i].name) != want[i].n)
			fprintf(stderr, "%s: %llu, want %llu\n", want[i].name,
				(unsigned long long)count_name(c, want[i].name),
				(unsigned long long)want[i].n);
		assert_true(count_name(c, want[i].name) == want[i].n);
	}
}

static void check_kvm_small_counts(const struct collect *c)
{
	static const struct want_count want[] = {
		{ "kvm_fpu", 11280 },	      { "kvm_emulate_insn", 11280 },
		{ "sched_switch", 7915 },     { "kvm_userspace_exit", 5640 },
		{ "sched_waking", 4277 },     { "sched_wakeup", 4277 },
		{ "kvm_pio", 1880 },	      { "kvm_mmio", 1880 },
		{ "softirq_entry", 1641 },    { "softirq_exit", 1641 },
		{ "net_dev_xmit", 948 },      { "netif_receive_skb", 948 },
		{ "block_rq_issue", 341 },    { "block_rq_complete", 341 },
		{ "irq_handler_entry", 323 }, { "irq_handler_exit", 323 },
		{ "kvm_age_hva", 20 },	      { "sched_migrate_task", 16 },
	};

	check_counts(c, 54971, want, IOA_ARRAY_SIZE(want));
}

/*
 * the same events, in the same order, from two renderings: @a text (µs, rounded), @b text or,
 * with @b_ns, nanoseconds
 */
static void same_events(const struct collect *a, const struct collect *b, int b_ns)
{
	uint64_t half = b_ns ? 500 : 0;
	size_t i;

	assert_int_equal(a->n, b->n);
	for (i = 0; i < a->n; i++) {
		if (a->v[i].ev.ts / 1000 != (b->v[i].ev.ts + half) / 1000)
			fail_msg("event %zu: ts %llu, %llu", i, (unsigned long long)a->v[i].ev.ts,
				 (unsigned long long)b->v[i].ev.ts);
		assert_int_equal(a->v[i].ev.cpu, b->v[i].ev.cpu);
		assert_int_equal(a->v[i].ev.pid, b->v[i].ev.pid);
		assert_int_equal(a->v[i].ev.kind, b->v[i].ev.kind);
	}
}

static void test_corpus_kvm_small(void **state)
{
	struct collect raw = { 0 }, rep = { 0 };
	struct ioa_trace_meta meta;
	struct ioa_err err = { 0 };

	(void)state;
	assert_int_equal(read_corpus(&raw, "own/kvm-small.txt", &meta, &err), 0);
	assert_string_equal(meta.format, "tracefs");
	assert_int_equal(meta.cpus, 2);
	assert_int_equal(raw.warnings, 0);
	check_kvm_small_counts(&raw);
	assert_int_equal(read_corpus(&rep, "own/kvm-small.report.txt", &meta, &err), 0);
	assert_string_equal(meta.format, "report");
	assert_int_equal(rep.warnings, 0);
	check_kvm_small_counts(&rep);
	same_events(&raw, &rep, 0);
	collect_free(&raw);
	collect_free(&rep);
}

/* the ring buffers of one window as raw tracefs text, as trace-cmd report and as trace.dat */
static void test_small_text(void **state)
{
	static const struct want_count want[] = {
		{ "block_rq_complete", 339 }, { "block_rq_issue", 340 },
		{ "irq_handler_entry", 174 }, { "irq_handler_exit", 174 },
		{ "net_dev_xmit", 118 },      { "netif_receive_skb", 118 },
		{ "sched_migrate_task", 49 }, { "sched_switch", 1040 },
		{ "sched_wakeup", 521 },      { "sched_wakeup_new", 54 },
		{ "sched_waking", 521 },      { "softirq_entry", 584 },
		{ "softirq_exit", 584 },      { "task_rename", 53 },
	};
	struct collect raw = { 0 }, rep = { 0 }, dat = { 0 };
	struct ioa_event_sink sink = sink_for(&dat);
	struct ioa_trace_meta meta;
	struct ioa_err err = { 0 };

	(void)state;
	assert_int_equal(read_path(&raw, DATA "small.txt", &meta, &err), 0);
	assert_string_equal(meta.format, "tracefs");
	assert_int_equal(meta.cpus, 2);
	assert_int_equal(raw.warnings, 0);
	check_counts(&raw, SMALL_EVENTS, want, IOA_ARRAY_SIZE(want));
	assert_int_equal(read_path(&rep, FIX "small.report.txt", &meta, &err), 0);
	assert_string_equal(meta.format, "report");
	assert_int_equal(rep.warnings, 0);
	check_counts(&rep, SMALL_EVENTS, want, IOA_ARRAY_SIZE(want));
	same_events(&raw, &rep, 0);
	assert_int_equal(ioa_read_tracedat(DATA "small.dat", &sink, &meta, &err), 0);
	same_events(&raw, &dat, 1);
	collect_free(&raw);
	collect_free(&rep);
	collect_free(&dat);
}

/* trace-cmd report of traces/kvm-tiny.dat: the counts of traces/README.md */
static void test_kvm_tiny_report(void **state)
{
	static const struct want_count want[] = {
		{ "kvm_fpu", 32166 },
		{ "kvm_emulate_insn", 26802 },
		{ "kvm_userspace_exit", 16083 },
		{ "sched_switch", 15739 },
		{ "sched_waking", 9528 },
		{ "sched_wakeup", 9528 },
		{ "kvm_pio", 5361 },
		{ "kvm_mmio", 5361 },
		{ "softirq_entry", 4672 },
		{ "softirq_exit", 4672 },
		{ "block_rq_issue", 1999 },
		{ "block_rq_complete", 1999 },
		{ "irq_handler_entry", 1931 },
		{ "irq_handler_exit", 1931 },
		{ "net_dev_xmit", 1396 },
		{ "netif_receive_skb", 1396 },
		{ "sched_wakeup_new", 273 },
		{ "task_rename", 247 },
		{ "kvm_age_hva", 81 },
		{ "sched_migrate_task", 28 },
		{ "print", 8 },
	};
	struct collect rep = { 0 };
	struct ioa_trace_meta meta;
	struct ioa_err err = { 0 };

	(void)state;
	assert_int_equal(read_path(&rep, FIX "kvm-tiny.report.txt", &meta, &err), 0);
	assert_string_equal(meta.format, "report");
	assert_int_equal(meta.cpus, 2);
	check_counts(&rep, 141222, want, IOA_ARRAY_SIZE(want));
	collect_free(&rep);
}

static void perf_script_pair(const char *us_path, const char *ns_path, size_t events)
{
	struct collect us = { 0 }, ns = { 0 };
	struct ioa_trace_meta meta;
	struct ioa_err err = { 0 };
	size_t i;

	assert_int_equal(read_path(&us, us_path, &meta, &err), 0);
	assert_string_equal(meta.format, "perf-script");
	assert_int_equal(read_path(&ns, ns_path, &meta, &err), 0);
	assert_int_equal(us.n, events);
	assert_int_equal(ns.n, us.n);
	assert_int_equal(us.warnings + ns.warnings, 0);
	for (i = 0; i < us.n; i++) {
		assert_true(us.v[i].ev.ts == ns.v[i].ev.ts / 1000 * 1000);
		assert_int_equal(us.v[i].ev.kind, ns.v[i].ev.kind);
		assert_int_equal(us.v[i].ev.pid, ns.v[i].ev.pid);
	}
	collect_free(&us);
	collect_free(&ns);
}

static void test_perf_script(void **state)
{
	(void)state;
	perf_script_pair(FIX "perf.script.txt", FIX "perf.script-ns.txt", PERF_EVENTS);
}

static void test_corpus_perf_script(void **state)
{
	(void)state;
	perf_script_pair(corpus_path("own/perf-small.script.txt"),
			 corpus_path("own/perf-small.script-ns.txt"), 16671);
}

static void test_corpus_public(void **state)
{
	static const struct {
		const char *rel;
		size_t events;
	} files[] = {
		{ "public/trappy/trace_sched.txt", 11 },
		{ "public/trappy/trace_idle_unsorted.txt", 15 },
		{ "public/lisa/trace_txt_trace.txt", 2941 },
		{ "public/corakwue-ftrace/trace2.txt", 13684 },
		{ "public/tracecompass-incubator/ftrace_syscalls.txt", 1052 },
		{ "public/tracecompass-incubator/trace-android-sched-irq", 139 },
		{ "public/tracecompass-incubator/trace-critical-path", 146 },
		{ "public/microsoft-perf-tools/perf.data.txt", 102 },
	};
	struct ioa_trace_meta meta;
	struct ioa_err err;
	struct collect c = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < IOA_ARRAY_SIZE(files); i++) {
		ioa_err_clear(&err);
		if (read_corpus(&c, files[i].rel, &meta, &err))
			fprintf(stderr, "%s: %s\n", files[i].rel, err.msg);
		assert_int_equal(err.code, 0);
		assert_int_equal(c.n, files[i].events);
		collect_free(&c);
	}
}

static void test_corpus_android_tgid(void **state)
{
	struct collect c = { 0 };
	struct ioa_trace_meta meta;
	struct ioa_err err = { 0 };
	size_t i, with = 0, unknown = 0;

	(void)state;
	assert_int_equal(read_corpus(&c, "public/corakwue-ftrace/trace2.txt", &meta, &err), 0);
	assert_string_equal(meta.format, "android");
	for (i = 0; i < c.n; i++) {
		with += c.v[i].ev.tgid > 0;
		unknown += c.v[i].ev.tgid == -1;
	}
	assert_int_equal(unknown, 206);
	assert_int_equal(with + unknown, c.n);
	assert_int_equal(count_name(&c, "block_rq_issue"), 59);
	/* the two lines of the capture tool before the header */
	assert_int_equal(c.warnings, 1);
	assert_non_null(strstr(c.warn, "2 lines not understood, first at line 1"));
	collect_free(&c);
}

/*
 * trappy's "empty" trace is empty of the events trappy's tests ask for, not of events: its 51
 * sched_stat_* / sched_process_* lines are read, counted, and none is a modelled kind.
 */
static void test_corpus_trappy_empty(void **state)
{
	struct collect c = { 0 };
	struct ioa_trace_meta meta;
	struct ioa_err err = { 0 };
	size_t i;

	(void)state;
	assert_int_equal(read_corpus(&c, "public/trappy/trace_empty.txt", &meta, &err), 0);
	assert_int_equal(c.n, 51);
	for (i = 0; i < c.n; i++)
		assert_int_equal(c.v[i].ev.kind, IOA_EV_OTHER);
	assert_int_equal(meta.cpus, 5);
	collect_free(&c);
}

static void test_tracedat_as_text(void **state)
{
	struct collect c = { 0 };
	struct ioa_trace_meta meta;
	struct ioa_err err = { 0 };
	char *buf = malloc(1 << 20);
	FILE *f;
	size_t n;

	(void)state;
	f = fopen(FIX "kvm-tiny.v6.dat", "rb");
	assert_non_null(f);
	n = fread(buf, 1, 1 << 20, f);
	fclose(f);
	assert_int_equal(parse_buf(&c, buf, n, IOA_FMT_UNKNOWN, &meta, &err), IOA_EINPUT);
	assert_non_null(strstr(err.msg, "a trace.dat file, not a text trace"));
	ioa_err_clear(&err);
	assert_int_equal(parse_buf(&c, buf, n, IOA_FMT_TRACEFS, &meta, &err), IOA_EINPUT);
	assert_non_null(strstr(err.msg, "not a tracefs trace"));
	free(buf);
	collect_free(&c);
}

/* ---- perf.data through perf script ---- */

static int perf_in_path(void)
{
	char *dirs = ioa_xstrdup(getenv("PATH") ? getenv("PATH") : ""), *dir, *save = NULL;
	char path[1024];
	int found = 0;

	for (dir = strtok_r(dirs, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
		snprintf(path, sizeof(path), "%s/perf", dir);
		found = !access(path, X_OK);
	}
	free(dirs);
	return found;
}

static void test_perfdata(void **state)
{
	struct collect c = { 0 };
	struct ioa_event_sink sink = sink_for(&c);
	struct ioa_trace_meta meta;
	struct ioa_err err = { 0 };
	const char *path = DATA "perf.data";
	char *saved;
	int rc;

	(void)state;
	saved = ioa_xstrdup(getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
	setenv("PATH", "/nonexistent", 1);
	rc = ioa_read_perfdata(path, &sink, &meta, &err);
	setenv("PATH", saved, 1);
	free(saved);
	assert_int_equal(rc, IOA_EUNSUPPORTED);
	assert_non_null(strstr(err.msg, "perf is not installed"));
	assert_non_null(strstr(err.msg, "perf script --ns -i"));
	assert_true(perf_in_path()); /* tools/install-deps.sh installs it */
	ioa_err_clear(&err);
	rc = ioa_read_perfdata(path, &sink, &meta, &err);
	if (rc)
		fprintf(stderr, "%s\n", err.msg);
	assert_int_equal(rc, 0);
	assert_int_equal(c.n, PERF_EVENTS);
	assert_string_equal(meta.format, "perf.data");
	ioa_err_clear(&err);
	rc = ioa_read_perfdata(DATA "small.txt", &sink, &meta, &err);
	assert_int_equal(rc, IOA_EUNSUPPORTED);
	assert_non_null(strstr(err.msg, "`perf script` failed"));
	collect_free(&c);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prefix_tracefs_comm_with_space),
		cmocka_unit_test(test_prefix_dashes_and_idle),
		cmocka_unit_test(test_prefix_report),
		cmocka_unit_test(test_prefix_android_tgid),
		cmocka_unit_test(test_prefix_perf),
		cmocka_unit_test(test_prefix_perf_cpu_clock_and_callchain),
		cmocka_unit_test(test_prefix_syscalls_tracer),
		cmocka_unit_test(test_timestamps),
		cmocka_unit_test(test_switch_raw),
		cmocka_unit_test(test_switch_states),
		cmocka_unit_test(test_switch_plugin),
		cmocka_unit_test(test_wakeup),
		cmocka_unit_test(test_migrate_rename),
		cmocka_unit_test(test_kvm_exit_forms),
		cmocka_unit_test(test_kvm_entry),
		cmocka_unit_test(test_kvm_pio),
		cmocka_unit_test(test_kvm_mmio),
		cmocka_unit_test(test_kvm_uexit),
		cmocka_unit_test(test_kvm_page_fault),
		cmocka_unit_test(test_kvm_irq),
		cmocka_unit_test(test_block),
		cmocka_unit_test(test_net),
		cmocka_unit_test(test_irq),
		cmocka_unit_test(test_unknown_event),
		cmocka_unit_test(test_lost_events),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_truncated_payload),
		cmocka_unit_test(test_truncated_lines),
		cmocka_unit_test(test_random_bytes),
		cmocka_unit_test(test_empty_and_header_only),
		cmocka_unit_test(test_fields_and_stop),
		cmocka_unit_test(test_read_text_files),
		cmocka_unit_test(test_small_text),
		cmocka_unit_test(test_kvm_tiny_report),
		cmocka_unit_test(test_perf_script),
		cmocka_unit_test(test_tracedat_as_text),
		cmocka_unit_test(test_perfdata),
	};
	/* the shared corpus beside the checkout: registered by ctest only where it exists */
	const struct CMUnitTest corpus[] = {
		cmocka_unit_test(test_corpus_kvm_small),
		cmocka_unit_test(test_corpus_perf_script),
		cmocka_unit_test(test_corpus_public),
		cmocka_unit_test(test_corpus_android_tgid),
		cmocka_unit_test(test_corpus_trappy_empty),
	};
	int rc;

	if (argc > 1 && !strcmp(argv[1], "--corpus"))
		rc = cmocka_run_group_tests(corpus, NULL, NULL);
	else
		rc = cmocka_run_group_tests(tests, NULL, NULL);

	one(NULL);
	return rc;
}
