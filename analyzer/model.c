// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The derived model: one streaming pass from struct ioa_event to threads, run segments,
 * vCPUs, VMs, KVM exits and I/O rows. Each event kind has a handler in a table indexed by
 * enum ioa_ev_kind (the perf builtin-sched pattern); per-event work is a few hash lookups and
 * no allocation. Finished rows leave through the sink at once; only per-thread, per-CPU and
 * per-pending-request state is kept.
 *
 * Decisions a reader must know:
 *  - a CPU's current task is believed from sched_switch; before the first switch (or after a
 *    cut) the common_pid of the next event is adopted and its segment opens there, partial;
 *  - an event whose common_pid is not the believed task (lost events) cuts the believed
 *    segment at the CPU's previous event, partial, and adopts the new pid;
 *  - time going back on one CPU by less than IOA_MODEL_SLACK_NS is clamped, by more the event
 *    is counted but not modelled;
 *  - VMs are grouped at finish (model_vm.c); vCPU state and KVM exits are in model_kvm.c.
 */
#include "model_priv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "util.h"

#define IOA_MODEL_SLACK_NS 1000000ULL /* 1 ms of per-CPU disorder is clamped, more ignored */
#define IOA_MODEL_MAX_CPU 65535

/* ---- small helpers ---------------------------------------------------------------------- */

/* number after @prefix in "vhost-1234"; -1 when @s is not of that form */
static int prefixed_pid(const char *s, const char *prefix)
{
	char *end;
	long v;

	if (!ioa_mdl_has_prefix(s, prefix))
		return -1;
	s += strlen(prefix);
	if (*s < '0' || *s > '9')
		return -1;
	v = strtol(s, &end, 10);
	return *end || v > 0x3fffffff ? -1 : (int)v;
}

/* ---- threads ----------------------------------------------------------------------------- */

struct thread *ioa_mdl_thread_find(const struct ioa_model *m, int tid)
{
	struct ioa_hmap_it it;
	struct thread *t;
	long i;

	for (i = ioa_hmap_first(&m->thash, ioa_hash_u64((uint64_t)tid), &it); i >= 0;
	     i = ioa_hmap_next(&m->thash, &it)) {
		t = ioa_mdl_thread_at(m, (size_t)i);
		if (t->tid == tid)
			return t;
	}
	return NULL;
}

static struct thread *thread_new(struct ioa_model *m, int tid)
{
	struct thread *t;

	if (m->nr_thr == m->nr_chunks * THR_CHUNK) {
		m->chunks = ioa_xrealloc(m->chunks, (m->nr_chunks + 1) * sizeof(*m->chunks));
		m->chunks[m->nr_chunks++] = ioa_xmalloc(THR_CHUNK * sizeof(struct thread));
	}
	t = ioa_mdl_thread_at(m, m->nr_thr);
	memset(t, 0, sizeof(*t));
	t->tid = tid;
	t->tgid = t->hint_tgid = -1;
	t->first_ts = t->last_ts = t->wake_ns = IOA_TS_NONE;
	t->waker_tid = t->waker_cpu = -1;
	t->seg.cpu = -1;
	ioa_hmap_add(&m->thash, ioa_hash_u64((uint64_t)tid), (uint32_t)m->nr_thr++);
	return t;
}

/* the thread of @tid, created on first sight; NULL for the idle task and bad tids */
struct thread *ioa_mdl_thread_get(struct ioa_model *m, int tid)
{
	struct thread *t;

	if (tid <= 0)
		return NULL;
	t = ioa_mdl_thread_find(m, tid);
	return t ? t : thread_new(m, tid);
}

static void thread_seen(struct thread *t, uint64_t ts)
{
	if (t->first_ts == IOA_TS_NONE || ts < t->first_ts)
		t->first_ts = ts;
	if (t->last_ts == IOA_TS_NONE || ts > t->last_ts)
		t->last_ts = ts;
}

void ioa_mdl_thread_comm(struct thread *t, const char *comm)
{
	if (t && comm && comm[0] && strcmp(t->comm, comm))
		ioa_strlcpy(t->comm, comm, sizeof(t->comm));
}

/* ---- sinks ------------------------------------------------------------------------------- */

static int emit_segment(struct ioa_model *m, const struct ioa_segment_row *r)
{
	m->tot.segments++;
	if (m->err || !m->sink.segment)
		return m->err;
	return ioa_mdl_sink_rc(m, m->sink.segment(m->sink.priv, r));
}

