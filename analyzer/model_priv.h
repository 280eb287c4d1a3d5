/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Inside the derived model only (analyzer/model*.c): the context struct and its parts.
 * model.c feeds events (threads, CPUs, run segments, block/net/irq I/O, counts) and finishes;
 * model_kvm.c keeps the vCPU state and the KVM exit rows; model_vm.c groups vCPUs into VMs at
 * finish. Functions shared between these files carry the ioa_mdl_ prefix.
 */
#ifndef IOA_MODEL_PRIV_H
#define IOA_MODEL_PRIV_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hmap.h"
#include "model.h"

#define THR_CHUNK_SHIFT 10
#define THR_CHUNK (1 << THR_CHUNK_SHIFT)

enum vcpu_src { VS_NONE, VS_KVM, VS_NAME, VS_KVM_EXIT };
enum vmode { VM_HOST, VM_GUEST, VM_EXIT };
enum held_kind { H_NONE, H_KEXIT, H_UEXIT, H_PIO, H_MMIO };

/* an exit row not yet sent: the open kvm_exit/userspace exit, or a lone pio/mmio */
struct held {
	enum held_kind kind;
	int mmio; /* gpa comes from an MMIO access, not a RAM fault */
	struct ioa_exit_row r;
};

struct thread;

struct vstate {
	struct thread *t;
	enum vmode mode;
	uint64_t mark; /* ts of the last entry/exit */
	int vcpu_id;
	struct held open;
	struct held pend;
};

struct seg {
	int cpu; /* -1: not running */
	int partial;
	uint64_t start;
	uint64_t wake_ns;
	int waker_tid;
	int waker_cpu;
	uint64_t guest_ns;
	uint64_t exit_ns;
	uint32_t n_exits;
	int co; /* run by the co-kernel (Xenomai Cobalt primary mode) */
};

struct thread {
	int tid;
	int tgid;
	int hint_tgid; /* pid named by a vhost-<pid> wake partner */
	int peer_tid;  /* a wake partner whose name was unknown then */
	int vm_id;     /* set while grouping */
	enum vcpu_src vsrc;
	char comm[IOA_ROW_COMM];
	uint64_t first_ts;
	uint64_t last_ts;
	uint64_t run_ns;
	uint64_t wake_ns; /* last wake-up since the last switch-out */
	int waker_tid;
	int waker_cpu;
	int wake_waking; /* wake_ns came from sched_waking */
	struct seg seg;
	struct vstate *kvm;
};

struct cpu {
	struct ioa_cpu_row row;
	int seen;
	int cur;	      /* believed running tid, 0 idle, -1 unknown */
	struct thread *cur_t; /* its thread, NULL for idle/unknown */
	uint64_t idle_since;
	int has_sw; /* last sched_switch, for duplicate detection */
	uint64_t sw_ts;
	int sw_prev;
	int sw_next;
	int irq_open;
	int sirq_open;
	struct ioa_io_row irq;
	struct ioa_io_row sirq;
	/* co-kernel (model_cobalt.c): while co_head, Linux is frozen on this CPU */
	int co_head;
	int co_root;  /* Linux's task meanwhile: tid, 0 idle, -1 unknown */
	int co_adopt; /* the head thread's pid was not traced: next event's */
	uint64_t co_adopt_ts;
	char co_adopt_name[IOA_ROW_COMM];
};

struct blk_req {
	uint32_t dev;
	uint64_t sector;
	struct ioa_io_row r;
};

struct name_ent {
	char *name;
	uint64_t count;
};

struct stats {
	uint64_t mismatch;
	uint64_t ooo_clamped;
	uint64_t ooo_dropped;
	uint64_t dup_switch;
	uint64_t blk_orphan;
	uint64_t bad_cpu;
	uint64_t co_events; /* cobalt_* events of any kind */
	uint64_t co_switch;
	uint64_t co_segments;
	uint64_t co_unexplained; /* switches that contradict what the CPU was running */
};

struct ioa_model {
	struct ioa_row_sink sink;
	struct ioa_vm_override *ovr;
	int nr_ovr;
	int err;
	int finished;
	uint64_t now;	    /* ts of the current event, clamped per CPU */
	struct thread *ctx; /* thread of the current event's pid, NULL for 0 */

	struct thread **chunks; /* threads in chunks: pointers stay valid */
	size_t nr_thr, nr_chunks;
	struct ioa_hmap thash; /* tid → thread index */

	struct cpu *cpus;
	int nr_cpus;

