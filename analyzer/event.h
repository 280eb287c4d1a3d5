/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The event contract between readers and the derived model. Every reader (trace.dat through
 * libtracecmd, the text readers, perf script) turns its input into a stream of struct
 * ioa_event in file order; the model (model.c) turns that stream into threads, segments,
 * exits and I/O without knowing where it came from. Only the fields of the event's kind are
 * meaningful; the reader clears the rest. All times are nanoseconds on the trace's own clock.
 */
#ifndef IOA_EVENT_H
#define IOA_EVENT_H

#include <stdint.h>

#define IOA_COMM_LEN 32
#define IOA_NAME_LEN 32

enum ioa_ev_kind {
	IOA_EV_OTHER = 0,  /* counted, not modelled */
	IOA_EV_SWITCH,	   /* sched_switch */
	IOA_EV_WAKEUP,	   /* sched_wakeup */
	IOA_EV_WAKEUP_NEW, /* sched_wakeup_new */
	IOA_EV_WAKING,	   /* sched_waking */
	IOA_EV_MIGRATE,	   /* sched_migrate_task */
	IOA_EV_RENAME,	   /* task_rename */
	IOA_EV_KVM_ENTRY,
	IOA_EV_KVM_EXIT,
	IOA_EV_KVM_MMIO, /* kvm_mmio, kvm_fast_mmio */
	IOA_EV_KVM_PIO,
	IOA_EV_KVM_UEXIT,    /* kvm_userspace_exit */
	IOA_EV_KVM_PF,	     /* kvm_page_fault */
	IOA_EV_KVM_IRQ,	     /* kvm_set_irq, kvm_msi_set_irq, kvm_apic_accept_irq */
	IOA_EV_KVM_OTHER,    /* any other kvm:* event: marks its thread as a vCPU */
	IOA_EV_BLK_ISSUE,    /* block_rq_issue */
	IOA_EV_BLK_COMPLETE, /* block_rq_complete */
	IOA_EV_NET_XMIT,     /* net_dev_xmit */
	IOA_EV_NET_RECV,     /* netif_receive_skb, napi_gro_receive_entry, netif_rx */
	IOA_EV_IRQ_ENTRY,    /* irq_handler_entry */
	IOA_EV_IRQ_EXIT,     /* irq_handler_exit */
	IOA_EV_SOFTIRQ_ENTRY,
	IOA_EV_SOFTIRQ_EXIT,
	IOA_EV_CO_SWITCH, /* cobalt_switch_context: a Xenomai Cobalt co-kernel thread switch */
	IOA_EV_CO_RESUME, /* cobalt_thread_resume: the co-kernel wakes a thread */
	IOA_EV_CO_OTHER,  /* any other cobalt_* event: marks the trace as a co-kernel's */
	IOA_EV__COUNT
};

/* kvm_exit instruction set */
enum ioa_isa {
	IOA_ISA_UNKNOWN = 0,
	IOA_ISA_VMX = 1,
	IOA_ISA_SVM = 2,
};

/* kvm_mmio type */
enum ioa_mmio_type {
	IOA_MMIO_UNSATISFIED_READ = 0,
	IOA_MMIO_READ = 1,
	IOA_MMIO_WRITE = 2,
};

struct ioa_ev_switch {
	char prev_comm[IOA_COMM_LEN];
	int prev_pid;
	int prev_prio;
	/* "R" or "R+" when preempted (still runnable), else the sleep state: "S", "D", "I", ... */
	char prev_state[8];
	char next_comm[IOA_COMM_LEN];
	int next_pid;
	int next_prio;
};

struct ioa_ev_wake {
	char comm[IOA_COMM_LEN];
	int pid;
	int prio;
	int target_cpu;
};

struct ioa_ev_migrate {
	char comm[IOA_COMM_LEN];
	int pid;
	int orig_cpu;
	int dest_cpu;
};

struct ioa_ev_rename {
	int pid;
	char oldcomm[IOA_COMM_LEN];
	char newcomm[IOA_COMM_LEN];
};

struct ioa_ev_kvm_exit {
	int vcpu_id;	 /* -1 when the format has none */
	uint32_t reason; /* raw exit_reason as traced (VMX: basic reason in the low 16 bits) */
	int isa;	 /* enum ioa_isa, IOA_ISA_UNKNOWN when not traced */
	uint64_t rip;
	uint64_t info1;
	uint64_t info2;
	uint32_t intr_info;
	uint32_t error_code;
};

struct ioa_ev_kvm_entry {
	int vcpu_id;
	uint64_t rip;
};

struct ioa_ev_mmio {
	int type; /* enum ioa_mmio_type */
	int len;
	uint64_t gpa;
	uint64_t val;
};

struct ioa_ev_pio {
	int rw; /* 1 write, 0 read */
	int port;
	int size;
	int count;
};

struct ioa_ev_uexit {
	uint32_t reason; /* KVM_EXIT_* */
	int err;
};

struct ioa_ev_pf {
	uint64_t addr; /* guest physical for EPT/NPF */
	uint64_t error_code;
};

struct ioa_ev_kvm_irq {
	uint32_t gsi;	 /* kvm_set_irq gsi, or (msi) address low bits */
	uint32_t vector; /* vector when known, else 0 */
	int level;
};