int ioa_mdl_emit_io(struct ioa_model *m, const struct ioa_io_row *r)
{
	m->tot.ios++;
	if (m->err || !m->sink.io)
		return m->err;
	return ioa_mdl_sink_rc(m, m->sink.io(m->sink.priv, r));
}

struct ioa_io_row *ioa_mdl_io_init(struct ioa_io_row *r, int kind, const struct ioa_event *ev,
				   uint64_t ts)
{
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->tid = ev->pid;
	r->cpu = ev->cpu;
	r->ts = ts;
	r->end_ts = IOA_TS_NONE;
	r->num = -1;
	r->complete_tid = -1;
	return r;
}

/* ---- run segments ---------------------------------------------------------------------------- */

static void seg_open(struct thread *t, int cpu, uint64_t ts, int partial)
{
	struct seg *s = &t->seg;

	memset(s, 0, sizeof(*s));
	s->cpu = cpu;
	s->start = ts;
	s->partial = partial;
	s->wake_ns = t->wake_ns;
	s->waker_tid = t->waker_tid;
	s->waker_cpu = t->waker_cpu;
	thread_seen(t, ts);
}

static void seg_row(struct ioa_segment_row *r, const struct thread *t, uint64_t end,
		    const char *state, int partial)
{
	const struct seg *s = &t->seg;

	memset(r, 0, sizeof(*r));
	r->tid = t->tid;
	r->cpu = s->cpu;
	r->start_ns = s->start;
	r->end_ns = end;
	ioa_strlcpy(r->end_state, state, sizeof(r->end_state));
	r->wake_ns = s->wake_ns;
	r->waker_tid = s->waker_tid;
	r->waker_cpu = s->waker_cpu;
	r->guest_ns = s->guest_ns;
	r->exit_ns = s->exit_ns;
	r->n_exits = s->n_exits;
	r->co_kernel = s->co;
	r->partial = partial || s->partial;
}

/* close @t's running segment at @end; a zero-length partial segment says nothing: dropped */
int ioa_mdl_seg_close(struct ioa_model *m, struct thread *t, uint64_t end, const char *state,
		      int partial)
{
	struct ioa_segment_row r;
	struct seg *s = &t->seg;

	if (s->cpu < 0)
		return m->err;
	end = IOA_MAX(end, s->start);
	if (t->kvm) {
		ioa_mdl_vs_account(t->kvm, end);
		t->kvm->mark = IOA_MAX(t->kvm->mark, end);
		ioa_mdl_held_flush(m, t->kvm, &t->kvm->pend);
	}
	seg_row(&r, t, end, state, partial);
	t->run_ns += end - s->start;
	thread_seen(t, end);
	if (t->wake_ns != IOA_TS_NONE && t->wake_ns <= end) {
		t->wake_ns = IOA_TS_NONE;
		t->waker_tid = t->waker_cpu = -1;
		t->wake_waking = 0;
	}
	s->cpu = -1;
	if (r.partial && end == r.start_ns)
		return m->err;
	m->st.co_segments += (uint64_t)r.co_kernel;
	return emit_segment(m, &r);
}

void ioa_mdl_idle_add(struct cpu *c, uint64_t end)
{
	c->row.idle_ns += ioa_mdl_sub_sat(end, c->idle_since);
}

/* forget what runs on @c, closing it at @end (partial) */
static int cpu_cut(struct ioa_model *m, struct cpu *c, uint64_t end)
{
	if (c->cur > 0)
		ioa_mdl_seg_close(m, ioa_mdl_thread_find(m, c->cur), end, "", 1);
	else if (c->cur == 0)
		ioa_mdl_idle_add(c, end);
	c->cur = -1;
	c->cur_t = NULL;
	ioa_mdl_co_forget(c);
	return m->err;
}

/* @pid starts running on @c at m->now */
int ioa_mdl_cpu_run(struct ioa_model *m, struct cpu *c, int pid, int partial)
{
	struct thread *t;

	c->cur = pid;
	c->cur_t = NULL;
	if (pid == 0) {
		c->idle_since = m->now;
		return m->err;
	}
	t = ioa_mdl_thread_get(m, pid);
	c->cur_t = t;
	if (t->seg.cpu >= 0 && t->seg.cpu != c->row.cpu) {
		/* still running elsewhere as far as we know: its switch-out was lost */
		struct cpu *o = &m->cpus[t->seg.cpu];

		ioa_mdl_seg_close(m, t, o->row.last_ts, "", 1);
		o->cur = -1;
		o->cur_t = NULL;
	}
	seg_open(t, c->row.cpu, m->now, partial);
	return m->err;
}