	struct blk_req *blk; /* pending requests, dense */
	size_t blk_nr, blk_alloc;
	struct ioa_hmap blk_map; /* (dev, sector) → blk index */

	struct name_ent *names;
	size_t nr_names, alloc_names;
	struct ioa_hmap nhash; /* name → names index */
	/* name pointer → names[] index + 1: readers keep a name's pointer for the whole read */
	const char *pcache_ptr[64];
	uint32_t pcache_idx[64];

	char **warns;
	size_t nr_warns, alloc_warns;

	struct stats st;
	struct ioa_model_totals tot;

	struct ioa_thread_row *thr_rows;
	struct ioa_cpu_row *cpu_rows;
	struct ioa_vm_row *vm_rows;
	struct ioa_vcpu_row *vcpu_rows;
	struct ioa_event_count *count_rows;
	size_t nr_thr_rows, nr_cpu_rows, nr_vm_rows, nr_vcpu_rows;
	size_t alloc_vm_rows, alloc_vcpu_rows;
};

/* ---- small helpers ---------------------------------------------------------------------- */

static inline uint64_t ioa_mdl_sub_sat(uint64_t a, uint64_t b)
{
	return a > b ? a - b : 0;
}

static inline int ioa_mdl_has_prefix(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

static inline struct thread *ioa_mdl_thread_at(const struct ioa_model *m, size_t i)
{
	return &m->chunks[i >> THR_CHUNK_SHIFT][i & (THR_CHUNK - 1)];
}

static inline int ioa_mdl_sink_rc(struct ioa_model *m, int rc)
{
	if (rc && !m->err)
		m->err = rc;
	return m->err;
}

/* model.c */
struct thread *ioa_mdl_thread_find(const struct ioa_model *m, int tid);
struct thread *ioa_mdl_thread_get(struct ioa_model *m, int tid);
void ioa_mdl_thread_comm(struct thread *t, const char *comm);
int ioa_mdl_seg_close(struct ioa_model *m, struct thread *t, uint64_t end, const char *state,
		      int partial);
int ioa_mdl_cpu_run(struct ioa_model *m, struct cpu *c, int pid, int partial);
void ioa_mdl_idle_add(struct cpu *c, uint64_t end);
int ioa_mdl_wake_note(struct ioa_model *m, const struct ioa_event *ev, int waking);
struct ioa_io_row *ioa_mdl_io_init(struct ioa_io_row *r, int kind, const struct ioa_event *ev,
				   uint64_t ts);
int ioa_mdl_emit_io(struct ioa_model *m, const struct ioa_io_row *r);
void ioa_mdl_vhost_peer(struct thread *t, const struct thread *peer);

/* model_kvm.c: the KVM event handlers of the table in model.c, and what segments need */
int ioa_mdl_on_kvm_exit(struct ioa_model *m, const struct ioa_event *ev);
int ioa_mdl_on_kvm_entry(struct ioa_model *m, const struct ioa_event *ev);
int ioa_mdl_on_kvm_access(struct ioa_model *m, const struct ioa_event *ev);
int ioa_mdl_on_kvm_uexit(struct ioa_model *m, const struct ioa_event *ev);
int ioa_mdl_on_kvm_pf(struct ioa_model *m, const struct ioa_event *ev);
int ioa_mdl_on_kvm_other(struct ioa_model *m, const struct ioa_event *ev);
int ioa_mdl_on_kvm_irq(struct ioa_model *m, const struct ioa_event *ev);
int ioa_mdl_held_flush(struct ioa_model *m, struct vstate *vs, struct held *h);
void ioa_mdl_vs_account(struct vstate *vs, uint64_t ts);

/* model_cobalt.c: the Xenomai Cobalt co-kernel's switches */
int ioa_mdl_on_co_switch(struct ioa_model *m, const struct ioa_event *ev);
int ioa_mdl_on_co_resume(struct ioa_model *m, const struct ioa_event *ev);
int ioa_mdl_on_co_other(struct ioa_model *m, const struct ioa_event *ev);
int ioa_mdl_co_adopt(struct ioa_model *m, struct cpu *c, int pid);
void ioa_mdl_co_forget(struct cpu *c);
void ioa_mdl_co_linux_switch(struct ioa_model *m, struct cpu *c);
void ioa_mdl_co_warnings(struct ioa_model *m);

/* model_vm.c: finish steps, in this order */
void ioa_mdl_finish_names(struct ioa_model *m);
void ioa_mdl_group_vcpus(struct ioa_model *m);
void ioa_mdl_build_thread_rows(struct ioa_model *m);

#endif