struct ioa_ev_blk {
	uint32_t dev; /* (major << 20) | minor, as the kernel's dev_t */
	uint64_t sector;
	uint32_t nr_sector;
	uint64_t bytes; /* 0 on complete events that do not carry it */
	char rwbs[8];
	char comm[IOA_COMM_LEN];
	int error;
};

struct ioa_ev_net {
	char dev[IOA_NAME_LEN];
	uint32_t len;
};

struct ioa_ev_irq {
	int irq;
	char name[IOA_NAME_LEN]; /* entry only */
	int ret;		 /* exit only */
};

struct ioa_ev_softirq {
	int vec;
};

/*
 * cobalt_switch_context. A pid is 0 for the co-kernel's root thread (ROOT/n: Linux runs), -1
 * when the format does not carry pids (Xenomai 3.0 prints only "prev=%p(name)").
 */
struct ioa_ev_co_switch {
	char prev_name[IOA_COMM_LEN];
	int prev_pid;
	int prev_prio;
	uint64_t prev_state; /* Xenomai thread state bits (XNPEND, XNREADY, XNRELAX, ...) */
	char next_name[IOA_COMM_LEN];
	int next_pid;
	int next_prio;
};

struct ioa_event {
	uint64_t ts; /* ns, trace clock */
	int cpu;
	int pid;  /* common_pid: the thread in whose context the event fired */
	int tgid; /* -1 when the format does not carry it */
	enum ioa_ev_kind kind;
	/* event name without system ("sched_switch"); reader-owned, and the same pointer with the
	 * same content for the whole read (the model caches counts by pointer) */
	const char *name;
	const char *comm; /* comm of pid when the format prints it, else NULL */
	union {
		struct ioa_ev_switch sw;
		struct ioa_ev_wake wake;
		struct ioa_ev_migrate mig;
		struct ioa_ev_rename ren;
		struct ioa_ev_kvm_exit kexit;
		struct ioa_ev_kvm_entry kentry;
		struct ioa_ev_mmio mmio;
		struct ioa_ev_pio pio;
		struct ioa_ev_uexit uexit;
		struct ioa_ev_pf pf;
		struct ioa_ev_kvm_irq kirq;
		struct ioa_ev_blk blk;
		struct ioa_ev_net net;
		struct ioa_ev_irq irq;
		struct ioa_ev_softirq softirq;
		struct ioa_ev_co_switch co;
	} u;
};

/**
 * ioa_event_kind() - map a tracepoint name to the kind the model handles
 * @system: "sched", "kvm", ... or NULL when the format does not say (text)
 * @name: event name without system
 *
 * Pure; unknown names give IOA_EV_OTHER; kvm events that fire in a vCPU thread give a kvm
 * kind (kvm_age_hva and other MMU-notifier events, fired elsewhere, are OTHER).
 */
enum ioa_ev_kind ioa_event_kind(const char *system, const char *name);

/**
 * ioa_dev_make() - kernel dev_t from major and minor ((major << 20) | minor)
 */
static inline uint32_t ioa_dev_make(uint32_t major, uint32_t minor)
{
	return (major << 20) | (minor & 0xfffff);
}

static inline uint32_t ioa_dev_major(uint32_t dev)
{
	return dev >> 20;
}

static inline uint32_t ioa_dev_minor(uint32_t dev)
{
	return dev & 0xfffff;
}

/*
 * What a reader tells about the file before and after its events. Filled by the reader,
 * stored in the trace table, shown by `ioaware info`.
 */
struct ioa_trace_meta {
	char format[32];      /* "trace.dat", "tracefs-text", "report-text", "perf-script", ... */
	char version[16];     /* trace.dat file version, "" for text */
	char compression[32]; /* "none", "zstd", "zlib" */
	char clock[32];	      /* "local", "global", "x86-tsc", "tsc2nsec", "mono" ... */
	int clock_is_ns;      /* 0 when timestamps are raw cycles */
	int cpus;	      /* from the header, or max cpu + 1 */
	int long_size;	      /* 4 or 8, 0 unknown */
	char host[128];	      /* uname or hostname when the file carries it */
	uint64_t trace_id;    /* trace-cmd trace id, 0 when none */
	uint64_t lost_events; /* reported lost/dropped events */
	int buffers;	      /* number of ring buffers (top + instances) */
	int decoders;	      /* trace.dat: threads that decoded its buffers (1: the reader) */
};

/*
 * Reader → consumer callbacks. on_event is called once per event in file order; a non-zero
 * return stops the reader and is returned by it. on_warning reports something the user
 * should see (stored with the trace). on_lost reports lost events per CPU.
 */
struct ioa_event_sink {
	void *priv;
	int (*on_event)(void *priv, const struct ioa_event *ev);
	void (*on_warning)(void *priv, const char *msg);
	void (*on_lost)(void *priv, int cpu, uint64_t ts, uint64_t count);
	/*
	 * Raw field access for --raw: fields of the current event as "name=value" text, or NULL
	 * when the consumer does not want them. Called before on_event of the same event.
	 */
	void (*on_fields)(void *priv, const char *fields);
	int want_fields;
	/*
	 * trace.dat alone (not a host+guest set, not with fields): how many threads decode its
	 * per-CPU buffers, each its share of them; 0 or 1: the reading thread alone. Events
	 * reach on_event in the same order either way.
	 */
	int decoders;
};

#endif