/* make @pid the believed current task of @c (context of an event) */
static int cpu_sync(struct ioa_model *m, struct cpu *c, int pid)
{
	if (pid < 0 || c->cur == pid)
		return m->err;
	if (c->co_adopt && pid > 0)
		return ioa_mdl_co_adopt(m, c, pid);
	if (c->cur != -1) {
		m->st.mismatch++;
		cpu_cut(m, c, c->row.last_ts);
	}
	return ioa_mdl_cpu_run(m, c, pid, 1);
}

static int switch_is_dup(struct cpu *c, const struct ioa_event *ev)
{
	const struct ioa_ev_switch *sw = &ev->u.sw;

	if (c->has_sw && c->sw_ts == ev->ts && c->sw_prev == sw->prev_pid &&
	    c->sw_next == sw->next_pid)
		return 1;
	c->has_sw = 1;
	c->sw_ts = ev->ts;
	c->sw_prev = sw->prev_pid;
	c->sw_next = sw->next_pid;
	return 0;
}

static int on_switch(struct ioa_model *m, const struct ioa_event *ev)
{
	const struct ioa_ev_switch *sw = &ev->u.sw;
	struct cpu *c = &m->cpus[ev->cpu];

	if (switch_is_dup(c, ev)) {
		m->st.dup_switch++;
		return 0;
	}
	if (c->co_head || c->co_adopt)
		ioa_mdl_co_linux_switch(m, c);
	ioa_mdl_thread_comm(ioa_mdl_thread_get(m, sw->prev_pid), sw->prev_comm);
	ioa_mdl_thread_comm(ioa_mdl_thread_get(m, sw->next_pid), sw->next_comm);
	cpu_sync(m, c, sw->prev_pid);
	if (sw->prev_pid > 0)
		ioa_mdl_seg_close(m, ioa_mdl_thread_find(m, sw->prev_pid), m->now, sw->prev_state,
				  0);
	else if (sw->prev_pid == 0)
		ioa_mdl_idle_add(c, m->now);
	c->cur = -1;
	c->cur_t = NULL;
	if (sw->next_pid >= 0)
		ioa_mdl_cpu_run(m, c, sw->next_pid, 0);
	return m->err;
}

/* ---- wake-ups, names --------------------------------------------------------------------- */

/*
 * vhost-<pid> workers belong to the VMM process <pid>: so, likely, do the threads they wake and
 * that wake them. A partner whose name is not known yet is remembered and looked at in finish.
 */
void ioa_mdl_vhost_peer(struct thread *t, const struct thread *peer)
{
	int pid;

	if (!peer->comm[0]) {
		if (t->hint_tgid < 0)
			t->peer_tid = peer->tid;
		return;
	}
	pid = prefixed_pid(peer->comm, "vhost-");
	if (pid > 0)
		t->hint_tgid = pid;
}

static void vhost_hint(struct thread *waker, struct thread *wakee)
{
	if (!waker || !wakee)
		return;
	ioa_mdl_vhost_peer(wakee, waker);
	ioa_mdl_vhost_peer(waker, wakee);
}

int ioa_mdl_wake_note(struct ioa_model *m, const struct ioa_event *ev, int waking)
{
	const struct ioa_ev_wake *w = &ev->u.wake;
	struct thread *t = ioa_mdl_thread_get(m, w->pid);

	if (!t)
		return 0;
	ioa_mdl_thread_comm(t, w->comm);
	thread_seen(t, m->now);
	vhost_hint(m->ctx, t);
	if (!waking && t->wake_ns != IOA_TS_NONE && t->wake_waking)
		return 0;
	t->wake_ns = m->now;
	t->waker_tid = ev->pid;
	t->waker_cpu = ev->cpu;
	t->wake_waking = waking;
	return 0;
}

static int on_waking(struct ioa_model *m, const struct ioa_event *ev)
{
	return ioa_mdl_wake_note(m, ev, 1);
}

static int on_wakeup(struct ioa_model *m, const struct ioa_event *ev)
{
	return ioa_mdl_wake_note(m, ev, 0);
}

static void thread_named(struct ioa_model *m, int tid, const char *comm)
{
	struct thread *t = ioa_mdl_thread_get(m, tid);

	if (!t)
		return;
	ioa_mdl_thread_comm(t, comm);
	thread_seen(t, m->now);
}

static int on_migrate(struct ioa_model *m, const struct ioa_event *ev)
{
	thread_named(m, ev->u.mig.pid, ev->u.mig.comm);
	return 0;
}

