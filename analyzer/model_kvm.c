// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The derived model, KVM side: per-vCPU state (guest/exit mode, time accounted to the running
 * segment) and the exit rows. A kvm_exit, a userspace exit or a lone kvm_pio/kvm_mmio is "held"
 * until what completes it (kvm_entry, the access that answers it, the next exit, the end of the
 * segment or of the trace) and then sent with its category. Handlers are called from the table
 * in model.c.
 */
#include "model_priv.h"

#include <stdio.h>
#include <string.h>

#include "kvm_decode.h"
#include "util.h"

/* ---- exit rows ---------------------------------------------------------------------------- */

static const char *held_category(const struct held *h)
{
	const struct ioa_exit_row *r = &h->r;

	switch (h->kind) {
	case H_KEXIT:
		return ioa_kvm_exit_category(r->isa, r->reason, r->port, h->mmio ? r->gpa : -1);
	case H_UEXIT:
		return ioa_kvm_uexit_category(r->reason, r->port, r->gpa);
	case H_PIO:
		return ioa_kvm_port_category(r->port);
	case H_MMIO:
		return ioa_kvm_gpa_category(r->gpa);
	default:
		return "";
	}
}

static int emit_exit(struct ioa_model *m, struct held *h)
{
	ioa_strlcpy(h->r.category, held_category(h), sizeof(h->r.category));
	h->kind = H_NONE;
	m->tot.exits++;
	if (m->err || !m->sink.exit)
		return m->err;
	return ioa_mdl_sink_rc(m, m->sink.exit(m->sink.priv, &h->r));
}

/* ---- vCPU state and exits ------------------------------------------------------------------ */

static void seg_count_exit(struct thread *t)
{
	if (t->seg.cpu >= 0)
		t->seg.n_exits++;
}

int ioa_mdl_held_flush(struct ioa_model *m, struct vstate *vs, struct held *h)
{
	if (h->kind == H_NONE)
		return m->err;
	if (h->kind == H_PIO || h->kind == H_MMIO)
		seg_count_exit(vs->t);
	return emit_exit(m, h);
}

/* the vCPU state of the current event's thread; marks it a vCPU */
static struct vstate *vcpu_ctx(struct ioa_model *m)
{
	struct thread *t = m->ctx;

	if (!t)
		return NULL;
	if (!t->kvm) {
		t->kvm = ioa_xcalloc(1, sizeof(*t->kvm));
		t->kvm->t = t;
		t->kvm->vcpu_id = -1;
	}
	if (t->vsrc < VS_KVM)
		t->vsrc = VS_KVM;
	return t->kvm;
}

static void vcpu_id_note(struct vstate *vs, int id)
{
	if (id < 0)
		return;
	vs->vcpu_id = id;
	vs->t->vsrc = VS_KVM_EXIT;
}

/* account the time since the last entry/exit to the running segment, then switch mode */
void ioa_mdl_vs_account(struct vstate *vs, uint64_t ts)
{
	struct seg *s = &vs->t->seg;
	uint64_t d;

	if (s->cpu < 0)
		return;
	d = ioa_mdl_sub_sat(ts, IOA_MAX(vs->mark, s->start));
	if (vs->mode == VM_GUEST)
		s->guest_ns += d;
	else if (vs->mode == VM_EXIT)
		s->exit_ns += d;
}

static void vs_mode(struct vstate *vs, enum vmode mode, uint64_t ts)
{
	ioa_mdl_vs_account(vs, ts);
	vs->mode = mode;
	vs->mark = ts;
}

static void held_init(struct held *h, enum held_kind kind, const struct ioa_model *m,
		      const struct ioa_event *ev, const struct vstate *vs, const char *source)
{
	struct ioa_exit_row *r = &h->r;

	memset(h, 0, sizeof(*h));
	h->kind = kind;
	r->tid = vs->t->tid;
	r->cpu = ev->cpu;
	r->vcpu = vs->vcpu_id;
	r->ts = m->now;
	r->dur_ns = IOA_TS_NONE;
	ioa_strlcpy(r->source, source, sizeof(r->source));
	r->port = -1;
	r->gpa = -1;
	r->rw = -1;
}

