/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The derived rows of one trace, as the model produces them and the db module stores them.
 * These are the project's own structs: no library type appears here. Times are ns on the
 * trace clock; -1 / IOA_TS_NONE mark what the trace does not say.
 */
#ifndef IOA_ROWS_H
#define IOA_ROWS_H

#include <stdint.h>

#define IOA_TS_NONE UINT64_MAX
#define IOA_ROW_COMM 32

struct ioa_thread_row {
	int tid;
	int tgid;		 /* -1 unknown */
	char comm[IOA_ROW_COMM]; /* last comm seen */
	uint64_t first_ts;
	uint64_t last_ts;
	uint64_t run_ns; /* time on CPU in the trace */
	int is_vcpu;
	int is_kthread; /* comm pattern of a kernel thread */
};

struct ioa_vm_row {
	int vm_id;    /* model-local, 1.. ; stored as given */
	int host_pid; /* tgid of the VMM process, -1 unknown */
	char name[64];
	char source[16]; /* "tgid", "name", "wake", "override", "single" */
};

struct ioa_vcpu_row {
	int vm_id;
	int vcpu; /* index inside the VM, -1 unknown */
	int tid;
	char source[16]; /* "kvm_exit", "name", "guest-map", "override" */
};

struct ioa_segment_row {
	int tid;
	int cpu;
	uint64_t start_ns;
	uint64_t end_ns;
	char end_state[8]; /* "R", "R+", "S", "D", ... ; "" when the trace ended */
	uint64_t wake_ns;  /* when it was last woken before start, IOA_TS_NONE */
	int waker_tid;	   /* -1 unknown */
	int waker_cpu;
	uint64_t guest_ns; /* vCPU: time in guest mode (entry→exit) */
	uint64_t exit_ns;  /* vCPU: time in exits (exit→entry) */
	uint32_t n_exits;
	int co_kernel; /* run by a co-kernel (Xenomai Cobalt primary mode) */
	int partial;   /* started before or ended after the trace window */
};

struct ioa_exit_row {
	int tid;
	int cpu;
	int vcpu; /* vcpu id from the event, -1 */
	uint64_t ts;
	uint64_t dur_ns; /* exit → next entry, IOA_TS_NONE when no entry event */
	char source[16]; /* "kvm_exit", "userspace", "pio", "mmio" */
	int isa;
	uint32_t reason; /* raw reason (VMX low 16 bits, SVM code, KVM_EXIT_* for userspace) */
	char reason_name[32];
	int64_t port; /* -1 none */
	int64_t gpa;  /* -1 none */
	int rw;	      /* 1 write, 0 read, -1 */
	int size;
	char category[12]; /* evidence category, "" none */
};

enum ioa_io_kind {
	IOA_IO_BLOCK = 1,
	IOA_IO_NET_TX,
	IOA_IO_NET_RX,
	IOA_IO_IRQ,
	IOA_IO_SOFTIRQ,
	IOA_IO_KVM_IRQ,
};

struct ioa_io_row {
	int kind; /* enum ioa_io_kind */
	int tid;  /* thread in whose context it started */
	int cpu;
	uint64_t ts;	 /* issue / packet / handler entry */
	uint64_t end_ts; /* complete / handler exit, IOA_TS_NONE */
	char dev[32];	 /* "254,0", "eth0", irq name */
	int64_t num;	 /* irq number / softirq vec / gsi, -1 */
	uint64_t sector;
	uint64_t bytes;
	char rwbs[8];
	int complete_tid; /* block: thread context of the completion, -1 */
};

struct ioa_cpu_row {
	int cpu;
	uint64_t first_ts;
	uint64_t last_ts;
	uint64_t events;
	uint64_t idle_ns;
	uint64_t lost;
};

/* Where the model sends finished rows: the db module in production, arrays in tests. */
struct ioa_row_sink {
	void *priv;
	int (*segment)(void *priv, const struct ioa_segment_row *r);
	int (*exit)(void *priv, const struct ioa_exit_row *r);
	int (*io)(void *priv, const struct ioa_io_row *r);
};

#endif