static int on_rename(struct ioa_model *m, const struct ioa_event *ev)
{
	thread_named(m, ev->u.ren.pid, ev->u.ren.newcomm);
	return 0;
}

static int on_other(struct ioa_model *m, const struct ioa_event *ev)
{
	(void)m;
	(void)ev;
	return 0;
}

/* ---- block, net, irq ------------------------------------------------------------------- */

static uint32_t blk_hash(uint32_t dev, uint64_t sector)
{
	return ioa_hash_pair(sector, dev);
}

/* the pending request of (@dev, @sector), -1 when none */
static long blk_find(const struct ioa_model *m, uint32_t dev, uint64_t sector)
{
	struct ioa_hmap_it it;
	long i;

	for (i = ioa_hmap_first(&m->blk_map, blk_hash(dev, sector), &it); i >= 0;
	     i = ioa_hmap_next(&m->blk_map, &it))
		if (m->blk[i].dev == dev && m->blk[i].sector == sector)
			return i;
	return -1;
}

/* remove request @i; the last one moves into its place */
static void blk_remove(struct ioa_model *m, size_t i)
{
	size_t last = --m->blk_nr;

	ioa_hmap_del(&m->blk_map, blk_hash(m->blk[i].dev, m->blk[i].sector), (uint32_t)i);
	if (i == last)
		return;
	ioa_hmap_del(&m->blk_map, blk_hash(m->blk[last].dev, m->blk[last].sector), (uint32_t)last);
	m->blk[i] = m->blk[last];
	ioa_hmap_add(&m->blk_map, blk_hash(m->blk[i].dev, m->blk[i].sector), (uint32_t)i);
}

static void blk_dev_name(char *buf, size_t size, uint32_t dev)
{
	snprintf(buf, size, "%u,%u", ioa_dev_major(dev), ioa_dev_minor(dev));
}

static int on_blk_issue(struct ioa_model *m, const struct ioa_event *ev)
{
	const struct ioa_ev_blk *b = &ev->u.blk;
	long i = blk_find(m, b->dev, b->sector);
	struct blk_req *q;

	if (i < 0) {
		IOA_GROW(m->blk, m->blk_nr, m->blk_alloc);
		i = (long)m->blk_nr++;
		ioa_hmap_add(&m->blk_map, blk_hash(b->dev, b->sector), (uint32_t)i);
	}
	q = &m->blk[i];
	q->dev = b->dev;
	q->sector = b->sector;
	ioa_mdl_io_init(&q->r, IOA_IO_BLOCK, ev, m->now);
	blk_dev_name(q->r.dev, sizeof(q->r.dev), b->dev);
	q->r.sector = b->sector;
	q->r.bytes = b->bytes ? b->bytes : (uint64_t)b->nr_sector * 512;
	ioa_strlcpy(q->r.rwbs, b->rwbs, sizeof(q->r.rwbs));
	return 0;
}

static int on_blk_complete(struct ioa_model *m, const struct ioa_event *ev)
{
	const struct ioa_ev_blk *b = &ev->u.blk;
	long i = blk_find(m, b->dev, b->sector);
	struct ioa_io_row r;

	if (i < 0) {
		m->st.blk_orphan++;
		return 0;
	}
	r = m->blk[i].r;
	blk_remove(m, (size_t)i);
	r.end_ts = IOA_MAX(m->now, r.ts);
	r.complete_tid = ev->pid;
	return ioa_mdl_emit_io(m, &r);
}

static int on_net(struct ioa_model *m, const struct ioa_event *ev)
{
	struct ioa_io_row r;

	ioa_mdl_io_init(&r, ev->kind == IOA_EV_NET_XMIT ? IOA_IO_NET_TX : IOA_IO_NET_RX, ev,
			m->now);
	ioa_strlcpy(r.dev, ev->u.net.dev, sizeof(r.dev));
	r.bytes = ev->u.net.len;
	return ioa_mdl_emit_io(m, &r);
}

static int on_irq_entry(struct ioa_model *m, const struct ioa_event *ev)
{
	struct cpu *c = &m->cpus[ev->cpu];

	if (c->irq_open)
		ioa_mdl_emit_io(m, &c->irq);
	ioa_mdl_io_init(&c->irq, IOA_IO_IRQ, ev, m->now);
	ioa_strlcpy(c->irq.dev, ev->u.irq.name, sizeof(c->irq.dev));
	c->irq.num = ev->u.irq.irq;
	c->irq_open = 1;
	return m->err;
}