static void held_pio(struct held *h, const struct ioa_ev_pio *p)
{
	h->r.port = p->port;
	h->r.rw = p->rw;
	h->r.size = p->size;
}

static void held_mmio(struct held *h, const struct ioa_ev_mmio *mm)
{
	h->r.gpa = (int64_t)mm->gpa;
	h->r.rw = mm->type == IOA_MMIO_WRITE;
	h->r.size = mm->len;
	h->mmio = 1;
}

static void exit_reason(struct ioa_exit_row *r, const struct ioa_ev_kvm_exit *k)
{
	const char *name;

	r->isa = k->isa;
	r->reason = k->isa == IOA_ISA_VMX ? IOA_KVM_VMX_BASIC(k->reason) : k->reason;
	name = ioa_kvm_exit_name(k->isa, k->reason);
	if (k->isa == IOA_ISA_VMX && (k->reason & IOA_KVM_VMX_FAILED_ENTRY))
		snprintf(r->reason_name, sizeof(r->reason_name), "FAILED_ENTRY:%s",
			 name ? name : "");
	else
		ioa_strlcpy(r->reason_name, name ? name : "", sizeof(r->reason_name));
	if (ioa_kvm_exit_is_io(k->isa, k->reason)) {
		int port;

		ioa_kvm_ioio_decode(k->isa, k->info1, &port, &r->rw, &r->size);
		r->port = port;
	}
}

int ioa_mdl_on_kvm_exit(struct ioa_model *m, const struct ioa_event *ev)
{
	struct vstate *vs = vcpu_ctx(m);

	if (!vs)
		return 0;
	m->tot.has_kvm_exit = 1;
	vcpu_id_note(vs, ev->u.kexit.vcpu_id);
	ioa_mdl_held_flush(m, vs, &vs->open);
	ioa_mdl_held_flush(m, vs, &vs->pend);
	vs_mode(vs, VM_EXIT, m->now);
	held_init(&vs->open, H_KEXIT, m, ev, vs, "kvm_exit");
	exit_reason(&vs->open.r, &ev->u.kexit);
	seg_count_exit(vs->t);
	return m->err;
}

int ioa_mdl_on_kvm_entry(struct ioa_model *m, const struct ioa_event *ev)
{
	struct vstate *vs = vcpu_ctx(m);

	if (!vs)
		return 0;
	m->tot.has_kvm_exit = 1;
	vcpu_id_note(vs, ev->u.kentry.vcpu_id);
	vs_mode(vs, VM_GUEST, m->now);
	if (vs->open.kind == H_KEXIT)
		vs->open.r.dur_ns = ioa_mdl_sub_sat(m->now, vs->open.r.ts);
	ioa_mdl_held_flush(m, vs, &vs->open);
	return ioa_mdl_held_flush(m, vs, &vs->pend);
}

/*
 * Does this pio/mmio complete the held userspace exit? An IN is traced when the VMM's answer
 * is copied back (after kvm_userspace_exit), an MMIO read twice: unsatisfied before the exit,
 * satisfied after it.
 */
static int uexit_completed_by(const struct held *h, const struct ioa_event *ev)
{
	const struct ioa_exit_row *r = &h->r;

	if (h->kind != H_UEXIT)
		return 0;
	if (ev->kind == IOA_EV_KVM_PIO)
		return r->reason == IOA_KVM_EXIT_IO && r->port < 0;
	if (r->reason != IOA_KVM_EXIT_MMIO)
		return 0;
	return r->gpa < 0 || (r->gpa == (int64_t)ev->u.mmio.gpa && r->rw == 0 &&
			      ev->u.mmio.type == IOA_MMIO_READ);
}