static int on_irq_exit(struct ioa_model *m, const struct ioa_event *ev)
{
	struct cpu *c = &m->cpus[ev->cpu];

	if (!c->irq_open || c->irq.num != ev->u.irq.irq)
		return 0;
	c->irq.end_ts = m->now;
	c->irq_open = 0;
	return ioa_mdl_emit_io(m, &c->irq);
}

static const char *const softirq_names[] = {
	"HI",	    "TIMER",   "NET_TX", "NET_RX",  "BLOCK",
	"IRQ_POLL", "TASKLET", "SCHED",	 "HRTIMER", "RCU",
};

static int on_softirq_entry(struct ioa_model *m, const struct ioa_event *ev)
{
	struct cpu *c = &m->cpus[ev->cpu];
	int vec = ev->u.softirq.vec;

	if (c->sirq_open)
		ioa_mdl_emit_io(m, &c->sirq);
	ioa_mdl_io_init(&c->sirq, IOA_IO_SOFTIRQ, ev, m->now);
	if (vec >= 0 && (size_t)vec < IOA_ARRAY_SIZE(softirq_names))
		ioa_strlcpy(c->sirq.dev, softirq_names[vec], sizeof(c->sirq.dev));
	c->sirq.num = vec;
	c->sirq_open = 1;
	return m->err;
}

static int on_softirq_exit(struct ioa_model *m, const struct ioa_event *ev)
{
	struct cpu *c = &m->cpus[ev->cpu];

	if (!c->sirq_open || c->sirq.num != ev->u.softirq.vec)
		return 0;
	c->sirq.end_ts = m->now;
	c->sirq_open = 0;
	return ioa_mdl_emit_io(m, &c->sirq);
}

static int (*const handlers[IOA_EV__COUNT])(struct ioa_model *, const struct ioa_event *) = {
	[IOA_EV_OTHER] = on_other,
	[IOA_EV_SWITCH] = on_switch,
	[IOA_EV_WAKEUP] = on_wakeup,
	[IOA_EV_WAKEUP_NEW] = on_wakeup,
	[IOA_EV_WAKING] = on_waking,
	[IOA_EV_MIGRATE] = on_migrate,
	[IOA_EV_RENAME] = on_rename,
	[IOA_EV_KVM_ENTRY] = ioa_mdl_on_kvm_entry,
	[IOA_EV_KVM_EXIT] = ioa_mdl_on_kvm_exit,
	[IOA_EV_KVM_MMIO] = ioa_mdl_on_kvm_access,
	[IOA_EV_KVM_PIO] = ioa_mdl_on_kvm_access,
	[IOA_EV_KVM_UEXIT] = ioa_mdl_on_kvm_uexit,
	[IOA_EV_KVM_PF] = ioa_mdl_on_kvm_pf,
	[IOA_EV_KVM_IRQ] = ioa_mdl_on_kvm_irq,
	[IOA_EV_KVM_OTHER] = ioa_mdl_on_kvm_other,
	[IOA_EV_BLK_ISSUE] = on_blk_issue,
	[IOA_EV_BLK_COMPLETE] = on_blk_complete,
	[IOA_EV_NET_XMIT] = on_net,
	[IOA_EV_NET_RECV] = on_net,
	[IOA_EV_IRQ_ENTRY] = on_irq_entry,
	[IOA_EV_IRQ_EXIT] = on_irq_exit,
	[IOA_EV_SOFTIRQ_ENTRY] = on_softirq_entry,
	[IOA_EV_SOFTIRQ_EXIT] = on_softirq_exit,
	[IOA_EV_CO_SWITCH] = ioa_mdl_on_co_switch,
	[IOA_EV_CO_RESUME] = ioa_mdl_on_co_resume,
	[IOA_EV_CO_OTHER] = ioa_mdl_on_co_other,
};

/* ---- event counts ---------------------------------------------------------------------- */

static void count_name(struct ioa_model *m, const char *name)
{
	size_t slot = ((uintptr_t)name >> 3) & 63;
	struct ioa_hmap_it it;
	struct name_ent *e;
	uint32_t h;
	long i;

	if (m->pcache_ptr[slot] == name) {
		m->names[m->pcache_idx[slot] - 1].count++;
		return;
	}
	h = ioa_hash_str(name);
	for (i = ioa_hmap_first(&m->nhash, h, &it); i >= 0; i = ioa_hmap_next(&m->nhash, &it)) {
		e = &m->names[i];
		if (!strcmp(e->name, name)) {
			e->count++;
			m->pcache_ptr[slot] = name;
			m->pcache_idx[slot] = (uint32_t)i + 1;
			return;
		}
	}
	IOA_GROW(m->names, m->nr_names, m->alloc_names);
	e = &m->names[m->nr_names];
	e->name = ioa_xstrdup(name);
	e->count = 1;
	ioa_hmap_add(&m->nhash, h, (uint32_t)m->nr_names++);
}

/* ---- feeding ----------------------------------------------------------------------------- */

static struct cpu *cpu_get(struct ioa_model *m, int cpu)
{
	int n = m->nr_cpus;

	if (cpu >= n) {
		m->nr_cpus = cpu + 1;
		m->cpus = ioa_xrealloc(m->cpus, (size_t)m->nr_cpus * sizeof(*m->cpus));
		memset(m->cpus + n, 0, (size_t)(m->nr_cpus - n) * sizeof(*m->cpus));
		for (; n < m->nr_cpus; n++) {
			m->cpus[n].row.cpu = n;
			m->cpus[n].row.first_ts = m->cpus[n].row.last_ts = IOA_TS_NONE;
			m->cpus[n].cur = -1;
			m->cpus[n].co_root = -1;
		}
	}
	if (cpu > m->tot.max_cpu)
		m->tot.max_cpu = cpu;
	m->cpus[cpu].seen = 1;
	return &m->cpus[cpu];
}

/* set m->now from the event; 0 when the event goes too far back on its CPU to be modelled */
static int cpu_clock(struct ioa_model *m, struct cpu *c, uint64_t ts)
{
	if (c->row.first_ts == IOA_TS_NONE)
		c->row.first_ts = c->row.last_ts = ts;
	if (ts >= c->row.last_ts) {
		m->now = ts;
		return 1;
	}
	if (c->row.last_ts - ts > IOA_MODEL_SLACK_NS) {
		m->st.ooo_dropped++;
		return 0;
	}
	m->st.ooo_clamped++;
	m->now = c->row.last_ts;
	return 1;
}

static void count_event(struct ioa_model *m, const struct ioa_event *ev)
{
	count_name(m, ev->name ? ev->name : "(unnamed)");
	m->tot.events++;
	if (m->tot.first_ts == IOA_TS_NONE || ev->ts < m->tot.first_ts)
		m->tot.first_ts = ev->ts;
	if (m->tot.last_ts == IOA_TS_NONE || ev->ts > m->tot.last_ts)
		m->tot.last_ts = ev->ts;
}

static void context_note(struct ioa_model *m, const struct cpu *c, const struct ioa_event *ev)
{
	struct thread *t =
		ev->pid == c->cur && c->cur_t ? c->cur_t : ioa_mdl_thread_get(m, ev->pid);

	m->ctx = t;
	if (!t)
		return;
	thread_seen(t, m->now);
	ioa_mdl_thread_comm(t, ev->comm);
	if (ev->tgid >= 0)
		t->tgid = ev->tgid;
}

int ioa_model_feed(struct ioa_model *m, const struct ioa_event *ev)
{
	enum ioa_ev_kind kind = ev->kind;
	struct cpu *c;

	if (m->err)
		return m->err;
	if (m->finished)
		return IOA_EINTERNAL; /* a caller bug: the tables are already built */
	count_event(m, ev);
	if (ev->cpu < 0 || ev->cpu > IOA_MODEL_MAX_CPU) {
		m->st.bad_cpu++;
		return 0;
	}
	c = cpu_get(m, ev->cpu);
	c->row.events++;
	if (!cpu_clock(m, c, ev->ts))
		return 0;
	context_note(m, c, ev);
	if ((unsigned)kind >= IOA_EV__COUNT)
		kind = IOA_EV_OTHER;
	if (kind != IOA_EV_SWITCH)
		cpu_sync(m, c, ev->pid);
	handlers[kind](m, ev);
	c->row.last_ts = m->now;
	return m->err;
}

void ioa_model_lost(struct ioa_model *m, int cpu, uint64_t ts, uint64_t count)
{
	struct cpu *c;

	(void)ts;
	m->tot.lost += count;
	if (cpu < 0 || cpu > IOA_MODEL_MAX_CPU)
		return;
	c = cpu_get(m, cpu);
	c->row.lost += count;
	if (c->row.last_ts != IOA_TS_NONE)
		cpu_cut(m, c, c->row.last_ts);
}