static void held_evidence(struct held *h, const struct ioa_event *ev)
{
	if (ev->kind == IOA_EV_KVM_PIO)
		held_pio(h, &ev->u.pio);
	else if (h->kind != H_UEXIT || h->r.gpa < 0)
		held_mmio(h, &ev->u.mmio);
}

int ioa_mdl_on_kvm_access(struct ioa_model *m, const struct ioa_event *ev)
{
	struct vstate *vs = vcpu_ctx(m);
	int pio = ev->kind == IOA_EV_KVM_PIO;

	if (!vs)
		return 0;
	if (vs->open.kind == H_KEXIT) {
		held_evidence(&vs->open, ev);
		return 0;
	}
	if (uexit_completed_by(&vs->open, ev)) {
		held_evidence(&vs->open, ev);
		return ioa_mdl_held_flush(m, vs, &vs->open);
	}
	ioa_mdl_held_flush(m, vs, &vs->open);
	ioa_mdl_held_flush(m, vs, &vs->pend);
	held_init(&vs->pend, pio ? H_PIO : H_MMIO, m, ev, vs, pio ? "pio" : "mmio");
	held_evidence(&vs->pend, ev);
	return m->err;
}

static int pend_matches(const struct held *p, uint32_t reason)
{
	return (p->kind == H_PIO && reason == IOA_KVM_EXIT_IO) ||
	       (p->kind == H_MMIO && reason == IOA_KVM_EXIT_MMIO);
}

int ioa_mdl_on_kvm_uexit(struct ioa_model *m, const struct ioa_event *ev)
{
	struct vstate *vs = vcpu_ctx(m);
	struct ioa_exit_row *r;
	const char *name;

	if (!vs || vs->open.kind == H_KEXIT)
		return 0;
	ioa_mdl_held_flush(m, vs, &vs->open);
	held_init(&vs->open, H_UEXIT, m, ev, vs, "userspace");
	r = &vs->open.r;
	r->reason = ev->u.uexit.reason;
	name = ioa_kvm_uexit_name(r->reason);
	ioa_strlcpy(r->reason_name, name ? name : "", sizeof(r->reason_name));
	if (pend_matches(&vs->pend, r->reason)) {
		r->port = vs->pend.r.port;
		r->gpa = vs->pend.r.gpa;
		r->rw = vs->pend.r.rw;
		r->size = vs->pend.r.size;
		vs->pend.kind = H_NONE;
	}
	ioa_mdl_held_flush(m, vs, &vs->pend);
	seg_count_exit(vs->t);
	return m->err;
}

int ioa_mdl_on_kvm_pf(struct ioa_model *m, const struct ioa_event *ev)
{
	struct vstate *vs = vcpu_ctx(m);
	struct held *h;

	if (!vs)
		return 0;
	h = &vs->open;
	if (h->kind != H_KEXIT)
		return ioa_mdl_held_flush(m, vs, &vs->pend);
	if (h->r.gpa < 0)
		h->r.gpa = (int64_t)ev->u.pf.addr;
	if (ev->u.pf.error_code & 0x8) /* PFERR_RSVD: the MMIO path */
		h->mmio = 1;
	return 0;
}

/*
 * kvm_fpu, kvm_emulate_insn and the like fire between a kvm_pio/kvm_mmio and the
 * kvm_userspace_exit it causes: they mark the thread as a vCPU but keep the pending access.
 */
int ioa_mdl_on_kvm_other(struct ioa_model *m, const struct ioa_event *ev)
{
	(void)ev;
	vcpu_ctx(m);
	return 0;
}

int ioa_mdl_on_kvm_irq(struct ioa_model *m, const struct ioa_event *ev)
{
	struct ioa_io_row r;

	ioa_mdl_io_init(&r, IOA_IO_KVM_IRQ, ev, m->now);
	ioa_strlcpy(r.dev, ev->name ? ev->name : "", sizeof(r.dev));
	r.num = ev->u.kirq.gsi;
	return ioa_mdl_emit_io(m, &r);
}