void ioa_model_set_tgid(struct ioa_model *m, int tid, int tgid, const char *comm)
{
	struct thread *t = ioa_mdl_thread_find(m, tid);

	if (!t || tgid <= 0)
		return;
	t->tgid = tgid;
	if (!t->comm[0])
		ioa_mdl_thread_comm(t, comm);
}

void ioa_model_warn(struct ioa_model *m, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	IOA_GROW(m->warns, m->nr_warns, m->alloc_warns);
	m->warns[m->nr_warns++] = ioa_xstrdup(buf);
}

/* ---- lifecycle ------------------------------------------------------------------------- */

void ioa_model_add_vm(struct ioa_model *m, const struct ioa_vm_override *o)
{
	struct ioa_vm_override *c;

	m->ovr = ioa_xrealloc(m->ovr, (size_t)(m->nr_ovr + 1) * sizeof(*m->ovr));
	c = &m->ovr[m->nr_ovr++];
	*c = *o;
	c->nr_tids = o->nr_tids > 0 ? o->nr_tids : 0;
	c->tids = ioa_xcalloc((size_t)c->nr_tids + 1, sizeof(int));
	if (c->nr_tids)
		memcpy(c->tids, o->tids, (size_t)c->nr_tids * sizeof(int));
}

static void copy_overrides(struct ioa_model *m, const struct ioa_model_opts *opts)
{
	int i;

	for (i = 0; opts && opts->vms && i < opts->nr_vms; i++)
		ioa_model_add_vm(m, &opts->vms[i]);
}

struct ioa_model *ioa_model_new(const struct ioa_row_sink *sink, const struct ioa_model_opts *opts)
{
	struct ioa_model *m = ioa_xcalloc(1, sizeof(*m));

	if (sink)
		m->sink = *sink;
	copy_overrides(m, opts);
	m->tot.first_ts = m->tot.last_ts = IOA_TS_NONE;
	m->tot.max_cpu = -1;
	return m;
}

void ioa_model_free(struct ioa_model *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->nr_thr; i++)
		free(ioa_mdl_thread_at(m, i)->kvm);
	for (i = 0; i < m->nr_chunks; i++)
		free(m->chunks[i]);
	for (i = 0; i < m->nr_names; i++)
		free(m->names[i].name);
	for (i = 0; i < m->nr_warns; i++)
		free(m->warns[i]);
	for (i = 0; i < (size_t)m->nr_ovr; i++)
		free(m->ovr[i].tids);
	free(m->ovr);
	free(m->chunks);
	ioa_hmap_release(&m->thash);
	free(m->cpus);
	free(m->blk);
	ioa_hmap_release(&m->blk_map);
	free(m->names);
	ioa_hmap_release(&m->nhash);
	free(m->warns);
	free(m->thr_rows);
	free(m->cpu_rows);
	free(m->vm_rows);
	free(m->vcpu_rows);
	free(m->count_rows);
	free(m);
}

/* ---- finish: close what is still open ------------------------------------------------- */

static void finish_cpus(struct ioa_model *m)
{
	int i;

	for (i = 0; i < m->nr_cpus; i++) {
		struct cpu *c = &m->cpus[i];

		if (!c->seen || c->row.last_ts == IOA_TS_NONE)
			continue;
		m->now = c->row.last_ts;
		cpu_cut(m, c, c->row.last_ts);
		if (c->irq_open)
			ioa_mdl_emit_io(m, &c->irq);
		if (c->sirq_open)
			ioa_mdl_emit_io(m, &c->sirq);
		c->irq_open = c->sirq_open = 0;
	}
}

static void finish_threads(struct ioa_model *m)
{
	size_t i;

	for (i = 0; i < m->nr_thr; i++) {
		struct thread *t = ioa_mdl_thread_at(m, i);

		if (t->seg.cpu >= 0) /* not reachable while cpu->cur is kept in step */
			ioa_mdl_seg_close(m, t, t->last_ts, "", 1);
		if (t->kvm) {
			ioa_mdl_held_flush(m, t->kvm, &t->kvm->open);
			ioa_mdl_held_flush(m, t->kvm, &t->kvm->pend);
		}
	}
}

static void finish_blk(struct ioa_model *m)
{
	size_t i;

	for (i = 0; i < m->blk_nr; i++)
		ioa_mdl_emit_io(m, &m->blk[i].r);
}

/* ---- finish: tables and warnings ---------------------------------------------------------- */

static void build_cpu_rows(struct ioa_model *m)
{
	int i;

	m->cpu_rows = ioa_xcalloc((size_t)m->nr_cpus + 1, sizeof(*m->cpu_rows));
	for (i = 0; i < m->nr_cpus; i++)
		if (m->cpus[i].seen)
			m->cpu_rows[m->nr_cpu_rows++] = m->cpus[i].row;
}

static int count_cmp(const void *a, const void *b)
{
	return strcmp(((const struct ioa_event_count *)a)->name,
		      ((const struct ioa_event_count *)b)->name);
}

static void build_count_rows(struct ioa_model *m)
{
	size_t i;

	m->count_rows = ioa_xcalloc(m->nr_names + 1, sizeof(*m->count_rows));
	for (i = 0; i < m->nr_names; i++) {
		m->count_rows[i].name = m->names[i].name;
		m->count_rows[i].count = m->names[i].count;
	}
	qsort(m->count_rows, m->nr_names, sizeof(*m->count_rows), count_cmp);
}

static void finish_warnings(struct ioa_model *m)
{
	const struct stats *s = &m->st;

	ioa_mdl_co_warnings(m);
	if (s->mismatch && !(s->co_events && !s->co_switch))
		ioa_model_warn(m,
			       "%llu times the running thread of a cpu was not the one its last "
			       "%s named (lost events?): segments cut, marked partial",
			       (unsigned long long)s->mismatch,
			       s->co_switch ? "sched_switch or cobalt_switch_context"
					    : "sched_switch");
	if (s->ooo_clamped || s->ooo_dropped)
		ioa_model_warn(m,
			       "%llu events went back in time on their cpu: %llu by less than "
			       "1 ms were clamped, %llu were counted but not modelled",
			       (unsigned long long)(s->ooo_clamped + s->ooo_dropped),
			       (unsigned long long)s->ooo_clamped,
			       (unsigned long long)s->ooo_dropped);
	if (s->dup_switch)
		ioa_model_warn(m, "%llu duplicate sched_switch events ignored",
			       (unsigned long long)s->dup_switch);
	if (s->blk_orphan)
		ioa_model_warn(m, "%llu block_rq_complete without a block_rq_issue ignored",
			       (unsigned long long)s->blk_orphan);
	if (s->bad_cpu)
		ioa_model_warn(m, "%llu events with an invalid cpu number counted but not modelled",
			       (unsigned long long)s->bad_cpu);
	if (m->nr_vcpu_rows && !m->tot.has_kvm_exit && m->tot.exits)
		ioa_model_warn(m, "no kvm_exit/kvm_entry events: exits come from "
				  "kvm_userspace_exit/kvm_pio/kvm_mmio, guest time unknown");
	else if (m->nr_vcpu_rows && !m->tot.has_kvm_exit)
		ioa_model_warn(m,
			       "no kvm events from the vCPU threads: they were found by their "
			       "names (an emulated guest such as QEMU TCG, or kvm tracepoints not "
			       "enabled); there is no exit evidence");
}

int ioa_model_finish(struct ioa_model *m)
{
	if (m->finished)
		return m->err;
	m->finished = 1;
	finish_cpus(m);
	finish_threads(m);
	finish_blk(m);
	ioa_mdl_finish_names(m);
	ioa_mdl_group_vcpus(m);
	ioa_mdl_build_thread_rows(m);
	build_cpu_rows(m);
	build_count_rows(m);
	finish_warnings(m);
	return m->err;
}

/* ---- results ------------------------------------------------------------------------------- */

size_t ioa_model_threads(const struct ioa_model *m, const struct ioa_thread_row **out)
{
	*out = m->thr_rows;
	return m->nr_thr_rows;
}

size_t ioa_model_cpus(const struct ioa_model *m, const struct ioa_cpu_row **out)
{
	*out = m->cpu_rows;
	return m->nr_cpu_rows;
}

size_t ioa_model_vms(const struct ioa_model *m, const struct ioa_vm_row **out)
{
	*out = m->vm_rows;
	return m->nr_vm_rows;
}

size_t ioa_model_vcpus(const struct ioa_model *m, const struct ioa_vcpu_row **out)
{
	*out = m->vcpu_rows;
	return m->nr_vcpu_rows;
}

size_t ioa_model_counts(const struct ioa_model *m, const struct ioa_event_count **out)
{
	*out = m->count_rows;
	return m->count_rows ? m->nr_names : 0;
}

size_t ioa_model_warnings(const struct ioa_model *m, const char *const **out)
{
	*out = (const char *const *)m->warns;
	return m->nr_warns;
}

void ioa_model_totals(const struct ioa_model *m, struct ioa_model_totals *out)
{
	*out = m->tot;
}
